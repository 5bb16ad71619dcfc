"""What each evidence-panel button decides (dashboards.decision_actions): pure, no graph write."""

from __future__ import annotations

import pytest

from dashboards import decision_actions as da
from dashboards import ids
from graph_model.decisions import DecisionError

AUNT = {"key": "P-1", "kind": "person", "roles": ["aunt", "mentioned"], "category": "family", "decisions": []}


def test_flags_and_hiding_are_one_decision_each():
    risk = da.decisions_for(ids.DECIDE_RISK, AUNT, "")
    assert risk.decisions == [("risk", "P-1", None)] and risk.status.startswith("Flagged as a risk")
    assert da.decisions_for(ids.DECIDE_CLEAR, AUNT, "x").decisions == [("clear_flag", "P-1", None)]
    hide = da.decisions_for(ids.DECIDE_HIDE, AUNT, "")
    assert hide.decisions == [("hide", "P-1", None)] and hide.reason == "hidden from shared views"
    hidden = {**AUNT, "decisions": [{"kind": "hide", "decided_by": "asha"}]}
    unhide = da.decisions_for(ids.DECIDE_HIDE, hidden, "")
    assert unhide.decisions == [("unhide", "P-1", None)] and unhide.reason == "" and "again" in unhide.status


def test_confirm_merges_the_ticked_records_into_the_first():
    done = da.decisions_for(ids.DECIDE_CONFIRM, AUNT, "", ticked=["R-3", "R-1", "R-9"], record_ids=["R-1", "R-2", "R-3"])
    assert done.decisions == [("confirm_merge", "R-1", "R-3")]  # R-9 is not this person's record
    with pytest.raises(DecisionError, match="at least two"):
        da.decisions_for(ids.DECIDE_CONFIRM, AUNT, "", ticked=["R-1"], record_ids=["R-1", "R-2"])


def test_split_needs_a_reason_and_one_record_on_each_side():
    done = da.decisions_for(ids.DECIDE_SPLIT, AUNT, "two women", ticked=["R-2"], record_ids=["R-1", "R-2", "R-3"])
    assert done.decisions == [("split", "R-1", "R-2"), ("split", "R-3", "R-2")] and "2 record(s)" in done.status
    for ticked, reason in ((["R-1", "R-2"], "x"), ([], "x"), (["R-2"], "")):
        with pytest.raises(DecisionError):
            da.decisions_for(ids.DECIDE_SPLIT, AUNT, reason, ticked=ticked, record_ids=["R-1", "R-2"])
    with pytest.raises(DecisionError, match="unknown"):
        da.decisions_for("decide-nothing", AUNT, "")


def test_corrections_say_what_is_stored():
    same = da.correction_for(ids.DECIDE_SAME, AUNT, same_as="C-2|P-9")
    assert (same.kind, same.other_child, same.other_key) == ("same_person", "C-2", "P-9")
    assert same.other_map("C-1") == "C-2" and da.correction_for(ids.DECIDE_SAME, AUNT, same_as="C-1|P-9").other_map("C-1") is None
    with pytest.raises(DecisionError, match="pick the person"):
        da.correction_for(ids.DECIDE_SAME, AUNT, same_as="")
    assert da.correction_for(ids.DECIDE_NOT_SAME, AUNT, names=["Bev"]).names == ["Bev"]
    assert da.correction_for(ids.DECIDE_NOT_PERSON, AUNT).kind == "not_person"
    role = da.correction_for(ids.DECIDE_ROLE, AUNT, role="maternal uncle", group="family")
    assert (role.kind, role.role, role.category) == ("role", "maternal uncle", "family")
    looks = da.correction_for(ids.DECIDE_LOOKS_RIGHT, AUNT, role="ignored", group="ignored")
    assert (looks.role, looks.category) == ("aunt", "family")  # the member as shown, stored as checked
    assert da.correction_for(ids.DECIDE_LOOKS_RIGHT, {"key": "P-2", "roles": []}).category == "community"
