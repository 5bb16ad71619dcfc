"""The network as it was on a day (the map's time slider), from dated evidence (pure).

A member's recorded relationships and allocations have periods, and their mentions have the dates
of the records they are in (``cypher/app/member_dates.cypher``). As of a day:

* a member is on the map once anything dated on or before that day names them (else once their
  ``first_seen`` has passed, for members with no dated evidence, such as a shared address);
* **roles** are those known by then: recorded relationships and allocations begun by then first,
  then the role cues (among those the network accepted) in records dated by then; someone known by
  then only as a name is "named in the notes" (community, drawn as "Role not known"), whatever later
  records call them;
* **current**: a recorded relationship or allocation begun by then and not ended by then;
  **ended**: every such period had ended by then;
* **last seen**: the latest dated evidence on or before that day.

A practitioner's role correction says who someone *is*, so it stands on every day. Pure and
deterministic; unit tested in ``tests/unit/test_as_of.py``.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any, Iterable

from graph_model.values import as_date
from ranking.roles import classify

PERIOD_SOURCES = ("record", "allocation")


def member_as_of(member: dict[str, Any], dated: list[dict[str, Any]] | None, day: date) -> dict[str, Any] | None:
    """``member`` as it stood on ``day``; ``None`` when nothing names them by then."""
    items = [dict(d, start=as_date(d.get("start")), end=as_date(d.get("end"))) for d in dated or []]
    known = [d for d in items if d["start"] is not None and d["start"] <= day]
    if not known:
        first = as_date(member.get("first_seen"))
        if items and any(d["start"] for d in items) or (first is not None and first > day):
            return None
        return dict(member)  # nothing dated to go by (an address, a co-resident): as it is
    out = dict(member)
    periods = [d for d in known if d["source"] in PERIOD_SOURCES]
    out["current"] = any(d["end"] is None or d["end"] > day for d in periods)
    out["ended"] = bool(periods) and not out["current"]
    seen = [d["start"] for d in known] + [d["end"] for d in periods if d["end"] and d["end"] <= day]
    out["last_seen"] = max(seen)
    out["first_seen"] = min(d["start"] for d in known)
    checked = (member.get("checked") or {}).get("kind") == "role"
    if member.get("kind", "person") == "person" and not checked:
        out["roles"], out["category"] = _roles_then(known, member)
    return out


def _as_shown(cue: str, member: dict[str, Any]) -> tuple[str, str | None] | None:
    """A role cue as the map shows the member: one of the member's roles that it is, or that it is
    relative to someone ("brother" -> "brother of Tia", category as the map has it); ``None`` for a
    cue the network did not accept (a guess it overruled)."""
    for role in member.get("roles") or []:
        if role == cue or role.startswith(cue + " of "):
            return role, (classify(role)[1] if role == cue else None) or member.get("category")
    return None


def _roles_then(known: list[dict[str, Any]], member: dict[str, Any]) -> tuple[list[str], str | None]:
    recorded: list[tuple[str, str | None]] = []
    cues: Counter[tuple[str, str | None]] = Counter()
    for d in known:
        role, category = classify(d.get("text"), professional=d["source"] == "allocation")
        if not role:
            continue
        if d["source"] in PERIOD_SOURCES:
            recorded.append((role, category))
        elif (shown := _as_shown(role, member)) is not None:
            cues[shown] += 1
    ranked = list(dict.fromkeys(recorded + [rc for rc, _ in sorted(cues.items(), key=lambda x: (-x[1], x[0]))]))
    if not ranked:
        if member.get("is_worker"):
            return list(member.get("roles") or []), member.get("category")
        return ["mentioned"], "community"
    category = next((c for _, c in ranked if c), None) or member.get("category")
    return [r for r, _ in ranked], category


def members_as_of(members: Iterable[dict[str, Any]], dated: dict[str, list[dict[str, Any]]],
                  day: date) -> list[dict[str, Any]]:
    """Every member as of ``day`` (``dated``: key -> dated evidence), those not known yet left out."""
    return [m for m in (member_as_of(x, dated.get(x["key"]), day) for x in members) if m is not None]


def records_in_month(rows: Iterable[dict[str, Any]], month: str) -> list[dict[str, Any]]:
    """The chronology rows (``graph_model.queries.chronology``) dated in ``month`` (``YYYY-MM``), by date."""
    out = [r for r in rows if (d := as_date(r.get("date"))) is not None and d.isoformat()[:7] == month]
    return sorted(out, key=lambda r: (as_date(r.get("date")), r.get("kind") or "", str(r.get("record_id"))))
