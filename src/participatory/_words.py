"""Plain-language words for record kinds, fields and values, shared by every page and table.

Nothing here knows about a catalogue: these are the words the website, the notebooks'
tables and the command line use for a field or an enum value.
"""

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final

from ._i18n import N_, Data, Day, Np_, listed
from ._kinds import AGE_BANDS, GROUP_SIZES, Derived, kinds
from ._model import (
    Cost,
    Form,
    Format,
    Level,
    Mode,
    Record,
    ResourceKind,
    Sector,
    Skill,
    Strength,
    Timescale,
)

if TYPE_CHECKING:
    from ._community import Commitment, Payment


__all__ = [
    "AGE_BANDS",
    "COST_WORDS",
    "ENUM_WORDS",
    "FIELD_LABELS",
    "FORMAT_WORDS",
    "FORM_WORDS",
    "GROUP_SIZES",
    "KIND_FIELD_LABELS",
    "KIND_FOLDERS",
    "KIND_NAMES",
    "LEVEL_SHORT",
    "LEVEL_WORDS",
    "SCHEMA_TYPES",
    "SECTOR_WORDS",
    "SKILL_WORDS",
    "STRENGTH_WORDS",
    "TIME_WORDS",
    "URN",
    "Country",
    "commitment_text",
    "country",
    "date_text",
    "kind_folder",
    "kind_names",
    "page_path",
    "payment_text",
    "record_iri",
    "words",
]


#: Folder of each record kind's pages (derived from the kinds' declarations).
KIND_FOLDERS: Final[Mapping[str, str]] = Derived(lambda: {k.name: k.pages for k in kinds()})

#: Plain-language name of each kind, singular and plural (from the declarations).
KIND_NAMES: Final[Mapping[str, tuple[str, str]]] = Derived(
    lambda: {k.name: (k.label, k.label_plural) for k in kinds()}
)

#: schema.org type of each kind's JSON-LD (from the declarations; the export uses the same).
SCHEMA_TYPES: Final[Mapping[str, str]] = Derived(lambda: {k.name: k.schema_type for k in kinds()})

#: Plain-language labels of record fields (others: the field name in words).
FIELD_LABELS: Final[Mapping[str, str]] = {
    "aliases": N_("Also called"),
    "stages": N_("Research stages"),
    "stakeholders": N_("People involved"),
    "levels": N_("Depth of involvement"),
    "modes": N_("How it is run"),
    "group_size": N_("Group size"),
    "duration": N_("Time it takes"),
    "timescale": N_("From start to finish"),
    "cost": N_("Cost"),
    "posted": N_("Posted"),
    "purposes": N_("Good for"),
    "strengths": N_("Strengths"),
    "limitations": N_("Limitations"),
    "accessibility": N_("Making it accessible"),
    "underserved": N_("Under-served groups reached"),
    "resources": N_("Resources"),
    "pairs_with": N_("Works well with"),
    "recruitment": N_("How people are found"),
    "interactions": N_("How people take part"),
    "decisions": N_("How decisions are made"),
    "facilitated": N_("Needs a facilitator"),
    "same_as": N_("Other write-ups of this technique"),
    "kind": N_("Kind of resource"),
    "url": N_("Web address"),
    "publisher": N_("Published by"),
    "year": N_("Year"),
    "licence": N_("Licence"),
    "techniques": N_("Techniques"),
    "audience": N_("Written for"),
    "organisation": N_("Run by"),
    "outcomes": N_("What changed"),
    "lessons": N_("Lessons for others"),
    "order": N_("Position in the research cycle"),
    "cross_cutting": N_("Runs alongside every stage"),
    "category": N_("Category"),
    "purpose": N_("Purpose"),
    "target": N_("Maps onto"),
    "tags": N_("Keywords"),
    "form": N_("What kind of thing it is"),
    "contributor_time": N_("Time asked of each contributor"),
    "lead_time": N_("Time to prepare"),
    "facilitation": N_("Facilitation skill needed"),
    "internet": N_("Needs the internet"),
    "formats": N_("Formats offered"),
    "ages": N_("Ages it suits"),
    "organisations": N_("Organisations involved"),
    "country": N_("Country"),
    "changes": N_("Kinds of change"),
    "evaluated": N_("Formally evaluated"),
    "sector": N_("Kind of organisation"),
    "scope": N_("How far its work reaches"),
}

#: Labels that differ by kind of record: (kind, field) -> label (from the declarations).
KIND_FIELD_LABELS: Final[Mapping[tuple[str, str], str]] = Derived(
    lambda: {(k.name, field): label for k in kinds() for field, label in k.field_labels.items()}
)

