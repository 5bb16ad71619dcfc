"""Connections to Neo4j: the official driver for Cypher, the GDS client for graph algorithms.

Both use `settings.neo4j_uri` with the user and password from settings, so the same code runs
against the embedded server (`kinscope neo4j start`) or any other Neo4j a council points
NEO4J_URI at.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import neo4j

from kinscope.settings import Settings, get_settings

if TYPE_CHECKING:
    from graphdatascience import GraphDataScience


def _auth(settings: Settings) -> tuple[str, str]:
    return settings.neo4j_user, settings.resolved_neo4j_password()


@contextmanager
def open_driver(settings: Settings | None = None) -> Iterator[neo4j.Driver]:
    """A `neo4j.Driver`, closed on exit. Use `driver.execute_query(..., database_=...)`."""
    settings = settings or get_settings()
    driver = neo4j.GraphDatabase.driver(settings.neo4j_uri, auth=_auth(settings))
    try:
        yield driver
    finally:
        driver.close()


def open_gds(settings: Settings | None = None) -> GraphDataScience:
    """A `GraphDataScience` client over Bolt (Open GDS has no Arrow server).

    The caller closes it (`gds.close()`) or uses it as a context manager:
    `with open_gds() as gds:`.
    graphdatascience 2.x names procedures in snake case: `gds.page_rank.stream(G)`,
    `gds.graph.project.native(...)` / `gds.graph.project.cypher(...)`.
    """
    from graphdatascience import GraphDataScience  # heavy import (pandas): only when needed

    settings = settings or get_settings()
    return GraphDataScience(
        settings.neo4j_uri,
        auth=_auth(settings),
        arrow=False,
        database=settings.neo4j_database,
        show_progress=False,
    )
