"""The review queue's order (graph_model.review_sampling): dedupe's uncertain-pair sampling over
stored pair scores -- pairs the clustering kept apart although they score at or above the
same-person threshold first, then draws spread over the scores -- stable for one user."""

from __future__ import annotations

import numpy

from graph_model.review_sampling import uncertain_order, user_seed


def test_every_pair_once_disagreements_first():
    scores = [0.2, 0.7, 0.45, 0.5, 0.3, 0.95, 0.21]
    order = uncertain_order(scores, same_person=0.5, seed=3)
    assert sorted(order) == list(range(len(scores)))
    assert {scores[i] for i in order[:3]} == {0.5, 0.7, 0.95}
    assert uncertain_order([], seed=1) == [] and uncertain_order([0.3], seed=1) == [0]


def test_stable_for_a_user_and_different_across_users():
    scores = list(numpy.linspace(0.2, 0.49, 30))
    assert uncertain_order(scores, seed=user_seed("sam")) == uncertain_order(scores, seed=user_seed("sam"))
    assert user_seed("sam") != user_seed("kim")
    orders = {tuple(uncertain_order(scores, seed=user_seed(u))[:5]) for u in ("sam", "kim", "ada", "ben")}
    assert len(orders) > 1


def test_answers_spread_over_the_scores_not_piled_on_the_commonest_kind():
    # 90 pairs just above the review threshold, 10 near the merge threshold: the first ten offered
    # are drawn across the range (dedupe's uniform target), so the rare near-threshold kind is far
    # more than its 10% share, and the common kind is still asked about
    rng = numpy.random.default_rng(0)
    scores = list(rng.uniform(0.20, 0.25, 90)) + list(rng.uniform(0.40, 0.49, 10))
    high = [sum(scores[i] >= 0.4 for i in uncertain_order(scores, seed=s)[:10]) for s in range(20)]
    assert 3 <= numpy.mean(high) <= 8


def test_higher_disagreements_tend_to_come_first():
    # weighted by the score, as dedupe weighs its uncovered disagreements by the classifier
    firsts = [uncertain_order([0.5, 0.99], seed=s)[0] for s in range(200)]
    assert 0.55 < numpy.mean(firsts) < 0.75  # 0.99 first with probability 0.66
