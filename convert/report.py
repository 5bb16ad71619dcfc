"""The conversion report and quarantine: every row read is converted, or listed with a reason.

Written into `<export>/conversion/`: `report.json` (counts per SSD table: rows read, converted,
rejected by reason; warnings by reason; every issue with table, line, column and value),
`report.txt` (the same, for people) and `quarantine.jsonl` (each rejected row, whole, with the
reason). The quarantine holds personal data: it lives inside the export, which already does.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPORT_DIR = "conversion"


@dataclass
class Issue:
    table: str
    reason: str
    line: int | None = None
    column: str | None = None
    value: str | None = None
    detail: str = ""
    rejected: bool = False


@dataclass
class TableStats:
    file: str | None = None
    encoding: str | None = None
    rows_read: int = 0
    rows_converted: int = 0
    rejected: Counter = field(default_factory=Counter)
    warnings: Counter = field(default_factory=Counter)
    ignored_columns: list[str] = field(default_factory=list)
    missing_optional_columns: list[str] = field(default_factory=list)

    @property
    def rows_rejected(self) -> int:
        return sum(self.rejected.values())


@dataclass
class ConversionReport:
    source: str
    export: str
    kind: str = "full"
    exported_at: str | None = None
    since: str | None = None
    tables: dict[str, TableStats] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    written: dict[str, int] = field(default_factory=dict)  # contract file -> rows written
    unchanged: dict[str, int] = field(default_factory=dict)  # increments: rows left out
    deletions: dict[str, int] = field(default_factory=dict)
    fatal: list[str] = field(default_factory=list)
    quarantine: list[dict[str, Any]] = field(default_factory=list)

    def stats(self, table: str) -> TableStats:
        return self.tables.setdefault(table, TableStats())

    def warn(self, table: str, reason: str, *, line: int | None = None, column: str | None = None,
             value: str | None = None, detail: str = "") -> None:
        self.stats(table).warnings[reason] += 1
        self.issues.append(Issue(table, reason, line, column, value, detail))

    def reject(self, table: str, reason: str, row: dict[str, Any] | None, *, line: int | None = None,
               column: str | None = None, value: str | None = None, detail: str = "") -> None:
        """A row not converted: counted, named in the issues, and kept whole in the quarantine."""
        self.stats(table).rejected[reason] += 1
        self.issues.append(Issue(table, reason, line, column, value, detail, rejected=True))
        self.quarantine.append({"table": table, "line": line, "reason": reason, "column": column,
                                "value": value, "detail": detail, "row": row})

    @property
    def rows_read(self) -> int:
        return sum(s.rows_read for s in self.tables.values())

    @property
    def rows_rejected(self) -> int:
        return sum(s.rows_rejected for s in self.tables.values())

    def to_dict(self) -> dict[str, Any]:
        tables = {}
        for name, s in sorted(self.tables.items()):
            entry = asdict(s)
            entry["rejected"] = dict(s.rejected)
            entry["warnings"] = dict(s.warnings)
            entry["rows_rejected"] = s.rows_rejected
            tables[name] = entry
        return {
            "source": self.source, "export": self.export, "kind": self.kind,
            "exported_at": self.exported_at, "since": self.since, "fatal": self.fatal,
            "rows_read": self.rows_read, "rows_rejected": self.rows_rejected,
            "tables": tables, "written": self.written, "unchanged": self.unchanged,
            "deletions": self.deletions, "issues": [asdict(i) for i in self.issues],
        }

    def summary_text(self) -> str:
        lines = [f"SSD conversion ({self.kind}) {self.source} -> {self.export}",
                 f"exported_at {self.exported_at}" + (f", since {self.since}" if self.since else "")]
        for problem in self.fatal:
            lines.append(f"FATAL: {problem}")
        lines.append(f"{'table':28} {'read':>7} {'converted':>9} {'rejected':>8}  encoding")
        for name, s in sorted(self.tables.items()):
            lines.append(f"{name:28} {s.rows_read:>7} {s.rows_converted:>9} {s.rows_rejected:>8}  {s.encoding or ''}")
            for reason, n in sorted(s.rejected.items()):
                lines.append(f"    rejected {reason}: {n}")
            for reason, n in sorted(s.warnings.items()):
                lines.append(f"    warning {reason}: {n}")
            if s.ignored_columns:
                lines.append(f"    ignored columns: {', '.join(s.ignored_columns)}")
        lines.append("written: " + ", ".join(f"{k} {v}" for k, v in self.written.items()))
        if self.kind == "increment":
            lines.append("unchanged (left out): " + ", ".join(f"{k} {v}" for k, v in self.unchanged.items()))
            lines.append("deleted: " + ", ".join(f"{k} {v}" for k, v in self.deletions.items()))
        shown = [i for i in self.issues][:50]
        if shown:
            lines.append(f"issues ({len(self.issues)}, first {len(shown)}; all in report.json):")
            for i in shown:
                where = f"{i.table}" + (f" line {i.line}" if i.line else "")
                what = f" {i.column}={i.value!r}" if i.column else ""
                lines.append(f"  {'REJECTED' if i.rejected else 'warning'} {i.reason}: {where}{what} {i.detail}".rstrip())
        return "\n".join(lines)

    def write(self, export_dir: Path) -> Path:
        out = Path(export_dir) / REPORT_DIR
        out.mkdir(parents=True, exist_ok=True)
        (out / "report.json").write_text(json.dumps(self.to_dict(), indent=2, default=str) + "\n", encoding="utf-8")
        (out / "report.txt").write_text(self.summary_text() + "\n", encoding="utf-8")
        with (out / "quarantine.jsonl").open("w", encoding="utf-8") as fh:
            for item in self.quarantine:
                fh.write(json.dumps(item, ensure_ascii=False, default=str) + "\n")
        return out
