"""The example catalogue of participatory research techniques.

A catalogue for participatory, found through the ``participatory.catalogues`` entry
point ``example``. Load it with ``participatory.load("example")``.
"""

from importlib.resources import files

__all__ = ["catalogue"]

#: The catalogue's directory. Reading it is left to participatory, on first use.
catalogue = files(__name__) / "catalogue"
