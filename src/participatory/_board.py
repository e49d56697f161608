"""The community side of the website as data: opportunities, answers, people to work with.

:func:`board_data` reads a catalogue's opportunities, answers and organisations once, on
the day the site is built, and returns a :class:`Board`: the opportunities still open (by
closing date, those closing soon marked, with the finder's filters), the questions and
answers grouped by topic, and the organisations open to working together beside the open
calls for a partner. An opportunity past its closing date is on no list and in no feed;
its page stays (a link to it keeps working) and says it has closed. No HTML here.
"""

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

import attrs

from ._community import EXPENSES, PAYMENT_UNITS, Answer, Opportunity
from ._enums import Format, Mode, OpportunityKind
from ._finder import Facet, FacetValue, finder_facets
from ._i18n import N_, listed
from ._model import Organisation
from ._pages import _EXPENSES, RecordPage, technique_facets
from ._words import ENUM_WORDS, FORMAT_WORDS, date_text, payment_text, words

if TYPE_CHECKING:
    from ._catalogue import Catalogue

__all__ = ["CLOSING_SOON_DAYS", "Board", "Listed", "board_data", "form_choices"]

#: An open opportunity closing within this many days (the build day counts) is "closing soon".
CLOSING_SOON_DAYS: Final = 14

#: The board's own filter, beside the declared ones: it depends on the day of the build.
_SOON: Final = (
    "closing",
    N_("Closing date"),
    "soon",
    N_("Closes in the next %(n)d days", n=CLOSING_SOON_DAYS),
)


@attrs.frozen
class Listed:
    """One item of a filtered list: its page, the filter values it is listed under, its facts.

    ``facts`` are (label, text) pairs shown on its card; ``closes`` is its closing date
    (``YYYY-MM-DD``, empty for an organisation), for the page's script between builds.
    """

    page: RecordPage
    values: Mapping[str, tuple[str, ...]]
    facts: tuple[tuple[str, str], ...] = ()
    closes: str = ""
    soon: bool = False


@attrs.frozen
class Board:
    """The community pages of the site, as data, on the day ``today`` (``YYYY-MM-DD``)."""

    today: str
    #: The opportunities still open, the soonest to close first.
    opportunities: tuple[Listed, ...] = ()
    facets: tuple[Facet, ...] = ()
    #: Ids of the opportunities already closed on the day of the build.
    closed: frozenset[str] = frozenset()
    #: Questions and answers by topic: (topic slug, topic in words, pages), topics by name.
    topics: tuple[tuple[str, str, tuple[RecordPage, ...]], ...] = ()
    #: Every answer, the most recently reviewed first (for the feeds).
    answers: tuple[RecordPage, ...] = ()
    #: Organisations open to working together, then open calls for a partner.
    partners: tuple[Listed, ...] = ()
    partner_facets: tuple[Facet, ...] = ()
    #: The newest case stories (sent in most recently, then by year), for their feed.
    cases: tuple[RecordPage, ...] = ()
    #: Questions and answers by whom they are for: (audience slug, in words, pages).
    audiences: tuple[tuple[str, str, tuple[RecordPage, ...]], ...] = ()

    @property
    def any(self) -> bool:
        """Whether the catalogue has anything for the community pages at all."""
        return bool(self.opportunities or self.closed or self.answers or self.partners)


def _name(cat: "Catalogue", rid: str) -> str:
    """Return the name of the record ``rid``, or the id in words when the catalogue has none."""
    return cat[rid].name if rid in cat else words(rid)


def _names(cat: "Catalogue", ids: tuple[str, ...]) -> str:
    return ", ".join(_name(cat, i) for i in ids)


