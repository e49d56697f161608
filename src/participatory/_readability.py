"""How easy text is to read: sentence length, long words, passive voice, jargon, a grade.

Everything here runs offline and depends on nothing outside the standard library: the
syllable count is a documented rule of thumb (:func:`syllables`), not a pronouncing
dictionary, and the jargon list is package data (``_data/jargon.toml``, one place).

The grade is the Flesch-Kincaid grade level (Kincaid et al., 1975)::

    0.39 * words per sentence + 11.8 * syllables per word - 15.59

A grade is a school year in the United States: grade 8 (a reading age of 13 to 14) is a
common ceiling for public health information, and NHS content aims lower.

The measures are for English. The grade and the passive-voice and jargon checks mean
nothing for other languages; sentence length and long words still say something.
"""

import re
import statistics
import tomllib
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Final

import attrs

if TYPE_CHECKING:
    from ._catalogue import Catalogue

__all__ = [
    "KINDS",
    "LONG_SENTENCE",
    "LONG_WORD",
    "CatalogueReadability",
    "Jargon",
    "KindReadability",
    "ReadabilityReport",
    "RecordReadability",
    "jargon_terms",
    "readability",
    "readability_of",
    "syllables",
]

#: A sentence longer than this many words is listed as long (plain-English guides: 25).
LONG_SENTENCE: Final = 25
#: A word of this many syllables or more is a long word (as in the SMOG and Fog indexes).
LONG_WORD: Final = 3
#: The record kinds whose public text is checked, by the plural name of their mapping.
KINDS: Final = ("techniques", "stages", "stakeholders", "cases", "organisations")

# --------------------------------------------------------------------------- words and sentences

#: Abbreviations whose full stop does not end a sentence.
_ABBREVIATIONS: Final = frozenset(
    {"e.g", "i.e", "etc", "vs", "cf", "dr", "mr", "mrs", "ms", "prof", "no", "st", "approx", "fig", "al"}
)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|\n\s*\n|\n\s*[-*•]\s+|(?<=[:;])\s*\n")


def sentences(text: str) -> list[str]:
    """Split ``text`` into sentences: at ``.``, ``!`` or ``?`` before a space, blank lines and list items.

    A full stop after a known abbreviation (``e.g.``, ``Dr.``) does not end a sentence.

    >>> sentences("Ask people first. Then plan, e.g. with a group! Why?")
    ['Ask people first.', 'Then plan, e.g. with a group!', 'Why?']
    """
    found: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        piece = text[start : match.start()]
        last = piece.rsplit(maxsplit=1)[-1].rstrip(".").lower() if piece.strip() else ""
        if piece.rstrip().endswith(".") and last in _ABBREVIATIONS:
            continue
        found.append(piece)
        start = match.end()
    found.append(text[start:])
    return [s for s in (" ".join(p.split()) for p in found) if _WORD.search(s)]


def words(text: str) -> list[str]:
    """Return the words of ``text``: runs of letters joined by apostrophes or hyphens (not numbers).

    >>> words("Co-design: 12 people's ideas.")
    ['Co-design', "people's", 'ideas']
    """
    return _WORD.findall(text)


# --------------------------------------------------------------------------- syllables

