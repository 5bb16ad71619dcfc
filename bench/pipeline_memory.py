"""Peak resident memory of every pipeline task, each in a process of its own, on one export.

Airflow runs each task instance in a new process; this bench does the same: every task below
is a fresh `python bench/pipeline_memory.py task <name>` child, and its peak RSS and CPU
seconds are the kernel's figures for that child (`os.wait4`: ru_maxrss, utime + stime), beside
wall time. Tasks, in the DAGs' order, calling the same library functions the DAG tasks call:

    load               pipeline.ingest.load_one (the transactional loader, `load_export`)
    document_text      every batch of pipeline.network.document_text_stage
    mentions           every batch of pipeline.network.mention_extraction_stage
    entity_resolution  pipeline.network.entity_resolution_stage (adult records)
    child_resolution   every batch of pipeline.network.child_resolution_stage
    cross_child        pipeline.network.cross_child_stage
    networks           ranking.materialise (stale inputs marked, NETWORK edges rebuilt)
    rank               ranking.rank.rank_networks (GDS)
    cohorts            ranking.cohorts.analyse_cohorts (GDS)

The DAG's `network_ranking` task runs networks + rank + cohorts in one process; here they are
three, so each one's memory is seen. A mapped stage's batches (KINSCOPE_EXTRACTION_BATCH_SIZE)
run one after another in one process, which reports ru_maxrss after its first batch (what one
mapped task instance holds) and after its last (an upper bound; growth between the two is
memory kept across batches). The Neo4j server's own peak (VmHWM) is printed at the end beside
its configured heap. `--stop-at HH:MM` (UTC): a task still running then is stopped, its peak so
far read from /proc and reported as unfinished; later tasks are skipped. `--max-batches N
--capped mentions` runs only the first N batches of the stages named (one task's memory, when
the whole stage cannot finish in the time there is; the later stages then see part of the work).

Needs a throw-away Neo4j (the graph is wiped; `KINSCOPE_BENCH_GRAPH_MAY_BE_WIPED=1`). The
export gets the loader's marker file, so pass a copy you own. Example:

    KINSCOPE_HOME=$PWD/.kinscope/bench-mem KINSCOPE_NEO4J_BOLT_PORT=7750 KINSCOPE_NEO4J_HEAP=2g \\
    KINSCOPE_BENCH_GRAPH_MAY_BE_WIPED=1 uv run python bench/pipeline_memory.py --export <copy>
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench_support import wipe, wipe_refused  # noqa: E402  (before bench/ leaves sys.path)

# bench/pipeline.py would shadow the `pipeline` package: drop this script's folder from the path
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

TASKS = ["load", "document_text", "mentions", "entity_resolution", "child_resolution", "cross_child",
         "networks", "rank", "cohorts"]
MAPPED = {"document_text": ("document_text_batches", "document_text_stage"),
          "mentions": ("mention_extraction_batches", "mention_extraction_stage"),
          "child_resolution": ("child_resolution_batches", "child_resolution_stage")}


def _rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _ranking_step(name: str) -> dict:
    """One part of the network_ranking task, on the connection the DAG tasks use."""
    from graphdatascience import GraphDataScience

    from pipeline.config import PipelineSettings
    from pipeline.neo4j_conn import graph

    with graph(PipelineSettings()) as target:
        db = target.database
        if name == "networks":
            from ranking.materialise import mark_changed_networks, materialise_networks

            changed = mark_changed_networks(target.driver, database=db)
            built = materialise_networks(target.driver, database=db)
            return {"inputs_changed": len(changed.pop("child_ids", None) or []),
                    "materialised": len(built.pop("child_ids", None) or [])}
        gds = GraphDataScience(target.driver, arrow=False, database=db, show_progress=False)
        if name == "rank":
            from ranking.rank import rank_networks

            return {"ranked": rank_networks(target.driver, gds, database=db)}
        from ranking.cohorts import analyse_cohorts

        return {"cohorts": analyse_cohorts(target.driver, gds, database=db)}


def run_task(name: str, export: str, max_batches: int | None = None) -> None:
    """The body of one task process: do the work, print one JSON line per batch / at the end."""
    from pipeline import network

    if name == "load":
        from pipeline.ingest import load_one

        out = load_one(export)
        print(json.dumps({"rows_loaded": out.get("rows_loaded"), "rss_mib": _rss_mib()}), flush=True)
    elif name in MAPPED:
        list_name, stage_name = MAPPED[name]
        batches = getattr(network, list_name)()
        print(json.dumps({"batches": len(batches), "ids": sum(map(len, batches)), "rss_mib": _rss_mib()}),
              flush=True)
        for i, ids in enumerate(batches[:max_batches]):
            t = time.perf_counter()
            getattr(network, stage_name)(ids=ids)
            print(json.dumps({"batch": i, "size": len(ids), "s": round(time.perf_counter() - t, 2),
                              "rss_mib": _rss_mib()}), flush=True)
    elif name in ("entity_resolution", "cross_child"):
        stage = network.entity_resolution_stage if name == "entity_resolution" else network.cross_child_stage
        stage()
        print(json.dumps({"rss_mib": _rss_mib()}), flush=True)
    else:
        print(json.dumps({**_ranking_step(name), "rss_mib": _rss_mib()}, default=str), flush=True)


def _json_or_none(line: str) -> dict | None:
    try:
        out = json.loads(line)
    except ValueError:
        return None
    return out if isinstance(out, dict) else None


def vm_hwm_mib(pid: int) -> float | None:
    """A live process's peak RSS so far (VmHWM), MiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def measure(name: str, export: Path, stop_at: float | None, log_dir: Path, max_batches: int | None) -> dict:
    """Run one task process; its own peak RSS, CPU and wall time from the kernel."""
    log = (log_dir / f"{name}.jsonl").open("w")
    started = time.perf_counter()
    cap = ["--max-batches", str(max_batches)] if max_batches and name in MAPPED else []
    proc = subprocess.Popen([sys.executable, __file__, "task", name, "--export", str(export), *cap],
                            stdout=log, stderr=(log_dir / f"{name}.stderr").open("w"))
    unfinished = False
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if stop_at and time.time() > stop_at:
            peak = vm_hwm_mib(proc.pid)
            proc.send_signal(signal.SIGTERM)
            pid, status, usage = os.wait4(proc.pid, 0)
            unfinished = True
            break
        time.sleep(1)
    proc.returncode = os.waitstatus_to_exitcode(status)
    log.close()
    lines = [x for x in map(_json_or_none, (log_dir / f"{name}.jsonl").read_text().splitlines())
             if x and "rss_mib" in x]  # this script's own lines, not the stages' log events
    batches = [x for x in lines if "batch" in x]
    out = {"task": name, "wall_s": round(time.perf_counter() - started, 1),
           "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
           "peak_rss_mib": peak if unfinished else round(usage.ru_maxrss / 1024, 1),
           "rc": proc.returncode, "unfinished": unfinished}
    if batches:
        out.update(batches=len(batches), batch_size=batches[0]["size"],
                   rss_after_first_batch_mib=batches[0]["rss_mib"], rss_after_last_batch_mib=batches[-1]["rss_mib"],
                   mean_batch_s=round(sum(b["s"] for b in batches) / len(batches), 2))
    if lines and "batches" in lines[0]:
        out["batches_listed"] = lines[0]["batches"]
    return out


