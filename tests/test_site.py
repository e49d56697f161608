"""The static website: pages at stable addresses, escaping, JSON-LD, atomic builds, the CLI."""

import json
import re
import sys
import tomllib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

import participatory as pr
from participatory._cli import main
from participatory._io import atomic_directory

pytest.importorskip("jinja2")

from participatory._html._site import MARKER, build_site, json_for_script
from participatory._site import kind_folder, page_path, site_data

try:
    from participatory._html._site import search_command

    search_command()
    HAVE_PAGEFIND = True
except ImportError:
    HAVE_PAGEFIND = False

NASTY = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def core():
    return pr.load("core")


@pytest.fixture(scope="module")
def site(core, tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(core, out, search=HAVE_PAGEFIND, contribute_url="https://example.org/send")
    return out


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        for name in ("href", "src"):
            if found.get(name):
                self.links.append(str(found[name]))
        if tag == "script":
            self._script, self._text = found, []

    def handle_data(self, data):
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None


def _parse(path: Path) -> _Collect:
    parser = _Collect()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


# --------------------------------------------------------------------------- pages


def test_every_record_has_a_page_at_its_stable_address(core, site):
    for rec in core.records():
        assert (site / kind_folder(rec.record_kind) / rec.id / "index.html").is_file(), rec.id
    assert (site / "techniques" / "photovoice" / "index.html").is_file()
    assert (site / "stages" / "design" / "index.html").is_file()
    assert page_path(core["photovoice"]) == "techniques/photovoice/"


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "find/index.html",
        "find/stage/index.html",
        "find/stage/design/index.html",
        "find/level/collaborate/index.html",
        "map/index.html",
        "usage/index.html",
        "downloads/index.html",
        "contribute/index.html",
        "techniques/index.html",
        "cases/index.html",
        "downloads/catalogue.json",
        "downloads/catalogue.jsonld",
        "downloads/csv/nodes.csv",
        "downloads/csv/edges.csv",
        "downloads/licence.txt",
        "static/site.css",
        "static/finder.js",
        "static/contribute.js",
        MARKER,
    ],
)
def test_site_pages_exist(site, path):
    assert (site / path).is_file()


def test_home_page_offers_a_way_in_per_role(site):
    html = (site / "index.html").read_text()
    for role in (
        "I am planning a study",
        "I am a patient, carer or member of the public",
        "I lead involvement",
        "I work with data",
    ):
        assert role in html


def test_the_downloaded_catalogue_reads_back(core, site):
    back = pr.Catalogue.from_path(site / "downloads" / "catalogue.json")
    assert set(back) == set(core)
    assert "CC BY 4.0" in (site / "downloads" / "licence.txt").read_text()


def test_a_technique_page_shows_its_links_sources_and_catalogue(core, site):
    html = (site / "techniques" / "photovoice" / "index.html").read_text()
    tech = core.techniques["photovoice"]
    for sid in tech.stages:
        assert f'href="../../stages/{sid}/index.html"' in html
    for case in core.graph().cases_for("photovoice"):
        assert f"../../cases/{case.id}/index.html" in html
    similar = core.graph().similar("photovoice", n=5)
    assert "Similar techniques" in html
    assert f"../../techniques/{similar[0].id}/index.html" in html
    for source in tech.sources:
        assert f'href="{source.url}"' in html
    assert core.info.title in html


def test_a_stage_page_says_what_to_do_at_that_stage(core, site):
    html = (site / "stages" / "design" / "index.html").read_text()
    assert "Questions to ask at this stage" in html
    question = core.checklists["reflective-questions"].items[1].questions[0]
    assert question.replace("'", "&#39;") in html or question in html
    fitting = core.graph().techniques(stage="design")
    assert f"../../techniques/{fitting[0].id}/index.html" in html


def test_finder_lists_every_technique_with_its_facets(core, site):
    html = (site / "find" / "index.html").read_text()
    assert html.count('data-path="techniques/') == len(core.techniques)
    for legend in ("Research stage", "People to involve", "Depth of involvement", "How it is run", "Cost"):
        assert f"<legend>{legend}" in html
    assert 'role="status"' in html


def test_facet_value_pages_list_exactly_the_matching_techniques(core, site):
    g = core.graph()
    html = (site / "find" / "stage" / "design" / "index.html").read_text()
    listed = set(re.findall(r'href="\.\./\.\./\.\./techniques/([a-z0-9-]+)/index\.html"', html))
    assert listed == set(g.techniques(stage="design").ids)
    at_least = (site / "find" / "level" / "collaborate" / "index.html").read_text()
    listed = set(re.findall(r'href="\.\./\.\./\.\./techniques/([a-z0-9-]+)/index\.html"', at_least))
    expected = {t.id for t in core.techniques.values() if t.max_level and t.max_level >= pr.Level.COLLABORATE}
    assert listed == expected


def test_usage_charts_are_svg_with_the_same_numbers_in_a_table(core, site):
    html = (site / "usage" / "index.html").read_text()
    assert '<svg class="chart" role="img"' in html
    assert "<title id=" in html
    top = site_data(core).charts[0].rows[0]
    assert f"{top[0]}</a></th><td>{top[2]}</td>" in html


