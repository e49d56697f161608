"""What the website shows: its pages and what is on each, as plain data (no HTML here).

:func:`site_data` reads a :class:`~participatory.Catalogue` and its
:class:`~participatory.TechniqueGraph` once and returns a :class:`Site`: one
:class:`RecordPage` per record (generic over record kinds, so a new kind needs one entry
in :data:`KIND_FOLDERS` at most), the finder's facets with the techniques under each
value, the stage guides, the resource map and the usage counts from the cases. The
presentation layer (:mod:`participatory._html._site`) turns it into HTML.

Addresses are site-relative paths ending in ``/`` (``techniques/photovoice/``): the
page itself is ``<path>index.html``. They are stable: they depend only on a record's
kind and id.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._model import (
    KINDS,
    Case,
    Checklist,
    Cost,
    GroupSize,
    Level,
    Mode,
    Record,
    Resource,
    ResourceKind,
    Source,
    Stage,
    Technique,
)

if TYPE_CHECKING:
    from ._catalogue import Catalogue
    from ._graph import TechniqueGraph

__all__ = [
    "FACETS",
    "KIND_FOLDERS",
    "Chart",
    "Facet",
    "FacetValue",
    "Field",
    "RecordPage",
    "Ref",
    "Role",
    "Section",
    "Site",
    "kind_folder",
    "page_path",
    "record_jsonld",
    "similar_techniques",
    "site_data",
    "words",
]

#: Folder of each record kind's pages; any other kind gets ``<kind>s/``.
KIND_FOLDERS: Final[Mapping[str, str]] = {
    "technique": "techniques",
    "resource": "resources",
    "case": "cases",
    "stage": "stages",
    "stakeholder": "stakeholders",
    "checklist": "checklists",
    "crosswalk": "crosswalks",
    "organisation": "organisations",
}

#: Plain-language name of each kind, singular and plural.
KIND_NAMES: Final[Mapping[str, tuple[str, str]]] = {
    "technique": ("Technique", "Techniques"),
    "resource": ("Resource", "Resources"),
    "case": ("Case story", "Case stories"),
    "stage": ("Research stage", "Research stages"),
    "stakeholder": ("Group of people", "People to involve"),
    "checklist": ("Checklist", "Checklists"),
    "crosswalk": ("Crosswalk", "Crosswalks"),
    "organisation": ("Organisation", "Organisations"),
}

#: schema.org type of each kind's JSON-LD.
SCHEMA_TYPES: Final[Mapping[str, str]] = {
    "technique": "CreativeWork",
    "resource": "CreativeWork",
    "case": "Project",
    "stage": "DefinedTerm",
    "stakeholder": "DefinedTerm",
    "checklist": "CreativeWork",
    "crosswalk": "DefinedTermSet",
    "organisation": "Organization",
}

#: Plain-language labels of record fields (others: the field name in words).
FIELD_LABELS: Final[Mapping[str, str]] = {
    "aliases": "Also called",
    "stages": "Research stages",
    "stakeholders": "People involved",
    "levels": "Depth of involvement",
    "modes": "How it is run",
    "group_size": "Group size",
    "duration": "Time it takes",
    "timescale": "From start to finish",
    "cost": "Cost",
    "purposes": "Good for",
    "strengths": "Strengths",
    "limitations": "Limitations",
    "accessibility": "Making it accessible",
    "underserved": "Under-served groups reached",
    "resources": "Resources",
    "pairs_with": "Works well with",
    "recruitment": "How people are found",
    "interactions": "How people take part",
    "decisions": "How decisions are made",
    "facilitated": "Needs a facilitator",
    "same_as": "Same technique elsewhere",
    "kind": "Kind of resource",
    "url": "Web address",
    "publisher": "Published by",
    "year": "Year",
    "licence": "Licence",
    "techniques": "Techniques",
    "audience": "Written for",
    "organisation": "Run by",
    "outcomes": "What changed",
    "lessons": "Lessons for others",
    "order": "Position in the research cycle",
    "cross_cutting": "Runs alongside every stage",
    "category": "Category",
    "purpose": "Purpose",
    "target": "Maps onto",
    "tags": "Keywords",
}

#: Fields shown elsewhere on a record's page (heading, summary, sources) or not at all.
_SHOWN_ELSEWHERE: Final = frozenset({"id", "name", "summary", "sources", "items", "entries", "order"})

#: Yes/no fields shown only when yes ("runs alongside every stage: no" tells nobody anything).
_ONLY_WHEN_TRUE: Final = frozenset({"cross_cutting"})

_COST_WORDS: Final = {
    Cost.LOW: "Low (under £1,000)",
    Cost.MEDIUM: "Medium (£1,000 to £10,000)",
    Cost.HIGH: "High (£10,000 to £50,000)",
    Cost.VERY_HIGH: "Very high (over £50,000)",
}
_LEVEL_WORDS: Final = {
    Level.INFORM: "Inform: people are told about the research",
    Level.CONSULT: "Consult: people are asked for their views",
    Level.INVOLVE: "Involve: people work with researchers throughout an activity",
    Level.COLLABORATE: "Collaborate: people share decisions as partners",
    Level.EMPOWER: "Empower: people make the final decisions",
}

#: Group sizes the finder offers: (slug, label, smallest, largest or None).
GROUP_SIZES: Final = (
    ("1-5", "1 to 5 people", 1, 5),
    ("6-12", "6 to 12 people", 6, 12),
    ("13-30", "13 to 30 people", 13, 30),
    ("31-100", "31 to 100 people", 31, 100),
    ("over-100", "More than 100 people", 101, None),
)


def words(slug: object) -> str:
    """Return a slug or enum value in words: ``"co-design"`` -> ``"Co design"``.

    >>> words("explore-experiences")
    'Explore experiences'
    >>> words(Mode.IN_PERSON)
    'In person'
    """
    text = str(slug).replace("-", " ").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _kind_names(kind: str) -> tuple[str, str]:
    """Return the plain-language singular and plural of a record kind."""
    return KIND_NAMES.get(kind, (words(kind), f"{words(kind)}s"))


def kind_folder(kind: str) -> str:
    """Return the folder of a record kind's pages: ``"technique"`` -> ``"techniques"``."""
    return KIND_FOLDERS.get(kind, f"{kind}s")


