"""Involvement plans: a typed, checkable record of who is involved, when, how and to what end.

A plan file holds one ``[plan]`` table and one ``[[activity]]`` table per involvement
activity. Plans are read and checked the same way as catalogues: every problem is
collected, located (file, ``activity N`` counted from 1, field) and raised at once.
"""

import os
from collections.abc import Iterable, Iterator, Mapping
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from . import _io
from ._catalogue import Catalogue
from ._checks import slug_list_problems
from ._convert import describe, salvage, structure_table, unstructure
from ._defaults import DEFAULT_CHECKLIST, installed
from ._errors import CatalogueNotFoundError, CatalogueValidationError, CatalogueWriteError, Problem
from ._model import Level, Mode, Sensitivity
from ._schema import DATE, activity_name, is_slug, nearest, slug_problem, table_hint

if TYPE_CHECKING:
    from ._audit import Audit
    from ._budget import Budget
    from ._community import Opportunity
    from ._model import PaymentPolicy
    from ._paperwork import Paper
    from ._report import Report

__all__ = ["Activity", "Expenses", "LogEntry", "Plan", "PlanInfo", "Wellbeing"]

_TABLES = ("plan", "activity")
_ALIASES = {"activities": "activity", "plans": "plan", "study": "plan", "catalogue": "plan"}


def _level(value: "str | Level") -> Level:
    return Level.parse(value, "level", "Activity")


def _mode(value: "str | Mode | None") -> Mode | None:
    return None if value is None else Mode.parse(value, "mode", "Activity")


def _sensitivity(value: "str | Sensitivity | None") -> Sensitivity | None:
    return None if value is None else Sensitivity.parse(value, "sensitivity", "Wellbeing")


@attrs.frozen(kw_only=True)
class PlanInfo:
    """The ``[plan]`` table of a plan file.

    Parameters
    ----------
    title : str
        The study's title, or a title for the plan.
    catalogues : tuple of str
        Names of the catalogues whose technique, stage and stakeholder ids the plan
        uses (default ``("core",)``).
    summary : str
        What the study is about, in a few plain sentences.
    study : str
        A reference for the study (registration number, grant number or web address).
    aim : str
        What involvement is meant to achieve in this study (GRIPP2 item 1).
    underserved : tuple of str
        Under-served groups the study needs to reach (slugs such as
        ``ethnic-minority``, ``digitally-excluded``), after NIHR-INCLUDE.
    discussion : str
        How far involvement shaped the study, once known (GRIPP2 item 4).
    reflections : str
        What went well and what did not, once known (GRIPP2 item 5).
    start : str or None
        When the project starts (``YYYY-MM-DD``): project years are counted from it
        (default: the earliest activity ``start``).
    payment_policy : str
        Id of the payment policy the plan follows (a ``payment-policy`` record).
    feedback_weeks : int
        How many weeks after contributors say something feedback is due, for "you
        said, we did" entries with no ``due`` date (``0``: no default).
    organisation : str
        Who runs the study and offers its involvement opportunities, in words (an
        organisation, never a person), for adverts.
    """

    title: str
    catalogues: tuple[str, ...] = ("core",)
    summary: str = ""
    study: str = ""
    aim: str = ""
    underserved: tuple[str, ...] = ()
    discussion: str = ""
    reflections: str = ""
    start: str | None = attrs.field(default=None, metadata=DATE)
    payment_policy: str = ""
    feedback_weeks: int = 0
    organisation: str = ""


#: Expense lines of an activity, in the order budgets show them, with what each amount is for.
EXPENSE_BASIS: dict[str, str] = {
    "travel": "each contributor, each session",
    "carer": "each contributor, each session",
    "childcare": "each contributor, each session",
    "data": "each contributor, each session",
    "venue": "each session",
    "accessibility": "each session",
    "training": "each contributor, once",
}


