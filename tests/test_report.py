"""Reports: checklists filled from a plan, gaps marked, never invented; safe HTML."""

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest

import participatory as pr
from participatory._report import EVIDENCE, ReportItem

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def cat() -> pr.Catalogue:
    return pr.Catalogue.from_path(DATA / "plan-catalogue.toml")


def plan(**info: object) -> pr.Plan:
    return pr.Plan(
        info=pr.PlanInfo(title="Multimorbidity <study>", catalogues=("plan-test",), **info),  # type: ignore[arg-type]
        activities=(
            pr.Activity(
                technique="advisory-group",
                stage="design",
                stakeholders=("patient", "carer"),
                level="collaborate",
                mode="online",
                when="months 1-3",
                payment="£25 an hour",
                feedback="Summary after each meeting",
                impact="Added fatigue as an outcome",
            ),
            pr.Activity(
                technique="survey", stage="identify-prioritise", stakeholders=("patient",), level="consult"
            ),
        ),
    )


def item(report: pr.Report, item_id: str) -> ReportItem:
    return next(i for i in report.items if i.id == item_id)


def test_gripp2_from_plan(cat: pr.Catalogue) -> None:
    report = plan(aim="Keep the questions relevant").report("gripp2-sf", cat)
    assert [i.id for i in report.items] == ["aim", "methods", "results", "discussion", "reflections"]
    assert item(report, "aim").evidence == ("Aim of involvement: Keep the questions relevant",)
    assert not item(report, "aim").gaps
    methods = item(report, "methods")
    assert methods.evidence[0].startswith("2 activities at 2 stages")
    assert (
        "Advisory group with Patients, Carers, at level collaborate, online, months 1-3"
        in methods.evidence[1]
    )
    results = item(report, "results")
    assert results.evidence == ("activity 1: what changed: Added fatigue as an outcome",)
    assert results.gaps == ("activity 2 does not record what changed because of it.",)
    assert item(report, "discussion").gaps
    assert not item(report, "discussion").evidence  # nothing invented


def test_gaps_when_aim_missing(cat: pr.Catalogue) -> None:
    report = plan().report("gripp2-sf", cat)
    assert item(report, "aim").evidence == ()
    assert "aim" in item(report, "aim").gaps[0]
    assert report.gaps >= 4


def test_uk_standards(cat: pr.Catalogue) -> None:
    report = plan(underserved=("rural",)).report("uk-standards", cat)
    inclusive = item(report, "inclusive-opportunities")
    assert inclusive.evidence == ("Under-served groups the study needs to reach: rural.",)
    (gap,) = inclusive.gaps  # the audit's underserved-not-reached finding, quoted
    assert gap.startswith("The plan names rural as groups to reach, but no activity records reaching them")
    assert inclusive.questions == ("Who is missing?",)
    working = item(report, "working-together")
    assert "collaborate: activity 1." in working.evidence
    assert any(g.startswith("Activity 2 records neither payment nor support") for g in working.gaps)
    assert item(report, "governance").gaps  # nobody at oversight
    assert item(report, "communications").evidence == ("activity 1: feedback: Summary after each meeting",)


def test_reflective_by_stage(cat: pr.Catalogue) -> None:
    report = plan().report("reflective-questions", cat)
    design = item(report, "design")
    assert len(design.evidence) == 1
    assert design.questions == ("What is still open to change?",)
    analysis = item(report, "analysis")
    assert analysis.evidence == ()
    assert "No activity at the Analysis stage" in analysis.gaps[0]


def test_plugin_checklist_with_evidence_field(cat: pr.Catalogue) -> None:
    pcori = pr.Checklist(
        id="pcori-foundational-expectations",
        name="PCORI Foundational Expectations",
        items=(
            pr.ChecklistItem(id="diversity", name="Diversity and representation", evidence=("inclusion",)),
            pr.ChecklistItem(id="funds", name="Dedicated funds", evidence=("payment", "support")),
            pr.ChecklistItem(id="early", name="Early engagement", evidence=("coverage",)),
            pr.ChecklistItem(id="odd", name="Odd", evidence=("astrology",)),
            pr.ChecklistItem(id="free", name="Free text"),
        ),
    )
    report = plan().report("pcori-foundational-expectations", cat.merge(pr.Catalogue([pcori])))
    assert "Design: 1 activity." in item(report, "early").evidence
    assert "No activity at the Oversight stage." in item(report, "early").gaps
    assert item(report, "funds").evidence == ("activity 1: payment: £25 an hour",)
    assert "Unknown evidence topic 'astrology'" in item(report, "odd").gaps[0]
    assert item(report, "free").gaps == ("Nothing in the plan answers this item; answer it by hand.",)


def test_unknown_checklist(cat: pr.Catalogue) -> None:
    with pytest.raises(pr.UnknownIdError, match="did you mean 'uk-standards'"):
        plan().report("uk-standard", cat)


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)


