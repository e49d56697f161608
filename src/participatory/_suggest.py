"""Suggesting an involvement plan from a catalogue by plain filtering and ranking."""

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ._audit import Audit, Finding
from ._catalogue import Catalogue
from ._defaults import DEFAULT_STAKEHOLDERS, PROFESSIONAL, installed
from ._errors import CatalogueError, CatalogueValidationError, Problem
from ._model import Cost, Level, Mode, Stage, Technique
from ._plan import Activity, Plan, PlanInfo
from ._schema import activity_name, is_slug, nearest, suggestion

__all__ = ["Constraints", "Suggestion", "suggest_plan"]

_LABEL = "suggest_plan"

_PAYMENT = (
    "Pay public contributors for their time and expenses at the rates in NIHR payment guidance; "
    "budget for it."
)
_SUPPORT = (
    "A named contact, a briefing before each session, plain-language papers sent a week ahead, "
    "and a question about access needs."
)
_FEEDBACK = "Tell contributors what was done with their input and why, within a month ('you said, we did')."

#: Why the suggester cannot avoid a finding, by rule id.
_WHY = {
    "no-impact-recorded": "impact can only be recorded once the activities have happened.",
    "underserved-not-named": (
        "no under-served groups were given (constraints: underserved); only the study team "
        "can say which groups the research most needs to reach."
    ),
    "underserved-not-reached": (
        "no technique that fits the constraints is recorded in the catalogue as reaching "
        "these groups; plan outreach with community organisations."
    ),
    "stage-not-covered": "no technique in the catalogue suits this stage.",
    "technique-fit": "no technique that suits this stage within the constraints usually involves all the "
    "stakeholders asked for.",
    "shallow-involvement": "no technique within the constraints goes deeper than consult.",
    "engagement-only": "no technique within the constraints goes beyond informing people.",
    "late-involvement": "no technique within the constraints suits the early stages.",
}


@attrs.frozen(kw_only=True)
class Constraints:
    """Limits on the techniques :func:`suggest_plan` may propose.

    Parameters
    ----------
    modes : tuple of Mode
        Acceptable ways of running activities (empty: any).
    max_cost : Cost or None
        The most expensive cost band acceptable.
    min_level : Level or None
        The shallowest level of involvement acceptable.
    underserved : tuple of str
        Under-served groups the plan must reach (slugs).
    """

    modes: tuple[Mode, ...] = ()
    max_cost: Cost | None = None
    min_level: Level | None = None
    underserved: tuple[str, ...] = ()

    @classmethod
    def parse(cls, value: "Constraints | Mapping[str, Any] | None") -> "Constraints":
        """Build constraints from a mapping such as ``{"modes": ["online"], "max_cost": "medium"}``.

        Raises
        ------
        CatalogueValidationError
            Listing every unknown key and invalid value.
        """
        if value is None:
            return cls()
        if isinstance(value, Constraints):
            return value
        fields = [a.name for a in attrs.fields(cls)]
        problems: list[Problem] = []
        out: dict[str, Any] = {}
        for key, raw in value.items():
            field = f"constraints.{key}"
            if key not in fields:
                close = nearest(key, fields)
                hint = suggestion(close) or f" (expected {', '.join(fields)})"
                problems.append(
                    Problem(file=_LABEL, field=field, message=f"unknown constraint {key!r}{hint}")
                )
                continue
            try:
                if key == "modes":
                    out[key] = tuple(Mode.parse(m) for m in _as_list(raw))
                elif key == "underserved":
                    groups = tuple(_as_list(raw))
                    bad = [g for g in groups if not isinstance(g, str) or not is_slug(g)]
                    if bad:
                        raise ValueError(
                            f"{bad[0]!r} is not a valid group id (lowercase letters, digits, hyphens)"
                        )
                    out[key] = groups
                elif raw is not None:
                    out[key] = {"max_cost": Cost, "min_level": Level}[key].parse(raw)
            except ValueError as e:
                problems.append(Problem(file=_LABEL, field=field, message=str(e)))
        if problems:
            raise CatalogueValidationError(problems)
        return cls(**out)


