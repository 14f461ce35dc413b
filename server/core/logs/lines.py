"""What one console line says: terminal noise removed, its prefix told apart from its content, its fields read.

Used by the text reader (`text.py`) to learn line shapes: it runs once per distinct shape, never per metric line.

- `clean_chunk`: ANSI colour/cursor codes removed; a bare `\\r` (a progress bar redrawn in place) read as a line
  break, so that each redraw is a line of its own; tqdm bars (`45%|████▌ | 450/1000 [00:01<00:02, 3.0it/s`)
  cut out of their line, keeping its description and postfix (`Epoch 0: ..., loss=0.42]`).
  Stable-Baselines3's `| key | value |` boxes become one line at their `total_timesteps`; a Markdown table's rows of
  numbers take its header's names; emoji are removed and full-width CJK punctuation is read as ASCII.
- `prefix_end`: where a line's content starts, past logger prefixes: time stamps, levels, `[rank0]:`,
  `[default0]:`, glog `W0530 12:00:01.123 1234 file.py:1233]`, `main.py:123`, `[module]`, loguru `mod:fn:12 -`.
- `parse_content`: the fields of the content: each value with the name the line gives it (as written, words
  joined by `_`: `Train Loss 0.52` -> `Train_Loss`), step and epoch counters (`Step 10/6501`, `Epoch [1][50/7512]`,
  `ep: 0, batch: 20`), percentages, thousands separators (`4,007,990`) and list values (`LR: [0.001]`). A split word
  heading the line (`Test: [0/242] ... Loss 3.5`, `Validation BLEU: BLEU-1 71.6, BLEU-2 65.7`) qualifies the names
  after it (`Test_Loss`, `Validation_BLEU-2`). Prose (`New best model saved with BLEU-2: 65.76`), versions, paths,
  file:line and hyperparameter echoes (`Namespace(lr=0.001, ...)`) give no metric.
"""

from __future__ import annotations

import itertools
import json
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum, unique
from functools import partial

from .roles import ACCURACY_WORDS, ERROR_WORDS, FOREIGN_SPLIT_WORDS, LOSS_LIKE_WORDS, LOSS_WORDS, names_a_measure
from .roles import SPLIT_WORDS as ROLE_SPLITS
from .roles import words as name_words

MAX_NAME_WORDS = 4
"""A name of more words is prose (`New best model saved with BLEU-2`); the corpus's longest real names have 4
(`Average Test Loss (MSE)`, `Mega Dice Score (aug)`)."""

_ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b\n]*(?:\x07|\x1b\\)|\x1b[()][A-Za-z0-9]")
_CARET_ANSI = re.compile(rb"\^\[\[[0-9;?]*[A-Za-z~]")
"""A cursor key's code as a terminal echoes it in caret notation (`^[[A`: an arrow key pressed while the run printed,
round70's IQ-006), no part of the line it opens."""
_BARE_CR = re.compile(rb"\r(?!\n)")
_BACKSPACES = re.compile(rb"\x08+(?=\r(?!\n))")
"""The backspaces a console erases a redraw with (Keras's progress bar writes one per drawn character, then `\r`,
before each update: `31/32 ━━━ 0s 242ms/step - loss: 1.10\b\b...\b\r`): gone, the redraw itself kept, a line of
its own at the `\r` as every redraw is (each a point, as a person counts the values the file holds)."""
_LINE_END = re.compile(rb"\r+\n")
"""A line's end, `\r\n` or `\r\r\n` (a csv writer's `\r\n` through a Windows text-mode file): no bar redrawn."""
_TQDM_BAR = re.compile(
    rb"\d{1,3}%(?:\|[^|\n]{0,1500}\||(?=[ \t]))[ \t]*(?P<n>[\d.]+[kMG]?)/(?P<total>[\d.]+[kMG]?|\?)[ \t]*"
    rb"\[[^\],\n]*(?:,[ \t]*(?:[\d.?]+[ \t]*(?:[kMG]?(?:it|B|s)/(?:s|it)|s/it)|\?it/s))?(?P<more>,[ \t]*)?"
)
"""A tqdm bar up to its rate: `45%|████▌     | 450/1000 [00:01<00:02, 300.00it/s` (its postfix and `]` stay).
Its body is up to 1500 bytes: a bar as wide as a 500-column terminal, drawn in 3-byte block characters; a notebook's
captured output drops the body (`100% 210/210 [03:45<00:00,  1.07s/it, loss=1.2]`, Colab's)."""


BAR_POSITION = b"\x01"
"""Marks a bar's counter kept after its description (`d: 0.98;gen: 0.11:  0%|  | 45/20000`): the bar position
the description's values were drawn at (a text log holds no such byte: `looks_binary`)."""


def _bar(match: re.Match[bytes]) -> bytes:
    """A bar cut out; where a postfix of values follows (`3.31s/it, loss=0.42]`), its counter stays as the step of
    those values (`batch 1225/3999, loss=0.42]`; under `Epoch 0:` the batch counts within the epoch). Where values
    sit in the bar's description before it (`Loss: 0.42:  67%|...| 2/3`), its counter stays behind
    `BAR_POSITION`: each redraw of the bar repeats them, and the reader keeps the last drawn per position."""
    n, total = match.group("n"), match.group("total")
    if match.group("more") and n.isdigit() and total.isdigit():
        return _POSTFIX_STEP + n + b"/" + total + b", "
    if n.isdigit():
        line = match.string
        start = max(line.rfind(b"\n", 0, match.start()), line.rfind(b"\x00", 0, match.start())) + 1
        if _NUMBER_START.search(line, start, match.start()):
            return b" " + BAR_POSITION + n + (b"/" + total if total.isdigit() else b"") + b" "
    return b" "


_POSTFIX_STEP = b" batch "
BAR_POSTFIX = re.compile(re.escape(_POSTFIX_STEP) + rb"\d+/\d+, ")
"""A bar's counter kept before its postfix (`_bar`): the line is a bar's redraw."""
_POSTFIX_COUNTER = re.compile(_POSTFIX_STEP + rb"\d+/\d+, ")


def _postfix_of(redraw: bytes) -> list[bytes] | None:
    """A redraw's postfix, the words after its counter (tqdm pads the percentage before it and the postfix after it);
    None without a counter."""
    counter = _POSTFIX_COUNTER.search(redraw)
    return None if counter is None else redraw[counter.end() :].split()


def _drop_postfix_redrawn(chunk: bytes) -> bytes:
    """tqdm draws a postfix more than once: `set_postfix` redraws the bar at once, at the counter of the iterations
    done before the one it measured, the update after that iteration draws it again at the next counter, and a
    `set_description` or `refresh` after that draws it again (round41's DT-010), the same values. Of two redraws in a
    row (`\\r`, marked NUL here) with the same postfix, whatever their counters and descriptions, the earlier is
    blanked (its line kept, empty, for the line count): each value is read once, at the counter once its iteration
    is done (3D Gaussian Splatting's `Loss=0.2493386` at 0/30000, then at 10/30000)."""
    parts = chunk.split(b"\x00")
    for i in range(len(parts) - 1):
        head, newline, last = parts[i].rpartition(b"\n")
        later = parts[i + 1].partition(b"\n")[0]
        if (postfix := _postfix_of(last)) is not None and postfix == _postfix_of(later):
            parts[i] = head + newline
    return b"\x00".join(parts)


_NUMBER_START = re.compile(rb"(?:^|(?<=[\s:=,;(\[]))[-+]?\.?[0-9]")
"""A number in a bar's description (`Loss: 0.42`, `[0/1000]`), not the digits of a name (`mAP50-95`)."""


_RICH_BAR = re.compile(
    "[━╸╺╾╼─]+[ \t]+([0-9]+)/([0-9]+)[ \t]+[0-9:]+[ \t]+•[ \t]+(?:[0-9]+ days?, )?[-0-9:]+"
    "(?:[ \t]+[0-9.]+it/s)?".encode()
)
"""A rich progress bar (Lightning's `RichProgressBar`): `━━━━╸━━━ 2919/9000 12:28:13 • 1 day, 3:03:25 0.06it/s`; its
counter stays as the step of the values after it (`batch 2919/9000`), as for a tqdm bar's postfix."""
_BULLET = "•".encode()
_ASCII_BAR = re.compile(rb"\[[>=\-.#* ]{5,}\](?=[ \t]*[0-9]+/[0-9]+|[ \t]+-[ \t])")
"""An ASCII progress bar's body before its counter (mmcv's `ProgressBar`: `[>>>>>-----] 112/117, 2.3 task/s`, Keras's
`126/126 [=====>....] - ETA`): drawn differently at each line, it is emptied (`[]`), so that its lines are one shape."""
_ASCII_BAR_ENDS = (b">]", b"=]", b"-]", b".]", b" ]", b"#]")
_GLUED = re.compile(rb"((?:it/s|s/it)\])[ \t]*(?=[^\s\x00])")
"""A log line printed right after a tqdm bar, without a line break (`...4.62it/s]2025-09-16 12:03 - INFO`): whatever
the bar's form, `N%|███|` or one drawn without a terminal (`  0% 0/3692 [00:02<?, ?it/s]/usr/.../x.py:727:
UserWarning`), or of unknown total (`Validation: |  | 0/? [00:00<?, ?it/s][12/09/24 14:03:31] INFO  Epoch 0: ...`)."""
_PICTOGRAPH = re.compile(
    rb"\xf0\x9f[\x80-\xab][\x80-\xbf]|\xe2[\x98-\x9e][\x80-\xbf]|\xe2[\xac-\xaf][\x80-\xbf]|\xef\xb8\x8f|\xe2\x80\x8d"
)
"""Emoji and pictographs (U+1F000-1FAFF, U+2600-27BF, U+2B00-2BFF, the emoji variation selector and joiner) that
scripts put before their lines (`📊 Evaluation Results:`, `✅ Epoch 0 completed`): decoration, never part of a name;
each is read as a space. Letters of other scripts (`当前损失值`) are names. (Box-drawing characters stay: a rich
table's `│ test_acc │ 0.285 │` repeats the dict Lightning prints after it.)"""
_DRAWN_RULE = re.compile(rb"(?:\xe2\x94[\x80\x81\x84\x85\x88\x89]|\xe2\x95[\x8c\x8d\x90]){2,}")
"""A rule drawn with box-drawing dashes (`── Epoch 1/50 ──────`, `═════`: U+2500, U+2501, U+2504-2509, U+254C-254D,
U+2550), read as one of ASCII dashes, so that a banner drawn so is a marker as `--- Epoch 1/50 ---` is (round33's
CU-009: each epoch's `Batch 10/67` lines, under such a header, were read on one epoch). The tables' bars and corners
(`│`, `┏`) stay."""
_FULL_WIDTH = re.compile(rb"\xef\xbc[\x85\x88\x89\x8c\x9a\x9b\x9d]")
"""Full-width punctuation of CJK text (`当前损失值：10.113`, `，`, `；`, `（）`, `％`, `＝`): read as its ASCII form, a
colon, comma or semicolon followed by a space, so that a name and its value part as in any log."""
_FULL_WIDTH_ASCII = {0x85: b"%", 0x88: b" (", 0x89: b")", 0x8C: b", ", 0x9A: b": ", 0x9B: b"; ", 0x9D: b"="}


_ANGLED_TIME = re.compile(rb"[ \t]*<\d{4}-\d\d-\d\d[ T]\d\d:\d\d(?::\d\d)?(?:[.,]\d+)?>")
"""A time stamp in angle brackets anywhere on a line (`@rank0 Epoch: 1\t<2021-11-26 13:39:23> loss: 0.0017`, round67's
ID-008): a clock, no value, and the values after it are the line's still."""
_WIDE_SPACE = re.compile(rb"\xe3\x80\x80|\xc2\xa0|\xe2\x80[\x80-\x8a\xaf]")
"""Spaces that are not ASCII: the ideographic space of CJK text (`　　{'loss': 4.14, ...}`, a log indented with an
input method's space), the no-break space of text copied from a web page, the typographic spaces: read as a blank."""


def _ascii_punctuation(match: re.Match[bytes]) -> bytes:
    return _FULL_WIDTH_ASCII[match.group()[2]]


_BREAK = re.compile(rb"\x00")
_MD_TABLE = re.compile(
    rb"(?m)^[ \t]*\|([^\n]*)\|[ \t]*\n([ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*-*:?[ \t]*\n)"
    rb"((?:[ \t]*\|[^\n]*\|[ \t]*\n)*)"
)
"""A Markdown table (GitHub Flavored Markdown; `tabulate(tablefmt="pipe")`, as detectron2 prints its COCO results):
its header row, the row above the delimiter row (`|---|:--:|`), gives names, not values (`| Model | Accuracy: 84.1 |
F1 |` gives no `Accuracy`): its line is kept, empty. A row of numbers only under it takes the header's names
(`|  AP   |  AP50  |` over `| 0.010 | 0.046  |` gives `AP 0.010 | AP50 0.046`); rows with a label cell (`| mlp | 1.954
|`, a per-category table) are read as they are."""


_PIPE_ROW = rb"[ \t]*\|?[ \t]*[-+]?[0-9.][^\n]*\|[^\n]*\n"
_PIPE_TABLE = re.compile(
    rb"(?m)^([ \t]*\|?[ \t]*[A-Za-z][^|\n]*(?:\|[ \t]*[A-Za-z][^|\n]*){2,}\|?[ \t]*)\n([ \t]*[-=+]{10,}[ \t]*\n)"
    rb"((?:" + _PIPE_ROW + rb"|(?:[^\n|]*\n){1,3}(?=" + _PIPE_ROW + rb"))*)"
)
"""A table of `|`-separated columns under a rule of dashes, outer pipes or not (a training script's own epoch table:
` Epoch | TrainLoss | TrainAcc |  ValLoss` / `-----` / `     1 |    1.0164 |   50.80% |   0.8634`): each row read as
`name value` pairs, as a Markdown table's are; up to three lines of no column between two rows (`  Saved:
checkpoints/x.npz (epoch=5, metric=0.2968)`, round75's JM-002) leave the table going."""


def _pipe_cells(row: bytes) -> list[bytes]:
    """The cells of a row of `|`-separated columns, outer pipes or not."""
    return [cell.strip() for cell in row.strip().strip(b"|").split(b"|")]


def _named_rows(
    names: list[bytes], rows: bytes, numbers: Callable[[list[bytes]], bool], groups: list[bytes] | None = None
) -> bytes:
    """Each row of `rows` whose cells `numbers` accepts, one per name, written as `name value | name value ...`;
    the others as they are. A column of several names over as many numbers (`loss   top-1  top-2` over `0.521
    80.365  96.347`) names each, under its group's split word where `groups` gives one (`VALID`); a cell of words
    and numbers under one name (`time | 0 hr 06 min`) is a duration, left out. A name the header gives again is that
    column's with pandas' suffix (`top_cls_loss reg_loss | fuse_cls_loss reg_loss`: `reg_loss`, `reg_loss.1`), not a
    second value of the first (round41's DS-003 lost its fused head's regression loss)."""
    written = []
    for row in rows.splitlines(keepends=True):
        cells = _pipe_cells(row)
        if len(cells) == len(names) and all(names) and numbers(cells):
            named = []
            seen: Counter[bytes] = Counter()  # the names given so far, as pandas' `read_csv` suffixes a repeated one
            for index, (name, cell) in enumerate(zip(names, cells, strict=True)):
                if not cell:
                    continue  # a blank cell: no value this row (MATLAB's validation between its evaluations)
                group = groups[index] + b" " if groups and _is_split(groups[index]) else b""
                words, values = name.split(), cell.split()
                numeric = all(map(_NUMBERISH.match, values))
                if len(words) > 1 and len(values) == len(words) and numeric:
                    pairs = zip(words, values, strict=True)
                    named += [_once(group + word, seen) + b" " + _counted(word, value) for word, value in pairs]
                elif len(values) > 1 and not numeric and len(words) == 1 and not _CLOCK_CELL.match(cell):
                    continue  # `time | 0 hr 06 min`: a duration in words, no value
                else:
                    named.append(_once(group + name, seen) + b" " + cell)
            if _CLOCK_CELL.match(cells[0]):
                named[0] = cells[0]  # the row's time stamp leads it bare: a prefix, as a logger's is
            row = b" | ".join(named) + b"\n"
        written.append(row)
    return b"".join(written)


def _once(name: bytes, seen: Counter[bytes]) -> bytes:
    """`name`, suffixed `.1`, `.2` when the row gave it before (`seen` counts them)."""
    seen[name] += 1
    return name + b".%d" % (seen[name] - 1) if seen[name] > 1 else name


_WHOLE_FLOAT = re.compile(rb"[0-9]+\.0*")
"""A whole number written as a float (`3.0`, `12.`)."""


def _counted(name: bytes, value: bytes) -> bytes:
    """A counter's cell as an integer where the table wrote it as a float (`epoch 3.0`: pandas and `%.1f` rows)."""
    return value.split(b".")[0] if _COUNTER_NAME.match(name) and _WHOLE_FLOAT.fullmatch(value) else value


def _pipe_table(match: re.Match[bytes]) -> bytes:
    header = _pipe_cells(match.group(1))
    led = _named_rows(header, match.group(3), _led_by_a_number, _column_groups(match))
    return match.group(1) + b"\n" + match.group(2) + led


_BOXED_TABLE = re.compile(
    rb"(?m)^([ \t]*\|=+\|[ \t]*\n)((?:[ \t]*\|[^\n0-9]*\|[ \t]*\n){1,3})([ \t]*\|=+\|[ \t]*\n)"
    rb"((?:[ \t]*\|[ \t]*[0-9][^\n]*\|[ \t]*\n)*)"
)
"""A table boxed by rules of `=` between pipes, its column names over up to three header rows (MATLAB's
`trainNetwork` with `Verbose`: `|  Epoch  |  Iteration  | ... |  Mini-batch  |  Validation  |` over `|         | ...
|     Loss     |     Loss     |`, each row `|       1 |          20 | ... |       1.3599 |       1.3772 |`, the
validation's cells blank between its evaluations): each row read as `name value` pairs, each name its column's
header words (`Mini-batch Loss`, `Validation Loss`)."""


def _boxed_table(match: re.Match[bytes]) -> bytes:
    rows = [_pipe_cells(row) for row in match.group(2).splitlines()]
    if len({len(row) for row in rows}) != 1:
        return match.group()
    names = [b" ".join(cell for cell in column if cell) for column in zip(*rows, strict=True)]
    led = _named_rows(names, match.group(4), _led_by_a_number)
    return match.group(1) + match.group(2) + match.group(3) + led


def _column_groups(match: re.Match[bytes]) -> list[bytes] | None:
    """The labels the line above a pipe table's header gives its columns, pipe for pipe (`|---- VALID ----|----
    TRAIN ----|` over `lr  epoch | loss  top-1 | loss  top-1`), or None when it has no such line."""
    start = match.start()
    above = match.string[match.string.rfind(b"\n", 0, max(start - 1, 0)) + 1 : start].rstrip(b"\r\n")
    header = match.group(1)
    if b"|" not in above or above.count(b"|") != header.count(b"|") or _NUMBERISH_CELL.search(above):
        return None
    groups = [group.strip(b" \t-=") for group in above.split(b"|")]
    bare = header.strip()
    return groups[int(bare.startswith(b"|")) : len(groups) - int(bare.endswith(b"|"))]


_NUMBERISH_CELL = re.compile(rb"\|[ \t]*[-+]?[0-9]")
"""A cell opening with a number: the line above a header that holds one is a row, no labels of column groups."""


def _led_by_a_number(cells: list[bytes]) -> bool:
    """A pipe table's row: its first cell opens with a number (`     1`, the rest may carry units and marks) or is a
    time stamp (`2025-04-22 22:56:09 | 10 | 7.559443`, round34's CY-005)."""
    return bool(cells[0]) and (_NUMBERISH.match(cells[0].split()[0]) or _CLOCK_CELL.match(cells[0])) is not None


def _markdown_table(match: re.Match[bytes]) -> bytes:
    names = [cell.strip() for cell in match.group(1).split(b"|")]
    numeric = _named_rows(names, match.group(3), lambda cells: all(_NUMBERISH.match(cell) for cell in cells))
    return b"\n" + match.group(2) + numeric


SPLIT_WORDS = frozenset(word.encode() for word in ROLE_SPLITS if len(word) > 1)
"""The roles' split words (`roles.SPLIT_WORDS`) but a lone letter (`v`), which prose and counters hold too."""
_LONGEST_FIRST: list[bytes] = sorted(SPLIT_WORDS, key=len, reverse=True)
SPLIT_WORD = rb"(?i:" + b"|".join(_LONGEST_FIRST) + rb")"
"""One split word in a pattern, any case, the longest spelling first (`validation` before `val`): split qualifiers are
kept in names, and the roles read them after reading."""

_DRAWN_BAR = b"\xe2\x94\x82"
"""A drawn column bar (`│`, U+2502: tabulate's `fancy_grid`)."""
_BAR = rb"(?:" + _DRAWN_BAR + rb"|\|)"
"""A table's column bar: ASCII or drawn."""
_RULE_LINE = rb"[ \t]*[^\sA-Za-z0-9][^A-Za-z0-9\n]*\n"
"""A line of no letter or digit: a table's rule (`╞═══╪═══╡`, `+---+---+`)."""
_SPLIT_ROWS_TABLE = re.compile(
    rb"(?m)^([ \t]*" + _BAR + rb"[^\n0-9]*" + _BAR + rb"[ \t]*\n)((?:" + _RULE_LINE + rb")?"
    rb"(?:[ \t]*" + _BAR + rb"[ \t]*" + SPLIT_WORD + rb"[ \t]*" + _BAR + rb"[^\n]*\n(?:" + _RULE_LINE + rb")?)+)"
)
"""A table of a row per split under a header of metric names (Ludwig's evaluation, tabulate's `fancy_grid`: `│ label
│   loss │ accuracy │` over `│ train      │ 1.3347 │   0.3859 │` and `│ validation │ 1.2424 │   0.5352 │`, the first
header cell the output feature's name, `combined` for the total loss's table): each row read as `split feature name
value` pairs (`validation label accuracy 0.5352`)."""
_NO_FEATURE = frozenset((b"", b"split", b"set", b"dataset", b"data", b"phase", b"stage", b"mode"))
"""A split-rows table's first header cell naming the column of splits itself, no output feature."""


def _split_rows_table(match: re.Match[bytes]) -> bytes:
    """Each row of a split-rows table whose cells after the split are numbers as `split feature name value` pairs; the
    rules and other rows as they are (one line for one: the lines keep their numbers)."""
    header = _pipe_cells(match.group(1).replace(_DRAWN_BAR, b"|"))
    feature = b"" if header[0].lower() in _NO_FEATURE else b" " + header[0]
    written = []
    for line in match.group(2).splitlines(keepends=True):
        cells = _pipe_cells(line.replace(_DRAWN_BAR, b"|"))
        if len(cells) != len(header) or not _is_split(cells[0]) or not all(map(_NUMBERISH.match, cells[1:])):
            written.append(line)
            continue
        named = zip(header[1:], cells[1:], strict=True)
        written.append(b" | ".join(cells[0] + feature + b" " + name + b" " + value for name, value in named) + b"\n")
    return match.group(1) + b"".join(written)


_LONE_PIPE_VALUE = re.compile(
    rb"(?m)\|[ \t]+([-+]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|(?i:nan|inf))[ \t]*)$"
)
"""A name, one pipe, its value ending the line (Trax's training.Loop: `Step     20: train CrossEntropyLoss |
2.42622717`, `Step     20: eval          Accuracy |  0.33251953`, `|  nan` once the loss broke): a `name: value`
pair (`_lone_pipe_value`)."""


def _lone_pipe_value(match: re.Match[bytes]) -> bytes:
    """The pipe before a line's last value a colon where it is the line's only pipe and a name ends before it, a blank
    between (the pattern opens with the pipe: a literal, which the regex engine finds fast)."""
    line = match.string[match.string.rfind(b"\n", 0, match.start()) + 1 : match.start()]
    named = line[-1:] in (b" ", b"\t") and line.rstrip()[-1:].isalpha() and b"|" not in line
    return b": " + match.group(1) if named else match.group()


_SLASHED_DECIMAL = rb"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?%?"
_SLASHED_DECIMALS = re.compile(rb"[0-9]\.[0-9]+%?[ \t]*/[ \t]*[-+]?[0-9]*\.[0-9]")
"""Two decimals joined by a slash (a quick scan: a counter `1/10` holds none)."""
_SLASHED_PAIRS = re.compile(
    rb"(?<![\w/.-])((?:[A-Za-z][A-Za-z0-9_]*[ \t]*/[ \t]*)*[A-Za-z][A-Za-z0-9_]*)((?:[ \t]+[A-Za-z][A-Za-z0-9_]*){0,2})"
    rb"[ \t]*[:=]?[ \t]*((?:" + _SLASHED_DECIMAL + rb"[ \t]*/[ \t]*)+" + _SLASHED_DECIMAL + rb")(?![\w/%]|\.[0-9])"
)
"""Names joined by slashes, a noun they share after them if any, and as many values joined by slashes (Haiku's MNIST
example, `[Step 20] Train / Test accuracy: 0.269 / 0.348.`; `Loss/Acc: 0.52/0.81`): each name then its value; one
name and two values (`Loss 1.2403/0.8408  Acc 81.0%/93.5%`, round71's IW-008) are the training's and the
validation's, as `train/val` columns are printed (`_slashed_pairs`). Decimals only: `1/10` after a name is a counter
and its total."""


