"""Quality tests for the third edition of the core catalogue (issue 26).

Plain summaries for the public on every record people meet, the seed records told in
full and right, and web citations that say when they were read. The data are read
through the public loader.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import participatory as pr

CORE = Path(__file__).resolve().parents[1] / "catalogues" / "core"

# The kinds the public meets on the website, each with a plain summary.
PUBLIC_KINDS = ("techniques", "stages", "stakeholders", "cases", "organisations")


@pytest.fixture(scope="module")
def cat() -> pr.Catalogue:
    return pr.Catalogue.from_path(CORE)


def _public_records(cat: pr.Catalogue) -> Iterator[tuple[str, pr.Record]]:
    for kind in PUBLIC_KINDS:
        for record in getattr(cat, kind).values():
            yield kind, record


def _sources(cat: pr.Catalogue) -> Iterator[tuple[str, pr.Source]]:
    for kind in ("stages", "stakeholders", "techniques", "resources", "cases", "crosswalks", "organisations"):
        for record in getattr(cat, kind).values():
            for src in record.sources:
                yield record.id, src
            effectiveness = getattr(record, "effectiveness", None)
            if effectiveness is not None:
                for src in effectiveness.sources:
                    yield record.id, src


# --------------------------------------------------------------------------- plain summaries


def test_every_public_record_has_a_plain_summary(cat: pr.Catalogue) -> None:
    missing = [f"{kind}: {rec.id}" for kind, rec in _public_records(cat) if not rec.plain.strip()]
    assert not missing, f"{len(missing)} records without plain:\n" + "\n".join(missing)


def test_plain_summaries_are_not_the_summary_again(cat: pr.Catalogue) -> None:
    same = [rec.id for _, rec in _public_records(cat) if rec.plain.strip() == rec.summary.strip()]
    assert not same, f"plain repeats summary: {same}"


def test_plain_summaries_are_whole_sentences(cat: pr.Catalogue) -> None:
    bad = [
        rec.id
        for _, rec in _public_records(cat)
        if rec.plain
        and (not (rec.plain[0].isupper() or rec.plain[0].isdigit()) or rec.plain.rstrip()[-1] not in ".?!")
    ]
    assert not bad, f"plain should start with a capital and end with a full stop: {bad}"


def test_plain_summaries_use_short_sentences(cat: pr.Catalogue) -> None:
    """A plain summary's sentences average at most 20 words (NHS content aims lower still)."""
    long = []
    for _, rec in _public_records(cat):
        sentences = [s for s in re.split(r"(?<=[.?!])\s+", rec.plain.strip()) if s]
        words = len(rec.plain.split())
        if sentences and words / len(sentences) > 20:
            long.append(f"{rec.id}: {words / len(sentences):.0f} words a sentence")
    assert not long, "\n".join(long)


@pytest.fixture(scope="module")
def grades(cat: pr.Catalogue) -> pr.CatalogueReadability:
    return pr.readability_of(cat, PUBLIC_KINDS)


def test_plain_summaries_are_measured_not_summaries(grades: pr.CatalogueReadability) -> None:
    """The project's measure reads plain on every record (it falls back to summary)."""
    assert {r.field for r in grades.records} == {"plain"}
    assert {k.kind: k.records == k.plain for k in grades.kinds} == dict.fromkeys(PUBLIC_KINDS, True)


def test_plain_median_grade_at_most_8_per_kind(grades: pr.CatalogueReadability) -> None:
    over = {k.kind: k.median for k in grades.kinds if k.median > 8}
    assert not over, f"median Flesch-Kincaid grade above 8: {over}"


def test_no_plain_summary_above_grade_10(grades: pr.CatalogueReadability) -> None:
    hard = [f"{r.kind} {r.id}: {r.report.grade:.1f}" for r in grades.over(10)]
    assert not hard, "plain summaries above grade 10:\n" + "\n".join(hard)


