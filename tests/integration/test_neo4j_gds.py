"""The embedded server really is Neo4j 5.26 with Open GDS 2.13, full-text search and auth.

Everything these tests write carries a label unique to the run and is deleted afterwards, so
they are safe against a server holding real data.
"""

from __future__ import annotations

import uuid

import neo4j
import pytest

from graph_model import server

pytestmark = pytest.mark.integration


@pytest.fixture
def label(driver):
    """A label no other data has; every node with it is removed after the test."""
    name = f"KinscopeTest_{uuid.uuid4().hex[:12]}"
    yield name
    driver.execute_query(f"MATCH (n:`{name}`) DETACH DELETE n")


def test_gds_version_is_2_13(driver):
    records, _, _ = driver.execute_query("RETURN gds.version() AS v")
    assert records[0]["v"].startswith("2.13")


def test_neo4j_is_5_26(driver):
    records, _, _ = driver.execute_query(
        "CALL dbms.components() YIELD versions RETURN versions[0] AS v"
    )
    assert records[0]["v"].startswith("5.26")


def test_pagerank_through_gds_client(gds, label):
    # A star: every spoke points at the hub, so the hub must rank highest.
    gds.run_cypher(
        f"CREATE (h:`{label}` {{name: 'hub'}}) "
        f"WITH h UNWIND range(1, 6) AS i CREATE (:`{label}` {{name: 'spoke' + i}})-[:KNOWS]->(h)"
    )
    graph_name = f"g_{label}"
    G, result = gds.graph.project.cypher(
        f"MATCH (s:`{label}`) OPTIONAL MATCH (s)-[:KNOWS]->(t:`{label}`) "
        "RETURN gds.graph.project($graph_name, s, t)",
        graph_name=graph_name,
    )
    try:
        assert result.node_count == 7 and result.relationship_count == 6
        scores = gds.page_rank.stream(G)
        top = scores.sort_values("score", ascending=False).iloc[0]
        name = gds.run_cypher(
            "MATCH (n) WHERE id(n) = $id RETURN n.name AS name", params={"id": int(top["nodeId"])}
        )["name"][0]
        assert name == "hub"
    finally:
        G.drop()


def test_fulltext_index(driver, label):
    index = f"ft_{label}"
    driver.execute_query(f"CREATE FULLTEXT INDEX `{index}` FOR (n:`{label}`) ON EACH [n.text]")
    try:
        driver.execute_query(
            f"UNWIND $texts AS t CREATE (:`{label}` {{text: t}})",
            texts=["Jayden lives with his nan", "School report for Amira", "Nan visits on Sundays"],
        )
        driver.execute_query("CALL db.awaitIndexes(60)")
        records, _, _ = driver.execute_query(
            "CALL db.index.fulltext.queryNodes($index, 'nan') YIELD node RETURN node.text AS text",
            index=index,
        )
        assert sorted(r["text"] for r in records) == [
            "Jayden lives with his nan",
            "Nan visits on Sundays",
        ]
    finally:
        driver.execute_query(f"DROP INDEX `{index}` IF EXISTS")


def test_authentication_is_on(settings, driver):
    bad_auth = (settings.neo4j_user, "not-the-password")
    with (
        neo4j.GraphDatabase.driver(settings.neo4j_uri, auth=bad_auth) as bad,
        pytest.raises(neo4j.exceptions.AuthError),
    ):
        bad.verify_connectivity()


def test_start_is_a_noop_when_running(settings, driver, require_embedded_server):
    """Only meaningful for the embedded server (NEO4J_URI left at its default)."""
    # the server now: the session fixture's status may predate a restart (test_kill_rerun)
    before = server.status(settings)
    assert before.bolt_ready and before.pid is not None
    assert "running" in before.describe()
    again = server.start(settings)
    assert again.pid == before.pid and again.bolt_ready
