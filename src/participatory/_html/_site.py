"""The static website's HTML: Jinja2 templates over :func:`participatory._site.site_data`.

Every text goes through Jinja2's autoescaping (the same rule as
:func:`participatory._html.escape`); web addresses go through the ``link`` filter, so
only ``http``/``https`` addresses become links. Nothing on the site is fetched from the
internet: the stylesheet and the two small scripts are in ``static/``.

This module only turns data into text: :func:`render_pages` yields each page's address
and HTML, :func:`static_files` names the files to copy. Writing them, running Pagefind
and swapping the finished site in is :mod:`participatory._publish`'s job.
"""

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from importlib import resources
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING, Any, Final, cast
from urllib.parse import urlsplit

from .._frames import require
from .._i18n import N_, Day, Shown, Translator, Words
from .._io import csv_safe
from .._kinds import kind as declared_kind
from .._locale import ENGLISH_END, ENGLISH_START, country_name, day_name, is_message, language_name, unmarked
from .._site import Ref, Site, UsageGroup, kind_folder
from .._words import Country, date_text
from . import Safe, bdi, dated, escape, isolate, link, mail_address, safe_url

if TYPE_CHECKING:
    import jinja2

__all__ = [
    "json_for_script",
    "language_prefix",
    "mark_english",
    "page_pieces",
    "placed_pieces",
    "render_pages",
    "sitemap",
    "static_files",
    "usage_csv",
]

_PACKAGE: Final = "participatory._html"


def json_for_script(data: object) -> str:
    r"""Return ``data`` as JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes, so no text in the data can
    close the element (``</script>``) or open a comment.

    >>> json_for_script({"name": "</script><b>"})
    '{"name": "\\u003c/script\\u003e\\u003cb\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, indent=None)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _environment(translations: Translator | None = None, language: str = "en") -> "jinja2.Environment":
    """Make the site's Jinja2 environment, its words in ``translations``' language (``language``).

    ``None``: English, with null translations, so an English site needs no message
    catalogue (and not Babel). Templates mark their words ``{{ _("...") }}``, ``{% trans %}``
    and ``ngettext``; words made in Python (:func:`participatory._words.N_`) are shown
    through the ``t`` filter.
    """
    require("jinja2", "site", "building a site")
    import gettext

    import jinja2
    from markupsafe import Markup

    # Markup() below wraps only what the presentation layer's policy functions return
    # (escaped text, http/https links) and JSON with <, > and & escaped.

    env = jinja2.Environment(
        loader=jinja2.PackageLoader(_PACKAGE, "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        auto_reload=False,  # the package's templates do not change during a build: no check per page
    )
    words: Translator = translations or gettext.NullTranslations()
    env.install_gettext_translations(words, newstyle=True)  # type: ignore[attr-defined]
    made: dict[str, Markup] = {}

    def translated(text: str, /, **values: Any) -> Markup:
        # What Jinja2's own (newstyle, autoescaped) gives: Markup(translated) % values; a text
        # without values is made once per build, not once per use (a page uses dozens).
        if values:
            return Markup(words.gettext(text)) % values  # noqa: S704 (values are escaped by %)
        found = made.get(text)
        if found is None:
            found = made[text] = Markup(words.gettext(text)) % {}  # noqa: S704
        return found

    env.globals.update(_=translated, gettext=translated)

    def show(text: Words) -> str | None:
        """Show a day or a country in the page's language (``None``: in English)."""
        if language == "en" or not isinstance(text, Day | Country):
            return None
        said = (
            day_name(text.day, language)
            if isinstance(text, Day)
            else country_name(text.name, language, sentence=text.sentence)
        )
        if said is None and translations is not None:  # English, for want of Babel's words: marked
            return f"{ENGLISH_START}{text}{ENGLISH_END}"
        return said

    def translate(text: object) -> str:
        # Plain text out (escaped like any other), never Markup: the words may hold data.
        if isinstance(text, Words):
            return text.in_language(words, show)
        # Other text is data in any language, marked English only if it is the website's words.
        said = words.gettext(str(text))
        return said if ENGLISH_START not in said or is_message(str(text)) else unmarked(said)

    env.filters["t"] = translate

    def link_filter(url: object, text: object = None) -> Markup:
        return Markup(link(str(url), None if text is None else str(text)))  # noqa: S704

    env.filters["safe_url"] = lambda url: safe_url(str(url))
    env.filters["mail_address"] = lambda text: mail_address(str(text))

    def jsonld_filter(data: object) -> Markup:
        # A page in another language says so in its linked data; English pages are as they were.
        if language != "en" and isinstance(data, dict) and "@type" in data:
            data = {**data, "inLanguage": language}
        return Markup(json_for_script(data))  # noqa: S704

    def bdi_filter(text: object) -> Markup:
        # Markup in (a link this layer built) stays markup; any other text is escaped.
        return Markup(bdi(Safe(text) if isinstance(text, Markup) else text))  # noqa: S704

    env.filters["bdi"] = bdi_filter
    env.filters["isolate"] = isolate
    env.filters["link"] = link_filter
    env.filters["jsonld"] = jsonld_filter
    env.filters["dated"] = dated
    # A Day: the t filter shows it in the page's language (English, marked, where Babel cannot).
    env.filters["long_date"] = lambda value: translate(date_text(str(value)))
    return env


