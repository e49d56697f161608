"""Readability: the grade, sentence length, long words, passive voice and jargon, offline."""

import io
import json
import math
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import participatory as pr
from participatory import _readability as r
from participatory._cli import main

ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- syllables

#: Words and their syllables as a dictionary gives them (spoken British and American English agree).
REFERENCE_WORDS = {
    "use": 1,
    "used": 1,
    "the": 1,
    "asked": 1,
    "make": 1,
    "makes": 1,
    "while": 1,
    "young": 1,
    "called": 1,
    "table": 2,
    "tables": 2,
    "people": 2,
    "wanted": 2,
    "places": 2,
    "design": 2,
    "study": 2,
    "patients": 2,
    "carers": 2,
    "paying": 2,
    "technique": 2,
    "useful": 2,
    "stakeholder": 3,
    "involvement": 3,
    "disabled": 3,
    "quality": 3,
    "community": 4,
    "experience": 4,
    "evaluation": 5,
    "participatory": 6,
    "video": 3,
    "idea": 3,
    "influence": 3,
    "NHS": 3,
    "UK": 2,
    "co-design": 3,
    "people's": 2,
}


@pytest.mark.parametrize(("word", "expected"), REFERENCE_WORDS.items())
def test_syllables_of_reference_words(word, expected):
    assert r.syllables(word) == expected


@given(st.text(max_size=30))
def test_every_word_has_at_least_one_syllable(text):
    for word in r.words(text):
        assert r.syllables(word) >= 1


# --------------------------------------------------------------------------- the grade


def test_the_grade_is_the_flesch_kincaid_formula_on_a_reference_sentence():
    # 8 words, 12 syllables (pa-tients, car-ers, de-sign, stu-dy): 0.39*8 + 11.8*1.5 - 15.59 = 5.23
    report = pr.readability("Patients and carers helped to design the study.")
    assert (report.words, report.sentences, report.syllables) == (8, 1, 12)
    assert report.grade == 5.2


def test_the_grade_of_two_reference_sentences():
    # 10 words in 2 sentences, 13 syllables (peo-ple, mat-tered, ques-tion): 0.39*5 + 11.8*1.3 - 15.59 = 1.7
    report = pr.readability("We asked people what mattered. They chose the first question.")
    assert (report.words, report.sentences, report.syllables) == (10, 2, 13)
    assert report.grade == 1.7
    assert report.words_per_sentence == 5.0


def test_harder_text_has_a_higher_grade():
    easy = pr.readability("We ask you what you think. You tell us. We change the plan.")
    hard = pr.readability(
        "Participatory methodologies facilitate the co-production of evidence by heterogeneous "
        "stakeholder communities, notwithstanding considerable organisational complexity."
    )
    assert easy.grade < 5
    assert hard.grade > 15


def test_an_empty_text_has_no_grade_and_no_sentence():
    for text in ("", "   ", "1 2 3.", "!!!"):
        report = pr.readability(text)
        assert (report.words, report.sentences, report.grade) == (0, 0, 0.0)


def test_sentences_split_at_ends_but_not_after_abbreviations():
    assert r.sentences("Ask first, e.g. in a group. Then plan! Why? Dr. Who came.") == [
        "Ask first, e.g. in a group.",
        "Then plan!",
        "Why?",
        "Dr. Who came.",
    ]
    assert r.sentences("First point\n\nSecond point\n- a list item\n- another") == [
        "First point",
        "Second point",
        "a list item",
        "another",
    ]


def test_long_sentences_and_long_words_are_listed():
    long = " ".join(["word"] * 26) + "."
    report = pr.readability(f"Short one. {long} Involvement matters, involvement counts.")
    assert report.long_sentences == (long,)
    assert report.long_words == ("involvement",)  # distinct, lower case


# --------------------------------------------------------------------------- passive voice


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The plan was written by patients.", ["was written"]),
        ("Patients are involved from the start.", ["are involved"]),
        ("It is not often used.", ["is not often used"]),
        ("The results were quickly shared.", ["were quickly shared"]),
        ("Carers have been paid.", ["been paid"]),
        ("It is being developed.", ["being developed"]),
        ("Patients wrote the plan.", []),
        ("The sky is red.", []),
        ("This is a need.", []),
        ("We are happy.", []),
        ("They were children.", []),
    ],
)
def test_passive_voice(text, found):
    assert list(pr.readability(text).passive) == found


# --------------------------------------------------------------------------- jargon


def test_jargon_is_found_with_its_plainer_words_in_any_case_and_form():
    report = pr.readability("Stakeholders utilised COHORTS. We disseminate it in order to help.")
    found = {j.term: (j.found, j.plainer) for j in report.jargon}
    assert found["stakeholder"] == ("Stakeholders", "people involved, people with an interest")
    assert found["utilise"][0] == "utilised"
    assert found["cohort"][0] == "COHORTS"
    assert found["dissemination"][0] == "disseminate"
    assert found["in order to"][1] == "to"


def test_jargon_is_matched_as_whole_words():
    assert pr.readability("A display of cohortage, a playful slugger and facetious gems.").jargon == ()


def test_the_jargon_list_is_package_data_each_term_once_with_a_plainer_word():
    with (ROOT / "src" / "participatory" / "_data" / "jargon.toml").open("rb") as fh:
        entries = tomllib.load(fh)["term"]
    terms = [e["term"] for e in entries]
    assert len(terms) == len(set(terms)) > 30
    for entry in entries:
        assert set(entry) <= {"term", "plainer", "forms"}
        assert entry["term"] == entry["term"].lower().strip()
        assert entry["plainer"].strip()
    for term in ("utilise", "stakeholder", "cohort", "catalogue"):
        assert term in terms


# --------------------------------------------------------------------------- any text


