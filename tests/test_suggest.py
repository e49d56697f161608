"""suggest_plan: every stage covered, constraints kept, choices explained, own audit honest."""

from pathlib import Path

import attrs
import pytest

import participatory as pr
from participatory._suggest import Constraints

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def cat() -> pr.Catalogue:
    return pr.Catalogue.from_path(DATA / "plan-catalogue.toml")


def test_covers_every_stage_and_explains(cat: pr.Catalogue) -> None:
    s = pr.suggest_plan(cat, stakeholders=["patient", "carer"])
    assert set(s.plan.stages) == set(cat.stages)
    assert len(s.reasons) == len(s.plan.activities)
    assert all("suits the" in r for r in s.reasons)
    assert all(a.notes.startswith("Suggested by participatory") for a in s.plan.activities)
    # its own audit: only the findings nobody could avoid at planning time
    assert {f.rule for f, _ in s.unavoidable} == {"underserved-not-named", "no-impact-recorded"}
    assert all(why for _, why in s.unavoidable)
    assert s.audit.ok
    assert "could not avoid no-impact-recorded" in str(s)


def test_suggestion_html_escapes_what_the_catalogue_says(cat: pr.Catalogue) -> None:
    nasty = pr.Catalogue(
        [
            attrs.evolve(r, name=f"{r.name} <script>alert(1)</script>") if r.record_kind == "technique" else r
            for r in cat.records()
        ],
        info=cat.info,
    )
    html = pr.suggest_plan(nasty, stakeholders=["patient", "carer"])._repr_html_()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # technique names are shown, escaped
    assert "<script" not in html


def test_constraints_are_kept(cat: pr.Catalogue) -> None:
    s = pr.suggest_plan(
        cat,
        stakeholders=["patient"],
        constraints={"modes": ["online"], "max_cost": "low", "min_level": "consult"},
    )
    for a in s.plan.activities:
        tech = cat.techniques[a.technique]
        if not any(n.startswith(cat.stages[a.stage].name + ":") for n in s.notes):
            assert tech.cost is not None
            assert tech.cost <= pr.Cost.LOW
            assert pr.Mode.ONLINE in tech.modes
        assert a.mode is pr.Mode.ONLINE or a.mode in tech.modes


def test_relaxes_and_says_so(cat: pr.Catalogue) -> None:
    # only the advisory group (medium cost) suits oversight
    s = pr.suggest_plan(cat, stakeholders=["patient"], constraints={"max_cost": "low"})
    oversight = [a for a in s.plan.activities if a.stage == "oversight"]
    assert [a.technique for a in oversight] == ["advisory-group"]
    assert any("Oversight" in n and "cost limit" in n for n in s.notes)


def test_min_level_deepens_plan(cat: pr.Catalogue) -> None:
    s = pr.suggest_plan(cat, stakeholders=["patient"], constraints={"min_level": "involve"})
    assert all(a.level >= pr.Level.INVOLVE for a in s.plan.activities)
    assert "shallow-involvement" not in {f.rule for f in s.audit}


def test_reaches_underserved_group(cat: pr.Catalogue) -> None:
    s = pr.suggest_plan(
        cat, stakeholders=["patient", "carer"], constraints={"underserved": ["ethnic-minority"]}
    )
    reaching = [a for a in s.plan.activities if "ethnic-minority" in a.reach]
    assert [a.technique for a in reaching] == ["allyship-workshop"]
    assert s.plan.info.underserved == ("ethnic-minority",)
    assert {f.rule for f in s.audit} == {"no-impact-recorded"}
    # activities stay in research-cycle order
    order = list(cat.stages)
    assert [order.index(a.stage) for a in s.plan.activities] == sorted(
        order.index(a.stage) for a in s.plan.activities
    )


def test_unreachable_group_is_reported(cat: pr.Catalogue) -> None:
    s = pr.suggest_plan(cat, constraints={"underserved": ["rural"]})
    assert any("rural" in n for n in s.notes)
    assert "underserved-not-reached" in {f.rule for f, _ in s.unavoidable}


def test_stage_without_technique(cat: pr.Catalogue) -> None:
    bigger = cat.merge(pr.Catalogue([pr.Stage(id="funding", name="Funding", order=9)]))
    s = pr.suggest_plan(bigger)
    assert "funding" not in s.plan.stages
    assert any("Funding" in n for n in s.notes)
    assert [f.stages for f in s.audit.by_rule("stage-not-covered")] == [("funding",)]


def test_default_stakeholders(cat: pr.Catalogue) -> None:
    s = pr.suggest_plan(cat)  # no 'public' in this catalogue: the ones it has
    assert {x for a in s.plan.activities for x in a.stakeholders} <= {
        "patient",
        "carer",
        "community-organisation",
    }


def test_bad_input_lists_every_problem(cat: pr.Catalogue) -> None:
    with pytest.raises(pr.CatalogueValidationError) as info:
        pr.suggest_plan(cat, stakeholders=["patients", "nobody-at-all"])
    assert [p.field for p in info.value.problems] == ["stakeholders[0]", "stakeholders[1]"]
    assert "did you mean 'patient'" in str(info.value)
    with pytest.raises(pr.CatalogueValidationError) as info:
        pr.suggest_plan(
            cat, constraints={"mode": "online", "max_cost": "cheap", "underserved": ["Rural Areas"]}
        )
    text = str(info.value)
    assert "did you mean 'modes'" in text
    assert "unknown cost 'cheap'" in text
    assert "not a valid group id" in text
    with pytest.raises(pr.CatalogueError):
        pr.suggest_plan(cat, title=" ")


def test_stakeholders_follow_the_one_reference_rule(cat: pr.Catalogue) -> None:
    """The catalogue's own rule: another kind's id is named as such; an id a stakeholder replaces is it."""
    stage = next(iter(cat.stages))
    with pytest.raises(pr.CatalogueValidationError) as info:
        pr.suggest_plan(cat, stakeholders=[stage])
    assert str(info.value.problems[0].message) == cat.reference_problem(stage, "stakeholder")
    assert "is a stage, not a stakeholder" in info.value.problems[0].message
    patient = cat.stakeholders["patient"]
    renamed = pr.Catalogue(
        [
            *(r for r in cat.records() if r.id != "patient"),
            attrs.evolve(patient, id="person-with-lived-experience", replaces=("patient",)),
        ]
    )
    s = pr.suggest_plan(renamed, stakeholders=["patient"])
    assert {sid for a in s.plan.activities for sid in a.stakeholders} <= {"person-with-lived-experience"}
    assert s.plan.activities


def test_constraints_object() -> None:
    c = Constraints.parse({"modes": "online", "min_level": pr.Level.INVOLVE})
    assert c == Constraints(modes=(pr.Mode.ONLINE,), min_level=pr.Level.INVOLVE)
    assert Constraints.parse(c) is c
    assert Constraints.parse(None) == Constraints()
