"""``participatory plan``: new, audit, suggest, report; exit codes; no tracebacks."""

import json
from pathlib import Path

import pytest

import participatory as pr
from participatory._cli import main

CAT = str(Path(__file__).parent / "data" / "plan-catalogue.toml")


def test_new_writes_a_skeleton_and_never_overwrites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.toml"
    assert main(["plan", "new", "--title", "My study", "-o", str(out), "-c", CAT]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Involvement plan.")
    assert 'payment = ""' in text
    plan = pr.Plan.from_path(out)
    assert plan.title == "My study"
    cat = pr.Catalogue.from_path(CAT)
    assert set(plan.stages) == set(cat.stages)
    out.write_text("precious", encoding="utf-8")
    assert main(["plan", "new", "-o", str(out), "-c", CAT]) == 1
    assert out.read_text(encoding="utf-8") == "precious"
    assert "use --force" in capsys.readouterr().err
    assert main(["plan", "new", "-o", str(out), "-c", CAT, "--force"]) == 0
    assert pr.Plan.from_path(out).title == "Involvement plan"


def test_new_json(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    assert main(["plan", "new", "-o", str(out), "-c", CAT]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["plan"]["aim"] == ""


def test_audit_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.toml"
    assert main(["plan", "new", "-o", str(good), "-c", CAT]) == 0
    capsys.readouterr()
    assert main(["plan", "audit", str(good), "-c", CAT]) == 0
    assert "warning: no-payment-or-support" in capsys.readouterr().out
    late = tmp_path / "late.toml"
    late.write_text(
        '[plan]\ntitle = "Late"\n[[activity]]\ntechnique = "newsletter"\nstage = "dissemination"\n'
        'stakeholders = ["patient"]\nlevel = "inform"\n',
        encoding="utf-8",
    )
    assert main(["plan", "audit", str(late), "-c", CAT, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False
    assert {"late-involvement", "engagement-only"} <= {f["rule"] for f in data["findings"]}


def test_bad_input_has_no_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[plan]\ntitle = "x"\n[[activity]]\ntechnique = "survey"\nstage = "desing"\n'
        'stakeholders = ["patient"]\nlevel = "consult"\n',
        encoding="utf-8",
    )
    assert main(["plan", "audit", str(bad), "-c", CAT]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "activity 1: stage: unknown stage 'desing'" in err
    assert main(["plan", "audit", str(tmp_path / "missing.toml")]) == 2
    assert "no such plan file" in capsys.readouterr().err
    broken = tmp_path / "broken.toml"
    broken.write_text("[plan\n", encoding="utf-8")
    assert main(["plan", "report", str(broken), "-c", CAT]) == 1
    assert "invalid TOML at line 1" in capsys.readouterr().err


def test_usage_errors() -> None:
    with pytest.raises(SystemExit) as info:
        main(["plan", "suggest", "--mode", "telepathy"])
    assert info.value.code == 2
    assert main(["plan"]) == 2


def test_suggest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "plan",
        "suggest",
        "-c",
        CAT,
        "--stakeholder",
        "patient",
        "--min-level",
        "involve",
        "--underserved",
        "ethnic-minority",
    ]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("[plan]")
    assert "allyship-workshop" in captured.out
    assert "could not avoid no-impact-recorded" in captured.err
    out = tmp_path / "s.toml"
    assert main([*args, "-o", str(out)]) == 0
    assert pr.Plan.from_path(out).info.underserved == ("ethnic-minority",)
    assert main([*args, "-o", str(out)]) == 1  # exists
    assert main(["plan", "suggest", "-c", CAT, "--stakeholder", "patients"]) == 2  # a usage error
    assert "did you mean 'patient'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("fmt", "heading"),
    [("gripp2-sf", "GRIPP2"), ("uk-standards", "UK Standards"), ("reflective", "Reflective questions")],
)
def test_report(tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, heading: str) -> None:
    plan = tmp_path / "plan.toml"
    assert main(["plan", "new", "-o", str(plan), "-c", CAT]) == 0
    html = tmp_path / "report.html"
    assert main(["plan", "report", str(plan), "--checklist", fmt, "-o", str(html), "-c", CAT]) == 0
    assert f"<h1>{heading}" in html.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["plan", "report", str(plan), "--checklist", fmt, "-c", CAT]) == 0
    assert capsys.readouterr().out.startswith(f"# {heading}")
    assert main(["plan", "report", str(plan), "--checklist", "nope", "-c", CAT]) == 2  # a usage error


COSTED = """
[plan]
title = "Costed"
catalogues = ["plan-test"]
start = 2024-04-01

[[activity]]
name = "Panel"
technique = "survey"
stage = "design"
stakeholders = ["patient"]
level = "consult"
contributors = 4
sessions = 2
hours = 1.5
pay_per_hour = 20
start = 2024-05-01
end = 2025-05-01
expenses = { travel = 5 }
"""


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "html"])
def test_budget_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(COSTED, encoding="utf-8")
    assert main(["plan", "budget", str(path), "--format", fmt]) == 0
    out = capsys.readouterr().out
    # 4 x 1 x 1.5 h x £20 = £120 a session, one session in each of years 1 and 2; travel 4 x £5 each
    expected = {"table": "£280.00", "json": '"total": "280.00"', "csv": "280.00", "html": "£280.00"}[fmt]
    assert expected in out
    if fmt == "csv":
        assert out.splitlines()[1].startswith("1,1,Panel,Public contributor fees")


