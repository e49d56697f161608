"""Notebook manners: HTML reprs, plain-text fallbacks, tables, DataFrames and drawings."""

import re
from pathlib import Path

import pytest

import participatory as pr
from participatory import Catalogue, Stage, Technique

SAMPLE = Path(__file__).parent / "data" / "graph-sample.toml"
NASTY = "<script>alert('x')</script> & \"quotes\""


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return Catalogue.from_path(SAMPLE)


def _no_raw_markup(html: str) -> None:
    assert "<script" not in html
    assert "&lt;script&gt;" in html


def _has_fallback(html: str, text: str) -> None:
    match = re.search(r"<pre class='pr-text-fallback'>(.*?)</pre>", html, re.S)
    assert match is not None
    assert match.group(1).strip()
    assert "display:none" in html  # the rich part is hidden unless the stylesheet is trusted
    assert text in match.group(1)


def test_every_record_kind_has_an_html_repr(cat):
    seen = set()
    for rec in cat.records():
        html = rec._repr_html_()
        assert rec.record_kind in html
        _has_fallback(html, rec.id)
        seen.add(rec.record_kind)
    assert seen == {"stage", "stakeholder", "technique", "resource", "case", "crosswalk"}


def test_records_stay_frozen_and_comparable():
    a = Technique(id="a", name="A")
    a._repr_html_()
    assert a == Technique(id="a", name="A")
    assert hash(a) == hash(Technique(id="a", name="A"))
    with pytest.raises(AttributeError):
        a.name = "B"  # type: ignore[misc]


def test_record_html_escapes_everything():
    rec = Technique(
        id="t",
        name=NASTY,
        summary=NASTY,
        strengths=(NASTY,),
        sources=(pr.Source(title=NASTY, url="javascript:alert(1)"),),
    )
    html = rec._repr_html_()
    _no_raw_markup(html)
    # a javascript: address is shown as text, never as a link, whatever the quoting
    assert not re.search(r"href\s*=\s*[\"']?\s*javascript", html, re.IGNORECASE)
    assert "<a " not in html  # the record has no http(s) address, so no link at all
    assert "&amp;" in html


def test_links_only_for_web_addresses(cat):
    html = cat["photovoice-guide"]._repr_html_()
    assert '<a href="https://example.org/photovoice"' in html


def test_catalogue_html(cat):
    html = cat._repr_html_()
    assert "Graph sample &lt;test&gt; &amp; friends" in html
    assert "techniques (6)" in html
    _has_fallback(html, "graph-sample")


def test_catalogue_key_completions(cat):
    assert "photovoice" in cat._ipython_key_completions_()


def test_results_show_as_tables(cat):
    found = cat.graph().techniques(stage="design")
    html = found._repr_html_()
    assert "<table class='pr-table'>" in html
    assert html.count("<tr>") == 1 + len(found)
    text = repr(found)
    assert text.splitlines()[0] == "Techniques (3)"
    assert "co-design-workshop" in text
    _has_fallback(html, "co-design-workshop")


def test_results_escape_and_truncate():
    techs = [Technique(id=f"t{i}", name=f"{NASTY} {i:02d}") for i in range(30)]
    found = Catalogue(techs).graph().techniques()
    html = found._repr_html_()
    _no_raw_markup(html)
    assert "... and 5 more" in html
    assert "... and 5 more" in repr(found)
    assert len(found.to_text().splitlines()) == 32


def test_empty_results():
    found = Catalogue([Stage(id="s", name="S", order=1)]).graph().techniques()
    assert len(found) == 0
    assert not found
    assert "(0)" in repr(found)
    assert "<table" not in found._repr_html_()


def test_to_records_are_plain(cat):
    rec = cat.graph().techniques(stage="design", stakeholder="carer", level="collaborate").to_records()[0]
    assert rec["levels"] == ["involve", "collaborate"]
    assert rec["modes"] == ["in-person", "online", "hybrid"]
    assert rec["cost"] == "medium"
    assert rec["group_min"] == 8


def test_to_dataframe(cat):
    pd = pytest.importorskip("pandas")
    g = cat.graph()
    df = g.techniques(stage="design").to_dataframe()
    assert isinstance(df, pd.DataFrame)
    assert list(df.index) == list(g.techniques(stage="design").ids)
    usage = g.usage(by="stakeholder").to_dataframe()
    assert list(usage.columns) == ["technique", "stakeholder", "cases", "organisations", "same_as"]
    matrix = usage.pivot_table(index="technique", columns="stakeholder", values="cases", fill_value=0)
    assert matrix.loc["photovoice", "public"] == 1


def test_to_dataframe_without_pandas_names_the_extra(cat, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"participatory\[pandas\]"):
        cat.graph().usage().to_dataframe()


def test_graph_and_coverage_html(cat):
    g = cat.graph()
    html = g._repr_html_()
    assert "technique</td><td>6" in html
    assert "fits</td>" in html
    _has_fallback(html, "TechniqueGraph")
    cov = g.coverage(["photovoice"])
    html = cov._repr_html_()
    assert "stages missed" in html
    _has_fallback(html, "stages missed")


def test_draw_returns_a_figure(cat):
    pytest.importorskip("matplotlib")
    import matplotlib as mpl

    mpl.use("Agg")
    import matplotlib.pyplot as plt

    fig = cat.graph().draw()
    try:
        ax = fig.axes[0]
        assert ax.get_title() == "Graph sample <test> & friends"
        drawn = {" ".join(t.get_text().split()) for t in ax.texts}  # every stage and technique, by name
        assert {r.name for r in [*cat.stages.values(), *cat.techniques.values()]} <= drawn
    finally:
        plt.close(fig)
    with pytest.raises(pr.CatalogueError, match="cannot draw 'crosswalk'"):
        cat.graph().draw(kinds=["crosswalk"])


def test_draw_places_stages_in_order(cat):
    from participatory._draw import _positions

    pos = _positions(cat.graph(), ("stage", "technique"))
    xs = [pos[f"stage:{s}"][0] for s in cat.stages]
    assert xs == sorted(xs)
    assert pos["technique:newsletter"][1] > pos["stage:design"][1]
