"""The website in a real headless browser: accessibility (axe-core), console, finder, search, form.

Uses the system's chromium (``/usr/bin/chromium``, Debian's package) driven by Python's
playwright; no browser is downloaded. axe-core comes from the ``axe-playwright-python``
package (its ``axe.min.js``). The site is served on 127.0.0.1 only, on a random port.

Skipped when chromium, playwright or the site extra is missing, unless the environment
sets ``PARTICIPATORY_REQUIRE_BROWSER=1`` (CI does): then a missing piece fails the tests.
"""

import functools
import http.server
import json
import os
import threading
import tomllib
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any, NoReturn

import pytest

import participatory as pr
from participatory._builtin import core_path
from participatory._pages import technique_facets
from participatory._translations import in_language

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
REQUIRED = os.environ.get("PARTICIPATORY_REQUIRE_BROWSER") == "1"
#: Organisations, cases that name them and a technique with every facet, on top of core.
ORGS = Path(__file__).parent / "data" / "site-organisations.toml"


@functools.cache
def _catalogue() -> pr.Catalogue:
    core = pr.load("core")
    return core.merge(pr.Catalogue.from_path(ORGS, context=core))


def _need(what: str) -> NoReturn:
    if REQUIRED:
        pytest.fail(f"PARTICIPATORY_REQUIRE_BROWSER=1 but {what} is missing")
    pytest.skip(f"{what} is missing")


try:
    from playwright.sync_api import Browser, Page, sync_playwright

    HAVE_PLAYWRIGHT = True
except ImportError:  # pragma: no cover - depends on the environment
    HAVE_PLAYWRIGHT = False


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def base_url(tmp_path_factory) -> Iterator[str]:
    try:
        from participatory._publish import build_site, search_command

        search_command()
    except ImportError:
        _need("the site extra (jinja2, pagefind)")
    out = tmp_path_factory.mktemp("browser") / "site"
    welsh = in_language(_catalogue(), [core_path()], "cy")  # the test catalogue has no Welsh: English, marked
    build_site(_catalogue(), out, contribute_url="https://example.org/send", languages={"cy": welsh})
    yield from serve(out)


def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (any free port), yielding its address until closed."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator["Browser"]:
    if not HAVE_PLAYWRIGHT:
        _need("playwright")
    if not CHROMIUM.is_file():
        _need(str(CHROMIUM))
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def axe_source() -> str:
    try:
        return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
    except ModuleNotFoundError:
        _need("axe-playwright-python (axe-core)")


@pytest.fixture
def page(browser) -> Iterator[tuple["Page", list[str]]]:
    context = browser.new_context()
    p = context.new_page()
    errors: list[str] = []
    p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.on("requestfailed", lambda r: errors.append(f"failed: {r.url}"))
    yield p, errors
    context.close()


PAGES = [
    "index.html",
    "find/index.html",
    "find/stage/index.html",
    "find/stage/design/index.html",
    "techniques/index.html",
    "techniques/photovoice/index.html",
    "techniques/photovoice/card/index.html",
    "resources/uk-standards-for-public-involvement/index.html",
    "cases/index.html",
    "cases/ucl-ihi-public-working-group/index.html",
    "cases/test-heart-jury/index.html",
    "organisations/index.html",
    "organisations/test-heart-charity/index.html",
    "techniques/test-easy-read-panel/index.html",
    "find/formats/index.html",
    "find/facilitation/some/index.html",
    "stages/design/index.html",
    "stakeholders/patient/index.html",
    "stakeholders/carer/index.html",
    "stakeholders/young-person/index.html",
    "stakeholders/researcher/index.html",
    "stakeholders/community-organisation/index.html",
    "stakeholders/patient-advocacy-organisation/index.html",
    "stakeholders/care-practitioner/index.html",
    "stakeholders/policymaker/index.html",
    "stakeholders/industry/index.html",
    "guides/planning-a-study/index.html",
    "guides/patients-carers-public/index.html",
    "guides/involvement-lead/index.html",
    "guides/data-and-clinical/index.html",
    "about/index.html",
    "checklists/reflective-questions/index.html",
    "crosswalks/index.html",
    "map/index.html",
    "usage/index.html",
    "downloads/index.html",
    "contribute/index.html",
    "search/index.html?q=photovoice",
    "search/index.html?q=zzqxj",
    "404.html",
]
#: The Welsh pages, one of every kind (under cy/, the same paths as the English).
WELSH = ["cy/" + p for p in PAGES if p != "404.html" and "zzqxj" not in p] + ["cy/search/index.html?q=zzqxj"]


