"""Weights & Biases local run folders (`wandb/run-*`, `wandb/offline-run-*`, offline or synced) and `.wandb` files.

What a run folder gives:
- every metric of the run's history from its transaction log `run-<id>.wandb`, at W&B's `_step`, or at the value of
  the step metric the run chose (`define_metric("*", step_metric="train/global_step")`, as transformers'
  WandbCallback does: then that axis is the step, not a series). Keys W&B adds (`_step`, `_runtime`,
  `_timestamp`, `_wandb`) and media (`{"_type": "image", ...}`) are not metrics; a nested dict logged
  (`{"train": {"loss": 1}}`) gives `train.loss`, as W&B shows it;
- the run's summary (`files/wandb-summary.json`, else the summary records of the `.wandb` file): values set on the
  summary only (transformers' `train_runtime`, the run-mean `train_loss`) are named in a note, and become
  one-point series only when the history holds no metric (a `.wandb` file missing from a copied run folder);
- `files/config.yaml`, the run's config, listed in `Run.config_files` (read by the config scan, not here);
- `files/output.log`, the console, read by the text reader: its warnings and errors are the run's events, its
  metric lines are used only when the history holds none;
- W&B's own `logs/debug.log`, `logs/debug-internal.log` (and `wandb/debug*.log`) are never read; given as a file
  (or in a folder of logs) one is refused with a pointer to the run folder.
A `wandb/` folder (or a project holding one) is one run per run folder, in time order; `latest-run`, a link to one
of them, is not read twice. A `.wandb` file given alone is read; its note points to the folder for the rest.

How the `.wandb` file is decoded: by this module, not by the `wandb` package (which pulls a 100 MB service and
network libraries into a server that must start light and never connect). The file is LevelDB's log format
(wandb/sdk/internal/datastore.py): a 7-byte header (`:W&B`, magic 0xBEE1, version 0), then 32 KiB blocks of chunks
`crc32 (4, little-endian, IEEE, seeded with the chunk type) | length (2) | type (1: full, 2: first, 3: middle,
4: last) | data`, a block's tail shorter than 7 bytes zero-padded. Each reassembled record is a protobuf `Record`
(wandb/proto/wandb_internal.proto), of which a small wire-format decoder here reads only: `history` (2) with its
items (1: key 1, nested_key 2, value_json 16) and step (2: num 1); `summary` (3: update 1 of the same items);
`metric` (12: name 1, glob_name 2, step_metric 4); `exit` (18: exit_code 1). A chunk whose checksum or framing is
wrong ends the reading with a note (the rest of the file is not guessed at).
"""

from __future__ import annotations

import json
import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from ..errors import UnreadableInputError, UserError
from ..workspace import Vet, open_vetted, present_file, regular_file
from .contract import LogFormat
from .model import Event, Run

FORMAT = LogFormat.WANDB
SUFFIXES = (".wandb",)
HEADER = b":W&B" + struct.pack("<HB", 0xBEE1, 0)
"""The file header (datastore.py: ident `:W&B`, magic 0xBEE1, version 0)."""
BLOCK_BYTES = 32768
"""LevelDB log block (datastore.py LEVELDBLOG_BLOCK_LEN)."""
CHUNK_HEADER = struct.Struct("<IHB")
FULL, FIRST, MIDDLE, LAST = 1, 2, 3, 4
MAX_RECORD_BYTES = 64 << 20
"""A record larger than this (a corrupt chain of chunks) stops the reading: memory stays bounded."""
MAX_SUMMARY_NOTED = 12
"""Summary-only values named in the note; the rest are counted."""
RUN_FOLDER = re.compile(r"^(?:offline-)?run-\d{8}_\d{6}-[A-Za-z0-9]+$")
DEBUG_LOGS = ("debug.log", "debug-internal.log", "debug-core.log")
_DEBUG_MARKERS = (b"[wandb_", b"[internal.py:", b"[handler.py:", b'"msg":"stream:', b"wandb-core")
"""What W&B's debug logs hold in their first lines (SDK module names, the internal service's messages)."""
DEBUG_HEAD_BYTES = 4096
"""How much of a file given alone is looked at for those markers (they are on its first lines)."""
CONSOLE = Path("files") / "output.log"
SUMMARY = Path("files") / "wandb-summary.json"
CONFIG = Path("files") / "config.yaml"

