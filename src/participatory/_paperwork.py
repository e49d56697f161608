"""The paperwork around a plan: adverts, recognition, and plain summaries for contributors.

Each is a :class:`Paper`: a title, an introduction, sections of plain text, the sources it
cites, what is missing (each a prompt for what to add to the plan) and, for text meant for
the public, a readability report. Papers are built only from what the plan records:
nothing is made up, and nothing personal is printed (a plan names kinds of people, never
people).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from . import _io
from ._audit import SOURCES
from ._catalogue import Catalogue
from ._checks import MAX_ID_LENGTH, contact_problem, record_problems
from ._community import EXPENSES, Commitment, Opportunity, Payment
from ._convert import unstructure
from ._enums import OpportunityKind, RateUnit
from ._errors import (
    CatalogueError,
    CatalogueValidationError,
    CatalogueWriteError,
    IntakeError,
    Problem,
)
from ._model import Level, Mode, PaymentPolicy, Rate, Sensitivity, Source, Technique
from ._report import lower_first
from ._schema import activity_name, slugify

if TYPE_CHECKING:
    from ._plan import Activity, Plan
    from ._readability import ReadabilityReport

__all__ = [
    "ICMJE",
    "Paper",
    "Section",
    "advert",
    "contact_in",
    "contributor_summary",
    "opportunity",
    "recognition",
    "to_inbox",
]

#: The authorship criteria recognition prompts refer to.
ICMJE = Source(
    title="Recommendations for the Conduct, Reporting, Editing, and Publication of Scholarly Work in "
    "Medical Journals: defining the role of authors and contributors",
    url="https://www.icmje.org/recommendations/",
    publisher="International Committee of Medical Journal Editors",
    accessed="2026-12-06",
)


@attrs.frozen(kw_only=True)
class Section:
    """One section of a paper: a heading, paragraphs, a list, and gaps.

    Parameters
    ----------
    heading : str
        The section's heading.
    paragraphs : tuple of str
        Plain paragraphs.
    items : tuple of str
        A bulleted list.
    gaps : tuple of str
        What the plan does not record for this section, each a prompt.
    """

    heading: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    gaps: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Paper:
    """A piece of paperwork drafted from a plan.

    Parameters
    ----------
    kind : str
        ``advert``, ``recognition`` or ``summary``.
    title : str
        Its title.
    intro : tuple of str
        Opening paragraphs.
    sections : tuple of Section
        Its sections, in order.
    sources : tuple of Source
        The guidance it follows.
    missing : tuple of str
        What the plan must record before the paper is complete (empty: complete).
    readability : ReadabilityReport or None
        How easy its public text is to read, when measured.
    """

    kind: str
    title: str
    intro: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    sources: tuple[Source, ...] = ()
    missing: tuple[str, ...] = ()
    readability: ReadabilityReport | None = None

    @property
    def complete(self) -> bool:
        """Whether every heading the paper promises has something from the plan."""
        return not self.missing

    def headings(self) -> tuple[str, ...]:
        """Return the headings of its sections, in order."""
        return tuple(s.heading for s in self.sections)

    def body_text(self) -> str:
        """Return the text a reader sees (intro and sections, without gaps): what readability measures."""
        parts = [*self.intro]
        for sec in self.sections:
            parts += [*sec.paragraphs, *sec.items]
        return "\n".join(p if p.rstrip().endswith((".", "?", "!", ":")) else p + "." for p in parts)

    def to_text(self) -> str:
        """Return the paper as plain text (headings underlined, lists with dashes)."""
        out = [self.title, "=" * min(len(self.title), 78), ""]
        out += [*(p for p in self.intro), ""] if self.intro else []
        for sec in self.sections:
            out += [sec.heading, "-" * min(len(sec.heading), 78)]
            out += list(sec.paragraphs)
            out += [f"- {i}" for i in sec.items]
            out += [f"Gap: {g}" for g in sec.gaps]
            out.append("")
        if self.missing:
            out += ["Not complete yet:", *(f"- {m}" for m in self.missing), ""]
        if self.readability is not None:
            out += ["Readability (of the text above, without gaps):", *self.readability.lines(), ""]
        if self.sources:
            out += ["Sources:", *(f"- {s.title} ({s.publisher or 'n.p.'}): {s.url}" for s in self.sources)]
        return "\n".join(out).rstrip() + "\n"

    def __str__(self) -> str:
        return self.to_text()

    def to_html(self) -> str:
        """Return the paper as one printable, accessible HTML page (all text escaped)."""
        from ._html._paperwork import paper_document

        return paper_document(self)

    def _repr_html_(self) -> str:
        from ._html._paperwork import paper_html

        return paper_html(self)

    def to_dict(self) -> dict[str, object]:
        """Return the paper as plain data (for JSON output)."""
        return {
            "kind": self.kind,
            "title": self.title,
            "intro": list(self.intro),
            "sections": [attrs.asdict(s) for s in self.sections],
            "missing": list(self.missing),
            "complete": self.complete,
            "readability": self.readability.to_dict() if self.readability is not None else None,
            "sources": [attrs.asdict(s) for s in self.sources],
        }

    def write(self, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
        """Write the paper to ``.txt`` or ``.html`` (chosen by suffix), atomically."""
        target = Path(path)
        if target.suffix in (".html", ".htm"):
            text = self.to_html()
        elif target.suffix in (".txt", ".text"):
            text = self.to_text()
        else:
            raise CatalogueWriteError(f"{target}: write a .txt or .html file")
        _io.check_output(target, overwrite=overwrite)
        _io.atomic_write(target, text)
        return target


# --------------------------------------------------------------------------- helpers


def _name(rid: str, catalogue: Catalogue) -> str:
    rec = catalogue.get(rid)
    return rec.name if rec is not None else rid


def _clean(text: str) -> str:
    return " ".join(text.split())


def _sentence(text: str) -> str:
    text = _clean(text)
    return text if not text or text.endswith((".", "?", "!")) else text + "."


def activity_at(plan: Plan, number: int) -> Activity:
    """Return the activity numbered ``number`` (from 1, as people count them).

    Raises
    ------
    CatalogueError
        If the plan has no such activity.
    """
    if not 1 <= number <= len(plan.activities):
        have = len(plan.activities)
        raise CatalogueError(
            f"the plan has {have} activit{'y' if have == 1 else 'ies'}; there is no activity {number}"
        )
    return plan.activities[number - 1]


def _title(act: Activity, catalogue: Catalogue) -> str:
    return _clean(act.name) or _name(act.technique, catalogue)


def _public(act: Activity, catalogue: Catalogue) -> list[str]:
    """Return the activity's stakeholders who count as public contributors."""
    from ._audit import is_public

    return [sid for sid in act.stakeholders if is_public(sid, catalogue)]


