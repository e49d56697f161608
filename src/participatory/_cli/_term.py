r"""Terminal output: safe text, tables that fit the width, and colour only where it is wanted.

Everything the command writes passes through :class:`SafeStream` (installed by
:func:`safe_streams` around every command): control characters, bidirectional overrides
and lone surrogates in any text (a record, a plan, a plugin's error message, an argument
echoed back) are written as visible ``\uXXXX`` escapes, so no text can clear the screen,
retitle the window, move the cursor or reverse what follows. The escapes are valid JSON
and TOML string escapes, so ``--format json`` output still reads back to the same text.

Colour follows the conventions of ruff, pip and gh: only when the stream is a terminal,
never when ``NO_COLOR`` is set (https://no-color.org), always when ``FORCE_COLOR`` is;
:func:`write_styled` is the only way an escape sequence reaches the terminal.
"""

import contextlib
import os
import re
import shutil
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Final, TextIO, cast

__all__ = [
    "SafeStream",
    "colour",
    "fit_table",
    "neutralise",
    "safe_streams",
    "use_colour",
    "width",
    "write_styled",
]

#: What a terminal acts on rather than shows: C0 controls but tab and newline, DEL, C1
#: controls, the bidirectional marks, embeddings, overrides and isolates, the line and
#: paragraph separators, and lone surrogates (which cannot be encoded at all).
_UNSAFE: Final = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)


def neutralise(text: str) -> str:
    r"""Return ``text`` with every character a terminal would act on written as a ``\uXXXX`` escape.

    >>> neutralise("a\x1b]0;owned\x07b\u202ec\n")
    'a\\u001b]0;owned\\u0007b\\u202ec\n'
    """
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


class SafeStream:
    """A text stream that neutralises what is written to it (:func:`neutralise`), then passes it on."""

    def __init__(self, raw: TextIO) -> None:
        self.raw = raw

    def write(self, text: str) -> int:
        """Write ``text``, neutralised, to the underlying stream."""
        return self.raw.write(neutralise(text))

    def writelines(self, lines: Iterable[str]) -> None:
        """Write each of ``lines``, neutralised."""
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding, ...
        return getattr(self.raw, name)


@contextlib.contextmanager
def safe_streams() -> Iterator[None]:
    """Make ``sys.stdout`` and ``sys.stderr`` :class:`SafeStream` s while the block runs."""
    out, err = sys.stdout, sys.stderr
    sys.stdout = cast("TextIO", out if isinstance(out, SafeStream) else SafeStream(out))
    sys.stderr = cast("TextIO", err if isinstance(err, SafeStream) else SafeStream(err))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


#: ANSI colour of each finding severity.
SEVERITY_COLOURS: Final = {"error": "31;1", "warning": "33", "info": "36"}
_MIN_COLUMN: Final = 8
#: The narrowest a wrapped column is kept while there are columns that can be left out.
_READABLE_COLUMN: Final = 16


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
    """``text`` (neutralised) in the ANSI colour ``code`` when ``on``, else unchanged."""
    return f"\033[{code}m{neutralise(text)}\033[0m" if on else text


def write_styled(stream: TextIO, text: str, code: str) -> None:
    """Write ``text`` in the ANSI colour ``code``: the escape sequences raw, the text neutralised."""
    raw = stream.raw if isinstance(stream, SafeStream) else stream
    raw.write(colour(text, code, on=True))


def _wrapped(text: str, size: int) -> list[str]:
    """Return ``text`` folded into lines of at most ``size`` characters, at spaces where it can."""
    import textwrap

    return textwrap.wrap(text, size, break_on_hyphens=False) or [""]


def _widths(
    cells: Sequence[Sequence[str]], limit: int, shrinkable: Sequence[int], floor: int = _MIN_COLUMN
) -> list[int] | None:
    """Narrow the widest of the ``shrinkable`` columns until the table fits, or return None.

    No column is narrowed below its header or ``floor`` characters (whichever is longer,
    but never more than its content needs).
    """
    widths = [max(len(r[i]) for r in cells) for i in range(len(cells[0]))]
    floors = [min(w, max(len(cells[0][i]), floor)) for i, w in enumerate(widths)]
    gap = 2 * (len(widths) - 1)
    while sum(widths) + gap > limit:
        widest = max(shrinkable, key=lambda i: widths[i] - floors[i], default=None)
        if widest is None or widths[widest] <= floors[widest]:
            return None
        widths[widest] -= 1
    return widths


def fit_table(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    max_width: int | None = None,
    *,
    drop: Sequence[str] = (),
) -> str:
    """Align ``rows`` under ``columns``, two spaces apart, within ``max_width`` characters.

    ``max_width`` defaults to :func:`width` (no limit when writing to a pipe, so a
    program reads every cell whole, one row a line).

    When the table is too wide, the widest columns after the first (the ids) are
    narrowed and their cells *wrapped* over several lines, keeping each at least 16
    characters wide (or its header's width) while the columns named in ``drop`` can be
    left out, least useful (first) first, to make room; then down to 8 characters; only
    then are the ids narrowed too. No cell is clipped.

    Examples
    --------
    >>> print(fit_table(["id", "name"], [["a", "A very long name indeed"]], max_width=16))
    id  name
    a   A very long
        name indeed
    >>> rows = [["a", "A very long name", "3"]]
    >>> print(fit_table(["id", "name", "score"], rows, max_width=16, drop=["score"]))
    id  name
    a   A very long
        name
    """
    limit = width() if max_width is None else max_width
    if limit is None:
        limit = sys.maxsize
    cells = [[" ".join(str(c).split()) for c in row] for row in [list(columns), *rows]]
    kept = list(range(len(columns)))
    droppable = [columns.index(c) for c in drop if c in columns]
    while True:
        table = [[row[i] for i in kept] for row in cells]
        # With columns to spare, keep each wide enough to read (wrapped, not a word a line).
        floor = _READABLE_COLUMN if droppable else _MIN_COLUMN
        widths = _widths(table, limit, range(1, len(kept)), floor)
        if widths is not None or not droppable:
            break
        kept.remove(droppable.pop(0))
    if widths is None:  # even the columns that cannot go are too wide: narrow the ids too
        widths = _widths(table, limit, range(len(kept))) or [_MIN_COLUMN] * len(kept)
    lines: list[list[str]] = []
    for row in table:
        folded = [_wrapped(c, w) if len(c) > w else [c] for c, w in zip(row, widths, strict=True)]
        height = max(len(f) for f in folded)
        lines.extend([f[n] if n < len(f) else "" for f in folded] for n in range(height))
    from .._html._text import aligned  # the one column-alignment rule

    return "\n".join(aligned(lines))
