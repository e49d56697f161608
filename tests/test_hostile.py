"""Hostile input and faults (issue 12): nothing breaks, nothing is lost.

Each class of attack has a generated test (hypothesis) besides the examples the issue
names: plugins that raise anything, outputs that are special files, inputs or existing
files, unbounded or special inputs, values that would break later, generated files,
CSV formulas, unchecked options and wrong types in Python.
"""

import csv
import io
import json
import os
import re
import stat
import string
import subprocess
import sys
import textwrap
import tomllib
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import participatory as pr
from participatory import _io
from participatory._cli import main
from participatory._template import MAX_TITLE_LENGTH, render
from participatory.testing import fake_distribution, isolated_registry

from . import strategies
from .strategies import HOSTILE_CHARACTERS

DATA = Path(__file__).parent / "data"
CAT = str(DATA / "plan-catalogue.toml")
GRAPH = str(DATA / "graph-sample.toml")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Function-scoped fixtures are reset by hand in these tests (a fresh tmp dir per example).
HOSTILE = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def tech_toml(name: str = "x", tid: str = "t1", extra: str = "", *, extends: str = "") -> str:
    ext = f"extends = [{extends!r}]\n" if extends else ""
    return (
        f'[catalogue]\nname = "{name}"\n{ext}\n[[technique]]\nid = "{tid}"\nname = "T"\n{extra}\n'
    ).replace("'", '"')


def small() -> pr.Catalogue:
    return pr.Catalogue(
        [pr.Stage(id="design", name="Design", order=1), pr.Technique(id="t1", name="T", stages=("design",))],
        info=pr.CatalogueInfo(name="small"),
    )


# --------------------------------------------------------------------------- plugins


@pytest.mark.parametrize(
    ("where", "raised"),
    [
        ("import", "SystemExit(3)"),
        ("import", "GeneratorExit()"),
        ("import", "ValueError('bad')"),
        ("factory", "SystemExit(0)"),
        ("factory", "BaseException('odd')"),
    ],
)
def test_a_plugin_raising_anything_is_reported_and_the_rest_load(tmp_path, capsys, where, raised):
    body = f"raise {raised}\n" if where == "import" else f"def CATALOGUE():\n    raise {raised}\n"
    good = "from participatory import Catalogue, CatalogueInfo as I\nGOOD = Catalogue(info=I(name='good'))\n"

    def install() -> None:
        fake_distribution(
            tmp_path, "participatory-bad", {"bad": "bad_plugin:CATALOGUE"}, files={"bad_plugin.py": body}
        )
        fake_distribution(
            tmp_path, "participatory-good", {"good": "good_plugin:GOOD"}, files={"good_plugin.py": good}
        )

    with isolated_registry(builtins={}):
        install()
        with pytest.warns(pr.PluginWarning, match="'bad'") as caught:
            cat = pr.load()
        assert cat.info.name == "good" or "good" in {m.name for m in cat.members}
        assert len(caught) == 1
        assert {row.name: row.status for row in pr.catalogues()} == {"bad": "failed", "good": "loaded"}
    # On the command line: one clean line, never Python's warning format.
    with isolated_registry(builtins={}):
        install()
        capsys.readouterr()
        assert main(["find", "--limit", "1"]) == 0
        err = capsys.readouterr().err.splitlines()
        assert err[0].startswith("warning: plugin 'bad' was not loaded: ")
        assert [line for line in err if "bad" in line] == [err[0]]
        assert not any("warnings.warn" in line or "PluginWarning" in line for line in err)


def test_keyboard_interrupt_in_a_plugin_is_not_swallowed(tmp_path):
    with isolated_registry(builtins={}):
        fake_distribution(
            tmp_path,
            "participatory-ki",
            {"ki": "ki_plugin:X"},
            files={"ki_plugin.py": "raise KeyboardInterrupt\n"},
        )
        with pytest.raises(KeyboardInterrupt):
            pr.load("ki")


# --------------------------------------------------------------------------- writing


def every_writer(tmp_path: Path) -> dict[str, tuple[list[str], bool]]:
    """argv of every command that writes, writing to OUT; True when OUT is a directory."""
    plan = tmp_path / "plan.toml"
    if not plan.exists():
        assert main(["plan", "new", "-o", str(plan), "-c", CAT]) == 0
    csv_file = tmp_path / "methods.csv"
    csv_file.write_bytes((DATA / "participedia" / "methods.csv").read_bytes())
    return {
        "plan new": (["plan", "new", "-o", "OUT.toml", "-c", CAT], False),
        "plan suggest": (["plan", "suggest", "-o", "OUT.toml", "-c", CAT], False),
        "plan report": (["plan", "report", str(plan), "-o", "OUT.md", "-c", CAT], False),
        "export node-link": (["export", "node-link", "OUT.json", "-c", GRAPH], False),
        "export graphml": (["export", "graphml", "OUT.graphml", "-c", GRAPH], False),
        "export csv": (["export", "csv", "OUT", "-c", GRAPH], True),
        "import": (["import", "participedia", str(csv_file), "-o", "OUT"], True),
        "new-catalogue": (["new-catalogue", "mine", "OUT"], True),
    }


def _out(argv: list[str], out: Path) -> list[str]:
    return [a.replace("OUT", str(out)) if a.startswith("OUT") else a for a in argv]


def _target(argv: list[str], out: Path) -> Path:
    return Path(next(a for a in _out(argv, out) if a.startswith(str(out))))


WRITERS = [
    "plan new",
    "plan suggest",
    "plan report",
    "export node-link",
    "export graphml",
    "export csv",
    "import",
    "new-catalogue",
]


