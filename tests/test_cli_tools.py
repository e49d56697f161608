"""The command line behaves like the tools people know: -V, completion, did you mean, list, colour."""

import contextlib
import io
import json
import os
import shlex
import shutil
import subprocess
import sys
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
    assert max(len(line) for line in out.splitlines()) <= columns


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


def test_fit_table_wraps_instead_of_clipping():
    name = "Accelerated experience-based co-design with a very long name indeed"
    text = fit_table(["id", "name", "cost"], [["aebcd", name, "medium"]], max_width=40)
    lines = text.splitlines()
    assert "…" not in text
    assert all(len(line) <= 40 for line in lines)
    assert len(lines) > 2  # the name takes several lines
    assert " ".join(line[7:].split("medium")[0].strip() for line in lines[1:]).split() == name.split()
    assert lines[1].rstrip().endswith("medium")


def test_fit_table_drops_the_least_useful_columns_first():
    columns = ["id", "name", "stages", "score"]
    row = ["photovoice", "Photovoice", "Collecting data, Analysis", "3"]
    assert (
        fit_table(columns, [row], max_width=100, drop=["score", "stages"]).splitlines()[0].split() == columns
    )
    header = fit_table(columns, [row], max_width=40, drop=["score", "stages"]).splitlines()[0].split()
    assert header == ["id", "name", "stages"]  # the score goes first
    header = fit_table(columns, [row], max_width=24, drop=["score", "stages"]).splitlines()[0].split()
    assert header == ["id", "name"]


