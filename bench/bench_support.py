"""What the benchmarks share: the wipe guard, wiping, a generated export on disk, peak RSS, server time.

Benchmarks run as scripts (``python bench/x.py``), so ``bench/`` is on ``sys.path`` and they
import this module as ``bench_support``. A benchmark empties the graph it measures, so it
refuses unless ``KINSCOPE_BENCH_GRAPH_MAY_BE_WIPED=1`` says the server is a throw-away one (the
Makefile's bench targets start such a server and set it).
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

from evaluation.wipe import wipe_graph

BENCH_WIPE_ENV = "KINSCOPE_BENCH_GRAPH_MAY_BE_WIPED"


def wipe_refused(how: str = f"set {BENCH_WIPE_ENV}=1 on a throw-away server") -> bool:
    """True (after saying why on stderr) unless the environment allows wiping the graph."""
    if os.environ.get(BENCH_WIPE_ENV) == "1":
        return False
    print(f"refusing to wipe the graph: {how}", file=sys.stderr)
    return True


def wipe(driver) -> None:
    """Delete everything in the graph (the caller checked :func:`wipe_refused` first)."""
    wipe_graph(driver, wipe=True)


def ensure_export(path: Path, children: int, seed: int, *, render_documents: bool = False) -> Path:
    """The synthetic council at ``path``, generated once and reused by later runs."""
    if (path / "manifest.json").is_file():
        return path
    from synthetic.council import generate_council  # the generator is a bench-time dependency only

    started = time.perf_counter()
    generate_council(path, children=children, seed=seed, render_documents=render_documents)
    print(f"generated {children:,} children into {path} in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def peak_rss_mib() -> float:
    """This process's peak resident memory in MiB (``ru_maxrss`` is KiB on Linux)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


class TimedDriver:
    """The driver, summing the server time (available + consumed after) of every statement run through it."""

    def __init__(self, driver) -> None:
        self.driver, self.ms, self.statements = driver, 0.0, 0

    def execute_query(self, *args, **kwargs):
        result = self.driver.execute_query(*args, **kwargs)
        summary = result.summary
        self.ms += float((summary.result_available_after or 0) + (summary.result_consumed_after or 0))
        self.statements += 1
        return result
