"""Pure parts of ranking: weights, role mapping, edge building, ego graphs, explanations."""

from __future__ import annotations

import itertools
import json
import math
from datetime import date, timedelta

import pytest

from ranking.explain import age_in_words, explain_rank, ordinal
from ranking.materialise import build_edges
from ranking.rank import build_ego_graphs, order_members
from ranking.roles import classify
from ranking.settings import RankingSettings
from ranking.weights import edge_components, evidence_factor, recency_decay, role_weight

AS_OF = date(2024, 6, 30)


def test_decay_halves_at_half_life():
    s = RankingSettings(half_life_days=365)
    assert recency_decay(AS_OF, AS_OF, s.half_life_days) == 1.0
    assert recency_decay(AS_OF - timedelta(days=365), AS_OF, 365) == pytest.approx(0.5)
    assert recency_decay(AS_OF - timedelta(days=730), AS_OF, 365) == pytest.approx(0.25)
    assert recency_decay(AS_OF - timedelta(days=91), AS_OF, 91) == pytest.approx(0.5)
    assert recency_decay(AS_OF - timedelta(days=100), AS_OF, 365) == pytest.approx(math.exp(-math.log(2) * 100 / 365))


def test_decay_current_future_and_undated():
    assert recency_decay(AS_OF - timedelta(days=2000), AS_OF, 365, current=True) == 1.0
    assert recency_decay(AS_OF + timedelta(days=10), AS_OF, 365) == 1.0
    assert recency_decay(None, AS_OF, 365, undated=0.25) == 0.25


def test_half_life_from_environment(monkeypatch):
    monkeypatch.setenv("KINSCOPE_RANK_HALF_LIFE_DAYS", "182")
    monkeypatch.setenv("KINSCOPE_RANK_AS_OF", "2024-03-31")
    s = RankingSettings()
    assert s.half_life_days == 182 and s.as_of_date() == date(2024, 3, 31)
    assert RankingSettings(half_life_days=30).half_life_days == 30


def test_settings_round_trip_and_validation(tmp_path):
    s = RankingSettings(half_life_days=200, category_weights={"professional": 0.3})
    assert s.category_weights["household"] == 1.0 and s.category_weights["professional"] == 0.3
    path = tmp_path / "ranking.json"
    path.write_text(s.to_json())
    assert RankingSettings.from_path_or_dict(path) == s
    assert RankingSettings.from_path_or_dict({"half_life_days": 10}).half_life_days == 10
    with pytest.raises(ValueError, match="unknown categories"):
        RankingSettings(category_weights={"cousins": 1.0})


def test_role_ordering():
    s = RankingSettings()

    def w(text, professional=False):
        role, category = classify(text, professional=professional)
        return role_weight(category, [role] if role else ["mentioned"], s)

    parent, carer, household = w("Mum"), w("Foster carer"), w("mum's partner")
    extended, friend = w("Maternal Grandmother"), w("friend")
    professional = w("Social Worker", professional=True)
    one_off = role_weight("community", ["mentioned"], s)
    assert parent == carer == household == 1.0
    assert parent > extended > friend > professional > one_off
    assert w("neighbour") > one_off


@pytest.mark.parametrize("text,role,category", [
    ("Mother", "mother", "family"), ("MGM", "maternal grandmother", "family"),
    ("Step-father", "mother's partner", "household"), ("SGO carer", "kinship carer", "family"),
    ("Foster Carer (IFA)", "foster carer", "professional"), ("Special Guardian", "special guardian", "family"),
    ("older associate", "older associate", "associate_or_risk"), ("HV", "health visitor", "professional"),
    ("grandmother:maternal", "maternal grandmother", "family"), ("neighbour", "neighbour", "community"),
])
def test_relationship_text_maps_to_role_and_category(text, role, category):
    assert classify(text) == (role, category)


def test_evidence_factor_is_monotone_log():
    values = [evidence_factor(n) for n in range(1, 60)]
    assert values[0] == 1.0
    assert all(b > a for a, b in itertools.pairwise(values))
    assert evidence_factor(20, 0.5) == pytest.approx(1 + 0.5 * math.log(20))
    assert evidence_factor(0) == evidence_factor(None) == 1.0


def test_edge_components_multiply():
    s = RankingSettings(as_of=AS_OF)
    c = edge_components({"category": "family", "roles": ["mother"], "last_seen": AS_OF - timedelta(days=365),
                         "evidence_count": 20, "note_count": 20, "confidence": 0.9}, s)
    assert c["role_weight"] == 1.0 and c["recency"] == pytest.approx(0.5)
    assert c["weight"] == pytest.approx(1.0 * 0.5 * evidence_factor(20) * 0.9, rel=1e-6)
    assert c["age_days"] == 365 and c["notes"] == 20


def _mention(child, target, note, when, role=None, kind="person", **extra):
    """A row of ranking/evidence_mentions (aggregated per child, referent and role cue)."""
    return {"child_id": child, "target": target, "target_key": target, "target_kind": kind, "source": "mention",
            "note_keys": [f"note:{note}"], "document_keys": [], "mentions": 1, "role_text": role,
            "first_seen": when, "last_seen": when, "confidence": 0.9, **extra}


