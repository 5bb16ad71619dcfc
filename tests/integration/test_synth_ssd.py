"""`kinscope synth --format ssd` → `kinscope convert ssd` → pipeline run: a demo that starts from
SSD tables draws, child by child, the members the SSD rows record (relationships, family groups,
involvements)."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import pytest
from typer.testing import CliRunner

from convert import ssd_mapping as m
from graph_model.contract import TABLES_BY_NAME, Rejection, validate_row
from ranking.roles import canonical_role

pytestmark = pytest.mark.integration

CHILDREN, SEED = 12, 5


def ssd_rows(folder: Path, table: m.SsdTable) -> list[dict]:
    """A table as written, by lower-cased column name (the files have upper-case, reordered headers)."""
    data = (folder / f"{table.name}.csv").read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    return [{k.lower(): (v or None) for k, v in row.items()} for row in csv.DictReader(text.splitlines())]


def recorded_members(folder: Path) -> dict[str, set[tuple[str, str]]]:
    """Child → (name, role) of every person the SSD rows record for them, read from the SSD tables."""
    names = {p["pers_person_id"]: f"{p['pers_forename']} {p['pers_surname']}" for p in ssd_rows(folder, m.PERSON)}
    members: dict[str, set[tuple[str, str]]] = defaultdict(set)
    related: set[tuple[str, str]] = set()
    for r in ssd_rows(folder, m.EXT_PERSON_RELATIONSHIP):
        other = r["related_person_id"]
        name = names.get(other) or f"{r['related_forename']} {r['related_surname']}"
        role = canonical_role(r["relationship_type"] or m.ROLE_OF_CODE[r["relationship_type_code"]])
        members[r["person_id"]].add((name, role))
        related.add((r["person_id"], other))
    for r in ssd_rows(folder, m.MOTHER):
        members[r["moth_childs_person_id"]].add((names[r["moth_person_id"]], "mother"))
        related.add((r["moth_childs_person_id"], r["moth_person_id"]))
    families: dict[str, set[str]] = defaultdict(set)
    for r in ssd_rows(folder, m.FAMILY):
        families[r["fami_family_id"]].add(r["fami_person_id"])
    for group in families.values():
        for child in group:
            for other in group - {child}:
                if (child, other) not in related:
                    members[child].add((names[other], "family member"))
    workers = {p["prof_professional_id"]: p["prof_professional_name"] for p in ssd_rows(folder, m.PROFESSIONALS)}
    for r in ssd_rows(folder, m.INVOLVEMENTS):
        members[r["invo_person_id"]].add((workers[r["invo_professional_id"]], canonical_role(r["invo_professional_role_id"])))
    return members


def test_synthetic_ssd_converts_cleanly_and_the_pipeline_draws_the_recorded_members(
    clean_graph, driver, ner_model_dir, tmp_path, monkeypatch
):
    from kinscope.cli import app

    ssd, export = tmp_path / "ssd", tmp_path / "export"
    runner = CliRunner()
    result = runner.invoke(app, ["synth", "--format", "ssd", "--children", str(CHILDREN), "--seed", str(SEED),
                                 "--out", str(ssd)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in ssd.iterdir()) == sorted(f"{t.name}.csv" for t in m.TABLES)
    result = runner.invoke(app, ["convert", "ssd", str(ssd), "--out", str(export),
                                 "--exported-at", "2024-06-01T02:00:00Z", "--restricted-teams-from-allocations"])
    assert result.exit_code == 0, result.output

    report = json.loads((export / "conversion" / "report.json").read_text(encoding="utf-8"))
    assert report["fatal"] == []
    for name, stats in report["tables"].items():
        assert stats["rows_read"] == stats["rows_converted"] + stats["rows_rejected"], name
    # the only row left out: the person listed twice by a join fan-out
    assert {n: s["rejected"] for n, s in report["tables"].items() if s["rejected"]} == {
        "ssd_person": {"duplicate_identical": 1}}
    for spec in TABLES_BY_NAME.values():
        path = export / spec.file_name
        lines = path.read_text(encoding="utf-8").splitlines()
        rows = ([json.loads(line) for line in lines] if spec.fmt == "jsonl" else list(csv.DictReader(lines)))
        for row in rows:
            assert not isinstance(validate_row(spec, row), Rejection), (spec.file_name, row)
    with (export / "children.csv").open(encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == CHILDREN
    with (export / "case_notes.jsonl").open(encoding="utf-8") as fh:
        assert sum(bool(json.loads(line)["body"]) for line in fh) > CHILDREN  # the notes' text came across

    from pipeline.testing import temporary_airflow_home

    temporary_airflow_home()
    from pipeline.config import PipelineSettings
    from pipeline.runner import run_pipeline

    monkeypatch.setenv("KINSCOPE_INBOX", str(tmp_path / "inbox"))
    monkeypatch.setenv("KINSCOPE_NER_MODEL", str(ner_model_dir))
    monkeypatch.setenv("KINSCOPE_RANK_AS_OF", "2024-06-01")
    run = run_pipeline(export, settings=PipelineSettings())
    assert run.ok, [(r.dag_id, r.tasks) for r in run.runs]

    records, _, _ = driver.execute_query(
        "MATCH (c:Child)-[n:NETWORK]->(m) WHERE any(s IN n.sources WHERE s IN ['record', 'allocation']) "
        "RETURN c.child_id AS child, coalesce(m.display_name, m.name) AS name, n.roles AS roles")
    drawn: dict[str, set[tuple[str, str]]] = defaultdict(set)
    drawn_names: dict[str, set[str]] = defaultdict(set)
    for r in records:
        drawn_names[r["child"]].add(r["name"])
        drawn[r["child"]].update((r["name"], role) for role in r["roles"] or [])
    expected = recorded_members(ssd)
    assert sorted(expected) == sorted(drawn_names)  # every child with a recorded member has a drawn network
    for child, members in sorted(expected.items()):
        assert members <= drawn[child], (child, sorted(members - drawn[child]))
        assert {name for name, _ in members} == drawn_names[child], child