def page_path(record: Record) -> str:
    """Return the stable site-relative address of a record's page (``techniques/photovoice/``)."""
    return f"{kind_folder(record.record_kind)}/{record.id}/"


@attrs.frozen
class Ref:
    """A link to a page of the site: the text shown and its site-relative ``path``."""

    text: str
    path: str


@attrs.frozen
class Field:
    """One labelled piece of a page.

    ``items`` are text or :class:`Ref`; ``url`` is ``True`` when the text items are web
    addresses (the presentation layer makes only http/https ones links).
    """

    label: str
    items: tuple["str | Ref", ...]
    url: bool = False


@attrs.frozen
class Section:
    """A headed part of a page."""

    heading: str
    fields: tuple[Field, ...] = ()
    intro: str = ""


@attrs.frozen
class RecordPage:
    """Everything the page of one record shows."""

    record: Record
    path: str
    kind_name: str
    kind_plural: str
    catalogue: str
    catalogue_title: str
    sections: tuple[Section, ...]
    sources: tuple[Source, ...]
    filters: tuple[tuple[str, str], ...]
    jsonld: dict[str, Any]


@attrs.frozen
class FacetValue:
    """One value of a finder facet and the ids of the techniques it selects."""

    slug: str
    label: str
    techniques: tuple[str, ...]


@attrs.frozen
class Facet:
    """A finder filter: ``how`` is ``any`` (tick several), ``at-least`` or ``at-most`` (pick one)."""

    name: str
    label: str
    how: str
    values: tuple[FacetValue, ...]

    @property
    def single(self) -> bool:
        """Whether one value is picked at a time (radio buttons) rather than several."""
        return self.how != "any"


@attrs.frozen
class Chart:
    """A bar chart with its numbers: ``rows`` of (label, link or ``None``, count)."""

    title: str
    description: str
    column: str
    rows: tuple[tuple[str, Ref | None, int], ...]


@attrs.frozen
class Role:
    """A way into the site for one kind of visitor."""

    heading: str
    text: str
    links: tuple[Ref, ...]


@attrs.frozen
class Site:
    """Every page of the site, as data."""

    title: str
    catalogues: tuple[tuple[str, str, str], ...]
    description: str
    pages: tuple[RecordPage, ...]
    kinds: tuple[tuple[str, str, tuple[RecordPage, ...]], ...]
    facets: tuple[Facet, ...]
    technique_facets: Mapping[str, Mapping[str, tuple[str, ...]]]
    resource_map: tuple[tuple[Ref | None, tuple[tuple[str, tuple[Ref, ...]], ...]], ...]
    resource_kinds: tuple[str, ...]
    charts: tuple[Chart, ...]
    usage_table: tuple[tuple[Ref, Ref, int], ...]
    roles: tuple[Role, ...]
    contribute: Mapping[str, tuple[tuple[str, str], ...]]
    jsonld: dict[str, Any]


