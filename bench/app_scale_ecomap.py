"""The ecomap statement at scale: today's `cypher/app/ecomap_network.cypher` against the one it replaced.

    python bench/app_scale_ecomap.py --baseline-rev d858eb9 --sample 200 --profile 3

On the graph `bench/app_scale.py build` made (or any loaded graph), for the same random children
`app_scale.py measure` draws (children with a network, same seed) and two viewers — every team,
and a single team (who may not see the restricted children nor read the restricted notes of the
children it may see) — it runs the baseline (the statement as it was at ``--baseline-rev``, read
with `git show`, rules expanded the same way) and today's statement in the same process,
alternately, and reports server time (available-after + consumed-after) p50/p95 per viewer with
the ratio. Every child's rows are compared: the same members (keys) with the same values. The
lists the statements build (names, role texts, visible records) are compared as multisets: their
order was the order the baseline happened to walk the graph in. Where a single value is taken
from such a list (the name of a member tied to a hidden child, a professional's agency) the two
may pick different entries of the same list: that counts as ``order_only`` (the agency is checked
against every agency the viewer's readable mentions give), anything else as a mismatch.
``--profile N`` prints, for the N children the baseline is slowest on, the db hits of both plans
by operator (largest first).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from graph_model.connection import open_driver
from graph_model.cypher import cypher, expand
from graph_model.gateway import Viewer
from kinscope.settings import get_settings

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from app_scale import percentile  # noqa: E402

LIST_FIELDS = ("names", "visible_role_texts", "visible_records")
PICKED_FIELDS = ("name", "agency")

AGENCIES = expand("""
MATCH (c:Child {child_id: $child_id})
WITH c, {{ sees_restricted_records(c) }} AS sees
MATCH (c)<-[:ABOUT]-(r)<-[:IN]-(mm:Mention)-[:REFERS_TO]->(m)
WHERE mm.agency IS NOT NULL AND {{ visible_record(r, sees) }}
  AND coalesce(m.person_id, m.address_key, m.place_key, elementId(m)) = $key
RETURN collect(DISTINCT mm.agency) AS agencies
""")


def baseline_statement(rev: str) -> str:
    text = subprocess.run(["git", "show", f"{rev}:cypher/app/ecomap_network.cypher"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    return expand(body).strip().rstrip(";")


def _canon(value) -> str:
    return json.dumps(value, default=str, sort_keys=True)


def _multiset(values) -> list[str] | None:
    return None if values is None else sorted(_canon(v) for v in values)


def compare(old: list[dict], new: list[dict], agencies) -> tuple[list[str], int]:
    """(differences, order_only) between two statements' rows for one child and viewer."""
    a, b = {r["key"]: r for r in old}, {r["key"]: r for r in new}
    if len(a) != len(old) or len(b) != len(new) or a.keys() != b.keys():
        return [f"members differ: only old {sorted(a.keys() - b.keys())}, only new {sorted(b.keys() - a.keys())}"], 0
    diffs, order_only = [], 0
    for key, ro in a.items():
        rn = b[key]
        for field in ro.keys() | rn.keys():
            vo, vn = ro.get(field), rn.get(field)
            if field in LIST_FIELDS:
                if _multiset(vo) != _multiset(vn):
                    diffs.append(f"{key}.{field}: {vo!r} != {vn!r}")
            elif field in PICKED_FIELDS and vo != vn:
                pool = set(ro.get("names") or []) if field == "name" else set(agencies(key))
                if vo in pool and vn in pool:
                    order_only += 1
                else:
                    diffs.append(f"{key}.{field}: {vo!r} != {vn!r}")
            elif _canon(vo) != _canon(vn):
                diffs.append(f"{key}.{field}: {vo!r} != {vn!r}")
    return diffs, order_only


def timed(driver, statement: str, values: dict, db) -> tuple[float, list[dict]]:
    records, summary, _ = driver.execute_query(statement, values, database_=db)
    return float((summary.result_available_after or 0) + (summary.result_consumed_after or 0)), [r.data() for r in records]


def operators(plan, out=None) -> dict[str, int]:
    """db hits by operator over a profiled plan (operators of one kind summed)."""
    out = {} if out is None else out
    name = plan["operatorType"].split("@")[0]
    out[name] = out.get(name, 0) + int(plan.get("dbHits", 0))
    for child in plan.get("children", []):
        operators(child, out)
    return out


def profile(driver, statement: str, values: dict, db) -> dict:
    _, summary, _ = driver.execute_query("PROFILE " + statement, values, database_=db)
    ops = operators(summary.profile)
    top = sorted(((k, v) for k, v in ops.items() if v), key=lambda kv: -kv[1])[:8]
    return {"db_hits": sum(ops.values()), "rows": summary.profile.get("rows"), "by_operator": dict(top)}


