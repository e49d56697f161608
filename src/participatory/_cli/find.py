"""``participatory find``: the techniques that suit a stage, people, a level and constraints."""

import argparse
import csv
import json
import sys
from typing import Any

from .._enums import _OrderedEnum as OrderedEnum
from .._errors import CatalogueError
from .._io import csv_safe
from .._kinds import Facet, facets
from . import EXIT_OK, EXIT_USAGE
from ._load import ListOf, add_catalogue_option, catalogue_from_args, non_empty, positive
from ._term import fit_table

#: The table's columns to leave out when the terminal is too narrow for all of them, the
#: least useful first: the score only ranks (the rows are already in order), how it is
#: run and its size and cost matter less than the stages and levels asked for.
LEAST_USEFUL = ("score", "modes", "group size", "cost", "levels", "stages")


def add_parser(sub: "argparse._SubParsersAction[Any]") -> None:
    """Register the ``find`` sub-command."""
    p = sub.add_parser(
        "find",
        help="find techniques by stage, stakeholder, level and constraints",
        description=(
            "Print the techniques that match every option given, best fit first. Options that "
            "take a list accept several values (repeat the option or separate with commas), "
            "meaning 'any of'. Exit 0 (also when nothing matches), 1 when a catalogue cannot be "
            "loaded, 2 for a usage error such as an unknown stage (the message suggests one)."
        ),
    )
    for f in facets("technique"):
        _add_facet_option(p, f)
    p.add_argument("--text", "-t", metavar="WORDS", help="words in its name, summary, tags or purposes")
    p.add_argument("--limit", type=positive, metavar="N", help="print at most N techniques")
    p.add_argument("--format", "-f", choices=("table", "json", "csv"), default="table", help="output format")
    add_catalogue_option(p)
    p.set_defaults(func=run)


def _add_facet_option(p: argparse.ArgumentParser, f: Facet) -> None:
    """Add the option of one declared facet (``--stage``, ``--offered-in``, ``--internet``)."""
    names = [f.cli, *([f.short] if f.short else [])]
    shared: dict[str, Any] = {"dest": f.name, "help": f.help or f.label}
    if f.values is bool:
        p.add_argument(*names, action=argparse.BooleanOptionalAction, default=None, **shared)
        return
    shared["metavar"] = f.metavar or f.name.upper()
    if isinstance(f.values, type) and issubclass(f.values, OrderedEnum):  # a mistyped word: did you mean
        words = tuple(str(m.value) for m in f.values)
        if f.many:
            p.add_argument(
                *names, action="append", default=None, type=non_empty, choices=ListOf(words), **shared
            )
        else:
            p.add_argument(*names, choices=words, **shared)
    elif f.match == "fits":
        p.add_argument(*names, type=int if f.bounds else positive, **shared)
    elif f.many:
        p.add_argument(*names, action="append", default=None, type=non_empty, **shared)
    else:
        p.add_argument(*names, type=non_empty, **shared)


def _split(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def query(args: argparse.Namespace) -> dict[str, Any]:
    """Return the keyword arguments of :meth:`TechniqueGraph.techniques` the options ask for."""
    found: dict[str, Any] = {}
    for f in facets("technique"):
        value = getattr(args, f.name, None)
        if f.many and f.values is not bool and f.match != "fits":
            value = _split(value)
            if f.true_means_any and value == ["any"]:
                value = True
        found[f.name] = value
    found["text"] = args.text
    found["limit"] = args.limit
    return {k: v for k, v in found.items() if v is not None}


def _cell(value: object) -> object:
    return csv_safe("; ".join(str(v) for v in value) if isinstance(value, list) else value)


def run(args: argparse.Namespace) -> int:
    """Run the query and print the techniques found."""
    graph = catalogue_from_args(args).graph()
    asked = query(args)
    try:
        results = graph.techniques(**asked)
    except CatalogueError as e:
        print(f"participatory find: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "json":
        json.dump(
            {"query": asked, "count": len(results), "techniques": results.to_records()}, sys.stdout, indent=2
        )
        print()
    elif args.format == "csv":
        records = results.to_records()
        writer = csv.DictWriter(sys.stdout, fieldnames=list(results.record_columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: _cell(v) for k, v in r.items()} for r in records)
    elif results:
        print(f"{results.title} ({len(results)})" if results.title else f"({len(results)} rows)")
        # The cells as the library shows them (a level range, a group size such as 6-12).
        print(fit_table(results.columns, results._display_rows(None), drop=LEAST_USEFUL))
    else:
        print("No technique matches every condition; try fewer options or a lower --level.", file=sys.stderr)
    return EXIT_OK
