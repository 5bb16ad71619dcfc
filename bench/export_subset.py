"""The first N children of a generated export, as an export of its own (for a smaller bench run).

Every table keeps the rows of those children only (children, adults, allocations, notes,
documents and their files); the manifest is copied and deletions are emptied. Seconds, where
generating a council of the same size again takes minutes on a loaded machine. Adults shared
with a child outside the subset keep only the rows of the children inside it, as a council's
export of a smaller area would.

    uv run python bench/export_subset.py <export> <target> --children 1000
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
from pathlib import Path

TABLES = ("children.csv", "significant_adults.csv", "worker_allocations.csv", "documents.csv")


def subset_export(source: Path, target: Path, children: int) -> dict[str, int]:
    """Write the subset; returns rows kept per file."""
    with (source / "children.csv").open(newline="") as f:
        kept = [row["child_id"] for _, row in zip(range(children), csv.DictReader(f))]
    keep = set(kept)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    counts: dict[str, int] = {}
    for name in TABLES:
        with (source / name).open(newline="") as src, (target / name).open("w", newline="") as dst:
            reader = csv.DictReader(src)
            writer = csv.DictWriter(dst, fieldnames=reader.fieldnames)
            writer.writeheader()
            counts[name] = 0
            for row in reader:
                if row["child_id"] in keep:
                    writer.writerow(row)
                    counts[name] += 1
                    if name == "documents.csv":
                        (target / "documents" / row["file_name"]).parent.mkdir(parents=True, exist_ok=True)
                        shutil.copy2(source / "documents" / row["file_name"], target / "documents" / row["file_name"])
    with (source / "case_notes.jsonl").open() as src, (target / "case_notes.jsonl").open("w") as dst:
        counts["case_notes.jsonl"] = 0
        for line in src:
            if json.loads(line)["child_id"] in keep:
                dst.write(line)
                counts["case_notes.jsonl"] += 1
    with (source / "deletions.csv").open(newline="") as src:
        header = src.readline()
    (target / "deletions.csv").write_text(header)
    shutil.copy2(source / "manifest.json", target / "manifest.json")  # last: the export is complete
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--children", type=int, required=True)
    args = parser.parse_args()
    print(json.dumps(subset_export(args.source, args.target, args.children)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