def test_budget_output_file_and_unknown_rates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(COSTED, encoding="utf-8")
    out = tmp_path / "budget.csv"
    assert main(["plan", "budget", str(path), "-f", "csv", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("year,activity")
    assert main(["plan", "budget", str(path), "-f", "csv", "-o", str(out)]) == 1  # exists: --force
    assert main(["plan", "budget", str(path), "--rates", "nope", "-c", CAT]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_activities_are_numbered_from_1_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """JSON, text and plan-file errors count activities the same way people do (issue 28)."""
    act = '[[activity]]\ntechnique = "newsletter"\nstage = "dissemination"\nstakeholders = ["patient"]\n'
    plan = tmp_path / "plan.toml"
    plan.write_text('[plan]\ntitle = "Late"\n' + (act + 'level = "inform"\n') * 3, encoding="utf-8")
    assert main(["plan", "audit", str(plan), "-c", CAT, "--format", "json"]) == 1
    found = {f["rule"]: f for f in json.loads(capsys.readouterr().out)["findings"]}
    assert found["engagement-only"]["activity_numbers"] == [1, 2, 3]
    assert all("activities" not in f for f in found.values())
    assert main(["plan", "audit", str(plan), "-c", CAT]) == 1
    text = capsys.readouterr().out
    assert "[activity 1, activity 2, activity 3]" in text
    two = act + 'level = "inform"\n' + act + 'level = "consul"\n'
    plan.write_text('[plan]\ntitle = "x"\n' + two, encoding="utf-8")
    assert main(["plan", "audit", str(plan), "-c", CAT]) == 1
    err = capsys.readouterr().err
    assert "activity 2: level: unknown level 'consul'" in err
    assert "activity[" not in err


def test_audit_reports_every_problem_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown level does not hide the unknown technique, stage and stakeholders (issue 28)."""
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[plan]\ntitle = "x"\n[[activity]]\ntechnique = "nosuch"\nstage = "desing"\n'
        'stakeholders = ["martian", "patient", "venusian"]\nlevel = "consul"\n',
        encoding="utf-8",
    )
    for extra in ([], ["-c", CAT]):
        assert main(["plan", "audit", str(bad), *extra]) == 1
        err = capsys.readouterr().err
        assert "Traceback" not in err
        for where in ("level", "technique", "stage", "stakeholders[0]", "stakeholders[2]"):
            assert f"activity 1: {where}: " in err, (where, err)
        assert "stakeholders[1]" not in err


@pytest.mark.parametrize("command", ["suggest", "new"])
def test_unknown_stakeholder_is_a_usage_error(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--stakeholder martian`` exits 2 with a did-you-mean, naming no internal location (issue 28)."""
    args = ["plan", command, "--stakeholder", "martian", "--stakeholder", "pateint", "-c", CAT]
    out = tmp_path / "plan.toml"
    assert main([*args, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "unknown stakeholder 'martian'" in err
    assert "did you mean 'patient'?" in err
    for internal in ("suggest_plan", "stakeholders[", "Traceback"):
        assert internal not in err
    assert not out.exists()
