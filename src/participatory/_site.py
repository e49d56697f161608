"""What the website shows: its pages and what is on each, as plain data (no HTML here).

:func:`site_data` reads a :class:`~participatory.Catalogue` and its
:class:`~participatory.TechniqueGraph` once and returns a :class:`Site`: one
:class:`RecordPage` per record (generic over record kinds, so a new kind needs one entry
in :data:`KIND_FOLDERS` at most), the finder's facets with the techniques under each
value, the stage guides, the resource map and the usage counts from the cases and
organisations (:meth:`TechniqueGraph.usage`, :meth:`TechniqueGraph.outcomes`). The
presentation layer (:mod:`participatory._html._site`) turns it into HTML.

Addresses are site-relative paths ending in ``/`` (``techniques/photovoice/``): the
page itself is ``<path>index.html``. They are stable: they depend only on a record's
kind and id.
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, overload

import attrs

from ._board import Board, board_data, form_choices
from ._finder import Facet, FacetValue, finder_facets
from ._guides import Field, Ref
from ._i18n import N_
from ._kinds import DerivedTuple, facets
from ._kinds import kind as declared_kind
from ._model import (
    Level,
    Record,
    ResourceKind,
    Sector,
    Stage,
)
from ._pages import (
    Extras,
    RecordPage,
    Section,
    extras,
    record_jsonld,
    record_page,
    similar_techniques,
    technique_facets,
    technique_rows,
    twin_ref,
)
from ._roles import ROLES, RoleGuide, role_guide
from ._translations import value_sources
from ._usage import NOT_STATED
from ._words import (
    COST_WORDS,
    KIND_FOLDERS,
    LEVEL_SHORT,
    LEVEL_WORDS,
    SECTOR_WORDS,
    Country,
    kind_folder,
    kind_names,
    page_path,
    words,
)

if TYPE_CHECKING:
    from ._catalogue import Catalogue
    from ._graph import TechniqueGraph

__all__ = [
    "DEFAULT_TITLE",
    "FACETS",
    "KIND_FOLDERS",
    "Chart",
    "Facet",
    "FacetValue",
    "Field",
    "PageRef",
    "RecordPage",
    "RecordPages",
    "Ref",
    "Role",
    "Section",
    "Site",
    "UsageGroup",
    "kind_folder",
    "page_path",
    "record_jsonld",
    "similar_techniques",
    "site_data",
    "words",
]


@attrs.frozen
class Chart:
    """A bar chart with its numbers: ``rows`` of (label, link or ``None``, count)."""

    title: str
    description: str
    column: str
    rows: tuple[tuple[str, Ref | None, int], ...]


@attrs.frozen
class UsageGroup:
    """Technique use grouped one way (by sector, country, ...): a chart and its full table.

    ``rows`` are (technique, group, distinct case stories, distinct organisations), from
    :meth:`TechniqueGraph.usage`: every row (the site offers them as a download, not a page).
    """

    by: str
    heading: str
    column: str
    chart: Chart
    table_heading: str
    rows: tuple[tuple[Ref, "Ref | str", int, int], ...]


@attrs.frozen
class Role:
    """A way into the site for one kind of visitor."""

    heading: str
    text: str
    links: tuple[Ref, ...]


@attrs.frozen
class PageRef:
    """A record in a list of pages: the record and its page's address."""

    record: Record
    path: str


class RecordPages(Sequence[RecordPage]):
    """The pages of some records, each made when it is read and never kept (see :func:`site_data`)."""

    __slots__ = ("_make", "_records")

    def __init__(self, records: Sequence[Record], make: Callable[[Record], RecordPage]) -> None:
        self._records = records
        self._make = make

    def __len__(self) -> int:
        return len(self._records)

    @overload
    def __getitem__(self, index: int) -> RecordPage: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[RecordPage, ...]: ...
    def __getitem__(self, index: int | slice) -> RecordPage | tuple[RecordPage, ...]:
        if isinstance(index, slice):
            return tuple(map(self._make, self._records[index]))
        return self._make(self._records[index])

    def __iter__(self) -> Iterator[RecordPage]:
        return map(self._make, self._records)

    def __repr__(self) -> str:
        return f"<pages of {len(self)} records, each made when read>"


