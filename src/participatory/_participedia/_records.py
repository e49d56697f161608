"""Participedia's cases and organisations, and the links between records.

The vocabularies here are the codes of Participedia's exports (see ``docs/importing.md``,
which lists every mapping); each maps to a field value of :class:`~participatory.Case`
or :class:`~participatory.Organisation`, or to a tag. Unknown codes of a closed
vocabulary are kept as tags and counted, as for methods.
"""

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from typing import Final

import attrs

from .._model import Case, Organisation, Sector
from .._schema import slugify
from ._methods import CODES, ID_PREFIX, Row, cells, clean_title, make_summary, source_of, year_of
from ._pgarray import PgSyntaxError, format_row, parse_array, parse_row
from ._read import Skipped

#: Sector spellings (codes and older labels, compared as slugs) -> the Sector vocabulary.
SECTORS: Final[Mapping[str, Sector]] = {
    "non-profit-non-gov": Sector.CHARITY_OR_COMMUNITY,
    "non-profit-or-non-governmental": Sector.CHARITY_OR_COMMUNITY,
    "non-profit": Sector.CHARITY_OR_COMMUNITY,
    "nonprofit": Sector.CHARITY_OR_COMMUNITY,
    "non-governmental": Sector.CHARITY_OR_COMMUNITY,
    "ngo": Sector.CHARITY_OR_COMMUNITY,
    "charity": Sector.CHARITY_OR_COMMUNITY,
    "government": Sector.PUBLIC_BODY,
    "public-sector": Sector.PUBLIC_BODY,
    "higher-ed": Sector.UNIVERSITY_OR_RESEARCH,
    "higher-education-or-research": Sector.UNIVERSITY_OR_RESEARCH,
    "university-or-research": Sector.UNIVERSITY_OR_RESEARCH,
    "for-profit": Sector.BUSINESS,
    "business": Sector.BUSINESS,
    "philanthropic": Sector.FUNDER,
    "funder": Sector.FUNDER,
}

#: ``change_types`` codes -> ``Case.changes`` slugs, in the vocabulary core's cases use
#: (documented at the top of catalogues/core/cases.toml), plus ``civic-capacity``.
CHANGES: Final[Mapping[str, str]] = {
    "changes": "knowledge",
    "changes_civic": "civic-capacity",
    "changes_how": "practice",
    "changes_public": "policy",
    "conflict": "relationships",
}

#: ``targeted_participants`` codes -> (core stakeholder id or "", under-served group or "").
#: The stakeholder is given only when the catalogue linked to has it.
PARTICIPANTS: Final[Mapping[str, tuple[str, str]]] = {
    "appointed": ("policymaker", ""),
    "elected": ("policymaker", ""),
    "experts": ("researcher", ""),
    "youth": ("young-person", "young-people"),
    "elderly": ("", "older-people"),
    "indigenous": ("", "indigenous-people"),
    "immigrants": ("", "migrants"),
    "lgbt": ("", "lgbtq-people"),
    "lowincome": ("", "low-income"),
    "people": ("", "disabled-people"),
    "racialethnic": ("", "ethnic-minority"),
    "women": ("", "women"),
    "men": ("", ""),
    "religious": ("", ""),
    "stakeholder": ("", ""),
    "students": ("", ""),
}

#: ``scope_of_influence`` codes -> ``Organisation.scope`` slug ("" for none: a tag only).
SCOPES: Final[Mapping[str, str]] = {
    "neighbourhood": "neighbourhood",
    "neighborhood": "neighbourhood",
    "city/town": "city",
    "metropolitan": "city",
    "local": "city",
    "regional": "regional",
    "national": "national",
    "multinational": "multinational",
    "international": "multinational",
    "organization": "",
    "no_geo": "",
}

#: Country names in a local language or abbreviated, as slugs -> the English name.
COUNTRIES: Final[Mapping[str, str]] = {
    "italia": "Italy",
    "espana": "Spain",
    "deutschland": "Germany",
    "brasil": "Brazil",
    "mexico": "Mexico",
    "peru": "Peru",
    "nederland": "Netherlands",
    "belgique": "Belgium",
    "belgie": "Belgium",
    "osterreich": "Austria",
    "schweiz": "Switzerland",
    "suisse": "Switzerland",
    "svizzera": "Switzerland",
    "sverige": "Sweden",
    "danmark": "Denmark",
    "norge": "Norway",
    "suomi": "Finland",
    "polska": "Poland",
    "turkiye": "Turkey",
    "eire": "Ireland",
    "usa": "United States",
    "us": "United States",
    "united-states-of-america": "United States",
    "uk": "United Kingdom",
    "great-britain": "United Kingdom",
}

_YES: Final = frozenset({"1", "yes", "true"})
_NO: Final = frozenset({"0", "no", "false"})

