"""Involvement plans: the plan of one study, its audit, its report, and suggested plans.

A plan is a file (a ``[plan]`` table and ``[[activity]]`` tables) read with
:meth:`Plan.from_path`; :meth:`Plan.audit` checks it for gaps with the audit rules
(built-in, or added with :func:`audit_rule` / :func:`register_rule`), and
:meth:`Plan.report` writes it up; :meth:`Plan.opportunity` writes an activity's advert as
an ``opportunity`` record, and :func:`to_inbox` puts one into an intake inbox for review.

Examples
--------
>>> from participatory.plans import Plan, audit_rule
>>> Plan.__name__
'Plan'
"""

from ._audit import Audit, AuditRule, Finding, audit_rule, register_rule, unregister_rule
from ._budget import Budget, BudgetLine
from ._paperwork import Paper, to_inbox
from ._paperwork import Section as PaperSection
from ._plan import Activity, Expenses, LogEntry, Plan, PlanInfo, Wellbeing
from ._report import Report, ReportItem
from ._suggest import Constraints, Suggestion, suggest_plan

__all__ = [
    "Activity",
    "Audit",
    "AuditRule",
    "Budget",
    "BudgetLine",
    "Constraints",
    "Expenses",
    "Finding",
    "LogEntry",
    "Paper",
    "PaperSection",
    "Plan",
    "PlanInfo",
    "Report",
    "ReportItem",
    "Suggestion",
    "Wellbeing",
    "audit_rule",
    "register_rule",
    "suggest_plan",
    "to_inbox",
    "unregister_rule",
]
