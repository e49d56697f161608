"""``participatory usage``: which techniques are used, and by whom, from cases and organisations."""

import argparse
import csv
import json
import sys
from typing import Any

from .._errors import UnknownIdError
from .._io import csv_safe
from .._usage import USAGE_KEYS
from . import EXIT_OK, EXIT_USAGE
from ._load import add_catalogue_option, catalogue_from_args
from ._term import fit_table


def add_parser(sub: "argparse._SubParsersAction[Any]") -> None:
    """Register the ``usage`` sub-command."""
    p = sub.add_parser(
        "usage",
        help="which techniques are used, and by whom (counted from cases and organisations)",
        description=(
            "Count, for each technique, the distinct cases and organisations that use it, grouped "
            "by the organisations' sector or country, the stakeholders, the stage, the organisation "
            "or the case's year; those that state none are counted under 'not stated', so every "
            "user is in a group. A technique linked by same_as to another is reported under its own "
            "id, with its equivalents listed. Exit 0, or 2 for an unknown technique."
        ),
    )
    p.add_argument("--by", choices=USAGE_KEYS, default="sector", help="what to group by (default: sector)")
    p.add_argument("--technique", metavar="ID", help="only this technique (and its same_as equivalents)")
    p.add_argument("--format", "-f", choices=("table", "json", "csv"), default="table", help="output format")
    add_catalogue_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the counts."""
    graph = catalogue_from_args(args).graph()
    try:
        rows = graph.usage(by=args.by, technique=args.technique).to_records()
    except UnknownIdError as e:
        print(f"participatory usage: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "json":
        out = [
            {
                "technique": r["technique"],
                "by": args.by,
                "group": r[args.by],
                "cases": r["cases"],
                "organisations": r["organisations"],
                "same_as": r["same_as"],
            }
            for r in rows
        ]
        json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
        print()
    elif args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["technique", args.by, "cases", "organisations", "same_as"])
        for r in rows:
            cells = [r["technique"], r[args.by], r["cases"], r["organisations"], "; ".join(r["same_as"])]
            writer.writerow([csv_safe(c) for c in cells])  # a country can be any text: no formulas
    elif rows:
        cells = [
            [
                str(r["technique"]),
                str(r[args.by]),
                str(r["cases"]),
                str(r["organisations"]),
                ", ".join(r["same_as"]),
            ]
            for r in rows
        ]
        print(fit_table(["technique", args.by, "cases", "organisations", "same as"], cells))
    else:
        print("No case or organisation in these catalogues uses a technique.", file=sys.stderr)
    return EXIT_OK
