"""Participedia's case and organisation exports, its search JSON, and the links between records."""

import csv
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import participatory as pr
from participatory import _builtin
from participatory._cli import main
from participatory._participedia._pgarray import format_array, format_row
from participatory._participedia._records import CHANGES, PARTICIPANTS, SECTORS, parse_links

from .test_participedia import csv_bytes as methods_csv_bytes

DATA = Path(__file__).parent / "data" / "participedia"
METHODS, CASES, ORGS, SEARCH = (
    DATA / n for n in ("methods.csv", "cases.csv", "organizations.csv", "search.json")
)
ALL = [METHODS, CASES, ORGS, SEARCH]


@pytest.fixture(scope="module")
def core() -> pr.Catalogue:
    return _builtin.builtin_catalogue("core")


@pytest.fixture(scope="module")
def everything(core: pr.Catalogue) -> pr.ImportSummary:
    return pr.import_participedia(ALL, None, core=core)


def csv_bytes(rows: list[dict[str, str]]) -> bytes:
    """A case or organisation export: id, type and title, then the columns the rows name."""
    return methods_csv_bytes(rows, ["id", "type", "title"])


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def links(*items: tuple[int, str, str]) -> str:
    """A link cell as Participedia writes it: a Postgres array of (id,type,title) rows."""
    return format_array([format_row([str(pid), kind, title]) for pid, kind, title in items])


# --------------------------------------------------------------------------- the fixtures


def test_fixtures_have_the_export_shapes():
    for path, columns, kind in ((ORGS, 47, "organization"), (CASES, None, "case")):
        data = path.read_bytes()
        assert data.startswith(b'\xef\xbb\xbf"id","type","title"')
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        if columns:
            assert len(rows[0]) == columns
        assert {r["type"] for r in rows} == {kind}
    doc = json.loads(SEARCH.read_text(encoding="utf-8"))
    assert {"total", "pages", "results"} <= set(doc)


def test_every_file_is_recognised_by_its_type(everything):
    assert everything.files == {
        str(METHODS): "method",
        str(CASES): "case",
        str(ORGS): "organization",
        str(SEARCH): "search results",
    }
    assert everything.rows_read == 9 + 5 + 6 + 5
    assert (everything.techniques_written, everything.organisations_written, everything.cases_written) == (
        9,
        7,
        5,
    )
    cat = everything.catalogue
    assert len(cat.techniques) == 9
    assert len(cat.organisations) == 7
    assert len(cat.cases) == 5
    assert cat.info.title == "Participedia methods, cases and organisations (imported)"
    assert cat.info.licence == "CC BY-NC-SA 3.0"


def test_the_order_of_the_files_does_not_matter(core, everything):
    again = pr.import_participedia(list(reversed(ALL)), None, core=core)
    assert again.catalogue == everything.catalogue


def test_every_record_cites_its_participedia_page(everything):
    cat = everything.catalogue
    for record in [*cat.techniques.values(), *cat.cases.values(), *cat.organisations.values()]:
        (source,) = record.sources
        assert source.publisher == "Participedia"
        assert source.url.startswith("https://participedia.net/")
    assert cat.cases["participedia-case-7001"].sources[0].url == "https://participedia.net/case/7001"
    org = cat.organisations["participedia-organisation-9101"]
    assert org.sources[0].url == "https://participedia.net/organization/9101"
    assert org.url == ""  # a Participedia page is not the organisation's home page


def test_case_fields(everything, core):
    case = everything.catalogue.cases["participedia-case-7001"]
    assert case.name == "Community Health Jury on Diabetes Care"
    assert case.year == 2018
    assert case.country == "United Kingdom"
    assert case.techniques == ("participedia-citizens-jury",)
    assert case.organisations == ("participedia-organisation-9101",)
    assert case.organisation == "Healthwatch Example"
    assert case.changes == ("policy", "practice")
    assert case.evaluated is True
    assert case.stakeholders == ("young-person", "policymaker")
    assert case.underserved == ("low-income", "young-people")
    assert {"impact-evidence", "mentions-method-4328", "issue-health", "participants-lowincome"} <= set(
        case.tags
    )

    other = everything.catalogue.cases["participedia-case-7002"]
    assert other.country == "Italy"  # written "Italia"
    assert other.evaluated is False
    assert other.changes == ("relationships",)
    assert "no-impact-evidence" in other.tags
    assert other.organisations == ()  # its organiser is not in the files...
    assert other.organisation == "Comune di Esempio"  # ...but its name is kept
    assert "mentions-organisation-9999" in other.tags

    part = everything.catalogue.cases["participedia-case-7003"]
    assert part.evaluated is None
    assert part.year is None
    assert "part-of-participedia-case-7001" in part.tags

    timestamp = everything.catalogue.cases["participedia-case-7004"]
    assert timestamp.year == 2021  # start_date 2021-02-01T00:00:00.000Z
    assert timestamp.organisations == ("participedia-organisation-9102",)


