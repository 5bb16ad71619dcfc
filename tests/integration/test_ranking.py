"""Network materialisation, personalised-PageRank ranking and cohort analysis on real Neo4j + GDS.

The graph is built here in the agreed shape (graph_model/README.md, "Derived data"), so these
tests do not depend on the extraction and linkage stages.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from ranking import (
    RankingSettings,
    analyse_cohorts,
    connection_paths,
    explain_rank,
    materialise_networks,
    rank_networks,
    shared_connections,
)

pytestmark = pytest.mark.integration

AS_OF = date(2024, 6, 30)
LAST_WEEK = AS_OF - timedelta(days=7)

SETUP = """
CREATE (k:Person:Child {child_id: 'C-1', person_id: 'child:C-1', given_name: 'Kayden', family_name: 'Marsh',
                        display_name: 'Kayden Marsh', network_stale: true})
CREATE (e:Person:Child {child_id: 'C-2', person_id: 'child:C-2', given_name: 'Ellie', family_name: 'Marsh',
                        display_name: 'Ellie Marsh', network_stale: true})
CREATE (z:Person:Child {child_id: 'C-3', person_id: 'child:C-3', given_name: 'Zac', family_name: 'Other',
                        display_name: 'Zac Other', network_stale: true})
CREATE (mum:Person {person_id: 'P-mum', display_name: 'Danielle Marsh', roles: ['mother']})
CREATE (nan:Person {person_id: 'P-nan', display_name: 'Pat Marsh'})
CREATE (once:Person {person_id: 'P-once', display_name: 'Gary'})
CREATE (reece:Person {person_id: 'P-reece', display_name: 'Reece'})
CREATE (sw:Person:Worker {worker_id: 'W-77', person_id: 'worker:W-77', display_name: 'Priya Shah'})
CREATE (park:Place {place_key: 'peasholm park', name: 'Peasholm Park', kind: 'park'})
CREATE (home:Address {address_key: 'YO12 5AB 14 filey road', postcode: 'YO12 5AB', line: '14 Filey Road'})
CREATE (k)-[:LIVES_AT {first_seen: date('2020-01-01')}]->(home)
CREATE (mum)-[:LIVES_AT {first_seen: date('2019-01-01')}]->(home)
CREATE (r1:SourceRecord:AdultRecord {record_key: 'significant_adults:R-1', relationship_id: 'R-1', child_id: 'C-1',
        relationship: 'Mother', start_date: date('2023-03-02'), updated_at: datetime('2023-03-02T10:00:00Z')})
CREATE (r1)-[:RECORDED_FOR]->(k)
CREATE (r1)-[:RESOLVED_TO {confidence: 0.98, method: 'dedupe', decided_by: 'kinscope'}]->(mum)
CREATE (r4:SourceRecord:AdultRecord {record_key: 'significant_adults:R-4', relationship_id: 'R-4', child_id: 'C-2',
        relationship: 'Maternal Grandmother', updated_at: datetime('2023-05-11T14:00:00Z')})
CREATE (r4)-[:RECORDED_FOR]->(e)
CREATE (r4)-[:RESOLVED_TO {confidence: 0.9, method: 'dedupe', decided_by: 'kinscope'}]->(nan)
CREATE (a1:SourceRecord:AllocationRecord {record_key: 'worker_allocations:A-1', allocation_id: 'A-1', child_id: 'C-1',
        role: 'Social Worker', team: 'Scarborough Safeguarding', start_date: date('2023-03-02'),
        updated_at: datetime('2023-03-02T10:00:00Z')})
CREATE (a1)-[:ALLOCATION_FOR]->(k)
CREATE (a1)-[:RESOLVED_TO {confidence: 1.0, method: 'staff_id', decided_by: 'loader'}]->(sw)
CREATE (a2:SourceRecord:AllocationRecord {record_key: 'worker_allocations:A-2', allocation_id: 'A-2', child_id: 'C-3',
        role: 'Social Worker', start_date: date('2023-03-02'), updated_at: datetime('2023-03-02T10:00:00Z')})
