"""The technique graph: its networkx form, queries and analyses."""

import subprocess
import sys
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import participatory as pr
from participatory import Catalogue, Cost, GroupSize, Level, Mode, Stage, Stakeholder, Technique
from participatory._graph import node_attributes
from participatory._kinds import EDGE_KINDS, NODE_KINDS

SAMPLE = Path(__file__).parent / "data" / "graph-sample.toml"


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return Catalogue.from_path(SAMPLE)


@pytest.fixture(scope="module")
def g(cat):
    return cat.graph()


# --------------------------------------------------------------------------- structure


def test_graph_is_cached_and_typed(cat, g):
    assert cat.graph() is g
    assert isinstance(g, pr.TechniqueGraph)
    assert isinstance(g.nx, nx.MultiDiGraph)


def test_nodes_are_keyed_by_kind_and_id_with_scalar_attributes(cat, g):
    graph = g.nx
    expected = {f"{rec.record_kind}:{rec.id}" for rec in cat.records() if rec.record_kind in NODE_KINDS}
    assert set(graph.nodes) == expected
    assert graph.nodes["technique:photovoice"]["kind"] == "technique"
    assert graph.nodes["technique:photovoice"]["record_id"] == "photovoice"
    assert graph.nodes["resource:psp-guidebook"]["resource_kind"] == "guide"
    assert graph.nodes["technique:photovoice"]["modes"] == "in-person"
    assert graph.nodes["technique:focus-group"]["purposes"] == "explore-experience; review-materials"
    assert graph.nodes["technique:photovoice"]["group_min"] == 6
    for _, data in graph.nodes(data=True):
        for value in data.values():
            assert isinstance(value, str | int | float | bool), value
    assert "crosswalk:pcori-phases" not in graph


def test_edges_are_typed_and_keyed_by_kind(g):
    graph = g.nx
    fits = graph.edges["technique:photovoice", "stage:data-collection", "fits"]
    assert fits == {
        "kind": "fits",
        "levels": "involve; collaborate",
        "min_level": "involve",
        "max_level": "collaborate",
    }
    assert graph.has_edge("technique:photovoice", "stakeholder:patient", "involves")
    # named by the technique and by the resource: one edge
    assert graph.number_of_edges("technique:photovoice", "resource:photovoice-guide") == 1
    # named only by the resource
    assert graph.has_edge("technique:focus-group", "resource:workshop-toolkit", "supported-by")
    assert graph.has_edge("technique:photovoice", "case:youth-photovoice", "used-in")
    assert graph.has_edge("technique:photovoice", "technique:focus-group", "pairs-with")
    assert graph.has_edge("resource:photovoice-guide", "stage:data-collection", "supports")
    assert graph.has_edge("resource:photovoice-guide", "stakeholder:patient", "written-for")
    assert graph.has_edge("case:asthma-psp", "stage:identify-prioritise", "at-stage")
    assert graph.has_edge("case:asthma-psp", "stakeholder:carer", "involved")
    for u, v, k, data in graph.edges(keys=True, data=True):
        assert k == data["kind"]
        source_kind, target_kind, _ = EDGE_KINDS[k]
        assert (graph.nodes[u]["kind"], graph.nodes[v]["kind"]) == (source_kind, target_kind)


def test_graph_is_read_only(g):
    with pytest.raises(nx.NetworkXError):
        g.nx.add_node("x")
    with pytest.raises(nx.NetworkXError):
        g.nx.remove_edge("technique:photovoice", "stage:analysis", "fits")
    mine = g.nx.copy()
    mine.add_node("x")
    assert "x" not in g.nx


def test_references_outside_the_catalogue_make_no_edge():
    cat = Catalogue(
        [
            Technique(id="t", name="T", stages=("elsewhere",), stakeholders=("nobody",), resources=("s",)),
            Stage(id="s", name="A stage, not a resource", order=1),
        ]
    )
    g = cat.graph()
    assert set(g.nx.nodes) == {"technique:t", "stage:s"}
    assert g.nx.number_of_edges() == 0
    assert g.techniques(stage="elsewhere").ids == ("t",)


