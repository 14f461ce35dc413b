"""Plain-text training output: the console lines training scripts print.

Shapes read (metric names as the log spells them, a space inside a name becomes `_`):

- pipe-separated: `step 10 | loss 0.69 | lr 1e-3` (also `name: value` fields);
- `key=value` logging lines: `2024-05-01 12:00:00 INFO step=10 loss=0.69 grad_norm=1.2`;
- nanoGPT: `iter 100: loss 2.3456, time 12.3ms, mfu 1.2%` and `step 200: train loss 2.1, val loss 2.3`
  (names `loss`, `time`, `mfu`, `train_loss`, `val_loss`; units are dropped);
- Keras: `Epoch 3/10` then `... - loss: 0.5 - accuracy: 0.8 - val_loss: 0.6` (step = epoch);
- Hugging Face Trainer console dicts: `{'loss': 0.5, 'grad_norm': 1.2, 'learning_rate': 5e-05, 'epoch': 0.1}`
  (transformers 5 quotes the values: `{'loss': '0.7421', ...}`; both are read).
  The Trainer prints no step: the step is the index of the training dict (1, 2, ... the n-th dict holding
  `loss`; multiply by `logging_steps` for optimizer steps) unless the dict has a `step` key; evaluation and
  final dicts take the index of the training dict before them; `epoch` stays a metric.

The step of a line is its `step`/`global_step`/`iter`/`iteration` field, else its `epoch` field, else the step
in force (the last one seen; in a log where no line carries a step, the metric line's index 1, 2...). In a log
whose metric lines carry steps, step-less `key=value` lines (configuration printed at start) are not metrics.
`nan`, `inf`, `-inf` are values. tqdm bars and other noise are ignored.

How it stays fast (1.5-1.7 million lines/s on one core, `python bench/bench_text.py`) with memory bounded by the
series kept: no Python code runs per metric line.

1. The file is read in 1 MiB chunks of whole lines (small enough for a chunk's row objects to stay in the CPU
   cache: ~25% faster than 4 MiB). The line shapes ("templates") are learned from the first 64 KiB.
2. One compiled regex, the alternation of the templates, runs `findall` over the whole chunk: one tuple of
   captured cells per metric line. Template regexes use possessive runs and plain character classes.
3. In a log whose lines all carry their step (`step 10 | loss 0.69`, `step=10 loss=0.69`, nanoGPT), the cells
   are converted in bulk: with one template, one `map(float)` over all cells and a strided slice per series
   (`_TextReader.take_all_numbers`); otherwise column by column. Logs whose lines take the step in force
   (Keras, Hugging Face dicts, step-less lines) are walked match by match instead (`read_in_order`).
4. Warning/error lines are found by a few literal word scans of the chunk, only for the words whose letters
   all occur in it: a chunk of metric lines usually needs none or one (`events.hint_positions`).
5. The cyclic garbage collector is paused while reading (the reader makes no cycles; it would walk the row
   tuples again and again).

A shape first seen later is learned from each chunk's first 16 KiB, and (for logs read line by line: Keras,
Hugging Face, step-less lines) from the unmatched lines between matches; the chunk is then read again.
Limit: in a log whose lines all carry steps, a shape that appears only deep inside a chunk is not read.
"""

from __future__ import annotations

import gc
import re
import sys
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain, compress
from pathlib import Path

from ..errors import UnreadableInputError
from ..workspace import Vet, open_vetted, regular_file
from .contract import LogFormat
from .events import classify_line, hint_positions, suspect_lines
from .model import Event, Run, Series

FORMAT = LogFormat.TEXT
SUFFIXES = (".log", ".txt", ".out")
CHUNK_BYTES = 1 << 20
HEAD_BYTES = 64 << 10
MAX_LINE_BYTES = 1 << 20
SAMPLE_BYTES = 16 << 10
"""Each later chunk's first 16 KiB is sampled for metric-line shapes not seen yet."""
MAX_UNMATCHED = 200
MAX_TEMPLATES = 16
STEP_KEYS = ("step", "global_step", "iter", "iteration")

