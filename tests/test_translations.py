"""Record translations: overlay files beside a catalogue, stale detection, fallback, errors."""

import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import participatory as pr
from participatory._cli import main
from participatory._translations import (
    apply_overlays,
    check_translations,
    digest,
    overlay_from_document,
    overlay_problems,
)
from participatory.errors import CatalogueValidationError, TranslationError

CATALOGUE = """\
[catalogue]
name = "demo"

[[stage]]
id = "design"
name = "Design"
summary = "Deciding what the study will do."
order = 2

[[stage]]
id = "analysis"
name = "Analysis"
summary = "Making sense of what was found."
order = 3

[[technique]]
id = "photovoice"
name = "Photovoice"
summary = "People take photographs of their lives."
stages = ["design"]
levels = ["involve"]
strengths = ["Visual", "Personal"]
duration = "2 hours"
"""


def entry(text: str | list[str], source: str | tuple[str, ...], machine: bool = False) -> str:
    value = repr(text).replace("'", '"') if isinstance(text, list) else f'"{text}"'
    flag = ", machine = true" if machine else ""
    return f'{{ text = {value}, source = "{digest(source)}"{flag} }}'


WELSH = f"""\
# Machine translation: not checked by a Welsh speaker.
[design]
name = {entry("Dylunio", "Design", machine=True)}
summary = {entry("Penderfynu beth fydd yr astudiaeth yn ei wneud.", "Deciding what the study will do.", True)}

[photovoice]
strengths = {entry(["Gweledol", "Personol"], ("Visual", "Personal"))}

["level:involve"]
name = {entry("Cynnwys", "Involve: people work with researchers throughout an activity", True)}
"""


def make_folder(path: Path) -> Path:
    """Write the catalogue and its Welsh overlay into ``path``."""
    (path / "catalogue.toml").write_text(CATALOGUE)
    (path / "translations").mkdir()
    (path / "translations" / "cy.toml").write_text(WELSH)
    return path


@pytest.fixture
def folder(tmp_path):
    return make_folder(tmp_path)


def test_the_translations_folder_is_not_read_as_records(folder):
    cat = pr.Catalogue.from_path(folder)
    assert cat.language is None
    assert cat["design"].name == "Design"
    assert cat.translation("design") == {}


def test_welsh_overlay_applies_with_provenance(folder):
    cat = pr.Catalogue.from_path(folder, language="cy")
    assert cat.language == "cy"
    assert cat["design"].name == "Dylunio"
    assert cat.translation("design") == {
        "name": "machine",
        "summary": "machine",
    }
    assert cat.techniques["photovoice"].strengths == ("Gweledol", "Personol")
    assert cat.translation("photovoice")["strengths"] == "translated"
    # English kept where nothing is translated, and said so
    assert cat["analysis"].name == "Analysis"
    assert cat.translation("analysis") == {"name": "missing", "summary": "missing"}
    assert cat.translation("photovoice")["name"] == "missing"
    # controlled vocabularies by the same mechanism: a facet value
    assert cat.value_name("level", pr.Level.INVOLVE) == "Cynnwys"
    assert cat.translation("level:involve") == {"name": "machine"}
    assert cat.value_name("level", "inform") is None
    # everything else about the records is unchanged
    assert cat.techniques["photovoice"].duration == "2 hours"


def test_a_changed_english_summary_makes_the_welsh_stale(folder, capsys):
    assert main(["validate", str(folder)]) == 0
    capsys.readouterr()
    text = CATALOGUE.replace("Deciding what the study will do.", "Deciding what the study does.")
    (folder / "catalogue.toml").write_text(text)
    assert main(["validate", str(folder)]) == 0  # a warning, not an error
    out, err = capsys.readouterr()
    cy = folder / "translations" / "cy.toml"
    assert out == (
        f"{cy}: design: summary: the English text has changed since this was translated (stale) (warning)\n"
    )
    assert "1 stale translation" in err
    cat = pr.Catalogue.from_path(folder, language="cy")
    assert cat.translation("design")["summary"] == "stale"
    assert cat.translation("design")["name"] == "machine"


def test_a_third_language_with_a_partial_overlay_falls_back_visibly(folder):
    (folder / "translations" / "ga.toml").write_text(f"[design]\nname = {entry('Dearadh', 'Design')}\n")
    cat = pr.Catalogue.from_path(folder, language="ga")
    assert cat["design"].name == "Dearadh"
    assert cat["design"].summary == "Deciding what the study will do."
    assert cat.translation("design") == {"name": "translated", "summary": "missing"}
    assert cat.techniques["photovoice"].strengths == ("Visual", "Personal")
    # a language with no file at all: everything in English, every field marked
    fr = pr.Catalogue.from_path(folder, language="fr")
    assert fr["design"].name == "Design"
    assert set(fr.translation("photovoice").values()) == {"missing"}


def test_unknown_id_and_untranslatable_field_are_located_errors(folder, capsys):
    bad = f"[desing]\nname = {entry('Dylunio', 'Design')}\n\n[photovoice]\nduration = {entry('x', 'y')}\n"
    (folder / "translations" / "cy.toml").write_text(bad)
    with pytest.raises(TranslationError) as e:
        pr.Catalogue.from_path(folder, language="cy")
    assert isinstance(e.value, CatalogueValidationError)
    cy = str(folder / "translations" / "cy.toml")
    problems = {(p.file, p.record, p.field) for p in e.value.problems}
    assert problems == {(cy, "desing", "-"), (cy, "photovoice", "duration")}
    messages = " ".join(p.message for p in e.value.problems)
    assert "did you mean 'design'" in messages
    assert "not a translatable field of a technique" in messages
    assert main(["validate", str(folder)]) == 1
    out, _ = capsys.readouterr()
    assert f"{cy}: desing: -: no record with this id; did you mean 'design'?" in out
    assert f"{cy}: photovoice: duration: not a translatable field" in out


