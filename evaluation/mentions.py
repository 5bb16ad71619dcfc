"""Mention extraction quality against an export's truth/mentions.jsonl.

``evaluate_mentions(export_dir, nlp)`` runs the pipeline on every case note and document text
of the export that has truth, and scores PERSON and ROLE mentions (truth covers person
references only; how a truth span gets its label is in :mod:`extraction.truth`):

* **exact**: a predicted span counts when start, end and label equal a truth span's;
* **partial**: a predicted span counts (precision) when it overlaps a truth span of the same
  label; a truth span counts (recall) when a prediction of the same label overlaps it;
* **any** (label-blind): PERSON and ROLE pooled — whether a person reference was found at all;
* **role**: of the truth spans with a role that were found exactly, the share given a role
  (coverage; names get one only where the text links them to a role) and, of those, the share
  whose predicted ``role`` agrees with the truth role (precision; same string, or one contains
  the other: "grandmother" agrees with "maternal grandmother").

Scores are given for all records and separately for case notes and documents (document
texts are form-like templates shared by all note styles, so only the case-note figures are
free of template leakage when training and evaluation styles differ).

``python -m evaluation.mentions`` generates the held-out council (seed
:data:`extraction.training.EVAL_SEED`, styles :data:`extraction.training.EVAL_STYLES`) and
also scores the hand-written example export.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from extraction.pipeline import build_pipeline, extract_many
from extraction.truth import read_truth

LABELS = ("PERSON", "ROLE")


def _prf(tp_p: int, n_pred: int, tp_r: int, n_gold: int) -> dict:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_r / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "pred": n_pred, "gold": n_gold}


def _roles_agree(pred: str | None, gold: str | None) -> bool:
    if not pred or not gold:
        return False
    a, b = pred.lower(), gold.lower()
    return a == b or a in b or b in a


class _Counts:
    def __init__(self) -> None:
        self.c: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def add(self, gold: list[tuple[int, int, str, str | None]], pred: list) -> None:
        for lab in (*LABELS, "ANY"):
            g = [x for x in gold if lab == "ANY" or x[2] == lab]
            p = [m for m in pred if (m.label in LABELS if lab == "ANY" else m.label == lab)]
            gset = {(s, e) for s, e, _, _ in g}
            pset = {(m.start_char, m.end_char) for m in p}
            c = self.c[lab]
            c["gold"] += len(g)
            c["pred"] += len(p)
            c["exact"] += len(gset & pset)
            c["partial_p"] += sum(1 for m in p if any(m.start_char < e and s < m.end_char for s, e, _, _ in g))
            c["partial_r"] += sum(1 for s, e, _, _ in g if any(m.start_char < e and s < m.end_char for m in p))
        by_span = {(m.start_char, m.end_char): m for m in pred}
        for s, e, lab, role in gold:
            if role and (s, e) in by_span:
                self.c["role"]["n"] += 1
                pr = by_span[(s, e)].role
                if pr:
                    self.c["role"]["with_role"] += 1
                    self.c["role"]["agree"] += _roles_agree(pr, role)
        for m in pred:
            if m.label not in LABELS:
                self.c["other"][m.label] += 1

    def scores(self) -> dict:
        out: dict = {}
        for lab in (*LABELS, "ANY"):
            c = self.c[lab]
            out[lab] = {"exact": _prf(c["exact"], c["pred"], c["exact"], c["gold"]),
                        "partial": _prf(c["partial_p"], c["pred"], c["partial_r"], c["gold"])}
        r = self.c["role"]
        out["role_agreement"] = {
            "n": r["n"],
            "coverage": round(r["with_role"] / r["n"], 4) if r["n"] else None,
            "precision": round(r["agree"] / r["with_role"], 4) if r["with_role"] else None}
        out["other_labels_predicted"] = dict(sorted(self.c["other"].items()))
        return out


def evaluate_mentions(export_dir: Path, nlp=None, *, record_types: tuple[str, ...] = ("case_note", "document"),
                      limit: int | None = None, batch_size: int = 256, n_process: int = 1) -> dict:
    """P/R/F1 per label (exact and partial span match) on an export with truth/."""
    nlp = nlp or build_pipeline()
    records = list(read_truth(Path(export_dir), record_types=record_types, limit=limit))
    total, per_type, per_style = _Counts(), defaultdict(_Counts), defaultdict(_Counts)
    started = time.perf_counter()
    preds = extract_many((r.text for r in records), nlp, n_process=n_process, batch_size=batch_size)
    for rec, mentions in zip(records, preds):
        gold = [(s["start"], s["end"], s["label"], s.get("role")) for s in rec.spans]
        total.add(gold, mentions)
        per_type[rec.record_type].add(gold, mentions)
        if rec.style:
            per_style[rec.style].add(gold, mentions)
    seconds = time.perf_counter() - started
    return {"export": str(export_dir), "records": len(records), "seconds": round(seconds, 2),
            "pipeline": list(nlp.pipe_names), "all": total.scores(),
            "by_record_type": {k: v.scores() for k, v in sorted(per_type.items())},
            "by_style": {k: v.scores() for k, v in sorted(per_style.items())}}


def format_table(result: dict, title: str = "") -> str:
    """A plain-text table: label x (exact P/R/F1, partial P/R/F1, gold, pred) per record type."""
    lines = [title or f"Mentions — {result['export']} ({result['records']} records)"]
    head = f"{'scope':<12}{'label':<8}{'exact P':>8}{'R':>7}{'F1':>7}{'part P':>8}{'R':>7}{'F1':>7}{'gold':>7}{'pred':>7}"
    lines += [head, "-" * len(head)]
    scopes = [("all", result["all"])] + list(result["by_record_type"].items()) + \
        [(f"style:{k}"[:11], v) for k, v in result.get("by_style", {}).items()]
    for scope, sc in scopes:
        for lab in (*LABELS, "ANY"):
            e, p = sc[lab]["exact"], sc[lab]["partial"]
            lines.append(f"{scope:<12}{lab:<8}{e['p']:>8.3f}{e['r']:>7.3f}{e['f1']:>7.3f}"
                         f"{p['p']:>8.3f}{p['r']:>7.3f}{p['f1']:>7.3f}{e['gold']:>7}{e['pred']:>7}")
    ra = result["all"]["role_agreement"]
    lines.append(f"roles on exactly-found spans with a truth role (n={ra['n']}): predicted for "
                 f"{ra['coverage']}, agreeing with truth {ra['precision']} of those")
    lines.append(f"other labels predicted: {result['all']['other_labels_predicted']}")
    lines.append(f"{result['records']} records in {result['seconds']} s")
    return "\n".join(lines)


def evaluate_heldout(nlp=None, *, children: int = 60, out_dir: Path | None = None) -> dict:
    """Generate the held-out council (unseen seed and styles) and evaluate on it."""
    from synthetic.council import generate_council

    from extraction.training import EVAL_SEED, EVAL_STYLES
    ctx = None
    if out_dir is None:
        ctx = tempfile.TemporaryDirectory(prefix="kinscope-eval-")
        out_dir = Path(ctx.name) / "heldout"
    try:
        generate_council(out_dir, children=children, seed=EVAL_SEED, styles=list(EVAL_STYLES),
                         render_documents=False)
        res = evaluate_mentions(out_dir, nlp)
        res["heldout"] = {"seed": EVAL_SEED, "styles": list(EVAL_STYLES), "children": children}
        return res
    finally:
        if ctx is not None:
            ctx.cleanup()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Evaluate Kinscope mention extraction")
    ap.add_argument("--export", type=Path, help="an export with truth/ (default: generate the held-out council)")
    ap.add_argument("--children", type=int, default=60)
    ap.add_argument("--model", type=Path, default=None)
    ap.add_argument("--rules-only", action="store_true")
    ap.add_argument("--example", type=Path, default=Path(__file__).resolve().parent.parent / "docs" / "contract" / "example")
    ap.add_argument("--json", type=Path, default=None, help="write all results here")
    a = ap.parse_args(argv)
    nlp = build_pipeline(a.model, rules_only=a.rules_only)
    results = {}
    if a.export:
        results["export"] = evaluate_mentions(a.export, nlp)
        print(format_table(results["export"]))
    else:
        results["heldout"] = evaluate_heldout(nlp, children=a.children)
        print(format_table(results["heldout"], f"Held-out council: seed {results['heldout']['heldout']['seed']}, "
                                              f"styles {results['heldout']['heldout']['styles']}"))
    if a.example and (a.example / "truth" / "mentions.jsonl").is_file():
        results["example"] = evaluate_mentions(a.example, nlp)
        print()
        print(format_table(results["example"], f"Hand-written example: {a.example}"))
    if a.json:
        a.json.parent.mkdir(parents=True, exist_ok=True)
        a.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
