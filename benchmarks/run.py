"""Measure participatory against its targets and against what users would pick instead.

    python benchmarks/run.py            # full run, writes docs/performance.md
    python benchmarks/run.py --quick    # smallest size, few repeats: a CI smoke test

Every figure is the median of repeated runs made in this one session; each baseline is
measured in the same run, interleaved with what it is compared to, so the ratios hold
on any machine. See benchmarks/README.md for what each figure means.
"""

import argparse
import gc
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import scale as at_scale  # noqa: E402
from measure import (  # noqa: E402
    CLOCK,
    CLOCKS,
    Report,
    Row,
    fmt_bytes,
    fmt_time,
    in_script,
    median_times,
    subprocess_times,
    timeit_small,
    verdict,
)

import participatory as pr  # noqa: E402
from participatory import Catalogue, Level  # noqa: E402

GROUP = "participatory.catalogues"
#: Modules `import participatory` should leave for later.
HEAVY = ("networkx", "importlib.metadata", "cattrs", "tomllib", "json")
#: The groups of figures ``--only`` can choose, in the order they run.
GROUPS = (
    "import",
    "discovery",
    "builtin",
    "trip",
    "load",
    "lean",
    "memory",
    "queries",
    "participedia",
    "site",
    "whole",
)
#: The faceted query: (label, stage, stakeholder, minimum level, mode).
QUERIES = (
    ("selective", "design", generate.RARE, "collaborate", "online"),
    ("broad", "design", "carer", "collaborate", "online"),
)


# --------------------------------------------------------------------------- import and discovery


def bench_import(report: Report, repeats: int) -> None:
    print("import", flush=True)
    t = subprocess_times(
        {
            "bare": "pass",
            "participatory": "import participatory",
            "attrs": "import attrs, cattrs",
        },
        repeats,
    )
    ours, base = t["participatory"] - t["bare"], t["attrs"] - t["bare"]
    ratio = ours / base
    report.add(
        Row(
            "`import participatory`",
            "-",
            fmt_time(ours),
            f"{fmt_time(base)} (`import attrs, cattrs`)",
            f"{ratio:.2f}x",
            "<= 1.3x",
            verdict(ratio <= 1.3),
        )
    )
    probe = f"import sys, participatory; print(*(m for m in {HEAVY!r} if m in sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    ).stdout.split()
    report.add(
        Row(
            "networkx not imported by `import participatory`",
            "-",
            f"of {', '.join(HEAVY)}, imported: {', '.join(loaded) or 'none'}",
            target="networkx absent",
            result=verdict("networkx" not in loaded),
            gated=True,
        )
    )
    report.notes.append(
        f"Import times: a fresh `python -c ...` minus a fresh `python -c pass` "
        f"({fmt_time(t['bare'])}), medians of {repeats} interleaved runs."
    )


def bench_discovery(report: Report, repeats: int, process_repeats: int) -> None:
    """The first ``catalogues()`` in a fresh process, and a rescan, against one raw scan."""
    print("plugin discovery", flush=True)
    if not hasattr(pr, "catalogues"):
        report.missing("plugin discovery: `participatory.catalogues()`", "-", "not on this branch yet")
        return
    import importlib
    import importlib.metadata

    t = subprocess_times(
        {
            "ours": "import participatory as pr, importlib.metadata; " + in_script("pr.catalogues()"),
            "raw": "import importlib.metadata as m; " + in_script(f"m.entry_points(group={GROUP!r})"),
        },
        process_repeats,
    )
    ratio = t["ours"] / t["raw"]
    report.add(
        Row(
            "plugin discovery: first `participatory.catalogues()` in a process (imports the registry)",
            "-",
            fmt_time(t["ours"]),
            f"{fmt_time(t['raw'])} (`entry_points(group=...)`, fresh process)",
            f"{ratio:.2f}x",
            "<= 1.5x",
            verdict(ratio <= 1.5),
        )
    )

    def rescan() -> None:
        pr.refresh()
        pr.catalogues()

    def raw() -> None:
        importlib.invalidate_caches()  # as refresh() does, so both read the metadata again
        importlib.metadata.entry_points(group=GROUP)

    rescan()
    w = median_times({"ours": rescan, "raw": raw}, repeats)
    ratio = w["ours"] / w["raw"]
    report.add(
        Row(
            "plugin discovery: `refresh()` then `catalogues()` (a rescan)",
            "-",
            fmt_time(w["ours"]),
            f"{fmt_time(w['raw'])} (`entry_points(group=...)`)",
            f"{ratio:.2f}x",
            "<= 1.5x",
            verdict(ratio <= 1.5),
            gated=True,
        )
    )


