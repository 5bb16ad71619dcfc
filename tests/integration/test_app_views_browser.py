"""The chronology, the list view beside the map and search paging, in a real browser (Playwright +
Debian's Chromium) against the app test graph (app_graph.py); restricted records stay out for a
user outside the child's teams, in the page and in the exports."""

from __future__ import annotations

import csv
import io
import logging

import pytest

import app_graph as g
from graph_model import queries as q
from test_app_browser import _sign_in, browser, server  # noqa: F401  (fixtures reused)

pytestmark = [pytest.mark.integration, pytest.mark.slow]
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)

INSIDER = q.Viewer("asha", frozenset({g.TEAM_A}), frozenset({"practitioner"}))
OUTSIDER = q.Viewer("ben", frozenset({g.TEAM_B}), frozenset({"practitioner"}))


def _pick(page, dropdown_id: str, text: str) -> None:
    """Choose the option of a Dash dropdown whose label contains ``text``."""
    page.click(f"#{dropdown_id}")
    page.locator(".dash-options-list-option", has_text=text).first.click()


def _rows(page, selector: str) -> list[str]:
    return page.locator(selector).all_inner_texts()


def test_chronology_query_lists_readable_records_only(driver, app_graph_ids):
    inside = q.chronology(driver, INSIDER, "C-100")
    outside = q.chronology(driver, OUTSIDER, "C-100")
    assert [r["record_id"] for r in inside] == ["N-4", "N-3", "N-2", "N-1", "D-1"]  # oldest first
    assert [r["record_id"] for r in outside] == ["N-4", "N-2", "N-1", "D-1"]  # the restricted note is not listed
    n1 = next(r for r in outside if r["record_id"] == "N-1")
    assert {p["key"] for p in n1["involved"]} == {"P-1", "P-2", "worker:W-1"}
    assert q.chronology(driver, OUTSIDER, "C-900") == []  # a restricted child: nothing


def test_chronology_filter_by_person_and_csv(server, browser):  # noqa: F811
    page = _sign_in(browser, server, "asha", "asha-test-pass")
    page.goto(server + "/child/C-100")
    page.click("#link-chronology")
    page.wait_for_selector("#chron-table")
    rows = _rows(page, "#chron-table tbody tr")
    assert len(rows) == 5 and "01 Feb 2023" in rows[0] and "10 May 2024" in rows[-1]
    assert "Safety plan v2" in rows[-1] and "Karen Owen" in rows[-1]
    assert "Restricted note" in page.locator("#chron-table").inner_text()  # asha's team may read it
    _pick(page, "chron-person", "Aunty Bev")
    page.wait_for_function("() => document.querySelectorAll('#chron-table tbody tr').length === 1")
    only = _rows(page, "#chron-table tbody tr")[0]
    assert "20 Apr 2024" in only and "Aunty Bev" in only and "Direct work with Isla" in only
    assert "Aunty Bev" in page.locator("#chron-filter-line").inner_text()
    href = page.locator("#chron-csv").get_attribute("href")
    assert "person=P-3" in href
    resp = page.context.request.get(server + href)
    assert resp.status == 200 and "attachment" in resp.headers["content-disposition"]
    got = list(csv.reader(io.StringIO(resp.text())))
    assert got[0][:5] == ["Date", "Type", "Record", "Who was involved", "Summary"]
    assert len(got) == 2 and got[1][0] == "2024-04-20" and "Aunty Bev" in got[1][3]
    assert got[1][5].endswith("/record/note/N-2")
    # the record link opens the note
    page.locator("#chron-table a.chron-link").first.click()
    page.wait_for_selector("#record-text")
    assert "Aunty Bev" in page.locator("#record-text").inner_text()
    # Word export of everything, audited
    docx = page.context.request.get(server + "/child/C-100/chronology.docx")
    assert docx.status == 200 and docx.body()[:2] == b"PK"
    page.goto(server + "/audit")
    page.wait_for_selector("#audit-table")
    assert "chronology.csv" in page.locator("#audit-table").inner_text()
    page.context.close()


