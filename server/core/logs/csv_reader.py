"""CSV metric logs with a header row, PyTorch Lightning's `CSVLogger` metrics.csv included, and tables of numbers
under a header in files of other endings: tab-separated (`\t`.join, pandas `sep="\t"`, Torch7's `optim.Logger`),
or aligned with blanks (`np.savetxt(..., header=...)`), the header possibly commented (`# epoch train_loss`,
`% mean class accuracy (train set)`). A scalar downloaded from TensorBoard's web page (`Wall time,Step,Value`) is
named after its file. A table in long form, one value a row named by a column (`run,tag,step,value` as TensorBoard's
`ExperimentFromDev.get_scalars()` gives it, `Run,Run ID,metric,step,timestamp,value` from MLflow's metric history),
is read as its series, one run per run named in it; runs named after a data split (TensorBoard's `train` and
`validation` folders) are one run, the other split's names prefixed as the TensorBoard reader prefixes them.

The step of a row comes from the first column named step, global_step,
total_timesteps or timesteps_total (RL loggers: Stable-Baselines3's
`time/total_timesteps`, RLlib's), iteration, iter, frame (an RL agent's
environment frames), epoch or episode (in that order of preference; a name's
blanks read as `_`, a section's name before `/` aside; then in the plural,
`epochs`), else a first column
with no name (pandas' index), else the row's index; blank rows (a `\r\r\n`
line end written by a csv writer in text mode on Windows) are no rows.
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
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import reduce
from pathlib import Path
from typing import IO, Any

from ..cancel import CHECK_EVERY, check_cancelled
from ..errors import UnreadableInputError, UserError
from ..workspace import Vet, open_vetted, present_file, regular_file
from .contract import LogFormat
from .model import MAX_METRICS_PER_RUN, Run, Series, metric_name, no_metrics_yet
from .text import looks_binary

FORMAT = LogFormat.CSV
METRICS_FILE = "metrics.csv"
STEP_COLUMNS = (
    "step",
    "global_step",
    "total_timesteps",
    "timesteps_total",
    "timestep",
    "timesteps",
    "iteration",
    "iter",
    "frame",
    "epoch",
    "episode",
)
SUFFIXES = (".csv", ".tsv")
MAX_LINE_CHARS = 1 << 20
"""Longest CSV line read (characters), as the text reader's MAX_LINE_BYTES: a metrics row of a thousand columns
is ~20 KB; a longer line is no metric log."""
TENSORBOARD_EXPORT = ["Wall time", "Step", "Value"]
"""The header of a scalar downloaded from TensorBoard's web page as CSV: one series, named by the file
(`_exported_tag`)."""
LONG_NAME_COLUMNS = ("metric", "tag", "key", "metric_name")
"""The column naming each row's value in a table in long form (beside a `value` column)."""
LONG_RUN_COLUMNS = ("run id", "run_id", "run", "run_name")
"""The column naming each row's run in a table in long form: one run read per value, in order of appearance."""
PAD_MIN_ROWS = 20
"""Rows a column needs before a filler value in it is told apart (`_drop_pads`)."""
PAD_SHARE = 0.5
"""A value filling at least this share of a column's rows, the others all on one stride of steps, is a filler
written where nothing was measured (round63's HK-010: `0.0` in a validation accuracy's column on the 450 of 500 rows
not evaluated, every 10th step holding the evaluation): a value is measured on every row or on a stride, not both."""
PAD_MIN_MEASURED = 3
"""...measured values needed to see their stride (two points always share one)."""
SPLIT_COLUMNS = ("phase", "split", "mode", "subset", "type", "stage")
"""A column naming the data each row was measured on (`stage,epoch,phase,loss,...` with a `train` and a `val` row per
epoch: round34's CX-012; `epoch,type,loss` with `train`, `validation` and `test` rows: round68's II-003): the values of
a row whose cell there is a split word (`roles.SPLIT_WORDS`) are that split's series (`train/loss`, `val/loss`), not
one series; a column already named by a split keeps its name (`val_macro_f1` on the `val` rows), as does a learning
rate (one schedule, whatever the row measured)."""
COUNTER_SHARE = 0.9
"""A step column that goes up at this share of its moves from row to row or more counts steps (appended runs and a
resumed run go back a few times; a row again at the same step, an evaluation's, is no move: round91's LD-013); one
that mostly repeats or jumps about (`epoch` = 300 on every row of a sweep's grid, a shuffled index: round84's KV-008,
round81's KJ-004) is a setting or an id of each row."""
SETTING_VALUES_SEEN = 64
"""Distinct text values kept per column while a table is read: enough to tell a column of a few settings that repeat
(`Adam`, `SGD`) from one of names or dates that never do (`_settings_column`)."""
MAX_RUNS_PER_FILE = 100
"""Runs read from one table in long form (a sweep's export): the rows of runs past these are skipped, and said."""
SNIFF_ROWS = 5
"""Rows of numbers that must follow the header for a file of another ending to be read as CSV."""
MISSING = ("", "NA")
"""Cells that stand for no value (Keras' CSVLogger writes NA for a metric missing from an epoch)."""
_VERSION = re.compile(r"version_(\d+)$")
_NAME = re.compile(r"[^\s=,]+$")
"""A column name as loggers write them (`val_loss`, `metrics/mAP50(B)`): a file of another ending whose first line
has a blank or `=` inside a cell is a console log, not a header, unless tabs or commas delimit (`_TABBED_NAME`)."""
_TABBED_NAME = re.compile(r"(?:[A-Za-z_]|\d+[A-Za-z_])[^\t=,:]*$")
"""A column name between tabs or commas may hold blanks (`total loss`, `mean class accuracy (train set)`, round32's
CR-009 `Epoch,Train loss,Val loss` saved as .txt): the delimiter delimits. It may start with a number that a word
follows (`2d_loss`, `3d_loss`)."""
_COMMENT = re.compile(r"^[ \t]*[#%][ \t]*")
"""A header written as a comment (`# epoch loss`: numpy's `savetxt`, gnuplot data; `% name`: Torch7's
`optim.Logger`)."""
BLANKS = " "
"""The delimiter of a table aligned with blanks (any run of spaces and tabs), read by `str.split`."""


