"""The reader contract: what every log reader claims and returns.

A reader turns one format's files into `Run`s (metric `Series` plus warning/error `Event`s). Each reader is a
module of this package that satisfies `LogReader`, listed once, in detection order, in `registry.READERS`.
`reading.read_logs` is the only caller: it offers a folder to each reader's `claims_dir`, a file to each
reader's `sniff` (the readers whose `SUFFIXES` match first), then calls `read` on the first that accepts, and
finally gives every run its metric roles (`roles.assign_roles`), which every tool that judges a run reads.

What a reader promises:
- `read` opens files only after passing them through `vet` (the workspace gate), reads them streaming, and keeps
  memory bounded by the points it keeps, not by the file's size.
- NaN and inf are values. A line or record it cannot read is an event or a note, not an exception; a file that is
  not of its format at all raises `UnreadableInputError` with what to pass instead.
- Metric names are those the file writes (a space becomes `_`); nothing that is not a metric (hyperparameter
  echoes, versions, paths, logger prefixes) becomes one. Steps are the run's own global step where the file
  gives one.
- What a run prints of its model's outputs (generated text, predictions) are sample events (`Run.samples`, read
  by `samples.SampleScanner` for console text: the text reader and W&B's `output.log`), never metrics.
"""

from __future__ import annotations

from enum import Enum, unique
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..workspace import Vet
    from .model import Run


@unique
class LogFormat(str, Enum):
    """The formats `read_logs` knows, by the name a caller passes as `format=`."""

    TEXT = "text"
    JSONL = "jsonl"
    CSV = "csv"
    TRAINER_STATE = "trainer_state"
    TENSORBOARD = "tensorboard"
    MLFLOW = "mlflow"
    WANDB = "wandb"
    OPENMMLAB = "openmmlab"
    NOTEBOOK = "notebook"
    HISTORY = "history"

    def __str__(self) -> str:
        return self.value


HEAD_BYTES = 64 << 10
"""How much of a file a reader's `sniff` sees as its `head` (and the text reader tells its encoding from)."""


class LogReader(Protocol):
    """One log format. Implemented by a module of this package (see `registry.READERS`)."""

    @property
    def FORMAT(self) -> LogFormat:  # noqa: N802 - a module constant in the readers
        """The format's name, as `format=` takes it and as runs report it."""
        ...

    @property
    def SUFFIXES(self) -> tuple[str, ...]:  # noqa: N802
        """File endings that suggest this format: those readers are offered a file first."""
        ...

    def sniff(self, path: Path, head: bytes) -> bool:
        """Whether the file at `path`, whose first bytes are `head`, is of this format."""
        ...

    def claims_dir(self, path: Path) -> bool:
        """Whether the folder is a run (or a store of runs) of this format."""
        ...

    def read(self, path: Path, source: str, vet: Vet) -> list[Run]:
        """The runs of a file or claimed folder; `source` is how the path is shown, `vet` gates every file."""
        ...
