"""Auditing involvement plans: small registered rules, each with a cited source.

A rule is a function ``check(plan, catalogue)`` yielding :class:`Finding` objects
(only ``message``, ``activities`` and ``stages`` need filling in; the rule's id,
severity and source are added when the audit runs). Built-in rules are registered
here; a plugin adds its own with :func:`audit_rule`.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

import attrs

from ._catalogue import Catalogue
from ._defaults import PROFESSIONAL
from ._errors import CatalogueConflictError, CatalogueError, CatalogueValidationError, UnknownIdError
from ._model import Level, Sensitivity, Source
from ._schema import activity_name, is_slug, nearest
from ._sources import SOURCES

if TYPE_CHECKING:
    from ._model import PaymentPolicy
    from ._plan import Activity, LogEntry, Plan

__all__ = ["SOURCES", "Audit", "AuditRule", "Finding", "audit_rule", "register_rule", "rules", "run_audit"]

FindingSeverity = Literal["error", "warning", "info"]
_SEVERITIES: tuple[FindingSeverity, ...] = ("error", "warning", "info")
F = TypeVar("F", bound=Callable[..., Iterable["Finding"]])


@attrs.frozen(kw_only=True)
class Finding:
    """One thing an audit found in a plan.

    Parameters
    ----------
    rule : str
        Id of the rule that found it (filled in by the audit).
    severity : {"error", "warning", "info"}
        ``error``: the plan falls short of a basic expectation; ``warning``: a gap
        a reviewer is likely to ask about; ``info``: worth a look (filled in by the
        audit from the rule).
    activities : tuple of int
        Positions (from 0) of the activities concerned; shown to people counted from 1
        (``activity 3``).
    stages : tuple of str
        Ids of the stages concerned.
    message : str
        A plain explanation, with what to do about it.
    source : Source or None
        The guidance the rule rests on (filled in from the rule when not given).
    """

    message: str
    activities: tuple[int, ...] = ()
    stages: tuple[str, ...] = ()
    rule: str = ""
    severity: FindingSeverity = "warning"
    source: Source | None = None

    def __str__(self) -> str:
        where = ", ".join([*(activity_name(i) for i in self.activities), *self.stages])
        return f"{self.severity}: {self.rule}: {self.message}" + (f" [{where}]" if where else "")

    def to_dict(self) -> dict[str, Any]:
        """Return the finding as plain data (for JSON output).

        Activities are given as ``activity_numbers``, counted from 1 like every message
        (``activity 3``), not as the positions in :attr:`activities`.
        """
        return {
            "rule": self.rule,
            "severity": self.severity,
            "activity_numbers": [i + 1 for i in self.activities],
            "stages": list(self.stages),
            "message": self.message,
            "source": attrs.asdict(self.source) if self.source else None,
        }


RuleCheck = Callable[["Plan", Catalogue], Iterable[Finding]]


@attrs.frozen(kw_only=True)
class AuditRule:
    """A registered audit rule.

    Parameters
    ----------
    id : str
        A slug, unique among registered rules.
    severity : {"error", "warning", "info"}
        Severity of the findings it reports.
    title : str
        What it checks, in a few words.
    source : Source
        The guidance it rests on.
    check : callable
        ``check(plan, catalogue)`` yielding :class:`Finding` objects.
    """

    id: str
    severity: FindingSeverity
    title: str
    source: Source
    check: RuleCheck = attrs.field(eq=False, repr=False)

    def run(self, plan: "Plan", catalogue: Catalogue) -> list[Finding]:
        """Run the rule; return its findings with rule id, severity and source filled in."""
        return [
            attrs.evolve(f, rule=self.id, severity=self.severity, source=f.source or self.source)
            for f in self.check(plan, catalogue)
        ]


#: The built-in rules, registered while this module is imported (seen in every context).
_BUILTIN_RULES: dict[str, AuditRule] = {}
_BUILDING = True
#: The rules as changed by ``register_rule`` / ``unregister_rule`` in this thread or task
#: (context-local: registering a rule in one thread or task never changes another's).
_RULES: ContextVar[Mapping[str, AuditRule] | None] = ContextVar("participatory_audit_rules", default=None)


def _rules() -> Mapping[str, AuditRule]:
    current = _RULES.get()
    return _BUILTIN_RULES if current is None else current


def register_rule(rule: AuditRule, *, replace: bool = False) -> AuditRule:
    """Add ``rule`` to the rules every audit runs; return it.

    Raises
    ------
    CatalogueConflictError
        If a rule with the same id is registered and ``replace`` is false.
    CatalogueError
        If the id is not a slug or the severity is unknown.
    """
    if not is_slug(rule.id):
        raise CatalogueError(f"rule id {rule.id!r} is not a slug (lowercase letters, digits, hyphens)")
    if rule.severity not in _SEVERITIES:
        raise CatalogueError(f"rule {rule.id!r}: severity must be one of {', '.join(_SEVERITIES)}")
    current = _rules()
    if rule.id in current and not replace:
        raise CatalogueConflictError(f"an audit rule with id {rule.id!r} is already registered")
    if _BUILDING:
        _BUILTIN_RULES[rule.id] = rule
    else:
        _RULES.set({**current, rule.id: rule})
    return rule


@overload
def audit_rule(
    id: str,
    *,
    severity: FindingSeverity,
    source: Source,
    title: str = "",
    replace: bool = False,
) -> Callable[[F], F]: ...
@overload
def audit_rule(
    id: str,
    check: F,
    *,
    severity: FindingSeverity,
    source: Source,
    title: str = "",
    replace: bool = False,
) -> F: ...
def audit_rule(
    id: str,  # noqa: A002
    check: F | None = None,
    *,
    severity: FindingSeverity,
    source: Source,
    title: str = "",
    replace: bool = False,
) -> F | Callable[[F], F]:
    """Register an audit rule; use as a decorator or call with the function.

    Parameters
    ----------
    id : str
        The rule's id (a slug, unique among registered rules).
    check : callable, optional
        ``check(plan, catalogue)`` yielding :class:`Finding` objects; leave out to
        use ``audit_rule`` as a decorator.
    severity : {"error", "warning", "info"}
        Severity of its findings.
    source : Source
        The guidance it rests on (cited in every finding).
    title : str
        What it checks; defaults to the first line of the function's docstring.
    replace : bool
        Replace a registered rule with the same id instead of raising.

    Examples
    --------
    >>> import participatory as pr
    >>> src = pr.Source(title="Our involvement policy", url="https://example.org/policy")
    >>> @pr.audit_rule("has-summary", severity="info", source=src)
    ... def has_summary(plan, catalogue):
    ...     '''The plan says what the study is about.'''
    ...     if not plan.info.summary:
    ...         yield pr.Finding(message="add a plain-language summary to [plan]")
    >>> plan = pr.Plan(info=pr.PlanInfo(title="Study"))
    >>> [f.rule for f in plan.audit(pr.Catalogue(), rules=["has-summary"])]
    ['has-summary']
    >>> pr.unregister_rule("has-summary")
    """

    def register(fn: F) -> F:
        doc = (fn.__doc__ or "").strip().splitlines()
        register_rule(
            AuditRule(
                id=id, severity=severity, title=title or (doc[0] if doc else id), source=source, check=fn
            ),
            replace=replace,
        )
        return fn

    return register(check) if check is not None else register


def unregister_rule(rule_id: str) -> None:
    """Remove a registered rule (mostly for tests and notebooks).

    Raises
    ------
    UnknownIdError
        If no rule has that id.
    """
    current = _rules()
    if rule_id not in current:
        raise UnknownIdError(rule_id, [r for r in current if r.startswith(rule_id[:3])][:1])
    _RULES.set({rid: rule for rid, rule in current.items() if rid != rule_id})


def rules() -> tuple[AuditRule, ...]:
    """Every registered audit rule, built-in ones first."""
    return tuple(_rules().values())


# --------------------------------------------------------------------------- the audit


@attrs.frozen(kw_only=True)
class Audit:
    """The result of auditing a plan: its findings, most severe first.

    Parameters
    ----------
    title : str
        The plan's title.
    catalogue : str
        Name of the catalogue the plan was checked against.
    rules : tuple of str
        Ids of the rules that ran.
    findings : tuple of Finding
        What they found.
    """

    title: str
    catalogue: str
    rules: tuple[str, ...]
    findings: tuple[Finding, ...]

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    @property
    def errors(self) -> tuple[Finding, ...]:
        """Findings of severity ``error``."""
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def ok(self) -> bool:
        """Whether no finding has severity ``error``."""
        return not self.errors

    def by_rule(self, rule: str) -> tuple[Finding, ...]:
        """Return the findings of one rule."""
        return tuple(f for f in self.findings if f.rule == rule)

    def counts(self) -> dict[str, int]:
        """How many findings of each severity."""
        return {s: sum(f.severity == s for f in self.findings) for s in _SEVERITIES}

    def to_dataframe(self) -> Any:
        """Return the findings as a pandas DataFrame, one row each (needs ``participatory[pandas]``).

        Columns ``severity`` (ordered: error, warning, info), ``rule``, ``message``,
        ``activities`` (numbers from 1), ``stages`` and the rule's ``source`` title and ``url``.
        """
        from ._frames import frame

        columns = ["severity", "rule", "message", "activities", "stages", "source", "url"]
        rows = [
            {
                "severity": f.severity,
                "rule": f.rule,
                "message": f.message,
                "activities": [i + 1 for i in f.activities],
                "stages": list(f.stages),
                "source": f.source.title if f.source else None,
                "url": f.source.url if f.source else None,
            }
            for f in self.findings
        ]
        df = frame(rows, columns)
        pd = __import__("pandas")
        df["severity"] = pd.Categorical(df["severity"], categories=list(_SEVERITIES), ordered=True)
        return df

    def summary(self) -> str:
        """One line: how many findings of each severity."""
        counts = self.counts()
        if not self.findings:
            return f"{self.title}: no findings ({len(self.rules)} rules checked)"
        parts = [f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n]
        return f"{self.title}: {', '.join(parts)}"

    def __str__(self) -> str:
        from ._html._text import citation_label  # one citation format, the catalogue's

        lines = [self.summary()]
        for f in self.findings:
            lines.append(str(f))
            if f.source is not None:
                lines.append(f"    source: {citation_label(f.source)} <{f.source.url}>")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Return the audit as plain data (for JSON output)."""
        return {
            "title": self.title,
            "catalogue": self.catalogue,
            "ok": self.ok,
            "rules": list(self.rules),
            "findings": [f.to_dict() for f in self.findings],
        }

    def _repr_html_(self) -> str:
        from ._html._reprs import audit_html

        return audit_html(self)


