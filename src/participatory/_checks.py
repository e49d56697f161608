"""Field checks of single records: what a value must be, whatever else is loaded.

Checks that need other records (references) are the catalogue's; these need only the
record, so the loader, the catalogue and the importers share them.
"""

import re
from collections.abc import Iterable, Iterator

from ._model import (
    ESTIMABLE,
    Case,
    CatalogueInfo,
    Checklist,
    Crosswalk,
    Organisation,
    Record,
    Resource,
    Source,
    Technique,
)
from ._schema import REFERENCES, is_slug, slug_problem

__all__ = ["info_problems", "record_problems", "slug_list_problems", "url_problem", "year_problem"]

MIN_YEAR, MAX_YEAR = 1500, 2100
MAX_AGE = 120
_SPACE = re.compile(r"\s")  # the characters str.isspace() accepts
#: Addresses that certainly pass :func:`url_problem`: http(s), a dotted ASCII host, no spaces.
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9_~-]*\.[A-Za-z0-9._~-]*(?::[0-9]+)?(?:[/?#]\S*)?")


def url_problem(url: str) -> str | None:
    """Return why ``url`` is not a usable web address, or ``None`` if it is one."""
    if _PLAIN_URL.fullmatch(url):  # the common case, without the cost of urlsplit
        return None
    if _SPACE.search(url):
        return f"{url!r} is not a valid web address (it contains spaces)"
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed "[" in the host
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc or "." not in parts.netloc:
        return f"{url!r} is not a web address; expected one starting with https://"
    return None


def year_problem(year: int | None) -> str | None:
    """Return why ``year`` is out of range, or ``None``."""
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        return f"year {year} is out of range ({MIN_YEAR} to {MAX_YEAR})"
    return None


def slug_list_problems(field: str, values: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """Yield ``(field[i], message)`` for every value that is not a slug or is listed twice."""
    if len(set(values)) == len(values) and all(map(is_slug, values)):
        return  # the common case: nothing to report
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            yield f"{field}[{i}]", f"{value!r} is listed twice"
        seen.add(value)
        if (msg := slug_problem(value)) is not None:
            yield f"{field}[{i}]", msg


def _unique_problems(field: str, values: Iterable[object]) -> Iterator[tuple[str, str]]:
    seen: set[object] = set()
    for i, value in enumerate(values):
        if value in seen:
            yield f"{field}[{i}]", f"{str(value)!r} is listed twice"
        seen.add(value)


def _source_problems(sources: tuple[Source, ...]) -> Iterator[tuple[str, str]]:
    for i, src in enumerate(sources):
        if not src.title.strip():
            yield f"sources[{i}].title", "must not be empty"
        if (msg := url_problem(src.url)) is not None:
            yield f"sources[{i}].url", msg
        if (msg := year_problem(src.year)) is not None:
            yield f"sources[{i}].year", msg


def record_problems(rec: Record) -> Iterator[tuple[str, str]]:
    """Yield ``(field, message)`` for every field-level problem of one record."""
    if (msg := slug_problem(rec.id)) is not None:
        yield "id", msg
    if not rec.name.strip():
        yield "name", "must not be empty"
    yield from _source_problems(rec.sources)
    yield from slug_list_problems("tags", rec.tags)
    yield from slug_list_problems("replaces", rec.replaces)
    if rec.id in rec.replaces:
        yield "replaces", "a record cannot replace its own id"
    for field in REFERENCES.get(rec.record_kind, {}):
        yield from slug_list_problems(field, getattr(rec, field))
    if isinstance(rec, Technique):
        yield from _technique_problems(rec)
    elif isinstance(rec, Resource):
        if (msg := url_problem(rec.url)) is not None:
            yield "url", msg
        if (msg := year_problem(rec.year)) is not None:
            yield "year", msg
    elif isinstance(rec, Case):
        if rec.url and (msg := url_problem(rec.url)) is not None:
            yield "url", msg
        if (msg := year_problem(rec.year)) is not None:
            yield "year", msg
        yield from slug_list_problems("underserved", rec.underserved)
        yield from slug_list_problems("changes", rec.changes)
    elif isinstance(rec, Organisation):
        if rec.url and (msg := url_problem(rec.url)) is not None:
            yield "url", msg
        yield from slug_list_problems("scope", rec.scope)
    elif isinstance(rec, Crosswalk):
        if rec.target not in ("stage", "level"):
            yield "target", f"must be 'stage' or 'level', not {rec.target!r}"
        yield from _unique_problems("entries", (e.term for e in rec.entries))
        for i, entry in enumerate(rec.entries):
            if not entry.term.strip():
                yield f"entries[{i}].term", "must not be empty"
    elif isinstance(rec, Checklist):
        yield from _unique_problems("items", (item.id for item in rec.items))
        for i, item in enumerate(rec.items):
            if (msg := slug_problem(item.id)) is not None:
                yield f"items[{i}].id", msg
            if not item.name.strip():
                yield f"items[{i}].name", "must not be empty"
            yield from slug_list_problems(f"items[{i}].stages", item.stages)


def _technique_problems(tech: Technique) -> Iterator[tuple[str, str]]:
    yield from _unique_problems("levels", tech.levels)
    yield from _unique_problems("modes", tech.modes)
    yield from slug_list_problems("underserved", tech.underserved)
    yield from slug_list_problems("purposes", tech.purposes)
    size = tech.group_size
    if size is not None:
        for bound in ("min", "max"):
            value = getattr(size, bound)
            if value is not None and value < 1:
                yield f"group_size.{bound}", f"must be at least 1, not {value}"
        if size.min is not None and size.max is not None and size.min > size.max:
            yield "group_size", f"min ({size.min}) is larger than max ({size.max})"
    if tech.id in tech.pairs_with:
        yield "pairs_with", "a technique cannot pair with itself"
    yield from _unique_problems("formats", tech.formats)
    yield from _unique_problems("estimated", tech.estimated)
    for i, name in enumerate(tech.estimated):
        if name not in ESTIMABLE:
            yield f"estimated[{i}]", f"{name!r} cannot be estimated; expected one of {', '.join(ESTIMABLE)}"
        elif getattr(tech, name) in (None, ""):
            yield f"estimated[{i}]", f"{name!r} is listed as estimated but has no value"
    ages = tech.ages
    if ages is not None:
        for bound in ("min", "max"):
            value = getattr(ages, bound)
            if value is not None and not 0 <= value <= MAX_AGE:
                yield f"ages.{bound}", f"must be an age from 0 to {MAX_AGE}, not {value}"
        if ages.min is not None and ages.max is not None and ages.min > ages.max:
            yield "ages", f"min ({ages.min}) is larger than max ({ages.max})"
    if tech.effectiveness is not None:
        for f, m in _source_problems(tech.effectiveness.sources):
            yield f"effectiveness.{f}", m


def info_problems(info: CatalogueInfo) -> Iterator[tuple[str, str]]:
    """Yield ``(field, message)`` for every problem of a ``[catalogue]`` table."""
    if (msg := slug_problem(info.name, "catalogue name")) is not None:
        yield "catalogue.name", msg
    for i, name in enumerate(info.extends):
        if name == info.name:
            yield f"catalogue.extends[{i}]", "a catalogue cannot extend itself"
        elif (msg := slug_problem(name, "catalogue name")) is not None:
            yield f"catalogue.extends[{i}]", msg
