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

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._model import (
    ESTIMABLE,
    KINDS,
    AgeRange,
    Case,
    Checklist,
    Cost,
    Effectiveness,
    Form,
    Format,
    GroupSize,
    Level,
    Mode,
    Organisation,
    Record,
    Resource,
    ResourceKind,
    Sector,
    Skill,
    Source,
    Stage,
    Strength,
    Technique,
    Timescale,
)
from ._usage import NOT_STATED

if TYPE_CHECKING:
    from ._catalogue import Catalogue
    from ._graph import TechniqueGraph
    from ._usage import Outcomes

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
    "UsageGroup",
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
    "same_as": "Other write-ups of this technique",
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
    "form": "What kind of thing it is",
    "contributor_time": "Time asked of each contributor",
    "lead_time": "Time to prepare",
    "facilitation": "Facilitation skill needed",
    "internet": "Needs the internet",
    "formats": "Formats offered",
    "ages": "Ages it suits",
    "organisations": "Organisations involved",
    "country": "Country",
    "changes": "Kinds of change",
    "evaluated": "Formally evaluated",
    "sector": "Kind of organisation",
    "scope": "How far its work reaches",
}

#: Labels that differ by kind of record: (kind, field) -> label.
KIND_FIELD_LABELS: Final[Mapping[tuple[str, str], str]] = {
    ("organisation", "techniques"): "Techniques it uses",
    ("organisation", "stakeholders"): "People it works with",
    ("organisation", "url"): "Its website",
}

#: Fields shown elsewhere on a record's page (heading, summary, sources) or not at all.
_SHOWN_ELSEWHERE: Final = frozenset(
    {"id", "name", "summary", "sources", "items", "entries", "order", "estimated", "effectiveness"}
)

#: Fields shown first on a record's page: what the record is.
_FIRST: Final = ("form", "sector", "organisation", "organisations", "country")

#: Country names said with "the" ("based in the United Kingdom").
_THE_COUNTRIES: Final = frozenset(
    {"Bahamas", "Comoros", "Gambia", "Maldives", "Netherlands", "Philippines", "Seychelles"}
)


def _country(name: str) -> str:
    """Return a country's name as said in a sentence: ``the United Kingdom``, ``Canada``."""
    the = (
        name in _THE_COUNTRIES
        or name.startswith(("United ", "Republic "))
        or name.endswith((" Republic", " Islands"))
    )
    return f"the {name}" if the else name


#: A technique's practical fields, shown together under "What it takes".
_PRACTICAL: Final = (
    "group_size",
    "duration",
    "timescale",
    "contributor_time",
    "lead_time",
    "cost",
    "facilitation",
    "facilitated",
    "internet",
    "formats",
    "ages",
)

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

_FORM_WORDS: Final = {
    Form.APPROACH: "An approach: a way of working or a set of principles",
    Form.METHOD: "A method: a structured activity with known steps",
    Form.TOOL: "A tool: something used within a method, such as a card sort or a template",
}
_SKILL_WORDS: Final = {
    Skill.NONE: "None: anyone can run it from a guide",
    Skill.SOME: "Some: an experienced facilitator",
    Skill.SPECIALIST: "Specialist: a facilitator with specific training",
}
_TIME_WORDS: Final = {
    Timescale.HOURS: "Hours",
    Timescale.DAYS: "Days",
    Timescale.WEEKS: "Weeks",
    Timescale.MONTHS: "Months",
    Timescale.YEARS: "Years",
}
_FORMAT_WORDS: Final = {
    Format.EASY_READ: "Easy read",
    Format.AUDIO: "Audio",
    Format.LARGE_PRINT: "Large print",
    Format.BRAILLE: "Braille",
    Format.BSL: "British Sign Language (BSL)",
    Format.TRANSLATED: "Translated into other languages",
    Format.WELSH: "Welsh",
    Format.INTERPRETED: "With an interpreter",
}
_STRENGTH_WORDS: Final = {
    Strength.ANECDOTAL: "Anecdotal: reports and reflections, not tests of whether it works",
    Strength.EMERGING: "Emerging: evaluations of single uses",
    Strength.MODERATE: "Moderate: several evaluations, or a review of them",
    Strength.STRONG: "Strong: trials or systematic reviews found that it works",
}
_SECTOR_WORDS: Final = {
    Sector.PUBLIC_BODY: "Public body",
    Sector.HEALTH_OR_CARE_PROVIDER: "Health or care provider",
    Sector.UNIVERSITY_OR_RESEARCH: "University or research body",
    Sector.CHARITY_OR_COMMUNITY: "Charity or community group",
    Sector.PATIENT_ORGANISATION: "Patient organisation",
    Sector.BUSINESS: "Business",
    Sector.FUNDER: "Funder",
    Sector.OTHER: "Other kind of organisation",
}

