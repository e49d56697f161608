"""Execute every notebook in examples/ with nbmake (pytest) and fail on any error.

Usage: python tools/run_notebooks.py [NOTEBOOK ...]

One way to run the notebooks, here and in CI: ``pytest --nbmake`` (the ``test-notebooks``
extra: nbmake, ipykernel, pandas, matplotlib), on copies of the notebooks in a temporary
folder that also holds the data files beside them (.toml, .json, .csv), so a notebook reads
them by relative path and whatever it writes stays out of the repository. matplotlib draws
off-screen. Notebooks must be stored without outputs (``tests/test_examples.py`` checks
that too): one stored with outputs fails here before anything runs (clear them with
``jupyter nbconvert --clear-output --inplace``).
Exit status: 0 when every notebook ran, 1 otherwise, 2 when nbmake is missing.
"""

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 600  # seconds per cell


def stored_outputs(path: Path) -> list[int]:
    """Indices of code cells stored with outputs or execution counts."""
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    code = [(i, cell) for i, cell in enumerate(cells) if cell.get("cell_type") == "code"]
    return [i for i, cell in code if cell.get("outputs") or cell.get("execution_count") is not None]


def main(argv: list[str]) -> int:
    if importlib.util.find_spec("nbmake") is None:
        print("run_notebooks: nbmake is missing; pip install -e '.[test-notebooks]'", file=sys.stderr)
        return 2
    given = [Path(a) for a in argv] or [ROOT / "examples"]
    paths = [p for g in given for p in (sorted(g.glob("*.ipynb")) if g.is_dir() else [g])]
    if not paths:
        print("run_notebooks: no notebooks found", file=sys.stderr)
        return 1
    dirty = {p.name: cells for p in paths if (cells := stored_outputs(p))}
    for name, cells in dirty.items():
        print(f"FAIL {name}: stored with outputs in cells {cells}; clear them before committing")
    if dirty:
        return 1
    with tempfile.TemporaryDirectory() as work:
        for path in paths:
            shutil.copy2(path, Path(work) / path.name)
            for data in path.parent.iterdir():
                if data.is_file() and data.suffix in (".toml", ".json", ".csv"):
                    shutil.copy2(data, Path(work) / data.name)
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "--nbmake",
            f"--nbmake-timeout={TIMEOUT}",
            *(p.name for p in paths),
        ]
        # No pytest configuration is found in the temporary folder: the project's own
        # (doctests, warnings as errors) is for its tests, not for the notebooks.
        env = {**os.environ, "MPLBACKEND": "Agg"}
        done = subprocess.run(command, cwd=work, env=env, check=False)
    return 0 if done.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
