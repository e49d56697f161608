"""``participatory validate PATH_OR_NAME...``: check catalogue files or installed catalogues."""

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from .._catalogue import Catalogue
from .._errors import CatalogueError, CatalogueValidationError, Problem
from .._schema import is_slug
from . import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE


def add_parser(sub: "argparse._SubParsersAction[Any]") -> None:
    """Register the ``validate`` sub-command."""
    p = sub.add_parser(
        "validate",
        help="check catalogue files and list every problem",
        description=(
            "Check catalogue files or directories and print every problem, one a line, as "
            "'file: record-id: field: message'. Exit 0 when valid, 1 when problems were "
            "found, 2 for a usage error (such as a path that does not exist)."
        ),
    )
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a .toml/.json file, a directory, or the name of an installed catalogue",
    )
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.add_argument(
        "--strict",
        action="store_true",
        help="also report warnings (techniques with no stage, level, stakeholder or source)",
    )
    p.set_defaults(func=run)


def check_path(path: str, *, strict: bool) -> tuple[str | None, list[Problem]]:
    """Check one path (or installed catalogue name); return the catalogue's name and its problems."""
    from .._registry import current_registry
    from .._translations import check_translations

    registry = current_registry()
    if not Path(path).exists() and is_slug(path):
        name, problems = registry.check(path, strict=strict)
        root = registry.translation_root(path)
        if root is not None and not any(p.severity == "error" for p in problems):
            problems.extend(check_translations(root, registry.load(path)))
        return name, problems
    try:
        cat = Catalogue.from_path(path)
    except CatalogueValidationError as e:
        return None, list(e.problems)
    context, problems = registry.extends_context(cat)
    said = {p.field for p in problems}  # a missing catalogue is reported once, with why
    problems.extend(p for p in cat.check(context, strict=strict) if p.field not in said)
    if Path(path).is_dir():
        problems.extend(check_translations(path, cat))
    return cat.info.name, problems


def run(args: argparse.Namespace) -> int:
    """Validate every path given; print the problems."""
    results: list[tuple[str, str | None, list[Problem] | str]] = []  # path, name, problems or error
    status = EXIT_OK
    for path in args.paths:
        try:
            name, problems = check_path(path, strict=args.strict)
        except CatalogueError as e:
            results.append((path, None, str(e)))
            status = max(status, EXIT_USAGE)
            continue
        if any(p.severity == "error" for p in problems):
            status = max(status, EXIT_PROBLEMS)
        results.append((path, name, problems))
    if args.format == "json":
        json.dump(
            {"valid": status == EXIT_OK, "results": [_as_json(*r) for r in results]}, sys.stdout, indent=2
        )
        print()
        return status
    for path, name, found in results:
        if isinstance(found, str):
            print(f"participatory: error: {found}", file=sys.stderr)
            continue
        for p in found:
            print(p)
        print(f"{path}: catalogue {name or '?'}: {_verdict(found)}", file=sys.stderr)
    return status


def _as_json(path: str, name: str | None, found: list[Problem] | str) -> dict[str, Any]:
    if isinstance(found, str):
        return {"path": path, "catalogue": None, "valid": False, "error": found, "problems": []}
    return {
        "path": path,
        "catalogue": name,
        "valid": not any(p.severity == "error" for p in found),
        "error": None,
        "problems": [p.to_dict() for p in found],
    }


def _verdict(problems: list[Problem]) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    verdict = f"{errors} problem{'s' if errors != 1 else ''}" if errors else "valid"
    if warnings:
        stale = sum(p.severity == "warning" and "(stale)" in p.message for p in problems)
        by_field = Counter(
            p.field for p in problems if p.severity == "warning" and "(stale)" not in p.message
        )
        verdict += f", {warnings} warning{'s' if warnings != 1 else ''}"
        parts = [f"{n} without {field}" for field, n in by_field.most_common()]
        parts += [f"{stale} stale translation{'s' if stale != 1 else ''}"] if stale else []
        verdict += " (" + ", ".join(parts) + ")"
    return verdict
