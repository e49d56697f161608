"""Printable pages of the paperwork around a plan: budgets, adverts, recognition, summaries.

Each page is one accessible HTML document (``lang``, a skip link, header, main and footer
landmarks, headings in order, high-contrast colours, no JavaScript, print-friendly), built
from plain data: a title, sections of paragraphs or lists, optional tables, citations.
Every piece of text goes through :func:`participatory._html.escape`; links only through
:func:`participatory._html.link`. Like the rest of the presentation layer, this module
imports nothing from the rest of the package at run time.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import escape, link
from ._text import citation_label

if TYPE_CHECKING:
    from .._budget import Budget
    from .._paperwork import Paper, Section

__all__ = ["budget_document", "page", "paper_document", "paper_html", "sections_html", "table"]

_CSS = """
body { font-family: system-ui, sans-serif; line-height: 1.5; color: #1b1b1b; background: #ffffff;
       max-width: 48rem; margin: 0 auto; padding: 1rem; }
a { color: #0b4f8a; }
a:focus, a:hover { outline: 2px solid #0b4f8a; }
table { border-collapse: collapse; margin: 0.5rem 0; }
caption { text-align: left; font-weight: bold; }
th, td { text-align: left; vertical-align: top; padding: 0.2rem 0.6rem; border-bottom: 1px solid #595959; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.gaps li { background: #fff4e5; border-left: 4px solid #8a4b00; padding: 0.25rem 0.5rem; }
.skip { position: absolute; left: -999rem; }
.skip:focus { position: static; }
footer { border-top: 1px solid #595959; margin-top: 2rem; font-size: 0.95rem; }
@media print { .skip { display: none; } a { color: #000000; } section { break-inside: avoid; } }
"""


def sections_html(sections: "Sequence[Section]", level: int = 2, prefix: str = "s") -> str:
    """Return sections as HTML, headings from ``level``, every text escaped."""
    h = f"h{level}"
    out = []
    for n, sec in enumerate(sections, 1):
        anchor = f"{escape(prefix)}-{n}"
        parts = [f'<section aria-labelledby="{anchor}">', f'<{h} id="{anchor}">{escape(sec.heading)}</{h}>']
        parts += [f"<p>{escape(p)}</p>" for p in sec.paragraphs]
        if sec.items:
            parts.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in sec.items) + "</ul>")
        if sec.gaps:
            parts.append(
                '<ul class="gaps">'
                + "".join(f"<li><strong>Gap:</strong> {escape(g)}</li>" for g in sec.gaps)
                + "</ul>"
            )
        parts.append("</section>")
        out.append("\n".join(parts))
    return "\n".join(out)


def table(
    caption: str, columns: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()
) -> str:
    """Return an HTML table with a caption and header cells, every cell escaped."""
    num = set(numeric)

    def cls(i: int) -> str:
        return ' class="num"' if i in num else ""

    head = "".join(f'<th scope="col"{cls(i)}>{escape(c)}</th>' for i, c in enumerate(columns))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{escape(c)}</td>" for i, c in enumerate(row)) + "</tr>" for row in rows
    )
    return (
        f"<table><caption>{escape(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def page(
    title: str,
    body: str,
    *,
    intro: Sequence[str] = (),
    footer: Sequence[str] = (),
    sources: Sequence[object] = (),
    lang: str = "en",
) -> str:
    """Return one accessible HTML page: ``body`` is HTML built here; everything else is text."""
    intro_html = "".join(f"<p>{escape(p)}</p>" for p in intro)
    foot = "".join(f"<p>{escape(p)}</p>" for p in footer)
    cited = "".join(f"<li>{link(str(getattr(s, 'url', '')), citation_label(s))}</li>" for s in sources)
    cited_html = f"<p>Sources</p><ul>{cited}</ul>" if cited else ""
    return f"""<!DOCTYPE html>
<html lang="{escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{_CSS}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header>
<h1>{escape(title)}</h1>
{intro_html}
</header>
<main id="main">
{body}
</main>
<footer>
{foot}
{cited_html}
</footer>
</body>
</html>
"""


def budget_document(budget: "Budget") -> str:
    """Return a budget as one printable page: the table by activity and year, then every line."""
    columns, rows = budget.table()
    numeric = range(2, len(columns))
    parts = [table("Cost by activity", columns, rows, numeric)]
    lines = [
        [
            "undated" if r["year"] is None else str(r["year"]),
            str(r["activity"]),
            r["cost"],
            r["calculation"],
            budget.money(r["amount"]),
        ]
        for r in budget.rows()
    ]
    parts.append(table("Budget lines", ["year", "activity", "cost", "calculation", "amount"], lines, [4]))
    if budget.notes:
        parts.append(
            "<h2>Not costed</h2><ul>" + "".join(f"<li>{escape(n)}</li>" for n in budget.notes) + "</ul>"
        )
    intro = [f"Total: {budget.money(budget.total)}."]
    pol = budget.policy
    if pol is not None:
        intro.append(f"Rates from {pol.name} ({pol.publisher}, version {pol.version or 'not stated'}).")
    sources = list(pol.sources) if pol is not None else []
    return page(
        f"Involvement budget: {budget.plan}",
        "\n".join(parts),
        intro=intro,
        footer=["Every line is rounded to the penny; totals are sums of rounded lines."],
        sources=sources,
    )


def _paper_body(paper: "Paper", level: int) -> str:
    parts = [sections_html(paper.sections, level=level, prefix=paper.kind)]
    h = f"h{level}"
    if paper.missing:
        parts.append(
            f'<{h}>Not complete yet</{h}><ul class="gaps">'
            + "".join(f"<li><strong>Gap:</strong> {escape(m)}</li>" for m in paper.missing)
            + "</ul>"
        )
    report = paper.readability
    if report is not None:
        parts.append(
            f"<{h}>Readability</{h}><p>Measured on the text above, without gaps.</p><ul>"
            + "".join(f"<li>{escape(line)}</li>" for line in report.lines())
            + "</ul>"
        )
    return "\n".join(parts)


def paper_document(paper: "Paper") -> str:
    """Return a piece of paperwork (advert, recognition, summary) as one printable page."""
    return page(paper.title, _paper_body(paper, 2), intro=paper.intro, sources=paper.sources)


def paper_html(paper: "Paper") -> str:
    """Return a piece of paperwork for a notebook: its title and sections."""
    intro = "".join(f"<p>{escape(p)}</p>" for p in paper.intro)
    return f"<div><h2>{escape(paper.title)}</h2>{intro}{_paper_body(paper, 3)}</div>"
