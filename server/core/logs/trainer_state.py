"""Hugging Face Trainer's `trainer_state.json`.

Every entry of `log_history` is one logging moment at its `step`: training
entries (`loss`, `grad_norm`, `learning_rate`, `epoch`), evaluation entries
(`eval_loss`, `eval_runtime`...) and the final summary (`train_loss`,
`train_runtime`...). Every numeric field except `step` is a metric, named as
the file spells it; NaN and Infinity (which Python's json writes) are values. An entry without `step` (written
by hand or by other trainers) is kept at the step of the entry before it; in a history where no entry has one,
each entry is at its `epoch`.

A folder is claimed when it holds trainer_state.json, or checkpoints
`checkpoint-N/trainer_state.json`: the latest checkpoint (highest N) is read,
since each checkpoint's history contains the earlier ones.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..cancel import CHECK_EVERY, check_cancelled
from ..errors import UnreadableInputError, UserError
from ..workspace import Vet, open_vetted, present_file, regular_file
from .contract import LogFormat
from .model import Run, no_metrics_yet

FORMAT = LogFormat.TRAINER_STATE
SUFFIXES = (".json",)
FILE_NAME = "trainer_state.json"
MAX_STATE_BYTES = 64 << 20
"""Largest trainer_state.json read (parsed whole: Python's json takes ~4x the file's size). A log entry is
~150 bytes: 64 MiB is ~400,000 logging moments, 200 million steps at the default logging_steps=500; a 1 GiB file
took 2.1 GB to parse."""
_CHECKPOINT = re.compile(r"checkpoint-(\d+)$")


def sniff(path: Path, head: bytes) -> bool:
    """trainer_state.json by name, or a JSON object with a `log_history` key near its start."""
    return path.name == FILE_NAME or (head.lstrip().startswith(b"{") and b'"log_history"' in head)


def claims_dir(path: Path) -> bool:
    return bool(state_files(path))


def state_files(folder: Path) -> list[Path]:
    """The folder's trainer_state.json files to read, preferred first: its own, then its `checkpoint-N` ones
    from the latest down (a later one is tried only when the gate refuses those before it)."""
    own = [folder / FILE_NAME] if present_file(folder / FILE_NAME) else []
    checkpoints = [
        (int(match.group(1)), child / FILE_NAME)
        for child in folder.iterdir()
        if (match := _CHECKPOINT.match(child.name)) and present_file(child / FILE_NAME)
    ]
    return own + [file for _, file in sorted(checkpoints, reverse=True)]


def read(path: Path, source: str, vet: Vet = regular_file) -> list[Run]:
    """One run from a trainer_state.json file or a training output folder; the file read passes `vet` first."""
    if not path.is_dir():
        return [read_state(vet(path), source, [])]
    skipped: list[str] = []
    for candidate in state_files(path):
        try:
            file = vet(candidate)
        except UserError as exc:
            skipped.append(f"{exc}; skipped")
            continue
        return [read_state(file, source, skipped)]
    why = f" ({'; '.join(skipped)})" if skipped else ""
    raise UnreadableInputError(f"{source} holds no trainer_state.json nor checkpoint-N/trainer_state.json{why}")


def read_state(file: Path, source: str, notes: list[str]) -> Run:
    """The run of one trainer_state.json file; `notes` are kept on it. A file over MAX_STATE_BYTES is refused
    unread (parsed whole, JSON takes several times its size in memory)."""
    size = file.stat().st_size
    if size > MAX_STATE_BYTES:
        raise UnreadableInputError(
            f"{source} is {size / 2**20:.0f} MiB, more than a trainer_state.json holds ({MAX_STATE_BYTES >> 20} MiB "
            "at most: a million log entries); pass the trainer_state.json the Trainer wrote, or export the metrics "
            "as JSON Lines"
        )
    try:
        with open_vetted(file, "rb") as handle:
            state = json.loads(handle.read())
    except ValueError as exc:  # malformed JSON, bad UTF-8, or an integer past Python's 4,300-digit limit
        raise UnreadableInputError(
            f"{source} is not valid JSON ({str(exc)[:200]}); pass a complete trainer_state.json (a checkpoint's "
            "copy if the top-level one was cut short)"
        ) from exc
    except RecursionError:
        raise UnreadableInputError(
            f"{source} is JSON nested too deeply to parse; it is not a Hugging Face trainer_state.json (whose "
            "log_history is a flat list of entries). Pass the trainer_state.json the Trainer wrote"
        ) from None
    history = state.get("log_history") if isinstance(state, dict) else None
    if not isinstance(history, list):
        raise UnreadableInputError(f"{source} has no log_history list; is it a Hugging Face trainer_state.json?")
    run = Run(source=source, format=FORMAT, files=[str(file)], notes=list(notes))
    entries = [entry for entry in history if isinstance(entry, dict)]
    stepped = any(_is_number(entry.get("step")) for entry in entries)
    step, stepless = 0.0, 0
    for index, entry in enumerate(entries):
        if not index % CHECK_EVERY:
            check_cancelled()
        if _is_number(entry.get("step")):
            step = float(entry["step"])
        elif stepped:
            stepless += 1  # logged after the entry before it: its step is the best known
        else:
            step = float(entry["epoch"]) if _is_number(entry.get("epoch")) else float(index)
        for name, value in entry.items():
            if name != "step" and _is_number(value) and (series := run.series_within_cap(name)) is not None:
                series.append(step, float(value))
    if not run.metrics:
        raise no_metrics_yet(source, f"log_history holds {len(history)} entries, none with a number")
    if stepless:
        run.notes.append(f"{stepless} log_history entries have no step: each is put at the step of the entry before it")
    elif entries and not stepped:
        run.notes.append("no log_history entry has a step: each is put at its epoch (else its index)")
    run.note_cuts()
    global_step, max_steps = state.get("global_step"), state.get("max_steps")
    if _is_number(global_step) and _is_number(max_steps) and global_step < max_steps:
        run.notes.append(f"training stopped at global_step {global_step} of max_steps {max_steps}")
    return run


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
