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
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TextIO

from ._errors import CatalogueError
from ._io import atomic_write, check_output, csv_safe, read_file, write_tree
from ._jsonld import EDGE_PROPERTIES, JSONLD_TYPES, VOCABULARIES, jsonld
from ._kinds import NODE_COLOURS, NODE_KINDS

if TYPE_CHECKING:
    import networkx as nx

    from ._catalogue import Catalogue
    from ._graph import TechniqueGraph
    from ._model import Record

__all__ = [
    "CSV_TABLES",
    "DOT_MAX_EDGES",
    "EDGE_PROPERTIES",
    "EXPORTS",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "JSONLD_TYPES",
    "MERMAID_MAX_EDGES",
    "RENDERERS",
    "VOCABULARIES",
    "catalogue_csv",
    "check_base_url",
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
    "write_csv_files",
    "write_csv_tables",
]

#: Name and version stored in node-link files; the version changes when the layout does.
#: Version 2 stores each node's ``sources`` as a JSON list of citations (version 1, still
#: read, stored it as JSON text inside the JSON).
FORMAT_NAME: Final = "participatory-graph"
FORMAT_VERSION: Final = 2
#: The node-link versions :func:`node_link_graph` reads.
_READABLE_VERSIONS: Final = (1, 2)


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

    Each node's ``sources`` is a list of citations (a version 1 file's JSON text is
    decoded into one).

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
    if version not in _READABLE_VERSIONS:
        readable = " and ".join(map(str, _READABLE_VERSIONS))
        msg = f"{FORMAT_NAME} format version {version!r} is not supported (this library reads {readable})"
        raise CatalogueError(msg)
    if "edges" not in data:
        hint = " (it has 'links': written with an old networkx default)" if "links" in data else ""
        msg = f"node-link document has no 'edges'{hint}"
        raise CatalogueError(msg)
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(**data.get("graph", {}))
    for node in data["nodes"]:
        attrs = dict(node)
        if version == 1 and isinstance(attrs.get("sources"), str):
            attrs["sources"] = json.loads(attrs["sources"])
        graph.add_node(attrs.pop("id"), **attrs)
    for edge in data["edges"]:
        attrs = dict(edge)
        u, v, k = attrs.pop("source"), attrs.pop("target"), attrs.pop("key")
        graph.add_edge(u, v, key=k, **attrs)
    frozen: nx.MultiDiGraph[str] = nx.freeze(graph)
    return frozen


def _drop_labels(graph: "nx.MultiDiGraph[str]") -> None:
    """Remove the ``label`` attributes :func:`_labelled` adds (a copy of the name, of the kind)."""
    for node, data in graph.nodes(data=True):
        if data.get("label") == data.get("name", node):
            del data["label"]
    for _, _, key, data in graph.edges(keys=True, data=True):
        if data.get("label") == key:
            del data["label"]


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
        Frozen; equal to ``g.nx`` plus each node's ``sources`` (a list of citations from
        node-link JSON, JSON text from GraphML and GEXF) and the catalogue's title,
        version and licence, for node-link and GraphML files. GEXF files keep their
        ``label`` and ``viz`` (colour) attributes.

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
            _drop_labels(graph)
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


# --------------------------------------------------------------------------- CSV


def _write_csv(out: TextIO, columns: list[str], rows: Iterable[Mapping[str, Any]]) -> None:
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    writer.writerows({k: csv_safe(v) for k, v in row.items()} for row in rows)


def _csv(columns: list[str], rows: Iterable[Mapping[str, Any]]) -> str:
    buffer = io.StringIO()
    _write_csv(buffer, columns, rows)
    return buffer.getvalue()


def _columns(first: list[str], rows: Iterable[Mapping[str, Any]]) -> list[str]:
    rest = sorted({k for row in rows for k in row} - set(first))
    return first + rest


def _node_rows(graph: "nx.MultiDiGraph[str]", catalogue: "Catalogue | None") -> Iterator[dict[str, Any]]:
    for n, d in graph.nodes(data=True):
        row = {"key": n, **d.copy()}
        if catalogue is not None:
            row["sources"] = sources_json(catalogue[str(row["record_id"])])
        yield row


