"""Pictures: rendered with Agg and checked by the bounding boxes of their labels."""

import itertools
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import participatory as pr
from participatory._plan import Plan

from . import strategies

mpl = pytest.importorskip("matplotlib")
mpl.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "data" / "graph-sample.toml"
PLAN = ROOT / "examples" / "health-data-plan.toml"
TOLERANCE = 0.5  # pixels: boxes that only touch do not overlap


@pytest.fixture(scope="module")
def core():
    return pr.load("core").graph()


@pytest.fixture(scope="module")
def sample():
    return pr.Catalogue.from_path(SAMPLE).graph()


def labels(fig: Any) -> list[Any]:
    """Every visible piece of text the picture drew."""
    texts = [*fig.texts]
    for ax in fig.axes:
        texts += list(ax.texts)
        if ax.title.get_visible() and ax.title.get_text():
            texts.append(ax.title)
    return [t for t in texts if t.get_visible() and t.get_text().strip()]


def extents(fig: Any) -> list[tuple[str, Any]]:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    out = []
    for text in labels(fig):
        box = text.get_window_extent(renderer)
        patch = text.get_bbox_patch()
        if patch is not None:
            box = type(box).union([box, patch.get_window_extent(renderer)])
        out.append((text.get_text(), box))
    return out


def assert_readable(fig: Any) -> None:
    """No two labels overlap and none leaves the figure."""
    try:
        found = extents(fig)
        assert found
        frame = fig.bbox
        for text, box in found:
            assert box.x0 >= frame.x0 - TOLERANCE, f"{text!r} is cut off on the left"
            assert box.x1 <= frame.x1 + TOLERANCE, f"{text!r} is cut off on the right"
            assert box.y0 >= frame.y0 - TOLERANCE, f"{text!r} is cut off at the bottom"
            assert box.y1 <= frame.y1 + TOLERANCE, f"{text!r} is cut off at the top"
        for (a, box_a), (b, box_b) in itertools.combinations(found, 2):
            overlap_x = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
            overlap_y = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
            assert overlap_x <= TOLERANCE or overlap_y <= TOLERANCE, f"{a!r} overlaps {b!r}"
    finally:
        plt.close(fig)


def title_of(fig: Any) -> str:
    (title,) = [t for t in fig.axes[0].texts if t.get_gid() == "title"]
    return " ".join(title.get_text().split())


def drawn_names(fig: Any) -> set[str]:
    return {" ".join(t.get_text().split()) for t in labels(fig)}


# --------------------------------------------------------------------------- the graph


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"kinds": ["stage", "technique", "stakeholder", "resource", "case"]},
        {"kinds": ["technique", "stakeholder"]},
        {"stage": "design"},
        {"stage": ["analysis", "dissemination"]},
        {"technique": "photovoice"},
        {"technique": ["photovoice", "citizens-jury"]},
        {"kind": "matrix"},
        {"kind": "matrix", "stage": "design"},
        {"kind": "levels"},
        {"kind": "levels", "technique": "photovoice"},
        {"labels": False},
    ],
    ids=repr,
)
def test_core_pictures_are_readable(core, options):
    assert_readable(core.draw(**options))


@pytest.mark.parametrize("kind", ["graph", "matrix", "levels"])
def test_sample_pictures_are_readable(sample, kind):
    assert_readable(sample.draw(kind))


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")  # emoji in generated names
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.catalogues(max_records=6))
def test_pictures_of_any_catalogue_are_readable(cat):
    g = cat.graph()
    for kind in ("graph", "matrix", "levels"):
        assert_readable(g.draw(kind))


def synthetic(techniques: int, stages: int = 10) -> pr.Catalogue:
    """A catalogue of a given size, with long and short names, linked in a regular pattern."""
    levels = list(pr.Level)
    records: list[Any] = [
        pr.Stage(id=f"s{i}", name=f"Stage {i} " + "long " * (i % 3), order=i) for i in range(stages)
    ]
    records += [pr.Stakeholder(id=f"p{i}", name=f"People {i}") for i in range(12)]
    records += [
        pr.Technique(
            id=f"t{i}",
            name=f"Technique {i} " + "with a rather long name " * (i % 4),
            stages=tuple(f"s{(i + k) % stages}" for k in range(1 + i % 3)),
            stakeholders=tuple(dict.fromkeys((f"p{i % 12}", f"p{(i * 5) % 12}"))),
            levels=tuple(levels[i % 5 : i % 5 + 1 + i % 2]),
        )
        for i in range(techniques)
    ]
    return pr.Catalogue(records)


