"""Train the statistical NER (PERSON, ROLE) reproducibly from the project's own config and data.

``train_ner(output_dir)`` (``kinscope train-ner``):

1. generates a synthetic training council (seed :data:`TRAIN_SEED`, note styles
   :data:`TRAIN_STYLES`) and a smaller dev council (seed :data:`DEV_SEED`, same styles), with
   ``render_documents=False`` (document texts come from ``truth/document_texts.jsonl``);
2. converts truth spans to ``.spacy`` DocBins with labels PERSON/ROLE (rule in
   :mod:`extraction.truth`); tokens outside any span are "outside", tokens of a span that does
   not align with token boundaries are left "missing" (no gradient);
3. runs ``spacy.cli.train.train`` with ``extraction/configs/ner.cfg``;
4. copies the best model to ``output_dir`` and writes ``kinscope_calibration.json`` (NER
   confidence per label = exact-span precision of the NER alone on the dev council) and
   ``kinscope_training.json`` (seeds, styles, sizes, seconds, dev scores).

Held-out evaluation (:mod:`extraction.evaluate`) uses :data:`EVAL_SEED` and
:data:`EVAL_STYLES`, disjoint from both.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

import spacy
from spacy.tokens import DocBin

from extraction.tokenizer import blank_en
from extraction.truth import read_truth

CONFIG_PATH = Path(__file__).resolve().parent / "configs" / "ner.cfg"
TRAIN_STYLES: tuple[str, ...] = ("telegraphic", "formal", "bullets", "email")
EVAL_STYLES: tuple[str, ...] = ("first_person", "verbatim")
TRAIN_SEED = 1001
DEV_SEED = 2002
EVAL_SEED = 3003
LABELS = ("PERSON", "ROLE")


def default_output_dir() -> Path:
    from extraction.pipeline import default_model_dir
    return default_model_dir()


def export_to_docbin(export_dir: Path, out_path: Path, nlp=None, *, record_types=("case_note", "document"),
                     limit: int | None = None) -> dict:
    """truth/mentions.jsonl of an export -> a .spacy DocBin with PERSON/ROLE entities."""
    nlp = nlp or blank_en()
    db = DocBin(store_user_data=False)
    stats = {"docs": 0, "spans": 0, "misaligned": 0, "overlapping": 0}
    n_misaligned = 0
    for rec in read_truth(export_dir, record_types=record_types, limit=limit):
        doc = nlp.make_doc(rec.text)
        ents, missing = [], []
        for s in sorted(rec.spans, key=lambda s: (s["start"], -s["end"])):
            sp = doc.char_span(s["start"], s["end"], label=s["label"], alignment_mode="strict")
            if sp is None:
                stats["misaligned"] += 1
                ex = doc.char_span(s["start"], s["end"], alignment_mode="expand")
                if ex is not None:
                    missing.append(ex)
                continue
            ents.append(sp)
        ents = spacy.util.filter_spans(ents)
        taken = {i for e in ents for i in range(e.start, e.end)}
        missing = [m for m in missing if not any(i in taken for i in range(m.start, m.end))]
        missing = spacy.util.filter_spans(missing)
        stats["overlapping"] += len(rec.spans) - len(ents) - (stats["misaligned"] - n_misaligned)
        n_misaligned = stats["misaligned"]
        doc.set_ents(ents, missing=missing, default="outside")
        db.add(doc)
        stats["docs"] += 1
        stats["spans"] += len(ents)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(out_path)
    return stats


def _generate(out: Path, *, children: int, seed: int, styles) -> dict:
    from synthetic.council import generate_council
    return generate_council(out, children=children, seed=seed, styles=list(styles), render_documents=False)


def calibrate(model_dir: Path, dev_export: Path, *, limit: int = 400) -> dict[str, float]:
    """Exact-span precision per label of the NER alone on the dev export (its confidence)."""
    import extraction.tokenizer  # noqa: F401  (registers kinscope.Tokenizer.v1)
    nlp = spacy.load(model_dir)
    tp: dict[str, int] = {lab: 0 for lab in LABELS}
    pred: dict[str, int] = {lab: 0 for lab in LABELS}
    recs = list(read_truth(dev_export, limit=limit))
    for rec, doc in zip(recs, nlp.pipe(r.text for r in recs)):
        gold = {(s["start"], s["end"], s["label"]) for s in rec.spans}
        for e in doc.ents:
            pred[e.label_] = pred.get(e.label_, 0) + 1
            if (e.start_char, e.end_char, e.label_) in gold:
                tp[e.label_] = tp.get(e.label_, 0) + 1
    return {lab: round(tp[lab] / pred[lab], 3) if pred.get(lab) else 0.5 for lab in pred}


def train_ner(output_dir: Path | None = None, *, children: int = 120, seed: int = TRAIN_SEED,
              dev_children: int | None = None, dev_seed: int = DEV_SEED,
              styles: tuple[str, ...] | list[str] = TRAIN_STYLES, max_steps: int = 1500,
              eval_frequency: int | None = None, config_path: Path = CONFIG_PATH,
              work_dir: Path | None = None, verbose: bool = True) -> Path:
    """Generate data, train, calibrate; returns the model folder (default .kinscope/models/ner)."""
    from spacy.cli.train import train as spacy_train

    if set(styles) & set(EVAL_STYLES):
        raise ValueError(f"training styles {sorted(set(styles) & set(EVAL_STYLES))} are reserved for evaluation")
    if seed == EVAL_SEED or dev_seed == EVAL_SEED:
        raise ValueError("the evaluation seed is reserved for evaluation")
    output_dir = Path(output_dir) if output_dir is not None else default_output_dir()
    started = time.perf_counter()
    tmp_ctx = None
    if work_dir is None:
        tmp_ctx = tempfile.TemporaryDirectory(prefix="kinscope-ner-")
        work = Path(tmp_ctx.name)
    else:
        work = Path(work_dir)
        work.mkdir(parents=True, exist_ok=True)
    try:
        dev_children = dev_children or max(10, children // 5)
        _generate(work / "train_export", children=children, seed=seed, styles=styles)
        _generate(work / "dev_export", children=dev_children, seed=dev_seed, styles=styles)
        t_data = time.perf_counter()
        nlp = blank_en()
        train_stats = export_to_docbin(work / "train_export", work / "train.spacy", nlp)
        dev_stats = export_to_docbin(work / "dev_export", work / "dev.spacy", nlp)
        t_conv = time.perf_counter()
        overrides = {"paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy"),
                     "training.max_steps": int(max_steps), "system.seed": int(seed),
                     "training.eval_frequency": int(eval_frequency or max(50, min(300, max_steps // 4)))}
        if not verbose:
            overrides["training.logger"] = {"@loggers": "spacy.ConsoleLogger.v1", "progress_bar": False}
        spacy_train(config_path, work / "out", overrides=overrides, use_gpu=-1)
        t_train = time.perf_counter()
        best = work / "out" / "model-best"
        if not best.is_dir():
            best = work / "out" / "model-last"
        if output_dir.exists():
            shutil.rmtree(output_dir)
        output_dir.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(best, output_dir)
        from extraction.pipeline import CALIBRATION_FILE
        conf = calibrate(output_dir, work / "dev_export")
        (output_dir / CALIBRATION_FILE).write_text(json.dumps(
            {"ner_confidence": conf,
             "method": "exact-span precision of the NER alone on the dev council (seed %d)" % dev_seed},
            indent=2) + "\n", encoding="utf-8")
        meta = json.loads((output_dir / "meta.json").read_text(encoding="utf-8"))
        info = {"train_seed": seed, "dev_seed": dev_seed, "styles": list(styles),
                "eval_styles_reserved": list(EVAL_STYLES), "eval_seed_reserved": EVAL_SEED,
                "children": children, "dev_children": dev_children, "max_steps": max_steps,
                "train_docbin": train_stats, "dev_docbin": dev_stats,
                "seconds": {"generate": round(t_data - started, 1), "convert": round(t_conv - t_data, 1),
                            "train": round(t_train - t_conv, 1),
                            "total": round(time.perf_counter() - started, 1)},
                "dev_scores": {k: meta.get("performance", {}).get(k) for k in ("ents_p", "ents_r", "ents_f", "ents_per_type")},
                "calibration": conf, "config": str(config_path.name)}
        (output_dir / "kinscope_training.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
        if verbose:
            print(json.dumps(info["seconds"]), json.dumps(info["dev_scores"]["ents_f"]))
        return output_dir
    finally:
        if tmp_ctx is not None:
            tmp_ctx.cleanup()
