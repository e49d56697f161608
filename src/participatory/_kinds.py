"""Record kinds and query facets, declared once: every surface derives from these.

A :class:`Kind` says everything the package needs to know about one kind of record: its
attrs class, its TOML table, its plural and the folder of its web pages, its schema.org
type, which fields reference which kinds (and the graph edges they make), which fields
are translatable text, how it is named to people, how its records are sorted and how it
is drawn. A :class:`Facet` says the same of one way of filtering techniques: the field
it reads, its values, how it matches, its label, its command-line option and its filter
on the website.

The loader, the catalogue, the checks, the JSON Schema, the graph and its exports, the
drawings, the website and the command line all read :func:`kinds` and :func:`facets`
(or the tables derived from them below, which follow registrations). Adding a kind to
the package is its attrs class in ``_model`` plus one :class:`Kind` in :data:`BUILT_IN`;
a plugin or a test adds one with :func:`register_kind` (a context manager that undoes
itself), and a facet with :func:`register_facet`.
"""

import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import Any, Final, Self, TypeVar, overload

import attrs

from ._community import COMMUNITY_FACETS, Answer, Opportunity
from ._declare import AGE_BANDS, GROUP_SIZES, PLAIN_COLOURS, Edge, Facet, Kind
from ._enums import Cost, Form, Format, Level, Mode, Skill, Timescale
from ._errors import CatalogueError
from ._i18n import N_
from ._model import (
    Case,
    Checklist,
    Crosswalk,
    Organisation,
    PaymentPolicy,
    Record,
    Resource,
    Stage,
    Stakeholder,
    Technique,
)
from ._schema import MAX_AGE, did_you_mean, is_slug

__all__ = [
    "AGE_BANDS",
    "BUILT_IN",
    "BUILT_IN_FACETS",
    "EDGE_KINDS",
    "GROUP_SIZES",
    "KINDS",
    "KINDS_BY_CLASS",
    "LINKS",
    "NODE_COLOURS",
    "NODE_KINDS",
    "PLAIN_COLOURS",
    "REFERENCES",
    "Declared",
    "Derived",
    "DerivedTuple",
    "Edge",
    "Facet",
    "Kind",
    "facet",
    "facets",
    "format_reference",
    "generation",
    "kind",
    "kind_of",
    "kinds",
    "register_facet",
    "register_kind",
]

# --------------------------------------------------------------------------- the built-in kinds

