"""Writing an approved record into a catalogue's TOML, keeping its comments and layout.

The file is edited with tomlkit, which keeps every comment, blank line and the order of
what is already there; the record is appended as one more ``[[kind]]`` table. The new
text is read back (and compared with what was meant) before it replaces the file, and
it replaces it atomically, so the catalogue is the old file or the new one, never a mix.
"""

import tomllib
from pathlib import Path
from typing import Any

from .. import _io
from .._errors import IntakeError, Problem

__all__ = ["plural", "target_file", "write_record"]


def plural(kind: str) -> str:
    """Return the plural of a kind's name, for a new file (``opportunity`` -> ``opportunities``)."""
    return kind[:-1] + "ies" if kind.endswith("y") else kind + "s"


def target_file(folder: Path, kind: str, given: str | None = None) -> Path:
    """Return the TOML file of the catalogue at ``folder`` that a new ``kind`` record goes into.

    ``given`` (a file name inside ``folder``) wins; otherwise the first TOML file that
    already holds ``[[kind]]`` tables, otherwise a new ``<kinds>.toml``.
    """
    if given is not None:
        path = (folder / given).resolve()
        if path.suffix != ".toml" or not path.is_relative_to(folder.resolve()):
            raise IntakeError(
                [Problem(file=given, message="expected a .toml file inside the catalogue's folder")]
            )
        return path
    for label, file in _io.catalogue_files(folder, str(folder)):
        if not label.endswith(".toml") or not isinstance(file, Path):
            continue
        data, _ = _io.read_file(file, label)
        if data is None:
            continue
        doc, problem = _io.parse(data, label)
        if problem is None and isinstance(doc, dict) and isinstance(doc.get(kind), list):
            return file
    return folder / f"{plural(kind)}.toml"


def _item(value: Any) -> Any:
    import tomlkit

    if isinstance(value, dict):
        table = tomlkit.inline_table()
        for key, inner in value.items():
            table.append(key, _item(inner))
        return table
    if isinstance(value, list):
        array = tomlkit.array()
        for inner in value:
            array.append(_item(inner))
        if any(isinstance(v, dict) for v in value) or len(str(value)) > 80:  # noqa: PLR2004
            array.multiline(True)
        return array
    return value


def write_record(file: Path, kind: str, table: dict[str, Any]) -> None:
    """Append ``table`` as a ``[[kind]]`` table to ``file`` (created if missing), atomically.

    Raises
    ------
    IntakeError
        If the file cannot be read as TOML, holds ``kind`` as something other than an
        array of tables, or the text written would not read back as ``table``.
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    label = str(file)
    text = ""
    if file.exists():
        data, problem = _io.read_file(file, label)
        if data is None:
            raise IntakeError([problem] if problem else [], headline=f"{label}: cannot be read")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise IntakeError([Problem(file=label, message=f"not UTF-8 text (byte {e.start})")]) from None
    try:
        doc = tomlkit.parse(text)
    except (TOMLKitError, ValueError) as e:
        raise IntakeError([Problem(file=label, message=f"invalid TOML: {e}")]) from None
    new = tomlkit.table()
    for key, value in table.items():
        new.append(key, _item(value))
    new.add(tomlkit.nl())  # a blank line after it, before whatever follows
    existing = doc.get(kind)
    if existing is None:
        tables = tomlkit.aot()
        tables.append(new)
        doc.append(kind, tables)
    elif isinstance(existing, tomlkit.items.AoT):
        if existing and not existing[-1].as_string().endswith("\n\n"):
            new.trivia.indent = "\n"  # and one before it
        existing.append(new)
    else:
        msg = f"holds {kind!r} as something other than [[{kind}]] tables; give another file with --file"
        raise IntakeError([Problem(file=label, field=kind, message=msg)])
    out = tomlkit.dumps(doc).rstrip("\n") + "\n"
    if not text and not out.startswith("#"):
        out = f"# {plural(kind).capitalize()} approved with `participatory intake approve`.\n\n" + out
    written = tomllib.loads(out).get(kind, [])
    if not written or written[-1] != table:
        raise IntakeError(
            [Problem(file=label, message="the record did not read back as written; nothing was changed")]
        )
    _io.atomic_write(file, out)
