"""Finding personal data in a draft before anything is published.

Each detector is a documented heuristic, tuned to flag too much rather than too little:
a reviewer dismisses a false alarm in a second, while a published NHS number cannot be
taken back. What is looked for:

- e-mail addresses; an address whose local part names a role (``involvement@``,
  ``ppi@``, ``info@``...) is reported as a note, not a flag, because opportunities give
  a role-based address as the way to apply;
- UK telephone numbers: ``+44`` or ``0`` followed by 9 or 10 more digits, with spaces,
  hyphens or brackets between them (``0161 496 0000``, ``+44 (0)7700 900123``);
- NHS numbers: ten digits (often written 3-3-4) whose tenth digit is the modulus-11 check
  digit of the first nine (the NHS Data Dictionary's rule); ten digits that fail the check
  are not NHS numbers and are left alone;
- UK postcodes in full (``SW1A 1AA``, ``m1 1ae``); an outward code on its own (``LS1``)
  names an area, not an address, and is not flagged;
- dates of birth: a full date within a few words after "date of birth", "DOB", "born"
  or "birthday";
- health disclosures: a sentence that names a health condition or treatment and either
  speaks about a named person (a title and a name, "Mr Khan"; a relation and a name, "my
  son Adam"; or a name followed by "has", "was diagnosed"...), or discloses the writer's own
  health in the first person ("I have been diagnosed with", "I live with"). Either is
  special-category data (UK GDPR Art. 9) that needs explicit consent to publish.
"""

import re
from collections.abc import Iterator
from typing import Final, Literal

import attrs

__all__ = ["Finding", "find_personal_data", "nhs_number_valid"]

Level = Literal["flag", "note"]


@attrs.frozen(kw_only=True)
class Finding:
    """Personal data found in one field.

    Parameters
    ----------
    field : str
        Dotted path of the field (``record.summary``, ``envelope.contact``).
    what : str
        What was found ("an e-mail address", "an NHS number").
    excerpt : str
        The text found, masked so that a report can be shared (``9434***919``).
    level : {"flag", "note"}
        A flag must be resolved (or accepted) before a draft is approved; a note is for
        information.
    """

    field: str
    what: str
    excerpt: str
    level: Level = "flag"

    def __str__(self) -> str:
        return f"{self.field}: {self.what} ({self.excerpt})" + (" (note)" if self.level == "note" else "")


