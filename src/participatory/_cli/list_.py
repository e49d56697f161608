"""``participatory list KIND``: the ids and names of one kind of record."""

import argparse
import json
import sys
from typing import Any

from .._kinds import kinds
from . import EXIT_OK
from ._load import add_catalogue_option, catalogue_from_args
from ._term import fit_table


def listable() -> dict[str, str]:
    """Return what can be listed: each declared kind's plural, and the kind it names."""
    return {k.plural: k.name for k in kinds()}


def add_parser(sub: "argparse._SubParsersAction[Any]") -> None:
    """Register the ``list`` sub-command."""
    p = sub.add_parser(
        "list",
        help="list the ids and names of stages, stakeholders, techniques, ...",
        description=(
            "Print the id and name of every record of one kind, in catalogue order "
            "(stages in research-cycle order). The table fits the terminal width."
        ),
    )
    plurals = list(listable())
    p.add_argument("kind", choices=plurals, metavar="KIND", help=f"one of: {', '.join(plurals)}")
    p.add_argument("--format", "-f", choices=("table", "json"), default="table", help="output format")
    add_catalogue_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the list."""
    records = catalogue_from_args(args).of_kind(listable()[args.kind])
    rows = [[rid, rec.name] for rid, rec in records.items()]
    if args.format == "json":
        json.dump([{"id": i, "name": n} for i, n in rows], sys.stdout, indent=2, ensure_ascii=False)
        print()
    elif rows:
        print(fit_table(["id", "name"], rows))
    else:
        print(f"No {args.kind} in these catalogues.", file=sys.stderr)
    return EXIT_OK
