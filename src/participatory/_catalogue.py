"""The Catalogue: records by id, merging, filtering, checks, files in and out."""

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias, TypeVar, cast

import attrs

from ._errors import (
    CatalogueConflictError,
    CatalogueError,
    CatalogueValidationError,
    CatalogueWriteError,
    InvalidFieldError,
    Problem,
    UnknownIdError,
)
from ._model import (
    Case,
    CatalogueInfo,
    Checklist,
    Crosswalk,
    Level,
    Organisation,
    Origin,
    PaymentPolicy,
    Record,
    Resource,
    Stage,
    Stakeholder,
    Technique,
)

if TYPE_CHECKING:  # imported lazily: `import participatory` stays cheap (see benchmarks/)
    from importlib.resources.abc import Traversable
    from pathlib import Path

    from ._fast import Decoded
    from ._graph import TechniqueGraph
    from ._translations import Translated

__all__ = ["Catalogue", "CatalogueInfo", "Origin"]

R = TypeVar("R", bound=Record)
PathLike: TypeAlias = "str | os.PathLike[str] | Traversable"


# --------------------------------------------------------------------------- replaced ids


def _record_kinds() -> "Mapping[str, type[Record]]":
    """Return the declared kinds (imported on first use, so ``import participatory`` stays cheap)."""
    from ._kinds import KINDS

    return KINDS


def _replacements(
    index: Mapping[str, Record], origins: Mapping[str, Origin], default: Origin, problems: list[Problem]
) -> dict[str, str]:
    """Map every id that a record ``replaces`` to that record's id, reporting clashes."""
    replaced: dict[str, str] = {}
    for rec in index.values():
        for i, old in enumerate(rec.replaces):
            if old == rec.id:
                continue  # reported with the record's own fields
            clash = (
                f"{old!r} is still the id of a {index[old].record_kind} record"
                if old in index
                else (f"{old!r} is also replaced by {replaced[old]!r}" if old in replaced else None)
            )
            if clash is not None:
                label = origins.get(rec.id, default).label
                problems.append(Problem(file=label, record=rec.id, field=f"replaces[{i}]", message=clash))
            else:
                replaced[old] = rec.id
    return replaced


