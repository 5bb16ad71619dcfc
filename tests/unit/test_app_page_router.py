"""The pages' router (dashboards.pages.match), the help page's layout and the moved pages' pure
parts (no graph read)."""

from __future__ import annotations

from types import SimpleNamespace

from dashboards import ids, pages
from dashboards.pages import audit, child, find, help, quality, record, review, search


def _page(path: str) -> SimpleNamespace:
    return SimpleNamespace(PATH=path)


def test_match_picks_the_page_and_its_variables():
    fgc, child = _page("/child/<child_id>/fgc"), _page("/child/<child_id>")
    table = (child, fgc)
    assert pages.match(["child", "C-1", "fgc"], table) == (fgc, {"child_id": "C-1"})
    assert pages.match(["child", "C 1/2"], table) == (child, {"child_id": "C 1/2"})
    assert pages.match(["child", "C-1", "print"], table) is None
    assert pages.match([], table) is None
    assert pages.match(["help"]) == (help, {}) and pages.match(["audit"]) == (audit, {})
    assert pages.match(["quality"]) == (quality, {}) and pages.match(["review"]) == (review, {})
    assert pages.match([]) == (find, {})


class _Cx:
    def __init__(self) -> None:
        self.events: list[tuple] = []

    def audit(self, *args, **kwargs) -> None:
        self.events.append(args)


def _text(component) -> str:
    """Every string in a Dash component tree."""
    if component is None:
        return ""
    if isinstance(component, str):
        return component
    if isinstance(component, (list, tuple)):
        return " ".join(_text(c) for c in component)
    return _text(getattr(component, "children", None))


def test_help_says_what_each_confidence_means_and_who_sees_what():
    text = _text(help.layout(_Cx(), SimpleNamespace(is_admin=False), {}))
    for words in ("High:", "Medium:", "Low:", "Not a person", "Checked by", "restricted", "audit trail",
                  "What data Kinscope holds"):
        assert words in text, words


def test_audit_page_refuses_a_non_admin_and_records_it():
    cx = _Cx()
    page = audit.layout(cx, SimpleNamespace(is_admin=False), {})
    assert "for administrators" in _text(page) and cx.events == [("denied", "audit", {"page": "audit"})]
    assert "Audit trail" in _text(audit.layout(cx, SimpleNamespace(is_admin=True), {}))


def test_quality_page_is_for_practitioners_and_admins():
    assert "for practitioners" in _text(quality.layout(_Cx(), SimpleNamespace(roles=("viewer",)), {}))
    assert "Data quality" in _text(quality.layout(_Cx(), SimpleNamespace(roles=("practitioner",)), {}))


def test_each_moved_page_answers_its_path_only():
    assert pages.match(["record", "note", "N 1"]) == (record, {"kind": "note", "record_id": "N 1"})
    assert pages.match(["record", "note"]) is None
    assert pages.match(["search"]) == (search, {})
    assert pages.match(["child", "C 1"]) == (child, {"child_id": "C 1"})  # the map; its sub-pages are their own
    assert pages.match(["child", "C-1", "fgc"])[0].PATH == "/child/<child_id>/fgc"


def test_record_focus_is_two_numbers_or_nothing():
    assert record.focus_of({"m": "3-9"}) == (3, 9)
    assert record.focus_of({"m": "3-x"}) is None and record.focus_of({"m": ""}) is None
    assert record.focus_of({}) is None


def test_record_text_marks_mentions_and_focuses_the_one_asked_for():
    text = "Nana Jo came with Reece."
    pieces = record.marked_text(text, [{"start": 0, "end": 7}, {"start": 2, "end": 9}, {"start": 18, "end": 99}],
                                focus=(18, 23))
    assert "".join(p if isinstance(p, str) else p.children for p in pieces) == text  # nothing lost or doubled
    marks = [p for p in pieces if not isinstance(p, str)]
    assert [m.children for m in marks] == ["Nana Jo", "Reece"]
    assert marks[1].id == ids.MENTION_FOCUS and getattr(marks[0], "id", None) is None


def test_search_pages_on_back_and_starts_over_on_any_other_change():
    assert search.skip_after(ids.SEARCH_NEXT, 50) == 100
    assert search.skip_after(ids.SEARCH_PREV, 50) == 0 and search.skip_after(ids.SEARCH_PREV, 20) == 0
    assert search.skip_after(ids.SEARCH_TEXT, 150) == 0 and search.skip_after(None, 150) == 0


def test_search_count_says_more_than_when_capped():
    rows = [{"kind": "note", "record_id": f"N{i}", "child_id": "C-1", "snippet": []} for i in range(50)]
    assert "Showing 51–100 of more than 1,050" in _text(search.results(rows, "plan", True, total=1050, skip=50,
                                                                        capped=True))
    assert _text(search.results([], "plan", True)) == "Nothing found."


def test_mace_reads_up_to_fifty_case_references():
    from dashboards.pages import mace

    assert mace.case_refs(" C-1, C-2;C-3  C-4 ") == ["C-1", "C-2", "C-3", "C-4"]
    assert mace.case_refs(None) == [] and len(mace.case_refs(",".join(f"C-{i}" for i in range(80)))) == 50


def test_hidden_people_leave_the_comparison_and_the_chains_through_them():
    from dashboards import hidden_people

    hide = [{"kind": "hide", "decided_by": "asha"}]
    maps = [[{"key": "P-1", "decisions": hide}, {"key": "P-2"}], [{"key": "P-3", "decisions": hide}], []]
    hidden = hidden_people.across(maps)
    assert hidden == {"P-1", "P-3"} and hidden_people.across([]) == set()
    shared = [{"key": "P-1"}, {"key": "P-2"}, {"key": "P-3"}]
    paths = [{"nodes": [{"key": "C-1"}, {"key": "P-2"}, {"key": "C-2"}]},
             {"nodes": [{"key": "C-1"}, {"key": "P-1"}, {"key": "C-2"}]}]
    kept_shared, kept_paths = hidden_people.mace_without(shared, paths, hidden)
    assert [s["key"] for s in kept_shared] == ["P-2"] and kept_paths == paths[:1]


def test_chronology_export_links_carry_the_filters():
    from dashboards.pages import chronology

    assert chronology.export_links("C 1", None, None) == ("/child/C%201/chronology.csv", "/child/C%201/chronology.docx")
    assert chronology.export_links("C-1", "P-2", "Safety plan")[0] == "/child/C-1/chronology.csv?person=P-2&type=Safety+plan"
    items = [{"people": [{"key": "P-2", "name": "Nana Jo"}]}]
    assert chronology.person_named(items, "P-2") == "Nana Jo" and chronology.person_named(items, None) is None
