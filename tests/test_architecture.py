"""The package's layers: data flows one way, each rule lives once (docs/architecture.md).

Imports are read from the source (imports inside functions count; only ``if
TYPE_CHECKING:`` blocks are left out), so these tests fail the moment a module reaches
up a layer or an import cycle appears.
"""

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "participatory"

#: Every module's layer, bottom (0) to top (6). A new module must be placed here.
LAYERS: dict[str, int] = {
    # records, errors and the shared schema
    "_model": 0,
    "_community": 0,
    "_errors": 0,
    "_schema": 0,
    "_checks": 0,
    "_version": 0,
    "_defaults": 0,
    "_words": 0,
    "_i18n": 0,
    "_enums": 0,
    "_kinds": 0,
    "_declare": 0,
    # the converter and file I/O
    "_convert": 1,
    "_fast": 1,
    "_io": 1,
    "_loader": 1,
    "_translations": 1,
    # the Catalogue
    "_catalogue": 2,
    "_replaced": 2,
    # sources: the built-in catalogue, plugins, the registry, importers
    "_builtin": 3,
    "_plugins": 3,
    "_providers": 3,
    "_status": 3,
    "_registry": 3,
    "_participedia": 3,
    "_intake": 3,
    # consumers
    "_index": 4,
    "_network": 4,
    "_graph": 4,
    "_results": 4,
    "_export": 4,
    "_jsonld": 4,
    "_draw": 4,
    "_plan": 4,
    "_budget": 4,
    "_paperwork": 4,
    "_audit": 4,
    "_sources": 4,
    "_report": 4,
    "_suggest": 4,
    "_template": 4,
    "_pages": 4,
    "_guides": 4,
    "_roles": 4,
    "_site": 4,
    "_finder": 4,
    "_board": 4,
    "_feeds": 4,
    "_publish": 4,
    "_jsonschema": 4,
    "_usage": 4,
    "_frames": 4,
    "_po": 4,
    "_locale": 4,
    "_readability": 4,
    # presentation
    "_html": 5,
    # entry points: the public namespace and its sub-namespaces, the CLI, test helpers
    "": 6,
    "errors": 6,
    "graph": 6,
    "importers": 6,
    "kinds": 6,
    "plans": 6,
    "site": 6,
    "__main__": 6,
    "_cli": 6,
    "testing": 6,
}

