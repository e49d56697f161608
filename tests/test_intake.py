"""Intake and moderation in files (issue 23 item 4): import, check, review, approve.

Every step is tried with hostile input: it ends in a located error or a flagged draft,
never a traceback, and the inbox is either as it was or holds only whole drafts.
"""

import csv
import io
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import participatory as pr
from participatory import _io
from participatory._cli import main
from participatory._errors import CatalogueError, CatalogueNotFoundError, IntakeError, UnknownIdError
from participatory._intake import (
    Inbox,
    approve,
    check_drafts,
    decide,
    import_responses,
    review_drafts,
)
from participatory._intake._mapping import load_mapping, parse_date
from participatory._intake._personal import find_in_text, nhs_number_valid
from participatory._intake._read import read_table

DATA = Path(__file__).parent / "data" / "intake"
TOOL_FILES = {
    "ms-forms": "ms-forms-case.csv",
    "google-forms": "google-forms-case.csv",
    "jisc": "jisc-case.csv",
    "qualtrics": "qualtrics-case.csv",
}
QUESTIONS = [
    "Name of the project",
    "What happened, in a few sentences",
    "Which techniques were used",
    "Title of the page",
    "Its web address",
    "Your e-mail address",
]


@pytest.fixture(scope="module")
def core():
    return pr.load("core")


