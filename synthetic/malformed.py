"""Append a few bad rows to a written export (for loader tests) and list them in
truth/malformed.csv: file, 1-based line number (header = line 1), id, problem."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from synthetic.records import COLUMNS, TRUTH_COLUMNS


def _line_count(path: Path) -> int:
    with open(path, "rb") as f:
        return sum(1 for _ in f)


def _append_csv(path: Path, row: dict) -> int:
    """Append a row; return its line number (rows here contain no embedded newlines)."""
    n = _line_count(path)
    with open(path, "a", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerow([row.get(c, "") for c in COLUMNS[path.name]])
    return n + 1


def write_malformed_rows(out: Path, rng: random.Random) -> int:
    out = Path(out)
    bad: list[dict] = []
    ts = "2024-05-30T10:00:00Z"
    line = _append_csv(out / "children.csv", {"child_id": "C-BAD-1", "given_name": "", "family_name": "Nobody",
                                              "legal_status": "CIN", "updated_at": ts})
    bad.append({"file": "children.csv", "line": line, "id": "C-BAD-1", "problem": "missing required given_name"})
    line = _append_csv(out / "children.csv", {"child_id": "C-BAD-2", "given_name": "Bad", "family_name": "Date",
                                              "date_of_birth": "2015-02-31", "legal_status": "CIN", "updated_at": ts})
    bad.append({"file": "children.csv", "line": line, "id": "C-BAD-2", "problem": "invalid date_of_birth"})
    line = _append_csv(out / "significant_adults.csv", {"relationship_id": "R-BAD-1", "child_id": "C-DOES-NOT-EXIST",
                                                        "given_name": "Orphan", "family_name": "Row",
                                                        "relationship": "Mother", "updated_at": ts})
    bad.append({"file": "significant_adults.csv", "line": line, "id": "R-BAD-1", "problem": "child_id not in children.csv"})
    line = _append_csv(out / "significant_adults.csv", {"relationship_id": "R-BAD-2", "child_id": "C-1",
                                                        "given_name": "No", "family_name": "Timestamp",
                                                        "relationship": "Aunt", "updated_at": "yesterday"})
    bad.append({"file": "significant_adults.csv", "line": line, "id": "R-BAD-2", "problem": "invalid updated_at"})
    line = _append_csv(out / "worker_allocations.csv", {"allocation_id": "A-BAD-1", "child_id": "C-1", "worker_id": "",
                                                        "worker_name": "Nobody", "updated_at": ts})
    bad.append({"file": "worker_allocations.csv", "line": line, "id": "A-BAD-1", "problem": "missing required worker_id"})
    notes = out / "case_notes.jsonl"
    n = _line_count(notes)
    with open(notes, "a", encoding="utf-8") as f:
        f.write('{"note_id": "N-BAD-1", "child_id": "C-1", "body": "truncated\n')
    bad.append({"file": "case_notes.jsonl", "line": n + 1, "id": "N-BAD-1", "problem": "broken JSON line"})
    line = _append_csv(out / "documents.csv", {"document_id": "D-BAD-1", "child_id": "C-1", "file_name": "missing/nothing.docx",
                                               "title": "Ghost", "document_type": "Letter", "updated_at": ts})
    bad.append({"file": "documents.csv", "line": line, "id": "D-BAD-1", "problem": "file_name does not exist"})
    with open(out / "truth" / "malformed.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=TRUTH_COLUMNS["malformed.csv"], lineterminator="\n")
        w.writeheader()
        w.writerows(bad)
    return len(bad)
