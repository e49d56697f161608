"""Field checks of single records: what a value must be, whatever else is loaded.

Checks that need other records (references) are the catalogue's; these need only the
record, so the loader, the catalogue and the importers share them. This is the gate:
a record that passes can be shown, exported and written by every command, so every
value is checked here, however the record was made (a file, an importer, Python):
its type, whole numbers within :data:`MIN_INT` to :data:`MAX_INT`, and text without
control characters or lone surrogates.
"""

import enum
import functools
import re
import types
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Union, get_args, get_origin

import attrs

from ._community import EXPENSES, PAYMENT_UNITS, Answer, Opportunity
from ._kinds import KINDS_BY_CLASS, REFERENCES, generation
from ._model import (
    ESTIMABLE,
    AgeRange,
    Case,
    CatalogueInfo,
    Checklist,
    ChecklistItem,
    Crosswalk,
    GroupSize,
    Organisation,
    Record,
    Resource,
    Source,
    Technique,
)
from ._schema import MAX_AGE, SLUG, describe, did_you_mean, slug_problem

__all__ = [
    "BIDI_CONTROLS",
    "INT_BOUNDS",
    "MAX_ID_LENGTH",
    "MAX_INT",
    "MIN_INT",
    "NON_EMPTY",
    "URL_SCHEMES",
    "bidi_problem",
    "id_problem",
    "info_problems",
    "name_problem",
    "record_problems",
    "slug_list_problems",
    "text_problem",
    "url_problem",
    "value_problems",
    "year_problem",
]

MIN_YEAR, MAX_YEAR = 1500, 2100
#: The smallest number of people in a group.
MIN_GROUP_SIZE = 1
#: The schemes a web address may have (:func:`url_problem`).
URL_SCHEMES = ("http", "https")
#: The bounds the checks below hold whole-number fields to, ``(class, field): (least, most)``
#: (``None``: no upper bound); the JSON Schema is generated from this table.
INT_BOUNDS: dict[tuple[type, str], tuple[int, int | None]] = {
    (GroupSize, "min"): (MIN_GROUP_SIZE, None),
    (GroupSize, "max"): (MIN_GROUP_SIZE, None),
    (AgeRange, "min"): (0, MAX_AGE),
    (AgeRange, "max"): (0, MAX_AGE),
    **{(cls, "year"): (MIN_YEAR, MAX_YEAR) for cls in (Source, Resource, Case)},
}
#: The text fields the checks below refuse empty (or blank), ``(class, field)``.
NON_EMPTY: frozenset[tuple[type, str]] = frozenset(
    {(Record, "name"), (ChecklistItem, "name"), (Source, "title")}
)
#: The range of every whole number in a record (orders, years, group sizes).
MIN_INT, MAX_INT = -1_000_000_000, 1_000_000_000
#: Characters no text may hold: C0 controls but tab and newline (a carriage return too: it
#: breaks CSV rows; TOML turns CRLF line ends into newlines); DEL and the C1 controls; lone
#: surrogates; U+FFFE and U+FFFF. XML cannot carry them, terminals act on them, and UTF-8
#: cannot encode a lone surrogate.
_WHAT = {"Cc": "a control character", "Cs": "a lone surrogate"}
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


#: The longest id (a record's, a checklist item's): it names a web page folder, a file in
#: some exports and a node everywhere, and file systems refuse names over 255 bytes.
MAX_ID_LENGTH = 100
#: Bidirectional controls (marks, embeddings, overrides, isolates): in a name they reverse
#: or reorder the text shown after it (a page's title, a terminal line), so names refuse them.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")


def id_problem(value: str) -> str | None:
    """Return why ``value`` cannot be an id (the slug rule, at most :data:`MAX_ID_LENGTH` characters).

    >>> id_problem("photovoice") is None, id_problem("a" * 101)
    (True, 'is 101 characters long; an id has at most 100')
    """
    if len(value) > MAX_ID_LENGTH:
        return f"is {len(value)} characters long; an id has at most {MAX_ID_LENGTH}"
    return slug_problem(value)


def name_problem(name: str) -> str | None:
    """Return why ``name`` cannot be a name: empty, or holding a bidirectional control.

    (Control characters are refused in every text, by :func:`text_problem`.)

    >>> name_problem("Photovoice") is None, name_problem("abc\u202edef")
    (True, 'contains U+202E (a bidirectional control) at position 3; remove it')
    """
    if not name.strip():
        return "must not be empty"
    return bidi_problem(name)