def csv_bytes(rows: list[list[str]], *, encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode(encoding)


def answer_row(name: str = "Walking with carers", summary: str = "Carers walked the wards.") -> list[str]:
    return [name, summary, "Photovoice", "Our report", "https://example.org/report", "jo@example.com"]


def snapshot(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _catalogue(tmp_path: Path) -> Path:
    folder = tmp_path / "catalogue"
    folder.mkdir()
    (folder / "catalogue.toml").write_text(
        "# Our catalogue: this comment stays.\n"
        "[catalogue]\n"
        'name = "ours"\n'
        'extends = ["core"]\n'
        "\n"
        "# The cases we know of.\n"
        "[[case]]\n"
        'id = "first-case"   # the first one\n'
        'name = "First case"\n'
        'techniques = ["photovoice"]\n',
        encoding="utf-8",
    )
    return folder


# --------------------------------------------------------------------------- importing


@pytest.mark.parametrize("tool", sorted(TOOL_FILES))
def test_each_survey_tools_export_imports_as_drafts(tool, tmp_path, core):
    summary = import_responses(DATA / TOOL_FILES[tool], "case", tmp_path / "inbox", names=core)
    assert summary.channel == tool
    assert summary.added == ("case-walking-with-carers", "case-young-voices-on-asthma")
    draft = Inbox(tmp_path / "inbox").get("case-walking-with-carers")
    record = draft.record
    assert record["id"] == "walking-with-carers"
    assert record["name"] == "Walking with carers"
    assert record["techniques"] == ["photovoice", "citizens-jury"]
    assert record["stakeholders"] == ["carer", "patient"]  # names and plurals found in core
    assert record["outcomes"] == ["The visiting hours changed.", "Signs were rewritten."]
    assert record["sources"] == [
        {"title": "Walking with carers: report", "url": "https://example.org/walking"}
    ]
    assert record["year"] == 2023
    assert "example.com" not in str(record)  # the contact stays in the envelope
    assert "jo.bloggs@example.com" in draft.envelope.contact
    assert draft.envelope.consents == {"publish": True}
    assert draft.envelope.received.startswith("2026-")
    assert draft.envelope.status == "received"
    assert "192.0.2" not in (tmp_path / "inbox" / "case-walking-with-carers.toml").read_text("utf-8")
    anonymous = Inbox(tmp_path / "inbox").get("case-young-voices-on-asthma")
    assert "anonymous" not in anonymous.envelope.contact


def test_each_tool_is_recognised_from_its_header():
    for tool, name in TOOL_FILES.items():
        assert read_table((DATA / name).read_bytes(), name).tool.name == tool


def test_the_sites_own_form_download_imports(tmp_path):
    summary = import_responses(
        DATA / "site-form-case.toml", "case", tmp_path / "inbox", contact="by e-mail", consents=["publish"]
    )
    assert summary.channel == "site-form"
    draft = Inbox(tmp_path / "inbox").get(summary.added[0])
    assert draft.record["techniques"] == ["photovoice"]
    assert draft.envelope.contact == "by e-mail"
    assert draft.envelope.consents == {"publish": True}


def test_a_form_download_of_another_kind_is_refused(tmp_path):
    with pytest.raises(IntakeError) as info:
        import_responses(DATA / "site-form-case.toml", "organisation", tmp_path / "inbox")
    assert "only [[organisation]] records" in str(info.value)
    assert not (tmp_path / "inbox").exists()


def test_the_same_responses_imported_twice_are_skipped(tmp_path, core):
    inbox = tmp_path / "inbox"
    import_responses(DATA / "ms-forms-case.csv", "case", inbox, names=core)
    before = snapshot(inbox)
    again = import_responses(DATA / "ms-forms-case.csv", "case", inbox, names=core)
    assert again.added == ()
    assert len(again.duplicates) == 2
    assert snapshot(inbox) == before
    # the same answers from another tool are the same submission too
    other = import_responses(DATA / "qualtrics-case.csv", "case", inbox, names=core)
    assert other.added == ()


def test_duplicate_rows_in_one_file_become_one_draft(tmp_path):
    data = csv_bytes([QUESTIONS, answer_row(), answer_row()])
    (tmp_path / "r.csv").write_bytes(data)
    summary = import_responses(tmp_path / "r.csv", "case", tmp_path / "inbox")
    assert len(summary.added) == 1
    assert summary.duplicates == ("row 3: the same as draft case-walking-with-carers",)


def test_different_submissions_with_the_same_name_get_their_own_draft_ids(tmp_path):
    data = csv_bytes([QUESTIONS, answer_row(summary="One."), answer_row(summary="Two.")])
    (tmp_path / "r.csv").write_bytes(data)
    summary = import_responses(tmp_path / "r.csv", "case", tmp_path / "inbox")
    assert summary.added == ("case-walking-with-carers", "case-walking-with-carers-2")
    reviews, _ = review_drafts(tmp_path / "inbox")
    ids = [item for r in reviews for item in r.items if item.name == "required fields"]
    assert all(item.verdict == "fail" and "already used" in " ".join(item.details) for item in ids)


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("utf-8", ","),
        ("utf-8-sig", ","),
        ("utf-16", "\t"),
        ("utf-16-le", "\t"),
        ("cp1252", ","),
        ("utf-8", ";"),
    ],
)
def test_odd_encodings_and_separators_read_the_same(encoding, delimiter, tmp_path):
    row = answer_row(name="Café “walks”", summary="Paid £20 an hour – with travel.")
    (tmp_path / "r.csv").write_bytes(csv_bytes([QUESTIONS, row], encoding=encoding, delimiter=delimiter))
    summary = import_responses(tmp_path / "r.csv", "case", tmp_path / "inbox")
    draft = Inbox(tmp_path / "inbox").get(summary.added[0])
    assert draft.record["name"] == "Café “walks”"
    assert draft.record["summary"] == "Paid £20 an hour – with travel."
    if encoding == "cp1252":
        assert any("Windows-1252" in n for n in summary.notes)


