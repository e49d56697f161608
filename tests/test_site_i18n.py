"""The website's own words in another language: marks, the ``t`` filter, null English."""

import copy
import gettext
import pickle
import re
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

import participatory as pr
from participatory._i18n import N_, Np_, Words
from participatory._locale import interface_words

pytest.importorskip("jinja2")

from participatory._html._site import render_pages
from participatory._site import site_data


def _upper(message: str) -> str:
    return "".join(p if p.startswith("%(") else p.upper() for p in re.split(r"(%\(\w+\)[sd])", message))


class _Shout(gettext.NullTranslations):
    """A fake language: every message in capitals, so a translated word is easy to see."""

    def gettext(self, message: str) -> str:
        return _upper(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return _upper(msgid1 if n == 1 else msgid2)


def test_marked_words_are_their_english_text_and_keep_their_message() -> None:
    w = N_("Up to %(hi)s people", hi=12)
    assert w == "Up to 12 people"
    assert isinstance(w, str)
    assert w.msgid == "Up to %(hi)s people"
    assert Np_("%(n)d case story", "%(n)d case stories", 1) == "1 case story"
    assert Np_("%(n)d case story", "%(n)d case stories", 3) == "3 case stories"
    assert N_("100% sure") == "100% sure"  # no values: the text is not a format


def test_marked_words_survive_copy_and_pickle() -> None:
    w = N_("Ages %(lo)s and over", lo=65)
    for other in (copy.deepcopy(w), pickle.loads(pickle.dumps(w))):  # noqa: S301 (our own bytes)
        assert isinstance(other, Words)
        assert other == w
        assert other.values == {"lo": 65}


def test_translation_puts_values_in_and_translates_marked_values() -> None:
    inner = Np_("%(n)d technique", "%(n)d techniques", 2)
    outer = N_("It uses %(uses)s listed below.", uses=inner)
    assert outer == "It uses 2 techniques listed below."
    assert outer.in_language(_Shout()) == "IT USES 2 TECHNIQUES LISTED BELOW."
    # Values that are data, not marked words, are never translated.
    assert N_("Read on %(date)s.", date="may").in_language(_Shout()) == "READ ON may."


@pytest.fixture(scope="module")
def core_site():
    return site_data(pr.load("core"))


def test_interface_words_follow_the_translations_and_data_stays_as_written(core_site) -> None:
    pages = dict(render_pages(attrs.evolve(core_site, language="xx"), translations=_Shout()))
    home = pages["index.html"]
    assert '<html lang="xx">' in home
    assert "SKIP TO MAIN CONTENT" in home
    assert "Skip to main content" not in home
    assert "WHERE TO START" in home  # a template's words
    assert "I AM PLANNING A STUDY" in home  # words made in Python
    technique = pages["techniques/photovoice/index.html"]
    assert "Photovoice" in technique  # the record's own text is not interface words
    assert "WHERE THIS IS REPORTED" in technique or "SOURCES" in technique


def test_english_is_the_default_and_unchanged(core_site) -> None:
    pages = dict(render_pages(core_site))
    home = pages["index.html"]
    assert '<html lang="en">' in home
    assert "Skip to main content" in home
    assert "I am planning a study" in home


def test_the_english_site_builds_without_babel(tmp_path) -> None:
    code = (
        "import sys; sys.modules['babel'] = None\n"
        "import participatory as pr\n"
        "from participatory._html._site import render_pages\n"
        "from participatory._site import site_data\n"
        "pages = dict(render_pages(site_data(pr.load('core'))))\n"
        "assert 'Skip to main content' in pages['index.html']\n"
        "assert 'babel' not in {m.split('.')[0] for m in sys.modules if sys.modules[m] is not None}\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path)


# ---------------------------------------------------------------- the message catalogues

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "src" / "participatory" / "_html" / "locale"
PLACE = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def _read(path: Path, locale: str | None = None):
    with path.open("rb") as f:
        return read_po(f, locale=locale)


def test_the_messages_are_current_with_the_templates_and_code() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "extract_messages.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr + "\nrun: python tools/extract_messages.py"


def test_every_message_has_a_welsh_translation_in_every_plural_form() -> None:
    template = _read(LOCALE / "messages.pot")
    welsh = _read(LOCALE / "cy" / "LC_MESSAGES" / "messages.po", "cy")
    assert welsh.num_plurals == 6
    assert welsh.plural_forms == get_plural("cy").plural_forms  # Babel's (CLDR's) Welsh rule
    untranslated = []
    for m in template:
        if not m.id:
            continue
        found = welsh.get(m.id, m.context)
        strings = () if found is None else found.string if m.pluralizable else (found.string,)
        if (
            found is None
            or "fuzzy" in found.flags
            or len(strings) != (6 if m.pluralizable else 1)
            or not all(strings)
        ):
            untranslated.append(m.id)
    assert not untranslated, f"give these a Welsh msgstr in cy/LC_MESSAGES/messages.po: {untranslated}"


def test_welsh_translations_keep_the_places_for_values_and_add_no_quotes() -> None:
    welsh = _read(LOCALE / "cy" / "LC_MESSAGES" / "messages.po", "cy")
    for m in welsh:
        if not m.id:
            continue
        ids = (m.id,) if isinstance(m.id, str) else m.id
        allowed = {a or b for i in ids for a, b in PLACE.findall(i)}
        for text in (m.string,) if isinstance(m.string, str) else m.string:
            used = {a or b for a, b in PLACE.findall(text)}
            assert used <= allowed, f"{m.id!r}: {sorted(used - allowed)} is not in the English"
            # Translations go into attributes too: a straight quote would end one.
            assert text.count('"') == ids[0].count('"'), m.id


def test_the_welsh_catalogue_says_in_both_languages_that_it_is_machine_translation() -> None:
    text = (LOCALE / "cy" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    head = text.split('msgid ""')[0]
    assert "not written or checked by a Welsh speaker" in head
    assert "CYFIEITHU PEIRIANT" in head
    assert "siaradwr Cymraeg" in head
    words = interface_words("cy")
    assert words is not None
    assert words.machine
    assert interface_words("en") is None
    forms = ("%(num)d technique.", "%(num)d techniques.")
    said = {n: words.translations.ngettext(*forms, n) % {"num": n} for n in (0, 1, 2, 3, 6, 7)}
    # Welsh's six forms: zero, one, two, few (3), many (6), other; the noun mutates after 2 and 6.
    assert said == {
        0: "Dim technegau.",
        1: "1 dechneg.",
        2: "2 dechneg.",
        3: "3 techneg.",
        6: "6 thechneg.",
        7: "7 o dechnegau.",
    }
