"""Robust, scale-free statistics of one series: rolling medians, robust z-scores against the series' own
noise, autocorrelation, rank trends. Vectorised: bounded work on million-step runs."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..thresholds import (
    BLOCKED_ABOVE,
)

if TYPE_CHECKING:
    import numpy as np

MEDIAN_SE = math.sqrt(math.pi / 2)
"""The standard error of a median of n normal points is this times their standard deviation over the root of n
(1.2533: a median makes use of about two thirds of the points a mean would)."""


def rolling_median(values: np.ndarray, window: int) -> np.ndarray:
    """Median over a trailing window (NaN-free input); short series come back unchanged."""
    import numpy as np

    if window <= 1 or values.size < window:
        return values
    if values.size > BLOCKED_ABOVE and window > 8:  # long runs: rolling median over block medians
        block = -(-values.size // 10_000)
        padded = np.concatenate([values, np.full(-values.size % block, values[-1])])
        blocks = np.median(padded.reshape(-1, block), axis=1)
        return np.repeat(rolling_median(blocks, max(1, window // block)), block)[: values.size]
    windows = np.lib.stride_tricks.sliding_window_view(values, window)
    return np.concatenate([values[: window - 1], np.median(windows, axis=1)])


def log_noise(values: np.ndarray, window: int = 11) -> float:
    """The step-to-step noise of a positive series on a log scale: 1.4826 x the MAD of its log around its rolling
    median (a robust standard deviation; a trend is left out)."""
    import numpy as np

    positive = np.maximum(values, 1e-30)
    logs = np.log(positive) - np.log(rolling_median(positive, window))
    return 1.4826 * float(np.median(np.abs(logs - np.median(logs)))) if values.size else 0.0


def step_noise(moves: np.ndarray) -> float:
    """A point's own noise from a series' successive differences `moves`: 1.4826 x their MAD (a robust standard
    deviation: a trend or a few big steps add little to it), over the root of 2 (a difference holds two points'
    noise)."""
    import numpy as np

    return 1.4826 * float(np.median(np.abs(moves - np.median(moves)))) / float(np.sqrt(2))


def robust_z(loss: np.ndarray, window: int = 11) -> tuple[np.ndarray, np.ndarray]:
    """Per point: the rolling median of the loss, and how many robust standard deviations (1.4826 x the MAD of
    the log-loss around its rolling median) the point's log stands above it: the run's own noise as the scale. The
    first points, with no full trailing window, take the first window's median (as `trend.levels` does), not their
    own value: a spike at the ninth of 61 points (a Caffe log printed every 5 iterations) is judged too."""
    import numpy as np

    local = rolling_median(loss, window)
    if loss.size >= window > 1:
        local = local.copy()
        local[: window - 1] = local[window - 1]
    logs = np.log(np.maximum(loss, 1e-30)) - np.log(np.maximum(local, 1e-30))
    sigma = 1.4826 * float(np.median(np.abs(logs - np.median(logs)))) or 1e-12
    return local, logs / sigma


def falling_fit(values: np.ndarray) -> np.ndarray:
    """The closest non-increasing sequence to `values` in least squares (isotonic regression, pool adjacent
    violators): the trend of a curve that only falls, whatever its shape (a knee, a plateau, then a drop)."""
    import numpy as np

    means: list[float] = []
    sizes: list[int] = []
    for value in values.tolist():
        means.append(value)
        sizes.append(1)
        while len(means) > 1 and means[-2] < means[-1]:  # an increase: pool the two blocks
            size = sizes[-2] + sizes[-1]
            means[-2] = (means[-2] * sizes[-2] + means[-1] * sizes[-1]) / size
            sizes[-2] = size
            means.pop()
            sizes.pop()
    return np.repeat(np.array(means), sizes)


def detrended_log(loss: np.ndarray) -> np.ndarray:
    import numpy as np

    logs = np.log(np.maximum(loss, max(1e-12, 1e-4 * float(np.median(loss[:3])))))
    x = np.linspace(-1.0, 1.0, logs.size)
    return logs - np.polyval(np.polyfit(x, logs, 2), x)  # a quadratic: the bend of a decaying loss is no swing


def autocorrelation(values: np.ndarray, max_lag: int) -> np.ndarray:
    """Autocorrelation at lags 0..max_lag via FFT."""
    import numpy as np

    centred = values - values.mean()
    size = 1 << int(2 * centred.size - 1).bit_length()
    spectrum = np.fft.rfft(centred, size)
    acf = np.fft.irfft(spectrum * np.conj(spectrum), size)[: max_lag + 1]
    return acf / acf[0] if acf[0] > 0 else np.zeros(max_lag + 1)


KENDALL_POINTS = 2000
"""Values Kendall's tau reads at most, drawn at random in order (seeded: the same answer each time; evenly spaced ones
alias a period the stride nearly divides into a trend): its pairs grow with the square of the points (a perplexity
printed at each of 38,826 steps wanted 11 GiB, round 51's look at round82); over 2,000 its sampling error (about 0.015)
is far under any bar read on it, and a trend test on it counts those 2,000 (`trend_z`)."""


def evenly(values: np.ndarray, points: int) -> np.ndarray:
    """At most `points` of `values`, evenly spaced, the first and the last among them."""
    import numpy as np

    if values.size <= points:
        return values
    return values[np.linspace(0, values.size - 1, points).astype(np.int64)]


def sampled(values: np.ndarray, points: int) -> np.ndarray:
    """At most `points` of `values` drawn at random (seeded), in their order."""
    import numpy as np

    if values.size <= points:
        return values
    return values[np.sort(np.random.default_rng(0).choice(values.size, points, replace=False))]


def kendall_tau(values: np.ndarray) -> float:
    """Kendall's tau of `values` against their order: 1 for a steady rise, near 0 for swings without a trend (over
    at most KENDALL_POINTS of them: bounded memory)."""
    import numpy as np

    values = sampled(values, KENDALL_POINTS)
    diff = np.sign(values[None, :] - values[:, None])
    upper = np.triu_indices(values.size, 1)
    return float(diff[upper].mean())


def mann_kendall_z(tau: float, n: int) -> float:
    """The Mann-Kendall trend test's normal score of Kendall's `tau` over `n` points in order (no ties): tau over its
    standard deviation under no trend, sqrt(2(2n+5) / (9n(n-1))) (Kendall, "Rank Correlation Methods", 1975)."""
    if n < 3:
        return 0.0
    return tau / math.sqrt(2 * (2 * n + 5) / (9 * n * (n - 1)))


TREND_POINTS = 200
"""Evenly spaced values a trend's tau reads at most (`trend_tau`): bounded work on million-step runs."""