FACETS: Final = (
    ("stage", "Research stage", "any"),
    ("people", "People to involve", "any"),
    ("level", "Depth of involvement (at least)", "at-least"),
    ("mode", "How it is run", "any"),
    ("cost", "Cost (at most)", "at-most"),
    ("size", "Group size", "any"),
    ("purpose", "What it is for", "any"),
    ("underserved", "Under-served groups reached", "any"),
)


def _technique_facets(tech: Technique) -> dict[str, tuple[str, ...]]:
    """Return the facet values a technique is listed under (cumulative for at-least/at-most)."""
    size = tech.group_size or GroupSize()
    lo = size.min if size.min is not None else 1
    hi = size.max
    return {
        "stage": tech.stages,
        "people": tech.stakeholders,
        # "at least L": the deepest level it reaches is L or deeper.
        "level": tuple(str(lv) for lv in Level if tech.max_level is not None and lv <= tech.max_level),
        "mode": tuple(str(m) for m in tech.modes),
        # "at most C": its cost band is C or cheaper.
        "cost": tuple(str(c) for c in Cost if tech.cost is not None and c >= tech.cost),
        "size": tuple(
            slug
            for slug, _, smallest, largest in GROUP_SIZES
            if tech.group_size is not None
            and (largest is None or lo <= largest)
            and (hi is None or hi >= smallest)
        ),
        "purpose": tech.purposes,
        "underserved": tech.underserved,
    }


#: Fields whose values are ids of records of another kind, when the name does not say it.
_REF_FIELDS: Final[Mapping[str, str]] = {
    "audience": "stakeholder",
    "pairs_with": "technique",
    "same_as": "technique",
}


def _names(cat: "Catalogue", ids: Iterable[str], kind: str | None = None) -> tuple["str | Ref", ...]:
    """Return ids as links to their pages, or as words when the catalogue lacks them."""
    out: list[str | Ref] = []
    for rid in ids:
        rec = cat.get(rid)
        known = rec is not None and (kind is None or rec.record_kind == kind)
        out.append(Ref(rec.name, page_path(rec)) if rec is not None and known else words(rid))
    return tuple(out)


def _value_items(cat: "Catalogue", name: str, value: object) -> tuple["str | Ref", ...]:
    """Return a field's value as page items: links for ids of records, words for the rest."""
    if value is None or value in ("", ()):
        return ()
    if isinstance(value, bool):
        return ("Yes" if value else "No",)
    if isinstance(value, Cost):
        return (_COST_WORDS[value],)
    if isinstance(value, GroupSize):
        lo, hi = value.min, value.max
        if lo is not None and hi is not None:
            return (f"{lo} to {hi} people",)
        if lo is not None:
            return (f"{lo} or more people",)
        return (f"Up to {hi} people",) if hi is not None else ()
    if isinstance(value, tuple):
        if name in {"strengths", "limitations", "accessibility", "outcomes", "lessons", "aliases"}:
            return tuple(str(v) for v in value)
        if all(isinstance(v, Level) for v in value):
            return tuple(_LEVEL_WORDS[v] for v in value)
        target = _REF_FIELDS.get(name, name.removesuffix("s"))
        if target in KIND_FOLDERS or target in KINDS:
            return _names(cat, value, target)
        return tuple(words(v) for v in value)
    if isinstance(value, int):
        return (str(value),)
    if isinstance(value, ResourceKind | Mode | Level):
        return (words(value),)
    text = str(value)
    return (text,) if name in {"url", "organisation", "publisher", "licence", "duration"} else (words(text),)


def _own_fields(cat: "Catalogue", rec: Record) -> tuple[Field, ...]:
    fields: list[Field] = []
    names = [a.name for a in attrs.fields(type(rec)) if a.name != "tags"] + ["tags"]
    for name in names:
        if name in _SHOWN_ELSEWHERE:
            continue
        value = getattr(rec, name)
        if value is False and name in _ONLY_WHEN_TRUE:
            continue
        items = _value_items(cat, name, value)
        if items:
            fields.append(Field(FIELD_LABELS.get(name, words(name)), items, url=name == "url"))
    return tuple(fields)


