"""``participatory readability PATH_OR_TEXT``: how easy text, or a catalogue's public text, is to read."""

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .._catalogue import Catalogue
from .._errors import CatalogueError, CatalogueNotFoundError
from .._io import is_catalogue_file, read_file
from .._readability import KINDS, CatalogueReadability, ReadabilityReport, readability, readability_of
from .._schema import is_slug
from . import EXIT_OK, EXIT_PROBLEMS
from ._load import bounded, catalogue_from_refs
from ._term import fit_table

#: The largest text read from a file or standard input (10 MiB: a long report).
MAX_TEXT = 10 * 1024 * 1024
_MAX_GRADE = 100.0


def grade(text: str) -> float:
    """Parse a grade option: a number from 0 to 100 (a usage error otherwise)."""
    return bounded(text, float, 0.0, _MAX_GRADE, "a number")


def add_parser(sub: "argparse._SubParsersAction[Any]") -> None:
    """Register the ``readability`` sub-command."""
    p = sub.add_parser(
        "readability",
        help="how easy text is to read: grade, long sentences, passive voice, jargon",
        description=(
            "Report the Flesch-Kincaid grade, sentence length, long words, passive voice and "
            "jargon (with plainer words) of a text, offline. PATH_OR_TEXT is the text itself, "
            "a text file, '-' for standard input, or a catalogue (an installed catalogue's "
            "name, a catalogue file or directory): then each record's public text (its plain "
            f"summary, else its summary) of {', '.join(KINDS)} is measured, with the median "
            "and highest grade per kind. Exit 0, 1 when a grade is over --max-grade (or a "
            "kind's median over --max-median), 2 for a usage error."
        ),
    )
    p.add_argument("source", metavar="PATH_OR_TEXT", help="text, a text file, '-', or a catalogue")
    p.add_argument("--format", "-f", choices=("table", "json"), default="table", help="output format")
    p.add_argument(
        "--max-grade", type=grade, metavar="N", help="exit 1 when a text's (or any record's) grade is over N"
    )
    p.add_argument(
        "--max-median", type=grade, metavar="N", help="exit 1 when a kind of record's median grade is over N"
    )
    p.set_defaults(func=run)


def _text_file(path: str) -> str:
    data, problem = read_file(path, path, limit=MAX_TEXT)
    if problem is not None or data is None:
        raise CatalogueError(str(problem))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise CatalogueError(f"{path}: is not UTF-8 text (byte {e.start})") from None


def _is(test: "Callable[[], bool]") -> bool:
    try:
        return test()
    except (OSError, ValueError):  # a name too long for a path, a NUL: text, not a file
        return False


def measure(source: str) -> ReadabilityReport | CatalogueReadability:
    """Measure what ``source`` names: standard input, a text file, a catalogue, or the text itself."""
    if source == "-":
        return readability(sys.stdin.read(MAX_TEXT + 1)[:MAX_TEXT])
    path = Path(source)
    if _is(path.is_dir) or (_is(path.is_file) and is_catalogue_file(path.name)):
        return readability_of(catalogue_from_refs([source]))
    if _is(path.exists):
        return readability(_text_file(source))
    if is_slug(source):
        try:
            cat: Catalogue = catalogue_from_refs([source])
        except CatalogueNotFoundError:
            pass  # a word that is not a catalogue's name: measure it as text
        else:
            return readability_of(cat)
    return readability(source)


def run(args: argparse.Namespace) -> int:
    """Print the report; exit 1 over the thresholds."""
    report = measure(args.source)
    if isinstance(report, ReadabilityReport):
        over = args.max_grade is not None and report.grade > args.max_grade
        if args.format == "json":
            json.dump(report.to_dict(), sys.stdout, indent=2, ensure_ascii=False)
            print()
        else:
            print(report)
        if over:
            print(f"grade {report.grade:.1f} is over {args.max_grade:g}", file=sys.stderr)
        return EXIT_PROBLEMS if over else EXIT_OK
    return _run_catalogue(report, args)


def _run_catalogue(report: CatalogueReadability, args: argparse.Namespace) -> int:
    over = report.over(args.max_grade) if args.max_grade is not None else ()
    medians = [k for k in report.kinds if args.max_median is not None and k.median > args.max_median]
    if args.format == "json":
        json.dump(report.to_dict(), sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        columns, rows = report.table()
        print(fit_table(columns, rows) if rows else "No record has text to measure.")
        listed = over or report.over(-1e9)[:10]
        if listed:
            title = f"Over grade {args.max_grade:g}" if over else "Hardest to read"
            print(f"\n{title}:")
            print(
                fit_table(
                    ["kind", "id", "grade", "words/sentence", "text from"],
                    [
                        [r.kind, r.id, f"{r.report.grade:.1f}", f"{r.report.words_per_sentence:.1f}", r.field]
                        for r in listed
                    ],
                )
            )
    for k in medians:
        print(f"{k.kind}: median grade {k.median:.1f} is over {args.max_median:g}", file=sys.stderr)
    if over:
        print(f"{len(over)} record(s) over grade {args.max_grade:g}", file=sys.stderr)
    return EXIT_PROBLEMS if over or medians else EXIT_OK