def trend_tau(values: np.ndarray, points: int = TREND_POINTS) -> float:
    """`kendall_tau` over at most `points` evenly spaced values (bounded work on million-step runs)."""
    values = evenly(values, points)
    return kendall_tau(values) if values.size >= 2 else 0.0


def trend_z(values: np.ndarray, points: int = KENDALL_POINTS) -> float:
    """The Mann-Kendall score of `values` in order, over at most `points` of them (evenly spaced below KENDALL_POINTS,
    as `trend_tau` reads them; the tau and the count it is tested with the same)."""
    values = evenly(values, points) if points < KENDALL_POINTS else sampled(values, points)
    return mann_kendall_z(kendall_tau(values), values.size) if values.size >= 2 else 0.0


def resolution(values: np.ndarray) -> float:
    """The smallest step between distinct values: the last printed digit's unit for a series printed to a few
    decimals (0.0001 for `0.0045 ... 0.0001`), about 0 for full-precision floats."""
    import numpy as np

    steps = np.diff(np.unique(values[np.isfinite(values)]))
    return float(steps.min()) if steps.size else 0.0


def runs_z(sides: np.ndarray) -> float:
    """The Wald-Wolfowitz runs test's z of a sequence of 0s and 1s: how far its runs of one value fall under (or
    over) what independent draws in those numbers give; 0 when one value alone shows."""
    import numpy as np

    n1, n = float(np.sum(sides)), float(sides.size)
    n0 = n - n1
    if n0 == 0 or n1 == 0 or n < 3:
        return 0.0
    runs = 1 + int(np.count_nonzero(np.diff(sides)))
    mean = 1 + 2 * n0 * n1 / n
    variance = 2 * n0 * n1 * (2 * n0 * n1 - n) / (n * n * (n - 1))
    return (runs - mean) / math.sqrt(variance) if variance > 0 else 0.0