def test_an_excel_workbook_is_refused_with_a_way_out(tmp_path):
    (tmp_path / "r.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(IntakeError, match="save or download the responses as CSV"):
        import_responses(tmp_path / "r.xlsx", "case", tmp_path / "inbox")


def test_wrong_columns_are_named_with_the_nearest_heading(tmp_path):
    header = ["Name of project", *QUESTIONS[1:]]
    (tmp_path / "r.csv").write_bytes(csv_bytes([header, answer_row()]))
    with pytest.raises(IntakeError) as info:
        import_responses(tmp_path / "r.csv", "case", tmp_path / "inbox")
    [problem] = info.value.problems
    assert (problem.record, problem.field) == ("header", "Name of the project")
    assert "did you mean 'Name of project'" in problem.message
    assert not (tmp_path / "inbox").exists()


def test_a_huge_cell_is_a_located_error_and_nothing_is_written(tmp_path):
    inbox = tmp_path / "inbox"
    import_responses(DATA / "ms-forms-case.csv", "case", inbox)
    before = snapshot(inbox)
    row = answer_row(name="Other", summary="x" * 200_000)
    (tmp_path / "r.csv").write_bytes(csv_bytes([QUESTIONS, row]))
    with pytest.raises(IntakeError) as info:
        import_responses(tmp_path / "r.csv", "case", inbox)
    [problem] = info.value.problems
    assert (problem.record, problem.field) == ("row 2", "What happened, in a few sentences")
    assert snapshot(inbox) == before


def test_a_row_longer_than_the_header_is_located(tmp_path):
    (tmp_path / "r.csv").write_bytes(csv_bytes([QUESTIONS, [*answer_row(), "extra"]]))
    with pytest.raises(IntakeError) as info:
        import_responses(tmp_path / "r.csv", "case", tmp_path / "inbox")
    assert info.value.problems[0].record == "row 2"


def test_formula_cells_are_kept_as_text_and_noted_for_the_reviewer(tmp_path):
    row = answer_row(name='=HYPERLINK("http://evil.example","click")', summary="@SUM(1+1)")
    (tmp_path / "r.csv").write_bytes(csv_bytes([QUESTIONS, row]))
    summary = import_responses(tmp_path / "r.csv", "case", tmp_path / "inbox")
    draft = Inbox(tmp_path / "inbox").get(summary.added[0])
    assert draft.record["name"].startswith("=HYPERLINK")
    assert sum("spreadsheet formula" in n for n in draft.envelope.notes) == 2
    [review], _ = review_drafts(tmp_path / "inbox")
    notes = next(i for i in review.items if i.name == "import notes")
    assert notes.verdict == "check"


def test_answers_that_cannot_be_read_are_noted_and_fail_review(tmp_path):
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        '[mapping]\nkind = "case"\n[columns]\n"Name" = "name"\n'
        '"Year" = { field = "year", type = "integer" }\n',
        encoding="utf-8",
    )
    (tmp_path / "r.csv").write_bytes(csv_bytes([["Name", "Year"], ["A project", "last year"]]))
    summary = import_responses(tmp_path / "r.csv", "case", tmp_path / "inbox", mapping=mapping)
    draft = Inbox(tmp_path / "inbox").get(summary.added[0])
    assert draft.record["year"] == "last year"
    assert any("is not a whole number" in n for n in draft.envelope.notes)
    [review], _ = review_drafts(tmp_path / "inbox")
    required = next(i for i in review.items if i.name == "required fields")
    assert required.verdict == "fail"
    assert any(d.startswith("record.year") for d in required.details)


def test_a_mapping_with_problems_lists_each_one_located(tmp_path):
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        '[mapping]\nkind = "case"\ntol = "x"\n[columns]\n"A" = { field = "name", type = "txt" }\n"B" = 3\n',
        encoding="utf-8",
    )
    with pytest.raises(IntakeError) as info:
        load_mapping(mapping, "case")
    messages = [(p.field, p.message) for p in info.value.problems]
    assert ("tol", "unknown key; did you mean 'tool'?") in messages
    assert any(f == "A.type" and "did you mean 'text'" in m for f, m in messages)
    assert any(f == "B" for f, _ in messages)


def test_a_multiple_answer_holding_the_separator_is_kept_whole(tmp_path):
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        '[mapping]\nkind = "case"\n[columns]\n"Name" = "name"\n'
        '"Who" = { field = "stakeholders", type = "ids", values = '
        '{ "Carers, family and friends" = "carer", "Patients" = "patient" } }\n',
        encoding="utf-8",
    )
    (tmp_path / "r.csv").write_bytes(
        csv_bytes([["Timestamp", "Name", "Who"], ["", "A", "Carers, family and friends, Patients"]])
    )
    summary = import_responses(tmp_path / "r.csv", "case", tmp_path / "inbox", mapping=mapping)
    assert Inbox(tmp_path / "inbox").get(summary.added[0]).record["stakeholders"] == ["carer", "patient"]