#: Elements whose text can hold no element (a ``<span lang>``): their marks are dropped.
_RAW_TEXT: Final = frozenset({"script", "style", "title", "textarea"})
_TAG_NAME: Final = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")


def _spans(text: str) -> str:
    return text.replace(ENGLISH_START, '<span lang="en">').replace(ENGLISH_END, "</span>")


class _EnglishMarks:
    """Mark the website's words shown in English for want of a translation, as a page streams.

    The translations of a language with missing words (:mod:`participatory._locale`) put
    the English between two marks. In a page's text they become ``<span lang="en">`` (WCAG
    3.1.2); in a tag (an attribute: ``aria-label``, ``placeholder``, ``title``, a script's
    message in a ``data-`` attribute), a comment, or the text of a ``<title>``, a script, a
    style or a text area, no element can say its language, so the English is left there
    unmarked (the page says that some of its words are in English). Fed a page's pieces in
    order, it keeps where it is between them.
    """

    def __init__(self) -> None:
        self.state = "text"  # or "tag", "comment", "raw" (the text of a _RAW_TEXT element)
        self.raw = ""  # the raw-text element a tag being read opens, or is in
        self.opens = ""

    def feed(self, piece: str) -> str:
        """Return ``piece`` with its marks turned into elements or dropped, as its place allows."""
        if (
            self.state == "text"
            and "<" not in piece
            and ENGLISH_START not in piece
            and ENGLISH_END not in piece
        ):
            return piece
        piece = str.__str__(piece)  # plain text: a Markup's replace would escape the spans put in
        out: list[str] = []
        at, size = 0, len(piece)
        while at < size:
            if self.state == "text":
                lt = piece.find("<", at)
                end = size if lt < 0 else lt
                out.append(_spans(piece[at:end]))
                at = end
                if lt >= 0:
                    comment = piece.startswith("<!--", lt)
                    name = _TAG_NAME.match(piece, lt)
                    opens = name is not None and not name[1] and name[2].lower() in _RAW_TEXT
                    self.opens = name[2].lower() if opens and name is not None else ""
                    self.state = "comment" if comment else "tag"
            elif self.state in {"tag", "comment"}:
                close = "-->" if self.state == "comment" else ">"
                found = piece.find(close, at)
                end = size if found < 0 else found + len(close)
                out.append(unmarked(piece[at:end]))
                at = end
                if found >= 0:
                    self.state, self.raw = (
                        ("raw", self.opens) if self.opens and close == ">" else ("text", "")
                    )
                    self.opens = ""
            else:  # the text of a script, a style, a title or a text area, up to its end tag
                found = piece.lower().find(f"</{self.raw}", at)
                end = size if found < 0 else found
                out.append(unmarked(piece[at:end]))
                at = end
                if found >= 0:
                    self.state, self.raw = "tag", ""
        return "".join(out)


def mark_english(html: str) -> str:
    """Return a whole page with the English shown for want of a translation marked (see `_EnglishMarks`)."""
    return _EnglishMarks().feed(html) if ENGLISH_START in html else html


