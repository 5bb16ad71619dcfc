"""Search at scale: today's `queries.search_page` against the statement it replaced, same process.

    python bench/app_scale_search.py --baseline-rev f3bc60d --reps 5

On the graph `bench/app_scale.py build` made (or any loaded graph), for each phrase, order and
viewer (every team; a single team), it runs the baseline — `cypher/app/search_records.cypher` as
it was at ``--baseline-rev`` (read with `git show`, rules expanded the same way), which sorts and
counts every visible hit — and today's `search_page` (a top-N of candidates checked for access,
a capped count, newest/oldest from the smallest date window that fills the page, more candidates or wider windows when the page may lack hits: `fallbacks` counts the searches that needed them;
server time is the sum over every statement `search_page` ran). Reported per kind of search:
client wall time (what the app waits for) and server time (the statements' available-after +
consumed-after, rerun right after with the same parameters), p50/p95 and the ratio to the
baseline. Every page is checked against the baseline's: the same record ids in the same order,
and the same total (or, when capped, a baseline total above the cap).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from graph_model.connection import open_driver
from graph_model.cypher import expand
from graph_model.gateway import Viewer
from graph_model.queries import record_lucene, search_page
from kinscope.settings import get_settings

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from app_scale import percentile  # noqa: E402
from bench_support import TimedDriver  # noqa: E402


def baseline_statement(rev: str) -> str:
    text = subprocess.run(["git", "show", f"{rev}:cypher/app/search_records.cypher"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    # the index was renamed when it gained the day token (same text fields; the baseline's field-qualified
    # queries read them alike)
    return expand(body).strip().rstrip(";").replace("'record_search'", "'record_fulltext'")


def params(text: str, child_id: str | None, order: str, skip: int, limit: int) -> dict:
    return {"lucene": record_lucene(text, child_id=child_id), "child_id": child_id, "kind": None,
            "record_type": None, "date_from": None, "date_to": None, "order": order, "skip": skip,
            "limit": limit, "max_text": 200_000, "candidates": 2 * (skip + limit) + 200}


def server_ms(driver, statement: str, values: dict, db) -> tuple[float, list]:
    records, summary, _ = driver.execute_query(statement, values, database_=db)
    return float((summary.result_available_after or 0) + (summary.result_consumed_after or 0)), records


def run(args) -> int:
    settings = get_settings()
    db = settings.neo4j_database
    old = baseline_statement(args.baseline_rev)
    rows = []
    with open_driver(settings) as driver:
        notes, _, _ = driver.execute_query("MATCH (n:CaseNote) RETURN count(n) AS n", database_=db)
        teams, _, _ = driver.execute_query("MATCH (t:Team) RETURN collect(t.name) AS t", database_=db)
        kids, _, _ = driver.execute_query("MATCH (c:Child) WHERE (c)<-[:ABOUT]-(:CaseNote) "
                                          "RETURN c.child_id AS id", database_=db)
        all_teams = sorted(teams[0]["t"])
        viewers = {"all teams": Viewer("bench", frozenset(all_teams), roles=frozenset({"practitioner"})),
                   "one team": Viewer("bench1", frozenset(all_teams[:1]), roles=frozenset({"practitioner"}))}
        children = random.Random(args.seed).sample([r["id"] for r in kids], min(args.children, len(kids)))
        print(json.dumps({"machine": platform.platform(), "cpus": os.cpu_count(), "load": os.getloadavg(),
                          "case_notes": notes[0]["n"], "baseline_rev": args.baseline_rev}), flush=True)
        cases = [("council-wide", order, w, None, vname, skip)
                 for order in args.orders for w in args.words for vname in viewers for skip in args.skips]
        cases += [("one child", "newest", args.child_text, cid, "all teams", 0) for cid in children]
        mismatches = []
        for rep in range(args.reps + 1):  # rep 0 warms caches and plans, not counted
            for kind, order, text, cid, vname, skip in cases:
                viewer = viewers[vname]
                access = viewer.access_params()
                p = params(text, cid, order, skip, args.limit)
                t0 = time.perf_counter()
                base = driver.execute_query(old, {**p, **access}, database_=db).records[0]
                old_client = (time.perf_counter() - t0) * 1000
                t0 = time.perf_counter()
                page = search_page(driver, viewer, text, child_id=cid, order=order, skip=skip, limit=args.limit,
                                   database=db)
                new_client = (time.perf_counter() - t0) * 1000
                old_server, _ = server_ms(driver, old, {**p, **access}, db)
                timed = TimedDriver(driver)  # every statement search_page runs: bounds, windows, candidates
                search_page(timed, viewer, text, child_id=cid, order=order, skip=skip, limit=args.limit, database=db)
                new_server, statements = timed.ms, timed.statements
                fallback = statements > (1 if order == "relevance" else 2)
                ids_old = [h["record_id"] for h in base["hits"]]
                ids_new = [h["record_id"] for h in page["hits"]]
                total_ok = (page["total"] == base["total"] if not page["total_capped"]
                            else base["total"] > page["total"])
                if ids_old != ids_new or not total_ok:
                    mismatches.append({"case": [kind, order, text, cid, vname, skip], "old_total": base["total"],
                                       "new_total": page["total"], "same_ids": ids_old == ids_new})
                if rep:
                    rows.append({"kind": kind, "order": order, "viewer": vname, "skip": skip,
                                 "hits": base["total"], "old_client": old_client, "new_client": new_client,
                                 "old_server": old_server, "new_server": new_server, "fallback": fallback,
                                 "statements": statements})
    groups: dict[tuple, list] = {}
    for r in rows:
        groups.setdefault((r["kind"], r["order"], r["viewer"], r["skip"]), []).append(r)
    for key, rs in sorted(groups.items()):
        def fig(col, rs=rs):
            values = [r[col] for r in rs]
            return round(statistics.median(values), 1), round(percentile(values, 0.95), 1)
        out = {"search": key[0], "order": key[1], "viewer": key[2], "skip": key[3], "n": len(rs),
               "hits_median": statistics.median(r["hits"] for r in rs), "hits_max": max(r["hits"] for r in rs),
               "fallbacks": sum(r["fallback"] for r in rs),
               "statements_max": max(r["statements"] for r in rs)}
        for col in ("old_server", "new_server", "old_client", "new_client"):
            out[col + "_p50_p95_ms"] = fig(col)
        out["server_p95_ratio_old_over_new"] = round(fig("old_server")[1] / max(fig("new_server")[1], 0.1), 1)
        print(json.dumps(out), flush=True)
    print(json.dumps({"pages_checked": len(rows), "mismatches": mismatches[:10], "mismatch_count": len(mismatches)}))
    return 1 if mismatches else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline-rev", default="f3bc60d", help="git revision of the baseline statement")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--skips", type=int, nargs="+", default=[0, 500])
    parser.add_argument("--orders", nargs="+", default=["newest", "relevance", "oldest"])
    parser.add_argument("--words", nargs="+", default=["safety plan", "CAMHS", "strategy discussion", "housing",
                                                      "contact shortened", "school"])
    parser.add_argument("--children", type=int, default=10, help="random children for child-filtered searches")
    parser.add_argument("--child-text", default="safety plan")
    parser.add_argument("--seed", type=int, default=1)
    return run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
