"""Downstream stages (document text → mentions → resolution → network ranking).

Scheduled on the `kinscope://graph/structured` Asset. Today each stage reports its backlog
from the graph — the statuses the loader sets (`text_status`, `extraction_status`,
`resolution_status`, `network_stale`) — and does no work it cannot do yet: the extraction,
linkage and ranking issues replace `*_stage` bodies with the real calls, keeping the task
boundaries (and the DAG) as they are. Every stage is idempotent by construction: it only
reads, or (later) processes what is still marked pending and clears the mark in the same
transaction as its writes.
"""

from __future__ import annotations

from typing import Any

from graph_model.cypher import cypher
from kinscope.logs import get_logger
from pipeline.config import PipelineSettings

log = get_logger(__name__)

STALE_SAMPLE = 50


def backlog(settings: PipelineSettings | None = None) -> dict[str, int]:
    """Counts of pending work per stage (one read query)."""
    from pipeline.neo4j_conn import graph

    settings = settings or PipelineSettings()
    with graph(settings) as target:
        records, _, _ = target.driver.execute_query(cypher("pipeline/backlog"), database_=target.database)
    return dict(records[0]) if records else {}


def stale_children(settings: PipelineSettings | None = None, limit: int = STALE_SAMPLE) -> list[str]:
    from pipeline.neo4j_conn import graph

    settings = settings or PipelineSettings()
    with graph(settings) as target:
        records, _, _ = target.driver.execute_query(
            cypher("pipeline/stale_children"), limit=limit, database_=target.database
        )
    return [r["child_id"] for r in records]


def _report(stage: str, counts: dict[str, Any], **fields: Any) -> dict[str, Any]:
    out = {"stage": stage, "implemented": False, **counts, **fields}
    log.info(f"pipeline.{stage}", **out)
    return out


def document_text_stage(settings: PipelineSettings | None = None) -> dict[str, Any]:
    b = backlog(settings)
    return _report("document_text", {k: b.get(k, 0) for k in ("documents", "documents_text_pending",
                                                               "documents_file_missing")})


def mention_extraction_stage(settings: PipelineSettings | None = None) -> dict[str, Any]:
    b = backlog(settings)
    return _report("mention_extraction", {k: b.get(k, 0) for k in (
        "notes", "notes_extraction_pending", "documents_text_pending")})


def entity_resolution_stage(settings: PipelineSettings | None = None) -> dict[str, Any]:
    b = backlog(settings)
    return _report("entity_resolution", {k: b.get(k, 0) for k in (
        "adult_records", "adult_records_resolution_pending")})


def network_ranking_stage(settings: PipelineSettings | None = None) -> dict[str, Any]:
    b = backlog(settings)
    return _report("network_ranking", {k: b.get(k, 0) for k in ("children", "children_network_stale")},
                   stale_children_sample=stale_children(settings))
