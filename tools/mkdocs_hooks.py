"""MkDocs hooks: publish the example notebooks and plan next to the docs that link to them.

The examples live in ``examples/`` (outside ``docs/``) so that they run as they are; this
adds them to the site under ``examples/`` so ``docs/examples.md`` can link to them and
``mkdocs build --strict`` checks those links.
"""

from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[1]


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