def _redirect(rec: Record, replaced: Mapping[str, str]) -> Record:
    """Return ``rec`` with references to replaced ids pointing at the records that replace them."""
    from ._kinds import REFERENCES

    changes: dict[str, Any] = {
        field: tuple(dict.fromkeys(replaced.get(ref, ref) for ref in getattr(rec, field)))
        for field in REFERENCES.get(rec.record_kind, ())
        if any(ref in replaced for ref in getattr(rec, field))
    }
    return attrs.evolve(rec, **changes) if changes else rec


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

    __slots__ = (
        *("_by_kind", "_graph", "_index", "_info_file", "_origins", "_replaced", "_translation"),
        *("info", "members"),
    )
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
        self._translation: Translated | None = None
        self._info_file: str | None = None  # the file of the [catalogue] table, when read from files
        self._graph: TechniqueGraph | None = None
        self.members = members if members is not None else (self.info,)
        by_kind: dict[str, dict[str, Record]] = {kind: {} for kind in _record_kinds()}
        index: dict[str, Record] = {}
        problems: list[Problem] = []
        given_origins = origins or {}
        default_origin = Origin(catalogue=self.info.name)
        for i, rec in enumerate(records):
            kind = getattr(rec, "record_kind", None)
            if kind not in by_kind:
                msg = f"expected a record (Stage, Technique, ...), got {type(rec).__name__} {rec!r:.60}"
                raise InvalidFieldError("Catalogue", f"records[{i}]", msg)
            if type(rec.id) is not str:  # reported with the record's own fields
                from ._checks import record_problems  # (imported here: `import participatory` stays cheap)

                label = default_origin.label
                problems.extend(
                    Problem(file=label, record=f"{kind}[{i}]", field=f, message=m)
                    for f, m in record_problems(rec)
                )
                continue
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
                from ._checks import record_problems  # (imported here: `import participatory` stays cheap)

                label = given_origins.get(rec.id, default_origin).label
                problems.extend(
                    Problem(file=label, record=rec.id, field=f, message=m) for f, m in record_problems(rec)
                )
            index[rec.id] = rec
            by_kind[kind][rec.id] = rec
        replaced = _replacements(index, given_origins, default_origin, problems)
        if problems:
            raise CatalogueValidationError(problems)
        if replaced:
            index = {rid: _redirect(rec, replaced) for rid, rec in index.items()}
            by_kind = {kind: {rid: index[rid] for rid in recs} for kind, recs in by_kind.items()}
        self._replaced: Mapping[str, str] = replaced
        stages = cast("dict[str, Stage]", by_kind["stage"])
        if len(stages) > 1:
            by_kind["stage"] = {s.id: s for s in sorted(stages.values(), key=_stage_order)}
        self._by_kind = {kind: MappingProxyType(recs) for kind, recs in by_kind.items()}
        self._index = index
        self._origins: Mapping[str, Origin] = {rid: given_origins.get(rid, default_origin) for rid in index}

    # --- mapping protocol ----------------------------------------------------------

    def __getitem__(self, key: str) -> Record:
        if type(key) is not str:
            given: object = key
            reason = f"record ids are strings; got {type(given).__name__} {given!r:.60}"
            raise UnknownIdError(repr(given), reason=reason)
        try:
            return self._index[key]
        except KeyError:
            if key in self._replaced:
                return self._index[self._replaced[key]]
            raise UnknownIdError(key, self._suggest(key, self._index)) from None
        except TypeError:
            raise UnknownIdError(repr(key)) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, key: object) -> bool:
        return key in self._index or key in self._replaced

    def canonical(self, record_id: str) -> str:
        """Return the id a record is known by now (``record_id``, or its replacement's).

        An id listed in a record's ``replaces`` resolves to that record's id.

        Raises
        ------
        UnknownIdError
            If no record has or replaces ``record_id``.
        """
        return self[record_id].id

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Catalogue):
            return NotImplemented
        return self.info == other.info and all(
            dict(self._by_kind[k]) == dict(other._by_kind[k]) for k in _record_kinds()
        )

    def __repr__(self) -> str:
        counts = ", ".join(f"{len(v)} {k}s" for k, v in self._by_kind.items() if v)
        return f"<Catalogue {self.info.name!r}: {counts or 'empty'}>"

    def _ipython_key_completions_(self) -> list[str]:
        return list(self._index)

    def _repr_html_(self) -> str:
        from ._html._reprs import catalogue_html

        return catalogue_html(self, _record_kinds())

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
        from ._schema import nearest

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
    def organisations(self) -> Mapping[str, Organisation]:
        """Organisations by id."""
        return self._kind("organisation")

    @property
    def crosswalks(self) -> Mapping[str, Crosswalk]:
        """Crosswalks (mappings from other vocabularies) by id."""
        return self._kind("crosswalk")

    @property
    def checklists(self) -> Mapping[str, Checklist]:
        """Checklists (reporting items, standards, reflective questions) by id."""
        return self._kind("checklist")

    @property
    def payment_policies(self) -> Mapping[str, PaymentPolicy]:
        """Payment policies (payers' rates for public contributors, dated and cited) by id."""
        return self._kind("payment-policy")

    def of_kind(self, kind: str | type[R]) -> Mapping[str, Any]:
        """Return the records of one kind by id; ``kind`` is a name or a record class."""
        name = kind if isinstance(kind, str) else kind.record_kind
        if name not in self._by_kind:
            msg = f"unknown record kind {name!r}; expected one of {', '.join(_record_kinds())}"
            raise CatalogueError(msg)
        return self._by_kind[name]

    def records(self) -> Iterator[Record]:
        """Every record, kind by kind in file order."""
        for recs in self._by_kind.values():
            yield from recs.values()

    def origin(self, record_id: str) -> Origin:
        """Where the record with ``record_id`` came from."""
        return self._origins[self.canonical(record_id)]

    @property
    def language(self) -> str | None:
        """The language its translatable text is shown in (``"cy"``), or ``None``: as written."""
        return self._translation.language if self._translation is not None else None

    def translation(self, record_id: str) -> Mapping[str, str]:
        """Say per field what it shows: ``translated``, ``machine``, ``stale`` or ``missing`` (English)."""
        status = self._translation.status if self._translation is not None else {}
        return MappingProxyType(
            dict(status.get(record_id if ":" in record_id else self.canonical(record_id), {}))
        )

    def value_name(self, facet: str, value: object) -> str | None:
        """Return a facet value's name in :attr:`language` (``None``: use the English words)."""
        values = self._translation.values if self._translation is not None else {}
        return values.get(f"{facet}:{getattr(value, 'value', value)}")

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
        merged = Catalogue(
            records.values(), info=info, origins=origins, members=tuple(members), _checked=True
        )
        merged._info_file = self._info_file if info is self.info else None
        return merged

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
        if kind_set is not None and (bad := kind_set - _record_kinds().keys()):
            msg = f"unknown record kind {sorted(bad)[0]!r}; expected one of {', '.join(_record_kinds())}"
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
        return self._check(context, strict=strict)

    def _info_label(self) -> str:
        """Where a problem with the ``[catalogue]`` table points: its file, else the catalogue's name."""
        return self._info_file or self.info.name

    def _check(
        self,
        context: "Catalogue | None",
        *,
        strict: bool = False,
        also_known: Mapping[str, str] | None = None,
    ) -> tuple[Problem, ...]:
        have = {m.name for m in self.members} | ({m.name for m in context.members} if context else set())
        missing = [name for name in self.info.extends if name not in have]
        # References into a catalogue that is not loaded cannot be judged: report the
        # missing catalogue instead of a flood of "unknown id" problems.
        problems = [] if missing else list(self._reference_problems(context, also_known))
        for name in missing:
            problems.append(
                Problem(
                    file=self._info_label(),
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

    def reference_problem(self, ref: str, kind: str) -> str | None:
        """Return why ``ref`` cannot stand for a record of ``kind`` here, or ``None`` if it can.

        The one reference rule, shared by catalogue checks and plan checks: an id of a
        record of that kind (or an id such a record ``replaces``) is fine; an id of a
        record of another kind, or an unknown id (with the nearest known id suggested),
        is not.

        Examples
        --------
        >>> from participatory import Catalogue, Stage
        >>> cat = Catalogue([Stage(id="design", name="Design", order=2)])
        >>> cat.reference_problem("desing", "stage")
        "unknown stage 'desing'; did you mean 'design'?"
        >>> cat.reference_problem("design", "technique")
        "'design' is a stage, not a technique"
        """
        return self._reference_checker(None, None)(ref, kind)

    def _reference_checker(
        self, context: "Catalogue | None", also_known: Mapping[str, str] | None
    ) -> Callable[[str, str], str | None]:
        from ._kinds import REFERENCES
        from ._schema import did_you_mean

        def known_of(kind: str) -> Mapping[str, Any]:
            own = self._by_kind[kind]
            if context is None:
                return own
            theirs = context._by_kind[kind]
            return {**theirs, **own} if theirs else own

        known = {
            kind: known_of(kind) for kind in {t for fields in REFERENCES.values() for t in fields.values()}
        }
        replaced = {**(context._replaced if context else {}), **self._replaced}

        def bad(ref: str, target: str) -> str | None:
            if target not in known:  # a kind no record field references (a plan's payment policy)
                known[target] = known_of(target)
            if ref in known[target] or replaced.get(ref) in known[target]:
                return None
            if also_known and also_known.get(ref) == target:
                return None  # a record with problems of its own, already reported
            other = self._index.get(ref) or (context._index.get(ref) if context else None)
            if other is not None:
                return f"{ref!r} is a {other.record_kind}, not a {target}"
            return f"unknown {target} {ref!r}" + did_you_mean(ref, known[target])

        return bad

    def _reference_problems(
        self, context: "Catalogue | None", also_known: Mapping[str, str] | None = None
    ) -> Iterator[Problem]:
        from ._kinds import REFERENCES

        bad = self._reference_checker(context, also_known)
        levels = {lv.value: lv for lv in Level}

        for rec in self._index.values():
            fields = REFERENCES.get(rec.record_kind)
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
    def from_path(
        cls, path: PathLike, *, context: "Catalogue | None" = None, language: str | None = None
    ) -> "Catalogue":
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
        language : str, optional
            Show text in this language (``"cy"``) from ``translations/``; see :meth:`translation`.

        Raises
        ------
        CatalogueNotFoundError
            If ``path`` does not exist or holds no catalogue file.
        CatalogueValidationError
            Listing every problem, each with file, record id, field and message.
        """
        from ._loader import paused_gc

        with paused_gc():
            catalogue = cls._from_path(path, context)
        if language is None:
            return catalogue
        from ._translations import in_language

        return in_language(catalogue, [path], language)

    @classmethod
    def _from_path(
        cls, path: PathLike, context: "Catalogue | None", decoded: "Mapping[str, Decoded] | None" = None
    ) -> "Catalogue":
        """Do :meth:`from_path`; ``decoded`` holds files already decoded (see ``read_records``)."""
        from ._loader import read_records

        loaded = read_records(path, decoded)
        problems = list(loaded.problems)
        if loaded.info is None:
            raise CatalogueValidationError(problems)
        catalogue = cls(loaded.records, info=loaded.info, origins=loaded.origins, _checked=True)
        catalogue._info_file = loaded.info_file
        if context is not None or not loaded.info.extends:
            checking = catalogue
            if loaded.checked_only:  # records with problems of their own: check their references too
                records = (*loaded.records, *loaded.checked_only)
                checking = cls(records, info=loaded.info, origins=loaded.origins, _checked=True)
                checking._info_file = loaded.info_file
            problems.extend(
                p for p in checking._check(context, also_known=loaded.known) if p.severity == "error"
            )
        if problems:
            raise CatalogueValidationError(problems)
        return catalogue

    def to_dataframe(self, kind: str = "technique") -> Any:
        """Return the records of one ``kind`` (default ``"technique"``) as a pandas DataFrame.

        Indexed by id, by the rule of every ``to_dataframe()`` (see the graph docs; needs
        ``participatory[pandas]``): ranges split (``group_min``, ``group_max``), ordered
        scales as ordered categoricals, lists as lists; techniques also get ``min_level``,
        ``max_level`` and a flag per mode, so filters count what the queries count.
        """
        from ._frames import column_types, frame, record_rows

        cls = _record_kinds().get(kind)
        if cls is None:
            from ._schema import did_you_mean

            names = list(_record_kinds())
            msg = (
                f"unknown record kind {kind!r}{did_you_mean(kind, names)}; expected one of {', '.join(names)}"
            )
            raise CatalogueError(msg)
        rows, columns = record_rows(self._by_kind[kind].values(), cls)
        return frame(rows, columns, index="id", types=column_types(cls))

    def to_document(self) -> dict[str, Any]:
        """Return the catalogue as plain data, in the shape of a catalogue file."""
        from ._convert import unstructure

        doc: dict[str, Any] = {"catalogue": unstructure(self.info)}
        for kind, recs in self._by_kind.items():
            if recs:
                doc[kind] = [unstructure(r) for r in recs.values()]
        return doc

    def to_path(
        self,
        path: str | os.PathLike[str],
        *,
        format: str | None = None,  # noqa: A002
        overwrite: bool = False,
    ) -> "Path":
        """Write the catalogue to a file or a directory, atomically.

        Parameters
        ----------
        path : str or path-like
            A path ending in ``.toml`` or ``.json`` is written as one file; any other
            path is a directory, written as ``catalogue.toml`` plus one file per kind
            of record (``technique.toml``, ...).
        format : {"toml", "json"}, optional
            For a directory, the file format (default TOML).
        overwrite : bool
            Replace an existing file, or a directory that is not empty. Files in the
            directory that are not catalogue files (a README, ``.git``) are kept.

        Returns
        -------
        Path
            The path written.

        Raises
        ------
        CatalogueWriteError
            If the output exists (without ``overwrite``) or is not a regular file or
            directory, the directory holds other catalogue files (which would be read
            back as part of this catalogue) or the files cannot be written. Nothing is
            lost: a file is written to a temporary file and then replaced, a directory
            is written beside and swapped in as a whole (after ``kill -9`` it holds
            the old catalogue or the new one, never a mix).
        """
        from pathlib import Path

        from . import _io

        target = Path(path)
        doc = self.to_document()
        if target.suffix in _io.FORMATS:
            if format is not None and f".{format}" != target.suffix:
                msg = f"{target}: the suffix says {target.suffix[1:]}, but format={format!r}"
                raise CatalogueWriteError(msg)
            _io.check_output(target, overwrite=overwrite)
            _io.atomic_write(target, _io.dumps(doc, target.suffix))
            return target
        suffix = f".{format or 'toml'}"
        if suffix not in _io.FORMATS:
            msg = f"{target}: unknown format {format!r}; expected 'toml' or 'json'"
            raise CatalogueWriteError(msg)
        files = {key: f"{key}{suffix}" for key in ("catalogue", *_record_kinds())}
        _io.check_output(target, overwrite=overwrite, directory=True, replaces=files.values())
        if target.is_dir():
            ours = {str(target / f) for f in files.values()}
            # The reader's rule decides which files would be read back as part of this catalogue.
            strangers = sorted(
                label for label, _ in _io.catalogue_files(target, str(target)) if label not in ours
            )
            if strangers:
                msg = (
                    f"{target}: holds other catalogue files that would be read back as part of "
                    f"this catalogue: {', '.join(strangers)}; write to an empty directory"
                )
                raise CatalogueWriteError(msg)
        texts = {file: _io.dumps({key: doc[key]}, suffix) for key, file in files.items() if key in doc}
        # Every file of the catalogue is replaced at once; a kind it no longer has is removed.
        return _io.write_tree(target, texts, drop=files.values())
