"""The JSON Schemas of catalogue and plan files (participatory._jsonschema)."""

import copy
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from participatory._cli import main
from participatory._jsonschema import SCHEMA_BASE, SLUG_PATTERN, catalogue_schema, plan_schema

from . import strategies

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parents[1]
CORE = sorted((ROOT / "catalogues" / "core").glob("*.toml"))
PLANS = [ROOT / "examples" / "health-data-plan.toml"]
TEMPLATE = sorted((ROOT / "examples" / "plugin-template").rglob("*.toml"))


def validator(schema) -> Any:
    cls = jsonschema.Draft202012Validator
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


CATALOGUE = validator(catalogue_schema())
PLAN = validator(plan_schema())


def errors(v, doc) -> list[str]:
    return [e.message for e in v.iter_errors(doc)]


def test_core_has_files():
    assert len(CORE) >= 7


@pytest.mark.parametrize("path", CORE, ids=lambda p: p.name)
def test_every_core_file_validates(path):
    assert errors(CATALOGUE, tomllib.loads(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("path", [p for p in TEMPLATE if p.parent.name == "catalogue"], ids=lambda p: p.name)
def test_plugin_template_files_validate_and_point_at_the_schema(path):
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"#:schema {SCHEMA_BASE}catalogue.schema.json"
    assert errors(CATALOGUE, tomllib.loads(text)) == []


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_example_plan_validates(path):
    assert errors(PLAN, tomllib.loads(path.read_text(encoding="utf-8"))) == []


def _technique_doc() -> dict[str, Any]:
    doc = tomllib.loads((ROOT / "catalogues" / "core" / "techniques.toml").read_text(encoding="utf-8"))
    return {"technique": doc["technique"][:1]}


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda t: t.update(id="Not A Slug"), "does not match"),
        (lambda t: t.update(stages=["design", "Bad_Stage"]), "does not match"),
        (lambda t: t.update(name=3), "is not of type 'string'"),
        (lambda t: t.update(levels="consult"), "is not of type 'array'"),
        (lambda t: t.update(levels=["shout"]), "is not one of"),
        (lambda t: t.update(colour="blue"), "Additional properties are not allowed"),
        (lambda t: t.pop("name"), "'name' is a required property"),
        (lambda t: t.update(group_size={"min": 1, "most": 3}), "Additional properties"),
    ],
)
def test_bad_records_do_not_validate(change, words):
    doc = _technique_doc()
    assert errors(CATALOGUE, doc) == []
    broken = copy.deepcopy(doc)
    change(broken["technique"][0])
    found = errors(CATALOGUE, broken)
    assert found
    assert any(words in e for e in found), found


def test_dates_and_urls_have_formats():
    source = catalogue_schema()["$defs"]["Source"]["properties"]
    assert source["accessed"]["format"] == "date"
    assert source["url"]["format"] == "uri"
    doc = _technique_doc()
    doc["technique"][0]["sources"] = [{"title": "t", "url": "https://example.org", "accessed": "2024-02-30"}]
    assert any("is not a 'date'" in e for e in errors(CATALOGUE, doc))
    doc["technique"][0]["sources"][0]["accessed"] = "2024-02-28"
    assert errors(CATALOGUE, doc) == []


def test_unknown_table_and_partial_files():
    assert errors(CATALOGUE, {}) == []  # a file may hold only some tables
    assert errors(CATALOGUE, {"catalogue": {"name": "x"}}) == []
    assert errors(CATALOGUE, {"techniques": []})  # the loader's "did you mean [[technique]]"
    assert errors(CATALOGUE, {"catalogue": {"name": "Bad Name"}})


def test_plan_rejects_what_the_loader_rejects():
    good: dict[str, Any] = {
        "plan": {"title": "t"},
        "activity": [{"technique": "a", "stage": "b", "stakeholders": ["c"], "level": "consult"}],
    }
    assert errors(PLAN, good) == []
    assert errors(PLAN, {"activity": []})  # no [plan]
    bad = copy.deepcopy(good)
    bad["activity"][0]["level"] = "lots"
    assert errors(PLAN, bad)
    bad = copy.deepcopy(good)
    bad["activity"][0]["when"] = 3
    assert errors(PLAN, bad)
    bad = copy.deepcopy(good)
    del bad["activity"][0]["technique"]
    assert errors(PLAN, bad)


@given(st.text(alphabet="abcXYZ019-_ .", max_size=12))
def test_slug_pattern_is_the_model_rule(text):
    import re

    from participatory._schema import is_slug

    assert (re.search(SLUG_PATTERN, text) is not None) == is_slug(text)


@given(strategies.catalogues())
def test_generated_catalogues_validate(cat):
    doc = json.loads(json.dumps(cat.to_document()))
    assert errors(CATALOGUE, doc) == []


def test_descriptions_come_from_docstrings():
    tech = catalogue_schema()["$defs"]["Technique"]
    assert tech["properties"]["levels"]["description"].startswith("The levels of involvement")
    assert tech["properties"]["id"]["pattern"] == SLUG_PATTERN
    assert "required" in tech
    assert tech["required"] == ["id", "name"]


@pytest.mark.parametrize("which", ["catalogue", "plan"])
def test_published_schema_is_up_to_date(which, capsys):
    assert main(["schema", which]) == 0
    printed = capsys.readouterr().out
    published = ROOT / "docs" / "schema" / f"{which}.schema.json"
    assert published.read_text(encoding="utf-8") == printed, (
        f"regenerate: participatory schema {which} > docs/schema/{which}.schema.json"
    )
    assert json.loads(printed)["$id"] == f"{SCHEMA_BASE}{which}.schema.json"


def _source(t: dict[str, Any], **change: Any) -> None:
    t["sources"] = [{**t["sources"][0], **change}]


#: Ten malformed techniques that ``validate`` rejects (issue 28), with the field it names.
MALFORMED = [
    (lambda t: _source(t, url="ftp://example.org/guide"), "sources[0].url"),
    (lambda t: _source(t, url="javascript:alert(1)"), "sources[0].url"),
    (lambda t: _source(t, url="https://localhost/guide"), "sources[0].url"),
    (lambda t: t.update(name=""), "name"),
    (lambda t: t.update(name="   "), "name"),
    (lambda t: _source(t, title=""), "sources[0].title"),
    (lambda t: t.update(group_size={"min": 0}), "group_size.min"),
    (lambda t: t.update(group_size={"max": -2}), "group_size.max"),
    (lambda t: _source(t, year=1499), "sources[0].year"),
    (lambda t: _source(t, year=2101), "sources[0].year"),
]


@pytest.mark.parametrize(("change", "field"), MALFORMED, ids=lambda x: x if isinstance(x, str) else "")
def test_schema_rejects_what_validate_rejects(change, field, tmp_path):
    """The JSON Schema and ``validate`` agree on addresses, names, group sizes and years."""
    import shutil

    import participatory as pr
    from participatory import _io
    from participatory.errors import CatalogueValidationError

    folder = tmp_path / "core"
    shutil.copytree(ROOT / "catalogues" / "core", folder)
    whole = tomllib.loads((folder / "techniques.toml").read_text(encoding="utf-8"))
    doc = {"technique": whole["technique"][:1]}
    assert errors(CATALOGUE, doc) == []
    change(whole["technique"][0])
    assert errors(CATALOGUE, {"technique": whole["technique"][:1]}), field
    (folder / "techniques.toml").write_text(_io.dumps(whole, ".toml"), encoding="utf-8")
    with pytest.raises(CatalogueValidationError) as info:
        pr.Catalogue.from_path(folder)
    assert field in {p.field for p in info.value.problems}, info.value
