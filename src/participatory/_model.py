"""The typed records of a catalogue.

Every record is a frozen, keyword-only attrs class whose sequences are tuples.
Cross-references between records are ids (strings), never nested objects, so a
record can be written to a file and read back unchanged.

Records do not validate themselves when constructed: checks that a user can get
wrong (slugs, urls, years, references) are made by :class:`Catalogue` and the
loader, which collect *every* problem before raising one
:class:`CatalogueValidationError`.
"""

from typing import ClassVar, Final

import attrs

from ._schema import DATE

__all__ = [
    "ESTIMABLE",
    "AgeRange",
    "Case",
    "CatalogueInfo",
    "Checklist",
    "ChecklistItem",
    "Cost",
    "Crosswalk",
    "CrosswalkEntry",
    "Effectiveness",
    "Form",
    "Format",
    "GroupSize",
    "Level",
    "Mode",
    "Organisation",
    "Origin",
    "PaymentPolicy",
    "Rate",
    "RateUnit",
    "Record",
    "Resource",
    "ResourceKind",
    "Sector",
    "Sensitivity",
    "Skill",
    "Source",
    "Stage",
    "Stakeholder",
    "Strength",
    "Technique",
    "Timescale",
]


from ._enums import (
    Cost,
    Form,
    Format,
    Level,
    Mode,
    RateUnit,
    ResourceKind,
    Sector,
    Sensitivity,
    Skill,
    Strength,
    Timescale,
    _cost,
    _levels,
    _modes,
    _resource_kind,
    _timescale,
)


@attrs.frozen(kw_only=True)
class Source:
    """A citation of a public page a record is based on.

    Parameters
    ----------
    title : str
        Title of the page or document.
    url : str
        Its address (``https://`` preferred).
    publisher : str
        Organisation or journal that published it.
    year : int or None
        Year of publication, when known.
    accessed : str or None
        ISO date (``YYYY-MM-DD``) on which the page was read, when recorded.
    """

    title: str
    url: str
    publisher: str = ""
    year: int | None = None
    accessed: str | None = None


@attrs.frozen(kw_only=True)
class GroupSize:
    """Typical number of people taking part at once; ``max`` of ``None`` means no limit."""

    min: int | None = None
    max: int | None = None

    def __contains__(self, n: object) -> bool:
        """Whether ``n`` people fit the typical range."""
        if not isinstance(n, int) or isinstance(n, bool):
            return False
        return (self.min is None or n >= self.min) and (self.max is None or n <= self.max)


@attrs.frozen(kw_only=True)
class AgeRange:
    """Ages a technique suits, in years; a bound of ``None`` means no limit."""

    min: int | None = None
    max: int | None = None

    def __contains__(self, age: object) -> bool:
        """Whether someone of ``age`` fits the range."""
        if not isinstance(age, int) or isinstance(age, bool):
            return False
        return (self.min is None or age >= self.min) and (self.max is None or age <= self.max)


@attrs.frozen(kw_only=True)
class Effectiveness:
    """What is known of whether a technique works, and where that is said.

    Parameters
    ----------
    strength : Strength
        How strong the evidence is.
    summary : str
        What it shows, in our words.
    sources : tuple of Source
        Where it is reported.
    """

    strength: Strength
    summary: str = ""
    sources: tuple[Source, ...] = ()


#: Fields of a technique whose values may be the catalogue's own estimate rather than a
#: source's; a technique names its estimated ones in ``estimated``.
ESTIMABLE: Final = ("cost", "group_size", "duration", "timescale", "contributor_time", "lead_time")


@attrs.frozen(kw_only=True)
class Record:
    """Fields shared by every record.

    Parameters
    ----------
    id : str
        A slug (lowercase letters, digits and single hyphens), unique across a
        merged catalogue.
    name : str
        Human-readable name.
    summary : str
        A short description in the catalogue's own words, for professionals.
    plain : str
        The same in plain language for patients, carers and the public (aim for a
        reading age of 9 to 11: short sentences, everyday words). Shown first wherever
        the public meets the record; empty means the summary is shown.
    sources : tuple of Source
        Public pages the record is based on.
    tags : tuple of str
        Free keywords (slugs).
    replaces : tuple of str
        Ids this record took over when records were merged or renamed. The old ids keep
        working: looking one up finds this record, and a reference to one (from any
        catalogue) is read as a reference to this record.
    """

    id: str
    name: str
    summary: str = ""
    plain: str = ""
    sources: tuple[Source, ...] = ()
    tags: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ()

    record_kind: ClassVar[str] = "record"

    def _repr_html_(self) -> str:
        """Show the record in a notebook (every text escaped, with a plain-text fallback)."""
        from ._html._reprs import record_html

        return record_html(self)


