"""What :func:`participatory.catalogues` returns: one status row per catalogue name."""

import attrs

from ._providers import Kind, Status

__all__ = ["CatalogueStatus", "StatusTable"]


@attrs.frozen(kw_only=True)
class CatalogueStatus:
    """One row of :func:`participatory.catalogues`: a named catalogue and its state.

    Parameters
    ----------
    name : str
        The catalogue's name (what :func:`participatory.load` takes).
    kind : {"built-in", "runtime", "plugin"}
        Shipped with participatory, registered in this session, or installed.
    distribution : str
        The distribution providing it: ``"participatory"`` for built-in catalogues,
        ``"runtime"`` for runtime registrations.
    version : str
        The distribution's version; ``"runtime"`` for runtime registrations.
    title : str
        The catalogue's title once loaded (before that, a plugin's summary).
    status : {"available", "loaded", "failed", "blocked"}
        ``available``: found, not loaded yet; ``failed``: see ``error``.
    error : str
        Why it failed, or is blocked; empty otherwise.
    catalogue_version : str
        The catalogue's own version, from its ``[catalogue]`` table, once loaded (empty
        before); this is what the table's ``version`` column shows.
    """

    name: str
    kind: Kind
    distribution: str
    version: str
    title: str = ""
    status: Status = "available"
    error: str = ""
    catalogue_version: str = ""

    @property
    def origin(self) -> str:
        """``"built-in"``, ``"runtime"``, or ``"distribution version"`` of a plugin."""
        if self.kind == "plugin":
            return f"{self.distribution} {self.version}".strip()
        return self.kind

    def to_dict(self) -> dict[str, str]:
        """Return the row as a plain dict (for JSON output)."""
        return {**attrs.asdict(self), "origin": self.origin}

    def __repr__(self) -> str:
        error = f", error={self.error!r}" if self.error else ""
        return f"<CatalogueStatus {self.name!r} {self.origin}: {self.status}{error}>"


_COLUMNS = ("name", "origin", "version", "status", "title", "error")


class StatusTable(tuple[CatalogueStatus, ...]):
    """A tuple of :class:`CatalogueStatus` rows that prints as a table (text and HTML)."""

    __slots__ = ()

    def _cells(self) -> list[list[str]]:
        rows = []
        for row in self:
            # The catalogue's own version; where a plugin is providing it, the package's is
            # in the origin column (the built-in catalogue's is participatory's own).
            error = row.error.splitlines()[0] if row.error else ""
            rows.append([row.name, row.origin, row.catalogue_version, row.status, row.title, error])
        return rows

    def __repr__(self) -> str:
        if not self:
            return "(no catalogues)"
        from ._html._text import aligned

        return "\n".join(aligned([list(_COLUMNS), *self._cells()]))

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from ._html._reprs import status_html

        return status_html(_COLUMNS, self._cells(), repr(self))


# --------------------------------------------------------------------------- registration