#: The package's own kinds, in the order their tables are written and their nodes added.
BUILT_IN: Final[tuple[Kind, ...]] = (
    Kind(
        cls=Stage,
        plural="stages",
        schema_type="DefinedTerm",
        also=("skos:Concept",),
        label=N_("Research stage"),
        label_plural=N_("Research stages"),
        colour=("#fde68a", "#92400e"),
        sort_key=lambda s: (s.order, s.id),
        translatable=("name", "summary", "plain", "aliases", "steps", "questions"),
    ),
    Kind(
        cls=Stakeholder,
        plural="stakeholders",
        schema_type="Audience",
        also=("skos:Concept",),
        label=N_("Group of people"),
        label_plural=N_("People to involve"),
        colour=("#bbf7d0", "#14532d"),
        translatable=(
            "name",
            "summary",
            "plain",
            "aliases",
            "take_part",
            "expect",
            "payment",
            "support",
            "stopping",
            "to_do",
        ),
    ),
    Kind(
        cls=Technique,
        plural="techniques",
        schema_type="HowTo",
        label=N_("Technique"),
        label_plural=N_("Techniques"),
        colour=("#bfdbfe", "#1e3a8a"),
        references={
            "stages": "stage",
            "stakeholders": "stakeholder",
            "resources": "resource",
            "pairs_with": "technique",
            "same_as": "technique",
        },
        edges={
            "stages": Edge(
                name="fits", meaning="the technique suits the stage (edge carries the levels it reaches)"
            ),
            "stakeholders": Edge(name="involves", meaning="the technique typically involves the stakeholder"),
            "resources": Edge(name="supported-by", meaning="a resource supports the technique"),
            "pairs_with": Edge(name="pairs-with", meaning="the technique combines well with the other"),
            "same_as": Edge(name="same-as", meaning="the same technique in another catalogue"),
        },
        translatable=(
            "name",
            "summary",
            "plain",
            "aliases",
            "strengths",
            "limitations",
            "accessibility",
            "how_to",
        ),
    ),
    Kind(
        cls=Resource,
        plural="resources",
        schema_type="LearningResource",
        label=N_("Resource"),
        label_plural=N_("Resources"),
        colour=("#e9d5ff", "#581c87"),
        references={"techniques": "technique", "stages": "stage", "audience": "stakeholder"},
        edges={
            "techniques": Edge(
                name="supported-by", meaning="a resource supports the technique", backwards=True
            ),
            "stages": Edge(name="supports", meaning="the resource supports work at the stage"),
            "audience": Edge(name="written-for", meaning="the resource is written for the stakeholder"),
        },
    ),
    Kind(
        cls=Case,
        plural="cases",
        schema_type="Project",
        also=("prov:Activity",),
        label=N_("Case story"),
        label_plural=N_("Case stories"),
        colour=("#fecaca", "#7f1d1d"),
        references={
            "techniques": "technique",
            "stages": "stage",
            "stakeholders": "stakeholder",
            "organisations": "organisation",
        },
        edges={
            "techniques": Edge(name="used-in", meaning="a real case used the technique", backwards=True),
            "stages": Edge(name="at-stage", meaning="the case involved people at the stage"),
            "stakeholders": Edge(name="involved", meaning="the case involved the stakeholder"),
            "organisations": Edge(
                name="ran", meaning="the organisation ran or took part in the case", backwards=True
            ),
        },
    ),
    Kind(
        cls=Organisation,
        plural="organisations",
        schema_type="Organization",
        also=("prov:Agent",),
        label=N_("Organisation"),
        label_plural=N_("Organisations"),
        colour=("#fed7aa", "#7c2d12"),
        references={
            "techniques": "technique",
            "stakeholders": "stakeholder",
            "collaborate_techniques": "technique",
            "collaborate_stages": "stage",
        },
        edges={
            "techniques": Edge(name="uses", meaning="the organisation uses the technique"),
            "stakeholders": Edge(
                name="represents", meaning="the organisation represents or works with the stakeholder"
            ),
            "collaborate_techniques": Edge(
                name="open-to", meaning="the organisation is open to collaborate on the technique"
            ),
            "collaborate_stages": Edge(
                name="open-to-stage", meaning="the organisation is open to collaborate at the stage"
            ),
        },
        field_labels={
            "techniques": N_("Techniques it uses"),
            "stakeholders": N_("People it works with"),
            "url": N_("Its website"),
            "collaborate_on": N_("Open to collaborate on"),
            "collaborate_techniques": N_("Techniques it is open to collaborate on"),
            "collaborate_stages": N_("Research stages it is open to collaborate on"),
            "contact": N_("How to reach it about working together"),
        },
    ),
    Kind(
        cls=Opportunity,
        plural="opportunities",
        schema_type="Event",
        label=N_("Opportunity"),
        label_plural=N_("Opportunities"),
        colour=("#ccfbf1", "#134e4a"),
        references={
            "organisations": "organisation",
            "techniques": "technique",
            "stages": "stage",
            "stakeholders": "stakeholder",
        },
        edges={
            "organisations": Edge(
                name="offers", meaning="the organisation offers the opportunity", backwards=True
            ),
            "techniques": Edge(name="opportunity-uses", meaning="the opportunity uses the technique"),
            "stages": Edge(name="opportunity-at", meaning="the opportunity is about the stage"),
            "stakeholders": Edge(name="seeks", meaning="the opportunity seeks the stakeholder"),
        },
        translatable=("name", "summary", "plain", "support", "eligibility", "content_warning"),
        sort_key=lambda o: (o.closes, o.name.casefold(), o.id),
        template="opportunity.html",
        index_template="board.html",
        field_labels={
            "kind": N_("What it offers"),
            "closes": N_("Closing date"),
            "stakeholders": N_("People sought"),
            "level": N_("Depth of involvement"),
            "commitment": N_("Time asked"),
            "apply": N_("How to apply"),
            "adjustments": N_("Who to ask about adjustments"),
        },
    ),
    Kind(
        cls=Answer,
        plural="answers",
        schema_type="Question",
        label=N_("Answer"),
        label_plural=N_("Questions and answers"),
        colour=("#fef9c3", "#713f12"),
        references={
            "audience": "stakeholder",
            "techniques": "technique",
            "stages": "stage",
            "checklists": "checklist",
            "organisations": "organisation",
        },
        edges={
            "audience": Edge(name="answers-for", meaning="the answer is written for the stakeholder"),
            "techniques": Edge(name="answers-about", meaning="the answer is about the technique"),
            "stages": Edge(name="answers-at", meaning="the answer is about the stage"),
            "organisations": Edge(
                name="answered", meaning="the organisation answered the question", backwards=True
            ),
        },
        translatable=("name", "summary", "plain", "answer"),
        field_labels={"name": N_("Question"), "audience": N_("Written for"), "reviewed": N_("Last reviewed")},
        index_template="answers.html",
    ),
    Kind(
        cls=Crosswalk,
        plural="crosswalks",
        schema_type="DefinedTermSet",
        label=N_("Word list"),
        label_plural=N_("Word lists"),
        node=False,
    ),
    Kind(
        cls=Checklist,
        plural="checklists",
        schema_type="CreativeWork",
        label=N_("Checklist"),
        label_plural=N_("Checklists"),
        node=False,
    ),
    Kind(
        cls=PaymentPolicy,
        plural="payment-policies",
        schema_type="CreativeWork",
        label=N_("Payment policy"),
        label_plural=N_("Payment policies"),
        node=False,
        field_labels={
            "rates": N_("Rates"),
            "expenses": N_("Expenses it covers"),
            "benefits_threshold": N_("Yearly total above which it advises a benefits conversation"),
            "benefits_advice": N_("Where it signposts benefits advice"),
        },
    ),
)

