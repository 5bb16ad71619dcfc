"""Apply the graph schema (constraints, indexes, full-text indexes) idempotently."""

from __future__ import annotations

from neo4j import Driver

from graph_model.cypher import statements


def apply_schema(driver: Driver, database: str | None = None) -> int:
    """Run every statement in `cypher/schema/` (all `IF NOT EXISTS`) and wait for indexes."""
    stmts = statements("schema")
    for stmt in stmts:
        driver.execute_query(stmt, database_=database)
    driver.execute_query("CALL db.awaitIndexes(300)", database_=database)
    return len(stmts)