class _PagesById(Mapping[str, RecordPage]):
    """The pages of a catalogue's records by id, each made when it is read."""

    def __init__(self, cat: "Catalogue", make: Callable[[Record], RecordPage]) -> None:
        self._cat, self._make = cat, make

    def __getitem__(self, rid: str) -> RecordPage:
        return self._make(self._cat[rid])

    def __iter__(self) -> Iterator[str]:
        return iter(self._cat)

    def __len__(self) -> int:
        return len(self._cat)


@attrs.frozen
class Site:
    """Every page of the site, as data."""

    title: str
    #: Each catalogue on the site: (name, who wrote it in plain words, licence).
    catalogues: tuple[tuple[str, str, str], ...]
    description: str
    #: A tuple, or with ``site_data(..., lazy=True)`` a :class:`RecordPages`.
    pages: Sequence[RecordPage]
    #: Each kind, its plural and its records' pages in order (:class:`PageRef` when lazy).
    kinds: tuple[tuple[str, str, tuple[RecordPage | PageRef, ...]], ...]
    facets: tuple[Facet, ...]
    technique_facets: Mapping[str, Mapping[str, tuple[str, ...]]]
    #: What each technique's card in the finder shows, by technique id: ``stages``,
    #: ``level``, ``cost``, ``modes`` (text) and ``same_as`` (links to other write-ups);
    #: for a page in another language, ``stage_names`` ((name, id) pairs, so a name not
    #: translated is marked) and ``mode_words`` (each way of running it, to translate).
    cards: Mapping[str, Mapping[str, Any]]
    resource_map: tuple[tuple[Ref | None, tuple[tuple[str, tuple[Ref, ...]], ...]], ...]
    resource_kinds: tuple[str, ...]
    charts: tuple[Chart, ...]
    usage: tuple[UsageGroup, ...]
    roles: tuple[Role, ...]
    #: The guide each role's way in leads to (``guides/<id>/``), in the same order.
    guides: tuple[RoleGuide, ...]
    #: The techniques as a spreadsheet (:func:`participatory._pages.technique_rows`).
    spreadsheet: tuple[tuple[str, ...], ...]
    #: The address the site is published at, ending in ``/`` (empty when not given).
    base: str
    #: The share form's choices (``techniques``, ``stages``, ``stakeholders``: (id, name)
    #: pairs) and ``rules``: the catalogue's own checks, for the form's script (:func:`form_rules`).
    contribute: Mapping[str, Any]
    jsonld: dict[str, Any]
    #: Each depth of involvement with its one-line meaning, for the glossary.
    levels: tuple[str, ...] = ()
    #: The language records are shown in (``"en"``: as written).
    language: str = "en"
    #: In another language, what each translatable field shows, by record id and field:
    #: ``"translated"``, ``"machine"``, ``"stale"`` or ``"missing"`` (English shown).
    status: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)
    #: Opportunities, answers and people to work with, on the day of the build.
    board: Board | None = None
    #: Where the publisher's community talks (a web page), linked from the site when given.
    community_url: str = ""


#: The site's title unless ``--title`` gives one: what it is about, in people's words.
DEFAULT_TITLE: Final = N_("Patient and public involvement techniques")

#: The finder's filters, from the facets' declarations: (name, heading, how).
FACETS: Final[Sequence[tuple[str, str, str]]] = DerivedTuple(
    lambda: tuple((f.finder, f.heading, f.how) for f in facets() if f.site)
)


