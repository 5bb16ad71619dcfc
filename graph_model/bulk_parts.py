"""The bulk load's tables after children.csv, written by several processes at once.

Each task validates one file (a CSV file whole; the case notes, JSON Lines, in byte ranges cut at
line ends) exactly as `BulkExportLoader` does and writes its own headerless part files, which the
importer reads after the main file's header. What the main process must decide in file order
comes back with the result: the rejected rows (the main process quarantines them, in order, with
the child's access it alone knows), the counts, the workers and teams, the documents' files, and
an 8-byte digest of every id validated, so that an id repeated across two ranges is found (the
table is then written again in one process: the later row must be the one rejected).

Workers are spawned, never forked: the caller may hold a Neo4j driver's threads.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import resource
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from graph_model.bulk_import import BulkExportLoader
from graph_model.contract import TABLES_BY_NAME, Rejection, TableSpec, ValidatedRow, check_header
from graph_model.export_reader import RawRow, iter_jsonl, read_csv_header
from graph_model.loader import ExportLoader

DIGEST_BYTES = 8


def jsonl_spans(path: Path, parts: int) -> list[tuple[int, int]]:
    """Byte ranges `[start, end)` of about equal size covering `path`, each starting at a line."""
    size = path.stat().st_size
    bounds = [0]
    with path.open("rb") as fh:
        for k in range(1, max(1, parts)):
            target = size * k // parts
            if target <= bounds[-1]:
                continue
            fh.seek(target - 1)
            fh.readline()  # to the end of the line holding byte target-1
            if bounds[-1] < fh.tell() < size:
                bounds.append(fh.tell())
    return list(zip(bounds, [*bounds[1:], size]))


def count_lines(path: Path, start: int, end: int) -> int:
    """Line ends in the byte range: where the next range's line numbers start."""
    count = 0
    with path.open("rb") as fh:
        fh.seek(start)
        left = end - start
        while left > 0:
            chunk = fh.read(min(left, 1 << 24))
            if not chunk:
                break
            count += chunk.count(b"\n")
            left -= len(chunk)
    return count


def id_digest(record_id: str) -> bytes:
    return hashlib.blake2b(record_id.encode("utf-8", "surrogatepass"), digest_size=DIGEST_BYTES).digest()


def repeats_across(digests: list[bytes]) -> bool:
    """Whether any digest occurs in more than one of the lists (each list's own are distinct)."""
    import numpy as np

    joined = np.sort(np.frombuffer(b"".join(digests), dtype=np.uint64))
    return bool((joined[1:] == joined[:-1]).any())


@dataclass
class PartTask:
    table: str
    export_dir: Path
    stage: Path
    part: int
    span: tuple[int, int] | None  # a byte range of a JSON Lines file, or None: the whole file
    known_children: frozenset[str]
    batch_size: int


@dataclass
class PartResult:
    table: str
    part: int
    lines: int  # physical lines in the span (the next span's line numbers start after them)
    rows_read: int
    rows_loaded: int
    warnings: Counter
    rejections: str  # file in the stage folder: (row, problem, record id) pickled one after another
    rejected: int
    digests: bytes
    files: dict[str, tuple[str, int, bool]]  # file key -> (part file name, rows, multiline)
    workers: dict[str, str] = field(default_factory=dict)
    memberships: set[tuple[str, str]] = field(default_factory=set)
    listed_documents: set[str] = field(default_factory=set)
    documents_missing: list[str] = field(default_factory=list)
    cpu_seconds: float = 0.0
    peak_rss_mib: float = 0.0


