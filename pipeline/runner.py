"""Run the pipeline DAGs in-process with `dag.test()` (the `kinscope pipeline run` command).

No scheduler, API server or executor: Airflow 3's `dag.test()` creates a DAG run in the local
metadata DB and runs each task in this process. It does not follow Asset schedules, so this
runner does what the scheduler would: when the ingest run updated
`kinscope://graph/structured`, it runs `kinscope_network` next.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kinscope.errors import KinscopeError
from kinscope.logs import get_logger
from pipeline import airflow_home
from pipeline.config import PipelineSettings

log = get_logger(__name__)

INGEST_DAG_ID = "kinscope_ingest"
NETWORK_DAG_ID = "kinscope_network"


def export_fingerprint(export_dir: Path) -> str:
    """Hash of every file's relative path and content: the same export, the same inbox folder."""
    h = hashlib.sha256()
    for path in sorted(p for p in export_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(export_dir).as_posix()
        if rel.startswith(".kinscope"):
            continue
        h.update(rel.encode() + b"\0")
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        h.update(b"\0")
    return h.hexdigest()


def place_in_inbox(export_dir: Path, inbox: Path) -> Path:
    """Copy an export into the inbox as `<name>-<fingerprint>`; atomic (copy under `.incoming-…`, rename).

    The same export placed twice maps to the same folder, whose marker makes the second
    pipeline run a no-op.
    """
    export_dir = export_dir.resolve()
    if not (export_dir / "manifest.json").is_file():
        raise KinscopeError(f"{export_dir} is not a source export: manifest.json is missing")
    inbox.mkdir(parents=True, exist_ok=True)
    target = inbox / f"{export_dir.name}-{export_fingerprint(export_dir)[:12]}"
    if target.exists():
        return target
    staging = inbox / f".incoming-{target.name}"
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(export_dir, staging, ignore=shutil.ignore_patterns(".kinscope-loaded*"))
    staging.rename(target)
    return target


def get_dag(dag_id: str):
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(airflow_home.DAGS_FOLDER))
    if bag.import_errors:
        raise KinscopeError(f"DAG import errors: {bag.import_errors}")
    dag = bag.get_dag(dag_id)
    if dag is None:
        raise KinscopeError(f"no DAG {dag_id!r} in {airflow_home.DAGS_FOLDER}")
    return dag


@dataclass
class DagRunResult:
    dag_id: str
    run_id: str
    state: str
    seconds: float
    tasks: dict[str, str] = field(default_factory=dict)  # task (with map index) -> state
    outputs: dict[str, Any] = field(default_factory=dict)  # task -> return value


def run_dag(dag_id: str, run_conf: dict[str, Any] | None = None) -> DagRunResult:
    """`dag.test()` one run; returns its state, each task's state and return value."""
    dag = get_dag(dag_id)
    started = time.perf_counter()
    dr = dag.test(run_conf=run_conf)
    return collect_result(dag_id, dr.run_id, str(dr.state), time.perf_counter() - started)


def collect_result(dag_id: str, run_id: str, state: str, seconds: float) -> DagRunResult:
    """A finished run's task states and return values, from the metadata DB (any executor)."""
    from airflow.models.dagrun import DagRun
    from airflow.models.xcom import XComModel
    from airflow.utils.session import create_session

    result = DagRunResult(dag_id, run_id, state, round(seconds, 2))
    with create_session() as session:
        dr = session.query(DagRun).filter(DagRun.dag_id == dag_id, DagRun.run_id == run_id).one()
        tis = sorted(dr.get_task_instances(session=session),
                     key=lambda t: (t.start_date is None, t.start_date or 0, t.map_index))
        for ti in tis:
            key = ti.task_id if ti.map_index < 0 else f"{ti.task_id}[{ti.map_index}]"
            result.tasks[key] = str(ti.state)
        rows = session.query(XComModel).filter(
            XComModel.dag_id == dag_id, XComModel.run_id == run_id, XComModel.key == "return_value"
        ).all()
        for row in rows:
            key = row.task_id if row.map_index < 0 else f"{row.task_id}[{row.map_index}]"
            result.outputs[key] = XComModel.deserialize_value(row)
    return result


@dataclass
class PipelineRun:
    airflow_home: str
    inbox_folder: str
    migrate_seconds: float | None
    connection: str
    runs: list[DagRunResult]
    seconds: float

    @property
    def ok(self) -> bool:
        return all(r.state == "success" for r in self.runs)


def run_pipeline(export_dir: Path, *, settings: PipelineSettings | None = None,
                 network: bool = True) -> PipelineRun:
    """Prepare Airflow, drop the export in the inbox, run ingest (then network if the graph changed)."""
    started = time.perf_counter()
    settings = settings or PipelineSettings()
    ah = airflow_home.configure(settings=settings)
    migrate_seconds = airflow_home.migrate(ah)
    from pipeline.neo4j_conn import ensure_connection

    source = ensure_connection(settings)
    folder = place_in_inbox(export_dir, settings.inbox_dir)
    runs = [run_dag(INGEST_DAG_ID, run_conf={"wait_for_exports": False})]
    published = runs[0].tasks.get("publish_structured_graph") == "success"
    if network and published:
        runs.append(run_dag(NETWORK_DAG_ID))
    return PipelineRun(str(ah.path), str(folder), migrate_seconds, source, runs,
                       round(time.perf_counter() - started, 2))
