"""The catalogues shipped with participatory, and the snapshot that makes ``core`` quick to read.

``catalogues/core/*.toml`` is the source. ``participatory/_data/core.snapshot.json`` is
generated from it (``python tools/gen_core_snapshot.py``; CI and a test check it is
current): the same records, written as JSON documents that the msgspec fast path
decodes in a few milliseconds, about a tenth of parsing the TOML. The snapshot records a
checksum of the TOML files it was made from, and is used only while the files match:
after an edit to core's TOML (in a checkout, or an editable install) the TOML is read,
so an edit is never silently ignored, and the snapshot is simply slower until it is
generated again.
"""

import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._catalogue import Catalogue

if TYPE_CHECKING:  # importlib.resources takes 7 ms to import: only for a zipped install
    from importlib.resources.abc import Traversable

    from ._fast import Decoded

__all__ = ["BUILTIN", "SNAPSHOT", "builtin_catalogue", "core_path", "snapshot_document"]

#: Names of the catalogues shipped inside the package.
BUILTIN = ("core",)
#: The generated snapshot of ``core``, inside the package.
SNAPSHOT = "core.snapshot.json"


def core_path() -> "Traversable":
    """Where the built-in ``core`` catalogue lives.

    In a wheel it is ``participatory/_data/core``; in a source checkout (an editable
    install) it is the repository's ``catalogues/core``.
    """
    here = Path(__file__).resolve().parent
    shipped = here / "_data" / "core"
    if shipped.is_dir():
        return shipped
    checkout = here.parents[1] / "catalogues" / "core"
    if checkout.is_dir():
        return checkout
    from importlib.resources import files  # installed in a zip file

    return files("participatory") / "_data" / "core"


def snapshot_path() -> Path:
    """Where the snapshot of ``core`` is (in the package, in a checkout and in a wheel)."""
    return Path(__file__).resolve().parent / "_data" / SNAPSHOT


def _label(path: "Traversable") -> str:
    return (os.fspath(path) if isinstance(path, os.PathLike) else str(path)).rstrip("/")


def _checksum(sources: list[tuple[str, "Traversable"]], root: str) -> str:
    """Return a checksum of the catalogue's files: their names (below ``root``) and bytes."""
    import zlib

    crc = 0
    for label, source in sources:
        crc = zlib.crc32(label.removeprefix(root).encode(), crc)
        crc = zlib.crc32(source.read_bytes(), crc)
    return f"{crc:08x}"


def _snapshot(path: "Traversable") -> "dict[str, Decoded] | None":
    """Return core's documents from the snapshot, by file label, or ``None`` if it is not current."""
    from . import _fast
    from ._loader import catalogue_sources

    if not _fast.AVAILABLE:
        return None
    try:
        data = snapshot_path().read_bytes()
    except OSError:
        return None
    sources = catalogue_sources(path)
    root = _label(path)
    stored = _fast.decode_snapshot(data)
    if stored is None or stored[0] != _checksum(sources, root):
        return None
    documents = {root + name: doc for name, doc in stored[1]}
    if documents.keys() != {label for label, _ in sources}:
        return None
    return documents


@cache
def builtin_catalogue(name: str = "core") -> Catalogue:
    """Read a built-in catalogue (once per process; catalogues are immutable).

    ``core`` is read from its snapshot while that is current, else from its TOML; the
    records, their origins and every check are the same either way.
    """
    if name != "core":
        from ._errors import CatalogueNotFoundError

        msg = f"no built-in catalogue named {name!r}; built-in: {', '.join(BUILTIN)}"
        raise CatalogueNotFoundError(msg)
    from ._loader import paused_gc

    path = core_path()
    with paused_gc():
        return Catalogue._from_path(path, None, _snapshot(path))


def snapshot_document(path: "Traversable | None" = None) -> dict[str, Any]:
    """Return the snapshot of the catalogue at ``path`` (default ``core``) as plain JSON data.

    Each file's tables are kept in its own order, each holding the file's records as
    the converter writes them (defaults left out).

    Raises
    ------
    CatalogueValidationError
        If the catalogue does not load: a snapshot is made only of a valid catalogue.
    """
    from ._convert import unstructure
    from ._loader import catalogue_sources, read_document

    path = core_path() if path is None else path
    catalogue = Catalogue.from_path(path)  # the detailed path: every check
    root = _label(path)
    sources = catalogue_sources(path)
    by_file: dict[str, list[Any]] = {label: [] for label, _ in sources}
    for record in catalogue.values():
        by_file[catalogue.origin(record.id).file or ""].append(record)
    documents = []
    for label, source in sources:
        doc, _ = read_document(source, label)
        records = iter(by_file[label])
        tables: dict[str, Any] = {}
        for key, value in doc.items():
            if key == "catalogue":
                tables[key] = unstructure(catalogue.info)
            else:
                tables[key] = [unstructure(next(records)) for _ in value]
        documents.append([label.removeprefix(root), tables])
    return {"checksum": _checksum(sources, root), "files": documents}
