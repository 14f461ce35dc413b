"""JSON Lines logs: one JSON object per line, as many training loops and loggers write them.

The step of a record is its `step`, `global_step`, `iter`, `iteration` or (for epoch-only logs) `epoch` field,
else the record's index; an object keyed by step numbers (pandas' `to_json(orient="index")`) is its records, each at
its key. Nested objects are flattened with `/` (`{"train": {"loss": 1}}` gives `train/loss`).
Numbers, `NaN`/`Infinity` tokens and strings that hold a number (`"0.5"`, `"nan"`, `"inf"`, `"-Infinity"`: what
`float()` takes) are values; other fields are ignored, except that string fields holding a warning or error (a
`message` saying "NaN detected") become events. A field that mostly holds text is text: the few of its strings
that read as numbers (a sentence `"2005."`) are not a metric. A line that is not a JSON object (malformed, cut
off, or nested too deeply to parse) becomes an event and reading goes on.

A record without a step field that holds prose (a string of `SAMPLE_TEXT_WORDS` words or more: a dataset row, a
prediction, a generated text) is one example, not a logging moment: a file of per-example test losses
(`{"sentence": "...", "loss": 0.23}` per line) is no loss curve, and its numbers are not metrics (noted).
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
from .model import Event, Run, metric_name, no_metrics_yet
from .text import line_chunks

FORMAT = LogFormat.JSONL
SUFFIXES = (".jsonl", ".ndjson", ".json")
STEP_KEYS = ("step", "global_step", "current_steps", "current_step", "iter", "iteration", "epoch", "episode")
"""Keys that give a record's step, the first present (LLaMA-Factory's `trainer_log.jsonl` counts `current_steps`)."""
_TOTAL = re.compile(r"(?:total|max|num)_(?:steps|epochs|iters|iterations)")
"""A key naming the run's planned length (`"total_steps": 6566` on every record): a setting, no metric."""
_COUNT = re.compile(
    r"(?:num|total|n)_(?:\w+_)?(?:samples|anchors|proposals|boxes|instances|examples|tokens|trajectories|docs|images)"
)
"""A key naming a count of things the step handled (detectron2's `roi_head/num_fg_samples`, `rpn/num_pos_anchors`,
`train/total_trajectories`): bookkeeping of the batch, no metric (the real-log corpus labels them so)."""
SAMPLE_TEXT_WORDS = 6
"""Words of a string that make a record without a step one example (a sentence, a prediction), not a logging
moment. A log's own strings are short (`"mode": "train"`, `"phase": "warmup"`); the per-example test log of the
real-log corpus holds sentences of 9 to 60 words."""
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
    fields = _FieldKinds()
    document = _Document()
    for chunk, first_line in line_chunks(path, source):
        check_cancelled()
        for offset, raw in enumerate(chunk.splitlines()):
            number = first_line + offset
            lines = number
            if not raw.strip() or document.takes(raw, number, run):
                continue
            try:
                found = parse_records(raw)
            except ValueError as exc:
                problem = f"line {number} is not a JSON object ({exc}); skipped"
                first_problem = first_problem or problem
                run.add_event(Event(line=number, level="warning", kind="warning", text=problem))
                continue
            for record in keyed_by_step(found):
                records += 1
                flat = flatten(record, "/")
                add_record(run, listed(flat) if b"[" in raw else flat, records, number, fields)
    run.lines = lines
    fields.drop_text_fields(run)
    for name in [n for n, series in run.metrics.items() if _TOTAL.fullmatch(n) and len(set(series.values)) == 1]:
        del run.metrics[name]
    for name in [n for n in run.metrics if _COUNT.fullmatch(n.rpartition("/")[2])]:
        del run.metrics[name]
    if not records and document.read:  # one JSON document spread over lines, no records: a history's (final
        from . import history  # results dumped with `indent=4`, round90's LB-007)

        return history.read(path, source, vet)
    if not records and not first_problem:
        raise no_metrics_yet(source, f"{lines} blank lines, no record")
    if not records:
        raise UnreadableInputError(
            f"{source}: no line is a JSON object ({first_problem}). If the file was cut off while being written, "
            "wait for the run to log more; if it is one JSON document rather than JSON Lines, pass format= its format"
        )
    if not run.metrics and not run.events_total:
        if fields.samples:
            raise no_metrics_yet(
                source, f"{records} records, {fields.samples} of them examples (prose, no step): no training curve"
            )
        raise no_metrics_yet(source, f"{records} records, none with a numeric field")
    run.note_cuts()
    return [run]


