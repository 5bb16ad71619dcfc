"""Load throughput of the contract loader: nodes + relationships written per second.

Generates (or reuses) a synthetic export of the structured data (no document files are
rendered: this measures the graph load, not file I/O), then in one process:

1. baseline — the same loader with one row per transaction, on a small export;
2. batched  — the loader as shipped (UNWIND batches), on the same small export;
3. full     — the batched loader on the large export (default 20,000 children).

The graph is wiped before each step, so it runs only on a throw-away server:
`make bench` starts one (state in .kinscope/bench, port 7689) and sets
KINSCOPE_BENCH_GRAPH_MAY_BE_WIPED=1. Results go to stdout; record them in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

from graph_model.connection import open_driver
from graph_model.loader import load_export
from kinscope.settings import get_settings
from bench_support import ensure_export, wipe, wipe_refused


def measure(driver, export: Path, batch_size: int, label: str, tmp: Path) -> dict:
    wipe(driver)
    started = time.perf_counter()
    report = load_export(driver, export, report_dir=tmp / label, batch_size=batch_size)
    seconds = time.perf_counter() - started
    written = report.graph_changes["nodes_created"] + report.graph_changes["relationships_created"]
    result = {
        "step": label,
        "batch_size": batch_size,
        "rows_loaded": report.rows_loaded,
        "nodes_created": report.graph_changes["nodes_created"],
        "relationships_created": report.graph_changes["relationships_created"],
        "seconds": round(seconds, 2),
        "nodes_rels_per_s": round(written / seconds),
        "rows_per_s": round(report.rows_loaded / seconds),
    }
    print(json.dumps(result), flush=True)
    return result


def server_settings(driver) -> dict:
    records, _, _ = driver.execute_query(
        "CALL dbms.listConfig() YIELD name, value "
        "WHERE name IN ['server.memory.heap.max_size', 'server.memory.pagecache.size', "
        "'db.tx_log.rotation.retention_policy', 'server.memory.heap.initial_size'] "
        "RETURN name, value"
    )
    return {r["name"]: r["value"] for r in records}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--children", type=int, default=20_000, help="children in the large export")
    parser.add_argument("--baseline-children", type=int, default=200, help="children in the baseline export")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--batch-size", type=int, default=None, help="rows per transaction (default: settings)")
    parser.add_argument("--workdir", type=Path, default=Path(".kinscope/bench-data"))
    args = parser.parse_args()
    if wipe_refused("run through `make bench` (a throw-away server)"):
        return 2
    settings = get_settings()
    batch = args.batch_size or settings.load_batch_size
    args.workdir.mkdir(parents=True, exist_ok=True)
    small = ensure_export(args.workdir / f"export-{args.baseline_children}-{args.seed}", args.baseline_children, args.seed)
    large = ensure_export(args.workdir / f"export-{args.children}-{args.seed}", args.children, args.seed)
    with open_driver(settings) as driver:
        print(json.dumps({"machine": platform.platform(), "cpus": os.cpu_count(), "neo4j": server_settings(driver)}))
        baseline = measure(driver, small, 1, "baseline_row_at_a_time", args.workdir / "reports")
        batched_small = measure(driver, small, batch, "batched_small", args.workdir / "reports")
        full = measure(driver, large, batch, "batched_full", args.workdir / "reports")
    print(
        f"batched vs row-at-a-time (same {args.baseline_children}-child export): "
        f"{batched_small['nodes_rels_per_s'] / baseline['nodes_rels_per_s']:.1f}x"
    )
    print(
        f"full export: {full['nodes_rels_per_s']:,} nodes+rels/s "
        f"({full['nodes_created'] + full['relationships_created']:,} in {full['seconds']} s); "
        f"target 20,000/s: {'met' if full['nodes_rels_per_s'] >= 20_000 else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
