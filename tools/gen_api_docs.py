"""Write docs/api.md from the public docstrings, and docs/catalogue-format.md's table of kinds.

Usage: ``python tools/gen_api_docs.py`` writes the file; ``--check`` exits 1 when it is
out of date (CI runs that).
"""

import argparse
import inspect
import re
import sys
from pathlib import Path

import docroles  # tools/docroles.py: the rule for Sphinx roles, shared with the MkDocs hook

import participatory as pr

OUT = Path(__file__).resolve().parents[1] / "docs" / "api.md"

SECTIONS: dict[str, tuple[str, ...]] = {
    "Loading and registering catalogues": (
        "load",
        "catalogues",
        "register",
        "unregister",
        "refresh",
        "core_path",
        "CatalogueStatus",
        "StatusTable",
        "Registration",
    ),
    "Catalogues": ("Catalogue", "CatalogueInfo", "Origin", "slugify"),
    "Records": (
        "Record",
        "Stage",
        "Stakeholder",
        "Technique",
        "Resource",
        "Case",
        "Crosswalk",
        "CrosswalkEntry",
        "Checklist",
        "ChecklistItem",
        "Source",
        "GroupSize",
    ),
    "Vocabularies (ordered enums)": ("Level", "Mode", "Cost", "Timescale", "ResourceKind"),
}
LAST = "Errors and warnings"


def _section_of(name: str, obj: object) -> str:
    for title, names in SECTIONS.items():
        if name in names:
            return title
    if name == "Problem" or (isinstance(obj, type) and issubclass(obj, BaseException | Warning)):
        return LAST
    module = getattr(obj, "__module__", "") or ""
    topic = module.rsplit("._", 1)[-1]
    return {
        "graph": "The graph and queries",
        "results": "The graph and queries",
        "export": "The graph and queries",
        "display": "The graph and queries",
        "usage": "The graph and queries",
        "plan": "Plans, audits and reports",
        "audit": "Plans, audits and reports",
        "report": "Plans, audits and reports",
        "suggest": "Plans, audits and reports",
        "participedia": "Importing",
    }.get(topic, "Other")


def _signature(name: str, obj: object) -> str:
    if inspect.isclass(obj) and issubclass(obj, BaseException):
        return f"class {name}"
    try:
        sig = str(inspect.signature(obj))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return name
    prefix = "class " if inspect.isclass(obj) else ""
    sig = re.sub(r" at 0x[0-9a-f]+>", ">", sig)  # a function's default: the same text every run
    return f"{prefix}{name}{sig}"


def _entry(name: str, obj: object) -> list[str]:
    doc = docroles.plain(inspect.getdoc(obj) or "(no docstring)")  # no Sphinx role as literal text
    head, _, rest = doc.partition("\n\n")
    lines = [f"### `{name}`", "", "```python", _signature(name, obj), "```", "", head.strip(), ""]
    if rest.strip():
        lines += ["```text", rest.strip(), "```", ""]
    return lines


def render() -> str:
    """Return the whole API reference as Markdown."""
    grouped: dict[str, list[str]] = {}
    for name in pr.__all__:
        if name == "__version__":
            continue
        obj = getattr(pr, name)
        grouped.setdefault(_section_of(name, obj), []).append(name)
    order = [*SECTIONS, "The graph and queries", "Plans, audits and reports", "Importing", "Other", LAST]
    out = [
        "# API reference",
        "",
        "Generated from the docstrings by `tools/gen_api_docs.py`; do not edit by hand.",
        f"Every name below is importable from `participatory` (version {pr.__version__}).",
        "",
    ]
    for title in order:
        names = grouped.get(title)
        if not names:
            continue
        out += [f"## {title}", ""]
        listed = SECTIONS.get(title, ())
        names.sort(key=lambda n: (listed.index(n) if n in listed else len(listed), n))
        for name in names:
            out += _entry(name, getattr(pr, name))
    out += _modules()
    return "\n".join(out).rstrip() + "\n"


def _modules() -> list[str]:
    """A section per public sub-namespace: its docstring, its names, and the ones not above."""
    import importlib

    out = ["## Public modules", ""]
    for sub in sorted(pr._SUBMODULES):
        module = importlib.import_module(f"participatory.{sub}")
        head = (inspect.getdoc(module) or "").partition("\n\n")[0]
        names = ", ".join(f"`{n}`" for n in module.__all__)
        out += [f"### `participatory.{sub}`", "", head.strip(), "", f"Names: {names}.", ""]
        for name in module.__all__:
            value = getattr(module, name)
            if name not in pr.__all__ and callable(value):
                out += ["#" + line if line.startswith("### ") else line for line in _entry(name, value)]
    return out


FORMAT = OUT.parent / "catalogue-format.md"


def with_kinds(text: str) -> str:
    """Return the format reference with its table of kinds regenerated from the declarations."""
    from participatory.kinds import format_reference

    start, end = "<!-- kinds:start -->\n", "<!-- kinds:end -->"
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    return f"{head}{start}{format_reference()}{end}{tail}"


def main() -> int:
    """Write or check docs/api.md and the format reference's table of kinds."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/api.md is out of date")
    args = parser.parse_args()
    wanted = {OUT: render(), FORMAT: with_kinds(FORMAT.read_text(encoding="utf-8"))}
    if args.check:
        stale = [
            path
            for path, text in wanted.items()
            if not path.exists() or path.read_text(encoding="utf-8") != text
        ]
        for path in stale:
            print(f"{path} is out of date: run python tools/gen_api_docs.py", file=sys.stderr)
        return 1 if stale else 0
    for path, text in wanted.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
