"""``participatory validate``: exit codes, output formats, no tracebacks."""

import json
import subprocess
import sys

import pytest

from participatory._cli import main

GOOD = '[catalogue]\nname = "demo"\n\n[[stage]]\nid = "design"\nname = "Design"\norder = 2\n'
BAD = GOOD + '\n[[technique]]\nid = "x"\nname = "X"\nstages = ["desing"]\n'


@pytest.fixture
def files(tmp_path):
    (tmp_path / "good.toml").write_text(GOOD)
    (tmp_path / "bad.toml").write_text(BAD)
    (tmp_path / "broken.json").write_text("{nope")
    return tmp_path


def test_valid_catalogue_exits_0(files, capsys):
    assert main(["validate", str(files / "good.toml")]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"{files / 'good.toml'}: catalogue demo: valid\n"


def test_problems_exit_1_one_a_line(files, capsys):
    assert main(["validate", str(files / "bad.toml"), str(files / "good.toml")]) == 1
    out, _ = capsys.readouterr()
    assert out == f"{files / 'bad.toml'}: x: stages[0]: unknown stage 'desing'; did you mean 'design'?\n"


def test_unparseable_file_exits_1_with_position(files, capsys):
    assert main(["validate", str(files / "broken.json")]) == 1
    out, _ = capsys.readouterr()
    assert "invalid JSON at line 1, column 2" in out


def test_missing_path_is_a_usage_error(files, capsys):
    assert main(["validate", str(files / "missing.toml")]) == 2
    _, err = capsys.readouterr()
    assert "missing.toml" in err
    assert "Traceback" not in err


def test_json_output_for_machines(files, capsys):
    assert main(["validate", "--format", "json", str(files / "bad.toml")]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False
    [result] = report["results"]
    assert result["problems"] == [
        {
            "file": str(files / "bad.toml"),
            "record": "x",
            "field": "stages[0]",
            "message": "unknown stage 'desing'; did you mean 'design'?",
            "severity": "error",
        }
    ]


def test_no_arguments_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["validate"])
    assert info.value.code == 2


def test_python_dash_m_runs_without_traceback_for_bad_input(files):
    run = subprocess.run(
        [sys.executable, "-m", "participatory", "validate", str(files / "bad.toml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "unknown stage 'desing'" in run.stdout


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    assert "validate" in capsys.readouterr().out