# --------------------------------------------------------------------------- the built-in facets

#: The ways of filtering techniques, in the order a query checks its arguments.
BUILT_IN_FACETS: Final[tuple[Facet, ...]] = (
    Facet(
        name="stage",
        field="stages",
        label=N_("Research stage"),
        values="stage",
        match="any",
        short="-s",
        metavar="STAGE",
        help="stage id, name, alias or crosswalk term",
        scored=True,
    ),
    Facet(
        name="stakeholder",
        field="stakeholders",
        label=N_("People to involve"),
        values="stakeholder",
        match="any",
        short="-p",
        metavar="WHO",
        help="stakeholder id, name or alias",
        scored=True,
        site_name="people",
    ),
    Facet(
        name="level",
        field="levels",
        label=N_("Depth of involvement (at least)"),
        values=Level,
        match="at-least",
        short="-l",
        metavar="LEVEL",
        help="reaches at least: inform ... empower",
        listed_bonus=True,
        many=False,
    ),
    Facet(
        name="mode",
        field="modes",
        label=N_("How it is run"),
        values=Mode,
        match="any",
        short="-m",
        metavar="MODE",
        help="in-person, online or hybrid",
        scored=True,
    ),
    Facet(
        name="cost",
        field="cost",
        label=N_("Cost (at most)"),
        values=Cost,
        match="at-most",
        metavar="BAND",
        help="costs at most: low, medium, high or very-high",
        many=False,
    ),
    Facet(
        name="group_size",
        field="group_size",
        label=N_("Group size"),
        values=int,
        match="fits",
        metavar="N",
        help="N people fit its typical group size",
        many=False,
        unit="people",
        site_name="size",
        bands=GROUP_SIZES,
    ),
    Facet(
        name="purpose",
        field="purposes",
        label=N_("What it is for"),
        values="slug",
        match="any",
        metavar="PURPOSE",
        help="what it is for (a slug)",
        scored=True,
    ),
    Facet(
        name="underserved",
        field="underserved",
        label=N_("Under-served groups reached"),
        values="slug",
        match="any",
        what="under-served group",
        metavar="GROUP",
        help="an under-served group it reaches ('any' for any)",
        scored=True,
        true_means_any=True,
    ),
    Facet(
        name="form",
        field="form",
        label=N_("Kind of technique"),
        values=Form,
        match="any",
        metavar="FORM",
        help="approach, method or tool",
    ),
    Facet(
        name="facilitation",
        field="facilitation",
        label=N_("Facilitation skill needed (at most)"),
        values=Skill,
        match="at-most",
        what="facilitation skill",
        metavar="SKILL",
        help="needs at most: none, some or specialist",
        many=False,
    ),
    Facet(
        name="internet",
        field="internet",
        label=N_("Internet"),
        values=bool,
        match="any",
        help="--no-internet: taking part needs no internet access; --internet: it does",
        many=False,
        flag=(False, "not-needed", N_("No internet needed to take part")),
    ),
    Facet(
        name="formats",
        field="formats",
        label=N_("Formats offered"),
        values=Format,
        match="all",
        what="format",
        option="--offered-in",
        metavar="FORMAT",
        help="offered in every format given: easy-read, audio, large-print, braille, bsl, translated, "
        "welsh, interpreted",
        site_label=N_("Formats offered (every one you tick)"),
    ),
    Facet(
        name="age",
        field="ages",
        label=N_("Ages it suits"),
        values=int,
        match="fits",
        metavar="YEARS",
        help=f"suits someone of this age (0 to {MAX_AGE})",
        many=False,
        unit="years",
        bounds=(0, MAX_AGE),
        site_label=N_("Ages of the people taking part"),
        bands=AGE_BANDS,
    ),
    Facet(
        name="contributor_time",
        field="contributor_time",
        label=N_("Time asked of each contributor (at most)"),
        values=Timescale,
        match="at-most",
        metavar="SPAN",
        help="asks at most: hours ... years of a contributor",
        many=False,
    ),
    Facet(
        name="lead_time",
        field="lead_time",
        label=N_("Time to prepare (at most)"),
        values=Timescale,
        match="at-most",
        metavar="SPAN",
        help="takes at most this long to prepare: hours ... years",
        many=False,
    ),
    *COMMUNITY_FACETS,
)

