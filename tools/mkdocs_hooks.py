"""MkDocs hooks: publish the example notebooks and plan next to the docs that link to them.

The examples live in ``examples/`` (outside ``docs/``) so that they run as they are; this
adds them to the site under ``examples/`` so ``docs/examples.md`` can link to them and
``mkdocs build --strict`` checks those links. It also shows the docstrings' Sphinx roles
(``:class:`Plan```), which mkdocstrings leaves as literal text, as code linked to the API
reference (``tools/docroles.py``).
"""

import sys
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import docroles  # noqa: E402  (a sibling module, found through the line above)


def on_files(files: Files, config: Any) -> Files:
    """Add ``examples/*.ipynb`` and ``examples/*.toml`` to the site."""
    for path in sorted((ROOT / "examples").glob("*")):
        if path.suffix in {".ipynb", ".toml"}:
            files.append(
                File(
                    f"examples/{path.name}",
                    src_dir=str(ROOT),
                    dest_dir=config["site_dir"],
                    use_directory_urls=config["use_directory_urls"],
                )
            )
    return files


def on_page_content(html: str, page: Any, config: Any, files: Files) -> str:
    """Show each Sphinx role as code, linked to its entry when this page documents it."""

    def anchor(target: str) -> str | None:
        for name in (target, f"participatory.{target}"):
            if f'id="{name}"' in html:
                return f"#{name}"
        return None

    return docroles.in_html(html, anchor)
