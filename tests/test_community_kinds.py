"""Opportunities and answers (issue 23 item 1): typed, checked, in every surface like every kind."""

import json
from pathlib import Path

import pytest

import participatory as pr
from participatory._cli import main
from participatory._intake import Inbox, approve, import_responses

DATA = Path(__file__).parent / "data" / "intake"

OPPORTUNITIES = """
[catalogue]
name = "board"
extends = ["core"]

[[opportunity]]
id = "asthma-panel"
name = "Join our young people's asthma panel"
plain = "Help us choose what our asthma study asks. We meet online four times."
kind = "role"
closes = 2099-01-31
organisation = "Leeds Asthma Research Group"
stakeholders = ["young-person", "carer"]
stages = ["design"]
modes = ["online"]
place = "Leeds"
commitment = { hours = 2, sessions = 4, period = "over one year" }
payment = { amount = 25, unit = "hour", policy = "NIHR payment guidance" }
expenses = ["travel", "data"]
support = ["An induction session."]
formats = ["easy-read"]
apply = "involvement@example.org"
languages = ["en", "cy"]

[[opportunity]]
id = "closed-call"
name = "A call that has closed"
kind = "funding"
closes = "2020-01-31"
apply = "https://example.org/call"

[[answer]]
id = "how-much-to-pay"
name = "How much should we pay public contributors?"
plain = "Pay for time and expenses, and agree it before people start."
audience = ["researcher", "involvement-lead"]
topics = ["payment"]
stages = ["funding"]
answered_by = "Leeds Involvement Team"
reviewed = 2026-11-30
sources = [{ title = "Payment policy", url = "https://example.org/pay", publisher = "Example", year = 2022 }]
"""


@pytest.fixture
def board(tmp_path):
    path = tmp_path / "board.toml"
    path.write_text(OPPORTUNITIES, encoding="utf-8")
    return path


def test_opportunities_and_answers_load_typed(board):
    cat = pr.Catalogue.from_path(board)
    panel = cat.of_kind("opportunity")["asthma-panel"]
    assert panel.kind.value == "role"
    assert panel.closes == "2099-01-31"
    assert panel.commitment.hours == 2.0
    assert panel.payment is not None
    assert panel.payment.amount == 25.0
    assert panel.is_open()
    assert not cat.of_kind("opportunity")["closed-call"].is_open()
    answer = cat.of_kind("answer")["how-much-to-pay"]
    assert answer.reviewed == "2026-11-30"
    assert cat.check(pr.load("core")) == ()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ("closes = 2099-01-31", "closes", "required field is missing"),
        ('expenses = ["travel", "data"]', "expenses[1]", "unknown expense"),
        ('apply = "involvement@example.org"', "apply", "neither a web address"),
        ('place = "Leeds"', "place", "looks like an address"),
        (
            'payment = { amount = 25, unit = "hour", policy = "NIHR payment guidance" }',
            "payment.unit",
            "unknown unit",
        ),
        (
            'commitment = { hours = 2, sessions = 4, period = "over one year" }',
            "commitment.hours",
            "hours a session",
        ),
    ],
)
def test_opportunity_problems_are_located(board, change, field, message):
    replacement = {
        "closes": "",
        "expenses[1]": 'expenses = ["travel", "petrol"]',
        "apply": 'apply = "ring us"',
        "place": 'place = "1 High Street, LS1 4AP"',
        "payment.unit": 'payment = { amount = 25, unit = "hr" }',
        "commitment.hours": "commitment = { hours = 30 }",
    }[field]
    board.write_text(OPPORTUNITIES.replace(change, replacement, 1), encoding="utf-8")
    with pytest.raises(pr.CatalogueValidationError) as info:
        pr.Catalogue.from_path(board)
    found = [p for p in info.value.problems if p.record == "asthma-panel" and p.field == field]
    assert found, info.value
    assert message in found[0].message


def test_a_named_author_needs_consent(board):
    board.write_text(
        OPPORTUNITIES.replace('answered_by = "Leeds Involvement Team"', 'author = "Sam Jones"'), "utf-8"
    )
    with pytest.raises(pr.CatalogueValidationError, match="only with their consent"):
        pr.Catalogue.from_path(board)


