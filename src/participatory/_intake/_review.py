"""The moderation rubric: what a reviewer checks before a draft is published.

Each item of :data:`RUBRIC` gives a verdict: ``pass``, ``fail`` (must be fixed, or the
draft rejected), ``check`` (the reviewer must look: relevance cannot be judged by a
program) or ``n/a``. :func:`review_draft` applies them all.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Final, Literal, Protocol

import attrs

from .._errors import Problem
from .._kinds import KINDS
from ._inbox import Draft
from ._personal import find_personal_data

if TYPE_CHECKING:
    from .._catalogue import Catalogue

__all__ = [
    "PUBLIC_CATEGORY",
    "RUBRIC",
    "Item",
    "Measure",
    "Review",
    "public_ids",
    "record_problems_of",
    "reference_problems",
    "review_draft",
]

Verdict = Literal["pass", "fail", "check", "n/a"]

#: The rubric's items, in the order they are shown, with what each asks.
RUBRIC: Final = {
    "relevant": "It is about involving patients, carers or the public in health or care research.",
    "required fields": "Every required field is filled in and every value is valid.",
    "plain language": "The public text reads easily (a grade of 8 or below, no jargon).",
    "no personal details": "No e-mail address, telephone number, NHS number, postcode, date of "
    "birth or health details of a named person is published.",
    "payment and support": "A role asked of the public says what it pays (or that it is unpaid), "
    "which expenses are covered, and what support is offered.",
    "closing date": "An opportunity's closing date is in the future.",
    "import notes": "Nothing the import noticed (formula-like cells, answers it could not read) is left.",
}
#: The highest Flesch-Kincaid grade that passes (a reading age of 13 to 14).
PLAIN_GRADE: Final = 8.0
#: The category of the stakeholders who are "the public": a role that seeks any of them must
#: say what it pays and what support it offers (the catalogue's data, never a list of ids).
PUBLIC_CATEGORY: Final = "lived-experience"
_TOPIC_WORDS: Final = (
    "involv",
    "engag",
    "participat",
    "patient",
    "carer",
    "public",
    "community",
    "research",
    "co-produc",
    "coproduc",
    "co-design",
    "codesign",
    "ppi",
    "lived experience",
    "advisory",
)


class Measure(Protocol):
    """What the rubric needs of a readability report (``participatory.readability``)."""

    @property
    def grade(self) -> float: ...

    @property
    def long_sentences(self) -> tuple[str, ...]: ...


@attrs.frozen(kw_only=True)
class Item:
    """One item of the rubric for one draft: its verdict and what was found."""

    name: str
    verdict: Verdict
    details: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the item as plain data (for JSON output)."""
        return {"name": self.name, "verdict": self.verdict, "details": list(self.details)}


@attrs.frozen(kw_only=True)
class Review:
    """A draft measured against the rubric."""

    draft: str
    kind: str
    status: str
    name: str
    items: tuple[Item, ...]

    @property
    def ready(self) -> bool:
        """Whether no item fails (items to ``check`` still need the reviewer's eye)."""
        return not any(item.verdict == "fail" for item in self.items)

    def to_dict(self) -> dict[str, Any]:
        """Return the review as plain data (for JSON output)."""
        return {
            "draft": self.draft,
            "kind": self.kind,
            "status": self.status,
            "name": self.name,
            "ready": self.ready,
            "items": [item.to_dict() for item in self.items],
        }

    def __str__(self) -> str:
        head = f"{self.draft} ({self.kind}, {self.status}): {self.name or '(no name)'}"
        lines = [head]
        for item in self.items:
            lines.append(f"  [{item.verdict:>5}] {item.name}")
            lines.extend(f"          {d}" for d in item.details)
        lines.append("  ready to approve" if self.ready else "  not ready: fix or reject the failed items")
        return "\n".join(lines)


