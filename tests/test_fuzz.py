"""The loader, fed anything at all, raises nothing but CatalogueError."""

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import participatory as pr
from participatory._cli import main
from participatory._io import toml_dumps
from participatory.testing import isolated_registry

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


# --------------------------------------------------------------------------- terminal output

#: What must never reach a terminal raw: C0 controls but tab and newline, DEL, C1 controls,
#: bidirectional controls and lone surrogates.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
#: Escape sequences that clear the screen, retitle the window, and bidirectional overrides.
ATTACKS = ["\x1b[2J", "\x1b]0;owned\x07", "\x1b[31m", "\u202e", "\u2066", "\x9b", "\r", "\x08", "\x00"]
hostile_text = st.lists(
    st.sampled_from(ATTACKS) | st.text(max_size=8) | st.sampled_from(["a", "b c"]), min_size=1, max_size=6
).map("".join)


def _run_cli(capsys, argv: list[str]) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as e:  # argparse's usage errors
        code = int(e.code or 0)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _plan(path: Path, title: str, notes: str) -> None:
    path.write_text(
        toml_dumps(
            {
                "plan": {"title": title, "catalogues": ["core"]},
                "activity": [
                    {
                        "technique": "focus-group",
                        "stage": "design",
                        "stakeholders": ["patient"],
                        "level": "consult",
                        "notes": notes,
                    }
                ],
            }
        ),
        encoding="utf-8",
    )


@given(title=hostile_text, notes=hostile_text)
@FUZZ
def test_hostile_plan_text_never_reaches_the_terminal_raw(tmp_path, capsys, title, notes):
    plan = tmp_path / "plan.toml"
    _plan(plan, title, notes)
    for argv in (["plan", "audit", str(plan)], ["plan", "report", str(plan)], ["validate", str(plan)]):
        _, output = _run_cli(capsys, argv)
        assert UNSAFE.search(output) is None, (argv, output)


@given(name=hostile_text, summary=hostile_text)
@FUZZ
def test_hostile_record_text_never_reaches_the_terminal_raw(tmp_path, capsys, name, summary):
    path = tmp_path / "cat.toml"
    path.write_text(
        toml_dumps(
            {
                "catalogue": {"name": "hostile"},
                "technique": [{"id": "t1", "name": name, "summary": summary}],
            }
        ),
        encoding="utf-8",
    )
    for argv in (
        ["show", "t1", "-c", str(path)],
        ["list", "techniques", "-c", str(path)],
        ["validate", str(path)],
        ["readability", summary],
        ["show", name],  # an unknown id, echoed in the error
        ["list", name],  # an invalid choice, echoed by argparse
    ):
        _, output = _run_cli(capsys, argv)
        assert UNSAFE.search(output) is None, (argv, output)


@given(message=hostile_text)
@FUZZ
def test_hostile_plugin_error_messages_never_reach_the_terminal_raw(capsys, message):
    def broken() -> pr.Catalogue:
        raise ValueError(message)

    with isolated_registry(builtins={}):
        pr.register("broken", broken)
        for argv in (["find", "--limit", "1"], ["catalogues"], ["list", "stages"]):
            _, output = _run_cli(capsys, argv)
            assert UNSAFE.search(output) is None, (argv, output)


def test_escapes_are_visible_and_json_still_reads_back(tmp_path, capsys):
    path = tmp_path / "cat.toml"
    path.write_text(
        toml_dumps(
            {"catalogue": {"name": "rtl"}, "technique": [{"id": "t1", "name": "T", "summary": "a\u202eb"}]}
        ),
        encoding="utf-8",
    )
    assert main(["show", "t1", "-c", str(path)]) == 0
    assert "a\\u202eb" in capsys.readouterr().out
    assert main(["show", "t1", "-c", str(path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["record"]["summary"] == "a\u202eb"
