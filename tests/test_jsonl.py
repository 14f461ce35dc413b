"""The JSON Lines reader against the example run written by scripts/make_examples.py."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest

from server.core.errors import UnreadableInputError
from server.core.logs import jsonl
from server.core.nesting import flatten
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


def test_numbers_written_as_strings_are_values_like_nan_strings(tmp_path: Path) -> None:
    records = [json.loads(line) for line in EXAMPLE.read_text().splitlines()]
    for record in records:
        record["train"]["loss"] = f" {record['train']['loss']!r} "
        record["step"] = str(record["step"])
    records[1]["train"]["loss"] = "nan"
    records[2]["train"]["loss"] = "-Infinity"
    records[3]["train"]["loss"] = "0.5 apples"
    log = tmp_path / "m.jsonl"
    log.write_text("\n".join(json.dumps(record) for record in records) + "\n")
    (run,) = jsonl.read(log, "m.jsonl")
    truth = json.loads(EXAMPLE.with_suffix(".expected.json").read_text())["metrics"]["train/loss"]
    series = run.metrics["train/loss"]
    assert list(series.steps) == [step for i, (step, _) in enumerate(truth) if i != 3]
    kept = [value for i, (_, value) in enumerate(truth) if i not in (1, 2, 3)]
    assert [series.values[0], *series.values[3:]] == kept
    assert math.isnan(series.values[1]) and series.values[2] == -math.inf


def test_a_line_nested_too_deeply_to_parse_becomes_an_event_and_the_rest_is_read(tmp_path: Path) -> None:
    lines = EXAMPLE.read_text().splitlines()
    lines.insert(2, '{"a":' * 50_000)
    log = tmp_path / "m.jsonl"
    log.write_text("\n".join(lines) + "\n")
    (run,) = jsonl.read(log, "m.jsonl")
    assert len(run.metrics["train/loss"]) == len(lines) - 1
    assert [(event.line, event.text) for event in run.events] == [
        (3, "line 3 is not a JSON object (nested too deeply to parse); skipped")
    ]


def test_flatten_takes_any_depth_and_keeps_the_order_of_the_keys() -> None:
    deep: dict = {"loss": 1.0}
    for _ in range(5 * sys.getrecursionlimit()):
        deep = {"a": deep}
    assert flatten(deep, "/") == {"a/" * 5 * sys.getrecursionlimit() + "loss": 1.0}
    assert flatten({"x": 1, "m": {"b": 2, "c": {"d": 3}, "e": 4}, "y": 5}, ".") == {
        "x": 1,
        "m.b": 2,
        "m.c.d": 3,
        "m.e": 4,
        "y": 5,
    }


def per_example_rows(with_text_numbers: bool = False) -> list[dict]:
    """A test log of a trained model, one row per example (a sentence, its target, its loss), as a per-example
    evaluation writes it; the losses are the example run's, standing for one example each."""
    losses = [
        value for _, value in json.loads(EXAMPLE.with_suffix(".expected.json").read_text())["metrics"]["train/loss"]
    ]
    rows = []
    for index, loss in enumerate(losses):
        target = "2005." if with_text_numbers and index % 7 == 0 else f"The simple sentence number {index} of the set."
        rows.append({"sentence": f"translate English to Simple English: the long sentence number {index}.",
                     "simple_sentence": target, "loss": loss})  # fmt: skip
    return rows


def test_rows_of_prose_without_a_step_are_examples_not_a_loss_curve(tmp_path: Path) -> None:
    log = tmp_path / "test_log.jsonl"
    log.write_text("\n".join(json.dumps(row) for row in per_example_rows()) + "\n")
    with pytest.raises(UnreadableInputError, match="examples \\(prose, no step\\): no training curve"):
        jsonl.read(log, "test_log.jsonl")
    log.write_text(log.read_text() + "\n Average test loss: 0.0696\n")
    (run,) = jsonl.read(log, "test_log.jsonl")
    assert run.metrics == {}
    assert any(note.startswith(f"{len(per_example_rows())} records without a step hold prose") for note in run.notes)


def test_rows_of_prose_with_a_step_stay_logging_moments(tmp_path: Path) -> None:
    rows = per_example_rows()
    for step, row in enumerate(rows):
        row["step"] = step * 10
    log = tmp_path / "samples.jsonl"
    log.write_text("\n".join(json.dumps(row) for row in rows) + "\n")
    (run,) = jsonl.read(log, "samples.jsonl")
    assert list(run.metrics) == ["loss"]
    assert list(run.metrics["loss"].values) == [row["loss"] for row in rows]


def test_a_text_field_whose_few_strings_read_as_numbers_is_no_metric(tmp_path: Path) -> None:
    rows = per_example_rows(with_text_numbers=True)
    for step, row in enumerate(rows):
        row["step"] = step
    log = tmp_path / "m.jsonl"
    log.write_text("\n".join(json.dumps(row) for row in rows) + "\n")
    (run,) = jsonl.read(log, "m.jsonl")
    assert list(run.metrics) == ["loss"]
    assert "simple_sentence: text fields, their few numeric strings are not metrics" in run.notes