def test_no_internal_link_is_broken(site):
    broken = []
    for page in site.rglob("*.html"):
        if "pagefind" in page.parts:
            continue
        found = _parse(page)
        for href in found.links:
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("//", "data:")):
                continue
            if not parts.path:
                if parts.fragment and parts.fragment not in found.ids:
                    broken.append((page, href))
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target /= "index.html"
            if not target.is_file():
                broken.append((page.relative_to(site), href))
    assert broken == []


def test_nothing_is_loaded_from_another_site(site):
    for page in site.rglob("*.html"):
        if "pagefind" in page.parts:
            continue
        html = page.read_text()
        assert not re.search(r'(src|href)="(https?:)?//[^"]*\.(js|css|woff2?)"', html), page
        assert "<link" not in html.replace('<link rel="icon" href="data:,">', "").replace(
            '<link rel="stylesheet" href="', "<LOCAL"
        ), page


def test_every_record_page_embeds_parseable_json_ld(core, site):
    for rec in core.records():
        found = _parse(site / kind_folder(rec.record_kind) / rec.id / "index.html")
        blocks = [text for attrs, text in found.scripts if attrs.get("type") == "application/ld+json"]
        assert len(blocks) == 1, rec.id
        doc = json.loads(blocks[0])
        assert doc["@context"] == "https://schema.org"
        assert doc["name"] == rec.name
        assert doc["identifier"] == rec.id


def test_json_for_script_cannot_close_the_script_element():
    text = json_for_script({"name": "</script><!-- & -->"})
    assert "</" not in text
    assert "<!--" not in text
    assert json.loads(text) == {"name": "</script><!-- & -->"}


# --------------------------------------------------------------------------- hostile text


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    tech = pr.Technique(
        id="nasty",
        name=NASTY,
        summary="</script><!-- " + NASTY,
        aliases=('"><img src=x onerror=alert(1)>',),
        stages=("design",),
        sources=(pr.Source(title=NASTY, url="javascript:alert(1)", publisher="<i>x</i>"),),
    )
    stage = pr.Stage(id="design", name="Design " + NASTY, order=1)
    res = pr.Resource(
        id="res", name="R", kind=pr.ResourceKind.GUIDE, url=" JaVaScRiPt:alert(1)", techniques=("nasty",)
    )
    info = pr.CatalogueInfo(name="evil", title="Evil </title>" + NASTY, licence=NASTY)
    # Skip validation, which would refuse the javascript: addresses: the site must be
    # safe even for records that never passed through it.
    cat = pr.Catalogue([tech, stage, res], info=info, _checked=True)
    out = tmp_path_factory.mktemp("hostile") / "site"
    build_site(cat, out, search=False, contribute_url="javascript:alert(2)")
    return out


def test_hostile_text_is_escaped_everywhere(hostile_site):
    for page in hostile_site.rglob("*.html"):
        html = page.read_text()
        assert "<script>alert" not in html, page
        assert "<img src=x" not in html, page
        assert "<i>x</i>" not in html, page
        assert "</title>" + NASTY not in html, page


def test_javascript_urls_never_become_links(hostile_site):
    for page in hostile_site.rglob("*.html"):
        for href in _parse(page).links:
            assert "javascript" not in href.lower().replace(" ", ""), (page, href)


def test_hostile_json_ld_still_parses(hostile_site):
    found = _parse(hostile_site / "techniques" / "nasty" / "index.html")
    (text,) = [t for a, t in found.scripts if a.get("type") == "application/ld+json"]
    assert json.loads(text)["name"] == NASTY
    assert "</script" not in text


# --------------------------------------------------------------------------- atomicity