def _as_list(raw: object) -> list[Any]:
    if isinstance(raw, str | Mode):
        return [raw]
    if isinstance(raw, Iterable):
        return list(raw)
    raise ValueError(f"expected a list, got {type(raw).__name__}")


@attrs.frozen(kw_only=True)
class Suggestion:
    """A suggested plan, why each activity was chosen, and its own audit.

    Parameters
    ----------
    plan : Plan
        The suggested plan (every field meant to be checked and edited).
    reasons : tuple of str
        One explanation per activity, in order.
    notes : tuple of str
        Constraints relaxed and stages left out, with why.
    audit : Audit
        The suggested plan's own audit; its findings are those the suggester could
        not avoid.
    """

    plan: Plan
    reasons: tuple[str, ...]
    notes: tuple[str, ...]
    audit: Audit

    @property
    def unavoidable(self) -> tuple[tuple[Finding, str], ...]:
        """Each finding of the plan's own audit, with why it could not be avoided."""
        return tuple((f, _WHY.get(f.rule, "see the finding.")) for f in self.audit.findings)

    @property
    def ok(self) -> bool:
        """Whether the suggested plan passes its own audit with no finding at all."""
        return not self.audit.findings

    def __str__(self) -> str:
        lines = [f"Suggested plan: {self.plan.title}"]
        for i, (act, why) in enumerate(zip(self.plan.activities, self.reasons, strict=True)):
            lines.append(f"{activity_name(i)} {act.stage}: {act.technique} ({act.level}): {why}")
        lines += [f"note: {n}" for n in self.notes]
        if self.ok:
            lines.append("The suggested plan passes its own audit.")
        for finding, why in self.unavoidable:
            lines.append(
                f"could not avoid {finding.rule} ({finding.severity}): {finding.message}. Why: {why}"
            )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from ._html._reprs import suggestion_html

        return suggestion_html(self)


# --------------------------------------------------------------------------- choosing


def _fits(tech: Technique, stage: Stage, c: Constraints, relaxed: set[str]) -> bool:
    if stage.id not in tech.stages:
        return False
    if c.modes and "modes" not in relaxed and not set(c.modes) & set(tech.modes):
        return False
    if c.max_cost is not None and "max_cost" not in relaxed and (tech.cost is None or tech.cost > c.max_cost):
        return False
    return not (
        c.min_level is not None
        and "min_level" not in relaxed
        and (not tech.levels or max(tech.levels) < c.min_level)
    )


def _rank(
    tech: Technique, stakeholders: tuple[str, ...], c: Constraints, used: dict[str, int]
) -> tuple[Any, ...]:
    overlap = sum(s in tech.stakeholders for s in stakeholders)
    reach = sum(g in tech.underserved for g in c.underserved)
    deep = bool(tech.levels) and max(tech.levels) >= Level.INVOLVE
    cost = tech.cost.rank if tech.cost is not None else len(Cost)
    depth = max(tech.levels).rank if tech.levels else -1
    return (-overlap, -reach, -deep, used.get(tech.id, 0), cost, -depth, tech.id)


_RELAX_ORDER = ("max_cost", "modes", "min_level")
_RELAX_WORDS = {"max_cost": "the cost limit", "modes": "the modes allowed", "min_level": "the minimum level"}


def _choose(
    stage: Stage, catalogue: Catalogue, stakeholders: tuple[str, ...], c: Constraints, used: dict[str, int]
) -> tuple[Technique | None, set[str]]:
    relaxed: set[str] = set()
    for step in (None, *_RELAX_ORDER):
        if step is not None:
            relaxed.add(step)
        fitting = [t for t in catalogue.techniques.values() if _fits(t, stage, c, relaxed)]
        if fitting:
            return min(fitting, key=lambda t: _rank(t, stakeholders, c, used)), relaxed
    return None, relaxed


