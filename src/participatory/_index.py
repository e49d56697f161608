"""The query index: inverted indexes over the techniques, and query arguments resolved.

:class:`Index` numbers the techniques in name order and maps every facet value to the
positions of its techniques (:class:`Postings`); :meth:`Index.plan` resolves a query's
arguments into a :class:`QueryPlan` of what to intersect and how to score.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs

from ._enums import _OrderedEnum
from ._errors import CatalogueError, UnknownIdError
from ._kinds import Facet, facets
from ._model import (
    Record,
    Technique,
)
from ._schema import nearest, suggestion

if TYPE_CHECKING:
    from ._catalogue import Catalogue

E = TypeVar("E", bound=_OrderedEnum)


class Postings:
    """The techniques with one facet value: positions as a set (to probe) and as a bitset (to AND).

    Positions number the techniques in result order (name, then id), so the set bits of
    a bitset, read from the lowest, are already sorted by name.
    """

    __slots__ = ("bits", "members")

    def __init__(self, members: "set[int] | frozenset[int]", bits: int) -> None:
        self.members = members
        self.bits = bits

    def __len__(self) -> int:
        return len(self.members)


NOTHING: Final = Postings(frozenset(), 0)


def _postings(lists: Mapping[Any, list[int]]) -> dict[Any, Postings]:
    out = {}
    for value, positions in lists.items():
        if not positions:
            continue
        bits = bytearray((positions[-1] >> 3) + 1)
        for p in positions:
            bits[p >> 3] |= 1 << (p & 7)
        out[value] = Postings(set(positions), int.from_bytes(bits, "little"))
    return out


def _positions(bits: int) -> list[int]:
    """Return the positions of the set bits of ``bits``, lowest first."""
    out: list[int] = []
    append = out.append
    words = memoryview(bits.to_bytes(((bits.bit_length() + 63) >> 6) << 3, "little")).cast("Q")
    for i, word in enumerate(words):
        if word:
            base = i << 6
            rest = word
            while rest:
                low = rest & -rest
                append(base + low.bit_length() - 1)
                rest ^= low
    return out


def _at_least(lists: list[list[int]]) -> list[list[int]]:
    """Turn per-rank positions into "rank r or deeper" positions (cumulative from the top)."""
    out: list[list[int]] = []
    acc: list[int] = []
    for positions in reversed(lists):
        acc = sorted(acc + positions)
        out.append(acc)
    return out[::-1]


def _at_most(lists: list[list[int]]) -> list[list[int]]:
    """Turn per-rank positions into "rank r or lower" positions."""
    return _at_least(lists[::-1])[::-1]


def query_values(value: object) -> tuple[Any, ...] | None:
    """Normalise a query argument: ``None`` (not given), one value, or an iterable (any of)."""
    if value is None:
        return None
    if isinstance(value, str | _OrderedEnum | Record) or not isinstance(value, Iterable):
        return (value,)
    return tuple(value)


def unknown(what: str, value: object, known: Iterable[str]) -> UnknownIdError:
    text = str(value)
    close = nearest(text, known) if isinstance(value, str) else None
    err = UnknownIdError(text, [close] if close else [])
    err.message = f"unknown {what} {text!r}{suggestion(close)}"
    return err


def parse_enum(cls: type[E], value: object, what: str) -> E:
    try:
        return cls.parse(value)  # type: ignore[arg-type]
    except (ValueError, TypeError):
        raise unknown(what, value, [m.value for m in cls]) from None


def _union(postings: list[Postings]) -> Postings:
    if len(postings) == 1:
        return postings[0]
    bits = 0
    for p in postings:
        bits |= p.bits
    return Postings(set().union(*(p.members for p in postings)), bits)


@attrs.frozen
class Constraint:
    """A query argument, resolved: the techniques it allows and how it scores them.

    ``constant`` points go to every match; each of ``bonuses`` gives one more point to
    the techniques in it.
    """

    allowed: Postings | None
    constant: int = 0
    bonuses: tuple[Postings, ...] = ()


def _scored(index: Mapping[Any, Postings], values: tuple[Any, ...]) -> Constraint:
    """Resolve a facet asked with values (any of).

    With one value it scores a constant point; with several, a point per value held.
    """
    found = [index[v] for v in values if v in index]
    allowed = _union(found) if found else NOTHING
    if len(values) == 1:
        return Constraint(allowed, 1)
    return Constraint(allowed, 0, tuple(found))


NO_CONSTRAINT: Final = Constraint(None)


class QueryPlan:
    """A query's arguments, resolved: what to intersect, how, and how to score."""

    __slots__ = ("bonuses", "constant", "others", "probe", "required", "small")

    def __init__(self, facets: list[Constraint], n: int) -> None:
        self.required = sorted((f.allowed for f in facets if f.allowed is not None), key=len)
        self.others = tuple(r.members for r in self.required[1:])
        self.constant = sum(f.constant for f in facets)
        self.bonuses = tuple(b for f in facets for b in f.bonuses)
        # Intersecting sets costs about 10 ns per member of the smallest (each step
        # iterates the smaller side); ANDing bitsets is nearly free, but reading out
        # the result costs about 40 ns per 64 techniques plus 120 ns per match.
        # Estimate both (facets taken as independent) and take the cheaper.
        self.probe: set[int] | frozenset[int] | None = None
        if not self.required:
            self.small = True
            return
        smallest = len(self.required[0])
        expected = float(smallest)
        for other in self.required[1:]:
            expected *= len(other) / n if n else 0.0
        self.small = smallest * 10 <= n * 40 / 64 + expected * 120
        if self.small:
            self.probe = self.required[0].members  # intersected with the others'