def _axe(page: "Page", source: str) -> list[dict[str, Any]]:
    page.evaluate(source)
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:3]]}
        for v in result["violations"]
    ]


#: Widths checked: a small phone (WCAG 1.4.10's 320 CSS pixels), a common phone, a laptop.
WIDTHS = (320, 390, 1280)


def _open(p: "Page", url: str) -> None:
    """Go to ``url`` and wait until its scripts have run (and a search has shown its results)."""
    p.goto(url)
    if "/search/" in url:
        p.wait_for_function(
            "(s => s.textContent && s.textContent !== s.dataset.searching)"
            "(document.getElementById('search-status'))"
        )


@pytest.mark.parametrize(
    ("path", "look"), [(p, "light-1280") for p in PAGES + WELSH] + [(p, "dark-320") for p in PAGES + WELSH]
)
def test_axe_finds_no_violation_and_the_console_no_error(page, base_url, axe_source, path, look):
    """Every page kind, in English and in Welsh, on a laptop in light mode and a small phone in dark mode."""
    p, errors = page
    scheme, width = look.split("-")
    p.set_viewport_size({"width": int(width), "height": 800})
    p.emulate_media(color_scheme=scheme)
    _open(p, base_url + path)
    assert p.evaluate("document.documentElement.lang") == ("cy" if path.startswith("cy/") else "en")
    assert _axe(p, axe_source) == []
    assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(page, base_url, width, scheme):
    """Reflow (WCAG 1.4.10): nothing is wider than the window, at any width, on any page kind."""
    p, errors = page
    p.set_viewport_size({"width": width, "height": 800})
    p.emulate_media(color_scheme=scheme)
    wide = {}
    for path in PAGES + (WELSH if width == min(WIDTHS) else []):  # Welsh words run longer
        _open(p, base_url + path)
        scroll = p.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            wide[path] = scroll
    assert wide == {}
    assert errors == []


def test_the_reflow_check_can_fail(page, base_url):
    p, _ = page
    p.set_viewport_size({"width": 320, "height": 800})
    p.goto(base_url + "index.html")
    assert p.evaluate("document.documentElement.scrollWidth") <= 320
    p.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', "
        "'<img width=900 height=1 style=max-width:none>')"
    )
    assert p.evaluate("document.documentElement.scrollWidth") > 320


def test_axe_does_find_a_violation(page, base_url, axe_source):
    """The check above can fail: an unlabelled field and an empty link are reported."""
    p, _ = page
    p.goto(base_url + "index.html")
    p.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<input><a href=\\'#\\'></a>')"
    )
    found = {v["id"] for v in _axe(p, axe_source)}
    assert {"label", "link-name"} <= found


def _visible(p: "Page") -> int:
    return int(p.locator("#techniques > li:visible").count())


def test_choosing_a_filter_narrows_the_finder(page, base_url):
    p, errors = page
    p.goto(base_url + "find/index.html")
    everything = _visible(p)
    assert everything == len(_catalogue().techniques)
    p.check("#f-stage-design")
    after_stage = _visible(p)
    assert 0 < after_stage < everything
    assert f"{after_stage} techniques match" in p.locator("#finder-status").inner_text()
    p.check("#f-level-empower")
    after_level = _visible(p)
    assert 0 < after_level < after_stage
    g = _catalogue().graph()
    expected = {
        t.id
        for t in g.techniques(stage="design")
        if t.max_level is not None and t.max_level >= pr.Level.EMPOWER
    }
    shown = set(p.eval_on_selector_all("#techniques > li:visible", "els => els.map(e => e.dataset.path)"))
    assert shown == {f"techniques/{tid}/" for tid in expected}
    p.click("button[type=reset]")
    p.wait_for_function(
        f"document.querySelectorAll('#techniques > li:not([hidden])').length === {everything}"
    )
    assert errors == []


def _shown(p: "Page") -> set[str]:
    return set(p.eval_on_selector_all("#techniques > li:visible", "els => els.map(e => e.dataset.path)"))


