"""The technique graph: techniques linked to stages, people, resources and cases.

:class:`TechniqueGraph` answers the questions a researcher asks of a catalogue
("which techniques suit the design stage, involve carers and reach collaboration?")
from inverted indexes built once per graph, and offers the whole catalogue as a
networkx graph (:attr:`TechniqueGraph.nx`) for everything else.

networkx is imported only when something needs the networkx graph (``g.nx``,
``path``, ``draw``, exports); queries do not.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property
from itertools import filterfalse
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs

from ._checks import MAX_AGE
from ._errors import CatalogueError, UnknownIdError
from ._model import (
    Case,
    Cost,
    Form,
    Format,
    Level,
    Mode,
    Record,
    Resource,
    Skill,
    Stage,
    Stakeholder,
    Technique,
    Timescale,
    _OrderedEnum,
)
from ._results import Table, TechniqueResults
from ._schema import EDGE_KINDS, LINKS, LIST_SEPARATOR, NODE_KINDS, REFERENCES, nearest, node_key, suggestion

if TYPE_CHECKING:
    import networkx as nx

    from ._catalogue import Catalogue
    from ._usage import Outcomes

__all__ = [
    "EDGE_KINDS",
    "LIST_SEPARATOR",
    "NODE_KINDS",
    "Coverage",
    "TechniqueGraph",
    "node_attributes",
    "node_key",
]

E = TypeVar("E", bound=_OrderedEnum)

_RENAMED = {"id": "record_id", "kind": "resource_kind"}
_SKIPPED = {"sources"}
#: Range fields and the two attributes each becomes.
_RANGES = {"group_size": ("group_min", "group_max"), "ages": ("age_min", "age_max")}


def _scalar(value: object) -> object:
    """Flatten a field value into a scalar (``None`` for a value to leave out)."""
    if isinstance(value, _OrderedEnum):
        return value.value
    if isinstance(value, tuple):
        if not value:
            return None
        return LIST_SEPARATOR.join(str(_scalar(v)) for v in value)
    if value == "":
        return None
    return value


def node_attributes(rec: Record, catalogue: str = "") -> dict[str, Any]:
    """Return the scalar node attributes of a record.

    Every field except references (which become edges) and sources is kept; ``id``
    becomes ``record_id`` and a resource's ``kind`` becomes ``resource_kind`` (``kind``
    is the node kind). Lists are joined with :data:`LIST_SEPARATOR`, enums become their
    names, a group size becomes ``group_min`` and ``group_max`` (ages: ``age_min`` and
    ``age_max``), evidence of effectiveness its strength; empty values are left out.
    ``catalogue`` records which catalogue defined the record.
    """
    kind = rec.record_kind
    attrs_out: dict[str, Any] = {"kind": kind}
    skip = _SKIPPED | REFERENCES.get(kind, {}).keys()
    for field in attrs.fields(type(rec)):
        if field.name in skip:
            continue
        value = getattr(rec, field.name)
        if field.name in _RANGES:
            if value is not None:
                low, high = _RANGES[field.name]
                if value.min is not None:
                    attrs_out[low] = value.min
                if value.max is not None:
                    attrs_out[high] = value.max
            continue
        if field.name == "effectiveness":
            if value is not None:
                attrs_out["effectiveness"] = value.strength.value
            continue
        flat = _scalar(value)
        if flat is not None:
            attrs_out[_RENAMED.get(field.name, field.name)] = flat
    if isinstance(rec, Technique) and rec.levels:
        attrs_out["min_level"] = str(rec.min_level)
        attrs_out["max_level"] = str(rec.max_level)
    if catalogue:
        attrs_out["catalogue"] = catalogue
    return attrs_out


def _level_attributes(rec: Record) -> dict[str, Any]:
    if not isinstance(rec, Technique) or not rec.levels:
        return {}
    return {
        "levels": LIST_SEPARATOR.join(lv.value for lv in rec.levels),
        "min_level": str(rec.min_level),
        "max_level": str(rec.max_level),
    }


def _edges(cat: "Catalogue") -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """Yield ``(source, target, kind, attributes)`` for every link between records present."""
    for kind, field, edge, backwards in LINKS:
        source_kind, target_kind, _ = EDGE_KINDS[edge]
        other_kind = source_kind if backwards else target_kind
        for rec in cat.of_kind(kind).values():
            me = node_key(kind, rec.id)
            data = _level_attributes(rec) if edge == "fits" else {}
            for rid in getattr(rec, field):
                target = cat.get(rid)
                if target is None or target.record_kind != other_kind:
                    continue  # not in this catalogue (or not of the right kind): no edge
                other = node_key(other_kind, rid)
                yield (other, me, edge, data) if backwards else (me, other, edge, data)


class _NodeAttributes(Mapping[str, Any]):
    """A node's attributes in the networkx view: read from its record when asked for.

    Holding the record instead of a dict of copies keeps the view small (a few dozen
    bytes a node instead of a few kilobytes at 100 000 techniques); it reads like the
    dict of :func:`node_attributes` (``copy()`` returns that dict).
    """

    __slots__ = ("_catalogue", "_record")

    def __init__(self, record: Record, catalogue: str) -> None:
        self._record = record
        self._catalogue = catalogue

    def copy(self) -> dict[str, Any]:
        return node_attributes(self._record, self._catalogue)

    def __getitem__(self, key: str) -> Any:
        if key == "kind":  # the common questions, answered without building the dict
            return self._record.record_kind
        if key == "record_id":
            return self._record.id
        if key == "name":
            return self._record.name
        return self.copy()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.copy())

    def __len__(self) -> int:
        return len(self.copy())

    def __repr__(self) -> str:
        return repr(self.copy())


def _build_nx(cat: "Catalogue") -> "nx.MultiDiGraph[str]":
    """Build the networkx view, sharing what can be shared.

    Node attributes are read from the records (:class:`_NodeAttributes`); every edge's
    attribute dict, and every ``{key: attributes}`` dict of a pair of nodes, is shared
    with the edges that have the same attributes. The graph is frozen, so nothing can
    change one of them through networkx; it is what ``add_node`` and ``add_edge`` would
    build, at about a quarter of the memory.
    """
    import networkx as nx

    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(
        name=cat.info.name, catalogues=LIST_SEPARATOR.join(m.name for m in cat.members)
    )
    # Built in place, as add_node and add_edge would (see above).
    nodes: dict[str, Any] = graph._node  # type: ignore[attr-defined]
    succ: dict[str, dict[str, dict[str, Any]]] = vars(graph)["_succ"]
    pred: dict[str, dict[str, dict[str, Any]]] = vars(graph)["_pred"]
    for kind in NODE_KINDS:
        for rec in cat.of_kind(kind).values():
            key = node_key(kind, rec.id)
            nodes[key] = _NodeAttributes(rec, cat.origin(rec.id).catalogue)
            succ[key] = {}
            pred[key] = {}
    shared: dict[object, dict[str, Any]] = {}
    one: dict[str, str] = {key: key for key in nodes}  # one string per node key, however often used
    for edge in _edges(cat):
        source, target, kind, data = one[edge[0]], one[edge[1]], edge[2], edge[3]
        attributes = {"kind": kind, **data}
        attributes = shared.setdefault(("edge", *attributes.items()), attributes)
        keys = succ[source].get(target)
        if keys is None:
            keys = {kind: attributes}
        elif kind in keys:
            continue
        else:
            keys = {**keys, kind: attributes}
        keys = shared.setdefault(("keys", *((k, id(v)) for k, v in keys.items())), keys)
        succ[source][target] = keys
        pred[target][source] = keys
    frozen: nx.MultiDiGraph[str] = nx.freeze(graph)
    return frozen


# --------------------------------------------------------------------------- indexes


class _Postings:
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


_NOTHING: Final = _Postings(frozenset(), 0)


def _postings(lists: Mapping[Any, list[int]]) -> dict[Any, _Postings]:
    out = {}
    for value, positions in lists.items():
        if not positions:
            continue
        bits = bytearray((positions[-1] >> 3) + 1)
        for p in positions:
            bits[p >> 3] |= 1 << (p & 7)
        out[value] = _Postings(set(positions), int.from_bytes(bits, "little"))
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


class _Index:
    """Inverted indexes over the techniques, one per facet: value -> :class:`_Postings`.

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
        self.everything = _Postings(set(range(n)), (1 << n) - 1)
        self.plans: dict[tuple[object, ...], _Plan] = {}
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
        self.any_underserved = _postings({True: any_underserved}).get(True, _NOTHING)
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
    def _ranks(lists: list[list[int]]) -> list[_Postings]:
        found = _postings(dict(enumerate(lists)))
        return [found.get(rank, _NOTHING) for rank in range(len(lists))]

    def ids_of(self, postings: _Postings) -> set[str]:
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

    def match(self, plan: "_Plan") -> list[int]:
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


