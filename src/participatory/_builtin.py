"""The catalogues shipped with participatory."""

from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from ._catalogue import Catalogue

__all__ = ["BUILTIN", "builtin_catalogue", "core_path"]

#: Names of the catalogues shipped inside the package.
BUILTIN = ("core",)


def core_path() -> Traversable:
    """Where the built-in ``core`` catalogue lives.

    In a wheel it is ``participatory/_data/core``; in a source checkout (an editable
    install) it is the repository's ``catalogues/core``.
    """
    shipped = files("participatory") / "_data" / "core"
    if shipped.is_dir():
        return shipped
    return Path(__file__).resolve().parents[2] / "catalogues" / "core"


@cache
def builtin_catalogue(name: str = "core") -> Catalogue:
    """Read a built-in catalogue (once per process; catalogues are immutable)."""
    if name != "core":
        from ._errors import CatalogueNotFoundError

        msg = f"no built-in catalogue named {name!r}; built-in: {', '.join(BUILTIN)}"
        raise CatalogueNotFoundError(msg)
    return Catalogue.from_path(core_path())