class _Renderer:
    def __init__(
        self, env: "jinja2.Environment", common: Mapping[str, Any], prefix: str, *, mark: bool = False
    ) -> None:
        self.env, self.common, self.prefix = env, common, prefix
        #: Whether the pages' words may be English for want of a translation (:class:`_EnglishMarks`).
        self.mark = mark

    def finish(self, pieces: Iterator[str]) -> Iterator[str]:
        """Return a page's pieces, English for want of a translation marked (when it may be)."""
        if not self.mark:
            return pieces
        marks = _EnglishMarks()
        return map(marks.feed, pieces)

    def page(self, path: str, template: str, **context: Any) -> tuple[str, Iterator[str]]:
        """Render ``template`` as the page at ``path`` (``""`` or ending in ``/``), in pieces."""
        depth = path.count("/")
        top = "../" * (depth + self.prefix.count("/"))  # the site's root, above a language's folder
        pieces = self.env.get_template(template).generate(
            **self.common, root="../" * depth, top=top, here=path, **context
        )
        return f"{self.prefix}{path}index.html", self.finish(pieces)


#: How a page in another language marks English shown for want of a translation.
_NOT_YET: Final = N_("not yet translated")
_OUT_OF_DATE: Final = N_("translation may be out of date")


def _mark_fallbacks(env: "jinja2.Environment", site: Site) -> None:
    """Give the templates ``said(text, id, field)``: a record's text, marked if it is not translated.

    On a page in another language, text shown in English (no translation) is wrapped in
    ``lang="en"`` (WCAG 3.1.2) and, with ``mark``, followed by "not yet translated" in the
    page's language; a stale translation is followed by "translation may be out of date".
    ``shown(id)`` gives what each field of a record shows (``"machine"``, ...).
    """
    import markupsafe
    from markupsafe import Markup

    status = site.status
    t = env.filters["t"]

    def said(text: object, rid: str, field: str, mark: bool = True) -> Markup:
        state = status.get(rid, {}).get(field, "")
        body = escape(text)
        if state == "missing":
            note = f' <span class="untranslated">({escape(t(_NOT_YET))})</span>' if mark else ""
            return Markup(f'<span lang="en">{body}</span>{note}')  # noqa: S704 (escaped above)
        if state == "stale" and mark:
            return Markup(f'{body} <span class="untranslated">({escape(t(_OUT_OF_DATE))})</span>')  # noqa: S704
        return Markup(body)  # noqa: S704 (escaped above)

    def english(rid: str, field: str) -> Markup:
        """Return ` lang="en"` for an element holding a field shown in English, else nothing."""
        return Markup(' lang="en"' if status.get(rid, {}).get(field) == "missing" else "")  # noqa: S704 (constant)

    def note(rid: str, field: str) -> Markup:
        """Return the mark after a field shown in English (or translated from older English)."""
        state = status.get(rid, {}).get(field, "")
        said = _NOT_YET if state == "missing" else _OUT_OF_DATE if state == "stale" else ""
        lang = f' lang="{escape(site.language)}"'
        return Markup(f' <span class="untranslated"{lang}>({escape(t(said))})</span>' if said else "")  # noqa: S704

    def shown_text(text: object, rid: str = "", field: str = "") -> Markup:
        """Return a field's text item: page words in the page's language; a record's text as said."""
        if isinstance(text, Words | Shown) or site.language == "en":
            return Markup(escape(t(text)))  # noqa: S704 (escaped)
        if status.get(rid, {}).get(field, "missing") != "missing":
            return Markup(escape(text))  # noqa: S704 (escaped): translated
        return Markup(f'<span lang="en">{escape(text)}</span>')  # noqa: S704 (escaped): as written, in English

    def english_in(pages: Iterable[Any]) -> bool:
        """Say whether a list of record pages shows any name or summary in English."""
        return any(
            state == "missing"
            for p in pages
            for field, state in status.get(p.record.id, {}).items()
            if field in {"name", "plain", "summary"}
        )

    def value_label(value: Any) -> Markup:
        """Return a finder value's name: a record's as :func:`said`, page words in the page's language."""
        if value.record:
            return said(value.label, value.record, "name", False)
        return Markup(escape(t(value.label)))  # noqa: S704 (escaped)

    def ref_label(label: object, ref: Ref | None) -> Markup:
        """Return a row's label: a record's name (``ref`` is its page) as :func:`said`, else words."""
        if ref is not None and ref.path.count("/") == 2:  # noqa: PLR2004 (kind/id/)
            return said(label, ref.path.split("/")[1], "name", False)
        return Markup(escape(t(label)))  # noqa: S704 (escaped)

    def as_before(text: object) -> Markup:
        """Return words as a template's ``{{ text|t }}`` shows them (English pages stay as they were)."""
        return markupsafe.escape(t(text))

    def said_line(line: object, ref: Ref) -> Markup:
        """Return a line from a record's plain summary (else its summary), marked as :func:`said`."""
        if site.language == "en":
            return as_before(line)
        rid = ref.path.split("/")[1] if ref.path.count("/") == 2 else ""  # noqa: PLR2004 (kind/id/)
        return said(line, rid, "plain" if "plain" in status.get(rid, {}) else "summary", False)

    def as_written(label: object) -> Markup:
        """Return ` lang="en"` for a label that is a record's text as written (not the website's words)."""
        if site.language == "en" or isinstance(label, Words | Shown) or is_message(str(label)):
            return Markup("")
        return Markup(' lang="en"')

    def choice(label: object, key: str) -> Markup:
        """Return a form's choice: a record's name or a value's (by ``key``) as :func:`shown_text` says."""
        return as_before(label) if site.language == "en" else shown_text(label, key, "name")

    env.globals.update(
        choice=choice,
        as_written=as_written,
        said_line=said_line,
        ref_label=ref_label,
        value_label=value_label,
        said=said,
        english=english,
        note=note,
        text=shown_text,
        shown=lambda rid: status.get(rid, {}),
        english_in=english_in,
    )