def test_networkx_is_imported_only_when_the_graph_is_built():
    code = (
        "import sys, participatory as pr\n"
        f"cat = pr.Catalogue.from_path({str(SAMPLE)!r})\n"
        "g = cat.graph()\n"
        "g.techniques(stage='design', level='consult')\n"
        "assert 'networkx' not in sys.modules, 'imported too early'\n"
        "g.nx\n"
        "assert 'networkx' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_node_attributes_flatten_records():
    t = Technique(
        id="x",
        name="X",
        levels=(Level.CONSULT,),
        modes=(Mode.ONLINE, Mode.HYBRID),
        group_size=GroupSize(max=5),
    )
    assert node_attributes(t, "cat") == {
        "kind": "technique",
        "record_id": "x",
        "name": "X",
        "levels": "consult",
        "modes": "online; hybrid",
        "group_max": 5,
        "min_level": "consult",
        "max_level": "consult",
        "catalogue": "cat",
    }


# --------------------------------------------------------------------------- queries


def test_combined_query(g):
    found = g.techniques(stage="design", stakeholder="carer", level="collaborate")
    assert found.ids == ("co-design-workshop",)
    assert isinstance(found[0], Technique)
    assert found["co-design-workshop"].name == "Co-design workshop"
    assert "co-design-workshop" in found
    assert len(found) == 1


def test_level_means_reaches_at_least(g):
    assert set(g.techniques(level="empower").ids) == {"citizens-jury"}
    assert set(g.techniques(level=Level.INFORM).ids) == set(g.catalogue.techniques)
    # any of: at least the lowest
    assert set(g.techniques(level=["empower", "collaborate"]).ids) == set(
        g.techniques(level="collaborate").ids
    )


def test_cost_means_at_most(g):
    assert set(g.techniques(cost="low").ids) == {"focus-group", "newsletter"}
    assert "citizens-jury" not in g.techniques(cost=Cost.HIGH)
    assert "priority-setting-partnership" in g.techniques(cost="high")


def test_group_size_means_n_fits(g):
    assert set(g.techniques(group_size=25).ids) == {"co-design-workshop", "priority-setting-partnership"}
    assert "newsletter" not in g.techniques(group_size=1)  # no group size recorded
    assert g.techniques(group_size=500).ids == ("priority-setting-partnership",)  # no upper bound


def test_lists_mean_any_of(g):
    assert set(g.techniques(mode=["hybrid", "online"]).ids) == {
        "focus-group",
        "co-design-workshop",
        "priority-setting-partnership",
        "newsletter",
    }
    assert set(g.techniques(purpose=["prioritise", "co-design"]).ids) == {
        "priority-setting-partnership",
        "citizens-jury",
        "co-design-workshop",
    }


def test_underserved(g):
    assert set(g.techniques(underserved=True).ids) == {"photovoice", "citizens-jury"}
    assert g.techniques(underserved="ethnic-minority").ids == ("photovoice",)


def test_text_searches_names_summaries_tags(g):
    assert g.techniques(text="PSP").ids == ("priority-setting-partnership",)  # alias
    assert g.techniques(text="workshop").ids == ("co-design-workshop",)
    assert g.techniques(text="random deliberates").ids == ("citizens-jury",)


def test_stage_accepts_names_aliases_and_crosswalk_terms(g):
    assert g.techniques(stage="Design").ids == g.techniques(stage="design").ids
    assert g.techniques(stage="planning").ids == g.techniques(stage="design").ids
    assert set(g.techniques(stage="conducting").ids) == {"photovoice", "focus-group"}
    assert g.techniques(stage=g.catalogue.stages["design"]).ids == g.techniques(stage="design").ids


def test_stakeholder_accepts_names_and_aliases(g):
    assert g.techniques(stakeholder="service users").ids == g.techniques(stakeholder="patient").ids


def test_order_is_best_fit_then_name(g):
    found = g.techniques(stakeholder=["patient", "carer", "clinician"])
    assert found.ids[:2] == ("co-design-workshop", "priority-setting-partnership")  # 3 each, by name
    assert list(found.scores) == sorted(found.scores, reverse=True)
    assert found.scores[0] == 3
    everything = g.techniques()
    assert [t.name for t in everything] == sorted((t.name for t in everything), key=str.casefold)


def test_exact_level_scores_higher_than_deeper_only(g):
    found = g.techniques(level="involve")
    assert found.scores[found.ids.index("photovoice")] == 1
    assert found.scores[found.ids.index("citizens-jury")] == 0


def test_limit(g):
    assert len(g.techniques(limit=2)) == 2
    assert len(g.techniques(limit=0)) == 0


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"stage": "desgin"}, "unknown stage 'desgin'; did you mean 'design'?"),
        ({"stakeholder": "clinicain"}, "unknown stakeholder 'clinicain'; did you mean 'clinician'?"),
        ({"level": "colaborate"}, "unknown level 'colaborate'; did you mean 'collaborate'?"),
        ({"mode": "onlin"}, "unknown mode 'onlin'; did you mean 'online'?"),
        ({"cost": "cheap"}, "unknown cost 'cheap'"),
        ({"purpose": "prioritize"}, "unknown purpose 'prioritize'; did you mean 'prioritise'?"),
        ({"underserved": "ethnic-minorities"}, "did you mean 'ethnic-minority'?"),
    ],
)
def test_unknown_values_raise_with_a_suggestion(g, query, message):
    with pytest.raises(pr.UnknownIdError) as info:
        g.techniques(**query)
    assert message in str(info.value)
    assert isinstance(info.value, pr.CatalogueError)


