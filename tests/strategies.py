"""Hypothesis strategies for every record kind and for whole catalogues.

Reused across the test-suite: any new record field should be added here so that the
round-trip tests cover it.
"""

import string
from typing import Any

import attrs
from hypothesis import strategies as st

import participatory as pr

slugs = st.from_regex(r"[a-z][a-z0-9]{0,7}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
#: Text with awkward characters: quotes, backslashes, tabs and newlines, non-ASCII.
_ALPHABET = string.ascii_letters + string.digits + " \t\n\"'\\#=[]{},.-" + "éü’“”—\u2028😀"
#: Characters validation refuses in any text (control characters, lone surrogates).
HOSTILE_CHARACTERS = "\x00\x07\x1b\x1f\x7f\x85\ud800\udfff\ufffe"
texts = st.text(_ALPHABET, max_size=24)
names = st.builds(lambda head, tail: head + tail, st.sampled_from(string.ascii_letters), texts)
years = st.integers(min_value=1500, max_value=2100)
hosts = st.from_regex(r"[a-z]{1,8}\.(org|ac\.uk|com|net)", fullmatch=True)
urls = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}/{path}",
    st.sampled_from(["https", "http"]),
    hosts,
    st.text(string.ascii_letters + string.digits + "-_/?=&.", max_size=20),
)
dates = st.dates().map(lambda d: d.isoformat())
short_tuples = st.lists(texts, max_size=3).map(tuple)
#: Aliases: no two the same, ignoring case (validation refuses such duplicates).
aliases = st.lists(texts, max_size=3, unique_by=str.casefold).map(tuple)


def slug_tuples(pool: list[str] | None = None, max_size: int = 3) -> st.SearchStrategy[tuple[str, ...]]:
    """Unique slugs, drawn from ``pool`` when given."""
    if pool is not None and not pool:
        return st.just(())
    base = st.sampled_from(pool) if pool else slugs
    return st.lists(base, unique=True, max_size=max_size).map(tuple)


sources = st.builds(
    pr.Source,
    title=names,
    url=urls,
    publisher=texts,
    year=st.none() | years,
    accessed=st.none() | dates,
)
group_sizes = st.builds(
    lambda a, b: pr.GroupSize(min=min(a, b) if a and b else a, max=max(a, b) if a and b else b),
    st.none() | st.integers(1, 500),
    st.none() | st.integers(1, 500),
)


age_ranges = st.builds(
    lambda a, b: pr.AgeRange(
        min=min(a, b) if a is not None and b is not None else a,
        max=max(a, b) if a is not None and b is not None else b,
    ),
    st.none() | st.integers(0, 120),
    st.none() | st.integers(0, 120),
)
effectiveness = st.builds(
    pr.Effectiveness,
    strength=st.sampled_from(list(pr.Strength)),
    summary=texts,
    sources=st.lists(sources, max_size=2).map(tuple),
)


def _enum_tuple(cls: Any) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(st.sampled_from(list(cls)), unique=True, max_size=len(cls)).map(tuple)


def common(**extra: Any) -> dict[str, Any]:
    """Keyword strategies shared by every record."""
    return {
        "id": slugs,
        "name": names,
        "summary": texts,
        "sources": st.lists(sources, max_size=2).map(tuple),
        "tags": slug_tuples(),
        **extra,
    }


stages = st.builds(
    pr.Stage, **common(order=st.integers(-5, 50), cross_cutting=st.booleans(), aliases=aliases)
)
stakeholders = st.builds(pr.Stakeholder, **common(category=texts, aliases=aliases))


def techniques(
    stage_ids: list[str] | None = None,
    stakeholder_ids: list[str] | None = None,
    resource_ids: list[str] | None = None,
    technique_ids: list[str] | None = None,
) -> st.SearchStrategy[pr.Technique]:
    """Techniques whose references are drawn from the given pools (or any slug)."""
    return st.builds(
        pr.Technique,
        **common(
            aliases=aliases,
            stages=slug_tuples(stage_ids),
            stakeholders=slug_tuples(stakeholder_ids),
            levels=_enum_tuple(pr.Level),
            modes=_enum_tuple(pr.Mode),
            group_size=st.none() | group_sizes,
            duration=texts,
            timescale=st.none() | st.sampled_from(list(pr.Timescale)),
            cost=st.none() | st.sampled_from(list(pr.Cost)),
            purposes=slug_tuples(),
            strengths=short_tuples,
            limitations=short_tuples,
            accessibility=short_tuples,
            underserved=slug_tuples(),
            resources=slug_tuples(resource_ids),
            pairs_with=slug_tuples(technique_ids),
            recruitment=short_tuples,
            interactions=short_tuples,
            decisions=short_tuples,
            facilitated=st.none() | st.booleans(),
            same_as=slug_tuples(technique_ids),
            form=st.none() | st.sampled_from(list(pr.Form)),
            contributor_time=st.none() | st.sampled_from(list(pr.Timescale)),
            lead_time=st.none() | st.sampled_from(list(pr.Timescale)),
            facilitation=st.none() | st.sampled_from(list(pr.Skill)),
            internet=st.none() | st.booleans(),
            formats=_enum_tuple(pr.Format),
            ages=st.none() | age_ranges,
            effectiveness=st.none() | effectiveness,
        ),
    ).map(_with_estimates)


def _with_estimates(tech: pr.Technique) -> pr.Technique:
    """Mark some of the values a technique has as estimates (``estimated`` names only those)."""
    present = [name for name in pr._model.ESTIMABLE if getattr(tech, name) not in (None, "")]
    return attrs.evolve(tech, estimated=tuple(present[::2]))