@attrs.frozen(kw_only=True)
class Stage(Record):
    """A stage of the research cycle.

    Parameters
    ----------
    order : int
        Position in the research cycle; stages sort by it.
    cross_cutting : bool
        ``True`` for a stage that runs alongside all the others (oversight).
    aliases : tuple of str
        Other names people use for this stage.
    early : bool
        ``True`` for the stages before the study design is fixed: involvement that
        starts later can only react to decisions already made (the audit's
        ``late-involvement`` rule). With no stage marked, the first stage counts.
    governance : bool
        ``True`` for a stage where the study is governed or overseen (ethics and
        governance); cross-cutting stages count too. Reports look here for the
        public's part in oversight.
    steps : tuple of str
        What to do at this stage, in order: short plain sentences, shown as numbered
        steps on the stage's page.
    questions : tuple of str
        Questions to ask at this stage, in plain words.
    """

    order: int
    cross_cutting: bool = False
    aliases: tuple[str, ...] = ()
    early: bool = False
    governance: bool = False
    steps: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()

    record_kind: ClassVar[str] = "stage"


@attrs.frozen(kw_only=True)
class Stakeholder(Record):
    """A kind of participant or partner (never a person).

    Parameters
    ----------
    category : str
        ``lived-experience``, ``community`` or ``professional`` (free slug).
    aliases : tuple of str
        Other names for the same group.
    take_part : tuple of str
        How people in this group can take part, spoken to them ("You can ..."): for
        public groups.
    expect : str
        What to expect when they take part.
    payment : str
        Payment and expenses, in plain words (the page links the catalogue's payment
        resources, those tagged ``payment``).
    support : str
        Support they can ask for.
    stopping : str
        How to stop or step back.
    to_do : tuple of str
        What people in a professional group need to do, in order.
    """

    category: str = ""
    aliases: tuple[str, ...] = ()
    take_part: tuple[str, ...] = ()
    expect: str = ""
    payment: str = ""
    support: str = ""
    stopping: str = ""
    to_do: tuple[str, ...] = ()

    record_kind: ClassVar[str] = "stakeholder"


