"""Ids that records ``replaces``: which record now answers to each, and references redirected.

Split from :mod:`participatory._catalogue` (kept under the size of a module one can read).
"""

from collections.abc import Mapping
from typing import Any

import attrs

from ._errors import Problem
from ._model import Origin, Record

__all__ = ["_redirect", "_replacements"]


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

    old = replaced.keys()
    changes: dict[str, Any] = {
        field: tuple(dict.fromkeys(replaced.get(ref, ref) for ref in refs))
        for field in REFERENCES.get(rec.record_kind, ())
        if not old.isdisjoint(refs := getattr(rec, field))  # (the common case, tested in C)
    }
    return attrs.evolve(rec, **changes) if changes else rec