def _resource_map(
    cat: "Catalogue",
) -> tuple[tuple[tuple[Ref | None, tuple[tuple[str, tuple[Ref, ...]], ...]], ...], tuple[str, ...]]:
    kinds = [k for k in ResourceKind if any(r.kind == k for r in cat.resources.values())]
    rows = []
    stage_rows: list[Stage | None] = [*cat.stages.values(), None]
    for stage in stage_rows:
        cells = []
        for k in kinds:
            refs = tuple(
                Ref(r.name, page_path(r))
                for r in cat.resources.values()
                if r.kind == k
                and ((stage is None and not r.stages) or (stage is not None and stage.id in r.stages))
            )
            cells.append((words(k), refs))
        if stage is not None or any(refs for _, refs in cells):
            rows.append((Ref(stage.name, page_path(stage)) if stage is not None else None, tuple(cells)))
    return tuple(rows), tuple(words(k) for k in kinds)


def _usage(cat: "Catalogue", g: "TechniqueGraph") -> tuple[tuple[Chart, ...], tuple[UsageGroup, ...]]:
    techniques: Counter[str] = Counter()
    people: Counter[str] = Counter()
    stages: Counter[str] = Counter()
    for case in cat.cases.values():
        techniques.update(t for t in dict.fromkeys(case.techniques) if t in cat.techniques)
        people.update(s for s in dict.fromkeys(case.stakeholders) if s in cat.stakeholders)
        stages.update(s for s in dict.fromkeys(case.stages) if s in cat.stages)

    def rows(counts: Counter[str], limit: int | None = None) -> tuple[tuple[str, Ref | None, int], ...]:
        ordered = sorted(counts.items(), key=lambda p: (-p[1], cat[p[0]].name.casefold()))[:limit]
        return tuple((cat[rid].name, Ref(cat[rid].name, page_path(cat[rid])), n) for rid, n in ordered)

    charts = tuple(
        c
        for c in (
            Chart(
                N_("Techniques used most often"),
                N_("How many case stories used each technique (the 20 used most)."),
                N_("Case stories"),
                rows(techniques, 20),
            ),
            Chart(
                N_("Who was involved"),
                N_("How many case stories involved each group of people."),
                N_("Case stories"),
                rows(people),
            ),
            Chart(
                N_("When people were involved"),
                N_("How many case stories involved people at each stage."),
                N_("Case stories"),
                rows(stages),
            ),
        )
        if c.rows
    )
    return charts, tuple(u for by in ("sector", "country", "stakeholder") if (u := _usage_by(cat, g, by)))


#: What each usage group is called: by -> (heading, column, chart description, table heading).
_USAGE_BY: Final = {
    "sector": (
        N_("Techniques used, by kind of organisation"),
        N_("Kind of organisation"),
        N_("How many different techniques each kind of organisation used."),
        N_("Each technique and the kinds of organisation that used it"),
    ),
    "country": (
        N_("Techniques used, by country"),
        N_("Country"),
        N_("How many different techniques were used in each country."),
        N_("Each technique and the countries it was used in"),
    ),
    "stakeholder": (
        N_("Techniques used, by the people involved"),
        N_("People"),
        N_("How many different techniques involved each group of people."),
        N_("Each technique and the people it involved"),
    ),
}