#: Age bands the finder offers: (slug, label, youngest, oldest or None).
AGE_BANDS: Final = (
    ("under-11", "Children under 11", 0, 10),
    ("11-17", "Young people aged 11 to 17", 11, 17),
    ("18-64", "Adults aged 18 to 64", 18, 64),
    ("65-and-over", "People aged 65 and over", 65, None),
)

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
    addresses (the presentation layer makes only http/https ones links). ``note`` says
    where a number comes from: ``"our estimate"`` or ``"from the sources"``.
    """

    label: str
    items: tuple["str | Ref", ...]
    url: bool = False
    note: str = ""


@attrs.frozen
class Section:
    """A headed part of a page."""

    heading: str
    fields: tuple[Field, ...] = ()
    intro: str = ""
    sources: tuple[Source, ...] = ()


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
    #: A shorter label for the value as a chosen filter ("Involve"), when ``label`` is long.
    short: str = ""


@attrs.frozen
class Facet:
    """A finder filter.

    ``how`` is ``any`` (tick several; a technique matches one of them), ``all`` (tick
    several; a technique matches every one), ``at-least`` or ``at-most`` (pick one).
    """

    name: str
    label: str
    how: str
    values: tuple[FacetValue, ...]
    #: How many techniques have this facet at all (few: the filter is marked incomplete).
    known: int = 0

    @property
    def single(self) -> bool:
        """Whether one value is picked at a time (radio buttons) rather than several."""
        return self.how in ("at-least", "at-most")


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
class Site:
    """Every page of the site, as data."""

    title: str
    catalogues: tuple[tuple[str, str, str], ...]
    description: str
    pages: tuple[RecordPage, ...]
    kinds: tuple[tuple[str, str, tuple[RecordPage, ...]], ...]
    facets: tuple[Facet, ...]
    technique_facets: Mapping[str, Mapping[str, tuple[str, ...]]]
    #: What each technique's card in the finder shows, by technique id: ``stages``,
    #: ``level``, ``cost``, ``modes`` (text) and ``same_as`` (links to other write-ups).
    cards: Mapping[str, Mapping[str, Any]]
    resource_map: tuple[tuple[Ref | None, tuple[tuple[str, tuple[Ref, ...]], ...]], ...]
    resource_kinds: tuple[str, ...]
    charts: tuple[Chart, ...]
    usage: tuple[UsageGroup, ...]
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
    ("form", "Kind of technique", "any"),
    ("facilitation", "Facilitation skill needed (at most)", "at-most"),
    ("internet", "Internet", "any"),
    ("formats", "Formats offered (every one you tick)", "all"),
    ("age", "Ages of the people taking part", "any"),
    ("contributor-time", "Time asked of each contributor (at most)", "at-most"),
    ("lead-time", "Time to prepare (at most)", "at-most"),
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
        "form": (str(tech.form),) if tech.form is not None else (),
        # "at most S": the skill it needs is S or less.
        "facilitation": tuple(
            str(s) for s in Skill if tech.facilitation is not None and s >= tech.facilitation
        ),
        "internet": ("not-needed",) if tech.internet is False else (),
        "formats": tuple(str(f) for f in tech.formats),
        "age": tuple(
            slug
            for slug, _, youngest, oldest in AGE_BANDS
            if tech.ages is not None and _overlap(tech.ages, youngest, oldest)
        ),
        "contributor-time": _at_most(tech.contributor_time),
        "lead-time": _at_most(tech.lead_time),
    }


def _at_most(time: Timescale | None) -> tuple[str, ...]:
    """Return the "at most" finder values a timescale is listed under: itself and longer."""
    return tuple(str(t) for t in Timescale if time is not None and t >= time)


def _overlap(ages: AgeRange, youngest: int, oldest: int | None) -> bool:
    """Whether an age range shares at least one year with the band ``youngest``..``oldest``."""
    return (ages.max is None or ages.max >= youngest) and (
        oldest is None or ages.min is None or ages.min <= oldest
    )


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
        if name == "internet":
            return (
                "Yes: taking part needs the internet" if value else "No: people can take part without it",
            )
        return ("Yes" if value else "No",)
    words_of: Mapping[Any, str] | None = next(
        (table for kind, table in _ENUM_WORDS if isinstance(value, kind)), None
    )
    if words_of is not None:
        return (words_of[value],)
    if isinstance(value, AgeRange):
        return (_ages_text(value),) if value.min is not None or value.max is not None else ()
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
        if all(isinstance(v, Format) for v in value):
            return tuple(_FORMAT_WORDS[v] for v in value)
        target = _REF_FIELDS.get(name, name.removesuffix("s"))
        if target in KIND_FOLDERS or target in KINDS:
            return _names(cat, value, target)
        return tuple(words(v) for v in value)
    if isinstance(value, int):
        return (str(value),)
    if isinstance(value, ResourceKind | Mode | Level):
        return (words(value),)
    text = str(value)
    kept = {"url", "organisation", "publisher", "licence", "duration", "country"}
    return (text,) if name in kept else (words(text),)


#: Plain words of each enumerated value shown on a page, by enum.
_ENUM_WORDS: Final[tuple[tuple[type, Mapping[Any, str]], ...]] = (
    (Cost, _COST_WORDS),
    (Form, _FORM_WORDS),
    (Skill, _SKILL_WORDS),
    (Timescale, _TIME_WORDS),
    (Sector, _SECTOR_WORDS),
)


def _ages_text(ages: AgeRange) -> str:
    """Return an age range in words: ``Ages 11 to 25``, ``Ages 11 and over``, ``Up to age 25``."""
    if ages.min is not None and ages.max is not None:
        return f"Ages {ages.min} to {ages.max}"
    return f"Ages {ages.min} and over" if ages.min is not None else f"Up to age {ages.max}"


def _provenance(rec: Record, name: str) -> str:
    """Say where a technique's number comes from: the catalogue's estimate or its sources."""
    if not isinstance(rec, Technique) or name not in ESTIMABLE:
        return ""
    if name in rec.estimated:
        return "our estimate"
    return "from the sources" if rec.sources else ""


def _own_fields(cat: "Catalogue", rec: Record) -> dict[str, Field]:
    """Return a record's own fields as page fields, by field name, what it is first."""
    fields: dict[str, Field] = {}
    kind = rec.record_kind
    names = [a.name for a in attrs.fields(type(rec)) if a.name != "tags"] + ["tags"]
    names = [n for n in _FIRST if n in names] + [n for n in names if n not in _FIRST]
    for name in names:
        if name in _SHOWN_ELSEWHERE:
            continue
        value = getattr(rec, name)
        if value is False and name in _ONLY_WHEN_TRUE:
            continue
        items = _value_items(cat, name, value)
        if items:
            label = KIND_FIELD_LABELS.get((kind, name)) or FIELD_LABELS.get(name, words(name))
            fields[name] = Field(label, items, url=name == "url", note=_provenance(rec, name))
    return fields


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
    "represents (from)": "Organisations that work with them",
    "ran (from)": "Organisations that ran it",
    "ran": "Case stories it ran or took part in",
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
    extra: "_Extra",
) -> Section | None:
    from ._graph import NODE_KINDS

    if rec.record_kind not in NODE_KINDS:
        return None
    links = g.links(rec)
    fields = []
    technique = rec.record_kind == "technique"
    if technique:
        cases = tuple(Ref(c.name, page_path(c)) for c in g.cases_for(rec.id))
        if cases:
            fields.append(Field("Case stories that used it", cases))
        users = extra.users.get(rec.id, ())
        if users:
            fields.append(Field("Organisations that use it", _names(cat, users, "organisation")))
        resources = [r for r in g.resources_for(rec.id) if r.id not in own]
        if resources:
            fields.append(Field("More resources", tuple(Ref(r.name, page_path(r)) for r in resources)))
    for kind, label in _BACKLINKS.items():
        ids = [i for i in links.get(kind, ()) if i not in own]
        if ids and not (technique and kind in {"used-in (from)", "supported-by (from)"}):
            fields.append(Field(label, _names(cat, dict.fromkeys(ids))))
    if technique:
        similar = tuple(Ref(cat[t].name, page_path(cat[t])) for t in extra.similar.get(rec.id, ()))
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
    if isinstance(rec, Case) and rec.organisations:
        doc["contributor"] = [
            {"@id": f"urn:participatory:organisation:{oid}", "name": cat[oid].name}
            for oid in rec.organisations
            if oid in cat
        ]
    if isinstance(rec, Case) and rec.country:
        doc["location"] = {"@type": "Country", "name": rec.country}
    if isinstance(rec, Organisation) and rec.country:
        doc["address"] = {"@type": "PostalAddress", "addressCountry": rec.country}
    if isinstance(rec, Organisation) and rec.url:
        doc["sameAs"] = rec.url
    origin = cat.origin(rec.id).catalogue
    doc["isPartOf"] = {"@type": "Dataset", "name": origin}
    return doc