def test_a_folder_that_is_not_an_inbox_is_never_written(tmp_path):
    folder = _catalogue(tmp_path)
    before = snapshot(folder)
    with pytest.raises(IntakeError, match="is not an intake inbox"):
        import_responses(DATA / "ms-forms-case.csv", "case", folder)
    assert snapshot(folder) == before


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2027-01-31", "dmy", "2027-01-31"),
        ("31/01/2027", "dmy", "2027-01-31"),
        ("01/31/2027", "mdy", "2027-01-31"),
        ("3 March 2027", "dmy", "2027-03-03"),
        ("31/02/2027", "dmy", None),
        ("soon", "dmy", None),
    ],
)
def test_dates_are_read_as_forms_write_them(text, order, expected):
    found = parse_date(text, order)
    assert (found.isoformat() if found else None) == expected


# --------------------------------------------------------------------------- hostile input, as properties

_cells = st.text(st.characters(codec="utf-8"), max_size=40)


@settings(max_examples=25)
@given(rows=st.lists(st.lists(_cells, min_size=6, max_size=6), min_size=1, max_size=4))
def test_any_cells_import_whole_or_fail_located(tmp_path_factory, rows):
    tmp = tmp_path_factory.mktemp("h")
    (tmp / "r.csv").write_bytes(csv_bytes([QUESTIONS, *rows]))
    try:
        summary = import_responses(tmp / "r.csv", "case", tmp / "inbox")
    except CatalogueError as e:
        located = all(p.file for p in getattr(e, "problems", [e]))
        assert located
        assert not (tmp / "inbox").exists()
        return
    if not summary.added:  # every row empty or a duplicate: nothing to write
        assert not (tmp / "inbox").exists()
        return
    drafts, problems = Inbox(tmp / "inbox").drafts()
    assert problems == []
    assert [d.id for d in drafts] == sorted(summary.added)
    for draft in drafts:  # what was written reads back as it was meant
        again = tomllib.loads((tmp / "inbox" / f"{draft.id}.toml").read_text("utf-8"))
        assert again["record"] == draft.record
        check_drafts(tmp / "inbox", [draft.id])
        review_drafts(tmp / "inbox", [draft.id])


@given(data=st.binary(max_size=300))
def test_any_bytes_import_or_fail_located(tmp_path_factory, data):
    tmp = tmp_path_factory.mktemp("b")
    (tmp / "r.csv").write_bytes(data)
    try:
        import_responses(tmp / "r.csv", "case", tmp / "inbox")
    except CatalogueError:
        assert not (tmp / "inbox").exists()