_ORDER = {s: i for i, s in enumerate(_SEVERITIES)}


def run_audit(plan: "Plan", catalogue: Catalogue, *, rules: Iterable[str] | None = None) -> Audit:
    """Run the rules (all registered ones by default) over ``plan``; see :meth:`Plan.audit`."""
    problems = plan.check(catalogue)
    if problems:
        raise CatalogueValidationError(problems, headline="the plan names ids the catalogue does not have")
    registered = _rules()
    if rules is None:
        chosen = list(registered.values())
    else:
        chosen = []
        for rid in rules:
            if rid not in registered:
                close = nearest(rid, registered)
                raise UnknownIdError(rid, [close] if close else [])
            chosen.append(registered[rid])
    findings = [f for rule in chosen for f in rule.run(plan, catalogue)]
    findings.sort(key=lambda f: _ORDER[f.severity])
    return Audit(
        title=plan.title,
        catalogue=catalogue.info.name,
        rules=tuple(r.id for r in chosen),
        findings=tuple(findings),
    )


# --------------------------------------------------------------------------- helpers


def lay(activity: "Activity", catalogue: Catalogue) -> bool:
    """Whether an activity involves anyone other than professionals.

    A stakeholder counts as professional when its catalogue ``category`` is
    ``professional`` (:data:`~participatory._defaults.PROFESSIONAL`); anyone else (patients,
    carers, the public, community groups,
    stakeholders of unknown category) counts as a public contributor.
    """
    return any(is_public(sid, catalogue) for sid in activity.stakeholders)


