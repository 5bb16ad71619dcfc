"""Comparison weights re-estimated on the file being linked (Fellegi-Sunter, EM).

The shipped model's weights were learned on other people's records; a council's file has
its own error rates (how often a date of birth is keyed wrongly, how many people share a
surname and a postcode). Without labels, the file itself says: each comparison's distance
(dedupe's comparison matrix) is cut into levels, and an EM fit over the file's candidate
pairs estimates, per level, how often it occurs among matches (m) and among non-matches (u)
and the share of matches (lambda). EM starts from the shipped model's match probabilities,
so "match" keeps its meaning, and a pair's score is the posterior match probability

    logit p = logit(lambda) + sum over comparisons of log(m[level] / u[level])

with a blank field neutral (no evidence either way). Levels seen in few pairs are pulled
towards "no evidence" (additive smoothing), so rare values cannot swing a score.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

import numpy

log = logging.getLogger(__name__)

STEPS = 20           # distances in [0, 1] are cut at 0.05
BLANK = -1           # level of a blank field: no evidence
MAX_LOG_BF = 12.0    # one comparison never weighs more than this (natural log)


def levels(X: numpy.ndarray, data_model) -> numpy.ndarray:
    """One level per pair and primary comparison (``0..STEPS``, :data:`BLANK` when either
    side is blank) from dedupe's comparison matrix ``X``."""
    variables = list(data_model.field_variables)
    n = len(variables)
    D = numpy.nan_to_num(X[:, :n].astype("f8"), nan=1.0)
    for j, var in enumerate(variables):
        if getattr(var, "type", "") == "KinscopeDobYear":
            D[:, j] /= 10.0  # years apart, capped at 10
    L = numpy.rint(numpy.clip(D, 0.0, 1.0) * STEPS).astype(numpy.int16)
    for k, j in enumerate(data_model._missing_field_indices):
        present = X[:, n + k] > 0.5
        L[~present, j] = BLANK
    return L


@dataclass
class FileWeights:
    """Fitted log Bayes factors per comparison and level, and the share of matches."""

    log_bf: numpy.ndarray   # (comparisons, STEPS + 1)
    prior_logit: float
    iterations: int
    used: tuple[int, ...]   # comparison columns that carry weight

    def logit(self, L: numpy.ndarray) -> numpy.ndarray:
        out = numpy.full(len(L), self.prior_logit)
        for j in self.used:
            lv = L[:, j]
            present = lv >= 0
            out[present] += self.log_bf[j, lv[present]]
        return out

    def predict(self, L: numpy.ndarray) -> numpy.ndarray:
        return 1.0 / (1.0 + numpy.exp(-numpy.clip(self.logit(L), -50, 50)))


@dataclass
class FileStatistics:
    """What record linkage learns from a whole file before it scores a pair: the comparison
    weights (None: the file was too small, the shipped model's scores stand), whether the
    household rule applies, and the placeholder values that do not block. Kept from a full run
    and passed to an increment, its scope is scored as the whole file was -- not with weights
    fitted on the few hundred records it links again."""

    weights: FileWeights | None
    households: bool
    placeholders: dict[str, set] = field(default_factory=dict)
    records: int = 0  # how many records they were fitted on

    def to_json(self) -> str:
        w = self.weights
        return json.dumps({
            "weights": None if w is None else {"log_bf": w.log_bf.tolist(), "prior_logit": w.prior_logit,
                                               "iterations": w.iterations, "used": list(w.used)},
            "households": self.households, "records": self.records,
            "placeholders": {f: sorted(v) for f, v in self.placeholders.items()}})

    @classmethod
    def from_json(cls, text: str) -> "FileStatistics":
        d = json.loads(text)
        w = d["weights"]
        weights = None if w is None else FileWeights(numpy.array(w["log_bf"], dtype="f8"), float(w["prior_logit"]),
                                                     int(w["iterations"]), tuple(w["used"]))
        return cls(weights, bool(d["households"]), {f: set(v) for f, v in d["placeholders"].items()},
                   int(d.get("records", 0)))


def level_shares(L: numpy.ndarray) -> numpy.ndarray:
    """Per comparison, the share of pairs at each level (blank fields left out)."""
    out = numpy.zeros((L.shape[1], STEPS + 1))
    for j in range(L.shape[1]):
        lv = L[:, j][L[:, j] >= 0]
        if len(lv):
            out[j] = numpy.bincount(lv, minlength=STEPS + 1) / len(lv)
    return out


def _bayes_factors(L: numpy.ndarray, r: numpy.ndarray, used, smoothing: float,
                   u_shares: numpy.ndarray | None) -> numpy.ndarray:
    log_bf = numpy.zeros((L.shape[1], STEPS + 1))
    for j in used:
        lv = L[:, j]
        present = lv >= 0
        lv, w = lv[present], r[present]
        if not len(lv):
            continue
        share = numpy.bincount(lv, minlength=STEPS + 1) / len(lv)
        m = numpy.bincount(lv, weights=w, minlength=STEPS + 1) + smoothing * share
        if u_shares is not None:
            u = u_shares[j] * 1000.0 + 1e-3 * share
        else:
            u = numpy.bincount(lv, weights=1.0 - w, minlength=STEPS + 1) + smoothing * share
        with numpy.errstate(divide="ignore", invalid="ignore"):
            bf = numpy.log(m / m.sum()) - numpy.log(u / u.sum())
        log_bf[j] = numpy.clip(numpy.nan_to_num(bf, nan=0.0, posinf=0.0, neginf=0.0),
                               -MAX_LOG_BF, MAX_LOG_BF)
    return log_bf


def fit(L: numpy.ndarray, start: numpy.ndarray, *, used: tuple[int, ...] | None = None,
        max_iterations: int = 25, smoothing: float = 20.0,
        fixed_distinct: numpy.ndarray | None = None, tolerance: float = 1e-4,
        u_shares: numpy.ndarray | None = None, all_pairs: int | None = None) -> FileWeights:
    """EM over the candidate pairs' levels ``L``, starting from match probabilities
    ``start``. ``fixed_distinct``: pairs known not to be one person (the household rule),
    held at probability 0. ``smoothing``: pseudo-pairs per comparison spread over the
    levels as the levels are spread over all pairs (pulls rare levels to no evidence)."""
    used = tuple(range(L.shape[1])) if used is None else tuple(used)
    r = numpy.clip(start.astype("f8"), 1e-6, 1 - 1e-6)
    if fixed_distinct is not None:
        r[fixed_distinct] = 0.0
    it = 0
    weights = None
    for it in range(1, max_iterations + 1):
        # with u from random pairs, lambda is the share of matches among all pairs
        total = all_pairs if (u_shares is not None and all_pairs) else len(r)
        lam = float(numpy.clip(r.sum() / max(total, 1), 1e-12, 1 - 1e-6))
        log_bf = _bayes_factors(L, r, used, smoothing, u_shares)
        weights = FileWeights(log_bf, float(numpy.log(lam / (1 - lam))), it, used)
        new = weights.predict(L)
        if fixed_distinct is not None:
            new[fixed_distinct] = 0.0
        delta = float(numpy.max(numpy.abs(new - r))) if len(r) else 0.0
        r = new
        if delta < tolerance:
            break
    log.info("file weights: EM converged in %d iterations, %.1f%% of %d candidate pairs "
             "matches", it, 100 * float(r.mean()), len(r))
    return weights
