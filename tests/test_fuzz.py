"""The loader, fed anything at all, raises nothing but CatalogueError."""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import participatory as pr
from participatory._io import toml_dumps

FUZZ = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=150)

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12) | st.dates()
keys = st.sampled_from(
    [
        "catalogue",
        "name",
        "id",
        "technique",
        "stage",
        "order",
        "stages",
        "levels",
        "sources",
        "url",
        "title",
        "year",
        "group_size",
        "min",
        "max",
        "resource",
        "kind",
        "case",
        "entries",
        "items",
        "extends",
        "crosswalk",
        "target",
        "maps_to",
        "checklist",
        "modes",
        "cost",
    ]
) | st.text(max_size=6)
documents = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5),
    max_leaves=30,
)


def _load(path: Path) -> None:
    """Load ``path``; a CatalogueError is fine, but it must say what is wrong."""
    message = "loaded"
    try:
        pr.Catalogue.from_path(path)
    except pr.CatalogueError as e:
        message = str(e)
    assert message


@FUZZ
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".toml", ".json"]))
def test_arbitrary_bytes(tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    _load(path)


@FUZZ
@given(doc=st.dictionaries(keys, documents, max_size=5))
def test_arbitrary_json_structures(tmp_path, doc):
    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(doc, default=str), encoding="utf-8")
    _load(path)


@FUZZ
@given(doc=documents)
def test_arbitrary_json_top_levels(tmp_path, doc):
    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(doc, default=str), encoding="utf-8")
    _load(path)


table_values = st.recursive(
    st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(keys, children, max_size=4),
    max_leaves=20,
)
record_tables = st.dictionaries(keys, table_values, max_size=6)


@FUZZ
@given(
    info=st.dictionaries(keys, table_values, max_size=4),
    kind=st.sampled_from(["technique", "stage", "resource", "case", "crosswalk", "checklist", "stakeholder"]),
    records=st.lists(record_tables, max_size=3),
)
def test_arbitrary_toml_structures(tmp_path, info, kind, records):
    path = tmp_path / "fuzz.toml"
    path.write_text(toml_dumps({"catalogue": info, kind: records}), encoding="utf-8")
    _load(path)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 5000,
        '{"a": ' * 5000,
        "\ufeff[catalogue]\nname = 'bom'\n",
        "[catalogue]\nname = 'x'\n[[technique]]\nid='a'\nname='A'\ngroup_size = 3\n",
        "[catalogue]\nname = 'x'\ntechnique = 3\n",
        "[catalogue]\nname = 'x'\ntechnique = [1, 'two']\n",
        "[catalogue]\nname = 'x'\n[[technique]]\nid='a'\nname='A'\nsources=['https://x.org']\n",
    ],
)
def test_pathological_documents(tmp_path, text):
    path = tmp_path / ("deep.json" if text.startswith("{") else "deep.toml")
    path.write_text(text, encoding="utf-8")
    _load(path)


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf[catalogue]\nname = 'bom'\n")
    assert pr.Catalogue.from_path(path).info.name == "bom"