def _slashed_pairs(match: re.Match[bytes]) -> bytes:
    """`Train / Test accuracy: 0.269 / 0.348` as `Train accuracy: 0.269, Test accuracy: 0.348`, `Loss 1.24/0.84` as
    `Loss: 1.24, val Loss: 0.84`; names and values of other counts (a name that names its split, and two values) are
    left as they are."""
    names = [name.strip() for name in match.group(1).split(b"/")]
    values = [value.strip() for value in match.group(3).split(b"/")]
    noun = match.group(2)
    if len(names) == 1 and len(values) == 2 and not any(_is_split(word) for word in (names[0] + noun).split()):
        names = [names[0], b"val " + names[0]]
    if len(names) != len(values):
        return match.group()
    return b", ".join(name + noun + b": " + value for name, value in zip(names, values, strict=True))


_VALUE_AFTER_KEY = rb"(?::[ \t]+|=[ \t]*)[-+]?\.?\d"
"""What follows a name in a `name: value` or `name=value` pair."""
_TIME_BRACKET = (
    rb"\[(?:[DIWEC][ \t])?(?:\d{4}-\d\d-\d\d[T ])?\d\d:\d\d(?::\d\d)?(?:[.,]\d+)?[ \t]+"
    rb"(?:(?!" + _VALUE_AFTER_KEY + rb")[^\]\n]){1,80}\]"
)
"""A bracket opened by a (date and) time, a level letter before it: `[2025-10-21 01:21:16 resnet18]`, tornado's and
Jupyter's `[W 21:24:39.054 NotebookApp]`, `[2020-07-22 00:28:33,917 INFO inference.py line 78 13090]`; not a whole
line in brackets holding a `name: value` pair (round48's EU-004: `[2024-12-03 07:06:09 PM-train - unet.py-INFO:epoch:
1, dataset: test, dice: 0.57]`)."""
_ASCTIME = (
    rb"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[ \t]+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[ \t]+\d{1,2}"
    rb"[ \t]+\d\d:\d\d:\d\d[ \t]+\d{4}"
)
"""Python's `time.asctime()` (`Tue Feb 25 23:07:29 2020`): the time stamp of ST-GCN's and its successors' `print_log`
(round54's FS-002: `Tue_Feb` was read as a metric of value 25)."""
_LEVEL = rb"(?:INFO|WARNING|WARN|ERROR|DEBUG|CRITICAL|FATAL|TRACE|SUCCESS|NOTICE)"
"""A logging level's name; glued by a colon to the time stamp before it (`%(asctime)s:%(levelname)s:%(message)s`:
`2018-11-17 16:14:13,831:INFO:acc 94.0365`, round62's HH-007) it is prefix still."""
_PREFIX_ITEM = (
    _TIME_BRACKET + rb"|"
    rb"\[?\d{4}[-/]\d\d[-/]\d\d(?:[T ]\d\d:\d\d(?::\d\d)?(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d|[ \t]?[AP]M\b)?)?\]?"  # ISO
    rb"|\[?\d{8}[-_ T]?\d\d:?\d\d:?\d\d(?:[.,]\d+)?\]?(?=[\s\]|:-])"  # compact: 20200204-19:54:00, 20231005_142311
    rb"|\[?\d\d[-/.]\d\d[-/.]\d\d(?:\d\d)?[ |T]\d\d:\d\d(?::\d\d)?(?:[.,]\d+)?"  # 09/02/20 13:55:22,
    rb"(?:[ \t][AP]M(?=[ \t\]]))?\]?"  # 12/08/2022 01:36:38 AM (`datefmt='%m/%d/%Y %I:%M:%S %p'`: round91's LC-010)
    rb"|\[\d\d[-/]\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d+)?\]"  # [09/15 10:04:08]: fvcore's and SlowFast's `%m/%d %H:%M:%S`
    rb"|\d\d/\d\d[ \t]\d\d:\d\d:\d\d[ \t][AP]M(?=[ \t])"  # 12/07 09:39:45 AM: DARTS' `datefmt='%m/%d %I:%M:%S %p'`
    rb"|\[\d\d[ \t]\d\d:\d\d:\d\d\]"  # [03 03:00:05]: Megvii's ShuffleNet-Series, `datefmt='%d %I:%M:%S'`
    rb"|\d{4}(?:_\d\d){5}(?![\w.])"  # Moment-DETR's strftime("%Y_%m_%d_%H_%M_%S"): 2026_08_19_16_07_49
    rb"|\[?[ \t]*" + _ASCTIME + rb"[ \t]*\]?"  # time.asctime(): ST-GCN's print_log
    rb"|\[?\d{1,3}:\d\d:\d\d(?:[.,]\d+)?(?:[ \t][AP]M(?=[ \t\]]))?\]?"  # 13:55:22, 0:00:30 (elapsed), 01:55:22 PM
    rb"|[IWEFD]\d{4} \d\d:\d\d:\d\d\.\d+[ \t]+\d+[ \t]+[\w./-]+:\d+\]"  # glog
    rb"|\[(?:rank|Rank|RANK|default|local_rank|node|worker)[ _-]?\d+\]:?"  # torchrun/accelerate rank
    rb"|@rank\d+(?=[ \t])"  # `DEBUG:root:@rank0 Epoch: 1` (round67's ID-008)
    rb"|\[" + _LEVEL + rb"\][ \t]*[A-Za-z_][\w.]*:[ \t]*\d+:(?=[ \t])"  # fvcore's, SlowFast's `[%(levelname)s]
    # %(name)s: %(lineno)4d:`: `[INFO] utils.logging:   88:`
    rb"|[\[<]?(?:" + _LEVEL + rb"|I|W|E)[\]>]?(?=[\s:|\]-])"
    # levels, INFO:absl:, <INFO> (one logger name: `INFO:root:count: 50`; not `INFO:best:0.6`, a value)
    rb"(?::[A-Za-z_][\w.]*(?=:(?![-+]?\.?\d)))?(?:[ \t]*:)?"
    # [module], [main.py:12] (not `[epoch:0]`, a counter, nor `[VAL]`, the split of the line's names)
    rb"|\[(?!" + SPLIT_WORD + rb"\])[A-Za-z_][\w.-]*(?:\.py(?::[ \t]*\d+)?)?\]"
    rb"|[\w./-]+\.(?:py|cc|cpp|cxx|c|h|hpp|cu|go|rs|java|js|ts):\d+(?::\d+)?\]?:?"  # main.py:123, gpu_device.cc:1720]
    rb"|[\w./-]+\.py\[line:\d+\]"  # train.py[line:123] (`%(filename)s[line:%(lineno)d]`)
    rb"|[\w./-]+\.py(?=[ \t])"  # `2024-06-14 18:43:08,209 train.py validation loss: 11.02` (`%(filename)s`)
    rb"|[A-Za-z_][\w.]*:[A-Za-z_<>]\w*>?:\d+"  # loguru module:function:line
    rb"|\([A-Za-z_][\w./-]*\.py[: ]\d+\)"  # (train.py:12), Swin's (main.py 194)
)
_PREFIX = re.compile(
    rb"(?:[ \t]*(?:" + _PREFIX_ITEM + rb")(?:[ \t]*(?:-|\||:|>>?)(?=[ \t])|:(?=" + _LEVEL + rb":))?)+[ \t]*"
    rb"|(?:[ \t]*[\w.]+[ \t]+-[ \t]+(?=(?:INFO|WARNING|DEBUG|ERROR)\b))"
)
_LOGGER_NAME = re.compile(rb"[\w.]+[ \t]+-[ \t]+(?:INFO|WARNING|WARN|DEBUG|ERROR|CRITICAL)[ \t]+-[ \t]+")
"""`%(name)s - %(levelname)s - ` after a time stamp: the logger's name is prefix too."""
_ABBREVIATED_LOGGER = re.compile(rb"[ \t]*(?:[a-z]\.){2,}[A-Z]\w*[ \t]+-[ \t]+")
"""Logback's `%logger{15} - %msg` (DL4J's examples: `o.d.o.l.ScoreIterationListener - Score at iteration 0 is 1.26`):
a Java logger shortened to its packages' initials, then the class: prefix too."""

NUMBER = (
    rb"[-+]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?:\d+(?:\.(?!\.))?\d*|\.\d+)(?:[eE][-+]?\d+)?"
    rb"|(?i:nan|inf(?:inity)?)(?:\.0)?)"
)
"""A value as written: decimals, exponents, thousands separators, nan/inf (`inf.0`, `nan.0` as Lightning's progress
bar prints them); an ellipsis after an integer is no decimal point (`Epoch 1/50... Batch 1... Training Loss: 1.58`)."""
_VALUE = re.compile(
    rb"(?P<list>\[[ \t]*(?P<first>" + NUMBER + rb")[ \t]*(?:,[^\]\n]*)?\]"
    rb"|(?<![\w.])\([ \t]*(?P<tuple>" + NUMBER + rb")[ \t]*,[^)\n]*\))"
    rb"|(?P<brc>(?:\[|(?<=\])\()[ \t]*(?P<ba>\d+)[ \t]*(?:/[ \t]*(?P<bb>\d+)[ \t]*)?"
    rb"(?:\([ \t]*\d+(?:\.\d*)?%\)[ \t]*)?[\])])"
    rb"|(?P<num>" + NUMBER + rb")(?:[ \t]*/[ \t]*(?P<total>\d+)(?!\d|\.\d))?(?P<unit>%|ms|s\b|sec\b|dB\b)?"
)
"""Units a metric's value carries: a percentage, a time, decibels (PSNR, `Average PSNR : 18.33dB`). Other glued units
(`1.185GHz`, `6.00GiB`: a device's properties) leave the number unread."""
_CLOCK_OR_ID = re.compile(rb":[0-9A-Fa-f]{2}(?![0-9])|[-/]\d\d?[-/]\d\d")
"""A number followed by `:` and two digits is a clock time (`eta 0:00:00`) or an id (`pciBusID: 0000:8a:00.0`); one
followed by `-10-29` or `/10/29` is a date (`Date: 2023-10-29 11:25:34`). More digits after the colon make a value
(`epoch 0:1655.59`)."""
DURATION_PART = rb"[0-9]+(?:\.[0-9]+)?(?:h|min|ms|m|s)"
"""One unit's part of a time in several units (`2m`, `46s` of `2m46s`)."""
_COMPOUND_DURATION = re.compile(rb"(?:" + DURATION_PART + rb"){2,}(?![A-Za-z0-9_])")
"""A duration in several units, `2m46s`, `1h02m30s` (`train in:  2m46s train loss: 0.079`): a time, no value, and no
part of the name after it."""
_CLOCK_END = re.compile(rb"[0-9]:$")
_CLOCK_BEFORE = re.compile(
    rb"(?i)(?:.*\beta[:=]?[ \t]*(?:[0-9]+[ \t]+days?,?[ \t]*)?|[ \t]*)"  # after `eta`, or leading the text
    rb"[0-9]+:[0-9]{2}(?::[0-9]{2})?(?![0-9])[ \t]+(?=(?:\[[ \t]*)?[A-Za-z_])"
)
"""Text naming a value that holds an `eta` clock, or opens with a clock, before the name (detectron2's and
maskrcnn-benchmark's `eta: 0:05:22  iter: 19  total_loss: 1.98`, `eta: 1 day, 2:03:04  iter: 20`, a bar's
`ETA: 5:52  [ loss=108.3 ]`): the clock's parts are no values, and the name is the words after it (a logger's `[NeMo I
2025-03-04 08:28:03 wer:330]` keeps its time stamp: `wer:330` is a file and line)."""
"""Two digits right after a digit and `:` close a clock time (`0:00:03 elapsed`)."""
_VERSION_CONSTRAINT = re.compile(rb"[<>=!~]=$")
"""A value right after `>=`, `==`, `~=`, `<` is a requirement's version (`click>=7.0`), never a metric."""
PLUS_MINUS = (b"\xc2\xb1", b"+/-", b"\xa1\xc0")
"""`±` (UTF-8; GBK's `\xa1\xc0` in a log of mixed encodings), `+/-`: the value after it is the spread of the value
before it (`val_dice=0.713 ± 0.267` gives `val_dice_std`)."""
_BEFORE_VALUE_OK = frozenset(b" \t:=([]{,;|'\"<>")
_COUNTER_IN_PARENS = re.compile(rb"\([ \t]*\d+[ \t]*/[ \t]*\d+[ \t]*\)")
"""A step counter in parentheses glued to a bracketed epoch (minimind's `Epoch:[1/2](10/39695)`), read as the bracket
counters after it are (`Epoch [1/2][10/39695]`)."""
_AFTER_VALUE_BAD = re.compile(
    rb"[A-Za-z0-9_]|-(?=[A-Za-z])|\.(?=[^\s.])|/[\w.]|\((?![-+]?[0-9]+\.?[0-9]*(?:[eE][-+]?[0-9]+)?\))|,(?=[-+]?\.?[0-9])"
)
"""What may not follow a value: a letter, digit or `_` (`1.185GHz`, `v2`), a dash before a word (PSMNet's `3-px error`:
the number is a word of the name), a dot before more text (`1.2.3`), a path, a call (not a running mean glued to the
value, `Stage 0 = 1.37(4.34)`: round59's GP-007), a comma and another number (a CSV row in a line, detectron2's
`copypaste: 0.0103,0.0457,...`: values of the names a line above gives, not of the name before them). A sentence's
final dot (`val mse is 0.0242.` at the line's end or before a space) and an ellipsis (`Epoch 1/50... Train loss: 4.5`)
are punctuation."""
_NAME_WORD = re.compile(
    rb"[A-Za-z_@#\x80-\xff][\w./@()#&+*~\x80-\xff-]*(?:'s|%)?|\((?:%|[A-Za-z][\w./@#&+*-]*)\)|\[%\]"
    rb"|[0-9]+-[A-Za-z][\w-]*"
)
"""A word of a name; a possessive one too (LightGBM's `valid_0's auc`, `training's l2`), and one a `%` ends (`WER%`,
a column of percentages beside `WER`'s fractions: round50's FE-008), one holding a `~` (`Val~20% 9.6793`: a validation
on a fifth of the set, round54's FS-008); a number hyphened to a word (PSMNet's `3-px error`, `5-fold`, `1-shot`);
a unit in brackets (`(s)`, `(%)`, `[%]`: the center loss's `Accuracy (%): 91.5\t Error rate (%): 8.5`)."""
_DELIMITER = re.compile(
    rb"\|\|?|;|,(?!\d{3})|\t|[ \t]-+[ \t]|->>?|=>|<|[!?][ \t]|\xe2\x86\x92|\)[ \t]+(?=[\w./-]+[ \t]*[=:])"
    rb"|[ \t]//+[ \t]"  # AutoRec's `Training // Epoch 0 //  Total cost = 472311.12`
    rb"|(?:^|(?<=[\w.%]))[ \t]+/[ \t]+(?=[A-Za-z_])"  # a slash between fields: `TIMESTEP 2500000 / REWARD 0.1`
    rb"|[ \t]>=?[ \t]"  # a bound, no measure: `Recall >= 0.95` (round78's JX-008 stopping), as `<` above
    rb"|(?:^|[ \t])#+[ \t]"  # `# Validation # PSNR: 30.5` (BasicSR)
    rb"|(?<=[a-z])(?<![Aa]vg)(?<![Aa]ve)(?<![Ss]td)(?<![Ee]st)(?<![Vv]al)(?<![Vv]alid)\.[ \t]+(?=[A-Z])"  # a sentence's
    # end: `... in the last 500 records. Best score: 0.019.`, not an abbreviation's dot: `Avg. Q: -148.74` (round51's
    # FI-014), `Val. NLL:-0.49` (round74's JG-010)
    rb"|(?<=:[ \t])\[(?=[A-Za-z_])"  # a bracket opening a name after a heading: `server stats: [loss: 1.925`
    rb"|\](?=\[)"  # one bracketed field after another: MCAN's `[version default][epoch  1][step   10/  20]`
    rb"|\](?=[A-Za-z_][\w()./-]*[ \t]*:[ \t])"  # a tag glued to a name: PaddleClas's `[Avg]CELoss: 6.92`
)
_ABBREVIATION_DOT = re.compile(rb"(?<=[A-Za-z])\.(?=[ \t])")
"""The dot of an abbreviated word inside a name (`Val. NLL`, `Avg. Q`): no part of the name's words."""
_CELL_NAMED = re.compile(rb"[A-Za-z][\w./-]*(?:[A-Za-z_]|(?<=[A-Za-z])[0-9]+|@[0-9]+)")
"""One word alone between commas or tabs before a value (`step 10, loss_train, 0.838`; Torch7's `lr:\t0.001\t
trainLoss\t1.7969`), no space in it: the value's name, which may end in a number glued to a letter or after an `@`
(`acc1:\t0.91`, SR-GNN's `\tRecall@20:\t45.1234\tMMR@20:\t12.3456`)."""
_WRAPPER = re.compile(
    rb"[ \t]*(?:np\.|numpy\.|torch\.)?(?:float|int|uint|bfloat)\d*\($|[ \t]*(?:tensor|tf\.Tensor|(?:np\.)?array)\($"
)
"""`np.float64(0.5)`, `tensor(0.5, device=...)`, TensorFlow's eager `tf.Tensor(0.5, shape=(), dtype=float32)`, a NumPy
array's repr (`'recall': array([0.54])`, LightGCN's test results): the value inside is the value."""
_IN_NAMED_PARENTHESIS = re.compile(rb"[^()\n]{0,40}\)[ \t]*[:=]")  # bounded: tried at every value of a line
_OPEN_WORDS = re.compile(rb"\([ \t]*[A-Za-z][^()\n]*$")
"""A number inside a parenthesis that opens with a word and closes right before its value's `:` or `=` (`mean return
(last 10) = -284.17`, `Acc (top 5): 93.1`): part of the name, which keeps it (`mean_return_(last_10)`)."""
_PARENTHESIS_WORDS = re.compile(rb"\([A-Za-z][^()\n]*\)")
_LABEL = re.compile(rb"^(.*?)(?::(?:[ \t]+|(?=\{))|[ \t]+(?=\{))(?=\S)")
"""A label before a line's names, ended by a colon (`Validation BLEU: BLEU-1 ...`, `Losses: {'ner': ...}`) or by the
dict it titles (spaCy's `print("Losses", losses)`: `Losses {'ner': 172.95}`)."""
_HEAD_SPLIT = re.compile(
    rb"[ \t]*[\[(][ \t]*((?i:train|training|val|valid|validation|eval|evaluation|dev|test))[ \t]*[|:\]),]"
)
"""A split word heading a line in brackets (`[ Valid | 001/100 ] loss = 1.65`): it qualifies the line's names."""
_ANY_SPLIT = re.compile(rb"(?<![A-Za-z])" + SPLIT_WORD + rb"(?![A-Za-z])")
"""A split word anywhere (`| Val Loss: 0.05 Acc: 0.97` after a line's training values)."""
_AVERAGED = (b"average", b"avg", b"mean")
"""Words before a split word that keep it the split (`average test of epoch 0: loss 1.38`)."""
_LEAD_SPLIT = re.compile(
    rb"[ \t]*(?:[=-]*>+[ \t]*)?(?:\*\*)?(?:(?i:" + b"|".join(_AVERAGED) + rb")[ \t]+)?"
    rb"((?i:val|valid|validation|eval|evaluation|dev|test|testing))(?:\*\*)?\.?"
    rb"(?:[ \t]*:(?![ \t]*[-+.0-9])|[ \t]+(?=[A-Za-z]|\([0-9]+/[0-9]+\)[ \t]))"
)
"""A split word opening a line's content, as a label of its own (`validation: top1=0.17 top5=0.38`) or as the first word
of the line's first name (`test acc: 76.82%, loss: 0.68`, `TEST in epoch0, loss = 2.2, acc = 44%`): the line reports
that split, so every name on it without a split of its own takes it (`validation_top1`, `test_loss`, `TEST_acc`),
`key=value` names too, Markdown's bold too (`**Test** Prec@1 97.8 Prec@5 99.9`), after an arrow too (`====> Validation
loss: 1.95,  acc: 22.94%`: `Validation_acc`), before its epoch in parentheses too (Catalyst's ConsoleLogger: `valid
(1/30) accuracy01: 0.31 | loss: 1.49`), abbreviated too (`Val. Total Loss: 1.79, KL: 0.24`), after an average's word too
(pytorch_DGCNN's `average test of epoch 0: loss 1.38`). Its counters are not qualified by it (a block marker's split
comes from the counter's own name: `Eval epoch: 3`). Not a training split: a person reading `TRAIN in epoch 0, step 50,
loss = 3.67`, `train Loss: 0.5 Acc: 0.3` or `Train: Iter=50 train_loss=7.4 lr=1.7e-4` names the training's values bare
(`loss`, `Acc`, `lr`: our labels of H-012, A-055, B-026)."""
_ECHO = re.compile(
    rb"Namespace\(|argparse|^\s*(?:args|config|opt|hparams|cfg)\s*[:=]|_config\s*=|\w+\(\w+="
    rb"|(?i:\b(?:hyper[-_ ]?parameters?|hparams|config(?:uration)?|args|arguments|options|settings|flags|cfg)"
    rb"[ \t]*[:=]?[ \t]*[{(](?:['\"]?\w+['\"]?[ \t]*[:=]))"
    rb"|\w=(?:True|False|None)\b[^\n]*?\w=(?:True|False|None)\b"
    rb"|['\"]\w+['\"]:[ \t]*(?:True|False|None)\b"
    rb"|\b\d[\d,]*[ \t]+param(?:eter)?s\b.*\bG?FLOPs\b"
    rb"|^[ \t]*[A-Za-z_]\w*[ \t]*=[ \t]*[-+]?[0-9.][0-9.eE+-]*[ \t]+#"
)
"""Hyperparameter echoes (`Namespace(lr=0.001, ...)`, `args: {...}`, `Hyperparameters: {'batch': 512, ...}` anywhere
in a line, a settings list holding two `key=True/False/None` or more: Ultralytics' `engine/trainer: task=detect,
epochs=300, time=None, ..., save=True`, and a dict holding one: `{'model': 't5-base', 'fp16': False, 'batch': 8}`): no
metric, whatever they hold. A training loop measures no booleans. A word in a dict is no sign of one (SlowFast's
`json_stats: {"_type": "train_iter", ...}`). A model's summary (Ultralytics' `218 layers, 25840918 parameters, 0
gradients, 78.7 GFLOPs`) is no metric either, nor a line of Python code assigning a number and commenting on it
(nanoGPT's config `learning_rate = 1e-3 # with baby networks can afford to go a bit higher`, copied into a log's notes:
round41's DR-005)."""
_JSON_MEMBER = re.compile(
    rb"[ \t]*\{?[ \t]*(?:\"[^\"\n]+\"|'[^'\n]+')[ \t]*:[ \t]*"
    rb"(?:[-+0-9.eE]+|\[[ \t]*[-+0-9.eE]+[ \t]*\])[ \t]*[,}]?[ \t]*$"
)
"""A line holding one member of a JSON document (`      "dropout": 0.2468,`) or of a dict `pprint` spread over lines
(`                        'final_lr': 1e-06,`, round67's IG-004, echoed at each restart; its first, `{'K_neigs': [10],`,
and its last, `'weight_decay': 0.0005}`: HGNN's `pprint(cfg)`): a multi-line dump (a config
written with `json.dumps(cfg, indent=4)`), never a metric line, unless its key names a measure (`_measured_member`);
the corpus's such lines (B-044, F-008) are all configs."""
_CONFIG_CONSTANT = re.compile(rb"[A-Z][A-Z0-9]+(?:_[A-Z][A-Z0-9]+)+")
"""A config constant's name (a yacs dump's `BASE_LR: 0.00035`), not `G_A`: no metric, unless the line measured a value
before it (`0/2 MIL Loss: 0.7040, CMA_A2V_A2B: 7.1674, ...`, round81's KI-022: a loss's terms; a dump has a key a
line) or the name says what it measures with no setting's word (`AUC_ROC_SCORE: 0.86`, round90's LA-018; not
`SCORE_THRESH_TEST: 0.05` nor `LOSS_WEIGHT: 1.0`: `measured_key`)."""
_NOT_METRIC_NAME = re.compile(
    rb"(?i:version|\brelease$|clock|bandwidth|core_?count|compute_?capability|(?:^|[ _])(?:major|minor)$"
    rb"|^v$|^pid$|\bport\b|http|(?:^|[ _])hash$"
    rb"|\.(?:py|pyx|pxi|pth|pt|ckpt|json|yaml|yml|txt|log|csv|bin|so|h|c|cc|cpp|cu)$"  # IPython's `File x.pxi:5198, in`
    rb"|^line$|^eta$|^[a-z]:$|params|parameters|^num_chars$|^#|^_|seed|rank\b(?!-\d)|world_size|visible_devices|^v_num$"
    rb"|(?:^|[ _])(?:pid|process|lock|thread|cpu)$|\.(?:com|org|net|io|ai|co)$"  # `Sending process 3032302`, hosts,
    # `SIGTERM received at time=1730786705 on cpu 24`
    rb"|_copypaste$"  # mmdet's `bbox_mAP_copypaste: 0.366 0.562 ...`: the AP values above it again, as a list
    rb"|(?:^|[ _])(?:size|shape|device|devices|gpus?|workers|accumulation[ _]steps|dataloader(?:_idx)?)$"
    rb"|(?:^|[ _])(?:cuda|npu|xpu)$"  # a device's index: `部署在 cuda:1` (deployed on, round78's JW-002)
    rb"|(?:^|[ _])(?:fold|counter|trial|session|attempt)$"  # `Fold 2`, `attempt 0`, `[session 1]`: which run
    rb"|(?:^|[ _])(?:nnodes|localhost)$|^trainable%$"  # DeepSpeed's launcher (`nnodes=1`, `{'localhost': [0, 1]}`)
    # and PEFT's `trainable params: 4,194,304 || all params: ... || trainable%: 0.0622` (round87's KU-009)
    rb"|batch_?size$"  # `Batchsize: 32` (`size` alone is matched as its own word above)
    rb"|(?:^|_)(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|april|june|july|august"
    rb"|september|october|november|december)$"  # a date written out: `Saturday 19. February 2022` (round79's KA-004)
    rb"|^(?:class|dim)$)"
    rb"|^[a-z_]\w*(?:\.[a-z_]\w*)+\.[A-Z]\w*$"  # a class's import path: a model table's module column
    # (Ultralytics' `ultralytics.nn.modules.block.C2f  [32, 32, 1, True]`, round67's IF-002), not `loss.cls_loss`
    rb"|^[a-ce-fh-rt-z]$"  # an index or size (`i`, `k=5`, `n=100`), not GAN players' `g`, `d` nor llm.c's step `s`
    rb"|\xe2[\x94\x95][\x80-\xbf]"  # a box-drawing character: a cell of a drawn table (Keras's `model.summary()`)
    rb"|(?i:^(?:num|number|total)[ _].*(?<!s)s$"  # a count of things (`total steps`), not `total_loss`
    rb"|(?:^|[ _])(?:examples|samples?|images|shards|classes|files|instances|labels|targets|gpu_mem)$"
    rb"|(?:^|[ _])(?:found|using|loading|loaded|saving|saved|writing|creating|building|collecting"
    rb"|downloading|installing|started|starting|stopping|stopped)(?:$|[ _])"
    rb"|(?:^|[ \t])in$"  # `Training completed in 186.60 seconds`, `0/10105 in 0 epoch`
    rb"|(?:^|[ _])(?:best|start|num|max|last|end|init|resumed?|begin|stop|warmup|total)(?:[ _][a-z]+)?"
    rb"[ _](?:epochs?|iters?|iteration|steps?)$"  # `best_epoch: 244`, `Best Epoch 0`, `start_epoch`: a position
    rb"|(?:^|[ _])(?:is|are|was|were|to|of|the|with|from|by|has|have|be|been|will|for|at|than)(?:$|[ _])"
    rb"|(?:^|[ _])(?<!(?i:train).)(?<!(?i:training).)(?<!(?i:test|eval).)(?<!(?i:val|dev).)(?<!(?i:valid).)"
    rb"(?<!(?i:validation).)set(?:$|[ _]))"
    # `Global seed set to 42`, not jax/examples' `Training set accuracy 0.62`: a split's set names its values
)
"""Names of numbers that are no metric: versions (`cuda version: 12.6`, `compilation tools, release 10.2`), a device's
properties (`major: 7 minor: 0 memoryClockRate(GHz): 1.53`, `coreCount: 30`), `HTTP/1.1 200`, file names, line
numbers, parameter counts (`Total params: 4,007,990`), counts of things (`Num examples = 4638`, `Found 99 shards`),
seeds, ranks, sizes, device ids and dataloader indices (Lightning's `Validation DataLoader 0:` bar), the position of
an event or a setting in the loop (`best_epoch: 244`, `Best Epoch 0`, `best_model_epoch`, `start_epoch`,
`num_epoch`, `warmup_epochs`: an epoch or step number, where a metric's name ends in a measured quantity,
`train_loss_epoch`), and prose (`max GPU mem cost is`, `Global seed set to`,
`Writing example 0 of 131884`, pip's `Collecting watchfiles>=0.13`, a server's `Started reloader process [37067]`),
and a logger's private keys (W&B's `_timestamp`, `_runtime`: a leading underscore)."""

