"""Read one child's resolved network from the graph (``kinscope network CHILD_ID``).

:func:`child_network` returns every member of the child's network -- persons, addresses and
places -- with the display name, every surface form (the names the member carries and the
texts of the mentions in *this child's* notes and documents that refer to it), category,
roles, first and last seen, evidence count, confidence and rank. It reads the materialised
``(:Child)-[:NETWORK]->`` edges (``cypher/query/child_network.cypher``); when the child's
network has not been materialised yet (resolution ran, ranking did not), the edges are
computed in memory from the same evidence the ranking stage uses
(:func:`ranking.materialise.build_edges`), nothing is written, and ``rank`` is empty.

**Access**: this is an operator's tool for whoever holds the graph's credentials. It is
*not* filtered by the user's teams (restricted children and restricted notes are shown; the
child's ``restricted`` flag is in the output) and it writes *no* audit event. The app is
the place for practitioners: it applies team restrictions and audit-logs every view.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import neo4j

from graph_model.cypher import cypher

FIELDS = ("category", "roles", "first_seen", "last_seen", "evidence_count", "sources", "confidence",
          "rank", "rank_score", "current")


def _plain(value: Any) -> Any:
    if hasattr(value, "to_native"):
        value = value.to_native()
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _computed_edges(session: neo4j.Session, child_id: str) -> list[dict]:
    from ranking.materialise import _EVIDENCE_QUERIES, build_edges

    rows: list[dict] = []
    for name in _EVIDENCE_QUERIES:
        rows.extend(r.data() for r in session.run(cypher(name), child_ids=[child_id], as_of=None))
    return [{"target": e["target"], "props": e["props"]} for e in build_edges(rows)]


def child_network(driver: neo4j.Driver, child_id: str, *, database: str | None = None) -> dict | None:
    """``{"child": {...}, "materialised": bool, "members": [...]}`` or ``None`` when there is
    no such child. Members are ordered by rank (unranked last), then evidence count."""
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS,
                        notifications_min_severity="OFF") as session:
        rec = session.run(cypher("query/child_network"), child_id=child_id, edges=None).single()
        if rec is None:
            return None
        materialised = rec["materialised"]
        if not materialised:
            edges = _computed_edges(session, child_id)
            rec = session.run(cypher("query/child_network"), child_id=child_id, edges=edges).single()
        child = {k: _plain(v) for k, v in (rec["child"] or {}).items()}
        members = []
        for m in rec["members"]:
            props = m["props"] or {}
            forms = sorted(set(m["names"]) | set(m["mention_texts"]), key=lambda s: (s.lower(), s))
            row = {"id": m["id"], "kind": _kind(m["labels"]), "display_name": m["display_name"],
                   "surface_forms": forms, "mention_count": m["mention_count"]}
            row.update({k: _plain(props.get(k)) for k in FIELDS})
            if props.get("rank_components"):
                from ranking.explain import explain_rank

                row["rank_components"] = json.loads(props["rank_components"])
                row["why"] = explain_rank(row["rank_components"])
            members.append(row)
    if not materialised:
        members.sort(key=lambda r: (-(r["evidence_count"] or 0), str(r["display_name"])))
    return {"child": child, "materialised": materialised, "members": members}


def _kind(labels: list[str]) -> str:
    for lab in ("Child", "Worker", "Person", "Address", "Place", "Organisation"):
        if lab in labels:
            return lab.lower()
    return labels[0].lower() if labels else "node"


def network_table(view: dict):
    """A rich Table of :func:`child_network`'s result."""
    from rich.table import Table

    child = view["child"]
    title = (f"{child.get('child_id')} {child.get('display_name') or ''}"
             f"{' (restricted)' if child.get('restricted') else ''}: {len(view['members'])} members"
             f"{'' if view['materialised'] else ' (network not materialised: computed, unranked)'}")
    t = Table(title=title)
    for col in ("rank", "name", "kind", "category", "roles", "surface forms", "first seen", "last seen",
                "evidence", "conf"):
        t.add_column(col)
    for m in view["members"]:
        t.add_row("" if m["rank"] is None else str(m["rank"]), str(m["display_name"] or m["id"]), m["kind"],
                  m["category"] or "", ", ".join(m["roles"] or []), " | ".join(m["surface_forms"]),
                  str(m["first_seen"] or ""), str(m["last_seen"] or ""), str(m["evidence_count"] or ""),
                  "" if m["confidence"] is None else f"{m['confidence']:.2f}")
    return t