def test_html_is_one_accessible_page(cat: pr.Catalogue, tmp_path: Path) -> None:
    hostile = attrs.evolve(
        plan(),
        info=pr.PlanInfo(title="<b>t</b> & co", aim='<script>alert("x")</script>', catalogues=("plan-test",)),
    )
    page = hostile.report("gripp2-sf", cat).to_html()
    assert page.startswith("<!DOCTYPE html>")
    parser = _Collect()
    parser.feed(page)
    assert "script" not in parser.tags
    assert not any(name.startswith("on") for name, _ in parser.attrs)
    assert ("lang", "en") in parser.attrs
    for landmark in ("header", "main", "footer", "h1", "h2", "title"):
        assert landmark in parser.tags
    assert "&lt;script&gt;" in page
    assert "&lt;b&gt;t&lt;/b&gt; &amp; co" in page
    assert "<strong>Gap:</strong>" in page
    out = hostile.report("gripp2-sf", cat).write(tmp_path / "r.html")
    assert out.read_text(encoding="utf-8") == page


def test_markdown(cat: pr.Catalogue, tmp_path: Path) -> None:
    report = plan().report("gripp2-sf", cat)
    md = report.to_markdown()
    assert md.startswith("# GRIPP2 short form: Multimorbidity \\<study\\>")
    assert "## 1. Aim" in md
    assert "- **Gap:** " in md
    assert "<https://doi.org/10.1136/bmj.j3453>" in md
    assert report.write(tmp_path / "r.md").read_text(encoding="utf-8") == md
    with pytest.raises(pr.CatalogueWriteError):
        report.write(tmp_path / "r.pdf")
    assert "<section" in report._repr_html_()


def test_plan_repr_html() -> None:
    html = plan()._repr_html_()
    assert "Multimorbidity &lt;study&gt;" in html
    assert "<table class='pr-table'>" in html


def test_report_gaps_are_the_audits_findings(cat: pr.Catalogue) -> None:
    """Payment, feedback, level and inclusion gaps come from the audit rules, not a second copy."""
    p = plan(underserved=("rural",))
    audit = {f.rule: f.message for f in p.audit(cat)}
    report = p.report("uk-standards", cat)
    gaps = {g for it in report.items for g in it.gaps}
    for rule in ("no-payment-or-support", "underserved-not-reached"):
        message = audit[rule]
        assert any(g.lower().startswith(message[:40].lower()) for g in gaps), rule


def test_so_far_and_planned_follow_the_dates(cat: pr.Catalogue) -> None:
    """Done: only so far; under way: both; dated in the future: only planned, and no impact gap yet."""
    today = dt.date.today()

    def act(first: int, last: int) -> pr.Activity:
        return pr.Activity(
            technique="survey",
            stage="design",
            stakeholders=("patient",),
            level="consult",
            start=str(today + dt.timedelta(days=first)),
            end=str(today + dt.timedelta(days=last)),
        )

    dated = pr.Plan(
        info=pr.PlanInfo(title="Dated", catalogues=("plan-test",)),
        activities=(act(-60, -30), act(-30, 30), act(30, 60)),
    )
    found = {topic: EVIDENCE[topic](dated, cat) for topic in ("so-far", "planned", "impact")}
    so_far, planned = (" ".join(found[t][0]) for t in ("so-far", "planned"))
    assert ("activity 1" in so_far, "activity 2" in so_far, "activity 3" in so_far) == (True, True, False)
    assert ("activity 1" in planned, "activity 2" in planned, "activity 3" in planned) == (False, True, True)
    assert "activity 2, Design" in so_far
    assert so_far.count("Under way.") == planned.count("Under way.") == 1
    assert found["impact"][1] == ["activity 1, activity 2 do not record what changed because of it."]


def test_you_said_reads_as_one_sentence(cat: pr.Catalogue) -> None:
    entries = (
        pr.LogEntry(said="The form is long.", why_not="The funder requires it."),
        pr.LogEntry(said="Pay us sooner.", why_not="NIHR rules apply."),
        pr.LogEntry(said="Meet later.", did="Meetings moved."),
    )
    logged = pr.Plan(
        info=pr.PlanInfo(title="Log", catalogues=("plan-test",)),
        activities=(
            pr.Activity(
                technique="survey", stage="design", stakeholders=("patient",), level="consult", log=entries
            ),
        ),
    )
    lines, _ = EVIDENCE["you-said"](logged, cat)
    assert lines == [
        "activity 1: you said: The form is long; we did not act on it, because the funder requires it.",
        "activity 1: you said: Pay us sooner; we did not act on it, because NIHR rules apply.",
        "activity 1: you said: Meet later; we did: Meetings moved.",
    ]
