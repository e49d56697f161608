"""The website and the whole path at scale (issue 27), as rows of ``run.py``'s table.

- the site build without search at 1 000 and 10 000 techniques (100 000 with
  ``--site-large``): CPU per page, its growth, peak memory, and Pagefind's indexing
  timed on its own, each build in a fresh process;
- pages per second beside MkDocs building as many Markdown pages (skipped when MkDocs
  is not installed: ``pip install mkdocs``; benchmark only);
- the whole path at ten times Participedia's size: import, validate (load what was
  written, with core), a usage query and the site with its search index, as one row
  with each step's share.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import generate
from measure import CLOCK, Report, Row, child_clock, fmt_time, verdict

#: Builds the site of a catalogue file in a fresh process; prints what it measured as JSON.
BUILD = """
import json, resource, sys, time, tracemalloc
from pathlib import Path
import participatory as pr
from participatory._publish import build_site, page_workers

def peak():
    # VmHWM: this process's own peak (ru_maxrss keeps the parent's peak across exec on Linux)
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

path, out, trace = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "trace"
now = time.process_time if sys.argv[4] == "cpu" else time.perf_counter
workers = None if sys.argv[5] == "auto" else int(sys.argv[5])
cat = pr.Catalogue.from_path(path)
if trace:
    tracemalloc.start()
t, wall = now(), time.perf_counter()
build_site(cat, out, search=False, force=True, workers=workers)
took, wall = now() - t, time.perf_counter() - wall
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "build": took,
    "wall": wall,
    "workers": page_workers(len(cat)) if workers is None else workers,
    "children": children.ru_utime + children.ru_stime,
    "pages": sum(1 for _ in out.rglob("*.html")),
    "rss": peak(),
    "traced": tracemalloc.get_traced_memory()[1] if trace else 0,
}))
"""

#: The whole path in a fresh process: import, validate, usage, site (Pagefind a child process).
WHOLE = """
import json, resource, sys, time
from pathlib import Path
import participatory as pr
from participatory._publish import build_site
files, work = [Path(f) for f in sys.argv[1].split(",")], Path(sys.argv[2])
cpu = sys.argv[3] == "cpu"

def now():
    if not cpu:
        return time.perf_counter()
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + c.ru_utime + c.ru_stime

def children():
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return c.ru_utime + c.ru_stime if cpu else time.perf_counter()

