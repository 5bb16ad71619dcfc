"""Resolve significant-adult records (one per child+adult relationship) into persons.

The model is a ``dedupe.Dedupe`` over the comparisons in ``linkage.settings`` (nickname-
aware given name, family name, date of birth with partial/transposed dates, birth-year
difference, gender, relationship category, address, postcode, phone, email, the source
system's ``person_ref`` as a strong feature -- never an override -- and whether the two
records are on the same child). It is trained from labelled pairs (the shipped
``linkage/training/adult_records.json``, or a council's own file from
``label_interactively``), and the learned settings are cached under
``.kinscope/models/linkage/`` keyed on a fingerprint of the settings, training file and
code version.

``resolve_adult_records(records)`` returns one :class:`Cluster` per person, each record in
exactly one cluster, with dedupe's per-record confidence. ``link_adult_records`` also
returns the "possibly the same" pairs (scored between the review and merge thresholds),
which are shown for review and never merged silently, and ``explain_pair`` says which
fields agreed or disagreed.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import math
import os
import random
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import numpy

from linkage import comparisons
from linkage.settings import RecordModelSettings
from linkage.training_data import RAW_FIELDS, load_training, prepare

log = logging.getLogger(__name__)

METHOD = "dedupe"


@dataclass(frozen=True)
class Member:
    relationship_id: str
    confidence: float


@dataclass
class Cluster:
    """One resolved person: the records that are the same real adult."""

    person_id: str
    members: list[Member]
    method: str = METHOD

    @property
    def relationship_ids(self) -> list[str]:
        return [m.relationship_id for m in self.members]

    @property
    def confidence(self) -> float:
        """The weakest member's confidence."""
        return min(m.confidence for m in self.members)


@dataclass(frozen=True)
class ReviewPair:
    """Two records in different clusters that are possibly the same person."""

    relationship_id_1: str
    relationship_id_2: str
    score: float


@dataclass
class Resolution:
    clusters: list[Cluster]
    review_pairs: list[ReviewPair] = field(default_factory=list)
    thresholds: tuple[float, float] = (0.5, 0.2)
    # every scored pair at or above the review threshold, (id_1, id_2) -> score, merged
    # or not (the grading of links reads the merged pairs' scores from here)
    pair_scores: dict[tuple[str, str], float] = field(default_factory=dict)

    def cluster_of(self) -> dict[str, str]:
        return {m.relationship_id: c.person_id for c in self.clusters for m in c.members}


# ----------------------------------------------------------------------------- model


def _natural_key(s: str):
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", s)]


@contextlib.contextmanager
def _forest_samples(n_samples: int):
    """dedupe draws 5,000 random-forest samples when it learns conjunctions of blocking
    predicates (most of the training time); use ``n_samples`` instead."""
    from dedupe import training

    original = training.random_forest_candidates

    def candidates(match_cover, comparison_cover, K):
        preds = list(match_cover)
        matches = list(frozenset.union(*match_cover.values()))
        sample_size = max(int(math.sqrt(len(preds))), 5)
        out = {}
        for _ in range(n_samples):
            sample_predicates = random.sample(preds, min(sample_size, len(preds)))
            resampler = training.Resampler(matches)
            sample_match_cover = {p: resampler(pairs) for p, pairs in match_cover.items()}
            candidate = None
            covered_comparisons = training.InfiniteSet()
            covered_matches = training.InfiniteSet()
            covered_sample = training.InfiniteSet()

            def score(predicate):
                try:
                    return (len(covered_sample & sample_match_cover[predicate])
                            / len(covered_comparisons & comparison_cover[predicate]))
                except ZeroDivisionError:
                    return 0.0

            for _ in range(K):
                if not sample_predicates:
                    break
                nxt = max(sample_predicates, key=score)
                candidate = candidate + nxt if candidate else nxt
                covered_comparisons &= comparison_cover[nxt]
                candidate.cover_count = len(covered_comparisons)
                covered_matches &= match_cover[nxt]
                out[candidate] = covered_matches
                covered_sample &= sample_match_cover[nxt]
                sample_predicates.remove(nxt)
        return out

    training.random_forest_candidates = candidates
    try:
        yield
    finally:
        training.random_forest_candidates = original


def _seed_everything(seed: int) -> None:
    random.seed(seed)
    numpy.random.seed(seed % (2**32))