@pytest.mark.parametrize("command", WRITERS)
def test_every_writer_refuses_an_existing_output_unless_force(tmp_path, monkeypatch, capsys, command):
    monkeypatch.chdir(tmp_path)
    argv, is_dir = every_writer(tmp_path)[command]
    target = _target(argv, tmp_path / "out")
    if is_dir:
        target.mkdir()
        marker = target / ("catalogue.toml" if command == "import" else "nodes.csv")
        if command == "new-catalogue":
            marker = target / "keep.txt"
        marker.write_text("mine\n")
    else:
        marker = target
        marker.write_text("mine\n")
    assert main(_out(argv, tmp_path / "out")) == 1
    err = capsys.readouterr().err
    assert "already exists; use --force" in err
    assert "Traceback" not in err
    assert marker.read_text() == "mine\n"
    assert main([*_out(argv, tmp_path / "out"), "--force"]) in (0, 1)  # suggest: 1 = audit findings
    capsys.readouterr()
    assert target.exists()
    if not is_dir:
        assert target.read_text() != "mine\n"
    elif command == "new-catalogue":
        assert marker.read_text() == "mine\n"  # what is not written is kept


@pytest.mark.parametrize("command", WRITERS)
def test_every_writer_refuses_a_missing_folder_and_special_files(tmp_path, monkeypatch, capsys, command):
    monkeypatch.chdir(tmp_path)
    argv, _ = every_writer(tmp_path)[command]
    # A missing parent is a clear error, never created silently.
    assert main(_out(argv, tmp_path / "no" / "such" / "out")) == 1
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "no").exists()
    # A FIFO (or a symbolic link to a device) given as output is refused, even with --force.
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    target = _target(argv, fifo)
    fifo.rename(target)
    assert main([*_out(argv, fifo), "--force"]) == 1
    assert "not " in capsys.readouterr().err
    assert stat.S_ISFIFO(target.lstat().st_mode)
    link = tmp_path / "devnull"
    link_target = _target(argv, link)
    link_target.symlink_to(os.devnull)
    devnull = Path(os.devnull)
    before = devnull.stat()
    assert main([*_out(argv, link), "--force"]) == 1
    assert link_target.is_symlink()
    assert stat.S_ISCHR(devnull.stat().st_mode)
    assert devnull.stat().st_ino == before.st_ino
    assert "Traceback" not in capsys.readouterr().err


def test_a_command_never_overwrites_its_own_input(tmp_path, capsys):
    x = tmp_path / "x.json"
    small().to_path(x)
    before = x.read_bytes()
    assert main(["export", "node-link", str(x), "-c", str(x), "--force"]) == 1
    assert "is one of this command's inputs" in capsys.readouterr().err
    assert x.read_bytes() == before
    # nor a directory that holds one
    d = tmp_path / "d"
    small().to_path(d)
    assert main(["export", "csv", str(d), "-c", str(d / "catalogue.toml"), "--force"]) == 1
    plan = tmp_path / "plan.toml"
    assert main(["plan", "new", "-o", str(plan), "-c", CAT]) == 0
    capsys.readouterr()
    assert main(["plan", "report", str(plan), "-o", str(plan), "-c", CAT, "--force"]) == 1
    assert "inputs" in capsys.readouterr().err


def test_python_writers_share_the_rule(tmp_path):
    cat = small()
    graph = pr.Catalogue(
        [pr.Stage(id="design", name="Design", order=1)], info=pr.CatalogueInfo(name="g")
    ).graph()
    for write in (
        cat.to_path,
        lambda p, **kw: graph.export("node-link", p, **kw),
    ):
        target = tmp_path / "out.json"
        target.unlink(missing_ok=True)
        write(target)
        with pytest.raises(pr.CatalogueWriteError, match="already exists"):
            write(target)
        write(target, overwrite=True)
        with pytest.raises(pr.CatalogueWriteError, match="does not exist"):
            write(tmp_path / "missing" / "out.json")


@given(name=st.sampled_from(["out.toml", "out"]), data=st.data())
@HOSTILE
def test_check_output_generated(tmp_path_factory, name, data):
    """Whatever exists at the output, check_output only allows what the rule allows."""
    root = tmp_path_factory.mktemp("out")
    target = root / name
    kind = data.draw(st.sampled_from(["absent", "file", "dir", "empty-dir", "fifo", "dangling", "devlink"]))
    overwrite = data.draw(st.booleans())
    directory = not name.endswith(".toml")
    if kind == "file":
        target.write_text("x")
    elif kind in ("dir", "empty-dir"):
        target.mkdir()
        if kind == "dir":
            (target / "catalogue.toml").write_text("x")
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "dangling":
        target.symlink_to(root / "nowhere")
    elif kind == "devlink":
        target.symlink_to(os.devnull)
    allowed = (
        kind == "absent"
        or (kind == "empty-dir" and directory)
        or (kind == "file" and not directory and overwrite)
        or (kind == "dir" and directory and overwrite)
    )
    if allowed:
        _io.check_output(target, overwrite=overwrite, directory=directory, replaces=["catalogue.toml"])
    else:
        with pytest.raises(pr.CatalogueWriteError, match=re.escape(str(target))):
            _io.check_output(target, overwrite=overwrite, directory=directory, replaces=["catalogue.toml"])


# --------------------------------------------------------------------------- atomic directories

_KILLED_WRITER = textwrap.dedent(
    """
    import sys, participatory as pr
    from participatory import _io
    target, version = sys.argv[1], int(sys.argv[2])
    techniques = [pr.Technique(id=f"t{i}", name=f"v{version}") for i in range(200)]
    cat = pr.Catalogue(techniques, info=pr.CatalogueInfo(name="c", version=str(version)))
    real = _io.write_tree
    def slow(*args, **kwargs):
        print("writing", flush=True)
        return real(*args, **kwargs)
    _io.write_tree = slow
    while True:
        cat.to_path(target, overwrite=True)
    """
)


@pytest.mark.parametrize("kill_after", [0.0, 0.05, 0.2])
def test_kill_9_during_a_directory_write_leaves_the_old_or_new_catalogue(tmp_path, kill_after):
    import time

    target = tmp_path / "cat"
    old = pr.Catalogue([pr.Technique(id="old", name="old")], info=pr.CatalogueInfo(name="c", version="0"))
    old.to_path(target)
    with subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(target), "1"], stdout=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline() == "writing\n"
        time.sleep(kill_after)  # not a timing assertion: only varies the moment of the kill
        proc.kill()
        proc.wait()
    loaded = pr.Catalogue.from_path(target)
    assert loaded == old or (loaded.info.version == "1" and len(loaded.techniques) == 200)
    # The next write cleans up what the killed one left beside the directory.
    small().to_path(target, overwrite=True)
    assert [p.name for p in tmp_path.iterdir()] == ["cat"]
    assert pr.Catalogue.from_path(target) == small()


