"""The Catalogue: records by id, merging, filtering, checks, files in and out."""

import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias, TypeVar, cast

import attrs

from ._errors import (
    CatalogueConflictError,
    CatalogueError,
    CatalogueValidationError,
    CatalogueWriteError,
    Problem,
    UnknownIdError,
)
from ._model import (
    KINDS,
    Case,
    Checklist,
    Crosswalk,
    Level,
    Record,
    Resource,
    Source,
    Stage,
    Stakeholder,
    Technique,
)

if TYPE_CHECKING:  # imported lazily: `import participatory` stays cheap (see benchmarks/)
    from importlib.resources.abc import Traversable
    from pathlib import Path

    from ._graph import TechniqueGraph

__all__ = ["REFERENCES", "Catalogue", "CatalogueInfo", "Origin", "is_slug", "slugify"]

R = TypeVar("R", bound=Record)
PathLike: TypeAlias = "str | os.PathLike[str] | Traversable"

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_MIN_YEAR, _MAX_YEAR = 1500, 2100
_SPACE = re.compile(r"\s")  # the characters str.isspace() accepts
#: Addresses that certainly pass :func:`_url_problem`: http(s), a dotted ASCII host, no spaces.
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9_~-]*\.[A-Za-z0-9._~-]*(?::[0-9]+)?(?:[/?#]\S*)?")

#: Reference fields of each record kind: field name -> the kind of record it names.
REFERENCES: Mapping[type[Record], Mapping[str, str]] = MappingProxyType(
    {
        Technique: {
            "stages": "stage",
            "stakeholders": "stakeholder",
            "resources": "resource",
            "pairs_with": "technique",
            "same_as": "technique",
        },
        Resource: {"techniques": "technique", "stages": "stage", "audience": "stakeholder"},
        Case: {"techniques": "technique", "stages": "stage", "stakeholders": "stakeholder"},
    }
)


def is_slug(text: str) -> bool:
    """Whether ``text`` is a valid id: lowercase letters, digits and single hyphens."""
    return _SLUG.fullmatch(text) is not None


def slugify(text: str) -> str:
    """Turn any text into a slug (``"Citizens' Jury"`` -> ``"citizens-jury"``).

    Examples
    --------
    >>> slugify("  Citizens’ Jury (UK)®  ")
    'citizens-jury-uk'
    """
    import unicodedata

    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    folded = re.sub(r"['’`]", "", folded)
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


@attrs.frozen(kw_only=True)
class CatalogueInfo:
    """The ``[catalogue]`` table of a catalogue file.

    Parameters
    ----------
    name : str
        The catalogue's name (a slug), unique among installed catalogues.
    version : str
        Its version, as the publisher numbers it.
    title, description : str
        What it is, for people.
    licence : str
        The licence its content is published under.
    url : str
        Its home page.
    extends : tuple of str
        Names of the catalogues whose ids its records reference.
    """

    name: str
    version: str = ""
    title: str = ""
    description: str = ""
    licence: str = ""
    url: str = ""
    extends: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Origin:
    """Where a record came from.

    Parameters
    ----------
    catalogue : str
        Name of the catalogue that defines it.
    file : str or None
        The file it was read from, when it was read from a file.
    distribution : str or None
        The installed distribution that provides the catalogue, or ``"runtime"``
        for catalogues registered in a running session.
    version : str or None
        That distribution's version.
    """

    catalogue: str
    file: str | None = None
    distribution: str | None = None
    version: str | None = None

    @property
    def label(self) -> str:
        """Where problems point a user: the file, or else the catalogue's name."""
        return self.file or self.catalogue

    def __str__(self) -> str:
        parts = [f"catalogue {self.catalogue!r}"]
        if self.distribution:
            dist = self.distribution + (f" {self.version}" if self.version else "")
            parts.append(f"from {dist}")
        if self.file:
            parts.append(f"({self.file})")
        return " ".join(parts)


# --------------------------------------------------------------------------- checks


def _url_problem(url: str) -> str | None:
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


def _year_problem(year: int | None) -> str | None:
    if year is not None and not _MIN_YEAR <= year <= _MAX_YEAR:
        return f"year {year} is out of range ({_MIN_YEAR} to {_MAX_YEAR})"
    return None


def _slug_list_problems(field: str, values: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    if len(set(values)) == len(values) and all(map(_SLUG.fullmatch, values)):
        return  # the common case: nothing to report
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            yield f"{field}[{i}]", f"{value!r} is listed twice"
        seen.add(value)
        if not _SLUG.fullmatch(value):
            yield f"{field}[{i}]", f"{value!r} is not a valid id ({_slug_hint(value)})"


def _slug_hint(value: str) -> str:
    fixed = slugify(value)
    hint = f"; try {fixed!r}" if fixed and fixed != value else ""
    return f"use lowercase letters, digits and single hyphens{hint}"


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
        if (msg := _url_problem(src.url)) is not None:
            yield f"sources[{i}].url", msg
        if (msg := _year_problem(src.year)) is not None:
            yield f"sources[{i}].year", msg


def record_problems(rec: Record) -> Iterator[tuple[str, str]]:
    """Yield ``(field, message)`` for every field-level problem of one record."""
    if not _SLUG.fullmatch(rec.id):
        yield "id", f"{rec.id!r} is not a valid id ({_slug_hint(rec.id)})"
    if not rec.name.strip():
        yield "name", "must not be empty"
    yield from _source_problems(rec.sources)
    yield from _slug_list_problems("tags", rec.tags)
    for field in REFERENCES.get(type(rec), {}):
        yield from _slug_list_problems(field, getattr(rec, field))
    if isinstance(rec, Technique):
        yield from _technique_problems(rec)
    elif isinstance(rec, Resource):
        if (msg := _url_problem(rec.url)) is not None:
            yield "url", msg
        if (msg := _year_problem(rec.year)) is not None:
            yield "year", msg
    elif isinstance(rec, Case):
        if rec.url and (msg := _url_problem(rec.url)) is not None:
            yield "url", msg
        if (msg := _year_problem(rec.year)) is not None:
            yield "year", msg
        yield from _slug_list_problems("underserved", rec.underserved)
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
            if not _SLUG.fullmatch(item.id):
                yield f"items[{i}].id", f"{item.id!r} is not a valid id ({_slug_hint(item.id)})"
            if not item.name.strip():
                yield f"items[{i}].name", "must not be empty"
            yield from _slug_list_problems(f"items[{i}].stages", item.stages)


def _technique_problems(tech: Technique) -> Iterator[tuple[str, str]]:
    yield from _unique_problems("levels", tech.levels)
    yield from _unique_problems("modes", tech.modes)
    yield from _slug_list_problems("underserved", tech.underserved)
    yield from _slug_list_problems("purposes", tech.purposes)
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


# --------------------------------------------------------------------------- catalogue


def _stage_order(stage: Stage) -> tuple[int, str]:
    return stage.order, stage.id


class Catalogue(Mapping[str, Record]):
    """An immutable collection of records, looked up by id.

    A catalogue is a read-only mapping from id to record (``cat["photovoice"]``),
    with one read-only mapping per kind (``cat.techniques["photovoice"]``). Building
    one checks every record and raises :class:`CatalogueValidationError` listing
    every problem; references between records are checked by :meth:`check` and
    when reading files.

    Parameters
    ----------
    records : iterable of Record
        The records, of any kind.
    info : CatalogueInfo, optional
        The catalogue's metadata; defaults to a catalogue named ``unnamed``.
    origins : mapping of id to Origin, optional
        Where each record came from; records without one get ``Origin(info.name)``.

    Examples
    --------
    >>> from participatory import Catalogue, Stage
    >>> cat = Catalogue([Stage(id="design", name="Design", order=2)])
    >>> cat["design"].order
    2
    >>> len(cat)
    1
    """

    __slots__ = ("_by_kind", "_graph", "_index", "_origins", "info", "members")
    __hash__: ClassVar[None]  # type: ignore[assignment]

    info: CatalogueInfo
    members: tuple[CatalogueInfo, ...]

    def __init__(
        self,
        records: Iterable[Record] = (),
        *,
        info: CatalogueInfo | None = None,
        origins: Mapping[str, Origin] | None = None,
        members: tuple[CatalogueInfo, ...] | None = None,
        _checked: bool = False,
    ) -> None:
        self.info = info if info is not None else CatalogueInfo(name="unnamed")
        self._graph: TechniqueGraph | None = None
        self.members = members if members is not None else (self.info,)
        by_kind: dict[str, dict[str, Record]] = {kind: {} for kind in KINDS}
        index: dict[str, Record] = {}
        problems: list[Problem] = []
        given_origins = origins or {}
        default_origin = Origin(catalogue=self.info.name)
        for rec in records:
            kind = rec.record_kind
            if kind not in by_kind:
                msg = f"not a catalogue record: {rec!r}"
                raise TypeError(msg)
            if rec.id in index:
                first = index[rec.id]
                problems.append(
                    Problem(
                        file=given_origins.get(rec.id, default_origin).label,
                        record=rec.id,
                        field="id",
                        message=f"duplicate id: also used by a {first.record_kind} record",
                    )
                )
                continue
            if not _checked:
                label = given_origins.get(rec.id, default_origin).label
                problems.extend(
                    Problem(file=label, record=rec.id, field=f, message=m) for f, m in record_problems(rec)
                )
            index[rec.id] = rec
            by_kind[kind][rec.id] = rec
        if problems:
            raise CatalogueValidationError(problems)
        stages = cast("dict[str, Stage]", by_kind["stage"])
        if len(stages) > 1:
            by_kind["stage"] = {s.id: s for s in sorted(stages.values(), key=_stage_order)}
        self._by_kind = {kind: MappingProxyType(recs) for kind, recs in by_kind.items()}
        self._index = index
        self._origins: Mapping[str, Origin] = {rid: given_origins.get(rid, default_origin) for rid in index}

    # --- mapping protocol ----------------------------------------------------------

    def __getitem__(self, key: str) -> Record:
        try:
            return self._index[key]
        except KeyError:
            raise UnknownIdError(key, self._suggest(key, self._index)) from None
        except TypeError:
            raise UnknownIdError(repr(key)) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Catalogue):
            return NotImplemented
        return self.info == other.info and all(
            dict(self._by_kind[k]) == dict(other._by_kind[k]) for k in KINDS
        )

    def __repr__(self) -> str:
        counts = ", ".join(f"{len(v)} {k}s" for k, v in self._by_kind.items() if v)
        return f"<Catalogue {self.info.name!r}: {counts or 'empty'}>"

    def _ipython_key_completions_(self) -> list[str]:
        return list(self._index)

    def _repr_html_(self) -> str:
        from ._display import catalogue_html

        return catalogue_html(self)

    def graph(self) -> "TechniqueGraph":
        """Return the catalogue as a :class:`~participatory.TechniqueGraph` (built once, then cached).

        Examples
        --------
        >>> from participatory import Catalogue, Stage
        >>> Catalogue([Stage(id="design", name="Design", order=2)]).graph()
        <TechniqueGraph 'unnamed': 1 stages>
        """
        if self._graph is None:
            from ._graph import TechniqueGraph

            self._graph = TechniqueGraph(self)
        return self._graph

    @staticmethod
    def _suggest(key: str, known: Iterable[str]) -> list[str]:
        from ._convert import nearest

        close = nearest(key, known)
        return [close] if close else []

    # --- typed views ---------------------------------------------------------------

    def _kind(self, kind: str) -> Mapping[str, Any]:
        return self._by_kind[kind]

    @property
    def stages(self) -> Mapping[str, Stage]:
        """Stages by id, in research-cycle order."""
        return self._kind("stage")

    @property
    def stakeholders(self) -> Mapping[str, Stakeholder]:
        """Stakeholders by id."""
        return self._kind("stakeholder")

    @property
    def techniques(self) -> Mapping[str, Technique]:
        """Techniques by id."""
        return self._kind("technique")

    @property
    def resources(self) -> Mapping[str, Resource]:
        """Resources by id."""
        return self._kind("resource")

    @property
    def cases(self) -> Mapping[str, Case]:
        """Cases by id."""
        return self._kind("case")

    @property
    def crosswalks(self) -> Mapping[str, Crosswalk]:
        """Crosswalks (mappings from other vocabularies) by id."""
        return self._kind("crosswalk")

    @property
    def checklists(self) -> Mapping[str, Checklist]:
        """Checklists (reporting items, standards, reflective questions) by id."""
        return self._kind("checklist")

    def of_kind(self, kind: str | type[R]) -> Mapping[str, Any]:
        """Return the records of one kind by id; ``kind`` is a name or a record class."""
        name = kind if isinstance(kind, str) else kind.record_kind
        if name not in self._by_kind:
            msg = f"unknown record kind {name!r}; expected one of {', '.join(KINDS)}"
            raise CatalogueError(msg)
        return self._by_kind[name]

    def records(self) -> Iterator[Record]:
        """Every record, kind by kind in file order."""
        for recs in self._by_kind.values():
            yield from recs.values()

    def origin(self, record_id: str) -> Origin:
        """Where the record with ``record_id`` came from."""
        if record_id not in self._index:
            raise UnknownIdError(record_id, self._suggest(record_id, self._index))
        return self._origins[record_id]

    # --- vocabulary -------------------------------------------------------------------

    def resolve(self, term: str, kind: str = "stage") -> tuple[str, ...]:
        """Translate a term into ids of ``kind`` (``"stage"`` or ``"level"``).

        A term may be an id, a name or alias (any case), a crosswalk term such as
        ``"conducting"`` (PCORI) or ``"pcori-phases:conducting"`` to pick the crosswalk.

        Raises
        ------
        UnknownIdError
            If nothing matches; the message suggests the nearest term.
        """
        if kind == "level":
            if term in {lv.value for lv in Level}:
                return (term,)
        elif kind == "stage":
            if term in self.stages:
                return (term,)
            folded = term.casefold()
            for stage in self.stages.values():
                if folded == stage.name.casefold() or folded in (a.casefold() for a in stage.aliases):
                    return (stage.id,)
        else:
            msg = f"resolve() takes kind 'stage' or 'level', not {kind!r}"
            raise CatalogueError(msg)
        walk_id, _, walk_term = term.rpartition(":")
        candidates: list[str] = []
        for walk in self.crosswalks.values():
            if walk.target != kind or (walk_id and walk.id != walk_id):
                continue
            try:
                return walk.lookup(walk_term)
            except KeyError:
                candidates.extend(e.term for e in walk.entries)
        known = list(self.stages) if kind == "stage" else [lv.value for lv in Level]
        raise UnknownIdError(term, self._suggest(term, known + candidates))

    # --- building new catalogues -----------------------------------------------------

    def merge(self, *others: "Catalogue") -> "Catalogue":
        """Return a catalogue holding the records of this one and ``others``.

        Raises
        ------
        CatalogueConflictError
            If two catalogues define the same id; every conflict is listed with both
            origins. The same record from the same origin is not a conflict.
        """
        records: dict[str, Record] = dict(self._index)
        origins: dict[str, Origin] = dict(self._origins)
        members = list(self.members)
        conflicts: list[str] = []
        for other in others:
            for info in other.members:
                if info not in members:
                    members.append(info)
            for rid, rec in other._index.items():
                mine = records.get(rid)
                theirs = other._origins[rid]
                if mine is None:
                    records[rid] = rec
                    origins[rid] = theirs
                elif mine != rec or origins[rid] != theirs:
                    conflicts.append(f"{rid!r} is defined by {origins[rid]} and by {theirs}")
        if conflicts:
            msg = "the same id is defined twice:\n" + "\n".join(f"  {c}" for c in conflicts)
            raise CatalogueConflictError(msg)
        names = [m.name for m in members]
        if len(members) == 1:
            info = members[0]
        else:
            extends = tuple(dict.fromkeys(e for m in members for e in m.extends if e not in names))
            info = CatalogueInfo(name="+".join(names), title="Merged: " + ", ".join(names), extends=extends)
        return Catalogue(records.values(), info=info, origins=origins, members=tuple(members), _checked=True)

    def filter(
        self,
        predicate: Callable[[Record], bool] | None = None,
        *,
        kinds: Iterable[str] | None = None,
        tags: Iterable[str] | None = None,
    ) -> "Catalogue":
        """Return a new catalogue with the records that pass every condition given.

        Parameters
        ----------
        predicate : callable, optional
            Called with each record; keep it when it returns true.
        kinds : iterable of str, optional
            Keep only records of these kinds (``"technique"``, ...).
        tags : iterable of str, optional
            Keep only records with at least one of these tags.

        Notes
        -----
        References from kept records to dropped ones are left as they are; use
        :meth:`check` to list them.
        """
        kind_set = set(kinds) if kinds is not None else None
        if kind_set is not None and (bad := kind_set - KINDS.keys()):
            msg = f"unknown record kind {sorted(bad)[0]!r}; expected one of {', '.join(KINDS)}"
            raise CatalogueError(msg)
        tag_set = set(tags) if tags is not None else None
        kept = [
            rec
            for rec in self._index.values()
            if (kind_set is None or rec.record_kind in kind_set)
            and (tag_set is None or not tag_set.isdisjoint(rec.tags))
            and (predicate is None or predicate(rec))
        ]
        return Catalogue(kept, info=self.info, origins=self._origins, members=self.members, _checked=True)

    # --- checks -----------------------------------------------------------------------

    def check(self, context: "Catalogue | None" = None, *, strict: bool = False) -> tuple[Problem, ...]:
        """Return every problem with the catalogue's references, without raising.

        Parameters
        ----------
        context : Catalogue, optional
            Catalogues whose ids count as known (those named in ``extends``).
        strict : bool
            Also report advisory warnings (techniques with no stage, level or source).
        """
        have = {m.name for m in self.members} | ({m.name for m in context.members} if context else set())
        missing = [name for name in self.info.extends if name not in have]
        # References into a catalogue that is not loaded cannot be judged: report the
        # missing catalogue instead of a flood of "unknown id" problems.
        problems = [] if missing else list(self._reference_problems(context))
        for name in missing:
            problems.append(
                Problem(
                    file=self.info.name,
                    field="catalogue.extends",
                    message=f"extends {name!r}, which is not loaded or not installed",
                )
            )
        if strict:
            problems.extend(self._advice())
        return tuple(problems)

    def _advice(self) -> Iterator[Problem]:
        for tech in self.techniques.values():
            for field in ("stages", "levels", "stakeholders", "sources"):
                if not getattr(tech, field):
                    yield Problem(
                        file=self._origins[tech.id].label,
                        record=tech.id,
                        field=field,
                        message=f"no {field} given; queries by {field.rstrip('s')} will not find it",
                        severity="warning",
                    )

    def _reference_problems(self, context: "Catalogue | None") -> Iterator[Problem]:
        def known_of(kind: str) -> Mapping[str, Any]:
            own = self._by_kind[kind]
            if context is None:
                return own
            theirs = context._by_kind[kind]
            return {**theirs, **own} if theirs else own

        known = {kind: known_of(kind) for kind in ("stage", "stakeholder", "technique", "resource")}
        levels = {lv.value: lv for lv in Level}

        def bad(ref: str, target: str) -> str | None:
            if ref in known[target]:
                return None
            other = self._index.get(ref) or (context._index.get(ref) if context else None)
            if other is not None:
                return f"{ref!r} is a {other.record_kind}, not a {target}"
            from ._convert import nearest

            hint = nearest(ref, known[target])
            return f"unknown {target} {ref!r}" + (f"; did you mean {hint!r}?" if hint else "")

        for rec in self._index.values():
            fields = REFERENCES.get(type(rec))
            found: list[tuple[str, str]] = []
            if fields:
                for field, target in fields.items():
                    for i, ref in enumerate(getattr(rec, field)):
                        if (msg := bad(ref, target)) is not None:
                            found.append((f"{field}[{i}]", msg))
            elif isinstance(rec, Checklist):
                for j, item in enumerate(rec.items):
                    for i, ref in enumerate(item.stages):
                        if (msg := bad(ref, "stage")) is not None:
                            found.append((f"items[{j}].stages[{i}]", msg))
            elif isinstance(rec, Crosswalk):
                for j, entry in enumerate(rec.entries):
                    for i, ref in enumerate(entry.maps_to):
                        if rec.target == "level":
                            msg = (
                                None
                                if ref in levels
                                else (f"unknown level {ref!r}; expected one of {', '.join(levels)}")
                            )
                        else:
                            msg = bad(ref, "stage")
                        if msg is not None:
                            found.append((f"entries[{j}].maps_to[{i}]", msg))
            for field, msg in found:
                yield Problem(file=self._origins[rec.id].label, record=rec.id, field=field, message=msg)

    # --- files --------------------------------------------------------------------------

    @classmethod
    def from_path(cls, path: PathLike, *, context: "Catalogue | None" = None) -> "Catalogue":
        """Read a catalogue from a ``.toml`` or ``.json`` file, or a directory of them.

        Every file is read and every problem collected before anything is raised.
        References are checked against the catalogue itself and ``context``; when the
        catalogue ``extends`` others and no context is given, references to ids it
        does not define are left for :func:`participatory.load` to check.

        Parameters
        ----------
        path : str, path-like or Traversable
            A file, or a directory whose ``.toml`` and ``.json`` files (recursively,
            hidden ones skipped, in name order) make up one catalogue.
        context : Catalogue, optional
            Catalogues whose ids count as known (those named in ``extends``).

        Raises
        ------
        CatalogueNotFoundError
            If ``path`` does not exist or holds no catalogue file.
        CatalogueValidationError
            Listing every problem, each with file, record id, field and message.
        """
        from ._loader import read_catalogue

        return read_catalogue(path, context=context)

    def to_document(self) -> dict[str, Any]:
        """Return the catalogue as plain data, in the shape of a catalogue file."""
        from ._convert import unstructure

        doc: dict[str, Any] = {"catalogue": unstructure(self.info)}
        for kind, recs in self._by_kind.items():
            if recs:
                doc[kind] = [unstructure(r) for r in recs.values()]
        return doc

    def to_path(self, path: str | os.PathLike[str], *, format: str | None = None) -> "Path":  # noqa: A002
        """Write the catalogue to a file or a directory, atomically.

        Parameters
        ----------
        path : str or path-like
            A path ending in ``.toml`` or ``.json`` is written as one file; any other
            path is a directory, written as ``catalogue.toml`` plus one file per kind
            of record (``technique.toml``, ...).
        format : {"toml", "json"}, optional
            For a directory, the file format (default TOML).

        Returns
        -------
        Path
            The path written.

        Raises
        ------
        CatalogueWriteError
            If the directory holds other catalogue files (which would be read back as
            part of this catalogue) or the files cannot be written. Nothing is lost:
            each file is written to a temporary file and then replaced.
        """
        from pathlib import Path

        from . import _io

        target = Path(path)
        doc = self.to_document()
        if target.suffix in _io.FORMATS:
            if format is not None and f".{format}" != target.suffix:
                msg = f"{target}: the suffix says {target.suffix[1:]}, but format={format!r}"
                raise CatalogueWriteError(msg)
            _io.atomic_write(target, _io.dumps(doc, target.suffix))
            return target
        suffix = f".{format or 'toml'}"
        if suffix not in _io.FORMATS:
            msg = f"{target}: unknown format {format!r}; expected 'toml' or 'json'"
            raise CatalogueWriteError(msg)
        if target.exists() and not target.is_dir():
            msg = f"{target}: exists and is not a directory"
            raise CatalogueWriteError(msg)
        files = {"catalogue": target / f"catalogue{suffix}"} | {
            kind: target / f"{kind}{suffix}" for kind in KINDS
        }
        if target.is_dir():
            ours = set(files.values())
            strangers = sorted(
                str(p)
                for p in target.rglob("*")
                if p.suffix in _io.FORMATS
                and p not in ours
                and not any(part.startswith(".") for part in p.relative_to(target).parts)
            )
            if strangers:
                msg = (
                    f"{target}: holds other catalogue files that would be read back as part of "
                    f"this catalogue: {', '.join(strangers)}; write to an empty directory"
                )
                raise CatalogueWriteError(msg)
        for key, file in files.items():
            if key in doc:
                _io.atomic_write(file, _io.dumps({key: doc[key]}, suffix))
            elif file.exists():
                _io.atomic_write(file, _io.dumps({}, suffix) if suffix == ".json" else "")
        return target