def _article(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _hours(value: float) -> str:
    return f"{value:g} hour{'' if value == 1 else 's'}"


def _time_asked(act: Activity) -> list[str]:
    if not act.sessions or not act.hours:
        return []
    out = [
        (
            f"{act.sessions} session{'s' if act.sessions != 1 else ''} of {_hours(act.hours)}"
            f"{'' if act.sessions == 1 else ' each'}."
        )
    ]
    if act.preparation_hours:
        out.append(f"About {_hours(act.preparation_hours)} of reading or preparation before each session.")
    if act.travel_hours:
        out.append(
            f"About {_hours(act.travel_hours)} of travel for each session, which we count as your time."
        )
    total = act.sessions * (act.hours + act.preparation_hours + act.travel_hours)
    out.append(f"In all, about {_hours(total)} of your time.")
    return out


_MODES = {
    Mode.IN_PERSON: "in person",
    Mode.ONLINE: "online",
    Mode.HYBRID: "in person or online, as you prefer",
}


def _readability(text: str) -> ReadabilityReport:
    from ._readability import readability

    return readability(text)


# --------------------------------------------------------------------------- adverts

#: The headings every advert has, in order.
ADVERT_HEADINGS = (
    "What this is about",
    "When and where",
    "Time we are asking for",
    "Pay and expenses",
    "Support",
    "Accessibility",
    "Who can take part",
    "How to apply",
)


@attrs.frozen(kw_only=True)
class _Draft:
    """What an advert says under each heading, worked out once for the text and the record."""

    act: Activity
    title: str
    technique: Technique | None
    people: tuple[str, ...]
    sections: tuple[Section, ...]
    missing: tuple[str, ...]
    policy: PaymentPolicy | None
    rate: Rate | None


def _draft(plan: Plan, number: int, catalogue: Catalogue) -> _Draft:
    """Fill every heading of :data:`ADVERT_HEADINGS` from activity ``number`` (from 1)."""
    from ._budget import build_budget, find_policy, money, rate_for, session_fee

    act = activity_at(plan, number)
    title = _title(act, catalogue)
    found = catalogue.get(act.technique)
    tech = found if isinstance(found, Technique) else None
    missing: list[str] = []

    def need(field: str, what: str) -> tuple[str, ...]:
        missing.append(f"{what} ({field})")
        return (f"Add {what} to the plan ({field}).",)

    about = [_sentence(plan.info.summary)] if plan.info.summary.strip() else []
    public = tuple(_public(act, catalogue))
    people = [_article(_name(sid, catalogue).lower()) for sid in public]
    who = people[0] if len(people) == 1 else ", ".join(people[:-1]) + " or " + people[-1] if people else ""
    what = tech.name if tech is not None else act.technique
    about.append(
        f"We would like {'you' if not who else 'you, if you are ' + who + ','} to help with our study "
        f"\u201c{_clean(plan.title)}\u201d, by joining in: {what}."
    )
    if tech is not None and (tech.plain or tech.summary):
        about.append(_sentence(tech.plain or tech.summary))
    when = [p for p in (_sentence(act.when) if act.when.strip() else "",) if p]
    if act.start:
        span = f"from {act.start} to {act.end}" if act.end and act.end != act.start else f"on {act.start}"
        when.append(f"Sessions run {span}.")
    if act.mode is not None:
        when.append(f"Sessions are {_MODES[act.mode]}.")
    time = _time_asked(act)
    try:
        policy = find_policy(plan, catalogue)
    except CatalogueError:
        policy = None
    pay: list[str] = [_sentence(act.payment)] if act.payment.strip() else []
    rate, _ = rate_for(act, policy) if act.pay_per_hour != 0 else (None, "")
    if act.contributors and act.sessions:
        budget = build_budget(plan, policy)
        mine = [line for line in budget.lines if line.activity == number - 1 and line.item == "fees"]
        if mine and rate is not None:
            each = session_fee(act, rate) * act.sessions
            pay.append(f"We will pay you {money(each, budget.currency)} for your time in all.")
    covered = _covered(act)
    if covered:
        pay.append(f"We pay back what you spend on {', '.join(_EXPENSE_WORDS[c] for c in covered)}.")
    pay.append("Payments can affect welfare benefits: we will point you to free, confidential advice first.")
    support = [_sentence(act.support)] if act.support.strip() else []
    care = act.wellbeing
    if care is not None:
        support += [_sentence(x) for x in (care.breaks, care.support_contact, care.withdrawal) if x.strip()]
    access = [_sentence(act.accessibility)] if act.accessibility.strip() else []
    apply = [_sentence(act.how_to_apply)] if act.how_to_apply.strip() else []
    if act.closes:
        apply.append(f"Please get in touch by {act.closes}.")
    # (text, whether the plan fills the heading, the field to add, what it is), by heading
    filled = (
        (about, True, "", ""),
        (when, bool(when), "when", "when it happens"),
        (time, bool(time), "sessions, hours", "how many sessions and how long each lasts"),
        (pay, bool(act.payment.strip() or act.pay_per_hour), "payment", "how people are paid"),
        (support, bool(support), "support", "the support people get"),
        (access, bool(access), "accessibility", "the adjustments offered"),
        (
            [_sentence(act.eligibility)] if act.eligibility.strip() else [],
            bool(act.eligibility.strip()),
            "eligibility",
            "who can take part",
        ),
        (apply, bool(act.how_to_apply.strip()), "how_to_apply", "how to get in touch"),
    )
    sections = tuple(
        Section(heading=heading, paragraphs=tuple(text), gaps=() if ok else need(field, what))
        for heading, (text, ok, field, what) in zip(ADVERT_HEADINGS, filled, strict=True)
    )
    return _Draft(
        act=act,
        title=title,
        technique=tech,
        people=public or act.stakeholders,
        sections=sections,
        missing=tuple(missing),
        policy=policy,
        rate=rate,
    )


_EXPENSE_WORDS = {
    "travel": "travel",
    "carer": "care for someone you look after",
    "childcare": "childcare",
    "data": "phone or internet data",
}


def _covered(act: Activity) -> tuple[str, ...]:
    """Return the expenses an activity pays back to each person (those it budgets an amount for)."""
    if act.expenses is None:
        return ()
    return tuple(k for k in EXPENSES if getattr(act.expenses, k))


def advert(plan: Plan, number: int, catalogue: Catalogue) -> Paper:
    """Draft an advert for activity ``number`` (from 1) of ``plan``.

    Every heading of :data:`ADVERT_HEADINGS` is present; a heading the plan cannot fill
    says so and is listed in ``missing``. The readability report measures the advert's text.
    """
    draft = _draft(plan, number, catalogue)
    paper = Paper(
        kind="advert",
        title=f"Get involved: {draft.title}",
        sections=draft.sections,
        sources=(SOURCES["nihr-payment-guidance"],),
        missing=draft.missing,
    )
    return attrs.evolve(paper, readability=_readability(paper.body_text()))


#: A web address or an e-mail address inside free text (how to apply, accessibility).
_CONTACT = re.compile(
    r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)]|[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)


