"""Intake and moderation in files: form responses -> private drafts -> reviewed records.

The flow, each step a command that needs no server:

1. :func:`import_responses` turns a file of form responses (the site's own form
   download, or a CSV export of Microsoft Forms, JISC Online Surveys, Google Forms or
   Qualtrics, read through a mapping) into drafts in an inbox folder, each inside a
   private envelope (:mod:`._inbox`). The same response imported twice is skipped.
2. :func:`check_drafts` flags personal data (:mod:`._personal`).
3. :func:`review_drafts` measures each draft against the moderation rubric (:mod:`._review`).
4. :func:`approve` writes the published fields into a catalogue's TOML, keeping its
   comments and layout (:mod:`._approve`); :func:`decide` records the other decisions
   (needs more information, rejected, withdrawn). A decision deletes the contact.

The inbox is never read by a catalogue reader or the site build (see
:func:`participatory._io.is_inbox`).
"""

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from .. import _io
from .._errors import CatalogueNotFoundError, IntakeError, Problem

if TYPE_CHECKING:
    from .._catalogue import Catalogue
from .._schema import is_slug, slug_problem, slugify
from ._inbox import DECIDED, STATUSES, Draft, Envelope, Inbox, digest, now, plain
from ._mapping import apply_mapping, load_mapping
from ._personal import Finding, find_personal_data
from ._read import TOOLS, read_table
from ._review import RUBRIC, Measure, Review, record_problems_of, reference_problems, review_draft

__all__ = [
    "RUBRIC",
    "STATUSES",
    "TOOLS",
    "Approved",
    "Draft",
    "Envelope",
    "Finding",
    "ImportSummary",
    "Inbox",
    "Review",
    "approve",
    "check_drafts",
    "decide",
    "import_responses",
    "review_drafts",
]

#: The largest file of responses read, in bytes.
MAX_RESPONSES: Final = 256 * 1024 * 1024
_ID_LENGTH: Final = 60


@attrs.frozen(kw_only=True)
class ImportSummary:
    """What :func:`import_responses` did.

    Attributes
    ----------
    file : str
        The file read.
    channel : str
        The tool it came from (``site-form``, ``ms-forms``...).
    added : tuple of str
        Ids of the drafts written.
    duplicates : tuple of str
        One line for each response skipped as already in the inbox or the file.
    unread : tuple of str
        Headings of the columns no field was read from.
    notes : tuple of str
        What was assumed in reading the file, and what the import noticed.
    flagged : tuple of str
        Ids of new drafts with personal data to look at (``intake check``).
    """

    file: str
    channel: str
    added: tuple[str, ...] = ()
    duplicates: tuple[str, ...] = ()
    unread: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    flagged: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the summary as plain data (for JSON output)."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in attrs.asdict(self).items()}

    def __str__(self) -> str:
        n = len(self.added)
        lines = [f"{self.file}: {n} draft{'s' if n != 1 else ''} added ({self.channel})"]
        lines.extend(f"  added {d}" for d in self.added)
        lines.extend(f"  skipped {d}" for d in self.duplicates)
        if self.unread:
            lines.append(f"  columns not read: {', '.join(self.unread)}")
        lines.extend(f"  note: {n}" for n in self.notes)
        if self.flagged:
            lines.append(
                f"  {len(self.flagged)} with personal data to look at: run `participatory intake check`"
            )
        return "\n".join(lines)


def _read_responses(path: Path, label: str) -> bytes:
    if not path.exists():
        raise CatalogueNotFoundError(f"{label}: no such file")
    if path.is_dir():
        raise CatalogueNotFoundError(f"{label}: is a folder, not a file of responses")
    data, problem = _io.read_file(path, label, limit=MAX_RESPONSES)
    if data is None:
        raise IntakeError([problem] if problem else [], headline=f"{label}: cannot be read")
    return data