_EMAIL: Final = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
#: Local parts that name a role, not a person.
ROLE_ADDRESSES: Final = frozenset(
    {
        "admin",
        "contact",
        "engage",
        "engagement",
        "enquiries",
        "enquiry",
        "hello",
        "help",
        "info",
        "information",
        "involve",
        "involvement",
        "office",
        "participate",
        "patients",
        "ppi",
        "ppie",
        "public",
        "publicinvolvement",
        "research",
        "researchoffice",
        "team",
        "voice",
        "volunteer",
        "volunteering",
        "volunteers",
    }
)
_PHONE: Final = re.compile(r"(?<![\w+])(?:\+\s?44\s?(?:\(0\)\s?)?|\(?0)\d(?:[\s()-]{0,2}\d){8,9}(?![\w])")
_INTERNATIONAL: Final = re.compile(r"^\+\s?44\s?(?:\(0\)\s?)?")
_NHS: Final = re.compile(r"(?<![\w])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\w])")
_POSTCODE: Final = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE
)
_MONTHS: Final = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_DATE: Final = (
    rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})[a-z]*\.?,?\s+\d{{4}}"
    rf"|(?:{_MONTHS})[a-z]*\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
)
_BIRTH: Final = re.compile(
    rf"\b(?:date\s+of\s+birth|d\.?o\.?b\.?|born|birthday)\b\W{{0,3}}(?:\w+\W+){{0,3}}?({_DATE})",
    re.IGNORECASE,
)
_HEALTH: Final = re.compile(
    r"\b(?:diagnos\w*|cancer|tumou?r|diabet\w*|dementia|alzheimer\w*|parkinson\w*|stroke|"
    r"hiv|aids|hepatitis|depress\w*|anxiety|bipolar|schizophren\w*|psychosis|psychotic|"
    r"sectioned|self[- ]harm\w*|suicid\w*|eating disorder|anorexi\w*|bulimi\w*|autis\w*|adhd|"
    r"epilep\w*|multiple sclerosis|motor neurone|asthma|copd|arthritis|lupus|"
    r"long covid|covid|disabilit\w*|disabled|illness|ill|disease|disorder|condition|"
    r"chemotherapy|chemo|dialysis|transplant|surgery|operation|medication|prescribed|"
    r"pregnan\w*|miscarr\w*|terminal\w*|palliative|addict\w*|alcoholi\w*|overdose|"
    r"mental health|hospital|hospitali[sz]ed|admitted|treatment|therapy|sick)\b",
    re.IGNORECASE,
)
_RELATIONS: Final = (
    "husband|wife|partner|son|daughter|mother|mum|mom|father|dad|brother|sister|friend|"
    "neighbour|neighbor|patient|client|grandson|granddaughter|grandmother|grandfather|gran|"
    "nan|grandad|granddad|carer|colleague|child|baby|aunt|uncle|cousin|niece|nephew|"
    "boyfriend|girlfriend|fiancee?|stepson|stepdaughter|stepmother|stepfather"
)
_NAME: Final = r"[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?"
_TITLED: Final = re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame)\.?\s+{_NAME}")
_RELATED: Final = re.compile(rf"\b(?:my|our|his|her|their)\s+(?:{_RELATIONS})\W{{0,3}}\s*(?:{_NAME})\b")
_NAMED_SUBJECT: Final = re.compile(
    rf"\b({_NAME})\s+(?:has|had|was|is|lives|lived|suffers|suffered|died|passed|got|became)\b"
)
#: Capitalised words that start sentences and are not names.
_NOT_NAMES: Final = frozenset(
    {
        "I",
        "We",
        "He",
        "She",
        "They",
        "It",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "Here",
        "The",
        "A",
        "An",
        "Everyone",
        "Everybody",
        "Nobody",
        "Someone",
        "Somebody",
        "Anyone",
        "Each",
        "Every",
        "One",
        "Nothing",
        "Something",
        "Who",
        "What",
        "Which",
        "When",
        "Where",
        "Why",
        "How",
        "If",
        "Our",
        "Your",
        "My",
        "His",
        "Her",
        "Their",
        "Its",
        "Research",
        "Involvement",
        "Funding",
        "Payment",
        "Support",
        "Training",
        "Participation",
        "Health",
        "Care",
        "Public",
        "Patient",
        "Patients",
        "People",
        "Staff",
        "Mum",
        "Dad",
        "Mother",
        "Father",
        "Nan",
        "Gran",
        "Grandad",
        "Then",
        "Now",
        "Today",
        "Yesterday",
        "Also",
        "And",
        "But",
        "So",
        "Because",
        "After",
        "Before",
        "While",
        "Since",
        "Although",
        "Covid",
    }
)
_SELF: Final = re.compile(
    r"\b(?:I|I've|I'm|I’ve|I’m)\s+(?:have\s+|had\s+|was\s+|am\s+|been\s+|have\s+been\s+|"
    r"was\s+recently\s+|recently\s+)*(?:diagnosed|living\s+with|live\s+with|lived\s+with|"
    r"suffer|suffered|suffering|being\s+treated|treated|sectioned|admitted|in\s+recovery|"
    r"recovering)\b|\bmy\s+(?:diagnosis|illness|condition|cancer|depression|anxiety|"
    r"treatment|disability|mental\s+health)\b",
    re.IGNORECASE,
)
_SENTENCE: Final = re.compile(r"[^.!?\n]+[.!?]?")


