"""The Catalogue: lookups, merging, filtering, vocabulary and safe writing."""

import os
from pathlib import Path

import pytest

import participatory as pr
from participatory import _io


def small(name: str = "demo", **kw) -> pr.Catalogue:
    records = [
        pr.Stage(id="design", name="Design", order=2, aliases=("planning the study",)),
        pr.Stage(id="identify-prioritise", name="Identifying and prioritising", order=1),
        pr.Stakeholder(id="carer", name="Carer"),
        pr.Technique(
            id="photovoice",
            name="Photovoice",
            stages=("design",),
            stakeholders=("carer",),
            tags=("creative",),
        ),
        pr.Technique(id="focus-group", name="Focus group", stages=("identify-prioritise",)),
        pr.Crosswalk(
            id="pcori-phases",
            name="PCORI phases",
            target="stage",
            entries=(
                pr.CrosswalkEntry(
                    term="planning", name="Planning", maps_to=("identify-prioritise", "design")
                ),
            ),
        ),
    ]
    return pr.Catalogue(records, info=pr.CatalogueInfo(name=name, **kw))


def test_mappings_by_kind_and_by_id():
    cat = small()
    assert cat["photovoice"] is cat.techniques["photovoice"]
    assert set(cat.techniques) == {"photovoice", "focus-group"}
    assert len(cat) == 6
    assert "carer" in cat
    assert "nobody" not in cat
    assert cat.of_kind("technique") == cat.techniques
    assert cat.of_kind(pr.Stage) == cat.stages
    with pytest.raises(TypeError):
        cat.techniques["x"] = pr.Technique(id="x", name="X")  # type: ignore[index]


def test_stages_come_in_research_cycle_order():
    assert list(small().stages) == ["identify-prioritise", "design"]


def test_constructing_checks_every_record_at_once():
    with pytest.raises(pr.CatalogueValidationError) as info:
        pr.Catalogue(
            [
                pr.Technique(id="Bad", name=""),
                pr.Stage(id="s", name="S", order=1),
                pr.Stakeholder(id="s", name="Also s"),
            ]
        )
    assert [(p.record, p.field) for p in info.value.problems] == [
        ("Bad", "id"),
        ("Bad", "name"),
        ("s", "id"),
    ]


def test_merge_keeps_origins_and_refuses_conflicts():
    a = small("a")
    b = pr.Catalogue(
        [pr.Technique(id="walking-interview", name="Walking interview")], info=pr.CatalogueInfo(name="b")
    )
    merged = a.merge(b)
    assert merged.origin("walking-interview").catalogue == "b"
    assert merged.origin("photovoice").catalogue == "a"
    assert [m.name for m in merged.members] == ["a", "b"]
    clash = pr.Catalogue([pr.Technique(id="photovoice", name="Other")], info=pr.CatalogueInfo(name="c"))
    with pytest.raises(
        pr.CatalogueConflictError, match="'photovoice' is defined by catalogue 'a' and by catalogue 'c'"
    ):
        a.merge(clash)


def test_merging_a_catalogue_with_itself_changes_nothing():
    a = small()
    assert a.merge(a) == a


def test_filter_returns_a_new_catalogue():
    cat = small()
    only = cat.filter(lambda r: isinstance(r, pr.Technique) and "design" in r.stages)
    assert list(only) == ["photovoice"]
    assert list(cat.filter(tags=["creative"])) == ["photovoice"]
    assert set(cat.filter(kinds=["stage"])) == {"design", "identify-prioritise"}
    assert len(cat) == 6
    with pytest.raises(pr.CatalogueError, match="unknown record kind 'techniques'"):
        cat.filter(kinds=["techniques"])


def test_filtered_references_show_up_in_check():
    cat = small().filter(kinds=["technique"])
    assert {p.message for p in cat.check()} >= {"unknown stage 'design'"}


def test_resolve_names_aliases_and_crosswalk_terms():
    cat = small()
    assert cat.resolve("design") == ("design",)
    assert cat.resolve("DESIGN") == ("design",)
    assert cat.resolve("Planning the study") == ("design",)
    assert cat.resolve("planning") == ("identify-prioritise", "design")
    assert cat.resolve("pcori-phases:planning") == ("identify-prioritise", "design")
    assert cat.resolve("collaborate", kind="level") == ("collaborate",)
    with pytest.raises(pr.UnknownIdError, match="did you mean 'design'"):
        cat.resolve("desgn")


def test_equality_ignores_where_records_came_from(tmp_path):
    cat = small()
    back = pr.Catalogue.from_path(cat.to_path(tmp_path / "c.toml"))
    assert back == cat
    assert back.origin("photovoice").file == str(tmp_path / "c.toml")
    assert back.origin("photovoice").label == str(tmp_path / "c.toml")
    assert cat.origin("photovoice").label == "demo"
    assert cat != small("other")


