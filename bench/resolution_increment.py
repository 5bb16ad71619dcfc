"""Entity resolution: a full run against a 1% increment, in one process (issue 10 §2).

On a throw-away server (the graph is wiped; set KINSCOPE_BENCH_GRAPH_MAY_BE_WIPED=1):

1. a synthetic export (default 2,000 children, no rendered documents) is loaded and its mentions
   extracted with the rules-only pipeline (not timed), then resolved: the first run, every
   record and child (``full``);
2. an increment changes one adult record (family name) and adds one case note (a copy of
   one of theirs) for 1% of the children; it is loaded and its notes' mentions extracted (not
   timed), then resolved: ``increment``;
3. the same final graph is resolved again with ``full=True`` (every record linked, every child
   resolved): the baseline ``full_again`` the increment is compared with.

Prints each run's seconds (wall, and CPU seconds of this process and of the Neo4j server, with
the load average), children resolved, records in scope and blocks touched, the child-level
clusters kept / seeding / linked by the cross-child step, the process's peak RSS, and the ratio
increment / full_again (target <= 0.1). ``full_again`` scores with the record statistics kept from the
last fit, as the increment does (``--refit`` fits them again: the comparison then also measures the
refit). ``--profile``: afterwards a second increment (the next seed) is resolved under cProfile, its
statistics written there (not in the ratio).
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from extraction.pipeline import build_pipeline
from extraction.stage_mentions import extract_record_mentions
from graph_model.connection import open_driver
from graph_model.loader import load_export
from graph_model.server import status as server_status
from kinscope.settings import get_settings
from linkage.stage_resolve import resolve_people
from synthetic.council import generate_council


def peak_rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def server_cpu_s() -> float | None:
    """CPU seconds (user + system) of the Neo4j server so far (None: not ours or not found)."""
    pid = server_status(get_settings()).pid
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except (OSError, TypeError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def write_increment(full: Path, out: Path, share: float, seed: int) -> int:
    """One changed adult record and one new note for `share` of the children; returns how many."""
    rng = random.Random(seed)
    with (full / "significant_adults.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header, adults = reader.fieldnames, list(reader)
    notes = [json.loads(line) for line in (full / "case_notes.jsonl").open(encoding="utf-8") if line.strip()]
    children = sorted({a["child_id"] for a in adults})
    picked = rng.sample(children, max(1, round(share * len(children))))
    out.mkdir(parents=True, exist_ok=True)
    manifest = json.loads((full / "manifest.json").read_text())
    manifest.update(kind="increment", exported_at="2031-01-02T00:00:00Z")
    rows, new_notes = [], []
    for cid in picked:
        a = rng.choice([a for a in adults if a["child_id"] == cid])
        rows.append({**a, "family_name": a["family_name"] + "-Quayle", "updated_at": "2031-01-01T00:00:00Z"})
        own = [n for n in notes if n["child_id"] == cid]
        if own:
            n = rng.choice(own)
            new_notes.append({**n, "note_id": n["note_id"] + "-inc", "updated_at": "2031-01-01T00:00:00Z"})
    with (out / "significant_adults.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    (out / "case_notes.jsonl").write_text("".join(json.dumps(n) + "\n" for n in new_notes), encoding="utf-8")
    (out / "manifest.json").write_text(json.dumps(manifest))
    return len(picked)


def load(driver, export: Path, nlp) -> None:
    with tempfile.TemporaryDirectory() as rep:
        load_export(driver, export, report_dir=Path(rep))
    extract_record_mentions(driver, nlp, progress=False)


def timed(label: str, driver, profile: Path | None = None, **kwargs) -> dict:
    t, cpu, server = time.perf_counter(), time.process_time(), server_cpu_s()
    if profile is None:
        out = resolve_people(driver, progress=False, **kwargs)
    else:
        prof = cProfile.Profile()
        out = prof.runcall(resolve_people, driver, progress=False, **kwargs)
        prof.dump_stats(str(profile))
    seconds = round(time.perf_counter() - t, 2)
    server_after = server_cpu_s()
    rec = out["records"]
    row = {"run": label, "seconds": seconds, "cpu_s": round(time.process_time() - cpu, 2),
           "server_cpu_s": None if server is None or server_after is None else round(server_after - server, 2),
           "load_average": [round(x, 1) for x in os.getloadavg()],
           "children_resolved": out["children_resolved"],
           "records": rec["records"], "records_in_scope": rec["scope_records"],
           "records_changed": rec["changed_records"], "blocks_touched": rec["blocks_touched"],
           "clusters": out["child_level_clusters"], "clusters_linked": out.get("clusters_linked"),
           "clusters_relinked": out["clusters_relinked"], "clusters_kept": out.get("clusters_kept"),
           "cross_child_seeds": out.get("cross_child_seeds"), "cross_child_read": out.get("cross_child_read"),
           "cross_child_seed_sources": out.get("cross_child_seed_sources"),
           "cross_child_rounds": out.get("cross_child_rounds"),
           "cross_child_phases": out.get("cross_child_phases"),
           "record_statistics": rec.get("statistics"),
           "step_seconds": out.get("step_seconds"),
           "peak_rss_mib": peak_rss_mib()}
    print(json.dumps(row), flush=True)
    return row


def dump_clusters(driver, path: Path) -> None:
    """The child-level clusters and record persons after a run (to compare an increment's graph
    with the full run's)."""
    with driver.session() as session:
        data = {"clusters": session.run("MATCH (c:MentionCluster) RETURN c.key AS key, c.child_id AS child, "
                                        "c.mention_ids AS mids, c.final_id AS final ORDER BY key").data(),
                "records": session.run("MATCH (r:AdultRecord)-[:RESOLVED_TO]->(p:Person) "
                                       "RETURN r.relationship_id AS r, p.person_id AS p ORDER BY r").data()}
    path.write_text(json.dumps(data))


def compare_dumps(folder: Path) -> dict:
    """Records and child-level clusters that resolve differently after the increment and the baseline."""
    a, b = (json.loads((folder / f"{n}.json").read_text()) for n in ("increment", "full_again"))
    ra, rb = ({r["r"]: r["p"] for r in d["records"]} for d in (a, b))
    ca, cb = ({c["key"]: c["final"] for c in d["clusters"]} for d in (a, b))
    return {"records": len(ra), "records_differ": sorted(r for r in ra.keys() | rb.keys() if ra.get(r) != rb.get(r)),
            "clusters": len(cb), "clusters_only_increment": len(ca.keys() - cb.keys()),
            "clusters_only_full": len(cb.keys() - ca.keys()),
            "clusters_other_person": sum(1 for k in ca.keys() & cb.keys() if ca[k] != cb[k])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--children", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=41)
    parser.add_argument("--share", type=float, default=0.01, help="share of children the increment touches")
    parser.add_argument("--increment-seed", type=int, default=0, help="which children the increment picks")
    parser.add_argument("--workdir", type=Path, default=Path(".kinscope/bench-data"))
    parser.add_argument("--reuse-graph", action="store_true",
                        help="the export is already loaded and resolved (an earlier run): skip step 1")
    parser.add_argument("--setup-only", action="store_true",
                        help="wipe, load the export and extract its mentions, then stop (no resolution)")
    parser.add_argument("--loaded", action="store_true",
                        help="the export is already loaded and extracted (--setup-only): start at the first run")
    parser.add_argument("--dump", type=Path, default=None,
                        help="write the clusters and record persons after the increment and the baseline here")
    parser.add_argument("--full-first", action="store_true",
                        help="with --reuse-graph: resolve the graph in full first (not compared; a graph last "
                             "resolved by older code keeps what an increment reads from a full run)")
    parser.add_argument("--refit", action="store_true",
                        help="the baseline fits the record statistics again (else it keeps them, as the increment)")
    parser.add_argument("--profile", type=Path, default=None,
                        help="then resolve a second increment (next seed) under cProfile, stats to this file")
    parser.add_argument("--stop-after-full", action="store_true",
                        help="stop after the first run (copy the stopped server's data to rerun from there)")
    args = parser.parse_args()
    if os.environ.get("KINSCOPE_BENCH_GRAPH_MAY_BE_WIPED") != "1":
        print("refusing to wipe the graph: set KINSCOPE_BENCH_GRAPH_MAY_BE_WIPED=1 on a throw-away server",
              file=sys.stderr)
        return 2
    full = args.workdir / f"resolution-{args.children}-{args.seed}"
    inc = args.workdir / f"resolution-{args.children}-{args.seed}-inc{args.share}-{args.increment_seed}"
    if not (full / "manifest.json").is_file():
        generate_council(full, children=args.children, seed=args.seed, render_documents=False)
    touched = write_increment(full, inc, args.share, args.seed + args.increment_seed)
    nlp = build_pipeline(rules_only=True)
    with open_driver(get_settings()) as driver:
        if not args.reuse_graph and not args.loaded:
            with driver.session() as session:
                session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS").consume()
            t = time.perf_counter()
            load(driver, full, nlp)
            print(json.dumps({"setup": "load + mentions", "seconds": round(time.perf_counter() - t, 2)}), flush=True)
            if args.setup_only:
                return 0
        if not args.reuse_graph or args.full_first:
            timed("full", driver, full=args.reuse_graph)
            if args.stop_after_full:
                return 0
        with driver.session() as session:
            # between two loads the network stage materialises the children and clears network_stale
            # (the loader's change mark); a graph first resolved before the children's watermark was
            # kept gets it now, as its first run would have written it (after all its mentions)
            session.run("MATCH (c:Child) WHERE c.network_stale = true "
                        "CALL (c) { SET c.network_stale = false } IN TRANSACTIONS OF 5000 ROWS").consume()
            session.run("MERGE (s:ResolutionState {step: 'children'}) "
                        "ON CREATE SET s.since = datetime()").consume()
        load(driver, inc, nlp)
        increment = timed("increment", driver)
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
            dump_clusters(driver, args.dump / "increment.json")
        baseline = timed("full_again", driver, full=True, refit_statistics=args.refit)
        if args.dump:
            dump_clusters(driver, args.dump / "full_again.json")
            print(json.dumps({"graph_difference": compare_dumps(args.dump)}), flush=True)
        if args.profile:
            second = args.workdir / f"{inc.name}-profiled"
            write_increment(full, second, args.share, args.seed + args.increment_seed + 1)
            load(driver, second, nlp)
            timed("increment_profiled", driver, profile=args.profile)
    print(f"increment touching {touched} of {args.children:,} children: {increment['seconds']} s vs full "
          f"{baseline['seconds']} s = {increment['seconds'] / baseline['seconds']:.3f} (target <= 0.1); "
          f"peak RSS {peak_rss_mib()} MiB")
    if increment["server_cpu_s"] is not None and baseline["server_cpu_s"] is not None:
        inc_cpu = increment["cpu_s"] + increment["server_cpu_s"]
        full_cpu = baseline["cpu_s"] + baseline["server_cpu_s"]
        print(f"CPU seconds (this process + Neo4j): increment {inc_cpu:.1f} vs full {full_cpu:.1f} = "
              f"{inc_cpu / full_cpu:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