#: Backlinks shown on a record's page: incoming edge kind -> label.
_BACKLINKS: Final = {
    "fits (from)": "Techniques for this stage",
    "involves (from)": "Techniques that involve them",
    "supported-by (from)": "Techniques it supports",
    "used-in (from)": "Techniques used",
    "supports (from)": "Resources for this stage",
    "written-for (from)": "Resources written for them",
    "at-stage (from)": "Case stories at this stage",
    "involved (from)": "Case stories that involved them",
    "pairs-with (from)": "Techniques that work well with it",
}


def similar_techniques(g: "TechniqueGraph", n: int = 5) -> dict[str, tuple[str, ...]]:
    """Return the ids of the ``n`` techniques most like each technique, for every technique.

    The same ranking as :meth:`TechniqueGraph.similar` (the Jaccard index of shared
    stages, stakeholders and purposes; ties by name), computed for all techniques at
    once: an inverted index counts the shared features of every pair that shares one,
    in C (:class:`collections.Counter`), instead of one full scan per technique. A test
    checks that both give the same answer.
    """
    import heapq
    from itertools import chain

    techniques = g.catalogue.techniques
    features = {tid: frozenset(g._features(t)) for tid, t in techniques.items()}
    postings: dict[str, list[str]] = defaultdict(list)
    for tid, mine in features.items():
        for f in mine:
            postings[f].append(tid)
    sizes = {tid: len(f) for tid, f in features.items()}
    names = {tid: (t.name.casefold(), tid) for tid, t in techniques.items()}
    out: dict[str, tuple[str, ...]] = {}
    for tid, mine in features.items():
        shared = Counter(chain.from_iterable(postings[f] for f in mine))
        shared.pop(tid, None)
        size = len(mine)
        best = heapq.nsmallest(
            n, shared.items(), key=lambda p: (-p[1] / (size + sizes[p[0]] - p[1]), names[p[0]])
        )
        out[tid] = tuple(other for other, _ in best)
    return out


def _links_section(
    cat: "Catalogue",
    g: "TechniqueGraph",
    rec: Record,
    own: set[str],
    similar_to: Mapping[str, tuple[str, ...]],
) -> Section | None:
    from ._graph import NODE_KINDS

    if rec.record_kind not in NODE_KINDS:
        return None
    links = g.links(rec)
    fields = []
    if rec.record_kind == "technique":
        cases = tuple(Ref(c.name, page_path(c)) for c in g.cases_for(rec.id))
        if cases:
            fields.append(Field("Case stories that used it", cases))
        resources = [r for r in g.resources_for(rec.id) if r.id not in own]
        if resources:
            fields.append(Field("More resources", tuple(Ref(r.name, page_path(r)) for r in resources)))
    for kind, label in _BACKLINKS.items():
        ids = [i for i in links.get(kind, ()) if i not in own]
        if ids and not (rec.record_kind == "technique" and kind in {"used-in (from)", "supported-by (from)"}):
            fields.append(Field(label, _names(cat, dict.fromkeys(ids))))
    if rec.record_kind == "technique":
        similar = tuple(Ref(cat[t].name, page_path(cat[t])) for t in similar_to.get(rec.id, ()))
        if similar:
            fields.append(Field("Similar techniques", similar))
    return Section("Linked pages", tuple(fields)) if fields else None


def _items_section(rec: Record) -> Section | None:
    if isinstance(rec, Checklist) and rec.items:
        return Section(
            "Items",
            tuple(
                Field(item.name, tuple(x for x in (item.prompt, *item.questions) if x)) for item in rec.items
            ),
        )
    entries = getattr(rec, "entries", ())
    if entries:
        return Section(
            "Terms",
            tuple(
                Field(
                    e.name or words(e.term), (*((e.note,) if e.note else ()), *(words(m) for m in e.maps_to))
                )
                for e in entries
            ),
        )
    return None


def _stage_guide(cat: "Catalogue", stage: Stage) -> tuple[Section, ...]:
    """Return what to do at a stage: reflective questions and checklist items made for it."""
    fields = [
        Field(f"{item.name} ({checklist.name})", tuple(x for x in (item.prompt, *item.questions) if x))
        for checklist in cat.checklists.values()
        for item in checklist.items
        if stage.id in item.stages
    ]
    if not fields:
        return ()
    return (
        Section(
            "Questions to ask at this stage",
            tuple(fields),
            intro="Checklist items and reflective questions written for this stage.",
        ),
    )


