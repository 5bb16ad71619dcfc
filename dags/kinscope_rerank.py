"""Kinscope daily re-ranking: every child's network ranked again as of today.

A member's weight decays with the time since they were last seen (half-life
`KINSCOPE_RANK_HALF_LIFE_DAYS`), so ranks go stale as days pass even when no export arrives.
The network DAG ranks only children whose network changed; this DAG re-ranks all of them once
a day (`KINSCOPE_RERANK_SCHEDULE`, default 03:00 UTC, after the nightly export). Edges are not
rebuilt. Idempotent: a second run on the same day writes the same ranks. Logic in
`pipeline.network.rerank_stage`.
"""

from __future__ import annotations

from airflow.sdk import dag, task

from pipeline.config import PipelineSettings
from pipeline.dag_defaults import START_DATE, default_args

_settings = PipelineSettings()


@dag(
    dag_id="kinscope_rerank",
    schedule=_settings.rerank_schedule,
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=default_args(_settings),
    tags=["kinscope", "ranking"],
    doc_md=__doc__,
)
def kinscope_rerank():
    @task
    def rerank_all_children() -> dict:
        from pipeline.network import rerank_stage

        return rerank_stage()

    rerank_all_children()


kinscope_rerank()
