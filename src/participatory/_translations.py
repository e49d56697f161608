"""Translations of records: per-language overlay files beside a catalogue.

A catalogue directory may hold ``translations/<language>.toml`` (``translations/cy.toml``).
Each file has one table per record id, holding only the fields the record's kind declares
translatable (:attr:`Kind.translatable <participatory.kinds.Kind>`); each field is an inline
table::

    [design]
    name = { text = "Dylunio", source = "5b1f0c2e9a7d", machine = true }

``text`` is the translation (a list for a list field), ``source`` the :func:`digest` of the
English text it was made from, ``machine = true`` marks an unchecked machine translation.
A value of a declared facet (a depth level) is translated under ``"<facet>:<value>"``
(``["level:inform"]``, field ``name``), with the value's English words as its source: one
mechanism for records and controlled vocabularies.

This module reads overlays into located problems (an unknown id or an untranslatable field
is an error, a translation of changed English text a warning) and applies them to records,
with English kept wherever no usable translation exists, and says field by field which.
"""

import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, cast

import attrs

from . import _io
from ._errors import InvalidFieldError, Problem, TranslationError
from ._kinds import facets, kind_of
from ._model import Record
from ._schema import did_you_mean

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from ._catalogue import Catalogue

__all__ = [
    "LANGUAGE_TAG",
    "OPEN_VALUES",
    "Overlay",
    "Status",
    "Translated",
    "TranslationError",
    "apply_overlays",
    "check_language",
    "check_translations",
    "coverage",
    "digest",
    "in_language",
    "overlay_from_document",
    "overlay_problems",
    "overlays_of",
    "read_overlays",
    "value_sources",
    "without_machine",
]

#: A language tag as overlay files are named (BCP 47, simplified): ``cy``, ``pt-BR``.
LANGUAGE_TAG: Final = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")

#: What a translatable field shows in a language: a checked translation, an unchecked
#: machine translation, a translation of English text that has changed since, or English
#: (no translation).
Status = Literal["translated", "machine", "stale", "missing"]

Text = str | tuple[str, ...]

_ENTRY_KEYS: Final = frozenset({"text", "source", "machine"})


def digest(text: Text) -> str:
    """Return the digest of English text a translation records (12 hex digits of its SHA-256).

    A list field's items are joined by newlines first.

    >>> digest("Design")
    '0072e6b93494'
    """
    joined = text if isinstance(text, str) else "\n".join(text)
    return hashlib.sha256(joined.encode()).hexdigest()[:12]


@attrs.frozen(kw_only=True)
class Entry:
    """One translated field: its text, the digest of its source, whether machine-made."""

    text: Text
    source: str
    machine: bool = False


@attrs.frozen(kw_only=True)
class Overlay:
    """One language's translations of one catalogue, as read from one file.

    Attributes
    ----------
    language : str
        The language tag (the file's name without ``.toml``).
    file : str
        The file's label, for problems.
    entries : mapping of id to (mapping of field to Entry)
        The usable translations.
    problems : tuple of Problem
        What was wrong with the file's shape (wrong types, unknown keys).
    """

    language: str
    file: str
    entries: Mapping[str, Mapping[str, Entry]]
    problems: tuple[Problem, ...] = ()


def _describe(value: object) -> str:
    from ._convert import describe

    return describe(value)


def _entry(value: object, label: str, rid: str, field: str, problems: list[Problem]) -> Entry | None:
    def bad(message: str) -> None:
        problems.append(Problem(file=label, record=rid, field=field, message=message))

    if not isinstance(value, dict):
        bad(f"expected a table {{ text = ..., source = ... }}, got {_describe(value)}")
        return None
    ok = True
    for key in value:
        if key not in _ENTRY_KEYS:
            bad(f"unknown key {key!r}{did_you_mean(str(key), sorted(_ENTRY_KEYS))}")
            ok = False
    text = value.get("text")
    if isinstance(text, list) and all(isinstance(t, str) for t in text):
        text = tuple(text)
    if not isinstance(text, str | tuple) or not text:
        bad(f"'text' must be text (or a list of texts for a list field), got {_describe(text)}")
        ok = False
    source = value.get("source")
    if not isinstance(source, str) or not re.fullmatch(r"[0-9a-f]{12}", source):
        bad(f"'source' must be the 12-digit digest of the English text, got {_describe(source)}")
        ok = False
    machine = value.get("machine", False)
    if not isinstance(machine, bool):
        bad(f"'machine' must be true or false, got {_describe(machine)}")
        ok = False
    if not ok:
        return None
    return Entry(text=cast("Text", text), source=cast("str", source), machine=machine)


