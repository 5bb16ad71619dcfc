"""A practitioner's "right role / group" is the role ranking weighs (ranking.corrections,
ranking.materialise.build_edges): one rule for the map and the ranking."""

from __future__ import annotations

from datetime import date, datetime

from dashboards import corrections
from ranking.corrections import override_role
from ranking.materialise import build_edges
from ranking.settings import RankingSettings
from ranking.weights import edge_components

D = date(2024, 1, 10)


def _named(target, note="N1"):
    return {"child_id": "C1", "target": target, "target_key": target, "target_kind": "person",
            "source": "mention", "note_keys": [f"note:{note}"], "document_keys": [], "mentions": 1,
            "role_text": None, "first_seen": D, "last_seen": D, "confidence": 0.9, "mention_texts": [target]}


def _fix(target, value=None, category=None, at="2026-11-01T10:00:00"):
    return {"child_id": "C1", "target": target, "target_key": target, "target_kind": "person",
            "source": "correction", "evidence_key": "PD-" + at, "role_text": value, "category": category,
            "decided_at": datetime.fromisoformat(at)}


def _edges(rows):
    return {e["target"]: e["props"] for e in build_edges(rows)}


def test_a_corrected_role_is_weighed_as_that_role():
    settings = RankingSettings()
    before = _edges([_named("Pat")])["Pat"]
    after = _edges([_named("Pat"), _fix("Pat", "MGM")])["Pat"]
    assert before["roles"] == ["mentioned"] and before["category"] == "community"
    assert after["roles"] == ["maternal grandmother"] and after["category"] == "family"
    weight = edge_components(after, settings, D)["role_weight"]
    expected = max(settings.category_weights["family"], settings.role_weights.get("maternal grandmother", 0))
    assert weight == round(expected, 6) > edge_components(before, settings, D)["role_weight"]
    # nothing else about the edge changes: the correction is no piece of evidence
    assert {k: v for k, v in after.items() if k not in ("roles", "category")} == \
        {k: v for k, v in before.items() if k not in ("roles", "category")}


def test_a_correction_alone_adds_no_member_and_the_latest_wins():
    assert _edges([_fix("Nobody", "mother")]) == {}
    edge = _edges([_named("Pat"), _fix("Pat", "mother", at="2026-11-01T10:00:00"),
                   _fix("Pat", category="friend_or_peer", at="2026-11-02T10:00:00"),
                   _fix("Pat", "family friend", at="2026-10-01T10:00:00")])["Pat"]
    assert edge["roles"] == ["mother"] and edge["category"] == "friend_or_peer"


def test_the_app_and_the_ranking_apply_the_same_rule():
    decisions = [{"kind": "role", "value": "maternal uncle", "category": None, "decided_by": "asha",
                  "decided_at": "2026-11-01"}]
    member = {"key": "Pat", "roles": ["mentioned"], "category": "community", "decisions": decisions}
    shown = corrections.corrected(member)
    assert (shown["roles"], shown["category"]) == override_role(["mentioned"], "community", decisions)
    assert override_role(["mother"], "family", [{"value": None, "category": "no such group"}]) == (["mother"], "family")