core = pr.load("core")
steps = {}
t = now()
pr.import_participedia(files, work / "catalogue", core=core, force=True)
steps["import"] = now() - t
t = now()
merged = core.merge(pr.Catalogue.from_path(work / "catalogue", context=core))
steps["validate"] = now() - t
t = now()
merged.graph().usage(by="sector")
steps["usage"] = now() - t
t, c = now(), children()
build_site(merged, work / "site", force=True)
steps["site"] = now() - t
steps["of which Pagefind"] = children() - c
pages = sum(1 for _ in (work / "site").rglob("*.html"))
print(json.dumps({"steps": steps, "records": len(merged), "pages": pages}))
"""


def _child(script: str, *args: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", script, *args], check=True, capture_output=True, text=True)
    found: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return found


def _pagefind(site: Path) -> float:
    """Index a built site with Pagefind (as the build does); return its time on our clock."""
    from participatory._publish import search_command, search_pages

    shutil.rmtree(site / "pagefind", ignore_errors=True)
    t = child_clock()
    command = [*search_command(), "--site", str(site), "--output-subdir", "pagefind", "--quiet"]
    command += ["--glob", search_pages([""])]  # the pages the build gives it
    subprocess.run(command, check=True, capture_output=True)
    return child_clock() - t


def _mkdocs(pages: int, work: Path, source: Path) -> float | None:
    """Build as many Markdown pages with MkDocs (text from the catalogue's techniques), or ``None``."""
    mkdocs = shutil.which("mkdocs", path=str(Path(sys.executable).parent)) or shutil.which("mkdocs")
    if mkdocs is None:
        return None
    docs = work / "mkdocs" / "docs"
    docs.mkdir(parents=True)
    techniques = json.loads(source.read_text(encoding="utf-8"))["technique"]
    for i in range(pages):
        t = techniques[i % len(techniques)]
        lists = "".join(
            f"\n## {f}\n\n" + "".join(f"- {v}\n" for v in t.get(f, ())) for f in ("stages", "stakeholders")
        )
        (docs / f"page-{i}.md").write_text(f"# {t['name']}\n\n{t['summary']}\n{lists}", encoding="utf-8")
    (docs / "index.md").write_text("# Techniques\n", encoding="utf-8")
    # Only the home page in the navigation: MkDocs's default lists every page on every page,
    # which grows with the square of the site (2 000 pages: 12 s of CPU instead of 2 s).
    (work / "mkdocs" / "mkdocs.yml").write_text("site_name: Bench\nnav:\n  - index.md\n", encoding="utf-8")
    t = child_clock()
    subprocess.run(
        [mkdocs, "build", "-q", "-f", str(work / "mkdocs" / "mkdocs.yml")], check=True, capture_output=True
    )
    return child_clock() - t


def bench_site(report: Report, sizes: list[int], quick: bool) -> None:
    """Build the synthetic catalogues' sites, each in a fresh process; Pagefind and MkDocs beside."""
    per_page: dict[int, float] = {}
    for n in sizes:
        print(f"site build {n}", flush=True)
        source = generate.generate(n)["json"]
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            # One process: the CPU a page costs (worker processes would move it to them).
            runs = [
                _child(BUILD, str(source), str(work / "site"), "no", CLOCK["name"], "1")
                for _ in range(1 if quick or n > 10_000 else 3)
            ]
            auto = (
                None
                if quick or n < 10_000
                else _child(BUILD, str(source), str(work / "site"), "no", "cpu", "auto")
            )
            build = sorted(r["build"] for r in runs)[len(runs) // 2]
            pages, rss = runs[0]["pages"], max(r["rss"] for r in runs)
            traced = (
                0
                if quick or n > 10_000
                else _child(BUILD, str(source), str(work / "site"), "trace", CLOCK["name"], "1")["traced"]
            )
            indexing = _pagefind(work / "site")
            mkdocs = None if quick or n > 10_000 else _mkdocs(pages, work, source)
        per_page[n] = build / pages
        size = f"{n:,} techniques ({pages:,} pages)"
        targeted = n == 10_000
        report.add(
            Row(
                "build the website without search (`build_site(..., search=False)`, fresh process), per page",
                size,
                f"{fmt_time(per_page[n])} ({fmt_time(build)} in all)",
                target="<= 2 ms a page" if targeted else "",
                result=verdict(per_page[n] <= 2e-3) if targeted else "",
            )
        )
        memory = f"{rss / 1e6:.0f} MB" + (
            f" (build alone, tracemalloc: {traced / 1e6:.0f} MB)" if traced else ""
        )
        report.add(
            Row(
                "peak memory of that process (max RSS: Python, the catalogue loaded, the build)",
                size,
                memory,
                target="<= 300 MB" if targeted else "",
                result=verdict(rss <= 300e6) if targeted else "",
            )
        )
        report.add(Row("Pagefind indexing that site (on its own)", size, f"{fmt_time(indexing)}"))
        if auto is not None and auto["workers"] > 1:
            alone = sorted(r["wall"] for r in runs)[len(runs) // 2]
            report.add(
                Row(
                    "wall time of that build: worker processes (`workers=None`) beside one",
                    size,
                    f"{fmt_time(auto['wall'])} ({auto['workers']} processes, "
                    f"CPU {fmt_time(auto['build'] + auto['children'])} in all)",
                    f"{fmt_time(alone)} (one process)",
                    f"{alone / auto['wall']:.2f}x as fast",
                    result=f"machine shared: load {os.getloadavg()[0]:.1f}",
                )
            )
        if mkdocs is not None:
            ours, theirs = pages / build, pages / mkdocs
            report.add(
                Row(
                    "pages per second: our build (no search) beside MkDocs building as many Markdown pages",
                    size,
                    f"{ours:,.0f} pages/s",
                    f"{theirs:,.0f} pages/s (`mkdocs build`, {fmt_time(mkdocs)})",
                    f"{ours / theirs:.1f}x as fast" if ours >= theirs else f"{theirs / ours:.1f}x slower",
                )
            )
        elif not quick and n <= 10_000:
            report.missing(
                "pages per second beside MkDocs", size, "MkDocs not installed (pip install mkdocs)"
            )
    if 1_000 in per_page and 10_000 in per_page:
        growth = per_page[10_000] / per_page[1_000]
        report.add(
            Row(
                "site build: growth of the time per page",
                "1,000 -> 10,000 techniques",
                f"{growth:.2f}x the time per page",
                target="<= 1.2x",
                result=verdict(growth <= 1.2),
            )
        )


def bench_whole_path(report: Report, quick: bool) -> None:
    """Participedia's exports at ten times its size, imported, validated, queried and published."""
    scale = 1 if quick else 10
    print(f"whole path at {scale}x Participedia", flush=True)
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        files = list(generate.participedia_exports(Path(tmp) / "in", scale).values())
        # The median of three runs, each in a fresh process and folder: about a third of the
        # time is the file system creating 40 000 folders and files, which varies from run
        # to run on a shared virtual machine by several seconds.
        for i in range(1 if quick else 3):
            (work := Path(tmp) / f"run{i}").mkdir()
            runs.append(_child(WHOLE, ",".join(map(str, files)), str(work), CLOCK["name"]))
    totals = [sum(v for k, v in r["steps"].items() if not k.startswith("of which")) for r in runs]
    median = sorted(range(len(runs)), key=totals.__getitem__)[len(runs) // 2]
    found, total = runs[median], totals[median]
    steps: dict[str, float] = found["steps"]
    limit = 6.0 * scale
    shares = ", ".join(f"{k} {fmt_time(v)} ({v / total:.0%})" for k, v in steps.items())
    report.add(
        Row(
            "the whole path: import Participedia's exports, validate, usage, build the site with search",
            f"{scale}x Participedia ({found['records']:,} records, {found['pages']:,} pages)",
            fmt_time(total),
            target=f"< {limit:.0f} s",
            result=f"{verdict(total < limit)}; {shares}"
            + (f"; runs {', '.join(fmt_time(t) for t in totals)}" if len(totals) > 1 else ""),
        )
    )