def sniff(path: Path, head: bytes) -> bool:
    """A .csv/.tsv file whose first line is a header of at least two non-numeric names, or of one followed by rows of
    one number (round31's CP-003, a `loss` column); a file of another ending (Keras `CSVLogger("training.log")`, a
    `\t`-joined table saved as .txt) when such a header, or one name and a trailing tab, or a commented one, is followed
    by rows of as many numbers (the header repeated where each appended run wrote it again: round46's EM-005), a
    `SPLIT_COLUMNS` cell a word (`step,phase,...,train_loss` saved as `training.log`: round52's FK-011), a cell a dict
    or list quoted whole (a per-class column: `"{0: 0.17, 1: 0.23}"`, round86's KT-015)."""
    if looks_binary(head):
        return False
    lines = [line for line in head.decode("utf-8", errors="replace").splitlines() if line.strip()]
    if not head.endswith((b"\n", b"\r")):
        lines = lines[:-1] if len(lines) > 1 else lines  # the head may end inside a line
    if not lines:
        return False
    try:
        delimiter = _delimiter(path, lines[0])
        header = _cells(_COMMENT.sub("", lines[0]), delimiter)
        if not header or numbers_for_names(header):
            return False
        single = len(header) == 1  # one column (`pd.Series(losses, name="loss").to_csv(index=False)`)
        if path.suffix.lower() in SUFFIXES and not single:
            return True
        if single and path.suffix.lower() not in SUFFIXES:
            return False
        patterns = {BLANKS: (_NAME,), "\t": (_TABBED_NAME,)}.get(delimiter, (_NAME, _TABBED_NAME))
        if not all(any(p.match(name.strip()) for p in patterns) for name in header if name.strip()):
            return False
        after = [line for line in lines[1:] if line != lines[0]]  # a header written again by the next run appended
        rows = [_cells(line, delimiter) for line in after[:SNIFF_ROWS]]
    except csv.Error:  # a carriage return or NUL inside a cell: binary, not a CSV header
        return False
    worded = {i for i, name in enumerate(header) if name.strip().lower() in SPLIT_COLUMNS}  # `phase`: `train`, `val`
    return bool(rows) and all(
        len(row) == len(header)
        and all(
            _number(cell) is not None or cell.strip() in MISSING or i in worded or cell.startswith(("{", "["))
            for i, cell in enumerate(row)
        )
        for row in rows
    )