def _usage_by(cat: "Catalogue", g: "TechniqueGraph", by: str) -> UsageGroup | None:
    """Return technique use grouped ``by`` sector, country or stakeholder, or ``None`` if none."""
    heading, column, description, table = _USAGE_BY[by]

    def group(value: str) -> "Ref | str":
        if value == NOT_STATED:  # the users that state no sector, country or stakeholder
            return N_("Not stated")
        if by == "sector":
            return SECTOR_WORDS[Sector(value)]
        rec = cat.get(value) if by == "stakeholder" else None
        if rec is not None:
            return Ref(rec.name, page_path(rec))
        return Country(value) if by == "country" else value

    used = [r for r in g.usage(by=by) if r["technique"] in cat.techniques]
    if all(r[by] == NOT_STATED for r in used):  # nobody states one: nothing to chart
        return None
    rows = [
        (
            Ref(cat[r["technique"]].name, page_path(cat[r["technique"]])),
            group(r[by]),
            r["cases"],
            r["organisations"],
        )
        for r in used
    ]
    techniques: dict[str, set[str]] = defaultdict(set)
    links: dict[str, Ref | None] = {}
    for tech, grp, _, _ in rows:
        label = grp.text if isinstance(grp, Ref) else grp
        techniques[label].add(tech.path)
        links[label] = grp if isinstance(grp, Ref) else None
    bars = sorted(techniques.items(), key=lambda p: (-len(p[1]), p[0].casefold()))
    chart = Chart(heading, description, "Techniques", tuple((lab, links[lab], len(t)) for lab, t in bars))
    return UsageGroup(by, heading, column, chart, table, tuple(rows))