CREATE (a2)-[:ALLOCATION_FOR]->(z)
CREATE (a2)-[:RESOLVED_TO {confidence: 1.0, method: 'staff_id', decided_by: 'loader'}]->(sw)
CREATE (:PractitionerDecision {kind: 'risk_flag', target_id: 'P-reece', reason: 'exploitation concern',
        decided_by: 'u1', decided_at: datetime('2024-05-01T09:00:00Z')})
WITH k, e, mum, once, reece, park, sw
// twenty recent notes about Kayden naming mum, the latest last week
UNWIND range(0, 19) AS i
CREATE (n:CaseNote {note_id: 'N-' + i, child_id: 'C-1', event_date: $last_week - duration({days: i * 3})})
CREATE (n)-[:ABOUT]->(k)
CREATE (m:Mention {mention_id: 'note:N-' + i + ':0-3', label: 'ROLE', text: 'mum', role: 'mother',
                   child_id: 'C-1', record_date: n.event_date, confidence: 0.9})
CREATE (m)-[:IN]->(n)
CREATE (m)-[:REFERS_TO {confidence: 0.95, method: 'role'}]->(mum)
WITH DISTINCT k, e, once, reece, park, sw
// a one-off mention three years ago
CREATE (old:CaseNote {note_id: 'N-old', child_id: 'C-1', event_date: date('2021-06-30')})
CREATE (old)-[:ABOUT]->(k)
CREATE (mo:Mention {mention_id: 'note:N-old:10-14', label: 'PERSON', text: 'Gary', child_id: 'C-1',
                    record_date: date('2021-06-30'), confidence: 0.8})
CREATE (mo)-[:IN]->(old)
CREATE (mo)-[:REFERS_TO {confidence: 0.9, method: 'cluster'}]->(once)
// Reece and the park appear in both children's notes
CREATE (n1:CaseNote {note_id: 'N-k-reece', child_id: 'C-1', event_date: date('2024-05-01')})
CREATE (n1)-[:ABOUT]->(k)
CREATE (n2:CaseNote {note_id: 'N-e-reece', child_id: 'C-2', event_date: date('2024-05-20')})
CREATE (n2)-[:ABOUT]->(e)
CREATE (d:Document {document_id: 'D-1', child_id: 'C-2', document_date: date('2024-04-01')})
CREATE (d)-[:ABOUT]->(e)
WITH *
UNWIND [[n1, 'C-1'], [n2, 'C-2'], [d, 'C-2']] AS pair
WITH pair[0] AS rec, pair[1] AS cid, reece, park
CREATE (mr:Mention {mention_id: 'rec:' + coalesce(rec.note_id, rec.document_id) + ':1', label: 'PERSON', text: 'Reece',
                    role: 'older associate', child_id: cid, confidence: 0.85})
CREATE (mr)-[:IN]->(rec)
CREATE (mr)-[:REFERS_TO {confidence: 0.9, method: 'cluster'}]->(reece)
CREATE (mp:Mention {mention_id: 'rec:' + coalesce(rec.note_id, rec.document_id) + ':2', label: 'PLACE',
                    text: 'the park', child_id: cid, confidence: 0.8})
