"""A site in English and Welsh: the same pages under cy/, links between them, hreflang, sitemap, fallbacks."""

import html as html_text
import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from babel.messages.pofile import read_po

import participatory as pr
from participatory._builtin import core_path
from participatory._cli import main
from participatory._errors import CatalogueError

pytest.importorskip("jinja2")

from participatory._publish import build_site

BASE = "https://example.org/ppi/"
LOCALE = Path(__file__).resolve().parent.parent / "src" / "participatory" / "_html" / "locale"


@pytest.fixture(scope="module")
def core():
    return pr.load("core")


@pytest.fixture(scope="module")
def site(core, tmp_path_factory):
    out = tmp_path_factory.mktemp("bilingual") / "site"
    welsh = pr.load("core", language="cy")
    build_site(core, out, search=False, base_url=BASE, languages={"cy": welsh})
    return out


class _Page(HTMLParser):
    """What a test needs of a page: its language, its links to other languages, its text by language."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.alternates: dict[str, str] = {}
        self.editions: list[dict[str, str | None]] = []
        self.text: list[tuple[str, str]] = []  # (language in force, text)
        self._langs: list[tuple[str, str]] = []  # (tag, lang) of open elements
        self._in_editions = False
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang") or ""
        if tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.alternates[a["hreflang"]] = a["href"]
        if tag == "nav" and "languages" in (a.get("class") or ""):
            self._in_editions = True
        if tag == "a" and self._in_editions:
            self.editions.append(a)
        if tag in {"script", "style", "title"}:  # a title's text cannot be marked: see docs/translating.md
            self._skip += 1
        if tag not in {"link", "meta", "input", "br", "img", "hr"}:
            current = self._langs[-1][1] if self._langs else self.lang
            self._langs.append((tag, a.get("lang") or current))

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_editions = False
        if tag in {"script", "style", "title"}:
            self._skip -= 1
        for i in range(len(self._langs) - 1, -1, -1):
            if self._langs[i][0] == tag:
                del self._langs[i:]
                break

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.text.append((self._langs[-1][1] if self._langs else self.lang, data.strip()))


def _read(path: Path) -> _Page:
    p = _Page()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def _pages(root: Path) -> list[str]:
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("index.html")
        if not p.relative_to(root).as_posix().startswith("cy/")
    )


def test_every_english_page_has_its_welsh_counterpart_at_the_same_path(site) -> None:
    english = _pages(site)
    assert len(english) > 300
    welsh = sorted(p.relative_to(site / "cy").as_posix() for p in (site / "cy").rglob("index.html"))
    assert welsh == english
    assert _read(site / "index.html").lang == "en"
    assert _read(site / "cy" / "index.html").lang == "cy"
    assert _read(site / "cy" / "techniques" / "photovoice" / "index.html").lang == "cy"


def test_each_page_links_straight_to_its_counterpart_in_the_other_language(site) -> None:
    for path in _pages(site):
        for folder, other, _name in (("", "cy", "Cymraeg"), ("cy/", "en", "English")):
            page = site / folder / path
            (link,) = _read(page).editions
            assert link["lang"] == other
            assert link["hreflang"] == other
            target = (page.parent / str(link["href"])).resolve()
            expected = (site / path) if other == "en" else (site / "cy" / path)
            assert target == expected.resolve(), path
            assert target.is_file()
    html = (site / "index.html").read_text(encoding="utf-8")
    assert '<a href="cy/index.html" hreflang="cy" lang="cy">Cymraeg</a>' in html


def test_hreflang_alternates_are_absolute_reciprocal_and_have_a_default(site) -> None:
    for path in _pages(site)[::7]:
        address = path.removesuffix("index.html")
        en, cy = _read(site / path).alternates, _read(site / "cy" / path).alternates
        assert en == cy  # each lists every version, itself included
        assert en == {"en": BASE + address, "cy": BASE + "cy/" + address, "x-default": BASE + address}


def test_without_a_base_url_there_are_no_alternates_and_no_sitemap(core, tmp_path) -> None:
    out = build_site(core, tmp_path / "s", search=False, languages={"cy": pr.load("core", language="cy")})
    assert _read(out / "cy" / "index.html").alternates == {}
    assert not (out / "sitemap.xml").exists()


def test_the_sitemap_lists_every_page_in_both_languages_with_alternates(site) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    tree = ET.parse(site / "sitemap.xml")  # noqa: S314 (our own file)
    urls = tree.getroot().findall("s:url", ns)
    locs = {u.findtext("s:loc", namespaces=ns) for u in urls}
    expected = {BASE + p.removesuffix("index.html") for p in _pages(site)}
    assert locs == expected | {BASE + "cy/" + p.removesuffix("index.html") for p in _pages(site)}
    for url in urls:
        alternates = {x.get("hreflang"): x.get("href") for x in url.findall("x:link", ns)}
        assert url.findtext("s:loc", namespaces=ns) in alternates.values()
        assert set(alternates) == {"en", "cy", "x-default"}
        assert alternates["x-default"] == alternates["en"]


def _interface_words(shortest: int = 3) -> dict[str, str]:
    """English words of the interface that Welsh says differently, of ``shortest`` words or more."""
    with (LOCALE / "cy" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f, locale="cy")
    out = {}
    for m in catalog:
        msgid, said = m.id, m.string
        if not isinstance(msgid, str) or not isinstance(said, str) or any(c in msgid for c in "%{<"):
            continue
        if said != msgid and len(msgid.split()) >= shortest:
            out[msgid] = said
    return out


#: English a Welsh page must not show unmarked: a month in a date, a country with a Welsh name.
_ENGLISH = re.compile(
    r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r" \d{4}\b|\b(?:the )?United (?:Kingdom|States)\b|\bGermany\b|\bDenmark\b"
)


def _english_on_welsh_pages(core: pr.Catalogue) -> tuple[re.Pattern[str], frozenset[str]]:
    """English a Welsh page must not show unmarked: ``(pattern, words)``.

    The pattern finds, anywhere in a text, the website's words of three words or more that
    Welsh says differently, months in dates and country names with Welsh names. ``words``
    are the shorter words of the website and the English words of every value a finder
    filters by, which Welsh says differently: a text is English when it is one of them, or a
    list of them (running text may hold them in names, such as "Fair Treatment for the Women
    of Wales").
    """
    from participatory._translations import value_sources

    welsh = _interface_words(1)
    with (LOCALE / "cy" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        interface = {m.id for m in read_po(f) if isinstance(m.id, str)}  # those Welsh says alike too
    # Values the website's words do not hold (acronyms, such as "AI", are Welsh too).
    values = {v["name"] for v in value_sources(core.values()).values()} - interface
    values = {v for v in values if not v.isupper()}
    long = sorted((w for w in welsh if len(w.split()) >= 3), key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, long)) + r")\b|" + _ENGLISH.pattern)
    return pattern, frozenset({*(w for w in welsh if len(w.split()) < 3), *values})


def _english_in(text: str, english: tuple[re.Pattern[str], frozenset[str]]) -> set[str]:
    pattern, words = english
    pieces = {p.strip() for p in re.split(r", | \(|\)|: ", text)}
    return set(pattern.findall(text)) | (pieces & words)


def test_no_english_is_left_unmarked_on_any_welsh_page(site, core) -> None:
    """Every Welsh page, crawled: its text in Welsh (``lang="cy"``) holds no English interface word."""
    english = _english_on_welsh_pages(core)
    pages = _pages(site)
    assert len(pages) > 600
    left: dict[str, set[str]] = {}
    for path in [*pages, "404.html"]:
        page = _read(site / "cy" / path)
        found = set().union(*(_english_in(text, english) for lang, text in page.text if lang == "cy"))
        if found:
            left[path] = found
        html = (site / "cy" / path).read_text(encoding="utf-8")
        for data in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL):
            assert json.loads(data)["inLanguage"] == "cy", path
    assert left == {}


def test_the_check_for_english_left_on_welsh_pages_can_fail(site, core) -> None:
    english = _english_on_welsh_pages(core)

    def found(path: Path) -> set[str]:  # an English page, read as if it were Welsh
        return set().union(*(_english_in(text, english) for _, text in _read(path).text))

    assert len(found(site / "index.html")) > 10
    assert "the United Kingdom" in found(site / "organisations" / "alzheimers-society" / "index.html")
    assert {"Online", "Co-design", "Older people"} <= found(site / "find" / "index.html")
    assert _english_in("Closes on 31 January 2027", english)
    assert not _english_in("Yn cau ar 31 Ionawr 2027, yn y Deyrnas Unedig", english)
    assert not _english_in("Fair Treatment for the Women of Wales", english)  # a name in a sentence
    english_html = (site / "index.html").read_text(encoding="utf-8")
    assert "inLanguage" not in english_html  # English pages are as they were


def test_english_shown_for_want_of_a_translation_is_marked_as_english_and_untranslated(site, core) -> None:
    html = (site / "cy" / "resources" / "uk-standards-for-public-involvement" / "index.html").read_text()
    name = core["uk-standards-for-public-involvement"].name
    assert re.search(r'<h1[^>]*>(<bdi>)?<span lang="en">' + re.escape(name) + "</span>", html)
    assert "(heb ei gyfieithu eto)" in html  # "not yet translated", in Welsh
    # The English page says nothing of the kind.
    english = (site / "resources" / "uk-standards-for-public-involvement" / "index.html").read_text()
    assert 'lang="en"' not in english.split("<body>")[1]


def test_machine_translations_are_labelled_and_can_be_refused(site, core, tmp_path) -> None:
    welsh = pr.load("core", language="cy")
    assert welsh.translation("photovoice")["name"] == "machine"
    html = (site / "cy" / "techniques" / "photovoice" / "index.html").read_text()
    assert welsh["photovoice"].name in html
    assert 'class="machine-note"' in html
    assert "Cyfieithiad peiriant" in html  # the page's words say it is a machine translation
    out = build_site(core, tmp_path / "s", search=False, languages={"cy": welsh}, machine_translations=False)
    refused = (out / "cy" / "techniques" / "photovoice" / "index.html").read_text()
    assert welsh["photovoice"].name not in refused
    assert f'<span lang="en">{core["photovoice"].name}</span>' in refused
    assert "(heb ei gyfieithu eto)" in refused


def test_a_changed_english_text_makes_its_welsh_stale_on_the_page(core, tmp_path) -> None:
    copy = tmp_path / "core"
    shutil.copytree(Path(str(core_path())), copy)
    stages = copy / "stages.toml"
    text = stages.read_text(encoding="utf-8")
    assert core["design"].plain in text
    stages.write_text(text.replace(core["design"].plain, "A new plain summary of design."), encoding="utf-8")
    english, welsh = pr.Catalogue.from_path(copy), pr.Catalogue.from_path(copy, language="cy")
    assert welsh.translation("design")["plain"] == "stale"
    out = build_site(english, tmp_path / "s", search=False, languages={"cy": welsh}, force=True)
    html = (out / "cy" / "stages" / "design" / "index.html").read_text(encoding="utf-8")
    assert "(efallai fod y cyfieithiad wedi dyddio)" in html  # "translation may be out of date"


def test_languages_are_checked(core, tmp_path) -> None:
    with pytest.raises(CatalogueError, match="not shown in it"):
        build_site(core, tmp_path / "a", search=False, languages={"cy": core})
    with pytest.raises(CatalogueError, match="not a language tag"):
        build_site(core, tmp_path / "b", search=False, languages={"Welsh!": core})
    # Any language tag is built (tests/test_site_third_language.py): its catalogue must be shown in it.
    with pytest.raises(CatalogueError, match="not shown in it"):
        build_site(core, tmp_path / "c", search=False, languages={"fr": core})


def test_the_command_builds_both_languages(tmp_path, capsys) -> None:
    out = tmp_path / "site"
    code = main(["site", "build", "core", "-o", str(out), "--languages", "en,cy", "--base-url", BASE])
    assert code == 0
    assert (out / "cy" / "techniques" / "photovoice" / "index.html").is_file()
    assert (out / "sitemap.xml").is_file()
    with pytest.raises(SystemExit) as usage:
        main(["site", "build", "core", "-o", str(tmp_path / "x"), "--languages", "cy"])
    assert usage.value.code != 0
    assert "en must be one of them" in capsys.readouterr().err


def test_relative_links_on_welsh_pages_reach_shared_files(site) -> None:
    page = site / "cy" / "downloads" / "index.html"
    html = page.read_text(encoding="utf-8")
    for href in re.findall(r'href="([^"#?]+)"', html):
        if href.startswith(("http", "mailto:", "data:")):
            continue
        assert (page.parent / href).resolve().exists(), href
    assert urljoin("https://x/cy/downloads/", "../../static/site.css") == "https://x/static/site.css"


def test_catalogue_titles_and_descriptions_on_welsh_pages_are_marked_as_english(site, core) -> None:
    info = core.members[0]  # the site names who wrote it: the publisher, else the title
    title = html_text.escape(info.publisher or info.title or info.name, quote=False)
    welsh = (site / "cy" / "index.html").read_text(encoding="utf-8")
    assert f'<bdi lang="en">{title}</bdi>' in welsh
    english = (site / "index.html").read_text(encoding="utf-8")
    assert f'<bdi lang="en">{title}</bdi>' not in english
    assert f"<bdi>{title}</bdi>" in english
