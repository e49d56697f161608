"""Quality tests for the second edition of the core catalogue (issue 14).

They read the data through the public loader. The counts and coverage checks
cover the whole catalogue, so they hold only when every file in
catalogues/core/ is merged.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import participatory as pr

CORE = Path(__file__).resolve().parents[1] / "catalogues" / "core"

NEW_TECHNIQUE_IDS = (
    "school-work-placement",
    "systematic-review-involvement",
    "public-reviewer",
    "research-champion",
    "digital-storytelling",
    "participatory-learning-and-action",
    "algorithmic-impact-assessment",
    "patient-led-registry",
    "online-deliberation",
    "body-mapping",
    "forum-theatre",
    "group-concept-mapping",
    "journey-mapping",
    "user-testing",
    "q-methodology",
    "community-scorecard",
)

REPOSITORIES = ("pubmed central", "docslib", "researchgate", "europe pmc", "scribd")


@pytest.fixture(scope="module")
def cat() -> pr.Catalogue:
    return pr.Catalogue.from_path(CORE)


def test_second_edition_counts(cat: pr.Catalogue) -> None:
    assert len(cat.techniques) >= 90
    assert len(cat.resources) >= 45
    assert len(cat.cases) >= 25


def test_issue_14_technique_ids_present(cat: pr.Catalogue) -> None:
    missing = [tid for tid in NEW_TECHNIQUE_IDS if tid not in cat.techniques]
    assert not missing, f"missing techniques: {missing}"


def test_at_least_half_the_techniques_appear_in_a_case(cat: pr.Catalogue) -> None:
    used = {tid for case in cat.cases.values() for tid in case.techniques}
    assert 2 * len(used & set(cat.techniques)) >= len(cat.techniques)


@pytest.mark.parametrize("name", ["techniques-2.toml", "resources-2.toml", "cases-2.toml"])
def test_new_records_cite_complete_sources(cat: pr.Catalogue, name: str) -> None:
    data = tomllib.loads((CORE / name).read_text(encoding="utf-8"))
    ids = {table["id"] for kind in ("technique", "resource", "case") for table in data.get(kind, [])}
    everything = {**cat.techniques, **cat.resources, **cat.cases}
    records = [everything[rid] for rid in sorted(ids)]
    assert records, name
    problems = []
    for rec in records:
        if not rec.sources:
            problems.append(f"{rec.id}: no source")
        for src in rec.sources:
            if not (src.title and src.url.startswith("https://") and src.publisher and src.year):
                problems.append(f"{rec.id}: incomplete source {src.title!r}")
            elif src.publisher.casefold() in REPOSITORIES:
                problems.append(f"{rec.id}: repository as publisher ({src.publisher})")
    assert not problems, "\n".join(problems)