NUM = rb"[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|(?i:nan|inf(?:inity)?))"
POSSESSIVE = b"+" if sys.version_info >= (3, 11) else b""
"""Possessive quantifiers (Python 3.11+) spare the regex engine its backtracking bookkeeping: ~10% faster.
They match what greedy ones would: in a template every run is followed by a character the run cannot take."""
LOOSE_NUM = rb"[-+.0-9eEnaNAifIFty]+" + POSSESSIVE
"""What a value looks like inside a learned template: loose and fast; `float()` has the last word
(`0-9`, not `\\d`: a plain bitmap test, ~10% faster on a whole template)."""
WHITESPACE = rb"[ \t]+" + POSSESSIVE
DIGITS = rb"[0-9]+" + POSSESSIVE
LETTERS = rb"[A-Za-z]+" + POSSESSIVE
_PAIR = re.compile(
    rb"(?<![\w./-])['\"]?((?:(?:train|val|valid|validation|test|eval) )?[A-Za-z_][\w./-]*)['\"]?"
    rb"(\s*[:=]\s*['\"]?|[ \t]+)(" + NUM + rb")(ms|s|%)?(?![\w./])"
)
_KERAS_EPOCH = re.compile(rb"^[ \t]*Epoch[ \t]+\d+/\d+[ \t\r]*$")
_KERAS_EPOCH_TEMPLATE = rb"[ \t]*Epoch[ \t]+(\d+)/\d+"
_JSON_START = re.compile(rb"^\s*(?:\[\s*[\[{\"\d-]|\{\s*\")")
_DIGIT = re.compile(rb"\d")
_NOISE = re.compile(rb"\d+%\||it/s\]|s/it\]|\r|^\s*File \"")
"""tqdm bars and traceback frames (`File "x.py", line 3`): numbers, but no metrics."""
_LITERAL_TOKEN = re.compile(rb"[ \t]+|\d+|[^ \t\d]+")
_PREFIX_TOKEN = re.compile(rb"[ \t]+|\d+|[A-Za-z]+|.")


@dataclass
class Template:
    """One metric-line shape: its regex (no groups numbered yet) and what each value group means."""

    pattern: bytes
    names: list[str | None]  # per group: the metric name, or None for a group that is not a metric
    step_group: int | None  # index into `names` of the step (or epoch used as step)
    role: str = "metrics"  # metrics | dict (Hugging Face console dict) | epoch_marker (Keras `Epoch 3/10`)
    first_group: int = 0  # number of the template's first group in the combined regex (set when combined)

    @property
    def last_group(self) -> int:
        return self.first_group + len(self.names) - 1

    @property
    def step_cell(self) -> int:
        """`step_group` of a template known to have one (every template, when a log is read in bulk)."""
        assert self.step_group is not None
        return self.step_group


def _literal(piece: bytes, digits: bool = True) -> bytes:
    """A regex for literal text: whitespace runs (and, between values, digit runs) generalised."""
    out = []
    for token in _LITERAL_TOKEN.findall(piece):
        if token[:1] in b" \t":
            out.append(WHITESPACE)
        elif digits and token[:1].isdigit():
            out.append(DIGITS)
        else:
            out.append(re.escape(token))
    return b"".join(out)


def _prefix(piece: bytes) -> bytes:
    """A regex for the text before a line's first metric (timestamps, levels, logger names): its shape only."""
    out = []
    for token in _PREFIX_TOKEN.findall(piece):
        if token[:1] in b" \t":
            out.append(WHITESPACE)
        elif token[:1].isdigit():
            out.append(DIGITS)
        elif token[:1].isalpha():
            out.append(LETTERS)
        else:
            out.append(re.escape(token))
    return b"".join(out)


def metric_name(raw: bytes, separator: bytes) -> str:
    """The name as the log spells it; `train loss 2.1` gives `train_loss`, `INFO train step=3` gives `step`."""
    name = raw.decode("ascii")
    if b"=" in separator:
        return name.split(" ")[-1]
    return name.replace(" ", "_")


