"""The ecomap's pure parts: deterministic layout, rings, styles, legend, confidence buckets,
collapsing large networks, the time bar's months, Lucene escaping and snippets."""

from __future__ import annotations

import math
import random
from datetime import date

import pytest

from dashboards import ecomap
from graph_model.queries import lucene_query, postcode_district, snippet


def _members(n: int, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        cat = ecomap.CATEGORIES[i % len(ecomap.CATEGORIES)]
        out.append({"key": f"P-{i:04d}", "name": f"Person {i}", "category": cat, "roles": ["mother" if i == 0 else "mentioned"],
                    "rank": i + 1, "evidence_count": rng.randint(1, 6), "confidence": rng.choice([None, 0.3, 0.6, 0.9]),
                    "first_seen": date(2020, 1 + i % 12, 1), "last_seen": date(2023, 1 + i % 12, 1),
                    "current": i % 5 == 0, "agency": "police" if cat == "professional" else None})
    return out


CHILD = {"child_id": "C-1", "display_name": "Isla Owen"}


def _positions(elements):
    return {e["data"]["id"]: e["position"] for e in elements if "position" in e}


@pytest.mark.parametrize("layout", ["rank", "category"])
def test_same_child_same_picture(layout):
    members = _members(120)
    view = ecomap.View(layout=layout, top_n=60)
    a, _ = ecomap.build_elements(CHILD, members, view, today=date(2024, 6, 1))
    shuffled = members[:]
    random.Random(7).shuffle(shuffled)
    b, _ = ecomap.build_elements(CHILD, shuffled, view, today=date(2024, 6, 1))
    assert sorted(a, key=lambda e: e["data"]["id"]) == sorted(b, key=lambda e: e["data"]["id"])


def test_child_at_centre_and_rings_by_rank():
    members = _members(60)
    elements, sel = ecomap.build_elements(CHILD, members, ecomap.View(top_n=60), today=date(2024, 6, 1))
    pos = _positions(elements)
    assert pos["child:C-1"] == {"x": 0.0, "y": 0.0}
    radius = {k: round(ecomap.ring_radius(p), 1) for k, p in pos.items() if k.startswith("P-")}
    ranks = {m["key"]: m["rank"] for m in members}
    # a higher-ranked member is never on an outer ring relative to a lower-ranked one
    for k1 in radius:
        for k2 in radius:
            if ranks[k1] < ranks[k2]:
                assert radius[k1] <= radius[k2]
    assert min(radius.values()) == ecomap.CENTRE_RADIUS
    # no two nodes on top of each other
    pts = list(pos.values())
    for i in range(len(pts)):
        for j in range(i + 1, len(pts)):
            assert math.hypot(pts[i]["x"] - pts[j]["x"], pts[i]["y"] - pts[j]["y"]) > 30


def test_category_layout_sectors_do_not_interleave():
    members = _members(80)
    elements, _ = ecomap.build_elements(CHILD, members, ecomap.View(layout="category", top_n=80))
    cat = {m["key"]: m["category"] for m in members}
    angles: dict[str, list[float]] = {}
    for k, p in _positions(elements).items():
        if k in cat:
            angles.setdefault(cat[k], []).append((math.atan2(p["y"], p["x"]) + math.pi / 2) % (2 * math.pi))
    spans = sorted((min(v), max(v), c) for c, v in angles.items())
    for (_lo1, hi1, _), (lo2, _hi2, _) in zip(spans, spans[1:], strict=False):
        assert hi1 < lo2


def test_colour_and_shape_unique_per_category_and_in_legend():
    colours = [s["colour"] for s in ecomap.CATEGORY_STYLE.values()]
    shapes = [s["shape"] for s in ecomap.CATEGORY_STYLE.values()]
    assert len(set(colours)) == len(colours) and len(set(shapes)) == len(shapes)
    assert set(colours) <= set(ecomap.OKABE_ITO.values())
    legend = ecomap.legend_entries(_members(16))
    keys = [e["key"] for e in legend]
    assert all(c in keys for c in ecomap.CATEGORIES)
    assert {"strong", "tenuous", "stressful", "protective"} <= set(keys)
    prof = next(e for e in legend if e["key"] == "professional")
    assert "police" in prof["detail"]
    conv = [e["key"] for e in ecomap.legend_entries(_members(16), show_flags=False)]
    assert "stressful" not in conv


def test_node_style_follows_category_and_rank():
    members = _members(16)
    elements, _ = ecomap.build_elements(CHILD, members, ecomap.View(top_n=16))
    nodes = {e["data"]["id"]: e["data"] for e in elements if "source" not in e["data"]}
    for m in members:
        d = nodes[m["key"]]
        style = ecomap.DISPLAY_STYLE[ecomap.display_group(m)]
        assert d["colour"] == style["colour"] and d["shape"] == style["shape"]
    assert nodes["P-0000"]["size"] > nodes["P-0015"]["size"]
    assert ecomap.node_size(1) == 64 and ecomap.node_size(None) == 24


@pytest.mark.parametrize("value,bucket", [(None, "high"), (1.0, "high"), (0.8, "high"), (0.79, "medium"),
                                          (0.5, "medium"), (0.49, "low"), (0.0, "low")])
def test_confidence_buckets(value, bucket):
    assert ecomap.confidence_bucket(value) == bucket


def test_line_conventions_and_fading():
    strong = {"current": True, "evidence_count": 1}
    tenuous = {"current": False, "evidence_count": 1}
    risky = {"evidence_count": 9, "decisions": [{"kind": "risk"}]}
    protective = {"evidence_count": 2, "decisions": [{"kind": "protective"}]}
    assert ecomap.line_kind(strong) == "strong" and ecomap.line_kind(tenuous) == "tenuous"
    assert ecomap.line_kind(risky) == "stressful" and ecomap.line_kind(protective) == "protective"
    assert ecomap.LINE_STYLES["stressful"]["line_style"] == "dotted"
    assert ecomap.LINE_STYLES["tenuous"]["line_style"] == "dashed"
    today = date(2024, 6, 1)
    assert ecomap.fade(date(2024, 5, 1), today) == 1.0
    assert ecomap.fade(date(2022, 6, 1), today) < ecomap.fade(date(2023, 6, 1), today) < 1.0
    assert ecomap.fade(date(2000, 1, 1), today) == 0.25
    assert ecomap.fade(date(2000, 1, 1), today, current=True) == 1.0


def test_filters_top_n_and_groups():
    members = _members(3000)
    view = ecomap.View(top_n=40)
    elements, sel = ecomap.build_elements(CHILD, members, view)
    assert len(sel.shown) == 40 and sel.matched == 3000
    groups = [e for e in elements if e["data"].get("kind") == "group" and "source" not in e["data"]]
    assert sum(g["data"]["count"] for g in groups) == 2960
    assert len(elements) <= 1 + 2 * (40 + len(ecomap.CATEGORIES))
    expanded = ecomap.select_members(members, ecomap.View(top_n=40, expanded=frozenset({"place"})))
    assert "place" not in expanded.groups and len(expanded.shown) > 40
    only_family = ecomap.select_members(members, ecomap.View(categories=frozenset({"family"}), top_n=5000))
    assert {m["category"] for m in only_family.shown} == {"family"}
    low = ecomap.select_members(members, ecomap.View(confidence=frozenset({"low"}), top_n=5000))
    assert all(m["confidence"] is not None and m["confidence"] < 0.5 for m in low.shown)
    text = ecomap.select_members(members, ecomap.View(text="person 12", top_n=5000))
    assert all("person 12" in m["name"].lower() for m in text.shown) and text.shown
    hidden = ecomap.select_members(members[:10], ecomap.View(hidden=frozenset({"P-0000"})))
    assert "P-0000" not in {m["key"] for m in hidden.shown}
    as_of = ecomap.select_members(members, ecomap.View(as_of=date(2020, 3, 31), top_n=5000))
    assert all(m["first_seen"] <= date(2020, 3, 31) for m in as_of.shown)
    flagged = ecomap.select_members([{**members[0], "decisions": [{"kind": "hide"}]}], ecomap.View())
    assert flagged.shown == []


def test_conversation_mode_has_no_risk_styles():
    members = [{"key": "P-1", "name": "Dave", "category": "household", "rank": 1, "evidence_count": 5,
                "decisions": [{"kind": "risk", "reason": "x"}]}]
    elements, _ = ecomap.build_elements(CHILD, members, ecomap.View(show_flags=False))
    edge = next(e for e in elements if "source" in e["data"])
    node = next(e for e in elements if e["data"]["id"] == "P-1")
    assert edge["data"]["kind"] == "strong" and "flag-risk" not in node["classes"]


def test_month_options_and_month_end():
    months = ecomap.month_options([{"month": "2023-11", "records": 2}, {"month": "2024-02", "records": 1}])
    assert months == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert ecomap.month_end("2024-02") == date(2024, 2, 29) and ecomap.month_end("2023-12") == date(2023, 12, 31)


@pytest.mark.parametrize("text,expected", [
    ("safety plan", "safety AND plan"),
    ("'}) DETACH DELETE n //", "'\\}\\) AND DETACH AND DELETE AND n AND \\/\\/"),
    ("a AND b", "a AND and AND b"),
    ('"safety plan" mum', '"safety plan" AND mum'),
    ("*:*", "\\*\\:\\*"),
    ("", ""),
])
def test_lucene_query_escapes_plain_words(text, expected):
    assert lucene_query(text) == expected


def test_lucene_prefix_for_find_as_you_type():
    assert lucene_query("isla ow", prefix_last=True) == "isla AND (ow OR ow*)"


def test_snippet_highlights_terms():
    pieces = snippet("Mum agreed to the Safety Plan and the plans for Friday.", ["safety", "plan"])
    assert [p for p, hit in pieces if hit] == ["Safety", "Plan", "plans"]
    assert "".join(p for p, _ in pieces) == "Mum agreed to the Safety Plan and the plans for Friday."


def test_postcode_district():
    assert postcode_district("LS11 5AB") == "LS11" and postcode_district("ls115ab") == "LS11"
    assert postcode_district(None) is None


# --------------------------------------------------------------------------- a legible map (issue 11, §3)

def _all_boxes(elements):
    """Every drawn node's body and label box, as the layout estimates them (model px)."""
    out = []
    for e in elements:
        d = e["data"]
        if "source" in d:
            continue
        side = next((c[4:] for c in e["classes"].split() if c.startswith("lbl-")), "b")
        dims = ecomap._dims(d["label"], d["font_size"], d["size"], bold=d["kind"] == "child")
        out.append((d["id"], ecomap._boxes(dims, e["position"]["x"], e["position"]["y"], side)))
    return out


def _long_names(n: int) -> list[dict]:
    ms = _members(n, seed=3)
    for i, m in enumerate(ms):
        if i % 3 == 0:
            m["name"] = f"Agnes Oluwaseun Akinwale-Fitzgerald {i}"
        if i % 4 == 1:
            m["roles"] = ["maternal great-grandmother's partner"]
    return ms


@pytest.mark.parametrize("layout", ["rank", "category"])
@pytest.mark.parametrize("show_flags", [True, False])  # False: conversation mode, larger type
@pytest.mark.parametrize("n,top", [(70, 40), (12, 40), (200, 120)])
def test_no_two_labels_or_nodes_overlap(layout, show_flags, n, top):
    elements, sel = ecomap.build_elements(CHILD, _long_names(n), ecomap.View(layout=layout, top_n=top,
                                                                             show_flags=show_flags))
    boxes = _all_boxes(elements)
    assert len(boxes) == 1 + len(sel.shown) + len(sel.groups)
    for i, (a, ba) in enumerate(boxes):
        for b, bb in boxes[i + 1:]:
            assert not any(ecomap.boxes_overlap(p, q) for p in ba for q in bb), (a, b)


def test_labels_wrap_whole_words_and_never_cut_a_name():
    lines = ecomap.wrap_text("Agnes Oluwaseun Akinwale-Fitzgerald", 11, ecomap.LABEL_MAX_PX)
    assert len(lines) > 1 and " ".join(lines) == "Agnes Oluwaseun Akinwale-Fitzgerald"
    assert all(ecomap.text_width(x, 11) <= ecomap.LABEL_MAX_PX for x in lines if " " in x)
    # one long word keeps its own whole line
    assert ecomap.wrap_text("<script>alert(1)</script>", 11, 60) == ["<script>alert(1)</script>"]
    label = ecomap.member_label({"name": "Agnes Akinwale", "roles": ["maternal aunt"], "category": "family"}, 11)
    assert label.split("\n")[0].startswith("Agnes") and "maternal aunt" in label
    assert ecomap.label_font({"rank": 1}) > ecomap.label_font({"rank": 30}) and ecomap.label_font({}, True) == 16


def test_rings_give_way_to_labels():
    """A ring takes only as many members as its labels allow; the rest move out."""
    elements, _ = ecomap.build_elements(CHILD, _long_names(40), ecomap.View(top_n=40))
    pos = _positions(elements)
    inner = [k for k, p in pos.items() if k.startswith("P-") and round(ecomap.ring_radius(p)) == ecomap.CENTRE_RADIUS]
    assert 3 <= len(inner) < ecomap._ring_capacity(ecomap.CENTRE_RADIUS)
    assert all(e["classes"].split()[-1] in ("lbl-b", "lbl-t", "lbl-l", "lbl-r") for e in elements if "position" in e
               and e["data"]["kind"] != "child")


def test_eight_groups_eight_shapes_not_squares():
    # seven stored groups and "Role not known" (no carer group: docs/glossary.md)
    shapes = {c: ecomap.DISPLAY_STYLE[c]["shape"] for c in ecomap.DISPLAY_GROUPS}
    assert len(shapes) == len(set(shapes.values())) == 8
    square_like = {"rectangle", "round-rectangle", "barrel", "cut-rectangle", "bottom-round-rectangle"}
    assert len(square_like & {shapes["household"], shapes["professional"], shapes["place"]}) <= 1
    every = [*shapes.values(), ecomap.CHILD_STYLE["shape"], ecomap.GROUP_STYLE["shape"]]
    assert len(set(every)) == len(every)
    for s in every:  # the key can draw each one
        assert s in ecomap.SHAPE_POINTS
        pts = ecomap.shape_svg_points(s)
        assert (pts is None) == (s == "ellipse")


def test_role_not_known_is_a_display_group_only():
    one_off = {"key": "P-9", "name": "Sam", "category": "community", "roles": ["mentioned"], "rank": 3}
    neighbour = {"key": "P-8", "name": "Jo", "category": "community", "roles": ["neighbour"], "rank": 2}
    empty = {"key": "P-7", "name": "Al", "category": "community", "roles": [], "rank": 4}
    assert [ecomap.display_group(m) for m in (one_off, neighbour, empty)] == ["unknown", "community", "unknown"]
    assert ecomap.group_label(one_off) == "Role not known" and ecomap.category_of(one_off) == "community"
    legend = {e["key"]: e for e in ecomap.legend_entries([one_off, neighbour, empty])}
    assert legend["unknown"]["label"] == "Role not known" and legend["unknown"]["count"] == 2
    assert legend["community"]["count"] == 1
    elements, _ = ecomap.build_elements(CHILD, [one_off, neighbour], ecomap.View())
    node = next(e for e in elements if e["data"]["id"] == "P-9")
    assert node["data"]["category"] == "community" and node["data"]["group_label"] == "Role not known"
    assert node["data"]["shape"] == ecomap.UNKNOWN_STYLE["shape"]
    # the category filter's "community" box covers both
    only = ecomap.select_members([one_off, neighbour], ecomap.View(categories=frozenset({"family"})))
    assert only.shown == []
    why = ecomap.explain_components({"rank": 3, "category": "community", "roles": ["mentioned"], "age_days": 10,
                                     "notes": 1}, one_off)
    assert "community" not in why.lower() and "role not known" in why
    groups = ecomap.select_members(_members(200), ecomap.View(top_n=5)).groups
    assert "role not known" in ecomap.group_node_label("community", groups["community"]).replace("\n", " ")


def test_filter_summary_says_what_is_hidden():
    members = _members(31)
    view = ecomap.View(confidence=frozenset({"high", "medium"}), categories=frozenset(set(ecomap.CATEGORIES) - {"place"}))
    sel = ecomap.select_members(members, view)
    text = ecomap.filter_summary(sel, view)
    assert text.startswith(f"Showing {len(sel.shown)} of 31 — hiding: Places and addresses, Low confidence")
    assert ecomap.active_filters(ecomap.View()) == []
    assert "no filters" in ecomap.filter_summary(ecomap.select_members(members, ecomap.View()), ecomap.View())
    v2 = ecomap.View(text="kyle", hidden=frozenset({"P-0001"}), as_of=date(2023, 3, 31))
    words = ecomap.active_filters(v2)
    assert words == ['not matching "kyle"', "1 hidden from this map", "first seen after 31 Mar 2023"]
    hidden = [{**members[0], "decisions": [{"kind": "hide"}]}] + members[1:]
    s = ecomap.select_members(hidden, ecomap.View())
    assert s.hidden_shared == 1 and "Showing 30 of 30" in ecomap.filter_summary(s, ecomap.View())


def test_fgc_reasons():
    m = {"roles": ["mentioned", "maternal aunt"], "evidence_count": 2, "last_seen": date(2024, 5, 1)}
    assert ecomap.fgc_reason_in_notes(m) == ("Named in the notes as maternal aunt (2 mentions, last 01 May 2024); "
                                             "not in the recorded relationships.")
    assert "role not known" in ecomap.fgc_reason_in_notes({"roles": ["mentioned"]})
    r = {"relationship_to_sibling": "Gran", "sibling_name": "Tia Owen", "through": ["Mary Owen", ""], "current": False}
    assert ecomap.fgc_reason_relative(r) == "Recorded as Gran of Tia Owen, a brother or sister through Mary Owen (relationship ended)."
