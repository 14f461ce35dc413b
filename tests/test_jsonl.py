"""The JSON Lines reader against the example run written by scripts/make_examples.py."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from server.core.errors import UnreadableInputError
from server.core.logs import jsonl
from tests.conftest import REPO

EXAMPLE = REPO / "examples" / "jsonl" / "metrics.jsonl"


def test_every_record_is_read_with_nested_names_flattened_and_the_step_field_as_step() -> None:
    (run,) = jsonl.read(EXAMPLE, "metrics.jsonl")
    expected = json.loads(EXAMPLE.with_suffix(".expected.json").read_text())["metrics"]
    assert sorted(run.metrics) == sorted(expected)
    for name, points in expected.items():
        series = run.metrics[name]
        assert [[s, v] for s, v in zip(series.steps, series.values, strict=True)] == points
    assert run.events == []
    assert run.lines == len(EXAMPLE.read_text().splitlines())


def test_one_malformed_line_among_good_ones_becomes_an_event_with_its_line_number(tmp_path: Path) -> None:
    lines = EXAMPLE.read_text().splitlines()
    lines.insert(3, '{"step": 17, "loss": 0.')
    log = tmp_path / "m.jsonl"
    log.write_text("\n".join(lines) + "\n")
    (run,) = jsonl.read(log, "m.jsonl")
    assert len(run.metrics["train/loss"]) == len(lines) - 1
    (event,) = run.events
    assert (event.line, event.level, event.kind) == (4, "warning", "warning")
    assert event.text.startswith("line 4 is not a JSON object")


def test_nonfinite_tokens_and_strings_are_values_and_message_fields_become_events(tmp_path: Path) -> None:
    log = tmp_path / "m.jsonl"
    log.write_text(
        '{"epoch": 1, "loss": NaN, "acc": true}\n'
        '{"epoch": 2, "loss": Infinity, "note": "loss is nan, detected at batch 3"}\n'
        '{"epoch": 3, "loss": "-inf", "tags": [1, 2]}\n'
        "[1, 2]\n"
    )
    (run,) = jsonl.read(log, "m.jsonl")
    assert list(run.metrics) == ["loss"]
    assert list(run.metrics["loss"].steps) == [1.0, 2.0, 3.0]
    values = list(run.metrics["loss"].values)
    assert math.isnan(values[0]) and values[1:] == [math.inf, -math.inf]
    assert [(e.line, e.kind, e.step) for e in run.events] == [(2, "nan", 2.0), (4, "warning", None)]


def test_records_without_a_step_field_are_numbered(tmp_path: Path) -> None:
    log = tmp_path / "m.jsonl"
    log.write_text('{"loss": 0.5}\n\n{"loss": 0.25}\n')
    (run,) = jsonl.read(log, "m.jsonl")
    assert list(run.metrics["loss"].steps) == [1.0, 2.0]


def test_a_truncated_file_with_no_whole_record_is_refused_with_what_to_do(tmp_path: Path) -> None:
    log = tmp_path / "m.jsonl"
    log.write_text('{"step": 1, "loss": 0.')
    with pytest.raises(UnreadableInputError, match="no line is a JSON object.*cut off"):
        jsonl.read(log, "m.jsonl")


def test_sniff_wants_a_json_object_with_a_quoted_key() -> None:
    assert jsonl.sniff(EXAMPLE, b'{"step": 1}\n')
    assert not jsonl.sniff(EXAMPLE, b"{'loss': 0.5}\n")
    assert not jsonl.claims_dir(EXAMPLE.parent)
