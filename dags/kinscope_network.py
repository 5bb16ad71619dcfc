"""Kinscope network: runs whenever `kinscope://graph/structured` is updated (a load changed the graph).

Stages, in order: document text → mention extraction → entity resolution → network ranking.
Each task calls one function of `pipeline.network` (library code in extraction/, linkage/, ranking/).
Each processes only what is marked pending or stale, so re-runs are cheap and idempotent.
"""

from __future__ import annotations

from airflow.sdk import Asset, dag, task

from pipeline.config import STRUCTURED_GRAPH_URI
from pipeline.dag_defaults import START_DATE, default_args


@dag(
    dag_id="kinscope_network",
    schedule=[Asset(STRUCTURED_GRAPH_URI)],
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=default_args(),
    tags=["kinscope", "network"],
    doc_md=__doc__,
)
def kinscope_network():
    @task
    def document_text() -> dict:
        from pipeline.network import document_text_stage

        return document_text_stage()

    @task
    def mention_extraction() -> dict:
        from pipeline.network import mention_extraction_stage

        return mention_extraction_stage()

    @task
    def entity_resolution() -> dict:
        from pipeline.network import entity_resolution_stage

        return entity_resolution_stage()

    @task
    def network_ranking() -> dict:
        from pipeline.network import network_ranking_stage

        return network_ranking_stage()

    document_text() >> mention_extraction() >> entity_resolution() >> network_ranking()


kinscope_network()
