"""The community pages of the site: the opportunities board, answers, people to work with, feeds.

The site is built for a fixed day (2026-01-10) from core and ``data/site-community.toml``,
whose opportunities closed the day before, close on the day, close the week after and
close in 2099. The feeds are read back with the parsers people use: ``feedparser`` for
Atom, ``jsonfeed`` (jsonfeed-util) for JSON Feed 1.1 and ``icalendar`` for the calendar.
"""

import datetime as dt
import functools
import json
import re
from pathlib import Path

import pytest

import participatory as pr
from participatory._board import CLOSING_SOON_DAYS
from participatory._feeds import icalendar as ical_file
from participatory._site import site_data

pytest.importorskip("jinja2")

DATA = Path(__file__).parent / "data" / "site-community.toml"
DAY = dt.date(2026, 1, 10)
BASE = "https://example.org/ppi/"
OPEN = {"test-closes-today", "test-closes-next-week", "test-partner-far-future"}


@functools.cache
def _catalogue() -> pr.Catalogue:
    core = pr.load("core")
    return core.merge(pr.Catalogue.from_path(DATA, context=core))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from participatory._publish import build_site

    out = tmp_path_factory.mktemp("community") / "site"
    return build_site(
        _catalogue(),
        out,
        base_url=BASE,
        contribute_url="ppi@example.org",
        community_url="https://example.org/forum",
        today=DAY,
        search=False,
    )


def _read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_the_board_lists_exactly_the_opportunities_open_on_the_day_of_the_build():
    board = site_data(_catalogue(), today=DAY).board
    assert board is not None
    assert [i.page.record.id for i in board.opportunities] == [
        "test-closes-today",  # the closing day counts
        "test-closes-next-week",
        "test-partner-far-future",
    ]
    assert board.closed == {"test-closed-yesterday"}
    assert {i.page.record.id for i in board.opportunities if i.soon} == {
        "test-closes-today",
        "test-closes-next-week",
    }
    # A day later, the one closing that day is closed too.
    later = site_data(_catalogue(), today=DAY + dt.timedelta(days=1)).board
    assert later is not None
    assert {i.page.record.id for i in later.opportunities} == OPEN - {"test-closes-today"}


def test_the_boards_filters_come_from_the_declarations_and_the_day():
    board = site_data(_catalogue(), today=DAY).board
    assert board is not None
    facets = {f.name: {v.slug: (v.label, set(v.techniques)) for v in f.values} for f in board.facets}
    assert set(facets) == {"kind", "people", "mode", "place", "paid", "stage", "closing"}
    assert facets["kind"]["role"] == ("Role", {"test-closes-today"})
    assert facets["place"]["west-yorkshire"][0] == "West Yorkshire"  # the place as written
    assert set(facets["paid"]) == {"paid"}
    assert facets["paid"]["paid"][1] == {"test-closes-today"}
    assert facets["closing"]["soon"] == (
        f"Closes in the next {CLOSING_SOON_DAYS} days",
        {"test-closes-today", "test-closes-next-week"},
    )
    assert "test-closed-yesterday" not in {t for f in facets.values() for _, ids in f.values() for t in ids}


def test_the_board_page_lists_the_open_ones_with_their_filters(built):
    html = _read(built, "opportunities/index.html")
    for rid in OPEN:
        assert f'data-path="opportunities/{rid}/"' in html
    assert "test-closed-yesterday" not in html
    assert 'data-list="opportunities"' in html
    assert re.search(r'data-path="opportunities/test-closes-today/"[^>]*data-paid="paid"', html)
    assert 'id="f-closing-soon"' in html
    assert "This list was made on 10 January 2026" in html


def test_an_opportunity_page_says_everything_a_person_needs(built):
    html = _read(built, "opportunities/test-closes-today/index.html")
    for words in (
        "£25 an hour, following the NIHR public contributor payment policy",
        "Phone or internet data",
        "An induction session.",
        "Easy read",
        "Who to ask about adjustments",
        "Adults living with a heart condition",
        "2 hours a session, 4 sessions, over a year",
        "Closing date: <strong>10 January 2026</strong>",
        '<a class="button" href="mailto:involvement@example.org">',
        "do not send health details about yourself or anyone else",
    ):
        assert words in html, words
    assert 'data-closes="2026-01-10"' in html
    assert "data-pagefind-body" in html
    assert 'src="../../static/closing.js"' in html


def test_a_content_warning_comes_before_the_description_and_only_once(built):
    html = _read(built, "opportunities/test-closes-next-week/index.html")
    html = html[html.index("<main") :]
    warning = html.index("The workshop talks about sudden death in families.")
    assert warning < html.index(
        "A co-design workshop about &lt;b&gt;heart&lt;/b&gt; services &amp; waiting times."
    )
    assert html.count("sudden death in families") == 1
    assert "Unpaid" in html
    assert '<a class="button" href="https://example.org/workshop">' in html


