"""Calibration: the confidence a root cause reports is a probability that it is the run's real fault.

The detectors score their findings on scales of their own; the ranking and the reporting bar (`REPORTABLE`) act
on those scores. What the answer reports is that score mapped through Platt scaling, `p = sigmoid(a * logit(s)
+ b)`, fitted on the calibration families; a `healthy` verdict reports the share of such verdicts that were right on
real logs the answering code had never been tuned on (`python bench/bench_calibration.py`: each real-log split replayed
with the code that scored it before its rows were opened), the runs users bring. The map is monotone: it changes no
ranking and no verdict, only what the numbers mean.
"""

from __future__ import annotations

import math

PLATT_A = 1.0  # fewer outcomes than MIN_FOR_SLOPE: the slope is not fitted
PLATT_B = 0.5969
"""Fitted in round 3 on 37 causes reported on the calibration families (autoencoder, frozen-base fine-tune; seeds
0-2), 32 of them right, after the detectors of round 3 (noise-scaled rules, chance levels): the raw scores were
under-confident (round 2's fit, on its detectors: 0.7957). Kept in round 4: after the
bad-batch, GAN and damaged-validation rules every cause reported on the calibration families is right (37 of 37), so
the offset's fit has no miss to weigh and runs off to where the ridge holds it (7.34); a refit needs calibration
families where the debugger still errs. Kept in round 10 too: on the real-log calibration splits too few causes are
reported (13, 8 right: b = -0.81) to move it (MIN_FOR_OFFSET); their reliability is in the closing notes. Kept in
round 34 (`bench/bench_calibration.py`): on real logs the answering code had never been tuned on, reported causes were
right 49 of 80 times at a mean confidence of 0.79 (on the families 89% at 0.87), but the offset those fit (-0.33)
leaves the real logs' calibration error where it is (0.054 -> 0.056: the 0.8-0.9 and 0.9-1.0 bins disagree, 10 of 24
and 7 of 10 right) and would push the families' to 0.16. Real-log causes stay over-confident by about 0.15: each
yardstick's reliability table says by how much."""
EDGE = 1e-4
"""Scores are clipped to [EDGE, 1 - EDGE] before the logit: a detector's 1.0 is no certainty."""


def calibrated(score: float, a: float = PLATT_A, b: float = PLATT_B) -> float:
    """The probability a detector's `score` stands for, rounded to 3 places."""
    s = min(max(score, EDGE), 1 - EDGE)
    p = 1 / (1 + math.exp(-(a * math.log(s / (1 - s)) + b)))
    return min(max(round(p, 3), 0.001), 0.999)  # shown to 3 places, never 0 or 1


HEALTHY_PRECISION = 0.679
"""The probability a `healthy` verdict is right: the share of healthy verdicts that were right on real logs the
answering code had never been tuned on (round 59: 629 of 926, round 58's pool and round91's 13 of 20 with the code that
scored it once, its rows never opened; round 58: 616 of 906, round 57's pool and round90's 16 of 23 with the code that
scored it once, its rows never opened; round 57: 600 of 883, round 56's pool and round88's 16 of 22 with the code that
scored it once, its rows never opened; round 56: 584 of 861, round 55's pool and round87's 12 of 15 with the code that
scored it once, its rows never opened; round 55: 572 of 846, round 54's pool and round86's 16 of 18 with the code that
scored it once, its rows never opened; round 54: 556 of 828, round 53's pool and round85's 16 of 24 with the code that
scored it once, its rows never opened; round 53: 540 of 804, round 52's pool and round84's 18 of 23 with the code that
scored it once, its rows never opened; round 52: 522 of 781, round 51's pool and round83's 20 of 24 with the code that
scored it once, its rows never opened; round 51: 502 of 757, round 50's pool and round82's 19 of 21 with the code that
scored it once, its rows never opened; round 50: 483 of 736, round 49's pool and round81's 17 of 23 with the code that
scored it once, its rows never opened; round 49: 466 of 713, round 48's pool and round80's 16 of 23 with the code that
scored it once, its rows never opened; round 48: 450 of 690, round 47's pool and round79's 18 of 22 with the code that
scored it once, its rows never opened; round 47: 432 of 668, round 46's pool and round78's 16 of 22 with the code that
scored it once, its rows never opened; round 46: 416 of 646, round 45's pool of `python bench/bench_calibration.py` and
round77's 13 of 19 with the code that scored it once, its rows never opened; this machine, rebuilt in round 46, holds
too few of rounds 52-59's logs to replay the whole pool; round 45: 403 of 627, each real-log split of rounds 52-76
replayed with the code that scored it once before its rows were opened; 0.637 in round 44, 371 of 582 on rounds 52-74;
0.635 in round 43, 339 of 534 on rounds 52-72; 0.634 in round 42, 324 of 511 on rounds 52-71; 0.632 in round 41, 312 of
494 on rounds 52-70; 0.627 in round 40, 296 of 472 on rounds 52-69; 0.641 in round 37, 236 of 368 on rounds 52-64). Real
logs, not the family casebook (where 80% of healthy verdicts are right): they are the runs users bring; a verdict of
`healthy` means no cause reached the bar, never that the run is sound, and the faults it misses are mostly plateaus and
overfitting a careful reader sees in a curve that stopped improving. It was 0.739 from round 5 to round 33 (round5's 17
of 23, round 10's 29 of 39): too few verdicts; 0.638 in round 34 (118 of 185, rounds 52-58), 0.627 in round 35 (148 of
236, rounds 52-60), 0.652 in round 36 (191 of 293, rounds 52-62); on these looks the healthy verdicts were right 71%
(rounds 52-53), 72% (54-55), 57% (56-58), 59% (59-60), 75% (61-62) and 60% (63-64) of the time. Refitted, the expected
calibration error of those 611 answers falls from 0.083 as each look's code reported to 0.049 (0.000 with the causes'
offset refitted too, which the families would not bear)."""


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
