"""Whether an increment's record scope is exact, checked on a graph a full run left.

On such a graph every record has the person a full run gives it. Take any records as if they
had changed (without changing them): the scope an increment would link for them
(:func:`linkage.resolve_records.increment_scope`), linked with its context, must give every
record of the scope the person it already has. A scope that misses something the clustering or
the parents-of-siblings rule reads shows up as records whose person differs -- on a council's
own graph, without an increment or a second full run.
"""

from __future__ import annotations

import random

from neo4j import Driver

from linkage import resolve_records as rr
from linkage.record_statistics import plan_statistics
from linkage.resolution_base import run
from linkage.settings import RecordModelSettings


def check_scopes(driver: Driver, *, share: float = 0.01, rounds: int = 3, seed: int = 0, model=None,
                 settings: RecordModelSettings | None = None, database: str | None = None) -> list[dict]:
    """For ``rounds`` random sets of records (one on each of ``share`` of the children),
    :func:`check_scope`."""
    by_child: dict[str, list[str]] = {}
    for r in run(driver, "eval/record_persons_by_child", database):
        by_child.setdefault(r["child"], []).append(r["id"])
    rng = random.Random(seed)
    children = sorted(by_child)
    out = []
    for _ in range(rounds):
        picked = rng.sample(children, max(1, round(len(children) * share)))
        changed = sorted({rng.choice(by_child[c]) for c in picked}, key=rr._natural_key)
        out.append(check_scope(driver, changed, model=model, settings=settings, database=database))
    return out


def check_scope(driver: Driver, changed: list[str], *, model=None, settings: RecordModelSettings | None = None,
                database: str | None = None) -> dict:
    """The scope of these records taken as changed: its size, its context's, the closing rounds and
    the records whose person the scope's link gives otherwise than the graph has (``differ``;
    None for a person mixing scope and context)."""
    settings = settings or RecordModelSettings.for_council()
    model = rr._model(model, settings)
    stored = {r["id"]: r["person"] for r in run(driver, "eval/record_persons_by_child", database)}
    plan = plan_statistics(run(driver, "resolution/record_statistics", database)[0], rr.model_id(model),
                           total=len(stored), changed=0, refit=False)
    if plan.kept is None:
        raise ValueError("the graph keeps no record statistics for this linker: resolve it in full first")
    seeds = rr.read_records(driver, changed, database)
    keys = rr.block_keys(model, seeds, settings, plan.kept.placeholders)
    closure, _, _ = rr.increment_scope(driver, model, settings, plan.kept, seeds, keys, set(changed), database)
    kept = rr.linked_in_scope(driver, model, settings, plan.kept, closure, database)
    differ = None
    if kept is not None:
        got = {m.relationship_id: c.person_id for c in kept[0].clusters for m in c.members}
        differ = sorted((r for r in closure.records if got.get(r) != stored.get(r)), key=rr._natural_key)
    return {"changed": len(changed), "scope": len(closure.records), "context": len(closure.context),
            "records": len(stored), "rounds": closure.rounds, "closed": closure.closed, "differ": differ}
