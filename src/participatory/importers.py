"""Importers: other systems' exports turned into catalogues.

:func:`import_participedia` reads Participedia's methods (and organisations) CSV
exports; :class:`ImportSummary` says what it kept, merged and left out
(:class:`Skipped`), and which core techniques each method mentions (:class:`Mention`).

Examples
--------
>>> from participatory.importers import import_participedia
>>> import_participedia.__name__
'import_participedia'
"""

from ._participedia import ImportSummary, Mention, Skipped, import_participedia

__all__ = ["ImportSummary", "Mention", "Skipped", "import_participedia"]
