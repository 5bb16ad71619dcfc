"""`kinscope load --initial` (Neo4j's bulk importer) against a real Neo4j: the same graph as the
transactional loader for the same export, and an increment MERGEs onto it to the same graph as
full + increment loaded transactionally.

Compared: every node (labels, all properties) and every relationship (type, properties, its
endpoints by their keys). Ignored, because they belong to one run: the `LoadRun` nodes (run id,
start and finish times, report folder, method) and their `REJECTED` links, and `run_id` on
`QuarantineItem` nodes (the items themselves are compared). The export is a 20-child synthetic
council plus hand-written rows the CSV format must carry exactly: quotes, commas, line breaks
(LF and CRLF), semicolons, non-ASCII text, unreadable optional values (`*_raw`), an unreadable
restriction, teams and no teams, a timestamp with an offset, rejected rows, and a deletion.

The import replaces the store under the session's server; this module's fixture gives the
session driver a new bookmark manager afterwards (its bookmarks name the old store's
transactions, which the new store would never reach).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import neo4j
import pytest

from conftest import wipe_test_graph
from graph_model.bulk_import import bulk_load_export
from graph_model.loader import load_export
from kinscope.errors import ExportError
from synthetic.council import generate_council

pytestmark = pytest.mark.integration



def node_key(n: str) -> str:
    """A node's own key, whatever its label (records also carry their child's child_id)."""
    return f"coalesce({n}.record_key, {n}.note_id, {n}.document_id, {n}.worker_id, {n}.key, {n}.name, {n}.child_id)"


@pytest.fixture
def fresh_session_bookmarks(driver):
    """After the store is replaced, the session driver must not wait for the old store's bookmarks."""
    yield
    assert hasattr(driver, "_query_bookmark_manager"), "neo4j driver changed: update this fixture"
    driver._query_bookmark_manager = neo4j.GraphDatabase.bookmark_manager()


def _append_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def hostile_export(tmp_path: Path) -> tuple[Path, Path]:
    """A 20-child synthetic full export with awkward rows added, and its increment."""
    full, increment = tmp_path / "full", tmp_path / "increment"
    generate_council(full, children=20, seed=11, render_documents=False)
    generate_council(increment, children=20, seed=11, increment_of=full, render_documents=False)
    _append_csv(full / "children.csv", [
        ["C-900", 'Ann "Nan"', "O'Neil, Jr", "", "1990-13", "Female", "", "Flat 2\n12 High St; rear", "LAC",
         "2020-02-30", "", "maybe", "", "2020-01-01T00:00:00+01:00"],
        ["C-901", "Zoë", "Łukasiewicz", "Zo", "2012", "", "AB1 2CD", "", "", "2019-01-01", "", "Y",
         "Team A; Team B,Team A", "2021-01-01T00:00:00Z"],
        ["", "No", "Id", "", "", "", "", "", "", "", "", "", "", "2021-01-01T00:00:00Z"],  # rejected
    ])
    notes = [
        {"note_id": "N-900", "child_id": "C-900", "event_date": "2021-02-03", "author_worker_id": "W-ONLY-NOTES",
         "note_type": "Visit", "subject": 'Visit, "home"', "body": "Line one\r\nLine two; three\n\u00e9t\u00e9 \u2014 ok",
         "restricted": "no", "updated_at": "2021-02-03T10:00:00.123456Z"},
        {"note_id": "N-901", "child_id": "C-NOPE", "body": "x", "updated_at": "2021-02-03T10:00:00Z"},  # rejected
    ]
    with (full / "case_notes.jsonl").open("a", encoding="utf-8") as fh:
        for note in notes:
            fh.write(json.dumps(note, ensure_ascii=False) + "\n")
    first_note = json.loads((full / "case_notes.jsonl").read_text(encoding="utf-8").splitlines()[0])
    _append_csv(full / "deletions.csv", [["case_notes", first_note["note_id"], "2030-01-01T00:00:00Z"]])
    return full, increment


def snapshot(driver) -> tuple[list[str], list[str], list[str]]:
    """(nodes, relationships, load-run statuses) as sorted JSON lines; run-specific data left out."""
    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE NOT n:LoadRun "
        "RETURN labels(n) AS labels, properties(n) AS props")
    rels, _, _ = driver.execute_query(
        f"MATCH (a)-[r]->(b) WHERE NOT a:LoadRun RETURN type(r) AS type, properties(r) AS props, "
        f"labels(a) AS start_labels, {node_key('a')} AS start, labels(b) AS end_labels, {node_key('b')} AS end")
    runs, _, _ = driver.execute_query("MATCH (r:LoadRun) RETURN r.status AS status, r.kind AS kind")

    def lines(records, drop=()):
        out = []
        for record in records:
            row = dict(record)
            if "props" in row:
                row["props"] = {k: v for k, v in row["props"].items() if k not in drop}
            for key in ("labels", "start_labels", "end_labels"):  # label order is the store's token order
                if key in row:
                    row[key] = sorted(row[key])
            out.append(json.dumps(row, sort_keys=True, default=repr))
        return sorted(out)

    return lines(nodes, drop=("run_id",)), lines(rels), lines(runs)


