"""Apply the graph schema (constraints, indexes, full-text indexes) idempotently."""

from __future__ import annotations

from neo4j import Driver

from graph_model.cypher import cypher, statements
from graph_model.search_index import SEARCH_INDEX, backfill_search_days


def apply_schema(driver: Driver, database: str | None = None) -> int:
    """Run every statement in `cypher/schema/` (all `IF NOT EXISTS`) and wait for indexes.

    Before the record full-text index first exists, the records already in the graph get the
    day token it holds (:func:`graph_model.search_index.backfill_search_days`): once per graph.
    """
    if not _index_exists(driver, SEARCH_INDEX, database):
        backfill_search_days(driver, database)
    stmts = statements("schema")
    for stmt in stmts:
        driver.execute_query(stmt, database_=database)
    driver.execute_query("CALL db.awaitIndexes(300)", database_=database)
    return len(stmts)


def _index_exists(driver: Driver, name: str, database: str | None) -> bool:
    rows, _, _ = driver.execute_query(cypher("schema_upgrade/index_exists"), name=name, database_=database)
    return bool(rows)
