"""The website's own words in other languages: the message catalogues shipped in the package.

``_html/locale/messages.pot`` holds every word of the website's interface (made by
``tools/extract_messages.py``); ``_html/locale/<lang>/LC_MESSAGES/messages.po`` holds a
language's translations. A publisher may add their own, laid over the shipped ones, in a
folder of the same layout (``DIR/<lang>/LC_MESSAGES/messages.po``: ``site build
--locale-dir DIR``). A ``.po`` is compiled in memory with Babel when a site is built in
that language (no ``.mo`` file is kept in the source tree or edited by hand), so the
``i18n`` extra is needed only for a site in another language than English.

Any language can be built: words no catalogue translates are shown in English, between
:data:`ENGLISH_START` and :data:`ENGLISH_END`, so the presentation layer can mark them as
English (``<span lang="en">``) where a page's text allows it.
"""

import functools
import gettext
import io
import os
import re
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import datetime as dt

    from babel import Locale
    from babel.messages.catalog import Catalog

import attrs

from ._errors import CatalogueError
from ._frames import require

__all__ = [
    "ENGLISH_END",
    "ENGLISH_START",
    "InterfaceWords",
    "country_name",
    "day_name",
    "interface_languages",
    "interface_words",
    "is_message",
    "language_name",
    "publisher_po",
    "unmarked",
]

_LOCALE: Final = ("participatory._html", "locale")
#: The ``Last-Translator`` of a catalogue nobody who speaks the language has checked starts so.
MACHINE_MARK: Final = "machine translation"


#: Around words shown in English for want of a translation (Unicode noncharacters, which
#: no page text holds): the presentation layer turns them into ``<span lang="en">``.
ENGLISH_START: Final = "\ufdd0"
ENGLISH_END: Final = "\ufdd1"


#: Languages by their own name, as a link to that language's pages says it.
_OWN_NAMES: Final = {"en": "English", "cy": "Cymraeg", "ga": "Gaeilge", "gd": "Gàidhlig"}


def language_name(tag: str) -> str:
    """Return a language's name in that language (``"cy"`` -> ``"Cymraeg"``), for a link to it.

    Languages not named here are named by Babel when it is installed, else by their tag.
    """
    if tag in _OWN_NAMES:
        return _OWN_NAMES[tag]
    try:
        from babel import Locale, UnknownLocaleError

        name = Locale.parse(tag.replace("-", "_")).get_display_name()
    except (ImportError, ValueError, UnknownLocaleError):
        return tag
    return name[:1].upper() + name[1:] if name else tag


def _babel_locale(language: str) -> "Locale | None":
    """Return Babel's locale of a language tag (``pt-BR``); ``None`` if Babel is missing or lacks it."""
    try:
        from babel import Locale, UnknownLocaleError

        return Locale.parse(language.replace("-", "_"))
    except (ImportError, ValueError, UnknownLocaleError):
        return None


#: Country names as catalogues write them that are not Babel's English names.
_COUNTRY_ALIASES: Final = {"uk": "GB", "usa": "US", "united states of america": "US"}


@functools.cache
def _territories() -> dict[str, str]:
    """Return the code of every country by its English name (Babel's), casefolded."""
    english = _babel_locale("en")
    names = english.territories.items() if english is not None else ()
    return {**{n.casefold(): code for code, n in names if code.isalpha()}, **_COUNTRY_ALIASES}


def country_name(name: str, language: str, *, sentence: bool = False) -> str | None:
    """Return a country named in English (``"United Kingdom"``) in ``language``: Babel's name.

    ``None`` when Babel does not know the country or the language (show the English).
    ``sentence``: as it stands inside a sentence.

    >>> country_name("United Kingdom", "cy"), country_name("United Kingdom", "cy", sentence=True)
    ('Y Deyrnas Unedig', 'y Deyrnas Unedig')
    """
    code = _territories().get(name.strip().casefold())
    locale = _babel_locale(language) if code is not None else None
    said: str | None = locale.territories.get(code) if locale is not None and code is not None else None
    if said and sentence and said.split(" ")[0] in _ARTICLES.get(language, ()):
        return said[:1].lower() + said[1:]  # "yn y Deyrnas Unedig"
    return said


#: A country's name that starts with an article starts lower-case in a sentence.
_ARTICLES: Final = {"cy": ("Y", "Yr")}


def day_name(day: "dt.date", language: str) -> str | None:
    """Return a day in words in ``language`` (``31 Ionawr 2027``), ``None`` if Babel does not know it."""
    locale = _babel_locale(language)
    if locale is None:
        return None
    from babel.dates import format_date

    return format_date(day, "long", locale=locale)


@attrs.frozen
class InterfaceWords:
    """The website's words in one language.

    Attributes
    ----------
    language : str
    translations : gettext.NullTranslations
        Compiled from the language's ``.po`` files; English where they have no translation,
        between :data:`ENGLISH_START` and :data:`ENGLISH_END`.
    machine : bool
        A catalogue in use says that no speaker of the language has checked it.
    missing : int
        How many of the website's words no catalogue translates (all of them when the
        language has none): those are shown in English.
    """

    language: str
    translations: gettext.NullTranslations
    machine: bool
    missing: int = 0