@pytest.mark.parametrize("columns", [80, 100, 120, 200])
def test_find_at_any_width_shows_whole_ids_and_no_clipped_cell(columns, capsys, monkeypatch):
    import participatory as pr

    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["find", "--stage", "design", "--catalogue", "core"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert all(len(line) <= columns for line in lines)
    assert "…" not in out
    assert "\033" not in out  # NO_COLOR: no escape sequences
    found = pr.load("core").graph().techniques(stage="design")
    firsts = [line.split()[0] for line in lines[2:] if line and not line.startswith(" ")]
    assert firsts == list(found.ids)  # every id whole, in order, once
    words = out.split()
    for tech in found:
        assert all(word in words for word in tech.name.split())  # wrapped, never cut
    assert lines[1].split()[:2] == ["id", "name"]


def test_find_shows_the_group_size(capsys, monkeypatch):
    import participatory as pr

    monkeypatch.delenv("COLUMNS", raising=False)  # a pipe: every column
    assert main(["find", "--stage", "design", "--catalogue", "core"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = lines[1]
    assert "group size" in header
    start = header.index("group size")
    sizes = {line[start:].split()[0] for line in lines[2:] if len(line) > start and line[start] != " "}
    found = pr.load("core").graph().techniques(stage="design")
    expected = {t.group_size for t in found if t.group_size is not None}
    assert expected
    assert len(sizes) > 1
    assert all(size[0].isdigit() for size in sizes)  # 6-15, 10+, 12


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


# --- completion in a real bash -------------------------------------------------------

BASH = shutil.which("bash")


def complete_in_bash(words: list[str], cwd: Path) -> list[str]:
    """Source the bash script and complete the last of ``words`` as bash would (COMP_WORDS)."""
    script = cwd / "participatory.bash"
    if not script.exists():
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            assert main(["completion", "bash"]) == 0
        script.write_text(buffer.getvalue())
    quoted = " ".join(shlex.quote(w) for w in words)
    program = f"""
source {shlex.quote(str(script))}
complete -p participatory
COMP_WORDS=({quoted})
COMP_CWORD={len(words) - 1}
COMP_LINE={shlex.quote(" ".join(words))}
COMP_POINT=${{#COMP_LINE}}
_shtab_participatory
printf 'reply:%s\\n' "${{COMPREPLY[@]}}"
"""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        [str(BASH), "--norc", "--noprofile", "-c", program],
        cwd=cwd,
        env=env,
        text=True,
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("complete ")  # complete -p: the script registered its function
    assert lines[0].endswith(" participatory")
    return [
        line.removeprefix("reply:") for line in lines[1:] if line.startswith("reply:") and line != "reply:"
    ]


needs_bash = pytest.mark.skipif(BASH is None, reason="bash is not installed")


@pytest.fixture
def workdir(tmp_path):
    (tmp_path / "my-plan.toml").write_text("")
    (tmp_path / "my-data").mkdir()
    return tmp_path


@needs_bash
@pytest.mark.parametrize(
    "words",
    [
        ["participatory", "plan", "audit", "my-"],
        ["participatory", "validate", "my-"],
        ["participatory", "export", "mermaid", "my-"],
        ["participatory", "plan", "report", "my-"],
        ["participatory", "find", "--catalogue", "my-"],
    ],
)
def test_bash_completes_paths(words, workdir):
    assert set(complete_in_bash(words, workdir)) >= {"my-plan.toml", "my-data"}


@needs_bash
def test_bash_completes_directories_only_where_a_directory_is_asked_for(workdir):
    assert complete_in_bash(["participatory", "site", "build", "core", "--output", "my-"], workdir) == [
        "my-data"
    ]


@needs_bash
@pytest.mark.parametrize(
    ("words", "kind"),
    [
        (["participatory", "show", ""], "any"),
        (["participatory", "find", "--stage", ""], "stage"),
        (["participatory", "export", "mermaid", "out.mmd", "--stage", ""], "stage"),
        (["participatory", "find", "--stakeholder", ""], "stakeholder"),
        (["participatory", "plan", "suggest", "--stakeholder", ""], "stakeholder"),
        (["participatory", "usage", "--technique", ""], "technique"),
        (["participatory", "plan", "report", "plan.toml", "--checklist", ""], "checklist"),
    ],
)
def test_bash_completes_ids_from_the_installed_catalogues(words, kind, workdir):
    import participatory as pr

    cat = pr.load()
    expected = set(cat) if kind == "any" else set(cat.of_kind(kind))
    assert set(complete_in_bash(words, workdir)) == expected


@needs_bash
def test_bash_completes_ids_by_prefix(workdir):
    import participatory as pr

    expected = {t for t in pr.load().techniques if t.startswith("citizen")}
    assert expected
    assert set(complete_in_bash(["participatory", "usage", "--technique", "citizen"], workdir)) == expected


@needs_bash
@pytest.mark.parametrize(
    ("option", "values"),
    [
        ("--level", ["inform", "consult", "involve", "collaborate", "empower"]),
        ("--mode", ["in-person", "online", "hybrid"]),
        ("--cost", ["low", "medium", "high", "very-high"]),
    ],
)
def test_bash_completes_enumerated_values(option, values, workdir):
    assert complete_in_bash(["participatory", "find", option, ""], workdir) == values


@needs_bash
def test_bash_completes_subcommands_and_options(workdir):
    assert "find" in complete_in_bash(["participatory", "f"], workdir)
    assert "--level" in complete_in_bash(["participatory", "find", "--l"], workdir)
    assert "--list-ids" not in complete_in_bash(["participatory", "--"], workdir)  # hidden


def test_every_argument_completes_something_or_is_free_text():
    """A new argument is classified: a path, an id, choices, or text declared free here."""
    import argparse

    from participatory._cli import build_parser
    from participatory._cli.completion import _arguments, add_completers

    free = {
        "N",
        "WORDS",
        "URL",
        "NAME",
        "ID",
        "NEW_ID",
        "PURPOSE",
        "GROUP",
        "KIND,...",
        "YEARS",
        "ACTIVITY",
        "LANG",
        "LANG,...",
    }
    free_dests = {"title", "reason", "contact", "port", "rates", "accept_flags"}
    unclassified = [
        f"{command} {action.option_strings or action.dest}"
        for command, action in _arguments(add_completers(build_parser()))
        if action.choices is None
        and getattr(action, "complete", None) is None
        and action.metavar not in free
        and action.dest not in free_dests
        and not isinstance(action, argparse._VersionAction)
    ]
    assert unclassified == []


def test_list_ids_prints_ids_and_nothing_else(capsys):
    import participatory as pr

    with pytest.raises(SystemExit) as e:
        main(["--list-ids", "stage"])
    assert e.value.code == 0
    assert capsys.readouterr().out.split() == list(pr.load().stages)
    with pytest.raises(SystemExit) as e:
        main(["--list-ids", "catalogue"])
    assert "core" in capsys.readouterr().out.split()
    help_text = io.StringIO()
    with contextlib.redirect_stdout(help_text), pytest.raises(SystemExit):
        main(["--help"])
    assert "list-ids" not in help_text.getvalue()


def test_a_comma_list_of_choices_is_accepted_and_a_bad_part_refused(capsys):
    assert main(["find", "--mode", "online,hybrid", "--limit", "1", "-c", SAMPLE]) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit) as e:
        main(["find", "--mode", "online,telepathy", "-c", SAMPLE])
    assert e.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completes_paths_ids_and_values(workdir, capsys):
    import participatory as pr

    assert main(["completion", "fish"]) == 0
    script = workdir / "participatory.fish"
    script.write_text(capsys.readouterr().out)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}

    def complete(line: str) -> set[str]:
        program = f"source {shlex.quote(str(script))}; complete -C {shlex.quote(line)}"
        done = subprocess.run(
            [str(shutil.which("fish")), "--no-config", "-c", program],
            cwd=workdir,
            env=env,
            text=True,
            capture_output=True,
            check=False,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return {line.split("\t")[0] for line in done.stdout.splitlines()}

    assert "my-plan.toml" in complete("participatory plan audit my-")
    assert "my-plan.toml" in complete("participatory validate my-")
    assert complete("participatory find --stage ") == set(pr.load().stages)
    assert complete("participatory find --cost ") == {"low", "medium", "high", "very-high"}
