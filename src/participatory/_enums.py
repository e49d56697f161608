"""The ordered vocabularies of a catalogue: levels, modes, costs and the other enums.

Each is an :class:`_OrderedEnum`: values are the lowercase words written in files, members
compare by their order of declaration, and ``parse`` turns a file's word into a member
with a "did you mean" message when it is wrong.
"""

import enum
from collections.abc import Iterable
from typing import Self, TypeVar

from ._errors import InvalidFieldError
from ._schema import did_you_mean

__all__ = [
    "Cost",
    "Form",
    "Format",
    "Level",
    "Mode",
    "RateUnit",
    "ResourceKind",
    "Sector",
    "Sensitivity",
    "Skill",
    "Strength",
    "Timescale",
]


class _OrderedEnum(enum.Enum):
    """An enum whose members compare by their position in the class body."""

    @property
    def rank(self) -> int:
        """Position of the member, starting at 0 for the lowest."""
        return _RANKS[type(self)][self]

    def __lt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.rank >= other.rank

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def parse(cls, value: "str | Self", field: str = "", owner: str = "") -> Self:
        """Return the member for ``value``, a member or its name as written in files.

        ``field`` and ``owner`` (a record class's name) say where the value was given,
        for the message.

        Raises
        ------
        InvalidFieldError
            (a ``ValueError`` and a ``TypeError``) if ``value`` names no member or is
            not a string; the message suggests the nearest name and lists the valid ones.
        """
        if isinstance(value, cls):
            return value
        names = ", ".join(str(m.value) for m in cls)
        what = cls.__name__.lower()
        if type(value) is not str:
            given: object = value
            got = "None" if given is None else f"a {type(given).__name__}"
            msg = f"expected a {what} name ({names}), got {got}"
            raise InvalidFieldError(owner, field or what, msg)
        try:
            return cls(value)
        except ValueError:
            hint = did_you_mean(value, [str(m.value) for m in cls])
            msg = f"unknown {what} {value!r}{hint} (expected one of {names})"
            raise InvalidFieldError(owner, field or what, msg) from None


_RANKS: dict[type[_OrderedEnum], dict[_OrderedEnum, int]] = {}


def _rank(cls: type[_OrderedEnum]) -> None:
    _RANKS[cls] = {member: i for i, member in enumerate(cls)}


class Level(_OrderedEnum):
    """Depth of involvement, after the IAP2 Spectrum of Public Participation.

    Members are ordered ``INFORM < CONSULT < INVOLVE < COLLABORATE < EMPOWER`` and
    compare with ``<``, ``>=`` and so on. The definitions are ours; the level names
    follow IAP2 (https://www.iap2.org/page/pillars).

    - ``inform``: people are told about the research; information flows one way.
    - ``consult``: people's views are asked for; researchers decide what to do with them.
    - ``involve``: people work with researchers throughout an activity, and their
      concerns visibly shape the options considered.
    - ``collaborate``: people and researchers share decisions as partners.
    - ``empower``: people hold the final decision, or lead the research themselves.

    Examples
    --------
    >>> Level.COLLABORATE >= Level.INVOLVE
    True
    >>> Level.parse("consult") < Level.EMPOWER
    True
    """

    INFORM = "inform"
    CONSULT = "consult"
    INVOLVE = "involve"
    COLLABORATE = "collaborate"
    EMPOWER = "empower"


class Mode(_OrderedEnum):
    """How an activity is run: ``in-person``, ``online`` or ``hybrid`` (both at once)."""

    IN_PERSON = "in-person"
    ONLINE = "online"
    HYBRID = "hybrid"


class Cost(_OrderedEnum):
    """Indicative direct cost band of one use of a technique, in pounds sterling.

    ``low`` under £1k, ``medium`` £1k to £10k, ``high`` £10k to £50k,
    ``very-high`` over £50k. Ordered, so ``cost <= Cost.MEDIUM`` reads "affordable".
    """

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very-high"


class Timescale(_OrderedEnum):
    """How long one use of a technique takes from its first session to its last.

    ``hours`` (a single session), ``days``, ``weeks``, ``months`` or ``years``.
    """

    HOURS = "hours"
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"


class ResourceKind(_OrderedEnum):
    """What a :class:`Resource` is."""

    GUIDE = "guide"
    CHECKLIST = "checklist"
    STANDARD = "standard"
    TOOLKIT = "toolkit"
    TRAINING = "training"
    QUESTION_SET = "question-set"
    FRAMEWORK = "framework"
    POLICY = "policy"
    CASE_COLLECTION = "case-collection"
    REPORT = "report"


