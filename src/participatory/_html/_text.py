"""Plain text: table cells, aligned tables and records, for terminals and text fallbacks.

Like the rest of the presentation layer, this module imports nothing from the rest of
the package at run time: it formats any value by its shape (enums, tuples, attrs
records), so every layer's ``__repr__`` may call it without an import cycle.
"""

import enum
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from . import dated

if TYPE_CHECKING:
    from .._model import GroupSize, Record

__all__ = ["aligned", "cell_text", "clip", "fields_of", "group_text", "record_text", "text_table"]

_TEXT_WIDTH = 40


def cell_text(value: object) -> str:
    """Render one value for a table cell: ``None`` empty, booleans as yes/no, lists joined.

    >>> cell_text(None), cell_text(True), cell_text(("a", "b")), cell_text(0.123456)
    ('', 'yes', 'a, b', '0.123')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, list | tuple):
        return ", ".join(cell_text(v) for v in value)
    return str(value)


def clip(text: str, width: int = _TEXT_WIDTH) -> str:
    """Fold white space and cut ``text`` to ``width`` characters, marking the cut with ``...``."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def aligned(rows: Sequence[Sequence[str]]) -> list[str]:
    """Pad the cells of ``rows`` (the first is the header) into aligned columns, two spaces apart."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]


def text_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]], total: int) -> str:
    """Render rows as aligned plain text, with a caption and an ``... N more`` line."""
    lines = [f"{title} ({total})" if title else f"({total} rows)"]
    if total:
        lines.extend(aligned([list(columns), *([clip(c) for c in row] for row in rows)]))
    if total > len(rows):
        lines.append(f"... and {total - len(rows)} more")
    return "\n".join(lines)


def group_text(size: "GroupSize") -> str:
    """Say a group size in words: ``"6 to 12"``, ``"20 or more"``."""
    if size.max is None:
        return f"{size.min or 1} or more"
    return f"{size.min or 1} to {size.max}"


def is_group_size(value: object) -> bool:
    """Whether ``value`` is a group size (an attrs value with ``min`` and ``max``)."""
    cls = type(value)
    return attrs.has(cls) and {f.name for f in attrs.fields(cls)} == {"min", "max"}


def is_citation(value: object) -> bool:
    """Whether ``value`` is a citation (an attrs value with a ``title`` and a ``url``)."""
    return attrs.has(type(value)) and hasattr(value, "url") and hasattr(value, "title")


def citation_label(source: object) -> str:
    """Return a citation as its title with publisher and year: ``"Title (NIHR, 2019)"``.

    A page that prints no date shows ``n.d.``; the one label of the text output, the
    notebook reprs and the reports.

    >>> from participatory import Source
    >>> citation_label(Source(title="Guide", url="https://example.org", publisher="NIHR"))
    'Guide (NIHR, n.d.)'
    """
    title, publisher = str(getattr(source, "title", "")), getattr(source, "publisher", "")
    year = dated(getattr(source, "year", None))
    return f"{title} ({publisher}, {year})" if publisher else f"{title} ({year})"


def fields_of(rec: "Record") -> list[tuple[str, object]]:
    """Return the fields of a record worth showing: every non-empty one but id, name and summary."""
    skip = {"id", "name", "summary"}
    return [
        (f.name, getattr(rec, f.name))
        for f in attrs.fields(type(rec))
        if f.name not in skip and getattr(rec, f.name) not in (None, "", ())
    ]


def record_text(rec: "Record") -> str:
    """Return a record as readable plain text: name, kind and id, summary, then its fields."""
    lines = [f"{rec.name} ({rec.record_kind} {rec.id})"]
    if rec.summary:
        lines.append(rec.summary)
    for name, value in fields_of(rec):
        if is_group_size(value):
            shown = group_text(value)  # type: ignore[arg-type]
        elif isinstance(value, tuple) and value and is_citation(value[0]):
            shown = "; ".join(f"{citation_label(s)} <{s.url}>" for s in value)
        elif isinstance(value, tuple) and value and attrs.has(type(value[0])):
            shown = "; ".join(getattr(v, "name", "") or getattr(v, "term", "") for v in value)
        elif isinstance(value, tuple) and any(" " in str(v) for v in value):
            shown = "; ".join(str(v) for v in value)  # sentences: commas would blur them
        else:
            shown = cell_text(value)
        lines.append(f"  {name.replace('_', ' ')}: {shown}")
    return "\n".join(lines)