def test_validate_reports_a_closed_opportunity_as_a_warning(board, capsys):
    assert main(["validate", str(board)]) == 0
    out = capsys.readouterr()
    assert "closed-call: closes: closed on 2020-01-31" in out.out
    assert "(warning)" in out.out
    assert "asthma-panel" not in out.out


def test_the_json_schema_describes_the_new_kinds():
    from participatory._jsonschema import catalogue_schema

    schema = catalogue_schema()
    text = json.dumps(schema)
    assert '"opportunity"' in text
    assert '"answer"' in text


def test_opportunities_import_from_each_survey_tool(tmp_path):
    files = {
        "ms-forms": "ms-forms-opportunity.txt",
        "google-forms": "google-forms-opportunity.csv",
        "jisc": "jisc-opportunity.csv",
        "qualtrics": "qualtrics-opportunity.csv",
    }
    core = pr.load("core")
    for tool, name in files.items():
        inbox = tmp_path / tool
        summary = import_responses(DATA / name, "opportunity", inbox, names=core)
        assert summary.channel == tool
        panel = Inbox(inbox).get("opportunity-join-our-young-peoples-asthma-panel").record
        assert panel["kind"] == "role"
        assert panel["closes"] == "2027-01-31"
        assert panel["stakeholders"] == ["young-person", "carer"]
        assert panel["payment"] == {
            "offered": True,
            "amount": 25,
            "unit": "hour",
            "policy": "NIHR payment guidance",
        }
        assert panel["expenses"] == ["travel", "data"]
        assert panel["commitment"] == {"hours": 2, "sessions": 4, "period": "over one year"}
        assert panel["apply"] == "involvement@leeds-asthma.example.org"
        partner = Inbox(inbox).get("opportunity-partner-sought-for-a-dementia-co-design-project").record
        assert partner["modes"] == ["in-person", "online"]
        assert partner["payment"] == {"offered": False}


EXAMPLE = Path(__file__).parents[1] / "examples" / "community"


def test_the_example_catalogue_of_opportunities_and_answers_is_valid_and_builds(tmp_path):
    pytest.importorskip("jinja2")
    from participatory._publish import build_site

    cat = pr.Catalogue.from_path(EXAMPLE)
    core = pr.load("core")
    assert cat.check(core) == ()
    assert len(cat.opportunities) == 3
    assert len(cat.answers) == 3
    out = tmp_path / "site"
    build_site(core.merge(cat), out, search=False)
    for kind, rid in [("opportunities", "young-peoples-asthma-panel"), ("answers", "how-much-to-pay")]:
        page = out / kind / rid / "index.html"
        assert page.is_file(), page
    page = (out / "opportunities" / "dementia-co-design-partner" / "index.html").read_text("utf-8")
    assert "memory loss" in page  # its content warning


def test_opportunities_and_answers_are_in_the_graph():
    cat = pr.load("core").merge(pr.Catalogue.from_path(EXAMPLE))
    g = cat.graph()
    edges = {(u, v, d.get("kind")) for u, v, d in g.nx.edges(data=True)}
    assert any(u.endswith("young-peoples-asthma-panel") and d == "seeks" for u, _, d in edges)


def test_an_approved_opportunity_is_valid_and_a_case_keeps_how_it_came(tmp_path):
    core = pr.load("core")
    inbox = tmp_path / "inbox"
    import_responses(DATA / "jisc-opportunity.csv", "opportunity", inbox, names=core)
    folder = tmp_path / "catalogue"
    folder.mkdir()
    (folder / "catalogue.toml").write_text('[catalogue]\nname = "ours"\nextends = ["core"]\n', "utf-8")
    done = approve(inbox, "opportunity-join-our-young-peoples-asthma-panel", folder)
    assert done.file == folder / "opportunities.toml"
    panel = pr.Catalogue.from_path(folder).opportunities["join-our-young-peoples-asthma-panel"]
    assert panel.payment is not None
    assert panel.payment.amount == 25.0
    assert panel.closes == "2027-01-31"
    import_responses(DATA / "ms-forms-case.csv", "case", inbox, names=core)
    approve(inbox, "case-walking-with-carers", folder)
    case = pr.Catalogue.from_path(folder).cases["walking-with-carers"]
    assert case.channel == "ms-forms"
    assert (case.submitted or "").startswith("2026-")
    assert not case.attribution_consent


