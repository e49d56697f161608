"""The community pages in a real headless browser: axe-core, reflow, filters, the closing script.

The site is built for 2026-01-10 from core and ``data/site-community.toml``; the browser's
own calendar is later than that, so the opportunities that were open at the build but have
closed since are marked closed by the page's script, while the one closing in 2099 is not.
Fixtures (the browser, axe-core, a page with its console errors) come from
``test_site_browser``, with the same rules for skipping.
"""

import datetime as dt
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import participatory as pr
from tests import test_site_browser as shared
from tests.test_site_browser import WIDTHS, _axe, _need, _Quiet

# The browser, axe-core and a page that records console errors: the site tests' own fixtures.
browser, axe_source, page = shared.browser, shared.axe_source, shared.page

DATA = Path(__file__).parent / "data" / "site-community.toml"
BUILT_ON = dt.date(2026, 1, 10)

PAGES = [
    "opportunities/index.html",
    "opportunities/test-closes-today/index.html",
    "opportunities/test-closes-next-week/index.html",
    "opportunities/test-closed-yesterday/index.html",
    "opportunities/test-partner-far-future/index.html",
    "answers/index.html",
    "answers/will-i-be-paid/index.html",
    "collaborate/index.html",
    "organisations/test-open-network/index.html",
    "propose/index.html",
    "ask/index.html",
]


