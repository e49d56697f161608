"""The static website: pages at stable addresses, escaping, JSON-LD, atomic builds, the CLI."""

import contextlib
import csv
import html as html_text
import json
import re
import sys
import tomllib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

import participatory as pr
from participatory._cli import main
from participatory._io import atomic_directory

pytest.importorskip("jinja2")

from participatory._html._site import json_for_script
from participatory._html._text import record_text
from participatory._publish import MARKER, build_site
from participatory._site import kind_folder, page_path, site_data

try:
    from participatory._publish import search_command

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
        "search/index.html",
        "404.html",
        "static/search.js",
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


def test_every_page_has_a_search_box_that_leads_to_the_search_page(site):
    for path in ("index.html", "techniques/photovoice/index.html", "find/stage/design/index.html"):
        html = (site / path).read_text()
        depth = path.count("/")
        assert f'<form class="header-search" role="search" action="{"../" * depth}search/index.html"' in html
        assert 'name="q"' in html
    search = (site / "search" / "index.html").read_text()
    assert "Things to try" in search
    assert 'data-none="Nothing found for “{q}”."' in search


def test_search_labels_each_record_page_by_kind(site):
    html = (site / "techniques" / "photovoice" / "index.html").read_text()
    assert 'data-pagefind-filter="kind" data-pagefind-meta="kind">Technique<' in html
    assert '<h1 data-pagefind-weight="10"><bdi>Photovoice</bdi></h1>' in html  # isolated: see test_site_bidi


def test_the_missing_page_links_from_the_site_root(core, tmp_path):
    build_site(core, tmp_path / "a", search=False)
    html = (tmp_path / "a" / "404.html").read_text()
    assert "Page not found" in html
    assert 'href="/find/index.html"' in html
    assert 'action="/search/index.html"' in html
    build_site(core, tmp_path / "b", search=False, base_url="https://me.github.io/ppi/")
    html = (tmp_path / "b" / "404.html").read_text()
    assert 'href="/ppi/find/index.html"' in html
    assert 'href="/ppi/static/site.css"' in html


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
    assert "Related techniques" in html
    assert f"../../techniques/{similar[0].id}/index.html" in html
    for source in tech.sources:
        assert f'href="{source.url}"' in html
    # A site of one catalogue names no publisher under each title, and never a catalogue.
    assert "Written up by" not in html
    byline = re.search(r'<p class="kind"[^>]*>(.*?)</p>', html, re.S)
    assert byline is not None
    assert "catalogue" not in re.sub(r"<[^>]+>", "", byline[1]).lower()


def test_citations_show_their_year_or_no_date(core, site):
    """A page that prints no date is cited "n.d." (APA), never with the year left blank."""
    dated = [(r, s) for r in core.cases.values() for s in r.sources if s.year and s.publisher]
    undated = [(r, s) for r in core.cases.values() for s in r.sources if s.year is None and s.publisher]
    assert dated, "core has dated case citations"
    for record, source in dated[:3] + undated[:3]:
        year = str(source.year) if source.year else "n.d."
        html = (site / "cases" / record.id / "index.html").read_text()
        text = html_text.unescape(re.sub(r"\s+", " ", re.sub("</?bdi>", "", html)))  # record text isolated
        assert f"{source.publisher} ({year}). " in text, (record.id, source.title)
        assert f"({source.publisher}, {year})" in html_text.unescape(record._repr_html_())
        assert f"{source.title} ({source.publisher}, {year}) <{source.url}>" in record_text(record)


def test_a_stage_page_says_what_to_do_at_that_stage(core, site):
    html = (site / "stages" / "design" / "index.html").read_text()
    assert "Checklist items for this stage" in html
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