def _values(value: object) -> tuple[Any, ...] | None:
    """Normalise a query argument: ``None`` (not given), one value, or an iterable (any of)."""
    if value is None:
        return None
    if isinstance(value, str | _OrderedEnum | Record) or not isinstance(value, Iterable):
        return (value,)
    return tuple(value)


def _unknown(what: str, value: object, known: Iterable[str]) -> UnknownIdError:
    text = str(value)
    close = nearest(text, known) if isinstance(value, str) else None
    err = UnknownIdError(text, [close] if close else [])
    err.message = f"unknown {what} {text!r}{suggestion(close)}"
    return err


def _enum(cls: type[E], value: object, what: str) -> E:
    try:
        return cls.parse(value)  # type: ignore[arg-type]
    except (ValueError, TypeError):
        raise _unknown(what, value, [m.value for m in cls]) from None


def _union(postings: list[_Postings]) -> _Postings:
    if len(postings) == 1:
        return postings[0]
    bits = 0
    for p in postings:
        bits |= p.bits
    return _Postings(set().union(*(p.members for p in postings)), bits)


@attrs.frozen
class _Facet:
    """A query argument, resolved: the techniques it allows and how it scores them.

    ``constant`` points go to every match; each of ``bonuses`` gives one more point to
    the techniques in it.
    """

    allowed: _Postings | None
    constant: int = 0
    bonuses: tuple[_Postings, ...] = ()


