"""Kinscope ingest: export folders landing in the inbox → Neo4j → Asset `kinscope://graph/structured`.

Schedule: `@continuous` with one active run, whose first task is a sensor on the inbox
(reschedule mode: it holds no worker slot between pokes; `soft_fail`: an hour with no export
ends the run as *skipped*, and the next run starts waiting again). An export is noticed within
a poke interval of landing. Why not an asset watcher: Airflow 3's event-driven scheduling needs
an event trigger, and the only file trigger shipped (`FileDeleteTrigger`) deletes the file it
sees. Exports are loaded by a dynamically mapped task, one export per mapped instance, one at a
time and in order (an increment must never load before the export it builds on). The last task
updates the Asset only when something was loaded, so downstream DAGs run on real changes.
All logic is in `pipeline.ingest`.
"""

from __future__ import annotations

from airflow.sdk import Asset, Param, PokeReturnValue, dag, task

from pipeline.config import STRUCTURED_GRAPH_URI, PipelineSettings
from pipeline.dag_defaults import START_DATE, default_args

STRUCTURED_GRAPH = Asset(STRUCTURED_GRAPH_URI)
_settings = PipelineSettings()


@dag(
    dag_id="kinscope_ingest",
    schedule="@continuous",
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=default_args(_settings),
    tags=["kinscope", "ingest"],
    params={
        "wait_for_exports": Param(
            True, type="boolean",
            description="Wait (sensor) for an export to land; false: load what is there and finish.",
        )
    },
    doc_md=__doc__,
)
def kinscope_ingest():
    @task.sensor(
        poke_interval=_settings.inbox_poke_interval_s,
        timeout=_settings.inbox_wait_timeout_s,
        mode="reschedule",
        soft_fail=True,
    )
    def wait_for_exports(params=None) -> PokeReturnValue:
        from pipeline.ingest import discover

        found = discover()
        return PokeReturnValue(is_done=bool(found) or not params["wait_for_exports"], xcom_value=found)

    @task(max_active_tis_per_dagrun=1)
    def load_export(export: str, ordered: list[str], run_id=None) -> dict:
        from pipeline.ingest import load_one

        return load_one(export, ordered=list(ordered), airflow_run_id=run_id)

    @task(outlets=[STRUCTURED_GRAPH])
    def publish_structured_graph(results, outlet_events=None) -> dict:
        from pipeline.ingest import publish

        return publish(results, outlet_events[STRUCTURED_GRAPH])

    exports = wait_for_exports()
    publish_structured_graph(load_export.partial(ordered=exports).expand(export=exports))


kinscope_ingest()