def test_atomic_directory_leaves_target_untouched_on_failure(tmp_path):
    target = tmp_path / "d"
    target.mkdir()
    (target / "a.txt").write_text("old")

    def fail() -> None:
        with _io.atomic_directory(target) as tmp:
            (tmp / "a.txt").write_text("new")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail()
    assert (target / "a.txt").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["d"]
    with _io.atomic_directory(target) as tmp:
        (tmp / "a.txt").write_text("new")
    assert (target / "a.txt").read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["d"]


@pytest.mark.parametrize("exchange", [True, False])
def test_a_directory_is_swapped_in_whole(tmp_path, monkeypatch, exchange):
    """With an atomic exchange, or (where the system has none) two renames."""
    if not exchange:
        monkeypatch.setattr(_io, "_exchange", lambda a, b: False)
    target = tmp_path / "d"
    _io.write_tree(target, {"a.txt": "1", "sub/b.txt": "1"})
    _io.write_tree(target, {"a.txt": "2"}, drop=["sub"])
    assert sorted(p.name for p in target.rglob("*")) == ["a.txt"]
    assert (target / "a.txt").read_text() == "2"
    assert [p.name for p in tmp_path.iterdir()] == ["d"]


def test_rewriting_a_catalogue_directory_keeps_other_files(cat):
    target = cat
    (target / "README.md").write_text("notes")
    (target / ".git").mkdir()
    (target / ".git" / "HEAD").write_text("ref")
    only_stage = pr.Catalogue(
        [pr.Stage(id="design", name="Design", order=1)], info=pr.CatalogueInfo(name="s")
    )
    only_stage.to_path(target, overwrite=True)
    assert pr.Catalogue.from_path(target) == only_stage
    assert not (target / "technique.toml").exists()  # a kind it no longer has is removed
    assert (target / "README.md").read_text() == "notes"
    assert (target / ".git" / "HEAD").read_text() == "ref"


# --------------------------------------------------------------------------- reading


@pytest.fixture
def cat(tmp_path: Path) -> Path:
    """A catalogue directory holding :func:`small`."""
    return small().to_path(tmp_path / "cat")


def test_special_files_are_located_errors_never_a_hang(tmp_path, cat, capsys):
    os.mkfifo(cat / "fifo.toml")
    (cat / "zero.toml").symlink_to("/dev/zero")
    with pytest.raises(pr.CatalogueValidationError) as info:
        pr.Catalogue.from_path(cat)
    messages = {p.file: p.message for p in info.value.problems}
    assert "FIFO" in messages[f"{cat}/fifo.toml"]
    assert "character device" in messages[f"{cat}/zero.toml"]
    plan = tmp_path / "plan.toml"
    plan.symlink_to("/dev/zero")
    assert main(["plan", "audit", str(plan), "-c", CAT]) == 1
    err = capsys.readouterr().err
    assert f"{plan}: -: -: not a regular file" in err
    assert main(["validate", str(tmp_path / "cat" / "fifo.toml")]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_a_file_over_the_limit_is_refused_naming_the_limit(tmp_path, monkeypatch, capsys):
    path = tmp_path / "big.toml"
    path.write_text(tech_toml() + "# " + "x" * 2000 + "\n")
    monkeypatch.setattr(_io, "MAX_FILE_SIZE", 1024)
    assert main(["validate", str(path)]) == 1
    assert "larger than the limit of 1024 bytes" in capsys.readouterr().out
    assert _io.read_file(path, "big", limit=10**6)[0] is not None
    assert "64 MiB" in _io._size(64 * 1024 * 1024)
    assert _io._size(1024**3) == "1 GiB"


def test_an_export_to_import_is_bounded_by_the_same_limit(tmp_path, monkeypatch, capsys):
    csv_file = tmp_path / "methods.csv"
    csv_file.write_text('"id","title"\n"7","Citizens Jury"\n' + '"8","' + "x" * 3000 + '"\n')
    assert pr.import_participedia(csv_file, None, core=pr.Catalogue()).techniques_written == 2
    monkeypatch.setattr(_io, "MAX_FILE_SIZE", 2048)
    assert main(["import", "participedia", str(csv_file), "--output", str(tmp_path / "out")]) == 1
    assert "larger than the limit of 2048 bytes" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_an_unreadable_file_is_a_located_problem(cat, monkeypatch, capsys):
    real = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith("technique.toml"):
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    assert main(["validate", str(cat)]) == 1
    out, err = capsys.readouterr()
    assert f"{cat}/technique.toml: -: -: cannot read: Permission denied" in out
    assert "Traceback" not in err


def test_symlink_loops_are_read_once(cat):
    (cat / "loop").symlink_to(".")
    (cat / "sub").mkdir()
    (cat / "sub" / "back").symlink_to("..")
    assert pr.Catalogue.from_path(cat) == small()


def test_an_unreadable_directory_is_a_located_problem(cat, monkeypatch):
    locked = cat / "locked"
    locked.mkdir()
    real = Path.iterdir

    def iterdir(self):
        if self == locked:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    with pytest.raises(pr.CatalogueValidationError) as info:
        pr.Catalogue.from_path(cat)
    assert [str(p) for p in info.value.problems] == [
        f"{locked}: -: -: cannot read the directory: Permission denied"
    ]


# --------------------------------------------------------------------------- values


hostile_text = st.text(alphabet=st.characters(codec=None), max_size=12) | st.builds(
    lambda a, c, b: a + c + b, st.text(max_size=4), st.sampled_from(HOSTILE_CHARACTERS), st.text(max_size=4)
)


@given(name=hostile_text, summary=hostile_text, order=st.integers() | st.integers(-(10**60), 10**60))
@HOSTILE
def test_validation_is_the_gate(tmp_path_factory, name, summary, order):
    """Whatever a JSON file holds, it is refused with a located problem or it works everywhere."""
    root = tmp_path_factory.mktemp("gate")
    doc = {
        "catalogue": {"name": "gate"},
        "stage": [{"id": "design", "name": name, "order": order, "summary": summary}],
        "technique": [{"id": "t1", "name": name or "x", "stages": ["design"], "summary": summary}],
    }
    path = root / "c.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    try:
        cat = pr.Catalogue.from_path(path)
    except pr.CatalogueValidationError as e:
        for p in e.problems:
            assert p.file == str(path)
            assert p.record in ("design", "t1")
            assert p.field in ("name", "summary", "order")
        bad = any(c in HOSTILE_CHARACTERS or 0xD800 <= ord(c) <= 0xDFFF for c in name + summary)
        assert (
            bad
            or not name.strip()
            or abs(order) > 10**9
            or any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in name + summary)
        )
        return
    from xml.etree import ElementTree

    graph = cat.graph()
    for fmt, suffix in (("graphml", ".graphml"), ("gexf", ".gexf"), ("node-link", ".json")):
        out = graph.export(fmt, root / f"g{suffix}", overwrite=True)
        if suffix != ".json":
            ElementTree.parse(out)  # noqa: S314  (our own output: must be well-formed XML)
    assert main(["show", "design", "-c", str(path)]) == 0
    cat.to_path(root / "again.toml", overwrite=True)
    assert pr.Catalogue.from_path(root / "again.toml") == cat


