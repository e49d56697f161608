"""Extract the website's own words into the message catalogue, and update each language.

Usage: ``python tools/extract_messages.py`` reads the templates and the Python code (the
map in ``babel.cfg``; keywords ``_``, ``ngettext``, ``N_`` and ``Np_``), writes
``src/participatory/_html/locale/messages.pot`` and brings every
``locale/<lang>/LC_MESSAGES/messages.po`` up to date with it (new words get an empty
translation, words no longer used are dropped, translations are kept). ``--check`` exits 1
when the ``.pot`` or a ``.po`` is out of date (a test runs that). Files are rewritten only
when their messages change, so the dates in their headers move only then.
"""

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "src" / "participatory" / "_html" / "locale"
POT = LOCALE / "messages.pot"
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "Np_": (1, 2)}
HEADER = """\
# The website's own words (menus, headings, buttons, forms) of participatory.
# Made by tools/extract_messages.py from the templates and the code: do not edit by hand.
#"""


def _searched(path: str) -> bool:
    name = Path(path).name
    return not name.startswith(".") and name not in {"__pycache__", "node_modules"}


def extract() -> Catalog:
    """Return the catalogue of every marked message, its files named (no line numbers)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    catalog = Catalog(project="participatory", header_comment=HEADER, fuzzy=False)
    for filename, _lineno, message, comments, context in extract_from_dir(
        ROOT,
        method_map,
        options_map,
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        directory_filter=_searched,  # Babel's default skips folders starting "_" (_html)
    ):
        catalog.add(message, None, [(filename, None)], auto_comments=comments, context=context)
    return catalog


def _key(catalog: Catalog) -> list[tuple[object, ...]]:
    """What a catalogue says, apart from its header's dates."""

    def string(m: object) -> object:
        text = getattr(m, "string", None)
        return tuple(text) if isinstance(text, list | tuple) else (text or "")

    rows = sorted(
        (
            str(m.id),
            str(m.context),
            string(m),
            sorted(m.flags),
            sorted(set(m.locations)),
            list(m.auto_comments),
        )
        for m in catalog
        if m.id
    )
    return [*rows, (catalog.plural_forms,)]


def _text(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, include_lineno=False, sort_output=True)
    return buffer.getvalue()


def _read(path: Path, locale: str | None = None) -> Catalog | None:
    if not path.exists():
        return None
    with path.open("rb") as f:
        return read_po(f, locale=locale)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a catalogue is out of date")
    args = parser.parse_args(argv)
    template = extract()
    stale: list[Path] = []
    old = _read(POT)
    if old is None or _key(old) != _key(template):
        stale.append(POT)
        if not args.check:
            LOCALE.mkdir(parents=True, exist_ok=True)
            POT.write_bytes(_text(template))
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/messages.po")):
        with po.open("rb") as f:
            catalog = read_po(f, locale=po.parent.parent.name)
        before = _key(catalog)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        for message in list(catalog.obsolete):
            del catalog.obsolete[message]
        if _key(catalog) != before:
            stale.append(po)
            if not args.check:
                po.write_bytes(_text(catalog))
    for path in stale:
        verb = "is out of date: run python tools/extract_messages.py" if args.check else "written"
        print(f"{path.relative_to(ROOT)} {verb}", file=sys.stderr)
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