#: The user-facing conveniences that reach up a layer: each only inside a function, and
#: only into modules that need the lower one's types for typing alone (so no cycle).
CONVENIENCES: set[tuple[str, str]] = {
    ("_model", "_html"),  # Record._repr_html_
    ("_catalogue", "_graph"),  # Catalogue.graph()
    ("_catalogue", "_html"),  # Catalogue._repr_html_
    ("_catalogue", "_frames"),  # Catalogue.to_dataframe()
    ("_status", "_html"),  # StatusTable's text and HTML
    ("_graph", "_html"),  # TechniqueGraph and Coverage reprs
    ("_results", "_html"),  # result tables' text and HTML
    ("_plan", "_html"),
    ("_budget", "_html"),  # Budget's HTML page and notebook repr
    ("_paperwork", "_html"),  # adverts, recognition and sections as printable pages
    ("_audit", "_html"),
    ("_suggest", "_html"),
    ("_report", "_html"),
    ("_publish", "_html"),  # build_site renders through the presentation layer, then writes
    ("_usage", "_html"),
    ("_readability", "_html"),  # readability reports' text and HTML
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _top(module: str) -> str:
    """The layer-map key of a module: its first part (``_html._reprs`` -> ``_html``)."""
    return module.split(".", maxsplit=1)[0]


def _imports(module: str, path: Path) -> Iterator[tuple[str, bool]]:
    """Yield ``(imported module, inside a function)`` for every import of the package's modules."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    known = _modules()

    def resolve(name: str) -> str | None:
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name if name != module else None

    def visit(node: ast.AST, in_function: bool) -> Iterator[tuple[str, bool]]:
        if isinstance(node, ast.If) and getattr(node.test, "id", getattr(node.test, "attr", "")) == (
            "TYPE_CHECKING"
        ):
            for branch in node.orelse:
                yield from visit(branch, in_function)
            return
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = ["participatory", *package][: len(package) + 2 - node.level]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:
                full = resolve(f"{target}.{alias.name}".removeprefix("participatory.")) or resolve(
                    target.removeprefix("participatory.").removeprefix("participatory")
                )
                if full is not None and target.startswith("participatory"):
                    yield full, in_function
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("participatory.") and (
                    full := resolve(alias.name.removeprefix("participatory."))
                ):
                    yield full, in_function
        inner = in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        for child in ast.iter_child_nodes(node):
            yield from visit(child, inner)

    yield from visit(tree, False)


def _graph() -> dict[str, set[tuple[str, bool]]]:
    return {m: set(_imports(m, p)) for m, p in _modules().items()}


def test_every_module_has_a_layer():
    missing = sorted(m for m in _modules() if _top(m) not in LAYERS)
    assert not missing, f"place these modules in LAYERS (and docs/architecture.md): {missing}"


def test_no_module_imports_a_higher_layer_except_the_listed_conveniences():
    wrong = []
    for module, imports in _graph().items():
        for target, in_function in imports:
            low, high = _top(module), _top(target)
            if low == high or LAYERS[high] <= LAYERS[low]:
                continue
            if not in_function or (low, high) not in CONVENIENCES:
                wrong.append(f"{module} -> {target}" + ("" if in_function else " (at module level)"))
    assert not wrong, "imports reaching up a layer:\n" + "\n".join(sorted(wrong))


def test_there_is_no_import_cycle():
    graph = {m: {t for t, _ in imports} for m, imports in _graph().items()}
    # Tarjan's strongly connected components.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    cycles: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in graph:
        if v not in index:
            connect(v)
    assert not cycles, f"import cycles: {cycles}"


def test_consumers_never_load_installed_catalogues_themselves():
    """Plans, audits, reports and suggestions are given their catalogue (see _defaults)."""
    for module, imports in _graph().items():
        if LAYERS.get(_top(module)) == 4:
            assert not {t for t, _ in imports} & {"_registry", "_plugins", "_builtin"}, module


def _literals(path: Path) -> set[str]:
    """The string constants of a module's code, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    }


def _core_ids(*files: str) -> set[str]:
    core = SRC.parents[1] / "catalogues" / "core"
    found: set[str] = set()
    for name in files:
        found |= set(re.findall(r'^id = "([a-z0-9-]+)"', (core / name).read_text(encoding="utf-8"), re.M))
    return found


@pytest.mark.parametrize(
    "module",
    ["_audit", "_report", "_suggest", "_plan", "_graph", "_index", "_budget", "_paperwork", "_cli/plan"],
)
def test_no_catalogue_id_is_hard_coded_in_rules_and_reports(module):
    """Rules name no stage, checklist or default stakeholder of core: catalogue data, or _defaults' names."""
    ids = _core_ids("stages.toml", "checklists.toml") | {"professional", "patient", "public"}
    used = ids & _literals(SRC / f"{module}.py")
    assert not used, (
        f"{module} names catalogue ids {sorted(used)}; mark them in the catalogue or name them in _defaults"
    )


def test_html_is_built_only_in_the_presentation_layer():
    markup = re.compile(r"<(table|div|a href|ul|li|p|section|h[1-6])[ >]")
    for module, path in _modules().items():
        if _top(module) in ("_html", "_cli") or module == "testing":
            continue
        code = path.read_text(encoding="utf-8")
        assert not markup.search(code), f"{module} builds HTML; move it to participatory._html"


def test_did_you_mean_is_said_in_one_place():
    for module, path in _modules().items():
        if module in ("_schema", "_errors"):  # the helper, and UnknownIdError's several suggestions
            continue
        code = "\n".join(
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if not line.lstrip().startswith((">>>", '"', "'"))  # doctest output and docstrings
        )
        assert 'f"; did you mean' not in code, f"{module} writes its own 'did you mean'"


#: What counts as I/O in the presentation layer: files, directories, processes.
_IO_CALLS = frozenset(
    {
        "open",
        "write_text",
        "write_bytes",
        "read_text",
        "read_bytes",
        "mkdir",
        "unlink",
        "rmdir",
        "rename",
        "replace",
        "touch",
        "run",
        "Popen",
        "system",
        "rmtree",
        "copyfile",
        "copytree",
        "atomic_write",
        "atomic_directory",
        "write_tree",
    }
)
_IO_MODULES = frozenset({"os", "shutil", "subprocess", "tempfile", "pathlib"})  # io.StringIO is text


def test_the_presentation_layer_does_no_io():
    """``_html`` turns data into text; writing files and running Pagefind is ``_publish``'s job."""
    found = []
    for module, path in _modules().items():
        if _top(module) != "_html":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = (
                    [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                )
                found += [f"{module} imports {n}" for n in names if n.split(".")[0] in _IO_MODULES]
            elif isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                # str.replace is text, not a file: only flag it on a path-like receiver
                if name in _IO_CALLS and not (name == "replace" and len(node.args) == 2):
                    found.append(f"{module} calls {name}() at line {node.lineno}")
    assert not found, "the presentation layer does I/O:\n" + "\n".join(found)


#: The longest a module may be before it is split at its seams (docs/architecture.md).
MAX_LINES = 800


def test_no_module_is_too_long_to_read():
    long = {
        m: n
        for m, p in _modules().items()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"split these modules at their seams (at most {MAX_LINES} lines): {long}"


def test_the_layer_table_in_docs_architecture_is_the_real_one():
    """docs/architecture.md's layer table lists exactly the modules of each layer above."""
    doc = (SRC.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    documented: dict[str, int] = {}
    for layer, cell in re.findall(r"^\| (\d)\. [^|]+\| ([^|]+) \|", doc, re.M):
        names = re.sub(r"\([^)]*\)", "", cell)  # `_html` (`__init__`, `_text`, ...): its parts
        for name in re.findall(r"`([^`]+)`", names):
            documented["" if name == "participatory" else name] = int(layer)
    assert documented == LAYERS
