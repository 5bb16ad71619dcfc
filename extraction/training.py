"""Train the mention model reproducibly: the steps of the spaCy project ``extraction/project.yml``.

1. :func:`make_corpus` (``make-corpus``) generates a synthetic training council (seed
   :data:`TRAIN_SEED`, note styles :data:`TRAIN_STYLES`) and a smaller dev council (seed
   :data:`DEV_SEED`) with ``render_documents=False``, converts their truth spans to ``.spacy``
   DocBins with labels PERSON/ROLE (rule in :mod:`extraction.truth`; a span that does not align
   with token boundaries is "missing", no gradient), and adds the *dev half* of annotated passage
   sets written by other hands (:func:`passages_to_docbin`; the held-out half never trains);
2. :func:`train_model` (``train``) runs ``spacy train`` with ``extraction/configs/mentions.cfg``
   -- the whole pipeline, rule components frozen;
3. :func:`package_model` (``package``) copies the best model to the model folder and writes
   ``kinscope_calibration.json`` (NER confidence per label = exact-span precision of the NER
   alone on the dev council) and ``kinscope_training.json`` (sources, sizes, seconds, scores).

:func:`train_ner` (``kinscope train-ner``) runs the three in one call. Held-out evaluation of the
synthetic kind (:mod:`evaluation.mentions`) uses :data:`EVAL_SEED` and :data:`EVAL_STYLES`,
disjoint from both; the passage sets are scored on their held-out halves
(``kinscope evaluate real-text DIR --split heldout``).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

import spacy
from spacy.tokens import DocBin

import extraction.pipeline  # noqa: F401  (registers the pipeline's versioned factories)
from extraction.tokenizer import blank_en
from extraction.truth import read_truth

CONFIG_PATH = Path(__file__).resolve().parent / "configs" / "mentions.cfg"
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


def passages_to_docbin(folders: list[Path], out_path: Path, nlp=None, *, split: str = "dev",
                       repeat: int = 4) -> dict:
    """Annotated passages (the *dev* half only: the held-out half never trains) -> a DocBin
    with PERSON/ROLE entities, each passage `repeat` times (a few hundred real passages next
    to thousands of synthetic notes). GROUP and PLACE spans are outside: they are not people."""
    from extraction.evaluate_real_text import load_passages

    if split != "dev":
        raise ValueError("only the dev half of a passage set may train the model")
    nlp = nlp or blank_en()
    db = DocBin(store_user_data=False)
    stats: dict = {"passages": 0, "spans": 0, "misaligned": 0, "repeat": repeat, "folders": {}}
    for folder in folders:
        passages = load_passages(folder, split="dev")
        stats["folders"][str(folder)] = len(passages)
        for p in passages:
            doc = nlp.make_doc(p["text"])
            ents = []
            for a in p.get("annotations", []):
                if a.get("label") not in LABELS:
                    continue
                sp = doc.char_span(int(a["start"]), int(a["end"]), label=a["label"], alignment_mode="strict")
                if sp is None:
                    stats["misaligned"] += 1
                    continue
                ents.append(sp)
            ents = spacy.util.filter_spans(ents)
            doc.set_ents(ents, default="outside")
            for _ in range(repeat):
                db.add(doc)
            stats["passages"] += 1
            stats["spans"] += len(ents)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(out_path)
    return stats


def negatives_to_docbin(examples: list[dict], out_path: Path, nlp=None, *, repeat: int = 4) -> dict:
    """Texts practitioners marked "Not a person" (:func:`graph_model.decisions.not_a_person_examples`:
    ``context``, ``context_start``, ``start``, ``end``) -> a DocBin in which exactly that span is
    *outside* any entity and every other token is *missing* (no gradient): the context may name real
    people, and one correction must not teach the model that they are not people."""
    nlp = nlp or blank_en()
    db = DocBin(store_user_data=False)
    stats = {"examples": 0, "misaligned": 0, "repeat": repeat}
    for ex in examples:
        context, offset = str(ex.get("context") or ""), int(ex.get("context_start") or 0)
        doc = nlp.make_doc(context)
        span = doc.char_span(int(ex["start"]) - offset, int(ex["end"]) - offset, alignment_mode="expand")
        if span is None or not span.text.strip():
            stats["misaligned"] += 1
            continue
        doc.set_ents([], outside=[span], default="missing")
        for _ in range(repeat):
            db.add(doc)
        stats["examples"] += 1
    out_path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(out_path)
    return stats


def _generate(generate_council, out: Path, *, children: int, seed: int, styles) -> dict:
    """A council from the generator the caller passed in (``synthetic.council.generate_council``:
    the CLI and the spaCy project import it; the product does not)."""
    if generate_council is None:
        raise ValueError("make_corpus needs a council generator: pass "
                         "generate_council=synthetic.council.generate_council")
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


def make_corpus(corpus_dir: Path, *, children: int = 120, seed: int = TRAIN_SEED,
                dev_children: int | None = None, dev_seed: int = DEV_SEED,
                styles: tuple[str, ...] | list[str] = TRAIN_STYLES,
                passages: list[Path] | tuple[Path, ...] = (), passage_repeat: int = 4,
                negatives: list[dict] | tuple[dict, ...] = (), generate_council=None) -> dict:
    """Step 1 (``make-corpus``): ``corpus_dir/train/`` (synthetic notes in the training styles
    + the dev half of the annotated passages), ``corpus_dir/dev.spacy`` and the dev council
    the calibration uses; ``corpus_dir/sources.json`` records every source and its weight.

    passages: folders of annotated passages (:mod:`extraction.evaluate_real_text` format) whose
    *dev* half joins the training data -- text written by other hands and real published text,
    so the model does not learn one generator's habits only.
    negatives: practitioners' "Not a person" corrections (:func:`negatives_to_docbin`)."""
    if set(styles) & set(EVAL_STYLES):
        raise ValueError(f"training styles {sorted(set(styles) & set(EVAL_STYLES))} are reserved for evaluation")
    if seed == EVAL_SEED or dev_seed == EVAL_SEED:
        raise ValueError("the evaluation seed is reserved for evaluation")
    corpus_dir = Path(corpus_dir)
    started = time.perf_counter()
    dev_children = dev_children or max(10, children // 5)
    _generate(generate_council, corpus_dir / "train_export", children=children, seed=seed, styles=styles)
    _generate(generate_council, corpus_dir / "dev_export", children=dev_children, seed=dev_seed, styles=styles)
    t_data = time.perf_counter()
    nlp = blank_en()
    train_stats = export_to_docbin(corpus_dir / "train_export", corpus_dir / "train" / "synthetic.spacy", nlp)
    passage_stats = (passages_to_docbin([Path(p) for p in passages], corpus_dir / "train" / "passages.spacy", nlp,
                                        repeat=passage_repeat) if passages else None)
    negative_stats = (negatives_to_docbin(list(negatives), corpus_dir / "train" / "not_a_person.spacy", nlp,
                                          repeat=passage_repeat) if negatives else None)
    dev_stats = export_to_docbin(corpus_dir / "dev_export", corpus_dir / "dev.spacy", nlp)
    sources = {"train_seed": seed, "dev_seed": dev_seed, "styles": list(styles),
               "eval_styles_reserved": list(EVAL_STYLES), "eval_seed_reserved": EVAL_SEED,
               "children": children, "dev_children": dev_children,
               "train_docbin": train_stats, "train_passages": passage_stats,
               "train_not_a_person": negative_stats, "dev_docbin": dev_stats,
               "seconds": {"generate": round(t_data - started, 1),
                           "convert": round(time.perf_counter() - t_data, 1)}}
    (corpus_dir / "sources.json").write_text(json.dumps(sources, indent=2) + "\n", encoding="utf-8")
    return sources


def train_model(corpus_dir: Path, training_dir: Path, *, max_steps: int = 1500, seed: int = TRAIN_SEED,
                eval_frequency: int | None = None, config_path: Path = CONFIG_PATH,
                verbose: bool = True) -> Path:
    """Step 2 (``train``): ``spacy train`` on the corpus; returns the best model folder."""
    from spacy.cli.train import train as spacy_train

    overrides = {"paths.train": str(Path(corpus_dir) / "train"), "paths.dev": str(Path(corpus_dir) / "dev.spacy"),
                 "training.max_steps": int(max_steps), "system.seed": int(seed),
                 "training.eval_frequency": int(eval_frequency or max(50, min(300, max_steps // 4)))}
    if not verbose:
        overrides["training.logger"] = {"@loggers": "spacy.ConsoleLogger.v1", "progress_bar": False}
    spacy_train(config_path, Path(training_dir), overrides=overrides, use_gpu=-1)
    best = Path(training_dir) / "model-best"
    return best if best.is_dir() else Path(training_dir) / "model-last"


def package_model(best: Path, output_dir: Path, corpus_dir: Path, *, extra: dict | None = None) -> dict:
    """Step 3 (``package``): copy the trained pipeline to `output_dir`, write its calibration
    (NER precision per label on the dev council) and ``kinscope_training.json`` (sources,
    sizes, scores)."""
    from extraction.pipeline import CALIBRATION_FILE

    output_dir, corpus_dir = Path(output_dir), Path(corpus_dir)
    if output_dir.exists():
        shutil.rmtree(output_dir)
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(best, output_dir)
    sources = json.loads((corpus_dir / "sources.json").read_text(encoding="utf-8"))
    conf = calibrate(output_dir, corpus_dir / "dev_export")
    (output_dir / CALIBRATION_FILE).write_text(json.dumps(
        {"ner_confidence": conf,
         "method": "exact-span precision of the NER alone on the dev council (seed %d)" % sources["dev_seed"]},
        indent=2) + "\n", encoding="utf-8")
    meta = json.loads((output_dir / "meta.json").read_text(encoding="utf-8"))
    info = sources | (extra or {}) | {
        "dev_scores": {k: meta.get("performance", {}).get(k) for k in ("ents_p", "ents_r", "ents_f", "ents_per_type")},
        "calibration": conf, "config": str(CONFIG_PATH.name)}
    (output_dir / "kinscope_training.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return info


def train_ner(output_dir: Path | None = None, *, children: int = 120, seed: int = TRAIN_SEED,
              dev_children: int | None = None, dev_seed: int = DEV_SEED,
              styles: tuple[str, ...] | list[str] = TRAIN_STYLES, max_steps: int = 1500,
              eval_frequency: int | None = None, config_path: Path = CONFIG_PATH,
              work_dir: Path | None = None, verbose: bool = True,
              passages: list[Path] | tuple[Path, ...] = (), passage_repeat: int = 4,
              negatives: list[dict] | tuple[dict, ...] = (), generate_council=None) -> Path:
    """The three steps of ``extraction/project.yml`` in one call (``kinscope train-ner``):
    corpus, train, package; returns the model folder (default .kinscope/models/ner).
    generate_council: the synthetic council generator (the caller imports it)."""
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
        make_corpus(work / "corpus", children=children, seed=seed, dev_children=dev_children, dev_seed=dev_seed,
                    styles=styles, passages=passages, passage_repeat=passage_repeat,
                    negatives=negatives, generate_council=generate_council)
        t_conv = time.perf_counter()
        best = train_model(work / "corpus", work / "out", max_steps=max_steps, seed=seed,
                           eval_frequency=eval_frequency, config_path=config_path, verbose=verbose)
        t_train = time.perf_counter()
        info = package_model(best, output_dir, work / "corpus", extra={"max_steps": max_steps})
        info["seconds"] |= {"train": round(t_train - t_conv, 1), "total": round(time.perf_counter() - started, 1)}
        (output_dir / "kinscope_training.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
        if verbose:
            print(json.dumps(info["seconds"]), json.dumps(info["dev_scores"]["ents_f"]))
        return output_dir
    finally:
        if tmp_ctx is not None:
            tmp_ctx.cleanup()