def test_organisation_fields(everything):
    orgs = everything.catalogue.organisations
    first = orgs["participedia-organisation-9101"]
    assert first.sector is pr.Sector.CHARITY_OR_COMMUNITY
    assert first.scope == ("regional", "national")  # the second value had a leading space
    assert first.techniques == ("participedia-citizens-jury", "participedia-world-cafe")
    assert {"deliberative", "community-development", "tool-collect"} <= set(first.tags)
    assert orgs["participedia-organisation-9102"].country == "Italy"
    assert orgs["participedia-organisation-9102"].summary.startswith("A university research centre")
    assert "topic-education" in orgs["participedia-organisation-9102"].tags  # written "educations"
    assert orgs["participedia-organisation-9104"].country == "United States"
    assert orgs["participedia-organisation-9104"].techniques == ("participedia-nominal-group-technique",)
    assert orgs["participedia-organisation-9106"].country == "Germany"  # " Deutschland "
    assert orgs["participedia-organisation-9200"].country == "New Zealand"  # from the search JSON
    sectors = {oid: o.sector for oid, o in orgs.items()}
    assert sectors == {
        "participedia-organisation-9101": pr.Sector.CHARITY_OR_COMMUNITY,  # non_profit_non_gov
        "participedia-organisation-9102": pr.Sector.UNIVERSITY_OR_RESEARCH,  # University or Research
        "participedia-organisation-9103": pr.Sector.PUBLIC_BODY,  # government
        "participedia-organisation-9104": pr.Sector.BUSINESS,  # For Profit
        "participedia-organisation-9105": pr.Sector.OTHER,  # Quango: unknown, counted
        "participedia-organisation-9106": pr.Sector.UNIVERSITY_OR_RESEARCH,  # higher_ed
        "participedia-organisation-9200": None,  # the search JSON has no sector
    }
    assert everything.unknown_codes["sector"] == {"Quango": 1}
    assert "sector-quango" in orgs["participedia-organisation-9105"].tags


@pytest.mark.parametrize(
    ("spelling", "sector"),
    [
        ("non_profit_non_gov", pr.Sector.CHARITY_OR_COMMUNITY),
        ("Non-Profit or Non Governmental", pr.Sector.CHARITY_OR_COMMUNITY),
        ("government", pr.Sector.PUBLIC_BODY),
        ("Government", pr.Sector.PUBLIC_BODY),
        ("higher_ed", pr.Sector.UNIVERSITY_OR_RESEARCH),
        ("University or Research", pr.Sector.UNIVERSITY_OR_RESEARCH),
        ("Higher Education or Research", pr.Sector.UNIVERSITY_OR_RESEARCH),
        ("for_profit", pr.Sector.BUSINESS),
        ("For Profit", pr.Sector.BUSINESS),
        ("  FOR_PROFIT ", pr.Sector.BUSINESS),
    ],
)
def test_sector_spellings(tmp_path, core, spelling, sector):
    row = {"id": "1", "type": "organization", "title": "Body", "sector": spelling}
    summary = pr.import_participedia(write(tmp_path, "o.csv", csv_bytes([row])), None, core=core)
    assert summary.catalogue.organisations["participedia-organisation-1"].sector is sector
    assert summary.unknown_codes == {}


# --------------------------------------------------------------------------- links


def test_links_become_references_and_nothing_dangles(everything, core):
    assert everything.catalogue.check(context=core) == ()
    merged = core.merge(everything.catalogue)
    assert merged.check() == ()
    assert everything.links_resolved == 10


