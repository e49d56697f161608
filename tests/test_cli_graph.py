"""The ``find``, ``show`` and ``export`` commands."""

import json
from pathlib import Path

import pytest

from participatory._cli import main
from participatory._export import FORMAT_VERSION

SAMPLE = str(Path(__file__).parent / "data" / "graph-sample.toml")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--catalogue", SAMPLE])
    out, err = capsys.readouterr()
    return code, out, err


def test_find_table(capsys):
    code, out, _ = run(
        capsys, "find", "--stage", "design", "--stakeholder", "carer", "--level", "collaborate"
    )
    assert code == 0
    assert out.splitlines()[0] == "Techniques (1)"
    assert "co-design-workshop" in out


def test_find_json_and_lists(capsys):
    code, out, _ = run(capsys, "find", "--mode", "online,hybrid", "--cost", "medium", "-f", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["query"] == {"mode": ["online", "hybrid"], "cost": "medium"}
    assert {t["id"] for t in doc["techniques"]} == {"focus-group", "co-design-workshop", "newsletter"}


def test_find_csv(capsys):
    code, out, _ = run(capsys, "find", "--purpose", "prioritise", "--underserved", "any", "-f", "csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("id,name,summary,stages")
    assert len(lines) == 2
    assert lines[1].startswith("citizens-jury,")


def test_find_nothing(capsys):
    code, out, err = run(capsys, "find", "--level", "empower", "--cost", "low")
    assert code == 0
    assert out == ""
    assert "No technique matches" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--stage", "desgin"], "unknown stage 'desgin'; did you mean 'design'?"),
        (["--level", "colaborate"], "did you mean 'collaborate'?"),
    ],
)
def test_find_bad_input_is_a_usage_error(capsys, argv, message):
    try:
        code, _, err = run(capsys, "find", *argv)
    except SystemExit as e:  # a value outside an option's choices: argparse's own usage error
        code, err = int(str(e.code)), capsys.readouterr().err
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_missing_catalogue_path(capsys):
    code = main(["find", "--catalogue", "no/such/dir"])
    _, err = capsys.readouterr()
    assert code == 2
    assert "Traceback" not in err


def test_show(capsys):
    code, out, _ = run(capsys, "show", "focus-group")
    assert code == 0
    assert out.startswith("Focus group (technique focus-group)")
    assert "fits: Design (design), Data collection (data-collection)" in out
    assert "pairs-with (from): Photovoice (photovoice)" in out


def test_show_json(capsys):
    code, out, _ = run(capsys, "show", "design", "-f", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["kind"] == "stage"
    assert set(doc["links"]["fits (from)"]) == {"focus-group", "co-design-workshop", "citizens-jury"}


def test_show_unknown(capsys):
    code, _, err = run(capsys, "show", "focus-grop")
    assert code == 2
    assert "did you mean 'focus-group'?" in err


def test_export_file_and_stdout(capsys, tmp_path):
    code, _, err = run(capsys, "export", "node-link", str(tmp_path / "g.json"))
    assert code == 0
    assert "wrote" in err
    assert json.loads((tmp_path / "g.json").read_text())["format_version"] == FORMAT_VERSION
    code, out, _ = run(capsys, "export", "dot", "-", "--stage", "design", "--kinds", "stage,technique")
    assert code == 0
    assert '"stage:design"' in out
    assert '"stage:analysis"' not in out
    code, _, err = run(capsys, "export", "csv", "-")
    assert code == 2
    code, _, err = run(capsys, "export", "dot", "-", "--stage", "nowhere")
    assert code == 2
    assert "unknown stage" in err


def test_usage_command(tmp_path, capsys):
    import json

    cat = tmp_path / "who.toml"
    cat.write_text(
        """
[catalogue]
name = "who"

[[technique]]
id = "jury"
name = "Jury"

[[organisation]]
id = "trust"
name = "A trust"
sector = "health-or-care-provider"
country = "Wales"
techniques = ["jury"]

[[case]]
id = "c1"
name = "C1"
year = 2021
techniques = ["jury"]
organisations = ["trust"]
""",
        encoding="utf-8",
    )
    assert main(["usage", "--by", "country", "--format", "json", "-c", str(cat)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows == [
        {
            "technique": "jury",
            "by": "country",
            "group": "Wales",
            "cases": 1,
            "organisations": 1,
            "same_as": [],
        }
    ]
    assert main(["usage", "--by", "case-year", "--format", "csv", "-c", str(cat)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "technique,case-year,cases,organisations,same_as",
        "jury,2021,1,1,",
    ]
    cat.write_text(cat.read_text(encoding="utf-8").replace('"Wales"', '"=HYPERLINK(1)"'), encoding="utf-8")
    assert main(["usage", "--by", "country", "--format", "csv", "-c", str(cat)]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "jury,'=HYPERLINK(1),1,1,"  # neutralised, as in export
    assert main(["usage", "--technique", "jurry", "-c", str(cat)]) == 2
    assert "did you mean 'jury'" in capsys.readouterr().err
