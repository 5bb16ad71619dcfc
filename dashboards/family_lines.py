"""Lines between members of a child's map where the records say how they are related (pure).

Drawn only when the user turns them on. Only recorded relationships count, never guesses from the
notes: the adults recorded for the child (``Mother``, ``Mum's partner``, ``Maternal
Grandmother``...) and the adults recorded for a sibling child on the map
(``cypher/app/member_ties.cypher``):

* **partner** — the mother and her partner, the father and his partner;
* **parent** — a maternal grandparent and the mother, a paternal grandparent and the father, a
  parent recorded on a sibling's file and that sibling;
* **siblings** — two sibling children on the map with a recorded parent in common.

A line joins two members both drawn on the map (``shown``), once per pair.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

from ranking.roles import canonical_role, parent_side

KINDS = {"partner": "partner", "parent": "parent and child", "siblings": "brothers and sisters"}

_GRANDPARENT_SIDE = {"maternal grandmother": "mother", "maternal grandfather": "mother",
                     "paternal grandmother": "father", "paternal grandfather": "father"}
_PARTNER_OF = {"mother's partner": "mother", "father's partner": "father"}


def family_lines(own: Iterable[dict[str, Any]], siblings: Iterable[dict[str, Any]],
                 shown: Iterable[str]) -> list[dict[str, str]]:
    """``[{"source", "target", "kind"}]`` (kind: ``partner`` / ``parent`` / ``siblings``), sorted."""
    shown = set(shown)
    roles: dict[str, set[str]] = defaultdict(set)
    for r in own:
        role = canonical_role(r.get("relationship"))
        if r.get("key") and role:
            roles[role].add(r["key"])
    lines: dict[tuple[str, str], str] = {}

    def add(a: str, b: str, kind: str) -> None:
        if a != b and a in shown and b in shown:
            lines.setdefault((min(a, b), max(a, b)), kind)

    for role, side in _PARTNER_OF.items():
        for partner in roles.get(role, ()):
            for parent in roles.get(side, ()):
                add(parent, partner, "partner")
    for role, side in _GRANDPARENT_SIDE.items():
        for grandparent in roles.get(role, ()):
            for parent in roles.get(side, ()):
                add(grandparent, parent, "parent")
    parents_of: dict[str, set[str]] = defaultdict(set)
    for r in siblings:
        if r.get("sibling") and r.get("key") and parent_side(r.get("relationship")):
            parents_of[r["sibling"]].add(r["key"])
            add(r["key"], r["sibling"], "parent")
    kids = sorted(parents_of)
    for i, a in enumerate(kids):
        for b in kids[i + 1:]:
            if parents_of[a] & parents_of[b]:
                add(a, b, "siblings")
    return [{"source": a, "target": b, "kind": k} for (a, b), k in sorted(lines.items())]
