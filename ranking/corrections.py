"""A practitioner's "right role / group" as the one rule for every reader of a member's role.

The evidence panel stores the correction (``graph_model.decisions.correct_role``: ``value``, a
role as typed, and/or ``category``, a group key). The app applies it where it reads the map
(``dashboards.corrections``) and materialisation applies it where the NETWORK edge gets its role
and category (``ranking.materialise``), so ranking weighs a corrected member exactly as it would
an inferred role of that kind, and every later run keeps it. Pure.
"""

from __future__ import annotations

from typing import Any, Iterable

from ranking.roles import classify, retired_carer
from ranking.settings import CATEGORIES, RETIRED_CATEGORIES


def override_role(roles: list[str] | None, category: str | None,
                  corrections: Iterable[dict[str, Any]]) -> tuple[list[str], str | None]:
    """``(roles, category)`` after ``corrections`` (oldest first; each with ``value`` and/or
    ``category``): a role replaces the roles; a group replaces the group, else the role's group
    (``maternal grandmother`` → family) does; the latest correction wins. A correction stored
    when ``carer`` was a group reads as the carer's group today (foster: professional; kinship:
    family; a carer role is added when none is given: :func:`ranking.roles.retired_carer`)."""
    roles = list(roles or [])
    for c in corrections:
        role = " ".join(str(c.get("value") or "").split()) or None
        if role:
            roles = [role]
        chosen = c.get("category") or classify(role)[1]
        if chosen in RETIRED_CATEGORIES:
            roles, chosen = retired_carer(roles)
        if chosen in CATEGORIES:
            category = chosen
    return roles, category
