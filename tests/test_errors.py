"""Exact error texts for the mistakes catalogue authors make most often."""

import json
import re
from pathlib import Path

import pytest

import participatory as pr

HEADER = '[catalogue]\nname = "demo"\n\n[[stage]]\nid = "design"\nname = "Design"\norder = 2\n\n'


def problems_of(tmp_path: Path, body: str, name: str = "cat.toml") -> list[str]:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    with pytest.raises(pr.CatalogueValidationError) as info:
        pr.Catalogue.from_path(path)
    prefix = f"{path}: "
    lines = str(info.value).splitlines()
    assert all(line.startswith(prefix) for line in lines[1:]), lines
    assert len(info.value.problems) == len(lines) - 1
    return [line.removeprefix(prefix) for line in lines[1:]]


def test_every_problem_is_listed_at_once_with_record_and_field(tmp_path):
    body = HEADER + (
        '[[technique]]\nid = "photo-voice"\nname = 1\nstages = "design"\nlevels = ["colaborate"]\n'
        'colour = "red"\nsources = [{ title = "T", url = "https://a.org", year = "2019" }]\n\n'
        '[[technique]]\nid = "walk"\nname = "Walk"\nstages = ["desing"]\n'
    )
    assert problems_of(tmp_path, body) == [
        "photo-voice: name: expected a string, got an integer (1)",
        "photo-voice: sources[0].year: expected an integer, got a string ('2019')",
        "photo-voice: stages: expected an array, got a string ('design')",
        (
            "photo-voice: levels[0]: unknown level 'colaborate'; did you mean 'collaborate'? "
            "(expected one of inform, consult, involve, collaborate, empower)"
        ),
        "photo-voice: colour: unknown field",
        "walk: stages[0]: unknown stage 'desing'; did you mean 'design'?",
    ]


