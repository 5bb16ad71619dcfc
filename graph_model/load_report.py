"""The load report (JSON and a readable summary) and the quarantine of rejected rows.

Report folders and quarantine files hold children's data: folders are created 0700 and files
0600 (`make_private_dir`, `open_private`), whatever the umask.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, fields
from io import StringIO
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

from kinscope.private_files import make_private_dir, open_private

MAX_LISTED = 1_000
"""At most this many record ids are listed per restriction event (all are counted)."""


def write_private_text(path: Path, text: str) -> None:
    with open_private(path) as fh:
        fh.write(text)


@dataclass
class FileStats:
    file: str
    rows_read: int = 0
    rows_loaded: int = 0
    rejected: Counter = field(default_factory=Counter)
    warnings: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def rows_rejected(self) -> int:
        return sum(self.rejected.values())


@dataclass
class LoadReport:
    run_id: str
    export_dir: str
    kind: str = "unknown"
    source_system: str | None = None
    exported_at: str | None = None
    files: dict[str, FileStats] = field(default_factory=dict)
    deletions: Counter = field(default_factory=Counter)
    documents_missing: list[str] = field(default_factory=list)
    documents_unlisted: list[str] = field(default_factory=list)
    graph_changes: Counter = field(default_factory=Counter)
    restriction_lifted: list[dict[str, str]] = field(default_factory=list)
    restriction_kept: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    fatal: str | None = None
    report_dir: str | None = None

    def stats(self, file_name: str) -> FileStats:
        return self.files.setdefault(file_name, FileStats(file_name))

    def restriction_event(self, file_name: str, event: str, record_id: str) -> None:
        """A restriction lifted by an explicit "not restricted", or kept despite a blank value."""
        self.stats(file_name).warnings[event] += 1
        listed = self.restriction_lifted if event == "restriction_lifted" else self.restriction_kept
        if len(listed) < MAX_LISTED:
            listed.append({"file": file_name, "record_id": record_id})

    @property
    def rows_read(self) -> int:
        return sum(s.rows_read for s in self.files.values())

    @property
    def rows_loaded(self) -> int:
        return sum(s.rows_loaded for s in self.files.values())

    @property
    def rows_rejected(self) -> int:
        return sum(s.rows_rejected for s in self.files.values())

    def to_dict(self) -> dict[str, Any]:
        # dataclasses.asdict would rebuild each Counter from (key, value) pairs: convert by hand.
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["deletions"] = dict(self.deletions)
        out["graph_changes"] = dict(self.graph_changes)
        out["files"] = {
            name: {
                "file": s.file, "rows_read": s.rows_read, "rows_loaded": s.rows_loaded,
                "rows_rejected": s.rows_rejected, "rejected": dict(s.rejected),
                "warnings": dict(s.warnings), "seconds": round(s.seconds, 3),
            }
            for name, s in self.files.items()
        }
        out["totals"] = {
            "rows_read": self.rows_read,
            "rows_loaded": self.rows_loaded,
            "rows_rejected": self.rows_rejected,
        }
        return out

    def summary_text(self, width: int = 120) -> str:
        buf = StringIO()
        console = Console(file=buf, width=width, color_system=None)
        status = f"FAILED: {self.fatal}" if self.fatal else "completed"
        console.print(f"Load {self.run_id} of {self.export_dir} ({self.kind}, {self.source_system}): {status}")
        table = Table("file", "read", "loaded", "rejected", "by reason", "warnings", "s")
        for s in self.files.values():
            table.add_row(
                s.file, f"{s.rows_read:,}", f"{s.rows_loaded:,}", f"{s.rows_rejected:,}",
                "\n".join(f"{k}: {v}" for k, v in sorted(s.rejected.items())) or "-",
                "\n".join(f"{k}: {v}" for k, v in sorted(s.warnings.items())) or "-",
                f"{s.seconds:.1f}",
            )
        console.print(table)
        if self.deletions:
            console.print("Deletions: " + ", ".join(f"{k}: {v}" for k, v in sorted(self.deletions.items())))
        if self.restriction_lifted:
            console.print(
                "Restrictions LIFTED by an explicit 'not restricted': "
                + ", ".join(f"{e['file']} {e['record_id']}" for e in self.restriction_lifted)
            )
        if self.restriction_kept:
            console.print(
                f"Restrictions kept although the row's restricted value was blank: {len(self.restriction_kept)}"
            )
        if self.documents_missing:
            console.print(f"Documents listed but missing from documents/: {len(self.documents_missing)}")
        if self.documents_unlisted:
            console.print(f"Files in documents/ not listed in documents.csv: {len(self.documents_unlisted)}")
        changes = sum(self.graph_changes.values())
        console.print(
            f"Rows read {self.rows_read:,}, loaded {self.rows_loaded:,}, rejected {self.rows_rejected:,}; "
            f"graph changes {changes:,} ({', '.join(f'{k} {v:,}' for k, v in sorted(self.graph_changes.items())) or 'none'}); "
            f"{self.seconds:.1f} s"
        )
        if self.report_dir:
            console.print(f"Report and quarantine: {self.report_dir}")
        return buf.getvalue()

    def write(self, report_dir: Path) -> None:
        make_private_dir(report_dir)
        write_private_text(report_dir / "load_report.json", json.dumps(self.to_dict(), indent=2, default=str))
        write_private_text(report_dir / "load_report.txt", self.summary_text())


@dataclass(frozen=True)
class QuarantineAccess:
    """Whose row it was, for the data-quality view to filter by the viewer's teams."""

    child_id: str | None = None
    restricted: bool = True  # fail closed: a row nobody could read is restricted
    restricted_to_teams: list[str] = field(default_factory=list)


class Quarantine:
    """Rejected rows, one JSON Lines file per source file, each with line, reason and raw row.

    Each entry also names the row's `child_id` (when readable), whether it is `restricted`
    and `restricted_to_teams`, and keeps the row's readable `fields` next to the `raw` text,
    so nothing of a rejected row is lost.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._handles: dict[str, TextIO] = {}
        self.items: list[dict[str, Any]] = []  # without raw content, for the graph's data-quality view

    def add(self, file_name: str, line: int, reason: str, detail: str, raw: str, record_id: str | None = None,
            access: QuarantineAccess | None = None, row_fields: dict[str, Any] | None = None) -> None:
        access = access or QuarantineAccess()
        fh = self._handles.get(file_name)
        if fh is None:
            make_private_dir(self.folder)
            fh = self._handles[file_name] = open_private(self.folder / f"{file_name}.rejected.jsonl", "a")
        entry = {
            "file": file_name, "line": line, "reason": reason, "detail": detail,
            "record_id": record_id[:1000] if record_id else record_id,
            "child_id": access.child_id, "restricted": access.restricted,
            "restricted_to_teams": list(access.restricted_to_teams),
        }
        content = {"raw": raw, "fields": row_fields} if row_fields is not None else {"raw": raw}
        fh.write(json.dumps({**entry, **content}, ensure_ascii=False, default=str) + "\n")
        self.items.append(entry)

    def close(self) -> None:
        for fh in self._handles.values():
            fh.close()
        self._handles.clear()
