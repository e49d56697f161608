"""The docs site shows the docstrings' Sphinx roles as code, and the front pages' counts are core's."""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


docroles = _tool("docroles")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (":class:`Plan`", "``Plan``"),
        (":meth:`~participatory.Catalogue.graph`", "``graph``"),
        (":func:`participatory.load`", "``participatory.load``"),
        (":py:attr:`record_columns`", "``record_columns``"),
        (":meth:`Catalogue.graph() <participatory.Catalogue.graph>`", "``Catalogue.graph()``"),
    ],
)
def test_a_role_becomes_a_literal(text, shown):
    assert docroles.plain(f"See {text}.") == f"See {shown}."


def test_a_role_in_html_becomes_code_linked_where_the_page_has_its_entry():
    page = (
        '<h2 id="participatory.Plan">Plan</h2><p>See :class:<code>Plan</code>, '
        ":meth:<code>~participatory.Catalogue.graph</code> and :func:<code>x &lt;b&gt;</code>.</p>"
    )
    ids = {"participatory.Plan"}
    out = docroles.in_html(
        page, lambda t: next((f"#{n}" for n in (t, f"participatory.{t}") if n in ids), None)
    )
    assert '<a href="#participatory.Plan"><code>Plan</code></a>' in out
    assert "<code>graph</code>" in out
    assert "<code>x</code>" in out
    assert not docroles.ROLE_HTML.search(out)
    assert ":class:" not in out


def test_the_api_reference_has_no_role_left():
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert not docroles.ROLE.search(text), docroles.ROLE.search(text)


def test_every_public_docstring_role_is_one_the_rule_knows():
    """A role the rule does not match (``:ref:``, a typo) would show as literal text."""
    import participatory as pr

    role = re.compile(r":[a-z:]+:`")
    for name in pr.__all__:
        doc = getattr(getattr(pr, name), "__doc__", None) or ""
        left = role.findall(docroles.plain(doc))
        assert not left, (name, left)


def test_the_front_pages_say_how_big_core_is():
    gen = _tool("gen_catalogue_docs")
    data = gen.read_catalogue(gen.DEFAULT_CATALOGUE)[1]
    import participatory as pr

    core = pr.load("core")
    said = gen.counts_text(data)
    assert said.startswith(f"{len(core.techniques)} techniques, {len(core.resources)} resources")
    for page in gen.FRONT_PAGES:
        assert f"<!-- core counts -->{said}<!-- /core counts -->" in page.read_text(encoding="utf-8"), (
            f"{page.name}: run python tools/gen_catalogue_docs.py"
        )


def test_the_docs_page_on_installing_says_which_pip_reads_groups():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "--group docs" in readme
    assert "pip 25.1" in readme


@pytest.mark.skipif(importlib.util.find_spec("mkdocs") is None, reason="mkdocs is not installed")
def test_the_mkdocs_hook_applies_the_rule():
    hooks = _tool("mkdocs_hooks")
    page = '<h3 id="participatory.load">load</h3><p>:func:<code>load</code></p>'
    out = hooks.on_page_content(page, page=None, config=None, files=None)
    assert '<a href="#participatory.load"><code>load</code></a>' in out


def test_the_tools_run_as_scripts():
    for args in (["gen_api_docs.py", "--check"], ["gen_catalogue_docs.py", "--check"]):
        done = subprocess.run(
            [sys.executable, str(ROOT / "tools" / args[0]), *args[1:]],
            cwd=ROOT,
            capture_output=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