FOREIGN_EPOCH_WORDS = ("epoca", "época", "epoche", "époque")
"""An epoch in the languages logs are written in beside English (Spanish, Portuguese, Italian, German, Dutch, French:
`Epoca 3: tensor(2.94, ...)`, round44's ED-004)."""
FOREIGN_ITERATION_WORDS = ("iteratie", "iteración", "iteracion", "iteração", "iterazione", "itération")
"""An iteration in those languages (`Iteratie: 2` heading a Dutch loop's epochs)."""
EPOCH_WORDS = frozenset([*b"epoch ep ep. round".split(), *(word.encode() for word in FOREIGN_EPOCH_WORDS)])
_LINKING_WORDS = frozenset(b"for at of in on after @".split())
"""Words between a split and its counter (`TRAIN in epoch 0`, `test at step 500`: the counter of that split), or
between a name and its counter (`Loss for Iter 51`)."""
_COUNTER_WORDS = (
    rb"global[ _-](?:steps?|iters?)"
    rb"|(?:(?:global|current|curr?)[ _-])?(?:epoch|ep|round|step|iter|iteration|iteraction|it|ite|batch|episode)"
    rb"|epoches"  # jfzhang95's pytorch-deeplab-xception: `=>Epoches 3, learning rate = 0.0070, previous best = 0.6521`
    rb"|num_updates"  # fairseq's `| epoch 001 | loss 3.349 | ... | num_updates 20 | lr 0.006`: the update count
    rb"|ep\.|up\."  # Marian's `Ep. 1 : Up. 500 : Sen. 371,080 : Cost 164.2`: the epoch and the update
    rb"|num_timesteps|timestep"  # Stable-Baselines3's EvalCallback: `Eval num_timesteps=10000, episode_reward=...`
    rb"|" + "|".join((*FOREIGN_EPOCH_WORDS, *FOREIGN_ITERATION_WORDS)).encode()
)
_COUNTER_NAME = re.compile(rb"(?i)^(?:" + _COUNTER_WORDS + rb")$")
"""A step or epoch counter's name; plurals (`steps=300`, `epochs: 10`) are totals, configuration, but for a global
count (`global steps: 200`, `global_steps=200`, as Hugging Face's legacy example scripts log the step). The current
one is the counter too (`Current step: 2000`, `cur_iter 20`, `Global-step 3`), and a misspelt one (`train loss of
iteraction 2:0.79`, round33's CV-014) or a short one (U^2-Net's `[epoch:   1/ 15, batch:    32/ 3072, ite: 1]`), and
one in another language (`Epoca`, `Iteratie`)."""
_NAMESPACED_COUNTER = re.compile(rb"(?i)(?:[A-Za-z_][\w-]*[./])+(" + _COUNTER_WORDS + rb")")
"""A counter's name under a namespace (`runtime.step`, `train/global_step`) leading its line: the line's counter."""
NAME_INDEX = re.compile(
    rb"(?<![\w.])(?!(?i:" + _COUNTER_WORDS + rb"|" + b"|".join(_LINKING_WORDS) + rb")[ \t])([A-Za-z][A-Za-z_]*)[ \t]+"
    rb"([0-9]+)(?=(?:[ \t]+[A-Za-z][A-Za-z_]*){1,3}[ \t]*[:=]|[ \t]*:(?:[ \t]*[-+]?\.?[0-9]|[ \t]*$))"
)
"""A whole number after a word and before the `:` or `=` of a value, with up to three words between (PointNet's `Class
0: 0.901823`, `eval class 0 accuracy: 0.252066`, a continual learner's `task 2 acc: 0.91`): an index inside the name,
which keeps it (`eval_class_0_accuracy`, a series and a line shape per class), unless the word before it names a
counter (`Epoch 3 loss: 0.5`, `Iter 100: 0.5`) or links one (`Validation loss at 20: 1.07`)."""


INDEX_REACH = 80
"""Bytes after an index that `NAME_INDEX` reads to find the `:` of its value: three words and the value's start."""


def index_in_name(text: bytes, begin: int, end: int, start: int = 0) -> bool:
    """Whether the number at `text[begin:end]` is an index inside a name (`NAME_INDEX`); `start`: where the word
    before it may begin."""
    if not text[begin:end].isdigit():
        return False
    word = max(text.rfind(b" ", start, begin - 1), text.rfind(b"\t", start, begin - 1)) + 1 or start
    found = NAME_INDEX.match(text, word, end + INDEX_REACH)
    return found is not None and found.span(2) == (begin, end)


@unique
class Kind(str, Enum):
    """What a field of a line is."""

    METRIC = "metric"
    EPOCH = "epoch"
    STEP = "step"

    def __str__(self) -> str:
        return self.value


@dataclass
class Field:
    """One value of a line: its bytes span, what it is, and (for a metric) its name."""

    kind: Kind
    name: str
    start: int  # where the value (or, for a list, its `[`) starts in the line
    end: int  # where the value ends (before a unit, a total)
    group_start: int  # span of the value's captured text
    group_end: int
    total: tuple[int, int] | None = None  # span of the total of an `a/b` counter
    unit: bytes = b""
    shape: str = "num"  # num | list | bracket | bar (a bar's position: `BAR_POSITION`) | fraction (`5/6`: 0.8333)
    qualifier: str | None = None  # a counter's split word (`Eval epoch: 3`): the split of the block below
    guessed: bool = False  # an epoch only by its place: a lone `[5/20]` opening the line, which nothing names


@dataclass
class Parsed:
    """A line read: where its content starts and its fields, in order."""

    content_start: int
    fields: list[Field]

    @property
    def metrics(self) -> list[Field]:
        return [f for f in self.fields if f.kind is Kind.METRIC]


_HEADER_NAME = rb"(?:[A-Za-z][\w@.()/%-]*(?::[\w@.()/-]+)*|#)"
_HEADER_CELL = _HEADER_NAME + rb"(?: " + _HEADER_NAME + rb")*"
_TABLE_HEADER = re.compile(
    rb"[ \t]*(?:" + _HEADER_CELL + rb":?[ \t]{2,}){2,}" + _HEADER_CELL + rb"(?:[ \t]+" + _HEADER_NAME + rb")*\)?:?"
)
"""A table's header: a line of names in aligned columns (YOLO's `Epoch  GPU_mem  box_loss ... Size`), a column's
name of one word or of several joined by single blanks (`Epoch    Train Loss   Test Acc`); YOLOv5's validation header
ends `mAP@.5 mAP@.5:.95:`, a name as wide as its column, one blank before it, holding a colon."""
_TAB_HEADER = re.compile(rb"(?:" + _HEADER_CELL + rb"\t)+" + _HEADER_CELL + rb"[ \t]*$")
"""A table's header of names one tab apart (the Hugging Face Trainer's notebook table copied as text: `Step<TAB>Training
Loss`, round49's EX-001), its cells split at the tabs."""
_SPACED_CELL = re.compile(rb"[^ \t]+(?: [^ \t]+)*")
"""A header's cell when its columns stand 2+ blanks apart: words joined by single blanks (`Train Loss`)."""
_TABLE_HINT = re.compile(
    rb"(?m)^(?:[^\n]{0,80}?\b(?:INFO|DEBUG)\b[^\n]{0,40}?[-:|][ \t])?(?:"
    + _TABLE_HEADER.pattern
    + rb"|"
    + _TAB_HEADER.pattern
    + rb")"
)
"""A line opening with a table's header, or holding one after a logger's prefix (`... - INFO - Epoch  Train Loss   Val
Loss`: `logger.info` of a fixed-width row, round78's JX-008): a cheap gate before the table's rows are looked for."""
_CELL = re.compile(rb"[^\s]+")
_NUMBERISH = re.compile(rb"[-+]?(?:[\d.]+(?:[eE][-+]?\d+)?(?:/\d+)?[A-Za-z%:]?|(?i:nan|inf(?:inity)?))$")
_CLOCK = rb"\d\d:\d\d(?::\d\d(?:\.\d+)?)?"
_CLOCK_CELL = re.compile(rb"(?:\d{4}-\d\d-\d\d(?:[T_ ]" + _CLOCK + rb")?|(?:\d+:)?" + _CLOCK + rb")$")
"""A table cell holding a date or a clock time (`2025-04-28T01:58:37`, `0:01:23`): a column of the row like a number
(an RL agent's `TimeDelta  Time` columns), though no value is read from it."""
_LINE_BREAKS = re.compile(rb"([\n\x00])")
_DIGITS = re.compile(rb"[0-9]+")

Tables = dict[tuple[int, bytes], list[bytes]]
"""The tables' columns in force while a log is read: (number of columns, the row's leading label, or the shape of
its leading number: `1/100` as `0/0`) -> the names of the last header whose first row had that signature (YOLO's
epoch table, its `all` validation row; the per-class rows under the same header are not `all`'s)."""
TABLE_ROW_REACH = 4
"""Non-blank lines that may come between a header and its first row: YOLOv5 prints a bar that has not started and
its two-line autoanchor report there."""


def _table_rows(chunk: bytes, tables: Tables) -> bytes:
    """Rows of a table written as `name value | name value ...`, the header kept as it is.

    The first row under a header (blank lines and a few others aside) is read by its columns when its cells line
    up with the header's names and are mostly numbers; it fixes the header's signature. Later rows (a tqdm redraw of
    the epoch row, one whose header a copy of the console lost) are read under the header in force of the same
    signature when every cell but a leading label is a number. A progress bar's position after the cells stays, and
    a row led by an `a/b` counter is marked as redrawn whatever its bar (the last drawn per counter is kept). A table
    whose rows carry a label left of its first column besides one value per column (sklearn's
    `classification_report`) is a per-class report, printed once: its rows (two numbers or more) are blanked; a line
    of one value after it (`F1-Score (macro): 0.7542`) is a metric line again."""
    parts = _LINE_BREAKS.split(chunk)
    pending: list[bytes] | None = None
    spaced: list[tuple[int, int, bytes]] = []
    heading = b""  # the header's text: its words, where a column's several names stand over several cells
    aligned: list[bytes] | None = None  # the names of a table read by where its cells stand
    reach = indent = 0
    report = logged = False
    for index in range(0, len(parts), 2):
        line = parts[index]
        if not line.strip():
            continue
        lead = prefix_end(line) if _LEVEL_IN_PREFIX.search(line, 0, _LOGGED_ROW_PREFIX) else 0
        prefix, line = line[:lead], line[lead:]  # a row `logger.info` wrote: its columns stand after the prefix
        if b"[" in line:
            line = _LIST_CELL.sub(_list_total, line)
        header = _TABLE_HEADER.match(line)
        tabbed = None if header is not None else _TAB_HEADER.match(line)
        header = header or tabbed
        if header is not None:
            cells = header.group().strip().split(b"\t") if tabbed else _CELL.findall(header.group())
            pending, reach = _column_names(cells), TABLE_ROW_REACH
            found = list(_SPACED_CELL.finditer(header.group()))
            named = _column_names([m.group() for m in found])
            spaced = [(m.start(), m.end(), name) for m, name in zip(found, named, strict=True)]
            heading = header.group()
            if [name for *_, name in spaced[:2]] == [b"E", b"#"]:  # spaCy's `E    #       LOSS TOK2VEC ...`
                spaced[:2] = [(*spaced[0][:2], b"epoch"), (*spaced[1][:2], b"step")]
            aligned = None
            report, indent = False, len(line) - len(line.lstrip())
            logged = lead > 0  # a header after a logger's prefix: its rows are numbers alone
            continue
        cells = _CELL.findall(line.split(BAR_POSITION, 1)[0])
        if not cells:
            continue
        numeric = _numeric(cells)
        words = numeric.index(True) if True in numeric else len(cells)
        labelled = words and line.find(cells[words - 1]) + len(cells[words - 1]) <= indent  # left of the header
        if report or (pending is not None and labelled and len(cells) - words == len(pending)):
            report = 0 < words < len(cells) - 1 and all(numeric[words:])
            if report:  # a report's rows (`bus  0.84  0.88  0.86  5960`, `accuracy  0.84  56845`): per class, no curve
                parts[index], pending = b"", None
                continue
        if pending is not None and len(spaced) <= len(cells) < len(pending):  # names of several words
            under = _under_columns(spaced, line, heading)
            if under is not None:
                pending = aligned = list(under)
        if aligned is not None and pending in (None, aligned) and (under := _under_columns(spaced, line, heading)):
            cells = list(under.values())  # the cells under the columns, by where they stand
            numeric = _numeric(cells)
        label = cells[0] if not numeric[0] else _DIGITS.sub(b"0", cells[0])  # `all`; `1/100` as `0/0`, `2c` as `0c`
        names = None
        if (
            pending is not None
            and len(cells) >= len(pending)
            and sum(numeric[: len(pending)]) * 2 >= len(pending)
            and (b"/" not in cells[0] or _COUNTER_NAME.match(pending[0]))  # an epoch `2/100` under `Class`: lost row
            and (not logged or all(numeric))  # not prose aligned in columns (`x   loaded from x   of shape (64,)`)
        ):
            names = tables[(len(pending), label)] = pending
        elif tables:
            names = (
                next((n for (width, first), n in tables.items() if first == label and all(numeric[1:width])), None)
                if len(cells) > 1
                else None
            )
        if names is not None or reach == 0:
            pending = None
        reach -= 1
        if names is not None and len(cells) >= len(names):
            row = prefix + b" | ".join(
                name + b" " + cell.rstrip(b":") for name, cell in zip(names, cells, strict=False)
            )
            bar = line.find(BAR_POSITION)
            if bar < 0 and label == b"0/0" and (batch := _ROW_BAR_COUNTER.search(line)):  # its bar's counter: each
                parts[index] = row + b" | batch " + batch.group(1)  # redraw at its batch, as a person counts them
            elif bar < 0 and label == b"0/0":  # a progress row (`3/100  2.1G  1.23 ...`): redrawn while its epoch runs
                parts[index] = row + b" " + BAR_POSITION
            else:
                parts[index] = row + (b" " + line[bar:] if bar >= 0 else b"")
    return b"".join(parts)


_RULE_BAR = rb"[^\s0-9]*--[^\s0-9]*[ \t]+([0-9]+/[0-9]+)"
"""A bar drawn as a rule (read as `--`, a cell partly drawn, `╸`, beside it) and its counter (`──╸── 1/75`)."""
_ROW_BAR_COUNTER = re.compile(_RULE_BAR + rb"(?:[ \t]|$)")
"""The counter of the bar drawn after a progress row's cells (Ultralytics' `1/50  8.17G  1.461 ... 640: 1% ────────
1/75 4.1s`: `_RULE_BAR`, redrawn at each batch): the batch the row's running means stand at."""
_RULE_BAR_SHARE = re.compile(rb"[0-9]{1,3}%(?=[ \t]*" + _RULE_BAR + rb")")
"""The share done of a bar drawn as a rule (`25% ──── 1/4`, Ultralytics' validation header over its bar): the bar's,
no value of the line's names (`Class Images ... mAP50-95): 25%`)."""
_LOGGED_ROW_PREFIX = 80
"""How far into a line a level word (`INFO`) may stand for the line to be read as a logger's prefix and a table's row
or header after it."""
_LIST_NUMBER = rb"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
_LIST_CELL = re.compile(rb"\[((?:" + _LIST_NUMBER + rb"(?:,[ \t]*" + _LIST_NUMBER + rb")*)?)\]")
"""A table cell holding a list of numbers (DeepXDE's `Step  Train loss  Test loss` rows: `[1.10e+01, 2.30e-01]`, one
term of the loss each), or none (`[]`: no test metric asked for, a blank)."""


def _list_total(match: re.Match[bytes]) -> bytes:
    """The list's total in the list's place, padded to its width (the columns stay where they stand): the loss DeepXDE
    itself plots is the sum of its terms (`utils.external.plot_loss_history`)."""
    if not match.group(1):
        return b"-".ljust(len(match.group()))  # a blank cell (`_BLANK_CELL`)
    total = sum(float(value) for value in match.group(1).split(b","))
    return (b"%.6g" % total).ljust(len(match.group()))


_BLANK_CELL = re.compile(rb"-$")
"""A table cell left blank (DeepXDE's `[]`, no metric asked for): a column of the row like a number, no value read."""


def _numeric(cells: list[bytes]) -> list[bool]:
    """Which cells of a table row stand for a number (a date or a clock time counts, and a blank, though no value is
    read)."""
    return [bool(_NUMBERISH.match(cell) or _CLOCK_CELL.match(cell) or _BLANK_CELL.match(cell)) for cell in cells]


def _under_columns(columns: list[tuple[int, int, bytes]], row: bytes, heading: bytes) -> dict[bytes, bytes] | None:
    """The cell of `row` under each column of a header whose names hold blanks (`Train Loss`), by where they stand
    (pandas right-aligns both, a hand-made table often left-aligns both): a column over two cells (`Training Time
    Validation Time`, two names one blank apart) is split where the cells start under its words' starts, or end
    under their ends (`_split_over`), else left out; a cell under no column (pandas' row index) is not a value; None
    when a column has no cell under it."""
    cells = [(m.start(), m.end(), m.group()) for m in _CELL.finditer(row.split(BAR_POSITION, 1)[0])]
    found: dict[bytes, bytes] = {}
    for start, end, name in columns:
        below = [(left, right, cell) for left, right, cell in cells if left < end and right > start]
        if not below:
            return None
        if len(below) == 1:
            found[name] = below[0][2]
        else:
            found.update(_split_over(heading, start, end, below))
    return found


def _split_over(heading: bytes, start: int, end: int, below: list[tuple[int, int, bytes]]) -> dict[bytes, bytes]:
    """The names of a header's column of several words (`Train Recall Val Loss`, two names one blank apart) over the
    cells below it, split where each cell starts under a word's start (a left-aligned table) or ends under a word's
    end (a right-aligned one), each part a name; {} when the cells line up with no words."""
    words = [(start + m.start(), start + m.end(), m.group()) for m in _CELL.finditer(heading[start:end])]
    lefts, rights = [cell[0] for cell in below], [cell[1] for cell in below]
    if lefts[0] == words[0][0] and set(lefts) <= {left for left, _, _ in words}:  # each word to the cell it stands over
        owners = [bisect_right(lefts, left) - 1 for left, _, _ in words]
    elif rights[-1] == words[-1][1] and set(rights) <= {right for _, right, _ in words}:
        owners = [bisect_left(rights, right) for _, right, _ in words]
    else:
        return {}
    parts: list[list[bytes]] = [[] for _ in below]
    for owner, (_, _, word) in zip(owners, words, strict=True):
        parts[owner].append(word)
    if not all(parts):
        return {}
    return {_column_name(b" ".join(part)): cell[2] for part, cell in zip(parts, below, strict=True)}


def _column_names(cells: list[bytes]) -> list[bytes]:
    """The names of a header's cells (`_column_name`); where the header opens two groups or more (Ultralytics'
    segmentation table: `Box(P  R  mAP50  mAP50-95)  Mask(P  R  mAP50  mAP50-95)`), each name under its group's
    (`Box_P` ... `Mask_mAP50-95`): the same names twice would be one series."""
    opens = [cell.count(b"(") > cell.count(b")") for cell in cells]
    names = [_column_name(cell) for cell in cells]
    if sum(opens) < 2:
        return names
    group = b""
    for i, cell in enumerate(cells):
        if opens[i]:
            group = cell.split(b"(", 1)[0] + b"_"
        names[i] = group + names[i]
        if cell.rstrip(b":").endswith(b")") and cell.count(b"(") < cell.count(b")"):
            group = b""
    return names


def _column_name(cell: bytes) -> bytes:
    """`Box(P` -> `P`, `mAP50-95):` -> `mAP50-95`; `mAP@.5:.95:` -> `mAP@.5-.95` (a colon inside a name would end it
    when the row is read as `name value` pairs: the range is written as Ultralytics' later `mAP50-95` writes it);
    `Valid. Loss` -> `Valid Loss`, `Valid. Accur.` -> `Valid Accur` (an abbreviation's dot would end a sentence)."""
    cell = cell.rstrip(b":").rstrip(b")") if cell.count(b"(") < cell.count(b")") else cell.rstrip(b":")
    cell = cell.replace(b":", b"-").replace(b". ", b" ")
    cell = cell[:-1] if cell[-2:-1].isalpha() and cell.endswith(b".") else cell
    return cell.rsplit(b"(", 1)[-1] if cell.count(b"(") > cell.count(b")") else cell


_YOLO_NUM = rb"[ \t]+([-+]?(?:[0-9]+\.?[0-9]*(?:e[-+]?[0-9]+)?|nan|inf))"


def _yolo5_row(losses: int, results: int = 7) -> re.Pattern[bytes]:
    """A row of a `results.txt` of YOLOv5's lineage whose `mloss` holds `losses` values: the epoch over its total, the
    memory, the losses, the label count and image size (a whole number of pixels, 10 or more: never a result's 0), the
    `results` results."""
    return re.compile(
        rb"(?m)^[ \t]*([0-9]+/[0-9]+)[ \t]+[0-9.]+G" + _YOLO_NUM * losses + rb"[ \t]+[0-9]+[ \t]+[1-9][0-9]+"
        + _YOLO_NUM * results + rb"[ \t]*$"
    )  # fmt: skip


_YOLO_RESULTS_ROW = _yolo5_row(4)
"""A row of YOLOv5's (and YOLOv7's) `results.txt`, which has no header: `     0/199     1.59G   0.04799  0.009614 ...`.
Its 15 columns are fixed by yolov5's `train.py` (v1-v5, and yolov7's): the batch line
`('%10s' * 2 + '%10.4g' * 6) % ('%g/%g' % (epoch, epochs - 1), mem, *mloss, targets.shape[0], imgs.shape[-1])`
(mloss = box, obj, cls, total) then `'%10.4g' * 7 % results` ("P, R, mAP@.5, mAP@.5-.95, val_loss(box, obj,
cls)"); the memory, the label count and the image size are no metric."""
YOLO_RESULTS_NAMES = (
    b"train/box_loss", b"train/obj_loss", b"train/cls_loss", b"train/total_loss", b"metrics/precision",
    b"metrics/recall", b"metrics/mAP_0.5", b"metrics/mAP_0.5_0.95", b"val/box_loss", b"val/obj_loss", b"val/cls_loss",
)  # fmt: skip
"""Its values' names: the TensorBoard tags the same `train.py` gives them (`mAP_0.5:0.95` as yolov7 writes it,
without the colon); the total, which has no tag there, as `train/total_loss`."""
_YOLO5_FACE_RESULTS_ROW = _yolo5_row(5)
"""A row of yolov5-face's `results.txt` (round66's IC-005): YOLOv5's row with a landmark loss after the class loss
among the training's (its `mloss` holds box, obj, cls, landmark and the total); the validation's three losses as
YOLOv5's."""
YOLO5_FACE_RESULTS_NAMES = (*YOLO_RESULTS_NAMES[:3], b"train/landmark_loss", *YOLO_RESULTS_NAMES[3:])
_YOLO5_FACE_LANDMARK_ROW = _yolo5_row(5, 8)
"""yolov5-face's row whose results end in the validation's landmark loss too (its train.py's `'%10.4g' * 8 %
results`: P, R, mAP@.5, mAP@.5-.95 and the box, object, class and landmark losses; round87's KU-004)."""
YOLO5_FACE_LANDMARK_NAMES = (*YOLO5_FACE_RESULTS_NAMES, b"val/landmark_loss")
_YOLO3_RESULTS_ROW = re.compile(
    rb"(?m)^[ \t]*([0-9]+/[0-9]+)[ \t]+[0-9]+/[0-9]+" + _YOLO_NUM * 5 + rb"[ \t]+[0-9]+[ \t]+[0-9.]+" + _YOLO_NUM * 5
    + rb"[ \t]*$"
)  # fmt: skip
"""A row of the `results.txt` of Ultralytics' YOLOv3 of 2018-2019 (round34's CY-002): `0/299  1034/1034  4.41 0.346 5.54
8.84 19.1  25  0.284  0 0 0 0  12.2`, its batch line `('%8s%12s' + '%10.3g' * 7) % ('%g/%g' % (epoch, epochs - 1),
'%g/%g' % (i, nb - 1), *mloss, nt, time)` then the test's P, R, mAP, F1 and loss; the batch, the target count and
the time are no metric."""
YOLO3_RESULTS_NAMES = (b"xy", b"wh", b"conf", b"cls", b"total", b"P", b"R", b"mAP", b"F1", b"test_loss")
"""Its values' names, as its console header prints them."""


