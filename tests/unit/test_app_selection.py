"""Who the shared views list (dashboards.corrections.hidden_keys / fgc_in_notes), pure helpers."""

from __future__ import annotations

from datetime import datetime

from dashboards import corrections


def _m(key: str, category: str, confidence: float | None = 0.9, sources=("mention",), decisions=(), **kw) -> dict:
    return {"key": key, "kind": "person", "name": key, "category": category, "roles": ["aunt"],
            "confidence": confidence, "sources": list(sources), "decisions": list(decisions), "rank": 5, **kw}


def _d(kind: str, **kw) -> dict:
    return {"kind": kind, "decided_by": "asha", "decided_at": datetime(2026, 12, 1), **kw}


def test_fgc_lists_family_side_people_from_the_notes_checked_or_high_only():
    members = [
        _m("P-aunt", "family", rank=9), _m("P-friend", "friend_or_peer", rank=1),
        _m("P-recorded", "family", sources=("record", "mention")),       # recorded: the other list
        _m("P-worker", "family", is_worker=True), _m("P-pro", "professional"),
        _m("P-hidden", "family", decisions=[_d("hide")]),                 # hidden from shared views
        _m("P-low", "family", confidence=0.3),                            # a guess: to check
        _m("P-low-checked", "carer", confidence=0.3, checked={"by": "asha"}),  # retired group: an aunt, family
        {"key": "addr:1", "kind": "address", "category": "place", "sources": ["address"]},
    ]
    chosen, to_check = corrections.fgc_in_notes(members)
    assert [m["key"] for m in chosen] == ["P-low-checked", "P-aunt", "P-friend"]  # by group, then rank
    assert to_check == 1
    assert corrections.hidden_keys(members) == {"P-hidden"}


def test_unhide_brings_a_member_back():
    m = _m("P-1", "family", decisions=[_d("hide"), _d("unhide")])
    assert corrections.hidden_keys([m]) == set()
    assert [x["key"] for x in corrections.fgc_in_notes([m])[0]] == ["P-1"]
