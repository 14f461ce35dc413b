"""The samples a run printed (its sample events, read by the log reader: `logs/samples.py`), measured per step.

Each step's samples are measured with `server.core.outputs` (only the measures chosen: all by default); when the
samples are degenerate at every step from some step to the last one, that is a `mode_collapse` finding located at
that step ("since step 4000").
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from ..logs.samples import SampleEvent
from ..outputs import (
    COPY_SHARE_HIGH,
    DEFAULT_MEASURES,
    IDENTICAL_SHARE_HIGH,
    MIN_OUTPUTS_COMPARED,
    MIN_WORDS,
    REPEATED_SHARE_HIGH,
    SINGLE_TOKEN_SHARE_HIGH,
    OutputMeasure,
    identical_share,
    repeated_ngram_share,
    single_token_share,
    tokens_of,
)
from .findings import Finding, evidence

SAMPLE_CONFIDENCE = 0.75
"""As sure as a model-inspection finding: the outputs themselves show it (engine.model_findings uses 0.75)."""


def degenerate(samples: Sequence[SampleEvent], measures: Collection[OutputMeasure] = DEFAULT_MEASURES) -> list[str]:
    """What is abnormal about one step's samples under the chosen `measures` (empty when nothing is)."""
    found = []
    if OutputMeasure.REPETITION in measures:
        shares = [s for s in (repeated_ngram_share(tokens_of(x.text)) for x in samples) if s is not None]
        if shares and sum(shares) / len(shares) >= REPEATED_SHARE_HIGH:
            found.append(f"repeated n-gram share {sum(shares) / len(shares):.2f} (>= {REPEATED_SHARE_HIGH})")
    if OutputMeasure.ONE_CLASS in measures:
        top = [s for s in (favoured_share(x.text) for x in samples) if s is not None]
        if top and sum(top) / len(top) >= SINGLE_TOKEN_SHARE_HIGH:
            found.append(f"single-token share {sum(top) / len(top):.2f} (>= {SINGLE_TOKEN_SHARE_HIGH})")
        same = identical_share([x.text for x in samples])
        if same is not None and len(samples) >= MIN_OUTPUTS_COMPARED and same >= IDENTICAL_SHARE_HIGH:
            found.append(f"identical share {same:.2f} of {len(samples)} samples (>= {IDENTICAL_SHARE_HIGH})")
    paired = [x for x in samples if x.source is not None]
    if OutputMeasure.COPYING in measures and len(paired) >= MIN_OUTPUTS_COMPARED:
        copies = sum(x.text == x.source for x in paired) / len(paired)
        if copies >= COPY_SHARE_HIGH:
            found.append(f"copy share {copies:.2f}: outputs equal their inputs (>= {COPY_SHARE_HIGH})")
    return found


def favoured_share(text: str) -> float | None:
    """A sample's single-token share: in characters, or in words when it has `MIN_WORDS` or more and they give more,
    as the favoured token may be a word ('<pad>' as often as every other word together) or a character the split
    into words drops ('\n' everywhere); a short output ('class_2', '4 4 10 10') is measured in characters only."""
    words = text.split()
    shares = [single_token_share(text), single_token_share(words) if len(words) >= MIN_WORDS else None]
    return max((s for s in shares if s is not None), default=None)


def sample_findings(
    samples: Sequence[SampleEvent], where: str, measures: Collection[OutputMeasure] = DEFAULT_MEASURES
) -> list[Finding]:
    """A `mode_collapse` finding when the samples are degenerate at every step from one step to the last."""
    by_step: dict[float | None, list[SampleEvent]] = {}
    for sample in samples:
        by_step.setdefault(sample.step, []).append(sample)
    judged = [(step, degenerate(group, measures)) for step, group in by_step.items()]
    since = None
    for step, problems in reversed(judged):
        if not problems:
            break
        since = (step, problems, by_step[step][0])
    if since is None:
        return []
    step, problems, first = since
    last = judged[-1][0]
    at = f"line {first.line}" if step is None else f"step {step:g}"
    span = f"since {at}" + (f" through step {last:g}" if last is not None and last != step else "")
    detail = f"samples degenerate {span}: {'; '.join(problems)}; e.g. {first.text[:60]!r}"
    return [Finding("mode_collapse", SAMPLE_CONFIDENCE, [evidence(where, at, detail)], kind="log")]
