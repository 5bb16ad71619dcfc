"""Downstream stages (document text → mentions → resolution → network ranking).

Scheduled on the `kinscope://graph/structured` Asset. Each stage processes only what the
loader (or an earlier stage) marked pending — `text_status`, `extraction_status`,
`resolution_status`, `network_stale` — and clears the mark in the same transaction as its
writes, so a task killed part-way and run again finishes the work without duplicating it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
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


def split_batches(ids: list[str], batch_size: int, max_batches: int) -> list[list[str]]:
    """Consecutive batches of `batch_size` ids; fewer, larger batches when that would make more
    than `max_batches` (Airflow refuses to map more than `max_map_length`, 1024, instances)."""
    if not ids:
        return []
    size = max(batch_size, -(-len(ids) // max_batches))
    return [ids[i:i + size] for i in range(0, len(ids), size)]


def _pending_batches(stage: str, unit: str, list_pending: Callable[..., list[str]],
                     settings: PipelineSettings | None) -> list[list[str]]:
    """The ids a stage still has to process, in batches of `KINSCOPE_EXTRACTION_BATCH_SIZE`."""
    from pipeline.neo4j_conn import graph

    settings = settings or PipelineSettings()
    with graph(settings) as target:
        ids = list_pending(target.driver, database=target.database)
    batches = split_batches(ids, settings.extraction_batch_size, settings.extraction_max_batches)
    _report(stage, {unit: len(ids), "batches": len(batches)})
    return batches


def document_text_batches(settings: PipelineSettings | None = None) -> list[list[str]]:
    """Ids of the documents waiting for text."""
    from extraction.stage_text import pending_document_ids

    return _pending_batches("document_text_batches", "documents", pending_document_ids, settings)


def document_text_stage(settings: PipelineSettings | None = None,
                        ids: list[str] | None = None) -> dict[str, Any]:
    """Read the text of pending documents (OCR for scans); failures are quarantined.

    ids: one batch (a mapped task); None: every pending document."""
    from extraction.stage_text import extract_document_texts
    from pipeline.neo4j_conn import graph

    settings = settings or PipelineSettings()
    with graph(settings) as target:
        result = extract_document_texts(target.driver, database=target.database, ids=ids, progress=False)
    return _report("document_text", result, batch=len(ids) if ids is not None else None)


def mention_extraction_batches(settings: PipelineSettings | None = None) -> list[list[str]]:
    """Keys (`note:<id>` / `doc:<id>`) of the records waiting for mention extraction."""
    from extraction.stage_mentions import pending_record_keys

    return _pending_batches("mention_extraction_batches", "records", pending_record_keys, settings)


def _mention_pipeline():
    """The spaCy pipeline, loaded once per worker process and model (mapped tasks may share a
    process); a changed KINSCOPE_NER_MODEL loads the other model."""
    from extraction.pipeline import default_model_dir

    return _pipeline_for(str(default_model_dir()))


@lru_cache(maxsize=2)
def _pipeline_for(model_dir: str):
    """The pipeline with the trained model at ``model_dir``. A missing model is an error, never a
    silent rules-only run (rules alone find far fewer people: see README, quality on unseen text)."""
    from extraction.pipeline import build_pipeline, is_model

    path = Path(model_dir)
    if not is_model(path):
        raise FileNotFoundError(
            f"no trained NER model at {path}: train one with `kinscope train-ner` (a few minutes; "
            "`make demo` does it the first time) or point KINSCOPE_NER_MODEL at a trained model folder")
    return build_pipeline(path)


def model_version(nlp) -> str:
    """``lang_name-version`` of the statistical model a pipeline uses (from its meta.json), with a
    digest of that meta (its training scores differ per training run, so two models trained from
    the same config are told apart)."""
    import hashlib
    import json

    meta = getattr(nlp, "meta", {}) or {}
    digest = hashlib.sha256(json.dumps(meta, sort_keys=True, default=str).encode()).hexdigest()[:10]
    return f"{meta.get('lang', 'en')}_{meta.get('name', 'unknown')}-{meta.get('version', '0.0.0')}+{digest}"


def mention_extraction_stage(settings: PipelineSettings | None = None,
                             ids: list[str] | None = None) -> dict[str, Any]:
    """Find mentions in pending notes and documents (replacing a changed record's old ones).

    ids: one batch of record keys (a mapped task); None: every pending record."""
    from extraction.stage_mentions import extract_record_mentions
    from pipeline.neo4j_conn import graph

    settings = settings or PipelineSettings()
    nlp = _mention_pipeline()
    with graph(settings) as target:
        result = extract_record_mentions(target.driver, nlp, database=target.database, ids=ids,
                                         progress=False)
    return _report("mention_extraction", result, batch=len(ids) if ids is not None else None,
                   model=model_version(nlp))


def entity_resolution_stage(settings: PipelineSettings | None = None) -> dict[str, Any]:
    """Resolution, step a: link the new and changed adult records (and their blocks) into
    persons; mark the children whose linked persons changed."""
    from linkage.council_model import model_for_run
    from linkage.resolution_base import server_lost_clearly
    from linkage.resolve_records import resolve_records
    from pipeline.neo4j_conn import graph

    settings = settings or PipelineSettings()
    with graph(settings) as target, server_lost_clearly("adult records"):
        model, record_model = model_for_run(target.driver, None, database=target.database)
        result = resolve_records(target.driver, model=model, database=target.database)
    return _report("entity_resolution", result, record_model=record_model)


def child_resolution_batches(settings: PipelineSettings | None = None) -> list[list[str]]:
    """Ids of the children whose mentions must be resolved again, in batches (the extraction
    batch size and cap)."""
    from linkage.mention_step import dirty_children

    return _pending_batches("child_resolution_batches", "children", dirty_children, settings)


def child_resolution_stage(settings: PipelineSettings | None = None,
                           ids: list[str] | None = None) -> dict[str, Any]:
    """Resolution, step b: resolve one batch of children's mentions (a mapped task); None: every
    child that needs it."""
    from linkage.mention_step import dirty_children, resolve_child_batch
    from linkage.resolution_base import server_lost_clearly
    from pipeline.neo4j_conn import graph

    settings = settings or PipelineSettings()
    with graph(settings) as target, server_lost_clearly("mentions per child"):
        if ids is None:
            ids = dirty_children(target.driver, target.database)
        result = resolve_child_batch(target.driver, list(ids), database=target.database)
    return _report("child_resolution", result, batch=len(ids))


def cross_child_stage(settings: PipelineSettings | None = None) -> dict[str, Any]:
    """Resolution, step c: link mention-only persons across children; point the mentions whose
    person changed at it; remove persons nothing supports."""
    from linkage.cross_child_step import link_children
    from linkage.resolution_base import server_lost_clearly
    from pipeline.neo4j_conn import graph

    settings = settings or PipelineSettings()
    with graph(settings) as target, server_lost_clearly("across children"):
        result = link_children(target.driver, database=target.database)
    return _report("cross_child_linking", result)


def network_ranking_stage(settings: PipelineSettings | None = None) -> dict[str, Any]:
    """Rebuild stale children's NETWORK edges, rank them with GDS, refresh MACE cohorts."""
    from graphdatascience import GraphDataScience

    from pipeline.neo4j_conn import graph
    from ranking.cohorts import analyse_cohorts
    from ranking.materialise import mark_changed_networks, materialise_networks
    from ranking.rank import rank_networks

    settings = settings or PipelineSettings()
    with graph(settings) as target:
        # The client shares the hook's driver (closed by `graph`), so it is not closed here.
        gds = GraphDataScience(target.driver, arrow=False, database=target.database, show_progress=False)
        # children whose network changed through other children's data (shared persons,
        # re-resolved mentions, deletions): stale too, not only those the loader marked
        changed = mark_changed_networks(target.driver, database=target.database)
        changed.pop("child_ids", None)
        built = materialise_networks(target.driver, database=target.database)
        built.pop("child_ids", None)  # the count is enough for the task log
        ranked = rank_networks(target.driver, gds, database=target.database)
        cohorts = analyse_cohorts(target.driver, gds, database=target.database)
    return _report("network_ranking", {"inputs_changed": changed, "materialised": built, "ranked": ranked,
                                       "cohorts": cohorts})


def rerank_stage(settings: PipelineSettings | None = None) -> dict[str, Any]:
    """Re-rank every child's network as of today (the daily DAG): recency moves on every day.

    Ranks only (NETWORK edges are not rebuilt: they do not depend on the date). Idempotent: a
    re-run on the same day writes the same ranks. `KINSCOPE_RANK_AS_OF` pins the date.
    """
    from graphdatascience import GraphDataScience

    from pipeline.neo4j_conn import graph
    from ranking.rank import rank_networks

    settings = settings or PipelineSettings()
    with graph(settings) as target:
        gds = GraphDataScience(target.driver, arrow=False, database=target.database, show_progress=False)
        ranked = rank_networks(target.driver, gds, database=target.database, all_children=True)
    return _report("rerank", {"ranked": ranked})
