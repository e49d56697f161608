"""The JSON-LD export: records as schema.org, SKOS, Dublin Core and PROV terms.

Every term resolves in a standard vocabulary (:data:`VOCABULARIES`); record kinds map
to types (:data:`JSONLD_TYPES`) and the graph's edge kinds to properties
(:data:`EDGE_PROPERTIES`).
"""

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

from ._kinds import Derived, kinds

if TYPE_CHECKING:
    import networkx as nx

    from ._catalogue import Catalogue
    from ._graph import TechniqueGraph
    from ._model import Record

__all__ = ["EDGE_PROPERTIES", "IRI", "JSONLD_TYPES", "VOCABULARIES", "jsonld"]

#: Base IRI of nodes and terms in the JSON-LD export.
IRI: Final = "urn:participatory:"


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
}
#: Edges written from their target: the case ``prov:used`` the technique, and the case
#: ``prov:wasAssociatedWith`` the organisation that ran it.
_REVERSED_EDGES: Final = frozenset({"used-in", "ran"})

#: The ``@type`` of each kind of record.
JSONLD_TYPES: Final[Mapping[str, tuple[str, ...]]] = Derived(
    lambda: {k.name: (f"schema:{k.schema_type}", *k.also) for k in kinds() if k.node}
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
    }
    | {"stages", "stakeholders", "techniques", "resources", "pairs_with", "same_as", "audience"}
)


def _iri(*parts: str) -> str:
    return IRI + ":".join(parts)


def _ref(iri: str) -> dict[str, str]:
    return {"@id": iri}


def _organisation(name: str) -> dict[str, Any]:
    from ._schema import slugify

    return {
        "@id": _iri("organisation", slugify(name) or "unnamed"),
        "@type": ["schema:Organization", "prov:Organization"],
        "schema:name": name,
    }


def _property_values(rec: "Record") -> list[dict[str, Any]]:
    """Fields with no dedicated property, as schema.org PropertyValues (schema.org's own way)."""
    import attrs

    out: list[dict[str, Any]] = []
    for field in attrs.fields(type(rec)):
        value = getattr(rec, field.name)
        if field.name in _DEDICATED or value in (None, "", ()):
            continue
        values = (
            [str(v) for v in value]
            if isinstance(value, tuple)
            else [value if isinstance(value, bool | int) else str(value)]
        )
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