def numbers_for_names(header: list[str]) -> bool:
    """Whether a first row holds numbers where a header holds names (a row of values, no header), unless it is pandas'
    header of a frame whose columns are numbered (`,0,1,2`: `pd.DataFrame(rows).to_csv()`, round61's GY-011: its
    index's blank name, then 0, 1, 2 ... as the columns' names)."""
    names = [name.strip() for name in header]
    numbered = len(names) > 2 and not names[0] and names[1:] == [str(i) for i in range(len(names) - 1)]
    return not numbered and any(_number(name) is not None for name in names if name)


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
        return read_file(vet(path), source)
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
        try:
            runs.extend(read_file(real, name))
        except UserError as exc:
            skipped.append(f"{exc}; skipped")
    if not runs:
        raise UnreadableInputError(f"{source}: no metrics.csv could be read ({'; '.join(skipped)})")
    runs[0].notes.extend(skipped)
    return runs


def bounded_lines(stream: IO[str], source: str) -> Iterator[str]:
    """The lines of `stream`, each read with a size cap: `UnreadableInputError` for one longer than
    MAX_LINE_BYTES instead of holding it whole (a CSV line of 2 GiB took 4.2 GB). NUL bytes are dropped: a block of
    them is what a crash leaves where a file was extended and never written (round51's FI-007, a Stable-Baselines3
    monitor.csv with 521,361 of them between its rows), never a cell's text."""
    number = 0
    while line := stream.readline(MAX_LINE_CHARS + 1):
        number += 1
        if not number % CHECK_EVERY:
            check_cancelled()
        if len(line) > MAX_LINE_CHARS:
            raise UnreadableInputError(
                f"{source}: line {number} is longer than {MAX_LINE_CHARS >> 20} MiB; this is not a CSV metric log. "
                "Pass the run's metrics.csv, or the right format= for the file"
            )
        yield line.replace("\0", "") if "\0" in line else line