def bidi_problem(text: str) -> str | None:
    """Return why ``text`` cannot be shown as a name or title: a bidirectional control, or ``None``."""
    found = _BIDI.search(text)
    if found is None:
        return None
    return f"contains U+{ord(found[0]):04X} (a bidirectional control) at position {found.start()}; remove it"


def text_problem(text: str) -> str | None:
    r"""Return why ``text`` cannot be shown and written everywhere, or ``None``.

    >>> text_problem("Photovoice"), text_problem("bell")
    (None, 'contains U+0007 (a control character) at position 4; remove it')
    """
    import unicodedata

    found = _BAD_CHARACTER.search(text)
    if found is None:
        return None
    what = _WHAT.get(unicodedata.category(found[0]), "a non-character")
    return f"contains U+{ord(found[0]):04X} ({what}) at position {found.start()}; remove it"


def _int_text(value: int) -> str:
    """Show a whole number, or its length when it is too long to show."""
    return str(value) if -(10**18) < value < 10**18 else describe(value)


def value_problems(obj: object, prefix: str = "") -> Iterator[tuple[str, str]]:
    """Yield ``(field, message)`` for every value of an attrs record that has the wrong type or is unsafe.

    Types are those the fields are annotated with (a record built in Python is not
    checked by the converter); whole numbers must lie within :data:`MIN_INT` to
    :data:`MAX_INT`, and text must pass :func:`text_problem`. A record whose every value
    passes a check compiled once per class (the common case) is not walked again.
    """
    cls = type(obj)
    if _all_fine(cls)(obj):  # type: ignore[arg-type]
        return
    for field in attrs.fields(cls):  # type: ignore[arg-type]
        yield from _value_problems(getattr(obj, field.name), field.type, f"{prefix}{field.name}")


_STR_ONLY = frozenset({str})
#: The bytes of :data:`_BAD_CHARACTER`'s C0 controls and DEL in UTF-8 (as themselves).
_C0_BYTES = bytes([*range(0x09), *range(0x0B, 0x20), 0x7F])
#: U+FFFE and U+FFFF in UTF-8.
_NON_CHARACTERS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")
#: C1 controls are 0xC2 then 0x80 to this in UTF-8.
_LAST_C1_BYTE = 0x9F


def _clean_text(text: str) -> bool:
    """Whether ``text`` holds no character :data:`_BAD_CHARACTER` finds (the same answer, faster).

    The text is encoded (a lone surrogate cannot be), then its bytes are filtered in C:
    a C0 control or DEL is itself a byte; a C1 control is 0xC2 then 0x80 to 0x9F.
    """
    try:
        data = text.encode()
    except UnicodeEncodeError:  # a lone surrogate
        return False
    if len(data.translate(None, _C0_BYTES)) != len(data):
        return False
    if text.isascii():
        return True
    at = data.find(0xC2)
    while at >= 0:
        if data[at + 1] <= _LAST_C1_BYTE:  # (the next byte is a continuation byte: 0x80 or more)
            return False
        at = data.find(0xC2, at + 2)
    return not any(c in data for c in _NON_CHARACTERS)