def test_to_path_refuses_a_directory_holding_other_catalogue_files(tmp_path):
    (tmp_path / "notes.toml").write_text("a = 1\n")
    with pytest.raises(pr.CatalogueWriteError, match="holds other catalogue files"):
        small().to_path(tmp_path, overwrite=True)
    assert (tmp_path / "notes.toml").read_text() == "a = 1\n"
    assert not (tmp_path / "catalogue.toml").exists()


def test_to_path_rejects_mismatched_format(tmp_path):
    with pytest.raises(pr.CatalogueWriteError, match="suffix says toml"):
        small().to_path(tmp_path / "c.toml", format="json")
    with pytest.raises(pr.CatalogueWriteError, match="unknown format 'yaml'"):
        small().to_path(tmp_path / "dir", format="yaml")


def test_a_failed_write_leaves_the_old_file_untouched(tmp_path, monkeypatch):
    path = tmp_path / "c.toml"
    small().to_path(path)
    before = path.read_bytes()

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(pr.CatalogueWriteError, match="No space left on device"):
        small("other").to_path(path, overwrite=True)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["c.toml"]


def test_atomic_write_keeps_permissions(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("old")
    path.chmod(0o600)
    _io.atomic_write(path, "new")
    assert path.read_text() == "new"
    assert path.stat().st_mode & 0o777 == 0o600


def test_toml_writer_escapes_and_reads_back():
    import tomllib

    doc = {
        "catalogue": {"name": "x", "odd key": 'quote " back \\ tab \t nul \x00 line\u2028 😀'},
        "stage": [{"id": "a", "n": [1, True, "two"], "t": {"min": 1}}],
    }
    assert tomllib.loads(_io.toml_dumps(doc)) == doc


def test_traversables_are_read_like_paths(tmp_path):
    small().to_path(tmp_path / "cat")
    from importlib.resources.readers import MultiplexedPath

    assert pr.Catalogue.from_path(MultiplexedPath(Path(tmp_path / "cat"))) == small()


def test_text_repr_counts_and_keys_complete():
    cat = small()
    assert repr(cat) == "<Catalogue 'demo': 2 stages, 1 stakeholders, 2 techniques, 1 crosswalks>"
    assert set(cat._ipython_key_completions_()) == set(cat)


def test_replaced_ids_keep_working():
    from participatory import Case, Catalogue, Technique

    new = Technique(id="advisory-group", name="Advisory group", replaces=("working-group",))
    case = Case(id="c", name="C", techniques=("working-group", "advisory-group"))
    cat = Catalogue([new, case])
    assert "working-group" in cat
    assert cat["working-group"] is cat["advisory-group"]
    assert cat.canonical("working-group") == "advisory-group"
    assert cat.origin("working-group") == cat.origin("advisory-group")
    assert cat.cases["c"].techniques == ("advisory-group",)  # one reference, to the record now
    assert list(cat) == ["advisory-group", "c"]
    assert cat.check() == ()


def test_a_replaced_id_still_in_use_is_a_located_problem():
    from participatory import Catalogue, CatalogueValidationError, Technique

    with pytest.raises(CatalogueValidationError) as info:
        Catalogue(
            [
                Technique(id="a", name="A", replaces=("b",)),
                Technique(id="b", name="B"),
                Technique(id="c", name="C", replaces=("b", "c")),
            ]
        )
    found = {(p.record, p.field) for p in info.value.problems}
    assert found == {("a", "replaces[0]"), ("c", "replaces[0]"), ("c", "replaces")}


def test_a_reference_through_a_replaced_id_in_the_context_is_known():
    from participatory import Case, Catalogue, CatalogueInfo, Technique

    core = Catalogue([Technique(id="new", name="New", replaces=("old",))], info=CatalogueInfo(name="base"))
    mine = Catalogue(
        [Case(id="mine", name="Mine", techniques=("old",))],
        info=CatalogueInfo(name="mine", extends=("base",)),
    )
    assert mine.check(core) == ()
    assert mine.check() != ()
    merged = core.merge(mine)
    assert merged.cases["mine"].techniques == ("new",)


@pytest.mark.parametrize(
    "name", ["_drafts/x.toml", ".hidden/x.toml", "_x.toml", ".x.json", "notes.txt", "sub/_old/y.json"]
)
def test_reader_and_writer_agree_on_which_files_belong_to_a_directory(tmp_path, name):
    """A file the reader never reads does not stop the writer; one it reads does."""
    ignored = tmp_path / name
    ignored.parent.mkdir(parents=True, exist_ok=True)
    ignored.write_text("not = 'a catalogue'\n")
    small().to_path(tmp_path)
    assert pr.Catalogue.from_path(tmp_path) == small()
    assert ignored.read_text() == "not = 'a catalogue'\n"
    read = tmp_path / "sub" / "more.toml"
    read.parent.mkdir(exist_ok=True)
    read.write_text("a = 1\n")
    with pytest.raises(pr.CatalogueWriteError, match="holds other catalogue files"):
        small().to_path(tmp_path, overwrite=True)
