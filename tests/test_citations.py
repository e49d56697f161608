"""One citation format: the audit, the reports and the catalogue's displays cite alike."""

from pathlib import Path

import participatory as pr
from participatory._html._text import citation_label

DATA = Path(__file__).parent / "data"


def _plan() -> pr.Plan:
    return pr.Plan(
        info=pr.PlanInfo(title="Citations", catalogues=("plan-test",)),
        activities=(
            pr.Activity(
                technique="advisory-group", stage="design", stakeholders=("patient",), level="involve"
            ),
        ),
    )


def test_the_audit_cites_its_sources_as_the_catalogue_does():
    cat = pr.Catalogue.from_path(DATA / "plan-catalogue.toml")
    audit = _plan().audit(cat)
    cited = [f.source for f in audit.findings if f.source is not None]
    assert cited, "the plan should have findings with sources"
    text = str(audit)
    for source in cited:
        assert f"source: {citation_label(source)} <{source.url}>" in text
    assert all(citation_label(s) in audit._repr_html_() for s in cited if "&" not in citation_label(s))


def test_a_report_cites_its_checklist_as_the_catalogue_does():
    cat = pr.Catalogue.from_path(DATA / "plan-catalogue.toml")
    report = _plan().report("gripp2-sf", cat)
    markdown = report.to_markdown()
    for source in report.checklist.sources:
        assert f"- {citation_label(source)}: <{source.url}>" in markdown


def test_an_undated_source_is_cited_n_d_everywhere():
    source = pr.Source(title="A guide", url="https://example.org/guide")
    assert citation_label(source) == "A guide (n.d.)"  # never "A guide (): ..." as reports once wrote