@attrs.frozen
class _Extra:
    """What record pages need that is worked out once for the whole catalogue."""

    similar: Mapping[str, tuple[str, ...]]
    users: Mapping[str, tuple[str, ...]]
    rollups: Mapping[str, "Outcomes"]
    has_cases: bool
    #: Other write-ups of the same technique (``same_as``, both ways), by technique id.
    twins: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)


def _extra(cat: "Catalogue", g: "TechniqueGraph") -> _Extra:
    users: dict[str, list[str]] = defaultdict(list)
    if cat.organisations:
        for row in g.usage(by="organisation"):
            if row["organisations"]:
                users[row["technique"]].append(row["organisation"])
    used = dict.fromkeys(t for c in cat.cases.values() for t in c.techniques if t in cat.techniques)
    twins: dict[str, dict[str, None]] = defaultdict(dict)
    for tid, tech in cat.techniques.items():
        for other in tech.same_as:
            if other in cat.techniques and other != tid:
                twins[tid][other] = None
                twins[other][tid] = None
    return _Extra(
        twins={t: tuple(o) for t, o in twins.items()},
        similar=similar_techniques(g),
        users={t: tuple(sorted(o, key=lambda i: cat[i].name.casefold())) for t, o in users.items()},
        rollups={t: g.outcomes(t) for t in used},
        has_cases=bool(cat.cases),
    )


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _outcomes_section(rec: Technique, extra: _Extra) -> Section | None:
    """Return what the case stories that used a technique say changed."""
    roll = extra.rollups.get(rec.id)
    if roll is None or not roll.cases:
        if not extra.has_cases:
            return None
        return Section("Where it has been used", intro="No case story on this site has used it yet.")
    text = f"Used in {_plural(roll.cases, 'case story', 'case stories')} on this site"
    text += f", {roll.evaluated} formally evaluated"
    if roll.changes:
        text += f", most often changing {words(roll.changes[0][0]).lower()}"
    fields = []
    if roll.changes:
        fields.append(
            Field(
                "Kinds of change",
                tuple(f"{words(c)} ({_plural(n, 'case story', 'case stories')})" for c, n in roll.changes),
            )
        )
    if roll.outcomes:
        fields.append(Field("What changed, in the case stories' words", roll.outcomes[:10]))
    return Section("Where it has been used", tuple(fields), intro=text + ".")