def is_public(stakeholder: str, catalogue: Catalogue) -> bool:
    """Whether a kind of stakeholder counts as a public contributor (see :func:`lay`)."""
    who = catalogue.stakeholders.get(stakeholder)
    return who is None or who.category != PROFESSIONAL


def early_stages(catalogue: Catalogue) -> tuple[str, ...]:
    """Ids of the stages before the design is fixed: those marked ``early`` in the catalogue.

    With no stage marked, the first stage in order.
    """
    ordered = [s for s in catalogue.stages.values() if not s.cross_cutting]
    marked = tuple(s.id for s in ordered if s.early)
    return marked or tuple(s.id for s in ordered[:1])


def _names(ids: Iterable[str], catalogue: Catalogue) -> str:
    return ", ".join(catalogue[i].name if i in catalogue else i for i in ids)


def _which(indexes: list[int]) -> str:
    return ", ".join(activity_name(i) for i in indexes)


# --------------------------------------------------------------------------- built-in rules


@audit_rule("no-activities", severity="error", source=SOURCES["uk-standards-for-public-involvement"])
def _no_activities(plan: "Plan", catalogue: Catalogue) -> Iterator[Finding]:
    """Check that the plan has at least one involvement activity."""
    if not plan.activities:
        yield Finding(message="the plan has no [[activity]]: nobody is involved at any stage")


