"""Who uses what: technique use counted from cases and organisations, and outcomes rolled up.

A technique is *used* by every case that lists it, and by every organisation that lists
it or that ran or took part in such a case. Counts are of distinct cases and distinct
organisations, so an organisation linked to a technique in several ways counts once.
A technique reached through ``same_as`` (an imported technique that is the same as one
of core's) is reported under its own id, with its equivalents listed beside it.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Final, TypeVar

import attrs

from ._errors import CatalogueError
from ._schema import did_you_mean

if TYPE_CHECKING:
    from ._catalogue import Catalogue
    from ._model import Case, Organisation

__all__ = [
    "NOT_STATED",
    "USAGE_KEYS",
    "Outcomes",
    "equivalents",
    "outcomes",
    "outcomes_of",
    "usage_order",
    "usage_rows",
]

T = TypeVar("T")

#: What technique use can be grouped by.
USAGE_KEYS: Final = ("sector", "country", "stakeholder", "stage", "organisation", "case-year")

#: The group of the cases and organisations that state no value for what is grouped by (an
#: organisation without a sector, a case without a year), so that every user is in a group.
#: Words with a space: never an id, a sector or a year.
NOT_STATED: Final = "not stated"


def _same_as_index(cat: "Catalogue") -> dict[str, set[str]]:
    """Every technique's ``same_as`` links, in both directions (built once per query)."""
    links: defaultdict[str, set[str]] = defaultdict(set)
    for tech in cat.techniques.values():
        for other in tech.same_as:
            if other != tech.id:
                links[tech.id].add(other)
                links[other].add(tech.id)
    return links


def equivalents(
    cat: "Catalogue", technique: str, index: Mapping[str, set[str]] | None = None
) -> tuple[str, ...]:
    """Ids of the techniques ``same_as`` links to ``technique``, in either direction."""
    links = index if index is not None else _same_as_index(cat)
    return tuple(sorted(links.get(technique, ())))


def _case_groups(by: str, orgs: Mapping[str, "Organisation"]) -> Callable[["Case"], set[str]]:
    # Each organisation's sector and country, read once per query.
    sector = {oid: o.sector.value for oid, o in orgs.items() if o.sector is not None}
    country = {oid: o.country for oid, o in orgs.items() if o.country}

    def of_orgs(case: "Case", values: Mapping[str, str]) -> set[str]:
        return {values[oid] for oid in case.organisations if oid in values}

    groups: dict[str, Callable[[Case], set[str]]] = {
        "stakeholder": lambda c: set(c.stakeholders),
        "stage": lambda c: set(c.stages),
        "case-year": lambda c: {str(c.year)} if c.year is not None else set(),
        "organisation": lambda c: {o for o in c.organisations if o in orgs},
        "sector": lambda c: of_orgs(c, sector),
        "country": lambda c: {c.country} if c.country else of_orgs(c, country),
    }
    return _stated(groups[by])


def _stated(groups: "Callable[[T], set[str]]") -> "Callable[[T], set[str]]":
    """Return ``groups`` with :data:`NOT_STATED` for a record that states no group."""
    return lambda rec: groups(rec) or {NOT_STATED}


def _org_groups(by: str) -> Callable[["Organisation"], set[str]] | None:
    """Return the groups an organisation is in by itself (``None``: only its cases say)."""
    groups: dict[str, Callable[[Organisation], set[str]]] = {
        "sector": lambda o: {o.sector.value} if o.sector else set(),
        "country": lambda o: {o.country} if o.country else set(),
        "organisation": lambda o: {o.id},
        "stakeholder": lambda o: set(o.stakeholders),
    }
    return _stated(groups[by]) if by in groups else None


def usage_order(cat: "Catalogue", by: str) -> dict[str, tuple[str, ...]]:
    """Return the groups that have an order of their own: stages, in research order."""
    return {"stage": tuple(cat.stages)} if by == "stage" else {}


