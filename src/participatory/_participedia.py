"""Importing Participedia's methods CSV export into a catalogue.

Participedia (https://participedia.net) publishes its content under CC BY-NC-SA 3.0.
The importer turns a downloaded methods CSV into a catalogue named ``participedia``
that ``extends`` the built-in ``core`` catalogue: one technique per row, each citing
its Participedia page. The data is the user's to keep; it never ships with this
package.

The format facts this module relies on (columns, codes, quirks) are described in
``docs/importing.md``. Every code listed there maps to a field value or a tag
(:data:`CODES`); an unknown code is kept as a tag and counted in the summary.
"""

import csv
import io
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from . import _io
from ._catalogue import Catalogue, CatalogueInfo
from ._checks import url_problem
from ._errors import (
    CatalogueNotFoundError,
    CatalogueValidationError,
    Problem,
    UnknownIdError,
)
from ._model import KINDS, GroupSize, Level, Mode, Source, Technique
from ._schema import slugify

__all__ = [
    "CODES",
    "ID_PREFIX",
    "LICENCE",
    "NAME",
    "SYNONYMS",
    "ImportSummary",
    "import_participedia",
    "match_key",
]

#: Name of the catalogue the importer writes.
NAME: Final = "participedia"
#: Licence of Participedia's content, recorded in the catalogue's metadata.
LICENCE: Final = "CC BY-NC-SA 3.0"
LICENCE_URL: Final = "https://creativecommons.org/licenses/by-nc-sa/3.0/"
#: Every imported id starts with this, so that ids never clash with ``core`` (or
#: with ids ``core`` adds later): ``participedia-citizens-jury``.
ID_PREFIX: Final = f"{NAME}-"
#: Columns without which a file is not a methods export.
REQUIRED: Final = ("id", "title")
#: Longest summary taken from the start of an article body, in characters.
SUMMARY_LIMIT: Final = 300

DESCRIPTION: Final = (
    "Methods imported from Participedia (https://participedia.net), whose content is "
    f"licensed {LICENCE} ({LICENCE_URL}). Duties of anyone who uses or shares this "
    "catalogue: attribute Participedia and its contributors, keeping each technique's "
    "source link to its Participedia page; use it for non-commercial purposes only; share "
    "anything derived from it under the same licence. Do not ship it inside a software "
    "package: let each user import their own download."
)

_MULTI = ("_1", "_2", "_3")

