"""Practitioner corrections as the app shows them, and who each audience sees (pure helpers).

:func:`apply_corrections` is the one rule for corrections the app applies when it reads a child's
network (``AppContext.members``): a role/group correction replaces the inferred role and group, a
"Not a person" takes the member off the map at once (the next resolution run unlinks the
mentions for good), and every correction marks the member "checked by <name>, <date>".
:func:`checked_only` is the selection rule for conversation mode, the family-facing printable
page and the FGC list: only High-confidence or practitioner-checked people, and how many more
there are to check. :func:`hidden_keys` and :func:`fgc_in_notes` are the selection rules for
shared views (MACE, the FGC list).
"""

from __future__ import annotations

from typing import Any, Iterable

from dashboards import ecomap

CHECKING_KINDS = frozenset({"same_person", "not_same", "role", "not_person"})
"""Decisions that say a practitioner checked who a member is (flags and hiding do not)."""


def corrected(member: dict[str, Any]) -> dict[str, Any] | None:
    """The member as the practitioners' corrections leave it (``None``: not a person), with
    ``checked`` = ``{"by", "at", "kind"}`` of the latest correction (absent when unchecked). A
    role / group correction follows :func:`ranking.corrections.override_role`, the rule ranking
    weighs by."""
    from ranking.corrections import override_role

    out = dict(member)
    for d in member.get("decisions") or []:  # oldest first: the latest correction wins
        kind = d.get("kind")
        if kind not in CHECKING_KINDS:
            continue
        out["checked"] = {"by": d.get("decided_by"), "at": d.get("decided_at"), "kind": kind}
        if kind == "not_person":
            return None
        if kind == "role":
            roles, category = override_role(out.get("roles"), out.get("category"), [d])
            if d.get("value"):
                out["roles"] = roles
            if category:
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


FGC_GROUPS = ("family", "household", "friend_or_peer", "community")
"""The groups a family group conference asks about (never professionals, associates or places):
kinship carers are family; a foster carer is a professional relationship (docs/glossary.md)."""


def hidden_keys(members: Iterable[dict[str, Any]]) -> set[str]:
    """Members a practitioner hid from shared views (MACE, FGC, exports)."""
    return {m["key"] for m in members if "hidden" in ecomap.flags(m)}


def fgc_in_notes(members: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """The FGC list's "in the notes but not in the recorded relationships": people (not workers,
    not hidden) known only from notes or a shared address, in a family-side group, by group then
    rank; checked or High-confidence people only (a conference sees no guess), and how many more
    there are to check."""
    hidden = hidden_keys(members)
    chosen = [m for m in members if m.get("kind") == "person" and m["key"] not in hidden
              and set(m.get("sources") or []) <= {"mention", "address"}
              and ecomap.category_of(m) in FGC_GROUPS and not m.get("is_worker")]
    chosen.sort(key=lambda m: (ecomap.CATEGORIES.index(ecomap.category_of(m)), m.get("rank") or 10**9))
    return checked_only(chosen)
