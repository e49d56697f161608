"""Importing Participedia's exports (methods, cases, organisations) into a catalogue.

Participedia (https://participedia.net) publishes its content under CC BY-NC-SA 3.0.
The importer turns downloaded exports (CSV files of methods, cases or organisations,
each recognised by its ``type`` column, and the JSON of its search) into one catalogue
named ``participedia`` that ``extends`` the built-in ``core`` catalogue: a technique per
method, a case per case, an organisation per organisation, each citing its Participedia
page, with the links between them as references. The data is the user's to keep; it
never ships with this package.

The format facts this package relies on (columns, codes, quirks) are described in
``docs/importing.md``. Every code listed there maps to a field value or a tag
(:data:`CODES` and the tables of ``_records``); an unknown code is kept as a tag and
counted in the summary. A link to a record that is not among the imported ones is kept
as a tag (``mentions-method-4328``) and counted, never as a dangling reference.
"""

import os
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from .. import _io
from .._catalogue import Catalogue, CatalogueInfo
from .._errors import (
    CatalogueNotFoundError,
    CatalogueValidationError,
    Problem,
    UnknownIdError,
)
from .._kinds import KINDS as RECORD_KINDS
from .._model import Case, Organisation, Record, Technique
from .._schema import slugify
from ._methods import (
    CODES,
    ID_PREFIX,
    SUMMARY_LIMIT,
    SYNONYMS,
    Row,
    assign_ids,
    clean_title,
    core_index,
    date_of,
    make_summary,
    match_key,
    technique_of,
    title_keys,
)
from ._read import KINDS, Input, Skipped, invalid, read_bytes, read_input, read_rows
from ._records import Linker, Mention, case_of, organisation_of

__all__ = [
    "CODES",
    "ID_PREFIX",
    "LICENCE",
    "NAME",
    "SUMMARY_LIMIT",
    "SYNONYMS",
    "ImportSummary",
    "Mention",
    "Skipped",
    "import_participedia",
    "make_summary",
    "match_key",
    "read_rows",
]

#: Name of the catalogue the importer writes.
NAME: Final = "participedia"
#: Licence of Participedia's content, recorded in the catalogue's metadata.
LICENCE: Final = "CC BY-NC-SA 3.0"
LICENCE_URL: Final = "https://creativecommons.org/licenses/by-nc-sa/3.0/"
#: Ids of imported cases and organisations: ``participedia-case-5391``.
CASE_PREFIX: Final = f"{ID_PREFIX}case-"
ORGANISATION_PREFIX: Final = f"{ID_PREFIX}organisation-"

DESCRIPTION: Final = (
    "Records imported from Participedia (https://participedia.net), whose content is "
    f"licensed {LICENCE} ({LICENCE_URL}). Duties of anyone who uses or shares this "
    "catalogue: attribute Participedia and its contributors, keeping each record's "
    "source link to its Participedia page; use it for non-commercial purposes only; share "
    "anything derived from it under the same licence. Do not ship it inside a software "
    "package: let each user import their own download."
)
_PLURAL: Final = {"method": "methods", "case": "cases", "organization": "organisations"}


# --------------------------------------------------------------------------- summary


