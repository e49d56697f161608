"""Record translations through gettext ``.po`` files, for translators' tools (Poedit, Weblate).

:func:`export_po` writes every translatable text of a catalogue as a ``.po`` catalogue for
one language: each message's context names the record and field (``design|summary``; an item
of a list field ``photovoice|strengths|0``; a facet value ``level:inform|name``), its
``msgid`` is the English, its ``msgstr`` the translation already made, and an extracted
comment keeps the digest of the English (``#. source: 0072e6b93494``). A machine or stale
translation is marked *fuzzy*. :func:`import_po` reads such a file back into an overlay
document (``translations/<language>.toml``), listing every problem with its line.

Needs Babel (``pip install "participatory[i18n]"``).
"""

import io
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._errors import CatalogueError, Problem, TranslationError
from ._translations import (
    LANGUAGE_TAG,
    Overlay,
    digest,
    overlay_from_document,
    overlay_problems,
    value_sources,
)

if TYPE_CHECKING:
    from ._catalogue import Catalogue

__all__ = ["export_po", "import_po", "merge_overlay"]

_SOURCE: Final = re.compile(r"source: ([0-9a-f]{12})")
_CONTEXT: Final = re.compile(r"(?P<id>[^|]+)\|(?P<field>[a-z_]+)(?:\|(?P<index>\d{1,6}))?")


def _babel() -> Any:
    try:
        from babel.messages import catalog, pofile
    except ImportError:
        msg = 'reading and writing .po files needs Babel: pip install "participatory[i18n]"'
        raise CatalogueError(msg) from None
    return catalog, pofile


def _texts(catalogue: "Catalogue") -> list[tuple[str, str, str | tuple[str, ...]]]:
    """Every translatable English text: ``(id, field, text)``, records first, then facet values."""
    from ._kinds import kind_of

    found: list[tuple[str, str, str | tuple[str, ...]]] = [
        (rec.id, field, getattr(rec, field))
        for rec in catalogue.values()
        for field in kind_of(rec).translatable
        if getattr(rec, field)
    ]
    found += [
        (key, field, text)
        for key, fields in value_sources(catalogue.values()).items()
        for field, text in fields.items()
    ]
    return found


def _locale(language: str) -> str | None:
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(language, sep="-"))
    except (UnknownLocaleError, ValueError):
        return None


def export_po(catalogue: "Catalogue", language: str, overlays: list[Overlay]) -> bytes:
    """Return a ``.po`` file of every translatable text of ``catalogue`` (as written, English).

    Translations already in ``overlays`` fill ``msgstr``; machine-made or stale ones are fuzzy.
    """
    babel_catalog, pofile = _babel()
    entries = {rid: fields for overlay in overlays for rid, fields in overlay.entries.items()}
    po = babel_catalog.Catalog(
        locale=_locale(language),
        project=f"participatory catalogue {catalogue.info.name}",
        version=catalogue.info.version or "-",
        header_comment=(
            f"# Translations of the records of the catalogue {catalogue.info.name!r} into {language}.\n"
            "# Made by `participatory i18n export`; read back with `participatory i18n import`.\n"
            "# Each message's context is record|field; keep the '#. source:' comments."
        ),
        fuzzy=False,
    )
    for rid, field, english in _texts(catalogue):
        source = digest(english)
        entry = entries.get(rid, {}).get(field)
        fuzzy = entry is not None and (entry.machine or entry.source != source)
        flags = ("fuzzy",) if fuzzy else ()
        if isinstance(english, str):
            done = entry.text if entry is not None and isinstance(entry.text, str) else ""
            po.add(english, done, context=f"{rid}|{field}", auto_comments=[f"source: {source}"], flags=flags)
            continue
        same = entry is not None and not isinstance(entry.text, str) and len(entry.text) == len(english)
        for i, item in enumerate(english):
            done = entry.text[i] if same and entry is not None else ""
            po.add(item, done, context=f"{rid}|{field}|{i}", auto_comments=[f"source: {source}"], flags=flags)
    out = io.BytesIO()
    pofile.write_po(out, po, width=0, include_lineno=False)
    return out.getvalue()


def _language(po: Any, label: str) -> str:
    locale = po.locale
    if locale is None:
        msg = f"{label}: the file names no language (its Language header); give --lang"
        raise TranslationError([Problem(file=label, field="Language", message=msg)], headline=msg)
    return "-".join(filter(None, (locale.language, locale.territory)))


