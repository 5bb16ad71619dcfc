"""Load a source export (docs/contract/README.md) into Neo4j.

`load_export` validates every file and row, writes the structured data in batched,
parameterised, idempotent `UNWIND ... MERGE` transactions (statements in `cypher/load/`),
applies deletions, quarantines what it rejects with the reason, and returns a `LoadReport`.
A bad row never stops the run: one that fails validation is quarantined with its reason, and
a batch that Neo4j refuses is retried row by row so only the refusing row is quarantined
(`write_failed`, with Neo4j's short message). A missing required file or an unreadable manifest
stops the run, with an `ExportError`, before anything is written.

Restriction flags fail closed (`graph_model.contract.read_restriction`): every restricted
record is written with an explicit boolean, and a row may lift an earlier restriction only with
an explicit, readable "not restricted" -- each lift is listed in the report
(`restriction_lifted`); a blank or unreadable value keeps it (`restriction_kept`).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from neo4j import Driver, Record
from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired
from tqdm import tqdm

from graph_model.contract import (
    CASE_NOTES,
    CHILDREN,
    DATA_TABLES,
    DELETIONS,
    DOCUMENTS,
    MAX_KEY_CHARS,
    Rejection,
    TableSpec,
    ValidatedRow,
    check_header,
    read_restriction,
    validate_row,
)
from graph_model.cypher import cypher
from graph_model.export_reader import RawRow, iter_csv, iter_jsonl, read_csv_header
from graph_model.load_report import LoadReport, Quarantine, QuarantineAccess, make_private_dir
from graph_model.schema import apply_schema
from graph_model.search_index import record_search_day
from kinscope.errors import ExportError, ServerError
from kinscope.logs import get_logger
from kinscope.settings import Settings, get_settings

log = get_logger(__name__)

CONTRACT_VERSION = 1
FULL_EXPORT_REQUIRED = tuple(t.file_name for t in DATA_TABLES)
DATED_RECORDS = (CASE_NOTES, DOCUMENTS)  # carry the full-text index's day token (graph_model.search_index)


def read_manifest(export_dir: Path) -> dict[str, Any]:
    path = export_dir / "manifest.json"
    if not path.is_file():
        raise ExportError(f"{export_dir} is not a source export: manifest.json is missing")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExportError(f"manifest.json in {export_dir} cannot be read: {exc}") from exc
    if not isinstance(manifest, dict):
        raise ExportError("manifest.json must hold a JSON object")
    if manifest.get("contract_version") != CONTRACT_VERSION:
        raise ExportError(
            f"manifest.json has contract_version={manifest.get('contract_version')!r}; "
            f"this Kinscope reads version {CONTRACT_VERSION}"
        )
    if manifest.get("kind") not in ("full", "increment"):
        raise ExportError(f"manifest.json kind must be 'full' or 'increment', not {manifest.get('kind')!r}")
    return manifest


def check_required_files(export_dir: Path, kind: str) -> None:
    """A full export must hold every data file; an increment may leave out unchanged ones."""
    if kind != "full":
        return
    missing = [name for name in FULL_EXPORT_REQUIRED if not (export_dir / name).is_file()]
    if missing:
        raise ExportError(f"full export {export_dir} lacks required files: {', '.join(missing)}")


def content_hash(props: dict[str, Any], extra: str = "") -> str:
    """Hash of what a record says (not when it was exported), to detect real changes."""
    # Not the export time, nor where this copy of the export happens to sit on disk.
    stable = {k: v for k, v in props.items() if k not in ("updated_at", "file_path")}
    payload = json.dumps(stable, sort_keys=True, default=str) + extra
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def short_error(exc: Neo4jError) -> str:
    """Neo4j's code and the first line of its message: enough to act on, no trace flood."""
    message = (exc.message or str(exc)).strip().splitlines()
    return f"{exc.code or type(exc).__name__}: {message[0] if message else ''}"[:300]