def template_of(line: bytes) -> Template | None:
    """The template of one metric line, or None when the line holds no metric."""
    if _KERAS_EPOCH.match(line):
        return Template(_KERAS_EPOCH_TEMPLATE, [None], step_group=0, role="epoch_marker")
    if _NOISE.search(line):
        return None
    pairs = list(_PAIR.finditer(line))
    names = [metric_name(m.group(1), m.group(2)) for m in pairs]
    lowered = [n.lower() for n in names]
    is_dict = line.lstrip().startswith(b"{")
    step_group = next((i for i, n in enumerate(lowered) if n in STEP_KEYS), None)
    if step_group is None and not is_dict:
        step_group = next((i for i, n in enumerate(lowered) if n == "epoch"), None)
    if not [i for i in range(len(names)) if i != step_group]:
        return None
    parts = [_prefix(line[: pairs[0].start()])]
    seen: set[str] = set()
    kept: list[str | None] = []
    for i, m in enumerate(pairs):
        if i:
            parts.append(_literal(line[pairs[i - 1].end() : m.start()]))
        parts.append(_literal(line[m.start() : m.start(3)], digits=False) + b"(" + LOOSE_NUM + b")")
        if m.group(4):
            parts.append(re.escape(m.group(4)))
        duplicate = names[i] in seen or i == step_group
        seen.add(names[i])
        kept.append(None if duplicate else names[i])
    return Template(b"".join(parts), kept, step_group, role="dict" if is_dict else "metrics")


def collect_templates(lines: Sequence[bytes], seen: dict[bytes, Template], counts: Counter[bytes]) -> bool:
    """Add the templates of `lines` to `seen` (counting them); True when a new one appeared."""
    grew = False
    suspects = suspect_lines(lines)
    for index, line in enumerate(lines):
        if index in suspects and classify_line(line.decode("utf-8", errors="replace")) is not None:
            continue  # a warning that happens to hold numbers (`skipping batch 17`) is no metric line
        template = template_of(line)
        if template is not None:
            grew = grew or template.pattern not in seen
            counts[template.pattern] += 1
            seen.setdefault(template.pattern, template)
    return grew


def select_templates(seen: dict[bytes, Template], counts: Counter[bytes]) -> list[Template]:
    """The templates to match with, most specific first; step-less config lines dropped when others have steps."""
    templates = list(seen.values())
    stepped = any(t.step_group is not None and t.role == "metrics" for t in templates)
    if stepped and not any(t.role == "epoch_marker" for t in templates):
        templates = [t for t in templates if t.step_group is not None or t.role != "metrics"]
    templates.sort(key=lambda t: (-len(t.names), -counts[t.pattern]))
    return templates[:MAX_TEMPLATES]


def combine(templates: list[Template]) -> re.Pattern[bytes]:
    """One multiline regex trying every template at each line start; numbers each template's groups."""
    group = 1
    for template in templates:
        template.first_group = group
        group += len(template.names)
    return re.compile(rb"(?m)^(?:" + b"|".join(t.pattern for t in templates) + rb")")


