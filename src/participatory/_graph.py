"""The technique graph: techniques linked to stages, people, resources and cases.

:class:`TechniqueGraph` answers the questions a researcher asks of a catalogue
("which techniques suit the design stage, involve carers and reach collaboration?")
from inverted indexes built once per graph, and offers the whole catalogue as a
networkx graph (:attr:`TechniqueGraph.nx`) for everything else.

networkx is imported only when something needs the networkx graph (``g.nx``,
``path``, ``draw``, exports); queries do not.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cached_property
from itertools import filterfalse
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ._errors import CatalogueError
from ._index import NOTHING, Index, query_values, unknown
from ._kinds import EDGE_KINDS, NODE_KINDS
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
)
from ._network import build_nx, graph_edges, node_attributes
from ._results import Table, TechniqueResults
from ._schema import LIST_SEPARATOR, node_key

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
    def _index(self) -> Index:
        return Index(self._cat)

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
        return build_nx(self._cat)

    def __repr__(self) -> str:
        cat = self._cat
        counts = ", ".join(f"{len(cat.of_kind(k))} {k}s" for k in NODE_KINDS if cat.of_kind(k))
        return f"<TechniqueGraph {cat.info.name!r}: {counts or 'empty'}>"

    def _repr_html_(self) -> str:
        from ._html._reprs import graph_html

        cat = self._cat
        nodes = [(k, len(cat.of_kind(k))) for k in NODE_KINDS]
        found = Counter(kind for _, _, kind in {(s, t, k) for s, t, k, _ in graph_edges(cat)})
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
            raise unknown(kind, rid, self._cat.of_kind(kind))
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
            raise unknown("technique", rid, self._cat.techniques)
        return tech

    # --- queries -----------------------------------------------------------------------

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
        **more: object,
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
        **more
            Facets declared with :func:`participatory.kinds.register_facet`, by name.

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
        asked: dict[str, object] = {
            "stage": stage,
            "stakeholder": stakeholder,
            "level": level,
            "mode": mode,
            "cost": cost,
            "group_size": group_size,
            "purpose": purpose,
            "underserved": underserved,
            "form": form,
            "facilitation": facilitation,
            "internet": internet,
            "formats": formats,
            "age": age,
            "contributor_time": contributor_time,
            "lead_time": lead_time,
        }
        if more:
            known = {f.name for f in index.facets}
            if wrong := sorted(more.keys() - known):
                msg = f"techniques() got an unexpected keyword argument {wrong[0]!r}"
                raise TypeError(msg)
            asked.update(more)
        # True and 1 are equal keys, but only True is valid: the type tells them apart.
        key: tuple[object, ...] | None = tuple(
            v if v.__class__ is not bool else (bool, v) for v in asked.values()
        )
        try:
            plan = index.plans.get(key)  # type: ignore[arg-type]
        except TypeError:  # an unhashable argument (a list): resolved every time
            plan, key = None, None
        if plan is None:
            plan = index.plan(asked)
            if key is not None:
                if len(index.plans) >= Index.CACHE_SIZE:
                    index.plans.clear()
                index.plans[key] = plan
        fits = [(f.field, asked[f.name]) for f in index.fitting if asked.get(f.name) is not None]
        records = index.records
        terms: tuple[str, ...] = tuple(text.casefold().split()) if text else ()
        bonuses = plan.bonuses
        if (found := plan.probe) is not None:  # match(), inlined: the hot path
            for other in plan.others:
                found = found & other
            if len(bonuses) == 1 and not fits and not terms:
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
        for field, number in fits:  # group size, age: the number is in the record's range
            positions = [
                p for p in positions if (span := getattr(records[p], field)) is not None and number in span
            ]
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
                found |= idx.get(value, NOTHING).members
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
        stages = set(self._index.stage_ids(query_values(stage) or ()))
        index = self._index
        techs = {tid for s in stages for tid in index.ids_of(index.stage.get(s, NOTHING))}
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
        """Return the graph in Graphviz DOT (refused above 500 edges, which Graphviz draws as a mesh)."""
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
        edges: "str | Iterable[str] | None" = None,
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
            Draw only these techniques and what they link to; a ``matrix`` or ``levels``
            picture has a row for each of them only (not for the techniques they pair with).
        stage : str or list of str, optional
            Draw only the graph of these stages (see :meth:`subgraph`).
        ax : matplotlib Axes, optional
            Where to draw; a new figure sized to fit is made when not given.
        labels : bool
            Label the nodes of the ``graph`` picture with their names.
        edges : str or list of str, optional
            Draw only these kinds of link in the ``graph`` picture (``"fits"``: the
            techniques and the stages they fit, titled by the stage when one is chosen);
            by default the kinds of node they join.

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

        return draw(
            self, kind, kinds=kinds, technique=technique, stage=stage, ax=ax, labels=labels, edges=edges
        )
