"""MLflow local tracking stores, read without importing mlflow.

Two layouts:
- the SQLite store (`mlflow.db`, tracking URI `sqlite:///mlflow.db`), opened
  read-only: tables `runs`, `metrics` (key, value, timestamp, step, is_nan,
  run_uuid), `experiments`, `tags` (the run name is the tag `mlflow.runName`).
  MLflow stores NaN as is_nan=1 and +/-inf as +/-DBL_MAX; both are read back
  as the non-finite values that were logged.
- the older file store `mlruns/<experiment_id>/<run_id>/` with `meta.yaml`
  and one file per metric under `metrics/` (nested folders for names with a
  `/`), each line `timestamp value step`.
One run per MLflow run (deleted runs skipped), named `<source>#<run name>`.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

import yaml

from ..cancel import CHECK_EVERY, check_cancelled
from ..errors import UnreadableInputError, UserError
from ..safe_yaml import load_yaml
from ..workspace import Vet, connect_sqlite_readonly, open_vetted, present_file, regular_file
from .contract import LogFormat
from .model import NO_METRICS_YET, Run

FORMAT = LogFormat.MLFLOW
SUFFIXES = (".db", ".sqlite")
DB_NAME = "mlflow.db"
SQLITE_MAGIC = b"SQLite format 3\x00"
MAX_STORE_DEPTH = 3
"""How deep below a given folder file-store run folders are looked for (project/mlruns/<exp>/<run>)."""
MAX_METRIC_LINE_CHARS = 4096
"""Longest line of a file-store metric file read; MLflow writes `timestamp value step`, ~40 characters."""
_REQUIRED_TABLES = {"runs", "metrics", "experiments"}


def sniff(path: Path, head: bytes) -> bool:
    """mlflow.db by name, or an SQLite file with MLflow's runs/metrics/experiments tables."""
    if path.name == DB_NAME:
        return True
    if not head.startswith(SQLITE_MAGIC):
        return False
    try:
        with closing(_connect(path)) as connection:
            return _tables(connection) >= _REQUIRED_TABLES
    except sqlite3.Error:
        return False


def claims_dir(path: Path) -> bool:
    """A folder holding mlflow.db, or file-store run folders (itself, its experiments, or mlruns/)."""
    return present_file(path / DB_NAME) or bool(file_store_runs(path))


def read(path: Path, source: str, vet: Vet = regular_file) -> list[Run]:
    """Every live run of an mlflow.db file, or of the store(s) a folder holds; refused when there is none.

    Every file opened (mlflow.db, meta.yaml, metric files) passes `vet` first; one it refuses is skipped with a
    note, or named in the error when no run is left.
    """
    skipped: list[str] = []
    runs = read_store_folder(path, source, vet, skipped) if path.is_dir() else read_sqlite(vet(path), source)
    if not runs:
        why = f" ({'; '.join(skipped)})" if skipped else ""
        raise UnreadableInputError(
            f"{source} holds no MLflow run (deleted runs are skipped){why}; check the tracking URI the training used"
        )
    runs[0].notes.extend(skipped)
    return runs


def read_store_folder(path: Path, source: str, vet: Vet, skipped: list[str]) -> list[Run]:
    """The runs of the folder's mlflow.db, then of its file-store run folders; files `vet` refuses go to
    `skipped`."""
    runs: list[Run] = []
    if present_file(path / DB_NAME):
        try:
            database = vet(path / DB_NAME)
        except UserError as exc:
            skipped.append(f"{exc}; skipped")
        else:
            runs = read_sqlite(database, f"{source.rstrip('/')}/{DB_NAME}")
    for run_folder in file_store_runs(path):
        run = read_file_store_run(run_folder, _store_source(path, run_folder, source), vet)
        if run is not None:
            runs.append(run)
    return runs


def read_sqlite(path: Path, source: str) -> list[Run]:
    """The runs of an MLflow SQLite store, opened read-only (the file is never written)."""
    try:
        with closing(connect_sqlite_readonly(path)) as connection:
            missing = _REQUIRED_TABLES - _tables(connection)
            if missing:
                raise UnreadableInputError(
                    f"{source} is an SQLite database but not an MLflow store (no {', '.join(sorted(missing))} "
                    "table); pass the mlflow.db your tracking URI points at"
                )
            return _sqlite_runs(connection, path, source)
    except sqlite3.DatabaseError as exc:
        raise UnreadableInputError(
            f"{source} cannot be read as an MLflow SQLite store ({exc}); pass the mlflow.db file of a "
            "'sqlite:///...' tracking URI, or an mlruns/ folder"
        ) from exc


