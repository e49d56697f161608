"""One record's page as data: its fields in plain words, its links, its JSON-LD.

:func:`record_page` is what :func:`participatory._site.site_data` calls for every record;
the presentation layer turns each :class:`RecordPage` into HTML.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._community import Commitment, Payment
from ._guides import GLANCE, Field, Guide, Ref, people_guide, provenance, stage_guide, technique_guide
from ._i18n import N_, Np_, Shown, listed
from ._kinds import NODE_KINDS, REFERENCES, Facet, facets
from ._model import (
    AgeRange,
    Case,
    Checklist,
    Effectiveness,
    Format,
    GroupSize,
    Level,
    Mode,
    Organisation,
    Record,
    Resource,
    ResourceKind,
    Sector,
    Source,
    Stage,
    Stakeholder,
    Technique,
)
from ._schema import slugify
from ._translations import OPEN_VALUES
from ._words import (
    ENUM_WORDS,
    FIELD_LABELS,
    FIRST,
    FORMAT_WORDS,
    GUIDE_FIELDS,
    KIND_FIELD_LABELS,
    LEVEL_WORDS,
    ONLY_WHEN_TRUE,
    PRACTICAL,
    SCHEMA_TYPES,
    SECTIONS,
    SHOWN_ELSEWHERE,
    STRENGTH_WORDS,
    Country,
    commitment_text,
    date_text,
    kind_names,
    page_path,
    payment_text,
    record_iri,
    words,
)

if TYPE_CHECKING:
    from ._catalogue import Catalogue
    from ._graph import TechniqueGraph
    from ._usage import Outcomes


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
    #: Who wrote the record, in plain words: its catalogue's ``publisher`` (else its title).
    catalogue_title: str
    sections: tuple[Section, ...]
    sources: tuple[Source, ...]
    filters: tuple[tuple[str, str], ...]
    jsonld: dict[str, Any]
    guide: Guide | None = None
    #: Where a technique fits and what it takes, for its one-page card (empty for other kinds).
    glance: tuple[Field, ...] = ()


def technique_facets(tech: Record) -> dict[str, tuple[str, ...]]:
    """Return the finder values a record is listed under (cumulative for at-least/at-most).

    A technique's in the technique finder; an opportunity's on the opportunities board, an
    organisation's on the page of people to work with (their kinds' facets).

    One entry per facet the finder offers (:attr:`participatory._kinds.Facet.site`), by
    the finder's name of the filter, from the facets' declarations.
    """
    return {f.finder: facet_values(f, tech) for f in facets(tech.record_kind) if f.site}


def facet_values(f: Facet, rec: Record) -> tuple[str, ...]:
    """Return the finder values of one facet a record is listed under."""
    value = getattr(rec, f.field)
    if f.flag is not None:
        return (f.flag[1],) if value == f.flag[0] else ()
    if f.match == "fits":
        lo, hi = (value.min, value.max) if value is not None else (None, None)
        return tuple(
            slug
            for slug, _, smallest, largest in f.bands
            if value is not None
            and (hi is None or hi >= smallest)
            and (largest is None or lo is None or lo <= largest)
        )
    if f.values == "slug" and isinstance(value, str):  # free text (a place): its slug
        value = slugify(value)
    held = value if isinstance(value, tuple) else (() if value is None or value == "" else (value,))
    if f.match in ("at-least", "at-most") and held:
        deepest = max(held)
        members = list(f.values)  # type: ignore[arg-type]
        # "at least L": its deepest value is L or deeper; "at most C": its value is C or lower.
        kept = (m for m in members if (m <= deepest if f.match == "at-least" else m >= deepest))
        return tuple(str(m) for m in kept)
    return tuple(str(v) for v in held)


def _names(cat: "Catalogue", ids: Iterable[str], kind: str | None = None) -> tuple["str | Ref", ...]:
    """Return ids as links to their pages, or as words when the catalogue lacks them."""
    out: list[str | Ref] = []
    for rid in ids:
        rec = cat.get(rid)
        known = rec is not None and (kind is None or rec.record_kind == kind)
        out.append(Ref(rec.name, page_path(rec)) if rec is not None and known else words(rid))
    return tuple(out)


def _value_items(cat: "Catalogue", name: str, value: object, kind: str = "") -> tuple["str | Ref", ...]:
    """Return a field's value as page items: links for ids of records, words for the rest.

    ``kind`` is the record's kind: its declared reference fields become links.
    """
    if value is None or value in ("", ()):
        return ()
    if isinstance(value, bool):
        if name == "internet":
            return (
                N_("Yes: taking part needs the internet")
                if value
                else N_("No: people can take part without it"),
            )
        return (N_("Yes") if value else N_("No"),)
    words_of: Mapping[Any, str] | None = next(
        (table for kind, table in ENUM_WORDS if isinstance(value, kind)), None
    )
    if words_of is not None:
        return (words_of[value],)
    if isinstance(value, Commitment | Payment):
        text = commitment_text(value) if isinstance(value, Commitment) else payment_text(value)
        return (text,) if text else ()
    if name == "languages" and isinstance(value, tuple):
        return tuple(_LANGUAGES.get(str(code), str(code)) for code in value)
    if name == "expenses" and kind == "opportunity" and isinstance(value, tuple):
        return tuple(_EXPENSES.get(str(v), words(v)) for v in value)
    if isinstance(value, AgeRange):
        return (_ages_text(value),) if value.min is not None or value.max is not None else ()
    if isinstance(value, GroupSize):
        lo, hi = value.min, value.max
        if lo is not None and hi is not None:
            return (N_("%(lo)s to %(hi)s people", lo=lo, hi=hi),)
        if lo is not None:
            return (N_("%(lo)s or more people", lo=lo),)
        return (N_("Up to %(hi)s people", hi=hi),) if hi is not None else ()
    if isinstance(value, tuple):
        if name in {"strengths", "limitations", "accessibility", "outcomes", "lessons", "aliases"}:
            return tuple(str(v) for v in value)
        if all(isinstance(v, Level) for v in value):
            return tuple(LEVEL_WORDS[v] for v in value)
        if all(isinstance(v, Format) for v in value):
            return tuple(FORMAT_WORDS[v] for v in value)
        target = REFERENCES.get(kind, {}).get(name)
        if target is not None:
            return _names(cat, value, target)
        if (key := OPEN_VALUES.get(name)) is not None:  # translated as the catalogue says, else English
            return tuple(Shown(n) if (n := cat.value_name(key, v)) else words(v) for v in value)
        return tuple(words(v) for v in value)
    if isinstance(value, int):
        return (str(value),)
    if isinstance(value, ResourceKind | Mode | Level):
        return (words(value),)
    text = str(value)
    if name == "country":
        return (Country(text),)
    kept = {"url", "organisation", "publisher", "licence", "duration", *_FREE_TEXT}
    return (text,) if name in kept else (words(text),)


#: Plain words of each enumerated value shown on a page, by enum.


#: Text fields of opportunities, answers and organisations shown as written (not as slugs).
_FREE_TEXT: Final = frozenset(
    {"apply", "adjustments", "eligibility", "content_warning", "place", "answer", "answered_by",
     "author", "attribution", "contact"}
)  # fmt: skip
#: Languages an opportunity may run in, by code; other codes are shown as given.
_LANGUAGES: Final = {
    "en": N_("English"),
    "cy": N_("Welsh (Cymraeg)"),
    "ga": N_("Irish"),
    "gd": N_("Scottish Gaelic"),
}
_EXPENSES: Final = {"carer": N_("Care for someone you look after"), "data": N_("Phone or internet data")}


def _ages_text(ages: AgeRange) -> str:
    """Return an age range in words: ``Ages 11 to 25``, ``Ages 11 and over``, ``Up to age 25``."""
    if ages.min is not None and ages.max is not None:
        return N_("Ages %(lo)s to %(hi)s", lo=ages.min, hi=ages.max)
    if ages.min is not None:
        return N_("Ages %(lo)s and over", lo=ages.min)
    return N_("Up to age %(hi)s", hi=ages.max)


def _own_fields(cat: "Catalogue", rec: Record) -> dict[str, Field]:
    """Return a record's own fields as page fields, by field name, what it is first."""
    fields: dict[str, Field] = {}
    kind = rec.record_kind
    names = [a.name for a in attrs.fields(type(rec)) if a.name != "tags"] + ["tags"]
    names = [n for n in FIRST if n in names] + [n for n in names if n not in FIRST]
    for name in names:
        if name in SHOWN_ELSEWHERE or name in GUIDE_FIELDS.get(kind, ()):
            continue
        value = getattr(rec, name)
        if value is False and name in ONLY_WHEN_TRUE:
            continue
        if isinstance(value, str) and value and attrs.fields_dict(type(rec))[name].metadata.get("date"):
            items: tuple[str | Ref, ...] = (date_text(value),)
        else:
            items = _value_items(cat, name, value, kind)
        if items:
            label = KIND_FIELD_LABELS.get((kind, name)) or FIELD_LABELS.get(name, words(name))
            fields[name] = Field(label, items, url=name == "url", note=provenance(rec, name), name=name)
    return fields


