"""Plain-text training output: the console lines training scripts print, whatever their shape.

A line is read as prefix + content (`lines.py`): time stamps, levels, `[rank0]:`, glog and `file.py:123` prefixes
are told apart from the content, whose fields are names and values as the log writes them (`Train Loss 0.52,
Valid Loss 0.61` gives `Train_Loss` and `Valid_Loss`; roles are assigned after reading), step and epoch counters
(`Step 10/6501`, `Epoch [3][50/7512]`, `ep: 2, batch: 20`), percentages, `[0.001]` lists and `4,007,990`.
ANSI codes, `\r` redraws and tqdm bars are removed first; a log in UTF-16, GBK or Latin-1 is transcoded to UTF-8 as it
streams. Examples of the shapes read: pipe-separated
`step 10 | loss 0.69`, `key=value` logging lines, nanoGPT `iter 100: loss 2.34, time 12.3ms`, Keras `Epoch 3/10`
+ `- loss: 0.5`, Hugging Face console dicts, mmdet/PyTorch-meter `Epoch: [0][10/250]  Loss 12.6 (12.4)`, glued
tqdm + logging lines, `Eval epoch: 3` blocks.

Steps, a person's reading of the file:
- a line's own step counter; with an epoch on the line, one global axis: epoch index * the printed total +
  step, or (no total) the counter's last value plus its gap added at each restart; a counter that goes on
  across epochs is the global step; the line's epoch at each such step is the run's `epoch` axis (`Run.axes`);
- else the line's epoch; several values of one series at one epoch printed on the line itself
  (`Epoch 3 - Batch loss: 0.5`) keep their order on an index axis 1, 2, ...;
- else the marker in force: a line of counters only (`Epoch 3/10`, `[ROUND 5]`, `Eval epoch: 3`) gives its epoch
  to the lines below it, several per epoch kept in order; a validation/test marker qualifies their names
  (`Eval_mean_loss`), as a heading naming a split does (`Evaluation Results:`) until a line with its own step;
  a counter-only line with the same value under each epoch header (`batch = 405`) is a size;
- Hugging Face dicts: their `epoch` times the steps per epoch, from the Trainer's `Total optimization steps` /
  `Num Epochs` or its training bar's total (`_DictSteps`; `epoch`, a counter, becomes the run's axis);
- else the metric line's index among the lines of its shape (`batch loss:4.02` under two lines of another shape is
  point 1; Hugging Face dicts with no total printed: the index of the training dict); once a
  line with a step counter was read, a step-less line takes the step in force instead;
- a line whose counter stands at its total at every epoch (the final tqdm bar of each epoch), or at one same value
  at every epoch (a line logged once per epoch: `[train] epoch:163 iter:0/18 ... loss:0.40`), is on the epoch axis;
  a headerless `index value` table (`0 0.3457`) is one series on its index, named by the file.
No metric: hyperparameter echoes (`Namespace(...)`, and any line printed once, without a counter, before the
metric lines start; in a log whose lines never repeat, single values and wide dicts), versions, paths, file:line,
counts, seeds and ranks, a device's properties, prose (`New best model saved with BLEU-2: 65.76`), a Markdown
table's header row, a JSON document's member lines (a config dump), settings printed again at each restart (a
step-less line repeating one value far less often than the lines with a step; a listing of 6+ one-value lines in a
row printed more than once). Under an epoch header, a second loop's line of another shape giving the epoch's names
again (Keras `evaluate` after `fit`) is `eval_` values. A line
that also warns keeps its values (learned from its part before the warning); the warning is an event all the same.
`nan`/`inf` are values. Names apart: a step-less summary reusing a curve's name (`mIoU_summary`), an epoch line
reusing per-batch names (`epoch_loss`), values named by a split alone under a split tag (`[eval]_val`).

How it stays fast (1M metric lines: ~0.9x the single-purpose reader it replaced, `python bench/bench_text.py`)
with memory bounded by the series kept: no Python code runs per metric line where the lines carry their step.

1. The file is read in 1 MiB chunks of whole lines; each chunk is cleaned (ANSI, `\r`, bars: only when the chunk
   holds those bytes).
2. Line shapes ("templates": a regex per shape, values as groups, names literal) are learned over the whole file:
   the lines of a chunk no template matched are told apart by their shape with digits aside, and one
   `template_of` runs per new shape; when a chunk shows a new one, the chunk is read again.
3. One compiled regex, the alternation of the templates, runs `findall` over the whole chunk: one tuple of
   captured cells per metric line. Template regexes use possessive runs and plain character classes.
4. In a log whose lines all carry their step (or epoch) alone, the cells are converted in bulk: with one
   template, one `map(float)` over all cells and a strided slice per series (`TextReader.take_all_numbers`);
   otherwise column by column. Logs that need context (markers, epoch-scoped counters, step-less lines, dicts)
   are walked match by match instead (`read_in_order`).
5. Warning/error lines are found by a few literal word scans of the chunk, only for the words whose letters
   all occur in it (`events.hint_positions`).
6. The cyclic garbage collector is paused while reading (the reader makes no cycles).
"""

from __future__ import annotations

import codecs
import gc
import math
import re
import sys
from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field as default_field
from enum import Enum, unique
from functools import cache, partial
from itertools import chain, compress
from operator import eq, le
from pathlib import Path
from typing import IO

from ..cancel import check_cancelled
from ..errors import UnreadableInputError
from ..workspace import Vet, open_vetted, regular_file
from .contract import HEAD_BYTES, LogFormat
from .events import classify_line, hint_positions, suspect_lines
from .lines import (
    BAR_POSITION,
    BAR_POSTFIX,
    DURATION_PART,
    FILE_PATH,
    KERAS_BAR,
    NAME_AFTER_VALUE,
    NAME_INDEX,
    SPLIT_WORDS,
    Kind,
    Tables,
    clean_chunk,
    heading_over,
    held_out_heading,
    index_in_name,
    is_train,
    open_box_start,
    parse_content,
    prefix_end,
    section_title,
    split_headings,
    split_numbered,
)
from .model import MAX_METRICS_PER_RUN, Event, Run, Series, metric_name
from .roles import is_axis, names_a_learning_rate, names_a_measure, split_of, words
from .samples import LABELLED, SampleScanner
from .stated import classes_stated, loss_stated, lr_stated

FORMAT = LogFormat.TEXT
SUFFIXES = (".log", ".txt", ".out")
CHUNK_BYTES = 1 << 20
MAX_LINE_BYTES = 1 << 20
MAX_NEW_SHAPES = 4000
"""Lines of new shapes (digits aside) looked at per chunk for new templates: a chunk of 1 MiB of distinct prose
costs ~20 ms at most; the rest of such a chunk is not learned from (its known shapes are still read)."""
MAX_SHAPES_REMEMBERED = 50_000
"""Line shapes remembered as already learned from (~5 MB): past that they are forgotten and may be looked at again,
so that memory stays bounded by the points kept, not by the file's variety."""
MAX_TEMPLATE_BYTES = 1 << 14
"""A line longer than this (16 KiB) is learned from no more: no loop prints such a line of metrics, a document dumped
on one line does (round85's KQ-005, 648 KB of game states), and its template's regex costs time growing faster than its
length (a 128 KB line 4 s, that one 28 s). Lines of known shapes are still read, however long."""
MAX_TEMPLATES_KEPT = 4_000
"""Templates known (matched or not); past that, those that never read a line are forgotten."""
MAX_TEMPLATES = 48
KEPT_BY_USE = 16
"""Of those, the most used are always kept; new ones take the other places first."""
"""Templates matched at once (the alternation is tried at each line start). New ones and the most used are kept;
one printed once (a config line) gives its place, and is learned again if its shape comes back."""
CONFIG_KEYS = 8
"""A line printed once with this many values or more, in a log whose metric lines never repeat, is a
configuration echo (a dict of options), not metrics; config dumps before repeated metric lines are dropped
whatever their width (a key seen once before the metric lines start is no metric)."""

LONE_RESULT_KEYS = 3
"""In a log whose lines never repeat, a line of 3 values up to `CONFIG_KEYS` (a final `{'rouge1': .., 'rouge2': ..,
'rougeL': ..}`) is a result; lines of one or two values (`BASE_LR: 0.00035`, `Num examples = 131884`) are a config
listing or notes, not metrics."""

PER_BATCH_SHARE = 1 / 3
"""Values on an epoch axis are per-batch values (put on an index axis) when at least this share of them repeat the
epoch of the one before (two or more lines per epoch); a few repeats are runs appended to the log, a one-epoch run's
`Epoch 0` then the next run's (round16's AW-001: 31 runs, epoch restarting at 0), each point keeping its epoch."""
ECHO_RESTARTS_PER_METRIC_LINE = 10
"""A step-less line repeating one value is a setting echoed at each restart when printed fewer than once per this many
lines of the busiest shape with a step (a config printed at each of 52 restarts; our reading of B-018); printed about as
often as the metric lines it is a logged value that happens not to move (`->>lr:0.0005` under each loss line)."""

CONFIG_LISTING_LINES = 6
"""Step-less one-value lines in a row, each naming another value, that make a settings listing (`track_listing`):
more than a validation block prints (`val_loss`, `val_acc`, `F1`: 2-5 lines in the corpus's logs; A-031's args
listing runs to 20 numeric keys)."""
MEASURED_PRINTINGS = 5
"""A one-value line of a listing printed this many times or more, with new values at most printings, is a measure (an
evaluation block after each epoch: round27's CC-007); an args listing is printed once per start, a few times, even
where a resume changed one of its values (the `args_listing_at_each_resume` shape: base_lr 0.05, 0.025, 0.0125)."""

HF_LOG_GRID_SLACK = 0.3
"""A Hugging Face dict's step estimated from its epoch (`epoch * max_steps / num_train_epochs`) is put on the grid of
`logging_steps` when every training dict's estimate lies within this fraction of a grid step of a multiple: epochs
printed with 2 decimals (`'epoch': 0.7`, 56 steps per epoch) miss the step by up to 0.28 (39.2 for 40)."""

