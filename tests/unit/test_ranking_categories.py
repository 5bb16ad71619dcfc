"""Which evidence decides a network member's category (ranking.roles, ranking.materialise)."""

from __future__ import annotations

from datetime import date

import pytest

from ranking.materialise import build_edges, evidence_item
from ranking.roles import classify, is_title_only, parent_side, sibling_role

D = date(2024, 1, 10)


def _mention(target, role=None, texts=None, note="N1", **extra):
    return {"child_id": "C1", "target": target, "target_key": target, "target_kind": "person",
            "source": "mention", "note_keys": [f"note:{note}"], "document_keys": [], "mentions": 1,
            "role_text": role, "first_seen": D, "last_seen": D, "confidence": 0.9,
            "mention_texts": texts or [target], **extra}


def _record(target, relationship):
    return {"child_id": "C1", "target": target, "target_key": target, "target_kind": "person",
            "source": "record", "evidence_key": f"significant_adults:{target}", "role_text": relationship,
            "start_date": date(2023, 1, 1), "end_date": None, "recorded_on": date(2023, 1, 1), "confidence": 1.0}


def _lives_here(target):
    return {"child_id": "C1", "target": target, "target_key": target, "target_kind": "person",
            "source": "address", "evidence_key": "address:A1", "first_seen": date(2022, 1, 1), "last_seen": None}


def _sibling(target, shared, mine, theirs, gender="Male"):
    return {"child_id": "C1", "target": target, "target_key": target, "target_kind": "person",
            "source": "sibling", "evidence_key": f"sibling:{target}", "gender": gender,
            "shared": [{"parent": p, "mine": m, "theirs": t} for p, m, t in shared],
            "mine": [{"parent": p, "relationship": r} for p, r in mine],
            "theirs": [{"parent": p, "relationship": r} for p, r in theirs]}


def _props(rows):
    return {e["target"]: e["props"] for e in build_edges(rows)}


@pytest.mark.parametrize("text", ["person", "Person", "someone", "individual"])
def test_generic_words_are_no_role(text):
    assert classify(text) == (None, None)


def test_the_word_professional_is_a_professional():
    assert classify("professional") == ("professional", "professional")
    assert _props([_mention("g", None, known_roles=["professional"])])["g"]["category"] == "professional"


def test_parent_side_only_for_parents():
    assert [parent_side(t) for t in ("Mum", "Birth Father", "Parent", "Step-father", "Maternal grandmother")] == [
        "mother", "father", "parent", None, None]


def test_sibling_role_from_shared_parents():
    both = {"mother": "P-mum", "father": "P-dad"}
    assert sibling_role(both, both, {"P-mum", "P-dad"}, "Male") == "brother"
    assert sibling_role(both, both, {"P-mum", "P-dad"}, "Female") == "sister"
    other_dad = {"mother": "P-mum", "father": "P-dad2"}
    assert sibling_role(both, other_dad, {"P-mum"}, "Female") == "half-sister"
    assert sibling_role({"mother": "P-mum"}, {"mother": "P-mum"}, {"P-mum"}, "Male") == "sibling"
    assert sibling_role(both, both, set(), "Male") is None


def test_kin_title_inside_a_name_is_only_a_title():
    assert is_title_only("aunt", ["Aunty Ngozi"]) and is_title_only("uncle", ["Uncle Tony", "Uncle Tony B"])
    assert not is_title_only("aunt", ["Aunty Ngozi", "aunt"])  # also named by the role word itself
    assert not is_title_only("aunt", ["Aunty"])
    assert not is_title_only("family friend", ["Aunty Ngozi"])


def test_brother_who_lives_with_the_child_is_family_not_household():
    rows = [_mention("kel"), _lives_here("kel"),
            _sibling("kel", [("P-mum", "Mother", "Mother"), ("P-dad", "Father", "Father")],
                     [("P-mum", "Mother"), ("P-dad", "Father")], [("P-mum", "Mother"), ("P-dad", "Father")])]
    kel = _props(rows)["kel"]
    assert kel["category"] == "family" and kel["roles"][0] == "brother"
    assert kel["evidence_count"] == 1 and kel["sources"] == ["address", "mention"]  # refines, adds no evidence


def test_named_adult_who_lives_there_is_household_and_sibling_alone_adds_no_one():
    rows = [_mention("lodger"), _lives_here("lodger"),
            _sibling("unnamed", [("P-mum", "Mother", "Mother")], [("P-mum", "Mother")], [("P-mum", "Mother")])]
    props = _props(rows)
    assert props["lodger"]["category"] == "household" and "unnamed" not in props
    # a shared adult who is a parent of only one of them makes no sibling
    step = _sibling("s", [("P-x", "Mother", "Mother's partner")], [("P-x", "Mother")], [("P-x", "Mother's partner")])
    assert evidence_item(step) is None


def test_mums_boyfriend_who_lives_there_is_household():
    rows = [_mention("lee", "boyfriend"), _lives_here("lee")]
    assert _props(rows)["lee"]["category"] == "household"


def test_recorded_relationship_beats_a_phrase_in_the_notes():
    rows = [_record("mum", "Mother"), _mention("mum", "mother's partner"), _mention("mum", "mother", note="N2")]
    mum = _props(rows)["mum"]
    assert mum["category"] == "family" and mum["roles"][0] == "mother"


def test_phrase_next_to_the_name_beats_a_kin_title_in_the_name():
    title = _mention("ngozi", "aunt", texts=["Aunty Ngozi"])
    phrase = _mention("ngozi", "family friend", texts=["Ngozi Eze", "family friend"], note="N2")
    assert _props([title, phrase])["ngozi"]["category"] == "community"
    # roles known from elsewhere (her record on a sibling's file) also outweigh the title
    known = dict(title, known_roles=["Family friend"])
    assert _props([known])["ngozi"]["category"] == "community"
    # a title is still evidence when nothing else is known
    assert _props([title])["ngozi"]["category"] == "family"


def test_explicit_phrase_beats_roles_known_from_elsewhere():
    row = _mention("p", "friend", known_roles=["Mother"])
    assert _props([row])["p"]["category"] == "friend_or_peer"


def test_agency_next_to_the_name_makes_a_professional():
    row = _mention("et", None, texts=["Eleanor Thwaite"], agencies=["CAMHS"])
    props = _props([row])["et"]
    assert props["category"] == "professional" and props["roles"] == ["camhs worker"]
    school = _mention("cb", None, agencies=["Headfield Junior School"])
    assert _props([school])["cb"]["category"] == "professional"


def test_name_with_nothing_else_is_role_not_known():
    for row in (_mention("x"), _mention("y", "person")):
        props = _props([row])[row["target"]]
        assert props["category"] == "community" and props["roles"] == ["mentioned"]


def test_a_child_on_the_records_is_never_a_professional():
    row = _mention("child:C2", "social worker", texts=["SW"], is_child=True)
    props = _props([row, _lives_here("child:C2")])["child:C2"]
    assert props["category"] == "household" and "social worker" not in props["roles"]