#: Codes of each column: code -> ``field:value`` targets on the technique. Fields are
#: ``levels``, ``modes``, ``facilitated`` (``yes``/``no``), ``size`` (a group-size
#: bucket), ``purposes``, ``recruitment``, ``interactions``, ``decisions`` and ``tags``.
#: Columns whose name is given without ``_1`` are read from ``_1``, ``_2`` and ``_3``.
CODES: Final[Mapping[str, Mapping[str, tuple[str, ...]]]] = {
    "facilitators": {
        "1": ("facilitated:yes",),
        "0": ("facilitated:no",),
        "not_applicable": ("tags:facilitation-not-applicable",),
        "n/a": ("tags:facilitation-not-applicable",),
    },
    "facetoface_online_or_both": {
        "facetoface": ("modes:in-person",),
        "online": ("modes:online",),
        "both": ("modes:in-person", "modes:online"),
    },
    "public_spectrum": {
        "inform": ("levels:inform",),
        "consult": ("levels:consult",),
        "involve": ("levels:involve",),
        "collaborate": ("levels:collaborate",),
        "empower": ("levels:empower",),
        "not": ("tags:spectrum-not-applicable",),
        "not_applicable": ("tags:spectrum-not-applicable",),
    },
    "open_limited": {
        "open": ("recruitment:open",),
        "open_to": ("recruitment:open", "recruitment:targeted"),
        "limited": ("recruitment:limited",),
        "both": ("recruitment:open", "recruitment:limited"),
    },
    "recruitment_method": {
        "random": ("recruitment:random",),
        "stratified": ("recruitment:stratified",),
        "captive": ("recruitment:captive-sample",),
        "captive_sample": ("recruitment:captive-sample",),
        "election": ("recruitment:election",),
        "appointment": ("recruitment:appointment",),
        "not": ("tags:recruitment-not-applicable",),
        "not_applicable": ("tags:recruitment-not-applicable",),
    },
    "level_polarization": {
        "not": ("tags:polarisation-none",),
        "low": ("tags:polarisation-low",),
        "moderate": ("tags:polarisation-moderate",),
        "polarized": ("tags:polarisation-polarised",),
        "high": ("tags:polarisation-high",),
    },
    "level_complexity": {
        "very_low": ("tags:complexity-very-low",),
        "low": ("tags:complexity-low",),
        "moderate": ("tags:complexity-moderate",),
        "high": ("tags:complexity-high",),
        "very_high": ("tags:complexity-very-high",),
    },
    "method_types": {
        "deliberative": ("tags:deliberative",),
        "collaborative": ("tags:collaborative",),
        "community": ("tags:community-development",),
        "planning": ("tags:planning",),
        "experiential": ("tags:experiential-education",),
        "evaluation": ("tags:evaluation-oversight",),
        "research": ("tags:participatory-research",),
        "informal": ("tags:informal-conversation-space",),
        "direct": ("tags:direct-democracy",),
        "longterm": ("tags:long-term-civic-body",),
        "participatory": ("tags:participatory-arts",),
        "participantled": ("tags:participant-led",),
        "public": ("tags:public-budgeting",),
        "public_meetings": ("tags:public-meeting",),
        "internal": ("tags:internal-organisational",),
        "protest": ("tags:protest",),
        "informal_participation": ("tags:informal-participation",),
    },
    "number_of_participants": {
        "individuals": ("size:individuals",),
        "small": ("size:small",),
        "medium": ("size:medium",),
        "large": ("size:large",),
        "no_limit": ("size:no_limit",),
    },
    "scope_of_influence": {
        "neighbourhood": ("tags:scope-neighbourhood",),
        "neighborhood": ("tags:scope-neighbourhood",),
        "city/town": ("tags:scope-city-town",),
        "metropolitan": ("tags:scope-metropolitan",),
        "regional": ("tags:scope-regional",),
        "national": ("tags:scope-national",),
        "multinational": ("tags:scope-multinational",),
        "international": ("tags:scope-multinational",),
        "organization": ("tags:scope-organisation",),
        "no_geo": ("tags:scope-non-geographic",),
        "local": ("tags:scope-local",),
    },
    "participants_interactions": {
        "discussion": ("interactions:discussion",),
        "ask": ("interactions:ask-questions",),
        "express": ("interactions:express-views",),
        "storytelling": ("interactions:storytelling",),
        "negotiation": ("interactions:negotiation",),
        "listenwatch": ("interactions:listen-watch",),
        "teachinginstructing": ("interactions:teaching-instructing",),
        "formal": ("interactions:formal-testimony",),
        "informal": ("interactions:informal-conversation",),
        "acting": ("interactions:acting-drama",),
        "no_interaction": ("interactions:no-interaction",),
    },
    "decision_methods": {
        "general": ("decisions:consensus",),
        "idea": ("decisions:idea-generation",),
        "voting": ("decisions:voting",),
        "opinion": ("decisions:opinion-survey",),
        "n/a": ("tags:decision-not-applicable",),
        "not_applicable": ("tags:decision-not-applicable",),
        "dont": ("tags:decision-dont-know",),
    },
    "if_voting": {
        "majoritarian": ("decisions:majority-vote",),
        "plurality": ("decisions:plurality-vote",),
        "preferential": ("decisions:preferential-vote",),
        "supermajoritarian": ("decisions:supermajority-vote",),
        "unanimous": ("decisions:unanimous-vote",),
    },
    "purpose_method": {
        "make": ("purposes:influence-public-decisions",),
        "make_influence": ("purposes:influence-organisations",),
        "develop": ("purposes:civic-capacity",),
        "deliver": ("purposes:deliver-services",),
        "academic": ("purposes:research",),
    },
    "original_language": {code: (f"tags:language-{code}",) for code in ("en", "it", "de", "es", "nl", "fr")},
}