@attrs.frozen(kw_only=True)
class Technique(Record):
    """A way of involving people in research.

    Parameters
    ----------
    aliases : tuple of str
        Other names the technique goes by.
    stages : tuple of str
        Ids of the stages it suits.
    stakeholders : tuple of str
        Ids of the stakeholders it typically involves.
    levels : tuple of Level
        The levels of involvement it typically reaches (a range, lowest first).
    modes : tuple of Mode
        How it can be run.
    group_size : GroupSize or None
        Typical number of participants at once.
    duration : str
        Typical time commitment, in words ("2 to 3 hour session").
    timescale : Timescale or None
        How long one use takes from first to last session.
    cost : Cost or None
        Indicative cost band.
    purposes : tuple of str
        What it is good for (slugs such as ``prioritise``, ``co-design``).
    strengths, limitations : tuple of str
        Short sentences.
    accessibility : tuple of str
        Notes on making it accessible.
    underserved : tuple of str
        Under-served groups a source reports it reaching (slugs such as
        ``ethnic-minority``, ``digitally-excluded``).
    resources : tuple of str
        Ids of resources that support it.
    pairs_with : tuple of str
        Ids of techniques it combines well with.
    recruitment : tuple of str
        How participants are found (``open``, ``random``, ``stratified``, ...).
    interactions : tuple of str
        How participants interact (``discussion``, ``storytelling``, ...).
    decisions : tuple of str
        How decisions are reached (``consensus``, ``voting``, ...).
    facilitated : bool or None
        Whether it needs a facilitator; ``None`` when not known.
    same_as : tuple of str
        Ids of techniques in other catalogues that are the same technique.
    form : Form or None
        Whether it is an approach, a method or a tool.
    contributor_time : Timescale or None
        How long it asks of each public contributor, from first to last contact.
    lead_time : Timescale or None
        How long it takes to prepare before the first session.
    facilitation : Skill or None
        Facilitation skill it needs.
    internet : bool or None
        Whether taking part needs internet access; ``None`` when not known.
    formats : tuple of Format
        Formats and languages it is known to be offered in (easy read, audio, BSL, ...).
    ages : AgeRange or None
        Ages it suits.
    effectiveness : Effectiveness or None
        Evidence that it works, with its sources.
    estimated : tuple of str
        Which of ``cost``, ``group_size``, ``duration``, ``timescale``,
        ``contributor_time`` and ``lead_time`` are this catalogue's estimate; the values
        not listed come from the sources cited.
    how_to : tuple of str
        How to run it, in order: short plain steps drawn from its sources.
    """

    aliases: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    stakeholders: tuple[str, ...] = ()
    levels: tuple[Level, ...] = attrs.field(default=(), converter=_levels)
    modes: tuple[Mode, ...] = attrs.field(default=(), converter=_modes)
    group_size: GroupSize | None = None
    duration: str = ""
    timescale: Timescale | None = attrs.field(default=None, converter=_timescale)
    cost: Cost | None = attrs.field(default=None, converter=_cost)
    purposes: tuple[str, ...] = ()
    strengths: tuple[str, ...] = ()
    limitations: tuple[str, ...] = ()
    accessibility: tuple[str, ...] = ()
    underserved: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    pairs_with: tuple[str, ...] = ()
    recruitment: tuple[str, ...] = ()
    interactions: tuple[str, ...] = ()
    decisions: tuple[str, ...] = ()
    facilitated: bool | None = None
    same_as: tuple[str, ...] = ()
    form: Form | None = None
    contributor_time: Timescale | None = None
    lead_time: Timescale | None = None
    facilitation: Skill | None = None
    internet: bool | None = None
    formats: tuple[Format, ...] = ()
    ages: AgeRange | None = None
    effectiveness: Effectiveness | None = None
    estimated: tuple[str, ...] = ()
    how_to: tuple[str, ...] = ()

    record_kind: ClassVar[str] = "technique"

    @property
    def min_level(self) -> Level | None:
        """The lowest level it reaches, or ``None`` when no level is recorded."""
        return min(self.levels) if self.levels else None

    @property
    def max_level(self) -> Level | None:
        """The deepest level it reaches, or ``None`` when no level is recorded."""
        return max(self.levels) if self.levels else None


@attrs.frozen(kw_only=True)
class Resource(Record):
    """A guide, standard, checklist, toolkit, training course or question set.

    Parameters
    ----------
    kind : ResourceKind
        What the resource is.
    url : str
        Where to find it.
    publisher : str
        Who publishes it.
    year : int or None
        Year of the version described.
    licence : str
        Its licence, when stated (``CC BY-NC-SA 4.0``, ``all rights reserved``).
    techniques, stages : tuple of str
        Ids of the techniques and stages it supports.
    audience : tuple of str
        Ids of the stakeholders it is written for.
    """

    kind: ResourceKind = attrs.field(converter=_resource_kind)
    url: str
    publisher: str = ""
    year: int | None = None
    licence: str = ""
    techniques: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    audience: tuple[str, ...] = ()

    record_kind: ClassVar[str] = "resource"


@attrs.frozen(kw_only=True)
class Case(Record):
    """A real project that used one or more techniques.

    Parameters
    ----------
    organisation : str
        Who ran it.
    year : int or None
        When it ran (or started).
    url : str
        Its public page, when different from the sources.
    techniques, stages, stakeholders : tuple of str
        Ids of what it used, when and with whom.
    underserved : tuple of str
        Under-served groups it reached.
    outcomes : tuple of str
        What changed because of the involvement.
    lessons : tuple of str
        What others can learn from it.
    organisations : tuple of str
        Ids of the organisations that ran it or took part.
    country : str
        Where it took place (a country name in English).
    changes : tuple of str
        Kinds of change it brought about (slugs such as ``policy``, ``practice``,
        ``research-design``, ``knowledge``, ``relationships``).
    evaluated : bool or None
        Whether it was formally evaluated; ``None`` when not known.
    submitted : str or None
        When it was sent in, when it came as a submission (``YYYY-MM-DD``).
    channel : str
        How it was sent in (``site-form``, ``ms-forms``, ``e-mail``...).
    attribution : str
        Who to credit by name: published only with ``attribution_consent``.
    attribution_consent : bool
        Whether the person credited agreed to be named.
    """

    organisation: str = ""
    year: int | None = None
    url: str = ""
    techniques: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    stakeholders: tuple[str, ...] = ()
    underserved: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    lessons: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    country: str = ""
    changes: tuple[str, ...] = ()
    evaluated: bool | None = None
    submitted: str | None = attrs.field(default=None, metadata=DATE)
    channel: str = ""
    attribution: str = ""
    attribution_consent: bool = False

    record_kind: ClassVar[str] = "case"


