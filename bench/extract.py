"""Mention extraction throughput: case notes per second per CPU core (n_process=1).

Generates (or reuses) a synthetic export, takes its case-note bodies, and times in one
process (single thread: OMP/BLAS threads pinned to 1):

1. baseline — the rules-only pipeline (role/abbreviation SpanRulers, regexes, name
   gazetteer, linker; no statistical NER);
2. full     — the trained NER + the same rule components (``build_pipeline()``), when a
   model exists (``.kinscope/models/ner`` or ``--model``).

Each is warmed up on the first batch, then run ``--repeat`` times over all notes; the best
run counts. Prints notes/s, characters/s and the full/baseline ratio (the cost of the NER).

    uv run python bench/extract.py --children 200
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extraction.pipeline import build_pipeline, default_model_dir, extract_many, is_model  # noqa: E402


def _notes(export: Path) -> list[str]:
    with (export / "case_notes.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line).get("body") or "" for line in fh if line.strip()]


def _time(nlp, texts: list[str], repeat: int, batch_size: int) -> tuple[float, int]:
    list(extract_many(texts[:batch_size], nlp, batch_size=batch_size))  # warm-up
    best, n_mentions = float("inf"), 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        n_mentions = sum(len(ms) for ms in extract_many(texts, nlp, n_process=1, batch_size=batch_size))
        best = min(best, time.perf_counter() - t0)
    return best, n_mentions


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--export", type=Path, help="an export to read case notes from (default: generate one)")
    ap.add_argument("--children", type=int, default=200)
    ap.add_argument("--seed", type=int, default=4242)
    ap.add_argument("--model", type=Path, default=None)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=256)
    ap.add_argument("--limit", type=int, default=5000, help="at most this many notes")
    a = ap.parse_args(argv)

    ctx = None
    export = a.export
    if export is None:
        from synthetic.council import generate_council
        ctx = tempfile.TemporaryDirectory(prefix="kinscope-bench-extract-")
        export = Path(ctx.name) / "export"
        generate_council(export, children=a.children, seed=a.seed, render_documents=False)
    texts = _notes(export)[: a.limit]
    chars = sum(len(t) for t in texts)
    print(f"{len(texts)} case notes, {chars / max(1, len(texts)):.0f} characters on average; "
          f"python {platform.python_version()}, {platform.machine()}, 1 process, 1 thread")

    results = {}
    base = build_pipeline(rules_only=True)
    secs, n = _time(base, texts, a.repeat, a.batch_size)
    results["baseline_rules_only"] = {"seconds": round(secs, 3), "notes_per_s": round(len(texts) / secs, 1),
                                      "chars_per_s": round(chars / secs), "mentions": n}
    model_dir = a.model or default_model_dir()
    if is_model(Path(model_dir)):
        full = build_pipeline(model_dir)
        secs, n = _time(full, texts, a.repeat, a.batch_size)
        results["full_ner_plus_rules"] = {"seconds": round(secs, 3), "notes_per_s": round(len(texts) / secs, 1),
                                          "chars_per_s": round(chars / secs), "mentions": n,
                                          "model": str(model_dir), "pipes": full.pipe_names}
    else:
        print(f"no trained model in {model_dir}: run `kinscope train-ner` for the full figure")

    for name, r in results.items():
        print(f"{name:<22} {r['notes_per_s']:>9.1f} notes/s/core  {r['chars_per_s']:>10} chars/s  "
              f"({r['seconds']} s, {r['mentions']} mentions)")
    if "full_ner_plus_rules" in results:
        ratio = results["full_ner_plus_rules"]["notes_per_s"] / results["baseline_rules_only"]["notes_per_s"]
        results["full_over_baseline"] = round(ratio, 3)
        target = results["full_ner_plus_rules"]["notes_per_s"] >= 200
        print(f"full / baseline = {ratio:.2f}; target >= 200 notes/s/core: {'met' if target else 'NOT met'}")
    print(json.dumps(results))
    if ctx is not None:
        ctx.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