def train_model(settings: RecordModelSettings | None = None, *,
                training_file: Path | None = None, save: bool = True):
    """Train a ``dedupe.Dedupe`` from a labelled training file; save its settings."""
    import dedupe

    settings = settings or RecordModelSettings()
    path = Path(training_file or settings.training_file)
    pairs = load_training(path)
    if not pairs["match"] or not pairs["distinct"]:
        raise ValueError(f"{path}: training needs both match and distinct pairs")
    _seed_everything(settings.seed)
    data: dict[int, dict] = {}
    seen: dict[str, int] = {}
    for a, b in pairs["match"] + pairs["distinct"]:
        for rec in (a, b):
            key = json.dumps(rec, sort_keys=True, default=str)
            if key not in seen:
                seen[key] = len(data)
                data[len(data)] = rec
    deduper = dedupe.Dedupe(comparisons.build_variables(settings.comparisons),
                            num_cores=settings.num_cores, in_memory=True)
    deduper.classifier.set_params(n_jobs=1)
    training_json = json.dumps({"match": [list(p) for p in pairs["match"]],
                                "distinct": [list(p) for p in pairs["distinct"]]})
    deduper.prepare_training(data, training_file=io.StringIO(training_json),
                             sample_size=min(1500, len(data)))
    with _forest_samples(settings.blocking.forest_samples):
        deduper.train(recall=settings.blocking.recall,
                      index_predicates=settings.blocking.index_predicates)
    _finish_blocking(deduper, settings, list(data.values()))
    if save:
        save_model(deduper, settings.settings_path())
    return deduper


