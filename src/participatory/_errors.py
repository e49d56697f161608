"""Exceptions and warnings raised by participatory.

Every failure a user can cause raises a subclass of :class:`CatalogueError`.
"""

from collections.abc import Iterable, Sequence
from typing import Literal

import attrs

__all__ = [
    "CatalogueConflictError",
    "CatalogueError",
    "CatalogueLoadError",
    "CatalogueNotFoundError",
    "CatalogueValidationError",
    "CatalogueWriteError",
    "IntakeError",
    "InvalidFieldError",
    "ParticipatoryWarning",
    "PluginWarning",
    "Problem",
    "RegistrationConflict",
    "TranslationError",
    "UnknownIdError",
]

Severity = Literal["error", "warning"]


@attrs.frozen(kw_only=True)
class Problem:
    """One problem found in a catalogue or plan.

    Parameters
    ----------
    file : str
        The file (or catalogue name) the problem is in; ``"-"`` when unknown.
    record : str
        The record's id, or ``kind[index]`` when it has no usable id; ``"-"`` for the
        file as a whole.
    field : str
        Dotted path to the field (``sources[0].url``); ``"-"`` for the whole record.
    message : str
        What is wrong, in plain language.
    severity : {"error", "warning"}
        Warnings do not make a catalogue invalid.
    """

    file: str = "-"
    record: str = "-"
    field: str = "-"
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        text = f"{self.file}: {self.record}: {self.field}: {self.message}"
        return text if self.severity == "error" else f"{text} (warning)"

    def to_dict(self) -> dict[str, str]:
        """Return the problem as a plain dict (for JSON output)."""
        return attrs.asdict(self)


class CatalogueError(Exception):
    """Base class of every error a user of participatory can cause.

    ``command_line`` is the message as the command line says it, when it differs from
    the Python message (``--force`` for ``overwrite=True``, ``--stage`` for ``stage=``);
    empty otherwise.
    """

    def __init__(self, *args: object, command_line: str = "") -> None:
        super().__init__(*args)
        self.command_line = command_line


class CatalogueValidationError(CatalogueError, ValueError):
    """A catalogue or plan has problems; ``problems`` lists every one of them.

    ``str(error)`` gives a headline and then one problem a line, in the form
    ``file: record-id: field.path: message``.
    """

    def __init__(self, problems: Iterable[Problem], headline: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        errors = sum(1 for p in self.problems if p.severity == "error")
        self.headline = headline or (
            f"{errors} problem{'s' if errors != 1 else ''} found" if errors else "problems found"
        )
        super().__init__(self.headline)

    def __str__(self) -> str:
        return "\n".join([self.headline, *(str(p) for p in self.problems)])


class InvalidFieldError(CatalogueValidationError, TypeError):
    """A value given for one field of a record, in Python, has the wrong type or is not allowed.

    Raised when the record (or a :class:`~participatory.Catalogue` of records) is built,
    never later. It is a :class:`CatalogueValidationError` (and so a ``ValueError``) and
    a ``TypeError``; ``field`` names the field (``levels[0]``) and ``str(error)`` reads
    ``Technique.levels[0]: unknown level 'colaborate'; did you mean 'collaborate'? ...``.
    """

    def __init__(self, owner: str, field: str, message: str) -> None:
        self.owner = owner
        self.field = field
        self.message = message
        super().__init__([Problem(record=owner, field=field, message=message)], headline=message)

    def __str__(self) -> str:
        return f"{self.owner}.{self.field}: {self.message}" if self.owner else f"{self.field}: {self.message}"


class IntakeError(CatalogueValidationError):
    """Form responses or an intake inbox could not be read or changed; nothing was written.

    Each problem names the file, the row or draft (``row 4``, a draft's id) and the column
    or field, like every validation error.
    """


class TranslationError(CatalogueValidationError):
    """A translation overlay has problems: an unknown id, an untranslatable field, a bad value.

    Each problem names the overlay file (``translations/cy.toml``), the record id and the field.
    """


class CatalogueNotFoundError(CatalogueError, LookupError):
    """A catalogue (by name or path) does not exist."""


class UnknownIdError(CatalogueError, KeyError):
    """No record has the id asked for; the message suggests the nearest ids."""

    def __init__(self, key: str, suggestions: Sequence[str] = (), *, reason: str = "") -> None:
        self.key = key
        self.suggestions = tuple(suggestions)
        hint = f"; did you mean {' or '.join(repr(s) for s in self.suggestions)}?" if suggestions else ""
        self.message = reason or f"no record with id {key!r}{hint}"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class CatalogueConflictError(CatalogueError):
    """Two catalogues, or two registrations, claim the same id or name."""


class RegistrationConflict(CatalogueConflictError):
    """A catalogue name is already taken by another provider (the message names both)."""


class CatalogueLoadError(CatalogueError):
    """A named catalogue could not be loaded.

    Its plugin failed to import or returned the wrong type, or what it ``extends``
    is missing or forms a cycle.

    The original exception, if any, is the ``__cause__``; ``name`` is the catalogue's name.
    """

    def __init__(self, message: str, *, name: str = "") -> None:
        self.name = name
        super().__init__(message)


class CatalogueWriteError(CatalogueError, OSError):
    """A catalogue or plan could not be written; nothing was changed."""


class ParticipatoryWarning(UserWarning):
    """Base class of the warnings participatory emits."""


class PluginWarning(ParticipatoryWarning):
    """An installed catalogue failed to load; the others were loaded.

    ``name`` is the catalogue's name and ``error`` the first line of why it failed, so
    that the command line can say it in one line.
    """

    def __init__(self, message: str, *, name: str = "", error: str = "") -> None:
        super().__init__(message)
        self.name = name
        self.error = error
