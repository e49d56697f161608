"""Importing Participedia's methods CSV (fixtures are our own, reproducing the format's quirks)."""

import csv
import io
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import participatory as pr
from participatory import _builtin
from participatory._cli import main
from participatory._participedia import SUMMARY_LIMIT, make_summary, match_key

FIXTURE = Path(__file__).parent / "data" / "participedia" / "methods.csv"

#: The codes of each column, copied from the format description (not from the importer).
SPEC: dict[str, tuple[str, ...]] = {
    "facilitators": ("1", "0", "not_applicable"),
    "facetoface_online_or_both": ("facetoface", "online", "both"),
    "public_spectrum": ("inform", "consult", "involve", "collaborate", "empower", "not"),
    "open_limited": ("open", "open_to", "limited", "both"),
    "recruitment_method": (
        "random",
        "stratified",
        "captive",
        "captive_sample",
        "election",
        "appointment",
        "not",
    ),
    "level_polarization": (
        "not",
        "low",
        "moderate",
        "polarized",
        "high",
        "low_polarization",
        "moderate_polarization",
        "high_polarization",
    ),
    "level_complexity": ("very_low", "low", "moderate", "high", "very_high"),
    "method_types_1": (
        "deliberative",
        "collaborative",
        "community",
        "planning",
        "experiential",
        "evaluation",
        "research",
        "informal",
        "direct",
        "longterm",
        "participatory",
        "participantled",
        "public",
        "public_meetings",
        "internal",
        "protest",
        "informal_participation",
    ),
    "number_of_participants_2": ("individuals", "small", "medium", "large", "no_limit"),
    "scope_of_influence_3": (
        "neighbourhood",
        "city/town",
        "metropolitan",
        "regional",
        "national",
        "multinational",
        "organization",
        "no_geo",
        "local",
        "international",
    ),
    "participants_interactions_1": (
        "discussion",
        "ask",
        "express",
        "storytelling",
        "negotiation",
        "listenwatch",
        "teachinginstructing",
        "formal",
        "informal",
        "acting",
        "no_interaction",
    ),
    "decision_methods_2": ("general", "idea", "voting", "opinion", "n/a", "dont", "not_applicable"),
    "if_voting_1": ("majoritarian", "plurality", "preferential", "supermajoritarian", "unanimous"),
    "purpose_method_3": ("make", "make_influence", "develop", "deliver", "academic"),
    "original_language": ("en", "it", "de", "es", "nl", "fr"),
}

FACET_FIELDS = ("levels", "modes", "purposes", "recruitment", "interactions", "decisions", "tags")


# --------------------------------------------------------------------------- helpers


