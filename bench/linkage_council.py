"""Record linkage alone on a council export's adult records, scored against its record truth.

The quick loop for the record-linkage part of ``kinscope evaluate network``: the export's
``significant_adults.csv`` goes through :func:`linkage.records.link_adult_records` as the
pipeline's records step gives it (every record at once, the shipped model, the file's own
statistics), and the clusters are scored pairwise against ``truth/record_truth.csv``; the split
and over-merged true persons are listed (``--show``) with their records' names and dates.

    uv run python bench/linkage_council.py .kinscope/helperE/dev .kinscope/helperF/dev --show
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

FIELDS = ("relationship_id", "child_id", "person_ref", "given_name", "family_name", "date_of_birth", "gender",
          "relationship", "address_line", "postcode", "phone", "email", "start_date", "end_date")


def read_export(export: Path) -> tuple[list[dict], dict[str, str]]:
    """The adult records as the graph gives them to the linker (blank -> None), and the truth."""
    with open(export / "significant_adults.csv", newline="", encoding="utf-8") as f:
        records = []
        for row in csv.DictReader(f):
            rec = {k: (row.get(k) or "").strip() or None for k in FIELDS}
            updated = (row.get("updated_at") or "").strip()
            rec["updated_date"] = updated[:10] or None
            records.append(rec)
    with open(export / "truth" / "record_truth.csv", newline="", encoding="utf-8") as f:
        truth = {r["relationship_id"]: r["person_id"] for r in csv.DictReader(f)}
    return records, truth


def pairs_of(groups: dict[str, list[str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(p)) for ids in groups.values() for p in combinations(ids, 2)}


def score(clusters: dict[str, list[str]], truth: dict[str, str]) -> dict:
    """Pairwise P/R/F1 over the records the truth names; split and over-merged true persons."""
    by_person: dict[str, list[str]] = defaultdict(list)
    for rid, person in truth.items():
        by_person[person].append(rid)
    known = {rid: cid for cid, ids in clusters.items() for rid in ids if rid in truth}
    predicted: dict[str, list[str]] = defaultdict(list)
    for rid, cid in known.items():
        predicted[cid].append(rid)
    true, pred = pairs_of(by_person), pairs_of(predicted)
    tp = len(true & pred)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(true) if true else 1.0
    split = {person: ids for person, ids in by_person.items() if len({known[i] for i in ids}) > 1}
    merged = {cid: ids for cid, ids in predicted.items() if len({truth[i] for i in ids}) > 1}
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "true_pairs": len(true),
            "predicted_pairs": len(pred), "persons": len(by_person), "split": split, "over_merged": merged}


def link(records: list[dict]) -> dict[str, list[str]]:
    from linkage.records import link_adult_records
    from linkage.settings import RecordModelSettings

    resolution = link_adult_records([dict(r) for r in records], settings=RecordModelSettings())
    return {c.person_id: c.relationship_ids for c in resolution.clusters}


def _describe(rec: dict) -> str:
    return (f"{rec['relationship_id']} {rec['child_id']} {rec['given_name']!r} {rec['family_name']!r} "
            f"dob={rec['date_of_birth']} {rec['gender']} {rec['relationship']} | {rec['address_line']} "
            f"{rec['postcode']} | {rec['phone']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("exports", nargs="+", type=Path)
    ap.add_argument("--show", action="store_true", help="list the split and over-merged persons' records")
    args = ap.parse_args(argv)
    for export in args.exports:
        records, truth = read_export(export)
        started = time.perf_counter()
        clusters = link(records)
        seconds = time.perf_counter() - started
        s = score(clusters, truth)
        print(f"{export}: {len(records)} records, {s['persons']} true persons, {len(clusters)} clusters; "
              f"pairwise P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f} "
              f"({s['true_pairs']} true / {s['predicted_pairs']} predicted pairs); "
              f"split {len(s['split'])}, over-merged {len(s['over_merged'])}; {seconds:.1f} s")
        if args.show:
            by_id = {r["relationship_id"]: r for r in records}
            where = {rid: cid for cid, ids in clusters.items() for rid in ids}
            for person, ids in sorted(s["split"].items()):
                print(f"  split {person}:")
                for rid in sorted(ids, key=lambda i: where[i]):
                    print(f"    [{where[rid]}] {_describe(by_id[rid])}")
            for cid, ids in sorted(s["over_merged"].items()):
                print(f"  over-merged {cid}:")
                for rid in ids:
                    print(f"    ({truth[rid]}) {_describe(by_id[rid])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
