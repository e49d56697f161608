"""The inbox: one file a draft, each a proposed record inside a private envelope.

An inbox is a folder marked by a file named :data:`~participatory._io.INBOX_MARKER`.
Catalogue readers skip a marked folder and refuse to read one given to them, so a draft
(and the contact in its envelope) is never loaded, built into a site or exported, even
when the inbox sits inside a catalogue's folder.

A draft file is TOML::

    [envelope]
    id = "case-walking-with-carers"
    kind = "case"
    received = "2026-12-01T10:15:32"
    channel = "ms-forms"
    contact = "..."            # deleted when a decision is made
    consents = { publish = true }
    status = "received"        # received, needs-info, approved, rejected, withdrawn

    [record]
    name = "Walking with carers"
    ...

Every change is atomic: adding drafts replaces the whole folder in one step
(:func:`~participatory._io.write_tree`), changing one replaces its file
(:func:`~participatory._io.atomic_write`), so a crash leaves the inbox as it was.
"""

import contextlib
import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final, Literal

import attrs

from .. import _io
from .._errors import CatalogueNotFoundError, IntakeError, Problem, UnknownIdError

__all__ = ["STATUSES", "Draft", "Envelope", "Inbox", "digest"]

Status = Literal["received", "needs-info", "approved", "rejected", "withdrawn"]
#: A draft's statuses, in the order a draft moves through them.
STATUSES: Final[tuple[Status, ...]] = ("received", "needs-info", "approved", "rejected", "withdrawn")
#: Statuses after which a draft is not reviewed again.
DECIDED: Final = frozenset({"approved", "rejected", "withdrawn"})
_HEADER: Final = (
    "# PRIVATE: a submission waiting for review (participatory intake). Never publish this file.\n"
    "# Only the [record] table is published, after review, by `participatory intake approve`.\n\n"
)
_MARKER_TEXT: Final = (
    "This folder is a participatory intake inbox. It holds submissions and the contact\n"
    "details of the people who sent them: it is private. Catalogue readers and the site\n"
    "build never read it. Do not publish it or commit it to a public repository.\n"
)


@attrs.frozen(kw_only=True)
class Envelope:
    """What is known of a submission besides the record it proposes; never published.

    Parameters
    ----------
    id : str
        The draft's id in the inbox (a slug).
    kind : str
        The kind of record proposed (``case``, ``opportunity``, ``answer``).
    received : str
        When it was sent (ISO 8601), or as the form wrote it.
    channel : str
        How it came: ``site-form`` or a survey tool's name (``ms-forms``...).
    source : str
        The file it was imported from (its name only).
    row : int or None
        Its line in that file.
    response : str
        The tool's id of the response, used to spot the same response imported twice.
    digest : str
        A digest of the record as received, used to spot duplicate submissions.
    contact : str
        How to reach the person who sent it; deleted when a decision is made.
    consents : mapping of str to bool
        What they agreed to (``publish``, ``attribution``, ``contact``).
    status : str
        ``received``, ``needs-info``, ``approved``, ``rejected`` or ``withdrawn``.
    reviewer : str
        Who made the last decision.
    reasons : tuple of str
        Why (for ``needs-info`` and ``rejected`` above all).
    notes : tuple of str
        What the import noticed (a formula-like cell, an answer it could not read).
    decided : str
        When the decision was made (ISO 8601).
    published : str
        Where an approved record was written (``file: id``).
    """

    id: str
    kind: str
    received: str
    channel: str
    source: str = ""
    row: int | None = None
    response: str = ""
    digest: str = ""
    contact: str = ""
    consents: dict[str, bool] = attrs.field(factory=dict)
    status: Status = "received"
    reviewer: str = ""
    reasons: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    decided: str = ""
    published: str = ""


@attrs.frozen(kw_only=True)
class Draft:
    """A proposed record in its envelope, and the file it is kept in.

    Attributes
    ----------
    envelope : Envelope
        The private part.
    record : dict
        The proposed record as a table of plain values, as it would be written to a
        catalogue file.
    path : Path or None
        Its file in the inbox, once written.
    """

    envelope: Envelope
    record: dict[str, Any]
    path: Path | None = None

    @property
    def id(self) -> str:
        """The draft's id."""
        return self.envelope.id

    def to_toml(self) -> str:
        """Return the draft as the text of its file."""
        from .._convert import unstructure

        envelope = unstructure(self.envelope)
        envelope.setdefault("status", self.envelope.status)
        return _HEADER + _io.toml_dumps({"envelope": envelope, "record": plain(self.record)})


def plain(value: Any) -> Any:
    """Turn TOML dates and times into ISO text, tuples into lists (what a draft file holds)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return value


def digest(kind: str, record: Mapping[str, Any]) -> str:
    """Return a short digest of a proposed record, the same for the same content."""
    text = json.dumps([kind, plain(dict(record))], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def now() -> str:
    """Return the time now, in UTC, to the second (ISO 8601)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


