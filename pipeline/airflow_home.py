"""A project-local Airflow: AIRFLOW_HOME under Kinscope's state directory, SQLite metadata DB.

Airflow reads its configuration once, when `airflow` is first imported, so `configure()`
must run before that import: every module in this package imports Airflow lazily, inside
functions, and the `kinscope pipeline` commands call `configure()` first.

Everything is set as `AIRFLOW__…` environment variables with `setdefault`: a value the
operator exported wins (a council points `AIRFLOW__DATABASE__SQL_ALCHEMY_CONN` at Postgres
and `AIRFLOW__CORE__EXECUTOR` at Celery/Kubernetes; the DAGs do not change).
`airflow standalone` uses the same variables: `kinscope pipeline env` prints them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from kinscope.errors import KinscopeError
from kinscope.logs import get_logger
from kinscope.settings import REPO_ROOT, Settings, get_settings

log = get_logger(__name__)

DAGS_FOLDER = REPO_ROOT / "dags"
_MIGRATED_MARKER = ".kinscope-db-migrated"


@dataclass(frozen=True)
class AirflowHome:
    path: Path
    env: dict[str, str]

    @property
    def sqlite_db(self) -> Path:
        return self.path / "airflow.db"


def airflow_home_path(settings: Settings | None = None) -> Path:
    """`KINSCOPE_AIRFLOW_HOME` if set, else `<KINSCOPE_HOME>/airflow`."""
    explicit = os.environ.get("KINSCOPE_AIRFLOW_HOME")
    if explicit:
        return Path(explicit).resolve()
    return ((settings or get_settings()).home / "airflow").resolve()


def airflow_env(home: Path) -> dict[str, str]:
    """The Airflow configuration Kinscope uses for a local (demo/dev/test) Airflow."""
    return {
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS_FOLDER),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        # dag.test() runs tasks in-process and ignores the executor; `airflow standalone`
        # and a scheduler use LocalExecutor (Airflow 3 allows it on SQLite, one worker).
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
        "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "30",
        "AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT": "120",
        "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home / "logs"),
        # Kinscope sources never need Airflow's example connections or unit-test mode.
        "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
    }


def configure(home: Path | None = None, *, settings: Settings | None = None, force: bool = False) -> AirflowHome:
    """Point this process (and its children) at the Kinscope AIRFLOW_HOME.

    Must run before `airflow` is imported. `force=True` (tests) overwrites values already in
    the environment; otherwise an operator's own `AIRFLOW__…` settings win.
    """
    home = (home or airflow_home_path(settings)).resolve()
    if "airflow" in sys.modules and "airflow.configuration" in sys.modules:
        from airflow.configuration import AIRFLOW_HOME as loaded_home  # type: ignore[attr-defined]

        if Path(loaded_home).resolve() != home:
            raise KinscopeError(
                f"Airflow was already imported with AIRFLOW_HOME={loaded_home}; "
                f"configure Kinscope's Airflow home ({home}) before importing airflow"
            )
    home.mkdir(parents=True, exist_ok=True)
    env = airflow_env(home)
    for key, value in env.items():
        if force or key == "AIRFLOW_HOME":
            os.environ[key] = value
        else:
            os.environ.setdefault(key, value)
    applied = {k: os.environ[k] for k in env}
    return AirflowHome(path=home, env=applied)


def migrate(home: AirflowHome, *, force: bool = False) -> float | None:
    """Run `airflow db migrate` once for this home (idempotent); returns seconds, or None if skipped.

    Runs as a subprocess so the caller's process is not left with half-initialised Airflow
    state. A marker holding the Airflow version skips it on later calls; an Airflow upgrade
    (new version) migrates again, which is what `airflow db migrate` is for.
    """
    from importlib.metadata import version

    airflow_version = version("apache-airflow-core")
    marker = home.path / _MIGRATED_MARKER
    db_url = home.env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
    if not force and marker.is_file() and marker.read_text().strip() == f"{airflow_version} {db_url}":
        return None
    started = time.perf_counter()
    env = {**os.environ, **home.env}
    proc = subprocess.run(
        [sys.executable, "-m", "airflow", "db", "migrate"],
        env=env, capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise KinscopeError(f"`airflow db migrate` failed (exit {proc.returncode}):\n{tail}")
    seconds = time.perf_counter() - started
    marker.write_text(f"{airflow_version} {db_url}\n")
    log.info("airflow.db_migrated", airflow_home=str(home.path), seconds=round(seconds, 1))
    return seconds


def prepare(home: Path | None = None, *, settings: Settings | None = None, force: bool = False) -> AirflowHome:
    """`configure()` then `migrate()`: what every in-process Airflow entry point needs."""
    ah = configure(home, settings=settings, force=force)
    migrate(ah)
    return ah
