"""to_dataframe(): indexed by id, ordered scales, lists as lists, integers as integers."""

import pytest

import participatory as pr

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
    assert all(str(t).startswith("int") for t in matrix.dtypes)
