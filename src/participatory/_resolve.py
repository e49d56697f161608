"""Finding the catalogues a catalogue ``extends``."""

from collections.abc import Iterable

from ._catalogue import Catalogue
from ._errors import CatalogueError, Problem

__all__ = ["load_extends"]


def load_extends(names: Iterable[str], requester: str) -> tuple[Catalogue | None, list[Problem]]:
    """Load the catalogues in ``names`` (with what they extend) and merge them.

    Returns the merged catalogue (or ``None`` if none could be loaded) and a problem
    for each name that could not be loaded.
    """
    from ._builtin import builtin_catalogue

    loaded: list[Catalogue] = []
    problems: list[Problem] = []
    for name in names:
        try:
            loaded.append(builtin_catalogue(name))
        except CatalogueError as e:
            problems.append(
                Problem(file=requester, field="catalogue.extends", message=f"cannot load {name!r}: {e}")
            )
    if not loaded:
        return None, problems
    return loaded[0].merge(*loaded[1:]), problems
