"""Adverts, recognition, plain summaries and application sections drafted from a plan."""

import csv
import io
import json
from pathlib import Path
from typing import Any

import attrs
import pytest

import participatory as pr
from participatory._cli import main
from participatory._paperwork import ADVERT_HEADINGS

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "costed-plan.toml"
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