# --------------------------------------------------------------------------- loading


def bench_builtin(report: Report, repeats: int) -> None:
    """The built-in catalogue, first time in a fresh process, against parsing its TOML files."""
    print("built-in catalogue", flush=True)
    path = pr.core_path()
    files = sorted(str(p) for p in Path(str(path)).glob("*.toml"))
    if not files:
        report.missing("load the built-in catalogue", "core", "no core data on this branch yet")
        return
    t = subprocess_times(
        {
            "ours": "import participatory; "
            + in_script("from participatory._builtin import builtin_catalogue; builtin_catalogue()"),
            "load": "import participatory as pr; " + in_script("pr.load('core')"),
            "toml": "from pathlib import Path; "
            + in_script(f"import tomllib; [tomllib.loads(Path(f).read_text()) for f in {files!r}]"),
        },
        repeats,
    )
    cat = pr.load("core")
    size = f"core ({len(cat.techniques)} techniques, {len(cat)} records)"
    ratio = t["ours"] / t["toml"]
    report.add(
        Row(
            "load the built-in catalogue, first time in a process (`builtin_catalogue()`, from its snapshot)",
            size,
            fmt_time(t["ours"]),
            f"{fmt_time(t['toml'])} (`import tomllib` + parse its TOML files, fresh process)",
            f"{ratio:.2f}x",
            "<= 1.0x",
            verdict(ratio <= 1.0),
            gated=True,
        )
    )
    report.add(
        Row(
            "`pr.load('core')`, first time in a process (the registry as well)",
            size,
            fmt_time(t["load"]),
            f"{fmt_time(t['toml'])} (parse its TOML)",
            f"{t['load'] / t['toml']:.2f}x",
        )
    )


def parse_only(path: Path) -> Any:
    """The baseline: ``json.loads`` (or ``tomllib.loads``) of the file, nothing else."""
    import tomllib

    data = path.read_bytes()
    return json.loads(data) if path.suffix == ".json" else tomllib.loads(data.decode())