def read_file(path: Path, source: str) -> list[Run]:
    """Read one CSV file with a header row into a run (a table in long form: one run per run it names)."""
    run = Run(source=source, format=FORMAT, files=[str(path)])
    with open_vetted(path, "r", newline="", encoding="utf-8", errors="replace") as stream:
        first_line, start = stream.readline(MAX_LINE_CHARS), 0
        if first_line.startswith("#{"):  # Stable-Baselines3's Monitor: `#{"t_start": ..., "env_id": ...}` over `r,l,t`
            start = stream.tell()
            first_line = stream.readline(MAX_LINE_CHARS)
        stream.seek(start)
        rows = _rows(bounded_lines(stream, source), _delimiter(path, first_line))
        try:
            header = next(rows, None)
        except csv.Error as exc:
            raise UnreadableInputError(
                f"{source}: the header row cannot be read as CSV ({exc}); pass a CSV file whose first row names its "
                "columns"
            ) from exc
        if not header:
            raise UnreadableInputError(f"{source} is empty; pass a CSV file whose first row names its columns")
        header[:1] = [_COMMENT.sub("", header[0])] if header else []
        header = [name.strip() for name in header]  # Ultralytics pads its header: '         train/box_loss'
        if not any(header) or numbers_for_names(header):
            raise UnreadableInputError(
                f"{source}: the first row is no header of column names ({len(header)} cell(s), "
                f"{', '.join(repr(name[:40]) for name in header[:3])}); pass a CSV file whose first row names "
                "its columns (step, loss...)"
            )
        if header == TENSORBOARD_EXPORT:  # the tag is in the file name; the wall time is no metric
            header = ["", "Step", _exported_tag(path)]
        step_index = _step_column(header)
        if (long := _long_layout(header)) is not None:
            return _read_long(rows, long, step_index, source, path)
        columns = [(index, name) for index, name in enumerate(header) if index != step_index and name]
        if len(columns) > MAX_METRICS_PER_RUN:
            run.notes.append(
                f"{len(columns) - MAX_METRICS_PER_RUN} columns past the first {MAX_METRICS_PER_RUN} metric columns "
                "were not read (too many for one run); split the file, or pass fewer columns"
            )
            columns = columns[:MAX_METRICS_PER_RUN]
        from .roles import LR_WORDS, SPLIT_WORDS, names_a_measure, split_of, words

        split_index = next((i for i, name in enumerate(header) if name.lower() in SPLIT_COLUMNS), None)
        unsplit = {name for _, name in columns if split_of(words(name)) or LR_WORDS & set(words(name))}
        appenders = {name: run.series(metric_name(name)).append for _, name in columns}
        skipped_cells = 0
        texts: dict[int, Counter[str]] = {}  # per column, its text cells: a settings column repeats a few
        ups = ties = 0  # rows whose step column went up from the row before (a counter's do, nearly all), or stayed
        last: dict[int, tuple[float, float]] = {}  # each column's last value read, and its step
        restarts: list[int] = []
        previous = -math.inf
        epoch_index = _epoch_column(header, step_index)
        epoch, offset, scoped = -math.inf, 0.0, False  # a step counted within its epoch: put on one global axis
        try:
            row_number = -1
            for row in rows:
                if not row:
                    continue
                row_number += 1
                step = _number(row[step_index]) if step_index is not None and step_index < len(row) else None
                now = _number(row[epoch_index]) if epoch_index is not None and epoch_index < len(row) else None
                if step is None:
                    step = float(row_number)
                elif step + offset < previous and now is not None and now > epoch:  # `epoch,step` as `1,299`,
                    offset, scoped = previous, True  # `1,599`, `2,299`: the next epoch's counter starts again
                elif step + offset < previous:
                    restarts.append(rows.line_num)
                    offset = 0.0
                epoch = now if now is not None else epoch
                ups += step_index is not None and row_number > 0 and step + offset > previous
                again = step_index is not None and row_number > 0 and step + offset == previous
                ties += again
                step += offset
                previous = step
                split = row[split_index].strip() if split_index is not None and split_index < len(row) else ""
                split = split if split.lower() in SPLIT_WORDS else ""
                for index, name in columns:
                    if index >= len(row) or not row[index] or index == split_index:
                        continue
                    value = _number(row[index])
                    if value is None:
                        skipped_cells += 1
                        seen, cell = texts.setdefault(index, Counter()), row[index].strip()
                        if cell in seen or len(seen) < SETTING_VALUES_SEEN:
                            seen[cell] += 1
                    elif again and not split and index != epoch_index and last.get(index) == (step, value):
                        continue  # a row again at its step, an evaluation's, repeats the step's values: one point
                        # (a row per split is a record of its own; the epoch column keeps a point a row, as read)
                    elif split and name not in unsplit:  # `epoch,phase,loss` with a row per phase: each
                        run.series(metric_name(f"{split}/{name}")).append(step, value)  # phase's series apart
                    else:
                        appenders[name](step, value)
                    if value is not None:
                        last[index] = (step, value)
        except csv.Error as exc:
            run.notes.append(f"line {rows.line_num}: {exc}; the rest of the file was skipped")
        run.lines = rows.line_num
    if row_number == 0 and columns and not any(names_a_measure(name) for _, name in columns):
        named = ", ".join(name for _, name in columns[:4])
        raise UnreadableInputError(
            f"{source} holds one row of settings ({named}, ...), no measure of training: pass the run's metrics log"
        )  # a run's config saved as CSV beside its metrics (round79's KH-001, guided-diffusion's `progress.csv`)
    moves = row_number - ties if step_index is not None else math.inf  # (row_number: transitions)
    counted = ups >= COUNTER_SHARE * moves and ties <= moves
    if not counted and (settings := _settings_column(header, texts, split_index)) is not None:
        raise UnreadableInputError(
            f"{source} is a table of runs, one row per configuration (its {settings[0]!r} column names "
            f"{', '.join(settings[1])}, ...), not a training curve over steps: pass one run's own log, its metrics "
            "at each step or epoch"
        )
    for name in [name for name, series in run.metrics.items() if not len(series)]:
        del run.metrics[name]
    for name, series in run.metrics.items():
        if (kept := _drop_pads(series)) is not None:
            run.metrics[name] = kept
            run.notes.append(
                f"{name}: measured every {_stride(kept.steps):g} steps; the {len(series) - len(kept)} rows between "
                "hold a filler value, not read"
            )
    if not run.metrics and not run.notes:
        rows_read = max(0, run.lines - 1)
        held = f"{rows_read} rows under the header, no numeric cell" if rows_read else "only its header row"
        raise no_metrics_yet(source, held)
    if skipped_cells:
        run.notes.append(f"{skipped_cells} non-numeric cells skipped")
    if restarts:
        lines = ", ".join(str(line) for line in restarts[:8]) + (" ..." if len(restarts) > 8 else "")
        run.notes.append(
            f"the {header[step_index or 0]!r} column goes back {len(restarts)} time(s) (lines {lines}): several fits "
            "appended to one file (Keras CSVLogger(append=True), a restarted run); their steps overlap"
        )
    if scoped:
        run.notes.append(
            f"the {header[step_index or 0]!r} column starts again with each epoch: each epoch's steps are put after "
            "the last step of the epoch before"
        )
    if step_index is None:
        run.notes.append(f"no step column ({', '.join(STEP_COLUMNS)}): steps are row numbers from 0")
    elif header[step_index].strip().lower() in ("epoch", "epochs"):  # a row an epoch (Keras' CSVLogger): each value a
        # whole pass
        run.per_epoch.update(name for name, series in run.metrics.items() if len(set(series.steps)) == len(series))
    return [run]


