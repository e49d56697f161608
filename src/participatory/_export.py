"""Writing the technique graph out, and reading it back.

Every file is written atomically (:func:`participatory._io.atomic_write`). The
node-link JSON always stores its edges under ``"edges"`` together with a format name
and version: a reader that expected ``"links"`` would otherwise load a graph with no
edges and no error (networkx#8611).
"""

import csv
import io
import json
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ._errors import CatalogueError
from ._io import atomic_write, check_output, csv_safe, read_file, write_tree
from ._schema import NODE_COLOURS, NODE_KINDS

if TYPE_CHECKING:
    import networkx as nx

    from ._catalogue import Catalogue
    from ._graph import TechniqueGraph
    from ._model import Record

__all__ = [
    "CSV_TABLES",
    "EDGE_PROPERTIES",
    "EXPORTS",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "JSONLD_TYPES",
    "MERMAID_MAX_EDGES",
    "RENDERERS",
    "VOCABULARIES",
    "check_size",
    "csv_tables",
    "dot",
    "export",
    "jsonld",
    "mermaid",
    "node_link_data",
    "node_link_graph",
    "read_graph",
    "render",
    "select",
    "sources_json",
    "with_provenance",
]

#: Name and version stored in node-link files; the version changes when the layout does.
FORMAT_NAME: Final = "participatory-graph"
FORMAT_VERSION: Final = 1

#: Base IRI of nodes and terms in the JSON-LD export.
IRI: Final = "urn:participatory:"


def _json(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


# --------------------------------------------------------------------------- node-link


def node_link_data(graph: "nx.MultiDiGraph[str]") -> dict[str, Any]:
    """Return the graph as node-link data, in networkx's layout with ``edges="edges"``.

    Nodes are ``{"id": key, **attributes}``, edges ``{"source", "target", "key",
    **attributes}``; ``format`` and ``format_version`` name the layout.
    """
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "directed": True,
        "multigraph": True,
        "graph": dict(graph.graph),
        "nodes": [{**data, "id": node} for node, data in graph.nodes(data=True)],
        "edges": [
            {**data, "source": u, "target": v, "key": k}
            for u, v, k, data in graph.edges(keys=True, data=True)
        ],
    }


def node_link_graph(data: Mapping[str, Any]) -> "nx.MultiDiGraph[str]":
    """Build a frozen networkx graph from node-link data written by :func:`node_link_data`.

    Raises
    ------
    CatalogueError
        If the data is not a participatory graph of a version this library reads, or
        keeps its edges under ``"links"`` (the old networkx default) rather than
        ``"edges"``.
    """
    import networkx as nx

    if data.get("format") != FORMAT_NAME:
        msg = f'not a {FORMAT_NAME} node-link document (no "format": {FORMAT_NAME!r})'
        raise CatalogueError(msg)
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        msg = (
            f"{FORMAT_NAME} format version {version!r} is not supported (this library reads {FORMAT_VERSION})"
        )
        raise CatalogueError(msg)
    if "edges" not in data:
        hint = " (it has 'links': written with an old networkx default)" if "links" in data else ""
        msg = f"node-link document has no 'edges'{hint}"
        raise CatalogueError(msg)
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(**data.get("graph", {}))
    for node in data["nodes"]:
        attrs = dict(node)
        graph.add_node(attrs.pop("id"), **attrs)
    for edge in data["edges"]:
        attrs = dict(edge)
        u, v, k = attrs.pop("source"), attrs.pop("target"), attrs.pop("key")
        graph.add_edge(u, v, key=k, **attrs)
    frozen: nx.MultiDiGraph[str] = nx.freeze(graph)
    return frozen