def bench_load(report: Report, sizes: Iterable[int], repeats: dict[int, int]) -> dict[int, Catalogue]:
    """Load each synthetic catalogue, against parsing the same file (TOML only up to 10 000)."""
    catalogues: dict[int, Catalogue] = {}
    warm = generate.generate(min(generate.SIZES))["json"]
    Catalogue.from_path(warm)  # the decoders are built before any timing
    for n in sizes:
        files = generate.generate(n)
        for fmt, path in files.items():
            if fmt == "toml" and n > 10_000:
                continue  # 90 s a load: tomllib reads about 3 MB/s (see the notes)
            print(f"load {n} {fmt}", flush=True)
            kept: dict[str, Catalogue] = {}
            reps = repeats[n] if fmt == "json" else max(1, repeats[n] // 2)
            t = median_times(
                {
                    "ours": lambda p=path, k=kept: k.update(cat=Catalogue.from_path(p)),
                    "parse": lambda p=path: parse_only(p),
                },
                reps,
            )
            if fmt == "json":
                catalogues[n] = kept.pop("cat")
            ratio = t["ours"] / t["parse"]
            targeted = fmt == "json" and n >= 10_000
            parser = "json.loads" if fmt == "json" else "tomllib.loads"
            report.add(
                Row(
                    f"load a catalogue from {fmt.upper()} ({path.stat().st_size / 1e6:.0f} MB)",
                    f"{n:,}",
                    fmt_time(t["ours"]),
                    f"{fmt_time(t['parse'])} (`{parser}` of the file)",
                    f"{ratio:.2f}x",
                    "<= 2x" if targeted else "",
                    verdict(ratio <= 2) if targeted else "",
                )
            )
    return catalogues


def frozen_structs() -> Callable[[bytes], Any]:
    """The msgspec baseline: a decoder into frozen structs mirroring the record classes.

    One struct per attrs class (same fields, types and defaults; unknown fields
    forbidden; frozen), and one for the document's tables. msgspec is a benchmark
    baseline here; the library's own fast path (``_fast.py``) also decodes with msgspec.
    """
    import types
    import typing

    import attrs
    import msgspec

    from participatory._kinds import KINDS
    from participatory._model import CatalogueInfo

    made: dict[type, Any] = {}

    def mirror(tp: Any) -> Any:
        if isinstance(tp, type) and attrs.has(tp):
            if tp not in made:
                hints = typing.get_type_hints(tp)
                fields = [
                    (f.name, mirror(hints[f.name]))
                    if f.default is attrs.NOTHING
                    else (f.name, mirror(hints[f.name]), f.default)
                    for f in attrs.fields(tp)
                ]
                made[tp] = msgspec.defstruct(
                    f"_{tp.__name__}", fields, kw_only=True, forbid_unknown_fields=True, frozen=True
                )
            return made[tp]
        args = typing.get_args(tp)
        if typing.get_origin(tp) is tuple:
            return tuple[mirror(args[0]), ...]  # type: ignore[misc]
        if typing.get_origin(tp) in (types.UnionType, typing.Union):
            out = mirror(args[0])
            for a in args[1:]:
                out = out | mirror(a)
            return out
        return tp

    tables = [("catalogue", mirror(CatalogueInfo), None)]
    tables += [(kind.replace("-", "_"), list[mirror(cls)], []) for kind, cls in KINDS.items()]  # type: ignore[misc]
    names = {kind.replace("-", "_"): kind for kind in KINDS}  # payment-policy
    document = msgspec.defstruct("_Document", tables, forbid_unknown_fields=True, frozen=True, rename=names)
    decoder = msgspec.json.Decoder(document)
    return decoder.decode


def paused(func: Callable[[bytes], Any]) -> Callable[[bytes], Any]:
    """``func`` run with the garbage collector paused, by the loader's own pause (as ``timeit`` does)."""
    from participatory._loader import paused_gc

    def call(data: bytes) -> Any:
        with paused_gc():
            return func(data)

    return call


#: ``json.loads`` with the garbage collector paused.
json_no_gc = paused(json.loads)


def without_field_checks(path: Path) -> Catalogue:
    """Load ``path`` with the loader's field checks finding nothing (duplicates and references stay).

    No such mode exists for users: this measures how much of the load the checks take.
    """
    from unittest import mock

    with mock.patch("participatory._loader.record_problems", _no_problems):
        return Catalogue.from_path(path)


def _no_problems(rec: object, *, typed: bool = False) -> tuple[()]:
    return ()


def bench_lean(report: Report, sizes: Iterable[int], quick: bool) -> None:
    """Load lean catalogues (techniques shaped like core's) against four ways of only decoding.

    Run with nothing else loaded (see :func:`main`): a baseline run with the collector on
    costs less in a process that holds a large heap, which makes its full collections rare.
    """
    decode = frozen_structs()
    decode_no_gc = paused(decode)
    for n in sizes:
        path = generate.lean(n)
        print(f"load lean {n}", flush=True)
        data = path.read_bytes()
        decode(data)  # the file is valid for the baseline too (every field known)
        Catalogue.from_path(path)  # decoders warmed
        reps = 2 if quick else 7 if n <= 1_000 else 5 if n <= 20_000 else 3
        t = median_times(
            {
                "ours": lambda p=path: Catalogue.from_path(p),
                "json": lambda p=path: json.loads(p.read_bytes()),
                "json no gc": lambda p=path: json_no_gc(p.read_bytes()),
                "msgspec": lambda p=path: decode(p.read_bytes()),
                "msgspec no gc": lambda p=path: decode_no_gc(p.read_bytes()),
                "floor": lambda p=path: without_field_checks(p),
            },
            reps,
        )
        targeted = n >= 20_000
        size = f"{n:,} ({path.stat().st_size / n / 1e3:.1f} kB a technique)"
        for key, what, limit in (
            ("msgspec", "msgspec into frozen structs, unknown fields forbidden", 4.0),
            ("msgspec no gc", "msgspec as above, garbage collector paused", None),
            ("json no gc", "`json.loads`, garbage collector paused", 1.5),
            ("json", "`json.loads`", None),
        ):
            ratio = t["ours"] / t[key]
            report.add(
                Row(
                    "load a lean catalogue from JSON (techniques shaped like core's)",
                    size,
                    fmt_time(t["ours"]),
                    f"{fmt_time(t[key])} ({what})",
                    f"{ratio:.2f}x",
                    f"<= {limit}x" if targeted and limit else "",
                    verdict(ratio <= limit) if targeted and limit else "",
                )
            )
        report.add(
            Row(
                "the same load with no field checks (a measurement only: what the checks add to)",
                size,
                fmt_time(t["floor"]),
                f"{fmt_time(t['json no gc'])} (`json.loads`, garbage collector paused)",
                f"{t['floor'] / t['json no gc']:.2f}x",
                "",
                "",
            )
        )


MEMORY_SCRIPT = """
import gc, json, sys, tracemalloc
from pathlib import Path
path = Path(sys.argv[2])
{imports}
gc.collect()
tracemalloc.start()
{work}
print(tracemalloc.get_traced_memory()[1])
"""


def bench_memory(report: Report, n: int) -> None:
    """Peak memory (tracemalloc, fresh process) of loading and querying, against ``json.loads``."""
    print(f"memory {n}", flush=True)
    path = generate.generate(n)["json"]
    scripts = {
        "ours": MEMORY_SCRIPT.format(
            imports="from participatory import Catalogue",
            work="cat = Catalogue.from_path(path); g = cat.graph(); "
            "r = list(g.techniques(stage='design', level='collaborate'))",
        ),
        "json": MEMORY_SCRIPT.format(imports="", work="doc = json.loads(path.read_bytes())"),
    }
    peaks = {
        name: int(
            subprocess.run(
                [sys.executable, "-c", script, "-", str(path)], check=True, capture_output=True, text=True
            ).stdout.split()[-1]
        )
        for name, script in scripts.items()
    }
    ratio = peaks["ours"] / peaks["json"]
    report.add(
        Row(
            "memory: loaded and queried (tracemalloc peak, fresh process)",
            f"{n:,}",
            fmt_bytes(peaks["ours"]),
            f"{fmt_bytes(peaks['json'])} (`json.loads` of the file)",
            f"{ratio:.2f}x",
            "<= 1.0x",
            verdict(ratio <= 1.0),
        )
    )


# --------------------------------------------------------------------------- graph and queries


def fresh(cat: Catalogue) -> Catalogue:
    """An equal catalogue that shares no cached graph with ``cat``."""
    return cat.filter()


def traced_peak(func: Callable[[], Any]) -> tuple[Any, int]:
    """Run ``func`` under tracemalloc; return its result and the peak of memory allocated."""
    gc.collect()
    tracemalloc.start()
    try:
        result = func()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


def first_query(graph: Any) -> Any:
    return ours_query(graph, *QUERIES[0][1:])


def bench_graph(report: Report, catalogues: dict[int, Catalogue], repeats: dict[int, int]) -> dict[int, Any]:
    """Build the networkx graph, and the query index (built by the first query), at each size."""
    graphs: dict[int, Any] = {}
    for n, cat in catalogues.items():
        if not hasattr(cat, "graph"):
            report.missing("build the graph", f"{n:,}", "`Catalogue.graph()` not on this branch yet")
            continue
        print(f"graph {n}", flush=True)
        reps = repeats[n]
        copies = [fresh(cat).graph() for _ in range(reps)]
        t_nx = median_times({"nx": lambda c=copies: c.pop().nx}, reps)["nx"]
        copies = [fresh(cat).graph() for _ in range(reps)]
        t_index = median_times({"index": lambda c=copies: first_query(c.pop())}, reps)["index"]
        del copies
        _, nx_peak = traced_peak(lambda c=cat: fresh(c).graph().nx)
        graph = fresh(cat).graph()
        _, index_peak = traced_peak(lambda g=graph: first_query(g))
        graphs[n] = graph
        report.add(Row("build the graph: `cat.graph().nx`", f"{n:,}", fmt_time(t_nx)))
        big = n >= 100_000
        report.add(
            Row(
                "graph memory: tracemalloc peak while building `cat.graph().nx`",
                f"{n:,}",
                fmt_bytes(nx_peak),
                target="<= 300 MB" if big else "",
                result=verdict(nx_peak <= 300e6) if big else "",
            )
        )
        report.add(Row("first query on a new graph (builds the query index)", f"{n:,}", fmt_time(t_index)))
        report.add(
            Row("query index memory: tracemalloc peak of that first query", f"{n:,}", fmt_bytes(index_peak))
        )
    return graphs


class InvertedIndex:
    """The practical limit: one dict of sets per facet, built by hand."""

    def __init__(self, cat: Catalogue) -> None:
        self.records = cat.techniques
        self.stage: dict[str, set[str]] = {}
        self.stakeholder: dict[str, set[str]] = {}
        self.mode: dict[str, set[str]] = {}
        self.level: dict[Level, set[str]] = {lv: set() for lv in Level}  # reaches at least
        for tid, tech in cat.techniques.items():
            for s in tech.stages:
                self.stage.setdefault(s, set()).add(tid)
            for k in tech.stakeholders:
                self.stakeholder.setdefault(k, set()).add(tid)
            for m in tech.modes:
                self.mode.setdefault(m.value, set()).add(tid)
            top = tech.max_level
            if top is not None:
                for lv in Level:
                    if lv <= top:
                        self.level[lv].add(tid)

    def query(self, stage: str, stakeholder: str, level: str, mode: str) -> list[Any]:
        sets = sorted(
            (
                self.stage.get(stage, set()),
                self.stakeholder.get(stakeholder, set()),
                self.level[Level.parse(level)],
                self.mode.get(mode, set()),
            ),
            key=len,
        )
        ids = sets[0].intersection(*sets[1:])
        return sorted((self.records[i] for i in ids), key=lambda t: t.name)


class Sparql:
    """rdflib SPARQL over the same facets (what a linked-data user would reach for)."""

    def __init__(self, cat: Catalogue) -> None:
        from rdflib import Graph, Literal, Namespace
        from rdflib.namespace import RDF
        from rdflib.plugins.sparql import prepareQuery

        ns = Namespace("https://example.org/participatory/")
        self.ns = ns
        g = Graph()
        add = g.add
        for tid, tech in cat.techniques.items():
            t = ns[tid]
            add((t, RDF.type, ns.Technique))
            add((t, ns.name, Literal(tech.name)))
            for s in tech.stages:
                add((t, ns.stage, ns[s]))
            for k in tech.stakeholders:
                add((t, ns.stakeholder, ns[k]))
            for m in tech.modes:
                add((t, ns.mode, ns[m.value]))
            if tech.max_level is not None:
                add((t, ns.maxLevel, Literal(tech.max_level.rank)))
        self.graph = g
        self.prepared = prepareQuery(
            """SELECT ?t ?name WHERE {
                 ?t a p:Technique ; p:stage ?stage ; p:stakeholder ?who ; p:mode ?mode ;
                    p:maxLevel ?lv ; p:name ?name .
                 FILTER (?lv >= ?min)
               } ORDER BY ?name""",
            initNs={"p": ns},
        )

    def query(self, stage: str, stakeholder: str, level: str, mode: str) -> list[str]:
        from rdflib import Literal

        ns = self.ns
        bindings = {
            "stage": ns[stage],
            "who": ns[stakeholder],
            "mode": ns[mode],
            "min": Literal(Level.parse(level).rank),
        }
        rows = self.graph.query(self.prepared, initBindings=bindings)
        return [str(row[0]).rsplit("/", 1)[1] for row in rows]


def ours_query(graph: Any, stage: str, stakeholder: str, level: str, mode: str) -> list[Any]:
    return list(graph.techniques(stage=stage, stakeholder=stakeholder, level=level, mode=mode))


def bench_queries(
    report: Report,
    catalogues: dict[int, Catalogue],
    graphs: dict[int, Any],
    repeats: dict[int, int],
    *,
    quick: bool = False,
) -> None:
    try:
        import rdflib  # noqa: F401
    except ImportError:
        have_rdflib = False
        report.notes.append("rdflib is not installed (`pip install --group bench`): SPARQL not measured.")
    else:
        have_rdflib = True
    selective: dict[int, float] = {}
    for n, cat in catalogues.items():
        print(f"queries {n}", flush=True)
        t0 = time.perf_counter()
        index = InvertedIndex(cat)
        index_build = time.perf_counter() - t0
        sparql = None
        if have_rdflib and n <= 10_000:  # at 100 000: a 48 s build, seconds a query (measured before)
            t0 = time.perf_counter()
            sparql = Sparql(cat)
            report.notes.append(
                f"{n:,} techniques: inverted index built in {fmt_time(index_build)}; rdflib graph of "
                f"{len(sparql.graph):,} triples built in {fmt_time(time.perf_counter() - t0)}."
            )
        graph = graphs.get(n)
        for label, *args in QUERIES:
            expected = index.query(*args)
            query_budget = 0.2 if quick else 1.0
            t_sparql = None
            if sparql is not None:
                found = sparql.query(*args)
                if sorted(found) != sorted(t.id for t in expected):
                    report.notes.append(
                        f"{n:,} {label}: SPARQL found {len(found)}, the index {len(expected)}."
                    )
                t_sparql = median_times({"q": lambda a=args, s=sparql: s.query(*a)}, max(3, repeats[n]))["q"]
            what = f"faceted query, {label} ({len(expected)} of {n:,})"
            if graph is None:
                report.missing(what, f"{n:,}", "graph not on this branch yet")
                t_index = timeit_small({"index": lambda a=args, i=index: i.query(*a)}, query_budget)["index"]
                report.add(Row(f"{what}: inverted index", f"{n:,}", fmt_time(t_index)))
                if t_sparql is not None:
                    report.add(Row(f"{what}: rdflib SPARQL", f"{n:,}", fmt_time(t_sparql)))
                continue
            got = ours_query(graph, *args)
            if sorted(t.id for t in got) != sorted(t.id for t in expected):
                report.notes.append(
                    f"{n:,} {label}: `g.techniques()` found {len(got)} techniques, the inverted index "
                    f"{len(expected)} (the semantics differ; see benchmarks/README.md)."
                )
            t = timeit_small(
                {
                    "ours": lambda a=args, g=graph: ours_query(g, *a),
                    "index": lambda a=args, i=index: i.query(*a),
                },
                query_budget,
            )
            t_ours, t_index = t["ours"], t["index"]
            if label == "selective":
                selective[n] = t_ours
            ratio = t_ours / t_index
            report.add(
                Row(
                    what,
                    f"{n:,}",
                    fmt_time(t_ours),
                    f"{fmt_time(t_index)} (inverted index)",
                    f"{ratio:.2f}x",
                    "<= 1.0x",
                    verdict(ratio <= 1.0),
                )
            )
            if t_sparql is not None:
                speedup = t_sparql / t_ours
                report.add(
                    Row(
                        f"{what}, vs SPARQL",
                        f"{n:,}",
                        fmt_time(t_ours),
                        f"{fmt_time(t_sparql)} (rdflib SPARQL)",
                        f"{speedup:,.0f}x faster",
                        ">= 100x faster",
                        verdict(speedup >= 100),
                        gated=True,
                    )
                )
    if len(selective) >= 2:
        small, large = min(selective), max(selective)
        growth = selective[large] / selective[small]
        exponent = math.log(growth) / math.log(large / small)
        report.add(
            Row(
                "selective query: growth with catalogue size",
                f"{small:,} -> {large:,}",
                f"{growth:.2f}x the time, for {large // small}x the data",
                ratio=f"time ~ n^{exponent:.2f}",
                target="sublinear (n^0.5 or less)",
                result=verdict(exponent <= 0.5),
            )
        )


# --------------------------------------------------------------------------- the whole trip

FIND = "participatory find --stage design --level collaborate --mode online"
#: The same command's phases, timed in one fresh process: where its time goes.
FIND_PHASES = """
import time
clock = time.{fn}
t0 = clock()
import participatory as pr
from participatory._cli import main
t1 = clock()
cat = pr.load()
t2 = clock()
found = cat.graph().techniques(stage="design", level="collaborate", mode="online")
t3 = clock()
text = found.to_text()
t4 = clock()
print(t1 - t0, t2 - t1, t3 - t2, t4 - t3)
"""
PLUGIN_PHASES = """
import time
clock = time.{fn}
t0 = clock()
import participatory as pr
t1 = clock()
pr.catalogues()
t2 = clock()
cat = pr.load()
t3 = clock()
assert len(cat.members) == {count} + 1, cat.members
print(t1 - t0, t2 - t1, t3 - t2)
"""


def fake_plugins(root: Path, count: int) -> Path:
    """Write ``count`` installed-looking plugin distributions under ``root`` (put it on the path)."""
    for i in range(count):
        module = root / f"fake_catalogue_{i}"
        module.mkdir(parents=True, exist_ok=True)
        techniques = "".join(
            f'[[technique]]\nid = "fake-{i}-{j}"\nname = "Fake technique {i}.{j}"\n'
            f'stages = ["design"]\nlevels = ["consult", "involve"]\n\n'
            for j in range(20)
        )
        (module / "catalogue.toml").write_text(
            f'[catalogue]\nname = "fake-{i}"\nextends = ["core"]\n\n{techniques}', encoding="utf-8"
        )
        (module / "__init__.py").write_text(
            "from pathlib import Path\ncatalogue = Path(__file__).parent / 'catalogue.toml'\n",
            encoding="utf-8",
        )
        info = root / f"fake_catalogue_{i}-1.0.dist-info"
        info.mkdir(exist_ok=True)
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: fake-catalogue-{i}\nVersion: 1.0\nSummary: A fake plugin\n",
            encoding="utf-8",
        )
        (info / "entry_points.txt").write_text(
            f"[participatory.catalogues]\nfake-{i} = fake_catalogue_{i}:catalogue\n", encoding="utf-8"
        )
    return root


