"""The website's feeds: opportunities, answers and case stories (Atom 1.0, JSON Feed 1.1), a calendar.

A community's chat workspace, newsletter or news reader follows a list through its feed; a
calendar program takes the closing dates and start dates of open opportunities from
``opportunities.ics`` (iCalendar, RFC 5545). Only what the site lists is in a feed: an
opportunity past its closing date on the day of the build is not.

The feeds are built from :class:`participatory._board.Board` (the records' own words, as
plain text: no HTML is made here) and written by :mod:`participatory._publish` into
``feeds/``. Atom is built with :mod:`xml.etree.ElementTree`, which escapes every text.
Addresses are absolute when the site's base address is given, and relative to the feed
otherwise (Atom and iCalendar say so; JSON Feed items then carry no ``url``). Items are
named as the JSON-LD names records (:func:`participatory._words.record_iri`): by their
page's address, or ``urn:participatory:<kind>:<id>`` without a base address.
"""

import datetime as dt
import json
from collections.abc import Iterator
from typing import Final
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from ._board import Board, Listed
from ._community import Answer, Opportunity
from ._pages import RecordPage
from ._words import record_iri

__all__ = ["FEEDS", "atom", "feed_files", "icalendar", "json_feed"]

_ATOM: Final = "http://www.w3.org/2005/Atom"
#: Each feed: file stem -> its title.
FEEDS: Final = {
    "opportunities": "Opportunities to get involved",
    "answers": "Questions and answers",
    "cases": "Case stories",
}


def _stamp(day: str) -> str:
    """Return a date (``YYYY-MM-DD``) as an RFC 3339 time at the start of that day, UTC."""
    return f"{day}T00:00:00Z"


#: The field each feed dates its items by: the day posted, last reviewed or sent in.
_DATED_BY: Final = {"opportunities": "posted", "answers": "reviewed", "cases": "submitted"}


def _entries(board: Board, name: str) -> list[tuple[RecordPage, str, str]]:
    """Return a feed's (page, updated day, text) entries."""
    field = _DATED_BY[name]
    if name == "opportunities":
        return [
            (item.page, _dated(item.page, field, board.today), _opportunity_text(item))
            for item in board.opportunities
        ]
    pages = board.cases if name == "cases" else board.answers
    return [(page, _dated(page, field, board.today), _answer_text(page)) for page in pages]


def _dated(page: RecordPage, field: str, today: str) -> str:
    """Return the record's date in ``field`` (``YYYY-MM-DD``), or ``today`` when it has none."""
    value = getattr(page.record, field, None)
    return value if isinstance(value, str) and value else today


def _opportunity_text(item: Listed) -> str:
    rec = item.page.record
    lead = rec.plain or rec.summary
    lines = [lead] if lead else []
    lines += [f"{label}: {text}" for label, text in item.facts]
    if isinstance(rec, Opportunity) and rec.apply:
        lines.append(f"How to apply: {rec.apply}")
    return "\n".join(lines)


def _answer_text(page: RecordPage) -> str:
    rec = page.record
    parts = [rec.plain or rec.summary]
    if isinstance(rec, Answer) and rec.answer:
        parts.append(rec.answer)
    return "\n\n".join(p for p in parts if p)


def _address(base: str, path: str) -> str:
    """Return a page's address: absolute under ``base``, else relative to ``feeds/``."""
    return f"{base}{path}index.html" if base else f"../{path}index.html"


