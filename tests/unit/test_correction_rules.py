"""The app's rule for practitioner corrections and the checked-only audiences (pure helpers)."""

from __future__ import annotations

from datetime import datetime

from dashboards import corrections, ecomap, views


def _m(key: str, confidence: float | None, decisions: list[dict] | None = None, **kw) -> dict:
    return {"key": key, "kind": "person", "name": key, "category": "community", "roles": ["mentioned"],
            "confidence": confidence, "decisions": decisions or [], **kw}


def _d(kind: str, **kw) -> dict:
    return {"kind": kind, "decided_by": "asha", "decided_at": datetime(2026, 12, 1, 10, 0), **kw}


def test_role_correction_overrides_role_and_group_and_marks_checked():
    m = corrections.corrected(_m("P-1", 0.3, [_d("role", value="maternal uncle", category=None)]))
    assert m["roles"] == ["maternal uncle"] and m["category"] == "family"
    assert m["checked"]["by"] == "asha" and views.checked_words(m) == "Checked by asha, 01 Dec 2026"


def test_chosen_group_wins_over_the_role_words_and_unknown_groups_are_ignored():
    m = corrections.corrected(_m("P-1", 0.9, [_d("role", value="IRO", category="professional")]))
    assert m["category"] == "professional" and m["roles"] == ["IRO"]
    m = corrections.corrected(_m("P-1", 0.9, [_d("role", value=None, category="nonsense")]))
    assert m["category"] == "community" and m["roles"] == ["mentioned"]


def test_latest_role_correction_wins():
    m = corrections.corrected(_m("P-1", 0.9, [_d("role", value="brother", category="family"),
                                               _d("role", value="maternal uncle", category="family")]))
    assert m["roles"] == ["maternal uncle"]


def test_not_a_person_leaves_the_map_and_flags_do_not_count_as_checked():
    members = [_m("P-1", 0.9, [_d("not_person")]), _m("P-2", 0.3, [_d("risk", reason="x")]), _m("P-3", 0.3)]
    out = corrections.apply_corrections(members)
    assert [m["key"] for m in out] == ["P-2", "P-3"]
    assert not any(corrections.is_checked(m) for m in out)
    assert ecomap.flags(out[0]) == {"risk"}


def test_checked_only_keeps_high_or_checked_and_counts_the_rest():
    members = corrections.apply_corrections([
        _m("high", 0.95), _m("recorded", None), _m("medium", 0.6), _m("low", 0.2),
        _m("low-checked", 0.2, [_d("same_person")]), _m("low-looked", 0.3, [_d("role", value="friend")])])
    kept, more = corrections.checked_only(members)
    assert [m["key"] for m in kept] == ["high", "recorded", "low-checked", "low-looked"]
    assert more == 2
    assert corrections.checked_only([]) == ([], 0)


def test_the_member_given_is_not_changed():
    original = _m("P-1", 0.3, [_d("role", value="brother")])
    corrections.corrected(original)
    assert original["roles"] == ["mentioned"] and "checked" not in original


def test_the_rank_explanation_says_the_corrected_role():
    inferred = {"rank": 4, "category": "family", "roles": ["maternal grandmother"], "age_days": 20, "notes": 3}
    m = corrections.corrected(_m("P-1", 0.9, [_d("role", value="family friend", category="community")],
                                 rank_components=inferred))
    why = ecomap.explain_components(inferred, m)
    assert why.startswith("Ranked 4th: family friend") and "grandmother" not in why
    # unchecked members keep what the ranking inferred
    assert "maternal grandmother" in ecomap.explain_components(inferred, _m("P-2", 0.9))