def test_the_error_carries_the_problems_as_data(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text(HEADER + '[[technique]]\nid = "x"\nname = "X"\nstages = ["nope"]\n')
    with pytest.raises(pr.CatalogueValidationError) as info:
        pr.Catalogue.from_path(path)
    assert info.value.problems == (
        pr.Problem(file=str(path), record="x", field="stages[0]", message="unknown stage 'nope'"),
    )
    assert isinstance(info.value, pr.CatalogueError)


def test_bad_ids_suggest_a_slug(tmp_path):
    body = HEADER + '[[technique]]\nid = "Photo Voice"\nname = "Photovoice"\n'
    assert problems_of(tmp_path, body) == [
        (
            "Photo Voice: id: 'Photo Voice' is not a valid id "
            "(use lowercase letters, digits and single hyphens; try 'photo-voice')"
        )
    ]


def test_missing_required_fields_and_near_miss_field_names(tmp_path):
    body = HEADER + '[[technique]]\nid = "x"\nstage = ["design"]\n\n[[resource]]\nid = "r"\nname = "R"\n'
    assert problems_of(tmp_path, body) == [
        "x: name: required field is missing",
        "x: stage: unknown field; did you mean 'stages'?",
        "r: kind: required field is missing",
        "r: url: required field is missing",
    ]


def test_plural_table_names_point_to_the_singular(tmp_path):
    assert problems_of(tmp_path, HEADER + '[[techniques]]\nid = "x"\nname = "X"\n') == [
        "-: techniques: unknown table 'techniques'; did you mean [[technique]]?"
    ]


def test_records_without_an_id_are_named_by_position(tmp_path):
    assert problems_of(tmp_path, HEADER + '[[stakeholder]]\nname = "Carers"\n') == [
        "stakeholder[0]: id: required field is missing"
    ]


def test_duplicate_ids_name_the_first_definition(tmp_path):
    body = HEADER + '[[technique]]\nid = "design"\nname = "Design sprint"\n'
    assert problems_of(tmp_path, body) == [
        "design: id: duplicate id: a stage with this id is defined earlier in this file"
    ]


def test_a_reference_to_the_wrong_kind_says_so(tmp_path):
    body = HEADER + '[[technique]]\nid = "x"\nname = "X"\nstakeholders = ["design"]\n'
    assert problems_of(tmp_path, body) == ["x: stakeholders[0]: 'design' is a stage, not a stakeholder"]


def test_field_checks_urls_years_group_sizes(tmp_path):
    body = HEADER + (
        '[[technique]]\nid = "x"\nname = "X"\ngroup_size = { min = 12, max = 6 }\n'
        'sources = [{ title = "T", url = "www.example.org", year = 20190 }]\n'
    )
    assert problems_of(tmp_path, body) == [
        "x: sources[0].url: 'www.example.org' is not a web address; expected one starting with https://",
        "x: sources[0].year: year 20190 is out of range (1500 to 2100)",
        "x: group_size: min (12) is larger than max (6)",
    ]


def test_invalid_toml_gives_line_and_column(tmp_path):
    assert problems_of(tmp_path, '[catalogue]\nname = "demo"\n\n[[stage]\n') == [
        "-: -: invalid TOML at line 4, column 8: Expected ']]' at the end of an array declaration"
    ]


def test_invalid_json_gives_line_and_column(tmp_path):
    assert problems_of(tmp_path, '{"catalogue": {"name": "x"},\n "stage": [}\n', "c.json") == [
        "-: -: invalid JSON at line 2, column 12: Expecting value"
    ]


def test_missing_catalogue_table(tmp_path):
    assert problems_of(tmp_path, '[[stage]]\nid = "design"\nname = "Design"\norder = 1\n') == [
        '-: catalogue: no [catalogue] table; add one with at least name = "..."'
    ]


def test_json_is_strict_too(tmp_path):
    doc = {"catalogue": {"name": "demo"}, "stage": [{"id": "design", "name": "Design", "order": "2"}]}
    assert problems_of(tmp_path, json.dumps(doc), "c.json") == [
        "design: order: expected an integer, got a string ('2')"
    ]


def test_booleans_are_not_integers(tmp_path):
    body = '[catalogue]\nname = "demo"\n\n[[stage]]\nid = "design"\nname = "Design"\norder = true\n'
    assert problems_of(tmp_path, body) == ["design: order: expected an integer, got a boolean (true)"]


def test_a_directory_with_two_catalogue_tables(tmp_path):
    (tmp_path / "a.toml").write_text('[catalogue]\nname = "a"\n')
    (tmp_path / "b.toml").write_text('[catalogue]\nname = "b"\n')
    with pytest.raises(pr.CatalogueValidationError) as info:
        pr.Catalogue.from_path(tmp_path)
    assert str(info.value.problems[0]) == (
        f"{tmp_path}/b.toml: -: catalogue: a second [catalogue] table; the first is in {tmp_path}/a.toml"
    )


def test_missing_paths_are_not_found_errors(tmp_path):
    with pytest.raises(pr.CatalogueNotFoundError, match="no such file or directory"):
        pr.Catalogue.from_path(tmp_path / "nope")
    with pytest.raises(pr.CatalogueNotFoundError, match="holds no catalogue file"):
        pr.Catalogue.from_path(tmp_path)
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(pr.CatalogueNotFoundError, match="not a catalogue file"):
        pr.Catalogue.from_path(tmp_path / "notes.txt")


def test_unknown_ids_suggest_the_nearest(tmp_path):
    cat = pr.Catalogue([pr.Stage(id="design", name="Design", order=2)])
    with pytest.raises(
        pr.UnknownIdError, match=re.escape("no record with id 'desing'; did you mean 'design'?")
    ):
        cat["desing"]
    with pytest.raises(KeyError):
        cat["desing"]


def test_references_into_an_extended_catalogue_wait_for_it(tmp_path):
    path = tmp_path / "ext.toml"
    path.write_text(
        '[catalogue]\nname = "ext"\nextends = ["core"]\n\n'
        '[[technique]]\nid = "walk"\nname = "Walk"\nstages = ["design"]\nstakeholders = ["carer"]\n'
    )
    cat = pr.Catalogue.from_path(path)
    base = pr.Catalogue([pr.Stage(id="design", name="Design", order=2)], info=pr.CatalogueInfo(name="core"))
    problems = cat.check(base)
    assert [str(p) for p in problems] == [f"{path}: walk: stakeholders[0]: unknown stakeholder 'carer'"]
    with pytest.raises(pr.CatalogueValidationError):
        pr.Catalogue.from_path(path, context=base)
    assert [p.message for p in cat.check()] == ["extends 'core', which is not loaded or not installed"]
