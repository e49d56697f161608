"""Notebook and terminal displays: ``_repr_html_`` bodies and plain-text tables.

Modelled on xarray's ``formatting_html``: every piece of text is escaped with
:func:`html.escape`; the CSS is static (no JavaScript); and each display carries a
plain-text ``<pre>`` fallback that an untrusted notebook (which strips the CSS)
shows instead of the unstyled HTML.
"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from html import escape
from typing import TYPE_CHECKING

import attrs

from ._model import GroupSize, Record, Source
from ._results import cell_text

if TYPE_CHECKING:
    from ._catalogue import Catalogue
    from ._graph import Coverage, TechniqueGraph

__all__ = [
    "catalogue_html",
    "coverage_html",
    "graph_html",
    "record_html",
    "record_text",
    "table_html",
    "text_table",
    "wrap",
]

_CSS = """
.pr-repr .pr-text-fallback { display: none; }
.pr-repr .pr-html { display: block !important; font-size: 0.9em; }
.pr-repr .pr-kind { font-size: 0.8em; text-transform: uppercase; letter-spacing: 0.05em;
  padding: 0 0.4em; border: 1px solid currentColor; border-radius: 3px; opacity: 0.7; }
.pr-repr .pr-id { font-family: monospace; opacity: 0.7; }
.pr-repr table.pr-table { border-collapse: collapse; }
.pr-repr table.pr-table th, .pr-repr table.pr-table td { text-align: left; vertical-align: top;
  padding: 0.15em 0.6em; border-bottom: 1px solid rgba(127, 127, 127, 0.3); }
.pr-repr dl.pr-fields { display: grid; grid-template-columns: max-content auto;
  gap: 0.1em 1em; margin: 0.3em 0; }
.pr-repr dl.pr-fields dt { font-weight: bold; }
.pr-repr dl.pr-fields dd { margin: 0; }
.pr-repr details > summary { cursor: pointer; }
.pr-repr .pr-more { opacity: 0.7; font-style: italic; }
"""

_TEXT_WIDTH = 40
_INLINE_ITEMS, _INLINE_WIDTH = 3, 60  # longer lists fold into <details>
_LISTED = 200


@cache
def _style() -> str:
    return f"<style>{_CSS}</style>"


def wrap(text: str, body: str) -> str:
    """Wrap an HTML body with the stylesheet and a plain-text fallback."""
    return (
        f"<div class='pr-repr'>{_style()}<pre class='pr-text-fallback'>{escape(text)}</pre>"
        f"<div class='pr-html' style='display:none'>{body}</div></div>"
    )


def _link(url: str, text: str | None = None) -> str:
    shown = escape(text if text is not None else url)
    if url.startswith(("https://", "http://")):
        return f"<a href='{escape(url, quote=True)}' target='_blank' rel='noopener'>{shown}</a>"
    return shown


def _clip(text: str, width: int = _TEXT_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


# --------------------------------------------------------------------------- tables


def aligned(rows: Sequence[Sequence[str]]) -> list[str]:
    """Pad the cells of ``rows`` (the first is the header) into aligned columns, two spaces apart."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]


def text_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]], total: int) -> str:
    """Render rows as aligned plain text, with a caption and an ``... N more`` line."""
    lines = [f"{title} ({total})" if title else f"({total} rows)"]
    if total:
        lines.extend(aligned([list(columns), *([_clip(c) for c in row] for row in rows)]))
    if total > len(rows):
        lines.append(f"... and {total - len(rows)} more")
    return "\n".join(lines)


def table_html(
    title: str, columns: Sequence[str], rows: Sequence[Sequence[str]], total: int, text: str
) -> str:
    """Render rows as an HTML table (every cell escaped) with a text fallback."""
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    more = f"<div class='pr-more'>... and {total - len(rows)} more</div>" if total > len(rows) else ""
    caption = f"<b>{escape(title)}</b> ({total})" if title else f"({total} rows)"
    table = (
        f"<table class='pr-table'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        if total
        else ""
    )
    return wrap(text, f"<div>{caption}</div>{table}{more}")


# --------------------------------------------------------------------------- records


def _value_html(value: object) -> str:
    if isinstance(value, Source):
        label = value.title + (
            f" ({value.publisher}, {value.year})" if value.publisher and value.year else ""
        )
        return _link(value.url, label)
    if isinstance(value, GroupSize):
        return escape(_group_text(value))
    if attrs.has(cls := type(value)):
        fields = [(f.name, getattr(value, f.name)) for f in attrs.fields(cls)]
        return escape("; ".join(f"{k}: {cell_text(v)}" for k, v in fields if v not in (None, "", ())))
    if isinstance(value, tuple):
        items = [_value_html(v) for v in value]
        if len(items) > _INLINE_ITEMS or any(len(str(v)) > _INLINE_WIDTH for v in value):
            listed = "".join(f"<li>{i}</li>" for i in items)
            return f"<details><summary>{len(items)}</summary><ul>{listed}</ul></details>"
        return ", ".join(items)
    if isinstance(value, str) and value.startswith(("https://", "http://")):
        return _link(value)
    return escape(cell_text(value))


def _group_text(size: GroupSize) -> str:
    if size.max is None:
        return f"{size.min or 1} or more"
    return f"{size.min or 1} to {size.max}"


def _fields(rec: Record) -> list[tuple[str, object]]:
    skip = {"id", "name", "summary"}
    return [
        (f.name, getattr(rec, f.name))
        for f in attrs.fields(type(rec))
        if f.name not in skip and getattr(rec, f.name) not in (None, "", ())
    ]


