"""Mappings: which column of a form's responses fills which field of a record.

A mapping is a TOML file::

    [mapping]
    kind = "case"                 # the kind of record each response proposes
    # tool = "ms-forms"           # the survey tool (recognised from the header if left out)
    # separator = ";"             # how multiple answers are joined (the tool's own if left out)
    # dates = "dmy"               # 03/04/2027 is 3 April (dmy, the UK's order) or March 4 (mdy)

    [columns]
    "Name of the project" = "name"
    "Year it started" = { field = "year", type = "integer" }
    "Which techniques were used" = { field = "techniques", type = "ids", values = { "Other" = "" } }
    "Your e-mail address" = { field = "envelope.contact", optional = true }
    "May we publish your story?" = { field = "envelope.consents.publish", type = "yes-no" }

Headings are matched ignoring case, spacing, a leading question number (``1.``,
``Q3``) and a trailing ``*``, ``:``, ``?`` or "(required)". A field is a dotted path:
``payment.amount`` fills a table, ``sources[0].url`` a table in a list, and
``envelope.contact`` / ``envelope.consents.NAME`` the private envelope, never the record.
Several columns may fill one list (one column per option, as some tools export
"tick all that apply"); a column with ``value = "photovoice"`` adds that value when its
cell is not empty.

Types: ``text`` (the default), ``lines`` (a list, one item a line), ``list`` (a list,
split at the separator), ``ids`` (a list of ids: each answer through ``values``, else made
a slug), ``id``, ``integer``, ``number``, ``date`` (written ``YYYY-MM-DD``), ``yes-no``.
"""

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final, Literal

import attrs

from .. import _io
from .._errors import CatalogueNotFoundError, IntakeError, Problem
from .._schema import did_you_mean, is_slug, nearest, slugify, suggestion
from ._read import TOOLS, Table, heading_key, shown

__all__ = ["MAPPINGS", "TYPES", "Column", "Mapping_", "apply_mapping", "load_mapping", "parse_date"]

TYPES: Final = ("text", "lines", "list", "ids", "id", "integer", "number", "date", "yes-no")
#: The folder of the mappings shipped with participatory, one for each kind of record.
MAPPINGS: Final = Path(__file__).parent / "mappings"
_PATH: Final = re.compile(r"[a-z_][a-z0-9_-]*(?:\[\d{1,3}\])?(?:\.[a-z_][a-z0-9_-]*(?:\[\d{1,3}\])?)*", re.I)
_FORMULA: Final = re.compile(r"^(?:[=@\t\r]|[+-][A-Za-z(])")
_YES: Final = frozenset({"yes", "y", "true", "1", "agree", "i agree", "ticked", "checked", "x", "on"})
_NO: Final = frozenset({"no", "n", "false", "0", "disagree", "i do not agree", "off"})
_ANONYMOUS: Final = frozenset({"anonymous", "anon", "n/a", "-"})


@attrs.frozen(kw_only=True)
class Column:
    """One column of a mapping: its heading, the field it fills, and how."""

    heading: str
    field: str
    type: str = "text"
    optional: bool = False
    values: dict[str, str] = attrs.field(factory=dict)
    value: str = ""


@attrs.frozen(kw_only=True)
class Mapping_:  # noqa: N801  (``Mapping`` is the abstract base class's name)
    """A mapping from column headings to fields (see the module's description)."""

    kind: str
    columns: tuple[Column, ...]
    tool: str = ""
    separator: str = ""
    dates: Literal["dmy", "mdy"] = "dmy"
    title: str = ""
    label: str = "-"


