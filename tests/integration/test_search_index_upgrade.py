"""A graph loaded before the full-text index held the day token: the schema gives its records the
token once, before it creates ``record_fulltext``, and newest-first search is then exact."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from graph_model.gateway import Viewer
from graph_model.queries import search_page
from graph_model.schema import apply_schema
from graph_model.search_index import SEARCH_INDEX, day_token

pytestmark = pytest.mark.integration

VIEWER = Viewer("reader", frozenset({"T-A"}), roles=frozenset({"practitioner"}))


def test_records_of_an_older_graph_get_their_day_token_and_search_finds_the_newest(clean_graph):
    driver = clean_graph
    days = [date(2015, 1, 1) + timedelta(days=9 * i) for i in range(120)]
    driver.execute_query("CREATE (:Person:Child {child_id: 'C-1', display_name: 'A Child', restricted: false, "
                         "restricted_to_teams: []})")
    driver.execute_query(
        "MATCH (c:Child {child_id: 'C-1'}) UNWIND range(0, size($days) - 1) AS i "
        "CREATE (c)<-[:ABOUT]-(:CaseNote {note_id: 'N-' + toString(i), child_id: 'C-1', event_date: $days[i], "
        "restricted: false, note_type: 'Visit', subject: 'Visit', body: 'osprey seen'})", days=days)
    driver.execute_query("MATCH (c:Child {child_id: 'C-1'}) CREATE (c)<-[:ABOUT]-(:CaseNote {note_id: 'N-undated', "
                         "child_id: 'C-1', restricted: false, note_type: 'Visit', subject: 'Visit', body: 'osprey'})")
    driver.execute_query(f"DROP INDEX {SEARCH_INDEX}")  # as a graph from before the index existed

    apply_schema(driver)

    rows, _, _ = driver.execute_query("MATCH (n:CaseNote) RETURN n.event_date AS day, n.search_day AS token")
    assert len(rows) == 121
    assert all(r["token"] == day_token(r["day"].to_native() if r["day"] else None) for r in rows)
    newest = search_page(driver, VIEWER, "osprey", order="newest", limit=5)
    assert [h["record_id"] for h in newest["hits"]] == [f"N-{i}" for i in (119, 118, 117, 116, 115)]
    oldest = search_page(driver, VIEWER, "osprey", order="oldest", skip=118, limit=5)
    assert [h["record_id"] for h in oldest["hits"]] == ["N-118", "N-119", "N-undated"]  # undated last
    assert newest["total"] == 121 and not newest["total_capped"]
    # a second schema run finds the index and leaves the records alone
    driver.execute_query("MATCH (n:CaseNote {note_id: 'N-0'}) SET n.search_day = 'kept'")
    apply_schema(driver)
    rows, _, _ = driver.execute_query("MATCH (n:CaseNote {note_id: 'N-0'}) RETURN n.search_day AS token")
    assert rows[0]["token"] == "kept"