@audit_rule("late-involvement", severity="error", source=SOURCES["nihr-briefing-notes"])
def _late_involvement(plan: "Plan", catalogue: Catalogue) -> Iterator[Finding]:
    """Check that people are involved before the design is fixed."""
    early = early_stages(catalogue)
    if not plan.activities or not early:
        return
    if not any(a.stage in early for a in plan.activities):
        yield Finding(
            message=(
                f"nobody is involved before the design is fixed ({_names(early, catalogue)}); "
                "involvement that starts later can only react to decisions already made. "
                "Add an activity at one of these stages"
            ),
            stages=early,
        )


@audit_rule("stage-not-covered", severity="warning", source=SOURCES["involve-research-cycle"])
def _stage_not_covered(plan: "Plan", catalogue: Catalogue) -> Iterator[Finding]:
    """Check that every stage of the research cycle has some involvement."""
    if not plan.activities:
        return
    covered = set(plan.stages)
    for stage in catalogue.stages.values():
        if stage.id in covered:
            continue
        what = "this cross-cutting stage (it runs alongside all the others)" if stage.cross_cutting else "it"
        yield Finding(
            message=f"no activity involves people at the {stage.name} stage; plan one for {what} "
            "or say in the plan why involvement is not needed there",
            stages=(stage.id,),
        )


@audit_rule("engagement-only", severity="error", source=SOURCES["nihr-briefing-notes"])
def _engagement_only(plan: "Plan", catalogue: Catalogue) -> Iterator[Finding]:
    """Check that at least one activity goes beyond informing people."""
    if plan.activities and all(a.level == Level.INFORM for a in plan.activities):
        yield Finding(
            message="every activity only informs people: that is engagement, a one-way flow of "
            "information, not involvement. Add activities where people's views shape decisions",
            activities=tuple(range(len(plan.activities))),
        )


@audit_rule("shallow-involvement", severity="warning", source=SOURCES["nihr-coproduction"])
def _shallow(plan: "Plan", catalogue: Catalogue) -> Iterator[Finding]:
    """Check that somewhere in the plan people share in decisions (involve or deeper)."""
    if plan.activities and max(a.level for a in plan.activities) == Level.CONSULT:
        yield Finding(
            message="the deepest level anywhere in the plan is consult: people are asked for views "
            "but never share decisions. Consider running at least one activity at involve or "
            "collaborate",
            activities=tuple(range(len(plan.activities))),
        )


