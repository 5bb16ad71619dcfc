"""Network materialisation and GDS ranking time per child on a constructed graph.

Builds N children in the agreed derived-data shape (graph_model/README.md): per child a
resolved mother record, an allocation to one of a pool of workers, ``--notes`` case notes each
naming three people from the child's own pool of ``--people`` persons (plus, now and then, a
person and a place shared across children), and a home address shared with the mother. Then
times ``materialise_networks``, ``rank_networks`` (one batch size, or several) and
``analyse_cohorts``.

The graph is wiped first, so it runs only on a throw-away server (set
KINSCOPE_BENCH_GRAPH_MAY_BE_WIPED=1), e.g.:

    KINSCOPE_HOME=.kinscope/ranking-dev KINSCOPE_NEO4J_BOLT_PORT=7694 \
    KINSCOPE_BENCH_GRAPH_MAY_BE_WIPED=1 uv run python bench/rank.py --children 1000
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from datetime import date

from graph_model.connection import open_driver, open_gds
from graph_model.schema import apply_schema
from ranking import RankingSettings, analyse_cohorts, materialise_networks, rank_networks
from bench_support import wipe, wipe_refused

BUILD = """
UNWIND range($start, $end - 1) AS i
WITH i, 'B-' + toString(i) AS cid
CREATE (c:Person:Child {child_id: cid, person_id: 'child:' + cid, given_name: 'Child' + i, network_stale: true})
CREATE (home:Address {address_key: 'home ' + i})
CREATE (c)-[:LIVES_AT]->(home)
CREATE (mum:Person {person_id: 'P-mum-' + i, display_name: 'Mum ' + i})
CREATE (mum)-[:LIVES_AT]->(home)
CREATE (r:SourceRecord:AdultRecord {record_key: 'significant_adults:BR-' + i, relationship_id: 'BR-' + i,
        relationship: 'Mother', start_date: date('2022-01-01'), updated_at: datetime('2022-01-01T00:00:00Z')})
CREATE (r)-[:RECORDED_FOR]->(c)
CREATE (r)-[:RESOLVED_TO {confidence: 0.95}]->(mum)
WITH i, c, mum
MERGE (w:Person:Worker {worker_id: 'BW-' + (i % $workers)})
  ON CREATE SET w.person_id = 'worker:BW-' + (i % $workers)
CREATE (a:SourceRecord:AllocationRecord {record_key: 'worker_allocations:BA-' + i, allocation_id: 'BA-' + i,
        role: 'Social Worker', start_date: date('2023-01-01'), updated_at: datetime('2023-01-01T00:00:00Z')})
CREATE (a)-[:ALLOCATION_FOR]->(c)
CREATE (a)-[:RESOLVED_TO {confidence: 1.0}]->(w)
WITH i, c, mum, [k IN range(1, $people) | 'P-' + i + '-' + k] AS pool
UNWIND pool AS pid
CREATE (:Person {person_id: pid, display_name: pid})
WITH i, c, mum, collect(pid) AS pool
UNWIND range(1, $notes) AS k
CREATE (n:CaseNote {note_id: 'BN-' + i + '-' + k, event_date: date('2024-06-30') - duration({days: (k * 37 + i) % 1000})})
CREATE (n)-[:ABOUT]->(c)
CREATE (m0:Mention {mention_id: 'note:BN-' + i + '-' + k + ':0', role: 'mother', record_date: n.event_date})
CREATE (m0)-[:IN]->(n)
CREATE (m0)-[:REFERS_TO {confidence: 0.9}]->(mum)
WITH i, n, pool, k, [j IN range(0, 2) | pool[(k * 7 + j * 3 + i) % size(pool)]] AS named
UNWIND range(0, 2) AS j
MATCH (p:Person {person_id: named[j]})
CREATE (m:Mention {mention_id: 'note:' + n.note_id + ':' + (j + 1), record_date: n.event_date,
                   role: CASE (k + j) % 5 WHEN 0 THEN 'friend' WHEN 1 THEN 'maternal grandmother' ELSE null END})
CREATE (m)-[:IN]->(n)
CREATE (m)-[:REFERS_TO {confidence: 0.85}]->(p)
WITH DISTINCT i, n, k
WHERE k % 10 = 0
MERGE (s:Person {person_id: 'P-shared-' + (i % $shared)})
MERGE (pl:Place {place_key: 'place-' + (i % $shared), name: 'Place ' + (i % $shared)})
CREATE (ms:Mention {mention_id: 'note:' + n.note_id + ':s', role: 'older associate', record_date: n.event_date})
CREATE (ms)-[:IN]->(n)
CREATE (ms)-[:REFERS_TO {confidence: 0.8}]->(s)
CREATE (mp:Mention {mention_id: 'note:' + n.note_id + ':p', record_date: n.event_date})
CREATE (mp)-[:IN]->(n)
CREATE (mp)-[:REFERS_TO {confidence: 0.8}]->(pl)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=1000)
    parser.add_argument("--notes", type=int, default=40)
    parser.add_argument("--people", type=int, default=15)
    parser.add_argument("--workers", type=int, default=40)
    parser.add_argument("--shared", type=int, default=100)
    parser.add_argument("--batch-sizes", default="500,50", help="rank batch sizes to compare")
    args = parser.parse_args()
    if wipe_refused():
        return 2
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    settings = RankingSettings(as_of=date(2024, 6, 30))
    out: dict = {"children": args.children, "notes_per_child": args.notes}
    with open_driver() as driver, open_gds() as gds:
        wipe(driver)
        apply_schema(driver)
        t = time.perf_counter()
        for start in range(0, args.children, 100):
            driver.execute_query(BUILD, start=start, end=min(args.children, start + 100), notes=args.notes,
                                 people=args.people, workers=args.workers, shared=args.shared)
        out["build_s"] = round(time.perf_counter() - t, 2)
        counts, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS nodes")
        out["nodes"] = counts[0]["nodes"]

        t = time.perf_counter()
        m = materialise_networks(driver, settings=settings)
        out["materialise_s"] = round(time.perf_counter() - t, 2)
        out["network_edges"] = m["edges_created"]
        out["materialise_ms_per_child"] = round(1000 * out["materialise_s"] / args.children, 2)
        for batch in [int(b) for b in args.batch_sizes.split(",")]:
            r = rank_networks(driver, gds, settings=settings.model_copy(update={"batch_size": batch}),
                              all_children=True)
            out[f"rank_batch_{batch}"] = {
                "seconds": round(r["seconds"], 2), "ms_per_child": round(1000 * r["seconds"] / args.children, 2),
                "project_s": round(r["project_s"], 2), "pagerank_s": round(r["pagerank_s"], 2),
                "write_s": round(r["write_s"], 2)}
        c = analyse_cohorts(driver, gds, settings=settings)
        out["cohorts"] = {k: (round(v, 2) if isinstance(v, float) else v) for k, v in c.items()}
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