def check_number(f: Facet, value: object) -> None:
    """Refuse a number a ``fits`` facet cannot take (``group_size="ten"``, ``age=500``)."""
    if value is None:
        return
    lo, hi = f.bounds if f.bounds is not None else (None, None)
    if type(value) is not int or (lo is not None and hi is not None and not lo <= value <= hi):
        bounds = f" from {lo} to {hi}" if lo is not None else ""
        msg = f"{f.name} must be a whole number of {f.unit or 'units'}{bounds}, not {value!r}"
        raise CatalogueError(msg)


def _held(value: object) -> tuple[Any, ...]:
    """Return the distinct values a record holds in a field: none, one, or each of a list."""
    if value is None or value == "":
        return ()
    if isinstance(value, tuple):
        return tuple(dict.fromkeys(value))
    return (value,)


# --------------------------------------------------------------------------- the index


class Index:
    """Inverted indexes over the techniques, one per facet: value -> :class:`Postings`.

    Techniques are numbered by position in name order (:attr:`records`); every facet
    value maps to the positions of its techniques, as a set and as a Python-int bitset.
    A query intersects the sets when one of them is small, and ANDs the bitsets when
    all are broad; either way the result comes out in name order with no sorting. The
    indexes are built from the facets' declarations (:func:`participatory._kinds.facets`).
    """

    #: Query arguments resolved to a plan, per distinct arguments; bounded.
    CACHE_SIZE: Final = 4096

    def __init__(self, cat: "Catalogue") -> None:
        techniques = cat.techniques
        order = sorted(techniques.values(), key=lambda t: (t.name.casefold(), t.id))
        self.records: list[Technique] = order
        self.ids: list[str] = [t.id for t in order]
        self.position: dict[str, int] = {tid: i for i, tid in enumerate(self.ids)}
        self.n = n = len(order)
        self.everything = Postings(set(range(n)), (1 << n) - 1)
        self.plans: dict[tuple[object, ...], QueryPlan] = {}
        self.stages = cat.stages
        self._techniques = techniques
        self._cat = cat
        self.facets: tuple[Facet, ...] = facets("technique")
        #: The ``fits`` facets: a number within a range field, checked record by record.
        self.fitting: tuple[Facet, ...] = tuple(f for f in self.facets if f.match == "fits")
        #: Facet name -> value -> the techniques holding it (``any`` and ``all`` facets).
        self.values: dict[str, dict[Any, Postings]] = {}
        #: Facet name -> rank r -> the techniques at rank r or deeper (``at-least``) or lower.
        self.ranked: dict[str, list[Postings]] = {}
        #: Facet name -> rank r -> the techniques that list the value of rank r itself.
        self.listed: dict[str, list[Postings]] = {}
        #: Facet name -> the techniques holding any value at all (``true_means_any``).
        self.any_value: dict[str, Postings] = {}
        for f in self.facets:
            if f.match == "fits":
                continue
            fields = [_held(getattr(t, f.field)) for t in order]
            if f.match in ("at-least", "at-most"):
                members = list(f.values)  # type: ignore[arg-type]
                rank = {m: i for i, m in enumerate(members)}
                deepest: list[list[int]] = [[] for _ in members]
                listed: list[list[int]] = [[] for _ in members]
                for i, held in enumerate(fields):
                    if held:
                        deepest[max(rank[v] for v in held)].append(i)
                        for v in held:
                            listed[rank[v]].append(i)
                cumulative = _at_least(deepest) if f.match == "at-least" else _at_most(deepest)
                self.ranked[f.name] = self._ranks(cumulative)
                if f.listed_bonus:
                    self.listed[f.name] = self._ranks(listed)
                continue
            lists: defaultdict[Any, list[int]] = defaultdict(list)
            for i, held in enumerate(fields):
                for v in held:
                    lists[v].append(i)
            self.values[f.name] = _postings(lists)
            if f.true_means_any:
                held_any = [i for i, held in enumerate(fields) if held]
                self.any_value[f.name] = _postings({True: held_any}).get(True, NOTHING)
        self._text: list[str] | None = None
        self._names: list[str] | None = None

    @property
    def stage(self) -> dict[Any, Postings]:
        """The techniques suiting each stage."""
        return self.values.get("stage", {})

    @property
    def stakeholder(self) -> dict[Any, Postings]:
        """The techniques involving each stakeholder."""
        return self.values.get("stakeholder", {})

    @property
    def purpose(self) -> dict[Any, Postings]:
        """The techniques serving each purpose."""
        return self.values.get("purpose", {})

    @staticmethod
    def _ranks(lists: list[list[int]]) -> list[Postings]:
        found = _postings(dict(enumerate(lists)))
        return [found.get(rank, NOTHING) for rank in range(len(lists))]

    def ids_of(self, found: Postings) -> set[str]:
        ids = self.ids
        return {ids[p] for p in found.members}

    @cached_property
    def resources_of(self) -> defaultdict[str, dict[str, None]]:
        out: defaultdict[str, dict[str, None]] = defaultdict(dict)
        for tid, t in self._techniques.items():
            for r in t.resources:
                out[tid][r] = None
        for rid, res in self._cat.resources.items():
            for tid in res.techniques:
                out[tid][rid] = None
        return out

    @cached_property
    def cases_of(self) -> defaultdict[str, dict[str, None]]:
        out: defaultdict[str, dict[str, None]] = defaultdict(dict)
        for cid, case in self._cat.cases.items():
            for tid in case.techniques:
                out[tid][cid] = None
        return out

    def _haystacks(self) -> tuple[list[str], list[str]]:
        if self._text is None or self._names is None:
            self._names = ["\n".join((t.name, *t.aliases)).casefold() for t in self.records]
            self._text = [
                "\n".join((name, t.summary, *t.tags, *t.purposes)).casefold()
                for name, t in zip(self._names, self.records, strict=True)
            ]
        return self._text, self._names

    def text_match(self, candidates: Iterable[int], terms: tuple[str, ...]) -> list[int]:
        text, _ = self._haystacks()
        return [p for p in candidates if all(term in text[p] for term in terms)]

    def in_name(self, p: int, terms: tuple[str, ...]) -> bool:
        _, names = self._haystacks()
        return all(term in names[p] for term in terms)

    def match(self, plan: "QueryPlan") -> list[int]:
        """Positions (in name order) of the techniques the plan allows."""
        required = plan.required
        if not required:
            return list(range(self.n))
        if plan.small:  # (inlined in TechniqueGraph.techniques)
            found = required[0].members
            for other in plan.others:  # a & b & c: no copy of the first set, as intersection makes
                found = found & other
            return sorted(found)
        bits = required[0].bits
        for r in required[1:]:
            bits &= r.bits
            if not bits:
                return []
        return _positions(bits)

    # --- resolving a query's arguments ---------------------------------------------

    def plan(self, asked: Mapping[str, object]) -> QueryPlan:
        """Resolve the arguments of a query, in the facets' order (the first bad one is reported)."""
        constraints = [self.constraint(f, asked.get(f.name)) for f in self.facets]
        return QueryPlan([c for c in constraints if c is not NO_CONSTRAINT], self.n)

    def constraint(self, f: Facet, value: object) -> Constraint:
        """Resolve one facet's argument: the techniques it allows and how it scores them."""
        if f.match == "fits":
            check_number(f, value)
            return NO_CONSTRAINT
        if f.values is bool:
            if value is None:
                return NO_CONSTRAINT
            if not isinstance(value, bool):  # a caller without type checking
                msg = f"{f.name} must be True or False, not {value!r}"
                raise CatalogueError(msg)
            return Constraint(self.values[f.name].get(value, NOTHING))
        if f.true_means_any and value is True:
            return Constraint(self.any_value[f.name])
        asked = query_values(value) if value is not False or not f.true_means_any else None
        if not asked:
            return NO_CONSTRAINT
        if f.match in ("at-least", "at-most"):
            ordered: type[_OrderedEnum] = f.values  # type: ignore[assignment]
            ranks = [parse_enum(ordered, v, f.noun).rank for v in asked]
            rank = min(ranks) if f.match == "at-least" else max(ranks)
            listed = self.listed.get(f.name)
            return Constraint(self.ranked[f.name][rank], 0, (listed[rank],) if listed else ())
        index = self.values[f.name]
        wanted: tuple[Any, ...]
        if isinstance(f.values, type) and issubclass(f.values, _OrderedEnum):
            wanted = tuple(dict.fromkeys(parse_enum(f.values, v, f.noun) for v in asked))
        elif f.values == "slug":
            wanted = self._slugs(f.noun, tuple(dict.fromkeys(asked)), index)
        else:
            wanted = self.reference_ids(str(f.values), asked, index)
        if f.match == "all":
            offered = [index.get(v, NOTHING) for v in wanted]
            members = set(offered[0].members).intersection(*(o.members for o in offered[1:]))
            bits = offered[0].bits
            for o in offered[1:]:
                bits &= o.bits
            return Constraint(Postings(members, bits))
        if f.scored:
            return _scored(index, wanted)
        found = [index[v] for v in wanted if v in index]
        return Constraint(_union(found) if found else NOTHING)

    def stage_ids(self, terms: tuple[Any, ...]) -> tuple[str, ...]:
        """Resolve stage ids, names, aliases or crosswalk terms into stage ids."""
        return self.reference_ids("stage", terms, self.stage)

    def reference_ids(
        self, kind_name: str, terms: tuple[Any, ...], index: Mapping[Any, Postings]
    ) -> tuple[str, ...]:
        """Resolve ids, names, aliases or (for a kind crosswalks map to) crosswalk terms into ids."""
        records = self._cat.of_kind(kind_name)
        out: dict[str, None] = {}
        for term in terms:
            term_id = term.id if isinstance(term, Record) and term.record_kind == kind_name else term
            if not isinstance(term_id, str):
                raise unknown(kind_name, term_id, records)
            if term_id in index or term_id in records:
                out[term_id] = None
                continue
            folded = term_id.casefold()
            match = next(
                (
                    r.id
                    for r in records.values()
                    if folded == r.name.casefold()
                    or folded in (a.casefold() for a in getattr(r, "aliases", ()))
                ),
                None,
            )
            if match is not None:
                out[match] = None
                continue
            more: Sequence[str] = ()
            if any(walk.target == kind_name for walk in self._cat.crosswalks.values()):
                try:
                    out.update(dict.fromkeys(self._cat.resolve(term_id, kind_name)))
                    continue
                except UnknownIdError as e:
                    more = e.suggestions
            raise unknown(kind_name, term_id, [*records, *index, *more])
        return tuple(out)

    @staticmethod
    def _slugs(what: str, terms: tuple[Any, ...], index: Mapping[str, Postings]) -> tuple[str, ...]:
        for term in terms:
            if term not in index:
                raise unknown(what, term, index)
        return terms
