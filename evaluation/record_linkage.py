"""Record-linkage evaluation against synthetic truth (``truth/record_truth.csv``).

Metrics: pairwise precision/recall/F1 (over all record pairs that are the same person),
B-cubed precision/recall/F1 (per record, averaged), duplicates left (true persons split
into more than one resolved person, over all true persons and over those with more than
one record) and over-merged persons (resolved persons holding more than one true person).

``python -m evaluation.record_linkage --export DIR`` evaluates an existing synthetic export;
``python -m evaluation.record_linkage --seed 2024 --children 300`` generates one first (use a seed
other than the training seed, ``linkage.training_data.TRAINING_SEED``).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass
class LinkageMetrics:
    records: int
    true_persons: int
    resolved_persons: int
    pairwise_precision: float
    pairwise_recall: float
    pairwise_f1: float
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    duplicates_left: float          # split true persons / all true persons
    duplicates_left_multi: float    # split true persons / true persons with >1 record
    over_merged: float              # resolved persons with >1 true person / resolved persons
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def linkage_metrics(predicted: dict[str, str], truth: dict[str, str]) -> LinkageMetrics:
    """predicted and truth map record id -> cluster id; only records in both count."""
    ids = [i for i in truth if i in predicted]
    pred_sizes = Counter(predicted[i] for i in ids)
    true_sizes = Counter(truth[i] for i in ids)
    cell = Counter((predicted[i], truth[i]) for i in ids)
    tp = sum(_pairs(n) for n in cell.values())
    pp = sum(_pairs(n) for n in pred_sizes.values())
    tt = sum(_pairs(n) for n in true_sizes.values())
    p = tp / pp if pp else 1.0
    r = tp / tt if tt else 1.0
    bp = sum(cell[(predicted[i], truth[i])] / pred_sizes[predicted[i]] for i in ids) / len(ids)
    br = sum(cell[(predicted[i], truth[i])] / true_sizes[truth[i]] for i in ids) / len(ids)
    clusters_of_true = defaultdict(set)
    trues_of_pred = defaultdict(set)
    for i in ids:
        clusters_of_true[truth[i]].add(predicted[i])
        trues_of_pred[predicted[i]].add(truth[i])
    split = sum(1 for s in clusters_of_true.values() if len(s) > 1)
    multi = sum(1 for t, n in true_sizes.items() if n > 1)
    merged = sum(1 for s in trues_of_pred.values() if len(s) > 1)
    return LinkageMetrics(
        records=len(ids), true_persons=len(true_sizes), resolved_persons=len(pred_sizes),
        pairwise_precision=p, pairwise_recall=r, pairwise_f1=_f1(p, r),
        bcubed_precision=bp, bcubed_recall=br, bcubed_f1=_f1(bp, br),
        duplicates_left=split / len(true_sizes) if true_sizes else 0.0,
        duplicates_left_multi=split / multi if multi else 0.0,
        over_merged=merged / len(pred_sizes) if pred_sizes else 0.0,
        true_pairs=tt, predicted_pairs=pp, correct_pairs=tp,
    )


def evaluate_export(export_dir: Path, *, model=None, threshold: float | None = None,
                    settings=None) -> tuple[LinkageMetrics, dict]:
    from linkage.records import link_adult_records, load_or_train
    from linkage.training_data import read_adults, read_record_truth

    export_dir = Path(export_dir)
    records = read_adults(export_dir)
    truth = read_record_truth(export_dir)
    t0 = time.perf_counter()
    if model is None:
        model = load_or_train(settings)
    t1 = time.perf_counter()
    resolution = link_adult_records(records, model=model, threshold=threshold,
                                    settings=settings)
    t2 = time.perf_counter()
    metrics = linkage_metrics(resolution.cluster_of(), truth)
    timing = {"model_seconds": round(t1 - t0, 2), "resolve_seconds": round(t2 - t1, 2),
              "records": len(records), "review_pairs": len(resolution.review_pairs)}
    return metrics, timing


def format_table(metrics: LinkageMetrics, timing: dict | None = None) -> str:
    rows = [
        ("records", f"{metrics.records}"),
        ("true persons / resolved", f"{metrics.true_persons} / {metrics.resolved_persons}"),
        ("pairwise precision", f"{metrics.pairwise_precision:.4f}"),
        ("pairwise recall", f"{metrics.pairwise_recall:.4f}"),
        ("pairwise F1", f"{metrics.pairwise_f1:.4f}"),
        ("B-cubed precision", f"{metrics.bcubed_precision:.4f}"),
        ("B-cubed recall", f"{metrics.bcubed_recall:.4f}"),
        ("B-cubed F1", f"{metrics.bcubed_f1:.4f}"),
        ("duplicates left (all persons)", f"{metrics.duplicates_left:.2%}"),
        ("duplicates left (multi-record)", f"{metrics.duplicates_left_multi:.2%}"),
        ("over-merged resolved persons", f"{metrics.over_merged:.2%}"),
        ("pairs true / predicted / correct",
         f"{metrics.true_pairs} / {metrics.predicted_pairs} / {metrics.correct_pairs}"),
    ]
    for k, v in (timing or {}).items():
        rows.append((k.replace("_", " "), str(v)))
    w = max(len(k) for k, _ in rows)
    return "\n".join(f"{k:<{w}}  {v}" for k, v in rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Evaluate the record linker on synthetic truth")
    parser.add_argument("--export", type=Path, help="synthetic export with truth/")
    parser.add_argument("--seed", type=int, default=2024, help="seed when generating")
    parser.add_argument("--children", type=int, default=300, help="children when generating")
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--retrain", action="store_true", help="ignore the cached model")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    from linkage.records import load_or_train
    from linkage.training_data import TRAINING_SEED

    t0 = time.perf_counter()
    model = load_or_train(retrain=args.retrain)
    model_s = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        export = args.export
        if export is None:
            if args.seed == TRAINING_SEED:
                parser.error("--seed is the training seed; evaluate on another")
            from synthetic.council import generate_council

            export = Path(tmp) / "export"
            generate_council(export, children=args.children, seed=args.seed,
                             render_documents=False, notes_per_child=(0, 0),
                             docs_per_child=(0, 0))
        metrics, timing = evaluate_export(export, model=model, threshold=args.threshold)
    timing["model_seconds"] = round(model_s, 2)
    if args.json:
        print(json.dumps({"metrics": asdict(metrics), "timing": timing}, indent=2))
    else:
        print(format_table(metrics, timing))


if __name__ == "__main__":
    main()
