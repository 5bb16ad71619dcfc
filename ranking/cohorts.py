"""Cohort analysis for MACE (multi-agency child exploitation) meetings.

Over one undirected GDS projection of children, the persons, addresses and places in their
networks, and where those people live (``ranking/project_cohort_graph``; professionals left
out by default — one social worker would join a whole caseload):

* **connected components** (``gds.wcc``): children linked by any chain of shared people or
  places form a cohort → ``cohort_id`` (``"cohort:<digest of its child ids>"``, opaque, stable
  while its children are) and ``cohort_size`` (children in the cohort) on every node in it;
* **communities** (``gds.louvain``, concurrency 1 so it is reproducible): the denser groups
  inside a cohort → ``community_id`` (``"community:<digest>"``) and
  ``community_size``;
* **connectors** (``gds.betweenness``, sampled with a fixed seed on big graphs):
  ``connector_score`` — the people and places that sit on the paths between children.

Components and communities without any child are not written. :func:`shared_connections`
lists persons and places in two or more children's networks; :func:`connection_paths`
gives the shortest chains of ties between two children. Projections are always dropped.
"""

from __future__ import annotations

import hashlib

import logging
import time
import uuid
from collections import defaultdict
from typing import TYPE_CHECKING, Any

import neo4j

from graph_model.cypher import cypher
from ranking.settings import RankingSettings

if TYPE_CHECKING:
    from graphdatascience import GraphDataScience

log = logging.getLogger(__name__)

_CHUNK = 10_000


def cohort_keys(groups: dict[int, int], child_of: dict[int, str], prefix: str) -> dict[int, tuple[str, int]]:
    """Group id → (``"<prefix>:<opaque id>"``, number of children) for groups with a child. Pure.

    The id is a digest of *all* the group's child ids, so it names no child (an id built from one
    child's id would tell anyone who sees the cohort that that child exists, restricted or not)
    and cannot be worked back from one guessed id; it is stable while the group's children are."""
    children: dict[int, list[str]] = defaultdict(list)
    for node_id, group in groups.items():
        if node_id in child_of:
            children[group].append(child_of[node_id])
    return {g: (f"{prefix}:{_digest(ids)}", len(ids)) for g, ids in children.items()}


def _digest(child_ids: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(child_ids)).encode("utf-8")).hexdigest()[:16]


def analyse_cohorts(driver: neo4j.Driver, gds: GraphDataScience, *, settings: RankingSettings | None = None,
                    database: str | None = None) -> dict[str, Any]:
    """Components, Louvain communities and connector scores over all children's networks.

    Returns:
        ``{"nodes", "relationships", "cohorts", "cohorts_with_several_children",
        "largest_cohort", "communities", "seconds"}``.
    """
    settings = settings or RankingSettings()
    started = time.perf_counter()
    graph_name = f"kinscope_cohorts_{uuid.uuid4().hex[:12]}"
    conc = settings.cohort_concurrency
    try:
        G, projected = gds.graph.project.cypher(
            cypher("ranking/project_cohort_graph"), graph_name=graph_name,
            include_professionals=settings.cohort_include_professionals)
        wcc = gds.wcc.stream(G, concurrency=conc)
        louvain = gds.louvain.stream(G, concurrency=conc)
        if settings.cohort_betweenness:
            sample = None if projected.node_count <= 5000 else 5000
            between = gds.betweenness.stream(G, concurrency=conc, sampling_size=sample,
                                             sampling_seed=42 if sample else None)
            connector = {int(n): float(s) for n, s in zip(between["nodeId"], between["score"])}
        else:
            connector = {}
        node_count, rel_count = projected.node_count, projected.relationship_count
    finally:
        gds.graph.drop(graph_name, fail_if_missing=False)

    component = {int(n): int(c) for n, c in zip(wcc["nodeId"], wcc["componentId"])}
    community = {int(n): int(c) for n, c in zip(louvain["nodeId"], louvain["communityId"])}
    node_ids = sorted(component)
    child_of: dict[int, str] = {}
    with driver.session(database=database) as session:
        for start in range(0, len(node_ids), _CHUNK):
            chunk = node_ids[start:start + _CHUNK]
            for r in session.execute_read(lambda tx, ids=chunk: list(tx.run(cypher("ranking/node_keys"), node_ids=ids))):
                if r["child_id"] is not None:
                    child_of[int(r["node_id"])] = r["child_id"]
        cohorts = cohort_keys(component, child_of, "cohort")
        communities = cohort_keys(community, child_of, "community")
        rows = []
        for node_id in node_ids:
            if component[node_id] not in cohorts:
                continue
            cohort_id, cohort_size = cohorts[component[node_id]]
            community_id, community_size = communities.get(community.get(node_id, -1), (None, None))
            rows.append({"node_id": node_id, "cohort_id": cohort_id, "cohort_size": cohort_size,
                         "community_id": community_id, "community_size": community_size,
                         "connector_score": round(connector[node_id], 6) if node_id in connector else None})
        session.execute_write(lambda tx: tx.run(cypher("ranking/clear_cohorts")).consume())
        for start in range(0, len(rows), _CHUNK):
            chunk = rows[start:start + _CHUNK]
            session.execute_write(lambda tx, rows=chunk: tx.run(cypher("ranking/write_cohorts"), rows=rows).consume())
    sizes = [size for _, size in cohorts.values()]
    out = {"nodes": node_count, "relationships": rel_count, "cohorts": len(cohorts),
           "cohorts_with_several_children": sum(1 for s in sizes if s > 1),
           "largest_cohort": max(sizes, default=0), "communities": len(communities),
           "seconds": time.perf_counter() - started}
    log.info("cohort analysis: %s", out)
    return out


def shared_connections(driver: neo4j.Driver, child_ids: list[str] | None, *, min_children: int = 2,
                       include_professionals: bool = False, database: str | None = None) -> list[dict[str, Any]]:
    """Persons, addresses and places in the networks of ``min_children`` or more of the children.

    Args:
        child_ids: the children to compare (``None``: all children).

    Returns:
        ``[{"target_key", "kind", "name", "children": [...], "links": [...]}, ...]``, most shared first.
    """
    records, _, _ = driver.execute_query(
        cypher("ranking/shared_connections"), child_ids=child_ids, min_children=min_children,
        include_professionals=include_professionals, database_=database, routing_="r")
    return [r.data() for r in records]


def connection_paths(driver: neo4j.Driver, a: str, b: str, max_hops: int = 4, *, include_professionals: bool = False,
                     limit: int = 25, database: str | None = None) -> list[dict[str, Any]]:
    """Shortest chains of ties between children ``a`` and ``b`` (at most ``max_hops``, ≤ 8).

    Returns:
        ``[{"hops", "nodes": [{kind, key, name}], "relationships": [{type, category, roles, rank}]}]``;
        empty when they are not connected within ``max_hops``.
    """
    if not 1 <= max_hops <= 8:
        raise ValueError(f"max_hops must be between 1 and 8, got {max_hops}")
    records, _, _ = driver.execute_query(
        cypher("ranking/connection_paths"), child_a=a, child_b=b, max_hops=max_hops,
        include_professionals=include_professionals, limit=limit, database_=database, routing_="r")
    return [r.data() for r in records]