LOOSE_CHARS = rb"[-+.0-9eEnaNAifIFty"
POSSESSIVE = b"+" if sys.version_info >= (3, 11) else b""
"""Possessive quantifiers (Python 3.11+) spare the regex engine its backtracking bookkeeping: ~10% faster.
They match what greedy ones would: in a template every run is followed by a character the run cannot take."""
LOOSE_NUM = LOOSE_CHARS + rb"]+" + POSSESSIVE
"""What a value looks like inside a learned template: loose and fast; `float()` has the last word
(`0-9`, not `\\d`: a plain bitmap test, ~10% faster on a whole template)."""
LOOSE_NUM_COMMAS = rb"[-+]?[0-9]+(?:,[0-9]{3})*(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?"
"""A value written with thousands separators (`4,007,990`): exact, so that a `,` after it stays a delimiter."""
_DIGITS_RUN = rb"[0-9.]+" + POSSESSIVE
SKIPPED = rb"(?:[-+]?" + _DIGITS_RUN + rb"(?:[-:eE][-+]?" + _DIGITS_RUN + rb")*" + POSSESSIVE + rb"|[-+]?(?i:nan|inf))"
"""A number between fields that is no field (`(4.31)`, `eta: 0:51:31`, `1e-05`, a date `2023-10-29`); a `:` after it
stays the literal's (`Epoch 5: ...`, `accuracy_top-1:`)."""
SKIPPED_BEFORE_UNIT = rb"[-+]?[0-9.:]+" + POSSESSIVE + rb"(?:-[0-9.:]+)*" + POSSESSIVE + rb"(?:[eE][-+]?[0-9]+)?"
"""Such a number glued to its unit (`6.94batch/s`, `3.2it/s`, `1.5e-3s`, ESPnet's range `1-100batch`): digits only, so
that a unit starting with a letter `SKIPPED` takes (`e`, `i`, `t`, `a`, `n`) is not swallowed by the possessive run
and the line still matches."""
COUNTER_COMMAS = rb"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+"
"""A counter written with thousands separators (`iter:   1,000`, BasicSR), in a template learned from such a line."""
WHITESPACE = rb"[ \t]+" + POSSESSIVE
DIGITS = rb"[0-9]+" + POSSESSIVE
DURATION = rb"(?:" + DURATION_PART + rb")+" + POSSESSIVE
"""A time in several units between fields (`2m46s`, `1h02m30s`)."""
LETTERS = rb"[A-Za-z]+" + POSSESSIVE
NO_FIELD_AFTER = rb"(?![ \t]*[|,;:]?[ \t]*[A-Za-z_][\w./-]*[ \t]*[:=]?[ \t]*[-+]?\.?[0-9])"
"""Ends a template where its line ends its fields: a longer line that goes on with another `name value` (a box or an
epoch line that gains `train/` or `val_loss` fields later in the run, in another chunk; a bar's `Epoch 1/150:` marker
before the same bar's `Epoch 1/150: batch 1/103, loss=5.76` redraws, round54's FT-009) is not read by a shorter
shape's template as far as that goes, its last values lost: it is a new shape. Not added where the line's own
template would then not match it (`loss 0.5 | eta 0:01:02`: the `eta` is no field)."""
_JSON_START = re.compile(rb"^\s*(?:\[\s*[\[{\"]|\{\s*\")")
_DIGIT = re.compile(rb"\d")
_DIGIT_RUN = re.compile(
    rb"(?=[0-9nNiI])(?<![A-Za-z_0-9@])(?<![A-Za-z]-)(?<![A-Za-z]-[0-9]-)(?<![A-Za-z]-[0-9]{2}-)"  # a cheap test first
    rb"(?:[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|(?i:nan|inf)(?![A-Za-z]))"
)
"""Numbers that make two lines the same shape: values, not the digits of a name (`pal1` and `pal2` differ, and so do
`Rank-1` and `Rank-5`: round32's CR-006 lost its Rank-5 to Rank-1's template; and `Task000` and `Task001`, whose
second digit no letter stands before: Avalanche's continual learner lost every task's loss but the first's; nor the
numbers after a name's, `SuperMarioBros-1-2-v0`: round49's FA-003 lost levels 1-2 and 4-2 to 1-1's and 4-1's; nor a
cut-off after `@`, `Hits@3` on the line after `Hits@1`: round 28's R-GCN family lost its hits@3 and @10); `nan`
and `inf` are values too (`loss: nan - mse: 0.0690` is the shape of `loss: 0.52 - mse: 0.0690`)."""
_GLOBAL = re.compile(r"(?i)global[ _-]|num_updates$")
"""A global step counter's name (`global_step`, `Global-step`, fairseq's `num_updates`): the step of a line that also
counts another way."""
_NOISE = re.compile(rb"^\s*(?:File \"|(?:\xe2\x94\x82[ \t]*)*\xe2\x94\x94 )")
"""Traceback frames (`File "x.py", line 3`) and loguru's values under a frame's line (`    │    └ <SpawnProcess ...
parent=1985 started>`, round46's EK-008): numbers, but no metrics."""
_KERAS_BAR = re.compile(rb"\s*\d+/\d+[ \t]+" + KERAS_BAR)
"""A Keras bar, running (`  96/11408 [>...] - ETA: 9:09 - loss: 0.93`, each a running mean of the epoch so far, every
one read, as a person counts them) or drawn at its total, an epoch's end (`32/32 [=====] - 0s 2ms/step - loss: 0.69`;
Keras 3's `89/89 -- 66s 602ms/step`): the epoch's point where the log holds no redraw of it, else the last point of
the epoch's batches."""
_NAMED_NONFINITE = re.compile(rb"[ \t]*[A-Za-z_][\w./-]*[ \t]*[:=][ \t]*[-+]?(?i:nan|inf)[ \t]*")
"""A line of one name and a non-finite value (`  loss_recon: nan`, printed under a NaN warning): a metric line whose
value is NaN, which the events record all the same."""
_BROKEN_COUNTER = re.compile(
    rb"(?i)\b(?:step|iter(?:ation)?|epoch)(?!s?[/_]|[A-Za-z])['\"]?[ \t]*[:=]?[ \t]*['\"]?"
    rb"(?:\d[\w.+-]*[eE][-+]?(?![\d])|[A-Za-z][^'\"]*['\"])"
)
"""A step that is no number (`step 1e- | loss 0.5`, `{'step': 'e', ...}`, a line cut off): the line is dropped. Not a
rate or a word going on (Orbit's `steps/sec: 19.5 | {'steps_per_second': 20.1, ...}`, `{'iteration': 3, ...}`: round81's
KJ-017)."""
_WARNING_CUT = re.compile(rb"\b[A-Za-z]*(?:Warning|Error|Exception)\b|\bWARN(?:ING)?\b|\b[Ss]kipp")
BRACKET_TAIL = rb"[^\]\n]*\]"
"""The rest of a bracketed counter after its total (timm's `[  50/1251 (  4%)]`, `(100%)]` at an epoch's end): one
template for every line of the shape, however the percentage is padded."""
_LITERAL_TOKEN = re.compile(
    rb"(?P<space>[ \t]+)"
    rb"|(?P<path>(?<![^ \t])" + FILE_PATH + rb"(?![^ \t]))"  # `./models/12_epochs.h5`: one template for any file
    rb"|(?P<duration>(?<![\w.@])(?:" + DURATION_PART + rb"){2,}(?![\w]))"  # `2m46s`: a time
    rb"|(?P<counted>(?:(?<=(?i:epoch))|(?<=(?i:iter|step)))[0-9]+(?![\w.]))"
    rb"|(?P<number>(?<![\w.@])(?<!\w-)[-+]?[0-9](?:[0-9.:eE+-]*[0-9])?)(?P<unit>[A-Za-z%]+(?![\w])|(?![\w]))"
    rb"|(?<![\w.@])(?<!\w-)[0-9]+|[^ \t]"
)
_PREFIX_TOKEN = re.compile(rb"[ \t]+|\d+|[A-Za-z]+|.")
_SPLIT_TAG = re.compile(rb"\[(?i:eval|evaluation|val|valid|validation|test|dev)\]")
"""A split tag in a line's prefix (`[eval] iter 500: train 4.29 val 4.28 lr 3e-4`): values named by a split word
alone (`train`, `val`: which data, not what was measured) take it as their name's head (`[eval]_train`, apart from
the training's own `train` values); values with a name of their own (`lr`) keep it."""
_SET_LABEL = re.compile(
    rb"[ \t]*((?i:train|training|valid|validation|val|test|dev|eval|evaluation))"
    rb"[ \t]+(?i:set|data|dataset|split)[ \t]*:"
)
"""A set's label opening a line's content (`Train set: Total Loss: 1.59`, `Valid set: Valid Loss: 1.45`): the lines
without a step of their own below it, up to the next such label or marker, report that set (round55's FW-008: each
set's `Classification Accuracy: 144/294 (0.49%)` and `Precision: ..., Recall: ...` lines under its label). A line
opening with a training word ends such a block (`Train Epoch: 1.00 [32/640]  Loss: 0.51` after PyTorch's `Test set:
Average loss: ..`, its fractional epoch no step)."""
_TRAINING_OPENS = re.compile(rb"[ \t]*(?i:train|training)\b")
_HF_BAR_TOTAL = re.compile(rb"(?:^|[\r\n])[ \t]*\d{1,3}%\|[^|\n\r]{0,1500}\|[ \t]*\d+/(\d+)[ \t]*\[(?![^\n\r]*\x1b\[A)")
"""A tqdm bar without a description at a line start (` 33%|███▎  | 56/168 [02:10<...`): the Hugging Face Trainer's
training bar, `tqdm(total=state.max_steps)` (`ProgressCallback.on_train_begin`); `Map:` bars have a description,
and the evaluation bar drawn during training under it is followed by tqdm's cursor-up code (`\x1b[A`)."""
_HF_MAX_STEPS = re.compile(rb"Total optimization steps = ([0-9][0-9,]*)")
_HF_EPOCHS = re.compile(rb"Num Epochs = ([0-9][0-9,]*)")
"""What the Trainer prints under `***** Running training *****` (`trainer.py`, `_inner_training_loop`:
`logger.info(f"  Num Epochs = {num_train_epochs:,}")`, `logger.info(f"  Total optimization steps = {max_steps:,}")`)."""


@unique
class Role(str, Enum):
    """What a line shape is."""

    METRICS = "metrics"
    DICT = "dict"  # a Hugging Face console dict `{'loss': 0.5, ...}`
    MARKER = "marker"  # counters only (`Epoch 3/10`, `[ROUND 5]`): the step in force for the lines below

    def __str__(self) -> str:
        return self.value


@dataclass
class Template:
    """One metric-line shape: its regex (no groups numbered yet) and what each value group means."""

    pattern: bytes
    names: list[str | None]  # per group: the metric name, or None for a group that is not a metric
    step_group: int | None = None  # index into `names` of the step counter
    epoch_group: int | None = None  # of the epoch counter
    epoch_guessed: bool = False  # that counter is a lone `[5/20]` nothing names: under an epoch's header, a batch
    total_group: int | None = None  # of the step counter's total (`Step 10/6501`)
    global_step: bool = False  # its step counter counts across epochs (`global_step`, fairseq's `num_updates`)
    role: Role = Role.METRICS
    first_group: int = 0  # number of the template's first group in the combined regex (set when combined)
    first_offset: int = 0  # where in the file its first line is
    hits: int = 0  # lines it read
    key: bytes = b""  # the shape (digits aside) of the line it was learned from
    lines_seen: int = 0  # lines of that shape in the chunk it was learned from
    qualifier: str | None = None  # a marker's split word (`Eval epoch: 3`): qualifies the block below
    opens: str | None = None  # the split a line opens with (`Valid set: Loss: 1.45`, `Train Epoch:`): the block's below
    redrawn: bool = False  # values in a progress bar's description: each redraw repeats them
    keras_bar: bool = False  # a Keras bar, running or at its end (`_KERAS_BAR`)
    carries: bool = False  # a bar's postfix: its validation values are carried from redraw to redraw (`carried`)
    epoch_cell: int | None = None  # a Hugging Face dict's `'epoch'` (a metric, and what its step is estimated from)
    training: bool = False  # a Hugging Face training dict (with `loss`), not an eval or summary one
    last_counter: tuple[float, float] | None = None  # a counter-only line's last counter, and the epoch it was under
    size: bool = False  # a counter-only line whose counter is the same at each epoch header: a size, not a step
    unfinished: bool = False  # a line of its shape showed its step counter short of its total (`Step 10/6501`)
    numbers_epochs: bool = False  # a line of its shape set the training's step to its epoch (`[Epoch: 3, ...]`)
    last_total: float | None = None  # the total its last line printed beside an epoch (`global_step`'s `own`)
    last_epoch: float | None = None  # the epoch its last line on the global axis was under
    fixed_point: tuple[float, float] | None = None  # its first line's (counter, epoch) (`fixed_point_per_epoch`)
    fixed_epoch: float = 0.0  # the epoch of its last line judged there
    trained_to: float | None = None  # its step counter on its last training line (not a held-out pass's)
    moved: bool = False  # a line of its shape showed another counter than its first line's
    per_epoch: bool = False  # its counter stood at one value at each epoch so far: its lines are on the epoch axis
    listing: bool = False  # seen among `CONFIG_LISTING_LINES` step-less one-value lines in a row: a settings listing
    listable: bool = False  # a step-less line of one value (set by `adopt`): it may belong to a settings listing
    shared: frozenset[str] = frozenset()  # its names other templates in use give too (set by `adopt`)
    summarised: bool = False  # names a curve's values (`mIoU`) again with no step: set apart as `mIoU_summary`
    units: dict[str, str] = default_field(
        default_factory=dict
    )  # metric name -> the unit its value is printed with (`s`)
    fractions: list[int] = default_field(default_factory=list)  # cells of `5/6` values, their total in the next

    @property
    def last_group(self) -> int:
        return self.first_group + len(self.names) - 1

    @property
    def axis_group(self) -> int | None:
        """The group giving a line's step on its own: its step, else its epoch."""
        return self.step_group if self.step_group is not None else self.epoch_group

    @property
    def step_cell(self) -> int:
        """`axis_group` of a template known to have one (every template, when a log is read in bulk)."""
        assert self.axis_group is not None
        return self.axis_group

    @property
    def self_stepped(self) -> bool:
        """Its lines carry their step and need no context: read in bulk."""
        return (
            self.role is Role.METRICS and (self.step_group is None) != (self.epoch_group is None) and not self.fractions
        )


def _between(piece: bytes) -> bytes:
    """A regex for the literal text between values: whitespace runs, numbers that are no field (a running average
    `(4.31)`, `eta: 0:51:31`), times in several units (`2m46s`) and counters glued to their word (`epoch10`,
    `iter300`) generalised, names kept as written (`pal1`, `BLEU-2`)."""
    out = []
    for token in _LITERAL_TOKEN.finditer(piece):
        if token.lastgroup == "space":
            out.append(WHITESPACE)
        elif token.lastgroup == "path":
            out.append(rb"[^ \t]++")
        elif token.lastgroup == "counted":
            out.append(DIGITS)  # `TEST in epoch10`: a counter glued to its word, one template for every epoch
        elif token.lastgroup == "duration":
            out.append(DURATION)  # `train in:  2m46s train loss: 0.079`: one template whatever the time
        elif token.group("number") is not None and index_in_name(piece, token.start(), token.end()):
            out.append(token.group())  # `eval class 0 accuracy:`: the index is the name's, one template per class
        elif token.group("number") is not None:
            unit = token.group("unit")
            out.append(SKIPPED_BEFORE_UNIT + re.escape(unit) if unit else SKIPPED)
        else:
            out.append(re.escape(token.group()))
    return b"".join(out)


def _prefix(piece: bytes) -> bytes:
    """A regex for a line's prefix (timestamps, levels, logger names): its shape only."""
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


