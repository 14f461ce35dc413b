"""Recognising warning and error lines in training output (tracebacks, NaN warnings, OOM, skipped steps...).

`classify_line` decides for one line; `hint_positions` cheaply finds the few candidate lines in a
big chunk of bytes so that readers call `classify_line` only on those, and `suspect_lines` does the same
for a list of lines.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate


@dataclass(frozen=True)
class _Hint:
    """A word that some kind of line `classify_line` accepts always holds."""

    word: bytes
    regex: re.Pattern[bytes]  # the word, with lookarounds that rule out some lines for sure
    any_case: bool  # False: `classify_line` accepts the word spelled exactly so (its regex is case-sensitive)


def _exact(word: bytes) -> _Hint:
    return _Hint(word, re.compile(re.escape(word)), any_case=False)


def _any_case(word: bytes, lookarounds: bytes = b"") -> _Hint:
    """`word` (lower case) in any letter case, looked for in the lower-cased text."""
    return _Hint(word, re.compile(re.escape(word) + lookarounds), any_case=True)


HINTS = (
    _exact(b"Traceback"),  # traceback header
    _exact(b"Error"),  # `ValueError: ...`, `Error:`
    _exact(b"Exception"),
    _exact(b"Interrupt"),  # `KeyboardInterrupt`
    _exact(b"ERROR"),
    _exact(b"FATAL"),
    _exact(b"CRITICAL"),
    _exact(b"WARN"),  # WARN, WARNING
    _exact(b"Warning"),  # `Warning:`, `UserWarning:`
    _any_case(b"memory", rb"(?=error)|(?<=of memory)|(?<=allocate memory)"),  # every out-of-memory spelling;
    # not `memory: 3760` (mmdet's metric lines: a classification per line, ~30 us each on such long lines)
    _any_case(b"variance"),
    _any_case(b"skipp"),
    _any_case(b"overflow"),
    _any_case(b"nan", rb"(?![A-Za-z])(?<![A-Za-z]nan)"),  # lookahead first: it rules out more, sooner
    _any_case(b"inf", rb"(?![a-hj-zA-HJ-Z])(?<![A-Za-z]inf)"),  # inf, infinity; not `INFO` (every log line)
    _any_case(b"finite"),  # non-finite, not finite
    _any_case(b"explod"),  # a loss exploding, the run stopped
    _any_case(b"diverg"),
)
"""Together these hit every line `classify_line` might accept (and some it rejects): each of its regexes
needs one of these words, spelled as it is here or (`any_case`) in any case."""


def hint_positions(chunk: bytes) -> list[int]:
    """Sorted offsets in `chunk` of every candidate warning/error word (a cheap pre-filter for big chunks).

    Fast path for chunks of metric lines, which hold few distinct letters: a word is looked for only when each
    of its letters occurs somewhere in the chunk (a one-byte `in` is a `memchr`, ~30x cheaper than a word
    search). An `any_case` word is looked for in the lower-cased chunk, made only when the word's letters also
    occur upper-cased. A chunk of `step 10 | loss 0.69` lines costs one word search instead of sixteen, and
    a chunk of nanoGPT `iter 10: loss 2.3, time 5ms` lines none.
    """
    present: dict[int, bool] = {}

    def occurs(byte: int) -> bool:
        if byte not in present:
            present[byte] = bytes((byte,)) in chunk
        return present[byte]

    lowered: bytes | None = None
    found: list[int] = []
    for hint in HINTS:
        if not hint.any_case:
            if not all(occurs(byte) for byte in hint.word):
                continue
            text = chunk
        else:
            upper = hint.word.upper()
            if not all(occurs(small) or occurs(big) for small, big in zip(hint.word, upper, strict=True)):
                continue
            if any(occurs(big) for big in upper):
                lowered = chunk.lower() if lowered is None else lowered
                text = lowered
            else:
                text = chunk  # none of its letters is upper-cased anywhere: the chunk reads as lower-cased
        found.extend(match.start() for match in hint.regex.finditer(text))
    found.sort()
    return found


def suspect_lines(lines: Sequence[bytes]) -> set[int]:
    """Indices of the `lines` that hold a hint word: `classify_line` surely rejects all the others.

    One `hint_positions` scan over the lines joined, much cheaper than a test per line."""
    starts = list(accumulate((len(line) + 1 for line in lines), initial=0))
    return {bisect_right(starts, position) - 1 for position in hint_positions(b"\n".join(lines))}


_TRACEBACK = re.compile(r"^\s*Traceback \(most recent call last\)")
_OOM = re.compile(
    r"out of memory|OutOfMemoryError|can't allocate memory|cannot allocate memory|MemoryError", re.IGNORECASE
)
_OVERFLOW = re.compile(r"^\s*(?:OverflowError|FloatingPointError)\b")
"""Python's own word for a number past what a float holds (`math.exp` of a diverged loss, as a perplexity is printed:
`OverflowError: math range error`; NumPy's `np.seterr(all="raise")`: `FloatingPointError: overflow encountered`)."""
_EXCEPTION = re.compile(r"^\s*(?:[A-Za-z_][\w]*\.)*[A-Za-z_]\w*(?:Error|Exception|Interrupt)(?::|$)")
_PY_WARNING = re.compile(r"\b[A-Z]\w*Warning:")
_VARIANCE_ZERO = re.compile(r"variance\s*(?:=|:|is|of)?\s*0(?:\.0*)?(?![\d.])|zero variance", re.IGNORECASE)
_SKIPPED = re.compile(
    r"skipp(?:ing|ed)\s+(?:the\s+)?(?:optimizer\s+)?(?:step|batch|update|iteration)(?!s?\s*[:=]\s*0(?![\d.]))"
    r"|gradient overflow",
    re.IGNORECASE,
)
"""A step thrown away: not a count of them that is zero (Megatron's `number of skipped iterations:   0 |` on every
line)."""
_NAN = re.compile(r"\bnan\b", re.IGNORECASE)
_INF = re.compile(r"\binf\b|infinity|non-finite|not finite", re.IGNORECASE)
_NONFINITE_CONTEXT = re.compile(
    r"warn|detect|found|encounter|invalid|became|becomes|is nan|is inf|got|terminat|stopp|abort|diverg|non-finite"
    r"|not finite",
    re.IGNORECASE,
)
_DIVERGED = re.compile(
    r"\bloss\b[^\n]{0,30}?\b(?:explod|diverg)\w*[^\n]{0,30}?\b(?:abort|stop|terminat|halt|quit|exit)", re.IGNORECASE
)
"""The run's own words that its loss blew up and it stopped: karpathy/char-rnn's `loss is exploding, aborting.`
(train.lua: a loss over three times the first). Not a count of such events (`Exploding gradients: 0 (0.00%)`), nor
a setting's comment (`clip to avoid exploding gradients`): the loss, then the blow-up, then the stop."""
_FROM_INITIAL_BEST = re.compile(r"\bfrom\s+-?inf\b", re.IGNORECASE)
"""A checkpoint callback's first improvement over its initial best, infinity: Keras' `Epoch 1: val_loss improved from
inf to 0.40621, saving model to ./models/fall_detection.h5` (a path's `detection` is no non-finite value's
`detect`): no inf was computed."""
_NONFINITE_LOSS_SAID = re.compile(
    r"(?i)\b(?:loss|cost)\b[^\n,;=|]{0,30}?(?:\bnan\b|\binf\b|not finite|non-finite)"
    r"|(?:\bnan\b|\binvalid\b|non-finite)[^\n,;=|]{0,30}?\b(?:loss|cost)\b"
)


