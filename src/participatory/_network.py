"""The catalogue as a networkx graph: node attributes from records, edges from references.

networkx is imported only inside :func:`build_nx`, so importing this module stays cheap.
"""

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ._enums import _OrderedEnum
from ._kinds import EDGE_KINDS, LINKS, NODE_KINDS, REFERENCES
from ._model import (
    Record,
    Technique,
)
from ._schema import LIST_SEPARATOR, node_key

if TYPE_CHECKING:
    import networkx as nx

    from ._catalogue import Catalogue

__all__ = ["LIST_SEPARATOR", "build_nx", "graph_edges", "node_attributes", "node_key"]

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


def graph_edges(cat: "Catalogue") -> Iterator[tuple[str, str, str, dict[str, Any]]]:
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


#: The node whose attributes were built last, and them (see :meth:`_NodeAttributes._last`).
_LAST: list[Any] = [None, None]


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

    def _last(self) -> dict[str, Any]:
        """Return the attributes, kept for the node asked last: ``dict(view)`` reads each key in turn."""
        last = _LAST
        if last[0] is not self:
            last[:] = [self, self.copy()]  # (records are frozen: the dict is never stale)
        made: dict[str, Any] = last[1]
        return made

    def __getitem__(self, key: str) -> Any:
        if key == "kind":  # the common questions, answered without building the dict
            return self._record.record_kind
        if key == "record_id":
            return self._record.id
        if key == "name":
            return self._record.name
        return self._last()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._last())

    def __len__(self) -> int:
        return len(self._last())

    def __repr__(self) -> str:
        return repr(self.copy())


def build_nx(cat: "Catalogue") -> "nx.MultiDiGraph[str]":
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
    for edge in graph_edges(cat):
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
