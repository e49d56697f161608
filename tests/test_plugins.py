"""Catalogue plugins: discovery, runtime registration, isolation, conflicts, order.

Every installed distribution here is a fake written by
``participatory.testing.fake_distribution`` into ``tmp_path``; no network, and the
real environment's plugins are never seen (``isolated_registry``).
"""

import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import participatory as pr
from participatory.testing import check_catalogue, fake_distribution, isolated_registry

STAGES = ("identify-prioritise", "design", "data-collection", "oversight")
STAKEHOLDERS = ("patient", "carer", "public", "researcher")


def small_core() -> pr.Catalogue:
    """A stand-in for the built-in ``core`` with a few of its fixed ids."""
    records: list[pr.Record] = [
        pr.Stage(id=sid, name=sid.title(), order=i, cross_cutting=sid == "oversight")
        for i, sid in enumerate(STAGES)
    ]
    records += [pr.Stakeholder(id=sid, name=sid.title()) for sid in STAKEHOLDERS]
    return pr.Catalogue(records, info=pr.CatalogueInfo(name="core", version="1.0.0", title="Core"))


def technique_toml(
    name: str, tid: str, *, extends: tuple[str, ...] = ("core",), stage: str = "design"
) -> str:
    ext = ", ".join(f'"{e}"' for e in extends)
    return textwrap.dedent(
        f"""\
        [catalogue]
        name = "{name}"
        version = "2.0"
        title = "The {name} catalogue"
        extends = [{ext}]

        [[technique]]
        id = "{tid}"
        name = "{tid.replace("-", " ").capitalize()}"
        summary = "A technique from {name}."
        stages = ["{stage}"]
        stakeholders = ["patient"]
        levels = ["consult"]
        """
    )


def plugin(
    root: Path,
    name: str,
    tid: str,
    *,
    dist: str | None = None,
    version: str = "1.0",
    extends: tuple[str, ...] = ("core",),
    stage: str = "design",
    module_body: str | None = None,
) -> str:
    """Fake an installed package ``participatory-<name>`` whose catalogue is a data directory."""
    module = f"plug_{name.replace('-', '_')}"
    body = module_body or (
        "from importlib.resources import files\nCATALOGUE = files(__name__) / 'data'\nIMPORTED = True\n"
    )
    fake_distribution(
        root,
        dist or f"participatory-{name}",
        {name: f"{module}:CATALOGUE"},
        version=version,
        summary=f"{name} summary",
        files={
            f"{module}/__init__.py": body,
            f"{module}/data/catalogue.toml": technique_toml(name, tid, extends=extends, stage=stage),
        },
    )
    return module


@pytest.fixture
def registry():
    with isolated_registry(builtins={"core": small_core()}) as reg:
        yield reg


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for var in ("PARTICIPATORY_STRICT", "PARTICIPATORY_DISABLE_PLUGIN_AUTOLOAD", "PARTICIPATORY_BLOCK"):
        monkeypatch.delenv(var, raising=False)


def status(name: str) -> pr.CatalogueStatus:
    (row,) = [r for r in pr.catalogues() if r.name == name]
    return row


# --------------------------------------------------------------------------- laziness