UNNAMED = "\x00unnamed"
"""The name of the value column of an `index value` table (`0 0.345724`) or of lines of one bare value; once the file is
read it takes the file's name (the only name such a file has; more columns are `<file> column 3`, ...), or is dropped
where the file names metrics of its own."""
_CELL_NUMBER = rb"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+|(?i:nan|inf))(?:[eE][-+]?[0-9]+)?"
_CELL_GAP = rb'"?(?:[ \t]*,[ \t]*|[ \t]+)"?'
_PLAIN_VALUE = _CELL_GAP + _CELL_NUMBER
_ROW_END = rb'"?[ \t]*,?[ \t]*'
"""A headerless table's cells may be quoted (`"1","52.58"`: `csv.QUOTE_ALL`) and its rows end in a comma (a loop
that writes `value,` per column). Each cell and gap is matched one way only (a run of blanks is never split between
two quantifiers, the digits of a number never between two): a line of many cells that fails at its end is refused in
one pass, not in as many tries as there are ways to split it (exponential: seconds on 12 cells)."""
UNNAMED_COLUMNS = 8
"""Value columns read from a headerless numeric table (`0<TAB>0.815<TAB>0.706`): the first is the file's unnamed series,
the others `<file> column 3`, ... (the index is column 1)."""
_INDEX_VALUE = re.compile(rb'[ \t]*"?[0-9]+(?:' + _PLAIN_VALUE + rb"){1,%d}" % UNNAMED_COLUMNS + _ROW_END)
_RUN_LABEL = rb"[ \t]*(?:[A-Za-z][A-Za-z_]*\([0-9]+\)[ \t]+)?"
"""A label numbered in parentheses before a row (`preset(1)<TAB>`), maybe none: each run's label numbers it afresh."""
_COUNTED_ROW = re.compile(
    _RUN_LABEL + rb"\[?([0-9]+)/([0-9]+)\]?(?:" + _PLAIN_VALUE + rb"){1,%d}" % UNNAMED_COLUMNS + _ROW_END
)
"""A headerless row of a counter out of its total, then value columns, maybe after a label numbered in parentheses
(`preset(1)<TAB>0001/0030  0.357286143  0.9553999900817871`: round86's KT-016, each preset's epochs and their loss
and accuracy): the file's unnamed series and its `column 3`, ... on the counter (a label's next run counts again)."""
_INDEX_GLUED_VALUE = re.compile(rb"[ \t]*([0-9]+)[_:-]([-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)[ \t]*")
"""A line of an index glued to a decimal value by `_`, `:` or `-` and nothing else (`1_2.0713`: a loop's
`f.write(f"{epoch}_{loss}")`, round43's DZ-006; `11:51.787`, round61's GZ-011, no clock; `0001-64.5714`, round63's
HK-011, `f"{epoch:04d}-{loss:.4f}"`: the whole line): the index, then the file's unnamed series."""
_DECIMAL_COMMA = re.compile(rb"[ \t]*[-+]?[0-9]+,(?:[0-9]{1,2}|[0-9]{4,})[ \t]*")
"""A line of one number written with a decimal comma (`22,502287584414645`, a script's `toString().replace('.',
',')` or a locale's format): the digits after the comma are a fraction, not a thousands group (three digits) nor a
second column (no two columns of a table hold an integer and a 15-digit one)."""
_BARE_VALUES = re.compile(
    rb'[ \t]*"?[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|(?i:nan|inf))(?:[eE][-+]?[0-9]+)?(?:'
    + _PLAIN_VALUE
    + rb"){0,%d}" % (UNNAMED_COLUMNS - 1)
    + _ROW_END
)
"""A line of decimal numbers and nothing else: one (a script's `print(loss.item())`), or several comma- or
blank-separated (`2459.814209,2452.646484`: a headerless table a script appends a row to per step, `loss, smoothed
loss` or `loss, reward`): the file's unnamed series and its `column 2`, ..., on the line's index. The first cell is
decimal, or not a number (`np.savetxt` of a loss that was NaN from its first epoch: round88's KW-019): an integer alone
is a count, not read, and one leading other numbers is an index (`_INDEX_VALUE`)."""
_LISTED_VALUES = re.compile(
    rb"[ \t]*[\[(][ \t]*[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?(?:[ \t]*,[ \t]*"
    + _CELL_NUMBER
    + rb"){0,%d}[ \t]*[\])][ \t]*,?[ \t]*" % (UNNAMED_COLUMNS - 1)
)
"""A line holding one Python list or tuple of a few decimal numbers and nothing else (`[0.0128, 0.0117, 1137.32]`: a
loop that prints or writes its epoch's `[loss, val_loss, ...]`, round30's CL-015; `(0.3560, 0.1654)`, a loop's
`f.write(str((train_loss, val_loss)))`, round77's JU-006): a row of bare values, as above."""
_LISTED_INDEXED = re.compile(
    rb"[ \t]*[\[(]([ \t]*[0-9]+(?:[ \t]*,[ \t]*"
    + _CELL_NUMBER
    + rb"){1,%d})" % UNNAMED_COLUMNS
    + rb"[ \t]*[\])][ \t]*,?[ \t]*"
)
"""A line holding one Python list or tuple of an index and a few numbers and nothing else (`[0, 12, 0.7818, 0.4722]`:
a loop that prints `[epoch, step, loss, accuracy]` each step, round88's KX-021): an indexed row, as above."""
_TWO_COUNTERS = re.compile(rb'[ \t]*"?[0-9]+' + _CELL_GAP + rb"[0-9]+" + _CELL_GAP + rb"[-+]?[0-9]*\.")
"""Two integer cells before a decimal one (`0,80,0.4816`): an epoch and the step within it (or the global step), then
the values."""
_VALUE_AFTER_COUNTER = re.compile(
    rb"[ \t]*[:=|,-]?[ \t]*(?:(?:torch\.|np\.|numpy\.)?(?:tensor|float\d*)\()?"
    rb"([-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)"
    rb"(?:(?:,[ \t]*\w+=[^,()\n]+)*\))?[ \t]*"
)
"""The rest of a line after its counter when it is one decimal value and nothing else (`epoch 3:352.10`, a loop's
`f.write(f"epoch {i}:{loss}")`), printed as is or as a tensor (`Epoca 3: tensor(2.9439, grad_fn=<DivBackward0>)`): the
file's unnamed series, as for a table of bare values."""
_RULE = rb"[ \t]*[-=*~]{3,}[ \t]*"
_RULED_NUMBER = _RULE + rb"(" + DIGITS + rb")" + _RULE
"""A whole number between rules and nothing else (`-----46------`, `===== 3 =====`): a header over the block of the
epoch it numbers; under a named epoch's header, a part of that epoch, no step (PointNet's `**** EPOCH 003 ****` over
`----0-----`, `----1-----`, ...: `TextReader.take`)."""
UNNAMED_MIN_LINES = 3
"""Rows an `index value` table must have to be a curve (fewer are numbers in prose), unless the file holds nothing
else: then two (`0<TAB>5.12` and `1<TAB>4.78`, round69's IN-004: two epochs' losses; one row alone is no curve)."""


def _indexed_row(cells: bytes, before: bytes, after: bytes, index: bytes = rb"([0-9]+)") -> Template:
    """The template of a headerless row of an index (its pattern `index`, one group), then value columns (`cells`
    after it, between `before` and `after`): the file's unnamed series and its `column 3`, ..., on the index; two
    integer cells first are the epoch and the step within it (`_TWO_COUNTERS`)."""
    columns = len(re.findall(_PLAIN_VALUE, cells))
    value = before + index + (_CELL_GAP + rb"(" + LOOSE_NUM + rb")") * columns + after
    if columns > 1 and _TWO_COUNTERS.match(cells):  # `0,80,0.4816,...`: the epoch, the batch within it
        named: list[str | None] = [None, None, UNNAMED, *(f"{UNNAMED} column {k}" for k in range(4, columns + 2))]
        return Template(value, named, step_group=1, epoch_group=0)
    named = [None, UNNAMED, *(f"{UNNAMED} column {k}" for k in range(3, columns + 2))]
    return Template(value, named, step_group=0)


def template_of(line: bytes) -> Template | None:
    """The template of one line, or None when the line holds no metric nor counter.

    A line that also warns (`step 5 loss 2.31 ... VisibleDeprecationWarning: ...`) is learned from its part before
    the warning (the event scan records the warning all the same); a warning holding a number (`skipping batch
    17`) gives nothing."""
    if _NOISE.search(line) or _BROKEN_COUNTER.search(line):
        return None
    start = prefix_end(line)  # a level in the prefix (`WARNING ... Train Loss 0.2`) makes no warning of the content
    warned = None
    if suspect_lines([line[start:]]) and classify_line(line[start:].decode("utf-8", errors="replace")) is not None:
        warned = _WARNING_CUT.search(line, start)
        if warned is None and not _NAMED_NONFINITE.fullmatch(line, start):
            return None  # `WARNING: loss is nan at step 5`: a warning about a number, not a metric line
    fields = parse_content(line[: warned.start()] if warned else line, start)
    if (dataset := _DATASET_NAMED.search(line, start)) and dataset.group(1).lower().decode() not in _SPLITS:
        for field in fields:  # `dataset: Kvasir, dice: 0.81`: that dataset's dice, one series per dataset
            field.name = f"{field.name}_({dataset.group(1).decode()})" if field.kind is Kind.METRIC else field.name
    elif line[:start].endswith((b"  ", b"\t")) and (heading := _CLASS_HEADED.match(line, start)):  # under its
        label = heading.group(1).decode()  # overall line: `LOC: precision: 20.25%; recall: 18.2%`, LOC's values
        for field in fields:
            if field.kind is Kind.METRIC and not field.name.startswith(f"{label}_"):
                field.name = f"{label}_{field.name}"
    if not fields and not start and _DECIMAL_COMMA.fullmatch(line):  # `22,502287584414645`: one value, comma'd
        return Template(rb"[ \t]*([-+]?[0-9]+,[0-9]+)[ \t]*$", [UNNAMED])
    if not fields and _INDEX_GLUED_VALUE.fullmatch(line):  # `1_2.0713`, `1:2.0713`: an index, then a value
        return Template(_INDEX_GLUED_VALUE.pattern + rb"$", [None, UNNAMED], step_group=0)
    lead = _prefix(line[:start])  # a logging prefix before a headerless row (`2022-05-09 ... - 0<TAB>3<TAB>1.3`)
    if not fields and _INDEX_VALUE.fullmatch(line, start):  # `0 0.345724`: an index, then value columns
        return _indexed_row(line[start:], lead + rb'[ \t]*"?', _ROW_END + rb"$")
    if not fields and not start and (row := _COUNTED_ROW.fullmatch(line)):  # `0001/0030  0.3572  0.9554`
        return _indexed_row(
            line[row.end(2) :].lstrip(b"]"), _RUN_LABEL + rb"\[?", _ROW_END + rb"$", rb"([0-9]+)/[0-9]+\]?"
        )
    if not fields and not start and (listed := _LISTED_INDEXED.fullmatch(line)):  # `[0, 12, 0.7818, 0.4722]`
        return _indexed_row(listed.group(1), rb"[ \t]*[\[(][ \t]*", rb"[ \t]*[\])][ \t]*,?[ \t]*$")
    if not fields and _BARE_VALUES.fullmatch(line, start):  # `11.6471`, `16.84,-210.47`: no name, no index
        columns = 1 + len(re.findall(_PLAIN_VALUE, line[start:]))
        value = lead + rb'[ \t]*"?(' + LOOSE_NUM + rb")" + (_CELL_GAP + rb"(" + LOOSE_NUM + rb")") * (columns - 1)
        return Template(value + _ROW_END + rb"$", [UNNAMED, *(f"{UNNAMED} column {k}" for k in range(2, columns + 1))])
    if not fields and not start and _LISTED_VALUES.fullmatch(line):  # `[0.0128, 0.0117, 1137.32]`: one row
        columns = line.count(b",", 0, max(line.rfind(b"]"), line.rfind(b")"))) + 1
        cells = rb"[ \t]*,[ \t]*".join([rb"(" + LOOSE_NUM + rb")"] * columns)
        named: list[str | None] = [UNNAMED, *(f"{UNNAMED} column {k}" for k in range(2, columns + 1))]
        return Template(rb"[ \t]*[\[(][ \t]*" + cells + rb"[ \t]*[\])][ \t]*,?[ \t]*$", named)
    if not fields and not start and re.fullmatch(_RULED_NUMBER, line):  # `-----46------`: the block's epoch
        return Template(_RULED_NUMBER, [None], role=Role.MARKER, epoch_group=0)
    if any(f.kind is Kind.METRIC and f.name.lower() in _SPLITS for f in fields):
        tag = _SPLIT_TAG.search(line, 0, start) if start else _SPLIT_TAG.match(line)
        head = tag.group().decode() if tag else ""
        for field in fields if head else ():
            if field.kind is Kind.METRIC and field.name.lower() in _SPLITS:
                field.name = f"{head}_{field.name}"  # `[eval] ... val 4.27`: `[eval]_val`
            elif field.kind is Kind.METRIC and field.name.startswith(f"{head[1:-1]}_"):
                field.name = field.name[len(head) - 1 :]  # ...and its `lr 3e-4` is the run's lr, no split's
    opens = _SET_LABEL.match(line, start)
    is_dict = line[start:].lstrip().startswith(b"{")
    if is_dict:
        fields = [f for f in fields if not (f.kind is Kind.EPOCH and f.name != "epoch")]
        counted = any(f.kind is Kind.STEP for f in fields)
        for field in fields:
            if field.kind is Kind.EPOCH and not (counted and line[field.group_start : field.group_end].isdigit()):
                field.kind = Kind.METRIC  # the Trainer's fractional epoch: its progress, printed beside the values
            # an epoch's number beside its batch's (`{'epoch': 3, 'iteration': 263, ...}`, round81's KJ-017) counts
            # the run's steps as a line's `Epoch 3 iter 263` do
    if not fields:
        return None
    parts = [_prefix(line[:start])]
    names: list[str | None] = []
    role = Role.DICT if is_dict else Role.METRICS
    template = Template(b"", names, role=role, redrawn=BAR_POSITION in line, carries=bool(BAR_POSTFIX.search(line)))
    template.keras_bar = bool(_KERAS_BAR.match(line))
    template.opens = opens.group(1).decode() if opens else "train" if _TRAINING_OPENS.match(line, start) else None
    seen: set[str] = set()
    position = start
    for field in fields:
        if field.shape == "bracket":  # `[   0/1251` and `[1250/1251`: a bracket's padding varies with its counter
            opener = re.escape(line[field.start : field.start + 1])  # `[`, or `(` glued after one (`[1/2](10/40)`)
            parts.append(_between(line[position : field.start]) + opener + rb"[ \t]*")
        else:
            parts.append(_between(line[position : field.group_start]))
        value = LOOSE_NUM_COMMAS if b"," in line[field.group_start : field.group_end] else LOOSE_NUM
        if field.kind is Kind.METRIC:
            parts.append(b"(" + value + b")")
            names.append(None if field.name in seen else field.name)
            seen.add(field.name)
            if field.unit:
                template.units[field.name] = field.unit.decode()
        else:
            commas = b"," in line[field.group_start : field.group_end]
            parts.append(b"(" + (COUNTER_COMMAS if commas else DIGITS) + b")")
            index = len(names)
            names.append(None)
            template.qualifier = template.qualifier or field.qualifier
            if field.kind is Kind.EPOCH and template.epoch_group is None:
                template.epoch_group, template.epoch_guessed = index, field.guessed
            elif field.kind is Kind.STEP and (template.step_group is None or _GLOBAL.match(field.name)):
                template.step_group = index  # `iteration 0: global_step=1; loss_value=28.8`: the global one counts
                template.global_step = bool(_GLOBAL.match(field.name))
        position = field.group_end
        if field.kind is Kind.METRIC and value is LOOSE_NUM:
            while line[position : position + 1] == b".":
                position += 1  # an ellipsis after a value (`Loss: 1.5847... time`): the value's loose run takes it
        if field.total is not None:
            parts.append(_between(line[position : field.total[0]]))
            if field.kind is Kind.STEP and template.total_group is None and template.step_group == len(names) - 1:
                parts.append(b"(" + DIGITS + b")")
                template.total_group = len(names)
                names.append(None)
            elif field.shape == "fraction":  # `Accuracy: 5/6`: its value is the share, read with its total
                parts.append(b"(" + DIGITS + b")")
                template.fractions.append(len(names) - 1)
                names.append(None)
            else:
                parts.append(DIGITS)
            position = field.total[1]
            if field.shape == "bracket":  # `[  50/1251 (  4%)]`: whatever the bracket holds after its total
                parts.append(BRACKET_TAIL if line[field.end - 1 : field.end] == b"]" else rb"[ \t]*\)")
                position = field.end
    if field.unit:
        parts.append(_between(line[position : position + len(field.unit)]))
    named_after = NAME_AFTER_VALUE.match(line, position)
    if (
        field.kind is Kind.METRIC
        and named_after
        and not line[named_after.end() :].strip()
        and named_after.group(1).replace(b" ", b"_").decode() == field.name
    ):
        parts.append(_between(named_after.group()))  # darknet's `364.16 avg loss`: the line's last name is its shape's
    bare_value = _VALUE_AFTER_COUNTER.fullmatch(line, position) if not any(names) else None
    if bare_value and field.kind is not Kind.METRIC and template.role is Role.METRICS:
        parts.append(_between(line[position : bare_value.start(1)]) + b"(" + LOOSE_NUM + b")")
        names.append(UNNAMED)  # `epoch 3:352.10`: a counter, then the one value the file is named after
        position = bare_value.end(1)
    if not any(names):
        if template.role is Role.DICT or (template.epoch_group is None and template.step_group is None):
            return None
        template.role = Role.MARKER
    template.pattern = b"".join(parts)
    if re.match(template.pattern + NO_FIELD_AFTER, line):
        template.pattern += NO_FIELD_AFTER
    if template.role is Role.DICT:
        template.epoch_cell = names.index("epoch") if "epoch" in names else None
        template.training = "loss" in names
    return template


