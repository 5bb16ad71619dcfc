"""Append-only audit trail: who viewed which child, searched for what, opened which record,
exported what, changed what.

Each call creates one ``(:AuditEvent {at, user, action, target, detail, teams, about_children,
restricted, restricted_to_teams})`` node with
`cypher/app/audit_event.cypher` (``CREATE`` only). Nothing in Kinscope updates or deletes an
AuditEvent; reading is :func:`graph_model.queries.audit_events` (admin role only in the app).
"""

from __future__ import annotations

import json
import logging
from typing import Any

import neo4j

from graph_model.cypher import cypher

log = logging.getLogger(__name__)

ACTIONS = ("view", "search", "open", "export", "change", "sign_in", "sign_out", "denied")
"""Actions the app records (graph_model/README.md: view, search, open, export, change; plus
sign-in/out and denied access)."""

MAX_DETAIL_CHARS = 4000


def record_event(
    driver: neo4j.Driver, user: str, action: str, target: str | None = None,
    detail: dict[str, Any] | str | None = None, *, teams: list[str] | None = None,
    about_children: list[str] | None = None, database: str | None = None,
) -> None:
    """Append one audit event. Raises on failure: an action that cannot be audited should not
    silently proceed (callers decide whether to show an error).

    ``about_children``: the children the event concerns (a target ``child:<id>`` counts without
    being listed); the event stores whether any of them is restricted, so admins outside those
    children's teams never read it (``cypher/rules/visible_audit_event.cypher``)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if isinstance(detail, dict):
        detail = json.dumps(detail, sort_keys=True, default=str)
    if detail is not None:
        detail = str(detail)[:MAX_DETAIL_CHARS]
    driver.execute_query(
        cypher("app/audit_event"),
        {"user": str(user), "action": action, "target": None if target is None else str(target)[:500],
         "detail": detail, "teams": sorted(teams or []),
         "about_children": _children_of(target, about_children), "record_id": _record_of(target)},
        database_=database, routing_=neo4j.RoutingControl.WRITE,
    )


def _children_of(target: str | None, about_children: list[str] | None) -> list[str]:
    ids = {str(c) for c in (about_children or []) if c}
    if target and str(target).startswith("child:"):
        ids.add(str(target)[len("child:"):])
    return sorted(ids)


def _record_of(target: str | None) -> str | None:
    kind, _, rid = str(target or "").partition(":")
    return rid if kind in ("note", "document") and rid else None
