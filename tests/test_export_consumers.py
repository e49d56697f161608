"""Each export read back by the tool people use: networkx, igraph, pandas, pydot, rdflib.

The consumers are the specification: a node-link file's ``sources`` must be JSON to
``networkx.node_link_graph``, a GraphML node must have a ``label`` for Gephi and yEd, a
GEXF node a colour, a CSV column its type in pandas, a DOT file a size Graphviz draws, and
the JSON-LD IRIs the site's own page addresses.
"""

import json
import warnings
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

import participatory as pr
from participatory._cli import main
from participatory._export import DOT_MAX_EDGES, FORMAT_VERSION, node_link_graph, render
from participatory._jsonld import licence_iri
from participatory._kinds import EDGE_KINDS, NODE_COLOURS

PHOTOVOICE = "technique:photovoice"
BASE = "https://ppi.example.org/catalogue"


@pytest.fixture(scope="module")
def core():
    return pr.load("core")


@pytest.fixture(scope="module")
def g(core):
    return core.graph()


def urls(core) -> set[str]:
    found = {s.url for s in core["photovoice"].sources}
    assert found
    return found


# --------------------------------------------------------------------------- node-link JSON


def test_node_link_sources_are_json_to_networkx(g, core):
    data = json.loads(render(g, "node-link", technique="photovoice"))
    assert data["format_version"] == FORMAT_VERSION == 2
    back = nx.node_link_graph(data, edges="edges")  # networkx's own reader, no help from us
    sources = back.nodes[PHOTOVOICE]["sources"]
    assert isinstance(sources, list)
    assert {s["url"] for s in sources} == urls(core)
    assert all(isinstance(s, dict) and s["title"] for s in sources)


def test_node_link_version_1_files_still_read(g):
    data = json.loads(render(g, "node-link", technique="photovoice"))
    old = data | {"format_version": 1}
    old["nodes"] = [n | {"sources": json.dumps(n["sources"])} for n in data["nodes"]]
    back = node_link_graph(old)
    assert back.nodes[PHOTOVOICE]["sources"] == node_link_graph(data).nodes[PHOTOVOICE]["sources"]


# --------------------------------------------------------------------------- GraphML


def test_graphml_has_labels_for_networkx(g, tmp_path):
    path = g.export("graphml", tmp_path / "g.graphml", technique="photovoice")
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.nodes[PHOTOVOICE]["label"] == "Photovoice"
    assert all(data["label"] == data["name"] for _, data in back.nodes(data=True))
    assert {data["label"] for *_, data in back.edges(data=True)} <= set(EDGE_KINDS)
    # read_graph gives the graph itself: the labels are copies of the names and kinds
    assert "label" not in pr.read_graph(path).nodes[PHOTOVOICE]


def test_graphml_reads_in_igraph(g, tmp_path):
    igraph = pytest.importorskip("igraph")
    path = g.export("graphml", tmp_path / "g.graphml", technique="photovoice")
    ig = igraph.Graph.Read_GraphML(str(path))
    labels = dict(zip(ig.vs["id"], ig.vs["label"], strict=True))
    assert labels[PHOTOVOICE] == "Photovoice"
    assert ig.ecount() == g.nx.in_degree(PHOTOVOICE) + g.nx.out_degree(PHOTOVOICE)
    assert ig.is_directed()


# --------------------------------------------------------------------------- GEXF


def test_gexf_has_colours_and_labels(g, tmp_path):
    path = g.export("gexf", tmp_path / "g.gexf", stage="design", kinds="stage,technique")
    back = nx.read_gexf(path)
    for _, data in back.nodes(data=True):
        fill = NODE_COLOURS[data["kind"]][0]
        colour = data["viz"]["color"]
        assert (colour["r"], colour["g"], colour["b"]) == tuple(int(fill[i : i + 2], 16) for i in (1, 3, 5))
        assert data["label"] == data["name"]
    kinds = {data["kind"] for _, data in back.nodes(data=True)}
    assert kinds == {"stage", "technique"}
    colours = {json.dumps(d["viz"]["color"], sort_keys=True) for _, d in back.nodes(data=True)}
    assert len(colours) == len(kinds)  # one colour per kind


