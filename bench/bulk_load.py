"""First-load throughput: Neo4j's bulk importer (`kinscope load --initial`) vs the transactional
loader (`kinscope load`), on the same export, in one run.

Each loader runs in a spawned child process on an emptied graph (never forked), so each one's
peak RSS is its own (`ru_maxrss` of that process; the bulk loader's CSV workers report theirs;
the importer JVM's own "peak memory usage" is read from its log). CPU seconds of each loader's
process and of its children (CSV workers and the importer JVM), and the load average, are
printed beside the wall times: on a shared machine wall time is an upper bound. Figures: nodes+relationships created per second end to end (validation, CSV writing,
server stop, import, server start, schema, deletions, bookkeeping), and for the importer step
alone; the ratio bulk / transactional.

It wipes and replaces the graph, so it runs only on a throw-away server: `make bench-bulk`
starts one (state .kinscope/bench-bulk, port 7691) and sets KINSCOPE_BENCH_GRAPH_MAY_BE_WIPED=1.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import re
import resource
import sys
import time
from pathlib import Path
from queue import Empty

from graph_model.bulk_import import bulk_load_export
from graph_model.connection import open_driver
from graph_model.loader import load_export
from kinscope.settings import get_settings
from bench_support import ensure_export, peak_rss_mib, wipe, wipe_refused


def wipe_server(settings) -> None:
    with open_driver(settings) as driver:
        wipe(driver)


def _importer_figures(report_dir: Path) -> dict:
    """The importer's own timing and peak memory, from its log (`IMPORT DONE in 1m 2s 345ms`)."""
    text = (report_dir / "import.log").read_text(encoding="utf-8", errors="replace")
    done = re.search(r"IMPORT DONE in ([^\n]+)", text)
    seconds = 0.0
    for value, unit in re.findall(r"(\d+)(ms|s|m|h)\b", done.group(1) if done else ""):
        seconds += int(value) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[unit]
    peak = re.search(r"Peak memory usage: ([\d.]+\s*\w+)", text)
    return {"importer_seconds": round(seconds, 3), "importer_peak_memory": peak.group(1) if peak else None}


def _cpu() -> dict:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"cpu_seconds": round(own.ru_utime + own.ru_stime, 1),
            "children_cpu_seconds": round(children.ru_utime + children.ru_stime, 1),
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def run_transactional(export: Path, report_dir: Path, processes: int | None) -> dict:
    settings = get_settings()
    started = time.perf_counter()
    with open_driver(settings) as driver:
        report = load_export(driver, export, report_dir=report_dir, settings=settings)
    return {"seconds": time.perf_counter() - started, "changes": dict(report.graph_changes),
            "rows_loaded": report.rows_loaded, "peak_rss_mib": peak_rss_mib(), **_cpu()}


def run_bulk(export: Path, report_dir: Path, processes: int | None) -> dict:
    settings = get_settings()
    started = time.perf_counter()
    loader = bulk_load_export(export, report_dir=report_dir, settings=settings, processes=processes)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "changes": dict(loader.report.graph_changes), "rows_loaded": loader.report.rows_loaded,
            "phases": loader.phases, "imported": loader.imported, "peak_rss_mib": peak_rss_mib(),
            "csv_workers": loader.part_figures, "processes": loader.processes, **_cpu(), **_importer_figures(report_dir)}


def _child(target, args, queue) -> None:
    queue.put(target(*args))


def in_child(target, *args) -> dict:
    """Run one load in a spawned process (its own peak RSS and CPU; never a fork of this one)."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(target, args, queue))
    proc.start()
    while True:
        try:
            result = queue.get(timeout=5)
            break
        except Empty:
            if not proc.is_alive():
                raise SystemExit(f"{target.__name__} failed (exit {proc.exitcode}); its error is above") from None
    proc.join()
    return result


def summarise(label: str, result: dict) -> dict:
    written = result["changes"].get("nodes_created", 0) + result["changes"].get("relationships_created", 0)
    out = {"step": label, "rows_loaded": result["rows_loaded"], "nodes_rels": written,
           "seconds": round(result["seconds"], 2), "nodes_rels_per_s": round(written / result["seconds"]),
           "peak_rss_mib": result["peak_rss_mib"], "cpu_seconds": result["cpu_seconds"],
           "children_cpu_seconds": result["children_cpu_seconds"], "load_average_after": result["load_average"]}
    if "importer_seconds" in result:
        imported = result["imported"].get("nodes_created", 0) + result["imported"].get("relationships_created", 0)
        out.update(phases=result["phases"], importer_nodes_rels=imported, importer_seconds=result["importer_seconds"],
                   importer_nodes_rels_per_s=round(imported / result["importer_seconds"]) if result["importer_seconds"] else None,
                   importer_peak_memory=result["importer_peak_memory"], csv_workers=result["csv_workers"],
                   processes=result["processes"])
    print(json.dumps(out), flush=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--children", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--workdir", type=Path, default=Path(".kinscope/bench-data"))
    parser.add_argument("--processes", type=int, default=None, help="CSV workers of the bulk loader (default: one per CPU)")
    parser.add_argument("--bulk-only", action="store_true", help="skip the transactional baseline (no ratio)")
    args = parser.parse_args()
    if wipe_refused("run through `make bench-bulk` (a throw-away server)"):
        return 2
    settings = get_settings()
    export = ensure_export(args.workdir / f"export-{args.children}-{args.seed}", args.children, args.seed)
    reports = args.workdir / "reports-bulk"
    print(json.dumps({"machine": platform.platform(), "cpus": os.cpu_count(), "export": str(export),
                      "neo4j_heap": settings.neo4j_heap, "neo4j_pagecache": settings.neo4j_pagecache}), flush=True)
    print(json.dumps({"load_average_before": [round(x, 2) for x in os.getloadavg()]}), flush=True)
    if not args.bulk_only:
        wipe_server(settings)
        transactional = summarise("transactional", in_child(run_transactional, export, reports / f"tx-{time.time_ns()}",
                                                            args.processes))
    wipe_server(settings)
    bulk = summarise("bulk_import", in_child(run_bulk, export, reports / f"bulk-{time.time_ns()}", args.processes))
    if args.bulk_only:
        return 0
    ratio = bulk["nodes_rels_per_s"] / transactional["nodes_rels_per_s"]
    print(f"bulk vs transactional (same {args.children:,}-child export): {ratio:.1f}x end to end "
          f"({bulk['nodes_rels_per_s']:,} vs {transactional['nodes_rels_per_s']:,} nodes+rels/s); "
          f"importer step alone {bulk['importer_nodes_rels_per_s']:,}/s; "
          f"target 100,000/s end to end: {'met' if bulk['nodes_rels_per_s'] >= 100_000 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