@pytest.mark.parametrize("techniques", [1, 30, 200])
@pytest.mark.parametrize("kind", ["graph", "matrix", "levels"])
def test_pictures_of_several_sizes_are_readable(techniques, kind):
    fig = synthetic(techniques).graph().draw(kind)
    width, height = fig.get_size_inches()
    assert max(width, height) < 80
    assert_readable(fig)


def test_dollars_are_not_formulas():
    cat = pr.Catalogue(
        [
            pr.Stage(id="design", name="Design", order=1),
            pr.Technique(
                id="t", name="Costs $5 or $10 a_head", stages=("design",), levels=(pr.Level.CONSULT,)
            ),
        ]
    )
    for kind in ("graph", "matrix", "levels"):
        fig = cat.graph().draw(kind)
        assert "Costs $5 or $10 a_head" in drawn_names(fig)
        assert_readable(fig)


def test_an_empty_catalogue_draws_a_note():
    fig = pr.Catalogue([]).graph().draw()
    assert "Nothing to draw" in drawn_names(fig)
    assert_readable(fig)


def test_titles_say_what_is_drawn(core):
    cases = {
        (): "Techniques and stakeholders across the research stages",
        (("stage", "design"),): "Techniques and stakeholders at Design",
        (("technique", "photovoice"),): "Photovoice and what it links to, across the research stages",
        (("kind", "matrix"),): "Which technique fits which research stage",
        (("kind", "levels"),): "How deep each technique involves people",
    }
    for options, title in cases.items():
        fig = core.draw(**dict(options))
        try:
            assert title_of(fig) == title
            assert fig.axes[0].get_title() == "Core catalogue of patient and public involvement techniques"
        finally:
            plt.close(fig)


def test_focus_on_a_technique_draws_it_and_its_neighbours_only(core):
    fig = core.draw(technique="photovoice")
    try:
        names = drawn_names(fig)
        cat = core.catalogue
        photovoice = cat["photovoice"]
        assert photovoice.name in names
        assert {cat[s].name for s in photovoice.stages} <= names
        assert {cat[s].name for s in photovoice.stakeholders} <= names
        others = (
            {t.name for t in cat.techniques.values()}
            - {photovoice.name}
            - {cat[t].name for t in photovoice.pairs_with}
        )
        linked = {str(core.nx.nodes[n]["name"]) for n in core.nx.predecessors("technique:photovoice")}
        assert not (others - linked) & names
    finally:
        plt.close(fig)


def test_sizes_fit_the_number_of_nodes(core):
    full = core.draw()
    one = core.draw(technique="photovoice")
    try:
        w_full, h_full = full.get_size_inches()
        w_one, h_one = one.get_size_inches()
        assert w_full * h_full > 2 * w_one * h_one
        assert max(w_full, h_full) < 40  # fits a slide when scaled, not a poster
    finally:
        plt.close(full)
        plt.close(one)


def test_matrix_has_a_row_per_technique_and_a_column_per_stage(core):
    fig = core.draw("matrix", stage="design")
    try:
        names = drawn_names(fig)
        sub = core.subgraph(stage="design").catalogue
        assert {t.name for t in sub.techniques.values()} <= names
        assert "Design" in names
        cells = [p for p in fig.axes[0].patches if p.get_zorder() == 2]
        assert len(cells) == len(sub.techniques)  # each fits the one stage
    finally:
        plt.close(fig)


def test_levels_show_each_techniques_range(core):
    fig = core.draw("levels", technique="photovoice")
    try:
        names = drawn_names(fig)
        assert {lv.value for lv in pr.Level} <= names
    finally:
        plt.close(fig)


def test_draw_into_given_axes(sample):
    fig, ax = plt.subplots(figsize=(12, 8))
    try:
        assert sample.draw(ax=ax) is fig
        assert ax.texts
    finally:
        plt.close(fig)


def test_draw_errors(sample):
    with pytest.raises(pr.CatalogueError, match="did you mean 'matrix'"):
        sample.draw("matrx")
    with pytest.raises(pr.CatalogueError, match="cannot draw 'crosswalk'"):
        sample.draw(kinds=["crosswalk"])
    with pytest.raises(pr.CatalogueError, match="did you mean 'photovoice'"):
        sample.draw(technique="fotovoice")


