"""Data-quality page data (quarantined rows and unreadable files, restricted-filtered) and the
evidence counts of a map member for users who may not read some of the child's notes
(stored counts include restricted notes; outsiders get counts over visible records only)."""

from __future__ import annotations

import json
import logging
from datetime import date

import pytest

import app_graph as g
from dashboards import ecomap
from graph_model import queries as q
from ranking.viewer_network import ecomap_members

pytestmark = pytest.mark.integration
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)

INSIDER = q.Viewer("asha", frozenset({g.TEAM_A}), frozenset({"practitioner"}))
OUTSIDER = q.Viewer("ben", frozenset({g.TEAM_B}), frozenset({"practitioner"}))


def add_extras(driver) -> None:
    """A restricted note that mentions Dave Smith (P-2), counted in his stored NETWORK edge, and
    quarantine items: two load rejections (one about the restricted child C-900), an unreadable
    file of a visible child and one of a restricted document."""
    body = "Restricted: Dave Smith was seen at the flat by police."
    s = body.index("Dave Smith")
    driver.execute_query("""
    MATCH (c:Child {child_id: 'C-100'}), (p:Person {person_id: 'P-2'}), (c)-[n:NETWORK]->(p)
    CREATE (r:CaseNote {note_id: 'N-5', child_id: 'C-100', body: $body, subject: 'Police info', note_type: 'Case note',
            event_date: date('2024-06-01'), recorded_at: datetime('2024-06-01T12:00:00Z'), restricted: true})-[:ABOUT]->(c)
    CREATE (mn:Mention {mention_id: 'note:N-5:' + toString($s) + '-' + toString($e), label: 'PERSON', text: 'Dave Smith',
            start: $s, end: $e, child_id: 'C-100', record_date: date('2024-06-01')})-[:IN]->(r)
    CREATE (mn)-[:REFERS_TO {confidence: 0.9, method: 'cluster'}]->(p)
    SET n.evidence_count = 2, n.last_seen = date('2024-06-01'),
        n.rank_components = $comp
    """, body=body, s=s, e=s + len("Dave Smith"),
        comp=json.dumps({"rank": 3, "category": "household", "roles": ["mother's partner"], "notes": 2,
                         "documents": 0, "records": 0, "allocations": 0, "evidence_count": 2, "evidence": 2.0,
                         "age_days": 0, "current": False}))
    driver.execute_query("""
    CREATE (run:LoadRun {run_id: 'run-1', started_at: datetime('2024-06-02T01:00:00Z'), status: 'done'})
    CREATE (run)-[:REJECTED]->(:QuarantineItem {run_id: 'run-1', file: 'children.csv', line: 7, reason: 'bad_date',
            detail: 'date_of_birth is not a date', record_id: 'C-900'})
    CREATE (run)-[:REJECTED]->(:QuarantineItem {run_id: 'run-1', file: 'case_notes.jsonl', line: 12, reason: 'bad_date',
            detail: 'event_date is not a date', record_id: 'N-77'})
    CREATE (run)-[:REJECTED]->(:QuarantineItem {run_id: 'run-1', file: 'case_notes.jsonl', line: 13, reason: 'missing_child',
            detail: 'child_id not found', record_id: 'N-78'})
    WITH 1 AS x
    MATCH (d:Document {document_id: 'D-1'})
    CREATE (q1:QuarantineItem {stage: 'document_text', record_id: 'D-1', file: 'safety-plan.docx', reason: 'encrypted',
            child_id: 'C-100', quarantined_at: datetime('2024-06-03T01:00:00Z')})-[:CONCERNS]->(d)
    CREATE (d2:Document {document_id: 'D-9', child_id: 'C-100', title: 'Police report', restricted: true,
            file_name: 'police.pdf'})
    WITH q1, d2
    MATCH (c:Child {child_id: 'C-100'})
    CREATE (d2)-[:ABOUT]->(c)
    CREATE (:QuarantineItem {stage: 'document_text', record_id: 'D-9', file: 'police.pdf', reason: 'corrupt',
            child_id: 'C-100', quarantined_at: datetime('2024-06-03T02:00:00Z')})-[:CONCERNS]->(d2)
    """)


@pytest.fixture(scope="module")
def graph(driver, app_graph_ids):
    add_extras(driver)
    return app_graph_ids


