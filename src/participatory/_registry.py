"""The registry of named catalogues: built-in, registered at runtime, and installed plugins.

Rules (documented for users in ``docs/plugins.md``):

- **Order.** Built-in catalogues first (``core``), then runtime registrations by
  name, then installed plugins by name; a catalogue's ``extends`` load before it.
- **Lazy.** Nothing is scanned until a registry function is first called; the scan
  reads metadata only; a plugin is imported only when its catalogue is asked for.
  Results are cached per process; :func:`refresh` clears the cache.
- **Isolation.** With ``load()`` (no names), a plugin that fails emits one
  :class:`PluginWarning` and gets status ``failed``; the others load. Names you ask
  for, built-in and runtime catalogues must load: their failures raise.
  ``strict=True`` or ``PARTICIPATORY_STRICT=1`` makes every failure raise.
- **Switches.** ``PARTICIPATORY_DISABLE_PLUGIN_AUTOLOAD=1`` skips the scan (built-in
  and runtime catalogues only); ``PARTICIPATORY_BLOCK=a,b`` blocks plugins by name.
"""

import threading
import warnings
from collections.abc import Iterable, Mapping, Sequence
from contextvars import ContextVar, Token
from importlib.resources.abc import Traversable
from pathlib import Path

import attrs

from ._catalogue import Catalogue, CatalogueInfo
from ._errors import (
    CatalogueConflictError,
    CatalogueError,
    CatalogueLoadError,
    CatalogueNotFoundError,
    CatalogueValidationError,
    PluginWarning,
    Problem,
    RegistrationConflict,
)
from ._plugins import Discovery, describe_type, discover, import_spec, is_catalogue_source
from ._providers import (
    ENV_BLOCK,
    ENV_DISABLE_AUTOLOAD,
    ENV_STRICT,
    MAX_PROBLEMS_IN_WARNING,
    Provider,
    Registration,
    Status,
    builtin_loader,
    caller_module,
    check_name,
    describe_obj,
    env_flag,
    env_list,
    normalise,
    plugin_provider,
    redefined,
    same_object,
    translation_root,
    user_stacklevel,
)
from ._schema import is_slug
from ._status import CatalogueStatus, StatusTable

__all__ = [
    "CatalogueStatus",
    "Registration",
    "Registry",
    "StatusTable",
    "catalogues",
    "current_registry",
    "load",
    "refresh",
    "register",
    "unregister",
    "use_registry",
]


# --------------------------------------------------------------------------- registry