def test_missing_matplotlib_is_a_clean_error(sample, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(pr.CatalogueError, match=r"pip install 'participatory\[plot\]'"):
        sample.draw()


# --------------------------------------------------------------------------- plans


def test_plan_timeline_is_readable_and_numbers_from_one():
    plan = Plan.from_path(PLAN)
    fig = plan.draw()
    names = drawn_names(fig)
    assert any(name.startswith("1. ") for name in names)
    assert not any(name.startswith("0. ") for name in names)
    assert any(name.startswith(f"{len(plan.activities)}. ") for name in names)
    assert {lv.value for lv in pr.Level} <= names
    assert title_of(fig) == f"{plan.title}: involvement across the research stages"
    assert_readable(fig)


def test_plan_timeline_of_a_crowded_stage():
    acts = [
        pr.Activity(technique="focus-group", stage="design", stakeholders=("patient",), level=level)
        for level in ["consult", "consult", "consult", "involve", "involve"]
    ]
    plan = Plan(info=pr.PlanInfo(title="Crowded"), activities=acts)
    assert_readable(plan.draw())


# --------------------------------------------------------------------------- chosen techniques, chosen links


def row_labels(fig: Any) -> list[str]:
    """The row labels of a matrix or levels picture (right-aligned, left of the table)."""
    return [" ".join(t.get_text().split()) for t in fig.axes[0].texts if t.get_ha() == "right"]


def paired(core: Any, n: int) -> list[str]:
    """``n`` techniques that pair with others: focusing on them must not draw their partners."""
    ids = [t.id for t in core.catalogue.techniques.values() if t.pairs_with][:n]
    assert len(ids) == n
    partners = {p for t in ids for p in core.catalogue[t].pairs_with} - set(ids)
    assert partners  # otherwise the test could not fail
    return ids


@pytest.mark.parametrize("kind", ["matrix", "levels"])
def test_chosen_techniques_are_the_only_rows(core, kind):
    ids = paired(core, 9)
    fig = core.draw(kind, technique=ids)
    try:
        names = {core.catalogue[t].name for t in ids}
        rows = row_labels(fig)
        assert len(rows) == len(set(rows)) == 9
        assert set(rows) == names
        (title,) = [t for t in fig.axes[0].texts if t.get_gid() == "title"]
        assert "\n" not in title.get_text()  # one line, not four
        assert "9 chosen techniques" in title_of(fig)
    finally:
        assert_readable(fig)


def test_a_few_chosen_techniques_are_named_in_the_title(core):
    fig = core.draw("matrix", technique=["photovoice", "world-cafe"])
    try:
        assert title_of(fig) == "Which technique fits which research stage: Photovoice and World Café"
        cells = [p for p in fig.axes[0].patches if p.get_zorder() == 2]
        fits = {s for t in ("photovoice", "world-cafe") for s in core.catalogue[t].stages}
        assert len(cells) == sum(len(core.catalogue[t].stages) for t in ("photovoice", "world-cafe"))
        assert {" ".join(t.get_text().split()) for t in fig.axes[0].texts if t.get_va() == "bottom"} == {
            " ".join(core.catalogue[s].name.split()) for s in fits
        }  # only the stages they fit are columns
    finally:
        assert_readable(fig)


def segments(fig: Any) -> int:
    from matplotlib.collections import LineCollection

    return sum(len(c.get_segments()) for c in fig.axes[0].collections if isinstance(c, LineCollection))


def test_technique_stage_links_only(core):
    fig = core.draw(edges="fits", stage="design")
    try:
        assert title_of(fig) == "Techniques that fit Design"
        sub = core.subgraph(stage="design").nx
        fits = [(u, v) for u, v, k in sub.edges(keys=True) if k == "fits"]
        assert segments(fig) == len(fits) > 0
        bands = {t.get_text() for t in fig.axes[0].texts if t.get_weight() == "bold" and t.get_ha() == "left"}
        assert {"Techniques", "Stages"} <= bands
        assert "Stakeholders" not in bands
    finally:
        assert_readable(fig)
    whole = core.draw(edges="fits")
    try:
        assert title_of(whole) == "Techniques and the research stages they fit"
        fits = [(u, v) for u, v, k in core.nx.edges(keys=True) if k == "fits"]
        assert segments(whole) == len(fits)
        assert segments(whole) < core.nx.number_of_edges() / 2  # not the mesh of every link
    finally:
        plt.close(whole)


def test_unknown_kind_of_link(core):
    with pytest.raises(pr.CatalogueError, match="did you mean 'fits'"):
        core.draw(edges="fit")