def test_links_to_missing_records_are_counted_mentions(everything):
    found = {(m.file, m.where, m.column, m.kind, m.pid, m.tag) for m in everything.unresolved}
    assert found == {
        (str(ORGS), "row 3", "specific_methods_tools_techniques", "method", 4328, "mentions-method-4328"),
        (str(ORGS), "row 7", "specific_methods_tools_techniques", "case", 7001, "mentions-case-7001"),
        (str(CASES), "row 2", "specific_methods_tools_techniques", "method", 4328, "mentions-method-4328"),
        (str(CASES), "row 3", "primary_organizer", "organization", 9999, "mentions-organisation-9999"),
    }
    text = str(everything)
    assert "links kept as tags (record not imported, or of another kind): 4" in text
    assert "cases.csv: row 3 primary_organizer: organization 9999 'Comune di Esempio'" in text


def test_skipped_rows_and_cells_are_located_and_counted(everything):
    located = {(Path(s.file).name, s.where, s.column, s.why) for s in everything.skipped_rows}
    assert located == {
        ("cases.csv", "row 6", "", "no title"),
        ("cases.csv", "row 5", "specific_methods_tools_techniques", "malformed links"),
        ("search.json", "results[1]", "", "duplicate"),  # method 57 is in methods.csv
        ("search.json", "results[4]", "", "duplicate"),  # case 7001 is in cases.csv
        ("search.json", "results[3]", "", "other type"),  # a collection
    }
    assert everything.skipped_counts == {"no title": 1, "malformed links": 1, "duplicate": 2, "other type": 1}
    bad = next(s for s in everything.skipped_rows if s.column)
    assert "unterminated quoted element at character" in bad.reason
    # the case itself is imported, without the links of that cell
    assert everything.catalogue.cases["participedia-case-7004"].techniques == ()
    data = everything.to_dict()
    assert data["skipped_counts"]["duplicate"] == 2
    assert {"file", "row", "where", "column", "reason", "why"} <= set(data["skipped"][0])


def test_a_method_link_by_title_only(tmp_path, core):
    methods = write(tmp_path, "m.csv", csv_bytes([{"id": "5", "type": "method", "title": "World Café"}]))
    case = {
        "id": "9",
        "type": "case",
        "title": "A case",
        "specific_methods_tools_techniques_titles": "World cafe, Unknown Method",
    }
    cases = write(tmp_path, "c.csv", csv_bytes([case]))
    summary = pr.import_participedia([cases, methods], None, core=core)
    got = summary.catalogue.cases["participedia-case-9"]
    assert got.techniques == ("participedia-world-cafe",)
    assert "mentions-method-unknown-method" in got.tags
    assert [(m.pid, m.title) for m in summary.unresolved] == [(None, "Unknown Method")]


def test_a_link_as_one_row_and_with_nulls(tmp_path, core):
    rows = [
        {"id": "5", "type": "method", "title": "Petition"},
    ]
    org = {
        "id": "8",
        "type": "organization",
        "title": "Org",
        "specific_methods_tools_techniques": '{"(5,method,Petition)",NULL}',
    }
    case = {"id": "9", "type": "case", "title": "Case", "primary_organizer": "(8,organization,Org)"}
    files = [
        write(tmp_path, "m.csv", csv_bytes(rows)),
        write(tmp_path, "o.csv", csv_bytes([org])),
        write(tmp_path, "c.csv", csv_bytes([case])),
    ]
    cat = pr.import_participedia(files, None, core=core).catalogue
    assert cat.organisations["participedia-organisation-8"].techniques == ("participedia-petition",)
    assert cat.cases["participedia-case-9"].organisations == ("participedia-organisation-8",)


def test_method_ids_never_take_a_case_or_organisation_id(tmp_path, core):
    method = {"id": "3", "type": "method", "title": "Case 7"}
    case = {"id": "7", "type": "case", "title": "Seven"}
    files = [write(tmp_path, "m.csv", csv_bytes([method])), write(tmp_path, "c.csv", csv_bytes([case]))]
    summary = pr.import_participedia(files, None, core=core)
    assert set(summary.catalogue.techniques) == {"participedia-case-7-2"}
    assert set(summary.catalogue.cases) == {"participedia-case-7"}
    assert summary.renamed == (("3", "participedia-case-7-2"),)


# --------------------------------------------------------------------------- search JSON