def nhs_number_valid(digits: str) -> bool:
    """Whether ten digits form a valid NHS number (the modulus-11 check digit).

    Each of the first nine digits is multiplied by 10, 9, ... 2; the check digit is 11
    minus the remainder of the sum divided by 11 (11 becomes 0, and 10 means the
    number is not valid).

    >>> nhs_number_valid("9434765919"), nhs_number_valid("9434765918")
    (True, False)
    """
    if len(digits) != 10 or not digits.isdigit():  # noqa: PLR2004  (an NHS number has ten digits)
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:  # noqa: PLR2004
        check = 0
    return check != 10 and check == int(digits[9])  # noqa: PLR2004


def _mask(text: str) -> str:
    """Keep the first and last few characters, hide the rest (so a report can be shared)."""
    text = " ".join(text.split())
    if len(text) <= 4:  # noqa: PLR2004
        return "*" * len(text)
    keep = max(1, len(text) // 4)
    return text[:keep] + "*" * (len(text) - 2 * keep) + text[-keep:]


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def find_in_text(field: str, text: str) -> Iterator[Finding]:
    """Yield every piece of personal data found in one text."""
    taken: list[tuple[int, int]] = []

    def free(m: re.Match[str]) -> bool:
        return all(m.end() <= a or m.start() >= b for a, b in taken)

    for m in _EMAIL.finditer(text):
        local = m[0].split("@", 1)[0].casefold()
        taken.append(m.span())
        if local in ROLE_ADDRESSES or local.split(".")[0] in ROLE_ADDRESSES:
            yield Finding(field=field, what="a role-based e-mail address", excerpt=m[0], level="note")
        else:
            yield Finding(field=field, what="an e-mail address", excerpt=_mask(m[0]))
    for m in _NHS.finditer(text):
        if free(m) and nhs_number_valid(_digits(m[0])):
            taken.append(m.span())
            yield Finding(field=field, what="an NHS number", excerpt=_mask(m[0]))
    for m in _PHONE.finditer(text):
        raw = m[0].strip()
        national = _digits(_INTERNATIONAL.sub("", raw)) if raw.startswith("+") else _digits(raw)[1:]
        if free(m) and len(national) in (9, 10) and not national.startswith("0"):
            taken.append(m.span())
            yield Finding(field=field, what="a telephone number", excerpt=_mask(m[0]))
    for m in _POSTCODE.finditer(text):
        if free(m):
            taken.append(m.span())
            yield Finding(field=field, what="a postcode", excerpt=_mask(m[0]))
    for m in _BIRTH.finditer(text):
        yield Finding(field=field, what="a date of birth", excerpt=_mask(m[1]))
    yield from _health(field, text)


def _health(field: str, text: str) -> Iterator[Finding]:
    for sentence in _SENTENCE.findall(text):
        if not _HEALTH.search(sentence):
            continue
        health = _HEALTH.search(sentence)
        term = health[0].lower() if health else ""
        named = _TITLED.search(sentence) or _RELATED.search(sentence)
        if named is None:
            named = next((m for m in _NAMED_SUBJECT.finditer(sentence) if m[1] not in _NOT_NAMES), None)
        if named is not None:
            yield Finding(
                field=field,
                what="a health disclosure about a named person",
                excerpt=f"{_mask(named[0])} ... {term}",
            )
        elif _SELF.search(sentence):
            yield Finding(
                field=field,
                what="a first-person health disclosure (special-category data: explicit consent needed)",
                excerpt=f"I ... {term}",
            )


def find_personal_data(values: "dict[str, object]", prefix: str = "") -> list[Finding]:
    """Return every piece of personal data in a nested table of values (texts, lists, tables).

    ``prefix`` starts each field path (``record.``).
    """
    found: list[Finding] = []

    def walk(value: object, path: str) -> None:
        if isinstance(value, str):
            found.extend(find_in_text(path, value))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list | tuple):
            for i, item in enumerate(value):
                walk(item, f"{path}[{i}]")

    walk(values, prefix.rstrip("."))
    return found
