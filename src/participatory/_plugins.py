"""Finding installed catalogues (metadata only) and turning a provided object into a Catalogue.

Discovery reads the ``participatory.catalogues`` entry points of the installed
distributions and imports nothing: :func:`discover` returns :class:`PluginSpec`
records (entry-point name and value, distribution name, version and summary).
A plugin is imported by :func:`import_spec` only when its catalogue is asked for.
``importlib.metadata`` itself is imported on first discovery, not when
``participatory`` is imported.
"""

import os
import re
from collections.abc import Sequence
from importlib.resources.abc import Traversable
from pathlib import Path

from ._catalogue import Catalogue
from ._errors import CatalogueLoadError

__all__ = [
    "GROUP",
    "Discovery",
    "PluginSpec",
    "canonical_name",
    "describe_type",
    "discover",
    "import_spec",
    "is_catalogue_source",
    "to_catalogue",
]

#: The entry-point group an installed catalogue is declared in.
GROUP = "participatory.catalogues"

_NORMALISE = re.compile(r"[-_.]+")


def canonical_name(name: str) -> str:
    """Normalise a distribution name the way pip does (PEP 503).

    Examples
    --------
    >>> canonical_name("Participatory_ARC.Example")
    'participatory-arc-example'
    """
    return _NORMALISE.sub("-", name).lower()


class PluginSpec:
    """An installed catalogue, as its distribution's metadata declares it (nothing imported).

    A plain class, not an attrs one: discovery is on the path of the first
    :func:`participatory.catalogues` in a process, where building an attrs class at
    import costs more than the scan itself saves (``benchmarks/``).

    Parameters
    ----------
    name : str
        The entry point's name: the catalogue's name.
    value : str
        The entry point's object reference, ``"module:attribute"``.
    distribution, version : str
        The distribution that declares it, and its version.
    summary : str
        The distribution's one-line summary.
    """

    __slots__ = ("distribution", "name", "summary", "value", "version")

    def __init__(self, *, name: str, value: str, distribution: str, version: str, summary: str = "") -> None:
        self.name = name
        self.value = value
        self.distribution = distribution
        self.version = version
        self.summary = summary

    def _key(self) -> tuple[str, str, str, str, str]:
        return (self.name, self.value, self.distribution, self.version, self.summary)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PluginSpec) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"PluginSpec({self.describe()})"

    def describe(self) -> str:
        """``"participatory-arc 1.0 (entry point arc = 'participatory_arc:catalogue')"``."""
        return f"{self.distribution} {self.version} (entry point {self.name} = {self.value!r})"


class Discovery:
    """The result of one scan: usable plugins by name, and names claimed more than once."""

    __slots__ = ("conflicts", "plugins")

    def __init__(
        self, *, plugins: dict[str, PluginSpec], conflicts: dict[str, tuple[PluginSpec, ...]]
    ) -> None:
        self.plugins = plugins
        self.conflicts = conflicts


def discover(path: Sequence[str] | None = None) -> Discovery:
    """Scan installed distributions for ``participatory.catalogues`` entry points.

    Only metadata is read (``entry_points.txt`` of every distribution, and
    ``METADATA`` of those that declare a catalogue); no plugin is imported. A
    distribution seen twice on the path (a misconfigured environment, an egg-info
    beside an editable install) counts once: the first one found wins, as for imports.
    A catalogue name declared by two different distributions is a conflict.

    Parameters
    ----------
    path : sequence of str, optional
        Directories to search instead of ``sys.path``.
    """
    from importlib import metadata

    dists = metadata.distributions() if path is None else metadata.distributions(path=list(path))
    found: dict[str, list[PluginSpec]] = {}
    seen: set[str] = set()
    for dist in dists:
        try:
            # Parse only the entry points of distributions that name the group: most
            # do not, and reading the text is a third of the cost of parsing it.
            text = dist.read_text("entry_points.txt")
            if not text or GROUP not in text:
                continue
            eps = [ep for ep in dist.entry_points if ep.group == GROUP]
        except Exception:  # noqa: BLE001, S112  (unreadable metadata of an unrelated package)
            continue
        if not eps:
            continue
        meta = dist.metadata
        dist_name = meta["Name"] or "unknown"
        key = canonical_name(dist_name)
        if key in seen:
            continue
        seen.add(key)
        summary = meta["Summary"] or ""
        named: set[str] = set()
        for ep in eps:
            if ep.name in named:  # a name declared twice by one distribution: the first counts
                continue
            named.add(ep.name)
            spec = PluginSpec(
                name=ep.name, value=ep.value, distribution=dist_name, version=dist.version, summary=summary
            )
            found.setdefault(ep.name, []).append(spec)
    plugins: dict[str, PluginSpec] = {}
    conflicts: dict[str, tuple[PluginSpec, ...]] = {}
    for name in sorted(found):
        specs = found[name]
        if len(specs) == 1:
            plugins[name] = specs[0]
        else:
            conflicts[name] = tuple(specs)
    return Discovery(plugins=plugins, conflicts=conflicts)


