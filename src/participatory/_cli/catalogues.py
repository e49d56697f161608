"""``participatory catalogues``: list the installed catalogues and their status."""

import argparse
import json
import sys
import warnings
from typing import Any

from .._errors import CatalogueError
from . import EXIT_OK, EXIT_PROBLEMS


def add_parser(sub: "argparse._SubParsersAction[Any]") -> None:
    """Register the ``catalogues`` sub-command."""
    p = sub.add_parser(
        "catalogues",
        help="list the installed catalogues with their status",
        description=(
            "List every catalogue participatory can load: built-in, registered, and installed "
            "plugins (entry-point group participatory.catalogues), with origin, version, status "
            "and the error of any that failed. Each is loaded to check it, unless --no-load. "
            "Exit 0 when all load, 1 when any failed."
        ),
    )
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.add_argument(
        "--no-load", action="store_true", help="only list what is installed (reads metadata, imports nothing)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the status table."""
    from .._registry import current_registry

    registry = current_registry()
    error = ""
    if not args.no_load:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # failures are shown in the table instead
            try:
                registry.load()
            except CatalogueError as e:
                error = str(e)
    rows = registry.catalogues()
    failed = bool(error) or any(row.status == "failed" for row in rows)
    if args.format == "json":
        json.dump(
            {"catalogues": [row.to_dict() for row in rows], "error": error or None}, sys.stdout, indent=2
        )
        print()
    else:
        print(repr(rows))
        if error:
            print(f"participatory: error: {error}", file=sys.stderr)
    return EXIT_PROBLEMS if failed else EXIT_OK