def test_the_new_filters_narrow_the_finder_exactly_as_g_techniques(page, base_url):
    p, errors = page
    p.goto(base_url + "find/index.html")
    cat = _catalogue()
    g = cat.graph()

    def expect(**query: Any) -> set[str]:
        return {f"techniques/{tid}/" for tid in g.techniques(**query).ids}

    p.check("#f-facilitation-some")
    assert _shown(p) == expect(facilitation="some")
    p.check("#f-internet-not-needed")
    assert _shown(p) == expect(facilitation="some", internet=False)
    p.check("#f-contributor-time-weeks")
    both = expect(facilitation="some", internet=False, contributor_time="weeks")
    assert 0 < len(both) < len(expect(facilitation="some", internet=False))
    assert _shown(p) == both
    p.check("#f-form-method")
    assert _shown(p) == expect(facilitation="some", internet=False, contributor_time="weeks", form="method")
    p.click("button[type=reset]")
    # Formats: a technique must be offered in every format ticked, not just one.
    p.check("#f-formats-easy-read")
    assert _shown(p) == expect(formats="easy-read")
    p.check("#f-formats-bsl")
    assert p.is_checked("#f-formats-easy-read")  # tick several formats at once
    both_formats = expect(formats=["easy-read", "bsl"])
    assert _shown(p) == both_formats
    assert "techniques/test-easy-read-panel/" in both_formats

    def suits(*bands: str) -> set[str]:
        """The techniques shown that a ticked age band fits, as the finder lists each one."""
        return {
            path
            for path in both_formats
            if set(bands) & set(technique_facets(cat.techniques[path.split("/")[1]])["age"])
        }

    p.check("#f-age-11-17")
    assert _shown(p) == suits("11-17")
    assert "techniques/test-easy-read-panel/" in _shown(p)  # ages 16 and over
    p.check("#f-age-65-and-over")  # any of the ticked ages
    assert _shown(p) == suits("11-17", "65-and-over")
    assert errors == []


def test_pagefind_search_runs_over_every_record(page, base_url):
    p, errors = page
    p.goto(base_url + "find/index.html")
    p.fill("#finder-search", "photographs")
    p.wait_for_function("document.querySelectorAll('#techniques > li:not([hidden])').length < 20")
    shown = p.eval_on_selector_all("#techniques > li:visible", "els => els.map(e => e.dataset.path)")
    assert "techniques/photovoice/" in shown
    filters = p.evaluate(
        "async () => { const m = await import('/pagefind/pagefind.js'); return await m.filters(); }"
    )
    assert "design" in filters["stage"]
    assert {"Technique", "Case story", "Resource", "Organisation"} <= set(filters["kind"])
    for name in ("form", "facilitation", "internet", "formats", "age", "contributor-time", "lead-time"):
        assert filters[name], name
    assert {"easy-read", "bsl", "interpreted"} <= set(filters["formats"])  # the test catalogue's, and core's
    assert errors == []


def _validates(text: str, tmp_path: Path) -> dict[str, Any]:
    """Read a case record made by the form the way the catalogue reads it; return the case."""
    (case,) = tomllib.loads(text)["case"]
    file = tmp_path / "case.toml"
    file.write_text('[catalogue]\nname = "mine"\nextends = ["core"]\n\n' + text, encoding="utf-8")
    core = pr.load("core")
    mine = pr.Catalogue.from_path(file, context=core)  # raises if any field is invalid
    assert core.merge(mine).check() == ()
    return dict(case)


def test_the_form_builds_a_case_record_that_validates(page, base_url, tmp_path):
    p, errors = page
    p.goto(base_url + "contribute/index.html")
    p.click("#case-form button[type=submit]")
    assert p.locator("#form-errors").is_visible()
    assert p.locator("#form-errors li").count() == 3  # name, summary, technique: nothing else is required
    assert p.locator("#c-name").get_attribute("aria-invalid") == "true"
    p.fill("#c-name", 'Our "kitchen table" panel')
    p.fill("#c-organisation", "A charity")
    p.fill("#c-year", "2024")
    p.fill("#c-summary", "Patients met monthly\nto shape a study.")
    p.fill("#c-technique-filter", "photo")
    assert p.locator("#c-technique-list > div:visible").count() < 10  # the picker narrows
    p.check("#c-t-photovoice")
    p.check("#c-s-design")
    p.check("#c-p-patient")
    p.fill("#c-outcomes", "The survey was shortened.\nA new outcome was added.")
    p.fill("#c-source-title", "Our report")
    p.fill("#c-source-url", "https://example.org/report")
    p.click("#case-form button[type=submit]")
    assert p.locator("#form-errors").is_hidden()
    story = p.locator("#case-text").inner_text()
    assert "Patients met monthly" in story
    assert "Photovoice" in story
    assert "[[case]]" not in story  # the record is behind a toggle, not the story
    assert p.locator("#case-toml").is_hidden()
    case = _validates(p.input_value("#case-toml"), tmp_path)
    assert case["name"] == 'Our "kitchen table" panel'
    assert case["techniques"] == ["photovoice"]
    assert case["outcomes"] == ["The survey was shortened.", "A new outcome was added."]
    assert p.get_attribute("#send-link", "href") == "https://example.org/send"
    assert errors == []


