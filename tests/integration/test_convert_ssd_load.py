"""SSD tables → `kinscope convert ssd` → the contract loader → Neo4j: the graph holds the SSD
rows, and full + increment loads to the same graph as a full conversion of the final state."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import wipe_test_graph

from convert.ssd import ConvertOptions, convert_ssd
from graph_model.loader import load_export
from ranking.roles import canonical_role

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ssd"
T1 = datetime(2025, 1, 1, tzinfo=UTC)
T2 = datetime(2025, 1, 8, tzinfo=UTC)
VOLATILE = {"updated_at", "deleted_at", "run_id", "load_run_id", "loaded_at", "last_load_run"}


def convert(tmp_path: Path, state: str, at: datetime, previous: Path | None = None, name: str | None = None) -> Path:
    out = tmp_path / (name or f"{state}-{at:%Y%m%d}")
    report = convert_ssd(FIXTURES / state, out, previous=previous, options=ConvertOptions(exported_at=at))
    assert report.fatal == []
    return out


def load(driver, export: Path, tmp_path: Path):
    report = load_export(driver, export, report_dir=tmp_path / f"load-{export.name}")
    assert report.fatal is None
    assert report.rows_rejected == 0, report.summary_text()
    return report


def query(driver, cypher: str, **params) -> list[dict]:
    records, _, _ = driver.execute_query(cypher, **params)
    return [dict(r) for r in records]


def test_converted_ssd_loads_and_the_graph_holds_the_ssd_rows(driver, clean_graph, tmp_path):
    export = convert(tmp_path, "full", T1)
    load(driver, export, tmp_path)
    children = {r["id"]: r for r in query(driver, (
        "MATCH (c:Child) RETURN c.child_id AS id, c.given_name AS given, c.family_name AS family, "
        "toString(c.date_of_birth) AS dob, c.postcode AS postcode, c.legal_status AS legal, c.restricted AS restricted"))}
    assert sorted(children) == ["1001", "1002", "1003", "1010", "1011"]
    assert children["1001"] == {"id": "1001", "given": "Kayden", "family": "Marsh", "dob": "2015-06-14",
                                "postcode": "YO12 5AB", "legal": "CP", "restricted": False}
    assert children["1002"]["restricted"] is True and children["1003"]["restricted"] is True
    assert children["1010"]["legal"] == "LAC" and children["1010"]["restricted"] is False
    adults = query(driver, (
        "MATCH (r:AdultRecord)-[:RECORDED_FOR]->(c:Child) "
        "RETURN c.child_id AS child, r.person_ref AS ref, r.given_name AS given, r.relationship AS rel "
        "ORDER BY child, ref"))
    assert [tuple(a.values()) for a in adults] == [
        ("1001", "1002", "Ellie-Mae", "Sister"),
        ("1001", "9001", "Dean", "Father"),
        ("1002", "1001", "Kayden", "Family member"),
        ("1002", "9001", "Dean", "Dad"),
        ("1010", "1011", "Mason", "Child"),
        ("1010", "9002", "Brenda", "Maternal grandmother"),
        ("1010", "9003", "Shirley", "SGO carer"),
        ("1011", "1010", "Chloe", "Mother"),
    ]
    allocations = query(driver, (
        "MATCH (a:AllocationRecord)-[:ALLOCATION_FOR]->(c:Child) MATCH (a)-[:RESOLVED_TO]->(w:Worker) "
        "RETURN a.allocation_id AS id, c.child_id AS child, w.worker_id AS worker, a.worker_name AS name, "
        "a.team AS team ORDER BY id"))
    assert [tuple(a.values()) for a in allocations] == [
        ("I1", "1001", "PR1", "Priya Shah", "Scarborough Safeguarding"),
        ("I2", "1002", "PR1", "Priya Shah", "Scarborough Safeguarding"),
        ("I3", "1001", "PR2", "Tom Hardcastel", "Scarborough Early Help"),
        ("I4", "1010", "PR9", None, None),
        ("I6", "1003", "PR1", "Priya Shah", "Scarborough Safeguarding"),
    ]
    notes = query(driver, "MATCH (n:CaseNote) RETURN n.note_id AS id, toString(n.event_date) AS date, "
                          "n.restricted AS restricted ORDER BY id")
    assert [n["id"] for n in notes] == ["CINV-V1", "CINV-V2", "CLAV-V9", "CPV-V1", "N-1", "N-2"]
    assert {n["id"]: n["restricted"] for n in notes}["CINV-V1"] is True
    # loading the same conversion again changes nothing
    again = load(driver, export, tmp_path / "again")
    assert again.graph_changes.get("properties_set", 0) == 0


def snapshot(driver) -> list[str]:
    """Every data node and relationship, by content (not element id), without load times."""
    nodes = query(driver, (
        "MATCH (n) WHERE NOT n:LoadRun AND NOT n:QuarantineItem AND NOT n:Tombstone "
        "RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props"))
    key: dict[str, str] = {}
    for n in nodes:
        props = {k: v for k, v in n["props"].items() if k not in VOLATILE}
        key[n["id"]] = json.dumps([sorted(n["labels"]), props], sort_keys=True, default=str)
    rels = query(driver, (
        "MATCH (a)-[r]->(b) RETURN elementId(a) AS a, type(r) AS type, elementId(b) AS b, properties(r) AS props"))
    edges = [json.dumps([key[r["a"]], r["type"], key[r["b"]],
                         {k: v for k, v in r["props"].items() if k not in VOLATILE}], sort_keys=True, default=str)
             for r in rels if r["a"] in key and r["b"] in key]
    return sorted(key.values()) + sorted(edges)


def test_full_then_increment_equals_a_full_conversion_of_the_final_state(driver, clean_graph, tmp_path):
    first = convert(tmp_path, "full", T1)
    increment = convert(tmp_path, "changed", T2, previous=first)
    load(driver, first, tmp_path)
    report = load(driver, increment, tmp_path)
    assert report.kind == "increment"
    incremental = snapshot(driver)
    assert query(driver, "MATCH (c:Child {child_id: '1003'}) RETURN c") == []  # deleted at source
    moved = query(driver, "MATCH (c:Child {child_id: '1001'}) RETURN c.postcode AS p")
    assert moved == [{"p": "YO11 3LZ"}]
    renamed = query(driver, "MATCH (w:Worker {worker_id: 'PR2'}) RETURN w.display_name AS name")
    assert renamed == [{"name": "Tom Hardcastle"}]

    wipe_test_graph(driver)
    load(driver, convert(tmp_path, "changed", T2, name="final-full"), tmp_path)
    final = snapshot(driver)
    assert len(final) > 40  # children, records, workers, teams, notes and their edges
    only_incremental = sorted(set(incremental) - set(final))
    only_final = sorted(set(final) - set(incremental))
    assert only_incremental == [] and only_final == [], (only_incremental[:5], only_final[:5])


@pytest.mark.slow
def test_pipeline_run_on_a_converted_ssd_draws_the_recorded_members(
    clean_graph, driver, ner_model_dir, tmp_path, monkeypatch
):
    from pipeline.testing import temporary_airflow_home

    temporary_airflow_home()
    from pipeline.config import PipelineSettings
    from pipeline.runner import run_pipeline

    monkeypatch.setenv("KINSCOPE_INBOX", str(tmp_path / "inbox"))
    monkeypatch.setenv("KINSCOPE_NER_MODEL", str(ner_model_dir))
    monkeypatch.setenv("KINSCOPE_RANK_AS_OF", "2025-01-01")
    export = convert(tmp_path, "full", T1)
    run = run_pipeline(export, settings=PipelineSettings())
    assert run.ok, [(r.dag_id, r.tasks) for r in run.runs]
    members = query(driver, (
        "MATCH (c:Child)-[n:NETWORK]->(m) RETURN c.child_id AS child, "
        "coalesce(m.display_name, m.name, m.line) AS name, n.roles AS roles, n.sources AS sources"))
    drawn = {(r["child"], r["name"], role) for r in members
             if {"record", "allocation"} & set(r["sources"] or []) for role in r["roles"] or []}
    # what the SSD rows say, read back from the converted export
    expected = {(a["child_id"], f"{a['given_name']} {a['family_name']}", canonical_role(a["relationship"]))
                for a in csv.DictReader((export / "significant_adults.csv").open(encoding="utf-8"))}
    expected |= {(a["child_id"], a["worker_name"] or a["worker_id"], canonical_role(a["role"]))
                 for a in csv.DictReader((export / "worker_allocations.csv").open(encoding="utf-8"))}
    assert expected == {
        ("1001", "Ellie-Mae Marsh", "sister"), ("1002", "Kayden Marsh", "family member"),
        ("1010", "Mason Dunn", "child"), ("1011", "Chloe Dunn", "mother"),
        ("1001", "Dean Marsh", "father"), ("1002", "Dean Marsh", "father"),
        ("1010", "Brenda Dunn", "maternal grandmother"), ("1010", "Shirley Pickering", "kinship carer"),
        ("1001", "Priya Shah", "social worker"), ("1002", "Priya Shah", "social worker"),
        ("1003", "Priya Shah", "social worker"), ("1001", "Tom Hardcastel", "family support worker"),
        ("1010", "PR9", "personal advisor"),
    }
    assert expected <= drawn, sorted(expected - drawn)
    assert {c for c, _, _ in drawn} <= {"1001", "1002", "1003", "1010", "1011"}
