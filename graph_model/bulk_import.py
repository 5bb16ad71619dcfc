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

import functools
import os
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
from graph_model.bulk_csv import ImportFile, close_all, spec_properties
from graph_model.bulk_csv import node_file as _node_file
from graph_model.bulk_csv import relationship_file as _relationship_file
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


def _layout(make: Any) -> Any:
    return functools.partial(make, opened=False)


class BulkExportLoader(ExportLoader):
    """`ExportLoader` whose writes go to importer CSVs; `run` imports them (module docstring)."""

    def __init__(self, driver: neo4j.Driver, export_dir: Path, *, report_dir: Path | None, settings: Settings,
                 batch_size: int, processes: int = 1):
        super().__init__(driver, export_dir, report_dir=report_dir, home=settings.home, batch_size=batch_size,
                         database=settings.neo4j_database, writers=1)
        self.settings = settings
        self.processes = max(1, processes)  # > 1: the tables after children.csv in spawned workers
        self.parts: dict[str, list[tuple[str, int, bool]]] = {}  # file key -> its workers' part files
        self.stage = self.report_dir / "import"
        self.files: dict[str, ImportFile] = {}
        self.workers: dict[str, str] = {}  # worker_id -> display name, as the loader's MERGEs leave it
        self.memberships: set[tuple[str, str]] = set()  # (worker_id, team)
        self.phases: dict[str, float] = {}  # seconds per step, for the log and the benchmark
        self.imported: dict[str, int] = {}  # what the importer itself wrote (nodes, relationships, properties)
        self.part_figures: dict[str, float] = {}  # the workers' tasks: count, CPU seconds, largest peak RSS

    # -- CSV files ---------------------------------------------------------------------
    def _open_files(self) -> None:
        make_private_dir(self.stage)
        self.files = {key: f.open() for key, f in self.file_layouts(self.stage).items()}

    @staticmethod
    def file_layouts(s: Path) -> dict[str, ImportFile]:
        """Every import file under folder `s`, not yet opened: its path, header and columns."""
        node_file, relationship_file = _layout(_node_file), _layout(_relationship_file)
        return {
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

    # the files each table after children.csv writes (a worker writes its own parts of them)
    TABLE_FILES = {
        SIGNIFICANT_ADULTS.table: ("adult_record", "recorded_for"),
        WORKER_ALLOCATIONS.table: ("allocation_record", "allocation_for", "allocation_resolved_to"),
        CASE_NOTES.table: ("case_note", "note_about", "written_by"),
        DOCUMENTS.table: ("document", "document_about"),
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

    # -- the tables, in worker processes ----------------------------------------------------
    def load_tables(self) -> None:
        """children.csv here (later tables need its children and their access), then the others:
        in `processes` spawned workers when more than one, merged back in file order."""
        self.load_table(CHILDREN)
        later = [spec for spec in DATA_TABLES if spec is not CHILDREN]
        if self.processes == 1:
            for spec in later:
                self.load_table(spec)
            return
        from graph_model.bulk_parts import run_parts  # it builds on this module

        started = time.perf_counter()
        results = run_parts(self, later)
        seconds = time.perf_counter() - started
        for spec in later:
            if spec.table not in results:  # absent, or a header that makes it unreadable row by row
                self.load_table(spec)
            elif not self._merge_parts(spec, results[spec.table]):
                log.warning("load.bulk.repeated_ids", file=spec.file_name, retry="in one process")
                self.load_table(spec)
            else:
                self.report.stats(spec.file_name).seconds = seconds

    def _merge_parts(self, spec: TableSpec, results: list[Any]) -> bool:
        """Fold one table's part results into the run, in file order; False (nothing folded, the
        part files removed) when an id repeats across parts: only one process can tell which row
        came first."""
        from graph_model.bulk_parts import read_rejections, repeats_across

        if len(results) > 1 and repeats_across([r.digests for r in results]):
            for r in results:
                for name in [r.rejections, *(name for name, _, _ in r.files.values())]:
                    (self.stage / name).unlink(missing_ok=True)
            return False
        stats = self.report.stats(spec.file_name)
        offset = 0
        for r in results:
            stats.rows_read += r.rows_read
            stats.rows_loaded += r.rows_loaded
            stats.warnings.update(r.warnings)
            for row, problem, record_id in read_rejections(self.stage / r.rejections):
                row.line += offset
                self._reject(spec, row, problem, record_id)
            offset += r.lines
            for worker, name in r.workers.items():
                self.workers.setdefault(worker, name)
            self.memberships |= r.memberships
            self.listed_documents |= r.listed_documents
            self.report.documents_missing += r.documents_missing
            for key, part in r.files.items():
                self.parts.setdefault(key, []).append(part)
            f = self.part_figures
            f["tasks"] = f.get("tasks", 0) + 1
            f["cpu_seconds"] = round(f.get("cpu_seconds", 0) + r.cpu_seconds, 3)
            f["peak_rss_mib"] = max(f.get("peak_rss_mib", 0), r.peak_rss_mib)
        return True

    def _import_args(self) -> list[str]:
        def files(key: str) -> str:
            return ",".join([self.files[key].path.name, *(name for name, rows, _ in self.parts.get(key, ()) if rows)])

        used = {k: f for k, f in self.files.items() if f.rows or any(rows for _, rows, _ in self.parts.get(k, ()))}
        args = [
            "database", "import", "full", self.database,
            "--overwrite-destination=true",  # the database was checked empty; its old files go
            "--bad-tolerance=0",  # the files are built clean: any bad entry is a bug, stop
            "--strict=true",
            "--verbose",  # the cause of a failure, not only "Error importing csv file"
            f"--read-buffer-size={READ_BUFFER_BYTES}",
            f"--report-file={self.report_dir / 'import.report'}",
        ]
        args += [f"--nodes={self.NODE_LABELS[k]}={files(k)}" for k in used if k in self.NODE_LABELS]
        args += [f"--relationships={self.RELATIONSHIP_TYPES[k]}={files(k)}" for k in used if k in self.RELATIONSHIP_TYPES]
        if any(f.multiline for f in used.values()) or any(m for parts in self.parts.values() for _, _, m in parts):
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
        step = time.perf_counter()
        server.stop(self.settings)
        step = self._phase("server_stop", step)
        try:
            output = self._run_importer()
            step = self._phase("importer", step)
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
        self._phase("server_start", step)

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

    def write_import_files(self) -> None:
        """Validate the export and write the importer's CSV files (the step before the import)."""
        self._open_files()
        self.load_tables()
        self._write_people()
        close_all(self.files.values())

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
            self.write_import_files()
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


PARALLEL_MIN_BYTES = 32 << 20
"""Data files smaller than this are written in one process: each spawned worker first imports the
loader (and the driver's optional pandas), seconds of CPU before its first row."""


def default_processes(export_dir: Path) -> int:
    size = sum((export_dir / spec.file_name).stat().st_size for spec in DATA_TABLES
               if (export_dir / spec.file_name).is_file())
    if size < PARALLEL_MIN_BYTES:
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def connect(settings: Settings) -> neo4j.Driver:
    return neo4j.GraphDatabase.driver(settings.neo4j_uri, auth=(settings.neo4j_user, settings.resolved_neo4j_password()))


def bulk_load_export(export_dir: Path, *, report_dir: Path | None = None, batch_size: int | None = None,
                     settings: Settings | None = None, processes: int | None = None) -> BulkExportLoader:
    """Validate a full export and bulk-import it into the empty embedded database.

    `processes`: worker processes writing the CSVs (default: one per CPU this process may use, for
    an export of at least `PARALLEL_MIN_BYTES`; below that, starting them costs more than they save).

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
        processes=processes or default_processes(Path(export_dir)),
    )
    try:
        loader.run()
    finally:
        loader.driver.close()
    return loader
