"""Right-to-left record text cannot reorder the page around it: checked in headless chromium.

A name in Arabic followed by a count, "مقدمو الرعاية (2)", is laid out by the Unicode
bidirectional algorithm: without isolation the digits and brackets join the Arabic run and
are drawn to its left. Record text on the site is isolated (``<bdi>``, ``dir="auto"``, and
Unicode isolates in ``<title>``), so what follows stays where the page's words put it.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import participatory as pr

from .test_site_browser import browser  # noqa: F401  # the module's chromium fixture

ARABIC = "مقدمو الرعاية"  # carers
HEBREW = "קבוצת מיקוד 2"  # focus group 2: a right-to-left name ending in a number


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    pytest.importorskip("jinja2")
    cat = pr.Catalogue(
        [
            pr.Stage(id="design", name="Design", order=1),
            pr.Stakeholder(id="carers-ar", name=ARABIC, summary="يعتنون بشخص ما."),
            pr.Technique(
                id="focus-group-he",
                name=HEBREW,
                summary="קבוצה קטנה מדברת על נושא אחד.",
                stages=("design",),
                stakeholders=("carers-ar",),
            ),
            pr.Technique(id="survey", name="Survey", stages=("design",), stakeholders=("carers-ar",)),
        ],
        info=pr.CatalogueInfo(name="bidi", title="Bidi test"),
    )
    out = tmp_path_factory.mktemp("bidi") / "site"
    return Path(pr.build_site(cat, out, search=False, title="Bidi test"))


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:  # noqa: F811
    context = browser.new_context()
    yield context.new_page()
    context.close()


#: The x of the right edge of a list item's name, and of the left edge of the count after it.
MEASURE = """(li) => {
    const name = li.querySelector('a');
    const text = [...li.childNodes].find(n => n.nodeType === 3 && /\\d/.test(n.textContent));
    const range = document.createRange();
    const at = text.textContent.search(/\\d/);
    range.setStart(text, at);
    range.setEnd(text, at + 1);
    return [name.getBoundingClientRect().left, name.getBoundingClientRect().right,
            range.getBoundingClientRect().left];
}"""


def count_after_name(tab: Any, li: Any) -> tuple[float, float, float]:
    left, right, digit = tab.evaluate(MEASURE, li)
    return left, right, digit


def test_a_right_to_left_name_does_not_move_the_count_after_it(site, tab):
    tab.goto((site / "find" / "people" / "index.html").as_uri())
    li = tab.locator("li", has_text=ARABIC).element_handle()
    assert li.inner_html().count("<bdi>") == 1
    left, right, digit = count_after_name(tab, li)
    assert digit >= right - 1, (left, right, digit)  # "(2)" is to the right of the name
    # The same markup without <bdi> is laid out the other way: the test can fail.
    tab.set_content(
        f'<!doctype html><html lang="en"><body><ul><li><a href="#">{ARABIC}</a> (2)</li></ul></body></html>'
    )
    left, right, digit = count_after_name(tab, tab.locator("li").element_handle())
    assert digit < left, (left, right, digit)


def test_record_text_is_isolated_on_its_page(site, tab):
    tab.goto((site / "techniques" / "focus-group-he" / "index.html").as_uri())
    # The title: the name isolated, so " | Bidi test" is not pulled into the Hebrew run.
    assert tab.title() == f"\u2068{HEBREW}\u2069 | \u2068Bidi test\u2069"
    heading = tab.locator("h1 bdi")
    assert heading.inner_text() == HEBREW
    assert heading.evaluate("e => getComputedStyle(e).direction") == "rtl"  # its own direction
    assert tab.locator("h1").evaluate("e => getComputedStyle(e).direction") == "ltr"  # the page's
    summary = tab.locator("p.summary")
    assert summary.get_attribute("dir") == "auto"
    assert summary.evaluate("e => getComputedStyle(e).direction") == "rtl"
    # The breadcrumb keeps its order: Home, Techniques, the name, left to right.
    crumbs = tab.locator("nav.breadcrumb li").evaluate_all(
        "es => es.map(e => e.getBoundingClientRect().left)"
    )
    assert crumbs == sorted(crumbs)
    # A linked name (the stakeholder it involves) is isolated too.
    assert tab.locator("a bdi", has_text=ARABIC).count() >= 1


def test_the_finder_isolates_names_and_summaries(site, tab):
    tab.goto((site / "find" / "index.html").as_uri())
    item = tab.locator("li[data-path='techniques/focus-group-he/']")
    assert item.locator("a bdi").inner_text() == HEBREW
    assert item.locator("p").first.get_attribute("dir") == "auto"
