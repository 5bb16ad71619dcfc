"""``kinscope eval --export DIR``: one report of the whole chain on an export with ``truth/``.

It wipes the configured graph (only when allowed), runs the pipeline's extraction and
resolution on the export (:func:`evaluation.network.run_chain`: load, document text,
mentions, resolution) and gathers, with the existing evaluation functions:

* **extraction**: P/R/F1 per label, exact and partial span match
  (:func:`evaluation.mentions.evaluate_mentions`, the same pipeline object as the chain);
* **record linkage**: pairwise and B-cubed P/R/F1 of the ``RESOLVED_TO`` links the pipeline
  wrote, against ``truth/record_truth.csv`` (:func:`evaluation.record_linkage.linkage_metrics`);
* **mention resolution**, **network** recall/precision per child and the **duplicate rate**
  (:func:`evaluation.network.evaluate_graph`);
* the design's **targets** and whether each is met.
"""

from __future__ import annotations

import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from evaluation.wipe import WipeRefused, check_wipe_allowed, wipe_graph

__all__ = ["WipeRefused", "check_wipe_allowed", "evaluate_export_chain", "format_report", "wipe_graph"]

TARGETS = {  # metric path -> (comparison, target)
    "network.recall": (">=", 0.95),
    "network.precision": (">=", 0.90),
    "network.duplicate_rate": ("<=", 0.03),
    "network.category_agreement": (">=", 0.90),
    "record_linkage.pairwise_f1": (">=", 0.97),
}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def record_linkage_from_graph(driver, export_dir: Path) -> dict:
    """Pairwise / B-cubed metrics of the RESOLVED_TO links in the graph vs record truth."""
    from evaluation.network import _q
    from evaluation.record_linkage import linkage_metrics
    from linkage.training_data import read_record_truth

    predicted = {r["rid"]: r["pid"] for r in _q(driver, "eval/record_persons")}
    return asdict(linkage_metrics(predicted, read_record_truth(export_dir)))


def _get(report: dict, path: str) -> Any:
    cur: Any = report
    for part in path.split("."):
        cur = cur.get(part) if isinstance(cur, dict) else None
    return cur


def evaluate_export_chain(driver, export_dir: Path, *, nlp, model=None, wipe: bool = False,
                          progress: bool | None = False, settings=None) -> dict:
    """Wipe (when allowed), run extraction + resolution on ``export_dir``, return the report."""
    from evaluation.mentions import evaluate_mentions
    from evaluation.network import evaluate_graph, run_chain
    from graph_model.schema import apply_schema

    export_dir = Path(export_dir)
    if not (export_dir / "truth").is_dir():
        raise FileNotFoundError(f"{export_dir}: no truth/ folder (kinscope eval needs a synthetic export)")
    check_wipe_allowed(wipe, settings)
    started = time.perf_counter()
    wipe_graph(driver, wipe=wipe, settings=settings)
    apply_schema(driver)
    chain = run_chain(driver, export_dir, nlp=nlp, model=model, progress=progress)
    t = time.perf_counter()
    graph = evaluate_graph(driver, export_dir)
    linkage = record_linkage_from_graph(driver, export_dir)
    t_graph = time.perf_counter() - t
    t = time.perf_counter()
    mentions = evaluate_mentions(export_dir, nlp)
    t_mentions = time.perf_counter() - t

    mp, mr = graph["mention_link_precision"], graph["mention_link_recall"]
    report: dict[str, Any] = {
        "export": str(export_dir),
        "pipeline": list(nlp.pipe_names),
        "extraction": {"records": mentions["records"], "all": mentions["all"],
                       "by_record_type": mentions["by_record_type"]},
        "record_linkage": linkage,
        "mention_resolution": {"precision": mp, "recall": mr, "f1": _f1(mp, mr),
                               "truth_spans": graph["truth_spans"],
                               "linked_mentions_on_spans": graph["linked_mentions_on_spans"]},
        "network": {
            "children": graph["children"],
            "recall": graph["network_recall"],
            "precision": graph["network_precision"],
            "recall_mean_per_child": graph["network_recall_mean_per_child"],
            "recall_min_child": graph["network_recall_min_child"],
            "precision_mean_per_child": graph["network_precision_mean_per_child"],
            "precision_min_child": graph["network_precision_min_child"],
            "children_with_full_recall": graph["children_with_full_recall"],
            "true_members": graph["true_members"],
            "predicted_members": graph["predicted_members"],
            "unmapped_predicted_members": graph["unmapped_predicted_members"],
            "duplicate_rate": graph["duplicate_rate"],
            "duplicated_true_persons": graph["duplicated_true_persons"],
            "true_persons_represented": graph["true_persons_represented"],
            "per_child": graph["per_child"],
            "category_agreement": graph["category_agreement"],
            "category_compared": graph["category_compared"],
            "category_confusion": graph["category_confusion"],
            "split_persons": graph["split_persons"],
        },
        "chain": {"text": chain["text"], "mentions": chain["mentions"], "resolve": chain["resolve"]},
        "timings": {**chain["timings"], "evaluate_graph_s": round(t_graph, 2),
                    "evaluate_mentions_s": round(t_mentions, 2),
                    "total_s": round(time.perf_counter() - started, 2)},
    }
    report["targets"] = {}
    for path, (op, target) in TARGETS.items():
        value = _get(report, path)
        met = value is not None and (value >= target if op == ">=" else value <= target)
        report["targets"][path] = {"value": value, "target": f"{op} {target}", "met": met}
    return report