def test_a_closed_opportunity_keeps_its_page_but_is_not_searched_or_applied_to(built):
    html = _read(built, "opportunities/test-closed-yesterday/index.html")
    assert "This opportunity closed on 9 January 2026" in html
    assert "data-pagefind-body" not in html
    assert 'class="button"' not in html
    for path in ("index.html", "opportunities/index.html", "collaborate/index.html"):
        assert "test-closed-yesterday" not in _read(built, path)


def test_answers_are_linked_from_the_pages_they_are_about(built):
    cat = _catalogue()
    about_design = [a for a in cat.answers.values() if "design" in a.stages]
    for_public = [a for a in cat.answers.values() if "public" in a.audience]
    about_jury = [a for a in cat.answers.values() if "citizens-jury" in a.techniques]
    assert about_design
    assert for_public
    assert about_jury
    for page, answers, label in (
        ("stages/design/index.html", about_design, "Questions and answers about this stage"),
        ("stakeholders/public/index.html", for_public, "Questions and answers for them"),
        ("techniques/citizens-jury/index.html", about_jury, "Questions and answers about it"),
    ):
        html = _read(built, page)
        assert label in html
        for a in answers:
            assert f"answers/{a.id}/index.html" in html, (page, a.id)


def test_the_answers_index_groups_every_answer_under_each_of_its_topics(built):
    html = _read(built, "answers/index.html")
    cat = _catalogue()
    sections = dict(re.findall(r'<h2 id="topic-([a-z0-9-]+)">.*?</h2>(.*?)</section>', html, re.S))
    for answer in cat.answers.values():
        for topic in answer.topics:
            assert f"answers/{answer.id}/index.html" in sections[topic], (answer.id, topic)
    assert '<a href="#topic-payment">Payment</a>' in html
    assert '<a href="#topic-co-production">Co-production</a>' in html  # not the technique's name


def test_people_to_work_with_lists_organisations_open_to_it_and_open_calls(built):
    html = _read(built, "collaborate/index.html")
    assert 'data-path="organisations/test-open-network/"' in html
    assert 'data-path="organisations/test-data-lab/"' in html
    assert 'data-path="opportunities/test-partner-far-future/"' in html
    assert "test-closed-shop" not in html  # says nothing about working together
    assert 'data-list="partners"' in html
    assert re.search(
        r'data-path="organisations/test-open-network/"[^>]*data-topic="heart-health young-carers"', html
    )
    assert '<a href="mailto:partnerships@example.org">partnerships@example.org</a>' in html
    assert '<a href="https://example.org/data-lab/contact">' in html
    for value in (
        "f-topic-data-sharing",
        "f-stage-analysis",
        "f-technique-photovoice",
        "f-technique-citizens-jury",
    ):
        assert f'id="{value}"' in html
    org = _read(built, "organisations/test-open-network/index.html")
    assert "Open to collaborate on" in org
    assert "partnerships@example.org" in org


def test_the_community_link_is_shown_only_when_configured(built, tmp_path):
    assert '<a href="https://example.org/forum">join our community space</a>' in _read(built, "index.html")
    data = site_data(_catalogue(), today=DAY, community_url="javascript:alert(1)")
    from participatory._html._site import render_pages

    home = dict(render_pages(data))["index.html"]
    assert "community space" not in home
    assert "javascript:" not in home
    plain = dict(render_pages(site_data(_catalogue(), today=DAY)))["index.html"]
    assert "community space" not in plain


def test_a_catalogue_without_opportunities_has_no_board_and_no_feed_of_them(tmp_path):
    from participatory._html._site import render_pages

    pages = dict(render_pages(site_data(pr.load("core"))))
    assert "opportunities/index.html" not in pages
    assert "collaborate/index.html" not in pages
    assert "answers/index.html" in pages  # core answers questions
    assert "Opportunities</a>" not in pages["index.html"]
    assert "Questions and answers</a>" in pages["index.html"]


# --------------------------------------------------------------------------- feeds


def test_the_pages_name_their_feeds(built):
    board = _read(built, "opportunities/index.html")
    for kind, name in (
        ("application/atom+xml", "opportunities.xml"),
        ("application/feed+json", "opportunities.json"),
        ("text/calendar", "opportunities.ics"),
    ):
        assert re.search(
            rf'<link rel="alternate" type="{re.escape(kind)}" [^>]*href="../feeds/{name}"', board
        )
    answers = _read(built, "answers/index.html")
    assert '<link rel="alternate" type="application/atom+xml"' in answers
    assert 'href="../feeds/answers.json"' in answers