_TOOLS: Final = frozenset(
    {"collect", "facilitate", "facilitate_decisionmaking", "inform", "legislation", "manage", "plan"}
    | {"propose", "recruit"}
)
_ORGANISER_TYPES: Final = frozenset(
    {"academic", "activist", "community", "faithbased", "forprofit", "governmentowned", "individual"}
    | {"international", "local", "national", "nongovernmental", "philanthropic", "regional", "social"}
    | {"labortrade", "n/a"}
)
_APPROACHES: Final = frozenset(
    {"advocacy", "citizenship", "civil", "cogovernance", "coproduction", "coproduction_form"}
    | {"consultation", "direct", "independent", "informal", "informal_engagement", "leadership"}
    | {"evaluation", "protest", "research", "social"}
)
#: Columns kept as tags: column -> (tag prefix, known codes or None for an open vocabulary).
TAG_COLUMNS: Final[Mapping[str, tuple[str, frozenset[str] | None]]] = {
    "general_issues": ("issue", None),
    "specific_topics": ("topic", None),
    "type_tool": ("tool", _TOOLS),
    "tools_techniques_types": ("tool", _TOOLS),
    "organizer_types": ("organiser", _ORGANISER_TYPES),
    "funder_types": ("funder", _ORGANISER_TYPES),
    "approaches": ("approach", _APPROACHES),
}
#: Spellings of a topic that mean the same one.
_TOPIC_FIXES: Final = {"educations": "education"}


# --------------------------------------------------------------------------- links


@attrs.frozen
class Link:
    """A reference from one record to another, as an export writes it."""

    kind: str  # "method", "case", "organization" (or whatever the export says)
    pid: int | None  # None when only a title is known
    title: str


@attrs.frozen(kw_only=True)
class Mention:
    """A link kept as a tag: its record is not among the imported ones, or not of the column's kind.

    Parameters
    ----------
    file, where, column : str
        Where the link was read (``row 4`` or ``results[3]``, and its column).
    kind : str
        The linked record's kind (``method``, ``case``, ``organization``).
    pid : int or None
        Its Participedia id; ``None`` when the export gives only its title.
    title : str
        Its title, as the export gives it.
    tag : str
        The tag it was kept as on the linking record.
    """

    file: str
    where: str
    column: str
    kind: str
    pid: int | None
    title: str
    tag: str

    def __str__(self) -> str:
        what = f"{self.kind} {self.pid}" if self.pid is not None else self.kind
        title = f" {self.title!r}" if self.title else ""
        return f"{self.file}: {self.where} {self.column}: {what}{title} (tag {self.tag})"


def parse_links(value: str) -> list[Link]:
    r"""Parse a link cell: a Postgres array of ``(id,type,title)`` rows, or one such row.

    Raises
    ------
    ValueError
        If the cell is neither (the message says where reading stopped).

    Examples
    --------
    >>> parse_links('{"(4328,method,\\"ICT (tools)\\")","(387,method,Petition)"}')
    [Link(kind='method', pid=4328, title='ICT (tools)'), Link(kind='method', pid=387, title='Petition')]
    """
    text = value.strip()
    if not text:
        return []
    if text.startswith("{"):
        elements = parse_array(text)
        rows = []
        for element in elements:
            if isinstance(element, list):
                msg = "a nested array, not a list of (id,type,title) rows"
                raise ValueError(msg)
            if element is not None:
                rows.append(parse_row(element))
    else:
        rows = [parse_row(text)]
    links = []
    for fields in rows:
        if len(fields) < 2 or fields[0] is None or not fields[0].isascii() or not fields[0].isdigit():  # noqa: PLR2004
            msg = f"{fields!r} is not an (id,type,title) row"
            raise ValueError(msg)
        title = clean_title(fields[2] or "") if len(fields) > 2 else ""  # noqa: PLR2004
        links.append(Link(kind=(fields[1] or "").strip().lower(), pid=int(fields[0]), title=title))
    return links


