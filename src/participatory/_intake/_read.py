"""Reading form responses: the bytes a survey tool or a spreadsheet wrote, as rows of text.

Survey tools and spreadsheets write CSV in several encodings (UTF-8 with or without a
byte-order mark, UTF-16 as Excel's "Unicode text", Windows-1252 as Excel's plain "CSV")
and with commas, semicolons or tabs between fields. :func:`read_table` accepts all of
them and says what it assumed; what it cannot read is a located
:class:`~participatory.errors.IntakeError`, never a traceback.

Each tool's export has a shape of its own (:data:`TOOLS`), recognised from its header:

- Microsoft Forms: ``ID``, ``Start time``, ``Completion time``, ``Email``, ``Name`` (and
  sometimes ``Last modified time``) before the questions; a multiple-choice answer is its
  options joined by ``;``; ``anonymous`` where no name or e-mail was collected;
- Google Forms: ``Timestamp`` first, then ``Email address`` when addresses are collected;
  checkbox answers joined by ``", "``;
- Qualtrics: three header rows, the column names (``StartDate``, ``ResponseId``, ``Q1``...),
  the question texts, then a row of ``{"ImportId":...}``; metadata columns include the
  respondent's IP address and location, which are never read;
- JISC Online Surveys: a ``Response ID`` column and the questions, usually numbered
  (``1. Name of the project``); numbers are ignored when headings are matched.
"""

import csv
import io
import re
from collections.abc import Callable, Sequence
from typing import Final

import attrs

from .._errors import IntakeError, Problem

__all__ = ["MAX_CELL", "TOOLS", "Table", "Tool", "decode", "heading_key", "read_table"]

#: The longest cell read, in characters (a long answer is a few thousand).
MAX_CELL: Final = 100_000


@attrs.frozen(kw_only=True)
class Tool:
    """The export shape of one survey tool.

    Parameters
    ----------
    name : str
        Its short name (``ms-forms``), as ``--tool`` and mappings give it.
    label : str
        Its name for people.
    received, response, contact : tuple of str
        Headings of the columns that hold when a response was sent, the tool's id of the
        response, and the respondent's name or e-mail (kept in the private envelope only).
    dropped : tuple of str
        Headings of metadata columns that are never read (IP addresses, locations).
    separator : str
        How a multiple-choice answer joins its options.
    header_rows : int
        How many rows the header takes.
    """

    name: str
    label: str
    received: tuple[str, ...] = ()
    response: tuple[str, ...] = ()
    contact: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    separator: str = ","
    header_rows: int = 1
    detect: Callable[[Sequence[Sequence[str]]], bool] = attrs.field(default=lambda rows: False, repr=False)


def _keys(row: Sequence[str]) -> set[str]:
    return {heading_key(cell) for cell in row}


def _is_qualtrics(rows: Sequence[Sequence[str]]) -> bool:
    first = _keys(rows[0]) if rows else set()
    import_ids = len(rows) > 2 and any(c.lstrip().startswith('{"ImportId"') for c in rows[2])  # noqa: PLR2004
    return import_ids or {"startdate", "responseid"} <= first


