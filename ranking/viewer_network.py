"""A child's network as one viewer may see it: members with counts, dates, ranks and rank
explanations computed over what that viewer may see.

The graph stores each NETWORK edge's counts, dates and rank over *all* the child's evidence; a
user who may not read some of the child's records, or for whom some members are left out
(restricted children, people known only from restricted records), would learn of the hidden
evidence from a count, a date or a gap in the ranks. So the app never shows stored values as
they are to such a user: :func:`ecomap_members` recomputes counts/dates from the records the
user may read and renumbers ranks 1..N over the members the user sees, in stored rank order.
The rows come from :func:`graph_model.queries.ecomap_rows`, which applies the access rules.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import neo4j

from graph_model.gateway import Viewer
from graph_model.queries import ecomap_rows
from graph_model.values import as_date
from ranking.roles import classify, current_category
from ranking.settings import CARER_ROLES, RankingSettings
from ranking.weights import role_weight


def ecomap_members(driver: neo4j.Driver, viewer: Viewer, child_id: str, *,
                   database: str | None = None) -> dict[str, Any]:
    """Everyone on a child's map that the user may see.

    Returns ``{"source": "network"|"records"|"none", "members": [...]}``; each member has
    ``key``, ``kind``, ``name``, ``names``, ``category``, ``roles``, ``first_seen``, ``last_seen``,
    ``evidence_count``, ``sources``, ``confidence``, ``rank`` (1..N over what the user sees),
    ``rank_score``, ``rank_components`` (dict), ``current``, ``agency``, ``decisions``.
    Falls back to recorded relationships and allocations when the child has no NETWORK edges.
    """
    data = ecomap_rows(driver, viewer, child_id, database=database)
    if data["source"] == "network":
        members = [_network_member(r) for r in data["rows"]]
        renumber_ranks(members)
    else:
        members = structured_members(data["rows"])
    for m in members:
        m["decisions"] = data["decisions"].get(m["key"], [])
    return {"source": data["source"] if members else "none", "members": members}


def _network_member(r: dict[str, Any]) -> dict[str, Any]:
    comp = r.get("rank_components")
    if isinstance(comp, str):
        try:
            comp = json.loads(comp)
        except ValueError:
            comp = None
    r["rank_components"] = comp
    r["roles"] = list(r.get("roles") or [])
    r["category"] = current_category(r.get("category"), r["roles"])  # a graph from before "carer" retired
    r["sources"] = list(r.get("sources") or [])
    r["names"] = list(dict.fromkeys(r.get("names") or []))
    if r.get("is_worker") and not r.get("agency"):
        r["agency"] = "children's social care"
    visible_evidence_only(r)
    visible_roles_only(r)
    return r


STRUCTURAL_ROLES = frozenset({"home address", "lives with the child", "place", "address", "mentioned"})
"""Roles the network stage gives from the kind of evidence itself, not from what a record says."""


def visible_roles_only(m: dict[str, Any]) -> None:
    """Keep only roles the user's readable evidence gives (``visible_role_texts`` from
    ecomap_network.cypher; None when nothing is hidden). A role learnt only from a record the user
    may not read -- a restricted note, a restricted brother's file -- is dropped, and with no role
    left the member is shown as "mentioned" in the community group."""
    texts = m.pop("visible_role_texts", None)
    if texts is None or m.get("kind") != "person":
        return
    allowed = set(STRUCTURAL_ROLES)
    for t in texts:
        role, _ = classify(t.get("text"), professional=bool(t.get("professional")))
        if role:
            allowed.add(role)
    kept = [r for r in m["roles"] if r in allowed or r.split(" of ", 1)[0] in allowed]
    if kept != m["roles"]:
        # a foster carer is professional only through the role: hidden with it (a worker stays one)
        by_role = m.get("category") == "professional" and not m.get("is_worker") and any(
            r in CARER_ROLES for r in m["roles"])
        m["roles"] = kept or ["mentioned"]
        if not kept and (by_role or m.get("category") not in ("professional", "household", "place")):
            m["category"] = "community"
        if isinstance(m.get("rank_components"), dict):
            m["rank_components"] = {**m["rank_components"], "roles": m["roles"], "category": m["category"]}


def renumber_ranks(members: list[dict[str, Any]]) -> None:
    """Ranks 1..N over the members shown, in stored rank order (unranked last): a gap would tell
    the user that someone is hidden."""
    ranked = sorted((m for m in members if m.get("rank") is not None), key=lambda m: (m["rank"], m["key"]))
    for i, m in enumerate(ranked, start=1):
        if m["rank"] != i:
            m["rank"] = i
            if isinstance(m.get("rank_components"), dict):
                m["rank_components"] = {**m["rank_components"], "rank": i}


def visible_evidence_only(m: dict[str, Any]) -> None:
    """For a user who may not read some of the child's notes/documents: counts, dates and rank
    explanation recomputed over the records they may see (the stored values count them all).

    ``visible_records`` (from ecomap_network.cypher) is None when nothing is hidden from the user.
    """
    visible = m.pop("visible_records", None)
    if visible is None:
        return
    notes = sum(1 for v in visible if v.get("note"))
    docs = len(visible) - notes
    comp = dict(m.get("rank_components") or {})
    records = int(comp.get("records") or 0) if comp else int("record" in m["sources"])
    allocations = int(comp.get("allocations") or 0) if comp else int("allocation" in m["sources"])
    m["evidence_count"] = notes + docs + records + allocations
    m["evidence_scope"] = "visible"
    dates = sorted(d for d in (as_date(v.get("d")) for v in visible) if d)
    stored_last = as_date(m.get("last_seen"))
    if set(m["sources"]) <= {"mention"}:  # dates known only from notes/documents
        m["first_seen"] = dates[0] if dates else None
        m["last_seen"] = dates[-1] if dates else None
    if comp:
        comp.update(notes=notes, documents=docs, evidence_count=m["evidence_count"])
        comp.pop("evidence", None)  # a weight over all the evidence
        new_last = as_date(m.get("last_seen"))
        if comp.get("age_days") is not None and stored_last and new_last and new_last != stored_last:
            comp["age_days"] = int(comp["age_days"]) + (stored_last - new_last).days
        elif comp.get("age_days") is not None and new_last is None:
            comp["age_days"] = None
        m["rank_components"] = comp


def structured_members(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Recorded relationships/allocations → members (one per person), ranked simply."""

    settings = RankingSettings.model_construct()  # the default weights, not the environment's
    by_key: dict[str, dict[str, Any]] = {}
    for r in rows:
        role, category = classify(r.get("role"), professional=r["source"] == "allocation")
        category = category or ("professional" if r["source"] == "allocation" else "community")
        m = by_key.setdefault(r["key"], {
            "key": r["key"], "kind": "person", "name": (r.get("name") or "").strip() or "(no name)",
            "names": None, "is_worker": r.get("is_worker"), "place_kind": None,
            "category": category, "roles": [], "first_seen": None, "last_seen": None,
            "evidence_count": 0, "sources": [], "confidence": 1.0, "rank": None,
            "rank_score": None, "rank_components": None, "current": False, "agency": r.get("agency"),
        })
        if role and role not in m["roles"]:
            m["roles"].append(role)
        if r["source"] not in m["sources"]:
            m["sources"].append(r["source"])
        if settings.category_weights.get(category, 0) > settings.category_weights.get(m["category"], 0):
            m["category"] = category
        m["evidence_count"] += 1
        m["current"] = m["current"] or bool(r.get("current"))
        for k, pick in (("first_seen", min), ("last_seen", max)):
            v = as_date(r.get(k))
            if v:
                m[k] = v if m[k] is None else pick(m[k], v)
    members = list(by_key.values())
    members.sort(key=lambda m: (-role_weight(m["category"], m["roles"], settings), not m["current"],
                                -(m["last_seen"] or date.min).toordinal(), m["name"], m["key"]))
    for i, m in enumerate(members, start=1):
        m["rank"] = i
    return members
