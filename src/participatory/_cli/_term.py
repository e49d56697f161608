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
