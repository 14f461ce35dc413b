"""Calibration: Platt scaling of detector scores, fitted by Newton's method."""

from __future__ import annotations

import random

from server.core.diagnosis.calibration import calibrated, fit


def test_the_fit_recovers_the_map_that_generated_the_outcomes() -> None:
    rng = random.Random(0)
    scores = [rng.uniform(0.3, 0.95) for _ in range(4000)]
    right = [rng.random() < calibrated(s, 2.0, 0.5) for s in scores]
    a, b = fit(scores, right)
    assert abs(a - 2.0) < 0.15 and abs(b - 0.5) < 0.15


def test_calibration_is_monotone_and_keeps_certainty_off_the_edges() -> None:
    values = [calibrated(s / 100, 1.7, 0.4) for s in range(0, 101)]
    assert values == sorted(values)
    assert values[0] > 0 and values[-1] < 1
    assert calibrated(0.5, 1.0, 0.0) == 0.5  # the identity map leaves a score alone


def test_few_outcomes_fit_the_offset_alone_so_the_map_stays_increasing() -> None:
    scores = [0.55, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95] * 5
    right = [True] * 30 + [False] * 5  # the misses at the top: a fitted slope would turn negative
    a, b = fit(scores, right)
    assert a == 1.0
    mean = sum(calibrated(s, a, b) for s in scores) / len(scores)
    assert abs(mean - 30 / 35) < 0.01  # the probabilities average to the share right


def test_separable_outcomes_give_a_finite_fit() -> None:
    a, b = fit([0.9] * 60 + [0.6] * 60, [True] * 60 + [False] * 60)
    assert abs(a) < 1e4 and abs(b) < 1e4
    assert calibrated(0.9, a, b) > 0.9 and calibrated(0.6, a, b) < 0.1