@pytest.fixture(scope="module")
def site_url(tmp_path_factory) -> Iterator[str]:
    try:
        from participatory._publish import build_site
    except ImportError:
        _need("the site extra (jinja2)")
    core = pr.load("core")
    cat = core.merge(pr.Catalogue.from_path(DATA, context=core))
    out = tmp_path_factory.mktemp("community-browser") / "site"
    build_site(
        cat,
        out,
        contribute_url="ppi@example.org",
        community_url="https://example.org/forum",
        today=BUILT_ON,
        search=False,
    )
    handler = functools.partial(_Quiet, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violation_at_every_width(page, site_url, axe_source, path, width):
    p, errors = page
    p.set_viewport_size({"width": width, "height": 800})
    p.emulate_media(color_scheme="dark" if width == 320 else "light")
    p.goto(site_url + path)
    assert _axe(p, axe_source) == []
    assert errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_no_community_page_scrolls_sideways(page, site_url, width):
    p, errors = page
    p.set_viewport_size({"width": width, "height": 800})
    wide = {}
    for path in PAGES:
        p.goto(site_url + path)
        if path.endswith("s/index.html") or path == "collaborate/index.html":
            for box in p.locator("#finder input[type=checkbox]").all()[:3]:
                if box.is_visible():
                    box.check()
        scroll = p.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            wide[path] = scroll
    assert wide == {}
    assert errors == []


def _shown(p, list_id: str) -> set[str]:
    return set(p.eval_on_selector_all(f"#{list_id} > li:visible", "els => els.map(e => e.dataset.path)"))


def test_the_boards_filters_narrow_the_list_and_live_in_the_address(page, site_url):
    p, errors = page
    p.goto(site_url + "opportunities/index.html")
    everything = {
        "opportunities/test-closes-today/",
        "opportunities/test-closes-next-week/",
        "opportunities/test-partner-far-future/",
    }
    assert _shown(p, "opportunities") == everything
    p.check("#f-paid-paid")
    assert _shown(p, "opportunities") == {"opportunities/test-closes-today/"}
    assert "paid=paid" in p.url
    p.uncheck("#f-paid-paid")
    p.check("#f-place-cardiff")
    p.check("#f-place-leeds")  # any of the places ticked
    assert _shown(p, "opportunities") == {
        "opportunities/test-closes-next-week/",
        "opportunities/test-partner-far-future/",
    }
    p.check("#f-closing-soon")
    assert _shown(p, "opportunities") == {"opportunities/test-closes-next-week/"}
    assert "1 opportunity matches your choices." in p.locator("#finder-status").inner_text()
    # The address opens the same list.
    p.goto(p.url)
    assert p.is_checked("#f-place-cardiff")
    assert p.is_checked("#f-closing-soon")
    assert _shown(p, "opportunities") == {"opportunities/test-closes-next-week/"}
    p.click("button[type=reset]")
    p.wait_for_function("document.querySelectorAll('#opportunities > li:not([hidden])').length === 3")
    assert errors == []


def test_the_script_marks_an_opportunity_closed_since_the_build(page, site_url):
    p, errors = page
    p.goto(site_url + "opportunities/test-closes-today/index.html")  # closed on 2026-01-10
    assert p.locator("[data-closed-only]").is_visible()
    assert "This opportunity closed on 10 January 2026" in p.locator("main").inner_text()
    assert p.locator("a.button").is_hidden()
    p.goto(site_url + "opportunities/test-partner-far-future/index.html")  # open until 2099
    assert p.locator("[data-closed-only]").is_hidden()
    assert p.locator("a.button").is_visible()
    p.goto(site_url + "opportunities/index.html")
    today = p.locator('li[data-path="opportunities/test-closes-today/"] .closed-badge')
    future = p.locator('li[data-path="opportunities/test-partner-far-future/"] .closed-badge')
    assert today.is_visible()
    assert future.is_hidden()
    assert errors == []


def test_without_javascript_an_opportunity_shows_its_closing_date(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    p = context.new_page()
    p.goto(site_url + "opportunities/test-closes-today/index.html")
    text = p.locator("main").inner_text()
    assert "Closing date: 10 January 2026." in text
    assert "This opportunity closed" not in text
    assert p.locator("a.button").is_visible()
    p.goto(site_url + "opportunities/index.html")
    assert p.locator("#finder").is_hidden()
    assert p.locator("#opportunities > li").count() == 3
    context.close()


def test_people_to_work_with_filters_by_topic_technique_and_stage(page, site_url):
    p, errors = page
    p.goto(site_url + "collaborate/index.html")
    everything = _shown(p, "partners")
    assert everything == {
        "organisations/test-open-network/",
        "organisations/test-data-lab/",
        "opportunities/test-partner-far-future/",
    }
    p.check("#f-topic-data-sharing")
    assert _shown(p, "partners") == {"organisations/test-data-lab/"}
    p.click("button[type=reset]")
    p.check("#f-stage-design")
    assert _shown(p, "partners") == {
        "organisations/test-open-network/",
        "opportunities/test-partner-far-future/",
    }
    p.check("#f-technique-citizens-jury")
    assert _shown(p, "partners") == {"opportunities/test-partner-far-future/"}
    assert errors == []


# --------------------------------------------------------------------------- the forms


def _import(tmp_path: Path, text: str, kind: str) -> dict[str, Any]:
    """Read a form's download as ``participatory intake import`` does; return the draft's record."""
    from participatory._intake import Inbox, import_responses

    file = tmp_path / f"{kind}.toml"
    file.write_text(text, encoding="utf-8")
    inbox = tmp_path / "inbox"
    summary = import_responses(file, kind, inbox, contact="sender@example.org", consents=["publish"])
    assert summary.channel == "site-form"
    assert len(summary.added) == 1
    drafts, problems = Inbox(inbox).drafts()
    assert problems == []
    (draft,) = drafts
    assert draft.envelope.contact == "sender@example.org"
    again = import_responses(file, kind, inbox)  # the same download twice adds nothing
    assert again.added == ()
    return dict(draft.record)


def _check(text: str, tmp_path: Path) -> None:
    file = tmp_path / "check.toml"
    file.write_text('[catalogue]\nname = "mine"\nextends = ["core"]\n\n' + text, encoding="utf-8")
    core = pr.load("core")
    mine = pr.Catalogue.from_path(file, context=core)  # raises if any field is invalid
    assert core.merge(mine).check() == ()


def test_the_opportunity_form_asks_for_what_is_required(page, site_url):
    p, errors = page
    p.goto(site_url + "propose/index.html")
    p.click("#record-form button[type=submit]")
    problems = p.locator("#form-errors li").all_inner_texts()
    assert problems == [
        "Enter the title of the opportunity",
        "Say in a few sentences what it is",
        "Choose what kind of opportunity it is",
        "Enter the closing date",
        "Say how to apply",
    ]
    assert p.locator("#o-name").get_attribute("aria-invalid") == "true"
    p.fill("#o-closes", "2020-01-31")
    p.fill("#o-apply", "javascript:alert(1)")
    p.fill("#o-hours", "two")
    p.click("#record-form button[type=submit]")
    problems = p.locator("#form-errors li").all_inner_texts()
    assert "The closing date has passed: enter a date from today on" in problems
    assert "Enter a web address starting with https:// or an e-mail address" in problems
    assert "Enter the hours a session as a number, for example 2 or 1.5" in problems
    assert errors == []


def test_the_opportunity_form_makes_a_record_that_intake_imports(page, site_url, tmp_path):
    p, errors = page
    p.goto(site_url + "propose/index.html")
    p.fill("#o-name", 'Join our "heart" panel')
    p.fill("#o-plain", "Help us choose what\nour study asks.")
    p.check("#o-kind-role")
    p.fill("#o-organisation", "Example Heart Unit")
    p.check("#o-stakeholders-patient")
    p.check("#o-stakeholders-carer")
    p.check("#o-stages-design")
    p.check("#o-modes-online")
    p.fill("#o-place", "Leeds")
    p.fill("#o-hours", "1.5")
    p.fill("#o-sessions", "4")
    p.fill("#o-period", "over a year")
    p.fill("#o-closes", "2099-01-31")
    p.check("#o-payment-offered-yes")
    p.fill("#o-amount", "25")
    p.check("#o-payment-unit-hour")
    p.fill("#o-policy", "NIHR payment guidance")
    p.check("#o-expenses-travel")
    p.check("#o-expenses-data")
    p.fill("#o-support", "An induction.\n\nA named contact.")
    p.check("#o-formats-easy-read")
    p.fill("#o-warning", "Talks about heart attacks.")
    p.fill("#o-apply", "panel@example.org")
    p.click("#record-form button[type=submit]")
    assert p.locator("#form-errors").is_hidden()
    text = p.locator("#case-text").inner_text()
    assert 'Join our "heart" panel' in text
    assert "Patient, Carer" in text
    record_text = p.input_value("#case-toml")
    assert record_text.startswith("[[opportunity]]")
    _check(record_text, tmp_path)
    record = _import(tmp_path, record_text, "opportunity")
    assert record["name"] == 'Join our "heart" panel'
    assert record["kind"] == "role"
    assert record["closes"] in ("2099-01-31", dt.date(2099, 1, 31))
    assert record["stakeholders"] == ["patient", "carer"]
    assert record["commitment"] == {"hours": 1.5, "sessions": 4, "period": "over a year"}
    assert record["payment"] == {
        "offered": True,
        "amount": 25,
        "unit": "hour",
        "policy": "NIHR payment guidance",
    }
    assert record["expenses"] == ["travel", "data"]
    assert record["support"] == ["An induction.", "A named contact."]
    assert record["apply"] == "panel@example.org"
    href = p.get_attribute("#send-link", "href")
    assert href.startswith("mailto:ppi@example.org?subject=")
    assert p.get_attribute("#download-toml", "download") == "opportunity-join-our-heart-panel.toml"
    assert errors == []


def test_the_question_form_makes_a_draft_answer_that_intake_imports(page, site_url, tmp_path):
    p, errors = page
    p.set_viewport_size({"width": 320, "height": 700})
    p.goto(site_url + "ask/index.html")
    p.click("#record-form button[type=submit]")
    assert p.locator("#form-errors li").all_inner_texts() == ["Enter your question"]
    p.fill("#q-name", "Caf\u00e9 \u201cWord\u201d\x7f\x00 question?\r\nsecond line")
    p.check("#q-audience-researcher")
    p.check("#q-topics-payment")
    p.click("#record-form button[type=submit]")
    assert p.locator("#form-errors").is_hidden()
    record = _import(tmp_path, p.input_value("#case-toml"), "answer")
    assert record["name"] == "Caf\u00e9 \u201cWord\u201d question? second line"
    assert record["audience"] == ["researcher"]
    assert record["topics"] == ["payment"]
    assert "answer" not in record  # the reviewers write the answer
    assert p.evaluate("document.documentElement.scrollWidth") <= 320
    assert errors == []


def test_without_javascript_the_forms_say_where_to_write(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    p = context.new_page()
    for path in ("propose/index.html", "ask/index.html"):
        p.goto(site_url + path)
        assert p.locator("#record-form").is_hidden()
        text = p.locator("main").inner_text()
        assert "send it by email to ppi@example.org" in text
        assert "do not include health details about yourself or anyone else" in text.lower()
    context.close()
