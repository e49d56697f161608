"""Pictures of a catalogue and of plans, with matplotlib (the optional ``plot`` extra).

Every picture is laid out in inches from the measured size of its labels, so labels
never overlap and never leave the figure, and the figure grows with what it shows:

- ``graph``: the technique graph with the research stages in order as columns. Stages
  are the spine in the middle; techniques sit above, in the column of the stages they
  fit; stakeholders below; resources and cases above the techniques. Each kind of node
  has a colour and a band named on the left, so no legend covers anything.
- ``matrix``: techniques (rows) by stages (columns); a cell is filled when the technique
  fits the stage, in the colour of the deepest level it reaches there.
- ``levels``: the range of levels of involvement of each technique, from its lowest to
  its deepest.
- :func:`draw_plan`: a plan's activities across the stages (columns) and levels (rows).
"""

import textwrap
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from math import ceil, isnan, sqrt
from typing import TYPE_CHECKING, Any, Final, Protocol

import attrs

from ._errors import CatalogueError
from ._kinds import EDGE_KINDS, NODE_COLOURS, NODE_KINDS
from ._kinds import kind as declared_kind

if TYPE_CHECKING:
    import networkx as nx

    from ._catalogue import Catalogue
    from ._graph import TechniqueGraph
    from ._plan import Plan

__all__ = ["KINDS_OF_PICTURE", "draw", "draw_plan"]

#: The pictures :func:`draw` makes.
KINDS_OF_PICTURE: Final = ("graph", "matrix", "levels")
#: The kinds every graph picture starts from: people below, the stages as the spine,
#: techniques above them; every other kind of node gets a band of its own above those.
_SPINE: Final = ("stakeholder", "stage", "technique")
#: Fill and edge colour of each kind of node (the colours of the Mermaid and DOT exports).
_STYLE: Final = NODE_COLOURS


def _rows() -> dict[str, float]:
    """Return the row (y position) of each kind of node: stakeholders -1, stages 0, and up."""
    order = [*_SPINE, *(k for k in NODE_KINDS if k not in _SPINE)]
    return {k: float(i - 1) for i, k in enumerate(order)}


def _bands() -> tuple[str, ...]:
    """Return the kinds of node, from the top band of the graph picture to the bottom one."""
    return tuple(reversed(_rows()))


def _plural(kind_name: str) -> str:
    return declared_kind(kind_name).plural


#: Fill colour of each level, inform (light) to empower (dark), and the text on it.
_LEVEL_FILL: Final = ("#e0f2fe", "#7dd3fc", "#38bdf8", "#0369a1", "#0c4a6e")
_LEVEL_TEXT: Final = ("#0c4a6e", "#0c4a6e", "#0c4a6e", "#ffffff", "#ffffff")

_INVISIBLE: Final = frozenset({"Cc", "Cf", "Zl", "Zp"})
FONT: Final = 8.0  # points, labels
TITLE_FONT: Final = 13.0
SUBTITLE_FONT: Final = 9.0
WRAP: Final = 22  # characters per line of a node label
_PAD: Final = 0.3  # box padding, in font sizes
_GAP: Final = 0.1  # inches between boxes in a stack
_COLUMN_GAP: Final = 0.3  # inches between columns
_BAND_GAP: Final = 0.35  # inches between bands
_MARGIN: Final = 0.3  # inches around everything
_EMPTY_BAND: Final = 0.25  # inches: the height of a band with nothing in it


# --------------------------------------------------------------------------- matplotlib


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:
        msg = "drawing needs matplotlib; install it with: pip install 'participatory[plot]'"
        raise CatalogueError(msg) from e
    return plt


