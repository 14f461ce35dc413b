"""Calibration: the confidence a root cause reports is a probability that it is the run's real fault.

The detectors score their findings on scales of their own; the ranking and the reporting bar (`REPORTABLE`) act
on those scores. What the answer reports is that score mapped through Platt scaling, `p = sigmoid(a * logit(s)
+ b)`. It is fitted on data the detectors were never tuned on nor scored on: since round 10 the real-log calibration
splits (`python bench/bench_families.py --fit`: `round5`, `round17`), the runs users bring, where the debugger errs;
the calibration families, right 98% of the time, would make it over-confident. The map is monotone: it changes no
ranking and no verdict, only what the numbers mean.
"""

from __future__ import annotations

import math

PLATT_A = 1.0  # fewer outcomes than MIN_FOR_SLOPE: the slope is not fitted
PLATT_B = 0.5969
"""Fitted by `bench/bench_families.py --fit` on 37 causes reported on the calibration families (autoencoder,
frozen-base fine-tune; seeds 0-2), 32 of them right, after the detectors of round 3 (noise-scaled rules, chance
levels): the raw scores were under-confident (round 2's fit, on its detectors: 0.7957). Kept in round 4: after the
bad-batch, GAN and damaged-validation rules every cause reported on the calibration families is right (37 of 37), so
the offset's fit has no miss to weigh and runs off to where the ridge holds it (7.34); a refit needs calibration
families where the debugger still errs. Kept in round 10 too: on the real-log calibration splits too few causes are
reported (13, 8 right: b = -0.81) to move it (MIN_FOR_OFFSET); their reliability is in the closing notes."""
EDGE = 1e-4
"""Scores are clipped to [EDGE, 1 - EDGE] before the logit: a detector's 1.0 is no certainty."""


def calibrated(score: float, a: float = PLATT_A, b: float = PLATT_B) -> float:
    """The probability a detector's `score` stands for, rounded to 3 places."""
    s = min(max(score, EDGE), 1 - EDGE)
    p = 1 / (1 + math.exp(-(a * math.log(s / (1 - s)) + b)))
    return min(max(round(p, 3), 0.001), 0.999)  # shown to 3 places, never 0 or 1


HEALTHY_PRECISION = 0.739
"""The probability a `healthy` verdict is right: the share of healthy verdicts that were right on the real-log
calibration split (`round5`: 17 of 23, never tuned on, its rows never opened; `python bench/bench_families.py --fit`,
round 6's detectors: judging losses of 6-9 points added one healthy verdict, a wrong one; round 5's gave 18 of 22).
Real logs, not the family casebook: they are the runs users bring; a verdict of `healthy` means no cause reached the
bar, never that the run is sound. (On the seen real-log splits it is higher, 0.78-0.94: they were tuned on.) Round
10, on the real-log calibration splits (round5's 22 logs pulled that round, and round17): 29 of 39, 0.744: kept.

The causes' offset (`PLATT_B`) is kept from the calibration families: pooled with round5 (`--fit`: 45 causes, 40
right) it would rise to 0.886, the families' 37 right answers outweighing round5's 8 causes (3 right), too few to
fit on their own; the report split's reliability table says how far real logs stand from it."""


MIN_FOR_OFFSET = 30
"""Below this many reported causes on the real-log calibration splits the offset is not refitted: round 10's fit on
13 causes (8 right) gave b = -0.81, each miss more or less moving it by about 0.3."""
MIN_FOR_SLOPE = 100
"""Below this many outcomes only the offset b is fitted (a stays 1): a slope fitted on a few dozen answers with a
handful of misses swings with each miss, even to a negative one that would reverse the ranking."""


def fit(scores: list[float], right: list[bool], steps: int = 200) -> tuple[float, float]:
    """Platt's a and b by Newton's method on the log-likelihood of `right` given `scores` (a tiny ridge keeps it
    finite when the data separate); with fewer than MIN_FOR_SLOPE outcomes, b alone."""
    if len(scores) < MIN_FOR_SLOPE:
        return 1.0, fit_offset(scores, right, steps)
    x = [math.log(min(max(s, EDGE), 1 - EDGE) / (1 - min(max(s, EDGE), 1 - EDGE))) for s in scores]
    y = [1.0 if r else 0.0 for r in right]
    a, b, ridge = 1.0, 0.0, 1e-3
    for _ in range(steps):
        p = [1 / (1 + math.exp(-(a * xi + b))) for xi in x]
        ga = sum((pi - yi) * xi for pi, yi, xi in zip(p, y, x, strict=True)) + ridge * (a - 1)
        gb = sum(pi - yi for pi, yi in zip(p, y, strict=True)) + ridge * b
        w = [pi * (1 - pi) for pi in p]
        haa = sum(wi * xi * xi for wi, xi in zip(w, x, strict=True)) + ridge
        hab = sum(wi * xi for wi, xi in zip(w, x, strict=True))
        hbb = sum(w) + ridge
        det = haa * hbb - hab * hab
        if det <= 1e-12:
            break
        da, db = (hbb * ga - hab * gb) / det, (haa * gb - hab * ga) / det
        a, b = a - da, b - db
        if abs(da) + abs(db) < 1e-9:
            break
    return a, b


def fit_offset(scores: list[float], right: list[bool], steps: int = 200) -> float:
    """Platt's b with a = 1: the shift of the log-odds that makes the mean probability match the share right."""
    x = [math.log(min(max(s, EDGE), 1 - EDGE) / (1 - min(max(s, EDGE), 1 - EDGE))) for s in scores]
    y = [1.0 if r else 0.0 for r in right]
    b = 0.0
    for _ in range(steps):
        p = [1 / (1 + math.exp(-(xi + b))) for xi in x]
        gradient = sum(pi - yi for pi, yi in zip(p, y, strict=True)) + 1e-3 * b
        curvature = sum(pi * (1 - pi) for pi in p) + 1e-3
        b -= gradient / curvature
        if abs(gradient / curvature) < 1e-9:
            break
    return b
