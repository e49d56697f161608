"""pandas DataFrames of catalogues, query results, plans, audits and tables.

One rule for every ``to_dataframe()``: rows indexed by their id (or number), ordered
scales (level, cost, timescale, facilitation, strength of evidence) as *ordered*
categoricals so that ``df.cost <= "medium"`` is right, lists kept as Python lists (use
``df.explode("stages")`` to get one row per value), whole numbers as integers (pandas'
nullable ``Int64`` where a value may be missing), and booleans as booleans.
"""

import enum
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from ._enums import _OrderedEnum

__all__ = ["frame", "plain", "record_rows", "require"]

#: Enum classes shown as ordered categoricals (the others are plain categoricals).
_UNORDERED = frozenset({"Mode", "ResourceKind", "Format", "Sector", "Form"})


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


def _enum_of(values: Iterable[object]) -> type[enum.Enum] | None:
    for v in values:
        if v is not None:
            return type(v) if isinstance(v, enum.Enum) else None
    return None


def _whole(values: Sequence[object]) -> bool:
    present = [v for v in values if v is not None]
    return bool(present) and all(isinstance(v, int) and not isinstance(v, bool) for v in present)


def frame(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], *, index: str | None = None) -> Any:
    """Build a DataFrame from ``rows`` by the rule above (needs ``participatory[pandas]``)."""
    pd = require("pandas", "pandas", "to_dataframe()")
    data: dict[str, Any] = {}
    for column in columns:
        values = [row.get(column) for row in rows]
        kind = _enum_of(values)
        if kind is not None:
            categories = [m.value for m in kind]
            ordered = issubclass(kind, _OrderedEnum) and kind.__name__ not in _UNORDERED
            data[column] = pd.Categorical([plain(v) for v in values], categories=categories, ordered=ordered)
        elif any(isinstance(v, bool) for v in values) and all(
            v is None or isinstance(v, bool) for v in values
        ):
            data[column] = pd.array(values, dtype="boolean")
        elif _whole(values):
            data[column] = pd.array(values, dtype="Int64" if None in values else "int64")
        else:
            data[column] = pd.Series([plain(v) for v in values], dtype=object) if values else []
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
    """Return rows and columns for attrs records of one class: ranges split, lists as lists."""
    ranges = {"group_size": "group", "ages": "age"}
    columns: list[str] = []
    for f in attrs.fields(cls):
        prefix = ranges.get(f.name)
        columns += [f"{prefix}_min", f"{prefix}_max"] if prefix else [f.name]
    rows = []
    for rec in records:
        row: dict[str, object] = {}
        for f in attrs.fields(cls):
            value = getattr(rec, f.name)
            prefix = ranges.get(f.name)
            if prefix:
                row[f"{prefix}_min"] = getattr(value, "min", None)
                row[f"{prefix}_max"] = getattr(value, "max", None)
            else:
                row.update(_cells(f.name, value))
        rows.append(row)
    return rows, columns
