"""What a council's review answers do to the record model: the shipped model, then refitted
(``linkage.council_model.refit``) on K answers to the pairs the review queue offers first
(scored closest to the same-person threshold), against K answers to pairs drawn at random from
the same candidates (the ratio: does the least-certain-first order of the queue matter?), and
the refit with no council labels at all (control: what the refit alone changes).

Answers are simulated from the data set's truth. Only the model is measured (the answers are not
applied as constraints here, as resolution would): pairwise P / R / F1 of the whole file
(``evaluation.record_linkage.linkage_metrics``), all in one process, same records.

    uv run --frozen python bench/council_labels.py --synthetic 300 --seed 41 --labels 40
    uv run --frozen --group bench --with recordlinkage==0.16 --with pseudopeople==1.3.1 \\
        python bench/council_labels.py --dataset w2 --labels 40
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path


def _records(args, seed: int | None = None) -> tuple[list[dict], dict[str, str], str]:
    seed = args.seed if seed is None else seed
    if args.dataset:
        from linkage.public_benchmarks import training_source

        records, truth = training_source(args.dataset, sample_seed=seed)  # refuses held-out sets
        records = [{**r, "relationship_id": r["record_id"]} for r in records]
        return records, truth, f"{args.dataset} (sample seed {seed})"
    from linkage.training_data import read_adults, read_record_truth
    from synthetic.council import generate_council

    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "export"
        generate_council(export, children=args.synthetic, seed=seed, render_documents=False,
                         notes_per_child=(0, 0), docs_per_child=(0, 0))
        records, truth = read_adults(export), read_record_truth(export)
    return records, truth, f"synthetic council ({args.synthetic} children, seed {seed})"


def _link(records, model):
    from linkage.records import link_adult_records

    started = time.perf_counter()
    res = link_adult_records([dict(r) for r in records], model=model)
    return res, time.perf_counter() - started


def _metrics(res, truth) -> dict:
    from evaluation.record_linkage import linkage_metrics

    m = linkage_metrics(res.cluster_of(), truth)
    return {k: round(getattr(m, f"pairwise_{k}"), 4) for k in ("precision", "recall", "f1")} | {
        "over_merged": round(m.over_merged, 4), "duplicates_left": round(m.duplicates_left, 4)}


def _labels(pairs, by_id, truth) -> dict:
    out: dict = {"match": [], "distinct": []}
    for a, b in pairs:
        out["match" if truth.get(a) == truth.get(b) else "distinct"].append([by_id[a], by_id[b]])
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=300, help="children of a synthetic council")
    parser.add_argument("--dataset", help="a public training source instead (febrl1/2/4, ssa, w2, tax1040)")
    parser.add_argument("--seed", type=int, default=41)
    parser.add_argument("--labels", type=int, default=40, help="answers simulated from the truth")
    parser.add_argument("--eval-seed", type=int, help="also score each model on a second file (this seed), "
                        "none of whose pairs was labelled")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    from linkage.council_model import CouncilModelSettings, refit
    from linkage.records import load_or_train
    from linkage.settings import RecordModelSettings

    settings = CouncilModelSettings(record_model=RecordModelSettings())
    records, truth, name = _records(args)
    other = _records(args, args.eval_seed) if args.eval_seed is not None else None
    by_id = {r["relationship_id"]: r for r in records}
    same = settings.record_model.thresholds.same_person
    base = load_or_train(settings.record_model)
    res, seconds = _link(records, base)
    rows = {"shipped model": {**_metrics(res, truth), "seconds": round(seconds, 1)}}
    if other:
        rows["shipped model"]["other_file"] = _metrics(_link(other[0], base)[0], other[1])
    pool = sorted(res.pair_scores.items(), key=lambda kv: (round(abs(kv[1] - same), 6), -kv[1], kv[0]))
    picks = {"refitted, no council labels (control)": [],
             "least certain first (the queue)": [p for p, _ in pool[:args.labels]],
             "random candidates (baseline)": random.Random(args.seed).sample([p for p, _ in pool],
                                                                             min(args.labels, len(pool)))}
    for how, pairs in picks.items():
        labels = _labels(pairs, by_id, truth)
        started = time.perf_counter()
        model, sources = refit(load_or_train(settings.record_model), labels, settings)
        fit_s = time.perf_counter() - started
        res, seconds = _link(records, model)
        rows[how] = {**_metrics(res, truth), "seconds": round(seconds, 1), "refit_seconds": round(fit_s, 1),
                     "labels": {k: len(v) for k, v in labels.items()},
                     "weight_per_label": sources[1]["weight_per_pair"]}
        if other:
            rows[how]["other_file"] = _metrics(_link(other[0], model)[0], other[1])
    base_f1 = rows["refitted, no council labels (control)"]["f1"]
    print(f"{name}: {len(records)} records, {len(pool)} candidate pairs at or above the review threshold")
    print(f"{'model':38} {'P':>7} {'R':>7} {'F1':>7} {'link s':>7}  labels")
    for how, r in rows.items():
        print(f"{how:38} {r['precision']:7.4f} {r['recall']:7.4f} {r['f1']:7.4f} {r['seconds']:7.1f}  "
              f"{r.get('labels', '')}")
    if other:
        print(f"the same models on {other[2]} ({len(other[0])} records, no pair of it labelled):")
        for how, r in rows.items():
            o = r["other_file"]
            print(f"{how:38} {o['precision']:7.4f} {o['recall']:7.4f} {o['f1']:7.4f}")
    q, rnd = rows["least certain first (the queue)"]["f1"], rows["random candidates (baseline)"]["f1"]
    print(f"F1 change against the control: queue order {q - base_f1:+.4f}, random {rnd - base_f1:+.4f} "
          f"(errors left, queue / random: {(1 - q) / max(1 - rnd, 1e-9):.2f})")
    if args.json:
        args.json.write_text(json.dumps({"data": name, "records": len(records), "rows": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
