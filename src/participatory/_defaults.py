"""What a consumer uses when it is not given a catalogue: set once, by the entry points.

Consumers (plans, audits, reports, suggestions) are given their catalogue; they never
find or load installed catalogues themselves. For the conveniences that take none
(``plan.audit()``), they ask :func:`installed`, which calls the loader the public
namespace installed when ``participatory`` was imported (flake8 finds and loads its
plugins once, at its entry point, and passes them down in the same way).
"""

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Final

from ._errors import CatalogueError

if TYPE_CHECKING:
    from ._catalogue import Catalogue

__all__ = [
    "CHECKLIST_ALIASES",
    "DEFAULT_CHECKLIST",
    "DEFAULT_STAKEHOLDERS",
    "PROFESSIONAL",
    "installed",
    "set_loader",
]

# The named defaults of the rules: catalogue ids and categories the code falls back on,
# each written once, here (docs/plans.md describes them).

#: Whom a suggested plan involves when the caller names nobody: those of these stakeholders
#: the catalogue has, else every stakeholder not in the :data:`PROFESSIONAL` category.
DEFAULT_STAKEHOLDERS: Final = ("patient", "carer", "public")
#: The checklist ``plan.report()`` and ``participatory plan report`` fill when none is named.
DEFAULT_CHECKLIST: Final = "gripp2-sf"
#: Short names ``participatory plan report --checklist`` accepts for the built-in checklists.
CHECKLIST_ALIASES: Final = {
    "reflective": "reflective-questions",
    "gripp2": "gripp2-sf",
    "uk": "uk-standards",
    "ethics": "ethics-involvement",
    "funder": "nihr-ppi-section",
    "nihr": "nihr-ppi-section",
}
#: The stakeholder ``category`` of people who take part as professionals, not as public
#: contributors: audits do not ask to pay them, suggestions do not default to them.
PROFESSIONAL: Final = "professional"

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