@attrs.frozen(kw_only=True)
class ImportSummary:
    """What an import read, wrote, renamed, linked, skipped and did not recognise.

    ``str(summary)`` is the report the ``participatory import`` command prints.

    Parameters
    ----------
    source : str
        The files read, separated by ``", "`` (one file: its path).
    output : str or None
        Where the catalogue was written; ``None`` when nothing was written.
    rows_read : int
        Data rows (JSON: results) in every file (headers and blank lines not counted).
    techniques_written : int
        Techniques in the catalogue.
    renamed : tuple of (str, str)
        ``(participedia id, technique id)`` of each method whose title another method
        with a lower Participedia id already had, and whose id got a ``-2``, ``-3``...
        suffix.
    unknown_codes : mapping of str to mapping of str to int
        Codes not in the format description, by column: code -> number of rows.
        Each was kept as a tag.
    linked : mapping of str to tuple of str
        Imported technique id -> ids of the ``core`` techniques it is the same as.
    staged : int
        Techniques given stages by the stage map.
    unused_stage_keys : tuple of str
        Stage-map keys that matched no row.
    skipped_rows : tuple of Skipped
        Every row (or link cell) not imported: file, row, column, reason and the kind
        of reason (``why``).
    files : mapping of str to str
        Each file read -> what it held (``method``, ``case``, ``organization`` or
        ``search results``).
    organisations_written, cases_written : int
        Organisations and cases in the catalogue.
    links_resolved : int
        Links between imported records that became references.
    unresolved : tuple of Mention
        Links to records not among the imported ones (or not of the kind the column
        refers to), each kept as a tag on the linking record.
    catalogue : Catalogue
        The imported catalogue.
    """

    source: str
    output: str | None = None
    rows_read: int = 0
    techniques_written: int = 0
    renamed: tuple[tuple[str, str], ...] = ()
    unknown_codes: Mapping[str, Mapping[str, int]] = attrs.field(factory=dict)
    linked: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    staged: int = 0
    unused_stage_keys: tuple[str, ...] = ()
    skipped_rows: tuple[Skipped, ...] = ()
    files: Mapping[str, str] = attrs.field(factory=dict)
    organisations_written: int = 0
    cases_written: int = 0
    links_resolved: int = 0
    unresolved: tuple[Mention, ...] = ()
    catalogue: Catalogue = attrs.field(factory=Catalogue, eq=False, repr=False)

    @property
    def skipped(self) -> tuple[tuple[int, str], ...]:
        """``(row, reason)`` of each whole row not imported (see :attr:`skipped_rows` for the files)."""
        return tuple((s.row, s.reason) for s in self.skipped_rows if not s.column)

    @property
    def skipped_counts(self) -> dict[str, int]:
        """How many rows or cells were skipped, by kind of reason."""
        return dict(Counter(s.why for s in self.skipped_rows))

    @property
    def unknown_count(self) -> int:
        """Number of unknown codes met, over every column and row."""
        return sum(sum(codes.values()) for codes in self.unknown_codes.values())

    def to_dict(self) -> dict[str, Any]:
        """Return the summary as plain data (for JSON output), without the catalogue."""
        return {
            "source": self.source,
            "files": dict(self.files),
            "output": self.output,
            "rows_read": self.rows_read,
            "techniques_written": self.techniques_written,
            "organisations_written": self.organisations_written,
            "cases_written": self.cases_written,
            "links_resolved": self.links_resolved,
            "unresolved": [attrs.asdict(m) for m in self.unresolved],
            "duplicates_renamed": [{"participedia_id": p, "id": t} for p, t in self.renamed],
            "unknown_codes": {col: dict(codes) for col, codes in self.unknown_codes.items()},
            "same_as": {tid: list(ids) for tid, ids in self.linked.items()},
            "staged": self.staged,
            "unused_stage_keys": list(self.unused_stage_keys),
            "skipped": [attrs.asdict(s) for s in self.skipped_rows],
            "skipped_counts": self.skipped_counts,
        }

    def __str__(self) -> str:
        where = f" to {self.output}" if self.output else " (nothing written)"
        several = len(self.files) > 1
        lines = []
        if several or any(kind != "method" for kind in self.files.values()):
            lines.append(f"files read: {len(self.files)}")
            lines.extend(f"  {path}: {kind}" for path, kind in self.files.items())
        lines += [
            f"rows read: {self.rows_read}",
            f"techniques written: {self.techniques_written}{where}",
        ]
        if self.organisations_written or self.cases_written or several:
            lines += [
                f"organisations written: {self.organisations_written}",
                f"cases written: {self.cases_written}",
            ]
        lines += [
            f"duplicates renamed: {len(self.renamed)}"
            + "".join(f"\n  participedia id {p} -> {t}" for p, t in self.renamed),
            f"linked to core (same_as): {len(self.linked)}"
            + "".join(f"\n  {tid} = {', '.join(ids)}" for tid, ids in self.linked.items()),
            f"given stages from the stage map: {self.staged}",
        ]
        if self.links_resolved or self.unresolved:
            lines.append(f"links between imported records: {self.links_resolved}")
            lines.append(
                f"links kept as tags (record not imported, or of another kind): {len(self.unresolved)}"
            )
            lines.extend(f"  {m}" for m in self.unresolved)
        if self.unused_stage_keys:
            keys = ", ".join(repr(k) for k in self.unused_stage_keys)
            lines.append(f"stage-map keys matching no row: {keys}")
        rows = [s for s in self.skipped_rows if not s.column]
        cells = [s for s in self.skipped_rows if s.column]
        if rows:
            lines.append(f"rows skipped: {len(rows)}")
            lines.extend(f"  {s}" if several else f"  {s.where}: {s.reason}" for s in rows)
        if cells:
            lines.append(f"cells skipped: {len(cells)}")
            lines.extend(f"  {s}" for s in cells)
        lines.append(f"unknown codes (kept as tags): {self.unknown_count}")
        for column, codes in self.unknown_codes.items():
            listed = ", ".join(f"{code!r} x{n}" for code, n in codes.items())
            lines.append(f"  {column}: {sum(codes.values())} ({listed})")
        return "\n".join(lines)