def import_spec(spec: PluginSpec) -> object:
    """Import the object a plugin's entry point names.

    Raises
    ------
    CatalogueLoadError
        If the import fails; the original exception is the ``__cause__``.
    """
    from importlib.metadata import EntryPoint

    module = spec.value.partition(":")[0].strip()
    try:
        return EntryPoint(name=spec.name, value=spec.value, group=GROUP).load()
    except ModuleNotFoundError as e:
        hint = ""
        if e.name and module.startswith(e.name):
            hint = (
                f"; {spec.distribution} is installed but its module {module!r} is not importable "
                "(if you renamed it, re-run `pip install -e .`)"
            )
        msg = f"cannot import {spec.value!r}: {type(e).__name__}: {e}{hint}"
        raise CatalogueLoadError(msg, name=spec.name) from e
    except KeyboardInterrupt:
        raise
    except BaseException as e:
        msg = f"cannot import {spec.value!r}: {type(e).__name__}: {e}"
        raise CatalogueLoadError(msg, name=spec.name) from e


def is_catalogue_source(obj: object) -> bool:
    """Whether ``obj`` is something a catalogue can be provided as."""
    return isinstance(obj, Catalogue | str | os.PathLike | Traversable) or callable(obj)


def describe_type(obj: object) -> str:
    """Name the type of ``obj`` for a message (``"an int"``, ``"None"``)."""
    if obj is None:
        return "None"
    name = type(obj).__name__
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


_EXPECTED = (
    "expected a Catalogue, a zero-argument function returning one, or a path "
    "(or importlib.resources Traversable) to a catalogue file or directory"
)


def _from_path(obj: "str | os.PathLike[str] | Traversable") -> Catalogue:
    if isinstance(obj, str | os.PathLike):
        return Catalogue.from_path(Path(obj))
    return Catalogue.from_path(obj)


def to_catalogue(obj: object, what: str) -> Catalogue:
    """Turn a provided object into a Catalogue, reading files or calling a factory.

    Parameters
    ----------
    obj : object
        A Catalogue, a zero-argument callable returning one (or a path), or a path
        or Traversable to a catalogue file or directory.
    what : str
        How to name the provider in messages.

    Raises
    ------
    CatalogueLoadError
        If ``obj`` (or what the factory returns) is of the wrong type, or the factory
        raises anything but a :class:`CatalogueError`.
    CatalogueValidationError, CatalogueNotFoundError
        If the files cannot be read or hold invalid data.
    """
    if isinstance(obj, Catalogue):
        return obj
    if isinstance(obj, str | os.PathLike | Traversable):
        return _from_path(obj)
    if callable(obj):
        from ._errors import CatalogueError

        try:
            result = obj()
        except (CatalogueError, KeyboardInterrupt):
            raise
        except BaseException as e:
            msg = f"{what}: calling {getattr(obj, '__qualname__', obj)!r} failed: {type(e).__name__}: {e}"
            raise CatalogueLoadError(msg) from e
        if isinstance(result, Catalogue):
            return result
        if isinstance(result, str | os.PathLike | Traversable):
            return _from_path(result)
        msg = f"{what}: the function returned {describe_type(result)}; {_EXPECTED}"
        raise CatalogueLoadError(msg)
    msg = f"{what}: names {describe_type(obj)}; {_EXPECTED}"
    raise CatalogueLoadError(msg)
