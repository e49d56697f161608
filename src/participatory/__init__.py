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
    CatalogueNotFoundError,
    CatalogueValidationError,
    CatalogueWriteError,
    ParticipatoryWarning,
    PluginWarning,
    Problem,
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
    from ._export import read_graph
    from ._graph import Coverage, TechniqueGraph
    from ._results import Table, TechniqueResults

__all__ = [
    "Case",
    "Catalogue",
    "CatalogueConflictError",
    "CatalogueError",
    "CatalogueInfo",
    "CatalogueNotFoundError",
    "CatalogueValidationError",
    "CatalogueWriteError",
    "Checklist",
    "ChecklistItem",
    "Cost",
    "Coverage",
    "Crosswalk",
    "CrosswalkEntry",
    "GroupSize",
    "Level",
    "Mode",
    "Origin",
    "ParticipatoryWarning",
    "PluginWarning",
    "Problem",
    "Record",
    "Resource",
    "ResourceKind",
    "Source",
    "Stage",
    "Stakeholder",
    "Table",
    "Technique",
    "TechniqueGraph",
    "TechniqueResults",
    "Timescale",
    "UnknownIdError",
    "__version__",
    "core_path",
    "read_graph",
    "slugify",
]

#: Public names served lazily (name -> "module:attribute"), so that importing the
#: package stays cheap. Heavy modules (networkx, plugin discovery) load on first use.
_LAZY: dict[str, str] = {
    "Coverage": "._graph:Coverage",
    "Table": "._results:Table",
    "TechniqueGraph": "._graph:TechniqueGraph",
    "TechniqueResults": "._results:TechniqueResults",
    "core_path": "._builtin:core_path",
    "read_graph": "._export:read_graph",
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
