"""Which evidence decides a network member's category (ranking.roles, ranking.materialise).

There is no carer group (docs/glossary.md): a foster carer is a professional relationship, a
kinship / SGO carer family; both rank with parents by their role, and a graph, a correction or a
settings file from when ``carer`` was a group still reads (ranking.settings, ranking.roles)."""

from __future__ import annotations

from datetime import date

import pytest

from dashboards import ecomap
from ranking.corrections import override_role
from ranking.materialise import build_edges, evidence_item
from ranking.roles import (classify, current_category, is_role_word_only, is_title_only, parent_side, retired_carer,
                           sibling_role, title_role)
from ranking.settings import CATEGORIES, RankingSettings
from ranking.viewer_network import structured_members
from ranking.weights import edge_components, role_weight

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


def test_a_role_word_alone_that_contradicts_the_known_roles_is_a_linking_slip():
    # "Mrs Okoro (DSL)" in one note, "dad" joined to her by coreference in another
    named = _mention("ok", "designated safeguarding lead", texts=["Mrs Okoro"], known_roles=["DSL"])
    dad = _mention("ok", "father", texts=["dad"], note="N2", known_roles=["DSL"])
    assert _props([named, dad])["ok"]["category"] == "professional"
    assert _props([dict(dad, known_roles=["youth worker"])])["ok"]["category"] == "professional"
    assert is_role_word_only(["Dad", "the older male"]) and not is_role_word_only(["Mrs Okoro", "dad"])
    # a role word that fits (or with nothing known) is as good as a phrase
    assert _props([dict(dad, known_roles=None)])["ok"]["category"] == "family"
    partner = _mention("wf", "mother's partner", texts=["mum's partner"], known_roles=["Mum's partner"])
    boyfriend = _mention("wf", "boyfriend", texts=["Wes Fane"], note="N2", known_roles=["Mum's partner"])
    assert _props([partner, boyfriend])["wf"]["category"] == "household"


def test_equal_evidence_goes_to_the_category_the_person_is_known_by():
    dsl = _mention("pa", "designated safeguarding lead", texts=["DSL"], known_roles=["DSL", "father"])
    dad = _mention("pa", "father", texts=["Dad"], note="N2", known_roles=["DSL", "father"])
    assert _props([dsl, dad])["pa"]["category"] == "family"  # both known: the weightiest
    dsl, dad = dict(dsl, known_roles=["DSL"]), dict(dad, known_roles=["DSL"])
    assert _props([dsl, dad])["pa"]["category"] == "professional"


def test_a_professional_title_in_the_name_makes_a_professional_when_nothing_else_does():
    assert title_role(["Dr Adeyemi"]) == "doctor" and title_role(["PC Hollis"]) == "police officer"
    assert title_role(["Mrs Hollis", "Dr"]) is None
    assert _props([_mention("dr", None, texts=["Dr Adeyemi"])])["dr"]["category"] == "professional"
    assert _props([_mention("dr", "mother", texts=["Dr Adeyemi"])])["dr"]["category"] == "family"


@pytest.mark.parametrize("text,role,category", [
    ("Associate - known as 'Bones'", "associate", "associate_or_risk"),
    ("Known associate", "associate", "associate_or_risk"),
    ("Person of concern", "person of concern", "associate_or_risk"),
    ("Lodger", "lodger", "household"),
    ("Maternal Uncle - RISK (see alert)", "maternal uncle", "associate_or_risk"),
    ("Mother (at risk of DV)", "mother", "family"),
    ("Aunt (paternal)", "paternal aunt", "family"),
])
def test_recorded_relationship_text_with_a_tail(text, role, category):
    assert classify(text) == (role, category)


def test_one_vocabulary_of_groups_without_carer():
    assert "carer" not in CATEGORIES and ecomap.CATEGORIES is CATEGORIES
    assert len(ecomap.DISPLAY_GROUPS) == 8  # seven stored groups and "Role not known"
    assert len({ecomap.DISPLAY_STYLE[g]["shape"] for g in ecomap.DISPLAY_GROUPS}) == 8


def test_carers_take_the_glossarys_group_and_the_parents_weight():
    edges = {e["target"]: e["props"] for e in build_edges([
        _record("fc", "Foster Carer (IFA)"), _lives_here("fc"), _record("sgo", "SGO carer"), _lives_here("sgo"),
        _record("mum", "Mum"), _record("sw", "Social Worker")])}
    # living with the child changes neither: as for a parent who lives there (family stays family)
    assert (edges["fc"]["category"], edges["fc"]["roles"][0]) == ("professional", "foster carer")
    assert (edges["sgo"]["category"], edges["sgo"]["roles"][0]) == ("family", "kinship carer")
    s = RankingSettings()
    weight = {k: edge_components(e, s, date(2024, 1, 1))["role_weight"] for k, e in edges.items()}
    assert weight["fc"] == weight["sgo"] == weight["mum"] == 1.0 > 0.25 == role_weight("professional", ["social worker"], s)


def test_records_only_map_ranks_a_foster_carer_with_parents():
    rows = [{"key": k, "name": k, "role": r, "source": "record"} for k, r in
            (("a-sw", "Social Worker"), ("b-fc", "Foster carer"), ("c-nan", "Maternal grandmother"))]
    members = {m["key"]: m for m in structured_members(rows)}
    assert members["b-fc"]["category"] == "professional"
    assert members["b-fc"]["rank"] == 1 and members["c-nan"]["rank"] == 2 and members["a-sw"]["rank"] == 3


def test_a_stored_carer_group_reads_by_the_role():
    assert current_category("carer", ["foster carer"]) == "professional"
    assert current_category("carer", ["kinship carer"]) == "family"
    assert current_category("family", ["foster carer"]) == "family"  # only the retired group is re-read
    # a member drawn from a graph materialised before: the group the app draws
    assert ecomap.category_of({"category": "carer", "roles": ["special guardian"]}) == "family"
    assert ecomap.display_group({"category": "carer", "roles": ["foster carer"]}) == "professional"
    # a relative or a family friend put in "Carers" keeps a carer's role (and weight)
    assert retired_carer(["maternal aunt"]) == (["maternal aunt", "kinship carer"], "family")
    assert retired_carer(["family friend"]) == (["family friend", "connected person"], "friend_or_peer")
    assert retired_carer([]) == (["foster carer"], "professional")


def test_a_stored_correction_to_the_carer_group_still_applies():
    assert override_role(["mentioned"], "community", [{"category": "carer"}]) == (["foster carer"], "professional")
    assert override_role(["maternal aunt"], "family", [{"value": "kinship carer", "category": "carer"}]) == (
        ["kinship carer"], "family")
    roles, category = override_role(["maternal aunt"], "family", [{"category": "carer"}])
    assert category == "family" and role_weight(category, roles, RankingSettings()) == 1.0


def test_a_team_settings_file_naming_carer_still_loads():
    s = RankingSettings.from_path_or_dict({"category_weights": {"carer": 0.9, "professional": 0.3}})
    assert "carer" not in s.category_weights and s.category_weights["professional"] == 0.3
    assert s.role_weights["foster carer"] == s.role_weights["kinship carer"] == 0.9
    assert s.role_weights["mother"] == 1.0  # the other defaults stay
    own = RankingSettings(category_weights={"carer": 0.9}, role_weights={"foster carer": 0.5})
    assert own.role_weights["foster carer"] == 0.5 and own.role_weights["special guardian"] == 0.9