# Protobuf field numbers (wandb/proto/wandb_internal.proto).
_RECORD_HISTORY, _RECORD_SUMMARY, _RECORD_METRIC, _RECORD_EXIT = 2, 3, 12, 18
_ITEM_KEY, _ITEM_NESTED_KEY, _ITEM_VALUE_JSON = 1, 2, 16
_HISTORY_ITEM, _HISTORY_STEP, _STEP_NUM = 1, 2, 1
_SUMMARY_UPDATE = 1
_METRIC_NAME, _METRIC_GLOB, _METRIC_STEP_METRIC = 1, 2, 4
_EXIT_CODE = 1
_CHUNK_TYPE_CRC = [zlib.crc32(bytes([kind])) for kind in range(LAST + 1)]


def sniff(path: Path, head: bytes) -> bool:
    """A W&B transaction log (the `:W&B` header), or W&B's own debug log (claimed to be refused, never read as
    the training's output)."""
    return head.startswith(HEADER) or is_debug_log(path, head)


def is_debug_log(path: Path, head: bytes) -> bool:
    """W&B's `debug.log`, `debug-internal.log`, `debug-core.log`: by name, and by the W&B internals they log."""
    return path.name in DEBUG_LOGS and any(marker in head for marker in _DEBUG_MARKERS)


def claims_dir(path: Path) -> bool:
    """A W&B run folder, a `wandb/` folder of them, or a project folder holding `wandb/`."""
    return bool(run_folders(path))


def is_run_folder(folder: Path) -> bool:
    """A folder named `run-*`/`offline-run-*` holding a `.wandb` file or a `files/` folder, or any folder
    holding a `.wandb` file."""
    if not folder.is_dir():
        return False
    if any(child.suffix == ".wandb" and not child.is_dir() for child in folder.iterdir()):
        return True
    return bool(RUN_FOLDER.match(folder.name)) and (folder / "files").is_dir()


def run_folders(folder: Path) -> list[Path]:
    """The run folders `folder` stands for: itself, its `run-*` children, or those of its `wandb/` child; each
    once (`latest-run` links to one of them), in name order (the names start with the run's start time)."""
    if is_run_folder(folder):
        return [folder]
    for base in (folder, folder / "wandb"):
        if not base.is_dir():
            continue
        found = sorted(child for child in base.iterdir() if RUN_FOLDER.match(child.name) and not child.is_symlink())
        runs = [child for child in found if is_run_folder(child)]
        if runs:
            return runs
    return []


def read(path: Path, source: str, vet: Vet = regular_file) -> list[Run]:
    """One run per run folder of `path` (see `run_folders`), or the run of one `.wandb` file."""
    if not path.is_dir():
        file = vet(path)
        with open_vetted(file) as stream:
            head = stream.read(DEBUG_HEAD_BYTES)
        if is_debug_log(file, head):
            raise UnreadableInputError(
                f"{source} is W&B's own debug log (its internals, not the training's output): pass the run folder "
                "(wandb/run-* or wandb/offline-run-*), whose .wandb history holds the metrics"
            )
        run = Run(source=source, format=FORMAT)
        history = read_transaction_log(file, run)
        finish(run, history, summary_file=None)
        if (path.parent / "files").is_dir():
            run.notes.append(
                f"read {path.name} alone: pass its run folder ({path.parent.name}) to read its console "
                "(files/output.log) and config too"
            )
        return [run]
    folders = run_folders(path)
    if not folders:
        raise UnreadableInputError(
            f"{source} holds no W&B run folder (wandb/run-* or wandb/offline-run-* with a .wandb file or files/)"
        )
    runs = []
    problems = []
    for folder in folders:
        relative = folder.relative_to(path).as_posix()
        try:
            runs.append(read_run_folder(folder, source if relative == "." else f"{source.rstrip('/')}/{relative}", vet))
        except UserError as exc:
            problems.append(str(exc))
    if not runs:
        raise UnreadableInputError("; ".join(problems))
    runs[0].notes.extend(f"{problem}; skipped" for problem in problems)
    return runs