#: Backlinks shown on a record's page: incoming edge kind -> label.
_BACKLINKS: Final = {
    "fits (from)": N_("Techniques for this stage"),
    "involves (from)": N_("Techniques that involve them"),
    "supported-by (from)": N_("Techniques it supports"),
    "used-in (from)": N_("Techniques used"),
    "supports (from)": N_("Resources for this stage"),
    "written-for (from)": N_("Resources written for them"),
    "at-stage (from)": N_("Case stories at this stage"),
    "involved (from)": N_("Case stories that involved them"),
    "pairs-with (from)": N_("Techniques that work well with it"),
    "represents (from)": N_("Organisations that work with them"),
    "ran (from)": N_("Organisations that ran it"),
    "ran": N_("Case stories it ran or took part in"),
    "answers-about (from)": N_("Questions and answers about it"),
    "answers-at (from)": N_("Questions and answers about this stage"),
    "answers-for (from)": N_("Questions and answers for them"),
}


def _shared_counts(features: list[int], everyone: int) -> list[int]:
    """Return, for ``s = 0 .. len(features)``, the bitset of techniques holding exactly ``s`` of them.

    The bitsets are added bit-sliced (one big integer per binary digit of the count), so
    a technique's count against every other costs a few operations on whole bitsets.
    """
    planes: list[int] = []
    for bits in features:
        carry = bits
        for i, plane in enumerate(planes):
            planes[i], carry = plane ^ carry, plane & carry
            if not carry:
                break
        if carry:
            planes.append(carry)
    out = []
    for count in range(len(features) + 1):
        exact = everyone
        for i, plane in enumerate(planes):
            exact &= plane if count >> i & 1 else everyone ^ plane
        out.append(exact if count < 1 << len(planes) else 0)
    return out