@audit_rule("underserved-not-named", severity="warning", source=SOURCES["nihr-include"])
def _underserved_not_named(plan: "Plan", catalogue: Catalogue) -> Iterator[Finding]:
    """Check that the plan names the under-served groups it needs to reach."""
    if not plan.activities:
        return
    named = plan.info.underserved or any(a.reach or a.not_reached for a in plan.activities)
    if not named:
        yield Finding(
            message="no under-served group is named or reached: say which groups this research "
            "most needs and finds hardest to reach ([plan] underserved), and record which "
            "activities reach them (reach) and who is still missing (not_reached)",
        )


@audit_rule(
    "underserved-not-reached", severity="warning", source=SOURCES["uk-standards-for-public-involvement"]
)
def _underserved_not_reached(plan: "Plan", catalogue: Catalogue) -> Iterator[Finding]:
    """Check that every under-served group the plan names is reached by some activity."""
    reached = {g for a in plan.activities for g in a.reach}
    missing = [g for g in plan.info.underserved if g not in reached]
    if missing and plan.activities:
        yield Finding(
            message=f"the plan names {', '.join(missing)} as groups to reach, but no activity "
            "records reaching them (reach); plan how, e.g. through a community organisation",
        )


@audit_rule("no-payment-or-support", severity="warning", source=SOURCES["nihr-payment"])
def _no_payment(plan: "Plan", catalogue: Catalogue) -> Iterator[Finding]:
    """Check that public contributors' payment or support is recorded."""
    lacking = [
        i
        for i, a in enumerate(plan.activities)
        if lay(a, catalogue) and not a.payment.strip() and not a.support.strip()
    ]
    if not lacking:
        return
    anywhere = any(a.payment.strip() or a.support.strip() for a in plan.activities)
    lead = (
        "no activity records payment or support"
        if not anywhere
        else f"{_which(lacking)} record{'s' if len(lacking) == 1 else ''} neither payment nor support"
    )
    yield Finding(
        message=f"{lead} for public contributors; say how people are "
        "paid or recognised for their time and what support (briefing, training, a named contact, "
        "expenses, accessibility) they get",
        activities=tuple(lacking),
    )


@audit_rule("no-feedback", severity="warning", source=SOURCES["uk-standards-for-public-involvement"])
def _no_feedback(plan: "Plan", catalogue: Catalogue) -> Iterator[Finding]:
    """Check that contributors hear what happened to their input."""
    lacking = [
        i
        for i, a in enumerate(plan.activities)
        if lay(a, catalogue) and a.level > Level.INFORM and not a.feedback.strip()
    ]
    if not lacking:
        return
    anywhere = any(a.feedback.strip() for a in plan.activities)
    lead = (
        "no activity says"
        if not anywhere
        else f"{_which(lacking)} do{'es' if len(lacking) == 1 else ''} not say"
    )
    yield Finding(
        message=f"{lead} how contributors will hear what happened to their input (feedback); "
        "two-way communication means closing the loop, e.g. a 'you said, we did' note",
        activities=tuple(lacking),
    )


@audit_rule("no-impact-recorded", severity="warning", source=SOURCES["gripp2"])
def _no_impact(plan: "Plan", catalogue: Catalogue) -> Iterator[Finding]:
    """Check that the plan records what changed because of involvement."""
    if plan.activities and not any(a.impact.strip() for a in plan.activities):
        yield Finding(
            message="no activity records what changed because of it (impact); keep a log of "
            "contributors' suggestions and what was done about them, so the difference "
            "involvement made can be reported",
        )