def _sqlite_runs(connection: sqlite3.Connection, path: Path, source: str) -> list[Run]:
    experiments = dict(connection.execute("SELECT experiment_id, name FROM experiments"))
    names = dict(connection.execute("SELECT run_uuid, value FROM tags WHERE key = 'mlflow.runName'"))
    listed = connection.execute(
        "SELECT run_uuid, name, experiment_id FROM runs WHERE lifecycle_stage != 'deleted' "
        "ORDER BY start_time, run_uuid"
    ).fetchall()
    label_counts: dict[str, int] = {}
    for run_uuid, name, _ in listed:
        label = names.get(run_uuid) or name or run_uuid
        label_counts[label] = label_counts.get(label, 0) + 1
    runs: dict[str, Run] = {}
    for run_uuid, name, experiment_id in listed:
        label = names.get(run_uuid) or name or run_uuid
        if label_counts[label] > 1:
            label = run_uuid
        run = runs[run_uuid] = Run(source=f"{source}#{label}", format=FORMAT, files=[str(path)])
        run.notes.append(f"MLflow run {run_uuid} of experiment {experiments.get(experiment_id, experiment_id)!r}")
    rows = connection.execute(
        "SELECT run_uuid, key, step, value, is_nan FROM metrics ORDER BY run_uuid, key, step, timestamp"
    )
    for number, (run_uuid, key, step, value, is_nan) in enumerate(rows):
        if not number % CHECK_EVERY:
            check_cancelled()
        listed_run = runs.get(run_uuid)
        if listed_run is not None and (series := listed_run.series_within_cap(key)) is not None:
            series.append(float(step), _stored_value(value, is_nan))
    for run in runs.values():
        if not run.metrics:
            run.notes.append(f"{NO_METRICS_YET} (no metric row)")
        run.note_cuts()
    return list(runs.values())


def _stored_value(value: float, is_nan: int) -> float:
    """Undo MLflow's SQL encoding: NaN is is_nan=1, +/-inf is +/-DBL_MAX."""
    if is_nan:
        return float("nan")
    if value == sys.float_info.max:
        return float("inf")
    if value == -sys.float_info.max:
        return float("-inf")
    return float(value)


def file_store_runs(folder: Path) -> list[Path]:
    """Run folders (with meta.yaml and metrics/) at or below `folder`, at most MAX_STORE_DEPTH levels down."""
    found: list[Path] = []
    base_depth = len(folder.parts)
    for directory, subdirs, files in os.walk(folder):
        here = Path(directory)
        if "meta.yaml" in files and "metrics" in subdirs:
            found.append(here)
            subdirs.clear()
            continue
        if len(here.parts) - base_depth >= MAX_STORE_DEPTH:
            subdirs.clear()
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
    return found


def _store_source(given: Path, run_folder: Path, source: str) -> str:
    """The name of the store holding `run_folder` (its mlruns/ folder) as seen from the `given` path."""
    store = run_folder.parent.parent
    if store == given or not store.is_relative_to(given):
        return source
    return f"{source.rstrip('/')}/{store.relative_to(given).as_posix()}"


def read_file_store_run(folder: Path, source: str, vet: Vet) -> Run | None:
    """One file-store run named `<source>#<run name>`, or None when its meta.yaml marks it deleted."""
    notes: list[str] = []
    meta = _meta(folder, vet, notes)
    if meta.get("lifecycle_stage") == "deleted":
        return None
    label = meta.get("run_name") or meta.get("run_id") or folder.name
    experiment = _meta(folder.parent, vet, notes).get("name") or meta.get("experiment_id")
    run = Run(source=f"{source.rstrip('/')}#{label}", format=FORMAT, files=[str(folder)])
    run.notes.append(f"MLflow run {meta.get('run_id', folder.name)} of experiment {experiment!r}")
    metrics_root = folder / "metrics"
    for metric_file in sorted(p for p in metrics_root.rglob("*") if not p.is_dir()):
        check_cancelled()
        try:
            real = vet(metric_file)
        except UserError as exc:
            notes.append(f"{exc}; skipped")
            continue
        series = run.series_within_cap(metric_file.relative_to(metrics_root).as_posix())
        if series is None:
            continue
        with open_vetted(real, "r", encoding="utf-8", errors="replace") as stream:
            lines = 0
            while line := stream.readline(MAX_METRIC_LINE_CHARS + 1):
                lines += 1
                if not lines % CHECK_EVERY:
                    check_cancelled()
                if len(line) > MAX_METRIC_LINE_CHARS:
                    notes.append(
                        f"{metric_file.name}: a line longer than {MAX_METRIC_LINE_CHARS} characters is no MLflow "
                        "metric line ('timestamp value step'); the rest of the file was skipped"
                    )
                    break
                parts = line.split()
                try:
                    value = float(parts[1])
                    step = float(parts[2]) if len(parts) > 2 else 0.0
                except (IndexError, ValueError):
                    continue
                series.append(step, value)
    run.notes.extend(notes)
    for name in [name for name, series in run.metrics.items() if not len(series)]:
        del run.metrics[name]
    if not run.metrics:
        run.notes.append(f"{NO_METRICS_YET} (no value in metrics/)")
    run.note_cuts()
    return run


def _meta(folder: Path, vet: Vet, notes: list[str]) -> dict:
    """The folder's meta.yaml as a dict (empty when missing, malformed, or refused by `vet`: noted)."""
    if not present_file(folder / "meta.yaml"):
        return {}
    shown = f"{folder.name}/meta.yaml"
    try:
        with open_vetted(vet(folder / "meta.yaml"), "r", encoding="utf-8", errors="replace") as stream:
            loaded = load_yaml(stream.read())
    except UserError as exc:
        notes.append(f"{exc}; skipped")
        return {}
    except ValueError as exc:  # refused by load_yaml: an alias bomb, a recursive alias, nesting too deep
        notes.append(f"{shown} is refused: {exc}; its run name and status were not read")
        return {}
    except (OSError, yaml.YAMLError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)


def _tables(connection: sqlite3.Connection) -> set[str]:
    return {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
