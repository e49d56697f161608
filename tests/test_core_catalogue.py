"""Quality tests for the built-in ``core`` catalogue (issue 3).

Every test reads the data through the public loader, so a test fails both when
the data slip and when the loader stops accepting them.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

import participatory as pr
from participatory._cli import main

REPO = Path(__file__).resolve().parents[1]
CORE = REPO / "catalogues" / "core"
DOCS_SCRIPT = REPO / "tools" / "gen_catalogue_docs.py"

LEVELS = ("inform", "consult", "involve", "collaborate", "empower")

STAGE_IDS = (
    "identify-prioritise",
    "design",
    "funding",
    "ethics-governance",
    "data-collection",
    "analysis",
    "dissemination",
    "implementation",
    "evaluation",
    "oversight",
)

STAKEHOLDER_IDS = (
    "patient",
    "carer",
    "public",
    "expert-by-experience",
    "research-participant",
    "young-person",
    "community-organisation",
    "patient-advocacy-organisation",
    "clinician",
    "care-practitioner",
    "researcher",
    "data-scientist",
    "data-custodian",
    "involvement-lead",
    "funder",
    "policymaker",
    "ethics-committee",
    "industry",
)

TECHNIQUE_IDS = (
    "virtual-panel",
    "tweetchat",
    "public-dialogue",
    "participant-panel",
    "allyship-workshop",
    "citizen-science",
    "citizens-jury",
    "priority-setting-partnership",
    "photovoice",
    "community-advisory-board",
    "experience-based-co-design",
    "delphi-survey",
    "public-advisory-group",
    "co-production",
    "focus-group",
    "nominal-group-technique",
    "world-cafe",
)

CHECKLIST_ITEMS = {
    "gripp2-sf": ("aim", "methods", "results", "discussion", "reflections"),
    "uk-standards": (
        "inclusive-opportunities",
        "working-together",
        "support-and-learning",
        "communications",
        "impact",
        "governance",
    ),
    "reflective-questions": STAGE_IDS,
    "nihr-coproduction-principles": None,  # five items, ids not fixed here
}

CROSSWALK_IDS = ("arnstein-ladder", "involve-research-cycle", "pcori-phases", "data-science-lifecycle")


@pytest.fixture(scope="module")
def cat() -> pr.Catalogue:
    return pr.Catalogue.from_path(CORE)


def _all_records(cat: pr.Catalogue) -> Iterator[pr.Record]:
    for mapping in (
        cat.stages,
        cat.stakeholders,
        cat.techniques,
        cat.resources,
        cat.cases,
        cat.crosswalks,
        cat.checklists,
        cat.organisations,
    ):
        yield from mapping.values()


def _level(value: object) -> str:
    return str(getattr(value, "value", value))


# --------------------------------------------------------------------------- loading


def test_core_validates() -> None:
    # from_path raises CatalogueValidationError listing every problem.
    cat = pr.Catalogue.from_path(CORE)
    assert len(cat.techniques) > 0


def test_load_core_matches_from_path(cat: pr.Catalogue) -> None:
    if not hasattr(pr, "load"):
        pytest.skip("participatory.load() is not available yet")
    loaded = pr.load("core")
    assert set(loaded.techniques) == set(cat.techniques)
    assert set(loaded.resources) == set(cat.resources)


# --------------------------------------------------------------------------- counts and fixed ids


def test_counts(cat: pr.Catalogue) -> None:
    assert len(cat.techniques) >= 60
    assert len(cat.resources) >= 30
    assert len(cat.cases) >= 12


def test_stage_ids_in_order(cat: pr.Catalogue) -> None:
    stages = sorted(cat.stages.values(), key=lambda s: s.order)
    assert tuple(s.id for s in stages) == STAGE_IDS
    assert [s.order for s in stages] == list(range(1, 11))
    cross = {s.id for s in stages if s.cross_cutting}
    assert cross == {"oversight"}


def test_fixed_stakeholder_ids_present(cat: pr.Catalogue) -> None:
    missing = [sid for sid in STAKEHOLDER_IDS if sid not in cat.stakeholders]
    assert not missing, f"missing stakeholders: {missing}"
    categories = {s.category for s in cat.stakeholders.values()}
    assert categories <= {"lived-experience", "community", "professional"}


def test_named_technique_ids_present(cat: pr.Catalogue) -> None:
    missing = [tid for tid in TECHNIQUE_IDS if tid not in cat.techniques]
    assert not missing, f"missing techniques: {missing}"


def test_checklists_and_items(cat: pr.Catalogue) -> None:
    for cid, item_ids in CHECKLIST_ITEMS.items():
        assert cid in cat.checklists, f"missing checklist {cid}"
        items = cat.checklists[cid].items
        if item_ids is not None:
            assert tuple(i.id for i in items) == item_ids, cid
        else:
            assert len(items) == 5, cid
        for item in items:
            assert item.prompt, f"{cid}/{item.id} has no prompt"


def test_uk_standards_have_reflective_questions(cat: pr.Catalogue) -> None:
    for item in cat.checklists["uk-standards"].items:
        assert 3 <= len(item.questions) <= 5, item.id


def test_reflective_questions_one_item_per_stage(cat: pr.Catalogue) -> None:
    for item in cat.checklists["reflective-questions"].items:
        assert tuple(item.stages) == (item.id,)
        assert 3 <= len(item.questions) <= 5, item.id


def test_crosswalks_present(cat: pr.Catalogue) -> None:
    for cid in CROSSWALK_IDS:
        assert cid in cat.crosswalks, f"missing crosswalk {cid}"
    arnstein = cat.crosswalks["arnstein-ladder"]
    assert arnstein.target == "level"
    assert len(arnstein.entries) == 8
    assert arnstein.lookup("manipulation") == ()
    assert arnstein.lookup("therapy") == ()
    assert cat.crosswalks["pcori-phases"].lookup("planning")


# --------------------------------------------------------------------------- technique quality


def test_every_technique_has_stage_stakeholder_level_source(cat: pr.Catalogue) -> None:
    problems = []
    for t in cat.techniques.values():
        for field in ("stages", "stakeholders", "levels", "sources", "modes", "purposes"):
            if not getattr(t, field):
                problems.append(f"{t.id}: no {field}")
        for field in ("strengths", "limitations", "accessibility", "resources"):
            if not getattr(t, field):
                problems.append(f"{t.id}: no {field}")
        if t.group_size is None or t.timescale is None or t.cost is None or not t.duration:
            problems.append(f"{t.id}: missing group size, duration, timescale or cost")
        if not any(s.url.startswith("https://") for s in t.sources):
            problems.append(f"{t.id}: no https source")
    assert not problems, "\n".join(problems)


def test_every_stage_has_at_least_four_techniques(cat: pr.Catalogue) -> None:
    counts = Counter(sid for t in cat.techniques.values() for sid in t.stages)
    thin = {sid: counts[sid] for sid in cat.stages if counts[sid] < 4}
    assert not thin, f"stages with fewer than 4 techniques: {thin}"


def test_levels_contiguous_lowest_first(cat: pr.Catalogue) -> None:
    problems = []
    for t in cat.techniques.values():
        names = [_level(lv) for lv in t.levels]
        if any(n not in LEVELS for n in names):
            problems.append(f"{t.id}: unknown level in {names}")
            continue
        ranks = [LEVELS.index(n) for n in names]
        if ranks != list(range(ranks[0], ranks[0] + len(ranks))):
            problems.append(f"{t.id}: levels {names} are not contiguous and lowest first")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- urls and text


def _urls(cat: pr.Catalogue) -> Iterator[tuple[str, str]]:
    for rec in _all_records(cat):
        for src in rec.sources:
            yield rec.id, src.url
    for res in cat.resources.values():
        yield res.id, res.url
    for case in cat.cases.values():
        if case.url:
            yield case.id, case.url


def test_every_url_is_https_and_well_formed(cat: pr.Catalogue) -> None:
    bad = []
    for rid, url in _urls(cat):
        parts = urllib.parse.urlparse(url)
        if parts.scheme != "https" or "." not in parts.netloc or any(c.isspace() for c in url):
            bad.append(f"{rid}: {url!r}")
    assert not bad, "\n".join(bad)


def test_no_two_summaries_identical(cat: pr.Catalogue) -> None:
    counts = Counter(" ".join(rec.summary.split()).casefold() for rec in _all_records(cat))
    dupes = [s[:60] for s, n in counts.items() if n > 1]
    assert not dupes, f"duplicate summaries: {dupes}"
    empty = [rec.id for rec in _all_records(cat) if not rec.summary.strip()]
    assert not empty, f"records without a summary: {empty}"


def test_years_are_integers(cat: pr.Catalogue) -> None:
    years: list[tuple[str, object]] = [
        (rec.id, src.year) for rec in _all_records(cat) for src in rec.sources if src.year is not None
    ]
    years += [(r.id, r.year) for r in cat.resources.values() if r.year is not None]
    years += [(c.id, c.year) for c in cat.cases.values() if c.year is not None]
    bad = [(rid, y) for rid, y in years if type(y) is not int or not 1900 <= y <= 2100]
    assert not bad, bad


# --------------------------------------------------------------------------- references


def test_every_reference_resolves(cat: pr.Catalogue) -> None:
    stages, holders = set(cat.stages), set(cat.stakeholders)
    techniques, resources = set(cat.techniques), set(cat.resources)
    dangling: list[str] = []

    def check(owner: str, field: str, ids: object, valid: set[str]) -> None:
        dangling.extend(f"{owner}.{field} -> {i}" for i in ids if i not in valid)  # type: ignore[attr-defined]

    for t in cat.techniques.values():
        check(t.id, "stages", t.stages, stages)
        check(t.id, "stakeholders", t.stakeholders, holders)
        check(t.id, "resources", t.resources, resources)
        check(t.id, "pairs_with", t.pairs_with, techniques)
    for r in cat.resources.values():
        check(r.id, "techniques", r.techniques, techniques)
        check(r.id, "stages", r.stages, stages)
        check(r.id, "audience", r.audience, holders)
    for c in cat.cases.values():
        check(c.id, "techniques", c.techniques, techniques)
        check(c.id, "stages", c.stages, stages)
        check(c.id, "stakeholders", c.stakeholders, holders)
        check(c.id, "organisations", c.organisations, set(cat.organisations))
    for o in cat.organisations.values():
        check(o.id, "techniques", o.techniques, techniques)
        check(o.id, "stakeholders", o.stakeholders, holders)
    for cl in cat.checklists.values():
        for item in cl.items:
            check(f"{cl.id}/{item.id}", "stages", item.stages, stages)
    for cw in cat.crosswalks.values():
        valid = stages if cw.target == "stage" else set(LEVELS)
        assert cw.target in ("stage", "level"), cw.id
        for entry in cw.entries:
            check(f"{cw.id}/{entry.term}", "maps_to", entry.maps_to, valid)
    assert not dangling, "\n".join(dangling)


def test_merged_ids_still_resolve(cat: pr.Catalogue) -> None:
    # Records merged or re-kinded in the second edition keep their old ids working.
    expected = {
        "public-working-group": "public-advisory-group",
        "involvement-workshop": "co-design-workshop",
        "citizens-summit": "citizens-assembly",
        "co-production-training": "arc-west-coproduction-course",
    }
    for old, new in expected.items():
        assert cat.canonical(old) == new, old
        assert cat[old].id == new, old
        assert old not in cat.techniques, f"{old} is still a record of its own"
    assert "co-production-training" in cat.resources["arc-west-coproduction-course"].replaces


def test_ids_unique_across_kinds(cat: pr.Catalogue) -> None:
    counts = Counter(rec.id for rec in _all_records(cat))
    assert not [i for i, n in counts.items() if n > 1]


# --------------------------------------------------------------------------- citations (issue 14)

REPOSITORIES = (
    "pubmed central",
    "pmc",
    "europe pmc",
    "docslib",
    "researchgate",
    "academia.edu",
    "semantic scholar",
    "google scholar",
)


def _citations(cat: pr.Catalogue) -> Iterator[tuple[str, pr.Source]]:
    for rec in _all_records(cat):
        for src in rec.sources:
            yield rec.id, src


@pytest.fixture(scope="module")
def full() -> pr.Catalogue:
    """The whole built-in catalogue, as users load it (every file of core)."""
    return pr.load("core") if hasattr(pr, "load") else pr.Catalogue.from_path(CORE)


# Web pages that print no date and whose year could not be confirmed in stored copies
# (issue 14). Each must still name its publisher; the list may only shrink.
UNDATED_PAGES = frozenset(
    {
        "https://healthandcareresearchwales.org/about/blog/collaborative-workshops-importance-allyship-health-and-social-care-research",
        "https://www.nihr.ac.uk/patients-and-public/how-to-join-in/the-research-cycle/",
        "https://www.pcori.org/engagement/engagement-resources/engagement-tool-and-resource-repository/engagement-tool-and-resource-repository-pcor-supplemental-methods-information",
        "https://www.ucl.ac.uk/health-informatics/research/patient-and-public-involvement",
    }
)


def test_every_citation_has_title_url_publisher_and_year(full: pr.Catalogue) -> None:
    missing = [
        f"{rid}: {src.title[:50]!r} lacks {field}"
        for rid, src in _citations(full)
        for field in ("title", "url", "publisher", "year")
        if not getattr(src, field) and not (field == "year" and src.url in UNDATED_PAGES)
    ]
    assert not missing, f"{len(missing)} incomplete citations:\n" + "\n".join(missing)


def test_undated_exceptions_are_real_and_few(full: pr.Catalogue) -> None:
    cited = {src.url: src for _, src in _citations(full)}
    stale = sorted(url for url in UNDATED_PAGES if url not in cited or cited[url].year is not None)
    assert not stale, f"remove from UNDATED_PAGES (no longer cited, or now dated): {stale}"
    assert len(UNDATED_PAGES) <= 4


def _is_repository(publisher: str) -> bool:
    words = publisher.casefold().replace("(", " ").replace(")", " ").replace(",", " ").split()
    text = " ".join(words)
    return any(text == repo or f" {repo} " in f" {text} " for repo in REPOSITORIES)


def test_repository_check_recognises_repositories() -> None:
    assert _is_repository("PubMed Central")
    assert _is_repository("PMC")
    assert _is_repository("Docslib")
    assert _is_repository("ResearchGate")
    assert not _is_repository("BMJ Open")
    assert not _is_repository("Health Research Policy and Systems (BioMed Central)")
    assert not _is_repository("Springer")


def test_no_repository_named_as_publisher(full: pr.Catalogue) -> None:
    publishers = [(rid, src.publisher) for rid, src in _citations(full)]
    publishers += [(r.id, r.publisher) for r in full.resources.values()]
    named = [(rid, pub) for rid, pub in publishers if pub and _is_repository(pub)]
    assert not named, f"repositories named as publishers: {named}"


def test_at_most_a_fifth_of_techniques_rest_on_one_source(full: pr.Catalogue) -> None:
    single = sorted(t.id for t in full.techniques.values() if len({s.url for s in t.sources}) < 2)
    share = len(single) / len(full.techniques)
    assert share <= 0.2, f"{len(single)} of {len(full.techniques)} techniques have one source: {single}"


def test_at_least_half_the_techniques_name_underserved_groups(full: pr.Catalogue) -> None:
    named = [t.id for t in full.techniques.values() if t.underserved]
    assert len(named) * 2 >= len(full.techniques), f"only {len(named)} of {len(full.techniques)}"


def test_at_least_half_the_techniques_appear_in_a_case(full: pr.Catalogue) -> None:
    used = {full.canonical(tid) for case in full.cases.values() for tid in case.techniques}
    in_case = [tid for tid in full.techniques if tid in used]
    assert len(in_case) * 2 >= len(full.techniques), f"only {len(in_case)} of {len(full.techniques)}"


def test_underserved_values_share_one_vocabulary(full: pr.Catalogue) -> None:
    # Cases and techniques use the same slugs; near-duplicates (plural/singular) are not allowed.
    values = {v for t in full.techniques.values() for v in t.underserved}
    values |= {v for c in full.cases.values() for v in c.underserved}
    stems = Counter(v.rstrip("s") for v in values)
    assert not [s for s, n in stems.items() if n > 1], sorted(values)


# --------------------------------------------------------------------------- docs


def test_docs_up_to_date() -> None:
    proc = subprocess.run(
        [sys.executable, str(DOCS_SCRIPT), "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr + "\nrun: python tools/gen_catalogue_docs.py"


def test_docs_check_detects_stale_files(tmp_path: Path) -> None:
    (tmp_path / "index.md").write_text("stale\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(DOCS_SCRIPT), "--check", "--out", str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "index.md" in proc.stderr
    assert "techniques.md" in proc.stderr


# --------------------------------------------------------------------------- richer facets (issue 14)

ESTIMATE_FIELDS = ("cost", "group_size", "duration", "timescale")


def _facet_problems(t: pr.Technique) -> list[str]:
    problems = [f"{t.id}: no {f}" for f in ("form", "facilitation", "internet") if getattr(t, f) is None]
    if t.internet and pr.Mode.ONLINE not in t.modes and pr.Mode.HYBRID not in t.modes:
        problems.append(f"{t.id}: needs the internet but cannot be run online")
    if t.internet is False and t.modes == (pr.Mode.ONLINE,):
        problems.append(f"{t.id}: runs only online but says it needs no internet")
    if t.facilitated is False and t.facilitation not in (None, pr.Skill.NONE):
        problems.append(f"{t.id}: needs no facilitator but {t.facilitation} facilitation skill")
    return problems


def _undeclared_estimate(t: pr.Technique) -> bool:
    """A cost, size, duration or timescale neither marked as an estimate nor resting on two sources."""
    has_value = any(getattr(t, f) not in (None, "") for f in ESTIMATE_FIELDS)
    return has_value and not t.estimated and len({s.url for s in t.sources}) < 2


def _effectiveness_problems(t: pr.Technique) -> list[str]:
    eff = t.effectiveness
    if eff is None:
        return []
    problems = []
    if not eff.summary.strip():
        problems.append(f"{t.id}: effectiveness without a summary")
    if not eff.sources:
        problems.append(f"{t.id}: effectiveness without a source")
    for src in eff.sources:
        if not (src.title and src.url.startswith("https://") and src.publisher and src.year):
            problems.append(f"{t.id}: incomplete effectiveness source {src.title[:50]!r}")
        elif _is_repository(src.publisher):
            problems.append(f"{t.id}: repository as publisher of {src.title[:50]!r}")
    return problems


def test_every_technique_has_form_facilitation_and_internet(full: pr.Catalogue) -> None:
    problems = [p for t in full.techniques.values() for p in _facet_problems(t)]
    assert not problems, "\n".join(problems)


def test_estimated_values_are_declared(full: pr.Catalogue) -> None:
    undeclared = [t.id for t in full.techniques.values() if _undeclared_estimate(t)]
    assert not undeclared, f"techniques whose estimates are not declared: {undeclared}"


def test_effectiveness_cites_complete_sources(full: pr.Catalogue) -> None:
    problems = [p for t in full.techniques.values() for p in _effectiveness_problems(t)]
    assert not problems, "\n".join(problems)


def test_facet_checks_reject_bad_records() -> None:
    one = pr.Source(title="A page", url="https://example.org/a", publisher="Example", year=2020)
    bad = pr.Technique(
        id="bad",
        name="Bad",
        modes=(pr.Mode.IN_PERSON,),
        cost=pr.Cost.LOW,
        internet=True,
        facilitated=False,
        facilitation=pr.Skill.SPECIALIST,
        sources=(one,),
        effectiveness=pr.Effectiveness(
            strength=pr.Strength.STRONG,
            sources=(pr.Source(title="Mirror", url="http://example.org", publisher="PubMed Central"),),
        ),
    )
    assert len(_facet_problems(bad)) == 3  # no form, internet without online, skill without facilitator
    assert _undeclared_estimate(bad)
    assert len(_effectiveness_problems(bad)) == 2  # no summary, incomplete source
    shown = pr.Effectiveness(strength=pr.Strength.EMERGING, summary="Shown once.", sources=(one,))
    good = attrs.evolve(
        bad,
        form=pr.Form.METHOD,
        internet=False,
        facilitation=pr.Skill.NONE,
        estimated=("cost",),
        effectiveness=shown,
    )
    assert not _facet_problems(good)
    assert not _undeclared_estimate(good)
    assert not _effectiveness_problems(good)
    repository = attrs.evolve(shown, sources=(attrs.evolve(one, publisher="ResearchGate"),))
    assert _effectiveness_problems(attrs.evolve(good, effectiveness=repository))


# --------------------------------------------------------------------------- organisations (issue 15)

#: The kinds of change a case can record, as documented at the top of cases.toml.
CHANGES = frozenset(
    {
        "policy",
        "practice",
        "services",
        "health-outcomes",
        "research-questions",
        "research-design",
        "knowledge",
        "resources",
        "relationships",
        "participants-wellbeing",
    }
)

#: Cases whose ``organisation`` text describes a body without naming it, so that no
#: organisation record can be linked ("a large inner-city cancer centre in England").
UNNAMED_ORGANISATIONS = frozenset(
    {
        "ebcd-breast-lung-cancer",
        "mystery-shoppers-sexual-health",
        "children-cold-symptom-measure",
        "bristol-world-cafes-minoritised-communities",
    }
)

SCOPES = frozenset({"neighbourhood", "city", "regional", "national", "multinational"})


def _organisation_problems(org: pr.Organisation) -> list[str]:
    problems = [f"{org.id}: no {field}" for field in ("sector", "country") if not getattr(org, field)]
    problems += [f"{org.id}: unknown scope {s!r}" for s in org.scope if s not in SCOPES]
    if not org.sources:
        problems.append(f"{org.id}: cites no source")
    return problems


def test_core_has_organisations(full: pr.Catalogue) -> None:
    assert len(full.organisations) >= 30


def test_every_organisation_has_sector_country_and_source(full: pr.Catalogue) -> None:
    # Citations themselves (title, url, publisher, year) are checked for every record,
    # organisations included, by test_every_citation_has_title_url_publisher_and_year.
    problems = [p for org in full.organisations.values() for p in _organisation_problems(org)]
    assert not problems, "\n".join(problems)


def test_organisation_checks_reject_bad_records() -> None:
    bare = pr.Organisation(id="x", name="X", summary="s", scope=("galactic",))
    assert _organisation_problems(bare) == [
        "x: no sector",
        "x: no country",
        "x: unknown scope 'galactic'",
        "x: cites no source",
    ]


def test_organisation_citations_are_checked(full: pr.Catalogue) -> None:
    cited = {rid for rid, _ in _citations(full)}
    assert set(full.organisations) <= cited


def test_every_case_naming_an_organisation_links_one(full: pr.Catalogue) -> None:
    unlinked = sorted(
        c.id
        for c in full.cases.values()
        if c.organisation.strip() and not c.organisations and c.id not in UNNAMED_ORGANISATIONS
    )
    assert not unlinked, f"cases that name an organisation but link no record: {unlinked}"
    stale = sorted(i for i in UNNAMED_ORGANISATIONS if i not in full.cases or full.cases[i].organisations)
    assert not stale, f"remove from UNNAMED_ORGANISATIONS: {stale}"


def test_every_case_has_a_country(full: pr.Catalogue) -> None:
    missing = sorted(c.id for c in full.cases.values() if not c.country)
    assert not missing, missing


def test_changes_use_the_documented_vocabulary(full: pr.Catalogue) -> None:
    used = {ch for c in full.cases.values() for ch in c.changes}
    assert used, "no case records a change"
    assert used <= CHANGES, sorted(used - CHANGES)
    header = (CORE / "cases.toml").read_text(encoding="utf-8").split("[[case]]", 1)[0]
    undocumented = sorted(ch for ch in CHANGES if f"#     {ch} " not in header)
    assert not undocumented, f"document these in the comment at the top of cases.toml: {undocumented}"


def test_usage_by_sector_over_core_gives_rows(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["usage", "--by", "sector", "--format", "json", "--catalogue", str(CORE)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows
    assert {row["by"] for row in rows} == {"sector"}
    sectors = {row["group"] for row in rows}
    assert {"public-body", "university-or-research", "charity-or-community"} <= sectors
    jury = [r for r in rows if r["technique"] == "citizens-jury" and r["group"] == "public-body"]
    assert jury
    assert jury[0]["cases"] >= 2
