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


def shared(role_here: str, role_there: str, father_family: str, given: str = "Ben") -> list[dict]:
    """C-1 and C-2 sharing one person (P-R-1, with these roles on each file); C-2 has a father too."""
    return [child("C-1", "Ada", [adult("P-R-1", "R-1", "Grace", "Okafor", role_here)]),
            child("C-2", given, [adult("P-R-1", "R-2", "Grace", "Okafor", role_there),
                                 adult("P-R-3", "R-3", "Tom", father_family, "Father")])]


def test_a_child_sharing_only_a_foster_carer_is_not_read():
    before = context_of(shared("Foster carer", "Foster Carer (LA)", "Okafor"), "C-1")
    after = context_of(shared("Foster carer", "Foster Carer (LA)", "Okafor-Quayle", given="Benjamin"), "C-1")
    assert before == after and not before[1]
    assert not parent_role("Foster carer") and not parent_role("Foster Carer (LA)")


def test_a_child_sharing_a_mother_is_read():
    before, siblings = context_of(shared("Mother", "Birth mother", "Okafor"), "C-1")
    assert siblings == {"C-2"} and context_of(shared("Mother", "Birth mother", "Okafor-Quayle"), "C-1")[0] != before
    assert parent_role("Mother") and parent_role("Birth mother")
