"""``participatory new-catalogue NAME [DIR]``: write a package that publishes a catalogue."""

import argparse
import sys
from pathlib import Path
from typing import Any

from . import EXIT_OK


def add_parser(sub: "argparse._SubParsersAction[Any]") -> None:
    """Register the ``new-catalogue`` sub-command."""
    p = sub.add_parser(
        "new-catalogue",
        help="write an installable package that publishes a catalogue",
        description=(
            "Write a complete Python package publishing catalogue NAME through the "
            "participatory.catalogues entry point: pyproject.toml (hatchling), a catalogue "
            "extending core with an example technique, resource and case, a README and a "
            "test. DIR (default ./participatory-NAME) must be new or empty."
        ),
    )
    p.add_argument("name", metavar="NAME", help="the catalogue's name (lowercase letters, digits, hyphens)")
    p.add_argument("directory", nargs="?", metavar="DIR", help="where to write the package")
    p.add_argument("--title", help="the catalogue's title (one line)")
    p.add_argument("--force", action="store_true", help="write into DIR even if it is not empty")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the package and say what to do next."""
    from .._errors import CatalogueError
    from .._registry import current_registry
    from .._template import names_for, write

    dist, module = names_for(args.name)
    if args.name in {row.name for row in current_registry().catalogues()}:
        msg = (
            f"{args.name!r} is the name of an installed catalogue; a second one by that name would never load"
        )
        raise CatalogueError(msg)
    directory = Path(args.directory) if args.directory else Path(dist)
    files = write(args.name, directory, title=args.title, overwrite=args.force)
    for path in files:
        print(path)
    print(
        f"\nNext:\n  cd {directory}\n  pip install -e . pytest\n"
        f"  participatory validate src/{module}/catalogue\n  pytest\n"
        "Then edit the TOML files under src/{module}/catalogue/ and see docs/plugins.md to publish.".replace(
            "{module}", module
        ),
        file=sys.stderr,
    )
    return EXIT_OK