def select_templates(seen: dict[bytes, Template], fresh: set[bytes]) -> list[Template]:
    """The templates to match with: those just learned, then the most used; tried most specific first. Among those
    that read nothing yet, the shapes with most lines in the chunk they were learned from go first, then those with
    most values: a config dump's hundred one-off lines crowd out neither the evaluation line printed at every epoch nor
    a metric line whose shape comes once (round72's IZ-001: ms-swift's first dict, `'elapsed_time': '10s'` where
    the later ones print `'1m 52s'`, under 150 lines of arguments)."""
    by_use = sorted(seen.values(), key=lambda t: (-t.hits, -t.lines_seen, -len(t.names), t.first_offset))
    kept = by_use[:KEPT_BY_USE]  # the shapes that read most lines so far stay, however many new ones come
    chosen = {t.pattern for t in kept}
    kept += [t for t in by_use if t.pattern in fresh and t.pattern not in chosen]
    chosen |= {t.pattern for t in kept}
    templates = (kept + [t for t in by_use if t.pattern not in chosen])[:MAX_TEMPLATES]
    templates.sort(key=lambda t: -len(t.names))
    return templates


def combine(templates: list[Template]) -> re.Pattern[bytes]:
    """One multiline regex trying every template at each line start; numbers each template's groups."""
    group = 1
    for template in templates:
        template.first_group = group
        group += len(template.names)
    return re.compile(rb"(?m)^(?:" + b"|".join(t.pattern for t in templates) + rb")")


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
"""A console log saved by Windows PowerShell (`python train.py > log.txt`) is UTF-16 with a byte-order mark."""
LEGACY_ENCODING = "gb18030"
"""A console log that is not UTF-8 is read as GB18030 (a superset of GBK: a console of Windows in Chinese, the legacy
code page of the public training logs the corpus holds), where it decodes as that, else as Latin-1 (any bytes)."""
NOT_UTF8_SHARE = 0.01
"""Characters that are no UTF-8 beyond this share of a log's head (or 8 of them) make it a legacy-encoded log; fewer
are stray bytes of a UTF-8 log (a line cut mid-character), replaced where they stand."""
_NUL_HOLE = re.compile(rb"\x00{16,}")
"""A run of NUL bytes this long in a text log is a hole in the file, not binary data: what logrotate's `copytruncate`
leaves before the lines written after it, or a log cut by a crash on a network file system (round12's AK-006, 1801
NULs between two lines of a console log)."""
_CONTROL_BYTES = bytes(c for c in range(32) if chr(c) not in "\t\n\r\x1b\x0c\x08\x07")
"""Bytes no text log holds but in passing (a bell, a backspace of a redrawn bar aside)."""


UTF8_BOM = b"\xef\xbb\xbf"
"""The byte-order mark Windows tools (PowerShell's `Out-File`, Notepad) start a UTF-8 file with: no text of its line."""


