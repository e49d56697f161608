"""Kinds and facets are declared once, and every surface takes a new one up with no other change.

This module declares a kind of record (``meetup``) and a facet (``facilitated``) of its
own, in a scope that removes them again, and checks each surface: files and checks, the
catalogue, the JSON Schema, the graph and its exports, drawings, the website's pages and
finder, the command line and the format reference. It also compares the surfaces for the
package's own kinds (one ``@type`` per kind, every node kind drawable, references from
the declarations).
"""

import json
from collections.abc import Iterator
from typing import ClassVar

import attrs
import pytest

import participatory as pr
from participatory import kinds as pk
from participatory._cli import main
from participatory._kinds import EDGE_KINDS, KINDS, NODE_KINDS, REFERENCES

TOML = """
[catalogue]
name = "meetups"

[[stage]]
id = "design"
name = "Design"
order = 1

[[technique]]
id = "photovoice"
name = "Photovoice"
stages = ["design"]
levels = ["involve"]
facilitated = true

[[technique]]
id = "survey"
name = "Survey"
stages = ["design"]
facilitated = false

[[meetup]]
id = "spring-cafe"
name = "Spring research cafe"
summary = "An afternoon to try photovoice."
techniques = ["photovoice"]
hosts = ["arc"]
stages = ["design"]
url = "https://example.org/cafe"

[[organisation]]
id = "arc"
name = "Applied research collaboration"
"""


@attrs.frozen(kw_only=True)
class Meetup(pr.Record):
    """A gathering where people try techniques (a kind declared by this test only)."""

    techniques: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()  # words of its own, not a reference (not declared as one)
    url: str = ""

    record_kind: ClassVar[str] = "meetup"


MEETUP = pk.Kind(
    cls=Meetup,
    plural="meetups",
    schema_type="Event",
    label="Meetup",
    label_plural="Meetups",
    references={"techniques": "technique", "hosts": "organisation"},
    edges={
        "techniques": pk.Edge(
            name="tried-at", meaning="the technique was tried at the meetup", backwards=True
        )
    },
)

FACILITATED = pk.Facet(
    name="facilitated",
    field="facilitated",
    label="Run by a facilitator",
    values=bool,
    match="any",
    help="--facilitated: run by a facilitator",
    many=False,
    flag=(True, "yes", "Run by a facilitator"),
)


@pytest.fixture(scope="module")
def core() -> pr.Catalogue:
    return pr.load("core")


@pytest.fixture
def declared() -> Iterator[None]:
    with pk.register_kind(MEETUP), pk.register_facet(FACILITATED):
        yield


@pytest.fixture
def cat(declared: None, tmp_path) -> pr.Catalogue:
    path = tmp_path / "meetups.toml"
    path.write_text(TOML, encoding="utf-8")
    return pr.Catalogue.from_path(path)


def test_a_declaration_is_scoped(cat):
    assert "meetup" in KINDS
    assert cat.of_kind("meetup")["spring-cafe"].techniques == ("photovoice",)


def test_the_declaration_is_gone_after_its_scope():
    with pk.register_kind(MEETUP):
        assert "meetup" in NODE_KINDS
    assert "meetup" not in KINDS
    assert "meetup" not in NODE_KINDS
    assert "tried-at" not in EDGE_KINDS
    assert "facilitated" not in {f.name for f in pk.facets()}


def test_files_round_trip_and_the_checks_apply(cat, tmp_path):
    out = tmp_path / "out"
    cat.to_path(out)
    assert (out / "meetup.toml").is_file()
    assert pr.Catalogue.from_path(out) == cat
    bad = TOML.replace("https://example.org/cafe", "ftp://example.org/cafe").replace(
        'techniques = ["photovoice"]', 'techniques = ["photovoise"]'
    )
    (tmp_path / "bad.toml").write_text(bad, encoding="utf-8")
    with pytest.raises(pr.CatalogueValidationError) as e:
        pr.Catalogue.from_path(tmp_path / "bad.toml")
    fields = {(p.record, p.field.partition("[")[0]) for p in e.value.problems}
    assert ("spring-cafe", "url") in fields  # only http and https, as for every other kind
    assert ("spring-cafe", "techniques") in fields  # a reference, known from the declaration


def test_a_plural_table_gets_did_you_mean(declared, tmp_path):
    (tmp_path / "x.toml").write_text(TOML.replace("[[meetup]]", "[[meetups]]"), encoding="utf-8")
    with pytest.raises(pr.CatalogueError, match=r"\[\[meetup\]\]"):
        pr.Catalogue.from_path(tmp_path / "x.toml")


def test_the_json_schema_describes_it(declared):
    from participatory._jsonschema import catalogue_schema

    schema = catalogue_schema()
    assert "meetup" in schema["properties"]
    assert "techniques" in json.dumps(schema["properties"]["meetup"])