def record_jsonld(cat: "Catalogue", rec: Record, base_url: str = "") -> dict[str, Any]:
    """Return the schema.org JSON-LD of a record's page."""
    kind = rec.record_kind
    doc: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(kind, "Thing"),
        "@id": f"urn:participatory:{kind}:{rec.id}",
        "identifier": rec.id,
        "name": rec.name,
        "additionalType": _kind_names(kind)[0],
    }
    if rec.summary:
        doc["description"] = rec.summary
    if base_url:
        doc["url"] = f"{base_url.rstrip('/')}/{page_path(rec)}"
    if rec.tags:
        doc["keywords"] = list(rec.tags)
    if rec.sources:
        doc["citation"] = [
            {
                "@type": "CreativeWork",
                "name": s.title,
                "url": s.url,
                **({"publisher": {"@type": "Organization", "name": s.publisher}} if s.publisher else {}),
                **({"datePublished": str(s.year)} if s.year else {}),
            }
            for s in rec.sources
        ]
    if isinstance(rec, Resource) and rec.url:
        doc["sameAs"] = rec.url
    if isinstance(rec, Case) and rec.organisation:
        doc["sponsor"] = {"@type": "Organization", "name": rec.organisation}
    origin = cat.origin(rec.id).catalogue
    doc["isPartOf"] = {"@type": "Dataset", "name": origin}
    return doc


def _record_page(
    cat: "Catalogue",
    g: "TechniqueGraph",
    rec: Record,
    *,
    titles: Mapping[str, str],
    base: str,
    similar_to: Mapping[str, tuple[str, ...]],
) -> RecordPage:
    kind = rec.record_kind
    own = _own_fields(cat, rec)
    own_ids = {item.path.split("/")[1] for f in own for item in f.items if isinstance(item, Ref)}
    about = [Section("About", own)] if own else []
    extra = _items_section(rec)
    linked = _links_section(cat, g, rec, own_ids, similar_to)
    if isinstance(rec, Stage):
        # A stage page is a guide: what to do first, then questions, then the details.
        sections = [
            *([attrs.evolve(linked, heading="What you can do at this stage")] if linked else []),
            *_stage_guide(cat, rec),
            *about,
        ]
    else:
        sections = [*about, *([extra] if extra else []), *([linked] if linked else [])]
    origin = cat.origin(rec.id).catalogue
    filters: list[tuple[str, str]] = [("kind", _kind_names(kind)[0])]
    if isinstance(rec, Technique):
        filters += [(name, v) for name, values in _technique_facets(rec).items() for v in values]
    return RecordPage(
        record=rec,
        path=page_path(rec),
        kind_name=_kind_names(kind)[0],
        kind_plural=_kind_names(kind)[1],
        catalogue=origin,
        catalogue_title=titles.get(origin, origin),
        sections=tuple(sections),
        sources=rec.sources,
        filters=tuple(filters),
        jsonld=record_jsonld(cat, rec, base),
    )


def _facets(
    cat: "Catalogue", per_technique: Mapping[str, Mapping[str, tuple[str, ...]]]
) -> tuple[Facet, ...]:
    members: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for tid, facets in per_technique.items():
        for name, values in facets.items():
            for v in values:
                members[name][v].append(tid)

    def label(name: str, slug: str) -> str:
        if name == "stage" and slug in cat.stages:
            return cat.stages[slug].name
        if name == "people" and slug in cat.stakeholders:
            return cat.stakeholders[slug].name
        if name == "level":
            return words(slug)
        if name == "cost":
            return _COST_WORDS[Cost(slug)]
        if name == "size":
            return next(lab for s, lab, _, _ in GROUP_SIZES if s == slug)
        return words(slug)

    orders: dict[str, list[str]] = {
        "stage": list(cat.stages),
        "people": list(cat.stakeholders),
        "level": [str(lv) for lv in Level],
        "mode": [str(m) for m in Mode],
        "cost": [str(c) for c in Cost],
        "size": [s for s, _, _, _ in GROUP_SIZES],
    }
    out = []
    for name, heading, how in FACETS:
        found = members.get(name, {})
        order = list(orders.get(name) or sorted(found))
        order += sorted(set(found) - set(order))
        listed = tuple(FacetValue(v, label(name, v), tuple(found[v])) for v in order if found.get(v))
        if listed:
            out.append(Facet(name, heading, how, listed))
    return tuple(out)


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


