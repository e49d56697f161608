"""Providers of named catalogues: what each registered, built-in or plugin name stands for.

A :class:`Provider` knows where a catalogue comes from (an object, a loader, a plugin's
entry point) and how to describe it; the switches read from the environment live here too.
"""

import os
import sys
from collections.abc import Callable
from importlib.resources.abc import Traversable
from pathlib import Path
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, Literal, Self

from ._catalogue import Catalogue
from ._errors import (
    CatalogueError,
    CatalogueNotFoundError,
)
from ._plugins import PluginSpec, describe_type
from ._schema import is_slug

if TYPE_CHECKING:
    from ._registry import Registry

__all__ = ["Kind", "Provider", "Registration", "Status"]

Kind = Literal["built-in", "runtime", "plugin"]
Status = Literal["available", "loaded", "failed", "blocked"]

ENV_STRICT = "PARTICIPATORY_STRICT"
ENV_DISABLE_AUTOLOAD = "PARTICIPATORY_DISABLE_PLUGIN_AUTOLOAD"
ENV_BLOCK = "PARTICIPATORY_BLOCK"
_TRUE = frozenset({"1", "true", "yes", "on"})
MAX_PROBLEMS_IN_WARNING = 5


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in _TRUE


def env_list(name: str) -> frozenset[str]:
    return frozenset(
        part.strip() for part in os.environ.get(name, "").replace(";", ",").split(",") if part.strip()
    )


# --------------------------------------------------------------------------- providers


class Provider:
    """Where a named catalogue comes from (nothing loaded).

    A plain class: it is built on the path of the first ``catalogues()`` (see
    :class:`~participatory._plugins.PluginSpec`).
    """

    __slots__ = ("caller", "distribution", "kind", "name", "obj", "spec", "summary", "version")

    def __init__(
        self,
        *,
        name: str,
        kind: Kind,
        distribution: str,
        version: str,
        summary: str = "",
        obj: object = None,
        spec: PluginSpec | None = None,
        caller: str = "",
    ) -> None:
        self.name = name
        self.kind = kind
        self.distribution = distribution
        self.version = version
        self.summary = summary
        self.obj = obj
        self.spec = spec
        self.caller = caller

    def __repr__(self) -> str:
        return f"<Provider {self.name!r}: {self.describe()}>"

    def describe(self) -> str:
        if self.spec is not None:
            return self.spec.describe()
        if self.kind == "built-in":
            return f"the built-in catalogue {self.name!r}"
        where = f" in {self.caller}" if self.caller else ""
        return f"a runtime registration{where} of {describe_obj(self.obj)}"


def describe_obj(obj: object) -> str:
    if isinstance(obj, Catalogue):
        return repr(obj)
    if isinstance(obj, Path | Traversable):
        return str(obj)
    qualname = getattr(obj, "__qualname__", None)
    if qualname is not None:
        return f"{getattr(obj, '__module__', '?')}.{qualname}"
    return describe_type(obj)


def normalise(obj: object) -> object:
    """Make paths absolute (relative to the working directory when registered)."""
    if isinstance(obj, str | os.PathLike):
        path = Path(obj).expanduser().resolve()
        if not path.exists():
            msg = f"{os.fspath(obj)}: no such file or directory"
            raise CatalogueNotFoundError(msg)
        return path
    return obj


def same_object(a: object, b: object) -> bool:
    if a is b:
        return True
    try:
        return type(a) is type(b) and bool(a == b)
    except Exception:  # noqa: BLE001  (an odd __eq__ means "not the same")
        return False


def redefined(a: object, b: object) -> bool:
    """Tell whether ``b`` is ``a`` defined again under the same name (a notebook cell re-run)."""
    return (
        callable(a)
        and callable(b)
        and not isinstance(a, type)
        and getattr(a, "__qualname__", None) is not None
        and getattr(a, "__module__", None) == getattr(b, "__module__", None)
        and getattr(a, "__qualname__", None) == getattr(b, "__qualname__", None)
    )


def caller_module(depth: int) -> str:
    try:
        frame = sys._getframe(depth + 1)
    except ValueError:  # pragma: no cover - a shallower stack than expected
        return ""
    return str(frame.f_globals.get("__name__", ""))


# --------------------------------------------------------------------------- status rows


def check_name(name: object, *, slug: bool = False) -> None:
    if not isinstance(name, str):
        msg = f"catalogue names are strings, not {describe_type(name)}"
        raise CatalogueError(msg)
    if slug and not is_slug(name):
        msg = f"{name!r} is not a valid catalogue name (lowercase letters, digits and single hyphens)"
        raise CatalogueError(msg)


def builtin_loader(name: str, read: Callable[[str], Catalogue]) -> Callable[[], Catalogue]:
    def loader() -> Catalogue:
        return read(name)

    loader.__qualname__ = f"builtin_catalogue({name!r})"
    return loader


def plugin_provider(spec: PluginSpec) -> Provider:
    return Provider(
        name=spec.name,
        kind="plugin",
        distribution=spec.distribution,
        version=spec.version,
        summary=spec.summary,
        spec=spec,
    )


def user_stacklevel() -> int:
    """Return the stack level of the first frame outside participatory (for warnings)."""
    level = 1
    frame: FrameType | None = sys._getframe(1)
    here = str(Path(__file__).parent)
    while frame is not None and frame.f_code.co_filename.startswith(here):
        frame = frame.f_back
        level += 1
    return level


class Registration:
    """What :func:`participatory.register` returns; as a context manager it undoes itself.

    Examples
    --------
    >>> import participatory as pr
    >>> from participatory.testing import isolated_registry
    >>> with isolated_registry(builtins={}):
    ...     with pr.register("mine", pr.Catalogue()):
    ...         [row.name for row in pr.catalogues()]
    ...     [row.name for row in pr.catalogues()]
    ['mine']
    []
    """

    def __init__(self, registry: "Registry", name: str, previous: Provider | None, *, changed: bool) -> None:
        self.registry = registry
        self.name = name
        self._previous = previous
        self._changed = changed

    def undo(self) -> None:
        """Undo the registration (restoring a runtime registration it replaced)."""
        if self._changed:
            self.registry._restore(self.name, self._previous)
            self._changed = False

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.undo()

    def __repr__(self) -> str:
        return f"<Registration {self.name!r}>"


def translation_root(provider: Provider | None) -> Path | Traversable | None:
    """Return the directory whose ``translations/`` folder translates a provider's catalogue, if any.

    The built-in ``core``'s directory, or a catalogue provided as a directory; ``None`` for a
    catalogue built in code or one that fails to import (reported when it was loaded).
    """
    from ._plugins import import_spec

    if provider is None:
        return None
    if provider.kind == "built-in":
        from ._builtin import core_path

        return core_path() if provider.name == "core" else None
    try:
        obj = import_spec(provider.spec) if provider.spec is not None else provider.obj
    except CatalogueError:
        return None
    if isinstance(obj, str | os.PathLike):
        return Path(obj) if Path(obj).is_dir() else None
    return obj if isinstance(obj, Traversable) and obj.is_dir() else None
