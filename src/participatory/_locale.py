"""The website's own words in other languages: the message catalogues shipped in the package.

``_html/locale/messages.pot`` holds every word of the website's interface (made by
``tools/extract_messages.py``); ``_html/locale/<lang>/LC_MESSAGES/messages.po`` holds a
language's translations. A ``.po`` is compiled in memory with Babel when a site is built
in that language (no ``.mo`` file is kept in the source tree or edited by hand), so the
``i18n`` extra is needed only for a site in another language than English.
"""

import functools
import gettext
import io
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Final

import attrs

from ._errors import CatalogueError
from ._frames import require

__all__ = ["InterfaceWords", "interface_languages", "interface_words", "language_name"]

_LOCALE: Final = ("participatory._html", "locale")
#: The ``Last-Translator`` of a catalogue nobody who speaks the language has checked starts so.
MACHINE_MARK: Final = "machine translation"


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


@attrs.frozen
class InterfaceWords:
    """The website's words in one language.

    Attributes
    ----------
    language : str
    translations : gettext.NullTranslations
        Compiled from the language's ``.po``; English where it has no translation.
    machine : bool
        The catalogue says that no speaker of the language has checked it.
    """

    language: str
    translations: gettext.NullTranslations
    machine: bool


def _folder() -> Traversable:
    package, name = _LOCALE
    return resources.files(package).joinpath(name)


def interface_languages() -> tuple[str, ...]:
    """Return the languages the website's words are translated into (``("cy",)``), by tag."""
    folder = _folder()
    return tuple(
        sorted(d.name for d in folder.iterdir() if d.joinpath("LC_MESSAGES", "messages.po").is_file())
    )


@functools.cache
def interface_words(language: str) -> InterfaceWords | None:
    """Return the website's words in ``language`` (``None``: none shipped, so English).

    Raises
    ------
    ImportError
        Naming the ``i18n`` extra, when Babel is not installed.
    CatalogueError
        If the shipped ``.po`` cannot be read (a broken package).
    """
    po = _folder().joinpath(language, "LC_MESSAGES", "messages.po")
    if language == "en" or not po.is_file():
        return None
    require("babel", "i18n", "building a site in another language than English")
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import PoFileError, read_po

    try:
        with po.open("rb") as f:
            catalog = read_po(f, locale=language, abort_invalid=True)
    except (PoFileError, ValueError, OSError) as e:
        raise CatalogueError(f"the website's {language} words ({po.name}) cannot be read: {e}") from e
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # fuzzy messages are left out: English is shown for them
    buffer.seek(0)
    machine = MACHINE_MARK in (catalog.last_translator or "").casefold()
    return InterfaceWords(language, gettext.GNUTranslations(buffer), machine)
