"""Run the pipeline through the Celery deployment (`kinscope pipeline run --executor celery`).

The same DAGs as the in-process runner, run by the scheduler and the Celery workers that
`scripts/celery_stack.sh` started: this process only drops the export into the workers' inbox,
triggers `kinscope_ingest`, follows the run that picked the export up, then the
`kinscope_network` run the scheduler starts from the Asset event of that run, and reads their
results from the metadata DB (Postgres).

Ingest is `@continuous` and both DAGs are paused when first parsed (the deployment does not
start work by itself). The first call triggers one ingest run that loads what is in the inbox
and does not wait, then unpauses both DAGs; from then on the scheduler keeps an ingest run
sensing the inbox, so a later export is picked up by that run within a poke interval
(`KINSCOPE_INBOX_POKE_INTERVAL_S`) and no run is triggered.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from kinscope.errors import KinscopeError
from kinscope.logs import get_logger
from pipeline.celery_stack import STACK_FILE, CeleryStack, configure_process, health
from pipeline.config import PipelineSettings
from pipeline.ingest import is_done
from pipeline.runner import INGEST_DAG_ID, NETWORK_DAG_ID, DagRunResult, PipelineRun, collect_result, place_in_inbox

log = get_logger(__name__)

Progress = Callable[[str], None]
FINISHED = ("success", "failed")
POLL_S = 2.0


def not_up_error(stack: CeleryStack, problems: list[str]) -> KinscopeError:
    return KinscopeError(
        "the Celery deployment is not up (" + "; ".join(problems) + "). Start it with "
        f"`scripts/celery_stack.sh start` (state {stack.home}; ports from KINSCOPE_CELERY_*)."
    )


def stack_record(stack: CeleryStack) -> dict:
    """What the running workers were started with (inbox, Neo4j), written by the script."""
    path = stack.home / STACK_FILE
    if not path.is_file():
        raise not_up_error(stack, [f"{path} is missing"])
    return json.loads(path.read_text())


def _wait(what: str, deadline: float, progress: Progress, probe: Callable[[], object]):
    """Call `probe` every POLL_S until it returns something truthy; KinscopeError past the deadline."""
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() > deadline:
            raise KinscopeError(f"timed out waiting for {what}")
        time.sleep(POLL_S)


def _task_summary(session, dag_id: str, run_id: str) -> str:
    from airflow.models.taskinstance import TaskInstance

    states = Counter(str(s or "none") for (s,) in session.query(TaskInstance.state).filter(
        TaskInstance.dag_id == dag_id, TaskInstance.run_id == run_id))
    return ", ".join(f"{n} {s}" for s, n in sorted(states.items())) or "no tasks yet"


def _follow(dag_id: str, run_id: str, deadline: float, progress: Progress) -> DagRunResult:
    """Wait for one run to finish, reporting its task states when they change."""
    from airflow.models.dagrun import DagRun
    from airflow.utils.session import create_session

    started = time.perf_counter()
    last = ""
    while True:
        with create_session() as session:
            dr = session.query(DagRun).filter(DagRun.dag_id == dag_id, DagRun.run_id == run_id).one()
            state, summary = str(dr.state), _task_summary(session, dag_id, run_id)
        line = f"{dag_id} {run_id}: {state} ({summary})"
        if line != last:
            progress(line)
            last = line
        if state in FINISHED:
            return collect_result(dag_id, run_id, state, time.perf_counter() - started)
        if time.monotonic() > deadline:
            raise KinscopeError(f"timed out waiting for {dag_id} {run_id} ({summary})")
        time.sleep(POLL_S)


def _ingest_run_that_found(folder: Path) -> str | None:
    """The ingest run whose inbox sensor returned this folder, if any has yet."""
    from airflow.models.xcom import XComModel
    from airflow.utils.session import create_session

    with create_session() as session:
        rows = session.query(XComModel).filter(
            XComModel.dag_id == INGEST_DAG_ID, XComModel.task_id == "wait_for_exports",
            XComModel.key == "return_value").order_by(XComModel.timestamp.desc()).limit(20).all()
        for row in rows:
            if str(folder) in (XComModel.deserialize_value(row) or []):
                return row.run_id
    return None


def _network_run_after(ingest_run_id: str) -> str | None:
    """The network run the scheduler started from the Asset event of this ingest run."""
    from airflow.models.asset import AssetEvent
    from airflow.models.dagrun import DagRun
    from airflow.utils.session import create_session

    with create_session() as session:
        dr = session.query(DagRun).filter(
            DagRun.dag_id == NETWORK_DAG_ID,
            DagRun.consumed_asset_events.any(AssetEvent.source_run_id == ingest_run_id),
        ).first()
        return dr.run_id if dr else None


def _dags_parsed() -> bool:
    from airflow.models.dag import DagModel
    from airflow.utils.session import create_session

    with create_session() as session:
        found = {d for (d,) in session.query(DagModel.dag_id).filter(
            DagModel.dag_id.in_([INGEST_DAG_ID, NETWORK_DAG_ID]), DagModel.is_stale.is_(False))}
    return found == {INGEST_DAG_ID, NETWORK_DAG_ID}


def _start_ingest(progress: Progress) -> None:
    """Trigger one non-waiting ingest run when none is active; unpause both DAGs."""
    from airflow.api.common.trigger_dag import trigger_dag
    from airflow.models.dag import DagModel
    from airflow.models.dagrun import DagRun
    from airflow.utils.session import create_session
    from airflow.utils.state import DagRunState
    from airflow.utils.types import DagRunTriggeredByType

    with create_session() as session:
        active = session.query(DagRun.run_id).filter(
            DagRun.dag_id == INGEST_DAG_ID,
            DagRun.state.in_([DagRunState.QUEUED, DagRunState.RUNNING])).first()
        if active is None:
            dr = trigger_dag(INGEST_DAG_ID, triggered_by=DagRunTriggeredByType.CLI,
                             conf={"wait_for_exports": False}, session=session)
            progress(f"{INGEST_DAG_ID}: triggered {dr.run_id if dr else '?'}")
        else:
            progress(f"{INGEST_DAG_ID}: run {active[0]} is active; it picks the export up")
        for dag_id in (NETWORK_DAG_ID, INGEST_DAG_ID):
            model = session.query(DagModel).filter(DagModel.dag_id == dag_id).one()
            if model.is_paused:
                model.is_paused = False
                progress(f"{dag_id}: unpaused")


def run_pipeline_celery(export_dir: Path, *, settings: PipelineSettings | None = None,
                        network: bool = True, progress: Progress | None = None) -> PipelineRun:
    """Drop the export into the workers' inbox and follow it through ingest (then network)."""
    started = time.perf_counter()
    settings = settings or PipelineSettings()
    progress = progress or (lambda line: log.info("celery.progress", line=line))
    stack = CeleryStack.from_settings(settings)
    state = health(stack)
    if not state.up:
        raise not_up_error(stack, state.problems)
    record = stack_record(stack)
    ah = configure_process(stack)
    progress(f"Celery deployment up: {len(state.workers)} worker(s) ({', '.join(state.workers)})")
    folder = place_in_inbox(export_dir, Path(record["inbox"]))
    connection = f"the workers' settings ({record['neo4j_uri']})"
    if is_done(folder):
        progress(f"{folder.name} was loaded before: nothing to run")
        return PipelineRun(str(ah.path), str(folder), None, connection, [], 0.0)

    deadline = time.monotonic() + settings.celery_run_timeout_s
    _wait("the dag-processor to parse the DAGs", time.monotonic() + settings.celery_start_timeout_s,
          progress, _dags_parsed)
    _start_ingest(progress)
    ingest_run = _wait(f"an ingest run to pick up {folder.name}", deadline, progress,
                       lambda: _ingest_run_that_found(folder))
    runs = [_follow(INGEST_DAG_ID, ingest_run, deadline, progress)]
    published = runs[0].tasks.get("publish_structured_graph") == "success"
    if network and published and runs[0].state == "success":
        network_run = _wait(f"the {NETWORK_DAG_ID} run after {ingest_run}", deadline, progress,
                            lambda: _network_run_after(ingest_run))
        runs.append(_follow(NETWORK_DAG_ID, network_run, deadline, progress))
    return PipelineRun(str(ah.path), str(folder), None, connection, runs,
                       round(time.perf_counter() - started, 2))
