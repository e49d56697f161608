"""Reading and writing TOML and JSON documents.

Parsing with located errors, a small TOML writer for catalogue-shaped data, and
atomic replacement of files and of whole directories.
"""

import math
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._errors import CatalogueWriteError, Problem

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "FORMATS",
    "atomic_directory",
    "atomic_write",
    "catalogue_files",
    "dumps",
    "is_catalogue_file",
    "parse",
    "toml_dumps",
]

FORMATS = (".toml", ".json")

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_WIDTH = 88


def is_catalogue_file(name: str) -> bool:
    """Whether a file of this name belongs to a catalogue directory (see :func:`catalogue_files`)."""
    return name.endswith(FORMATS) and not name.startswith((".", "_"))


def catalogue_files(root: "Traversable", label: str) -> "Iterator[tuple[str, Traversable]]":
    """Yield ``(label, file)`` for every file that belongs to the catalogue directory ``root``.

    The one rule that the reader and the writer share: every ``.toml`` and ``.json``
    file below ``root``, in name order, except files and directories whose names
    start with ``.`` or ``_`` (hidden files, drafts such as ``_drafts/``, temporary
    files of an interrupted write).
    """
    for child in sorted(root.iterdir(), key=lambda t: t.name):
        if child.name.startswith((".", "_")):
            continue
        child_label = f"{label}/{child.name}"
        if child.is_dir():
            yield from catalogue_files(child, child_label)
        elif is_catalogue_file(child.name):
            yield child_label, child


def parse(data: bytes, name: str) -> tuple[Any, Problem | None]:
    """Parse TOML or JSON bytes (chosen by the suffix of ``name``).

    Returns
    -------
    (document, problem)
        The parsed document and ``None``, or ``None`` and a problem giving the
        parser's line and column.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return None, Problem(file=name, message=f"not UTF-8 text (byte {e.start}: {e.reason})")
    if name.endswith(".json"):
        import json  # each parser is imported when a file of its format is first read

        try:
            return json.loads(text), None
        except json.JSONDecodeError as e:
            return None, Problem(
                file=name, message=f"invalid JSON at line {e.lineno}, column {e.colno}: {e.msg}"
            )
        except RecursionError:
            return None, Problem(file=name, message="invalid JSON: nested too deeply")
    import tomllib

    try:
        return tomllib.loads(text), None
    except tomllib.TOMLDecodeError as e:
        msg = str(e)
        found = _TOML_POSITION.search(msg)
        reason = _TOML_POSITION.sub("", msg).strip()
        where = f" at line {found[1]}, column {found[2]}" if found else ""
        return None, Problem(file=name, message=f"invalid TOML{where}: {reason}")
    except RecursionError:
        return None, Problem(file=name, message="invalid TOML: nested too deeply")


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _string(value: str) -> str:
    if _NEEDS_ESCAPE.search(value):
        value = _NEEDS_ESCAPE.sub(lambda m: _ESCAPES.get(m[0], f"\\u{ord(m[0]):04x}"), value)
    return f'"{value}"'


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items() if v is not None)
        return f"{{ {inner} }}" if inner else "{}"
    msg = f"cannot write {type(value).__name__} to TOML"
    raise TypeError(msg)


def _value(value: Any, indent: int = 0) -> str:
    if isinstance(value, list | tuple):
        items = [_value(v, indent + 4) for v in value]
        flat = f"[{', '.join(items)}]"
        if len(flat) + indent <= _WIDTH and not any("\n" in i for i in items):
            return flat
        pad = " " * (indent + 4)
        return "[\n" + "".join(f"{pad}{i},\n" for i in items) + " " * indent + "]"
    return _scalar(value)


def toml_dumps(document: Mapping[str, Any]) -> str:
    """Write a catalogue-shaped document as TOML.

    Top-level tables become ``[name]`` sections, top-level arrays of tables become
    ``[[name]]`` blocks; nested tables are written inline. ``None`` values are
    left out (TOML has no null).
    """
    out: list[str] = []
    for name, section in document.items():
        if isinstance(section, Mapping):
            out.append(f"[{_key(name)}]")
            out.extend(_assignments(section))
            out.append("")
        elif isinstance(section, list | tuple) and all(isinstance(s, Mapping) for s in section):
            for table in section:
                out.append(f"[[{_key(name)}]]")
                out.extend(_assignments(table))
                out.append("")
        elif section is not None:
            out.insert(0, f"{_key(name)} = {_value(section)}")
    return "\n".join(out).rstrip("\n") + "\n"


def _assignments(table: Mapping[str, Any]) -> list[str]:
    return [f"{_key(k)} = {_value(v)}" for k, v in table.items() if v is not None]


def dumps(document: Mapping[str, Any], suffix: str) -> str:
    """Serialise ``document`` as TOML or JSON, chosen by ``suffix``."""
    if suffix == ".json":
        import json

        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return toml_dumps(document)


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then replace.

    A reader sees the old file or the new one, never a half-written one; if writing
    fails, the old file is untouched and :class:`CatalogueWriteError` is raised.
    """
    import tempfile

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        msg = f"{path}: cannot write: {e.strerror or e}"
        raise CatalogueWriteError(msg) from e
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).chmod(path.stat().st_mode & 0o7777 if path.exists() else 0o644)
        Path(tmp).replace(path)
    except BaseException as e:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(e, OSError):
            msg = f"{path}: cannot write: {e.strerror or e}"
            raise CatalogueWriteError(msg) from e
        raise


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else
        return True
    return True