class Inbox:
    """A folder of drafts (see the module's description).

    Parameters
    ----------
    path : path-like
        The folder. It need not exist until drafts are added, but its parent must.
    """

    def __init__(self, path: "str | Path") -> None:
        self.path = Path(path)

    def __repr__(self) -> str:
        return f"Inbox({str(self.path)!r})"

    @property
    def label(self) -> str:
        """The folder, as problems name it."""
        return str(self.path)

    @contextlib.contextmanager
    def locked(self) -> "Iterator[None]":
        """Hold the inbox's lock: one change at a time (an import, a decision), so none is lost.

        The lock is a file beside the inbox (``.NAME.lock``: the inbox itself is replaced
        whole by an import), held with ``flock`` where the system has it, and released
        however the block ends, even when the process is killed.
        """
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks; one reviewer at a time
            yield
            return
        lock = self.path.parent / f".{self.path.name}.lock"
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as e:
            raise IntakeError(
                [Problem(file=str(lock), message=f"cannot lock the inbox: {e.strerror or e}")]
            ) from e
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def exists(self) -> bool:
        """Whether the folder is an inbox."""
        return _io.is_inbox(self.path)

    def _check_folder(self) -> None:
        if self.path.is_symlink():
            raise IntakeError(
                [Problem(file=self.label, message="is a symbolic link; give the folder it names")]
            )
        if self.path.exists() and not self.path.is_dir():
            raise IntakeError([Problem(file=self.label, message="exists and is not a folder")])
        if self.path.is_dir() and not self.exists() and any(self.path.iterdir()):
            msg = (
                f"is not an intake inbox (it has no {_io.INBOX_MARKER} file) and is not empty; "
                "give a new or empty folder"
            )
            raise IntakeError([Problem(file=self.label, message=msg)])

    def drafts(self) -> tuple[list[Draft], list[Problem]]:
        """Every readable draft, in id order, and a located problem for each file that is not."""
        if not self.path.is_dir():
            raise CatalogueNotFoundError(f"{self.label}: no such inbox (import some responses first)")
        if not self.exists():
            raise CatalogueNotFoundError(f"{self.label}: is not an intake inbox (no {_io.INBOX_MARKER} file)")
        drafts: list[Draft] = []
        problems: list[Problem] = []
        for file in sorted(self.path.iterdir(), key=lambda p: p.stem):
            if file.name.startswith((".", "_")) or file.suffix != ".toml":
                continue
            draft, found = read_draft(file)
            problems.extend(found)
            if draft is not None:
                drafts.append(draft)
        return drafts, problems

    def get(self, draft_id: str) -> Draft:
        """Return the draft with this id.

        Raises
        ------
        UnknownIdError
            If there is none (the message suggests the nearest ids).
        IntakeError
            If its file cannot be read.
        """
        file = self.path / f"{draft_id}.toml"
        if "/" in draft_id or "\\" in draft_id or draft_id.startswith(".") or not file.is_file():
            from .._schema import nearest

            drafts, _ = self.drafts()
            close = nearest(draft_id, [d.id for d in drafts])
            raise UnknownIdError(draft_id, [close] if close else [], reason="")
        draft, problems = read_draft(file)
        if draft is None:
            raise IntakeError(problems, headline=f"{file}: the draft cannot be read")
        return draft

    def add(self, drafts: Iterable[Draft]) -> list[Path]:
        """Write new drafts, all or none: the inbox is replaced in one step."""
        self._check_folder()
        files = {_io.INBOX_MARKER: _MARKER_TEXT}
        for draft in drafts:
            files[f"{draft.id}.toml"] = draft.to_toml()
        _io.write_tree(self.path, files, keep_others=True)
        return [self.path / name for name in files if name != _io.INBOX_MARKER]

    def save(self, draft: Draft) -> Draft:
        """Replace one draft's file (atomically); return the draft with its path."""
        file = self.path / f"{draft.id}.toml"
        _io.atomic_write(file, draft.to_toml())
        return attrs.evolve(draft, path=file)


def read_draft(file: Path) -> tuple[Draft | None, list[Problem]]:
    """Read one draft file; return the draft, or ``None`` and located problems."""
    from .._convert import structure_table

    label = str(file)
    data, problem = _io.read_file(file, label, limit=16 * 1024 * 1024)
    if data is None:
        return None, [problem] if problem else []
    doc, problem = _io.parse(data, label)
    if problem is not None:
        return None, [problem]
    if not isinstance(doc, dict) or not isinstance(doc.get("envelope"), dict):
        return None, [Problem(file=label, message="not a draft: it has no [envelope] table")]
    record = doc.get("record", {})
    if not isinstance(record, dict):
        return None, [Problem(file=label, field="record", message="expected a table")]
    envelope, problems = structure_table(
        doc["envelope"], Envelope, file=label, record=file.stem, prefix="envelope"
    )
    if envelope is not None and envelope.id != file.stem:
        problems.append(
            Problem(
                file=label,
                record=file.stem,
                field="envelope.id",
                message=f"is {envelope.id!r} but the file is named {file.name!r}; rename one to match",
            )
        )
    if envelope is None or problems:
        return None, problems
    extra = sorted(set(doc) - {"envelope", "record"})
    if extra:
        return None, [
            Problem(file=label, record=file.stem, field=extra[0], message="unknown table in a draft")
        ]
    return Draft(envelope=envelope, record=plain(record), path=file), []
