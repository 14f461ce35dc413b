"""Sample events: what a run prints of its model's outputs (generated text, predictions), read beside its metrics.

A text log's reader (text.py) hands each chunk it reads to a `SampleScanner`; the run gets the samples as
`Run.samples`, events of kind `sample`, and a sample line is never a metric. Samples come in two kinds of shape,
whatever the script:
- a block of lines ended by a dashed separator (nanoGPT's sample.py prints each sample, then `---------------`),
  back to the previous separator, labelled line or step mention;
- a labelled line: fields split by ` | `, one of them an output labelled `Generated:`, `Prediction:`,
  `Predicted:`, `Sample:`, `Output:` or `Decoded:` (`Generated: ...` of HF Trainer callbacks, `step 100 | sample:
  ...` of a key-value logger, `input: ... | prediction: ... | target: ...` of a seq2seq eval loop). An
  `Input:`/`Source:`/`Prompt:` field on the line, or alone on the line before, is its input; a `Target:`/`Label:`/
  `Reference:` field is the reference it is scored against (not measured: no metric either).
Each sample takes the step of the nearest preceding `step N` / `iter N` mention, its own line's fields before the
output included.

A series a labelled line made (the text reader reads `Prediction: 3 4 5` as a metric `Prediction`) is dropped.

Cost (`find_marks`): a chunk lacking a letter of every mark word (nanoGPT's `iter N: loss X, time Yms` lines)
costs a few `memchr`s and a look at its last `LOOKBACK_BYTES` for the step in force; any other chunk one regex pass
over its line starts and a `bytes.find` for each label word whose letters all occur, for labels after a `|` (~3.5
and ~3 ms a MiB on this 2-core machine, loaded). Only the last `MAX_SAMPLE_LINES` lines before a separator are cut
out. Cheaper still: the text reader says when every line of the chunk matched a metric template none of which is a
sample's label (`feed(..., metric_lines_only=True)`): then no mark is looked for. Measuring the samples is the
diagnosis's business (`diagnosis/samples.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .model import Run

OUTPUT_LABELS = ("generated", "prediction", "predicted", "sample", "output", "decoded")
"""Labels of a field holding the model's output (an optional ` text` after them: `Generated text:`)."""
SOURCE_LABELS = ("input", "source", "prompt")
"""Labels of a field holding the input an output answers."""
REFERENCE_LABELS = ("target", "label", "reference", "expected")
"""Labels of a field holding the reference an output is scored against, on a line with an output."""
SEPARATOR = re.compile(rb"[ \t]*-{10,}[ \t\r]*$")
"""A separator line (nanoGPT prints 15 dashes)."""
LABELLED = re.compile(
    rb"(?m)(?:^|\|)[ \t]*(?i:" + "|".join(OUTPUT_LABELS + SOURCE_LABELS).encode() + rb")(?i: text)?[ \t]*[:=]"
)
"""A line holding an output or input field (at its start or after a `|`)."""
FIELD = re.compile(
    r"[ \t]*(?P<label>(?i:" + "|".join(OUTPUT_LABELS + SOURCE_LABELS + REFERENCE_LABELS) + r")(?i: text)?)[ \t]*[:=]"
    r"[ \t]?(?P<value>.*)",
    re.DOTALL,
)
"""One labelled field of a labelled line."""
FIELD_SPLIT = " | "
"""What separates a labelled line's fields (`step 100 | sample: ...`, `input: ... | prediction: ...`)."""
WORDS = (b"----------", b"generated", b"predict", b"sample", b"output", b"decoded", b"input", b"source", b"prompt")
"""Words (lower case) a mark's line starts with or holds after a `|`."""
LINE_WORD = re.compile(rb"\n[ \t]*(?i:-{10}|generated|predict|sample|output|decoded|input|source|prompt)")
"""A line starting with a mark word."""
FIELD_WORDS = tuple((word[:1], word[1:]) for word in WORDS[1:])
"""Words a labelled field after a `|` starts with, as (first letter, rest): the rest is found by `bytes.find` in the
chunk as it is (~2 ms a MiB each, and only for the words whose every letter occurs), the first letter checked in
either case (`Sample`, `sample`). A regex alternation over every `|` of a chunk costs ~9 ms a MiB, lower-casing it ~5.
Measured on 400,000 lines `step N | loss X | lr Y | grad_norm Z` (letters of `generated` and `sample` there): ~3 ms
a MiB more than labels at line starts alone (3.6 -> 6.6)."""
STEP = re.compile(rb"(?:global_step|step|iter(?:ation)?)['\"]?[ \t]*[:=]?[ \t]*(\d+)")
"""A step mention (`step 10`, `iter 10:`, `'step': 30`, `global_step=30`), matched in lower-cased text."""
LINE_STEP = re.compile(r"(?<![\w])(?:global_step|step|iter(?:ation)?)['\"]?[ \t]*[:=]?[ \t]*(\d+)", re.IGNORECASE)
"""The same, in the fields of a labelled line before its output (`step 100 | sample: ...`)."""
MAX_STEP_TRIES = 64
"""Occurrences of `step`/`iter` tried, from the last one back, when looking for the step in force (`5ms/step` on
every Keras line is no mention; past these, the step stays the one found before)."""
NUMBERED_SHARE = 0.5
"""A block between separators whose lines hold a digit this often or more is the log's own block, not generated text
(SR-GNN prints a rule over each epoch's `epoch:  0`, `[0/20] Loss: 4.6154`, timestamps and recalls; nanoGPT's
Shakespeare holds no digit)."""
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
_DIGIT = re.compile(rb"[0-9]")


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
        for start, end in marks:
            self.advance(chunk, lowered, cursor, start)
            line += chunk.count(b"\n", counted, start)
            counted = cursor = end + 1  # past the mark's line
            if SEPARATOR.match(chunk, start, end):
                text = "\n".join(decode(raw) for raw in self.pending).strip("\n")
                if text.strip() and not numbered(self.pending):
                    self.add(SampleEvent(line - 1, self.step, text, file=self.file))
                self.pending = []
            else:
                self.take_line(decode(chunk[start:end]), line)
            line += 1
        self.advance(chunk, lowered, cursor, len(chunk))

    def take_line(self, text: str, line: int) -> None:
        """A labelled line: its output (with its input, from the line or the line before) is a sample; an input
        alone waits for the output on a later line."""
        output: str | None = None
        source: str | None = None
        before: list[str] = []  # the fields before the output: a step mention there is the sample's step
        fields = text.split(FIELD_SPLIT)
        if not any(_is_reference(field) for field in fields):  # `| output: 0.52` alone is a metric, not a sample
            fields = [field for field in fields if not _numeric_field(field)]
        for field in fields:
            found = FIELD.match(field)
            label = found.group("label").lower().split()[0] if found else None
            if found is None or label in REFERENCE_LABELS:
                if output is None and found is None:
                    before.append(field)
                if found is not None:
                    self.count_label(found.group("label"))
                continue
            self.count_label(found.group("label"))
            if label in SOURCE_LABELS:
                source = source if source is not None else found.group("value").strip()
            elif output is None:
                output = found.group("value").strip()
        if output is None:
            self.source = source
            return
        steps = LINE_STEP.findall(" ".join(before))
        if steps:
            self.step = float(steps[-1])
        self.add(SampleEvent(line, self.step, output, source if source is not None else self.source, self.file))
        self.source, self.pending = None, []

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

    def count_label(self, label: str) -> None:
        name = label.replace(" ", "_")  # as the text reader would name a metric of it
        self.labels[name] = self.labels.get(name, 0) + 1

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