@attrs.frozen(kw_only=True)
class Organisation(Record):
    """A body that runs or takes part in involvement: a charity, a university, an NHS trust.

    Parameters
    ----------
    url : str
        Its home page.
    sector : Sector or None
        What kind of body it is.
    country : str
        Where it is based (a country name in English).
    scope : tuple of str
        How far its work reaches (slugs: ``neighbourhood``, ``city``, ``regional``,
        ``national``, ``multinational``).
    techniques : tuple of str
        Ids of the techniques it uses.
    stakeholders : tuple of str
        Ids of the stakeholders it represents or works with.
    collaborate_on : tuple of str
        Topics it is open to collaborate on (slugs such as ``dementia``, ``data-sharing``).
    collaborate_techniques, collaborate_stages : tuple of str
        Ids of the techniques and research stages it is open to collaborate on.
    contact : str
        How to reach it about working together: a role e-mail address or a web page
        (never a person's address).
    """

    url: str = ""
    sector: Sector | None = None
    country: str = ""
    scope: tuple[str, ...] = ()
    techniques: tuple[str, ...] = ()
    stakeholders: tuple[str, ...] = ()
    collaborate_on: tuple[str, ...] = ()
    collaborate_techniques: tuple[str, ...] = ()
    collaborate_stages: tuple[str, ...] = ()
    contact: str = ""

    record_kind: ClassVar[str] = "organisation"


@attrs.frozen(kw_only=True)
class CrosswalkEntry:
    """One term of another vocabulary and the catalogue ids it corresponds to.

    Parameters
    ----------
    term : str
        The term as a slug (``planning``).
    name : str
        The term as people write it ("Planning the study").
    maps_to : tuple of str
        Ids of stages (or level names) it covers.
    note : str
        How close the correspondence is, in words.
    """

    term: str
    name: str = ""
    maps_to: tuple[str, ...] = ()
    note: str = ""


@attrs.frozen(kw_only=True)
class Crosswalk(Record):
    """A mapping from another vocabulary onto the catalogue's stages or levels.

    Parameters
    ----------
    target : str
        ``stage`` or ``level``: what the entries map onto.
    entries : tuple of CrosswalkEntry
        The terms of the other vocabulary.
    """

    target: str
    entries: tuple[CrosswalkEntry, ...] = ()

    record_kind: ClassVar[str] = "crosswalk"

    def lookup(self, term: str) -> tuple[str, ...]:
        """Return the ids ``term`` maps to, matching the slug or the name, case-insensitively.

        Raises
        ------
        KeyError
            If the term is not in this crosswalk.
        """
        folded = term.casefold()
        for entry in self.entries:
            if folded in (entry.term.casefold(), entry.name.casefold()):
                return entry.maps_to
        raise KeyError(term)


@attrs.frozen(kw_only=True)
class ChecklistItem:
    """One item of a checklist or standard.

    Parameters
    ----------
    id : str
        Slug, unique within its checklist.
    name : str
        Short title of the item.
    prompt : str
        What the item asks for, in our words.
    questions : tuple of str
        Reflective questions that help answer it.
    stages : tuple of str
        Ids of the stages it is most relevant to (empty: all).
    evidence : tuple of str
        What in an involvement plan answers the item, when reports are filled from a
        plan (``aim``, ``methods``, ``inclusion``, ``payment``, ...; see
        ``docs/plans.md``). Empty: decided from the item's id, then its stages.
    """

    id: str
    name: str
    prompt: str = ""
    questions: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Checklist(Record):
    """A reporting checklist, set of standards or set of reflective questions.

    Parameters
    ----------
    purpose : str
        ``reporting``, ``self-assessment`` or ``reflection`` (free slug).
    items : tuple of ChecklistItem
        The items, in order.
    """

    purpose: str = ""
    items: tuple[ChecklistItem, ...] = ()

    record_kind: ClassVar[str] = "checklist"


def _rate_unit(value: "RateUnit | str") -> "RateUnit":
    return RateUnit.parse(value, "per", "Rate")