def resources(
    stage_ids: list[str] | None = None,
    stakeholder_ids: list[str] | None = None,
    technique_ids: list[str] | None = None,
) -> st.SearchStrategy[pr.Resource]:
    """Resources whose references are drawn from the given pools (or any slug)."""
    return st.builds(
        pr.Resource,
        **common(
            kind=st.sampled_from(list(pr.ResourceKind)),
            url=urls,
            publisher=texts,
            year=st.none() | years,
            licence=texts,
            techniques=slug_tuples(technique_ids),
            stages=slug_tuples(stage_ids),
            audience=slug_tuples(stakeholder_ids),
        ),
    )


def cases(
    stage_ids: list[str] | None = None,
    stakeholder_ids: list[str] | None = None,
    technique_ids: list[str] | None = None,
    organisation_ids: list[str] | None = None,
) -> st.SearchStrategy[pr.Case]:
    """Cases whose references are drawn from the given pools (or any slug)."""
    return st.builds(
        pr.Case,
        **common(
            organisation=texts,
            year=st.none() | years,
            url=st.just("") | urls,
            techniques=slug_tuples(technique_ids),
            stages=slug_tuples(stage_ids),
            stakeholders=slug_tuples(stakeholder_ids),
            underserved=slug_tuples(),
            outcomes=short_tuples,
            lessons=short_tuples,
            organisations=slug_tuples(organisation_ids),
            country=texts,
            changes=slug_tuples(),
            evaluated=st.none() | st.booleans(),
        ),
    )


def organisations(
    stakeholder_ids: list[str] | None = None,
    technique_ids: list[str] | None = None,
) -> st.SearchStrategy[pr.Organisation]:
    """Organisations whose references are drawn from the given pools (or any slug)."""
    return st.builds(
        pr.Organisation,
        **common(
            url=st.just("") | urls,
            sector=st.none() | st.sampled_from(list(pr.Sector)),
            country=texts,
            scope=slug_tuples(),
            techniques=slug_tuples(technique_ids),
            stakeholders=slug_tuples(stakeholder_ids),
        ),
    )


def crosswalks(stage_ids: list[str] | None = None) -> st.SearchStrategy[pr.Crosswalk]:
    """Crosswalks onto stages (from the pool) or onto level names."""
    level_names = [lv.value for lv in pr.Level]

    def entries(target: str) -> st.SearchStrategy[tuple[pr.CrosswalkEntry, ...]]:
        pool = level_names if target == "level" else stage_ids
        entry = st.builds(pr.CrosswalkEntry, term=slugs, name=texts, maps_to=slug_tuples(pool), note=texts)
        return st.lists(entry, max_size=3, unique_by=lambda e: e.term).map(tuple)

    return st.sampled_from(["stage", "level"]).flatmap(
        lambda target: st.builds(pr.Crosswalk, **common(target=st.just(target), entries=entries(target)))
    )


def checklists(stage_ids: list[str] | None = None) -> st.SearchStrategy[pr.Checklist]:
    """Checklists with uniquely-identified items."""
    item = st.builds(
        pr.ChecklistItem,
        id=slugs,
        name=names,
        prompt=texts,
        questions=short_tuples,
        stages=slug_tuples(stage_ids),
        evidence=slug_tuples(),
    )
    return st.builds(
        pr.Checklist,
        **common(purpose=texts, items=st.lists(item, max_size=3, unique_by=lambda i: i.id).map(tuple)),
    )


infos = st.builds(
    pr.CatalogueInfo,
    name=slugs,
    version=texts,
    title=texts,
    description=texts,
    licence=texts,
    url=st.just("") | urls,
    extends=st.just(()),
)


@st.composite
def catalogues(draw: st.DrawFn, max_records: int = 4) -> pr.Catalogue:
    """Whole, valid catalogues: unique ids across kinds, every reference resolving."""
    prefix = draw(slugs)
    ids = [f"{prefix}-{i}" for i in range(6 * max_records)]
    pools = [ids[i * max_records : (i + 1) * max_records] for i in range(6)]
    n = [draw(st.integers(0, max_records)) for _ in range(6)]
    stage_ids, stakeholder_ids, technique_ids, resource_ids, case_ids, organisation_ids = (
        pool[:k] for pool, k in zip(pools, n, strict=True)
    )
    records: list[pr.Record] = []
    for rid in stage_ids:
        records.append(attrs_evolve(draw(stages), rid))
    for rid in stakeholder_ids:
        records.append(attrs_evolve(draw(stakeholders), rid))
    for rid in technique_ids:
        tech = draw(techniques(stage_ids, stakeholder_ids, resource_ids, technique_ids))
        tech = attrs_evolve(tech, rid)
        records.append(attrs.evolve(tech, pairs_with=tuple(t for t in tech.pairs_with if t != rid)))
    for rid in resource_ids:
        records.append(attrs_evolve(draw(resources(stage_ids, stakeholder_ids, technique_ids)), rid))
    for rid in case_ids:
        case = draw(cases(stage_ids, stakeholder_ids, technique_ids, organisation_ids))
        records.append(attrs_evolve(case, rid))
    for rid in organisation_ids:
        records.append(attrs_evolve(draw(organisations(stakeholder_ids, technique_ids)), rid))
    if draw(st.booleans()):
        records.append(attrs_evolve(draw(crosswalks(stage_ids)), f"{prefix}-crosswalk"))
    if draw(st.booleans()):
        records.append(attrs_evolve(draw(checklists(stage_ids)), f"{prefix}-checklist"))
    return pr.Catalogue(records, info=draw(infos))


def attrs_evolve(record: Any, rid: str) -> Any:
    """Return ``record`` with its id replaced."""
    return attrs.evolve(record, id=rid)