def _install_blocks(env: "jinja2.Environment") -> None:
    """Give the templates the blocks every page repeats, made in Python (``_macros.html`` names them).

    ``ref`` (a link to a record's page), ``item`` (a field's item: a link, a web address or
    text), ``fields`` (a list of labelled fields) and ``technique_list`` (a list of records
    with their summaries) are called thousands of times in a large site's build: as Jinja2
    macros each call cost a macro frame and a context call per value; here they are one
    function each, with the same escaping (``markupsafe``'s, as the templates' own
    autoescape) and the same text, byte for byte. Needs :func:`_mark_fallbacks` first.
    """
    from markupsafe import Markup
    from markupsafe import escape as esc

    g = env.globals
    said, shown, english, note, as_written = (
        cast("Callable[..., Markup]", g[n]) for n in ("said", "text", "english", "note", "as_written")
    )
    t, bdi_of, link_of = env.filters["t"], env.filters["bdi"], env.filters["link"]

    def ref(r: Any, root: str) -> Markup:
        name = bdi_of(said(r.text, r.path.split("/")[1], "name", False))
        return Markup(f'<a href="{esc(root)}{esc(r.path)}index.html" data-pagefind-ignore>{name}</a>')  # noqa: S704 (escaped)

    def item(i: Any, root: str, url: bool = False, rid: str = "", field: str = "") -> Markup:
        if hasattr(i, "path"):
            return ref(i, root)
        return link_of(i) if url else bdi_of(shown(i, rid, field))  # type: ignore[no-any-return]

    def fields(items: Iterable[Any], root: str, rid: str = "") -> Markup:
        out = ['<dl class="fields">\n']
        for f in items:
            out.append(f"  <dt{as_written(f.label)}>{esc(t(f.label))}</dt>\n  <dd{english(rid, f.name)}>")
            if len(f.items) == 1:
                out.append(item(f.items[0], root, f.url, rid, f.name))
            else:
                listed = "".join(f"<li>{item(i, root, f.url, rid, f.name)}</li>" for i in f.items)
                out.append(f"    <ul>{listed}</ul>\n")
            if f.note:
                estimate = " estimate" if f.note == "our estimate" else ""
                out.append(f' <span class="provenance{estimate}">({esc(t(f.note))})</span>')
            out.append(f"{note(rid, f.name)}</dd>\n")
        out.append("</dl>\n")
        return Markup("".join(out))  # noqa: S704 (escaped)

    def technique_list(pages: Iterable[Any], root: str, summaries: bool = True) -> Markup:
        out = ['<ul class="cards">\n']
        for p in pages:
            rec = p.record
            name = bdi_of(said(rec.name, rec.id, "name", False))
            out.append(f'  <li><a href="{esc(root)}{esc(p.path)}index.html">{name}</a>\n')
            lead = rec.plain or rec.summary
            if summaries and lead:
                out.append(
                    f'<p dir="auto"{english(rec.id, "plain" if rec.plain else "summary")}>{esc(lead)}</p>'
                )
            out.append("</li>\n")
        out.append("</ul>\n")
        return Markup("".join(out))  # noqa: S704 (escaped)

    g.update(ref_html=ref, item_html=item, fields_html=fields, technique_list_html=technique_list)


