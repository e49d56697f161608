"""The library's one cattrs converter, and its translation of errors into problems.

The converter forbids unknown keys and never coerces: ``1`` is not a string,
``"3"`` is not a year and ``"design"`` is not a list of stages. Errors come back as
``(field.path, message)`` pairs that the loader turns into located problems.
"""

import datetime as dt
import enum
import math
from collections.abc import Callable, Iterator
from typing import Any, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, override

from ._errors import Problem
from ._model import Level, Source
from ._schema import describe, did_you_mean

__all__ = ["CONVERTER", "Invalid", "describe", "error_paths", "salvage", "structure_table", "unstructure"]

T = TypeVar("T")


class Invalid(ValueError):
    """A value of the wrong type or out of range; its message is shown to the user as is."""


def _structure_str(value: object, _: object) -> str:
    if type(value) is str:
        return value
    raise Invalid(f"expected a string, got {describe(value)}")


def _structure_int(value: object, _: object) -> int:
    if type(value) is int:
        return value
    raise Invalid(f"expected an integer, got {describe(value)}")


def _structure_bool(value: object, _: object) -> bool:
    if type(value) is bool:
        return value
    raise Invalid(f"expected true or false, got {describe(value)}")


def _structure_float(value: object, _: object) -> float:
    """Accept a finite number written with or without a decimal point (never true/false)."""
    if type(value) is int or (type(value) is float and math.isfinite(value)):
        return float(value)
    raise Invalid(f"expected a number, got {describe(value)}")


def _structure_date_text(value: object, _: object) -> str:
    """Accept an ISO date written as a TOML date or as a ``YYYY-MM-DD`` string."""
    if type(value) is dt.date:
        return value.isoformat()
    if type(value) is str:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise Invalid(f"expected a date as YYYY-MM-DD, got {describe(value)}") from None
        return value
    raise Invalid(f"expected a date as YYYY-MM-DD, got {describe(value)}")


def _enum_hook(cls: type[enum.Enum]) -> Callable[[object, object], enum.Enum]:
    by_value = {m.value: m for m in cls}
    names = ", ".join(str(m.value) for m in cls)
    label = "level" if cls is Level else cls.__name__.lower()

    def structure(value: object, _: object) -> enum.Enum:
        if type(value) is str:
            member = by_value.get(value)
            if member is not None:
                return member
            hint = did_you_mean(value, by_value)
            raise Invalid(f"unknown {label} {value!r}{hint} (expected one of {names})")
        raise Invalid(f"expected one of {names}, got {describe(value)}")

    return structure


def _is_homogeneous_tuple(tp: object) -> bool:
    if get_origin(tp) is not tuple:
        return False
    args = get_args(tp)
    return len(args) == 2 and args[1] is Ellipsis  # noqa: PLR2004


def _tuple_hook_factory(tp: Any, conv: cattrs.Converter) -> Callable[[object, object], tuple[Any, ...]]:
    item_type = get_args(tp)[0]
    item_hook = conv.get_structure_hook(item_type)

    if item_type is str:

        def structure_strs(value: object, _: object) -> tuple[Any, ...]:
            if type(value) is not list and type(value) is not tuple:
                raise Invalid(f"expected an array, got {describe(value)}")
            if all(type(v) is str for v in value):
                return tuple(value)
            return structure_items(value)

    def structure_items(value: list[Any] | tuple[Any, ...]) -> tuple[Any, ...]:
        out: list[Any] = []
        errors: list[Exception] = []
        for i, v in enumerate(value):
            try:
                out.append(item_hook(v, item_type))
            except Exception as e:  # noqa: BLE001  (collected, re-raised as a group)
                e.__notes__ = [IterableValidationNote(f"Structuring {tp} @ index {i}", i, item_type)]
                errors.append(e)
        if errors:
            raise IterableValidationError(f"While structuring {tp!r}", errors, tp)
        return tuple(out)

    if item_type is str:
        return structure_strs

    def structure(value: object, _: object) -> tuple[Any, ...]:
        if type(value) is not list and type(value) is not tuple:
            raise Invalid(f"expected an array, got {describe(value)}")
        return structure_items(value)

    return structure


def _attrs_hook_factory(cls: type[Any], conv: cattrs.Converter) -> Callable[[object, object], Any]:
    overrides: dict[str, Any] = {}
    if cls is Source:
        overrides["accessed"] = override(struct_hook=_optional(_structure_date_text))
    for a in attrs.fields(cls):
        if a.metadata.get("date"):
            overrides[a.name] = override(struct_hook=_optional(_structure_date_text))
    inner = make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True, **overrides)

    def structure(value: object, _: object) -> Any:
        if type(value) is not dict:
            raise Invalid(f"expected a table, got {describe(value)}")
        return inner(value, cls)

    return structure