def _is_reference(field: str) -> bool:
    found = FIELD.match(field)
    return found is not None and found.group("label").lower().split()[0] in REFERENCE_LABELS


def _numeric_field(field: str) -> bool:
    """A labelled field holding one number (`output: 0.52`, `sample=12`): a value the text reader keeps as a metric."""
    found = FIELD.match(field)
    if found is None:
        return False
    try:
        float(found.group("value").strip().rstrip("%"))
    except ValueError:
        return False
    return True


def numbered(lines: list[bytes]) -> bool:
    """Whether NUMBERED_SHARE of the non-blank `lines` or more hold a digit."""
    filled = [line for line in lines if line.strip()]
    return sum(bool(_DIGIT.search(line)) for line in filled) >= NUMBERED_SHARE * len(filled)


def find_marks(chunk: bytes) -> list[tuple[int, int]]:
    """The (start, end) of the mark lines of a chunk (separators, labelled lines), in order. Cheap for a chunk of
    metric lines, which holds few distinct letters: the lines are searched (one regex pass, ~0.2 us a line) only
    when each letter of some mark word occurs in the chunk (a one-byte `in` is a `memchr`); the mark patterns are
    tried on the lines where a mark word starts the line or follows a `|`."""
    present: dict[int, bool] = {}

    def occurs(byte: int) -> bool:
        if byte not in present:
            present[byte] = bytes((byte,)) in chunk or bytes((byte,)).upper() in chunk
        return present[byte]

    if not any(all(occurs(byte) for byte in set(word)) for word in WORDS):
        return []
    starts = {0, *(found.start() + 1 for found in LINE_WORD.finditer(chunk))}
    for first, rest in FIELD_WORDS:
        at = chunk.find(rest, 1) if all(occurs(byte) for byte in set(first + rest)) else -1
        while at >= 0:
            before = at - 2  # the byte before the word's first letter
            if chunk[at - 1 : at].lower() == first:
                while before >= 0 and chunk[before] in b" \t":
                    before -= 1
                if before >= 0 and chunk[before] == 0x7C:  # a `|` before the word: a field of a labelled line
                    starts.add(chunk.rfind(b"\n", 0, before) + 1)
            at = chunk.find(rest, at + len(rest))
    marks = []
    for start in sorted(starts):
        end = chunk.find(b"\n", start)
        end = len(chunk) if end < 0 else end
        if SEPARATOR.match(chunk, start, end) or LABELLED.search(chunk, start, end):
            marks.append((start, end))
    return marks


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
