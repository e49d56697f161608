"""Reading catalogue files: parse, structure every record, collect every problem.

The loader turns files into records and located problems; it knows nothing of the
:class:`~participatory.Catalogue` built from them (``Catalogue.from_path`` does that),
so data flows one way: files -> converter -> records -> Catalogue.
"""

import gc
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from . import _io
from ._checks import id_problem, info_problems, record_problems
from ._errors import CatalogueNotFoundError, Problem
from ._kinds import KINDS, kinds
from ._model import CatalogueInfo, Origin, Record
from ._schema import nearest, table_hint

if TYPE_CHECKING:  # importlib.resources is slow to import; only needed for non-path sources
    from importlib.resources.abc import Traversable

    from ._fast import Decoded

__all__ = ["Loaded", "catalogue_sources", "paused_gc", "read_document", "read_records", "record_label"]

#: Table names people write by mistake, and the table they mean.
_MISTAKES: Final = {"metadata": "catalogue", "catalog": "catalogue"}


def _plurals() -> dict[str, str]:
    """Each declared kind's plural (``[[cases]]``), and the singular table it should be."""
    return {k.plural: k.name for k in kinds()} | _MISTAKES


@attrs.frozen
class Loaded:
    """What the files of one catalogue hold.

    Attributes
    ----------
    info : CatalogueInfo or None
        The ``[catalogue]`` table, when one could be read.
    records : tuple of Record
        The records that were structured, first definition of each id only.
    origins : mapping of id to Origin
        The file each record came from.
    problems : tuple of Problem
        Every problem found in the files.
    checked_only : tuple of Record
        Records that have problems of their own but could be partly structured: their
        references are checked too, and their ids count as known.
    known : mapping of id to kind
        Ids of records that could not be structured at all, with their kind, so that
        references to them are not reported as unknown.
    info_file : str or None
        The file the ``[catalogue]`` table was read from.
    """

    info: CatalogueInfo | None
    records: tuple[Record, ...]
    origins: Mapping[str, Origin]
    problems: tuple[Problem, ...]
    checked_only: tuple[Record, ...] = ()
    known: Mapping[str, str] = attrs.Factory(dict)
    info_file: str | None = None


def record_label(kind: str, index: int, item: object) -> str:
    """How problems name a record: its id when it has a usable one, else ``kind[index]``."""
    if isinstance(item, dict):
        rid = item.get("id")
        if isinstance(rid, str) and rid.strip():
            return rid
    return f"{kind}[{index}]"


def _files(
    path: "str | os.PathLike[str] | Traversable", problems: list[Problem]
) -> list[tuple[str, "Traversable"]]:
    root: Traversable
    if isinstance(path, Path):
        root = path
    else:
        from importlib.resources import abc

        root = path if isinstance(path, abc.Traversable) else Path(path)
    label = os.fspath(path) if isinstance(path, str | os.PathLike) else str(path)
    if _io.is_inbox(root) or (root.is_file() and isinstance(root, Path) and _io.is_inbox(root.parent)):
        msg = f"{label}: is in an intake inbox, which is private and never read as a catalogue"
        raise CatalogueNotFoundError(msg)
    if root.is_file() or (isinstance(root, Path) and root.exists() and not root.is_dir()):
        # a FIFO or device too: reading it says why it is refused
        if not root.name.endswith(_io.FORMATS):
            msg = f"{label}: not a catalogue file (expected .toml or .json)"
            raise CatalogueNotFoundError(msg)
        return [(label, root)]
    if not root.is_dir():
        msg = f"{label}: no such file or directory"
        raise CatalogueNotFoundError(msg)
    files = list(_io.catalogue_files(root, label.rstrip("/"), problems))
    if not files and not problems:
        msg = f"{label}: holds no catalogue file (.toml or .json)"
        raise CatalogueNotFoundError(msg)
    return files


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a catalogue is read.

    Reading makes many objects and frees few, so each automatic collection would walk
    every object made so far for nothing: about a quarter of a large load. Records hold
    no reference cycles; the collector is resumed (if it was on) however the block ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_bytes(source: "Traversable", label: str) -> tuple[bytes | None, list[Problem]]:
    """Read one file through the one bounded reading rule (regular files, a size limit)."""
    data, problem = _io.read_file(source, label)
    if data is None:
        return None, [problem] if problem is not None else []
    return data, []


