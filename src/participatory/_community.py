"""The records of the community side: opportunities to take up, and answers to questions.

Like every record they are frozen, keyword-only attrs classes whose sequences are tuples,
declared once in :mod:`participatory._kinds`; they live in their own module only to keep
``_model`` short.
"""

import datetime as dt
from typing import ClassVar, Final

import attrs

from ._declare import Facet
from ._enums import Format, Level, Mode, OpportunityKind, _modes
from ._i18n import N_
from ._model import Record
from ._schema import DATE

__all__ = [
    "COMMUNITY_FACETS",
    "EXPENSES",
    "PAYMENT_UNITS",
    "Answer",
    "Commitment",
    "Opportunity",
    "Payment",
]

#: The expenses an opportunity may cover (``Opportunity.expenses``).
EXPENSES: Final = ("travel", "carer", "childcare", "data")
#: What an opportunity's payment is given for (``Payment.unit``).
PAYMENT_UNITS: Final = ("hour", "session", "day", "year", "total")


def _opportunity_kind(value: "OpportunityKind | str") -> OpportunityKind:
    return OpportunityKind.parse(value, "kind", "Opportunity")


def _level(value: "Level | str | None") -> Level | None:
    return None if value is None else Level.parse(value, "level", "Opportunity")


@attrs.frozen(kw_only=True)
class Commitment:
    """What an opportunity asks of someone's time.

    Parameters
    ----------
    hours : float or None
        Hours a session (more than 0, at most 24).
    sessions : int or None
        How many sessions.
    period : str
        Over what period, in words ("over six months").
    """

    hours: float | None = None
    sessions: int | None = None
    period: str = ""


@attrs.frozen(kw_only=True)
class Payment:
    """What an opportunity pays.

    Parameters
    ----------
    offered : bool
        Whether it pays at all; ``False`` says plainly that it is unpaid.
    amount : float or None
        How much, in pounds sterling, for each ``unit``.
    unit : str
        What the amount is for: ``hour``, ``session``, ``day``, ``year`` or ``total``.
    policy : str
        The payment policy it follows ("NIHR public contributor payment policy").
    """

    offered: bool = True
    amount: float | None = None
    unit: str = ""
    policy: str = ""


@attrs.frozen(kw_only=True)
class Opportunity(Record):
    """A role, collaboration, funding call, training course or event people can take up.

    ``name`` is its title and ``plain`` its summary for the public. One past its closing
    date is closed: ``participatory validate`` says so (a warning) and :meth:`is_open` is
    false.

    Parameters
    ----------
    kind : OpportunityKind
        What it offers: ``role``, ``collaboration``, ``funding``, ``training``, ``event``.
    closes : str
        The closing date (``YYYY-MM-DD``); required.
    organisation : str
        Who offers it, in words.
    organisations : tuple of str
        Ids of the organisations that offer it.
    techniques, stages : tuple of str
        Ids of the techniques it uses and of the research stages it is about.
    stakeholders : tuple of str
        Ids of the people sought.
    level : Level or None
        How deep the involvement goes.
    modes : tuple of Mode
        In person, online or hybrid.
    place : str
        A town or region, never an address.
    commitment : Commitment or None
        The time asked: hours a session, sessions, over what period.
    posted, starts : str or None
        When it was posted and when it starts (``YYYY-MM-DD``).
    payment : Payment or None
        What it pays; ``None`` when not stated.
    expenses : tuple of str
        The expenses covered (:data:`EXPENSES`).
    support : tuple of str
        Support and training offered.
    formats : tuple of Format
        Accessible formats offered.
    adjustments : str
        Who to ask for adjustments: a role e-mail address or a web page.
    eligibility : str
        Who can take it up.
    content_warning : str
        A warning for a sensitive topic, shown before the description.
    apply : str
        How to apply: a web page or a role e-mail address (never a person's).
    languages : tuple of str
        The languages it runs in (codes such as ``en``, ``cy``).

    Examples
    --------
    >>> import datetime as dt
    >>> panel = Opportunity(id="panel", name="Join our panel", kind="role", closes="2027-01-31")
    >>> panel.is_open(dt.date(2027, 1, 31)), panel.is_open(dt.date(2027, 2, 1))
    (True, False)
    """

    kind: OpportunityKind = attrs.field(converter=_opportunity_kind)
    closes: str = attrs.field(metadata=DATE)
    organisation: str = ""
    organisations: tuple[str, ...] = ()
    techniques: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    stakeholders: tuple[str, ...] = ()
    level: Level | None = attrs.field(default=None, converter=_level)
    modes: tuple[Mode, ...] = attrs.field(default=(), converter=_modes)
    place: str = ""
    commitment: Commitment | None = None
    posted: str | None = attrs.field(default=None, metadata=DATE)
    starts: str | None = attrs.field(default=None, metadata=DATE)
    payment: Payment | None = None
    expenses: tuple[str, ...] = ()
    support: tuple[str, ...] = ()
    formats: tuple[Format, ...] = ()
    adjustments: str = ""
    eligibility: str = ""
    content_warning: str = ""
    apply: str = ""
    languages: tuple[str, ...] = ()

    record_kind: ClassVar[str] = "opportunity"

    def is_open(self, on: dt.date | None = None) -> bool:
        """Whether it is still open on the day ``on`` (today by default); the closing day counts."""
        day = on or dt.date.today()
        try:
            return dt.date.fromisoformat(self.closes) >= day
        except ValueError:  # an invalid date is reported by the checks, and never open
            return False

    @property
    def paid(self) -> bool | None:
        """Whether it pays for people's time (``None``: it does not say)."""
        return None if self.payment is None else self.payment.offered


