"""Audit rules: each fires on the gap it names and stays quiet otherwise."""

from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

import participatory as pr
from participatory._audit import rules

DATA = Path(__file__).parent / "data"
ALL_STAGES = ("identify-prioritise", "design", "analysis", "dissemination", "oversight")


@pytest.fixture(scope="module")
def cat() -> pr.Catalogue:
    return pr.Catalogue.from_path(DATA / "plan-catalogue.toml")


def act(stage: str = "design", technique: str = "advisory-group", **kw: object) -> pr.Activity:
    fields: dict[str, object] = {
        "stakeholders": ("patient", "carer"),
        "level": "involve",
        "payment": "£25 an hour",
        "support": "Named contact",
        "feedback": "You said, we did",
        "impact": "Outcome changed",
        "reach": ("ethnic-minority",),
    }
    fields.update(kw)
    return pr.Activity(technique=technique, stage=stage, **fields)  # type: ignore[arg-type]


def good_plan() -> pr.Plan:
    return pr.Plan(
        info=pr.PlanInfo(title="Good", catalogues=("plan-test",), underserved=("ethnic-minority",)),
        activities=tuple(act(stage) for stage in ALL_STAGES),
    )


def rules_of(audit: pr.Audit) -> set[str]:
    return {f.rule for f in audit}


def test_good_plan_has_no_findings(cat: pr.Catalogue) -> None:
    audit = good_plan().audit(cat)
    assert audit.findings == ()
    assert audit.ok
    assert "no findings" in str(audit)
    assert {"late-involvement", "technique-fit", "no-feedback"} <= set(audit.rules)


def test_no_activities(cat: pr.Catalogue) -> None:
    audit = pr.Plan(info=pr.PlanInfo(title="Empty")).audit(cat)
    assert rules_of(audit) == {"no-activities"}
    assert not audit.ok


def test_stage_not_covered(cat: pr.Catalogue) -> None:
    plan = attrs.evolve(good_plan(), activities=good_plan().activities[:2])
    found = plan.audit(cat).by_rule("stage-not-covered")
    assert [f.stages for f in found] == [("analysis",), ("dissemination",), ("oversight",)]
    assert "cross-cutting" in found[-1].message
    assert all(f.severity == "warning" for f in found)


def test_late_involvement(cat: pr.Catalogue) -> None:
    plan = attrs.evolve(good_plan(), activities=tuple(act(s) for s in ("analysis", "dissemination")))
    (finding,) = plan.audit(cat).by_rule("late-involvement")
    assert finding.severity == "error"
    assert finding.stages == ("identify-prioritise", "design")
    assert finding.source is not None
    assert "nihr.ac.uk" in finding.source.url


def test_late_involvement_without_design_stage() -> None:
    cat = pr.Catalogue(
        [
            pr.Stage(id="first", name="First", order=1),
            pr.Stage(id="second", name="Second", order=2),
            pr.Stakeholder(id="patient", name="Patients"),
            pr.Technique(id="t", name="T", stages=("first", "second")),
        ]
    )
    plan = pr.Plan(
        info=pr.PlanInfo(title="x"),
        activities=(pr.Activity(technique="t", stage="second", stakeholders=("patient",), level="involve"),),
    )
    assert plan.audit(cat, rules=["late-involvement"]).by_rule("late-involvement")[0].stages == ("first",)


def test_engagement_only_and_shallow(cat: pr.Catalogue) -> None:
    inform = attrs.evolve(
        good_plan(),
        activities=(act("dissemination", "newsletter", level="inform"), act("design", level="inform")),
    )
    assert {"engagement-only"} <= rules_of(inform.audit(cat))
    assert "shallow-involvement" not in rules_of(inform.audit(cat))
    consult = attrs.evolve(good_plan(), activities=tuple(act(s, level="consult") for s in ALL_STAGES))
    found = rules_of(consult.audit(cat))
    assert "shallow-involvement" in found
    assert "engagement-only" not in found
    assert "shallow-involvement" not in rules_of(good_plan().audit(cat))


def test_underserved_rules(cat: pr.Catalogue) -> None:
    nobody = attrs.evolve(
        good_plan(),
        info=pr.PlanInfo(title="x", catalogues=("plan-test",)),
        activities=tuple(act(s, reach=()) for s in ALL_STAGES),
    )
    assert "underserved-not-named" in rules_of(nobody.audit(cat))
    named_only = attrs.evolve(nobody, info=pr.PlanInfo(title="x", underserved=("rural", "ethnic-minority")))
    found = named_only.audit(cat)
    assert "underserved-not-named" not in rules_of(found)
    (finding,) = found.by_rule("underserved-not-reached")
    assert "rural, ethnic-minority" in finding.message
    # naming who is not reached counts as naming
    honest = attrs.evolve(nobody, activities=(act("design", reach=(), not_reached=("rural",)),))
    assert "underserved-not-named" not in rules_of(honest.audit(cat))


