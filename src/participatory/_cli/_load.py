"""Choosing the catalogues a command works on: ``--catalogue NAME|PATH``, or every installed one."""

import argparse
import os
from collections.abc import Callable
from typing import TypeVar

from .._catalogue import Catalogue
from .._errors import CatalogueError, CatalogueValidationError

__all__ = [
    "ListOf",
    "add_catalogue_option",
    "bounded",
    "catalogue_from_args",
    "catalogue_from_refs",
    "installed",
    "non_empty",
    "positive",
]

T = TypeVar("T", int, float)

#: The largest number a numeric option takes (a group size, a limit).
MAX_NUMBER = 1_000_000


def bounded(text: str, convert: "Callable[[str], T]", low: T, high: T, what: str) -> T:
    """Parse an option's value with ``convert``, from ``low`` to ``high`` (a usage error otherwise)."""
    try:
        value = convert(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}") from None
    if not low <= value <= high:  # also refuses a float nan
        raise argparse.ArgumentTypeError(f"expected {what} from {low} to {high}, got {text}")
    return value


def positive(text: str) -> int:
    """Parse an option's value as a whole number from 1 to :data:`MAX_NUMBER` (a usage error otherwise)."""
    return bounded(text, int, 1, MAX_NUMBER, "a whole number")


def non_empty(text: str) -> str:
    """Refuse an empty (or blank) option value as a usage error."""
    if not text.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    return text


class ListOf(tuple[str, ...]):
    """The ``choices`` of an option that also takes a comma-separated list of them.

    ``"online,hybrid" in ListOf(("in-person", "online", "hybrid"))`` is true, so argparse
    accepts a list while its messages, ``--help`` and the completion scripts (which
    iterate the choices) show each value once.
    """

    def __contains__(self, value: object) -> bool:
        parts = [part.strip() for part in str(value).split(",") if part.strip()]
        return bool(parts) and all(tuple.__contains__(self, part) for part in parts)


def add_catalogue_option(parser: argparse.ArgumentParser) -> None:
    """Add the repeatable ``--catalogue NAME|PATH`` option."""
    parser.add_argument(
        "--catalogue",
        "-c",
        action="append",
        metavar="NAME|PATH",
        help=(
            "an installed catalogue's name, or a catalogue file or directory; repeat to merge "
            "several (default: every installed catalogue)"
        ),
    )


def installed(*names: str) -> Catalogue:
    """Return the installed catalogues called ``names`` merged (every installed one when none)."""
    from .._registry import load

    return load(*names)


def _looks_like_path(ref: str) -> bool:
    return os.path.exists(ref) or "/" in ref  # noqa: PTH110  (False, not an error, for a name too long) or "\\" in ref or ref.endswith((".toml", ".json"))


def catalogue_from_args(args: argparse.Namespace, default: tuple[str, ...] = ()) -> Catalogue:
    """Load what ``--catalogue`` names, with the catalogues they ``extends``.

    Without ``--catalogue``, load the ``default`` names (every installed catalogue when empty).
    """
    refs: list[str] = getattr(args, "catalogue", None) or []
    if not refs:
        return installed(*default)
    return catalogue_from_refs(refs)


def catalogue_from_refs(refs: list[str]) -> Catalogue:
    """Load and merge installed catalogue names or catalogue paths, with what they ``extends``."""
    from .._registry import current_registry

    loaded = [Catalogue.from_path(ref) if _looks_like_path(ref) else installed(ref) for ref in refs]
    merged = loaded[0].merge(*loaded[1:])
    context, problems = current_registry().extends_context(merged)
    if problems:
        raise CatalogueError("\n".join(str(p) for p in problems))  # each naming its file
    # References are checked as `validate` checks them, against what the files extend.
    problems.extend(p for p in merged.check(context) if p.severity == "error")
    if problems:
        raise CatalogueValidationError(problems)
    return context.merge(merged) if context is not None else merged


def catalogue_in_language(cat: Catalogue, refs: list[str], language: str) -> Catalogue:
    """Return ``cat`` (loaded from ``refs``) shown in ``language``, from every catalogue's translations.

    Each installed catalogue's ``translations/`` folder counts, and each catalogue
    directory named in ``refs``.
    """
    from pathlib import Path

    from .._registry import current_registry
    from .._translations import in_language

    registry = current_registry()
    roots: list[object] = []
    for root in [
        *(registry.translation_root(m.name) for m in cat.members),
        *(Path(r) for r in refs if _looks_like_path(r) and Path(r).is_dir()),
    ]:
        if root is not None and str(root) not in {str(r) for r in roots}:
            roots.append(root)
    return in_language(cat, roots, language)  # type: ignore[arg-type]
