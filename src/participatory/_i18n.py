"""Marks for the website's own words, so they can be shown in another language.

Templates mark their words ``{{ _("...") }}``; words made in Python for a page (a field's
label, a section's heading, "Up to 12 people") are marked with :func:`N_` or :func:`Np_`.
Both are found by Babel (``babel.cfg``) and written to the website's message catalogue
(``_html/locale/messages.pot``). A mark returns a :class:`Words`: a ``str`` holding the
English, so the command line, notebooks and exports, which stay English, see plain text,
and the website's ``t`` filter shows it in the page's language.
"""

from collections.abc import Mapping
from typing import Protocol

__all__ = ["N_", "Np_", "Translator", "Words"]


class Translator(Protocol):
    """What :meth:`Words.in_language` needs: a :class:`gettext.NullTranslations`, say."""

    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


class Words(str):
    """English page words that the website can show in another language.

    Values that are ``Words`` themselves are translated too, so a sentence can be built
    from marked parts.

    A ``str`` (the English, so every caller that does not translate sees plain text) that
    also keeps the message it was made from and the values put into it. Make one with
    :func:`N_` or :func:`Np_`, whose first arguments Babel extracts into the website's
    ``.pot`` file; the website's ``t`` filter calls :meth:`in_language`.
    """

    msgid: str
    plural: str | None
    n: int | None
    values: Mapping[str, object]

    def __new__(cls, msgid: str, plural: str | None, n: int | None, values: Mapping[str, object]) -> "Words":
        """Make the English text (``msgid``, or ``plural`` when ``n`` is not 1) with ``values`` put in."""
        english = plural if plural is not None and n != 1 else msgid
        self = super().__new__(cls, english % values if values or plural is not None else english)
        self.msgid, self.plural, self.n, self.values = msgid, plural, n, values
        return self

    def __reduce__(self) -> tuple[type["Words"], tuple[str, str | None, int | None, Mapping[str, object]]]:
        """Copy and pickle as the message and values, not the English alone."""
        return Words, (self.msgid, self.plural, self.n, self.values)

    def in_language(self, translator: Translator) -> str:
        """Return these words in ``translator``'s language (English where it has none)."""
        values = {k: v.in_language(translator) if isinstance(v, Words) else v for k, v in self.values.items()}
        if self.plural is not None and self.n is not None:
            return translator.ngettext(self.msgid, self.plural, self.n) % values
        text = translator.gettext(self.msgid)
        return text % values if values else text


def N_(msgid: str, /, **values: object) -> Words:  # noqa: N802
    """Mark ``msgid`` as page words to translate, with ``%(name)s`` places for ``values``.

    >>> N_("Up to %(n)s people", n=12)
    'Up to 12 people'
    """
    return Words(msgid, None, None, values)


def Np_(singular: str, plural: str, n: int, /, **values: object) -> Words:  # noqa: N802
    """Mark words that depend on a count ``n`` (``%(n)d`` in the text), as gettext's ``ngettext``.

    >>> Np_("%(n)d case story", "%(n)d case stories", 2)
    '2 case stories'
    """
    return Words(singular, plural, n, {"n": n, **values})