@given(st.text(max_size=400))
def test_any_text_never_crashes_and_the_report_is_consistent(text):
    report = pr.readability(text)
    assert 0 <= report.sentences <= report.words <= report.syllables
    assert math.isfinite(report.grade)
    assert all(len(r.words(s)) > r.LONG_SENTENCE for s in report.long_sentences)
    assert str(report).startswith("Flesch-Kincaid grade")
    html = report._repr_html_()
    assert "<script" not in html.lower() or "&lt;script" in html.lower()
    json.dumps(report.to_dict())


@given(st.lists(st.sampled_from(["We", "ask", "people", "first", "involvement", ".", "!", "\n\n", "e.g."])))
def test_text_built_from_words_and_ends_never_crashes(parts):
    pr.readability(" ".join(parts))


def test_markup_in_the_text_is_escaped_in_the_notebook_display():
    html = pr.readability("<script>alert(1)</script> was written " + "word " * 30 + ".")._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


# --------------------------------------------------------------------------- a catalogue


def _catalogue(tmp_path: Path) -> Path:
    path = tmp_path / "cat.toml"
    path.write_text(
        """
[catalogue]
name = "words"

[[stage]]
id = "s1"
name = "Stage"
order = 1
summary = "Notwithstanding considerable organisational complexity, heterogeneous methodologies proliferate."
plain = "We ask you. You tell us."

[[stakeholder]]
id = "p1"
name = "People"
summary = "Participatory methodologies facilitate co-production by heterogeneous stakeholder communities."

[[stakeholder]]
id = "p2"
name = "Others"
summary = "We talk to people."
""",
        encoding="utf-8",
    )
    return path


def test_a_catalogue_is_measured_by_its_public_text(tmp_path):
    report = pr.readability_of(pr.Catalogue.from_path(_catalogue(tmp_path)))
    by_id = {row.id: row for row in report.records}
    assert by_id["s1"].field == "plain"  # the plain summary, not the professional one
    assert by_id["s1"].report.grade < 3
    assert by_id["p1"].field == "summary"
    kinds = {k.kind: k for k in report.kinds}
    assert kinds["stakeholders"].records == 2
    assert kinds["stakeholders"].plain == 0
    assert kinds["stakeholders"].hardest == "p1"
    assert kinds["stakeholders"].median == round((by_id["p1"].report.grade + by_id["p2"].report.grade) / 2, 1)
    assert report.over(10) == (by_id["p1"],)
    assert "stakeholders" in str(report)
    assert "<table" in report._repr_html_()


def test_the_core_catalogue_is_measured_kind_by_kind():
    report = pr.readability_of(pr.load("core"))
    assert [k.kind for k in report.kinds] == list(r.KINDS)
    assert all(k.records > 0 for k in report.kinds)


# --------------------------------------------------------------------------- the command


def test_command_on_text(capsys):
    assert main(["readability", "We will utilise a cohort. The plan was written by patients."]) == 0
    out = capsys.readouterr().out
    assert "Flesch-Kincaid grade" in out
    assert "utilise -> use" in out
    assert "was written" in out


def test_command_exits_1_over_the_maximum_grade(capsys):
    text = "Participatory methodologies facilitate co-production by heterogeneous stakeholder communities."
    assert main(["readability", text, "--max-grade", "10"]) == 1
    assert "is over 10" in capsys.readouterr().err
    assert main(["readability", "We ask you.", "--max-grade", "10"]) == 0


def test_command_json(capsys):
    assert main(["readability", "The plan was written.", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["passive"] == ["was written"]
    assert data["sentences"] == 1


def test_command_on_a_text_file_and_standard_input(tmp_path, monkeypatch, capsys):
    path = tmp_path / "leaflet.txt"
    path.write_text("The plan was written by patients.", encoding="utf-8")
    assert main(["readability", str(path)]) == 0
    assert "was written" in capsys.readouterr().out
    monkeypatch.setattr(sys, "stdin", io.StringIO("We utilise it."))
    assert main(["readability", "-"]) == 0
    assert "utilise -> use" in capsys.readouterr().out


def test_command_on_a_file_that_is_not_text(tmp_path, capsys):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\xff\xfe\x00bad")
    assert main(["readability", str(path)]) == 1
    err = capsys.readouterr().err
    assert "bad.txt" in err
    assert "UTF-8" in err
    assert "Traceback" not in err


def test_command_on_a_catalogue_reports_each_kind_and_exits_1_over_thresholds(tmp_path, capsys):
    path = str(_catalogue(tmp_path))
    assert main(["readability", path]) == 0
    out = capsys.readouterr().out
    assert "stakeholders" in out
    assert "median grade" in out
    assert main(["readability", path, "--max-grade", "10"]) == 1
    assert "p1" in capsys.readouterr().out
    assert main(["readability", path, "--max-median", "1"]) == 1
    assert "median grade" in capsys.readouterr().err
    assert main(["readability", path, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {k["kind"] for k in data["kinds"]} == {"stages", "stakeholders"}
    assert {row["id"]: row["field"] for row in data["records"]} == {
        "s1": "plain",
        "p1": "summary",
        "p2": "summary",
    }


def test_command_on_an_installed_catalogue_name(capsys):
    assert main(["readability", "core"]) == 0
    assert "techniques" in capsys.readouterr().out


def test_a_word_that_names_no_catalogue_is_text(capsys):
    assert main(["readability", "photovoice", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["words"] == 1


@pytest.mark.parametrize("value", ["-1", "101", "nan", "ten"])
def test_a_bad_grade_is_a_usage_error(value, capsys):
    with pytest.raises(SystemExit) as e:
        main(["readability", "text", "--max-grade", value])
    assert e.value.code == 2
    assert "Traceback" not in capsys.readouterr().err
