"""Hugging Face Trainer's `trainer_state.json`.

Every entry of `log_history` is one logging moment at its `step`: training
entries (`loss`, `grad_norm`, `learning_rate`, `epoch`), evaluation entries
(`eval_loss`, `eval_runtime`...) and the final summary (`train_loss`,
`train_runtime`...). Every numeric field except `step` is a metric, named as
the file spells it; NaN and Infinity (which Python's json writes) are values.

A folder is claimed when it holds trainer_state.json, or checkpoints
`checkpoint-N/trainer_state.json`: the latest checkpoint (highest N) is read,
since each checkpoint's history contains the earlier ones.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..errors import UnreadableInputError, UserError
from ..workspace import Vet, open_vetted, present_file, regular_file
from .model import Run

FORMAT = "trainer_state"
FILE_NAME = "trainer_state.json"
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
    """The run of one trainer_state.json file; `notes` are kept on it."""
    try:
        with open_vetted(file, "rb") as handle:
            state = json.loads(handle.read())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UnreadableInputError(
            f"{source} is not valid JSON ({exc}); pass a complete trainer_state.json (a checkpoint's copy if the "
            "top-level one was cut short)"
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
    for entry in history:
        if not isinstance(entry, dict) or not _is_number(entry.get("step")):
            continue
        step = float(entry["step"])
        for name, value in entry.items():
            if name != "step" and _is_number(value):
                run.series(name).append(step, float(value))
    global_step, max_steps = state.get("global_step"), state.get("max_steps")
    if _is_number(global_step) and _is_number(max_steps) and global_step < max_steps:
        run.notes.append(f"training stopped at global_step {global_step} of max_steps {max_steps}")
    return run


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
