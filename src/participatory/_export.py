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

if TYPE_CHECKING:
    import networkx as nx

    from ._graph import TechniqueGraph

__all__ = [
    "CSV_TABLES",
    "EXPORTS",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "RENDERERS",
    "csv_tables",
    "dot",
    "export",
    "jsonld",
    "mermaid",
    "node_link_data",
    "node_link_graph",
    "read_graph",
    "render",
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


_STYLES: Final = {
    "stage": "fill:#fde68a,stroke:#92400e",
    "technique": "fill:#bfdbfe,stroke:#1e3a8a",
    "stakeholder": "fill:#bbf7d0,stroke:#14532d",
    "resource": "fill:#e9d5ff,stroke:#581c87",
    "case": "fill:#fecaca,stroke:#7f1d1d",
}


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


def mermaid(graph: "nx.MultiDiGraph[str]") -> str:
    """Return the graph as a Mermaid flowchart (left to right, one class per node kind)."""
    lines = ["flowchart LR"]
    for node, data in _stage_ordered(graph):
        label = _mermaid_label(str(data.get("name", node)))
        kind = data.get("kind", "")
        style = f":::{kind}" if kind in _STYLES else ""
        lines.append(f'    {_text_id(node)}["{label}"]{style}')
    lines.extend(
        f"    {_text_id(u)} -->|{_mermaid_label(str(k))}| {_text_id(v)}" for u, v, k in graph.edges(keys=True)
    )
    lines.extend(f"    classDef {kind} {style}" for kind, style in _STYLES.items())
    return "\n".join(lines) + "\n"


def _dot_string(text: object) -> str:
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def dot(graph: "nx.MultiDiGraph[str]") -> str:
    """Return the graph in Graphviz DOT (every string quoted and escaped)."""
    name = graph.graph.get("name", "participatory")
    lines = [
        f"digraph {_dot_string(name)} {{",
        "    rankdir=LR;",
        '    node [shape=box, style="rounded,filled"];',
    ]
    for node, data in _stage_ordered(graph):
        kind = data.get("kind", "")
        fill = _STYLES.get(kind, "fill:#ffffff").split(",")[0].removeprefix("fill:")
        label = data.get("name", node)
        lines.append(
            f"    {_dot_string(node)} [label={_dot_string(label)}, kind={_dot_string(kind)}, "
            f"fillcolor={_dot_string(fill)}];"
        )
    lines.extend(
        f"    {_dot_string(u)} -> {_dot_string(v)} [label={_dot_string(k)}, kind={_dot_string(k)}];"
        for u, v, k in graph.edges(keys=True)
    )
    lines.append("}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- JSON-LD


def jsonld(graph: "nx.MultiDiGraph[str]") -> dict[str, Any]:
    """Return the graph as a JSON-LD document with an inline context (nothing is fetched).

    Each node is an object with ``@id`` ``urn:participatory:<kind>:<id>``, ``@type`` its
    kind, its attributes, and one property per outgoing edge kind whose values are the
    ``@id`` of the targets. ``name`` and ``summary`` map to ``schema:name`` and
    ``schema:description``.
    """
    from ._schema import EDGE_KINDS

    context: dict[str, Any] = {
        "@vocab": f"{IRI}vocab:",
        "schema": "https://schema.org/",
        "name": "schema:name",
        "summary": "schema:description",
        "url": {"@id": "schema:url", "@type": "@id"},
        **{kind: {"@type": "@id"} for kind in EDGE_KINDS},
    }
    items: list[dict[str, Any]] = []
    for node, data in graph.nodes(data=True):
        item: dict[str, Any] = {"@id": f"{IRI}{node}", "@type": str(data.get("kind", "node")).capitalize()}
        item.update({k: v for k, v in data.items() if k != "kind"})
        for _, target, kind in graph.out_edges(node, keys=True):
            item.setdefault(str(kind), []).append(f"{IRI}{target}")
        items.append(item)
    return {"@context": context, "@graph": items}


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


# --------------------------------------------------------------------------- export


def _graphml(graph: "nx.MultiDiGraph[str]") -> str:
    import networkx as nx

    return "\n".join(nx.generate_graphml(graph, prettyprint=True)) + "\n"


def _gexf(graph: "nx.MultiDiGraph[str]") -> str:
    import networkx as nx

    labelled: nx.MultiDiGraph[str] = nx.MultiDiGraph(graph)
    for _, data in labelled.nodes(data=True):
        data["label"] = data.get("name", "")
    return "\n".join(nx.generate_gexf(labelled, prettyprint=True)) + "\n"


#: Single-file formats: name -> (usual suffix, function rendering the networkx graph as text).
RENDERERS: Final[Mapping[str, tuple[str, Callable[["nx.MultiDiGraph[str]"], str]]]] = {
    "node-link": (".json", lambda g: _json(node_link_data(g))),
    "graphml": (".graphml", _graphml),
    "gexf": (".gexf", _gexf),
    "jsonld": (".jsonld", lambda g: _json(jsonld(g))),
    "mermaid": (".mmd", mermaid),
    "dot": (".dot", dot),
}

#: Every export format: the single-file ones, and ``csv`` (a directory of two tables).
EXPORTS: Final = (*RENDERERS, "csv")
#: The files of a ``csv`` export.
CSV_TABLES: Final = ("nodes.csv", "edges.csv")


def _unknown_format(format: str, names: Iterable[str] = EXPORTS) -> CatalogueError:  # noqa: A002
    from ._schema import nearest

    close = nearest(format, names)
    hint = f"; did you mean {close!r}?" if close else ""
    return CatalogueError(f"unknown export format {format!r}{hint} (formats: {', '.join(names)})")


def render(g: "TechniqueGraph", format: str) -> str:  # noqa: A002
    """Return the graph as text in one of the single-file formats (every format but ``csv``)."""
    if format not in RENDERERS:
        raise _unknown_format(format, RENDERERS)
    return RENDERERS[format][1](g.nx)


def export(
    g: "TechniqueGraph",
    format: str,  # noqa: A002
    path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
) -> Path:
    """Write ``g`` to ``path`` in ``format`` (one of :data:`EXPORTS`), atomically.

    ``csv`` writes ``nodes.csv`` and ``edges.csv`` into the directory ``path`` (the two
    at once; other files there are kept). An existing output is replaced only with
    ``overwrite=True``. Returns the path written.
    """
    if format not in EXPORTS:
        raise _unknown_format(format)
    target = check_output(path, overwrite=overwrite, directory=format == "csv", replaces=CSV_TABLES)
    if format == "csv":
        return write_tree(target, dict(zip(CSV_TABLES, csv_tables(g.nx), strict=True)))
    atomic_write(target, render(g, format))
    return target
