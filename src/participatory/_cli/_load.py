"""Choosing the catalogues a command works on: ``--catalogue NAME|PATH``, or every installed one."""

import argparse
from pathlib import Path

from .._catalogue import Catalogue
from .._errors import CatalogueError

__all__ = ["add_catalogue_option", "catalogue_from_args", "installed"]


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
    return Path(ref).exists() or "/" in ref or "\\" in ref or ref.endswith((".toml", ".json"))


def catalogue_from_args(args: argparse.Namespace, default: tuple[str, ...] = ()) -> Catalogue:
    """Load what ``--catalogue`` names, with the catalogues they ``extends``.

    Without ``--catalogue``, load the ``default`` names (every installed catalogue when empty).
    """
    refs: list[str] = getattr(args, "catalogue", None) or []
    if not refs:
        return installed(*default)
    from .._registry import current_registry

    loaded = [Catalogue.from_path(ref) if _looks_like_path(ref) else installed(ref) for ref in refs]
    merged = loaded[0].merge(*loaded[1:])
    context, problems = current_registry().extends_context(merged)
    if problems:
        raise CatalogueError("\n".join(p.message for p in problems))
    return context.merge(merged) if context is not None else merged
