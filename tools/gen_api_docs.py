"""Write docs/api.md from the docstrings of every public name.

Usage: ``python tools/gen_api_docs.py`` writes the file; ``--check`` exits 1 when it is
out of date (CI runs that).
"""

import argparse
import inspect
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
    return "\n".join(out).rstrip() + "\n"


def main() -> int:
    """Write or check docs/api.md."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/api.md is out of date")
    args = parser.parse_args()
    text = render()
    if args.check:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} is out of date: run python tools/gen_api_docs.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