def text_encoding(head: bytes) -> str | None:
    """The encoding of a text log from its first bytes (`utf-16` with its mark, `utf-8`, `LEGACY_ENCODING`,
    `latin-1`), or None for binary data: NUL bytes (holes of _NUL_HOLE aside), or control characters in more than a
    tenth of it."""
    if head.startswith(UTF16_BOMS):
        text = head[2:].decode("utf-16-le" if head[:2] == b"\xff\xfe" else "utf-16-be", errors="replace")
        odd = sum(1 for char in text if not (char.isprintable() or char in "\r\n\t\x1b"))
        return None if odd > max(8, len(text) // 10) else "utf-16"
    head = _NUL_HOLE.sub(b"", head)
    if b"\x00" in head or len(head) - len(head.translate(None, _CONTROL_BYTES)) > max(8, len(head) // 10):
        return None
    sample = head[: head.rfind(b"\n") + 1] or head
    text = sample.decode("utf-8", errors="replace")
    if text.count("\ufffd") <= max(8, NOT_UTF8_SHARE * len(text)):
        return "utf-8"
    try:
        sample.decode(LEGACY_ENCODING)
    except UnicodeDecodeError:
        return "latin-1"
    return LEGACY_ENCODING


def looks_binary(head: bytes) -> bool:
    """NUL bytes or many control characters: not a text log (UTF-16 with its mark, GBK and Latin-1 text are text)."""
    return text_encoding(head) is None


def sniff(path: Path, head: bytes) -> bool:
    """Any text file that is not JSON may be a console log (text is the fallback format)."""
    return bool(head) and not looks_binary(head) and not _JSON_START.match(head)


def claims_dir(path: Path) -> bool:
    return False


def line_chunks(path: Path, shown: str) -> Iterator[tuple[bytes, int]]:
    """`(chunk, number of its first line)`: the file in ~1 MiB pieces of whole lines, each ending in a newline. A last
    line with no newline after it ends the last piece, read with the lines before it as any other line is (a table's
    last row, alone in a piece of its own, would be read apart from its header: round88's KW-021)."""
    line = 1
    rest = b""
    held: tuple[bytes, int] | None = None  # the last piece, yielded once it is known whether more lines follow
    with open_vetted(path, "rb") as handle:
        head = handle.read(HEAD_BYTES)
        encoding = text_encoding(head) or "utf-8"
        handle.seek(len(UTF8_BOM) if head.startswith(UTF8_BOM) else 0)
        plain = encoding == "utf-8"
        blocks = iter(lambda: handle.read(CHUNK_BYTES), b"") if plain else _utf8_blocks(handle, encoding)
        for block in blocks:
            check_cancelled()
            data = rest + block
            cut = open_box_start(data, data.rfind(b"\n") + 1)
            if len(data) - cut > MAX_LINE_BYTES:  # a bar redrawn by `\r` for hours, never a newline: a redraw ends
                cut = max(cut, data.rfind(b"\r", cut) + 1)  # a line as the console showed it (`clean_chunk`)
            rest = data[cut:]
            if len(rest) > MAX_LINE_BYTES:
                long_line = line + data.count(b"\n", 0, cut)
                raise UnreadableInputError(
                    f"{shown}: line {long_line} is longer than {MAX_LINE_BYTES >> 20} MiB; "
                    "this is not a line-by-line training log. Pass the run's metrics file (text, JSONL, CSV) "
                    "or the right format= for it"
                )
            if cut:
                if held is not None:
                    yield held
                held = data[:cut], line
                line += data.count(b"\n", 0, cut)
    if held is not None:
        yield (held[0] + rest + b"\n" if rest else held[0]), held[1]
    elif rest:
        yield rest + b"\n", line


_CP437_HIGH = bytes(range(0x80, 0x100)).decode("cp437")
_CONSOLE_MOJIBAKE = re.compile(f"[{re.escape(_CP437_HIGH)}]{{2,}}")
"""UTF-8 that a Windows console read as its OEM code page 437 before PowerShell wrote it out as UTF-16: Keras 3's bar
`━━━` saved as `ΓöüΓöüΓöü`, an ellipsis as `ΓÇª` (round83's KN-013 and KN-015, `python train.py >
training_output.log`)."""


def _undo_console_mojibake(text: str) -> str:
    """The text with each run of code page 437's upper half that is UTF-8 read as code page 437 put back: only a run
    whose bytes are whole UTF-8 characters changes (`Γöü` is `━`); text written in that code page stays."""

    def undone(run: re.Match[str]) -> str:
        try:
            return run.group().encode("cp437").decode("utf-8")
        except UnicodeError:
            return run.group()

    return _CONSOLE_MOJIBAKE.sub(undone, text)


def _utf8_blocks(handle: IO[bytes], encoding: str) -> Iterator[bytes]:
    """The blocks of a file in another encoding (UTF-16 with its mark, GBK) as UTF-8, decoded incrementally; a UTF-16
    console's UTF-8 read as code page 437 is put back (`_CONSOLE_MOJIBAKE`; a run cut by a block's end waits for the
    next)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    held = ""
    while block := handle.read(CHUNK_BYTES):
        text = held + decoder.decode(block)
        if encoding == "utf-16":
            kept = len(text.rstrip(_CP437_HIGH))
            text, held = _undo_console_mojibake(text[:kept]), text[kept:]
        yield text.encode("utf-8")
    yield _undo_console_mojibake(held + decoder.decode(b"", final=True)).encode("utf-8")


@dataclass
class _Checkpoint:
    """What a chunk may change, to undo it when the chunk is read again with new templates."""

    lengths: dict[str, int]
    events: int
    events_total: int
    state: tuple[float | bool | None, ...]
    block: tuple[str | None, bool, str | None]
    hits: dict[bytes, int]
    dicts: tuple[int, int, float | None, float | None]
    writers: dict[str, tuple[float, bytes]]
    epochs: int


class TextReader:
    """The state of reading one text log: the templates known so far, the step in force, the run being filled."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.seen: dict[bytes, Template] = {}
        self.shapes: set[bytes] = set()  # lines already learned from, digits aside
        self.tried_twice: set[bytes] = set()  # shapes whose first line gave no template, tried on a second one
        self.zero_header = False  # the file's first line is `0` alone: pandas' header over a column of values
        self.step: float | None = None
        self.marked = False  # the step in force is an epoch marker's (`Epoch: 0-----` over the lines that follow)
        self.epoch: float | None = None  # epoch-scoped counters: the epoch, counter and offset last seen
        self.epoch_marker: Template | None = None  # the marker that gave `epoch`
        self.counter: float | None = None
        self.bare_counter: float | None = None  # a step counter last read with no epoch known (before any marker)
        self.gap: float | None = None
        self.total: float | None = None
        self.offset = 0.0
        self.base = 0.0
        self.scoped = False  # the counter was seen to restart at a new epoch: it counts within each epoch
        self.peak = 0.0  # the highest counter of the epoch in force (a bar reset to 0/28 before the next epoch's)
        self.scope_epoch: float | None = None  # the epoch of the counter last put on the axis (markers aside)
        self.epochs = Series()  # the epoch of each step an epoch-scoped counter put on the axis: the run's `epoch` axis
        self.by_epoch: set[str] = set()  # series whose steps are epochs (several per epoch -> index axis)
        self.under_marker: set[str] = set()  # series stepped by an epoch marker's line (`Epoch: 0-----`) over them
        self.block: str | None = None  # the split of the block under the last marker (`Eval epoch: 3`)
        self.sections = False  # a training marker was read too: markers open sections, whatever their lines carry
        self.section: str | None = None  # the title over bare values (`Generator Losses:`): their name
        self.headed = False  # the block is a heading's (`Evaluation Results:`): a line with its own step ends it
        self.held_pass: tuple[Template, list[str | None], float] | None = None  # a held-out loop's lines under its
        # heading, of the training's shape (`held_out_pass`): that shape, their names and the last one's counter
        self.qualified: dict[tuple[bytes, str | None], list[str | None]] = {}
        self.writers: dict[str, tuple[float, bytes]] = {}  # a name read under a marker -> its last step and shape
        self.offset_in_file = 0
        self.tables: Tables = {}  # the columns of the table headers in force (`lines.clean_chunk`)
        self.dicts = _DictSteps()
        self.sized = False  # a counter-only line was just found to be a size (`batch = 405` at every epoch)
        self.counters_seen = False  # a line with a step or epoch counter was read: step-less lines take the step in
        # force (`Test set results: cost= 1.01` after `Epoch: 0200 train_loss= ...`: at epoch 200)
        self.listing: list[Template] = []  # the step-less one-value lines read in a row (`track_listing`)
        self.under_step = False  # the lines read in a row since the last gap follow a line carrying a step
        self.adopt([])

    def adopt(self, templates: list[Template]) -> None:
        """Match with `templates` from now on (rebuilds the combined regex and the column map)."""
        self.templates = templates
        self.regex = combine(templates) if templates else re.compile(rb"(?!)")
        self.ordered = not all(t.self_stepped for t in templates)
        self.by_last_group = {t.last_group: t for t in templates}
        self.has_marker = any(t.role is Role.MARKER for t in templates)
        self.bare = any(t.names[0] == UNNAMED for t in templates)  # lines of bare values: a title may name them
        # a sample's label read as a metric (`Output: 3`), at a line's start or after a `|`
        self.labelled = any(LABELLED.search(t.key) for t in templates)
        self.metric_lines_only = False  # every line of the chunk just read matched a template, none a sample's label
        self.sources: dict[str, list[tuple[int, int]]] = {}  # metric name -> (value, step) columns
        givers: dict[str, int] = {}
        for template in templates:
            for given in {n for n in template.names if n is not None}:
                givers[given] = givers.get(given, 0) + 1
        for template in templates:
            named = [n for n in template.names if n is not None]
            template.shared = frozenset(n for n in named if givers[n] > 1)
            template.listable = template.role is Role.METRICS and template.axis_group is None and len(named) == 1
        for template in templates:
            if template.axis_group is None:
                continue
            step_column = template.first_group - 1 + template.axis_group
            for offset, name in enumerate(template.names):
                if name is not None:
                    self.sources.setdefault(name, []).append((template.first_group - 1 + offset, step_column))
                    if template.step_group is None:
                        self.by_epoch.add(name)

    def learn(self, candidates: list[tuple[int, bytes]]) -> bool:
        """Learn the templates of new line shapes among `candidates` ((offset in file, line)); True (and the regex
        rebuilt) when a new template appeared. Lines are told apart by their shape, digits aside: a chunk of
        metric lines of one shape costs one `template_of`."""
        if not candidates:
            return False
        keys = _DIGIT_RUN.sub(b"0", b"\n".join(line for _, line in candidates)).split(b"\n")
        shown = dict(zip(keys, (line for _, line in candidates), strict=True))  # a line of each shape
        if any(NAME_INDEX.search(line) for line in shown.values()):  # `eval class 1 accuracy:`: the class's index is
            keys = [  # its line's shape, each class's line apart
                key + b" ".join(index for _, index in NAME_INDEX.findall(line))
                for key, (_, line) in zip(keys, candidates, strict=True)
            ]
        if len(self.shapes) > MAX_SHAPES_REMEMBERED:
            self.shapes.clear()
            self.tried_twice.clear()
        if len(self.seen) > MAX_TEMPLATES_KEPT:
            active = {t.pattern for t in self.templates}
            self.seen = {p: t for p, t in self.seen.items() if t.hits or p in active}
        fresh: set[bytes] = set()
        looked = 0
        shape_lines = Counter(keys)
        for (offset, line), key in zip(candidates, keys, strict=True):
            if key in self.shapes or looked >= MAX_NEW_SHAPES or len(line) > MAX_TEMPLATE_BYTES:
                continue
            self.shapes.add(key)
            looked += 1
            if self.regex.match(line):
                continue
            template = template_of(line)
            if template is None:
                if key not in self.tried_twice:  # its digits aside, one line stands for its shape: `0`, pandas'
                    self.tried_twice.add(key)  # header over a column of values, gives no template where `1.66` does
                    self.shapes.discard(key)
                continue
            known = self.seen.get(template.pattern)
            if known is None:
                template.first_offset, template.key, template.lines_seen = offset, key, shape_lines[key]
                self.seen[template.pattern] = template
                self.set_apart_summary(template, partial(_same_shape, candidates, keys, key))
            fresh.add(template.pattern)
        if not fresh:
            return False
        self.adopt(select_templates(self.seen, fresh))
        active = {t.pattern for t in self.templates}
        self.shapes.difference_update(t.key for t in self.seen.values() if t.pattern not in active)
        return True

    def set_apart_summary(self, template: Template, peers: Callable[[], list[bytes]]) -> None:
        """A step-less line that names a value the metric lines above it give with their step (`Mean: mIoU=42.87%`
        after `Epoch 100/100 | ... mIoU=46.33%`) is a summary: its own series (`mIoU_summary`), not one more point
        of the curve. Under an epoch header (`Epoch 3/10` then `loss: 0.5`) step-less lines are the curve, but for
        one opening with the best (`_BEST_OPENING`), which is a summary of any curve above it.

        Likewise a line with an epoch and no step that names a value the lines above it give with a step counter
        (`Epoch 1/100 (190.3s) | loss=31.81` after `[1/100] batch 3750/3766 loss=31.97`): the epoch's aggregate, its
        own series (`epoch_loss`), not one more point of the per-batch curve on another axis. Not where lines of its
        shape (`peers`: those of the chunk it was learned from) mostly repeat the epoch of the line before (`Epoch 1
        Loss 4.17` after every batch, `Epoch 1 Batch 500 Loss 3.19` every 500): those are per-batch values. A run
        restarted in the same file prints its first epochs' lines again, but not twice in a row (round46's EK-002,
        PaddleClas's `[Train][Epoch 1/400][Avg]CELoss: 6.92425, loss: 6.92425` after 15 aborted starts)."""
        if template.role is not Role.METRICS:
            return
        best = template.step_group is None and _BEST_OPENING.match(template.key) is not None  # `End. Best epoch 007:
        # HR = 0.887` after `HR: 0.564 NDCG: 0.362` an epoch (guoyang9/BPR-pytorch): any curve's best point again
        per_epoch = (
            not best
            and template.epoch_group is not None
            and (template.step_group is None or (template.global_step and template.total_group is None))
        )  # fairseq's `| epoch 001 | loss 3.349 | ... | num_updates 20` after its `| epoch 001:  5 / 20 loss=3.669`
        if not (best or per_epoch) and (template.axis_group is not None or self.has_marker):
            return
        stepped = {
            name
            for known in self.seen.values()
            if (best or (known.step_group if per_epoch else known.axis_group) is not None)
            and known.role is Role.METRICS
            and known.first_offset < template.first_offset
            for name in known.names
            if name is not None
        }
        if per_epoch and stepped & set(template.names):
            regex, group = re.compile(template.pattern), (template.epoch_group or 0) + 1
            epochs = [m.group(group) for line in peers() if (m := regex.match(line))]
            repeated = sum(a == b for a, b in zip(epochs, epochs[1:], strict=False))
            if repeated * 2 < max(len(epochs) - 1, 1):  # an epoch seldom printed twice in a row: restarts, not batches
                head = f"{split}_" if (split := _split_head(template.names)) else "epoch_"
                template.names = [f"{head}{name}" if name in stepped else name for name in template.names]
        else:
            template.summarised = bool(stepped & set(template.names))
            template.names = [f"{name}_summary" if name in stepped else name for name in template.names]

    def read_chunk(self, raw: bytes, first_line: int) -> None:
        """Read a chunk; if it shows a line shape not known yet, learn it and read the chunk again."""
        if b"'epoch'" in raw:  # Hugging Face dicts without a step: what the Trainer says of its steps
            self.dicts.scan(raw)
        if first_line == 1:
            self.zero_header = raw.startswith((b"0\n", b"0\r\n"))
        chunk, breaks = clean_chunk(raw, self.tables)
        checkpoint = self.checkpoint()
        unmatched = self.read_once(chunk, first_line, breaks)
        again = self.learn(unmatched) or self.sized
        for _ in range(2):  # a new shape, or a counter found to be a size: read again (each happens once per shape)
            if not again:
                break
            self.sized = False
            self.rollback(checkpoint)
            self.read_once(chunk, first_line, breaks)
            again = self.sized
        self.offset_in_file += len(raw)

    def read_once(self, chunk: bytes, first_line: int, breaks: list[int]) -> list[tuple[int, bytes]]:
        """Read the chunk with the templates known; return the lines no template matched that hold digits."""
        hits = self.event_lines(chunk, breaks)
        if self.ordered or held_out_heading(chunk):
            return self.read_in_order(chunk, first_line, hits)
        step_before = self.step
        matched = self.read_in_bulk(chunk)
        self.add_bulk_events(chunk, first_line, hits, step_before)
        every_line = matched == chunk.count(b"\n")
        self.metric_lines_only = every_line and not self.labelled
        if every_line:
            return []
        unmatched = re.compile(rb"(?m)^(?!" + self.regex.pattern[4:] + rb")" + _WITH_VALUE) if self.templates else _ANY
        return [(self.offset_in_file + m.start(), m.group()) for m in unmatched.finditer(chunk)]

    def checkpoint(self) -> _Checkpoint:
        lengths = {name: len(series) for name, series in self.run.metrics.items()}
        state: tuple[float | bool | None, ...] = (self.step, self.marked, self.epoch, self.counter, self.gap)
        state += (self.total, self.offset, self.base, self.scoped, self.scope_epoch, self.counters_seen, self.peak)
        hits = {pattern: t.hits for pattern, t in self.seen.items()}
        events, total = len(self.run.events), self.run.events_total
        dicts = (len(self.dicts.epochs), self.dicts.trained, self.dicts.first_epoch, self.dicts.last_epoch)
        block = (self.block, self.headed, self.section)
        return _Checkpoint(lengths, events, total, state, block, hits, dicts, dict(self.writers), len(self.epochs))

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
        self.step, marked, self.epoch, self.counter, self.gap, self.total, offset, base, scoped, scope, seen, peak = (
            checkpoint.state
        )
        self.marked = bool(marked)
        self.peak = peak or 0.0
        self.counters_seen = bool(seen)
        self.scope_epoch = scope
        self.scoped = bool(scoped)
        self.block, self.headed, self.section = checkpoint.block
        self.offset, self.base = offset or 0.0, base or 0.0
        for pattern, template in self.seen.items():
            template.hits = checkpoint.hits.get(pattern, 0)
        self.dicts.truncate(*checkpoint.dicts)
        self.writers = checkpoint.writers
        del self.epochs.steps[checkpoint.epochs :]
        del self.epochs.values[checkpoint.epochs :]
        self.listing, self.under_step = [], False

    def event_lines(self, chunk: bytes, breaks: list[int]) -> list[tuple[int, int, int]]:
        """`(start, end, 0-based physical line in chunk)` of every line the cheap event regex hits."""
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
            physical = line - bisect_right(breaks, start) if breaks else line
            found.append((start, chunk.find(b"\n", position), physical))
        return found

    def add_event(self, chunk: bytes, start: int, end: int, line: int, step: float | None) -> None:
        text = chunk[start:end].replace(BAR_POSITION, b"").decode("utf-8", errors="replace").strip()
        verdict = classify_line(text)
        if verdict is not None:
            level, kind = verdict
            self.run.add_event(Event(line=line, level=level, text=text, kind=kind, step=step))

    def read_in_bulk(self, chunk: bytes) -> int:
        """Every metric line carries its own step: convert whole columns at once, no Python code per line.
        Returns the number of lines read.

        Every template then has a step and a metric, so `findall` gives tuples (of two cells or more)."""
        rows: list[tuple[bytes, ...]] = self.regex.findall(chunk)  # the captured cells of each metric line
        if not rows:
            return 0
        width = self.regex.groups
        if len(self.templates) != 1 or not self.take_all_numbers(rows, width):
            self.take_columns(rows, width)
        self.step, self.marked = self.last_step(rows, self.step), False
        return len(rows)

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
        template.hits += len(rows)
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
        for template in self.templates:
            first = columns[template.first_group - 1]
            template.hits += len(first) - first.count(b"")
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
        for name in [name for name, series in self.run.metrics.items() if not series]:
            del self.run.metrics[name]

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

    def read_in_order(self, chunk: bytes, first_line: int, hits: list[tuple[int, int, int]]) -> list[tuple[int, bytes]]:
        """Some lines need context (the step in force, an epoch-scoped counter): walk the matches in order.

        Returns the lines between matches that hold digits: candidates for a new shape."""
        pending = iter(hits)
        hit = next(pending, None)
        unmatched: list[tuple[int, bytes]] = []
        line_end = 0
        base = self.offset_in_file
        matched = 0
        opened: str | None = None  # the held-out split a marker line of the last match named (`Test 1`), if any
        for match in self.regex.finditer(chunk):
            matched += 1
            under_heading = opened if match.start() == line_end else None
            if under_heading is not None:  # right under `Test 1`: that split's line, though it has its own epoch
                self.block, self.headed = under_heading, True
            if match.start() > line_end:
                unmatched += _digit_lines(chunk, line_end, match.start(), base)
                for split in split_headings(chunk, line_end, match.start()):  # lines no template reads
                    self.block, self.headed = split, True  # `Evaluation Results:` over step-less values
                    self.held_pass = None
                if self.headed and self.block is not None:
                    under_heading = heading_over(chunk, line_end, match.start())
                if self.bare:
                    self.section = section_title(chunk, line_end, match.start()) or self.section
            while hit is not None and hit[0] < match.start():
                self.add_event(chunk, hit[0], hit[1], first_line + hit[2], self.step)
                hit = next(pending, None)
            template = self.by_last_group[match.lastindex or 0]
            opened = None
            if template.role is Role.MARKER and template.epoch_group is not None:  # hysts' `Test 1`
                opened = split_numbered(
                    chunk[chunk.rfind(b"\n", 0, match.start()) + 1 : chunk.find(b"\n", match.end())]
                )
            held_out = None
            if self.headed and (template.axis_group is not None or "epoch" in template.names):  # a line with its
                # own step or epoch (a trainer's dict, `'epoch': 6.16`: round76's JP-008) ends a heading's block,
                numbered = False
                if under_heading is not None and not (template.opens and is_train(template.opens)):  # reporting its
                    held_out = self.block_names(template)  # split right under it (`Evaluation:` over `step 100, ...`),
                    # unless the line says it trains (HED's `Initial test...` over `Training epoch:0/20, batch:9/20`)
                    numbered = template.numbers_epochs  # but a line of the shape that numbers the training's
                if not numbered:  # epochs numbers the block (jfzhang95's `Validation:` over `[Epoch: 3, numImages:
                    self.block, self.headed = None, False  # 1024]`; not hysts' `Test 1` over `Epoch 1 Loss 0.93`)
            held_out = self.held_out_pass(template, match, held_out)
            if template.listable:
                self.track_listing(template, match.start() > line_end)
            else:  # another line breaks a listing; after a line carrying a step, none starts (`track_listing`)
                if template.axis_group is not None:
                    self.under_step = True
                if self.listing:
                    self.listing = []
            if opened is None:  # `Test 1` numbers the epoch it evaluates: the step stays the training's
                self.take(template, match, held_out)
            line_end = chunk.find(b"\n", match.end()) + 1
        unmatched += _digit_lines(chunk, line_end, len(chunk), base)
        while hit is not None:
            self.add_event(chunk, hit[0], hit[1], first_line + hit[2], self.step)
            hit = next(pending, None)
        self.metric_lines_only = matched == chunk.count(b"\n") and not self.labelled
        return unmatched

    def global_step(
        self, epoch: float, counter: float, total: float | None, own: float | None = None, marked: bool = False
    ) -> float:
        """One step axis for a counter that may restart each epoch (`Epoch [3][50/7512]`, `ep: 2, batch: 20`).

        With the total per epoch printed: epoch index * total + counter (epochs counted from 0, or from 1 when
        the first one seen is not 0), totals summed when they change. Without it: a restart's first line is put one
        usual gap after the last line before it (batches 1-10 of each epoch: steps 1-500 over 50 epochs; every 50th
        of 500 batches: 50, 100, ..., 500, 550). A counter that goes on across epochs is the global step. An epoch
        lower than the last one starts the axis again (another run appended to the log), never below 0, as does a
        counter starting again to another total within a `marked` epoch (an epoch's header line over the counter's
        lines: a run appended whose first header was lost). An epoch advances by the total its own shape last printed
        (`own`): MAE's `Test: [4] [ 0/230]` lines between `Epoch: [4] [2560/2561]` and `Epoch: [5] [0/2561]` are another
        loop's, not the length of epoch 4."""
        restarted = marked and epoch == self.scope_epoch and bool(self.gap) and total != self.total
        restarted = restarted and counter <= min(self.gap or 0.0, self.peak)
        if self.scope_epoch is None or epoch < self.scope_epoch:  # the first line, or a run appended from its start
            self.base = 0.0 if epoch == 0 else 1.0
            self.offset = (epoch - self.base) * total if total else 0.0
            self.scoped = False
            if (
                self.scope_epoch is None
                and self.bare_counter is not None
                and not total
                and counter <= self.bare_counter
            ):
                self.offset = self.bare_counter + (self.gap or counter) - counter  # counted again after an epoch that
                # closed its lines (Recommenders' `at epoch 1` under that epoch's `step 10`, `step 20`): after them
        elif restarted:  # a run appended whose first epoch's header was lost (round64's HT-007: `step=140/144`,
            # then `step=20/289`): counted from its start, in its first epoch
            self.offset, self.scoped, self.peak, self.epoch = 0.0, False, 0.0, self.base
        elif epoch != self.scope_epoch and self.counter is not None and (counter <= self.peak or self.scoped):
            self.scoped = True  # an epoch whose lines were lost (`Epoch 18[1616/5011]`, `Epoch 19[4816/5011]`)
            if length := own or self.total:
                self.offset += (epoch - self.scope_epoch) * length
            elif counter < self.counter:  # the restart's first line lies one usual gap after the last one
                self.offset += self.counter + (self.gap or 1.0) - counter
        if self.scope_epoch == epoch and self.counter is not None and counter > self.counter:
            self.gap = counter - self.counter
        self.peak = max(self.peak, counter) if self.scope_epoch == epoch else counter
        self.scope_epoch, self.counter, self.total = self.base if restarted else epoch, counter, total
        return self.offset + counter

    def track_listing(self, template: Template, after_gap: bool) -> None:
        """Step-less lines of one value each, `CONFIG_LISTING_LINES` or more in a row under no epoch header and with
        no line carrying a step between them, each naming another value (`  base_lr: 0.6`, `  batch_size: 32`, ...):
        a listing of settings (args printed one per line at each start of a script), not metrics. Not the block
        right under a line carrying a step (OLMo's `[step=1/15000,epoch=0]` over `    train/CrossEntropyLoss=2.998`
        ...): a listing starts after a line no shape reads (`arch: resnet50`, `==== Initialized logger ====`)."""
        self.under_step = self.under_step and not after_gap
        if self.under_step or self.epoch is not None:
            self.listing = []
        elif any(known is template for known in self.listing):
            self.listing = [template]
        else:
            self.listing.append(template)
            if len(self.listing) >= CONFIG_LISTING_LINES:
                for known in self.listing:
                    known.listing = True

    def ahead_of_curve(self, template: Template, start: int | None, repeated: list[Template]) -> bool:
        """Whether a line printed once before the metric lines start (at `start`) has its values at steps beyond the
        curve's first: no point of the curve but a setting its counter's name was taken from (darknet's
        `mini_batch = 1, batch = 48, time_steps = 1` above iterations 1, 2, ...)."""
        if start is None or template.first_offset >= start:
            return False
        firsts = [series.steps[0] for t in repeated for n in t.names if n and (series := self.run.metrics.get(n))]
        given = [self.run.metrics.get(name) for name in self.given(template)]
        return bool(firsts) and all(series and series.steps[0] > min(firsts) for series in given)

    def drop_listed_names(self) -> None:
        """The names only lines of settings listings give, where the listing was printed more than once (a listing
        printed once is judged by where it stands: a final block of results is printed once, after the curve); a
        name that holds a loss or quality word (`mean loss: 71.3` in a block of one-value lines printed every ten
        steps, round-11 AG-008) is a measure, never a setting; so is a value that changes from one printing to the next
        (`ari: 0.933` then `0.949` under each epoch's evaluation, round27's CC-007: settings printed again repeat)."""
        self.drop_names_given_only_by(
            lambda template: (
                template.listing
                and template.hits >= 2
                and not any(names_a_measure(name) for name in template.names if name is not None)
                and not any(self.changes(name) for name in self.given(template))
                and not printed_lr(template)
            )
        )

    def changes(self, name: str) -> bool:
        """Whether the series `name`, printed MEASURED_PRINTINGS times or more, holds more distinct values than half its
        points: measured anew each time."""
        series = self.run.metrics.get(name)
        return series is not None and len(series) >= MEASURED_PRINTINGS and len(set(series.values)) > len(series) // 2

    def drop_names_given_only_by(self, no_metric: Callable[[Template], bool]) -> None:
        """Drop the names that only lines of templates `no_metric` holds give: a name another line gives stays."""
        dropped: set[str] = set()
        kept: set[str] = set()
        for template in self.seen.values():
            if template.hits:
                (dropped if no_metric(template) else kept).update(self.given(template))
        for name in dropped - kept:
            self.run.metrics.pop(name, None)

    def take(self, template: Template, match: re.Match[bytes], held_out: list[str | None] | None = None) -> None:
        """One line, read in order. Cells the loose value pattern took that are no number (a line cut off at
        `lr: 1e-`) are dropped, as the bulk path does; a line whose step is no number is dropped whole. `held_out`:
        the names of a stepped line directly under a split's heading."""
        values = [match.group(template.first_group + i) for i in range(len(template.names))]
        for at in template.fractions:  # `5/6`: the share, 0.8333
            values[at] = repr(int(values[at]) / max(int(values[at + 1]), 1)).encode()
        template.hits += 1
        from_epoch = under_marker = other_loop = False
        provisional: float | None = None
        if template.pattern == _RULED_NUMBER and self.epoch_marker not in (None, template):
            return  # `----2-----` under `**** EPOCH 003 ****`: a part of the named epoch, whose lines stay at its step
        if template.epoch_guessed and self.epoch_marker not in (None, template):
            self.batch_of_epoch(template)
        if template.axis_group is not None or template.role is Role.DICT:
            self.marked = False
        if template.step_group is not None and held_out is None:  # a held-out line sits at the training's step:
            counter = _number(values[template.step_group])  # its own loop's counter (`Eval begin...` over `step 8/8`)
            if counter is None or template.size:
                return
            self.counters_seen = True
            if template.role is Role.MARKER and template.epoch_group is None and self.epoch is not None:
                last = template.last_counter
                if last is not None and last[0] == counter and last[1] != self.epoch:
                    template.size = self.sized = True  # `batch = 405` under every `Epoch N/69`: a size, no step
                    return
                template.last_counter = (counter, self.epoch)
            epoch = _number(values[template.epoch_group]) if template.epoch_group is not None else self.epoch
            total = _number(values[template.total_group]) if template.total_group is not None else None
            template.unfinished = template.unfinished or counter != total
            if (
                epoch is not None
                and template.epoch_group is not None
                and self.fixed_point_per_epoch(template, counter, epoch)
            ):
                self.step = epoch
            elif (
                epoch is not None
                and not template.unfinished
                and (template.epoch_group is not None or (template.keras_bar and not self.redrawn_apart(template)))
            ):  # only finished epochs (`Epoch 0003: 100%|...| 25623/25623, loss=3.4`; Keras's `32/32 [=====] - 0s -
                self.step = epoch  # loss: 0.69` under `Epoch 1/2`, its redraws not read): the epoch
            elif template.epoch_group is None and another_loop(template, epoch, total, self.seen.values()):
                other_loop = True  # Keras's `evaluate` bar after `fit`'s last epoch: at the step in force
            elif epoch is not None and (template.epoch_group is not None or self.has_marker):
                self.step = self.global_step(epoch, counter, total, template.last_total, template.epoch_group is None)
                template.last_total, template.last_epoch = total, epoch
                if not self.epochs or self.epochs.steps[-1] != self.step:
                    self.epochs.append(self.step, epoch)
            else:
                self.step = self.bare_counter = counter
        elif template.epoch_group is not None and (held_out is None or self.headed):  # (a held-out `Epoch 1 Loss
            # 0.93` under `Test 1` sits at the training's step, as above; one numbering the block below, at its epoch)
            epoch = _number(values[template.epoch_group])
            if epoch is None:
                return
            if template.role is Role.MARKER:
                self.epoch, self.epoch_marker = epoch, template
                self.marked = True
            self.step = epoch
            self.counters_seen = True
            from_epoch = True
            template.numbers_epochs = template.numbers_epochs or held_out is None
        elif template.role is Role.DICT:
            if self.dicts.reprint(template.names, values):
                return
            if template.epoch_cell is not None and self.dicts.went_back(_number(values[template.epoch_cell])):
                self.dicts.trained = 0
            if self.epoch is not None and self.has_marker:  # `{'loss': 0.61, 'accuracy': 0.76}` under `Epoch 25/25`:
                self.step = self.step if self.epochs else self.epoch  # at that epoch (at the step in force where the
                # epoch's batches are on the global axis)
            elif template.training:  # a training dict: numbered apart from other lines (prose read once)
                self.dicts.trained += 1
                self.step = float(self.dicts.trained)
            if template.epoch_cell is not None and self.dicts.scaled():
                epoch = _number(values[template.epoch_cell])
                if epoch is not None:  # provisional: `finish` puts it on the axis
                    provisional = self.dicts.add(epoch, self.step or 0.0, template.training)
        elif not self.counters_seen and (not self.has_marker or self.epoch_marker is None):
            self.step = float(template.hits)  # its shape's n-th line: the lines of other step-less shapes aside
        else:
            under_marker = self.marked  # a line under `Epoch: 0-----` is at that epoch: per batch if it repeats
        if template.opens is not None:  # `Valid set: ...`: the lines below without a step are that set's
            self.block, self.headed = (None if is_train(template.opens) else template.opens), True
        if template.role is Role.MARKER:
            self.block = template.qualifier if template.qualifier and not is_train(template.qualifier) else None
            self.sections = self.sections or bool(template.qualifier and is_train(template.qualifier))
            return
        step = self.step if self.step is not None else 0.0
        if provisional is not None:
            step = provisional
        names = template.names
        if held_out is not None:
            names = held_out
        elif self.section is not None and names[0] == UNNAMED:  # `Generator Losses:` over one value a line: its name
            titled = metric_name(self.section)  # (a split's title, `Validation Losses:`, says its split)
            names = [titled, *names[1:]]
            step = float(len(self.run.metrics.get(titled, ())) + 1)  # each section's values counted from 1
        elif (
            self.block is not None and (template.axis_group is None or self.sections) and template.role is not Role.DICT
        ):
            names = self.block_names(template)  # with training markers too, each marker opens its split's section
        if self.epoch is not None and template.axis_group is None and template.role is not Role.MARKER:
            names = self.second_loop_names(template, names, step)
        else:
            if other_loop:
                names = [None if n is None else n if _has_split(n) else f"eval_{n}" for n in names]
            if self.epoch is not None and template.shared:  # what a second loop's line is told apart from
                self.writers.update((n, (step, template.pattern)) for n in names if n is not None)
        for name, value in zip(names, values, strict=True):
            if name is not None and (number := _number(value)) is not None:
                series = self.run.series(name)
                again = template.carries and template.unfinished and series.values and same(series.values[-1], number)
                if again and carried(name):
                    continue  # redrawn within an epoch (its counter short of its total): carried, not measured
                series.append(step, number)
                if from_epoch:
                    self.by_epoch.add(name)
                elif under_marker:
                    self.under_marker.add(name)

    def batch_of_epoch(self, template: Template) -> None:
        """A line opening with a lone `[5/20]` under a line that names its epoch (SR-GNN's `epoch:  0` over `[0/20]
        Loss: 4.6154`, `[5/20] Loss: ...`): that counter is the batch within the header's epoch, on the global axis."""
        template.step_group, template.epoch_group, template.epoch_guessed = template.epoch_group, None, False
        self.by_epoch.difference_update(name for name in template.names if name is not None)

    def redrawn_apart(self, template: Template) -> bool:
        """Whether a line of another shape gave `template`'s names short of its counter's total: the bar's redraws
        (Keras's `96/11408 [>...] - ETA: 9:09 - loss: 0.93`), on the global axis, where the epoch's end line
        (`11408/11408 [=====] - 60s - loss: 0.69`) is the epoch's last point, not the epoch."""
        named = set(template.names) - {None}
        return any(t.unfinished and named & set(t.names) for t in self.templates if t is not template)

    def fixed_point_per_epoch(self, template: Template, counter: float, epoch: float) -> bool:
        """Whether a line with its epoch and a step counter is on the epoch axis: its shape prints once per epoch at
        one point of the epoch's loop, the counter standing at the same value at every epoch (`[train] epoch:163
        iter:0/18 ... loss:0.40`, mmengine's `Epoch(train) [230][100/110] ... loss: 0.61` with `log_interval` past half
        the epoch): a person reads the epoch, as for a line whose counter stands at its total (`Epoch 3: 100%|...|
        25623/25623`). Decided at its second line (its first is read on the global axis, as before): the chunk is read
        again when the answer changes (`sized`), so one shape costs at most two more reads of a chunk. A run appended
        after (its epoch counter started over) may stand at another point of its own loop."""
        if template.fixed_point is None:
            template.fixed_point, template.fixed_epoch = (counter, epoch), epoch
            return False
        restarted = epoch < template.fixed_epoch  # round75's JL-002: 293 rounds of 100 epochs, `Batch #8` the last
        template.fixed_epoch = epoch  # batch of each epoch's loop in the first, `Batch #9` in the next, ...
        if restarted and not template.moved and counter != template.fixed_point[0]:
            template.fixed_point = (counter, epoch)
            return template.per_epoch
        if template.moved:
            return False
        if counter != template.fixed_point[0]:
            template.moved = True
            if template.per_epoch:
                template.per_epoch, self.sized = False, True  # lines read on the epoch axis: read the chunk again
            return False
        if not template.per_epoch and epoch != template.fixed_point[1]:
            template.per_epoch, self.sized = True, True  # its first line was read on the global axis: read again
        return template.per_epoch

    def second_loop_names(self, template: Template, names: list[str | None], step: float) -> list[str | None]:
        """Under an epoch header, a line of another shape giving names a line of the epoch already gave (Keras's
        `313/313 [===] - loss: 0.29 - accuracy: 0.90` of `model.evaluate` after the last epoch's `1875/1875 [===]
        - loss: 0.26 - ... - val_loss: 0.29`) is another loop over other data: its names are `eval_` ones, not
        more points of the training curve. Lines of one shape repeated within an epoch stay per-batch values."""
        if not template.shared:
            return names  # no other shape in use gives its names: no cost per line
        clash = False
        for shared in template.shared:
            written = self.writers.get(shared)
            clash = clash or (written is not None and written[0] == step and written[1] != template.pattern)
        if clash:
            names = [None if n is None else n if _has_split(n) else f"eval_{n}" for n in names]
        for name in names:
            if name is not None:
                self.writers[name] = (step, template.pattern)
        return names

    def held_out_pass(
        self, template: Template, match: re.Match[bytes], held_out: list[str | None] | None
    ) -> list[str | None] | None:
        """The held-out names of a line of a validation loop that prints as the training's does, under its heading
        (kaituoxu's Conv-TasNet: `Cross validation...` over `Epoch 1 | Iter 1 | Average Loss ...`, `Iter 11`, ...,
        as `Training...` is over the training's): the first line right under the heading starts the pass when its
        counter is below the training's last of that shape (a loop of its own, counted afresh: `Evaluation:` over
        `step 100` at the training's step 100 is no pass), and each next line of that shape whose counter goes on
        belongs to it, until a heading, another shape or a counter that starts again. Otherwise `held_out` as given;
        a training line's counter is kept as the one a pass starts below."""
        step = template.step_group
        counter = _number(match.group(template.first_group + step)) if step is not None else None
        if held_out is not None:
            started = counter is not None and template.trained_to is not None and counter < template.trained_to
            self.held_pass = (template, held_out, counter) if started and counter is not None else None
            return held_out
        if self.held_pass is not None:
            shape, names, last = self.held_pass
            if shape is template and counter is not None and counter > last:
                self.held_pass = (template, names, counter)
                return names
            self.held_pass = None
        if counter is not None:
            template.trained_to = counter
        return None

    def block_names(self, template: Template) -> list[str | None]:
        """The names of a step-less line under a validation/test block header (`Eval epoch: 3`) or heading
        (`Evaluation Results:`): `mean_loss` read there is `Eval_mean_loss`, apart from the training's `mean_loss`
        (a summary's name needs no `_summary` there: the split sets it apart)."""
        key = (template.pattern, self.block)
        found = self.qualified.get(key)
        if found is None:
            found = self.qualified[key] = [
                None if name is None else name if _has_split(name) else f"{self.block}_{_unsummarised(template, name)}"
                for name in template.names
            ]
        return found

    def is_echo(self, template: Template) -> bool:
        """A step-less line whose values never change however often it is printed (a configuration dumped twice:
        `  GAMMA: 0.1`): an echo, counted like a line printed once, never a curve. Not the lines of a file holding
        nothing but bare numbers (numpy's `savetxt` of a loss stuck at `9.58e+03`), nor a learning rate printed
        MEASURED_PRINTINGS times or more (pix2pix's `learning rate 0.0002000 -> 0.0002000` after every epoch while it
        holds: `printed_lr`): a schedule at rest, a curve all the same."""
        if template.axis_group is not None or template.role is not Role.METRICS:
            return False
        if template.names[0] == UNNAMED and self.metric_lines_only:
            return False  # a file of bare numbers and nothing else: a loss stuck at one value (round81's KI-013)
        if printed_lr(template):
            return False
        named = [series for name in self.given(template) if (series := self.run.metrics.get(name)) is not None]
        if named and measured_each_time(template, named):
            return False
        return bool(named) and all(min(s.values) == max(s.values) for s in named)

    def given(self, template: Template) -> list[str]:
        """The names lines of `template` gave: as written, and as qualified under blocks (`TEST_GAMMA` under a
        `TEST:` heading), so that what is dropped as no metric is dropped under every name it was read as."""
        names = [name for name in template.names if name is not None]
        for (pattern, _), qualified in self.qualified.items():
            if pattern == template.pattern:
                names += [name for name in qualified if name is not None and name not in names]
        return names

    def drop_echoed_names(self, echoes: set[bytes]) -> None:
        """A name only ever given by step-less lines that repeat one value (an environment or config block printed at
        each restart of a script: `  - CUDA Runtime 10.1`, `    GAMMA: 0.1`, a model print's `eps=1e-05`) is no
        metric, wherever its lines stand, unless they are printed about as often as the lines that carry a step
        (`->>lr:0.0005` under each `iter:N || Loss:..`: a logged value that happens not to move)."""
        busiest = max((t.hits for t in self.seen.values() if t.axis_group is not None), default=0)  # markers too
        self.drop_names_given_only_by(
            lambda t: t.pattern in echoes and (not busiest or t.hits * ECHO_RESTARTS_PER_METRIC_LINE < busiest)
        )

    def finish(self) -> None:
        """Once the file is read: drop configuration echoes, and put per-batch values logged under one epoch on
        an index axis (1, 2, ... in log order) instead of piling them on the epoch numbers."""
        echoes = {t.pattern for t in self.seen.values() if t.hits >= 2 and self.is_echo(t)}
        repeated = [
            t
            for t in self.seen.values()
            if t.hits >= 2 and t.role is not Role.MARKER and any(t.names) and t.pattern not in echoes
        ]
        counted = [t.first_offset for t in repeated if t.axis_group is not None]
        start = min(counted or [t.first_offset for t in repeated]) if repeated else None
        drop: dict[str, int] = {}
        line_names = {frozenset(n for n in t.names if n is not None) for t in repeated}
        epoch_lines = [t.first_offset for t in self.seen.values() if t.epoch_group is not None]
        for template in self.seen.values():
            named = [name for name in template.names if name is not None]
            if (template.hits != 1 and template.pattern not in echoes) or not named:
                continue
            if len(named) > 1 and frozenset(named) in line_names:
                continue  # the metric lines' own names in another spelling (Keras's `128s 1s/step`, then `534ms/step`)
            if template.role is Role.DICT or (
                template.axis_group is not None and not self.ahead_of_curve(template, start, repeated)
            ):
                continue  # a line with its step or epoch (`step 0: val loss 10.9`) is a metric line
            if start is None and (
                all(name in self.under_marker for name in named) or any(o < template.first_offset for o in epoch_lines)
            ):
                continue  # no curve, but an epoch's marker over the values (`Epoch 0 ended.`: a run dead after one;
                # Lasagne's `Epoch 1 of 1 took 1.213s` over `  training loss:\t\tnan`, a run stopped at its first;
                # tensorpack's `Epoch 1 (global_step 20) finished` over its monitor's `cost: nan`)
            if (start is not None and template.first_offset < start) or (
                start is None and not (LONE_RESULT_KEYS <= len(named) < CONFIG_KEYS)
            ):
                for name in self.given(template):
                    drop[name] = drop.get(name, 0) + template.hits
        for name, count in drop.items():
            series = self.run.metrics.get(name)
            if series is None or (start is None and len(series) > count):
                continue  # its points are not all from such lines: which one to drop is unknown
            del series.steps[:count]
            del series.values[:count]
            if not series:
                del self.run.metrics[name]
        self.drop_echoed_names(echoes)
        self.drop_listed_names()
        for template in self.seen.values():
            if template.hits:
                self.run.units.update((n, u) for n, u in template.units.items() if n in self.run.metrics)
        unnamed = {name: self.run.metrics.pop(name) for name in list(self.run.metrics) if name.startswith(UNNAMED)}
        if self.zero_header and list(unnamed) == [UNNAMED] and unnamed[UNNAMED].values[0] == 0:
            under = Series()  # `pd.Series(losses).to_csv(index=False)`: the rows counted under its header `0`
            for row, value in enumerate(unnamed[UNNAMED].values[1:], 1):
                under.append(row, value)
            unnamed[UNNAMED] = under
        rows = len(unnamed.get(UNNAMED, ()))
        if (rows >= UNNAMED_MIN_LINES or (rows > 1 and self.metric_lines_only)) and not self.run.metrics:
            unnamed = index_first(unnamed)
            for series in unnamed.values():
                if _one_epoch(series.steps):  # `1,1.2087` on every row: an epoch that never moves indexes nothing,
                    series.steps = array("d", range(1, len(series) + 1))  # the rows do (round76's JR-002)
            file = Path(self.run.files[0]).name if self.run.files else "value"
            self.run.metrics.update((file + name.removeprefix(UNNAMED), series) for name, series in unnamed.items())
        if self.dicts.epochs:
            self.dicts.put_on_axis(self.run.metrics.values())
        if self.epochs:
            self.run.axes["epoch"] = self.epochs
        bars = [t for t in self.seen.values() if (t.redrawn or t.carries) and t.hits]
        redrawn = {name for t in bars for name in t.names if name is not None}
        for name in redrawn:
            series = self.run.metrics.get(name)
            if series is not None:
                _keep_last_per_step(series)
        marked = {n for n in self.under_marker if n in self.run.metrics and _one_epoch(self.run.metrics[n].steps)}
        for name in self.run.metrics.keys() - self.by_epoch - marked - redrawn:
            if not is_axis(name, self.run.metrics[name].values):  # an epoch counter may stand still over two lines
                _drop_reprints(self.run.metrics[name], everywhere=True)  # two handlers: `INFO:tensorflow:`, glog
        for name in (self.by_epoch | marked) - redrawn:
            series = self.run.metrics.get(name)
            if series is not None:
                _drop_reprints(series)
            repeats = sum(map(eq, series.steps, series.steps[1:])) if series else 0
            if series is not None and repeats and repeats >= PER_BATCH_SHARE * len(series):
                epochs, series.steps = series.steps, array("d", range(1, len(series) + 1))
                ordered = all(map(le, epochs, epochs[1:]))  # epochs alone, not batch counters among them
                if ordered and len(epochs) > len(self.run.axes.get("epoch", ())):  # each batch's, of the longest curve
                    axis = self.run.axes["epoch"] = Series()
                    axis.steps, axis.values = array("d", series.steps), epochs
            elif series is not None:
                self.run.per_epoch.add(name)


class _DictSteps:
    """The steps of Hugging Face console dicts, which print no step (`{'loss': 0.54, ..., 'epoch': 0.35}` every
    `logging_steps`). The Trainer's `state.epoch` is `global_step / num_update_steps_per_epoch`, and its training bar
    counts to `max_steps` = `num_train_epochs * num_update_steps_per_epoch` (`trainer.py`), so a dict's step is
    `epoch * max_steps / num_train_epochs`: `max_steps` read from `Total optimization steps = M` or the training bar's
    total (`N/M`), `num_train_epochs` from `Num Epochs = E` or the last epoch printed, rounded up. Training dicts are
    put on the grid of `logging_steps` (read from their spacing) where they sit on one. Where the log prints no total,
    or its epochs are too coarse to tell the training dicts' steps apart (2 decimals, a dict every step), each dict
    keeps the index of the training dict (as with no epoch). A dict printed twice in a row (to loguru and to print)
    is one dict.

    While reading, a dict's points take a provisional step, minus its number (steps read from lines are never
    negative); `put_on_axis` replaces them."""

    def __init__(self) -> None:
        self.epochs = array("d")  # per dict line: its epoch
        self.fallback = array("d")  # the step it gets without a total (the training dict's index)
        self.training: list[bool] = []  # a training dict (with `loss`), not an eval or summary one
        self.bar_totals: dict[int, int] = {}  # totals of description-less tqdm bars -> lines drawn
        self.max_steps: float | None = None
        self.num_epochs: float | None = None
        self.last: tuple[list[str | None], list[bytes]] | None = None  # the names and cells of the last dict
        self.trained = 0  # training dicts read so far
        self.first_epoch: float | None = None  # the epoch of the current run's first dict that printed one
        self.last_epoch: float | None = None  # ...and of the last
        self.active: bool | None = None  # a total was printed before the first dict: steps are estimated

    def scaled(self) -> bool:
        """Whether the dicts' steps are estimated from their epochs: the Trainer printed its total (bar or block)
        before the first dict (as it does); else they keep the index of the training dict, with no cost per line."""
        if self.active is None:
            self.active = bool(self.max_steps or self.bar_totals)
        return self.active

    def reprint(self, names: list[str | None], cells: list[bytes]) -> bool:
        """Whether this dict repeats the one just before it, names and values (one dict sent to two handlers)."""
        again = self.last is not None and self.last[0] == names and self.last[1] == cells
        self.last = (names, cells)
        return again

    def scan(self, raw: bytes) -> None:
        if b"optimization steps" in raw:
            for match in _HF_MAX_STEPS.finditer(raw):
                self.max_steps = float(match.group(1).replace(b",", b""))
            for match in _HF_EPOCHS.finditer(raw):
                self.num_epochs = float(match.group(1).replace(b",", b""))
        if b"%|" in raw:
            for total in _HF_BAR_TOTAL.findall(raw):
                self.bar_totals[int(total)] = self.bar_totals.get(int(total), 0) + 1

    def add(self, epoch: float, fallback: float, training: bool) -> float:
        self.epochs.append(epoch)
        self.fallback.append(fallback)
        self.training.append(training)
        return -float(len(self.epochs))

    def truncate(self, count: int, trained: int, first_epoch: float | None, last_epoch: float | None) -> None:
        del self.epochs[count:], self.fallback[count:], self.training[count:]
        self.last, self.trained, self.first_epoch, self.last_epoch = None, trained, first_epoch, last_epoch

    def went_back(self, epoch: float | None) -> bool:
        """Record a dict's epoch, and say whether it went back to its run's first one or before: a run appended to the
        log (round81's KI-005, three fine-tunes printed one after another), whose dicts are counted from 1 again, so
        that its steps go back as an appended run's do (`view.arrays` judges the last). Not a run resumed from a
        checkpoint whose epoch counts on from a little before (round75's JK-002: 2.0, then 1.11 as its lr decays on)."""
        if epoch is None:
            return False
        back = self.last_epoch is not None and epoch < self.last_epoch and epoch <= (self.first_epoch or 0.0)
        if back or self.first_epoch is None:
            self.first_epoch = epoch
        self.last_epoch = epoch
        return back

    def steps(self) -> array:
        """Each dict's step, by its number."""
        max_steps = self.max_steps
        if max_steps is None and self.bar_totals:
            max_steps = float(max(self.bar_totals, key=lambda total: (self.bar_totals[total], total)))
        last_epoch = max(self.epochs)
        epochs = self.num_epochs or float(math.ceil(last_epoch))
        if not max_steps or not epochs or last_epoch > epochs:
            return self.fallback  # no total, or more epochs than the run was to train (two runs in one log)
        per_epoch = max_steps / epochs
        estimates = [epoch * per_epoch for epoch in self.epochs]
        trained = sorted(e for e, training in zip(estimates, self.training, strict=True) if training)
        gaps = sorted(b - a for a, b in zip(trained, trained[1:], strict=False))
        grid = round(gaps[len(gaps) // 2]) if gaps else 0
        on_grid = grid >= 2 and all(abs(e / grid - round(e / grid)) <= HF_LOG_GRID_SLACK for e in trained)
        steps = array(
            "d",
            (
                float(grid * round(e / grid)) if on_grid and training else float(round(e))
                for e, training in zip(estimates, self.training, strict=True)
            ),
        )
        trained_steps = [step for step, training in zip(steps, self.training, strict=True) if training]
        if any(b <= a for a, b in zip(trained_steps, trained_steps[1:], strict=False)):
            return self.fallback  # epochs printed too coarsely to tell the dicts' steps apart (logged every step)
        return steps

    def put_on_axis(self, all_series: Iterable[Series]) -> None:
        steps = self.steps()
        for series in all_series:
            if not series.steps or min(series.steps) >= 0:
                continue
            series.steps = array("d", (steps[int(-s) - 1] if s < 0 else s for s in series.steps))


def measured_each_time(template: Template, named: list[Series]) -> bool:
    """A measure's line (its name a loss, quality or error word) printed MEASURED_PRINTINGS times or more, each time at
    a later step than the last (Swin's ` * Acc@1 100.000` after each epoch's evaluation, round46's EK-007): a frozen
    measure, a curve all the same, whatever its value; a setting echoed at each restart goes back with the step."""
    import numpy as np

    if template.hits < MEASURED_PRINTINGS or not any(names_a_measure(n) for n in template.names if n):
        return False
    return all(len(s) >= MEASURED_PRINTINGS and bool((np.diff(np.frombuffer(s.steps)) > 0).all()) for s in named)


def printed_lr(template: Template) -> bool:
    """A learning rate's line printed MEASURED_PRINTINGS times or more: a schedule, though it holds one value."""
    return template.hits >= MEASURED_PRINTINGS and any(names_a_learning_rate(n) for n in template.names if n)


def _same_shape(candidates: list[tuple[int, bytes]], keys: list[bytes], key: bytes) -> list[bytes]:
    """The lines among `candidates` whose shape (digits aside) is `key`."""
    return [line for (_, line), other in zip(candidates, keys, strict=True) if other == key]


def _drop_reprints(series: Series, everywhere: bool = False) -> None:
    """Where every step (or epoch) that holds two values in a row holds the same one twice, its line was printed
    again (a `-> best` mark added, one line sent to two handlers): one point each. Values that differ at one step, or
    three or more at one epoch (a class's IoU at 0 on every batch), are per-batch values, all kept. `everywhere`: only
    when at least every other step is printed twice (two handlers); a run restarted with its seed repeats one step's
    values where it starts over, and a line printed twice once is the file's."""
    steps, values = series.steps, series.values
    if not any(map(eq, steps, steps[1:])):  # the common case, at C speed
        return
    repeats = {i for i in range(1, len(steps)) if steps[i] == steps[i - 1]}
    if any(values[i] != values[i - 1] or i - 1 in repeats for i in repeats) or (
        everywhere and 2 * len(repeats) < len(steps) - len(repeats)  # fewer than every other step (of the distinct)
    ):
        return
    keep = [i for i in range(len(steps)) if not i or steps[i] != steps[i - 1]]
    if len(keep) < len(steps):
        series.steps = array("d", (steps[i] for i in keep))
        series.values = array("d", (values[i] for i in keep))


def index_first(columns: dict[str, Series]) -> dict[str, Series]:
    """Unnamed columns whose first is a counter written as a float (`numpy.savetxt` writes every cell as
    `2.000000000000000000e+01`: round34's CY-011): whole numbers that rise, starting over where runs were appended.
    They are the steps of the others, which take the names of an index table's (the first the file's, then `column
    3`, ...), as `_INDEX_VALUE`'s rows name them; other columns are returned as they are."""
    index = columns[UNNAMED]
    values = index.values
    pairs = list(zip(values, values[1:], strict=False))
    rises = sum(later > earlier for earlier, later in pairs)
    restarts = sum(later < earlier and later <= values[0] for earlier, later in pairs)
    others = [name for name in columns if name != UNNAMED]
    counted = rises + restarts == len(pairs) and rises > restarts and all(float(v).is_integer() for v in values)
    if not others or not counted or any(columns[name].steps != index.steps for name in others):
        return columns
    moved = {}
    for name in others:
        series = Series()
        series.steps, series.values = array("d", values), columns[name].values
        moved[UNNAMED if name == f"{UNNAMED} column 2" else name] = series
    return moved


def _one_epoch(steps: array) -> bool:
    """Whether a series stepped by the epoch markers over it holds three points or more, all at one epoch: a marker
    that never moves (`Epoch: 0-----` over every update) is no axis."""
    return len(steps) >= 3 and min(steps) == max(steps)


def same(drawn: float, number: float) -> bool:
    """Whether a value drawn again is the one drawn before, a NaN included (`val/accuracy=nan.0` at every redraw)."""
    return drawn == number or (math.isnan(drawn) and math.isnan(number))


@cache
def carried(name: str) -> bool:
    """Whether a value in a bar's postfix is carried from an evaluation or an epoch's end: a validation or test measure
    (Lightning's `val_loss=0.370` shown in every training step's bar until the next validation, round45's EI-004) or
    an epoch's aggregate (Lightning's `train_loss_epoch=3.150`, `on_epoch=True`). Where the bar is redrawn within its
    epochs, its value drawn again unchanged is no new measurement: one point per value, at the step it first showed
    (a bar kept once per epoch, at its total, shows each epoch's: `val_loss=3.14` at each, as measured)."""
    return split_of(words(name)) in ("val", "test") or name.endswith("_epoch")


def another_loop(template: Template, epoch: float | None, total: float | None, seen: Iterable[Template]) -> bool:
    """Whether a Keras bar under an epoch header counts to another total than its shape's last line under that same
    header: another loop over other data (`model.evaluate`'s bar, `1/8 -- 0s` after `fit`'s `6/6 -- 0s` of the last
    epoch, drawn in the same shape), its values `eval_` ones, not more of the epoch's batches. A shape first drawn
    there is judged against the bars of the other shapes (`evaluate`'s ` 1/97`, padded, after `fit`'s `777/777`:
    round90's LA-015). A new header (`Epoch 1/10` of a run appended) may count to any total, and other counters
    restarting to another total under one header are a run appended whose header was lost (`global_step`)."""
    if not template.keras_bar or epoch is None or total is None:
        return False
    drawn = [template] if template.last_total is not None else [t for t in seen if t.keras_bar]
    return any(t.last_total is not None and t.last_epoch == epoch and total != t.last_total for t in drawn)


def _keep_last_per_step(series: Series) -> None:
    """A bar's description or postfix redrawn at one position (or under one step of its own) gives one point: the last
    drawn (tqdm redraws the bar at each update and at each `set_description`/`set_postfix`: a loss set then updated is
    drawn at its step and again at the next, round90's LB-017)."""
    steps, values = series.steps, series.values
    keep = [i for i in range(len(steps)) if i + 1 == len(steps) or steps[i + 1] != steps[i]]
    if len(keep) < len(steps):
        series.steps = array("d", (steps[i] for i in keep))
        series.values = array("d", (values[i] for i in keep))


def _digit_lines(chunk: bytes, start: int, end: int, base: int) -> list[tuple[int, bytes]]:
    """(offset in file, line) of the lines of `chunk[start:end]` that hold a digit."""
    return [(base + m.start(), m.group()) for m in _ANY.finditer(chunk, start, end)]


_WITH_VALUE = rb"[^\n]*(?:[0-9]|(?i:nan|inf))[^\n]*"
"""A line that may hold a value: a digit, or a non-finite value (`  loss_recon: nan`: a metric NaN from its first
line)."""
_ANY = re.compile(rb"(?m)^" + _WITH_VALUE)


def _unsummarised(template: Template, name: str) -> str:
    return name.removesuffix("_summary") if template.summarised else name


def _has_split(name: str) -> bool:
    return any(word.lower() in _SPLITS for word in re.split(r"[ _/.\-]+", name))


_SPLITS = frozenset(word.decode() for word in SPLIT_WORDS)
_BEST_OPENING = re.compile(rb"(?i)[^0-9:=]{0,40}?\bbest\b")
"""A line whose opening words, before any number, name the best (`End. Best epoch 007: HR = 0.887, NDCG = 0.840`,
`Best model: loss 0.31`): the values of the best point again, a summary (`set_apart_summary`), whatever axis the curve
it repeats is on."""
_DATASET_NAMED = re.compile(rb"(?i:\bdata_?set|\bbenchmark)[ \t]*[:=][ \t]*([A-Za-z][\w.+-]*)(?=[ \t]*(?:[,|;\]]|$))")
"""A line's dataset named by a key (`epoch: 3, dataset: CVC-ClinicDB, dice: 0.75`, the polyp segmentation repos'
logger: round47's ES-006): its values are that dataset's (`dice_(CVC-ClinicDB)`); a split's name (`dataset: test`)
leaves them as they are, the roles read the split from the line."""
_CLASS_HEADED = re.compile(rb"([A-Za-z][\w.+-]*):[ \t]+(?=[A-Za-z])")
"""An indented class's name heading its line's named values (conlleval's `              Act: precision:   1.24%;
recall:   1.77%; FB1:   1.46  161` under its overall line, round81's KI-012): that class's values (`Act_precision`,
as a line of one such value is read), one series per class."""


def _split_head(names: list[str | None]) -> str | None:
    """The split word leading a line's first name (`Dev` of `Epoch 00003 | Dev Acc 0.39 | Root Acc 0.27`, DGL's
    tree_lstm example): the names after it that the training lines print too are that split's (`Dev_Root_Acc`)."""
    first = next((name for name in names if name is not None), None)
    head = first.split("_", 1)[0] if first and "_" in first else None
    return head if head is not None and head.lower() in _SPLITS else None


def _number(cell: bytes) -> float | None:
    """`float(cell)`, or None when the loosely matched cell is no number."""
    try:
        return float(cell)
    except ValueError:
        if _DECIMAL_COMMA.fullmatch(cell):
            return float(cell.replace(b",", b"."))  # `22,502287584414645`: a decimal comma
        try:
            return float(cell.replace(b",", b""))  # thousands separators: `4,007,990`
        except ValueError:
            pass
    stem = cell[:-2] if cell.endswith(b".0") else cell.rstrip(b".-") if cell.endswith((b".", b"-")) else None
    try:  # Lightning's bar prints `inf.0`, `nan.0`; a sentence's final dot (`val mse is 0.0242.`), an ellipsis
        # (`Training Loss: 1.5847... processing_time: 4.6 sec`), a dash after (LightGCN's `loss0.553-|Sample:0.05|`)
        return float(stem) if stem is not None else None
    except ValueError:
        return None


def _extend(series: Series, steps: array | Sequence[bytes], values: Sequence[bytes]) -> None:
    """Append a column of values (and their steps) in bulk; pairs that are not numbers are dropped."""
    try:
        converted = list(map(float, values))  # a list, then `fromlist`: ~10% faster than `array("d", map(...))`
        steps = steps if isinstance(steps, array) else array("d", list(map(float, steps)))
    except ValueError:
        for step, value in zip(steps, values, strict=True):
            number, at = _number(value), _number(step) if isinstance(step, bytes) else step
            if number is not None and at is not None:
                series.append(at, number)
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
    run, lines = _read_run(path, source)
    if not run.metrics and not run.events_total and lines <= MAX_METRICS_PER_RUN:
        run = _read_series_rows(path, source) or run
    if not run.metrics and not run.events_total:
        run = _read_measured_counts(path, source) or run
    if not run.metrics and not run.events_total and not run.samples_total:  # samples alone: hook (samples.py)
        raise UnreadableInputError(
            f"{source}: no metric lines found in {lines} lines. Text shapes read: 'step 10 | loss 0.69', "
            "'step=10 loss=0.69', nanoGPT 'iter 10: loss 2.3', Keras 'Epoch 1/3' + '- loss: 0.5', Hugging Face "
            "\"{'loss': 0.5, ...}\"; pass format='jsonl' or 'csv' if the file is one of those"
        )
    return [run]


SERIES_ROW_MIN = 10
"""Values a line of numbers alone must hold to be a whole series (`np.savetxt("losses.txt", [d_losses, g_losses])`,
`print(losses)`): a table's row holds a few (`UNNAMED_COLUMNS`)."""
_SERIES_ROW = re.compile(
    rb"[ \t]*\[?[ \t]*"
    + _CELL_NUMBER
    + rb"(?:"
    + _PLAIN_VALUE
    + rb"){%d,}[ \t]*,?[ \t]*\]?[ \t]*" % (SERIES_ROW_MIN - 1)
)
_ROW_VALUE = re.compile(_CELL_NUMBER)
_COUNT_LINE = re.compile(rb"[ \t]*[0-9]+[ \t]*")


def _read_series_rows(path: Path, source: str) -> Run | None:
    """A file whose every line is a long row of numbers and nothing else, read as one series per row on the index
    1, 2, ... (the first named by the file, the others `<file> row 2`, ...), after at most one first line holding a
    count alone (a C++ loop's `out << losses.size()` before the values: round68's IJ-002); None for any other file.
    More rows than values a row, all of one length, are a headerless table's records instead, a series per column
    (the first named by the file, the others `<file> column 2`, ...: round86's KT-004, a NAS controller's CSV of 63
    trials, each its child's accuracy, its reward and 8 architecture choices)."""
    rows: list[array[float]] = []
    counted = False  # the first line was a count alone
    for chunk, _ in line_chunks(path, source):
        for line in chunk.splitlines():
            if not line.strip():
                continue
            if not rows and not counted and _COUNT_LINE.fullmatch(line):
                counted = True
                continue
            if not _SERIES_ROW.fullmatch(line):
                return None
            rows.append(array("d", map(float, _ROW_VALUE.findall(line))))
            if len(rows) > MAX_METRICS_PER_RUN and (len(rows[-1]) != len(rows[0]) or len(rows[0]) >= len(rows)):
                return None  # too many rows to be series, and no table's
    if not rows:
        return None
    width = len(rows[0])
    table = len(rows) > width and all(len(row) == width for row in rows)
    series_of = [array("d", column) for column in zip(*rows, strict=True)] if table else rows
    if len(series_of) > MAX_METRICS_PER_RUN:
        return None
    run = Run(source=source, format=FORMAT, files=[str(path)])
    for index, values in enumerate(series_of, start=1):
        series = run.series(path.name if index == 1 else f"{path.name} {'column' if table else 'row'} {index}")
        series.steps, series.values = array("d", range(1, len(values) + 1)), values
    run.lines = len(rows)
    return run


_WHOLE_NUMBER_LINE = re.compile(rb"[ \t]*[-+]?[0-9]+[ \t]*")


def _read_measured_counts(path: Path, source: str) -> Run | None:
    """A file whose every line is one whole number and nothing else, its name naming what they measure
    (`roles.names_a_measure`: `rewards.txt`, an episode's return a line, round76's JQ-011), read as that series on the
    index 1, 2, ...; None for any other file: elsewhere a whole number alone is a count (`_BARE_VALUES`)."""
    if not names_a_measure(path.stem):
        return None
    run = Run(source=source, format=FORMAT, files=[str(path)])
    series = run.series(path.name)
    for chunk, _ in line_chunks(path, source):
        for line in chunk.splitlines():
            if not line.strip():
                continue
            if not _WHOLE_NUMBER_LINE.fullmatch(line):
                return None
            series.append(float(len(series) + 1), float(line))
    run.lines = len(series)
    return run if len(series) >= UNNAMED_MIN_LINES else None


def _read_run(path: Path, source: str) -> tuple[Run, int]:
    """One pass over a vetted log: the run and its line count."""
    run = Run(source=source, format=FORMAT, files=[str(path)])
    reader = TextReader(run)
    samples = SampleScanner(str(path))  # hook: the samples the log prints, as sample events (see samples.py)
    chunk, first_line = b"", 1
    with _gc_paused():
        for chunk, first_line in line_chunks(path, source):
            reader.read_chunk(chunk, first_line)
            samples.feed(chunk, first_line, reader.metric_lines_only)  # hook (samples.py)
            if first_line == 1:  # K is echoed with the config, at the top (a scan of every chunk costs 5%)
                run.classes_stated = classes_stated(chunk)
                run.loss_stated = loss_stated(chunk)
                run.lr_stated = lr_stated(chunk)
        reader.finish()
    samples.finish(run)  # hook (samples.py): run.samples; sample lines are no metrics
    run.lines = lines = first_line - 1 + chunk.count(b"\n")
    return run, lines