def test_search_json_alone(tmp_path, core):
    summary = pr.import_participedia(SEARCH, None, core=core)
    cat = summary.catalogue
    assert set(cat.cases) == {"participedia-case-7100", "participedia-case-7001"}
    assert set(cat.techniques) == {"participedia-photovoice"}
    assert set(cat.organisations) == {"participedia-organisation-9200"}
    case = cat.cases["participedia-case-7100"]
    assert case.summary == "Young people set priorities for a regional health plan."
    assert case.sources[0].year == 2021  # post_date "2021-06-10T00:00:00.000Z"
    assert cat.info.version == "2023-03-01"
    assert summary.skipped == ((4, "type 'collection', not a method, case or organization"),)


def test_search_json_as_a_bare_list_with_links(tmp_path, core):
    results = [
        {"id": 1, "type": "method", "title": "Petition"},
        {
            "id": 2,
            "type": "case",
            "title": "Petition drive",
            "specific_methods_tools_techniques": [{"id": 1, "type": "method", "title": "Petition"}],
            "primary_organizer": {"id": 3, "type": "organization", "title": "Someone"},
            "change_types": ["changes_public"],
            "formal_evaluation": "yes",
            "featured": True,
        },
    ]
    cat = pr.import_participedia(write(tmp_path, "s.json", json.dumps(results)), None, core=core).catalogue
    case = cat.cases["participedia-case-2"]
    assert case.techniques == ("participedia-petition",)
    assert case.changes == ("policy",)
    assert case.evaluated is True
    assert "mentions-organisation-3" in case.tags


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not valid JSON"),
        ('{"results": 3}', "JSON without a 'results' list"),
        (
            '{"results": [{"id": 1, "type": "case", "title": "A"}, 7]}',
            "results[1]: -: expected an object, got a number",
        ),
        ('[{"id": "x", "type": "case", "title": "A"}]', "results[0]: id: 'x' is not a Participedia id"),
        (
            '[{"id": 1, "type": "case", "title": "A"}, {"id": 1, "type": "case", "title": "B"}]',
            "id 1 is also on",
        ),
        ('[{"id": 1, "type": "collection", "title": "A"}]', "no method, case or organization rows to import"),
    ],
)
def test_bad_json_is_a_located_error(tmp_path, core, text, message):
    out = tmp_path / "out"
    with pytest.raises(pr.CatalogueValidationError) as info:
        pr.import_participedia(write(tmp_path, "s.json", text), out, core=core)
    assert message in str(info.value)
    assert not out.exists()


# --------------------------------------------------------------------------- bad input, several files


def test_problems_of_every_file_are_reported_and_nothing_is_written(tmp_path, core):
    bad_csv = write(tmp_path, "bad.csv", b'"id","title","type"\n"x","A","case"\n')
    bad_json = write(tmp_path, "bad.json", "[1]")
    out = tmp_path / "out"
    with pytest.raises(pr.CatalogueValidationError) as info:
        pr.import_participedia([METHODS, bad_csv, bad_json], out, core=core)
    text = str(info.value)
    assert text.startswith("2 of 3 files have problems")
    assert f"{bad_csv}: row 2: id: 'x' is not a Participedia id" in text
    assert f"{bad_json}: results[0]: -: expected an object" in text
    assert not out.exists()


def test_a_missing_file_among_several(tmp_path, core):
    with pytest.raises(pr.CatalogueNotFoundError, match=r"nope\.csv: no such file"):
        pr.import_participedia([METHODS, tmp_path / "nope.csv"], tmp_path / "out", core=core)
    with pytest.raises(pr.CatalogueNotFoundError, match="no files"):
        pr.import_participedia([], tmp_path / "out", core=core)


def test_write_read_back_and_validate_strict(tmp_path, core, capsys):
    pr.refresh()  # validate against the real core, whatever an earlier test loaded
    out = tmp_path / "participedia"
    argv = ["import", "participedia", *map(str, ALL), "--output", str(out)]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "files read: 4" in printed
    assert "organisations written: 7" in printed
    assert "cases written: 5" in printed
    assert "cells skipped: 1" in printed
    back = pr.Catalogue.from_path(out)
    assert back == pr.import_participedia(ALL, None, core=core).catalogue
    assert sorted(p.name for p in out.iterdir()) == [
        "case.toml",
        "catalogue.toml",
        "organisation.toml",
        "technique.toml",
    ]
    assert main(["validate", "--strict", str(out)]) == 0
    assert "catalogue participedia: valid" in capsys.readouterr().err

    assert main([*argv, "--format", "json", "--force"]) == 0  # the output exists now
    data = json.loads(capsys.readouterr().out)
    assert data["cases_written"] == 5
    assert data["links_resolved"] == 10
    assert len(data["unresolved"]) == 4
    assert data["files"][str(SEARCH)] == "search results"


