"""Reading and writing files: the rules every command and function shares.

- reading is bounded: :func:`read_file` reads only regular files, at most
  :data:`MAX_FILE_SIZE` bytes, and turns every failure into a located problem;
- :func:`catalogue_files` is the one rule for which files belong to a catalogue directory;
- :func:`parse` parses TOML or JSON with located errors; :func:`toml_dumps` writes TOML;
- writing is checked and atomic: :func:`check_output` is the one "may I write this output"
  rule, :func:`atomic_write` replaces one file and :func:`atomic_directory` a whole
  directory, so that a reader (or a ``kill -9``) sees the old content or the new, never a mix;
- :func:`csv_safe` neutralises spreadsheet formulas in CSV cells.
"""

import contextlib
import functools
import math
import os
import re
import stat
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ._errors import CatalogueWriteError, Problem

if TYPE_CHECKING:
    from collections.abc import Iterator
    from importlib.resources.abc import Traversable

__all__ = [
    "FORMATS",
    "INBOX_MARKER",
    "MAX_FILE_SIZE",
    "TRANSLATIONS",
    "atomic_directory",
    "atomic_write",
    "catalogue_files",
    "check_output",
    "csv_safe",
    "dumps",
    "is_catalogue_file",
    "is_inbox",
    "parse",
    "read_file",
    "toml_dumps",
    "translation_files",
    "write_tree",
]

#: The largest file participatory reads (catalogue, plan, stage map, graph, an export to
#: import), in bytes: a catalogue of 100 000 techniques (about 300 MB of JSON) and ten
#: times Participedia's whole database (about 140 MB of CSV for its cases) fit.
MAX_FILE_SIZE: Final = 1024 * 1024 * 1024

FORMATS = (".toml", ".json")

#: The file that marks a folder as an intake inbox (private submissions and contacts):
#: catalogue readers skip such a folder and refuse one given to them.
INBOX_MARKER: Final = ".participatory-inbox"

#: The folder of a catalogue directory that holds its translations (``translations/cy.toml``):
#: not records, so :func:`catalogue_files` leaves it out and :func:`translation_files` reads it.
TRANSLATIONS: Final = "translations"

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_WIDTH = 88


def is_catalogue_file(name: str) -> bool:
    """Whether a file of this name belongs to a catalogue directory (see :func:`catalogue_files`)."""
    return name.endswith(FORMATS) and not name.startswith((".", "_"))


def is_inbox(folder: "str | os.PathLike[str] | Traversable") -> bool:
    """Whether ``folder`` is an intake inbox (it holds the :data:`INBOX_MARKER` file)."""
    try:
        marker = (Path(folder) if isinstance(folder, str | os.PathLike) else folder) / INBOX_MARKER
        return marker.is_file()
    except OSError:
        return False


def catalogue_files(
    root: "Traversable", label: str, problems: list[Problem] | None = None
) -> "Iterator[tuple[str, Traversable]]":
    """Yield ``(label, file)`` for every file that belongs to the catalogue directory ``root``.

    The one rule that the reader and the writer share: every ``.toml`` and ``.json``
    file below ``root``, in name order, except files and directories whose names
    start with ``.`` or ``_`` (hidden files, drafts such as ``_drafts/``, temporary
    files of an interrupted write), and intake inboxes (folders holding
    :data:`INBOX_MARKER`), which are private, and the :data:`TRANSLATIONS` folder at the top
    (overlays, read by :func:`translation_files`). A directory reached twice through symbolic links
    (a loop, or two links to one directory) is read once.

    Parameters
    ----------
    problems : list of Problem, optional
        Where a directory that cannot be listed is reported, located; without it,
        :class:`CatalogueWriteError` is raised (the writer must not guess).
    """
    yield from _catalogue_files(root, label, problems, set(), top=True)