def test_usage_charts_are_text_with_the_same_numbers_in_a_table(core, site):
    html = (site / "usage" / "index.html").read_text()
    assert '<ol class="bars">' in html  # bars drawn in HTML: real text that wraps on a phone
    assert "<summary>Show the numbers" in html
    top = site_data(core).charts[0].rows[0]
    assert f"{top[0]}</bdi></a></th><td>{top[2]}</td>" in html
    assert f'<span class="bar-label"><bdi>{html_text.escape(top[0])}</bdi></span>' in html


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
            # The missing-page page links from the site's root (it is shown at any address).
            start = site if parts.path.startswith("/") else page.parent
            target = (start / unquote(parts.path).lstrip("/")).resolve()
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
        # Feeds are named for readers to follow (rel="alternate"), from this site's feeds/ only.
        html = re.sub(
            r'<link rel="alternate" type="[a-z/+]+" title="[^"]*" '
            r'href="(\.\./)*feeds/[a-z]+\.(xml|json|ics)">',
            "",
            html,
        )
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
    org = pr.Organisation(
        id="org",
        name=NASTY,
        country=NASTY,
        url="javascript:alert(3)",
        scope=("national",),
        techniques=("nasty",),
    )
    info = pr.CatalogueInfo(name="evil", title="Evil </title>" + NASTY, licence=NASTY)
    # Skip validation, which would refuse the javascript: addresses: the site must be
    # safe even for records that never passed through it.
    cat = pr.Catalogue([tech, stage, res, org], info=info, _checked=True)
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


