"""Terminal output: tables that fit the width, and colour only where it is wanted.

Colour follows the conventions of ruff, pip and gh: only when the stream is a terminal,
never when ``NO_COLOR`` is set (https://no-color.org), always when ``FORCE_COLOR`` is.
"""

import os
import shutil
import sys
from collections.abc import Sequence
from typing import Final, TextIO

__all__ = ["colour", "fit_table", "use_colour", "width"]

#: ANSI colour of each finding severity.
SEVERITY_COLOURS: Final = {"error": "31;1", "warning": "33", "info": "36"}
_MIN_COLUMN: Final = 8


def width(stream: TextIO | None = None) -> int | None:
    """Width to fit output to: ``COLUMNS`` when set, the terminal's, or ``None`` in a pipe."""
    out = sys.stdout if stream is None else stream
    if not os.environ.get("COLUMNS") and not _isatty(out):
        return None  # a file or a pipe: never clip what a program will read
    return shutil.get_terminal_size((80, 24)).columns


def _isatty(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def use_colour(stream: TextIO) -> bool:
    """Whether to colour what is written to ``stream``."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return _isatty(stream)


def colour(text: str, code: str, *, on: bool) -> str:
    """``text`` in the ANSI colour ``code`` when ``on``, else unchanged."""
    return f"\033[{code}m{text}\033[0m" if on else text


def _clip(text: str, size: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: max(size - 1, 0)] + "…"


def fit_table(columns: Sequence[str], rows: Sequence[Sequence[str]], max_width: int | None = None) -> str:
    """Align ``rows`` under ``columns``, two spaces apart, within ``max_width`` characters.

    ``max_width`` defaults to :func:`width` (no limit when writing to a pipe).

    The widest columns after the first (the ids) are narrowed first, never below 8
    characters, and their cells clipped with an ellipsis, so no line is wider than the
    terminal; the ids are narrowed only when that is not enough.

    Examples
    --------
    >>> print(fit_table(["id", "name"], [["a", "A very long name indeed"]], max_width=16))
    id  name
    a   A very long…
    """
    limit = width() if max_width is None else max_width
    if limit is None:
        limit = sys.maxsize
    cells = [[" ".join(str(c).split()) for c in row] for row in [list(columns), *rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]
    gap = 2 * (len(widths) - 1)
    for shrinkable in (range(1, len(widths)), range(len(widths))):
        while sum(widths) + gap > limit:
            widest = max(shrinkable, key=lambda i: widths[i], default=0)
            if widths[widest] <= _MIN_COLUMN:
                break
            widths[widest] -= 1
    from .._html._text import aligned  # the one column-alignment rule

    return "\n".join(aligned([[_clip(c, w) for c, w in zip(r, widths, strict=True)] for r in cells]))