def contact_in(text: str) -> str:
    """Return the first web or e-mail address in ``text`` that a catalogue accepts, or ``""``.

    >>> contact_in("Email involvement@example.org, or see https://example.org/join.")
    'involvement@example.org'
    >>> contact_in("Phone the involvement lead")
    ''
    """
    for match in _CONTACT.finditer(text):
        if contact_problem(match.group()) is None:
            return match.group()
    return ""


def opportunity(plan: Plan, number: int, catalogue: Catalogue, *, id: str | None = None) -> Opportunity:  # noqa: A002
    """Write the advert for activity ``number`` (from 1) as an ``opportunity`` record.

    The record is filled only from the plan: its title, the study's summary, who runs it
    (``[plan] organisation``), the technique, stage and people sought, the level, modes,
    the time asked, dates, payment (with the payment policy's id), expenses, support,
    accessibility, eligibility and where to apply. What the advert lacks, and what a
    record needs beyond it (a closing date, a web or e-mail address to apply to, the
    organisation), is reported at once.

    Parameters
    ----------
    id : str, optional
        The record's id; by default a slug of the activity's name.

    Raises
    ------
    CatalogueValidationError
        Listing every missing fact, each located as ``file: activity N: field``, and
        any problem the catalogue's own checks find in the record.
    """
    draft = _draft(plan, number, catalogue)
    act = draft.act
    where = plan.source or f"plan {plan.title!r}"
    label = activity_name(number - 1)
    problems = [
        Problem(file=where, record=label, field=gap.rsplit(" (", 1)[-1].rstrip(")"), message=f"add {gap}")
        for gap in draft.missing
    ]

    def need(field: str, message: str, record: str = label) -> None:
        problems.append(Problem(file=where, record=record, field=field, message=message))

    if not act.closes:
        need("closes", "add the closing date for expressions of interest (closes = YYYY-MM-DD)")
    apply = contact_in(act.how_to_apply)
    if act.how_to_apply.strip() and not apply:
        need(
            "how_to_apply",
            "add a web address or a role e-mail address to apply to (an opportunity record needs one)",
        )
    if not plan.info.organisation.strip():
        need("plan.organisation", "add who offers the opportunity ([plan] organisation)", record="-")
    rid = id if id is not None else slugify(draft.title)[:MAX_ID_LENGTH].strip("-")
    if problems:
        raise CatalogueValidationError(problems)
    sections = {s.heading: s for s in draft.sections}
    plain = " ".join(sections[ADVERT_HEADINGS[0]].paragraphs)
    record = Opportunity(
        id=rid,
        name=draft.title,
        summary=_opportunity_summary(plan, draft, catalogue),
        plain=plain,
        kind=OpportunityKind.ROLE,
        closes=act.closes or "",
        organisation=_clean(plan.info.organisation),
        techniques=(act.technique,),
        stages=(act.stage,),
        stakeholders=draft.people,
        level=act.level,
        modes=(act.mode,) if act.mode is not None else (),
        commitment=Commitment(
            hours=act.hours or None, sessions=act.sessions or None, period=_clean(act.when)
        ),
        starts=act.start,
        payment=_payment(act, draft),
        expenses=_covered(act),
        support=(*sections["Support"].paragraphs, *sections["Accessibility"].paragraphs),
        adjustments=contact_in(act.accessibility),
        eligibility=_clean(act.eligibility),
        content_warning=_warning(act),
        apply=apply,
    )
    checked = [
        Problem(file=where, record=label, field=f"opportunity.{field}", message=message)
        for field, message in record_problems(record)
    ]
    checked += [
        Problem(file=where, record=label, field=f"opportunity.{field}", message=message)
        for field, target in (("techniques", "technique"), ("stages", "stage"))
        for ref in getattr(record, field)
        if (message := catalogue.reference_problem(ref, target)) is not None
    ]
    if checked:
        raise CatalogueValidationError(checked)
    return record