def _key_text(value: Any) -> str | None:
    """A raw cell as an id to label a quarantined row with, or None when it is not one."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if value and len(value) <= MAX_KEY_CHARS else None


@dataclass
class PendingWrite:
    """One validated row on its way to Neo4j, with its source line for the quarantine."""

    source: RawRow
    record_id: str | None
    params: dict[str, Any]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class ExportLoader:
    """One run of loading one export folder."""

    def __init__(self, driver: Driver, export_dir: Path, *, report_dir: Path | None, home: Path,
                 batch_size: int, database: str | None, writers: int = 1):
        self.driver = driver
        self.writers = max(1, writers)
        self._lock = threading.RLock()  # report, quarantine and caches, shared with writer threads
        self._in_flight: list[Future] = []
        self._pool: ThreadPoolExecutor | None = None
        self.export_dir = export_dir
        self.batch_size = batch_size
        self.database = database
        self.run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6]
        self.report_dir = report_dir or home / "loads" / f"{self.run_id}-{export_dir.name}"
        self.report = LoadReport(self.run_id, str(export_dir), report_dir=str(self.report_dir))
        self.quarantine = Quarantine(self.report_dir / "quarantine")
        self.home = home
        self.known_children: set[str] = set()
        self.absent_children: set[str] = set()
        # what this export's children.csv says about each child's access (loaded or rejected)
        self.child_access: dict[str, QuarantineAccess] = {}
        self.listed_documents: set[str] = set()
        self.current_step = "start"  # what the run was doing, for the message when it fails

    # -- writing -----------------------------------------------------------------------
    def _write(self, statement: str, rows: list[dict[str, Any]], **params: Any) -> list[Record]:
        if not rows:
            return []
        records, summary, _ = self.driver.execute_query(cypher(statement), rows=rows, database_=self.database, **params)
        c = summary.counters
        with self._lock:
            for key in ("nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted",
                        "properties_set"):
                value = getattr(c, key)
                if value:
                    self.report.graph_changes[key] += value
        return records

    def _write_or_split(self, statements: tuple[str, ...], spec: TableSpec,
                        batch: list[PendingWrite]) -> tuple[list[PendingWrite], list[Record]]:
        """Write a batch; when Neo4j refuses it, retry row by row and quarantine what it refuses.

        Returns the rows written and the records the statements returned. Only errors the server
        reports (`Neo4jError`) are caught: a lost connection still stops the run.
        """
        try:
            records: list[Record] = []
            for statement in statements:
                records += self._write(statement, [p.params for p in batch])
            return batch, records
        except Neo4jError as exc:
            if len(batch) == 1:
                item = batch[0]
                log.warning("load.row_failed", file=spec.file_name, line=item.source.line, error=short_error(exc))
                self._reject(spec, item.source, Rejection("write_failed", short_error(exc)), item.record_id)
                return [], []
            log.warning("load.batch_failed", file=spec.file_name, rows=len(batch), error=short_error(exc),
                        retry="row by row")
        written: list[PendingWrite] = []
        records = []
        for item in batch:
            ok, recs = self._write_or_split(statements, spec, [item])
            written += ok
            records += recs
        return written, records

    def _write_batch(self, spec: TableSpec, batch: list[PendingWrite]) -> None:
        written, records = self._write_or_split((f"load/{spec.table}",), spec, batch)
        with self._lock:
            self.report.stats(spec.file_name).rows_loaded += len(written)
            if spec is CHILDREN:
                self.known_children.update(str(p.record_id) for p in written)
            for record in records:
                self.report.restriction_event(spec.file_name, record["event"], record["id"])

    def _write_rows(self, spec: TableSpec, batch: list[PendingWrite]) -> None:
        """Write one batch of a table: directly, or on a writer thread when writers > 1.

        Batches of one table may commit in any order (each row is keyed and idempotent, and the
        driver retries transient lock conflicts); `_drain` waits for all of them before the next
        table starts, because later tables MATCH what earlier ones created.
        """
        if not batch:
            return
        if self.writers == 1:
            self._write_batch(spec, batch)
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=self.writers, thread_name_prefix="kinscope-load")
        while len(self._in_flight) >= 2 * self.writers:
            self._in_flight.pop(0).result()
        self._in_flight.append(self._pool.submit(self._write_batch, spec, batch))

    def _drain(self) -> None:
        pending, self._in_flight = self._in_flight, []
        for future in pending:
            future.result()

    def _resolve_children(self, ids: Iterable[str]) -> None:
        unknown = sorted({i for i in ids if i not in self.known_children and i not in self.absent_children})
        if not unknown:
            return
        records, _, _ = self.driver.execute_query(cypher("load/known_children"), ids=unknown, database_=self.database)
        found = {r["child_id"] for r in records}
        self.known_children |= found
        self.absent_children |= set(unknown) - found

    # -- one table -----------------------------------------------------------------------
    def _rows(self, spec: TableSpec, path: Path) -> Iterator[RawRow]:
        return iter_jsonl(path) if spec.fmt == "jsonl" else iter_csv(path)

    def _reject(self, spec: TableSpec, row: RawRow, problem: Rejection, record_id: str | None = None) -> None:
        access = self._access(spec, row.values)
        with self._lock:
            self.report.stats(spec.file_name).rejected[problem.reason] += 1
            self.quarantine.add(spec.file_name, row.line, problem.reason, problem.detail, row.raw, record_id,
                                access=access, row_fields=row.values)

    def _access(self, spec: TableSpec, values: dict[str, Any] | None) -> QuarantineAccess:
        """Whose row a rejected row is and whether it is restricted, failing closed.

        A row that cannot be read at all is restricted. Otherwise it is restricted when its own
        `restricted` value is true, unreadable, or teams are named, or when this export's row for
        its child says so; `quarantine_items.cypher` adds the already-loaded child's restriction.
        """
        if values is None:
            return QuarantineAccess(None, True, [])
        child_id = self._row_child_id(spec, values)
        own = read_restriction(spec, values)
        child = self.child_access.get(child_id) if child_id and spec is not CHILDREN else None
        restricted = bool(own and own.restricted) or bool(child and child.restricted)
        teams = (own.teams if own else []) or (child.restricted_to_teams if child else [])
        return QuarantineAccess(child_id, restricted, list(teams))

    @staticmethod
    def _row_child_id(spec: TableSpec, values: dict[str, Any]) -> str | None:
        if spec is DELETIONS:
            return _key_text(values.get("id")) if values.get("table") == CHILDREN.table else None
        if spec is CHILDREN or spec.references_child:
            return _key_text(values.get("child_id"))
        return None

    def _note_child_access(self, row: RawRow) -> None:
        """Remember what a children.csv row says about access, for its rejected records."""
        if row.values is None:
            return
        child_id = _key_text(row.values.get("child_id"))
        if child_id is None:
            return
        own = read_restriction(CHILDREN, row.values)
        if own is None:
            return
        known = self.child_access.get(child_id)
        restricted = own.restricted or bool(known and known.restricted)
        teams = own.teams or (known.restricted_to_teams if known else [])
        self.child_access[child_id] = QuarantineAccess(child_id, restricted, teams)

    def load_table(self, spec: TableSpec) -> None:
        path = self.export_dir / spec.file_name
        if not path.is_file():
            return
        stats = self.report.stats(spec.file_name)
        self.current_step = spec.file_name
        started = time.perf_counter()
        if spec.fmt == "csv":
            header_problem = check_header(spec, read_csv_header(path))
            if header_problem:
                # The file cannot be read row by row: quarantine it whole, keep going.
                for row in iter_csv(path):
                    stats.rows_read += 1
                    self._reject(spec, row, header_problem)
                if stats.rows_read == 0:
                    stats.rejected[header_problem.reason] += 1
                    self.quarantine.add(spec.file_name, 1, header_problem.reason, header_problem.detail, "")
                stats.seconds = time.perf_counter() - started
                return
        seen: set[str] = set()
        pending: list[tuple[RawRow, ValidatedRow]] = []
        progress = tqdm(desc=f"load {spec.file_name}", unit=" rows", disable=None, leave=False)
        for row in self._rows(spec, path):
            stats.rows_read += 1
            progress.update()
            if spec is CHILDREN:
                self._note_child_access(row)
            if row.problem or row.values is None:
                self._reject(spec, row, row.problem or Rejection("unreadable", "row could not be read"))
                continue
            checked = validate_row(spec, row.values)
            if isinstance(checked, Rejection):
                self._reject(spec, row, checked, _key_text(row.values.get(spec.id_column)))
                continue
            record_id = checked.values[spec.id_column]
            if record_id in seen:
                self._reject(spec, row, Rejection("duplicate_id", f"{spec.id_column}={record_id!r} repeats an earlier row"), record_id)
                continue
            seen.add(record_id)
            with self._lock:
                for warning in checked.warnings:
                    stats.warnings[warning.reason] += 1
            pending.append((row, checked))
            if len(pending) >= self.batch_size:
                self._flush(spec, pending)
                pending = []
        self._flush(spec, pending)
        self._drain()
        progress.close()
        stats.seconds = time.perf_counter() - started

    def _flush(self, spec: TableSpec, pending: list[tuple[RawRow, ValidatedRow]]) -> None:
        if not pending:
            return
        if spec.references_child:
            self._resolve_children(v.values["child_id"] for _, v in pending)
        batch: list[PendingWrite] = []
        for row, checked in pending:
            values = checked.values
            if spec.references_child and values["child_id"] not in self.known_children:
                self._reject(
                    spec, row,
                    Rejection("unknown_child", f"child_id={values['child_id']!r} is not in children.csv nor in the graph"),
                    values[spec.id_column],
                )
                continue
            extra = ""
            if spec is DOCUMENTS:
                problem, extra = self._document_file(values)
                if problem:
                    self._reject(spec, row, problem, values[spec.id_column])
                    continue
            params = {
                "id": values[spec.id_column],
                "record_key": f"{spec.table}:{values[spec.id_column]}",
                "props": {**values, "search_day": record_search_day(values)} if spec in DATED_RECORDS else values,
                "content_hash": content_hash(values, extra),
                # only an explicit, readable value may lift an earlier restriction
                "restriction_explicit": bool(checked.restriction and checked.restriction.explicit),
            }
            batch.append(PendingWrite(row, values[spec.id_column], params))
        self._write_rows(spec, batch)

    def _document_file(self, values: dict[str, Any]) -> tuple[Rejection | None, str]:
        """Check the document's file: inside documents/, present; add size and hash."""
        documents = (self.export_dir / "documents").resolve()
        try:
            target = (documents / values["file_name"]).resolve()
            if documents not in target.parents:
                return Rejection("unsafe_path", f"file_name={values['file_name']!r} points outside documents/"), ""
            present = target.is_file()
        except (OSError, ValueError) as exc:  # a name too long for the file system, NUL...
            return Rejection("unreadable_path", f"file_name={values['file_name'][:80]!r}: {exc}"), ""
        self.listed_documents.add(str(target))
        if not present:
            values["file_status"] = "missing"
            self.report.stats(DOCUMENTS.file_name).warnings["file_missing"] += 1
            self.report.documents_missing.append(values["file_name"])
            return None, "missing"
        values["file_status"] = "present"
        values["file_size"] = target.stat().st_size
        values["file_sha256"] = file_sha256(target)
        values["file_path"] = str(target)
        return None, values["file_sha256"]

    def report_unlisted_documents(self) -> None:
        folder = self.export_dir / "documents"
        if not folder.is_dir():
            return
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if str(path.resolve()) not in self.listed_documents:
                self.report.documents_unlisted.append(str(path.relative_to(folder)))

    # -- deletions -----------------------------------------------------------------------
    def apply_deletions(self) -> None:
        path = self.export_dir / DELETIONS.file_name
        if not path.is_file():
            return
        header_problem = check_header(DELETIONS, read_csv_header(path))
        stats = self.report.stats(DELETIONS.file_name)
        started = time.perf_counter()
        rows: list[PendingWrite] = []
        for row in iter_csv(path):
            stats.rows_read += 1
            problem = header_problem or row.problem
            checked = validate_row(DELETIONS, row.values) if not problem and row.values else None
            if problem or checked is None or isinstance(checked, Rejection):
                self._reject(DELETIONS, row, problem or checked or Rejection("unreadable", "row could not be read"))
                continue
            v = checked.values
            params = {"table": v["table"], "id": v["id"], "record_key": f"{v['table']}:{v['id']}",
                      "deleted_at": v["deleted_at"]}
            rows.append(PendingWrite(row, v["id"], params))
        for start in range(0, len(rows), self.batch_size):
            batch = rows[start : start + self.batch_size]
            before = self.report.graph_changes["nodes_deleted"]
            written, _ = self._write_or_split(("load/tombstones", "load/delete_records"), DELETIONS, batch)
            stats.rows_loaded += len(written)
            self.report.deletions["records_and_derived_nodes_deleted"] += self.report.graph_changes["nodes_deleted"] - before
            for item in written:
                self.report.deletions[item.params["table"]] += 1
        stats.seconds = time.perf_counter() - started

    # -- the run -----------------------------------------------------------------------
    def run(self) -> LoadReport:
        started = time.perf_counter()
        manifest = read_manifest(self.export_dir)
        self.report.kind = manifest["kind"]
        self.report.source_system = manifest.get("source_system")
        self.report.exported_at = manifest.get("exported_at")
        check_required_files(self.export_dir, manifest["kind"])
        apply_schema(self.driver, self.database)
        if self.report_dir.parent == self.home / "loads":  # in the state folder: make it private
            make_private_dir(self.home)
            make_private_dir(self.home / "loads")
        make_private_dir(self.report_dir)
        self._close_interrupted_runs()
        self._record_run({"status": "running", "started_at": datetime.now(UTC)})
        log.info("load.start", run_id=self.run_id, export=str(self.export_dir), kind=manifest["kind"])
        try:
            with self.failing_clearly():
                for spec in DATA_TABLES:
                    self.load_table(spec)
                self.current_step = DELETIONS.file_name
                self.apply_deletions()
                self.report_unlisted_documents()
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
            self.quarantine.close()
            self.report.seconds = time.perf_counter() - started
            self.report.write(self.report_dir)
        with self.failing_clearly():
            return self._complete_run()

    @contextmanager
    def failing_clearly(self) -> Iterator[None]:
        """A lost server becomes a `ServerError` saying what to do; other failures mark the run failed.

        Whatever was committed before the failure stays (each batch is one transaction, keyed and
        idempotent), but the run's ``LoadRun`` is never ``completed``, so nothing treats the export as
        loaded: the next load marks it ``interrupted`` and loading the same export again finishes it.
        """
        try:
            yield
        except (ServiceUnavailable, SessionExpired) as exc:
            log.error("load.server_lost", run_id=self.run_id, step=self.current_step, error=str(exc)[:200])
            raise ServerError(
                f"Neo4j stopped answering while load {self.run_id} was writing {self.current_step} "
                f"({self.report.rows_loaded:,} rows written so far): {str(exc)[:200]}. The load is NOT complete "
                f"and is not recorded as loaded. Start Neo4j again (`kinscope neo4j start`) and run the same "
                f"load again: rows already written are matched, not duplicated.") from exc
        except BaseException as exc:
            try:
                self._record_run({"status": "failed", "finished_at": datetime.now(UTC),
                                  "error": f"{type(exc).__name__}: {str(exc)[:300]}", "failed_at": self.current_step})
            except (DriverError, Neo4jError):
                pass  # the server is gone too: the next load marks the run interrupted
            raise

    def _close_interrupted_runs(self) -> None:
        """Earlier runs still ``running`` were cut off (the process or the server died): say so."""
        records, _, _ = self.driver.execute_query(cypher("load/interrupted_runs"), run_id=self.run_id,
                                                  database_=self.database)
        for r in records:
            log.warning("load.interrupted_run", run_id=r["run_id"], export=r["export_dir"], noticed_by=self.run_id)

    def _complete_run(self, **log_extra: Any) -> LoadReport:
        """After the data: the quarantine items, the completed ``LoadRun`` and the log line."""
        for start in range(0, len(self.quarantine.items), self.batch_size):
            self._write("load/quarantine_items", self.quarantine.items[start : start + self.batch_size], run_id=self.run_id)
        self._record_run(
            {
                "status": "completed",
                "finished_at": datetime.now(UTC),
                "kind": self.report.kind,
                "source_system": self.report.source_system,
                "rows_read": self.report.rows_read,
                "rows_loaded": self.report.rows_loaded,
                "rows_rejected": self.report.rows_rejected,
                "documents_missing": len(self.report.documents_missing),
                "documents_unlisted": len(self.report.documents_unlisted),
                "restrictions_lifted": sum(s.warnings["restriction_lifted"] for s in self.report.files.values()),
                "report_dir": str(self.report_dir),
            }
        )
        log.info("load.done", run_id=self.run_id, read=self.report.rows_read, loaded=self.report.rows_loaded,
                 rejected=self.report.rows_rejected, seconds=round(self.report.seconds, 2), **log_extra)
        return self.report

    def _record_run(self, props: dict[str, Any]) -> None:
        props = {**props, "export_dir": str(self.export_dir)}
        self.driver.execute_query(cypher("load/load_run"), run_id=self.run_id, props=props, database_=self.database)


def load_export(
    driver: Driver,
    export_dir: Path,
    *,
    report_dir: Path | None = None,
    batch_size: int | None = None,
    settings: Settings | None = None,
) -> LoadReport:
    """Validate and load one export folder; see the module docstring."""
    settings = settings or get_settings()
    loader = ExportLoader(
        driver,
        Path(export_dir).resolve(),
        report_dir=Path(report_dir) if report_dir else None,
        home=settings.home,
        batch_size=batch_size or settings.load_batch_size,
        database=settings.neo4j_database,
        writers=settings.load_writers,
    )
    return loader.run()
