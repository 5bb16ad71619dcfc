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

Also reported: the CPU seconds the stack's processes (scheduler, workers and the task processes
they reaped, ...) and the Neo4j server spent during the run, from /proc, and the load average
sampled every 10 s; per task kind the mean wait from queued to started. `--export` reuses an
existing export (copied into the inbox, so it is only read); `--batch-size` sets
KINSCOPE_EXTRACTION_BATCH_SIZE (records / children per mapped task).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
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
            cur.execute("SELECT task_id, count(*), sum(duration), avg(duration), "
                        "avg(extract(epoch FROM start_date - queued_dttm)), max(duration) FROM task_instance "
                        "WHERE run_id = ANY(%s) GROUP BY task_id", (run_ids,))
            return {task: {"instances": n, "total_s": round(total or 0, 1), "mean_s": round(mean or 0, 1),
                           "max_s": round(longest or 0, 1), "queued_to_start_s": round(float(wait or 0), 1)}
                    for task, n, total, mean, wait, longest in cur.fetchall()}
    finally:
        conn.close()


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process and of the children it has reaped (/proc/<pid>/stat), seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def stack_cpu(home: Path) -> dict[str, float]:
    """CPU seconds so far of every process the stack script started (by its recorded pid)."""
    return {pid_file.stem: round(cpu_seconds(int(pid_file.read_text().split()[0])), 1)
            for pid_file in sorted((home / "run").glob("*.pid")) if pid_file.read_text().strip()}


def neo4j_cpu() -> float:
    """CPU seconds so far of the Neo4j server the bench's settings point at (its pid file)."""
    from graph_model.server import status

    pid = status(Settings()).pid
    return cpu_seconds(pid) if pid else 0.0


class LoadSampler(threading.Thread):
    """The 1-minute load average every 10 s while a run goes on."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(10):
            self.samples.append(os.getloadavg()[0])

    def summary(self) -> dict[str, float]:
        s = self.samples or [os.getloadavg()[0]]
        return {"min": round(min(s), 1), "mean": round(sum(s) / len(s), 1), "max": round(max(s), 1)}


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
        cpu_before, neo4j_before = stack_cpu(home), neo4j_cpu()
        sampler = LoadSampler()
        sampler.start()
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "kinscope", "pipeline", "run", "--executor", "celery",
                               "--export", str(export), "--json"], env=env, capture_output=True, text=True)
        wall = time.perf_counter() - t
        sampler.done.set()
        cpu_after = stack_cpu(home)
        cpu = {name: round(cpu_after[name] - cpu_before.get(name, 0.0), 1) for name in cpu_after}
        cpu["neo4j"] = round(neo4j_cpu() - neo4j_before, 1)
        if proc.returncode != 0:
            raise SystemExit(f"pipeline run failed ({workers} workers):\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
        summary = json.loads(proc.stdout)
        stack = CeleryStack.from_settings(Settings(**{"celery_home": home, "celery_workers": workers}))
        tasks = task_times(stack, [r["run_id"] for r in summary["runs"]])
    finally:
        subprocess.run([str(STACK), "stop"], env=env, check=False, stdout=subprocess.DEVNULL)
    return {"workers": workers, "start_s": round(start_s, 1), "wall_s": round(wall, 1),
            "runs": {r["dag_id"]: r["seconds"] for r in summary["runs"]}, "tasks": tasks,
            "cpu_s": cpu, "load_average": sampler.summary(),
            "outputs": {r["dag_id"]: r.get("outputs") for r in summary["runs"]}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--children", type=int, default=100)
    parser.add_argument("--seed", type=int, default=31)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--workdir", type=Path, default=Path(".kinscope/bench-data"))
    parser.add_argument("--export", type=Path, help="an existing export of --children children (read only)")
    parser.add_argument("--batch-size", type=int, help="KINSCOPE_EXTRACTION_BATCH_SIZE for the workers")
    args = parser.parse_args()
    if wipe_refused():
        return 2
    if args.batch_size:
        os.environ["KINSCOPE_EXTRACTION_BATCH_SIZE"] = str(args.batch_size)
    export = (args.export or args.workdir / f"celery-{args.children}-{args.seed}").resolve()
    if not args.export:
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
              f"{base['wall_s'] / r['wall_s']:.2f}x (start-up {r['start_s']} s, not timed); "
              f"CPU s {sum(r['cpu_s'].values()):.0f} ({r['cpu_s']}); load {r['load_average']}")
        for task, t in sorted(r["tasks"].items()):
            print(f"    {task:<28} {t['instances']:>3} x {t['mean_s']:>6.1f} s = {t['total_s']:>7.1f} s "
                  f"(max {t['max_s']} s, queued→start {t['queued_to_start_s']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
