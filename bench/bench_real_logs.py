"""Real-log bench: how many real public training logs the readers read faithfully (issue 8, "How it is measured").

    python scripts/pull_real_logs.py --from DIR        # lay the logs out in bench/out/real_logs/ first
    python bench/bench_real_logs.py --split S [--kind text] [--show] [--id A-001]  # S: dev, held-out, fresh, round4-45

The expectations are bench/real_logs.tsv, written by people reading each raw file before any reader ran on it; the
files (other people's, not in git) are pulled into bench/out/real_logs/ID/. A third of the rows is held out
(`pull_real_logs.held_out`); `--split fresh`, `round4`, `round5` and `round6` read `bench/real_logs_fresh.tsv`
(round 3's new repositories), `bench/real_logs_round4.tsv`, `bench/real_logs_round5.tsv` (round 4's) and
`bench/real_logs_round6.tsv` (round 5's). All but the two newest have been looked at; of an unseen split
(`pull_real_logs.UNSEEN`) this script prints only verdicts.
A labeller's note in a cell, in parentheses (`val_loss (New best score)`, `23101 (Epoch [10][1150/2439])`), is not
part of the name or value.

A file is faithful when, read through `read_logs` (auto-detection, as a user would), every expected series (the main
loss and each of `others`) is found under the name the file writes (a space read as `_`) with the expected point
count and first/last value, the loss's last step is the expected one (when the row gives it; for a counter that restarts
each epoch, the printed one or, read onto one global axis, one at or past it), no `junk` name is a
metric name, and (for `negative` rows) no metric beyond the expected ones is invented. A crash is not faithful.

A name is found as the file writes it, else in another letter case, else by its words in another order and
joining (`Acc (test)` is the reader's `Test_Acc`: where a line puts the split word is no part of what a person reads
off it), else, for a name with no `/`, as the one key of that name under a section (`loss` printed under a
`train/` section row is `train/loss`, as the writer's own CSV names it), else, for a counter a label lists (`epoch`
of a `trainer_state.json`), as one of the run's axes (`Run.axes`: the reader contract publishes counters beside the
step, not as metrics); how many files are faithful with names matched exactly is printed too.

A name of the row's `bookkeeping` column (time, memory, eta, throughput, a logged lr: measured by the loop, moved out of
`junk` by the audit in bench/real_logs_audit.md) reported as a metric is neither junk nor invented. The headline counts
with these audited labels, and beside them under the original labels (`junk` and `bookkeeping` together as junk).
A running best the loop prints at each epoch (`best_acc`, `best_valloss`) is such a quantity too (CORPUS.md's rule:
junk is text that is not a quantity the run measured over its course); earlier labellers put some in `junk`, and the
audited count reads them as bookkeeping.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "scripts")]

from pull_real_logs import DEST, SPLITS, UNSEEN, split_rows  # noqa: E402

from server.core.logs.lines import SPLIT_WORDS as LINE_SPLIT_WORDS  # noqa: E402
from server.core.logs.lines import TRAIN_WORDS  # noqa: E402

VALUE_TOLERANCE = 1e-6
"""Relative tolerance on a first/last value: the file prints it with a few digits, the reader keeps a float."""
_NUMBER = re.compile(r"[-+]?(?:(?:\d[\d,]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|nan|inf)", re.IGNORECASE)
_NAME_NOTE = re.compile(
    r"\s*\((?:[^()]*[\s,][^()]*|\w+=\w+|[^()]*\b(?i:dev|test|val|valid|validation|train|training|eval)\b[^()]*)\)\s*$"
)
"""A labeller's note after a name, `val_loss (New best score)`: a parenthesis holding a space or comma (a name's own
parenthesis, `Dice Score (aug)`, `metrics/mAP50(B)`, holds neither), or a column's value the rows are told apart by
(`loss (phase=train)` of an `epoch,phase,loss` table), or a split (`FB1 (evaluate:dev)`, `MAE (validation)`)."""
_BULLET = re.compile(r"^[*\u2022]\s+")
_SHARE = re.compile(r"(\d+)/(\d+)")
_VALUE_NOTE = re.compile(r"\([^()]*\)")
"""A labeller's note in a value cell, `23101 (Epoch [10][1150/2439])`, `0.5078125 (1.3683994)`: not the value."""
_WORD = re.compile(r"[a-z0-9@*]+")
SPLIT_WORDS = frozenset(word.decode() for word in LINE_SPLIT_WORDS)
"""The split words the text reader qualifies names with (`lines.SPLIT_WORDS`)."""
_RUNNING_BEST = re.compile(r"(?i)(?:^|[^a-z])best(?:[^a-z]|$)")
_JUNK_NAME = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_ ./@&()-]*?)\s*(?:[:=\[]|\s+[-+\d]|$)")


_CRASH = tuple(
    f"{name}:"
    for name in (
        "TypeError",
        "ValueError",
        "IndexError",
        "KeyError",
        "AttributeError",
        "AssertionError",
        "RecursionError",
        "ZeroDivisionError",
        "OverflowError",
    )
)


def normal_name(name: str) -> str:
    """A name as the reader reports it: whitespace runs as one `_`, a bullet before it aside (Swin's ` * Acc@1`), a
    spread labelled by its sign as the reader names it (`Eval acc ±` is `Eval_acc_std`: `lines.PLUS_MINUS`)."""
    if re.fullmatch(r"\s*\(unnamed[^()]*\)\s*", name):
        return ""  # `(unnamed)`: a labeller's word for a series the file names nowhere (read under the file's name)
    name = re.sub(r"\s*(?:±|\+/-)$", " std", _NAME_NOTE.sub("", name).strip())
    return re.sub(r"\s+", "_", _BULLET.sub("", name))


def _by_noted_split(metrics: dict, item: Expected):
    """The series a label names with its split in a note (`Loss (Test batches)`): the name under that split word, as
    the reader qualifies it (`Test_Loss`), before the bare name finds the training one."""
    note, bare = _NAME_NOTE.search(item.name), set(_words(normal_name(item.name)))
    splits = [w for w in _words(note.group()) if w in SPLIT_WORDS] if note else []
    if not splits or bare & SPLIT_WORDS:
        return None
    words = sorted({*bare, splits[0]})
    found = [series for n, series in metrics.items() if sorted(set(_words(n))) == words]
    return found[0] if len(found) == 1 else None


def number(text: str) -> float:
    """The value a cell of the manifest holds (`85.20%`, `2497/10042=0.2487`, `4,007,990`, `nan`; `5/6` alone: a share,
    0.8333, as an accuracy printed as a count of its total is)."""
    cell = _VALUE_NOTE.sub("", text).strip()
    if cell.startswith("[") and cell.endswith("]") and "," in cell:  # DeepXDE's `[1.18e-02, 5.61e-01]`: a loss's
        return sum(float(v) for v in cell[1:-1].split(",") if v.strip())  # terms, whose total is the loss it plots
    if share := _SHARE.fullmatch(cell):
        return int(share.group(1)) / max(int(share.group(2)), 1)
    found = _NUMBER.findall(cell)
    if not found:
        raise ValueError(text)
    return float(found[-1].replace(",", ""))


def step_number(text: str) -> float:
    """The step a `last_step` cell names: a counter over its total (`29/29`, YOLOv5's epoch column) is its counter,
    no share."""
    share = _SHARE.fullmatch(_VALUE_NOTE.sub("", text).strip())
    return float(share.group(1)) if share else number(text)


def same(read: float, expected: float) -> bool:
    if math.isnan(expected):
        return math.isnan(read)
    return math.isclose(read, expected, rel_tol=VALUE_TOLERANCE, abs_tol=1e-12)


@dataclass
class Expected:
    name: str
    count: int
    first: str
    last: str


@dataclass
class Verdict:
    id: str
    kind: str
    shape: str
    faithful: bool
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    bookkeeping: list[str] = field(default_factory=list)
    exact_names: bool = True
    """Every expected series found under its exact name (or letter case), none only by its words."""
    """The row's bookkeeping names the reader reported as metrics: faithful with the audited labels, junk (or, on a
    `negative` row, invented) under the original ones."""
    series_right: bool = False
    """Every expected series right (names, counts, first/last values, last step), junk names aside."""


def expectations(row: dict[str, str]) -> list[Expected]:
    found = []
    if row["loss"].strip():
        found.append(Expected(row["loss"], int(row["loss_count"] or 0), row["loss_first"], row["loss_last"]))
    for item in filter(None, (part.strip() for part in row["others"].split(";"))):
        parts = item.rsplit(":", 3)
        if len(parts) != 4 or not parts[1].strip().isdigit():
            print(f"  {row['id']}: an `others` item is not name:count:first:last; left out (a labelling slip)")
            continue
        name, count, first, last = parts
        if first.strip() == last.strip() == "[]":
            continue  # a column of empty lists (DeepXDE's `Test metric` when none was asked for): blanks, no series
        found.append(Expected(name, int(count), first, last))
    return found


def _words(name: str) -> list[str]:
    """A name's words, lower case; `set` after a split word is no word of its own (`Test set cost` is `Test_cost`)."""
    found = _WORD.findall(name.lower())
    return [w for i, w in enumerate(found) if not (w == "set" and i and found[i - 1] in SPLIT_WORDS)]


def _by_words(metrics: dict, name: str):
    """The series named by `name`'s words in another order or joining, else (a name with no `/`) the one key of that
    name under a section, else (a name with no split word) the one series whose words are those and a split word the
    reader took from the line's lead (`Validation Epoch [1/20], PSNR: 32.4` read as `Validation_PSNR`), else the one
    series named by a file of that stem."""
    words = sorted(_words(name))
    found = next((metrics[n] for n in metrics if sorted(_words(n)) == words), None)
    if found is None and "/" not in name:  # `loss` under a `| train/ |` section row is `train/loss`
        leaves = [n for n in metrics if n.lower().rpartition("/")[2] == name.lower()]
        found = metrics[leaves[0]] if len(leaves) == 1 else None
    if found is None:  # the training split is named or not as the writer chose (`Train Loss: 0.5, Acc: 0.9`)
        bare = sorted(set(words) - TRAIN_WORDS)
        trained = [n for n in metrics if sorted(set(_words(n)) - TRAIN_WORDS) == bare]
        found = metrics[trained[0]] if len(trained) == 1 and bare else None
    if found is None and not set(words) & SPLIT_WORDS:  # `PSNR` of `Validation Epoch [1/20], PSNR: 32.4`
        split_aside = [n for n in metrics if sorted(set(_words(n)) - SPLIT_WORDS) == sorted(set(words))]
        found = metrics[split_aside[0]] if len(split_aside) == 1 else None
    if found is None:  # an unnamed series, named by its file (`val_loss.txt`), labelled by the file's stem
        stems = [n for n in metrics if "." in n and n.rpartition(".")[0].lower() == name.lower()]
        found = metrics[stems[0]] if len(stems) == 1 else None
    if found is None and "/" not in name:  # CatBoost's `{"learn": [0.56]}` read under its metric (`learn/MAE`): the
        # section a label names holds one key
        keys = [n for n in metrics if n.lower().partition("/")[0] == name.lower() and "/" in n]
        found = metrics[keys[0]] if len(keys) == 1 else None
    if found is None and (counted := _COUNTER_CLAUSE.search(name)):  # `Loss after epoch 0: 4.07e7`: the label
        # names the value with the counter it is printed at, the reader by the value's own name
        found = _by_words(metrics, name[: counted.start()])
    return found


_COUNTER_CLAUSE = re.compile(r"(?i)[ _](?:after|at|for|in|of)[ _](?:the[ _])?(?:epoch|step|iteration|iter|batch)s?$")
"""A label's name ending in the counter its value is printed at (`Loss after epoch`, `loss at step`)."""


_POSITION = re.compile(r"(?i)(col|column|line|row)_?(\d+)(?![0-9])")
_NUMBERED = re.compile(r" (column|row) (\d+)$")
_INDEXED = re.compile(r"(?i)(?:tuple|list|item)\[(\d+)\]")
"""A label naming a cell of an unnamed row by its Python index (`tuple[0]`: the first value of `(loss, val_loss)`)."""


def _by_position(metrics: dict, name: str):
    """The column or row of a headerless file a label numbers (`col3 (discriminator loss on real)`, `line2`): the
    reader names the first value column (or row) by the file and the others `<file> column N` (`<file> row N`), N
    counted as the label counts, from the file's first cell (from 0 in a Python index: `tuple[0]`)."""
    wanted, indexed = _POSITION.match(name), _INDEXED.fullmatch(name)
    if wanted is None and indexed is None:
        return None
    kind = "row" if wanted and wanted.group(1).lower() in ("line", "row") else "column"
    number = int(wanted.group(2)) if wanted else int(indexed.group(1)) + 1
    numbered = {int(m.group(2)): n for n in metrics if (m := _NUMBERED.search(n)) and m.group(1) == kind}
    if number in numbered:
        return metrics[numbered[number]]
    plain = [n for n in metrics if not _NUMBERED.search(n) and "." in n]  # the file's own name: `losses.txt`
    first = min(numbered, default=2) - 1
    return metrics[plain[0]] if len(plain) == 1 and number == first else None


def headerless(shape: str) -> bool:
    """Whether a row's shape is a table with no header: said so, or a YOLO `results.txt` (which never has one; the
    labellers name its columns by YOLOv5's console header, `total`, or by position, the reader by its TensorBoard
    tags, `train/total_loss`)."""
    return "headerless" in shape or ("yolo" in shape and "results_txt" in shape)


_COLUMN_NOTE = re.compile(r"(?i)\((?:col|column) \d+\)")


def _by_values(metrics: dict, item: Expected, headerless: bool):
    """The one series holding a label's count, first and last values, where the label names a headerless file's column
    by a convention the file does not write (`box (col 3)` of YOLOv7's `results.txt`, `mAP@.5` or `col11 (mAP@0.5)` of
    YOLOv5's): no name to judge, only values."""
    if not (headerless or _COLUMN_NOTE.search(item.name)):
        return None
    try:
        first, last = number(item.first), number(item.last)
    except ValueError:
        return None
    found = [
        s for s in metrics.values() if len(s) == item.count and same(s.values[0], first) and same(s.values[-1], last)
    ]
    alike = all(list(s.values) == list(found[0].values) for s in found[1:]) if found else False
    return found[0] if alike else None  # columns of the same values (a single class's `cls` and `val_cls`, 0 at
    # every epoch) are read right whichever the label meant


_COCO_LABEL = re.compile(
    r"\s*Average\s+(Precision|Recall)\s*\((?:AP|AR)\)\s*@\[\s*IoU=([0-9.:]+)\s*\|\s*area=\s*(\w+)\s*\|\s*maxDets=\s*(\d+)\s*\]"
)
_COCO_IOU = {"0.50:0.95": "", "0.50": "50", "0.75": "75"}
_COCO_AREA = {"all": "", "small": "s", "medium": "m", "large": "l"}


def _by_coco_settings(metrics: dict, item: Expected):
    """The series a label names by a COCO summary line's settings (`Average Precision (AP) @[ IoU=0.50 | area= all |
    maxDets=100 ]`): the reader names it as detectron2 does (`bbox/AP50`), under the annotation type evaluated."""
    match = _COCO_LABEL.match(item.name)
    if match is None:
        return None
    precision, iou, area, dets = match.groups()
    name = ("AP" if precision == "Precision" else "AR") + _COCO_IOU.get(iou, iou) + _COCO_AREA.get(area, area)
    name += dets if precision == "Recall" and area == "all" else ""
    found = [series for n, series in metrics.items() if n.rpartition("/")[2] == name]
    return found[0] if len(found) == 1 else None


_ORDINAL_NOTE = re.compile(r"\((?:[^()]*,\s*)?(\d+)(?:st|nd|rd|th) of \d+\)")


def _by_elements(metrics: dict, item: Expected):
    """The series of a label whose values are lists (`test_coco_eval_bbox:90:[1.6e-06, ...]:[0.333, ...]`, DETR's
    log.txt), which the reader reads element by element as `name[i]`: every element's series must hold the label's
    count and its first and last values; then the first element's series, with the label made its own. A label
    naming one element by a note (`(AP@[.50:.95], 1st of 12)`) is that element's series."""
    ordinal = _ORDINAL_NOTE.search(item.name)
    if ordinal is not None:  # `test_coco_eval_bbox (AP@[.50:.95], 1st of 12)`: that element of the list
        found = metrics.get(f"{normal_name(item.name)}[{int(ordinal.group(1)) - 1}]")
        return (found, item) if found is not None else None
    if not (item.first.strip().startswith("[") and item.last.strip().startswith("[")):
        return None
    try:
        firsts, lasts = json.loads(item.first), json.loads(item.last)
    except ValueError:
        return None
    if not isinstance(firsts, list) or not isinstance(lasts, list) or len(firsts) != len(lasts) or not firsts:
        return None
    parts = [metrics.get(f"{normal_name(item.name)}[{i}]") for i in range(len(firsts))]
    if all(
        part is not None and len(part) == item.count and same(part.values[0], a) and same(part.values[-1], b)
        for part, a, b in zip(parts, firsts, lasts, strict=True)
    ):
        return parts[0], Expected(f"{item.name}[0]", item.count, str(firsts[0]), str(lasts[0]))
    return None


def _on_an_axis(row: dict[str, str], axes: dict, step: float, last_step: float) -> bool:
    """Whether a label read on another counter of the run (Hugging Face console dicts with only a fractional `epoch`:
    `3.25`; a DQN table's `episode` beside its `step` column) is one of the run's axes (`Run.axes`: `epoch`,
    `episode`, ...) at the series' last step, the reader having put the points on the run's global step."""
    if row["step_axis"].strip() in ("", "index", "restarting"):
        return False
    for axis in axes.values():
        at_step = [value for at, value in zip(axis.steps, axis.values, strict=True) if at == step]
        if at_step and same(at_step[-1], last_step):  # the last: a run appended may reuse a step
            return True
    return False


_RESTARTING = re.compile(r"(?i)^\s*restarting\s*$|within epoch|\b(?:restarts|resets)\b")
_COUNTER_WORD = re.compile(r"(?i)\b(?:epoch|ep|batch|iter|iters|iteration|step|it)\b")
"""A counter named in a label's last step: two name a counter within another (`Epoch 7/25 Batch 302/625`, round71's
IX-007; `iteration:4 step:768/1044`), which the reader puts on one global step axis."""


def _on_global_axis(row: dict[str, str], steps, last_step: float) -> bool:
    """Whether a label's last step printed by a counter that restarts each epoch (`Epoch [2/3], Step [147/6574]`) is
    read onto one global step axis, as the reader contract asks (issue 8: "epoch-scoped counters onto one global
    step axis"): the steps never go back and end at or past the printed counter. A label says so as `restarting` or
    in words (`batch within epoch (epochs 1-10, ...)`, `iteration (batch #N, resets every epoch and run)`), or names
    both counters in its last step (`_COUNTER_WORD`)."""
    counters = list(_COUNTER_WORD.finditer(row["last_step"]))
    if not (_RESTARTING.search(row["step_axis"]) or len(counters) >= 2) or not len(steps):
        return False
    if len(counters) >= 2 and (inner := _INNER_COUNT.match(row["last_step"], counters[-1].end())):
        last_step = float(inner.group(1))  # `Epoch 1 Batch 521/3125`: at or past the inner counter's 521
    ordered = all(later >= earlier for earlier, later in zip(steps[:-1], steps[1:], strict=True))
    return ordered and steps[-1] >= last_step


_INNER_COUNT = re.compile(r"[\s:=#\[]*(\d+)")
"""The value after a counter's name in a label's last step (`Batch 521/3125`: 521)."""


def _index_origin(row: dict[str, str], steps, last_step: float) -> bool:
    """Whether a label on the index axis (a file that prints no counter: `step_axis` `index`) and the reader count
    the same points from another origin: the reader's steps are the positions 0, 1, ... or 1, 2, ..., and the label's
    last step is the last position counted from 0 or from 1. Which origin a person counts from is no reading of the
    file (labellers wrote both: BC-005's 30 of 30 rows, BM-004's 212 of 213 values)."""
    if row["step_axis"].split("(")[0].strip() != "index" or not len(steps):  # `index (one row per epoch, ...)`
        return False
    first = float(steps[0])
    positions = first in (0.0, 1.0) and all(float(b) - float(a) == 1.0 for a, b in zip(steps, steps[1:], strict=False))
    return positions and abs(float(steps[-1]) - last_step) == 1.0


def label_names(row: dict[str, str], column: str) -> set[str]:
    """The lower-cased metric names the `;`-separated items of a label cell name (`Time 0.692 (0.729)` -> `time`)."""
    names = set()
    for item in filter(None, (part.strip() for part in row[column].split(";"))):
        match = _JUNK_NAME.match(item)
        if match:
            names.add(normal_name(match.group(1)).lower())
    return names


def target(row: dict[str, str]) -> Path:
    """The file or folder to read: the manifest's path kept under the row's folder, else its last component there."""
    folder = DEST / row["id"]
    for candidate in (folder / row["path"], folder / Path(row["path"]).name):
        if candidate.exists():
            return candidate
    entries = list(folder.iterdir())
    return entries[0] if len(entries) == 1 else folder


def judge(row: dict[str, str]) -> Verdict:
    from server.core.logs.reading import read_logs
    from server.core.workspace import Workspace

    verdict = Verdict(row["id"], row["kind"], row["shape"], faithful=False)
    path = target(row)
    start = time.process_time()
    try:
        result = read_logs(Workspace.of([DEST / row["id"]]), [str(path)])
    except Exception as exc:  # noqa: BLE001 - a bench: every failure is a verdict
        verdict.seconds = time.process_time() - start
        expected = expectations(row)
        verdict.faithful = verdict.series_right = not expected and row["shape"] == "negative"
        if not verdict.faithful:
            verdict.problems.append(f"{type(exc).__name__}: {str(exc)[:160]}")
        return verdict
    verdict.seconds = time.process_time() - start
    metrics = {}
    axes: dict | None = None  # the first run's counters beside its step (`Run.axes`; an epoch that restarts stays a
    # metric, as in readers before round 19)
    for run in result.runs:
        for name, series in run.metrics.items():
            metrics.setdefault(name, series)  # the first run's series when several runs name it
        if axes is None:
            axes = dict(getattr(run, "axes", {}))
            if "epoch" in run.metrics:
                axes.setdefault("epoch", run.metrics["epoch"])
    problems = verdict.problems
    wanted = expectations(row)
    for index, item in enumerate(wanted):
        name = normal_name(item.name)
        series = _by_noted_split(metrics, item) or metrics.get(name)
        if series is None:  # a note the file's own header carries (`Avg Reward (Last 100)`): part of the name
            series = metrics.get(re.sub(r"\s+", "_", item.name.strip()))
        if series is None:  # a label's letter case may differ from the file's (`eval` for `Eval epoch:`)
            series = next((metrics[n] for n in metrics if n.lower() == name.lower()), None)
        if series is None and (listed := _by_elements(metrics, item)) is not None:
            series, item = listed
        if series is None:
            series = (
                _by_words(metrics, name)
                or _by_position(metrics, name)
                or _by_values(metrics, item, headerless(row["shape"]))
                or _by_coco_settings(metrics, item)
            )
            if series is None and index == 0 and not name:
                series = _by_position(metrics, "column1")  # an unnamed main loss: the first column, named by the file
            if series is None and name.lower() == "value" and len(metrics) == 1:
                series = next(iter(metrics.values()))  # TensorBoard's CSV export: the tag is named by the file only
            if series is None and name in (axes or {}):
                series = (axes or {})[name]  # a counter the label lists (`epoch` of a trainer_state): a run's axis
            verdict.exact_names = verdict.exact_names and series is None
        if series is None:
            problems.append(f"missing {name!r}")
            continue
        if len(series) != item.count:
            problems.append(f"{name}: {len(series)} points, expected {item.count}")
        if item.count and len(series):
            for label, got, want in (("first", series.values[0], item.first), ("last", series.values[-1], item.last)):
                try:
                    if not same(got, number(want)):
                        problems.append(f"{name}: {label} {got:g}, expected {want}")
                except ValueError:
                    pass
        last_step = row["last_step"].strip()
        if (
            index == 0
            and row["loss"].strip()
            and last_step
            and len(series)
            and not same(series.steps[-1], step_number(last_step))
            and not _on_an_axis(row, axes or {}, series.steps[-1], step_number(last_step))
            and not _on_global_axis(row, series.steps, step_number(last_step))
            and not _index_origin(row, series.steps, step_number(last_step))
        ):
            problems.append(f"{name}: last step {series.steps[-1]:g}, expected {row['last_step']}")
    names = {name.lower() for name in metrics}
    bookkeeping = label_names(row, "bookkeeping") | {n for n in label_names(row, "junk") if _RUNNING_BEST.search(n)}
    # a name both columns give (B-003: `Labels` of the val header, `labels` of the train table) is judged bookkeeping
    # a junk item that names an expected series (BZ-005's `train: 1519 | val: 217` beside its loss `train=0.36`) is
    # about other numbers on the line: the series is no junk
    expected = {normal_name(item.name).lower() for item in wanted}
    junk = label_names(row, "junk") - bookkeeping - expected
    problems.extend(f"junk name {name!r}" for name in sorted(junk & names))
    verdict.bookkeeping = sorted(name for name in metrics if name.lower() in bookkeeping)
    if row["shape"] == "negative":
        allowed = {normal_name(item.name) for item in wanted}
        invented = sorted(name for name in set(metrics) - allowed if name.lower() not in bookkeeping)
        if invented:
            problems.append(f"invented {len(invented)}: {', '.join(invented[:6])}")
    verdict.faithful = not problems
    verdict.series_right = not [p for p in problems if not p.startswith(("junk name", "invented"))]
    return verdict


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS, required=True)
    parser.add_argument("--kind", choices=("text", "structured"))
    parser.add_argument("--id", action="append", help="only these rows (not on an unseen split)")
    parser.add_argument("--show", action="store_true", help="print each row's problems (not on an unseen split)")
    args = parser.parse_args()
    chosen = split_rows(args.split)
    chosen = [row for row in chosen if (args.kind is None or row["kind"] == args.kind)]
    if args.id:
        chosen = [row for row in chosen if row["id"] in args.id and args.split not in UNSEEN]
    pulled = [row for row in chosen if (DEST / row["id"]).is_dir()]
    if len(pulled) < len(chosen):
        print(f"{len(chosen) - len(pulled)} rows not pulled (scripts/pull_real_logs.py): left out")
    verdicts = [judge(row) for row in pulled]
    show = (args.show or bool(args.id)) and args.split not in UNSEEN
    for verdict in verdicts:
        if show:
            mark = "ok  " if verdict.faithful else "FAIL"
            print(f"{mark} {verdict.id:<6} {verdict.kind:<10} {verdict.shape:<24} {verdict.seconds:6.2f}s")
            for problem in verdict.problems[:8]:
                print(f"       {problem}")
            if verdict.bookkeeping:
                shown = ", ".join(verdict.bookkeeping[:8])
                print(f"       bookkeeping reported (junk under the original labels): {shown}")
    print(f"split {args.split}:")
    for kind in ("text", "structured"):
        chosen = [v for v in verdicts if v.kind == kind]
        if chosen:
            good = sum(v.faithful for v in chosen)
            original = sum(v.faithful and not v.bookkeeping for v in chosen)
            exact = sum(v.faithful and v.exact_names for v in chosen)
            right = sum(v.series_right for v in chosen)
            crashes = sum(any(p.startswith(_CRASH) for p in v.problems) for v in chosen)
            share = f"{100 * good / len(chosen):.0f}%"
            print(f"  {kind:<10} faithful {good}/{len(chosen)} ({share}) with the audited labels;")
            print(f"  {'':<10} faithful {original}/{len(chosen)} under the original labels (bookkeeping as junk);")
            print(f"  {'':<10} faithful {exact}/{len(chosen)} with every name matched exactly (audited labels);")
            print(f"  {'':<10} expected series right, any junk aside {right}/{len(chosen)}; crashes {crashes}")
    shapes = Counter(v.shape for v in verdicts if not v.faithful)
    if show and shapes:
        print("  not faithful by shape: " + ", ".join(f"{shape} {n}" for shape, n in shapes.most_common()))


if __name__ == "__main__":
    main()