def _fine_code(tp: Any, v: str, ns: dict[str, Any], texts: list[str], typed: bool) -> str | None:
    """Return a Python condition that value ``v`` passes :func:`_value_problems` for type ``tp``.

    Text values are added to ``texts`` (expressions of strings, or ``*`` and a tuple of
    them), for one search over all of a record's text; ``None`` means a type this check
    does not know (the record is then walked in detail). With ``typed``, values are known
    to be of their annotated types (see :func:`_all_fine`): only what a type does not
    guarantee is tested, and a condition that always holds is ``"True"``.
    """
    origin = get_origin(tp)
    if origin is Union or origin is types.UnionType:
        args = [a for a in get_args(tp) if a is not type(None)]
        inner_texts: list[str] = []
        inner = _fine_code(args[0], v, ns, inner_texts, typed)
        if inner is None:
            return None
        texts.extend(f"*({t[1:]} or ())" if t[0] == "*" else f"({t} or '')" for t in inner_texts)
        if inner == "True":
            return inner
        return f"({v} is None or {inner})" if type(None) in get_args(tp) else inner
    if origin is tuple:
        item = get_args(tp)[0]
        if item is str:
            texts.append(f"*{v}")
            return "True" if typed else f"(type({v}) is tuple and STR_ONLY.issuperset(map(type, {v})))"
        if isinstance(item, type) and issubclass(item, enum.Enum):
            if typed:
                return "True"
            ns[f"only_{item.__name__}"] = frozenset({item})
            return f"(type({v}) is tuple and only_{item.__name__}.issuperset(map(type, {v})))"
        if isinstance(item, type) and attrs.has(item):
            ns[f"fine_{item.__name__}"] = _all_fine(item, typed)
            if typed:
                return f"all(map(fine_{item.__name__}, {v}))"
            return f"(type({v}) is tuple and all(map(fine_{item.__name__}, {v})))"
        return None
    if tp is str:
        texts.append(v)
        return "True" if typed else f"type({v}) is str"
    if tp is bool:
        return "True" if typed else f"type({v}) is bool"
    if tp is int:
        return f"MIN_INT <= {v} <= MAX_INT" if typed else f"(type({v}) is int and MIN_INT <= {v} <= MAX_INT)"
    if tp is float:
        return "True"  # (as the detailed walk: numbers with a fraction are not checked here)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        ns[tp.__name__] = tp  # an enum's members are of its own type exactly
        return "True" if typed else f"type({v}) is {tp.__name__}"
    if isinstance(tp, type) and attrs.has(tp):
        ns[f"fine_{tp.__name__}"] = _all_fine(tp, typed)
        return f"fine_{tp.__name__}({v})"
    return None


@functools.cache
def _all_fine(cls: type, typed: bool = False) -> Callable[[Any], bool]:
    """Return a check that every value of an attrs record of ``cls`` is fine, compiled once.

    Generated code, from the fields' annotations (as ``_fast`` makes records): each value's
    type tested in turn, every whole number's range, and one search for a character no
    text may hold over the record's text joined. It agrees with :func:`_value_problems`
    (a test checks it); a type it does not know makes it answer no, and the record is
    walked in detail.

    ``typed`` is for records the fast path made (:mod:`participatory._fast`), whose
    decoder already gave every value, nested records included, exactly its annotated
    type: the types are not tested again, the ranges and the text still are.
    """
    ns: dict[str, Any] = {
        "cls": cls, "STR_ONLY": _STR_ONLY, "MIN_INT": MIN_INT, "MAX_INT": MAX_INT,
        "clean": _clean_text, "join": "".join, "isinstance": isinstance,
    }  # fmt: skip
    texts: list[str] = []
    lines = ["def fine(o):"]
    if not typed:
        lines.append("    if not isinstance(o, cls): return False")
    conditions = []
    for i, field in enumerate(attrs.fields(cls)):
        known = len(texts)
        condition = _fine_code(field.type, f"v{i}", ns, texts, typed)
        if condition is None:
            return lambda obj: False
        if condition != "True":
            conditions.append(condition)
        elif len(texts) == known:
            continue  # nothing to test in this value
        lines.append(f"    v{i} = o.{field.name}")
    if texts:
        conditions.append(f"clean(join(({', '.join(texts)},)))")
    lines.append(f"    return bool({' and '.join(conditions) or 'True'})")
    exec("\n".join(lines), ns)  # noqa: S102  (code generated from the attrs fields above)
    made: Callable[[Any], bool] = ns["fine"]
    return made


