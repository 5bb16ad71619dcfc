"""The list view beside the map (pure): the same members the map's filters select — drawn one by one
or inside a collapsed group — as rows, sorted by rank, last seen or group."""

from __future__ import annotations

from datetime import date
from typing import Any

from dashboards import ecomap
from graph_model.values import as_date

SORTS = {"rank": "Rank", "last_seen": "Last seen (newest first)", "group": "Group"}


def _rank(m: dict[str, Any]) -> int:
    r = m.get("rank")
    return r if isinstance(r, int) and r > 0 else 10**9


def listed(sel: ecomap.Selection) -> list[dict[str, Any]]:
    """Every member that passes the map's filters: those drawn, then those in collapsed groups
    (``on_map`` says which)."""
    out = [{**m, "on_map": True} for m in sel.shown]
    out += [{**m, "on_map": False} for ms in sel.groups.values() for m in ms]
    return out


def sort_members(members: list[dict[str, Any]], by: str = "rank") -> list[dict[str, Any]]:
    """Rank: 1 first. Last seen: newest first, never-seen last. Group: the key's order, then rank.
    Ties keep rank order, then name."""
    base = sorted(members, key=lambda m: (_rank(m), str(m.get("name") or "").casefold(), str(m.get("key"))))
    if by == "last_seen":
        return sorted(base, key=lambda m: -(as_date(m.get("last_seen")) or date.min).toordinal())
    if by == "group":
        return sorted(base, key=lambda m: ecomap.DISPLAY_GROUPS.index(ecomap.display_group(m)))
    return base


def rows(members: list[dict[str, Any]], *, conversation: bool = False) -> list[dict[str, str]]:
    """Table cells: name, relationship/role, group, last seen; rank and confidence for practitioners
    only (conversation mode shows no ranks or confidence)."""
    out = []
    for m in members:
        row = {"key": str(m.get("key")), "name": str(m.get("name") or "(no name)"),
               "role": ecomap.short_role(m) or "—", "group": ecomap.group_label(m),
               "on_map": "" if m.get("on_map", True) else "in a group"}
        d = as_date(m.get("last_seen"))
        row["last_seen"] = d.strftime("%d %b %Y") if d else "—"
        if not conversation:
            row["rank"] = "—" if _rank(m) == 10**9 else str(_rank(m))
            row["confidence"] = ecomap.confidence_bucket(m.get("confidence")).capitalize()
        out.append(row)
    return out
