"""Reports filled from a plan: any checklist in the catalogue, as Markdown or HTML.

Each checklist item is answered from *evidence topics*: functions that read one
aspect of a plan (its aim, who it reaches, payment, feedback, ...) and return what
the plan records plus the gaps. An item names its topics in its ``evidence`` field;
items of the built-in checklists are mapped by id below; otherwise an item's
``stages`` select the activities at those stages. Nothing is ever made up: what the
plan does not record is reported as a gap.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from . import _io
from ._catalogue import Catalogue
from ._errors import CatalogueWriteError, UnknownIdError
from ._model import Checklist, ChecklistItem, Level
from ._schema import activity_name
from ._version import __version__

if TYPE_CHECKING:
    from ._plan import Activity, Plan

__all__ = ["EVIDENCE", "Report", "ReportItem", "build_report"]

Found = tuple[list[str], list[str]]
Evidence = Callable[["Plan", Catalogue], Found]


@attrs.frozen(kw_only=True)
class ReportItem:
    """One checklist item, answered from a plan.

    Parameters
    ----------
    id, name, prompt : str
        The checklist item's id, name and prompt.
    evidence : tuple of str
        What the plan records that answers the item.
    gaps : tuple of str
        What the plan does not (yet) record, each a prompt for what to add.
    questions : tuple of str
        The item's reflective questions.
    """

    id: str
    name: str
    prompt: str
    evidence: tuple[str, ...]
    gaps: tuple[str, ...]
    questions: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Report:
    """A checklist filled from a plan.

    Parameters
    ----------
    plan : str
        The plan's title.
    checklist : Checklist
        The checklist record the report follows.
    items : tuple of ReportItem
        One per checklist item, in order.
    source : str or None
        The plan file, when known.
    """

    plan: str
    checklist: Checklist
    items: tuple[ReportItem, ...]
    source: str | None = None

    @property
    def title(self) -> str:
        """Heading of the report: the checklist's name and the plan's title."""
        return f"{self.checklist.name}: {self.plan}"

    @property
    def gaps(self) -> int:
        """How many gaps the report marks."""
        return sum(len(item.gaps) for item in self.items)

    def to_markdown(self) -> str:
        """Return the report as Markdown (plan text is escaped)."""
        md = _md
        out = [f"# {md(self.title)}", ""]
        if self.checklist.summary:
            out += [md(self.checklist.summary), ""]
        out += [f"{len(self.items)} items; {self.gaps} gap{'s' if self.gaps != 1 else ''} marked.", ""]
        for n, item in enumerate(self.items, 1):
            out += [f"## {n}. {md(item.name)}", ""]
            if item.prompt:
                out += [f"*{md(item.prompt)}*", ""]
            if item.evidence:
                out += ["**From the plan**", "", *(f"- {md(e)}" for e in item.evidence), ""]
            if item.gaps:
                out += ["**Gaps**", "", *(f"- **Gap:** {md(g)}" for g in item.gaps), ""]
            if item.questions:
                out += ["**Questions to consider**", "", *(f"- {md(q)}" for q in item.questions), ""]
        out += ["---", "", md(self._footer()), ""]
        from ._html._text import citation_label  # one citation format, the catalogue's

        out += [f"- {md(citation_label(src))}: <{src.url}>" for src in self.checklist.sources]
        return "\n".join(out).rstrip() + "\n"

    def _footer(self) -> str:
        where = f" from {self.source}" if self.source else ""
        return (
            f"Filled by participatory {__version__}{where}. Only what the plan records is reported; "
            "gaps are marked as gaps. The checklist's prompts are paraphrased; see its sources."
        )

    def to_html(self) -> str:
        """Return the report as one accessible HTML page (no JavaScript, all text escaped)."""
        from ._html._reprs import report_document

        return report_document(self, self._footer())

    def _repr_html_(self) -> str:
        from ._html._reprs import report_html

        return report_html(self)

    def write(self, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
        """Write the report to ``.md`` or ``.html`` (chosen by suffix), atomically.

        An existing file is replaced only with ``overwrite=True``.
        """
        target = Path(path)
        if target.suffix in (".html", ".htm"):
            text = self.to_html()
        elif target.suffix in (".md", ".markdown"):
            text = self.to_markdown()
        else:
            raise CatalogueWriteError(f"{target}: a report file must end in .md or .html")
        _io.check_output(target, overwrite=overwrite)
        _io.atomic_write(target, text)
        return target


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


# --------------------------------------------------------------------------- evidence


def _name(rid: str, catalogue: Catalogue) -> str:
    rec = catalogue.get(rid)
    return rec.name if rec is not None else rid


def _lay(act: Activity, catalogue: Catalogue) -> bool:
    from ._audit import lay

    return lay(act, catalogue)


def describe_activity(i: int, act: Activity, catalogue: Catalogue) -> str:
    """One sentence saying what an activity is, from its recorded fields only."""
    who = ", ".join(_name(s, catalogue) for s in act.stakeholders)
    tech = _name(act.technique, catalogue)
    named = f"{act.name} ({tech})" if act.name else tech
    extra = "".join(f", {x}" for x in (str(act.mode) if act.mode else "", act.when) if x)
    stage = _name(act.stage, catalogue)
    return f"{activity_name(i)}, {stage}: {named} with {who}, at level {act.level}{extra}."


def _per_activity(field: str, label: str, what: str, *, gaps: bool = False) -> Evidence:
    """Return what each activity records in ``field`` (with ``gaps``, the lay ones recording nothing).

    Topics whose gaps an audit rule decides (payment, support, feedback) leave ``gaps``
    off: their gaps are that rule's findings (see :data:`GAP_RULES`).
    """

    def evidence(plan: Plan, catalogue: Catalogue) -> Found:
        values: dict[str, list[int]] = {}
        missing: list[int] = []
        for i, act in enumerate(plan.activities):
            value = " ".join(getattr(act, field).split())
            if value:
                values.setdefault(value, []).append(i)
            elif gaps and _lay(act, catalogue):
                missing.append(i)
        found = [f"{_labels(idx)}: {label}: {value}" for value, idx in values.items()]
        holes = (
            [f"{_labels(missing)} {'does' if len(missing) == 1 else 'do'} not record {what}."]
            if missing
            else []
        )
        if not plan.activities:
            holes.append(f"The plan has no activities, so nothing records {what}.")
        return found, holes

    return evidence


def _count(n: int, word: str, plural: str = "") -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def _labels(indexes: Iterable[int]) -> str:
    return ", ".join(activity_name(i) for i in indexes)


def _aim(plan: Plan, catalogue: Catalogue) -> Found:
    if plan.info.aim.strip():
        return [f"Aim of involvement: {plan.info.aim.strip()}"], []
    return [], ['The plan does not say what involvement is meant to achieve; add aim = "..." to [plan].']


def _text(field: str, what: str) -> Evidence:
    def evidence(plan: Plan, catalogue: Catalogue) -> Found:
        value = getattr(plan.info, field).strip()
        if value:
            return [value], []
        return [], [f'Not written yet: {what} Add {field} = "..." to [plan] once known.']

    return evidence


def _methods(plan: Plan, catalogue: Catalogue) -> Found:
    if not plan.activities:
        return [], ["The plan has no activities: say who will be involved, at which stages, and how."]
    stages = [_name(s, catalogue) for s in catalogue.stages if s in plan.stages]
    stages += [_name(s, catalogue) for s in plan.stages if s not in catalogue.stages]
    deepest = max(a.level for a in plan.activities)
    n = len(plan.activities)
    head = (
        f"{_count(n, 'activity', 'activities')} at {_count(len(stages), 'stage')} "
        f"({', '.join(stages)}); deepest level: {deepest}."
    )
    found = [head]
    found += [describe_activity(i, a, catalogue) for i, a in enumerate(plan.activities)]
    return found, []


def _coverage(plan: Plan, catalogue: Catalogue) -> Found:
    covered = set(plan.stages)
    found = [
        f"{stage.name}: {_count(len(plan.at_stage(stage.id)), 'activity', 'activities')}."
        for stage in catalogue.stages.values()
        if stage.id in covered
    ]
    gaps = [
        f"No activity at the {stage.name} stage."
        for stage in catalogue.stages.values()
        if stage.id not in covered
    ]
    return found, gaps


def _levels(plan: Plan, catalogue: Catalogue) -> Found:
    found = []
    for level in Level:
        at = [i for i, a in enumerate(plan.activities) if a.level == level]
        if at:
            found.append(f"{level}: {_labels(at)}.")
    return found, []  # gaps: the audit's findings (GAP_RULES)


def _inclusion(plan: Plan, catalogue: Catalogue) -> Found:
    found: list[str] = []
    if plan.info.underserved:
        found.append(f"Under-served groups the study needs to reach: {', '.join(plan.info.underserved)}.")
    for i, act in enumerate(plan.activities):
        if act.reach:
            found.append(
                f"{activity_name(i)} ({_name(act.technique, catalogue)}) reaches: {', '.join(act.reach)}."
            )
        if act.not_reached:
            found.append(
                f"{activity_name(i)} ({_name(act.technique, catalogue)}) does not reach: "
                f"{', '.join(act.not_reached)}."
            )
    return found, []  # gaps: the audit's findings (GAP_RULES)


def _governance(plan: Plan, catalogue: Catalogue) -> Found:
    governing = {s.id for s in catalogue.stages.values() if s.cross_cutting or s.governance}
    found = [
        describe_activity(i, a, catalogue) for i, a in enumerate(plan.activities) if a.stage in governing
    ]
    gaps = (
        []
        if found
        else ["No public role in oversight or governance (steering, data access, ethics) is recorded."]
    )
    return found, gaps


def _stage(stage: str) -> Evidence:
    def evidence(plan: Plan, catalogue: Catalogue) -> Found:
        found = [describe_activity(i, a, catalogue) for i, a in plan.at_stage(stage)]
        if found:
            return found, []
        gap = (
            f"No activity at the {_name(stage, catalogue)} stage yet; the questions below can help decide "
            "whether and how to involve people here."
        )
        return [], [gap]

    return evidence


def _when(act: Activity, today: dt.date | None = None) -> str:
    """Return whether an activity is ``done``, ``ongoing`` or ``planned``, as far as the plan records.

    A dated activity is done once its last day (``end``, else ``start``) has passed, and
    under way once its first day has; an undated one is done when it records an impact or
    a "you said, we did" entry, and planned otherwise.
    """
    day = today or dt.date.today()
    first, last = act.start or act.end, act.end or act.start
    if first and last:
        if dt.date.fromisoformat(last) < day:
            return "done"
        return "ongoing" if dt.date.fromisoformat(first) < day else "planned"
    return "done" if act.impact.strip() or act.log else "planned"


def lower_first(text: str) -> str:
    """Return ``text`` to follow a comma: its first letter lower-cased unless it starts an acronym.

    >>> lower_first("The form was long"), lower_first("NIHR rates apply"), lower_first("I was away")
    ('the form was long', 'NIHR rates apply', 'I was away')
    """
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _people(plan: Plan, catalogue: Catalogue) -> Found:
    found: list[str] = []
    for i, act in enumerate(plan.activities):
        if not _lay(act, catalogue):
            continue
        who = ", ".join(_name(s, catalogue) for s in act.stakeholders)
        count = f"{_count(act.contributors, 'public contributor')}: " if act.contributors else ""
        found.append(f"{activity_name(i)} ({_name(act.technique, catalogue)}): {count}{who}.")
    if found:
        return found, []
    return [], ["The plan names no activity with patients, carers or the public: say who is involved."]


def _timed(past: bool) -> Evidence:
    def evidence(plan: Plan, catalogue: Catalogue) -> Found:
        found: list[str] = []
        for i, act in enumerate(plan.activities):
            status = _when(act)
            if status == ("planned" if past else "done"):
                continue
            under_way = " Under way." if status == "ongoing" else ""
            found.append(describe_activity(i, act, catalogue) + under_way)
            if past and act.impact.strip():
                found.append(f"{activity_name(i)}: what changed: {' '.join(act.impact.split())}")
        if found:
            return found, []
        if past:
            return [], [
                "No activity has taken place yet, as far as the plan records (dates, impact or a log)."
            ]
        return [], ["No further involvement is planned: say how people stay involved once the study starts."]

    return evidence


def _budget(plan: Plan, catalogue: Catalogue) -> Found:
    from ._budget import build_budget, find_policy

    try:
        policy = find_policy(plan, catalogue)
    except UnknownIdError:
        policy = None
    budget = build_budget(plan, policy)
    if not budget.lines:
        hint = (
            "Nothing is costed: record contributors, sessions and hours (and expenses) for each "
            "activity, then run participatory plan budget."
        )
        return [], [hint]
    found = [f"Total for involvement: {budget.money(budget.total)}."]
    if policy is not None:
        found.append(
            f"Rates from {policy.name} ({policy.publisher}, version {policy.version or 'not stated'})."
        )
    found += [f"{label}: {budget.money(total)}." for label, total in budget.by_item().items()]
    if budget.start is not None:
        found += [
            f"{'Undated' if y is None else f'Project year {y}'}: {budget.money(t)}."
            for y, t in budget.by_year().items()
        ]
    return found, list(budget.notes)


def _training(plan: Plan, catalogue: Catalogue) -> Found:
    found: list[str] = []
    for i, act in enumerate(plan.activities):
        if act.support.strip():
            found.append(f"{activity_name(i)}: support: {' '.join(act.support.split())}")
        if act.expenses is not None and act.expenses.training:
            found.append(f"{activity_name(i)}: training budgeted for each contributor.")
    if found:
        return found, []
    return [], [
        "No support or training for contributors is recorded (support, [activity.expenses] training)."
    ]


def _you_said(plan: Plan, catalogue: Catalogue) -> Found:
    found: list[str] = []
    gaps: list[str] = []
    for i, act in enumerate(plan.activities):
        for n, entry in enumerate(act.log, 1):
            said = " ".join(entry.said.split()).rstrip(".")  # the line's own punctuation follows
            if entry.did.strip():
                reply = f"we did: {' '.join(entry.did.split()).rstrip('.')}"
            elif entry.why_not.strip():
                why = lower_first(" ".join(entry.why_not.split()).rstrip("."))
                reply = f"we did not act on it, because {why}"
            else:
                gaps.append(f"{activity_name(i)}, log entry {n}: record what was done about it, or why not.")
                reply = "no response recorded yet"
            sent = f" (feedback sent {entry.fed_back})" if entry.fed_back else ""
            found.append(f"{activity_name(i)}: you said: {said}; {reply}{sent}.")
    return found, gaps


def _wellbeing(plan: Plan, catalogue: Catalogue) -> Found:
    found: list[str] = []
    for i, act in enumerate(plan.activities):
        care = act.wellbeing
        if care is None:
            continue
        parts = [f"topic sensitivity {care.sensitivity}" if care.sensitivity else ""]
        parts += [
            f"{label}: {' '.join(value.split())}"
            for label, value in (
                ("distress protocol", care.distress_protocol),
                ("support", care.support_contact),
                ("breaks", care.breaks),
                ("withdrawing", care.withdrawal),
            )
            if value.strip()
        ]
        found.append(f"{activity_name(i)}: {'; '.join(p for p in parts if p)}.")
    return found, []  # gaps: the audit's findings (GAP_RULES)


def _impact(plan: Plan, catalogue: Catalogue) -> Found:
    """Return what changed: each activity's ``impact``, then the "you said, we did" log."""
    found, _ = _per_activity("impact", "what changed", "what changed because of it")(plan, catalogue)
    said, _ = _you_said(plan, catalogue)
    missing = [  # an activity dated in the future cannot have changed anything yet
        i
        for i, a in enumerate(plan.activities)
        if _lay(a, catalogue)
        and not a.impact.strip()
        and not a.log
        and not (_when(a) == "planned" and (a.start or a.end))
    ]
    holes = (
        [f"{_labels(missing)} {'does' if len(missing) == 1 else 'do'} not record what changed because of it."]
        if missing
        else []
    )
    if not plan.activities:
        holes.append("The plan has no activities, so nothing records what changed because of it.")
    return [*found, *said], holes


