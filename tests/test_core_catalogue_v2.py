"""Quality tests for the second edition of the core catalogue (issue 14).

They read the data through the public loader. Citation completeness for every
record (title, https url, publisher, year) is tested in test_core_catalogue.py.
"""

from __future__ import annotations

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