def _parse(data: bytes, label: str) -> tuple[Any, list[Problem]]:
    from ._convert import describe

    doc, problem = _io.parse(data, label)
    if problem is not None:
        return None, [problem]
    if not isinstance(doc, dict):
        return None, [Problem(file=label, message=f"expected a table at the top level, got {describe(doc)}")]
    return doc, []


def read_document(source: "Traversable", label: str) -> tuple[Any, list[Problem]]:
    """Read and parse one file; return the document or a problem with line and column."""
    data, problems = _read_bytes(source, label)
    if data is None:
        return None, problems
    return _parse(data, label)


@attrs.define
class _Reading:
    """What reading the files has found so far."""

    info: CatalogueInfo | None = None
    info_file: str = ""
    records: list[tuple[Record, str]] = attrs.Factory(list)
    checked_only: list[tuple[Record, str]] = attrs.Factory(list)
    known: dict[str, str] = attrs.Factory(dict)
    problems: list[Problem] = attrs.Factory(list)

    def document(self, doc: Mapping[str, Any], label: str) -> None:
        for key, value in doc.items():
            if key == "catalogue":
                self._info(value, label)
                continue
            cls = KINDS.get(key)
            if cls is None:
                guess = _plurals().get(key) or nearest(key, [*KINDS, "catalogue"])
                hint = table_hint(guess, KINDS)
                self.problems.append(Problem(file=label, field=key, message=f"unknown table {key!r}{hint}"))
                continue
            if not isinstance(value, list):
                from ._convert import describe

                self.problems.append(
                    Problem(
                        file=label,
                        field=key,
                        message=f"expected an array of tables ([[{key}]]), got {describe(value)}",
                    )
                )
                continue
            for i, item in enumerate(value):
                self._record(key, cls, i, item, label)

    def decoded(self, tables: "Decoded", label: str) -> None:
        """Take in a document the fast path decoded: the same records and problems as :meth:`document`."""
        problems = self.problems
        for key, value in tables:
            if isinstance(value, CatalogueInfo):
                if self._first_info(label):
                    problems.extend(Problem(file=label, field=f, message=m) for f, m in info_problems(value))
                    self.info = value
                continue
            for i, rec in enumerate(value):
                label_id = rec.id if rec.id.strip() else f"{key}[{i}]"  # as record_label() names it
                problems.extend(
                    Problem(file=label, record=label_id, field=f, message=m)
                    for f, m in record_problems(rec, typed=True)  # (made by the fast path's decoder)
                )
                self.records.append((rec, label))

    def _first_info(self, label: str) -> bool:
        """Whether a ``[catalogue]`` table in ``label`` is the first one read (else, a problem)."""
        if self.info_file:
            self.problems.append(
                Problem(
                    file=label,
                    field="catalogue",
                    message=f"a second [catalogue] table; the first is in {self.info_file}",
                )
            )
            return False
        self.info_file = label
        return True

    def _info(self, value: object, label: str) -> None:
        from ._convert import salvage, structure_table

        if not self._first_info(label):
            return
        info, found = structure_table(value, CatalogueInfo, file=label, record="-", prefix="catalogue")
        self.problems.extend(found)
        checked = info if info is not None else salvage(value, CatalogueInfo, found, "catalogue.")
        if checked is not None:
            self.problems.extend(Problem(file=label, field=f, message=m) for f, m in info_problems(checked))
        self.info = info

    def _record(self, kind: str, cls: type[Record], i: int, item: object, label: str) -> None:
        from ._convert import salvage, structure_table

        label_id = record_label(kind, i, item)
        rec, found = structure_table(item, cls, file=label, record=label_id)
        self.problems.extend(found)
        has_id = isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"].strip()
        checked = rec if rec is not None else (salvage(item, cls, found) if has_id else None)
        if checked is not None:
            bad = {p.field.split(".")[0].split("[")[0] for p in found}
            self.problems.extend(
                Problem(file=label, record=label_id, field=f, message=m)
                for f, m in record_problems(checked)
                if f.split(".")[0].split("[")[0] not in bad
            )
        if rec is not None:
            self.records.append((rec, label))
        elif checked is not None:
            self.checked_only.append((checked, label))
        elif isinstance(item, dict):
            rid = item.get("id")
            if isinstance(rid, str):
                if (msg := id_problem(rid)) is not None and not any(p.field == "id" for p in found):
                    self.problems.append(Problem(file=label, record=label_id, field="id", message=msg))
                self.known.setdefault(rid, kind)


