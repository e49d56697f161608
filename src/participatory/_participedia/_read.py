"""Reading Participedia's exports: CSV files and the JSON of its search."""

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from .._checks import url_problem
from .._errors import CatalogueNotFoundError, CatalogueValidationError, Problem
from .._schema import did_you_mean
from ._methods import Row, clean_title
from ._pgarray import format_array, format_row

#: Columns without which a file is not an export.
REQUIRED: Final = ("id", "title")
#: The kinds of record an export holds, as its ``type`` column names them.
KINDS: Final = ("method", "case", "organization")
_ID = re.compile(r"[0-9]{1,12}")

# --------------------------------------------------------------------------- reading the CSV


def invalid(label: str, message: str, what: str = "") -> CatalogueValidationError:
    """Return the error for a file that is not an export (``what``: "methods ", "case "...)."""
    return CatalogueValidationError(
        [Problem(file=label, message=message)],
        headline=f"{label}: not a Participedia {what}export",
    )


def read_bytes(path: Path, label: str, what: str = "file") -> bytes:
    """Read an input through the one bounded reading rule (regular files, a size limit)."""
    from .. import _io

    if not path.exists():
        msg = f"{label}: no such {what}"
        raise CatalogueNotFoundError(msg)
    if path.is_dir():
        msg = f"{label}: is a directory, not a {what}"
        raise CatalogueNotFoundError(msg)
    data, problem = _io.read_file(path, label)
    if data is None:
        raise CatalogueValidationError([problem] if problem else [], headline=f"{label}: cannot be read")
    return data


