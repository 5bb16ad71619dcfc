"""A child's context reads another child's row only when they share a parent (the premise of
children_dirty_candidates re-resolving with a changed child only the children sharing a person
who is a parent on both files, linkage.mention_step.parent_role)."""

from __future__ import annotations

from linkage.mention_step import parent_role
from linkage.resolve_mentions import build_contexts


def adult(pid: str, rid: str, given: str, family: str, relationship: str) -> dict:
    return {"person_id": pid, "relationship_id": rid, "given_name": given, "family_name": family,
            "gender": None, "relationship": relationship, "start_date": None, "end_date": None,
            "person_names": [{"given": given, "family": family}]}


def child(cid: str, given: str, adults: list[dict]) -> dict:
    return {"child_id": cid, "person_id": f"P-{cid}", "given_name": given, "family_name": "Okafor",
            "preferred_name": None, "gender": "Female", "adults": adults, "allocations": [], "authors": []}


def context_of(rows: list[dict], cid: str):
    ctx = build_contexts(rows)[cid]
    return sorted((c.person_id, c.tier, sorted(c.names), sorted(c.roles)) for c in ctx.candidates), ctx.siblings


def test_a_child_sharing_only_a_foster_carer_is_not_read():
    carer = adult("P-R-1", "R-1", "Grace", "Mensah", "Foster carer")
    s = child("C-1", "Ada", [carer])
    other = child("C-2", "Ben", [adult("P-R-1", "R-2", "Grace", "Mensah", "Foster Carer (LA)"),
                                 adult("P-R-3", "R-3", "Tom", "Okafor", "Father")])
    changed = child("C-2", "Benjamin", [adult("P-R-1", "R-2", "Grace", "Mensah", "Foster Carer (LA)"),
                                        adult("P-R-9", "R-3", "Thomas", "Okafor-Quayle", "Father")])
    assert context_of([s, other], "C-1") == context_of([s, changed], "C-1")
    assert not any(parent_role(a["relationship"]) for a in s["adults"])


def test_a_child_sharing_a_mother_is_read():
    mum = adult("P-R-1", "R-1", "Grace", "Okafor", "Mother")
    s = child("C-1", "Ada", [mum])
    other = child("C-2", "Ben", [adult("P-R-1", "R-2", "Grace", "Okafor", "Birth mother"),
                                 adult("P-R-3", "R-3", "Tom", "Okafor", "Father")])
    changed = child("C-2", "Ben", [adult("P-R-1", "R-2", "Grace", "Okafor", "Birth mother"),
                                   adult("P-R-3", "R-3", "Tom", "Okafor-Quayle", "Father")])
    before, siblings = context_of([s, other], "C-1")
    assert siblings == {"C-2"} and context_of([s, changed], "C-1")[0] != before
    assert parent_role("Mother") and parent_role("Birth mother")