@attrs.frozen(kw_only=True)
class Expenses:
    """What an activity budgets for expenses, in pounds (or the plan's policy's currency).

    Each amount is for one unit of its basis: ``travel``, ``carer``, ``childcare`` and
    ``data`` for each contributor at each session; ``venue`` and ``accessibility`` for
    each session; ``training`` for each contributor once. A ``0`` says the cost was
    considered and is not needed; an activity with no ``[activity.expenses]`` table has
    not considered expenses at all.

    Parameters
    ----------
    travel : float
        Travel to and from a session (fares, mileage, parking, taxis where needed).
    carer : float
        Cover for someone the contributor cares for, or a personal assistant.
    childcare : float
        Childcare while the contributor takes part.
    data : float
        Phone, mobile data or broadband to take part online.
    venue : float
        Room hire and refreshments.
    accessibility : float
        BSL interpreters, captioning, easy-read or large-print production, hearing loops.
    training : float
        Training or induction for the role.
    notes : str
        What the amounts assume.
    """

    travel: float = 0.0
    carer: float = 0.0
    childcare: float = 0.0
    data: float = 0.0
    venue: float = 0.0
    accessibility: float = 0.0
    training: float = 0.0
    notes: str = ""


@attrs.frozen(kw_only=True)
class LogEntry:
    """One line of an activity's "you said, we did" log.

    Parameters
    ----------
    said : str
        What contributors said or asked for.
    did : str
        What the team did in response.
    why_not : str
        Why the team did not act on it, when it did not.
    said_on : str or None
        When it was said (``YYYY-MM-DD``).
    due : str or None
        When feedback is due to go back to contributors (``YYYY-MM-DD``); without it,
        ``said_on`` plus ``[plan] feedback_weeks``, when both are given.
    fed_back : str or None
        When feedback went back to the contributors (``YYYY-MM-DD``).
    """

    said: str
    did: str = ""
    why_not: str = ""
    said_on: str | None = attrs.field(default=None, metadata=DATE)
    due: str | None = attrs.field(default=None, metadata=DATE)
    fed_back: str | None = attrs.field(default=None, metadata=DATE)


@attrs.frozen(kw_only=True)
class Wellbeing:
    """How an activity looks after the people taking part.

    Parameters
    ----------
    sensitivity : Sensitivity or None
        How emotionally demanding the topic may be: ``low``, ``medium`` or ``high``.
    distress_protocol : str
        What happens if someone becomes distressed (who steps in, what is offered).
    support_contact : str
        Who contributors can talk to afterwards (a role and how to reach them, or a
        service), never a private person's details without their consent.
    breaks : str
        How breaks are offered.
    withdrawal : str
        How someone can stop taking part, at any time and without giving a reason.
    """

    sensitivity: Sensitivity | None = attrs.field(default=None, converter=_sensitivity)
    distress_protocol: str = ""
    support_contact: str = ""
    breaks: str = ""
    withdrawal: str = ""


