"""The built-in techniques say how to run them (issue 22): short, plain, numbered steps.

Steps are drawn from each technique's cited sources. A technique whose sources give no
practical steps may have none, so coverage has a floor rather than a rule; every step
that exists must read as a short plain instruction.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from pathlib import Path

import pytest

import participatory as pr

CORE = Path(__file__).resolve().parents[1] / "catalogues" / "core"

#: Techniques with steps today: all 113. The floor may rise, never fall.
MIN_WITH_STEPS = 113


@pytest.fixture(scope="module")
def cat() -> pr.Catalogue:
    return pr.Catalogue.from_path(CORE)


def _problems(tid: str, steps: Sequence[str]) -> list[str]:
    """Say what is wrong with one technique's steps (nothing when they are fine)."""
    found = []
    if steps and not 3 <= len(steps) <= 7:
        found.append(f"{tid}: {len(steps)} steps, not 3 to 7")
    if len(set(steps)) != len(steps):
        found.append(f"{tid}: a step is repeated")
    for step in steps:
        sentences = [s for s in re.split(r"(?<=[.?!])\s+", step.strip()) if s]
        if not step or not step[0].isupper() or step.rstrip()[-1] not in ".?!":
            found.append(f"{tid}: not a whole sentence: {step!r}")
        elif len(sentences) > 2 or len(step.split()) > 30:
            found.append(f"{tid}: too long ({len(step.split())} words): {step!r}")
    return found


def test_techniques_say_how_to_run_them(cat: pr.Catalogue) -> None:
    with_steps = [t.id for t in cat.techniques.values() if t.how_to]
    assert len(with_steps) >= MIN_WITH_STEPS, f"only {len(with_steps)} techniques have steps"


def test_steps_are_three_to_seven_short_whole_sentences(cat: pr.Catalogue) -> None:
    found = [p for t in cat.techniques.values() for p in _problems(t.id, t.how_to)]
    assert not found, "\n".join(found)


def test_the_step_check_finds_bad_steps() -> None:
    assert _problems("x", ("Agree the question.", "Invite people.", "Meet.")) == []
    assert len(_problems("x", ("Agree the question.", "Meet."))) == 1
    assert len(_problems("x", ("agree the question", "Meet.", "Meet."))) == 2
    assert len(_problems("x", ("Agree the question.", "Meet.", " ".join(["word"] * 31) + "."))) == 1
    assert len(_problems("x", ("Agree it. Then meet. Then vote.", "Meet.", "Vote."))) == 1


def test_steps_are_plain_language(cat: pr.Catalogue) -> None:
    """Read as one text per technique: none above grade 10, median at most 8, as for plain summaries."""
    grades = {t.id: pr.readability(" ".join(t.how_to)).grade for t in cat.techniques.values() if t.how_to}
    hard = {tid: round(g, 1) for tid, g in grades.items() if g > 10}
    assert not hard, f"steps above grade 10: {hard}"
    assert statistics.median(grades.values()) <= 8