def test_a_config_document_printed_over_lines_before_the_records_is_settings_not_records(tmp_path: Path) -> None:
    """LAVIS writes its config with `indent=4`, then one JSON record per line: the document's numbers (lr, batch
    size, seed) are no metrics and its lines no malformed records; the records after it are the run."""
    from tests.tiny_runs import train_tiny

    tiny = train_tiny(lr=0.05, steps=40)
    config = {"run": {"init_lr": 0.05, "batch_size_train": 32, "milestone": [1], "seed": 0}}
    records = [json.dumps({"train_loss": f"{v:.3f}"}) for v in tiny.metrics["loss"].values]
    log = tmp_path / "log.txt"
    log.write_text(json.dumps(config, indent=4) + "\n" + "\n".join(records) + "\n")
    (run,) = jsonl.read(log, "log.txt")
    assert list(run.metrics) == ["train_loss"] and len(run.metrics["train_loss"]) == 40
    assert run.events == [] and run.notes[0].startswith("lines 1-10: a JSON document")
    from server.core.logs.reading import read_logs
    from server.core.workspace import Workspace

    (detected,) = read_logs(Workspace.of([tmp_path]), ["log.txt"]).runs  # not a Keras history (it opens with `{`)
    assert detected.format == "jsonl" and len(detected.metrics["train_loss"]) == 40


def test_llama_factory_trainer_log_steps_on_current_steps_and_its_planned_length_is_no_metric(tmp_path: Path) -> None:
    """LLaMA-Factory's `LogCallback` writes `trainer_log.jsonl`: `current_steps`, the planned `total_steps` (the same
    on every record), `loss`, `lr`, `epoch` (a float) and `percentage` (its writer's keys,
    llamafactory/train/callbacks.py), here for a tiny real run logged every 10 steps."""
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=150)
    rows = []
    for step, loss in zip(run.metrics["loss"].steps, run.metrics["loss"].values, strict=True):
        if step % 10 == 0:
            row = {"current_steps": int(step), "total_steps": 150, "loss": round(loss, 4), "lr": 0.05}
            row |= {"epoch": step / 50, "percentage": round(100 * step / 150, 2), "elapsed_time": "0:00:01"}
            rows.append(row)
    (tmp_path / "trainer_log.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows))
    (read,) = jsonl.read(tmp_path / "trainer_log.jsonl", "trainer_log.jsonl")
    assert "total_steps" not in read.metrics and "current_steps" not in read.metrics
    assert list(read.metrics["loss"].steps) == [float(row["current_steps"]) for row in rows]
    assert list(read.metrics["loss"].values) == [row["loss"] for row in rows]


def test_a_short_list_of_measurements_is_one_series_per_item_as_detr_logs_cocos_statistics(tmp_path: Path) -> None:
    """DETR's `log.txt`: `"test_coco_eval_bbox": [AP, AP50, ...]` (twelve floats) each epoch gives
    `test_coco_eval_bbox[0]`... ; a list of integers (ids, sizes) or a longer one (per-class scores) gives nothing."""
    (example,) = jsonl.read(EXAMPLE, "metrics.jsonl")
    losses = list(example.metrics["train/loss"].values)[:3]
    log = tmp_path / "log.txt"
    log.write_text(
        "".join(
            json.dumps(
                {
                    "epoch": epoch,
                    "train_loss": loss,
                    "test_coco_eval_bbox": [loss / k for k in range(1, 13)],
                    "shape": [3, 224],
                    "per_class": [loss] * 13,
                }
            )  # fmt: skip
            + "\n"
            for epoch, loss in enumerate(losses)
        )
    )
    (run,) = jsonl.read(log, "log.txt")
    assert sorted(run.metrics) == sorted(["train_loss", *(f"test_coco_eval_bbox[{i}]" for i in range(12))])
    assert list(run.metrics["test_coco_eval_bbox[1]"].values) == [loss / 2 for loss in losses]


def test_objects_written_without_a_line_break_are_each_a_record_and_one_written_twice_is_one(tmp_path: Path) -> None:
    from tests.tiny_runs import train_tiny

    losses = list(train_tiny(lr=0.05, steps=12).metrics["loss"].values)
    records = [json.dumps({"step": step, "loss": loss}) for step, loss in enumerate(losses, 1)]
    log = tmp_path / "loss.txt"  # round50's FE-001 wrote each record twice on its line: `{...}{...}`
    log.write_text("".join(record * 2 + "\n" for record in records[:6]) + records[6] + records[7] + "\n")
    log.write_text(log.read_text() + "\n".join(records[8:]) + "\n")
    (run,) = jsonl.read(log, "loss.txt")
    assert list(run.metrics["loss"].values) == losses and list(run.metrics["loss"].steps) == list(range(1, 13))
    log.write_text('{"step": 1, "loss": 0.5} trailing words\n')
    with pytest.raises(UnreadableInputError, match="not a JSON object"):
        jsonl.read(log, "loss.txt")
