"""OpenMMLab JSON-lines logs: mmengine's `vis_data/scalars.json` and mmcv 1.x's `*.log.json` (mmdet/mmseg 2.x...).

Both are JSON Lines, but their steps need reading as the writers meant them (a plain JSONL reading gets them wrong):

- mmengine (`LoggerHook`, `LocalVisBackend.add_scalars`): a training record carries `epoch`, `iter` (global) and
  `step` (= iter); a validation record carries neither `epoch` nor `iter`, and in an epoch-based loop its `step` is
  the epoch (`after_val_epoch`: `add_scalars(tag, step=runner.epoch)`). A validation record after epoch k is put
  at the last training step logged in epoch k (the validation ran at that epoch's end), and this is noted.
- mmcv 1.x (`TextLoggerHook._dump_log`): a first line `runner.meta` (`env_info`, `config`: no metric), then records
  with `mode` (`train`/`val`), `epoch` (1-based) and `iter`, which for epoch-based runs restarts every epoch. The
  global step of a train record is `(epoch - 1) * iters_per_epoch + iter`; a `val` record ran at its epoch's end:
  `epoch * iters_per_epoch`. iters_per_epoch is the `iter` of the `val` records EvalHook writes (the epoch's last
  iteration; a `('val', 1)` workflow's counts the val loader and is smaller than the training iters), else the
  largest training `iter` (an under-estimate by less than the logging interval, which is noted). The `lr` a `val`
  record repeats is the training one: not kept.

Validation metrics keep the writer's names (`coco/bbox_mAP`, `bbox_mAP`); a name a training record also has
(`loss` computed by a `('val', 1)` workflow) gets `val/` before it, so that it never merges into the training
series. `epoch`, `iter` and `step` are the axis, not metrics; every other number is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UnreadableInputError
from ..nesting import flatten
from ..workspace import Vet, regular_file
from .contract import LogFormat
from .jsonl import as_number, parse_record
from .model import Event, Run
from .text import line_chunks

FORMAT = LogFormat.OPENMMLAB
SUFFIXES = (".json",)
SNIFF_LINES = 5
"""How many of the first lines are looked at to recognise the writer."""
AXIS_KEYS = frozenset({"epoch", "iter", "step", "mode"})
VAL_PREFIX = "val/"
MMENGINE_FILE = "scalars.json"
_MMENGINE_TRAIN = re.compile(rb'"epoch": \d+, (?:"iter": \d+, )?(?:"memory": \d+, )?"step": \d+\}\s*$')
"""The end of an mmengine training record: LoggerHook's tag (`epoch`, `iter` in epoch-based loops, `memory` on
GPU), then add_scalars' `step`."""
_MMCV_RECORD = re.compile(rb'^\{"mode": "(?:train|val)", "epoch": \d+, "iter": \d+')
"""The start of every mmcv 1.x record (TextLoggerHook's OrderedDict: mode, epoch, iter)."""


def sniff(path: Path, head: bytes) -> bool:
    """mmengine's scalars.json, or a JSON-lines file whose first lines are mmengine training records or mmcv 1.x
    train/val records."""
    if path.name == MMENGINE_FILE and head.lstrip().startswith(b"{"):
        return True
    lines = head.splitlines()[:SNIFF_LINES]
    return any(_MMENGINE_TRAIN.search(line) or _MMCV_RECORD.match(line) for line in lines)


def claims_dir(path: Path) -> bool:
    return False