class Registry:
    """Named catalogues from three places, loaded on demand and cached.

    Most users call the module functions (:func:`participatory.load`, ...), which use
    the current registry; :func:`participatory.testing.isolated_registry` makes a
    scoped one.

    Parameters
    ----------
    builtins : mapping of str to object, optional
        Built-in catalogues by name (a Catalogue, a zero-argument callable returning
        one, or a path); default: participatory's own ``core``.
    search_path : sequence of str, optional
        Where to look for installed distributions; default ``sys.path``. An empty
        sequence finds no plugin.
    autoload : bool, optional
        Whether to scan for plugins; default: unless ``PARTICIPATORY_DISABLE_PLUGIN_AUTOLOAD``.
    block : iterable of str
        Plugin names never to load (added to ``PARTICIPATORY_BLOCK``).
    """

    def __init__(
        self,
        *,
        builtins: Mapping[str, object] | None = None,
        search_path: Sequence[str] | None = None,
        autoload: bool | None = None,
        block: Iterable[str] = (),
    ) -> None:
        if builtins is None:
            from ._builtin import BUILTIN, builtin_catalogue

            builtins = {name: builtin_loader(name, builtin_catalogue) for name in BUILTIN}
        from ._version import __version__

        self._builtins = {
            name: Provider(
                name=name, kind="built-in", distribution="participatory", version=__version__, obj=obj
            )
            for name, obj in builtins.items()
        }
        self.search_path: list[str] | None = None if search_path is None else list(search_path)
        self.autoload = autoload
        self.block: set[str] = set(block)
        self._runtime: dict[str, Provider] = {}
        self._scan: Discovery | None = None
        self._loaded: dict[str, Catalogue] = {}
        self._failed: dict[str, CatalogueError] = {}
        self._warned: set[tuple[str, str]] = set()
        self._merged: dict[tuple[str, ...] | None, Catalogue] = {}
        self._lenient_failures: list[tuple[Provider, CatalogueError]] = []
        self._raw: dict[str, Catalogue] = {}  # runtime catalogues as read, before stamping
        self._lock = threading.RLock()

    # --- settings (read at each call, so a notebook can change them) --------------

    def _autoload(self) -> bool:
        return self.autoload if self.autoload is not None else not env_flag(ENV_DISABLE_AUTOLOAD)

    def _blocked(self) -> frozenset[str]:
        return frozenset(self.block) | env_list(ENV_BLOCK)

    @staticmethod
    def _strict(strict: bool | None) -> bool:
        return bool(strict) or env_flag(ENV_STRICT)

    # --- what is there ------------------------------------------------------------

    def _discovery(self) -> Discovery:
        if not self._autoload():
            return Discovery(plugins={}, conflicts={})
        if self._scan is None:
            self._scan = discover(self.search_path)
        return self._scan

    def _providers(self) -> dict[str, Provider]:
        """Loadable names in the documented order: built-in, runtime, plugins (by name)."""
        found = self._discovery()
        out = dict(self._builtins)
        for name in sorted(self._runtime):
            out[name] = self._runtime[name]
        for name, spec in found.plugins.items():
            if name not in out:
                out[name] = plugin_provider(spec)
        return out

    def _unusable(self) -> dict[str, tuple[list[Provider], str]]:
        """Plugin names that cannot be used: claimed twice, or shadowing a built-in."""
        found = self._discovery()
        out: dict[str, tuple[list[Provider], str]] = {}
        for name, specs in found.conflicts.items():
            if name in self._runtime:
                continue
            providers = [plugin_provider(s) for s in specs]
            listing = " and by ".join(p.describe() for p in providers)
            out[name] = (providers, f"the catalogue name {name!r} is declared by {listing}; uninstall one")
        for name, spec in found.plugins.items():
            if name in self._builtins and name not in self._runtime:
                provider = plugin_provider(spec)
                out[name] = (
                    [provider],
                    (
                        f"{provider.describe()} uses the name of the built-in catalogue {name!r}; "
                        "the built-in one is used and the plugin is ignored"
                    ),
                )
        return out

    def _provider(self, name: str) -> Provider:
        providers = self._providers()
        provider = providers.get(name)
        if provider is not None:
            if provider.kind == "plugin" and name in self._blocked():
                msg = f"catalogue {name!r} ({provider.describe()}) is blocked (by {ENV_BLOCK} or block=)"
                raise CatalogueLoadError(msg, name=name)
            return provider
        unusable = self._unusable().get(name)
        if unusable is not None and name not in self._builtins:
            raise CatalogueConflictError(unusable[1])
        from ._schema import did_you_mean

        known = list(providers)
        msg = f"no catalogue named {name!r}" + did_you_mean(name, known)
        msg += f" Available: {', '.join(known) or 'none'}."
        if not self._autoload():
            msg += f" (Installed plugins are not scanned: {ENV_DISABLE_AUTOLOAD} is set.)"
        raise CatalogueNotFoundError(msg)

    # --- loading one -------------------------------------------------------------------

    def _materialise(self, provider: Provider) -> Catalogue:
        from ._plugins import to_catalogue

        if provider.kind == "runtime" and provider.name in self._raw:
            return self._raw[provider.name]
        obj = import_spec(provider.spec) if provider.spec is not None else provider.obj
        raw = to_catalogue(obj, f"catalogue {provider.name!r} ({provider.describe()})")
        if provider.kind == "runtime":
            self._raw[provider.name] = raw
        return raw

    def _registered_name(self, name: str) -> str:
        """Return the name a catalogue called ``name`` is registered under.

        That is ``name`` itself, or, for a catalogue registered at run time under another
        name, that name: ``extends`` may use either.
        """
        if name in self._providers():
            return name
        for registered, provider in self._runtime.items():
            try:
                raw = self._materialise(provider)
            except CatalogueError:
                continue
            if raw.info.name == name:
                return registered
        return name

    def _stamp(self, raw: Catalogue, provider: Provider) -> Catalogue:
        """Name the catalogue after its provider and give every record a full origin.

        A catalogue built in code without a name (``Catalogue([...])``) takes the
        name it is registered under and extends the built-in catalogues.
        """
        info = raw.info
        if info.name == "unnamed" and len(raw.members) == 1:
            builtins = tuple(n for n in self._builtins if n != provider.name)
            info = attrs.evolve(info, name=provider.name, extends=info.extends or builtins)
        elif info.name != provider.name and provider.kind == "runtime":
            # Registered at run time under a chosen name, it loads under it ([catalogue]'s name too).
            info = attrs.evolve(info, name=provider.name)
        elif info.name != provider.name:
            msg = (
                f"{provider.describe()} provides a catalogue named {info.name!r}, "
                f"but it is registered as {provider.name!r}; the names must match"
            )
            raise CatalogueLoadError(msg, name=provider.name)
        if info.extends and self._runtime:
            extends = tuple(dict.fromkeys(self._registered_name(e) for e in info.extends))
            info = attrs.evolve(info, extends=extends)
        version = provider.version if provider.kind != "runtime" else None
        origins = {
            rid: attrs.evolve(
                raw.origin(rid),
                catalogue=provider.name,
                distribution=provider.distribution,
                version=version,
            )
            for rid in raw
        }
        return Catalogue(raw.records(), info=info, origins=origins, _checked=True)

    def _get(self, name: str, chain: tuple[str, ...] = ()) -> Catalogue:
        """Load one named catalogue, checked against what it extends (cached)."""
        cached = self._loaded.get(name)
        if cached is not None:
            return cached
        failed = self._failed.get(name)
        if failed is not None:
            raise failed
        provider = self._provider(name)
        try:
            cat = self._load_checked(provider, chain)
        except CatalogueError as e:
            self._failed[name] = e
            raise
        self._loaded[name] = cat
        return cat

    def _load_checked(self, provider: Provider, chain: tuple[str, ...]) -> Catalogue:
        name = provider.name
        what = f"catalogue {name!r} ({provider.describe()})"
        try:
            cat = self._stamp(self._materialise(provider), provider)
        except CatalogueValidationError as e:
            headline = f"{what} is not valid: {e.headline}"
            raise CatalogueValidationError(e.problems, headline=headline) from e
        except CatalogueLoadError as e:
            raise CatalogueLoadError(str(e), name=name) from e.__cause__
        except CatalogueError as e:
            raise CatalogueLoadError(f"{what}: {e}", name=name) from e
        context = self._context(cat, what, (*chain, name))
        problems = [p for p in cat.check(context) if p.severity == "error"]
        if problems:
            count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
            raise CatalogueValidationError(problems, headline=f"{what} is not valid: {count}")
        return cat

    def _context(self, cat: Catalogue, what: str, chain: tuple[str, ...]) -> Catalogue | None:
        """Load (and merge) what ``cat`` extends; missing ones and cycles are errors."""
        deps: list[Catalogue] = []
        for dep in cat.info.extends:
            if dep in chain:
                cycle = " -> ".join((*chain[chain.index(dep) :], dep))
                msg = f"{what} extends {dep!r}, which extends it in turn: a cycle ({cycle})"
                raise CatalogueLoadError(msg, name=chain[-1])
            try:
                deps.append(self._get(dep, chain))
            except CatalogueNotFoundError as e:
                msg = f"{what} extends {dep!r}, which is not available: {e}"
                raise CatalogueNotFoundError(msg) from e
            except CatalogueError as e:
                first = str(e).splitlines()[0]
                msg = f"{what} extends {dep!r}, which could not be loaded: {first}"
                raise CatalogueLoadError(msg, name=chain[-1]) from e
        if not deps:
            return None
        closure = [self._loaded[n] for n in self._closure([d.info.name for d in deps])]
        return closure[0].merge(*closure[1:])

    def _closure(self, names: Iterable[str]) -> list[str]:
        """Order loaded names with what they extend, dependencies first, stably."""
        order: list[str] = []

        def visit(name: str) -> None:
            if name in order:
                return
            for dep in self._loaded[name].info.extends:
                visit(dep)
            order.append(name)

        for name in names:
            visit(name)
        return order

    # --- public operations ----------------------------------------------------------

    def load(self, *names: str, strict: bool | None = None, language: str | None = None) -> Catalogue:
        """Load and merge the named catalogues (all when none are named); see :func:`load`."""
        with self._lock:
            merged = self._load_named(names) if names else self._load_all(self._strict(strict))
            roots = [self.translation_root(m.name) for m in merged.members] if language else []
        from ._translations import in_language  # (here: listing catalogues need not import it)

        return merged if language is None else in_language(merged, roots, language)

    def translation_root(self, name: str) -> Path | Traversable | None:
        """Return the directory whose ``translations/`` folder translates the catalogue ``name``."""
        return translation_root(self._providers().get(name) or self._runtime.get(name))

    def _load_named(self, names: Sequence[str]) -> Catalogue:
        for name in names:
            check_name(name)
        providers = self._providers()
        wanted = sorted(set(names), key=lambda n: (list(providers).index(n) if n in providers else -1, n))
        key = tuple(wanted)
        if key in self._merged:
            return self._merged[key]
        for name in wanted:
            self._get(name)
        order = self._closure(wanted)
        merged = self._checked_merge([self._loaded[n] for n in order])
        self._merged[key] = merged
        return merged

    def _load_all(self, strict: bool) -> Catalogue:
        if None in self._merged:
            if strict and self._lenient_failures:  # a lenient load skipped these: strict raises
                raise self._lenient_failures[0][1]
            return self._merged[None]
        providers = self._providers()
        blocked = self._blocked()
        failures: list[tuple[Provider, CatalogueError]] = [
            (rivals[0], CatalogueConflictError(message)) for rivals, message in self._unusable().values()
        ]
        ok: list[str] = []
        for name, provider in providers.items():
            if provider.kind == "plugin" and name in blocked:
                continue
            try:
                self._get(name)
            except CatalogueError as e:
                if strict or provider.kind != "plugin":
                    raise
                failures.append((provider, e))
                continue
            ok.append(name)
        merged: Catalogue | None = None
        for name in self._closure(ok):
            cat = self._loaded[name]
            provider = providers[name]
            try:
                if merged is not None:
                    missing = [d for d in cat.info.extends if d not in {m.name for m in merged.members}]
                    if missing:
                        msg = f"catalogue {name!r} extends {missing[0]!r}, which was not loaded"
                        raise CatalogueLoadError(msg, name=name)
                merged = cat if merged is None else merged.merge(cat)
            except CatalogueError as e:
                if strict or provider.kind != "plugin":
                    raise
                del self._loaded[name]
                self._failed[name] = e
                failures.append((provider, e))
        if strict and failures:
            raise failures[0][1]
        self._lenient_failures = failures
        for provider, error in failures:
            self._warn(provider, error)
        result = merged if merged is not None else Catalogue(info=CatalogueInfo(name="empty"))
        problems = [p for p in result.check() if p.severity == "error"]
        if problems:
            raise CatalogueValidationError(problems, headline="the merged catalogues have problems")
        self._merged[None] = result
        return result

    def _checked_merge(self, cats: list[Catalogue]) -> Catalogue:
        if not cats:
            return Catalogue(info=CatalogueInfo(name="empty"))
        merged = cats[0].merge(*cats[1:]) if len(cats) > 1 else cats[0]
        problems = [p for p in merged.check() if p.severity == "error"]
        if problems:
            raise CatalogueValidationError(problems, headline="the merged catalogues have problems")
        return merged

    def _warn(self, provider: Provider, error: CatalogueError) -> None:
        text = str(error)
        key = (provider.name, text)
        if key in self._warned:
            return
        self._warned.add(key)
        lines = text.splitlines()
        shown = lines[: MAX_PROBLEMS_IN_WARNING + 1]
        more = len(lines) - len(shown)
        detail = "\n  ".join(shown) + (f"\n  ... and {more} more" if more else "")
        msg = (
            f"catalogue {provider.name!r} was not loaded: {detail}\n"
            f"The other catalogues were loaded. Set {ENV_STRICT}=1 to raise instead, "
            f"{ENV_BLOCK}={provider.name} to skip it, or run `participatory validate {provider.name}`."
        )
        first = lines[0] if lines else ""
        warning = PluginWarning(msg, name=provider.name, error=first)
        warnings.warn(warning, stacklevel=user_stacklevel())

    def catalogues(self) -> StatusTable:
        """List every named catalogue with its status; loads nothing (see :func:`catalogues`)."""
        with self._lock:
            blocked = self._blocked()
            rows = [self._row(provider, blocked) for provider in self._providers().values()]
            for name, (rivals, message) in self._unusable().items():
                rows.extend(
                    CatalogueStatus(
                        name=name,
                        kind="plugin",
                        distribution=p.distribution,
                        version=p.version,
                        title=p.summary,
                        status="failed",
                        error=message,
                    )
                    for p in rivals
                )
            return StatusTable(rows)

    def _row(self, provider: Provider, blocked: frozenset[str]) -> CatalogueStatus:
        name = provider.name
        status: Status = "available"
        error = ""
        title = provider.summary
        if provider.kind == "plugin" and name in blocked:
            status, error = "blocked", f"blocked by {ENV_BLOCK} or block="
        elif name in self._loaded:
            status, title = "loaded", self._loaded[name].info.title or title
        elif name in self._failed:
            status, error = "failed", str(self._failed[name])
        version = provider.version if provider.kind != "runtime" else "runtime"
        loaded = self._loaded.get(name)
        return CatalogueStatus(
            name=name,
            kind=provider.kind,
            distribution=provider.distribution,
            version=version,
            title=title,
            status=status,
            error=error,
            catalogue_version=loaded.info.version if loaded is not None else "",
        )

    def register(self, name: str, obj: object, *, replace: bool = False, _depth: int = 1) -> Registration:
        """Register a catalogue under ``name`` for this session; see :func:`register`."""
        check_name(name, slug=True)
        if not is_catalogue_source(obj):
            msg = (
                f"cannot register {describe_type(obj)} as catalogue {name!r}: expected a Catalogue, a "
                "zero-argument function returning one, or a path to a catalogue file or directory"
            )
            raise CatalogueError(msg)
        obj = normalise(obj)
        new = Provider(
            name=name,
            kind="runtime",
            distribution="runtime",
            version="",
            obj=obj,
            caller=caller_module(_depth),
        )
        with self._lock:
            previous = self._runtime.get(name)
            if previous is not None and same_object(previous.obj, obj):
                return Registration(self, name, previous, changed=False)
            existing = previous or self._providers().get(name) or self._unusable_provider(name)
            if existing is not None and not replace and not (previous and redefined(previous.obj, obj)):
                msg = (
                    f"the catalogue name {name!r} is already used by {existing.describe()}; "
                    f"cannot register {new.describe()} under it. Pass replace=True to replace it, "
                    "or choose another name."
                )
                raise RegistrationConflict(msg)
            self._runtime[name] = new
            self._invalidate()
            return Registration(self, name, previous, changed=True)

    def _unusable_provider(self, name: str) -> Provider | None:
        found = self._unusable().get(name)
        return found[0][0] if found else None

    def _restore(self, name: str, previous: Provider | None) -> None:
        with self._lock:
            if previous is None:
                self._runtime.pop(name, None)
            else:
                self._runtime[name] = previous
            self._invalidate()

    def unregister(self, name: str) -> None:
        """Remove a runtime registration; see :func:`unregister`."""
        with self._lock:
            if name in self._runtime:
                del self._runtime[name]
                self._invalidate()
                return
            provider = self._providers().get(name)
            if provider is None:
                msg = f"no catalogue named {name!r} was registered in this session"
                raise CatalogueNotFoundError(msg)
            msg = (
                f"catalogue {name!r} is {provider.describe()}, not a runtime registration; "
                f"only those can be unregistered (to skip a plugin, set {ENV_BLOCK}={name})"
            )
            raise CatalogueError(msg)

    def _invalidate(self) -> None:
        """Forget loaded catalogues that a registration change may affect (not built-ins)."""
        for name in list(self._loaded):
            if name not in self._builtins or name in self._runtime:
                del self._loaded[name]
        self._failed.clear()
        self._merged.clear()
        self._lenient_failures.clear()
        self._raw.clear()

    def refresh(self) -> None:
        """Forget every scan and loaded catalogue; see :func:`refresh`."""
        import importlib

        with self._lock:
            importlib.invalidate_caches()
            from ._builtin import builtin_catalogue

            builtin_catalogue.cache_clear()
            self._scan = None
            self._loaded.clear()
            self._failed.clear()
            self._merged.clear()
            self._warned.clear()
            self._lenient_failures.clear()
            self._raw.clear()

    def check(self, target: object, *, strict: bool = False) -> tuple[str | None, list[Problem]]:
        """Check a catalogue given by name or as an object; return its name and every problem.

        The catalogue's ``extends`` are loaded from this registry, so references to
        their ids count as known. Nothing raises for bad data: problems are returned.
        """
        label = target if isinstance(target, str) and is_slug(target) else describe_obj(target)
        try:
            if isinstance(target, str) and is_slug(target) and not Path(target).exists():
                provider = self._provider(target)
                cat = self._stamp(self._materialise(provider), provider)
            else:
                from ._plugins import to_catalogue

                cat = to_catalogue(normalise(target), label)
        except CatalogueValidationError as e:
            return None, list(e.problems)
        except (CatalogueLoadError, CatalogueConflictError) as e:
            return None, [Problem(file=label, message=str(e))]
        context, problems = self.extends_context(cat)
        problems.extend(cat.check(context, strict=strict))
        return cat.info.name, problems

    def extends_context(self, cat: Catalogue) -> tuple[Catalogue | None, list[Problem]]:
        """Load what ``cat`` extends and is not part of it; return it merged, and the problems.

        The one place that finds the catalogues a catalogue ``extends`` for a catalogue
        that was not loaded through this registry (a file given on the command line, a
        catalogue being checked). Names are looked up here, so built-in, runtime and
        installed catalogues all count. Returns ``None`` when nothing could be loaded,
        and a problem naming the requester and the catalogue for each name that could
        not be loaded. Nothing raises for bad data.
        """
        have = {m.name for m in cat.members}
        names = [name for name in dict.fromkeys(cat.info.extends) if name not in have]
        if not names:
            return None, []
        ok: list[str] = []
        problems: list[Problem] = []
        for name in names:
            try:
                self.load(name)
            except CatalogueError as e:
                problems.append(
                    Problem(
                        file=cat._info_label(),
                        field="catalogue.extends",
                        message=f"{cat.info.name!r} extends {name!r}, which cannot be loaded: {e}",
                    )
                )
            else:
                ok.append(name)
        if not ok:
            return None, problems
        try:
            return self.load(*ok), problems
        except CatalogueError as e:
            problems.append(Problem(file=cat._info_label(), field="catalogue.extends", message=str(e)))
            return None, problems