def test_bad_group_size(g):
    with pytest.raises(pr.CatalogueError, match="whole number"):
        g.techniques(group_size="ten")


# --------------------------------------------------------------------------- indexes vs a scan

STAGES = ("s1", "s2", "s3", "s4")
PEOPLE = ("p1", "p2", "p3")
PURPOSES = ("a", "b", "c")
GROUPS = ("u1", "u2")


def _subset(values: tuple[Any, ...]) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(st.sampled_from(values), unique=True).map(tuple)


techniques_st = st.lists(
    st.builds(
        lambda stages, people, levels, modes, cost, size, purposes, groups, name: (
            stages,
            people,
            levels,
            modes,
            cost,
            size,
            purposes,
            groups,
            name,
        ),
        _subset(STAGES),
        _subset(PEOPLE),
        _subset(tuple(Level)),
        _subset(tuple(Mode)),
        st.none() | st.sampled_from(tuple(Cost)),
        st.none()
        | st.builds(
            lambda lo, extra: GroupSize(min=lo, max=None if extra is None else (lo or 1) + extra),
            st.none() | st.integers(1, 20),
            st.none() | st.integers(0, 20),
        ),
        _subset(PURPOSES),
        _subset(GROUPS),
        st.sampled_from(["Alpha", "beta", "Gamma", "delta"]),
    ),
    max_size=12,
)

query_st = st.fixed_dictionaries(
    {},
    optional={
        "stage": st.lists(st.sampled_from(STAGES), min_size=1, max_size=2),
        "stakeholder": st.sampled_from(PEOPLE),
        "level": st.sampled_from([lv.value for lv in Level]),
        "mode": st.lists(st.sampled_from([m.value for m in Mode]), min_size=1, max_size=2),
        "cost": st.sampled_from(tuple(Cost)),
        "group_size": st.integers(1, 45),
        "purpose": st.sampled_from(PURPOSES),
        "underserved": st.just(True) | st.sampled_from(GROUPS),
    },
)


def _brute(techniques: list[Technique], q: dict[str, Any]) -> set[str]:
    def ok(t: Technique) -> bool:
        checks = [
            "stage" not in q or any(s in t.stages for s in q["stage"]),
            "stakeholder" not in q or q["stakeholder"] in t.stakeholders,
            "level" not in q or (bool(t.levels) and max(t.levels) >= Level.parse(q["level"])),
            "mode" not in q or any(Mode.parse(m) in t.modes for m in q["mode"]),
            "cost" not in q or (t.cost is not None and t.cost <= q["cost"]),
            "group_size" not in q or (t.group_size is not None and q["group_size"] in t.group_size),
            "purpose" not in q or q["purpose"] in t.purposes,
            "underserved" not in q
            or (bool(t.underserved) if q["underserved"] is True else q["underserved"] in t.underserved),
        ]
        return all(checks)

    return {t.id for t in techniques if ok(t)}