def atom(board: Board, name: str, *, site_title: str, base: str = "") -> str:
    """Return the Atom 1.0 feed ``name`` (``opportunities`` or ``answers``) as XML text."""
    ET.register_namespace("", _ATOM)

    def sub(parent: ET.Element, tag: str, text: str = "", **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{_ATOM}}}{tag}", attrs)
        if text:
            el.text = text
        return el

    entries = _entries(board, name)
    feed = ET.Element(f"{{{_ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "en"})
    sub(feed, "id", f"{base}feeds/{name}.xml" if base else f"urn:participatory:feed:{name}")
    sub(feed, "title", f"{FEEDS[name]} | {site_title}")
    sub(feed, "updated", _stamp(max((day for _, day, _ in entries), default=board.today)))
    sub(sub(feed, "author"), "name", site_title)
    sub(feed, "link", rel="alternate", type="text/html", href=_address(base, f"{name}/"))
    if base:
        sub(feed, "link", rel="self", type="application/atom+xml", href=f"{base}feeds/{name}.xml")
    for page, day, text in entries:
        entry = sub(feed, "entry")
        rec = page.record
        sub(entry, "id", record_iri(rec.record_kind, rec.id, base))
        sub(entry, "title", rec.name)
        sub(entry, "updated", _stamp(day))
        sub(entry, "link", rel="alternate", type="text/html", href=_address(base, page.path))
        if text:
            sub(entry, "content", text, type="text")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def json_feed(board: Board, name: str, *, site_title: str, base: str = "") -> str:
    """Return the JSON Feed 1.1 ``name`` (``opportunities`` or ``answers``) as JSON text."""
    feed: dict[str, object] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{FEEDS[name]} | {site_title}",
    }
    if base:
        feed["home_page_url"] = f"{base}{name}/index.html"
        feed["feed_url"] = f"{base}feeds/{name}.json"
    feed["language"] = "en"
    feed["authors"] = [{"name": site_title}]
    items = []
    for page, day, text in _entries(board, name):
        rec = page.record
        item: dict[str, object] = {"id": record_iri(rec.record_kind, rec.id, base), "title": rec.name}
        if base:
            item["url"] = _address(base, page.path)
        item["content_text"] = text or rec.name
        if rec.plain or rec.summary:
            item["summary"] = rec.plain or rec.summary
        item["date_modified" if name == "answers" else "date_published"] = _stamp(day)
        if isinstance(rec, Answer) and rec.topics:
            item["tags"] = list(rec.topics)
        items.append(item)
    feed["items"] = items
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"


def _ical_text(text: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line ends."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def _fold(line: str) -> Iterator[str]:
    """Yield a content line folded at 75 octets (RFC 5545 3.1), never inside a character."""
    data, first = line, True
    while data:
        limit = 75 if first else 74  # a continuation line starts with a space
        size, cut = 0, 0
        for ch in data:
            width = len(ch.encode("utf-8"))
            if size + width > limit:
                break
            size, cut = size + width, cut + 1
        yield ("" if first else " ") + data[:cut]
        data, first = data[cut:], False


def _day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def icalendar(board: Board, *, site_title: str, base: str = "") -> str:
    """Return the closing dates and start dates of the open opportunities as an iCalendar file.

    Each is an all-day event; its ``UID`` depends only on the opportunity's id and which
    date it is, so a calendar that subscribes updates it rather than adding it twice.
    """
    host = urlsplit(base).hostname or "participatory.invalid"
    stamp = board.today.replace("-", "") + "T000000Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//participatory//opportunities//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ical_text(FEEDS['opportunities'] + ' | ' + site_title)}",
    ]
    for item in board.opportunities:
        rec = item.page.record
        if not isinstance(rec, Opportunity):
            continue
        for what, value, label in (
            ("closes", rec.closes, "Closing date"),
            ("starts", rec.starts or "", "Starts"),
        ):
            day = _day(value)
            if day is None:
                continue
            lines += [
                "BEGIN:VEVENT",
                f"UID:{rec.id}-{what}@{host}",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
                f"SUMMARY:{_ical_text(f'{label}: {rec.name}')}",
                f"DESCRIPTION:{_ical_text(_opportunity_text(item))}",
                "TRANSP:TRANSPARENT",
            ]
            if base:
                lines.append(f"URL:{_address(base, item.page.path)}")
            lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(f"{part}\r\n" for line in lines for part in _fold(line))


def feed_files(board: Board | None, *, site_title: str, base: str = "") -> Iterator[tuple[str, str]]:
    """Yield ``(file, text)`` for each feed of the site (``feeds/opportunities.xml``, ...).

    A feed is written when its list has a page on the site: the opportunities' when the
    catalogue has any opportunity (open or not), the answers' when it has answers, the case
    stories' (the newest :data:`~participatory._board.CASE_FEED_SIZE`) when it has case stories.
    """
    if board is None:
        return
    if board.opportunities or board.closed:
        yield "feeds/opportunities.xml", atom(board, "opportunities", site_title=site_title, base=base)
        yield "feeds/opportunities.json", json_feed(board, "opportunities", site_title=site_title, base=base)
        yield "feeds/opportunities.ics", icalendar(board, site_title=site_title, base=base)
    if board.answers:
        yield "feeds/answers.xml", atom(board, "answers", site_title=site_title, base=base)
        yield "feeds/answers.json", json_feed(board, "answers", site_title=site_title, base=base)
    if board.cases:
        yield "feeds/cases.xml", atom(board, "cases", site_title=site_title, base=base)
        yield "feeds/cases.json", json_feed(board, "cases", site_title=site_title, base=base)