#: Fields shown elsewhere on a record's page (heading, summary, sources) or not at all.
SHOWN_ELSEWHERE: Final = frozenset(
    {
        "id",
        "name",
        "summary",
        "plain",
        "sources",
        "items",
        "entries",
        "order",
        "estimated",
        "effectiveness",
        "tags",
        "author_consent",  # consents are kept, never shown
        "attribution_consent",
    }
)

#: Guide fields, by kind: shown in their own part of the page (``RecordPage.guide``), so
#: left out of the record's field list. By kind, because other kinds use the same names
#: for fields of their own (an opportunity's ``payment`` and ``support``).
GUIDE_FIELDS: Final[Mapping[str, frozenset[str]]] = {
    "stage": frozenset({"steps", "questions"}),
    "stakeholder": frozenset({"take_part", "expect", "payment", "support", "stopping", "to_do"}),
    "technique": frozenset({"how_to"}),
    "opportunity": frozenset({"content_warning"}),  # shown before its description
}

#: A kind whose page groups its fields under headings, by kind: (heading, fields); a field
#: in no group is shown under "More details", a group with nothing in it not at all.
SECTIONS: Final[Mapping[str, tuple[tuple[str, tuple[str, ...]], ...]]] = {
    "opportunity": (
        (N_("What it is"), ("kind", "organisation", "organisations", "techniques", "stages", "level")),
        (N_("Where and when"), ("modes", "place", "starts", "posted", "languages")),
        (N_("Time and pay"), ("commitment", "payment", "expenses")),
        (N_("Support and accessibility"), ("support", "formats", "adjustments")),
        (N_("Who can take part"), ("stakeholders", "eligibility")),
        (N_("How to apply"), ("closes", "apply")),
    ),
}

#: Fields shown first on a record's page: what the record is.
FIRST: Final = ("form", "sector", "organisation", "organisations", "country")

#: Country names said with "the" ("based in the United Kingdom").
THE_COUNTRIES: Final = frozenset(
    {"Bahamas", "Comoros", "Gambia", "Maldives", "Netherlands", "Philippines", "Seychelles"}
)


def country(name: str) -> str:
    """Return a country's name as said in a sentence: ``the United Kingdom``, ``Canada``."""
    the = (
        name in THE_COUNTRIES
        or name.startswith(("United ", "Republic "))
        or name.endswith((" Republic", " Islands"))
    )
    return f"the {name}" if the else name


class Country(Data):
    """A country's name, as written in a record (English); pages show it in their language.

    ``sentence`` says it stands in a sentence, where English says ``the United Kingdom``.
    """

    name: str
    sentence: bool

    def __new__(cls, name: str, *, sentence: bool = False) -> "Country":
        """Make a country's English words (with "the" in a sentence, where English says it)."""
        self = super().__new__(cls, country(name) if sentence else name, None, None, {})
        self.name, self.sentence = name, sentence
        return self

    def __reduce__(self) -> tuple[Callable[..., "Country"], tuple[str, bool]]:  # type: ignore[override]
        """Copy and pickle as the name."""
        return _country, (self.name, self.sentence)


def _country(name: str, sentence: bool) -> Country:
    return Country(name, sentence=sentence)


#: A technique's practical fields, shown together under "What it takes".
PRACTICAL: Final = (
    "group_size",
    "duration",
    "timescale",
    "contributor_time",
    "lead_time",
    "cost",
    "facilitation",
    "facilitated",
    "internet",
    "formats",
    "ages",
)

#: Yes/no fields shown only when yes ("runs alongside every stage: no" tells nobody anything).
ONLY_WHEN_TRUE: Final = frozenset({"cross_cutting"})

COST_WORDS: Final = {
    Cost.LOW: N_("Low (under £1,000)"),
    Cost.MEDIUM: N_("Medium (£1,000 to £10,000)"),
    Cost.HIGH: N_("High (£10,000 to £50,000)"),
    Cost.VERY_HIGH: N_("Very high (over £50,000)"),
}
LEVEL_WORDS: Final = {
    Level.INFORM: N_("Inform: people are told about the research"),
    Level.CONSULT: N_("Consult: people are asked for their views"),
    Level.INVOLVE: N_("Involve: people work with researchers throughout an activity"),
    Level.COLLABORATE: N_("Collaborate: people share decisions as partners"),
    Level.EMPOWER: N_("Empower: people make the final decisions"),
}
#: A depth level in a word ("Involve"), where its meaning is said elsewhere.
LEVEL_SHORT: Final = {
    Level.INFORM: N_("Inform"),
    Level.CONSULT: N_("Consult"),
    Level.INVOLVE: N_("Involve"),
    Level.COLLABORATE: N_("Collaborate"),
    Level.EMPOWER: N_("Empower"),
}