@attrs.define
class _Canvas:
    """A figure whose axes span it, with data coordinates in inches (y up)."""

    fig: Any
    ax: Any
    own: bool

    @classmethod
    def new(cls, ax: Any = None) -> "_Canvas":
        plt = _pyplot()
        if ax is not None:
            return cls(fig=ax.figure, ax=ax, own=False)
        fig = plt.figure(figsize=(4.0, 3.0))
        return cls(fig=fig, ax=fig.add_axes((0.0, 0.0, 1.0, 1.0)), own=True)

    def close(self) -> None:
        """Close a figure this canvas made (after an error, so it does not linger in pyplot)."""
        if self.own:
            _pyplot().close(self.fig)

    @property
    def renderer(self) -> Any:
        return self.fig.canvas.get_renderer()

    def text(self, label: str, *, box: tuple[str, str] | None = None, **kw: Any) -> Any:
        """Add a text (in a rounded box of ``box`` = (fill, edge) colours); place it later."""
        # parse_math=False: a "$" in a name is a dollar, not the start of a formula.
        options: dict[str, Any] = {
            "fontsize": FONT,
            "ha": "center",
            "va": "center",
            "zorder": 3,
            "parse_math": False,
        }
        if box is not None:
            options["bbox"] = {"boxstyle": f"round,pad={_PAD}", "fc": box[0], "ec": box[1], "lw": 0.8}
        options.update(kw)
        return self.ax.text(0.0, 0.0, label, **options)

    def size(self, text: Any) -> tuple[float, float]:
        """Width and height of ``text`` in inches, with its box."""
        extent = text.get_window_extent(self.renderer)
        pad = 2 * _PAD * text.get_fontsize() / 72 if text.get_bbox_patch() is not None else 0.0
        return extent.width / self.fig.dpi + pad, extent.height / self.fig.dpi + pad

    def finish(self, width: float, height: float) -> Any:
        """Size the figure to ``width`` x ``height`` inches and return it."""
        if self.own:
            self.fig.set_size_inches(width, height)
        self.ax.set_xlim(0.0, width)
        self.ax.set_ylim(0.0, height)
        self.ax.set_axis_off()
        return self.fig


def _wrap(text: str, width: int = WRAP) -> str:
    """Wrap ``text`` into lines of about ``width`` characters, control characters made spaces."""
    return (
        "\n".join(textwrap.wrap(_clean(text), width, break_long_words=False, break_on_hyphens=False)) or " "
    )


def _clean(text: str) -> str:
    """``text`` on one line: control characters and line breaks become spaces."""
    return " ".join("".join(" " if unicodedata.category(c) in _INVISIBLE else c for c in text).split()) or " "


@attrs.define
class _Titles:
    """The title (what is drawn) and a subtitle (from which catalogue, how many)."""

    title: str
    subtitle: str
    texts: list[Any] = attrs.field(factory=list)

    def add(self, canvas: _Canvas) -> float:
        """Add the texts; return the height they need at the top, in inches."""
        self.texts = [
            canvas.text(
                _wrap(self.title, 90), fontsize=TITLE_FONT, weight="bold", ha="left", va="top", gid="title"
            ),
            canvas.text(
                _wrap(self.subtitle, 120), fontsize=SUBTITLE_FONT, color="#374151", ha="left", va="top"
            ),
        ]
        return sum(canvas.size(t)[1] for t in self.texts) + 0.15 + _MARGIN

    def width(self, canvas: _Canvas) -> float:
        return max(canvas.size(t)[0] for t in self.texts) + 2 * _MARGIN

    def place(self, canvas: _Canvas, height: float) -> None:
        y = height - _MARGIN
        for text in self.texts:
            text.set_position((_MARGIN, y))
            y -= canvas.size(text)[1] + 0.08


def _name(canvas: _Canvas, name: str) -> None:
    """Name what is drawn in the axes' title, for code that reads it (hidden: the title block shows it)."""
    canvas.ax.set_title(name)
    canvas.ax.title.set_visible(False)


# --------------------------------------------------------------------------- the grid


@attrs.define
class _Box:
    key: str
    text: Any
    width: float
    height: float


@attrs.define
class _Band:
    """One row of the grid: a name on the left and a stack of boxes in each column."""

    name: str
    colour: str
    cells: dict[int, list[_Box]] = attrs.field(factory=lambda: defaultdict(list))
    label: Any = None

    def height(self) -> float:
        stacks = [sum(b.height for b in s) + _GAP * (len(s) - 1) for s in self.cells.values() if s]
        return max(stacks, default=_EMPTY_BAND)