def read_run_folder(folder: Path, source: str, vet: Vet) -> Run:
    """The run of one run folder: history, summary, config path and console (see the module's docstring)."""
    run = Run(source=source, format=FORMAT)
    history = _History()
    logs = sorted(child for child in folder.iterdir() if child.suffix == ".wandb" and not child.is_dir())
    for log in logs:
        try:
            history = read_transaction_log(vet(log), run, history)
        except UserError as exc:
            run.notes.append(f"{exc}; skipped")
    if not logs:
        run.notes.append("no .wandb file: the history was not copied with this folder")
    summary_file = _vetted(folder / SUMMARY, run, vet)
    config = _vetted(folder / CONFIG, run, vet)
    if config is not None:
        run.config_files.append(str(config))
    console = _vetted(folder / CONSOLE, run, vet)
    if console is not None:
        read_console(console, run, f"{source.rstrip('/')}/{CONSOLE.as_posix()}", keep_metrics=not run.metrics)
    finish(run, history, summary_file)
    if not run.metrics and not run.events_total and not run.files:
        raise UnreadableInputError(
            f"{source} is a W&B run folder with nothing readable (no .wandb file, wandb-summary.json or output.log)"
        )
    return run


def _vetted(path: Path, run: Run, vet: Vet) -> Path | None:
    if not present_file(path):
        return None
    try:
        return vet(path)
    except UserError as exc:
        run.notes.append(f"{exc}; skipped")
        return None


def read_console(path: Path, run: Run, shown: str, keep_metrics: bool) -> None:
    """`files/output.log` through the text reader: its events always, its metrics when the history has none."""
    from . import text

    run.files.append(str(path))
    try:
        (console,) = text.read(path, shown)
    except UnreadableInputError:
        return  # an empty console, or one with no line the text reader takes: nothing to add
    for event in console.events:
        event.file = event.file or shown
        run.add_event(event)
    run.events_total += console.events_total - len(console.events)
    run.samples += console.samples
    run.samples_total += console.samples_total
    if keep_metrics and console.metrics:
        run.metrics.update(console.metrics)
        run.notes.append("the history holds no metric: metrics read from the console (files/output.log)")
    run.lines += console.lines


# --- the history -------------------------------------------------------------------------------------------------


@dataclass
class _History:
    """What the transaction log holds, gathered record by record."""

    rows: int = 0
    summary: dict[str, Any] = field(default_factory=dict)
    step_metrics: dict[str, str] = field(default_factory=dict)  # metric name or glob -> its step metric
    last_step_value: dict[str, float] = field(default_factory=dict)
    exit_code: int | None = None
    axes: dict[str, str | None] = field(default_factory=dict)
    """Each metric's step metric (itself for a step metric, None for `_step`), worked out once per name."""

    def define_metric(self, pattern: str, axis: str) -> None:
        self.step_metrics[pattern] = axis
        self.axes.clear()

    def axis_of(self, name: str) -> str | None:
        """The step metric `name` is logged against (`define_metric`), `name` itself if it is one, else None."""
        if name not in self.axes:
            if name in self.step_metrics.values():
                self.axes[name] = name
            else:
                self.axes[name] = self.step_metrics.get(name) or _glob_step_metric(self.step_metrics, name)
        return self.axes[name]


def read_transaction_log(path: Path, run: Run, history: _History | None = None) -> _History:
    """Add every history row of a `.wandb` file to `run`'s series; return what else the log says."""
    history = history or _History()
    records = 0
    for record in records_of(path, run):
        records += 1
        for number, value in _fields(record):
            if number == _RECORD_HISTORY:
                _add_row(run, history, value)
            elif number == _RECORD_SUMMARY:
                _update_summary(history.summary, value)
            elif number == _RECORD_METRIC:
                _define_metric(history, value)
            elif number == _RECORD_EXIT:
                history.exit_code = _signed(next((v for n, v in _fields(value) if n == _EXIT_CODE), 0))
    if not records:
        raise UnreadableInputError(
            f"{path.name} is not a W&B transaction log (no record after its header); pass the run folder "
            "(wandb/run-*) or another log"
        )
    run.files.append(str(path))
    return history