def _edge_rows(graph: "nx.MultiDiGraph[str]") -> Iterator[dict[str, Any]]:
    for u, v, k, d in graph.edges(keys=True, data=True):
        yield {"source": u, "target": v, **d, "kind": k}


def write_csv_tables(
    graph: "nx.MultiDiGraph[str]", catalogue: "Catalogue | None", nodes: TextIO, edges: TextIO
) -> None:
    """Write :func:`csv_tables` to two open files, a row at a time (each made twice: for the columns)."""
    sourced = [{"sources": ""}] if catalogue is not None else []
    columns = _columns(["key", "kind", "record_id", "name"], chain(_node_rows(graph, None), sourced))
    _write_csv(nodes, columns, _node_rows(graph, catalogue))
    _write_csv(edges, _columns(["source", "target", "kind"], _edge_rows(graph)), _edge_rows(graph))


def csv_tables(graph: "nx.MultiDiGraph[str]", catalogue: "Catalogue | None" = None) -> tuple[str, str]:
    """Return the graph as two CSV texts, the nodes and the edges.

    Nodes have columns ``key``, ``kind``, ``record_id``, ``name`` and then every other
    attribute; edges ``source``, ``target``, ``kind`` and their attributes. With
    ``catalogue``, each node also has ``sources``, its record's citations as JSON text
    (as in :func:`with_provenance`, without copying the graph).
    """
    nodes, edges = io.StringIO(), io.StringIO()
    write_csv_tables(graph, catalogue, nodes, edges)
    return nodes.getvalue(), edges.getvalue()


def catalogue_csv(cat: "Catalogue") -> str:
    """Return a ``csv`` export's ``catalogue.csv``: each catalogue's name, title, version, licence, url."""
    fields = ["name", "title", "version", "licence", "url"]
    return _csv(fields, [{f: getattr(m, f) for f in fields} for m in cat.members])


def write_csv_files(g: "TechniqueGraph", folder: Path) -> None:
    """Write the three files of a ``csv`` export of all of ``g`` into a new folder, a row at a time.

    For a folder being built (the website's downloads); :func:`export` writes them atomically.
    """
    folder.mkdir()
    with (
        (folder / "nodes.csv").open("w", encoding="utf-8", newline="") as nodes,
        (folder / "edges.csv").open("w", encoding="utf-8", newline="") as edges,
    ):
        write_csv_tables(g.nx, g.catalogue, nodes, edges)
    (folder / "catalogue.csv").write_text(catalogue_csv(g.catalogue), encoding="utf-8", newline="")


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


def _sources(rec: "Record") -> list[dict[str, Any]]:
    from ._convert import unstructure

    return [unstructure(src) for src in rec.sources]


def sources_json(rec: "Record") -> str:
    """Return a record's sources as compact JSON text (the scalar form in GraphML, GEXF, CSV, DOT)."""
    return json.dumps(_sources(rec), ensure_ascii=False, separators=(",", ":"))


def with_provenance(
    g: "TechniqueGraph", graph: "nx.MultiDiGraph[str]", *, structured: bool = False
) -> "nx.MultiDiGraph[str]":
    """Return a copy of ``graph`` that keeps what matters: sources, licence and version.

    Each node gets ``sources``: the record's citations as JSON text (the formats that
    hold only scalars), or with ``structured=True`` as a list of dicts (node-link JSON).
    The graph gets ``title``, ``version``, ``licence`` and ``url`` of its catalogues
    (``name: value`` pairs separated by ``"; "`` when several catalogues are merged).
    """
    import networkx as nx

    out: nx.MultiDiGraph[str] = nx.MultiDiGraph(graph)
    cat = g.catalogue
    for field in ("title", "version", "licence", "url"):
        if text := _members_text(cat, field):
            out.graph[field] = text
    for _, data in out.nodes(data=True):
        rec = cat[str(data["record_id"])]
        data["sources"] = _sources(rec) if structured else sources_json(rec)
    frozen: nx.MultiDiGraph[str] = nx.freeze(out)
    return frozen


#: The most edges a ``dot`` export holds by default. Graphviz's ``dot`` lays out 181 edges
#: (one stage's techniques) in 0.15 s, 741 in 7.5 s and 942 in 12 s, each unreadable; the
#: whole core graph (2 222 edges) did not finish in 400 s. Beyond a few hundred edges a
#: picture is a mesh: narrowing (one stage's techniques, one technique) draws one that reads.
DOT_MAX_EDGES: Final = 500