def overlay_from_document(document: object, label: str, language: str) -> Overlay:
    """Read a parsed overlay document; every shape problem is located, nothing is raised."""
    problems: list[Problem] = []
    entries: dict[str, dict[str, Entry]] = {}
    if not isinstance(document, dict):
        problems.append(Problem(file=label, message=f"expected a table, got {_describe(document)}"))
        return Overlay(language=language, file=label, entries={}, problems=tuple(problems))
    for rid, fields in document.items():
        if not isinstance(fields, dict):
            problems.append(
                Problem(
                    file=label,
                    record=str(rid),
                    message=f"expected a table of translated fields ([{rid}]), got {_describe(fields)}",
                )
            )
            continue
        for field, value in fields.items():
            entry = _entry(value, label, str(rid), str(field), problems)
            if entry is not None:
                entries.setdefault(str(rid), {})[str(field)] = entry
    return Overlay(language=language, file=label, entries=entries, problems=tuple(problems))


#: Fields whose values are slugs from an open list (any record may add one), each shown in
#: words and translated as a value under ``"<name>:<slug>"``: by field, the name.
OPEN_VALUES: Final = {
    "purposes": "purpose",  # what a technique is for (the finder's "purpose" filter)
    "underserved": "underserved",  # under-served groups a technique or a case reached
    "topics": "topic",  # an answer's topics
    "changes": "change",  # the kinds of change a case story brought about
}


def value_sources(records: Iterable[Record] = ()) -> dict[str, dict[str, str]]:
    """Return the English words of every facet value, by ``"<facet>:<value>"``, field ``name``.

    Facets whose values are an ordered enum (depth levels, costs, formats) have words of
    their own to translate; so do the values of open facets (what a technique is for, the
    under-served groups it reaches) that ``records`` hold, in words (``"purpose:co-design"``:
    ``Co-design``; see :data:`OPEN_VALUES`). Record-valued facets (stages, people) translate
    as records.
    """
    from enum import Enum

    from ._words import ENUM_WORDS, FORMAT_WORDS, LEVEL_WORDS, STRENGTH_WORDS, words

    tables: dict[type, Mapping[Any, str]] = dict(ENUM_WORDS)
    for enum_words in (LEVEL_WORDS, FORMAT_WORDS, STRENGTH_WORDS):
        tables[type(next(iter(enum_words)))] = enum_words
    found: dict[str, dict[str, str]] = {}
    for f in facets():
        values = f.values
        if isinstance(values, type) and issubclass(values, Enum):
            known = tables.get(values, {})
            for member in values:
                found[f"{f.name}:{member.value}"] = {"name": known.get(member, words(member.value))}
    for rec in records:
        for field, name in OPEN_VALUES.items():
            for value in getattr(rec, field, ()):
                found.setdefault(f"{name}:{value}", {"name": words(value)})
    return found


def _sources(records: Mapping[str, Record]) -> dict[str, tuple[str, dict[str, Text]]]:
    """Every translatable text: ``{id: (kind, {field: English text})}``, values included."""
    found: dict[str, tuple[str, dict[str, Text]]] = {}
    for rid, rec in records.items():
        kind = kind_of(rec)
        found[rid] = (kind.name, {f: getattr(rec, f) for f in kind.translatable})
    for key, fields in value_sources(records.values()).items():
        found[key] = ("value", dict(fields))
    return found


