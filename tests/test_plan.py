"""Plan files: reading, writing, round trips and located validation errors."""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import participatory as pr

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def cat() -> pr.Catalogue:
    return pr.Catalogue.from_path(DATA / "plan-catalogue.toml")


GOOD = """
[plan]
title = "Linking GP and hospital records"
catalogues = ["plan-test"]
aim = "Make sure the study asks questions that matter to people with several conditions."
underserved = ["ethnic-minority"]

[[activity]]
technique = "survey"
stage = "design"
stakeholders = ["patient", "carer"]
level = "consult"
mode = "online"
reach = ["ethnic-minority"]
payment = "Vouchers"
"""


def write(tmp_path: Path, text: str, name: str = "plan.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_read_plan(tmp_path: Path, cat: pr.Catalogue) -> None:
    plan = pr.Plan.from_path(write(tmp_path, GOOD), catalogue=cat)
    assert plan.title == "Linking GP and hospital records"
    assert plan.catalogues == ("plan-test",)
    act = plan.activities[0]
    assert act.level is pr.Level.CONSULT
    assert act.mode is pr.Mode.ONLINE
    assert act.reach == ("ethnic-minority",)
    assert plan.stages == ("design",)
    assert plan.source == str(tmp_path / "plan.toml")


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_round_trip(tmp_path: Path, suffix: str) -> None:
    plan = pr.Plan.from_path(write(tmp_path, GOOD))
    out = plan.to_path(tmp_path / f"out{suffix}")
    again = pr.Plan.from_path(out)
    assert again == plan
    assert again.source != plan.source  # where it came from is not part of equality


def test_default_catalogue_is_written(tmp_path: Path) -> None:
    plan = pr.Plan(info=pr.PlanInfo(title="t"))
    path = plan.to_path(tmp_path / "p.json")
    assert json.loads(path.read_text())["plan"]["catalogues"] == ["core"]
    assert pr.Plan.from_path(path) == plan


def test_to_path_rejects_unknown_suffix(tmp_path: Path) -> None:
    plan = pr.Plan(info=pr.PlanInfo(title="t"))
    with pytest.raises(pr.CatalogueWriteError, match=r"\.toml or \.json"):
        plan.to_path(tmp_path / "plan.yaml")
    assert not (tmp_path / "plan.yaml").exists()


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(pr.CatalogueNotFoundError, match="no such plan file"):
        pr.Plan.from_path(tmp_path / "nope.toml")
    with pytest.raises(pr.CatalogueNotFoundError, match=r"expected \.toml or \.json"):
        pr.Plan.from_path(write(tmp_path, "x", "plan.txt"))


def test_every_problem_is_located(tmp_path: Path) -> None:
    text = """
[plan]
title = ""
catalogues = ["Core Cat"]
colour = "red"

[[activity]]
technique = "survey"
stage = "design"
stakeholders = []
level = "consul"

[[activity]]
technique = "survey"
stage = 3
stakeholders = ["patient", "patient"]
level = "consult"
reach = ["rural"]
not_reached = ["rural"]

[[activities]]
x = 1
"""
    with pytest.raises(pr.CatalogueValidationError) as info:
        pr.Plan.from_path(write(tmp_path, text))
    got = {(p.record, p.field) for p in info.value.problems}
    assert ("-", "activities") in got
    assert ("-", "plan.title") in got
    assert ("-", "plan.catalogues[0]") in got
    assert ("-", "plan.colour") in got
    assert ("activity[0]", "level") in got
    assert ("activity[1]", "stage") in got
    text_out = str(info.value)
    assert "did you mean [[activity]]?" in text_out
    assert "did you mean 'consult'?" in text_out
    assert "try 'core-cat'" in text_out


def test_field_problems_after_structuring(tmp_path: Path) -> None:
    text = """
[plan]
title = "t"
[[activity]]
technique = "Survey"
stage = "design"
stakeholders = []
level = "consult"
reach = ["rural"]
not_reached = ["rural"]
"""
    with pytest.raises(pr.CatalogueValidationError) as info:
        pr.Plan.from_path(write(tmp_path, text))
    fields = {p.field for p in info.value.problems}
    assert fields == {"technique", "stakeholders", "not_reached[0]"}
    assert all(p.record == "activity[0]" for p in info.value.problems)


def test_missing_plan_table_and_bad_json(tmp_path: Path) -> None:
    with pytest.raises(pr.CatalogueValidationError, match=r"no \[plan\] table"):
        pr.Plan.from_path(write(tmp_path, "[[activity]]\n"))
    with pytest.raises(pr.CatalogueValidationError, match="invalid JSON at line 1"):
        pr.Plan.from_path(write(tmp_path, "{", "plan.json"))
    with pytest.raises(pr.CatalogueValidationError, match="expected an array of tables"):
        pr.Plan.from_path(write(tmp_path, '[plan]\ntitle = "t"\n[activity]\nx = 1\n'))


def test_reference_problems_suggest(tmp_path: Path, cat: pr.Catalogue) -> None:
    text = (
        GOOD.replace('"survey"', '"surveys"').replace('"carer"', '"carers"').replace('"design"', '"patient"')
    )
    path = write(tmp_path, text)
    plan = pr.Plan.from_path(path)  # structure is fine without a catalogue
    problems = plan.check(cat)
    messages = {p.field: p.message for p in problems}
    assert "did you mean 'survey'?" in messages["technique"]
    assert "is a stakeholder, not a stage" in messages["stage"]
    assert "did you mean 'carer'?" in messages["stakeholders[1]"]
    assert all(p.file == str(path) for p in problems)
    with pytest.raises(pr.CatalogueValidationError):
        pr.Plan.from_path(path, catalogue=cat)


def test_constructing_in_python_parses_names() -> None:
    act = pr.Activity(
        technique="survey", stage="design", stakeholders=("patient",), level="involve", mode="hybrid"
    )
    assert act.level is pr.Level.INVOLVE
    assert act.mode is pr.Mode.HYBRID
    with pytest.raises(ValueError, match="unknown level"):
        pr.Activity(technique="survey", stage="design", stakeholders=("patient",), level="deep")


slugs = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4})?", fullmatch=True)
texts = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
activities = st.builds(
    pr.Activity,
    technique=slugs,
    stage=slugs,
    stakeholders=st.lists(slugs, min_size=1, max_size=3, unique=True).map(tuple),
    level=st.sampled_from(pr.Level),
    name=texts,
    when=texts,
    mode=st.none() | st.sampled_from(pr.Mode),
    reach=st.lists(slugs, max_size=2, unique=True).map(tuple),
    payment=texts,
    feedback=texts,
    impact=texts,
    notes=texts,
)
plans = st.builds(
    pr.Plan,
    info=st.builds(
        pr.PlanInfo,
        title=texts.filter(str.strip),
        catalogues=st.lists(slugs, min_size=1, max_size=2, unique=True).map(tuple),
        aim=texts,
        underserved=st.lists(slugs, max_size=2, unique=True).map(tuple),
    ),
    activities=st.lists(activities, max_size=4).map(tuple),
)


@settings(max_examples=40, deadline=None)
@given(plan=plans, suffix=st.sampled_from([".toml", ".json"]))
def test_round_trip_property(tmp_path_factory: pytest.TempPathFactory, plan: pr.Plan, suffix: str) -> None:
    path = tmp_path_factory.mktemp("rt") / f"plan{suffix}"
    assert pr.Plan.from_path(plan.to_path(path)) == plan


EXAMPLES = Path(__file__).parent.parent / "examples"


def test_example_plan_is_valid() -> None:
    plan = pr.Plan.from_path(EXAMPLES / "health-data-plan.toml")
    assert plan.catalogues == ("core",)
    assert len(plan.activities) >= 8
    assert {"design", "ethics-governance", "oversight"} <= set(plan.stages)


def test_example_notebook_has_no_outputs() -> None:
    nb = json.loads((EXAMPLES / "audit-a-plan.ipynb").read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    assert any("plan.audit()" in "".join(c["source"]) for c in code)
