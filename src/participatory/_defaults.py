"""What a consumer uses when it is not given a catalogue: set once, by the entry points.

Consumers (plans, audits, reports, suggestions) are given their catalogue; they never
find or load installed catalogues themselves. For the conveniences that take none
(``plan.audit()``), they ask :func:`installed`, which calls the loader the public
namespace installed when ``participatory`` was imported (flake8 finds and loads its
plugins once, at its entry point, and passes them down in the same way).
"""

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ._errors import CatalogueError

if TYPE_CHECKING:
    from ._catalogue import Catalogue

__all__ = ["installed", "set_loader"]

_loader: "Callable[[Sequence[str]], Catalogue] | None" = None


def set_loader(loader: "Callable[[Sequence[str]], Catalogue]") -> None:
    """Install the function that loads installed catalogues by name (the entry points call this)."""
    global _loader  # noqa: PLW0603  (set once, at import of the public namespace)
    _loader = loader


def installed(names: Sequence[str]) -> "Catalogue":
    """Return the installed catalogues ``names`` (``core`` when empty), loaded by the entry points' loader.

    Raises
    ------
    CatalogueError
        If no loader was installed (pass a catalogue instead).
    """
    if _loader is None:
        msg = "no catalogue given, and none can be loaded here; pass catalogue=..."
        raise CatalogueError(msg)
    return _loader(tuple(names) or ("core",))
