"""Streaming writers for the contract's files (column orders exactly as the contract)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

COLUMNS = {
    "children.csv": ("child_id", "given_name", "family_name", "preferred_name", "date_of_birth", "gender",
                     "postcode", "address_line", "legal_status", "open_date", "close_date", "restricted",
                     "restricted_to_teams", "updated_at"),
    "significant_adults.csv": ("relationship_id", "child_id", "person_ref", "given_name", "family_name",
                               "date_of_birth", "gender", "relationship", "address_line", "postcode", "phone",
                               "email", "parental_responsibility", "start_date", "end_date", "updated_at"),
    "worker_allocations.csv": ("allocation_id", "child_id", "worker_id", "worker_name", "role", "team",
                               "start_date", "end_date", "updated_at"),
    "documents.csv": ("document_id", "child_id", "file_name", "title", "document_type", "document_date",
                      "uploaded_at", "restricted", "updated_at"),
    "deletions.csv": ("table", "id", "deleted_at"),
}
NOTE_KEYS = ("note_id", "child_id", "event_date", "recorded_at", "author_worker_id", "note_type", "subject",
             "body", "restricted", "updated_at")
TRUTH_COLUMNS = {
    "persons.csv": ("person_id", "canonical_name", "surface_forms"),
    "record_truth.csv": ("relationship_id", "person_id"),
    "networks.csv": ("child_id", "person_id", "category", "role", "first_seen", "last_seen"),
    "malformed.csv": ("file", "line", "id", "problem"),
}


def cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


class CsvOut:
    def __init__(self, path: Path, columns: tuple[str, ...]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.f = open(path, "w", newline="", encoding="utf-8")
        self.w = csv.writer(self.f, lineterminator="\n")
        self.columns = columns
        self.w.writerow(columns)
        self.rows = 0

    def write(self, row: dict) -> None:
        self.w.writerow([cell(row.get(c)) for c in self.columns])
        self.rows += 1

    def close(self) -> None:
        self.f.close()


class JsonlOut:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.f = open(path, "w", encoding="utf-8")
        self.rows = 0

    def write(self, obj: dict) -> None:
        self.f.write(json.dumps(obj, ensure_ascii=False) + "\n")
        self.rows += 1

    def close(self) -> None:
        self.f.close()


class ExportWriter:
    """All the contract's files plus truth/, open for appending family by family."""

    def __init__(self, out: Path) -> None:
        self.out = out
        (out / "documents").mkdir(parents=True, exist_ok=True)
        self.csv = {name: CsvOut(out / name, cols) for name, cols in COLUMNS.items()}
        self.notes = JsonlOut(out / "case_notes.jsonl")
        t = out / "truth"
        self.truth = {name: CsvOut(t / name, cols) for name, cols in TRUTH_COLUMNS.items() if name != "malformed.csv"}
        self.mentions = JsonlOut(t / "mentions.jsonl")
        self.doc_texts = JsonlOut(t / "document_texts.jsonl")

    def note(self, n: dict) -> None:
        self.notes.write({k: n[k] for k in NOTE_KEYS})

    def close(self) -> None:
        for w in (*self.csv.values(), self.notes, *self.truth.values(), self.mentions, self.doc_texts):
            w.close()

    def counts(self) -> dict:
        out = {name: w.rows for name, w in self.csv.items()}
        out["case_notes.jsonl"] = self.notes.rows
        out.update({f"truth/{n}": w.rows for n, w in self.truth.items()})
        out["truth/mentions.jsonl"] = self.mentions.rows
        return out