# --------------------------------------------------------------------------- registration

_lock = threading.Lock()
_declared: list[Kind] = list(BUILT_IN)
_declared_facets: list[Facet] = list(BUILT_IN_FACETS)
#: Counts changes, so the derived tables below know when to recompute.
_generation = 0


def generation() -> int:
    """Return a number that changes whenever a kind or facet is declared or removed (for caches)."""
    return _generation


def kinds() -> tuple[Kind, ...]:
    """Every declared kind: the package's own, then the registered ones, in order."""
    return tuple(_declared)


def facets(kind_name: str = "technique") -> tuple[Facet, ...]:
    """Every declared facet of a kind of record, in the order a query checks them."""
    return tuple(f for f in _declared_facets if f.kind == kind_name)


def kind(name: str) -> Kind:
    """Return the declaration of the kind ``name`` (``"case"``).

    Raises
    ------
    CatalogueError
        If no kind has that name; the message suggests the nearest.
    """
    for k in _declared:
        if k.name == name:
            return k
    names = [k.name for k in _declared]
    msg = f"unknown record kind {name!r}{did_you_mean(name, names)}; expected one of {', '.join(names)}"
    raise CatalogueError(msg)


def kind_of(record: Record | type[Record]) -> Kind:
    """Return the declaration of a record's kind."""
    return kind(record.record_kind)


def facet(name: str, kind_name: str = "technique") -> Facet:
    """Return the declaration of a facet by its name."""
    for f in facets(kind_name):
        if f.name == name:
            return f
    raise CatalogueError(f"unknown facet {name!r} of {kind_name} records")


class Declared:
    """What :func:`register_kind` and :func:`register_facet` return; undoes itself on exit.

    Use it as a context manager (``with register_kind(k): ...``) so that a test or a
    notebook cell leaves nothing behind, or call :meth:`undo`.
    """

    def __init__(self, store: list[Any], item: object) -> None:
        self._store, self._item = store, item

    def undo(self) -> None:
        """Remove the declaration (again is harmless)."""
        global _generation  # noqa: PLW0603  (the one counter the derived tables watch)
        with _lock:
            if any(x is self._item for x in self._store):
                self._store[:] = [x for x in self._store if x is not self._item]
                _generation += 1

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.undo()


