"""participatory: an open, typed, queryable catalogue of participatory research techniques.

Plan research *with* patients, carers and communities: look up techniques that suit a
research stage, the people to involve and the depth of involvement wanted; find the
guides and standards behind them; check an involvement plan for gaps; report it.

Importing the package is cheap: no installed catalogue is discovered or loaded and
networkx is not imported until they are first needed.

Examples
--------
>>> import participatory as pr
>>> pr.Level.COLLABORATE > pr.Level.CONSULT
True
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._catalogue import Catalogue, CatalogueInfo, Origin, slugify
from ._errors import (
    CatalogueConflictError,
    CatalogueError,
    CatalogueLoadError,
    CatalogueNotFoundError,
    CatalogueValidationError,
    CatalogueWriteError,
    ParticipatoryWarning,
    PluginWarning,
    Problem,
    RegistrationConflict,
    UnknownIdError,
)
from ._model import (
    Case,
    Checklist,
    ChecklistItem,
    Cost,
    Crosswalk,
    CrosswalkEntry,
    GroupSize,
    Level,
    Mode,
    Record,
    Resource,
    ResourceKind,
    Source,
    Stage,
    Stakeholder,
    Technique,
    Timescale,
)
from ._version import __version__

if TYPE_CHECKING:
    from ._builtin import core_path
    from ._participedia import ImportSummary, import_participedia
    from ._registry import (
        CatalogueStatus,
        Registration,
        catalogues,
        load,
        refresh,
        register,
        unregister,
    )

__all__ = [
    "Case",
    "Catalogue",
    "CatalogueConflictError",
    "CatalogueError",
    "CatalogueInfo",
    "CatalogueLoadError",
    "CatalogueNotFoundError",
    "CatalogueStatus",
    "CatalogueValidationError",
    "CatalogueWriteError",
    "Checklist",
    "ChecklistItem",
    "Cost",
    "Crosswalk",
    "CrosswalkEntry",
    "GroupSize",
    "ImportSummary",
    "Level",
    "Mode",
    "Origin",
    "ParticipatoryWarning",
    "PluginWarning",
    "Problem",
    "Record",
    "Registration",
    "RegistrationConflict",
    "Resource",
    "ResourceKind",
    "Source",
    "Stage",
    "Stakeholder",
    "Technique",
    "Timescale",
    "UnknownIdError",
    "__version__",
    "catalogues",
    "core_path",
    "import_participedia",
    "load",
    "refresh",
    "register",
    "slugify",
    "unregister",
]

#: Public names served lazily (name -> "module:attribute"), so that importing the
#: package stays cheap. Heavy modules (networkx, plugin discovery) load on first use.
_LAZY: dict[str, str] = {
    "CatalogueStatus": "._registry:CatalogueStatus",
    "Registration": "._registry:Registration",
    "catalogues": "._registry:catalogues",
    "core_path": "._builtin:core_path",
    "load": "._registry:load",
    "refresh": "._registry:refresh",
    "register": "._registry:register",
    "unregister": "._registry:unregister",
    "ImportSummary": "._participedia:ImportSummary",
    "import_participedia": "._participedia:import_participedia",
}


def __getattr__(name: str) -> Any:
    target = _LAZY.get(name)
    if target is None:
        msg = f"module 'participatory' has no attribute {name!r}"
        raise AttributeError(msg)
    module, _, attr = target.partition(":")
    value = getattr(import_module(module, __name__), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