@settings(max_examples=60)
@given(techniques_st, query_st)
def test_indexed_queries_agree_with_a_scan(specs, query):
    base: list[pr.Record] = [Stage(id=s, name=s.upper(), order=i) for i, s in enumerate(STAGES)] + [
        Stakeholder(id=p, name=p.upper()) for p in PEOPLE
    ]
    techs = [
        Technique(
            id=f"t{i}",
            name=name,
            stages=stages,
            stakeholders=people,
            levels=levels,
            modes=modes,
            cost=cost,
            group_size=size,
            purposes=purposes,
            underserved=groups,
        )
        for i, (stages, people, levels, modes, cost, size, purposes, groups, name) in enumerate(specs)
    ]
    g = Catalogue([*base, *techs]).graph()
    known_purposes = {p for t in techs for p in t.purposes}
    known_groups = {u for t in techs for u in t.underserved}
    if query.get("purpose") not in known_purposes | {None} or (
        isinstance(query.get("underserved"), str) and query["underserved"] not in known_groups
    ):
        with pytest.raises(pr.UnknownIdError):
            g.techniques(**query)
        return
    found = g.techniques(**query)
    assert set(found.ids) == _brute(techs, query)
    keys = [(-s, t.name.casefold(), t.id) for s, t in zip(found.scores, found, strict=True)]
    assert keys == sorted(keys)


# --------------------------------------------------------------------------- analyses


def test_stages_resources_and_cases_for(g):
    assert [s.id for s in g.stages_for("photovoice")] == ["data-collection", "analysis"]
    assert [r.id for r in g.resources_for("focus-group")] == ["workshop-toolkit"]
    assert [r.id for r in g.resources_for("photovoice")] == ["photovoice-guide"]
    assert [c.id for c in g.cases_for("focus-group")] == ["asthma-psp"]
    with pytest.raises(pr.UnknownIdError, match="did you mean 'photovoice'"):
        g.stages_for("fotovoice")


def test_similar_uses_jaccard_of_shared_features(g):
    found = g.similar("photovoice", n=2)
    assert found.ids == ("focus-group", "newsletter")
    # photovoice: 2 stages, 2 people, 1 purpose; focus group shares data-collection, patient,
    # explore-experience out of 8 distinct features
    assert found.scores[0] == pytest.approx(3 / 8, abs=1e-3)
    assert "photovoice" not in g.similar("photovoice", n=10)


def test_coverage(g):
    cov = g.coverage(["photovoice", "newsletter"])
    assert cov.stages_covered == ("data-collection", "analysis", "dissemination")
    assert cov.stages_missed == ("identify-prioritise", "design")
    assert cov.stakeholders_covered == ("patient", "public")
    assert cov.stakeholders_missed == ("carer", "clinician")
    assert "stages missed: identify-prioritise, design" in str(cov)


def test_versatile_is_degree_centrality(g):
    found = g.versatile(n=3)
    total = 5 + 4
    assert found.scores[0] == pytest.approx(4 / total, abs=1e-3)
    assert found.ids == ("co-design-workshop", "focus-group", "photovoice")


def test_path(g):
    path = g.path("photovoice", "clinician")
    assert path[0] == "technique:photovoice"
    assert path[-1] == "stakeholder:clinician"
    assert len(path) == 4
    assert g.path("technique:photovoice", "technique:photovoice") == ("technique:photovoice",)
    lonely = Catalogue([Stage(id="a", name="A", order=1), Stage(id="b", name="B", order=2)]).graph()
    assert lonely.path("a", "b") == ()
    with pytest.raises(pr.UnknownIdError):
        g.path("photovoice", "stage:nowhere")


def test_subgraph_of_a_stage(g):
    sub = g.subgraph(stage="design")
    assert isinstance(sub, pr.TechniqueGraph)
    kinds = {n: d["kind"] for n, d in sub.nx.nodes(data=True)}
    assert {n for n, k in kinds.items() if k == "stage"} == {"stage:design"}
    assert {n for n, k in kinds.items() if k == "technique"} == {
        "technique:focus-group",
        "technique:co-design-workshop",
        "technique:citizens-jury",
    }
    assert "resource:workshop-toolkit" in kinds
    assert "case:asthma-psp" in kinds
    assert sub.techniques().ids == g.techniques(stage="design").ids


def test_usage_counts_cases(g):
    table = g.usage(by="stakeholder")
    rows = table.to_records()
    assert {
        "technique": "photovoice",
        "stakeholder": "public",
        "cases": 1,
        "organisations": 0,
        "same_as": [],
    } in rows
    assert len(rows) == 6
    by_stage = g.usage(by="stage").to_records()
    assert {
        "technique": "photovoice",
        "stage": "analysis",
        "cases": 1,
        "organisations": 0,
        "same_as": [],
    } in by_stage
    with pytest.raises(pr.CatalogueError, match="case-year"):
        g.usage(by="year")