def load_mapping(path: "str | Path | None", kind: str) -> Mapping_:
    """Read a mapping file, or the one shipped for ``kind`` when ``path`` is ``None``.

    Raises
    ------
    CatalogueNotFoundError
        If the file does not exist, or no mapping is shipped for ``kind``.
    IntakeError
        Listing every problem of the file (unknown keys, types, fields), located.
    """
    if path is None:
        shipped = MAPPINGS / f"{kind}.toml"
        if not shipped.is_file():
            raise CatalogueNotFoundError(
                f"no mapping is shipped for {kind!r} records; give one with --mapping"
            )
        path = shipped
    label = str(path)
    if not Path(path).is_file():
        raise CatalogueNotFoundError(f"{label}: no such mapping file")
    data, problem = _io.read_file(path, str(path), limit=1024 * 1024)
    doc, problem = (None, problem) if data is None else _io.parse(data, label)
    if problem is not None or not isinstance(doc, dict):
        raise IntakeError([problem or Problem(file=label, message="not a mapping")])
    problems: list[Problem] = []

    def bad(field: str, message: str, record: str = "mapping") -> None:
        problems.append(Problem(file=label, record=record, field=field, message=message))

    head = doc.get("mapping", {})
    columns = doc.get("columns")
    for key in sorted(set(doc) - {"mapping", "columns"}):
        bad(key, f"unknown table{did_you_mean(key, ['mapping', 'columns'])}", record="-")
    if not isinstance(head, dict):
        bad("-", "expected a [mapping] table")
        head = {}
    if not isinstance(columns, dict) or not columns:
        bad("-", "expected a [columns] table naming at least one column", record="columns")
        columns = {}
    known = {"kind", "tool", "separator", "dates", "title"}
    for key in sorted(set(head) - known):
        bad(key, f"unknown key{did_you_mean(key, known)}")
    for key in known & set(head):
        if not isinstance(head[key], str):
            bad(key, "expected a string")
    mapped_kind = head.get("kind", kind)
    if isinstance(mapped_kind, str) and mapped_kind != kind:
        bad("kind", f"this mapping makes {mapped_kind!r} records, not {kind!r}")
    if head.get("tool") and head.get("tool") not in TOOLS:
        tool = str(head["tool"])
        bad("tool", f"unknown survey tool {tool!r}{did_you_mean(tool, TOOLS)} (one of {', '.join(TOOLS)})")
    if head.get("dates", "dmy") not in ("dmy", "mdy"):
        bad("dates", "expected 'dmy' (3 April for 03/04) or 'mdy' (March 4)")
    parsed = [_column(heading, spec, bad) for heading, spec in columns.items()]
    keys: dict[str, str] = {}
    for col in parsed:
        if col is None:
            continue
        key = heading_key(col.heading)
        if key in keys and not col.value:
            bad(col.heading, f"matches the same column as {keys[key]!r}", record="columns")
        keys.setdefault(key, col.heading)
    if problems:
        raise IntakeError(problems, headline=f"{label}: the mapping has problems")
    return Mapping_(
        kind=kind,
        columns=tuple(c for c in parsed if c is not None),
        tool=str(head.get("tool", "")),
        separator=str(head.get("separator", "")),
        dates="mdy" if head.get("dates") == "mdy" else "dmy",
        title=str(head.get("title", "")),
        label=label,
    )


def _column(heading: str, spec: object, bad: Any) -> Column | None:
    if isinstance(spec, str):
        spec = {"field": spec}
    if not isinstance(spec, dict):
        bad(heading, "expected a field name or a table { field = ..., type = ... }", "columns")
        return None
    known = {"field", "type", "optional", "values", "value"}
    ok = True
    for key in sorted(set(spec) - known):
        bad(f"{heading}.{key}", f"unknown key{did_you_mean(key, known)}", "columns")
        ok = False
    field, kind = spec.get("field"), spec.get("type", "text")
    if not isinstance(field, str) or not _PATH.fullmatch(field):
        bad(heading, "expected a field such as 'name', 'payment.amount' or 'envelope.contact'", "columns")
        ok = False
    if kind not in TYPES:
        bad(
            f"{heading}.type",
            f"unknown type {kind!r}{did_you_mean(str(kind), TYPES)} (one of {', '.join(TYPES)})",
            "columns",
        )
        ok = False
    values = spec.get("values", {})
    if not isinstance(values, dict) or not all(isinstance(v, str) for v in values.values()):
        bad(f"{heading}.values", "expected a table of answer = value", "columns")
        ok = False
    if not isinstance(spec.get("optional", False), bool):
        bad(f"{heading}.optional", "expected true or false", "columns")
        ok = False
    if not isinstance(spec.get("value", ""), str):
        bad(f"{heading}.value", "expected a string", "columns")
        ok = False
    if not ok:
        return None
    return Column(
        heading=heading,
        field=str(field),
        type=str(kind),
        optional=bool(spec.get("optional", False)),
        values={heading_key(k): v for k, v in values.items()},
        value=str(spec.get("value", "")),
    )