def language_prefix(language: str, languages: Sequence[str]) -> str:
    """Return the folder of a language's pages: ``""`` for the first (the root), else ``"cy/"``."""
    return "" if not languages or language == languages[0] else f"{language}/"


def render_pages(site: Site, *args: Any, **options: Any) -> Iterator[tuple[str, str]]:
    """Yield ``(file, html)`` for every page of the site, one at a time.

    The pages of :func:`page_pieces` (the same arguments), each joined into one text.
    """
    for file, pieces in page_pieces(site, *args, **options):
        yield file, "".join(pieces)


def page_pieces(site: Site, *args: Any, **options: Any) -> Iterator[tuple[str, Iterator[str]]]:
    """Yield ``(file, pieces)`` for every page of the site, one at a time: its HTML made as it is read.

    The pages of :func:`placed_pieces` (the same arguments, documented there) without
    their places.
    """
    for _, file, pieces in placed_pieces(site, *args, **options):
        yield file, pieces


def placed_pieces(
    site: Site,
    contribute_url: str = "",
    files: Mapping[str, int] | None = None,
    base_url: str = "",
    *,
    translations: Translator | None = None,
    languages: Sequence[str] = (),
    machine_words: bool = False,
    english_words: bool = False,
    share: tuple[int, int] = (0, 1),
) -> Iterator[tuple[tuple[int, int, int], str, Iterator[str]]]:
    """Yield ``(place, file, pieces)`` for every page of the site: its HTML made as it is read.

    A page's HTML comes in pieces as Jinja2 makes them, so that a page listing every
    technique of a large catalogue (the finder's) is written without being held whole;
    read each page's pieces before taking the next page.

    ``file`` is the page's site-relative file name (``index.html``,
    ``techniques/photovoice/index.html``, ``404.html``; ``cy/index.html`` for a language
    under its own folder). ``files`` gives the size in bytes of each download, by
    site-relative path, for the downloads page. Needs Jinja2 (the ``site`` extra).

    ``site.language`` is the pages' language; ``translations`` gives the site's words in it
    (``None``: English) and ``machine_words`` says nobody who speaks it checked them;
    ``english_words`` says some of them are not translated (shown in English, marked).
    ``languages`` lists every language the site is built in, the first at the root and each
    other under its own folder (``cy/``): each page links to its counterparts.

    ``share`` ``(i, n)``: only the ``i``-th of ``n`` shares of the pages (the records' pages
    ``k`` with ``k % n == i``, each with its card; the other pages in share 0), for ``n``
    processes writing one site. ``place`` puts each page in the whole site:
    sorting the pages of every share by place gives the order of the pages of one share.
    """
    from markupsafe import Markup

    env = _environment(translations, site.language)
    _mark_fallbacks(env, site)
    _install_blocks(env)
    language = site.language
    languages = tuple(languages) or (language,)
    prefix = language_prefix(language, languages)
    # Where stories go: an email address or a web page; with neither, no share page at all.
    mail, href = mail_address(contribute_url), safe_url(contribute_url)
    send = {"kind": "mail", "address": mail} if mail else {"kind": "web", "href": href} if href else {}
    common = {
        "site": site,
        "send": send,
        "kind_folder": kind_folder,
        "files": files or {},
        "lang": language,
        # The other languages' versions of a page: (tag, its own name, folder).
        "editions": [
            (t, language_name(t), language_prefix(t, languages)) for t in languages if t != language
        ],
        "hreflang": [(t, language_prefix(t, languages)) for t in languages] if len(languages) > 1 else [],
        "prefix": prefix,
        "machine_words": machine_words,
        "english_words": english_words,
        # On a page in another language, the attribute for text that is always as written
        # (catalogue titles, descriptions): English (WCAG 3.1.2).
        "written": Markup(' lang="en"' if language != "en" else ""),  # noqa: S704 (constant)
    }
    env.globals["written"] = common["written"]  # for the macros too
    w = _Renderer(env, common, prefix, mark=translations is not None)
    part, parts = share
    if part == 0:
        yield (0, 0, 0), *w.page("", "home.html")
        # The page a web server shows for a missing address, at any depth: links from the site's root.
        root = (urlsplit(base_url).path.rstrip("/") + "/") if base_url else "/"
        yield (
            (0, 1, 0),
            f"{prefix}404.html",
            w.finish(
                env.get_template("404.html").generate(**common, root=root + prefix, top=root, here="404")
            ),
        )
    records = site.pages
    for k in range(part, len(records), parts):  # a kind with a layout of its own names its template
        page = records[k]
        yield (1, k, 0), *w.page(page.path, declared_kind(page.record.record_kind).template, page=page)
        if page.glance:  # a technique's one-page card, to print
            yield (1, k, 1), *w.page(f"{page.path}card/", "card.html", page=page)
    if part != 0:
        return
    yield from (((2, n, 0), file, pieces) for n, (file, pieces) in enumerate(_other_pages(site, w, send)))