def _scored(index: Mapping[Any, _Postings], values: tuple[Any, ...]) -> _Facet:
    """Resolve a facet asked with values (any of).

    With one value it scores a constant point; with several, a point per value held.
    """
    found = [index[v] for v in values if v in index]
    allowed = _union(found) if found else _NOTHING
    if len(values) == 1:
        return _Facet(allowed, 1)
    return _Facet(allowed, 0, tuple(found))


_NO_FACET: Final = _Facet(None)


class _Plan:
    """A query's arguments, resolved: what to intersect, how, and how to score."""

    __slots__ = ("bonuses", "constant", "others", "probe", "required", "small")

    def __init__(self, facets: list[_Facet], n: int) -> None:
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


def _check_numbers(group_size: object, age: object) -> None:
    if group_size is not None and type(group_size) is not int:
        msg = f"group_size must be a whole number of people, not {group_size!r}"
        raise CatalogueError(msg)
    if age is not None and (type(age) is not int or not 0 <= age <= MAX_AGE):
        msg = f"age must be a whole number of years from 0 to {MAX_AGE}, not {age!r}"
        raise CatalogueError(msg)


# --------------------------------------------------------------------------- coverage


@attrs.frozen(kw_only=True)
class Coverage:
    """Which stages and stakeholders a set of techniques covers, and which it misses.

    Parameters
    ----------
    techniques : tuple of str
        Ids of the techniques considered.
    stages_covered, stages_missed : tuple of str
        Stage ids, in research-cycle order.
    stakeholders_covered, stakeholders_missed : tuple of str
        Stakeholder ids, in catalogue order.
    """

    techniques: tuple[str, ...]
    stages_covered: tuple[str, ...]
    stages_missed: tuple[str, ...]
    stakeholders_covered: tuple[str, ...]
    stakeholders_missed: tuple[str, ...]

    def __str__(self) -> str:
        def line(label: str, ids: tuple[str, ...]) -> str:
            return f"{label}: {', '.join(ids) if ids else '(none)'}"

        return "\n".join(
            [
                f"Coverage of {len(self.techniques)} technique(s)",
                line("stages covered", self.stages_covered),
                line("stages missed", self.stages_missed),
                line("stakeholders covered", self.stakeholders_covered),
                line("stakeholders missed", self.stakeholders_missed),
            ]
        )

    def _repr_html_(self) -> str:
        from ._html._reprs import coverage_html

        return coverage_html(self)


# --------------------------------------------------------------------------- the graph


