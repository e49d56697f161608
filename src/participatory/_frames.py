"""pandas DataFrames of catalogues, query results, plans, audits and tables.

One rule for every ``to_dataframe()``: rows indexed by their id (or number), ordered
scales (level, cost, timescale, facilitation, strength of evidence) as *ordered*
categoricals so that ``df.cost <= "medium"`` is right, stage ids as a categorical
ordered as the research cycle is, lists kept as Python lists (use
``df.explode("stages")`` to get one row per value), whole numbers as integers (pandas'
nullable ``Int64`` where a value may be missing), other numbers as floats, and booleans
as booleans. A column's type comes from the field's declared type where there is one,
so it does not change with the data (an empty frame has the same types as a full one).

Beside a technique's ``levels`` and ``modes`` lists, the frame has what the library's
own queries test: ``min_level`` and ``max_level`` (ordered), so ``max_level >=
"collaborate"`` is ``techniques(level="collaborate")``, and one boolean column per
mode (``in_person``, ``online``, ``hybrid``), so ``df.online`` is
``techniques(mode="online")``.
"""

import enum
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from ._enums import _OrderedEnum
from ._model import AgeRange, Effectiveness, GroupSize, Level, Mode, Strength

__all__ = [
    "column_types",
    "expand_columns",
    "expand_row",
    "frame",
    "plain",
    "range_cells",
    "record_rows",
    "require",
]

#: Enum classes shown as ordered categoricals (the others are plain categoricals).
_UNORDERED = frozenset({"Mode", "ResourceKind", "Format", "Sector", "Form"})

#: Range fields split into two columns: field name -> (column prefix, the lowest value).
_RANGES: Mapping[str, tuple[str, int]] = {"group_size": ("group", 1), "ages": ("age", 0)}

#: Columns for each mode of a technique's ``modes`` (``in-person`` -> ``in_person``).
MODE_COLUMNS: Mapping[str, Mode] = {m.value.replace("-", "_"): m for m in Mode}


def require(module: str, extra: str, purpose: str) -> Any:
    """Import an optional dependency, or raise ImportError naming the extra to install."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as e:
        msg = f"{purpose} needs {module}; install it with: pip install 'participatory[{extra}]'"
        raise ImportError(msg) from e


def plain(value: object) -> object:
    """Return ``value`` as plain data: enums as their names, tuples as lists."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


# --------------------------------------------------------------------------- column types


def _declared(hint: Any) -> tuple[object, bool]:
    """Return what a field's type hint declares a column to hold, and whether it may be missing.

    The first is an enum class, ``int``, ``bool``, ``float``, ``list`` or ``object``.
    """
    optional = False
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        optional = len(args) < len(typing.get_args(hint))
        hint = args[0] if len(args) == 1 else object
    if typing.get_origin(hint) in (tuple, list):
        return list, optional
    if hint is Effectiveness:
        return Strength, True
    if hint in (GroupSize, AgeRange):
        return int, True
    if isinstance(hint, type) and (issubclass(hint, enum.Enum) or hint in (int, bool, float)):
        return hint, optional
    return object, optional


def column_types(cls: type[Any]) -> dict[str, tuple[object, bool]]:
    """Return the declared type of each DataFrame column of an attrs record class.

    Keys are column names as :func:`record_rows` and :func:`expand_columns` make them
    (a range as ``<prefix>_min`` and ``<prefix>_max``, the derived level and mode
    columns); values are ``(type, may_be_missing)`` as :func:`frame` takes them.
    """
    hints = typing.get_type_hints(cls)
    out: dict[str, tuple[object, bool]] = {}
    for f in attrs.fields(cls):
        kind = _declared(hints[f.name])
        if f.name in _RANGES:
            prefix = _RANGES[f.name][0]
            out[f"{prefix}_min"] = out[f"{prefix}_max"] = kind
        else:
            out[f.name] = kind
    if "levels" in out:
        out["min_level"] = out["max_level"] = (Level, True)
    if "modes" in out:
        out.update(dict.fromkeys(MODE_COLUMNS, (bool, False)))
    return out


def expand_columns(columns: Iterable[str]) -> list[str]:
    """Return ``columns`` with the derived columns after ``levels`` and ``modes``."""
    out: list[str] = []
    for column in columns:
        out.append(column)
        if column == "levels":
            out += ["min_level", "max_level"]
        elif column == "modes":
            out += list(MODE_COLUMNS)
    return out


