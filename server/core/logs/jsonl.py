"""JSON Lines logs: one JSON object per line, as many training loops and loggers write them.

The step of a record is its `step`, `global_step`, `iter`, `iteration` or (for epoch-only logs) `epoch` field,
else the record's index. Nested objects are flattened with `/` (`{"train": {"loss": 1}}` gives `train/loss`).
Numbers, `NaN`/`Infinity` tokens and strings that hold a number (`"0.5"`, `"nan"`, `"inf"`, `"-Infinity"`: what
`float()` takes) are values; other fields are ignored, except that string fields holding a warning or error (a
`message` saying "NaN detected") become events. A line that is not a JSON object (malformed, cut off, or nested
too deeply to parse) becomes an event and reading goes on.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..cancel import check_cancelled
from ..errors import UnreadableInputError
from ..nesting import flatten
from ..workspace import Vet, regular_file
from .contract import LogFormat
from .events import classify_line
from .model import Event, Run, no_metrics_yet
from .text import line_chunks

FORMAT = LogFormat.JSONL
SUFFIXES = (".jsonl", ".ndjson", ".json")
STEP_KEYS = ("step", "global_step", "iter", "iteration", "epoch")
_JSON_OBJECT_START = re.compile(rb"^\s*\{\s*\"")


def sniff(path: Path, head: bytes) -> bool:
    """A file whose first line opens a JSON object with a double-quoted key."""
    return bool(_JSON_OBJECT_START.match(head))


def claims_dir(path: Path) -> bool:
    return False


def as_number(value: Any) -> float | None:
    """The number a field holds (a JSON number, or a string `float()` reads: it strips blanks and takes
    nan/inf/infinity), or None; booleans are not numbers."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def read(path: Path, source: str, vet: Vet = regular_file) -> list[Run]:
    """Read one JSON Lines file into one run; raise `UnreadableInputError` when no line is a JSON object."""
    path = vet(path)
    run = Run(source=source, format=FORMAT, files=[str(path)])
    records = 0
    first_problem = ""
    lines = 0
    for chunk, first_line in line_chunks(path, source):
        check_cancelled()
        for offset, raw in enumerate(chunk.splitlines()):
            number = first_line + offset
            lines = number
            if not raw.strip():
                continue
            try:
                record = parse_record(raw)
            except ValueError as exc:
                problem = f"line {number} is not a JSON object ({exc}); skipped"
                first_problem = first_problem or problem
                run.add_event(Event(line=number, level="warning", kind="warning", text=problem))
                continue
            records += 1
            add_record(run, flatten(record, "/"), records, number)
    run.lines = lines
    if not records and not first_problem:
        raise no_metrics_yet(source, f"{lines} blank lines, no record")
    if not records:
        raise UnreadableInputError(
            f"{source}: no line is a JSON object ({first_problem}). If the file was cut off while being written, "
            "wait for the run to log more; if it is one JSON document rather than JSON Lines, pass format= its format"
        )
    if not run.metrics and not run.events_total:
        raise no_metrics_yet(source, f"{records} records, none with a numeric field")
    run.note_cuts()
    return [run]


def parse_record(raw: bytes) -> dict[str, Any]:
    """The JSON object of one line; `ValueError` saying why when the line holds none."""
    try:
        record = json.loads(raw)
    except RecursionError:
        raise ValueError("nested too deeply to parse") from None
    if not isinstance(record, dict):
        raise ValueError(f"a JSON {type(record).__name__}, not an object")
    return record


def add_record(run: Run, record: dict[str, Any], index: int, line: int) -> None:
    steps = ((key, as_number(record.get(key))) for key in STEP_KEYS)
    step_key, step = next(((key, number) for key, number in steps if number is not None), (None, float(index)))
    for name, value in record.items():
        number = as_number(value)
        if number is not None and name != step_key:
            series = run.series_within_cap(name)
            if series is not None:
                series.append(step, number)
        elif isinstance(value, str) and number is None:
            verdict = classify_line(value)
            if verdict is not None:
                run.add_event(Event(line=line, level=verdict[0], kind=verdict[1], text=value, step=step))