_VOWELS = re.compile(r"[aeiouy]+")
#: Vowel pairs usually spoken as two syllables (vi-a, vi-de-o, cli-ent, ex-pe-ri-ence, go-ing).
_SPLIT_PAIRS = re.compile(
    r"(?<![cstl])ia|io(?!n|us)|iu|ii|eo|(?<!g)ua|uo|uu|ie(?=nc|nt|r$|t)|(?<![qg])ue(?=nc)|[aeiouy](?=ing$)"
)
#: A silent e inside a word, before a common ending (involv-e-ment, lik-e-ly, us-e-ful).
_SILENT_INSIDE = re.compile(
    r"(?<=[^aeiouy])e(?=(?:ly|ment|ments|ful|fully|less|ness|work|works|line|lines|times|where|ty|holders?|guard\w*|book|books)$)"
)
#: A silent final e, -es or -ed (make, makes, asked), but not a spoken one (table, places, wanted).
_SILENT_END = re.compile(
    r"(?<=[^aeiouyl])e$|(?<=[aeiouy]l)e$|(?<=ll)e$"  # make, while, role (not table)
    r"|(?<=[^aeiouycgsxzhl])es$|(?<=[aeiouy]l)es$|(?<=[^cs]h)es$|(?<=ll)es$"  # makes (not places)
    r"|(?<=[^aeiouytdl])ed$|(?<=[aeiouy]l)ed$|(?<=ll)ed$"  # asked (not wanted, disabled)
    r"|(?<=[qg])ues?$"  # technique, dialogue
)
_EXCEPTIONS: Final = {
    "the": 1,
    "people": 2,
    "being": 2,
    "every": 2,
    "everything": 3,
    "any": 2,
    "many": 2,
    "beyond": 2,
    "hundred": 2,
    "centre": 2,
    "centres": 2,
    "business": 2,
    "area": 3,
    "idea": 3,
    "ideas": 3,
    "real": 1,
    "really": 2,
    "create": 2,
    "created": 3,
    "creates": 2,
    "creating": 3,
    "science": 2,
    "quiet": 2,
    "poem": 2,
    "our": 1,
    "hour": 1,
    "hours": 1,
    "fire": 1,
    "one": 1,
    "once": 1,
    "someone": 2,
    "everyone": 3,
    "anyone": 3,
    "evening": 2,
    "different": 3,
    "interest": 3,
    "interested": 4,
    "several": 3,
    "family": 3,
    "families": 3,
    "average": 3,
    "whole": 1,
    "where": 1,
    "there": 1,
    "here": 1,
    "were": 1,
    "more": 1,
    "before": 2,
    "are": 1,
    "done": 1,
    "gone": 1,
    "some": 1,
    "come": 1,
    "give": 1,
    "have": 1,
    "live": 1,
    "lives": 1,
    "move": 1,
    "love": 1,
    "lose": 1,
    "whose": 1,
    "used": 1,
    "uses": 2,
    "use": 1,
    "issue": 2,
    "issues": 2,
    "value": 2,
    "continue": 3,
    "queue": 1,
    "doing": 2,
    "going": 2,
    "seeing": 2,
    "agreeing": 3,
    "toward": 2,
    "towards": 2,
    "via": 2,
    "patient": 2,
    "patients": 2,
    "social": 2,
    "special": 2,
    "official": 3,
    "ocean": 2,
    "region": 2,
    "religion": 3,
    "question": 2,
    "questions": 2,
    "suggestion": 3,
    "suggestions": 3,
    "sure": 1,
    "you're": 1,
    "they're": 1,
    "we're": 1,
}


def syllables(word: str) -> int:
    """Estimate how many syllables ``word`` has (at least 1), by a rule of thumb for English.

    The rule: count groups of vowels (``a e i o u y``); count some vowel pairs as two
    (``cre-ate``, ``vi-a``); do not count a silent final ``e``, ``-ed`` or ``-es``
    (``make``, ``asked``, ``makes``) but do count ``-le`` after a consonant (``ta-ble``);
    a hyphenated word is the sum of its parts; a word in capitals of two to five letters
    is an acronym read letter by letter (``NHS``: 3); a short list of common words the
    rule gets wrong is looked up. Measured against the CMU Pronouncing Dictionary on the
    words of the built-in catalogue (docs/cli.md), it is right for about nine words in ten
    and rarely off by more than one.

    >>> [syllables(w) for w in ("use", "table", "involvement", "asked", "NHS", "co-design")]
    [1, 2, 3, 1, 3, 3]
    """
    if "-" in word:
        return sum(syllables(part) for part in word.split("-") if part) or 1
    letters = word.replace("’", "'")
    if letters.isupper() and 2 <= len(letters) <= 5 and letters.isalpha():  # noqa: PLR2004
        return len(letters) + 2 * letters.count("W")  # "double-u" is three
    lower = letters.lower().removesuffix("'s").replace("'", "")
    known = _EXCEPTIONS.get(lower)
    if known is not None:
        return known
    if lower.endswith("s") and lower[:-1] in _EXCEPTIONS and not lower.endswith("ss"):
        return _EXCEPTIONS[lower[:-1]]
    if len(lower) <= 3:  # noqa: PLR2004
        return 1
    spoken = re.sub(r"^y(?=[aeiou])|(?<=q)u", "", lower)  # y in "young" and u in "quality" are not vowels
    count = len(_VOWELS.findall(spoken)) + len(_SPLIT_PAIRS.findall(spoken))
    count -= len(_SILENT_INSIDE.findall(spoken)) + len(_SILENT_END.findall(spoken))
    return max(count, 1)


