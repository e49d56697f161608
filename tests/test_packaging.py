"""The installed package: version, typing marker, shipped data, lazy import."""

import subprocess
import sys
from importlib import metadata
from importlib.resources import files

import participatory as pr


def test_version_matches_the_installed_metadata():
    assert pr.__version__ == metadata.version("participatory")


def test_py_typed_is_shipped():
    assert (files("participatory") / "py.typed").is_file()


def test_the_core_catalogue_is_found_installed_or_from_a_checkout():
    assert (pr.core_path() / "catalogue.toml").is_file()


def test_all_names_exist_and_are_sorted():
    assert pr.__all__ == sorted(pr.__all__)
    for name in pr.__all__:
        assert getattr(pr, name) is not None


def test_import_loads_no_networkx_and_scans_no_plugin():
    code = (
        "import sys, participatory\n"
        "bad = [m for m in ('networkx', 'importlib.metadata', 'participatory._registry', "
        "'participatory._graph') if m in sys.modules]\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_api_reference_is_up_to_date():
    """docs/api.md is generated from the docstrings; regenerate it when they change."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    run = subprocess.run(
        [sys.executable, str(root / "tools" / "gen_api_docs.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr


def test_every_public_name_has_a_docstring():
    import inspect

    missing = [name for name in pr.__all__ if name != "__version__" and not inspect.getdoc(getattr(pr, name))]
    assert missing == []
