"""The weight of one NETWORK edge: role × recency × evidence (× confidence). Pure functions.

* **role weight** — the highest per-role override among the edge's roles, else the weight of
  its category (:class:`ranking.settings.RankingSettings`);
* **recency** — ``exp(−ln 2 · age / half_life) = 0.5 ** (age / half_life)`` with ``age`` the
  days between ``last_seen`` and the ranking date; ``1`` for a relationship still current
  (an open allocation or a recorded relationship with no end date); dates after the ranking
  date count as age 0;
* **evidence** — ``1 + scale · ln(n)`` with ``n`` the independent notes, documents and
  records behind the edge (one source → 1; twenty notes → about 2.5 with the default scale);
* **confidence** — the edge's resolution confidence, floored, when enabled.

The product is the edge weight the personalised PageRank walks on (ranking/rank.py).
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from ranking.settings import RankingSettings

LN2 = math.log(2.0)


def recency_decay(last_seen: date | None, as_of: date, half_life_days: float, *,
                  current: bool = False, undated: float = 0.25) -> float:
    """``exp(-ln2 * age / half_life)``; 1 when current; ``undated`` when there is no date."""
    if current:
        return 1.0
    if last_seen is None:
        return undated
    age = max(0, (as_of - last_seen).days)
    return math.exp(-LN2 * age / half_life_days)


def evidence_factor(evidence_count: int | None, scale: float = 0.5) -> float:
    """``1 + scale * ln(n)`` for ``n >= 1`` independent pieces of evidence (monotone)."""
    n = max(1, int(evidence_count or 1))
    return 1.0 + scale * math.log(n)


def role_weight(category: str | None, roles: list[str] | None, settings: RankingSettings) -> float:
    """The category weight, raised by any per-role override (``mother``, ``sibling``...).

    An edge whose only role is ``mentioned`` (named in the notes, no role cue, no record)
    gets the ``mentioned`` weight: the one-off mention, lowest of all.
    """
    roles = list(roles or [])
    named = [r for r in roles if r != "mentioned"]
    if not named and "mentioned" in roles and "mentioned" in settings.role_weights:
        return settings.role_weights["mentioned"]
    weights = [settings.category_weights.get(category or "", settings.default_weight)]
    weights += [settings.role_weights[r] for r in named if r in settings.role_weights]
    return max(weights)


def _as_date(value: Any) -> date | None:
    if value is None:
        return None
    if hasattr(value, "to_native"):  # neo4j.time.Date / DateTime
        value = value.to_native()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def edge_components(edge: dict[str, Any], settings: RankingSettings, as_of: date | None = None) -> dict[str, Any]:
    """Everything that makes up one edge's weight, as stored in ``rank_components``.

    ``edge`` holds the NETWORK properties (``category``, ``roles``, ``last_seen``,
    ``current``, ``evidence_count``, ``note_count``, ``document_count``, ``record_count``,
    ``confidence``).
    """
    as_of = as_of or settings.as_of_date()
    last_seen = _as_date(edge.get("last_seen"))
    current = bool(edge.get("current"))
    roles = list(edge.get("roles") or [])
    rw = role_weight(edge.get("category"), roles, settings)
    rec = recency_decay(last_seen, as_of, settings.half_life_days, current=current,
                        undated=settings.undated_recency)
    ev = evidence_factor(edge.get("evidence_count"), settings.evidence_log_scale)
    conf = edge.get("confidence")
    conf_factor = max(settings.min_confidence, float(conf)) if (settings.use_confidence and conf is not None) else 1.0
    weight = rw * rec * ev * conf_factor
    return {
        "category": edge.get("category"),
        "roles": roles,
        "role_weight": round(rw, 6),
        "recency": round(rec, 6),
        "evidence": round(ev, 6),
        "confidence": round(conf_factor, 6),
        "weight": round(weight, 9),
        "last_seen": last_seen.isoformat() if last_seen else None,
        "age_days": (max(0, (as_of - last_seen).days) if last_seen else None),
        "current": current,
        "as_of": as_of.isoformat(),
        "half_life_days": settings.half_life_days,
        "evidence_count": int(edge.get("evidence_count") or 0),
        "notes": int(edge.get("note_count") or 0),
        "documents": int(edge.get("document_count") or 0),
        "records": int(edge.get("record_count") or 0),
        "allocations": int(edge.get("allocation_count") or 0),
        "sources": list(edge.get("sources") or []),
    }