def run(args) -> int:
    logging.getLogger("neo4j").setLevel(logging.ERROR)  # the statements name properties some graphs lack
    settings = get_settings()
    db = settings.neo4j_database
    old, new = baseline_statement(args.baseline_rev), cypher("app/ecomap_network")
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    with open_driver(settings) as driver:
        ids, _, _ = driver.execute_query("MATCH (c:Child) WHERE (c)-[:NETWORK]->() RETURN c.child_id AS id",
                                         database_=db)
        sample = random.Random(args.seed).sample([r["id"] for r in ids], min(args.sample, len(ids)))
        teams, _, _ = driver.execute_query("MATCH (t:Team) RETURN collect(t.name) AS t", database_=db)
        all_teams = sorted(teams[0]["t"])
        viewers = {"all teams": Viewer("bench", frozenset(all_teams), roles=frozenset({"practitioner"})),
                   "one team": Viewer("bench1", frozenset(all_teams[:1]), roles=frozenset({"practitioner"}))}
        print(json.dumps({"machine": platform.platform(), "cpus": os.cpu_count(), "load": os.getloadavg(),
                          "children": len(sample), "baseline_rev": args.baseline_rev,
                          "one_team": all_teams[:1]}), flush=True)
        times: dict[tuple[str, str], list[tuple[float, str]]] = {}
        mismatches, order_only, rows_checked, members_checked = [], 0, 0, 0
        started = time.perf_counter()
        for rep in range(args.reps + 1):  # rep 0 warms caches and plans, not counted
            for vname, viewer in viewers.items():
                access = viewer.access_params()
                for cid in sample:
                    values = {"child_id": cid, **access}
                    old_ms, old_rows = timed(driver, old, values, db)
                    new_ms, new_rows = timed(driver, new, values, db)
                    if rep:
                        times.setdefault((vname, "old"), []).append((old_ms, cid))
                        times.setdefault((vname, "new"), []).append((new_ms, cid))
                    if rep == args.reps:
                        def agencies(key, values=values):
                            recs, _, _ = driver.execute_query(AGENCIES, {**values, "key": key}, database_=db)
                            return recs[0]["agencies"]
                        diffs, picked = compare(old_rows, new_rows, agencies)
                        order_only += picked
                        rows_checked += 1
                        members_checked += len(old_rows)
                        if diffs:
                            mismatches.append({"child": cid, "viewer": vname, "diffs": diffs[:5]})
        wall = time.perf_counter() - started
        for vname in viewers:
            o = [t for t, _ in times[(vname, "old")]]
            n = [t for t, _ in times[(vname, "new")]]
            print(json.dumps({"viewer": vname, "n": len(o),
                              "old_server_p50_p95_ms": [round(statistics.median(o), 1), round(percentile(o, 0.95), 1)],
                              "new_server_p50_p95_ms": [round(statistics.median(n), 1), round(percentile(n, 0.95), 1)],
                              "old_max_ms": max(o), "new_max_ms": max(n),
                              "p95_ratio_old_over_new": round(percentile(o, 0.95) / max(percentile(n, 0.95), 0.1), 1)}),
                  flush=True)
        if args.profile:
            for vname, viewer in viewers.items():
                slowest = sorted(times[(vname, "old")], reverse=True)
                seen: list[str] = []
                for _, cid in slowest:
                    if cid not in seen:
                        seen.append(cid)
                    if len(seen) == args.profile:
                        break
                for cid in seen:
                    values = {"child_id": cid, **viewer.access_params()}
                    print(json.dumps({"profile": cid, "viewer": vname, "old": profile(driver, old, values, db),
                                      "new": profile(driver, new, values, db)}), flush=True)
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"children_x_viewers_checked": rows_checked, "members_checked": members_checked,
                      "order_only": order_only, "mismatch_count": len(mismatches), "mismatches": mismatches[:10],
                      "wall_s": round(wall, 1), "client_cpu_s": round(cpu1.ru_utime + cpu1.ru_stime
                                                                       - cpu0.ru_utime - cpu0.ru_stime, 1),
                      "load": os.getloadavg()}))
    return 1 if mismatches else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline-rev", default="d858eb9", help="git revision of the baseline statement")
    parser.add_argument("--sample", type=int, default=200, help="children to query (as app_scale.py measure)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reps", type=int, default=1, help="timed passes over the sample (after one warm-up)")
    parser.add_argument("--profile", type=int, default=0, help="profile the N children the baseline is slowest on")
    return run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
