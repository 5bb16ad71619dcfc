"""The local Celery deployment's layout and Airflow configuration, from Kinscope's settings.

`scripts/celery_stack.sh` starts the processes (Postgres, Redis, API server, scheduler,
dag-processor, Celery workers); everything it needs to know — ports, folders, the Airflow
environment — comes from here (`python -m pipeline.celery_stack env`), so the script and
`kinscope pipeline run --executor celery` can never disagree. The same DAGs run; only the
`AIRFLOW__…` environment differs from the in-process default (`pipeline.airflow_home`).

Secrets (the Postgres password, the API server's JWT signing key) are generated once and kept
mode 0600 under the state folder; they never have defaults.

    python -m pipeline.celery_stack env      # shell exports for the script
    python -m pipeline.celery_stack migrate  # `airflow db migrate` on Postgres, once per version
    python -m pipeline.celery_stack status   # health of every component; exit 1 if one is down
"""

from __future__ import annotations

import json
import secrets
import shlex
import socket
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from kinscope.settings import Settings
from pipeline.airflow_home import DAGS_FOLDER, AirflowHome, migrate

PG_USER = "kinscope"
PG_DATABASE = "airflow"
STACK_FILE = "stack.json"  # written by the script at start: what the workers were started with


@dataclass(frozen=True)
class CeleryStack:
    home: Path
    postgres_port: int
    redis_port: int
    api_port: int
    workers: int
    concurrency: int

    @classmethod
    def from_settings(cls, settings: Settings) -> CeleryStack:
        return cls(settings.celery_dir, settings.celery_postgres_port, settings.celery_redis_port,
                   settings.celery_api_port, settings.celery_workers, settings.celery_worker_concurrency)

    @property
    def airflow_home(self) -> Path:
        return self.home / "airflow"

    @property
    def pg_dir(self) -> Path:
        return self.home / "postgres"

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    def secret(self, name: str) -> str:
        """Read (or create, 0600) one generated secret of this deployment."""
        path = self.home / "secrets" / name
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(64) + "\n")  # JWT HS512 wants >= 64 bytes
        return path.read_text().strip()

    def postgres_url(self, driver: str = "postgresql+psycopg2") -> str:
        password = self.secret("postgres_password")
        return f"{driver}://{PG_USER}:{password}@127.0.0.1:{self.postgres_port}/{PG_DATABASE}"

    def airflow_env(self) -> dict[str, str]:
        """The `AIRFLOW__…` environment of every process of this deployment (and its clients)."""
        ah = self.airflow_home
        return {
            "AIRFLOW_HOME": str(ah),
            "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS_FOLDER),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
            "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
            # Nothing runs by itself: `pipeline run --executor celery` unpauses ingest and network
            # (the daily re-rank stays paused until an operator unpauses it).
            "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True",
            "AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT": "120",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": self.postgres_url(),
            "AIRFLOW__CELERY__BROKER_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "AIRFLOW__CELERY__RESULT_BACKEND": self.postgres_url("db+postgresql+psycopg2"),
            # Longer than any task may run, or Redis hands a running task to a second worker.
            "AIRFLOW__CELERY_BROKER_TRANSPORT_OPTIONS__VISIBILITY_TIMEOUT": "86400",
            "AIRFLOW__CELERY__WORKER_CONCURRENCY": str(self.concurrency),
            # Task processes on the workers talk to the API server (Airflow 3's execution API).
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{self.api_url}/execution/",
            "AIRFLOW__API__BASE_URL": self.api_url,
            "AIRFLOW__API__HOST": "127.0.0.1",
            "AIRFLOW__API__PORT": str(self.api_port),
            "AIRFLOW__API_AUTH__JWT_SECRET": self.secret("jwt_secret"),
            "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "30",
            "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(ah / "logs"),
        }

    def shell_exports(self) -> str:
        """What `scripts/celery_stack.sh` evaluates: its layout (`KS_…`) and the Airflow environment."""
        layout = {
            "KS_CELERY_HOME": str(self.home),
            "KS_PG_DIR": str(self.pg_dir),
            "KS_PG_PORT": str(self.postgres_port),
            "KS_PG_USER": PG_USER,
            "KS_PG_DATABASE": PG_DATABASE,
            "KS_PG_PASSWORD_FILE": str(self.home / "secrets" / "postgres_password"),
            "KS_REDIS_PORT": str(self.redis_port),
            "KS_API_PORT": str(self.api_port),
            "KS_WORKERS": str(self.workers),
            "KS_CONCURRENCY": str(self.concurrency),
        }
        return "\n".join(f"export {k}={shlex.quote(v)}"
                         for k, v in {**layout, **self.airflow_env()}.items())


