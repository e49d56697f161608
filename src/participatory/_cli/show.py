"""``participatory show ID``: one record, with the records linked to it."""

import argparse
import json
import sys
from typing import Any

from .._convert import unstructure
from .._errors import UnknownIdError
from .._html._text import record_text
from .._kinds import NODE_KINDS
from . import EXIT_OK, EXIT_USAGE
from ._load import add_catalogue_option, catalogue_from_args


def add_parser(sub: "argparse._SubParsersAction[Any]") -> None:
    """Register the ``show`` sub-command."""
    p = sub.add_parser(
        "show",
        help="print one record and what it links to",
        description=(
            "Print the record with this id, where it comes from, and the records linked to it "
            "in the technique graph. Exit 2 when no record has the id (the message suggests one)."
        ),
    )
    p.add_argument("id", metavar="ID", help="a record id, such as photovoice")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text", help="output format")
    add_catalogue_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the record and its links."""
    cat = catalogue_from_args(args)
    try:
        rec = cat[args.id]
    except UnknownIdError as e:
        print(f"participatory show: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    graph = cat.graph()
    links = graph.links(rec.id) if rec.record_kind in NODE_KINDS else {}
    roll = graph.outcomes(rec.id) if rec.record_kind == "technique" else None
    origin = cat.origin(rec.id)
    if args.format == "json":
        doc = {
            "kind": rec.record_kind,
            "record": unstructure(rec),
            "origin": str(origin),
            "links": {k: list(v) for k, v in links.items()},
        }
        if roll is not None:
            doc["outcomes"] = {
                "cases": roll.cases,
                "evaluated": roll.evaluated,
                "changes": dict(roll.changes),
                "outcomes": list(roll.outcomes),
            }
        json.dump(doc, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return EXIT_OK
    print(record_text(rec))
    print(f"  from: {origin}")
    if roll is not None:
        print(f"  in use: {str(roll).partition(': ')[2]}")
    if links:
        print("Links:")
        for relation, ids in links.items():
            names = ", ".join(f"{cat[i].name} ({i})" for i in ids)
            print(f"  {relation}: {names}")
    return EXIT_OK