def to_inbox(record: Opportunity, inbox: str | os.PathLike[str], *, source: str = "") -> tuple[str, bool]:
    """Put an advert's ``opportunity`` record into an intake inbox, for review like any submission.

    The draft's envelope says it came from a plan (channel ``plan``, the plan file's name as
    its source) and holds no contact: a plan names no person. The same record added twice is
    not added again.

    Parameters
    ----------
    record : Opportunity
        The record, from :meth:`Plan.opportunity`.
    inbox : path-like
        The inbox folder (created if it does not exist; its parent must).
    source : str
        The plan file it came from.

    Returns
    -------
    tuple of (str, bool)
        The draft's id, and whether it was added (``False``: the same record was there).

    Raises
    ------
    IntakeError
        If the folder is not an inbox, a draft cannot be read, or another draft has the
        record's id (choose another id).
    """
    from ._intake import Inbox
    from ._intake._inbox import Draft, Envelope, digest, now

    box = Inbox(Path(inbox))
    table = unstructure(record)
    key = digest("opportunity", table)
    with box.locked():
        existing, problems = box.drafts() if box.exists() else ([], [])
        if problems:
            raise IntakeError(problems, headline=f"{box.label}: drafts that cannot be read; fix them first")
        for draft in existing:
            if draft.envelope.digest == key:
                return draft.id, False
            if draft.id == record.id:
                message = "another draft has this id; choose another (--id, or id= in Python)"
                raise IntakeError([Problem(file=box.label, record=record.id, field="id", message=message)])
        envelope = Envelope(
            id=record.id,
            kind="opportunity",
            received=now(),
            channel="plan",
            source=Path(source).name if source else "",
            digest=key,
        )
        box.add([Draft(envelope=envelope, record=table)])
    return record.id, True