def similar_techniques(g: "TechniqueGraph", n: int = 5) -> dict[str, tuple[str, ...]]:
    """Return the ids of the ``n`` techniques most like each technique, for every technique.

    The same ranking as :meth:`TechniqueGraph.similar` (the Jaccard index of shared
    stages, stakeholders and purposes; ties by name), computed for all techniques at
    once from the query index's bitsets (positions in name order): for each technique,
    the techniques sharing exactly ``s`` of its ``m`` features and holding ``z`` features
    in all score ``s / (m + z - s)``, so the scores are visited from the highest down,
    and the first ``n`` set bits read in that order are the answer, ties already in name
    order. Tests check that this gives the answer of one full scan per technique, on the
    core catalogue and on random catalogues.
    """
    from fractions import Fraction

    from ._index import NOTHING

    techniques = g.catalogue.techniques
    if n <= 0:
        return dict.fromkeys(techniques, ())
    index = g._index
    everyone = (1 << len(index.ids)) - 1
    facets = (("stages", index.stage), ("stakeholders", index.stakeholder), ("purposes", index.purpose))
    features: list[list[int]] = []
    with_size: dict[int, int] = defaultdict(int)  # number of features -> techniques
    for p, tid in enumerate(index.ids):
        tech = techniques[tid]
        held = {(field, v): idx.get(v, NOTHING).bits for field, idx in facets for v in getattr(tech, field)}
        features.append(list(held.values()))
        with_size[len(held)] |= 1 << p
    sizes = sorted(with_size)
    #: Number of features m -> the scores reachable, highest first, each with its (s, z).
    orders: dict[int, list[list[tuple[int, int]]]] = {}
    out: dict[str, tuple[str, ...]] = {}
    for p, tid in enumerate(index.ids):
        mine = features[p]
        m = len(mine)
        if m not in orders:
            by_score: dict[Fraction, list[tuple[int, int]]] = defaultdict(list)
            for s in range(1, m + 1):
                for z in sizes:
                    if z >= s:
                        by_score[Fraction(s, m + z - s)].append((s, z))
            orders[m] = [by_score[score] for score in sorted(by_score, reverse=True)]
        exactly = _shared_counts(mine, everyone)
        others = everyone ^ (1 << p)
        found: list[str] = []
        for pairs in orders[m]:
            tied = 0
            for s, z in pairs:
                tied |= exactly[s] & with_size[z]
            tied &= others
            while tied and len(found) < n:
                low = tied & -tied
                found.append(index.ids[low.bit_length() - 1])
                tied ^= low
            if len(found) == n:
                break
        out[tid] = tuple(found)
    return out