# --------------------------------------------------------------------------- CSV


def test_csv_types_in_pandas(g, tmp_path):
    pd = pytest.importorskip("pandas")
    out = g.export("csv", tmp_path / "tables")
    typed = pd.read_csv(out / "nodes.csv", dtype_backend="numpy_nullable")
    expected: dict[str, set[str]] = {}
    for _, data in g.nx.nodes(data=True):
        for key, value in data.copy().items():
            kind = "boolean" if isinstance(value, bool) else "Int64" if isinstance(value, int) else "string"
            expected.setdefault(key, set()).add(kind)
    for column, kinds in expected.items():
        assert len(kinds) == 1, (column, kinds)  # one type per column, whatever the kind of record
        assert str(typed[column].dtype) == kinds.pop(), column
    assert typed.loc[typed["key"] == "stage:design", "order"].item() == 2
    assert typed["cross_cutting"].dropna().isin([True, False]).all()
    # A table of one kind has no gaps in its required columns: plain read_csv types them too.
    stages = g.export("csv", tmp_path / "stages", kinds="stage")
    plain = pd.read_csv(stages / "nodes.csv")
    assert str(plain["order"].dtype) == "int64"
    assert str(plain["cross_cutting"].dtype) == "bool"
    assert plain.sort_values("order")["record_id"].iloc[0] == "identify-prioritise"


# --------------------------------------------------------------------------- DOT


def parse_dot(text: str) -> Any:
    pydot = pytest.importorskip("pydot")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        (parsed,) = pydot.graph_from_dot_data(text)
    return parsed


def test_dot_refuses_a_graph_too_big_to_draw(g):
    assert g.nx.number_of_edges() > DOT_MAX_EDGES
    with pytest.raises(pr.CatalogueError, match=r"too big for a dot export: \d+ edges") as e:
        render(g, "dot")
    assert "stage=" in str(e.value)
    assert "kinds=" in str(e.value)
    allowed = render(g, "dot", max_edges=g.nx.number_of_edges())  # asked for: it is written
    assert sum(" -> " in line for line in allowed.splitlines()) == g.nx.number_of_edges()


@pytest.mark.parametrize("stage", ["identify-prioritise", "design", "evaluation"])
def test_the_advice_fits_every_stage(g, stage):
    parsed = parse_dot(render(g, "dot", stage=stage, kinds="stage,technique"))
    assert 0 < len(parsed.get_edges()) <= DOT_MAX_EDGES


def test_cli_dot_too_big_is_a_usage_error(capsys):
    assert main(["export", "dot", "-"]) == 2
    err = capsys.readouterr().err
    assert "too big for a dot export" in err
    assert "--stage design --kinds stage,technique" in err
    assert "Traceback" not in err
    assert main(["export", "dot", "-", "--stage", "design", "--kinds", "stage,technique"]) == 0
    assert parse_dot(capsys.readouterr().out).get_edges()


# --------------------------------------------------------------------------- JSON-LD


def parse_rdf(text: str) -> Any:
    rdflib = pytest.importorskip("rdflib")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return rdflib.Graph().parse(data=text, format="json-ld")


def test_licence_iris():
    assert licence_iri("CC BY 4.0") == "https://creativecommons.org/licenses/by/4.0/"
    assert licence_iri("cc-by-sa-4.0") == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert licence_iri("CC BY-NC-SA 4.0") == "https://creativecommons.org/licenses/by-nc-sa/4.0/"
    assert (
        licence_iri("CC0") == licence_iri("CC0-1.0") == "https://creativecommons.org/publicdomain/zero/1.0/"
    )
    assert licence_iri("MIT") == "https://spdx.org/licenses/MIT.html"
    assert licence_iri("https://example.org/terms") == "https://example.org/terms"
    assert licence_iri("Reuse requires the creator's permission") is None
    assert licence_iri("javascript:alert(1)") is None