def _pair_count(predicate, records: list[dict]) -> int:
    blocks: dict[str, int] = {}
    for rec in records:
        for key in predicate(rec):
            blocks[key] = blocks.get(key, 0) + 1
    return sum(n * (n - 1) // 2 for n in blocks.values())


def _finish_blocking(deduper, settings: RecordModelSettings, records: list[dict]) -> None:
    """Drop learned rules that block too coarsely (dedupe sometimes picks e.g. "same
    first initial" to cover a last hard match: a third of all pairs) and add the curated
    rules."""
    from dedupe import blocking

    learned = tuple(deduper.predicates)
    total = len(records) * (len(records) - 1) // 2 or 1
    kept = []
    for pred in learned:
        if hasattr(pred, "index") or any(hasattr(p, "index") for p in _parts(pred)):
            kept.append(pred)  # canopy predicates need an index; they are selective
            continue
        share = _pair_count(pred, records) / total
        if share > settings.blocking.max_pair_share:
            log.info("dropping coarse blocking rule %s (%.1f%% of pairs)", pred, 100 * share)
            continue
        kept.append(pred)
    extra = ()
    if settings.blocking.curated_rules:
        extra = tuple(p for p in comparisons.curated_blocking_rules() if p not in kept)
    deduper.predicates = tuple(kept) + extra
    deduper._fingerprinter = blocking.Fingerprinter(deduper.predicates)
    deduper.fingerprinter.reset_indices()


def _parts(pred) -> tuple:
    return tuple(pred) if isinstance(pred, tuple) else (pred,)


def save_model(deduper, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".dedupe")
    try:
        with os.fdopen(fd, "wb") as f:
            deduper.write_settings(f)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def load_model(path: Path, *, num_cores: int = 1):
    import dedupe

    with open(path, "rb") as f:
        model = dedupe.StaticDedupe(f, num_cores=num_cores, in_memory=True)
    return model


def load_or_train(settings: RecordModelSettings | None = None, *, retrain: bool = False):
    """The cached learned model for these settings, training it when absent."""
    settings = settings or RecordModelSettings()
    path = settings.settings_path()
    if path.is_file() and not retrain:
        try:
            return load_model(path, num_cores=settings.num_cores)
        except Exception as exc:  # stale/corrupt cache: retrain
            log.warning("could not load %s (%s); retraining", path, exc)
    return train_model(settings)


# ----------------------------------------------------------------------------- resolve


def _prepare_all(records: Iterable[dict]) -> dict[str, dict]:
    data: dict[str, dict] = {}
    for rec in records:
        rid = rec.get("relationship_id") or rec.get("record_id")
        if rid in (None, ""):
            raise ValueError("every record needs a relationship_id")
        rid = str(rid)
        if rid in data:
            raise ValueError(f"duplicate relationship_id {rid!r}")
        if "relationship_id" not in rec:
            rec = {**rec, "relationship_id": rid}
        data[rid] = prepare(rec)
    return data


def person_id_for(relationship_ids: Iterable[str]) -> str:
    """Stable person id: ``P-`` + the smallest (natural order) relationship id."""
    return "P-" + min(relationship_ids, key=_natural_key)


def link_adult_records(records: list[dict], *, model=None, threshold: float | None = None,
                       review_threshold: float | None = None,
                       settings: RecordModelSettings | None = None) -> Resolution:
    """Cluster records into persons and list "possibly the same" pairs for review."""
    settings = settings or RecordModelSettings()
    threshold = settings.thresholds.same_person if threshold is None else threshold
    review = settings.thresholds.possibly_same if review_threshold is None else review_threshold
    data = _prepare_all(records)
    if not data:
        return Resolution([], [], (threshold, review))
    if model is None:
        model = load_or_train(settings)
    elif isinstance(model, (str, Path)):
        model = load_model(Path(model), num_cores=settings.num_cores)

    scores = None
    raw_clusters = []
    if len(data) > 1:
        pairs = model.pairs(data)
        scores = model.score(pairs)
        if len(scores):
            raw_clusters = list(model.cluster(scores, threshold))
    clustered = set()
    out: list[Cluster] = []
    for ids, confidences in raw_clusters:
        members = [Member(str(i), float(min(max(c, 0.0), 1.0))) for i, c in zip(ids, confidences)]
        clustered.update(m.relationship_id for m in members)
        out.append(Cluster(person_id_for(m.relationship_id for m in members), members))
    for rid in data:
        if rid not in clustered:
            out.append(Cluster(person_id_for([rid]), [Member(rid, 1.0)]))
    out.sort(key=lambda c: _natural_key(c.person_id))
    for c in out:
        c.members.sort(key=lambda m: _natural_key(m.relationship_id))

    review_pairs: list[ReviewPair] = []
    pair_scores: dict[tuple[str, str], float] = {}
    if scores is not None and len(scores):
        where = {m.relationship_id: c.person_id for c in out for m in c.members}
        mask = scores["score"] >= review
        for (a, b), s in zip(scores["pairs"][mask], scores["score"][mask]):
            a, b = str(a), str(b)
            pair_scores[(a, b)] = float(s)
            if where[a] != where[b]:
                review_pairs.append(ReviewPair(a, b, float(s)))
        review_pairs.sort(key=lambda p: -p.score)
    return Resolution(out, review_pairs, (threshold, review), pair_scores)


def resolve_adult_records(records: list[dict], *, model=None, threshold: float | None = None,
                          settings: RecordModelSettings | None = None) -> list[Cluster]:
    """Resolve significant-adult rows (contract columns; ``relationship_id`` required,
    anything else may be blank or absent) into persons. Every record is in exactly one
    cluster; each member carries dedupe's confidence in [0, 1] and the method ``dedupe``.

    model: a trained dedupe matcher, a settings-file path, or ``None`` for the cached
    model of ``settings`` (trained from the shipped pairs on first use).
    threshold: merge threshold (default ``settings.thresholds.same_person``).
    """
    return link_adult_records(records, model=model, threshold=threshold,
                              settings=settings).clusters


def explain_pair(a: dict, b: dict, settings: RecordModelSettings | None = None) -> list[dict]:
    """Per comparison: the two normalised values, the comparator's distance and whether
    they agree -- the "why were these merged / why not" of a link."""
    settings = settings or RecordModelSettings()
    pa, pb = prepare(a), prepare(b)
    out = []
    for c in settings.comparisons:
        va, vb = pa.get(c.field), pb.get(c.field)
        d = comparisons.distance(c.kind, va, vb)
        if d is None:
            verdict = "missing"
        elif c.kind == "dob_year":
            verdict = "agree" if d == 0 else ("close" if d <= 1 else "disagree")
        elif c.field == "child":
            verdict = "same child" if d == 0 else "different children"
        else:
            verdict = "agree" if d <= 0.1 else ("partial" if d < 0.9 else "disagree")
        out.append({"comparison": c.name, "field": c.field, "value_1": va, "value_2": vb,
                    "distance": d, "verdict": verdict})
    return out


# ----------------------------------------------------------------------------- labelling


def label_interactively(records: list[dict], training_path: Path, *,
                        settings: RecordModelSettings | None = None,
                        train_after: bool = True):
    """Active learning in the terminal (``dedupe.console_label``) on a council's own
    records. Existing labels in ``training_path`` (ours or a previous session's) are read
    first; the labels are written back to ``training_path``. Returns the trained matcher
    (saved to the settings cache for a settings object pointing at ``training_path``)."""
    import dedupe

    settings = settings or RecordModelSettings()
    training_path = Path(training_path)
    data = _prepare_all(records)
    deduper = dedupe.Dedupe(comparisons.build_variables(settings.comparisons),
                            num_cores=settings.num_cores, in_memory=True)
    deduper.classifier.set_params(n_jobs=1)
    existing = None
    if training_path.is_file():
        pairs = load_training(training_path)
        existing = io.StringIO(json.dumps({"match": [list(p) for p in pairs["match"]],
                                           "distinct": [list(p) for p in pairs["distinct"]]}))
    deduper.prepare_training(data, training_file=existing)
    dedupe.console_label(deduper)
    training_path.parent.mkdir(parents=True, exist_ok=True)
    with open(training_path, "w", encoding="utf-8") as f:
        out = {label: [[{k: r.get(k) for k in RAW_FIELDS if r.get(k) not in (None, "")}
                        for r in pair] for pair in deduper.training_pairs[label]]
               for label in ("match", "distinct")}
        json.dump(out, f, ensure_ascii=False, separators=(",", ":"))
    if train_after and deduper.training_pairs["match"] and deduper.training_pairs["distinct"]:
        with _forest_samples(settings.blocking.forest_samples):
            deduper.train(recall=settings.blocking.recall,
                          index_predicates=settings.blocking.index_predicates)
        _finish_blocking(deduper, settings, list(data.values()))
        from dataclasses import replace

        save_model(deduper, replace(settings, training_file=training_path).settings_path())
    return deduper