def _record_item(rec: "Record", catalogue_iri: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One record as a JSON-LD node, and the other nodes it needs (sources, organisations)."""
    kind = rec.record_kind
    concept = kind in _SCHEMES
    item: dict[str, Any] = {
        "@id": _iri(kind, rec.id),
        "@type": list(JSONLD_TYPES[kind]),
        "dcterms:identifier": rec.id,
        "dcterms:isPartOf": _ref(catalogue_iri),
    }
    if concept:
        item["skos:prefLabel"] = rec.name
        item["skos:notation"] = rec.id
        item["skos:inScheme"] = _ref(_iri("scheme", _SCHEMES[kind][0]))
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
        item["dcterms:subject"] = [_ref(_iri("level", str(lv))) for lv in levels]
    if url := getattr(rec, "url", ""):
        item["schema:url"] = _ref(url)
    if year := getattr(rec, "year", None):
        item["dcterms:date"] = str(year)
    if licence := getattr(rec, "licence", ""):
        item["dcterms:license"] = licence
    if (resource_kind := getattr(rec, "kind", None)) is not None:
        item["schema:learningResourceType"] = str(resource_kind)
    extra: list[dict[str, Any]] = []
    for field, prop in (("publisher", "schema:publisher"), ("organisation", "prov:wasAssociatedWith")):
        if name := getattr(rec, field, ""):
            org = _organisation(name)
            # a list: the organisations a case links to (``ran`` edges) are added beside it
            item[prop] = _ref(org["@id"]) if field == "publisher" else [_ref(org["@id"])]
            extra.append(org)
    if values := _property_values(rec):
        item["schema:additionalProperty"] = values
    refs, sources = _citations(rec)
    if refs:
        item["dcterms:source"] = refs
        item["prov:wasDerivedFrom"] = refs
    return item, extra + sources


def _catalogue_items(cat: "Catalogue") -> list[dict[str, Any]]:
    """Each catalogue as a DCAT dataset with its licence, version and a distribution (this file)."""
    items = []
    for info in cat.members:
        iri = _iri("catalogue", info.name)
        dataset: dict[str, Any] = {
            "@id": iri,
            "@type": ["dcat:Dataset", "prov:Entity"],
            "dcterms:identifier": info.name,
            "dcterms:title": info.title or info.name,
            "dcat:distribution": _ref(f"{iri}:jsonld"),
        }
        if info.description:
            dataset["dcterms:description"] = info.description
        if info.licence:
            dataset["dcterms:license"] = info.licence
        if info.version:
            dataset["dcat:version"] = info.version
        if info.url:
            dataset["dcat:landingPage"] = _ref(info.url)
        if info.extends:
            dataset["prov:wasDerivedFrom"] = [_ref(_iri("catalogue", e)) for e in info.extends]
        distribution: dict[str, Any] = {
            "@id": f"{iri}:jsonld",
            "@type": "dcat:Distribution",
            "dcterms:title": f"{info.title or info.name} as JSON-LD",
            "dcat:mediaType": _ref("https://www.iana.org/assignments/media-types/application/ld+json"),
            "dcterms:format": "application/ld+json",
        }
        if info.licence:
            distribution["dcterms:license"] = info.licence
        items += [dataset, distribution]
    return items


def _scheme_items(kinds: Iterable[str]) -> list[dict[str, Any]]:
    from ._model import Level

    items: list[dict[str, Any]] = []
    for kind in kinds:
        suffix, title = _SCHEMES[kind]
        items.append({"@id": _iri("scheme", suffix), "@type": "skos:ConceptScheme", "dcterms:title": title})
    if "level" in kinds:
        scheme = _ref(_iri("scheme", "levels"))
        items.extend(
            {
                "@id": _iri("level", lv.value),
                "@type": "skos:Concept",
                "skos:prefLabel": lv.value,
                "skos:notation": lv.value,
                "skos:inScheme": scheme,
                "schema:position": lv.rank + 1,
            }
            for lv in Level
        )
    return items


def jsonld(g: "TechniqueGraph", graph: "nx.MultiDiGraph[str] | None" = None) -> dict[str, Any]:
    """Return the graph as JSON-LD in standard vocabularies, with an inline context.

    Nothing is fetched: the context only names prefixes. Techniques are ``schema:HowTo``
    (a way of doing something, told step by step in its sources), resources
    ``schema:LearningResource``, cases ``schema:Project`` (and ``prov:Activity``, which
    ``prov:used`` its techniques), publishers and organisations ``schema:Organization``.
    Stages, stakeholders and levels are ``skos:Concept`` in one ``skos:ConceptScheme``
    each. Every record cites its sources with ``dcterms:source`` and
    ``prov:wasDerivedFrom``, and is ``dcterms:isPartOf`` its catalogue, a ``dcat:Dataset``
    with its ``dcterms:license``, ``dcat:version`` and a ``dcat:Distribution``. Edges use
    :data:`EDGE_PROPERTIES`; fields with no standard property are
    ``schema:additionalProperty`` values. Node ids are ``urn:participatory:<kind>:<id>``.

    Parameters
    ----------
    g : TechniqueGraph
        Where the records come from.
    graph : networkx.MultiDiGraph, optional
        The nodes and edges to write (a narrowed view of ``g.nx``); all of ``g`` by default.
    """
    nxg = g.nx if graph is None else graph
    cat = g.catalogue
    items: list[dict[str, Any]] = _catalogue_items(cat)
    present = {str(data.get("kind")) for _, data in nxg.nodes(data=True)}
    items += _scheme_items([k for k in _SCHEMES if k in present or k == "level"])
    extra: dict[str, dict[str, Any]] = {}
    by_node: dict[str, dict[str, Any]] = {}
    for node, data in nxg.nodes(data=True):
        rec = cat[str(data["record_id"])]
        item, needed = _record_item(rec, _iri("catalogue", cat.origin(rec.id).catalogue))
        by_node[node] = item
        for other in needed:
            extra.setdefault(other["@id"], other)
    for u, v, kind in nxg.edges(keys=True):
        prop = EDGE_PROPERTIES.get(str(kind), f"pr:{kind}")
        source, target = (v, u) if kind in _REVERSED_EDGES else (u, v)
        refs = by_node[source].setdefault(prop, [])
        if _ref(by_node[target]["@id"]) not in refs:
            refs.append(_ref(by_node[target]["@id"]))
    context: dict[str, Any] = {**VOCABULARIES, "pr": f"{IRI}vocab:"}
    return {"@context": context, "@graph": [*items, *by_node.values(), *extra.values()]}
