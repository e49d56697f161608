"""The query index: inverted indexes over the techniques, and query arguments resolved.

:class:`Index` numbers the techniques in name order and maps every facet value to the
positions of its techniques (:class:`Postings`); :meth:`Index.plan` resolves a query's
arguments into a :class:`QueryPlan` of what to intersect and how to score.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs

from ._checks import MAX_AGE
from ._enums import _OrderedEnum
from ._errors import CatalogueError, UnknownIdError
from ._model import (
    Cost,
    Form,
    Format,
    Level,
    Mode,
    Record,
    Skill,
    Stage,
    Stakeholder,
    Technique,
    Timescale,
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


def check_numbers(group_size: object, age: object) -> None:
    if group_size is not None and type(group_size) is not int:
        msg = f"group_size must be a whole number of people, not {group_size!r}"
        raise CatalogueError(msg)
    if age is not None and (type(age) is not int or not 0 <= age <= MAX_AGE):
        msg = f"age must be a whole number of years from 0 to {MAX_AGE}, not {age!r}"
        raise CatalogueError(msg)


# --------------------------------------------------------------------------- coverage


class Index:
    """Inverted indexes over the techniques, one per facet: value -> :class:`Postings`.

    Techniques are numbered by position in name order (:attr:`records`); every facet
    value maps to the positions of its techniques, as a set and as a Python-int bitset.
    A query intersects the sets when one of them is small, and ANDs the bitsets when
    all are broad; either way the result comes out in name order with no sorting.
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
        stage: defaultdict[str, list[int]] = defaultdict(list)
        stakeholder: defaultdict[str, list[int]] = defaultdict(list)
        purpose: defaultdict[str, list[int]] = defaultdict(list)
        underserved: defaultdict[str, list[int]] = defaultdict(list)
        mode: defaultdict[Mode, list[int]] = defaultdict(list)
        form: defaultdict[Form, list[int]] = defaultdict(list)
        fmt: defaultdict[Format, list[int]] = defaultdict(list)
        internet: defaultdict[bool, list[int]] = defaultdict(list)
        level: list[list[int]] = [[] for _ in Level]
        listed: list[list[int]] = [[] for _ in Level]
        cost: list[list[int]] = [[] for _ in Cost]
        skill: list[list[int]] = [[] for _ in Skill]
        contributor_time: list[list[int]] = [[] for _ in Timescale]
        lead_time: list[list[int]] = [[] for _ in Timescale]
        any_underserved: list[int] = []
        for i, t in enumerate(order):
            for s in dict.fromkeys(t.stages):
                stage[s].append(i)
            for s in dict.fromkeys(t.stakeholders):
                stakeholder[s].append(i)
            for m in dict.fromkeys(t.modes):
                mode[m].append(i)
            for p in dict.fromkeys(t.purposes):
                purpose[p].append(i)
            if t.underserved:
                any_underserved.append(i)
                for u in dict.fromkeys(t.underserved):
                    underserved[u].append(i)
            if t.levels:
                level[max(t.levels).rank].append(i)
                for lv in dict.fromkeys(t.levels):
                    listed[lv.rank].append(i)
            if t.cost is not None:
                cost[t.cost.rank].append(i)
            if t.form is not None:
                form[t.form].append(i)
            if t.facilitation is not None:
                skill[t.facilitation.rank].append(i)
            if t.internet is not None:
                internet[t.internet].append(i)
            for f in dict.fromkeys(t.formats):
                fmt[f].append(i)
            if t.contributor_time is not None:
                contributor_time[t.contributor_time.rank].append(i)
            if t.lead_time is not None:
                lead_time[t.lead_time.rank].append(i)
        self.stage = _postings(stage)
        self.stakeholder = _postings(stakeholder)
        self.mode = _postings(mode)
        self.purpose = _postings(purpose)
        self.underserved = _postings(underserved)
        self.form = _postings(form)
        self.format = _postings(fmt)
        self.internet = _postings(internet)
        self.any_underserved = _postings({True: any_underserved}).get(True, NOTHING)
        #: ``level_at_least[r]``: techniques whose deepest level has rank >= r.
        self.level_at_least = self._ranks(_at_least(level))
        #: ``level_listed[r]``: techniques that list the level of rank r itself.
        self.level_listed = self._ranks(listed)
        #: ``cost_at_most[r]``: techniques whose cost band has rank <= r (and so on).
        self.cost_at_most = self._ranks(_at_most(cost))
        self.skill_at_most = self._ranks(_at_most(skill))
        self.contributor_time_at_most = self._ranks(_at_most(contributor_time))
        self.lead_time_at_most = self._ranks(_at_most(lead_time))
        self._text: list[str] | None = None
        self._names: list[str] | None = None

    @staticmethod
    def _ranks(lists: list[list[int]]) -> list[Postings]:
        found = _postings(dict(enumerate(lists)))
        return [found.get(rank, NOTHING) for rank in range(len(lists))]

    def ids_of(self, postings: Postings) -> set[str]:
        ids = self.ids
        return {ids[p] for p in postings.members}

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

    def stage_ids(self, terms: tuple[Any, ...]) -> tuple[str, ...]:
        out: dict[str, None] = {}
        for term in terms:
            term_id = term.id if isinstance(term, Stage) else term
            if not isinstance(term_id, str):
                raise unknown("stage", term_id, self._cat.stages)
            if term_id in self.stage or term_id in self._cat.stages:
                out[term_id] = None
                continue
            try:
                out.update(dict.fromkeys(self._cat.resolve(term_id)))
            except UnknownIdError as e:
                raise unknown("stage", term_id, [*self._cat.stages, *self.stage, *e.suggestions]) from None
        return tuple(out)

    def _stakeholder_ids(self, terms: tuple[Any, ...]) -> tuple[str, ...]:
        out: dict[str, None] = {}
        for term in terms:
            term_id = term.id if isinstance(term, Stakeholder) else term
            if not isinstance(term_id, str):
                raise unknown("stakeholder", term_id, self._cat.stakeholders)
            if term_id in self.stakeholder or term_id in self._cat.stakeholders:
                out[term_id] = None
                continue
            folded = term_id.casefold()
            match = next(
                (
                    s.id
                    for s in self._cat.stakeholders.values()
                    if folded == s.name.casefold() or folded in (a.casefold() for a in s.aliases)
                ),
                None,
            )
            if match is None:
                raise unknown("stakeholder", term_id, [*self._cat.stakeholders, *self.stakeholder])
            out[match] = None
        return tuple(out)

    @staticmethod
    def _slugs(what: str, terms: tuple[Any, ...], index: Mapping[str, Postings]) -> tuple[str, ...]:
        for term in terms:
            if term not in index:
                raise unknown(what, term, index)
        return terms

    def plan(  # noqa: PLR0917  (the query's own arguments, passed on as they are)
        self,
        stage: object,
        stakeholder: object,
        level: object,
        mode: object,
        cost: object,
        purpose: object,
        underserved: object,
        group_size: object,
        form: object,
        facilitation: object,
        internet: object,
        formats: object,
        age: object,
        contributor_time: object,
        lead_time: object,
    ) -> "QueryPlan":
        """Resolve the arguments of a query, in order (the first bad one is reported)."""
        facets = [
            self._stage_facet(stage),
            self._stakeholder_facet(stakeholder),
            self._level_facet(level),
            self._mode_facet(mode),
            self._cost_facet(cost),
            self._purpose_facet(purpose),
            self._underserved_facet(underserved),
        ]
        check_numbers(group_size, None)
        facets += [
            self._form_facet(form),
            self._facilitation_facet(facilitation),
            self._internet_facet(internet),
            self._formats_facet(formats),
        ]
        check_numbers(None, age)
        facets += [
            self._timescale_facet(contributor_time, self.contributor_time_at_most, "contributor time"),
            self._timescale_facet(lead_time, self.lead_time_at_most, "lead time"),
        ]
        return QueryPlan(facets, self.n)

    def _stage_facet(self, value: object) -> Constraint:
        stages = query_values(value)
        return _scored(self.stage, self.stage_ids(stages)) if stages else NO_CONSTRAINT

    def _stakeholder_facet(self, value: object) -> Constraint:
        people = query_values(value)
        return _scored(self.stakeholder, self._stakeholder_ids(people)) if people else NO_CONSTRAINT

    def _level_facet(self, value: object) -> Constraint:
        levels = query_values(value)
        if not levels:
            return NO_CONSTRAINT
        rank = min(parse_enum(Level, v, "level") for v in levels).rank
        return Constraint(self.level_at_least[rank], 0, (self.level_listed[rank],))

    def _mode_facet(self, value: object) -> Constraint:
        modes = query_values(value)
        if not modes:
            return NO_CONSTRAINT
        return _scored(self.mode, tuple(dict.fromkeys(parse_enum(Mode, v, "mode") for v in modes)))

    def _cost_facet(self, value: object) -> Constraint:
        costs = query_values(value)
        if not costs:
            return NO_CONSTRAINT
        return Constraint(self.cost_at_most[max(parse_enum(Cost, v, "cost") for v in costs).rank])

    def _purpose_facet(self, value: object) -> Constraint:
        purposes = query_values(value)
        if not purposes:
            return NO_CONSTRAINT
        index = self.purpose
        return _scored(index, self._slugs("purpose", tuple(dict.fromkeys(purposes)), index))

    def _underserved_facet(self, value: object) -> Constraint:
        if value is True:
            return Constraint(self.any_underserved)
        groups = query_values(value) if value is not False else None
        if not groups:
            return NO_CONSTRAINT
        index = self.underserved
        return _scored(index, self._slugs("under-served group", tuple(dict.fromkeys(groups)), index))

    def _form_facet(self, value: object) -> Constraint:
        forms = query_values(value)
        if not forms:
            return NO_CONSTRAINT
        wanted = dict.fromkeys(parse_enum(Form, v, "form") for v in forms)
        found = [self.form[f] for f in wanted if f in self.form]
        return Constraint(_union(found) if found else NOTHING)

    def _facilitation_facet(self, value: object) -> Constraint:
        if value is None:
            return NO_CONSTRAINT
        return Constraint(self.skill_at_most[parse_enum(Skill, value, "facilitation skill").rank])

    def _internet_facet(self, value: object) -> Constraint:
        if value is None:
            return NO_CONSTRAINT
        if not isinstance(value, bool):  # a caller without type checking
            msg = f"internet must be True or False, not {value!r}"
            raise CatalogueError(msg)
        return Constraint(self.internet.get(value, NOTHING))

    def _formats_facet(self, value: object) -> Constraint:
        wanted = query_values(value)
        if not wanted:
            return NO_CONSTRAINT
        offered = [self.format.get(f, NOTHING) for f in {parse_enum(Format, v, "format") for v in wanted}]
        members = set(offered[0].members).intersection(*(o.members for o in offered[1:]))
        bits = offered[0].bits
        for o in offered[1:]:
            bits &= o.bits
        return Constraint(Postings(members, bits))

    @staticmethod
    def _timescale_facet(value: object, at_most: list[Postings], what: str) -> Constraint:
        if value is None:
            return NO_CONSTRAINT
        return Constraint(at_most[parse_enum(Timescale, value, what).rank])