def _links_section(
    cat: "Catalogue",
    g: "TechniqueGraph",
    rec: Record,
    own: set[str],
    extra: "Extras",
) -> Section | None:

    if rec.record_kind not in NODE_KINDS:
        return None
    links = g.links(rec)
    fields = []
    technique = rec.record_kind == "technique"
    if technique:
        cases = tuple(Ref(c.name, page_path(c)) for c in g.cases_for(rec.id))
        if cases:
            fields.append(Field(N_("Case stories that used it"), cases))
        users = extra.users.get(rec.id, ())
        if users:
            fields.append(Field(N_("Organisations that use it"), _names(cat, users, "organisation")))
        resources = [r for r in g.resources_for(rec.id) if r.id not in own]
        if resources:
            fields.append(Field(N_("More resources"), tuple(Ref(r.name, page_path(r)) for r in resources)))
    for kind, label in _BACKLINKS.items():
        ids = [i for i in links.get(kind, ()) if i not in own]
        skip = {"used-in (from)", "supported-by (from)", "pairs-with (from)"} if technique else set()
        if rec.record_kind == "stage":
            skip = {"supports (from)"}  # grouped by kind in the stage's guide
        if ids and kind not in skip:
            fields.append(Field(label, _names(cat, dict.fromkeys(ids))))
    return Section(N_("Linked pages"), tuple(fields)) if fields else None


def _items_section(rec: Record) -> Section | None:
    if isinstance(rec, Checklist) and rec.items:
        return Section(
            N_("Items"),
            tuple(
                Field(item.name, tuple(x for x in (item.prompt, *item.questions) if x)) for item in rec.items
            ),
        )
    entries = getattr(rec, "entries", ())
    if entries:
        return Section(
            N_("Terms"),
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
            N_("Checklist items for this stage"),
            tuple(fields),
            intro=N_("Checklist items and reflective questions written for this stage."),
        ),
    )


