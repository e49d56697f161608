"""Query results: small tables that show well in a terminal and a notebook."""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, overload

from ._frames import plain, range_cells
from ._model import Stage, Technique

__all__ = ["Table", "TechniqueResults"]

#: Rows shown by the plain-text and HTML displays before "... and N more".
SHOWN_ROWS = 25


class Table:
    """Rows of named columns, as returned by :meth:`TechniqueGraph.usage`.

    Iterating gives the rows as dicts; ``len``, indexing, :meth:`to_records` and
    :meth:`to_dataframe` work as expected, and the table shows as an HTML table in a
    notebook and as aligned text elsewhere.

    Parameters
    ----------
    columns : sequence of str
        Column names, in display order.
    rows : sequence of mapping
        One mapping per row, keyed by column name.
    title : str
        A caption.
    order : mapping of str to sequence of str, optional
        Columns of ids that have an order of their own (stages: the research cycle),
        shown by :meth:`to_dataframe` as ordered categoricals in that order.
    """

    _order: Mapping[str, Sequence[str]] = {}

    def __init__(
        self,
        columns: Sequence[str],
        rows: Sequence[Mapping[str, Any]] | None,
        *,
        title: str = "",
        order: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.columns: tuple[str, ...] = tuple(columns)
        self._row_cache: tuple[Mapping[str, Any], ...] | None = tuple(rows) if rows is not None else None
        self.title = title
        if order:
            self._order = dict(order)

    @property
    def _rows(self) -> tuple[Mapping[str, Any], ...]:
        if self._row_cache is None:
            self._row_cache = tuple(self._make_rows())
        return self._row_cache

    def _make_rows(self) -> Iterable[Mapping[str, Any]]:
        """Build the rows on first use (subclasses that hold records do it lazily)."""
        return ()

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[Any]:
        for row in self._rows:
            yield dict(row)

    def __getitem__(self, i: int) -> Any:
        return dict(self._rows[i])

    def __bool__(self) -> bool:
        return bool(self._rows)

    def to_records(self) -> list[dict[str, Any]]:
        """Return the rows as plain dicts (enums as their names, tuples as lists): JSON-ready."""
        return [{k: plain(v) for k, v in row.items()} for row in self._rows]

    def to_dataframe(self) -> Any:
        """Return the rows as a pandas DataFrame (needs ``participatory[pandas]``).

        Returns
        -------
        pandas.DataFrame
            One row per row of the table, with the columns of :attr:`record_columns`.
        """
        from ._frames import frame

        return frame(self._records_raw(), self.record_columns, index=self._index, order=self._order)

    _index: str | None = None

    def _records_raw(self) -> list[Mapping[str, Any]]:
        return list(self._rows)

    @property
    def record_columns(self) -> tuple[str, ...]:
        """The keys of :meth:`to_records` rows (and the DataFrame's columns)."""
        return self.columns

    def _display_rows(self, limit: int | None) -> list[list[str]]:
        from ._html._text import cell_text

        return [[cell_text(row.get(c)) for c in self.columns] for row in self._rows[:limit]]

    def to_text(self, max_rows: int | None = None) -> str:
        """Return the table as aligned plain text, with at most ``max_rows`` rows (all by default)."""
        from ._html._text import text_table

        return text_table(self.title, self.columns, self._display_rows(max_rows), len(self))

    def __repr__(self) -> str:
        return self.to_text(SHOWN_ROWS)

    def _repr_html_(self) -> str:
        from ._html._reprs import table_html

        return table_html(self.title, self.columns, self._display_rows(SHOWN_ROWS), len(self), repr(self))


class TechniqueResults(Table):
    """Techniques found by a query, best fit first.

    Iterating gives :class:`~participatory.Technique` records; ``results[0]`` is the
    best match and ``results["photovoice"]`` looks one up by id. :attr:`scores` holds
    each technique's score (see the query's documentation).

    Parameters
    ----------
    techniques : sequence of Technique
        The techniques, in order.
    scores : sequence of int or float
        One score per technique.
    stages : mapping of id to Stage, optional
        The catalogue's stages, to show stage names in research-cycle order.
    title : str
        A caption.
    """

    _COLUMNS = ("id", "name", "stages", "levels", "modes", "cost", "group size", "score")
    _index = "id"
    _RECORD_COLUMNS = (
        "id",
        "name",
        "summary",
        "stages",
        "stakeholders",
        "levels",
        "modes",
        "cost",
        "group_min",
        "group_max",
        "timescale",
        "purposes",
        "underserved",
        "score",
    )

    def __init__(
        self,
        techniques: Sequence[Technique],
        scores: Sequence[float],
        *,
        stages: Mapping[str, Stage] | None = None,
        title: str = "Techniques",
    ) -> None:
        self.records: tuple[Technique, ...] = tuple(techniques)
        self.scores: tuple[float, ...] = tuple(scores)
        self._stages = stages or {}
        super().__init__(self._COLUMNS, None, title=title)

    @classmethod
    def _of(
        cls, techniques: tuple[Technique, ...], scores: tuple[float, ...], stages: Mapping[str, Stage]
    ) -> "TechniqueResults":
        """Build results as ``__init__`` does, titled "Techniques", with less per-call work (for queries)."""
        self = cls.__new__(cls)
        self.records = techniques
        self.scores = scores
        self._stages = stages
        return self  # columns, title and the (empty) row cache: the class attributes below

    columns: tuple[str, ...] = _COLUMNS
    title = "Techniques"
    _row_cache: tuple[Mapping[str, Any], ...] | None = None

    def _make_rows(self) -> Iterable[Mapping[str, Any]]:
        return [self._row(t, s) for t, s in zip(self.records, self.scores, strict=True)]

    def __len__(self) -> int:
        return len(self.records)

    def __bool__(self) -> bool:
        return bool(self.records)

    def _row(self, t: Technique, score: float) -> dict[str, Any]:
        stages = [s for s in self._stages if s in t.stages] + [s for s in t.stages if s not in self._stages]
        return {
            "id": t.id,
            "name": t.name,
            "summary": t.summary,
            "stages": stages,
            "stakeholders": list(t.stakeholders),
            "levels": list(t.levels),
            "modes": list(t.modes),
            "cost": t.cost,
            **range_cells("group_size", t.group_size),
            "timescale": t.timescale,
            "purposes": list(t.purposes),
            "underserved": list(t.underserved),
            "score": score,
        }

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids of the techniques, in order."""
        return tuple(t.id for t in self.records)

    def __iter__(self) -> Iterator[Technique]:
        return iter(self.records)

    @overload
    def __getitem__(self, i: int) -> Technique: ...
    @overload
    def __getitem__(self, i: str) -> Technique: ...
    def __getitem__(self, i: int | str) -> Technique:
        if isinstance(i, str):
            for t in self.records:
                if t.id == i:
                    return t
            from ._errors import UnknownIdError

            raise UnknownIdError(i)
        return self.records[i]

    def __contains__(self, item: object) -> bool:
        if isinstance(item, Technique):
            return item in self.records
        return item in self.ids

    @property
    def record_columns(self) -> tuple[str, ...]:
        """The keys of :meth:`to_records` rows (the DataFrame has a few more: see below)."""
        return self._RECORD_COLUMNS

    def to_dataframe(self) -> Any:
        """Return the techniques as a pandas DataFrame, indexed by id, best fit first.

        The columns of :attr:`record_columns`, with ``score`` numeric, plus
        ``min_level`` and ``max_level`` (ordered) and a boolean column per mode
        (``in_person``, ``online``, ``hybrid``), as in :meth:`Catalogue.to_dataframe`.
        Needs ``participatory[pandas]``.
        """
        from ._frames import column_types, expand_columns, expand_row, frame

        rows = [expand_row(row) for row in self._rows]
        whole = all(isinstance(s, int) for s in self.scores)  # counts; similarity is a fraction
        types = {**column_types(Technique), "score": (int if whole else float, False)}
        return frame(rows, expand_columns(self._RECORD_COLUMNS), index="id", types=types)

    def _display_rows(self, limit: int | None) -> list[list[str]]:
        from ._html._text import cell_text

        out = []
        for row in self._rows[:limit]:
            levels = row["levels"]
            level_text = (
                ""
                if not levels
                else levels[0].value
                if len(levels) == 1
                else f"{min(levels).value}-{max(levels).value}"
            )
            lo, hi = row["group_min"], row["group_max"]
            if lo is None and hi is None:
                size = ""
            elif hi is None:
                size = f"{lo}+"
            else:
                size = str(hi) if lo == hi else f"{lo or 1}-{hi}"
            stage_names = [self._stages[s].name if s in self._stages else s for s in row["stages"]]
            out.append(
                [
                    row["id"],
                    row["name"],
                    cell_text(stage_names),
                    level_text,
                    cell_text(row["modes"]),
                    cell_text(row["cost"]),
                    size,
                    cell_text(row["score"]),
                ]
            )
        return out