# --------------------------------------------------------------------------- current registry

_default: Registry | None = None
_global_lock = threading.Lock()
#: The registry made current by ``use_registry`` in this thread or task (context-local,
#: so a registry used in one thread or asyncio task never changes another's).
_current: ContextVar[Registry | None] = ContextVar("participatory_registry", default=None)


def current_registry() -> Registry:
    """Return the registry the module functions use: the innermost scoped one, else the default."""
    global _default  # noqa: PLW0603
    scoped = _current.get()
    if scoped is not None:
        return scoped
    if _default is None:
        with _global_lock:
            if _default is None:
                _default = Registry()
    return _default


class use_registry:  # noqa: N801  (used like a function: ``with use_registry(r):``)
    """Make ``registry`` the current one inside a ``with`` block, in this thread or task only."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._tokens: list[Token[Registry | None]] = []

    def __enter__(self) -> Registry:
        self._tokens.append(_current.set(self.registry))
        return self.registry

    def __exit__(self, *exc: object) -> None:
        _current.reset(self._tokens.pop())


# --------------------------------------------------------------------------- module functions


def load(*names: str, strict: bool = False, language: str | None = None) -> Catalogue:
    """Load installed catalogues and merge them into one.

    Parameters
    ----------
    *names : str
        Catalogues to load, with everything they ``extends``; none means all of
        them: the built-in ``core``, runtime registrations, then installed plugins
        by name.
    strict : bool
        Raise on the first plugin that fails instead of warning and leaving it out
        (also switched on by the environment variable ``PARTICIPATORY_STRICT=1``).
    language : str, optional
        Show text in this language (``"cy"``), English where untranslated (``cat.translation``).

    Returns
    -------
    Catalogue
        The merged catalogue; ``cat.origin(id)`` says which catalogue, file,
        distribution and version each record came from. Cached: calling again is cheap.

    Raises
    ------
    CatalogueNotFoundError
        If a name (or something it extends) is not installed.
    CatalogueLoadError
        If a named catalogue cannot be loaded (import error, wrong type, cycle).
    CatalogueValidationError
        If a named catalogue holds invalid data or references unknown ids.
    CatalogueConflictError
        If two named catalogues define the same id.

    Warns
    -----
    PluginWarning
        With no names, once for each installed plugin that fails; it gets status
        ``failed`` in :func:`catalogues` and the others still load.

    Examples
    --------
    >>> import participatory as pr
    >>> from participatory.testing import isolated_registry
    >>> with isolated_registry(builtins={}):
    ...     _ = pr.register("mine", pr.Catalogue([pr.Stage(id="design", name="Design", order=2)]))
    ...     cat = pr.load("mine")
    >>> cat.origin("design").distribution
    'runtime'
    """
    return current_registry().load(*names, strict=strict, language=language)


def catalogues() -> StatusTable:
    """List the catalogues there are, with their status; nothing is imported or loaded.

    Returns
    -------
    StatusTable
        A tuple of :class:`CatalogueStatus` rows (name, kind, distribution, version,
        title, status, error) in load order; it prints as a table, also in notebooks.
    """
    return current_registry().catalogues()


def register(name: str, obj: object, replace: bool = False) -> Registration:
    """Register a catalogue for this session, without packaging it.

    Parameters
    ----------
    name : str
        The name to load it by (a slug).
    obj : Catalogue, callable, path or Traversable
        The catalogue, a zero-argument function returning one, or a catalogue
        file or directory (relative paths are resolved now).
    replace : bool
        Replace whatever already uses ``name`` (a runtime registration, or an
        installed plugin or built-in catalogue, for this session).

    Returns
    -------
    Registration
        Use it in a ``with`` statement to undo the registration at the end.

    Raises
    ------
    RegistrationConflict
        If ``name`` is already used by something else and ``replace`` is false.
        Registering the same object again (a notebook cell run twice) is a no-op,
        and so is registering a function defined again under the same name.
    """
    return current_registry().register(name, obj, replace=replace, _depth=2)


def unregister(name: str) -> None:
    """Remove a catalogue registered with :func:`register`.

    Raises
    ------
    CatalogueNotFoundError
        If nothing is registered under ``name``.
    CatalogueError
        If ``name`` is a built-in catalogue or installed plugin (block it instead).
    """
    current_registry().unregister(name)


def refresh() -> None:
    """Forget what was scanned and loaded; the next call scans again.

    Run it after ``%pip install`` of a catalogue package in a running notebook.
    """
    current_registry().refresh()
