"""The network as it was on a day (dashboards.as_of): roles, current and ended as of then."""

from __future__ import annotations

from datetime import date

from dashboards.as_of import member_as_of, members_as_of

STEP = {"key": "P-step", "kind": "person", "roles": ["mother's partner"], "category": "household",
        "current": False, "first_seen": "2021-01-01", "last_seen": "2024-05-01"}
STEP_DATED = [{"source": "record", "text": "Step-father", "start": "2021-01-01", "end": "2023-06-30"},
              {"source": "mention", "text": "mother's partner", "start": "2021-03-01"},
              {"source": "mention", "text": None, "start": "2024-05-01"}]


def test_a_relationship_current_then_is_current_and_one_ended_by_then_is_ended():
    during = member_as_of(STEP, STEP_DATED, date(2022, 1, 1))
    assert during["current"] is True and during["ended"] is False
    assert during["last_seen"] == date(2021, 3, 1) and during["roles"] == ["mother's partner"]
    after = member_as_of(STEP, STEP_DATED, date(2023, 12, 31))
    assert after["current"] is False and after["ended"] is True and after["last_seen"] == date(2023, 6, 30)
    assert member_as_of(STEP, STEP_DATED, date(2020, 12, 31)) is None  # not known yet


def test_roles_are_those_known_by_then_not_what_later_records_say():
    nan = {"key": "P-nan", "kind": "person", "roles": ["maternal grandmother"], "category": "family",
           "first_seen": "2020-02-01", "last_seen": "2024-01-01"}
    dated = [{"source": "mention", "text": None, "start": "2020-02-01"},
             {"source": "record", "text": "Maternal Grandmother", "start": "2023-09-01", "end": None}]
    before = member_as_of(nan, dated, date(2021, 1, 1))
    assert (before["roles"], before["category"], before["current"]) == (["mentioned"], "community", False)
    later = member_as_of(nan, dated, date(2023, 10, 1))
    assert (later["roles"], later["category"], later["current"]) == (["maternal grandmother"], "family", True)


def test_a_cue_the_network_overruled_is_not_used_and_relative_roles_keep_their_words():
    reece = {"key": "P-r", "kind": "person", "roles": ["brother of Tia"], "category": "community",
             "first_seen": "2023-01-01"}
    got = member_as_of(reece, [{"source": "mention", "text": "brother", "start": "2023-01-01"},
                               {"source": "mention", "text": "mother", "start": "2023-01-02"}], date(2023, 2, 1))
    assert (got["roles"], got["category"]) == (["brother of Tia"], "community")


def test_a_corrected_role_stands_on_every_day_and_undated_members_stay():
    fixed = dict(STEP, roles=["uncle"], category="family", checked={"kind": "role", "by": "asha"})
    assert member_as_of(fixed, STEP_DATED, date(2022, 1, 1))["roles"] == ["uncle"]
    home = {"key": "A-1", "kind": "address", "roles": ["home address"], "category": "place", "first_seen": "2019-01-01"}
    assert members_as_of([home, STEP], {"P-step": STEP_DATED}, date(2020, 1, 1)) == [home]
    assert members_as_of([dict(home, first_seen="2021-01-01")], {}, date(2020, 1, 1)) == []