def test_atomic_directory_replaces_the_old_directory(tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    (target / "old.txt").write_text("old")
    with atomic_directory(target) as tmp:
        assert tmp.parent == tmp_path
        (tmp / "new.txt").write_text("new")
        assert (target / "old.txt").exists()  # untouched until the block ends
    assert sorted(p.name for p in target.iterdir()) == ["new.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_atomic_directory_keeps_the_old_directory_when_the_build_fails(tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    (target / "old.txt").write_text("old")

    def build() -> None:
        with atomic_directory(target) as tmp:
            (tmp / "half.txt").write_text("half")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        build()
    assert sorted(p.name for p in target.iterdir()) == ["old.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_atomic_directory_removes_temporaries_of_a_killed_build(tmp_path):
    dead = tmp_path / ".out.tmp-999999999-abc"  # no process has this id
    dead.mkdir()
    alive = tmp_path / ".out.tmp-1-abc"  # pid 1 always exists
    alive.mkdir()
    with atomic_directory(tmp_path / "out"):
        pass
    assert not dead.exists()
    assert alive.exists()


def test_a_failed_build_leaves_the_old_site(core, tmp_path, monkeypatch):
    out = tmp_path / "site"
    build_site(core, out, search=False)
    before = (out / "index.html").read_text()

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("participatory._html._site._write_downloads", broken)
    with pytest.raises(RuntimeError):
        build_site(core, out, search=False, title="Another title")
    assert (out / "index.html").read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_non_empty_directory_that_is_not_a_site_is_refused(core, tmp_path):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.docx").write_text("years of work")
    with pytest.raises(pr.CatalogueWriteError, match="--force"):
        build_site(core, out, search=False)
    assert (out / "thesis.docx").exists()
    build_site(core, out, search=False, force=True)
    assert not (out / "thesis.docx").exists()
    assert (out / MARKER).is_file()


def test_an_empty_directory_and_a_built_site_are_accepted(core, tmp_path):
    out = tmp_path / "empty"
    out.mkdir()
    build_site(core, out, search=False)
    build_site(core, out, search=False, title="Rebuilt")
    assert "Rebuilt" in (out / "index.html").read_text()


def test_a_file_as_output_is_refused(core, tmp_path):
    out = tmp_path / "file.html"
    out.write_text("x")
    with pytest.raises(pr.CatalogueWriteError, match="not a directory"):
        build_site(core, out, search=False, force=True)


# --------------------------------------------------------------------------- CLI and import


def test_cli_builds_a_site(tmp_path, capsys):
    out = tmp_path / "site"
    argv = ["site", "build", "core", "--output", str(out), "--title", "Our site"]
    if not HAVE_PAGEFIND:
        pytest.skip("Pagefind is not installed")
    assert main(argv) == 0
    assert "pages" in capsys.readouterr().err
    assert "Our site" in (out / "index.html").read_text()
    assert (out / "pagefind" / "pagefind.js").is_file()


def test_cli_refuses_a_directory_that_is_not_a_site(tmp_path, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    assert main(["site", "build", "core", "--output", str(out)]) == 1
    err = capsys.readouterr().err
    assert "--force" in err
    assert "Traceback" not in err


def test_cli_unknown_catalogue_is_a_usage_error(tmp_path, capsys):
    assert main(["site", "build", "no-such-catalogue", "--output", str(tmp_path / "s")]) == 2
    assert "no-such-catalogue" in capsys.readouterr().err


def test_cli_without_an_action_is_a_usage_error(capsys):
    assert main(["site"]) == 2
    assert "build" in capsys.readouterr().err


def test_cli_serve_needs_a_site(tmp_path, capsys):
    assert main(["site", "serve", str(tmp_path)]) == 2
    assert "no site here" in capsys.readouterr().err


def test_missing_extra_is_a_clean_usage_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "jinja2", None)  # makes `import jinja2` fail
    assert main(["site", "build", "core", "--output", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err
    assert "pip install 'participatory[site]'" in err
    assert "Traceback" not in err
    assert not (tmp_path / "s").exists()


def test_build_site_is_public_and_lazy():
    import subprocess

    code = "import sys, participatory; print('jinja2' in sys.modules, 'networkx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
    assert pr.build_site is build_site


def test_templates_and_static_files_are_package_data():
    from importlib.resources import files

    html = files("participatory._html")
    assert html.joinpath("templates", "record.html").is_file()
    assert html.joinpath("static", "site.css").is_file()


def test_pyproject_site_extra_matches_the_brief():
    root = Path(__file__).resolve().parents[1]
    extras = tomllib.loads((root / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert any(r.startswith("jinja2") for r in extras["site"])
    assert any(r.startswith("pagefind[bin]") for r in extras["site"])
    assert "participatory[site]" in extras["test-site"]
    assert "site" in re.split(r"[\[\],]", extras["all"][0])


def test_plugin_template_publishes_its_site_on_github_pages():
    from participatory._template import render

    workflow = render("arc-north")[".github/workflows/site.yml"]
    assert "participatory site build arc-north --output _site" in workflow
    assert "participatory[site]" in workflow
    assert "actions/upload-pages-artifact" in workflow
    assert "actions/deploy-pages" in workflow
    assert "${{ steps.pages.outputs.base_url }}" in workflow  # GitHub's expressions survive the template


def test_home_page_describes_the_dataset_in_json_ld(site):
    found = _parse(site / "index.html")
    (text,) = [t for a, t in found.scripts if a.get("type") == "application/ld+json"]
    doc = json.loads(text)
    assert doc["@type"] == "Dataset"
    assert doc["license"] == "CC BY 4.0"
    for download in doc["distribution"]:
        assert (site / download["contentUrl"]).is_file()


def test_similar_techniques_for_all_agree_with_graph_similar(core):
    from participatory._site import similar_techniques

    g = core.graph()
    everyone = similar_techniques(g, n=5)
    assert set(everyone) == set(core.techniques)
    for tid in core.techniques:
        assert everyone[tid] == g.similar(tid, n=5).ids, tid


def test_breadcrumbs_name_each_kind_in_the_plural(site):
    html = (site / "cases" / "ucl-ihi-public-working-group" / "index.html").read_text()
    assert '<a href="../../cases/index.html">Case stories</a>' in html
    html = (site / "stakeholders" / "patient" / "index.html").read_text()
    assert '<a href="../../stakeholders/index.html">People to involve</a>' in html
