"""Adverts, recognition, plain summaries and application sections drafted from a plan."""

import csv
import io
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import participatory as pr
from participatory import _io
from participatory._checks import contact_problem, record_problems
from participatory._cli import main
from participatory._convert import unstructure
from participatory._paperwork import ADVERT_HEADINGS, contact_in

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "costed-plan.toml"
CATALOGUE_HEAD = '[catalogue]\nname = "adverts"\nversion = "1.0.0"\ntitle = "Adverts"\nextends = ["core"]\n\n'
HOSTILE = '<script>alert("x")</script> =HYPERLINK("http://evil") & <b>bold</b>'


@pytest.fixture(scope="module")
def core() -> pr.Catalogue:
    return pr.load("core")


@pytest.fixture(scope="module")
def plan() -> pr.Plan:
    return pr.Plan.from_path(EXAMPLE)


def hostile(plan: pr.Plan) -> pr.Plan:
    """Every free-text field of every activity replaced by markup and a formula."""
    text = {f.name for f in attrs.fields(pr.Activity) if f.type is str}
    text -= {"technique", "stage", "rate"}
    acts = []
    for a in plan.activities:
        log = tuple(attrs.evolve(e, said=HOSTILE, did=HOSTILE) for e in a.log)
        changes: dict[str, Any] = dict.fromkeys(text, HOSTILE)
        acts.append(attrs.evolve(a, **changes, log=log, outputs=(HOSTILE,)))
    info = attrs.evolve(plan.info, title=HOSTILE, summary=HOSTILE)
    return attrs.evolve(plan, info=info, activities=tuple(acts))


def test_advert_has_every_heading_and_is_complete_when_the_plan_is(plan: pr.Plan, core: pr.Catalogue) -> None:
    ad = plan.advert(3, core)
    assert ad.headings() == ADVERT_HEADINGS
    assert ad.complete
    text = ad.to_text()
    for heading in ADVERT_HEADINGS:
        assert heading in text
    # 10 sessions x (3 + 0.5 + 1) h x £27.50 = £1,237.50 for each person
    assert "£1,237.50" in text
    assert "In all, about 45 hours of your time." in text
    assert "2026-01-31" in text
    assert "welfare benefits" in text
    assert ad.readability is not None
    assert ad.readability.words > 50
    html = ad.to_html()
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in html
    assert "<main" in html
    for heading in ADVERT_HEADINGS:
        assert f">{heading}</h2>" in html


def test_advert_lists_what_is_missing(plan: pr.Plan, core: pr.Catalogue) -> None:
    bare = pr.Plan(
        info=pr.PlanInfo(title="Bare"),
        activities=(
            pr.Activity(technique="focus-group", stage="design", stakeholders=("patient",), level="consult"),
        ),
    )
    ad = bare.advert(1, core)
    assert ad.headings() == ADVERT_HEADINGS
    assert not ad.complete
    assert {m.split(" (")[-1].rstrip(")") for m in ad.missing} == {
        "when",
        "sessions, hours",
        "payment",
        "support",
        "accessibility",
        "eligibility",
        "how_to_apply",
    }
    assert "Gap:" in ad.to_text()
    with pytest.raises(pr.CatalogueError, match="no activity 2"):
        bare.advert(2, core)


def test_recognition_names_roles_never_professionals(plan: pr.Plan, core: pr.Catalogue) -> None:
    paper = plan.recognise(core)
    roles = paper.headings()
    assert "Patient" in roles
    assert "Researcher" not in roles  # the steering committee's researchers are not recognised here
    patient = next(s for s in paper.sections if s.heading == "Patient")
    statement, thanks, authorship = patient.items
    assert statement.startswith("Contribution statement: Patient contributors took part in 4 activities")
    assert "about 48 hours each" in statement  # 12 x (2 + 1 + 1)
    assert thanks.startswith("Acknowledgement: We thank")
    assert "ICMJE criterion" in authorship
    assert any("icmje.org" in s.url for s in paper.sources)
    consult_only = attrs.evolve(plan, activities=(plan.activities[1],))
    (only,) = consult_only.recognise(core).sections
    assert "authorship is unlikely" in only.items[2]


