"""``participatory schema catalogue|plan``: print the JSON Schema of catalogue or plan files."""

import argparse
import json
import sys
from typing import Any

from . import EXIT_OK


def add_parser(sub: "argparse._SubParsersAction[Any]") -> None:
    """Register the ``schema`` sub-command."""
    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of catalogue or plan files",
        description=(
            "Print the JSON Schema (2020-12) of one catalogue file or of a plan file, generated "
            "from the model. Editors (VS Code, Even Better TOML) use it to complete and check "
            "fields; see docs/schema.md."
        ),
    )
    p.add_argument("which", choices=("catalogue", "plan"), metavar="catalogue|plan", help="which schema")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the schema."""
    from .._jsonschema import schema

    json.dump(schema(args.which), sys.stdout, indent=2, ensure_ascii=False)
    print()
    return EXIT_OK