HOSTILE = 'Caf\u00e9 \u201cWord\u201d \u2018quotes\u2019\x7f\x00\x1b[31m\U0001f600 \\ "end"\r\nline'


def test_the_form_makes_a_valid_record_from_hostile_input(page, base_url, tmp_path):
    """Word's quotes, DEL and other controls, escapes, an emoji, Windows line ends: a valid record."""
    p, errors = page
    p.set_viewport_size({"width": 320, "height": 700})
    p.goto(base_url + "contribute/index.html")
    p.fill("#c-name", HOSTILE)
    p.fill("#c-year", "0202")  # not the year 202
    p.fill("#c-summary", HOSTILE)
    p.fill("#c-other", "Walking interviews" + HOSTILE)
    p.fill("#c-outcomes", HOSTILE + "\n\n" + HOSTILE)
    p.fill("#c-source-url", "javascript:alert(1)")
    p.click("#case-form button[type=submit]")
    problems = p.locator("#form-errors li").all_inner_texts()
    assert any("four digits, from 1500 to 2100" in t for t in problems)
    assert any("web address" in t for t in problems)
    assert len(problems) == 2  # the other technique counts as a technique
    p.fill("#c-year", "1999")
    p.fill("#c-source-url", "")
    p.click("#case-form button[type=submit]")
    assert p.locator("#form-errors").is_hidden()
    case = _validates(p.input_value("#case-toml"), tmp_path)
    assert case["year"] == 1999
    assert case["name"] == 'Caf\u00e9 \u201cWord\u201d \u2018quotes\u2019[31m\U0001f600 \\ "end" line'
    assert "Walking interviews" in case["summary"]
    assert "sources" not in case  # a web page is optional
    assert case["id"] == "cafe-word-quotes-31m-end-line"
    assert p.evaluate("document.documentElement.scrollWidth") <= 320
    assert errors == []