@audit_rule("technique-fit", severity="warning", source=SOURCES["involve-research-cycle"])
def _technique_fit(plan: "Plan", catalogue: Catalogue) -> Iterator[Finding]:
    """Check that each technique suits its activity's stage, stakeholders, level and mode."""
    for i, act in enumerate(plan.activities):
        tech = catalogue.techniques.get(act.technique)
        if tech is None:
            continue
        misfits: list[str] = []
        if tech.stages and act.stage not in tech.stages:
            misfits.append(f"the catalogue does not list it for the {_names([act.stage], catalogue)} stage")
        if tech.stakeholders:
            strangers = [s for s in act.stakeholders if s not in tech.stakeholders]
            if strangers:
                misfits.append(f"it does not usually involve {_names(strangers, catalogue)}")
        if tech.levels and not min(tech.levels) <= act.level <= max(tech.levels):
            span = ", ".join(str(lv) for lv in tech.levels)
            misfits.append(f"it usually reaches {span}, not {act.level}")
        if act.mode is not None and tech.modes and act.mode not in tech.modes:
            misfits.append(f"it is not usually run {act.mode}")
        if misfits:
            yield Finding(
                message=f"{tech.name}: {'; '.join(misfits)}. Check that it suits, or pick another technique",
                activities=(i,),
                stages=(act.stage,),
                source=tech.sources[0] if tech.sources else None,
            )


# --------------------------------------------------------------------------- costs, feedback, wellbeing


def _policy(plan: "Plan", catalogue: Catalogue) -> "PaymentPolicy | None":
    """Return the plan's payment policy (the audit has already checked that it exists)."""
    from ._budget import find_policy

    return find_policy(plan, catalogue)


def _policy_source(policy: "PaymentPolicy") -> Source | None:
    if policy.sources:
        return policy.sources[0]
    if policy.url:
        year = int(policy.date[:4]) if policy.date else None
        return Source(title=policy.name, url=policy.url, publisher=policy.publisher, year=year)
    return None


def _paid_by_the_hour(act: "Activity") -> bool:
    return act.pay_per_hour is not None and act.pay_per_hour > 0


@audit_rule("pays-below-policy", severity="warning", source=SOURCES["nihr-payment-guidance"])
def _pays_below_policy(plan: "Plan", catalogue: Catalogue) -> Iterator[Finding]:
    """Check that no activity pays contributors less an hour than the plan's payment policy."""
    policy = _policy(plan, catalogue)
    if policy is None or policy.hourly is None:
        return
    hourly = policy.hourly.amount
    for i, act in enumerate(plan.activities):
        if _paid_by_the_hour(act) and lay(act, catalogue) and (act.pay_per_hour or 0) < hourly:
            yield Finding(
                message=f"pays {act.pay_per_hour:g} an hour, less than the {hourly:g} an hour of "
                f"{policy.name}; raise pay_per_hour, or say in payment why a lower rate is agreed",
                activities=(i,),
                stages=(act.stage,),
                source=_policy_source(policy),
            )


@audit_rule("unpaid-role", severity="warning", source=SOURCES["nihr-payment-guidance"])
def _unpaid_role(plan: "Plan", catalogue: Catalogue) -> Iterator[Finding]:
    """Check that public contributors are not left unpaid in roles the payment policy pays."""
    policy = _policy(plan, catalogue)
    if policy is None or not policy.rates:
        return
    unpaid = [
        i
        for i, act in enumerate(plan.activities)
        if act.pay_per_hour == 0 and act.contributors > 0 and lay(act, catalogue)
    ]
    if unpaid:
        yield Finding(
            message=f"{_which(unpaid)} pay{'s' if len(unpaid) == 1 else ''} public contributors "
            f"nothing (pay_per_hour = 0), though {policy.name} pays for such work; offer payment "
            "(people may still choose to decline it), or record why the role is unpaid",
            activities=tuple(unpaid),
            source=_policy_source(policy),
        )