def _value_problems(value: Any, tp: Any, path: str) -> Iterator[tuple[str, str]]:
    origin = get_origin(tp)
    if origin is Union or origin is types.UnionType:
        args = get_args(tp)
        if value is None and type(None) in args:
            return
        inner = [a for a in args if a is not type(None)]
        yield from _value_problems(value, inner[0], path)
        return
    if origin is tuple:
        if type(value) is not tuple:
            yield path, f"expected a tuple, got {describe(value)}"
            return
        item_type = get_args(tp)[0]
        for i, item in enumerate(value):
            yield from _value_problems(item, item_type, f"{path}[{i}]")
        return
    if tp is str:
        if type(value) is not str:
            yield path, f"expected a string, got {describe(value)}"
        elif (msg := text_problem(value)) is not None:
            yield path, msg
    elif tp is bool:
        if type(value) is not bool:
            yield path, f"expected true or false, got {describe(value)}"
    elif tp is int:
        if type(value) is not int:
            yield path, f"expected an integer, got {describe(value)}"
        elif not MIN_INT <= value <= MAX_INT:
            yield path, f"{_int_text(value)} is out of range ({MIN_INT} to {MAX_INT})"
    elif isinstance(tp, type) and issubclass(tp, enum.Enum):
        if not isinstance(value, tp):
            names = ", ".join(str(m.value) for m in tp)
            yield path, f"expected one of {names}, got {describe(value)}"
    elif isinstance(tp, type) and attrs.has(tp):
        if not isinstance(value, tp):
            yield path, f"expected a {tp.__name__}, got {describe(value)}"
        else:
            yield from value_problems(value, f"{path}.")