def test_without_javascript_the_form_says_where_to_write(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    p = context.new_page()
    p.goto(base_url + "contribute/index.html")
    assert p.locator("#case-form").is_hidden()  # nothing to type and then lose
    text = p.locator("main").inner_text()
    assert "write your story in your own words and send it on this page: https://example.org/send" in text
    assert "do not include names or health details of other people" in text.lower()
    context.close()


def test_the_header_search_finds_photovoice_first(page, base_url):
    """From any page: type in the header's box, land on the results, the technique first."""
    p, errors = page
    p.set_viewport_size({"width": 390, "height": 800})
    p.goto(base_url + "stages/design/index.html")
    p.fill("#header-search", "photovoice")
    p.press("#header-search", "Enter")
    p.wait_for_selector("#search-results > li")
    assert p.url.endswith("search/index.html?q=photovoice")
    first = p.locator("#search-results > li").first
    assert first.locator("a").inner_text() == "Photovoice"
    assert first.locator(".kind-label").inner_text() == "Technique"
    assert "photovoice" in first.locator("p mark").first.inner_text().lower()  # an excerpt, marked
    assert "found for “photovoice”" in p.locator("#search-status").inner_text()
    kinds = set(p.locator("#search-results .kind-label").all_inner_texts())
    assert {"Technique", "Case story", "Resource"} <= kinds
    assert p.locator("#search-help").is_hidden()
    first.locator("a").click()
    assert p.url.endswith("techniques/photovoice/index.html")
    assert errors == []


def test_a_search_that_finds_nothing_says_what_to_try(page, base_url):
    p, errors = page
    p.goto(base_url + "search/index.html?q=zzqxj")
    p.wait_for_selector("#search-help:not([hidden])")
    assert "Nothing found for “zzqxj”" in p.locator("#search-status").inner_text()
    assert p.locator("#search-results > li").count() == 0
    assert errors == []


@pytest.mark.parametrize(
    ("query", "options"),
    [
        (
            "stage=design&people=patient&level=involve&mode=online",
            ["--stage", "design", "--stakeholder", "patient", "--level", "involve", "--mode", "online"],
        ),
        ("stage=analysis&stage=design&cost=medium", ["--stage", "analysis,design", "--cost", "medium"]),
        ("formats=easy-read&formats=bsl", ["--offered-in", "easy-read,bsl"]),
    ],
)
def test_a_finder_address_opens_the_same_list_as_participatory_find(page, base_url, capsys, query, options):
    """A shared link to the finder reloads the same list as the command with the same options."""
    from participatory._cli import main

    assert main(["find", "-c", "core", "-c", str(ORGS), *options, "--format", "json"]) == 0
    expected = {f"techniques/{t['id']}/" for t in json.loads(capsys.readouterr().out)["techniques"]}
    assert expected
    p, errors = page
    p.goto(base_url + "find/index.html?" + query)
    assert _shown(p) == expected
    assert f"{len(expected)} technique" in p.locator("#finder-status").inner_text()
    assert errors == []


def test_finder_choices_live_in_the_address_and_as_removable_chips(page, base_url):
    p, errors = page
    p.set_viewport_size({"width": 1280, "height": 800})
    p.goto(base_url + "find/index.html")
    assert p.locator("#chosen").is_hidden()
    p.check("#f-stage-design")
    p.check("#f-level-involve")
    assert "stage=design" in p.url
    assert "level=involve" in p.url
    chips = p.locator("#chosen button")
    # Each chip is a button named for what it removes.
    assert [" ".join(t.split()) for t in chips.all_inner_texts()] == ["Remove: Design ×", "Remove: Involve ×"]
    narrowed = _shown(p)
    p.goto(p.url)  # reload the shared address
    assert p.is_checked("#f-stage-design")
    assert _shown(p) == narrowed
    p.locator("#chosen button", has_text="Involve").click()
    assert p.is_checked("#f-level-any")
    assert "level=" not in p.url
    assert _shown(p) == {f"techniques/{t}/" for t in _catalogue().graph().techniques(stage="design").ids}
    assert errors == []


def test_on_a_phone_the_filters_fold_behind_a_button(page, base_url):
    p, errors = page
    p.set_viewport_size({"width": 320, "height": 700})
    p.goto(base_url + "find/index.html")
    assert p.locator("#finder fieldset").first.is_hidden()
    toggle = p.locator("#filters-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    p.check("#f-stage-design")
    count = len(_catalogue().graph().techniques(stage="design"))
    show = p.locator("#show-results")
    assert show.inner_text() == f"Show {count} techniques"
    show.click()
    assert p.locator("#finder fieldset").first.is_hidden()
    assert p.evaluate("document.activeElement.id") == "list-heading"
    assert errors == []


def test_each_way_in_on_the_home_page_opens_its_guide(page, base_url):
    """A carer follows their way in from the home page to a guide that says what to do now."""
    p, errors = page
    p.set_viewport_size({"width": 390, "height": 800})
    p.goto(base_url + "index.html")
    links = p.locator("ul.roles > li").first.locator("a").first
    assert links.inner_text() == "What to do now: a guide for you"
    carer = p.locator("ul.roles > li", has_text="patient, carer or member of the public")
    carer.get_by_role("link", name="What to do now: a guide for you").click()
    assert p.url.endswith("guides/patients-carers-public/index.html")
    assert p.get_by_role("heading", level=1).inner_text() == "For patients, carers and members of the public"
    assert p.locator("ol.steps li").count() >= 3
    p.get_by_role("link", name="Carer", exact=True).click()
    assert p.url.endswith("stakeholders/carer/index.html")
    for heading in ("How you can take part", "Payment and expenses", "If you want to stop"):
        assert p.get_by_role("heading", name=heading).is_visible()
    assert errors == []


def test_a_welsh_search_finds_a_welsh_page_in_the_welsh_index(page, base_url):
    """Pagefind keeps one index per language (by <html lang>): a Welsh word is found in Welsh only."""
    p, errors = page
    _open(p, base_url + "cy/search/index.html?q=ffotograffau")  # in photovoice's Welsh name only
    links = p.eval_on_selector_all("#search-results a", "els => els.map(e => e.href)")
    assert base_url + "cy/techniques/photovoice/index.html" in links
    assert all("/cy/" in link for link in links)
    _open(p, base_url + "search/index.html?q=ffotograffau")  # the English index: English pages only
    english = p.eval_on_selector_all("#search-results a", "els => els.map(e => e.href)")
    assert base_url + "techniques/photovoice/index.html" not in english
    assert not any("/cy/" in link for link in english)
    assert errors == []


def test_the_language_link_opens_the_same_page_in_the_other_language(page, base_url):
    p, errors = page
    p.goto(base_url + "techniques/photovoice/index.html")
    p.click("nav.languages a[lang=cy]")
    assert p.url == base_url + "cy/techniques/photovoice/index.html"
    p.click("nav.languages a[lang=en]")
    assert p.url == base_url + "techniques/photovoice/index.html"
    assert errors == []


def _pdf(data: bytes) -> Any:
    try:
        from pypdf import PdfReader
    except ImportError:
        _need("pypdf")
    import io

    return PdfReader(io.BytesIO(data))


def _squeezed(text: str) -> str:
    """Text without spaces or line breaks (a PDF's text breaks lines where the page did), ligatures undone."""
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", text).split())


def _longest_cards(n: int) -> list[str]:
    """The core techniques whose cards carry the most words (steps, summary, sources)."""
    core = pr.load("core")

    def size(t: pr.Technique) -> int:
        return sum(map(len, t.how_to)) + len(t.plain or t.summary) + sum(len(s.title) for s in t.sources[:4])

    return [t.id for t in sorted(core.techniques.values(), key=size, reverse=True)[:n]]


def test_every_core_technique_card_prints_on_one_a4_page_with_its_steps(page, base_url):
    """Printed as a browser prints (A4 from the card's own print style), each card is one page."""
    p, errors = page
    core = pr.load("core")
    pages = {}
    for tid, tech in core.techniques.items():
        p.goto(f"{base_url}techniques/{tid}/card/index.html")
        pdf = _pdf(p.pdf(prefer_css_page_size=True))
        pages[tid] = len(pdf.pages)
        width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
        assert (round(width), round(height)) == (595, 842), tid  # A4 in points
        printed = _squeezed("".join(page.extract_text() for page in pdf.pages))
        for step in (tech.how_to[0], tech.how_to[-1]):
            assert _squeezed(step) in printed, (tid, step)
    assert len(pages) == len(core.techniques)
    assert {tid: n for tid, n in pages.items() if n != 1} == {}
    assert errors == []


def test_the_longest_welsh_cards_print_on_one_page(page, base_url):
    """Welsh runs longer, and English shown for want of a translation carries a mark."""
    p, errors = page
    for tid in _longest_cards(5):
        p.goto(f"{base_url}cy/techniques/{tid}/card/index.html")
        assert p.evaluate("document.documentElement.lang") == "cy"
        assert len(_pdf(p.pdf(prefer_css_page_size=True)).pages) == 1, tid
    assert errors == []


def test_the_one_page_check_can_fail(page, base_url):
    """The same card with its steps four times over runs onto a second page."""
    p, _ = page
    tid = _longest_cards(1)[0]
    p.goto(f"{base_url}techniques/{tid}/card/index.html")
    p.eval_on_selector(".card-steps", "ol => ol.insertAdjacentHTML('afterend', ol.outerHTML.repeat(3))")
    assert len(_pdf(p.pdf(prefer_css_page_size=True)).pages) > 1


def test_the_longest_cards_print_on_one_page_from_chromium_itself(base_url, tmp_path):
    """`chromium --headless --print-to-pdf`, with its default date, title and address in the margins."""
    import subprocess

    if not CHROMIUM.is_file():
        _need(str(CHROMIUM))
    for tid in _longest_cards(3):
        out = tmp_path / f"{tid}.pdf"
        subprocess.run(
            [str(CHROMIUM), *ARGS, f"--print-to-pdf={out}", f"{base_url}techniques/{tid}/card/index.html"],
            check=True,
            capture_output=True,
        )
        assert len(_pdf(out.read_bytes()).pages) == 1, tid
