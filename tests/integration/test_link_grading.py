"""Link grading stored in the graph: same person (RESOLVED_TO grade + reasons), possibly the
same (POSSIBLY_SAME between records, not merged) and possibly related (POSSIBLY_RELATED
between persons sharing a family name and an address), idempotent and refreshed on re-run.

The contract example plus two records: Kyle Marsh, an uncle at Danielle's address (a
different person: possibly related), and a "Daniel Marsh" with only a postcode (possibly
the same as Danielle: shown for review, not merged).
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from graph_model.loader import load_export
from linkage.stage_resolve import resolve_records

pytestmark = pytest.mark.integration

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "contract" / "example"
EXTRA = [
    {"relationship_id": "R-5", "child_id": "C-1001", "given_name": "Kyle", "family_name": "Marsh",
     "date_of_birth": "1996-04-04", "gender": "Male", "relationship": "Maternal Uncle",
     "address_line": "14 Filey Road", "postcode": "YO12 5AB", "updated_at": "2023-06-01T10:00:00Z"},
    {"relationship_id": "R-8", "child_id": "C-1002", "given_name": "Daniel", "family_name": "Marsh",
     "postcode": "YO12 5AB", "updated_at": "2023-06-01T10:00:00Z"},
]


def q(driver, query: str, **params) -> list[dict]:
    records, _, _ = driver.execute_query(query, **params)
    return [r.data() for r in records]


@pytest.fixture
def graded(clean_graph, tmp_path):
    export = tmp_path / "export"
    shutil.copytree(EXAMPLE, export)
    path = export / "significant_adults.csv"
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    rows += [{k: r.get(k, "") for k in fields} for r in EXTRA]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)
    load_export(clean_graph, export, report_dir=tmp_path / "load")
    summary = resolve_records(clean_graph)
    return clean_graph, summary


def test_same_person_links_carry_grade_and_reasons(graded):
    driver, _ = graded
    rows = q(driver, """MATCH (r:AdultRecord)-[x:RESOLVED_TO]->(p:Person)
                        RETURN r.relationship_id AS r, p.person_id AS p, x.grade AS grade, x.reasons AS reasons
                        ORDER BY r""")
    assert rows and all(r["grade"] == "same person" for r in rows)
    by = {r["r"]: r for r in rows}
    assert by["R-1"]["p"] == by["R-2"]["p"]
    why = json.loads(by["R-2"]["reasons"])
    assert why["compared_with"] == ["R-1"]
    assert {"family name", "postcode", "phone"} <= set(why["agree"])
    # the transposed date of birth is a partial agreement, not a disagreement
    assert "date of birth (partial, transposed)" in why["partial"]
    assert why["best_score"] is not None and why["best_score"] >= 0.5
    alone = json.loads(by["R-4"]["reasons"])
    assert alone["compared_with"] == [] and "only record" in alone["summary"]


def test_possibly_same_is_stored_not_merged(graded):
    driver, summary = graded
    rows = q(driver, """MATCH (a:AdultRecord)-[e:POSSIBLY_SAME]->(b:AdultRecord)
                        OPTIONAL MATCH (a)-[:RESOLVED_TO]->(pa) OPTIONAL MATCH (b)-[:RESOLVED_TO]->(pb)
                        RETURN a.relationship_id AS a, b.relationship_id AS b, e.score AS score,
                               e.reasons AS reasons, e.graded_at AS at, pa = pb AS merged""")
    assert summary["possibly_same"] == len(rows) >= 1
    pair = {(r["a"], r["b"]): r for r in rows}
    assert ("R-1", "R-8") in pair, rows
    r = pair[("R-1", "R-8")]
    assert not r["merged"] and 0.2 <= r["score"] <= 1 and r["at"] is not None
    why = json.loads(r["reasons"])
    # Danielle / Daniel: related names, not one name (graded "partial" since the graded comparators)
    assert "given name (nickname-aware)" in why["disagree"] + why.get("partial", [])
    assert {"family name", "postcode"} <= set(why["agree"])
    assert why["not_merged"] and why["fields"]
    assert all(not x["merged"] for x in rows)


def test_possibly_related_persons(graded):
    driver, _ = graded
    rows = q(driver, """MATCH (a:Person)-[e:POSSIBLY_RELATED]->(b:Person)
                        RETURN a.person_id AS a, b.person_id AS b, e.basis AS basis""")
    pair = {(r["a"], r["b"]): r["basis"] for r in rows}
    danielle = q(driver, "MATCH (:AdultRecord {relationship_id:'R-1'})-[:RESOLVED_TO]->(p) RETURN p.person_id AS p")[0]["p"]
    kyle = q(driver, "MATCH (:AdultRecord {relationship_id:'R-5'})-[:RESOLVED_TO]->(p) RETURN p.person_id AS p")[0]["p"]
    assert danielle != kyle
    basis = pair.get((danielle, kyle)) or pair.get((kyle, danielle))
    assert basis and "marsh" in basis and "14 filey road" in basis


def test_regrading_is_idempotent_and_removes_stale_edges(graded):
    driver, _ = graded
    snap = """MATCH (a)-[e:POSSIBLY_SAME|POSSIBLY_RELATED]->(b)
              RETURN type(e) AS t, e.pair_key AS k, e.score AS s, e.basis AS basis, toString(e.graded_at) AS at
              ORDER BY t, k"""
    before = q(driver, snap)
    # a stale edge from an earlier run (no longer produced) goes when its records are linked again
    # (an increment re-grades only its scope; full=True: every record)
    driver.execute_query("""MATCH (a:AdultRecord {relationship_id: 'R-3'}), (b:AdultRecord {relationship_id: 'R-4'})
                            CREATE (a)-[:POSSIBLY_SAME {pair_key: 'R-3|R-4', score: 0.3}]->(b)""")
    assert resolve_records(driver)["changed_records"] == 0
    resolve_records(driver, full=True)
    assert q(driver, snap) == before

    # a practitioner split of R-2 from R-1: the pair becomes "possibly the same", with why
    driver.execute_query("""CREATE (:PractitionerDecision {kind: 'split', target_id: 'R-2', other_id: 'R-1',
                            decided_by: 'u9', decided_at: datetime('2024-02-01T10:00:00Z')})""")
    resolve_records(driver)
    row = q(driver, """MATCH (:AdultRecord {relationship_id: 'R-1'})-[e:POSSIBLY_SAME]->(:AdultRecord {relationship_id: 'R-2'})
                       RETURN e.reasons AS reasons""")
    assert row and json.loads(row[0]["reasons"])["not_merged"] == "practitioner split"
    link = q(driver, """MATCH (:AdultRecord {relationship_id: 'R-2'})-[x:RESOLVED_TO]->() RETURN x.reasons AS r""")
    assert json.loads(link[0]["r"])["decided_by"] == "u9"
