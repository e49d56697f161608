"""The public namespace: one table drives it, and every type the API uses can be imported.

``participatory/__init__.py`` keeps the lazy names in one table (``_LAZY``); ``__all__``
and the ``TYPE_CHECKING`` imports are checked against it here, so the three cannot drift.
The public sub-namespaces (``participatory.graph``, ``.plans``, ``.site``, ``.importers``,
``.errors``) each re-export private names with ``__all__`` and a docstring.
"""

import ast
import importlib
import inspect
import subprocess
import sys
import types
import typing
from pathlib import Path

import attrs
import pytest

import participatory as pr

INIT = Path(pr.__file__)
SUBMODULES = sorted(pr._SUBMODULES)


def _init_tree() -> ast.Module:
    return ast.parse(INIT.read_text(encoding="utf-8"))


def _type_checking_imports() -> dict[str, str]:
    """name -> module (as written, ``.graph``) of every import in the TYPE_CHECKING block."""
    found: dict[str, str] = {}
    for node in _init_tree().body:
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom)
                for alias in stmt.names:
                    found[alias.asname or alias.name] = "." * stmt.level + (stmt.module or "")
    return found


def _eager_imports() -> set[str]:
    names: set[str] = set()
    for node in _init_tree().body:
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module not in (None, "_defaults"):
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def test_type_checking_imports_are_the_lazy_table():
    assert _type_checking_imports() == pr._LAZY


def test_all_is_the_eager_names_and_the_lazy_table():
    assert set(pr.__all__) == _eager_imports() | set(pr._LAZY)
    assert not _eager_imports() & set(pr._LAZY), "a name is both imported at once and lazily"


@pytest.mark.parametrize("name", sorted(pr._LAZY))
def test_each_lazy_name_comes_from_the_module_the_table_names(name):
    module = importlib.import_module(pr._LAZY[name], "participatory")
    assert getattr(pr, name) is getattr(module, name)


@pytest.mark.parametrize("name", SUBMODULES)
def test_each_public_module_is_documented_typed_and_complete(name):
    module = importlib.import_module(f"participatory.{name}")
    assert inspect.getdoc(module), f"participatory.{name} has no docstring"
    for public in module.__all__:
        value = getattr(module, public)
        assert value is not None
        if callable(value):
            assert inspect.getdoc(value), f"participatory.{name}.{public} has no docstring"
    assert getattr(pr, name) is module


def test_the_sub_namespaces_load_lazily_and_without_networkx():
    code = (
        "import sys, participatory as pr\n"
        "assert 'participatory.graph' not in sys.modules\n"
        "import participatory.graph, participatory.plans, participatory.site, participatory.errors\n"
        "import participatory.importers\n"
        "print('networkx' in sys.modules, pr.graph.TechniqueGraph is pr.TechniqueGraph)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


def _public_types() -> dict[int, str]:
    """id(class) -> where it can be imported from, for every class of the public modules."""
    found: dict[int, str] = {}
    for module in ["participatory", *(f"participatory.{m}" for m in SUBMODULES), "participatory.testing"]:
        mod = importlib.import_module(module)
        for name in getattr(mod, "__all__", ()):
            value = getattr(mod, name)
            if isinstance(value, type):
                found.setdefault(id(value), f"{module}.{name}")
    return found


def _classes_in(hint: object) -> typing.Iterator[type]:
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        return
    if origin is not None:
        if isinstance(origin, type) and origin.__module__.startswith("participatory"):
            yield origin
        for arg in typing.get_args(hint):
            yield from _classes_in(arg)
    elif isinstance(hint, type):
        yield hint


def _signatures() -> typing.Iterator[tuple[str, object]]:
    """(where, callable) for every public function, class and public method or property."""
    seen: set[int] = set()
    for module in ["participatory", *(f"participatory.{m}" for m in SUBMODULES)]:
        mod = importlib.import_module(module)
        for name in mod.__all__:
            value = getattr(mod, name)
            if id(value) in seen:
                continue
            seen.add(id(value))
            if inspect.isfunction(value):
                yield f"{module}.{name}", value
            elif isinstance(value, type) and value.__module__.startswith("participatory"):
                if attrs.has(value):
                    yield f"{module}.{name}", value
                for attr, member in vars(value).items():
                    if attr.startswith("_") and attr != "__init__":
                        continue
                    if isinstance(member, property) and member.fget is not None:
                        yield f"{module}.{name}.{attr}", member.fget
                    elif isinstance(member, classmethod | staticmethod):
                        yield f"{module}.{name}.{attr}", member.__func__
                    elif inspect.isfunction(member):
                        yield f"{module}.{name}.{attr}", member


def _namespace(module: types.ModuleType) -> dict[str, object]:
    """A module's globals plus what its ``if TYPE_CHECKING:`` block imports."""
    namespace = dict(vars(module))
    assert module.__file__ is not None
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            code = compile(ast.Module(body=node.body, type_ignores=[]), module.__file__, "exec")
            exec(code, namespace)  # noqa: S102  (our own source's imports)
    return namespace


def _hints(func: object) -> dict[str, object]:
    """The evaluated annotations of ``func``, each on its own (networkx's are left out)."""
    namespace = _namespace(sys.modules[func.__module__])
    out = {}
    for name, annotation in getattr(func, "__annotations__", {}).items():
        try:
            out[name] = typing.get_type_hints(_Probe(annotation), globalns=namespace)["x"]
        except TypeError:  # nx.MultiDiGraph[str] is not subscriptable at run time
            continue
    return out


class _Probe:
    def __init__(self, annotation: object) -> None:
        self.__annotations__ = {"x": annotation}


#: Constructors the library calls itself (their arguments are internal).
_MADE_BY_THE_LIBRARY = frozenset({"participatory.Registration.__init__"})


def test_every_type_the_api_returns_or_accepts_is_importable_from_a_public_module():
    public = _public_types()
    missing = set()
    for where, func in _signatures():
        if where in _MADE_BY_THE_LIBRARY:
            continue
        target = func.__init__ if isinstance(func, type) and not attrs.has(func) else func  # type: ignore[misc]
        hints = _hints(target)
        for hint in hints.values():
            for cls in _classes_in(hint):
                if cls.__module__.startswith("participatory") and id(cls) not in public:
                    missing.add(f"{cls.__module__}.{cls.__qualname__} (in {where})")
    assert not missing, "types the API uses that no public module exports:\n" + "\n".join(sorted(missing))