def record_problems_of(
    draft: Draft, record_id: str | None = None, *, provenance: bool = False
) -> tuple[Any, list[Problem]]:
    """Structure a draft's record as its kind's class; return it (or ``None``) and every problem.

    With ``provenance``, fields the kind has for how a record came (``submitted``,
    ``channel``, ``attribution_consent``) are filled from the envelope where the record
    leaves them out.
    """
    from .._checks import record_problems
    from .._convert import structure_table

    label = str(draft.path) if draft.path else draft.id
    cls = KINDS.get(draft.envelope.kind)
    if cls is None:
        return None, [
            Problem(
                file=label,
                record=draft.id,
                field="envelope.kind",
                message=f"unknown kind of record {draft.envelope.kind!r}",
            )
        ]
    table = dict(draft.record)
    if record_id is not None:
        table["id"] = record_id
    if provenance:
        table = {**from_envelope(draft, cls), **table}
    record, problems = structure_table(table, cls, file=label, record=draft.id, prefix="record")
    if record is not None:
        problems.extend(
            Problem(file=label, record=draft.id, field=f"record.{f}", message=m)
            for f, m in record_problems(record)
        )
    return record, problems


def reference_problems(draft: Draft, record: Any, known: "Catalogue") -> list[Problem]:
    """Return the problems of a draft's record's references, against ``known`` (errors only)."""
    from .._catalogue import Catalogue

    label = str(draft.path) if draft.path else draft.id
    return [
        attrs.evolve(p, file=label, record=draft.id, field=f"record.{p.field}")
        for p in Catalogue([record]).check(known)
        if p.severity == "error"
    ]


def public_ids(known: "Catalogue | None") -> frozenset[str]:
    """Return the ids of the stakeholders who are the public (:data:`PUBLIC_CATEGORY`) in ``known``."""
    if known is None:
        return frozenset()
    return frozenset(s.id for s in known.stakeholders.values() if s.category == PUBLIC_CATEGORY)


def from_envelope(draft: Draft, cls: type) -> dict[str, Any]:
    """Return what the envelope says of a record's provenance, for the fields its kind has.

    ``submitted`` (the date it was received), ``channel`` (how) and ``attribution_consent``
    (whether the sender agreed to be named); nothing private, never the contact.
    """
    fields = attrs.fields_dict(cls)
    envelope = draft.envelope
    found: dict[str, Any] = {}
    day = envelope.received[:10]
    if "submitted" in fields and len(day) == 10 and day[4] == "-":  # noqa: PLR2004  (an ISO date)
        found["submitted"] = day
    if "channel" in fields and envelope.channel:
        found["channel"] = envelope.channel
    if "attribution_consent" in fields and envelope.consents.get("attribution") is True:
        found["attribution_consent"] = True
    return found


def _public_text(record: dict[str, Any]) -> str:
    parts = [record.get("plain"), record.get("summary"), record.get("name")]
    return "\n\n".join(p for p in parts if isinstance(p, str) and p.strip())


def _relevant(record: dict[str, Any]) -> Item:
    text = " ".join(str(v) for v in record.values()).casefold()
    found = [w for w in _TOPIC_WORDS if w in text]
    if found:
        return Item(name="relevant", verdict="check", details=(f"mentions: {', '.join(found[:5])}",))
    return Item(
        name="relevant", verdict="check", details=("mentions none of the usual words of involvement",)
    )


def _plain(record: dict[str, Any], measure: Callable[[str], Measure] | None) -> Item:
    text = _public_text(record)
    if not text:
        return Item(name="plain language", verdict="fail", details=("no public text (plain or summary)",))
    if measure is None:
        return Item(name="plain language", verdict="check", details=("not measured: read it yourself",))
    report = measure(text)
    details = [f"grade {report.grade:.1f} (aim for {PLAIN_GRADE:.0f} or below)"]
    details.extend(f"long sentence: {s[:100]}" for s in report.long_sentences[:3])
    jargon = getattr(report, "jargon", ())
    details.extend(f"jargon: {j}" for j in jargon[:5])
    ok = report.grade <= PLAIN_GRADE and not jargon
    return Item(name="plain language", verdict="pass" if ok else "check", details=tuple(details))


