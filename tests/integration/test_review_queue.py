"""The review queue's read and answers (graph_model.decisions.review_pairs / answer_pair) on the
restricted-everywhere graph: a pair touching the restricted child is never shown or counted for
an outsider; pairs scored at or above the same-person threshold yet kept apart come first, in
the order of dedupe's uncertain-pair sampling seeded by the user; answers leave the queue (Not
sure only for the one who said it)."""

from __future__ import annotations

import json
import logging

import app_graph
import pytest
import restricted_graph as rg

from graph_model import decisions as dm
from graph_model.cypher import cypher
from graph_model.gateway import Viewer
from graph_model.review_sampling import uncertain_order, user_seed

pytestmark = pytest.mark.integration
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)

OUTSIDER = Viewer("ben", frozenset({rg.OUTSIDER_TEAM}), frozenset({"practitioner", "admin"}))
INSIDER = Viewer("sam", frozenset({rg.SECRET_TEAM, rg.ANYA_TEAM}), frozenset({"practitioner"}))
OTHER_INSIDER = Viewer("kim", frozenset({rg.SECRET_TEAM}), frozenset({"practitioner"}))


@pytest.fixture(scope="module")
def graph(restricted_graph_driver):
    driver = restricted_graph_driver
    # three pairs touching the restricted child (its record first or second), one between two
    # records on the visible sister's file (a second record added here)
    driver.execute_query("""
    MATCH (c:Child {child_id: 'C-86'})
    CREATE (r:SourceRecord:AdultRecord {record_key: 'significant_adults:R-86X', relationship_id: 'R-86X',
            child_id: 'C-86', given_name: 'Marta', family_name: 'Dudova', relationship: 'Mother',
            date_of_birth: '1985-01-02'})-[:RECORDED_FOR]->(c)""")
    app_graph.add_possibly_same(driver, [("R-85M", "R-86M", 0.7), ("R-85F", "R-86M", 0.3), ("R-86M", "R-86X", 0.5),
                                      ("R-86X", "R-85F", 0.2)])
    return driver


def test_outsider_never_sees_or_counts_a_pair_on_the_restricted_child(graph):
    page = dm.review_pairs(graph, OUTSIDER)
    assert page["total"] == 1
    assert [(p["record_1"]["relationship_id"], p["record_2"]["relationship_id"]) for p in page["pairs"]] == [("R-86M", "R-86X")]
    out = json.dumps(page, default=str)
    assert not rg.leaks(out), out
    pair = page["pairs"][0]
    assert pair["record_1"] == {"relationship_id": "R-86M", "child_id": "C-86", "given_name": "Marta",
                                "family_name": "Duda", "date_of_birth": None, "relationship": "Mother"}
    assert pair["score"] == 0.5 and json.loads(pair["reasons"])["agree"] == ["family_name"]
    # nor can the outsider answer a pair about the restricted child's records
    with pytest.raises(dm.DecisionError):
        dm.answer_pair(graph, OUTSIDER, "not_same", "R-85M", "R-86M")
    # the insider sees all four: the two the clustering kept apart although they score at or above
    # its same-person threshold (0.7, 0.5) first, then the others, in the sampler's order for sam
    inside = dm.review_pairs(graph, INSIDER)
    assert inside["total"] == 4
    scores = [p["score"] for p in inside["pairs"]]
    assert sorted(scores[:2]) == [0.5, 0.7] and sorted(scores[2:]) == [0.2, 0.3]
    by_score = [0.7, 0.5, 0.3, 0.2]  # the statement's order
    assert scores == [by_score[i] for i in uncertain_order(by_score, seed=user_seed("sam"))]
    assert [p["score"] for p in dm.review_pairs(graph, INSIDER)["pairs"]] == scores  # stable pages
    # another threshold, another order: three pairs at or above 0.25 before the 0.2
    low = [p["score"] for p in dm.review_pairs(graph, INSIDER, same_person=0.25)["pairs"]]
    assert sorted(low[:3]) == [0.3, 0.5, 0.7] and low[3] == 0.2
    # paged
    assert [p["score"] for p in dm.review_pairs(graph, INSIDER, skip=1, limit=1)["pairs"]] == scores[1:2]


def test_answers_leave_the_queue_unsure_only_for_its_author(graph):
    try:
        stored = dm.answer_pair(graph, INSIDER, "unsure", "R-85M", "R-86M")
        assert stored["kind"] == "unsure" and stored["decided_by"] == "sam" and stored["child_id"] == "C-85"
        left = _pairs(graph, INSIDER)
        assert left[0] == ("R-86M", "R-86X")  # 0.5: the only pair left at the threshold
        assert sorted(left) == [("R-85F", "R-86M"), ("R-86M", "R-86X"), ("R-86X", "R-85F")]
        assert len(_pairs(graph, OTHER_INSIDER)) == 4  # kim has not answered it
        dm.answer_pair(graph, INSIDER, "not_same", "R-85F", "R-86M")
        kims = _pairs(graph, OTHER_INSIDER)  # for all
        assert sorted(kims) == [("R-85M", "R-86M"), ("R-86M", "R-86X"), ("R-86X", "R-85F")]
        assert kims[-1] == ("R-86X", "R-85F")  # 0.2, below the threshold: after 0.7 and 0.5
        with pytest.raises(dm.DecisionError):
            dm.answer_pair(graph, INSIDER, "maybe", "R-86M", "R-86X")
        read = [(r["kind"], r["target_id"], r["other_id"]) for r in
                graph.execute_query(cypher("resolution/practitioner_decisions")).records]
        assert read == [("split", "R-86M", "R-85F")]  # resolution reads no 'unsure'
        audit = [json.loads(r["d"]) for r in graph.execute_query(
            "MATCH (e:AuditEvent {action: 'change', user: 'sam'}) RETURN e.detail AS d ORDER BY e.at").records]
        assert [a["decision"] for a in audit] == ["unsure", "split"]
    finally:  # the module's graph stays as built
        graph.execute_query("MATCH (d:PractitionerDecision) WHERE d.decided_by = 'sam' DETACH DELETE d")
        graph.execute_query("MATCH (e:AuditEvent {action: 'change', user: 'sam'}) DETACH DELETE e")


def _pairs(driver, viewer) -> list[tuple[str, str]]:
    return [(p["record_1"]["relationship_id"], p["record_2"]["relationship_id"])
            for p in dm.review_pairs(driver, viewer)["pairs"]]