# --------------------------------------------------------------------------- seeds (issue 26 item 5)


def test_genomics_england_equity_case_names_its_dialogue(cat: pr.Catalogue) -> None:
    case = cat.cases["genomics-england-equity-in-health-research"]
    assert "public-dialogue" in case.techniques


def test_ucl_ihi_involvement_is_linked_in_full(cat: pr.Catalogue) -> None:
    case = cat.cases["ucl-ihi-public-working-group"]
    wanted = {"public-advisory-group", "virtual-panel", "awareness-campaign", "tweetchat"}
    assert wanted <= set(case.techniques)
    org = cat.organisations["ucl-ihi"]
    assert "tweetchat" in org.techniques


def test_in2science_is_not_linked_to_ucl_ihi_without_a_source(cat: pr.Catalogue) -> None:
    """No source read says UCL IHI hosts In2scienceUK placements (checked 2026-12-06)."""
    assert "ucl-ihi" not in cat.cases["in2science-ucl-placements"].organisations
    assert "In2science" not in cat.organisations["ucl-ihi"].summary
    assert "school-work-placement" not in cat.organisations["ucl-ihi"].techniques


def test_dsxhe_theme_is_not_dated_before_its_launch(cat: pr.Catalogue) -> None:
    case = cat.cases["dsxhe-participatory-research-theme"]
    assert case.year is None or case.year >= 2024


def test_rudy_is_not_a_patient_led_registry(cat: pr.Catalogue) -> None:
    """RUDY is run by researchers at the University of Oxford, not by a patient organisation."""
    assert "patient-led-registry" not in cat.cases["rudy-rare-diseases-platform"].techniques
    assert "patient-led-registry" not in cat.organisations["university-of-oxford"].techniques


def test_care_malawi_is_national_and_not_cited_from_care_usa(cat: pr.Catalogue) -> None:
    org = cat.organisations["care-malawi"]
    assert org.scope == ("national",)
    urls = [src.url for src in org.sources] + [org.url]
    hosts = {re.sub(r"^www\.", "", url.split("/")[2]) for url in urls}
    assert "care.org" not in hosts


def test_co_production_evidence_is_not_rated_on_services(cat: pr.Catalogue) -> None:
    eff = cat.techniques["co-production"].effectiveness
    assert eff is not None
    assert str(getattr(eff.strength, "value", eff.strength)) not in {"moderate", "strong"}
    assert "research" in eff.summary
    assert "services" in eff.summary


def test_no_record_claims_what_no_source_shows(cat: pr.Catalogue) -> None:
    """'has been shown' was said of something no cited source shows (issue 26)."""
    claims = [
        rec.id
        for kind in ("techniques", "resources", "crosswalks", "cases", "organisations")
        for rec in getattr(cat, kind).values()
        if "has been shown" in rec.summary
    ]
    assert not claims, claims


def test_involvement_cost_calculator_says_it_is_dated(cat: pr.Catalogue) -> None:
    calc = cat.resources["involvement-cost-calculator"]
    assert "2013" in calc.summary
    assert "current" in calc.summary


def test_learning_for_involvement_has_a_year(cat: pr.Catalogue) -> None:
    assert cat.resources["learning-for-involvement"].year is not None


# --------------------------------------------------------------------------- accessed (issue 26 item 6)


def test_accessed_dates_are_real_and_not_in_the_future(cat: pr.Catalogue) -> None:
    earliest, today = dt.date(2000, 1, 1), dt.date.today()
    bad = [
        f"{rid}: {src.url} accessed {src.accessed}"
        for rid, src in _sources(cat)
        if src.accessed is not None and not earliest <= dt.date.fromisoformat(src.accessed) <= today
    ]
    assert not bad, "\n".join(bad)


def test_many_web_citations_say_when_they_were_read(cat: pr.Catalogue) -> None:
    accessed = sum(1 for _, src in _sources(cat) if src.accessed)
    assert accessed >= 480