def read_graph(path: str | os.PathLike[str], format: str | None = None) -> "nx.MultiDiGraph[str]":  # noqa: A002
    """Read a graph written by :meth:`TechniqueGraph.export` back into networkx.

    Parameters
    ----------
    path : str or path-like
        A node-link ``.json``, ``.graphml`` or ``.gexf`` file.
    format : {"node-link", "graphml", "gexf"}, optional
        Defaults to the one the suffix names.

    Returns
    -------
    networkx.MultiDiGraph
        Frozen; equal to ``g.nx`` for node-link and GraphML files.

    Raises
    ------
    CatalogueError
        If the file cannot be read or is not such a graph.
    """
    from xml.etree.ElementTree import ParseError

    import networkx as nx

    target = Path(path)
    fmt = format or {".json": "node-link", ".graphml": "graphml", ".gexf": "gexf"}.get(target.suffix)
    if fmt not in ("node-link", "graphml", "gexf"):
        msg = f"{target}: cannot tell the format; pass format='node-link', 'graphml' or 'gexf'"
        raise CatalogueError(msg)
    data, problem = read_file(target, os.fspath(path))
    if data is None:
        raise CatalogueError(str(problem.message if problem else "cannot read"))
    try:
        if fmt == "node-link":
            return node_link_graph(json.loads(data.decode("utf-8")))
        if fmt == "graphml":
            graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(
                nx.read_graphml(io.BytesIO(data), force_multigraph=True)
            )
            for default in ("node_default", "edge_default"):  # added by the reader when empty
                if graph.graph.get(default) == {}:
                    del graph.graph[default]
        else:
            graph = nx.MultiDiGraph(nx.read_gexf(io.BytesIO(data)))
    except (
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        ParseError,
        RecursionError,
        nx.NetworkXError,
    ) as e:
        msg = f"{target}: cannot read the graph: {e}"
        raise CatalogueError(msg) from e
    frozen: nx.MultiDiGraph[str] = nx.freeze(graph)
    return frozen


# --------------------------------------------------------------------------- text formats


def _text_id(key: str) -> str:
    """Return a Mermaid-safe node id: ids are slugs, so this is one-to-one."""
    return key.replace("-", "_").replace(":", "__")


def _mermaid_label(text: str) -> str:
    return "".join({'"': "#quot;", "<": "#lt;", ">": "#gt;", "\n": " "}.get(c, c) for c in text)


_STYLES: Final = {kind: f"fill:{fill},stroke:{line}" for kind, (fill, line) in NODE_COLOURS.items()}


def _stage_ordered(graph: "nx.MultiDiGraph[str]") -> list[tuple[str, dict[str, Any]]]:
    nodes = [(node, data) for node, data in graph.nodes(data=True)]
    kinds = list(_STYLES)
    return sorted(
        nodes,
        key=lambda n: (
            kinds.index(n[1].get("kind", "")) if n[1].get("kind") in kinds else len(kinds),
            n[1].get("order", 0),
        ),
    )


#: Graph attributes that say what a file holds and on what terms.
_PROVENANCE: Final = ("title", "version", "licence", "url")


def _comment(text: object) -> str:
    return " ".join(str(text).split())


def _source_urls(data: Mapping[str, Any]) -> list[str]:
    try:
        return [str(src["url"]) for src in json.loads(data.get("sources") or "[]")]
    except (ValueError, TypeError, KeyError):
        return []


def mermaid(graph: "nx.MultiDiGraph[str]") -> str:
    """Return the graph as a Mermaid flowchart (left to right, one class per node kind).

    The catalogue's title, version and licence, and each node's source addresses, are
    kept as ``%%`` comments.
    """
    lines = ["flowchart LR"]
    lines.extend(f"%% {key}: {_comment(graph.graph[key])}" for key in _PROVENANCE if graph.graph.get(key))
    for node, data in _stage_ordered(graph):
        label = _mermaid_label(str(data.get("name", node)))
        kind = data.get("kind", "")
        style = f":::{kind}" if kind in _STYLES else ""
        lines.append(f'    {_text_id(node)}["{label}"]{style}')
        lines.extend(f"%% source: {_comment(url)}" for url in _source_urls(data))
    lines.extend(
        f"    {_text_id(u)} -->|{_mermaid_label(str(k))}| {_text_id(v)}" for u, v, k in graph.edges(keys=True)
    )
    lines.extend(f"    classDef {kind} {style}" for kind, style in _STYLES.items())
    return "\n".join(lines) + "\n"