def test_usage_counts_add_up():
    stages: list[pr.Record] = [Stage(id="s", name="S", order=1)]
    techs = [Technique(id="t", name="T")]
    cases = [pr.Case(id=f"c{i}", name="C", techniques=("t",), stages=("s",)) for i in range(3)]
    table = Catalogue([*stages, *techs, *cases]).graph().usage(by="stage")
    assert table.to_records() == [
        {"technique": "t", "stage": "s", "cases": 3, "organisations": 0, "same_as": []}
    ]


def _who_uses_what() -> Catalogue:
    trust = pr.Organisation(
        id="trust",
        name="Trust",
        sector=pr.Sector.HEALTH_OR_CARE_PROVIDER,
        country="Wales",
        techniques=("jury",),
        stakeholders=("patient",),
    )
    charity = pr.Organisation(id="charity", name="Charity", sector=pr.Sector.CHARITY_OR_COMMUNITY)
    return Catalogue(
        [
            Stage(id="design", name="Design", order=1),
            pr.Stakeholder(id="patient", name="Patient"),
            Technique(id="jury", name="Jury"),
            Technique(id="their-jury", name="Their jury", same_as=("jury",)),
            trust,
            charity,
            pr.Case(
                id="a",
                name="A",
                year=2020,
                techniques=("jury",),
                organisations=("trust", "charity"),
                stages=("design",),
                changes=("policy",),
                evaluated=True,
            ),
            pr.Case(
                id="b",
                name="B",
                year=2021,
                techniques=("jury", "their-jury"),
                organisations=("trust",),
                changes=("policy", "practice"),
            ),
            pr.Case(id="c", name="C", year=2021, techniques=("their-jury",)),
        ]
    )


def test_an_organisation_linked_twice_counts_once():
    g = _who_uses_what().graph()
    rows = {(r["technique"], r["sector"]): r for r in g.usage(by="sector").to_records()}
    # the trust lists the jury and ran two cases that used it: one organisation, two cases
    assert rows["jury", "health-or-care-provider"]["organisations"] == 1
    assert rows["jury", "health-or-care-provider"]["cases"] == 2
    assert rows["jury", "charity-or-community"] == {
        "technique": "jury",
        "sector": "charity-or-community",
        "cases": 1,
        "organisations": 1,
        "same_as": ["their-jury"],
    }


def test_a_same_as_technique_is_reported_under_its_own_id():
    g = _who_uses_what().graph()
    rows = g.usage(by="case-year", technique="jury").to_records()
    assert {r["technique"] for r in rows} == {"jury", "their-jury"}
    theirs = [r for r in rows if r["technique"] == "their-jury"]
    assert {(r["case-year"], r["cases"]) for r in theirs} == {("2021", 2)}
    assert all(r["same_as"] == ["jury"] for r in theirs)


@pytest.mark.parametrize("by", ["sector", "country", "stakeholder", "stage", "organisation", "case-year"])
def test_usage_counts_never_exceed_the_users(by):
    """No row counts more cases or organisations than use the technique at all."""
    cat = _who_uses_what()
    for row in cat.graph().usage(by=by).to_records():
        tid, group = row["technique"], row[by]
        users = [c for c in cat.cases.values() if tid in c.techniques]
        assert row["cases"] <= len(users)
        orgs = {o.id for o in cat.organisations.values() if tid in o.techniques}
        orgs |= {o for c in users for o in c.organisations}
        assert row["organisations"] <= len(orgs)
        assert row["cases"] + row["organisations"] > 0, group


def test_outcomes_roll_up():
    g = _who_uses_what().graph()
    roll = g.outcomes("jury")
    assert (roll.cases, roll.evaluated) == (2, 1)
    assert roll.changes == (("policy", 2), ("practice", 1))
    assert str(roll) == "jury: used in 2 cases, 1 formally evaluated, most often changing policy"
    assert "policy (2)" in roll._repr_html_()


def test_links(g):
    links = g.links("design")
    assert set(links["fits (from)"]) == {"focus-group", "co-design-workshop", "citizens-jury"}
    assert g.links("photovoice")["fits"] == ("data-collection", "analysis")


def test_node_lookup(g):
    assert g.node("photovoice") == "technique:photovoice"
    assert g.node("technique:photovoice") == "technique:photovoice"
    assert g.record("stage:design").name == "Design"
    with pytest.raises(pr.UnknownIdError):
        g.node("stage:photovoice")
    with pytest.raises(pr.CatalogueError, match="not part of the graph"):
        g.node("pcori-phases")
