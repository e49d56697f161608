"""Record translations through .po files: a round trip, and hostile .po input."""

import pytest

pytest.importorskip("babel")

import participatory as pr
from participatory._cli import main
from participatory._po import export_po, import_po
from participatory.errors import TranslationError
from tests.test_translations import make_folder


@pytest.fixture
def folder(tmp_path):
    return make_folder(tmp_path)


def _fill(po: str, context: str, text: str) -> str:
    """Translate the message with ``context`` in an exported .po text."""
    head, tail = po.split(f'msgctxt "{context}"\n', 1)
    msgid, rest = tail.split('msgstr ""\n', 1)
    return f'{head}msgctxt "{context}"\n{msgid}msgstr "{text}"\n{rest}'


def test_round_trip_through_po_keeps_every_translation(folder, tmp_path, capsys):
    po = tmp_path / "cy.po"
    assert main(["i18n", "export", "--po", "cy", str(folder), "-o", str(po)]) == 0
    text = po.read_text(encoding="utf-8")
    assert 'msgctxt "design|name"\nmsgid "Design"\nmsgstr "Dylunio"' in text
    assert 'msgctxt "photovoice|strengths|1"\nmsgid "Personal"\nmsgstr "Personol"' in text
    assert 'msgctxt "level:involve|name"' in text
    # a translator adds one: the analysis stage's name
    po.write_text(_fill(text, "analysis|name", "Dadansoddi"), encoding="utf-8")
    before = pr.Catalogue.from_path(folder, language="cy")
    (folder / "translations" / "cy.toml").unlink()
    assert main(["i18n", "import", str(po), str(folder)]) == 0
    after = pr.Catalogue.from_path(folder, language="cy")
    for rid in before:
        if rid != "analysis":
            assert after[rid] == before[rid]
            assert after.translation(rid) == before.translation(rid)  # machine stays machine (fuzzy)
    assert after["analysis"].name == "Dadansoddi"
    assert after.translation("analysis")["name"] == "translated"
    assert after.value_name("level", "involve") == "Cynnwys"
    assert main(["validate", str(folder)]) == 0


def test_import_keeps_the_header_and_other_entries(folder, tmp_path):
    cat = pr.Catalogue.from_path(folder)
    po = export_po(cat, "cy", [])
    po = _fill(po.decode(), "analysis|name", "Dadansoddi").encode()
    (tmp_path / "x.po").write_bytes(po)
    assert main(["i18n", "import", str(tmp_path / "x.po"), str(folder)]) == 0
    text = (folder / "translations" / "cy.toml").read_text()
    assert text.startswith("# Machine translation: not checked by a Welsh speaker.\n")
    assert pr.Catalogue.from_path(folder, language="cy")["design"].name == "Dylunio"


HOSTILE = {
    "broken": (b'msgid "a"\nmsgstr "b"\nnonsense here\n', "not a valid .po file"),
    "unknown id": (
        b'#. source: 0072e6b93494\nmsgctxt "desing|name"\nmsgid "Design"\nmsgstr "Dylunio"\n',
        "no record with this id; did you mean 'design'?",
    ),
    "untranslatable": (
        b'#. source: 0072e6b93494\nmsgctxt "photovoice|duration"\nmsgid "x"\nmsgstr "y"\n',
        "not a translatable field of a technique",
    ),
    "no digest": (b'msgctxt "design|name"\nmsgid "Design"\nmsgstr "Dylunio"\n', "no '#. source:' comment"),
    "bad context": (b'#. source: 0072e6b93494\nmsgctxt "../../etc"\nmsgid "x"\nmsgstr "y"\n', "context"),
    "half a list": (
        b'#. source: 0072e6b93494\nmsgctxt "photovoice|strengths|1"\nmsgid "Personal"\nmsgstr "Personol"\n',
        "translate every item or none",
    ),
    "not utf-8": (b'msgid "\xff"\nmsgstr "\xfe"\n', "not a valid .po file"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_po_gives_located_errors_and_writes_nothing(folder, tmp_path, capsys, name):
    data, message = HOSTILE[name]
    po = tmp_path / "in.po"
    po.write_bytes(data)
    before = (folder / "translations" / "cy.toml").read_bytes()
    assert main(["i18n", "import", str(po), str(folder), "--lang", "cy"]) == 1
    _, err = capsys.readouterr()
    assert message in err
    assert f"{po}:" in err  # located: the file and its line
    assert "Traceback" not in err
    assert (folder / "translations" / "cy.toml").read_bytes() == before


def test_every_problem_at_once(folder):
    data = b"".join(HOSTILE[n][0] + b"\n" for n in ("unknown id", "untranslatable", "no digest"))
    with pytest.raises(TranslationError) as e:
        import_po(data, "in.po", pr.Catalogue.from_path(folder), "cy")
    assert len(e.value.problems) == 3
    assert all(p.file.startswith("in.po:") for p in e.value.problems)


def test_a_po_without_a_language_needs_lang(folder, tmp_path, capsys):
    (tmp_path / "x.po").write_bytes(b'msgid ""\nmsgstr ""\n')
    assert main(["i18n", "import", str(tmp_path / "x.po"), str(folder)]) == 1
    assert "give --lang" in capsys.readouterr().err