# --------------------------------------------------------------------------- values

_MONTH_NAMES: Final = {
    m: i
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for m in names
}
_ISO: Final = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC: Final = re.compile(r"(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})")
_WORDS: Final = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})|([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})"
)
_TIME: Final = re.compile(r"[T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(am|pm)?", re.I)


def parse_date(text: str, order: str = "dmy") -> dt.date | None:
    """Read a date as forms and spreadsheets write it; ``None`` when it is not one.

    >>> parse_date("2027-01-31"), parse_date("31/01/2027"), parse_date("1/31/27", "mdy")
    (datetime.date(2027, 1, 31), datetime.date(2027, 1, 31), datetime.date(2027, 1, 31))
    >>> parse_date("3rd March 2027"), parse_date("March 3, 2027"), parse_date("soon")
    (datetime.date(2027, 3, 3), datetime.date(2027, 3, 3), None)
    """
    found = _date_parts(text.strip().lower(), order)
    if found is None:
        return None
    (year, month, day), _ = found
    if year < 100:  # noqa: PLR2004  (a two-digit year)
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _date_parts(text: str, order: str) -> tuple[tuple[int, int, int], int] | None:
    """Return the year, month and day at the start of ``text``, and where they end."""
    if m := _ISO.match(text):
        return (int(m[1]), int(m[2]), int(m[3])), m.end()
    if m := _NUMERIC.match(text):
        a, b, c = int(m[1]), int(m[2]), int(m[3])
        if len(m[1]) == 4:  # noqa: PLR2004  (2027/01/31, as Google writes in some places)
            return (a, b, c), m.end()
        return ((c, b, a) if order == "dmy" else (c, a, b)), m.end()
    if m := _WORDS.match(text):
        day, month, year = (m[1], m[2], m[3]) if m[1] else (m[5], m[4], m[6])
        number = _MONTH_NAMES.get(month) or _MONTH_NAMES.get(month[:3])
        return ((int(year), number, int(day)), m.end()) if number else None
    return None