def keyed_by_step(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`records`, an object keyed by step numbers (`{"5": {"val": 10.10, "train": 10.09}, "1": {...}}`: pandas'
    `to_json(orient="index")`, a dict of epochs dumped as JSON, round66's HW-004) as its records in step order, each
    with its key as its `step`."""
    if len(records) != 1 or len(records[0]) < 2:
        return records
    (record,) = records
    if not all(key.isdigit() and isinstance(value, dict) for key, value in record.items()):
        return records
    return [{"step": int(key), **record[key]} for key in sorted(record, key=int)]


def parse_record(raw: bytes) -> dict[str, Any]:
    """The JSON object of one line; `ValueError` saying why when the line holds none."""
    try:
        record = json.loads(raw)
    except RecursionError:
        raise ValueError("nested too deeply to parse") from None
    if not isinstance(record, dict):
        raise ValueError(f"a JSON {type(record).__name__}, not an object")
    return record


def parse_records(raw: bytes) -> list[dict[str, Any]]:
    """The JSON objects of one line (`parse_record`); objects written one after the other with no line break
    (`{"Epoch": 0, "loss": 0.27}{"Epoch": 0, "loss": 0.27}`: round50's FE-001) are each a record, but one written
    twice over is one."""
    try:
        return [parse_record(raw)]
    except json.JSONDecodeError as exc:
        if not exc.msg.startswith("Extra data"):
            raise
    found = glued_objects(raw.decode("utf-8", "replace"))
    if not all(isinstance(record, dict) for record in found):
        raise ValueError("several JSON values on one line, not all of them objects")
    return [record for i, record in enumerate(found) if i == 0 or record != found[i - 1]]


def glued_objects(text: str) -> list[Any]:
    """The JSON values of a line that holds several with no break between them; `ValueError` when anything else
    stands between or after them."""
    decoder, values, at = json.JSONDecoder(), [], 0
    text = text.strip()
    while at < len(text):
        value, at = decoder.raw_decode(text, at)
        values.append(value)
        while at < len(text) and text[at] in " \t,":
            at += 1
    return values


class _Document:
    """A JSON document printed over several lines among the records (LAVIS prints its config with `indent=4` before
    its JSON lines): its lines are one settings object, not records, and its numbers are no metrics (noted)."""

    MAX_LINES = 10_000
    """A document longer than this is no config header: its lines are skipped with a warning where it began."""

    def __init__(self) -> None:
        self.lines: list[bytes] = []
        self.start = 0
        self.read = 0  # documents read whole

    def takes(self, raw: bytes, number: int, run: Run) -> bool:
        """Whether line `number` belongs to a document spanning lines (an opening `{` alone on its line, up to the
        `}` at column 0 that closes it); the run notes each document read."""
        if not self.lines:
            if raw.strip() != b"{":
                return False
            self.lines, self.start = [raw], number
            return True
        self.lines.append(raw)
        if raw.rstrip() == b"}" or len(self.lines) > self.MAX_LINES:
            try:
                json.loads(b"\n".join(self.lines))
                run.notes.append(f"lines {self.start}-{number}: a JSON document (settings, not records) skipped")
                self.read += 1
            except ValueError:
                run.add_event(
                    Event(line=self.start, level="warning", kind="warning", text="lines from here are no JSON object")
                )
            self.lines = []
        return True


class _FieldKinds:
    """Per field, how many of its values were strings read as numbers and how many were text."""

    def __init__(self) -> None:
        self.from_strings: dict[str, int] = {}
        self.texts: dict[str, int] = {}
        self.samples = 0

    def drop_text_fields(self, run: Run) -> None:
        """Remove the series of fields whose values were all strings, fewer of them numbers than text; note them
        and the example records skipped."""
        dropped = [
            metric_name(name)
            for name, texts in self.texts.items()
            if metric_name(name) in run.metrics
            and self.from_strings.get(name, 0) == len(run.metrics[metric_name(name)]) < texts
        ]
        for name in dropped:
            del run.metrics[name]
        if dropped:
            run.notes.append(f"{', '.join(dropped[:8])}: text fields, their few numeric strings are not metrics")
        if self.samples:
            run.notes.append(
                f"{self.samples} records without a step hold prose (per-example rows: a dataset, predictions, "
                "generated text): read as examples, their numbers are not metrics"
            )


LISTED_VALUES = 12
"""The longest list of floats whose items are each a series (`name[0]`, `name[1]`, ...): DETR's and its followers'
`log.txt` record COCO's twelve AP/AR statistics as `"test_coco_eval_bbox": [0.42, 0.62, ...]` each epoch (the
real-log corpus labels them `test_coco_eval_bbox[0]`...); a longer list (per-class scores, a histogram) is none."""


def listed(record: dict[str, Any]) -> dict[str, Any]:
    """The record with each short list of measurements (LISTED_VALUES floats at most; integers are ids, tags, sizes)
    spread into one field per item, and each list of one number unwrapped (`"episode": [3]`, `"loss": ["0.52"]`: a
    logger's `[value]`, round43's EB-010)."""
    spread: dict[str, Any] = {}
    for name, value in record.items():
        if isinstance(value, list) and len(value) == 1 and as_number(value[0]) is not None:
            spread[name] = value[0]
        elif isinstance(value, list) and 0 < len(value) <= LISTED_VALUES and all(type(v) is float for v in value):
            spread.update((f"{name}[{i}]", item) for i, item in enumerate(value))
        else:
            spread[name] = value
    return spread


def add_record(
    run: Run, record: dict[str, Any], index: int, line: int | None, fields: _FieldKinds | None = None
) -> None:
    steps = ((key, as_number(record.get(key))) for key in STEP_KEYS)
    step_key, step = next(((key, number) for key, number in steps if number is not None), (None, float(index)))
    sample = step_key is None and any(
        isinstance(value, str) and value.count(" ") + 1 >= SAMPLE_TEXT_WORDS and classify_line(value) is None
        for value in record.values()
    )
    if sample and fields is not None:
        fields.samples += 1
    for name, value in record.items():
        number = as_number(value)
        if number is not None and name != step_key and not sample:
            series = run.series_within_cap(name)
            if series is not None:
                series.append(step, number)
                if fields is not None and isinstance(value, str):
                    fields.from_strings[name] = fields.from_strings.get(name, 0) + 1
        elif isinstance(value, str) and number is None:
            if fields is not None:
                fields.texts[name] = fields.texts.get(name, 0) + 1
            verdict = classify_line(value)
            if verdict is not None:
                run.add_event(Event(line=line, level=verdict[0], kind=verdict[1], text=value, step=step))