def test_the_graph_links_it(cat):
    g = cat.graph()
    assert "meetup:spring-cafe" in g.nx
    assert g.nx.has_edge("technique:photovoice", "meetup:spring-cafe", "tried-at")
    assert g.links("spring-cafe") == {"tried-at (from)": ("photovoice",), "meetup-hosts": ("arc",)}


def test_the_exports_carry_it(cat, tmp_path):
    g = cat.graph()
    doc = g.render("jsonld")
    items = json.loads(doc)["@graph"]
    cafe = next(i for i in items if str(i.get("@id", "")).endswith("meetup:spring-cafe"))
    assert cafe["@type"] == ["schema:Event"]  # its declared type, never a generic Thing
    nodes, _ = __import__("participatory._export", fromlist=["csv_tables"]).csv_tables(g.nx)
    assert "meetup:spring-cafe" in nodes
    g.export("graphml", tmp_path / "g.graphml")
    assert "meetup:spring-cafe" in pr.read_graph(tmp_path / "g.graphml")


def test_it_can_be_drawn(cat):
    pytest.importorskip("matplotlib")
    fig = cat.graph().draw(kinds=["stage", "technique", "meetup"])
    assert fig is not None
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_the_website_has_its_pages_and_the_finder_its_filter(cat):
    from participatory.site import site_data

    site = site_data(cat)
    page = next(p for p in site.pages if p.record.id == "spring-cafe")
    assert page.path == "meetups/spring-cafe/"
    assert page.kind_name == "Meetup"
    assert page.jsonld["@type"] == "Event"
    linked = [i for s in page.sections for f in s.fields for i in f.items if isinstance(i, pr.site.Ref)]
    assert pr.site.Ref("Photovoice", "techniques/photovoice/") in linked
    assert pr.site.Ref("Applied research collaboration", "organisations/arc/") in linked  # declared
    assert not any(r.path.startswith("stages/") for r in linked)  # not guessed from "stages"
    assert ("meetup", "Meetups") in [(k, plural) for k, plural, _ in site.kinds]
    finder = {f.name: f for f in site.facets}["facilitated"]
    assert [(v.slug, v.label, v.techniques) for v in finder.values] == [
        ("yes", "Run by a facilitator", ("photovoice",))
    ]


def test_queries_and_find_take_the_facet(cat, tmp_path, capsys):
    g = cat.graph()
    assert g.techniques(facilitated=True).ids == ("photovoice",)
    assert g.techniques(facilitated=False).ids == ("survey",)
    with pytest.raises(TypeError, match="facilitatd"):
        g.techniques(facilitatd=True)
    cat.to_path(tmp_path / "c")
    assert main(["find", "--facilitated", "-c", str(tmp_path / "c"), "-f", "json"]) == 0
    assert [t["id"] for t in json.loads(capsys.readouterr().out)["techniques"]] == ["photovoice"]


def test_list_and_show_know_it(cat, tmp_path, capsys):
    cat.to_path(tmp_path / "c")
    assert main(["list", "meetups", "-c", str(tmp_path / "c"), "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"id": "spring-cafe", "name": "Spring research cafe"}]
    assert main(["show", "spring-cafe", "-c", str(tmp_path / "c"), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["kind"] == "meetup"


def test_the_format_reference_lists_it(declared):
    assert "`[[meetup]]`" in pk.format_reference()


@pytest.mark.parametrize(
    "problem",
    [
        {"schema_type": "Thing"},
        {"references": {"techniques": "technic"}},
        {"references": {"nothing": "technique"}},
        {"plural": "techniques"},
    ],
)
def test_a_declaration_that_cannot_work_is_refused(problem):
    with pytest.raises(pr.CatalogueError, match="cannot declare"):
        pk.register_kind(attrs.evolve(MEETUP, **problem))
    assert "meetup" not in KINDS


# --------------------------------------------------------------------------- one truth per kind


def test_every_kind_has_one_schema_org_type_on_the_site_and_in_the_export():
    from participatory._jsonld import JSONLD_TYPES
    from participatory._words import SCHEMA_TYPES

    for name in NODE_KINDS:
        assert JSONLD_TYPES[name][0] == f"schema:{SCHEMA_TYPES[name]}", name
    assert "Thing" not in SCHEMA_TYPES.values()


def test_every_node_kind_is_drawable(core):
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    fig = core.graph().draw(kinds=list(NODE_KINDS))  # organisations too
    plt.close(fig)


def test_the_derived_tables_are_the_declarations():
    assert tuple(KINDS) == tuple(k.name for k in pk.kinds())
    for k in pk.kinds():
        for field, target in k.references.items():
            assert REFERENCES[k.name][field] == target
            edge = k.edge(field)
            source, dest, _ = EDGE_KINDS[edge.name]
            assert (source, dest) == ((target, k.name) if edge.backwards else (k.name, target))