_TIME_CELL = re.compile(r"[0-9][-/:][0-9]")
"""A cell holding a date or a clock time (`2024-03-01`, `10:00:01`): a row's time, repeated by rows logged within one
second, no setting."""


def _settings_column(
    header: list[str], texts: dict[int, Counter[str]], split_index: int | None
) -> tuple[str, list[str]] | None:
    """(name, values) of a column of settings: text cells (no numbers) taking two values or more, one of them on
    several rows (`optimizer`: `Adam`, `SGD`, `Adam`; round83's KN-002 and round85's KQ-003, sweeps' result grids,
    one row per configuration). A column of names never repeats its cells, a time (`_TIME_CELL`) is when a row was
    written, and a split column (`train`, `val`) names where a row was measured: none is a setting."""
    from .roles import SPLIT_WORDS

    for index, seen in texts.items():
        values = [value for value in seen if value and value not in MISSING and not _TIME_CELL.search(value)]
        if any(value.lower() in SPLIT_WORDS for value in values) or index == split_index:
            continue
        if len(values) >= 2 and max(seen[value] for value in values) >= 2:
            return header[index], values[:3]
    return None


def _stride(steps: Sequence[float]) -> int:
    """The greatest common divisor of the gaps between integer steps (0 where a step is not an integer)."""
    if any(step != int(step) for step in steps):
        return 0
    return reduce(math.gcd, (int(step - steps[0]) for step in steps[1:]), 0)


