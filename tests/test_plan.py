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
    assert ("activity 1", "level") in got
    assert ("activity 2", "stage") in got
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
    assert all(p.record == "activity 1" for p in info.value.problems)


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


EXAMPLES = Path(__file__).parents[1] / "examples"

FULL = """
[plan]
title = "Every new field"
start = 2024-04-01
payment_policy = "test-policy"
feedback_weeks = 4

[[activity]]
technique = "survey"
stage = "design"
stakeholders = ["patient"]
level = "involve"
contributors = 6
sessions = 3
hours = 2.5
preparation_hours = 1
travel_hours = 0.5
rate = "half-day"
pay_per_hour = 27.5
start = 2024-05-01
end = "2024-11-01"
accessibility = "Step-free venue; BSL on request"
eligibility = "Adults living with two or more long-term conditions"
how_to_apply = "Phone or email the involvement lead"
closes = 2024-04-20
outputs = ["A revised plain-language summary"]

[activity.expenses]
travel = 12.35
carer = 20
childcare = 15
data = 5
venue = 80
accessibility = 300
training = 45
notes = "BSL interpreter for each session"

[activity.wellbeing]
sensitivity = "high"
distress_protocol = "A named facilitator steps out with anyone who needs a break"
support_contact = "The study's involvement lead, by phone"
breaks = "Every 45 minutes"
withdrawal = "Anyone may stop at any time without giving a reason"

[[activity.log]]
said = "Meetings in the evening exclude carers"
did = "Moved to late mornings"
said_on = 2024-05-01
due = 2024-05-29
fed_back = 2024-05-20

[[activity.log]]
said = "Pay us in cash"
why_not = "The university can only pay by bank transfer or vouchers"
said_on = "2024-05-01"
"""


def test_plans_of_version_02_load_unchanged() -> None:
    plan = pr.Plan.from_path(EXAMPLES / "health-data-plan.toml")
    assert plan.activities
    act = plan.activities[0]
    assert act.expenses is None
    assert act.wellbeing is None
    assert act.log == ()
    assert act.contributors == 0


def test_version_02_example_is_read_as_it_was() -> None:
    """The 0.2 example (kept as it was) reads into the same document, field for field."""
    import tomllib

    doc = tomllib.loads((EXAMPLES / "health-data-plan.toml").read_text(encoding="utf-8"))
    plan = pr.Plan.from_document(doc)
    assert plan.to_document() == doc


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_every_new_field_round_trips(tmp_path: Path, suffix: str) -> None:
    plan = pr.Plan.from_path(write(tmp_path, FULL))
    act = plan.activities[0]
    assert plan.info.start == "2024-04-01"
    assert plan.info.feedback_weeks == 4
    assert act.hours == 2.5
    assert act.preparation_hours == 1.0
    assert act.end == "2024-11-01"
    assert act.expenses is not None
    assert act.expenses.accessibility == 300
    assert act.wellbeing is not None
    assert act.wellbeing.sensitivity is pr.Sensitivity.HIGH
    assert [e.fed_back for e in act.log] == ["2024-05-20", None]
    again = pr.Plan.from_path(plan.to_path(tmp_path / f"out{suffix}"))
    assert again == plan


def test_new_fields_problems_are_located(tmp_path: Path) -> None:
    text = """
[plan]
title = "Bad costs"
start = "last spring"
feedback_weeks = -1

[[activity]]
technique = "survey"
stage = "design"
stakeholders = ["patient"]
level = "consult"
contributors = -2
sessions = "three"
hours = true
rate = "Half Day"
start = 2024-05-01
end = 2024-04-01
expenses = { travel = -5, taxi = 3 }
wellbeing = { sensitivity = "hgh" }
log = [{ did = "nothing" }, { said = " ", said_on = 2024-05-02, fed_back = 2024-05-01 }]
"""
    with pytest.raises(pr.CatalogueValidationError) as info:
        pr.Plan.from_path(write(tmp_path, text))
    got = {(p.record, p.field) for p in info.value.problems}
    assert {
        ("-", "plan.start"),
        ("activity 1", "sessions"),
        ("activity 1", "hours"),
        ("activity 1", "expenses.taxi"),
        ("activity 1", "wellbeing.sensitivity"),
        ("activity 1", "log[0].said"),
    } <= got
    text_out = str(info.value)
    assert "did you mean 'high'" in text_out
    fixed = text.replace('sessions = "three"', "sessions = 3").replace("hours = true", "hours = 1")
    fixed = (
        fixed.replace("taxi = 3", "data = 3").replace('"hgh"', '"high"').replace('{ did = "nothing" }, ', "")
    )
    fixed = fixed.replace('start = "last spring"', "start = 2024-01-01")
    with pytest.raises(pr.CatalogueValidationError) as info:
        pr.Plan.from_path(write(tmp_path, fixed))
    got = {(p.record, p.field) for p in info.value.problems}
    assert got == {
        ("-", "plan.feedback_weeks"),
        ("activity 1", "contributors"),
        ("activity 1", "rate"),
        ("activity 1", "end"),
        ("activity 1", "expenses.travel"),
        ("activity 1", "log[0].said"),
        ("activity 1", "log[0].fed_back"),
    }
