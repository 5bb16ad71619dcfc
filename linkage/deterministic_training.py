"""Make dedupe's training give the same model from the same training file and settings, in
any process.

Three things made it differ between two clones (same fingerprint, different model files):

- dedupe keeps its candidate blocking predicates in a ``set``, and a predicate's hash is the
  hash of its ``repr`` -- a string, so the order changes with ``PYTHONHASHSEED`` (a fresh
  random value in every process). That order decides which predicates the seeded random
  draws of the rule search pick, and how its ties break: another process learned other rules.
- the active learner draws its candidate-pair sample from ``numpy.random.default_rng()``
  with no seed (fresh entropy each time, whatever ``numpy.random.seed`` says).
- the saved file holds each predicate's cached hash (the same string hash) and the grid
  search's fit and score timings, so even equal models wrote different bytes.

:func:`deterministic_learner` fixes the first two while training; :func:`strip_run_state`
removes the third before the model is written.
"""

from __future__ import annotations

import contextlib
import random
from typing import Iterator

import numpy

# the grid search's per-fold timings and its refit time: different in every run, unused
# when predicting or cloning
_TIMING_KEYS = ("mean_fit_time", "std_fit_time", "mean_score_time", "std_score_time")


def seed_everything(seed: int) -> None:
    """The global generators dedupe draws from (``random`` and numpy's legacy one)."""
    random.seed(seed)
    numpy.random.seed(seed % (2**32))


@contextlib.contextmanager
def deterministic_learner(seed: int) -> Iterator[None]:
    """While training: dedupe's candidate predicates in the order of their names (not of
    their string hashes), and its unseeded numpy generators seeded from ``seed``."""
    from dedupe import labeler

    original_filter = labeler._filter_canopy_predicates
    original_rng = numpy.random.default_rng

    def ordered(predicates, canopies):
        return sorted(original_filter(predicates, canopies), key=repr)

    def seeded_rng(seed_arg=None):
        return original_rng(seed % (2**32) if seed_arg is None else seed_arg)

    seed_everything(seed)
    labeler._filter_canopy_predicates = ordered
    numpy.random.default_rng = seeded_rng
    try:
        yield
    finally:
        labeler._filter_canopy_predicates = original_filter
        numpy.random.default_rng = original_rng


def _predicates_of(deduper) -> Iterator[object]:
    for pred in getattr(deduper, "predicates", None) or ():
        yield pred
        if isinstance(pred, tuple):  # a compound predicate: its parts were hashed too
            yield from pred
    for variable in getattr(getattr(deduper, "data_model", None), "field_variables", None) or ():
        yield from getattr(variable, "predicates", None) or ()  # None on a model loaded from a settings file


def strip_run_state(deduper) -> None:
    """Remove what differs between two equal trainings before the model is written: the
    predicates' cached string hashes (recomputed on first use) and the grid search's timings."""
    for pred in _predicates_of(deduper):
        vars(pred).pop("_cached_hash", None)
    classifier = getattr(deduper, "classifier", None)
    results = getattr(classifier, "cv_results_", None)
    if isinstance(results, dict):
        for key in _TIMING_KEYS:
            results.pop(key, None)
    if hasattr(classifier, "refit_time_"):
        classifier.refit_time_ = 0.0