# --------------------------------------------------------------------------- passive voice

_BE: Final = frozenset({"am", "is", "are", "was", "were", "be", "been", "being", "isn't", "aren't", "wasn't"})
_BE_PLUS = _BE | {"weren't", "is'nt"}
#: Past participles that do not end in -ed.
_IRREGULAR: Final = frozenset(
    {
        "arisen",
        "awoken",
        "beaten",
        "become",
        "begun",
        "bent",
        "bitten",
        "blown",
        "born",
        "borne",
        "bought",
        "bound",
        "broken",
        "brought",
        "built",
        "burnt",
        "caught",
        "chosen",
        "come",
        "cut",
        "dealt",
        "done",
        "drawn",
        "dreamt",
        "driven",
        "drunk",
        "eaten",
        "fallen",
        "fed",
        "felt",
        "fought",
        "found",
        "forbidden",
        "forgiven",
        "forgotten",
        "frozen",
        "given",
        "gone",
        "grown",
        "held",
        "hidden",
        "hit",
        "hung",
        "hurt",
        "kept",
        "known",
        "laid",
        "led",
        "learnt",
        "left",
        "lent",
        "let",
        "lost",
        "made",
        "meant",
        "met",
        "mistaken",
        "overcome",
        "overseen",
        "overtaken",
        "paid",
        "proven",
        "put",
        "quit",
        "read",
        "ridden",
        "risen",
        "run",
        "said",
        "seen",
        "sent",
        "set",
        "shaken",
        "shown",
        "shut",
        "sold",
        "sought",
        "spent",
        "split",
        "spoken",
        "spread",
        "stolen",
        "struck",
        "stuck",
        "sung",
        "sworn",
        "taken",
        "taught",
        "thought",
        "thrown",
        "told",
        "torn",
        "undergone",
        "understood",
        "undertaken",
        "upheld",
        "withdrawn",
        "won",
        "worn",
        "woven",
        "written",
    }
)
#: Words ending in -ed that are not past participles.
_NOT_PARTICIPLES: Final = frozenset(
    {
        "deed",
        "heed",
        "reed",
        "weed",
        "shed",
        "seed",
        "feed",
        "need",
        "speed",
        "indeed",
        "hundred",
        "sacred",
        "naked",
        "wicked",
    }
)
#: Words allowed between the form of "be" and the participle ("was not always seen").
#: At most this many words between them.
_MAX_BETWEEN: Final = 3
_BETWEEN: Final = frozenset(
    {"not", "never", "also", "often", "always", "usually", "sometimes", "then", "still"}
)


def _participle(word: str) -> bool:
    lower = word.lower()
    if lower in _IRREGULAR:
        return True
    return lower.endswith("ed") and len(lower) > 3 and lower not in _NOT_PARTICIPLES  # noqa: PLR2004


