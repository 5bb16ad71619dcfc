"""The list view beside the map: the same members the map's filters select (drawn or in a collapsed
group), sorted by rank, last seen or group; no ranks or confidence in conversation mode."""

from __future__ import annotations

from datetime import date

from dashboards import ecomap, member_list

MEMBERS = [
    {"key": "P-1", "name": "Karen", "category": "family", "roles": ["mother"], "rank": 1,
     "last_seen": date(2024, 1, 1), "confidence": 0.9},
    {"key": "P-2", "name": "Dave", "category": "household", "roles": ["partner"], "rank": 2,
     "last_seen": date(2024, 5, 1), "confidence": 0.7},
    {"key": "P-3", "name": "Bev", "category": "family", "roles": ["aunt"], "rank": 3,
     "last_seen": None, "confidence": 0.6},
    {"key": "P-4", "name": "Low one", "category": "community", "roles": ["mentioned"], "rank": 4,
     "last_seen": date(2023, 1, 1), "confidence": 0.2},
    {"key": "P-5", "name": "Kyle", "category": "friend_or_peer", "roles": ["friend"], "rank": None,
     "last_seen": date(2024, 5, 1), "confidence": 0.8},
]


def test_lists_what_the_filters_select_including_collapsed_groups():
    sel = ecomap.select_members(MEMBERS, ecomap.View(top_n=2, confidence=frozenset({"high", "medium"})))
    listed = member_list.listed(sel)
    assert {m["key"] for m in listed} == {"P-1", "P-2", "P-3", "P-5"}  # Low confidence filtered out, as on the map
    assert {m["key"] for m in listed if not m["on_map"]} == {"P-3", "P-5"}


def test_sorts():
    keys = lambda by: [m["key"] for m in member_list.sort_members(MEMBERS, by)]  # noqa: E731
    assert keys("rank") == ["P-1", "P-2", "P-3", "P-4", "P-5"]
    assert keys("last_seen") == ["P-2", "P-5", "P-1", "P-4", "P-3"]  # newest first, ties by rank, unseen last
    assert keys("group") == ["P-2", "P-1", "P-3", "P-5", "P-4"]  # household, family, friends, role not known


def test_rows_by_mode():
    practitioner = member_list.rows(member_list.sort_members(MEMBERS), conversation=False)
    assert practitioner[0] == {"key": "P-1", "name": "Karen", "role": "mother", "group": "Family", "on_map": "",
                               "last_seen": "01 Jan 2024", "rank": "1", "confidence": "High"}
    assert practitioner[4]["rank"] == "—" and practitioner[2]["last_seen"] == "—"
    plain = member_list.rows(MEMBERS, conversation=True)
    assert all("rank" not in r and "confidence" not in r for r in plain)
    assert plain[3]["group"] == "Role not known"