def translation_files(root: "Traversable", label: str) -> "Iterator[tuple[str, str, Traversable]]":
    """Yield ``(language, label, file)`` for each overlay in ``root``'s :data:`TRANSLATIONS` folder.

    Its ``.toml`` files, in name order, named by language (``cy.toml``); hidden files and
    names starting with ``_`` are skipped, and nothing is read from an intake inbox.
    """
    folder = root / TRANSLATIONS
    try:
        if not folder.is_dir() or is_inbox(folder) or is_inbox(root):
            return
        children = sorted(folder.iterdir(), key=lambda t: t.name)
    except OSError:
        return
    for child in children:
        if child.name.endswith(".toml") and not child.name.startswith((".", "_")) and child.is_file():
            yield child.name.removesuffix(".toml"), f"{label.rstrip('/')}/{TRANSLATIONS}/{child.name}", child


def _catalogue_files(
    root: "Traversable",
    label: str,
    problems: list[Problem] | None,
    seen: set[tuple[int, int]],
    *,
    top: bool = False,
) -> "Iterator[tuple[str, Traversable]]":
    if isinstance(root, Path):
        try:
            info = root.stat()
        except OSError as e:
            _unlisted(label, e, problems)
            return
        if (info.st_dev, info.st_ino) in seen:
            return  # a symbolic link back to a directory already read
        seen.add((info.st_dev, info.st_ino))
    try:
        children = sorted(root.iterdir(), key=lambda t: t.name)
    except OSError as e:
        _unlisted(label, e, problems)
        return
    for child in children:
        if child.name.startswith((".", "_")):
            continue
        child_label = f"{label}/{child.name}"
        if child.is_dir():
            if top and child.name == TRANSLATIONS:
                continue  # overlays of the records, not records
            if is_inbox(child):
                continue  # private submissions: never part of a catalogue
            yield from _catalogue_files(child, child_label, problems, seen)
        elif is_catalogue_file(child.name):
            yield child_label, child


def _unlisted(label: str, error: OSError, problems: list[Problem] | None) -> None:
    message = f"cannot read the directory: {error.strerror or error}"
    if problems is None:
        raise CatalogueWriteError(f"{label}: {message}")
    problems.append(Problem(file=label, message=message))


def _size(n: int) -> str:
    for unit, size in (("GiB", 1024**3), ("MiB", 1024**2)):
        if n >= size:
            return f"{n // size} {unit}" if n % size == 0 else f"{n / size:.1f} {unit}"
    return f"{n} bytes"


def _kind_of(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "a special file")


def read_file(
    source: "str | os.PathLike[str] | Traversable", label: str, *, limit: int | None = None
) -> tuple[bytes | None, Problem | None]:
    """Read a whole file, bounded; the one way participatory reads a file it is given.

    Only regular files are read (directly or through a symbolic link): a FIFO, a device
    or a directory is refused at once, never waited on. A file over ``limit`` bytes
    (:data:`MAX_FILE_SIZE`) is refused with a message naming the limit.

    Returns
    -------
    (data, problem)
        The bytes and ``None``, or ``None`` and a problem naming ``label``.
    """
    limit = MAX_FILE_SIZE if limit is None else limit
    if isinstance(source, str | os.PathLike):
        return _read_path(os.fspath(source), label, limit)
    try:
        with source.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as e:
        return None, Problem(file=label, message=f"cannot read: {e.strerror or e}")
    if len(data) > limit:
        return None, _too_big(label, limit)
    return data, None


def _too_big(label: str, limit: int) -> Problem:
    return Problem(file=label, message=f"file is larger than the limit of {_size(limit)}; it is not read")