def test_the_atom_feeds_parse_and_hold_exactly_the_open_opportunities(built):
    feedparser = pytest.importorskip("feedparser")
    feed = feedparser.parse(str(built / "feeds" / "opportunities.xml"))
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title.startswith("Opportunities to get involved")
    assert feed.feed.id == f"{BASE}feeds/opportunities.xml"
    assert {e.id for e in feed.entries} == {f"{BASE}opportunities/{rid}/" for rid in OPEN}
    entry = next(e for e in feed.entries if e.id.endswith("/test-closes-today/"))
    assert entry.link == f"{BASE}opportunities/test-closes-today/index.html"
    assert entry.updated_parsed[:3] == (2026, 1, 2)  # its posted date
    assert "£25 an hour" in entry.content[0].value
    answers = feedparser.parse(str(built / "feeds" / "answers.xml"))
    assert answers.bozo == 0
    assert len(answers.entries) == len(_catalogue().answers)


def test_the_json_feeds_parse_as_json_feed_1_1(built):
    jsonfeed = pytest.importorskip("jsonfeed")
    for name, expected in (("opportunities", OPEN), ("answers", set(_catalogue().answers))):
        text = _read(built, f"feeds/{name}.json")
        raw = json.loads(text)
        assert raw["version"] == "https://jsonfeed.org/version/1.1"
        feed = jsonfeed.Feed.parse_string(text)  # refuses a feed without title or item ids
        assert feed.feed_url == f"{BASE}feeds/{name}.json"
        assert {item.id for item in feed.items} == {f"{BASE}{name}/{rid}/" for rid in expected}
        for item in raw["items"]:
            assert item.get("content_text") or item.get("content_html")
            assert item["url"].startswith(BASE)


def test_the_calendar_parses_with_the_closing_and_start_dates_of_open_opportunities(built):
    icalendar = pytest.importorskip("icalendar")
    cal = icalendar.Calendar.from_ical((built / "feeds" / "opportunities.ics").read_bytes())
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {
        "test-closes-today-closes@example.org",
        "test-closes-next-week-closes@example.org",
        "test-closes-next-week-starts@example.org",
        "test-partner-far-future-closes@example.org",
    }
    closes = events["test-closes-next-week-closes@example.org"]
    assert closes["DTSTART"].dt == dt.date(2026, 1, 17)
    assert str(closes["SUMMARY"]) == "Closing date: Test workshop closing next week"
    assert "services & waiting times" in str(closes["DESCRIPTION"])
    assert str(closes["URL"]) == f"{BASE}opportunities/test-closes-next-week/index.html"
    assert events["test-closes-next-week-starts@example.org"]["DTSTART"].dt == dt.date(2026, 2, 3)


def test_the_calendar_keeps_hostile_text_and_folds_long_lines():
    icalendar = pytest.importorskip("icalendar")
    name = "Caf\u00e9; \u201cquotes\u201d, back\\slash\nnew line " + "\U0001f600\u00e9" * 60
    opp = pr.Opportunity(id="hostile", name=name, kind="event", closes="2030-05-01", plain="a,b;c\\d\ne")
    board = site_data(pr.Catalogue([opp]), today=DAY).board
    assert board is not None
    text = ical_file(board, site_title="T")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    (event,) = icalendar.Calendar.from_ical(text.encode("utf-8")).walk("VEVENT")
    assert str(event["SUMMARY"]) == f"Closing date: {name}"
    assert str(event["DESCRIPTION"]).startswith("a,b;c\\d\ne")


def test_without_a_base_address_the_feeds_link_relative_to_themselves(tmp_path):
    feedparser = pytest.importorskip("feedparser")
    from participatory._feeds import atom

    board = site_data(_catalogue(), today=DAY).board
    assert board is not None
    text = atom(board, "opportunities", site_title="T")
    assert 'href="../opportunities/test-closes-today/index.html"' in text
    feed = feedparser.parse(text)
    assert feed.bozo == 0
    assert feed.feed.id == "urn:participatory:feed:opportunities"
    assert feed.entries[0].id.startswith("urn:participatory:opportunity:")


def test_the_forms_are_there_only_when_there_is_an_address_to_send_to(built):
    from participatory._html._site import render_pages

    assert (built / "propose" / "index.html").is_file()
    assert (built / "ask" / "index.html").is_file()
    assert 'href="../propose/index.html"' in _read(built, "opportunities/index.html")
    assert 'href="../ask/index.html"' in _read(built, "answers/index.html")
    pages = dict(render_pages(site_data(_catalogue(), today=DAY)))
    assert "propose/index.html" not in pages
    assert "ask/index.html" not in pages
    assert "propose/index.html" not in pages["opportunities/index.html"]
    assert "ask/index.html" not in pages["answers/index.html"]


