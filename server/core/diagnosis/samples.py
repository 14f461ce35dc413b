"""Samples a run prints (generated text, predictions), read from its log lines and measured per step.

Independent of the log readers: it reads the lines of the run's text files itself. A sample is
- a block of lines ended by nanoGPT's `---------------` separator (sample.py prints each sample, then one), back
  to the previous separator or metric line;
- the rest of a line labelled `Generated:`, `Prediction:`, `Predicted:`, `Sample:`, `Output:` or `Decoded:` (HF
  Trainer callbacks, seq2seq eval loops), up to a ` | ` (a label printed beside it is no output); a preceding
  `Input:`/`Source:`/`Prompt:` line is kept as its input.
Each sample takes the step of the nearest preceding `step N` / `iter N` mention. Each step's samples are measured
with `server.core.outputs`; when the samples are degenerate at every step from some step to the last one, that is
a `mode_collapse` finding located at that step ("since step 4000").
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..outputs import (
    COPY_SHARE_HIGH,
    IDENTICAL_SHARE_HIGH,
    MIN_OUTPUTS_COMPARED,
    REPEATED_SHARE_HIGH,
    SINGLE_TOKEN_SHARE_HIGH,
    identical_share,
    repeated_ngram_share,
    single_token_share,
    tokens_of,
)
from ..workspace import open_vetted
from .findings import Finding, evidence

SEPARATOR = re.compile(r"^-{10,}\s*$")
LABELLED = re.compile(r"^\s*(?:generated|prediction|predicted|sample|output|decoded)(?: text)?\s*[:=]\s?(.*)$", re.I)
SOURCE = re.compile(r"^\s*(?:input|source|prompt)\s*[:=]\s?(.*)$", re.I)
STEP = re.compile(r"\b(?:global_step|step|iter(?:ation)?)['\"]?\s*[:=]?\s*(\d+)", re.I)
MAX_SAMPLE_LINES = 40
"""Lines kept of one separated sample (nanoGPT prints 500 characters, ~12 lines of Shakespeare)."""
MAX_LINE_CHARS = 4096
"""Characters of one line kept (a sample line of generated text is far shorter; a minified blob is cut)."""
MAX_SAMPLES = 5000
"""Samples kept per run; later ones are not measured (a sample every eval of a long run: hundreds)."""
MAX_LINES_READ = 2_000_000
"""Lines of one log read for samples (a 2M-line log is ~200 MB; the readers cap runs similarly)."""
BINARY_SNIFF_BYTES = 4096
"""Bytes looked at for a NUL: event files and W&B records hold no samples to read as text."""
SAMPLE_CONFIDENCE = 0.75
"""As sure as a model-inspection finding: the outputs themselves show it (engine.model_findings uses 0.75)."""


@dataclass
class Sample:
    step: float | None
    text: str
    source: str | None = None


def extract_samples(lines: Iterable[str]) -> list[Sample]:
    """The samples in a log's lines, each with the step of the nearest preceding step mention."""
    samples: list[Sample] = []
    step: float | None = None
    pending: deque[str] = deque(maxlen=MAX_SAMPLE_LINES)  # bounded however long a stretch without separator
    source: str | None = None
    for raw in lines:
        line = raw[:MAX_LINE_CHARS].rstrip("\n")
        if len(samples) >= MAX_SAMPLES:
            break
        if SEPARATOR.match(line):
            text = "\n".join(pending).strip("\n")
            if text.strip():
                samples.append(Sample(step, text))
            pending.clear()
            continue
        labelled = LABELLED.match(line)
        if labelled:
            samples.append(Sample(step, labelled.group(1).split(" | ")[0].strip(), source))
            source = None
            pending.clear()
            continue
        given = SOURCE.match(line)
        if given:
            source = given.group(1).strip()
            continue
        found = STEP.search(line)
        if found:
            step = float(found.group(1))
            pending.clear()
            continue
        pending.append(line)
    return samples


def degenerate(samples: list[Sample]) -> list[str]:
    """What is abnormal about one step's samples (empty when nothing is)."""
    found = []
    shares = [s for s in (repeated_ngram_share(tokens_of(x.text)) for x in samples) if s is not None]
    if shares and sum(shares) / len(shares) >= REPEATED_SHARE_HIGH:
        found.append(f"repeated n-gram share {sum(shares) / len(shares):.2f} (>= {REPEATED_SHARE_HIGH})")
    top = [s for s in (single_token_share(x.text) for x in samples) if s is not None]
    if top and sum(top) / len(top) >= SINGLE_TOKEN_SHARE_HIGH:
        found.append(f"single-token share {sum(top) / len(top):.2f} (>= {SINGLE_TOKEN_SHARE_HIGH})")
    same = identical_share([x.text for x in samples])
    if same is not None and len(samples) >= MIN_OUTPUTS_COMPARED and same >= IDENTICAL_SHARE_HIGH:
        found.append(f"identical share {same:.2f} of {len(samples)} samples (>= {IDENTICAL_SHARE_HIGH})")
    paired = [x for x in samples if x.source is not None]
    if len(paired) >= MIN_OUTPUTS_COMPARED:
        copies = sum(x.text == x.source for x in paired) / len(paired)
        if copies >= COPY_SHARE_HIGH:
            found.append(f"copy share {copies:.2f}: outputs equal their inputs (>= {COPY_SHARE_HIGH})")
    return found


def sample_findings(samples: list[Sample], where: str) -> list[Finding]:
    """A `mode_collapse` finding when the samples are degenerate at every step from one step to the last."""
    by_step: dict[float | None, list[Sample]] = {}
    for sample in samples:
        by_step.setdefault(sample.step, []).append(sample)
    judged = [(step, degenerate(group)) for step, group in by_step.items()]
    since = None
    for step, problems in reversed(judged):
        if not problems:
            break
        since = (step, problems, by_step[step][0].text)
    if since is None:
        return []
    step, problems, text = since
    last = judged[-1][0]
    at = "the samples" if step is None else f"step {step:g}"
    span = f"since {at}" + (f" through step {last:g}" if last is not None and last != step else "")
    detail = f"samples degenerate {span}: {'; '.join(problems)}; e.g. {text[:60]!r}"
    return [Finding("mode_collapse", SAMPLE_CONFIDENCE, [evidence(where, at, detail)], kind="log")]


def read_samples(path: Path) -> list[Sample]:
    """The samples of one log file (already resolved inside the workspace); none from a binary file."""
    with open_vetted(path) as handle:
        if b"\0" in handle.read(BINARY_SNIFF_BYTES):
            return []
    with open_vetted(path, "r", encoding="utf-8", errors="replace") as handle:
        return extract_samples(line for _, line in zip(range(MAX_LINES_READ), handle, strict=False))
