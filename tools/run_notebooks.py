"""Execute every notebook in examples/ and fail on any error.

Usage: python tools/run_notebooks.py [NOTEBOOK ...]

Needs nbclient, nbformat and ipykernel (the ``notebooks`` dependency group). Each
notebook runs in a fresh kernel from a temporary working directory holding copies of
the data files beside it (.toml, .json, .csv), with matplotlib
drawing off-screen. Notebooks must be stored without outputs: one that has outputs
fails too (clear them with ``jupyter nbconvert --clear-output --inplace``).
Exit status: 0 when every notebook ran, 1 otherwise, 2 when a tool is missing.
"""

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 600  # seconds per cell


def stored_outputs(nb: object) -> list[int]:
    """Indices of code cells stored with outputs or execution counts."""
    cells = getattr(nb, "cells", [])
    return [
        i
        for i, cell in enumerate(cells)
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]


def main(argv: list[str]) -> int:
    try:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError
    except ImportError as e:
        print(f"run_notebooks: {e}; install nbclient, nbformat and ipykernel", file=sys.stderr)
        return 2
    given = [Path(a) for a in argv] or [ROOT / "examples"]
    paths = [p for g in given for p in (sorted(g.glob("*.ipynb")) if g.is_dir() else [g])]
    if not paths:
        print("run_notebooks: no notebooks found", file=sys.stderr)
        return 1
    os.environ.setdefault("MPLBACKEND", "Agg")
    failed: list[str] = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        dirty = stored_outputs(nb)
        if dirty:
            print(f"FAIL {path.name}: stored with outputs in cells {dirty}; clear them before committing")
            failed.append(path.name)
            continue
        start = time.perf_counter()
        with tempfile.TemporaryDirectory() as work:
            # Data files beside the notebook (an example plan, say) are copied in, so the
            # notebook reads them by relative path and writes nothing into the repository.
            for data in path.parent.iterdir():
                if data.is_file() and data.suffix in (".toml", ".json", ".csv"):
                    shutil.copy2(data, Path(work) / data.name)
            client = NotebookClient(
                nb, timeout=TIMEOUT, kernel_name="python3", resources={"metadata": {"path": work}}
            )
            try:
                client.execute()
            except CellExecutionError as e:
                print(f"FAIL {path.name}:\n{e}")
                failed.append(path.name)
                continue
            except Exception as e:  # noqa: BLE001 - a kernel that cannot start fails the run, readably
                print(f"FAIL {path.name}: {type(e).__name__}: {e}")
                failed.append(path.name)
                continue
        print(f"ok   {path.name} ({time.perf_counter() - start:.1f}s)")
    if failed:
        print(f"{len(failed)} of {len(paths)} notebook(s) failed: {', '.join(failed)}")
        return 1
    print(f"all {len(paths)} notebook(s) ran")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