#: Columns spread over ``_1``, ``_2`` and ``_3``.
_MULTI_COLUMNS: Final = frozenset(
    {
        "method_types",
        "number_of_participants",
        "scope_of_influence",
        "participants_interactions",
        "decision_methods",
        "if_voting",
        "purpose_method",
    }
)

#: Prefix of the tag that keeps an unknown code of each column (``method-type-x``).
_UNKNOWN_PREFIX: Final[Mapping[str, str]] = {
    "facilitators": "facilitation",
    "facetoface_online_or_both": "mode",
    "public_spectrum": "spectrum",
    "open_limited": "participation",
    "recruitment_method": "recruitment",
    "level_polarization": "polarisation",
    "level_complexity": "complexity",
    "method_types": "method-type",
    "number_of_participants": "participants",
    "scope_of_influence": "scope",
    "participants_interactions": "interaction",
    "decision_methods": "decision",
    "if_voting": "voting",
    "purpose_method": "purpose",
    "original_language": "language",
}

#: Group-size buckets: (min, max); ``None`` for no upper limit.
_SIZES: Final[Mapping[str, tuple[int, int | None]]] = {
    "individuals": (1, 1),
    "small": (2, 19),
    "medium": (50, 100),
    "large": (101, None),
    "no_limit": (1, None),
}

#: Known names of the same technique that normalisation alone does not catch:
#: Participedia title -> id of a ``core`` technique (used only when ``core`` has it).
SYNONYMS: Final[Mapping[str, str]] = {
    "Photo novella": "photovoice",
    "Danish consensus conference": "consensus-conference",
    "Delphi study": "delphi-survey",
    "Delphi panel": "delphi-survey",
    "Focus group discussion": "focus-group",
    "James Lind Alliance": "priority-setting-partnership",
}

_MARKS = re.compile(r"\((?:r|tm|c)\)|[®™©]", re.IGNORECASE)
_PARENS = re.compile(r"\([^()]*\)")
_HEADING_MAX = 80  # longest line of a body taken for a heading
_GENERIC = frozenset({"method", "methods", "technique", "techniques", "process", "approach"})
_ID = re.compile(r"[0-9]{1,12}")
_DATE = re.compile(r"([0-9]{4})-[0-9]{2}-[0-9]{2}")
_SENTENCE_END = re.compile(r"[.!?][\"'’”)\]]?(?=\s)")


# --------------------------------------------------------------------------- summary