def test_outsider_chronology_has_no_restricted_record(server, browser):  # noqa: F811
    page = _sign_in(browser, server, "ben", "ben-test-pass")
    page.goto(server + "/child/C-100/chronology")
    page.wait_for_selector("#chron-table")
    text = page.locator("main").inner_text()
    assert len(_rows(page, "#chron-table tbody tr")) == 4
    assert "Restricted note" not in text and "Rita" not in text
    page.click("#chron-person")
    options = " ".join(page.locator(".dash-options-list-option").all_inner_texts())
    assert "Karen Owen" in options and "Rita" not in options
    page.keyboard.press("Escape")
    for fmt in ("csv", "docx"):
        body = page.context.request.get(server + f"/child/C-100/chronology.{fmt}").body()
        assert b"Rita" not in body and b"N-3" not in body
    assert page.context.request.get(server + "/child/C-900/chronology.csv").status == 404
    page.goto(server + "/child/C-900/chronology")
    page.wait_for_selector("#not-found")
    assert "Zara" not in page.content()
    page.context.close()


def test_list_view_beside_the_map_follows_the_filters_and_sorts(server, browser):  # noqa: F811
    page = _sign_in(browser, server, "asha", "asha-test-pass")
    page.goto(server + "/child/C-100")
    page.wait_for_selector("#member-table")
    keys = lambda: page.eval_on_selector_all("#member-table tbody tr", "rs => rs.map(r => r.dataset.key)")  # noqa: E731
    first = keys()
    assert first[:5] == ["P-1", "worker:W-1", "P-2", "P-3", "P-4"]  # by rank
    assert len(first) == 70  # the 60 one-off mentions in the grey group are listed too
    assert "in a group" in page.locator("#member-table tbody tr[data-key='P-X059']").inner_text()
    # the map's filters apply to the list: only family
    for c in ("household", "friend_or_peer", "associate_or_risk", "community", "professional", "place"):
        page.locator(f"#categories input[value='{c}']").uncheck()
    page.wait_for_function("() => document.querySelectorAll('#member-table tbody tr').length === 2")
    assert keys() == ["P-1", "P-3"]
    page.locator("#categories input[value='household']").check()
    page.locator("#categories input[value='friend_or_peer']").check()
    page.wait_for_function("() => document.querySelectorAll('#member-table tbody tr').length === 4")
    # sort by last seen (newest first), then by group
    page.locator("#list-sort input[value='last_seen']").check()
    page.wait_for_function("() => document.querySelectorAll('#member-table tbody tr')[3].dataset.key === 'P-2'")
    assert keys() == ["P-1", "P-3", "P-4", "P-2"]  # 1 May, 1 May, 20 Apr, 1 Mar 2024 (ties by rank)
    page.locator("#list-sort input[value='group']").check()
    page.wait_for_function("() => document.querySelector('#member-table tbody tr').dataset.key === 'P-2'")
    assert keys() == ["P-2", "P-1", "P-3", "P-4"]  # household, family, friends
    # conversation mode: no ranks or confidence in the list
    page.locator("#mode input[value='conversation']").check()
    page.wait_for_function("() => !document.querySelector('#member-table thead').innerText.includes('Rank')")
    assert "Confidence" not in page.locator("#member-table thead").inner_text()
    page.context.close()


PAGED = 60       # safety-plan reviews of C-101, one a month from 2019-01-01
BULK = 2_100     # short, high-scoring safety-plan notes of another child (more than the old 2,000 cap)


@pytest.fixture(scope="module")
def many_notes(driver, app_graph_ids):
    filler = " The family talked about school, contact and the week ahead." * 15
    driver.execute_query("""
    MATCH (c:Child {child_id: 'C-101'})
    UNWIND range(0, $n - 1) AS i
    CREATE (:CaseNote {note_id: 'N-P' + toString(i), child_id: 'C-101', subject: 'Review ' + toString(i),
            note_type: 'Review', body: 'Safety plan review number ' + toString(i) + '.' + $filler,
            event_date: date('2019-01-01') + duration({months: i}), restricted: false})-[:ABOUT]->(c)
    """, n=PAGED, filler=filler)
    driver.execute_query("""
    CREATE (c:Person:Child {child_id: 'C-300', person_id: 'child:C-300', display_name: 'Bulk Child',
            given_name: 'Bulk', family_name: 'Child', restricted: false, restricted_to_teams: []})
    WITH c
    UNWIND range(0, $n - 1) AS i
    CREATE (:CaseNote {note_id: 'N-B' + toString(i), child_id: 'C-300', subject: 'Safety plan', note_type: 'Case note',
            body: 'Safety plan.', event_date: date('2024-06-01'), restricted: false})-[:ABOUT]->(c)
    """, n=BULK)
    return app_graph_ids


