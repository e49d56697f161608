"""Audit rules on costs, feedback and wellbeing: each fires on its gap and stays quiet otherwise."""

import datetime as dt
from pathlib import Path
from typing import Any

import attrs
import pytest

import participatory as pr

DATA = Path(__file__).parent / "data"
TODAY = dt.date.today()


@pytest.fixture(scope="module")
def cat() -> pr.Catalogue:
    return pr.Catalogue.from_path(DATA / "plan-catalogue.toml")


def plan(**kw: Any) -> pr.Plan:
    info = kw.pop("info", {})
    fields: dict[str, Any] = {
        "technique": "advisory-group",
        "stage": "design",
        "stakeholders": ("patient",),
        "level": "involve",
        "payment": "£25 an hour",
        "feedback": "A note",
        "impact": "Changed",
    }
    fields.update(kw)
    return pr.Plan(
        info=pr.PlanInfo(title="T", catalogues=("plan-test",), **info), activities=(pr.Activity(**fields),)
    )


def found(p: pr.Plan, cat: pr.Catalogue, rule: str) -> tuple[pr.Finding, ...]:
    return p.audit(cat, rules=[rule]).findings


def days(n: int) -> str:
    return (TODAY + dt.timedelta(days=n)).isoformat()


def test_expenses_left_out(cat: pr.Catalogue) -> None:
    (f,) = found(plan(contributors=4, sessions=2, hours=1), cat, "expenses-left-out")
    assert f.activities == (0,)
    assert "out of pocket" in f.message
    assert f.source is not None
    assert f.source.publisher == "NIHR"
    # considered (even all zero), not costed, or professionals only: quiet
    assert not found(plan(contributors=4, sessions=2, expenses=pr.Expenses()), cat, "expenses-left-out")
    assert not found(plan(), cat, "expenses-left-out")
    assert not found(plan(contributors=4, stakeholders=("clinician",)), cat, "expenses-left-out")


def test_feedback_overdue(cat: pr.Catalogue) -> None:
    log = (
        pr.LogEntry(said="Shorter meetings", due=days(-1)),  # overdue
        pr.LogEntry(said="Evening sessions", due=days(-30), fed_back=days(-40)),  # went back
        pr.LogEntry(said="Plainer words", due=days(7)),  # not due yet
        pr.LogEntry(said="No date given"),  # cannot be overdue
    )
    (f,) = found(plan(log=log), cat, "feedback-overdue")
    assert f.activities == (0,)
    assert "entry 1 (due" in f.message
    assert "entry 3" not in f.message
    # due from said_on plus [plan] feedback_weeks
    weeks = plan(log=(pr.LogEntry(said="x", said_on=days(-29)),), info={"feedback_weeks": 4})
    assert found(weeks, cat, "feedback-overdue")
    assert not found(
        attrs.evolve(weeks, info=attrs.evolve(weeks.info, feedback_weeks=6)), cat, "feedback-overdue"
    )
    assert not found(plan(log=log[1:]), cat, "feedback-overdue")


def test_sensitive_topic_without_protocol_or_contact(cat: pr.Catalogue) -> None:
    high = pr.Wellbeing(sensitivity="high", distress_protocol="Facilitator steps out with them")
    (f,) = found(plan(wellbeing=high), cat, "sensitive-topic-unsupported")
    assert "support contact" in f.message
    assert "distress protocol" not in f.message
    assert f.source is not None
    assert "10.1016/j.apnu" in f.source.url
    both = pr.Wellbeing(sensitivity="medium")
    assert "and no" in found(plan(wellbeing=both), cat, "sensitive-topic-unsupported")[0].message
    cared = attrs.evolve(high, support_contact="The involvement lead, by phone")
    assert not found(plan(wellbeing=cared), cat, "sensitive-topic-unsupported")
    assert not found(plan(wellbeing=pr.Wellbeing(sensitivity="low")), cat, "sensitive-topic-unsupported")
    assert not found(plan(), cat, "sensitive-topic-unsupported")


def test_benefits_signpost_never_advises(cat: pr.Catalogue) -> None:
    paid = plan(contributors=2, sessions=4, hours=2, pay_per_hour=25, start=days(-10))
    (f,) = found(paid, cat, "benefits-signpost")
    assert f.severity == "info"
    assert "£200.00" in f.message  # 4 sessions x 2 h x £25 for one person
    assert "Benefits Advice Service" in f.message
    assert "do not advise" in f.message
    assert not found(plan(contributors=2, sessions=4, hours=2, pay_per_hour=0), cat, "benefits-signpost")
    assert not found(plan(), cat, "benefits-signpost")


