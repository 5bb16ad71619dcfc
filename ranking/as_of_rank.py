"""Ranks as of an earlier day, for the map's time slider (pure).

The stored rank (``ranking.rank``) is a personalised PageRank over today's evidence: a member
last named three years ago who was then the child's most present adult ranks low today. On the
slider the map shows the network *as it was*, so each member's tie is weighed again as of the
chosen day with the weights the ranking uses (:func:`ranking.weights.edge_components`: role ×
recency × evidence × confidence): the role and "current" as they stood then
(:mod:`dashboards.as_of`), recency from the last evidence on or before that day, and evidence
from the records dated by then. Members are then ranked by that weight (then last seen, then
key) and node sizes follow the rank.

Only the member's own dated evidence goes in, and that is what the viewer may read
(``graph_model.queries.member_dates``): a record the viewer may not read moves neither a weight
nor a rank. The stored PageRank share is deliberately not used: it is computed over all of the
child's records, restricted ones included, and over ties between members (co-residence,
co-mention) that are not dated; the as-of rank is the direct tie's weight alone.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable

from graph_model.values import as_date
from ranking.settings import RankingSettings
from ranking.weights import edge_components


def evidence_by_then(dated: Iterable[dict[str, Any]] | None, day: date) -> dict[str, int]:
    """Independent pieces of evidence dated on or before ``day``: distinct notes/documents
    (``record``, the record's id; one per row when absent), recorded relationships and
    allocations. Returns ``{"notes_or_documents", "records", "allocations", "total"}``."""
    seen: set[Any] = set()
    counts = {"notes_or_documents": 0, "records": 0, "allocations": 0}
    for i, d in enumerate(dated or []):
        start = as_date(d.get("start"))
        if start is None or start > day:
            continue
        if d.get("source") == "mention":
            ident = ("mention", d.get("record") or i)
            if ident in seen:
                continue
            seen.add(ident)
            counts["notes_or_documents"] += 1
        elif d.get("source") == "allocation":
            counts["allocations"] += 1
        else:
            counts["records"] += 1
    counts["total"] = sum(counts.values())
    return counts


def tie_as_of(member: dict[str, Any], dated: list[dict[str, Any]] | None, day: date,
              settings: RankingSettings) -> dict[str, Any]:
    """The weight components of ``member``'s tie as of ``day`` (``member``: as it stood then,
    :func:`dashboards.as_of.member_as_of`). A member with nothing dated (an address) keeps its
    evidence count and is weighed by its dates as they are."""
    counts = evidence_by_then(dated, day)
    evidence = counts["total"] or int(member.get("evidence_count") or 0) or 1
    last = as_date(member.get("last_seen"))
    comp = edge_components({
        "category": member.get("category"), "roles": member.get("roles"),
        "last_seen": last if last is None or last <= day else day, "current": member.get("current"),
        "evidence_count": evidence, "confidence": member.get("confidence"),
        "note_count": counts["notes_or_documents"], "record_count": counts["records"],
        "allocation_count": counts["allocations"], "sources": member.get("sources"),
    }, settings, day)
    if counts["total"] == 0:  # nothing dated: say so rather than "0 notes"
        stored = member.get("rank_components") or {}
        comp.update({k: stored.get(k, 0) for k in ("notes", "documents", "records", "allocations")})
    return comp


def ranks_as_of(members: list[dict[str, Any]], dated: dict[str, list[dict[str, Any]]], day: date,
                settings: RankingSettings) -> list[dict[str, Any]]:
    """``members`` (as they stood on ``day``) re-ranked as of ``day``: ``rank`` 1..N by the tie's
    weight then (then last seen, then key), ``rank_score`` the weight's share, ``rank_components``
    the components as of then. Members with no rank (a map not ranked yet) keep none."""
    out = [dict(m) for m in members]
    ranked = []
    for m in out:
        if m.get("rank") is None:
            continue
        m["rank_components"] = tie_as_of(m, dated.get(m["key"]), day, settings)
        ranked.append(m)
    total = sum(m["rank_components"]["weight"] for m in ranked) or 1.0

    def order(m: dict[str, Any]) -> tuple:
        last = as_date(m["rank_components"].get("last_seen"))
        return (-m["rank_components"]["weight"], -(last.toordinal() if last else 0), str(m["key"]))

    for i, m in enumerate(sorted(ranked, key=order), start=1):
        share = round(m["rank_components"]["weight"] / total, 10)
        m["rank"], m["rank_score"] = i, share
        m["rank_components"] = {**m["rank_components"], "rank": i, "share": share}
    return out