@attrs.frozen(kw_only=True)
class Activity:
    """One involvement activity of a plan.

    Parameters
    ----------
    technique : str
        Id of the technique used (``virtual-panel``).
    stage : str
        Id of the research stage it serves (``design``).
    stakeholders : tuple of str
        Ids of the kinds of people involved (``patient``, ``carer``).
    level : Level
        How deep the involvement goes (``consult``, ``collaborate``, ...).
    name : str
        A short name for the activity ("Data-sharing panel").
    when : str
        When it happens, in words ("months 1 to 3", "2025-03").
    mode : Mode or None
        ``in-person``, ``online`` or ``hybrid``.
    reach : tuple of str
        Under-served groups it reaches, or is designed to reach (slugs).
    not_reached : tuple of str
        Groups it is known not to reach (slugs).
    payment : str
        How contributors are paid or recognised ("£25 an hour, NIHR rates").
    support : str
        Support offered: training, briefing, a named contact, accessibility.
    feedback : str
        How contributors hear what happened to their input.
    impact : str
        What changed because of the activity, once known.
    notes : str
        Anything else.
    contributors : int
        How many public contributors take part (for the budget).
    sessions : int
        How many sessions (meetings, workshops, review rounds) the activity has.
    hours : float
        Hours each session lasts.
    preparation_hours : float
        Preparation time each contributor needs for each session (reading papers).
    travel_hours : float
        Travel time for each contributor to and from each session.
    rate : str
        Id of the rate of the plan's payment policy that pays for the activity
        (``hour`` by default; ``half-day``, ``day`` or an activity rate).
    pay_per_hour : float or None
        What the plan pays each contributor an hour, when it sets its own rate instead
        of the policy's; ``0`` means contributors are not paid.
    start : str or None
        First session (``YYYY-MM-DD``), for budgets by project year.
    end : str or None
        Last session (``YYYY-MM-DD``); sessions are spread evenly from start to end.
    expenses : Expenses or None
        Expenses budgeted (``[activity.expenses]``); ``None`` when not considered.
    log : tuple of LogEntry
        The "you said, we did" log (``[[activity.log]]``).
    wellbeing : Wellbeing or None
        Topic sensitivity, distress protocol, support, breaks and withdrawal
        (``[activity.wellbeing]``).
    accessibility : str
        Adjustments offered (step-free venue, BSL, easy read, captions), for adverts.
    eligibility : str
        Who can take part, for adverts.
    how_to_apply : str
        How to express interest, for adverts.
    closes : str or None
        When expressions of interest close (``YYYY-MM-DD``), for adverts.
    outputs : tuple of str
        What the activity produced with contributors (a revised summary, a paper), for
        contribution statements.
    """

    technique: str
    stage: str
    stakeholders: tuple[str, ...]
    level: Level = attrs.field(converter=_level)
    name: str = ""
    when: str = ""
    mode: Mode | None = attrs.field(default=None, converter=_mode)
    reach: tuple[str, ...] = ()
    not_reached: tuple[str, ...] = ()
    payment: str = ""
    support: str = ""
    feedback: str = ""
    impact: str = ""
    notes: str = ""
    contributors: int = 0
    sessions: int = 0
    hours: float = 0.0
    preparation_hours: float = 0.0
    travel_hours: float = 0.0
    rate: str = ""
    pay_per_hour: float | None = None
    start: str | None = attrs.field(default=None, metadata=DATE)
    end: str | None = attrs.field(default=None, metadata=DATE)
    expenses: Expenses | None = None
    log: tuple[LogEntry, ...] = ()
    wellbeing: Wellbeing | None = None
    accessibility: str = ""
    eligibility: str = ""
    how_to_apply: str = ""
    closes: str | None = attrs.field(default=None, metadata=DATE)
    outputs: tuple[str, ...] = ()