def says_loss_nonfinite(text: str) -> bool:
    """Whether a line says in words that the loss went non-finite: SpeechBrain's `Loss is tensor(nan, ...)` and
    `ValueError: Loss is not finite and patience is exhausted`, MindSpore's `Invalid loss, terminating training.`,
    lstm.py's `bad cost detected:  nan`; the words next to each other, not another key's value on the loss's line
    (round60's GX-012, a Lightning bar's `train/loss=0.00441, ..., val/accuracy=nan.0`)."""
    return _NONFINITE_LOSS_SAID.search(text) is not None


_ERROR_WORD = re.compile(r"\b(?:ERROR|FATAL|CRITICAL)\b|\bError:(?![ \t]*[-+]?(?:\d|\.\d))")
"""An error's words; `Error: 0.0505` (a training error rate printed by its name) is a value, no error."""
_WARNING_WORD = re.compile(r"\bWARN(?:ING)?\b|\bWarning:")


@lru_cache(maxsize=4096)
def classify_line(text: str) -> tuple[str, str] | None:
    """`(level, kind)` of a warning/error line, or None for an ordinary line (metric lines included).

    Verdicts are remembered: a training loop often prints the same warning at every step.

    level is "warning" or "error"; kind is one of traceback, oom, overflow, variance_zero, diverged, skipped_step, nan,
    inf, error, warning. A NaN/inf *value* on a metric line is data, not an event: nan/inf lines need words
    like "detected", "encountered" or "warning" around them.
    """
    if _TRACEBACK.search(text):
        return "error", "traceback"
    if _OOM.search(text):
        return "error", "oom"
    if _OVERFLOW.search(text):
        return "error", "overflow"
    if _EXCEPTION.search(text):
        return "error", "traceback"
    is_error = bool(_ERROR_WORD.search(text))
    level = "error" if is_error else "warning"
    if _VARIANCE_ZERO.search(text) and (is_error or _WARNING_WORD.search(text) or _PY_WARNING.search(text)):
        return level, "variance_zero"  # a warning of it; not a statistic printed as a result (`Variance: 0.0`)
    if _DIVERGED.search(text):
        return "error", "diverged"
    if _SKIPPED.search(text):
        return level, "skipped_step"
    if _NONFINITE_CONTEXT.search(text) and not _FROM_INITIAL_BEST.search(text):
        if _NAN.search(text):
            return level, "nan"
        if _INF.search(text):
            return level, "inf"
    if is_error:
        return "error", "error"
    if _WARNING_WORD.search(text) or _PY_WARNING.search(text):
        return "warning", "warning"
    return None