def test_jsonld_iris_are_the_sites_pages(g, core):
    rdflib = pytest.importorskip("rdflib")
    rdf = parse_rdf(render(g, "jsonld", base_url=BASE + "/"))
    schema = rdflib.Namespace("https://schema.org/")
    dcterms = rdflib.Namespace("http://purl.org/dc/terms/")
    photovoice = rdflib.URIRef(f"{BASE}/techniques/photovoice/")
    assert (photovoice, rdflib.RDF.type, schema.HowTo) in rdf
    assert (photovoice, schema.url, photovoice) in rdf
    assert (photovoice, dcterms.coverage, rdflib.URIRef(f"{BASE}/stages/data-collection/")) in rdf
    assert not [s for s in rdf.subjects() if str(s).startswith("urn:participatory:technique:")]
    dataset = rdf.value(photovoice, dcterms.isPartOf)
    assert str(dataset).startswith(f"{BASE}/downloads/")
    licence = rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert (dataset, dcterms.license, licence) in rdf
    # a resource whose terms are not a licence keeps them as a rights statement
    rights = {str(o) for o in rdf.objects(None, dcterms.rights)}
    assert "Reproduction needs permission from IAP2" in rights


def test_jsonld_has_crosswalks_and_checklists(g, core):
    rdflib = pytest.importorskip("rdflib")
    rdf = parse_rdf(render(g, "jsonld", base_url=BASE))
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    schema = rdflib.Namespace("https://schema.org/")
    assert core.crosswalks
    assert core.checklists
    for cid, crosswalk in core.crosswalks.items():
        iri = rdflib.URIRef(f"{BASE}/crosswalks/{cid}/")
        assert (iri, rdflib.RDF.type, skos.ConceptScheme) in rdf
        for entry in crosswalk.entries:
            term = rdflib.URIRef(f"{iri}#{entry.term}")
            assert (term, skos.inScheme, iri) in rdf
            matched = {str(o) for o in rdf.objects(term, skos.closeMatch)}
            if crosswalk.target == "stage":
                assert matched == {f"{BASE}/stages/{sid}/" for sid in entry.maps_to}
            else:
                assert len(matched) == len(entry.maps_to)
    for cid, checklist in core.checklists.items():
        iri = rdflib.URIRef(f"{BASE}/checklists/{cid}/")
        items = list(rdf.objects(iri, schema.itemListElement))
        assert len(items) == len(checklist.items)
        first = rdflib.URIRef(f"{iri}#{checklist.items[0].id}")
        assert (first, schema.position, rdflib.Literal(1)) in rdf
        assert str(rdf.value(first, schema.name)) == checklist.items[0].name


def test_jsonld_iris_resolve_on_the_built_site(tmp_path):
    pytest.importorskip("jinja2")
    rdflib = pytest.importorskip("rdflib")
    cat = pr.Catalogue.from_path(Path(__file__).parent / "data" / "graph-sample.toml")
    out = pr.build_site(cat, tmp_path / "site", base_url=BASE, search=False)
    rdf = parse_rdf((out / "downloads" / "catalogue.jsonld").read_text(encoding="utf-8"))
    iris = {str(t) for triple in rdf for t in triple if isinstance(t, rdflib.URIRef)}
    ours = {i.split("#")[0] for i in iris if i.startswith(BASE)}
    assert ours
    for iri in ours:
        path = iri.removeprefix(BASE).lstrip("/")
        target = out / path / "index.html" if not path or path.endswith("/") else out / path
        assert target.is_file(), iri
    # the page's own JSON-LD names the record as the export does
    page = (out / "techniques" / "photovoice" / "index.html").read_text(encoding="utf-8")
    assert f'"@id": "{BASE}/techniques/photovoice/"' in page


def test_cli_base_url(capsys):
    assert main(["export", "jsonld", "-", "--technique", "photovoice", "--base-url", BASE]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert any(item["@id"] == f"{BASE}/techniques/photovoice/" for item in doc["@graph"])
    assert main(["export", "jsonld", "-", "--base-url", "ftp://x.org"]) == 2
    assert "--base-url" in capsys.readouterr().err
    assert main(["export", "dot", "-", "--technique", "photovoice", "--base-url", BASE]) == 2
    assert "jsonld" in capsys.readouterr().err