def test_quarantine_lists_items_with_counts_and_filters_restricted(driver, graph):
    inside = q.quarantine_items(driver, INSIDER)
    outside = q.quarantine_items(driver, OUTSIDER)
    admin_outside = q.quarantine_items(driver, q.Viewer("root", frozenset({g.TEAM_B}), frozenset({"admin"})))
    # rows about no loaded child (N-77, N-78 never loaded) are for admins only: fail closed
    assert inside["total"] == 3
    assert {(r["file"], r["line"]) for r in outside["items"]} == {("safety-plan.docx", None)}
    assert {(r["file"], r["line"]) for r in admin_outside["items"]} == {
        ("case_notes.jsonl", 12), ("case_notes.jsonl", 13), ("safety-plan.docx", None)}
    for data in (outside, admin_outside):
        assert "C-900" not in json.dumps(data, default=str) and "police.pdf" not in json.dumps(data, default=str)
    counts = {(r["stage"], r["reason"]): r["count"] for r in admin_outside["by_reason"]}
    assert counts == {("load", "bad_date"): 1, ("load", "missing_child"): 1, ("document_text", "encrypted"): 1}
    assert {(r["stage"], r["reason"]): r["count"] for r in inside["by_reason"]}[("load", "bad_date")] == 1
    assert q.quarantine_items(driver, OUTSIDER, stage="document_text")["total"] == 1
    assert q.quarantine_items(driver, OUTSIDER, stage="load", reason="bad_date")["total"] == 0
    assert q.quarantine_items(driver, OUTSIDER, reason=g.HOSTILE_CYPHER)["total"] == 0


def test_outsiders_get_counts_over_visible_records_only(driver, graph):
    inside = {m["key"]: m for m in ecomap_members(driver, INSIDER, "C-100")["members"]}
    outside = {m["key"]: m for m in ecomap_members(driver, OUTSIDER, "C-100")["members"]}
    assert inside["P-2"]["evidence_count"] == 2 and inside["P-2"]["rank_components"]["notes"] == 2
    dave = outside["P-2"]
    assert dave["evidence_count"] == 1 and dave["rank_components"]["notes"] == 1
    assert dave["last_seen"] == date(2024, 5, 1)  # the restricted note's date is not revealed
    assert "evidence" not in dave["rank_components"]
    assert "in 1 note" in ecomap.explain_components(dave["rank_components"], dave)
    assert "in 2 notes" in ecomap.explain_components(inside["P-2"]["rank_components"], inside["P-2"])
    # members of a child with no restricted records keep their stored values
    assert outside["P-1"]["evidence_count"] == inside["P-1"]["evidence_count"]
    # the month histogram and evidence already filter; the legend counts members it is given
    assert set(outside) == set(inside) - {"P-R"}


def test_mace_and_fgc_queries_respect_restrictions(driver, graph):
    # C-100 and C-900 (restricted) share nobody; give them a shared person to compare
    driver.execute_query("""
    MATCH (a:Child {child_id: 'C-100'}), (b:Child {child_id: 'C-900'}), (c:Child {child_id: 'C-101'}),
          (p:Person {person_id: 'P-4'})
    MERGE (b)-[:NETWORK {category: 'friend_or_peer', roles: ['friend'], sources: ['record'], rank: 2}]->(p)
    MERGE (c)-[:NETWORK {category: 'friend_or_peer', roles: ['friend'], sources: ['record'], rank: 2}]->(p)
    SET a.cohort_id = 'cohort:C-100', b.cohort_id = 'cohort:C-100', c.cohort_id = 'cohort:C-100'
    """)
    assert [c["child_id"] for c in q.mace_children(driver, OUTSIDER, [], "cohort:C-100")] == ["C-100", "C-101"]
    assert [c["child_id"] for c in q.mace_children(driver, INSIDER, [], "cohort:C-100")] == ["C-100", "C-101", "C-900"]
    assert q.mace_children(driver, OUTSIDER, ["C-900"]) == []
    shared_in = q.mace_shared(driver, INSIDER, ["C-100", "C-101", "C-900"])
    assert shared_in[0]["key"] == "P-4" and shared_in[0]["children"] == ["C-100", "C-101", "C-900"]
    shared_out = q.mace_shared(driver, OUTSIDER, ["C-100", "C-101"])
    assert shared_out[0]["children"] == ["C-100", "C-101"]
    assert "C-900" not in json.dumps(shared_out)
    paths = q.mace_paths(driver, OUTSIDER, "C-100", "C-101")
    assert paths and [n["key"] for n in paths[0]["nodes"]] == ["C-100", "P-4", "C-101"]
    assert q.mace_paths(driver, OUTSIDER, "C-100", "C-900") == []
    assert q.mace_paths(driver, INSIDER, "C-100", "C-900")
    from dashboards.pages import mace
    page = str(mace.results(q.mace_children(driver, OUTSIDER, ["C-100", "C-101"]), shared_out, paths, initials=True))
    assert "I. O." in page and "K." in page and "Kyle" not in page and "Isla" not in page
    # FGC: relatives of relatives go through visible siblings only
    driver.execute_query("""
    MATCH (c1:Child {child_id: 'C-100'}), (c9:Child {child_id: 'C-900'})
    CREATE (m:Person {person_id: 'P-MUM', display_name: 'Karen Owen'})
    CREATE (g:Person {person_id: 'P-GRAN', display_name: 'Gran Secret'})
    CREATE (:AdultRecord {relationship_id: 'R-10', relationship: 'Mother'})-[:RECORDED_FOR]->(c1)
    CREATE (:AdultRecord {relationship_id: 'R-11', relationship: 'Mother'})-[:RECORDED_FOR]->(c9)
    CREATE (:AdultRecord {relationship_id: 'R-12', relationship: 'Grandmother'})-[:RECORDED_FOR]->(c9)
    WITH m, g
    MATCH (r10:AdultRecord {relationship_id: 'R-10'}), (r11:AdultRecord {relationship_id: 'R-11'}),
          (r12:AdultRecord {relationship_id: 'R-12'})
    CREATE (r10)-[:RESOLVED_TO]->(m), (r11)-[:RESOLVED_TO]->(m), (r12)-[:RESOLVED_TO]->(g)
    """)
    assert [r["name"] for r in q.fgc_relatives_of_relatives(driver, INSIDER, "C-100")] == ["Gran Secret"]
    assert q.fgc_relatives_of_relatives(driver, OUTSIDER, "C-100") == []
    assert q.fgc_relatives_of_relatives(driver, OUTSIDER, "C-900") == []


