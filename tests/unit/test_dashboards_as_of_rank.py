"""Ranks and node sizes as of a day on the time slider (ranking.as_of_rank), from dated evidence."""

from __future__ import annotations

from datetime import date

from dashboards.as_of import members_as_of
from dashboards.ecomap import node_size
from ranking.as_of_rank import evidence_by_then, ranks_as_of, tie_as_of
from ranking.settings import RankingSettings
from ranking.weights import evidence_factor, recency_decay, role_weight

S = RankingSettings(as_of=date(2025, 1, 1))
AUNT = {"key": "P-aunt", "kind": "person", "roles": ["aunt"], "category": "family", "rank": 2,
        "current": False, "first_seen": "2021-01-10", "last_seen": "2021-03-02", "evidence_count": 3}
FRIEND = {"key": "P-friend", "kind": "person", "roles": ["friend"], "category": "friend_or_peer", "rank": 1,
          "current": False, "first_seen": "2021-02-01", "last_seen": "2024-12-01", "evidence_count": 5}
DATED = {
    "P-aunt": [{"source": "mention", "text": "aunt", "start": f"2021-0{m}-0{m}", "record": f"N-{m}"} for m in (1, 2, 3)]
    + [{"source": "mention", "text": None, "start": "2021-03-03", "record": "N-3"}],
    "P-friend": [{"source": "mention", "text": "friend", "start": "2021-02-01", "record": "N-2"}]
    + [{"source": "mention", "text": "friend", "start": f"2024-1{m}-01", "record": f"N-1{m}"} for m in (0, 1, 2)],
}


def test_evidence_by_then_counts_each_record_once_and_only_those_dated_by_then():
    assert evidence_by_then(DATED["P-aunt"], date(2021, 2, 28))["total"] == 2
    assert evidence_by_then(DATED["P-aunt"], date(2021, 12, 31))["total"] == 3  # N-3 twice, counted once
    rec = [{"source": "record", "start": "2020-01-01"}, {"source": "allocation", "start": "2022-01-01"}]
    assert evidence_by_then(rec, date(2021, 1, 1)) == {"notes_or_documents": 0, "records": 1, "allocations": 0,
                                                       "total": 1}


def test_the_tie_is_weighed_as_of_then_with_the_rankings_weights():
    day = date(2021, 3, 31)
    aunt_then = members_as_of([AUNT], DATED, day)[0]
    comp = tie_as_of(aunt_then, DATED["P-aunt"], day, S)
    expected = (role_weight("family", ["aunt"], S) * recency_decay(date(2021, 3, 3), day, S.half_life_days)
                * evidence_factor(3, S.evidence_log_scale))
    assert abs(comp["weight"] - expected) < 1e-6
    assert comp["age_days"] == (day - date(2021, 3, 3)).days and comp["notes"] == 3 and comp["as_of"] == "2021-03-31"


def test_an_earlier_day_reorders_the_map_and_sizes_follow():
    day = date(2021, 3, 31)  # the aunt was seen three times that quarter, the friend once
    then = ranks_as_of(members_as_of([AUNT, FRIEND], DATED, day), DATED, day, S)
    by = {m["key"]: m for m in then}
    assert (by["P-aunt"]["rank"], by["P-friend"]["rank"]) == (1, 2)
    assert node_size(by["P-aunt"]["rank"]) > node_size(by["P-friend"]["rank"])
    assert abs(sum(m["rank_score"] for m in then) - 1.0) < 1e-9
    later = date(2024, 12, 31)  # four years on the friend is the one seen lately
    by = {m["key"]: m for m in ranks_as_of(members_as_of([AUNT, FRIEND], DATED, later), DATED, later, S)}
    assert (by["P-friend"]["rank"], by["P-aunt"]["rank"]) == (1, 2)
    assert by["P-friend"]["rank_components"]["notes"] == 4


def test_evidence_a_viewer_may_not_read_is_not_there_to_move_a_rank():
    """member_dates returns only what the viewer may read; the same day with one fewer record
    is exactly the weight of the records left (nothing else is consulted)."""
    day = date(2021, 3, 31)
    fewer = {"P-aunt": DATED["P-aunt"][:1], "P-friend": DATED["P-friend"]}
    then = {m["key"]: m for m in ranks_as_of(members_as_of([AUNT, FRIEND], fewer, day), fewer, day, S)}
    assert then["P-aunt"]["rank_components"]["notes"] == 1
    one = role_weight("family", ["aunt"], S) * recency_decay(date(2021, 1, 1), day, S.half_life_days)
    assert abs(then["P-aunt"]["rank_components"]["weight"] - one) < 1e-6
    assert then["P-aunt"]["last_seen"] == date(2021, 1, 1)


def test_unranked_members_stay_unranked():
    m = dict(AUNT, rank=None)
    assert ranks_as_of([m], DATED, date(2021, 3, 31), S)[0]["rank"] is None