def test_build_edges_aggregates_evidence():
    rows = [
        {"child_id": "C1", "target": "mum", "target_key": "P-mum", "target_kind": "person", "source": "record",
         "evidence_key": "significant_adults:R1", "role_text": "Mum", "start_date": date(2023, 1, 1),
         "end_date": None, "recorded_on": date(2023, 1, 2), "confidence": 0.95},
        _mention("C1", "mum", "N1", date(2024, 1, 1), "mum"),
        _mention("C1", "mum", "N1", date(2024, 1, 1), "mum"),  # second mention in the same note
        _mention("C1", "mum", "N2", date(2024, 2, 1), "mother"),
        _mention("C1", "x", "N2", date(2024, 2, 1)),
        {"child_id": "C1", "target": "sw", "target_key": "worker:W1", "target_kind": "person", "source": "allocation",
         "evidence_key": "worker_allocations:A1", "role_text": "Social Worker", "start_date": date(2023, 3, 1),
         "end_date": date(2023, 9, 1), "recorded_on": date(2023, 3, 1), "confidence": 1.0},
    ]
    edges = {e["target"]: e["props"] for e in build_edges(rows)}
    mum = edges["mum"]
    assert mum["category"] == "family" and mum["roles"] == ["mother"]
    assert mum["evidence_count"] == 3 and mum["note_count"] == 2 and mum["record_count"] == 1
    assert mum["first_seen"] == date(2023, 1, 1) and mum["last_seen"] == date(2024, 2, 1)
    assert mum["current"] is True and mum["sources"] == ["mention", "record"]
    assert edges["x"]["roles"] == ["mentioned"] and edges["x"]["category"] == "community"
    sw = edges["sw"]
    assert sw["category"] == "professional" and sw["current"] is False
    assert (sw["first_seen"], sw["last_seen"]) == (date(2023, 3, 1), date(2023, 9, 1))
    # deterministic
    assert build_edges(list(reversed(rows))) == build_edges(rows)
    # as_of cuts later records and allocations (mentions are cut in Cypher)
    early = {e["target"]: e["props"] for e in build_edges(rows, as_of=date(2023, 2, 1))}
    assert early["mum"]["record_count"] == 1 and early["mum"]["current"] is True and "sw" not in early


def test_role_relative_to_someone_else_is_not_family():
    row = _mention("C1", "p", "N1", date(2024, 1, 1), "mother", relation_to="Tia", child_names=["Kayden"])
    props = build_edges([row])[0]["props"]
    assert props["category"] == "community" and props["roles"] == ["mother of Tia"]


def test_ego_graphs_are_disjoint_per_child():
    s = RankingSettings(as_of=AS_OF)
    edges = [
        {"child_id": c, "child": f"child-{c}", "edge": f"e-{c}-{t}", "target": t, "target_key": t,
         "category": "family", "roles": ["mother"], "last_seen": AS_OF, "evidence_count": 1}
        for c in ("A", "B") for t in ("mum", "nan")
    ]
    residence = [{"child_id": "A", "resident": r, "address": "home", "last_seen": None} for r in ("mum", "nan")]
    rels, sources, members, _ = build_ego_graphs(edges, residence, [], s, AS_OF)
    assert len(sources) == 2 and len(members) == 4
    nodes_a = {n for r in rels for n in (r["s"], r["t"]) if (r["s"] == sources["A"] or r["t"] == sources["A"])}
    nodes_b = {n for r in rels for n in (r["s"], r["t"]) if (r["s"] == sources["B"] or r["t"] == sources["B"])}
    assert not nodes_a & nodes_b  # mum appears once per child: no mass crosses between children
    assert len(rels) == 4 + 2  # four child-member ties, two co-residence ties (A only)


def test_order_members_breaks_ties_deterministically():
    comp = {"weight": 1.0, "last_seen": "2024-01-01"}
    scored = [{"pagerank": 0.2, "components": dict(comp), "target_key": k} for k in ("b", "a")]
    scored.append({"pagerank": 0.2, "components": dict(comp, last_seen="2024-05-01"), "target_key": "z"})
    scored.append({"pagerank": 0.3, "components": dict(comp, weight=0.1), "target_key": "y"})
    assert [m["target_key"] for m in order_members(scored)] == ["y", "z", "a", "b"]


def test_explanation_text():
    c = {"rank": 2, "roles": ["mother"], "category": "household", "age_days": 21, "current": False,
         "notes": 14, "documents": 2}
    assert explain_rank(c) == "Ranked 2nd: mother (household), seen 3 weeks ago, in 14 notes and 2 documents."
    assert explain_rank(json.dumps(c)) == explain_rank(c)
    pro = {"rank": 11, "roles": ["social worker"], "category": "professional", "age_days": 0, "current": True,
           "allocations": 1}
    assert explain_rank(pro) == "Ranked 11th: social worker (professional), current allocation, in 1 allocation."
    one_off = {"rank": 23, "roles": ["mentioned"], "category": "community", "age_days": 1100, "notes": 1}
    assert explain_rank(one_off) == "Ranked 23rd: named in the notes (community), seen 3 years ago, in 1 note."


def test_ordinals_and_ages():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]
    assert age_in_words(0) == "today" and age_in_words(1) == "yesterday" and age_in_words(6) == "6 days ago"
    assert age_in_words(90) == "3 months ago" and age_in_words(800) == "2 years ago"
