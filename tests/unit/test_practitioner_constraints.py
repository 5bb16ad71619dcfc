"""Practitioner corrections over the linker's mention decisions (pure; no graph)."""

from __future__ import annotations

from linkage.mention_matching import parse_name_form
from linkage.practitioner_constraints import apply_corrections, apply_to_clusters

try:
    from linkage.resolve_mentions import Decision, MentionCluster
except ImportError:  # before the stage was split into modules
    from linkage.stage_resolve import Decision, MentionCluster


def _mention(mid: str, text: str, label: str = "PERSON", role: str | None = None, child: str = "C-1") -> dict:
    return {"mention_id": mid, "text": text, "label": label, "role": role, "child_id": child,
            "record_type": "note", "record_id": mid.split(":")[1], "confidence": 0.9, "agency": None}


def _cluster(key_mid: str, mentions: list[dict], child: str = "C-1") -> MentionCluster:
    return MentionCluster(child, [m["mention_id"] for m in mentions], [parse_name_form(m["text"]) for m in mentions],
                          [m["text"] for m in mentions], set(), set(), {"note:" + m["record_id"] for m in mentions},
                          [0.9] * len(mentions), key="P-" + key_mid)


def _world():
    """Mention-only 'Saturday' (two mentions), mention-only 'Dave' and 'Dave Hollis' (two people),
    'Mum' matched to the recorded mother P-R-1, and a role word beside 'Saturday'."""
    ms = [_mention("note:N-1:0-8", "Saturday"), _mention("note:N-2:0-8", "Saturday"),
          _mention("note:N-1:20-24", "Dave"), _mention("note:N-2:30-41", "Dave Hollis"),
          _mention("note:N-1:50-53", "Mum"), _mention("note:N-1:10-16", "mother", label="ROLE", role="mother")]
    sat = _cluster("note:N-1:0-8", ms[0:2])
    dave = _cluster("note:N-1:20-24", ms[2:3])
    hollis = _cluster("note:N-2:30-41", ms[3:4])
    decisions = [Decision(ms[0]["mention_id"], "person", sat.key, 0.7, "cluster"),
                 Decision(ms[1]["mention_id"], "person", sat.key, 0.7, "cluster"),
                 Decision(ms[2]["mention_id"], "person", dave.key, 0.7, "cluster"),
                 Decision(ms[3]["mention_id"], "person", hollis.key, 0.7, "cluster"),
                 Decision(ms[4]["mention_id"], "person", "P-R-1", 0.9, "gazetteer"),
                 Decision(ms[5]["mention_id"], "person", sat.key, 0.7, "apposition")]
    clusters = [sat, dave, hollis]
    return ms, decisions, clusters, {c.key: c.key for c in clusters}


def _by_id(decisions):
    return {d.mention_id: d for d in decisions}


def test_no_rows_changes_nothing():
    ms, decisions, clusters, final = _world()
    apply_corrections([], decisions, clusters, ms)
    assert len(clusters) == 3 and all(d.kind == "person" for d in decisions)
    assert apply_to_clusters([], clusters, final) == final


def test_not_a_person_unlinks_every_mention_and_the_role_word_beside_it():
    ms, decisions, clusters, _ = _world()
    apply_corrections([{"kind": "not_person", "mention_ids": ["note:N-1:0-8", "note:N-2:0-8"]}], decisions, clusters, ms)
    d = _by_id(decisions)
    assert (d["note:N-1:0-8"].kind, d["note:N-1:0-8"].key, d["note:N-1:0-8"].method) == ("unresolved", None, "practitioner")
    assert d["note:N-2:0-8"].kind == "unresolved"
    assert d["note:N-1:10-16"].kind == "unresolved"  # 'mother' pointed at Saturday
    assert [c.key for c in clusters] == ["P-note:N-1:20-24", "P-note:N-2:30-41"]
    assert d["note:N-1:50-53"].key == "P-R-1"  # others untouched


def test_not_a_person_for_the_mention_a_cluster_is_named_after_renames_the_cluster():
    ms, decisions, clusters, _ = _world()
    apply_corrections([{"kind": "not_person", "mention_ids": ["note:N-1:0-8"]}], decisions, clusters, ms)
    sat = clusters[0]
    assert sat.mention_ids == ["note:N-2:0-8"] and sat.texts == ["Saturday"] and len(sat.forms) == 1
    assert sat.key == "P-note:N-2:0-8"
    d = _by_id(decisions)
    assert d["note:N-2:0-8"].key == d["note:N-1:10-16"].key == "P-note:N-2:0-8"


def test_same_person_merges_two_mention_only_people_across_the_step():
    ms, decisions, clusters, final = _world()
    rows = [{"kind": "same_person", "mention_ids": ["note:N-1:20-24"], "other_mention_ids": ["note:N-2:30-41"]}]
    apply_corrections(rows, decisions, clusters, ms)  # clustered: nothing to do per child
    assert _by_id(decisions)["note:N-1:20-24"].key == "P-note:N-1:20-24"
    out = apply_to_clusters(rows, clusters, final)
    assert out["P-note:N-1:20-24"] == out["P-note:N-2:30-41"] == "P-note:N-2:30-41"


