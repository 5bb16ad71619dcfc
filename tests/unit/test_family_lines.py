"""Lines between map members where the records say so (dashboards.family_lines, ecomap ties)."""

from __future__ import annotations

from dashboards import ecomap
from dashboards.family_lines import family_lines

OWN = [{"key": "P-mum", "relationship": "Mum"}, {"key": "P-step", "relationship": "Step-father"},
       {"key": "P-mgm", "relationship": "Maternal Grandmother"}, {"key": "P-dad", "relationship": "Birth Father"},
       {"key": "P-pgf", "relationship": "Paternal grandfather"}, {"key": "P-nan", "relationship": "Nan"},
       {"key": "P-ff", "relationship": "Family friend"}]
SIBLINGS = [{"sibling": "child:C-2", "key": "P-mum", "relationship": "Mother"},
            {"sibling": "child:C-3", "key": "P-mum", "relationship": "Mother"},
            {"sibling": "child:C-3", "key": "P-other", "relationship": "Father"},
            {"sibling": "child:C-4", "key": "P-ff", "relationship": "Family friend"}]
ALL = {"P-mum", "P-step", "P-mgm", "P-dad", "P-pgf", "P-nan", "P-ff", "child:C-2", "child:C-3", "child:C-4"}


def _pairs(lines):
    return {(t["source"], t["target"], t["kind"]) for t in lines}


def test_partner_parent_and_sibling_lines_from_the_records():
    assert _pairs(family_lines(OWN, SIBLINGS, ALL)) == {
        ("P-mum", "P-step", "partner"), ("P-mgm", "P-mum", "parent"), ("P-dad", "P-pgf", "parent"),
        ("P-mum", "child:C-2", "parent"), ("P-mum", "child:C-3", "parent"), ("child:C-2", "child:C-3", "siblings")}


def test_no_line_to_a_member_not_drawn_and_no_guess_from_an_unsided_grandparent():
    lines = _pairs(family_lines(OWN, SIBLINGS, ALL - {"P-mum"}))
    assert all("P-mum" not in (a, b) for a, b, _ in lines)
    assert ("child:C-2", "child:C-3", "siblings") in lines  # their shared mother is recorded, drawn or not
    assert all("P-nan" not in (a, b) for a, b, _ in _pairs(family_lines(OWN, SIBLINGS, ALL)))  # side unknown
    assert family_lines([], [], ALL) == []


def test_ties_are_edges_styled_apart_and_the_key_says_so_only_when_on():
    edges = ecomap.tie_elements(family_lines(OWN, SIBLINGS, ALL))
    assert {e["classes"].split()[0] for e in edges} == {"tie"} and all(e["data"]["kind"] == "tie" for e in edges)
    style = next(s for s in ecomap.stylesheet() if s["selector"] == "edge.tie")["style"]
    dashes = {tuple(s["style"]["line-dash-pattern"]) for s in ecomap.stylesheet() if "line-dash-pattern" in s["style"]}
    assert style["curve-style"] != "straight" and len(dashes) == 2  # a pattern of its own, curved
    assert ecomap.TIE_STYLE["colour"] not in {ls["colour"] for ls in ecomap.LINE_STYLES.values()}
    assert "tie" in {e["key"] for e in ecomap.legend_entries([], family_lines=True)}
    assert "tie" not in {e["key"] for e in ecomap.legend_entries([])}
