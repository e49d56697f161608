"""Reading catalogue files: parse, structure every record, collect every problem."""

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import _io
from ._catalogue import Catalogue, CatalogueInfo, Origin, record_problems
from ._convert import CONVERTER, error_paths, nearest
from ._errors import CatalogueNotFoundError, CatalogueValidationError, Problem
from ._model import KINDS, Record

if TYPE_CHECKING:  # importlib.resources is slow to import; only needed for non-path sources
    from importlib.resources.abc import Traversable

__all__ = ["read_catalogue", "read_document", "record_label", "structure_table"]

T = TypeVar("T")
_PLURALS = {kind + "s": kind for kind in KINDS} | {"metadata": "catalogue", "catalog": "catalogue"}


def record_label(kind: str, index: int, item: object) -> str:
    """How problems name a record: its id when it has a usable one, else ``kind[index]``."""
    if isinstance(item, dict):
        rid = item.get("id")
        if isinstance(rid, str) and rid.strip():
            return rid
    return f"{kind}[{index}]"


def structure_table(
    data: object, cls: type[T], *, file: str, record: str, prefix: str = ""
) -> tuple[T | None, list[Problem]]:
    """Structure one table into ``cls``; on failure return every problem, located."""
    try:
        return CONVERTER.structure(data, cls), []
    except Exception as exc:  # noqa: BLE001  (every converter error becomes a located problem)
        problems = [
            Problem(file=file, record=record, field=_join(prefix, field), message=message)
            for field, message in error_paths(exc, "", cls)
        ]
        return None, problems


def _join(prefix: str, field: str) -> str:
    if not prefix:
        return field
    return prefix if field == "-" else f"{prefix}.{field}"


def _walk(root: "Traversable", label: str) -> Iterator[tuple[str, "Traversable"]]:
    for child in sorted(root.iterdir(), key=lambda t: t.name):
        if child.name.startswith((".", "_")):
            continue
        child_label = f"{label}/{child.name}"
        if child.is_dir():
            yield from _walk(child, child_label)
        elif child.name.endswith(_io.FORMATS):
            yield child_label, child


def _files(path: "str | os.PathLike[str] | Traversable") -> list[tuple[str, "Traversable"]]:
    root: Traversable
    if isinstance(path, Path):
        root = path
    else:
        from importlib.resources import abc

        root = path if isinstance(path, abc.Traversable) else Path(path)
    label = os.fspath(path) if isinstance(path, str | os.PathLike) else str(path)
    if root.is_file():
        if not root.name.endswith(_io.FORMATS):
            msg = f"{label}: not a catalogue file (expected .toml or .json)"
            raise CatalogueNotFoundError(msg)
        return [(label, root)]
    if not root.is_dir():
        msg = f"{label}: no such file or directory"
        raise CatalogueNotFoundError(msg)
    files = list(_walk(root, label.rstrip("/")))
    if not files:
        msg = f"{label}: holds no catalogue file (.toml or .json)"
        raise CatalogueNotFoundError(msg)
    return files


def read_document(source: "Traversable", label: str) -> tuple[Any, list[Problem]]:
    """Read and parse one file; return the document or a problem with line and column."""
    try:
        data = source.read_bytes()
    except OSError as e:
        return None, [Problem(file=label, message=f"cannot read: {e.strerror or e}")]
    doc, problem = _io.parse(data, label)
    if problem is not None:
        return None, [problem]
    if not isinstance(doc, dict):
        return None, [Problem(file=label, message=f"expected a table at the top level, got {_what(doc)}")]
    return doc, []


def _what(doc: object) -> str:
    from ._convert import describe

    return describe(doc)


