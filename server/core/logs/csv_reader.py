"""CSV metric logs with a header row, PyTorch Lightning's `CSVLogger` metrics.csv included.

The step of a row comes from the first column named step, global_step,
iteration, iter or epoch (in that order of preference), else the row's index.
Every other column whose cells parse as numbers is a metric. Lightning writes
sparse rows (each row fills only the columns logged at that moment): an empty
cell is absent, not zero. `nan`, `inf` and `-inf` cells are values. Rows are
streamed with the csv module, so memory grows with the values kept only.

A folder is claimed when it holds a metrics.csv, or Lightning's
`version_N/metrics.csv` (directly or under `lightning_logs/`): each version is
read as its own run, in version order.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from ..errors import UnreadableInputError, UserError
from ..workspace import Vet, open_vetted, present_file, regular_file
from .model import Run

FORMAT = "csv"
METRICS_FILE = "metrics.csv"
STEP_COLUMNS = ("step", "global_step", "iteration", "iter", "epoch")
SUFFIXES = (".csv", ".tsv")
_VERSION = re.compile(r"version_(\d+)$")


def sniff(path: Path, head: bytes) -> bool:
    """A .csv/.tsv file whose first line is a header of at least two non-numeric names."""
    if path.suffix.lower() not in SUFFIXES:
        return False
    first_line = head.split(b"\n", 1)[0].decode("utf-8", errors="replace").strip()
    header = next(csv.reader([first_line], _dialect(path)), [])
    return len(header) >= 2 and not any(_number(name) is not None for name in header if name)


def claims_dir(path: Path) -> bool:
    """A folder with a metrics.csv, or Lightning version folders holding one."""
    return bool(metrics_files(path))


def metrics_files(folder: Path) -> list[Path]:
    """metrics.csv of the folder itself, else of each Lightning `version_N` (also under lightning_logs/)."""
    if present_file(folder / METRICS_FILE):
        return [folder / METRICS_FILE]
    base = folder / "lightning_logs" if (folder / "lightning_logs").is_dir() else folder
    versions = [
        (int(match.group(1)), child / METRICS_FILE)
        for child in base.iterdir()
        if (match := _VERSION.match(child.name)) and present_file(child / METRICS_FILE)
    ]
    return [file for _, file in sorted(versions)]


def read(path: Path, source: str, vet: Vet = regular_file) -> list[Run]:
    """One run for a CSV file; one run per metrics.csv for a folder (see `metrics_files`).

    Every file passes `vet` first; in a folder, one it refuses is skipped (noted on the first run read), and
    `UnreadableInputError` says why when none is left.
    """
    if not path.is_dir():
        return [read_file(vet(path), source)]
    runs = []
    skipped = []
    for file in metrics_files(path):
        try:
            real = vet(file)
        except UserError as exc:
            skipped.append(f"{exc}; skipped")
            continue
        relative = file.parent.relative_to(path).as_posix()
        name = source if relative == "." else f"{source.rstrip('/')}/{relative}"
        runs.append(read_file(real, name))
    if not runs:
        raise UnreadableInputError(f"{source}: no metrics.csv could be read ({'; '.join(skipped)})")
    runs[0].notes.extend(skipped)
    return runs


def read_file(path: Path, source: str) -> Run:
    """Read one CSV file with a header row into a run."""
    run = Run(source=source, format=FORMAT, files=[str(path)])
    with open_vetted(path, "r", newline="", encoding="utf-8", errors="replace") as stream:
        rows = csv.reader(stream, _dialect(path))
        try:
            header = next(rows, None)
        except csv.Error as exc:
            raise UnreadableInputError(f"{source}: the header row cannot be read as CSV ({exc})") from exc
        if not header:
            raise UnreadableInputError(f"{source} is empty; pass a CSV file whose first row names its columns")
        step_index = _step_column(header)
        columns = [(index, name) for index, name in enumerate(header) if index != step_index and name]
        appenders = {name: run.series(name).append for _, name in columns}
        skipped_cells = 0
        try:
            for row_number, row in enumerate(rows):
                step = _number(row[step_index]) if step_index is not None and step_index < len(row) else None
                if step is None:
                    step = float(row_number)
                for index, name in columns:
                    if index >= len(row) or not row[index]:
                        continue
                    value = _number(row[index])
                    if value is None:
                        skipped_cells += 1
                    else:
                        appenders[name](step, value)
        except csv.Error as exc:
            run.notes.append(f"line {rows.line_num}: {exc}; the rest of the file was skipped")
        run.lines = rows.line_num
    for name in [name for name, series in run.metrics.items() if not len(series)]:
        del run.metrics[name]
    if skipped_cells:
        run.notes.append(f"{skipped_cells} non-numeric cells skipped")
    if step_index is None:
        run.notes.append("no step column (step, global_step, iteration, iter, epoch): steps are row numbers from 0")
    return run


def _step_column(header: list[str]) -> int | None:
    lowered = [name.strip().lower() for name in header]
    for candidate in STEP_COLUMNS:
        if candidate in lowered:
            return lowered.index(candidate)
    return None


def _dialect(path: Path) -> type[csv.Dialect]:
    return csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel


def _number(cell: str) -> float | None:
    try:
        return float(cell)
    except ValueError:
        return None