def _opportunity_summary(plan: Plan, draft: _Draft, catalogue: Catalogue) -> str:
    what = draft.technique.name if draft.technique is not None else draft.act.technique
    people = ", ".join(_name(s, catalogue) for s in draft.people)
    return (
        f"{what} for the study \u201c{_clean(plan.title)}\u201d, at the research stage: "
        f"{_name(draft.act.stage, catalogue)}. People sought: {people}. "
        f"Depth of involvement: {draft.act.level}."
    )


def _payment(act: Activity, draft: _Draft) -> Payment:
    """Return what the record says about pay: the rate (by the hour, else by the session), the policy."""
    from ._budget import session_fee

    policy = draft.policy.id if draft.policy is not None else ""
    if act.pay_per_hour == 0:
        return Payment(offered=False, policy=policy)
    rate = draft.rate
    currency = draft.policy.currency if draft.policy is not None else "GBP"
    if rate is None or currency != "GBP":  # the record states amounts in pounds only
        return Payment(policy=policy)
    if rate.per is RateUnit.HOUR:
        return Payment(amount=rate.amount, unit="hour", policy=policy)
    fee = float(session_fee(act, rate).quantize(Decimal("0.01")))
    return Payment(amount=fee, unit="session", policy=policy)


def _warning(act: Activity) -> str:
    care = act.wellbeing
    if care is None or care.sensitivity is None or care.sensitivity is Sensitivity.LOW:
        return ""
    return (
        "This activity talks about a topic some people may find upsetting. "
        "Support is offered, and you can take a break or stop at any time."
    )