def passive_phrases(text: str) -> list[str]:
    """Find passive constructions: a form of "be", perhaps "not" or an -ly word, a past participle.

    A rule of thumb, like every style checker's: "is based" and "are involved" count;
    "is red" does not.

    >>> passive_phrases("The plan was written by patients. We wrote it. It is not often used.")
    ['was written', 'is not often used']
    """
    found: list[str] = []
    tokens = words(text)
    for i, token in enumerate(tokens):
        if token.lower() not in _BE_PLUS:
            continue
        j = i + 1
        while (
            j < len(tokens)
            and j - i <= _MAX_BETWEEN
            and (tokens[j].lower() in _BETWEEN or tokens[j].lower().endswith("ly"))
        ):
            j += 1
        if j < len(tokens) and _participle(tokens[j]):
            found.append(" ".join(tokens[i : j + 1]))
    return found


# --------------------------------------------------------------------------- jargon


@attrs.frozen
class Jargon:
    """A term the public may not know, and a plainer way to say it.

    Attributes
    ----------
    term : str
        The term, as listed (lower case).
    plainer : str
        What to write instead.
    found : str
        The term as it appears in the text (its first occurrence).
    """

    term: str
    plainer: str
    found: str = ""

    def __str__(self) -> str:
        return f"{self.found or self.term} -> {self.plainer}"


def _jargon_path() -> Path:
    return Path(__file__).resolve().parent / "_data" / "jargon.toml"


@cache
def jargon_terms() -> tuple[tuple[Jargon, "re.Pattern[str]"], ...]:
    """Return the jargon list (package data ``_data/jargon.toml``), each term with its pattern."""
    with _jargon_path().open("rb") as fh:
        entries = tomllib.load(fh)["term"]
    terms = []
    for entry in entries:
        term = str(entry["term"])
        forms = [term, *(str(f) for f in entry.get("forms", ()))]
        alternatives = []
        for form in forms:
            stem = re.escape(form[:-1] if form.endswith("e") and " " not in form else form)
            suffix = r"(?:e|es|ed|ing)" if form.endswith("e") and " " not in form else r"(?:s|es|d|ed|ing)?"
            alternatives.append(stem + (suffix if " " not in form else ""))
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)
        terms.append((Jargon(term, str(entry["plainer"])), pattern))
    return tuple(terms)


def jargon_in(text: str) -> list[Jargon]:
    """Return the listed jargon terms ``text`` uses, in the list's order, each once.

    >>> [j.found for j in jargon_in("We will utilise a cohort of stakeholders.")]
    ['utilise', 'stakeholders', 'cohort']
    """
    found = []
    for jargon, pattern in jargon_terms():
        match = pattern.search(text)
        if match is not None:
            found.append(attrs.evolve(jargon, found=match.group(0)))
    return found


# --------------------------------------------------------------------------- the report