@attrs.define
class Linker:
    """Resolves links to imported records; keeps the others as mentions, and bad cells as skips."""

    ids: Mapping[tuple[str, int], str]  # (kind, Participedia id) -> imported id
    method_titles: Mapping[str, str]  # slug of a method's title -> technique id
    mentions: list[Mention] = attrs.field(factory=list)
    skipped: list[Skipped] = attrs.field(factory=list)
    resolved: int = 0

    def links(self, item: Row, *columns: str) -> list[Link]:
        """Return the links of the first of ``columns`` the row has (a bad cell is skipped)."""
        for column in columns:
            value = item.row.get(column, "").strip()
            if not value:
                continue
            try:
                return parse_links(value) if value[:1] in "{(" else self._titles(value)
            except (PgSyntaxError, ValueError) as e:
                self.skipped.append(
                    Skipped(
                        file=item.file,
                        row=item.number,
                        where=item.where,
                        column=column,
                        reason=f"links not imported: {e}",
                        why="malformed links",
                    )
                )
                return []
        return []

    def _titles(self, value: str) -> list[Link]:
        if slugify(value) in self.method_titles:
            return [Link(kind="method", pid=None, title=clean_title(value))]
        return [Link(kind="method", pid=None, title=clean_title(t)) for t in value.split(", ") if t.strip()]

    def resolve(self, item: Row, column: str, link: Link, tags: list[str], kind: str) -> str | None:
        """Return the imported id a link to a ``kind`` record names, or keep it as a mention.

        A mention is a tag on ``tags`` (``mentions-method-4328``): the linked record is not
        among the imported ones, or is not of the kind the column refers to.
        """
        found = None
        if link.kind != kind:
            pass
        elif link.pid is not None:
            found = self.ids.get((link.kind, link.pid))
        elif link.kind == "method":
            found = self.method_titles.get(slugify(link.title))
        if found is not None:
            self.resolved += 1
            return found
        what = "organisation" if link.kind == "organization" else slugify(link.kind) or "record"
        name = str(link.pid) if link.pid is not None else slugify(link.title)[:60].strip("-") or "untitled"
        tag = f"mentions-{what}-{name}"
        _add(tags, tag)
        self.mentions.append(
            Mention(
                file=item.file,
                where=item.where,
                column=column,
                kind=link.kind,
                pid=link.pid,
                title=link.title,
                tag=tag,
            )
        )
        return None


# --------------------------------------------------------------------------- values


def _add(values: list[str], value: str) -> None:
    if value and value not in values:
        values.append(value)


def sector_of(value: str) -> Sector | None:
    """Return the sector a code or label names, or ``None`` if unknown.

    >>> sector_of("non_profit_non_gov") is sector_of("Non-Profit or Non Governmental")
    True
    >>> sector_of("higher_ed")
    <Sector.UNIVERSITY_OR_RESEARCH: 'university-or-research'>
    """
    return SECTORS.get(slugify(value))


def country_of(value: str) -> str:
    """Return a country name in English where the table knows it, else the name as written.

    >>> country_of(" Italia "), country_of("Canada")
    ('Italy', 'Canada')
    """
    name = " ".join(value.split())
    return COUNTRIES.get(slugify(name), name)


def yes_no(value: str) -> bool | None:
    """Read a yes/no cell (``1``/``0``, ``yes``/``no``, ``true``/``false``); ``None`` if empty or other."""
    code = value.strip().lower()
    return True if code in _YES else False if code in _NO else None


class _Tags:
    """Collects tags and counts unknown codes of closed vocabularies."""

    def __init__(self, unknown: dict[str, Counter[str]]) -> None:
        self.values: list[str] = []
        self.unknown = unknown

    def add(self, tag: str) -> None:
        _add(self.values, tag)

    def unknown_code(self, column: str, code: str, prefix: str) -> None:
        self.unknown.setdefault(column, Counter())[code] += 1
        if slug := slugify(code):
            self.add(f"{prefix}-{slug}")

    def coded(
        self, row: Mapping[str, str], column: str, table: Mapping[str, str], prefix: str
    ) -> Iterator[str]:
        """Yield the mapped value of each known code of a column; count and tag unknown ones."""
        for raw in cells(row, column):
            code = raw.lower()
            if code in table:
                yield table[code]
            else:
                self.unknown_code(column, code, prefix)

    def columns(self, row: Mapping[str, str]) -> None:
        for column, (prefix, known) in TAG_COLUMNS.items():
            for raw in cells(row, column):
                code = _TOPIC_FIXES.get(raw.lower(), raw.lower())
                if known is not None and code not in known:
                    self.unknown_code(column, code, prefix)
                elif slug := slugify(code):
                    self.add(f"{prefix}-{slug}")
        for column in ("method_types", "type_method"):
            for raw in cells(row, column):
                targets = CODES["method_types"].get(raw.lower())
                if targets is None:
                    self.unknown_code(column, raw.lower(), "method-type")
                    continue
                for target in targets:
                    self.add(target.partition(":")[2])
        for code in self.coded(
            row, "original_language", {c: c for c in CODES["original_language"]}, "language"
        ):
            self.add(f"language-{code}")


def _scope(row: Mapping[str, str], tags: _Tags) -> list[str]:
    scope: list[str] = []
    for code in tags.coded(row, "scope_of_influence", {k: k for k in SCOPES}, "scope"):
        _add(scope, SCOPES[code])
        for target in CODES["scope_of_influence"].get(code, ()):
            tags.add(target.partition(":")[2])
    return scope


# --------------------------------------------------------------------------- records


