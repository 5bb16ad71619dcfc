"""Rank each child's network with personalised PageRank (Graph Data Science).

**Why personalised PageRank from the child.** A member's importance to a child is how
likely a random walk that starts at the child, and keeps returning to it (teleport
probability ``1 − damping``), is to be with that member. Each step follows the child's ties
in proportion to their weight — role × recency × evidence (× confidence), see
:mod:`ranking.weights` — so a strong, recent, well-evidenced tie gets most of the walk. The
walk also crosses the ties *between* members: people living at the same address
(``LIVES_AT`` co-residence) and people named together in the same notes or documents
(co-mention). So a member embedded in the child's household or family cluster (mum's
partner at mum's address, nan who is always mentioned with mum) ranks above an isolated
member with the same direct weight, and a one-off mention or a professional who stands
apart from the family ranks low. This is what a practitioner means by "central to the
child's network"; plain edge weights cannot see it, and global centrality (degree,
ordinary PageRank) would rank a social worker with a caseload of thirty or a busy takeaway
above the child's mother.

**What is projected.** One GDS graph per batch of children, named
``kinscope_network_<run>_<batch>``, holding for each child a separate copy of its *ego
network*: the child, its NETWORK members (weighted child–member ties), the addresses its
members and the child live at when at least two of them share one (co-residence ties), and
co-mention ties between members. Copies are disjoint (integer node ids assigned here), so
one ``gds.page_rank.stream`` call with ``source_nodes`` = every child in the batch computes
every child's personalised PageRank exactly as if run alone: GDS's unnormalised
personalised PageRank gives each source ``1 − d`` of teleport, and mass never crosses
between disjoint components. A fixed number of iterations (tolerance 0) makes the result
independent of how children are batched — an increment ranks a child exactly as a full run
does. Relationships are undirected (a tie is mutual). Other children's networks are
deliberately left out: one child's rank must not change because a sibling's notes did;
connections between children are cohort analysis (:mod:`ranking.cohorts`).

**What is written back** on every NETWORK edge: ``rank`` (1 = most important in the
child's network; ties broken by weight, then most recent, then member key),
``rank_score`` (the member's share of the PageRank of all the child's members, 0–1, sums to
1 per child) and ``rank_components`` (JSON: role_weight, recency, evidence, confidence,
weight, pagerank, share, roles, category, last_seen, age_days, counts of notes, documents,
records, allocations) for :func:`ranking.explain.explain_rank`. Projections are always
dropped, even on error.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING, Any

import neo4j

from graph_model.cypher import cypher
from ranking.settings import RankingSettings
from ranking.weights import LN2, _as_date, edge_components, evidence_factor, recency_decay

if TYPE_CHECKING:
    from graphdatascience import GraphDataScience

log = logging.getLogger(__name__)


def _read(session: neo4j.Session, name: str, **params: Any) -> list[dict[str, Any]]:
    return session.execute_read(lambda tx: [r.data() for r in tx.run(cypher(name), **params)])


def _read_per_child(session: neo4j.Session, name: str, **params: Any) -> list[dict[str, Any]]:
    """Rows of a query that returns one row per child with its rows collected (``rows``)."""
    return [row for r in _read(session, name, **params) for row in r["rows"]]


def build_ego_graphs(edges: list[dict[str, Any]], residence: list[dict[str, Any]],
                     co_mentions: list[dict[str, Any]], settings: RankingSettings,
                     as_of: Any) -> tuple[list[dict[str, Any]], dict[str, int], dict[int, tuple[str, str]], dict[str, dict[str, Any]]]:
    """Disjoint weighted ego graphs for a batch of children. Pure.

    Returns ``(rels, sources, members, components)``: relationships ``{s, t, w}`` over integer
    node ids; each child's source node id; node id → ``(child_id, target elementId)`` for
    members; edge elementId → its weight components.
    """
    ids: dict[tuple[str, str], int] = {}

    def node(child_id: str, element_id: str) -> int:
        key = (child_id, element_id)
        if key not in ids:
            ids[key] = len(ids)
        return ids[key]

    rels: list[dict[str, Any]] = []
    sources: dict[str, int] = {}
    members: dict[int, tuple[str, str]] = {}
    components: dict[str, dict[str, Any]] = {}
    ego_nodes: dict[str, set[str]] = defaultdict(set)
    for e in sorted(edges, key=lambda e: (e["child_id"], e["target_key"], e["edge"])):
        cid = e["child_id"]
        src = sources.setdefault(cid, node(cid, e["child"]))
        ego_nodes[cid].add(e["child"])
        comp = edge_components(e, settings, as_of)
        components[e["edge"]] = comp
        t = node(cid, e["target"])
        members[t] = (cid, e["edge"])
        ego_nodes[cid].add(e["target"])
        if comp["weight"] > 0:
            rels.append({"s": src, "t": t, "w": comp["weight"]})

    # co-residence: an address shared by at least two of the ego network's people
    by_address: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in residence:
        if r["child_id"] in sources and r["resident"] in ego_nodes[r["child_id"]]:
            by_address[(r["child_id"], r["address"])].append(r)
    for (cid, address), rows in sorted(by_address.items()):
        if len({r["resident"] for r in rows}) < 2 and address not in ego_nodes[cid]:
            continue
        a = node(cid, address)
        for r in sorted(rows, key=lambda r: r["resident"]):
            last = _as_date(r.get("last_seen"))
            w = settings.co_residence_weight * recency_decay(
                last, as_of, settings.half_life_days, current=last is None)
            if w > 0:
                rels.append({"s": node(cid, r["resident"]), "t": a, "w": round(w, 9)})

    for m in sorted(co_mentions, key=lambda m: (m["child_id"], m["a"], m["b"])):
        cid = m["child_id"]
        if cid in sources and settings.co_mention_weight > 0:
            w = settings.co_mention_weight * evidence_factor(m["shared"], settings.evidence_log_scale)
            rels.append({"s": node(cid, m["a"]), "t": node(cid, m["b"]), "w": round(w, 9)})
    return rels, sources, members, components


def order_members(scored: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Members in rank order: PageRank, then weight, then most recently seen, then key."""
    def key(m: dict[str, Any]) -> tuple:
        last = m["components"].get("last_seen")
        recent = date.fromisoformat(last).toordinal() if last else 0
        return (-round(m["pagerank"], 10), -m["components"]["weight"], -recent, m["target_key"])
    return sorted(scored, key=key)