def parse_time(text: str, order: str = "dmy") -> str | None:
    """Read when a response was sent; ISO 8601 text, or ``None``.

    >>> parse_time("12/6/2026 9:05:33 PM", "mdy"), parse_time("2026/12/06 10:15:32 am GMT")
    ('2026-12-06T21:05:33', '2026-12-06T10:15:32')
    """
    date = parse_date(text, order)
    found = _date_parts(text.strip().lower(), order)
    if date is None or found is None:
        return None
    rest = _TIME.match(text.strip()[found[1] :])
    if rest is None:
        return date.isoformat()
    hour, minute, second = int(rest[1]), int(rest[2]), int(rest[3] or 0)
    if rest[4]:
        hour = hour % 12 + (12 if rest[4].lower() == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:  # noqa: PLR2004
        return date.isoformat()
    return f"{date.isoformat()}T{hour:02d}:{minute:02d}:{second:02d}"


def _yes_no(text: str) -> bool | None:
    folded = text.strip().casefold().rstrip(".!")
    if folded in _YES or folded.startswith(("yes,", "yes ", "i agree", "i consent")):
        return True
    if folded in _NO or folded.startswith(("no,", "no ", "i do not")):
        return False
    return None


def _split(text: str, separator: str, known: Mapping[str, str]) -> list[str]:
    """Split a multiple answer at ``separator``, keeping whole any known answer that holds it.

    >>> _split("Carers, family and friends, Patients", ", ", {"carers, family and friends": "carer"})
    ['Carers, family and friends', 'Patients']
    """
    parts = text.split(separator.strip() or separator)
    joiner = separator.strip() or separator
    items: list[str] = []
    i = 0
    while i < len(parts):
        end = next(
            (j for j in range(len(parts), i + 1, -1) if heading_key(joiner.join(parts[i:j])) in known),
            i + 1,
        )
        item = joiner.join(parts[i:end]).strip()
        if item:
            items.append(item)
        i = end
    return items


def convert(text: str, column: Column, separator: str, order: str) -> tuple[Any, str | None]:
    """Turn one cell into the value of its field; on failure, the text itself and why."""
    kind = column.type
    if column.value:
        return [column.value], None
    if kind == "text":
        return text, None
    if kind == "lines":
        return [line.strip(" \t-•*") for line in text.splitlines() if line.strip(" \t-•*")], None
    if kind in ("list", "ids"):
        items = _split(text, separator, column.values)
        if kind == "list":
            return [column.values.get(heading_key(i), i) for i in items], None
        out, unknown = [], []
        for item in items:
            mapped = column.values.get(heading_key(item))
            if mapped is None:
                mapped = slugify(item)
                if column.values:
                    unknown.append(item)
            if mapped and mapped not in out:
                out.append(mapped)
        why = f"answers not in the mapping's values, made into ids: {', '.join(unknown)}" if unknown else None
        return out, why
    if kind == "id":
        mapped = column.values.get(heading_key(text)) or slugify(text)
        return mapped, None if is_slug(mapped) else f"{text!r} cannot be made an id"
    if kind == "integer":
        cleaned = text.replace(",", "").strip()
        if re.fullmatch(r"[+-]?\d{1,12}", cleaned):
            return int(cleaned), None
        return text, f"{text!r} is not a whole number"
    if kind == "number":
        cleaned = re.sub(r"^[£$€]\s*|\s*(?:gbp|pounds?)$", "", text.replace(",", "").strip(), flags=re.I)
        if re.fullmatch(r"[+-]?(?:\d{1,12}(?:\.\d{0,6})?|\.\d{1,6})", cleaned):
            number = float(cleaned)
            return (int(number) if number.is_integer() else number), None
        return text, f"{text!r} is not a number"
    if kind == "date":
        date = parse_date(text, order)
        return (date.isoformat(), None) if date else (text, f"{text!r} is not a date")
    answer = _yes_no(text)  # yes-no
    return (answer, None) if answer is not None else (text, f"{text!r} is not yes or no")


def set_path(table: dict[str, Any], path: str, value: Any) -> None:
    """Set ``value`` at a dotted path (``payment.amount``, ``sources[0].url``); lists are extended."""
    parts = path.split(".")
    here: Any = table
    for i, part in enumerate(parts):
        name, _, index = part.partition("[")
        last = i == len(parts) - 1
        if index:
            position = int(index.rstrip("]"))
            items = here.setdefault(name, [])
            if not isinstance(items, list):
                items = here[name] = [items]
            while len(items) <= position:
                items.append({})
            if last:
                items[position] = value
                return
            if not isinstance(items[position], dict):
                items[position] = {}
            here = items[position]
        elif last:
            if isinstance(value, list) and isinstance(here.get(name), list):
                here[name].extend(v for v in value if v not in here[name])
            elif isinstance(value, str) and isinstance(here.get(name), str) and here[name]:
                here[name] += "; " + value
            else:
                here[name] = value
        else:
            inner = here.setdefault(name, {})
            if not isinstance(inner, dict):
                inner = here[name] = {}
            here = inner


# --------------------------------------------------------------------------- applying a mapping


@attrs.frozen(kw_only=True)
class Response:
    """One response, mapped: its proposed record, its envelope fields and what was noticed."""

    row: int
    record: dict[str, Any]
    envelope: dict[str, Any]
    notes: tuple[str, ...]


def _locate(table: Table, heading: str) -> list[int]:
    key = heading_key(heading)
    return [i for i, headings in enumerate(table.headings) if any(heading_key(h) == key for h in headings)]


def apply_mapping(table: Table, mapping: Mapping_, label: str) -> tuple[list[Response], list[str]]:
    """Map every row of ``table``; return the responses and the headings left unread.

    Raises
    ------
    IntakeError
        If a column the mapping names is missing from the file (with the nearest
        heading), or appears twice, listing every such column.
    """
    problems: list[Problem] = []
    places: list[tuple[Column, int]] = []
    all_headings = [h for headings in table.headings for h in headings if h and not h.startswith("{")]
    for col in mapping.columns:
        found = _locate(table, col.heading)
        if not found:
            if not col.optional:
                by_key = {heading_key(h): h for h in all_headings}
                near = nearest(heading_key(col.heading), by_key)
                close = suggestion(by_key[near] if near else None)
                problems.append(
                    Problem(
                        file=label,
                        record="header",
                        field=col.heading,
                        message=f"no such column in the file{close} (the mapping is {mapping.label})",
                    )
                )
            continue
        if len(found) > 1:
            problems.append(
                Problem(
                    file=label,
                    record="header",
                    field=col.heading,
                    message="the file has two columns of this name",
                )
            )
            continue
        places.append((col, found[0]))
    if problems:
        raise IntakeError(problems, headline=f"{label}: the columns do not match the mapping")
    tool = table.tool
    separator = mapping.separator or tool.separator
    meta = {
        name: [i for heading in headings for i in _locate(table, heading)]
        for name, headings in (
            ("received", tool.received),
            ("response", tool.response),
            ("contact", tool.contact),
            ("dropped", tool.dropped),
        )
    }
    used = {i for _, i in places} | {i for found in meta.values() for i in found}
    unread = [
        shown(table.headings[i]) or f"column {i + 1}" for i in range(len(table.headings)) if i not in used
    ]
    responses = [
        _response(number, cells, places, meta, mapping, separator=separator) for number, cells in table.rows
    ]
    return responses, unread


def _response(
    number: int,
    cells: tuple[str, ...],
    places: list[tuple[Column, int]],
    meta: dict[str, list[int]],
    mapping: Mapping_,
    *,
    separator: str,
) -> Response:
    from .._checks import text_problem

    record: dict[str, Any] = {}
    envelope: dict[str, Any] = {}
    notes: list[str] = []
    for col, i in places:
        text = cells[i].replace("\r\n", "\n").replace("\r", "\n").strip()
        if not text or (col.field == "envelope.contact" and text.casefold() in _ANONYMOUS):
            continue
        where = f"row {number}, column {col.heading!r}"
        if _FORMULA.match(text):
            notes.append(f"{where}: starts like a spreadsheet formula; check it is meant as text")
        if (why := text_problem(text)) is not None:
            notes.append(f"{where}: {why}")
        value, why = convert(text, col, separator, mapping.dates)
        if why is not None:
            notes.append(f"{where}: {why}")
        if col.field.startswith("envelope."):
            set_path(envelope, col.field.removeprefix("envelope."), value)
        else:
            set_path(record, col.field, value)
    contact = [cells[i].strip() for i in meta["contact"] if cells[i].strip().casefold() not in _ANONYMOUS]
    contact = [c for c in contact if c]
    if contact:
        joined = "; ".join(contact)
        envelope["contact"] = f"{envelope['contact']}; {joined}" if envelope.get("contact") else joined
    for i in meta["received"][:1]:
        raw = cells[i].strip()
        if raw:
            when = parse_time(raw, mapping.dates)
            envelope["received"] = when or raw
            if when is None:
                notes.append(
                    f"row {number}: the time it was sent, {raw!r}, could not be read; kept as written"
                )
    for i in meta["response"][:1]:
        if cells[i].strip():
            envelope["response"] = cells[i].strip()
    return Response(row=number, record=record, envelope=envelope, notes=tuple(notes))
