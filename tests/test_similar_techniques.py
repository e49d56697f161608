"""Similar techniques for every page: the site's all-at-once ranking equals the plain definition."""

from hypothesis import given, settings
from hypothesis import strategies as st

import participatory as pr
from participatory import Catalogue, Stage, Stakeholder, Technique
from participatory._site import similar_techniques

_STAGES = ["plan", "design", "do", "share"]
_PEOPLE = ["patients", "carers", "public", "staff", "youth"]
_PURPOSES = ["prioritise", "co-design", "evaluate", "govern"]


def _features(t: Technique) -> frozenset[str]:
    return frozenset(
        [f"stage:{s}" for s in t.stages]
        + [f"stakeholder:{s}" for s in t.stakeholders]
        + [f"purpose:{p}" for p in t.purposes]
    )


def reference(cat: Catalogue, n: int) -> dict[str, tuple[str, ...]]:
    """The definition, one full scan per technique: every other technique sharing a stage,
    stakeholder or purpose, by Jaccard index of those features (highest first), ties by
    name (case-insensitive) then id."""
    out = {}
    for tid, tech in cat.techniques.items():
        mine = _features(tech)
        scored = []
        for oid, other in cat.techniques.items():
            theirs = _features(other)
            if oid == tid or not mine & theirs:
                continue
            score = len(mine & theirs) / len(mine | theirs)
            scored.append((-score, other.name.casefold(), oid))
        out[tid] = tuple(oid for _, _, oid in sorted(scored)[: max(n, 0)])
    return out


def _subset(pool: list[str]) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(pool), unique=True, max_size=3).map(tuple)


@st.composite
def _catalogues(draw: st.DrawFn) -> Catalogue:
    records: list[pr.Record] = [Stage(id=s, name=s.title(), order=i) for i, s in enumerate(_STAGES)]
    records += [Stakeholder(id=p, name=p.title()) for p in _PEOPLE]
    for i in range(draw(st.integers(0, 40))):
        records.append(
            Technique(
                id=f"t-{i:02d}",
                # Few names, differing in case: ties by score are broken by name, then id.
                name=draw(st.sampled_from(["Jury", "jury", "Panel", "World cafe", "Zine"])),
                summary="",
                stages=draw(_subset(_STAGES)),
                stakeholders=draw(_subset(_PEOPLE)),
                purposes=draw(_subset(_PURPOSES)),
            )
        )
    return Catalogue(records)


def test_similar_techniques_follow_the_definition_on_core():
    core = pr.load("core")
    assert len(core.techniques) > 20
    for n in (0, 1, 5, 12):
        assert similar_techniques(core.graph(), n=n) == reference(core, n), n


@settings(max_examples=60, deadline=None)
@given(_catalogues(), st.integers(0, 8))
def test_similar_techniques_follow_the_definition_on_random_catalogues(cat, n):
    assert similar_techniques(cat.graph(), n=n) == reference(cat, n)