@attrs.frozen(kw_only=True)
class Answer(Record):
    """A question people ask, and its answer.

    ``name`` is the question as people ask it; ``plain`` (or ``summary``) the short answer,
    and ``answer`` the full one; ``sources`` back it.

    Parameters
    ----------
    answer : str
        The full answer, in plain language.
    audience : tuple of str
        Ids of the stakeholders it is written for (researchers, involvement leads, public
        contributors, data scientists, clinicians...).
    topics : tuple of str
        What it is about, as slugs (``payment``, ``ethics``, ``safeguarding``).
    techniques, stages, checklists : tuple of str
        Ids of the techniques, stages and checklists it is about.
    organisations : tuple of str
        Ids of the organisations that answered.
    answered_by : str
        Who answered, in words (an organisation).
    author : str
        A named person who answered: published only with ``author_consent``.
    author_consent : bool
        Whether the author agreed to be named.
    reviewed : str or None
        When the answer was last reviewed (``YYYY-MM-DD``).
    """

    answer: str = ""
    audience: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    techniques: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    checklists: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    answered_by: str = ""
    author: str = ""
    author_consent: bool = False
    reviewed: str | None = attrs.field(default=None, metadata=DATE)

    record_kind: ClassVar[str] = "answer"


#: The filters of the opportunities board and of the page of organisations open to working
#: together: the technique finder's machinery, over opportunities and organisations.
COMMUNITY_FACETS: Final[tuple[Facet, ...]] = (
    Facet(
        name="kind",
        field="kind",
        label=N_("What it offers"),
        values=OpportunityKind,
        match="any",
        kind="opportunity",
    ),
    Facet(
        name="stakeholder",
        field="stakeholders",
        label=N_("People sought"),
        values="stakeholder",
        match="any",
        kind="opportunity",
        site_name="people",
    ),
    Facet(
        name="mode", field="modes", label=N_("How it is run"), values=Mode, match="any", kind="opportunity"
    ),
    Facet(name="place", field="place", label=N_("Place"), values="slug", match="any", kind="opportunity"),
    Facet(
        name="paid",
        field="paid",
        label=N_("Payment"),
        values=bool,
        match="any",
        kind="opportunity",
        many=False,
        flag=(True, "paid", N_("Pays for your time")),
    ),
    Facet(
        name="stage",
        field="stages",
        label=N_("Research stage"),
        values="stage",
        match="any",
        kind="opportunity",
    ),
    Facet(
        name="collaborate_stage",
        field="collaborate_stages",
        label=N_("Research stage"),
        values="stage",
        match="any",
        kind="organisation",
        site_name="stage",
    ),
    Facet(
        name="collaborate_technique",
        field="collaborate_techniques",
        label=N_("Technique"),
        values="technique",
        match="any",
        kind="organisation",
        site_name="technique",
    ),
    Facet(
        name="collaborate_on",
        field="collaborate_on",
        label=N_("Topic"),
        values="slug",
        match="any",
        kind="organisation",
        site_name="topic",
    ),
)
