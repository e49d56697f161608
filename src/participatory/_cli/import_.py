"""``participatory import participedia FILE [FILE ...] --output DIR``: import other databases."""

import argparse
import json
import sys
from typing import Any

from .._errors import CatalogueNotFoundError
from . import EXIT_OK, EXIT_USAGE


def add_parser(sub: "argparse._SubParsersAction[Any]") -> None:
    """Register the ``import`` sub-command and its sources."""
    p = sub.add_parser(
        "import",
        help="turn another database's export into a catalogue",
        description="Turn another database's export into a catalogue you can merge with core.",
    )
    sources = p.add_subparsers(dest="source", metavar="SOURCE", parser_class=type(p), required=True)
    pp = sources.add_parser(
        "participedia",
        help="Participedia's exports: methods, cases, organisations (CC BY-NC-SA 3.0)",
        description=(
            "Write a catalogue named 'participedia' (extends core) from CSV files downloaded from "
            "participedia.net (methods, cases, organisations: each file recognised by its type "
            "column) and the JSON of its search: a technique per method, a case per case, an "
            "organisation per organisation, with the links between them as references. Print "
            "what was read, written, renamed, linked, skipped and not recognised; a link to a "
            "record not imported is kept as a tag and listed. The content is licensed CC BY-NC-SA 3.0: "
            "keep the attribution, use it non-commercially, share derivatives alike, and do not "
            "ship it inside a package. Exit 0 when written, 1 for bad input (nothing is written), "
            "2 for a usage error."
        ),
    )
    pp.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="CSV or JSON files downloaded from Participedia, in any order",
    )
    pp.add_argument(
        "--output",
        "-o",
        required=True,
        metavar="DIR",
        help="directory (or .toml/.json file) to write the catalogue to",
    )
    pp.add_argument(
        "--stages",
        metavar="MAP.toml",
        help="TOML/JSON file mapping a method's title or Participedia id to stage ids",
    )
    pp.add_argument("--force", action="store_true", help="replace the output if it exists")
    pp.add_argument("--format", choices=("text", "json"), default="text", help="summary format")
    pp.set_defaults(func=run_participedia)


def run_participedia(args: argparse.Namespace) -> int:
    """Import Participedia exports and print the summary."""
    from .._participedia import import_participedia

    try:
        summary = import_participedia(args.files, args.output, stage_map=args.stages, force=args.force)
    except CatalogueNotFoundError as e:
        print(f"participatory: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "json":
        json.dump(summary.to_dict(), sys.stdout, indent=2)
        print()
    else:
        print(summary)
    return EXIT_OK