def _facts(cat: "Catalogue", opp: Opportunity) -> tuple[tuple[str, str], ...]:
    kinds = dict(ENUM_WORDS).get(OpportunityKind, {})
    where = listed([x for x in (opp.place, listed([words(m) for m in opp.modes])) if x])
    facts = (
        (N_("What it offers"), kinds.get(opp.kind, words(opp.kind))),
        (N_("Closes"), date_text(opp.closes)),
        (N_("Run by"), opp.organisation or _names(cat, opp.organisations)),
        (N_("Where"), where),
        (N_("Payment"), payment_text(opp.payment) if opp.payment is not None else N_("Not stated")),
    )
    return tuple((label, text) for label, text in facts if text)


def _opportunities(
    cat: "Catalogue", pages: Mapping[str, RecordPage], day: dt.date
) -> tuple[tuple[Listed, ...], tuple[Facet, ...], frozenset[str]]:
    listed, closed, places = [], set(), {}
    soon_until = day + dt.timedelta(days=CLOSING_SOON_DAYS - 1)
    for opp in sorted(cat.opportunities.values(), key=lambda o: (o.closes, o.name.casefold(), o.id)):
        if not opp.is_open(day):
            closed.add(opp.id)
            continue
        values = dict(technique_facets(opp))
        soon = dt.date.fromisoformat(opp.closes) <= soon_until
        values[_SOON[0]] = (_SOON[2],) if soon else ()
        places.update({slug: opp.place.strip() for slug in values.get("place", ())})
        listed.append(Listed(pages[opp.id], values, _facts(cat, opp), opp.closes, soon))
    per = {item.page.record.id: item.values for item in listed}
    facets = finder_facets(cat, per, "opportunity", {"place": places})
    soon_ids = tuple(i for i, v in per.items() if v.get(_SOON[0]))
    if soon_ids:
        facets += (Facet(_SOON[0], _SOON[1], "any", (FacetValue(_SOON[2], _SOON[3], soon_ids),), len(per)),)
    return tuple(listed), facets, frozenset(closed)


#: The group of answers with no topic, and of answers for no one group of people.
_OTHER: Final = {"other-questions": N_("Other questions"), "everyone": N_("Everyone")}


def _group_name(cat: "Catalogue", field: str, slug: str, other: str) -> str:
    if slug == other:
        return _OTHER.get(other, words(other))
    if field == "audience":
        return _name(cat, slug)
    return cat.value_name("topic", slug) or words(slug)  # translated as the catalogue says


def _grouped(
    cat: "Catalogue", pages: Mapping[str, RecordPage], field: str, other: str
) -> tuple[tuple[str, str, tuple[RecordPage, ...]], ...]:
    """Group the answers by the values of ``field`` (``other`` for none, last), groups by name.

    An audience is a group of people, named by its record; a topic is named by its slug in words
    (a topic may share its slug with a record, such as a technique, without being it).
    """
    grouped: dict[str, list[RecordPage]] = {}
    for answer in sorted(cat.answers.values(), key=lambda a: (a.name.casefold(), a.id)):
        for value in getattr(answer, field) or (other,):
            grouped.setdefault(value, []).append(pages[answer.id])
    named = [(_group_name(cat, field, slug, other), slug) for slug in grouped]
    order = sorted(named, key=lambda pair: (pair[1] == other, pair[0].casefold()))
    return tuple((slug, name, tuple(grouped[slug])) for name, slug in order)


#: How many case stories the feed of case stories carries (the newest).
CASE_FEED_SIZE: Final = 50


def _newest_cases(cat: "Catalogue", pages: Mapping[str, RecordPage]) -> tuple[RecordPage, ...]:
    newest = sorted(cat.cases.values(), key=lambda c: (c.submitted or "", c.year or 0, c.id), reverse=True)
    return tuple(pages[c.id] for c in newest[:CASE_FEED_SIZE])


def _open_to(org: Organisation) -> bool:
    return bool(org.collaborate_on or org.collaborate_techniques or org.collaborate_stages)


