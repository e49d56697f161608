"""How long building the website takes, how many pages it has, and how big its search index is.

    python benchmarks/site.py                  # core and the synthetic 10 000-technique catalogue
    python benchmarks/site.py --sizes 1000     # core and a smaller synthetic catalogue
    python benchmarks/site.py --output FILE    # also write the Markdown table to FILE

Needs the site extra (``pip install -e '.[site]'``). The synthetic catalogues come from
``generate.py`` (written on first use). Times are wall-clock seconds of one build each
(writing pages, downloads and the Pagefind index), split into the page data, the HTML
and the search index; the machine is named in the table.
"""

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate

import participatory as pr
from participatory import _publish as html_site
from participatory._site import site_data


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def measure(label: str, cat: pr.Catalogue, work: Path) -> dict[str, str]:
    out = work / label
    start = time.perf_counter()
    site_data(cat)
    data_done = time.perf_counter()
    html_site.build_site(cat, out, search=False, force=True)
    html_done = time.perf_counter()
    html_site.build_site(cat, out, force=True)
    full = time.perf_counter() - html_done
    pages = sum(1 for _ in out.rglob("index.html"))
    return {
        "catalogue": label,
        "records": f"{len(cat):,}",
        "pages": f"{pages:,}",
        "page data": f"{data_done - start:.2f} s",
        "build without search": f"{html_done - data_done:.2f} s",
        "full build": f"{full:.2f} s",
        "site size": f"{_size(out) / 1e6:.1f} MB",
        "search index": f"{_size(out / 'pagefind') / 1e6:.1f} MB",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000], help="synthetic catalogue sizes")
    parser.add_argument("--output", type=Path, help="write the Markdown table here too")
    args = parser.parse_args(argv)
    rows = []
    work = Path(tempfile.mkdtemp(prefix="participatory-site-bench-"))
    try:
        rows.append(measure("core", pr.load("core"), work))
        for n in args.sizes:
            path = generate.generate(n)["toml"]
            rows.append(measure(f"synthetic-{n}", pr.Catalogue.from_path(path), work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    columns = list(rows[0])
    machine = platform.processor() or platform.machine()
    lines = [
        f"Site build on {machine}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "",
        "| " + " | ".join(columns) + " |",
        "|" + "|".join("---" for _ in columns) + "|",
        *("| " + " | ".join(row[c] for c in columns) + " |" for row in rows),
    ]
    table = "\n".join(lines) + "\n"
    print(table)
    if args.output:
        args.output.write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
