"""Downstream stages (document text → mentions → resolution → network ranking).

Scheduled on the `kinscope://graph/structured` Asset. Each stage processes only what the
loader (or an earlier stage) marked pending — `text_status`, `extraction_status`,
`resolution_status`, `network_stale` — and clears the mark in the same transaction as its
writes, so a task killed part-way and run again finishes the work without duplicating it.
"""

from __future__ import annotations

from typing import Any

from graph_model.cypher import cypher
from kinscope.logs import get_logger
from pipeline.config import PipelineSettings

log = get_logger(__name__)


def backlog(settings: PipelineSettings | None = None) -> dict[str, int]:
    """Counts of pending work per stage (one read query)."""
    from pipeline.neo4j_conn import graph

    settings = settings or PipelineSettings()
    with graph(settings) as target:
        records, _, _ = target.driver.execute_query(cypher("pipeline/backlog"), database_=target.database)
    return dict(records[0]) if records else {}


def _report(stage: str, counts: dict[str, Any], **fields: Any) -> dict[str, Any]:
    out = {"stage": stage, **counts, **fields}
    log.info(f"pipeline.{stage}", **out)
    return out


def document_text_stage(settings: PipelineSettings | None = None) -> dict[str, Any]:
    """Read the text of every pending document (OCR for scans); failures are quarantined."""
    from extraction.stage_text import extract_document_texts
    from pipeline.neo4j_conn import graph

    settings = settings or PipelineSettings()
    with graph(settings) as target:
        result = extract_document_texts(target.driver, database=target.database)
    return _report("document_text", result)


def mention_extraction_stage(settings: PipelineSettings | None = None) -> dict[str, Any]:
    """Find mentions in every pending note and document (replacing a changed record's old ones)."""
    from extraction.pipeline import build_pipeline
    from extraction.stage_mentions import extract_record_mentions
    from pipeline.neo4j_conn import graph

    settings = settings or PipelineSettings()
    nlp = build_pipeline()
    with graph(settings) as target:
        result = extract_record_mentions(target.driver, nlp, database=target.database)
    return _report("mention_extraction", result)


def entity_resolution_stage(settings: PipelineSettings | None = None) -> dict[str, Any]:
    """Resolve records and mentions into people, addresses and places (all children)."""
    from linkage.stage_resolve import resolve_people
    from pipeline.neo4j_conn import graph

    settings = settings or PipelineSettings()
    with graph(settings) as target:
        result = resolve_people(target.driver, database=target.database)
    return _report("entity_resolution", result)


def network_ranking_stage(settings: PipelineSettings | None = None) -> dict[str, Any]:
    """Rebuild stale children's NETWORK edges, rank them with GDS, refresh MACE cohorts."""
    from graphdatascience import GraphDataScience

    from pipeline.neo4j_conn import graph
    from ranking.cohorts import analyse_cohorts
    from ranking.materialise import materialise_networks
    from ranking.rank import rank_networks

    settings = settings or PipelineSettings()
    with graph(settings) as target:
        # The client shares the hook's driver (closed by `graph`), so it is not closed here.
        gds = GraphDataScience(target.driver, arrow=False, database=target.database, show_progress=False)
        built = materialise_networks(target.driver, database=target.database)
        built.pop("child_ids", None)  # the count is enough for the task log
        ranked = rank_networks(target.driver, gds, database=target.database)
        cohorts = analyse_cohorts(target.driver, gds, database=target.database)
    return _report("network_ranking", {"materialised": built, "ranked": ranked, "cohorts": cohorts})
