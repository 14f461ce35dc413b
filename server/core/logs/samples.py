"""Sample events: what a run prints of its model's outputs (generated text, predictions), read beside its metrics.

A text log's reader (text.py) hands each chunk it reads to a `SampleScanner`; the run gets the samples as
`Run.samples`, events of kind `sample`, and a sample line is never a metric. A sample is
- a block of lines ended by nanoGPT's `---------------` separator (sample.py prints each sample, then one), back
  to the previous separator, labelled line or step mention;
- the rest of a line labelled `Generated:`, `Prediction:`, `Predicted:`, `Sample:`, `Output:` or `Decoded:` (HF
  Trainer callbacks, seq2seq eval loops), up to a ` | ` (a label printed beside it is no output); a preceding
  `Input:`/`Source:`/`Prompt:` line is kept as its input.
Each sample takes the step of the nearest preceding `step N` / `iter N` mention.

A series a labelled line made (the text reader reads `Prediction: 3 4 5` as a metric `Prediction`) is dropped.

Cost (`find_marks`): a chunk lacking a letter of every mark word (nanoGPT's `iter N: loss X, time Yms` lines)
costs a few `memchr`s and a look at its last `LOOKBACK_BYTES` for the step in force; any other chunk one regex pass
over its line starts (~2 ms a MiB on this 2-core machine, loaded: 5-10% of the reader's own time on short metric
lines such as `step N | loss X | lr Y | grad_norm Z` or timestamped `key=value` lines, ~0 on nanoGPT's). Only the
last `MAX_SAMPLE_LINES` lines before a separator are cut out. Cheaper still: the text reader says when every line
of the chunk matched a metric template none of which is a sample's label (`feed(..., metric_lines_only=True)`):
then no mark is looked for. Measuring the samples is the diagnosis's business (`diagnosis/samples.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .model import Run

MARK = re.compile(
    rb"(?m)^[ \t]*(?:(?P<separator>-{10,})[ \t\r]*$"
    rb"|(?P<label>(?i:generated|prediction|predicted|sample|output|decoded)(?i: text)?)[ \t]*[:=][ \t]?"
    rb"(?P<text>[^\n]*)"
    rb"|(?P<source>(?i:input|source|prompt))[ \t]*[:=][ \t]?(?P<given>[^\n]*))"
)
"""The lines that make a sample: a separator, a labelled output, an input printed before its output."""
WORDS = (b"----------", b"generated", b"predict", b"sample", b"output", b"decoded", b"input", b"source", b"prompt")
"""Words (lower case) a mark's line starts with."""
LINE_WORD = re.compile(rb"\n[ \t]*(?i:-{10}|generated|predict|sample|output|decoded|input|source|prompt)")
STEP = re.compile(rb"(?:global_step|step|iter(?:ation)?)['\"]?[ \t]*[:=]?[ \t]*(\d+)")
"""A step mention (`step 10`, `iter 10:`, `'step': 30`, `global_step=30`), matched in lower-cased text."""
MAX_STEP_TRIES = 64
"""Occurrences of `step`/`iter` tried, from the last one back, when looking for the step in force (`5ms/step` on
every Keras line is no mention; past these, the step stays the one found before)."""
MAX_SAMPLE_LINES = 40
"""Lines kept of one separated sample (nanoGPT prints 500 characters, ~12 lines of Shakespeare)."""
MAX_LINE_CHARS = 4096
"""Characters of one line kept (a sample line of generated text is far shorter; a minified blob is cut)."""
MAX_SAMPLES = 5000
"""Sample events kept per run; later ones are only counted (a sample every eval of a long run: hundreds)."""
LOOKBACK_BYTES = 64 << 10
"""Bytes at the end of a chunk without samples looked at for the step in force (a step mention every few lines in
real logs; a log that mentions none for 64 KiB before a sample gives it the step found before)."""
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@dataclass
class SampleEvent:
    """One sample a run printed: the model's output (and the input it answers, when printed before it)."""

    line: int
    step: float | None
    text: str
    source: str | None = None
    file: str | None = None
    kind: Literal["sample"] = "sample"