def port_open(port: int, host: str = "127.0.0.1", timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def api_health(stack: CeleryStack, timeout: float = 3.0) -> dict | None:
    """The API server's `/api/v2/monitor/health` (metadata DB, scheduler, dag-processor), or None."""
    try:
        with urllib.request.urlopen(f"{stack.api_url}/api/v2/monitor/health", timeout=timeout) as resp:
            return json.loads(resp.read())
    except (urllib.error.URLError, OSError, ValueError):
        return None


def celery_workers_alive(stack: CeleryStack, timeout: float = 2.0) -> list[str]:
    """Names of the Celery workers that answer a ping through the broker.

    A bare Celery app on the same broker: no Airflow import, so a health check takes a second.
    """
    from celery import Celery

    app = Celery(broker=f"redis://127.0.0.1:{stack.redis_port}/0")
    try:
        replies = app.control.ping(timeout=timeout) or []
    finally:
        app.close()
    return sorted(name for reply in replies for name in reply)


@dataclass
class StackHealth:
    problems: list[str]  # what is not up, in words; empty: the stack can run DAGs
    workers: list[str]   # Celery workers that answered

    @property
    def up(self) -> bool:
        return not self.problems


def health(stack: CeleryStack, *, min_workers: int = 1) -> StackHealth:
    """Every component's state: ports, the API server's health report, Celery workers' pings."""
    found: list[str] = []
    if not port_open(stack.postgres_port):
        found.append(f"Postgres is not listening on 127.0.0.1:{stack.postgres_port}")
    workers: list[str] = []
    if not port_open(stack.redis_port):
        found.append(f"Redis is not listening on 127.0.0.1:{stack.redis_port}")
    else:
        workers = celery_workers_alive(stack)
        if len(workers) < min_workers:
            found.append(f"{len(workers)} Celery worker(s) answer (need {min_workers})")
    report = api_health(stack)
    if report is None:
        found.append(f"the Airflow API server does not answer at {stack.api_url}")
    else:
        for part in ("metadatabase", "scheduler", "dag_processor"):
            status = (report.get(part) or {}).get("status")
            if status != "healthy":
                found.append(f"Airflow {part.replace('_', '-')}: {status or 'not reported'}")
    return StackHealth(found, workers)


def configure_process(stack: CeleryStack) -> AirflowHome:
    """Point this process at the deployment (before `airflow` is imported): its values win."""
    import os

    if "airflow.configuration" in sys.modules:
        from airflow.configuration import AIRFLOW_HOME as loaded  # type: ignore[attr-defined]

        if Path(loaded).resolve() != stack.airflow_home.resolve():
            from kinscope.errors import KinscopeError

            raise KinscopeError(f"Airflow was already imported with AIRFLOW_HOME={loaded}, "
                                f"not the Celery deployment's {stack.airflow_home}")
    stack.airflow_home.mkdir(parents=True, exist_ok=True)
    env = stack.airflow_env()
    os.environ.update(env)
    return AirflowHome(path=stack.airflow_home, env=env)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "env"
    stack = CeleryStack.from_settings(Settings())
    if command == "env":
        print(stack.shell_exports())
        return 0
    if command == "status":
        state = health(stack, min_workers=stack.workers)
        print(f"API server {stack.api_url}; Celery workers answering: {', '.join(state.workers) or 'none'}")
        for line in state.problems:
            print(f"  down: {line}")
        print("stack: up" if state.up else "stack: NOT up")
        return 0 if state.up else 1
    if command == "migrate":
        seconds = migrate(configure_process(stack))
        print("airflow db migrate: " + (f"{seconds:.1f} s" if seconds else "up to date"))
        return 0
    print(f"unknown command {command!r} (env, migrate, status)", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