#: The default limits on the edges of the formats that are drawn (their tools' limits).
_DRAWN_LIMITS: Final[Mapping[str, tuple[int, str]]] = {
    "mermaid": (MERMAID_MAX_EDGES, "Mermaid's default maxEdges"),
    "dot": (DOT_MAX_EDGES, "more than Graphviz draws legibly, or in reasonable time"),
}


def check_size(graph: "nx.MultiDiGraph[str]", format: str, max_edges: int | None = None) -> None:  # noqa: A002
    """Refuse an export bigger than ``max_edges`` edges, or a drawing its tool would not draw.

    Mermaid draws at most 500 edges by default (its ``maxEdges``): the default limit of
    the ``mermaid`` format. Graphviz takes minutes over a graph of a few thousand edges
    and draws a mesh well before that: ``dot`` is limited to :data:`DOT_MAX_EDGES` by
    default. Other formats are limited only when ``max_edges`` is given.

    Raises
    ------
    CatalogueError
        Naming the size, the limit and the options that narrow the graph.
    """
    default, why = _DRAWN_LIMITS.get(format, (None, ""))
    limit = max_edges if max_edges is not None else default
    edges = graph.number_of_edges()
    if limit is not None and edges > limit:
        tool = f" ({why})" if max_edges is None and why else ""
        size = f"the graph is too big for a {format} export: {edges} edges, more than {limit}{tool}. "
        raise CatalogueError(
            size + "Narrow it with stage=, technique= or kinds= (for instance stage='design', "
            "kinds='stage,technique'), or raise max_edges",
            command_line=size + "Narrow it with --stage STAGE, --technique ID or --kinds stage,technique "
            "(for instance --stage design --kinds stage,technique), or raise --max-edges",
        )


# --------------------------------------------------------------------------- export


def _labelled(graph: "nx.MultiDiGraph[str]") -> "nx.MultiDiGraph[str]":
    """Return a copy whose nodes have a ``label`` (the name) and edges one (the kind).

    Gephi, yEd and Cytoscape show a node's ``label`` attribute; without it they show ids.
    """
    import networkx as nx

    labelled: nx.MultiDiGraph[str] = nx.MultiDiGraph(graph)
    for node, data in labelled.nodes(data=True):
        data["label"] = data.get("name", node)
    for _, _, key, data in labelled.edges(keys=True, data=True):
        data["label"] = key
    return labelled


def _rgb(colour: str) -> dict[str, int]:
    return {c: int(colour[i : i + 2], 16) for c, i in (("r", 1), ("g", 3), ("b", 5))}


def _graphml(graph: "nx.MultiDiGraph[str]") -> str:
    import networkx as nx

    return "\n".join(nx.generate_graphml(_labelled(graph), prettyprint=True)) + "\n"


def _gexf(graph: "nx.MultiDiGraph[str]") -> str:
    import networkx as nx

    labelled = _labelled(graph)
    for _, data in labelled.nodes(data=True):
        fill, _line = NODE_COLOURS.get(data.get("kind", ""), ("#ffffff", "#000000"))
        data["viz"] = {"color": {**_rgb(fill), "a": 1.0}}  # the colours of draw() and the DOT export
    text = "\n".join(nx.generate_gexf(labelled, prettyprint=True)) + "\n"
    # GEXF keeps graph attributes only in <meta>: the catalogue's title, version and licence.
    info = "; ".join(
        f"{k}: {graph.graph[k]}" for k in ("title", "version", "licence", "url") if k in graph.graph
    )
    if info and "</creator>" in text:
        from xml.sax.saxutils import escape

        text = text.replace("</creator>", f"</creator>\n    <description>{escape(info)}</description>", 1)
    return text


#: A renderer: (graph of the records, the narrowed networkx graph, base_url) -> text.
Renderer = Callable[["TechniqueGraph", "nx.MultiDiGraph[str]", str], str]