def csv_bytes(rows: list[dict[str, str]], header: list[str] | None = None, *, bom: bool = True) -> bytes:
    """A methods export: UTF-8 with BOM, every header quoted, CRLF line ends."""
    header = list(header or ["id", "type", "title", "url", "description", "body"])
    for row in rows:
        header += [k for k in row if k not in header]
    buf = io.StringIO(newline="")
    buf.write(",".join(f'"{h}"' for h in header) + "\r\n")
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        writer.writerow([row.get(h, "") for h in header])
    return (b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode("utf-8")


def method(pid: int, title: str, **fields: str) -> dict[str, str]:
    return {
        "id": str(pid),
        "type": "method",
        "title": title,
        "url": f"https://participedia.net/method/{pid}",
        **fields,
    }


def write(tmp_path: Path, data: bytes, name: str = "methods.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.fixture(autouse=True)
def _forget_loaded_catalogues():
    """Tests that swap the built-in core must not leave it cached in the registry."""
    yield
    pr.refresh()


@pytest.fixture
def core() -> pr.Catalogue:
    """A small core-like catalogue: stages with aliases, techniques with aliases and facets."""
    stages = [
        pr.Stage(
            id="identify-prioritise", name="Identifying and prioritising", order=1, aliases=("priorities",)
        ),
        pr.Stage(id="design", name="Design", order=2, aliases=("study design",)),
        pr.Stage(id="data-collection", name="Data collection", order=5),
    ]
    src = (pr.Source(title="Example", url="https://example.org/method"),)

    def tech(tid: str, name: str, *aliases: str, **kw: object) -> pr.Technique:
        return pr.Technique(id=tid, name=name, aliases=aliases, sources=src, **kw)  # type: ignore[arg-type]

    techniques = [
        tech(
            "citizens-jury",
            "Citizens' jury",
            "citizen jury",
            stages=("design",),
            levels=(pr.Level.INVOLVE, pr.Level.COLLABORATE),
            modes=(pr.Mode.IN_PERSON,),
        ),
        tech("photovoice", "Photovoice", "photo voice", modes=(pr.Mode.IN_PERSON,)),
        tech("delphi-survey", "Delphi survey", "Delphi", "e-Delphi", modes=(pr.Mode.ONLINE,)),
        tech("nominal-group-technique", "Nominal group technique", "NGT"),
        tech("focus-group", "Focus group", "discussion group"),
        tech("world-cafe", "World Café", "world cafe"),
        tech("consensus-conference", "Consensus conference"),
        tech("virtual-panel", "Virtual panel", levels=(pr.Level.COLLABORATE,), modes=(pr.Mode.ONLINE,)),
    ]
    return pr.Catalogue([*stages, *techniques], info=pr.CatalogueInfo(name="core"))


def run_import(
    tmp_path: Path, rows: list[dict[str, str]], core: pr.Catalogue, **kw: object
) -> pr.ImportSummary:
    return pr.import_participedia(write(tmp_path, csv_bytes(rows)), None, core=core, **kw)  # type: ignore[arg-type]


def only(summary: pr.ImportSummary) -> pr.Technique:
    (tech,) = summary.catalogue.techniques.values()
    return tech


# --------------------------------------------------------------------------- the fixture, every quirk


def test_fixture_has_the_export_shape():
    data = FIXTURE.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(header) == 50
    assert data.decode("utf-8-sig").startswith('"id","type","title"')


def test_fixture_imports_with_counts(core):
    summary = pr.import_participedia(FIXTURE, None, core=core)
    assert summary.rows_read == 9
    assert summary.techniques_written == 9
    assert summary.renamed == (("300", "participedia-citizens-jury-2"),)
    assert summary.unknown_codes == {
        "facetoface_online_or_both": {"hologram": 1},
        "method_types": {"gamified": 1},
        "public_spectrum": {"delegate": 1},
    }
    assert summary.unknown_count == 3
    assert summary.skipped == ()
    text = str(summary)
    for line in (
        "rows read: 9",
        "techniques written: 9",
        "duplicates renamed: 1",
        "unknown codes (kept as tags): 3",
        "public_spectrum: 1 ('delegate' x1)",
    ):
        assert line in text


def test_title_quirks_and_metadata(core):
    cat = pr.import_participedia(FIXTURE, None, core=core).catalogue
    jury = cat.techniques["participedia-citizens-jury"]
    # curly apostrophe, (R) sign and trailing spaces: gone from the id, (R) and spaces from the name
    assert jury.name == "Citizens’ Jury"
    assert cat.techniques["participedia-delphi-method"].name == "Delphi Method"
    assert jury.sources == (
        pr.Source(
            title="Citizens’ Jury (Participedia)",
            url="https://participedia.net/method/101",
            publisher="Participedia",
            year=2016,
        ),
    )
    # leading spaces of _2/_3 values are stripped
    assert "scope-national" in jury.tags
    assert jury.interactions == ("discussion", "ask-questions", "formal-testimony")
    assert jury.decisions == ("consensus", "voting", "majority-vote")
    assert jury.purposes == ("influence-public-decisions", "civic-capacity")
    assert jury.levels == (pr.Level.COLLABORATE,)
    assert jury.modes == (pr.Mode.IN_PERSON,)
    assert jury.group_size == pr.GroupSize(min=2, max=19)
    assert jury.recruitment == ("limited", "stratified")
    assert jury.facilitated is True
    # the older polarisation code means the same as the newer one
    assert "polarisation-high" in jury.tags
    assert cat.info == pr.CatalogueInfo(
        name="participedia",
        version="2021-11-30",
        title="Participedia methods (imported)",
        description=cat.info.description,
        licence="CC BY-NC-SA 3.0",
        url="https://participedia.net",
        extends=("core",),
        publisher="Participedia",
    )
    for duty in ("attribute", "non-commercial", "same licence", "package"):
        assert duty in cat.info.description


def test_old_and_new_codes_agree(core):
    cat = pr.import_participedia(FIXTURE, None, core=core).catalogue
    # captive (Delphi) and captive_sample (Photovoice); n/a and not_applicable
    assert "captive-sample" in cat.techniques["participedia-delphi-method"].recruitment
    assert "captive-sample" in cat.techniques["participedia-photovoice"].recruitment
    assert "decision-not-applicable" in cat.techniques["participedia-nominal-group-technique"].tags
    assert "decision-not-applicable" in cat.techniques["participedia-mystery-method"].tags


def test_summary_from_multiline_body(core):
    photovoice = pr.import_participedia(FIXTURE, None, core=core).catalogue.techniques[
        "participedia-photovoice"
    ]
    assert photovoice.summary.startswith("People photograph their everyday lives")
    assert "Problems and Purpose" not in photovoice.summary
    assert photovoice.summary.endswith("would not read a report.")
    assert len(photovoice.summary) <= SUMMARY_LIMIT


def test_empty_fields_stay_empty(core):
    budget = pr.import_participedia(FIXTURE, None, core=core).catalogue.techniques[
        "participedia-participatory-budgeting"
    ]
    assert budget.summary == ""
    assert budget.tags == ("informal-participation",)
    for field in ("levels", "modes", "purposes", "recruitment", "interactions", "decisions", "stages"):
        assert getattr(budget, field) == (), field
    assert budget.group_size is None
    assert budget.facilitated is None
    assert budget.sources[0].year is None


# --------------------------------------------------------------------------- codes


@pytest.mark.parametrize(("column", "code"), [(c, code) for c, codes in SPEC.items() for code in codes])
def test_every_documented_code_maps_to_a_value_or_tag(tmp_path, core, column, code):
    bare = only(run_import(tmp_path, [method(1, "Bare")], core))
    summary = run_import(tmp_path, [method(1, "Coded", **{column: f" {code}"})], core)
    assert summary.unknown_codes == {}
    tech = only(summary)
    changed = [f for f in FACET_FIELDS if getattr(tech, f) != getattr(bare, f)]
    assert changed or tech.group_size is not None or tech.facilitated is not None


def test_unknown_code_is_kept_as_tag_and_counted(tmp_path, core):
    rows = [
        method(1, "A", method_types_1="gamified", method_types_2=" Gamified", public_spectrum="co-own"),
        method(2, "B", method_types_3="gamified", participants_interactions_1="???"),
    ]
    summary = run_import(tmp_path, rows, core)
    assert summary.unknown_codes == {
        "method_types": {"gamified": 3},
        "participants_interactions": {"???": 1},
        "public_spectrum": {"co-own": 1},
    }
    a = summary.catalogue.techniques["participedia-a"]
    assert a.tags == ("spectrum-co-own", "method-type-gamified")
    assert a.levels == ()
    # "???" has no letters to make a tag of, but it is counted
    assert summary.catalogue.techniques["participedia-b"].tags == ("method-type-gamified",)
    assert "unknown codes (kept as tags): 5" in str(summary)


def test_group_size_buckets_combine(tmp_path, core):
    def size(*buckets: str) -> pr.GroupSize | None:
        fields = {f"number_of_participants_{i}": b for i, b in enumerate(buckets, 1)}
        return only(run_import(tmp_path, [method(1, "M", **fields)], core)).group_size

    assert size() is None
    assert size("individuals") == pr.GroupSize(min=1, max=1)
    assert size("small", "medium") == pr.GroupSize(min=2, max=100)
    assert size("medium", "large") == pr.GroupSize(min=50, max=None)
    assert 500 in size("no_limit")  # type: ignore[operator]


@pytest.mark.parametrize(
    ("code", "expected"), [("1", True), ("0", False), ("not_applicable", None), ("", None)]
)
def test_facilitated(tmp_path, core, code, expected):
    assert only(run_import(tmp_path, [method(1, "M", facilitators=code)], core)).facilitated is expected


def test_both_modes(tmp_path, core):
    tech = only(run_import(tmp_path, [method(1, "M", facetoface_online_or_both="both")], core))
    assert tech.modes == (pr.Mode.IN_PERSON, pr.Mode.ONLINE)


# --------------------------------------------------------------------------- ids and summaries


def test_duplicate_titles_renamed_by_participedia_id_whatever_the_row_order(tmp_path, core):
    rows = [
        method(30, "Open Forum"),
        method(7, "Open forum "),
        method(12, "Open Forum 2"),  # its plain slug is the one a naive "-2" would take
        method(19, "OPEN FORUM"),
    ]
    expected = {
        "7": "participedia-open-forum",
        "12": "participedia-open-forum-2",
        "19": "participedia-open-forum-3",
        "30": "participedia-open-forum-4",
    }
    for seed in range(3):
        random.Random(seed).shuffle(rows)  # noqa: S311
        summary = run_import(tmp_path, rows, core)
        got = {t.sources[0].url.rsplit("/", 1)[1]: t.id for t in summary.catalogue.techniques.values()}
        assert got == expected
        assert summary.renamed == (("19", "participedia-open-forum-3"), ("30", "participedia-open-forum-4"))


def test_title_without_letters_gets_an_id_from_participedia_id(tmp_path, core):
    tech = only(run_import(tmp_path, [method(42, "参加型予算 ®")], core))
    assert (tech.id, tech.name) == ("participedia-method-42", "参加型予算")


def test_summary_prefers_description_then_body():
    assert make_summary("  One   sentence. ", "Body text.") == "One sentence."
    body = "Overview\n\nFirst sentence here. " + "Second sentence goes on. " * 30
    cut = make_summary("", body, limit=60)
    assert cut == "First sentence here. Second sentence goes on."
    assert make_summary("", "word " * 100, limit=30).endswith("…")
    assert make_summary("", "") == ""


@given(st.text(), st.text(), st.integers(min_value=20, max_value=400))
@settings(max_examples=60)
def test_summary_is_bounded_and_taken_from_the_text(description, body, limit):
    out = make_summary(description, body, limit=limit)
    assert len(out) <= limit + 1
    source = " ".join((description if description.split() else body).split())
    assert out.removesuffix("…") in source


def test_skipped_rows_are_reported(tmp_path, core):
    rows = [method(1, "Kept"), method(2, "   "), method(3, "A case", type="case"), {"id": "", "title": ""}]
    summary = run_import(tmp_path, rows, core)
    assert summary.rows_read == 4
    assert summary.techniques_written == 1
    assert summary.skipped == (
        (3, "participedia id 2 has no title"),
        (4, "type 'case', not a method"),
        (5, "empty row"),
    )
    assert "rows skipped: 3" in str(summary)


def test_missing_url_is_built_from_the_id(tmp_path, core):
    tech = only(run_import(tmp_path, [{"id": "77", "title": "No Link"}], core))
    assert tech.sources[0].url == "https://participedia.net/method/77"


# --------------------------------------------------------------------------- same_as


def test_same_as_links_core_techniques(tmp_path, core):
    rows = [
        method(1, "Citizens’ Juries"),  # curly apostrophe, plural
        method(2, "PhotoVoice"),
        method(3, "Delphi Method"),  # generic word dropped, matches the alias "Delphi"
        method(4, "Nominal Group Process"),
        method(5, "Focus Groups"),
        method(6, "World Cafe (TM)"),
        method(7, "Photo Novella"),  # explicit synonym
        method(8, "Danish Consensus Conference"),  # explicit synonym
        method(9, "Participatory Budgeting"),  # not in this core
        method(10, "Virtual Reality Panel"),  # shares words, is not the same
        method(11, "Discussion Groups"),  # alias of focus-group
    ]
    summary = run_import(tmp_path, rows, core)
    assert dict(summary.linked) == {
        "participedia-citizens-juries": ("citizens-jury",),
        "participedia-photovoice": ("photovoice",),
        "participedia-delphi-method": ("delphi-survey",),
        "participedia-nominal-group-process": ("nominal-group-technique",),
        "participedia-focus-groups": ("focus-group",),
        "participedia-world-cafe": ("world-cafe",),
        "participedia-photo-novella": ("photovoice",),
        "participedia-danish-consensus-conference": ("consensus-conference",),
        "participedia-discussion-groups": ("focus-group",),
    }
    assert summary.catalogue.techniques["participedia-participatory-budgeting"].same_as == ()
    assert summary.catalogue.check(context=core) == ()


def test_same_as_needs_core_to_have_the_technique(tmp_path):
    summary = run_import(tmp_path, [method(7, "Photo Novella"), method(8, "Photovoice")], pr.Catalogue())
    assert summary.linked == {}


def test_match_key_rule():
    assert match_key("The Citizens' Jury Method") == "citizensjury"
    assert match_key("Experience-based co-design") == match_key("Experience Based Co Design")
    assert match_key("Planning Cells") == match_key("planning cell")
    assert match_key("Focus group") != match_key("Focus")
    assert match_key("Process") == "process"  # a lone generic word is kept


def test_real_core_links_the_usual_suspects(tmp_path):
    try:
        real = _builtin.builtin_catalogue("core")
    except pr.CatalogueError:
        pytest.skip("the built-in core catalogue is not in this checkout yet")
    summary = pr.import_participedia(FIXTURE, None, core=real)
    for tid in (
        "citizens-jury",
        "photovoice",
        "delphi-survey",
        "nominal-group-technique",
        "focus-group",
        "world-cafe",
    ):
        assert any(tid in ids for ids in summary.linked.values()), tid
    assert summary.catalogue.check(context=real) == ()
    merged = real.merge(summary.catalogue)
    assert len(merged.techniques) == len(real.techniques) + 9


# --------------------------------------------------------------------------- stages


def test_no_stage_map_no_stages(core):
    cat = pr.import_participedia(FIXTURE, None, core=core).catalogue
    assert all(t.stages == () for t in cat.techniques.values())


def test_stage_map_by_title_and_id(tmp_path, core):
    stage_map = write(
        tmp_path,
        (  # noqa: UP012
            "# title or Participedia id = stage ids, names or aliases\n"
            '"citizens\' jury" = ["design", "Data collection"]\n'  # straight apostrophe, any case
            '300 = ["priorities"]\n'  # id beats title; an alias
            '"Photovoice" = "data-collection"\n'
            '"Not In The File" = ["design"]\n'
        ).encode(),
        "stages.toml",
    )
    summary = pr.import_participedia(FIXTURE, None, core=core, stage_map=stage_map)
    cat = summary.catalogue
    assert cat.techniques["participedia-citizens-jury"].stages == ("design", "data-collection")
    assert cat.techniques["participedia-citizens-jury-2"].stages == ("identify-prioritise",)
    assert cat.techniques["participedia-photovoice"].stages == ("data-collection",)
    assert cat.techniques["participedia-world-cafe"].stages == ()
    assert summary.staged == 3
    assert summary.unused_stage_keys == ("Not In The File",)
    assert "stage-map keys matching no row: 'Not In The File'" in str(summary)
    assert cat.check(context=core) == ()


def test_stage_map_mapping_and_unknown_stage(tmp_path, core):
    bad_map = {"Photovoice": ["desing", 3]}
    with pytest.raises(pr.CatalogueValidationError) as info:
        pr.import_participedia(FIXTURE, tmp_path / "out", core=core, stage_map=bad_map)  # type: ignore[arg-type]
    text = str(info.value)
    assert "Photovoice: [0]: unknown stage 'desing'; did you mean 'design'?" in text
    assert "Photovoice: [1]: expected a stage id or name, got int" in text
    assert not (tmp_path / "out").exists()


def test_stage_map_file_problems(tmp_path, core):
    bad = write(tmp_path, b"this is = = not toml", "map.toml")
    with pytest.raises(pr.CatalogueValidationError, match="invalid TOML"):
        pr.import_participedia(FIXTURE, None, core=core, stage_map=bad)
    with pytest.raises(pr.CatalogueNotFoundError):
        pr.import_participedia(FIXTURE, None, core=core, stage_map=tmp_path / "nope.toml")


def test_validate_strict_warns_about_missing_stages(tmp_path, core, monkeypatch, capsys):
    monkeypatch.setattr(_builtin, "builtin_catalogue", lambda name="core": core)
    out = tmp_path / "participedia"
    pr.import_participedia(FIXTURE, out, core=core, stage_map={"Photovoice": ["design"]})
    capsys.readouterr()

    assert main(["validate", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "catalogue participedia: valid" in captured.err

    assert main(["validate", "--strict", str(out)]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert all(line.endswith("(warning)") for line in lines)
    stage_warnings = [line for line in lines if ": stages: " in line]
    assert len(stage_warnings) == 8  # every technique but photovoice
    assert not any("participedia-photovoice: stages" in line for line in lines)
    assert f"{out}/technique.toml: participedia-world-cafe: stages: no stages given" in captured.out
    assert (
        "catalogue participedia: valid, 21 warnings (9 without stakeholders, 8 without stages, "
        in captured.err
    )
    assert "4 without levels)" in captured.err

    assert main(["validate", "--strict", "--format", "json", str(out)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["valid"] is True
    severities = {p["severity"] for p in result["results"][0]["problems"]}
    assert severities == {"warning"}


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a binary file"),
        ("id,title\n1,Jury\n".encode("utf-16"), "UTF-16"),
        (b'"id","title"\n"1","Caf\xe9"\n', "not UTF-8 text"),
        (b"", "the file is empty"),
        (b"\xef\xbb\xbf  \r\n", "the file is empty"),
        (
            b"<!DOCTYPE html><html><body>Participedia</body></html>\n",
            "missing required columns 'id', 'title'",
        ),
        (b'"id";"title"\n"1";"Jury"\n', "separated by semicolons"),
        (b"id\ttitle\n1\tJury\n", "separated by tabs"),
        (b'"id","type","url"\n"1","method","https://participedia.net/method/1"\n', "column 'title'"),
        (b'"id","title"\n"1","Ju"ry"\n', "not valid CSV at line 2"),
        (b'"id","title","title"\n"1","a","b"\n', "appears twice"),
        (b'"id","title"\n"1","Jury","extra"\n', "row 2: -: has 3 fields, the header has 2"),
        (b'"id","title"\n"x1","Jury"\n"2","A"\n"2","B"\n', "row 2: id: 'x1' is not a Participedia id"),
        (b'"id","title"\n"2","A"\n"2","B"\n', "row 3: id: id 2 is also on row 2"),
        (b'"id","title","url"\n"2","A","participedia.net/method/2"\n', "row 2: url:"),
        (b'"id","title"\n', "no method rows to import (the file has no rows)"),
        # a file of cases is a case export now (test_participedia_links.py); another type is not
        (b'"id","title","type"\n"1","A","collection"\n', "no method rows to import"),
    ],
)
def test_bad_input_is_a_clear_error_and_nothing_is_written(tmp_path, core, data, message):
    out = tmp_path / "out"
    with pytest.raises(pr.CatalogueValidationError) as info:
        pr.import_participedia(write(tmp_path, data), out, core=core)
    assert message in str(info.value)
    assert not out.exists()


def test_missing_csv_is_not_found(tmp_path, core):
    with pytest.raises(pr.CatalogueNotFoundError, match="no such file"):
        pr.import_participedia(tmp_path / "nope.csv", tmp_path / "out", core=core)
    with pytest.raises(pr.CatalogueNotFoundError, match="is a directory"):
        pr.import_participedia(tmp_path, tmp_path / "out", core=core)


def test_output_holding_another_catalogue_needs_force(tmp_path, core):
    out = tmp_path / "out"
    core.to_path(out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(pr.CatalogueWriteError, match=r"already exists; pass force=True"):
        pr.import_participedia(FIXTURE, out, core=core)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before

    pr.import_participedia(FIXTURE, out, core=core, force=True)
    assert pr.Catalogue.from_path(out).info.name == "participedia"


def test_output_with_unnamed_catalogue_files_needs_force(tmp_path, core):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.toml").write_text("x = 1\n")
    with pytest.raises(pr.CatalogueWriteError, match="other catalogue files"):
        pr.import_participedia(FIXTURE, out, core=core)
    with pytest.raises(pr.CatalogueWriteError, match="would be read back"):  # force never deletes files
        pr.import_participedia(FIXTURE, out, core=core, force=True)
    assert sorted(p.name for p in out.iterdir()) == ["notes.toml"]


def test_reimport_replaces_a_previous_import(tmp_path, core):
    out = tmp_path / "out"
    pr.import_participedia(write(tmp_path, csv_bytes([method(1, "Old")])), out, core=core)
    (out / "README.md").write_text("my notes\n")
    with pytest.raises(pr.CatalogueWriteError, match=r"already exists; pass force=True"):
        pr.import_participedia(FIXTURE, out, core=core)
    summary = pr.import_participedia(FIXTURE, out, core=core, force=True)
    assert (out / "README.md").read_text() == "my notes\n"  # what is not the catalogue's is kept
    cat = pr.Catalogue.from_path(out)
    assert "participedia-old" not in cat
    assert cat == summary.catalogue
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temp files left


def test_output_file_and_existing_file(tmp_path, core):
    out = tmp_path / "participedia.json"
    summary = pr.import_participedia(FIXTURE, out, core=core)
    assert pr.Catalogue.from_path(out) == summary.catalogue
    other = tmp_path / "other.toml"
    pr.Catalogue([], info=pr.CatalogueInfo(name="mine")).to_path(other)
    with pytest.raises(pr.CatalogueWriteError, match="already exists"):
        pr.import_participedia(FIXTURE, other, core=core)
    assert pr.Catalogue.from_path(other).info.name == "mine"


# --------------------------------------------------------------------------- round trip and query


def test_round_trip_merge_and_faceted_query(tmp_path, core):
    out = tmp_path / "participedia"
    summary = pr.import_participedia(FIXTURE, out, core=core, stage_map={"Delphi Method": ["design"]})
    assert summary.output == str(out)

    imported = pr.Catalogue.from_path(out)
    assert imported == summary.catalogue
    assert imported.check(context=core) == ()
    again = pr.Catalogue.from_path(out, context=core)
    assert again == imported

    merged = core.merge(imported)
    assert merged.check() == ()
    assert {m.name for m in merged.members} == {"core", "participedia"}

    online_collaboration = sorted(
        t.id
        for t in merged.techniques.values()
        if pr.Mode.ONLINE in t.modes and (t.max_level is not None and t.max_level >= pr.Level.CONSULT)
    )
    assert online_collaboration == ["participedia-delphi-method", "virtual-panel"]
    design = sorted(t.id for t in merged.techniques.values() if "design" in t.stages)
    assert design == ["citizens-jury", "participedia-delphi-method"]
    # the same technique is findable from either side
    jury = merged.techniques["citizens-jury"]
    twins = [t.id for t in merged.techniques.values() if jury.id in t.same_as]
    assert twins == ["participedia-citizens-jury", "participedia-citizens-jury-2"]
    assert merged.origin("participedia-world-cafe").catalogue == "participedia"


# --------------------------------------------------------------------------- CLI


def test_cli_import(tmp_path, core, monkeypatch, capsys):
    monkeypatch.setattr(_builtin, "builtin_catalogue", lambda name="core": core)
    out = tmp_path / "out"
    stage_map = write(tmp_path, b'Photovoice = ["design"]\n', "map.toml")
    argv = ["import", "participedia", str(FIXTURE), "--output", str(out), "--stages", str(stage_map)]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "rows read: 9" in printed
    assert f"techniques written: 9 to {out}" in printed
    assert "participedia-photovoice = photovoice" in printed
    assert "given stages from the stage map: 1" in printed
    assert pr.Catalogue.from_path(out).techniques["participedia-photovoice"].stages == ("design",)

    assert main(["import", "participedia", str(FIXTURE), "-o", str(out), "--format", "json"]) == 1
    assert "use --force" in capsys.readouterr().err
    assert main(["import", "participedia", str(FIXTURE), "-o", str(out), "--format", "json", "--force"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rows_read"] == 9
    assert data["duplicates_renamed"] == [{"participedia_id": "300", "id": "participedia-citizens-jury-2"}]
    assert data["unknown_codes"]["public_spectrum"] == {"delegate": 1}


def test_cli_errors(tmp_path, core, monkeypatch, capsys):
    monkeypatch.setattr(_builtin, "builtin_catalogue", lambda name="core": core)
    out = tmp_path / "out"
    bad = write(tmp_path, b"\x00\x01binary")
    assert main(["import", "participedia", str(bad), "--output", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("participatory: error: ")
    assert "a binary file" in err
    assert "Traceback" not in err
    assert not out.exists()

    assert main(["import", "participedia", str(tmp_path / "nope.csv"), "--output", str(out)]) == 2
    assert "no such file" in capsys.readouterr().err

    core.to_path(out)
    assert main(["import", "participedia", str(FIXTURE), "--output", str(out)]) == 1
    assert "--force" in capsys.readouterr().err
    assert main(["import", "participedia", str(FIXTURE), "--output", str(out), "--force"]) == 0

    for argv in (["import"], ["import", "participedia", str(FIXTURE)], ["import", "nowhere"]):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2


def test_import_stays_lazy():
    code = "import sys, participatory; print('participatory._participedia' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# --------------------------------------------------------------------------- fuzzing


def _import_bytes(data: bytes, core: pr.Catalogue) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "methods.csv"
        path.write_bytes(data)
        try:
            summary = pr.import_participedia(path, Path(tmp) / "out", core=core)
        except pr.CatalogueError:
            assert not (Path(tmp) / "out").exists()
            return
        assert pr.Catalogue.from_path(Path(tmp) / "out") == summary.catalogue


FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(data=st.binary(max_size=300))
def test_fuzz_bytes(core, data):
    _import_bytes(data, core)


@FUZZ
@given(text=st.text(max_size=300))
def test_fuzz_text(core, text):
    _import_bytes(('"id","title"\n' + text).encode("utf-8"), core)


_cell = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=30)
_columns = st.sampled_from(["id", "title", "url", "description", "body", "type", *SPEC])


@FUZZ
@given(rows=st.lists(st.dictionaries(_columns, _cell, max_size=8), max_size=6))
def test_fuzz_rows(core, rows):
    rows = [{**row, "id": str(i)} if i % 3 else row for i, row in enumerate(rows, 2)]
    _import_bytes(csv_bytes([{"id": "1", "title": "T"}, *rows]), core)


def test_docs_cover_every_column_and_synonym():
    from participatory._participedia import CODES, SYNONYMS

    text = (Path(__file__).parents[1] / "docs" / "importing.md").read_text(encoding="utf-8")
    for column in CODES:
        assert f"`{column}" in text, column
    for title in SYNONYMS:
        assert title in text, title


def test_long_article_body(tmp_path, core):
    limit = csv.field_size_limit()
    body = "A long article. " + "x" * (limit + 10)
    tech = only(run_import(tmp_path, [method(1, "Long", body=body)], core))
    assert tech.summary == "A long article."
    assert csv.field_size_limit() == limit
