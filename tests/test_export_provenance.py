"""Exports keep what matters (sources, licence, version), speak standard vocabularies, and fit their tools."""

import csv
import json
import re
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings

import participatory as pr
from participatory._cli import main
from participatory._export import (
    EDGE_PROPERTIES,
    EXPORTS,
    JSONLD_TYPES,
    MERMAID_MAX_EDGES,
    VOCABULARIES,
    export,
    render,
)
from participatory._kinds import EDGE_KINDS, KINDS, NODE_KINDS
from participatory._kinds import NODE_KINDS as GRAPH_NODE_KINDS

from . import strategies

rdflib = pytest.importorskip("rdflib")

PHOTOVOICE = "technique:photovoice"
STANDARD = (*VOCABULARIES.values(), "http://www.w3.org/1999/02/22-rdf-syntax-ns#")


@pytest.fixture(scope="module")
def core():
    return pr.load("core")


@pytest.fixture(scope="module")
def g(core):
    return core.graph()


def photovoice_urls(core) -> set[str]:
    urls = {src.url for src in core["photovoice"].sources}
    assert urls
    return urls


def parse_dot(text: str) -> Any:
    pydot = pytest.importorskip("pydot")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # pydot's use of old pyparsing names
        (parsed,) = pydot.graph_from_dot_data(text)
    return parsed