def test_contributor_summary_uses_the_log(plan: pr.Plan, core: pr.Catalogue) -> None:
    summary = plan.contributor_summary(1, core)
    text = summary.to_text()
    assert "You said: Evening meetings are hard" in text
    assert "We did: Meetings moved to late mornings" in text
    assert "We could not do this, because the university can only pay" in text
    assert summary.complete
    pending = plan.contributor_summary(3, core)  # a log entry with no response yet
    assert not pending.complete
    assert "or why not" in pending.missing[0]


def test_gripp2_and_uk_standards_report_the_log_as_impact(plan: pr.Plan, core: pr.Catalogue) -> None:
    gripp2 = plan.report("gripp2-sf", core)
    results = next(i for i in gripp2.items if i.id == "results")
    assert any("you said: The topic guide does not ask about driving" in e for e in results.evidence)
    uk = plan.report("uk-standards", core)
    impact = next(i for i in uk.items if i.id == "impact")
    assert any("we did: A two-page easy-read consent form" in e for e in impact.evidence)


@pytest.mark.parametrize(
    ("checklist", "headings", "cited"),
    [
        (
            "ethics-involvement",
            [
                "Who was involved",
                "How and when they were involved",
                "What difference it made to the design",
                "What is planned",
            ],
            "hra.nhs.uk",
        ),
        (
            "nihr-ppi-section",
            [
                "Involvement so far",
                "Plans for involvement",
                "Budget for involvement",
                "Support and training",
                "Impact and evaluation",
            ],
            "nihr.ac.uk",
        ),
    ],
)
def test_application_sections(
    plan: pr.Plan, core: pr.Catalogue, checklist: str, headings: list[str], cited: str
) -> None:
    report = plan.report(checklist, core)
    assert [i.name for i in report.items] == headings
    assert any(cited in s.url for s in report.checklist.sources)
    md = report.to_markdown()
    for n, heading in enumerate(headings, 1):
        assert f"## {n}. {heading}" in md
    assert cited in md


def test_funder_section_quotes_budget_and_audit_gaps(plan: pr.Plan, core: pr.Catalogue) -> None:
    report = plan.report("nihr-ppi-section", core)
    budget = next(i for i in report.items if i.id == "involvement-budget")
    assert "Total for involvement: £23,150.00." in budget.evidence
    assert "Project year 2: £10,010.00." in budget.evidence
    assert any("Benefits Advice Service" in g for g in budget.gaps)  # benefits-signpost, from the audit
    impact = next(i for i in report.items if i.id == "impact-and-evaluation")
    assert any("feedback is overdue" in g.lower() for g in impact.gaps)  # feedback-overdue, from the audit
    bare = pr.Plan(
        info=pr.PlanInfo(title="Bare"),
        activities=(
            pr.Activity(technique="focus-group", stage="design", stakeholders=("patient",), level="consult"),
        ),
    )
    bare_budget = next(i for i in bare.report("nihr-ppi-section", core).items if i.id == "involvement-budget")
    assert any("Nothing is costed" in g for g in bare_budget.gaps)


def test_hostile_plan_text_never_breaks_html_or_csv(plan: pr.Plan, core: pr.Catalogue) -> None:
    bad = hostile(plan)
    pages = [
        bad.advert(3, core).to_html(),
        bad.recognise(core).to_html(),
        bad.contributor_summary(1, core).to_html(),
        bad.budget().to_html(),
        bad.report("nihr-ppi-section", core).to_html(),
        bad.report("ethics-involvement", core).to_html(),
        bad.advert(3, core)._repr_html_(),
        bad.budget()._repr_html_(),
    ]
    for html in pages:
        assert "<script>" not in html
        assert "<b>bold" not in html
        assert "&lt;script&gt;" in html
    rows = list(csv.reader(io.StringIO(bad.budget().to_csv())))
    assert {len(r) for r in rows} == {6}  # quotes and commas in the text never break a row
    assert {r[2] for r in rows[1:-1]} == {HOSTILE}
    formula = attrs.evolve(bad, activities=tuple(attrs.evolve(a, name="=" + HOSTILE) for a in bad.activities))
    assert {r[2] for r in list(csv.reader(io.StringIO(formula.budget().to_csv())))[1:-1]} == {"'=" + HOSTILE}


