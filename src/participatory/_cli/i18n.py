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

_CATALOGUE = "a catalogue directory or an installed catalogue's name (default: core)"

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
    status.add_argument("catalogue", nargs="?", default="core", metavar="NAME_OR_PATH", help=_CATALOGUE)
    status.add_argument("--lang", metavar="LANG", help="one language (default: every translations/ file)")
    status.add_argument("--format", "-f", choices=("table", "json"), default="table", help="output format")
    status.set_defaults(func=run_status)
    export = actions.add_parser(
        "export",
        help="write a catalogue's translatable text as a .po file for translators",
        description=(
            "Write every translatable text of a catalogue as a gettext .po file for one "
            "language (for Poedit or Weblate), with the translations already made; machine "
            "and stale ones are marked fuzzy. Needs participatory[i18n]."
        ),
    )
    export.add_argument("--po", required=True, metavar="LANG", help="the language (cy)")
    export.add_argument("catalogue", nargs="?", default="core", metavar="NAME_OR_PATH", help=_CATALOGUE)
    export.add_argument("--output", "-o", metavar="FILE", help="write here (default: standard output)")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")
    export.set_defaults(func=run_export)
    imp = actions.add_parser(
        "import",
        help="read a translated .po file into the catalogue's translations/<lang>.toml",
        description=(
            "Read a .po file made by 'i18n export' and translated, and write its translations "
            "into the catalogue's translations/<lang>.toml (other entries kept). Every problem "
            "is listed with its line; nothing is written if there is one. Exit 0, 1 for "
            "problems, 2 for a usage error. Needs participatory[i18n]."
        ),
    )
    imp.add_argument("file", metavar="FILE", help="the translated .po file")
    imp.add_argument("catalogue", nargs="?", default="core", metavar="NAME_OR_PATH", help=_CATALOGUE)
    imp.add_argument("--lang", metavar="LANG", help="the language (default: the file's Language header)")
    imp.set_defaults(func=run_import)


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


def _english(ref: str, root: Any) -> Catalogue:
    from .._registry import current_registry

    return Catalogue.from_path(root) if Path(ref).exists() else current_registry().load(ref)


def run_export(args: argparse.Namespace) -> int:
    """Write the .po file of one language."""
    from .._io import atomic_write, check_output
    from .._po import export_po
    from .._translations import overlays_of

    _, root = _root(args.catalogue)
    data = export_po(_english(args.catalogue, root), args.po, overlays_of(root, args.po))
    if args.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return EXIT_OK
    output = check_output(args.output, overwrite=args.force)
    atomic_write(output, data.decode("utf-8"))
    print(f"wrote {output}", file=sys.stderr)
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    """Merge a translated .po file into the catalogue's overlay of its language."""
    from .._io import TRANSLATIONS, atomic_write, read_file
    from .._po import import_po, merge_overlay

    _, root = _root(args.catalogue)
    data, problem = read_file(Path(args.file), args.file)
    if data is None:
        raise CatalogueNotFoundError(problem.message if problem is not None else args.file)
    language, document = import_po(data, args.file, _english(args.catalogue, root), args.lang)
    target = Path(str(root)) / TRANSLATIONS / f"{language}.toml"
    existing = target.read_text(encoding="utf-8") if target.is_file() else ""
    target.parent.mkdir(exist_ok=True)
    atomic_write(target, merge_overlay(existing, document, str(target)))
    count = sum(len(fields) for fields in document.values())
    print(f"wrote {count} translated field{'s' if count != 1 else ''} to {target}", file=sys.stderr)
    return EXIT_OK
