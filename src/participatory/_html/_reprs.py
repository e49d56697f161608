"""Notebook displays: the ``_repr_html_`` bodies of every object the library returns.

Modelled on xarray's ``formatting_html``: every piece of text goes through the one
escaping policy (:func:`participatory._html.escape`), only http(s) addresses become
links (:func:`participatory._html.link`), the CSS is static (no JavaScript), and each
display carries a plain-text ``<pre>`` fallback that an untrusted notebook (which strips
the CSS) shows instead of the unstyled HTML. Tables share one layout: a caption, header
cells for every column, left-aligned cells (JupyterLab and nbconvert right-align bare
tables), and ``... and N more`` when rows are cut.

This module imports nothing from the rest of the package at run time (only for typing),
so the records', catalogue's and consumers' ``_repr_html_`` may call it without creating
an import cycle: they hand it their data, it returns HTML.
"""

from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING

import attrs

from .._schema import activity_name
from . import Safe, escape, link
from ._text import cell_text, citation_label, fields_of, group_text, is_citation, is_group_size, record_text

if TYPE_CHECKING:
    from .._audit import Audit
    from .._budget import Budget
    from .._catalogue import Catalogue
    from .._graph import Coverage
    from .._model import Record
    from .._plan import Plan
    from .._readability import CatalogueReadability, ReadabilityReport
    from .._report import Report
    from .._suggest import Suggestion
    from .._usage import Outcomes

__all__ = [
    "audit_html",
    "budget_html",
    "catalogue_html",
    "catalogue_readability_html",
    "coverage_html",
    "graph_html",
    "outcomes_html",
    "plan_html",
    "readability_html",
    "record_html",
    "report_body_html",
    "suggestion_html",
    "table_html",
    "wrap",
]

_CSS = """
.pr-repr .pr-text-fallback { display: none; }
.pr-repr .pr-html { display: block !important; font-size: 0.9em; }
.pr-repr .pr-kind { font-size: 0.8em; text-transform: uppercase; letter-spacing: 0.05em;
  padding: 0 0.4em; border: 1px solid currentColor; border-radius: 3px; opacity: 0.7; }
.pr-repr .pr-id { font-family: monospace; opacity: 0.7; }
.pr-repr table.pr-table { border-collapse: collapse; margin: 0.3em 0; }
.pr-repr table.pr-table caption { text-align: left; font-weight: bold; padding-bottom: 0.2em; }
.pr-repr table.pr-table th, .pr-repr table.pr-table td { text-align: left; vertical-align: top;
  padding: 0.15em 0.6em; border-bottom: 1px solid rgba(127, 127, 127, 0.3); }
.pr-repr table.pr-table ul { margin: 0; padding-left: 1.1em; }
.pr-repr dl.pr-fields { display: grid; grid-template-columns: max-content auto;
  gap: 0.1em 1em; margin: 0.3em 0; }
.pr-repr dl.pr-fields dt { font-weight: bold; }
.pr-repr dl.pr-fields dd { margin: 0; }
.pr-repr dl.pr-fields dd ul { margin: 0; padding-left: 1.1em; }
.pr-repr details > summary { cursor: pointer; }
.pr-repr .pr-more { opacity: 0.7; font-style: italic; }
.pr-repr .pr-error { font-weight: bold; }
"""

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


def _cell(value: object) -> str:
    """One table cell: pre-built HTML as it is, a list as a list, anything else escaped."""
    if isinstance(value, Safe):
        return value
    if isinstance(value, list | tuple):
        if len(value) > 1:
            return "<ul>" + "".join(f"<li>{_cell(v)}</li>" for v in value) + "</ul>"
        return _cell(value[0]) if value else ""
    return escape(cell_text(value))


