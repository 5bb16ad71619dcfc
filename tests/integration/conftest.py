"""Fixtures for tests that write to the graph."""

from __future__ import annotations

import os

import pytest


@pytest.fixture
def clean_graph(driver):
    """An empty graph with the schema applied. Only on a server marked as a test server.

    `scripts/test.sh` (the README's test command) runs a throw-away server and sets
    KINSCOPE_TEST_GRAPH_MAY_BE_WIPED=1; without it these tests refuse to touch the graph,
    so a developer's demo data is never deleted by accident.
    """
    if os.environ.get("KINSCOPE_TEST_GRAPH_MAY_BE_WIPED") != "1":
        message = "graph-writing tests need the test server: run `make test` (scripts/test.sh)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from graph_model.schema import apply_schema

    with driver.session() as session:  # CALL ... IN TRANSACTIONS needs an auto-commit transaction
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    apply_schema(driver)
    yield driver