def _read_path(path: str, label: str, limit: int) -> tuple[bytes | None, Problem | None]:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)  # non-blocking: opening a FIFO does not wait for a writer
    except OSError as e:
        return None, Problem(file=label, message=f"cannot read: {e.strerror or e}")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = _kind_of(info.st_mode)
            return None, Problem(
                file=label, message=f"not a regular file ({kind}); only regular files are read"
            )
        if info.st_size > limit:
            return None, _too_big(label, limit)
        chunks: list[bytes] = []
        size = 0
        want = info.st_size + 1  # the whole file in one read (one copy), then any more it has grown by
        while size <= limit:
            chunk = os.read(fd, min(want, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            want = 1024 * 1024
    except OSError as e:
        return None, Problem(file=label, message=f"cannot read: {e.strerror or e}")
    finally:
        os.close(fd)
    if size > limit:
        return None, _too_big(label, limit)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks), None


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
        except ValueError as e:  # a number of over 4300 digits
            return None, Problem(file=name, message=f"invalid JSON: {_too_long(e)}")
    fast = _fast_toml()
    if fast is not None:
        with contextlib.suppress(Exception):  # any failure: the standard parser says why, below
            return fast(text), None
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
    except ValueError as e:  # a number of over 4300 digits
        return None, Problem(file=name, message=f"invalid TOML: {_too_long(e)}")


@functools.cache
def _fast_toml() -> "Callable[[str], Any] | None":
    """Return a compiled TOML 1.0 parser's ``loads``, or ``None`` where there is none.

    Tomli is the project ``tomllib`` was copied from; its wheels for CPython are compiled
    with mypyc and parse about 2.5 times as fast. It is the fast path only: a file it
    cannot read is read again by ``tomllib``, whose result or message (line and column)
    is the one reported, so what is read, and every error, is what this Python's
    ``tomllib`` says. Only tomli before 2.4 is used: later versions read TOML 1.1, which
    would let a file that ``tomllib`` refuses through. Its pure-Python build (no wheel for
    the platform) is no faster than ``tomllib`` and is not used either.
    """
    try:
        import tomli
    except ImportError:
        return None
    version = tuple(int(part) for part in re.findall(r"\d+", str(getattr(tomli, "__version__", "")))[:2])
    compiled = str(getattr(tomli, "__file__", "")).endswith((".so", ".pyd"))
    if not compiled or not (2, 2) <= version < (2, 4):
        return None
    loads: Callable[[str], Any] = tomli.loads
    return loads


def _too_long(error: ValueError) -> str:
    return "a number is too long to read" if "digits" in str(error) else str(error)


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


# --------------------------------------------------------------------------- writing


def check_output(
    path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    directory: bool = False,
    replaces: Iterable[str] | None = None,
    inputs: Iterable[str | os.PathLike[str] | None] = (),
    option: str = "overwrite",
) -> Path:
    """Check that ``path`` may be written; the one rule of every command and function that writes.

    - the folder it goes in must exist (it is never created silently);
    - an existing output must be a regular file (a directory when ``directory``): a
      device, FIFO, socket or dangling symbolic link is never replaced;
    - an existing output is replaced only when ``overwrite`` is true (``--force`` on
      the command line); a directory counts as existing when it holds one of the files
      named in ``replaces`` (the files the writer would replace or remove), or when
      it is not empty if ``replaces`` is not given;
    - it must not be one of ``inputs`` (the files the command read), nor hold one
      when it is a directory, whatever ``overwrite`` says.

    ``option`` is the name of the calling function's argument that allows replacing (its
    message names ``option=True``; on the command line, ``--force``).

    Returns
    -------
    Path
        ``path``, as a :class:`~pathlib.Path`.

    Raises
    ------
    CatalogueWriteError
        Saying which rule ``path`` breaks.
    """
    target = Path(path)
    parent = target.parent
    if not parent.is_dir():
        missing = "is not a directory" if parent.exists() else "does not exist"
        raise CatalogueWriteError(f"{target}: cannot write: the folder {parent} {missing} (create it first)")
    try:
        info = target.stat()
    except FileNotFoundError:
        if target.is_symlink():
            raise CatalogueWriteError(f"{target}: is a symbolic link to nothing; not replaced") from None
        return target
    except OSError as e:
        raise CatalogueWriteError(f"{target}: cannot write: {e.strerror or e}") from e
    if directory:
        if not stat.S_ISDIR(info.st_mode):
            raise CatalogueWriteError(f"{target}: exists and is not a directory ({_kind_of(info.st_mode)})")
    elif not stat.S_ISREG(info.st_mode):
        kind = _kind_of(info.st_mode)
        raise CatalogueWriteError(f"{target}: is {kind}, not a regular file; only regular files are replaced")
    for given in inputs:
        if given is not None and _contains(target, Path(given), directory=directory):
            raise CatalogueWriteError(f"{target}: is one of this command's inputs ({given}); write elsewhere")
    if not directory:
        exists = True
    elif replaces is None:
        exists = any(target.iterdir())
    else:
        exists = any(os.path.lexists(target / name) for name in replaces)
    if exists and not overwrite:
        raise CatalogueWriteError(
            f"{target}: already exists; pass {option}=True to replace it",
            command_line=f"{target}: already exists; use --force to replace it",
        )
    return target


def protected_problem(output: Path, inputs: Iterable[str | os.PathLike[str]] = ()) -> str | None:
    """Say why a directory ``output`` that a writer would replace whole must not be, or ``None``.

    A replaced directory must not be, nor hold, the current directory or the home
    directory, nor be, hold or sit inside one of ``inputs`` (the catalogue files and
    directories being read): ``--force`` never makes these safe.

    >>> protected_problem(Path.cwd())
    'is the current directory; write to a new directory'
    """
    try:
        out = output.resolve()
        for place, what in ((Path.cwd(), "the current directory"), (Path.home(), "your home directory")):
            place = place.resolve()  # noqa: PLW2901
            if place == out:
                return f"is {what}; write to a new directory"
            if place.is_relative_to(out):
                return f"holds {what} ({place}); write to a new directory"
        for given in inputs:
            path = Path(given).resolve()
            if path == out or path.is_relative_to(out):
                return f"holds an input of this command ({given}); write elsewhere"
            if path.is_dir() and out.is_relative_to(path):
                return f"is inside an input catalogue directory ({given}); write elsewhere"
    except (OSError, RuntimeError) as e:  # a loop of symbolic links, a name too long
        return f"cannot be checked: {e}"
    return None


def _contains(output: Path, given: Path, *, directory: bool) -> bool:
    try:
        if not directory:
            return given.exists() and output.samefile(given)
        return given.exists() and given.resolve().is_relative_to(output.resolve())
    except OSError:
        return False


def _fsynced(fh: Any) -> None:
    fh.flush()
    os.fsync(fh.fileno())


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then replace.

    A reader sees the old file or the new one, never a half-written one; if writing
    fails, the old file is untouched and :class:`CatalogueWriteError` is raised. Only a
    regular file is replaced (through a symbolic link, the file it names); the folder
    must exist. Whether ``path`` may be written at all is :func:`check_output`'s rule.
    """
    import tempfile

    path = Path(path)
    try:
        if path.is_symlink():
            path = path.resolve(strict=True)
        if path.exists() and not path.is_file():
            kind = _kind_of(path.stat().st_mode)
            raise CatalogueWriteError(
                f"{path}: is {kind}, not a regular file; only regular files are replaced"
            )
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        msg = f"{path}: cannot write: {e.strerror or e}"
        raise CatalogueWriteError(msg) from e
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            _fsynced(fh)
        Path(tmp).chmod(path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask())
        Path(tmp).replace(path)
    except BaseException as e:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(e, OSError):
            msg = f"{path}: cannot write: {e.strerror or e}"
            raise CatalogueWriteError(msg) from e
        if isinstance(e, UnicodeEncodeError):
            msg = f"{path}: cannot write: the text is not valid Unicode ({e.reason})"
            raise CatalogueWriteError(msg) from e
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_STALE = ".tmp-"


def _temporary_name(target: Path) -> str:
    import secrets

    return f".{target.name}{_STALE}{os.getpid()}-{secrets.token_hex(4)}"


def _alive(pid: int) -> bool:
    import sys

    if pid == os.getpid() or sys.platform == "win32":  # Windows: os.kill would end the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, but is not ours to signal
        return True
    return True


def _remove_stale(target: Path) -> None:
    """Remove temporary siblings of ``target`` left by writes whose process is gone."""
    import shutil

    prefix = f".{target.name}{_STALE}"
    try:
        siblings = [p for p in target.parent.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return
    for sibling in siblings:
        pid_text = sibling.name.removeprefix(prefix).split("-")[0]
        if pid_text.isdigit() and not _alive(int(pid_text)):
            shutil.rmtree(sibling, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one atomic step; ``False`` when the system cannot."""
    import ctypes
    import sys

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if sys.platform.startswith("linux"):
            at_fdcwd, rename_exchange = -100, 2
            result = libc.renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
        elif sys.platform == "darwin":
            rename_swap = 2
            result = libc.renamex_np(os.fsencode(a), os.fsencode(b), rename_swap)
        else:
            return False
    except (AttributeError, OSError):  # an old C library without the call
        return False
    return bool(result == 0)


@contextlib.contextmanager
def atomic_directory(target: str | os.PathLike[str]) -> "Iterator[Path]":
    """Write a whole directory atomically: yield a temporary sibling to fill, then swap it in.

    On success the temporary directory takes ``target``'s place in one step (an atomic
    exchange where the system has one: Linux and macOS), so that ``target`` is always
    the old tree or the new one, never a mix, even after ``kill -9``; the old tree is
    then removed. If the block raises, ``target`` is untouched. Temporary siblings
    left by a killed write (``.NAME.tmp-PID-...``, whose process is gone) are removed
    by the next write.

    Raises
    ------
    CatalogueWriteError
        If the folder of ``target`` does not exist, ``target`` is not a directory, or
        the swap fails.
    """
    import shutil

    target = Path(target)
    if not target.parent.is_dir():
        raise CatalogueWriteError(f"{target}: cannot write: the folder {target.parent} does not exist")
    if target.is_symlink():
        raise CatalogueWriteError(f"{target}: is a symbolic link; give the directory it names instead")
    if target.exists() and not target.is_dir():
        raise CatalogueWriteError(f"{target}: exists and is not a directory")
    _remove_stale(target)
    tmp = target.parent / _temporary_name(target)
    try:
        tmp.mkdir(mode=0o777)
    except OSError as e:
        raise CatalogueWriteError(f"{target}: cannot write: {e.strerror or e}") from e
    try:
        yield tmp
        _sync_directory(tmp)
        if target.exists():
            tmp.chmod(target.stat().st_mode & 0o7777)
            if not _exchange(tmp, target):
                # No atomic exchange: move the old tree aside, then the new one in.
                aside = target.parent / _temporary_name(target)
                target.rename(aside)
                tmp.rename(target)
                tmp = aside
        else:
            tmp.rename(target)
        _sync_directory(target.parent)
    except OSError as e:
        raise CatalogueWriteError(f"{target}: cannot write: {e.strerror or e}") from e
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # the old tree, or the new one after a failure


def _sync_directory(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every system can fsync a directory
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _carry_over(source: Path, dest: Path, written: set[str]) -> None:
    """Link (or copy) every entry of ``source`` except the top-level names in ``written``."""
    import shutil

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    for child in source.iterdir():
        if child.name in written or child.name.startswith(f".{source.name}{_STALE}"):
            continue
        to = dest / child.name
        if child.is_symlink():
            to.symlink_to(child.readlink())
        elif child.is_dir():
            shutil.copytree(child, to, symlinks=True, copy_function=link)
        else:
            link(os.fspath(child), os.fspath(to))


def write_tree(
    target: str | os.PathLike[str],
    files: Mapping[str, str],
    *,
    keep_others: bool = True,
    drop: Iterable[str] = (),
) -> Path:
    """Write ``files`` (relative path -> text) as the directory ``target``, atomically as a whole.

    With ``keep_others``, what ``target`` already holds besides the top-level names
    written and those in ``drop`` is carried over unchanged (hard-linked where possible).
    """
    target = Path(target)
    top = {Path(relative).parts[0] for relative in files} | set(drop)
    with atomic_directory(target) as tmp:
        try:
            if keep_others and target.is_dir():
                _carry_over(target, tmp, top)
            for relative, text in files.items():
                file = tmp / relative
                file.parent.mkdir(parents=True, exist_ok=True)
                with file.open("w", encoding="utf-8", newline="\n") as fh:
                    fh.write(text)
                    _fsynced(fh)
        except OSError as e:
            raise CatalogueWriteError(f"{target}: cannot write: {e.strerror or e}") from e
    return target


# --------------------------------------------------------------------------- CSV

#: First characters that make a spreadsheet read a cell as a formula (OWASP's list).
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> object:
    r"""Neutralise a CSV cell that a spreadsheet would run as a formula.

    A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
    gets a leading ``'`` (OWASP's rule for CSV injection), so the spreadsheet shows it as
    text; numbers and every other cell are returned unchanged.

    >>> csv_safe("=HYPERLINK(\"http://x\")"), csv_safe("photovoice"), csv_safe(-3)
    ('\'=HYPERLINK("http://x")', 'photovoice', -3)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