def _other_pages(site: Site, w: _Renderer, send: Mapping[str, Any]) -> Iterator[tuple[str, Iterator[str]]]:
    """Yield the pages that are not a record's: guides, lists, the finder, maps, forms."""
    for guide in site.guides:  # the guide each way in on the home page leads to
        yield w.page(guide.path, "role.html", guide=guide)
    for kind, plural, pages in site.kinds:  # a kind with a list of its own names its template
        index = declared_kind(kind).index_template
        yield w.page(f"{kind_folder(kind)}/", index, kind=kind, plural=plural, pages=pages)
    if site.board is not None and site.board.partners:
        yield w.page("collaborate/", "collaborate.html")
    techniques = {
        p.record.id: p for _, _, pages in site.kinds for p in pages if p.record.record_kind == "technique"
    }
    yield w.page(
        "find/", "find.html", techniques=sorted(techniques.values(), key=lambda p: p.record.name.casefold())
    )
    for facet in site.facets:
        yield w.page(f"find/{facet.name}/", "facet.html", facet=facet)
        for value in facet.values:
            listed = sorted((techniques[t] for t in value.techniques), key=lambda p: p.record.name.casefold())
            yield w.page(
                f"find/{facet.name}/{value.slug}/",
                "facet_value.html",
                facet=facet,
                value=value,
                listed=listed,
            )
    yield w.page("map/", "map.html")
    yield w.page("usage/", "usage.html")
    yield w.page("downloads/", "downloads.html")
    if send:
        yield w.page("contribute/", "contribute.html")
        if site.board is not None and (site.board.opportunities or site.board.closed):
            yield w.page("propose/", "propose.html")
        if site.board is not None and site.board.answers:
            yield w.page("ask/", "ask.html")
    yield w.page("search/", "search.html")
    yield w.page("about/", "about.html")


def sitemap(paths: Iterable[str], languages: Sequence[str], base: str) -> str:
    """Return a sitemap (sitemaps.org XML) of the pages at ``paths`` in every one of ``languages``.

    ``base`` is the site's address, ending in ``/``. With more than one language, each
    address lists every language's version of its page (``xhtml:link`` alternates, with
    ``x-default`` the first language's), as Google asks.
    """
    from xml.sax.saxutils import quoteattr

    languages = tuple(languages)
    many = len(languages) > 1
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        + (' xmlns:xhtml="http://www.w3.org/1999/xhtml">' if many else ">"),
    ]
    for path in paths:
        links = [(t, f"{base}{language_prefix(t, languages)}{path}") for t in languages]
        for _, address in links:
            lines.append(f"  <url><loc>{escape(address)}</loc>")
            if many:
                lines.extend(
                    f'    <xhtml:link rel="alternate" hreflang={quoteattr(t)} href={quoteattr(a)}/>'
                    for t, a in [*links, ("x-default", links[0][1])]
                )
            lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def usage_csv(group: UsageGroup) -> str:
    """Return a usage group's table (each technique and group, with its counts) as CSV text.

    Names, not ids, in the spreadsheet's own words; a cell a spreadsheet would run as a
    formula is neutralised (:func:`participatory._io.csv_safe`).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Technique", group.column, "Case stories", "Organisations"])
    for technique, grp, cases, orgs in group.rows:
        label = grp.text if isinstance(grp, Ref) else grp
        writer.writerow([csv_safe(technique.text), csv_safe(label), cases, orgs])
    return buffer.getvalue()


def static_files() -> Iterator[Traversable]:
    """Yield the stylesheet and scripts every page uses (to copy into ``static/``)."""
    for item in resources.files(_PACKAGE).joinpath("static").iterdir():
        if item.is_file() and not item.name.startswith("."):
            yield item
