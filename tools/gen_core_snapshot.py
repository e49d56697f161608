"""Write the snapshot of the built-in catalogue that ``builtin_catalogue()`` reads.

Usage: ``python tools/gen_core_snapshot.py`` writes
``src/participatory/_data/core.snapshot.json`` from ``catalogues/core``; ``--check``
exits 1 when it is out of date (CI runs that, and so does a test). An out-of-date
snapshot is never used (the TOML is read instead), so forgetting this costs speed only.
"""

import argparse
import json
import sys

from participatory._builtin import snapshot_document, snapshot_path


def render() -> str:
    """Return the snapshot's text: one line per file, so that a diff shows which file changed."""
    doc = snapshot_document()
    files = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in doc["files"])
    return f'{{"checksum": {json.dumps(doc["checksum"])},\n"files": [\n{files}\n]}}\n'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the snapshot is out of date")
    args = parser.parse_args(argv)
    text = render()
    path = snapshot_path()
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    if args.check:
        if current != text:
            print(f"{path} is out of date: run python tools/gen_core_snapshot.py", file=sys.stderr)
            return 1
        return 0
    if current != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)  # atomically
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