@attrs.frozen(kw_only=True)
class ImportSummary:
    """What an import read, wrote, renamed, linked and did not recognise.

    ``str(summary)`` is the report the ``participatory import`` command prints.

    Parameters
    ----------
    source : str
        The CSV file read.
    output : str or None
        Where the catalogue was written; ``None`` when nothing was written.
    rows_read : int
        Data rows in the file (the header and blank lines not counted).
    techniques_written : int
        Techniques in the catalogue.
    renamed : tuple of (str, str)
        ``(participedia id, technique id)`` of each row whose title another row with
        a lower Participedia id already had, and whose id got a ``-2``, ``-3``... suffix.
    unknown_codes : mapping of str to mapping of str to int
        Codes not in the format description, by column: code -> number of rows.
        Each was kept as a tag.
    linked : mapping of str to tuple of str
        Imported technique id -> ids of the ``core`` techniques it is the same as.
    staged : int
        Techniques given stages by the stage map.
    unused_stage_keys : tuple of str
        Stage-map keys that matched no row.
    skipped : tuple of (int, str)
        ``(row, reason)`` for each row not imported (rows numbered as in a
        spreadsheet: the header is row 1).
    catalogue : Catalogue
        The imported catalogue.
    """

    source: str
    output: str | None = None
    rows_read: int = 0
    techniques_written: int = 0
    renamed: tuple[tuple[str, str], ...] = ()
    unknown_codes: Mapping[str, Mapping[str, int]] = attrs.field(factory=dict)
    linked: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    staged: int = 0
    unused_stage_keys: tuple[str, ...] = ()
    skipped: tuple[tuple[int, str], ...] = ()
    catalogue: Catalogue = attrs.field(factory=Catalogue, eq=False, repr=False)

    @property
    def unknown_count(self) -> int:
        """Number of unknown codes met, over every column and row."""
        return sum(sum(codes.values()) for codes in self.unknown_codes.values())

    def to_dict(self) -> dict[str, Any]:
        """Return the summary as plain data (for JSON output), without the catalogue."""
        return {
            "source": self.source,
            "output": self.output,
            "rows_read": self.rows_read,
            "techniques_written": self.techniques_written,
            "duplicates_renamed": [{"participedia_id": p, "id": t} for p, t in self.renamed],
            "unknown_codes": {col: dict(codes) for col, codes in self.unknown_codes.items()},
            "same_as": {tid: list(ids) for tid, ids in self.linked.items()},
            "staged": self.staged,
            "unused_stage_keys": list(self.unused_stage_keys),
            "skipped": [{"row": row, "reason": reason} for row, reason in self.skipped],
        }

    def __str__(self) -> str:
        where = f" to {self.output}" if self.output else " (nothing written)"
        lines = [
            f"rows read: {self.rows_read}",
            f"techniques written: {self.techniques_written}{where}",
            f"duplicates renamed: {len(self.renamed)}"
            + "".join(f"\n  participedia id {p} -> {t}" for p, t in self.renamed),
            f"linked to core (same_as): {len(self.linked)}"
            + "".join(f"\n  {tid} = {', '.join(ids)}" for tid, ids in self.linked.items()),
            f"given stages from the stage map: {self.staged}",
        ]
        if self.unused_stage_keys:
            keys = ", ".join(repr(k) for k in self.unused_stage_keys)
            lines.append(f"stage-map keys matching no row: {keys}")
        if self.skipped:
            lines.append(f"rows skipped: {len(self.skipped)}")
            lines.extend(f"  row {row}: {reason}" for row, reason in self.skipped)
        lines.append(f"unknown codes (kept as tags): {self.unknown_count}")
        for column, codes in self.unknown_codes.items():
            listed = ", ".join(f"{code!r} x{n}" for code, n in codes.items())
            lines.append(f"  {column}: {sum(codes.values())} ({listed})")
        return "\n".join(lines)


# --------------------------------------------------------------------------- titles and matching


def clean_title(title: str) -> str:
    """Return a title without (R)/(TM) marks and with its whitespace collapsed.

    Examples
    --------
    >>> clean_title("  21st Century Town Meeting®  ")
    '21st Century Town Meeting'
    """
    return " ".join(_MARKS.sub(" ", title).split())


def match_key(name: str) -> str:
    """Return the key under which two technique names count as the same.

    The name is cleaned (:func:`clean_title`), slugified (accents, case, curly and
    straight apostrophes and punctuation folded), a leading ``the`` and trailing
    generic words (``method``, ``technique``, ``process``, ``approach``) dropped,
    the last word made singular, and the hyphens removed.

    Examples
    --------
    >>> match_key("Citizens’ Juries") == match_key("Citizens' jury")
    True
    >>> match_key("Delphi Method") == match_key("Delphi")
    True
    >>> match_key("World Café") == match_key("World cafe")
    True
    """
    words = slugify(clean_title(name)).split("-")
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in _GENERIC:
        words.pop()
    last = words[-1]
    if len(last) > len("ies") + 1 and last.endswith("ies"):
        words[-1] = last[: -len("ies")] + "y"
    elif len(last) > len("ss") + 1 and last.endswith("s") and not last.endswith(("ss", "us", "is")):
        words[-1] = last[:-1]
    return "".join(words)


def _title_keys(title: str) -> set[str]:
    keys = {match_key(title), match_key(_PARENS.sub(" ", title))}
    keys.discard("")
    return keys


def _core_index(core: Catalogue) -> dict[str, set[str]]:
    index: dict[str, set[str]] = {}
    for tech in core.techniques.values():
        for name in (tech.id, tech.name, *tech.aliases):
            key = match_key(name)
            if key:
                index.setdefault(key, set()).add(tech.id)
    for title, tid in SYNONYMS.items():
        if tid in core.techniques:
            index.setdefault(match_key(title), set()).add(tid)
    return index


# --------------------------------------------------------------------------- reading the CSV


def _invalid(label: str, message: str) -> CatalogueValidationError:
    return CatalogueValidationError(
        [Problem(file=label, message=message)],
        headline=f"{label}: not a Participedia methods export",
    )