def phases(script: str, repeats: int, extra_env: dict[str, str] | None = None) -> list[float]:
    """Median of each phase a script prints (one fresh process per run)."""
    fn = "process_time" if CLOCK["name"] == "cpu" else "perf_counter"
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="", **(extra_env or {}))
    runs = [
        [
            float(x)
            for x in subprocess.run(
                [sys.executable, "-c", script.format(fn=fn)],
                check=True,
                capture_output=True,
                text=True,
                env=env,
            ).stdout.split()
        ]
        for _ in range(repeats + 1)
    ][1:]  # the first run warms the caches
    return [statistics.median(column) for column in zip(*runs, strict=True)]


def bench_trip(report: Report, repeats: int, work: Path) -> None:
    """What a user waits for: the command line, loading with plugins, the website, an import."""
    print("the whole trip", flush=True)
    t = subprocess_times({"find": "$ " + FIND, "bare": "pass"}, repeats)
    where = phases(FIND_PHASES, repeats)
    report.add(
        Row(
            f"`{FIND}`, cold start (whole process)",
            "core",
            fmt_time(t["find"]),
            f"{fmt_time(t['bare'])} (`python -c pass`)",
            f"{t['find'] / t['bare']:.1f}x",
            result="time goes to: "
            + ", ".join(
                f"{label} {fmt_time(x)}"
                for label, x in zip(("imports", "`pr.load()`", "query", "table text"), where, strict=True)
            ),
        )
    )
    count = 3
    root = fake_plugins(work / "plugins", count)
    env = {"PYTHONPATH": str(root)}
    where = phases(PLUGIN_PHASES.replace("{count}", str(count)), repeats, env)
    report.add(
        Row(
            f"`pr.load()` with {count} plugins installed, first time in a process",
            f"core + {count} x 20 techniques",
            fmt_time(where[1] + where[2]),
            result="time goes to: "
            + ", ".join(
                f"{label} {fmt_time(x)}"
                for label, x in zip(("import", "discovery", "loading and merging"), where, strict=True)
            ),
        )
    )
    if not hasattr(pr, "build_site"):
        report.missing("build the website: `pr.build_site(...)`", "core", "not on this branch yet")
    else:
        import inspect

        cat = pr.load()
        params = list(inspect.signature(pr.build_site).parameters)
        out = work / "site"

        def build() -> None:
            args = [cat if "cat" in p else out for p in params[:2]]
            pr.build_site(*args)

        s = median_times({"site": build}, repeats)["site"]
        report.add(Row("build the website: `pr.build_site(...)`", "core", fmt_time(s)))
    # Importing all of Participedia is timed, at its size and ten times it, with the usage
    # queries over the result, in bench_participedia (its own rows below).