def test_the_forms_offer_the_values_the_records_take():
    from participatory._board import form_choices
    from participatory._community import EXPENSES, PAYMENT_UNITS

    choices = form_choices(_catalogue())
    assert [v for v, _ in choices["opportunity_kinds"]] == [str(k) for k in pr.OpportunityKind]
    assert [v for v, _ in choices["expenses"]] == list(EXPENSES)
    assert [v for v, _ in choices["units"]] == list(PAYMENT_UNITS)
    assert {v for v, _ in choices["topics"]} == {t for a in _catalogue().answers.values() for t in a.topics}


def test_the_feed_of_case_stories_holds_the_newest_and_parses(built):
    from participatory._board import CASE_FEED_SIZE

    feedparser = pytest.importorskip("feedparser")
    cases = _catalogue().cases.values()
    newest = sorted(cases, key=lambda c: (c.submitted or "", c.year or 0, c.id), reverse=True)
    feed = feedparser.parse(str(built / "feeds" / "cases.xml"))
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.feed.title.startswith("Case stories")
    expected = [f"{BASE}cases/{c.id}/" for c in newest[:CASE_FEED_SIZE]]
    assert [e.id for e in feed.entries] == expected
    assert len(cases) > CASE_FEED_SIZE or len(expected) == len(cases)
    raw = json.loads((built / "feeds" / "cases.json").read_text(encoding="utf-8"))
    assert [item["id"] for item in raw["items"]] == expected
    index = _read(built, "cases/index.html")
    atom_link = r'<link rel="alternate" type="application/atom\+xml" [^>]*href="../feeds/cases.xml"'
    assert re.search(atom_link, index)
    assert 'href="../feeds/cases.json"' in index


def test_the_answers_index_groups_every_answer_by_whom_it_is_for(built):
    html = _read(built, "answers/index.html")
    cat = _catalogue()
    groups = dict(re.findall(r"<summary>(.*?) \(\d+\)</summary><ul>(.*?)</ul>", html, re.S))
    assert groups, "no audience groups"
    for answer in cat.answers.values():
        for who in answer.audience or ("everyone",):
            label = cat[who].name if who in cat else "Everyone"
            assert f"answers/{answer.id}/index.html" in groups[label], (answer.id, who)


@pytest.fixture(scope="module")
def welsh(tmp_path_factory) -> Path:
    """The community pages in English and Welsh (the test records have no Welsh: English, marked)."""
    from participatory._builtin import core_path
    from participatory._publish import build_site
    from participatory._translations import in_language

    out = tmp_path_factory.mktemp("community-cy") / "site"
    cy = in_language(_catalogue(), [core_path()], "cy")
    return build_site(
        _catalogue(),
        out,
        base_url=BASE,
        contribute_url="ppi@example.org",
        today=DAY,
        search=False,
        languages={"cy": cy},
    )


def test_an_opportunitys_time_payment_and_dates_are_in_welsh_on_its_welsh_page(welsh):
    html = _read(welsh, "cy/opportunities/test-closes-today/index.html")
    for words in (
        "£25 yr awr, yn unol â’r NIHR public contributor payment policy",  # the policy's name as written
        "2 awr y sesiwn, 4 o sesiynau, over a year",  # "over a year" is the record's own words
        "Dyddiad cau: <strong>10 Ionawr 2026</strong>",
        '"inLanguage": "cy"',
    ):
        assert words in html, words
    for english in ("an hour", "hours a session", "January"):
        assert english not in html.split("<body>")[1].replace("over a year", ""), english
    board = _read(welsh, "cy/opportunities/index.html")
    assert "Gwnaed y rhestr hon ar 10 Ionawr 2026." in board
    # The English pages are as they were.
    assert "£25 an hour, following the NIHR" in _read(welsh, "opportunities/test-closes-today/index.html")
    assert "inLanguage" not in _read(welsh, "opportunities/test-closes-today/index.html")


def test_no_english_is_left_unmarked_on_the_welsh_community_pages(welsh):
    from .test_site_languages import _english_in, _english_on_welsh_pages, _read

    english = _english_on_welsh_pages(_catalogue())
    left = {}
    for path in sorted((welsh / "cy").rglob("index.html")):
        said = [text for lang, text in _read(path).text if lang == "cy"]
        if found := set().union(*(_english_in(text, english) for text in said)):
            left[path.relative_to(welsh).as_posix()] = found
    assert left == {}