@attrs.frozen(kw_only=True)
class Rate:
    """One payment rate of a payment policy.

    Parameters
    ----------
    id : str
        Slug, unique within its policy (``hour``, ``half-day``, ``day``,
        ``committee-meeting``); an activity of a plan names it in ``rate``.
    amount : float
        What the payer pays one contributor, in the policy's currency.
    per : RateUnit
        What the amount pays for: ``hour``, ``half-day``, ``day`` or one ``activity``.
    name : str
        What the rate is for, as the policy puts it ("Attending a meeting of up to
        two hours").
    notes : str
        Conditions: what preparation it includes, who is eligible.
    """

    id: str
    amount: float
    per: RateUnit = attrs.field(converter=_rate_unit)
    name: str = ""
    notes: str = ""


@attrs.frozen(kw_only=True)
class PaymentPolicy(Record):
    """A payer's published policy for paying public contributors: dated, versioned, cited.

    Rates change and policies are superseded, so they are data, never code: a team
    adds its own policy to its catalogue and a plan names the one it follows.

    Parameters
    ----------
    publisher : str
        Who publishes the policy (``NIHR``).
    version : str
        The version the rates come from, as the policy numbers it.
    date : str
        When that version was published or took effect (``YYYY-MM-DD``).
    url : str
        Where the policy is published.
    currency : str
        ISO 4217 code of the amounts (``GBP``).
    rates : tuple of Rate
        The rates it sets; an empty tuple when the policy sets none that could be
        confirmed (a plan then records its own ``pay_per_hour``).
    expenses : tuple of str
        The expenses it says are covered, from ``travel``, ``carer``, ``childcare``,
        ``data``, ``venue``, ``accessibility`` and ``training``.
    benefits_threshold : float or None
        A yearly total for one person above which the payer advises a conversation
        about welfare benefits; ``None`` when it gives no figure (then any payment is
        flagged, since any payment may affect benefits).
    benefits_advice : str
        Where the payer signposts people for benefits advice, in its words or ours.
    """

    publisher: str = ""
    version: str = ""
    date: str | None = attrs.field(default=None, metadata=DATE)
    url: str = ""
    currency: str = "GBP"
    rates: tuple[Rate, ...] = ()
    expenses: tuple[str, ...] = ()
    benefits_threshold: float | None = None
    benefits_advice: str = ""

    record_kind: ClassVar[str] = "payment-policy"

    def rate(self, rate_id: str) -> Rate | None:
        """Return the rate with id ``rate_id``, or ``None``."""
        return next((r for r in self.rates if r.id == rate_id), None)

    @property
    def hourly(self) -> Rate | None:
        """The policy's rate per hour (the first rate paid by the hour), if it sets one."""
        return next((r for r in self.rates if r.per is RateUnit.HOUR), None)


@attrs.frozen(kw_only=True)
class CatalogueInfo:
    """The ``[catalogue]`` table of a catalogue file.

    Parameters
    ----------
    name : str
        The catalogue's name (a slug), unique among installed catalogues.
    version : str
        Its version, as the publisher numbers it.
    title, description : str
        What it is, for people.
    licence : str
        The licence its content is published under.
    url : str
        Its home page.
    extends : tuple of str
        Names of the catalogues whose ids its records reference.
    publisher : str
        Who writes it, in plain words ("Participedia", "NIHR ARC North"): a website
        showing several catalogues names it on each record's page ("Written up by ...").
        Without one, the site uses the title.
    """

    name: str
    version: str = ""
    title: str = ""
    description: str = ""
    licence: str = ""
    url: str = ""
    extends: tuple[str, ...] = ()
    publisher: str = ""


@attrs.frozen(kw_only=True)
class Origin:
    """Where a record came from.

    Parameters
    ----------
    catalogue : str
        Name of the catalogue that defines it.
    file : str or None
        The file it was read from, when it was read from a file.
    distribution : str or None
        The installed distribution that provides the catalogue, or ``"runtime"``
        for catalogues registered in a running session.
    version : str or None
        That distribution's version.
    """

    catalogue: str
    file: str | None = None
    distribution: str | None = None
    version: str | None = None

    @property
    def label(self) -> str:
        """Where problems point a user: the file, or else the catalogue's name."""
        return self.file or self.catalogue

    def __str__(self) -> str:
        parts = [f"catalogue {self.catalogue!r}"]
        if self.distribution:
            dist = self.distribution + (f" {self.version}" if self.version else "")
            parts.append(f"from {dist}")
        if self.file:
            parts.append(f"({self.file})")
        return " ".join(parts)
