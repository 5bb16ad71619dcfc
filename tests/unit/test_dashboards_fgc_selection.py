"""Who the FGC list suggests (dashboards.fgc_selection) and the plain views' styling
(dashboards.plain_view): pure helpers, no graph read."""

from __future__ import annotations

from dashboards import fgc_selection, plain_view


def _m(key: str, category: str = "family", confidence: float = 0.9, sources=("mention",), decisions=(), **kw) -> dict:
    return {"key": key, "kind": "person", "name": key, "category": category, "roles": ["aunt"],
            "confidence": confidence, "sources": list(sources), "decisions": list(decisions), "rank": 5, **kw}


def _rel(key: str, sibling: str = "C-2") -> dict:
    return {"key": key, "name": key, "sibling_id": sibling, "sibling_name": "Sib", "relationship_to_sibling": "gran",
            "through": ["mother"]}


def test_relatives_hidden_on_this_map_are_left_out_and_the_rest_link_to_where_their_evidence_is():
    hide = [{"kind": "hide", "decided_by": "asha"}]
    members = [_m("P-aunt"), _m("P-gran", sources=("record",)), _m("P-hid", decisions=hide), _m("P-low", confidence=0.2)]
    in_notes, relatives, to_check = fgc_selection.select(members, [_rel("P-gran"), _rel("P-hid"), _rel("P-far")])
    assert [m["key"] for m in in_notes] == ["P-aunt"] and to_check == 1  # the Low guess waits to be checked
    assert [(r["key"], r["on_map"]) for r in relatives] == [("P-gran", True), ("P-far", False)]
    assert fgc_selection.relative_href("C-1", relatives[0]).startswith("/child/C-1?")
    assert fgc_selection.relative_href("C-1", relatives[1]).startswith("/child/C-2?")


def test_csv_rows_say_where_each_suggestion_comes_from():
    in_notes, relatives, _ = fgc_selection.select([_m("P-aunt")], [_rel("P-far")])
    rows = fgc_selection.csv_rows("C-1", in_notes, relatives)
    assert [r[2] for r in rows] == ["named in the notes", "recorded for a sibling"]
    assert all(len(r) == len(fgc_selection.CSV_HEADER) for r in rows)
    assert rows[1][3] == "Sib" and "P-far" in rows[1][6] and rows[1][6].startswith("/child/C-2?")


def test_plain_views_drop_confidence_and_flag_styles_and_rank_keys():
    elements = [{"data": {}, "classes": "person conf-low flag-risk family"}, {"data": {}}]
    assert [e["classes"] for e in plain_view.plain_elements(elements)] == ["person family", ""]
    entries = [{"key": "family"}, {"key": "confidence"}, {"key": "size"}, {"key": "lines"}]
    assert [e["key"] for e in plain_view.family_legend(entries)] == ["family", "lines"]