@given(data=st.binary(max_size=200) | st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_form_download_imports_or_fails_located(tmp_path_factory, data):
    tmp = tmp_path_factory.mktemp("t")
    (tmp / "case.toml").write_bytes(b"[[case]]\n" + data)
    try:
        import_responses(tmp / "case.toml", "case", tmp / "inbox")
    except CatalogueError:
        assert not (tmp / "inbox").exists()


# --------------------------------------------------------------------------- personal data


@pytest.mark.parametrize(
    ("text", "what", "secret"),
    [
        ("write to jo.bloggs@gmail.com", "an e-mail address", "bloggs"),
        ("ring 0161 496 0000 after six", "a telephone number", "496"),
        ("or +44 (0)7700 900123", "a telephone number", "900"),
        ("NHS number 943 476 5919", "an NHS number", "476"),
        ("I live at SW1A 1AA", "a postcode", "SW1A 1AA"),
        ("date of birth: 12/03/1985", "a date of birth", "03"),
        ("born on 3rd March 1990", "a date of birth", "March"),
        (
            "My son Adam was diagnosed with autism last year.",
            "a health disclosure about a named person",
            "Adam",
        ),
        ("Mr Khan has diabetes.", "a health disclosure about a named person", "Khan"),
        ("I have been diagnosed with cancer.", "a first-person health disclosure", "been"),
    ],
)
def test_personal_data_is_flagged_and_masked(text, what, secret):
    found = [f for f in find_in_text("record.summary", text) if f.level == "flag"]
    assert [f.what.split(" (")[0] for f in found] == [what]
    assert secret not in found[0].excerpt  # a report can be shared


@pytest.mark.parametrize(
    "text",
    [
        "Write to involvement@nhs.net to apply.",
        "Patients with diabetes are sought for a panel.",
        "Closing date 12/03/2027; 2 hours a month, paid £25 an hour.",
        "Sessions in Leeds (LS1) in 2027, 10 people.",
        "Everyone has a condition worth hearing about.",
        "Reference 943 476 5918.",  # ten digits that fail the NHS check
    ],
)
def test_ordinary_text_is_not_flagged(text):
    assert [f for f in find_in_text("x", text) if f.level == "flag"] == []


@given(st.lists(st.integers(0, 9), min_size=9, max_size=9))
def test_nhs_numbers_are_recognised_by_their_check_digit(digits):
    total = sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    stem = "".join(map(str, digits))
    if check == 10:
        assert not any(nhs_number_valid(stem + str(d)) for d in range(10))
        return
    assert nhs_number_valid(stem + str(check))
    wrong = (check + 1) % 10
    assert not nhs_number_valid(stem + str(wrong))
    spaced = f"{stem[:3]} {stem[3:6]} {stem[6:]}{check}"
    assert "an NHS number" in [f.what for f in find_in_text("x", f"number {spaced} here")]


def test_check_reports_flags_per_draft(tmp_path):
    row = answer_row(summary="Call me on 07700 900123. My wife Sarah has dementia.")
    (tmp_path / "r.csv").write_bytes(csv_bytes([QUESTIONS, row]))
    import_responses(tmp_path / "r.csv", "case", tmp_path / "inbox")
    found, problems = check_drafts(tmp_path / "inbox")
    assert problems == []
    [findings] = found.values()
    assert {f.what for f in findings} == {"a telephone number", "a health disclosure about a named person"}
    assert all(f.field == "record.summary" for f in findings)
    assert not any(f.field.startswith("envelope") for f in findings)  # the contact is not published


# --------------------------------------------------------------------------- deciding


@pytest.fixture
def inbox(tmp_path, core):
    import_responses(DATA / "ms-forms-case.csv", "case", tmp_path / "inbox", names=core)
    return tmp_path / "inbox"


def test_approve_writes_the_record_keeping_comments_and_deletes_the_contact(inbox, tmp_path):
    folder = _catalogue(tmp_path)
    before = (folder / "catalogue.toml").read_text("utf-8")
    done = approve(inbox, "case-walking-with-carers", folder, reviewer="sam")
    after = (folder / "catalogue.toml").read_text("utf-8")
    assert after.startswith(before)  # every comment and line kept, in place
    assert done.file == folder / "catalogue.toml"
    cat = pr.Catalogue.from_path(folder)
    assert cat.cases["walking-with-carers"].techniques == ("photovoice", "citizens-jury")
    assert pr.Catalogue.from_path(folder).check(pr.load("core")) == ()
    draft = Inbox(inbox).get("case-walking-with-carers")
    assert draft.envelope.status == "approved"
    assert draft.envelope.contact == ""
    assert draft.envelope.reviewer == "sam"
    assert draft.envelope.published == "catalogue.toml: walking-with-carers"
    with pytest.raises(IntakeError, match="already approved"):
        approve(inbox, "case-walking-with-carers", folder)


def test_approve_into_a_catalogue_without_that_kind_makes_a_file(inbox, tmp_path):
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "catalogue.toml").write_text('[catalogue]\nname = "other"\nextends = ["core"]\n', "utf-8")
    done = approve(inbox, "case-walking-with-carers", folder)
    assert done.file == folder / "cases.toml"
    assert "walking-with-carers" in pr.Catalogue.from_path(folder)


def test_approve_refuses_a_taken_id_and_suggests_another(inbox, tmp_path):
    folder = _catalogue(tmp_path)
    before = snapshot(folder), snapshot(inbox)
    with pytest.raises(IntakeError, match="try --id first-case-2"):
        approve(inbox, "case-walking-with-carers", folder, record_id="first-case")
    assert (snapshot(folder), snapshot(inbox)) == before
    approve(inbox, "case-walking-with-carers", folder, record_id="walking-2023")
    assert "walking-2023" in pr.Catalogue.from_path(folder)