def record_jsonld(cat: "Catalogue", rec: Record, base_url: str = "") -> dict[str, Any]:
    """Return the schema.org JSON-LD of a record's page."""
    kind = rec.record_kind
    doc: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES[kind],
        "@id": record_iri(kind, rec.id, base_url),
        "identifier": rec.id,
        "name": rec.name,
        "additionalType": kind_names(kind)[0],
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
            {"@id": record_iri("organisation", oid, base_url), "name": cat[oid].name}
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
class Extras:
    """What record pages need that is worked out once for the whole catalogue."""

    similar: Mapping[str, tuple[str, ...]]
    users: Mapping[str, tuple[str, ...]]
    rollups: Mapping[str, "Outcomes"]
    has_cases: bool
    #: Other write-ups of the same technique (``same_as``, both ways), by technique id.
    twins: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    #: The techniques whose ``pairs_with`` names each technique (:func:`paired_with`).
    paired_by: Mapping[str, tuple[str, ...]] | None = None


def extras(cat: "Catalogue", g: "TechniqueGraph") -> Extras:
    from ._guides import paired_with
    from ._usage import outcomes_of

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
    return Extras(
        twins={t: tuple(o) for t, o in twins.items()},
        similar=similar_techniques(g),
        paired_by=paired_with(cat),
        users={t: tuple(sorted(o, key=lambda i: cat[i].name.casefold())) for t, o in users.items()},
        rollups=outcomes_of(cat, used),  # one pass over the cases, not one per technique
        has_cases=bool(cat.cases),
    )


def _outcomes_section(cat: "Catalogue", rec: Technique, extra: Extras) -> Section | None:
    """Return what the case stories that used a technique say changed."""
    roll = extra.rollups.get(rec.id)
    if roll is None or not roll.cases:
        if not extra.has_cases:
            return None
        return Section(N_("Where it has been used"), intro=N_("No case story on this site has used it yet."))
    if roll.changes:
        text = Np_(
            "Used in %(n)d case story on this site, %(evaluated)d formally evaluated, "
            "most often changing %(change)s.",
            "Used in %(n)d case stories on this site, %(evaluated)d formally evaluated, "
            "most often changing %(change)s.",
            roll.cases,
            evaluated=roll.evaluated,
            change=words(roll.changes[0][0]).lower(),
        )
    else:
        text = Np_(
            "Used in %(n)d case story on this site, %(evaluated)d formally evaluated.",
            "Used in %(n)d case stories on this site, %(evaluated)d formally evaluated.",
            roll.cases,
            evaluated=roll.evaluated,
        )
    fields = []
    if roll.changes:
        fields.append(
            Field(
                N_("Kinds of change"),
                tuple(
                    Np_(
                        "%(change)s (%(n)d case story)",
                        "%(change)s (%(n)d case stories)",
                        n,
                        change=cat.value_name("change", c) or words(c),
                    )
                    for c, n in roll.changes
                ),
            )
        )
    if roll.outcomes:
        fields.append(Field(N_("What changed, in the case stories' words"), roll.outcomes[:10]))
    return Section(N_("Where it has been used"), tuple(fields), intro=text)


def _evidence_section(evidence: Effectiveness | None) -> Section | None:
    """Return the evidence that a technique works: its strength, what it shows, its sources."""
    if evidence is None:
        return None
    fields = [Field(N_("Strength of the evidence"), (STRENGTH_WORDS[evidence.strength],))]
    if evidence.summary:
        fields.append(Field(N_("What the evidence shows"), (evidence.summary,)))
    return Section(
        N_("Does it work?"),
        tuple(fields),
        intro=N_("What studies and reports say about whether it works."),
        sources=evidence.sources,
    )


#: Why some numbers on a technique's page are marked, said once above them.
_ESTIMATE_NOTE: Final = N_(
    "Sources often do not give numbers such as cost or time. "
    "Each number is marked with where it comes from: the source that gives it, or “from the sources” "
    "when the sources at the bottom of this page give it, or “our estimate” when it is the "
    "catalogue's own informed guess."
)


