"""Ranking time and ecomap query latency on a large graph (the design asks for ≥ 1,000,000 nodes).

Runs against the configured Neo4j holding an already loaded council (see bench/RESULTS.md for
how the graph was built). Steps, in one process:

1. graph size (nodes, relationships);
2. NETWORK materialisation and GDS ranking of every child (`--rank`), with time per child;
3. the app's ecomap query (`graph_model.queries.ecomap_members`, team-filtered) for a random
   sample of children: p50/p95 latency measured at the client (an upper bound of server time),
   against a baseline in the same process — a `RETURN 1` round trip on the same driver.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time

from graph_model.connection import open_driver, open_gds
from graph_model.queries import Viewer
from ranking.viewer_network import ecomap_members
from kinscope.settings import get_settings


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rank", action="store_true", help="materialise and rank every child first")
    parser.add_argument("--sample", type=int, default=300, help="children to query")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    settings = get_settings()
    with open_driver(settings) as driver:
        size, _, _ = driver.execute_query(
            "CALL () { MATCH (n) RETURN count(n) AS nodes } CALL () { MATCH ()-[r]->() RETURN count(r) AS rels } "
            "RETURN nodes, rels")
        print(json.dumps({"nodes": size[0]["nodes"], "relationships": size[0]["rels"]}), flush=True)
        if args.rank:
            from ranking.materialise import materialise_networks
            from ranking.rank import rank_networks

            started = time.perf_counter()
            built = materialise_networks(driver, database=settings.neo4j_database)
            materialise_s = time.perf_counter() - started
            gds = open_gds(settings)
            try:
                started = time.perf_counter()
                ranked = rank_networks(gds=gds, driver=driver, all_children=True, database=settings.neo4j_database)
                rank_s = time.perf_counter() - started
            finally:
                gds.close()
            children = max(1, built.get("children", 0))
            print(json.dumps({
                "children": built.get("children"), "network_edges": built.get("edges_created"),
                "materialise_s": round(materialise_s, 1), "rank_s": round(rank_s, 1),
                "ms_per_child": round(1000 * (materialise_s + rank_s) / children, 2),
                "rank_detail": {k: v for k, v in ranked.items() if k.endswith("_s") or k == "edges"},
            }), flush=True)
        ids, _, _ = driver.execute_query("MATCH (c:Child) RETURN c.child_id AS id")
        sample = random.Random(args.seed).sample([r["id"] for r in ids], min(args.sample, len(ids)))
        teams, _, _ = driver.execute_query("MATCH (t:Team) RETURN collect(t.name) AS t")
        viewer = Viewer("bench", frozenset(teams[0]["t"]))
        for cid in sample[:20]:  # warm caches and query plans
            ecomap_members(driver, viewer, cid, database=settings.neo4j_database)
        latencies, sizes = [], []
        for cid in sample:
            started = time.perf_counter()
            result = ecomap_members(driver, viewer, cid, database=settings.neo4j_database)
            latencies.append((time.perf_counter() - started) * 1000)
            sizes.append(len(result["members"]))
        baseline = timed(lambda: driver.execute_query("RETURN 1", database_=settings.neo4j_database), len(sample))
    p50, p95 = statistics.median(latencies), percentile(latencies, 0.95)
    b50, b95 = statistics.median(baseline), percentile(baseline, 0.95)
    print(json.dumps({
        "ecomap_queries": len(latencies), "members_median": statistics.median(sizes), "members_max": max(sizes),
        "ecomap_p50_ms": round(p50, 1), "ecomap_p95_ms": round(p95, 1),
        "baseline_return1_p50_ms": round(b50, 2), "baseline_return1_p95_ms": round(b95, 2),
        "p95_ratio_to_baseline": round(p95 / b95, 1),
    }))
    print(f"ecomap p95 {p95:.1f} ms (target ≤ 100 ms: {'met' if p95 <= 100 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
