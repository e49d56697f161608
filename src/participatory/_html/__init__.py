"""The presentation layer: every piece of HTML the library produces is built here.

One escaping policy and one link policy, used by the notebook reprs, the reports and the
website alike (modelled on xarray's ``formatting_html``):

- every piece of text is escaped (:func:`escape`), so markup in any catalogue text is inert;
- only ``http`` and ``https`` addresses become links (:func:`safe_url`, :func:`link`);
  anything else (``javascript:``, ``data:``, a relative path) is shown as text.

This module imports nothing from the rest of the package, so any layer's convenience
(``_repr_html_``) may call it without creating an import cycle.
"""

import re
from html import escape as _escape

__all__ = ["NO_DATE", "Safe", "bdi", "dated", "escape", "isolate", "link", "mail_address", "safe_url"]

#: An email address as people write it: no spaces, quotes or angle brackets, one "@", a dot after it.
_MAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")

_SCHEMES = ("https://", "http://")

#: What a citation shows for a page that prints no date (APA's "no date").
NO_DATE = "n.d."


def dated(year: object) -> str:
    """Return a citation's year as shown: the year, or ``"n.d."`` for an undated page.

    >>> dated(2019), dated(None)
    ('2019', 'n.d.')
    """
    return str(year) if year else NO_DATE


class Safe(str):
    """HTML built by this package from escaped parts; :func:`escape` leaves it as it is."""

    __slots__ = ()


def escape(text: object) -> str:
    """Return ``text`` as HTML-safe text (``&``, ``<``, ``>``, both quotes escaped).

    A :class:`Safe` string (HTML this package built) is returned as it is.

    >>> escape("<b>Tom & Jerry's</b>")
    '&lt;b&gt;Tom &amp; Jerry&#x27;s&lt;/b&gt;'
    >>> escape(Safe("<i>ok</i>"))
    '<i>ok</i>'
    """
    if isinstance(text, Safe):
        return text
    return _escape(str(text), quote=True)


def bdi(text: object) -> Safe:
    """Return ``text``, escaped, in a ``<bdi>`` element: text from a record is isolated.

    A name or summary in Arabic or Hebrew keeps its own direction inside the element and
    cannot reorder the words around it ("Name (3)" stays in that order), as HTML's
    ``<bdi>`` (``unicode-bidi: isolate`` and ``dir=auto``) guarantees.

    >>> bdi("<b>x</b>")
    '<bdi>&lt;b&gt;x&lt;/b&gt;</bdi>'
    """
    return Safe(f"<bdi>{escape(text)}</bdi>")


#: Unicode's first strong isolate and pop directional isolate: ``<bdi>`` for plain text.
_FSI, _PDI = "\u2068", "\u2069"


def isolate(text: object) -> str:
    """Return ``text`` between Unicode isolates (FSI ... PDI), for where no element can go.

    A page's ``<title>`` and attribute values are plain text: the isolate characters do
    there what ``<bdi>`` does in the page, so a right-to-left name cannot reorder the
    rest of the title. Escape the result as any other text.

    >>> isolate("abc") == "\u2068abc\u2069"
    True
    """
    return f"{_FSI}{text}{_PDI}"


def safe_url(url: str) -> str | None:
    """Return ``url`` if it may become a link (``http`` or ``https``), else ``None``.

    The scheme is compared case-insensitively after stripping the white space and
    control characters that browsers ignore, so ``" JaVaScRiPt:..."`` is never a link.

    >>> safe_url("https://example.org/a")
    'https://example.org/a'
    >>> safe_url("javascript:alert(1)") is None
    True
    """
    cleaned = "".join(ch for ch in url if ch > " ").lower()
    if cleaned.startswith(_SCHEMES) and len(cleaned) > len("https://"):
        return url.strip()
    return None


def link(url: str, text: str | None = None, *, new_tab: bool = False) -> Safe:
    """Return an escaped ``<a>`` element for an http(s) ``url``, else the escaped text.

    >>> link("https://example.org", "Example")
    '<a href="https://example.org">Example</a>'
    >>> link("javascript:alert(1)", "x")
    'x'
    """
    shown = escape(text if text is not None else url)
    href = safe_url(url)
    if href is None:
        return Safe(shown)
    extra = ' target="_blank" rel="noopener"' if new_tab else ""
    return Safe(f'<a href="{escape(href)}"{extra}>{shown}</a>')


def mail_address(text: str) -> str | None:
    """Return the email address in ``text`` (``x@y.org`` or ``mailto:x@y.org``), or ``None``.

    Only a plain address qualifies, so a ``mailto:`` link made from it carries no other
    header or body than the ones the page adds.

    >>> mail_address("mailto:ppi@example.org"), mail_address("ppi@example.org?bcc=x@y.z")
    ('ppi@example.org', None)
    """
    address = text.strip().removeprefix("mailto:")
    return address if _MAIL.fullmatch(address) else None