def overlay_problems(overlay: Overlay, records: Mapping[str, Record]) -> list[Problem]:
    """Check an overlay against the records it translates.

    Errors: an unknown id, a field its kind does not declare translatable, a list given for
    a text field or the reverse. Warnings: a translation whose English source has changed.
    """
    problems = list(overlay.problems)
    sources = _sources(records)
    label = overlay.file
    for rid, fields in overlay.entries.items():
        known = sources.get(rid)
        if known is None:
            hint = did_you_mean(rid, list(sources))
            problems.append(Problem(file=label, record=rid, message=f"no record with this id{hint}"))
            continue
        kind, texts = known
        for field, entry in fields.items():
            if field not in texts:
                allowed = ", ".join(texts) or "none"
                problems.append(
                    Problem(
                        file=label,
                        record=rid,
                        field=field,
                        message=f"not a translatable field of a {kind} (translatable: {allowed})",
                    )
                )
                continue
            english = texts[field]
            if isinstance(english, str) != isinstance(entry.text, str):
                want = "text" if isinstance(english, str) else "a list of texts"
                problems.append(Problem(file=label, record=rid, field=field, message=f"expected {want}"))
                continue
            if digest(english) != entry.source:
                problems.append(
                    Problem(
                        file=label,
                        record=rid,
                        field=field,
                        message="the English text has changed since this was translated (stale)",
                        severity="warning",
                    )
                )
    return problems


@attrs.frozen(kw_only=True)
class Translated:
    """Records shown in one language, and what each translatable field shows.

    Attributes
    ----------
    language : str
    records : tuple of Record
        The records, with translated fields replaced.
    status : mapping of id to (mapping of field to Status)
        For every record (and declared facet value) with English text in a translatable field.
    values : mapping of str to str
        The translated names of facet values, by ``"<facet>:<value>"``.
    """

    language: str
    records: tuple[Record, ...]
    status: Mapping[str, Mapping[str, Status]]
    values: Mapping[str, str]


def apply_overlays(records: Iterable[Record], overlays: Iterable[Overlay], language: str) -> Translated:
    """Show ``records`` in ``language``: translated fields replaced, English kept elsewhere.

    Raises
    ------
    TranslationError
        If an overlay has errors (warnings, such as stale translations, do not raise).
    """
    by_id = {r.id: r for r in records}
    entries: dict[str, dict[str, Entry]] = {}
    problems: list[Problem] = []
    for overlay in overlays:
        problems += [p for p in overlay_problems(overlay, by_id) if p.severity == "error"]
        for rid, fields in overlay.entries.items():
            entries.setdefault(rid, {}).update(fields)
    if problems:
        raise TranslationError(problems, headline=f"{len(problems)} problems in translations")
    status: dict[str, dict[str, Status]] = {}
    values: dict[str, str] = {}
    out: list[Record] = []
    for rid, (_kind, texts) in _sources(by_id).items():
        changes: dict[str, Text] = {}
        marks: dict[str, Status] = {}
        for field, english in texts.items():
            if not english:
                continue
            entry = entries.get(rid, {}).get(field)
            if entry is None:
                marks[field] = "missing"
                continue
            changes[field] = entry.text
            marks[field] = (
                "stale" if digest(english) != entry.source else "machine" if entry.machine else "translated"
            )
        if marks:
            status[rid] = marks
        if rid in by_id:
            out.append(attrs.evolve(by_id[rid], **cast("dict[str, Any]", changes)) if changes else by_id[rid])
        elif "name" in changes:
            values[rid] = str(changes["name"])
    return Translated(language=language, records=tuple(out), status=status, values=values)


def read_overlays(
    root: "str | os.PathLike[str] | Traversable", language: str | None = None
) -> list[tuple[str, Overlay | None, list[Problem]]]:
    """Read the overlay files of the catalogue directory ``root`` (one language, or all).

    Returns ``(language, overlay or None, problems)`` for each file, in name order; a file that
    cannot be read or parsed gives ``None`` and its located problem.
    """
    from ._loader import read_document

    found: list[tuple[str, Overlay | None, list[Problem]]] = []
    path = Path(root) if isinstance(root, str | os.PathLike) else root
    name = os.fspath(root) if isinstance(root, str | os.PathLike) else str(root)
    for lang, label, source in _io.translation_files(path, name):
        if language is not None and lang != language:
            continue
        doc, problems = read_document(source, label)
        if doc is None:
            found.append((lang, None, problems))
            continue
        found.append((lang, overlay_from_document(doc, label, lang), problems))
    return found