FORM_WORDS: Final = {
    Form.APPROACH: N_("An approach: a way of working or a set of principles"),
    Form.METHOD: N_("A method: a structured activity with known steps"),
    Form.TOOL: N_("A tool: something used within a method, such as a card sort or a template"),
}
SKILL_WORDS: Final = {
    Skill.NONE: N_("None: anyone can run it from a guide"),
    Skill.SOME: N_("Some: an experienced facilitator"),
    Skill.SPECIALIST: N_("Specialist: a facilitator with specific training"),
}
TIME_WORDS: Final = {
    Timescale.HOURS: N_("Hours"),
    Timescale.DAYS: N_("Days"),
    Timescale.WEEKS: N_("Weeks"),
    Timescale.MONTHS: N_("Months"),
    Timescale.YEARS: N_("Years"),
}
FORMAT_WORDS: Final = {
    Format.EASY_READ: N_("Easy read"),
    Format.AUDIO: N_("Audio"),
    Format.LARGE_PRINT: N_("Large print"),
    Format.BRAILLE: N_("Braille"),
    Format.BSL: N_("British Sign Language (BSL)"),
    Format.TRANSLATED: N_("In other languages"),
    Format.WELSH: N_("Welsh"),
    Format.INTERPRETED: N_("With an interpreter"),
}
STRENGTH_WORDS: Final = {
    Strength.ANECDOTAL: N_("Anecdotal: reports and reflections, not tests of whether it works"),
    Strength.EMERGING: N_("Emerging: evaluations of single uses"),
    Strength.MODERATE: N_("Moderate: several evaluations, or a review of them"),
    Strength.STRONG: N_("Strong: trials or systematic reviews found that it works"),
}
SECTOR_WORDS: Final = {
    Sector.PUBLIC_BODY: N_("Public body"),
    Sector.HEALTH_OR_CARE_PROVIDER: N_("Health or care provider"),
    Sector.UNIVERSITY_OR_RESEARCH: N_("University or research body"),
    Sector.CHARITY_OR_COMMUNITY: N_("Charity or community group"),
    Sector.PATIENT_ORGANISATION: N_("Patient organisation"),
    Sector.BUSINESS: N_("Business"),
    Sector.FUNDER: N_("Funder"),
    Sector.OTHER: N_("Other kind of organisation"),
}


#: Acronyms as they are written, wherever a slug becomes words ("uk" -> "UK").
ACRONYMS: Final[Mapping[str, str]] = {
    a.lower(): a
    for a in (
        "UK",
        "NHS",
        "NIHR",
        "AI",
        "PCORI",
        "BSL",
        "PPI",
        "PPIE",
        "HRA",
        "ARC",
        "GP",
        "GPs",
        "EBCD",
        "JLA",
        "PSP",
        "COVID",
        "LGBTQ",
        "USA",
        "EU",
        "CBPR",
        "VCSE",
        "CIC",
    )
}

#: Prefixes whose hyphen belongs to the word ("co-design", "under-served", "self-advocacy").
_HYPHENATED: Final = frozenset({"co", "non", "self", "under", "over", "well", "pre", "cross"})


#: The words of enumerated values that ``words`` would spell out, marked for translation.
_ENUM_SLUG_WORDS: Final = {
    Mode.IN_PERSON: N_("In person"),
    Mode.ONLINE: N_("Online"),
    Mode.HYBRID: N_("Hybrid"),
    ResourceKind.GUIDE: N_("Guide"),
    ResourceKind.CHECKLIST: N_("Checklist"),
    ResourceKind.STANDARD: N_("Standard"),
    ResourceKind.TOOLKIT: N_("Toolkit"),
    ResourceKind.TRAINING: N_("Training"),
    ResourceKind.QUESTION_SET: N_("Question set"),
    ResourceKind.FRAMEWORK: N_("Framework"),
    ResourceKind.POLICY: N_("Policy"),
    ResourceKind.CASE_COLLECTION: N_("Case collection"),
    ResourceKind.REPORT: N_("Report"),
}


