"""``participatory find``: the techniques that suit a stage, people, a level and constraints."""

import argparse
import csv
import enum
import json
import sys
from typing import Any

from .._errors import CatalogueError
from .._io import csv_safe
from .._model import Cost, Form, Format, Level, Mode, Skill, Timescale
from . import EXIT_OK, EXIT_USAGE
from ._load import ListOf, add_catalogue_option, catalogue_from_args, non_empty, positive
from ._term import fit_table

#: The table's columns to leave out when the terminal is too narrow for all of them, the
#: least useful first: the score only ranks (the rows are already in order), how it is
#: run and its size and cost matter less than the stages and levels asked for.
LEAST_USEFUL = ("score", "modes", "group size", "cost", "levels", "stages")


def _values(cls: type[enum.Enum]) -> tuple[str, ...]:
    return tuple(str(m.value) for m in cls)


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
    many = {"action": "append", "default": None, "type": non_empty}
    p.add_argument("--stage", "-s", metavar="STAGE", help="stage id, name, alias or crosswalk term", **many)
    p.add_argument("--stakeholder", "-p", metavar="WHO", help="stakeholder id, name or alias", **many)
    p.add_argument(
        "--level", "-l", choices=_values(Level), metavar="LEVEL", help="reaches at least: inform ... empower"
    )
    p.add_argument(
        "--mode",
        "-m",
        choices=ListOf(_values(Mode)),
        metavar="MODE",
        help="in-person, online or hybrid",
        **many,
    )
    p.add_argument(
        "--cost", choices=_values(Cost), metavar="BAND", help="costs at most: low, medium, high or very-high"
    )
    p.add_argument("--group-size", type=positive, metavar="N", help="N people fit its typical group size")
    p.add_argument("--purpose", metavar="PURPOSE", help="what it is for (a slug)", **many)
    p.add_argument(
        "--underserved", metavar="GROUP", help="an under-served group it reaches ('any' for any)", **many
    )
    p.add_argument(
        "--form", choices=ListOf(_values(Form)), metavar="FORM", help="approach, method or tool", **many
    )
    p.add_argument(
        "--facilitation",
        choices=_values(Skill),
        metavar="SKILL",
        help="needs at most: none, some or specialist",
    )
    p.add_argument(
        "--internet",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="--no-internet: taking part needs no internet access; --internet: it does",
    )
    p.add_argument(
        "--offered-in",
        choices=ListOf(_values(Format)),
        metavar="FORMAT",
        help="offered in every format given: easy-read, audio, large-print, braille, bsl, translated, "
        "welsh, interpreted",
        **many,
    )
    p.add_argument("--age", type=int, metavar="YEARS", help="suits someone of this age (0 to 120)")
    p.add_argument(
        "--contributor-time",
        choices=_values(Timescale),
        metavar="SPAN",
        help="asks at most: hours ... years of a contributor",
    )
    p.add_argument(
        "--lead-time",
        choices=_values(Timescale),
        metavar="SPAN",
        help="takes at most this long to prepare: hours ... years",
    )
    p.add_argument("--text", "-t", metavar="WORDS", help="words in its name, summary, tags or purposes")
    p.add_argument("--limit", type=positive, metavar="N", help="print at most N techniques")
    p.add_argument("--format", "-f", choices=("table", "json", "csv"), default="table", help="output format")
    add_catalogue_option(p)
    p.set_defaults(func=run)


def _split(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def query(args: argparse.Namespace) -> dict[str, Any]:
    """Return the keyword arguments of :meth:`TechniqueGraph.techniques` the options ask for."""
    underserved: Any = _split(args.underserved)
    if underserved == ["any"]:
        underserved = True
    found = {
        "stage": _split(args.stage),
        "stakeholder": _split(args.stakeholder),
        "level": args.level,
        "mode": _split(args.mode),
        "cost": args.cost,
        "group_size": args.group_size,
        "purpose": _split(args.purpose),
        "underserved": underserved,
        "text": args.text,
        "limit": args.limit,
        "form": _split(args.form),
        "facilitation": args.facilitation,
        "internet": args.internet,
        "formats": _split(args.offered_in),
        "age": args.age,
        "contributor_time": args.contributor_time,
        "lead_time": args.lead_time,
    }
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
