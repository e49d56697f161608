"""Marks for the website's own words, so they can be shown in another language.

Templates mark their words ``{{ _("...") }}``; words made in Python for a page (a field's
label, a section's heading, "Up to 12 people") are marked with :func:`N_` or :func:`Np_`.
Both are found by Babel (``babel.cfg``) and written to the website's message catalogue
(``_html/locale/messages.pot``). A mark returns a :class:`Words`: a ``str`` holding the
English, so the command line, notebooks and exports, which stay English, see plain text,
and the website's ``t`` filter shows it in the page's language.
"""

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Protocol, Self

__all__ = ["N_", "Data", "Day", "Np_", "Shown", "Translator", "Words", "listed"]


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

    def __new__(cls, msgid: str, plural: str | None, n: int | None, values: Mapping[str, object]) -> Self:
        """Make the English text (``msgid``, or ``plural`` when ``n`` is not 1) with ``values`` put in."""
        english = plural if plural is not None and n != 1 else msgid
        self = super().__new__(cls, english % values if values or plural is not None else english)
        self.msgid, self.plural, self.n, self.values = msgid, plural, n, values
        return self

    def __reduce__(self) -> tuple[type["Words"], tuple[str, str | None, int | None, Mapping[str, object]]]:
        """Copy and pickle as the message and values, not the English alone."""
        return Words, (self.msgid, self.plural, self.n, self.values)

    def in_language(self, translator: Translator, show: "Callable[[Words], str | None] | None" = None) -> str:
        """Return these words in ``translator``'s language (English where it has none).

        ``show`` shows the words that are not messages (a :class:`Day`, a :class:`Country`)
        in the page's language (``None``: as ``show`` cannot, in English).
        """
        if show is not None and (shown := show(self)) is not None:
            return shown
        values = {
            k: v.in_language(translator, show) if isinstance(v, Words) else v for k, v in self.values.items()
        }
        if self.plural is not None and self.n is not None:
            return translator.ngettext(self.msgid, self.plural, self.n) % values
        text = translator.gettext(self.msgid)
        return text % values if values else text


class Shown(str):
    """Data already in the page's language (a translated value): shown as it is, never marked."""

    __slots__ = ()


class Data(Words):
    """Words that are data, not a message (a day, a country): shown as a page's ``show`` says.

    Never looked up among the website's words (a missing message would be marked English).
    """

    def in_language(self, translator: Translator, show: "Callable[[Words], str | None] | None" = None) -> str:
        """Return the words as ``show`` says them in the page's language, else as they are."""
        shown = show(self) if show is not None else None
        return str(self) if shown is None else shown


class Day(Data):
    """A day in words, in the page's language: ``31 January 2027`` in English (the ``str``)."""

    day: dt.date

    def __new__(cls, day: dt.date) -> "Day":
        """Make the English words of ``day``."""
        self = super().__new__(cls, f"{day.day} {day:%B %Y}", None, None, {})
        self.day = day
        return self

    def __reduce__(self) -> tuple[type["Day"], tuple[dt.date]]:  # type: ignore[override]
        """Copy and pickle as the day."""
        return Day, (self.day,)


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


def listed(items: "list[str] | tuple[str, ...]", *, conjunction: bool = False) -> str:
    """Join page words into a list, each shown in the page's language: ``a, b, c`` (or ``a, b and c``).

    >>> listed(["Online", "Hybrid"], conjunction=True)
    'Online and Hybrid'
    """
    if not items:
        return ""
    out: str = items[-1]
    if len(items) > 1:
        first = items[-2]
        out = (
            N_("%(first)s and %(last)s", first=first, last=out)
            if conjunction
            else N_("%(first)s, %(rest)s", first=first, rest=out)
        )
    for item in reversed(items[:-2]):
        out = N_("%(first)s, %(rest)s", first=item, rest=out)
    return out
