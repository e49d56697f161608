"""to_dataframe(): indexed by id, ordered scales, lists as lists, integers as integers."""

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import participatory as pr
from participatory._usage import NOT_STATED

from . import strategies

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def cat():
    return pr.load("core")


def test_catalogue_frame_is_indexed_by_id_with_ordered_scales(cat):
    df = cat.to_dataframe()
    assert df.index.name == "id"
    assert set(df.index) == set(cat.techniques)
    assert df["cost"].cat.ordered
    affordable = df[df.cost <= "medium"]
    assert all(cat.techniques[t].cost <= pr.Cost.MEDIUM for t in affordable.index)
    assert set(affordable.index) == {
        t.id for t in cat.techniques.values() if t.cost and t.cost <= pr.Cost.MEDIUM
    }


def test_lists_stay_lists_and_explode(cat):
    df = cat.to_dataframe()
    first = df.iloc[0]
    assert isinstance(first["stages"], list)
    long = df.explode("stages")
    assert len(long) >= len(df)
    assert set(long["stages"].dropna()) <= set(cat.stages)


def test_whole_numbers_stay_integers_and_booleans_booleans(cat):
    df = cat.to_dataframe()
    assert str(df["group_max"].dtype) in ("int64", "Int64")
    assert str(df["internet"].dtype) == "boolean"


def test_other_kinds_and_unknown_kind(cat):
    assert cat.to_dataframe("case").index.name == "id"
    with pytest.raises(pr.CatalogueError, match="did you mean 'technique'"):
        cat.to_dataframe("tecnique")


def test_query_results_frame(cat):
    found = cat.graph().techniques(stage="design")
    df = found.to_dataframe()
    assert list(df.index) == list(found.ids)
    assert df["cost"].cat.ordered


def test_plan_and_audit_frames(cat):
    plan = pr.Plan.from_path("examples/health-data-plan.toml")
    df = plan.to_dataframe()
    assert list(df.index) == list(range(1, len(plan.activities) + 1))
    assert df["level"].cat.ordered
    assert (df.level >= "involve").sum() == sum(a.level >= pr.Level.INVOLVE for a in plan.activities)
    audit = plan.audit(cat).to_dataframe()
    assert list(audit["severity"].cat.categories) == ["error", "warning", "info"]
    assert all(n >= 1 for acts in audit["activities"] for n in acts)


def test_the_pivot_recipe_gives_counts(cat):
    usage = cat.graph().usage(by="stage").to_dataframe()
    matrix = usage.pivot_table(
        index="technique", columns="stage", values="cases", fill_value=0, aggfunc="sum"
    )
    assert all(str(t).lower().startswith("int") for t in matrix.dtypes)  # Int64: categorical columns


# --- the natural filters give the library's answers -----------------------------------

#: The idioms documented in docs/graph.md, written out once so each test runs the same code.
LEVELS = pd.CategoricalDtype([level.value for level in pr.Level], ordered=True)


def fits(df: Any, n: int) -> Any:
    """Techniques whose typical group holds ``n`` people: docs/graph.md's idiom."""
    return df.group_min.le(n).fillna(False) & df.group_max.ge(n).fillna(True)


def test_score_is_numeric_so_nlargest_works(cat):
    g = cat.graph()
    similar = g.similar("photovoice", n=5).to_dataframe()
    assert str(similar.score.dtype) == "float64"
    assert list(similar.score.nlargest(2).index) == list(g.similar("photovoice", n=2).ids)
    assert str(g.techniques(stage="design").to_dataframe().score.dtype) == "int64"
    empty = g.techniques(limit=0).to_dataframe()
    assert empty.empty
    assert str(empty.score.dtype) == "int64"
    assert str(empty.group_max.dtype) == "Int64"  # the declared types, not object or float
    assert empty["cost"].cat.ordered


@pytest.mark.parametrize("level", [level.value for level in pr.Level])
def test_reaches_at_least_a_level_matches_the_library(cat, level):
    df = cat.to_dataframe()
    expected = set(cat.graph().techniques(level=level).ids)
    assert set(df.index[df.max_level >= level]) == expected
    long = df.explode("levels").astype({"levels": LEVELS})
    assert set(long.index[long.levels >= level]) == expected
    assert df.max_level.cat.ordered


def test_core_counts_from_the_issue(cat):
    """The counts a data scientist got wrong at 0.2 (issue 28), now the library's."""
    g = cat.graph()
    df = cat.to_dataframe()
    # The issue's figures (48, 33 and 57 of 90 techniques) grow with the catalogue; what must
    # hold is that the natural pandas filter gives the library's answer, and that it is not 0.
    assert (df.max_level >= "collaborate").sum() == len(g.techniques(level="collaborate")) >= 48
    assert fits(df, 30).sum() == len(g.techniques(group_size=30)) >= 33
    assert df.online.sum() == len(g.techniques(mode="online")) >= 57


@pytest.mark.parametrize("mode", list(pr.Mode))
def test_mode_columns_match_the_library(cat, mode):
    df = cat.to_dataframe()
    column = mode.value.replace("-", "_")
    assert str(df[column].dtype) == "bool"
    assert set(df.index[df[column]]) == set(cat.graph().techniques(mode=mode).ids)
    assert set(df.explode("modes").query("modes == @mode.value").index) == set(df.index[df[column]])


@pytest.mark.parametrize("n", [1, 2, 5, 12, 30, 100, 1000])
def test_group_fits_matches_the_library(cat, n):
    df = cat.to_dataframe()
    assert str(df.group_max.dtype) == "Int64"
    assert df.group_max.isna().any()  # <NA>: no upper limit
    assert set(df.index[fits(df, n)]) == set(cat.graph().techniques(group_size=n).ids)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.catalogues(max_records=6), st.integers(1, 600))
def test_idioms_match_the_library_on_any_catalogue(cat, n):
    g = cat.graph()
    df = cat.to_dataframe()
    assert set(df.index[fits(df, n)]) == set(g.techniques(group_size=n).ids)
    for level in pr.Level:
        assert set(df.index[df.max_level >= level.value]) == set(g.techniques(level=level).ids)
    assert set(df.index[df.online]) == set(g.techniques(mode="online").ids)
    found = g.techniques().to_dataframe()
    assert found.dtypes.to_dict() == g.techniques(limit=0).to_dataframe().dtypes.to_dict()


def test_stages_are_in_research_order_in_plan_and_usage_frames(cat):
    order = list(cat.stages)
    plan = pr.Plan.from_path("examples/health-data-plan.toml")
    df = plan.to_dataframe(cat)
    assert df.stage.cat.ordered
    assert list(df.stage.cat.categories) == order
    ranks = [order.index(s) for s in df.sort_values("stage").stage]
    assert ranks == sorted(ranks)
    assert list(plan.to_dataframe().stage.cat.categories) == order  # the plan's own catalogues
    usage = cat.graph().usage(by="stage").to_dataframe()
    assert usage.stage.cat.ordered
    assert list(usage.stage.cat.categories) in (order, [*order, NOT_STATED])  # "not stated" last
    matrix = usage.pivot_table(
        index="technique", columns="stage", values="cases", aggfunc="sum", observed=True
    )
    ranks = [[*order, NOT_STATED].index(s) for s in matrix.columns]
    assert ranks == sorted(ranks)
