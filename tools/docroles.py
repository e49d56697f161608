"""Sphinx cross-reference roles in docstrings, shown as code on the docs site.

The docstrings follow numpydoc and cross-reference with Sphinx roles (``:class:`Plan```,
``:meth:`~participatory.Catalogue.graph```), which MkDocs does not know: left alone they
show as literal text. This is the one rule both generators apply: a role becomes its
target as code (the last part only after ``~``; the title of ``title <target>``), linked
to the API reference where the reference has that name.
"""

import html
import re
from collections.abc import Callable

#: A role in docstring text: ``:class:`Plan```, ``:py:meth:`~a.b``` ...
ROLE = re.compile(r":(?:py:)?(?:class|meth|func|attr|data|mod|exc|obj|const):`([^`]+)`")
#: The same role after Markdown rendered its backticks: ``:class:<code>Plan</code>``.
ROLE_HTML = re.compile(r":(?:py:)?(?:class|meth|func|attr|data|mod|exc|obj|const):<code>(.*?)</code>")
_TITLED = re.compile(r"^(?P<title>.+?)\s*<(?P<target>[^<>]+)>$")


def split(reference: str) -> tuple[str, str]:
    """Return what a role shows and what it points to: ``("graph", "participatory.Catalogue.graph")``.

    >>> split("~participatory.Catalogue.graph")
    ('graph', 'participatory.Catalogue.graph')
    >>> split("Catalogue.graph() <participatory.Catalogue.graph>")
    ('Catalogue.graph()', 'participatory.Catalogue.graph')
    >>> split("Plan")
    ('Plan', 'Plan')
    """
    titled = _TITLED.match(reference)
    if titled:
        return titled["title"], titled["target"].lstrip("~")
    if reference.startswith("~"):
        return reference[1:].rsplit(".", 1)[-1], reference[1:]
    return reference, reference


def plain(text: str) -> str:
    """Return docstring text with each role as a literal: ``:class:`Plan``` -> ````Plan````.

    >>> plain("See :meth:`~participatory.Catalogue.graph` and :class:`Plan`.")
    'See ``graph`` and ``Plan``.'
    """
    return ROLE.sub(lambda m: f"``{split(m[1])[0]}``", text)


def in_html(page: str, anchor: Callable[[str], str | None]) -> str:
    """Return rendered HTML with each role as ``<code>``, linked when ``anchor(target)`` gives a URL."""

    def code(match: re.Match[str]) -> str:
        shown, target = split(html.unescape(match[1]))
        element = f"<code>{html.escape(shown, quote=False)}</code>"
        href = anchor(target)
        return f'<a href="{html.escape(href)}">{element}</a>' if href else element

    return ROLE_HTML.sub(code, page)