class TechniqueGraph:
    """A catalogue as a graph: techniques linked to stages, people, resources and cases.

    Build one with :meth:`Catalogue.graph() <participatory.Catalogue.graph>`. Queries
    (:meth:`techniques`, :meth:`similar`, :meth:`coverage`, ...) use inverted indexes
    built on first use; :attr:`nx` is the full networkx graph, built on first use.

    Parameters
    ----------
    catalogue : Catalogue
        The records to link. References to ids the catalogue does not hold (for
        example into a catalogue it ``extends`` but that was not merged in) make no
        edge.

    Examples
    --------
    >>> from participatory import Catalogue, Level, Stage, Technique
    >>> cat = Catalogue([
    ...     Stage(id="design", name="Design", order=2),
    ...     Technique(id="photovoice", name="Photovoice", stages=("design",), levels=(Level.INVOLVE,)),
    ... ])
    >>> g = cat.graph()
    >>> [t.id for t in g.techniques(stage="design", level="consult")]
    ['photovoice']
    """

    def __init__(self, catalogue: "Catalogue") -> None:
        self._cat = catalogue

    # --- basics ------------------------------------------------------------------------

    @property
    def catalogue(self) -> "Catalogue":
        """The catalogue the graph is built from."""
        return self._cat

    @cached_property
    def _index(self) -> _Index:
        return _Index(self._cat)

    @cached_property
    def nx(self) -> "nx.MultiDiGraph[str]":
        """The graph as a read-only (frozen) networkx ``MultiDiGraph``.

        Nodes are keyed ``"<kind>:<id>"`` (``"technique:photovoice"``) and carry scalar
        attributes (see :func:`node_attributes`), among them ``kind``. Edges are
        directed as in :data:`EDGE_KINDS`, and their networkx key is their kind, so
        ``G.edges["technique:photovoice", "stage:design", "fits"]`` reads one edge. A
        ``MultiDiGraph`` because two records may be linked in more than one way (a
        technique can both pair with and be the same as another). Mutating it raises
        ``NetworkXError``; use ``g.nx.copy()`` for a graph of your own.
        """
        return _build_nx(self._cat)

    def __repr__(self) -> str:
        cat = self._cat
        counts = ", ".join(f"{len(cat.of_kind(k))} {k}s" for k in NODE_KINDS if cat.of_kind(k))
        return f"<TechniqueGraph {cat.info.name!r}: {counts or 'empty'}>"

    def _repr_html_(self) -> str:
        from ._html._reprs import graph_html

        cat = self._cat
        nodes = [(k, len(cat.of_kind(k))) for k in NODE_KINDS]
        found = Counter(kind for _, _, kind in {(s, t, k) for s, t, k, _ in _edges(cat)})
        edges = [(k, found[k]) for k in EDGE_KINDS if found[k]]
        return graph_html(cat.info.title or cat.info.name, nodes, edges, repr(self))

    def node(self, ref: "str | Record") -> str:
        """Return the node key of a record, an id, or a node key.

        Raises
        ------
        UnknownIdError
            If no node has that key or id.
        """
        if isinstance(ref, Record):
            ref = ref.id
        kind, sep, rid = ref.partition(":")
        if sep and kind in NODE_KINDS:
            rec = self._cat.get(rid)
            if rec is not None and rec.record_kind == kind:
                return ref
            raise _unknown(kind, rid, self._cat.of_kind(kind))
        rec = self._cat[ref]
        if rec.record_kind not in NODE_KINDS:
            msg = f"{ref!r} is a {rec.record_kind}, which is not part of the graph"
            raise CatalogueError(msg)
        return node_key(rec.record_kind, rec.id)

    def record(self, ref: "str | Record") -> Record:
        """Return the record behind a node key or id."""
        return self._cat[self.node(ref).partition(":")[2]]

    def _technique(self, ref: "str | Technique") -> Technique:
        rid = ref.id if isinstance(ref, Record) else ref.removeprefix("technique:")
        tech = self._cat.techniques.get(rid)
        if tech is None:
            raise _unknown("technique", rid, self._cat.techniques)
        return tech

    # --- queries -----------------------------------------------------------------------

    def _stage_ids(self, terms: tuple[Any, ...]) -> tuple[str, ...]:
        out: dict[str, None] = {}
        for term in terms:
            term_id = term.id if isinstance(term, Stage) else term
            if not isinstance(term_id, str):
                raise _unknown("stage", term_id, self._cat.stages)
            if term_id in self._index.stage or term_id in self._cat.stages:
                out[term_id] = None
                continue
            try:
                out.update(dict.fromkeys(self._cat.resolve(term_id)))
            except UnknownIdError as e:
                raise _unknown(
                    "stage", term_id, [*self._cat.stages, *self._index.stage, *e.suggestions]
                ) from None
        return tuple(out)

    def _stakeholder_ids(self, terms: tuple[Any, ...]) -> tuple[str, ...]:
        out: dict[str, None] = {}
        for term in terms:
            term_id = term.id if isinstance(term, Stakeholder) else term
            if not isinstance(term_id, str):
                raise _unknown("stakeholder", term_id, self._cat.stakeholders)
            if term_id in self._index.stakeholder or term_id in self._cat.stakeholders:
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
                raise _unknown("stakeholder", term_id, [*self._cat.stakeholders, *self._index.stakeholder])
            out[match] = None
        return tuple(out)

    @staticmethod
    def _slugs(what: str, terms: tuple[Any, ...], index: Mapping[str, _Postings]) -> tuple[str, ...]:
        for term in terms:
            if term not in index:
                raise _unknown(what, term, index)
        return terms

    def techniques(
        self,
        *,
        stage: "str | Stage | Iterable[str | Stage] | None" = None,
        stakeholder: "str | Stakeholder | Iterable[str | Stakeholder] | None" = None,
        level: "str | Level | Iterable[str | Level] | None" = None,
        mode: "str | Mode | Iterable[str | Mode] | None" = None,
        cost: "str | Cost | Iterable[str | Cost] | None" = None,
        group_size: int | None = None,
        purpose: str | Iterable[str] | None = None,
        underserved: bool | str | Iterable[str] | None = None,
        text: str | None = None,
        limit: int | None = None,
        form: "str | Form | Iterable[str | Form] | None" = None,
        facilitation: "str | Skill | None" = None,
        internet: bool | None = None,
        formats: "str | Format | Iterable[str | Format] | None" = None,
        age: int | None = None,
        contributor_time: "str | Timescale | None" = None,
        lead_time: "str | Timescale | None" = None,
    ) -> TechniqueResults:
        """Find the techniques that match every condition given.

        Each argument left as ``None`` does not constrain; a list means "any of".

        Parameters
        ----------
        stage : str, Stage or list
            Stage ids, names, aliases or crosswalk terms (``"conducting"``, resolved
            with :meth:`Catalogue.resolve`): the technique suits one of them.
        stakeholder : str, Stakeholder or list
            Stakeholder ids, names or aliases: the technique involves one of them.
        level : str or Level, or list
            The technique reaches *at least* this level (its deepest level is this or
            deeper); with a list, at least the lowest of them.
        mode : str or Mode, or list
            ``in-person``, ``online`` or ``hybrid``: it can be run in one of them.
        cost : str or Cost, or list
            The technique costs *at most* this band (with a list, the highest).
            Techniques without a cost band are left out.
        group_size : int
            ``n`` people fit its typical group size. Techniques without one are left out.
        purpose, underserved : str or list
            It serves one of these purposes, or reaches one of these under-served
            groups; ``underserved=True`` means any under-served group.
        text : str
            Every word appears (case-insensitively) in its name, aliases, summary,
            tags or purposes.
        limit : int, optional
            Return at most this many.
        form : str or Form, or list
            ``approach``, ``method`` or ``tool``: it is one of them.
        facilitation : str or Skill
            It needs *at most* this facilitation skill (``none``, ``some``, ``specialist``).
        internet : bool
            ``False``: taking part needs no internet access (known not to); ``True``: it does.
        formats : str or Format, or list
            It is offered in *every* format given (``easy-read``, ``bsl``, ``welsh``, ...).
        age : int
            Someone of this age fits the ages it suits. Techniques without ages are left out.
        contributor_time, lead_time : str or Timescale
            It asks *at most* this much of each contributor, or takes at most this long
            to prepare. Techniques without the value are left out.

        Returns
        -------
        TechniqueResults
            Best fit first, then by name. The score of a technique is the number of the
            values asked for (stages, stakeholders, modes, purposes, under-served groups)
            that it has, plus 1 when it lists the level asked for itself (not only a
            deeper one), plus 1 when every word of ``text`` is in its name or aliases.

        Raises
        ------
        UnknownIdError
            For a stage, stakeholder, level, mode, cost, purpose or under-served group
            that the catalogue does not know; the message suggests the nearest one.
        """
        index = self._index
        key: tuple[object, ...] | None = (
            stage,
            stakeholder,
            level,
            mode,
            cost,
            purpose,
            # True and 1 are equal keys, but only True is valid: the type tells them apart.
            underserved if underserved is None else (type(underserved), underserved),
            form,
            facilitation,
            internet if internet is None else (type(internet), internet),
            formats,
            contributor_time,
            lead_time,
        )
        try:
            plan = index.plans.get(key)  # type: ignore[arg-type]
        except TypeError:  # an unhashable argument (a list): resolved every time
            plan, key = None, None
        if plan is None:
            plan = self._plan(
                stage, stakeholder, level, mode, cost, purpose, underserved, group_size,
                form, facilitation, internet, formats, age, contributor_time, lead_time,
            )  # fmt: skip
            if key is not None:
                if len(index.plans) >= _Index.CACHE_SIZE:
                    index.plans.clear()
                index.plans[key] = plan
        elif group_size is not None or age is not None:
            _check_numbers(group_size, age)
        records = index.records
        terms: tuple[str, ...] = tuple(text.casefold().split()) if text else ()
        bonuses = plan.bonuses
        if (found := plan.probe) is not None:  # match(), inlined: the hot path
            for other in plan.others:
                found = found & other
            if len(bonuses) == 1 and group_size is None and age is None and not terms:
                # The common query (a level asked for): two score bands, by set operations.
                high_set = found & bonuses[0].members
                high = sorted(high_set)
                order = high + sorted(found - high_set) if len(high) < len(found) else high
                if limit is not None:
                    order = order[: max(limit, 0)]
                    high = high[: len(order)]
                constant = plan.constant
                scores: tuple[int, ...] = (constant + 1,) * len(high) + (constant,) * (len(order) - len(high))
                return TechniqueResults._of(tuple(map(records.__getitem__, order)), scores, index.stages)
            positions = sorted(found)
        else:
            positions = index.match(plan)
        if group_size is not None:
            positions = [
                p for p in positions if (size := records[p].group_size) is not None and group_size in size
            ]
        if age is not None:
            positions = [p for p in positions if (ages := records[p].ages) is not None and age in ages]
        if terms:
            positions = index.text_match(positions, terms)
        constant = plan.constant
        if not bonuses and not terms:
            order = positions if limit is None else positions[: max(limit, 0)]
            scores = (constant,) * len(order)
        elif len(bonuses) == 1 and not terms:  # e.g. the level: two bands, each in name order
            held = bonuses[0].members.__contains__
            high = list(filter(held, positions))
            order = high + list(filterfalse(held, positions)) if high else positions
            if limit is not None:
                order = order[: max(limit, 0)]
                high = high[: len(order)]
            scores = (constant + 1,) * len(high) + (constant,) * (len(order) - len(high))
        else:
            # Score in bulk with set operations; a stable sort by score keeps name order.
            points = dict.fromkeys(positions, constant)
            for bonus in bonuses:
                for p in points.keys() & bonus.members:
                    points[p] += 1
            for p in positions if terms else ():
                if index.in_name(p, terms):
                    points[p] += 1
            ranked = sorted(points.items(), key=lambda item: -item[1])
            if limit is not None:
                ranked = ranked[: max(limit, 0)]
            order = [p for p, _ in ranked]
            scores = tuple(n for _, n in ranked)
        return TechniqueResults._of(tuple(map(records.__getitem__, order)), scores, index.stages)

    def _plan(  # noqa: PLR0917  (the query's own arguments, passed on as they are)
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
    ) -> "_Plan":
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
        _check_numbers(group_size, None)
        facets += [
            self._form_facet(form),
            self._facilitation_facet(facilitation),
            self._internet_facet(internet),
            self._formats_facet(formats),
        ]
        _check_numbers(None, age)
        facets += [
            self._timescale_facet(contributor_time, self._index.contributor_time_at_most, "contributor time"),
            self._timescale_facet(lead_time, self._index.lead_time_at_most, "lead time"),
        ]
        return _Plan(facets, self._index.n)

    def _stage_facet(self, value: object) -> _Facet:
        stages = _values(value)
        return _scored(self._index.stage, self._stage_ids(stages)) if stages else _NO_FACET

    def _stakeholder_facet(self, value: object) -> _Facet:
        people = _values(value)
        return _scored(self._index.stakeholder, self._stakeholder_ids(people)) if people else _NO_FACET

    def _level_facet(self, value: object) -> _Facet:
        levels = _values(value)
        if not levels:
            return _NO_FACET
        rank = min(_enum(Level, v, "level") for v in levels).rank
        return _Facet(self._index.level_at_least[rank], 0, (self._index.level_listed[rank],))

    def _mode_facet(self, value: object) -> _Facet:
        modes = _values(value)
        if not modes:
            return _NO_FACET
        return _scored(self._index.mode, tuple(dict.fromkeys(_enum(Mode, v, "mode") for v in modes)))

    def _cost_facet(self, value: object) -> _Facet:
        costs = _values(value)
        if not costs:
            return _NO_FACET
        return _Facet(self._index.cost_at_most[max(_enum(Cost, v, "cost") for v in costs).rank])

    def _purpose_facet(self, value: object) -> _Facet:
        purposes = _values(value)
        if not purposes:
            return _NO_FACET
        index = self._index.purpose
        return _scored(index, self._slugs("purpose", tuple(dict.fromkeys(purposes)), index))

    def _underserved_facet(self, value: object) -> _Facet:
        if value is True:
            return _Facet(self._index.any_underserved)
        groups = _values(value) if value is not False else None
        if not groups:
            return _NO_FACET
        index = self._index.underserved
        return _scored(index, self._slugs("under-served group", tuple(dict.fromkeys(groups)), index))

    def _form_facet(self, value: object) -> _Facet:
        forms = _values(value)
        if not forms:
            return _NO_FACET
        wanted = dict.fromkeys(_enum(Form, v, "form") for v in forms)
        found = [self._index.form[f] for f in wanted if f in self._index.form]
        return _Facet(_union(found) if found else _NOTHING)

    def _facilitation_facet(self, value: object) -> _Facet:
        if value is None:
            return _NO_FACET
        return _Facet(self._index.skill_at_most[_enum(Skill, value, "facilitation skill").rank])

    def _internet_facet(self, value: object) -> _Facet:
        if value is None:
            return _NO_FACET
        if not isinstance(value, bool):  # a caller without type checking
            msg = f"internet must be True or False, not {value!r}"
            raise CatalogueError(msg)
        return _Facet(self._index.internet.get(value, _NOTHING))

    def _formats_facet(self, value: object) -> _Facet:
        wanted = _values(value)
        if not wanted:
            return _NO_FACET
        offered = [self._index.format.get(f, _NOTHING) for f in {_enum(Format, v, "format") for v in wanted}]
        members = set(offered[0].members).intersection(*(o.members for o in offered[1:]))
        bits = offered[0].bits
        for o in offered[1:]:
            bits &= o.bits
        return _Facet(_Postings(members, bits))

    @staticmethod
    def _timescale_facet(value: object, at_most: list[_Postings], what: str) -> _Facet:
        if value is None:
            return _NO_FACET
        return _Facet(at_most[_enum(Timescale, value, what).rank])

    def stages_for(self, technique: "str | Technique") -> tuple[Stage, ...]:
        """Return the stages a technique suits, in research-cycle order (only those in the catalogue)."""
        tech = self._technique(technique)
        return tuple(s for sid, s in self._cat.stages.items() if sid in tech.stages)

    def resources_for(self, technique: "str | Technique") -> tuple[Resource, ...]:
        """Return the resources that support a technique (named by either record)."""
        tech = self._technique(technique)
        resources = self._cat.resources
        return tuple(resources[r] for r in self._index.resources_of.get(tech.id, {}) if r in resources)

    def cases_for(self, technique: "str | Technique") -> tuple[Case, ...]:
        """Return the cases that used a technique."""
        tech = self._technique(technique)
        return tuple(self._cat.cases[c] for c in self._index.cases_of.get(tech.id, {}))

    @staticmethod
    def _features(t: Technique) -> set[str]:
        return (
            {f"stage:{s}" for s in t.stages}
            | {f"stakeholder:{s}" for s in t.stakeholders}
            | {f"purpose:{p}" for p in t.purposes}
        )

    def similar(self, technique: "str | Technique", n: int = 5) -> TechniqueResults:
        """Return the ``n`` techniques most like one, by shared stages, stakeholders and purposes.

        The score is the Jaccard index of the two techniques' features: the number of
        stages, stakeholders and purposes they share divided by the number either has
        (1.0 for the same features, 0.0 for none shared). Only techniques sharing at
        least one feature are returned; ties are ordered by name.
        """
        tech = self._technique(technique)
        mine = self._features(tech)
        index = self._index
        found: set[int] = set()
        for field, idx in (
            ("stages", index.stage),
            ("stakeholders", index.stakeholder),
            ("purposes", index.purpose),
        ):
            for value in getattr(tech, field):
                found |= idx.get(value, _NOTHING).members
        found.discard(index.position[tech.id])
        techniques = self._cat.techniques
        scored: list[tuple[float, str]] = []
        for p in found:
            tid = index.ids[p]
            theirs = self._features(techniques[tid])
            scored.append((len(mine & theirs) / len(mine | theirs), tid))
        scored.sort(key=lambda p: (-p[0], index.position[p[1]]))
        top = scored[: max(n, 0)]
        return TechniqueResults(
            [techniques[tid] for _, tid in top],
            [round(s, 3) for s, _ in top],
            stages=self._cat.stages,
            title=f"Techniques similar to {tech.name}",
        )

    def coverage(self, techniques: "Iterable[str | Technique]") -> Coverage:
        """Which stages and stakeholders a set of techniques covers, and which it misses."""
        techs = [self._technique(t) for t in techniques]
        stages = {s for t in techs for s in t.stages}
        people = {s for t in techs for s in t.stakeholders}
        return Coverage(
            techniques=tuple(t.id for t in techs),
            stages_covered=tuple(s for s in self._cat.stages if s in stages),
            stages_missed=tuple(s for s in self._cat.stages if s not in stages),
            stakeholders_covered=tuple(s for s in self._cat.stakeholders if s in people),
            stakeholders_missed=tuple(s for s in self._cat.stakeholders if s not in people),
        )

    def versatile(self, n: int = 10) -> TechniqueResults:
        """Return the ``n`` most versatile techniques, by degree centrality.

        The score is a technique's degree centrality in the technique-stage-stakeholder
        graph: the share of the catalogue's stages and stakeholders it is linked to
        (1.0 for a technique that suits every stage and involves everyone).
        """
        cat = self._cat
        total = len(cat.stages) + len(cat.stakeholders)
        scored = [
            (
                (sum(s in cat.stages for s in t.stages) + sum(s in cat.stakeholders for s in t.stakeholders))
                / total
                if total
                else 0.0,
                tid,
            )
            for tid, t in cat.techniques.items()
        ]
        position = self._index.position
        scored.sort(key=lambda p: (-p[0], position[p[1]]))
        top = scored[: max(n, 0)]
        return TechniqueResults(
            [cat.techniques[tid] for _, tid in top],
            [round(s, 3) for s, _ in top],
            stages=cat.stages,
            title="Most versatile techniques",
        )

    def path(self, a: "str | Record", b: "str | Record") -> tuple[str, ...]:
        """Return the shortest path between two nodes, ignoring edge direction.

        Parameters
        ----------
        a, b : str or Record
            Node keys (``"technique:photovoice"``), ids or records.

        Returns
        -------
        tuple of str
            Node keys from ``a`` to ``b``; empty when they are not connected.
        """
        import networkx as nx

        source, target = self.node(a), self.node(b)
        try:
            return tuple(nx.shortest_path(self.nx.to_undirected(as_view=True), source, target))
        except nx.NetworkXNoPath:
            return ()

    def links(self, ref: "str | Record") -> dict[str, tuple[str, ...]]:
        """Return the records linked to one, grouped by relation.

        Keys are edge kinds for outgoing edges (``"fits"``) and ``"<kind> (from)"``
        for incoming ones (``"fits (from)"`` on a stage lists the techniques that fit
        it); values are ids.
        """
        key = self.node(ref)
        graph = self.nx
        out: dict[str, list[str]] = defaultdict(list)
        for _, target, kind in graph.out_edges(key, keys=True):
            out[kind].append(target.partition(":")[2])
        for source, _, kind in graph.in_edges(key, keys=True):
            out[f"{kind} (from)"].append(source.partition(":")[2])
        return {k: tuple(v) for k, v in out.items()}

    def subgraph(self, *, stage: "str | Stage | Iterable[str | Stage]") -> "TechniqueGraph":
        """Return the graph of one stage (or several).

        It holds the stage, the techniques that fit it, and the stakeholders,
        resources and cases linked to those techniques.

        Returns
        -------
        TechniqueGraph
            Over a filtered catalogue; other stages are left out.
        """
        stages = set(self._stage_ids(_values(stage) or ()))
        index = self._index
        techs = {tid for s in stages for tid in index.ids_of(index.stage.get(s, _NOTHING))}
        cases = {c for tid in techs for c in self._index.cases_of.get(tid, {})}
        resources = {r for tid in techs for r in self._index.resources_of.get(tid, {})}

        def keep(rec: Record) -> bool:
            kind = rec.record_kind
            if kind == "stage":
                return rec.id in stages
            if kind == "technique":
                return rec.id in techs
            if kind == "case":
                return rec.id in cases
            if kind == "resource":
                return rec.id in resources
            return kind == "stakeholder"

        return TechniqueGraph(self._cat.filter(keep))

    def usage(self, by: str = "stakeholder", *, technique: "str | None" = None) -> Table:
        """Which techniques are used, and by whom: distinct cases and organisations per group.

        A technique is used by every case that lists it, and by every organisation that
        lists it or ran or took part in such a case. Each (technique, group) row counts
        the distinct cases and the distinct organisations, so an organisation linked to
        a technique in several ways counts once.

        Parameters
        ----------
        by : {"sector", "country", "stakeholder", "stage", "organisation", "case-year"}
            What to group by: an organisation's sector, country or id, the stakeholders
            involved (an organisation's: those it represents), the stage, the case's year.
        technique : str, optional
            Only this technique (and the techniques ``same_as`` links to it).

        Returns
        -------
        Table
            Columns ``technique``, ``<by>``, ``cases``, ``organisations`` and
            ``same_as`` (the technique's equivalents, reported beside it, never merged
            into it), most used first; ``.to_dataframe().pivot_table(...)`` makes a matrix.

        Examples
        --------
        >>> import participatory as pr
        >>> cat = pr.Catalogue([
        ...     pr.Technique(id="jury", name="Jury"),
        ...     pr.Organisation(id="trust", name="A trust", sector=pr.Sector.HEALTH_OR_CARE_PROVIDER),
        ...     pr.Case(id="c1", name="C1", techniques=("jury",), organisations=("trust",)),
        ... ])
        >>> cat.graph().usage(by="sector").to_records()[0]["organisations"]
        1
        """
        from ._usage import usage_order, usage_rows

        rows = usage_rows(self._cat, by, technique)
        columns = ("technique", by, "cases", "organisations", "same_as")
        title = f"Technique use by {by}, from cases and organisations"
        return Table(columns, rows, title=title, order=usage_order(self._cat, by))

    def outcomes(self, technique: "str | Technique") -> "Outcomes":
        """Roll up what the cases that used ``technique`` say changed.

        Returns
        -------
        Outcomes
            How many cases used it, how many were formally evaluated, the kinds of
            change most often reported, and the outcomes in the cases' words; its text
            reads "used in 42 cases, 9 formally evaluated, most often changing policy".
        """
        from ._usage import outcomes

        return outcomes(self._cat, self._technique(technique).id)

    # --- out ---------------------------------------------------------------------------

    def export(
        self,
        format: str,  # noqa: A002
        path: "str | Path",
        *,
        overwrite: bool = False,
        **narrow: Any,
    ) -> Path:
        """Write the graph to ``path`` in ``format`` (atomically); see :data:`EXPORTS`.

        Formats: ``node-link`` (JSON), ``graphml``, ``gexf``, ``csv`` (``path`` is a
        directory that gets ``nodes.csv``, ``edges.csv`` and ``catalogue.csv``),
        ``jsonld``, ``mermaid`` and ``dot``. Every format keeps each record's sources and
        the catalogue's licence and version. ``stage=``, ``technique=``, ``kinds=`` and
        ``max_edges=`` narrow the graph (see ``participatory export --help``). An existing
        output is replaced only with ``overwrite=True``.
        """
        from ._export import export

        return export(self, format, path, overwrite=overwrite, **narrow)

    def render(self, format: str, **narrow: Any) -> str:  # noqa: A002
        """Return the graph as text in a single-file format, with the same options as :meth:`export`."""
        from ._export import render

        return render(self, format, **narrow)

    def to_node_link(self, **narrow: Any) -> dict[str, Any]:
        """Return the graph as node-link data (edges under ``"edges"``, with a format version)."""
        import json

        data: dict[str, Any] = json.loads(self.render("node-link", **narrow))
        return data

    def to_mermaid(self, **narrow: Any) -> str:
        """Return the graph as a Mermaid flowchart (refused above Mermaid's 500 edges: narrow it)."""
        return self.render("mermaid", **narrow)

    def to_dot(self, **narrow: Any) -> str:
        """Return the graph in Graphviz DOT."""
        return self.render("dot", **narrow)

    def draw(
        self,
        kind: str = "graph",
        *,
        kinds: Iterable[str] | None = None,
        technique: "str | Iterable[str] | None" = None,
        stage: "str | Iterable[str] | None" = None,
        ax: Any = None,
        labels: bool = True,
    ) -> Any:
        """Draw the graph, a stage-by-technique matrix, or the levels of each technique.

        Labels never overlap nor leave the figure, which grows with what it shows; the
        title says what is drawn. Needs matplotlib (``pip install participatory[plot]``).

        Parameters
        ----------
        kind : {"graph", "matrix", "levels"}
            ``graph``: stages in research order as columns, techniques above the
            stages they fit, stakeholders below, resources and cases above the
            techniques. ``matrix``: techniques by stages, coloured by the deepest
            level reached. ``levels``: the range of levels of each technique.
        kinds : iterable of str, optional
            Kinds of node in the ``graph`` picture; by default stages, techniques and
            stakeholders (every kind around a ``technique``).
        technique : str or list of str, optional
            Draw only these techniques and what they link to.
        stage : str or list of str, optional
            Draw only the graph of these stages (see :meth:`subgraph`).
        ax : matplotlib Axes, optional
            Where to draw; a new figure sized to fit is made when not given.
        labels : bool
            Label the nodes of the ``graph`` picture with their names.

        Returns
        -------
        matplotlib.figure.Figure

        Raises
        ------
        CatalogueError
            If matplotlib is missing, or ``kind``, ``kinds``, ``technique`` or
            ``stage`` names nothing known.
        """
        from ._draw import draw

        return draw(self, kind, kinds=kinds, technique=technique, stage=stage, ax=ax, labels=labels)