def neo4j_peak_mib() -> float | None:
    from graph_model.server import status
    from kinscope.settings import Settings

    pid = status(Settings()).pid
    return vm_hwm_mib(pid) if pid else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command")
    task = sub.add_parser("task")
    task.add_argument("name", choices=TASKS)
    task.add_argument("--export", required=True)
    task.add_argument("--max-batches", type=int)
    parser.add_argument("--export", type=Path)
    parser.add_argument("--tasks", nargs="+", choices=TASKS, default=TASKS)
    parser.add_argument("--stop-at", help="HH:MM UTC: stop the task running then, skip the rest")
    parser.add_argument("--max-batches", type=int, help="run only the first N batches of the --capped stages")
    parser.add_argument("--capped", nargs="*", choices=sorted(MAPPED), default=[])
    args = parser.parse_args()
    if args.command == "task":
        run_task(args.name, args.export, args.max_batches)
        return 0
    if wipe_refused():
        return 2
    from graph_model.connection import open_driver
    from kinscope.settings import Settings
    from pipeline.ingest import MARKER

    export = args.export.resolve()
    stop_at = None
    if args.stop_at:
        h, m = map(int, args.stop_at.split(":"))
        now = dt.datetime.now(dt.timezone.utc)
        stop_at = now.replace(hour=h, minute=m, second=0, microsecond=0).timestamp()
    if "load" in args.tasks:
        (export / MARKER).unlink(missing_ok=True)
        with open_driver(Settings()) as driver:
            wipe(driver)
    notes = sum(1 for _ in (export / "case_notes.jsonl").open())
    children = sum(1 for _ in (export / "children.csv").open()) - 1
    settings = Settings()
    print(f"export {export.name}: {children:,} children, {notes:,} notes; Neo4j heap {settings.neo4j_heap}, "
          f"page cache {settings.neo4j_pagecache}; batch size {os.environ.get('KINSCOPE_EXTRACTION_BATCH_SIZE', 200)}",
          flush=True)
    log_dir = export.parent / f"memory-logs-{export.name}"
    log_dir.mkdir(exist_ok=True)
    results = []
    for name in args.tasks:
        if stop_at and time.time() > stop_at:
            print(json.dumps({"task": name, "skipped": "past --stop-at"}), flush=True)
            continue
        r = measure(name, export, stop_at, log_dir, args.max_batches if name in args.capped else None)
        r["load_average"] = [round(x, 1) for x in os.getloadavg()]
        results.append(r)
        print(json.dumps(r), flush=True)
        if r["rc"] != 0 and not r["unfinished"]:
            print(f"{name} failed (rc {r['rc']}): see {log_dir}", flush=True)
            break
    largest = max(results, key=lambda r: r["peak_rss_mib"] or 0)
    print(f"Neo4j server peak RSS (VmHWM): {neo4j_peak_mib()} MiB")
    print(f"largest Python task: {largest['task']} {largest['peak_rss_mib']} MiB "
          f"({largest['peak_rss_mib'] / 2048:.2f} of the 2 GiB target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
