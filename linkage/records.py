"""Resolve significant-adult records (one per child+adult relationship) into persons.

The model is a ``dedupe.Dedupe`` over the comparisons in ``linkage.settings`` (nickname-
aware given name, family name, date of birth with partial/transposed dates, birth-year
difference, gender, relationship category, address, postcode, phone, email, the source
system's ``person_ref`` as a strong feature -- never an override -- and whether the two
records are on the same child). It is trained from labelled pairs (the shipped
``linkage/training/default_pairs.json`` -- several independent sources, listed with their
weights in ``default_pairs.sources.json`` --, or a council's own file from
``label_interactively``), and the learned settings are cached under
``.kinscope/models/linkage/`` keyed on a fingerprint of the settings, training file and
code version.

``resolve_adult_records(records)`` returns one :class:`Cluster` per person, each record in
exactly one cluster, with dedupe's per-record confidence. On a file with enough candidate
pairs the shipped model's scores are re-weighted by comparison weights fitted on the file
itself (``linkage.file_weights``, Fellegi-Sunter EM, no labels; ``settings.file_weights``),
and pairs blocking never put together inside a small connected component are scored before
dedupe's hierarchical clustering (:func:`complete_components`). Scored pairs that break the
household rule (``linkage.settings.HouseholdRule``: birth years 12 or more apart, different
given name and gender, clearly different given names) are given score 0 before
clustering, so relatives sharing surname, address and postcode are never merged.
``fit_on_records`` re-estimates the weights on a file without labels (self-training). ``link_adult_records`` also
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
from collections import defaultdict
from itertools import combinations
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

import numpy

from linkage import comparisons, file_weights, record_rules, scoring
from linkage.deterministic_training import deterministic_learner, strip_run_state
from linkage.normalise import (address_similarity, family_name_similarity, given_name_similarity,
                               is_initial, parse_dob, record_given_similarity, year_typo)
from linkage.settings import HouseholdRule, LinkKeySettings, PlaceholderSettings, RecordModelSettings
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
    # the file-level statistics the scores used (linkage.file_weights.FileStatistics)
    statistics: file_weights.FileStatistics | None = None
    # record id -> its link component (link_components): what an increment must link together
    components: dict[str, str] = field(default_factory=dict)

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


def train_model(settings: RecordModelSettings | None = None, *,
                training_file: Path | None = None, save: bool = True):
    """Train a ``dedupe.Dedupe`` from a labelled training file; save its settings."""
    import dedupe

    settings = settings or RecordModelSettings()
    path = Path(training_file or settings.training_file)
    pairs = load_training(path)
    if not pairs["match"] or not pairs["distinct"]:
        raise ValueError(f"{path}: training needs both match and distinct pairs")
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
    # the same file and settings give the same model in any process (PYTHONHASHSEED included)
    with deterministic_learner(settings.seed):
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


NEVER_ALONE = frozenset({"given"})
"""Fields a learned blocking rule may not read alone: the training pairs hold many given names
once each, so a rule on the given name looks selective there, but in a council it pairs every
John with every John (and, with a placeholder postcode, every record with each namesake)."""


def _finish_blocking(deduper, settings: RecordModelSettings, records: list[dict]) -> None:
    """Drop learned rules that block too coarsely (dedupe sometimes picks e.g. "same
    first initial" to cover a last hard match: a third of all pairs; or one on the given name
    alone, :data:`NEVER_ALONE`) and add the curated rules."""
    from dedupe import blocking

    learned = tuple(deduper.predicates)
    total = len(records) * (len(records) - 1) // 2 or 1
    kept = []
    for pred in learned:
        if len(_parts(pred)) == 1 and getattr(pred, "field", None) in NEVER_ALONE:
            log.info("dropping blocking rule %s: it reads one given name alone", pred)
            continue
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
        strip_run_state(deduper)  # equal models write equal bytes
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


# ----------------------------------------------------------------------------- blocking


def placeholder_values(data: dict[str, dict], settings: PlaceholderSettings) -> dict[str, set]:
    """Per field among ``settings.fields``, the values so many records share that they
    say nothing (a file whose every postcode is ``00000``, a default date of birth)."""
    if not settings.enabled or len(data) < settings.min_records:
        return {}
    out: dict[str, set] = {}
    for f in settings.fields:
        counts: dict = {}
        for rec in data.values():
            v = rec.get(f)
            if v is not None:
                counts[v] = counts.get(v, 0) + 1
        common = {v for v, c in counts.items() if c >= settings.min_share * len(data)}
        if common:
            out[f] = common
    return out


def _blocking_view(data: dict[str, dict], placeholders: dict[str, set]) -> dict[str, dict]:
    """The records with placeholder values blanked: a compound key on a placeholder
    postcode ("given name + postcode") would block on the given name alone."""
    if not placeholders:
        return data
    view = {}
    for rid, rec in data.items():
        blank = [f for f, values in placeholders.items() if rec.get(f) in values]
        view[rid] = {**rec, **dict.fromkeys(blank)} if blank else rec
    return view


def _name_starts(rec: dict, prefix: int) -> tuple[str, str] | None:
    g, f = rec.get("given"), rec.get("family")
    if not g or not f:
        return None
    return g.replace(" ", "")[:prefix], f.replace(" ", "")[:prefix]


def crosswise_key(rec: dict, prefix: int = 3) -> str | None:
    """The block of :func:`crosswise_name_pairs` a record is in: its given and family name starts
    in either order (``White, Georgia`` and ``Georgia White`` share it), None when they are alike."""
    starts = _name_starts(rec, prefix)
    if starts is None or starts[0] == starts[1]:
        return None
    return "cross:" + "|".join(sorted(starts))


def crosswise_name_pairs(view: dict[str, dict], prefix: int = 3,
                         max_block_size: int | None = None,
                         skip_blocks: frozenset[str] = frozenset()) -> set[tuple[str, str]]:
    """Pairs whose names start crosswise alike: one record's given name starts as the other's
    family name and its family name as the other's given name (``White, Georgia`` /
    ``Georgia White``; ``LinkKeySettings``). Only crosswise pairs: records whose names start
    alike the usual way are the learned rules' business (adding them costs precision)."""
    by_starts: dict[tuple[str, str], list[str]] = {}
    for rid, rec in view.items():
        if (starts := _name_starts(rec, prefix)) is not None and starts[0] != starts[1]:
            by_starts.setdefault(starts, []).append(rid)
    out: set[tuple[str, str]] = set()
    for (g, f), ids in by_starts.items():
        other = by_starts.get((f, g))
        if not other or g > f:
            continue  # each crosswise couple of blocks once
        if max_block_size and len(ids) + len(other) > max_block_size or f"cross:{g}|{f}" in skip_blocks:
            continue
        out.update(tuple(sorted((a, b))) for a in ids for b in other)
    return out