#: Single-file formats: name -> (usual suffix, function rendering the (narrowed) graph as text).
#: Only JSON-LD names records by the site's addresses (``base_url``).
RENDERERS: Final[Mapping[str, tuple[str, Renderer]]] = {
    "node-link": (".json", lambda g, n, _: _json(node_link_data(with_provenance(g, n, structured=True)))),
    "graphml": (".graphml", lambda g, n, _: _graphml(with_provenance(g, n))),
    "gexf": (".gexf", lambda g, n, _: _gexf(with_provenance(g, n))),
    "jsonld": (".jsonld", lambda g, n, base: _json(jsonld(g, n, base_url=base))),
    "mermaid": (".mmd", lambda g, n, _: mermaid(with_provenance(g, n))),
    "dot": (".dot", lambda g, n, _: dot(with_provenance(g, n))),
}

#: Every export format: the single-file ones, and ``csv`` (a directory of three tables).
EXPORTS: Final = (*RENDERERS, "csv")
#: The files of a ``csv`` export.
CSV_TABLES: Final = ("nodes.csv", "edges.csv", "catalogue.csv")


def _unknown_format(format: str, names: Iterable[str] = EXPORTS) -> CatalogueError:  # noqa: A002
    from ._schema import did_you_mean

    hint = did_you_mean(format, names)
    return CatalogueError(f"unknown export format {format!r}{hint} (formats: {', '.join(names)})")


def check_base_url(base_url: str) -> None:
    """Refuse a site address that is not an http(s) web address.

    Raises
    ------
    CatalogueError
        Saying why.
    """
    from ._checks import url_problem

    if base_url and (problem := url_problem(base_url)):
        raise CatalogueError(f"base_url: {problem}", command_line=f"--base-url: {problem}")


def render(
    g: "TechniqueGraph",
    format: str,  # noqa: A002
    *,
    stage: "str | Iterable[str] | None" = None,
    technique: "str | Iterable[str] | None" = None,
    kinds: "str | Iterable[str] | None" = None,
    max_edges: int | None = None,
    base_url: str = "",
) -> str:
    """Return the graph as text in one of the single-file formats (every format but ``csv``).

    ``stage``, ``technique`` and ``kinds`` narrow the graph (see :func:`select`);
    ``mermaid`` refuses more than 500 edges, ``dot`` more than :data:`DOT_MAX_EDGES`,
    and any format more than ``max_edges`` (see :func:`check_size`). ``base_url``, the
    address of the catalogue's website, makes the JSON-LD's IRIs its pages' addresses.

    Raises
    ------
    CatalogueError
        For an unknown format or narrowing, a graph too big, or a ``base_url`` that is
        not an http(s) address.
    """
    if format not in RENDERERS:
        raise _unknown_format(format, RENDERERS)
    check_base_url(base_url)
    g, nxg = select(g, stage=stage, technique=technique, kinds=kinds)
    check_size(nxg, format, max_edges)
    text = RENDERERS[format][1](g, nxg, base_url)
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
    base_url: str = "",
    overwrite: bool = False,
) -> Path:
    """Write ``g`` to ``path`` in ``format`` (one of :data:`EXPORTS`), atomically.

    ``csv`` writes ``nodes.csv``, ``edges.csv`` and ``catalogue.csv`` (name, title,
    version, licence and url of each catalogue) into the directory ``path``, the three at
    once (other files there are kept); in ``nodes.csv`` whole numbers are written as
    digits and yes/no values as ``True``/``False``, so ``pandas.read_csv(...,
    dtype_backend="numpy_nullable")`` reads them as ``Int64`` and ``boolean`` (see
    docs/graph.md). The other options are those of :func:`render`. An
    existing output is replaced only with ``overwrite=True``. Returns the path written.
    """
    if format not in EXPORTS:
        raise _unknown_format(format)
    target = check_output(path, overwrite=overwrite, directory=format == "csv", replaces=CSV_TABLES)
    if format == "csv":
        g, nxg = select(g, stage=stage, technique=technique, kinds=kinds)
        check_size(nxg, format, max_edges)
        nodes, edges = csv_tables(nxg, g.catalogue)
        info = catalogue_csv(g.catalogue)
        return write_tree(target, dict(zip(CSV_TABLES, (nodes, edges, info), strict=True)))
    text = render(
        g, format, stage=stage, technique=technique, kinds=kinds, max_edges=max_edges, base_url=base_url
    )
    atomic_write(target, text)
    return target