TOOLS: Final[dict[str, Tool]] = {
    tool.name: tool
    for tool in (
        Tool(
            name="ms-forms",
            label="Microsoft Forms",
            received=("Completion time",),
            response=("ID",),
            contact=("Name", "Email"),
            separator=";",
            detect=lambda rows: bool(rows) and {"id", "start time", "completion time"} <= _keys(rows[0]),
        ),
        Tool(
            name="google-forms",
            label="Google Forms",
            received=("Timestamp",),
            contact=("Email address", "Email", "Username"),
            separator=", ",
            detect=lambda rows: bool(rows) and bool(rows[0]) and heading_key(rows[0][0]) == "timestamp",
        ),
        Tool(
            name="qualtrics",
            label="Qualtrics",
            received=("RecordedDate", "Recorded Date", "EndDate", "End Date"),
            response=("ResponseId", "Response ID"),
            contact=("RecipientFirstName", "RecipientLastName", "RecipientEmail"),
            dropped=(
                "IPAddress",
                "IP Address",
                "LocationLatitude",
                "Location Latitude",
                "LocationLongitude",
                "Location Longitude",
                "ExternalReference",
                "External Data Reference",
            ),
            separator=",",
            header_rows=3,
            detect=_is_qualtrics,
        ),
        Tool(
            name="jisc",
            label="JISC Online Surveys",
            received=("Completed", "Completed on", "Timestamp"),
            response=("Response ID", "Response Id", "Respondent ID"),
            separator=",",
            detect=lambda rows: bool(rows) and bool({"response id", "respondent id"} & _keys(rows[0])),
        ),
        Tool(name="csv", label="a spreadsheet (CSV)", separator=";"),
    )
}

_NUMBERING = re.compile(r"^\s*(?:q(?:uestion)?\s*)?\d+(?:\.\d+)*(?:\.[a-z])?[.):]?\s+", re.IGNORECASE)
_MARKS = re.compile(r"\s*(?:\((?:required|optional)\)|[*:?])\s*$", re.IGNORECASE)


def heading_key(heading: str) -> str:
    """Return the form of a heading that mappings match: case, spaces, numbering and marks ignored.

    >>> heading_key("3. Closing date (required):"), heading_key("  Start   time")
    ('closing date', 'start time')
    """
    text = " ".join(heading.replace("\ufeff", "").split())
    text = _NUMBERING.sub("", text)
    previous = None
    while previous != text:
        previous, text = text, _MARKS.sub("", text)
    return text.casefold()