def _evidence_section(evidence: Effectiveness | None) -> Section | None:
    """Return the evidence that a technique works: its strength, what it shows, its sources."""
    if evidence is None:
        return None
    fields = [Field("Strength of the evidence", (_STRENGTH_WORDS[evidence.strength],))]
    if evidence.summary:
        fields.append(Field("What the evidence shows", (evidence.summary,)))
    return Section(
        "Does it work?",
        tuple(fields),
        intro="What studies and reports say about whether it works.",
        sources=evidence.sources,
    )


#: Why some numbers on a technique's page are marked, said once above them.
_ESTIMATE_NOTE: Final = (
    "Sources often do not give numbers such as cost or time. "
    "Each number is marked “from the sources” when the sources at the bottom of this page give it, "
    "or “our estimate” when it is the catalogue's own informed guess."
)


def _organisation_intro(cat: "Catalogue", org: Organisation) -> str:
    """Say in a sentence what an organisation is, where, and what it does."""
    what = _SECTOR_WORDS[org.sector].lower() if org.sector is not None else "organisation"
    article = "An" if what[:1] in "aeiou" else "A"
    text = f"{article} {what}"
    if org.country:
        text += f" based in {_country(org.country)}"
    if org.scope:
        text += f", working at {' and '.join(words(s).lower() for s in org.scope)} level"
    text += "."
    known = [t for t in org.techniques if t in cat.techniques]
    people = [s for s in org.stakeholders if s in cat.stakeholders]
    if known or people:
        parts = [f"uses {_plural(len(known), 'technique', 'techniques')}"] if known else []
        parts += [f"works with {_plural(len(people), 'group', 'groups')} of people"] if people else []
        text += f" It {' and '.join(parts)} listed below."
    return text