def read(path: Path, source: str, vet: Vet = regular_file) -> list[Run]:
    """One run for one OpenMMLab JSON-lines file (see the module's docstring). The file is read twice: first for
    its layout (which writer, the training names, where each epoch ends), then for the values, so that memory
    holds the points kept, not the records."""
    path = vet(path)
    run = Run(source=source, format=FORMAT, files=[str(path)])
    layout = _Layout()
    for _, record in _records(path, source, None):
        layout.learn(record)
    if not layout.records:
        raise UnreadableInputError(f"{source}: no OpenMMLab log record (mmengine scalars.json, mmcv *.log.json)")
    if layout.mmcv:
        per_epoch = layout.iters_per_epoch(run)
        for index, record in _records(path, source, run):
            epoch, inner = as_number(record.get("epoch")), as_number(record.get("iter"))
            if record.get("mode") == "val":
                step = epoch * per_epoch if epoch is not None else None  # run at the end of its epoch
                _add(run, {k: v for k, v in record.items() if k != "lr"}, index, step, layout.train_names)
            else:
                step = (epoch - 1) * per_epoch + inner if epoch is not None and inner is not None else None
                _add(run, record, index, step, None)
        run.notes.append(
            f"steps are (epoch - 1) * {per_epoch:g} + iter (mmcv's iter restarts every epoch); a val record is at "
            "the end of its epoch"
        )
        return [run]
    moved = 0
    for index, record in _records(path, source, run):
        step = as_number(record.get("step"))
        if _is_mmengine_train(record):
            _add(run, record, index, step, None)
            continue
        if step is not None and step in layout.last_step_of_epoch:
            step = layout.last_step_of_epoch[step]
            moved += 1
        _add(run, record, index, step, layout.train_names)
    if moved:
        run.notes.append(
            f"{moved} validation records give the epoch as their step (mmengine, epoch-based loop): each is put at "
            "the last training step logged in that epoch"
        )
    return [run]


def _records(path: Path, source: str, run: Run | None) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, flattened record) of every log record; lines that are no JSON object become events of `run`
    (when given); mmcv's first line (`runner.meta`: environment and config) is no record."""
    for chunk, first_line in line_chunks(path, source):
        for offset, raw in enumerate(chunk.splitlines()):
            number = first_line + offset
            if not raw.strip():
                continue
            try:
                record = parse_record(raw)
            except ValueError as exc:
                if run is not None:
                    text = f"line {number} is not a JSON object ({exc}); skipped"
                    run.add_event(Event(line=number, level="warning", kind="warning", text=text))
                continue
            if run is not None:
                run.lines = number
            if "env_info" not in record and "config" not in record:
                yield number, flatten(record, "/")


@dataclass
class _Layout:
    """What the first reading learns: the writer, the training records' names, where epochs end."""

    records: int = 0
    mmcv: bool = False
    train_names: set[str] = field(default_factory=set)
    last_step_of_epoch: dict[float, float] = field(default_factory=dict)  # mmengine: epoch -> last train step
    last_train_iter: float = 0.0  # mmcv
    val_iters: set[float] = field(default_factory=set)  # mmcv

    def learn(self, record: dict[str, Any]) -> None:
        self.records += 1
        mode = record.get("mode")
        self.mmcv = self.mmcv or mode is not None
        training = mode == "train" if mode is not None else _is_mmengine_train(record)
        inner = as_number(record.get("iter"))
        if not training:
            if mode == "val" and inner is not None:
                self.val_iters.add(inner)
            return
        self.train_names.update(name for name in record if name not in AXIS_KEYS)
        step, epoch = as_number(record.get("step")), as_number(record.get("epoch"))
        if step is not None and epoch is not None:
            self.last_step_of_epoch[epoch] = step
        if inner is not None:
            self.last_train_iter = max(self.last_train_iter, inner)

    def iters_per_epoch(self, run: Run) -> float:
        """mmcv: an EvalHook val record's iter is the epoch's last iteration (a `('val', 1)` workflow's counts the
        val loader: smaller than the training iters); without one, the largest training iter, noted."""
        known = [inner for inner in self.val_iters if inner >= self.last_train_iter]
        if known:
            return max(known)
        run.notes.append(
            f"no val record tells the iterations per epoch: taken as {self.last_train_iter:g}, the largest iter "
            "logged (an under-estimate by less than the logging interval)"
        )
        return self.last_train_iter


def _is_mmengine_train(record: dict[str, Any]) -> bool:
    return "iter" in record or "epoch" in record


def _add(run: Run, record: dict[str, Any], index: int, step: float | None, prefix_clashing: set[str] | None) -> None:
    """Append the record's numbers at `step` (its line number when it has none); names in `prefix_clashing`
    get `val/` before them."""
    at = float(index) if step is None else step
    for name, value in record.items():
        if name in AXIS_KEYS:
            continue
        number = as_number(value)
        if number is None:
            continue
        shown = VAL_PREFIX + name if prefix_clashing is not None and name in prefix_clashing else name
        run.series(shown).append(at, number)