def test_approve_refuses_unknown_references_and_personal_data_listing_all(tmp_path):
    row = answer_row(summary="Ring Jo on 07700 900123.")
    row[2] = "Made-up technique"
    (tmp_path / "r.csv").write_bytes(csv_bytes([QUESTIONS, row]))
    [draft_id] = import_responses(tmp_path / "r.csv", "case", tmp_path / "inbox").added
    folder = _catalogue(tmp_path)
    before = snapshot(folder), snapshot(tmp_path / "inbox")
    with pytest.raises(IntakeError) as info:
        approve(tmp_path / "inbox", draft_id, folder)
    fields = sorted(p.field for p in info.value.problems)
    assert fields == ["record.summary"]  # personal data first: references are checked once it is clean
    with pytest.raises(IntakeError) as info:
        approve(tmp_path / "inbox", draft_id, folder, accept="the number is the project's office")
    assert [p.field for p in info.value.problems] == ["record.techniques[0]"]
    assert (snapshot(folder), snapshot(tmp_path / "inbox")) == before


def test_a_crash_while_writing_the_catalogue_leaves_both_as_they_were(inbox, tmp_path, monkeypatch):
    folder = _catalogue(tmp_path)
    before = snapshot(folder), snapshot(inbox)

    def crash(path, text):
        raise KeyboardInterrupt

    monkeypatch.setattr(_io, "atomic_write", crash)
    with pytest.raises(KeyboardInterrupt):
        approve(inbox, "case-walking-with-carers", folder)
    assert (snapshot(folder), snapshot(inbox)) == before


def test_a_crash_after_the_catalogue_is_written_is_finished_by_approving_again(inbox, tmp_path, monkeypatch):
    folder = _catalogue(tmp_path)
    inbox_before = snapshot(inbox)
    with monkeypatch.context() as m:
        m.setattr(Inbox, "save", lambda self, draft: (_ for _ in ()).throw(KeyboardInterrupt))
        with pytest.raises(KeyboardInterrupt):
            approve(inbox, "case-walking-with-carers", folder)
    assert snapshot(inbox) == inbox_before  # the draft is as it was, contact and all
    written = (folder / "catalogue.toml").read_text("utf-8")
    done = approve(inbox, "case-walking-with-carers", folder)
    assert done.already
    assert (folder / "catalogue.toml").read_text("utf-8") == written  # not written twice
    assert Inbox(inbox).get("case-walking-with-carers").envelope.contact == ""


def test_reject_hold_and_withdraw(inbox):
    with pytest.raises(IntakeError, match="say why"):
        decide(inbox, "case-walking-with-carers", "rejected")
    held = decide(inbox, "case-walking-with-carers", "needs-info", reasons=["which year?"], reviewer="sam")
    assert held.envelope.status == "needs-info"
    assert held.envelope.contact  # kept, to ask
    rejected = decide(inbox, "case-walking-with-carers", "rejected", reasons=["not research"])
    assert rejected.envelope.contact == ""
    assert rejected.envelope.reasons == ("which year?", "not research")
    withdrawn = decide(inbox, "case-young-voices-on-asthma", "withdrawn")
    assert withdrawn.record == {}
    assert withdrawn.envelope.contact == ""
    with pytest.raises(IntakeError, match="already rejected"):
        decide(inbox, "case-walking-with-carers", "withdrawn")


def test_an_unknown_draft_id_suggests_the_nearest(inbox):
    with pytest.raises(UnknownIdError, match="case-walking-with-carers"):
        Inbox(inbox).get("case-walking-with-carer")
    with pytest.raises(UnknownIdError):
        Inbox(inbox).get("../catalogue")


def test_a_hand_edited_draft_that_breaks_is_reported_not_crashed_on(inbox):
    (inbox / "case-walking-with-carers.toml").write_text("[envelope\n", "utf-8")
    drafts, problems = Inbox(inbox).drafts()
    assert [d.id for d in drafts] == ["case-young-voices-on-asthma"]
    assert "invalid TOML at line 1" in problems[0].message
    with pytest.raises(IntakeError, match="fix them first"):
        import_responses(DATA / "jisc-case.csv", "case", inbox)


# --------------------------------------------------------------------------- the inbox stays private


