"""A site built faster is the same site (issue 27): blocks made in Python, work done once per site."""

import datetime as dt
import random
import re
from pathlib import Path
from typing import Any

import pytest

import participatory as pr

pytest.importorskip("jinja2")

from participatory._errors import CatalogueError
from participatory._guides import paired_with, technique_guide
from participatory._html._site import _environment, _install_blocks, _mark_fallbacks
from participatory._locale import interface_words
from participatory._publish import PARALLEL_FROM, build_site, page_workers, search_pages
from participatory._site import site_data
from participatory._usage import outcomes_of

#: The Jinja2 macros that ``_install_blocks`` makes in Python, as they were written: the specification.
MACROS = """
{% macro ref(r, root) -%}
<a href="{{ root }}{{ r.path }}index.html" data-pagefind-ignore>{{ said(r.text, r.path.split("/")[1], "name", False)|bdi }}</a>
{%- endmacro %}

{% macro item(i, root, url=False, rid="", field="") -%}
{%- if i.path is defined %}{{ ref(i, root) }}{% elif url %}{{ i|link }}{% else %}{{ text(i, rid, field)|bdi }}{% endif -%}
{%- endmacro %}

{% macro fields(list, root, rid="") %}
<dl class="fields">
{% for f in list %}
  <dt{{ as_written(f.label) }}>{{ f.label|t }}</dt>
  <dd{{ english(rid, f.name) }}>{% if f.items|length == 1 %}{{ item(f.items[0], root, f.url, rid, f.name) }}{% else %}
    <ul>{% for i in f.items %}<li>{{ item(i, root, f.url, rid, f.name) }}</li>{% endfor %}</ul>
  {% endif %}{% if f.note %} <span class="provenance{% if f.note == 'our estimate' %} estimate{% endif %}">({{ f.note|t }})</span>{% endif %}{{ note(rid, f.name) }}</dd>
{% endfor %}
</dl>
{% endmacro %}

{% macro technique_list(pages, root, summaries=True) %}
<ul class="cards">
{% for p in pages %}
  <li><a href="{{ root }}{{ p.path }}index.html">{{ said(p.record.name, p.record.id, "name", False)|bdi }}</a>
  {% if summaries and (p.record.plain or p.record.summary) %}<p dir="auto"{{ english(p.record.id, "plain" if p.record.plain else "summary") }}>{{ p.record.plain or p.record.summary }}</p>{% endif %}</li>
{% endfor %}
</ul>
{% endmacro %}
"""  # noqa: E501


@pytest.mark.parametrize("language", ["en", "cy"])
def test_python_blocks_give_what_the_macros_gave(language):
    pytest.importorskip("babel")
    cat = pr.load("core", language=None if language == "en" else language)
    site = site_data(cat, base_url="https://example.org/", lazy=True)
    words = interface_words(language)
    env = _environment(words.translations if words else None)
    _mark_fallbacks(env, site)
    _install_blocks(env)
    macros: Any = env.from_string(MACROS).module
    python: Any = env.globals
    checked = 0
    for root in ("../../", "../../../"):
        for page in site.pages:
            rid = page.record.id
            for section in page.sections:
                if section.fields:
                    assert python["fields_html"](section.fields, root, rid) == macros.fields(
                        section.fields, root, rid
                    )
                    checked += 1
                    for f in section.fields:
                        for i in f.items:
                            got = python["item_html"](i, root, rid=rid, field=f.name)
                            assert got == macros.item(i, root, rid=rid, field=f.name)
                            assert python["item_html"](i, root, True, rid, f.name) == macros.item(
                                i, root, True, rid, f.name
                            )
            if page.glance:
                assert python["fields_html"](page.glance, root) == macros.fields(page.glance, root)
            for r in page.guide.related if page.guide else ():
                assert python["ref_html"](r, root) == macros.ref(r, root)
        for _, _, pages in site.kinds:
            for summaries in (True, False):
                got = python["technique_list_html"](pages, root, summaries=summaries)
                assert got == macros.technique_list(pages, root, summaries=summaries)
    assert checked > 300


