"""Pipeline throughput per Celery worker: the same synthetic export with 1, then 2 workers.

For each worker count: a fresh deployment (`scripts/celery_stack.sh start` in its own state
folder, so no run of the previous one lingers), an empty graph, then
`kinscope pipeline run --executor celery` as a user runs it. Reported per run: wall time
(export dropped → network DAG finished), children/min, notes/s, and per task kind the number
of task instances and their summed / mean duration as the metadata DB recorded them (task
process start-up included); the ratio of the 2-worker run against the 1-worker baseline.
Start-up and `airflow db migrate` are outside the timed part.

Needs a throw-away Neo4j (the graph is wiped; `KINSCOPE_BENCH_GRAPH_MAY_BE_WIPED=1`) and the
KINSCOPE_CELERY_* ports free. Example:

    KINSCOPE_HOME=$PWD/.kinscope/bench-celery KINSCOPE_NEO4J_BOLT_PORT=7692 \\
    KINSCOPE_BENCH_GRAPH_MAY_BE_WIPED=1 uv run python bench/celery_workers.py --children 100
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench_support import ensure_export, wipe, wipe_refused  # noqa: E402  (before bench/ leaves sys.path)

# bench/pipeline.py would shadow the `pipeline` package: drop this script's folder from the path
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from graph_model.connection import open_driver  # noqa: E402
from kinscope.settings import REPO_ROOT, Settings  # noqa: E402
from pipeline.celery_stack import CeleryStack  # noqa: E402

STACK = REPO_ROOT / "scripts" / "celery_stack.sh"


def task_times(stack: CeleryStack, run_ids: list[str]) -> dict[str, dict]:
    """Per task kind: instances, summed and mean duration (s), from Airflow's task_instance table."""
    import psycopg2

    conn = psycopg2.connect(host="127.0.0.1", port=stack.postgres_port, user="kinscope",
                            password=stack.secret("postgres_password"), dbname="airflow")
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT task_id, count(*), sum(duration), avg(duration) FROM task_instance "
                        "WHERE run_id = ANY(%s) GROUP BY task_id", (run_ids,))
            return {task: {"instances": n, "total_s": round(total or 0, 1), "mean_s": round(mean or 0, 1)}
                    for task, n, total, mean in cur.fetchall()}
    finally:
        conn.close()


def run_with(workers: int, export: Path, workdir: Path, base_env: dict[str, str]) -> dict:
    home = workdir / f"celery-{workers}w"
    env = {**base_env, "KINSCOPE_CELERY_HOME": str(home), "KINSCOPE_CELERY_WORKERS": str(workers),
           "KINSCOPE_INBOX": str(workdir / f"inbox-{workers}w"),
           "KINSCOPE_INBOX_POKE_INTERVAL_S": "600"}  # the next inbox sensor stays out of the way
    subprocess.run(["rm", "-rf", str(home), env["KINSCOPE_INBOX"]], check=True)
    t = time.perf_counter()
    subprocess.run([str(STACK), "start"], env=env, check=True, stdout=subprocess.DEVNULL)
    start_s = time.perf_counter() - t
    try:
        with open_driver(Settings()) as driver:
            wipe(driver)
        t = time.perf_counter()
        proc = subprocess.run(["uv", "run", "--frozen", "kinscope", "pipeline", "run", "--executor", "celery",
                               "--export", str(export), "--json"], env=env, capture_output=True, text=True)
        wall = time.perf_counter() - t
        if proc.returncode != 0:
            raise SystemExit(f"pipeline run failed ({workers} workers):\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
        summary = json.loads(proc.stdout)
        stack = CeleryStack.from_settings(Settings(**{"celery_home": home, "celery_workers": workers}))
        tasks = task_times(stack, [r["run_id"] for r in summary["runs"]])
    finally:
        subprocess.run([str(STACK), "stop"], env=env, check=False, stdout=subprocess.DEVNULL)
    return {"workers": workers, "start_s": round(start_s, 1), "wall_s": round(wall, 1),
            "runs": {r["dag_id"]: r["seconds"] for r in summary["runs"]}, "tasks": tasks}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--children", type=int, default=100)
    parser.add_argument("--seed", type=int, default=31)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--workdir", type=Path, default=Path(".kinscope/bench-data"))
    args = parser.parse_args()
    if wipe_refused():
        return 2
    export = (args.workdir / f"celery-{args.children}-{args.seed}").resolve()
    ensure_export(export, args.children, args.seed)
    notes = sum(1 for _ in (export / "case_notes.jsonl").open())
    workdir = args.workdir.resolve() / "celery-bench"
    workdir.mkdir(parents=True, exist_ok=True)
    results = []
    for workers in args.workers:
        r = run_with(workers, export, workdir, dict(os.environ))
        r["children_per_min"] = round(args.children / (r["wall_s"] / 60), 1)
        r["notes_per_s"] = round(notes / r["wall_s"], 2)
        results.append(r)
        print(json.dumps(r), flush=True)
    base = results[0]
    print(f"export: {args.children} children, {notes} notes (seed {args.seed})")
    for r in results:
        print(f"{r['workers']} worker(s): {r['wall_s']} s = {r['children_per_min']} children/min, "
              f"{r['notes_per_s']} notes/s; ratio vs {base['workers']} worker(s): "
              f"{base['wall_s'] / r['wall_s']:.2f}x (start-up {r['start_s']} s, not timed)")
        for task, t in sorted(r["tasks"].items()):
            print(f"    {task:<28} {t['instances']:>3} x {t['mean_s']:>6.1f} s = {t['total_s']:>7.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