def _site_form(
    data: bytes, label: str, kind: str
) -> list[tuple[int, dict[str, Any], tuple[str, ...], dict[str, Any], tuple[str, ...]]]:
    """Return the records of a file the site's form made (``[[case]]`` tables), one response each."""
    doc, problem = _io.parse(data, label if label.endswith(".json") else label + ".toml")
    if problem is not None:
        raise IntakeError([attrs.evolve(problem, file=label)], headline=f"{label}: not a form's file")
    if not isinstance(doc, dict):
        raise IntakeError([Problem(file=label, message=f"expected [[{kind}]] tables at the top level")])
    found = doc.get(kind)
    tables: list[Any] = found if isinstance(found, list) else []
    others = sorted(k for k in doc if k != kind)
    problems = [
        Problem(
            file=label,
            record=k,
            message=f"a {k!r} table; only [[{kind}]] records are imported with --as {kind}",
        )
        for k in others
    ]
    if not tables:
        problems.append(Problem(file=label, message=f"holds no [[{kind}]] record"))
    elif not all(isinstance(t, dict) for t in tables):
        problems.append(Problem(file=label, field=kind, message=f"expected [[{kind}]] tables"))
    if problems:
        raise IntakeError(problems, headline=f"{label}: not a {kind} from the site's form")
    return [(i + 1, plain(t), (), {}, ()) for i, t in enumerate(tables)]


