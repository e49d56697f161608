"""The JSON-LD export: records as schema.org, SKOS, Dublin Core and PROV terms.

Every term resolves in a standard vocabulary (:data:`VOCABULARIES`); record kinds map
to types (:data:`JSONLD_TYPES`) and the graph's edge kinds to properties
(:data:`EDGE_PROPERTIES`).
"""

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._kinds import Derived, facet, kinds
from ._words import URN, kind_folder, record_iri

if TYPE_CHECKING:
    import networkx as nx

    from ._catalogue import Catalogue
    from ._graph import TechniqueGraph
    from ._model import Record

__all__ = ["EDGE_PROPERTIES", "IRI", "JSONLD_TYPES", "VOCABULARIES", "jsonld", "jsonld_items", "licence_iri"]

#: Base IRI of nodes and terms in the JSON-LD export when no site address is given.
IRI: Final = URN


#: Prefixes of the standard vocabularies the JSON-LD export uses (every term resolves).
VOCABULARIES: Final[Mapping[str, str]] = {
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "dcat": "http://www.w3.org/ns/dcat#",
}

#: Each edge kind of the graph as a property of a standard vocabulary. ``used-in``
#: (technique -> case) is written the other way round, as the case's ``prov:used``.
EDGE_PROPERTIES: Final[Mapping[str, str]] = {
    "fits": "dcterms:coverage",
    "supports": "dcterms:coverage",
    "at-stage": "dcterms:coverage",
    "involves": "schema:audience",
    "written-for": "schema:audience",
    "involved": "schema:audience",
    "supported-by": "schema:subjectOf",
    "pairs-with": "dcterms:relation",
    "same-as": "schema:sameAs",
    "used-in": "prov:used",
    "ran": "prov:wasAssociatedWith",
    "uses": "schema:knowsAbout",
    "represents": "schema:audience",
    "open-to": "dcterms:relation",
    "open-to-stage": "dcterms:coverage",
    "offers": "schema:organizer",
    "opportunity-uses": "schema:about",
    "opportunity-at": "dcterms:coverage",
    "seeks": "schema:audience",
    "answers-for": "schema:audience",
    "answers-about": "schema:about",
    "answers-at": "dcterms:coverage",
    "answered": "schema:author",
}
#: Edges written from their target: the case ``prov:used`` the technique, and the case
#: ``prov:wasAssociatedWith`` the organisation that ran it; an opportunity names its
#: ``schema:organizer`` and an answer its ``schema:author``.
_REVERSED_EDGES: Final = frozenset({"used-in", "ran", "offers", "answered"})

#: Types a kind has in the export beyond its declaration's: a crosswalk is a vocabulary.
_EXTRA_TYPES: Final[Mapping[str, tuple[str, ...]]] = {"crosswalk": ("skos:ConceptScheme",)}
#: The ``@type`` of each kind of record (a crosswalk is also a ``skos:ConceptScheme``).
JSONLD_TYPES: Final[Mapping[str, tuple[str, ...]]] = Derived(
    lambda: {
        k.name: (
            f"schema:{k.schema_type}",
            *k.also,
            *(("skos:ConceptScheme",) if k.name == "crosswalk" else ()),
        )
        for k in kinds()
    }
)
#: Concept schemes: kind of record (or ``level``) -> (IRI suffix, title).
_SCHEMES: Final = {
    "stage": ("stages", "Research stages"),
    "stakeholder": ("stakeholders", "Stakeholders"),
    "level": ("levels", "Levels of involvement"),
}
#: Fields written with a dedicated property; every other field becomes a schema:PropertyValue.
_DEDICATED: Final = frozenset(
    {
        "id",
        "name",
        "summary",
        "sources",
        "tags",
        "aliases",
        "order",
        "levels",
        "group_size",
        "url",
        "publisher",
        "year",
        "licence",
        "kind",
        "organisation",
        "entries",
        "items",
    }
    | {"stages", "stakeholders", "techniques", "resources", "pairs_with", "same_as", "audience"}
)