def _dot_string(text: object) -> str:
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def dot(graph: "nx.MultiDiGraph[str]") -> str:
    """Return the graph in Graphviz DOT (every string quoted and escaped).

    The catalogue's title, version and licence are graph attributes; each node keeps its
    ``sources`` (JSON text) and links to the first one (Graphviz's ``URL``).
    """
    name = graph.graph.get("name", "participatory")
    lines = [
        f"digraph {_dot_string(name)} {{",
        "    rankdir=LR;",
        '    node [shape=box, style="rounded,filled"];',
    ]
    lines.extend(f"    {key}={_dot_string(graph.graph[key])};" for key in _PROVENANCE if graph.graph.get(key))
    for node, data in _stage_ordered(graph):
        kind = data.get("kind", "")
        fill = _STYLES.get(kind, "fill:#ffffff").split(",")[0].removeprefix("fill:")
        label = data.get("name", node)
        urls = _source_urls(data)
        cited = f", sources={_dot_string(data['sources'])}, URL={_dot_string(urls[0])}" if urls else ""
        lines.append(
            f"    {_dot_string(node)} [label={_dot_string(label)}, kind={_dot_string(kind)}, "
            f"fillcolor={_dot_string(fill)}{cited}];"
        )
    lines.extend(
        f"    {_dot_string(u)} -> {_dot_string(v)} [label={_dot_string(k)}, kind={_dot_string(k)}];"
        for u, v, k in graph.edges(keys=True)
    )
    lines.append("}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- JSON-LD

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
JSONLD_TYPES: Final[Mapping[str, tuple[str, ...]]] = {
    "stage": ("skos:Concept",),
    "stakeholder": ("skos:Concept", "schema:Audience"),
    "technique": ("schema:HowTo",),
    "resource": ("schema:LearningResource",),
    "case": ("schema:Project", "prov:Activity"),
    "organisation": ("schema:Organization", "prov:Agent"),
}
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
        "@type": list(JSONLD_TYPES.get(kind, ("schema:Thing",))),
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


# --------------------------------------------------------------------------- CSV


def _csv(columns: list[str], rows: Iterable[Mapping[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    writer.writerows({k: csv_safe(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def _columns(first: list[str], rows: Iterable[Mapping[str, Any]]) -> list[str]:
    rest = sorted({k for row in rows for k in row} - set(first))
    return first + rest


def csv_tables(graph: "nx.MultiDiGraph[str]") -> tuple[str, str]:
    """Return the graph as two CSV texts, the nodes and the edges.

    Nodes have columns ``key``, ``kind``, ``record_id``, ``name`` and then every other
    attribute; edges ``source``, ``target``, ``kind`` and their attributes.
    """
    nodes = [{"key": n, **d} for n, d in graph.nodes(data=True)]
    edges = [{"source": u, "target": v, **d, "kind": k} for u, v, k, d in graph.edges(keys=True, data=True)]
    return (
        _csv(_columns(["key", "kind", "record_id", "name"], nodes), nodes),
        _csv(_columns(["source", "target", "kind"], edges), edges),
    )


# --------------------------------------------------------------------------- narrowing and provenance

#: Mermaid's default limits (its ``maxEdges`` and ``maxTextSize`` settings).
MERMAID_MAX_EDGES: Final = 500
MERMAID_MAX_TEXT: Final = 50_000


def _as_list(value: "str | Iterable[str] | None") -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return [part for v in value for part in _as_list(v)]


def select(
    g: "TechniqueGraph",
    *,
    stage: "str | Iterable[str] | None" = None,
    technique: "str | Iterable[str] | None" = None,
    kinds: "str | Iterable[str] | None" = None,
) -> "tuple[TechniqueGraph, nx.MultiDiGraph[str]]":
    """Narrow ``g`` for an export: to some stages, to techniques and their neighbours, to kinds of node.

    Returns the graph the records come from and the networkx graph to write.

    Raises
    ------
    CatalogueError
        For an unknown stage, technique or kind of node (the message suggests one).
    """
    from ._schema import did_you_mean

    stages = _as_list(stage)
    if stages:
        g = g.subgraph(stage=stages)
    nxg = g.nx
    techniques = _as_list(technique)
    if techniques:
        focus: set[str] = set()
        for tid in techniques:
            node = f"technique:{tid}"
            if node not in nxg:
                hint = did_you_mean(tid, g.catalogue.techniques)
                raise CatalogueError(f"no technique {tid!r} in this graph{hint}")
            focus.add(node)
        # The techniques, what they link to, and only the edges that touch them.
        edges = [(u, v, k) for u, v, k in nxg.edges(keys=True) if u in focus or v in focus]
        focused = nxg.edge_subgraph(edges).copy()  # type: ignore[arg-type]  # keyed edges of a multigraph
        focused.add_nodes_from((n, nxg.nodes[n]) for n in focus)
        focused.graph.update(nxg.graph)
        nxg = focused
    wanted = _as_list(kinds)
    if wanted:
        for kind in wanted:
            if kind not in NODE_KINDS:
                hint = did_you_mean(kind, NODE_KINDS)
                raise CatalogueError(f"unknown kind of node {kind!r}{hint} (kinds: {', '.join(NODE_KINDS)})")
        nxg = nxg.subgraph([n for n, d in nxg.nodes(data=True) if d.get("kind") in wanted])
    return g, nxg


def _members_text(cat: "Catalogue", field: str) -> str:
    values = [(m.name, str(getattr(m, field))) for m in cat.members if getattr(m, field)]
    if len(cat.members) == 1:
        return values[0][1] if values else ""
    return "; ".join(f"{name}: {value}" for name, value in values)


def sources_json(rec: "Record") -> str:
    """Return a record's sources as compact JSON text (the scalar form in GraphML, GEXF, CSV, DOT)."""
    from ._convert import unstructure

    return json.dumps([unstructure(src) for src in rec.sources], ensure_ascii=False, separators=(",", ":"))


def with_provenance(g: "TechniqueGraph", graph: "nx.MultiDiGraph[str]") -> "nx.MultiDiGraph[str]":
    """Return a copy of ``graph`` that keeps what matters: sources, licence and version.

    Each node gets ``sources`` (the record's citations, as JSON text); the graph gets
    ``title``, ``version``, ``licence`` and ``url`` of its catalogues (``name: value``
    pairs separated by ``"; "`` when several catalogues are merged).
    """
    import networkx as nx

    out: nx.MultiDiGraph[str] = nx.MultiDiGraph(graph)
    cat = g.catalogue
    for field in ("title", "version", "licence", "url"):
        if text := _members_text(cat, field):
            out.graph[field] = text
    for _, data in out.nodes(data=True):
        data["sources"] = sources_json(cat[str(data["record_id"])])
    frozen: nx.MultiDiGraph[str] = nx.freeze(out)
    return frozen


def check_size(graph: "nx.MultiDiGraph[str]", format: str, max_edges: int | None = None) -> None:  # noqa: A002
    """Refuse a text export its tool would not draw: more than ``max_edges`` edges.

    Mermaid draws at most 500 edges by default (its ``maxEdges``); that is the default
    limit of the ``mermaid`` format. Graphviz has no such limit, so ``dot`` is only
    limited when ``max_edges`` is given.

    Raises
    ------
    CatalogueError
        Naming the size, the limit and the options that narrow the graph.
    """
    limit = max_edges if max_edges is not None else (MERMAID_MAX_EDGES if format == "mermaid" else None)
    edges = graph.number_of_edges()
    if limit is not None and edges > limit:
        tool = " (Mermaid's default maxEdges)" if format == "mermaid" and max_edges is None else ""
        size = f"the graph is too big for a {format} export: {edges} edges, more than {limit}{tool}. "
        raise CatalogueError(
            size + "Narrow it with stage=, technique= or kinds=, or raise max_edges",
            command_line=size
            + "Narrow it with --stage STAGE, --technique ID or --kinds stage,technique, or raise --max-edges",
        )


# --------------------------------------------------------------------------- export


def _graphml(graph: "nx.MultiDiGraph[str]") -> str:
    import networkx as nx

    return "\n".join(nx.generate_graphml(graph, prettyprint=True)) + "\n"


def _gexf(graph: "nx.MultiDiGraph[str]") -> str:
    import networkx as nx

    labelled: nx.MultiDiGraph[str] = nx.MultiDiGraph(graph)
    for _, data in labelled.nodes(data=True):
        data["label"] = data.get("name", "")
    text = "\n".join(nx.generate_gexf(labelled, prettyprint=True)) + "\n"
    # GEXF keeps graph attributes only in <meta>: the catalogue's title, version and licence.
    info = "; ".join(
        f"{k}: {graph.graph[k]}" for k in ("title", "version", "licence", "url") if k in graph.graph
    )
    if info and "</creator>" in text:
        from xml.sax.saxutils import escape

        text = text.replace("</creator>", f"</creator>\n    <description>{escape(info)}</description>", 1)
    return text


Renderer = Callable[["TechniqueGraph", "nx.MultiDiGraph[str]"], str]

#: Single-file formats: name -> (usual suffix, function rendering the (narrowed) graph as text).
RENDERERS: Final[Mapping[str, tuple[str, Renderer]]] = {
    "node-link": (".json", lambda g, n: _json(node_link_data(with_provenance(g, n)))),
    "graphml": (".graphml", lambda g, n: _graphml(with_provenance(g, n))),
    "gexf": (".gexf", lambda g, n: _gexf(with_provenance(g, n))),
    "jsonld": (".jsonld", lambda g, n: _json(jsonld(g, n))),
    "mermaid": (".mmd", lambda g, n: mermaid(with_provenance(g, n))),
    "dot": (".dot", lambda g, n: dot(with_provenance(g, n))),
}

#: Every export format: the single-file ones, and ``csv`` (a directory of three tables).
EXPORTS: Final = (*RENDERERS, "csv")
#: The files of a ``csv`` export.
CSV_TABLES: Final = ("nodes.csv", "edges.csv", "catalogue.csv")


def _unknown_format(format: str, names: Iterable[str] = EXPORTS) -> CatalogueError:  # noqa: A002
    from ._schema import did_you_mean

    hint = did_you_mean(format, names)
    return CatalogueError(f"unknown export format {format!r}{hint} (formats: {', '.join(names)})")


def render(
    g: "TechniqueGraph",
    format: str,  # noqa: A002
    *,
    stage: "str | Iterable[str] | None" = None,
    technique: "str | Iterable[str] | None" = None,
    kinds: "str | Iterable[str] | None" = None,
    max_edges: int | None = None,
) -> str:
    """Return the graph as text in one of the single-file formats (every format but ``csv``).

    ``stage``, ``technique`` and ``kinds`` narrow the graph (see :func:`select`);
    ``mermaid`` refuses more than 500 edges, and any format more than ``max_edges``
    (see :func:`check_size`).
    """
    if format not in RENDERERS:
        raise _unknown_format(format, RENDERERS)
    g, nxg = select(g, stage=stage, technique=technique, kinds=kinds)
    check_size(nxg, format, max_edges)
    text = RENDERERS[format][1](g, nxg)
    if format == "mermaid" and max_edges is None and len(text) > MERMAID_MAX_TEXT:
        size = (
            f"the graph is too big for a mermaid export: {len(text)} characters, more than Mermaid's "
            f"default maxTextSize ({MERMAID_MAX_TEXT}). "
        )
        raise CatalogueError(
            size + "Narrow it with stage=, technique= or kinds=",
            command_line=size + "Narrow it with --stage, --technique or --kinds",
        )
    return text


def export(
    g: "TechniqueGraph",
    format: str,  # noqa: A002
    path: str | os.PathLike[str],
    *,
    stage: "str | Iterable[str] | None" = None,
    technique: "str | Iterable[str] | None" = None,
    kinds: "str | Iterable[str] | None" = None,
    max_edges: int | None = None,
    overwrite: bool = False,
) -> Path:
    """Write ``g`` to ``path`` in ``format`` (one of :data:`EXPORTS`), atomically.

    ``csv`` writes ``nodes.csv``, ``edges.csv`` and ``catalogue.csv`` (name, title,
    version, licence and url of each catalogue) into the directory ``path``, the three at
    once (other files there are kept). The other options are those of :func:`render`. An
    existing output is replaced only with ``overwrite=True``. Returns the path written.
    """
    if format not in EXPORTS:
        raise _unknown_format(format)
    target = check_output(path, overwrite=overwrite, directory=format == "csv", replaces=CSV_TABLES)
    if format == "csv":
        g, nxg = select(g, stage=stage, technique=technique, kinds=kinds)
        check_size(nxg, format, max_edges)
        nodes, edges = csv_tables(with_provenance(g, nxg))
        fields = ["name", "title", "version", "licence", "url"]
        info = _csv(fields, [{f: getattr(m, f) for f in fields} for m in g.catalogue.members])
        return write_tree(target, dict(zip(CSV_TABLES, (nodes, edges, info), strict=True)))
    atomic_write(
        target, render(g, format, stage=stage, technique=technique, kinds=kinds, max_edges=max_edges)
    )
    return target
