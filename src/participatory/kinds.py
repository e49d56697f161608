"""Record kinds and query facets, declared once: every surface derives from the declarations.

A :class:`Kind` declares one kind of record (its attrs class, table, plural, web folder,
schema.org type, reference fields and graph edges, translatable fields, names and sort
order); a :class:`Facet` declares one way of filtering techniques (field, values, how it
matches, label, command-line option, finder filter). The loader, checks, catalogue, JSON
Schema, graph, exports, drawings, website and command line all read them.

A facet's values may be an :class:`OrderedEnum` (the base of ``Level``, ``Cost`` and
the other vocabularies), yes/no, whole numbers matched against a range, free slugs, or
ids of a kind. Declare your own with :func:`register_kind` and :func:`register_facet`; each returns a
handle that removes the declaration again, at the end of a ``with`` block or on
``undo()``.

Examples
--------
>>> from participatory.kinds import kind, kinds
>>> kind("case").schema_type, kind("case").plural
('Project', 'cases')
>>> [k.name for k in kinds()][:3]
['stage', 'stakeholder', 'technique']
"""

from ._enums import _OrderedEnum as OrderedEnum
from ._kinds import (
    Declared,
    Edge,
    Facet,
    Kind,
    facet,
    facets,
    format_reference,
    kind,
    kind_of,
    kinds,
    register_facet,
    register_kind,
)

__all__ = [
    "Declared",
    "Edge",
    "Facet",
    "Kind",
    "OrderedEnum",
    "facet",
    "facets",
    "format_reference",
    "kind",
    "kind_of",
    "kinds",
    "register_facet",
    "register_kind",
]
