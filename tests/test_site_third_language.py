"""Any language works as Welsh does: a site in French from a partial catalogue and a partial interface.

The catalogue translates a few records into French; the publisher's own interface catalogue
(``--locale-dir``) translates a few of the website's words. Everything else is English,
marked: record text wrapped in ``lang="en"`` and followed by "not yet translated" (in French
where the interface has those words), the website's words wrapped in ``lang="en"`` in the
pages' text (WCAG 3.1.2); in attributes, English with no mark and no stray character.
"""

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import participatory as pr
from participatory._builtin import core_path
from participatory._cli import main
from participatory._errors import CatalogueError
from participatory._locale import ENGLISH_END, ENGLISH_START, interface_words
from participatory._translations import digest

pytest.importorskip("jinja2")
pytest.importorskip("babel")

from babel.messages.pofile import read_po

from participatory._publish import build_site

from .test_site_browser import _axe, axe_source, browser, page, serve  # noqa: F401 (fixtures)
from .test_site_languages import _read

LOCALE = Path(__file__).resolve().parent.parent / "src" / "participatory" / "_html" / "locale"

#: The publisher's French words: a few of the website's, "not yet translated" among them.
FRENCH_WORDS = {
    "Skip to main content": "Aller au contenu principal",
    "Find a technique": "Trouver une technique",
    "not yet translated": "pas encore traduit",
    "Techniques": "Techniques",  # the same in both languages: translated all the same
}
FRENCH_PO = (
    'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
    + "".join(f'msgid "{k}"\nmsgstr "{v}"\n\n' for k, v in FRENCH_WORDS.items())
)