class Sector(_OrderedEnum):
    """What kind of body an :class:`Organisation` is (one normalised vocabulary).

    ``public-body``, ``health-or-care-provider``, ``university-or-research``,
    ``charity-or-community``, ``patient-organisation``, ``business``, ``funder``, ``other``.
    """

    PUBLIC_BODY = "public-body"
    HEALTH_OR_CARE_PROVIDER = "health-or-care-provider"
    UNIVERSITY_OR_RESEARCH = "university-or-research"
    CHARITY_OR_COMMUNITY = "charity-or-community"
    PATIENT_ORGANISATION = "patient-organisation"
    BUSINESS = "business"
    FUNDER = "funder"
    OTHER = "other"


class Form(_OrderedEnum):
    """What kind of thing a technique is.

    - ``approach``: a way of working or a set of principles (co-production, peer research);
    - ``method``: a structured activity with known steps (citizens' jury, nominal group);
    - ``tool``: an instrument used within a method (a card sort, a scorecard, a template).
    """

    APPROACH = "approach"
    METHOD = "method"
    TOOL = "tool"


class Skill(_OrderedEnum):
    """Facilitation skill a technique needs, lowest first.

    ``none`` (anyone can run it from a guide), ``some`` (an experienced facilitator),
    ``specialist`` (specific training, e.g. in deliberation or arts-based methods).
    """

    NONE = "none"
    SOME = "some"
    SPECIALIST = "specialist"


class Format(_OrderedEnum):
    """Formats and languages a technique is known to be offered in."""

    EASY_READ = "easy-read"
    AUDIO = "audio"
    LARGE_PRINT = "large-print"
    BRAILLE = "braille"
    BSL = "bsl"
    TRANSLATED = "translated"
    WELSH = "welsh"
    INTERPRETED = "interpreted"


class Strength(_OrderedEnum):
    """How strong the evidence that a technique works is, weakest first.

    ``anecdotal`` (reports and reflections), ``emerging`` (evaluations of single uses),
    ``moderate`` (several evaluations or a review of them), ``strong`` (trials or
    systematic reviews finding an effect).
    """

    ANECDOTAL = "anecdotal"
    EMERGING = "emerging"
    MODERATE = "moderate"
    STRONG = "strong"


class Sensitivity(_OrderedEnum):
    """How emotionally demanding an activity's topic may be, lowest first.

    ``low`` (everyday topics), ``medium`` (personal experience of illness or care),
    ``high`` (topics that may cause distress: bereavement, self-harm, abuse, trauma).
    The audit asks for a distress protocol and a support contact from ``medium`` up.
    """

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class RateUnit(_OrderedEnum):
    """What one payment rate pays for: an ``hour``, a ``half-day``, a ``day``, or one ``activity``."""

    HOUR = "hour"
    HALF_DAY = "half-day"
    DAY = "day"
    ACTIVITY = "activity"


for _cls in (
    Level,
    Mode,
    Cost,
    Timescale,
    ResourceKind,
    Sector,
    Form,
    Skill,
    Format,
    Strength,
    Sensitivity,
    RateUnit,
):
    _rank(_cls)


_E = TypeVar("_E", bound=_OrderedEnum)

# Converters: a name given where a member is expected is turned into the member, or refused
# at once with the field named (never accepted and failing later).


def _parse_all(cls: type[_E], values: object, field: str) -> tuple[_E, ...]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        got = "a string" if isinstance(values, str) else f"a {type(values).__name__}"
        msg = f"expected a tuple of {cls.__name__.lower()} names, got {got}"
        raise InvalidFieldError("Technique", field, msg)
    return tuple(cls.parse(v, f"{field}[{i}]", "Technique") for i, v in enumerate(values))


def _levels(values: Iterable[Level | str]) -> tuple[Level, ...]:
    return _parse_all(Level, values, "levels")


def _modes(values: Iterable[Mode | str]) -> tuple[Mode, ...]:
    return _parse_all(Mode, values, "modes")


def _timescale(value: Timescale | str | None) -> Timescale | None:
    return None if value is None else Timescale.parse(value, "timescale", "Technique")


def _cost(value: Cost | str | None) -> Cost | None:
    return None if value is None else Cost.parse(value, "cost", "Technique")


def _resource_kind(value: ResourceKind | str) -> ResourceKind:
    return ResourceKind.parse(value, "kind", "Resource")