def assert_same_graph(got, expected) -> None:
    for name, g, e in zip(("nodes", "relationships", "load runs"), got, expected):
        missing, extra = sorted(set(e) - set(g))[:5], sorted(set(g) - set(e))[:5]
        assert g == e, f"{name} differ: {len(g)} vs {len(e)}; missing {missing}; unexpected {extra}"


def test_failed_import_leaves_an_empty_database_and_the_server_running(
        driver, settings, tmp_path, monkeypatch, fresh_session_bookmarks):
    from graph_model import server
    from graph_model.bulk_import import BulkExportLoader
    from kinscope.errors import ServerError

    full, _ = hostile_export(tmp_path)
    wipe_test_graph(driver)
    args = BulkExportLoader._import_args
    monkeypatch.setattr(BulkExportLoader, "_import_args",
                        lambda self: [*args(self), "--nodes=Nowhere=no-such-file.csv"])
    with pytest.raises(ServerError, match="importer failed"):
        bulk_load_export(full, report_dir=tmp_path / "failed", settings=settings)
    assert server.status(settings).bolt_ready
    assert not (tmp_path / "failed" / "import").exists()
    with neo4j.GraphDatabase.driver(settings.neo4j_uri,
                                    auth=(settings.neo4j_user, settings.resolved_neo4j_password())) as fresh:
        nodes, _, _ = fresh.execute_query("MATCH (n) RETURN count(n) AS n")
        assert nodes[0]["n"] == 0  # nothing half-written is visible; a rerun may start again


def test_bulk_import_equals_transactional_load_and_takes_increments(
        driver, settings, tmp_path, fresh_session_bookmarks):
    full, increment = hostile_export(tmp_path)

    wipe_test_graph(driver)
    transactional = load_export(driver, full, report_dir=tmp_path / "t-full", settings=settings)
    expected_full = snapshot(driver)
    load_export(driver, increment, report_dir=tmp_path / "t-inc", settings=settings)
    expected_after_increment = snapshot(driver)
    assert transactional.rows_rejected == 2 and transactional.stats("deletions.csv").rows_loaded == 1

    # a graph with data in it is refused, before anything is written or stopped
    with pytest.raises(ExportError, match="only into an empty database"):
        bulk_load_export(full, report_dir=tmp_path / "refused", settings=settings)
    assert snapshot(driver) == expected_after_increment

    wipe_test_graph(driver)
    with pytest.raises(ExportError, match="loads a full export"):
        bulk_load_export(increment, report_dir=tmp_path / "refused-increment", settings=settings)

    # two CSV workers (the default only for larger exports): the importer reads their part files
    loader = bulk_load_export(full, report_dir=tmp_path / "b-full", settings=settings, processes=2)
    assert len(loader.parts["case_note"]) == 4
    bulk = loader.report
    assert (bulk.rows_read, bulk.rows_loaded, bulk.rows_rejected) == (
        transactional.rows_read, transactional.rows_loaded, transactional.rows_rejected)
    assert {f: s.rejected for f, s in bulk.files.items()} == {f: s.rejected for f, s in transactional.files.items()}
    assert not (tmp_path / "b-full" / "import").exists(), "the staged CSVs (children's data) must be removed"
    with neo4j.GraphDatabase.driver(settings.neo4j_uri,
                                    auth=(settings.neo4j_user, settings.resolved_neo4j_password())) as fresh:
        assert_same_graph(snapshot(fresh), expected_full)
        constraints, _, _ = fresh.execute_query("SHOW CONSTRAINTS YIELD name RETURN count(*) AS n")
        assert constraints[0]["n"] >= 15  # cypher/schema applied after the import
        load_export(fresh, increment, report_dir=tmp_path / "b-inc", settings=settings)
        assert_same_graph(snapshot(fresh), expected_after_increment)

    # the command line chooses the bulk path with --initial, and refuses a graph with data in it
    from typer.testing import CliRunner

    from kinscope.cli import app

    result = CliRunner().invoke(app, ["load", "--initial", str(full), "--report-dir", str(tmp_path / "cli")])
    assert result.exit_code != 0
    assert "only into an empty database" in " ".join(result.output.split())
