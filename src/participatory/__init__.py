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
from ._enums import OpportunityKind
from ._errors import (
    CatalogueConflictError,
    CatalogueError,
    CatalogueLoadError,
    CatalogueNotFoundError,
    CatalogueValidationError,
    CatalogueWriteError,
    IntakeError,
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
    # The lazy names below, for type checkers; tests/test_public_api.py checks that this
    # block imports exactly the names of _LAZY, each from the module _LAZY names.
    from ._builtin import core_path
    from ._community import Answer, Commitment, Opportunity, Payment
    from ._providers import Registration
    from ._readability import (
        CatalogueReadability,
        Jargon,
        KindReadability,
        ReadabilityReport,
        RecordReadability,
        readability,
        readability_of,
    )
    from ._registry import catalogues, load, refresh, register, unregister
    from ._schema import slugify
    from ._status import CatalogueStatus, StatusTable
    from .graph import Coverage, Outcomes, Table, TechniqueGraph, TechniqueResults, read_graph
    from .importers import ImportSummary, import_participedia
    from .plans import (
        Activity,
        Audit,
        AuditRule,
        Budget,
        BudgetLine,
        Expenses,
        Finding,
        LogEntry,
        Plan,
        PlanInfo,
        Report,
        Suggestion,
        Wellbeing,
        audit_rule,
        register_rule,
        suggest_plan,
        unregister_rule,
    )
    from .site import build_site

#: The one table of names served lazily: name -> the module that defines it. Importing
#: the package stays cheap; heavy modules (networkx, plugin discovery) load on first
#: use. ``__all__`` is the eagerly imported names above plus these keys (checked by
#: tests/test_public_api.py, with the ``TYPE_CHECKING`` block).
_LAZY: dict[str, str] = {
    # sources: installed catalogues, the registry, importers
    "CatalogueStatus": "._status",
    "StatusTable": "._status",
    "Registration": "._providers",
    "catalogues": "._registry",
    "core_path": "._builtin",
    "load": "._registry",
    "refresh": "._registry",
    "register": "._registry",
    "unregister": "._registry",
    "ImportSummary": ".importers",
    "import_participedia": ".importers",
    # the community board's records (their classes cost a few ms to make: made on first use)
    "Answer": "._community",
    "Commitment": "._community",
    "Opportunity": "._community",
    "Payment": "._community",
    # plans, audits, reports, suggestions
    "Activity": ".plans",
    "Audit": ".plans",
    "AuditRule": ".plans",
    "Finding": ".plans",
    "Plan": ".plans",
    "PlanInfo": ".plans",
    "Report": ".plans",
    "Suggestion": ".plans",
    "audit_rule": ".plans",
    "register_rule": ".plans",
    "suggest_plan": ".plans",
    "unregister_rule": ".plans",
    "Budget": ".plans",
    "BudgetLine": ".plans",
    "Expenses": ".plans",
    "LogEntry": ".plans",
    "Wellbeing": ".plans",
    # the graph, its results and exports
    "Coverage": ".graph",
    "Outcomes": ".graph",
    "Table": ".graph",
    "TechniqueGraph": ".graph",
    "TechniqueResults": ".graph",
    "read_graph": ".graph",
    # the website and helpers
    "build_site": ".site",
    "slugify": "._schema",
    # plain language
    "CatalogueReadability": "._readability",
    "Jargon": "._readability",
    "KindReadability": "._readability",
    "ReadabilityReport": "._readability",
    "RecordReadability": "._readability",
    "readability": "._readability",
    "readability_of": "._readability",
}

#: The public sub-namespaces, imported on first use (``pr.graph.TechniqueGraph``).
_SUBMODULES: frozenset[str] = frozenset({"errors", "graph", "importers", "kinds", "plans", "site"})

__all__ = [
    "Activity",
    "AgeRange",
    "Answer",
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
    "Commitment",
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
    "IntakeError",
    "InvalidFieldError",
    "Jargon",
    "KindReadability",
    "Level",
    "LogEntry",
    "Mode",
    "Opportunity",
    "OpportunityKind",
    "Organisation",
    "Origin",
    "Outcomes",
    "ParticipatoryWarning",
    "Payment",
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
    "StatusTable",
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


def _load_installed(names: "Sequence[str]") -> Catalogue:
    """Load installed catalogues by name: what consumers use when given no catalogue."""
    from ._registry import load as load_named

    return load_named(*names)


_defaults.set_loader(_load_installed)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is not None:
        value = getattr(import_module(module, __name__), name)
    elif name in _SUBMODULES:
        value = import_module(f".{name}", __name__)
    else:
        msg = f"module 'participatory' has no attribute {name!r}"
        raise AttributeError(msg)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__) | _SUBMODULES)
