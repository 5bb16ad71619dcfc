"""Practitioner corrections as the app shows them, and who each audience sees (pure helpers).

:func:`apply_corrections` is the one rule for corrections the app applies when it reads a child's
network (``AppContext.members``): a role/group correction replaces the inferred role and group, a
"Not a person" takes the member off the map at once (the next resolution run unlinks the
mentions for good), and every correction marks the member "checked by <name>, <date>".
:func:`checked_only` is the selection rule for conversation mode, the family-facing printable
page and the FGC list: only High-confidence or practitioner-checked people, and how many more
there are to check.
"""

from __future__ import annotations

from typing import Any, Iterable

from dashboards import ecomap

CHECKING_KINDS = frozenset({"same_person", "not_same", "role", "not_person"})
"""Decisions that say a practitioner checked who a member is (flags and hiding do not)."""


def _role_category(role: str | None) -> str | None:
    if not role:
        return None
    from ranking.roles import classify

    return classify(role)[1]


def corrected(member: dict[str, Any]) -> dict[str, Any] | None:
    """The member as the practitioners' corrections leave it (``None``: not a person), with
    ``checked`` = ``{"by", "at", "kind"}`` of the latest correction (absent when unchecked)."""
    out = dict(member)
    for d in member.get("decisions") or []:  # oldest first: the latest correction wins
        kind = d.get("kind")
        if kind not in CHECKING_KINDS:
            continue
        out["checked"] = {"by": d.get("decided_by"), "at": d.get("decided_at"), "kind": kind}
        if kind == "not_person":
            return None
        if kind == "role":
            role = d.get("value")
            category = d.get("category") or _role_category(role)
            if role:
                out["roles"] = [role]
            if category in ecomap.CATEGORIES:
                out["category"] = category
    return out


def apply_corrections(members: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every member with its corrections applied; members marked "Not a person" left out."""
    return [m for m in (corrected(x) for x in members) if m is not None]


def is_checked(member: dict[str, Any]) -> bool:
    return bool(member.get("checked"))


def checked_only(members: Iterable[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """What a family-facing or conference audience sees by default: members with High confidence
    or checked by a practitioner, in the order given; and how many were left out to check."""
    kept, more = [], 0
    for m in members:
        if is_checked(m) or ecomap.confidence_bucket(m.get("confidence")) == "high":
            kept.append(m)
        else:
            more += 1
    return kept, more
