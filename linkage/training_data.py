"""Labelled record pairs for the record model, derived from a synthetic export's truth.

``python -m linkage.training_data [--seed 7] [--children 400] [--out PATH]`` generates a
synthetic council (``synthetic.council.generate_council``; the seed must differ from any
evaluation seed), reads ``significant_adults.csv`` and ``truth/record_truth.csv`` and writes
``linkage/training/adult_records.json`` in dedupe's training-file format
(``{"match": [[a, b], ...], "distinct": [[a, b], ...]}``).

Records are stored as the raw contract columns (blanks omitted) so that the file does not
go stale when normalisation changes: ``load_training`` re-normalises them on read.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import tempfile
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from linkage.normalise import name_variants, normalise_record
from linkage.settings import DEFAULT_TRAINING_FILE

RAW_FIELDS = ("relationship_id", "child_id", "person_ref", "given_name", "family_name",
              "date_of_birth", "gender", "relationship", "address_line", "postcode", "phone",
              "email")
TRAINING_SEED = 7  # evaluation uses other seeds


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def read_adults(export_dir: Path) -> list[dict]:
    return read_csv(Path(export_dir) / "significant_adults.csv")


def read_record_truth(export_dir: Path) -> dict[str, str]:
    rows = read_csv(Path(export_dir) / "truth" / "record_truth.csv")
    return {r["relationship_id"]: r["person_id"] for r in rows}


def raw_subset(record: dict) -> dict:
    return {k: record[k] for k in RAW_FIELDS if record.get(k) not in (None, "")}


def prepare(record: dict) -> dict:
    """The dedupe record: raw contract columns (kept for display and re-normalisation)
    plus the normalised comparison fields."""
    rec = {k: record.get(k) or None for k in RAW_FIELDS}
    rec.update(normalise_record(record))
    return rec


def _blocking_keys(rec: dict) -> set[str]:
    keys = set()
    fam, giv = rec["family"], rec["given"]
    if fam:
        keys.add("f:" + fam.split()[-1])
        keys.add("f:" + fam.split()[0])
    if giv:
        for v in name_variants(giv.split()[0]):
            keys.add(f"g:{v}")
        keys.add("g3:" + giv[:3])
    for k in ("postcode", "phone", "email", "ref", "address"):
        if rec[k]:
            keys.add(f"{k}:{rec[k]}")
    if rec["dob"] and len(rec["dob"]) == 10:
        keys.add("d:" + rec["dob"])
    return keys


def training_pairs(records: list[dict], truth: dict[str, str], *, seed: int = TRAINING_SEED,
                   max_matches: int = 1200, hard_per_match: float = 1.6,
                   random_per_match: float = 0.4) -> dict:
    """All true match pairs (capped), hard distinct pairs (share a blocking key but are
    different people) and some random distinct pairs. Records are ``raw_subset`` dicts."""
    rng = random.Random(seed)
    recs = [r for r in records if r["relationship_id"] in truth]
    by_person = defaultdict(list)
    for r in recs:
        by_person[truth[r["relationship_id"]]].append(r)
    matches = [(a, b) for group in by_person.values() for a, b in combinations(group, 2)]
    rng.shuffle(matches)
    matches = matches[:max_matches]

    prepared = {r["relationship_id"]: normalise_record(r) for r in recs}
    index = defaultdict(list)
    for r in recs:
        for k in _blocking_keys(prepared[r["relationship_id"]]):
            index[k].append(r)
    hard = set()
    for block in index.values():
        if len(block) > 60:
            continue
        for a, b in combinations(block, 2):
            ia, ib = a["relationship_id"], b["relationship_id"]
            if truth[ia] != truth[ib]:
                hard.add((min(ia, ib), max(ia, ib)))
    by_id = {r["relationship_id"]: r for r in recs}
    hard_list = sorted(hard)
    rng.shuffle(hard_list)
    distinct = [(by_id[a], by_id[b]) for a, b in hard_list[:int(len(matches) * hard_per_match)]]
    n_random = int(len(matches) * random_per_match)
    while n_random > 0:
        a, b = rng.sample(recs, 2)
        if truth[a["relationship_id"]] != truth[b["relationship_id"]]:
            distinct.append((a, b))
            n_random -= 1
    return {
        "match": [[raw_subset(a), raw_subset(b)] for a, b in matches],
        "distinct": [[raw_subset(a), raw_subset(b)] for a, b in distinct],
    }


def build_training_file(out: Path = DEFAULT_TRAINING_FILE, *, seed: int = TRAINING_SEED,
                        children: int = 400) -> dict:
    """Generate a synthetic export with ``seed`` and write labelled pairs to ``out``."""
    from synthetic.council import generate_council

    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "export"
        generate_council(export, children=children, seed=seed, render_documents=False,
                         notes_per_child=(0, 0), docs_per_child=(0, 0))
        pairs = training_pairs(read_adults(export), read_record_truth(export), seed=seed)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = {"_source": {"generator": "synthetic.council.generate_council", "seed": seed,
                           "children": children},
               "match": pairs["match"], "distinct": pairs["distinct"]}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(payload, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    return {"out": str(out), "match": len(pairs["match"]), "distinct": len(pairs["distinct"])}


def load_training(path: Path) -> dict:
    """Read a training file (ours, or one written by ``dedupe`` / ``label_interactively``)
    and return ``{"match": [(a, b)], "distinct": [(a, b)]}`` with freshly normalised
    records."""
    from dedupe import serializer

    with open(path, encoding="utf-8") as f:
        text = f.read()
    pairs = serializer.read_training(io.StringIO(text))
    return {label: [(prepare(a), prepare(b)) for a, b in pairs.get(label, [])]
            for label in ("match", "distinct")}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=TRAINING_SEED)
    parser.add_argument("--children", type=int, default=400)
    parser.add_argument("--out", type=Path, default=DEFAULT_TRAINING_FILE)
    args = parser.parse_args(argv)
    print(build_training_file(args.out, seed=args.seed, children=args.children))


if __name__ == "__main__":
    main()