CREATE (mp)-[:IN]->(rec)
CREATE (mp)-[:REFERS_TO {confidence: 0.8, method: 'gazetteer'}]->(park)
"""


@pytest.fixture
def network_graph(clean_graph):
    clean_graph.execute_query(SETUP, last_week=LAST_WEEK)
    return clean_graph


@pytest.fixture
def rank_settings():
    return RankingSettings(as_of=AS_OF)


def _network(driver, child_id):
    records, _, _ = driver.execute_query(
        "MATCH (:Child {child_id: $cid})-[n:NETWORK]->(t) "
        "RETURN coalesce(t.person_id, t.place_key, t.address_key) AS key, properties(n) AS props "
        "ORDER BY key", cid=child_id)
    return {r["key"]: r["props"] for r in records}


def _kinscope_graphs(gds):
    return [g.graph_name for g in gds.graph.list() if g.graph_name.startswith("kinscope_")]


def test_materialise_builds_edges_from_every_source(network_graph, rank_settings):
    out = materialise_networks(network_graph, settings=rank_settings)
    assert out["children"] == 3 and out["edges_created"] > 0
    net = _network(network_graph, "C-1")
    assert set(net) == {"P-mum", "P-once", "P-reece", "worker:W-77", "peasholm park", "YO12 5AB 14 filey road"}
    mum = net["P-mum"]
    # a mother who lives at the child's address is family (the contract's truth): household is
    # for the others who live there
    assert mum["category"] == "family"
    assert mum["roles"][0] == "mother" and "lives with the child" in mum["roles"]
    assert mum["evidence_count"] == 21 and mum["note_count"] == 20 and mum["record_count"] == 1
    assert mum["last_seen"].to_native() == LAST_WEEK and mum["first_seen"].to_native() == date(2019, 1, 1)
    assert mum["sources"] == ["address", "mention", "record"]
    sw = net["worker:W-77"]
    assert sw["category"] == "professional" and sw["roles"] == ["social worker"] and sw["current"] is True
    assert net["P-once"]["roles"] == ["mentioned"] and net["P-once"]["evidence_count"] == 1
    assert net["P-reece"]["category"] == "associate_or_risk"
    assert net["peasholm park"]["category"] == "place"
    stale, _, _ = network_graph.execute_query("MATCH (c:Child) WHERE c.network_stale RETURN count(c) AS n")
    assert stale[0]["n"] == 0
    # nothing is stale any more: a second call without ids does nothing
    assert materialise_networks(network_graph, settings=rank_settings)["children"] == 0


def test_materialise_is_idempotent_and_leaves_practitioner_input(network_graph, rank_settings):
    materialise_networks(network_graph, settings=rank_settings)
    before = {c: _network(network_graph, c) for c in ("C-1", "C-2", "C-3")}
    out = materialise_networks(network_graph, child_ids=["C-1", "C-2", "C-3"], settings=rank_settings)
    assert out["edges_deleted"] == out["edges_created"]
    assert {c: _network(network_graph, c) for c in ("C-1", "C-2", "C-3")} == before
    decisions, _, _ = network_graph.execute_query(
        "MATCH (d:PractitionerDecision) RETURN d.kind AS kind, d.target_id AS target, count{ (d)--() } AS rels")
    assert [(r["kind"], r["target"], r["rels"]) for r in decisions] == [("risk_flag", "P-reece", 0)]


def test_rank_orders_mum_first_and_stores_components(network_graph, gds, rank_settings):
    materialise_networks(network_graph, settings=rank_settings)
    out = rank_networks(network_graph, gds, settings=rank_settings)
    assert out["children"] == 3 and out["as_of"] == "2024-06-30"
    net = _network(network_graph, "C-1")
    ranks = {k: p["rank"] for k, p in net.items()}
    assert ranks["P-mum"] == 1
    assert ranks["P-mum"] < ranks["P-once"] and ranks["P-mum"] < ranks["worker:W-77"]
    assert ranks["worker:W-77"] < ranks["P-once"]  # a current professional above a 3-year-old one-off mention
    for cid in ("C-1", "C-2", "C-3"):
        got = sorted(p["rank"] for p in _network(network_graph, cid).values())
        assert got == list(range(1, len(got) + 1))
    assert sum(p["rank_score"] for p in net.values()) == pytest.approx(1.0)
    comp = json.loads(net["P-mum"]["rank_components"])
    for key in ("role_weight", "recency", "evidence", "pagerank", "weight", "share", "notes"):
        assert key in comp
    assert comp["role_weight"] == 1.0 and comp["recency"] == 1.0 and comp["notes"] == 20
    once = json.loads(net["P-once"]["rank_components"])
    assert once["recency"] == pytest.approx(0.5 ** (1096 / 365), rel=1e-3)
    assert explain_rank(comp).startswith("Ranked 1st: mother / lives with the child (family), current relationship")
    assert "in 20 notes and 1 record" in explain_rank(comp)
    assert "seen 3 years ago, in 1 note" in explain_rank(once)
    assert _kinscope_graphs(gds) == []


def test_rerank_is_identical_and_batch_independent(network_graph, gds, rank_settings):
    materialise_networks(network_graph, settings=rank_settings)
    rank_networks(network_graph, gds, settings=rank_settings)
    first = {c: _network(network_graph, c) for c in ("C-1", "C-2", "C-3")}
    rank_networks(network_graph, gds, settings=rank_settings, all_children=True)
    assert {c: _network(network_graph, c) for c in ("C-1", "C-2", "C-3")} == first
    # one child per projection gives the same scores as all children in one projection
    one_by_one = RankingSettings(as_of=AS_OF, batch_size=1)
    rank_networks(network_graph, gds, settings=one_by_one, child_ids=["C-1", "C-2", "C-3"])
    again = {c: _network(network_graph, c) for c in ("C-1", "C-2", "C-3")}
    for cid, members in first.items():
        for key, props in members.items():
            assert again[cid][key]["rank"] == props["rank"]
            assert again[cid][key]["rank_score"] == pytest.approx(props["rank_score"], abs=1e-9)
    # rematerialise + rank: same ranks
    materialise_networks(network_graph, child_ids=["C-1"], settings=rank_settings)
    rank_networks(network_graph, gds, settings=rank_settings)
    assert _network(network_graph, "C-1") == first["C-1"]


def test_projection_dropped_on_error(network_graph, gds, rank_settings, monkeypatch):
    materialise_networks(network_graph, settings=rank_settings)

    def boom(*args, **kwargs):
        raise RuntimeError("PageRank failed")

    monkeypatch.setattr(type(gds.page_rank), "stream", boom)  # endpoints are built per access
    with pytest.raises(RuntimeError, match="PageRank failed"):
        rank_networks(network_graph, gds, settings=rank_settings)
    assert _kinscope_graphs(gds) == []


def test_cohorts_shared_connections_and_paths(network_graph, gds, rank_settings):
    materialise_networks(network_graph, settings=rank_settings)
    rank_networks(network_graph, gds, settings=rank_settings)
    out = analyse_cohorts(network_graph, gds, settings=rank_settings)
    assert _kinscope_graphs(gds) == []
    records, _, _ = network_graph.execute_query(
        "MATCH (c:Child) RETURN c.child_id AS id, c.cohort_id AS cohort, c.cohort_size AS size, "
        "c.community_id AS community ORDER BY id")
    cohort = {r["id"]: (r["cohort"], r["size"]) for r in records}
    assert cohort["C-1"] == cohort["C-2"] and cohort["C-1"][1] == 2
    assert cohort["C-1"][0].startswith("cohort:") and "C-" not in cohort["C-1"][0]  # opaque: names no child
    # C-3 shares only the social worker, and professionals do not link children
    assert cohort["C-3"] == (None, None)
    assert out["cohorts_with_several_children"] == 1
    assert all(r["community"] for r in records if r["id"] != "C-3")
    reece, _, _ = network_graph.execute_query(
        "MATCH (p:Person {person_id: 'P-reece'}) RETURN p.cohort_id AS c, p.connector_score AS s")
    assert reece[0]["c"] == cohort["C-1"][0] and reece[0]["s"] > 0

    shared = shared_connections(network_graph, ["C-1", "C-2", "C-3"])
    assert [(s["target_key"], s["children"]) for s in shared] == [
        ("P-reece", ["C-1", "C-2"]), ("peasholm park", ["C-1", "C-2"])]
    assert shared_connections(network_graph, ["C-1", "C-3"], include_professionals=True)[0]["target_key"] == "worker:W-77"

    paths = connection_paths(network_graph, "C-1", "C-2", max_hops=4)
    assert {p["hops"] for p in paths} == {2}
    middles = sorted(p["nodes"][1]["key"] for p in paths)
    assert middles == ["P-reece", "peasholm park"]
    assert paths[0]["nodes"][0]["key"] == "C-1" and paths[0]["nodes"][-1]["key"] == "C-2"
    assert connection_paths(network_graph, "C-1", "C-3") == []
    assert connection_paths(network_graph, "C-1", "C-3", include_professionals=True)[0]["hops"] == 2

    # re-running gives the same ids
    analyse_cohorts(network_graph, gds, settings=rank_settings)
    again, _, _ = network_graph.execute_query(
        "MATCH (c:Child) RETURN c.child_id AS id, c.cohort_id AS cohort, c.cohort_size AS size, "
        "c.community_id AS community ORDER BY id")
    assert [r.data() for r in again] == [r.data() for r in records]
