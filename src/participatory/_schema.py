"""The shared schema: rules every layer agrees on, written once.

- the slug rule for ids and names, and the one message that explains it;
- "did you mean": the nearest known word, and the one way to say it;
- how list values are joined into one attribute, and a record's node key in the graph.

Which fields reference which kind, and the graph's node and edge kinds, are declared
with the kinds (:mod:`participatory._kinds`).

This module sits at the bottom of the package with the records and errors: it imports
nothing from the rest of the package, so every layer may use it.
"""

import datetime as dt
import re
from collections.abc import Iterable
from types import MappingProxyType
from typing import Final

__all__ = [
    "DATE",
    "LIST_SEPARATOR",
    "MAX_AGE",
    "SLUG",
    "activity_name",
    "describe",
    "did_you_mean",
    "is_slug",
    "nearest",
    "node_key",
    "slug_problem",
    "slugify",
    "suggestion",
    "table_hint",
]

#: ``attrs.field(metadata=DATE)`` marks a text field that holds an ISO date, written in a
#: file as a TOML date or a ``YYYY-MM-DD`` string (as ``Source.accessed`` is); the
#: converter reads both, and the JSON Schema gives it ``format: date``.
DATE: Final = MappingProxyType({"date": True})

# --------------------------------------------------------------------------- slugs

#: The id rule: lowercase letters and digits in runs joined by single hyphens.
SLUG: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: How the slug rule is explained to people, everywhere it is broken.
SLUG_RULE: Final = "use lowercase letters, digits and single hyphens"


def is_slug(text: str) -> bool:
    """Whether ``text`` is a valid id: lowercase letters, digits and single hyphens.

    >>> is_slug("photo-voice"), is_slug("Photo voice"), is_slug("a--b")
    (True, False, False)
    """
    return SLUG.fullmatch(text) is not None


def slugify(text: str) -> str:
    """Turn any text into a slug (``"Citizens' Jury"`` -> ``"citizens-jury"``).

    Examples
    --------
    >>> slugify("  Citizens’ Jury (UK)®  ")
    'citizens-jury-uk'
    """
    import unicodedata

    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    folded = re.sub(r"['’`]", "", folded)
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def slug_problem(value: str, what: str = "id") -> str | None:
    """Return the message for a value that breaks the slug rule, or ``None`` if it keeps it.

    >>> slug_problem("Photo Voice")
    "'Photo Voice' is not a valid id (use lowercase letters, digits and single hyphens; try 'photo-voice')"
    >>> slug_problem("photovoice") is None
    True
    """
    if is_slug(value):
        return None
    fixed = slugify(value)
    hint = f"; try {fixed!r}" if fixed and fixed != value else ""
    return f"{value!r} is not a valid {what} ({SLUG_RULE}{hint})"


# --------------------------------------------------------------------------- values

_SHOWN = 40


def describe(value: object) -> str:
    """Name a value's type the way a file author thinks of it."""
    match value:
        case bool():
            return f"a boolean ({str(value).lower()})"
        case int() if -(10**18) < value < 10**18:
            return f"an integer ({value})"
        case int():  # too long to show (Python refuses to print one of over 4300 digits)
            return f"an integer of about {int(value.bit_length() * 0.30103) + 1} digits"
        case float():
            return f"a number ({value})"
        case str():
            shown = value if len(value) <= _SHOWN else value[: _SHOWN - 3] + "..."
            return f"a string ({shown!r})"
        case dict():
            return "a table"
        case list() | tuple():
            return "an array"
        case None:
            return "null"
        case dt.datetime() | dt.date() | dt.time():
            return f"a date or time ({value.isoformat()})"
        case _:
            return type(value).__name__


# --------------------------------------------------------------------------- did you mean


def nearest(word: str, candidates: Iterable[str]) -> str | None:
    """Return the candidate closest to ``word``, or ``None`` when none is close.

    >>> nearest("desing", ["design", "funding"])
    'design'
    """
    import difflib  # only when there is something to suggest

    found = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return found[0] if found else None


def did_you_mean(word: str, candidates: Iterable[str], *, shown: str = "{!r}") -> str:
    """Return ``"; did you mean 'x'?"`` for the nearest candidate, or ``""`` when none is close.

    ``shown`` formats the suggestion (``"[[{}]]"`` suggests a table name).

    >>> did_you_mean("stage", ["stages", "levels"])
    "; did you mean 'stages'?"
    >>> did_you_mean("zzz", ["stages"])
    ''
    """
    return suggestion(nearest(word, candidates), shown)


def suggestion(close: str | None, shown: str = "{!r}") -> str:
    """Return ``"; did you mean 'x'?"`` for a suggestion already chosen, or ``""`` for none.

    >>> suggestion("design"), suggestion(None)
    ("; did you mean 'design'?", '')
    """
    return f"; did you mean {shown.format(close)}?" if close else ""


def table_hint(guess: str | None, arrays: Iterable[str]) -> str:
    """Suggest a table of a file: ``[[name]]`` for an array of tables, ``[name]`` for a table.

    >>> table_hint("technique", ["technique"]), table_hint("catalogue", ["technique"])
    ('; did you mean [[technique]]?', '; did you mean [catalogue]?')
    """
    if guess is None:
        return ""
    return suggestion(guess, "[[{}]]" if guess in set(arrays) else "[{}]")


# --------------------------------------------------------------------------- graph keys

#: The oldest age a record or a query may give, in years.
MAX_AGE: Final = 120

#: How list-valued fields are joined into one string attribute (GraphML takes scalars only).
LIST_SEPARATOR: Final = "; "


def node_key(kind: str, record_id: str) -> str:
    """Return the graph key of a record: ``"technique:photovoice"``.

    Examples
    --------
    >>> node_key("stage", "design")
    'stage:design'
    """
    return f"{kind}:{record_id}"


def activity_name(index: int) -> str:
    """How an activity is named to people, counted from 1 (``activity 3``): the one rule.

    Reports, audits, budgets and plan-file errors all use it, so a message never
    counts from 0 beside a text that counts from 1.

    >>> activity_name(0)
    'activity 1'
    """
    return f"activity {index + 1}"