def test_huge_integers_and_control_characters_are_located(tmp_path, capsys):
    path = tmp_path / "c.toml"
    path.write_text(tech_toml(extra="group_size = { min = " + "9" * 5000 + " }"))
    assert main(["validate", str(path)]) == 1
    assert f"{path}: -: -: invalid TOML: a number is too long to read" in capsys.readouterr().out
    path.write_text(tech_toml(extra="group_size = { min = 99999999999 }\naliases = ['A', 'a']"))
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}: t1: group_size.min: 99999999999 is out of range" in out
    assert f"{path}: t1: aliases[1]: 'a' is listed twice" in out
    with pytest.raises(
        pr.CatalogueValidationError, match="order: an integer of about 5000 digits is out of range"
    ):
        pr.Catalogue([pr.Stage(id="s", name="S", order=10**4999)])
    path.write_text(json.dumps({"catalogue": {"name": "x"}, "technique": [{"id": "t", "name": "a\u0000b"}]}))
    path = path.rename(tmp_path / "c.json")
    assert main(["validate", str(path)]) == 1
    assert f"{path}: t: name: contains U+0000 (a control character)" in capsys.readouterr().out


# --------------------------------------------------------------------------- generated files


@given(title=st.text(max_size=60))
@settings(deadline=None)
def test_new_catalogue_titles_are_escaped_or_refused(title):
    import ast

    refused = len(title) > MAX_TITLE_LENGTH or any(
        unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") for c in title
    )
    if refused:
        with pytest.raises(pr.CatalogueError, match="title"):
            render("mine", title=title)
        return
    files = render("mine", title=title)
    shown = title.strip() or "The mine catalogue of participatory research techniques"
    assert tomllib.loads(files["pyproject.toml"])["project"]["description"] == shown
    catalogue = tomllib.loads(files["src/participatory_mine/catalogue/catalogue.toml"])
    assert catalogue["catalogue"]["title"] == shown
    module = ast.parse(files["src/participatory_mine/__init__.py"])
    assert ast.get_docstring(module, clean=False).startswith(shown + ".")  # type: ignore[union-attr]
    assert type(module.body[0]).__name__ == "Expr"  # no injected statement


@pytest.mark.parametrize(
    ("name", "message"), [("core", "built-in"), ("a" * 41, "at most 40"), ("Not A Slug", "not a valid")]
)
def test_new_catalogue_refuses_names_that_could_never_load(tmp_path, capsys, name, message):
    assert main(["new-catalogue", name, str(tmp_path / "p")]) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "p").exists()


def test_new_catalogue_refuses_an_installed_name(tmp_path, capsys):
    with isolated_registry(builtins={"core": small(), "arc": small()}):
        assert main(["new-catalogue", "arc", str(tmp_path / "p")]) == 1
    assert "installed catalogue" in capsys.readouterr().err


@given(cell=st.text(max_size=8) | st.integers() | st.none())
def test_csv_cells_never_start_a_formula(cell):
    safe = _io.csv_safe(cell)
    if isinstance(cell, str):
        assert not str(safe).startswith(FORMULA_START)
        assert str(safe).removeprefix("'") == cell or safe == cell
    else:
        assert safe == cell


@given(name=st.sampled_from(["=1+2", "+cmd|' /C calc'!A0", "-2", "@SUM(A1)", "\tx", '=HYPERLINK("x")']))
@HOSTILE
def test_csv_outputs_are_neutralised(tmp_path_factory, capsys, name):
    root = tmp_path_factory.mktemp("csv")
    cat = pr.Catalogue(
        [pr.Stage(id="design", name="Design", order=1), pr.Technique(id="t1", name=name, stages=("design",))],
        info=pr.CatalogueInfo(name="c"),
    )
    cat.to_path(root / "c.toml")
    assert main(["export", "csv", str(root / "out"), "-c", str(root / "c.toml")]) == 0
    assert main(["find", "--format", "csv", "-c", str(root / "c.toml")]) == 0
    printed = capsys.readouterr().out
    for text in ((root / "out" / "nodes.csv").read_text(), printed):
        for row in csv.reader(io.StringIO(text)):
            assert not any(cell.startswith(FORMULA_START) for cell in row), row


# --------------------------------------------------------------------------- command checks