@attrs.frozen(kw_only=True)
class Table:
    """The rows of one export.

    Attributes
    ----------
    headings : tuple of tuple of str
        Each column's headings (one per header row: Qualtrics has a name and a question).
    rows : tuple of (int, tuple of str)
        Each response with its row number, as a spreadsheet shows it (the first header row is 1).
    tool : Tool
        The export's shape.
    notes : tuple of str
        What was assumed in reading it (encoding, separator).
    """

    headings: tuple[tuple[str, ...], ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    tool: Tool
    notes: tuple[str, ...] = ()


def shown(headings: Sequence[str]) -> str:
    """How a column is named to people: its question text (Qualtrics' second row), else its name."""
    return next((h for h in reversed(headings) if h and not h.startswith("{")), "")


def _fail(label: str, message: str, record: str = "-", field: str = "-") -> IntakeError:
    return IntakeError([Problem(file=label, record=record, field=field, message=message)])


def decode(data: bytes, label: str) -> tuple[str, list[str]]:
    """Decode an export's bytes; return the text and what was assumed.

    UTF-8 (with or without a byte-order mark) and UTF-16 (with a mark, or recognised by
    its zero bytes) are read as such; other bytes as Windows-1252, which is what Excel
    writes for "CSV" on Windows in English.
    """
    notes: list[str] = []
    if data.startswith(b"PK\x03\x04"):
        raise _fail(label, "an Excel workbook (.xlsx), not CSV: save or download the responses as CSV")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16"
    elif data.startswith(b"\xef\xbb\xbf"):
        codec = "utf-8-sig"
    elif len(data) >= 4 and data[1::2][:8].count(0) >= 3 and b"\x00" not in data[0::2][:8]:  # noqa: PLR2004
        codec = "utf-16-le"
    elif len(data) >= 4 and data[0::2][:8].count(0) >= 3 and b"\x00" not in data[1::2][:8]:  # noqa: PLR2004
        codec = "utf-16-be"
    else:
        codec = "utf-8"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as e:
        if codec != "utf-8":
            raise _fail(label, f"not valid {codec.upper()} text (byte {e.start}: {e.reason})") from None
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as e2:
            raise _fail(
                label, f"cannot tell the file's encoding (byte {e2.start}); save it as 'CSV UTF-8'"
            ) from None
        notes.append("read as Windows-1252 text (not UTF-8): check accented letters and quotes")
    if codec.startswith("utf-16"):
        notes.append("read as UTF-16 text")
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise _fail(label, "a binary file, not CSV text")
    if not text.strip():
        raise _fail(label, "the file is empty")
    return text, notes


def _separator(text: str) -> str:
    first = text.lstrip("\r\n").partition("\n")[0]
    unquoted = re.sub(r'"[^"]*"', "", first)
    counts = {sep: unquoted.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def read_table(data: bytes, label: str, tool: str | None = None) -> Table:
    """Read a CSV export into its headings and rows.

    Parameters
    ----------
    data : bytes
        The file's bytes.
    label : str
        The file, as problems name it.
    tool : str, optional
        The tool that wrote it (a key of :data:`TOOLS`); recognised from the header when
        not given.

    Raises
    ------
    IntakeError
        If the bytes are not CSV text, a row has more fields than the header, a cell is
        longer than :data:`MAX_CELL`, or the header names a column twice.
    """
    text, notes = decode(data, label)
    sep = _separator(text)
    if sep != ",":
        notes.append("fields separated by " + ("tabs" if sep == "\t" else "semicolons"))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=False)
    all_rows: list[tuple[int, list[str]]] = []
    problems: list[Problem] = []
    limit = csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    try:
        for number, fields in enumerate(reader, start=1):  # rows as a spreadsheet numbers them
            all_rows.append((number, fields))
    except csv.Error as e:
        raise _fail(label, f"not valid CSV: {e}", record=f"line {reader.line_num}") from None
    finally:
        csv.field_size_limit(limit)
    all_rows = [(n, r) for n, r in all_rows if any(cell.strip() for cell in r)]
    if not all_rows:
        raise _fail(label, "the file holds no rows")
    shape = TOOLS.get(tool or "") if tool else None
    if tool and shape is None:
        from .._schema import did_you_mean

        raise _fail(
            label, f"unknown survey tool {tool!r}{did_you_mean(tool, TOOLS)} (one of {', '.join(TOOLS)})"
        )
    if shape is None:
        sample = [r for _, r in all_rows[:3]]
        shape = next((t for t in TOOLS.values() if t.detect(sample)), TOOLS["csv"])
    header_rows = shape.header_rows
    if shape.name == "qualtrics" and not (
        len(all_rows) > 2 and any(c.lstrip().startswith("{") for c in all_rows[2][1])  # noqa: PLR2004
    ):
        header_rows = 2  # an export without the ImportId row
    header = [[cell.strip() for cell in r] for _, r in all_rows[:header_rows]]
    width = len(header[0])
    for extra in header[1:]:
        extra.extend([""] * (width - len(extra)))
        del extra[width:]
    headings = tuple(tuple(h[i] for h in header) for i in range(width))
    rows: list[tuple[int, tuple[str, ...]]] = []
    for number, given in all_rows[header_rows:]:
        if len(given) > width and any(f.strip() for f in given[width:]):
            problems.append(
                Problem(
                    file=label,
                    record=f"row {number}",
                    message=f"has {len(given)} fields, the header has {width}",
                )
            )
            continue
        fields = given[:width] + [""] * (width - len(given))
        for i, cell in enumerate(fields):
            if len(cell) > MAX_CELL:
                problems.append(
                    Problem(
                        file=label,
                        record=f"row {number}",
                        field=shown(headings[i]) or f"column {i + 1}",
                        message=f"the cell holds {len(cell):,} characters; the limit is {MAX_CELL:,}",
                    )
                )
        rows.append((number, tuple(fields)))
    if problems:
        raise IntakeError(problems, headline=f"{label}: rows that cannot be read")
    return Table(headings=headings, rows=tuple(rows), tool=shape, notes=tuple(notes))