def records_of(path: Path, run: Run) -> Iterator[bytes]:
    """The records of a LevelDB-log file, reassembled from their chunks; a broken chunk ends the file with a note."""
    with open_vetted(path) as stream:
        if stream.read(len(HEADER)) != HEADER:
            raise UnreadableInputError(
                f"{path.name} does not start with the W&B header (:W&B); pass a .wandb file or its run folder"
            )
        offset = len(HEADER)
        pending: list[bytes] = []
        pending_bytes = 0
        block = stream.read(BLOCK_BYTES - offset)
        position = 0
        while block:
            if len(block) - position < CHUNK_HEADER.size:
                offset += len(block) - position
                block, position = stream.read(BLOCK_BYTES), 0
                continue
            checksum, length, kind = CHUNK_HEADER.unpack_from(block, position)
            start = position + CHUNK_HEADER.size
            data = block[start : start + length]
            problem = _chunk_problem(checksum, length, kind, data, bool(pending))
            if problem == "padding":
                offset += len(block) - position
                block, position = stream.read(BLOCK_BYTES), 0
                continue
            if problem:
                run.notes.append(f"{path.name}: {problem} at byte {offset}; the rest of the file was skipped")
                return
            position = start + length
            offset += CHUNK_HEADER.size + length
            if kind == FULL:
                yield data
                continue
            pending.append(data)
            pending_bytes += length
            if pending_bytes > MAX_RECORD_BYTES:
                run.notes.append(f"{path.name}: a record larger than {MAX_RECORD_BYTES >> 20} MiB at byte {offset}; "
                                 "the rest of the file was skipped")  # fmt: skip
                return
            if kind == LAST:
                yield b"".join(pending)
                pending, pending_bytes = [], 0
        if pending:
            run.notes.append(f"{path.name}: the last record is cut short (file still being written?); it was skipped")


def _chunk_problem(checksum: int, length: int, kind: int, data: bytes, continuing: bool) -> str:
    """Why a chunk cannot be taken ("" when it can; "padding" for a zeroed block tail)."""
    if checksum == 0 and length == 0 and kind == 0:
        return "padding"
    if kind not in (FULL, FIRST, MIDDLE, LAST):
        return f"a chunk of unknown type {kind}"
    if len(data) < length:
        return "a chunk cut short (file still being written?)"
    if zlib.crc32(data, _CHUNK_TYPE_CRC[kind]) != checksum:
        return "a chunk whose checksum does not match (corrupt file)"
    if continuing != (kind in (MIDDLE, LAST)):
        return "a chunk out of order"
    return ""


def _add_row(run: Run, history: _History, record: bytes) -> None:
    row: dict[str, Any] = {}
    step: float | None = None
    for number, value in _fields(record):
        if number == _HISTORY_ITEM:
            name, parsed = _item(value)
            if name is not None:
                row[name] = parsed
        elif number == _HISTORY_STEP:
            step = float(next((_signed(v) for n, v in _fields(value) if n == _STEP_NUM), 0))
    history.rows += 1
    if step is None:
        step = _number(row.get("_step"))
        step = float(history.rows - 1) if step is None else step
    for name, value in _numbers(row):
        axis = history.axis_of(name)
        if axis is None:
            run.series(name).append(step, value)
        elif axis == name:
            history.last_step_value[name] = value  # the step metric itself: the axis, not a series
        else:
            axis_value = _number(row.get(axis))
            if axis_value is not None:
                history.last_step_value[axis] = axis_value
            run.series(name).append(history.last_step_value.get(axis, step), value)


def _glob_step_metric(step_metrics: dict[str, str], name: str) -> str | None:
    for pattern, axis in step_metrics.items():
        if any(ch in pattern for ch in "*?[") and fnmatchcase(name, pattern) and name != axis:
            return axis
    return None


def _numbers(row: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, float]]:
    """The metrics of a history row (or summary): numbers, nested dicts flattened with `.`; W&B's own `_` keys
    and media (`{"_type": ...}`) left out."""
    for name, value in row.items():
        if name.startswith("_"):
            continue
        if isinstance(value, dict):
            if "_type" not in value:
                yield from _numbers(value, f"{prefix}{name}.")
            continue
        number = _number(value)
        if number is not None:
            yield f"{prefix}{name}", number


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _item(record: bytes) -> tuple[str | None, Any]:
    """(name, parsed value) of a history, summary or config item; the name None when the value is no JSON."""
    key = ""
    nested: list[str] = []
    raw = b""
    for number, value in _fields(record):
        if number == _ITEM_KEY:
            key = value.decode("utf-8", "replace")
        elif number == _ITEM_NESTED_KEY:
            nested.append(value.decode("utf-8", "replace"))
        elif number == _ITEM_VALUE_JSON:
            raw = value
    try:
        parsed: Any = float(raw)  # most values are JSON numbers (NaN, Infinity included): float() reads them
    except ValueError:
        try:
            parsed = json.loads(raw)
        except (ValueError, RecursionError):
            return None, None
    return (key or ".".join(nested)), parsed