def _activities(value: Iterable[Activity]) -> tuple[Activity, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Plan:
    """An involvement plan for one study: a ``[plan]`` table and its activities.

    Parameters
    ----------
    info : PlanInfo
        The plan's ``[plan]`` table.
    activities : tuple of Activity
        The involvement activities, in the order they are written.
    source : str or None
        The file the plan was read from (not compared by ``==``).

    Examples
    --------
    >>> from participatory import Activity, Plan, PlanInfo
    >>> plan = Plan(
    ...     info=PlanInfo(title="Multimorbidity study"),
    ...     activities=(Activity(technique="virtual-panel", stage="design",
    ...                          stakeholders=("patient",), level="consult"),),
    ... )
    >>> plan.activities[0].level
    <Level.CONSULT: 'consult'>
    >>> plan.stages
    ('design',)
    """

    info: PlanInfo
    activities: tuple[Activity, ...] = attrs.field(default=(), converter=_activities)
    source: str | None = attrs.field(default=None, eq=False, repr=False)

    # --- views ----------------------------------------------------------------------

    @property
    def title(self) -> str:
        """The plan's title."""
        return self.info.title

    @property
    def catalogues(self) -> tuple[str, ...]:
        """Names of the catalogues the plan's ids resolve in."""
        return self.info.catalogues

    @property
    def stages(self) -> tuple[str, ...]:
        """Ids of the stages the plan involves people in, in the order first met."""
        return tuple(dict.fromkeys(a.stage for a in self.activities))

    def at_stage(self, stage: str) -> tuple[tuple[int, Activity], ...]:
        """Return the activities at ``stage``, with their positions in the plan."""
        return tuple((i, a) for i, a in enumerate(self.activities) if a.stage == stage)

    def _repr_html_(self) -> str:
        from ._html._reprs import plan_html

        return plan_html(self, str(self))

    # --- checks -----------------------------------------------------------------------

    def check(self, catalogue: Catalogue) -> tuple[Problem, ...]:
        """Return every reference the catalogue cannot resolve, without raising.

        Unknown techniques, stages and stakeholders are reported with the nearest
        known id as a suggestion.
        """
        where = self.source or f"plan {self.title!r}"  # a plan made in Python: its title, never "-"
        return (
            *info_reference_problems(self.info, catalogue, where),
            *reference_problems(enumerate(self.activities), catalogue, where),
        )

    def audit(self, catalogue: Catalogue | None = None, *, rules: Iterable[str] | None = None) -> "Audit":
        """Check the plan against the audit rules and return the findings.

        Parameters
        ----------
        catalogue : Catalogue, optional
            Where ids resolve; by default the catalogues the plan names
            (``[plan] catalogues``).
        rules : iterable of str, optional
            Ids of the rules to run; by default every registered rule.

        Raises
        ------
        CatalogueValidationError
            If the plan names a technique, stage or stakeholder the catalogue lacks.
        """
        from ._audit import run_audit

        return run_audit(self, self._catalogue(catalogue), rules=rules)

    def report(self, checklist: str = DEFAULT_CHECKLIST, catalogue: Catalogue | None = None) -> "Report":
        """Fill a checklist (``gripp2-sf``, ``uk-standards``, ``reflective-questions``) from the plan.

        Items are answered only from what the plan records; anything missing is
        reported as a gap, never made up.

        Raises
        ------
        UnknownIdError
            If the catalogue has no checklist with that id.
        """
        from ._report import build_report

        return build_report(self, checklist, self._catalogue(catalogue))

    def budget(
        self, catalogue: Catalogue | None = None, *, rates: "PaymentPolicy | str | None" = None
    ) -> "Budget":
        """Cost the plan: fees and expenses per activity, in total and by project year.

        Parameters
        ----------
        catalogue : Catalogue, optional
            Where the payment policy is looked up; by default the catalogues the plan
            names (only read when a policy is named by id).
        rates : PaymentPolicy or str, optional
            The payment policy whose rates pay for activities that set no
            ``pay_per_hour``, or its id; by default ``[plan] payment_policy``.

        Raises
        ------
        UnknownIdError
            If ``rates`` (or ``[plan] payment_policy``) names no payment policy.

        Examples
        --------
        >>> from participatory import Activity, Plan, PlanInfo
        >>> plan = Plan(info=PlanInfo(title="Study"), activities=(Activity(
        ...     technique="virtual-panel", stage="design", stakeholders=("patient",),
        ...     level="consult", contributors=4, sessions=2, hours=1.5, pay_per_hour=20),))
        >>> str(plan.budget().total)
        '240.00'
        """
        from ._budget import build_budget, find_policy

        return build_budget(self, find_policy(self, catalogue, rates))

    def advert(self, activity: int, catalogue: Catalogue | None = None) -> "Paper":
        """Draft an advert for one activity (numbered from 1), checked for completeness.

        Headings: what this is about, when and where, time asked, pay and expenses,
        support, accessibility, who can take part, how to apply; a heading the plan cannot
        fill is a gap, listed in ``missing``. ``readability`` measures the advert's text.

        Raises
        ------
        CatalogueError
            If the plan has no activity with that number.
        """
        from ._paperwork import advert

        return advert(self, activity, self._catalogue(catalogue))

    def opportunity(
        self,
        activity: int,
        catalogue: Catalogue | None = None,
        *,
        id: str | None = None,  # noqa: A002
    ) -> "Opportunity":
        """Write the advert for one activity (numbered from 1) as an ``opportunity`` record.

        The record passes ``participatory validate`` in a catalogue that extends the
        plan's catalogues. It is filled only from the plan; a fact it needs that the plan
        lacks (a heading of the advert, a closing date, a web or e-mail address to apply
        to, ``[plan] organisation``) is reported, never made up.

        Parameters
        ----------
        activity : int
            The activity's number, from 1.
        catalogue : Catalogue, optional
            Where ids and the payment policy resolve; by default the plan's catalogues.
        id : str, optional
            The record's id; by default a slug of the activity's name.

        Raises
        ------
        CatalogueValidationError
            Listing every missing fact at once, each located as ``file: activity N: field``.
        CatalogueError
            If the plan has no activity with that number.
        """
        from ._paperwork import opportunity

        return opportunity(self, activity, self._catalogue(catalogue), id=id)

    def recognise(self, catalogue: Catalogue | None = None) -> "Paper":
        """Draft a contribution statement, acknowledgement and authorship prompt for each role.

        Roles are the kinds of public contributor in the plan; no person is named.
        """
        from ._paperwork import recognition

        return recognition(self, self._catalogue(catalogue))

    def contributor_summary(self, activity: int, catalogue: Catalogue | None = None) -> "Paper":
        """Draft a plain "you said, we did" summary for the contributors of one activity (from 1)."""
        from ._paperwork import contributor_summary

        return contributor_summary(self, activity, self._catalogue(catalogue))

    def draw(self, catalogue: Catalogue | None = None, *, ax: Any = None) -> Any:
        """Draw the plan's timeline: its activities across the stages (columns) and levels (rows).

        Every stage of the catalogue is a column in research order, so stages with no
        activity show as gaps. Needs matplotlib (``pip install participatory[plot]``).

        Returns
        -------
        matplotlib.figure.Figure
        """
        from ._draw import draw_plan

        return draw_plan(self, self._catalogue(catalogue), ax=ax)

    def _catalogue(self, catalogue: Catalogue | None) -> Catalogue:
        return catalogue if catalogue is not None else installed(self.catalogues)

    # --- files ------------------------------------------------------------------------

    @classmethod
    def from_document(
        cls, doc: Mapping[str, Any], *, file: str = "plan", catalogue: Catalogue | None = None
    ) -> "Plan":
        """Build a plan from parsed TOML or JSON data; see :meth:`from_path`."""
        plan, problems, checked = structure_plan(doc, file)
        if catalogue is not None:  # every activity that could be read, broken ones too: one pass
            if plan is not None:
                problems.extend(info_reference_problems(plan.info, catalogue, file))
            problems.extend(reference_problems(checked, catalogue, file))
        if plan is None or any(p.severity == "error" for p in problems):
            raise CatalogueValidationError(problems)
        return plan

    @classmethod
    def from_path(
        cls, path: str | os.PathLike[str] | Traversable, *, catalogue: Catalogue | None = None
    ) -> "Plan":
        """Read a plan from a ``.toml`` or ``.json`` file.

        Parameters
        ----------
        path : str, path-like or Traversable
            The plan file.
        catalogue : Catalogue, optional
            When given, the plan's technique, stage and stakeholder ids are checked
            against it too (:meth:`audit` always checks them).

        Raises
        ------
        CatalogueNotFoundError
            If the file does not exist or is not ``.toml`` / ``.json``.
        CatalogueValidationError
            Listing every problem, each as ``file: activity N: field: message``.
        """
        from ._loader import read_document

        source: Traversable = path if isinstance(path, Traversable) else Path(path)
        label = os.fspath(path) if isinstance(path, str | os.PathLike) else str(path)
        if not (source.is_file() or (isinstance(source, Path) and source.exists())):
            raise CatalogueNotFoundError(f"{label}: no such plan file")  # others: read_document says why
        if not source.name.endswith(_io.FORMATS):
            raise CatalogueNotFoundError(f"{label}: not a plan file (expected .toml or .json)")
        doc, problems = read_document(source, label)
        if doc is None:
            raise CatalogueValidationError(problems)
        return cls.from_document(doc, file=label, catalogue=catalogue)

    def to_dataframe(self, catalogue: Catalogue | None = None) -> Any:
        """Return the activities as a pandas DataFrame indexed by their number, from 1.

        ``level`` and ``mode`` are categoricals (``level`` ordered); ``stage`` is
        ordered as the research cycle is in ``catalogue`` (by default, the plan's
        installed catalogues), so ``df.sort_values("stage")`` follows the research;
        lists stay lists. Needs ``participatory[pandas]``.
        """
        from ._frames import column_types, frame, record_rows

        rows, columns = record_rows(self.activities, Activity)
        for n, row in enumerate(rows, 1):
            row["activity"] = n
        order = {"stage": tuple(self._catalogue(catalogue).stages)}
        types = column_types(Activity)
        return frame(rows, ["activity", *columns], index="activity", types=types, order=order)

    def to_document(self) -> dict[str, Any]:
        """Return the plan as plain data, in the shape of a plan file."""
        doc: dict[str, Any] = {"plan": unstructure(self.info)}
        if self.info.catalogues == ("core",):
            doc["plan"]["catalogues"] = ["core"]
        if self.activities:
            doc["activity"] = [unstructure(a) for a in self.activities]
        return doc

    def to_path(self, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
        """Write the plan to a ``.toml`` or ``.json`` file, atomically; return the path.

        An existing file is replaced only with ``overwrite=True`` (see
        :func:`participatory._io.check_output` for the whole rule).

        Raises
        ------
        CatalogueWriteError
            If the suffix is not ``.toml`` or ``.json``, the output may not be written,
            or the file cannot be written (the old file, if any, is left as it was).
        """
        target = Path(path)
        if target.suffix not in _io.FORMATS:
            raise CatalogueWriteError(f"{target}: a plan file must end in .toml or .json")
        _io.check_output(target, overwrite=overwrite)
        _io.atomic_write(target, _io.dumps(self.to_document(), target.suffix))
        return target


# --------------------------------------------------------------------------- loading


def structure_plan(
    doc: Mapping[str, Any], file: str
) -> tuple[Plan | None, list[Problem], list[tuple[int, Activity]]]:
    """Structure a parsed plan document.

    Returns the plan (or ``None``), every problem, and every activity that could be read
    at least in part, with its position, so that its references can be checked too.
    """
    problems: list[Problem] = []
    for key in doc:
        if key not in _TABLES:
            guess = _ALIASES.get(key) or nearest(key, _TABLES)
            hint = table_hint(guess, ("activity",))
            problems.append(Problem(file=file, field=key, message=f"unknown table {key!r}{hint}"))
    info: PlanInfo | None = None
    if "plan" not in doc:
        problems.append(
            Problem(file=file, field="plan", message='no [plan] table; add one with title = "..."')
        )
    else:
        info, found = structure_table(doc["plan"], PlanInfo, file=file, record="-", prefix="plan")
        problems.extend(found)
        salvaged = info if info is not None else salvage(doc["plan"], PlanInfo, found, "plan.")
        if salvaged is not None:
            problems.extend(_info_problems(salvaged, file))
    raw = doc.get("activity", [])
    activities: list[Activity] = []
    checked_all: list[tuple[int, Activity]] = []
    if not isinstance(raw, list):
        problems.append(
            Problem(
                file=file,
                field="activity",
                message=f"expected an array of tables ([[activity]]), got {describe(raw)}",
            )
        )
        raw = []
    for i, item in enumerate(raw):
        label = activity_name(i)
        act, found = structure_table(item, Activity, file=file, record=label)
        problems.extend(found)
        checked = act if act is not None else salvage(item, Activity, found)
        if checked is not None:
            bad = {p.field.split(".")[0].split("[")[0] for p in found}
            problems.extend(
                Problem(file=file, record=label, field=f, message=m)
                for f, m in activity_problems(checked)
                if f.split(".")[0].split("[")[0] not in bad
            )
            checked_all.append((i, checked))
        if act is not None:
            activities.append(act)
    if info is None or len(activities) != len(raw):
        return None, problems, checked_all
    return Plan(info=info, activities=tuple(activities), source=file), problems, checked_all


def _info_problems(info: PlanInfo, file: str) -> Iterator[Problem]:
    if not info.title.strip():
        yield Problem(file=file, field="plan.title", message="must not be empty")
    if not info.catalogues:
        yield Problem(
            file=file, field="plan.catalogues", message='name at least one catalogue, e.g. ["core"]'
        )
    for field in ("catalogues", "underserved"):
        for f, m in slug_list_problems(field, getattr(info, field)):
            yield Problem(file=file, field=f"plan.{f}", message=m)
    if info.payment_policy and not is_slug(info.payment_policy):
        yield Problem(file=file, field="plan.payment_policy", message=slug_problem(info.payment_policy) or "")
    if info.feedback_weeks < 0:
        yield Problem(file=file, field="plan.feedback_weeks", message="must not be negative")


def activity_problems(act: Activity) -> Iterator[tuple[str, str]]:
    """Yield ``(field, message)`` for every field-level problem of one activity."""
    for field in ("technique", "stage"):
        value = getattr(act, field)
        if not is_slug(value):
            yield field, (slug_problem(value) or "") if value.strip() else "must not be empty"
    if not act.stakeholders:
        yield "stakeholders", "name at least one kind of stakeholder, e.g. ['patient']"
    for field in ("stakeholders", "reach", "not_reached"):
        yield from slug_list_problems(field, getattr(act, field))
    for i, group in enumerate(act.not_reached):
        if group in act.reach:
            yield f"not_reached[{i}]", f"{group!r} is also listed in reach"
    yield from _costing_problems(act)


def _costing_problems(act: Activity) -> Iterator[tuple[str, str]]:
    """Check the costing fields: counts and amounts not negative, dates in order, the rate an id."""
    for field in ("contributors", "sessions", "hours", "preparation_hours", "travel_hours", "pay_per_hour"):
        value = getattr(act, field)
        if value is not None and value < 0:
            yield field, "must not be negative"
    if act.expenses is not None:
        for field in EXPENSE_BASIS:
            if getattr(act.expenses, field) < 0:
                yield f"expenses.{field}", "must not be negative"
    if act.rate and not is_slug(act.rate):
        yield "rate", slug_problem(act.rate) or ""
    if act.start and act.end and act.end < act.start:
        yield "end", f"{act.end} is before start ({act.start})"
    if act.end and not act.start:
        yield "start", "an activity with an end date needs a start date"
    for i, entry in enumerate(act.log):
        if not entry.said.strip():
            yield f"log[{i}].said", "must not be empty: say what contributors said"
        if entry.said_on and entry.fed_back and entry.fed_back < entry.said_on:
            yield f"log[{i}].fed_back", f"{entry.fed_back} is before said_on ({entry.said_on})"


def info_reference_problems(info: PlanInfo, catalogue: Catalogue, file: str) -> Iterator[Problem]:
    """Yield a problem if ``[plan] payment_policy`` names no payment policy of ``catalogue``."""
    if info.payment_policy:
        msg = catalogue.reference_problem(info.payment_policy, "payment-policy")
        if msg is not None:
            yield Problem(file=file, field="plan.payment_policy", message=msg)


def reference_problems(
    activities: Iterable[tuple[int, Activity]], catalogue: Catalogue, file: str
) -> Iterator[Problem]:
    """Yield a problem for every technique, stage or stakeholder id ``catalogue`` lacks."""
    bad = catalogue.reference_problem
    for i, act in activities:
        found = [("technique", bad(act.technique, "technique")), ("stage", bad(act.stage, "stage"))]
        found += [(f"stakeholders[{j}]", bad(s, "stakeholder")) for j, s in enumerate(act.stakeholders)]
        for field, msg in found:
            if msg is not None:
                yield Problem(file=file, record=activity_name(i), field=field, message=msg)