def test_import_scans_nothing_and_imports_neither_networkx_nor_metadata():
    code = (
        "import sys, participatory as pr\n"
        "bad = [m for m in ('networkx', 'importlib.metadata', 'participatory._registry',"
        " 'participatory._plugins') if m in sys.modules]\n"
        "assert not bad, bad\n"
        "pr.load, pr.catalogues, pr.register\n"
        "assert 'importlib.metadata' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_discovery_imports_no_plugin(registry, tmp_path):
    module = plugin(tmp_path, "arc", "arc-walk")
    assert [(r.name, r.status) for r in pr.catalogues()] == [("core", "available"), ("arc", "available")]
    assert module not in sys.modules


def test_asking_for_one_does_not_load_the_others(registry, tmp_path):
    arc = plugin(tmp_path / "a", "arc", "arc-walk")
    other = plugin(tmp_path / "b", "other", "other-walk")
    cat = pr.load("arc")
    assert "arc-walk" in cat
    assert "other-walk" not in cat
    assert arc in sys.modules
    assert other not in sys.modules
    assert status("other").status == "available"
    assert status("arc").status == "loaded"
    assert status("core").status == "loaded"  # loaded because arc extends it


def test_discovery_reads_metadata_once_until_refresh(registry, tmp_path, monkeypatch):
    from participatory import _plugins, _registry

    calls = []
    real = _plugins.discover

    def counting(path):
        calls.append(path)
        return real(path)

    monkeypatch.setattr(_registry, "discover", counting)
    plugin(tmp_path, "arc", "arc-walk")
    pr.catalogues()
    pr.load()
    pr.catalogues()
    assert len(calls) == 1
    pr.refresh()
    pr.catalogues()
    assert len(calls) == 2


# --------------------------------------------------------------------------- loading and origins


def test_load_merges_everything_in_documented_order(registry, tmp_path):
    plugin(tmp_path / "z", "zeta", "zeta-walk")
    plugin(tmp_path / "a", "alpha", "alpha-walk")
    pr.register("mine", pr.Catalogue([pr.Technique(id="my-walk", name="Mine", stages=("design",))]))
    cat = pr.load()
    assert [m.name for m in cat.members] == ["core", "mine", "alpha", "zeta"]
    assert [r.name for r in pr.catalogues()] == ["core", "mine", "alpha", "zeta"]
    assert {"alpha-walk", "zeta-walk", "my-walk", "design"} <= set(cat)
    assert pr.load() is cat  # cached
    assert pr.load("zeta", "alpha") == pr.load("alpha", "zeta")


def test_every_record_knows_catalogue_file_distribution_and_version(registry, tmp_path):
    plugin(tmp_path, "arc", "arc-walk", version="3.1")
    cat = pr.load()
    origin = cat.origin("arc-walk")
    assert origin.catalogue == "arc"
    assert origin.distribution == "participatory-arc"
    assert origin.version == "3.1"
    assert origin.file is not None
    assert origin.file.endswith("catalogue.toml")
    core = cat.origin("design")
    assert (core.catalogue, core.distribution, core.version) == ("core", "participatory", pr.__version__)
    assert cat.origin("arc-walk") != cat.origin("design")


def test_callable_and_catalogue_objects_are_accepted(registry, tmp_path):
    body = textwrap.dedent(
        """\
        import participatory as pr
        def CATALOGUE():
            return pr.Catalogue([pr.Technique(id="made-walk", name="Made", stages=("design",))])
        """
    )
    plugin(tmp_path, "made", "unused", module_body=body)
    assert pr.load("made").origin("made-walk").distribution == "participatory-made"


def test_unknown_name_suggests_the_nearest(registry, tmp_path):
    plugin(tmp_path, "arc", "arc-walk")
    with pytest.raises(pr.CatalogueNotFoundError, match=r"did you mean 'arc'\?.*Available: core, arc"):
        pr.load("arcc")


# --------------------------------------------------------------------------- isolation


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("import", "ImportError: no such thing"),
        ("type", "names an int; expected a Catalogue"),
        ("data", "unknown stage 'analysys'"),
        ("raises", "calling 'CATALOGUE' failed: RuntimeError: boom"),
    ],
)
def test_a_broken_plugin_warns_once_and_the_others_load(registry, tmp_path, case, reason):
    plugin(tmp_path / "good", "good", "good-walk")
    bodies = {
        "import": "raise ImportError('no such thing as plug_broken.helper')\n",
        "type": "CATALOGUE = 42\n",
        "raises": "def CATALOGUE():\n    raise RuntimeError('boom')\n",
        "data": None,
    }
    plugin(tmp_path / "bad", "broken", "broken-walk", stage="analysys", module_body=bodies[case])
    with pytest.warns(pr.PluginWarning) as record:
        cat = pr.load()
    assert len(record) == 1
    message = str(record[0].message)
    assert "'broken'" in message
    assert reason in message
    assert "good-walk" in cat
    assert "broken-walk" not in cat
    row = status("broken")
    assert row.status == "failed"
    assert reason in row.error
    assert status("good").status == "loaded"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert pr.load() is cat  # no second warning
    with pytest.raises(pr.CatalogueError, match="broken"):
        pr.load("broken")  # a name asked for must load
    pr.refresh()
    with pytest.raises(pr.CatalogueError, match=reason.split(":")[0]):
        pr.load(strict=True)