def _usage(
    cat: "Catalogue", g: "TechniqueGraph"
) -> tuple[tuple[Chart, ...], tuple[tuple[Ref, Ref, int], ...]]:
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
                "Techniques used most often",
                "How many case stories used each technique (the 20 used most).",
                "Case stories",
                rows(techniques, 20),
            ),
            Chart(
                "Who was involved",
                "How many case stories involved each group of people.",
                "Case stories",
                rows(people),
            ),
            Chart(
                "When people were involved",
                "How many case stories involved people at each stage.",
                "Case stories",
                rows(stages),
            ),
        )
        if c.rows
    )
    table = tuple(
        (
            Ref(cat[row["technique"]].name, page_path(cat[row["technique"]])),
            Ref(cat[row["stakeholder"]].name, page_path(cat[row["stakeholder"]])),
            int(row["cases"]),
        )
        for row in g.usage(by="stakeholder")
        if row["technique"] in cat and row["stakeholder"] in cat
    )
    return charts, table


def _roles() -> tuple[Role, ...]:
    return (
        Role(
            "I am planning a study",
            "Find ways to involve patients and the public that suit your study, stage by stage.",
            (
                Ref("Find a technique", "find/"),
                Ref("Research stages", "stages/"),
                Ref("Resources by stage", "map/"),
            ),
        ),
        Role(
            "I am a patient, carer or member of the public",
            "See how people like you have helped shape research, and share your own story.",
            (
                Ref("Case stories", "cases/"),
                Ref("Share your experience", "contribute/"),
                Ref("People to involve", "stakeholders/"),
            ),
        ),
        Role(
            "I lead involvement",
            "Plan involvement across a project, check it against standards and find guides.",
            (
                Ref("Resources by stage", "map/"),
                Ref("Checklists", "checklists/"),
                Ref("Research stages", "stages/"),
            ),
        ),
        Role(
            "I work with data",
            "Download the catalogue and see which techniques are used, and by whom.",
            (
                Ref("Downloads", "downloads/"),
                Ref("Which techniques are used", "usage/"),
                Ref("All techniques", "techniques/"),
            ),
        ),
    )


def site_data(cat: "Catalogue", *, title: str = "", base_url: str = "") -> Site:
    """Return every page of the website of ``cat``, as data.

    Parameters
    ----------
    cat : Catalogue
        The catalogue (merged catalogues are fine; each record's page names its own).
    title : str
        The site's title (default: the catalogue's title or name).
    base_url : str
        The address the site will be published at, for the JSON-LD ``url`` of each page.
    """
    g = cat.graph()
    infos = cat.members
    titles = {i.name: i.title or i.name for i in infos}
    similar_to = similar_techniques(g)
    pages = tuple(
        _record_page(cat, g, rec, titles=titles, base=base_url, similar_to=similar_to)
        for rec in cat.records()
    )
    by_kind: dict[str, list[RecordPage]] = defaultdict(list)
    for page in pages:
        by_kind[page.record.record_kind].append(page)
    # Stages keep their research-cycle order; other kinds are listed by name.
    kinds = tuple(
        (
            kind,
            _kind_names(kind)[1],
            tuple(group if kind == "stage" else sorted(group, key=lambda p: p.record.name.casefold())),
        )
        for kind, group in by_kind.items()
    )
    per_technique = {tid: _technique_facets(t) for tid, t in cat.techniques.items()}
    resource_map, resource_kinds = _resource_map(cat)
    charts, table = _usage(cat, g)
    contribute = {
        "techniques": tuple(
            (t.id, t.name) for t in sorted(cat.techniques.values(), key=lambda t: t.name.casefold())
        ),
        "stages": tuple((s.id, s.name) for s in cat.stages.values()),
        "stakeholders": tuple((s.id, s.name) for s in cat.stakeholders.values()),
    }
    site_title = title or cat.info.title or cat.info.name
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
        catalogues=tuple((i.name, i.title or i.name, i.licence) for i in infos),
        description=cat.info.description,
        pages=pages,
        kinds=kinds,
        facets=_facets(cat, per_technique),
        technique_facets=per_technique,
        resource_map=resource_map,
        resource_kinds=resource_kinds,
        charts=charts,
        usage_table=table,
        roles=_roles(),
        contribute=contribute,
        jsonld={k: v for k, v in jsonld.items() if v is not None},
    )