def test_cli_advert_recognise_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "advert", str(EXAMPLE), "3"]) == 0
    assert "Get involved: Peer interviewers" in capsys.readouterr().out
    assert main(["plan", "advert", str(EXAMPLE), "4"]) == 1  # no eligibility, accessibility, how to apply
    assert "not complete" in capsys.readouterr().err
    assert main(["plan", "advert", str(EXAMPLE), "9"]) == 1
    err = capsys.readouterr().err
    assert "no activity 9" in err
    assert "Traceback" not in err
    out = tmp_path / "advert.html"
    assert main(["plan", "advert", str(EXAMPLE), "3", "-f", "html", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["plan", "recognise", str(EXAMPLE), "-f", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "recognition"
    assert main(["plan", "report", str(EXAMPLE), "--activity", "1"]) == 0
    assert "You said:" in capsys.readouterr().out
    assert main(["plan", "report", str(EXAMPLE), "-k", "funder"]) == 0
    assert "Budget for involvement" in capsys.readouterr().out


# --------------------------------------------------------------------------- the advert as a record


def ready(**changes: Any) -> pr.Plan:
    """A one-activity plan with everything an opportunity record needs, changed by ``changes``."""
    act = pr.Activity(
        name="Reading group",
        technique="lay-document-review",
        stage="design",
        stakeholders=("patient", "researcher"),
        level="consult",
        mode="online",
        when="March 2027",
        contributors=5,
        sessions=2,
        hours=2,
        preparation_hours=1,
        pay_per_hour=25,
        start="2027-03-01",
        end="2027-03-29",
        payment="£25 an hour, reading time included.",
        support="A glossary and a named contact.",
        accessibility="Large print on request: write to access@example.org.",
        eligibility="Anyone who has used a GP surgery in the last year.",
        how_to_apply="Fill in the form at https://example.org/join.",
        closes="2027-02-01",
        expenses=pr.Expenses(data=5, venue=0),
    )
    act = attrs.evolve(act, **{k: v for k, v in changes.items() if k != "info"})
    info = changes.get("info", pr.PlanInfo(title="GP records study", organisation="Example health trust"))
    return pr.Plan(info=info, activities=(act,))


def test_the_example_advert_becomes_a_record_filled_from_the_plan(plan: pr.Plan, core: pr.Catalogue) -> None:
    opp = plan.opportunity(3, core)
    act = plan.activities[2]
    assert isinstance(opp, pr.Opportunity)
    assert opp.id == "peer-interviewers-from-stroke-survivors-groups"
    assert opp.name == act.name
    assert opp.kind is pr.OpportunityKind.ROLE
    assert opp.organisation == plan.info.organisation
    assert (opp.techniques, opp.stages) == (("peer-research",), ("data-collection",))
    assert opp.stakeholders == ("peer-researcher", "community-organisation")  # the public ones sought
    assert opp.level is pr.Level.COLLABORATE
    assert opp.modes == (pr.Mode.IN_PERSON,)
    assert opp.commitment == pr.Commitment(hours=3, sessions=10, period="Spring 2026 to autumn 2026")
    assert (opp.starts, opp.closes) == ("2026-03-02", "2026-01-31")
    assert opp.payment == pr.Payment(amount=27.5, unit="hour", policy="nihr-payment-guidance")
    assert opp.expenses == ("travel", "childcare")  # those the activity budgets an amount for
    assert act.support in opp.support
    assert act.accessibility in opp.support
    assert opp.eligibility == act.eligibility
    assert opp.apply == "involvement@example.org"  # the address in how_to_apply
    assert opp.content_warning  # the topic is marked high sensitivity
    assert plan.title in opp.plain
    assert list(record_problems(opp)) == []


def test_toml_output_validates_in_a_catalogue_and_round_trips(plan: pr.Plan, tmp_path: Path) -> None:
    out = tmp_path / "opportunity.toml"
    assert main(["plan", "advert", str(EXAMPLE), "3", "--format", "toml", "--output", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("[[opportunity]]")
    folder = tmp_path / "adverts"
    folder.mkdir()
    (folder / "catalogue.toml").write_text(CATALOGUE_HEAD + text, encoding="utf-8")
    assert main(["validate", str(folder)]) == 0
    back = pr.Catalogue.from_path(folder)
    assert back.opportunities[plan.opportunity(3).id] == plan.opportunity(3)


def test_a_chosen_id_and_a_bad_one(plan: pr.Plan, capsys: pytest.CaptureFixture[str]) -> None:
    assert plan.opportunity(3, id="peer-interviewers-2026").id == "peer-interviewers-2026"
    with pytest.raises(pr.CatalogueValidationError) as caught:
        plan.opportunity(3, id="Not A Slug")
    (problem,) = caught.value.problems
    assert (problem.record, problem.field) == ("activity 3", "opportunity.id")
    assert main(["plan", "advert", str(EXAMPLE), "3", "--id", "x"]) == 2  # --id is for --format toml
    assert "--format toml" in capsys.readouterr().err


def test_every_missing_fact_is_reported_at_once_and_located(core: pr.Catalogue) -> None:
    bare = pr.Plan(
        info=pr.PlanInfo(title="Bare"),
        activities=(
            pr.Activity(technique="focus-group", stage="design", stakeholders=("patient",), level="consult"),
        ),
        source="bare.toml",
    )
    with pytest.raises(pr.CatalogueValidationError) as caught:
        bare.opportunity(1, core)
    found = {(p.file, p.record, p.field) for p in caught.value.problems}
    expected = {"when", "sessions, hours", "payment", "support", "accessibility", "eligibility"}
    expected |= {"how_to_apply", "closes"}
    located = {("bare.toml", "activity 1", f) for f in expected}
    assert found == located | {("bare.toml", "-", "plan.organisation")}
    # The advert (text) of the same plan names the same gaps: one rule for both.
    gaps = {m.rsplit(" (", 1)[-1].rstrip(")") for m in bare.advert(1, core).missing}
    assert gaps == expected - {"closes"}


def test_how_to_apply_needs_an_address_for_the_record(core: pr.Catalogue) -> None:
    plan = ready(how_to_apply="Ring the study team and ask for the involvement lead.")
    assert plan.advert(1, core).complete  # fine for text
    with pytest.raises(pr.CatalogueValidationError) as caught:
        plan.opportunity(1, core)
    assert [p.field for p in caught.value.problems] == ["how_to_apply"]
    assert "web address or a role e-mail address" in caught.value.problems[0].message


def test_payment_is_the_rate_and_the_policy_never_a_guess(core: pr.Catalogue) -> None:
    policy = pr.PaymentPolicy(
        id="test-policy",
        name="Test payer's payment policy",
        publisher="Test payer",
        version="1",
        date="2026-01-01",
        url="https://example.org/policy",
        rates=(pr.Rate(id="half-day", amount=90, per="half-day"),),
    )
    cat = core.merge(pr.Catalogue([policy]))
    with_policy = pr.PlanInfo(title="Study", organisation="Example trust", payment_policy="test-policy")
    by_session = ready(info=with_policy, pay_per_hour=None, rate="half-day").opportunity(1, cat)
    assert by_session.payment == pr.Payment(amount=90, unit="session", policy="test-policy")
    hourly = ready(info=with_policy).opportunity(1, cat)
    assert hourly.payment == pr.Payment(amount=25, unit="hour", policy="test-policy")
    unpaid = ready(pay_per_hour=0).opportunity(1, core)
    assert unpaid.payment == pr.Payment(offered=False)
    # No rate known (a policy with no hourly rate, nothing of the plan's own): offered, no amount.
    unknown = ready(info=with_policy, pay_per_hour=None).opportunity(1, cat)
    assert unknown.payment == pr.Payment(policy="test-policy")
    euros = attrs.evolve(policy, currency="EUR", rates=(pr.Rate(id="hour", amount=30, per="hour"),))
    in_euros = core.merge(pr.Catalogue([euros]))
    assert ready(info=with_policy, pay_per_hour=None).opportunity(1, in_euros).payment == pr.Payment(
        policy="test-policy"
    )  # the record states pounds only


def test_accessibility_contact_becomes_who_to_ask_about_adjustments(core: pr.Catalogue) -> None:
    opp = ready().opportunity(1, core)
    assert opp.adjustments == "access@example.org"
    assert opp.apply == "https://example.org/join"  # the full stop after it is not part of it
    assert opp.stakeholders == ("patient",)  # researchers are not sought by an advert
    assert opp.expenses == ("data",)
    assert opp.content_warning == ""
    assert ready(accessibility="Step-free venue.").opportunity(1, core).adjustments == ""


@given(st.text(max_size=60), st.text(max_size=60))
def test_contact_in_returns_an_address_the_catalogue_accepts_or_nothing(before: str, after: str) -> None:
    found = contact_in(before + " involvement@example.org " + after)
    assert found
    assert re.fullmatch(r"\S+", found)
    assert contact_problem(found) is None
    assert contact_problem(contact_in(before)) is None or contact_in(before) == ""


HOSTILE_TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=80) | st.sampled_from(
    ["<script>alert(1)</script> a@b.co", '=HYPERLINK("http://x")', "\u202eevil", "x" * 300]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=HOSTILE_TEXT, apply=HOSTILE_TEXT, eligibility=HOSTILE_TEXT, organisation=HOSTILE_TEXT)
def test_hostile_plan_text_gives_a_valid_record_or_located_problems(
    core: pr.Catalogue, name: str, apply: str, eligibility: str, organisation: str
) -> None:
    plan = ready(
        name=name,
        how_to_apply=f"{apply} Apply at https://example.org/join.",
        eligibility=eligibility,
        info=pr.PlanInfo(title="Study", organisation=organisation),
    )
    try:
        opp = plan.opportunity(1, core)
    except pr.CatalogueValidationError as error:
        problems = error.problems
    else:
        problems = ()
    if problems:
        assert all(p.record in ("activity 1", "-") for p in problems)
        return
    assert list(record_problems(opp)) == []
    text = _io.toml_dumps({"opportunity": [unstructure(opp)]})
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "catalogue.toml"
        file.write_text(CATALOGUE_HEAD + text, encoding="utf-8")
        back = pr.Catalogue.from_path(file)
    assert back.opportunities[opp.id] == opp


def test_cli_lists_every_missing_fact_without_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "advert", str(EXAMPLE), "1", "--format", "toml"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Traceback" not in captured.err
    for field in ("accessibility", "eligibility", "how_to_apply", "closes"):
        assert f"activity 1: {field}:" in captured.err


def test_the_record_goes_into_an_intake_inbox_once_and_approves_into_a_catalogue(
    tmp_path: Path, core: pr.Catalogue
) -> None:
    from participatory._intake import Inbox, approve
    from participatory.plans import to_inbox

    record = ready(closes="2099-01-31").opportunity(1, core)
    box = tmp_path / "inbox"
    assert to_inbox(record, box, source="plans/study.toml") == (record.id, True)
    assert to_inbox(record, box, source="plans/study.toml") == (record.id, False)  # not added twice
    drafts, problems = Inbox(box).drafts()
    assert problems == []
    (draft,) = drafts
    assert (draft.envelope.kind, draft.envelope.channel, draft.envelope.source) == (
        "opportunity",
        "plan",
        "study.toml",
    )
    assert draft.envelope.contact == ""  # a plan names no person
    other = attrs.evolve(record, name="Another reading group")
    with pytest.raises(pr.IntakeError) as caught:
        to_inbox(other, box)
    assert [(p.record, p.field) for p in caught.value.problems] == [(record.id, "id")]
    folder = tmp_path / "catalogue"
    folder.mkdir()
    (folder / "catalogue.toml").write_text(CATALOGUE_HEAD, encoding="utf-8")
    approve(box, record.id, folder, accept="role addresses of the study team, not a person's")
    assert pr.Catalogue.from_path(folder).opportunities[record.id] == record


def test_cli_advert_into_an_inbox(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    box = tmp_path / "inbox"
    assert main(["plan", "advert", str(EXAMPLE), "3", "--inbox", str(box), "--id", "peer-interviewers"]) == 0
    assert "added draft peer-interviewers" in capsys.readouterr().out
    assert (box / "peer-interviewers.toml").is_file()
    assert main(["plan", "advert", str(EXAMPLE), "3", "--inbox", str(box), "--id", "peer-interviewers"]) == 0
    assert "nothing added" in capsys.readouterr().out
    assert main(["plan", "advert", str(EXAMPLE), "3", "--inbox", str(box), "-o", str(tmp_path / "x")]) == 2
    assert main(["plan", "advert", str(EXAMPLE), "1", "--inbox", str(box)]) == 1  # facts missing
    assert "Traceback" not in capsys.readouterr().err
    assert sorted(p.name for p in box.iterdir() if not p.name.startswith(".")) == ["peer-interviewers.toml"]