def _catalogue(tmp: Path) -> Path:
    """Copy core with French for two records (photovoice's name, design's name and summary)."""
    copy = tmp / "core"
    shutil.copytree(Path(str(core_path())), copy)
    core = pr.load("core")
    french = {
        "photovoice": {"name": "Photovoix"},
        "design": {"name": "Conception", "summary": "Transformer une priorité en une étude réalisable."},
    }
    lines = ["# French: a few records, to test a partial translation.\n"]
    for rid, fields in french.items():
        lines.append(f"[{rid}]")
        for field, text in fields.items():
            lines.append(f'{field} = {{ text = "{text}", source = "{digest(getattr(core[rid], field))}" }}')
    (copy / "translations" / "fr.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return copy


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """A site in English, Welsh and French; and the publisher's folder of words."""
    tmp = tmp_path_factory.mktemp("french")
    copy = _catalogue(tmp)
    words = tmp / "locale"
    (words / "fr" / "LC_MESSAGES").mkdir(parents=True)
    (words / "fr" / "LC_MESSAGES" / "messages.po").write_text(FRENCH_PO, encoding="utf-8")
    english = pr.Catalogue.from_path(copy)
    languages = {t: pr.Catalogue.from_path(copy, language=t) for t in ("cy", "fr")}
    out = build_site(english, tmp / "site", search=False, languages=languages, locale_dir=words)
    return out, words


def _english_words() -> list[str]:
    """The website's words of two or more words (no places for values), in English."""
    with (LOCALE / "messages.pot").open("rb") as f:
        return [
            m.id
            for m in read_po(f)
            if isinstance(m.id, str) and len(m.id.split()) >= 2 and not re.search(r"[%{<]", m.id)
        ]


def test_french_pages_are_built_beside_english_and_welsh_and_link_to_each_other(built) -> None:
    site, _ = built
    shown = _read(site / "fr" / "techniques" / "photovoice" / "index.html")
    assert shown.lang == "fr"
    assert {e["lang"] for e in shown.editions} == {"en", "cy"}
    assert {e["lang"] for e in _read(site / "techniques" / "photovoice" / "index.html").editions} == {
        "cy",
        "fr",
    }
    assert (site / "fr" / "find" / "stage" / "design" / "index.html").is_file()


def test_translated_records_and_words_are_french_and_the_rest_is_english_marked(built) -> None:
    site, _ = built
    shown = _read(site / "fr" / "techniques" / "photovoice" / "index.html")
    said = dict.fromkeys(shown.text)  # (language in force, text), in page order
    assert ("fr", "Photovoix") in said  # a translated record: French, unmarked
    assert ("fr", "Aller au contenu principal") in said  # a translated word of the interface
    core = pr.load("core")
    assert ("en", core["photovoice"].summary) in said  # not translated: English, marked
    assert ("fr", "(pas encore traduit)") in said  # and said so, in French
    # The website's words the publisher did not translate: English, each marked as English.
    assert ("en", "At a glance") in said
    assert ("fr", "At a glance") not in said


def test_no_english_word_of_the_interface_is_left_unmarked_on_any_french_page(built) -> None:
    site, _ = built
    words = [w for w in _english_words() if w not in FRENCH_WORDS]
    assert len(words) > 300
    left = {}
    pages = sorted((site / "fr").rglob("*.html"))
    assert len(pages) > 300
    for path in pages:
        unmarked = " ".join(text for lang, text in _read(path).text if lang == "fr")
        if found := [w for w in words if w in unmarked]:
            left[path.relative_to(site).as_posix()] = found
    assert left == {}


def test_the_unmarked_english_check_can_fail(built) -> None:
    site, _ = built
    text = " ".join(t for _, t in _read(site / "techniques" / "photovoice" / "index.html").text)
    assert any(w in text for w in _english_words())


def test_english_words_in_attributes_are_left_as_they_are_with_no_stray_marks(built) -> None:
    site, _ = built
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert ENGLISH_START not in html
        assert ENGLISH_END not in html, path
    html = (site / "fr" / "find" / "index.html").read_text(encoding="utf-8")
    assert 'data-remove="Remove"' in html  # a script's words: English, as there is no French
    assert not re.search(r'="[^"]*<span', html)  # no element inside an attribute
    title = re.search(r"<title>(.*)</title>", html)
    assert title is not None
    assert "<" not in title[1]  # a title holds no element


def test_a_page_says_when_some_of_its_words_are_english(built) -> None:
    site, _ = built
    note = "are not yet translated into this language: they are shown in English."
    assert note in (site / "fr" / "index.html").read_text(encoding="utf-8")
    assert note not in (site / "cy" / "index.html").read_text(encoding="utf-8")  # Welsh is complete
    assert note not in (site / "index.html").read_text(encoding="utf-8")


def test_english_pages_carry_no_mark_of_english(built) -> None:
    site, _ = built
    for path in ("index.html", "techniques/photovoice/index.html", "find/index.html"):
        body = (site / path).read_text(encoding="utf-8").split("<body>")[1]
        assert 'lang="en"' not in body.replace('hreflang="en"', "")


def test_a_language_with_no_interface_catalogue_has_an_english_interface_marked_so(tmp_path) -> None:
    core = pr.load("core")
    copy = _catalogue(tmp_path)
    french = pr.Catalogue.from_path(copy, language="fr")
    out = build_site(core, tmp_path / "s", search=False, languages={"fr": french})  # no locale_dir
    shown = _read(out / "fr" / "techniques" / "photovoice" / "index.html")
    said = dict.fromkeys(shown.text)
    assert shown.lang == "fr"
    assert ("fr", "Photovoix") in said
    assert ("en", "Skip to main content") in said
    assert ("en", "not yet translated") in said  # inside "(...)" in French's parentheses
    assert ("en", "At a glance") in said
    words = interface_words("fr")
    assert words is not None
    assert words.missing > 300
    assert interface_words("cy") is not None
    assert interface_words("cy").missing == 0  # type: ignore[union-attr]


def test_the_publishers_words_come_before_the_shipped_welsh(tmp_path) -> None:
    folder = tmp_path / "locale" / "cy" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text(
        FRENCH_PO.replace("Language: fr", "Language: cy").replace("Aller au contenu principal", "Neidio!"),
        encoding="utf-8",
    )
    words = interface_words("cy", tmp_path / "locale")
    assert words is not None
    assert words.translations.gettext("Skip to main content") == "Neidio!"
    assert words.translations.gettext("Search") == interface_words("cy").translations.gettext("Search")  # type: ignore[union-attr]
    assert words.missing == 0


def test_a_broken_interface_catalogue_is_refused_naming_the_file_and_every_line(tmp_path) -> None:
    folder = tmp_path / "locale" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = folder / "messages.po"
    po.write_text(
        FRENCH_PO + 'msgid "%(num)d technique."\nmsgstr "%(nombre)d technique."\n\n'
        'msgid "Search"\nmsgstr "Un \\"mot\\""\n',
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError) as e:
        interface_words("fr", tmp_path / "locale")
    said = str(e.value)
    assert str(po) in said
    assert "nombre" in said
    assert "straight double quotes" in said
    assert said.count("line ") == 2
    po.write_text('msgid "Search"\nmsgid "Find"\n', encoding="utf-8")  # no msgstr
    with pytest.raises(CatalogueError, match="cannot be read"):
        interface_words("fr", tmp_path / "locale")


def test_the_command_takes_a_folder_of_words(built, tmp_path, capsys) -> None:
    _, words = built
    copy = _catalogue(tmp_path)
    out = tmp_path / "site"
    code = main(
        ["site", "build", str(copy), "-o", str(out), "--languages", "en,fr", "--locale-dir", str(words)]
    )
    assert code == 0
    html = (out / "fr" / "index.html").read_text(encoding="utf-8")
    assert "Aller au contenu principal" in html
    code = main(
        [
            "site",
            "build",
            str(copy),
            "-o",
            str(tmp_path / "x"),
            "--languages",
            "en,fr",
            "--locale-dir",
            str(tmp_path / "none"),
        ]
    )
    assert code != 0
    assert "does not exist" in capsys.readouterr().err
    code = main(
        [
            "site",
            "build",
            str(copy),
            "-o",
            str(words / "site"),
            "--languages",
            "en,fr",
            "--locale-dir",
            str(words),
        ]
    )
    assert code != 0  # never into the folder of words


# ---------------------------------------------------------------- in a real browser


@pytest.fixture(scope="module")
def served(built) -> Iterator[str]:
    yield from serve(built[0])


#: The language each text is read in, as the browser works it out (the nearest ``lang``).
LANGUAGE_OF = """(text) => {
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walk.nextNode(); node; node = walk.nextNode()) {
    if (node.textContent.trim() === text) return node.parentElement.closest('[lang]').lang;
  }
  return null;
}"""


@pytest.mark.parametrize("look", ["light-1280", "dark-320"])
def test_in_a_browser_french_pages_read_english_words_as_english_and_pass_axe(
    page,  # noqa: F811 (a fixture)
    served,
    axe_source,  # noqa: F811 (a fixture)
    look,
):
    p, errors = page
    scheme, width = look.split("-")
    p.set_viewport_size({"width": int(width), "height": 800})
    p.emulate_media(color_scheme=scheme)
    p.goto(served + "fr/techniques/photovoice/index.html")
    assert p.evaluate("document.documentElement.lang") == "fr"
    assert p.evaluate(LANGUAGE_OF, "Photovoix") == "fr"
    assert p.evaluate(LANGUAGE_OF, "Aller au contenu principal") == "fr"
    assert p.evaluate(LANGUAGE_OF, "At a glance") == "en"
    assert p.evaluate(LANGUAGE_OF, pr.load("core")["photovoice"].summary) == "en"
    assert p.evaluate(LANGUAGE_OF, "(pas encore traduit)") == "fr"
    assert _axe(p, axe_source) == []
    assert p.evaluate("document.documentElement.scrollWidth") <= int(width)
    p.goto(served + "fr/find/index.html")
    assert _axe(p, axe_source) == []
    assert errors == []


def test_marks_become_spans_only_where_the_text_allows_as_a_page_streams() -> None:
    from markupsafe import Markup

    from participatory._html._site import _EnglishMarks, mark_english

    def en(text: str) -> str:
        return f"{ENGLISH_START}{text}{ENGLISH_END}"

    pieces = [
        '<p title="',
        en("Help"),  # an attribute: no element can go there
        '">',
        Markup(en("Hi")),  # noqa: S704 (a constant) text: marked (a template's words come as Markup)
        '</p><script>var a = "',
        en("x"),
        '";</script><title>',
        en("T"),
        "</title><!-- ",
        en("c"),
        " -->",
        en("end"),
    ]
    expected = (
        '<p title="Help"><span lang="en">Hi</span></p><script>var a = "x";</script>'
        '<title>T</title><!-- c --><span lang="en">end</span>'
    )
    marks = _EnglishMarks()
    assert "".join(map(marks.feed, pieces)) == expected
    assert mark_english("".join(pieces)) == expected
    assert mark_english("<p>as it was</p>") == "<p>as it was</p>"