class _English(gettext.NullTranslations):
    """The last fallback: the English, between :data:`ENGLISH_START` and :data:`ENGLISH_END`."""

    def gettext(self, message: str) -> str:
        return f"{ENGLISH_START}{message}{ENGLISH_END}" if message else message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return f"{ENGLISH_START}{msgid1 if n == 1 else msgid2}{ENGLISH_END}"

    def pgettext(self, context: str, message: str) -> str:
        return self.gettext(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return self.ngettext(msgid1, msgid2, n)


def unmarked(text: str) -> str:
    """Return ``text`` without the marks around English shown for want of a translation."""
    return text.replace(ENGLISH_START, "").replace(ENGLISH_END, "")


def _folder() -> Traversable:
    package, name = _LOCALE
    return resources.files(package).joinpath(name)


def interface_languages() -> tuple[str, ...]:
    """Return the languages the website's words are translated into (``("cy",)``), by tag."""
    folder = _folder()
    return tuple(
        sorted(d.name for d in folder.iterdir() if d.joinpath("LC_MESSAGES", "messages.po").is_file())
    )


#: A place for a value in a message: ``%(num)d``, ``{q}``.
_PLACE: Final = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def _places(text: str) -> set[str]:
    return {a or b for a, b in _PLACE.findall(text)}


def _read(po: "Traversable | Path", language: str) -> "Catalog":
    """Read one ``.po`` file; a :class:`CatalogueError` naming the file and every bad message.

    A translation may use only the places for values its English has (``%(num)d``,
    ``{q}``), and no straight double quote more (it would end an attribute it is put in).
    """
    from babel.messages.pofile import PoFileError, read_po

    try:
        with po.open("rb") as f:
            catalog = read_po(f, locale=language, abort_invalid=True)
    except (PoFileError, ValueError, OSError) as e:
        raise CatalogueError(f"{po}: the website's {language} words cannot be read: {e}") from e
    problems = []
    for m in catalog:
        ids = (m.id,) if isinstance(m.id, str) else tuple(m.id)
        if not ids[0]:
            continue
        allowed = set().union(*map(_places, ids))
        for text in (m.string,) if isinstance(m.string, str) else (m.string or ()):
            if unknown := sorted(_places(text or "") - allowed):
                problems.append(
                    f"line {m.lineno}: {ids[0]!r}: {', '.join(unknown)} is not a value of the English"
                )
            if text and text.count('"') != ids[0].count('"'):
                problems.append(f"line {m.lineno}: {ids[0]!r}: write “ ” instead of straight double quotes")
    if problems:
        raise CatalogueError(
            f"{po}: {len(problems)} problems in the website's {language} words:\n  " + "\n  ".join(problems)
        )
    return catalog


def _compiled(catalog: "Catalog") -> gettext.GNUTranslations:
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # fuzzy messages are left out: English is shown for them
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _translated(catalog: "Catalog") -> set[tuple[str, str | None]]:
    """Return the messages ``catalog`` gives a usable translation (not fuzzy, not empty)."""
    return {
        (m.id if isinstance(m.id, str) else m.id[0], m.context)
        for m in catalog
        if m.id and "fuzzy" not in m.flags and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }


def is_message(text: str) -> bool:
    """Say whether ``text`` is one of the website's words (a message of ``messages.pot``)."""
    return text in _msgids()


@functools.cache
def _msgids() -> frozenset[str]:
    return frozenset(msgid for msgid, _ in _messages())


@functools.cache
def _messages() -> frozenset[tuple[str, str | None]]:
    """Every message of the website (from ``messages.pot``), as (msgid, context)."""
    from babel.messages.pofile import read_po

    with _folder().joinpath("messages.pot").open("rb") as f:
        return frozenset((m.id if isinstance(m.id, str) else m.id[0], m.context) for m in read_po(f) if m.id)


@functools.cache
def _shipped(language: str) -> "Catalog | None":
    po = _folder().joinpath(language, "LC_MESSAGES", "messages.po")
    return _read(po, language) if po.is_file() else None


def publisher_po(locale_dir: "str | os.PathLike[str]", language: str) -> Path:
    """Return where a publisher's ``locale_dir`` holds ``language``'s words (it may not exist)."""
    return Path(locale_dir, language, "LC_MESSAGES", "messages.po")


def interface_words(
    language: str, locale_dir: "str | os.PathLike[str] | None" = None
) -> InterfaceWords | None:
    """Return the website's words in ``language`` (``None`` for English).

    A publisher's ``locale_dir/<language>/LC_MESSAGES/messages.po``, when there is one, is
    laid over the catalogue shipped in the package: its translations come first, the
    shipped ones fill its gaps, and words neither translates are shown in English, marked
    (see :class:`InterfaceWords`). A language with no catalogue at all has its whole
    interface in English, marked so.

    Raises
    ------
    ImportError
        Naming the ``i18n`` extra, when Babel is not installed.
    CatalogueError
        If a ``.po`` cannot be read (naming the file).
    """
    if language == "en":
        return None
    require("babel", "i18n", "building a site in another language than English")
    catalogs = []
    if locale_dir is not None and (po := publisher_po(locale_dir, language)).is_file():
        catalogs.append(_read(po, language))
    if (shipped := _shipped(language)) is not None:
        catalogs.append(shipped)
    words: gettext.NullTranslations = _English()
    for catalog in reversed(catalogs):  # the first catalogue is asked first, the English last
        compiled = _compiled(catalog)
        compiled.add_fallback(words)
        words = compiled
    machine = any(MACHINE_MARK in (c.last_translator or "").casefold() for c in catalogs)
    done = set().union(*map(_translated, catalogs))
    return InterfaceWords(language, words, machine, len(_messages() - done))