def _payment(kind: str, record: dict[str, Any], public: frozenset[str]) -> Item:
    if kind != "opportunity":
        return Item(name="payment and support", verdict="n/a")
    given = record.get("stakeholders")
    sought = {s for s in given if isinstance(s, str)} if isinstance(given, list | tuple) else set()
    if record.get("kind") not in (None, "role") or not sought & public:
        return Item(name="payment and support", verdict="n/a", details=("not a role asked of the public",))
    missing = [
        name
        for name, present in (
            ("payment", isinstance(record.get("payment"), dict) and bool(record["payment"])),
            ("expenses", "expenses" in record),
            ("support", bool(record.get("support"))),
        )
        if not present
    ]
    if missing:
        return Item(
            name="payment and support", verdict="fail", details=(f"not stated: {', '.join(missing)}",)
        )
    return Item(name="payment and support", verdict="pass")


def _closing(kind: str, record: dict[str, Any], today: dt.date) -> Item:
    if kind != "opportunity":
        return Item(name="closing date", verdict="n/a")
    closes = record.get("closes")
    if not isinstance(closes, str):
        return Item(name="closing date", verdict="fail", details=("no closing date",))
    try:
        date = dt.date.fromisoformat(closes)
    except ValueError:
        return Item(name="closing date", verdict="fail", details=(f"{closes!r} is not a date (YYYY-MM-DD)",))
    if date < today:
        return Item(name="closing date", verdict="fail", details=(f"closed on {date.isoformat()}",))
    if date == today:
        return Item(name="closing date", verdict="check", details=("closes today",))
    return Item(name="closing date", verdict="pass", details=(f"closes {date.isoformat()}",))


def review_draft(
    draft: Draft,
    *,
    measure: Callable[[str], Measure] | None = None,
    taken: Iterable[str] = (),
    known: "Catalogue | None" = None,
    today: dt.date | None = None,
) -> Review:
    """Apply the rubric to one draft.

    Parameters
    ----------
    draft : Draft
        The draft.
    measure : callable, optional
        Measures plain language (``participatory.readability``); without it, that item
        is left for the reviewer.
    taken : iterable of str
        Ids already used (by the catalogue the draft will go into, and other drafts).
    known : Catalogue, optional
        The records its references may name (the catalogue it will go into and what that
        extends); also which stakeholders are the public. Without it, references are not
        checked.
    today : date, optional
        The date closing dates are compared with (today by default).
    """
    today = today or dt.date.today()
    record = draft.record
    structured, problems = record_problems_of(draft)
    if structured is not None and known is not None:
        problems.extend(reference_problems(draft, structured, known))
    details = [f"{p.field}: {p.message}" for p in problems]
    rid = record.get("id")
    if isinstance(rid, str) and rid in set(taken):
        details.append(f"record.id: {rid!r} is already used; approve it with another id (--id)")
    personal = [f for f in find_personal_data(record, "record") if f.level == "flag"]
    items = (
        _relevant(record),
        Item(name="required fields", verdict="fail" if details else "pass", details=tuple(details)),
        _plain(record, measure),
        Item(
            name="no personal details",
            verdict="fail" if personal else "pass",
            details=tuple(str(f) for f in personal),
        ),
        _payment(draft.envelope.kind, record, public_ids(known)),
        _closing(draft.envelope.kind, record, today),
        Item(
            name="import notes",
            verdict="check" if draft.envelope.notes else "pass",
            details=draft.envelope.notes,
        ),
    )
    name = record.get("name")
    return Review(
        draft=draft.id,
        kind=draft.envelope.kind,
        status=draft.envelope.status,
        name=name if isinstance(name, str) else "",
        items=items,
    )