def parse_rdf(text: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # rdflib's own ConjunctiveGraph notice
        return rdflib.Graph().parse(data=text, format="json-ld")


# --------------------------------------------------------------------------- sources, licence, version


def test_tables_agree_with_the_graph():
    assert set(NODE_KINDS) == set(GRAPH_NODE_KINDS)
    assert set(EDGE_PROPERTIES) == set(EDGE_KINDS)
    assert set(JSONLD_TYPES) == set(KINDS)  # every record is exported, nodes or not


@pytest.mark.parametrize("fmt", ["node-link", "graphml", "gexf"])
def test_networkx_formats_keep_sources_licence_and_version(fmt, g, core, tmp_path):
    suffix = {"node-link": ".json", "graphml": ".graphml", "gexf": ".gexf"}[fmt]
    path = export(g, fmt, tmp_path / f"g{suffix}", technique="photovoice")
    back = pr.read_graph(path)
    sources = back.nodes[PHOTOVOICE]["sources"]
    if fmt != "node-link":  # formats of scalars hold JSON text; node-link JSON a list
        sources = json.loads(sources)
    assert {s["url"] for s in sources} == photovoice_urls(core)
    assert all(s["title"] for s in sources)
    if fmt == "gexf":  # GEXF keeps graph attributes in <meta>
        meta = path.read_text(encoding="utf-8")
        assert "licence: CC BY 4.0" in meta
        assert f"version: {core.info.version}" in meta
    else:
        assert back.graph["licence"] == core.info.licence == "CC BY 4.0"
        assert back.graph["version"] == core.info.version


def test_csv_keeps_sources_licence_and_version(g, core, tmp_path):
    out = g.export("csv", tmp_path / "tables")
    with (out / "nodes.csv").open(newline="", encoding="utf-8") as fh:
        nodes = {row["key"]: row for row in csv.DictReader(fh)}
    assert {s["url"] for s in json.loads(nodes[PHOTOVOICE]["sources"])} == photovoice_urls(core)
    with (out / "catalogue.csv").open(newline="", encoding="utf-8") as fh:
        (info,) = list(csv.DictReader(fh))
    assert info["licence"] == "CC BY 4.0"
    assert info["version"] == core.info.version


def test_mermaid_keeps_sources_licence_and_version(g, core):
    text = render(g, "mermaid", technique="photovoice")
    assert "%% licence: CC BY 4.0" in text
    assert f"%% version: {core.info.version}" in text
    for url in photovoice_urls(core):
        assert f"%% source: {url}" in text


def test_dot_reads_back_with_pydot_and_keeps_provenance(g, core):
    parsed = parse_dot(render(g, "dot", technique="photovoice"))
    assert parsed.get("licence").strip('"') == "CC BY 4.0"
    assert parsed.get("version").strip('"') == core.info.version
    node = parsed.get_node('"technique:photovoice"')[0]
    sources = json.loads(node.get("sources").strip('"').replace('\\"', '"'))
    assert {s["url"] for s in sources} == photovoice_urls(core)
    neighbours = {PHOTOVOICE, *g.nx.successors(PHOTOVOICE), *g.nx.predecessors(PHOTOVOICE)}
    assert len(parsed.get_edges()) == g.nx.out_degree(PHOTOVOICE) + g.nx.in_degree(PHOTOVOICE)
    assert {n.get_name().strip('"') for n in parsed.get_nodes()} >= neighbours


def test_dot_of_a_whole_stage_parses(g):
    parsed = parse_dot(render(g, "dot", stage="design", kinds="stage,technique"))
    sub = g.subgraph(stage="design").nx
    kept = [
        (u, v)
        for u, v in sub.edges()
        if {sub.nodes[u]["kind"], sub.nodes[v]["kind"]} <= {"stage", "technique"}
    ]
    assert len(parsed.get_edges()) == len(kept)


def test_jsonld_keeps_sources_licence_and_version(g, core):
    rdf = parse_rdf(render(g, "jsonld"))
    dcterms, dcat = rdflib.Namespace(VOCABULARIES["dcterms"]), rdflib.Namespace(VOCABULARIES["dcat"])
    prov = rdflib.Namespace(VOCABULARIES["prov"])
    photovoice = rdflib.URIRef("urn:participatory:technique:photovoice")
    cited = {str(o) for o in rdf.objects(photovoice, dcterms.source)}
    assert cited == photovoice_urls(core)
    assert {str(o) for o in rdf.objects(photovoice, prov.wasDerivedFrom)} == cited
    dataset = rdf.value(photovoice, dcterms.isPartOf)
    licence = rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")  # "CC BY 4.0" as an IRI
    assert rdf.value(dataset, dcterms.license) == licence
    assert str(rdf.value(dataset, dcat.version)) == core.info.version
    assert (dataset, rdflib.RDF.type, dcat.Dataset) in rdf
    distribution = rdf.value(dataset, dcat.distribution)
    assert (distribution, rdflib.RDF.type, dcat.Distribution) in rdf


# --------------------------------------------------------------------------- standard vocabularies


def standard_share(rdf: Any) -> tuple[float, Counter[str]]:
    counts: Counter[str] = Counter()
    for _, p, o in rdf:
        counts["standard" if str(p).startswith(STANDARD) else str(p)] += 1
        if p == rdflib.RDF.type:
            assert str(o).startswith(STANDARD), f"type {o} is not in a standard vocabulary"
    total = sum(counts.values())
    return counts["standard"] / total, counts


def test_jsonld_core_is_in_standard_vocabularies(g):
    rdf = parse_rdf(render(g, "jsonld"))
    share, counts = standard_share(rdf)
    assert share >= 0.8, counts.most_common(5)
    schema, skos = rdflib.Namespace(VOCABULARIES["schema"]), rdflib.Namespace(VOCABULARIES["skos"])
    kinds = {
        "technique": schema.HowTo,
        "resource": schema.LearningResource,
        "case": schema.Project,
        "stage": skos.Concept,
        "stakeholder": skos.Concept,
        "organisation": schema.Organization,
        "answer": schema.Question,
    }
    for node, data in g.nx.nodes(data=True):
        assert (rdflib.URIRef(f"urn:participatory:{node}"), rdflib.RDF.type, kinds[data["kind"]]) in rdf
    schemes = {str(s) for s in rdf.subjects(rdflib.RDF.type, skos.ConceptScheme)}
    crosswalks = {f"urn:participatory:crosswalk:{c}" for c in g.catalogue.crosswalks}
    assert crosswalks  # each crosswalk is a vocabulary too
    assert {s.rsplit(":", 1)[1] for s in schemes - crosswalks} == {"stages", "stakeholders", "levels"}
    design = rdflib.URIRef("urn:participatory:stage:design")
    assert str(rdf.value(design, skos.inScheme)).endswith("scheme:stages")
    assert set(rdf.subjects(rdflib.RDF.type, schema.Organization))  # publishers, organisations


@settings(max_examples=10)
@given(strategies.catalogues())
def test_jsonld_of_any_catalogue_is_in_standard_vocabularies(cat):
    g = cat.graph()
    rdf = parse_rdf(render(g, "jsonld"))
    if len(rdf):
        share, counts = standard_share(rdf)
        assert share >= 0.8, counts.most_common(5)


# --------------------------------------------------------------------------- tool limits and narrowing


def mermaid_edges(text: str) -> int:
    return sum(1 for line in text.splitlines() if re.search(r" -->\|", line))


def test_mermaid_refuses_what_mermaid_would_not_draw(g):
    assert g.nx.number_of_edges() > MERMAID_MAX_EDGES
    with pytest.raises(pr.CatalogueError, match=r"too big.*500.*stage=.*technique=.*kinds="):
        render(g, "mermaid")


@pytest.mark.parametrize("stage", ["identify-prioritise", "design", "dissemination", "oversight"])
def test_every_stage_can_be_exported_to_mermaid_by_narrowing(g, stage):
    text = ""
    for kinds in (None, "stage,technique,stakeholder", "stage,technique"):  # narrower and narrower
        try:
            text = render(g, "mermaid", stage=stage, kinds=kinds)
            break
        except pr.CatalogueError:
            continue
    assert 0 < mermaid_edges(text) <= MERMAID_MAX_EDGES
    assert len(text) <= 50_000


def test_narrowing_by_technique_and_kinds(g):
    text = render(g, "mermaid", technique="photovoice", kinds=["technique", "stage"])
    assert "technique__photovoice" in text
    assert ":::stakeholder" not in text
    assert ":::resource" not in text
    assert mermaid_edges(text) == sum(
        1 for u, v in g.nx.out_edges(PHOTOVOICE) if g.nx.nodes[v]["kind"] in ("technique", "stage")
    ) + sum(1 for u, v in g.nx.in_edges(PHOTOVOICE) if g.nx.nodes[u]["kind"] in ("technique", "stage"))


def test_max_edges_limits_any_format(g):
    with pytest.raises(pr.CatalogueError, match="more than 3"):
        render(g, "dot", technique="photovoice", max_edges=3)
    assert render(g, "dot", technique="photovoice", max_edges=1000)


def test_narrowing_errors_suggest(g):
    with pytest.raises(pr.CatalogueError, match="did you mean 'photovoice'"):
        render(g, "dot", technique="fotovoice")
    with pytest.raises(pr.CatalogueError, match="did you mean 'stage'"):
        render(g, "dot", kinds="stages")


# --------------------------------------------------------------------------- command line


def test_cli_narrowing_options(capsys):
    assert main(["export", "mermaid", "-", "--catalogue", "core"]) == 2
    err = capsys.readouterr().err
    assert "too big" in err
    assert "--stage" in err
    assert (
        main(
            [
                "export",
                "mermaid",
                "-",
                "-c",
                "core",
                "--technique",
                "photovoice",
                "--kinds",
                "stage,technique",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert out.startswith("flowchart LR")
    assert ":::stakeholder" not in out
    assert main(["export", "dot", "-", "-c", "core", "-t", "photovoice", "--max-edges", "2"]) == 2
    assert "more than 2" in capsys.readouterr().err
    assert main(["export", "dot", "-", "-c", "core", "--kinds", "techniqe"]) == 2
    assert "did you mean 'technique'" in capsys.readouterr().err


def test_cli_csv_writes_catalogue_table(tmp_path, capsys):
    assert main(["export", "csv", str(tmp_path / "t"), "-c", "core", "--stage", "design"]) == 0
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == ["catalogue.csv", "edges.csv", "nodes.csv"]


@pytest.mark.parametrize("fmt", [f for f in EXPORTS if f != "csv"])
def test_every_format_renders_a_narrowed_graph(g, fmt):
    assert render(g, fmt, stage="design", kinds="stage,technique")


def test_graphml_reads_back_with_networkx(g, tmp_path):
    path = export(g, "graphml", tmp_path / "g.graphml", stage="design")
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.number_of_edges() == g.subgraph(stage="design").nx.number_of_edges()
    assert Path(path).read_text(encoding="utf-8").count("CC BY 4.0") >= 1