def check_translations(
    root: "str | os.PathLike[str] | Traversable", records: Mapping[str, Record]
) -> list[Problem]:
    """Check every overlay beside the catalogue directory ``root`` against its ``records``.

    Every problem of every language at once: unreadable files, files not named by a language
    tag, wrong shapes, unknown ids and untranslatable fields (errors), stale translations
    (warnings).
    """
    problems: list[Problem] = []
    for lang, overlay, found in read_overlays(root):
        problems += found
        if not LANGUAGE_TAG.fullmatch(lang):
            label = overlay.file if overlay is not None else (found[0].file if found else lang)
            message = f"{lang!r} is not a language tag: name the file like cy.toml or pt-BR.toml"
            problems.append(Problem(file=label, message=message))
        if overlay is not None:
            problems += overlay_problems(overlay, records)
    return problems


def check_language(language: object) -> None:
    """Raise :class:`InvalidFieldError` unless ``language`` is a language tag (``cy``, ``pt-BR``)."""
    if not isinstance(language, str) or not LANGUAGE_TAG.fullmatch(language):
        msg = f"{language!r} is not a language tag (such as 'cy' or 'pt-BR')"
        raise InvalidFieldError("Catalogue", "language", msg)


def overlays_of(path: "str | os.PathLike[str] | Traversable", language: str) -> list[Overlay]:
    """Read the overlays of ``language`` beside the catalogue at ``path`` (none for a file).

    Raises
    ------
    InvalidFieldError
        If ``language`` is not a language tag.
    TranslationError
        If an overlay file cannot be read or parsed.
    """
    check_language(language)
    if isinstance(path, str | os.PathLike) and not Path(path).is_dir():
        return []
    found = read_overlays(path, language)
    problems = [p for _, _, found_problems in found for p in found_problems]
    if problems:
        raise TranslationError(problems)
    return [overlay for _, overlay, _ in found if overlay is not None]


def in_language(
    catalogue: "Catalogue", roots: "Iterable[str | os.PathLike[str] | Traversable | None]", language: str
) -> "Catalogue":
    """Return ``catalogue`` shown in ``language``, from the overlays in each of ``roots`` (``None``: none).

    Raises
    ------
    InvalidFieldError
        If ``language`` is not a language tag.
    TranslationError
        If an overlay cannot be read or has errors (stale translations are not errors).
    """
    check_language(language)
    overlays = [o for root in roots if root is not None for o in overlays_of(root, language)]
    return _shown(catalogue, apply_overlays(catalogue.values(), overlays, language))


def _shown(catalogue: "Catalogue", translated: Translated) -> "Catalogue":
    out = type(catalogue)(
        translated.records,
        info=catalogue.info,
        origins=catalogue._origins,
        members=catalogue.members,
        _checked=True,
    )
    out._translation = translated
    out._info_file = catalogue._info_file
    return out


def without_machine(catalogue: "Catalogue", english: "Catalogue") -> "Catalogue":
    """Return ``catalogue`` (shown in a language) with its machine translations back in English.

    Every field whose translation is marked ``machine`` shows the text of the same record in
    ``english`` instead, and says ``"missing"`` (English, not yet translated); so does a
    facet value's machine-translated name.
    """
    shown = catalogue._translation
    if shown is None:
        return catalogue
    status = {rid: dict(fields) for rid, fields in shown.status.items()}
    records = []
    for rec in shown.records:
        machine = [f for f, said in status.get(rec.id, {}).items() if said == "machine"]
        if machine and rec.id in english:
            source = english[rec.id]
            rec = attrs.evolve(rec, **{f: getattr(source, f) for f in machine})  # noqa: PLW2901
            status[rec.id].update(dict.fromkeys(machine, "missing"))
        records.append(rec)
    values = dict(shown.values)
    for key in list(values):
        if status.get(key, {}).get("name") == "machine":
            del values[key]
            status[key]["name"] = "missing"
    return _shown(catalogue, attrs.evolve(shown, records=tuple(records), status=status, values=values))


def coverage(catalogue: "Catalogue") -> dict[str, dict[str, int]]:
    """Count a catalogue's translatable fields by kind and :data:`Status` (``{"stage": {"machine": 30}}``).

    Only fields with English text count; declared facet values count under ``"value"``.
    """
    counts: dict[str, dict[str, int]] = {}
    for rid in [*catalogue, *value_sources(catalogue.values())]:
        kind = catalogue[rid].record_kind if ":" not in rid else "value"
        for status in catalogue.translation(rid).values():
            row = counts.setdefault(kind, dict.fromkeys(("translated", "machine", "stale", "missing"), 0))
            row[status] += 1
    return counts