def test_moved_pages_and_exports_refuse_an_outsider_and_show_the_insider(driver, graph, settings, tmp_path):
    """Each page moved out of dashboards.app, reached through its route (pages.match), as the
    restricted child's team and as another team: the same page, or "Not available" and a 404."""
    import flask

    from dashboards import pages
    from dashboards.app import create_app
    from dashboards.auth import User
    from dashboards.pages import audit, chronology, fgc
    from dashboards.settings import AppSettings

    aset = AppSettings(app_env="dev", secret_key="k" * 32, users_file=tmp_path / "users.toml", secure_cookies=False)
    app = create_app(settings, aset, driver=driver)
    cx = app.kinscope
    secret, note = graph["secret"], graph["restricted_note"]
    paths = {f"/child/{secret}/chronology": "chron-title", f"/child/{secret}/fgc": "fgc-title",
             f"/child/{secret}/print": "print-title", f"/child/{secret}/print?family=1": "print-title",
             f"/record/note/{note}": "record-title", f"/record/note/{graph['secret_note']}": "record-title"}

    def render(user: User, path: str) -> str:
        route, _, query = path.partition("?")
        page, variables = pages.match(route.strip("/").split("/"))
        return str(page.layout(cx, user, dict(p.split("=") for p in query.split("&") if p), **variables))

    for who, team, sees in (("asha-pages", g.TEAM_A, True), ("ben-pages", g.TEAM_B, False)):
        user = User(who, "", frozenset({team}), frozenset({"practitioner"}))
        with app.server.test_request_context("/_dash-update-component"):
            flask.g.user = user
            flask.session["sid"] = f"s-{who}"
            for path, title in paths.items():
                shown = render(user, path)
                assert (title in shown) == sees and ("not-found" in shown) != sees, (who, path)
            for response in (fgc.csv_export(cx, secret), chronology.export(cx, secret, "csv"),
                             chronology.export(cx, secret, "docx")):
                assert response.status_code == (200 if sees else 404), who
            assert audit.csv_export(cx).status_code == 403  # practitioners, not administrators
    for team, sees in ((g.TEAM_A, True), (g.TEAM_B, False)):  # the audit trail follows the restriction too
        with app.server.test_request_context("/audit.csv?user=ben-pages"):
            flask.g.user = User("admin-pages", "", frozenset({team}), frozenset({"admin"}))
            flask.session["sid"] = f"s-admin-{team}"
            csv_text = audit.csv_export(cx).get_data(as_text=True)
        assert "denied,audit.csv" in csv_text and (f"child:{secret}" in csv_text) == sees, team
    denied, _, _ = driver.execute_query(
        "MATCH (e:AuditEvent {user: 'ben-pages', action: 'denied'}) RETURN e.target AS t")
    assert len([r for r in denied if r["t"] == f"child:{secret}"]) == 3  # the three exports, each recorded