def _kind_problems(new: Kind, known: Sequence[Kind]) -> list[str]:
    name = new.name
    problems = []
    if not attrs.has(new.cls) or not issubclass(new.cls, Record):
        problems.append(f"{new.cls!r} is not an attrs Record class")
    if not is_slug(name) or name == "record":
        problems.append(f"record_kind {name!r} is not a usable kind name (a slug, not 'record')")
    for k in known:
        if k.name == name:
            problems.append(f"a kind named {name!r} is already declared")
        if k.plural == new.plural:
            problems.append(f"the plural {new.plural!r} is already {k.name!r}'s")
        if k.pages == new.pages:
            problems.append(f"the page folder {new.pages!r} is already {k.name!r}'s")
    if not new.schema_type or new.schema_type == "Thing":
        problems.append("schema_type must name a schema.org type more precise than Thing")
    fields = {f.name for f in attrs.fields(new.cls)}
    names = {k.name for k in known} | {name}
    for field, target in new.references.items():
        if field not in fields:
            problems.append(f"reference field {field!r} is not a field of {new.cls.__name__}")
        if target not in names:
            problems.append(f"reference field {field!r} names an unknown kind {target!r}")
    problems += [
        f"edge for {f!r}, which is not a reference field" for f in new.edges if f not in new.references
    ]
    text = {
        f.name for f in attrs.fields(new.cls) if f.type in (str, "str", tuple[str, ...], "tuple[str, ...]")
    }
    problems += [f"translatable field {f!r} is not a text field" for f in new.translatable if f not in text]
    edges = {k.edge(f).name: (k.name, f) for k in known for f in k.references}
    for field in new.references:
        taken = edges.get(new.edge(field).name)
        if taken is not None and not (new.edge(field).backwards or taken[0] == name):
            problems.append(f"the edge {new.edge(field).name!r} is already made by {taken[0]}.{taken[1]}")
    return problems


def register_kind(new: Kind) -> Declared:
    """Declare a kind of record: every surface (files, checks, graph, site, CLI) takes it up.

    Returns
    -------
    Declared
        Undoes the declaration on :meth:`~Declared.undo` or at the end of a ``with``.

    Raises
    ------
    CatalogueError
        If the declaration clashes with a declared kind or names fields its class lacks.
    """
    global _generation  # noqa: PLW0603
    with _lock:
        problems = _kind_problems(new, _declared)
        if problems:
            raise CatalogueError(f"cannot declare the kind {new.name!r}: " + "; ".join(problems))
        _declared.append(new)
        _generation += 1
    return Declared(_declared, new)


def register_facet(new: Facet) -> Declared:
    """Declare a facet: queries, ``participatory find`` and the site's finder take it up.

    Raises
    ------
    CatalogueError
        If a facet of that kind already has the name, or the kind lacks the field.
    """
    global _generation  # noqa: PLW0603
    with _lock:
        declared = kind(new.kind)
        if new.field not in {f.name for f in attrs.fields(declared.cls)}:
            raise CatalogueError(
                f"cannot declare the facet {new.name!r}: {new.kind} has no field {new.field!r}"
            )
        if any(f.name == new.name and f.kind == new.kind for f in _declared_facets):
            raise CatalogueError(f"cannot declare the facet {new.name!r}: a facet has that name")
        _declared_facets.append(new)
        _generation += 1
    return Declared(_declared_facets, new)


def format_reference() -> str:
    """Return the format reference's table of record kinds, as Markdown (docs/catalogue-format.md).

    One row per declared kind: its table, its plural (the file a directory keeps it in),
    the folder of its web pages, its schema.org type, and the fields that name other
    records.
    """
    rows = [
        "| table | file `to_path` writes | web pages | schema.org type | references |",
        "|---|---|---|---|---|",
    ]
    for k in _declared:
        refs = ", ".join(f"`{f}` ({t})" for f, t in k.references.items()) or "-"
        rows.append(f"| `[[{k.name}]]` | `{k.name}.toml` | `{k.pages}/` | `{k.schema_type}` | {refs} |")
    return "\n".join(rows) + "\n"


# --------------------------------------------------------------------------- derived tables

T = TypeVar("T")