@pytest.mark.parametrize(
    "argv",
    [
        ["find", "--limit", "-1"],
        ["find", "--limit", "0"],
        ["find", "--group-size", "-5"],
        ["find", "--group-size", "9" * 400],
        ["find", "--stage", ""],
        ["find", "--level", " "],
        ["export", "mermaid", "-", "--stage", ""],
    ],
)
def test_bad_option_values_are_usage_errors(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([*argv, "-c", GRAPH])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "error:" in err
    assert "Traceback" not in err


def test_plan_report_checks_ids_and_checklists(tmp_path, capsys):
    plan = tmp_path / "plan.toml"
    assert main(["plan", "new", "-o", str(plan), "-c", CAT]) == 0
    plan.write_text(plan.read_text().replace('technique = "', 'technique = "zz-', 1))
    capsys.readouterr()
    assert main(["plan", "audit", str(plan), "-c", CAT]) == 1
    audit_err = capsys.readouterr().err
    assert main(["plan", "report", str(plan), "-c", CAT]) == 1
    report_err = capsys.readouterr().err
    assert "zz-" in report_err
    assert report_err == audit_err
    assert main(["plan", "report", str(plan), "--format", "grip2", "-c", CAT]) == 2
    assert "did you mean 'gripp2'?" in capsys.readouterr().err


def test_catalogue_files_are_checked_as_validate_checks_them(tmp_path, capsys):
    path = tmp_path / "ext.toml"
    path.write_text(tech_toml("ext", "t9", 'stages = ["no-such-stage"]', extends="core"))
    assert main(["validate", str(path)]) == 1
    validated = capsys.readouterr().out
    assert main(["find", "-c", str(path)]) == 1
    err = capsys.readouterr().err
    assert "no-such-stage" in validated
    assert f"{path}: t9: stages[0]" in err


# --------------------------------------------------------------------------- Python API errors


def test_python_api_errors_are_the_librarys():
    with pytest.raises(pr.CatalogueValidationError, match="name: expected a string, got an integer"):
        pr.Catalogue([pr.Stage(id="a", name=5, order=1)])  # type: ignore[arg-type]
    with pytest.raises(pr.InvalidFieldError, match="records\\[0\\]"):
        pr.Catalogue([5])  # type: ignore[list-item]
    assert pr.Technique(id="t", name="T", levels=("collaborate",)).levels == (pr.Level.COLLABORATE,)
    with pytest.raises(KeyError) as key:
        small()[5]  # type: ignore[index]
    assert isinstance(key.value, pr.CatalogueError)
    assert "record ids are strings" in str(key.value)
    with pytest.raises(
        ValueError, match=r"Activity\.level: unknown level 'colaborate'; did you mean 'collaborate'"
    ):
        pr.Activity(technique="t", stage="s", stakeholders=("p",), level="colaborate")


@given(value=st.text(max_size=12) | st.integers() | st.none() | st.sampled_from(list(pr.Cost)))
def test_enum_fields_convert_or_refuse_at_construction(value):
    valid = value is None or isinstance(value, pr.Cost) or value in {c.value for c in pr.Cost}
    levels = [value] if value is not None else []
    if not valid:
        with pytest.raises(pr.InvalidFieldError) as info:
            pr.Technique(id="t", name="T", cost=value, levels=levels)
        assert isinstance(info.value, TypeError)
        assert isinstance(info.value, ValueError)
        assert info.value.field in ("levels[0]", "cost")  # the first field checked
        return
    if value is not None:
        with pytest.raises(pr.InvalidFieldError, match="levels\\[0\\]"):  # a cost is no level
            pr.Technique(id="t", name="T", levels=levels)
    tech = pr.Technique(id="t", name="T", cost=value)
    assert tech.cost is None or isinstance(tech.cost, pr.Cost)
    assert all(isinstance(level, pr.Level) for level in tech.levels)


@pytest.mark.parametrize(
    ("suffix", "text"),
    [
        (".graphml", "<graphml><graph"),
        (".gexf", "<gexf>&bad;</gexf>"),
        (".json", "[1, 2]"),
        (".json", "\xff"),
    ],
)
def test_read_graph_on_malformed_files(tmp_path, suffix, text):
    path = tmp_path / f"g{suffix}"
    path.write_text(text, encoding="latin-1")
    with pytest.raises(pr.CatalogueError, match="cannot read the graph"):
        pr.read_graph(path)


# --------------------------------------------------------------------------- the whole CLI under attack

_WORDS = ["find", "show", "export", "validate", "catalogues", "new-catalogue", "plan", "import"]
_ACTIONS = ["new", "audit", "suggest", "report", "participedia", "node-link", "graphml", "csv", "dot"]
_OPTIONS = [
    "-c",
    "--catalogue",
    "-o",
    "--output",
    "--force",
    "--format",
    "-f",
    "--stage",
    "--limit",
    "--group-size",
    "--level",
    "--title",
    "-c",
    "file.toml",
    "--strict",
    "--no-load",
    "--stages",
    "file.toml",
    "json",
    "csv",
    "text",
]
_VALUES = [
    "file.toml",
    "file.toml",
    "gripp2",
    "t1",
    "mine",
    "file.json",
    "dir",
    "fifo",
    "missing.toml",
    "-",
    "",
    "core",
    "design",
    "-5",
    "0",
    "99999999999999999999",
    "x" * 300,
    "..",
    "é",
    "out",
    "out.md",
    "out.html",
    "out.json",
]
_CONTENT = st.sampled_from(
    [
        tech_toml(),
        tech_toml(extra='levels = ["colaborate"]'),
        tech_toml(extra="group_size = { min = " + "9" * 5000 + " }"),
        '[catalogue]\nname = "x"\n[[technique]]\nid = "t"\nname = "a\\u0007"\n',
        '{"catalogue": {"name": "x"}, "technique": [{"id": "t", "name": "\\ud800"}]}',
        (
            '[plan]\ntitle = "p"\n[[activity]]\ntechnique = "t1"\nstage = "s"\n'
            'stakeholders = ["p"]\nlevel = "x"\n'
        ),
        "\x00\xff",
        "[[[",
        "",
    ]
)


#: Every sub-command, with V where it takes a value.
_COMMANDS = [
    ["find"],
    ["show", "V"],
    ["export", "node-link", "V"],
    ["export", "csv", "V"],
    ["export", "graphml", "V"],
    ["validate", "V"],
    ["catalogues"],
    ["new-catalogue", "V", "V"],
    ["plan", "new"],
    ["plan", "audit", "V"],
    ["plan", "suggest"],
    ["plan", "report", "V"],
    ["import", "participedia", "V", "-o", "V"],
    ["readability", "V"],
]


def _options_of(command: list[str]) -> list[tuple[str, bool]]:
    """The options the sub-command takes, read from the parser: (option, takes a value)."""
    import argparse

    from participatory._cli import build_parser

    parser: argparse.ArgumentParser = build_parser()
    for word in command:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs or word not in subs[0].choices:
            break
        parser = subs[0].choices[word]
    return [
        (option, action.nargs != 0)
        for action in parser._actions
        for option in action.option_strings
        if option not in ("-h", "--help")
    ]


_value = st.sampled_from(_VALUES)


@st.composite
def _argv(draw: st.DrawFn) -> list[str]:
    """A sub-command with values where it takes them, and options it takes (mostly)."""
    template = draw(st.sampled_from(_COMMANDS))
    command = [draw(_value) if word == "V" else word for word in template]
    options = [*_options_of(template), ("--strict", False), ("-c", True)]
    for option, takes_value in draw(st.lists(st.sampled_from(options), max_size=3)):
        command += [option, draw(_value)] if takes_value else [option]
    return command


@given(
    argv=st.one_of(
        _argv(),
        st.lists(st.sampled_from(_WORDS + _ACTIONS + _OPTIONS + _VALUES), min_size=1, max_size=7),
    ),
    content=_CONTENT,
)
@settings(
    deadline=None,
    max_examples=int(os.environ.get("ATTACK_EXAMPLES", "60")),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_the_cli_under_attack(tmp_path_factory, monkeypatch, capsys, argv, content):
    """Any arguments and files: exit 0, 1 or 2, no traceback, nothing outside tmp changes."""
    root = tmp_path_factory.mktemp("attack")
    (root / "file.toml").write_text(content, encoding="utf-8", errors="surrogateescape")
    (root / "file.json").write_text(content, encoding="utf-8", errors="surrogateescape")
    (root / "dir").mkdir()
    (root / "dir" / "c.toml").write_text(content, encoding="utf-8", errors="surrogateescape")
    os.mkfifo(root / "fifo")
    outside = _snapshot()
    monkeypatch.chdir(root)
    try:
        status = main(argv)
    except SystemExit as e:  # argparse's own exits: --help, usage errors
        status = e.code if isinstance(e.code, int) else 2
    monkeypatch.chdir(Path(__file__).parent)
    err = capsys.readouterr().err
    assert status in (0, 1, 2), (argv, err)
    event(f"exit {status}")
    event(argv[0])
    assert "Traceback" not in err
    assert not [line for line in err.splitlines() if line.startswith("-: ")], err  # located
    assert _snapshot() == outside


def _snapshot() -> dict[str, int]:
    """Modification times of the files of the repository (what an attack must not change)."""
    repo = Path(__file__).parent.parent
    found = {}
    for top in ("src", "tests", "catalogues", "docs", "README.md", "pyproject.toml"):
        path = repo / top
        files = [path] if path.is_file() else [p for p in path.rglob("*") if "__pycache__" not in p.parts]
        found.update({str(p): p.stat().st_mtime_ns for p in files if p.is_file()})
    return found


@given(
    st.one_of(strategies.techniques(), strategies.cases(), strategies.organisations(), strategies.stages),
    st.sampled_from(["name", "summary"]),
    st.text(strategies.HOSTILE_CHARACTERS + "ab ", max_size=6),
)
def test_the_quick_value_check_agrees_with_the_detailed_one(rec, field, text):
    """A record the compiled check passes has no value problem, and one it fails has some."""
    from typing import Any

    import attrs as attrs_

    from participatory._checks import _all_fine, _value_problems

    rec = attrs_.evolve(rec, **{field: text})

    def detailed(obj: Any) -> list[tuple[str, str]]:
        fields = attrs_.fields(type(obj))
        return [p for f in fields for p in _value_problems(getattr(obj, f.name), f.type, f.name)]

    assert _all_fine(type(rec))(rec) == (not detailed(rec))  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the command line speaks CLI


def test_no_arguments_prints_the_usage_on_standard_error_and_exits_2(capsys):
    """Like argparse's required arguments and git: usage on stderr, exit 2 (``--help``: stdout, 0)."""
    assert main([]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("usage: participatory")
    assert "--help" in err
    run = subprocess.run([sys.executable, "-m", "participatory"], capture_output=True, text=True, check=False)
    assert (run.returncode, run.stdout) == (2, "")
    assert "usage: participatory" in run.stderr


def test_messages_name_cli_options_on_the_command_line_and_arguments_in_python(tmp_path, capsys):
    target = tmp_path / "out.json"
    target.write_text("{}", encoding="utf-8")
    assert main(["export", "node-link", str(target), "-c", GRAPH]) == 1
    err = capsys.readouterr().err
    assert "use --force to replace it" in err
    assert "overwrite=True" not in err
    with pytest.raises(pr.CatalogueWriteError, match=r"pass overwrite=True") as e:
        small().graph().export("node-link", target)
    assert "--force" not in str(e.value)
    assert main(["export", "mermaid", "-", "-c", "core", "--max-edges", "1"]) == 2
    err = capsys.readouterr().err
    assert "--stage STAGE" in err
    assert "stage=" not in err
    from participatory._export import check_size

    with pytest.raises(pr.CatalogueError, match="stage=") as too_big:
        check_size(small().graph().nx, "mermaid", max_edges=0)
    assert "--" not in str(too_big.value)


# --------------------------------------------------------------------------- site build: where a site may go


@pytest.fixture
def published(tmp_path: Path, monkeypatch) -> Path:
    """A catalogue directory inside a home directory, with the current directory elsewhere in it."""
    pytest.importorskip("jinja2")
    home = tmp_path / "home"
    cat = home / "work" / "cat"
    cat.mkdir(parents=True)
    (cat / "catalogue.toml").write_text(tech_toml("published"), encoding="utf-8")
    here = home / "work" / "here"
    here.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(here)
    return cat


@given(
    where=st.sampled_from(
        [
            "cat",
            "cat/site",
            "cat/sub/site",
            "work",
            "home",
            "here",
            ".",
            "..",
            "here/..",
            "cat/../cat",
            str(Path("/")),
        ]
    ),
    force=st.booleans(),
)
@HOSTILE
def test_a_site_never_replaces_its_input_the_current_or_home_directory(published, capsys, where, force):
    home = published.parent.parent
    places = {"cat": published, "work": published.parent, "home": home, "here": home / "work" / "here"}
    head, _, rest = where.partition("/")
    output = str(places[head] / rest) if head in places else where
    before = sorted(p.name for p in published.rglob("*"))
    argv = ["site", "build", str(published), "--output", output, *(["--force"] if force else [])]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert re.search(r"(is|holds|is inside) (the current directory|your home directory|an input)", err), err
    assert sorted(p.name for p in published.rglob("*")) == before
    assert (published / "catalogue.toml").is_file()


def test_an_empty_site_output_is_a_usage_error(published, capsys):
    with pytest.raises(SystemExit) as e:
        main(["site", "build", str(published), "--output", ""])
    assert e.value.code == 2
    assert "must not be empty" in capsys.readouterr().err


def test_a_site_beside_its_catalogue_file_is_fine_and_python_protects_the_files_read(tmp_path):
    pytest.importorskip("jinja2")
    from participatory._publish import build_site

    path = tmp_path / "cat.toml"
    path.write_text(tech_toml("beside"), encoding="utf-8")
    cat = pr.Catalogue.from_path(path)
    assert build_site(cat, tmp_path / "site", search=False).is_dir()
    with pytest.raises(pr.CatalogueWriteError, match="holds an input"):
        build_site(cat, tmp_path, search=False, force=True)
    assert path.is_file()


def test_a_search_index_failure_names_the_output_not_the_temporary_folder(tmp_path, monkeypatch):
    pytest.importorskip("jinja2")
    from participatory import _publish as _site

    failing = [sys.executable, "-c", "import sys; sys.exit('cannot index ' + sys.argv[2])"]
    monkeypatch.setattr(_site, "search_command", lambda: failing)
    out = tmp_path / "site"
    with pytest.raises(pr.CatalogueError) as e:
        _site.build_site(small(), out, search=True)
    message = str(e.value)
    assert message.startswith(f"{out}: building the search index failed")
    assert f"cannot index {out}" in message
    assert not out.exists()
    assert sorted(tmp_path.iterdir()) == []  # no temporary folder left behind


# --------------------------------------------------------------------------- site serve


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A served site with a symbolic link out of it, on loopback: (port, process, secret text)."""
    root = tmp_path_factory.mktemp("serve")
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (root / "secret.txt").write_text("SECRET", encoding="utf-8")
    (site / "out").symlink_to(root / "secret.txt")
    (site / "outdir").symlink_to(root, target_is_directory=True)
    proc = subprocess.Popen(
        [sys.executable, "-m", "participatory", "site", "serve", str(site), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stderr.readline() if proc.stderr else ""
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line
        yield int(match[1]), proc
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
        assert "Traceback" not in err, err


def _get(port: int, path: str) -> tuple[int, bytes]:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)  # loopback only
    try:
        conn.putrequest("GET", path, skip_host=False, skip_accept_encoding=True)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/index.html", 200),
        ("/%00", 400),
        ("/index.html%00.txt", 400),
        ("/out", 404),
        ("/outdir/secret.txt", 404),
        ("/../secret.txt", 404),
        ("/%2e%2e/secret.txt", 404),
        ("/nothing", 404),
    ],
)
def test_serve_answers_only_with_files_inside_the_site(served, path, status):
    port, proc = served
    got, body = _get(port, path)
    assert got == status, (path, got)
    assert b"SECRET" not in body
    assert proc.poll() is None  # still serving


@given(path=st.text(st.characters(codec="ascii"), max_size=30))
@settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_serve_survives_any_request_path(served, path):
    from urllib.parse import quote

    port, proc = served
    got, body = _get(port, "/" + quote(path, safe="/%?#&=.."))
    assert got in (200, 301, 400, 404), (path, got)
    assert b"SECRET" not in body
    assert proc.poll() is None


@pytest.mark.parametrize("port", ["70000", "-1", "http", "99999999999999999999"])
def test_serve_refuses_a_bad_port_as_a_usage_error(tmp_path, capsys, port):
    (tmp_path / "index.html").write_text("x", encoding="utf-8")
    with pytest.raises(SystemExit) as e:
        main(["site", "serve", str(tmp_path), "--port", port])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "port" in err
    assert "Traceback" not in err


# --------------------------------------------------------------------------- ids and names


@given(length=st.integers(min_value=90, max_value=320))
@HOSTILE
def test_ids_are_bounded_in_validation_and_the_schema(tmp_path_factory, capsys, length):
    from participatory._checks import MAX_ID_LENGTH
    from participatory._jsonschema import catalogue_schema

    jsonschema = pytest.importorskip("jsonschema")
    rid = ("a" * length)[:length]
    path = tmp_path_factory.mktemp("ids") / "cat.toml"
    path.write_text(tech_toml("ids", rid), encoding="utf-8")
    code = main(["validate", str(path)])
    out = capsys.readouterr().out
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    schema_ok = jsonschema.Draft202012Validator(catalogue_schema()).is_valid(doc)
    if length <= MAX_ID_LENGTH:
        assert (code, schema_ok) == (0, True), out
    else:
        assert (code, schema_ok) == (1, False)
        assert f"{path}: {rid}: id: is {length} characters long; an id has at most {MAX_ID_LENGTH}" in out


def test_a_very_long_id_fails_validation_not_the_site_build(tmp_path, capsys):
    pytest.importorskip("jinja2")
    path = tmp_path / "cat.toml"
    path.write_text(tech_toml("long", "a" * 306), encoding="utf-8")
    assert main(["site", "build", str(path), "--output", str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert "File name too long" not in err
    assert "id: is 306 characters long" in err


BIDI = ["\u202e", "\u202d", "\u202a", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"]


@given(
    field=st.sampled_from(["name", "aliases", "title"]),
    before=st.text(string.ascii_letters + " ", max_size=5),
    control=st.sampled_from(BIDI),
)
@HOSTILE
def test_names_refuse_bidirectional_controls_in_validation_and_the_schema(
    tmp_path_factory, capsys, field, before, control
):
    from participatory._jsonschema import catalogue_schema

    jsonschema = pytest.importorskip("jsonschema")
    name = f"N{before}{control}gnp.exe"
    doc: dict[str, object] = {
        "catalogue": {"name": "bidi", **({"title": name} if field == "title" else {})},
        "technique": [
            {
                "id": "t1",
                "name": name if field == "name" else "T",
                **({"aliases": ["ok", name]} if field == "aliases" else {}),
            }
        ],
    }
    path = tmp_path_factory.mktemp("bidi") / "cat.toml"
    path.write_text(_io.toml_dumps(doc), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    where = {"name": "t1: name", "aliases": "t1: aliases[1]", "title": "-: catalogue.title"}[field]
    assert f"{path}: {where}: contains U+{ord(control):04X} (a bidirectional control)" in out
    assert not jsonschema.Draft202012Validator(catalogue_schema()).is_valid(doc)
    assert control not in out  # shown as an escape at most, never raw


def test_bidi_controls_stay_allowed_in_long_text(tmp_path, capsys):
    path = tmp_path / "cat.toml"
    path.write_text(tech_toml("rtl", extra='summary = "Arabic \u200f text"'), encoding="utf-8")
    assert main(["validate", str(path)]) == 0


# --------------------------------------------------------------------------- extends


@pytest.mark.parametrize("layout", ["file", "directory"])
def test_a_missing_extended_catalogue_is_reported_at_its_file(tmp_path, capsys, layout):
    text = tech_toml("orphan", extends="no-such-catalogue")
    if layout == "file":
        path = target = tmp_path / "orphan.toml"
    else:
        target = tmp_path / "orphan"
        target.mkdir()
        path = target / "catalogue.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(target)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        (
            f"{path}: -: catalogue.extends: 'orphan' extends 'no-such-catalogue', which cannot be loaded: "
            "no catalogue named 'no-such-catalogue' Available: core."
        )
    ]
    assert main(["find", "-c", str(target)]) == 1
    assert f"error: {path}: -: catalogue.extends:" in capsys.readouterr().err
    with pytest.raises(pr.CatalogueValidationError) as e:
        pr.Catalogue.from_path(target, context=pr.Catalogue())
    assert [p.file for p in e.value.problems] == [str(path)]


# --------------------------------------------------------------------------- Participedia's exports


def _participedia(tmp_path: Path, text: str, name: str = "export.csv") -> tuple[int, str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    try:
        pr.import_participedia(path, tmp_path / "out", core=pr.Catalogue())
    except pr.CatalogueError as e:
        assert not (tmp_path / "out").exists()
        return 1, str(e)
    return 0, ""


def test_an_organizations_export_without_its_type_column_is_not_read_as_methods(tmp_path):
    code, message = _participedia(tmp_path, '"id","title","sector","country"\n"1","Org","public","UK"\n')
    assert code == 1
    assert "has no 'type' column" in message
    assert "organization export" in message
    code, message = _participedia(tmp_path, '"id","title","start_date"\n"1","Case","2020-01-01"\n')
    assert "case export" in message
    assert _participedia(tmp_path, '"id","title"\n"1","Jury"\n') == (0, "")  # a minimal methods file


@pytest.mark.parametrize(
    ("typed", "meant"), [("organisation", "organization"), ("mehtod", "method"), ("Cases", "case")]
)
def test_a_misspelt_type_gets_did_you_mean(tmp_path, typed, meant):
    code, message = _participedia(tmp_path, f'"id","type","title"\n"1","{typed}","A"\n')
    assert code == 1
    assert f"export.csv: row 2: type: {typed.lower()!r} is not one of method, case, organization" in message
    assert f"did you mean {meant!r}?" in message


def test_a_misspelt_type_beside_known_ones_is_skipped_with_did_you_mean(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text('"id","type","title"\n"1","method","A"\n"2","mehtod","B"\n', encoding="utf-8")
    summary = pr.import_participedia(path, None, core=pr.Catalogue())
    assert "type 'mehtod', not a method; did you mean 'method'?" in str(summary)


@given(
    column=st.sampled_from(["title", "description"]),
    cell=st.text(string.ascii_letters + " " + "\x01\x07\x1b\x7f\x9b", min_size=1, max_size=12).filter(
        lambda t: any(c in t for c in "\x01\x07\x1b\x7f\x9b") and t.strip("\x01\x07\x1b\x7f\x85\x9b ")
    ),
    row=st.integers(min_value=0, max_value=3),
)
@HOSTILE
def test_a_control_character_in_a_cell_is_reported_by_file_and_row(tmp_path_factory, column, cell, row):
    tmp = tmp_path_factory.mktemp("pp")
    rows = [
        {"id": str(i + 1), "type": "method", "title": f"Title {i}", "description": "fine"} for i in range(4)
    ]
    rows[row][column] = cell
    lines = ['"id","type","title","description"']
    lines += [
        ",".join('"' + r[k].replace('"', '""') + '"' for k in ("id", "type", "title", "description"))
        for r in rows
    ]
    code, message = _participedia(tmp, "\n".join(lines) + "\n")
    assert code == 1
    assert re.search(
        rf"export\.csv: row {row + 2}: [\w.\[\]]+: contains U\+[0-9A-F]{{4}} \(a control character\)", message
    ), message