# --------------------------------------------------------------------------- plain summaries


def contributor_summary(plan: Plan, number: int, catalogue: Catalogue) -> Paper:
    """Draft a plain summary for the contributors of activity ``number``: what they said, what was done."""
    act = activity_at(plan, number)
    title = _title(act, catalogue)
    said: list[str] = []
    gaps: list[str] = []
    for entry in act.log:
        line = f"You said: {_sentence(entry.said)}"
        if entry.did.strip():
            line += f" We did: {_sentence(entry.did)}"
        elif entry.why_not.strip():
            line += f" We could not do this, because {lower_first(_sentence(entry.why_not))}"
        else:
            gaps.append(
                f"Say what was done about \u201c{_clean(entry.said)}\u201d, or why not (did, why_not)."
            )
            continue
        said.append(line)
    if not act.log:
        gaps.append("Record what contributors said and what was done ([[activity.log]]).")
    changed = (_sentence(act.impact),) if act.impact.strip() else ()
    later = [  # what comes after it in the plan, for the same kinds of people
        _title(a, catalogue) + (f" ({_clean(a.when)})" if a.when.strip() else "")
        for a in plan.activities[number:]
        if set(a.stakeholders) & set(act.stakeholders)
    ]
    sections = (
        Section(
            heading="What we asked",
            paragraphs=(f"You took part in: {title}.", *((_sentence(act.when),) if act.when.strip() else ())),
        ),
        Section(heading="What you told us, and what we did", items=tuple(said), gaps=tuple(gaps)),
        Section(
            heading="What changed",
            paragraphs=changed,
            gaps=() if changed else ("Record what changed because of the activity (impact).",),
        ),
        Section(
            heading="What happens next",
            items=tuple(later),
            paragraphs=() if later else ("We will keep you up to date as the study goes on.",),
        ),
        Section(
            heading="Thank you",
            paragraphs=(
                "Thank you for your time and for sharing your experience.",
                *(
                    (f"Questions: {_sentence(act.wellbeing.support_contact)}",)
                    if act.wellbeing is not None and act.wellbeing.support_contact.strip()
                    else ()
                ),
            ),
        ),
    )
    paper = Paper(
        kind="summary",
        title=f"You said, we did: {title}",
        intro=(f"A short summary for the people who took part in: {title}.",),
        sections=sections,
        missing=tuple(gaps),
    )
    return attrs.evolve(paper, readability=_readability(paper.body_text()))