def test_catalogue_readers_and_the_site_never_read_an_inbox(tmp_path, core):
    folder = _catalogue(tmp_path)
    import_responses(DATA / "ms-forms-case.csv", "case", folder / "inbox", names=core)
    assert _io.is_inbox(folder / "inbox")
    cat = pr.Catalogue.from_path(folder)
    assert sorted(cat) == ["first-case"]
    with pytest.raises(CatalogueNotFoundError, match="intake inbox"):
        pr.Catalogue.from_path(folder / "inbox")
    with pytest.raises(CatalogueNotFoundError, match="intake inbox"):
        pr.Catalogue.from_path(folder / "inbox" / "case-walking-with-carers.toml")
    pytest.importorskip("jinja2")
    from participatory._publish import build_site

    out = tmp_path / "site"
    build_site(core.merge(cat), out, search=False)
    text = "".join(p.read_text("utf-8", "replace") for p in out.rglob("*") if p.is_file())
    assert "Walking with carers" not in text
    assert "jo.bloggs" not in text


# --------------------------------------------------------------------------- the command line


def test_the_command_line_runs_the_whole_flow(tmp_path, capsys):
    inbox = str(tmp_path / "inbox")
    folder = _catalogue(tmp_path)
    assert (
        main(
            [
                "intake",
                "import",
                str(DATA / "google-forms-case.csv"),
                "--as",
                "case",
                "--inbox",
                inbox,
                "-c",
                "core",
            ]
        )
        == 0
    )
    assert "2 drafts added (google-forms)" in capsys.readouterr().out
    assert main(["intake", "check", "--inbox", inbox]) == 0
    assert main(["intake", "list", "--inbox", inbox]) == 0
    assert "case-walking-with-carers\treceived" in capsys.readouterr().out
    main(["intake", "review", "--inbox", inbox, "--catalogue", str(folder)])
    assert "[ pass] required fields" in capsys.readouterr().out
    assert (
        main(
            [
                "intake",
                "approve",
                "case-walking-with-carers",
                "--into",
                str(folder),
                "--inbox",
                inbox,
                "--reviewer",
                "sam",
            ]
        )
        == 0
    )
    assert (
        main(["intake", "reject", "case-young-voices-on-asthma", "--reason", "off topic", "--inbox", inbox])
        == 0
    )
    assert main(["validate", str(folder)]) == 0


def test_the_command_line_reports_hostile_files_without_a_traceback(tmp_path, capsys):
    (tmp_path / "r.csv").write_bytes(b"\xff\xfe\x00")
    assert (
        main(
            [
                "intake",
                "import",
                str(tmp_path / "r.csv"),
                "--as",
                "case",
                "--inbox",
                str(tmp_path / "i"),
                "-c",
                "core",
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert err.startswith("participatory: error:")
    assert "Traceback" not in err
    assert main(["intake", "import", str(tmp_path / "missing.csv"), "--as", "case", "-c", "core"]) == 2
    assert main(["intake", "approve", "nope", "--into", str(tmp_path), "--inbox", str(tmp_path / "i")]) == 2


def test_shipped_mappings_match_the_sites_form(core):
    mapping = load_mapping(None, "case")
    html = (Path(pr.__file__).parent / "_html" / "templates" / "contribute.html").read_text("utf-8")
    for column in mapping.columns:
        if not column.field.startswith("envelope."):
            assert column.heading in html, column.heading


def test_review_measures_plain_language_with_the_readability_measures(inbox):
    from participatory._readability import readability

    reviews, _ = review_drafts(inbox, measure=readability)
    for review in reviews:
        plain = next(i for i in review.items if i.name == "plain language")
        assert plain.details[0].startswith("grade ")
    hard = (
        "Notwithstanding the aforementioned considerations, the multidisciplinary stakeholder "
        "consortium operationalised comprehensive methodological triangulation."
    )
    (inbox / "case-walking-with-carers.toml").write_text(
        (inbox / "case-walking-with-carers.toml")
        .read_text("utf-8")
        .replace('summary = "Carers walked', f'plain = "{hard}"\nsummary = "Carers walked'),
        "utf-8",
    )
    [review], _ = review_drafts(inbox, ["case-walking-with-carers"], measure=readability)
    plain = next(i for i in review.items if i.name == "plain language")
    assert plain.verdict == "check"
