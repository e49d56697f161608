"""Quality tests for the third edition of the core catalogue (issue 26): techniques and facets.

They read the data through the public loader. The floors for facet coverage and for
the share of numbers taken from sources are what the catalogue honestly reaches today
(most sources state no formats, ages or times); they may rise, and fall only when a
review finds values their sources do not support (December 2026, every sourced lead
time, contributor time and age read again: lead time 61 to 50, contributor time 77 to 69,
ages 78 to 71, timescale 77 to 74, sourced share 314 to 292; new sources then brought
contributor time to 74, ages to 72 and the share to 297; see the CHANGELOG). Issue 26's
target of two thirds is recorded in ``ISSUE_TARGET``: the facets that meet it are listed
where a test checks that they keep meeting it; for the other facets the gap stays visible.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import attrs
import pytest

import participatory as pr
from participatory._model import ESTIMABLE

CORE = Path(__file__).resolve().parents[1] / "catalogues" / "core"

#: Techniques issue 26 asked for, as records (a Lived Experience Advisory Panel is an
#: alias of the PPI advisory group; see LISTED_AS_ALIASES).
NEW_TECHNIQUE_IDS = (
    "citizens-council",
    "citizens-reference-panel",
    "public-contributor-training",
    "data-cooperative",
    "living-lab",
    "deliberative-mapping",
    "world-wide-views",
    "participatory-mcda",
    "discovery-action-dialogue",
    "study-circle",
    "charrette",
    "theory-of-change-workshop",
    "outcome-mapping",
    "public-co-authorship",
    "online-involvement-forum",
    "youth-participatory-action-research",
    "chat-priority-setting",
    "deliberative-dialogue",
    "fishbowl-conversation",
    "person-based-approach",
)

#: Issue 26's remaining techniques, added as records later (no case uses them yet, so
#: they are checked for completeness but not counted in the "half in a case" rule).
LATER_TECHNIQUE_IDS = ("kitchen-table-conversation", "dot-voting", "consensus-workshop")

#: Named forms that are aliases of an existing record: alias -> technique id.
LISTED_AS_ALIASES = {
    "Lived Experience Advisory Panel": "public-advisory-group",
    "LEAP": "public-advisory-group",
    "YPAR": "youth-participatory-action-research",
    "citizens' data trust": "data-cooperative",
    "citizens' panel on health technologies": "citizens-reference-panel",
    "citizens' hearing": "world-wide-views",
    "dotmocracy": "dot-voting",
    "ToP consensus workshop": "consensus-workshop",
}

#: Issue 26's target for each facet (see the module docstring).
ISSUE_TARGET = Fraction(2, 3)

#: Share of all cost, size and time values that come from a source (not ``estimated``).
SOURCED_SHARE_FLOOR = Fraction(297, 677)

#: Share of techniques whose value for a facet a cited source is recorded as stating
#: (``Source.supports``, or the evidence's own sources for ``effectiveness``). Stricter
#: than FACET_FLOORS: "not estimated" alone does not say which source gives the value.
STATED_FLOORS = {
    "effectiveness": Fraction(95, 113),
    "group_size": Fraction(29, 113),
    "duration": Fraction(70, 113),
    "timescale": Fraction(74, 113),
    "contributor_time": Fraction(74, 113),
    "lead_time": Fraction(50, 113),
    "ages": Fraction(72, 113),
    "formats": Fraction(92, 113),
}

#: Share of techniques with a value from a source, per facet (issue 26, item 2). A
#: contributor or lead time counts only when it is not listed in ``estimated``. A value a
#: source states is never one marked as estimated (the loader rejects that), so these
#: floors are the stated ones, kept in one place above.
FACET_FLOORS = {
    facet: STATED_FLOORS[facet]
    for facet in ("formats", "ages", "effectiveness", "contributor_time", "lead_time")
}


@pytest.fixture(scope="module")
def cat() -> pr.Catalogue:
    return pr.Catalogue.from_path(CORE)


def facet_coverage(techniques: list[pr.Technique], facet: str) -> Fraction:
    """Share of ``techniques`` whose ``facet`` has a value that comes from a source."""
    if not techniques:
        return Fraction(0)
    filled = [t for t in techniques if getattr(t, facet) not in (None, "", ()) and facet not in t.estimated]
    return Fraction(len(filled), len(techniques))


def sourced_share(techniques: list[pr.Technique]) -> Fraction:
    """Share of the estimable values (cost, size, times) that are not the catalogue's estimate."""
    values = [(t, f) for t in techniques for f in ESTIMABLE if getattr(t, f) not in (None, "")]
    if not values:
        return Fraction(0)
    return Fraction(sum(1 for t, f in values if f not in t.estimated), len(values))