#: Creative Commons licences as people write them: ``CC BY 4.0``, ``CC-BY-NC-SA-4.0``.
_CC: Final = re.compile(r"CC[ -]?(BY(?:[ -](?:NC|ND|SA))*)[ -]v?(\d\.\d)", re.IGNORECASE)
_CC0: Final = re.compile(r"CC[ -]?(?:0|ZERO)(?:[ -]v?1\.0)?", re.IGNORECASE)
#: Other licences by their SPDX identifier (or the name people use), and their IRI.
_LICENCES: Final[Mapping[str, str]] = {
    "mit": "https://spdx.org/licenses/MIT.html",
    "apache-2.0": "https://spdx.org/licenses/Apache-2.0.html",
    "odbl-1.0": "https://opendatacommons.org/licenses/odbl/1-0/",
    "odbl": "https://opendatacommons.org/licenses/odbl/1-0/",
    "pddl-1.0": "https://opendatacommons.org/licenses/pddl/1-0/",
    "ogl-uk-3.0": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    "open government licence v3.0": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}


def licence_iri(text: str) -> str | None:
    """Return the IRI of a licence written as text, or ``None`` when it names no known licence.

    Creative Commons licences (``CC BY 4.0``, ``CC-BY-SA-4.0``, ``CC0``), a few SPDX
    identifiers and an http(s) address are recognised; anything else (``Reuse requires
    the creator's permission``) is a rights statement, not a licence.

    >>> licence_iri("CC BY 4.0"), licence_iri("CC-BY-NC-SA-4.0"), licence_iri("CC0-1.0")
    ('https://creativecommons.org/licenses/by/4.0/', 'https://creativecommons.org/licenses/by-nc-sa/4.0/', \
'https://creativecommons.org/publicdomain/zero/1.0/')
    >>> licence_iri("Reproduction needs permission") is None
    True
    """
    from ._checks import url_problem

    text = " ".join(text.split())
    if match := _CC.fullmatch(text):
        parts = "-".join(re.split(r"[ -]", match[1].lower()))
        return f"https://creativecommons.org/licenses/{parts}/{match[2]}/"
    if _CC0.fullmatch(text):
        return "https://creativecommons.org/publicdomain/zero/1.0/"
    if text.startswith(("http://", "https://")) and url_problem(text) is None:
        return text
    return _LICENCES.get(text.casefold())


def _licence(text: str) -> dict[str, Any]:
    """Return the licence properties: ``dcterms:license`` when it is a licence, else ``dcterms:rights``."""
    if not text:
        return {}
    iri = licence_iri(text)
    return {"dcterms:license": {"@id": iri}} if iri else {"dcterms:rights": text}


@attrs.frozen
class _Iris:
    """The IRIs of one export: pages of the site at ``base`` when given, ``urn:`` otherwise."""

    base: str = ""

    def record(self, kind: str, rid: str) -> str:
        return record_iri(kind, rid, self.base)

    def _page(self, path: str, *urn: str) -> str:
        return f"{self.base.rstrip('/')}/{path}" if self.base else URN + ":".join(urn)

    def scheme(self, kind: str) -> str:
        if kind == "level":
            return self._page(f"find/{facet('level').finder}/", "scheme", _SCHEMES[kind][0])
        return self._page(f"{kind_folder(kind)}/", "scheme", _SCHEMES[kind][0])

    def level(self, value: str) -> str:
        return self._page(f"find/{facet('level').finder}/{value}/", "level", value)

    def catalogue(self, name: str) -> str:
        return self._page(f"downloads/#catalogue-{name}", "catalogue", name)

    def distribution(self, name: str) -> str:
        return self._page("downloads/catalogue.jsonld", "catalogue", name, "jsonld")

    def vocabulary(self) -> str:
        return f"{URN}vocab:"


def _ref(iri: str) -> dict[str, str]:
    return {"@id": iri}


def _organisation(name: str, cat: "Catalogue", iris: _Iris) -> dict[str, Any]:
    """Return a publisher or organisation named in text (its own record's IRI when it has one)."""
    from ._schema import slugify

    slug = slugify(name) or "unnamed"
    iri = iris.record("organisation", slug) if slug in cat.organisations else record_iri("organisation", slug)
    return {"@id": iri, "@type": ["schema:Organization", "prov:Organization"], "schema:name": name}


