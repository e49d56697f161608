"""The filters of a finder (the technique finder, the opportunities board), as plain data.

A finder's filters come from the facets' declarations (:func:`participatory._kinds.facets`)
of one kind of record: each value with the records it selects, in the value's own order.
The presentation layer draws them with one template macro and one script
(``static/finder.js``), whatever the records are.
"""

from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._enums import _OrderedEnum
from ._kinds import Facet as DeclaredFacet
from ._kinds import facets
from ._model import Format, Level
from ._words import ENUM_WORDS, FORMAT_WORDS, LEVEL_SHORT, LEVEL_WORDS, words

if TYPE_CHECKING:
    from ._catalogue import Catalogue

__all__ = ["Facet", "FacetValue", "finder_facets"]


@attrs.frozen
class FacetValue:
    """One value of a finder facet and the ids of the techniques it selects."""

    slug: str
    label: str
    techniques: tuple[str, ...]
    #: A shorter label for the value as a chosen filter ("Involve"), when ``label`` is long.
    short: str = ""
    #: What ``label`` is the name of, to say in which language it is shown: the id of a
    #: record (a stage, a group of people) or an open value's ``"<facet>:<value>"``.
    record: str = ""


@attrs.frozen
class Facet:
    """A finder filter.

    ``how`` is ``any`` (tick several; a technique matches one of them), ``all`` (tick
    several; a technique matches every one), ``at-least`` or ``at-most`` (pick one).
    """

    name: str
    label: str
    how: str
    values: tuple[FacetValue, ...]
    #: How many techniques have this facet at all (few: the filter is marked incomplete).
    known: int = 0

    @property
    def single(self) -> bool:
        """Whether one value is picked at a time (radio buttons) rather than several."""
        return self.how in ("at-least", "at-most")


def finder_facets(
    cat: "Catalogue",
    per_record: Mapping[str, Mapping[str, tuple[str, ...]]],
    kind: str = "technique",
    labels: Mapping[str, Mapping[str, str]] | None = None,
) -> tuple[Facet, ...]:
    """Return the filters of a finder over records of ``kind``, from the facets' declarations.

    ``per_record`` gives, by record id, the values each record is listed under (by the
    filter's name, as :func:`participatory._pages.technique_facets` returns them); a value
    no record holds is left out, and a filter with no value at all. ``labels`` names the
    values of free-text filters (filter name -> value -> words), such as places.
    """
    members: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for tid, offered in per_record.items():
        for name, values in offered.items():
            for v in values:
                members[name][v].append(tid)

    out = []
    for f in facets(kind):
        if not f.site:
            continue
        found = members.get(f.finder, {})
        order = _facet_order(cat, f)
        order += sorted(set(found) - set(order))
        short = isinstance(f.values, type) and f.values in _SHORT_WHEN_CHOSEN
        listed = tuple(
            FacetValue(
                v,
                (labels or {}).get(f.finder, {}).get(v) or _facet_label(cat, f, v),
                tuple(found[v]),
                LEVEL_SHORT[Level(v)] if short else "",
                v if _names_record(cat, f, v, labels) else f"{f.name}:{v}" if f.values == "slug" else "",
            )
            for v in order
            if found.get(v)
        )
        known = sum(1 for offered in per_record.values() if offered.get(f.finder))
        if listed:
            out.append(Facet(f.finder, f.heading, f.how, listed, known))
    return tuple(out)


#: Words for the values of the finder's enum filters (others: the value in words).
_VALUE_WORDS: Final[Mapping[type, Mapping[Any, str]]] = {
    **dict(ENUM_WORDS),
    Format: FORMAT_WORDS,
    Level: LEVEL_WORDS,
}
#: Enum filters whose values' labels are long: a chosen value shows in a word ("Involve").
_SHORT_WHEN_CHOSEN: Final = frozenset({Level})


def _facet_label(cat: "Catalogue", f: "DeclaredFacet", slug: str) -> str:
    """Return how the finder names one value of a filter."""
    if f.flag is not None:
        return f.flag[2]
    if f.bands:
        return next(label for s, label, _, _ in f.bands if s == slug)
    if isinstance(f.values, type) and issubclass(f.values, _OrderedEnum):
        table = _VALUE_WORDS.get(f.values)
        return table[f.values(slug)] if table is not None else words(slug)
    if isinstance(f.values, str) and f.values != "slug":
        rec = cat.of_kind(f.values).get(slug)
        if rec is not None:
            return str(rec.name)
    return cat.value_name(f.name, slug) or words(slug)


def _names_record(
    cat: "Catalogue", f: "DeclaredFacet", slug: str, labels: Mapping[str, Mapping[str, str]] | None
) -> bool:
    """Say whether a value is named by a record of the catalogue (so its name may be translated)."""
    named = isinstance(f.values, str) and f.values != "slug" and slug in cat.of_kind(f.values)
    return named and not (labels or {}).get(f.finder, {}).get(slug)


def _facet_order(cat: "Catalogue", f: "DeclaredFacet") -> list[str]:
    """Return the finder's order of a filter's values (others follow, sorted)."""
    if f.bands:
        return [s for s, _, _, _ in f.bands]
    if isinstance(f.values, type) and issubclass(f.values, _OrderedEnum):
        return [str(m) for m in f.values]
    if isinstance(f.values, str) and f.values != "slug":
        return list(cat.of_kind(f.values))
    return []
