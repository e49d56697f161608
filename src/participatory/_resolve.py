"""Finding the catalogues a catalogue ``extends``, through the catalogue registry."""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ._catalogue import Catalogue
from ._errors import CatalogueError, Problem

if TYPE_CHECKING:
    from ._registry import Registry

__all__ = ["load_extends"]


def load_extends(
    names: Iterable[str], requester: str, *, registry: "Registry | None" = None
) -> tuple[Catalogue | None, list[Problem]]:
    """Load the catalogues in ``names`` (with what they extend) and merge them.

    Names are looked up in ``registry`` (default: the current one), so built-in,
    runtime and installed catalogues all count. Returns the merged catalogue (or
    ``None`` if none could be loaded) and a problem for each name that could not be
    loaded, naming both the requester and the missing catalogue.
    """
    from ._registry import current_registry

    reg = registry if registry is not None else current_registry()
    ok: list[str] = []
    problems: list[Problem] = []
    for name in dict.fromkeys(names):
        try:
            reg.load(name)
        except CatalogueError as e:
            problems.append(
                Problem(
                    file=requester,
                    field="catalogue.extends",
                    message=f"{requester!r} extends {name!r}, which cannot be loaded: {e}",
                )
            )
        else:
            ok.append(name)
    if not ok:
        return None, problems
    try:
        return reg.load(*ok), problems
    except CatalogueError as e:
        problems.append(Problem(file=requester, field="catalogue.extends", message=str(e)))
        return None, problems
