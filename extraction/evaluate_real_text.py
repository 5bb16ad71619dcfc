"""Score mention extraction on annotated passages nobody here wrote (character-offset overlap).

A passage is one JSON file (docs/annotation_guidelines.md)::

    {"id": "oh-001", "style": "review", "split": "dev", "source": "https://...",
     "text": "...", "annotations": [{"start": 0, "end": 10, "label": "PERSON", "text": "..."}]}

Gold labels: ``PERSON``, ``ROLE``, ``GROUP``, ``PLACE``. The extractor's labels are mapped onto
them (:func:`map_label`): ``PERSON``/``ROLE``/``GROUP`` as they are, ``PLACE``/``SETTING``/``ADDRESS`` and a
premises ``ORG`` ("Riverside Academy", "Kelderby General Hospital") to ``PLACE``; agencies,
dates, phones... are not scored.

Matching is by overlap: a predicted span counts when it shares at least one character with a
gold span of a compatible label (one predicted span may cover several gold spans). Figures:

- per label: recall (gold spans overlapped by a prediction of the same label), precision
  (predictions overlapping a gold span of the same label), F1;
- ``people_found``: recall of gold PERSON | ROLE | GROUP by any person-ish prediction
  (PERSON, ROLE or GROUP: "her father" found as ROLE where gold says ROLE, or "Adult B" found as
  ROLE where gold says PERSON, both count);
- ``people_precision``: person-ish predictions overlapping any person-ish gold span;
- ``not_people_share``: predicted PERSON spans overlapping no gold PERSON/ROLE/GROUP, over all
  predicted PERSON spans (headings, town names, common words taken for names);
- ``places_found`` / ``places_precision``: the PLACE recall and precision.

Pure: :func:`score` takes passages and predictions; :func:`evaluate_dir` runs a pipeline.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path

GOLD_LABELS = ("PERSON", "ROLE", "GROUP", "PLACE")
PERSONISH = frozenset({"PERSON", "ROLE", "GROUP"})
# an ORG whose head names premises is a place in the child's life (schools, hospitals...)
_PREMISES_ORG = re.compile(
    r"\b(?:school|primary|academy|college|nursery|hospital|surgery|medical centre|health centre|"
    r"medical practice|clinic|ward|unit|centre|station|prison|institution|home)\b", re.IGNORECASE)


def map_label(label: str, text: str = "") -> str | None:
    """Extractor label -> gold label (None: not scored)."""
    if label in PERSONISH:
        return label
    if label in ("PLACE", "ADDRESS", "SETTING"):
        return "PLACE"
    if label == "ORG" and _PREMISES_ORG.search(text or ""):
        return "PLACE"
    return None


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---- loading ----------------------------------------------------------------------------
def load_passages(folder: Path | str, split: str = "all") -> list[dict]:
    """Every passage (``*.json``, a list of passages or one per file) in `folder`, sorted by id,
    restricted to `split` ("dev", "heldout" or "all"). Annotations whose text does not match
    the offsets raise ValueError: a misaligned gold set would score nonsense."""
    if split not in ("dev", "heldout", "all"):
        raise ValueError("split must be dev, heldout or all")
    out: list[dict] = []
    for path in sorted(Path(folder).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for p in data if isinstance(data, list) else [data]:
            if not isinstance(p, dict) or "text" not in p:
                continue
            text = p["text"]
            for a in p.get("annotations", []):
                if "text" in a and text[a["start"]:a["end"]] != a["text"]:
                    raise ValueError(f"{path.name} {p.get('id')}: offsets {a['start']}-{a['end']} "
                                     f"give {text[a['start']:a['end']]!r}, not {a['text']!r}")
            if split != "all" and p.get("split") != split:
                continue
            out.append(p)
    out.sort(key=lambda p: str(p.get("id", "")))
    return out


# ---- scoring ----------------------------------------------------------------------------
def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _flat_gold(annotations: Iterable[dict]) -> list[tuple[int, int, str]]:
    """Gold spans with a scored label; a span inside a longer one of the same label is dropped."""
    spans = [(int(a["start"]), int(a["end"]), a["label"]) for a in annotations if a.get("label") in GOLD_LABELS]
    return [s for s in spans
            if not any(o != s and o[2] == s[2] and o[0] <= s[0] and s[1] <= o[1] for o in spans)]


def _prf(tp_gold: int, n_gold: int, tp_pred: int, n_pred: int) -> dict:
    r = tp_gold / n_gold if n_gold else 0.0
    p = tp_pred / n_pred if n_pred else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"recall": round(r, 4), "precision": round(p, 4), "f1": round(f, 4),
            "gold": n_gold, "predicted": n_pred}


class _Counts:
    def __init__(self) -> None:
        self.c: dict[str, int] = {}

    def add(self, key: str, n: int = 1) -> None:
        self.c[key] = self.c.get(key, 0) + n

    def __getitem__(self, key: str) -> int:
        return self.c.get(key, 0)


def _count(gold: list[tuple[int, int, str]], pred: list[tuple[int, int, str]], k: _Counts) -> None:
    for lab in GOLD_LABELS:
        g = [s for s in gold if s[2] == lab]
        p = [s for s in pred if s[2] == lab]
        k.add(f"gold_{lab}", len(g))
        k.add(f"pred_{lab}", len(p))
        k.add(f"tpg_{lab}", sum(any(_overlaps(x[:2], y[:2]) for y in p) for x in g))
        k.add(f"tpp_{lab}", sum(any(_overlaps(x[:2], y[:2]) for y in g) for x in p))
    gp = [s for s in gold if s[2] in PERSONISH]
    pp = [s for s in pred if s[2] in PERSONISH]
    k.add("gold_people", len(gp))
    k.add("pred_people", len(pp))
    k.add("tpg_people", sum(any(_overlaps(x[:2], y[:2]) for y in pp) for x in gp))
    k.add("tpp_people", sum(any(_overlaps(x[:2], y[:2]) for y in gp) for x in pp))
    persons = [s for s in pred if s[2] == "PERSON"]
    k.add("pred_person", len(persons))
    k.add("not_people", sum(not any(_overlaps(x[:2], y[:2]) for y in gp) for x in persons))


def _figures(k: _Counts, n_passages: int) -> dict:
    labels = {lab: _prf(k[f"tpg_{lab}"], k[f"gold_{lab}"], k[f"tpp_{lab}"], k[f"pred_{lab}"])
              for lab in GOLD_LABELS}
    people = _prf(k["tpg_people"], k["gold_people"], k["tpp_people"], k["pred_people"])
    return {
        "passages": n_passages,
        "people_found": people["recall"], "people_precision": people["precision"],
        "people_f1": people["f1"],
        "places_found": labels["PLACE"]["recall"], "places_precision": labels["PLACE"]["precision"],
        "not_people_share": round(k["not_people"] / k["pred_person"], 4) if k["pred_person"] else 0.0,
        "labels": labels,
    }


def predicted_spans(mentions: Iterable) -> list[tuple[int, int, str]]:
    """(start, end, gold label) of extractor mentions (``Mention`` objects or dicts)."""
    out = []
    for m in mentions:
        if isinstance(m, dict):
            s, e, lab, txt = m["start"], m["end"], m["label"], m.get("text", "")
        else:
            s, e, lab, txt = m.start_char, m.end_char, m.label, m.text
        g = map_label(lab, txt)
        if g:
            out.append((s, e, g))
    return out


def score(passages: list[dict], predictions: list[list[tuple[int, int, str]]],
          *, with_errors: bool = False) -> dict:
    """Figures over all passages and per style. `predictions[i]` are the (start, end, gold
    label) spans predicted for `passages[i]` (see :func:`predicted_spans`)."""
    total, by_style = _Counts(), {}
    n_style: dict[str, int] = {}
    errors = []
    for p, pred in zip(passages, predictions, strict=True):
        gold = _flat_gold(p.get("annotations", []))
        style = p.get("style") or "unknown"
        _count(gold, pred, total)
        _count(gold, pred, by_style.setdefault(style, _Counts()))
        n_style[style] = n_style.get(style, 0) + 1
        if with_errors:
            text = p["text"]
            gp = [g for g in gold if g[2] in PERSONISH]
            for g in gold:
                comp = [x for x in pred if (x[2] in PERSONISH) == (g[2] in PERSONISH)
                        and (g[2] in PERSONISH or x[2] == g[2])]
                if not any(_overlaps(g[:2], x[:2]) for x in comp):
                    errors.append({"id": p.get("id"), "kind": "missed", "label": g[2],
                                   "text": text[g[0]:g[1]]})
            for x in pred:
                ok = gp if x[2] in PERSONISH else [g for g in gold if g[2] == x[2]]
                if not any(_overlaps(g[:2], x[:2]) for g in ok):
                    errors.append({"id": p.get("id"), "kind": "spurious", "label": x[2],
                                   "text": text[x[0]:x[1]]})
    out = _figures(total, len(passages))
    out["by_style"] = {s: _figures(k, n_style[s]) for s, k in sorted(by_style.items())}
    if with_errors:
        out["errors"] = errors
    return out


def evaluate_passages(passages: list[dict], extract: Callable[[str], Iterable], *,
                      with_errors: bool = False) -> dict:
    """Run `extract(text) -> mentions` on each passage and score it."""
    preds = [predicted_spans(extract(p["text"])) for p in passages]
    return score(passages, preds, with_errors=with_errors)


def evaluate_dir(folder: Path | str, nlp=None, split: str = "all", *, with_errors: bool = False) -> dict:
    """Score the project's pipeline (`nlp`, default ``build_pipeline()``) on `folder`."""
    from extraction.pipeline import build_pipeline, extract_mentions

    nlp = nlp if nlp is not None else build_pipeline()
    passages = load_passages(folder, split)
    report = evaluate_passages(passages, lambda t: extract_mentions(t, nlp), with_errors=with_errors)
    report["folder"], report["split"] = str(folder), split
    return report


def format_table(report: dict) -> str:
    """A plain-text table of a :func:`score` report."""
    lines = [f"passages: {report['passages']}  split: {report.get('split', 'all')}",
             f"people found {report['people_found']:.3f}  people precision {report['people_precision']:.3f}  "
             f"not-people share of PERSON output {report['not_people_share']:.3f}",
             f"places found {report['places_found']:.3f}  places precision {report['places_precision']:.3f}",
             "", f"{'label':<8}{'recall':>8}{'prec':>8}{'F1':>8}{'gold':>7}{'pred':>7}"]
    for lab, f in report["labels"].items():
        lines.append(f"{lab:<8}{f['recall']:>8.3f}{f['precision']:>8.3f}{f['f1']:>8.3f}"
                     f"{f['gold']:>7}{f['predicted']:>7}")
    if report.get("by_style"):
        lines += ["", f"{'style':<22}{'n':>4}{'people':>8}{'places':>8}{'notppl':>8}"]
        for s, f in report["by_style"].items():
            lines.append(f"{s:<22}{f['passages']:>4}{f['people_found']:>8.3f}{f['places_found']:>8.3f}"
                         f"{f['not_people_share']:>8.3f}")
    return "\n".join(lines)
