"""Entry point of the readers: detect each path's format and read it into runs.

Detection: a folder is offered to each format's `claims_dir` (TensorBoard run folders, MLflow stores, Lightning
log folders...); a folder no format claims is read as the log files directly inside it (`*.log`, `*.txt`,
`*.out`, `*.jsonl`), else as its tables, histories and documents (`*.csv`, `*.json`, `*.md`, `*.ipynb`). A file is
offered to each format's `sniff(path, head)`, the formats its extension suggests first, plain text last. `fmt` forces
a format.

One gate for every file: the paths given go through `Workspace.resolve`, and every file read, given or found
inside a folder, goes through `Workspace.vet_file` (passed to each reader as `vet`) before it is opened, so that
a symlink in a run folder cannot lead out of the workspace and a named pipe is never opened. A file the gate
refuses is skipped with a note (the run's `notes`, or `unreadable` for a folder of logs). Run files are shown
relative to the workspace root holding them.

Per-rank logs: a file whose name carries a rank (`rank0.log`, `rank_1.txt`, `train-rank3.log`,
`node0_rank1.log`) gives its own run with `rank` set, so that detectors can compare the ranks of one run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UnreadableInputError, UserError
from ..workspace import Vet, Workspace, open_vetted
from .contract import HEAD_BYTES, LogFormat, LogReader
from .model import NO_METRICS_YET, Run

FORMAT_NAMES = tuple(str(f) for f in LogFormat)
FOLDER_LOG_SUFFIXES = (".log", ".txt", ".out", ".jsonl", ".ndjson")
FOLDER_OTHER_SUFFIXES = (".csv", ".tsv", ".json", ".md", ".ipynb")
"""Files read from a folder of logs only when none of its log files gave a run: tables and histories
(`history.csv`, `training_log.json`), consoles kept in a README or a notebook. A data file or a config beside a
training log is no run."""
_RANK = re.compile(r"(?:^|[^a-z])rank[_-]?(\d+)", re.IGNORECASE)


@dataclass
class ReadResult:
    runs: list[Run]
    unreadable: list[str] = field(default_factory=list)


def rank_of(path: Path) -> int | None:
    """The rank a file name carries (`rank0.log`, `node0_rank1.txt`), or None."""
    found = _RANK.findall(path.stem)
    return int(found[-1]) if found else None


def read_logs(workspace: Workspace, paths: list[str], fmt: str = "auto", loss_metric: str | None = None) -> ReadResult:
    """Read every path (file or run folder) inside `workspace` and give each run's series their roles;
    `loss_metric` names the training loss where the caller knows better. Raise `UserError` when no path gives a
    run, or when no run has a series named `loss_metric`."""
    if fmt != "auto" and fmt not in FORMAT_NAMES:
        raise UserError(f"unknown format {fmt!r}; use 'auto' or one of: {', '.join(FORMAT_NAMES)}")
    if not paths:
        raise UserError("no path given; pass a log file or a run folder inside the workspace")
    runs: list[Run] = []
    unreadable: list[str] = []
    for text in paths:
        try:
            path = workspace.resolve(text)
            runs.extend(read_path(path, workspace.relative(path), fmt, workspace.vet_file, unreadable))
        except UserError as exc:
            unreadable.append(str(exc))
        except OSError as exc:
            unreadable.append(f"{text}: cannot be read ({exc.strerror or exc}); check its permissions")
    if not runs:
        if len(unreadable) == 1:
            raise UserError(unreadable[0])
        raise UserError("no path gave a run: " + "; ".join(unreadable))
    for run in runs:
        run.files = [workspace.relative(Path(file)) for file in run.files]
        run.config_files = [workspace.relative(Path(file)) for file in run.config_files]
        for sample in run.samples:
            sample.file = workspace.relative(Path(sample.file)) if sample.file else sample.file
        if run.rank is None and run.files:
            run.rank = rank_of(Path(run.files[0]))
    give_roles(runs, loss_metric)
    return ReadResult(runs, unreadable)


def give_roles(runs: list[Run], loss_metric: str | None) -> None:
    """Assign every run's metric roles, with `loss_metric` as the training loss in the runs that log it; a model's
    size printed as a series (`n_parameters`) is left out, and a counter of progress beside the step (`epoch`) moved
    to the run's axes."""
    from .roles import assign_roles, is_axis, is_model_size

    if loss_metric is not None and not any(loss_metric in run.metrics for run in runs):
        names = sorted({name for run in runs for name in run.metrics})
        shown = ", ".join(names[:40]) + (f" (+{len(names) - 40} more)" if len(names) > 40 else "")
        raise UserError(f"loss_metric {loss_metric!r} is not a metric of these runs; they log: {shown}")
    for run in runs:
        for name in [n for n, series in run.metrics.items() if is_model_size(n, series.values)]:
            del run.metrics[name]
            run.notes.append(f"{name} is the model's size, not a metric: left out")
        for name in [n for n, series in run.metrics.items() if is_axis(n, series.values, series.steps)]:
            run.axes[name] = run.metrics.pop(name)
        if loss_metric is not None and loss_metric not in run.metrics:
            run.notes.append(f"no series {loss_metric!r} in this run: its training loss was chosen by name")
            run.roles = assign_roles(run)
        else:
            run.roles = assign_roles(run, loss_metric)


def read_path(path: Path, shown: str, fmt: str, vet: Vet, skipped: list[str]) -> list[Run]:
    """The runs of a file or folder; `vet` gates every file opened, `skipped` collects files of a folder of logs
    that gave no run while others did."""
    if path.is_dir():
        return read_folder(path, shown, fmt, vet, skipped)
    return read_file(path, shown, fmt, vet)


