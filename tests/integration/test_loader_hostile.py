"""A hostile export against a real Neo4j: restricted means restricted everywhere, nothing is lost.

Every spelling of the restriction flag, blank and odd team lists, injection-looking and markup
names, a 300,000-character family name, bytes that are not UTF-8, and an increment that tries
to un-restrict records with blank or unreadable values. After each load every record is either
in the graph with the restriction its row asked for (failing closed), or quarantined with a
reason; rows in = rows loaded + rows quarantined, per file.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from helpers_exports import read_rows, write_rows
from typer.testing import CliRunner

from graph_model import contract
from graph_model.loader import ExportLoader, load_export

pytestmark = pytest.mark.integration

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "contract" / "example"
TS = "2024-03-01T09:00:00Z"
LATER = "2024-04-01T09:00:00Z"
INJECTION = "'}) DETACH DELETE n //"
SCRIPT = "<script>alert(1)</script>"
HUGE = "A" * 300_000

# restricted value -> what the child must end up as (teams blank)
RESTRICTED = ["true", "TRUE", " Yes ", "y", "Y", "T", "1", "1.0", "Restricted", "RESTRICTED"]
NOT_RESTRICTED = ["false", "No", "n", "F", "0", "0.0", "Not restricted", "unrestricted", "UNRESTRICTED"]
UNREADABLE = ["R", "maybe", "2", "-1", "restricted?", "null"]
# (restricted, restricted_to_teams) -> (restricted, teams)
TEAM_CASES = [
    ("", "Safeguarding", True, ["Safeguarding"]),
    ("", " ;; Safeguarding ;; ", True, ["Safeguarding"]),
    ("Y", "Team A;;Team A; Team  B ;", True, ["Team A", "Team B"]),
    ("Y", "Team A,Team B", True, ["Team A", "Team B"]),
    ("Y", "Team A|Team B", True, ["Team A", "Team B"]),
    ("Y", " ; ;; ", True, []),
    ("No", "Safeguarding", True, ["Safeguarding"]),  # contradictory: fails closed
    ("", "", False, []),
]


def child(child_id: str, restricted: str = "false", teams: str = "", **fields: str) -> dict:
    row = {
        "child_id": child_id, "given_name": "Test", "family_name": "Child", "preferred_name": "",
        "date_of_birth": "2015-01-01", "gender": "", "postcode": "", "address_line": "", "legal_status": "CIN",
        "open_date": "", "close_date": "", "restricted": restricted, "restricted_to_teams": teams, "updated_at": TS,
    }
    row.update(fields)
    return row


def note(note_id: str, child_id: str, restricted, updated_at: str = TS, **fields) -> dict:
    row = {"note_id": note_id, "child_id": child_id, "event_date": "2024-02-01", "body": "Seen at home.",
           "updated_at": updated_at}
    if restricted is not ...:
        row["restricted"] = restricted
    row.update(fields)
    return row


def document(document_id: str, child_id: str, restricted: str, updated_at: str = TS) -> dict:
    return {"document_id": document_id, "child_id": child_id, "file_name": "D-1_safety_plan.txt", "title": "Plan",
            "document_type": "Safety plan", "document_date": "", "uploaded_at": "", "restricted": restricted,
            "updated_at": updated_at}


def hostile_export(tmp_path: Path) -> tuple[Path, dict[str, tuple[bool, list[str]]]]:
    """The example export plus hostile rows; returns it and the access each child must get."""
    out = tmp_path / "hostile"
    out.mkdir()
    (out / "manifest.json").write_text((EXAMPLE / "manifest.json").read_text())
    (out / "documents").mkdir()
    (out / "documents" / "D-1_safety_plan.txt").write_text((EXAMPLE / "documents" / "D-1_safety_plan.txt").read_text())
    expected: dict[str, tuple[bool, list[str]]] = {"C-1001": (False, []), "C-1002": (True, ["Scarborough Safeguarding"])}
    header, children = read_rows(EXAMPLE, "children.csv")
    for i, value in enumerate(RESTRICTED):
        children.append(child(f"C-R{i}", value))
        expected[f"C-R{i}"] = (True, [])
    for i, value in enumerate(NOT_RESTRICTED):
        children.append(child(f"C-N{i}", value))
        expected[f"C-N{i}"] = (False, [])
    for i, value in enumerate(UNREADABLE):
        children.append(child(f"C-U{i}", value, "Safeguarding" if i % 2 else ""))
        expected[f"C-U{i}"] = (True, ["Safeguarding"] if i % 2 else [])
    for i, (value, teams, restricted, normalised) in enumerate(TEAM_CASES):
        children.append(child(f"C-T{i}", value, teams))
        expected[f"C-T{i}"] = (restricted, normalised)
    children.append(child("C-INJ", "Y", "Safeguarding", given_name=INJECTION, family_name=SCRIPT))
    expected["C-INJ"] = (True, ["Safeguarding"])
    children.append(child("C-HUGE", "Restricted", "Safeguarding", family_name=HUGE))  # quarantined: too_large
    write_rows(out, "children.csv", header, children)
    with (out / "children.csv").open("ab") as fh:  # Latin-1 bytes: not UTF-8
        fh.write(b"C-BYTES,Ann,M\xfcller,,,,,,CIN,,,true,Safeguarding," + TS.encode() + b"\n")

    for name in ("significant_adults.csv", "worker_allocations.csv"):
        header, rows = read_rows(EXAMPLE, name)
        write_rows(out, name, header, rows)
    _, notes = read_rows(EXAMPLE, "case_notes.jsonl")
    spellings = [True, False, "Y", "n", 1, 0, 1.0, 0.0, "Restricted", "Not restricted", "R", 2, None, ...]
    for i, value in enumerate(spellings):
        notes.append(note(f"N-S{i}", "C-1001", value))
    notes.append(note("N-SCRIPT", "C-1001", "false", subject=SCRIPT, body=f"{INJECTION} {SCRIPT}"))
    notes.append(note("N-HUGE-CHILD", "C-HUGE", "false"))  # its child was quarantined
    write_rows(out, "case_notes.jsonl", None, notes)
    with (out / "case_notes.jsonl").open("ab") as fh:
        fh.write(b'{"note_id": "N-DEEP", "body": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n")
        fh.write(b'{"note_id": "N-BYTES", "child_id": "C-1002", "body": "caf\xe9", "restricted": false, '
                 b'"updated_at": "' + TS.encode() + b'"}\n')
    header, docs = read_rows(EXAMPLE, "documents.csv")
    for i, value in enumerate(["Y", "No", "1.0", "R", ""]):
        docs.append(document(f"D-S{i}", "C-1001", value))
    long_name = document("D-LONG", "C-1002", "false")  # over the file system's 255-byte name limit
    long_name["file_name"] = "x" * 300 + ".pdf"
    docs.append(long_name)
    write_rows(out, "documents.csv", header, docs)
    return out, expected


def lines_in(export: Path, name: str) -> int:
    """Data rows written to a file (every line after a CSV header; bytes rows included)."""
    lines = [line for line in (export / name).read_bytes().splitlines() if line.strip()]
    return len(lines) - (0 if name.endswith(".jsonl") else 1)


def quarantined(report_dir: Path) -> dict[tuple[str, str | None], dict]:
    out = {}
    for path in (report_dir / "quarantine").glob("*.rejected.jsonl"):
        for line in path.open(encoding="utf-8"):
            q = json.loads(line)
            out[(q["file"], q["record_id"] or f"line {q['line']}")] = q
    return out


def access(driver, label: str, key: str) -> dict[str, tuple]:
    records, _, _ = driver.execute_query(
        f"MATCH (n:{label}) RETURN n.{key} AS id, n.restricted AS r, n.restricted_to_teams AS teams"
    )
    return {r["id"]: (r["r"], r["teams"]) for r in records}


def assert_nothing_lost(report, export: Path) -> None:
    for name, stats in report.files.items():
        assert stats.rows_read == lines_in(export, name), name
        assert stats.rows_loaded + stats.rows_rejected == stats.rows_read, name


def test_hostile_export_every_record_restricted_or_quarantined(driver, clean_graph, tmp_path):
    export, expected = hostile_export(tmp_path)
    report = load_export(driver, export, report_dir=tmp_path / "report")
    assert report.fatal is None
    assert_nothing_lost(report, export)
    q = quarantined(tmp_path / "report")

    # children: exactly the access each row asked for, always a boolean, teams normalised
    children = access(driver, "Child", "child_id")
    for child_id, (restricted, teams) in expected.items():
        assert children[child_id] == (restricted, teams), child_id
    assert set(children) == set(expected), "a child appeared or vanished"
    assert all(isinstance(r, bool) for r, _ in children.values())
    records, _, _ = driver.execute_query("MATCH (r:ChildRecord) RETURN r.child_id AS id, r.restricted AS r")
    assert {r["id"]: r["r"] for r in records} == {k: v[0] for k, v in expected.items()}, "provenance record differs"
    records, _, _ = driver.execute_query("MATCH (c:Child {child_id: 'C-U0'}) RETURN c.restricted_raw AS raw")
    assert records[0]["raw"] == "R"
    warnings = report.stats("children.csv").warnings
    assert warnings["restricted_unreadable"] == len(UNREADABLE)
    assert warnings["restricted_without_teams"] >= len(RESTRICTED)

    # the 300,000-character family name and the non-UTF-8 row are quarantined, with all they held
    huge = q[("children.csv", "C-HUGE")]
    assert huge["reason"] == "too_large" and "300,000" in huge["detail"]
    assert huge["fields"]["family_name"] == HUGE and huge["fields"]["restricted_to_teams"] == "Safeguarding"
    assert huge["child_id"] == "C-HUGE" and huge["restricted"] is True
    assert huge["restricted_to_teams"] == ["Safeguarding"]
    bad_bytes = next(v for (f, _), v in q.items() if f == "children.csv" and v["reason"] == "invalid_encoding")
    assert "M\\xfcller" in bad_bytes["raw"] and bad_bytes["child_id"] == "C-BYTES" and bad_bytes["restricted"] is True
    # the note of the quarantined restricted child is quarantined as restricted too
    orphan = q[("case_notes.jsonl", "N-HUGE-CHILD")]
    assert orphan["reason"] == "unknown_child" and orphan["restricted"] is True and orphan["child_id"] == "C-HUGE"
    deep = next(v for (f, _), v in q.items() if f == "case_notes.jsonl" and v["reason"] == "invalid_json")
    assert "nested too deeply" in deep["detail"] and deep["restricted"] is True
    note_bytes = next(v for (f, _), v in q.items() if f == "case_notes.jsonl" and v["reason"] == "invalid_encoding")
    assert note_bytes["child_id"] == "C-1002"

    # notes and documents: every spelling typed, unreadable or contradictory ones restricted
    notes = access(driver, "CaseNote", "note_id")
    want = [True, False, True, False, True, False, True, False, True, False, True, True, False, False]
    assert [notes[f"N-S{i}"][0] for i in range(len(want))] == want
    assert all(isinstance(r, bool) for r, _ in notes.values())
    docs = access(driver, "Document", "document_id")
    assert [docs[f"D-S{i}"][0] for i in range(5)] == [True, False, True, True, False]
    long_name = q[("documents.csv", "D-LONG")]
    assert long_name["reason"] == "unreadable_path" and long_name["restricted"] is True  # C-1002 is

    # hostile strings are values: stored as given, nothing deleted or run
    records, _, _ = driver.execute_query(
        "MATCH (c:Child {child_id: 'C-INJ'}) RETURN c.given_name AS g, c.family_name AS f")
    assert (records[0]["g"], records[0]["f"]) == (INJECTION, SCRIPT)
    records, _, _ = driver.execute_query("MATCH (n:CaseNote {note_id: 'N-SCRIPT'}) RETURN n.body AS b")
    assert records[0]["b"] == f"{INJECTION} {SCRIPT}"

    # the data-quality view's items name child and restriction, and restricted ones are marked
    records, _, _ = driver.execute_query(
        "MATCH (:LoadRun {run_id: $run})-[:REJECTED]->(q) "
        "RETURN q.record_id AS id, q.reason AS reason, q.child_id AS child, q.restricted AS r, "
        "q.restricted_to_teams AS teams", run=report.run_id)
    items = {r["id"] or r["reason"]: r for r in records}
    assert len(records) == report.rows_rejected
    assert all(isinstance(r["r"], bool) for r in records)
    assert items["C-HUGE"]["r"] is True and items["C-HUGE"]["teams"] == ["Safeguarding"]
    assert items["N-HUGE-CHILD"]["child"] == "C-HUGE" and items["N-HUGE-CHILD"]["r"] is True
    # the non-UTF-8 note is about C-1002, restricted in the graph: the item says so
    bytes_items = [r for r in records if r["reason"] == "invalid_encoding"]
    assert {r["child"] for r in bytes_items} == {"C-BYTES", "C-1002"} and all(r["r"] for r in bytes_items)
    assert next(r for r in bytes_items if r["child"] == "C-1002")["teams"] == ["Scarborough Safeguarding"]

    # report and quarantine are private to the owner
    report_dir = tmp_path / "report"
    assert stat.S_IMODE(report_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((report_dir / "quarantine").stat().st_mode) == 0o700
    for path in [report_dir / "load_report.json", report_dir / "load_report.txt",
                 *(report_dir / "quarantine").glob("*.jsonl")]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_an_update_cannot_unrestrict_with_blank_or_unreadable_values(driver, clean_graph, tmp_path):
    export, _ = hostile_export(tmp_path)
    load_export(driver, export, report_dir=tmp_path / "full")
    inc = tmp_path / "inc"
    inc.mkdir()
    (inc / "manifest.json").write_text(json.dumps(
        {"contract_version": 1, "source_system": "example", "exported_at": LATER, "kind": "increment", "since": TS}))
    header, _ = read_rows(EXAMPLE, "children.csv")
    write_rows(inc, "children.csv", header, [
        child("C-1002", "", "", updated_at=LATER),  # blank: stays restricted, keeps its teams
        child("C-R0", "R", "", updated_at=LATER),  # unreadable: stays restricted
        child("C-R1", "  ", " ;; ", updated_at=LATER),  # blank, odd team list: stays restricted
        child("C-R2", "No", "", updated_at=LATER),  # explicit: lifted, and reported
        child("C-T0", "false", "Safeguarding", updated_at=LATER),  # contradictory: stays restricted
        child("C-N0", "", "", updated_at=LATER),  # public and blank: stays public
    ])
    write_rows(inc, "case_notes.jsonl", None, [
        note("N-3", "C-1002", None, updated_at=LATER),  # restricted in the example
        note("N-S0", "C-1001", "restricted?", updated_at=LATER),
        note("N-S2", "C-1001", ..., updated_at=LATER),  # no key at all
        note("N-S4", "C-1001", "Not restricted", updated_at=LATER),  # explicit: lifted
    ])
    header, _ = read_rows(EXAMPLE, "documents.csv")
    write_rows(inc, "documents.csv", header, [document("D-S0", "C-1001", "", updated_at=LATER),
                                               document("D-S2", "C-1001", "0", updated_at=LATER)])
    report = load_export(driver, inc, report_dir=tmp_path / "inc-report")
    assert report.rows_rejected == 0
    assert_nothing_lost(report, inc)

    children = access(driver, "Child", "child_id")
    assert children["C-1002"] == (True, ["Scarborough Safeguarding"])
    assert children["C-R0"] == (True, []) and children["C-R1"] == (True, [])
    assert children["C-R2"] == (False, [])
    assert children["C-T0"] == (True, ["Safeguarding"])
    assert children["C-N0"] == (False, [])
    records, _, _ = driver.execute_query("MATCH (r:ChildRecord {child_id: 'C-1002'}) RETURN r.restricted AS r")
    assert records[0]["r"] is True
    notes = access(driver, "CaseNote", "note_id")
    assert (notes["N-3"][0], notes["N-S0"][0], notes["N-S2"][0], notes["N-S4"][0]) == (True, True, True, False)
    docs = access(driver, "Document", "document_id")
    assert (docs["D-S0"][0], docs["D-S2"][0]) == (True, False)

    # every lift is listed by record id; kept restrictions are counted
    lifted = {(e["file"], e["record_id"]) for e in report.restriction_lifted}
    assert lifted == {("children.csv", "C-R2"), ("case_notes.jsonl", "N-S4"), ("documents.csv", "D-S2")}
    saved = json.loads((tmp_path / "inc-report" / "load_report.json").read_text())
    assert {e["record_id"] for e in saved["restriction_lifted"]} == {"C-R2", "N-S4", "D-S2"}
    assert saved["files"]["children.csv"]["warnings"]["restriction_lifted"] == 1
    assert report.stats("children.csv").warnings["restriction_kept"] == 2  # C-1002, C-R1
    assert report.stats("case_notes.jsonl").warnings["restriction_kept"] == 2  # N-3, N-S2
    assert "C-R2" in (tmp_path / "inc-report" / "load_report.txt").read_text()
    records, _, _ = driver.execute_query("MATCH (r:LoadRun {run_id: $run}) RETURN r.restrictions_lifted AS n",
                                         run=report.run_id)
    assert records[0]["n"] == 3


@pytest.mark.parametrize("writers", [1, 3])
def test_a_value_too_large_to_index_fails_only_its_row(driver, clean_graph, tmp_path, monkeypatch, writers):
    """The live failure: a 300,000-character family_name aborted the whole load with
    `Neo.DatabaseError ... Property value is too large to index`. With validation's limit
    lifted the value reaches Neo4j: that batch is retried row by row, only the row is
    quarantined (`write_failed`, a short message), and the rest loads."""
    monkeypatch.setattr(contract, "MAX_KEY_CHARS", contract.MAX_TEXT_CHARS)
    export, expected = hostile_export(tmp_path)
    loader = ExportLoader(driver, export.resolve(), report_dir=tmp_path / "report", home=tmp_path,
                          batch_size=7, database=None, writers=writers)
    report = loader.run()
    assert report.fatal is None
    assert_nothing_lost(report, export)
    children = report.stats("children.csv")
    assert children.rejected["write_failed"] == 1 and "too_large" not in children.rejected
    failed = quarantined(tmp_path / "report")[("children.csv", "C-HUGE")]
    assert failed["reason"] == "write_failed"
    assert "too large" in failed["detail"].lower() and len(failed["detail"]) <= 300
    assert "\n" not in failed["detail"] and failed["restricted"] is True
    assert failed["fields"]["family_name"] == HUGE
    assert set(access(driver, "Child", "child_id")) == set(expected), "the rows of the failed batch did not load"


def test_cli_load_of_the_live_failing_export_completes_without_a_traceback(driver, clean_graph, tmp_path):
    from kinscope.cli import app

    export, _ = hostile_export(tmp_path)
    result = CliRunner().invoke(app, ["load", str(export), "--report-dir", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    saved = json.loads((tmp_path / "r" / "load_report.json").read_text())
    assert saved["files"]["children.csv"]["rejected"] == {"too_large": 1, "invalid_encoding": 1}


def test_the_embedded_server_state_is_private(settings, require_embedded_server):
    """`kinscope neo4j start` (scripts/test.sh ran it) made its folders 0700 and files 0600."""
    neo4j_dir = Path(settings.neo4j_dir)
    for folder in (neo4j_dir, neo4j_dir / "data"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    for path in (neo4j_dir / "neo4j.pid", neo4j_dir / "neo4j.log"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    # the JVM runs with umask 077: the store it writes is the owner's only
    store_files = [p for p in (neo4j_dir / "data").rglob("*") if p.is_file()][:50]
    assert store_files and all(stat.S_IMODE(p.stat().st_mode) & 0o077 == 0 for p in store_files)
