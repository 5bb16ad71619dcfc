"""Search and ecomap latency on a graph of ≥ 1,000,000 case notes with mentions and resolved people.

    python bench/app_scale.py build --base <export> --copies 5   # wipes the graph: throw-away server
    python bench/app_scale.py measure --sample 200

`build` makes the graph (see `bench/app_scale_graph.py` for the two shortcuts: a replicated
export through `kinscope load --initial`, and mentions / persons / networks from the
generator's truth) and prints what it holds. `measure` times, through the same
`graph_model.queries` / `ranking.viewer_network` read functions the app calls, for random
children: a child-filtered search (newest first), a council-wide search (newest first, one
page), and the ecomap. Each is reported at the client (wall time of the function, what the app
waits for) and server side (`result_available_after + result_consumed_after` from the query
summaries, run right after: for a search the sum over every statement `search_page` runs — date
bounds, windows, candidates — for the ecomap its statement), p50/p95, with a
`RETURN 1` round trip on the same driver as the baseline in the same process.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

from graph_model.connection import open_driver
from graph_model.cypher import cypher
from graph_model.gateway import Viewer
from graph_model.queries import search_page
from kinscope.settings import get_settings
from ranking.viewer_network import ecomap_members

sys.path.insert(0, str(Path(__file__).resolve().parent))
from app_scale_graph import replicate_export, truth_bulk_load  # noqa: E402
from bench_support import TimedDriver, wipe, wipe_refused  # noqa: E402

GRAPH_SIZE = """
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS rels }
CALL () { MATCH (n:CaseNote) RETURN count(n) AS notes }
CALL () { MATCH (n:Mention) RETURN count(n) AS mentions }
CALL () { MATCH (n:Person) WHERE NOT n:Child AND NOT n:Worker RETURN count(n) AS people }
CALL () { MATCH (n:Child) RETURN count(n) AS children }
CALL () { MATCH ()-[r:NETWORK]->() RETURN count(r) AS network_edges }
CALL () { MATCH ()-[r:REFERS_TO]->() RETURN count(r) AS refers_to }
RETURN nodes, rels, notes, mentions, people, children, network_edges, refers_to
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def graph_size(driver, database) -> dict:
    records, _, _ = driver.execute_query(GRAPH_SIZE, database_=database)
    return dict(records[0])


def build(args) -> int:
    if wipe_refused():
        return 2
    settings = get_settings()
    args.mention_copies = args.copies if args.mention_copies is None else args.mention_copies
    started = time.perf_counter()
    export = replicate_export(args.base, args.workdir / f"{args.base.name}-x{args.copies}", args.copies)
    print(json.dumps({"export": str(export), "replicate_s": round(time.perf_counter() - started, 1)}), flush=True)
    with open_driver(settings) as driver:
        wipe(driver)
    started = time.perf_counter()
    loader = truth_bulk_load(export, report_dir=args.workdir / f"report-{time.time_ns()}", settings=settings,
                             mention_copies=args.mention_copies)
    print(json.dumps({"bulk_load_s": round(time.perf_counter() - started, 1), "phases": loader.phases,
                      "rows_loaded": loader.report.rows_loaded, "rows_rejected": loader.report.rows_rejected,
                      "imported": loader.imported, "truth": dict(loader.truth_counts)}), flush=True)
    with open_driver(settings) as driver:
        print(json.dumps({"graph": graph_size(driver, settings.neo4j_database)}), flush=True)
    return 0


def server_ms(driver, viewer: Viewer, name: str, params: dict, database) -> float:
    """Server-side time of one app statement: available-after + consumed-after (ms)."""
    _, summary, _ = driver.execute_query(cypher(name), {**params, **viewer.access_params()}, database_=database)
    return float((summary.result_available_after or 0) + (summary.result_consumed_after or 0))


def _figures(label: str, client: list[float], server: list[float], extra: dict | None = None) -> dict:
    out = {"what": label, "n": len(client),
           "client_p50_ms": round(statistics.median(client), 1), "client_p95_ms": round(percentile(client, 0.95), 1),
           "server_p50_ms": round(statistics.median(server), 1), "server_p95_ms": round(percentile(server, 0.95), 1),
           **(extra or {})}
    print(json.dumps(out), flush=True)
    return out