#: How far an organisation's work reaches, in words ("working at national level").
_SCOPES: Final = {
    "neighbourhood": N_("neighbourhood"),
    "local": N_("local"),
    "city": N_("city"),
    "regional": N_("regional"),
    "national": N_("national"),
    "multinational": N_("multinational"),
    "international": N_("international"),
}


def _organisation_intro(cat: "Catalogue", org: Organisation) -> str:
    """Say in a sentence what an organisation is, where, and what it does."""
    text = _A_SECTOR[org.sector] if org.sector is not None else N_("An organisation")
    if org.country:
        text = N_("%(what)s based in %(country)s", what=text, country=Country(org.country, sentence=True))
    if org.scope:
        scope = listed([_SCOPES.get(s, words(s).lower()) for s in org.scope], conjunction=True)
        text = N_("%(what)s, working at %(scope)s level", what=text, scope=scope)
    text = N_("%(sentence)s.", sentence=text)
    known = sum(t in cat.techniques for t in org.techniques)
    people = sum(s in cat.stakeholders for s in org.stakeholders)
    uses = Np_("%(n)d technique", "%(n)d techniques", known)
    groups = Np_("%(n)d group", "%(n)d groups", people)
    if known and people:
        more = N_(
            "It uses %(uses)s and works with %(groups)s of people listed below.", uses=uses, groups=groups
        )
    elif known:
        more = N_("It uses %(uses)s listed below.", uses=uses)
    elif people:
        more = N_("It works with %(groups)s of people listed below.", groups=groups)
    else:
        return text
    return N_("%(first)s %(then)s", first=text, then=more)


#: A kind of organisation with its article, to start a sentence.
_A_SECTOR: Final = {
    Sector.PUBLIC_BODY: N_("A public body"),
    Sector.HEALTH_OR_CARE_PROVIDER: N_("A health or care provider"),
    Sector.UNIVERSITY_OR_RESEARCH: N_("A university or research body"),
    Sector.CHARITY_OR_COMMUNITY: N_("A charity or community group"),
    Sector.PATIENT_ORGANISATION: N_("A patient organisation"),
    Sector.BUSINESS: N_("A business"),
    Sector.FUNDER: N_("A funder"),
    Sector.OTHER: N_("An other kind of organisation"),
}


def record_page(
    cat: "Catalogue",
    g: "TechniqueGraph",
    rec: Record,
    *,
    titles: Mapping[str, str],
    base: str,
    extra: Extras,
) -> RecordPage:
    kind = rec.record_kind
    own = _own_fields(cat, rec)
    twins = extra.twins.get(rec.id, ())
    if twins:
        # Both write-ups link each other, each saying whose it is.
        own["same_as"] = Field(FIELD_LABELS["same_as"], tuple(twin_ref(cat, t, titles) for t in twins))
    own_ids = {item.path.split("/")[1] for f in own.values() for item in f.items if isinstance(item, Ref)}
    items = _items_section(rec)
    linked = _links_section(cat, g, rec, own_ids, extra)
    sections: list[Section | None]
    guide: Guide | None = None
    if isinstance(rec, Stage):
        # A stage page is a guide (steps, techniques, resources, questions), then the details.
        guide = stage_guide(cat, g, rec)
        sections = [
            attrs.evolve(linked, heading=N_("Everything linked to this stage")) if linked else None,
            *_stage_guide(cat, rec),
            Section(N_("About"), tuple(own.values())) if own else None,
        ]
    elif isinstance(rec, Technique):
        guide = technique_guide(cat, rec, own, extra.similar, extra.paired_by)
        in_box = {*GLANCE, "pairs_with"}
        about = tuple(f for name, f in own.items() if name not in PRACTICAL and name not in in_box)
        practical = tuple(own[name] for name in PRACTICAL if name in own and name not in in_box)
        estimates = any(f.note for f in practical) or any(f.note for f in guide.glance)
        sections = [
            Section(N_("About"), about) if about else None,
            Section(N_("What it takes"), practical, intro=_ESTIMATE_NOTE if estimates else "")
            if practical
            else None,
            _evidence_section(rec.effectiveness),
            _outcomes_section(cat, rec, extra),
            linked,
        ]
    else:
        if isinstance(rec, Stakeholder):
            guide = people_guide(cat, rec)
        intro = _organisation_intro(cat, rec) if isinstance(rec, Organisation) else ""
        grouped = [
            Section(heading, tuple(own.pop(n) for n in names if n in own))
            for heading, names in SECTIONS.get(kind, ())
        ]
        sections = [
            *(g for g in grouped if g.fields),
            Section(N_("More details") if grouped else N_("About"), tuple(own.values()), intro=intro)
            if own or intro
            else None,
            items,
            linked,
        ]
    origin = cat.origin(rec.id).catalogue
    filters: list[tuple[str, str]] = [("kind", kind_names(kind)[0])]
    if isinstance(rec, Technique):
        filters += [(name, v) for name, values in technique_facets(rec).items() for v in values]
    return RecordPage(
        record=rec,
        path=page_path(rec),
        kind_name=kind_names(kind)[0],
        kind_plural=kind_names(kind)[1],
        catalogue=origin,
        catalogue_title=titles.get(origin, origin),
        sections=tuple(s for s in sections if s is not None),
        sources=rec.sources,
        filters=tuple(filters),
        jsonld=record_jsonld(cat, rec, base),
        guide=guide,
        glance=tuple(own[n] for n in _GLANCE if n in own) if isinstance(rec, Technique) else (),
    )


