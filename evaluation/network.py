"""Evaluate the whole chain on a synthetic council: each child's resolved network vs truth.

::

    python -m evaluation.network --children 60 --seed 4242 [--model DIR] [--rules-only]

generates a council (``synthetic.council.generate_council``; documents as ``.txt`` unless
``--render-documents``), loads it into the graph of the current settings (``load_export``;
**the graph is wiped first** -- it refuses unless ``--wipe`` is given or
``KINSCOPE_TEST_GRAPH_MAY_BE_WIPED=1``), runs text -> mentions -> resolution and compares.

**Predicted network of a child**: persons linked to it through its significant-adult records
(RESOLVED_TO), its allocations, mentions in its notes/documents that REFERS_TO a person, and
its siblings (children sharing a resolved parent); the child itself excluded -- the same
sources the ecomap's NETWORK edges are drawn from (``cypher/ranking/evidence_*.cypher``): the
author of a note (a duty worker who wrote it) is not a member for having written it.

**Mapping predicted nodes to truth persons (majority vote)**: each predicted node collects
votes from the truth of what supports it -- its member records (``truth/record_truth.csv``),
its mentions (a mention takes the truth person of the truth span it overlaps in
``truth/mentions.jsonl``), for a child the truth person of the role-less spans in its own
notes, for a worker the truth person with the worker's name. The most-voted truth person
is the node's identity; a node with no vote is "unmapped" (counts against precision).

Metrics: network recall (true members of each child's network found / true members,
pooled over children), network precision (predicted members whose identity is a true
member / predicted members), duplicates (true persons that two or more predicted nodes map
to / true persons mapped at all), mention linking precision (linked mentions on a truth
span whose person maps to the span's person / linked mentions on a truth span) and recall
(truth spans with a correctly linked mention / truth spans).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from neo4j import Driver

from graph_model.cypher import cypher
from linkage.resolution_base import run as _run
from linkage.resolve_mentions import build_contexts

def _read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _q(driver: Driver, name: str) -> list[dict]:
    """Rows of the named statement ``cypher/<name>.cypher`` (the evaluation's are in ``eval/``)."""
    with driver.session(notifications_min_severity="OFF") as s:
        return [r.data() for r in s.run(cypher(name))]


def evaluate_graph(driver: Driver, export_dir: Path) -> dict[str, Any]:
    """Compare the resolved graph with ``export_dir/truth``; return the metrics."""
    truth = Path(export_dir) / "truth"
    record_truth = {r["relationship_id"]: r["person_id"] for r in _read_csv(truth / "record_truth.csv")}
    networks: dict[str, set[str]] = defaultdict(set)
    true_category: dict[tuple[str, str], str] = {}
    for r in _read_csv(truth / "networks.csv"):
        networks[r["child_id"]].add(r["person_id"])
        true_category[(r["child_id"], r["person_id"])] = r.get("category") or ""
    persons = _read_csv(truth / "persons.csv")
    by_name: dict[str, set[str]] = defaultdict(set)
    for p in persons:
        by_name[p["canonical_name"].strip().lower()].add(p["person_id"])
    spans: dict[tuple[str, str], list[dict]] = defaultdict(list)
    child_self: dict[str, Counter] = defaultdict(Counter)
    with open(truth / "mentions.jsonl", encoding="utf-8") as f:
        for line in f:
            obj = json.loads(line)
            kind = "note" if obj["record_type"] == "case_note" else "doc"
            for s in obj["spans"]:
                spans[(kind, obj["record_id"])].append(s)
                if s.get("role") is None and obj.get("child_id"):
                    child_self[obj["child_id"]][s["person_id"]] += 1

    votes: dict[str, Counter] = defaultdict(Counter)
    for r in _q(driver, "eval/record_persons"):
        if r["rid"] in record_truth:
            votes[r["pid"]][record_truth[r["rid"]]] += 1
    mentions = _q(driver, "eval/mentions")
    mention_truth: dict[str, str] = {}
    for m in mentions:
        best = None
        for i, s in enumerate(spans.get((m["record_type"], m["record_id"]), [])):
            overlap = min(m["end"], s["end"]) - max(m["start"], s["start"])
            if overlap > 0 and (best is None or overlap > best[0]):
                best = (overlap, i, s)
        if best:
            mention_truth[m["mention_id"]] = best[2]["person_id"]
            if m["pid"]:
                votes[m["pid"]][best[2]["person_id"]] += 1
    nodes = _q(driver, "eval/persons")
    for n in nodes:
        if n["is_child"] and child_self.get(n["child_id"]):
            votes[n["pid"]][child_self[n["child_id"]].most_common(1)[0][0]] += 1000
        elif n["is_worker"] and n["name"]:
            cands = by_name.get(n["name"].strip().lower(), set())
            if len(cands) == 1:
                votes[n["pid"]][next(iter(cands))] += 1000
    identity = {pid: c.most_common(1)[0][0] for pid, c in votes.items() if c}

    # mention linking
    linked_on_span = correct = 0
    correct_spans: set[tuple] = set()
    for m in mentions:
        t = mention_truth.get(m["mention_id"])
        if t is None or not m["pid"]:
            continue
        linked_on_span += 1
        if identity.get(m["pid"]) == t:
            correct += 1
            correct_spans.add((m["record_type"], m["record_id"], t, m["start"]))
    # a truth span counts once: find for each span whether a correctly linked mention overlaps it
    found_spans = 0
    total_spans = 0
    ok_by_record: dict[tuple, list[dict]] = defaultdict(list)
    for m in mentions:
        t = mention_truth.get(m["mention_id"])
        if t is not None and m["pid"] and identity.get(m["pid"]) == t:
            ok_by_record[(m["record_type"], m["record_id"])].append(m)
    for key, ss in spans.items():
        for s in ss:
            total_spans += 1
            if any(min(m["end"], s["end"]) - max(m["start"], s["start"]) > 0 and identity.get(m["pid"]) == s["person_id"]
                   for m in ok_by_record.get(key, [])):
                found_spans += 1

    # networks
    child_rows = _run(driver, "resolution/child_context", None, children=None)
    contexts = build_contexts(child_rows)
    predicted: dict[str, set[str]] = {r["child_id"]: set(r["members"]) for r in _q(driver, "eval/network_members")}
    for cid, ctx in contexts.items():
        predicted.setdefault(cid, set()).update(f"child:{s}" for s in ctx.siblings)
    tp = fn = fp_nodes = tp_nodes = 0
    per_child = []
    false_members: dict[str, list[str]] = {}
    for cid, true_members in networks.items():
        pred = predicted.get(cid, set())
        mapped = {identity.get(p) for p in pred}
        found = true_members & mapped
        tp += len(found)
        fn += len(true_members - found)
        good = sum(1 for p in pred if identity.get(p) in true_members)
        tp_nodes += good
        fp_nodes += len(pred) - good
        per_child.append((cid, len(true_members), len(found), len(pred), good))
        false_members[cid] = sorted(p for p in pred if identity.get(p) not in true_members)
    # categories the ecomap draws (NETWORK edges, when materialised) for members matched to a
    # true member of that child
    agree = compared = 0
    confusion: Counter = Counter()
    for r in _q(driver, "eval/network_categories"):
        truth_id = identity.get(r["pid"])
        want = true_category.get((r["child_id"], truth_id)) if truth_id else None
        if want is None:
            continue
        compared += 1
        agree += int(r["category"] == want)
        if r["category"] != want:
            confusion[f"{want} -> {r['category']}"] += 1
    represented: dict[str, set[str]] = defaultdict(set)
    all_pred_nodes = {p for ps in predicted.values() for p in ps}
    for p in all_pred_nodes:
        if p in identity:
            represented[identity[p]].add(p)
    dup = sum(1 for nodes_ in represented.values() if len(nodes_) > 1)
    split = {t: sorted(ns) for t, ns in sorted(represented.items()) if len(ns) > 1}
    recalls = [f / t for _, t, f, _, _ in per_child if t]
    precisions = [g / n for _, _, _, n, g in per_child if n]
    return {
        "children": len(networks),
        "network_recall": tp / (tp + fn) if tp + fn else 0.0,
        "network_recall_mean_per_child": sum(recalls) / len(recalls) if recalls else 0.0,
        "network_recall_min_child": min(recalls) if recalls else 0.0,
        "network_precision": tp_nodes / (tp_nodes + fp_nodes) if tp_nodes + fp_nodes else 0.0,
        "network_precision_mean_per_child": sum(precisions) / len(precisions) if precisions else 0.0,
        "network_precision_min_child": min(precisions) if precisions else 0.0,
        "children_with_full_recall": sum(1 for r in recalls if r >= 1.0),
        "per_child": [{"child_id": cid, "true_members": t, "found": f, "predicted": n, "correct_predicted": g}
                      for cid, t, f, n, g in per_child],
        "true_members": tp + fn,
        "predicted_members": tp_nodes + fp_nodes,
        "unmapped_predicted_members": sum(1 for ps in predicted.values() for p in ps if p not in identity),
        "duplicate_rate": dup / len(represented) if represented else 0.0,
        "duplicated_true_persons": dup,
        "split_persons": split,  # true person -> the predicted nodes it is split into
        "false_members": false_members,  # child -> predicted members that are none of its people
        "category_agreement": agree / compared if compared else None,
        "category_compared": compared,
        "category_confusion": dict(confusion.most_common(12)),
        "true_persons_represented": len(represented),
        "mention_link_precision": correct / linked_on_span if linked_on_span else 0.0,
        "mention_link_recall": found_spans / total_spans if total_spans else 0.0,
        "truth_spans": total_spans,
        "linked_mentions_on_spans": linked_on_span,
    }


def format_table(metrics: dict[str, Any]) -> str:
    targets = {"network_recall": ">= 0.95", "network_precision": ">= 0.90", "duplicate_rate": "<= 0.03"}
    lines = [f"{'metric':<34} {'value':>10}  target", "-" * 56]
    for k, v in metrics.items():
        if isinstance(v, (dict, list)):
            continue
        val = f"{v:.3f}" if isinstance(v, float) else str(v)
        lines.append(f"{k:<34} {val:>10}  {targets.get(k, '')}")
    return "\n".join(lines)


def run_chain(driver: Driver, export_dir: Path, *, nlp, model=None, progress: bool | None = False) -> dict:
    """load -> text -> mentions -> resolve on one export folder (no wiping)."""
    from extraction.stage_mentions import extract_record_mentions
    from extraction.stage_text import extract_document_texts
    from graph_model.loader import load_export
    from linkage.stage_resolve import resolve_people

    timings = {}
    t = time.perf_counter()
    with tempfile.TemporaryDirectory() as rep:
        load_export(driver, Path(export_dir), report_dir=Path(rep))
    timings["load_s"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    text = extract_document_texts(driver, progress=progress)
    timings["text_s"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    ments = extract_record_mentions(driver, nlp, progress=progress)
    timings["mentions_s"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    res = resolve_people(driver, model=model, progress=progress)
    timings["resolve_s"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    from ranking.materialise import materialise_networks  # the ecomap's members and categories
    materialise_networks(driver)
    timings["materialise_s"] = round(time.perf_counter() - t, 2)
    return {"timings": timings, "text": text, "mentions": ments, "resolve": res}


def evaluate_synthetic(driver: Driver, *, children: int, seed: int, nlp, model=None,
                       render_documents: bool = False, out: Path | None = None, wipe: bool = False,
                       settings=None) -> dict:
    """Generate a council, wipe the graph (when allowed: :func:`evaluation.wipe.wipe_graph`),
    run the chain on it and compare with its truth."""
    from evaluation.wipe import wipe_graph
    from synthetic.council import generate_council

    tmp = None
    if out is None:
        tmp = tempfile.TemporaryDirectory()
        out = Path(tmp.name) / "council"
    try:
        generate_council(Path(out), children=children, seed=seed, render_documents=render_documents)
        wipe_graph(driver, wipe=wipe, settings=settings)
        chain = run_chain(driver, Path(out), nlp=nlp, model=model)
        metrics = evaluate_graph(driver, Path(out))
        metrics["timings"] = chain["timings"]
        return metrics
    finally:
        if tmp is not None:
            tmp.cleanup()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--children", type=int, default=60)
    ap.add_argument("--seed", type=int, default=4242)
    ap.add_argument("--model", help="NER model folder (default: the project's, else rules only)")
    ap.add_argument("--rules-only", action="store_true")
    ap.add_argument("--render-documents", action="store_true")
    ap.add_argument("--out", help="keep the generated export here")
    ap.add_argument("--json", help="write the metrics here")
    ap.add_argument("--wipe", action="store_true", help="allow wiping the configured graph")
    args = ap.parse_args(argv)
    from kinscope.settings import get_settings

    settings = get_settings()
    if not (args.wipe or settings.test_graph_may_be_wiped):
        print("this evaluation wipes the graph: pass --wipe (or set KINSCOPE_TEST_GRAPH_MAY_BE_WIPED=1)",
              file=sys.stderr)
        return 2
    import neo4j

    from extraction.pipeline import build_pipeline

    nlp = build_pipeline(args.model, rules_only=args.rules_only)
    driver = neo4j.GraphDatabase.driver(settings.neo4j_uri,
                                        auth=(settings.neo4j_user, settings.resolved_neo4j_password()))
    try:
        metrics = evaluate_synthetic(driver, children=args.children, seed=args.seed, nlp=nlp,
                                     render_documents=args.render_documents,
                                     out=Path(args.out) if args.out else None, wipe=True)
    finally:
        driver.close()
    print(format_table(metrics))
    print("timings:", metrics["timings"])
    if args.json:
        Path(args.json).write_text(json.dumps(metrics, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