def test_an_organisation_says_what_it_is_open_to_and_how_to_reach_it(tmp_path):
    path = tmp_path / "orgs.toml"
    path.write_text(
        '[catalogue]\nname = "orgs"\nextends = ["core"]\n[[organisation]]\nid = "example-unit"\n'
        'name = "Example unit"\ncollaborate_on = ["dementia"]\ncollaborate_techniques = ["photovoice"]\n'
        'collaborate_stages = ["design"]\ncontact = "partnerships@example.org"\n',
        "utf-8",
    )
    cat = pr.Catalogue.from_path(path)
    assert cat.check(pr.load("core")) == ()
    assert cat.organisations["example-unit"].collaborate_techniques == ("photovoice",)
    text = path.read_text("utf-8")
    path.write_text(text.replace("partnerships@example.org", "call Jo"), "utf-8")
    with pytest.raises(pr.CatalogueValidationError, match="contact: 'call Jo' is neither"):
        pr.Catalogue.from_path(path)
    path.write_text(text.replace('"photovoice"', '"photovoise"'), "utf-8")
    problems = pr.Catalogue.from_path(path).check(pr.load("core"))
    assert [p.field for p in problems] == ["collaborate_techniques[0]"]
    assert "did you mean 'photovoice'" in problems[0].message


def test_an_answer_naming_a_checklist_is_checked_but_draws_no_edge_to_it():
    core = pr.load("core")
    checklist = next(iter(core.checklists))
    answer = pr.Answer(id="q", name="Which checklist?", plain="This one.", checklists=(checklist,))
    cat = core.merge(pr.Catalogue([answer], info=pr.CatalogueInfo(name="x", extends=("core",))))
    assert list(cat.graph().nx.edges("answer:q")) == []
    wrong = pr.Catalogue([pr.Answer(id="q", name="Q?", plain="A.", checklists=("gripp-2",))])
    assert [p.field for p in wrong.check(core)] == ["checklists[0]"]


def test_the_json_ld_export_types_opportunities_and_answers(tmp_path):
    rdflib = pytest.importorskip("rdflib")
    cat = pr.load("core").merge(pr.Catalogue.from_path(EXAMPLE))
    path = cat.graph().export("jsonld", tmp_path / "g.jsonld")
    from participatory._export import VOCABULARIES

    from .test_export_provenance import parse_rdf

    graph = parse_rdf(path.read_text("utf-8"))
    schema = rdflib.Namespace(VOCABULARIES["schema"])
    types = {str(o) for _, _, o in graph.triples((None, rdflib.RDF.type, None))}
    assert str(schema.Event) in types
    assert str(schema.Question) in types
    assert any(graph.triples((None, schema.audience, None)))


def test_the_example_mapping_reads_one_column_per_option(tmp_path):
    examples = Path(__file__).parents[1] / "examples" / "intake"
    summary = import_responses(
        examples / "own-questions.csv",
        "opportunity",
        tmp_path / "inbox",
        mapping=examples / "own-questions.toml",
    )
    [draft_id] = summary.added
    record = Inbox(tmp_path / "inbox").get(draft_id).record
    assert record["stakeholders"] == ["patient", "carer"]
    assert record["expenses"] == ["travel"]
    assert record["payment"] == {"amount": 25, "unit": "hour"}
    folder = tmp_path / "catalogue"
    folder.mkdir()
    (folder / "catalogue.toml").write_text('[catalogue]\nname = "ours"\nextends = ["core"]\n', "utf-8")
    approve(tmp_path / "inbox", draft_id, folder)
    assert pr.Catalogue.from_path(folder).check(pr.load("core")) == ()


def test_an_opportunity_page_says_its_terms_in_words(tmp_path):
    pytest.importorskip("jinja2")
    from participatory._publish import build_site

    out = tmp_path / "site"
    build_site(pr.load("core").merge(pr.Catalogue.from_path(EXAMPLE)), out, search=False)
    page = (out / "opportunities" / "young-peoples-asthma-panel" / "index.html").read_text("utf-8")
    for said in (
        "31 January 2027",
        "2 hours a session, 4 sessions, over one year",
        "Phone or internet data",
        "involvement@example.org",
        "English",
        "£25 an hour, following the NIHR public contributor payment policy",
        "An induction session before the first meeting.",
    ):
        assert said in page, said
    assert "Payment(" not in page