def record_text(rec: Record) -> str:
    """Return a record as readable plain text: name, kind and id, summary, then its fields."""
    lines = [f"{rec.name} ({rec.record_kind} {rec.id})"]
    if rec.summary:
        lines.append(rec.summary)
    for name, value in _fields(rec):
        if isinstance(value, GroupSize):
            shown = _group_text(value)
        elif isinstance(value, tuple) and value and isinstance(value[0], Source):
            shown = "; ".join(f"{s.title} <{s.url}>" for s in value)
        elif isinstance(value, tuple) and value and attrs.has(type(value[0])):
            shown = "; ".join(getattr(v, "name", "") or getattr(v, "term", "") for v in value)
        elif isinstance(value, tuple) and any(" " in str(v) for v in value):
            shown = "; ".join(str(v) for v in value)  # sentences: commas would blur them
        else:
            shown = cell_text(value)
        lines.append(f"  {name.replace('_', ' ')}: {shown}")
    return "\n".join(lines)


def record_html(rec: Record) -> str:
    """Return a record as HTML: a heading, its summary and a list of its non-empty fields."""
    head = (
        f"<div><span class='pr-kind'>{escape(rec.record_kind)}</span> "
        f"<b>{escape(rec.name)}</b> <span class='pr-id'>{escape(rec.id)}</span></div>"
    )
    summary = f"<p>{escape(rec.summary)}</p>" if rec.summary else ""
    rows = "".join(
        f"<dt>{escape(name.replace('_', ' '))}</dt><dd>{_value_html(value)}</dd>"
        for name, value in _fields(rec)
    )
    fields = f"<dl class='pr-fields'>{rows}</dl>" if rows else ""
    return wrap(record_text(rec), head + summary + fields)


# --------------------------------------------------------------------------- catalogue, graph


def _listing(kind: str, records: Mapping[str, Record]) -> str:
    shown = list(records.values())[:_LISTED]
    items = "".join(f"<li><span class='pr-id'>{escape(r.id)}</span> {escape(r.name)}</li>" for r in shown)
    more = (
        f"<li class='pr-more'>... and {len(records) - len(shown)} more</li>"
        if len(records) > len(shown)
        else ""
    )
    return f"<details><summary>{escape(kind)}s ({len(records)})</summary><ul>{items}{more}</ul></details>"


def catalogue_html(cat: "Catalogue") -> str:
    """Return a catalogue as HTML: its metadata, then a collapsible list per kind of record."""
    from ._model import KINDS

    info = cat.info
    title = info.title or info.name
    meta = [
        ("name", escape(info.name)),
        ("version", escape(info.version)),
        ("licence", escape(info.licence)),
        ("home page", _link(info.url) if info.url else ""),
        ("extends", escape(", ".join(info.extends))),
        ("members", escape(", ".join(m.name for m in cat.members)) if len(cat.members) > 1 else ""),
    ]
    rows = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in meta if v)
    head = f"<div><span class='pr-kind'>catalogue</span> <b>{escape(title)}</b></div>"
    desc = f"<p>{escape(info.description)}</p>" if info.description else ""
    kinds = "".join(_listing(k, cat.of_kind(k)) for k in KINDS if cat.of_kind(k))
    return wrap(repr(cat), f"{head}{desc}<dl class='pr-fields'>{rows}</dl>{kinds}")


def _count_rows(counts: Iterable[tuple[str, int]]) -> str:
    return "".join(f"<tr><td>{escape(k)}</td><td>{n}</td></tr>" for k, n in counts)


def graph_html(g: "TechniqueGraph") -> str:
    """Return a technique graph as HTML: node and edge counts by kind."""
    from ._graph import EDGE_KINDS, NODE_KINDS, _edges

    cat = g.catalogue
    nodes = [(k, len(cat.of_kind(k))) for k in NODE_KINDS]
    edge_counts = Counter(kind for _, _, kind in {(s, t, k) for s, t, k, _ in _edges(cat)})
    edges = [(k, edge_counts[k]) for k in EDGE_KINDS if edge_counts[k]]
    head = f"<div><span class='pr-kind'>graph</span> <b>{escape(cat.info.title or cat.info.name)}</b></div>"
    table = (
        "<table class='pr-table'><thead><tr><th>nodes</th><th></th><th>edges</th><th></th></tr></thead>"
        "<tbody>"
        + "".join(
            "<tr>"
            + (
                f"<td>{escape(nodes[i][0])}</td><td>{nodes[i][1]}</td>"
                if i < len(nodes)
                else "<td></td><td></td>"
            )
            + (
                f"<td>{escape(edges[i][0])}</td><td>{edges[i][1]}</td>"
                if i < len(edges)
                else "<td></td><td></td>"
            )
            + "</tr>"
            for i in range(max(len(nodes), len(edges)))
        )
        + "</tbody></table>"
    )
    return wrap(repr(g), head + table)


def coverage_html(cov: "Coverage") -> str:
    """Return a coverage report as HTML."""

    def row(label: str, ids: tuple[str, ...]) -> str:
        return f"<dt>{escape(label)}</dt><dd>{escape(', '.join(ids)) if ids else '<i>none</i>'}</dd>"

    body = (
        f"<div><b>Coverage of {len(cov.techniques)} technique(s)</b></div><dl class='pr-fields'>"
        + row("stages covered", cov.stages_covered)
        + row("stages missed", cov.stages_missed)
        + row("stakeholders covered", cov.stakeholders_covered)
        + row("stakeholders missed", cov.stakeholders_missed)
        + "</dl>"
    )
    return wrap(str(cov), body)
