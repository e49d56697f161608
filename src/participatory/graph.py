"""The technique graph: queries over a catalogue, result tables, exports and drawings.

Build a graph with :meth:`Catalogue.graph() <participatory.Catalogue.graph>`; everything
it returns is typed by a class here. networkx is imported only when something needs the
networkx graph (``g.nx``, ``path``, ``draw``, the exports), not by this module.

Examples
--------
>>> import participatory as pr
>>> from participatory.graph import TechniqueGraph
>>> isinstance(pr.Catalogue([]).graph(), TechniqueGraph)
True
"""

from ._export import EXPORTS, read_graph
from ._graph import Coverage, TechniqueGraph
from ._results import Table, TechniqueResults
from ._usage import USAGE_KEYS, Outcomes

__all__ = [
    "EXPORTS",
    "USAGE_KEYS",
    "Coverage",
    "Outcomes",
    "Table",
    "TechniqueGraph",
    "TechniqueResults",
    "read_graph",
]