def blocking_keys(model, view: dict[str, dict], link_keys: LinkKeySettings | None = None) -> dict[str, set[str]]:
    """Record id -> the blocks :func:`candidate_ids` puts it in, named as an increment keeps them
    (``dedupe:<fingerprint>``, ``cross:<name starts>``); ``view``: the records as blocked
    (placeholder values blanked)."""
    fp = model.fingerprinter
    keys: dict[str, set[str]] = {rid: set() for rid in view}
    fp.index_all(view)
    try:
        for key, rid in fp(view.items()):
            keys[str(rid)].add(f"dedupe:{key}")
    finally:
        fp.reset_indices()
    if link_keys is not None and link_keys.order_free_names:
        for rid, rec in view.items():
            if (key := crosswise_key(rec, link_keys.name_prefix)) is not None:
                keys[rid].add(key)
    return keys


def candidate_ids(model, data: dict[str, dict], max_block_size: int | None,
                  placeholders: PlaceholderSettings | None = None,
                  link_keys: LinkKeySettings | None = None,
                  found: dict[str, set] | None = None,
                  skip_blocks: frozenset[str] = frozenset(),
                  involving: frozenset[str] | None = None) -> list[tuple[str, str]]:
    """The pairs of record ids that share a block key (each pair once, sorted), skipping
    blocks of more than ``max_block_size`` records: a key every record shares (a care
    home's address) would otherwise compare all pairs. Values a large share of the file
    holds (``placeholders``; ``found``: those found on the whole file before) do not block;
    ``link_keys`` adds keys of its own. ``skip_blocks``: blocks skipped whatever their size
    here (too big on the whole file this is part of). ``involving``: only the pairs with at
    least one of these records."""
    if found is None:
        found = placeholder_values(data, placeholders) if placeholders else {}
    if found:
        log.info("placeholder values not used for blocking: %s",
                 {f: sorted(v)[:3] for f, v in found.items()})
    view = _blocking_view(data, found)
    fp = model.fingerprinter
    fp.index_all(view)
    blocks: dict[str, set] = {}
    for key, rid in fp(view.items()):
        blocks.setdefault(key, set()).add(rid)
    fp.reset_indices()
    big = {k: len(v) for k, v in blocks.items() if len(v) > max_block_size}
    if big:
        worst = max(big, key=big.get)
        log.warning("skipping %d block(s) of more than %d records (largest %d: %s)",
                    len(big), max_block_size, big[worst], worst)
    seen: set = set()
    for key, ids in blocks.items():
        if key in big or len(ids) < 2 or f"dedupe:{key}" in skip_blocks:
            continue
        if involving is None:
            seen.update(combinations(sorted(ids), 2))
        else:
            seen.update(tuple(sorted((a, b))) for a in ids & involving for b in ids if a != b)
    if link_keys is not None and link_keys.order_free_names:
        crosswise = crosswise_name_pairs(view, link_keys.name_prefix, max_block_size, skip_blocks)
        seen |= crosswise if involving is None else {p for p in crosswise if p[0] in involving or p[1] in involving}
    return sorted(seen)


def candidate_pairs(model, data: dict[str, dict], max_block_size: int | None,
                    placeholders: PlaceholderSettings | None = None,
                    link_keys: LinkKeySettings | None = None):
    """Record pairs of :func:`candidate_ids`; ``max_block_size=None``: dedupe's own
    ``pairs`` (no cap, no placeholders)."""
    if not max_block_size:
        yield from model.pairs(data)
        return
    for a, b in candidate_ids(model, data, max_block_size, placeholders, link_keys):
        yield (a, data[a]), (b, data[b])