def _optional(hook: Callable[[object, object], T]) -> Callable[[object, object], T | None]:
    def structure(value: object, tp: object) -> T | None:
        return None if value is None else hook(value, tp)

    return structure


def make_converter() -> cattrs.Converter:
    """Build the library's converter (never the global one)."""
    conv = cattrs.Converter(omit_if_default=True, forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum),
        _enum_hook,
    )
    conv.register_structure_hook_factory(_is_homogeneous_tuple, lambda t: _tuple_hook_factory(t, conv))
    conv.register_structure_hook_factory(attrs.has, lambda t: _attrs_hook_factory(t, conv))
    return conv


#: The one converter used everywhere in participatory.
CONVERTER = make_converter()


def _fields_of(cls: object) -> list[str]:
    return [a.name for a in attrs.fields(cls)] if isinstance(cls, type) and attrs.has(cls) else []


def error_paths(exc: BaseException, path: str = "", cls: object = None) -> Iterator[tuple[str, str]]:
    """Flatten a cattrs error tree into ``(field.path, message)`` pairs.

    Parameters
    ----------
    exc : BaseException
        An error raised by :data:`CONVERTER`.
    path : str
        Path of the value ``exc`` concerns ("" for the record itself).
    cls : type, optional
        The class being structured at ``path``, used to suggest field names.
    """
    if isinstance(exc, IterableValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, inote in with_notes:
            yield from error_paths(sub, f"{path}[{inote.index}]", inote.type)
        for sub in without:
            yield from error_paths(sub, path, None)
    elif isinstance(exc, ClassValidationError):
        anotes: list[tuple[Exception, AttributeValidationNote]]
        anotes, without = exc.group_exceptions()
        for sub, anote in anotes:
            sub_path = f"{path}.{anote.name}" if path else anote.name
            if isinstance(sub, KeyError):
                yield sub_path, "required field is missing"
            else:
                yield from error_paths(sub, sub_path, anote.type)
        for sub in without:
            yield from error_paths(sub, path, exc.cl)
    elif isinstance(exc, ForbiddenExtraKeysError):
        known = _fields_of(exc.cl)
        for key in sorted(exc.extra_fields):
            yield (f"{path}.{key}" if path else key), f"unknown field{did_you_mean(key, known)}"
    elif isinstance(exc, Invalid):
        yield path or "-", str(exc)
    else:
        yield path or "-", f"invalid value ({exc})"


def unstructure(record: object) -> dict[str, Any]:
    """Unstructure a record to plain dicts, lists and scalars, omitting defaults."""
    return _listify(CONVERTER.unstructure(record))  # type: ignore[no-any-return]


def _listify(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _listify(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_listify(v) for v in value]
    return value


def _join(prefix: str, field: str) -> str:
    if not prefix:
        return field
    return prefix if field == "-" else f"{prefix}.{field}"


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


A = TypeVar("A")


def salvage(data: object, cls: type[A], found: list[Problem], prefix: str = "") -> A | None:
    """Structure what is usable of a table that failed, so its other fields still get checked.

    Fields that already have a problem (``found``) are set aside and the rest are
    structured again, with a stand-in for each required field set aside (problems in
    those fields are already reported, and callers ignore the stand-ins). Returns
    ``None`` when that is not possible.
    """
    if not isinstance(data, dict):
        return None
    bad = {p.field.removeprefix(prefix).split(".")[0].split("[")[0] for p in found}
    fields = attrs.fields(cls)  # type: ignore[arg-type]
    usable = {k: v for k, v in data.items() if k in {a.name for a in fields} and k not in bad}
    for a in fields:  # a required field that is missing or wrong: a stand-in, never reported on
        if a.name not in usable and a.default is attrs.NOTHING:
            stand_in = _STAND_INS.get(a.type) if not _is_enum(a.type) else next(iter(a.type)).value
            if stand_in is None:
                return None
            usable[a.name] = stand_in
    salvaged, _ = structure_table(usable, cls, file="-", record="-")
    return salvaged


#: Values that stand in for a required field while the rest of a broken table is checked.
_STAND_INS: dict[object, object] = {str: "", int: 0, bool: False, float: 0.0}


def _is_enum(tp: object) -> bool:
    return isinstance(tp, type) and issubclass(tp, enum.Enum)
