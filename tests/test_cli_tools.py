"""The command line behaves like the tools people know: -V, completion, did you mean, list, colour."""

import io
import json
from pathlib import Path

import pytest

from participatory._cli import main
from participatory._cli._term import colour, fit_table, use_colour
from participatory._version import __version__

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = str(ROOT / "tests" / "data" / "graph-sample.toml")


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(flag, capsys):
    with pytest.raises(SystemExit) as e:
        main([flag])
    assert e.value.code == 0
    assert capsys.readouterr().out.strip() == f"participatory {__version__}"


@pytest.mark.parametrize(("typed", "meant"), [("fnd", "find"), ("lst", "list"), ("exprot", "export")])
def test_mistyped_subcommand_gets_did_you_mean(typed, meant, capsys):
    with pytest.raises(SystemExit) as e:
        main([typed])
    assert e.value.code == 2
    assert f"did you mean {meant!r}?" in capsys.readouterr().err


def test_mistyped_choice_of_a_subcommand_gets_did_you_mean(capsys):
    with pytest.raises(SystemExit):
        main(["list", "techniqes"])
    assert "did you mean 'techniques'?" in capsys.readouterr().err


def test_nothing_close_gets_no_guess(capsys):
    with pytest.raises(SystemExit):
        main(["zzzzzz"])
    assert "did you mean" not in capsys.readouterr().err


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_name_the_subcommands(shell, capsys):
    assert main(["completion", shell]) == 0
    out = capsys.readouterr().out
    for command in ("find", "list", "export", "plan", "schema"):
        assert command in out
    assert "participatory" in out


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_parse_in_their_shell(shell, capsys):
    import shutil
    import subprocess

    program = shutil.which(shell)
    if program is None:
        pytest.skip(f"{shell} is not installed")
    assert main(["completion", shell]) == 0
    script = capsys.readouterr().out
    check = [program, "--no-execute"] if shell == "fish" else [program, "-n"]
    done = subprocess.run(check, input=script, text=True, capture_output=True, check=False)
    assert done.returncode == 0, done.stderr


def test_list_stages_in_order(capsys):
    assert main(["list", "stages", "--catalogue", SAMPLE]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["id", "name"]
    import participatory as pr

    cat = pr.Catalogue.from_path(SAMPLE)
    assert [line.split()[0] for line in lines[1:]] == list(cat.stages)


@pytest.mark.parametrize("kind", ["stages", "stakeholders", "techniques", "resources", "cases", "checklists"])
def test_list_every_kind_as_json(kind, capsys):
    assert main(["list", kind, "--catalogue", "core", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    import participatory as pr

    expected = getattr(pr.load("core"), kind)
    assert [r["id"] for r in rows] == list(expected)
    assert all(r["name"] == expected[r["id"]].name for r in rows)


def test_list_respects_catalogue(capsys):
    assert main(["list", "techniques", "--catalogue", SAMPLE, "-f", "json"]) == 0
    ids = {r["id"] for r in json.loads(capsys.readouterr().out)}
    import participatory as pr

    assert ids == set(pr.Catalogue.from_path(SAMPLE).techniques)


@pytest.mark.parametrize("columns", [40, 60, 100])
def test_tables_fit_the_terminal(columns, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", str(columns))
    assert main(["list", "techniques", "--catalogue", "core"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= columns
    assert main(["find", "--stage", "design", "--catalogue", "core"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= max(columns, 8 * 8 + 2 * 7)


def test_tables_are_not_clipped_in_a_pipe(capsys, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    assert main(["list", "techniques", "--catalogue", "core"]) == 0
    out = capsys.readouterr().out
    assert "…" not in out
    import participatory as pr

    longest = max(len(t.name) for t in pr.load("core").techniques.values())
    assert any(len(line) >= longest for line in out.splitlines())


def test_fit_table_keeps_ids_whole_when_it_can():
    text = fit_table(["id", "name"], [["photovoice", "x" * 100]], max_width=40)
    assert text.splitlines()[1].startswith("photovoice  ")
    assert all(len(line) <= 40 for line in text.splitlines())


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_colour_only_on_a_terminal_without_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert use_colour(_Tty())
    assert not use_colour(io.StringIO())  # a pipe or file
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour(_Tty())
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert use_colour(io.StringIO())
    assert colour("error", "31", on=False) == "error"
    assert colour("error", "31", on=True) == "\033[31merror\033[0m"


def _late_plan(tmp_path: Path) -> Path:
    plan = tmp_path / "plan.toml"
    plan.write_text(
        '[plan]\ntitle = "T"\ncatalogues = ["core"]\n\n[[activity]]\ntechnique = "focus-group"\n'
        'stage = "dissemination"\nstakeholders = ["patient"]\nlevel = "inform"\n',
        encoding="utf-8",
    )
    return plan


def test_audit_is_coloured_on_a_terminal_only(tmp_path, capsys, monkeypatch):
    plan = _late_plan(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    main(["plan", "audit", str(plan)])
    plain = capsys.readouterr().out
    assert "\033[" not in plain
    assert "error:" in plain or "warning:" in plain
    monkeypatch.setenv("FORCE_COLOR", "1")
    main(["plan", "audit", str(plan)])
    coloured = capsys.readouterr().out
    assert "\033[33mwarning\033[0m:" in coloured or "\033[31;1merror\033[0m:" in coloured
    monkeypatch.setenv("NO_COLOR", "1")
    main(["plan", "audit", str(plan)])
    assert "\033[" not in capsys.readouterr().out


def test_report_checklist_option_and_deprecated_format(tmp_path, capsys):
    plan = _late_plan(tmp_path)
    assert main(["plan", "report", str(plan), "--checklist", "uk"]) == 0
    new = capsys.readouterr()
    assert "deprecated" not in new.err
    assert main(["plan", "report", str(plan), "--format", "uk"]) == 0
    old = capsys.readouterr()
    assert "--format is deprecated" in old.err
    assert "--checklist" in old.err
    assert old.out == new.out
    assert main(["plan", "report", str(plan)]) == 0
    assert capsys.readouterr().out != new.out  # default gripp2-sf differs from uk-standards


def test_schema_command(capsys):
    assert main(["schema", "plan"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "participatory involvement plan"