def words(slug: object) -> str:
    """Return a slug or enum value in words, acronyms as written: ``"nihr-arc"`` -> ``"NIHR ARC"``.

    A hyphen stays after a prefix that takes one (``co-design``, ``under-served``).

    >>> words("explore-experiences"), words("co-design"), words("uk"), words("ai-and-data")
    ('Explore experiences', 'Co-design', 'UK', 'AI and data')
    >>> from participatory import Mode
    >>> words(Mode.IN_PERSON)
    'In person'
    """
    if isinstance(slug, Mode | ResourceKind):
        return _ENUM_SLUG_WORDS[slug]
    parts = str(slug).replace("_", "-").strip("- ").split("-")
    out: list[str] = []
    for i, part in enumerate(parts):
        shown = ACRONYMS.get(part.lower(), part)
        if i and parts[i - 1].lower() in _HYPHENATED and out:
            out[-1] += "-" + shown
        else:
            out.append(shown)
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def kind_names(kind: str) -> tuple[str, str]:
    """Return the plain-language singular and plural of a record kind."""
    return KIND_NAMES.get(kind, (words(kind), f"{words(kind)}s"))


def kind_folder(kind: str) -> str:
    """Return the folder of a record kind's pages: ``"technique"`` -> ``"techniques"``."""
    return KIND_FOLDERS.get(kind, f"{kind}s")


def page_path(record: Record) -> str:
    """Return the stable site-relative address of a record's page (``techniques/photovoice/``)."""
    return f"{kind_folder(record.record_kind)}/{record.id}/"


#: The IRI of a record when no web address is known: ``urn:participatory:<kind>:<id>``.
URN: Final = "urn:participatory:"


def record_iri(kind: str, rid: str, base_url: str = "") -> str:
    """Return the IRI of a record: its page's address on a site published at ``base_url``.

    The website's pages and the JSON-LD export name records alike. With no ``base_url``
    the IRI is ``urn:participatory:<kind>:<id>``.

    >>> record_iri("technique", "photovoice", "https://example.org/ppi")
    'https://example.org/ppi/techniques/photovoice/'
    >>> record_iri("technique", "photovoice")
    'urn:participatory:technique:photovoice'
    """
    if base_url:
        return f"{base_url.rstrip('/')}/{kind_folder(kind)}/{rid}/"
    return f"{URN}{kind}:{rid}"


ENUM_WORDS: Final[tuple[tuple[type, Mapping[Any, str]], ...]] = (
    (Cost, COST_WORDS),
    (Form, FORM_WORDS),
    (Skill, SKILL_WORDS),
    (Timescale, TIME_WORDS),
    (Sector, SECTOR_WORDS),
)


#: What a payment is per, in words, around the amount.
_PER: Final = {
    "hour": lambda amount: N_("%(amount)s an hour", amount=amount),
    "session": lambda amount: N_("%(amount)s a session", amount=amount),
    "day": lambda amount: N_("%(amount)s a day", amount=amount),
    "year": lambda amount: N_("%(amount)s a year", amount=amount),
    "total": lambda amount: N_("%(amount)s in total", amount=amount),
}
#: The count a plural form is chosen by for a number that is not whole (1.5 hours): one
#: every language says with its general plural ("other").
_NOT_WHOLE: Final = 1000


def commitment_text(c: "Commitment") -> str:
    """Return the time an opportunity asks, in words: ``2 hours a session, 4 sessions, over a year``."""
    parts: list[str] = []
    if c.hours is not None:
        n = int(c.hours) if float(c.hours).is_integer() else _NOT_WHOLE
        hours = f"{c.hours:g}"
        parts.append(Np_("%(hours)s hour a session", "%(hours)s hours a session", n, hours=hours))
    if c.sessions is not None:
        parts.append(Np_("%(n)d session", "%(n)d sessions", c.sessions))
    if c.period:
        parts.append(c.period)
    return listed(parts)


def payment_text(p: "Payment") -> str:
    """Return what an opportunity pays, in words: ``£25 an hour, following ...`` or ``Unpaid``."""
    if not p.offered:
        return N_("Unpaid")
    amount = f"£{p.amount:,.2f}".removesuffix(".00") if p.amount is not None else N_("Paid")
    per = _PER.get(p.unit)
    text = per(amount) if per is not None else f"{amount} {p.unit}".strip()
    return N_("%(payment)s, following the %(policy)s", payment=text, policy=p.policy) if p.policy else text


def date_text(value: str) -> str:
    """Return an ISO date in words (``31 January 2027``, a :class:`Day`); anything else as given."""
    import datetime as dt

    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return value
    return Day(day)