def read_folder(path: Path, shown: str, fmt: str, vet: Vet, skipped: list[str]) -> list[Run]:
    """A run folder some format claims, else the log files directly inside it."""
    for reader in readers(fmt):
        if reader.claims_dir(path):
            return reader.read(path, shown, vet)
    runs: list[Run] = []
    problems: list[str] = []
    for suffixes in (FOLDER_LOG_SUFFIXES, FOLDER_OTHER_SUFFIXES):
        logs = sorted(p for p in path.iterdir() if p.suffix.lower() in suffixes and not p.is_dir())
        for log in logs:
            try:
                runs.extend(read_file(log, f"{shown.rstrip('/')}/{log.name}", fmt, vet))
            except UserError as exc:
                problems.append(str(exc))
        if runs:
            break
    if runs:
        skipped.extend(problems)
        runs = join_split_files(runs)
    else:
        why = f" ({'; '.join(problems)})" if problems else ""
        raise UnreadableInputError(
            f"{shown} holds no run{why}: no TensorBoard event files, metrics.csv, trainer_state.json, mlflow.db or "
            "mlruns/, W&B run folders, nor *.log/*.txt/*.jsonl/*.csv/*.json files. Pass the log file itself or the "
            "run's folder"
        )
    return runs


def join_split_files(runs: list[Run]) -> list[Run]:
    """A training log and the held-out logs written beside it (`train.log` and `valid.log`, `log_train.txt` and
    `log_val.txt`, `loss_log.txt` and `val_loss_log.txt`: file names that differ only by a split word, the training
    one's a training word or none) are one run: the held-out files' series join the training run's, named with their
    split word (`valid.log`'s `loss` is `valid_loss`) unless their name already carries one."""
    from .roles import SPLIT_WORDS, split_of, words

    by_rest: dict[tuple[str, ...], list[tuple[Run, str | None]]] = {}
    for run in runs:
        parts = words(Path(run.files[0]).stem) if len(run.files) == 1 and rank_of(Path(run.files[0])) is None else []
        said = [part for part in parts if part in SPLIT_WORDS]
        if len(said) <= 1 and parts:
            rest = tuple(part for part in parts if part not in SPLIT_WORDS)
            by_rest.setdefault(rest, []).append((run, said[0] if said else None))
    held_in: set[int] = set()
    for members in by_rest.values():
        training = [(run, word) for run, word in members if word is None or SPLIT_WORDS[word] == "train"]
        held = [(run, word) for run, word in members if word is not None and SPLIT_WORDS[word] != "train"]
        if len(training) != 1 or not held:
            continue
        ((run, train_word),) = training
        _name_unnamed(run, train_word or "train")
        for other, word in held:
            _name_unnamed(other, word)
            for name, series in other.metrics.items():
                into = run.series(name if split_of(words(name)) else f"{word}_{name}")
                for step, value in zip(series.steps, series.values, strict=True):
                    into.append(step, value)
            run.files += other.files
            run.events += other.events
            run.events_total += other.events_total
            run.notes.append(f"{Path(other.files[0]).name} holds this run's {word} series")
            held_in.add(id(other))
    return [run for run in runs if id(run) not in held_in]


def _name_unnamed(run: Run, split_word: str) -> None:
    """A series the log printed without a name (one value per line: it took the file's name) is named by the split
    its file holds (`log_val.txt`'s values are `val`), as a bare split name reads (`roles._splits_as_losses`)."""
    unnamed = Path(run.files[0]).name
    if unnamed in run.metrics and split_word not in run.metrics:
        run.metrics = {split_word if name == unnamed else name: series for name, series in run.metrics.items()}


def read_file(path: Path, shown: str, fmt: str, vet: Vet) -> list[Run]:
    path = vet(path)
    with open_vetted(path, "rb") as handle:
        head = handle.read(HEAD_BYTES)
    if not head:
        raise UnreadableInputError(f"{shown} is empty; the run may not have logged yet. Pass a log with output in it")
    if fmt != "auto":
        return readers(fmt)[0].read(path, shown, vet)
    from . import text
    from .registry import candidates

    for reader in candidates(path.suffix):
        if reader.sniff(path, head):
            try:
                return reader.read(path, shown, vet)
            except UnreadableInputError as error:
                if reader.FORMAT is not LogFormat.CSV or NO_METRICS_YET not in str(error):
                    raise
                return _read_as_text(path, shown, vet, error)
    if text.looks_binary(head):
        raise UnreadableInputError(
            f"{shown} is a binary file, not a training log this server reads; pass a text log, JSONL, CSV, "
            "trainer_state.json, a TensorBoard event file or an MLflow store"
        )
    try:  # text is the fallback: a console log with events and no metric curve is a run all the same
        return text.read(path, shown, vet)
    except UnreadableInputError:
        raise UnreadableInputError(
            f"{shown}: no reader recognises this file; pass format= one of {', '.join(FORMAT_NAMES)}"
        ) from None


def _read_as_text(path: Path, shown: str, vet: Vet, error: UnreadableInputError) -> list[Run]:
    """A file its ending or its first bytes took for a table, holding no number in its cells, read as the console
    log it is (a script's prints saved as `train_log.csv`); `error` stands when no metric is read that way either."""
    from . import text

    try:
        runs = text.read(path, shown, vet)
    except UnreadableInputError:
        raise error from None
    if not any(run.metrics for run in runs):
        raise error
    return runs


def readers(fmt: str) -> list[LogReader]:
    """The reader `fmt` names, or every reader in detection order for "auto"."""
    from .registry import BY_FORMAT, READERS

    return list(READERS) if fmt == "auto" else [BY_FORMAT[LogFormat(fmt)]]