def _resolve(
    kind: str, record: dict[str, Any], names: "Catalogue | None", where: str
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """Turn answers that name records into their ids, where ``names`` knows them."""
    from .._kinds import REFERENCES

    if names is None:
        return record, ()
    notes: list[str] = []
    for field, target in REFERENCES.get(kind, {}).items():
        values = record.get(field)
        if not isinstance(values, list):
            continue
        known = names.of_kind(target)
        index = {
            slugify(n): rid for rid, rec in known.items() for n in (rec.name, *getattr(rec, "aliases", ()))
        }
        resolved = []
        for value in values:
            found = next(
                (
                    index.get(v) or (v if v in known else None)
                    for v in (str(value), str(value).removesuffix("s"))
                    if v in known or v in index
                ),
                None,
            )
            if found is None:
                notes.append(f"{where}: {field}: {value!r} is not a known {target}")
            if (found or value) not in resolved:
                resolved.append(found or value)
        record = {**record, field: resolved}
    return record, tuple(notes)


def _with_id(record: dict[str, Any]) -> dict[str, Any]:
    """Return the record with an id made from its name when it has none."""
    if isinstance(record.get("id"), str) and record["id"]:
        return record
    name = record.get("name")
    made = slugify(name if isinstance(name, str) else "")[:_ID_LENGTH].strip("-")
    return {"id": made or "untitled", **record}


def _draft_id(kind: str, record: dict[str, Any], taken: set[str]) -> str:
    name = record.get("name")
    base = f"{kind}-{slugify(name if isinstance(name, str) else '')[:_ID_LENGTH].strip('-') or 'untitled'}"
    draft_id, n = base, 2
    while draft_id in taken:
        draft_id, n = f"{base}-{n}", n + 1
    taken.add(draft_id)
    return draft_id


def import_responses(
    path: "str | Path",
    kind: str,
    inbox: "str | Path | Inbox",
    *,
    mapping: "str | Path | None" = None,
    tool: str | None = None,
    contact: str = "",
    consents: Iterable[str] = (),
    names: "Catalogue | None" = None,
) -> ImportSummary:
    """Turn a file of form responses into drafts in ``inbox`` (all of them, or none).

    Parameters
    ----------
    path : path-like
        A ``.toml`` file made by the site's form, or a CSV export of a survey tool.
    kind : str
        The kind of record each response proposes (``case``, ``opportunity``, ``answer``).
    inbox : path-like or Inbox
        The inbox folder (created if missing; its parent must exist).
    mapping : path-like, optional
        The mapping from column headings to fields (CSV only); the one shipped for
        ``kind`` when not given.
    tool : str, optional
        The survey tool that wrote the CSV (a key of ``TOOLS``); recognised when not given.
    contact : str
        How to reach the sender, for a file that does not say (a form's download sent by e-mail).
    consents : iterable of str
        What the sender agreed to (``publish``, ``attribution``...), for such a file.
    names : Catalogue, optional
        Where answers naming records ("Photovoice", "Carers") are looked up, to become
        their ids (``photovoice``, ``carer``); an answer not found is made a slug and noted.

    Raises
    ------
    IntakeError
        Listing every problem (file, row, column) when the file cannot be imported;
        nothing is written then.
    """
    from .._kinds import KINDS

    box = inbox if isinstance(inbox, Inbox) else Inbox(inbox)
    source = Path(path)
    label = str(path)
    if kind not in KINDS:
        from .._schema import did_you_mean

        raise IntakeError(
            [Problem(file=label, message=f"unknown kind of record {kind!r}{did_you_mean(kind, KINDS)}")]
        )
    data = _read_responses(source, label)
    notes: list[str] = []
    unread: list[str] = []
    if source.suffix.lower() in (".toml", ".json"):
        channel = "site-form"
        responses = _site_form(data, label, kind)
    else:
        shape = load_mapping(mapping, kind)
        table = read_table(data, label, tool or shape.tool or None)
        channel = table.tool.name
        notes.extend(table.notes)
        mapped, unread = apply_mapping(table, shape, label)
        responses = [
            (r.row, *_resolve(kind, r.record, names, f"row {r.row}"), r.envelope, r.notes) for r in mapped
        ]
    with box.locked():
        drafts, duplicates = _new_drafts(
            box, kind, responses, channel=channel, source=source, contact=contact, consents=consents
        )
        if drafts:
            box.add(drafts)
    flagged = [d.id for d in drafts if any(f.level == "flag" for f in find_personal_data(d.record))]
    return ImportSummary(
        file=label,
        channel=channel,
        added=tuple(d.id for d in drafts),
        duplicates=tuple(duplicates),
        unread=tuple(unread),
        notes=tuple(notes),
        flagged=tuple(flagged),
    )


def _new_drafts(
    box: Inbox,
    kind: str,
    responses: "list[tuple[int, dict[str, Any], tuple[str, ...], dict[str, Any], tuple[str, ...]]]",
    *,
    channel: str,
    source: Path,
    contact: str,
    consents: Iterable[str],
) -> tuple[list[Draft], list[str]]:
    """Return the drafts to add for ``responses``, and a line for each one already in the inbox."""
    existing, problems = box.drafts() if box.exists() else ([], [])
    if problems:
        raise IntakeError(problems, headline=f"{box.label}: drafts that cannot be read; fix them first")
    seen_digests = {d.envelope.digest: d.id for d in existing if d.envelope.digest}
    seen_responses = {
        (d.envelope.channel, d.envelope.response): d.id for d in existing if d.envelope.response
    }
    taken = {d.id for d in existing}
    received_now = now()
    drafts: list[Draft] = []
    duplicates: list[str] = []
    for row, given, resolved, envelope, row_notes in responses:
        if not given:
            duplicates.append(f"row {row}: no answers")
            continue
        record = _with_id(given)
        where = f"row {row}" if channel != "site-form" else f"{kind}[{row - 1}]"
        key = digest(kind, record)
        response = str(envelope.get("response", ""))
        same = seen_responses.get((channel, response)) if response else None
        same = same or seen_digests.get(key)
        if same is not None:
            duplicates.append(f"{where}: the same as draft {same}")
            continue
        draft_id = _draft_id(kind, record, taken)
        consent = envelope.get("consents", {})
        given_consents: dict[str, object] = dict.fromkeys(consents, True)
        given_consents.update(consent if isinstance(consent, dict) else {})
        bad_consents = [k for k, v in given_consents.items() if not isinstance(v, bool)]
        env = Envelope(
            id=draft_id,
            kind=kind,
            received=str(envelope.get("received") or received_now),
            channel=channel,
            source=source.name,
            row=row,
            response=response,
            digest=key,
            contact=str(envelope.get("contact") or contact),
            consents={str(k): v for k, v in given_consents.items() if isinstance(v, bool)},
            notes=(
                *row_notes,
                *resolved,
                *(f"{where}: consent {k!r} could not be read as yes or no" for k in bad_consents),
            ),
        )
        drafts.append(Draft(envelope=env, record=record))
        seen_digests[key] = draft_id
        if response:
            seen_responses[(channel, response)] = draft_id
    return drafts, duplicates


def _select(box: Inbox, ids: Sequence[str]) -> tuple[list[Draft], list[Problem]]:
    if ids:
        return [box.get(i) for i in ids], []
    return box.drafts()


def check_drafts(
    inbox: "str | Path | Inbox", ids: Sequence[str] = ()
) -> tuple[dict[str, list[Finding]], list[Problem]]:
    """Find personal data in drafts (their records and what their envelopes would publish).

    Returns
    -------
    (findings, problems)
        The findings of each draft by id (an empty list: nothing found), and a problem
        for each draft file that could not be read.
    """
    box = inbox if isinstance(inbox, Inbox) else Inbox(inbox)
    drafts, problems = _select(box, ids)
    return {d.id: find_personal_data(d.record, "record") for d in drafts}, problems


def review_drafts(
    inbox: "str | Path | Inbox",
    ids: Sequence[str] = (),
    *,
    measure: "Callable[[str], Measure] | None" = None,
    taken: Iterable[str] = (),
    known: "Catalogue | None" = None,
    decided: bool = False,
) -> tuple[list[Review], list[Problem]]:
    """Measure drafts against the rubric (:data:`RUBRIC`); decided ones only when ``decided``.

    ``taken`` are the ids of the catalogue the drafts would go into; ``known`` that
    catalogue with what it extends, to check references (see :func:`._review.review_draft`).
    """
    box = inbox if isinstance(inbox, Inbox) else Inbox(inbox)
    drafts, problems = _select(box, ids)
    if not ids and not decided:
        drafts = [d for d in drafts if d.envelope.status not in DECIDED]
    used = set(taken)
    counts: dict[str, int] = {}
    for d in drafts:
        rid = d.record.get("id")
        if isinstance(rid, str):
            counts[rid] = counts.get(rid, 0) + 1
    reviews = []
    for d in drafts:
        rid = d.record.get("id")
        others = {rid} if isinstance(rid, str) and counts.get(rid, 0) > 1 else set()
        reviews.append(review_draft(d, measure=measure, taken=used | others, known=known))
    return reviews, problems


@attrs.frozen(kw_only=True)
class Approved:
    """Where :func:`approve` wrote a record."""

    draft: str
    record: str
    file: Path
    already: bool = False

    def __str__(self) -> str:
        if self.already:
            return f"{self.draft}: {self.record} was already in {self.file}; the draft is marked approved"
        return f"{self.draft}: approved as {self.record} in {self.file}"


def _decided(draft: Draft, status: str, reviewer: str, reasons: Iterable[str], **changes: Any) -> Draft:
    values = {
        "status": status,
        "reviewer": reviewer,
        "reasons": (*draft.envelope.reasons, *(r for r in reasons if r.strip())),
        "decided": now(),
    }
    envelope = attrs.evolve(draft.envelope, **(values | changes))
    return attrs.evolve(draft, envelope=envelope)


def _open(draft: Draft, label: str) -> None:
    if draft.envelope.status in DECIDED:
        where = f" ({draft.envelope.published})" if draft.envelope.published else ""
        msg = f"was already {draft.envelope.status}{where}; import a new submission to change it"
        raise IntakeError([Problem(file=label, record=draft.id, field="envelope.status", message=msg)])


def decide(
    inbox: "str | Path | Inbox",
    draft_id: str,
    status: str,
    *,
    reasons: Sequence[str] = (),
    reviewer: str = "",
) -> Draft:
    """Record a decision other than approval: ``needs-info``, ``rejected`` or ``withdrawn``.

    ``rejected`` and ``withdrawn`` delete the contact (a decision is made); ``withdrawn``
    deletes the proposed record too, since its sender took it back. ``needs-info``
    keeps the contact, to ask for what is missing.
    """
    box = inbox if isinstance(inbox, Inbox) else Inbox(inbox)
    with box.locked():
        return _decide_locked(box, draft_id, status, reasons, reviewer)


def _decide_locked(box: Inbox, draft_id: str, status: str, reasons: Sequence[str], reviewer: str) -> Draft:
    draft = box.get(draft_id)
    label = str(draft.path)
    if status not in ("needs-info", "rejected", "withdrawn"):
        raise IntakeError(
            [Problem(file=label, record=draft_id, message=f"cannot set the status {status!r} here")]
        )
    _open(draft, label)
    if status in ("needs-info", "rejected") and not any(r.strip() for r in reasons):
        raise IntakeError(
            [
                Problem(
                    file=label,
                    record=draft_id,
                    field="envelope.reasons",
                    message=f"say why it is {status} (--reason)",
                )
            ]
        )
    if status == "needs-info":
        changed = _decided(draft, status, reviewer, reasons, decided="")
    elif status == "rejected":
        changed = _decided(draft, status, reviewer, reasons, contact="")
    else:
        changed = attrs.evolve(_decided(draft, status, reviewer, reasons, contact="", notes=()), record={})
    return box.save(changed)


def approve(
    inbox: "str | Path | Inbox",
    draft_id: str,
    into: "str | Path",
    *,
    record_id: str | None = None,
    file: str | None = None,
    reviewer: str = "",
    accept: str = "",
) -> Approved:
    """Write a draft's record into the catalogue at ``into`` and mark the draft approved.

    The record must be valid, its references must resolve (in the catalogue and what it
    extends), its id must be free, and it must hold no personal data unless ``accept``
    says why that is acceptable (kept in the envelope's reasons). The catalogue file is
    written first, then the draft (without its contact): approving again after a crash
    between the two finishes the job.

    Raises
    ------
    IntakeError
        Listing every problem; nothing is written then.
    """
    box = inbox if isinstance(inbox, Inbox) else Inbox(inbox)
    with box.locked():
        return _approve_locked(
            box, draft_id, Path(into), record_id=record_id, file=file, reviewer=reviewer, accept=accept
        )


def _approve_locked(
    box: Inbox,
    draft_id: str,
    folder: Path,
    *,
    record_id: str | None,
    file: str | None,
    reviewer: str,
    accept: str,
) -> Approved:
    from .._catalogue import Catalogue
    from .._convert import unstructure
    from .._registry import current_registry
    from ._approve import target_file, write_record

    into = str(folder)
    draft = box.get(draft_id)
    label = str(draft.path)
    _open(draft, label)
    if not folder.is_dir():
        raise CatalogueNotFoundError(f"{into}: no such catalogue folder")
    if _io.is_inbox(folder):
        raise IntakeError([Problem(file=str(into), message="is an inbox, not a catalogue")])
    rid = record_id or draft.record.get("id")
    if not isinstance(rid, str) or not is_slug(rid):
        msg = slug_problem(rid) if isinstance(rid, str) else "the record has no id; give one with --id"
        raise IntakeError([Problem(file=label, record=draft_id, field="record.id", message=msg or "")])
    if draft.envelope.consents.get("publish") is False:
        raise IntakeError(
            [
                Problem(
                    file=label,
                    record=draft_id,
                    field="envelope.consents.publish",
                    message="the sender did not agree to publication",
                )
            ]
        )
    record, problems = record_problems_of(draft, rid)
    flags = [f for f in find_personal_data(draft.record, "record") if f.level == "flag"]
    if flags and not accept.strip():
        problems.extend(
            Problem(
                file=label,
                record=draft_id,
                field=f.field,
                message=f"{f.what}; remove it from the draft, or approve with --accept-flags REASON",
            )
            for f in flags
        )
    if record is None or problems:
        raise IntakeError(problems, headline=f"{draft_id}: cannot be approved")
    cat = Catalogue.from_path(folder)
    if rid in cat:
        if cat[rid] != record:
            close = f"{rid}-2"
            raise IntakeError(
                [
                    Problem(
                        file=str(folder),
                        record=draft_id,
                        field="record.id",
                        message=f"{rid!r} is already used in the catalogue; try --id {close}",
                    )
                ]
            )
        already = True
        written = Path(cat.origin(rid).file or folder)
    else:
        context, found = current_registry().extends_context(cat)
        wrong = [attrs.evolve(p, file=label, record=draft_id) for p in found]
        wrong.extend(reference_problems(draft, record, context.merge(cat) if context is not None else cat))
        if wrong:
            raise IntakeError(wrong, headline=f"{draft_id}: cannot be approved")
        written = target_file(folder, draft.envelope.kind, file)
        write_record(written, draft.envelope.kind, unstructure(record))
        already = False
    reasons = [f"approved with personal data: {accept.strip()}"] if flags else []
    published = f"{written.name}: {rid}"
    box.save(_decided(draft, "approved", reviewer, reasons, contact="", published=published))
    return Approved(draft=draft_id, record=rid, file=written, already=already)
