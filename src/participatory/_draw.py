"""Drawing the technique graph with matplotlib (the optional ``plot`` extra)."""

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from ._errors import CatalogueError
from ._results import require

if TYPE_CHECKING:
    from ._graph import TechniqueGraph

__all__ = ["draw"]

#: Row (y position) of each kind of node; stages are the spine in the middle.
_ROWS = {"case": 3.0, "resource": 2.0, "technique": 1.0, "stage": 0.0, "stakeholder": -1.0}
_COLOURS = {
    "stage": "#f59e0b",
    "technique": "#3b82f6",
    "stakeholder": "#22c55e",
    "resource": "#a855f7",
    "case": "#ef4444",
}


def _positions(g: "TechniqueGraph", kinds: tuple[str, ...]) -> dict[str, tuple[float, float]]:
    """Stages left to right in research-cycle order; everything else above or below them."""
    graph = g.nx
    stage_x = {f"stage:{sid}": float(i) for i, sid in enumerate(g.catalogue.stages)}
    width = max(len(stage_x) - 1, 1)
    pos: dict[str, tuple[float, float]] = {k: (x, _ROWS["stage"]) for k, x in stage_x.items()}
    by_row: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for node, data in graph.nodes(data=True):
        kind = str(data.get("kind"))
        if kind == "stage" or kind not in kinds:
            continue
        xs = [stage_x[n] for n in graph.successors(node) if n in stage_x]
        if not xs:
            xs = [stage_x[n] for n in graph.predecessors(node) if n in stage_x]
        by_row[kind].append((sum(xs) / len(xs) if xs else float(width) + 1, node))
    for kind, placed in by_row.items():
        placed.sort()
        base = _ROWS.get(kind, 4.0)
        n = len(placed)
        for i, (x, node) in enumerate(placed):
            # Spread nodes along the row in x order, and stagger them so labels overlap less.
            spread = (i / (n - 1) * width) if n > 1 else x
            offset = 0.25 * (i % 3) * (1 if base >= 0 else -1)
            pos[node] = ((x + spread) / 2, base + offset)
    return pos


def draw(g: "TechniqueGraph", *, kinds: tuple[str, ...], ax: Any = None, labels: bool = True) -> Any:
    """Draw ``g`` (see :meth:`TechniqueGraph.draw`) and return the figure."""
    from ._schema import NODE_KINDS

    plt = require("matplotlib.pyplot", "plot", "draw()")
    import networkx as nx

    unknown = [k for k in kinds if k not in NODE_KINDS]
    if unknown:
        msg = f"draw() cannot draw {unknown[0]!r}; kinds of node: {', '.join(NODE_KINDS)}"
        raise CatalogueError(msg)
    graph = g.nx
    nodes = [n for n, data in graph.nodes(data=True) if data.get("kind") in kinds]
    sub = graph.subgraph(nodes)
    pos = _positions(g, kinds)
    if ax is None:
        width = max(8.0, 1.2 * len(g.catalogue.stages))
        fig, ax = plt.subplots(figsize=(width, 6.0))
    else:
        fig = ax.figure
    nx.draw_networkx_edges(sub, pos, ax=ax, alpha=0.2, arrows=False)
    for kind in kinds:
        members = [n for n in nodes if graph.nodes[n]["kind"] == kind]
        if members:
            nx.draw_networkx_nodes(
                sub, pos, nodelist=members, node_color=_COLOURS[kind], node_size=120, ax=ax, label=kind
            )
    if labels:
        names = {n: str(graph.nodes[n].get("name", n)) for n in nodes}
        nx.draw_networkx_labels(sub, pos, labels=names, font_size=7, ax=ax)
    ax.set_axis_off()
    if nodes:
        ax.legend(loc="upper left", fontsize=8, frameon=False)
    ax.set_title(g.catalogue.info.title or g.catalogue.info.name)
    return fig
