"""End-to-end pipeline throughput, time per stage, and an increment against the full run.

In one process, on a throw-away server (`make bench-pipeline` starts one; the graph is wiped):

1. full   — load → document text → mentions → resolution → networks → GDS ranking → cohorts
            on a synthetic export (default 1,000 children);
2. increment — the generator's increment of that export (changed rows, new notes and
            documents, deletions: about 1–8% of rows), through the same stages; the baseline
            is the full run: the ratio says how much cheaper a daily refresh is.

The library stage functions are called directly (the DAG tasks call exactly these), so the
figures exclude Airflow's per-task overhead (about 6–10 s per `dag.test()` run here).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from extraction.pipeline import build_pipeline
from graph_model.connection import open_driver, open_gds
from kinscope.settings import get_settings
from evaluation.network import run_chain
from ranking.cohorts import analyse_cohorts
from ranking.materialise import materialise_networks
from ranking.rank import rank_networks
from synthetic.council import generate_council
from bench_support import wipe, wipe_refused


def run_stages(driver, gds, export: Path, nlp) -> dict:
    started = time.perf_counter()
    chain = run_chain(driver, export, nlp=nlp)
    timings = dict(chain["timings"])
    t = time.perf_counter()
    built = materialise_networks(driver)
    timings["networks_s"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    rank_networks(driver, gds)
    timings["rank_s"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    analyse_cohorts(driver, gds)
    timings["cohorts_s"] = round(time.perf_counter() - t, 2)
    timings["total_s"] = round(time.perf_counter() - started, 2)
    return {"timings": timings, "children_rebuilt": built.get("children"),
            "notes_and_documents": chain["mentions"].get("records")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--children", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=31)
    parser.add_argument("--render-documents", action="store_true", help="real docx/doc/pdf/scans (slow)")
    parser.add_argument("--workdir", type=Path, default=Path(".kinscope/bench-data"))
    args = parser.parse_args()
    if wipe_refused("run through `make bench-pipeline` (a throw-away server)"):
        return 2
    full = args.workdir / f"pipeline-{args.children}-{args.seed}"
    inc = args.workdir / f"pipeline-{args.children}-{args.seed}-inc"
    if not (full / "manifest.json").is_file():
        generate_council(full, children=args.children, seed=args.seed, render_documents=args.render_documents)
    if not (inc / "manifest.json").is_file():
        generate_council(inc, children=args.children, seed=args.seed, increment_of=full,
                         render_documents=args.render_documents)
    nlp = build_pipeline()
    settings = get_settings()
    with open_driver(settings) as driver:
        wipe(driver)
        gds = open_gds(settings)
        try:
            first = run_stages(driver, gds, full, nlp)
            print(json.dumps({"run": "full", **first}), flush=True)
            second = run_stages(driver, gds, inc, nlp)
            print(json.dumps({"run": "increment", **second}), flush=True)
        finally:
            gds.close()
    per_minute = args.children / (first["timings"]["total_s"] / 60)
    print(f"full: {args.children:,} children in {first['timings']['total_s']} s = {per_minute:,.0f} children/min")
    print(f"increment: {second['timings']['total_s']} s = "
          f"{second['timings']['total_s'] / first['timings']['total_s']:.2f} of the full run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