def _decode(data: bytes, label: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise invalid(label, "UTF-16 text; save the file as UTF-8 CSV")
    if b"\x00" in data:
        raise invalid(label, "a binary file, not CSV or JSON text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise invalid(label, f"not UTF-8 text (byte {e.start}: {e.reason})") from None
    if not text.strip():
        raise invalid(label, "the file is empty")
    return text


def read_rows(data: bytes, label: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Parse the bytes of a CSV export into its header and ``(row number, row)`` pairs.

    Raises
    ------
    CatalogueValidationError
        If the bytes are not UTF-8 CSV text, lack a required column, or have rows
        whose number of fields differs from the header's.
    """
    return _csv_rows(_decode(data, label), label)


def _csv_rows(text: str, label: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    first = text.lstrip().partition("\n")[0]
    for sep, name in ((";", "semicolons"), ("\t", "tabs")):
        if sep in first and "," not in first:
            raise invalid(label, f"separated by {name}, not commas; save it as comma-separated CSV")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, dict[str, str]]] = []
    problems: list[Problem] = []
    limit = csv.field_size_limit(max(csv.field_size_limit(), len(text)))  # long articles
    try:
        header = [name.strip() for name in next(reader)]
        _check_header(header, label)
        number = 1
        for fields in reader:
            number += 1
            if not fields:
                number -= 1  # a blank line is not a row
                continue
            if len(fields) != len(header):
                problems.append(
                    Problem(
                        file=label,
                        record=f"row {number}",
                        message=f"has {len(fields)} fields, the header has {len(header)}",
                    )
                )
                continue
            rows.append((number, dict(zip(header, fields, strict=True))))
    except csv.Error as e:
        raise invalid(label, f"not valid CSV at line {reader.line_num}: {e}") from None
    finally:
        csv.field_size_limit(limit)
    if problems:
        raise CatalogueValidationError(problems, headline=f"{label}: malformed CSV rows")
    return header, rows


def _check_header(header: Sequence[str], label: str) -> None:
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        hint = f"; its first line starts {','.join(header)[:60]!r}"
        names = ", ".join(repr(m) for m in missing)
        raise invalid(label, f"missing required column{'s' if len(missing) > 1 else ''} {names}{hint}")
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            raise invalid(label, f"the column {name!r} appears twice in the header")
        seen.add(name)


# --------------------------------------------------------------------------- what a file holds


@attrs.frozen(kw_only=True)
class Skipped:
    """A row (or one cell of a row) not imported, and why.

    Parameters
    ----------
    file : str
        The file it is in.
    row : int
        Its row number (CSV: the header is row 1) or position in the results (JSON,
        from 1).
    where : str
        ``row 4`` or ``results[3]``.
    reason : str
        What was wrong, in words.
    why : str
        The kind of reason, for counting: ``empty row``, ``no title``, ``other type``,
        ``duplicate``, ``malformed links``.
    column : str
        The column of a skipped cell; ``""`` when the whole row was skipped.
    """

    file: str
    row: int
    where: str
    reason: str
    why: str
    column: str = ""

    def __str__(self) -> str:
        column = f" {self.column}" if self.column else ""
        return f"{self.file}: {self.where}{column}: {self.reason}"


@attrs.define
class Input:
    """The records read from one file."""

    label: str
    format: str  # "csv" or "json"
    kind: str  # the CSV's kind; "search results" for JSON
    rows_read: int
    rows: list[Row]
    skipped: list[Skipped]


def read_input(data: bytes, label: str) -> Input:
    """Read one export: a CSV file (its kind from its ``type`` column) or search-results JSON.

    Raises
    ------
    CatalogueValidationError
        If the file is not an export, or rows have bad ids or urls (every problem listed).
    """
    text = _decode(data, label)
    if text.lstrip()[:1] in ("{", "["):
        numbered = _json_rows(text, label)
        rows, skipped = select_rows(numbered, label, None)
        return Input(label, "json", "search results", len(numbered), rows, skipped)
    header, csv_rows = _csv_rows(text, label)
    kind = file_kind(csv_rows, label, header)
    rows, skipped = select_rows(csv_rows, label, kind)
    return Input(label, "csv", kind, len(csv_rows), rows, skipped)


#: Columns that only Participedia's exports of organizations or of cases have (its methods
#: export has none of them): how a file without a ``type`` column is told apart.
KIND_COLUMNS: Final = {
    "organization": ("sector", "type_method_1", "type_tool_1"),
    "case": ("start_date", "end_date", "primary_organizer_id", "formal_evaluation", "change_types_1"),
}


def file_kind(
    rows: Sequence[tuple[int, Mapping[str, str]]], label: str = "", header: Sequence[str] = ()
) -> str:
    """Return the kind of a CSV export: the first known ``type`` of its rows (``method`` if none).

    Raises
    ------
    CatalogueValidationError
        If the file has no ``type`` column but the columns of an export of organizations
        or cases (its rows would otherwise be read as methods), or if no row has a known
        type and one names a type close to a known one (``organisation``: did you mean
        ``organization``?).
    """
    if header and "type" not in header:
        for kind, columns in KIND_COLUMNS.items():
            found = [c for c in columns if c in header]
            if found:
                raise invalid(
                    label,
                    f"has no 'type' column, but its columns ({', '.join(found)}) are those of Participedia's "
                    f"{kind} export, so its rows cannot be read as methods; export it again (Participedia's "
                    f"exports have a 'type' column) or add a 'type' column saying {kind!r} in every row",
                )
    unknown: dict[str, int] = {}
    for number, row in rows:
        kind = row.get("type", "").strip().lower()
        if kind in KINDS:
            return kind
        if kind:
            unknown.setdefault(kind, number)
    for word, number in unknown.items():
        hint = did_you_mean(word, KINDS)
        if hint:
            message = f"{word!r} is not one of {', '.join(KINDS)}{hint}"
            problem = Problem(file=label, record=f"row {number}", field="type", message=message)
            raise CatalogueValidationError([problem], headline=f"{label}: no row has a known type")
    return "method"


def _article(kind: str) -> str:
    return f"an {kind}" if kind[:1] in "aeiou" else f"a {kind}"


def select_rows(
    rows: Sequence[tuple[int, dict[str, str]]], label: str, kind: str | None
) -> tuple[list[Row], list[Skipped]]:
    """Keep the rows of ``kind`` (each row's own kind when ``None``: JSON) with an id and a title.

    Raises
    ------
    CatalogueValidationError
        For a non-numeric or repeated id, or a url that is not a web address.
    """
    kept: list[Row] = []
    skipped: list[Skipped] = []
    problems: list[Problem] = []
    first_row: dict[tuple[str, int], str] = {}
    for number, row in rows:
        where = f"row {number}" if kind is not None else f"results[{number - 1}]"

        def skip(reason: str, why: str, number: int = number, where: str = where) -> None:
            skipped.append(Skipped(file=label, row=number, where=where, reason=reason, why=why))

        if not any(value.strip() for value in row.values()):
            skip("empty row", "empty row")
            continue
        raw_id = row.get("id", "").strip()
        if not _ID.fullmatch(raw_id):
            problems.append(
                Problem(file=label, record=where, field="id", message=f"{raw_id!r} is not a Participedia id")
            )
            continue
        pid = int(raw_id)
        row_kind = row.get("type", "").strip().lower()
        key = (row_kind if kind is None else "", pid)
        if key in first_row:
            problems.append(
                Problem(file=label, record=where, field="id", message=f"id {pid} is also on {first_row[key]}")
            )
            continue
        first_row[key] = where
        if kind is not None and row_kind not in ("", kind):
            hint = did_you_mean(row_kind, KINDS) if row_kind not in KINDS else ""
            skip(f"type {row_kind!r}, not {_article(kind)}{hint}", "other type")
            continue
        if kind is None and row_kind not in KINDS:
            skip(
                f"type {row_kind!r}, not a method, case or organization{did_you_mean(row_kind, KINDS)}",
                "other type",
            )
            continue
        row_kind = kind or row_kind
        title = clean_title(row.get("title", ""))
        if not title:
            skip(f"participedia id {pid} has no title", "no title")
            continue
        url = row.get("url", "").strip() or f"https://participedia.net/{row_kind}/{pid}"
        if (msg := url_problem(url)) is not None:
            problems.append(Problem(file=label, record=where, field="url", message=msg))
            continue
        kept.append(
            Row(file=label, where=where, number=number, kind=row_kind, pid=pid, title=title, row=row, url=url)
        )
    if problems:
        raise CatalogueValidationError(problems, headline=f"{label}: rows with problems")
    return kept, skipped


# --------------------------------------------------------------------------- JSON


def _json_rows(text: str, label: str) -> list[tuple[int, dict[str, str]]]:
    """Return the results of Participedia's search JSON, each flattened to CSV-like cells."""
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as e:
        raise invalid(label, f"not valid JSON: {e}") from None
    results = doc.get("results") if isinstance(doc, dict) else doc
    if not isinstance(results, list):
        raise invalid(label, "JSON without a 'results' list (expected the JSON of a Participedia search)")
    rows: list[tuple[int, dict[str, str]]] = []
    problems: list[Problem] = []
    for i, item in enumerate(results):
        if not isinstance(item, dict):
            problems.append(
                Problem(
                    file=label, record=f"results[{i}]", message=f"expected an object, got {_json_type(item)}"
                )
            )
            continue
        rows.append((i + 1, flatten(item)))
    if problems:
        raise CatalogueValidationError(problems, headline=f"{label}: results with problems")
    return rows


def _json_type(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}.get(
        type(value), "a number" if isinstance(value, int | float) else "null"
    )


def flatten(item: Mapping[str, Any]) -> dict[str, str]:
    """Turn one JSON result into the cells a CSV row would have.

    Scalars become text (``true``/``false`` as ``1``/``0``); a list of strings becomes
    ``name_1``, ``name_2``...; a linked record (``{"id", "type", "title"}``) becomes a
    Postgres row and a list of them a Postgres array, as in the CSV; other values
    (photos, videos, nested objects) are left out.
    """
    row: dict[str, str] = {}
    for name, value in item.items():
        if value is None:
            row[name] = ""
        elif isinstance(value, bool):
            row[name] = "1" if value else "0"
        elif isinstance(value, int | float | str):
            row[name] = str(value)
        elif isinstance(value, dict) and _is_link(value):
            row[name] = format_row(_link_fields(value))
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            for i, text in enumerate(value, 1):
                row[f"{name}_{i}"] = text
        elif isinstance(value, list) and all(isinstance(v, dict) and _is_link(v) for v in value):
            row[name] = format_array([format_row(_link_fields(v)) for v in value])
    return row


def _is_link(value: Mapping[str, Any]) -> bool:
    return "id" in value and "type" in value


def _link_fields(value: Mapping[str, Any]) -> list[str | None]:
    return [None if value.get(k) is None else str(value[k]) for k in ("id", "type", "title")]