# --------------------------------------------------------------------------- stage maps


StageMap = Mapping[str, Sequence[str] | str]


@attrs.frozen
class _Stages:
    by_id: Mapping[int, tuple[str, ...]]
    by_title: Mapping[str, tuple[str, ...]]
    keys: Mapping[str, str]  # the key as written -> "id:N" or "title:KEY"


def _read_stage_map(stage_map: str | os.PathLike[str] | StageMap | None, core: Catalogue) -> _Stages:
    if stage_map is None:
        return _Stages({}, {}, {})
    if isinstance(stage_map, Mapping):
        doc: Any = stage_map
        label = "stage map"
    else:
        label = os.fspath(stage_map)
        data = read_bytes(Path(stage_map), label, "stage-map file")
        doc, problem = _io.parse(data, label)
        if problem is not None:
            raise CatalogueValidationError([problem])
        if not isinstance(doc, dict):
            raise CatalogueValidationError(
                [Problem(file=label, message="expected a table of title or id = [stage ids]")]
            )
    problems: list[Problem] = []
    by_id: dict[int, tuple[str, ...]] = {}
    by_title: dict[str, tuple[str, ...]] = {}
    keys: dict[str, str] = {}
    for key, value in doc.items():
        terms = [value] if isinstance(value, str) else value
        if not isinstance(key, str) or not isinstance(terms, list | tuple):
            problems.append(
                Problem(file=label, record=str(key), message="expected a list of stage ids or names")
            )
            continue
        stages: list[str] = []
        for i, term in enumerate(terms):
            found, message = _resolve_stage(term, core)
            if message:
                problems.append(Problem(file=label, record=key, field=f"[{i}]", message=message))
            stages.extend(s for s in found if s not in stages)
        if key.strip().isascii() and key.strip().isdigit():
            by_id[int(key)] = tuple(stages)
            keys[key] = f"id:{int(key)}"
        else:
            title_key = slugify(clean_title(key))
            by_title[title_key] = tuple(stages)
            keys[key] = f"title:{title_key}"
    if problems:
        raise CatalogueValidationError(problems, headline=f"{label}: stage map has problems")
    return _Stages(by_id, by_title, keys)


def _resolve_stage(term: object, core: Catalogue) -> tuple[tuple[str, ...], str]:
    if not isinstance(term, str):
        return (), f"expected a stage id or name, got {type(term).__name__}"
    if core.stages:
        try:
            return core.resolve(term, "stage"), ""
        except UnknownIdError as e:
            return (), str(e).replace("no record with id", "unknown stage")
    if slugify(term) != term:
        return (), f"{term!r} is not a stage id"
    return (term,), ""


# --------------------------------------------------------------------------- output


# --------------------------------------------------------------------------- the import


