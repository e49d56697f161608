"""``participatory list KIND``: the ids and names of one kind of record."""

import argparse
import json
import sys
from typing import Any

from .._model import KINDS as RECORD_KINDS
from . import EXIT_OK
from ._load import add_catalogue_option, catalogue_from_args
from ._term import fit_table

#: What can be listed: the plural names of :class:`~participatory.Catalogue`'s mappings.
KINDS = tuple(f"{kind}s" for kind in RECORD_KINDS)


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
    p.add_argument("kind", choices=KINDS, metavar="KIND", help=f"one of: {', '.join(KINDS)}")
    p.add_argument("--format", "-f", choices=("table", "json"), default="table", help="output format")
    add_catalogue_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the list."""
    records = getattr(catalogue_from_args(args), args.kind)
    rows = [[rid, rec.name] for rid, rec in records.items()]
    if args.format == "json":
        json.dump([{"id": i, "name": n} for i, n in rows], sys.stdout, indent=2, ensure_ascii=False)
        print()
    elif rows:
        print(fit_table(["id", "name"], rows))
    else:
        print(f"No {args.kind} in these catalogues.", file=sys.stderr)
    return EXIT_OK