def looks_binary(head: bytes) -> bool:
    """NUL bytes, or mostly bytes that are not UTF-8: not a text log."""
    if b"\x00" in head:
        return True
    text = head.decode("utf-8", errors="replace")
    return text.count("\ufffd") > max(8, len(text) // 10)


def sniff(path: Path, head: bytes) -> bool:
    """Any text file that is not JSON may be a console log (text is the fallback format)."""
    return bool(head) and not looks_binary(head) and not _JSON_START.match(head)


def claims_dir(path: Path) -> bool:
    return False


def line_chunks(path: Path, shown: str) -> Iterator[tuple[bytes, int]]:
    """`(chunk, number of its first line)`: the file in ~1 MiB pieces of whole lines, each ending in a newline."""
    line = 1
    rest = b""
    with open_vetted(path, "rb") as handle:
        while block := handle.read(CHUNK_BYTES):
            data = rest + block
            cut = data.rfind(b"\n") + 1
            rest = data[cut:]
            if len(rest) > MAX_LINE_BYTES:
                long_line = line + data.count(b"\n", 0, cut)
                raise UnreadableInputError(
                    f"{shown}: line {long_line} is longer than {MAX_LINE_BYTES >> 20} MiB; "
                    "this is not a line-by-line training log. Pass the run's metrics file (text, JSONL, CSV) "
                    "or the right format= for it"
                )
            if cut:
                yield data[:cut], line
                line += data.count(b"\n", 0, cut)
    if rest:
        yield rest + b"\n", line


@dataclass
class _Checkpoint:
    """What a chunk may change, to undo it when the chunk is read again with new templates."""

    lengths: dict[str, int]
    events: int
    events_total: int
    step: float | None
    counted: int


class _TextReader:
    """The state of reading one text log: the templates known so far, the step in force, the run being filled."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.seen: dict[bytes, Template] = {}
        self.counts: Counter[bytes] = Counter()
        self.step: float | None = None
        self.counted = 0  # metric lines with no step and no epoch marker above them: numbered 1, 2...
        self.adopt([])

    def adopt(self, templates: list[Template]) -> None:
        """Match with `templates` from now on (rebuilds the combined regex and the column map)."""
        self.templates = templates
        self.regex = combine(templates) if templates else re.compile(rb"(?!)")
        self.ordered = any(t.step_group is None or t.role != "metrics" for t in templates)
        self.by_last_group = {t.last_group: t for t in templates}
        self.has_marker = any(t.role == "epoch_marker" for t in templates)
        self.sources: dict[str, list[tuple[int, int]]] = {}  # metric name -> (value, step) columns
        for template in templates:
            if template.step_group is None:
                continue
            step_column = template.first_group - 1 + template.step_group
            for offset, name in enumerate(template.names):
                if name is not None:
                    self.sources.setdefault(name, []).append((template.first_group - 1 + offset, step_column))

    def learn(self, lines: Iterable[bytes]) -> bool:
        """Learn the templates of `lines`; True (and the regex rebuilt) when a new one appeared."""
        new = [line for line in lines if not self.regex.match(line)]
        if not collect_templates(new, self.seen, self.counts):
            return False
        self.adopt(select_templates(self.seen, self.counts))
        return True

    def read_chunk(self, chunk: bytes, first_line: int) -> None:
        """Read a chunk; if it shows a metric-line shape not known yet, learn it and read the chunk again."""
        sample = chunk[: HEAD_BYTES if not self.seen else SAMPLE_BYTES]
        self.learn(sample[: sample.rfind(b"\n") + 1].splitlines())
        checkpoint = self.checkpoint()
        unmatched = self.read_once(chunk, first_line)
        if unmatched and self.learn(unmatched):
            self.rollback(checkpoint)
            self.read_once(chunk, first_line)

    def read_once(self, chunk: bytes, first_line: int) -> list[bytes]:
        hits = self.event_lines(chunk)
        if self.ordered:
            return self.read_in_order(chunk, first_line, hits)
        step_before = self.step
        self.read_in_bulk(chunk)
        self.add_bulk_events(chunk, first_line, hits, step_before)
        return []

    def checkpoint(self) -> _Checkpoint:
        lengths = {name: len(series) for name, series in self.run.metrics.items()}
        return _Checkpoint(lengths, len(self.run.events), self.run.events_total, self.step, self.counted)

    def rollback(self, checkpoint: _Checkpoint) -> None:
        for name in list(self.run.metrics):
            keep = checkpoint.lengths.get(name, 0)
            if not keep:
                del self.run.metrics[name]
                continue
            series = self.run.metrics[name]
            del series.steps[keep:]
            del series.values[keep:]
        del self.run.events[checkpoint.events :]
        self.run.events_total = checkpoint.events_total
        self.step, self.counted = checkpoint.step, checkpoint.counted

    def event_lines(self, chunk: bytes) -> list[tuple[int, int, int]]:
        """`(start, end, 0-based line in chunk)` of every line the cheap event regex hits."""
        found = []
        line = 0
        counted_to = 0
        last_start = -1
        for position in hint_positions(chunk):
            start = chunk.rfind(b"\n", 0, position) + 1
            if start == last_start:
                continue
            last_start = start
            line += chunk.count(b"\n", counted_to, start)
            counted_to = start
            found.append((start, chunk.find(b"\n", position), line))
        return found

    def add_event(self, chunk: bytes, start: int, end: int, line: int, step: float | None) -> None:
        text = chunk[start:end].decode("utf-8", errors="replace").strip()
        verdict = classify_line(text)
        if verdict is not None:
            level, kind = verdict
            self.run.add_event(Event(line=line, level=level, text=text, kind=kind, step=step))

    def read_in_bulk(self, chunk: bytes) -> None:
        """Every metric line carries its own step: convert whole columns at once, no Python code per line.

        Every template then has a step and a metric, so `findall` gives tuples (of two cells or more)."""
        rows: list[tuple[bytes, ...]] = self.regex.findall(chunk)  # the captured cells of each metric line
        if not rows:
            return
        width = self.regex.groups
        if len(self.templates) != 1 or not self.take_all_numbers(rows, width):
            self.take_columns(rows, width)
        self.step = self.last_step(rows, self.step)

    def last_step(self, rows: list[tuple[bytes, ...]], step_before: float | None) -> float | None:
        """The step of the last row whose step is a number (the step in force after these rows)."""
        for row in reversed(rows):
            for template in self.templates:
                if row[template.first_group - 1]:
                    step = _number(row[template.first_group - 1 + template.step_cell])
                    if step is not None:
                        return step
        return step_before

    def take_all_numbers(self, rows: list[tuple[bytes, ...]], width: int) -> bool:
        """The fast path (one template, every cell a number): one `map(float)` over all the cells, then each
        series takes its column as a strided slice. False, having changed nothing, when a cell is no number."""
        try:
            numbers = list(map(float, chain.from_iterable(rows)))
        except ValueError:
            return False
        template = self.templates[0]
        steps = array("d", numbers[template.step_cell :: width])
        for offset, name in enumerate(template.names):
            if name is not None:
                series = self.run.series(name)
                series.steps.extend(steps)
                series.values.fromlist(numbers[offset::width])
        return True

    def take_columns(self, rows: list[tuple[bytes, ...]], width: int) -> None:
        """Column by column: several templates (a row fills one template's cells, the others' are empty), or
        cells that are no number (`-`, `e`: the templates' value pattern is loose), dropped pair by pair."""
        flat = list(chain.from_iterable(rows))
        columns = [flat[i::width] for i in range(width)]
        single = len(self.templates) == 1
        steps_of_column: dict[int, array | Sequence[bytes]] = {}
        for name, sources in self.sources.items():
            values = _merged([columns[v] for v, _ in sources])
            if single:
                step_column = sources[0][1]
                if step_column not in steps_of_column:
                    steps_of_column[step_column] = _step_column(columns[step_column])
                _extend(self.run.series(name), steps_of_column[step_column], values)
            else:
                steps = _merged([columns[s] for _, s in sources])
                _extend(self.run.series(name), list(compress(steps, values)), list(compress(values, values)))

    def add_bulk_events(
        self, chunk: bytes, first_line: int, hits: list[tuple[int, int, int]], step_before: float | None
    ) -> None:
        """The events of a chunk read in bulk, each with the step of the last metric line at or before it.

        Bulk mode keeps no line positions, so each event looks back for its metric line, but no further than the
        event before it (whose step is known): every line of the chunk is looked at once at most, however many
        events there are. Once the run keeps no more events, they are only counted."""
        floor, floor_step = -1, step_before
        for start, end, line in hits:
            if self.run.events_full:
                self.add_event(chunk, start, end, first_line + line, None)
                continue
            step = self.step_at(chunk, start, floor, floor_step)
            self.add_event(chunk, start, end, first_line + line, step)
            floor, floor_step = start, step

    def step_at(self, chunk: bytes, start: int, floor: int, floor_step: float | None) -> float | None:
        """The step of the last metric line at or before the line starting at `start`, looking back down to
        (not including) the line starting at `floor`, whose step in force is `floor_step`."""
        while start > floor:
            match = self.regex.match(chunk, start)
            if match:
                template = self.by_last_group[match.lastindex or 0]
                step = _number(match.group(template.first_group + template.step_cell))
                if step is not None:
                    return step
            if start == 0:
                break
            start = chunk.rfind(b"\n", 0, start - 1) + 1
        return floor_step

    def read_in_order(self, chunk: bytes, first_line: int, hits: list[tuple[int, int, int]]) -> list[bytes]:
        """Some lines take the step in force (Keras, HF dicts, step-less lines): walk the matches in order.

        Returns up to `MAX_UNMATCHED` lines between matches that hold digits: candidates for a new shape.
        """
        pending = iter(hits)
        hit = next(pending, None)
        unmatched: list[bytes] = []
        line_end = 0
        for match in self.regex.finditer(chunk):
            if match.start() > line_end and len(unmatched) < MAX_UNMATCHED:
                unmatched += [line for line in chunk[line_end : match.start()].splitlines() if _DIGIT.search(line)]
            while hit is not None and hit[0] < match.start():
                self.add_event(chunk, hit[0], hit[1], first_line + hit[2], self.step)
                hit = next(pending, None)
            self.take(self.by_last_group[match.lastindex or 0], match)
            line_end = chunk.find(b"\n", match.end()) + 1
        while hit is not None:
            self.add_event(chunk, hit[0], hit[1], first_line + hit[2], self.step)
            hit = next(pending, None)
        return unmatched[:MAX_UNMATCHED]

    def take(self, template: Template, match: re.Match[bytes]) -> None:
        """One metric line, read in order. Cells the loose value pattern took that are no number (a line cut
        off at `lr: 1e-`) are dropped, as the bulk path does; a line whose step is no number is dropped whole."""
        values = [match.group(template.first_group + i) for i in range(len(template.names))]
        if template.step_group is not None:
            step_read = _number(values[template.step_group])
            if step_read is None:
                return
            self.step = step_read
        elif "loss" in template.names if template.role == "dict" else not self.has_marker:
            self.counted += 1
            self.step = float(self.counted)
        if template.role == "epoch_marker":
            return
        step = self.step if self.step is not None else 0.0
        for name, value in zip(template.names, values, strict=True):
            if name is not None and (number := _number(value)) is not None:
                self.run.series(name).append(step, number)


def _number(cell: bytes) -> float | None:
    """`float(cell)`, or None when the loosely matched cell is no number."""
    try:
        return float(cell)
    except ValueError:
        return None


def _extend(series: Series, steps: array | Sequence[bytes], values: Sequence[bytes]) -> None:
    """Append a column of values (and their steps) in bulk; pairs that are not numbers are dropped."""
    try:
        converted = list(map(float, values))  # a list, then `fromlist`: ~10% faster than `array("d", map(...))`
        steps = steps if isinstance(steps, array) else array("d", list(map(float, steps)))
    except ValueError:
        for step, value in zip(steps, values, strict=True):
            try:
                series.append(float(step), float(value))
            except ValueError:
                continue
        return
    series.steps.extend(steps)
    series.values.fromlist(converted)


def _step_column(cells: Sequence[bytes]) -> array | Sequence[bytes]:
    try:
        return array("d", list(map(float, cells)))
    except ValueError:
        return cells


def _merged(columns: list[list[bytes]]) -> list[bytes]:
    """One column from several: each row is empty in all but (at most) one of them."""
    if len(columns) == 1:
        return columns[0]
    return [b"".join(cells) for cells in zip(*columns, strict=True)]


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while reading: `findall` makes ~100,000 row tuples per chunk, and the
    collector would walk them over and over (~15% of the time) to find no cycle (the reader makes none)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read(path: Path, source: str, vet: Vet = regular_file) -> list[Run]:
    """Read one text log into one run; raise `UnreadableInputError` when it holds no metric line nor event."""
    path = vet(path)
    run = Run(source=source, format=FORMAT, files=[str(path)])
    reader = _TextReader(run)
    chunk, first_line = b"", 1
    with _gc_paused():
        for chunk, first_line in line_chunks(path, source):
            reader.read_chunk(chunk, first_line)
    run.lines = lines = first_line - 1 + chunk.count(b"\n")
    if not run.metrics and not run.events_total:
        raise UnreadableInputError(
            f"{source}: no metric lines found in {lines} lines. Text shapes read: 'step 10 | loss 0.69', "
            "'step=10 loss=0.69', nanoGPT 'iter 10: loss 2.3', Keras 'Epoch 1/3' + '- loss: 0.5', Hugging Face "
            "\"{'loss': 0.5, ...}\"; pass format='jsonl' or 'csv' if the file is one of those"
        )
    return [run]