def usage_rows(cat: "Catalogue", by: str, technique: str | None = None) -> list[dict[str, object]]:
    """Count, per technique and group, the distinct cases and organisations that use it.

    Returns rows ``{"technique", by, "cases", "organisations", "same_as"}``, most used
    first; see :meth:`TechniqueGraph.usage`.
    """
    if by not in USAGE_KEYS:
        msg = f"usage can be counted by {', '.join(USAGE_KEYS)}, not {by!r}{did_you_mean(by, USAGE_KEYS)}"
        raise CatalogueError(msg)
    wanted: set[str] | None = None
    same_as = _same_as_index(cat)
    if technique is not None:
        tid = cat.canonical(technique)
        if tid not in cat.techniques:
            msg = f"{technique!r} is a {cat[tid].record_kind}, not a technique"
            raise CatalogueError(msg)
        wanted = {tid, *equivalents(cat, tid, same_as)}
    orgs = cat.organisations
    case_groups = _case_groups(by, orgs)
    org_groups = _org_groups(by)
    cases_by: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    orgs_by: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    org_cases: defaultdict[tuple[str, str], list[Case]] = defaultdict(list)  # (technique, org) -> cases
    users: defaultdict[str, set[str]] = defaultdict(set)  # technique -> organisations
    for case in cat.cases.values():
        groups = case_groups(case)
        for tid in dict.fromkeys(case.techniques):
            if wanted is not None and tid not in wanted:
                continue
            for group in groups:
                cases_by[tid, group].add(case.id)
            for oid in case.organisations:
                if oid in orgs:
                    users[tid].add(oid)
                    org_cases[tid, oid].append(case)
    for org in orgs.values():
        for tid in org.techniques:
            if wanted is None or tid in wanted:
                users[tid].add(org.id)
    for tid, oids in users.items():
        for oid in oids:
            if org_groups is not None:
                groups = org_groups(orgs[oid])
            else:  # stage, year: the groups of the cases through which it uses the technique
                groups = {g for case in org_cases[tid, oid] for g in case_groups(case)} or {NOT_STATED}
            for group in groups:
                orgs_by[tid, group].add(oid)
    order = {rid: i for i, rid in enumerate(cat.of_kind(by))} if by in ("stakeholder", "stage") else {}
    keys = sorted(
        set(cases_by) | set(orgs_by),
        key=lambda k: (
            -len(cases_by.get(k, ())),
            -len(orgs_by.get(k, ())),
            k[0],
            order.get(k[1], len(order)),
            k[1],
        ),
    )
    same = {tid: equivalents(cat, tid, same_as) for tid in {k[0] for k in keys}}
    return [
        {
            "technique": tid,
            by: group,
            "cases": len(cases_by.get((tid, group), ())),
            "organisations": len(orgs_by.get((tid, group), ())),
            "same_as": same[tid],
        }
        for tid, group in keys
    ]


@attrs.frozen(kw_only=True)
class Outcomes:
    """What the cases that used a technique say changed: a roll-up for one technique.

    Attributes
    ----------
    technique : str
        The technique's id.
    cases : int
        How many cases used it.
    evaluated : int
        How many of them were formally evaluated.
    changes : tuple of (str, int)
        Kinds of change those cases brought about, most frequent first.
    outcomes : tuple of str
        What changed, in the cases' own words (``Case.outcomes``).
    """

    technique: str
    cases: int
    evaluated: int
    changes: tuple[tuple[str, int], ...] = ()
    outcomes: tuple[str, ...] = ()

    def __str__(self) -> str:
        if not self.cases:
            return f"{self.technique}: no case in the catalogue used it"
        plural = "case" if self.cases == 1 else "cases"
        text = f"{self.technique}: used in {self.cases} {plural}, {self.evaluated} formally evaluated"
        if self.changes:
            text += f", most often changing {self.changes[0][0].replace('-', ' ')}"
        return text

    def _repr_html_(self) -> str:
        from ._html._reprs import outcomes_html

        return outcomes_html(self)


def outcomes(cat: "Catalogue", technique: str) -> Outcomes:
    """Roll up the cases that used ``technique``: how many, how many evaluated, what changed."""
    tid = cat.canonical(technique)
    return _rolled_up(tid, [c for c in cat.cases.values() if tid in c.techniques])


def outcomes_of(cat: "Catalogue", techniques: Iterable[str]) -> dict[str, Outcomes]:
    """Return :func:`outcomes` of each of ``techniques`` (the catalogue's ids), from one pass over the cases.

    What a site shows for every technique: one scan per technique was quadratic (4 000
    techniques by 23 000 cases at ten times Participedia).
    """
    used: dict[str, list[Case]] = {cat.canonical(t): [] for t in techniques}
    for case in cat.cases.values():
        for tid in dict.fromkeys(case.techniques):
            if tid in used:
                used[tid].append(case)
    return {tid: _rolled_up(tid, cases) for tid, cases in used.items()}


def _rolled_up(tid: str, used: "list[Case]") -> Outcomes:
    changes = Counter(change for case in used for change in dict.fromkeys(case.changes))
    return Outcomes(
        technique=tid,
        cases=len(used),
        evaluated=sum(1 for c in used if c.evaluated),
        changes=tuple(sorted(changes.items(), key=lambda p: (-p[1], p[0]))),
        outcomes=tuple(o for c in used for o in c.outcomes),
    )