def test_payment_or_support(cat: pr.Catalogue) -> None:
    plan = attrs.evolve(
        good_plan(),
        activities=(
            act("design", payment="", support=""),
            act("analysis", payment="", support="Training"),
            act(
                "identify-prioritise", technique="survey", stakeholders=("clinician",), payment="", support=""
            ),
        ),
    )
    (finding,) = plan.audit(cat).by_rule("no-payment-or-support")
    assert finding.activities == (0,)  # the clinicians-only survey is not a public contribution
    assert finding.message.startswith("activity 1 records neither")
    none = attrs.evolve(plan, activities=(act(payment="", support=""),))
    assert none.audit(cat).by_rule("no-payment-or-support")[0].message.startswith("no activity records")


def test_feedback(cat: pr.Catalogue) -> None:
    plan = attrs.evolve(
        good_plan(),
        activities=(
            act("design", feedback=""),
            act("dissemination", "newsletter", level="inform", feedback=""),
            act("analysis"),
        ),
    )
    (finding,) = plan.audit(cat).by_rule("no-feedback")
    assert finding.activities == (0,)  # informing people needs no feedback loop


def test_impact(cat: pr.Catalogue) -> None:
    plan = attrs.evolve(good_plan(), activities=tuple(act(s, impact="") for s in ALL_STAGES))
    assert plan.audit(cat).by_rule("no-impact-recorded")
    assert not good_plan().audit(cat).by_rule("no-impact-recorded")


def test_technique_fit(cat: pr.Catalogue) -> None:
    plan = attrs.evolve(
        good_plan(),
        activities=(
            *good_plan().activities,
            act(
                "oversight",
                "survey",
                stakeholders=("community-organisation",),
                level="empower",
                mode="in-person",
            ),
        ),
    )
    (finding,) = plan.audit(cat).by_rule("technique-fit")
    assert finding.activities == (5,)
    assert finding.stages == ("oversight",)
    for part in ("Oversight stage", "Community organisations", "usually reaches consult", "in-person"):
        assert part in finding.message
    # the finding cites the technique's own source when it has one
    plan2 = attrs.evolve(good_plan(), activities=(act("design", level="empower"),))
    (fit,) = plan2.audit(cat).by_rule("technique-fit")
    assert fit.source is not None
    assert fit.source.url == "https://example.org/advisory"


def test_unknown_ids_raise(cat: pr.Catalogue) -> None:
    plan = attrs.evolve(good_plan(), activities=(act("desing"),))
    with pytest.raises(pr.CatalogueValidationError, match="did you mean 'design'"):
        plan.audit(cat)


def test_findings_sorted_and_reprs(cat: pr.Catalogue) -> None:
    nasty = attrs.evolve(good_plan().info, title="<script>alert(1)</script>")
    plan = attrs.evolve(
        good_plan(), info=nasty, activities=(act("analysis", feedback="<b>x</b>", impact=""),)
    )
    audit = plan.audit(cat)
    severities = [f.severity for f in audit]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    assert audit.errors
    html = audit._repr_html_()
    assert "<table class='pr-table'>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the plan's title is shown, escaped
    assert "<script" not in html
    data = audit.to_dict()
    assert data["ok"] is False
    assert data["findings"][0]["rule"] == "late-involvement"
    assert "late-involvement" in str(audit)


def test_register_a_plugin_rule(cat: pr.Catalogue) -> None:
    src = pr.Source(title="PCORI Foundational Expectations", url="https://www.pcori.org/engagement")

    @pr.audit_rule("needs-study-reference", severity="info", source=src)
    def needs_reference(plan: pr.Plan, catalogue: pr.Catalogue) -> Iterator[pr.Finding]:
        """Check that the plan names its study."""
        if not plan.info.study:
            yield pr.Finding(message="add study = '...'")

    try:
        audit = good_plan().audit(cat)
        (finding,) = audit.by_rule("needs-study-reference")
        assert finding.severity == "info"
        assert finding.source == src
        titles = {r.id: r.title for r in rules()}
        assert titles["needs-study-reference"] == "Check that the plan names its study."
        with pytest.raises(pr.CatalogueConflictError):
            pr.audit_rule("needs-study-reference", needs_reference, severity="info", source=src)
        pr.audit_rule("needs-study-reference", needs_reference, severity="error", source=src, replace=True)
        assert not good_plan().audit(cat).ok
    finally:
        pr.unregister_rule("needs-study-reference")
    assert "needs-study-reference" not in good_plan().audit(cat).rules


def test_register_rule_checks_ids() -> None:
    src = pr.Source(title="x", url="https://example.org")
    with pytest.raises(pr.CatalogueError, match="not a slug"):
        pr.register_rule(
            pr.AuditRule(id="Bad Id", severity="info", title="t", source=src, check=lambda p, c: ())
        )
    with pytest.raises(pr.CatalogueError, match="severity"):
        pr.register_rule(
            pr.AuditRule(id="ok", severity="fatal", title="t", source=src, check=lambda p, c: ())  # type: ignore[arg-type]
        )
    with pytest.raises(pr.UnknownIdError):
        pr.unregister_rule("never-registered")


def test_choose_rules(cat: pr.Catalogue) -> None:
    audit = pr.Plan(info=pr.PlanInfo(title="Empty")).audit(cat, rules=["no-activities"])
    assert audit.rules == ("no-activities",)
    with pytest.raises(pr.UnknownIdError, match="did you mean 'no-activities'"):
        pr.Plan(info=pr.PlanInfo(title="Empty")).audit(cat, rules=["no-activity"])