def expand_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``row`` with the derived cells: the lowest and deepest level, a flag per mode."""
    out = dict(row)
    if "levels" in row:
        levels = [Level.parse(v) for v in row["levels"]]
        out["min_level"] = min(levels) if levels else None
        out["max_level"] = max(levels) if levels else None
    if "modes" in row:
        modes = {Mode.parse(v) for v in row["modes"]}
        out.update({column: mode in modes for column, mode in MODE_COLUMNS.items()})
    return out


# --------------------------------------------------------------------------- frames


def _enum_of(values: Iterable[object]) -> type[enum.Enum] | None:
    for v in values:
        if v is not None:
            return type(v) if isinstance(v, enum.Enum) else None
    return None


def _number_kind(values: Sequence[object]) -> type | None:
    """``bool``, ``int`` or ``float`` if every value present is one (ints and floats: float)."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return bool
    if not present or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return None
    return int if all(isinstance(v, int) for v in present) else float


def _column(
    pd: Any, values: list[object], declared: tuple[object, bool] | None, order: Sequence[str] | None
) -> Any:
    """Return one column's values as a pandas array of the right type."""
    if order is not None:  # ids in a given order (stages in research order)
        cells = [plain(v) for v in values]
        extra = [v for v in dict.fromkeys(cells) if v is not None and v not in order]
        return pd.Categorical(cells, categories=[*order, *extra], ordered=True)
    kind, optional = declared if declared is not None else (None, True)
    if kind is None or kind is object:
        kind = _enum_of(values) or _number_kind(values)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        ordered = issubclass(kind, _OrderedEnum) and kind.__name__ not in _UNORDERED
        categories = [m.value for m in kind]
        return pd.Categorical([plain(v) for v in values], categories=categories, ordered=ordered)
    if kind is bool:
        return pd.array(values, dtype="boolean" if optional or None in values else "bool")
    if kind is int:
        return pd.array(values, dtype="Int64" if optional or None in values else "int64")
    if kind is float:
        return pd.array([float("nan") if v is None else v for v in values], dtype="float64")
    return pd.Series([plain(v) for v in values], dtype=object)


def frame(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    *,
    index: str | None = None,
    types: Mapping[str, tuple[object, bool]] | None = None,
    order: Mapping[str, Sequence[str]] | None = None,
) -> Any:
    """Build a DataFrame from ``rows`` by the rule above (needs ``participatory[pandas]``).

    Parameters
    ----------
    rows : sequence of mapping
        One mapping per row, keyed by column name.
    columns : sequence of str
        The columns, in order.
    index : str, optional
        The column to index by.
    types : mapping, optional
        Declared column types, as :func:`column_types` returns them; a column not named
        gets its type from its values.
    order : mapping of str to sequence of str, optional
        Columns of ids shown as an ordered categorical, in this order (ids not in it
        come after, in the order first met).
    """
    pd = require("pandas", "pandas", "to_dataframe()")
    types = types or {}
    order = order or {}
    data = {
        column: _column(pd, [row.get(column) for row in rows], types.get(column), order.get(column))
        for column in columns
    }
    df = pd.DataFrame(data, columns=list(columns))
    if index is not None:
        df = df.set_index(index)
    return df


def _cells(name: str, value: object) -> dict[str, object]:
    """Return a record field as cells: evidence as its strength, sources by title, items by name."""
    if name == "effectiveness":
        return {name: getattr(value, "strength", None)}
    if name == "sources" and isinstance(value, tuple):
        return {name: [s.title for s in value]}
    if isinstance(value, tuple) and value and attrs.has(type(value[0])):
        return {
            name: [getattr(v, "name", "") or getattr(v, "term", "") or getattr(v, "id", "") for v in value]
        }
    return {name: value}


def record_rows(records: Iterable[Any], cls: type[Any]) -> tuple[list[dict[str, object]], list[str]]:
    """Return rows and columns for attrs records of one class: ranges split, lists as lists.

    Techniques also get the derived level and mode columns (see :func:`expand_row`).
    """
    columns: list[str] = []
    for f in attrs.fields(cls):
        columns += list(range_cells(f.name, None)) if f.name in _RANGES else [f.name]
    rows = []
    for rec in records:
        row: dict[str, object] = {}
        for f in attrs.fields(cls):
            value = getattr(rec, f.name)
            row.update(range_cells(f.name, value) if f.name in _RANGES else _cells(f.name, value))
        rows.append(expand_row(row))
    return rows, expand_columns(columns)


def range_cells(name: str, value: GroupSize | AgeRange | None) -> dict[str, int | None]:
    """Return a range field as two cells, ``<prefix>_min`` and ``<prefix>_max``.

    A range given without a lower bound starts at the lowest value (a group of 1, age 0),
    so ``<NA>`` in ``_min`` means "no range given" and ``<NA>`` in ``_max`` "no upper
    limit": ``df.group_min.le(n).fillna(False) & df.group_max.ge(n).fillna(True)`` is
    the techniques a group of ``n`` fits.
    """
    prefix, lowest = _RANGES[name]
    if value is None:
        return {f"{prefix}_min": None, f"{prefix}_max": None}
    return {f"{prefix}_min": lowest if value.min is None else value.min, f"{prefix}_max": value.max}