def test_techniques_paired_with_one_are_found_in_one_pass():
    rng = random.Random(27)  # noqa: S311 (test data)
    core = pr.load("core")
    ids = list(core.techniques)
    for _ in range(3):
        techniques = [
            pr.Technique(
                id=f"t{i}",
                name=f"Technique {i}",
                pairs_with=tuple(rng.sample([*ids[:5], "t1", "t2"], k=rng.randint(0, 4))),
            )
            for i in range(30)
        ]
        cat = pr.Catalogue([*core.records(), *techniques])
        paired = paired_with(cat)
        for tech in cat.techniques.values():
            scanned = technique_guide(cat, tech, {}, {})
            assert technique_guide(cat, tech, {}, {}, paired) == scanned, tech.id


def _matches(glob: str, path: str) -> bool:
    """Say whether a site-relative path matches a Pagefind glob of ``{a,b}`` alternatives of ``*`` parts."""
    choices = glob.removeprefix("{").removesuffix("}").split(",")
    return any(re.fullmatch(re.escape(c).replace(r"\*", "[^/]*"), path) for c in choices)


def test_pagefind_reads_every_searchable_page(tmp_path):
    pytest.importorskip("babel")
    out = tmp_path / "site"
    cy = pr.load("core", language="cy")
    build_site(pr.load("core"), out, search=False, languages={"cy": cy}, contribute_url="a@example.org")
    glob = search_pages(["", "cy/"])
    searchable = skipped = 0
    for page in out.rglob("*.html"):
        path = page.relative_to(out).as_posix()
        if "data-pagefind-body" in page.read_text(encoding="utf-8"):
            assert _matches(glob, path), path
            searchable += 1
        elif not _matches(glob, path):
            skipped += 1
    assert searchable > 300
    assert skipped > 100  # the cards, the finder's pages: never read by Pagefind
    assert _matches(glob, "cy/techniques/photovoice/index.html")
    assert not _matches(glob, "techniques/photovoice/card/index.html")


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_site_written_by_several_processes_is_the_same(tmp_path):
    pytest.importorskip("babel")
    if page_workers(10**9) == 1:
        pytest.skip("pages are written by one process on this platform")
    core, cy = pr.load("core"), pr.load("core", language="cy")
    built = {}
    for workers in (1, 3):
        out = tmp_path / f"site-{workers}"
        build_site(
            core,
            out,
            search=False,
            languages={"cy": cy},
            base_url="https://example.org/ppi/",
            contribute_url="ppi@example.org",
            today=dt.date(2027, 1, 15),
            workers=workers,
        )
        built[workers] = _files(out)
    assert len(built[1]) > 1000
    assert built[3] == built[1]  # every page, the sitemap and the downloads, byte for byte


def test_an_error_in_a_worker_is_raised_as_in_one_process(tmp_path, monkeypatch):
    if page_workers(10**9) == 1:
        pytest.skip("pages are written by one process on this platform")
    import participatory._site as site_module

    made = site_module.record_page  # type: ignore[attr-defined]

    def failing(cat, g, rec, **kw):
        if rec.id == "photovoice":
            raise CatalogueError("photovoice: this page cannot be made")
        return made(cat, g, rec, **kw)

    monkeypatch.setattr(site_module, "record_page", failing)
    for workers in (1, 2):
        out = tmp_path / f"site-{workers}"
        with pytest.raises(CatalogueError, match="photovoice: this page cannot be made"):
            build_site(pr.load("core"), out, search=False, workers=workers)
        assert not out.exists()  # nothing half-written is left


def test_large_sites_are_written_by_several_processes_by_default():
    assert page_workers(PARALLEL_FROM - 1) == 1
    assert page_workers(PARALLEL_FROM) >= 1


def test_every_technique_s_outcomes_come_from_one_pass_over_the_cases():
    rng = random.Random(7)  # noqa: S311 (test data)
    core = pr.load("core")
    ids = list(core.techniques)[:6]
    cases = [
        pr.Case(
            id=f"case-{i}",
            name=f"Case {i}",
            techniques=tuple(rng.sample(ids, k=rng.randint(0, 3))),
            evaluated=rng.random() < 0.5,
            changes=tuple(rng.sample(["policy", "practice", "research-design"], k=rng.randint(0, 2))),
            outcomes=tuple(f"outcome {i}.{j}" for j in range(rng.randint(0, 2))),
        )
        for i in range(40)
    ]
    cat = pr.Catalogue([*core.records(), *cases])
    g = cat.graph()
    assert outcomes_of(cat, ids) == {t: g.outcomes(t) for t in ids}
    assert sum(o.cases for o in outcomes_of(cat, ids).values()) > 20
