"""Test helpers for incremental refresh: the final state of an export plus its increments.

`final_state_export(base, increment, out)` writes the *full* export a source system would have
produced at the increment's time: every table's rows merged by id (the row with the later
`updated_at` wins; an increment row wins a tie), minus the ids `deletions.csv` names (when the
row was not updated after its deletion time — the loader's rule), with everything recorded
about a deleted child gone with it. Document files from both folders (the increment's win).
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

# table (deletions.csv name) -> (file, id column)
TABLES = {
    "children": ("children.csv", "child_id"),
    "significant_adults": ("significant_adults.csv", "relationship_id"),
    "worker_allocations": ("worker_allocations.csv", "allocation_id"),
    "documents": ("documents.csv", "document_id"),
    "case_notes": ("case_notes.jsonl", "note_id"),
}


def read_rows(export: Path, file_name: str) -> tuple[list[str] | None, list[dict]]:
    """(CSV header or None for JSON lines, rows) of one table; ([], []) when the file is absent."""
    path = export / file_name
    if not path.is_file():
        return [], []
    if file_name.endswith(".jsonl"):
        with path.open(encoding="utf-8") as fh:
            return None, [json.loads(line) for line in fh if line.strip()]
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def write_rows(export: Path, file_name: str, header: list[str] | None, rows: list[dict]) -> None:
    path = export / file_name
    if file_name.endswith(".jsonl"):
        with path.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header or [])
        writer.writeheader()
        writer.writerows(rows)


def merge_rows(base: list[dict], newer: list[dict], id_column: str) -> list[dict]:
    """Rows by id: the one with the later updated_at (ISO-8601 UTC strings compare in time
    order); the newer export's row on a tie. Base order first, then new ids in their order."""
    merged: dict[str, dict] = {}
    for row in base:
        merged[row[id_column]] = row
    for row in newer:
        old = merged.get(row[id_column])
        if old is None or (row.get("updated_at") or "") >= (old.get("updated_at") or ""):
            merged[row[id_column]] = row
    return list(merged.values())


def final_state_export(base: Path, increment: Path, out: Path) -> Path:
    """Write the full export equivalent to `base` followed by `increment` into `out`."""
    base, increment, out = Path(base), Path(increment), Path(out)
    out.mkdir(parents=True, exist_ok=False)
    _, deletions = read_rows(increment, "deletions.csv")
    deleted: dict[str, dict[str, str]] = {t: {} for t in TABLES}
    for d in deletions:
        deleted.setdefault(d["table"], {})[d["id"]] = d["deleted_at"]

    tables: dict[str, tuple[list[str] | None, list[dict]]] = {}
    for table, (file_name, id_column) in TABLES.items():
        header, rows = read_rows(base, file_name)
        new_header, new_rows = read_rows(increment, file_name)
        rows = merge_rows(rows, new_rows, id_column)
        gone = deleted.get(table, {})
        rows = [r for r in rows if not (r[id_column] in gone and (r.get("updated_at") or "") <= gone[r[id_column]])]
        tables[table] = (header or new_header, rows)
    removed_children = {r for r in deleted.get("children", {})} - {r["child_id"] for r in tables["children"][1]}
    for table, (file_name, _) in TABLES.items():
        header, rows = tables[table]
        if table != "children":
            rows = [r for r in rows if r.get("child_id") not in removed_children]
        write_rows(out, file_name, header, rows)
    write_rows(out, "deletions.csv", ["table", "id", "deleted_at"], [])

    manifest = json.loads((increment / "manifest.json").read_text())
    manifest["kind"] = "full"
    manifest.pop("since", None)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2))
    for src in (base, increment):
        if (src / "documents").is_dir():
            shutil.copytree(src / "documents", out / "documents", dirs_exist_ok=True)
    return out