def stated(t: pr.Technique, facet: str) -> bool:
    """Whether a source cited by ``t`` is recorded as stating its value for ``facet``."""
    if getattr(t, facet) in (None, "", ()):
        return False
    evidence = t.effectiveness.sources if t.effectiveness is not None else ()
    if facet == "effectiveness" and evidence:
        return True
    return any(facet in src.supports for src in (*t.sources, *evidence))


def citation_problems(t: pr.Technique) -> list[str]:
    """Problems with a new technique's citations: fewer than two, or a web page without a read date."""
    problems = []
    if len({s.url for s in t.sources}) < 2:
        problems.append(f"{t.id}: fewer than two sources")
    for src in t.sources:
        if src.accessed is not None:
            datetime.date.fromisoformat(src.accessed)
        elif not src.url.startswith("https://doi.org/"):
            problems.append(f"{t.id}: web page {src.url} has no accessed date")
    return problems


def test_third_edition_counts(cat: pr.Catalogue) -> None:
    assert len(cat.techniques) >= 113
    assert len(cat.cases) >= 48


def test_issue_26_techniques_present_and_complete(cat: pr.Catalogue) -> None:
    missing = [tid for tid in (*NEW_TECHNIQUE_IDS, *LATER_TECHNIQUE_IDS) if tid not in cat.techniques]
    assert not missing, f"missing techniques: {missing}"
    problems = []
    for tid in (*NEW_TECHNIQUE_IDS, *LATER_TECHNIQUE_IDS):
        t = cat.techniques[tid]
        problems += [
            f"{tid}: no {f}" for f in ("stages", "stakeholders", "levels", "plain") if not getattr(t, f)
        ]
        problems += citation_problems(t)
    assert not problems, "\n".join(problems)


def test_named_forms_are_aliases_of_their_record(cat: pr.Catalogue) -> None:
    wrong = [
        f"{alias!r} is not an alias of {tid}"
        for alias, tid in LISTED_AS_ALIASES.items()
        if alias.casefold() not in {a.casefold() for a in cat.techniques[tid].aliases}
    ]
    assert not wrong, wrong


def test_every_new_technique_is_used_in_a_case(cat: pr.Catalogue) -> None:
    used = {cat.canonical(tid) for case in cat.cases.values() for tid in case.techniques}
    unused = sorted(tid for tid in NEW_TECHNIQUE_IDS if tid not in used)
    # Not every new technique has a well-sourced case yet; half of them must.
    assert 2 * (len(NEW_TECHNIQUE_IDS) - len(unused)) >= len(NEW_TECHNIQUE_IDS), unused


@pytest.mark.parametrize("facet", sorted(FACET_FLOORS))
def test_facet_coverage_does_not_fall(cat: pr.Catalogue, facet: str) -> None:
    share = facet_coverage(list(cat.techniques.values()), facet)
    assert share >= FACET_FLOORS[facet], f"{facet}: {share} < {FACET_FLOORS[facet]}"


def test_sourced_share_does_not_fall(cat: pr.Catalogue) -> None:
    share = sourced_share(list(cat.techniques.values()))
    assert share >= SOURCED_SHARE_FLOOR, f"{share} < {SOURCED_SHARE_FLOOR}"


@pytest.mark.parametrize("facet", sorted(STATED_FLOORS))
def test_stated_facets_do_not_fall(cat: pr.Catalogue, facet: str) -> None:
    techniques = list(cat.techniques.values())
    share = Fraction(sum(stated(t, facet) for t in techniques), len(techniques))
    assert share >= STATED_FLOORS[facet], f"{facet}: {share} < {STATED_FLOORS[facet]}"


#: The values a source can state or the catalogue estimate (issue 26: "every number a source
#: gives is marked as from the source; where the catalogue estimates, it says so").
ACCOUNTED = (
    "cost",
    "group_size",
    "duration",
    "timescale",
    "contributor_time",
    "lead_time",
    "ages",
    "formats",
)


