"""The fast path for reading JSON: valid documents decoded straight into records.

msgspec decodes a JSON catalogue document into mirror structs (one per record class,
generated from its attrs fields: the same types, the same defaults, unknown fields
forbidden, nothing coerced), which are then turned into the library's own frozen attrs
records. This is about as fast as ``json.loads`` of the same bytes, which would build
only dicts.

The fast path decides nothing: it either returns records that the detailed path
(``json`` plus the cattrs converter) would also have built, or ``None``, and the
detailed path then reads the file again and explains every problem with its location.
Field checks, duplicate ids and references are checked on both paths by the same code.

msgspec is a dependency on CPython; elsewhere (or if it is missing) :data:`AVAILABLE`
is false and every file takes the detailed path.
"""

import datetime as dt
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

from ._kinds import KINDS, generation
from ._model import CatalogueInfo, Record, Source

try:
    import msgspec
except ImportError:  # pragma: no cover  (a platform without msgspec: the detailed path only)
    msgspec = None  # type: ignore[assignment]

__all__ = ["AVAILABLE", "Decoded", "decode_document"]

#: Whether the fast path can be used here.
AVAILABLE = msgspec is not None

#: What a document holds, table by table in the document's order: ``("catalogue", info)``
#: and ``(kind, records)``.
Decoded = list[tuple[str, CatalogueInfo | list[Record]]]

_MIRRORS: dict[type, Any] = {}
_MAKERS: dict[type, Callable[[Any], Any]] = {}


def _attrs_class(tp: object) -> type | None:
    return tp if isinstance(tp, type) and attrs.has(tp) else None


def _mirror_type(tp: Any) -> Any:
    if (cls := _attrs_class(tp)) is not None:
        return _mirror(cls)
    origin = typing.get_origin(tp)
    if origin is tuple:
        return tuple[_mirror_type(typing.get_args(tp)[0]), ...]  # type: ignore[misc]
    if origin in (types.UnionType, typing.Union):
        args = [_mirror_type(a) for a in typing.get_args(tp)]
        out = args[0]
        for a in args[1:]:
            out = out | a
        return out
    return tp


def _mirror(cls: type) -> Any:
    """Return the msgspec struct that mirrors an attrs class: same fields, types and defaults."""
    found = _MIRRORS.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        fields: list[Any] = []
        for f in attrs.fields(cls):
            tp = _mirror_type(hints[f.name])
            fields.append((f.name, tp) if f.default is attrs.NOTHING else (f.name, tp, f.default))
        found = _MIRRORS[cls] = msgspec.defstruct(
            f"_{cls.__name__}", fields, kw_only=True, forbid_unknown_fields=True
        )
    return found


def _maker(cls: type) -> Callable[[Any], Any]:
    """Return a function turning a mirror struct into an instance of ``cls`` (generated code).

    The instance is made as attrs' own ``__init__`` makes it (each slot set once);
    the records have no validators or converters that this would skip.
    """
    found = _MAKERS.get(cls)
    if found is not None:
        return found
    hints = typing.get_type_hints(cls)
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls}
    lines = ["def make(s):", "    o = new(cls)"]
    for i, f in enumerate(attrs.fields(cls)):
        tp = hints[f.name]
        args = typing.get_args(tp)
        namespace[f"set{i}"] = getattr(cls, f.name).__set__
        value = f"s.{f.name}"
        if (inner := _attrs_class(tp)) is not None:
            namespace[f"m{i}"] = _maker(inner)
            value = f"m{i}({value})"
        elif typing.get_origin(tp) is tuple and (inner := _attrs_class(args[0])) is not None:
            namespace[f"m{i}"] = _maker(inner)
            value = f"tuple(map(m{i}, v)) if (v := {value}) else ()"
        elif (inner := next(filter(None, map(_attrs_class, args)), None)) is not None:  # X | None
            namespace[f"m{i}"] = _maker(inner)
            value = f"None if (v := {value}) is None else m{i}(v)"
        lines.append(f"    set{i}(o, {value})")
    if cls is Source:  # the detailed path accepts only dates as YYYY-MM-DD (ValueError otherwise)
        namespace["date"] = dt.date.fromisoformat
        lines.insert(1, "    if s.accessed is not None: date(s.accessed)")
    lines.append("    return o")
    exec("\n".join(lines), namespace)  # noqa: S102  (code generated from the attrs fields above)
    made: Callable[[Any], Any] = namespace["make"]
    _MAKERS[cls] = made
    return made


class _Decoders:
    """The msgspec decoders, built on first use (a few milliseconds)."""

    def __init__(self) -> None:
        self.generation = generation()  # the kinds they were built for
        self.document = msgspec.json.Decoder(dict[str, msgspec.Raw])
        self.info = msgspec.json.Decoder(_mirror(CatalogueInfo))
        self.make_info = _maker(CatalogueInfo)
        self.tables = {kind: msgspec.json.Decoder(list[_mirror(cls)]) for kind, cls in KINDS.items()}  # type: ignore[misc]
        self.makers = {kind: _maker(cls) for kind, cls in KINDS.items()}


_DECODERS: list[_Decoders] = []


def _decoders() -> _Decoders:
    if not _DECODERS or _DECODERS[0].generation != generation():  # a kind declared since
        _DECODERS[:] = [_Decoders()]
    return _DECODERS[0]


def decode_document(data: bytes | memoryview) -> Decoded | None:
    """Decode a JSON catalogue document into records, or return ``None``.

    ``None`` means "not certainly valid": the bytes are not JSON msgspec reads as the
    detailed path would, a table or value is of the wrong type or unknown, an
    ``accessed`` date is not ``YYYY-MM-DD``. The caller then reads the document on the
    detailed path, which finds and locates every problem.
    """
    if not AVAILABLE:
        return None
    dec = _decoders()
    found: Decoded = []
    try:
        for key, raw in dec.document.decode(data).items():
            if key == "catalogue":
                found.append((key, dec.make_info(dec.info.decode(raw))))
                continue
            decoder = dec.tables.get(key)
            if decoder is None:
                return None
            make = dec.makers[key]
            found.append((key, [make(item) for item in decoder.decode(raw)]))
    except (msgspec.DecodeError, msgspec.ValidationError, ValueError, OverflowError, RecursionError):
        return None
    return found


def decode_snapshot(data: bytes) -> tuple[str, list[tuple[str, Decoded]]] | None:
    """Decode a snapshot (see ``_builtin``): its checksum and each file's document, or ``None``."""
    if not AVAILABLE:
        return None
    try:
        stored = msgspec.json.decode(data, type=_Snapshot)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
    documents = []
    for name, raw in stored.files:
        doc = decode_document(raw)
        if doc is None:
            return None
        documents.append((name, doc))
    return stored.checksum, documents


if AVAILABLE:

    class _Snapshot(msgspec.Struct, forbid_unknown_fields=True):
        checksum: str
        files: list[tuple[str, msgspec.Raw]]
