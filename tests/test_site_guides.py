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
    assert core.info.publisher in text  # who wrote it, not the catalogue's title
    # Every page links to it.
    assert 'href="../../about/index.html"' in (site / "stages" / "design" / "index.html").read_text()


#: Groups of people who take part themselves: their pages speak to them.
LAY = (
    "patient",
    "carer",
    "public",
    "service-user",
    "expert-by-experience",
    "peer-researcher",
    "research-participant",
    "young-person",
    "community-leader",
)
#: Professional groups whose pages say what they need to do.
PROFESSIONAL = (
    "researcher",
    "involvement-lead",
    "clinician",
    "funder",
    "ethics-committee",
    "data-scientist",
    "data-custodian",
    "care-practitioner",
    "policymaker",
    "industry",
)
#: Organisations that work with research teams as partners: spoken to as partners (how they can
#: take part, what to expect of a partnership, payment), not told what they must do.
PARTNERS = ("community-organisation", "patient-advocacy-organisation")
PAYMENT_GUIDANCE = "https://www.invo.org.uk/posttypepublication/what-you-need-to-know-about-payment/"


def test_every_lay_group_page_speaks_to_them(core, site):
    for sid in LAY:
        who = core.stakeholders[sid]
        assert who.take_part, sid
        assert all((who.expect, who.payment, who.support, who.stopping)), sid
        html = (site / "stakeholders" / sid / "index.html").read_text()
        for heading in ("How you can take part", "What to expect", "Payment and expenses", "Support"):
            assert f">{heading}</h2>" in html, (sid, heading)
        assert ">If you want to stop</h2>" in html
        # Payment: signposted to the payer's policy, never a figure we cannot source.
        payment = _section(html, "Payment and expenses")
        assert "resources/nihr-payment-policy/index.html" in payment
        assert not re.search(r"£\s*\d|\d+\s*(pounds|an hour|per hour)", html_text.unescape(payment))
        assert "benefits adviser" in who.payment
        assert any(s.url == PAYMENT_GUIDANCE for s in who.sources), sid
        # The guide comes before the record's own fields.
        assert html.index("How you can take part") < html.index(">About</h2>")
        assert f"find/index.html?people={sid}" in html or not any(
            sid in t.stakeholders for t in core.techniques.values()
        )


def test_every_professional_page_says_what_to_do(core, site):
    for sid in PROFESSIONAL:
        who = core.stakeholders[sid]
        assert 2 <= len(who.to_do) <= 6, sid
        html = (site / "stakeholders" / sid / "index.html").read_text()
        steps = _section(html, "What you need to do")
        assert steps.count("<li>") == len(who.to_do)
        assert "How you can take part" not in html  # spoken to them, not to the public


def test_every_partner_organisation_page_speaks_to_them_as_partners(core, site):
    for sid in PARTNERS:
        who = core.stakeholders[sid]
        assert 3 <= len(who.take_part) <= 6, sid
        assert who.expect, sid
        assert who.payment, sid
        assert not who.to_do, sid
        html = (site / "stakeholders" / sid / "index.html").read_text()
        for heading in ("How you can take part", "What to expect", "Payment and expenses"):
            assert f">{heading}</h2>" in html, (sid, heading)
        assert ">What you need to do</h2>" not in html
        assert _section(html, "How you can take part").count("<li>") == len(who.take_part)
        payment = _section(html, "Payment and expenses")
        assert not re.search(r"£\s*\d|\d+\s*(pounds|an hour|per hour)", html_text.unescape(payment))
        # The guide comes before the record's own fields.
        assert html.index("How you can take part") < html.index(">About</h2>")


def test_every_group_of_people_has_guidance(core):
    """No people page is a bare list: every group in the built-in catalogue is in one of the three."""
    assert set(LAY) | set(PROFESSIONAL) | set(PARTNERS) == set(core.stakeholders)