def _rank_batch(session: neo4j.Session, gds: GraphDataScience, child_ids: list[str],
                settings: RankingSettings, graph_name: str) -> dict[str, Any]:
    as_of = settings.as_of_date()
    edges = _read_per_child(session, "ranking/network_edges", child_ids=child_ids)
    if not edges:
        return {"children": 0, "edges": 0, "project_s": 0.0, "pagerank_s": 0.0, "write_s": 0.0}
    residence = _read_per_child(session, "ranking/residence_ties", child_ids=child_ids)
    co_mentions = _read_per_child(session, "ranking/co_mention_ties", child_ids=child_ids)
    rels, sources, members, components = build_ego_graphs(edges, residence, co_mentions, settings, as_of)
    by_edge = {e["edge"]: e for e in edges}

    t0 = time.perf_counter()
    try:
        G, _ = gds.graph.project.cypher(cypher("ranking/project_ego_networks"),
                                        graph_name=graph_name, rels=rels)
        t1 = time.perf_counter()
        scores = gds.page_rank.stream(
            G, source_nodes=sorted(sources.values()), relationship_weight_property="weight",
            damping_factor=settings.damping_factor, max_iterations=settings.max_iterations,
            tolerance=0.0, concurrency=settings.concurrency)
        t2 = time.perf_counter()
    finally:
        # always drop the projection, also when projecting or PageRank failed half-way
        gds.graph.drop(graph_name, fail_if_missing=False)
    score_of = {int(n): float(s) for n, s in zip(scores["nodeId"], scores["score"])}

    per_child: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node_id, (cid, edge_id) in members.items():
        per_child[cid].append({"edge": edge_id, "pagerank": score_of.get(node_id, 0.0),
                               "components": components[edge_id],
                               "target_key": by_edge[edge_id]["target_key"]})
    rows = []
    for cid, scored in per_child.items():
        total = sum(m["pagerank"] for m in scored) or 1.0
        for rank, m in enumerate(order_members(scored), start=1):
            share = m["pagerank"] / total
            comp = dict(m["components"], pagerank=round(m["pagerank"], 10), share=round(share, 10), rank=rank)
            rows.append({"edge": m["edge"], "rank": rank, "rank_score": round(share, 10),
                         "rank_components": json.dumps(comp, sort_keys=True)})
    session.execute_write(lambda tx: tx.run(cypher("ranking/write_ranks"), rows=rows,
                                            child_ids=sorted(per_child), as_of=as_of).consume())
    t3 = time.perf_counter()
    return {"children": len(per_child), "edges": len(rows), "project_s": t1 - t0,
            "pagerank_s": t2 - t1, "write_s": t3 - t2}


def rank_networks(driver: neo4j.Driver, gds: GraphDataScience, *, child_ids: list[str] | None = None,
                  settings: RankingSettings | None = None, all_children: bool = False,
                  database: str | None = None) -> dict[str, Any]:
    """Rank the members of each child's network (personalised PageRank, see module docstring).

    Args:
        driver: a connected driver (reads the network, writes the ranks).
        gds: a ``GraphDataScience`` client on the same database (``graph_model.connection.open_gds``).
        child_ids: children to rank; default those with an unranked NETWORK edge (all of
            them with ``all_children=True``, e.g. a daily refresh as recency moves on).
        settings: weights, half-life, ranking date, batch size; default from the environment.
        database: Neo4j database; default the driver's.

    Returns:
        ``{"children", "edges", "as_of", "seconds", "project_s", "pagerank_s", "write_s"}``.
    """
    settings = settings or RankingSettings()
    started = time.perf_counter()
    run_id = uuid.uuid4().hex[:12]
    totals = {"children": 0, "edges": 0, "project_s": 0.0, "pagerank_s": 0.0, "write_s": 0.0}
    with driver.session(database=database) as session:
        if child_ids is None:
            ids = [r["child_id"] for r in _read(session, "ranking/children_to_rank", all=all_children)]
        else:
            ids = sorted(set(child_ids))
        for n, start in enumerate(range(0, len(ids), settings.batch_size)):
            out = _rank_batch(session, gds, ids[start:start + settings.batch_size], settings,
                              f"kinscope_network_{run_id}_{n}")
            for k in totals:
                totals[k] += out[k]
    totals["seconds"] = time.perf_counter() - started
    totals["as_of"] = settings.as_of_date().isoformat()
    totals["half_life_days"] = settings.half_life_days
    log.info("ranked %d children (%d edges) in %.2fs", totals["children"], totals["edges"], totals["seconds"])
    return totals


__all__ = ["LN2", "build_ego_graphs", "order_members", "rank_networks"]
