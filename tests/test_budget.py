"""Budgets checked against hand calculations: fees, expenses, rounding, project years, rates."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import participatory as pr
from participatory._budget import money, project_year, session_dates
from participatory._model import PaymentPolicy, Rate

D = Decimal


def plan_of(*activities: dict[str, Any], **info: Any) -> pr.Plan:
    acts = tuple(
        pr.Activity(
            **{
                "technique": "survey",
                "stage": "design",
                "stakeholders": ("patient",),
                "level": "consult",
                **a,
            }
        )
        for a in activities
    )
    return pr.Plan(info=pr.PlanInfo(title="Costed", **info), activities=acts)


POLICY = PaymentPolicy(
    id="test-policy",
    name="Test payer's payment policy",
    publisher="Test payer",
    version="2.0",
    date="2025-12-16",
    url="https://example.org/policy",
    rates=(
        Rate(id="hour", amount=20, per="hour"),
        Rate(id="half-day", amount=75, per="half-day"),
        Rate(id="review", amount=30, per="activity", name="Reviewing a document"),
    ),
)


def test_fees_and_every_expense_basis_by_hand() -> None:
    plan = plan_of(
        {
            "name": "Workshops",
            "contributors": 6,
            "sessions": 4,
            "hours": 2.5,
            "preparation_hours": 1,
            "travel_hours": 0.5,
            "pay_per_hour": 27.5,
            "expenses": pr.Expenses(travel=12.35, venue=80, training=45, accessibility=0),
        }
    )
    b = plan.budget()
    # (2.5 + 1 + 0.5) h x £27.50 = £110 a session; 6 people x 4 sessions
    assert {line.item: line.amount for line in b.lines} == {
        "fees": D("2640.00"),
        "travel": D("296.40"),  # 6 x 4 x 12.35
        "venue": D("320.00"),  # 4 x 80
        "training": D("270.00"),  # 6 x 45, once
    }
    assert b.total == D("3526.40")
    assert b.by_activity() == {0: D("3526.40")}
    assert b.years == (None,)
    assert b.start is None
    fees = b.lines[0]
    assert fees.calculation == "6 contributors x 4 sessions x (2.5 + 1 + 0.5 hours) x £27.50 an hour"


def test_each_line_rounds_half_up_to_the_penny() -> None:
    # 0.5 h x £13.35 = £6.675: half up is £6.68 (binary floating point would give £6.67)
    b = plan_of({"contributors": 1, "sessions": 1, "hours": 0.5, "pay_per_hour": 13.35}).budget()
    assert b.total == D("6.68")
    # three lines of £6.675 each round to £6.68, and the total is their sum, £20.04 (not £20.03)
    three = plan_of(*[{"contributors": 1, "sessions": 1, "hours": 0.5, "pay_per_hour": 13.35}] * 3).budget()
    assert three.total == D("20.04")


def test_multi_year_plan_splits_sessions_by_project_year() -> None:
    plan = plan_of(
        {
            "contributors": 2,
            "sessions": 3,
            "hours": 2,
            "pay_per_hour": 25,
            "start": "2025-01-01",
            "end": "2025-07-01",
            "expenses": pr.Expenses(travel=10, training=40),
        },
        {"contributors": 1, "sessions": 2, "hours": 1, "pay_per_hour": 25},  # undated
        start="2024-04-01",
    )
    b = plan.budget()
    # sessions on 1 January, 2 April and 1 July 2025; project year 2 starts on 1 April 2025
    assert [str(d) for d in session_dates(plan.activities[0]) or []] == [
        "2025-01-01",
        "2025-04-02",
        "2025-07-01",
    ]
    assert b.by_year() == {
        1: D("100.00") + D("20.00") + D("80.00"),  # 2 x 1 x £50, travel 2 x 1 x £10, training 2 x £40
        2: D("200.00") + D("40.00"),
        None: D("50.00"),
    }
    assert b.total == D("490.00")
    columns, rows = b.table()
    assert columns == ["#", "activity", "year 1", "year 2", "undated", "total"]
    assert rows[-1] == ["", "Total", "£200.00", "£240.00", "£50.00", "£490.00"]
    assert b.person_year() == {1: D("50.00"), 2: D("100.00"), None: D("50.00")}


def test_project_years_count_from_the_earliest_activity_without_a_plan_start() -> None:
    plan = plan_of(
        {"contributors": 1, "sessions": 1, "hours": 1, "pay_per_hour": 10, "start": "2026-03-01"},
        {"contributors": 1, "sessions": 1, "hours": 1, "pay_per_hour": 10, "start": "2027-03-01"},
    )
    assert plan.budget().by_year() == {1: D("10.00"), 2: D("10.00")}
    assert (
        project_year(__import__("datetime").date(2027, 2, 28), __import__("datetime").date(2026, 3, 1)) == 1
    )


def test_policy_rates_by_hour_half_day_and_activity() -> None:
    plan = plan_of(
        {
            "contributors": 3,
            "sessions": 2,
            "hours": 1.5,
            "preparation_hours": 0.5,
        },  # hourly: 3 x 2 x 2 h x £20
        {"contributors": 5, "sessions": 2, "hours": 3, "rate": "half-day"},  # 5 x 2 x £75
        {"contributors": 4, "sessions": 1, "hours": 2, "rate": "review"},  # 4 x £30
        {"contributors": 4, "sessions": 1, "hours": 2, "rate": "banquet"},  # no such rate
        {"contributors": 2, "sessions": 1, "hours": 2, "pay_per_hour": 0},  # unpaid by choice
    )
    b = plan.budget(rates=POLICY)
    assert b.by_activity() == {0: D("240.00"), 1: D("750.00"), 2: D("120.00"), 4: D("0.00")}
    assert any("no rate 'banquet'" in n for n in b.notes)
    assert b.lines[1].calculation == "5 contributors x 2 sessions x £75.00 a half day"


def test_without_a_policy_fees_are_noted_not_invented() -> None:
    b = plan_of({"contributors": 3, "sessions": 2, "hours": 1, "expenses": pr.Expenses(travel=5)}).budget()
    assert [line.item for line in b.lines] == ["travel"]
    assert "fees are not costed" in b.notes[0]
    half = plan_of({"contributors": 3}).budget()
    assert half.lines == ()
    assert "not both" in half.notes[0]


def test_unknown_policy_id_is_an_unknown_id() -> None:
    with pytest.raises(pr.UnknownIdError):
        plan_of({"contributors": 1, "sessions": 1}).budget(pr.Catalogue(), rates="no-such-policy")


def test_outputs_csv_json_and_html() -> None:
    hostile = '=HYPERLINK("http://evil")<script>alert(1)</script>'
    plan = plan_of(
        {"name": hostile, "contributors": 2, "sessions": 1, "hours": 1, "pay_per_hour": 20},
        {"name": "+cmd", "contributors": 1, "sessions": 1, "hours": 1, "pay_per_hour": 20},
    )
    b = plan.budget()
    rows = list(csv.reader(io.StringIO(b.to_csv())))
    assert rows[0] == ["year", "activity", "activity_name", "cost", "calculation", "amount_GBP"]
    assert rows[1][2].startswith("'=")
    assert rows[2][2].startswith("'+")
    assert rows[-1][-1] == "60.00"
    data = json.loads(b.to_json())
    assert data["total"] == "60.00"
    assert data["lines"][0]["amount"] == "40.00"
    for html in (b.to_html(), b._repr_html_()):
        assert "<script>alert" not in html
        assert "&lt;script&gt;" in html


def test_the_budget_as_a_dataframe() -> None:
    pytest.importorskip("pandas")  # the optional extra: skipped, not failed, without it
    plan = plan_of(
        {"name": "a", "contributors": 2, "sessions": 1, "hours": 1, "pay_per_hour": 20},
        {"name": "b", "contributors": 1, "sessions": 1, "hours": 1, "pay_per_hour": 20},
    )
    df = plan.budget().to_dataframe()
    assert df["amount"].sum() == pytest.approx(60.0)


def test_money() -> None:
    assert money(D("1234.5")) == "£1,234.50"
    assert money(2.005, "EUR") == "€2.01"
    assert money(1, "NOK") == "NOK 1.00"


def test_worked_example_budget(tmp_path: Path) -> None:
    plan = pr.Plan.from_path(Path(__file__).parents[1] / "examples" / "health-data-plan.toml")
    assert plan.budget().total >= 0


money_amounts = st.decimals(min_value=0, max_value=500, places=2).map(float)
hours = st.decimals(min_value=0, max_value=8, places=2).map(float)


@settings(max_examples=60, deadline=None)
@given(
    acts=st.lists(
        st.fixed_dictionaries(
            {
                "contributors": st.integers(0, 12),
                "sessions": st.integers(0, 24),
                "hours": hours,
                "preparation_hours": hours,
                "pay_per_hour": money_amounts,
                "start": st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31)).map(str),
                "expenses": st.builds(
                    pr.Expenses, travel=money_amounts, venue=money_amounts, training=money_amounts
                ),
            }
        ),
        max_size=4,
    ),
    span=st.integers(0, 900),
)
def test_totals_agree_and_every_session_is_counted_once(acts: list[dict[str, Any]], span: int) -> None:
    for a in acts:
        a["end"] = str(dt.date.fromisoformat(a["start"]) + dt.timedelta(days=span))
    plan = plan_of(*acts, start="2024-01-01")
    b = plan.budget()
    assert b.total == sum(b.by_activity().values(), D(0)) == sum(b.by_year().values(), D(0))
    assert all(line.amount == line.amount.quantize(D("0.01")) and line.amount >= 0 for line in b.lines)
    for i, act in enumerate(plan.activities):
        dates = session_dates(act)
        if act.sessions:
            assert dates is not None
            assert len(dates) == act.sessions
            assert dates[0] == dt.date.fromisoformat(act.start or "")
            assert dates[-1] <= dt.date.fromisoformat(act.end or "")
        fees = sum((line.amount for line in b.lines if line.activity == i and line.item == "fees"), D(0))
        exact = (
            D(act.contributors * act.sessions)
            * (D(repr(act.hours)) + D(repr(act.preparation_hours)))
            * D(repr(act.pay_per_hour or 0))
        )
        # rounding each year's line to the penny moves the total by at most half a penny a year
        assert abs(fees - exact) <= D("0.005") * max(len(b.years), 1)
