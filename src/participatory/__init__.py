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

from collections.abc import Sequence
from importlib import import_module
from typing import TYPE_CHECKING, Any

from . import _defaults
from ._catalogue import Catalogue, CatalogueInfo, Origin
from ._errors import (
    CatalogueConflictError,
    CatalogueError,
    CatalogueLoadError,
    CatalogueNotFoundError,
    CatalogueValidationError,
    CatalogueWriteError,
    InvalidFieldError,
    ParticipatoryWarning,
    PluginWarning,
    Problem,
    RegistrationConflict,
    UnknownIdError,
)
from ._model import (
    AgeRange,
    Case,
    Checklist,
    ChecklistItem,
    Cost,
    Crosswalk,
    CrosswalkEntry,
    Effectiveness,
    Form,
    Format,
    GroupSize,
    Level,
    Mode,
    Organisation,
    PaymentPolicy,
    Rate,
    RateUnit,
    Record,
    Resource,
    ResourceKind,
    Sector,
    Sensitivity,
    Skill,
    Source,
    Stage,
    Stakeholder,
    Strength,
    Technique,
    Timescale,
)
from ._version import __version__

if TYPE_CHECKING:
    from ._audit import Audit, AuditRule, Finding, audit_rule, register_rule, unregister_rule
    from ._budget import Budget, BudgetLine
    from ._builtin import core_path
    from ._export import read_graph
    from ._graph import Coverage, TechniqueGraph
    from ._html._site import build_site
    from ._participedia import ImportSummary, import_participedia
    from ._plan import Activity, Expenses, LogEntry, Plan, PlanInfo, Wellbeing
    from ._readability import (
        CatalogueReadability,
        Jargon,
        KindReadability,
        ReadabilityReport,
        RecordReadability,
        readability,
        readability_of,
    )
    from ._registry import (
        CatalogueStatus,
        Registration,
        catalogues,
        load,
        refresh,
        register,
        unregister,
    )
    from ._report import Report
    from ._results import Table, TechniqueResults
    from ._schema import slugify
    from ._suggest import Suggestion, suggest_plan

__all__ = [
    "Activity",
    "AgeRange",
    "Audit",
    "AuditRule",
    "Budget",
    "BudgetLine",
    "Case",
    "Catalogue",
    "CatalogueConflictError",
    "CatalogueError",
    "CatalogueInfo",
    "CatalogueLoadError",
    "CatalogueNotFoundError",
    "CatalogueReadability",
    "CatalogueStatus",
    "CatalogueValidationError",
    "CatalogueWriteError",
    "Checklist",
    "ChecklistItem",
    "Cost",
    "Coverage",
    "Crosswalk",
    "CrosswalkEntry",
    "Effectiveness",
    "Expenses",
    "Finding",
    "Form",
    "Format",
    "GroupSize",
    "ImportSummary",
    "InvalidFieldError",
    "Jargon",
    "KindReadability",
    "Level",
    "LogEntry",
    "Mode",
    "Organisation",
    "Origin",
    "ParticipatoryWarning",
    "PaymentPolicy",
    "Plan",
    "PlanInfo",
    "PluginWarning",
    "Problem",
    "Rate",
    "RateUnit",
    "ReadabilityReport",
    "Record",
    "RecordReadability",
    "Registration",
    "RegistrationConflict",
    "Report",
    "Resource",
    "ResourceKind",
    "Sector",
    "Sensitivity",
    "Skill",
    "Source",
    "Stage",
    "Stakeholder",
    "Strength",
    "Suggestion",
    "Table",
    "Technique",
    "TechniqueGraph",
    "TechniqueResults",
    "Timescale",
    "UnknownIdError",
    "Wellbeing",
    "__version__",
    "audit_rule",
    "build_site",
    "catalogues",
    "core_path",
    "import_participedia",
    "load",
    "read_graph",
    "readability",
    "readability_of",
    "refresh",
    "register",
    "register_rule",
    "slugify",
    "suggest_plan",
    "unregister",
    "unregister_rule",
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
    "Activity": "._plan:Activity",
    "Budget": "._budget:Budget",
    "BudgetLine": "._budget:BudgetLine",
    "Expenses": "._plan:Expenses",
    "LogEntry": "._plan:LogEntry",
    "Wellbeing": "._plan:Wellbeing",
    "Audit": "._audit:Audit",
    "AuditRule": "._audit:AuditRule",
    "Finding": "._audit:Finding",
    "Plan": "._plan:Plan",
    "PlanInfo": "._plan:PlanInfo",
    "Report": "._report:Report",
    "Suggestion": "._suggest:Suggestion",
    "audit_rule": "._audit:audit_rule",
    "register_rule": "._audit:register_rule",
    "suggest_plan": "._suggest:suggest_plan",
    "unregister_rule": "._audit:unregister_rule",
    "Coverage": "._graph:Coverage",
    "Table": "._results:Table",
    "TechniqueGraph": "._graph:TechniqueGraph",
    "TechniqueResults": "._results:TechniqueResults",
    "read_graph": "._export:read_graph",
    "slugify": "._schema:slugify",
    "build_site": "._html._site:build_site",
    "CatalogueReadability": "._readability:CatalogueReadability",
    "Jargon": "._readability:Jargon",
    "KindReadability": "._readability:KindReadability",
    "ReadabilityReport": "._readability:ReadabilityReport",
    "RecordReadability": "._readability:RecordReadability",
    "readability": "._readability:readability",
    "readability_of": "._readability:readability_of",
}


def _load_installed(names: "Sequence[str]") -> Catalogue:
    """Load installed catalogues by name: what consumers use when given no catalogue."""
    from ._registry import load as load_named

    return load_named(*names)


_defaults.set_loader(_load_installed)


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