#: A technique's fields on its one-page card: where it fits, then what it takes.
_GLANCE: Final = ("stages", "stakeholders", "levels", "modes", *PRACTICAL)

#: The spreadsheet's columns between name and evidence: the technique's fields, in order.
_SHEET_FIELDS: Final = (
    "aliases",
    "form",
    "stages",
    "stakeholders",
    "levels",
    "modes",
    "purposes",
    "underserved",
    *PRACTICAL,
    "strengths",
    "limitations",
)


def technique_rows(cat: "Catalogue", titles: Mapping[str, str], base: str) -> tuple[tuple[str, ...], ...]:
    """Return the techniques as a spreadsheet: a header, then one row of plain text per technique.

    Names, not ids; the same words as the pages; lists joined with ``"; "``; no JSON. How to
    run it: numbered steps, one a line, in one cell.
    """

    def text(items: "tuple[str | Ref, ...]") -> str:
        return "; ".join(i.text if isinstance(i, Ref) else i for i in items)

    header = (
        "Name",
        "In short",
        *(FIELD_LABELS.get(f, words(f)) for f in _SHEET_FIELDS),
        N_("How to run it"),
        N_("Strength of the evidence"),
        "Written up by",
        "Page on this site",
        "Sources",
    )
    rows = [header]
    for tech in sorted(cat.techniques.values(), key=lambda t: t.name.casefold()):
        origin = cat.origin(tech.id).catalogue
        evidence = tech.effectiveness
        rows.append(
            (
                tech.name,
                tech.plain or tech.summary,
                *(text(_value_items(cat, f, getattr(tech, f), "technique")) for f in _SHEET_FIELDS),
                "\n".join(f"{n}. {step}" for n, step in enumerate(tech.how_to, 1)),
                STRENGTH_WORDS[evidence.strength] if evidence is not None else "",
                titles.get(origin, origin),
                base + page_path(tech),
                "; ".join(f"{s.title} <{s.url}>" for s in tech.sources),
            )
        )
    return tuple(rows)


def twin_ref(cat: "Catalogue", tid: str, titles: Mapping[str, str]) -> Ref:
    """Link to another write-up of a technique, saying whose it is: ``Photovoice (Participedia)``."""
    origin = cat.origin(tid).catalogue
    return Ref(f"{cat[tid].name} ({titles.get(origin, origin)})", page_path(cat[tid]))