def test_people_guides_are_plain_and_cite_what_they_say(core):
    from participatory._readability import readability

    for who in core.stakeholders.values():
        parts = [*who.take_part, who.expect, who.payment, who.support, who.stopping, *who.to_do]
        text = " ".join(p for p in parts if p)
        if not text:
            continue
        assert readability(text).grade <= 10, who.id
        for part in parts:
            if part:
                assert readability(part).grade <= 10, (who.id, part)
        # Guidance is sourced: more than the one source of the definition, each read by us.
        assert len(who.sources) >= 2, who.id
        assert all(s.accessed for s in who.sources[1:]), who.id


def test_home_page_ways_in_each_lead_to_a_guide(site):
    from participatory._roles import ROLES

    home = (site / "index.html").read_text()
    for role in ROLES:
        assert f'href="guides/{role.id}/index.html"' in home
        assert (site / "guides" / role.id / "index.html").is_file()
    assert len(ROLES) == 4


def _links(html: str, folder: str) -> set[str]:
    return set(re.findall(rf'{folder}/([a-z0-9-]+)/index.html"', html))


def test_role_guides_say_what_to_do_now_and_link_the_right_pages(core, site):
    guide = {r: (site / "guides" / r / "index.html").read_text() for r in _role_ids()}
    for html in guide.values():
        steps = _section(html, "What to do now")
        assert 3 <= steps.count("<li>") <= 6
    planning = guide["planning-a-study"]
    assert _links(planning, "stages") == set(core.stages)
    assert {"researcher", "patient"} <= _links(planning, "stakeholders")
    assert "resources/uk-standards-for-public-involvement/index.html" in planning
    public = guide["patients-carers-public"]
    assert {"patient", "carer", "public"} <= _links(public, "stakeholders")
    answers = {a.id for a in core.answers.values() if {"patient", "carer", "public"} & set(a.audience)}
    assert _links(public, "answers") == answers
    assert "How much should we pay public contributors?" not in public  # asked by researchers
    lead = guide["involvement-lead"]
    assert "involvement-lead" in _links(lead, "stakeholders")
    assert "resources/gripp2/index.html" in lead
    data = guide["data-and-clinical"]
    assert {"data-scientist", "clinician"} <= _links(data, "stakeholders")
    assert {"analysis", "ethics-governance"} <= _links(data, "stages")
    # Each link says why in a line (stage guides, people, techniques).
    assert re.search(r"Design(</bdi>)?</a>: [A-Z]", planning)


def _role_ids() -> tuple[str, ...]:
    from participatory._roles import ROLES

    return tuple(r.id for r in ROLES)


def test_role_guides_are_data_in_one_place_and_marked_for_translation():
    from participatory._i18n import Words
    from participatory._readability import readability
    from participatory._roles import ROLES

    for role in ROLES:
        for words in (
            role.heading,
            role.text,
            role.title,
            role.intro,
            *role.steps,
            *(t for t, _ in role.pages),
        ):
            assert isinstance(words, Words), words
        assert readability(" ".join(role.steps)).grade <= 8, role.id
        assert readability(role.intro).grade <= 10, role.id


def test_a_role_guide_links_only_what_the_site_has(tmp_path):
    from participatory._roles import ROLES, role_guide

    stage = pr.Stage(id="design", name="Design", summary="Planning the study.", order=2)
    cat = pr.Catalogue([stage], info=pr.CatalogueInfo(name="small"))
    guide = role_guide(cat, ROLES[0])
    assert guide.steps == ROLES[0].steps
    assert [(h, [r.path for r, _ in items]) for h, items in guide.sections] == [
        ("Research stage guides", ["stages/design/"])
    ]
    build_site(cat, tmp_path / "s", search=False)
    html = (tmp_path / "s" / "guides" / ROLES[0].id / "index.html").read_text()
    assert "stages/design/index.html" in html
    assert "stakeholders/" not in html.split("<main", 1)[1].split("</main>", 1)[0]