#: Evidence topics: what part of a plan answers a checklist item.
EVIDENCE: dict[str, Evidence] = {
    "aim": _aim,
    "methods": _methods,
    "coverage": _coverage,
    "levels": _levels,
    "inclusion": _inclusion,
    "payment": _per_activity("payment", "payment", "how contributors are paid or recognised"),
    "support": _per_activity("support", "support", "what support contributors get"),
    "feedback": _per_activity("feedback", "feedback", "how contributors hear what happened to their input"),
    "impact": _impact,
    "people": _people,
    "so-far": _timed(past=True),
    "planned": _timed(past=False),
    "budget": _budget,
    "training": _training,
    "you-said": _you_said,
    "wellbeing": _wellbeing,
    "governance": _governance,
    "discussion": _text("discussion", "how far involvement shaped the study, good and bad."),
    "reflections": _text("reflections", "what worked, what did not and what others can learn."),
}

#: Topics whose gaps are the findings of audit rules: the rule is written once, in the
#: audit, and the report quotes what the audit found.
GAP_RULES: dict[str, tuple[str, ...]] = {
    "payment": ("no-payment-or-support", "pays-below-policy", "unpaid-role", "expenses-left-out"),
    "budget": ("pays-below-policy", "unpaid-role", "expenses-left-out", "benefits-signpost"),
    "support": ("no-payment-or-support",),
    "training": ("no-payment-or-support",),
    "feedback": ("no-feedback", "feedback-overdue"),
    "you-said": ("feedback-overdue",),
    "wellbeing": ("sensitive-topic-unsupported",),
    "levels": ("engagement-only", "shallow-involvement"),
    "inclusion": ("underserved-not-named", "underserved-not-reached"),
}


