"""``participatory i18n``: translations of a catalogue's records (coverage; .po files for translators)."""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .._catalogue import Catalogue
from .._errors import CatalogueNotFoundError
from .._schema import is_slug
from . import EXIT_OK

#: What each column of ``i18n status`` counts.
COLUMNS = ("translated", "machine", "stale", "missing")


def add_parser(sub: "argparse._SubParsersAction[Any]") -> None:
    """Register the ``i18n`` sub-command and its own sub-commands."""
    p = sub.add_parser(
        "i18n",
        help="translations of a catalogue's records: coverage by kind",
        description=(
            "Work with the translations of a catalogue's records (translations/<language>.toml "
            "beside the catalogue; see docs/translating.md). Messages of the command line stay "
            "in English."
        ),
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    status = actions.add_parser(
        "status",
        help="how much of each kind of record is translated",
        description=(
            "Print, per language and per kind of record, how many translatable fields are "
            "translated (checked), machine (unchecked machine translation), stale (the English "
            "changed since) or missing (shown in English). Exit 0, 2 for a usage error."
        ),
    )
    status.add_argument(
        "catalogue",
        nargs="?",
        default="core",
        metavar="CATALOGUE",
        help="a catalogue directory or an installed catalogue's name (default: core)",
    )
    status.add_argument("--lang", metavar="LANG", help="one language (default: every translations/ file)")
    status.add_argument("--format", "-f", choices=("table", "json"), default="table", help="output format")
    status.set_defaults(func=run_status)


def _root(ref: str) -> tuple[str, Path | Any]:
    """Return a catalogue's label and the directory holding its ``translations/`` folder."""
    from .._registry import current_registry

    if not Path(ref).exists() and is_slug(ref):
        root = current_registry().translation_root(ref)
        if root is None:
            msg = f"{ref}: not an installed catalogue kept in a directory (give its directory)"
            raise CatalogueNotFoundError(msg)
        return ref, root
    if not Path(ref).is_dir():
        msg = f"{ref}: not a catalogue directory (translations live in its translations/ folder)"
        raise CatalogueNotFoundError(msg)
    return ref, Path(ref)


def _languages(root: Any, lang: str | None) -> list[str]:
    from .._io import translation_files

    if lang is not None:
        return [lang]
    return [language for language, _, _ in translation_files(root, str(root))]


def run_status(args: argparse.Namespace) -> int:
    """Print the coverage of each language's translations, by kind."""
    from .._registry import current_registry
    from .._translations import coverage

    label, root = _root(args.catalogue)
    report: dict[str, dict[str, dict[str, int]]] = {}
    for language in _languages(root, args.lang):
        if Path(args.catalogue).exists():
            cat = Catalogue.from_path(root, language=language)
        else:
            cat = current_registry().load(args.catalogue, language=language)
        report[language] = coverage(cat)
    if args.format == "json":
        json.dump({"catalogue": label, "languages": report}, sys.stdout, indent=2)
        print()
        return EXIT_OK
    if not report:
        print(f"{label}: no translations yet (add translations/<language>.toml)", file=sys.stderr)
    for language, kinds in report.items():
        print(f"{language}: {label}")
        print(f"  {'kind':<14}" + "".join(f"{c:>12}" for c in COLUMNS))
        for kind, row in kinds.items():
            print(f"  {kind:<14}" + "".join(f"{row[c]:>12}" for c in COLUMNS))
    return EXIT_OK
