"""The static website of a catalogue: its pages as data, and the build that writes them.

:func:`build_site` writes the site (needs the ``site`` extra:
``pip install 'participatory[site]'``); :func:`site_data` returns what the site would show,
as plain data (a :class:`Site` of :class:`RecordPage` and the finder's facets), without
writing anything; with ``lazy=True`` its pages are made one at a time as they are read
(:class:`RecordPages`), which is how :func:`build_site` writes a site of any size.

Examples
--------
>>> import participatory as pr
>>> from participatory.site import site_data
>>> site_data(pr.Catalogue([])).pages
()
"""

from ._board import Board, Listed
from ._guides import Field, Guide, Ref
from ._pages import RecordPage, Section
from ._publish import MARKER, build_site
from ._roles import RoleGuide
from ._site import Chart, Facet, FacetValue, PageRef, RecordPages, Role, Site, UsageGroup, site_data
from ._words import page_path

__all__ = [
    "MARKER",
    "Board",
    "Chart",
    "Facet",
    "FacetValue",
    "Field",
    "Guide",
    "Listed",
    "PageRef",
    "RecordPage",
    "RecordPages",
    "Ref",
    "Role",
    "RoleGuide",
    "Section",
    "Site",
    "UsageGroup",
    "build_site",
    "page_path",
    "site_data",
]