def unaccounted(t: pr.Technique) -> list[str]:
    """Values of ``t`` that neither a cited source is recorded as stating nor ``estimated`` marks."""
    return [
        f"{t.id}: {f}"
        for f in ACCOUNTED
        if getattr(t, f) not in (None, "", ()) and f not in t.estimated and not stated(t, f)
    ]


@pytest.mark.parametrize("facet", ["effectiveness", "formats"])
def test_facets_that_meet_the_issue_target_keep_meeting_it(cat: pr.Catalogue, facet: str) -> None:
    techniques = list(cat.techniques.values())
    assert Fraction(sum(stated(t, facet) for t in techniques), len(techniques)) >= ISSUE_TARGET


def test_every_value_is_from_a_source_or_marked_as_an_estimate(cat: pr.Catalogue) -> None:
    assert [p for t in cat.techniques.values() for p in unaccounted(t)] == []


def test_a_value_with_neither_source_nor_estimate_is_caught() -> None:
    size = pr.GroupSize(min=12, max=24)
    bare = pr.Technique(
        id="a", name="A", group_size=size, sources=(pr.Source(title="G", url="https://e.org/"),)
    )
    assert unaccounted(bare) == ["a: group_size"]
    assert unaccounted(attrs.evolve(bare, estimated=("group_size",))) == []
    says = pr.Source(title="G", url="https://e.org/", supports=("group_size",))
    assert unaccounted(attrs.evolve(bare, sources=(says,))) == []


def test_stated_needs_a_value_and_a_source_naming_it() -> None:
    says = pr.Source(title="Guide", url="https://example.org/g", supports=("group_size",))
    silent = pr.Source(title="Guide", url="https://example.org/g")
    size = pr.GroupSize(min=12, max=24)
    assert stated(pr.Technique(id="a", name="A", group_size=size, sources=(says,)), "group_size")
    assert not stated(pr.Technique(id="b", name="B", group_size=size, sources=(silent,)), "group_size")
    assert not stated(pr.Technique(id="c", name="C", sources=(says,)), "group_size")
    evidence = pr.Effectiveness(strength=pr.Strength.EMERGING, sources=(silent,))
    assert stated(pr.Technique(id="d", name="D", effectiveness=evidence), "effectiveness")
    assert not stated(
        pr.Technique(id="e", name="E", effectiveness=pr.Effectiveness(strength=pr.Strength.EMERGING)),
        "effectiveness",
    )


def test_measures_reject_and_accept() -> None:
    src = pr.Source(title="A page", url="https://example.org/a", publisher="Example", year=2020)
    doi = pr.Source(title="A paper", url="https://doi.org/10.1/x", publisher="Journal", year=2020)
    estimated = pr.Technique(
        id="a", name="A", lead_time=pr.Timescale.WEEKS, cost=pr.Cost.LOW, estimated=("lead_time", "cost")
    )
    sourced = pr.Technique(
        id="b", name="B", lead_time=pr.Timescale.WEEKS, cost=pr.Cost.LOW, estimated=("cost",)
    )
    assert facet_coverage([estimated, sourced], "lead_time") == Fraction(1, 2)
    assert facet_coverage([estimated], "formats") == 0
    assert facet_coverage([], "ages") == 0
    assert sourced_share([estimated, sourced]) == Fraction(1, 4)
    assert citation_problems(pr.Technique(id="c", name="C", sources=(src,))) == [
        "c: fewer than two sources",
        "c: web page https://example.org/a has no accessed date",
    ]
    read = pr.Source(
        title="A page", url="https://example.org/a", publisher="Example", year=2020, accessed="2026-12-06"
    )
    assert citation_problems(pr.Technique(id="d", name="D", sources=(read, doi))) == []


#: How a lead time read from the dates a source prints is marked (docs/guide.md, "Time to
#: prepare, said or dated"): a comment in the technique's table that opens with this and
#: gives "-> <unit>", the unit the two dates give however their precision is read.
DATED_LEAD_TIME = "# lead time from the source's dates:"


def technique_lines(lines: list[str]) -> Iterator[tuple[str, int, str]]:
    """``(technique id, index, stripped line)`` for each other line of a techniques file.

    The id is that of the technique table the line is in ("" before the first id).
    """
    technique = ""
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped == "[[technique]]":
            technique = ""
        elif stripped.startswith("id = ") and not technique:
            technique = stripped.removeprefix("id = ").strip('"')
        else:
            yield technique, i, stripped