class Derived(Mapping[Any, T]):
    """A read-only mapping computed from the declarations, recomputed when they change."""

    def __init__(self, compute: Callable[[], dict[Any, T]]) -> None:
        self._compute = compute
        self._seen = -1
        self._data: dict[Any, T] = {}

    def _now(self) -> dict[Any, T]:
        if self._seen != _generation:
            self._data, self._seen = self._compute(), _generation
        return self._data

    def __getitem__(self, key: Any) -> T:
        return self._now()[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._now())

    def __len__(self) -> int:
        return len(self._now())

    def __contains__(self, key: object) -> bool:
        return key in self._now()

    def get(self, key: Any, default: Any = None) -> Any:
        return self._now().get(key, default)

    def __repr__(self) -> str:
        return repr(self._now())


class DerivedTuple(Sequence[T]):
    """A read-only sequence computed from the declarations, recomputed when they change."""

    def __init__(self, compute: Callable[[], tuple[T, ...]]) -> None:
        self._compute = compute
        self._seen = -1
        self._data: tuple[T, ...] = ()

    def _now(self) -> tuple[T, ...]:
        if self._seen != _generation:
            self._data, self._seen = self._compute(), _generation
        return self._data

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...
    def __getitem__(self, index: int | slice) -> "T | tuple[T, ...]":
        return self._now()[index]

    def __len__(self) -> int:
        return len(self._now())

    def __iter__(self) -> Iterator[T]:
        return iter(self._now())

    def __contains__(self, value: object) -> bool:
        return value in self._now()

    def __eq__(self, other: object) -> bool:
        return self._now() == (tuple(other) if isinstance(other, DerivedTuple) else other)

    def __hash__(self) -> int:
        return hash(self._now())

    def __add__(self, other: tuple[T, ...]) -> tuple[T, ...]:
        return self._now() + tuple(other)

    def __repr__(self) -> str:
        return repr(self._now())


def _drawn(k: Kind) -> dict[str, str]:
    """Return the reference fields of ``k`` that make graph edges: both ends are nodes.

    A reference to a kind that is not a node (an answer naming a checklist) is checked
    like any other, but draws no edge.
    """
    nodes = {d.name for d in _declared if d.node}
    return {f: t for f, t in k.references.items() if k.node and t in nodes}


def _edge_kinds() -> dict[str, tuple[str, str, str]]:
    out: dict[str, tuple[str, str, str]] = {}
    for k in _declared:
        for field, target in _drawn(k).items():
            e = k.edge(field)
            out.setdefault(
                e.name, (target, k.name, e.meaning) if e.backwards else (k.name, target, e.meaning)
            )
    return out


#: Record class of each kind, by name (``{"stage": Stage, ...}``), in declaration order.
KINDS: Final[Mapping[str, type[Record]]] = Derived(lambda: {k.name: k.cls for k in _declared})
#: The declaration of each kind, by its record class.
KINDS_BY_CLASS: Final[Mapping[type[Record], Kind]] = Derived(lambda: {k.cls: k for k in _declared})
#: Reference fields of each kind: field name -> the kind of record it names.
REFERENCES: Final[Mapping[str, Mapping[str, str]]] = Derived(
    lambda: {k.name: k.references for k in _declared if k.references}
)
#: Kinds of record that become graph nodes, in the order they are added.
NODE_KINDS: Final[Sequence[str]] = DerivedTuple(lambda: tuple(k.name for k in _declared if k.node))
#: Edge kinds: name -> (kind of the source node, kind of the target node, meaning).
EDGE_KINDS: Final[Mapping[str, tuple[str, str, str]]] = Derived(_edge_kinds)
#: Which reference field makes which edge: (record kind, reference field, edge kind,
#: whether the edge points back at the record).
LINKS: Final[Sequence[tuple[str, str, str, bool]]] = DerivedTuple(
    lambda: tuple(
        (k.name, field, k.edge(field).name, k.edge(field).backwards) for k in _declared for field in _drawn(k)
    )
)
#: Fill and line colour of each kind of node (drawings, Mermaid and DOT).
NODE_COLOURS: Final[Mapping[str, tuple[str, str]]] = Derived(
    lambda: {k.name: k.colour for k in _declared if k.node}
)