def _activity(
    tech: Technique, stage: Stage, catalogue: Catalogue, stakeholders: tuple[str, ...], c: Constraints
) -> tuple[Activity, str]:
    who = tuple(s for s in stakeholders if s in tech.stakeholders) or stakeholders
    level = max(tech.levels) if tech.levels else (c.min_level or Level.CONSULT)
    mode = next((m for m in c.modes if m in tech.modes), None) or (tech.modes[0] if tech.modes else None)
    reach = tuple(g for g in c.underserved if g in tech.underserved)
    act = Activity(technique=tech.id, stage=stage.id, stakeholders=who, level=level, mode=mode, reach=reach)
    from ._audit import lay

    if lay(act, catalogue):
        act = attrs.evolve(act, payment=_PAYMENT, support=_SUPPORT, feedback=_FEEDBACK)
    why = [f"{tech.name} suits the {stage.name} stage"]
    if any(s in tech.stakeholders for s in stakeholders):
        why.append(f"usually involves {', '.join(catalogue[s].name for s in who)}")
    else:
        why.append("none of the stakeholders asked for are usual for it, but nothing closer fits")
    why.append(f"can reach {level}, the deepest level it typically goes to")
    if reach:
        why.append(f"has been reported reaching {', '.join(reach)}")
    if tech.cost is not None:
        why.append(f"cost band {tech.cost}")
    if mode is not None:
        why.append(f"can run {mode}")
    reason = "; ".join(why) + "."
    return attrs.evolve(
        act, notes=f"Suggested by participatory: {reason} Check and edit every field."
    ), reason


def default_stakeholders(catalogue: Catalogue) -> tuple[str, ...]:
    """Return whom a suggested plan involves by default.

    Those of :data:`~participatory._defaults.DEFAULT_STAKEHOLDERS` the catalogue has, or
    else every stakeholder not in the :data:`~participatory._defaults.PROFESSIONAL` category.
    """
    found = tuple(s for s in DEFAULT_STAKEHOLDERS if s in catalogue.stakeholders)
    return found or tuple(s.id for s in catalogue.stakeholders.values() if s.category != PROFESSIONAL)


def _reach(
    group: str, catalogue: Catalogue, stakeholders: tuple[str, ...], c: Constraints, used: dict[str, int]
) -> tuple[Activity, str] | None:
    """Return an extra activity that reaches ``group``, at the earliest stage a fitting technique suits."""
    for stage in catalogue.stages.values():
        fitting = [
            t for t in catalogue.techniques.values() if group in t.underserved and _fits(t, stage, c, set())
        ]
        if fitting:
            tech = min(fitting, key=lambda t: _rank(t, stakeholders, c, used))
            return _activity(tech, stage, catalogue, stakeholders, c)
    return None