def test_same_person_joins_a_recorded_adult():
    ms, decisions, clusters, final = _world()
    rows = [{"kind": "same_person", "mention_ids": ["note:N-2:30-41"], "other_persons": ["P-R-9"]}]
    out = apply_to_clusters(rows, clusters, final)
    assert out["P-note:N-2:30-41"] == "P-R-9" and out["P-note:N-1:20-24"] == "P-note:N-1:20-24"


def test_same_person_for_a_mention_matched_to_someone_else_moves_it_per_child():
    ms, decisions, clusters, _ = _world()
    rows = [{"kind": "same_person", "mention_ids": ["note:N-1:50-53"], "other_persons": ["P-R-2"]}]
    apply_corrections(rows, decisions, clusters, ms)
    assert (_by_id(decisions)["note:N-1:50-53"].key, _by_id(decisions)["note:N-1:50-53"].method) == ("P-R-2", "practitioner")


def test_same_person_with_nothing_left_on_the_other_side_does_nothing():
    ms, decisions, clusters, final = _world()
    rows = [{"kind": "same_person", "mention_ids": ["note:N-1:20-24"], "other_mention_ids": ["note:N-9:0-1"],
             "other_persons": []}]
    assert apply_to_clusters(rows, clusters, final) == final


def test_not_same_splits_a_mention_only_person_out_of_a_recorded_adult():
    ms, decisions, clusters, final = _world()
    final["P-note:N-2:30-41"] = "P-R-1"  # the linker joined Dave Hollis to the recorded mother
    rows = [{"kind": "not_same", "mention_ids": ["note:N-2:30-41"], "other_persons": ["P-R-1"]}]
    out = apply_to_clusters(rows, clusters, final)
    assert out["P-note:N-2:30-41"] == "P-note:N-2:30-41"


def test_not_same_across_children_renames_the_group_left_behind():
    ms, decisions, clusters, final = _world()
    final["P-note:N-2:30-41"] = "P-note:N-1:20-24"  # Dave and Dave Hollis linked across children
    rows = [{"kind": "not_same", "mention_ids": ["note:N-1:20-24"], "other_mention_ids": ["note:N-2:30-41"]}]
    out = apply_to_clusters(rows, clusters, final)
    assert out["P-note:N-1:20-24"] == "P-note:N-1:20-24" and out["P-note:N-2:30-41"] == "P-note:N-2:30-41"


def test_not_same_takes_a_name_out_of_a_cluster_and_out_of_a_gazetteer_match():
    ms, decisions, clusters, _ = _world()
    # 'Saturday' (N-2) is not the Saturday of N-1; 'Mum' is not the recorded mother
    rows = [{"kind": "not_same", "mention_ids": ["note:N-2:0-8"], "other_mention_ids": ["note:N-1:0-8"]},
            {"kind": "not_same", "mention_ids": ["note:N-1:50-53"], "other_persons": ["P-R-1"]}]
    apply_corrections(rows, decisions, clusters, ms)
    d = _by_id(decisions)
    assert d["note:N-2:0-8"].key == "P-note:N-2:0-8" and d["note:N-2:0-8"].method == "practitioner"
    assert d["note:N-1:0-8"].key == "P-note:N-1:0-8"
    assert d["note:N-1:50-53"].key == "P-note:N-1:50-53" and d["note:N-1:50-53"].kind == "person"
    assert {c.key for c in clusters} >= {"P-note:N-1:0-8", "P-note:N-2:0-8", "P-note:N-1:50-53"}
    assert len({c.key for c in clusters}) == len(clusters)


def test_not_same_when_already_apart_changes_nothing():
    ms, decisions, clusters, final = _world()
    rows = [{"kind": "not_same", "mention_ids": ["note:N-1:20-24"], "other_mention_ids": ["note:N-2:30-41"]}]
    apply_corrections(rows, decisions, clusters, ms)
    assert len(clusters) == 3
    assert apply_to_clusters(rows, clusters, final) == final


def test_later_correction_wins():
    ms, decisions, clusters, final = _world()
    rows = [{"kind": "same_person", "mention_ids": ["note:N-1:20-24"], "other_mention_ids": ["note:N-2:30-41"]},
            {"kind": "not_same", "mention_ids": ["note:N-1:20-24"], "other_mention_ids": ["note:N-2:30-41"]}]
    out = apply_to_clusters(rows, clusters, final)
    assert out["P-note:N-1:20-24"] != out["P-note:N-2:30-41"]


def test_unknown_mentions_and_kinds_are_ignored():
    ms, decisions, clusters, final = _world()
    rows = [{"kind": "not_person", "mention_ids": ["note:N-77:0-1"]}, {"kind": "risk", "mention_ids": ["note:N-1:0-8"]}]
    apply_corrections(rows, decisions, clusters, ms)
    assert all(d.kind == "person" for d in decisions)
    assert apply_to_clusters(rows, clusters, final) == final