@dataclass
class Candidates:
    """The file's records in a fixed order and its candidate pairs as index arrays, with
    their comparison matrix ``X`` (rows in the order of the scores array)."""

    records: list[dict]
    ia: numpy.ndarray
    ib: numpy.ndarray
    X: numpy.ndarray
    columns: dict[str, int]  # field -> column of its (first) comparison in X

    def similarity(self, field: str) -> numpy.ndarray:
        """1 - the comparator's distance per pair, rounded to undo float32 (the
        comparators' similarities are coarse: 0.85, 0.9...); NaN where a side is blank
        (dedupe's matrix holds 0 there)."""
        sim = numpy.round(1.0 - self.X[:, self.columns[field]].astype("f8"), 6)
        pa, pb = self.per_record(lambda r: r.get(field) is not None)
        sim[(pa == 0) | (pb == 0)] = numpy.nan
        return sim

    def per_record(self, fn) -> tuple[numpy.ndarray, numpy.ndarray]:
        """``fn(record)`` of each pair's first and second record (integer codes)."""
        values = numpy.array([fn(r) for r in self.records], numpy.int64)
        return values[self.ia], values[self.ib]


def _columns(dm) -> dict[str, int]:
    out: dict[str, int] = {}
    for j, var in enumerate(dm.field_variables):
        out.setdefault(var.field, j)
    return out


def _swapped(rec: dict) -> dict:
    out = dict(rec)
    out["given"], out["family"] = rec.get("family"), rec.get("given")
    return out


def _first_letter(field: str):
    def code(rec: dict) -> int:
        v = rec.get(field)
        return ord(v[0]) if v else -1
    return code


def rescue_swapped_names(score_pairs, scores, data: dict[str, dict],
                         cand: Candidates | None = None) -> int:
    """Re-score, with one record's given and family names exchanged, the pairs whose names
    agree only crosswise (``White, Georgia`` / ``Georgia White``) and keep the better score
    (in place); return how many pairs were re-scored. ``score_pairs``: record pairs ->
    scores (:func:`score_candidates`'s scorer); ``cand``: the pairs' comparison matrix,
    which rules out most pairs without a loop over them."""
    if cand is not None:
        codes = scoring.record_codes(cand.records, "given")[0]
        same_given = codes[cand.ia] == codes[cand.ib]
        ga0, gb0 = cand.per_record(_first_letter("given"))
        fa0, fb0 = cand.per_record(_first_letter("family"))
        gs, fs = cand.similarity("given"), cand.similarity("family")
        agree = (gs >= 0.5) & (fs >= 0.8)
        rows = numpy.flatnonzero((ga0 >= 0) & (gb0 >= 0) & (fa0 >= 0) & (fb0 >= 0)
                                 & (ga0 == fb0) & (gb0 == fa0) & ~same_given & ~agree)
    else:
        rows = range(len(scores["pairs"]))
    idx, swapped = [], []
    for i in rows:
        x, y = scores["pairs"][i]
        a, b = data[str(x)], data[str(y)]
        ga, fa, gb, fb = a.get("given"), a.get("family"), b.get("given"), b.get("family")
        if not (ga and fa and gb and fb) or ga[0] != fb[0] or gb[0] != fa[0] or ga == gb:
            continue  # crosswise names start alike (a swap with a typo in an initial is lost)
        if record_given_similarity(ga, gb) >= 0.5 and family_name_similarity(fa, fb) >= 0.8:
            continue
        if given_name_similarity(ga, fb) >= 0.6 and family_name_similarity(fa, gb) >= 0.8:
            idx.append(i)
            swapped.append((a, _swapped(b)))
    if not idx:
        return 0
    rescored = score_pairs(swapped)
    for i, v in zip(idx, rescored):
        scores["score"][i] = max(scores["score"][i], float(v))
    return len(idx)


def _logit(p: numpy.ndarray) -> numpy.ndarray:
    p = numpy.clip(p.astype("f8"), 1e-9, 1 - 1e-9)
    return numpy.log(p / (1 - p))


def _random_indices(n_records: int, n: int, seed: int) -> tuple[numpy.ndarray, numpy.ndarray]:
    """``n`` pairs of two different record positions drawn at random (nearly all
    non-matches); positions in the sorted record ids, so the draw is the same whatever the
    file's row order."""
    rng = numpy.random.default_rng(seed)
    i = rng.integers(0, n_records, n)
    j = rng.integers(0, n_records - 1, n)
    return i, j + (j >= i)