class SampleScanner:
    """The samples of one text file, fed chunk by chunk (whole lines, in order)."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.samples: list[SampleEvent] = []
        self.total = 0
        self.step: float | None = None
        self.pending: list[bytes] = []  # lines since the last boundary, the latest MAX_SAMPLE_LINES
        self.source: str | None = None
        self.labels: dict[str, int] = {}  # label as a metric name would spell it -> lines so labelled

    def feed(self, chunk: bytes, first_line: int, metric_lines_only: bool = False) -> None:
        """Take the next chunk. `metric_lines_only`: the text reader matched every line of it with a metric template,
        none a sample's label: no mark there, only the step in force is looked for."""
        marks = [] if metric_lines_only else find_marks(chunk)
        if not marks:
            tail = max(0, len(chunk) - LOOKBACK_BYTES)
            self.advance(chunk, chunk[tail:].lower(), tail, len(chunk), offset=tail)
            return
        lowered = chunk.lower()
        cursor, line, counted = 0, first_line, 0
        for mark in marks:
            self.advance(chunk, lowered, cursor, mark.start())
            line += chunk.count(b"\n", counted, mark.start())
            counted = cursor = mark.end() + 1  # past the mark's line
            if mark.group("separator") is not None:
                text = "\n".join(decode(raw) for raw in self.pending).strip("\n")
                if text.strip():
                    self.add(SampleEvent(line - 1, self.step, text, file=self.file))
                self.pending = []
            elif mark.group("label") is not None:
                self.count_label(mark.group("label"))
                text = decode(mark.group("text")).split(" | ")[0].strip()
                self.add(SampleEvent(line, self.step, text, self.source, self.file))
                self.source, self.pending = None, []
            else:
                self.count_label(mark.group("source"))
                self.source = decode(mark.group("given")).strip()
            line += 1
        self.advance(chunk, lowered, cursor, len(chunk))

    def advance(self, chunk: bytes, lowered: bytes, start: int, end: int, offset: int = 0) -> None:
        """Take the stretch `chunk[start:end]` (whole lines, no mark; `lowered` is the chunk lower-cased from
        `offset` on): the last step it mentions, and the lines after that mention as a separated sample's text."""
        if start >= end:
            return
        found = last_step(lowered, start - offset, end - offset)
        if found is None:
            self.pending = (self.pending + tail_lines(chunk, start, end, MAX_SAMPLE_LINES))[-MAX_SAMPLE_LINES:]
            return
        self.step = float(found.group(1))
        after = chunk.find(b"\n", found.end() + offset, end)
        self.pending = [] if after < 0 else tail_lines(chunk, after + 1, end, MAX_SAMPLE_LINES)

    def count_label(self, raw: bytes) -> None:
        label = decode(raw).replace(" ", "_")  # as the text reader would name a metric of it
        self.labels[label] = self.labels.get(label, 0) + 1

    def add(self, sample: SampleEvent) -> None:
        self.total += 1
        if len(self.samples) < MAX_SAMPLES:
            self.samples.append(sample)

    def finish(self, run: Run) -> None:
        """Give the run its samples, and drop the series a labelled line made (`Prediction: 3 4 5` read as a
        metric `Prediction`, `Input: 6 3 0` as `Input`): a series of a label's name with no more points than lines
        so labelled."""
        run.samples.extend(self.samples)
        run.samples_total += self.total
        for name, count in self.labels.items():
            series = run.metrics.get(name)
            if series is not None and len(series) <= count:
                del run.metrics[name]
        if self.total > len(self.samples):
            run.notes.append(f"{self.total - len(self.samples)} printed samples past the first {MAX_SAMPLES} not kept")


def find_marks(chunk: bytes) -> list[re.Match[bytes]]:
    """The mark lines of a chunk, in order. Cheap for a chunk of metric lines, which holds few distinct letters: the
    lines are searched (one regex pass over the line starts, ~0.2 us a line) only when each letter of some mark word
    occurs in the chunk (a one-byte `in` is a `memchr`); `MARK` is tried on the lines that start with a word."""
    present: dict[int, bool] = {}

    def occurs(byte: int) -> bool:
        if byte not in present:
            present[byte] = bytes((byte,)) in chunk or bytes((byte,)).upper() in chunk
        return present[byte]

    if not any(all(occurs(byte) for byte in set(word)) for word in WORDS):
        return []
    starts = (0, *(found.start() + 1 for found in LINE_WORD.finditer(chunk)))
    return [mark for start in starts if (mark := MARK.match(chunk, start))]


def last_step(lowered: bytes, start: int, end: int) -> re.Match[bytes] | None:
    """The last step mention in `lowered[start:end]`, tried from the last `step`/`iter` back (`MAX_STEP_TRIES` at
    most); a mention starts a word (`global_step` is one word)."""
    hits = {word: lowered.rfind(word, start, end) for word in (b"step", b"iter")}
    for _ in range(MAX_STEP_TRIES):
        word, at = max(hits.items(), key=lambda item: item[1])
        if at < 0:
            return None
        begin = at - 7 if lowered[max(start, at - 7) : at] == b"global_" else at
        before = lowered[begin - 1 : begin] if begin > 0 else b" "
        found = STEP.match(lowered, begin, end)
        if found is not None and not (before.isalnum() or before == b"_"):
            return found
        hits[word] = lowered.rfind(word, start, at)
    return None


def tail_lines(chunk: bytes, start: int, end: int, most: int) -> list[bytes]:
    """The last `most` lines of `chunk[start:end]` (which ends at a line's end, or at a mark's start)."""
    lines: list[bytes] = []
    stop = end
    while stop > start and len(lines) < most:
        if chunk[stop - 1 : stop] == b"\n":
            stop -= 1
        begin = max(chunk.rfind(b"\n", start, stop) + 1, start)
        lines.append(chunk[begin:stop])
        stop = begin
    lines.reverse()
    return lines


def decode(raw: bytes) -> str:
    """A sample line as text: UTF-8 (bad bytes replaced), the last `\\r` redraw, no ANSI codes, cut long."""
    text = raw[: MAX_LINE_CHARS * 4].decode("utf-8", errors="replace").rstrip("\r\n").rsplit("\r", 1)[-1]
    return ANSI.sub("", text)[:MAX_LINE_CHARS]
