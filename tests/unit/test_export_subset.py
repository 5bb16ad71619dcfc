"""bench/export_subset.py keeps exactly the first N children's rows and files, manifest last."""

import csv
import importlib.util
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "docs" / "contract" / "example"


def _subset_module():
    spec = importlib.util.spec_from_file_location("export_subset", REPO / "bench" / "export_subset.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _child_ids(path: Path, name: str) -> set[str]:
    with (path / name).open(newline="") as f:
        return {row["child_id"] for row in csv.DictReader(f)}


def test_subset_keeps_only_the_first_children(tmp_path):
    target = tmp_path / "one"
    counts = _subset_module().subset_export(EXAMPLE, target, 1)
    first = next(csv.DictReader((EXAMPLE / "children.csv").open(newline="")))["child_id"]
    assert _child_ids(target, "children.csv") == {first}
    for name in ("significant_adults.csv", "worker_allocations.csv", "documents.csv"):
        assert _child_ids(target, name) <= {first}
    notes = [json.loads(line) for line in (target / "case_notes.jsonl").open()]
    assert notes and {n["child_id"] for n in notes} == {first}
    assert counts["case_notes.jsonl"] == len(notes)
    for row in csv.DictReader((target / "documents.csv").open(newline="")):
        assert (target / "documents" / row["file_name"]).is_file()
    assert (target / "manifest.json").read_text() == (EXAMPLE / "manifest.json").read_text()
    assert (target / "deletions.csv").read_text().count("\n") == 1  # header only