def _yolo5_variant_names(losses: int) -> tuple[bytes, ...]:
    """The names of a modified YOLOv5's row whose `mloss` holds `losses` values, the last their total (round72's
    IY-009, a RoboMaster armour detector's six terms and their total): the terms unnamed (`train/loss_1`, ...), the
    total and the seven results as YOLOv5's."""
    terms = (f"train/loss_{term}".encode() for term in range(1, losses))
    return (*terms, b"train/total_loss", *YOLO_RESULTS_NAMES[4:])


YOLO5_VARIANT_LOSSES = (2, 3, 6, 7, 8, 9)
"""The counts of training losses (total included) a modified YOLOv5's rows are read with, beside YOLOv5's 4 and
yolov5-face's 5."""
_YOLO_RESULTS = (
    (_YOLO_RESULTS_ROW, YOLO_RESULTS_NAMES),
    (_YOLO5_FACE_RESULTS_ROW, YOLO5_FACE_RESULTS_NAMES),
    (_YOLO5_FACE_LANDMARK_ROW, YOLO5_FACE_LANDMARK_NAMES),
    (_YOLO3_RESULTS_ROW, YOLO3_RESULTS_NAMES),
    *((_yolo5_row(losses), _yolo5_variant_names(losses)) for losses in YOLO5_VARIANT_LOSSES),
)


def _yolo_results_row(names: tuple[bytes, ...], match: re.Match[bytes]) -> bytes:
    """The row as `Epoch 3/99 | train/box_loss 0.05 | ...`. Results all zero were never computed (YOLOv5's `--notest`
    leaves its `results` at their first zeros until the last epoch; a validation loss is never exactly 0: round87's
    KU-004): that row's are left out."""
    values = match.groups()[1:]
    total = next(i for i, name in enumerate(names) if name in (b"train/total_loss", b"total")) + 1
    if all(float(value) == 0 for value in values[total:]):
        names, values = names[:total], values[:total]
    return b"Epoch " + match.group(1) + b"".join(b" | " + n + b" " + v for n, v in zip(names, values, strict=True))


_YOLO_ALL_ROW = re.compile(rb"[ \t]+all[ \t]+[0-9]+[ \t]+[0-9]+" + _YOLO_NUM * 4 + rb"[ \t]*")
"""YOLOv5's (and YOLOv8's) validation summary row, `pf % ('all', seen, nt.sum(), mp, mr, map50, map)` with `pf = '%20s'
+ '%12i' * 2 + '%12.3g' * 4` (its val.py): the images, the labels, then P, R, mAP@.5 and mAP@.5:.95. Its header
(`Class Images Labels P R mAP@.5 mAP@.5:.95`) shares a line with a progress bar, which goes to stderr: a console saved
from stdout alone (a wandb `output.log`, round81's KJ-012) holds the rows without it."""
YOLO_VALIDATION_NAMES = (b"P", b"R", b"mAP@.5", b"mAP@.5-.95")
"""The row's four results, named as its header names them (`mAP@.5:.95` as `_column_name` reads it)."""


def _headerless_yolo_rows(chunk: bytes) -> bytes:
    """Each YOLOv5 validation summary row not right under its header, its results named (`P 0.671 | R 0.673 | ...`);
    a row under its header is read by its columns."""
    lines = chunk.split(b"\n")
    out = [
        b" | ".join(name + b" " + value for name, value in zip(YOLO_VALIDATION_NAMES, row.groups(), strict=True))
        if (row := _YOLO_ALL_ROW.fullmatch(line)) and b"mAP" not in above
        else line
        for above, line in zip([b"", *lines], lines, strict=False)
    ]
    return b"\n".join(out)


_KV_BOX = re.compile(rb"(?m)^-{8,}[ \t]*\n((?:\|[^|\n]*\|[^|\n]*\|[ \t]*\n)+)-{8,}[ \t]*$")
"""A box of `| key | value |` rows between dashed rules: Stable-Baselines3's console and `log.txt` record
(`HumanOutputFormat.write`), one box per `logger.dump(step=num_timesteps)`, keys under section rows (`| rollout/ |
|` then `|    ep_rew_mean | 36.1 |`)."""
_BOX_ROW = re.compile(rb"\|([ \t]*)([^|\n]*?)[ \t]*\|[ \t]*([^|\n]*?)[ \t]*\|")
BOX_STEP_KEYS = (b"time/total_timesteps", b"total_timesteps", b"total timesteps")
"""The key that is a box's step: SB3 dumps at `step=self.num_timesteps` and prints that count under `time/`."""


def _box_line(match: re.Match[bytes]) -> bytes:
    """One box as one line, `step 256 | rollout/ep_rew_mean 36.1 | train/loss 90.1 ...` (keys as SB3's CSV and
    TensorBoard name them, section and key joined), its line breaks kept as NUL-marked breaks of empty lines so
    that line numbers stay countable; the rule lines are kept."""
    section = b""
    step = b""
    cells = []
    rows = match.group(1).count(b"\n")
    for indent, key, value in _BOX_ROW.findall(match.group(1)):
        if not value:
            section = key if key.endswith(b"/") else b""
            continue
        name = (section if len(indent) > 1 else b"") + key  # an indented key is its section's
        if name in BOX_STEP_KEYS:
            step = value
        elif _NUMBERISH.match(value) and not value.endswith((b":", b"%")):
            cells.append(name.replace(b" ", b"_") + b" " + value)
    head = (b"step " + step + b" | ") if step else b""
    return (
        match.group()[: match.start(1) - match.start()]
        + head
        + b" | ".join(cells)
        + b"\x00" * rows
        + b"\n"
        + (match.group()[match.end(1) - match.start() :])
    )


_PRINTED_LOSS = re.compile(
    rb"(?m)^[ \t]*tensor\((" + _LIST_NUMBER + rb"|nan|inf)(?:, device='[^'\n]*')?, grad_fn=<\w+>\)[ \t]*$"
)
"""A line that is nothing but a scalar tensor holding its autograd graph, `tensor(0.6931,
grad_fn=<BinaryCrossEntropyBackward0>)`: a training loop's `print(loss)` (PANNs' `pytorch/main.py` prints it at every
iteration), read as `loss: 0.6931`. A named one (`Epoca 3: tensor(2.94, grad_fn=...)`) is read by its name."""


_SWIFT_STEP = re.compile(rb"'global_step/max_steps': '([0-9]+/[0-9]+)'")
"""ms-swift's training dict names its step and total in one quoted cell (`{'loss': 1.61, ..., 'epoch': 0.0,
'global_step/max_steps': '180/58114', 'percentage': '0.31%', ...}`, its logging callback's `f'{state.global_step}/
{state.max_steps}'`): read as the counter it is, `'global_step': 180/58114` (round72's IZ-001, whose epoch printed 0.0
at every dict)."""


_CHECKPOINT_REACHED = re.compile(
    rb"'([\w/.@-]+)' reached ([-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?) \(best [^)\n]*\)"
    rb"(?:, saving model to '[^'\n]*' as top \d+)?"
)
"""Lightning's `ModelCheckpoint` at an epoch whose monitored value improved: `Epoch 29, global step 10590: 'val_wer'
reached 0.10515 (best 0.10515), saving model to '.../epoch=29-step=10590.ckpt' as top 3` (`_update_best_and_save`):
the monitored metric's value at that epoch and step, read as `val_wer: 0.10515`; the running best beside it and the
checkpoint's path (numbers of its own) are none."""
_BOOSTING_BEST = re.compile(rb"(?i)(best iteration is:[ \t]*\r?\n)(?=\[\d+\])")
"""LightGBM's early-stopping callback after its last round: `Did not meet early stopping. Best iteration is:` (or
`Early stopping, best iteration is:`) over `[485]\ttrain's auc: 0.855137\tvalid's auc: 0.860413` (round80's
KH-002): the best round's values printed again, read under a `Best iteration:` title as the best's, no new point."""
_KERAS_LR_SET = re.compile(rb"(?m)(\w+) (?:reducing|setting) learning rate to (" + NUMBER + rb")\.?(?=[ \t]*$)")
"""Keras's learning-rate callbacks at an epoch's end: `Epoch 00005: ReduceLROnPlateau reducing learning rate to
0.0001.`, `Epoch 1: LearningRateScheduler setting learning rate to 0.001.` (round80's KE-011, KG-004): the rate the
callback set for the epochs after it, read as `ReduceLROnPlateau learning rate: 0.0001`."""
_COCO_LINE = (
    rb"[ \t]*Average[ \t]+(Precision|Recall)[ \t]+\((?:AP|AR)\)[ \t]*@\[[ \t]*IoU=([0-9.:]+)[ \t]*\|[ \t]*area=[ \t]*"
    rb"(\w+)[ \t]*\|[ \t]*maxDets=[ \t]*(\d+)[ \t]*\][ \t]*=[ \t]*([-0-9.]+)[ \t]*\r?"
)
_COCO_SUMMARY = re.compile(rb"(?m)^(?:" + _COCO_LINE + rb"\n)*" + _COCO_LINE + rb"$")
"""The summary pycocotools' `COCOeval.summarize()` prints after each evaluation (torchvision's references, DETR, YOLOX,
mmdet): `Average Precision  (AP) @[ IoU=0.50      | area=   all | maxDets=100 ] = 0.254`, twelve lines of one value
each, named by the brackets' settings."""
_COCO_TYPE = b"Evaluate annotation type *"
"""What `COCOeval.evaluate()` prints before each summary (`*bbox*`, `*segm*`, `*keypoints*`): its names' prefix."""
_COCO_IOU = {b"0.50:0.95": b"", b"0.50": b"50", b"0.75": b"75"}
_COCO_AREA = {b"all": b"", b"small": b"s", b"medium": b"m", b"large": b"l"}


def _coco_summary(match: re.Match[bytes]) -> bytes:
    """A COCO summary as one line of `bbox/AP: 0.121  bbox/AP50: 0.254 ...`, the names detectron2 gives them (AP, AP50,
    AP75, APs, APm, APl; AR1, AR10, AR100, ARs, ARm, ARl), under the annotation type evaluated (`coco` when none was
    printed); a value of -1 (no object of that size) is none. Its line breaks stay as NUL-marked breaks."""
    typed = match.string.rfind(_COCO_TYPE, 0, match.start())
    kind = match.string[typed + len(_COCO_TYPE) :].split(b"*", 1)[0] if typed >= 0 else b"coco"
    cells = []
    for precision, iou, area, dets, value in re.findall(_COCO_LINE, match.group()):
        if value.startswith(b"-"):
            continue
        name = (b"AP" if precision == b"Precision" else b"AR") + _COCO_IOU.get(iou, iou) + _COCO_AREA.get(area, area)
        if precision == b"Recall" and area == b"all":
            name += dets
        cells.append(kind + b"/" + name + b": " + value)
    return b"  ".join(cells) + b"\x00" * match.group().count(b"\n")


_DECIMAL_DIGITS = rb"[0-9]*\.?[0-9]+"
_REPORT_NUMBER = rb"[ \t]+(" + _DECIMAL_DIGITS + rb")"
_CLASSIFICATION_REPORT = re.compile(
    rb"(?m)^[ \t]+precision[ \t]+recall[ \t]+f1-score[ \t]+support[ \t]*\r?\n"
    rb"(?:[ \t]*\r?\n|[^\n]*?(?:[ \t]+" + _DECIMAL_DIGITS + rb"){3}[ \t]+[0-9]+[ \t]*\r?\n)*?"  # blanks, class rows
    rb"[ \t]*accuracy" + _REPORT_NUMBER + rb"[ \t]+[0-9]+[ \t]*\r?\n"
    rb"[ \t]*macro avg" + _REPORT_NUMBER * 3 + rb"[ \t]+[0-9]+[ \t]*\r?\n"
    rb"[ \t]*weighted avg" + _REPORT_NUMBER * 3 + rb"[ \t]+[0-9]+[ \t]*$"
)
"""scikit-learn's `classification_report` printed after an evaluation: a table of precision, recall, f1-score and
support per class, then its `accuracy` and `macro avg` and `weighted avg` rows (round68's IK-009, one after each
fold). Read as one line of the summary rows' values (`accuracy: 0.94, macro avg precision: 0.95, ...`); the
per-class rows, a value per class, and the support counts are no curve of the run."""
_REPORTED = (b"precision", b"recall", b"f1-score")
_REPORT_NAMES = (b"accuracy", *(a + b" " + m for a in (b"macro avg", b"weighted avg") for m in _REPORTED))


def _classification_report(match: re.Match[bytes]) -> bytes:
    cells = (name + b": " + value for name, value in zip(_REPORT_NAMES, match.groups(), strict=True))
    return b", ".join(cells) + b"\x00" * match.group().count(b"\n")


_KEY_NUMBER = rb"[-+]?" + _DECIMAL_DIGITS
_NUMBER_KEYED = re.compile(
    rb"(?<![\w./-])([A-Za-z][\w./-]*(?:[ \t][A-Za-z][\w./-]*){0,%d}):[ \t]*\{((?:[ \t]*" % (MAX_NAME_WORDS - 1)
    + _KEY_NUMBER
    + rb"[ \t]*:[ \t]*"
    + NUMBER
    + rb"[ \t]*,?)+)[ \t]*\}"
)
"""A measure printed per threshold as a dict keyed by numbers (`Train IoU: {0.9: 0.0005, 0.8: 0.0019, ...}`, round67's
IF-007): one value per key, read as `Train IoU@0.9: 0.0005, Train IoU@0.8: 0.0019, ...` (the key its setting, as
`mAP@0.5` names one); not its first key as the measure's value."""
_NUMBER_KEY_OPENS = re.compile(rb":[ \t]*\{[ \t]*" + _KEY_NUMBER + rb"[ \t]*:")
_KEYED_PAIR = re.compile(rb"(" + _KEY_NUMBER + rb")[ \t]*:[ \t]*(" + NUMBER + rb")")


def _number_keyed(match: re.Match[bytes]) -> bytes:
    name = match.group(1)
    return b", ".join(name + b"@" + key + b": " + value for key, value in _KEYED_PAIR.findall(match.group(2)))


_HASH_INDEX = re.compile(rb"(?m)^([ \t]*)#([0-9]+)(?=:[ \t]|[ \t])")
"""A line led by its index after a number sign (`#12: episode_reward:0.0947 acc: 0.9800`, round68's II-011): the
index is the line's counter, read as a leading number is (`12: ...`); a comment's `# ` has a blank after its sign."""


_CAFFE2_SCALAR = re.compile(rb"(?m)^Tensor[ \t]+(\S+)[ \t]+of[ \t]+type[ \t]+\w+\.[ \t]+Dims:[ \t]+\(\):[ \t]+(\S+)")
"""Caffe2's `Print` operator on a scalar blob, `Tensor loss of type float. Dims: (): 2.35943` (its MNIST tutorial;
round33's CV-013): the blob's name and its value."""
_ESTIMATOR_EVALUATION = re.compile(rb"Saving dict for global step ([0-9]+):")
"""TF Estimator's evaluation results (`Saving dict for global step 300: accuracy = 0.72, ..., loss = 0.57`, logged by
`_write_dict_to_summary`, "write evaluation results to eval_dir"): read as `Evaluation at global step 300:`, the
held-out split's values, not more points of the training's `loss = 0.48, step = 280` lines."""


_JSON_STATS = re.compile(rb'(?m)^([^\n{]*?)(?:json_stats: )?(\{[^\n]*"_type": "[a-z]+_(?:iter|epoch)"[^\n]*\})[ \t]*$')
"""pycls' and PySlowFast's statistics (`logging.log_json_stats`, fvcore's lineage: RegNet, SlowFast, MViT, X3D...): a
JSON dict a line, `json_stats: {"_type": "train_iter", "epoch": "3/100", "iter": "50/500", "loss": 2.31, "lr": 0.1,
"top1_err": 56.2, ...}`, its `_type` the loop that measured it: `train_iter` every log period, `train_epoch` the
epoch's means, `val_epoch`/`test_epoch` the held-out results, `val_iter`/`test_iter` the evaluation's running
progress between them."""