def _structure_document(
    doc: Mapping[str, Any], label: str
) -> tuple[CatalogueInfo | None, list[tuple[Record, str]], list[Problem]]:
    info: CatalogueInfo | None = None
    records: list[tuple[Record, str]] = []
    problems: list[Problem] = []
    for key, value in doc.items():
        if key == "catalogue":
            info, found = structure_table(value, CatalogueInfo, file=label, record="-", prefix="catalogue")
            problems.extend(found)
            if info is not None:
                problems.extend(_info_problems(info, label))
            continue
        cls = KINDS.get(key)
        if cls is None:
            guess = _PLURALS.get(key) or nearest(key, [*KINDS, "catalogue"])
            hint = (
                f"; did you mean [[{guess}]]?"
                if guess in KINDS
                else (f"; did you mean [{guess}]?" if guess else "")
            )
            problems.append(Problem(file=label, field=key, message=f"unknown table {key!r}{hint}"))
            continue
        if not isinstance(value, list):
            problems.append(
                Problem(
                    file=label,
                    field=key,
                    message=f"expected an array of tables ([[{key}]]), got {_what(value)}",
                )
            )
            continue
        for i, item in enumerate(value):
            label_id = record_label(key, i, item)
            rec, found = structure_table(item, cls, file=label, record=label_id)
            problems.extend(found)
            if rec is None and isinstance(item, dict):
                problems.extend(_raw_id_problems(item, label, label_id))
            if rec is not None:
                problems.extend(
                    Problem(file=label, record=label_id, field=f, message=m) for f, m in record_problems(rec)
                )
                records.append((rec, label))
    return info, records, problems


def _raw_id_problems(item: Mapping[str, Any], label: str, label_id: str) -> Iterator[Problem]:
    """Check the id of a record that could not be structured, so its problem is not hidden."""
    from ._catalogue import is_slug, slugify

    rid = item.get("id")
    if isinstance(rid, str) and not is_slug(rid):
        hint = f"; try {slugify(rid)!r}" if slugify(rid) else ""
        yield Problem(
            file=label,
            record=label_id,
            field="id",
            message=f"{rid!r} is not a valid id (use lowercase letters, digits and single hyphens{hint})",
        )


def _info_problems(info: CatalogueInfo, label: str) -> Iterator[Problem]:
    from ._catalogue import is_slug

    if not is_slug(info.name):
        yield Problem(
            file=label,
            field="catalogue.name",
            message=f"{info.name!r} is not a valid catalogue name (lowercase letters, digits and hyphens)",
        )
    for i, name in enumerate(info.extends):
        if name == info.name:
            yield Problem(
                file=label, field=f"catalogue.extends[{i}]", message="a catalogue cannot extend itself"
            )


def read_catalogue(
    path: "str | os.PathLike[str] | Traversable", *, context: Catalogue | None = None
) -> Catalogue:
    """Read, structure and check a catalogue; see :meth:`Catalogue.from_path`."""
    files = _files(path)
    problems: list[Problem] = []
    info: CatalogueInfo | None = None
    info_file = ""
    records: list[tuple[Record, str]] = []
    unreadable = False
    for label, source in files:
        doc, found = read_document(source, label)
        problems.extend(found)
        if doc is None:
            unreadable = True
            continue
        file_info, file_records, found = _structure_document(doc, label)
        problems.extend(found)
        records.extend(file_records)
        if "catalogue" in doc:
            if info_file:
                problems.append(
                    Problem(
                        file=label,
                        field="catalogue",
                        message=f"a second [catalogue] table; the first is in {info_file}",
                    )
                )
            else:
                info_file = label
                info = file_info
    if not info_file and not unreadable:
        problems.append(
            Problem(
                file=files[0][0] if len(files) == 1 else os.fspath(str(path)),
                field="catalogue",
                message='no [catalogue] table; add one with at least name = "..."',
            )
        )
    if info is None:
        raise CatalogueValidationError(problems)
    origins: dict[str, Origin] = {}
    by_file: dict[str, Origin] = {}
    seen: dict[str, tuple[Record, str]] = {}
    unique: list[Record] = []
    for rec, label in records:
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
        unique.append(rec)
        origin = by_file.get(label)
        if origin is None:
            origin = by_file[label] = Origin(catalogue=info.name, file=label)
        origins[rec.id] = origin
    catalogue = Catalogue(unique, info=info, origins=origins, _checked=True)
    if context is not None or not info.extends:
        problems.extend(p for p in catalogue.check(context) if p.severity == "error")
    if problems:
        raise CatalogueValidationError(problems)
    return catalogue