def _remove_stale(target: Path) -> None:
    """Remove temporaries of ``target`` left by a build whose process has died."""
    import shutil

    pattern = re.compile(rf"\.{re.escape(target.name)}\.(?:tmp|old)-(\d+)-\w+")
    for sibling in target.parent.glob(f".{target.name}.*"):
        found = pattern.fullmatch(sibling.name)
        if found and int(found[1]) != os.getpid() and not _pid_alive(int(found[1])):
            shutil.rmtree(sibling, ignore_errors=True)


@contextmanager
def atomic_directory(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Build a directory in a temporary sibling, then swap it in place of ``target``.

    Use it as ``with atomic_directory(out) as tmp: write files into tmp``. When the block
    ends without an exception, the old ``target`` (if any) is renamed aside, ``tmp``
    is renamed to ``target`` and the old copy is deleted; when it raises, ``tmp`` is
    deleted and ``target`` is left exactly as it was. Temporaries left behind by a
    build that was killed (their process is gone) are removed on the next call.

    The two renames happen one after the other, so for a moment ``target`` does not
    exist; a reader never sees a half-written directory.

    Parameters
    ----------
    target : path-like
        The directory to create or replace. Its parent is created if needed.

    Yields
    ------
    Path
        The empty temporary directory to fill, on the same file system as ``target``.

    Raises
    ------
    CatalogueWriteError
        If the temporary directory cannot be created or the swap fails.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> with atomic_directory(root / "site") as tmp:
    ...     _ = (tmp / "index.html").write_text("hello")
    >>> (root / "site" / "index.html").read_text()
    'hello'
    """
    import shutil
    import tempfile

    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(target)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-{os.getpid()}-", dir=target.parent))
    except OSError as e:
        msg = f"{target}: cannot write: {e.strerror or e}"
        raise CatalogueWriteError(msg) from e
    try:
        yield tmp
        tmp.chmod(0o755)
        old: Path | None = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-{os.getpid()}-", dir=target.parent))
            old.rmdir()  # reserve a unique name, then move the old directory to it
            target.rename(old)
        try:
            tmp.rename(target)
        except OSError:
            if old is not None:
                old.rename(target)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException as e:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(e, OSError):
            msg = f"{target}: cannot write: {e.strerror or e}"
            raise CatalogueWriteError(msg) from e
        raise