def test_shape_errors_are_all_listed(folder, capsys):
    (folder / "translations" / "cy.toml").write_text(
        '[design]\nname = "Dylunio"\nsummary = { text = 3, source = "nope", machine = "yes", extra = 1 }\n'
    )
    (folder / "translations" / "welsh.toml").write_text("")
    assert main(["validate", str(folder)]) == 1
    out, _ = capsys.readouterr()
    assert "design: name: expected a table" in out
    assert "design: summary: unknown key 'extra'" in out
    assert "design: summary: 'text' must be text" in out
    assert "design: summary: 'source' must be the 12-digit digest" in out
    assert "design: summary: 'machine' must be true or false" in out
    assert "'welsh' is not a language tag" in out


def test_a_list_for_a_text_field_is_an_error(folder):
    (folder / "translations" / "cy.toml").write_text(f"[design]\nname = {entry(['a'], 'Design')}\n")
    with pytest.raises(TranslationError, match="expected text"):
        pr.Catalogue.from_path(folder, language="cy")


def test_a_language_must_be_a_tag(folder):
    with pytest.raises(CatalogueValidationError, match="not a language tag"):
        pr.Catalogue.from_path(folder, language="../cy")


def test_an_inbox_is_never_read_for_translations(folder):
    (folder / "translations" / ".participatory-inbox").write_text("")
    cat = pr.Catalogue.from_path(folder, language="cy")
    assert cat["design"].name == "Design"


_text = st.text(string.ascii_letters + " ", max_size=8)
_values = st.recursive(
    st.none() | st.booleans() | st.integers() | _text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3),
    max_leaves=12,
)


@given(st.dictionaries(_text, _values, max_size=4))
def test_any_overlay_gives_problems_never_a_traceback(document):
    cat = pr.Catalogue(
        [pr.Stage(id="design", name="Design", order=2), pr.Stakeholder(id="patients", name="Patients")]
    )
    overlay = overlay_from_document(document, "cy.toml", "cy")
    problems = overlay_problems(overlay, cat)
    assert all(p.file == "cy.toml" for p in problems)
    if any(p.severity == "error" for p in problems):
        with pytest.raises(TranslationError):
            apply_overlays(cat.values(), [overlay], "cy")
    else:
        shown = apply_overlays(cat.values(), [overlay], "cy")
        assert {r.id for r in shown.records} == {"design", "patients"}


def test_check_translations_of_a_folder_without_any(tmp_path):
    (tmp_path / "catalogue.toml").write_text(CATALOGUE)
    assert check_translations(tmp_path, pr.Catalogue.from_path(tmp_path)) == []


def test_load_in_welsh_falls_back_to_english():
    cat = pr.load("core", language="cy")
    assert cat.language == "cy"
    assert cat.translation("design")  # every stage has English text to translate


def test_core_in_welsh_has_its_vocabularies_and_the_welsh_seed_organisations():
    cat = pr.load("core", language="cy")
    english = pr.load("core")
    for kind in ("stage", "stakeholder"):
        for rid, rec in cat.of_kind(kind).items():
            shown = cat.translation(rid)
            assert shown["name"] == "machine", rid  # nobody has checked them: all marked machine
            assert shown["summary"] == "machine", rid
            assert rec.name != english[rid].name or rid in {"industry"}, rid
    for rid, stage in cat.stages.items():  # plain text and the whole stage guide too
        assert {cat.translation(rid)[f] for f in ("plain", "steps", "questions")} == {"machine"}, rid
        assert len(stage.steps) == len(english.stages[rid].steps), rid
        assert not set(stage.steps) & set(english.stages[rid].steps), rid
        assert not set(stage.questions) & set(english.stages[rid].questions), rid
    for level in pr.Level:
        assert cat.translation(f"level:{level.value}") == {"name": "machine"}
        assert cat.value_name("level", level)
    case = cat["hcrw-allyship-workshops"]
    assert case.name == "Gweithdai cynghreiriaeth Ymchwil Iechyd a Gofal Cymru"
    assert set(cat.translation(case.id).values()) == {"machine"}
    assert cat["health-and-care-research-wales"].name == "Ymchwil Iechyd a Gofal Cymru"
    for org in english.cases["hcrw-allyship-workshops"].organisations:  # every partner's summary
        assert cat.translation(org)["summary"] == "machine", org
    for rid, tech in cat.techniques.items():  # every technique's name and plain summary
        assert cat.translation(rid)["name"] == cat.translation(rid)["plain"] == "machine", rid
        assert tech.plain != english.techniques[rid].plain, rid
    # English left in place elsewhere, and said so
    assert cat.translation("photovoice")["summary"] == "missing"
    assert cat["photovoice"].summary == english["photovoice"].summary


def test_core_welsh_file_says_it_is_unchecked_machine_translation():
    from participatory._builtin import core_path

    text = (core_path() / "translations" / "cy.toml").read_text(encoding="utf-8")
    assert "NOT checked" in text.split("\n\n")[0]
    assert "machine = false" not in text
    assert text.count(", machine = true }") == text.count("source = ")