def suggest_plan(
    catalogue: Catalogue | None = None,
    *,
    stakeholders: Iterable[str] | None = None,
    constraints: "Constraints | Mapping[str, Any] | None" = None,
    title: str = "Suggested involvement plan",
) -> Suggestion:
    """Propose an involvement activity for every stage, within constraints.

    For each stage (in research-cycle order) the catalogue's techniques that suit it
    are filtered by the constraints and ranked: most of the requested stakeholders
    first, then reaching the requested under-served groups, reaching at least
    ``involve``, not used yet, cheaper, deeper. When nothing fits a stage, the cost
    limit, then the modes, then the minimum level are relaxed, and a note says so.
    The suggested plan is audited; findings it could not avoid are explained.

    Parameters
    ----------
    catalogue : Catalogue, optional
        Where techniques come from (default: the ``core`` catalogue).
    stakeholders : iterable of str, optional
        Ids of the kinds of people to involve; by default ``patient``, ``carer`` and
        ``public`` (those of them the catalogue has, else every non-professional
        stakeholder).
    constraints : Constraints or mapping, optional
        ``modes`` (list of mode names), ``max_cost`` (cost band), ``min_level``
        (level name), ``underserved`` (group slugs to reach).
    title : str
        Title of the suggested plan.

    Returns
    -------
    Suggestion
        The plan, a reason for each activity, notes and the plan's own audit.

    Raises
    ------
    CatalogueValidationError
        For unknown stakeholders or invalid constraints (every problem listed).

    Examples
    --------
    >>> import participatory as pr
    >>> cat = pr.Catalogue([
    ...     pr.Stage(id="design", name="Design", order=1),
    ...     pr.Stakeholder(id="patient", name="Patients", category="lived-experience"),
    ...     pr.Technique(id="workshop", name="Workshop", stages=("design",),
    ...                  stakeholders=("patient",), levels=(pr.Level.INVOLVE,), cost=pr.Cost.LOW),
    ... ])
    >>> s = pr.suggest_plan(cat, stakeholders=["patient"], constraints={"max_cost": "low"})
    >>> [(a.stage, a.technique, str(a.level)) for a in s.plan.activities]
    [('design', 'workshop', 'involve')]
    >>> [f.rule for f, why in s.unavoidable]
    ['underserved-not-named', 'no-impact-recorded']
    """
    cat = catalogue if catalogue is not None else installed(("core",))
    c = Constraints.parse(constraints)
    who = tuple(stakeholders) if stakeholders is not None else default_stakeholders(cat)
    problems: list[Problem] = []
    if not who:
        problems.append(Problem(file=_LABEL, field="stakeholders", message="name at least one stakeholder"))
    for i, sid in enumerate(who):
        if (message := cat.reference_problem(sid, "stakeholder")) is not None:
            problems.append(Problem(file=_LABEL, field=f"stakeholders[{i}]", message=message))
    if problems:
        raise CatalogueValidationError(problems)
    who = tuple(dict.fromkeys(cat[sid].id for sid in who))  # an id a stakeholder replaces is that stakeholder
    if not title.strip():
        raise CatalogueError("suggest_plan: title must not be empty")
    used: dict[str, int] = {}
    activities: list[Activity] = []
    reasons: list[str] = []
    notes: list[str] = []
    for stage in cat.stages.values():
        tech, relaxed = _choose(stage, cat, who, c, used)
        if tech is None:
            notes.append(
                f"{stage.name}: no technique in the catalogue suits this stage, so it has no activity."
            )
            continue
        used[tech.id] = used.get(tech.id, 0) + 1
        act, reason = _activity(tech, stage, cat, who, c)
        if relaxed:
            words = " and ".join(_RELAX_WORDS[r] for r in _RELAX_ORDER if r in relaxed)
            notes.append(f"{stage.name}: nothing fitted every constraint, so {words} was relaxed.")
        activities.append(act)
        reasons.append(reason)
    for group in c.underserved:
        if any(group in a.reach for a in activities):
            continue
        extra = _reach(group, cat, who, c, used)
        if extra is None:
            notes.append(f"No technique within the constraints is recorded as reaching {group}.")
            continue
        act, reason = extra
        used[act.technique] = used.get(act.technique, 0) + 1
        activities.append(act)
        reasons.append(reason)
        notes.append(f"Added {act.technique} at the {cat.stages[act.stage].name} stage to reach {group}.")
    order = {sid: n for n, sid in enumerate(cat.stages)}
    paired = sorted(zip(activities, reasons, strict=True), key=lambda p: order[p[0].stage])
    activities, reasons = [p[0] for p in paired], [p[1] for p in paired]
    info = PlanInfo(
        title=title,
        catalogues=tuple(m.name for m in cat.members) or ("core",),
        underserved=c.underserved,
    )
    plan = Plan(info=info, activities=tuple(activities))
    return Suggestion(plan=plan, reasons=tuple(reasons), notes=tuple(notes), audit=plan.audit(cat))
