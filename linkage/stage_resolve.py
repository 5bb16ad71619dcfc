"""Pipeline stage: records and mentions -> people, addresses, places and organisations.

``resolve_people(driver)`` runs the steps in order, one module each (statements in
``cypher/resolution/``), each working only on what changed since the last run:

a. records -- :mod:`linkage.resolve_records`: the records in scope (new/changed ones, their
   blocks, their persons) linked by dedupe, scored with the file-level statistics fitted last
   on every record (:mod:`linkage.record_statistics`); practitioner decisions from
   :mod:`linkage.practitioner_decisions`; grading from :mod:`linkage.grading`; the children
   whose linked persons changed are marked;
b. mentions, per child, in batches -- :mod:`linkage.mention_step` (pure logic in
   :mod:`linkage.resolve_mentions`, :mod:`linkage.mention_matching` and :mod:`linkage.places`),
   for the children :func:`linkage.mention_step.dirty_children` lists;
c. across children -- :mod:`linkage.cross_child_step` (pure logic in :mod:`linkage.cross_child`):
   the clusters connected by accepted pairs (each decided on its whole name blocks) to the
   clusters and records that changed.

The Airflow DAG runs the same three steps as tasks, step b mapped over batches of children
(``pipeline.network``). Re-running with the same graph writes nothing new (idempotent); an
increment gives the graph a full run of the final state gives. Persons that no record or
mention supports any more are deleted. No Airflow here.
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

from neo4j import Driver
from tqdm import tqdm

from kinscope.logs import get_logger
from linkage.council_model import model_for_run
from linkage.cross_child_step import link_children
from linkage.mention_step import dirty_children, resolve_child_batch
from linkage.resolution_base import BATCH, run, server_lost_clearly
from linkage.resolve_mentions import Decision, MentionCluster, build_contexts
from linkage.resolve_records import resolve_records

__all__ = ["BATCH", "Decision", "MentionCluster", "build_contexts", "resolve_people", "resolve_records"]
_run = run  # linkage.evaluate_network reads the graph through this name

CHILD_BATCH = 200
log = get_logger(__name__)


def child_batches(children: list[str], size: int = CHILD_BATCH) -> list[list[str]]:
    return [children[i:i + size] for i in range(0, len(children), size)]


def resolve_people(driver: Driver, *, model=None, children: list[str] | None = None,
                   database: str | None = None, progress: bool | None = None, full: bool = False,
                   refit_statistics: bool = False) -> dict:
    """Resolve what changed into people and places; return counts (``children_resolved``: the
    children whose mentions were resolved again; ``records.blocks_touched``: the record blocks
    the changed records are in).

    model: the record linker (a trained dedupe matcher, a settings path, or None for the
    cached one). children: resolve these children's mentions (as well as the changed ones).
    full: link every record and resolve every child again (with the record statistics kept
    from the last fit, as an increment does). refit_statistics: fit those again on every record.
    """
    started = time.perf_counter()
    with server_lost_clearly("adult records"):
        model, record_model = model_for_run(driver, model, database=database)  # the council's answers retrain it
        steps = {"model_s": round(time.perf_counter() - started, 2)}
        summary: dict[str, Any] = {"records": resolve_records(driver, model=model, database=database, full=full,
                                                              refit_statistics=refit_statistics),
                                   "record_model": record_model}
    steps["records_s"] = round(time.perf_counter() - started - sum(steps.values()), 2)
    with server_lost_clearly("mentions per child"):
        todo = set(dirty_children(driver, database, all_children=full)) | set(children or [])
        batches = child_batches(sorted(todo))
        methods: Counter = Counter()
        mentions = kept = 0
        for batch in tqdm(batches, desc="resolve mentions", unit=" batches",
                          disable=None if progress is None else not progress):
            done = resolve_child_batch(driver, batch, database)
            methods.update(done["links_by_method"])
            mentions += done["mentions"]
            kept += done.get("clusters_kept", 0)
    steps["children_s"] = round(time.perf_counter() - started - sum(steps.values()), 2)
    with server_lost_clearly("across children"):
        cross = link_children(driver, database, full=full)
    steps["cross_child_s"] = round(time.perf_counter() - started - sum(steps.values()), 2)
    summary.update({
        "children_resolved": len(todo), "child_batches": len(batches), "mentions": mentions,
        "clusters_kept": kept, "links_by_method": dict(methods), **cross, "step_seconds": steps,
        "seconds": round(time.perf_counter() - started, 2),
    })
    log.info("resolve.done", **{k: v for k, v in summary.items() if not isinstance(v, (dict, list))})
    return summary
