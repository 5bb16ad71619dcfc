"""Kinscope network: runs whenever `kinscope://graph/structured` is updated (a load changed the graph).

Stages, in order: document text → mention extraction → entity resolution (records → mentions per
child → across children) → network ranking. Document text, mention extraction and the per-child
resolution are dynamically mapped: a task lists the pending records (children) and splits them
into batches of `KINSCOPE_EXTRACTION_BATCH_SIZE` (at most
`KINSCOPE_EXTRACTION_MAX_BATCHES` batches; larger ones past that), and one mapped task
instance processes one batch, so the work spreads over the executor's workers.
Each task calls one function of `pipeline.network` (library code in extraction/, linkage/, ranking/).
Each processes only what is still marked pending or stale, so a retried batch or a re-run does
only what is left, and nothing twice. With nothing pending a mapped stage has no instances
(skipped); the tasks after it run anyway (`none_failed`).
"""

from __future__ import annotations

from airflow.sdk import Asset, dag, task

from pipeline.config import STRUCTURED_GRAPH_URI
from pipeline.dag_defaults import START_DATE, default_args

AFTER_MAPPED = "none_failed"  # an empty mapping is skipped; that is no reason to stop


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
    def document_text_batches() -> list[list[str]]:
        from pipeline.network import document_text_batches

        return document_text_batches()

    @task
    def document_text(ids: list[str]) -> dict:
        from pipeline.network import document_text_stage

        return document_text_stage(ids=list(ids))

    @task(trigger_rule=AFTER_MAPPED)
    def mention_extraction_batches() -> list[list[str]]:
        from pipeline.network import mention_extraction_batches

        return mention_extraction_batches()

    @task
    def mention_extraction(ids: list[str]) -> dict:
        from pipeline.network import mention_extraction_stage

        return mention_extraction_stage(ids=list(ids))

    @task(trigger_rule=AFTER_MAPPED)
    def entity_resolution() -> dict:
        from pipeline.network import entity_resolution_stage

        return entity_resolution_stage()

    @task
    def child_resolution_batches() -> list[list[str]]:
        from pipeline.network import child_resolution_batches

        return child_resolution_batches()

    @task
    def child_resolution(ids: list[str]) -> dict:
        from pipeline.network import child_resolution_stage

        return child_resolution_stage(ids=list(ids))

    @task(trigger_rule=AFTER_MAPPED)
    def cross_child_linking() -> dict:
        from pipeline.network import cross_child_stage

        return cross_child_stage()

    @task
    def network_ranking() -> dict:
        from pipeline.network import network_ranking_stage

        return network_ranking_stage()

    texts = document_text.expand(ids=document_text_batches())
    record_batches = mention_extraction_batches()
    texts >> record_batches
    children = child_resolution_batches()
    mention_extraction.expand(ids=record_batches) >> entity_resolution() >> children
    child_resolution.expand(ids=children) >> cross_child_linking() >> network_ranking()


kinscope_network()
