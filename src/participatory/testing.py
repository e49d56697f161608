"""Helpers for testing catalogues and the packages that publish them.

The tests of participatory's own plugin machinery use exactly these:

- :func:`isolated_registry`: a scoped registry that sees no real installed plugin;
- :func:`fake_distribution`: an "installed" distribution with entry points, written
  to a temporary directory (``*.dist-info/METADATA`` and ``entry_points.txt``), the
  way flake8 tests its plugin finder;
- :func:`check_catalogue`: every problem of a catalogue (a path, an object or a
  name), without raising.

Examples
--------
>>> import participatory as pr
>>> from participatory.testing import isolated_registry
>>> with isolated_registry(builtins={}) as registry:
...     _ = pr.register("mine", pr.Catalogue())
...     [row.name for row in pr.catalogues()]
['mine']
"""

import importlib
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from ._errors import CatalogueError, Problem
from ._plugins import GROUP, canonical_name
from ._registry import Registry, current_registry, use_registry

__all__ = ["check_catalogue", "fake_distribution", "isolated_registry"]

_scopes: list["_Scope"] = []


class _Scope:
    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.roots: list[str] = []

    def add_root(self, root: Path) -> None:
        path = str(root)
        if path in self.roots:
            self.registry.refresh()
            return
        self.roots.append(path)
        assert self.registry.search_path is not None  # noqa: S101  (set by isolated_registry)
        self.registry.search_path.append(path)
        sys.path.insert(0, path)
        self.registry.refresh()

    def close(self) -> None:
        for path in self.roots:
            while path in sys.path:
                sys.path.remove(path)
        for name, module in list(sys.modules.items()):
            file = getattr(module, "__file__", None) or ""
            if any(file.startswith(root + os.sep) for root in self.roots):
                del sys.modules[name]
        importlib.invalidate_caches()


@contextmanager
def isolated_registry(
    builtins: Mapping[str, object] | None = None,
    *,
    block: Iterable[str] = (),
    autoload: bool | None = None,
) -> Iterator[Registry]:
    """Use a fresh registry inside a ``with`` block; the previous one is restored after.

    The registry sees no installed plugin except those made with
    :func:`fake_distribution` inside the block, and no runtime registration made
    outside it. Registrations made inside it vanish at the end.

    Parameters
    ----------
    builtins : mapping of str to object, optional
        The built-in catalogues (name -> Catalogue, callable or path); default:
        participatory's own ``core``. Pass ``{}`` for none, or a small stand-in.
    block : iterable of str
        Plugin names to block, as ``PARTICIPATORY_BLOCK`` would.
    autoload : bool, optional
        Whether to scan (fake) installed plugins at all; default: unless
        ``PARTICIPATORY_DISABLE_PLUGIN_AUTOLOAD`` is set.

    Yields
    ------
    Registry
        The scoped registry (``participatory.load`` and friends use it too).
    """
    registry = Registry(builtins=builtins, search_path=[], autoload=autoload, block=block)
    scope = _Scope(registry)
    _scopes.append(scope)
    try:
        with use_registry(registry):
            yield registry
    finally:
        _scopes.remove(scope)
        scope.close()


def fake_distribution(
    tmp_path: str | os.PathLike[str],
    name: str,
    entry_points: Mapping[str, str] | None = None,
    *,
    version: str = "1.0",
    summary: str = "",
    files: Mapping[str, str] | None = None,
) -> Path:
    """Write an "installed" distribution into ``tmp_path`` and make the current scope see it.

    Must be called inside :func:`isolated_registry`. ``tmp_path`` is put on
    ``sys.path`` (so modules written there import) and on the scoped registry's
    search path, until the ``with`` block ends.

    Parameters
    ----------
    tmp_path : path-like
        A directory (pytest's ``tmp_path``); use another one to fake a second copy of
        the same distribution.
    name : str
        The distribution name (``participatory-arc``).
    entry_points : mapping of str to str, optional
        ``participatory.catalogues`` entry points: catalogue name -> ``"module:attr"``.
    version, summary : str
        The distribution's version and one-line summary.
    files : mapping of str to str, optional
        Other files to write, relative to ``tmp_path`` (plugin modules such as
        ``{"arc_plugin.py": "..."}``, catalogue TOML files).

    Returns
    -------
    Path
        The ``*.dist-info`` directory written.

    Examples
    --------
    >>> import tempfile, participatory as pr
    >>> from participatory.testing import isolated_registry, fake_distribution
    >>> plugin = "from participatory import Catalogue; CATALOGUE = Catalogue()"
    >>> with tempfile.TemporaryDirectory() as tmp, isolated_registry(builtins={}):
    ...     _ = fake_distribution(tmp, "participatory-arc", {"arc": "arc_plugin:CATALOGUE"},
    ...                           files={"arc_plugin.py": plugin})
    ...     [(row.name, row.origin, row.status) for row in pr.catalogues()]
    [('arc', 'participatory-arc 1.0', 'available')]
    """
    if not _scopes or _scopes[-1].registry is not current_registry():
        msg = "fake_distribution() works inside `with participatory.testing.isolated_registry():`"
        raise CatalogueError(msg)
    root = Path(tmp_path)
    dist_info = root / f"{canonical_name(name).replace('-', '_')}-{version}.dist-info"
    dist_info.mkdir(parents=True, exist_ok=True)
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    if summary:
        metadata += f"Summary: {summary}\n"
    (dist_info / "METADATA").write_text(metadata, encoding="utf-8")
    lines = [f"[{GROUP}]", *(f"{ep} = {value}" for ep, value in (entry_points or {}).items())]
    (dist_info / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for relative, text in (files or {}).items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    _scopes[-1].add_root(root)
    return dist_info


def check_catalogue(catalogue: object, *, strict: bool = False) -> tuple[Problem, ...]:
    """Return every problem of a catalogue, without raising.

    Parameters
    ----------
    catalogue : path, Traversable, Catalogue, callable or str
        A catalogue file or directory, a Catalogue, a zero-argument function
        returning one, or the name of an installed or registered catalogue.
    strict : bool
        Also return advisory warnings (techniques with no stage, level or source).

    Returns
    -------
    tuple of Problem
        Empty when the catalogue is valid. References to catalogues it ``extends``
        are checked against those catalogues, loaded from the current registry.

    Examples
    --------
    >>> import participatory as pr
    >>> from participatory.testing import check_catalogue, isolated_registry
    >>> bad = pr.Catalogue([pr.Technique(id="walk", name="Walk", stages=("nowhere",))])
    >>> with isolated_registry(builtins={}):
    ...     [p.message for p in check_catalogue(bad)]
    ["unknown stage 'nowhere'"]
    """
    return tuple(current_registry().check(catalogue, strict=strict)[1])