def _drop_pads(series: Series) -> Series | None:
    """The column without its filler rows, or None where it has none: a value on PAD_SHARE of the rows or more,
    every other value on one stride of steps (an evaluation every k steps), the filler kept on that stride only (an
    evaluation may measure the filler's value: an accuracy of 0 at the start)."""
    if len(series) < PAD_MIN_ROWS:
        return None
    pad, count = Counter(series.values).most_common(1)[0]
    measured = [step for step, value in zip(series.steps, series.values, strict=True) if value != pad]
    if count < PAD_SHARE * len(series) or len(measured) < PAD_MIN_MEASURED or (stride := _stride(measured)) < 2:
        return None
    kept = Series()
    for step, value in zip(series.steps, series.values, strict=True):
        if (step - measured[0]) % stride == 0:
            kept.append(step, value)
    return kept if len(kept) <= PAD_SHARE * len(series) else None


def _long_layout(header: list[str]) -> tuple[int, int, int | None] | None:
    """(name column, value column, run column or None) of a table in long form, else None."""
    lowered = [name.lower() for name in header]
    names = [lowered.index(column) for column in LONG_NAME_COLUMNS if column in lowered]
    runs = [lowered.index(column) for column in LONG_RUN_COLUMNS if column in lowered]
    if not names or "value" not in lowered:
        return None
    return names[0], lowered.index("value"), runs[0] if runs else None


def _read_long(
    rows: Any, layout: tuple[int, int, int | None], step_index: int | None, source: str, path: Path
) -> list[Run]:
    """The runs of a table in long form: each row's value appended to the series its name column names, in the run
    its run column names, at its step (else at the count of that series' values so far)."""
    from .roles import SPLIT_WORDS, split_of, words

    name_index, value_index, run_index = layout
    runs: dict[str, Run] = {}
    skipped_cells = dropped = 0
    widest = max(name_index, value_index, run_index or 0)
    try:
        for row in rows:
            if len(row) <= widest or not row[name_index].strip():
                continue
            key = row[run_index].strip() if run_index is not None else ""
            tag = row[name_index].strip()
            if key.lower() in SPLIT_WORDS:  # `train`, `validation`: one run's data splits
                if SPLIT_WORDS[key.lower()] != "train" and not split_of(words(tag)):
                    tag = f"{key}/{tag}"
                key = ""
            run = runs.get(key)
            if run is None:
                if len(runs) >= MAX_RUNS_PER_FILE:
                    dropped += 1
                    continue
                run = runs[key] = Run(source=f"{source} ({key})" if key else source, format=FORMAT, files=[str(path)])
            name = metric_name(tag)
            if name not in run.metrics and len(run.metrics) >= MAX_METRICS_PER_RUN:
                continue
            series = run.series(name)
            value = _number(row[value_index])
            step = _number(row[step_index]) if step_index is not None and step_index < len(row) else None
            if value is None:
                skipped_cells += 1
            else:
                series.append(float(len(series)) if step is None else step, value)
    except csv.Error as exc:
        if runs:
            next(iter(runs.values())).notes.append(f"line {rows.line_num}: {exc}; the rest of the file was skipped")
    found = [run for run in runs.values() if any(len(series) for series in run.metrics.values())]
    if not found:
        raise no_metrics_yet(source, f"{max(0, rows.line_num - 1)} rows in long form, no numeric value")
    for run in found:
        run.lines = rows.line_num
        if skipped_cells:
            run.notes.append(f"{skipped_cells} non-numeric values skipped")
    if dropped:
        found[0].notes.append(f"{dropped} rows of runs past the first {MAX_RUNS_PER_FILE} were not read")
    return found


def _exported_tag(path: Path) -> str:
    """The scalar's tag in the name TensorBoard gives a downloaded CSV (`run-<run>-tag-<tag>.csv`, the tag's `/`
    written `_`), else the file's stem (`train_loss.csv`)."""
    return path.stem.rpartition("-tag-")[2] or path.stem