def _record_page(
    cat: "Catalogue",
    g: "TechniqueGraph",
    rec: Record,
    *,
    titles: Mapping[str, str],
    base: str,
    extra: _Extra,
) -> RecordPage:
    kind = rec.record_kind
    own = _own_fields(cat, rec)
    twins = extra.twins.get(rec.id, ())
    if twins:
        # Both write-ups link each other, each saying whose it is.
        own["same_as"] = Field(FIELD_LABELS["same_as"], tuple(_twin_ref(cat, t, titles) for t in twins))
    own_ids = {item.path.split("/")[1] for f in own.values() for item in f.items if isinstance(item, Ref)}
    items = _items_section(rec)
    linked = _links_section(cat, g, rec, own_ids, extra)
    sections: list[Section | None]
    if isinstance(rec, Stage):
        # A stage page is a guide: what to do first, then questions, then the details.
        sections = [
            attrs.evolve(linked, heading="What you can do at this stage") if linked else None,
            *_stage_guide(cat, rec),
            Section("About", tuple(own.values())) if own else None,
        ]
    elif isinstance(rec, Technique):
        about = tuple(f for name, f in own.items() if name not in _PRACTICAL)
        practical = tuple(own[name] for name in _PRACTICAL if name in own)
        estimates = any(f.note for f in practical)
        sections = [
            Section("About", about) if about else None,
            Section("What it takes", practical, intro=_ESTIMATE_NOTE if estimates else "")
            if practical
            else None,
            _evidence_section(rec.effectiveness),
            _outcomes_section(rec, extra),
            linked,
        ]
    else:
        intro = _organisation_intro(cat, rec) if isinstance(rec, Organisation) else ""
        sections = [
            Section("About", tuple(own.values()), intro=intro) if own or intro else None,
            items,
            linked,
        ]
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
        sections=tuple(s for s in sections if s is not None),
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
            return _LEVEL_WORDS[Level(slug)]
        if name == "cost":
            return _COST_WORDS[Cost(slug)]
        if name == "size":
            return next(lab for s, lab, _, _ in GROUP_SIZES if s == slug)
        if name == "age":
            return next(lab for s, lab, _, _ in AGE_BANDS if s == slug)
        if name == "form":
            return _FORM_WORDS[Form(slug)]
        if name == "facilitation":
            return _SKILL_WORDS[Skill(slug)]
        if name == "internet":
            return "No internet needed to take part"
        if name == "formats":
            return _FORMAT_WORDS[Format(slug)]
        if name in ("contributor-time", "lead-time"):
            return _TIME_WORDS[Timescale(slug)]
        return words(slug)

    orders: dict[str, list[str]] = {
        "stage": list(cat.stages),
        "people": list(cat.stakeholders),
        "level": [str(lv) for lv in Level],
        "mode": [str(m) for m in Mode],
        "cost": [str(c) for c in Cost],
        "size": [s for s, _, _, _ in GROUP_SIZES],
        "form": [str(f) for f in Form],
        "facilitation": [str(k) for k in Skill],
        "formats": [str(f) for f in Format],
        "age": [s for s, _, _, _ in AGE_BANDS],
        "contributor-time": [str(t) for t in Timescale],
        "lead-time": [str(t) for t in Timescale],
    }
    out = []
    for name, heading, how in FACETS:
        found = members.get(name, {})
        order = list(orders.get(name) or sorted(found))
        order += sorted(set(found) - set(order))
        listed = tuple(
            FacetValue(v, label(name, v), tuple(found[v]), words(v) if name == "level" else "")
            for v in order
            if found.get(v)
        )
        known = sum(1 for facets in per_technique.values() if facets.get(name))
        if listed:
            out.append(Facet(name, heading, how, listed, known))
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
    return charts, tuple(u for by in ("sector", "country", "stakeholder") if (u := _usage_by(cat, g, by)))


