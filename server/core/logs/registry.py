"""The readers `read_logs` knows, in detection order: most specific first, plain text (the fallback) last.

Importing this module imports every reader module; each imports its heavy libraries (tensorboard's protobuf
classes, yaml) only when it reads, so `read_logs` imports this lazily and the server starts light.
"""

from __future__ import annotations

from . import csv_reader, history, jsonl, mlflow_store, notebook, openmmlab, tensorboard, text, trainer_state, wandb_run
from .contract import LogFormat, LogReader

READERS: tuple[LogReader, ...] = (
    wandb_run,
    mlflow_store,
    tensorboard,
    trainer_state,
    openmmlab,
    notebook,
    history,
    csv_reader,
    jsonl,
    text,
)
BY_FORMAT: dict[LogFormat, LogReader] = {reader.FORMAT: reader for reader in READERS}
assert set(BY_FORMAT) == set(LogFormat), "every LogFormat has exactly one reader"


FALLBACK: LogReader = text
"""Plain text takes any text file: it is offered a file last, whatever its ending suggests (a Keras CSVLogger
`training.log` is CSV, a `.log` of JSON lines is JSONL)."""


def candidates(suffix: str) -> list[LogReader]:
    """Readers to offer a file with this ending: those its ending suggests, then the rest in detection order, the
    fallback (plain text) last."""
    hinted = [reader for reader in READERS if suffix.lower() in reader.SUFFIXES and reader is not FALLBACK]
    return hinted + [reader for reader in READERS if reader not in hinted and reader is not FALLBACK] + [FALLBACK]