def catalogue_sources(path: "str | os.PathLike[str] | Traversable") -> list[tuple[str, "Traversable"]]:
    """Return ``(label, file)`` for every file of the catalogue at ``path``, as the reader reads them.

    Raises
    ------
    CatalogueNotFoundError
        If ``path`` does not exist or holds no catalogue file.
    """
    return _files(path, [])


def read_records(
    path: "str | os.PathLike[str] | Traversable", decoded: "Mapping[str, Decoded] | None" = None
) -> Loaded:
    """Read and structure every file of a catalogue; see :meth:`Catalogue.from_path`.

    ``decoded`` holds documents already decoded into records, by file label (the
    built-in catalogue's snapshot); those files are not read again.

    Raises
    ------
    CatalogueNotFoundError
        If ``path`` does not exist or holds no catalogue file.
    """
    from . import _fast

    reading = _Reading()
    files = _files(path, reading.problems)
    unreadable = bool(reading.problems)
    for label, source in files:
        if decoded is not None and label in decoded:
            reading.decoded(decoded[label], label)
            continue
        data, found = _read_bytes(source, label)
        doc = None
        if data is not None:
            if _fast.AVAILABLE and label.endswith(".json") and (tables := _fast.decode_document(data)):
                reading.decoded(tables, label)
                continue
            doc, found = _parse(data, label)
        reading.problems.extend(found)
        if doc is None:
            unreadable = True
            continue
        reading.document(doc, label)
    problems = reading.problems
    if not reading.info_file and not unreadable:
        problems.append(
            Problem(
                file=files[0][0] if len(files) == 1 else str(path),
                field="catalogue",
                message='no [catalogue] table; add one with at least name = "..."',
            )
        )
    name = reading.info.name if reading.info is not None else "unnamed"
    by_file: dict[str, Origin] = {}
    origins: dict[str, Origin] = {}
    seen: dict[str, tuple[Record, str]] = {}
    unique: list[Record] = []
    checked_only: list[Record] = []
    tagged = [(rec, label, True) for rec, label in reading.records]
    tagged += [(rec, label, False) for rec, label in reading.checked_only]
    for rec, label, whole in tagged:
        if rec.id in seen:
            first, first_label = seen[rec.id]
            where = "earlier in this file" if first_label == label else f"in {first_label}"
            problems.append(
                Problem(
                    file=label,
                    record=rec.id,
                    field="id",
                    message=f"duplicate id: a {first.record_kind} with this id is defined {where}",
                )
            )
            continue
        seen[rec.id] = (rec, label)
        origin = by_file.get(label)
        if origin is None:
            origin = by_file[label] = Origin(catalogue=name, file=label)
        origins[rec.id] = origin
        (unique if whole else checked_only).append(rec)
    return Loaded(
        info=reading.info,
        records=tuple(unique),
        origins=origins,
        problems=tuple(problems),
        checked_only=tuple(checked_only),
        known=reading.known,
        info_file=reading.info_file or None,
    )