def _step_column(header: list[str]) -> int | None:
    """The first of STEP_COLUMNS the header names, blanks read as `_` (`total timesteps`), else the first a section
    ends with (Stable-Baselines3's `time/total_timesteps`), else one named in the plural (`epochs`: round66's HZ-001),
    else a first column with no name: pandas' index
    (`DataFrame.to_csv` writes `,loss,val_loss`), which starts over where a script appended a session's rows."""
    lowered = ["_".join(name.strip().lower().split()) for name in header]
    sections = [name.rpartition("/")[2] for name in lowered]
    for names in (lowered, sections, [name.removesuffix("s") for name in lowered]):  # `epochs,train_loss,...`
        for candidate in STEP_COLUMNS:
            if candidate in names:
                return names.index(candidate)
    return 0 if len(lowered) > 1 and not lowered[0] else None


def _epoch_column(header: list[str], step_index: int | None) -> int | None:
    """The `epoch` column beside a step column of another name (`epoch,step,train_loss`), whose step may count within
    each epoch; None where the step column is the epoch itself or there is none."""
    epochs = [i for i, name in enumerate(header) if name.strip().lower() == "epoch" and i != step_index]
    return epochs[0] if epochs and step_index is not None else None


def _delimiter(path: Path, first_line: str = "") -> str:
    """Tabs for a .tsv file, or for a file of another ending whose header holds tabs and no comma (a table written
    with `\t`.join, pandas `to_csv(sep="\t")`, saved as .txt or .log); blanks for a file of another ending whose
    header holds neither tab nor comma (`#epoch train_loss val_loss`); semicolons for a header joined by them and
    holding neither tab nor comma, whatever the ending (Keras `CSVLogger(separator=";")`, pandas `to_csv(sep=";")`:
    round41's DR-008); commas otherwise."""
    suffix = path.suffix.lower()
    if suffix == ".tsv" or (suffix != ".csv" and "\t" in first_line and "," not in first_line):
        return "\t"
    if ";" in first_line and "," not in first_line and "\t" not in first_line:
        return ";"
    return BLANKS if suffix != ".csv" and "," not in first_line else ","


def _cells(line: str, delimiter: str) -> list[str]:
    """One line's cells under `delimiter`."""
    if delimiter == BLANKS:
        return line.split()
    return next(csv.reader([line], delimiter=delimiter), [])


class _BlankRows:
    """The rows of a table aligned with blanks, as `csv.reader` gives them (`line_num` counted)."""

    def __init__(self, lines: Iterator[str]) -> None:
        self.lines = lines
        self.line_num = 0

    def __iter__(self) -> Iterator[list[str]]:
        return self

    def __next__(self) -> list[str]:
        while True:
            line = next(self.lines)
            self.line_num += 1
            if line.strip():
                return line.split()


def _rows(lines: Iterator[str], delimiter: str) -> Any:
    """The rows of a table as lists of cells, with its `line_num` (a `csv.reader`, or `_BlankRows` for blanks)."""
    if delimiter == BLANKS:
        return _BlankRows(lines)
    return csv.reader(lines, delimiter=delimiter)


_WRAPPED = re.compile(
    r"\s*(?:(?:torch\.)?tensor|(?:tf\.)?Tensor|(?:np|numpy)\.float\d*)\(\s*([^,()\s]+)(?:[^()]|\(\))*\)\s*"
)
"""A value logged as its tensor's or numpy scalar's repr, `tensor(3.3929, device='cuda:0')`, `np.float64(0.5)`,
TensorFlow's eager `tf.Tensor(960.0452, shape=(), dtype=float32)` (a loop that wrote the tensor, not its `.item()`,
round71's IX-011): the number inside."""


def _number(cell: str) -> float | None:
    try:
        return float(cell)
    except ValueError:
        pass
    if cell.rstrip().endswith("%"):  # an accuracy written as a percentage (`0.640%`), kept in its percent units
        try:
            return float(cell.rstrip()[:-1])
        except ValueError:
            return None
    wrapped = _WRAPPED.fullmatch(cell)
    try:
        return float(wrapped.group(1)) if wrapped else None
    except ValueError:
        return None
