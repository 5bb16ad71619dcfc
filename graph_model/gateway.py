"""The one way the app reads the graph: named statements run for a :class:`Viewer`.

Every read of `cypher/app/*.cypher` goes through :func:`read`, which adds the viewer's access
parameters (``$teams``, ``$allocation_valid_from``) to every statement. The statements apply
the access rules by including the fragments of `cypher/rules/` (see its README), so the rule
for children, records and network members is written once; ``tests/integration/
test_restricted_everywhere.py`` runs every file of `cypher/app/` against a graph with a
restricted child and fails on any output that names it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import neo4j

from graph_model.cypher import cypher

DEFAULT_ALLOCATION_GRACE_DAYS = 90
"""Access through an allocation to a child's restricted records ends this long after the
allocation's end date (dashboards/README.md)."""


@dataclass(frozen=True)
class Viewer:
    """Who is asking: the user id (for audit), their teams (for restricted records), their roles
    (for writes) and the allocation grace period in days."""

    user: str
    teams: frozenset[str] = field(default_factory=frozenset)
    roles: frozenset[str] = field(default_factory=frozenset)
    allocation_grace_days: int = DEFAULT_ALLOCATION_GRACE_DAYS

    @property
    def team_list(self) -> list[str]:
        return sorted(self.teams)

    @property
    def is_practitioner(self) -> bool:
        return "practitioner" in self.roles

    def access_params(self, today: date | None = None) -> dict[str, Any]:
        """The parameters every access-rule fragment reads."""
        today = today or date.today()
        return {"teams": self.team_list, "viewer_roles": sorted(self.roles),
                "allocation_valid_from": today - timedelta(days=max(0, int(self.allocation_grace_days)))}


def native(value: Any) -> Any:
    """neo4j temporal values → Python (date/datetime); containers converted recursively."""
    if hasattr(value, "to_native"):
        return value.to_native()
    if isinstance(value, list):
        return [native(v) for v in value]
    if isinstance(value, dict):
        return {k: native(v) for k, v in value.items()}
    return value


def read(driver: neo4j.Driver, viewer: Viewer, name: str, params: dict[str, Any] | None = None,
         database: str | None = None) -> list[dict[str, Any]]:
    """Rows of one named read statement for ``viewer`` (access parameters always supplied)."""
    return _run(driver, viewer, name, params, database, neo4j.RoutingControl.READ)


def write(driver: neo4j.Driver, viewer: Viewer, name: str, params: dict[str, Any] | None = None,
          database: str | None = None) -> list[dict[str, Any]]:
    """Rows of one named write statement run for ``viewer`` (access parameters always supplied)."""
    return _run(driver, viewer, name, params, database, neo4j.RoutingControl.WRITE)


def _run(driver: neo4j.Driver, viewer: Viewer, name: str, params: dict[str, Any] | None,
         database: str | None, routing: neo4j.RoutingControl) -> list[dict[str, Any]]:
    full = {**(params or {}), **viewer.access_params()}
    records, _, _ = driver.execute_query(cypher(name), full, database_=database, routing_=routing)
    return [{k: native(v) for k, v in r.items()} for r in records]
