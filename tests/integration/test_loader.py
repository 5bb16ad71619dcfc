"""The contract loader against a real Neo4j: valid, malformed, increment, deletion, idempotence."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph_model.loader import load_export
from graph_model.search_index import day_token
from kinscope.errors import ExportError

pytestmark = pytest.mark.integration

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "contract" / "example"


def copy_example(tmp_path: Path) -> Path:
    out = tmp_path / "export"
    shutil.copytree(EXAMPLE, out, ignore=shutil.ignore_patterns("truth"))
    return out


def append_csv(path: Path, *rows: list[str] | str) -> None:
    with path.open("a", encoding="utf-8", newline="") as fh:
        for row in rows:
            if isinstance(row, str):
                fh.write(row + "\n")
            else:
                csv.writer(fh, lineterminator="\n").writerow(row)


def set_manifest(export: Path, **fields) -> None:
    manifest = json.loads((export / "manifest.json").read_text())
    manifest.update(fields)
    (export / "manifest.json").write_text(json.dumps(manifest))


def counts(driver) -> dict[str, int]:
    query = """
    CALL () { MATCH (c:Child) RETURN count(c) AS children }
    CALL () { MATCH (r:AdultRecord) RETURN count(r) AS adult_records }
    CALL () { MATCH (a:AllocationRecord) RETURN count(a) AS allocations }
    CALL () { MATCH (n:CaseNote) RETURN count(n) AS notes }
    CALL () { MATCH (d:Document) RETURN count(d) AS documents }
    CALL () { MATCH (w:Worker) RETURN count(w) AS workers }
    RETURN children, adult_records, allocations, notes, documents, workers
    """
    records, _, _ = driver.execute_query(query)
    return dict(records[0])


def graph_snapshot(driver) -> tuple[list, list]:
    """Every data node and relationship with identity and properties (run logs excluded)."""
    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE NOT n:LoadRun AND NOT n:QuarantineItem "
        "RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props ORDER BY id"
    )
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) WHERE NOT a:LoadRun AND NOT b:QuarantineItem "
        "RETURN elementId(r) AS id, type(r) AS type, elementId(a) AS a, elementId(b) AS b, "
        "properties(r) AS props ORDER BY id"
    )
    as_text = lambda rows: [json.dumps(dict(r), sort_keys=True, default=str) for r in rows]  # noqa: E731
    return as_text(nodes), as_text(rels)


def test_example_export_loads_every_record(driver, clean_graph, tmp_path):
    report = load_export(driver, EXAMPLE, report_dir=tmp_path / "report")
    assert report.fatal is None
    assert counts(driver) == {
        "children": 2, "adult_records": 4, "allocations": 3, "notes": 4, "documents": 1, "workers": 2,
    }
    assert report.rows_rejected == 0
    assert report.stats("case_notes.jsonl").rows_loaded == 4
    assert (tmp_path / "report" / "load_report.json").is_file()
    assert "loaded" in (tmp_path / "report" / "load_report.txt").read_text()
    # restricted flags and teams arrive typed, for access control later
    records, _, _ = driver.execute_query(
        "MATCH (c:Child {child_id: 'C-1002'}) RETURN c.restricted AS r, c.restricted_to_teams AS teams"
    )
    assert records[0]["r"] is True and records[0]["teams"] == ["Scarborough Safeguarding"]
    # the document's file was found and fingerprinted
    records, _, _ = driver.execute_query("MATCH (d:Document) RETURN d.file_status AS s, d.file_sha256 AS h")
    assert records[0]["s"] == "present" and len(records[0]["h"]) == 64
    # notes wait for extraction; the full-text index answers
    records, _, _ = driver.execute_query(
        "CALL db.index.fulltext.queryNodes('record_fulltext', $q) YIELD node RETURN node.note_id AS id",
        q='"retail park"',
    )
    assert [r["id"] for r in records] == ["N-3"]
    # every note and document carries its day token, so a search can ask for a date window
    records, _, _ = driver.execute_query(
        "MATCH (n:CaseNote|Document) RETURN coalesce(n.event_date, n.document_date) AS day, n.search_day AS token")
    assert records and all(r["token"] == day_token(r["day"].to_native() if r["day"] else None) for r in records)


def test_loading_the_same_export_twice_changes_nothing(driver, clean_graph, tmp_path):
    load_export(driver, EXAMPLE, report_dir=tmp_path / "first")
    before = graph_snapshot(driver)
    second = load_export(driver, EXAMPLE, report_dir=tmp_path / "second")
    after = graph_snapshot(driver)
    assert before == after
    assert second.graph_changes.get("nodes_created", 0) == 0
    assert second.graph_changes.get("relationships_created", 0) == 0
    assert second.graph_changes.get("properties_set", 0) == 0, "unchanged rows were rewritten"
    # the same export delivered to another folder is still the same data
    load_export(driver, copy_example(tmp_path), report_dir=tmp_path / "third")
    moved = graph_snapshot(driver)
    strip_path = lambda rows: [r for r in rows if "file_path" not in r] + sorted(  # noqa: E731
        json.dumps({k: v for k, v in json.loads(r)["props"].items() if k != "file_path"}, sort_keys=True)
        for r in rows if "file_path" in r
    )
    assert strip_path(moved[0]) == strip_path(before[0]) and moved[1] == before[1]


def test_malformed_rows_are_quarantined_and_good_rows_load(driver, clean_graph, tmp_path):
    export = copy_example(tmp_path)
    append_csv(
        export / "children.csv",
        ["C-1003", "Amir", "Hussain", "", "2014-02-30", "Male", "", "", "CIN", "", "", "false", "", "2024-01-20T09:00:00Z"],
        ["C-1004", "", "Nowak", "", "", "", "", "", "", "", "", "false", "", "2024-01-20T09:00:00Z"],
        ["C-1005", "Zoë", "O'Brien", "", "", "", "", "", "", "", "", "false", "", "not a time"],
        "C-1006,too,few,fields",
        ["C-1001", "Kayden", "Marsh", "", "", "", "", "", "", "", "", "false", "", "2024-01-20T09:00:00Z"],
    )
    append_csv(
        export / "significant_adults.csv",
        ["R-9", "C-9999", "", "Dave", "Hollis", "", "", "Mum's partner", "", "", "", "", "", "", "", "2024-01-01T00:00:00Z"],
        ["R-10", "C-1003", "", "'}) DETACH DELETE n //", "Hollis", "", "", "Friend", "", "", "", "", "", "", "", "2024-01-01T00:00:00Z"],
    )
    with (export / "case_notes.jsonl").open("a") as fh:
        fh.write('{"note_id": "N-5", "child_id": "C-1001", broken json\n')
        fh.write(json.dumps({"child_id": "C-1001", "body": "no id", "updated_at": "2024-01-01T00:00:00Z"}) + "\n")
    append_csv(
        export / "documents.csv",
        ["D-2", "C-1001", "../../etc/passwd", "x", "Letter", "", "", "false", "2024-01-01T00:00:00Z"],
        ["D-3", "C-1001", "D-3_missing.docx", "Gone", "Letter", "", "", "false", "2024-01-01T00:00:00Z"],
    )
    (export / "documents" / "stray.pdf").write_bytes(b"%PDF-1.4 not listed")

    report = load_export(driver, export, report_dir=tmp_path / "report")

    children = report.stats("children.csv")
    assert children.rows_read == 7
    assert children.rows_loaded == 3  # C-1001, C-1002 and C-1003 (bad optional DOB kept as raw)
    assert dict(children.rejected) == {"missing_required": 1, "invalid_timestamp": 1, "wrong_field_count": 1,
                                       "duplicate_id": 1}
    assert children.warnings["invalid_date_of_birth"] == 1
    adults = report.stats("significant_adults.csv")
    assert adults.rows_loaded == 5 and dict(adults.rejected) == {"unknown_child": 1}
    notes = report.stats("case_notes.jsonl")
    assert notes.rows_loaded == 4 and dict(notes.rejected) == {"invalid_json": 1, "missing_required": 1}
    docs = report.stats("documents.csv")
    assert docs.rows_loaded == 2 and dict(docs.rejected) == {"unsafe_path": 1}
    assert report.documents_missing == ["D-3_missing.docx"]
    assert report.documents_unlisted == ["stray.pdf"]

    quarantined = [json.loads(line) for line in (tmp_path / "report" / "quarantine" / "children.csv.rejected.jsonl").open()]
    assert {q["reason"] for q in quarantined} == {"missing_required", "invalid_timestamp", "wrong_field_count", "duplicate_id"}
    assert any("C-1006,too,few,fields" in q["raw"] for q in quarantined)
    # the hostile string is stored as a name, nothing was deleted
    records, _, _ = driver.execute_query("MATCH (r:AdultRecord {relationship_id: 'R-10'}) RETURN r.given_name AS g")
    assert records[0]["g"] == "'}) DETACH DELETE n //"
    assert counts(driver)["children"] == 3
    records, _, _ = driver.execute_query(
        "MATCH (c:Child {child_id: 'C-1003'}) RETURN c.date_of_birth AS dob, c.date_of_birth_raw AS raw"
    )
    assert records[0]["dob"] is None and records[0]["raw"] == "2014-02-30"
    # rejected rows are visible in the graph for the data-quality view (without their content)
    records, _, _ = driver.execute_query(
        "MATCH (:LoadRun {run_id: $run})-[:REJECTED]->(q) RETURN count(q) AS n", run=report.run_id
    )
    assert records[0]["n"] == report.rows_rejected == 8
    # ...each naming its child and whether it is restricted, for the viewer's filter
    records, _, _ = driver.execute_query(
        "MATCH (:LoadRun {run_id: $run})-[:REJECTED]->(q) RETURN q.record_id AS id, q.child_id AS child, "
        "q.restricted AS r, q.restricted_to_teams AS teams", run=report.run_id
    )
    items = {r["id"]: r for r in records}
    assert (items["R-9"]["child"], items["R-9"]["r"], items["R-9"]["teams"]) == ("C-9999", False, [])
    assert items["C-1001"]["child"] == "C-1001" and items["C-1001"]["r"] is False  # the duplicate row
    assert all(isinstance(r["r"], bool) for r in records)
    unreadable = [r for r in records if r["id"] is None and r["child"] is None]
    assert unreadable and all(r["r"] is True for r in unreadable), "an unreadable row must fail closed"


def test_increment_updates_changed_rows_and_adds_new_ones(driver, clean_graph, tmp_path):
    load_export(driver, EXAMPLE, report_dir=tmp_path / "full")
    driver.execute_query("MATCH (n:CaseNote) SET n.extraction_status = 'done'")
    inc = tmp_path / "inc"
    inc.mkdir()
    (inc / "manifest.json").write_text(json.dumps(
        {"contract_version": 1, "source_system": "example", "exported_at": "2024-02-08T02:00:00Z",
         "kind": "increment", "since": "2024-02-01T02:00:00Z"}))
    header = (EXAMPLE / "significant_adults.csv").read_text().splitlines()[0]
    (inc / "significant_adults.csv").write_text(
        header + "\n"
        "R-1,C-1001,,Danielle,Marsh,1993-02-11,Female,Mother,\"2 New Street, Scarborough\",YO11 1ZZ,07700 900456,,true,,,2024-02-05T10:00:00Z\n"
        # an older version of R-3 must not overwrite the newer one already loaded
        "R-3,C-1001,,J,Pickering,,Male,Father,,,,,true,,,2020-01-01T00:00:00Z\n"
    )
    (inc / "case_notes.jsonl").write_text(
        json.dumps({"note_id": "N-1", "child_id": "C-1001", "event_date": "2023-09-12",
                    "body": "Visited Kayden at home. Mum (Danielle) was present.", "restricted": False,
                    "updated_at": "2024-02-06T09:00:00Z"}) + "\n"
        + json.dumps({"note_id": "N-5", "child_id": "C-1002", "event_date": "2024-02-06",
                      "body": "Ellie seen at school.", "restricted": True, "updated_at": "2024-02-06T09:00:00Z"}) + "\n"
    )
    report = load_export(driver, inc, report_dir=tmp_path / "inc-report")
    assert report.kind == "increment" and report.rows_rejected == 0
    records, _, _ = driver.execute_query(
        "MATCH (r:AdultRecord) WHERE r.relationship_id IN ['R-1', 'R-3'] "
        "RETURN r.relationship_id AS id, r.postcode AS pc, r.given_name AS g, r.resolution_status AS s ORDER BY id"
    )
    assert records[0]["pc"] == "YO11 1ZZ" and records[0]["s"] == "pending"
    assert records[1]["g"] == "Jonathan"
    records, _, _ = driver.execute_query(
        "MATCH (n:CaseNote) RETURN n.note_id AS id, n.extraction_status AS s ORDER BY id"
    )
    assert {r["id"]: r["s"] for r in records} == {"N-1": "pending", "N-2": "done", "N-3": "done", "N-4": "done", "N-5": "pending"}
    assert counts(driver)["notes"] == 5


def test_deletions_remove_records_and_everything_derived(driver, clean_graph, tmp_path):
    load_export(driver, EXAMPLE, report_dir=tmp_path / "full")
    # derived data as later stages will write it: a mention in N-3 and a person resolved from R-4
    driver.execute_query(
        "MATCH (n:CaseNote {note_id: 'N-3'}), (r:AdultRecord {relationship_id: 'R-4'}) "
        "CREATE (m:Mention {mention_id: 'M-1', text: 'Reece'})-[:IN]->(n) "
        "CREATE (m)-[:REFERS_TO]->(:Person {person_id: 'P-reece'}) "
        "CREATE (r)-[:RESOLVED_TO {confidence: 0.9}]->(:Person {person_id: 'P-pat'})"
    )
    inc = tmp_path / "inc"
    inc.mkdir()
    (inc / "manifest.json").write_text(json.dumps(
        {"contract_version": 1, "source_system": "example", "exported_at": "2024-02-08T02:00:00Z",
         "kind": "increment", "since": "2024-02-01T02:00:00Z"}))
    (inc / "deletions.csv").write_text(
        "table,id,deleted_at\n"
        "case_notes,N-3,2024-02-02T10:00:00Z\n"
        "significant_adults,R-4,2024-02-02T10:00:00Z\n"
        "worker_allocations,A-3,2024-02-02T10:00:00Z\n"
        "case_notes,N-404,2024-02-02T10:00:00Z\n"
        "users,U-1,2024-02-02T10:00:00Z\n"
    )
    report = load_export(driver, inc, report_dir=tmp_path / "inc-report")
    assert report.stats("deletions.csv").rejected["unknown_table"] == 1
    c = counts(driver)
    assert (c["notes"], c["adult_records"], c["allocations"]) == (3, 3, 2)
    for label, key in (("Mention", "M-1"), ("Person", "P-reece"), ("Person", "P-pat")):
        records, _, _ = driver.execute_query(
            f"MATCH (x:{label}) WHERE x.mention_id = $k OR x.person_id = $k RETURN count(x) AS n", k=key
        )
        assert records[0]["n"] == 0, f"{label} {key} survived its source's deletion"
    # re-loading the old full export does not bring deleted records back
    load_export(driver, EXAMPLE, report_dir=tmp_path / "again")
    c = counts(driver)
    assert (c["notes"], c["adult_records"], c["allocations"]) == (3, 3, 2)


def test_deleting_a_child_removes_its_records(driver, clean_graph, tmp_path):
    load_export(driver, EXAMPLE, report_dir=tmp_path / "full")
    export = copy_example(tmp_path)
    set_manifest(export, kind="increment", since="2024-02-01T02:00:00Z")
    (export / "deletions.csv").write_text("table,id,deleted_at\nchildren,C-1002,2024-03-01T00:00:00Z\n")
    for name in ("children.csv", "significant_adults.csv", "worker_allocations.csv", "documents.csv"):
        header = (export / name).read_text().splitlines()[0]
        (export / name).write_text(header + "\n")
    (export / "case_notes.jsonl").write_text("")
    load_export(driver, export, report_dir=tmp_path / "del")
    assert counts(driver) == {"children": 1, "adult_records": 2, "allocations": 2, "notes": 2, "documents": 1, "workers": 2}
    records, _, _ = driver.execute_query("MATCH (r:ChildRecord) RETURN collect(r.child_id) AS ids")
    assert records[0]["ids"] == ["C-1001"]


def test_missing_required_file_stops_before_writing(driver, clean_graph, tmp_path):
    export = copy_example(tmp_path)
    (export / "case_notes.jsonl").unlink()
    with pytest.raises(ExportError, match="case_notes.jsonl"):
        load_export(driver, export, report_dir=tmp_path / "r")
    assert counts(driver)["children"] == 0


@pytest.mark.parametrize("manifest", ["{not json", '{"contract_version": 2, "kind": "full"}', '[]'])
def test_unreadable_manifest_exits_non_zero_with_a_clear_message(driver, clean_graph, tmp_path, manifest):
    from kinscope.cli import app

    export = copy_example(tmp_path)
    (export / "manifest.json").write_text(manifest)
    result = CliRunner().invoke(app, ["load", str(export), "--report-dir", str(tmp_path / "r")])
    assert result.exit_code == 2
    assert "manifest.json" in result.output
    assert "Traceback" not in result.output
    assert counts(driver)["children"] == 0


def test_synthetic_council_with_malformed_rows(driver, clean_graph, tmp_path):
    """A generated council: every row is loaded or quarantined, and every planted problem is caught."""
    from synthetic.council import generate_council

    export = tmp_path / "council"
    generate_council(export, children=12, seed=11, render_documents=False, malformed=True)
    report = load_export(driver, export, report_dir=tmp_path / "report")
    for stats in report.files.values():
        assert stats.rows_loaded + stats.rows_rejected == stats.rows_read, stats.file
    with (export / "truth" / "malformed.csv").open() as fh:
        planted = list(csv.DictReader(fh))
    assert planted, "the generator planted no malformed rows"
    quarantined: dict[tuple[str, int], str] = {}
    for path in (tmp_path / "report" / "quarantine").glob("*.rejected.jsonl"):
        for line in path.open():
            q = json.loads(line)
            quarantined[(q["file"], q["line"])] = q["reason"]
    warned = {name: sum(s.warnings.values()) for name, s in report.files.items()}
    for row in planted:
        key = (row["file"], int(row["line"]))
        # a bad required value is quarantined; a bad optional value is kept as unknown and counted
        assert key in quarantined or warned.get(row["file"], 0) > 0, f"planted problem not reported: {row}"
    assert set(quarantined) <= {(r["file"], int(r["line"])) for r in planted}, "a good row was rejected"
    records, _, _ = driver.execute_query("MATCH (c:Child) RETURN count(c) AS n")
    assert records[0]["n"] == report.stats("children.csv").rows_loaded


def test_concurrent_writers_give_the_same_graph_as_one(driver, clean_graph, tmp_path):
    """Small batches on three writer sessions: the same data graph as one session writes."""
    from graph_model.loader import ExportLoader
    from synthetic.council import generate_council

    export = tmp_path / "council"
    generate_council(export, children=15, seed=5, render_documents=False)

    def load_with(writers: int) -> tuple[list, list]:
        with driver.session() as session:
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
        loader = ExportLoader(driver, export.resolve(), report_dir=tmp_path / f"r{writers}", home=tmp_path,
                              batch_size=40, database=None, writers=writers)
        report = loader.run()
        assert report.rows_rejected == 0
        nodes, _, _ = driver.execute_query(
            "MATCH (n) WHERE NOT n:LoadRun AND NOT n:QuarantineItem "
            "RETURN labels(n) AS labels, properties(n) AS props")
        rels, _, _ = driver.execute_query(
            "MATCH (a)-[r]->(b) WHERE NOT a:LoadRun RETURN type(r) AS t, "
            "coalesce(a.record_key, a.note_id, a.document_id, a.child_id, a.worker_id, a.name) AS a, "
            "coalesce(b.record_key, b.note_id, b.document_id, b.child_id, b.worker_id, b.name) AS b")
        canon = lambda rows: sorted(json.dumps(r.data(), sort_keys=True, default=str) for r in rows)  # noqa: E731
        return canon(nodes), canon(rels)

    assert load_with(3) == load_with(1)