# --------------------------------------------------------------------------- recognition


def _roles(plan: Plan, catalogue: Catalogue) -> dict[str, list[int]]:
    roles: dict[str, list[int]] = {}
    for i, act in enumerate(plan.activities):
        for sid in _public(act, catalogue):
            roles.setdefault(sid, []).append(i)
    return roles


def _stage_names(ids: Iterable[str], catalogue: Catalogue) -> str:
    return ", ".join(dict.fromkeys(_name(s, catalogue).lower() for s in ids))


def recognition(plan: Plan, catalogue: Catalogue) -> Paper:
    """Contribution statements, acknowledgement text and an authorship prompt for each role.

    A role is a kind of public contributor in the plan (``patient``, ``carer``); no person is
    named, since a plan holds no personal data. Time given is worked out from sessions,
    hours, preparation and travel where the plan records them.
    """
    sections: list[Section] = []
    for sid, indexes in _roles(plan, catalogue).items():
        role = _name(sid, catalogue)
        acts = [plan.activities[i] for i in indexes]
        names = [_title(a, catalogue) for a in acts]
        timed = [
            f"{name} (about {_hours(a.sessions * (a.hours + a.preparation_hours + a.travel_hours))} each)"
            if a.sessions and a.hours
            else name
            for name, a in zip(names, acts, strict=True)
        ]
        outputs = list(dict.fromkeys(_clean(o) for a in acts for o in a.outputs))
        many = len({a.stage for a in acts}) > 1
        statement = (
            f"{role} contributors took part in {len(acts)} activit{'y' if len(acts) == 1 else 'ies'}: "
            f"{'; '.join(timed)}, at the {_stage_names((a.stage for a in acts), catalogue)} "
            f"stage{'s' if many else ''}."
        )
        if any(a.sessions and a.hours for a in acts):
            statement += " Time counts preparation and travel."
        if outputs:
            statement += f" Together with the team they produced: {'; '.join(outputs)}."
        shaped = [_clean(a.impact) for a in acts if a.impact.strip()] + [
            _clean(e.did) for a in acts for e in a.log if e.did.strip()
        ]
        thanks = (
            f"We thank the {role.lower()} contributors who gave their time and experience to "
            f"{'; '.join(names)}."
        )
        if shaped:
            thanks += f" Their contribution changed the study: {_sentence(shaped[0])}"
        deep = [a for a in acts if a.level >= Level.COLLABORATE]
        if deep:
            prompt = (
                f"{role} contributors shared decisions ({'; '.join(_title(a, catalogue) for a in deep)}), "
                "which may meet the first ICMJE criterion: a substantial contribution to the conception or "
                "design of the work, or to the acquisition, analysis or interpretation of data. Ask each "
                "person whether they will also draft or critically revise the paper, approve the final "
                "version, and agree to be accountable for the work. Anyone who meets all four criteria "
                "should be offered authorship (individually or as a named group); everyone else is "
                "acknowledged."
            )
        else:
            prompt = (
                f"No {role.lower()} activity in the plan reaches shared decisions (collaborate or deeper), "
                "so authorship is unlikely on the ICMJE criteria; acknowledge their contribution, and "
                "revisit this if their role grows."
            )
        sections.append(
            Section(
                heading=role,
                items=(
                    f"Contribution statement: {statement}",
                    f"Acknowledgement: {thanks}",
                    f"Authorship: {prompt}",
                ),
            )
        )
    missing = () if sections else ("The plan has no activity with public contributors to recognise.",)
    return Paper(
        kind="recognition",
        title=f"Recognising contributors: {plan.title}",
        intro=(
            (
                "Drafts for each kind of public contributor in the plan. The plan holds no personal "
                "data: ask each person how, and whether, they wish to be named before publishing."
            ),
        ),
        sections=tuple(sections),
        sources=(ICMJE, SOURCES["gripp2"]),
        missing=missing,
    )