#: What each usage group is called: by -> (heading, column, chart description, table heading).
_USAGE_BY: Final = {
    "sector": (
        "Techniques used, by kind of organisation",
        "Kind of organisation",
        "How many different techniques each kind of organisation used.",
        "Each technique and the kinds of organisation that used it",
    ),
    "country": (
        "Techniques used, by country",
        "Country",
        "How many different techniques were used in each country.",
        "Each technique and the countries it was used in",
    ),
    "stakeholder": (
        "Techniques used, by the people involved",
        "People",
        "How many different techniques involved each group of people.",
        "Each technique and the people it involved",
    ),
}


def _usage_by(cat: "Catalogue", g: "TechniqueGraph", by: str) -> UsageGroup | None:
    """Return technique use grouped ``by`` sector, country or stakeholder, or ``None`` if none."""
    heading, column, description, table = _USAGE_BY[by]

    def group(value: str) -> "Ref | str":
        if value == NOT_STATED:  # the users that state no sector, country or stakeholder
            return "Not stated"
        if by == "sector":
            return _SECTOR_WORDS[Sector(value)]
        rec = cat.get(value) if by == "stakeholder" else None
        return Ref(rec.name, page_path(rec)) if rec is not None else value

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


def _twin_ref(cat: "Catalogue", tid: str, titles: Mapping[str, str]) -> Ref:
    """Link to another write-up of a technique, saying whose it is: ``Photovoice (Participedia)``."""
    origin = cat.origin(tid).catalogue
    return Ref(f"{cat[tid].name} ({titles.get(origin, origin)})", page_path(cat[tid]))


def _cards(cat: "Catalogue", extra: "_Extra", titles: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """Return what each technique's card in the finder shows (see :attr:`Site.cards`)."""
    cards: dict[str, dict[str, Any]] = {}
    for tid, tech in cat.techniques.items():
        card: dict[str, Any] = {
            "stages": ", ".join(cat.stages[s].name for s in tech.stages if s in cat.stages),
            "level": words(tech.max_level) if tech.max_level is not None else "",
            "cost": _COST_WORDS[tech.cost] if tech.cost is not None else "",
            "modes": ", ".join(words(m) for m in tech.modes),
            "same_as": tuple(_twin_ref(cat, t, titles) for t in extra.twins.get(tid, ())),
        }
        cards[tid] = {k: v for k, v in card.items() if v}
    return cards


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
    extra = _extra(cat, g)
    pages = tuple(
        _record_page(cat, g, rec, titles=titles, base=base_url, extra=extra) for rec in cat.records()
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
    charts, usage = _usage(cat, g)
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
        cards=_cards(cat, extra, titles),
        resource_map=resource_map,
        resource_kinds=resource_kinds,
        charts=charts,
        usage=usage,
        roles=_roles(),
        contribute=contribute,
        jsonld={k: v for k, v in jsonld.items() if v is not None},
    )