def _grid(
    canvas: _Canvas,
    titles: _Titles,
    headers: Sequence[Any],
    bands: Sequence[_Band],
) -> tuple[dict[str, tuple[float, float]], float, float]:
    """Lay out ``bands`` of boxes in columns; return box centres and the figure size.

    ``headers`` are texts above the columns (``None`` for a column without one).
    """
    top = titles.add(canvas)
    names = [canvas.text(b.name, weight="bold", color=b.colour, ha="left") for b in bands]
    for band, name in zip(bands, names, strict=True):
        band.label = name
    left = _MARGIN + max((canvas.size(n)[0] for n in names), default=0.0) + _COLUMN_GAP
    count = len(headers) or 1 + max((c for b in bands for c in b.cells), default=0)
    widths = [0.0] * count
    header_height = 0.0
    for i, header in enumerate(headers):
        if header is not None:
            w, h = canvas.size(header)
            widths[i] = max(widths[i], w)
            header_height = max(header_height, h)
    for band in bands:
        for col, stack in band.cells.items():
            widths[col] = max([widths[col], *(b.width for b in stack)])
    widths = [max(w, 0.4) for w in widths]
    xs = []
    x = left
    for w in widths:
        xs.append(x + w / 2)
        x += w + _COLUMN_GAP
    width = max(x - _COLUMN_GAP + _MARGIN, titles.width(canvas))
    heights = [band.height() for band in bands]
    height = top + (header_height + _BAND_GAP if header_height else 0.0)
    height += sum(heights) + _BAND_GAP * max(len(bands) - 1, 0) + _MARGIN
    # Place from the top down.
    y = height - top
    if header_height:
        for header, cx in zip(headers, xs, strict=False):
            if header is not None:
                header.set_position((cx, y - header_height / 2))
        y -= header_height + _BAND_GAP
    centres: dict[str, tuple[float, float]] = {}
    for band, band_height in zip(bands, heights, strict=True):
        band.label.set_position((_MARGIN, y - band_height / 2))
        for col, stack in band.cells.items():
            total = sum(b.height for b in stack) + _GAP * (len(stack) - 1)
            by = y - (band_height - total) / 2
            for box in stack:
                centre = (xs[col], by - box.height / 2)
                box.text.set_position(centre)
                centres[box.key] = centre
                by -= box.height + _GAP
        y -= band_height + _BAND_GAP
    titles.place(canvas, height)
    return centres, width, height


# --------------------------------------------------------------------------- the graph


def _columns_of(
    graph: "nx.MultiDiGraph[str]", stage_index: Mapping[str, int], kinds: Sequence[str]
) -> dict[str, float]:
    """Return the mean stage column of every node of ``kinds`` (stages: their own)."""
    mean: dict[str, float] = {}
    for node, data in graph.nodes(data=True):
        kind = data.get("kind")
        if kind not in kinds:
            continue
        if node in stage_index:
            mean[node] = float(stage_index[node])
            continue
        near = {*graph.successors(node), *graph.predecessors(node)}
        cols = [stage_index[n] for n in near if n in stage_index]
        if not cols:  # via the techniques it is linked to
            cols = [stage_index[s] for t in near for s in graph.successors(t) if s in stage_index]
        mean[node] = sum(cols) / len(cols) if cols else float("nan")
    return mean


#: Most boxes a column of the graph picture aims to stack in one band (more in big graphs).
_STACK: Final = 8