def _value(value: object) -> object:
    if isinstance(value, bool | int):
        return value
    if attrs.has(type(value)):  # a structured value (a payment rate): its fields as JSON text
        from ._convert import unstructure

        return json.dumps(unstructure(value), ensure_ascii=False, sort_keys=True)
    return str(value)


def _property_values(rec: "Record") -> list[dict[str, Any]]:
    """Fields with no dedicated property, as schema.org PropertyValues (schema.org's own way)."""
    out: list[dict[str, Any]] = []
    for field in attrs.fields(type(rec)):
        value = getattr(rec, field.name)
        if field.name in _DEDICATED or value in (None, "", ()):
            continue
        values = [_value(v) for v in value] if isinstance(value, tuple) else [_value(value)]
        out.append({"@type": "schema:PropertyValue", "schema:propertyID": field.name, "schema:value": values})
    group = getattr(rec, "group_size", None)
    if group is not None:
        size: dict[str, Any] = {"@type": "schema:PropertyValue", "schema:propertyID": "group_size"}
        if group.min is not None:
            size["schema:minValue"] = group.min
        if group.max is not None:
            size["schema:maxValue"] = group.max
        out.append(size)
    return out


def _citations(rec: "Record") -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return the record's sources: references from the record, and one node per cited page."""
    refs = [_ref(src.url) for src in rec.sources]
    nodes = []
    for src in rec.sources:
        node: dict[str, Any] = {
            "@id": src.url,
            "@type": ["schema:CreativeWork", "prov:Entity"],
            "dcterms:title": src.title,
        }
        if src.publisher:
            node["dcterms:publisher"] = src.publisher
        if src.year is not None:
            node["dcterms:issued"] = str(src.year)
        if src.accessed:
            node["dcterms:date"] = src.accessed
        nodes.append(node)
    return refs, nodes


def _parts(rec: "Record", iri: str, cat: "Catalogue", iris: _Iris) -> dict[str, Any]:
    """Return a crosswalk's terms (SKOS concepts matched to ours) or a checklist's items (a list)."""
    from ._model import Checklist, Crosswalk

    if isinstance(rec, Crosswalk):
        terms = []
        for entry in rec.entries:
            term: dict[str, Any] = {
                "@id": f"{iri}#{entry.term}",
                "@type": ["skos:Concept", "schema:DefinedTerm"],
                "skos:notation": entry.term,
                "skos:prefLabel": entry.name or entry.term,
                "skos:inScheme": _ref(iri),
            }
            if entry.note:
                term["skos:scopeNote"] = entry.note
            if rec.target == "level":
                matches = [iris.level(v) for v in entry.maps_to]
            else:
                matches = [iris.record(rec.target, v) for v in entry.maps_to if v in cat]
            if matches:  # close, not exact: the note says how close
                term["skos:closeMatch"] = [_ref(m) for m in matches]
            terms.append(term)
        return {"schema:hasDefinedTerm": terms} if terms else {}
    if isinstance(rec, Checklist):
        items = []
        for position, item in enumerate(rec.items, start=1):
            part: dict[str, Any] = {
                "@id": f"{iri}#{item.id}",
                "@type": "schema:ListItem",
                "schema:position": position,
                "schema:name": item.name,
                "dcterms:identifier": item.id,
            }
            if item.prompt:
                part["schema:description"] = item.prompt
            if item.questions:
                part["schema:hasPart"] = [
                    {"@type": "schema:Question", "schema:name": q} for q in item.questions
                ]
            if stages := [iris.record("stage", sid) for sid in item.stages if sid in cat]:
                part["dcterms:coverage"] = [_ref(i) for i in stages]
            items.append(part)
        return {"schema:itemListElement": items} if items else {}
    return {}