def _partners(
    cat: "Catalogue", pages: Mapping[str, RecordPage], open_calls: tuple[Listed, ...]
) -> tuple[tuple[Listed, ...], tuple[Facet, ...]]:
    out = []
    for org in sorted(cat.organisations.values(), key=lambda o: (o.name.casefold(), o.id)):
        if not _open_to(org):
            continue
        facts: tuple[tuple[str, str], ...] = (
            (N_("Open to work on"), ", ".join(words(t) for t in org.collaborate_on)),
            (N_("Techniques"), _names(cat, org.collaborate_techniques)),
            (N_("Research stages"), _names(cat, org.collaborate_stages)),
            (N_("How to reach it"), org.contact),
        )
        facts = tuple((label, text) for label, text in facts if text)
        out.append(Listed(pages[org.id], dict(technique_facets(org)), facts))
    for call in open_calls:
        opp = call.page.record
        if isinstance(opp, Opportunity) and opp.kind == OpportunityKind.COLLABORATION:
            values = {"stage": opp.stages, "technique": opp.techniques}
            out.append(attrs.evolve(call, values=values))
    per = {item.page.path: item.values for item in out}
    return tuple(out), finder_facets(cat, per, "organisation")


def _reviewed(page: RecordPage) -> str:
    rec = page.record
    return rec.reviewed or "" if isinstance(rec, Answer) else ""


def board_data(cat: "Catalogue", pages: Mapping[str, RecordPage], today: dt.date | None = None) -> Board:
    """Return the community pages of ``cat`` as they stand on the day ``today`` (default: today).

    ``pages`` are the record pages of the site, by record id.
    """
    day = today or dt.date.today()
    listed, facets, closed = _opportunities(cat, pages, day)
    answers = tuple(pages[a] for a in cat.answers)
    partners, partner_facets = _partners(cat, pages, listed)
    return Board(
        today=day.isoformat(),
        opportunities=listed,
        facets=facets,
        closed=closed,
        topics=_grouped(cat, pages, "topics", "other-questions"),
        audiences=_grouped(cat, pages, "audience", "everyone"),
        cases=_newest_cases(cat, pages),
        answers=tuple(sorted(answers, key=lambda p: (_reviewed(p), p.record.id), reverse=True)),
        partners=partners,
        partner_facets=partner_facets,
    )


#: How the form that proposes an opportunity names each kind of opportunity.
_KIND_CHOICES: Final = {
    OpportunityKind.ROLE: N_("A role: a place on a panel, group or study team"),
    OpportunityKind.COLLABORATION: N_("A partnership: a partner sought for a project"),
    OpportunityKind.FUNDING: N_("Funding: a call for applications"),
    OpportunityKind.TRAINING: N_("Training: a course"),
    OpportunityKind.EVENT: N_("An event: a meeting, workshop or conference"),
}
_UNIT_CHOICES: Final = {
    "hour": N_("Hour"),
    "session": N_("Session"),
    "day": N_("Day"),
    "year": N_("Year"),
    "total": N_("In total"),
}


def form_choices(cat: "Catalogue") -> dict[str, tuple[tuple[str, str], ...]]:
    """Return the choices of the forms that propose an opportunity and ask a question: (value, words).

    The values are the ones the records take (from their declarations), so what a form
    makes is a record the catalogue reads.
    """
    topics = sorted({t for a in cat.answers.values() for t in a.topics}, key=lambda t: words(t).casefold())
    return {
        "opportunity_kinds": tuple((str(k), _KIND_CHOICES.get(k, words(k))) for k in OpportunityKind),
        "modes": tuple((str(m), words(m)) for m in Mode),
        "expenses": tuple((e, _EXPENSES.get(e, words(e))) for e in EXPENSES),
        "formats": tuple((str(f), FORMAT_WORDS.get(f, words(f))) for f in Format),
        "units": tuple((u, _UNIT_CHOICES.get(u, words(u))) for u in PAYMENT_UNITS),
        "yes_no": (("yes", N_("Yes")), ("no", N_("No, it is unpaid"))),
        "topics": tuple((t, _group_name(cat, "topics", t, "")) for t in topics),
    }
