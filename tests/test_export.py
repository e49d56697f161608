"""Exports of the technique graph, and reading them back."""

import csv
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

import participatory as pr
from participatory import Catalogue, Stage, Technique
from participatory._export import FORMAT_NAME, FORMAT_VERSION, node_link_graph, with_provenance

SAMPLE = Path(__file__).parent / "data" / "graph-sample.toml"


@pytest.fixture(scope="module")
def g():
    return Catalogue.from_path(SAMPLE).graph()


def same_graph(a: Any, b: Any) -> None:
    assert a.graph == b.graph
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(a.edges(keys=True, data=True), key=repr) == sorted(b.edges(keys=True, data=True), key=repr)


def test_node_link_round_trip(g, tmp_path):
    path = g.export("node-link", tmp_path / "g.json")
    data = json.loads(path.read_text())
    assert data["format"] == FORMAT_NAME
    assert data["format_version"] == FORMAT_VERSION
    assert "edges" in data
    assert "links" not in data
    assert len(data["edges"]) == g.nx.number_of_edges() > 0
    back = pr.read_graph(path)
    same_graph(back, with_provenance(g, g.nx, structured=True))
    assert nx.utils.graphs_equal(back, with_provenance(g, g.nx, structured=True))


def test_node_link_is_readable_by_networkx(g):
    data = g.to_node_link()
    back = nx.node_link_graph(data, edges="edges")
    assert back.number_of_edges() == g.nx.number_of_edges()
    assert back.is_multigraph()
    assert back.is_directed()


def test_node_link_refuses_links_and_other_versions(g):
    data = g.to_node_link()
    old = {k: v for k, v in data.items() if k != "edges"} | {"links": data["edges"]}
    with pytest.raises(pr.CatalogueError, match="'links'"):
        node_link_graph(old)
    with pytest.raises(pr.CatalogueError, match="version 99"):
        node_link_graph(data | {"format_version": 99})
    with pytest.raises(pr.CatalogueError, match="not a participatory-graph"):
        node_link_graph({"nodes": [], "edges": []})


def test_graphml_round_trip(g, tmp_path):
    path = g.export("graphml", tmp_path / "g.graphml")
    same_graph(pr.read_graph(path), with_provenance(g, g.nx))


def test_gexf_is_readable(g, tmp_path):
    path = g.export("gexf", tmp_path / "g.gexf")
    back = pr.read_graph(path)
    assert set(back.nodes) == set(g.nx.nodes)
    assert back.number_of_edges() == g.nx.number_of_edges()
    assert back.nodes["technique:photovoice"]["label"] == "Photovoice"


def test_csv_tables(g, tmp_path):
    out = g.export("csv", tmp_path / "tables")
    with (out / "nodes.csv").open(newline="") as fh:
        nodes = list(csv.DictReader(fh))
    with (out / "edges.csv").open(newline="") as fh:
        edges = list(csv.DictReader(fh))
    assert {n["key"] for n in nodes} == set(g.nx.nodes)
    assert list(nodes[0])[:4] == ["key", "kind", "record_id", "name"]
    assert len(edges) == g.nx.number_of_edges()
    fits = next(e for e in edges if e["source"] == "technique:photovoice" and e["kind"] == "fits")
    assert fits["levels"] == "involve; collaborate"
    file = tmp_path / "file"
    file.write_text("")
    with pytest.raises(pr.CatalogueError, match="directory"):
        g.export("csv", file)


def test_jsonld(g, tmp_path):
    path = g.export("jsonld", tmp_path / "g.jsonld")
    doc = json.loads(path.read_text())
    items = {item["@id"]: item for item in doc["@graph"]}
    photovoice = items["urn:participatory:technique:photovoice"]
    assert photovoice["@type"] == ["schema:HowTo"]
    assert {r["@id"] for r in photovoice["dcterms:coverage"]} == {
        "urn:participatory:stage:data-collection",
        "urn:participatory:stage:analysis",
    }
    assert all(f"urn:participatory:{node}" in items for node in g.nx.nodes)


def test_mermaid_and_dot_escape_labels(tmp_path):
    nasty = 'Say "hi" <b>\\ now'
    cat = Catalogue(
        [Stage(id="design", name="Design", order=1), Technique(id="t-1", name=nasty, stages=("design",))]
    )
    g = cat.graph()
    mermaid = g.export("mermaid", tmp_path / "g.mmd").read_text()
    assert mermaid.startswith("flowchart LR\n")
    assert 'technique__t_1["Say #quot;hi#quot; #lt;b#gt;\\ now"]:::technique' in mermaid
    assert "technique__t_1 -->|fits| stage__design" in mermaid
    dot = g.export("dot", tmp_path / "g.dot").read_text()
    assert '"technique:t-1" [label="Say \\"hi\\" <b>\\\\ now"' in dot
    assert '"technique:t-1" -> "stage:design" [label="fits"' in dot
    assert dot.rstrip().endswith("}")
    assert g.to_dot() == dot
    assert g.to_mermaid() == mermaid


def test_stages_come_first_in_order_in_text_exports(g):
    lines = [line for line in g.to_mermaid().splitlines() if ":::stage" in line]
    assert [line.split("[")[0].strip() for line in lines] == [
        "stage__identify_prioritise",
        "stage__design",
        "stage__data_collection",
        "stage__analysis",
        "stage__dissemination",
    ]


def test_unknown_format(g, tmp_path):
    with pytest.raises(pr.CatalogueError, match="did you mean 'graphml'"):
        g.export("grapml", tmp_path / "x")


def test_writes_are_atomic(g, tmp_path):
    target = tmp_path / "g.json"
    target.write_text("old")
    with pytest.raises(pr.CatalogueWriteError, match="already exists; pass overwrite=True"):
        g.export("node-link", target)
    assert target.read_text() == "old"
    g.export("node-link", target, overwrite=True)
    assert json.loads(target.read_text())["format"] == FORMAT_NAME
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]


def test_read_graph_errors(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(pr.CatalogueError, match="cannot read"):
        pr.read_graph(bad)
    with pytest.raises(pr.CatalogueError, match="cannot tell the format"):
        pr.read_graph(tmp_path / "x.txt")