def _read_bytes(path: Path, label: str, what: str = "file") -> bytes:
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
        raise _invalid(label, "UTF-16 text; save the file as UTF-8 CSV")
    if b"\x00" in data:
        raise _invalid(label, "a binary file, not CSV text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise _invalid(label, f"not UTF-8 text (byte {e.start}: {e.reason})") from None
    if not text.strip():
        raise _invalid(label, "the file is empty")
    return text


def read_rows(data: bytes, label: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Parse the bytes of a methods export into its header and ``(row number, row)`` pairs.

    Raises
    ------
    CatalogueValidationError
        If the bytes are not UTF-8 CSV text, lack a required column, or have rows
        whose number of fields differs from the header's.
    """
    text = _decode(data, label)
    first = text.lstrip().partition("\n")[0]
    for sep, name in ((";", "semicolons"), ("\t", "tabs")):
        if sep in first and "," not in first:
            raise _invalid(label, f"separated by {name}, not commas; save it as comma-separated CSV")
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
        raise _invalid(label, f"not valid CSV at line {reader.line_num}: {e}") from None
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
        raise _invalid(label, f"missing required column{'s' if len(missing) > 1 else ''} {names}{hint}")
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            raise _invalid(label, f"the column {name!r} appears twice in the header")
        seen.add(name)


def _cells(row: Mapping[str, str], column: str) -> Iterator[str]:
    names = [column + suffix for suffix in _MULTI] + [column] if column in _MULTI_COLUMNS else [column]
    for name in names:
        value = row.get(name, "").strip()
        if value:
            yield value


def _normal_code(column: str, code: str) -> str:
    code = code.strip().lower()
    if column == "level_polarization":
        code = code.removesuffix("_polarization")
    return code


# --------------------------------------------------------------------------- rows to techniques


def _squash(text: str) -> str:
    return " ".join(text.split())


def _cut(text: str, limit: int = SUMMARY_LIMIT) -> str:
    if len(text) <= limit:
        return text
    window = text[: limit + 1]
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    if ends:
        return text[: ends[-1]]
    cut = window[:limit].rsplit(" ", 1)[0].rstrip(",;:-")
    return (cut or window[:limit]) + "…"


def _skip_headings(body: str) -> str:
    lines = [line.strip() for line in body.splitlines()]
    lines = [line for line in lines if line]
    while len(lines) > 1 and len(lines[0]) <= _HEADING_MAX and not lines[0].endswith((".", "!", "?", ":")):
        lines.pop(0)
    return " ".join(lines)


def make_summary(description: str, body: str, limit: int = SUMMARY_LIMIT) -> str:
    r"""Return the description, or else the start of the body cut at a sentence end.

    Leading heading lines of the body (short lines without a full stop) are skipped;
    the result is at most ``limit`` characters (plus an ellipsis when no sentence
    ends early enough).

    Examples
    --------
    >>> make_summary("", "Overview\nPeople meet. They talk at length about it.", limit=20)
    'People meet.'
    """
    text = _squash(description)
    if text:
        return _cut(text, limit)
    return _cut(_squash(_skip_headings(body)), limit)


@attrs.define
class _Row:
    number: int
    pid: int
    title: str
    row: Mapping[str, str]
    url: str
    base: str = ""


@attrs.define
class _Facets:
    values: dict[str, list[str]] = attrs.field(factory=dict)
    unknown: dict[str, Counter[str]] = attrs.field(factory=dict)

    def add(self, field: str, value: str) -> None:
        bucket = self.values.setdefault(field, [])
        if value not in bucket:
            bucket.append(value)

    def get(self, field: str) -> tuple[str, ...]:
        return tuple(self.values.get(field, ()))


def _facets(row: Mapping[str, str], unknown: dict[str, Counter[str]]) -> _Facets:
    facets = _Facets()
    for column, table in CODES.items():
        for raw in _cells(row, column):
            code = _normal_code(column, raw)
            targets = table.get(code)
            if targets is None:
                unknown.setdefault(column, Counter())[code] += 1
                tag = slugify(code)
                if tag:
                    facets.add("tags", f"{_UNKNOWN_PREFIX[column]}-{tag}")
                continue
            for target in targets:
                field, _, value = target.partition(":")
                facets.add(field, value)
    return facets


def _group_size(buckets: Iterable[str]) -> GroupSize | None:
    sizes = [_SIZES[b] for b in buckets]
    if not sizes:
        return None
    low = min(lo for lo, _ in sizes)
    highs = [hi for _, hi in sizes]
    return GroupSize(min=low, max=None if None in highs else max(h for h in highs if h is not None))


def _facilitated(values: Sequence[str]) -> bool | None:
    if len(values) == 1:
        return values[0] == "yes"
    return None


def _source(name: str, url: str, row: Mapping[str, str]) -> Source:
    found = _DATE.fullmatch(row.get("post_date", "").strip())
    year = int(found[1]) if found and 1500 <= int(found[1]) <= 2100 else None  # noqa: PLR2004
    return Source(title=f"{name} (Participedia)", url=url, publisher="Participedia", year=year)


def _technique(
    item: _Row, tid: str, stages: tuple[str, ...], same_as: tuple[str, ...], unknown: dict[str, Counter[str]]
) -> Technique:
    facets = _facets(item.row, unknown)
    return Technique(
        id=tid,
        name=item.title,
        summary=make_summary(item.row.get("description", ""), item.row.get("body", "")),
        sources=(_source(item.title, item.url, item.row),),
        tags=facets.get("tags"),
        stages=stages,
        levels=tuple(sorted(Level(v) for v in facets.get("levels"))),
        modes=tuple(sorted(Mode(v) for v in facets.get("modes"))),
        group_size=_group_size(facets.get("size")),
        purposes=facets.get("purposes"),
        recruitment=facets.get("recruitment"),
        interactions=facets.get("interactions"),
        decisions=facets.get("decisions"),
        facilitated=_facilitated(facets.get("facilitated")),
        same_as=same_as,
    )


def _select_rows(
    rows: Sequence[tuple[int, dict[str, str]]], label: str
) -> tuple[list[_Row], list[tuple[int, str]]]:
    kept: list[_Row] = []
    skipped: list[tuple[int, str]] = []
    problems: list[Problem] = []
    first_row: dict[int, int] = {}
    for number, row in rows:
        where = f"row {number}"
        if not any(value.strip() for value in row.values()):
            skipped.append((number, "empty row"))
            continue
        raw_id = row["id"].strip()
        if not _ID.fullmatch(raw_id):
            problems.append(
                Problem(file=label, record=where, field="id", message=f"{raw_id!r} is not a Participedia id")
            )
            continue
        pid = int(raw_id)
        if pid in first_row:
            problems.append(
                Problem(
                    file=label,
                    record=where,
                    field="id",
                    message=f"id {pid} is also on row {first_row[pid]}",
                )
            )
            continue
        first_row[pid] = number
        kind = row.get("type", "").strip().lower()
        if kind not in ("", "method"):
            skipped.append((number, f"type {kind!r}, not a method"))
            continue
        title = clean_title(row["title"])
        if not title:
            skipped.append((number, f"participedia id {pid} has no title"))
            continue
        url = row.get("url", "").strip() or f"https://participedia.net/method/{pid}"
        if (msg := url_problem(url)) is not None:
            problems.append(Problem(file=label, record=where, field="url", message=msg))
            continue
        kept.append(_Row(number=number, pid=pid, title=title, row=row, url=url))
    if problems:
        raise CatalogueValidationError(problems, headline=f"{label}: rows with problems")
    return kept, skipped


def _assign_ids(items: list[_Row]) -> tuple[dict[int, str], list[tuple[str, str]]]:
    """Give every row a unique id; the lowest Participedia id keeps the plain slug."""
    ids: dict[int, str] = {}
    taken: set[str] = set()
    later: list[_Row] = []
    for item in sorted(items, key=lambda r: r.pid):
        item.base = ID_PREFIX + (slugify(clean_title(item.title)) or f"method-{item.pid}")
        if item.base in taken:
            later.append(item)
        else:
            taken.add(item.base)
            ids[item.pid] = item.base
    renamed: list[tuple[str, str]] = []
    for item in later:
        n = 2
        while f"{item.base}-{n}" in taken:
            n += 1
        ids[item.pid] = f"{item.base}-{n}"
        taken.add(ids[item.pid])
        renamed.append((str(item.pid), ids[item.pid]))
    return ids, renamed


# --------------------------------------------------------------------------- stage maps


StageMap = Mapping[str, Sequence[str] | str]


@attrs.frozen
class _Stages:
    by_id: Mapping[int, tuple[str, ...]]
    by_title: Mapping[str, tuple[str, ...]]
    keys: Mapping[str, str]  # the key as written -> "id:N" or "title:KEY"


def _read_stage_map(stage_map: str | os.PathLike[str] | StageMap | None, core: Catalogue) -> _Stages:
    if stage_map is None:
        return _Stages({}, {}, {})
    if isinstance(stage_map, Mapping):
        doc: Any = stage_map
        label = "stage map"
    else:
        label = os.fspath(stage_map)
        data = _read_bytes(Path(stage_map), label, "stage-map file")
        doc, problem = _io.parse(data, label)
        if problem is not None:
            raise CatalogueValidationError([problem])
        if not isinstance(doc, dict):
            raise CatalogueValidationError(
                [Problem(file=label, message="expected a table of title or id = [stage ids]")]
            )
    problems: list[Problem] = []
    by_id: dict[int, tuple[str, ...]] = {}
    by_title: dict[str, tuple[str, ...]] = {}
    keys: dict[str, str] = {}
    for key, value in doc.items():
        terms = [value] if isinstance(value, str) else value
        if not isinstance(key, str) or not isinstance(terms, list | tuple):
            problems.append(
                Problem(file=label, record=str(key), message="expected a list of stage ids or names")
            )
            continue
        stages: list[str] = []
        for i, term in enumerate(terms):
            found, message = _resolve_stage(term, core)
            if message:
                problems.append(Problem(file=label, record=key, field=f"[{i}]", message=message))
            stages.extend(s for s in found if s not in stages)
        if key.strip().isascii() and key.strip().isdigit():
            by_id[int(key)] = tuple(stages)
            keys[key] = f"id:{int(key)}"
        else:
            title_key = slugify(clean_title(key))
            by_title[title_key] = tuple(stages)
            keys[key] = f"title:{title_key}"
    if problems:
        raise CatalogueValidationError(problems, headline=f"{label}: stage map has problems")
    return _Stages(by_id, by_title, keys)


def _resolve_stage(term: object, core: Catalogue) -> tuple[tuple[str, ...], str]:
    if not isinstance(term, str):
        return (), f"expected a stage id or name, got {type(term).__name__}"
    if core.stages:
        try:
            return core.resolve(term, "stage"), ""
        except UnknownIdError as e:
            return (), str(e).replace("no record with id", "unknown stage")
    if slugify(term) != term:
        return (), f"{term!r} is not a stage id"
    return (term,), ""


# --------------------------------------------------------------------------- output


# --------------------------------------------------------------------------- the import


def import_participedia(
    csv_path: str | os.PathLike[str],
    output_dir: str | os.PathLike[str] | None,
    *,
    stage_map: str | os.PathLike[str] | StageMap | None = None,
    force: bool = False,
    core: Catalogue | None = None,
) -> ImportSummary:
    r"""Turn a Participedia methods CSV export into a catalogue named ``participedia``.

    Each row becomes a technique whose id is ``participedia-`` plus a slug of its
    title (``-2``, ``-3``... for later rows, by Participedia id, that share a title),
    citing the row's Participedia page. Codes become field values or tags (see
    ``docs/importing.md``); unknown codes are kept as tags and counted. Where a
    method is the same technique as one of ``core`` (by :func:`match_key` on names
    and aliases, or :data:`SYNONYMS`), its ``same_as`` names the core technique.

    Parameters
    ----------
    csv_path : str or path-like
        The downloaded CSV file.
    output_dir : str, path-like or None
        Directory (or ``.toml``/``.json`` file) to write the catalogue to, atomically;
        ``None`` to write nothing (the catalogue is in ``summary.catalogue``).
    stage_map : str, path-like or mapping, optional
        A TOML/JSON file (or a mapping) from a method's title or Participedia id to
        stage ids, names or crosswalk terms of ``core``. Without it, techniques have
        no stages.
    force : bool
        Replace an output that already holds a different catalogue.
    core : Catalogue, optional
        The catalogue to link to and take stages from; the built-in ``core`` by
        default.

    Returns
    -------
    ImportSummary
        Counts, renamed ids, links, unknown codes, and the catalogue.

    Raises
    ------
    CatalogueNotFoundError
        If the CSV or stage-map file does not exist.
    CatalogueValidationError
        If the file is not a methods export (binary, not UTF-8 CSV, missing the
        ``id`` or ``title`` column, malformed rows, bad ids) or the stage map has
        problems; every problem is listed. Nothing is written.
    CatalogueWriteError
        If the output holds a different catalogue (and ``force`` is false) or
        cannot be written.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> csv_file = pathlib.Path(tempfile.mkdtemp()) / "methods.csv"
    >>> _ = csv_file.write_text('"id","title","public_spectrum"\n"7","Citizens Jury","empower"\n')
    >>> summary = import_participedia(csv_file, None, core=Catalogue())
    >>> summary.catalogue.techniques["participedia-citizens-jury"].levels
    (<Level.EMPOWER: 'empower'>,)
    """
    label = os.fspath(csv_path)
    data = _read_bytes(Path(csv_path), label)
    _, rows = read_rows(data, label)
    items, skipped = _select_rows(rows, label)
    if core is None:
        from ._builtin import builtin_catalogue

        core = builtin_catalogue("core")
    stages = _read_stage_map(stage_map, core)
    if not items:
        raise _invalid(label, "no method rows to import" + (" (the file has no rows)" if not rows else ""))
    target = Path(output_dir) if output_dir is not None else None
    if target is not None:
        inputs = [csv_path, stage_map if isinstance(stage_map, str | os.PathLike) else None]
        directory = target.suffix not in _io.FORMATS
        written = [f"{kind}.toml" for kind in ("catalogue", *KINDS)]
        _io.check_output(target, overwrite=force, directory=directory, replaces=written, inputs=inputs)

    ids, renamed = _assign_ids(items)
    index = _core_index(core)
    unknown: dict[str, Counter[str]] = {}
    used_keys: set[str] = set()
    linked: dict[str, tuple[str, ...]] = {}
    techniques: list[Technique] = []
    staged = 0
    for item in sorted(items, key=lambda r: r.pid):
        tid = ids[item.pid]
        title_key = slugify(clean_title(item.title))
        if item.pid in stages.by_id:
            tech_stages = stages.by_id[item.pid]
            used_keys.add(f"id:{item.pid}")
        else:
            tech_stages = stages.by_title.get(title_key, ())
            if title_key in stages.by_title:
                used_keys.add(f"title:{title_key}")
        staged += bool(tech_stages)
        same = tuple(sorted({cid for key in _title_keys(item.title) for cid in index.get(key, ())}))
        if same:
            linked[tid] = same
        techniques.append(_technique(item, tid, tech_stages, same, unknown))
    unused = tuple(key for key, ref in stages.keys.items() if ref not in used_keys)

    catalogue = Catalogue(techniques, info=_info(items))
    summary = ImportSummary(
        source=label,
        output=os.fspath(target) if target is not None else None,
        rows_read=len(rows),
        techniques_written=len(techniques),
        renamed=tuple(renamed),
        unknown_codes={col: dict(sorted(codes.items())) for col, codes in sorted(unknown.items())},
        linked=linked,
        staged=staged,
        unused_stage_keys=unused,
        skipped=tuple(skipped),
        catalogue=catalogue,
    )
    if target is not None:
        catalogue.to_path(target, overwrite=force)
    return summary


def _info(items: Sequence[_Row]) -> CatalogueInfo:
    dates = [
        found[0]
        for item in items
        for column in ("updated_date", "post_date")
        if (found := _DATE.fullmatch(item.row.get(column, "").strip()))
    ]
    return CatalogueInfo(
        name=NAME,
        version=max(dates, default=""),
        title="Participedia methods (imported)",
        description=DESCRIPTION,
        licence=LICENCE,
        url="https://participedia.net",
        extends=("core",),
    )