# --------------------------------------------------------------------------- docs


def test_docs_list_every_mapping():
    text = (Path(__file__).parents[1] / "docs" / "importing.md").read_text(encoding="utf-8")
    for code in [*CHANGES, *PARTICIPANTS]:
        assert f"`{code}`" in text, code
    for value in CHANGES.values():
        assert f"`{value}`" in text, value
    for spelling in ("non_profit_non_gov", "Non-Profit or Non Governmental", "higher_ed", "for_profit"):
        assert spelling in text
    for sector in {s.value for s in SECTORS.values()}:
        assert f"`{sector}`" in text


# --------------------------------------------------------------------------- fuzzing


def import_and_check(files: list[Path], out: Path, core: pr.Catalogue) -> pr.ImportSummary | None:
    """Import; on bad input nothing is written, else what is written validates and reads back."""
    try:
        summary = pr.import_participedia(files, out, core=core)
    except pr.CatalogueError:
        assert not out.exists()
        return None
    assert summary.catalogue.check(context=core) == ()
    assert pr.Catalogue.from_path(out) == summary.catalogue
    return summary


_title = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=20)
_link = st.tuples(
    st.integers(1, 30), st.sampled_from(["method", "case", "organization", "collection"]), _title
)
_cell = st.one_of(
    st.lists(_link, max_size=4).map(lambda items: links(*items)),
    st.text(st.sampled_from(list('{}(),"\\ a1')), max_size=15).map(lambda t: "{" + t),
    st.text(st.sampled_from(list('{}(),"\\ a1')), max_size=15).map(lambda t: "(" + t),
)


def _count(cell: str) -> int | None:
    """How many links a cell holds; ``None`` if it cannot be read."""
    try:
        return len(parse_links(cell))
    except ValueError:
        return None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    methods=st.lists(st.tuples(st.integers(1, 30), _title), max_size=5),
    cases=st.lists(st.tuples(st.integers(31, 60), _cell, _cell), max_size=5),
)
def test_fuzz_links_never_dangle(core, methods, cases):
    method_rows = [{"id": str(pid), "type": "method", "title": t} for pid, t in dict(methods).items()]
    case_rows = [
        {
            "id": str(pid),
            "type": "case",
            "title": f"Case {pid}",
            "specific_methods_tools_techniques": techniques,
            "primary_organizer": organiser,
        }
        for pid, (techniques, organiser) in {p: (a, b) for p, a, b in cases}.items()
    ]
    with tempfile.TemporaryDirectory() as tmp:
        files = [
            write(Path(tmp), "m.csv", csv_bytes(method_rows)),
            write(Path(tmp), "c.csv", csv_bytes(case_rows)),
        ]
        summary = import_and_check(files, Path(tmp) / "out", core)
        if summary is None:
            return
        # every link is a reference or a mention, or its cell was skipped: none is lost
        counts = [
            _count(r[column])
            for r in case_rows
            for column in ("specific_methods_tools_techniques", "primary_organizer")
        ]
        assert summary.links_resolved + len(summary.unresolved) == sum(n for n in counts if n)
        assert sum(1 for s in summary.skipped_rows if s.column) == counts.count(None)


_JSON_KEYS = [
    "id",
    "type",
    "title",
    "results",
    "country",
    "sector",
    "post_date",
    "specific_methods_tools_techniques",
    "primary_organizer",
    "change_types",
]
_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 50)
    | st.sampled_from(["", "case", "method", "organization", "7", "{"]),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(_JSON_KEYS), inner, max_size=5)
    ),
    max_leaves=12,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    doc=st.one_of(
        _json, st.lists(st.dictionaries(st.sampled_from(_JSON_KEYS), _json, max_size=6), max_size=5)
    )
)
def test_fuzz_search_json(core, doc):
    with tempfile.TemporaryDirectory() as tmp:
        import_and_check([write(Path(tmp), "search.json", json.dumps(doc))], Path(tmp) / "out", core)