def table_html(
    title: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    total: int,
    text: str,
) -> str:
    """Render rows as an HTML table (every cell escaped) with a caption and a text fallback.

    Cells may be text, lists (shown as lists) or :class:`~participatory._html.Safe` HTML.
    """
    head = "".join(f"<th scope='col'>{escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in row) + "</tr>" for row in rows)
    more = f"<div class='pr-more'>... and {total - len(rows)} more</div>" if total > len(rows) else ""
    caption = f"{escape(title)} ({total})" if title else f"({total} rows)"
    if not total:
        return wrap(text, f"<div><b>{caption}</b></div>")
    table = (
        f"<table class='pr-table'><caption>{caption}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )
    return wrap(text, f"{table}{more}")


# --------------------------------------------------------------------------- records


def _citation(value: object) -> str:
    return link(str(getattr(value, "url", "")), citation_label(value), new_tab=True)


def _value_html(value: object) -> str:
    if is_citation(value):
        return _citation(value)
    if is_group_size(value):
        return escape(group_text(value))  # type: ignore[arg-type]
    if attrs.has(cls := type(value)):
        fields = [(f.name, getattr(value, f.name)) for f in attrs.fields(cls)]
        return escape("; ".join(f"{k}: {cell_text(v)}" for k, v in fields if v not in (None, "", ())))
    if isinstance(value, tuple):
        items = [_value_html(v) for v in value]
        if len(items) == 1:
            return items[0]
        listed = "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"  # a list reads as a list
        if len(items) > _INLINE_ITEMS or any(len(str(v)) > _INLINE_WIDTH for v in value):
            return f"<details><summary>{len(items)}</summary>{listed}</details>"
        return listed
    if isinstance(value, str) and value.startswith(("https://", "http://")):
        return link(value, new_tab=True)
    return escape(cell_text(value))


def _heading(kind: str, name: str, rid: str = "") -> str:
    ident = f" <span class='pr-id'>{escape(rid)}</span>" if rid else ""
    return f"<div><span class='pr-kind'>{escape(kind)}</span> <b>{escape(name)}</b>{ident}</div>"


def record_html(rec: "Record") -> str:
    """Return a record as HTML: a heading, its summary and a list of its non-empty fields."""
    summary = f"<p>{escape(rec.summary)}</p>" if rec.summary else ""
    rows = "".join(
        f"<dt>{escape(name.replace('_', ' '))}</dt><dd>{_value_html(value)}</dd>"
        for name, value in fields_of(rec)
    )
    fields = f"<dl class='pr-fields'>{rows}</dl>" if rows else ""
    return wrap(record_text(rec), _heading(rec.record_kind, rec.name, rec.id) + summary + fields)


# --------------------------------------------------------------------------- catalogue, graph


def _listing(kind: str, records: Mapping[str, "Record"]) -> str:
    shown = list(records.values())[:_LISTED]
    items = "".join(f"<li><span class='pr-id'>{escape(r.id)}</span> {escape(r.name)}</li>" for r in shown)
    more = (
        f"<li class='pr-more'>... and {len(records) - len(shown)} more</li>"
        if len(records) > len(shown)
        else ""
    )
    return f"<details><summary>{escape(kind)}s ({len(records)})</summary><ul>{items}{more}</ul></details>"


def _definitions(pairs: Iterable[tuple[str, str]]) -> str:
    rows = "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in pairs if v)
    return f"<dl class='pr-fields'>{rows}</dl>"


def catalogue_html(cat: "Catalogue", kinds: Iterable[str]) -> str:
    """Return a catalogue as HTML: its metadata, then a collapsible list per kind of record."""
    info = cat.info
    meta = [
        ("name", escape(info.name)),
        ("version", escape(info.version)),
        ("licence", escape(info.licence)),
        ("home page", link(info.url, new_tab=True) if info.url else ""),
        ("extends", escape(", ".join(info.extends))),
        ("members", escape(", ".join(m.name for m in cat.members)) if len(cat.members) > 1 else ""),
    ]
    desc = f"<p>{escape(info.description)}</p>" if info.description else ""
    listings = "".join(_listing(k, cat.of_kind(k)) for k in kinds if cat.of_kind(k))
    return wrap(
        repr(cat), _heading("catalogue", info.title or info.name) + desc + _definitions(meta) + listings
    )


def graph_html(
    title: str, nodes: Sequence[tuple[str, int]], edges: Sequence[tuple[str, int]], text: str
) -> str:
    """Return a graph summary as HTML: one table of node counts and one of edge counts by kind."""

    def counts(caption: str, column: str, rows: Sequence[tuple[str, int]]) -> str:
        body = "".join(f"<tr><td>{escape(k)}</td><td>{n}</td></tr>" for k, n in rows)
        return (
            f"<table class='pr-table'><caption>{caption}</caption><thead><tr><th scope='col'>{column}</th>"
            f"<th scope='col'>count</th></tr></thead><tbody>{body}</tbody></table>"
        )

    body = counts("nodes", "node kind", nodes) + (counts("edges", "edge kind", edges) if edges else "")
    return wrap(text, _heading("graph", title) + body)


def coverage_html(cov: "Coverage") -> str:
    """Return a coverage report as HTML."""

    def ids(values: tuple[str, ...]) -> str:
        return escape(", ".join(values)) if values else "<i>none</i>"

    body = f"<div><b>Coverage of {len(cov.techniques)} technique(s)</b></div>" + _definitions(
        [
            ("stages covered", ids(cov.stages_covered)),
            ("stages missed", ids(cov.stages_missed)),
            ("stakeholders covered", ids(cov.stakeholders_covered)),
            ("stakeholders missed", ids(cov.stakeholders_missed)),
        ]
    )
    return wrap(str(cov), body)


# --------------------------------------------------------------------------- plans, audits, suggestions


def _source_link(source: object) -> str:
    return _citation(source) if source is not None else ""


def plan_html(plan: "Plan", text: str) -> str:
    """Return a plan as HTML: its title, catalogues and a table of activities (numbered from 1)."""
    rows = [
        [
            str(n),
            a.stage,
            a.name or a.technique,
            list(a.stakeholders),
            a.level,
            a.mode or "",
            a.when,
        ]
        for n, a in enumerate(plan.activities, 1)
    ]
    title = f"Plan: {plan.title}; catalogues: {', '.join(plan.catalogues)}; activities"
    columns = ("#", "stage", "activity", "stakeholders", "level", "mode", "when")
    return table_html(title, columns, rows, len(rows), text)


def audit_html(audit: "Audit") -> str:
    """Return an audit as HTML: its summary and a table of findings with their sources."""
    rows = [
        [
            Safe(f"<span class='pr-error'>{escape(f.severity)}</span>")
            if f.severity == "error"
            else f.severity,
            f.rule,
            f.message,
            [*(activity_name(i) for i in f.activities), *f.stages],
            Safe(_source_link(f.source)),
        ]
        for f in audit.findings
    ]
    columns = ("severity", "rule", "finding", "where", "source")
    return table_html(f"Audit: {audit.summary()}", columns, rows, len(rows), str(audit))


def budget_html(budget: "Budget") -> str:
    """Return a budget as HTML: cost by activity (and project year), then what was not costed."""
    columns, rows = budget.table()
    body = table_html(f"Budget: {budget.plan}", columns, rows, len(rows), str(budget))
    notes = "".join(f"<li>{escape(n)}</li>" for n in budget.notes)
    return body + (f"<p><b>Not costed</b></p><ul>{notes}</ul>" if notes else "")


def suggestion_html(suggestion: "Suggestion") -> str:
    """Return a suggested plan as HTML: its activities with reasons, notes and what it could not avoid."""
    plan = suggestion.plan
    rows = [
        [str(n), a.stage, a.technique, a.level, why]
        for n, (a, why) in enumerate(zip(plan.activities, suggestion.reasons, strict=True), 1)
    ]
    columns = ("#", "stage", "technique", "level", "why")
    parts = [table_html(f"Suggested plan: {plan.title}", columns, rows, len(rows), str(suggestion))]
    notes = "".join(f"<li>{escape(n)}</li>" for n in suggestion.notes)
    if notes:
        parts.append(f"<p><b>Notes</b></p><ul>{notes}</ul>")
    avoid = "".join(
        f"<li><code>{escape(f.rule)}</code> ({escape(f.severity)}): {escape(f.message)}. "
        f"<em>Why:</em> {escape(w)}</li>"
        for f, w in suggestion.unavoidable
    )
    parts.append(
        f"<p><b>Findings it could not avoid</b></p><ul>{avoid}</ul>"
        if avoid
        else "<p>Passes its own audit.</p>"
    )
    return "".join(parts)


def status_html(columns: Sequence[str], rows: Sequence[Sequence[str]], text: str) -> str:
    """Return the installed catalogues' status table as HTML."""
    return table_html("catalogues", columns, rows, len(rows), text)


def outcomes_html(roll: "Outcomes") -> str:
    """Return a technique's outcome roll-up as HTML: its headline, kinds of change, outcomes."""
    changes = "".join(f"<li>{escape(c)} ({n})</li>" for c, n in roll.changes)
    said = "".join(f"<li>{escape(o)}</li>" for o in roll.outcomes[:_LISTED])
    body = f"<div><b>{escape(str(roll))}</b></div>"
    if changes:
        body += f"<p>Kinds of change</p><ul>{changes}</ul>"
    if said:
        body += f"<p>What changed, in the cases' words</p><ul>{said}</ul>"
    return wrap(str(roll), body)


# --------------------------------------------------------------------------- readability


def readability_html(report: "ReadabilityReport") -> str:
    """Return a readability report as HTML: the grade, then what makes the text harder."""

    def listed(values: Sequence[object]) -> str:
        return "<ul>" + "".join(f"<li>{escape(v)}</li>" for v in values) + "</ul>" if values else "none"

    body = f"<div><b>Flesch-Kincaid grade {report.grade:.1f}</b></div>" + _definitions(
        [
            (
                "sentences",
                escape(f"{report.sentences}, {report.words_per_sentence:.1f} words each on average"),
            ),
            ("long sentences", listed(report.long_sentences)),
            ("long words", escape(", ".join(report.long_words)) or "none"),
            ("passive voice", listed(report.passive)),
            ("jargon", listed([str(j) for j in report.jargon])),
        ]
    )
    return wrap(str(report), body)


def catalogue_readability_html(report: "CatalogueReadability") -> str:
    """Return a catalogue's readability as HTML: median and highest grade per kind of record."""
    columns, rows = report.table()
    return table_html("readability by kind", columns, rows, len(rows), str(report))


# --------------------------------------------------------------------------- reports


def report_body_html(report: "Report", level: int = 2) -> str:
    """Return the items of a filled checklist as HTML sections, headings from ``level``."""
    import re

    h, h2 = f"h{level}", f"h{level + 1}"
    parts = []
    slug = re.sub(r"[^a-z0-9-]", "-", report.checklist.id)
    for n, item in enumerate(report.items, 1):
        anchor = f"{slug}-{n}"
        sec = [f'<section aria-labelledby="{anchor}">', f'<{h} id="{anchor}">{n}. {escape(item.name)}</{h}>']
        if item.prompt:
            sec.append(f'<p class="prompt">{escape(item.prompt)}</p>')
        if item.evidence:
            sec.append(f"<{h2}>From the plan</{h2}><ul>")
            sec += [f"<li>{escape(e)}</li>" for e in item.evidence]
            sec.append("</ul>")
        if item.gaps:
            sec.append(f'<{h2}>Gaps</{h2}><ul class="gaps">')
            sec += [f"<li><strong>Gap:</strong> {escape(g)}</li>" for g in item.gaps]
            sec.append("</ul>")
        if item.questions:
            sec.append(f"<{h2}>Questions to consider</{h2}><ul>")
            sec += [f"<li>{escape(q)}</li>" for q in item.questions]
            sec.append("</ul>")
        sec.append("</section>")
        parts.append("\n".join(sec))
    return "\n".join(parts)


def report_html(report: "Report") -> str:
    """Return a report for a notebook: its title and items."""
    return f"<div><h2>{escape(report.title)}</h2>{report_body_html(report, level=3)}</div>"


def report_document(report: "Report", footer: str) -> str:
    """Return a report as one accessible HTML page (no JavaScript, all text escaped)."""
    checklist = report.checklist
    sources = "".join(f"<li>{link(s.url, citation_label(s))}</li>" for s in checklist.sources)
    summary = f"<p>{escape(checklist.summary)}</p>" if checklist.summary else ""
    gaps = report.gaps
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(report.title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; line-height: 1.5; color: #1b1b1b; background: #ffffff;
       max-width: 48rem; margin: 0 auto; padding: 1rem; }}
a {{ color: #0b4f8a; }}
a:focus, a:hover {{ outline: 2px solid #0b4f8a; }}
.prompt {{ font-style: italic; }}
.gaps li {{ background: #fff4e5; border-left: 4px solid #8a4b00; padding: 0.25rem 0.5rem; }}
.skip {{ position: absolute; left: -999rem; }}
.skip:focus {{ position: static; }}
footer {{ border-top: 1px solid #595959; margin-top: 2rem; font-size: 0.95rem; }}
</style>
</head>
<body>
<a class="skip" href="#main">Skip to the report</a>
<header>
<h1>{escape(report.title)}</h1>
{summary}
<p>{len(report.items)} items; {gaps} gap{"s" if gaps != 1 else ""} marked.</p>
</header>
<main id="main">
{report_body_html(report)}
</main>
<footer>
<p>{escape(footer)}</p>
<ul>{sources}</ul>
</footer>
</body>
</html>
"""