def _json_stats(match: re.Match[bytes]) -> bytes:
    """A stats dict as a line the reader reads: `Epoch 3/100 Iter 50/500: loss: 2.31, lr: 0.1, top1_err: 56.2` for
    the training's (its iteration restarting each epoch or going on across them, as the counters print it), `Epoch
    3/100: epoch_loss: 2.2, ...` for its epoch's means, `[val] Epoch 3/100: top1_err: 48.3, min_top1_err: 47.9` for the
    held-out results. An evaluation's running progress (`val_iter`) is left unread, as its bar would be: its epoch's
    result follows it. Text values (`eta`, `gpu_mem: "20.21 GB"`) are no metrics."""
    try:
        stats = json.loads(match.group(2))
    except ValueError:
        return match.group()
    loop, _, kind = str(stats.pop("_type", "")).partition("_")
    epoch, step = stats.pop("epoch", None), stats.pop("iter", None)
    values = [f"{k}: {v}" for k, v in stats.items() if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if kind == "iter" and loop != "train":
        return match.group(1)
    head = f"Epoch {epoch}" if epoch is not None else ""
    if kind == "iter":
        head += f" Iter {step}" if step is not None else ""
    elif loop == "train":
        values = [f"epoch_{value}" for value in values]
    else:
        head = f"[{loop}] {head}"
    return match.group(1) + f"{head}: {', '.join(values)}".encode()


ALLENNLP_TABLE = b"Training |  Validation"
"""The header AllenNLP's console logger prints over each epoch's metrics (`"%s |  %-10s" % ("Training".rjust(...),
"Validation")`: `allennlp.training.tensorboard_writer` in 0.9, `callbacks.console_logger` in 2.x)."""
_ALLENNLP_CELL = rb"([-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?|nan|N/A)"
_ALLENNLP_ROW = re.compile(
    rb"(.*?)([A-Za-z_][\w.@/-]*)[ \t]*\|[ \t]+" + _ALLENNLP_CELL + rb"[ \t]+\|[ \t]+" + _ALLENNLP_CELL + rb"[ \t]*"
)
"""A row of that table, `loss               |     0.906  |     1.277` (`"%s |  %8.3f  |  %8.3f"`; `N/A` in a split
with no such metric: `worker_0_memory_MB |   412.000  |       N/A`)."""
_ALLENNLP_BAR = b"||: "
"""AllenNLP's tqdm description ends its metrics with ` ||` (`accuracy: 0.67, loss: 0.91 ||: 100%|###| 20/20`)."""


def _allennlp_tables(chunk: bytes) -> bytes:
    """AllenNLP's epoch tables as lines of named values, `loss: 0.906, Validation loss: 1.277` a row (the training's
    bare, as a person reads them). Its progress bars are left unread where its tables are: the training's and the
    validation's print the same names (`loss`, `accuracy`), and the table holds each one's final values."""
    lines = chunk.split(b"\n")
    in_table = False
    for i, line in enumerate(lines):
        if _ALLENNLP_BAR in line:
            lines[i] = b""
        elif line.rstrip().endswith(ALLENNLP_TABLE):
            in_table, lines[i] = True, b""
        elif in_table and (row := _ALLENNLP_ROW.fullmatch(line)) is not None:
            lead, name, train, val = row.groups()
            said = [b"%s: %s" % (name, train), b"Validation %s: %s" % (name, val)]
            lines[i] = lead + b", ".join(cell for cell in said if not cell.endswith(b"N/A"))
        else:
            in_table = False
    return b"\n".join(lines)


_KALDI_NUMBER = rb"-?(?:nan|inf)|[-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?"
_KALDI_STATS = re.compile(
    rb"(?m)^LOG \(nnet3-(?:chain-)?(train|compute-prob)\[[^\]\n]*\]:\S*\)[ \t]+"
    rb"(?:Average objective function|Overall[ \t]+(average objective function|log-probability|log-likelihood|objective"
    rb"|accuracy))[ \t]+for[ \t]+'([\w-]+)'(?:[ \t]+for[ \t]+minibatches[ \t]+[0-9]+-[0-9]+)?[ \t]+is[ \t]+"
    rb"(?:(?:" + _KALDI_NUMBER + rb")[ \t]+\+[ \t]+(?:" + _KALDI_NUMBER + rb")[ \t]+=[ \t]+)?(" + _KALDI_NUMBER + rb")"
    rb"[^\n]*"
)
"""Kaldi nnet3's statistics (`nnet-training.cc`, `nnet-chain-training.cc`, `nnet-diagnostics.cc`), the lines of the
`train.N.M.log` and `compute_prob_{train,valid}.N.log` files `steps/nnet3/train_*.py` leave in `exp/.../log`:
`LOG (nnet3-train[5.5]:PrintStatsForThisPhase():nnet-training.cc:278) Average objective function for 'output' for
minibatches 0-9 is -1.554 over 10240 frames.` each print interval, `... Overall average objective function for
'output' is -1.224 over 20480 frames.` at the iteration's end, and `LOG (nnet3-compute-prob[5.5]:PrintTotalStats():
nnet-diagnostics.cc:194) Overall log-probability for 'output' is -0.771 per frame, over 8192 frames.` (`accuracy`
beside it; a chain model's `-0.089 + -0.011 = -0.100`, its objective plus its regulariser, read as their sum). The
objective is a log-likelihood per frame, higher is better: read as one (`train log-likelihood`), as Kaldi's own
`steps/nnet3/report` scripts plot it."""
_KALDI_COMMAND = re.compile(
    rb"(?m)^# nnet3-(?:chain-)?(?:train|compute-prob)[ \t][^\n]*?/([0-9]+)\.(?:mdl|raw)\b[^\n]*"
)
"""The command line Kaldi writes first in each log, `# nnet3-train ... "nnet3-am-copy --raw=true ... exp/nnet3/tdnn/
7.mdl - |" ... exp/nnet3/tdnn/8.1.raw`: the first model it names is the one trained or scored, its number the
iteration, the run's step (`iter 7`: a counter-only line, the step of the statistics below it)."""
_KALDI_SCORING = re.compile(rb"(?m)^# nnet3-(?:chain-)?compute-prob[ \t][^\n]*")
"""A compute-prob log's command line: it names the examples it scores, `train_diagnostic.egs` or
`valid_diagnostic.egs` (`.cegs` for a chain model)."""
_KALDI_JOB = re.compile(rb"(?m)^# (?:Started at|Ended \(code -?[0-9]+\) at|Accounting:)[^\n]*")
"""The lines Kaldi's `utils/run.pl` (and queue.pl) writes around each job's log, `# Started at Sat Dec  5 01:00:00 UTC
2026`, `# Accounting: time=2 threads=1`, `# Ended (code 0) at ...`: a clock, the job's seconds and threads, no metric
(a failed job's own `ERROR (nnet3-train...)` lines are its events)."""


def _kaldi_stats(chunk: bytes) -> bytes:
    """Kaldi's statistics lines as `train log-likelihood: -1.554`, `valid accuracy: 0.761` (held-out unless the
    compute-prob command above names the training examples: then `train_diagnostic`, a second look at the training
    data, not more points of the objective the training printed), each under its command's `iter N`; run.pl's job lines
    as `#`. An iteration's overall average repeats the phases' mean where phases were printed, so it is read only in a
    chunk with none; a chain model's second output (`output-xent`, its cross-entropy regulariser) is left unread: it
    would stand beside the objective as a second likelihood."""
    phases = b"for minibatches" in chunk
    commands = [(m.start(), b"train_diagnostic." in m.group()) for m in _KALDI_SCORING.finditer(chunk)]
    starts = [start for start, _ in commands]

    def stat(match: re.Match[bytes]) -> bytes:
        program, overall, output, value = match.groups()
        if output != b"output" or (overall == b"average objective function" and phases):
            return b""
        if program == b"train":
            return b"train log-likelihood: " + value
        above = bisect_right(starts, match.start()) - 1
        split = b"train_diagnostic" if above >= 0 and commands[above][1] else b"valid"
        return split + (b" accuracy: " if overall == b"accuracy" else b" log-likelihood: ") + value

    return _KALDI_JOB.sub(b"#", _KALDI_COMMAND.sub(rb"iter \1", _KALDI_STATS.sub(stat, chunk)))


BOX_REACH = 1 << 16
"""How far back from a chunk's end an unclosed box is looked for (SB3's boxes are ~1 KB)."""
_BOX_RULE = re.compile(rb"(?m)^-{8,}[ \t]*\n")
_BOX_ROWS = re.compile(rb"(?:\|[^\n]*\n)*")


def open_box_start(data: bytes, cut: int) -> int:
    """Where a chunk of whole lines `data[:cut]` should end so that no `| key | value |` box is cut in two: the start
    of a box still open at `cut` (its opening rule, perhaps rows, and no closing rule yet), else `cut`."""
    if b"|" not in data[max(0, cut - 2) : cut] and not data[:cut].rstrip(b" \t\n").endswith(b"--------"):
        return cut  # the chunk ends in neither a row nor a rule: no box is open (a test of two bytes per chunk)
    rule = next(reversed(list(_BOX_RULE.finditer(data, max(0, cut - BOX_REACH), cut))), None)
    if rule is None or not _BOX_ROWS.fullmatch(data, rule.end(), cut):
        return cut
    closing = rule.end() == cut and data.rfind(b"|", 0, rule.start()) > data.rfind(b"\n", 0, rule.start() - 1)
    return cut if closing else rule.start()


_LONG_LINE = 400
"""Bytes: lines longer than this on average may be records written back to back (`_split_glued_records`)."""
_RECORD_LEAD = re.compile(rb"[ \t]*[A-Za-z_][\w ./-]{0,40}?[ \t]*[:=]")


def _split_glued_records(line: bytes) -> bytes:
    """A line of records written with no break between them (`train loss : 0.2622, val loss : 0.2678train loss :
    0.2619, ...`, a `f.write` without its `\n`): a break (NUL, as the other added ones) before each record's lead
    glued to the last digit of the record before it."""
    lead = _RECORD_LEAD.match(line) if len(line) > _LONG_LINE else None
    if lead is None or line.count(lead.group()) < 3:
        return line
    return re.sub(rb"(?<=[0-9])(?=" + re.escape(lead.group()) + rb")", b"\x00", line)


_NESTED_DICT = re.compile(
    rb"""(['"])([A-Za-z_][\w.-]*)\1:[ \t]*\{((?:[ \t]*(['"])[A-Za-z_][\w.-]*\4:[ \t]*[^{}'",\n]+,?)+)[ \t]*\}"""
)
"""A dict of numbers under a dict's key, printed (`valid={'valid1': {'mse': 139.5, 'mae': 7.7}, 'valid2': {...}}`,
round83's KN-021): its members named with the key (`'valid1_mse': 139.5`), so that each dict's values keep apart."""
_DICTS_TITLE = re.compile(rb"""(?<![\w'"])[A-Za-z_]\w*[ \t]*[=:][ \t]*\{(?=(['"])[A-Za-z_][\w.-]*\1:[ \t]*\{)""")
"""The key over a dict of such dicts (`valid=` of `valid={'valid1': {...}}`): the inner keys name the values."""
_KEYED_DICT = re.compile(rb"""(?<=\w)=(?=\{['"])""")
"""A dict printed as a `key=value` pair's value (`valid={'mse': 1.4, 'mae': 0.7}`): its key titles it as in
`valid: {...}`, the first member's name kept."""
_DICT_KEY = re.compile(rb"""(['"])([A-Za-z_][\w.-]*)\1:""")


def _nested_dict(match: re.Match[bytes]) -> bytes:
    outer = match.group(2)
    return _DICT_KEY.sub(lambda key: key.group(1) + outer + b"_" + key.group(2) + key.group(1) + b":", match.group(3))


_SPELLED_DURATION = re.compile(
    rb"([0-9]+(?:\.[0-9]+)?) hours?, ([0-9]+(?:\.[0-9]+)?) minutes?, ([0-9]+(?:\.[0-9]+)?) seconds?"
)
"""A time spelled in units (mvts_transformer's `Epoch runtime: 0.0 hours, 0.0 minutes, 1.04 seconds`): one time in
seconds, read as the time it is, not three values named `runtime`, `hours` and `minutes`."""


_FLOWER_HISTORY = re.compile(
    rb"(?m)^[^\n]*History \((?P<kind>loss|metrics), (?P<where>distributed|centralized)(?:, (?P<phase>fit|evaluate))?\):"
    rb"[ \t]*\n(?P<body>(?:(?![^\n]*History \()(?=[^\n]*(?:\tround [0-9]+: |[{ \t]\(|[{ ]'))[^\n]*(?:\n|$))*)"
)
"""Flower's `History` as its simulation logs it at the end of a run (`[SUMMARY]`, then each line of `str(history)`
under the logger's prefix and a tab): `History (loss, distributed):` over `\tround 1: 912.36` lines, and `History
(metrics, distributed, evaluate):` over a `pprint` of `{'accuracy': [(1, 0.0166), (2, 0.5416), ...], ...}` (round91's
LD-014: eight simulations' summaries, no other value of their losses in the log)."""
_FLOWER_ROUND = re.compile(rb"(?m)(\tround [0-9]+): ")


def _flower_history(match: re.Match[bytes]) -> bytes:
    """A `History` block as `round N <name>: value` lines, one per round, on the block's own lines (as many as it has:
    the line numbers after it stay those of the file): the losses named `loss_<where>`, the metrics by their key
    (`<key>_centralized` for the server's, `train_<key>` for the clients' fit). A block too short for its rounds, or
    not a dict of `(round, value)` lists, is left as it was."""
    import ast

    head, body = match.group().split(b"\n", 1)
    kind, where, phase = match.group("kind"), match.group("where").decode(), match.group("phase")
    if kind == b"loss":
        return head + b"\n" + _FLOWER_ROUND.sub(rb"\1 loss_" + where.encode() + b": ", body)
    lines = body.split(b"\n")
    text = b" ".join(line[prefix_end(line) :].strip() for line in lines)
    try:
        history = ast.literal_eval(text.decode("utf-8", "replace"))
        rounds: dict[int, list[str]] = {}
        for key, points in history.items():
            name = f"{key}_centralized" if where == "centralized" else f"train_{key}" if phase == b"fit" else key
            for at, value in points:
                rounds.setdefault(int(at), []).append(f"{name}: {float(value)!r}")
    except (ValueError, SyntaxError, TypeError, AttributeError, MemoryError, RecursionError):
        return match.group()
    written = [f"round {at} {', '.join(values)}".encode() for at, values in sorted(rounds.items())]
    if len(written) > len(lines) - (not lines[-1]):
        return match.group()
    return head + b"\n" + b"\n".join(written + [b""] * (len(lines) - len(written)))


_ENVIRON_DUMP = re.compile(rb"environ\(\{[^\n]*")
"""`os.environ` printed (lingua's `ENV: environ({'SHELL': '/bin/bash', ..., 'LS_COLORS': 'rs=0:di=01;34:...'})`,
round87's KV-001): the process's environment, whose strings hold no measure (`rs=0`, `di=01` are colours)."""
_LSF_USAGE = re.compile(rb"(?m)^Resource usage summary:[ \t]*\n(?:[ \t]*\n)?(?:[ \t]+[A-Z][A-Za-z ]*:[^\n]*\n)+")
"""The job summary IBM Spectrum LSF appends to a job's output file (`Resource usage summary:` over `CPU time : 2.27
sec.`, `Max Memory : 205 MB`, ..., `Turnaround time : 49486 sec.`; round87's KU-009): the cluster's accounting of the
job, no measure of its training."""
_TUTORIAL_PROGRESS = re.compile(
    rb"(?m)^(?:(?P<step>[0-9]+) [0-9]+% \([0-9]+m [0-9]+s\) (?P<loss>[0-9.]+|nan|-?inf)\b[^\n]*"
    rb"|[0-9]+m [0-9]+s \((?P<at>[0-9]+) [0-9]+%\) (?P<value>[0-9.]+|nan|-?inf)[ \t]*$)"
)
"""The PyTorch tutorials' "NLP From Scratch" progress lines: the classifier's `print('%d %d%% (%s) %.4f %s / %s %s' %
(iter, iter / n_iters * 100, timeSince(start), loss, line, guess, correct))` (`5000 5% (0m 6s) 2.6142 Ahn / Chinese
✓`, the name, the guess and its mark a sample, no value) and the generator's `0m 5s (5000 5%) 2.8621`: the iteration
and its loss."""


def _tutorial_progress(match: re.Match[bytes]) -> bytes:
    step, loss = match.group("step") or match.group("at"), match.group("loss") or match.group("value")
    return b"step " + step + b" | loss " + loss


def _in_seconds(match: re.Match[bytes]) -> bytes:
    hours, minutes, seconds = (float(group) for group in match.groups())
    return f"{3600 * hours + 60 * minutes + seconds:g}s".encode()


_TENSOR_COUNT = re.compile(rb"\btensor\(([0-9]+)\.?(?:, device='[^'\n]*')?\)(?=[ \t]*/[ \t]*[0-9])")
"""A count of right answers printed as a tensor over its total (`Testing Accuracy: tensor(812.)/1024 (79.297%)`, the
soft decision tree's `correct` never taken `.item()`, round 61's family): the count, so that the total and the share
after it read as a plain count's do (`Accuracy: 812/1024 (79.297%)`)."""


def clean_chunk(chunk: bytes, tables: Tables | None = None) -> tuple[bytes, list[int]]:
    """The chunk without ANSI codes and tqdm bars, each bare `\\r` (and a log line glued to a finished bar) a line
    break; and the positions of those added breaks (the n-th line of the result is physical line n minus the breaks
    before it). A NUL marks them while the chunk is rewritten: the file's own are taken out first (the zeros a log
    truncated while its writer held it open starts with: round81's KI-016, 1,700 of them before a table's rule)."""
    if b"\x00" in chunk:
        chunk = chunk.replace(b"\x00", b"")
    if b"\x1b" in chunk:
        chunk = _ANSI.sub(b"", chunk)
    if b"^[[" in chunk:
        chunk = _CARET_ANSI.sub(b"", chunk)
    if b"\x08\x08" in chunk:
        chunk = _BACKSPACES.sub(b"", chunk)
    if b"\r" in chunk:
        chunk = _BARE_CR.sub(b"\x00", _LINE_END.sub(b"\n", chunk))
    if chunk.startswith(b'"') or b'\n"' in chunk:
        chunk = _QUOTED_LINE.sub(rb"\1", chunk)
    if b"u'" in chunk:
        chunk = _PY2_UNICODE.sub(b"", chunk)
    if b"('" in chunk:
        chunk = _PY2_PRINTED_TUPLE.sub(_py2_printed_tuple, chunk)
    if b"/" in chunk and _SLASHED_DECIMALS.search(chunk):
        chunk = _SLASHED_PAIRS.sub(_slashed_pairs, chunk)
    if b"it/s]" in chunk or b"s/it]" in chunk:  # a bar of any kind (`0it [00:00, ?it/s]`, `0% 0/3692 [00:02<?, ?it/s]`)
        chunk = _GLUED.sub(b"\\1\x00", chunk)
    if chunk.count(b"\n") * _LONG_LINE < len(chunk):  # lines this long on average: records written without breaks?
        chunk = b"\n".join(_split_glued_records(line) for line in chunk.split(b"\n"))
    if b"%|" in chunk or (b"% " in chunk and (b"it/s," in chunk or b"s/it," in chunk)):  # drawn, or a notebook's
        chunk = _TQDM_BAR.sub(_bar, chunk)
        if _POSTFIX_STEP in chunk and b"\x00" in chunk:
            chunk = _drop_postfix_redrawn(chunk)
    if b"|\n---" in chunk:  # a box of `| key | value |` rows (Stable-Baselines3)
        chunk = _KV_BOX.sub(_box_line, chunk)
    if b", grad_fn=<" in chunk:
        chunk = _PRINTED_LOSS.sub(rb"loss: \1", chunk)
    if b")/" in chunk:
        chunk = _TENSOR_COUNT.sub(rb"\1", chunk)
    if b"'global_step/max_steps': '" in chunk:
        chunk = _SWIFT_STEP.sub(rb"'global_step': \1", chunk)
    if b"est iteration is:" in chunk:
        chunk = _BOOSTING_BEST.sub(rb"\1Best iteration: ", chunk)
    if b" learning rate to " in chunk:
        chunk = _KERAS_LR_SET.sub(rb"\1 learning rate: \2", chunk)
    if b" hours, " in chunk:
        chunk = _SPELLED_DURATION.sub(_in_seconds, chunk)
    if b"%) " in chunk or b"% (" in chunk:
        chunk = _TUTORIAL_PROGRESS.sub(_tutorial_progress, chunk)
    if b"History (" in chunk:
        chunk = _FLOWER_HISTORY.sub(_flower_history, chunk)
    if b"environ({" in chunk:
        chunk = _ENVIRON_DUMP.sub(b"environ()", chunk)
    if b"Resource usage summary:" in chunk:
        chunk = _LSF_USAGE.sub(lambda block: b"\n" * block.group().count(b"\n"), chunk)  # its lines kept, empty
    if b"' reached " in chunk:
        chunk = _CHECKPOINT_REACHED.sub(rb"\1: \2", chunk)
    if b"Dims: ():" in chunk:
        chunk = _CAFFE2_SCALAR.sub(rb"\1: \2", chunk)
    if b"Saving dict for global step " in chunk:
        chunk = _ESTIMATOR_EVALUATION.sub(rb"Evaluation at global step \1:", chunk)
    if ALLENNLP_TABLE in chunk:
        chunk = _allennlp_tables(chunk)
    if b'"_type": "' in chunk:
        chunk = _JSON_STATS.sub(_json_stats, chunk)
    if b"nnet3-" in chunk:
        chunk = _kaldi_stats(chunk)
    if b"maxDets=" in chunk:
        chunk = _COCO_SUMMARY.sub(_coco_summary, chunk)
    if b"f1-score" in chunk:
        chunk = _CLASSIFICATION_REPORT.sub(_classification_report, chunk)
    if _NUMBER_KEY_OPENS.search(chunk):  # a cheap test first: the whole pattern is tried at every word
        chunk = _NUMBER_KEYED.sub(_number_keyed, chunk)
    if b"#" in chunk:
        chunk = _HASH_INDEX.sub(rb"\1\2", chunk)
    if b"@ " in chunk:
        chunk = _AT_K.sub(rb"@\1\2", chunk)
    if b"': {" in chunk or b'": {' in chunk:
        chunk = _NESTED_DICT.sub(_nested_dict, _DICTS_TITLE.sub(b"{", chunk))
    if b"={" in chunk:
        chunk = _KEYED_DICT.sub(b": ", chunk)
    if b" = " in chunk:
        chunk = _NUMBERED_NAME.sub(rb"_\1 = ", chunk)
    if b"' subset" in chunk:
        chunk = _FAIRSEQ_SUBSET.sub(rb"\1", chunk)
    if b"output: \n" in chunk or b"output:\n" in chunk:
        chunk = _SPREAD_OUTPUT.sub(_output_joined, chunk)
    if b": (" in chunk:
        chunk = _STEP_VALUE_TUPLE.sub(rb"\1step \3 | \2 \4", chunk)
    if b"ETA: " in chunk and b"Epoch " in chunk:
        chunk = _FRAME_BEFORE_CALLBACK.sub(b"", chunk)
    if b" | " in chunk:
        chunk = _SCALAR_RECORD.sub(rb"\1step \4 | \2 \3", chunk)
    if b" all " in chunk:
        chunk = _headerless_yolo_rows(chunk)
    for row, names in _YOLO_RESULTS:
        if row.match(chunk):  # a `results.txt` holds nothing but its rows
            chunk = row.sub(partial(_yolo_results_row, names), chunk)
    if b" | " in chunk:
        chunk = _LONE_PIPE_VALUE.sub(_lone_pipe_value, chunk)
    if _DRAWN_BAR in chunk or b"|\n+-" in chunk:  # a table drawn with bars, a row per split (Ludwig's)
        chunk = _SPLIT_ROWS_TABLE.sub(_split_rows_table, chunk)
    if b"|===" in chunk:  # a table boxed by rules of `=` (MATLAB's training progress)
        chunk = _BOXED_TABLE.sub(_boxed_table, chunk)
    if b"|" in chunk and b"----------" in chunk:
        chunk = _logged_tables(chunk)
    if b"|" in chunk and b"\n----------" in chunk:  # a table of `|`-separated columns under a rule of dashes
        chunk = _PIPE_TABLE.sub(_pipe_table, chunk)
    if b"--" in chunk and (b"-|" in chunk or b"- |" in chunk or b":|" in chunk):  # a Markdown table's delimiter row
        chunk = _MD_TABLE.sub(_markdown_table, chunk)
    if b"]" in chunk and any(end in chunk for end in _ASCII_BAR_ENDS):
        chunk = _ASCII_BAR.sub(b"[]", chunk)
    if b":" in chunk and b">" in chunk:
        chunk = _ANGLED_TIME.sub(b" ", chunk)
    if b"\xe2" in chunk and _BULLET in chunk:  # a one-byte scan first: a multi-byte one costs ~6 ms per MiB
        chunk = _RICH_BAR.sub(rb" batch \1/\2 ", chunk)
    if b"\xf0\x9f" in chunk or b"\xe2" in chunk or b"\xef\xb8" in chunk:
        chunk = _PICTOGRAPH.sub(b" ", chunk)
    if b"\xe2" in chunk and (b"\xe2\x94" in chunk or b"\xe2\x95" in chunk):  # a one-byte scan first (memchr)
        chunk = _RULE_BAR_SHARE.sub(b"", _DRAWN_RULE.sub(b"--", chunk))
    if b"\xef\xbc" in chunk:
        chunk = _FULL_WIDTH.sub(_ascii_punctuation, chunk)
    if b"\xe3\x80\x80" in chunk or b"\xc2\xa0" in chunk or b"\xe2\x80" in chunk:
        chunk = _WIDE_SPACE.sub(b" ", chunk)
    if b"," in chunk:
        chunk = _CSV_BLOCK.sub(_csv_block, chunk)
    tables = {} if tables is None else tables
    if tables or ((b"   " in chunk or b"\t" in chunk) and _TABLE_HINT.search(chunk)):
        known = dict(tables)
        rewritten = _table_rows(chunk, tables)
        # a header seen in this chunk also names its rows above it (a copy of the console that lost the first header)
        chunk = rewritten if tables == known else _table_rows(chunk, tables)
    if b"\x00" not in chunk:
        return chunk, []
    breaks = [m.start() for m in _BREAK.finditer(chunk)]
    return chunk.replace(b"\x00", b"\n"), breaks


_CSV_NAME = rb"[A-Za-z_][\w./-]*"
_CSV_BLOCK = re.compile(
    rb"(?m)^(,?" + _CSV_NAME + rb"(?:," + _CSV_NAME + rb")+)\r?\n"
    rb"((?:" + _LIST_NUMBER + rb"(?:,(?:" + _LIST_NUMBER + rb"|(?i:nan|inf))?)+\r?(?:\n|$))+)"
)
"""A block of comma-separated rows under a header of names, printed into a console log (a Keras history DataFrame's
`to_csv()` after the model's summary, `,loss,acc,val_loss,val_acc` then `0,0.479,0.860,0.283,0.903`, round71's
IV-003): a table whose cells a tab parts (`_csv_block`), read as a tabbed table is."""


def _csv_block(match: re.Match[bytes]) -> bytes:
    """The block's header and rows with tabs for commas, a leading unnamed column (a DataFrame's index) named `step`;
    a block whose rows hold other counts of cells than the header is left as it is."""
    header, rows = match.group(1), match.group(2)
    width = header.count(b",")
    if any(row.count(b",") != width for row in rows.splitlines()):
        return match.group()
    header = b"step" + header if header.startswith(b",") else header
    return header.replace(b",", b"\t") + b"\n" + rows.replace(b",", b"\t")


_STEP_VALUE_TUPLE = re.compile(
    rb"(?m)^([ \t]*)([A-Za-z_][\w./-]*(?: [A-Za-z_][\w./-]*)?):[ \t]*\([ \t]*([0-9]+),[ \t]*"
    rb"([-+]?(?:[0-9]+\.?[0-9]*(?:[eE][-+]?[0-9]+)?|nan|inf))[ \t]*\)[ \t]*$"
)
"""A value printed as the repr of a (step, value) tuple (`loss: (3, 0.6931)`: a script that kept `(epoch, loss.item())`
pairs and printed them, round50's FD-002): the step and the named value."""
_SCALAR_RECORD = re.compile(
    rb"(?m)^([ \t]*)([A-Za-z][\w./-]*(?: [A-Za-z][\w./-]*){0,3})[ \t]*\|[ \t]*(" + NUMBER + rb")[ \t]*\|"
    rb"[ \t]*([0-9]+)[ \t]*\|[ \t]*[0-9]+(?:\.[0-9]+)?[ \t]*$"
)
"""A scalar logged as a record of its own, `name | value | step | wall time` (a logger's table of scalars, as
TensorBoard keeps them: `batch loss | 2.1180124283 |          1 | 3.7294492721557617`, round84's KP-022): the step and
the named value; the wall time is bookkeeping, left out."""
_FRAME_BEFORE_CALLBACK = re.compile(
    rb"(?m)^[ \t]*\d+/\d+[ \t]+\[[=>.]*\][ \t]+-[ \t]+ETA:[^\n]*\n"
    rb"(?=(?:[ \t]*\n)?Epoch \d+: [^\n]*\n(?:[ \t]*\n)?[ \t]*\d+/\d+[ \t]+\[=+\][ \t]+-)"
)
"""A Keras bar's last frame, kept on its own line when a callback printed at the epoch's end (`ModelCheckpoint`'s
`Epoch 00001: val_loss improved from inf to 2.95862, saving model to ...`) between it and the bar's end line: the
running means that end line prints again (round66's HZ-010 at `14806/14809 ... - ETA: 0s - loss: 0.4418`, round80's
KG-009): no point of its own, left out."""
_AT_K = re.compile(rb"@[ \t]+([0-9]+)([ \t]*[:=])")
"""A cut-off written apart from its name (DGL's `Hits (filtered) @ 10: 0.0630`): part of the name (`Hits@10`), not
the value of a metric named `Hits (filtered) @`."""

_NUMBERED_NAME = re.compile(rb"(?<=[A-Za-z])[ \t]+([0-9]{1,2})[ \t]*=[ \t]+(?=[-+]?\.?[0-9])")
"""A name that ends in its index, apart (a cascade's `Stage 0 = 39.11(39.11)\tStage 1 = 38.89(38.89)`, round59's
GP-007; `top 5 = 0.91`): part of the name (`Stage_0`), not the value of a metric named `Stage`."""

_QUOTED_LINE = re.compile(rb'(?m)^"([^"\n]*)"[ \t]*$')
"""A whole line in double quotes (a console saved through a CSV writer, which quoted the lines holding a comma: Caffe's
`"I0429 11:19:36.676826  1383 solver.cpp:209] Iteration 15000, loss = 0.335453"`, round70's IT-003): the line."""
_PY2_UNICODE = re.compile(rb"(?<=[{\[(, ])u(?=')")
"""Python 2's `u` before a unicode string's quotes in a printed dict or tuple (`('Losses', {u'ner': 0.186})`, spaCy
2's NER training, round70's IT-001): the string's."""
_PRINTED_PAIR = re.compile(rb"'([^'\n]*)',[ \t]*([-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?)(?:,[ \t]*(?=')|\)[ \t]*$)")
"""A string and the number after it in a printed tuple, then the next string or the tuple's end."""
_PY2_PRINTED_TUPLE = re.compile(rb"(?m)^\(((?:" + _PRINTED_PAIR.pattern + rb")+)")
"""A Python 2 `print` of several arguments, which prints their tuple (`print('Epoch : ', epoch, ' batch : ', i)` ->
`('Epoch : ', 0, ' batch : ', 436)`, round70's IT-001): each string then its number, `Epoch :  0  batch :  436`."""


def _py2_printed_tuple(match: re.Match[bytes]) -> bytes:
    """A printed tuple's strings and numbers as the line Python 3's `print` would have written."""
    return b" ".join(pair.group(1) + b" " + pair.group(2) for pair in _PRINTED_PAIR.finditer(match.group(1)))


_SPREAD_OUTPUT = re.compile(rb"(?m)(\|[ \t]*output:)[ \t]*\n((?:[ ]{4}[^\n]*(?:\n|$))+)")
"""Orbit's controller (TF Model Garden), `train | step: 20 | steps/sec: 19.5 | output: ` and the output dict under it:
its `_format_output` prints a dict pprint spreads over lines on the lines after, each indented four spaces."""


def _output_joined(match: re.Match[bytes]) -> bytes:
    """The output dict spread under Orbit's line joined onto it: one line of the step and its values."""
    block = match.group(2)
    return b"| " + b" ".join(line.strip() for line in block.splitlines()) + b"\n" * block.endswith(b"\n")


_FAIRSEQ_SUBSET = re.compile(rb"\bvalid on '([A-Za-z][\w.-]{0,39})' subset\b")
"""fairseq's evaluation line, `| epoch 001 | valid on 'valid' subset | loss 3.119 | nll_loss 3.018 | ...`: the values
of the subset it names (`valid_loss`), not more points of the epoch's training summary above it."""

_HEADING_MARK = rb"(?::|[=*#-]{3,}|\.\.\.|\xe2\x80\xa6)"
_HEADING_END = re.compile(rb"(?m)" + _HEADING_MARK + rb"[ \t]*$")
"""Where a heading ends: a `:`, a banner's rule or an ellipsis at the end of its line (a quick scan: few lines end
so)."""
_HEADING_WORDS = rb"[^\w\n]*(?:[A-Za-z\x80-\xff][\w\x80-\xff()/-]*[ \t]+){0,5}[A-Za-z\x80-\xff][\w\x80-\xff()/-]*[ \t]*"
_HEADING = re.compile(rb"(?i)" + _HEADING_WORDS + _HEADING_MARK + rb"[ \t]*")
"""A heading: a few words (accented letters too), no number, ending in `:`, a banner's rule or an ellipsis
(`Evaluation Results:`, `=== Validation ===`, `***** eval metrics *****`, `Calculando métricas de validación...`)."""
_RULE = re.compile(rb"[ \t]*[=*#-]{3,}[ \t]*")
_TITLE = re.compile(_HEADING_WORDS)
"""A banner's title alone on its line, a rule of `=`, `*`, `#` or `-` under it (`TEST SET EVALUATION`)."""
_SPLIT_IN_HEADING = re.compile(
    rb"(?i)\b(val|valid|validation|eval|evaluation|dev|test|testing|train|training|"
    + "|".join(FOREIGN_SPLIT_WORDS).encode()
    + rb")(?![\w\x80-\xff])"
)
_SPLIT_ANNOUNCED = re.compile(
    rb"(?im)(?:^|[ \t-])(?:evaluate|evaluating|evaluation|eval)(?:[ \t]*[:=][ \t]*|[ \t]+on[ \t]+(?:the[ \t]+)?)"
    rb"(dev|test|val|valid|validation)(?:[ \t]+(?:set|data|split))?[ \t]*\.?[ \t]*$"
)
"""A line announcing the evaluation that follows on a split (`evaluate:dev`, `Evaluating on the test set`): the values
below it are that split's until a line with its own step."""
_PHASE_SPLIT = {b"testing": "test", b"validating": "val", b"evaluating": "eval"}
_PHASE_AT_COUNTERS = re.compile(
    rb"(?im)^[ \t]*(testing|validating|evaluating)[ \t]+(?:at|on|for)?[ \t:-]*"
    rb"(?:(?:it|iter|iteration|step|batch|epoch)[ \t:]*)?[0-9]+(?:[ \t]*/[ \t]*[0-9]+)?"
    rb"(?:[ \t,]+(?:of|in)?[ \t]*(?:epoch|ep)[ \t:]*[0-9]+(?:[ \t]*/[ \t]*[0-9]+)?)?[ \t,.:]*$"
)
"""A line announcing an evaluation at the training's counters, no value on it (facebookresearch's DLRM: `Testing at -
20/96 of epoch 0,` over ` accuracy 51.953 %, best 51.953 %`): the values below it are that split's until a line with
its own step."""
_SPLIT_WORD = rb"(train|training|test|testing|val|valid|validation|eval|evaluation|dev)"
_SPLIT_NUMBERED = re.compile(
    rb"(?i)(?:" + _SPLIT_WORD + rb"[ \t]+[0-9]+|epoch[ \t]+[0-9]+[ \t]+" + _SPLIT_WORD + rb")[ \t]*[=*#-]*[ \t]*$"
)
"""A line that is a split word and the epoch it opens, past its logging prefix (hysts' pytorch_image_classification:
`Train 1` over the epoch's `Epoch 1 Step 0/20 Loss ...` lines, `Test 1` over its `Epoch 1 Loss 0.93 Accuracy 0.56`),
or the epoch and then the split, in a banner or not (OpenNRE's `=== Epoch 0 val ===` over its evaluation bar's
`acc=0.191`: round60's PCNN): the line below is that split's, though it carries its own epoch (`split_numbered`)."""
_CHECKPOINT_ANNOUNCED = re.compile(
    rb"(?im)^[^\n]*\b(?:validating|evaluating|testing)[ \t]+(?:[^\s]*/)?([^\s/]+)"
    rb"\.(?:pt|pth|ckpt|bin|h5|keras|safetensors)\b[ \t.]*$"
)
"""A line announcing the evaluation of a saved checkpoint after training (Ultralytics' `Validating
runs/detect/train7/weights/best.pt...` after `100 epochs completed`): the values below it are that checkpoint's,
named by its file (`best_mAP50`; `checkpoint_mAP50` for a name that is no word), not one more point of the curve."""


HEADING_OVER_ENDS = (b":", b"...", b"\xe2\x80\xa6")
"""How a heading over a line of its own step ends: a `:` (`Evaluation:`) or an ellipsis announcing the loop below it
(paddle's `Eval begin...` over its `step 8/8 - loss: 1.38 - acc: 0.27` at each epoch's end); not a banner's rule."""


_NOTE = re.compile(rb"[^\d\n]*[^\d\n.]\.[ \t]*")
"""A note between a heading and its line: a sentence with no number (`Eval begin...`, then `The loss value printed is
the current batch's.`, then `step 8/8 - loss: 1.38`), no heading nor values of its own."""


def held_out_heading(chunk: bytes) -> bool:
    """Whether `chunk` may hold a heading naming a held-out split right over a line that carries its own step
    (`heading_over`), which only a reading in order sees; a quick test first (few lines end in `:` or an ellipsis), so
    a log of metric lines alone pays one search of its bytes."""
    if not any(end + b"\n" in chunk for end in HEADING_OVER_ENDS):  # `clean_chunk` made every line end `\n`
        return False
    return any(split is not None for split in split_headings(chunk, 0, len(chunk)))


def heading_over(chunk: bytes, start: int, stop: int) -> str | None:
    """The held-out split named by the last line of `chunk[start:stop]` that holds more than a logging prefix, when that
    line is a heading ending in `:` or an ellipsis (`HEADING_OVER_ENDS`; dennybritz's cnn-text-classification-tf:
    `Evaluation:` over `step 100, loss 0.024, acc 0.99`, a line of the training's shape at the training's step): the
    line below reports that split. Not a heading further up (a configuration's `TEST:` section over its keys), nor a
    banner (`=== end of evaluation ===` over the next training line)."""
    end = stop
    while end > start:
        begin = chunk.rfind(b"\n", start, end - 1) + 1 or start
        line = chunk[begin:end].rstrip()
        if line[prefix_end(line) :].strip() and not _NOTE.fullmatch(line):
            if not line.endswith(HEADING_OVER_ENDS):
                return None
            said = split_headings(line + b"\n", 0, len(line) + 1)
            return said[-1] if said else None
        end = begin
    return None


def split_headings(chunk: bytes, start: int, stop: int) -> list[str | None]:
    """The split words (as written; None for the training split) of the heading lines of `chunk[start:stop]` in order:
    lines that name a split and hold no number past their prefix (`INFO:__main__:📊 Evaluation Results:`, a banner's
    title over its rule), or that announce an evaluation on a split (`evaluate:dev`: `_SPLIT_ANNOUNCED`; DLRM's
    `Testing at - 20/96 of epoch 0,`: `_PHASE_AT_COUNTERS`), whose step-less values below are that split's (`   Loss:
    0.5301` is `Evaluation_Loss`)."""
    found: list[tuple[int, str | None]] = [
        (m.start(), m.group(1).decode()) for m in _SPLIT_ANNOUNCED.finditer(chunk, start, stop)
    ]
    found += [(m.start(), _PHASE_SPLIT[m.group(1).lower()]) for m in _PHASE_AT_COUNTERS.finditer(chunk, start, stop)]
    for m in _CHECKPOINT_ANNOUNCED.finditer(chunk, start, stop):
        stem = m.group(1).decode()  # `best`; a name that is no short word is the `checkpoint`'s
        found.append((m.start(), stem if re.fullmatch(r"[A-Za-z]\w{0,15}", stem) else "checkpoint"))
    for end in _HEADING_END.finditer(chunk, start, stop):
        begin = chunk.rfind(b"\n", 0, end.start()) + 1
        line = chunk[begin : end.end()]
        content = line[prefix_end(line) :]
        heading = _HEADING
        if _RULE.fullmatch(content) and begin > start:  # a banner's rule under its title (`TEST SET EVALUATION`)
            line = chunk[chunk.rfind(b"\n", 0, begin - 1) + 1 : begin - 1]
            content, heading = line[prefix_end(line) :], _TITLE
        named = _SPLIT_IN_HEADING.search(content)
        if named is None or _DIGITS.search(content) or heading.fullmatch(content) is None:
            continue
        said = content.rstrip().removesuffix(b"\xe2\x80\xa6")
        ellipsis = said.endswith(b"...") or len(said) < len(content.rstrip())  # `Calculando métricas de validación...`
        if ellipsis and named.end() != len(said.rstrip(b". \t")) and not _BEGINS.fullmatch(said, named.end()):
            continue  # the split word closes a progress line's heading (not `Accumulating evaluation results...`),
            # or a word of its start follows it (paddle's `Eval begin...`)
        word = named.group(1)
        found.append((begin, None if is_train(word) else word.decode()))
    return [split for _, split in sorted(found, key=lambda pair: pair[0])]


def split_numbered(line: bytes) -> str | None:
    """The held-out split a line names with the epoch it opens, alone past its logging prefix and the prefix's closing
    marks (`[... INFO] - Test 1`: `_SPLIT_NUMBERED`); None for any other line, a training split's `Train 1` too (the
    lines under it are the training's anyway)."""
    start = len(line) - len(line[prefix_end(line) :].lstrip(b"] \t:>=*#-"))
    found = _SPLIT_NUMBERED.match(line, start)
    if found is None or found.end() < len(line.rstrip()):
        return None
    split = found.group(1) or found.group(2)
    return None if is_train(split) else split.decode()


_BEGINS = re.compile(rb"(?i)[ \t]+(?:begins?|starts?|started)[ \t]*\.\.\.")
"""What may follow a split word in a heading that ends in an ellipsis: the evaluation's start (`Eval begin...`)."""
_SECTION = re.compile(rb"[ \t]*([A-Za-z][\w()/-]*(?:[ \t]+[A-Za-z][\w()/-]*){0,3})[ \t]*:[ \t]*")
"""A section's title alone on its line: a few words and a `:` (`Generator Losses:` over a list of values)."""


def section_title(chunk: bytes, start: int, stop: int) -> str | None:
    """The title of the last line of `chunk[start:stop]` that is a section's title alone (`_SECTION`), as a metric's
    name: the name of the bare values printed under it (`Generator Losses:` then one value a line)."""
    title = None
    for end in _HEADING_END.finditer(chunk, start, stop):
        line = chunk[chunk.rfind(b"\n", 0, end.start()) + 1 : end.end()]
        found = _SECTION.fullmatch(line)
        if found is not None:
            title = found.group(1).decode()
    return title


def prefix_end(line: bytes) -> int:
    """Where the content of a line starts: past its time stamps, levels, rank and logger prefixes."""
    match = _PREFIX.match(line)
    end = match.end() if match else 0
    if abbreviated := _ABBREVIATED_LOGGER.match(line, end):
        return abbreviated.end()
    named = _LOGGER_NAME.match(line, end)
    if named:
        end = named.end()
        match = _PREFIX.match(line, end)
        end = match.end() if match else end
    elif ((level := _LEVEL_LATER.match(line, end)) and not _PAIR.search(level.group(0))) or (
        level := _GLUED_LEVEL.match(line, end)
    ):
        end = level.end()
    named = _NAME_AFTER_LEVEL.match(line, end) if end and _LEVEL_IN_PREFIX.search(line, 0, end) else None
    if named and not _is_split(named.group(1) or named.group(2)):
        end = named.end()  # `%(levelname)s - %(name)s - %(message)s`: `INFO - __main__ - Epoch 1`
    return end


_LEVEL_LATER = re.compile(
    rb"(?:[ \t]*(?=([^\s]+))\1){1,3}?[ \t]+(?:INFO|WARNING|WARN|DEBUG|ERROR|CRITICAL)(?=[\s:\]|-])"
    rb"[ \t]*(?:[-:|][ \t]*)?"
)
"""A level word one to three fields after the known prefix (`[2020-04-03 17:25:18]: train [line:107] INFO  Epoch: 0`,
`%(asctime)s: %(module)s [line:%(lineno)d] %(levelname)s`): logging's format puts the level in the prefix, whatever
fields stand before it, so everything up to it is prefix, unless those fields hold a `name: value` pair (`_PAIR`).
Each field is taken whole (a lookahead's capture, matched again: an atomic group before Python 3.11), so a line of
one long field (`2.310371,2.270600,...`) is tried once, not split three ways (cubic: minutes on a 1 KB line)."""
_GLUED_LEVEL = re.compile(rb"[^:=\n]{0,60}?[\w.]-(?:INFO|WARNING|WARN|DEBUG|ERROR|CRITICAL)(?::|[ \t]+)")
"""A level glued to the field before it by a dash (`%(name)s - %(filename)s-%(levelname)s:%(message)s`: `-train -
unet.py-INFO:epoch: 1, dice: 0.57`, round48's EU-004), no `name: value` pair before it."""
_LEVEL_IN_PREFIX = re.compile(rb"\b(?:INFO|WARNING|WARN|DEBUG|ERROR|CRITICAL)\b")
_NAME_AFTER_LEVEL = re.compile(rb"([A-Za-z_<][\w.<>]*)[ \t]+-[ \t]+|([\w.]+(?::[\w<>]+)+)[ \t]+\|[ \t]+")
"""A logger's name after the level, then ` - ` (`... - INFO - __main__ - msg`, `INFO train.py - msg`), or the caller
as `%(filename)s:%(funcName)s:%(lineno)d` then ` | ` (round80's KF-005: `| INFO | cifar10_tutorial.py:<module>:213 |
[1,  2000] loss: 2.190`); not a split word (`INFO - Val - Loss: 0.69` is the validation's loss)."""
_PAIR = re.compile(rb"[A-Za-z_)\]][ \t]*" + _VALUE_AFTER_KEY)
"""A `name: value` or `name=value` pair: the text before a level word that holds one is content, not a prefix."""


_LOGGED_RULE = re.compile(rb"(?m)^[^\n|]*?\b" + _LEVEL + rb"\b[^\n|]*?[ \t][-=+]{10,}[ \t]*$")
"""A rule of dashes a logger wrote, behind its prefix (`2026-04-07 22:55:52,418 - INFO - -------`)."""


def _logged_tables(chunk: bytes) -> bytes:
    """The chunk with the logger's prefix taken off each line of a table it wrote (`_PIPE_TABLE`: `... - INFO - Epoch
    | Loss | Acc`, its rule, then `... - INFO - 1 | 0.4829 | 77.68%`, round80's KF-011): the header just above a logged
    rule, the rule and the `|`-separated rows below it, so the table is read as one printed bare."""
    rules = [chunk.count(b"\n", 0, rule.start()) for rule in _LOGGED_RULE.finditer(chunk)]
    if not rules:
        return chunk
    lines = chunk.split(b"\n")
    for at in rules:
        for index in range(max(at - 1, 0), len(lines)):
            end = prefix_end(lines[index])
            if not end or (index > at and b"|" not in lines[index][end:]):
                break
            lines[index] = lines[index][end:]
    return b"\n".join(lines)


def _name_of(text: bytes) -> tuple[bytes, bytes | None] | None:
    """(name, label) from the text between the previous value (or delimiter) and a value; None when no name.

    `Validation BLEU: BLEU-1` gives (`BLEU-1`, `Validation BLEU`); `'loss'` gives `loss`."""
    keyed = text.rstrip().endswith((b":", b"="))
    glued_key = text.endswith(b"=") and text[-2:-1].isalnum()
    text = _WRAPPER.sub(b"", text.rstrip())
    text = _SPLIT_TAG_LEAD.sub(rb"\1 ", text)  # `Epoch 1/200 [Train] loss: 0.74`: the split of the name after it
    text = text.rpartition(b"] ")[2] if b"] " in text.strip() else text  # `[ep 0 t= 5s vram= 5790MB] L=0.3462`
    if text.endswith(b"("):
        counter = _COUNTER_OPENS.search(text)  # `Epoch: (999), Loss : 0.005`: a counter in parentheses
        if counter is None:
            return None  # `torch.zeros(2, 5)`: a call's argument
        text = counter.group(1)
    text = text.strip(b" \t:=\"'{}<>,[]").lstrip(b")([]. \t%").strip(b" \t:=\"'{}<>,[]")  # `(98s) {'l1_loss': 0.37`: a
    # dict's first key after a closing parenthesis (round76's JQ-010); a key after the `%` of a value before it
    # (`accuracy = 68.62 %   loss = 1595.46`, round90's LB-020)
    if text.endswith(b"("):
        return None  # `tensor([[ 101, 1, 2023, ...`: a printed tensor's contents, data passed to a call
    text = text.removeprefix(b"* ").removeprefix(b"- ")  # `* Val Acc 52.3`, Markdown's `- Accuracy: 0.34`: a bullet
    text = _BANNER.sub(b"", text)  # `**** EPOCH 000 ****`, `===== Epoch 3 =====`, `#####best:` (not `**Epoch: 1**`)
    if text.startswith(b"#") and _COUNTER_NAME.match(text[1:]):
        text = text[1:]  # libFM's `#Iter=  0`: the iteration's number, its counter (`#relations: 0` is a count)
    if b"**" in text:
        text = _EMPHASIS.sub(rb"\1", text)  # Markdown's `**Train** Prec@1`: the words, not their stars
    label = None
    found = _LABEL.match(text)
    opened = _SPLIT_OPENS.match(text) if keyed else None
    if opened:  # `valid (NDCG@10: 0.61, HR@10: 0.76), test (NDCG@10: ...)`: the split names the values it opens
        label, text = opened.group(1), text[opened.end() :]
    elif found:
        label, text = found.group(1).strip(b" \t[]"), text[found.end() :]
        text = text.strip(b" \t:=\"'{}").strip().removeprefix(b"* ")  # `INFO:  * ADE 1.207`
    if not text:
        return None
    if b"(" in text:  # `mean return (last 10)`: the parenthesis one word of the name
        text = _PARENTHESIS_WORDS.sub(lambda group: b"_".join(group.group().split()), text)
    words = text.split()
    paths = [index for index, word in enumerate(words) if _PATH_WORD.match(word)]
    if paths:  # `./models/1_epochs.h5   loss:0.45`: the name starts after the path
        words = words[paths[-1] + 1 :]
        if not words:
            return None
    if label is not None and len(words) == 2 and b" " not in label and _IDENTIFIER.search(words[1]):
        words, label = words[1:], None  # `v_num: knej train_loss_step: 3.4`: `knej` is v_num's value, a code name
    # follows it (not `Discriminator: real loss: 0.70`, whose words name the value)
    if len(words) > 1 and words[0].lower() in _UNNAMING_HEADS:
        words = words[1:]  # `EPOCH[0/50] metrics PSNR=7.8079`: a heading over the names, no part of them
    if glued_key and (len(words) > MAX_NAME_WORDS or not all(_NAME_WORD.fullmatch(word) for word in words)):
        words = words[-1:]  # `--Accept update with alpha=1.0`: a `key=value` pair's key is the word glued to its `=`
    if (
        len(words) > MAX_NAME_WORDS + _counter_words(words) + _news(words) + _on_split(words)
        or not all(_NAME_WORD.fullmatch(word) or _index_word(words, at) for at, word in enumerate(words))
        or words[0][:1] == b"("
    ):
        return None
    return b" ".join(words), label


_UNNAMING_HEADS = frozenset({b"metrics", b"stats", b"statistics", b"results"})
"""Words that head a line's values without naming one (round79's KC-009: `- EPOCH[0/50] metrics PSNR=7.8079\tSSIM=`)."""


def _index_word(words: list[bytes], at: int) -> bool:
    """Whether `words[at]` is an index inside a name (`NAME_INDEX`: `eval class 0 accuracy`)."""
    before = words[at - 1] if at else b""
    return words[at].isdigit() and before.isalpha() and NAME_INDEX.match(before + b" " + words[at] + b":") is not None


def _news(words: list[bytes]) -> int:
    """1 for a name that announces a new best (`new best dev f1 score:73.820`, round47's ES-001, round46's EM-003): the
    metric's words follow `new`, and a name that long is no prose."""
    return int(len(words) > 2 and words[0].lower() == b"new" and words[1].lower() == b"best")


def _on_split(words: list[bytes]) -> int:
    """1 for a name that ends with the split it was measured on after `in` or `on` (PSMNet's `total 3-px error in
    val`): the preposition is no word of what it measures."""
    return int(len(words) > 2 and words[-2].lower() in (b"in", b"on") and _is_split(words[-1]))


FILE_PATH = (
    rb"(?:\.{0,2}/)?(?:[\w.@+-]+/)+[\w.@+-]*\."
    rb"(?:h5|hdf5|keras|pt|pth|ckpt|bin|safetensors|pkl|npy|npz|onnx|json|ya?ml|txt|log|csv|png|jpe?g|tar|gz|zip)"
)
"""A file's path (`./models/1_epochs.h5`, `ckpt/ep3.pt`): a checkpoint saved, a file written. It names no value
after it, and the numbers in it are no values (the text naming a value starts after it)."""
_PATH_WORD = re.compile(FILE_PATH + rb"$")
_IDENTIFIER = re.compile(rb"[_/.]")
"""A name written as code (`train_loss_step`, `val/acc`), not words."""
NAME_AFTER_VALUE = re.compile(rb"[ \t]+([A-Za-z][A-Za-z]*(?:[ \t][A-Za-z]+){0,2})[ \t]*(?=,|$)")
"""A cell that names its value after it, up to its comma or the line's end (`364.16 avg loss,`, `0.001 rate,`)."""
_RATE_AFTER_VALUE = re.compile(rb"[ \t]+([A-Za-z]\w*/(?:s|sec|step|it))[ \t]*(?=[-|]|$)")
"""A rate named after its value, up to the next ` - ` or `|` (SymbolicMathematics' `  267.19 equations/s -  4771.04
words/s - ARITHMETIC: 0.6156`; not a progress bar's `1/8, 9.5 task/s, elapsed: 0s`)."""
_TIME_UNIT = re.compile(rb"(?i:s|ms|secs?|seconds?|mins?|minutes?|h|hrs?|hours?)")
"""A unit after a value, not its name: DeepXDE's `'train' took 0.189981 s` is a duration."""
_TITLE_BEFORE = re.compile(rb"[ \t]*[A-Za-z]\w*:[ \t]*")
"""A title before durations each named after it (Ultralytics' `Speed: 0.2ms preprocess, 1.9ms inference, 0.0ms loss,
0.5ms postprocess per image`): no name of the first."""
_GLUED_COUNTER = re.compile(rb"[ \t]*(?i:epoch|ep|iter|iteration|step)")
"""A counter's name glued to its whole value where it opens the line, follows its counters or a delimiter after
prose (`Epoch1 Time:178.1s Loss:5.5364`, `epoch 0 iteration100, G Loss: 0.73`, `Load file: None, EP3, avg_loss=0.004`):
the counter (not `conv1`; not `TEST in epoch10`, an evaluation at the step in force)."""
_CELL_START = re.compile(rb"[,;|]")


def _glued_counter(line: bytes, position: int, match: re.Match[bytes], fields: list[Field]) -> bool:
    """Whether a whole number glued to the text before it is a counter's value (`_GLUED_COUNTER`): among the line's
    counters, before any value."""
    return (
        match.group().isdigit()
        and all(f.kind is not Kind.METRIC for f in fields)
        and _GLUED_COUNTER.fullmatch(_CELL_START.split(line[position : match.start()])[-1]) is not None
    )


_COUNTER_HASH = re.compile(rb"(?i)(?:^|[^\w])(?:epoch|ep|round|step|iter|iteration|batch)[ \t]*#$")
"""A counter's name before a number sign glued to its value (`Epoch #29`): not `GPU #0`, an identifier."""
_COUNTER_OPENS = re.compile(rb"(?i)(?:^|[ \t])(epoch|ep|round|step|iter|iteration|batch)[ \t]*:?[ \t]*\($")
"""A counter's name before the parenthesis its value opens (`Epoch: (999)`, `Epoch (3)`)."""
_NUMBERED_COUNTER = re.compile(rb"(?i)(epoch|ep|round|step|iter|iteration|batch)[ _](?:no\.?|number|idx|index)")
"""A counter's name with the word `number` after it (`Epoch no. = 1`, `batch_idx: 20`): the counter (not `num`:
PaddleOCR's `epoch_num : 500` is the total)."""
_PHASE_GLUED_COUNTER = re.compile(
    rb"(?i)(?:evaluating|evaluation|eval|validating|validation|testing|training)(epoch|step|iter|iteration)"
)
"""A phase's word a `print(..., end='')` left glued to the counter after it (SASRec.pytorch's
`Evaluatingepoch:20, time: ..`): the counter."""
_COUNTER_NAMED_AFTER = re.compile(rb"[ \t]+((?i:batch(?:es)?|steps?|iters?|iterations?|updates?|epochs?))\b")
"""A counter with its total named by the word after it (`200/ 2983 batches`: the step within the epoch; `1/10 epoch`:
the epoch)."""
_BANNER = re.compile(rb"^(?:[*=~]{2,}[ \t]+|#{2,}[ \t]*)")
_EMPHASIS = re.compile(rb"(?<![*\w])\*\*([A-Za-z][\w ]*?)\*\*(?![*\w])")
_SPLIT_TAG_LEAD = re.compile(rb"^[ \t]*\[(" + SPLIT_WORD + rb")\][ \t]*")
_SPLIT_OPENS = re.compile(rb"^(" + SPLIT_WORD + rb")[ \t]*\([ \t]*(?=[A-Za-z])")
_NAME_PARTS = re.compile(rb"[ \t_/.-]+")
"""The words of a name (`eval_loss`, `val/acc`): one that holds a split word needs no qualifier (`Test Results:
{'eval_loss': ..}` is `eval_loss`)."""


TRAIN_WORDS = frozenset(word for word, split in ROLE_SPLITS.items() if split == "train")
"""Split words of the training split: its values keep their bare names (`train Loss: 0.5` -> `Loss`)."""


def is_train(word: str | bytes) -> bool:
    """Whether a split word (a name's qualifier, a line's label) names the training split."""
    return (word.decode(errors="replace") if isinstance(word, bytes) else word).lower().removesuffix(".") in TRAIN_WORDS


def _is_split(word: bytes) -> bool:
    """A split word, in brackets or abbreviated with a dot too (`[val]`, `(test)`, `Val.`, `Train.`)."""
    return word.lower().strip(b"[]()").removesuffix(b".") in SPLIT_WORDS


_LEADING_RULE = re.compile(rb"[ \t]*[-=*#~]{2,}[ \t]+")
"""A rule of two or more dashes (equals signs, stars...) opening a line's content, a blank after it."""


def parse_content(line: bytes, start: int) -> list[Field]:
    """The fields of `line[start:]` in order (see the module docstring)."""
    fields: list[Field] = []
    member = _JSON_MEMBER.match(line, start)
    whole = member is not None and line[start:].strip().startswith(b"{") and line.rstrip().endswith(b"}")
    if _ECHO.search(line, start) or (member and not whole and not _measured_member(member)):
        return fields  # a dump's member; not a whole dict of one member (spaCy's `{'ner': 172.95}`)
    if sentence := _SENTENCE_NAMED.fullmatch(line, start):  # `Accuracy of plane : 57 %` (PyTorch's CIFAR tutorial)
        phrase = b" ".join(sentence.group("name").split())
        if _names_a_measure(phrase):
            at, percent = sentence.span("value"), sentence.group("unit") or b""
            return [Field(Kind.METRIC, phrase.decode().replace(" ", "_"), *at, *at, None, percent)]
    head = _HEAD_SPLIT.match(line, start)
    position = head.end() if head else start  # where the text naming the next value begins (after `[train]`)
    if rule := _LEADING_RULE.match(line, position):
        position = rule.end()  # `--- Epoch 1/200 ---`: a banner's rule, no part of the name after it
    lead = None if head else _LEAD_SPLIT.match(line, start)
    leading = lead.group(1) if lead else None
    qualifier: bytes | None = head.group(1) if head else None
    previous: Field | None = None
    carried: tuple[tuple[bytes, bytes | None] | None, int] | None = None
    owner: list[bytes] = []  # the name the line's counters belong to (`Loss at epoch 0 and iteration 500 is 0.21`)
    led: Field | None = None  # a number leading the line taken for its step (`19072 train 2.941178`)
    skip_to = start
    for match in _VALUE.finditer(line, start):
        begin = match.start()
        if begin < skip_to:
            continue
        if begin > start and line[begin - 1 : begin + 1] == b"[[":  # a matrix (`cm=[[2, 1], [2, 0]]`): no value
            close = line.find(b"]]", begin)
            position = skip_to = close + 2 if close >= 0 else len(line)
            continue
        duration = _COMPOUND_DURATION.match(line, begin)
        if duration is not None and (begin == start or line[begin - 1] in _BEFORE_VALUE_OK):
            position = skip_to = duration.end()
            continue
        if begin > start and line[begin - 1 : begin] == BAR_POSITION and match.group("num") is not None:
            position = match.end()
            span = match.span("total") if match.group("total") else None
            fields.append(Field(Kind.STEP, "bar", begin, match.end("num"), *match.span("num"), span, shape="bar"))
            continue
        sign_free = begin + 1 if line[begin : begin + 1] in (b"-", b"+") else begin
        bracketed = match.group("brc") is not None or (
            match.group("first") is not None and match.group("first").isdigit()
        )
        spread = line[begin - 2 : begin] in PLUS_MINUS and line[match.end() : match.end() + 1] != b"="  # not `±1=96%`
        glued = begin > start and line[begin - 1] not in _BEFORE_VALUE_OK and not spread
        hashed = glued and line[begin - 1] == ord("#") and _COUNTER_HASH.search(line, start, begin) is not None
        if glued and (hashed or _glued_counter(line, position, match, fields)):
            glued = False  # `Epoch #29`, `Epoch1 Time:178.1s`: a counter's value glued to its name
        elif glued and match.group("list") is not None and _WORD_END.match(line, begin - 1):
            glued = False  # `g[18.519,19.388]`: values listed right after their name (the GAN tutorials' prints)
        elif glued and _DECIMAL.fullmatch(match.group()) and _LOSS_GLUED.search(line, max(start, begin - 5), begin):
            glued = False  # LightGCN's `EPOCH[3/15] loss0.553-|Sample:0.05|`: a loss's decimal glued to its name
        if glued and not bracketed:
            continue  # `lr1e-3`, `pal1`; but a counter in brackets may follow its name (`Epoch[1] Iteration[20/368]`)
        if sign_free != begin and begin > start and line[begin - 1 : begin] not in (b" ", b"\t", b":", b"=", b"("):
            continue
        tail = match.end()
        glued_counters = match.group("brc") is not None and _COUNTER_IN_PARENS.match(line, tail) is not None
        if tail < len(line) and _AFTER_VALUE_BAD.match(line, tail) and not match.group("unit") and not glued_counters:
            continue
        if _IN_NAMED_PARENTHESIS.match(line, tail) and _OPEN_WORDS.search(line, position, begin):
            continue  # `mean return (last 10) = -284.17`, `Acc (top 5): 93.1`: a number inside the name
        if index_in_name(line, begin, tail, position):
            continue  # `eval class 0 accuracy: 0.25`: an index inside the name
        colons = line[begin - 1 : begin] == b":" and line[tail : tail + 1] == b":"
        if begin > start and colons and match.group().isdigit():
            continue  # `file.py:30:`, `<string>:30:`: a line number (`loss:228.90:` is a value)
        if _CLOCK_OR_ID.match(line, tail) or _VERSION_CONSTRAINT.search(line, max(start, begin - 2), begin):
            continue  # `eta 0:00:00`, a bus id `0000:8a:00.0`; a requirement `click>=7.0` gives a version
        seconds = len(match.group()) == 2 and match.group().isdigit()
        if seconds and _CLOCK_END.search(line, max(start, begin - 2), begin):
            continue  # `0:00:03 elapsed`: the clock's seconds, not a value named by the word after it
        between = line[position:begin]
        delimited = list(_DELIMITER.finditer(between))
        last = delimited[-1] if delimited else None
        number_sign = last is not None and last.group().strip() == b"#" and not between[last.end() :].strip()
        if number_sign:
            delimited.pop()  # `Epoch # 3: loss=0.01`: a number sign before the value, no delimiter
        named_text = between[delimited[-1].end() :] if delimited else between
        cell = last is not None and last.group().strip() in (b",", b"", b"-")  # after a comma, a tab, a lone dash
        if not named_text.strip() and last is not None and cell and not number_sign:
            before = between[delimited[-2].end() if len(delimited) > 1 else 0 : last.start()].strip()
            before = before.removesuffix(b":").rstrip()
            if _CELL_NAMED.fullmatch(before):  # a name alone: `step 10, loss_train, 0.838`, `lr:\t0.001\tLoss\t1.79`,
                named_text = before  # first-order-motion-model's `bce - 0.54012; grad_norm - 0.81`
        if number_sign or hashed:
            named_text = named_text.rstrip().removesuffix(b"#")
        said = named_text.rstrip().removesuffix(b":").rstrip()
        if said.endswith(b" is") and (
            said != named_text.rstrip()
            or _CLAUSE_END.match(line, tail)
            or _NEXT_CLAUSE.match(line, tail)
            or _COUNTER_CLAUSE.match(line, tail)
        ):  # `val loss is 0.047, val mse is 0.024.`, `loss is: 2.50`, `Loss is 3.8 Acc is 0.5`
            named_text = said[:-3]
        named_text = _END_OF.sub(b" at ", named_text)  # `is 19.46 at the end of epoch 0`: the value's epoch
        if clock := _CLOCK_BEFORE.match(named_text):
            named_text = named_text[clock.end() :]  # `eta: 0:05:22  iter: 19`: the name starts after the clock
        naming = _name_of(named_text)
        if match.group("unit") in (b"ms", b"s") and _TITLE_BEFORE.fullmatch(line, position, begin):
            naming = None if NAME_AFTER_VALUE.match(line, tail) else naming  # `Speed: 0.2ms preprocess, 1.9ms ...`
        if previous is not None and previous.kind is Kind.METRIC and named_text.strip() in PLUS_MINUS:
            naming = (previous.name.encode() + b"_std", None)  # `val_dice=0.713 ± 0.267`: the spread of the value
        if delimited and qualifier is None and not any(f.kind is Kind.METRIC for f in fields):
            # a cell of one split word before the name: `Epoch 1 Validation - Loss: 18.49`, a pipe-delimited one in
            # DeepSpeech's `Epoch 0 | Validation | Elapsed Time: 0:00:11 | Steps: 31 | Loss: 12.45` (round53's FO-011),
            # a word alone between two delimiters: `Epoch: 1, \t Valid, Loss: 2.23` (round76's JP-007)
            lead_words = between[: delimited[-1].start()].split()
            piped = [
                between[a.end() : b.start()].split()
                for a, b in itertools.pairwise(delimited)
                if a.group().strip() == b.group().strip() == b"|"
            ]
            last_cell = between[delimited[-2].end() : delimited[-1].start()].split() if len(delimited) > 1 else []
            cells = [lead_words, *piped, *([last_cell] if len(last_cell) == 1 and last_cell[0].isalpha() else [])]
            split_cell = next((w[0] for w in cells if len(w) == 1 and _is_split(w[0]) and not is_train(w[0])), None)
            if split_cell is not None:
                qualifier = leading = split_cell
        handed = carried is not None and carried[1] == begin  # the value a fraction or counter before it named
        naming = carried[0] if handed and carried is not None else naming
        carried = carried if carried is not None and carried[1] > begin else None  # kept past a counter between
        tagged = _SPLIT_TAGGED.match(line, tail) if naming is None else None
        if tagged and previous is not None and previous.kind is Kind.METRIC and _SPLIT_TAG_BEFORE.fullmatch(between):
            # `loss 0.095 (train), 0.048 (dev)`: the value after a split-tagged one is its name's on the split it names
            per_split = f"{previous.name.split('_(')[0]}_({tagged.group(1).decode()})"
            fields.append(Field(Kind.METRIC, per_split, begin, tail, *match.span(), None, b"", "num"))
            position = tail
            continue
        if match.group("brc") is not None:
            position = tail
            field = _bracket_counter(match, naming, previous, fields)
            if field is not None:
                fields.append(field)
                previous = field
            if naming is not None and _is_split(naming[0].split()[-1]):
                qualifier = naming[0]
            continue
        if previous is not None and not delimited and named_text.strip() in (b"(", b"") and not handed:
            position = tail
            continue  # a running average `Loss 4.28 (4.31)`, a second number: not a field of its own
        position = tail
        if naming is None:
            first = match.group("first")
            bare = first is not None and first.isdigit() and match.group("list") == b"[" + first + b"]"
            if bare and not fields and not line[start:begin].strip() and _NAMED_AFTER.match(line, tail):
                step = Field(Kind.STEP, "step", begin, tail, *match.span("first"), None, b"", "bracket")
                fields.append(step)  # `[10] img_sec=178.3, train_loss=0.66` (flax/CLU's logging_writer)
                previous = step
                continue
            if (
                match.group().isdigit()
                and not fields
                and line[start:begin].strip() in (b"", b">")
                and _LEADS_NAMED.match(line, tail)
            ):
                step = led = Field(Kind.STEP, "step", begin, tail, begin, tail)
                fields.append(step)  # `0 [D loss: 0.69, acc.: 56.25%] [G loss: 1.28]` (Keras-GAN's print)
                previous = step
                continue
            pair = _COUNTER_PAIR.fullmatch(match.group("list") or b"")
            if pair and not fields and not line[start:begin].strip() and _NAMED_AFTER.match(line, tail):
                of_epoch = Field(Kind.EPOCH, "epoch", begin, tail, begin + pair.start(1), begin + pair.end(1), None)
                within = Field(Kind.STEP, "iter", begin, tail, begin + pair.start(2), begin + pair.end(2), None)
                fields += [of_epoch, within]  # `[1,  2000] loss: 2.173` (PyTorch's CIFAR-10 tutorial)
                previous = within
                continue
            number = match.group("num")
            if (
                number is not None
                and number.isdigit()
                and match.group("total") is None
                and not fields
                and not line[start:begin].strip()
                and any(after.match(line, tail) for after in (_NAME_VALUE_AFTER, _VALUE_AFTER_COLON, _DELIMITED_NAMED))
            ):  # `19072 train 2.941178`, `100 loss 0.52`, darknet's `6: 364.54, 364.16 avg loss`: led by its step
                step = led = Field(Kind.STEP, "step", begin, tail, *match.span("num"), None, b"", "num")
                fields.append(step)
                previous = step
                position += line[position : position + 1] == b")"  # `00000003) perceptual - 54.96`: a numbered line
                continue
            if (
                not fields
                and match.group("total")
                and (
                    _ALONE.fullmatch(line[start:begin] + line[tail:])  # ` -- 010 / 2297 --`: a counter alone
                    or (not line[start:begin].strip() and _BAR_AFTER.match(line, tail))  # `96/11408 [...] - ETA: 9:09`
                )
            ):  # the step of the line (a Keras Progbar's) or of the lines below it
                step = Field(Kind.STEP, "step", begin, match.end("num"), *match.span("num"), match.span("total"))
                fields.append(step)
                previous = step
                continue
            named_after = (
                (NAME_AFTER_VALUE.match(line, tail) or _RATE_AFTER_VALUE.match(line, tail))
                if match.group("total") is None
                else None
            )
            if named_after is not None and (
                not line[position:begin].strip(b" \t,;|-") or _TITLE_BEFORE.fullmatch(line, position, begin)
            ):
                # darknet's `6: 364.54, 364.16 avg loss, 0.001 rate`: a cell that names its value after it
                name = named_after.group(1).strip()
                things = named_after.re is NAME_AFTER_VALUE and not match.group("unit")  # not `0.2ms preprocess`
                if (
                    not _NOT_METRIC_NAME.search(name)
                    and not _CONFIG_CONSTANT.fullmatch(name)
                    and not _TIME_UNIT.fullmatch(name)
                    and not (things and _COUNT_OF_THINGS.match(line, tail))
                ):
                    value_span = match.span("num") if match.group("num") is not None else match.span()
                    field = Field(Kind.METRIC, name.decode().replace(" ", "_"), begin, tail, *value_span, None,
                                  match.group("unit") or b"", "num")  # fmt: skip
                    fields.append(field)
                    previous = field
                position = named_after.end(1)
                continue
            if match.group("total") and (word := _COUNTER_NAMED_AFTER.match(line, match.end())):
                # PyTorch's word_language_model: `| epoch 1 |   200/ 2983 batches | lr 20.00 | loss 7.63`; a GAN's
                # `1/10 epoch G_loss : 4.37`: the counter's word names no value after it
                epoch = word.group(1).lower().startswith(b"epoch")
                kind, name = (Kind.EPOCH, "epoch") if epoch else (Kind.STEP, "step")
                step = Field(kind, name, begin, match.end("num"), *match.span("num"), match.span("total"))
                fields.append(step)
                previous = step
                position = word.end()
                continue
            if (
                previous is not None
                and previous.kind is Kind.EPOCH
                and match.group("total")
                and not line[previous.end : begin].strip(b" \t:")
            ):  # fairseq's `epoch 001:    100 / 1000 loss=9.817`: the update within the epoch, with its total
                step = Field(Kind.STEP, "iter", begin, match.end("num"), *match.span("num"), match.span("total"))
                fields.append(step)
                previous = step
                continue
            if head is not None and not fields and match.group("total"):
                closed = head.group().rstrip().endswith((b"]", b")"))
                # `[ Valid | 001/100 ]`, `[train] [3/10]`: the epoch; `[Training] 1/160 [==>...]`: a bar's batch
                kind, name = (
                    (Kind.EPOCH, "epoch")
                    if b"[" in line[head.end() if closed else start : begin]
                    else (Kind.STEP, "step")
                )
                counter = Field(kind, name, begin, match.end("num"), *match.span("num"), match.span("total"))
                fields.append(counter)
                previous = counter
            continue
        name, label = naming
        words = name.split()
        if label is not None:
            label = _SPLIT_SET.sub(rb"\1", label)  # `Test set: Average loss: 4.40`: the split, not prose's `set`
            label_words = [w for w in label.split() if _is_split(w)]
            if label_words:
                qualifier = label_words[0]
                whole = label_words == label.split() or _ON_A_SET.search(label) is not None
                if whole and not is_train(qualifier):  # `[Epoch 0] validation: top1=0.17`; the HAR LSTM notebook's
                    leading = qualifier  # `PERFORMANCE ON TEST SET: Batch Loss = 2.15, Accuracy = 0.29`
        closing = False  # `loss is 0.52 at epoch 3`: the counter the values before it were measured at
        counted = 1 + _ends_in_two_word_counter(words)  # the counter's words: `in global step 33` has two
        stepped = previous is not None and previous.kind is Kind.STEP and words[0].lower() in (b"of", b"in")
        if len(words) > 1 and _COUNTER_NAME.match(words[-1]) and (match.group("total") is None or stepped):
            chained = words[0].lower() == b"and" and len(words) == 2 and bool(owner)
            owner = owner if chained else _counter_head(words[:-counted])
            then = _THEN_VALUE.match(line, tail) or _COUNTERS_THEN_VALUE.match(line, tail)
            closing = len(words) == 2 and words[0].lower() in (b"at", b"after", b"in") and then is None
            closing = closing and (any(f.kind is Kind.METRIC for f in fields) or not fields)  # `at epoch 1` leading
            # its line (Recommenders' `at epoch 1 , train time: 1.0`): the counter the line is at
            closing = closing or (len(words) == 2 and stepped)  # DLRM's `Finished training it 20/96 of epoch 0,`: the
            # epoch the step before it counts within, its total printed or not (`Iteration 0/80 of epoch 0/10`)
            if owner and then is not None:  # `Loss for Iter 51: 0.39`: the counter, then the value of `Loss`
                carried = ((b" ".join(owner), label), then.end())
            if (owner and (then is not None or chained)) or closing:  # `Loss at epoch 0 and iteration 500 is 0.21`
                words = words[-counted:]
                name = b" ".join(words)
        loop_index = name == b"i" and not fields and (match.group("num") or b"").isdigit()  # `i=50  total=3.64`
        part = len(name) == 1 and previous is not None and previous.kind is Kind.METRIC and b"." in match.group()
        part = part and line.count(b"(", start, begin) > line.count(b")", start, begin)  # `loss=1.86 (p=1.70 v=0.16)`:
        # the lettered parts of a value (AlphaZero's policy and value losses), in its parenthesis, decimals (`(n=100)`
        # is a count)
        stepping_count = _COUNTER_NAME.match(name) is not None  # `num_updates 20`: the step, no count of things
        split_words = words[1:] if len(words) > 2 and words[0].lower() in _AVERAGED else words  # `average training
        # of epoch 0: loss 1.39` (pytorch_DGCNN's): the split's epoch
        split_counter_name = (
            qualifier is None
            and (len(split_words) == 2 or (len(split_words) == 3 and split_words[1].lower() in _LINKING_WORDS))
            and _is_split(split_words[0])
            and _COUNTER_NAME.match(words[-1]) is not None
        )  # `test epoch:0 || Loss:4.3`: test's Loss; `TRAIN in epoch 0 , step 750, loss = 2.68`: train's epoch
        class_loss = name.lower() == b"class" and b"." in match.group()  # Mean Teacher's `Class 0.1866 (0.1866)`:
        # its class loss's meter, where a class's index is whole (`Class 3`)
        exempt = loop_index or part or stepping_count or split_counter_name or class_loss
        if (_NOT_METRIC_NAME.search(name) and not exempt) or (label is not None and _NOT_METRIC_NAME.search(label)):
            continue
        if (
            _CONFIG_CONSTANT.fullmatch(name)
            and not measured_key(name.decode())
            and not any(field.kind is Kind.METRIC for field in fields)
        ):
            continue
        listed = "first" if match.group("first") is not None else "tuple"  # `[0.001]`, `(2.000e-04,)`
        if match.group("tuple") is not None and match.group("tuple").isdigit():
            continue  # `shape = (64, 64)`, `(10,)`: a tuple of integers is a shape, not a value
        value = match.group(listed) if match.group("list") is not None else match.group("num")
        value_start = match.start(listed) if match.group("list") is not None else match.start("num")
        total_span = match.span("total") if match.group("total") else None
        kind = Kind.METRIC
        split_counter = _SPLIT_COUNTER.fullmatch(name)
        if split_counter is not None:  # `Epoch(val) [1][196]` (mmcv): the epoch of a validation, not a metric
            name, words = split_counter.group(1), [split_counter.group(1)]
        lowered = name.lower().replace(b" ", b"_")
        if split_counter_name:
            qualifier, name, words = split_words[0], words[-1], words[-1:]
            lowered = name.lower()
        elif qualifier is None and len(words) == 2 and _COUNTER_NAME.match(words[0]) and _is_split(words[1]):
            qualifier, name, words = words[1], words[0], words[:1]  # `Epoch train: [0/14], Step train: [1/92]`
            lowered = name.lower()
        after_epoch = any(f.kind is Kind.EPOCH for f in fields) and lowered in (b"iters", b"steps")
        heading = not fields and _PHASE_EPOCH_AFTER.match(line, tail) is not None  # `Fine-Tune Epoch 1 | Train..`
        heading = heading or (not fields and _LONE_BRACKETED.fullmatch(match.group("list") or b"") is not None)  # a
        # phase's epoch in brackets leading its line (DeepSpeech's `Training Summary Epoch: [3]  Time taken (s): ..`)
        stepping = total_span is not None or words[-1].lower() not in EPOCH_WORDS or heading or closing  # an epoch
        # needs its total, unless it closes the values before it
        stepping = stepping and not named_text.rstrip().endswith((b"<", b">", b"==", b"!="))  # code: `if step > 0:`
        if len(words) > 1 and _COUNTER_NAME.match(words[-1]) and value.isdigit() and stepping and b"per" not in words:
            # `Updating ema batch 2/9000`, `rollout batch 0 generated`, `current self-play batch: 50`: the counter is
            # the last word (not `samples per step: 256`, a rate; `resumed epoch 3, iter 7317` is no epoch header)
            name, words = words[-1], words[-1:]
            lowered = name.lower()
        numbered = _NUMBERED_COUNTER.fullmatch(name) or _PHASE_GLUED_COUNTER.fullmatch(name)
        if numbered is not None and b"." not in value:  # `Epoch no. = 1`, `batch_idx 20`: the counter
            name, words = numbered.group(1), [numbered.group(1)]
            lowered = name.lower()
        spaced = None if fields else _NAMESPACED_COUNTER.fullmatch(name)
        if spaced is not None and b"." not in value:  # `runtime.step=50, runtime.steptime=2.165, loss.cls_loss=45.38`
            name, words = spaced.group(1), [spaced.group(1)]  # (SECOND's): a line's counter under its namespace
            lowered = name.lower()
        first_counter = not fields and (name == b"s" or name.lower() in _LEADING_COUNTERS)  # `s:100 trl:3.41`
        first_counter = first_counter or (
            _PLURAL_COUNTER.fullmatch(name) is not None
            and (total_span is not None or (not fields and _NAME_VALUE_AFTER.match(line, tail) is not None))
        )  # `Iters: 10/20000 || Lr: ..`, DeepSpeed's `steps: 10 loss: 2.3456` (not `Total steps: 50`)
        if (
            (_COUNTER_NAME.match(name) or after_epoch or first_counter)
            and b"." not in value
            and b"e" not in value.lower()
        ):
            kind = Kind.EPOCH if words[-1].lower().rpartition(b"_")[2] in EPOCH_WORDS else Kind.STEP
        elif len(words) == 1 and _is_split(name) and value.isdigit():
            sized = fields or label is not None or named_text.rstrip().endswith((b":", b"="))
            if sized and not (not fields and _COUNTER_IN_BRACKETS.match(line, tail)):
                continue  # `Train: 93, Val: 1869`: sizes of the splits (not timm's `Train: 3 [  50/1251 (  4%)]`)
            kind, lowered = Kind.EPOCH, b"epoch"  # `Train 0, loss: 2.68`: the epoch, named by its split
        elif total_span is not None:
            share = _SHARE_AFTER.match(line, tail)
            ratio = line[tail : tail + 1] == b"="
            if ratio:
                carried = (naming, tail + 1)  # `HellaSwag accuracy: 2497/10042=0.2487`: the ratio is the value
            elif share is not None:
                carried = (naming, share.end())  # `Accuracy: 372/10000 (3.72%)`: the percentage is the value
            if ratio or share or not _fraction_of_a_measure(name, value, line[slice(*total_span)]):
                continue  # `2497/10042` of something: a fraction, not a value of its own
        if glued and kind is Kind.METRIC:
            continue  # `layer[3]`: an index, not a value
        if kind is Kind.METRIC and (arrow := _CHANGED_TO.match(line, tail)) is not None:
            carried = (naming, arrow.end())  # `learning rate 0.0002000 -> 0.0001980`: the value it changed to
            continue
        if kind is Kind.METRIC and value.isdigit() and _COUNT_OF_THINGS.match(line, match.end()):
            continue  # `Train on 60000 samples`, `Val : 9833 segments`: a count of things, not a measurement
        if kind is Kind.METRIC and value.isdigit() and _ID_NAME.search(name):
            continue  # `run_id: 3`, `device id 0`: an identifier (SimSwap's identity loss `G_ID: 0.130` is a value)
        if kind is Kind.METRIC and value.isdigit() and _NUMBERED_ITEM.match(line, tail):
            continue  # `Context 1: The quick brown fox...`: the number of an item printed, not a measurement
        keyed = named_text.rstrip(b" \t\"'").endswith(b"=")  # `key=value`: the key is the whole name
        if (
            keyed
            and kind is Kind.METRIC
            and qualifier is None
            and leading is None
            and len(words) == 2
            and _is_split(words[0])
            and fields
            and all(f.kind is not Kind.METRIC for f in fields)
            and not _ANY_SPLIT.search(line, tail)
        ):  # `[Epoch 000] Val    loss=0.21  acc=0.92  f1=0.82`: after the line's counters, a split opening its first
            leading = words[0]  # `key=value` pair labels the line's pairs, when the line names no other split
        qualifying = head.group(1) if head else leading if leading else (qualifier if not keyed else None)
        # `[train] epoch:3 loss:0.5`, `Train Epoch 1 --- acc:0.84`: training values keep their bare names
        if qualifying is not None and is_train(qualifying):
            qualifying = None
        if kind is Kind.METRIC and qualifying is not None and not any(map(_is_split, _NAME_PARTS.split(name))):
            name = qualifying + b" " + name
        if kind is Kind.METRIC:
            name = _ABBREVIATION_DOT.sub(b"", name)  # `Val. NLL` is `Val_NLL`, as a header's `Valid. Loss` is
        field = Field(
            kind,
            name.decode("utf-8", "replace").replace(" ", "_") if kind is Kind.METRIC else lowered.decode(),
            match.start(),
            match.end("num") if match.group("num") is not None else match.end(),
            value_start,
            value_start + len(value),
            total_span,
            match.group("unit") or b"",
            "list" if match.group("list") is not None else "fraction" if total_span and kind is Kind.METRIC else "num",
            qualifier.decode("utf-8", "replace") if qualifier is not None and kind is not Kind.METRIC else None,
        )
        if split_counter is not None and kind is not Kind.METRIC:
            field.qualifier = split_counter.group(2).decode()
        fields.append(field)
        previous = field
    if led is not None and any(f.kind is not Kind.METRIC for f in fields if f is not led):
        fields.remove(led)  # `10 epoch: 1 step: 1 total_loss: 0.72` (MindSpore's time, then its counters): no step
    epochs = [f for f in fields if f.kind is Kind.EPOCH]
    if len(epochs) == 2 and epochs[0].shape == "bracket" and epochs[0].total is not None:
        epochs[0].kind, epochs[0].name = Kind.STEP, "step"  # `[0/251] running loss of epoch 0 is : 1.55`: the batch
    steps = [f for f in fields if f.kind is Kind.STEP]
    if not epochs and len(steps) == 2 and steps[0].total is None and steps[1].total is not None:
        steps[0].kind, steps[0].name = Kind.EPOCH, "epoch"  # `iteration:1 step:100/23196`: passes, then their batches
    if any(f.shape == "bar" for f in fields) and (
        sum(1 for f in fields if f.kind is not Kind.METRIC) > 1 or not any(f.kind is Kind.METRIC for f in fields)
    ):
        fields = [f for f in fields if f.shape != "bar"]  # the description's own counter is the values' step
    if _BEST_TITLE.match(line, start) and not any(_RUNNING_BEST.search(f.name) for f in fields):
        fields = [f for f in fields if f.kind is Kind.METRIC]  # the best's epoch: where it was, no step of the run
        for field in fields:
            field.name = f"best_{field.name}"
    return _split_repeats(_row_named(line, start, fields))


_BEST_TITLE = re.compile(
    rb"(?i)[ \t]*(?:(?:[a-z]+[ \t]+)?best(?:[ \t]+[a-z]+)?"
    rb"(?:[ \t]+(?:in|at)[ \t]+(?:epoch|iter|step)[ \t]+[0-9]+)?[ \t]*:"
    rb"|(?:max|min)[ \t_]+(?:epoch|iter|step)\b)"
)
"""A title naming a running best before the values it holds (`Best result:  {'epoch': 0, 'loss': 0.94, 'acc': 0.53}`,
DiffPool's train.py each epoch; `best so far: acc 0.81`; a running extreme at its epoch, PSMNet's finetune.py's `MAX
epoch 1 total test error = 38.387` printed again after each epoch): those values are the best's (`best_loss`), no new
point of the run's curves, and its epoch is where the best was, no step (`Best Performance in Epoch 25: av_auc:0.87`,
round81's KI-022). Not `best epoch 30  val 94.71%  test 93.98%` printed once at the end (round79's KD-011): the best
checkpoint's test, measured then."""
_RUNNING_BEST = re.compile(r"(?i)(?:^|_)best(?:_|$)")


def _fraction_of_a_measure(name: bytes, count: bytes, total: bytes) -> bool:
    """Whether `count/total` after a measure's name is its value as a share (`Accuracy: 5/6`, `valid acc 1/16`:
    `print(f"Accuracy: {correct}/{total}")`): whole numbers, the count at most the total."""
    said = set(name_words(name.decode("utf-8", "replace")))
    whole = count.isdigit() and total.isdigit()
    return bool(ACCURACY_WORDS & said) and whole and int(total) > 0 and int(count) <= int(total)


def _row_named(line: bytes, start: int, fields: list[Field]) -> list[Field]:
    """The values of a row a label opens (`Category: name Accuracy 0.182 Recall 0.004`, conlleval's `LOC: precision:
    7.08%; recall: 0.77%`) are that row's (`name_Recall`, `LOC_recall`), not more points of the overall line's
    `Recall` above them: each class's measures are series of their own."""
    row = _ROW_LABEL.match(line, start)
    if row is None or not any(f.kind is Kind.METRIC for f in fields):
        return fields
    label = row.group("keyed") or row.group("caps")
    if _is_split(label) or _COUNTER_NAME.match(label):
        return fields
    prefix = f"{label.decode()}_"
    for field in fields:
        if field.kind is Kind.METRIC and not field.name.startswith(prefix):
            field.name = prefix + field.name
    return fields


def _split_repeats(fields: list[Field]) -> list[Field]:
    """A name printed again on one line after a held-out split's metric is that split's (`Train Loss 6.49 (PPL:
    655.8) | Val Loss 5.67 (PPL: 290.8)`: the second `PPL` is `Val_PPL`), not a second value of the first."""
    names = [field.name for field in fields if field.kind is Kind.METRIC]
    if len(set(names)) == len(names):
        return fields  # no name printed twice: the common line, left as it is
    seen: set[str] = set()
    split: str | None = None
    for field in fields:
        if field.kind is not Kind.METRIC:
            continue
        parts = _NAME_PARTS.split(field.name.encode())
        named = next((part for part in parts if _is_split(part)), None)
        if named is not None:
            split = None if is_train(named) else named.decode()
        elif field.name in seen and split is not None:
            field.name = f"{split}_{field.name}"
        seen.add(field.name)
    return fields


_CLAUSE_END = re.compile(rb"[ \t]*(?:[,;.][ \t]|[,;.]?[ \t]*$)")
"""A value that ends its clause (`, `, `. `, the line's end): after `name is` it is the name's value (`Epoch 0, val loss
is 0.0477, val mse is 0.0242.`, `avg loss so far is 0.1098`), as after `name is:` and before another `name is` (`Loss
is 3.85 Acc is 0.52`); one with a unit or more words after it (`max GPU_mem cost is 3806.5 MB`, `the best AP is 0.00
at epoch 3`) stays prose."""
_NEXT_CLAUSE = re.compile(rb"[ \t]+[A-Za-z_]\w*[ \t]+is[ \t:]")
_COUNTER_CLAUSE = re.compile(rb"(?i)[ \t]+(?:at|for|in|after)[ \t]+(?:the[ \t]+end[ \t]+of[ \t]+)?(?:epoch|step|iter)")
"""A value whose clause ends with its counter (`Average training loss is 19.46 at the end of epoch 0`, round30's
CK-012; `loss is 0.52 at step 300`) is the name's value too."""
_END_OF = re.compile(rb"(?i)(?:^|[ \t])(?:at|after)[ \t]+the[ \t]+end[ \t]+of[ \t]+(?=(?:epoch|step|iter))")
"""`at the end of epoch 0` after a line's values: `at epoch 0`, the counter they were measured at."""
_ALONE = re.compile(rb"[ \t*=~#-]*")
"""What may stand around a counter alone on its line: blanks and a banner's dashes or stars."""
KERAS_BAR = rb"(?:\[[=>.]*\][ \t]+-|-{2,}|={2,})"
"""A Keras `Progbar` after its counter: Keras 2's `[=====>....] -`, or Keras 3's `━` rule, drawn as `--`
(`_DRAWN_RULE`), or as the `=` a Windows console's code page puts in its place (round83's KN-015: ` 82/131
==================== 59s 1s/step - accuracy: ...`)."""
_BAR_AFTER = re.compile(rb"[ \t]+" + KERAS_BAR + rb"[ \t]+(?:ETA:|[0-9]+(?::[0-9][0-9])*(?:m?s)?\b)")
"""A Keras `Progbar` after the counter that leads its line, running (`32/11408 [=>...] - ETA: 9:09`, Keras 3's ` 1/89
-- 19:37 13s/step`) or drawn at the epoch's end (`11408/11408 [=====] - 60s`): the counter is the step (the text reader
puts an end line on the epoch axis where no redraw of its bar is in the log: `text._KERAS_BAR`)."""
_COUNTER_IN_BRACKETS = re.compile(rb"[ \t]*\[[ \t]*\d+[ \t]*/[ \t]*\d+")
"""A step counter with its total in brackets right after a value: that value is the epoch (timm's `Train: 3 [  50/1251
(  4%)]  Loss: 6.612`)."""
_NAMED_AFTER = re.compile(rb"[ \t]+[A-Za-z_][\w./@-]*(?:'s[ \t]+[A-Za-z_][\w./@-]*)?[ \t]*[:=]")
"""A bare `[10]` heading a line is the step of the values after it when a named value follows (`[10] loss=0.6`,
XGBoost's `[50]	train-ndcg@3:0.60111	val-ndcg@3:0.64494`, LightGBM's `[10]	valid_0's auc: 0.851`)."""
_LEADS_NAMED = re.compile(rb",?[ \t]+\[?[A-Za-z_][\w.@-]*(?:[ \t]+[A-Za-z_][\w.@-]*)?(?:[ \t]*[:=]|\[[ \t]*[-+.\d])")
"""A bare whole number leading a line is the step of the named values after it, bracketed or not (eriklindernoren's
Keras-GAN, `print("%d [D loss: %f, acc.: %.2f%%] [G loss: %f]" % (epoch, ...))`; `100 loss: 0.52`), or after a `>`
(the Machine Learning Mastery GAN tutorials' `print('>%d, d1[%.3f] d2[%.3f] g[%.3f]' % (i + 1, d_loss1, ...))`)."""
_DECIMAL = re.compile(rb"[0-9]+\.[0-9]+")
_LOSS_GLUED = re.compile(rb"(?<![A-Za-z])(?i:loss)$")
"""The word `loss` right before a value, glued to it (gusye1234/LightGCN-PyTorch's `f"loss{aver_loss:.3f}"`, and the
recommenders built on its code): the decimal (`_DECIMAL`) is the loss's. Other words glued to a number are names
(`pal1`, `lr1e-3`, `g_loss0: 6.20`)."""
_WORD_END = re.compile(rb"\w\[")
"""A name right before a `[`: the values listed after it are its (`g[18.519,19.388]`), the first one read."""
_SENTENCE_NAMED = re.compile(
    rb"[ \t]*(?P<name>[A-Za-z][\w-]*(?:[ \t]+[\w.@-]+){1,9}?)[ \t]*[:=][ \t]*(?P<value>" + NUMBER + rb")[ \t]*"
    rb"(?P<unit>%)?[ \t]*"
)
"""A line that is one value named by a phrase whose first or second word is a measure's (`MEASURE_WORDS`: PyTorch's
CIFAR-10 tutorial, `Accuracy of the network on the 10000 test images: 54 %`, `Accuracy of plane : 57 %`; `Best
accuracy on validation data: 0.91`): the phrase, as written, names the value, words and numbers in it included (the
generic reading takes `of`, `the` for prose and a number inside the phrase for a value)."""
MEASURE_WORDS = LOSS_WORDS | LOSS_LIKE_WORDS | ACCURACY_WORDS | ERROR_WORDS
_PHRASE_VERB = re.compile(rb"(?i)(?:^|[ ])(?:is|are|was|were|be|been|will|has|have|had|saved|reached)(?:$|[ ])")
"""A phrase with a verb is a sentence about a value (`loss of the best model was: 0.3`), no name: the generic reading
takes it."""


_SETTING_WORDS = frozenset(
    {"weight", "weights", "coef", "coeff", "coefficient", "scale", "factor", "lambda", "alpha", "beta", "gamma",
     "threshold", "thresh", "margin", "temperature", "smoothing", "clip", "eps", "epsilon", "patience", "delta",
     "type", "steps"}
)  # fmt: skip
"""Words of a setting beside a measure's in a key (`"loss_weight": 1.0`, `"label_smoothing": 0.1`)."""


def _measured_member(member: re.Match[bytes]) -> bool:
    """Whether a JSON member's key names what a loop measures (`"validation_loss": 5.8757`, `"mae": 260.07`: a run's
    results dumped with `json.dumps(..., indent=2)`, round75's JL-010 and JM-004), not a setting (`"dropout": 0.25`,
    `"loss_weight": 1.0`)."""
    return measured_key(member.group().split(b":", 1)[0].strip().strip(b"\"'").decode("utf-8", "replace"))


def measured_key(key: str) -> bool:
    """Whether a key names a measure and no setting of one (`validation_loss`, `AUC_ROC_SCORE`; not `loss_weight`)."""
    return names_a_measure(key) and not set(name_words(key)) & _SETTING_WORDS


def _names_a_measure(phrase: bytes) -> bool:
    """Whether a phrase names a value (`_SENTENCE_NAMED`): a measure's word first or second, no verb, and no counter
    with its number (`loss in epoch 1 iteration 0: 0.68`, `train loss of iteraction 1:0.67`: the value and where it
    was measured, which the generic reading takes apart)."""
    parts = phrase.split()
    glued = [part.rstrip(b"0123456789") for part in parts if part[-1:].isdigit() and not part.isdigit()]  # `epoch1`
    counted = any(_COUNTER_NAME.match(a) and b.isdigit() for a, b in zip(parts, parts[1:], strict=False))
    counted = counted or any(_COUNTER_NAME.match(name) for name in glued)
    measured = MEASURE_WORDS & {w for part in parts[:2] for w in name_words(part.decode())}
    return bool(measured) and not counted and _PHRASE_VERB.search(phrase) is None


_ROW_LABEL = re.compile(
    rb"[ \t]*(?:(?i:category|class|label|entity|type|tag)[ \t]*:[ \t]*(?P<keyed>[A-Za-z][\w-]*)[ \t]+(?=[A-Za-z])"
    rb"|(?P<caps>[A-Z][A-Z0-9_-]{1,15}):[ \t]+(?=[A-Za-z][\w-]*[ \t]*:))"
)
"""A row's label opening a line of named values: after a word that says so (`Category: name Accuracy 0.182`) or in
capitals before a colon and a name keyed by its own (conlleval's per-type rows, `LOC: precision: 7.08%; recall: ...`;
not `GPU: mem 300`)."""
_COUNTER_PAIR = re.compile(rb"\[[ \t]*(\d+)[ \t]*,[ \t]*(\d+)[ \t]*\]")
"""Two whole numbers in brackets heading a line before a named value: the epoch and the batch within it (PyTorch's
CIFAR-10 tutorial: `print(f'[{epoch + 1}, {i + 1:5d}] loss: {running_loss / 2000:.3f}')`)."""
_SPLIT_COUNTER = re.compile(rb"((?i:epoch|iter|step))[ \t]*\((\w+)\)")
"""A counter named with its split in parentheses (`Epoch(val)`, mmcv's `EpochBasedRunner` text log)."""


_LEADING_COUNTERS = frozenset({b"count", b"cnt", b"idx", b"index", b"i"})
"""Names that are a counter when they lead a line's fields with an integer (`count: 50, loss: 228.9`; llm.c's
`s:100 trl:3.41`, train_gpt2.cu; a loop's `i=50  total=3.64`): the step of the values after them; elsewhere
(`count: 1636` alone) a count."""
_PHASE_EPOCH_AFTER = re.compile(rb"[ \t]*(?:\||:|,|-{1,3}[ \t])")
"""What follows an epoch counter named with a phase (`Fine-Tune Epoch 1 | Train Loss: ..`, `Train Epoch 1 --- loss`,
BRITS's `Progress epoch 0, 5.00%, average loss 16.30`) that leads its line: a delimiter before the line's values; so
it is the epoch, as `Epoch 1 | ...` is (`resumed epoch 3, iter 7317` is prose: `_NOT_METRIC_NAME`'s)."""
_LONE_BRACKETED = re.compile(rb"\[[ \t]*[0-9]+[ \t]*\]")
"""One whole number in brackets (`[3]`): a counter's way of printing (round81's KM-001), no list of values."""
_PLURAL_COUNTER = re.compile(rb"(?i)iters|iterations|steps")
"""A counter named in the plural, with its total (`Iters: 10/20000 || Lr: ..`) or leading a line of values: the step.
Otherwise it is as likely a count printed once (`Total steps: 5000`)."""
_NAME_VALUE_AFTER = re.compile(rb"[:)]?[ \t]+[A-Za-z_][\w./-]*[ \t]*(?:[:=]|-(?=[ \t]))?[ \t]*[-+]?\.?[0-9]")
"""A name then its value after a number: the number led the line as its step (`19072 train 2.94`, CatBoost's
`0:	learn: 0.6808	test: 0.6812`, first-order-motion-model's `00000003) perceptual - 54.96794; warp_loss - 0.488`)."""
_VALUE_AFTER_COLON = re.compile(rb"(?:,[ \t]+[0-9]+\.[0-9]+)?:[ \t]+[-+]?\.?[0-9][0-9.eE+-]*,[ \t]+[-+]?\.?[0-9]")
"""`6: 364.54, 364.16 avg loss`: an integer, a colon, then comma-separated values (darknet's iteration line); its
classifier's puts the epochs done between (`21, 0.219: 0.2456, 0.5719 avg`)."""
_DELIMITED_NAMED = re.compile(rb"[ \t]+[-|][ \t]+(?=.*?[A-Za-z_][\w./-]*:[ \t]*[-+]?\.?[0-9])")
"""An integer set apart by ` - ` or ` | ` from fields, one of them `name: value`, after it: the line's step (Facebook's
SymbolicMathematics logger, `    200 -  267.19 equations/s -  4771.04 words/s - ARITHMETIC:  0.6156 - LR: 1.0e-04`)."""
_THEN_VALUE = re.compile(rb"(?:[ \t]*[:=]|[ \t]+is(?:[ \t]*:)?)[ \t]*(?=[-+]?\.?[0-9]|[-+]?(?i:nan|inf)\b)")
"""After a counter, `: 0.39` or `is 0.39`: the value of the name before the counter (`Test loss for epoch 3: 0.22`,
`running loss of epoch 0 is : 1.55`; RotatE's `Training average loss at step 0: inf`)."""
_COUNTERS_THEN_VALUE = re.compile(
    rb"(?:[ \t]*,?[ \t]+(?i:iteration|iter|step|batch)[ \t]*[:=]?[ \t]*[0-9]+)+" + _THEN_VALUE.pattern
)
"""Another counter, then the value (SASRec.pytorch's `loss in epoch 1 iteration 12: 0.51`): the value is the name's
before the first counter, the counters its step."""
_CHANGED_TO = re.compile(rb"[ \t]*-+>[ \t]*(?=[-+]?[0-9.]+[ \t]*$)")
"""An arrow from a value to the last one on the line (pix2pix's `learning rate 0.0002000 -> 0.0001980`): the value it
changed to is the value."""
_SHARE_AFTER = re.compile(rb"[ \t]*\([ \t]*(?=[0-9.]+[ \t]*%\))")
"""A fraction's share in parentheses after it (PyTorch's MNIST example: `Accuracy: 372/10000 (3.72%)`)."""
_SPLIT_TAGGED = re.compile(rb"[ \t]*\((" + SPLIT_WORD + rb")\)")
_SPLIT_TAG_BEFORE = re.compile(rb"[ \t]*\(" + SPLIT_WORD + rb"\)[ \t]*,[ \t]*")
"""A value tagged with its split after it, `0.048 (dev)`, after a value tagged so and a comma (`loss 0.095 (train),
0.048 (dev)`: a value per split under one name)."""
_ON_A_SET = re.compile(rb"(?i)[ \t]on[ \t]+(?:the[ \t]+)?" + SPLIT_WORD + rb"[ _](?:set|data|dataset|split)$")
"""A label ending in the set its values were measured on (`PERFORMANCE ON TEST SET`, `Results on the validation set`):
that split's values, `key = value` pairs too."""
_SPLIT_SET = re.compile(rb"^(" + SPLIT_WORD + rb")[ _]set(?:[ _](?i:results?|metrics|evaluation|performance))?$")
"""A label naming a split's set (`Test set`, PyTorch's MNIST example; Kipf's GCN `Test set results: cost= 1.01`): the
split."""
_ID_NAME = re.compile(rb"(?i)(?:^|[ _])(?:ids?|pid|subprocess|job|task|experience|errno|winerror)$")
"""A whole number named an identifier (`run_id: 3`, `device id 0`, DeepSpeed's `Killing subprocess 64780`, LSF's
`Subject: Job 14540866: <train> in cluster <c> Exited`), an OS error's code (`[Errno 2] No such file`, `[WinError
10061] No connection could be made`: round80's KG-003, round82's KK-014), or the index of a task or an experience in
continual or multi-task learning (Avalanche's `-- Starting eval on experience 0 (Task 0) from test stream --`): an
index, never a measurement."""
_NUMBERED_ITEM = re.compile(rb"[ \t]*:[ \t]+[A-Za-z][^0-9\n]*$")
"""After a whole number, a `:` and words with no number to the end of the line: the number of an item a script prints
(round80's KG-003, an inference log's `Context 1: The quick brown fox...`, `Query 1: What...`), not a value."""
_COUNT_OF_THINGS = re.compile(
    rb"[ \t]+(?:[a-z]+(?:-[a-z]+)*[ \t]+)?[A-Za-z]+[A-Za-rt-z]s\b(?![ \t]*[:=]?[ \t]*[-+]?\.?[0-9])"
)
"""An integer followed by a plural noun, a word before it or not, that no value follows (`Train on 60000 samples,
validate on 10000 samples`, `processed 1280 images`, `Train : 45887 segments`, Trax's `Ran 19 train steps in 0.81
secs`, `Processing 3 context-query pairs`): a count of things, printed once or as progress, never a measure of how
training goes (`loss 2 iters 50` is two fields; darknet's `1: 0.68, 0.68 avg loss` is a loss: a word ending in `ss`
is no plural)."""


def _ends_in_two_word_counter(words: list[bytes]) -> bool:
    """Whether a name's last two words are one counter after others (`Total reward in global step`)."""
    return len(words) > 2 and _COUNTER_NAME.match(b" ".join(words[-2:])) is not None


def _counter_words(words: list[bytes]) -> int:
    """How many of a name's last words name the counter after it rather than the value (`global step` of `Total
    reward in global step`, `at step` of `Training average loss at step 0: 2.07`)."""
    if len(words) > 2 and words[-2].lower() in _LINKING_WORDS and _COUNTER_NAME.match(words[-1]):
        return 2
    return int(_ends_in_two_word_counter(words))


def _counter_head(words: list[bytes]) -> list[bytes]:
    """The name before a counter (`Loss for Iter`, `Test loss at step`), its linking word aside; empty when it is
    prose (`Saved model at step`)."""
    while words and words[-1].lower() in _LINKING_WORDS:
        words = words[:-1]
    head = b" ".join(words)
    if (
        not words
        or len(words) > MAX_NAME_WORDS - 1
        or _NOT_METRIC_NAME.search(head)
        or _CONFIG_CONSTANT.fullmatch(head)
    ):
        return []
    return words


def _bracket_counter(
    match: re.Match[bytes], naming: tuple[bytes, bytes | None] | None, previous: Field | None, fields: list[Field]
) -> Field | None:
    """`[0]`, `[10/250]`: an epoch or a step where the line says so (`Epoch: [0][10/250]`, `[1/100] batch 50/3766`,
    `epoch : 0 [13965/21279]`: a counter with its total after the epoch is the step within it; `Train: [0/150][10/924]`,
    Swin's: a split's first bracket before another is the epoch, its lone one a batch of the split's pass)."""
    name = naming[0] if naming is not None else None
    total = match.span("bb") if match.group("bb") else None
    span = match.span("ba")
    named = name.split() if name is not None else []
    if len(named) == 2 and _COUNTER_NAME.match(named[0]) and _is_split(named[1]):  # `Epoch train: [0/14]`
        kind = Kind.EPOCH if named[0].lower() in EPOCH_WORDS else Kind.STEP
        split = named[1].decode("utf-8", "replace")
        return Field(kind, named[0].lower().decode(), match.start(), match.end(), *span, total, b"", "bracket", split)
    if name is not None and _is_split(name.split()[-1]) and total is not None and not fields:
        if _COUNTER_IN_BRACKETS.match(match.string, match.end()):  # Swin's `Train: [0/150][10/924]`: the epoch
            return Field(Kind.EPOCH, "epoch", match.start(), match.end(), span[0], span[1], total, b"", "bracket")
        return None
    if name is not None:
        if not _COUNTER_NAME.match(name):
            return None
        last = name.split()[-1].lower()
        kind = Kind.EPOCH if last in EPOCH_WORDS else Kind.STEP
        return Field(kind, last.decode(), match.start(), match.end(), span[0], span[1], total, b"", "bracket")
    if (
        previous is not None
        and previous.kind is Kind.EPOCH
        and (
            previous.end == match.start()
            or (total is not None and not match.string[previous.end : match.start()].strip())
        )
        and not (previous.qualifier and _is_split(previous.qualifier.encode()) and not is_train(previous.qualifier))
    ):  # `Epoch [3][50/7512]`; not `Epoch(val) [3][196]`: the number of validation batches
        return Field(Kind.STEP, "iter", match.start(), match.end(), span[0], span[1], total, b"", "bracket")
    if not fields and total is not None:
        return Field(Kind.EPOCH, "epoch", match.start(), match.end(), *span, total, b"", "bracket", guessed=True)
    return None


def parse_line(line: bytes) -> Parsed:
    start = prefix_end(line)
    return Parsed(start, parse_content(line, start))