def test_strict_from_the_environment(registry, tmp_path, monkeypatch):
    plugin(tmp_path, "broken", "broken-walk", module_body="CATALOGUE = None\n")
    monkeypatch.setenv("PARTICIPATORY_STRICT", "1")
    with pytest.raises(pr.CatalogueLoadError, match="names None"):
        pr.load()


def test_plugin_warning_is_filterable(registry, tmp_path):
    plugin(tmp_path, "broken", "broken-walk", module_body="CATALOGUE = None\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.filterwarnings("ignore", category=pr.PluginWarning)
        assert "design" in pr.load()


def test_missing_module_hints_at_reinstall(registry, tmp_path):
    fake_distribution(tmp_path, "participatory-gone", {"gone": "plug_gone_away:CATALOGUE"})
    with pytest.raises(pr.CatalogueLoadError, match=r"re-run `pip install -e \.`"):
        pr.load("gone")


def test_disable_autoload_sees_only_builtin_and_runtime(registry, tmp_path, monkeypatch):
    module = plugin(tmp_path, "arc", "arc-walk")
    pr.register("mine", pr.Catalogue())
    monkeypatch.setenv("PARTICIPATORY_DISABLE_PLUGIN_AUTOLOAD", "1")
    assert [r.name for r in pr.catalogues()] == ["core", "mine"]
    assert [m.name for m in pr.load().members] == ["core", "mine"]
    with pytest.raises(pr.CatalogueNotFoundError, match="PARTICIPATORY_DISABLE_PLUGIN_AUTOLOAD"):
        pr.load("arc")
    assert module not in sys.modules


def test_blocked_plugins(tmp_path, monkeypatch):
    with isolated_registry(builtins={"core": small_core()}, block=["beta"]):
        plugin(tmp_path / "a", "alpha", "alpha-walk")
        plugin(tmp_path / "b", "beta", "beta-walk")
        plugin(tmp_path / "g", "gamma", "gamma-walk")
        monkeypatch.setenv("PARTICIPATORY_BLOCK", "gamma, nothing")
        cat = pr.load()
        assert "alpha-walk" in cat
        assert not {"beta-walk", "gamma-walk"} & set(cat)
        assert [(r.name, r.status) for r in pr.catalogues()][2:] == [
            ("beta", "blocked"),
            ("gamma", "blocked"),
        ]
        with pytest.raises(pr.CatalogueLoadError, match="blocked"):
            pr.load("gamma")


# --------------------------------------------------------------------------- duplicates and conflicts


def test_the_same_distribution_twice_on_the_path_counts_once(registry, tmp_path):
    plugin(tmp_path / "site-a", "arc", "arc-walk", version="2.0")
    plugin(tmp_path / "site-b", "arc", "arc-walk", version="1.0")
    rows = pr.catalogues()
    assert [(r.name, r.version) for r in rows] == [("core", pr.__version__), ("arc", "2.0")]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert pr.load().origin("arc-walk").version == "2.0"


def test_one_name_from_two_distributions_names_both(registry, tmp_path):
    plugin(tmp_path / "a", "arc", "arc-walk", dist="participatory-arc")
    plugin(tmp_path / "b", "arc", "arc-walk", dist="arc-fork")
    rows = [r for r in pr.catalogues() if r.name == "arc"]
    assert [r.status for r in rows] == ["failed", "failed"]
    assert "participatory-arc 1.0" in rows[0].error
    assert "arc-fork 1.0" in rows[0].error
    with pytest.raises(pr.CatalogueConflictError, match="arc-fork"):
        pr.load("arc")
    with pytest.warns(pr.PluginWarning, match="declared by"):
        pr.load()


def test_a_plugin_never_shadows_a_builtin(registry, tmp_path):
    plugin(tmp_path, "core", "fake-walk", extends=())
    with pytest.warns(pr.PluginWarning, match="built-in one is used"):
        cat = pr.load()
    assert "fake-walk" not in cat
    assert cat.origin("design").distribution == "participatory"


def test_same_id_in_two_catalogues_names_both_origins(registry, tmp_path):
    plugin(tmp_path / "a", "alpha", "walk")
    plugin(tmp_path / "b", "beta", "walk")
    with pytest.raises(pr.CatalogueConflictError) as info:
        pr.load("alpha", "beta")
    message = str(info.value)
    assert "participatory-alpha" in message
    assert "participatory-beta" in message
    with pytest.warns(pr.PluginWarning, match="'beta' was not loaded") as record:
        cat = pr.load()
    assert len(record) == 1
    assert cat.origin("walk").catalogue == "alpha"
    assert status("beta").status == "failed"


# --------------------------------------------------------------------------- dependencies


def test_extends_load_first_and_are_included(registry, tmp_path):
    plugin(tmp_path / "a", "base", "base-walk")
    plugin(tmp_path / "b", "addon", "addon-walk", extends=("base",))
    cat = pr.load("addon")
    assert [m.name for m in cat.members] == ["core", "base", "addon"]


def test_missing_dependency_names_both_sides(registry, tmp_path):
    plugin(tmp_path, "addon", "addon-walk", extends=("nowhere",))
    with pytest.raises(
        pr.CatalogueNotFoundError, match=r"'addon'.*extends 'nowhere', which is not available"
    ):
        pr.load("addon")
    pr.refresh()
    with pytest.warns(pr.PluginWarning, match="nowhere"):
        pr.load()


def test_a_cycle_names_both_sides(registry, tmp_path):
    plugin(tmp_path / "a", "left", "left-walk", extends=("core", "right"))
    plugin(tmp_path / "b", "right", "right-walk", extends=("left",))
    with pytest.raises(pr.CatalogueError, match=r"'right'.*extends 'left'.*cycle \(left -> right -> left\)"):
        pr.load("left")


def test_a_reference_to_an_undeclared_catalogue_is_reported(registry, tmp_path):
    plugin(tmp_path / "a", "base", "base-walk")
    toml = technique_toml("addon", "addon-walk").replace(
        'stakeholders = ["patient"]', 'stakeholders = ["patient"]\npairs_with = ["base-walk"]'
    )
    pr.register("addon", pr.Catalogue.from_path(_write(tmp_path / "addon.toml", toml)))
    with pytest.raises(pr.CatalogueValidationError, match="unknown technique 'base-walk'"):
        pr.load("addon", "base")


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- runtime registration


def test_register_a_directory_and_undo_it(registry, tmp_path):
    _write(tmp_path / "catalogue.toml", technique_toml("mine", "my-walk"))
    with pr.register("mine", tmp_path):
        cat = pr.load()
        assert cat.origin("my-walk").distribution == "runtime"
        assert status("mine").version == "runtime"
    assert "mine" not in [r.name for r in pr.catalogues()]
    assert "my-walk" not in pr.load()


def test_registering_the_same_object_twice_is_a_no_op(registry, tmp_path):
    _write(tmp_path / "catalogue.toml", technique_toml("mine", "my-walk"))
    pr.register("mine", tmp_path)
    pr.register("mine", str(tmp_path))
    cat = pr.Catalogue([pr.Stage(id="s", name="S", order=1)])
    pr.register("other", cat)
    pr.register("other", pr.Catalogue([pr.Stage(id="s", name="S", order=1)]))

    def make():
        return cat

    pr.register("made", make)

    def make() -> pr.Catalogue:  # type: ignore[no-redef]  # a notebook cell run again
        return cat

    pr.register("made", make)
    assert [r.name for r in pr.catalogues()] == ["core", "made", "mine", "other"]


def test_a_different_object_under_a_used_name_conflicts(registry, tmp_path):
    plugin(tmp_path, "arc", "arc-walk")
    pr.register("mine", pr.Catalogue())
    with pytest.raises(pr.RegistrationConflict, match=r"already used by a runtime registration in tests?\."):
        pr.register("mine", pr.Catalogue([pr.Stage(id="s", name="S", order=1)]))
    with pytest.raises(pr.RegistrationConflict, match=r"participatory-arc 1\.0.*replace=True"):
        pr.register("arc", pr.Catalogue())
    with pytest.raises(pr.CatalogueConflictError, match="built-in"):
        pr.register("core", pr.Catalogue())
    replacement = pr.Catalogue([pr.Technique(id="other-walk", name="Other", stages=("design",))])
    with pr.register("arc", replacement, replace=True):
        assert "other-walk" in pr.load("arc")
    assert "arc-walk" in pr.load("arc")


def test_register_rejects_bad_names_types_and_paths(registry, tmp_path):
    with pytest.raises(pr.CatalogueError, match="not a valid catalogue name"):
        pr.register("My Catalogue", pr.Catalogue())
    with pytest.raises(pr.CatalogueError, match="cannot register an int"):
        pr.register("mine", 42)
    with pytest.raises(pr.CatalogueNotFoundError, match="no such file"):
        pr.register("mine", tmp_path / "missing")


def test_unregister(registry):
    pr.register("mine", pr.Catalogue())
    pr.unregister("mine")
    with pytest.raises(pr.CatalogueNotFoundError):
        pr.unregister("mine")
    with pytest.raises(pr.CatalogueError, match="not a runtime registration"):
        pr.unregister("core")


def test_register_loads_under_the_name_given(registry, tmp_path):
    """``register("mine", path)`` loads as "mine", whatever the file's own name is."""
    _write(tmp_path / "catalogue.toml", technique_toml("theirs", "their-walk"))
    pr.register("mine", tmp_path)
    cat = pr.load("mine")
    assert "their-walk" in cat
    assert cat.origin("their-walk").catalogue == "mine"
    assert {s.name: s.status for s in pr.catalogues()}["mine"] == "loaded"


def test_extends_may_name_a_runtime_catalogue_by_its_own_name(registry, tmp_path):
    _write(tmp_path / "a" / "catalogue.toml", technique_toml("theirs", "their-walk"))
    _write(
        tmp_path / "b" / "catalogue.toml",
        technique_toml("second", "second-walk", extends=("core", "theirs")),
    )
    pr.register("mine", tmp_path / "a")
    pr.register("other", tmp_path / "b")
    cat = pr.load("other")
    assert {"their-walk", "second-walk"} <= set(cat)
    assert "mine" in {m.name for m in cat.members}


def test_strict_load_raises_after_a_lenient_one(registry, tmp_path):
    plugin(tmp_path, "broken", "broken-walk", module_body="raise RuntimeError('boom')\n")
    with pytest.warns(pr.PluginWarning, match="broken"):
        pr.load()
    with pytest.raises(pr.CatalogueError, match="broken"):
        pr.load(strict=True)


def test_refresh_sees_a_new_install(registry, tmp_path):
    assert [r.name for r in pr.catalogues()] == ["core"]
    plugin(
        tmp_path, "late", "late-walk"
    )  # fake_distribution refreshes its scope, like %pip install + refresh()
    assert "late-walk" in pr.load()


def test_isolated_registry_restores_the_previous_one(tmp_path):
    outer = pr.catalogues()
    with isolated_registry(builtins={}):
        pr.register("mine", pr.Catalogue())
        plugin(tmp_path, "arc", "arc-walk", extends=())
        assert [r.name for r in pr.catalogues()] == ["mine", "arc"]
    assert pr.catalogues() == outer
    assert "plug_arc" not in sys.modules
    assert str(tmp_path) not in sys.path


def test_fake_distribution_needs_an_isolated_registry(tmp_path):
    with pytest.raises(pr.CatalogueError, match="isolated_registry"):
        fake_distribution(tmp_path, "x", {"x": "x:X"})


# --------------------------------------------------------------------------- display and checks


def test_status_table_prints_and_escapes(registry):
    pr.register("mine", pr.Catalogue(info=pr.CatalogueInfo(name="mine", title="<b>Ours</b> & co")))
    pr.load()
    table = pr.catalogues()
    text = repr(table)
    assert text.splitlines()[0].split() == ["name", "origin", "version", "status", "title", "error"]
    assert "mine  runtime" in text
    html = table._repr_html_()
    assert "&lt;b&gt;Ours&lt;/b&gt; &amp; co" in html
    assert "<b>" not in html
    assert repr(table[1]) == "<CatalogueStatus 'mine' runtime: loaded>"
    assert table[1].to_dict()["origin"] == "runtime"


def test_check_catalogue_finds_problems_against_extends(registry, tmp_path):
    good = _write(tmp_path / "good.toml", technique_toml("good", "good-walk"))
    bad = _write(tmp_path / "bad.toml", technique_toml("bad", "bad-walk", stage="analysys"))
    assert check_catalogue(good) == ()
    (problem,) = check_catalogue(bad)
    assert problem.record == "bad-walk"
    assert "unknown stage 'analysys'" in problem.message
    missing = _write(tmp_path / "missing.toml", technique_toml("odd", "odd-walk", extends=("nowhere",)))
    assert any("'odd' extends 'nowhere'" in p.message for p in check_catalogue(missing))
    advice = check_catalogue(good, strict=True)
    assert [p.field for p in advice] == ["sources"]


# --------------------------------------------------------------------------- template and command line

TEMPLATE = Path(__file__).resolve().parents[1] / "examples" / "plugin-template"


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    from participatory._cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_examples_plugin_template_is_what_new_catalogue_writes():
    from participatory._template import render

    expected = render("example")
    found = {
        p.relative_to(TEMPLATE).as_posix(): p.read_text(encoding="utf-8")
        for p in TEMPLATE.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and not p.name.endswith(".pyc")
    }
    assert found == expected, "regenerate: participatory new-catalogue example examples/plugin-template"


def test_new_catalogue_writes_a_package_that_installs_and_loads(registry, tmp_path, capsys):
    import tomllib

    target = tmp_path / "pkg"
    code, out, _ = run_cli(capsys, "new-catalogue", "arc-north", str(target), "--title", "ARC North")
    assert code == 0
    pyproject = tomllib.loads((target / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["name"] == "participatory-arc-north"
    assert pyproject["build-system"]["build-backend"] == "hatchling.build"
    entry_points = pyproject["project"]["entry-points"]["participatory.catalogues"]
    assert entry_points == {"arc-north": "participatory_arc_north:catalogue"}
    assert (target / "README.md").is_file()
    assert (target / "tests" / "test_catalogue.py").is_file()
    assert "src/participatory_arc_north/catalogue/technique.toml" in out
    # "install" it: its src/ on the path, its metadata in a dist-info
    fake_distribution(target / "src", "participatory-arc-north", entry_points, version="0.1.0")
    cat = pr.load(strict=True)
    assert cat.info.name == "core+arc-north"
    assert cat.origin("arc-north-walking-interview").distribution == "participatory-arc-north"
    assert {"arc-north-walking-interview-guide", "arc-north-clinic-journeys"} <= set(cat)
    assert pr.load("arc-north").members[1].title == "ARC North"
    assert check_catalogue("arc-north", strict=True) == ()


def test_new_catalogue_refuses_a_non_empty_directory(tmp_path, capsys):
    (tmp_path / "keep.txt").write_text("mine")
    code, _, err = run_cli(capsys, "new-catalogue", "arc", str(tmp_path))
    assert code == 1
    assert "already exists; use --force" in err
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]
    code, _, err = run_cli(capsys, "new-catalogue", "Not A Slug", str(tmp_path / "new"))
    assert code == 1
    assert "not a valid catalogue name" in err


def test_catalogues_command(registry, tmp_path, capsys):
    import json

    plugin(tmp_path / "a", "arc", "arc-walk")
    plugin(tmp_path / "b", "broken", "broken-walk", module_body="CATALOGUE = 1\n")
    code, out, _ = run_cli(capsys, "catalogues", "--format", "json")
    assert code == 1
    rows = {row["name"]: row for row in json.loads(out)["catalogues"]}
    assert rows["arc"]["status"] == "loaded"
    assert rows["arc"]["origin"] == "participatory-arc 1.0"
    assert rows["broken"]["status"] == "failed"
    assert "names an int" in rows["broken"]["error"]
    pr.refresh()
    code, out, _ = run_cli(capsys, "catalogues", "--no-load")
    assert code == 0
    assert [line.split()[:2] for line in out.splitlines()[1:]] == [
        ["core", "built-in"],
        ["arc", "participatory-arc"],
        ["broken", "participatory-broken"],
    ]


def test_validate_accepts_a_catalogue_name(registry, tmp_path, capsys):
    plugin(tmp_path / "a", "arc", "arc-walk")
    plugin(tmp_path / "b", "bad", "bad-walk", stage="analysys")
    code, _, err = run_cli(capsys, "validate", "arc")
    assert code == 0
    assert "catalogue arc: valid" in err
    code, out, _ = run_cli(capsys, "validate", "bad")
    assert code == 1
    assert "bad-walk: stages[0]: unknown stage 'analysys'" in out
    code, _, err = run_cli(capsys, "validate", "nothing-here")
    assert code == 2
    assert "no catalogue named 'nothing-here'" in err


def test_validate_resolves_extends_through_the_registry(registry, tmp_path, capsys):
    plugin(tmp_path / "a", "base", "base-walk")
    toml = technique_toml("addon", "addon-walk", extends=("base",)).replace(
        'stakeholders = ["patient"]', 'stakeholders = ["patient"]\npairs_with = ["base-walk"]'
    )
    path = _write(tmp_path / "addon.toml", toml)
    code, _, err = run_cli(capsys, "validate", str(path))
    assert (code, err.strip().endswith("valid")) == (0, True)
    pr.register("base", pr.Catalogue(), replace=True)
    code, out, _ = run_cli(capsys, "validate", str(path))
    assert code == 1
    assert "unknown technique 'base-walk'" in out


# --------------------------------------------------------------------------- the scan's text check

_GROUP_LINES = st.sampled_from(
    [
        "[participatory.catalogues]",
        "[console_scripts]",
        "[participatory.catalogues.extra]",
        "[other]",
        "arc = arc_plugin:CATALOGUE",
        "tool = participatory.catalogues:main",
        "# participatory.catalogues",
        "",
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(_GROUP_LINES, max_size=6))
def test_the_scan_finds_exactly_what_the_metadata_parser_finds(tmp_path_factory, lines):
    """Skipping distributions whose text does not name the group never changes the result.

    A name declared twice by one distribution is one plugin (the first declaration, as
    ``EntryPoints[name]`` reads it), not a conflict with itself.
    """
    import importlib.metadata

    from participatory._plugins import GROUP, discover

    root = tmp_path_factory.mktemp("dists")
    dist_info = root / "participatory_x-1.0.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: participatory-x\nVersion: 1.0\n")
    (dist_info / "entry_points.txt").write_text("\n".join(lines) + "\n")
    (dist,) = importlib.metadata.distributions(path=[str(root)])
    declared = dist.entry_points.select(group=GROUP)
    expected = {name: declared[name].value for name in declared.names}  # [name]: the first
    found = discover([str(root)])
    assert {name: spec.value for name, spec in found.plugins.items()} == expected
    assert not found.conflicts


def test_catalogues_shows_each_catalogues_own_version(registry, capsys):
    """Issue 28: the version column is the catalogue's [catalogue] version, not the package's."""
    info = pr.CatalogueInfo(name="mine", version="7.1.0")
    with pr.register("mine", pr.Catalogue([pr.Technique(id="my-walk", name="Mine")], info=info)):
        before = {row.name: row for row in pr.catalogues()}
        assert before["mine"].catalogue_version == ""  # not loaded yet: not known
        pr.load("mine")
        row = {row.name: row for row in pr.catalogues()}["mine"]
        assert row.catalogue_version == "7.1.0"
        assert row.to_dict()["catalogue_version"] == "7.1.0"
        table = repr(pr.catalogues()).splitlines()
        header = table[0].split()
        line = next(line.split() for line in table[1:] if line.startswith("mine "))
        assert line[header.index("version")] == "7.1.0"
        from participatory._version import __version__

        assert __version__ != "7.1.0"