def _balanced(order: Sequence[tuple[str, float]], columns: int) -> dict[str, int]:
    """Give each node its preferred column, or the nearest one with room (most ~1.3 times the mean)."""
    cap = max(2, -(-len(order) * 13 // (10 * columns)) + 1)
    used = [0] * columns
    out: dict[str, int] = {}
    for node, preferred in order:
        ranked = sorted(range(columns), key=lambda c: (abs(c - preferred), c))
        col = next((c for c in ranked if used[c] < cap), ranked[0])
        used[col] += 1
        out[node] = col
    return out


class _GraphLike(Protocol):
    """What :func:`_positions` reads of a graph: its networkx graph and its catalogue."""

    @property
    def nx(self) -> "nx.MultiDiGraph[str]": ...

    @property
    def catalogue(self) -> "Catalogue": ...


def _positions(g: "_GraphLike", kinds: Sequence[str]) -> dict[str, tuple[float, float]]:
    """Return the column (x) and band (y) of every node: stages in order, the rest above or below.

    The stages are spread over the columns in research order (there are more columns
    than stages when there are many techniques, so no column grows too tall).
    Techniques take the column nearest the mean of the stages they fit that has room;
    stakeholders, resources and cases are spread over the columns in the order of the
    stages they are linked to. Nodes linked to no stage go to a last column.
    """
    graph = g.nx
    stages = [f"stage:{sid}" for sid in g.catalogue.stages if f"stage:{sid}" in graph]
    techniques = sum(
        1 for _, d in graph.nodes(data=True) if d.get("kind") == "technique" and "technique" in kinds
    )
    stack = max(_STACK, ceil(1.2 * sqrt(techniques)))  # big catalogues: taller columns, not only more
    columns = max(len(stages), -(-techniques // stack), 1)
    spread = (columns - 1) / (len(stages) - 1) if len(stages) > 1 else 0.0
    index = {
        node: round(i * spread) if len(stages) > 1 else (columns - 1) // 2 for i, node in enumerate(stages)
    }
    mean = _columns_of(graph, index, kinds)
    pos: dict[str, tuple[float, float]] = {}
    by_kind: dict[str, list[str]] = defaultdict(list)
    for node in mean:
        by_kind[str(graph.nodes[node]["kind"])].append(node)
    rows = _rows()
    for kind, nodes in by_kind.items():
        linked = sorted((n for n in nodes if not isnan(mean[n])), key=lambda n: (mean[n], n))
        if kind == "stage":
            cols = {n: index[n] for n in linked}
        elif kind == "technique":
            cols = _balanced([(n, mean[n]) for n in linked], columns)
        elif len(linked) > columns:
            cols = {n: i * columns // len(linked) for i, n in enumerate(linked)}
        else:
            cols = _balanced([(n, mean[n]) for n in linked], columns)
        for node in nodes:
            pos[node] = (float(cols.get(node, columns)), rows[kind])  # column `columns`: no stage
    return pos


@attrs.frozen
class _Focus:
    """What a picture is narrowed to: a phrase for its title, the techniques named, the stages chosen."""

    phrase: str = ""
    techniques: tuple[str, ...] = ()  # node keys of the techniques named with ``technique=``
    stages: tuple[str, ...] = ()  # names of the stages chosen with ``stage=``


#: The longest list of names a title spells out; longer lists are counted ("9 techniques").
_TITLE_NAMES: Final = 48


def _names_or_count(names: Sequence[str], noun: str) -> str:
    """Return the names joined (``A, B and C``), or ``9 chosen techniques`` when that is long."""
    text = _and(names)
    if len(names) > 1 and len(text) > _TITLE_NAMES:
        return f"{len(names)} chosen {noun}"
    return text


def _focus(
    g: "TechniqueGraph", technique: "str | Iterable[str] | None", stage: "str | Iterable[str] | None"
) -> tuple["TechniqueGraph", "nx.MultiDiGraph[str]", _Focus]:
    """Narrow ``g`` to stages and/or techniques; return it, its nodes to draw and what it is narrowed to."""
    from ._export import select

    g2, graph = select(g, stage=stage, technique=technique)
    parts = []
    chosen: tuple[str, ...] = ()
    if technique is not None:
        ids = list(dict.fromkeys([technique] if isinstance(technique, str) else list(technique)))
        chosen = tuple(f"technique:{t}" for t in ids)
        names = _names_or_count([g.catalogue[t].name for t in ids], "techniques")
        parts.append(f"{names} and what {'it links' if len(ids) == 1 else 'they link'} to")
    stages: tuple[str, ...] = ()
    if stage is not None:
        stages = tuple(g2.catalogue[s].name for s in g2.catalogue.stages)
        parts.append("at " + _and(stages))
    return g2, graph, _Focus(" ".join(parts), chosen, stages)


def _and(words: Sequence[str]) -> str:
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def _count_phrase(counts: Mapping[str, int]) -> str:
    return _and([f"{n} {_plural(k) if n != 1 else k}" for k, n in counts.items() if n]) or "nothing"


def _catalogue_title(cat: "Catalogue") -> str:
    return cat.info.title or cat.info.name


def _graph_title(kinds: Sequence[str], focus: _Focus, edges: Sequence[str] | None) -> str:
    """Say what a graph picture shows: its kinds, what it is narrowed to, which links."""
    what = _and([_plural(k) for k in _bands() if k in kinds and k != "stage"]) or "stages"
    if edges is not None and set(edges) == {"fits"} and not focus.techniques:
        if focus.stages:  # titled by the stage: "Techniques that fit Design"
            return f"Techniques that fit {_names_or_count(focus.stages, 'stages')}"
        return "Techniques and the research stages they fit"
    links = f" ({_and(list(edges))} links only)" if edges is not None else ""
    phrase = focus.phrase
    if phrase.startswith("at "):
        return f"{what.capitalize()} {phrase}{links}"
    if phrase:
        return f"{phrase[0].upper()}{phrase[1:]}, across the research stages{links}"
    return f"{what.capitalize()} across the research stages{links}"


def _graph_picture(
    g: "TechniqueGraph",
    graph: "nx.MultiDiGraph[str]",
    kinds: Sequence[str],
    focus: _Focus,
    *,
    canvas: _Canvas,
    labels: bool,
    edges: Sequence[str] | None = None,
) -> Any:
    if edges is not None:  # every node, only these kinds of link
        import networkx as nx

        only: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        only.add_nodes_from(graph.nodes(data=True))
        for u, v, k, d in graph.edges(keys=True, data=True):
            if k in edges:
                only.add_edge(u, v, key=k, **d)
        graph = only
    keep = [n for n, d in graph.nodes(data=True) if d.get("kind") in kinds]
    if focus.phrase or edges is not None:  # leave out people, resources and cases linked to nothing drawn
        shown = graph.subgraph(keep)
        keep = [n for n in keep if graph.nodes[n]["kind"] in ("stage", "technique") or shown.degree(n)]
    drawn = graph.subgraph(keep)
    counts = {
        k: sum(1 for _, d in drawn.nodes(data=True) if d.get("kind") == k) for k in _bands() if k in kinds
    }
    title = _graph_title(kinds, focus, edges)
    titles = _Titles(title, f"{_catalogue_title(g.catalogue)}: {_count_phrase(counts)}")
    # Positions over the drawn nodes and every stage: the columns are the stages, drawn or not.
    stage_nodes = [f"stage:{sid}" for sid in g.catalogue.stages if f"stage:{sid}" in graph]
    placed = _positions(_Narrowed(g, graph.subgraph([*keep, *stage_nodes])), (*kinds, "stage"))
    pos = {n: p for n, p in placed.items() if n in drawn}
    columns = max([int(x) for x, _ in placed.values()] + [0]) + 1
    headers: list[Any] = [None] * columns
    if "stage" not in kinds:  # name the columns above instead
        for node in stage_nodes:
            name = _wrap(str(graph.nodes[node]["name"]), 18)
            headers[int(placed[node][0])] = canvas.text(name, weight="bold", color=_STYLE["stage"][1])
    bands = [_Band(_plural(k).capitalize(), _STYLE[k][1]) for k in _bands() if k in kinds]
    band_of = dict(zip([k for k in _bands() if k in kinds], bands, strict=True))
    order = sorted(pos, key=lambda n: (pos[n][0], str(drawn.nodes[n].get("name", n)).lower()))
    for node in order:
        kind = str(drawn.nodes[node]["kind"])
        label = _wrap(str(drawn.nodes[node].get("name", node))) if labels else ""
        text = canvas.text(label or " ", box=_STYLE[kind])
        w, h = canvas.size(text)
        band_of[kind].cells[int(pos[node][0])].append(_Box(node, text, w, h))
    if not drawn:
        bands = [_Band("Nothing to draw", "#6b7280")]
    centres, width, height = _grid(canvas, titles, headers, bands)
    segments = [(centres[u], centres[v]) for u, v in drawn.edges() if u in centres and v in centres]
    if segments:
        from matplotlib.collections import LineCollection

        canvas.ax.add_collection(
            LineCollection(segments, colors="#6b7280", linewidths=0.6, alpha=0.25, zorder=1)
        )
    return canvas.finish(width, height)


@attrs.define
class _Narrowed:
    """The parts of a TechniqueGraph :func:`_positions` reads, over a narrowed networkx graph."""

    source: "TechniqueGraph"
    nx: "nx.MultiDiGraph[str]"

    @property
    def catalogue(self) -> "Catalogue":
        return self.source.catalogue


# --------------------------------------------------------------------------- matrix and levels


def _techniques(graph: "nx.MultiDiGraph[str]") -> list[str]:
    return [n for n, d in graph.nodes(data=True) if d.get("kind") == "technique"]


def _row_table(
    canvas: _Canvas,
    titles: _Titles,
    rows: Sequence[tuple[str, str]],
    columns: Sequence[str],
    *,
    column_wrap: int = 14,
) -> tuple[list[float], list[float], float, float, float, float]:
    """Lay out a table of row labels and column headers; return cell centres and sizes.

    Returns the x of each column centre, the y of each row centre, the cell width and
    height, and the figure's width and height.
    """
    top = titles.add(canvas)
    row_texts = [canvas.text(_clean(label), ha="right") for _, label in rows]
    head_texts = [canvas.text(_wrap(c, column_wrap), weight="bold", va="bottom") for c in columns]
    label_width = max((canvas.size(t)[0] for t in row_texts), default=0.0)
    row_height = max([canvas.size(t)[1] for t in row_texts] + [0.2]) + 0.06
    column_width = max([canvas.size(t)[0] for t in head_texts] + [row_height]) + 0.12
    header_height = max((canvas.size(t)[1] for t in head_texts), default=0.0)
    left = _MARGIN + label_width + 0.15
    table_width = column_width * len(columns)
    width = max(left + table_width + _MARGIN, titles.width(canvas))
    legend_height = 0.5
    height = top + header_height + 0.1 + row_height * len(rows) + legend_height + _MARGIN
    y0 = height - top - header_height - 0.1
    xs = [left + column_width * (i + 0.5) for i in range(len(columns))]
    ys = [y0 - row_height * (i + 0.5) for i in range(len(rows))]
    for text, y in zip(row_texts, ys, strict=True):
        text.set_position((left - 0.1, y))
    for text, x in zip(head_texts, xs, strict=True):
        text.set_position((x, y0 + 0.05))
    from matplotlib.patches import Rectangle

    for i, y in enumerate(ys):
        if i % 2 == 0:
            canvas.ax.add_patch(
                Rectangle(
                    (_MARGIN, y - row_height / 2),
                    left - _MARGIN + table_width,
                    row_height,
                    fc="#f3f4f6",
                    ec="none",
                    zorder=0,
                )
            )
    titles.place(canvas, height)
    return xs, ys, column_width, row_height, width, height


def _level_legend(canvas: _Canvas, y: float, x: float, label: str) -> None:
    from ._model import Level

    canvas.text(label, ha="left").set_position((x, y))
    x += canvas.size(canvas.ax.texts[-1])[0] + 0.15
    for lv in Level:
        text = canvas.text(
            lv.value, box=(_LEVEL_FILL[lv.rank], "#0c4a6e"), color=_LEVEL_TEXT[lv.rank], ha="left"
        )
        text.set_position((x + _PAD * FONT / 72, y))
        x += canvas.size(text)[0] + 0.1


def _rows_of(graph: "nx.MultiDiGraph[str]", focus: _Focus) -> list[str]:
    """Return the techniques a matrix or levels picture has a row for: those named, or all drawn."""
    if focus.techniques:  # only the techniques asked for, not the ones they pair with
        return [t for t in focus.techniques if t in graph]
    return _techniques(graph)


def _table_title(question: str, focus: _Focus, graph: "nx.MultiDiGraph[str]") -> str:
    """Return a matrix's or levels picture's title: the question, and what was chosen."""
    if focus.techniques:
        names = [str(graph.nodes[t]["name"]) for t in focus.techniques if t in graph]
        return f"{question}: {_names_or_count(names, 'techniques')}"
    return question + (f", {focus.phrase}" if focus.phrase else "")


def _matrix_picture(
    g: "TechniqueGraph", graph: "nx.MultiDiGraph[str]", focus: _Focus, canvas: _Canvas
) -> Any:
    from matplotlib.patches import Rectangle

    from ._model import Level

    cat = g.catalogue
    stages = [sid for sid in cat.stages if f"stage:{sid}" in graph]
    index = {f"stage:{sid}": i for i, sid in enumerate(stages)}
    techs = _rows_of(graph, focus)
    rows_of = set(techs)
    fits: dict[tuple[str, str], int] = {}
    for u, v, kind, data in graph.edges(keys=True, data=True):
        if kind == "fits" and v in index and u in rows_of:
            levels = [Level.parse(x) for x in str(data.get("levels") or "").split("; ") if x]
            tech = cat[str(graph.nodes[u]["record_id"])]
            deepest = max(levels or list(getattr(tech, "levels", ())) or [Level.INFORM])
            fits[u, v] = deepest.rank
    techs.sort(
        key=lambda t: (
            min((index[v] for (u, v) in fits if u == t), default=len(stages)),
            str(graph.nodes[t]["name"]).lower(),
        )
    )
    if focus.techniques:  # only the stages the chosen techniques fit
        used = {v for (_, v) in fits}
        stages = [sid for sid in stages if f"stage:{sid}" in used] or stages
        index = {f"stage:{sid}": i for i, sid in enumerate(stages)}
    title = _table_title("Which technique fits which research stage", focus, graph)
    titles = _Titles(
        title,
        f"{_catalogue_title(cat)}: {len(techs)} techniques by {len(stages)} stages; "
        "colour: deepest level of involvement",
    )
    rows = [(t, str(graph.nodes[t]["name"])) for t in techs]
    names = [cat[s].name for s in stages]
    xs, ys, cw, rh, width, height = _row_table(canvas, titles, rows, names)
    for (node, stage), rank in fits.items():
        x, y = xs[index[stage]], ys[techs.index(node)]
        side = min(cw, rh) * 0.8
        canvas.ax.add_patch(
            Rectangle(
                (x - side / 2, y - side / 2), side, side, fc=_LEVEL_FILL[rank], ec="#0c4a6e", lw=0.5, zorder=2
            )
        )
    _level_legend(canvas, _MARGIN + 0.15, _MARGIN, "Deepest level:")
    return canvas.finish(width, height)


def _levels_picture(
    g: "TechniqueGraph", graph: "nx.MultiDiGraph[str]", focus: _Focus, canvas: _Canvas
) -> Any:
    from ._model import Level

    cat = g.catalogue
    techs = [cat.techniques[str(graph.nodes[t]["record_id"])] for t in _rows_of(graph, focus)]
    with_levels = sorted(
        (t for t in techs if t.levels),
        key=lambda t: (min(t.levels).rank, max(t.levels).rank, t.name.lower()),
    )
    missing = len(techs) - len(with_levels)
    title = _table_title("How deep each technique involves people", focus, graph)
    note = f"; {missing} without levels not shown" if missing else ""
    titles = _Titles(
        title,
        f"{_catalogue_title(cat)}: range of levels of {len(with_levels)} techniques, lowest to deepest{note}",
    )
    rows = [(t.id, t.name) for t in with_levels]
    xs, ys, _, _, width, height = _row_table(canvas, titles, rows, [lv.value for lv in Level], column_wrap=12)
    for tech, y in zip(with_levels, ys, strict=True):
        low, high = min(tech.levels).rank, max(tech.levels).rank
        canvas.ax.plot(
            [xs[low], xs[high]], [y, y], color="#1e3a8a", lw=3, solid_capstyle="round", zorder=2, alpha=0.35
        )
        ranks = [lv.rank for lv in tech.levels]
        canvas.ax.scatter(
            [xs[r] for r in ranks],
            [y] * len(ranks),
            s=28,
            c=[_LEVEL_FILL[r] for r in ranks],
            edgecolors="#0c4a6e",
            linewidths=0.6,
            zorder=3,
        )
    _level_legend(canvas, _MARGIN + 0.15, _MARGIN, "Levels:")
    return canvas.finish(width, height)


# --------------------------------------------------------------------------- entry points


def _edge_kinds(edges: "str | Iterable[str] | None") -> tuple[str, ...] | None:
    """Return the kinds of link to draw (``None``: every kind), refusing unknown ones."""
    if edges is None:
        return None
    wanted = tuple(e.strip() for e in ([edges] if isinstance(edges, str) else edges))
    for edge in wanted:
        if edge not in EDGE_KINDS:
            from ._schema import did_you_mean

            hint = did_you_mean(edge, EDGE_KINDS)
            links = ", ".join(EDGE_KINDS)
            raise CatalogueError(f"draw() has no kind of link {edge!r}{hint} (links: {links})")
    return wanted


def draw(
    g: "TechniqueGraph",
    kind: str = "graph",
    *,
    kinds: Iterable[str] | None = None,
    technique: "str | Iterable[str] | None" = None,
    stage: "str | Iterable[str] | None" = None,
    ax: Any = None,
    labels: bool = True,
    edges: "str | Iterable[str] | None" = None,
) -> Any:
    """Draw ``g`` (see :meth:`TechniqueGraph.draw`) and return the figure."""
    if kind not in KINDS_OF_PICTURE:
        from ._schema import did_you_mean

        hint = did_you_mean(kind, KINDS_OF_PICTURE)
        raise CatalogueError(f"draw() cannot draw a {kind!r}{hint} (pictures: {', '.join(KINDS_OF_PICTURE)})")
    links = _edge_kinds(edges)
    if kinds is None and links is not None:  # the kinds the links join
        ends = {k for e in links for k in EDGE_KINDS[e][:2]}
        wanted: tuple[str, ...] = tuple(k for k in _bands() if k in ends)
    elif kinds is None:
        wanted = _bands() if technique is not None else ("stage", "technique", "stakeholder")
    else:
        wanted = tuple(kinds)
    unknown = [k for k in wanted if k not in _bands()]
    if unknown:
        msg = f"draw() cannot draw {unknown[0]!r}; kinds of node: {', '.join(_bands())}"
        raise CatalogueError(msg)
    g2, graph, focus = _focus(g, technique, stage)
    canvas = _Canvas.new(ax)
    try:
        if kind == "matrix":
            fig = _matrix_picture(g2, graph, focus, canvas)
        elif kind == "levels":
            fig = _levels_picture(g2, graph, focus, canvas)
        else:
            fig = _graph_picture(g2, graph, wanted, focus, canvas=canvas, labels=labels, edges=links)
    except BaseException:
        canvas.close()
        raise
    _name(canvas, _catalogue_title(g.catalogue))
    return fig


def draw_plan(plan: "Plan", catalogue: "Catalogue", *, ax: Any = None) -> Any:
    """Draw a plan's activities across the stages (columns) and levels (rows); return the figure.

    Every stage of the catalogue is a column, in research order, so stages with no
    activity show as gaps. Activities are numbered from 1 as in the plan.
    """
    from ._model import Level

    canvas = _Canvas.new(ax)
    stage_ids = list(catalogue.stages)
    extra = [a.stage for a in plan.activities if a.stage not in catalogue.stages]
    stage_ids += list(dict.fromkeys(extra))
    column = {sid: i for i, sid in enumerate(stage_ids)}
    used = len({a.stage for a in plan.activities})
    titles = _Titles(
        f"{plan.title}: involvement across the research stages",
        f"{len(plan.activities)} activities at {used} of {len(stage_ids)} stages, by level of involvement "
        f"(catalogue: {_catalogue_title(catalogue)})",
    )
    headers = [
        canvas.text(
            _wrap(catalogue.stages[s].name if s in catalogue.stages else s, 16),
            box=_STYLE["stage"],
            weight="bold",
        )
        for s in stage_ids
    ]
    bands = {lv: _Band(lv.value, "#0c4a6e") for lv in reversed(list(Level))}
    for i, act in enumerate(plan.activities, start=1):
        name = act.name or (
            catalogue.techniques[act.technique].name
            if act.technique in catalogue.techniques
            else act.technique
        )
        text = canvas.text(
            _wrap(f"{i}. {name}", 20),
            box=(_LEVEL_FILL[act.level.rank], "#0c4a6e"),
            color=_LEVEL_TEXT[act.level.rank],
        )
        w, h = canvas.size(text)
        bands[act.level].cells[column[act.stage]].append(_Box(f"activity:{i}", text, w, h))
    _, width, height = _grid(canvas, titles, headers, list(bands.values()))
    left = _MARGIN + max(canvas.size(band.label)[0] for band in bands.values())
    for band in bands.values():  # a faint line along each level, to read across the stages
        y = band.label.get_position()[1]
        canvas.ax.plot([left + 0.1, width - _MARGIN], [y, y], color="#cbd5e1", lw=0.8, zorder=0)
    _name(canvas, plan.title)
    return canvas.finish(width, height)