# --------------------------------------------------------------------------- main

#: Everything after this line of the output file is written by hand and kept on reruns.
ANALYSIS = "<!-- analysis: written by hand, kept when run.py rewrites the table above -->"
CLOCK_TEXT = {
    "cpu": "CPU time (user + system) of the measuring process or child process, which other jobs "
    "on a shared machine do not inflate; on a quiet machine wall time is about the same",
    "wall": "wall time",
}


def bench_participedia(report: Report, quick: bool) -> None:
    """Import synthetic Participedia exports the size of its whole database, and ten times that."""
    import tempfile

    print("participedia import", flush=True)
    core = pr.load("core")
    for scale in (1,) if quick else (1, 10):
        with tempfile.TemporaryDirectory() as tmp:
            files = list(generate.participedia_exports(Path(tmp) / "in", scale).values())
            out = Path(tmp) / "out"
            t = median_times(
                {
                    "import": lambda files=files, out=out: pr.import_participedia(
                        files, out, core=core, force=True
                    )
                },
                1 if quick or scale > 1 else 3,
            )
            summary = pr.import_participedia(files, None, core=core)
            megabytes = sum(f.stat().st_size for f in files) / 1e6
        limit = 5.0 * scale
        report.add(
            Row(
                "import Participedia's exports and write the catalogue",
                f"{summary.techniques_written} methods, {summary.cases_written} cases, "
                f"{summary.organisations_written} organisations ({megabytes:.0f} MB of CSV)",
                fmt_time(t["import"]),
                target=f"< {limit:.0f} s",
                result=verdict(t["import"] < limit),
            )
        )
        # Who uses what over the whole import: the graph is built once, each query counts
        # distinct cases and organisations from scratch.
        g = core.merge(summary.catalogue).graph()
        q = median_times(
            {
                "by sector": lambda g=g: g.usage(by="sector"),
                "one technique by country": lambda g=g: g.usage(by="country", technique="citizens-jury"),
            },
            1 if quick else 5,
        )
        for name, seconds in q.items():
            report.add(
                Row(
                    f"usage query over that import ({name})",
                    f"{summary.cases_written} cases, {summary.organisations_written} organisations",
                    fmt_time(seconds),
                    target="milliseconds (< 1 s)",
                    result=verdict(seconds < 1.0),
                )
            )


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, participatory {pr.__version__}"
    )