def import_participedia(
    csv_path: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    output_dir: str | os.PathLike[str] | None,
    *,
    stage_map: str | os.PathLike[str] | StageMap | None = None,
    force: bool = False,
    core: Catalogue | None = None,
) -> ImportSummary:
    r"""Turn Participedia exports into one catalogue named ``participedia``.

    Each CSV file is recognised by its ``type`` column (``method``, ``case`` or
    ``organization``; a file without one is read as methods); a file holding JSON is
    read as the results of Participedia's search, each result by its own ``type``.
    Methods become techniques whose id is ``participedia-`` plus a slug of the title
    (``-2``, ``-3``... for later methods, by Participedia id, that share a title);
    cases become cases ``participedia-case-ID`` and organisations become organisations
    ``participedia-organisation-ID``. Every record cites its Participedia page. Links
    between imported records (a case's methods and primary organiser, an
    organisation's methods) become references; a link to a record not imported is kept
    as a tag and counted. Codes become field values or tags (see
    ``docs/importing.md``); unknown codes are kept as tags and counted. Where a method
    is the same technique as one of ``core`` (by :func:`match_key` on names and aliases,
    or :data:`SYNONYMS`), its ``same_as`` names the core technique.

    Parameters
    ----------
    csv_path : str, path-like or sequence of them
        The downloaded files (CSV or JSON), any number, in any order. (The name is
        kept from when only one methods CSV was read.)
    output_dir : str, path-like or None
        Directory (or ``.toml``/``.json`` file) to write the catalogue to, atomically;
        ``None`` to write nothing (the catalogue is in ``summary.catalogue``).
    stage_map : str, path-like or mapping, optional
        A TOML/JSON file (or a mapping) from a method's title or Participedia id to
        stage ids, names or crosswalk terms of ``core``. Without it, techniques have
        no stages.
    force : bool
        Replace an output that already holds a different catalogue.
    core : Catalogue, optional
        The catalogue to link to and take stages and stakeholders from; the built-in
        ``core`` by default.

    Returns
    -------
    ImportSummary
        Counts, renamed ids, links, unresolved links, skipped rows, unknown codes, and
        the catalogue.

    Raises
    ------
    CatalogueNotFoundError
        If a file or the stage-map file does not exist.
    CatalogueValidationError
        If a file is not an export (binary, not UTF-8, missing the ``id`` or ``title``
        column, malformed rows, bad ids or urls) or the stage map has problems; every
        problem of every file is listed. Nothing is written.
    CatalogueWriteError
        If the output holds a different catalogue (and ``force`` is false) or
        cannot be written.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> csv_file = pathlib.Path(tempfile.mkdtemp()) / "methods.csv"
    >>> _ = csv_file.write_text('"id","title","public_spectrum"\n"7","Citizens Jury","empower"\n')
    >>> summary = import_participedia(csv_file, None, core=Catalogue())
    >>> summary.catalogue.techniques["participedia-citizens-jury"].levels
    (<Level.EMPOWER: 'empower'>,)
    """
    files = [csv_path] if isinstance(csv_path, str | os.PathLike) else list(csv_path)
    if not files:
        msg = "no files to import"
        raise CatalogueNotFoundError(msg)
    inputs = _read_inputs(files)
    if core is None:
        from .._builtin import builtin_catalogue

        core = builtin_catalogue("core")
    stages = _read_stage_map(stage_map, core)
    by_kind, skipped = _gather(inputs)
    if not any(by_kind.values()):
        raise _nothing_to_import(inputs)
    target = Path(output_dir) if output_dir is not None else None
    if target is not None:
        stage_file = stage_map if isinstance(stage_map, str | os.PathLike) else None
        directory = target.suffix not in _io.FORMATS
        written = [f"{kind}.toml" for kind in ("catalogue", *RECORD_KINDS)]
        inputs_read = [*files, stage_file]
        _io.check_output(
            target, overwrite=force, directory=directory, replaces=written, inputs=inputs_read, option="force"
        )

    methods = by_kind["method"]
    case_ids = {item.pid: f"{CASE_PREFIX}{item.pid}" for item in by_kind["case"]}
    org_ids = {item.pid: f"{ORGANISATION_PREFIX}{item.pid}" for item in by_kind["organization"]}
    method_ids, renamed = assign_ids(methods, reserved=[*case_ids.values(), *org_ids.values()])
    titles: dict[str, str] = {}
    for item in sorted(methods, key=lambda r: r.pid):
        titles.setdefault(slugify(item.title), method_ids[item.pid])
    linker = Linker(
        ids={
            **{("method", pid): tid for pid, tid in method_ids.items()},
            **{("case", pid): cid for pid, cid in case_ids.items()},
            **{("organization", pid): oid for pid, oid in org_ids.items()},
        },
        method_titles=titles,
    )

    index = core_index(core)
    unknown: dict[str, Counter[str]] = {}
    used_keys: set[str] = set()
    linked: dict[str, tuple[str, ...]] = {}
    records: list[Record] = []
    rows_of: dict[str, Row] = {}  # the row each record was made from, for locating its problems
    staged = 0
    for item in sorted(methods, key=lambda r: r.pid):
        tid = method_ids[item.pid]
        title_key = slugify(clean_title(item.title))
        if item.pid in stages.by_id:
            tech_stages = stages.by_id[item.pid]
            used_keys.add(f"id:{item.pid}")
        else:
            tech_stages = stages.by_title.get(title_key, ())
            if title_key in stages.by_title:
                used_keys.add(f"title:{title_key}")
        staged += bool(tech_stages)
        same = tuple(sorted({cid for key in title_keys(item.title) for cid in index.get(key, ())}))
        if same:
            linked[tid] = same
        records.append(technique_of(item, tid, tech_stages, same, unknown))
        rows_of[tid] = item
    unused = tuple(key for key, ref in stages.keys.items() if ref not in used_keys)
    for item in sorted(by_kind["organization"], key=lambda r: r.pid):
        records.append(organisation_of(item, org_ids[item.pid], linker, unknown))
        rows_of[org_ids[item.pid]] = item
    for item in sorted(by_kind["case"], key=lambda r: r.pid):
        records.append(
            case_of(item, case_ids[item.pid], linker, unknown, lambda sid: sid in core.stakeholders)
        )
        rows_of[case_ids[item.pid]] = item

    kinds = [kind for kind in KINDS if by_kind[kind]]
    try:
        catalogue = Catalogue(records, info=_info([item for kind in KINDS for item in by_kind[kind]], kinds))
    except CatalogueValidationError as e:  # a cell the records cannot hold: name its file and row
        raise CatalogueValidationError(
            [_at_row(problem, rows_of) for problem in e.problems], headline="rows with problems"
        ) from None
    summary = ImportSummary(
        source=", ".join(i.label for i in inputs),
        files={i.label: i.kind for i in inputs},
        output=os.fspath(target) if target is not None else None,
        rows_read=sum(i.rows_read for i in inputs),
        techniques_written=sum(isinstance(r, Technique) for r in records),
        organisations_written=sum(isinstance(r, Organisation) for r in records),
        cases_written=sum(isinstance(r, Case) for r in records),
        links_resolved=linker.resolved,
        unresolved=tuple(linker.mentions),
        renamed=tuple(renamed),
        unknown_codes={col: dict(sorted(codes.items())) for col, codes in sorted(unknown.items())},
        linked=linked,
        staged=staged,
        unused_stage_keys=unused,
        skipped_rows=(*skipped, *linker.skipped),
        catalogue=catalogue,
    )
    if target is not None:
        catalogue.to_path(target, overwrite=force)
    return summary


