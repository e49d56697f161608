"""Every error and warning the library raises for something a user can get wrong.

Every failure a user can cause is a :class:`CatalogueError`; a validation error lists
every :class:`Problem` found at once, each with its file, record, field and a
plain-language message.

Examples
--------
>>> from participatory.errors import CatalogueError, UnknownIdError
>>> issubclass(UnknownIdError, CatalogueError)
True
"""

from ._errors import (
    CatalogueConflictError,
    CatalogueError,
    CatalogueLoadError,
    CatalogueNotFoundError,
    CatalogueValidationError,
    CatalogueWriteError,
    InvalidFieldError,
    ParticipatoryWarning,
    PluginWarning,
    Problem,
    RegistrationConflict,
    TranslationError,
    UnknownIdError,
)

__all__ = [
    "CatalogueConflictError",
    "CatalogueError",
    "CatalogueLoadError",
    "CatalogueNotFoundError",
    "CatalogueValidationError",
    "CatalogueWriteError",
    "InvalidFieldError",
    "ParticipatoryWarning",
    "PluginWarning",
    "Problem",
    "RegistrationConflict",
    "TranslationError",
    "UnknownIdError",
]