def score_candidates(model, data: dict[str, dict], settings: RecordModelSettings,
                     statistics: file_weights.FileStatistics | None = None,
                     skip_blocks: frozenset[str] = frozenset(),
                     involving: frozenset[str] | None = None):
    """Score the file's candidate pairs (``involving``: those with one of these records): the shipped model's probabilities, re-weighted by
    comparison weights fitted on this file (:mod:`linkage.file_weights`) when the file is
    big enough (``settings.file_weights``). Returns dedupe's scores array, the scorer
    (record pairs -> scores) for re-scoring variants of pairs, the :class:`Candidates`
    (comparison matrix) the household rule and the swapped-name rescue read, and the file's
    :class:`~linkage.file_weights.FileStatistics`. ``statistics``: those fitted on the whole
    file before (``data`` is part of it): used as they are, nothing is fitted."""
    keys = sorted(data)
    pos = {k: i for i, k in enumerate(keys)}
    records = [data[k] for k in keys]
    found = statistics.placeholders if statistics is not None else None
    if found is None:
        found = placeholder_values(data, settings.placeholders) if settings.placeholders else {}
    ids = candidate_ids(model, data, settings.blocking.max_block_size, settings.placeholders,
                        settings.link_keys, found, skip_blocks, involving)
    ia = numpy.fromiter((pos[a] for a, _ in ids), numpy.int64, len(ids))
    ib = numpy.fromiter((pos[b] for _, b in ids), numpy.int64, len(ids))
    dm = model.data_model
    cfg = settings.file_weights
    weights = None
    X = scoring.distances_indexed(dm, records, ia, ib, settings.comparison_workers)
    cand = Candidates(records, ia, ib, X, _columns(dm))
    prior = model.classifier.predict_proba(X)[:, -1] if ids else numpy.zeros(0)
    if statistics is not None:
        # kept from the fit, unless the settings say always / never (a fit under "auto" kept)
        households = statistics.households if settings.household.mode == "auto" else \
            household_rule_applies(None, data, settings.household, cand)
        weights = statistics.weights
    else:
        households = bool(ids) and household_rule_applies(None, data, settings.household, cand)
    if statistics is None and cfg.enabled and len(ids) >= cfg.min_pairs and prior.sum() >= cfg.min_matches:
        fixed = None
        if cfg.household_distinct and households:
            # relatives the household rule tells apart are no match for EM either: else its
            # "match" class learns a household (a different given name weighs little)
            fixed = household_conflicts(cand, settings.household)
        used = tuple(j for j, v in enumerate(dm.field_variables) if v.name not in cfg.exclude)
        u_shares = None
        if cfg.random_pairs:
            ra, rb = _random_indices(len(records), cfg.random_pairs, settings.seed)
            # only the comparisons the fit reads (the order-free name is the dearest one)
            u_shares = file_weights.level_shares(file_weights.levels(
                scoring.distances_indexed(dm, records, ra, rb, settings.comparison_workers,
                                          only=used), dm))
        weights = file_weights.fit(file_weights.levels(X, dm), prior, used=used,
                                   smoothing=cfg.smoothing, max_iterations=cfg.max_iterations,
                                   u_shares=u_shares, fixed_distinct=fixed,
                                   all_pairs=len(data) * (len(data) - 1) // 2)

    def score_matrix(X, prior=None) -> numpy.ndarray:
        if prior is None:
            prior = model.classifier.predict_proba(X)[:, -1]
        if weights is None:
            return prior
        logit = weights.logit(file_weights.levels(X, dm))
        if cfg.blend:
            logit = logit + cfg.blend * _logit(prior)
        return 1.0 / (1.0 + numpy.exp(-numpy.clip(logit, -50, 50)))

    def score_pairs(record_pairs) -> numpy.ndarray:
        if not record_pairs:
            return numpy.zeros(0)
        return score_matrix(scoring.distances(dm, list(record_pairs), settings.comparison_workers))

    score = score_matrix(X, prior) if ids else numpy.zeros(0)
    if statistics is not None and statistics.households != households:
        statistics = replace(statistics, households=households)  # the settings' mode overrides the kept flag
    fitted = statistics or file_weights.FileStatistics(weights, households, found, len(data))
    return scoring.scores_array(ids, score), score_pairs, cand, fitted


# ----------------------------------------------------------------------------- households


def household_conflict(a: dict, b: dict, rule: HouseholdRule | None = None,
                       given_sim: float | None = None) -> str | None:
    """Why two prepared records cannot be one person although they may share surname,
    address and postcode (see :class:`linkage.settings.HouseholdRule`); ``None`` if no
    rule applies. ``given_sim``: ``record_given_similarity`` of the two, when known."""
    rule = rule or HouseholdRule()
    if not rule.enabled:
        return None
    if rule.one_child_two_relatives and record_rules.two_relatives_of_one_child(a, b):
        return "two relatives of one child"
    da, db = a.get("dob"), b.get("dob")
    if da and db and rule.min_year_gap:
        pa, pb = parse_dob(da), parse_dob(db)
        if pa and pb:
            gap = abs(pa.year - pb.year)
            typo = (pa.month is not None and pa.month == pb.month and pa.day is not None
                    and pa.day == pb.day and year_typo(pa.year, pb.year))
            if gap >= rule.min_year_gap and not typo:
                return f"born {gap} years apart"
    ga, gb = a.get("given"), b.get("given")
    if not ga or not gb:
        return None
    fa, fb = ga.split()[0], gb.split()[0]
    if is_initial(fa) or is_initial(fb):
        return None  # an initial is too little to tell names apart
    sim = record_given_similarity(ga, gb) if given_sim is None else given_sim
    sa, sb = a.get("gender"), b.get("gender")
    if rule.given_and_gender and sa and sb and sa != sb and sim < 0.85:
        return "different given name and gender"
    if rule.different_given and sim == 0.0:
        if len(fa) < 3 or len(fb) < 3:
            return None
        swapped = any(fa in (r.get("family") or "").split() for r in (b,)) or \
            any(fb in (r.get("family") or "").split() for r in (a,))
        if not swapped:
            return "different given names"
    return None


def _dob_parts(rec: dict) -> tuple[int, int, int]:
    p = parse_dob(rec["dob"]) if rec.get("dob") else None
    if p is None:
        return -1, -1, -1
    return p.year, (-1 if p.month is None else p.month), (-1 if p.day is None else p.day)


def household_conflicts(cand: Candidates, rule: HouseholdRule) -> numpy.ndarray:
    """:func:`household_conflict` of every candidate pair at once (the same verdicts),
    from per-record codes and the comparison matrix: a loop only over the few pairs a
    one-digit year typo or a swapped name might excuse."""
    n = len(cand.ia)
    out = numpy.zeros(n, bool)
    if not rule.enabled or not n:
        return out
    if rule.one_child_two_relatives:
        child = scoring.record_codes(cand.records, "child")[0]
        for i in numpy.flatnonzero((child[cand.ia] >= 0) & (child[cand.ia] == child[cand.ib])):
            out[i] = record_rules.two_relatives_of_one_child(cand.records[cand.ia[i]], cand.records[cand.ib[i]])
    parts = numpy.array([_dob_parts(r) for r in cand.records], numpy.int64).reshape(-1, 3)
    (ya, ma, da), (yb, mb, db) = parts[cand.ia].T, parts[cand.ib].T
    if rule.min_year_gap:
        gap = (ya >= 0) & (yb >= 0) & (numpy.abs(ya - yb) >= rule.min_year_gap)
        maybe_typo = numpy.flatnonzero(gap & (ma >= 0) & (ma == mb) & (da >= 0) & (da == db))
        for i in maybe_typo:
            if year_typo(int(ya[i]), int(yb[i])):
                gap[i] = False
        out |= gap
    first = [(r.get("given") or "").split()[:1] for r in cand.records]
    full = numpy.array([bool(t) and not is_initial(t[0]) for t in first])
    long_ = numpy.array([bool(t) and len(t[0]) >= 3 for t in first])
    names = full[cand.ia] & full[cand.ib]
    sim = numpy.nan_to_num(cand.similarity("given"), nan=0.0)
    if rule.given_and_gender:
        sex = scoring.record_codes(cand.records, "gender")[0]
        sa, sb = sex[cand.ia], sex[cand.ib]
        out |= names & (sa >= 0) & (sb >= 0) & (sa != sb) & (sim < 0.85)
    if rule.different_given:
        different = names & (sim == 0.0) & long_[cand.ia] & long_[cand.ib] & ~out
        for i in numpy.flatnonzero(different):
            a, b = cand.records[cand.ia[i]], cand.records[cand.ib[i]]
            fa, fb = first[cand.ia[i]][0], first[cand.ib[i]][0]
            if fa in (b.get("family") or "").split() or fb in (a.get("family") or "").split():
                different[i] = False  # swapped given and family names
        out |= different
    return out


def _full_given(rec: dict) -> int:
    g = rec.get("given")
    return int(bool(g) and not is_initial(g.split()[0]))


def household_share(scores, data: dict[str, dict],
                    cand: Candidates | None = None) -> tuple[float, int]:
    """Among candidate pairs that agree on family name and address, the share whose
    given names are clearly different (full names, similarity 0): high in a file of
    families, low in one where each address is one person's. Returns (share, pairs).
    ``cand``: the pairs' comparison matrix (read instead of comparing again)."""
    if cand is not None and len(cand.ia):
        fa0, fb0 = cand.per_record(_first_letter("family"))
        fga, fgb = cand.per_record(_full_given)
        eps = 1e-6
        with numpy.errstate(invalid="ignore"):
            same = ((fa0 >= 0) & (fa0 == fb0) & (cand.similarity("family") >= 0.9 - eps)
                    & (cand.similarity("address") >= 0.9 - eps) & (fga > 0) & (fgb > 0))
            families = same & (cand.similarity("given") <= eps)
        n = int(same.sum())
        return (int(families.sum()) / n if n else 0.0), n
    same, families = 0, 0
    for x, y in scores["pairs"]:
        a, b = data[str(x)], data[str(y)]
        fa, fb, aa, ab = a.get("family"), b.get("family"), a.get("address"), b.get("address")
        if not (fa and fb and aa and ab) or fa[0] != fb[0] \
                or family_name_similarity(fa, fb) < 0.9 \
                or address_similarity(aa, ab) < 0.9:
            continue
        ga, gb = a.get("given"), b.get("given")
        if not ga or not gb or is_initial(ga.split()[0]) or is_initial(gb.split()[0]):
            continue
        same += 1
        if record_given_similarity(ga, gb) == 0.0:
            families += 1
    return (families / same if same else 0.0), same


def household_rule_applies(scores, data: dict[str, dict], rule: HouseholdRule,
                           cand: Candidates | None = None) -> bool:
    if not rule.enabled or rule.mode == "never":
        return False
    if rule.mode == "always":
        return True
    share, n = household_share(scores, data, cand)
    applies = n < rule.auto_min_pairs or share >= rule.auto_min_share
    log.info("household rule %s: %.1f%% of %d same-family same-address pairs have different "
             "given names", "on" if applies else "off", 100 * share, n)
    return applies


def apply_household_rule(scores, data: dict[str, dict], rule: HouseholdRule,
                         min_score: float = 0.0, thin_cap: float | None = None,
                         applies: bool | None = None, cand: Candidates | None = None) -> int:
    """Set to 0 the scores of pairs that break the household rule (in place) when the rule
    applies to this file (``applies``, or else :func:`household_rule_applies` on these
    pairs); return how many. Only pairs scored above ``min_score`` are looked at (lower
    ones are never merged anyway). ``cand``: the pairs' comparison matrix (given-name
    similarities read from it)."""
    if applies is None:
        applies = bool(len(scores)) and household_rule_applies(scores, data, rule)
    if not len(scores) or not applies:
        return 0
    vetoed = 0
    score = scores["score"]
    given = conflicts = None
    if cand is not None:
        given = numpy.nan_to_num(cand.similarity("given"), nan=0.0)
        conflicts = household_conflicts(cand, rule)
    for i in numpy.flatnonzero(score > min_score):
        x, y = scores["pairs"][i]
        a, b = data[str(x)], data[str(y)]
        sim = None if given is None else float(given[i])
        if conflicts[i] if conflicts is not None else household_conflict(a, b, rule, sim):
            score[i] = 0.0
            vetoed += 1
        elif thin_cap is not None and rule.thin_evidence and thin_evidence(a, b, sim):
            score[i] = min(score[i], thin_cap)
    return vetoed


def thin_evidence(a: dict, b: dict, given_sim: float | None = None) -> bool:
    """Nothing can tell two relatives apart: one record has neither a date of birth nor a
    gender, and the given names are not one name (identical or nickname forms): "Daniel Marsh"
    (no date of birth) and "Danielle Marsh" at one address may be one person or a brother."""
    if (a.get("dob") or a.get("gender")) and (b.get("dob") or b.get("gender")):
        return False
    ga, gb = a.get("given"), b.get("given")
    if not ga or not gb or is_initial(ga.split()[0]) or is_initial(gb.split()[0]):
        return False
    return (record_given_similarity(ga, gb) if given_sim is None else given_sim) < 0.85


def split_household_conflicts(raw_clusters, kept, data: dict[str, dict], rule: HouseholdRule,
                              threshold: float) -> list:
    """dedupe's clusters with no two records the household rule tells apart in one person.

    The rule zeroes the score of such a pair, but hierarchical clustering can still join the two
    through records that fit both ("M Burke" with no gender beside Mary and Lee Burke, one foster
    couple on eight files): a cannot-link the clustering does not know. A cluster holding such a
    pair is rebuilt from its own pairs above ``threshold``, strongest first (then by ids), joining
    two groups only when no record of one conflicts with a record of the other; the records keep
    their confidences. Clusters without a conflict are returned as they are."""
    out, broken = [], {}
    for n, (ids, confidences) in enumerate(raw_clusters):
        ids = [str(i) for i in ids]
        conflicts = {(a, b) for a, b in combinations(sorted(ids, key=_natural_key), 2)
                     if household_conflict(data[a], data[b], rule)}
        if conflicts:
            broken[n] = (ids, dict(zip(ids, (float(c) for c in confidences))), conflicts)
        else:
            out.append((ids, confidences))
    if not broken:
        return raw_clusters
    where = {rid: n for n, (ids, _, _) in broken.items() for rid in ids}
    edges: dict[int, list] = defaultdict(list)
    for (x, y), score in zip(kept["pairs"], kept["score"]):
        a, b = str(x), str(y)
        if score > threshold and where.get(a) is not None and where.get(a) == where.get(b):
            edges[where[a]].append((-float(score), min(a, b, key=_natural_key), max(a, b, key=_natural_key)))
    for n, (ids, confidence, conflicts) in sorted(broken.items()):
        group = {rid: {rid} for rid in ids}
        for _, a, b in sorted(edges[n]):
            ga, gb = group[a], group[b]
            if ga is gb or any((min(x, y, key=_natural_key), max(x, y, key=_natural_key)) in conflicts
                               for x in ga for y in gb):
                continue
            ga |= gb
            for rid in gb:
                group[rid] = ga
        seen = set()
        for rid in sorted(ids, key=_natural_key):
            g = group[rid]
            if id(g) in seen or len(g) < 2:
                continue
            seen.add(id(g))
            members = sorted(g, key=_natural_key)
            out.append((members, [confidence[m] for m in members]))
    return out


def person_id_for(relationship_ids: Iterable[str]) -> str:
    """Stable person id: ``P-`` + the smallest (natural order) relationship id."""
    return "P-" + min(relationship_ids, key=_natural_key)


def complete_components(kept, data: dict[str, dict], score_pairs, settings: RecordModelSettings,
                        max_size: int, households: bool = True):
    """Score the pairs that blocking never put together inside each connected component of
    at most ``max_size`` records: hierarchical clustering counts an unscored pair as a
    non-match, which splits a person's records when two of them share no block key."""
    comps = [c for c in scoring.components(kept) if 2 < len(c) <= max_size]
    have = {(str(a), str(b)) for a, b in kept["pairs"]}
    have |= {(b, a) for a, b in have}
    ids = [(a, b) for comp in comps for a, b in combinations(sorted(comp), 2)
           if (a, b) not in have]
    if not ids:
        return kept
    extra = scoring.scores_array(ids, score_pairs([(data[a], data[b]) for a, b in ids]))
    apply_household_rule(extra, data, settings.household, applies=households)
    width = max(kept.dtype["pairs"].itemsize, extra.dtype["pairs"].itemsize) // 4 // 2
    dtype = numpy.dtype([("pairs", f"U{width}", 2), ("score", "f4")])
    return numpy.concatenate([kept.astype(dtype), extra.astype(dtype)])


def link_components(pairs, clusters: list[Cluster]) -> dict[str, str]:
    """Record id -> the smallest (natural order) record id of its link component: the records
    joined, directly or not, by a pair the clustering read (scored above the floor) or by one
    person. Clustering is a function of each component alone, so an increment that links whole
    components again gives the persons a full run gives."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb), key=_natural_key)
            parent[hi] = lo

    for a, b in pairs:
        union(str(a), str(b))
    for c in clusters:
        first = c.members[0].relationship_id
        find(first)
        for m in c.members[1:]:
            union(first, m.relationship_id)
    return {x: find(x) for x in list(parent)}


def link_adult_records(records: list[dict], *, model=None, threshold: float | None = None,
                       review_threshold: float | None = None,
                       settings: RecordModelSettings | None = None,
                       statistics: file_weights.FileStatistics | None = None,
                       skip_blocks: frozenset[str] = frozenset()) -> Resolution:
    """Cluster records into persons and list "possibly the same" pairs for review.
    ``statistics``: the file-level statistics fitted on the whole file these records are part
    of (an increment's scope); the result's ``statistics`` are those used. ``skip_blocks``: block
    keys (:func:`blocking_keys`) not to pair on, those too big on the whole file."""
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
    kept = None
    raw_clusters = []
    if len(data) > 1:
        scores, score_pairs, cand, statistics = _rule_scores(model, data, settings, statistics, skip_blocks,
                                                             threshold, review)
        if len(scores):
            floor = _floor(threshold, review)
            households = statistics.households
            # pairs this unlikely never join a cluster; leaving them out keeps dedupe's
            # hierarchical clustering to small connected components
            kept = scores[scores["score"] > floor]
            if settings.complete_components and len(kept):
                kept = complete_components(kept, data, score_pairs, settings,
                                           settings.complete_components, households)
            if len(kept) and settings.clustering == "components":
                raw_clusters = list(scoring.connected_clusters(kept, threshold))
            elif len(kept):
                raw_clusters = list(model.cluster(kept, threshold))
            if households and settings.household.enabled:
                raw_clusters = split_household_conflicts(raw_clusters, kept, data, settings.household, threshold)
    if settings.rules.parents_of_siblings and len(data) > 1:
        raw_clusters = _join_parents_of_siblings(raw_clusters, data, settings)
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
    components = link_components(kept["pairs"] if kept is not None else (), out)
    return Resolution(out, review_pairs, (threshold, review), pair_scores, statistics, components)


def _floor(threshold: float, review: float) -> float:
    """The score a pair must pass for clustering to read it (and for it to join a link component).

    Half the same-person threshold: a weaker pair cannot lift a merge, and read as a zero it
    keeps a council's link components small. At a quarter of the threshold (half the review
    threshold), mothers with no postcode or a 1 January date of birth chained 5.7% of a
    20,000-child council's records into one component, which every increment then linked again
    (bench/RESULTS.md, 2026-12-03 and 2026-12-04)."""
    return threshold * 0.5


def _floor_read(threshold: float, review: float) -> float:
    """The score above which a pair matters: it reaches clustering or the review list."""
    return min(_floor(threshold, review), review)


def _rule_scores(model, data: dict[str, dict], settings: RecordModelSettings,
                 statistics: file_weights.FileStatistics | None, skip_blocks: frozenset[str],
                 threshold: float, review: float, involving: frozenset[str] | None = None):
    """:func:`score_candidates` with the pair rules applied (in place): swapped names rescued,
    surname changes lifted, the household rule. Each rule reads one pair alone, so the score of
    a pair is the same whatever other records are scored beside it."""
    scores, score_pairs, cand, statistics = score_candidates(model, data, settings, statistics,
                                                             skip_blocks, involving)
    if len(scores):
        rescue_swapped_names(score_pairs, scores, data, cand)
        if settings.rules.surname_change:
            record_rules.lift_surname_changes(scores, cand.records, cand.ia, cand.ib, settings.rules.lift)
        apply_household_rule(scores, data, settings.household, min_score=_floor_read(threshold, review),
                             thin_cap=(threshold + review) / 2, applies=statistics.households, cand=cand)
    return scores, score_pairs, cand, statistics


def records_linked_to(records: list[dict], changed: set[str], *, model, settings: RecordModelSettings,
                      statistics: file_weights.FileStatistics,
                      skip_blocks: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """The pairs with one of ``changed`` that matter (sharing a block, scored with ``statistics``
    above the floor or the review threshold, whichever is lower: the review list reads every
    score above it): they join the other record to the changed one's link component. Of a changed record's block neighbours only those in such a pair can change
    person through it: the others' pairs among themselves are as they were (an increment's
    scope, :func:`linkage.resolve_records.find_scope`)."""
    data = _prepare_all(records)
    involving = frozenset(changed) & frozenset(data)
    if len(data) < 2 or not involving:
        return []
    threshold, review = settings.thresholds.same_person, settings.thresholds.possibly_same
    scores, _, _, _ = _rule_scores(model, data, settings, statistics, skip_blocks, threshold, review, involving)
    if not len(scores):
        return []
    return [(str(a), str(b)) for a, b in scores["pairs"][scores["score"] > _floor_read(threshold, review)]]


def _join_parents_of_siblings(raw_clusters, data: dict[str, dict], settings: RecordModelSettings):
    """dedupe's clusters (and the records it left alone) with one parent's persons on siblings'
    files joined (:func:`linkage.record_rules.join_parents_of_siblings`)."""
    confidence = {str(i): float(c) for ids, cs in raw_clusters for i, c in zip(ids, cs)}
    groups = [[str(i) for i in ids] for ids, _ in raw_clusters]
    groups += [[rid] for rid in data if rid not in confidence]
    joined = record_rules.join_parents_of_siblings(groups, data, settings.rules.max_children)
    if len(joined) == len(groups):
        return raw_clusters
    cap = settings.rules.joined_confidence
    before = {tuple(g) for g in groups}
    out = []
    for ids in joined:
        if len(ids) < 2:
            continue
        if tuple(ids) in before:
            out.append((ids, [confidence[i] for i in ids]))
        else:
            out.append((ids, [min(confidence.get(i, 1.0), cap) for i in ids]))
    return out


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


# ----------------------------------------------------------------------------- fit on a file


def fit_on_records(records: list[dict], *, model=None,
                   settings: RecordModelSettings | None = None, confident: float = 0.95,
                   unlikely: float = 0.05, max_matches: int = 3000, seed: int = 0,
                   file_weight: float | None = None):
    """Re-estimate the model's weights on a council's own records, without labels
    (``kinscope link --train-on-this``): the model scores the file's candidate pairs; pairs
    at or above ``confident`` (and not vetoed by the household rule) become matches, pairs
    at or below ``unlikely`` or vetoed become distinct (at most twice as many, the closest
    first), and dedupe's classifier is fitted again on the shipped labelled pairs plus these
    (self-training). Blocking rules are kept. Returns the refitted model (the cached model
    on disk is not changed)."""
    import sklearn.base

    settings = settings or RecordModelSettings()
    if file_weight is None:
        from kinscope.settings import settings_from_environment  # KINSCOPE_LINKAGE_FILE_WEIGHT

        file_weight = settings_from_environment().linkage_file_weight
    if model is None:
        model = load_or_train(settings)
    elif isinstance(model, (str, Path)):
        model = load_model(Path(model), num_cores=settings.num_cores)
    data = _prepare_all(records)
    if len(data) < 2:
        return model
    scores = model.score(candidate_pairs(model, data, settings.blocking.max_block_size,
                                         settings.placeholders, settings.link_keys))
    if not len(scores):
        return model
    before = scores["score"].copy()
    apply_household_rule(scores, data, settings.household)
    vetoed = (before > 0) & (scores["score"] == 0)
    s = scores["score"]
    rng = numpy.random.default_rng(seed)
    match_idx = numpy.flatnonzero(s >= confident)
    if len(match_idx) > max_matches:
        match_idx = rng.choice(match_idx, max_matches, replace=False)
    low = numpy.flatnonzero((s <= unlikely) & ~vetoed)
    low = low[numpy.argsort(-before[low])]  # the hardest non-matches first
    distinct_idx = numpy.concatenate([numpy.flatnonzero(vetoed), low])[:2 * max(len(match_idx), 1)]
    if len(match_idx) < 10 or len(distinct_idx) < 10:
        log.info("fit_on_records: too few confident pairs (%d / %d); model unchanged",
                 len(match_idx), len(distinct_idx))
        return model
    pairs_of = scores["pairs"]
    file_pairs = [(data[str(a)], data[str(b)]) for a, b in pairs_of[match_idx]] + \
                 [(data[str(a)], data[str(b)]) for a, b in pairs_of[distinct_idx]]
    file_y = [1] * len(match_idx) + [0] * len(distinct_idx)
    shipped = load_training(Path(settings.training_file))
    ship_pairs = shipped["match"] + shipped["distinct"]
    ship_y = [1] * len(shipped["match"]) + [0] * len(shipped["distinct"])
    X = model.data_model.distances(ship_pairs + file_pairs)
    y = numpy.array(ship_y + file_y)
    # the file's pairs weigh ``file_weight`` times as much, in all, as the shipped ones
    w_file = file_weight * len(ship_pairs) / len(file_pairs)
    weights = numpy.array([1.0] * len(ship_pairs) + [w_file] * len(file_pairs))
    classifier = sklearn.base.clone(model.classifier)
    with contextlib.suppress(ValueError):
        classifier.set_params(n_jobs=1)
    classifier.fit(X, y, sample_weight=weights)
    model.classifier = classifier
    log.info("fit_on_records: refitted on %d shipped + %d matches / %d distinct from the file",
             len(ship_pairs), len(match_idx), len(distinct_idx))
    return model


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
    with deterministic_learner(settings.seed):
        deduper.prepare_training(data, training_file=existing)
    dedupe.console_label(deduper)
    training_path.parent.mkdir(parents=True, exist_ok=True)
    with open(training_path, "w", encoding="utf-8") as f:
        out = {label: [[{k: r.get(k) for k in RAW_FIELDS if r.get(k) not in (None, "")}
                        for r in pair] for pair in deduper.training_pairs[label]]
               for label in ("match", "distinct")}
        json.dump(out, f, ensure_ascii=False, separators=(",", ":"))
    if train_after and deduper.training_pairs["match"] and deduper.training_pairs["distinct"]:
        with deterministic_learner(settings.seed), _forest_samples(settings.blocking.forest_samples):
            deduper.train(recall=settings.blocking.recall,
                          index_predicates=settings.blocking.index_predicates)
        _finish_blocking(deduper, settings, list(data.values()))
        from dataclasses import replace

        save_model(deduper, replace(settings, training_file=training_path).settings_path())
    return deduper