def _at_row(problem: Problem, rows_of: Mapping[str, Row]) -> Problem:
    """Locate a problem of an imported record at the file and row it was made from."""
    row = rows_of.get(problem.record or "")
    if row is None:
        return problem
    return attrs.evolve(
        problem, file=row.file, record=row.where, message=f"{problem.message} ({problem.record})"
    )


def _read_inputs(files: Sequence[str | os.PathLike[str]]) -> list[Input]:
    """Read every file, CSV files first; report the problems of all of them at once."""
    inputs: list[Input] = []
    errors: list[CatalogueValidationError] = []
    for path in files:
        label = os.fspath(path)
        data = read_bytes(Path(path), label)
        try:
            inputs.append(read_input(data, label))
        except CatalogueValidationError as e:
            errors.append(e)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        problems = [p for e in errors for p in e.problems]
        headline = f"{len(errors)} of {len(files)} files have problems: " + "; ".join(
            e.headline for e in errors
        )
        raise CatalogueValidationError(problems, headline=headline)
    return sorted(inputs, key=lambda i: i.format != "csv")  # stable: CSV files, then JSON


def _gather(inputs: Sequence[Input]) -> tuple[dict[str, list[Row]], list[Skipped]]:
    """Rows by kind; a record already read from an earlier file (CSV before JSON) is skipped."""
    by_kind: dict[str, list[Row]] = {kind: [] for kind in KINDS}
    seen: dict[tuple[str, int], Row] = {}
    skipped: list[Skipped] = []
    for data in inputs:
        skipped.extend(data.skipped)
        for item in data.rows:
            first = seen.setdefault((item.kind, item.pid), item)
            if first is not item:
                skipped.append(
                    Skipped(
                        file=item.file,
                        row=item.number,
                        where=item.where,
                        reason=f"{item.kind} {item.pid} was already read from {first.file} {first.where}",
                        why="duplicate",
                    )
                )
                continue
            by_kind[item.kind].append(item)
    return by_kind, skipped


def _nothing_to_import(inputs: Sequence[Input]) -> CatalogueValidationError:
    label = ", ".join(i.label for i in inputs)
    if len(inputs) == 1 and inputs[0].format == "csv":
        kind = inputs[0].kind
        empty = " (the file has no rows)" if not inputs[0].rows_read else ""
        return invalid(label, f"no {kind} rows to import{empty}", f"{_PLURAL[kind]} ")
    return invalid(label, f"no method, case or organization rows to import in {len(inputs)} file(s)")


def _info(items: Sequence[Row], kinds: Sequence[str]) -> CatalogueInfo:
    dates = [
        date
        for item in items
        for column in ("updated_date", "post_date")
        if (date := date_of(item.row.get(column, "")))
    ]
    names = [_PLURAL[kind] for kind in kinds]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return CatalogueInfo(
        name=NAME,
        version=max(dates, default=""),
        title=f"Participedia {listed} (imported)",
        description=DESCRIPTION,
        licence=LICENCE,
        url="https://participedia.net",
        extends=("core",),
        publisher="Participedia",
    )