def _update_summary(summary: dict[str, Any], record: bytes) -> None:
    for number, value in _fields(record):
        if number == _SUMMARY_UPDATE:
            name, parsed = _item(value)
            if name:
                summary[name] = parsed


def _define_metric(history: _History, record: bytes) -> None:
    name = glob = axis = ""
    for number, value in _fields(record):
        if number == _METRIC_NAME:
            name = value.decode("utf-8", "replace")
        elif number == _METRIC_GLOB:
            glob = value.decode("utf-8", "replace")
        elif number == _METRIC_STEP_METRIC:
            axis = value.decode("utf-8", "replace")
    if axis and (name or glob):
        history.define_metric(name or glob, axis)


def finish(run: Run, history: _History, summary_file: Path | None) -> None:
    """Summary, exit code and the note on the step axis, once the history is read."""
    summary = history.summary
    if summary_file is not None:
        run.files.append(str(summary_file))
        try:
            with open_vetted(summary_file) as stream:
                loaded = json.loads(stream.read())
        except (ValueError, RecursionError) as exc:
            run.notes.append(f"files/wandb-summary.json is not valid JSON ({exc}); its values are not used")
        else:
            if isinstance(loaded, dict):
                summary = loaded
    values = dict(_numbers(summary))
    step = _number(summary.get("_step"))
    if not run.metrics and values:
        at = 0.0 if step is None else step
        for name, value in values.items():
            run.series(name).append(at, value)
        run.notes.append(f"the history holds no metric: the summary's {len(values)} final values are one-point series")
    else:
        only = [f"{name}={value:g}" for name, value in values.items() if name not in run.metrics]
        axes = set(history.step_metrics.values())
        only = [item for item in only if item.split("=")[0] not in axes]
        if only:
            shown = ", ".join(only[:MAX_SUMMARY_NOTED]) + (
                f" (+{len(only) - MAX_SUMMARY_NOTED} more)" if len(only) > MAX_SUMMARY_NOTED else ""
            )
            run.notes.append(f"set on the summary only (not in the history): {shown}")
    axes_used = sorted(
        {axis for axis in history.step_metrics.values() if history.last_step_value.get(axis) is not None}
    )
    if axes_used:
        run.notes.append(f"steps are the run's step metric {', '.join(axes_used)} (define_metric), not W&B's _step")
    if history.exit_code:
        run.add_event(
            Event(line=None, level="error", kind="error", text=f"the run exited with code {history.exit_code}")
        )


# --- protobuf wire format ------------------------------------------------------------------------------------------


def _fields(message: bytes) -> Iterator[tuple[int, Any]]:
    """(field number, value) of a protobuf message: an int for varint and fixed-width fields, bytes for
    length-delimited ones. Raises nothing: a malformed tail ends the fields. (One-byte keys and lengths, nearly
    all of them, are read inline: this loop is the reader's hot path.)"""
    end = len(message)
    position = 0
    while position < end:
        key = message[position]
        position += 1
        if key & 0x80:
            key, position = _varint(message, position - 1)
            if position < 0:
                return
        number, wire = key >> 3, key & 7
        if wire == 2:
            if position >= end:
                return
            length = message[position]
            position += 1
            if length & 0x80:
                length, position = _varint(message, position - 1)
                if position < 0:
                    return
            if position + length > end:
                return
            yield number, message[position : position + length]
            position += length
        elif wire == 0:
            value, position = _varint(message, position)
            if position < 0:
                return
            yield number, value
        elif wire in (1, 5):
            size = 8 if wire == 1 else 4
            if position + size > end:
                return
            yield number, int.from_bytes(message[position : position + size], "little")
            position += size
        else:
            return  # groups (3, 4) are not used by wandb's protos; anything else is corrupt


def _varint(message: bytes, position: int) -> tuple[int, int]:
    """The varint at `position` and the position after it; position -1 when it runs off the end."""
    result = shift = 0
    end = len(message)
    while position < end and shift < 70:
        byte = message[position]
        position += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, position
        shift += 7
    return 0, -1


def _signed(value: int) -> int:
    """An int64/int32 varint as a signed number (negative numbers are written as 10-byte two's complement)."""
    return value - (1 << 64) if value >= 1 << 63 else value
