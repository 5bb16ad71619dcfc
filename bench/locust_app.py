"""The app under load: 20 signed-in users on find, ecomap, evidence and search (locust, headless).

    python bench/locust_app.py --users 20 --duration 60 --workers 4 --port 8157

Against the configured Neo4j holding a loaded graph (e.g. the one `bench/app_scale.py build`
makes), in one run: writes a users file with one account per simulated user, starts the
production server (`kinscope app --workers N`, uvicorn) on the port, samples the resident memory
of the server's whole process tree (master + workers) every second, runs `locust` headless for
the bounded duration (`bench/locustfile_app.py`), stops the server, and prints per page: requests,
failures, p50/p95 (ms, as locust measures them at the client: the server's time plus loopback),
the error rate over all requests (target 0) and the peak RSS summed over the server's processes
(target ≤ 1 GiB). Baseline in the same run: `/healthz` (signed in) under the same load.

The server runs with ``KINSCOPE_SECURE_COOKIES=false`` because the load test speaks plain HTTP
on 127.0.0.1 (a production deployment sits behind TLS), and with the worker health check of
`PATIENT_SERVER`; everything else is production mode.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from graph_model.connection import open_driver
from kinscope.settings import get_settings

PATIENT_SERVER = """
import sys, uvicorn
from dashboards.auth import access_log_config
uvicorn.run("dashboards.app:asgi_app", factory=True, workers=int(sys.argv[2]), host="127.0.0.1", port=int(sys.argv[1]),
            proxy_headers=False, log_level="info", log_config=access_log_config(), server_header=False,
            timeout_worker_healthcheck=60)
"""
"""What `kinscope app --workers N` runs (dashboards/app.py `main`), with uvicorn's worker health
check given 60 s instead of 5: on the loaded 2-core machine a worker building the Dash app does
not answer the supervisor's ping within 5 s, is killed and replaced, forever (measured: every
worker \"died\" in a loop and the app never answered)."""

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def tree_rss_mib(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, MiB (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            status = (entry / "status").read_text()
        except OSError:
            continue
        p = int(entry.name)
        children.setdefault(int(fields[1]), []).append(p)
        line = next((x for x in status.splitlines() if x.startswith("VmRSS:")), None)
        rss[p] = int(line.split()[1]) if line else 0
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo += children.get(p, [])
    return total / 1024


def sample_children(settings, n: int, seed: int) -> list[dict]:
    with open_driver(settings) as driver:
        records, _, _ = driver.execute_query(
            "MATCH (c:Child) WHERE NOT coalesce(c.restricted, false) WITH c, EXISTS { (c)-[:NETWORK]->() } AS ranked "
            "ORDER BY ranked DESC LIMIT 100000 "  # children with a ranked network first
            "RETURN c.child_id AS child_id, c.family_name AS family_name, ranked", database_=settings.neo4j_database)
    rows = [dict(r) for r in records]
    ranked = [r for r in rows if r["ranked"]]
    rows = ranked or rows
    return random.Random(seed).sample(rows, min(n, len(rows)))


def wait_ready(base: str, proc: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the app exited (code {proc.returncode}) before answering")
        try:
            with urllib.request.urlopen(base + "/login", timeout=5):
                return
        except OSError:
            time.sleep(1)
    raise SystemExit("the app did not answer in time")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--spawn-rate", type=float, default=2.0)
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument("--workers", type=int, default=4, help="uvicorn worker processes")
    parser.add_argument("--port", type=int, default=8157)
    parser.add_argument("--children", type=int, default=300, help="children the users visit")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--kinscope-app", action="store_true",
                        help="serve with `kinscope app` itself (uvicorn's 5 s worker health check)")
    args = parser.parse_args()
    settings = get_settings()
    work = Path(tempfile.mkdtemp(prefix="kinscope-locust-"))
    from dashboards.auth import add_user

    users = [(f"load{i:02d}", secrets.token_urlsafe(12)) for i in range(args.users)]
    for name, password in users:
        add_user(work / "users.toml", name, password, name=name, teams=[], roles=["practitioner"])
    sample = {"users": users, "children": sample_children(settings, args.children, args.seed),
              "child_words": ["safety plan", "school", "contact", "visit"],
              "council_words": ["safety plan", "CAMHS", "strategy discussion", "housing", "contact shortened"]}
    (work / "sample.json").write_text(json.dumps(sample), encoding="utf-8")
    env = {**os.environ, "KINSCOPE_USERS_FILE": str(work / "users.toml"), "KINSCOPE_APP_STATE_DIR": str(work / "app"),
           "KINSCOPE_SECRET_KEY": secrets.token_urlsafe(32), "KINSCOPE_SECURE_COOKIES": "false",
           "KINSCOPE_APP_ENV": "production", "KINSCOPE_LOCUST_SAMPLE": str(work / "sample.json")}
    base = f"http://127.0.0.1:{args.port}"
    if args.kinscope_app:
        command = [str(Path(sys.executable).parent / "kinscope"), "app", "--port", str(args.port),
                   "--workers", str(args.workers)]
    else:
        command = [sys.executable, "-c", PATIENT_SERVER, str(args.port), str(args.workers)]
    app = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                           stderr=open(work / "app.log", "w"), start_new_session=True)  # noqa: SIM115
    peak = {"rss_mib": 0.0, "idle_rss_mib": 0.0}
    stop = threading.Event()

    def sample_rss() -> None:
        while not stop.wait(1.0):
            peak["rss_mib"] = max(peak["rss_mib"], tree_rss_mib(app.pid))

    try:
        wait_ready(base, app)
        peak["idle_rss_mib"] = tree_rss_mib(app.pid)
        threading.Thread(target=sample_rss, daemon=True).start()
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "locust", "-f", str(HERE / "locustfile_app.py"), "--headless",
                        "-u", str(args.users), "-r", str(args.spawn_rate), "-t", f"{args.duration}s",
                        "--host", base, "--csv", str(work / "stats"), "--only-summary", "--loglevel", "WARNING"],
                       cwd=ROOT, env=env, check=False)
        wall = time.perf_counter() - started
    finally:
        stop.set()
        os.killpg(app.pid, signal.SIGTERM)
        try:
            app.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(app.pid, signal.SIGKILL)
    with (work / "stats_stats.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    pages = []
    for r in rows:
        if r["Name"] == "Aggregated":
            continue
        pages.append({"page": r["Name"], "requests": int(r["Request Count"]), "failures": int(r["Failure Count"]),
                      "p50_ms": float(r["50%"]), "p95_ms": float(r["95%"]), "max_ms": round(float(r["Max Response Time"]))})
        print(json.dumps(pages[-1]))
    requests, failures = int(total["Request Count"]), int(total["Failure Count"])
    summary = {"users": args.users, "workers": args.workers, "duration_s": args.duration, "wall_s": round(wall, 1),
               "requests": requests, "failures": failures, "error_rate": round(failures / requests, 4) if requests else None,
               "requests_per_s": round(float(total["Requests/s"]), 1), "app_rss_idle_mib": round(peak["idle_rss_mib"]),
               "app_rss_peak_mib": round(peak["rss_mib"]), "work_dir": str(work)}
    print(json.dumps(summary))
    print(f"error rate {summary['error_rate']} (target 0); app RSS peak {summary['app_rss_peak_mib']} MiB over "
          f"{args.workers} workers (target <= 1024: {'met' if summary['app_rss_peak_mib'] <= 1024 else 'NOT met'})")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
