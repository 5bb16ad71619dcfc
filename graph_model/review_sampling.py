"""The order of the review queue: dedupe's uncertain-pair sampling over the stored pairs.

dedupe's active learner (``dedupe.labeler.DisagreementLearner.pop``) asks about one pair at a
time from a committee of two: the match classifier's probability and whether a blocking rule
covers the pair. It offers (1) first, pairs the committee disagrees on, drawn at random with
weights proportional to the classifier's probability; (2) otherwise a covered pair whose
probability is nearest a target drawn uniformly at random, so the answers spread over the
classifier's whole range of confidence instead of piling up on one kind of pair.

The learner itself cannot be fed the queue: it holds every record of the file in memory, re-
samples its own candidates from the data, and refits its own logistic regression after each
answer, while the queue is a page of POSSIBLY_SAME pairs read from the graph for one viewer
(the model is refitted on the answers at the next resolution run, ``linkage.council_model``).
So the same two steps run here over the stored pairs, with the committee members the graph
keeps: the linker's pair score (the classifier) and its clustering, which left every queued
pair in two persons. A pair scored at or above the same-person threshold but kept apart is a
disagreement (step 1); the rest are drawn by step 2 with targets uniform over the queue's own
score range. The random draws are seeded by the user, so one user's pages are stable and two
users answering the same queue are offered different pairs first (more pairs labelled).
"""

from __future__ import annotations

import hashlib
from typing import Sequence

import numpy


def user_seed(user: str) -> int:
    """A stable seed for one user's queue (Python's ``hash`` changes between processes)."""
    return int.from_bytes(hashlib.sha256(str(user).encode("utf-8")).digest()[:8], "big")


def uncertain_order(scores: Sequence[float], *, same_person: float = 0.5, seed: int = 0) -> list[int]:
    """Positions of ``scores`` (pair scores, none merged by the clustering) in the order
    dedupe's active learner would offer them, popping one pair at a time: pairs scored at or
    above ``same_person`` first (the clustering disagrees with the score), drawn with weights
    proportional to their scores; then, repeatedly, the remaining pair nearest a target drawn
    uniformly between the remaining lowest and highest score (ties: the earlier position)."""
    s = numpy.asarray(scores, dtype="f8")
    s = numpy.where(numpy.isfinite(s), s, 0.0)
    rng = numpy.random.default_rng(seed)
    order: list[int] = []
    disagree = [i for i in range(len(s)) if s[i] >= same_person]
    while disagree:
        w = numpy.maximum(s[disagree], 1e-9)
        pick = int(rng.choice(len(disagree), p=w / w.sum()))
        order.append(disagree.pop(pick))
    rest = [i for i in range(len(s)) if s[i] < same_person]
    while rest:
        values = s[rest]
        target = rng.uniform(values.min(), values.max()) if len(rest) > 1 else values[0]
        order.append(rest.pop(int(numpy.argmin(numpy.abs(values - target)))))
    return order