def test_policy_rules_quiet_without_a_policy(cat: pr.Catalogue) -> None:
    p = plan(contributors=2, sessions=1, hours=1, pay_per_hour=0)
    assert not p.audit(cat, rules=["pays-below-policy", "unpaid-role"]).findings


def test_unknown_policy_is_located_like_any_unknown_id(cat: pr.Catalogue) -> None:
    p = plan(info={"payment_policy": "no-such-policy"})
    with pytest.raises(pr.CatalogueValidationError) as info:
        p.audit(cat)
    (problem,) = info.value.problems
    assert problem.field == "plan.payment_policy"
    assert "no-such-policy" in problem.message


def test_0_2_example_is_not_flagged_by_the_new_rules() -> None:
    example = pr.Plan.from_path(Path(__file__).parents[1] / "examples" / "health-data-plan.toml")
    new = [
        "expenses-left-out",
        "feedback-overdue",
        "sensitive-topic-unsupported",
        "benefits-signpost",
        "unpaid-role",
    ]
    assert not example.audit(rules=new).findings


POLICY = pr.PaymentPolicy(
    id="test-policy",
    name="Test payer's policy",
    publisher="Test payer",
    version="2",
    date="2026-01-01",
    url="https://example.org/policy",
    rates=(pr.Rate(id="hour", amount=25, per="hour"), pr.Rate(id="day", amount=150, per="day")),
    expenses=("travel", "carer"),
    benefits_threshold=1000,
    benefits_advice="the payer's benefits advice line",
    sources=(
        pr.Source(
            title="Test payer's policy", url="https://example.org/policy", publisher="Test payer", year=2026
        ),
    ),
)


@pytest.fixture(scope="module")
def with_policy(cat: pr.Catalogue) -> pr.Catalogue:
    return pr.Catalogue([*cat.records(), POLICY], info=cat.info)


def test_payment_policy_is_a_catalogue_kind(with_policy: pr.Catalogue, tmp_path: Path) -> None:
    assert with_policy["test-policy"] == POLICY
    again = pr.Catalogue.from_path(with_policy.to_path(tmp_path / "cat"))
    assert again["test-policy"] == POLICY


def test_pays_below_policy(with_policy: pr.Catalogue) -> None:
    info = {"payment_policy": "test-policy"}
    (f,) = found(
        plan(pay_per_hour=20, contributors=2, sessions=1, hours=1, info=info),
        with_policy,
        "pays-below-policy",
    )
    assert "less than the 25 an hour" in f.message
    assert f.source is not None
    assert f.source.url == "https://example.org/policy"
    assert not found(plan(pay_per_hour=25, info=info), with_policy, "pays-below-policy")
    assert not found(
        plan(pay_per_hour=20, info=info, stakeholders=("clinician",)), with_policy, "pays-below-policy"
    )
    assert not found(plan(pay_per_hour=20), with_policy, "pays-below-policy")  # no policy chosen


def test_unpaid_role(with_policy: pr.Catalogue) -> None:
    info = {"payment_policy": "test-policy"}
    (f,) = found(plan(pay_per_hour=0, contributors=3, info=info), with_policy, "unpaid-role")
    assert "nothing" in f.message
    assert not found(plan(pay_per_hour=25, contributors=3, info=info), with_policy, "unpaid-role")
    assert not found(plan(rate="day", contributors=3, info=info), with_policy, "unpaid-role")


def test_benefits_threshold_from_the_policy(with_policy: pr.Catalogue) -> None:
    info = {"payment_policy": "test-policy"}
    # 8 sessions x 2 h x £25 = £400 for one person in a year: under the £1,000 threshold
    under = plan(contributors=2, sessions=8, hours=2, info=info)
    assert not found(under, with_policy, "benefits-signpost")
    # 30 sessions x 2 h x £25 = £1,500: over it
    (f,) = found(plan(contributors=2, sessions=30, hours=2, info=info), with_policy, "benefits-signpost")
    assert "£1,500.00" in f.message
    assert "above the £1,000.00 a year" in f.message
    assert "the payer's benefits advice line" in f.message


def test_budget_uses_the_plan_policy_from_the_catalogue(with_policy: pr.Catalogue) -> None:
    p = plan(contributors=2, sessions=3, hours=2, rate="day", info={"payment_policy": "test-policy"})
    assert str(p.budget(with_policy).total) == "900.00"  # 2 x 3 x £150 a day
    assert str(p.budget(with_policy, rates=POLICY).total) == "900.00"


def test_core_ships_nihr_policy_without_unconfirmed_rates() -> None:
    core = pr.load("core")
    nihr = core["nihr-payment-guidance"]
    assert isinstance(nihr, pr.PaymentPolicy)
    assert nihr.publisher == "NIHR"
    assert nihr.rates == ()  # no figure that a stored copy could not confirm
    assert all(s.year and s.publisher for s in nihr.sources)
