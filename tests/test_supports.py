"""A citation's ``supports``: which of its record's values a source states.

The field is optional and additive: catalogues written before it load unchanged; a
name that is not a field of the record, or a field also listed as the catalogue's
estimate, is a located error; exports keep it; a technique's page names the source.
"""

import json
from pathlib import Path

import pytest

import participatory as pr
from participatory._checks import record_problems
from participatory._convert import unstructure
from participatory._jsonschema import catalogue_schema

HEADER = '[catalogue]\nname = "demo"\n\n[[stage]]\nid = "design"\nname = "Design"\norder = 2\n\n'
SOURCE = 'title = "Juries", url = "https://example.org/juries", publisher = "Example Trust", year = 2021'


def problems_of(tmp_path: Path, body: str) -> list[str]:
    path = tmp_path / "cat.toml"
    path.write_text(HEADER + body, encoding="utf-8")
    with pytest.raises(pr.CatalogueValidationError) as info:
        pr.Catalogue.from_path(path)
    return [f"{p.record}: {p.field}: {p.message}" for p in info.value.problems]


def test_a_catalogue_without_supports_loads_unchanged(tmp_path):
    path = tmp_path / "old.toml"
    path.write_text(
        HEADER + f'[[technique]]\nid = "jury"\nname = "Jury"\nstages = ["design"]\n'
        f"group_size = {{ min = 12, max = 24 }}\nsources = [{{ {SOURCE} }}]\n",
        encoding="utf-8",
    )
    tech = pr.Catalogue.from_path(path).techniques["jury"]
    assert tech.sources[0].supports == ()
    assert "supports" not in unstructure(tech.sources[0])  # written back as it was


def test_supports_names_fields_the_source_states(tmp_path):
    path = tmp_path / "new.toml"
    path.write_text(
        HEADER + f'[[technique]]\nid = "jury"\nname = "Jury"\nduration = "Four days"\n'
        f'group_size = {{ min = 12, max = 24 }}\ncost = "high"\nestimated = ["cost"]\n'
        f'sources = [{{ {SOURCE}, supports = ["group_size", "duration"] }}]\n',
        encoding="utf-8",
    )
    cat = pr.Catalogue.from_path(path)
    assert cat.techniques["jury"].sources[0].supports == ("group_size", "duration")
    out = tmp_path / "out"
    cat.to_path(out)
    assert pr.Catalogue.from_path(out) == cat


def test_an_unknown_or_estimated_field_is_a_located_error(tmp_path):
    body = (
        f'[[technique]]\nid = "jury"\nname = "Jury"\ncost = "high"\nestimated = ["cost"]\n'
        f'sources = [{{ {SOURCE}, supports = ["group_sise", "cost", "duration", "duration"] }}]\n'
        'effectiveness = { strength = "emerging", sources = [{ title = "E", '
        'url = "https://example.org/e", supports = ["colour"] }] }\n\n'
        '[[stage]]\nid = "analysis"\nname = "Analysis"\norder = 6\n'
        f'sources = [{{ {SOURCE}, supports = ["order", "group_size"] }}]\n'
    )
    assert problems_of(tmp_path, body) == [
        "analysis: sources[0].supports[1]: 'group_size' is not a field of this stage",
        "jury: sources[0].supports[3]: 'duration' is listed twice",
        (
            "jury: sources[0].supports[0]: 'group_sise' is not a field of this technique; "
            "did you mean 'group_size'?"
        ),
        (
            "jury: sources[0].supports[1]: 'cost' is listed in estimated too: say it comes from "
            "this source or is the catalogue's estimate, not both"
        ),
        "jury: sources[0].supports[2]: 'duration' has no value for this source to state",
        "jury: effectiveness.sources[0].supports[0]: 'colour' is not a field of this technique",
    ]


def test_a_record_cannot_say_a_source_states_its_id_or_its_sources():
    src = pr.Source(title="T", url="https://example.org/t", supports=("id", "sources", "name"))
    found = list(record_problems(pr.Stage(id="design", name="Design", order=1, sources=(src,))))
    assert [field for field, _ in found] == ["sources[0].supports[0]", "sources[0].supports[1]"]


def test_the_json_schema_describes_supports():
    source = catalogue_schema()["$defs"]["Source"]
    assert source["properties"]["supports"]["type"] == "array"
    assert "states" in source["properties"]["supports"]["description"]


def test_the_csv_and_graph_exports_keep_supports():
    from participatory._export import sources_json

    src = pr.Source(title="T", url="https://example.org/t", supports=("duration",))
    rec = pr.Technique(id="t", name="T", duration="A day", sources=(src,))
    assert json.loads(sources_json(rec))[0]["supports"] == ["duration"]


@pytest.mark.parametrize(
    ("publisher", "shown"),
    [
        ("Trials (BioMed Central)", "from Trials, 2021"),
        (
            "Study Circles Resource Center (Topsfield Foundation), on the Civic Practices Network",
            "from Study Circles Resource Center, on the Civic Practices Network, 2021",
        ),
        ("A (b (c)) d", "from A d, 2021"),
        ("(Only an aside)", "from (Only an aside), 2021"),
        ("NIHR", "from NIHR, 2021"),
    ],
)
def test_a_page_names_the_source_without_brackets_inside_its_brackets(publisher, shown):
    from participatory._guides import provenance

    src = pr.Source(title="T", url="https://e.org/t", publisher=publisher, year=2021, supports=("duration",))
    rec = pr.Technique(id="t", name="T", duration="A day", sources=(src,))
    assert provenance(rec, "duration") == shown


def test_no_core_technique_page_shows_brackets_inside_a_provenance_note():
    from participatory._guides import provenance
    from participatory._model import ESTIMABLE

    core = pr.load("core")
    notes = [provenance(t, n) for t in core.techniques.values() for n in (*ESTIMABLE, "formats", "ages")]
    assert any("; " in n for n in notes)  # a value stated by two sources is still named by both
    assert not [n for n in notes if "(" in n or ")" in n]
