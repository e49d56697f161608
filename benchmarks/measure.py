"""What every benchmark shares: the clock, rows of the table, and timing by medians of interleaved runs."""

import gc
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: Turns taken by fast functions in :func:`timeit_small`.
ROUNDS = 25
#: The clock: "cpu" (user + system time of the process; steady when other jobs share
#: the machine) or "wall" (what a user waits on a quiet machine). Set by --clock.
CLOCKS: dict[str, Callable[[], float]] = {"cpu": time.process_time, "wall": time.perf_counter}
CLOCK: dict[str, Any] = {"name": "cpu", "now": time.process_time}


def in_script(statement: str) -> str:
    """Python code that runs ``statement`` and prints how long it took, on our clock."""
    fn = "process_time" if CLOCK["name"] == "cpu" else "perf_counter"
    return f"import time; t = time.{fn}(); {statement}; print(time.{fn}() - t)"


@dataclass
class Row:
    """One line of the table."""

    figure: str
    size: str
    value: str
    baseline: str = ""
    ratio: str = ""
    target: str = ""
    result: str = ""
    #: Whether a missed target fails the quick run (CI): a ratio that holds under load.
    gated: bool = False


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        cells = [row.figure, row.size, row.value, row.baseline, row.ratio, row.target, row.result]
        print("  " + " | ".join(c for c in cells if c), flush=True)

    def missing(self, figure: str, size: str, why: str) -> None:
        self.add(Row(figure, size, "not measured", result=why))

    def markdown(self, header: str) -> str:
        lines = [
            header,
            "",
            "| Figure | Size | Measured | Baseline | Ratio | Target | Result |",
            "|---|---|---:|---:|---:|---|---|",
        ]
        lines += [
            f"| {r.figure} | {r.size} | {r.value} | {r.baseline} | {r.ratio} | {r.target} | {r.result} |"
            for r in self.rows
        ]
        if self.notes:
            lines += ["", "Notes:", ""] + [f"- {n}" for n in self.notes]
        return "\n".join(lines) + "\n"


def fmt_time(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.1f} µs"


def fmt_bytes(n: float) -> str:
    return f"{n / 2**20:.1f} MiB"


def verdict(ok: bool) -> str:
    return "pass" if ok else "**MISS**"


def median_times(funcs: dict[str, Callable[[], Any]], repeats: int) -> dict[str, float]:
    """Median wall time of each function, calls interleaved (a, b, a, b, ...)."""
    now = CLOCK["now"]
    times: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(repeats):
        for name, func in funcs.items():
            gc.collect()
            t0 = now()
            func()
            times[name].append(now() - t0)
    return {name: statistics.median(ts) for name, ts in times.items()}


def timeit_small(funcs: dict[str, Callable[[], Any]], budget: float) -> dict[str, float]:
    """Median time per call of fast functions, timed in batches taking turns (a, b, a, b, ...).

    Each function is called in batches of about ``budget / ROUNDS`` seconds, ``ROUNDS``
    times, its batches interleaved with the others' so that they share the machine's
    quiet and busy moments alike. The garbage collector is off meanwhile, as in timeit.
    """
    now = CLOCK["now"]
    batches = {}
    for name, func in funcs.items():
        func()  # warm up (a first query builds the graph's index)
        t0 = time.perf_counter()
        for _ in range(3):
            func()
        once = max((time.perf_counter() - t0) / 3, 1e-7)
        batches[name] = max(1, min(10_000, int(budget / ROUNDS / once)))
    samples: dict[str, list[float]] = {name: [] for name in funcs}
    gc.collect()
    gc.disable()  # as timeit does: a collection of the whole heap is not the query's cost
    try:
        for _ in range(ROUNDS):
            for name, func in funcs.items():
                batch = batches[name]
                t0 = now()
                for _ in range(batch):
                    func()
                samples[name].append((now() - t0) / batch)
    finally:
        gc.enable()
    return {name: statistics.median(ts) for name, ts in samples.items()}


def child_clock() -> float:
    """The clock for child processes: their CPU time so far, or the wall clock."""
    if CLOCK["name"] == "wall":
        return time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def subprocess_times(
    scripts: dict[str, str], repeats: int, extra_env: dict[str, str] | None = None
) -> dict[str, float]:
    """Median of the time each script prints, or of its whole run when it prints nothing.

    A script is Python code, or a command line when it starts with ``$ ``.
    """
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="", **(extra_env or {}))

    def command(script: str) -> list[str]:
        if script.startswith("$ "):
            return [sys.executable, "-m", *script[2:].split()]
        return [sys.executable, "-c", script]

    times: dict[str, list[float]] = {name: [] for name in scripts}
    for script in scripts.values():  # warm the bytecode and file caches
        subprocess.run(command(script), check=True, capture_output=True, env=env)
    for _ in range(repeats):
        for name, script in scripts.items():
            t0 = child_clock()
            out = subprocess.run(command(script), check=True, capture_output=True, text=True, env=env).stdout
            whole = child_clock() - t0
            times[name].append(whole if script.startswith("$ ") else float(out.split()[-1]) if out else whole)
    return {name: statistics.median(ts) for name, ts in times.items()}
