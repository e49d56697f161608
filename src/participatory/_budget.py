"""Costing a plan: what each activity costs in fees and expenses, in total and by project year.

A budget line is one cost of one activity in one project year: contributors' fees, or one
kind of expense. Fees come from the activity's own ``pay_per_hour``, or else from the
rate of the plan's payment policy that the activity names (``rate``; the policy's hourly
rate by default). Rates are data (a ``payment-policy`` record), never code.

The arithmetic, written once here and in docs/plans.md:

- time each contributor gives at one session = ``hours`` + ``preparation_hours`` +
  ``travel_hours``;
- fee for one contributor at one session = that time x the hourly rate, or the rate itself
  when it is paid by the half-day, day or activity;
- fees = contributors x sessions x that fee;
- expenses: ``travel``, ``carer``, ``childcare`` and ``data`` x contributors x sessions;
  ``venue`` and ``accessibility`` x sessions; ``training`` x contributors, once;
- sessions are spread evenly from ``start`` to ``end`` and each falls in a project year,
  counted from ``[plan] start`` (or the earliest activity ``start``); one-off training falls
  in the year of the first session;
- every line is rounded to the penny (half up) and totals are sums of rounded lines.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

import attrs

from ._errors import UnknownIdError
from ._model import PaymentPolicy, Rate, RateUnit
from ._schema import activity_name

if TYPE_CHECKING:
    from ._catalogue import Catalogue
    from ._plan import Activity, Plan

__all__ = [
    "EXPENSE_LABELS",
    "Budget",
    "BudgetLine",
    "build_budget",
    "find_policy",
    "money",
    "policies",
    "project_year",
    "rate_for",
    "session_fee",
]

_PENNY = Decimal("0.01")
_SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}

#: How each expense line is named on a budget, in the order budgets list them.
EXPENSE_LABELS: dict[str, str] = {
    "travel": "Travel expenses",
    "carer": "Carer costs",
    "childcare": "Childcare",
    "data": "Phone and data costs",
    "venue": "Venue and refreshments",
    "accessibility": "Accessibility (interpreters, easy read, captions)",
    "training": "Training",
}
_PER_PERSON_SESSION = ("travel", "carer", "childcare", "data")
_PER_SESSION = ("venue", "accessibility")
_FEES = "Public contributor fees"


def _dec(value: float) -> Decimal:
    return Decimal(repr(float(value)))


def _round(value: Decimal) -> Decimal:
    return value.quantize(_PENNY, rounding=ROUND_HALF_UP)


def money(amount: Decimal | float, currency: str = "GBP") -> str:
    """Show an amount with its currency: ``money(1234.5)`` is ``'£1,234.50'``."""
    value = _round(Decimal(amount) if isinstance(amount, Decimal) else _dec(amount))
    symbol = _SYMBOLS.get(currency)
    text = f"{value:,.2f}"
    return f"{symbol}{text}" if symbol else f"{currency} {text}"


def _hours(value: float) -> str:
    return f"{value:g}"


def project_year(day: dt.date, start: dt.date) -> int:
    """Return the project year (from 1) that ``day`` falls in, for a project starting on ``start``.

    >>> project_year(dt.date(2025, 3, 31), dt.date(2024, 4, 1))
    1
    >>> project_year(dt.date(2025, 4, 1), dt.date(2024, 4, 1))
    2
    """
    years = day.year - start.year - ((day.month, day.day) < (start.month, start.day))
    return max(years, 0) + 1


def session_dates(act: Activity) -> list[dt.date] | None:
    """Return the dates of an activity's sessions, spread evenly from start to end (``None``: undated)."""
    if not act.start or act.sessions <= 0:
        return None
    first = dt.date.fromisoformat(act.start)
    last = dt.date.fromisoformat(act.end) if act.end else first
    if act.sessions == 1:
        return [first]
    span, gaps = (last - first).days, act.sessions - 1
    # k/gaps of the way from first to last, to the nearest day (halves up)
    return [first + dt.timedelta(days=(2 * span * k + gaps) // (2 * gaps)) for k in range(act.sessions)]


@attrs.frozen(kw_only=True)
class BudgetLine:
    """One cost of one activity in one project year.

    Parameters
    ----------
    activity : int
        Position of the activity in the plan (from 0).
    name : str
        The activity's name (its technique when it has none).
    year : int or None
        Project year (from 1), or ``None`` when the activity is not dated.
    item : str
        ``fees`` or an expense (``travel``, ``carer``, ...).
    label : str
        The line as a grant form names it ("Public contributor fees").
    calculation : str
        How the amount was worked out ("6 contributors x 4 sessions x 3.5 hours x £27.50").
    amount : Decimal
        The amount, rounded to the penny.
    """

    activity: int
    name: str
    year: int | None
    item: str
    label: str
    calculation: str
    amount: Decimal


@attrs.frozen(kw_only=True)
class Budget:
    """The cost of a plan: its lines, with totals by activity and by project year.

    Parameters
    ----------
    plan : str
        The plan's title.
    policy : PaymentPolicy or None
        The payment policy whose rates were used, if any.
    currency : str
        ISO 4217 code of every amount.
    lines : tuple of BudgetLine
        Every cost, by activity, then year, then item.
    notes : tuple of str
        What could not be costed, and why.
    start : str or None
        The date project years are counted from, when the plan is dated.
    """

    plan: str
    policy: PaymentPolicy | None
    currency: str
    lines: tuple[BudgetLine, ...]
    notes: tuple[str, ...] = ()
    start: str | None = None
    per_person: tuple[tuple[int | None, Decimal], ...] = ()

    @property
    def total(self) -> Decimal:
        """The whole budget."""
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    @property
    def years(self) -> tuple[int | None, ...]:
        """The project years with costs, in order (``None``, undated, last)."""
        found = {line.year for line in self.lines}
        return (*sorted(y for y in found if y is not None), *((None,) if None in found else ()))

    def by_activity(self) -> dict[int, Decimal]:
        """Total of each activity that has costs, by position."""
        out: dict[int, Decimal] = {}
        for line in self.lines:
            out[line.activity] = out.get(line.activity, Decimal("0.00")) + line.amount
        return out

    def by_year(self) -> dict[int | None, Decimal]:
        """Total of each project year (``None`` for undated activities)."""
        out: dict[int | None, Decimal] = {y: Decimal("0.00") for y in self.years}
        for line in self.lines:
            out[line.year] += line.amount
        return out

    def by_item(self) -> dict[str, Decimal]:
        """Total of fees and of each kind of expense."""
        out: dict[str, Decimal] = {}
        for line in self.lines:
            out[line.label] = out.get(line.label, Decimal("0.00")) + line.amount
        return out

    def person_year(self) -> dict[int | None, Decimal]:
        """Return the most one person could be paid in fees in each project year.

        That is, if they took part in every paid activity: what a conversation about
        welfare benefits would need to know.
        """
        return dict(self.per_person)

    def money(self, amount: Decimal) -> str:
        """Show ``amount`` in the budget's currency."""
        return money(amount, self.currency)

    # --- output ---------------------------------------------------------------------

    def rows(self) -> list[dict[str, Any]]:
        """One row per line, as a grant form's budget lines: year, activity, cost, calculation, amount."""
        return [
            {
                "year": line.year,
                "activity": line.activity + 1,
                "activity_name": line.name,
                "cost": line.label,
                "calculation": line.calculation,
                "amount": line.amount,
            }
            for line in self.lines
        ]

    def to_dict(self) -> dict[str, Any]:
        """Return the budget as plain data (amounts as strings of pounds and pence)."""
        pol = self.policy
        return {
            "plan": self.plan,
            "currency": self.currency,
            "policy": None
            if pol is None
            else {"id": pol.id, "name": pol.name, "version": pol.version, "date": pol.date, "url": pol.url},
            "start": self.start,
            "total": str(self.total),
            "by_year": [{"year": y, "total": str(t)} for y, t in self.by_year().items()],
            "by_activity": [{"activity": i + 1, "total": str(t)} for i, t in self.by_activity().items()],
            "lines": [{**row, "amount": str(row["amount"])} for row in self.rows()],
            "notes": list(self.notes),
        }

    def to_json(self) -> str:
        """Return :meth:`to_dict` as JSON text."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def to_csv(self) -> str:
        """Return the lines as CSV, one budget line a row, shaped for a grant form's budget.

        Columns: year (``undated`` when not dated), activity number, activity name, cost,
        calculation, amount (pounds and pence, no symbol). Text cells that a spreadsheet
        would read as a formula are neutralised.
        """
        from ._io import csv_safe

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            ["year", "activity", "activity_name", "cost", "calculation", f"amount_{self.currency}"]
        )
        for row in self.rows():
            cells = [
                "undated" if row["year"] is None else row["year"],
                row["activity"],
                row["activity_name"],
                row["cost"],
                row["calculation"],
                str(row["amount"]),
            ]
            writer.writerow([csv_safe(c) for c in cells])
        writer.writerow(["", "", "", "Total", "", str(self.total)])
        return out.getvalue()

    def to_dataframe(self) -> Any:
        """Return the lines as a pandas DataFrame (amounts as floats; needs ``participatory[pandas]``)."""
        from ._frames import frame

        rows = [{**row, "amount": float(row["amount"])} for row in self.rows()]
        return frame(rows, ["year", "activity", "activity_name", "cost", "calculation", "amount"])

    def table(self) -> tuple[list[str], list[list[str]]]:
        """Return the budget by activity: columns and rows of text (a column per year when dated)."""
        years = self.years
        dated = self.start is not None
        year_cols = [("undated" if y is None else f"year {y}") for y in years] if dated else []
        columns = ["#", "activity", *year_cols, "total"]
        per: dict[tuple[int, int | None], Decimal] = {}
        names: dict[int, str] = {}
        for line in self.lines:
            per[(line.activity, line.year)] = (
                per.get((line.activity, line.year), Decimal("0.00")) + line.amount
            )
            names[line.activity] = line.name
        rows = []
        for i, total in self.by_activity().items():
            cells = [self.money(per.get((i, y), Decimal("0.00"))) for y in years] if dated else []
            rows.append([str(i + 1), names[i], *cells, self.money(total)])
        totals = [self.money(t) for t in self.by_year().values()] if dated else []
        rows.append(["", "Total", *totals, self.money(self.total)])
        return columns, rows

    def __str__(self) -> str:
        from ._html._text import aligned

        head = f"Budget: {self.plan}"
        if self.policy is not None:
            head += f" (rates: {self.policy.name}, version {self.policy.version or 'n.d.'})"
        columns, rows = self.table()
        lines = [head, *aligned([columns, *rows])]
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from ._html._reprs import budget_html

        return budget_html(self)

    def to_html(self) -> str:
        """Return the budget as one accessible HTML page (all text escaped)."""
        from ._html._paperwork import budget_document

        return budget_document(self)


# --------------------------------------------------------------------------- building


def rate_for(act: Activity, policy: PaymentPolicy | None) -> tuple[Rate | None, str]:
    """Return the rate paying an activity, and a note when there is none."""
    if act.pay_per_hour is not None:
        return Rate(id="plan", amount=act.pay_per_hour, per=RateUnit.HOUR, name="the plan's own rate"), ""
    if policy is None:
        return (
            None,
            "no payment policy is chosen and the activity sets no pay_per_hour, so fees are not costed",
        )
    if act.rate:
        rate = policy.rate(act.rate)
        if rate is None:
            known = ", ".join(r.id for r in policy.rates) or "none"
            return None, f"the policy {policy.id!r} has no rate {act.rate!r} (its rates: {known})"
        return rate, ""
    if policy.hourly is None:
        return None, (
            f"the policy {policy.id!r} sets no hourly rate; name one of its rates in rate, "
            "or set pay_per_hour"
        )
    return policy.hourly, ""


def session_fee(act: Activity, rate: Rate) -> Decimal:
    """Fee for one contributor at one session, unrounded."""
    if rate.per is RateUnit.HOUR:
        time = _dec(act.hours) + _dec(act.preparation_hours) + _dec(act.travel_hours)
        return time * _dec(rate.amount)
    return _dec(rate.amount)


def _fee_calculation(act: Activity, rate: Rate, sessions: int, currency: str) -> str:
    who = f"{act.contributors} contributor{'s' if act.contributors != 1 else ''}"
    times = f"{sessions} session{'s' if sessions != 1 else ''}"
    if rate.per is RateUnit.HOUR:
        parts = [_hours(act.hours)]
        parts += [_hours(x) for x in (act.preparation_hours, act.travel_hours) if x]
        time = " + ".join(parts) + " hours" if len(parts) > 1 else f"{parts[0]} hours"
        if len(parts) > 1:
            time = f"({time})"
        return f"{who} x {times} x {time} x {money(rate.amount, currency)} an hour"
    unit = {"half-day": "a half day", "day": "a day", "activity": "each"}[rate.per.value]
    return f"{who} x {times} x {money(rate.amount, currency)} {unit}"


def _label(act: Activity, i: int) -> str:
    return act.name or f"{activity_name(i)}: {act.technique}"


def _years_of(act: Activity, start: dt.date | None) -> dict[int | None, int]:
    """Sessions of an activity in each project year (``{None: sessions}`` when undated)."""
    dates = session_dates(act)
    if start is None or dates is None:
        return {None: act.sessions}
    out: dict[int | None, int] = {}
    for day in dates:
        year = project_year(day, start)
        out[year] = out.get(year, 0) + 1
    return out


def _lines(
    i: int, act: Activity, rate: Rate | None, start: dt.date | None, currency: str
) -> Iterator[BudgetLine]:
    name = _label(act, i)
    years = _years_of(act, start)
    first_year = next(iter(years))
    exp = act.expenses
    for year, sessions in years.items():
        if rate is not None:
            fee = _round(act.contributors * sessions * session_fee(act, rate))
            calc = _fee_calculation(act, rate, sessions, currency)
            yield BudgetLine(
                activity=i, name=name, year=year, item="fees", label=_FEES, calculation=calc, amount=fee
            )
        if exp is None:
            continue
        for item, label in EXPENSE_LABELS.items():
            each = getattr(exp, item)
            if not each:
                continue
            if item in _PER_PERSON_SESSION:
                count, how = (
                    act.contributors * sessions,
                    f"{act.contributors} contributors x {sessions} sessions",
                )
            elif item in _PER_SESSION:
                count, how = sessions, f"{sessions} sessions"
            elif year == first_year:  # training: once for each contributor
                count, how = act.contributors, f"{act.contributors} contributors, once"
            else:
                continue
            amount = _round(count * _dec(each))
            if amount:
                calc = f"{how} x {money(each, currency)}"
                yield BudgetLine(
                    activity=i,
                    name=name,
                    year=year,
                    item=item,
                    label=label,
                    calculation=calc,
                    amount=amount,
                )


def plan_start(plan: Plan) -> dt.date | None:
    """Return the date project years count from: ``[plan] start``, else the earliest activity start."""
    if plan.info.start:
        return dt.date.fromisoformat(plan.info.start)
    starts = [dt.date.fromisoformat(a.start) for a in plan.activities if a.start]
    return min(starts) if starts else None


def find_policy(
    plan: Plan, catalogue: Catalogue | None, rates: PaymentPolicy | str | None = None
) -> PaymentPolicy | None:
    """Return the payment policy a budget or audit uses.

    That is ``rates`` (a policy or its id), else ``[plan] payment_policy``, looked up in
    ``catalogue``; ``None`` when neither names one.

    Raises
    ------
    UnknownIdError
        If the id names no payment policy in the catalogue.
    """
    if isinstance(rates, PaymentPolicy):
        return rates
    wanted = rates or plan.info.payment_policy
    if not wanted:
        return None
    if catalogue is None:
        from ._defaults import installed

        catalogue = installed(plan.catalogues)
    found = catalogue.get(wanted)
    if isinstance(found, PaymentPolicy):
        return found
    known = [r.id for r in policies(catalogue)]
    from ._schema import nearest

    close = nearest(wanted, known)
    raise UnknownIdError(wanted, [close] if close else [])


def policies(catalogue: Catalogue) -> tuple[PaymentPolicy, ...]:
    """Every payment policy in ``catalogue``."""
    return tuple(catalogue.payment_policies.values())


def build_budget(plan: Plan, policy: PaymentPolicy | None) -> Budget:
    """Cost ``plan`` with ``policy``'s rates (see the module's docstring for the arithmetic)."""
    currency = policy.currency if policy is not None else "GBP"
    start = plan_start(plan)
    lines: list[BudgetLine] = []
    notes: list[str] = []
    person: dict[int | None, Decimal] = {}
    for i, act in enumerate(plan.activities):
        if act.contributors <= 0 or act.sessions <= 0:
            if act.contributors or act.sessions:
                notes.append(
                    f"{activity_name(i)}: records contributors or sessions but not both; not costed."
                )
            continue
        rate, why = rate_for(act, policy)
        if why:
            notes.append(f"{activity_name(i)}: {why}.")
        lines.extend(_lines(i, act, rate, start, currency))
        if rate is not None and rate.amount > 0:
            for year, sessions in _years_of(act, start).items():
                person[year] = person.get(year, Decimal(0)) + _round(sessions * session_fee(act, rate))
    return Budget(
        plan=plan.title,
        policy=policy,
        currency=currency,
        lines=tuple(lines),
        notes=tuple(notes),
        start=start.isoformat() if start else None,
        per_person=tuple(person.items()),
    )