def test_child_filter_is_inside_the_full_text_query(driver, many_notes):
    # 2,100 better-scoring hits of another child come first council-wide: the child's own are still all found
    newest = q.search_page(driver, OUTSIDER, "safety plan", child_id="C-101")
    assert newest["total"] == PAGED and newest["hits"][0]["record_id"] == f"N-P{PAGED - 1}"
    oldest = q.search_page(driver, OUTSIDER, "safety plan", child_id="C-101", order="oldest")
    assert oldest["hits"][0]["record_id"] == "N-P0"
    assert q.search_page(driver, OUTSIDER, "safety plan", child_id="C-101", record_type="Review")["total"] == PAGED
    assert q.search_page(driver, OUTSIDER, "safety plan", child_id="C-101", record_type="Home visit")["total"] == 0
    assert q.search_page(driver, OUTSIDER, "safety plan", child_id="C-101", kind="document")["total"] == 0
    # counted after every filter, restricted records left out: N-9 (restricted child) only for its team
    everywhere = 3 + PAGED + BULK  # counted exactly up to 1,000 past the page (a page of 2,000 here)
    assert q.search_page(driver, OUTSIDER, "safety plan", limit=2000)["total"] == everywhere
    assert q.search_page(driver, INSIDER, "safety plan", limit=2000)["total"] == everywhere + 1
    council = q.search_page(driver, OUTSIDER, "safety plan")  # a page of 50: "more than 1,050"
    assert council["total_capped"] and council["total"] == 50 + 1000 < everywhere
    lucene = q.record_lucene("plan OR x", child_id='C-1" OR *:*', kind="note", record_type="Home visit")
    assert lucene == ('(subject:plan OR body:plan) AND (subject:or OR body:or) AND (subject:x OR body:x)'
                      ' AND child_id:"C\\-1\\" OR \\*\\:\\*" AND (note_type:"Home visit")')


def test_search_pages_through_all_and_oldest_first(server, browser, many_notes):  # noqa: F811
    page = _sign_in(browser, server, "ben", "ben-test-pass")
    page.goto(server + "/search?q=safety+plan&child=C-101")
    page.wait_for_selector("#search-list")
    assert page.locator("#search-count").inner_text().startswith(f"Showing 1–50 of {PAGED}, newest first")
    assert page.locator("#search-list li").count() == 50
    assert "Review 59" in page.locator("#search-list li").first.inner_text()
    assert page.locator("#search-prev").is_disabled()
    page.click("#search-next")
    page.wait_for_function("() => document.querySelector('#search-count').innerText.startsWith('Showing 51–60')")
    assert page.locator("#search-list li").count() == 10 and page.locator("#search-next").is_disabled()
    assert "Review 0" in page.locator("#search-list li").last.inner_text()
    # oldest first: the first safety-plan review, from the first page again
    page.locator("#search-order input[value='oldest']").check()
    page.wait_for_function("() => document.querySelector('#search-count').innerText.includes('oldest first')")
    assert page.locator("#search-count").inner_text().startswith(f"Showing 1–50 of {PAGED}")
    first = page.locator("#search-list li").first.inner_text()
    assert "Review 0" in first and "01 Jan 2019" in first
    # council-wide: counted up to 1,000 past the page, the restricted child's note not among them
    page.goto(server + "/search?q=safety+plan&order=relevance")
    page.wait_for_selector("#search-count")
    assert "of more than 1,050, best match first" in page.locator("#search-count").inner_text()  # count capped
    page.goto(server + "/search?q=Quentin")
    page.wait_for_selector("#search-none")
    page.context.close()
