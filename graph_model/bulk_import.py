"""A council's first load through Neo4j's own bulk importer (`kinscope load --initial`).

The transactional loader (`graph_model.loader`) MERGEs row by row in batches: right for nightly
increments, slow for a first load of millions of notes. This path reads and validates the export
exactly as that loader does (it *is* that loader, with the Cypher writes replaced by CSV writes:
same reader, contract, quarantine, report), writes the importer's CSVs (`graph_model.bulk_csv`)
with the ids, labels, properties and relationships the loader's `cypher/load/` statements would
create on an empty graph, then, with the embedded server stopped, runs `neo4j-admin database
import full` into its database, starts the server again, applies the schema, and finishes with
what the transactional loader does after the tables: deletions (through `cypher/load/`), the
quarantine items and the `LoadRun` record. Later increments MERGE onto the result unchanged.

Only into an empty database of the embedded server: it refuses otherwise, before writing anything.
If the import fails, the database is left empty again (it was empty before) and the server
restarted, and the error says why. The staged CSVs hold children's data: they are written 0600
under the private report folder and removed when the run ends.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import neo4j

from graph_model import server
from graph_model.bulk_csv import ImportFile, close_all, node_file, relationship_file, spec_properties
from graph_model.contract import (
    CASE_NOTES,
    CHILDREN,
    DATA_TABLES,
    DOCUMENTS,
    MAX_TEXT_CHARS,
    SIGNIFICANT_ADULTS,
    WORKER_ALLOCATIONS,
    TableSpec,
)
from graph_model.cypher import cypher
from graph_model.load_report import LoadReport, make_private_dir
from graph_model.loader import ExportLoader, PendingWrite, check_required_files, read_manifest
from graph_model.schema import apply_schema
from kinscope.errors import ExportError, ServerError
from kinscope.logs import get_logger
from kinscope.private_files import open_private
from kinscope.settings import Settings, get_settings

log = get_logger(__name__)

READ_BUFFER_BYTES = 3 * 4 * MAX_TEXT_CHARS
"""The importer's read buffer must hold the largest value: a free-text column of MAX_TEXT_CHARS
characters is at most 4 bytes each in UTF-8; three such columns may share a row."""

# What the loader's statements set on every record they create, besides the row's own values.
LOADER_RESOLVED = {"confidence": "double", "method": "string", "decided_by": "string"}


def _props(spec: TableSpec, **extra: str) -> dict[str, str]:
    return {**spec_properties(spec), **extra}


class BulkExportLoader(ExportLoader):
    """`ExportLoader` whose writes go to importer CSVs; `run` imports them (module docstring)."""

    def __init__(self, driver: neo4j.Driver, export_dir: Path, *, report_dir: Path | None, settings: Settings,
                 batch_size: int):
        super().__init__(driver, export_dir, report_dir=report_dir, home=settings.home, batch_size=batch_size,
                         database=settings.neo4j_database, writers=1)
        self.settings = settings
        self.stage = self.report_dir / "import"
        self.files: dict[str, ImportFile] = {}
        self.workers: dict[str, str] = {}  # worker_id -> display name, as the loader's MERGEs leave it
        self.memberships: set[tuple[str, str]] = set()  # (worker_id, team)
        self.phases: dict[str, float] = {}  # seconds per step, for the log and the benchmark
        self.imported: dict[str, int] = {}  # what the importer itself wrote (nodes, relationships, properties)

    # -- CSV files ---------------------------------------------------------------------
    def _open_files(self) -> None:
        make_private_dir(self.stage)
        s = self.stage
        self.files = {
            "child": node_file(s / "child.csv", "child_id", "Child", _props(
                CHILDREN, person_id="string", display_name="string", network_stale="boolean", content_hash="string")),
            "child_record": node_file(s / "child_record.csv", "record_key", "ChildRecord", _props(
                CHILDREN, record_key="string", source_table="string")),
            "adult_record": node_file(s / "adult_record.csv", "record_key", "AdultRecord", _props(
                SIGNIFICANT_ADULTS, source_table="string", resolution_status="string", content_hash="string")),
            "allocation_record": node_file(s / "allocation_record.csv", "record_key", "AllocationRecord", _props(
                WORKER_ALLOCATIONS, source_table="string", content_hash="string")),
            "case_note": node_file(s / "case_note.csv", "note_id", "CaseNote", _props(
                CASE_NOTES, extraction_status="string", content_hash="string", search_day="string")),
            "document": node_file(s / "document.csv", "document_id", "Document", _props(
                DOCUMENTS, file_status="string", file_size="long", file_sha256="string", file_path="string",
                text_status="string", content_hash="string", search_day="string")),
            "worker": node_file(s / "worker.csv", "worker_id", "Worker", {
                "worker_id": "string", "person_id": "string", "display_name": "string"}),
            "team": node_file(s / "team.csv", "name", "Team", {"name": "string"}),
            "child_record_resolved_to": relationship_file(s / "child_record_resolved_to.csv", "ChildRecord", "Child",
                                                          LOADER_RESOLVED),
            "recorded_for": relationship_file(s / "recorded_for.csv", "AdultRecord", "Child"),
            "allocation_for": relationship_file(s / "allocation_for.csv", "AllocationRecord", "Child"),
            "allocation_resolved_to": relationship_file(s / "allocation_resolved_to.csv", "AllocationRecord", "Worker",
                                                        LOADER_RESOLVED),
            "note_about": relationship_file(s / "note_about.csv", "CaseNote", "Child"),
            "written_by": relationship_file(s / "written_by.csv", "CaseNote", "Worker"),
            "document_about": relationship_file(s / "document_about.csv", "Document", "Child"),
            "member_of": relationship_file(s / "member_of.csv", "Worker", "Team"),
        }

    # labels / relationship type of each file, as the importer's --nodes / --relationships take them
    NODE_LABELS = {
        "child": "Person:Child", "child_record": "SourceRecord:ChildRecord", "adult_record": "SourceRecord:AdultRecord",
        "allocation_record": "SourceRecord:AllocationRecord", "case_note": "CaseNote", "document": "Document",
        "worker": "Person:Worker", "team": "Team",
    }
    RELATIONSHIP_TYPES = {
        "child_record_resolved_to": "RESOLVED_TO", "recorded_for": "RECORDED_FOR", "allocation_for": "ALLOCATION_FOR",
        "allocation_resolved_to": "RESOLVED_TO", "note_about": "ABOUT", "written_by": "WRITTEN_BY",
        "document_about": "ABOUT", "member_of": "MEMBER_OF",
    }

    # -- what each table's statement in cypher/load/ creates on an empty graph ----------------
    def _write_child(self, p: dict[str, Any]) -> None:
        v = p["props"]
        self.files["child"].write({
            **v, "person_id": f"child:{p['id']}", "network_stale": True, "content_hash": p["content_hash"],
            "display_name": f"{v.get('preferred_name') or v['given_name']} {v['family_name']}",
        })
        self.files["child_record"].write({**v, "record_key": p["record_key"], "source_table": CHILDREN.table})
        self.files["child_record_resolved_to"].write({
            "start": p["record_key"], "end": p["id"], "confidence": 1.0, "method": "case_reference",
            "decided_by": "loader"})

    def _write_adult(self, p: dict[str, Any]) -> None:
        v = p["props"]
        self.files["adult_record"].write({
            **v, "record_key": p["record_key"], "source_table": SIGNIFICANT_ADULTS.table,
            "resolution_status": "pending", "content_hash": p["content_hash"]})
        self.files["recorded_for"].write({"start": p["record_key"], "end": v["child_id"]})

    def _write_allocation(self, p: dict[str, Any]) -> None:
        v = p["props"]
        worker = v["worker_id"]
        self.files["allocation_record"].write({
            **v, "record_key": p["record_key"], "source_table": WORKER_ALLOCATIONS.table,
            "content_hash": p["content_hash"]})
        self.files["allocation_for"].write({"start": p["record_key"], "end": v["child_id"]})
        self.files["allocation_resolved_to"].write({
            "start": p["record_key"], "end": worker, "confidence": 1.0, "method": "staff_id", "decided_by": "loader"})
        # SET w.display_name = coalesce(row.worker_name, w.display_name, row.worker_id), row by row
        self.workers[worker] = v.get("worker_name") or self.workers.get(worker) or worker
        if v.get("team") is not None:
            self.memberships.add((worker, v["team"]))

    def _write_note(self, p: dict[str, Any]) -> None:
        v = p["props"]
        self.files["case_note"].write({**v, "extraction_status": "pending", "content_hash": p["content_hash"]})
        self.files["note_about"].write({"start": p["id"], "end": v["child_id"]})
        author = v.get("author_worker_id")
        if author is not None:
            self.workers.setdefault(author, author)  # ON CREATE SET w.display_name = wid
            self.files["written_by"].write({"start": p["id"], "end": author})

    def _write_document(self, p: dict[str, Any]) -> None:
        v = p["props"]
        self.files["document"].write({**v, "text_status": "pending", "content_hash": p["content_hash"]})
        self.files["document_about"].write({"start": p["id"], "end": v["child_id"]})

    def _write_people(self) -> None:
        """Workers and teams, known only once every allocation and note has been read."""
        for worker, name in self.workers.items():
            self.files["worker"].write({"worker_id": worker, "person_id": f"worker:{worker}", "display_name": name})
        for team in sorted({t for _, t in self.memberships}):
            self.files["team"].write({"name": team})
        for worker, team in sorted(self.memberships):
            self.files["member_of"].write({"start": worker, "end": team})

    # -- ExportLoader hooks --------------------------------------------------------------
    def _resolve_children(self, ids: Any) -> None:
        """Nothing is in the graph: the children written to child.csv are all there are."""

    def _write_rows(self, spec: TableSpec, batch: list[PendingWrite]) -> None:
        write = {
            CHILDREN.table: self._write_child, SIGNIFICANT_ADULTS.table: self._write_adult,
            WORKER_ALLOCATIONS.table: self._write_allocation, CASE_NOTES.table: self._write_note,
            DOCUMENTS.table: self._write_document,
        }[spec.table]
        for item in batch:
            write(item.params)
        self.report.stats(spec.file_name).rows_loaded += len(batch)
        if spec is CHILDREN:
            self.known_children.update(str(item.record_id) for item in batch)

    # -- the importer ------------------------------------------------------------------
    def _require_empty(self) -> None:
        records, _, _ = self.driver.execute_query(cypher("load/bulk_graph_size"), database_=self.database)
        nodes = records[0]["nodes"]
        if nodes:
            raise ExportError(
                f"--initial loads only into an empty database, and {self.database!r} holds {nodes:,} nodes. "
                "Load this export without --initial (the transactional loader MERGEs onto what is there), "
                "or empty the database first")

    def _import_args(self) -> list[str]:
        used = {k: f for k, f in self.files.items() if f.rows}
        args = [
            "database", "import", "full", self.database,
            "--overwrite-destination=true",  # the database was checked empty; its old files go
            "--bad-tolerance=0",  # the files are built clean: any bad entry is a bug, stop
            "--strict=true",
            "--verbose",  # the cause of a failure, not only "Error importing csv file"
            f"--read-buffer-size={READ_BUFFER_BYTES}",
            f"--report-file={self.report_dir / 'import.report'}",
        ]
        args += [f"--nodes={self.NODE_LABELS[k]}={f.path.name}" for k, f in used.items() if k in self.NODE_LABELS]
        args += [f"--relationships={self.RELATIONSHIP_TYPES[k]}={f.path.name}"
                 for k, f in used.items() if k in self.RELATIONSHIP_TYPES]
        if any(f.multiline for f in used.values()):
            # v1 (every file parsed as multi-line; slower). v2, which takes the list of such files,
            # failed on a 20,000-child export in 5.26.19 ("found CR outside a text cell" at a
            # buffer boundary of a file with no CR in it), so it is not used.
            args.append("--multiline-fields=true")
        return args

    def _run_importer(self) -> str:
        cmd, env = server.admin_command(self.settings, *self._import_args())
        log_path = self.report_dir / "import.log"
        echo = sys.stderr.isatty()
        with open_private(log_path) as out:
            proc = subprocess.Popen(cmd, cwd=self.stage, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, text=True, umask=0o077)
            assert proc.stdout is not None
            for line in proc.stdout:
                out.write(line)
                if echo:
                    sys.stderr.write(line)
            code = proc.wait()
        text = log_path.read_text(encoding="utf-8", errors="replace")
        if code != 0:
            tail = "\n".join(line for line in text.strip().splitlines()[-15:] if not line.lstrip().startswith("at "))
            raise ServerError(f"the Neo4j importer failed (exit {code}); see {log_path}:\n{tail}")
        return text

    def _import(self) -> None:
        """Stop the server, import, start it again; on failure leave the database empty."""
        server.stop(self.settings)
        try:
            output = self._run_importer()
        except BaseException:
            for folder in server.database_dirs(self.settings, self.database):
                shutil.rmtree(folder, ignore_errors=True)  # the server creates an empty store on start
            server.start(self.settings)
            self._reconnect()
            raise
        for key, pattern in (("nodes_created", r"(\d+) nodes"), ("relationships_created", r"(\d+) relationships"),
                             ("properties_set", r"(\d+) properties")):
            found = re.search(rf"Imported:[\s\S]*?{pattern}", output)
            if found:
                self.imported[key] = int(found.group(1))
                self.report.graph_changes[key] += int(found.group(1))
        server.start(self.settings)
        self._reconnect()

    def _reconnect(self) -> None:
        """A new driver for the new store: the old one's bookmarks name transactions of the old
        store (a higher transaction id), which the new one would wait for until it timed out."""
        self.driver.close()
        self.driver = connect(self.settings)

    # -- the run -------------------------------------------------------------------------
    def _phase(self, name: str, started: float) -> float:
        now = time.perf_counter()
        self.phases[name] = round(now - started, 3)
        log.info("load.bulk.phase", phase=name, seconds=self.phases[name])
        return now

    def run(self) -> LoadReport:
        started = time.perf_counter()
        started_at = datetime.now(UTC)
        manifest = read_manifest(self.export_dir)
        if manifest["kind"] != "full":
            raise ExportError(f"--initial loads a full export; {self.export_dir} is an increment: load it without --initial")
        self.report.kind = manifest["kind"]
        self.report.source_system = manifest.get("source_system")
        self.report.exported_at = manifest.get("exported_at")
        check_required_files(self.export_dir, manifest["kind"])
        self._require_empty()
        if self.report_dir.parent == self.home / "loads":  # in the state folder: make it private
            make_private_dir(self.home)
            make_private_dir(self.home / "loads")
        make_private_dir(self.report_dir)
        log.info("load.start", run_id=self.run_id, export=str(self.export_dir), kind=manifest["kind"], method="bulk")
        step = time.perf_counter()
        try:
            self._open_files()
            for spec in DATA_TABLES:
                self.load_table(spec)
            self._write_people()
            close_all(self.files.values())
            self.report_unlisted_documents()
            step = self._phase("write_csv", step)
            self._import()
            step = self._phase("import", step)
            apply_schema(self.driver, self.database)
            with self.driver.session(database=self.database) as session:  # IN TRANSACTIONS: auto-commit
                session.run(cypher("load/bulk_empty_teams")).consume()
            step = self._phase("schema", step)
            self._record_run({"status": "running", "started_at": started_at, "method": "bulk_import"})
            self.apply_deletions()
            self._phase("deletions", step)
        finally:
            close_all(self.files.values())
            shutil.rmtree(self.stage, ignore_errors=True)
            self.quarantine.close()
            self.report.seconds = time.perf_counter() - started
            self.report.write(self.report_dir)
        return self._complete_run(method="bulk")  # no restriction to lift: the graph was empty


def connect(settings: Settings) -> neo4j.Driver:
    return neo4j.GraphDatabase.driver(settings.neo4j_uri, auth=(settings.neo4j_user, settings.resolved_neo4j_password()))


def bulk_load_export(export_dir: Path, *, report_dir: Path | None = None, batch_size: int | None = None,
                     settings: Settings | None = None) -> BulkExportLoader:
    """Validate a full export and bulk-import it into the empty embedded database.

    Opens its own connections (the store is replaced under them): a driver opened before the
    call holds bookmarks of the old store and must be replaced by a new one after it.
    Returns the finished loader: `.report` is the load report, `.phases` the seconds per step.
    """
    settings = settings or get_settings()
    if not server.is_embedded(settings):
        raise ExportError(
            f"--initial writes the database files of the embedded server, and NEO4J_URI points at "
            f"{settings.neo4j_uri}: load without --initial (transactional), or run Neo4j's importer on that server")
    server.start(settings)  # before connecting: the password is generated at the first start
    loader = BulkExportLoader(
        connect(settings),
        Path(export_dir).resolve(),
        report_dir=Path(report_dir).resolve() if report_dir else None,  # the importer runs in another folder
        settings=settings,
        batch_size=batch_size or settings.load_batch_size,
    )
    try:
        loader.run()
    finally:
        loader.driver.close()
    return loader