def format_report(report: dict) -> str:
    """Plain-text summary (the JSON file has everything)."""
    lines = [f"Kinscope evaluation of {report['export']}", ""]
    lines.append("Extraction (all records)      exact P    R     F1   | partial P   R     F1   | gold   pred")
    for label in ("PERSON", "ROLE", "ANY"):
        e, p = report["extraction"]["all"][label]["exact"], report["extraction"]["all"][label]["partial"]
        lines.append(f"  {label:<28}{e['p']:>7.3f}{e['r']:>6.3f}{e['f1']:>7.3f}  |"
                     f"{p['p']:>8.3f}{p['r']:>6.3f}{p['f1']:>7.3f}  |{e['gold']:>6}{e['pred']:>7}")
    rl = report["record_linkage"]
    lines += ["", f"Record linkage ({rl['records']} records, {rl['true_persons']} true persons, "
                  f"{rl['resolved_persons']} resolved)",
              f"  pairwise  P {rl['pairwise_precision']:.4f}  R {rl['pairwise_recall']:.4f}  F1 {rl['pairwise_f1']:.4f}",
              f"  B-cubed   P {rl['bcubed_precision']:.4f}  R {rl['bcubed_recall']:.4f}  F1 {rl['bcubed_f1']:.4f}"]
    mr = report["mention_resolution"]
    lines += ["", f"Mention resolution  P {mr['precision']:.4f}  R {mr['recall']:.4f}  F1 {mr['f1']:.4f}"
                  f"  ({mr['truth_spans']} truth spans)"]
    n = report["network"]
    lines += ["", f"Networks ({n['children']} children, {n['true_members']} true members, "
                  f"{n['predicted_members']} predicted)",
              f"  recall    {n['recall']:.4f}  (mean per child {n['recall_mean_per_child']:.4f}, "
              f"min {n['recall_min_child']:.4f}, {n['children_with_full_recall']} children complete)",
              f"  precision {n['precision']:.4f}  (mean per child {n['precision_mean_per_child']:.4f}, "
              f"min {n['precision_min_child']:.4f})",
              f"  duplicates {n['duplicate_rate']:.4f}  ({n['duplicated_true_persons']} of "
              f"{n['true_persons_represented']} true persons split)"]
    if n.get("category_agreement") is not None:
        lines.append(f"  category agreement {n['category_agreement']:.4f}  ({n['category_compared']} matched "
                     f"members; most confused: " + ", ".join(f"{k} {v}" for k, v in
                                                           list(n["category_confusion"].items())[:4]) + ")")
    lines += ["", "Targets"]
    for path, t in report["targets"].items():
        v = t["value"]
        lines.append(f"  {path:<30} {v if v is None else round(v, 4)!s:>8}  {t['target']:<8} "
                     f"{'met' if t['met'] else 'NOT met'}")
    lines += ["", "timings: " + ", ".join(f"{k} {v}" for k, v in report["timings"].items())]
    return "\n".join(lines)
