"""The site as guidance: stage guides, people guides, technique "at a glance" boxes (issue 22, item 1)."""

import html as html_text
import re
from pathlib import Path

import pytest

import participatory as pr

pytest.importorskip("jinja2")

from participatory._guides import GLANCE
from participatory._publish import build_site


@pytest.fixture(scope="module")
def core():
    return pr.load("core")


@pytest.fixture(scope="module")
def site(core, tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(core, out, search=False)
    return out


def _text(path: Path) -> str:
    """Return a page's main text: tags removed, entities read, spaces squeezed."""
    html = path.read_text()
    main = re.search(r"<main.*?</main>", html, re.S)
    assert main is not None
    return re.sub(r"\s+", " ", html_text.unescape(re.sub(r"<[^>]+>", " ", main.group(0))))


def _section(html: str, heading: str) -> str:
    """Return the HTML of the section a heading opens (up to the next ``</section>``)."""
    at = html.index(f">{heading}</h2>")
    return html[at : html.index("</section>", at)]


def test_every_core_stage_has_steps_and_questions(core):
    for stage in core.stages.values():
        assert 3 <= len(stage.steps) <= 6, stage.id
        assert 2 <= len(stage.questions) <= 5, stage.id
        assert all(q.endswith("?") for q in stage.questions), stage.id


def test_a_stage_page_is_a_guide(core, site):
    ordered = sorted(core.stages.values(), key=lambda s: s.order)
    for at, stage in enumerate(ordered):
        html = (site / "stages" / stage.id / "index.html").read_text()
        text = _text(site / "stages" / stage.id / "index.html")
        steps = _section(html, "What to do at this stage")
        assert steps.count("<li>") == len(stage.steps), stage.id
        assert html_text.unescape(steps).find(stage.steps[0]) > 0
        for q in stage.questions:
            assert q in text
        # The guide comes before the long lists of links.
        assert html.index("What to do at this stage") < html.index("Everything linked to this stage")
        if at > 0:
            assert f"Previous stage: {ordered[at - 1].name}" in text
        if at + 1 < len(ordered):
            assert f"Next stage: {ordered[at + 1].name}" in text
        fitting = [t for t in core.techniques.values() if stage.id in t.stages]
        if fitting:
            assert f'href="../../find/index.html?stage={stage.id}"' in html
            picks = _section(html, "Techniques that fit this stage well")
            assert 1 <= picks.count("<li>") <= 5
            # Each pick is one of the stage's techniques, with a line on why.
            for tid in re.findall(r'techniques/([a-z0-9-]+)/index.html"', picks):
                assert stage.id in core.techniques[tid].stages
            assert re.search(r"</bdi></a>: <bdi>[A-Z]", picks)


def test_stage_resources_are_grouped_by_kind(core, site):
    html = (site / "stages" / "design" / "index.html").read_text()
    part = _section(html, "Resources for this stage")
    for r in core.resources.values():
        if "design" in r.stages:
            assert f"resources/{r.id}/index.html" in part
    # One heading per kind, and the flat list of resources is not repeated below.
    assert "<h3" in part
    assert "Resources for this stage" not in html[html.index("Everything linked to this stage") :]


def test_a_technique_page_opens_with_an_at_a_glance_box(core, site):
    tech = core.techniques["photovoice"]
    html = (site / "techniques" / "photovoice" / "index.html").read_text()
    box = _section(html, "At a glance")
    for label in ("Time it takes", "Cost", "Group size", "How it is run", "Depth of involvement"):
        assert f"<dt>{label}</dt>" in box
    # The box comes before the sections; its fields are not repeated under "What it takes".
    assert html.index("At a glance") < html.index(">About</h2>")
    assert html.count("<dt>Cost</dt>") == 1
    assert ("our estimate" in box) == any(n in tech.estimated for n in GLANCE)
    assert ("about/index.html#our-estimate" in box) == ("our estimate" in box)


def test_our_estimate_is_marked_only_on_estimated_fields(core, site):
    labels = {"Cost": "cost", "Group size": "group_size", "Time it takes": "duration"}
    seen = 0
    for tech in core.techniques.values():
        html = (site / "techniques" / tech.id / "index.html").read_text()
        if "At a glance" not in html:
            continue
        box = _section(html, "At a glance")
        for label, dd in re.findall(r"<div><dt>(.*?)</dt>\s*<dd>(.*?)</dd></div>", box, re.S):
            if label in labels:
                seen += 1
                assert ("(our estimate)" in dd) == (labels[label] in tech.estimated), (tech.id, label)
    assert seen > 50


def test_a_technique_page_has_one_list_of_related_techniques(core, site):
    for tid in ("photovoice", "citizens-jury", "focus-group"):
        if tid not in core.techniques:
            continue
        html = (site / "techniques" / tid / "index.html").read_text()
        assert html.count("Related techniques") == 1
        for gone in ("Similar techniques", "Techniques that work well with it", "Works well with"):
            assert gone not in html
        part = _section(html, "Related techniques")
        linked = re.findall(r'techniques/([a-z0-9-]+)/index.html"', part)
        assert len(linked) == len(set(linked))
        assert tid not in linked
        for partner in core.techniques[tid].pairs_with:
            assert partner in linked


def test_the_about_page_has_a_glossary(core, site):
    html = (site / "about" / "index.html").read_text()
    text = _text(site / "about" / "index.html")
    for part in ("Where the content comes from", "Words we use", "How to suggest a change"):
        assert f">{part}</h2>" in html
    for anchor in ("depth", "our-estimate", "involvement"):
        assert f'<dt id="{anchor}">' in html
    # IAP2: its level names and a link, with our own one-line meanings.
    assert 'href="../resources/iap2-spectrum/index.html"' in html
    for level in pr.Level:
        assert f"{str(level).capitalize()}: " in text
    assert core.info.title in text
    # Every page links to it.
    assert 'href="../../about/index.html"' in (site / "stages" / "design" / "index.html").read_text()