def import_po(
    data: bytes, label: str, catalogue: "Catalogue", language: str | None = None
) -> tuple[str, dict[str, dict[str, dict[str, Any]]]]:
    """Read a ``.po`` file made by :func:`export_po` into an overlay document for its language.

    Only translated messages are taken; a fuzzy one becomes ``machine = true``.

    Returns
    -------
    (language, document)
        The language (``language``, else the file's ``Language`` header) and the overlay
        tables, by record id, to merge into ``translations/<language>.toml``.

    Raises
    ------
    TranslationError
        Listing every problem, each located by line (``file:line``), record and field: a
        broken file, a context naming no record or field, a missing digest, a list
        translated only in part. Nothing is written.
    """
    _, pofile = _babel()
    try:
        po = pofile.read_po(io.BytesIO(data), abort_invalid=True, charset="utf-8")
    except pofile.PoFileError as e:
        problem = Problem(file=f"{label}:{e.lineno}", message=f"not a valid .po file: {e.args[0]}")
        raise TranslationError([problem]) from None
    except (UnicodeDecodeError, ValueError) as e:
        raise TranslationError([Problem(file=label, message=f"not a valid .po file: {e}")]) from None
    language = language or _language(po, label)
    if not LANGUAGE_TAG.fullmatch(language):
        problem = Problem(file=label, field="Language", message=f"{language!r} is not a language tag")
        raise TranslationError([problem])
    problems: list[Problem] = []
    where: dict[tuple[str, str], str] = {}
    texts: dict[tuple[str, str], dict[int | None, str]] = {}
    found: dict[tuple[str, str], tuple[str, bool]] = {}
    for message in po:
        if not message.id or not message.string:
            continue  # the header, or not translated yet
        at = f"{label}:{message.lineno}"
        match = _CONTEXT.fullmatch(message.context or "")
        if match is None or isinstance(message.string, tuple):
            why = "plural forms are not used for records" if match else "context is not record|field"
            problems.append(Problem(file=at, record=message.context or "-", message=why))
            continue
        key = (match["id"], match["field"])
        where.setdefault(key, at)
        source = next((m[1] for c in message.auto_comments if (m := _SOURCE.fullmatch(c))), None)
        if source is None:
            problems.append(Problem(file=at, record=key[0], field=key[1], message="no '#. source:' comment"))
            continue
        index = int(match["index"]) if match["index"] is not None else None
        texts.setdefault(key, {})[index] = message.string
        machine = "fuzzy" in message.flags or found.get(key, ("", False))[1]
        found[key] = (source, machine)
    document: dict[str, dict[str, dict[str, Any]]] = {}
    english = {(rid, field): text for rid, field, text in _texts(catalogue)}
    for key, items in texts.items():
        source, machine = found[key]
        text: Any = items.get(None)
        if text is None:
            wanted = english.get(key)
            count = len(wanted) if isinstance(wanted, tuple) else max(k for k in items if k is not None) + 1
            if set(items) != set(range(count)):
                problems.append(
                    Problem(
                        file=where[key],
                        record=key[0],
                        field=key[1],
                        message="a list is translated item by item: translate every item or none",
                    )
                )
                continue
            text = [items[i] for i in range(count)]
        entry: dict[str, Any] = {"text": text, "source": source}
        if machine:
            entry["machine"] = True
        document.setdefault(key[0], {})[key[1]] = entry
    overlay = overlay_from_document(document, label, language)
    first = {rid: at for (rid, _), at in reversed(where.items())}
    for p in overlay_problems(overlay, catalogue):
        if p.severity == "error":
            at = where.get((p.record, p.field)) or first.get(p.record, label)
            problems.append(attrs.evolve(p, file=at))
    if problems:
        raise TranslationError(problems)
    return language, document


def merge_overlay(existing: str, document: Mapping[str, Mapping[str, Any]], label: str) -> str:
    """Return the text of an overlay file: ``existing`` (its header comment kept) updated by ``document``."""
    import tomllib

    from ._io import toml_dumps

    header = []
    for line in existing.splitlines():
        if not line.startswith("#") and line.strip():
            break
        header.append(line)
    try:
        tables: dict[str, Any] = tomllib.loads(existing) if existing else {}
    except tomllib.TOMLDecodeError as e:
        problem = Problem(file=label, message=f"cannot update it: not valid TOML ({e})")
        raise TranslationError([problem]) from None
    for rid, fields in document.items():
        tables.setdefault(rid, {}).update(fields)
    head = "\n".join(header).strip("\n")
    return (head + "\n\n" if head else "") + toml_dumps(tables)