def _record_item(rec: "Record", cat: "Catalogue", iris: _Iris) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One record as a JSON-LD node, and the other nodes it needs (sources, organisations)."""
    kind = rec.record_kind
    concept = kind in _SCHEMES
    iri = iris.record(kind, rec.id)
    item: dict[str, Any] = {
        "@id": iri,
        "@type": list(JSONLD_TYPES[kind]),
        "dcterms:identifier": rec.id,
        "dcterms:isPartOf": _ref(iris.catalogue(cat.origin(rec.id).catalogue)),
    }
    if iris.base:
        item["schema:url"] = _ref(iri)
    if concept:
        item["skos:prefLabel"] = rec.name
        item["skos:notation"] = rec.id
        item["skos:inScheme"] = _ref(iris.scheme(kind))
        if rec.summary:
            item["skos:definition"] = rec.summary
        if aliases := getattr(rec, "aliases", ()):
            item["skos:altLabel"] = list(aliases)
    else:
        item["schema:name"] = rec.name
        if rec.summary:
            item["schema:description"] = rec.summary
        if aliases := getattr(rec, "aliases", ()):
            item["schema:alternateName"] = list(aliases)
    if rec.tags:
        item["schema:keywords"] = list(rec.tags)
    if (order := getattr(rec, "order", None)) is not None:
        item["schema:position"] = order
    if levels := getattr(rec, "levels", ()):
        item["dcterms:subject"] = [_ref(iris.level(str(lv))) for lv in levels]
    if url := getattr(rec, "url", ""):
        item["schema:sameAs" if iris.base else "schema:url"] = _ref(url)
    if year := getattr(rec, "year", None):
        item["dcterms:date"] = str(year)
    item.update(_licence(getattr(rec, "licence", "")))
    if (resource_kind := getattr(rec, "kind", None)) is not None:
        item["schema:learningResourceType"] = str(resource_kind)
    extra: list[dict[str, Any]] = []
    for field, prop in (("publisher", "schema:publisher"), ("organisation", "prov:wasAssociatedWith")):
        if name := getattr(rec, field, ""):
            org = _organisation(name, cat, iris)
            # a list: the organisations a case links to (``ran`` edges) are added beside it
            item[prop] = _ref(org["@id"]) if field == "publisher" else [_ref(org["@id"])]
            extra.append(org)  # beside its record, if it has one: the same node, merged
    item.update(_parts(rec, iri, cat, iris))
    if values := _property_values(rec):
        item["schema:additionalProperty"] = values
    refs, sources = _citations(rec)
    if refs:
        item["dcterms:source"] = refs
        item["prov:wasDerivedFrom"] = refs
    return item, extra + sources


def _catalogue_items(cat: "Catalogue", iris: _Iris) -> list[dict[str, Any]]:
    """Each catalogue as a DCAT dataset with its licence, version and a distribution (this file)."""
    items: dict[str, dict[str, Any]] = {}
    for info in cat.members:
        iri = iris.catalogue(info.name)
        dataset: dict[str, Any] = {
            "@id": iri,
            "@type": ["dcat:Dataset", "prov:Entity"],
            "dcterms:identifier": info.name,
            "dcterms:title": info.title or info.name,
            "dcat:distribution": _ref(iris.distribution(info.name)),
        }
        if info.description:
            dataset["dcterms:description"] = info.description
        dataset.update(_licence(info.licence))
        if info.version:
            dataset["dcat:version"] = info.version
        if info.url:
            dataset["dcat:landingPage"] = _ref(info.url)
        if info.extends:
            dataset["prov:wasDerivedFrom"] = [_ref(iris.catalogue(e)) for e in info.extends]
        distribution: dict[str, Any] = {
            "@id": iris.distribution(info.name),
            "@type": "dcat:Distribution",
            "dcterms:title": f"{info.title or info.name} as JSON-LD",
            "dcat:mediaType": _ref("https://www.iana.org/assignments/media-types/application/ld+json"),
            "dcterms:format": "application/ld+json",
            **_licence(info.licence),
        }
        items[iri] = dataset
        items.setdefault(distribution["@id"], distribution)  # one file for every catalogue on a site
    return list(items.values())


def _scheme_items(kinds: Iterable[str], iris: _Iris) -> list[dict[str, Any]]:
    from ._model import Level

    items: list[dict[str, Any]] = []
    for kind in kinds:
        items.append(
            {"@id": iris.scheme(kind), "@type": "skos:ConceptScheme", "dcterms:title": _SCHEMES[kind][1]}
        )
    if "level" in kinds:
        scheme = _ref(iris.scheme("level"))
        items.extend(
            {
                "@id": iris.level(lv.value),
                "@type": "skos:Concept",
                "skos:prefLabel": lv.value,
                "skos:notation": lv.value,
                "skos:inScheme": scheme,
                "schema:position": lv.rank + 1,
            }
            for lv in Level
        )
    return items


def jsonld(
    g: "TechniqueGraph", graph: "nx.MultiDiGraph[str] | None" = None, *, base_url: str = ""
) -> dict[str, Any]:
    """Return the graph as JSON-LD in standard vocabularies, with an inline context.

    Nothing is fetched: the context only names prefixes. Techniques are ``schema:HowTo``
    (a way of doing something, told step by step in its sources), resources
    ``schema:LearningResource``, cases ``schema:Project`` (and ``prov:Activity``, which
    ``prov:used`` its techniques), publishers and organisations ``schema:Organization``.
    Stages, stakeholders and levels are ``skos:Concept`` in one ``skos:ConceptScheme``
    each. Crosswalks are ``skos:ConceptScheme``s whose terms are ``skos:closeMatch`` to
    our stages or levels; checklists list their items (``schema:itemListElement``).
    Every record cites its sources with ``dcterms:source`` and ``prov:wasDerivedFrom``,
    and is ``dcterms:isPartOf`` its catalogue, a ``dcat:Dataset`` with its
    ``dcterms:license`` (an IRI, see :func:`licence_iri`; text that names no licence is
    ``dcterms:rights``), ``dcat:version`` and a ``dcat:Distribution``. Edges use
    :data:`EDGE_PROPERTIES`; fields with no standard property are
    ``schema:additionalProperty`` values.

    Parameters
    ----------
    g : TechniqueGraph
        Where the records come from.
    graph : networkx.MultiDiGraph, optional
        The nodes and edges to write (a narrowed view of ``g.nx``); all of ``g`` by default.
    base_url : str
        The address the catalogue's website is published at: each record's IRI is then
        its page (``<base_url>/techniques/photovoice/``), as on the site. Without it,
        ``urn:participatory:<kind>:<id>``.
    """
    context, items = jsonld_items(g, graph, base_url=base_url)
    return {"@context": context, "@graph": list(items)}


def jsonld_items(
    g: "TechniqueGraph", graph: "nx.MultiDiGraph[str] | None" = None, *, base_url: str = ""
) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    """Return what :func:`jsonld` returns as its context and its ``@graph``'s items one at a time.

    Each record's item is made when it is asked for, so a writer holds one at a time
    (with the links between records, and the items several records share, such as
    publishers, which come last); ``{"@context": context, "@graph": list(items)}`` is
    :func:`jsonld`'s document.
    """
    iris = _Iris(base_url)
    nxg = g.nx if graph is None else graph
    cat = g.catalogue
    present = {str(data.get("kind")) for _, data in nxg.nodes(data=True)}
    others = [rec for kind in kinds() if not kind.node for rec in cat.of_kind(kind.name).values()]
    records = [(str(node), cat[str(data["record_id"])]) for node, data in nxg.nodes(data=True)]
    records += [(f"{r.record_kind}:{r.id}", r) for r in others]
    iri = {key: iris.record(rec.record_kind, rec.id) for key, rec in records}
    links: dict[str, dict[str, list[str]]] = {}  # node: property: IRIs, in the edges' order
    for u, v, kind in nxg.edges(keys=True):
        prop = EDGE_PROPERTIES.get(str(kind), f"pr:{kind}")
        source, target = (v, u) if kind in _REVERSED_EDGES else (u, v)
        refs = links.setdefault(source, {}).setdefault(prop, [])
        if iri[target] not in refs:
            refs.append(iri[target])

    def items() -> Iterator[dict[str, Any]]:
        yield from _catalogue_items(cat, iris)
        yield from _scheme_items([k for k in _SCHEMES if k in present or k == "level"], iris)
        extra: dict[str, dict[str, Any]] = {}
        for key, rec in records:
            item, needed = _record_item(rec, cat, iris)
            for other in needed:
                extra.setdefault(other["@id"], other)
            for prop, refs in links.get(key, {}).items():
                listed = item.setdefault(prop, [])
                listed.extend(ref for ref in map(_ref, refs) if ref not in listed)
            yield item
        yield from extra.values()

    context: dict[str, Any] = {**VOCABULARIES, "pr": iris.vocabulary()}
    return context, items()