def topics_for(item: ChecklistItem) -> tuple[str, ...]:
    """Return the evidence topics that answer ``item`` (``stage:<id>`` for stage-based items)."""
    if item.evidence:  # the checklist says which topics answer the item (catalogue data)
        return item.evidence
    if item.id in EVIDENCE:
        return (item.id,)
    return tuple(f"stage:{s}" for s in item.stages)


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


def _answer(
    item: ChecklistItem, plan: Plan, catalogue: Catalogue, findings: Mapping[str, list[str]]
) -> ReportItem:
    evidence: list[str] = []
    gaps: list[str] = []
    topics = topics_for(item)
    for topic in topics:
        if topic.startswith("stage:"):
            fn = _stage(topic.removeprefix("stage:"))
        elif topic in EVIDENCE:
            fn = EVIDENCE[topic]
        else:
            gaps.append(f"Unknown evidence topic {topic!r}; known: {', '.join(EVIDENCE)}.")
            continue
        found, missing = fn(plan, catalogue)
        missing = [*missing, *(m for rule in GAP_RULES.get(topic, ()) for m in findings.get(rule, ()))]
        evidence += [e for e in found if e not in evidence]
        gaps += [g for g in missing if g not in gaps]
    if not topics:
        gaps.append("Nothing in the plan answers this item; answer it by hand.")
    return ReportItem(
        id=item.id,
        name=item.name,
        prompt=item.prompt,
        evidence=tuple(evidence),
        gaps=tuple(gaps),
        questions=item.questions,
    )


def build_report(plan: Plan, checklist: str | Checklist, catalogue: Catalogue) -> Report:
    """Fill ``checklist`` (an id in ``catalogue`` or a record) from ``plan``; see :meth:`Plan.report`."""
    if isinstance(checklist, str):
        found = catalogue.checklists.get(checklist)
        if found is None:
            from ._schema import nearest

            close = nearest(checklist, catalogue.checklists)
            raise UnknownIdError(checklist, [close] if close else [])
        checklist = found
    from ._audit import rules, run_audit

    wanted = {r for needed in GAP_RULES.values() for r in needed} & {r.id for r in rules()}
    findings: dict[str, list[str]] = {}
    for f in run_audit(plan, catalogue, rules=sorted(wanted)):
        findings.setdefault(f.rule, []).append(_sentence(f.message))
    return Report(
        plan=plan.title,
        checklist=checklist,
        items=tuple(_answer(item, plan, catalogue, findings) for item in checklist.items),
        source=plan.source,
    )
