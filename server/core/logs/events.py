"""Recognising warning and error lines in training output (tracebacks, NaN warnings, OOM, skipped steps...).

`classify_line` decides for one line; `hint_positions` cheaply finds the few candidate lines in a
big chunk of bytes so that readers call `classify_line` only on those.
"""

from __future__ import annotations

import re

HINT_WORDS = tuple(
    re.compile(word)
    for word in (
        rb"traceback",
        rb"error",
        rb"exception",
        rb"warn",
        rb"fatal",
        rb"critical",
        rb"memory",
        rb"nan(?<![a-z]nan)(?![a-z])",
        rb"inf(?<![a-z]inf)(?![a-hj-z])",
        rb"finite",
        rb"variance",
        rb"skipp",
        rb"overflow",
    )
)
"""Regexes over a *lower-cased* chunk, each starting with a literal (fast to scan for); together they hit
every line `classify_line` might accept (and some it rejects)."""


def hint_positions(chunk: bytes) -> list[int]:
    """Sorted offsets in `chunk` of every candidate warning/error word (a cheap pre-filter for big chunks)."""
    lowered = chunk.lower()
    found: list[int] = []
    for word in HINT_WORDS:
        found.extend(match.start() for match in word.finditer(lowered))
    found.sort()
    return found


_TRACEBACK = re.compile(r"^\s*Traceback \(most recent call last\)")
_OOM = re.compile(
    r"out of memory|OutOfMemoryError|can't allocate memory|cannot allocate memory|MemoryError", re.IGNORECASE
)
_EXCEPTION = re.compile(r"^\s*(?:[A-Za-z_][\w]*\.)*[A-Za-z_]\w*(?:Error|Exception|Interrupt)(?::|$)")
_PY_WARNING = re.compile(r"\b[A-Z]\w*Warning:")
_VARIANCE_ZERO = re.compile(r"variance\s*(?:=|:|is|of)?\s*0(?:\.0*)?(?![\d.])|zero variance", re.IGNORECASE)
_SKIPPED = re.compile(
    r"skipp(?:ing|ed)\s+(?:the\s+)?(?:optimizer\s+)?(?:step|batch|update|iteration)|gradient overflow", re.IGNORECASE
)
_NAN = re.compile(r"\bnan\b", re.IGNORECASE)
_INF = re.compile(r"\binf\b|infinity|non-finite|not finite", re.IGNORECASE)
_NONFINITE_CONTEXT = re.compile(
    r"warn|detect|found|encounter|invalid|became|becomes|is nan|is inf|got|terminat|stopp|abort|diverg|non-finite"
    r"|not finite",
    re.IGNORECASE,
)
_ERROR_WORD = re.compile(r"\b(?:ERROR|FATAL|CRITICAL)\b|\bError:")
_WARNING_WORD = re.compile(r"\bWARN(?:ING)?\b|\bWarning:")


def classify_line(text: str) -> tuple[str, str] | None:
    """`(level, kind)` of a warning/error line, or None for an ordinary line (metric lines included).

    level is "warning" or "error"; kind is one of traceback, oom, variance_zero, skipped_step, nan, inf,
    error, warning. A NaN/inf *value* on a metric line is data, not an event: nan/inf lines need words
    like "detected", "encountered" or "warning" around them.
    """
    if _TRACEBACK.search(text):
        return "error", "traceback"
    if _OOM.search(text):
        return "error", "oom"
    if _EXCEPTION.search(text):
        return "error", "traceback"
    is_error = bool(_ERROR_WORD.search(text))
    level = "error" if is_error else "warning"
    if _VARIANCE_ZERO.search(text):
        return level, "variance_zero"
    if _SKIPPED.search(text):
        return level, "skipped_step"
    if _NONFINITE_CONTEXT.search(text):
        if _NAN.search(text):
            return level, "nan"
        if _INF.search(text):
            return level, "inf"
    if is_error:
        return "error", "error"
    if _WARNING_WORD.search(text) or _PY_WARNING.search(text):
        return "warning", "warning"
    return None