def measure(args) -> int:
    logging.getLogger("neo4j").setLevel(logging.ERROR)  # the statements name properties this graph lacks
    settings = get_settings()
    db = settings.neo4j_database
    with open_driver(settings) as driver:
        size = graph_size(driver, db)
        print(json.dumps({"machine": platform.platform(), "cpus": os.cpu_count(), "graph": size,
                          "neo4j_heap": settings.neo4j_heap, "neo4j_pagecache": settings.neo4j_pagecache}), flush=True)
        ids, _, _ = driver.execute_query("MATCH (c:Child) WHERE (c)-[:NETWORK]->() RETURN c.child_id AS id", database_=db)
        sample = random.Random(args.seed).sample([r["id"] for r in ids], min(args.sample, len(ids)))
        teams, _, _ = driver.execute_query("MATCH (t:Team) RETURN collect(t.name) AS t", database_=db)
        viewer = Viewer("bench", frozenset(teams[0]["t"]), roles=frozenset({"practitioner"}))
        results = []

        def timed(label, call, server_of, words=None):
            for cid in sample[:10]:  # warm caches and plans
                call(driver, cid)
            client, server, sizes = [], [], []
            for i, cid in enumerate(sample):
                t0 = time.perf_counter()
                out = call(driver, cid)
                client.append((time.perf_counter() - t0) * 1000)
                sizes.append(out)
                server.append(server_of(cid, i))
            extra = {"result_median": statistics.median(sizes), "result_max": max(sizes)}
            if words:
                extra["words"] = words
            results.append(_figures(label, client, server, extra))

        def search_server_ms(call):
            """Server time of every statement one search ran (bounds, date windows, candidates)."""
            def server_of(cid, i):
                timed_driver = TimedDriver(driver)
                call(timed_driver, cid)
                return timed_driver.ms
            return server_of

        words = args.words

        def child_search(drv, cid):
            return search_page(drv, viewer, args.child_text, child_id=cid, database=db)["total"]

        def council_search(drv, cid):
            return search_page(drv, viewer, words[sample.index(cid) % len(words)], database=db)["total"]

        timed("search, one child, newest first", child_search, search_server_ms(child_search), [args.child_text])
        timed("search, council-wide, newest first (one page of 50)", council_search, search_server_ms(council_search),
              words)
        timed("ecomap (ecomap_members)",
              lambda drv, cid: len(ecomap_members(drv, viewer, cid, database=db)["members"]),
              lambda cid, i: server_ms(driver, viewer, "app/ecomap_network", {"child_id": cid}, db))
        base = []
        for _ in range(len(sample)):
            t0 = time.perf_counter()
            driver.execute_query("RETURN 1", database_=db)
            base.append((time.perf_counter() - t0) * 1000)
    b95 = percentile(base, 0.95)
    print(json.dumps({"baseline_return1_p50_ms": round(statistics.median(base), 2), "baseline_return1_p95_ms": round(b95, 2)}))
    for r in results:
        target = 100 if r["what"].startswith("ecomap") else 200
        print(f"{r['what']}: server p95 {r['server_p95_ms']} ms, client p95 {r['client_p95_ms']} ms "
              f"({r['client_p95_ms'] / b95:.0f}x baseline p95); target <= {target} ms: "
              f"{'met' if r['server_p95_ms'] <= target else 'NOT met'}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="replicate an export, bulk-load it, write the truth's mentions and networks")
    b.add_argument("--base", type=Path, required=True, help="an export written by `kinscope synth` (with truth/)")
    b.add_argument("--copies", type=int, default=5)
    b.add_argument("--mention-copies", type=int, default=None,
                   help="copies given the truth's mentions, people and networks (default: all)")
    b.add_argument("--workdir", type=Path, default=Path(".kinscope/app-scale-data"))
    m = sub.add_parser("measure", help="time search and ecomap on the loaded graph")
    m.add_argument("--sample", type=int, default=200, help="children to query")
    m.add_argument("--seed", type=int, default=1)
    m.add_argument("--child-text", default="safety plan", help="what a child-filtered search looks for")
    m.add_argument("--words", nargs="+", default=["safety plan", "CAMHS", "strategy discussion", "housing",
                                                 "contact shortened", "school"],
                   help="council-wide searches, in turn")
    args = parser.parse_args()
    return build(args) if args.command == "build" else measure(args)


if __name__ == "__main__":
    sys.exit(main())