def _cards(cat: "Catalogue", extra: "Extras", titles: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """Return what each technique's card in the finder shows (see :attr:`Site.cards`)."""
    cards: dict[str, dict[str, Any]] = {}
    for tid, tech in cat.techniques.items():
        card: dict[str, Any] = {
            # stage_names: (name, id), so a name not translated is shown marked as English.
            "stages": ", ".join(cat.stages[s].name for s in tech.stages if s in cat.stages),
            "stage_names": tuple((cat.stages[s].name, s) for s in tech.stages if s in cat.stages),
            "level": LEVEL_SHORT[tech.max_level] if tech.max_level is not None else "",
            "cost": COST_WORDS[tech.cost] if tech.cost is not None else "",
            "modes": ", ".join(words(m) for m in tech.modes),
            "mode_words": tuple(words(m) for m in tech.modes),
            "same_as": tuple(twin_ref(cat, t, titles) for t in extra.twins.get(tid, ())),
        }
        cards[tid] = {k: v for k, v in card.items() if v}
    return cards


def _js_pattern(pattern: str) -> str:
    """Return a Python character-class pattern as a JavaScript one (``u`` flag): characters as escapes."""
    return "".join(c if c.isascii() and c.isprintable() else f"\\u{ord(c):04x}" for c in pattern)


def form_rules() -> dict[str, Any]:
    """Return the catalogue's rules that the share form checks in the browser, from where they are declared.

    ``slug`` (an id), ``min_year`` and ``max_year`` (a year), ``bad`` (characters no text
    may hold: a JavaScript character class for the ``u`` flag, where a lone surrogate
    matches and a pair does not, as in Python). A test checks the form against the
    catalogue's checks with hostile input.
    """
    from ._checks import _BAD_CHARACTER, MAX_YEAR, MIN_YEAR
    from ._schema import SLUG

    return {
        "slug": f"^{SLUG.pattern}$",
        "min_year": MIN_YEAR,
        "max_year": MAX_YEAR,
        "bad": _js_pattern(_BAD_CHARACTER.pattern),
    }


def _roles() -> tuple[Role, ...]:
    """Return the home page's ways in, one per role declared in :data:`participatory._roles.ROLES`."""
    return tuple(
        Role(
            role.heading,
            role.text,
            (
                Ref(N_("What to do now: a guide for you"), f"guides/{role.id}/"),
                *(Ref(t, p) for t, p in role.pages),
            ),
        )
        for role in ROLES
    )


def site_data(
    cat: "Catalogue",
    *,
    title: str = "",
    base_url: str = "",
    community_url: str = "",
    today: "dt.date | None" = None,
    lazy: bool = False,
) -> Site:
    """Return every page of the website of ``cat``, as data.

    Parameters
    ----------
    cat : Catalogue
        The catalogue (merged catalogues are fine; each record's page names its own).
    title : str
        The site's title (default: :data:`DEFAULT_TITLE`).
    base_url : str
        The address the site will be published at, for the JSON-LD ``url`` of each page.
    community_url : str
        Where the publisher's community talks (an ``http``/``https`` page), if anywhere.
    today : datetime.date, optional
        The day of the build (default: today): opportunities closed by then are on no list.
    lazy : bool
        Make each record's page only when it is read: ``pages`` is then a sequence that
        makes a page each time one is taken from it and keeps none, and ``kinds`` lists
        each record with its address only (:class:`PageRef`). :func:`build_site` writes a
        site this way, a page at a time, whatever its size.
    """
    g = cat.graph()
    infos = cat.members
    # Who wrote each catalogue's records, in plain words: what a page names when it says
    # whose write-up it is (a site of one catalogue names nobody: see ``record.html``).
    titles = {i.name: i.publisher or i.title or i.name for i in infos}
    extra = extras(cat, g)
    records = tuple(cat.records())

    def page(rec: Record) -> RecordPage:
        return record_page(cat, g, rec, titles=titles, base=base_url, extra=extra)

    pages: Sequence[RecordPage] = RecordPages(records, page) if lazy else tuple(map(page, records))
    by_kind: dict[str, list[RecordPage | PageRef]] = defaultdict(list)
    for item in (PageRef(rec, page_path(rec)) for rec in records) if lazy else pages:
        by_kind[item.record.record_kind].append(item)
    # Each kind in its declared order (stages in research-cycle order, others by name).
    kinds = tuple(
        (
            kind,
            kind_names(kind)[1],
            tuple(sorted(group, key=lambda p: declared_kind(p.record.record_kind).sort_key(p.record))),
        )
        for kind, group in by_kind.items()
    )
    per_technique = {tid: technique_facets(t) for tid, t in cat.techniques.items()}
    resource_map, resource_kinds = _resource_map(cat)
    charts, usage = _usage(cat, g)
    contribute = {
        "techniques": tuple(
            (t.id, t.name) for t in sorted(cat.techniques.values(), key=lambda t: t.name.casefold())
        ),
        "stages": tuple((s.id, s.name) for s in cat.stages.values()),
        "stakeholders": tuple((s.id, s.name) for s in cat.stakeholders.values()),
        "rules": form_rules(),
        **form_choices(cat),
    }
    site_title = title or DEFAULT_TITLE
    base = f"{base_url.rstrip('/')}/" if base_url else ""
    jsonld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": site_title,
        "description": cat.info.description or site_title,
        "license": ", ".join(sorted({i.licence for i in infos if i.licence})) or None,
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": fmt, "contentUrl": f"{base}downloads/{name}"}
            for fmt, name in (
                ("application/json", "catalogue.json"),
                ("application/ld+json", "catalogue.jsonld"),
                ("text/csv", "csv/nodes.csv"),
            )
        ],
    }
    return Site(
        title=site_title,
        catalogues=tuple((i.name, titles[i.name], i.licence) for i in infos),
        description=cat.info.description,
        pages=pages,
        kinds=kinds,
        facets=finder_facets(cat, per_technique),
        technique_facets=per_technique,
        cards=_cards(cat, extra, titles),
        resource_map=resource_map,
        resource_kinds=resource_kinds,
        charts=charts,
        usage=usage,
        roles=_roles(),
        guides=tuple(role_guide(cat, role) for role in ROLES),
        spreadsheet=technique_rows(cat, titles, base),
        base=base,
        contribute=contribute,
        jsonld={k: v for k, v in jsonld.items() if v is not None},
        levels=tuple(LEVEL_WORDS[level] for level in Level),
        language=cat.language or "en",
        status={rid: dict(cat.translation(rid)) for rid in [*cat, *value_sources(cat.values())]}
        if cat.language
        else {},
        board=board_data(cat, _PagesById(cat, page) if lazy else {p.record.id: p for p in pages}, today),
        community_url=community_url,
    )