_SPACE = re.compile(r"\s")  # the characters str.isspace() accepts
#: Addresses that certainly pass :func:`url_problem`: http(s), a dotted ASCII host, no spaces.
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9_~-]*\.[A-Za-z0-9._~-]*(?::[0-9]+)?(?:[/?#]\S*)?")


def url_problem(url: str) -> str | None:
    """Return why ``url`` is not a usable web address, or ``None`` if it is one."""
    if _PLAIN_URL.fullmatch(url):  # the common case, without the cost of urlsplit
        return None
    if _SPACE.search(url):
        return f"{url!r} is not a valid web address (it contains spaces)"
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed "[" in the host
        parts = None
    if parts is None or parts.scheme not in URL_SCHEMES or not parts.netloc or "." not in parts.netloc:
        return f"{url!r} is not a web address; expected one starting with https://"
    return None


def year_problem(year: int | None) -> str | None:
    """Return why ``year`` is out of range, or ``None``."""
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        return f"year {_int_text(year)} is out of range ({MIN_YEAR} to {MAX_YEAR})"
    return None


def slug_list_problems(field: str, values: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """Yield ``(field[i], message)`` for every value that is not a slug or is listed twice."""
    if not values or (len(set(values)) == len(values) and _SLUGS.fullmatch(" ".join(values))):
        return  # the common case: nothing to report
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            yield f"{field}[{i}]", f"{value!r} is listed twice"
        seen.add(value)
        if (msg := slug_problem(value)) is not None:
            yield f"{field}[{i}]", msg


def _unique_problems(field: str, values: Sequence[object]) -> Iterator[tuple[str, str]]:
    if len(set(values)) == len(values):
        return  # the common case: nothing to report
    seen: set[object] = set()
    for i, value in enumerate(values):
        if value in seen:
            yield f"{field}[{i}]", f"{str(value)!r} is listed twice"
        seen.add(value)


def _source_problems(sources: tuple[Source, ...]) -> Iterator[tuple[str, str]]:
    for i, src in enumerate(sources):
        if not src.title.strip():
            yield f"sources[{i}].title", "must not be empty"
        if (msg := url_problem(src.url)) is not None:
            yield f"sources[{i}].url", msg
        if (msg := year_problem(src.year)) is not None:
            yield f"sources[{i}].year", msg


#: Fields a source cannot be said to state: the record's id, its citations, its estimates.
_UNSUPPORTABLE = frozenset({"id", "sources", "estimated", "replaces"})


@functools.cache
def _supportable(cls: type[Record]) -> frozenset[str]:
    """Return the names of the fields of ``cls`` a source may state (``Source.supports``)."""
    return frozenset(a.name for a in attrs.fields(cls)) - _UNSUPPORTABLE


def _supports_problems(rec: Record) -> Iterator[tuple[str, str]]:
    """Each field a source states is a field of the record, and not one marked as estimated."""
    cited = [(f"sources[{i}]", src) for i, src in enumerate(rec.sources) if src.supports]
    evidence = getattr(rec, "effectiveness", None)
    if evidence is not None:
        cited += [(f"effectiveness.sources[{i}]", s) for i, s in enumerate(evidence.sources) if s.supports]
    if not cited:
        return
    fields, estimated = _supportable(type(rec)), getattr(rec, "estimated", ())  # type: ignore[arg-type]
    for where, src in cited:
        yield from _unique_problems(f"{where}.supports", src.supports)
        for j, name in enumerate(src.supports):
            if name in src.supports[:j]:
                continue  # said once, as listed twice
            if name not in fields:
                hint = did_you_mean(name, sorted(fields))
                yield f"{where}.supports[{j}]", f"{name!r} is not a field of this {rec.record_kind}{hint}"
            elif getattr(rec, name) in (None, "", ()):
                yield f"{where}.supports[{j}]", f"{name!r} has no value for this source to state"
            elif name in estimated:
                both = "say it comes from this source or is the catalogue's estimate, not both"
                yield f"{where}.supports[{j}]", f"{name!r} is listed in estimated too: {both}"


def record_problems(rec: Record, *, typed: bool = False) -> Iterator[tuple[str, str]]:
    """Yield ``(field, message)`` for every field-level problem of one record.

    A record with a value of the wrong type gets only those problems (the other checks
    assume the types). A record that passes the check compiled once for its class
    (:func:`_record_fine`, the common case) is not walked. ``typed`` says the record was
    made by the fast path, whose decoder gave each value its annotated type (see
    :func:`_all_fine`).
    """
    if _record_fine(type(rec), generation(), typed)(rec):  # type: ignore[arg-type]
        return
    yield from _record_walk(rec)


def _record_walk(rec: Record) -> Iterator[tuple[str, str]]:
    """Yield every field-level problem of one record, checking each field in turn."""
    wrong = list(value_problems(rec))
    if wrong:
        yield from wrong
        if any(message.startswith("expected ") for _, message in wrong):
            return
    if (msg := id_problem(rec.id)) is not None:
        yield "id", msg
    if (msg := name_problem(rec.name)) is not None:
        yield "name", msg
    for i, alias in enumerate(getattr(rec, "aliases", ())):
        if alias.strip() and (msg := name_problem(alias)) is not None:
            yield f"aliases[{i}]", msg
    yield from _source_problems(rec.sources)
    yield from _supports_problems(rec)
    yield from slug_list_problems("tags", rec.tags)
    yield from slug_list_problems("replaces", rec.replaces)
    if rec.id in rec.replaces:
        yield "replaces", "a record cannot replace its own id"
    for field in REFERENCES.get(rec.record_kind, {}):
        yield from slug_list_problems(field, getattr(rec, field))
    aliases = getattr(rec, "aliases", ())
    yield from _unique_problems("aliases", [alias.casefold() for alias in aliases])
    yield from _url_problems(rec)
    if (own := _kind_checks(type(rec))) is not None:  # type: ignore[arg-type]
        yield from own(rec)


def _resource_problems(rec: Resource) -> Iterator[tuple[str, str]]:
    if (msg := year_problem(rec.year)) is not None:
        yield "year", msg


def _case_problems(rec: Case) -> Iterator[tuple[str, str]]:
    if (msg := year_problem(rec.year)) is not None:
        yield "year", msg
    yield from slug_list_problems("underserved", rec.underserved)
    yield from slug_list_problems("changes", rec.changes)
    if rec.attribution and not rec.attribution_consent:
        yield (
            "attribution",
            "a named person is credited only with their consent (attribution_consent = true)",
        )


def _organisation_problems(rec: Organisation) -> Iterator[tuple[str, str]]:
    yield from slug_list_problems("scope", rec.scope)
    yield from slug_list_problems("collaborate_on", rec.collaborate_on)
    if rec.contact and (msg := contact_problem(rec.contact)) is not None:
        yield "contact", msg


def _answer_problems(rec: Answer) -> Iterator[tuple[str, str]]:
    yield from slug_list_problems("topics", rec.topics)
    if not (rec.answer.strip() or rec.plain.strip() or rec.summary.strip()):
        yield "answer", "give the answer (in answer, plain or summary)"
    if rec.author and not rec.author_consent:
        yield "author", "a named person is published only with their consent (author_consent = true)"


def _crosswalk_problems(rec: Crosswalk) -> Iterator[tuple[str, str]]:
    if rec.target not in ("stage", "level"):
        yield "target", f"must be 'stage' or 'level', not {rec.target!r}"
    yield from _unique_problems("entries", [e.term for e in rec.entries])
    for i, entry in enumerate(rec.entries):
        if not entry.term.strip():
            yield f"entries[{i}].term", "must not be empty"


def _checklist_problems(rec: Checklist) -> Iterator[tuple[str, str]]:
    yield from _unique_problems("items", [item.id for item in rec.items])
    for i, item in enumerate(rec.items):
        if (msg := id_problem(item.id)) is not None:
            yield f"items[{i}].id", msg
        if (msg := name_problem(item.name)) is not None:
            yield f"items[{i}].name", msg
        yield from slug_list_problems(f"items[{i}].stages", item.stages)


@functools.cache
def _kind_checks(cls: type) -> Callable[[Any], Iterator[tuple[str, str]]] | None:
    """Return the checks of a record class's own fields (those of the first kind it is a subclass of)."""
    own: dict[type, Callable[[Any], Iterator[tuple[str, str]]]] = {
        Technique: _technique_problems,
        Resource: _resource_problems,
        Case: _case_problems,
        Organisation: _organisation_problems,
        Opportunity: _opportunity_problems,
        Answer: _answer_problems,
        Crosswalk: _crosswalk_problems,
        Checklist: _checklist_problems,
    }
    return next((check for kind, check in own.items() if issubclass(cls, kind)), None)


def _no_source_problems(sources: tuple[Source, ...]) -> bool:
    return next(_source_problems(sources), None) is None


@functools.cache
def _record_fine(cls: type, generation: int, typed: bool = False) -> Callable[[Any], bool]:
    """Return a yes/no check that :func:`record_problems` finds nothing in a record of ``cls``.

    Compiled once per class (and declared kinds): generated code that tests the values
    (:func:`_all_fine`), then the rules every record shares in one pass each: the id and
    every list of ids against the slug rule joined into one text, no id listed twice,
    names and aliases, web addresses, sources (:func:`_source_problems`) and the fields
    they state (:func:`_supports_problems`), and the kind's own checks. It may say no to
    a record with no problem (the record is then walked in detail), never yes to one with
    a problem; a test compares it with the walk.
    """
    fields = attrs.fields_dict(cls)
    if not issubclass(cls, Record) or not all(
        fields[name].type == tuple[str, ...] for name in ("tags", "replaces", *_id_lists(cls))
    ):
        return lambda rec: False
    ns: dict[str, Any] = {
        "values": _all_fine(cls, typed), "slugs": _SLUGS.fullmatch, "bidi": _BIDI.search,  # type: ignore[arg-type]
        "plain_url": _PLAIN_URL.fullmatch, "no_source_problems": _no_source_problems,
        "supports": _supports_problems,
        "own": _kind_checks(cls), "MAX_ID_LENGTH": MAX_ID_LENGTH,  # type: ignore[arg-type]
    }  # fmt: skip
    lists = ("tags", "replaces", *_id_lists(cls))
    lines = [
        "def fine(o):",
        "    if not values(o): return False",
        "    i = o.id",
        "    if len(i) > MAX_ID_LENGTH: return False",
        *(f"    l{n} = o.{name}" for n, name in enumerate(lists)),
        f"    if slugs(' '.join((i, {', '.join(f'*l{n}' for n in range(len(lists)))}))) is None:",
        "        return False",
        *(f"    if len(l{n}) > 1 and len(set(l{n})) != len(l{n}): return False" for n in range(len(lists))),
        "    if i in l1: return False",  # replaces
        "    n = o.name",
        "    if not n.strip() or bidi(n): return False",
        "    if o.sources and not no_source_problems(o.sources): return False",
        "    if next(supports(o), None) is not None: return False",
    ]
    if "aliases" in fields:
        lines += [
            "    a = o.aliases",
            "    if a and (bidi(' '.join(a)) or len({x.casefold() for x in a}) != len(a)): return False",
        ]
    for name, required in _url_fields(cls, generation):  # type: ignore[arg-type]
        check = f"not plain_url(o.{name})" if required else f"o.{name} and not plain_url(o.{name})"
        lines.append(f"    if {check}: return False")
    if ns["own"] is not None:
        ns["own_fine"] = next((fine for kind, fine in _QUICK.items() if issubclass(cls, kind)), None)
        quick = "own_fine(o) or " if ns["own_fine"] is not None else ""
        lines.append(f"    if not ({quick}next(own(o), None) is None): return False")
    lines.append("    return True")
    exec("\n".join(lines), ns)  # noqa: S102  (code generated from the record's declaration)
    made: Callable[[Any], bool] = ns["fine"]
    return made


def _id_lists(cls: type) -> tuple[str, ...]:
    """Return the fields of a record class that hold ids of other records (its kind's references)."""
    return tuple(REFERENCES.get(getattr(cls, "record_kind", None), {}))  # type: ignore[arg-type]


#: One or more slugs, each followed by one space (a text of ids joined with spaces).
_SLUGS = re.compile(rf"{SLUG.pattern}(?: {SLUG.pattern})*")


#: A language code (BCP 47: ``en``, ``cy``, ``pt-BR``).
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
#: A full UK postcode: part of an address.
POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE
)
#: The most hours one session may take.
MAX_HOURS = 24


def contact_problem(value: str) -> str | None:
    """Return why ``value`` is neither a web address nor an e-mail address, or ``None``.

    >>> contact_problem("involvement@example.org"), contact_problem("ring us")
    (None, "'ring us' is neither a web address (https://...) nor an e-mail address")
    """
    if _EMAIL.fullmatch(value.removeprefix("mailto:")):
        return None
    if value.startswith(("http://", "https://")):
        return url_problem(value)
    return f"{value!r} is neither a web address (https://...) nor an e-mail address"


def _one_of(field: str, value: str, allowed: tuple[str, ...], what: str) -> Iterator[tuple[str, str]]:
    if value not in allowed:
        yield field, f"unknown {what} {value!r}{did_you_mean(value, allowed)} (one of {', '.join(allowed)})"


def _opportunity_problems(rec: Opportunity) -> Iterator[tuple[str, str]]:
    yield from _unique_problems("modes", rec.modes)
    yield from _unique_problems("formats", rec.formats)
    yield from _unique_problems("expenses", rec.expenses)
    for i, value in enumerate(rec.expenses):
        yield from _one_of(f"expenses[{i}]", value, EXPENSES, "expense")
    for i, code in enumerate(rec.languages):
        if not _LANGUAGE.fullmatch(code):
            yield f"languages[{i}]", f"{code!r} is not a language code (such as 'en' or 'cy')"
    for field in ("apply", "adjustments"):
        value = getattr(rec, field)
        if value and (msg := contact_problem(value)) is not None:
            yield field, msg
    if POSTCODE.search(rec.place):
        yield "place", "looks like an address (it holds a postcode); give a town or region"
    if rec.posted and rec.posted > rec.closes:  # ISO dates sort as text
        yield "posted", f"is after the closing date ({rec.closes})"
    if rec.commitment is not None:
        hours, sessions = rec.commitment.hours, rec.commitment.sessions
        if hours is not None and not 0 < hours <= MAX_HOURS:
            yield (
                "commitment.hours",
                f"{hours:g} is not a number of hours a session (more than 0, at most 24)",
            )
        if sessions is not None and sessions < 1:
            yield "commitment.sessions", "must be at least 1"
    pay = rec.payment
    if pay is not None:
        if pay.amount is not None and pay.amount < 0:
            yield "payment.amount", "must not be negative"
        if pay.unit:
            yield from _one_of("payment.unit", pay.unit, PAYMENT_UNITS, "unit")
        elif pay.amount is not None:
            yield "payment.unit", "say what the amount is for (hour, session, day, year or total)"
        if not pay.offered and pay.amount:
            yield "payment.amount", "an amount is given but offered is false"


@functools.cache
def _url_fields(cls: type[Record], generation: int) -> tuple[tuple[str, bool], ...]:
    """Return the web-address fields of a kind's class, each with whether it must be given."""
    declared = KINDS_BY_CLASS.get(cls)
    names = declared.url_fields if declared is not None else ()
    fields = {f.name: f for f in attrs.fields(cls)}
    return tuple((n, fields[n].default is attrs.NOTHING) for n in names)


def _url_problems(rec: Record) -> Iterator[tuple[str, str]]:
    """Every web address of a record: http or https (an empty optional one is fine)."""
    for name, required in _url_fields(type(rec), generation()):  # type: ignore[arg-type]
        value = getattr(rec, name)
        if (value or required) and (msg := url_problem(value)) is not None:
            yield name, msg


def _technique_problems(tech: Technique) -> Iterator[tuple[str, str]]:
    yield from _unique_problems("levels", tech.levels)
    yield from _unique_problems("modes", tech.modes)
    yield from slug_list_problems("underserved", tech.underserved)
    yield from slug_list_problems("purposes", tech.purposes)
    size = tech.group_size
    if size is not None:
        for bound in ("min", "max"):
            value = getattr(size, bound)
            if value is not None and value < MIN_GROUP_SIZE:
                yield f"group_size.{bound}", f"must be at least {MIN_GROUP_SIZE}, not {_int_text(value)}"
        if size.min is not None and size.max is not None and size.min > size.max:
            yield "group_size", f"min ({size.min}) is larger than max ({size.max})"
    if tech.id in tech.pairs_with:
        yield "pairs_with", "a technique cannot pair with itself"
    yield from _unique_problems("formats", tech.formats)
    yield from _unique_problems("estimated", tech.estimated)
    for i, name in enumerate(tech.estimated):
        if name not in ESTIMABLE:
            yield f"estimated[{i}]", f"{name!r} cannot be estimated; expected one of {', '.join(ESTIMABLE)}"
        elif getattr(tech, name) in (None, ""):
            yield f"estimated[{i}]", f"{name!r} is listed as estimated but has no value"
    ages = tech.ages
    if ages is not None:
        for bound in ("min", "max"):
            value = getattr(ages, bound)
            if value is not None and not 0 <= value <= MAX_AGE:
                yield f"ages.{bound}", f"must be an age from 0 to {MAX_AGE}, not {value}"
        if ages.min is not None and ages.max is not None and ages.min > ages.max:
            yield "ages", f"min ({ages.min}) is larger than max ({ages.max})"
    if tech.effectiveness is not None:
        for f, m in _source_problems(tech.effectiveness.sources):
            yield f"effectiveness.{f}", m


_ESTIMABLE = frozenset(ESTIMABLE)


def _range_fine(bounds: GroupSize | AgeRange | None, least: int, most: int | None) -> bool:
    """Whether a range's ends lie within ``least`` to ``most`` and its min is not above its max."""
    if bounds is None:
        return True
    lo, hi = bounds.min, bounds.max
    return (
        (lo is None or (least <= lo and (most is None or lo <= most)))
        and (hi is None or (least <= hi and (most is None or hi <= most)))
        and (lo is None or hi is None or lo <= hi)
    )


def _technique_fine(tech: Technique) -> bool:
    """Answer quickly whether :func:`_technique_problems` finds nothing (no: ask it).

    Its common case in one expression, without a generator per rule; a test compares
    the compiled record check it is part of with the walk.
    """
    est, kinds = tech.estimated, (*tech.underserved, *tech.purposes)
    return bool(
        len(set(tech.levels)) == len(tech.levels)
        and len(set(tech.modes)) == len(tech.modes)
        and len(set(tech.formats)) == len(tech.formats)
        and len(set(est)) == len(est)
        and _ESTIMABLE.issuperset(est)
        and all(getattr(tech, name) not in (None, "") for name in est)
        and (not kinds or (len(set(kinds)) == len(kinds) and _SLUGS.fullmatch(" ".join(kinds))))
        and tech.id not in tech.pairs_with
        and _range_fine(tech.group_size, MIN_GROUP_SIZE, None)
        and _range_fine(tech.ages, 0, MAX_AGE)
        and (tech.effectiveness is None or _no_source_problems(tech.effectiveness.sources))
    )


#: Quick yes/no checks of kinds' own rules (see :func:`_record_fine`).
_QUICK: dict[type, Callable[[Any], bool]] = {Technique: _technique_fine}


def info_problems(info: CatalogueInfo) -> Iterator[tuple[str, str]]:
    """Yield ``(field, message)`` for every problem of a ``[catalogue]`` table."""
    wrong = list(value_problems(info, "catalogue."))
    yield from wrong
    if wrong:
        return
    if (msg := slug_problem(info.name, "catalogue name")) is not None:
        yield "catalogue.name", msg
    for name in ("title", "publisher"):
        if (msg := bidi_problem(getattr(info, name))) is not None:
            yield f"catalogue.{name}", msg
    for i, name in enumerate(info.extends):
        if name == info.name:
            yield f"catalogue.extends[{i}]", "a catalogue cannot extend itself"
        elif (msg := slug_problem(name, "catalogue name")) is not None:
            yield f"catalogue.extends[{i}]", msg