def bench_loaded(
    report: Report, only: set[str], sizes: list[int], repeats: dict[int, int], quick: bool
) -> None:
    """Load the synthetic catalogues, then measure memory, graphs and queries on them.

    The catalogues (100 000 techniques among them) are dropped on return, so that later
    groups measure in a process whose heap holds no more than a fresh one's.
    """
    catalogues = bench_load(report, sizes, repeats)
    if "memory" in only:
        bench_memory(report, max(sizes))
    if "queries" in only:
        graphs = bench_graph(report, catalogues, repeats)
        bench_queries(report, catalogues, graphs, repeats, quick=quick)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smallest size, few repeats (CI smoke test)")
    parser.add_argument("--sizes", type=int, nargs="+", help="catalogue sizes (techniques)")
    parser.add_argument("--output", type=Path, help="where to write the Markdown table")
    parser.add_argument(
        "--lean-large", action="store_true", help="also load the lean catalogue of 100 000 techniques"
    )
    parser.add_argument(
        "--only",
        nargs="+",
        choices=GROUPS,
        help="run only these groups of figures and print their rows (to rerun key rows; no file written)",
    )
    parser.add_argument(
        "--site-large", action="store_true", help="also build the website of 100 000 techniques (report only)"
    )
    parser.add_argument(
        "--clock", choices=CLOCKS, default="cpu", help="cpu: process CPU time (default); wall: wall time"
    )
    args = parser.parse_args(argv)
    CLOCK.update(name=args.clock, now=CLOCKS[args.clock])
    sizes = args.sizes or ([min(generate.SIZES)] if args.quick else list(generate.SIZES))
    if args.quick:
        repeats = dict.fromkeys(sizes, 2)
        process_repeats = 3
    else:
        repeats = {n: 7 if n <= 1_000 else 5 if n <= 10_000 else 3 for n in sizes}
        process_repeats = 40
    output = args.output or (None if args.quick else ROOT / "docs" / "performance.md")

    report = Report()
    started = time.perf_counter()
    only = set(args.only or GROUPS)
    if "import" in only:
        bench_import(report, process_repeats)
    if "discovery" in only:
        bench_discovery(report, 5 if args.quick else 30, process_repeats)
    if "builtin" in only:
        bench_builtin(report, process_repeats)
    if "trip" in only:
        with tempfile.TemporaryDirectory() as work:
            bench_trip(report, 3 if args.quick else 10, Path(work))
    if only & {"load", "memory", "queries"}:
        bench_loaded(report, only, sizes, repeats, args.quick)
    gc.collect()  # the catalogues and graphs above are gone: later groups see a small heap
    if "lean" in only:
        lean = [1_000] if args.quick else [1_000, 20_000] + ([100_000] if args.lean_large else [])
        bench_lean(report, lean, args.quick)
    if "participedia" in only:
        bench_participedia(report, args.quick)
    if "site" in only:
        sites = [1_000] if args.quick else [1_000, 10_000] + ([100_000] if args.site_large else [])
        at_scale.bench_site(report, sites, args.quick)
    if "whole" in only:
        at_scale.bench_whole_path(report, args.quick)
    if args.only:
        print(report.markdown("").strip())
        return 0

    header = (
        "# Performance\n\n"
        "Measured by `python benchmarks/run.py` (see `benchmarks/README.md` for how and what).\n"
        "Every figure is a median over repeated runs; each baseline was measured in the same run,\n"
        f"interleaved with what it is compared to. Clock: {CLOCK_TEXT[CLOCK['name']]}.\n\n"
        f"Machine: {machine()}. Run took {time.perf_counter() - started:.0f} s."
    )
    text = report.markdown(header)
    if output is not None:
        if output.exists() and ANALYSIS in (old := output.read_text(encoding="utf-8")):
            text += "\n" + ANALYSIS + old.split(ANALYSIS, 1)[1]  # the hand-written part is kept
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        print(f"wrote {output}")
    missed = [r for r in report.rows if "MISS" in r.result]
    print(f"{len(report.rows)} figures, {len(missed)} targets missed")
    gated = [r for r in missed if r.gated]
    for row in gated:
        print(f"gated target missed: {row.figure} ({row.size}): {row.ratio} against {row.target}")
    return 1 if gated and args.quick else 0


if __name__ == "__main__":
    sys.exit(main())