@attrs.frozen(kw_only=True)
class ReadabilityReport:
    """How easy a text is to read.

    Attributes
    ----------
    words : int
        Words (runs of letters; numbers are not counted).
    sentences : int
        Sentences.
    syllables : int
        Syllables, estimated (:func:`participatory._readability.syllables`).
    grade : float
        Flesch-Kincaid grade level, to one decimal (0.0 for a text with no words).
    long_sentences : tuple of str
        Sentences of more than 25 words.
    long_words : tuple of str
        Distinct words of three syllables or more, in order of appearance.
    passive : tuple of str
        Passive constructions found ("was written").
    jargon : tuple of Jargon
        Listed jargon the text uses, with plainer alternatives.
    """

    words: int
    sentences: int
    syllables: int
    grade: float
    long_sentences: tuple[str, ...] = ()
    long_words: tuple[str, ...] = ()
    passive: tuple[str, ...] = ()
    jargon: tuple[Jargon, ...] = ()

    @property
    def words_per_sentence(self) -> float:
        """Average sentence length in words (0.0 for a text with no sentence)."""
        return round(self.words / self.sentences, 1) if self.sentences else 0.0

    def to_dict(self) -> dict[str, object]:
        """Return the report as plain data (what ``--format json`` prints)."""
        return {
            "grade": self.grade,
            "words": self.words,
            "sentences": self.sentences,
            "syllables": self.syllables,
            "words_per_sentence": self.words_per_sentence,
            "long_sentences": list(self.long_sentences),
            "long_words": list(self.long_words),
            "passive": list(self.passive),
            "jargon": [{"term": j.found or j.term, "plainer": j.plainer} for j in self.jargon],
        }

    def lines(self) -> list[str]:
        """Return the report as lines of plain text (label, then what was found)."""
        out = [
            f"Flesch-Kincaid grade: {self.grade:.1f}",
            (
                f"Sentences: {self.sentences}, {self.words_per_sentence:.1f} words each on average; "
                f"{len(self.long_sentences)} over {LONG_SENTENCE} words"
            ),
            f"Long words ({LONG_WORD}+ syllables): {len(self.long_words)} of {self.words}"
            + (f": {', '.join(self.long_words[:20])}" if self.long_words else ""),
            f"Passive voice: {len(self.passive)}" + (f": {'; '.join(self.passive)}" if self.passive else ""),
            f"Jargon: {len(self.jargon)}" + (f": {'; '.join(map(str, self.jargon))}" if self.jargon else ""),
        ]
        out.extend(f"Long sentence: {s}" for s in self.long_sentences)
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def _repr_html_(self) -> str:
        from ._html._reprs import readability_html

        return readability_html(self)


def flesch_kincaid(n_words: int, n_sentences: int, n_syllables: int) -> float:
    """Return the Flesch-Kincaid grade level, to one decimal: 0.0 for no words.

    >>> flesch_kincaid(20, 2, 30)
    6.0
    """
    if not n_words or not n_sentences:
        return 0.0
    return round(0.39 * n_words / n_sentences + 11.8 * n_syllables / n_words - 15.59, 1)


def readability(text: str) -> ReadabilityReport:
    """Measure how easy ``text`` is to read, offline.

    Parameters
    ----------
    text : str
        English text (any string: markup is read as words).

    Returns
    -------
    ReadabilityReport
        The Flesch-Kincaid grade, sentence lengths, long words, passive voice and jargon
        with plainer alternatives. ``str(report)`` is a plain-text summary; a notebook
        shows it as a table.

    Examples
    --------
    >>> import participatory as pr
    >>> report = pr.readability("We will utilise a cohort. The plan was written by patients.")
    >>> report.grade, report.passive, [j.plainer for j in report.jargon]
    (3.7, ('was written',), ['use', 'group of people (in a study)'])
    """
    split = sentences(text)
    counts = [[syllables(w) for w in words(s)] for s in split]
    n_words = sum(len(c) for c in counts)
    n_syllables = sum(sum(c) for c in counts)
    seen: dict[str, None] = {}
    for word in words(text):
        if syllables(word) >= LONG_WORD and not word.isupper():
            seen.setdefault(word.lower(), None)
    return ReadabilityReport(
        words=n_words,
        sentences=len(split),
        syllables=n_syllables,
        grade=flesch_kincaid(n_words, len(split), n_syllables),
        long_sentences=tuple(s for s, c in zip(split, counts, strict=True) if len(c) > LONG_SENTENCE),
        long_words=tuple(seen),
        passive=tuple(passive_phrases(text)),
        jargon=tuple(jargon_in(text)),
    )


# --------------------------------------------------------------------------- a catalogue's text


@attrs.frozen(kw_only=True)
class RecordReadability:
    """The readability of one record's public text.

    Attributes
    ----------
    kind : str
        The record kind's plural name (``techniques``).
    id : str
        The record's id.
    field : str
        The field measured: ``plain`` when the record has a plain-language summary,
        else ``summary``.
    report : ReadabilityReport
        What was measured.
    """

    kind: str
    id: str
    field: str
    report: ReadabilityReport


