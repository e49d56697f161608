"""The website's own words in another language: marks, the ``t`` filter, null English."""

import copy
import gettext
import pickle
import re
import subprocess
import sys

import pytest

import participatory as pr
from participatory._i18n import N_, Np_, Words

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
    pages = dict(render_pages(core_site, translations=_Shout(), language="xx"))
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