def organisation_of(item: Row, oid: str, linker: Linker, unknown: dict[str, Counter[str]]) -> Organisation:
    """Turn an organisation row into an :class:`Organisation`."""
    row = item.row
    tags = _Tags(unknown)
    tags.columns(row)
    scope = _scope(row, tags)
    sector = None
    raw_sector = row.get("sector", "").strip()
    if raw_sector:
        sector = sector_of(raw_sector)
        if sector is None:
            sector = Sector.OTHER
            tags.unknown_code("sector", raw_sector, "sector")
    column = "specific_methods_tools_techniques"
    techniques: list[str] = []
    for link in linker.links(item, column):
        if (tid := linker.resolve(item, column, link, tags.values, "method")) is not None:
            _add(techniques, tid)
    return Organisation(
        id=oid,
        name=item.title,
        summary=make_summary(row.get("description", ""), row.get("body", "")),
        sources=(source_of(item.title, item.url, row),),
        tags=tuple(tags.values),
        sector=sector,
        country=country_of(row.get("country", "")),
        scope=tuple(scope),
        techniques=tuple(techniques),
    )


def _split_link(item: Row, field: str) -> str:
    """Return the ``field_id``/``field_title``/``field_url`` columns of a case as one row literal."""
    pid = item.row.get(f"{field}_id", "").strip()
    if not pid:
        return ""
    url = item.row.get(f"{field}_url", "").strip().rstrip("/")
    kind = url.rsplit("/", 2)[-2] if url.count("/") >= 2 else ""  # noqa: PLR2004
    default = "organization" if field == "primary_organizer" else "case"
    return format_row([pid, kind or default, item.row.get(f"{field}_title", "")])


def case_of(
    item: Row,
    cid: str,
    linker: Linker,
    unknown: dict[str, Counter[str]],
    stakeholders: Callable[[str], bool],
) -> Case:
    """Turn a case row into a :class:`Case`; ``stakeholders(id)`` says whether a stakeholder exists."""
    row = item.row
    tags = _Tags(unknown)
    tags.columns(row)
    _scope(row, tags)
    changes = list(dict.fromkeys(tags.coded(row, "change_types", CHANGES, "change")))
    people: list[str] = []
    underserved: list[str] = []
    for code in tags.coded(row, "targeted_participants", {k: k for k in PARTICIPANTS}, "participants"):
        tags.add(f"participants-{slugify(code)}")
        stakeholder, group = PARTICIPANTS[code]
        if stakeholder and stakeholders(stakeholder):
            _add(people, stakeholder)
        _add(underserved, group)
    evaluated = _yes_no_column(row, "formal_evaluation", tags)
    impact = _yes_no_column(row, "impact_evidence", tags)
    if impact is not None:
        tags.add("impact-evidence" if impact else "no-impact-evidence")

    techniques: list[str] = []
    for column in ("specific_methods_tools_techniques", "specific_methods_tools_techniques_titles"):
        if row.get(column, "").strip():
            for link in linker.links(item, column):
                if (tid := linker.resolve(item, column, link, tags.values, "method")) is not None:
                    _add(techniques, tid)
            break
    organisations: list[str] = []
    organiser = ""
    column = "primary_organizer"
    value = row.get(column, "").strip() or _split_link(item, column)
    if value:
        links = linker.links(_with(item, column, value), column)
        for link in links:
            organiser = organiser or link.title
            if (oid := linker.resolve(item, column, link, tags.values, "organization")) is not None:
                _add(organisations, oid)
    for column, prefix in (("is_component_of", "part-of"), ("has_components", "has-part")):
        value = row.get(column, "").strip() or (
            _split_link(item, column) if column == "is_component_of" else ""
        )
        for link in linker.links(_with(item, column, value), column) if value else ():
            if link.pid is not None:
                tags.add(f"{prefix}-{ID_PREFIX}case-{link.pid}")
    return Case(
        id=cid,
        name=item.title,
        summary=make_summary(row.get("description", ""), row.get("body", "")),
        sources=(source_of(item.title, item.url, row),),
        tags=tuple(tags.values),
        organisation=organiser,
        year=year_of(row.get("start_date", "")),
        techniques=tuple(techniques),
        stakeholders=tuple(people),
        underserved=tuple(underserved),
        organisations=tuple(organisations),
        country=country_of(row.get("country", "")),
        changes=tuple(changes),
        evaluated=evaluated,
    )


def _with(item: Row, column: str, value: str) -> Row:
    if item.row.get(column, "") == value:
        return item
    return attrs.evolve(item, row={**item.row, column: value})


def _yes_no_column(row: Mapping[str, str], column: str, tags: _Tags) -> bool | None:
    value = row.get(column, "").strip()
    answer = yes_no(value)
    if value and answer is None:
        tags.unknown_code(column, value.lower(), column.replace("_", "-"))
    return answer
