"""Participedia's methods: codes, titles, summaries and the techniques they become."""

import functools
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Final

import attrs

from .._catalogue import Catalogue
from .._checks import MAX_ID_LENGTH
from .._model import GroupSize, Level, Mode, Source, Technique
from .._schema import slugify

#: Every imported id starts with this, so that ids never clash with ``core`` (or
#: with ids ``core`` adds later): ``participedia-citizens-jury``.
ID_PREFIX: Final = "participedia-"
#: Longest summary taken from the start of an article body, in characters.
SUMMARY_LIMIT: Final = 300

#: Suffixes of multi-value columns (methods use three; cases up to five).
_MULTI = ("_1", "_2", "_3", "_4", "_5")

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
_DATE = re.compile(r"([0-9]{4})-[0-9]{2}-[0-9]{2}(?=$|[T ])")
_SENTENCE_END = re.compile(r"[.!?][\"'’”)\]]?(?=\s)")

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


def title_keys(title: str) -> set[str]:
    keys = {match_key(title), match_key(_PARENS.sub(" ", title))}
    keys.discard("")
    return keys


def core_index(core: Catalogue) -> dict[str, set[str]]:
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


def cells(row: Mapping[str, str], column: str) -> Iterator[str]:
    """Yield the non-empty values of a column, reading ``column_1`` to ``column_5`` too, stripped."""
    for name in _names(column):
        value = row.get(name)
        if value and (value := value.strip()):
            yield value


@functools.cache
def _names(column: str) -> tuple[str, ...]:
    return (*(column + suffix for suffix in _MULTI), column)


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
class Row:
    """One record of an export: where it was read, its kind, Participedia id and cells."""

    file: str
    where: str  # "row 4" (CSV, the header is row 1) or "results[3]" (JSON)
    number: int  # the row number, or the position in the results counted from 1
    kind: str  # "method", "case" or "organization"
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
        for raw in cells(row, column):
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


def date_of(value: str) -> str:
    """Return the ``YYYY-MM-DD`` a cell starts with (a date or an ISO timestamp), or ``""``."""
    found = _DATE.match(value.strip())
    return found[0][:10] if found else ""


def year_of(value: str) -> int | None:
    """Return the year of a date cell, or ``None`` when it has none or it is implausible."""
    date = date_of(value)
    year = int(date[:4]) if date else None
    return year if year is not None and 1500 <= year <= 2100 else None  # noqa: PLR2004


def source_of(name: str, url: str, row: Mapping[str, str]) -> Source:
    """Return the source citing a record's Participedia page."""
    year = year_of(row.get("post_date", ""))
    return Source(title=f"{name} (Participedia)", url=url, publisher="Participedia", year=year)


def technique_of(
    item: Row, tid: str, stages: tuple[str, ...], same_as: tuple[str, ...], unknown: dict[str, Counter[str]]
) -> Technique:
    facets = _facets(item.row, unknown)
    return Technique(
        id=tid,
        name=item.title,
        summary=make_summary(item.row.get("description", ""), item.row.get("body", "")),
        sources=(source_of(item.title, item.url, item.row),),
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


#: Room for the title's slug in an id: the id limit less the prefix and a "-NNNNNN" suffix.
_SLUG_ROOM: Final = MAX_ID_LENGTH - len(ID_PREFIX) - 8


def assign_ids(
    items: list[Row], reserved: Iterable[str] = ()
) -> tuple[dict[int, str], list[tuple[str, str]]]:
    """Give every method row a unique id; the lowest Participedia id keeps the plain slug.

    ``reserved`` ids (those of imported cases and organisations) are never given.
    """
    ids: dict[int, str] = {}
    taken: set[str] = set(reserved)
    later: list[Row] = []
    for item in sorted(items, key=lambda r: r.pid):
        slug = slugify(clean_title(item.title))[:_SLUG_ROOM].rstrip("-")  # ids are bounded
        item.base = ID_PREFIX + (slug or f"method-{item.pid}")
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