def test_hostile_organisations_are_escaped_in_pages_and_charts(hostile_site):
    page = (hostile_site / "organisations" / "org" / "index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    usage = (hostile_site / "usage" / "index.html").read_text()
    assert 'id="by-country-h"' in usage
    assert "&lt;script&gt;" in usage


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

    monkeypatch.setattr("participatory._publish._write_downloads", broken)
    with pytest.raises(RuntimeError):
        build_site(core, out, search=False, title="Another title")
    assert (out / "index.html").read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_non_empty_directory_that_is_not_a_site_is_refused(core, tmp_path):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.docx").write_text("years of work")
    with pytest.raises(pr.CatalogueWriteError, match="force=True"):
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


# --------------------------------------------------------------------------- organisations, usage, new facets

ORGS = Path(__file__).parent / "data" / "site-organisations.toml"


@pytest.fixture(scope="module")
def org_cat(core):
    return core.merge(pr.Catalogue.from_path(ORGS, context=core))


@pytest.fixture(scope="module")
def org_site(org_cat, tmp_path_factory):
    out = tmp_path_factory.mktemp("orgs") / "site"
    build_site(org_cat, out, search=False)
    return out


def _fields(html: str) -> dict[str, str]:
    """Return a page's labelled fields as {label: text of its value}, tags removed."""
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", html, flags=re.S)
    return {label: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", value)).strip() for label, value in pairs}


def _links(html: str, folder: str) -> set[str]:
    return set(re.findall(rf'href="(?:\.\./)+{folder}/([a-z0-9-]+)/index\.html"', html))


def test_an_organisation_page_says_what_it_is_and_links_what_it_does(org_cat, org_site):
    org = org_cat.organisations["test-heart-charity"]
    html = (org_site / "organisations" / org.id / "index.html").read_text()
    assert "A charity or community group based in the United Kingdom, working at national level." in html
    fields = _fields(html)
    assert fields["Kind of organisation"] == "Charity or community group"
    assert fields["Country"] == "United Kingdom"
    assert _links(html, "techniques") == set(org.techniques)
    assert _links(html, "stakeholders") == set(org.stakeholders)
    ran = {c.id for c in org_cat.cases.values() if org.id in c.organisations}
    assert ran == {"test-heart-jury", "test-photo-walk"}
    assert _links(html, "cases") == ran
    assert "Case stories it ran or took part in" in html
    assert f'href="{org.sources[0].url}"' in html
    assert f'href="{org.url}"' in html
    assert (org_site / "organisations" / "index.html").is_file()


def test_an_organisation_page_has_organisation_json_ld(org_site):
    found = _parse(org_site / "organisations" / "test-city-council" / "index.html")
    (text,) = [t for a, t in found.scripts if a.get("type") == "application/ld+json"]
    doc = json.loads(text)
    assert doc["@type"] == "Organization"
    assert doc["address"] == {"@type": "PostalAddress", "addressCountry": "Canada"}


def test_a_case_page_links_its_organisations(org_cat, org_site):
    case = org_cat.cases["test-heart-jury"]
    html = (org_site / "cases" / case.id / "index.html").read_text()
    assert _links(html, "organisations") == set(case.organisations)
    fields = _fields(html)
    assert fields["Country"] == "United Kingdom"
    assert fields["Kinds of change"] == "Policy Practice"
    assert fields["Formally evaluated"] == "Yes"


def test_a_stakeholder_page_links_the_organisations_that_work_with_them(org_site):
    html = (org_site / "stakeholders" / "carer" / "index.html").read_text()
    assert "Organisations that work with them" in html
    assert "test-heart-charity" in _links(html, "organisations")


def test_a_technique_page_rolls_up_what_its_cases_changed(org_cat, org_site):
    g = org_cat.graph()
    roll = g.outcomes("photovoice")
    assert roll.cases >= 3  # core's case and the two test cases
    assert roll.evaluated >= 1
    top, _ = roll.changes[0]
    html = (org_site / "techniques" / "photovoice" / "index.html").read_text()
    said = f"Used in {roll.cases} case stories on this site, {roll.evaluated} formally evaluated"
    assert f"{said}, most often changing {top.replace('-', ' ')}." in html
    kinds = _fields(html)["Kinds of change"]
    for change, n in roll.changes:
        assert f"{change.replace('-', ' ').capitalize()} ({n} case stor{'y' if n == 1 else 'ies'})" in kinds
    assert "The council changed its heart services plan." in html
    users = {
        r["organisation"] for r in g.usage(by="organisation", technique="photovoice") if r["organisations"]
    }
    assert {"test-heart-charity", "test-city-council"} <= users  # one lists it, one ran a case with it
    linked = re.search(r"<dt>Organisations that use it</dt>\s*<dd>(.*?)</dd>", html, flags=re.S)
    assert linked is not None
    assert _links(linked.group(1), "organisations") == users


def test_a_technique_no_case_used_says_so(org_site):
    html = (org_site / "techniques" / "test-easy-read-panel" / "index.html").read_text()
    assert "No case story on this site has used it yet." in html


def test_a_technique_page_says_its_new_facets_in_plain_words(org_site):
    html = (org_site / "techniques" / "test-easy-read-panel" / "index.html").read_text()
    fields = _fields(html)
    assert fields["What kind of thing it is"].startswith("A tool:")
    assert fields["Time asked of each contributor"].startswith("Hours")
    assert fields["Time to prepare"].startswith("Days")
    assert fields["Facilitation skill needed"] == "None: anyone can run it from a guide"
    assert fields["Needs the internet"] == "No: people can take part without it"
    formats = "Easy read British Sign Language (BSL) (from Test easy read panel guide)"
    assert fields["Formats offered"] == formats
    assert fields["Ages it suits"] == "Ages 16 and over"
    assert "Does it work?" in html
    assert fields["Strength of the evidence"].startswith("Emerging")
    assert fields["What the evidence shows"] == "One evaluation found readers understood more."
    assert 'href="https://example.org/easy-read-evaluation"' in html


def test_each_number_on_a_technique_page_says_where_it_comes_from(org_cat, org_site):
    tech = org_cat.techniques["test-easy-read-panel"]
    assert set(tech.estimated) == {"cost", "group_size"}
    fields = _fields((org_site / "techniques" / tech.id / "index.html").read_text())
    for label in ("Cost", "Group size"):
        assert fields[label].endswith("(our estimate)"), label
    assert fields["Time it takes"].endswith("(from Test easy read panel guide)")  # its source says
    for label in (
        "From start to finish",
        "Time asked of each contributor",
        "Time to prepare",
    ):
        assert fields[label].endswith("(from the sources)"), label
    assert "(" not in fields["Facilitation skill needed"]  # not a number: no mark


def test_core_techniques_mark_every_number_they_have(core, site):
    from participatory._model import ESTIMABLE
    from participatory._pages import _own_fields

    for tech in core.techniques.values():
        html = (site / "techniques" / tech.id / "index.html").read_text()
        marks = html.count('class="provenance')
        shown = _own_fields(core, tech)  # a field a source states is marked where it is shown
        stated = {n for s in tech.sources for n in s.supports if n not in ESTIMABLE and n in shown}
        assert marks == sum(1 for name in ESTIMABLE if getattr(tech, name)) + len(stated), tech.id
        assert html.count("(our estimate)") == len(tech.estimated), tech.id


def _table_rows(html: str, caption_id: str) -> list[list[str]]:
    table = html.split(f'id="{caption_id}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1], flags=re.S)
    cells = (re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r) for r in rows)
    return [[html_text.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in row] for row in cells]


@pytest.mark.parametrize("by", ["sector", "country", "stakeholder"])
def test_usage_tables_give_the_numbers_of_g_usage(org_cat, org_site, by):
    """The long cross-tables are downloads (every row), linked from the page with their size."""
    html = (org_site / "usage" / "index.html").read_text()
    g = org_cat.graph()
    assert f'id="by-{by}-h"' in html
    file = org_site / "downloads" / f"usage-by-{by}.csv"
    assert f'href="../downloads/usage-by-{by}.csv" download' in html
    size = file.stat().st_size
    assert f"{len(g.usage(by=by).to_records())} rows, spreadsheet, " in html
    assert size > 0
    with file.open(encoding="utf-8-sig", newline="") as f:
        header, *rows = list(csv.reader(f))
    assert header[0] == "Technique"
    assert header[2:] == ["Case stories", "Organisations"]
    every = g.usage(by=by).to_records()
    assert len(rows) == len(every)
    assert [(r[2], r[3]) for r in rows] == [(str(e["cases"]), str(e["organisations"])) for e in every]
    assert [r[0] for r in rows] == [org_cat[e["technique"]].name for e in every]
    # The chart: different techniques per group (over every row, not only those listed).
    from participatory._usage import NOT_STATED
    from participatory._words import SECTOR_WORDS as _SECTOR_WORDS

    def label(value: str) -> str:
        if value == NOT_STATED:
            return "Not stated"
        if by == "sector":
            return _SECTOR_WORDS[pr.Sector(value)]
        rec = org_cat.get(value) if by == "stakeholder" else None
        return rec.name if rec is not None else value

    per_group: dict[str, set[str]] = {}
    for e in every:
        per_group.setdefault(label(e[by]), set()).add(e["technique"])
    chart = {r[0]: int(r[1]) for r in _table_rows(html, f"by-{by}-t")}
    assert chart == {k: len(v) for k, v in per_group.items()}


def test_usage_page_explains_what_is_counted(org_site):
    html = (org_site / "usage" / "index.html").read_text()
    assert "What is counted" in html
    assert "counted once" in html
    assert "Charity or community group" in html  # sectors in words, not slugs


def test_usage_draws_no_chart_when_there_is_nothing_to_show(tmp_path):
    # Cases without organisations or countries: no chart by sector or by country.
    records = [
        pr.Stage(id="design", name="Design", order=1),
        pr.Stakeholder(id="patient", name="Patient"),
        pr.Technique(id="jury", name="Jury", stages=("design",)),
        pr.Case(id="c1", name="C1", techniques=("jury",), stakeholders=("patient",)),
    ]
    build_site(pr.Catalogue(records, info=pr.CatalogueInfo(name="small")), tmp_path / "s", search=False)
    html = (tmp_path / "s" / "usage" / "index.html").read_text()
    assert 'id="by-sector-h"' not in html
    assert 'id="by-country-h"' not in html
    assert 'id="by-stakeholder-h"' in html
    build_site(
        pr.Catalogue(records[:3], info=pr.CatalogueInfo(name="no-cases")), tmp_path / "e", search=False
    )
    empty = (tmp_path / "e" / "usage" / "index.html").read_text()
    assert "<svg" not in empty
    assert "nothing to count" in empty


def _listed(page: Path) -> set[str]:
    return set(re.findall(r'href="\.\./\.\./\.\./techniques/([a-z0-9-]+)/index\.html"', page.read_text()))


@pytest.mark.parametrize(
    ("facet", "slug", "query"),
    [
        ("form", "method", {"form": "method"}),
        ("form", "tool", {"form": "tool"}),
        ("facilitation", "none", {"facilitation": "none"}),
        ("facilitation", "some", {"facilitation": "some"}),
        ("internet", "not-needed", {"internet": False}),
        ("formats", "easy-read", {"formats": "easy-read"}),
        ("formats", "bsl", {"formats": "bsl"}),
        ("contributor-time", "weeks", {"contributor_time": "weeks"}),
        ("lead-time", "days", {"lead_time": "days"}),
    ],
)
def test_new_facet_value_pages_list_what_g_techniques_returns(org_cat, org_site, facet, slug, query):
    expected = set(org_cat.graph().techniques(**query).ids)
    assert expected
    assert _listed(org_site / "find" / facet / slug / "index.html") == expected


def test_age_pages_list_the_techniques_that_suit_someone_in_the_band(org_cat, org_site):
    from participatory._words import AGE_BANDS

    g = org_cat.graph()
    for slug, _, youngest, oldest in AGE_BANDS:
        expected = {t for age in range(youngest, (oldest or 120) + 1) for t in g.techniques(age=age).ids}
        page = org_site / "find" / "age" / slug / "index.html"
        assert (_listed(page) if page.is_file() else set()) == expected, slug


def test_finder_offers_the_new_filters_in_fieldsets(org_site):
    html = (org_site / "find" / "index.html").read_text()
    for legend in (
        "Kind of technique",
        "Facilitation skill needed (at most)",
        "Internet",
        "Formats offered",
        "Ages of the people taking part",
        "Time asked of each contributor (at most)",
    ):
        assert f"<legend>{legend}" in html, legend
    assert '<fieldset data-how="all" id="facet-formats">\n    <legend>Formats offered' in html
    assert 'type="radio" id="f-facilitation-some"' in html
    assert 'type="checkbox" id="f-internet-not-needed"' in html
    assert 'type="checkbox" id="f-formats-bsl"' in html  # every one ticked: several at once
    assert 'id="f-formats-any"' not in html
    assert 'data-formats="easy-read bsl"' in html
    browse = (org_site / "find" / "formats" / "index.html").read_text()
    assert "British Sign Language (BSL)" in browse


@contextlib.contextmanager
def _serving(site: Path) -> Iterator[str]:
    """Run `participatory site serve SITE --port 0`; yield its address; stop it afterwards."""
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "participatory", "site", "serve", str(site), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stderr.readline() if proc.stderr else ""  # "serving DIR at http://127.0.0.1:PORT/"
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line
        yield f"http://127.0.0.1:{match[1]}/"
    finally:
        proc.terminate()
        proc.communicate(timeout=10)  # reaps the process and closes its stderr


def _get(url: str) -> tuple[int, str]:
    """Return the status and text of a GET of ``url`` on loopback (retried until the server is up)."""
    import time
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + 20
    while True:  # bounded: the server is up once it has printed its address
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            with e:
                return e.code, e.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_cli_serve_serves_the_site_on_loopback(site):
    """`participatory site serve DIR --port 0` answers on 127.0.0.1 and stops when asked."""
    with _serving(site) as address:
        status, page = _get(f"{address}techniques/photovoice/")
    assert status == 200
    assert "Photovoice" in page


def test_cli_serve_answers_a_missing_page_with_the_sites_404_page(site, tmp_path):
    """A missing address gets status 404 and the site's own page, with its search box and ways in."""
    own = (site / "404.html").read_text()
    with _serving(site) as address:
        for missing in ("no/such/page/", "techniques/no-such-technique/index.html", "x.css"):
            status, page = _get(address + missing)
            assert status == 404, missing
            assert page == own
        assert _get(address)[0] == 200
    assert "<h1>Page not found</h1>" in own
    assert 'action="/search/index.html"' in own
    # A site without a 404.html: the plain answer, still 404.
    bare = tmp_path / "bare"
    bare.mkdir()
    (bare / "index.html").write_text("<!doctype html><title>x</title>")
    with _serving(bare) as address:
        status, page = _get(address + "missing/")
    assert status == 404
    assert "Page not found" not in page


def test_finder_cards_say_stage_depth_cost_and_how_it_is_run(core, site):
    html = (site / "find" / "index.html").read_text()
    card = html.split('data-path="techniques/photovoice/"', 1)[1].split("</li>", 1)[0]
    tech = core.techniques["photovoice"]
    assert f"<dt>Stages</dt><dd>{core.stages[tech.stages[0]].name}" in card
    assert "<dt>Depth</dt><dd>" in card
    if tech.cost is not None:
        assert "<dt>Cost</dt><dd>" in card
    assert "<dt>Run</dt><dd>" in card


def _legend(html: str, facet: str) -> str:
    return html.split(f'id="facet-{facet}"', 1)[1].split("</legend>", 1)[0]


def test_each_depth_level_says_what_it_means_and_sparse_filters_say_so(org_site, org_cat, tmp_path):
    html = (org_site / "find" / "index.html").read_text()
    assert "Involve: people work with researchers throughout an activity" in html
    assert 'data-label="Involve"' in html
    # The note follows the data: formats carry it exactly while fewer than half the
    # techniques have them (the built-in catalogue passed half in its third edition).
    known = sum(bool(t.formats) for t in org_cat.techniques.values())
    total = len(org_cat.techniques)
    note = f"known for only {known} of {total} techniques"
    assert (note in _legend(html, "formats")) == (known * 2 < total)
    assert "known for only" not in _legend(html, "stage")
    # A catalogue where one technique in three has formats: the filter says so.
    records = [pr.Stage(id="design", name="Design", order=1)] + [
        pr.Technique(id=f"t{i}", name=f"T{i}", stages=("design",), formats=(pr.Format.BSL,) if i == 0 else ())
        for i in range(3)
    ]
    build_site(pr.Catalogue(records, info=pr.CatalogueInfo(name="sparse")), tmp_path / "s", search=False)
    small = (tmp_path / "s" / "find" / "index.html").read_text()
    assert "(known for only 1 of 3 techniques)" in _legend(small, "formats")
    assert "known for only" not in _legend(small, "stage")


def test_imported_write_ups_of_a_technique_link_each_other(core, tmp_path):
    """Participedia's Photovoice and the core one link each other, each saying whose it is."""
    imported = pr.import_participedia(
        Path(__file__).parent / "data" / "participedia" / "methods.csv", None, core=core
    ).catalogue
    merged = core.merge(imported)
    build_site(merged, tmp_path / "s", search=False)
    mine = (tmp_path / "s" / "techniques" / "photovoice" / "index.html").read_text()
    theirs = (tmp_path / "s" / "techniques" / "participedia-photovoice" / "index.html").read_text()
    assert "Other write-ups of this technique" in mine
    # Whose write-up each is, in plain words: the publisher, never a catalogue's title.
    assert "Photovoice (Participedia)</bdi></a>" in mine
    assert f"{core.techniques['photovoice'].name} (The participatory project)</bdi></a>" in theirs
    assert "Written up by: <span" in mine
    bylines = [re.search(r'<p class="kind".*?</p>', page, re.S) for page in (mine, theirs)]
    assert bylines[0] is not None
    assert "The participatory project" in bylines[0][0]
    assert bylines[1] is not None
    assert "Participedia" in bylines[1][0]
    for page in (mine, theirs):
        byline = re.search(r'<p class="kind"[^>]*>(.*?)</p>', page, re.S)
        assert byline is not None
        assert "catalogue" not in re.sub(r"<[^>]+>", "", byline[1]).lower()
    finder = (tmp_path / "s" / "find" / "index.html").read_text()
    assert "Another write-up of the same technique" in finder
    # An imported technique that carries a facet stays in that filter's list.
    online = (tmp_path / "s" / "find" / "mode" / "online" / "index.html").read_text()
    assert "techniques/participedia-photovoice/" in online


def test_without_an_address_to_send_to_there_is_no_share_page(core, tmp_path):
    build_site(core, tmp_path / "s", search=False)
    assert not (tmp_path / "s" / "contribute").exists()
    for page in ("index.html", "techniques/photovoice/index.html"):
        assert "contribute/" not in (tmp_path / "s" / page).read_text()
    build_site(core, tmp_path / "j", search=False, contribute_url="javascript:alert(1)")
    assert not (tmp_path / "j" / "contribute").exists()


def test_an_email_address_becomes_the_place_to_send_stories(core, tmp_path):
    build_site(core, tmp_path / "s", search=False, contribute_url="mailto:ppi@example.org")
    html = (tmp_path / "s" / "contribute" / "index.html").read_text()
    assert 'href="mailto:ppi@example.org"' in html
    assert 'data-send-kind="mail" data-send-to="ppi@example.org"' in html
    build_site(core, tmp_path / "t", search=False, contribute_url="ppi@example.org?bcc=x@y.org", force=True)
    assert not (tmp_path / "t" / "contribute").exists()


def test_the_form_checks_with_the_catalogues_own_rules(site):
    from participatory._checks import MAX_YEAR, MIN_YEAR
    from participatory._schema import SLUG

    html = (site / "contribute" / "index.html").read_text()
    found = re.search(r'data-rules="([^"]*)"', html)
    assert found is not None
    rules = json.loads(html_text.unescape(found[1]))
    assert rules["slug"] == f"^{SLUG.pattern}$"
    assert (rules["min_year"], rules["max_year"]) == (MIN_YEAR, MAX_YEAR)
    assert "\\u007f" in rules["bad"]


def test_the_site_speaks_plainly(core, site):
    """A human title by default, acronyms as written, no internal words in the interface."""
    from participatory._site import DEFAULT_TITLE, words

    assert words("uk") == "UK"
    assert words("nihr-arc") == "NIHR ARC"
    assert words("co-design") == "Co-design"
    assert words("under-served-groups") == "Under-served groups"
    home = (site / "index.html").read_text()
    assert f"<h1>{DEFAULT_TITLE}</h1>" in home
    mangled = re.compile(r"\b(Uk|Nihr|Nhs|Ai|Pcori)\b|Co design|Crosswalk|TOML|Keywords")
    for page in site.rglob("index.html"):
        if "pagefind" not in page.parts:
            text = re.sub(r"<[^>]+>", " ", page.read_text())
            assert not mangled.search(text), (page, mangled.search(text))


def test_the_plain_summary_comes_first(core, tmp_path):
    tech = pr.Technique(id="t", name="T", summary="Professional words.", plain="Plain words.")
    cat = pr.Catalogue([tech], info=pr.CatalogueInfo(name="p"))
    build_site(cat, tmp_path / "s", search=False, title="My title")
    html = (tmp_path / "s" / "techniques" / "t" / "index.html").read_text()
    assert html.index("Plain words.") < html.index("Professional words.")
    assert '<meta name="description" content="Plain words.">' in html
    assert "<title>\u2068T\u2069 | \u2068My title\u2069</title>" in html  # Unicode isolates


def test_the_techniques_spreadsheet_has_one_readable_row_per_technique(core, site):
    import zipfile

    with (site / "downloads" / "techniques.csv").open(encoding="utf-8-sig", newline="") as f:
        header, *rows = list(csv.reader(f))
    assert len(rows) == len(core.techniques)
    assert header[:3] == ["Name", "In short", "Also called"]
    photovoice = next(r for r in rows if r[0] == "Photovoice")
    stages = photovoice[header.index("Research stages")]
    assert core.stages[core.techniques["photovoice"].stages[0]].name in stages
    for row in rows:
        assert not any(c.startswith(("{", "[")) for c in row)  # no JSON in cells
    with zipfile.ZipFile(site / "downloads" / "techniques.xlsx") as book:
        strings = book.read("xl/worksheets/sheet1.xml").decode("utf-8")  # text in its rows
    assert "Photovoice" in strings
    assert "Research stages" in strings
    page = (site / "downloads" / "index.html").read_text()
    size = (site / "downloads" / "techniques.csv").stat().st_size
    assert f"(CSV, {size / 1000:.1f} kB)" in page


def test_the_spreadsheet_says_how_to_run_each_technique_in_numbered_steps(core, site):
    """Read back as people open them: the CSV with pandas, the XLSX with openpyxl (one step a line)."""
    pd = pytest.importorskip("pandas")
    openpyxl = pytest.importorskip("openpyxl")
    downloads = site / "downloads"
    table = pd.read_csv(downloads / "techniques.csv", encoding="utf-8-sig", keep_default_na=False)
    book = openpyxl.load_workbook(downloads / "techniques.xlsx", read_only=True)
    rows = book["Techniques"].iter_rows(values_only=True)
    sheet = [tuple("" if c is None else str(c) for c in row) for row in rows]
    book.close()
    assert list(table.columns) == list(sheet[0])
    assert "How to run it" in sheet[0]
    by_name = {t.name: t for t in core.techniques.values()}
    steps = sheet[0].index("How to run it")
    for xlsx_row, (_, csv_row) in zip(sheet[1:], table.iterrows(), strict=True):
        tech = by_name[csv_row["Name"]]
        expected = "\n".join(f"{n}. {step}" for n, step in enumerate(tech.how_to, 1))
        assert csv_row["How to run it"] == expected == xlsx_row[steps], tech.id
        assert expected.startswith("1. ")
    assert len(table) == len(core.techniques)


def test_each_technique_has_a_printable_one_page_card(core, site):
    tech = core.techniques["photovoice"]
    page = (site / "techniques" / "photovoice" / "index.html").read_text()
    assert '<a href="card/index.html">Print a one-page card</a>' in page
    card = (site / "techniques" / "photovoice" / "card" / "index.html").read_text()
    assert "<h2>At a glance</h2>" in card
    assert html_text.escape(tech.plain or tech.summary, quote=False) in card
    steps = card.split("<h2>How to run it</h2>", 1)[1].split("</ol>", 1)[0]
    assert steps.count("<li>") == len(tech.how_to) > 0
    assert html_text.escape(tech.how_to[-1], quote=False) in steps
    assert "data-pagefind-body" not in card  # not a search result of its own