@attrs.frozen(kw_only=True)
class KindReadability:
    """The grades of one kind of record.

    Attributes
    ----------
    kind : str
        The record kind's plural name.
    records : int
        Records with text measured.
    plain : int
        How many of them have a plain-language summary.
    median : float
        Median grade.
    max : float
        Highest grade.
    hardest : str
        Id of the record with the highest grade.
    """

    kind: str
    records: int
    plain: int
    median: float
    max: float
    hardest: str


@attrs.frozen(kw_only=True)
class CatalogueReadability:
    """The readability of a catalogue's public text, record by record and kind by kind.

    Attributes
    ----------
    records : tuple of RecordReadability
        One per record with text, in catalogue order, kind by kind.
    """

    records: tuple[RecordReadability, ...]

    @property
    def kinds(self) -> tuple[KindReadability, ...]:
        """Median and highest grade of each kind that has records."""
        out = []
        for kind in KINDS:
            rows = [r for r in self.records if r.kind == kind]
            if not rows:
                continue
            grades = [r.report.grade for r in rows]
            hardest = max(rows, key=lambda r: r.report.grade)
            out.append(
                KindReadability(
                    kind=kind,
                    records=len(rows),
                    plain=sum(r.field == "plain" for r in rows),
                    median=round(statistics.median(grades), 1),
                    max=hardest.report.grade,
                    hardest=hardest.id,
                )
            )
        return tuple(out)

    def over(self, grade: float) -> tuple[RecordReadability, ...]:
        """Return the records whose grade is above ``grade``, hardest first."""
        return tuple(
            sorted((r for r in self.records if r.report.grade > grade), key=lambda r: -r.report.grade)
        )

    def to_dict(self) -> dict[str, object]:
        """Return the report as plain data (what ``--format json`` prints)."""
        return {
            "kinds": [attrs.asdict(k) for k in self.kinds],
            "records": [
                {"kind": r.kind, "id": r.id, "field": r.field, **r.report.to_dict()} for r in self.records
            ],
        }

    def table(self) -> tuple[list[str], list[list[str]]]:
        """Return the per-kind summary as columns and rows of text."""
        columns = ["kind", "records", "plain", "median grade", "max grade", "hardest"]
        rows = [
            [k.kind, str(k.records), str(k.plain), f"{k.median:.1f}", f"{k.max:.1f}", k.hardest]
            for k in self.kinds
        ]
        return columns, rows

    def __str__(self) -> str:
        from ._html._text import aligned

        columns, rows = self.table()
        return "\n".join(aligned([columns, *rows])) if rows else "No record has text to measure."

    def _repr_html_(self) -> str:
        from ._html._reprs import catalogue_readability_html

        return catalogue_readability_html(self)


def public_text(record: object) -> tuple[str, str]:
    """Return a record's public text and its field: ``plain`` if present, else ``summary``."""
    plain = str(getattr(record, "plain", "") or "")
    if plain.strip():
        return "plain", plain
    return "summary", str(getattr(record, "summary", "") or "")


def readability_of(catalogue: "Catalogue", kinds: Iterable[str] = KINDS) -> CatalogueReadability:
    """Measure the public text (``plain``, else ``summary``) of every record of ``kinds``.

    Parameters
    ----------
    catalogue : Catalogue
        The records to measure.
    kinds : iterable of str
        Plural record kinds (default: techniques, stages, stakeholders, cases,
        organisations).

    Returns
    -------
    CatalogueReadability
        One report per record with text, and the median and highest grade per kind.
    """
    rows = []
    for kind in kinds:
        records: Mapping[str, object] = getattr(catalogue, kind)
        for rid, record in records.items():
            field, text = public_text(record)
            if text.strip():
                rows.append(RecordReadability(kind=kind, id=rid, field=field, report=readability(text)))
    return CatalogueReadability(records=tuple(rows))