class PartLoader(BulkExportLoader):
    """A `BulkExportLoader` for one table (or one range of it), without a server or a quarantine."""

    def __init__(self, task: PartTask) -> None:
        ExportLoader.__init__(self, None, task.export_dir, report_dir=task.stage, home=task.stage,  # type: ignore[arg-type]
                              batch_size=task.batch_size, database=None)
        self.task = task
        self.spec = TABLES_BY_NAME[task.table]
        self.files = {}
        self.workers = {}
        self.memberships = set()
        self.phases = {}
        self.imported = {}
        self.known_children = set(task.known_children)
        self.rejections = task.stage / f"rejected.{task.table}.part{task.part}.pickle"
        self._rejected: BinaryIO | None = None
        self.rejected = 0
        self.digests = bytearray()
        self.lines = 0

    def _open_files(self) -> None:
        layouts = self.file_layouts(self.task.stage)
        self.files = {key: layouts[key].part(self.task.part) for key in self.TABLE_FILES[self.task.table]}

    def _rows(self, spec: TableSpec, path: Path):
        if self.task.span is None:
            return super()._rows(spec, path)
        start, end = self.task.span
        self.lines = count_lines(path, start, end)
        return iter_jsonl(path, start=start, end=end)

    def _reject(self, spec: TableSpec, row: RawRow, problem: Rejection, record_id: str | None = None) -> None:
        """Kept on disk, not in memory: a file of nothing but bad rows must not fill the memory."""
        if self._rejected is None:
            fd = os.open(self.rejections, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # children's data
            self._rejected = os.fdopen(fd, "wb")
        pickle.dump((row, problem, record_id), self._rejected, protocol=pickle.HIGHEST_PROTOCOL)
        self.rejected += 1

    def close(self) -> None:
        for f in self.files.values():
            f.close()
        if self._rejected is not None:
            self._rejected.close()

    def _flush(self, spec: TableSpec, pending: list[tuple[RawRow, ValidatedRow]]) -> None:
        if self.task.span is not None:
            for _, checked in pending:
                self.digests += id_digest(checked.values[spec.id_column])
        super()._flush(spec, pending)

    def result(self) -> PartResult:
        stats = self.report.stats(self.spec.file_name)
        return PartResult(
            self.task.table, self.task.part, self.lines, stats.rows_read, stats.rows_loaded, stats.warnings,
            self.rejections.name, self.rejected, bytes(self.digests),
            {key: (f.path.name, f.rows, f.multiline) for key, f in self.files.items()},
            self.workers, self.memberships, self.listed_documents, self.report.documents_missing)


def read_rejections(path: Path) -> Iterator[tuple[RawRow, Rejection, str | None]]:
    """A worker's rejected rows, in the order it rejected them."""
    if not path.is_file():
        return
    with path.open("rb") as fh:
        while True:
            try:
                yield pickle.load(fh)
            except EOFError:
                return


def write_part(task: PartTask) -> PartResult:
    """Validate and write one task's rows (runs in a spawned worker process)."""
    started = time.process_time()
    loader = PartLoader(task)
    loader._open_files()
    try:
        loader.load_table(loader.spec)
    finally:
        loader.close()
    result = loader.result()
    result.cpu_seconds = time.process_time() - started
    result.peak_rss_mib = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # Linux: KiB
    return result


def tasks_for(loader: BulkExportLoader, specs: list[TableSpec]) -> list[PartTask]:
    """The tasks for these tables, largest first: the JSON Lines file in 2 ranges per process, each
    CSV file whole (a line break may sit inside a quoted field); none for a file that is absent or
    whose header the main process must quarantine whole."""
    children = frozenset(loader.known_children)
    tasks: list[tuple[int, PartTask]] = []
    for spec in specs:
        path = loader.export_dir / spec.file_name
        if not path.is_file():
            continue
        if spec.fmt == "jsonl":
            spans: list[tuple[int, int] | None] = list(jsonl_spans(path, 2 * loader.processes))
        elif check_header(spec, read_csv_header(path)) is None:
            spans = [None]
        else:
            continue
        for part, span in enumerate(spans, start=1):
            size = span[1] - span[0] if span else path.stat().st_size
            tasks.append((size, PartTask(spec.table, loader.export_dir, loader.stage, part, span, children,
                                         loader.batch_size)))
    return [task for _, task in sorted(tasks, key=lambda t: -t[0])]


def run_parts(loader: BulkExportLoader, specs: list[TableSpec]) -> dict[str, list[PartResult]]:
    """Every task in `loader.processes` spawned workers; each table's results in file order."""
    tasks = tasks_for(loader, specs)
    results: dict[str, list[PartResult]] = {}
    if not tasks:
        return results
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(loader.processes, len(tasks)), mp_context=context) as pool:
        for result in pool.map(write_part, tasks):
            results.setdefault(result.table, []).append(result)
    for parts in results.values():
        parts.sort(key=lambda r: r.part)
    return results