@audit_rule("expenses-left-out", severity="warning", source=SOURCES["nihr-payment-guidance"])
def _expenses_left_out(plan: "Plan", catalogue: Catalogue) -> Iterator[Finding]:
    """Check that costed activities budget for contributors' expenses."""
    lacking = [
        i
        for i, act in enumerate(plan.activities)
        if act.contributors > 0 and act.expenses is None and lay(act, catalogue)
    ]
    if lacking:
        yield Finding(
            message=f"{_which(lacking)} budget{'s' if len(lacking) == 1 else ''} no expenses; "
            "people should not be out of pocket for taking part. Add [activity.expenses] "
            "(travel, carer, childcare, data, venue, accessibility, training; 0 where not needed)",
            activities=tuple(lacking),
        )


@audit_rule("benefits-signpost", severity="info", source=SOURCES["nihr-benefits"])
def _benefits_signpost(plan: "Plan", catalogue: Catalogue) -> Iterator[Finding]:
    """Check whether one person's yearly payments call for signposting to benefits advice."""
    from ._budget import build_budget, money

    policy = _policy(plan, catalogue)
    budget = build_budget(plan, policy)
    threshold = policy.benefits_threshold if policy is not None and policy.benefits_threshold else 0.0
    over = {y: t for y, t in budget.person_year().items() if float(t) > threshold}
    if not over:
        return
    year, most = max(over.items(), key=lambda item: item[1])
    when = "in one year" if year is None else f"in project year {year}"
    where = (
        policy.benefits_advice
        if policy is not None and policy.benefits_advice
        else "the Benefits Advice Service for involvement that NIHR signposts"
    )
    limit = (
        f", above the {money(threshold, budget.currency)} a year its payer advises a conversation about"
        if threshold
        else "; any payment may affect welfare benefits"
    )
    yield Finding(
        message=f"one person taking part in every paid activity could be paid {money(most, budget.currency)} "
        f"{when}{limit}. Before people agree, tell them payments can affect benefits and point them "
        f"to {where}; do not advise them yourself, and let anyone decline payment",
    )


def _due(entry: "LogEntry", plan: "Plan") -> dt.date | None:
    if entry.due:
        return dt.date.fromisoformat(entry.due)
    if entry.said_on and plan.info.feedback_weeks:
        return dt.date.fromisoformat(entry.said_on) + dt.timedelta(weeks=plan.info.feedback_weeks)
    return None


@audit_rule("feedback-overdue", severity="warning", source=SOURCES["uk-standards-for-public-involvement"])
def _feedback_overdue(plan: "Plan", catalogue: Catalogue) -> Iterator[Finding]:
    """Check that feedback on what contributors said goes back by the date it is due."""
    today = dt.date.today()
    for i, act in enumerate(plan.activities):
        late = [
            (n, due)
            for n, e in enumerate(act.log, 1)
            if not e.fed_back and (due := _due(e, plan)) and due < today
        ]
        if late:
            items = ", ".join(f"entry {n} (due {due.isoformat()})" for n, due in late)
            yield Finding(
                message=f"feedback is overdue on {items} of the 'you said, we did' log: tell "
                "contributors what was done with what they said, or why not, and record fed_back",
                activities=(i,),
                stages=(act.stage,),
            )


@audit_rule("sensitive-topic-unsupported", severity="warning", source=SOURCES["distress-protocols"])
def _sensitive_unsupported(plan: "Plan", catalogue: Catalogue) -> Iterator[Finding]:
    """Check that activities on sensitive topics have a distress protocol and a support contact."""
    for i, act in enumerate(plan.activities):
        care = act.wellbeing
        if care is None or care.sensitivity is None or care.sensitivity < Sensitivity.MEDIUM:
            continue
        missing = [
            what
            for what, value in (
                ("a distress protocol (distress_protocol)", care.distress_protocol),
                ("a support contact (support_contact)", care.support_contact),
            )
            if not value.strip()
        ]
        if missing:
            yield Finding(
                message=f"the topic's sensitivity is {care.sensitivity}, but the activity records no "
                f"{' and no '.join(missing)}: say what happens if someone becomes distressed and whom "
                "they can talk to afterwards",
                activities=(i,),
                stages=(act.stage,),
            )


_BUILDING = False  # rules registered from here on are context-local