def dated_lead_times(text: str) -> list[tuple[str, str]]:
    """``(technique id, unit)`` for each dated lead-time comment in a techniques file's text."""
    found: list[tuple[str, str]] = []
    lines = text.splitlines()
    for technique, i, stripped in technique_lines(lines):
        if stripped.startswith(DATED_LEAD_TIME):
            # the comment runs on over the following comment lines up to the one with "->"
            block = [stripped]
            for more in lines[i + 1 :]:
                if "->" in block[-1] or not more.strip().startswith("#"):
                    break
                block.append(more.strip())
            after = block[-1].rsplit("->", 1)[-1].split() if "->" in block[-1] else []
            unit = after[0].strip(".,;") if after else ""
            found.append((technique, unit))
    return found


def test_lead_times_read_from_dates_match_their_value(cat: pr.Catalogue) -> None:
    dated = dated_lead_times((CORE / "techniques.toml").read_text(encoding="utf-8"))
    units = {t.value for t in pr.Timescale}
    problems = [
        f"{tid}: comment gives {unit!r}, value is {getattr(cat.techniques.get(tid), 'lead_time', None)}"
        for tid, unit in dated
        if tid not in cat.techniques
        or unit not in units
        or cat.techniques[tid].lead_time != pr.Timescale(unit)
        or not stated(cat.techniques[tid], "lead_time")
    ]
    assert problems == []


#: How the comment directly above each sourced lead time opens (docs/guide.md, "Time to
#: prepare, said or dated"): what the source says, or the two dates it prints. A lead time
#: that is our estimate may say why no source is cited ("# lead time: our estimate. ...").
LEAD_TIME_COMMENT = "# lead time"
ESTIMATED_LEAD_TIME = "# lead time: our estimate"


def lead_time_comments(text: str) -> dict[str, str]:
    """Technique id -> the comment lines directly above its ``lead_time`` line, joined ("" if none)."""
    found: dict[str, str] = {}
    lines = text.splitlines()
    for technique, i, stripped in technique_lines(lines):
        if stripped.startswith("lead_time = "):
            start = i
            while start > 0 and lines[start - 1].startswith("#"):
                start -= 1
            found[technique] = " ".join(line.strip() for line in lines[start:i])
    return found


def test_every_sourced_lead_time_says_what_its_source_says(cat: pr.Catalogue) -> None:
    comments = lead_time_comments((CORE / "techniques.toml").read_text(encoding="utf-8"))
    unexplained = [
        tid
        for tid, t in cat.techniques.items()
        if stated(t, "lead_time")
        and (
            not comments.get(tid, "").startswith(LEAD_TIME_COMMENT)
            or comments[tid].startswith(ESTIMATED_LEAD_TIME)
        )
    ]
    assert unexplained == []
    says_estimate = {tid for tid, c in comments.items() if c.startswith(ESTIMATED_LEAD_TIME)}
    assert says_estimate <= {tid for tid, t in cat.techniques.items() if "lead_time" in t.estimated}


def test_a_lead_time_comment_is_the_run_of_comments_directly_above() -> None:
    text = "\n".join(
        [
            "[[technique]]",
            'id = "a"',
            "# group size: not this one",
            'cost = "low"',
            '# lead time: Example Trust (2021) says "allow six weeks"',
            "# -> weeks",
            'lead_time = "weeks"',
            "[[technique]]",
            'id = "b"',
            "# lead time: our estimate.",
            'cost = "low"',
            'lead_time = "days"',
        ]
    )
    found = lead_time_comments(text)
    assert found == {"a": '# lead time: Example Trust (2021) says "allow six weeks" # -> weeks', "b": ""}


def test_a_dated_lead_time_comment_is_read_with_its_technique() -> None:
    text = "\n".join(
        [
            "[[technique]]",
            'id = "a"',
            "# lead time from the source's dates: adverts 1 March 2019 to first meeting",
            "# 20 May 2019, 80 days -> months",
            'lead_time = "months"',
            "[[technique]]",
            'id = "b"',
            "# lead time from the source's dates: letters July to meeting September -> weeks",
            "# an unrelated comment -> years",
            'lead_time = "weeks"',
            "[[technique]]",
            'id = "c"',
            "# lead time from the source's dates: no unit given",
            'lead_time = "days"',
        ]
    )
    assert dated_lead_times(text) == [("a", "months"), ("b", "weeks"), ("c", "")]
