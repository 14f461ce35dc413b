"""The plain-text reader against logs printed by real tiny training runs (scripts/make_examples.py)."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from server.core.errors import UnreadableInputError, UserError
from server.core.logs import text
from server.core.logs.events import classify_line
from server.core.logs.model import MAX_EVENTS_KEPT, Run
from tests.conftest import FIXTURES, REPO

TEXT = FIXTURES / "text"


def read_one(path: Path) -> Run:
    (run,) = text.read(path, path.name)
    return run


def pairs(run: Run, name: str) -> list[list[float | str]]:
    series = run.metrics[name]
    return [[s, "nan" if v != v else v] for s, v in zip(series.steps, series.values, strict=True)]


def expected_pairs(path: Path, name: str) -> list[list[float | str]]:
    logged = json.loads(path.with_suffix(".expected.json").read_text())["metrics"][name]
    return [[s, "nan" if v != v else v] for s, v in logged]


@pytest.mark.parametrize(
    ("log", "names"),
    [
        (TEXT / "pipe.log", ["loss", "grad_norm", "lr"]),
        (TEXT / "kv.log", ["loss", "grad_norm", "lr"]),
        (TEXT / "nanogpt.log", ["loss", "time", "mfu", "train_loss", "val_loss"]),
        (REPO / "examples" / "healthy" / "train.log", ["loss", "grad_norm", "lr"]),
        (REPO / "examples" / "diverging" / "train.log", ["loss", "grad_norm", "lr"]),
    ],
)
def test_every_logged_value_is_read_with_its_step(log: Path, names: list[str]) -> None:
    run = read_one(log)
    assert sorted(run.metrics) == sorted(names)
    for name in names:
        assert pairs(run, name) == expected_pairs(log, name)


def test_the_diverging_example_keeps_nan_values_and_its_warnings_with_line_numbers() -> None:
    log = REPO / "examples" / "diverging" / "train.log"
    run = read_one(log)
    logged = json.loads(log.with_suffix(".expected.json").read_text())
    assert run.metrics["loss"].nan_count() == sum(1 for _, v in logged["metrics"]["loss"] if v != v)
    assert [e.line for e in run.events] == logged["nonfinite_warning_lines"]
    assert {(e.level, e.kind) for e in run.events} == {("warning", "nan")}
    first_nan_step = next(s for s, v in logged["metrics"]["loss"] if v != v)
    assert run.events[0].step == first_nan_step


def test_keras_epoch_lines_give_one_point_per_epoch_with_the_history_values() -> None:
    run = read_one(TEXT / "keras.log")
    history = json.loads((TEXT / "keras.expected.json").read_text())["history"]
    assert sorted(run.metrics) == sorted(history)
    for name, values in history.items():
        series = run.metrics[name]
        assert list(series.steps) == [float(epoch) for epoch in range(1, len(values) + 1)]
        assert list(series.values) == pytest.approx(values, abs=5e-5)


def test_keras_default_console_bar_redrawn_into_a_file_gives_each_drawing_and_evaluate_apart() -> None:
    """`fit(verbose=1)` into a file: each batch's running mean is drawn, then erased (backspaces, `\\r`): every
    drawing is a point on the bar's counter made global (6 batches an epoch), the epoch's last one holding its values.
    `evaluate`'s bar (`1/8`, another total under the last epoch's header) and the dict it returns, printed after, are
    another loop's: `eval_` values at the last step."""
    raw = (TEXT / "keras_bar.log").read_bytes()
    assert b"\x08\x08\r" in raw  # the real bar, as Keras 3 draws it on Linux
    run = read_one(TEXT / "keras_bar.log")
    history = json.loads((TEXT / "keras_bar.expected.json").read_text())["history"]
    epochs = len(history["loss"])
    for name, values in history.items():
        at = dict(zip(run.metrics[name].steps, run.metrics[name].values, strict=True))
        assert [at[6.0 * epoch] for epoch in range(1, epochs + 1)] == pytest.approx(values, abs=5e-5)
    assert list(run.metrics["loss"].steps) == [
        float(s) for epoch in range(epochs) for s in (6 * epoch + 1, 6 * epoch + 6)
    ]
    assert list(run.metrics["val_loss"].steps) == [6.0 * epoch for epoch in range(1, epochs + 1)]
    assert set(run.metrics["eval_loss"].steps) == {6.0 * epochs}  # the bar's drawings and the printed dict
    assert run.metrics["eval_loss"].values[-1] == pytest.approx(run.metrics["eval_loss"].values[-2], abs=5e-5)


def test_a_long_line_of_backspaces_with_no_redraw_is_read_in_one_pass(tmp_path: Path) -> None:
    """The erased-bar rule is matched from a redraw's start only: 130 KB of values and backspaces on one line, never
    redrawn, once took two minutes (a match tried from every byte); its bound here is 100x what one pass takes."""
    import time

    log = tmp_path / "train.log"
    log.write_bytes(b"step 1 loss: 0.5\n" + b"loss: 0.5 \x08\x08\x08" * 10_000 + b"\nstep 2 loss: 0.4\n")
    started = time.perf_counter()
    read_one(log)
    assert time.perf_counter() - started < 5.0


def test_a_long_line_of_one_field_is_read_in_one_pass(tmp_path: Path) -> None:
    """The prefix parser's level word looked for one to three fields before it: a line of one long field (a loop's
    `f.write(",".join(losses))`, 3 KB with no blank) was split three ways, cubic (minutes); each field is taken whole
    now. Its bound here is 100x what one pass takes."""
    import time

    log = tmp_path / "losses.txt"
    log.write_text(",".join(f"{2.3 - i / 1000:.6f}" for i in range(300)) + "\n")
    started = time.perf_counter()
    run = read_one(log)
    assert time.perf_counter() - started < 5.0
    assert len(next(iter(run.metrics.values()))) == 300  # a row of numbers is a series


def test_long_lines_of_words_beside_a_dict_are_read_in_one_pass(tmp_path: Path) -> None:
    """A dict keyed by numbers is looked for by its opening (`: {0.9:`) before its name is: the name's pattern, tried at
    every word of 1.4 KB lines of prose beside a config's `cfg: {'a': 1}`, took a minute on 4 MiB. Its bound here is
    about 100x what one pass takes."""
    import time

    log = tmp_path / "train.log"
    prose = "the model keeps running over the lazy data and writes notes far away " * 20
    log.write_text("cfg: {'a': 1}\n" + f"{prose}\n" * 1500 + "step 1 loss: 0.5\nstep 2 loss: 0.4\n")
    started = time.perf_counter()
    run = read_one(log)
    assert time.perf_counter() - started < 5.0
    assert list(run.metrics["loss"].values) == [0.5, 0.4]


def test_a_row_of_many_blank_separated_cells_that_is_no_table_is_refused_in_one_pass(tmp_path: Path) -> None:
    """A headerless table's cell and gap patterns match one way only: a row of twelve cells four blanks apart that ends
    in a word (no table row, no series) once took 14 s to refuse, the blanks split every way between two quantifiers;
    its bound here is 100x what one pass takes. The file holds no metric, and says so."""
    import time

    log = tmp_path / "scores.txt"
    row = "    ".join(f"{i / 7:.3f}" for i in range(12))
    log.write_text(f"{row}    end\n{row}    done\n")
    started = time.perf_counter()
    with pytest.raises(UnreadableInputError, match="no metric lines found"):
        read_one(log)
    assert time.perf_counter() - started < 5.0


def test_hugging_face_console_dicts_step_by_logging_index_and_keep_epoch() -> None:
    run = read_one(TEXT / "hf.log")
    logged = json.loads((TEXT / "hf.expected.json").read_text())
    history = logged["log_history"]
    index = 0
    expected: dict[str, list[tuple[float, float]]] = {}
    for entry in history:
        if "loss" in entry:
            index += 1
            assert entry["step"] == index * logged["logging_steps"]
        for name, value in entry.items():
            if name not in ("step", "total_flos"):
                expected.setdefault(name, []).append((float(index), value))
    assert sorted(run.metrics) == sorted(expected)
    for name, points in expected.items():
        assert list(run.metrics[name].steps) == [s for s, _ in points]
        assert list(run.metrics[name].values) == pytest.approx([v for _, v in points], rel=1e-3)


def test_a_crash_log_keeps_metrics_and_classifies_warning_and_traceback_lines() -> None:
    run = read_one(TEXT / "crash.log")
    assert pairs(run, "loss") == expected_pairs(TEXT / "crash.log", "loss")
    lines = (TEXT / "crash.log").read_text().splitlines()
    kinds = {(e.line, e.kind) for e in run.events}
    variance_line = next(i for i, line in enumerate(lines, 1) if "variance=0" in line)
    traceback_line = next(i for i, line in enumerate(lines, 1) if line.startswith("Traceback"))
    last_line = len(lines)
    assert {(variance_line, "variance_zero"), (traceback_line, "traceback"), (last_line, "traceback")} <= kinds
    assert all(e.step == run.metrics["loss"].steps[-1] for e in run.events)


def test_small_chunks_read_the_same_values_and_event_steps_as_one_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("nanogpt.log", "crash.log", "kv.log"):
        whole = read_one(TEXT / name)
        monkeypatch.setattr(text, "CHUNK_BYTES", 97)
        pieces = read_one(TEXT / name)
        monkeypatch.undo()
        assert {k: pairs(pieces, k) for k in pieces.metrics} == {k: pairs(whole, k) for k in whole.metrics}
        assert [(e.line, e.step, e.kind) for e in pieces.events] == [(e.line, e.step, e.kind) for e in whole.events]


def test_nan_and_inf_spellings_are_values_and_progress_bars_are_ignored(tmp_path: Path) -> None:
    log = tmp_path / "t.log"
    log.write_text(
        "step 1 | loss 0.5\n"
        " 45%|████▌     | 450/1000 [00:01<00:02, 300.00it/s]\n"
        "step 2 | loss nan\nstep 3 | loss NaN\nstep 4 | loss inf\nstep 5 | loss -inf\nstep 6 | loss Infinity\n"
    )
    run = read_one(log)
    assert pairs(run, "loss")[:2] == [[1.0, 0.5], [2.0, "nan"]]
    assert list(run.metrics["loss"].values)[3:] == [math.inf, -math.inf, math.inf]
    assert run.metrics["loss"].nan_count() == 2
    assert run.events == []


def test_a_value_the_loose_line_pattern_accepts_but_is_no_number_is_dropped(tmp_path: Path) -> None:
    log = tmp_path / "t.log"
    log.write_text("step 1 | loss 0.5\nstep 2 | loss 0.4\nstep 3 | loss 1.2.3\nstep 4 | loss 0.3\n")
    assert pairs(read_one(log), "loss") == [[1.0, 0.5], [2.0, 0.4], [4.0, 0.3]]


def test_a_line_longer_than_the_limit_is_refused_with_its_number(tmp_path: Path) -> None:
    log = tmp_path / "t.log"
    log.write_bytes(b"step 1 | loss 0.5\n" + b"x" * (text.MAX_LINE_BYTES + 10))
    with pytest.raises(UnreadableInputError, match="line 2 is longer than 1 MiB"):
        text.read(log, "t.log")


def test_a_text_file_without_metric_lines_says_which_shapes_are_read(tmp_path: Path) -> None:
    log = tmp_path / "notes.txt"
    log.write_text("just some notes\nnothing else\n")
    with pytest.raises(UnreadableInputError, match="no metric lines found in 2 lines"):
        text.read(log, "notes.txt")


@pytest.mark.parametrize(
    ("line", "verdict"),
    [
        ("Traceback (most recent call last):", ("error", "traceback")),
        ("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB", ("error", "oom")),
        ("ValueError: expected 3 channels", ("error", "traceback")),
        ("WARNING: variance = 0 for feature 3", ("warning", "variance_zero")),
        ("2023-11-26 21:09:59 - trainer - INFO - Mean Negative_likelihood on test: 2.5573, Variance: 0.0", None),
        ("Gradient overflow. Skipping step, loss scaler 0 reducing loss scale to 1024", ("warning", "skipped_step")),
        ("ERROR nan detected in loss at step 5", ("error", "nan")),
        ("warning: grad norm is inf", ("warning", "inf")),
        ("2024-01-01 ERROR something failed", ("error", "error")),
        ("x.py:3: UserWarning: deprecated", ("warning", "warning")),
        ("step 5 | loss nan | lr 0.1", None),
        ("INFO step=5 loss=0.3", None),
    ],
)
def test_classify_line_names_the_level_and_kind(line: str, verdict: tuple[str, str] | None) -> None:
    assert classify_line(line) == verdict


def test_sniff_accepts_text_and_refuses_binary_and_json() -> None:
    assert text.sniff(Path("a.log"), b"step 1 | loss 0.5\n")
    assert not text.sniff(Path("a.log"), b"\x00\x01\x02")
    assert not text.sniff(Path("a.log"), b"\xff\xfe\x80" * 50)
    assert not text.sniff(Path("a.json"), b'{"step": 1}\n')
    assert not text.claims_dir(Path("."))


def test_a_shape_first_seen_late_in_a_line_by_line_log_is_learned_and_the_chunk_read_again(tmp_path: Path) -> None:
    lines = (TEXT / "hf.log").read_bytes().splitlines(keepends=True)
    first_eval = next(i for i, line in enumerate(lines) if b"eval_loss" in line)
    # push the first eval dict past the first 64 KiB with training dicts (two in turn: one printed twice in a row is
    # one dict sent to two handlers), their epochs left out (an epoch going back to its first is a run appended)
    padding = [re.sub(rb", 'epoch': '[^']*'", b"", line) for line in lines[:2]] * ((32 << 10) // len(lines[0]) + 10)
    log = tmp_path / "hf.log"
    log.write_bytes(b"".join(padding + lines))
    run = read_one(log)
    reference = read_one(TEXT / "hf.log")
    evals = sum(1 for line in lines if b"eval_loss" in line)
    assert list(run.metrics["eval_loss"].values) == list(reference.metrics["eval_loss"].values)
    assert len(run.metrics["eval_loss"]) == evals
    assert len(run.metrics["loss"]) == len(padding) + len(reference.metrics["loss"])
    assert run.metrics["eval_loss"].steps[0] == len(padding) + reference.metrics["eval_loss"].steps[0]
    assert first_eval > 0


def test_a_shape_first_seen_at_a_later_chunk_start_is_learned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = (TEXT / "nanogpt.log").read_bytes().splitlines(keepends=True)
    log = tmp_path / "nanogpt.log"
    log.write_bytes(b"".join(lines[1:]))  # without the step-0 evaluation line, the head shows no eval shape
    monkeypatch.setattr(text, "CHUNK_BYTES", 97)
    run = read_one(log)
    assert pairs(run, "val_loss") == expected_pairs(TEXT / "nanogpt.log", "val_loss")[1:]
    assert pairs(run, "loss") == expected_pairs(TEXT / "nanogpt.log", "loss")


def test_older_console_formats_are_read(tmp_path: Path) -> None:
    """Keras 2 progress bars and transformers 4 dicts (unquoted numbers), as those versions print them."""
    log = tmp_path / "k.log"
    log.write_text(
        "Epoch 1/2\n32/32 [==============================] - 0s 2ms/step - loss: 0.6931 - accuracy: 0.5000\n"
        "Epoch 2/2\n32/32 [==============================] - 0s 1ms/step - loss: 0.5000 - accuracy: 0.7500\n"
    )
    assert pairs(read_one(log), "loss") == [[1.0, 0.6931], [2.0, 0.5]]
    log.write_text("{'loss': 0.6931, 'learning_rate': 5e-05, 'epoch': 0.5}\n{'loss': nan, 'epoch': 1.0}\n")
    run = read_one(log)
    assert pairs(run, "loss") == [[1.0, 0.6931], [2.0, "nan"]]
    assert pairs(run, "learning_rate") == [[1.0, 5e-05]]


def test_a_log_with_only_a_crash_gives_a_run_of_events(tmp_path: Path) -> None:
    lines = (TEXT / "crash.log").read_text().splitlines()
    log = tmp_path / "c.log"
    log.write_text("\n".join(line for line in lines if not line.startswith("step")) + "\n")
    run = read_one(log)
    assert run.metrics == {}
    assert [e.kind for e in run.events][-1] == "traceback"


def test_a_run_stopped_with_ctrl_c_keeps_its_steps_and_reports_the_interrupt(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    code = (  # the run sends itself Ctrl-C's SIGINT at step 5: a real interrupt, at a point that does not race
        "import os, signal, time\n"
        # as a run started from a terminal: a job started with `&` inherits SIGINT ignored, and Python then keeps it so
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "for i in range(1000):\n"
        "    print(f'step {i} | loss {1 / (i + 1):.4f}', flush=True)\n"
        f"    if i == 5: os.kill(os.getpid(), {int(signal.SIGINT)})\n"
        "    time.sleep(0.01)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert done.returncode == -signal.SIGINT  # killed by the interrupt, as a terminal's Ctrl-C does
    log = tmp_path / "interrupted.log"
    log.write_text(done.stdout)
    run = read_one(log)
    lines = log.read_text().splitlines()
    interrupt_line = next(i for i, line in enumerate(lines, 1) if line.startswith("KeyboardInterrupt"))
    assert (interrupt_line, "error") in {(e.line, e.level) for e in run.events}
    assert len(run.metrics["loss"]) == sum(1 for line in lines if line.startswith("step "))


def test_a_keras_log_cut_off_inside_a_number_keeps_every_complete_value(tmp_path: Path) -> None:
    lines = (TEXT / "keras.log").read_text().splitlines()
    cut = lines[-1][: lines[-1].index("val_loss: ") + len("val_loss: ")] + "1e-"
    log = tmp_path / "keras.log"
    log.write_text("\n".join([*lines, "Epoch 7/7", cut]))
    run = read_one(log)
    history = json.loads((TEXT / "keras.expected.json").read_text())["history"]
    assert list(run.metrics["val_loss"].values) == pytest.approx(history["val_loss"], abs=5e-5)
    for name in ("accuracy", "loss", "val_accuracy"):
        assert list(run.metrics[name].steps) == [float(epoch) for epoch in range(1, 8)]
        assert list(run.metrics[name].values) == pytest.approx([*history[name], history[name][-1]], abs=5e-5)


def test_a_step_that_is_no_number_drops_its_line_and_events_take_the_last_real_step(tmp_path: Path) -> None:
    lines = (TEXT / "pipe.log").read_text().splitlines()
    log = tmp_path / "pipe.log"
    log.write_text("\n".join([*lines, "step 1e- | loss 0.5 | grad_norm 0.1 | lr 5.00e-02", "WARNING: loss is nan"]))
    run = read_one(log)
    assert pairs(run, "loss") == expected_pairs(TEXT / "pipe.log", "loss")
    assert [(event.line, event.step) for event in run.events] == [(len(lines) + 2, 195.0)]


def test_a_hugging_face_dict_whose_step_or_value_is_no_number_loses_only_that(tmp_path: Path) -> None:
    log = tmp_path / "hf.log"
    log.write_text("{'step': '1', 'loss': '0.5'}\n{'step': 'e', 'loss': '0.4'}\n{'step': '3', 'loss': '-'}\n")
    assert pairs(read_one(log), "loss") == [[1.0, 0.5]]


def warnings_between_runs_of_metric_lines(tmp_path: Path, count: int) -> tuple[Path, list[str]]:
    """pipe.log's lines, `count` UserWarning lines (over 1 MiB: several chunks), then pipe.log's first two metric
    lines, one more warning and the rest of pipe.log."""
    lines = (TEXT / "pipe.log").read_text().splitlines()
    warning = "/venv/site-packages/torch/optim/lr_scheduler.py:143: UserWarning: Detected call of `lr_scheduler.step()`"
    log = tmp_path / "warnings.log"
    log.write_text("\n".join([*lines, *[warning] * count, *lines[1:3], warning, *lines[3:]]) + "\n")
    return log, lines


def test_each_of_many_warnings_takes_the_step_of_the_metric_line_before_it_across_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("server.core.logs.model.MAX_EVENTS_KEPT", 30_000)
    log, lines = warnings_between_runs_of_metric_lines(tmp_path, 25_000)
    run = read_one(log)
    assert log.stat().st_size > 2 * text.CHUNK_BYTES
    assert run.events_total == len(run.events) == 25_001
    assert {event.step for event in run.events[:25_000]} == {195.0}
    assert (run.events[-1].line, run.events[-1].step) == (len(lines) + 25_003, 5.0)
    assert len(run.metrics["loss"]) == 2 * len(expected_pairs(TEXT / "pipe.log", "loss"))


def test_warnings_past_the_kept_limit_are_counted_only(tmp_path: Path) -> None:
    log, _ = warnings_between_runs_of_metric_lines(tmp_path, 25_000)
    run = read_one(log)
    assert (run.events_total, len(run.events)) == (25_001, MAX_EVENTS_KEPT)
    assert {event.step for event in run.events} == {195.0}


def test_a_utf8_byte_order_mark_does_not_hide_the_first_line(tmp_path: Path) -> None:
    """Windows editors and PowerShell's `Out-File` start a UTF-8 file with a BOM: its first line is read like the
    others (a per-epoch table of 4 lines lost its first epoch)."""
    from tests.tiny_runs import train_tiny

    printed: list[str] = []
    train_tiny(lr=0.05, steps=20, printed=printed)
    log = tmp_path / "train.log"
    log.write_bytes(b"\xef\xbb\xbf" + "\n".join(printed).encode() + b"\n")
    run = read_one(log)
    assert len(run.metrics["loss"]) == 20 and run.metrics["loss"].steps[0] == 1


def test_an_evaluation_loop_with_its_own_counter_does_not_change_the_length_of_an_epoch(tmp_path: Path) -> None:
    """MAE's MetricLogger prints `Epoch: [e]  [ i/N]` per iteration and, after each epoch, `Test: [e]  [ j/M]` for
    the evaluation loop: the next epoch starts N steps on, not M (a 53-epoch real log ended 30,303 steps short)."""
    from tests.tiny_runs import train_tiny

    loss = train_tiny(lr=0.05, steps=150).metrics["loss"].values  # 3 epochs of 50 iterations
    lines = []
    for epoch in range(3):
        for i in range(0, 50, 10):
            value = loss[50 * epoch + i]
            lines.append(f"Epoch: [{epoch}]  [{i:>2}/50]  eta: 0:00:04  lr: 0.050000  loss: {value:.4f} ({value:.4f})")
        for j in range(0, 20, 10):
            lines.append(f"Test: [{epoch}]  [{j:>2}/20]  eta: 0:00:01  acc1: {50 + epoch + j / 10:.2f} (50.00)")
    log = tmp_path / "log.txt"
    log.write_text("\n".join(lines) + "\n")
    steps = list(read_one(log).metrics["loss"].steps)
    assert steps == [50.0 * epoch + i for epoch in range(3) for i in range(0, 50, 10)]


def test_names_that_end_in_a_dashed_number_are_series_of_their_own(tmp_path: Path) -> None:
    """TransReID's evaluation block (round32's CR-006): `CMC curve, Rank-1  :55.7%` then `Rank-5  :81.1%`, one shape
    digits aside; the number glued to its name by a dash is part of the name, so Rank-5 is no second point of
    Rank-1."""
    from tests.tiny_runs import train_tiny

    scores = [100 / (1 + value) for value in train_tiny(lr=0.05, steps=100).metrics["val_loss"].values]
    lines = []
    for epoch, score in enumerate(scores, 1):
        lines += [f"Validation Results - Epoch: {epoch}", f"mAP: {score / 2:.1f}%"]
        lines += [f"CMC curve, Rank-{rank:<3}:{min(score * rank**0.1, 99.9):.1f}%" for rank in (1, 5, 10)]
    (tmp_path / "train_log.txt").write_text("\n".join(lines) + "\n")
    run = read_one(tmp_path / "train_log.txt")
    assert {"Rank-1", "Rank-5", "Rank-10"} <= set(run.metrics)
    for rank in (1, 5, 10):
        expected = [round(min(score * rank**0.1, 99.9), 1) for score in scores]
        assert list(run.metrics[f"Rank-{rank}"].values) == expected


def test_a_split_tagged_bar_counts_its_batches_and_a_bracketed_value_after_its_eta_is_read(tmp_path: Path) -> None:
    """A NER repository's progress bar, one line per batch (round34's CX-005): `[Training] 3/20 [==>...] - ETA: 0:04
    [ loss=0.6914 ]`. The `a/b` after the closed split tag is the bar's batch, not an epoch (`[train] [3/10]` and
    `[ Valid | 001/100 ]` number epochs), and the value in brackets after the ETA clock is read."""
    from tests.tiny_runs import train_tiny

    loss = train_tiny(lr=0.05, steps=20).metrics["loss"].values
    lines = [
        f"[Training] {i}/20 [{'=' * i}>{'.' * (20 - i)}] - ETA: 0:{20 - i:02d}  [ loss={value:.4f} ]"
        for i, value in enumerate(loss, 1)
    ]
    (tmp_path / "nohup.out").write_text("\n".join(lines) + "\n")
    run = read_one(tmp_path / "nohup.out")
    assert list(run.metrics["loss"].steps) == [float(i) for i in range(1, 21)]
    assert list(run.metrics["loss"].values) == [round(value, 4) for value in loss]
    assert "epoch" not in run.axes


def test_a_bar_redrawn_by_carriage_returns_past_a_mebibyte_with_no_newline_is_read(tmp_path: Path) -> None:
    """A progress bar whose postfix holds the loss, redrawn with `\\r` for a whole run and never ended by a newline
    (Lightning's bar captured to a file, round45's EI-004: 1.3 MB on one physical line): each redraw is a line as
    the console showed it, so the file is read, not refused as one line past MAX_LINE_BYTES (six decimals: two equal
    postfixes in a row are one value drawn twice)."""
    from tests.tiny_runs import train_tiny

    losses = train_tiny(lr=0.05, steps=2000).metrics["loss"].values
    width = 300  # a wide terminal's bar, in 3-byte block characters
    with (tmp_path / "train.log").open("wb") as log:
        for step, loss in enumerate(losses, start=1):
            done = width * step // len(losses)
            bar = ("█" * done + " " * (width - done)).encode()
            log.write(b"\rEpoch 0: %3d%%|%s| %d/%d [00:01<00:00, 9.1it/s, loss=%.6f]" % (
                100 * step // len(losses), bar, step, len(losses), loss))  # fmt: skip
    raw = (tmp_path / "train.log").read_bytes()
    assert len(raw) > text.MAX_LINE_BYTES and b"\n" not in raw
    run = read_one(tmp_path / "train.log")
    printed = [(step, float(f"{loss:.6f}")) for step, loss in enumerate(losses, start=1)]
    drawn = [
        point
        for point, after in zip(printed, [*printed[1:], None], strict=True)
        if after is None or after[1] != point[1]
    ]
    # a value drawn twice in a row is read once, at its last draw
    assert len(drawn) > 0.9 * len(losses)
    assert list(zip(run.metrics["loss"].steps, run.metrics["loss"].values, strict=True)) == drawn


def test_loguru_values_under_a_traceback_frame_are_no_metric(tmp_path: Path) -> None:
    """loguru's `diagnose` traceback (YOLOX's trainer logs through it; round46's EK-008) prints each frame's values
    under it (`    │    └ <SpawnProcess name='SpawnProcess-1' parent=1985 started>`): numbers, but no metric."""
    import multiprocessing
    import os

    from loguru import logger

    path = tmp_path / "train_log.txt"
    layout = "{time} | {level: <8} | {name}:{function}:{line} - {message}"
    sink = logger.add(path, format=layout, diagnose=True, backtrace=False)  # the frames from the catching one on
    try:
        for step in range(1, 6):
            logger.info(f"iter: {step}/5, total_loss: {1 / step:.3f}")
        worker = multiprocessing.Process(target=print)  # its repr: `<Process name='Process-1' parent=1985 initial>`
        for _ in range(3):  # a worker restarted and failing again
            try:
                math.log(len(worker.name) - os.getpid())
            except ValueError:
                logger.exception("An error has been caught")
        for step in range(6, 9):
            logger.info(f"iter: {step}/8, total_loss: {1 / step:.3f}")
    finally:
        logger.remove(sink)
    assert "└" in path.read_text()
    run = read_one(path)
    assert list(run.metrics) == ["total_loss"]
    assert list(run.metrics["total_loss"].steps) == [1, 2, 3, 4, 5, 6, 7, 8]


def test_a_measure_printed_after_each_epoch_is_kept_though_it_never_moves(tmp_path: Path) -> None:
    """A model that does not learn (the example MLP at lr 0) scores one validation accuracy after every epoch: a frozen
    measure is a curve that says so (round46's EK-007: Swin's ` * Acc@1 100.000` 28 times, under 94 lines an epoch),
    never a setting echoed at each restart, though printed far less often than the loss."""
    import importlib.util

    import torch

    spec = importlib.util.spec_from_file_location("example_train", REPO / "examples" / "diverging" / "train.py")
    assert spec is not None and spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    x, y = example.make_data(0)
    xv, yv = example.make_data(100, 64)
    model = example.build_model(0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.0)
    lines, step = [], 0
    for _ in range(6):
        for lo in range(0, len(x), 8):
            loss, _ = example.train_step(model, optimizer, x[lo : lo + 8], y[lo : lo + 8])
            lines.append(f"step {step} loss {loss:.4f}")
            step += 1
        with torch.no_grad():
            accuracy = float(((model(xv) > 0).float() == yv).float().mean())
        lines.append(f"Validation accuracy: {accuracy:.4f}")
    path = tmp_path / "train.log"
    path.write_text("\n".join(lines) + "\n")
    run = read_one(path)
    frozen = run.metrics["Validation_accuracy"]
    assert len(frozen) == 6 and len(set(frozen.values)) == 1
    assert list(frozen.steps) == [31 + 32 * epoch for epoch in range(6)]


@pytest.mark.parametrize(
    ("line", "names"),
    [
        (b"EPOCH[1/15] loss0.690-|Sample:0.05|", [None, "loss"]),  # LightGCN: a loss's decimal glued to its name
        (b"g_loss0: 6.20 g_loss1: 0.00 w_loss: 15.06", ["g_loss0", "g_loss1", "w_loss"]),  # AttnGAN: digits of names
    ],
)
def test_a_decimal_glued_to_the_word_loss_is_its_value_and_other_glued_digits_are_names(
    line: bytes, names: list[str | None]
) -> None:
    template = text.template_of(line)
    assert template is not None and template.names == names


@pytest.mark.parametrize(
    ("line", "names"),
    [  # round47's EQ-001, an AlphaZero trainer: the policy and value parts of each loss, lettered, in its parenthesis
        (
            b"  epoch 1/3  loss=1.8599 (p=1.6986 v=0.1613)  val=1.8846 (p=1.6128 v=0.2718)",
            [None, "loss", "p", "v", "val", "val_p", "val_v"],
        ),
        (b"acc 0.5 (n=100)", ["acc"]),  # a count in the parenthesis is no part
        (b"Iter 5 loss 0.5 (k=5)", [None, "loss"]),  # nor an integer: an index or a size
    ],
)
def test_lettered_parts_of_a_value_in_its_parenthesis_are_its_components(line: bytes, names: list[str | None]) -> None:
    template = text.template_of(line)
    assert template is not None and template.names == names


def test_darknets_classifier_lines_give_the_step_and_its_running_loss(tmp_path: Path) -> None:
    """AlexeyAB darknet's `classifier.c` prints `21, 0.219: 0.2456, 0.5719 avg, 0.003000 rate, 0.05 seconds, 672
    images, ...`: the batch, the epochs done, the batch's loss unnamed, its running mean as `avg` and the learning
    rate as `rate`; `accuracy top1 = 0.71` after each evaluation. The batch is the step (the accuracy at the batch it
    followed), and `avg` beside `rate` is the training loss (an `avg:` alone is any average: a reward)."""
    import sys

    from server.core.logs.roles import MetricRole
    from tests.tiny_runs import casebook_run

    sys.path.insert(0, str(REPO / "scripts"))
    from make_family_casebook import write_darknet

    run = casebook_run(tmp_path, "darknet19", "healthy", write=write_darknet)
    assert run.primary(MetricRole.TRAIN_LOSS) == "avg" and run.primary(MetricRole.LEARNING_RATE) == "rate"
    assert list(run.metrics["avg"].steps) == [float(step) for step in range(1, len(run.metrics["avg"]) + 1)]
    accuracy = run.metrics["accuracy_top1"]
    assert len(accuracy) >= 5 and accuracy.steps[0] > accuracy.steps[-1] / len(accuracy) / 2  # at its batch, not 1
    agent = casebook_run(tmp_path, "a2c_cartpole", "healthy")  # a real A2C's mean episode reward, printed as
    rewards = agent.metrics["rollout/ep_rew_mean"]  # round45's EH-005 prints its own: `Episode: 100   Avg: -118.904`
    pairs = zip(rewards.steps, rewards.values, strict=True)
    lines = [f"Episode: {k}   avg: {reward:.3f}   Steps: {int(step)}" for k, (step, reward) in enumerate(pairs, 1)]
    (tmp_path / "rl.log").write_text("\n".join(lines) + "\n")
    (rl,) = text.read(tmp_path / "rl.log", "rl.log")
    assert rl.role_map()["avg"].role is not MetricRole.TRAIN_LOSS


def test_a_scikit_learn_classification_report_is_read_as_its_summary_rows(tmp_path: Path) -> None:
    """`classification_report` printed after each fold's evaluation (round68's IK-009): accuracy and the macro and
    weighted averages, one point per report; the per-class rows and the support counts are no curve. The reports here
    are scikit-learn's own, of a real classifier's predictions."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import classification_report

    rng = np.random.default_rng(0)
    lines, reports = [], []
    for fold in range(1, 4):
        x = rng.normal(size=(300, 4))
        y = (x[:, 0] + 0.5 * rng.normal(size=300) > 0).astype(int) + (x[:, 1] > 1)
        predicted = LogisticRegression(max_iter=200).fit(x[:200], y[:200]).predict(x[200:])
        reports.append(classification_report(y[200:], predicted, output_dict=True, zero_division=0))
        lines.append(f"Fold {fold}, Epoch 1/1 - Training Loss: {0.5 / fold:.4f}")
        lines.append(f"Classification Report for Fold {fold}:")
        lines.append(classification_report(y[200:], predicted, target_names=["low", "mid", "high"], zero_division=0))
    log = tmp_path / "training_log.log"
    log.write_text("\n".join(lines) + "\n")
    run = read_one(log)
    assert run.metrics["accuracy"].values.tolist() == [round(r["accuracy"], 2) for r in reports]
    for average in ("macro avg", "weighted avg"):
        for measure in ("precision", "recall", "f1-score"):
            name = f"{average}_{measure}".replace(" ", "_")
            assert run.metrics[name].values.tolist() == [round(r[average][measure], 2) for r in reports]
    assert not {"low", "mid", "high", "support"} & {word for name in run.metrics for word in name.split("_")}


def test_a_rank_tagged_debug_line_with_an_angled_clock_keeps_its_values(tmp_path: Path) -> None:
    """SimCLR's logger (round67's ID-008): `DEBUG:root:@rank0 Epoch: 1\\t<2021-11-26 13:39:23> loss: 0.0018`, two
    ranks a line each: the rank is prefix, the clock in angle brackets no value, and the loss the line's."""
    from tests.tiny_runs import train_tiny

    losses = list(train_tiny(lr=0.05, steps=12).metrics["loss"].values)
    lines = [
        f"DEBUG:root:@rank{rank} Epoch: {(i + 2) // 2}\t<2021-11-26 13:{40 + i // 2:02d}:23> loss: {loss}"
        for i, (rank, loss) in enumerate(zip([1, 0] * 6, losses, strict=True))
    ]
    log = tmp_path / "training.log"
    log.write_text("INFO:root:@rank0 Start SimCLR training for 6 epochs. <2021-11-26 13:39:00>\n" + "\n".join(lines))
    run = read_one(log)
    assert sorted(run.metrics) == ["loss"]
    assert run.metrics["loss"].values.tolist() == losses


def test_a_fractional_epoch_counted_again_by_an_appended_run_is_an_axis_not_a_metric(tmp_path: Path) -> None:
    """Two Trainer runs appended to one log (round68's IH-009), `step 50 | loss=0.70 | epoch=0.07`: the fractional
    epoch restarts only where the step does, so it is a counter of progress (`Run.axes`), no metric to judge."""
    from server.core.logs.reading import read_logs
    from server.core.workspace import Workspace
    from tests.tiny_runs import train_tiny

    lines = []
    for seed in (0, 1):
        for step, loss in enumerate(train_tiny(lr=0.05, steps=20, seed=seed).metrics["loss"].values, 1):
            lines.append(f"step {50 * step} | loss={loss:.6f} | epoch={step / 20:.6f}")
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    (run,) = read_logs(Workspace.of([tmp_path]), ["train.log"]).runs
    assert "epoch" in run.axes and "epoch" not in run.metrics
    assert list(run.axes["epoch"].values)[19:21] == [1.0, 0.05]  # counted again as the second run starts


def test_a_row_of_losses_after_a_count_alone_is_one_series(tmp_path: Path) -> None:
    """A C++ loop's `out << losses.size() << "\\n"` then every loss on one line, `, `-separated (round68's IJ-002): the
    count is no value; the row is the series, on its index."""
    from tests.tiny_runs import train_tiny

    losses = list(train_tiny(lr=0.05, steps=30).metrics["loss"].values)
    log = tmp_path / "losses.txt"
    log.write_text(f"{len(losses)}\n" + "".join(f"{loss:g}, " for loss in losses))
    series = read_one(log).metrics["losses.txt"]
    assert list(series.steps) == [float(i) for i in range(1, len(losses) + 1)]
    assert list(series.values) == [float(f"{loss:g}") for loss in losses]


def test_a_column_of_losses_pandas_wrote_under_its_default_header_is_one_curve(tmp_path: Path) -> None:
    """`pd.Series(losses).to_csv("train_loss.csv", index=False)` (round69's IN-007) writes the Series' default name,
    `0`, over one loss a line: the header is no point of the curve, the rows are counted under it. A tiny real run's
    per-step losses."""
    import pandas as pd

    from server.core.logs.reading import read_logs
    from server.core.workspace import Workspace
    from tests.tiny_runs import train_tiny

    losses = list(train_tiny(0.05, steps=30).metrics["loss"].values)
    pd.Series(losses).to_csv(tmp_path / "train_loss.csv", index=False)
    assert (tmp_path / "train_loss.csv").read_text().startswith("0\n")
    (run,) = read_logs(Workspace.of([tmp_path]), ["train_loss.csv"]).runs
    (series,) = run.metrics.values()
    assert list(series.values) == pytest.approx(losses) and list(series.steps) == list(range(1, 31))


def test_a_file_of_two_index_value_rows_and_nothing_else_is_read(tmp_path: Path) -> None:
    """Two epochs' losses as `epoch<TAB>loss` rows, the whole file (round69's IN-004): fewer rows than a table of
    unnamed values needs inside prose, but the file holds nothing else."""
    from server.core.logs.reading import read_logs
    from server.core.workspace import Workspace
    from tests.tiny_runs import train_tiny

    losses = list(train_tiny(0.05, steps=2).metrics["loss"].values)
    (tmp_path / "log.txt").write_text("".join(f"{epoch}\t{loss}\n" for epoch, loss in enumerate(losses)))
    (run,) = read_logs(Workspace.of([tmp_path]), ["log.txt"]).runs
    (series,) = run.metrics.values()
    assert list(series.values) == pytest.approx(losses) and list(series.steps) == [0, 1]
    (tmp_path / "notes.txt").write_text(f"we ran it twice\n0\t{losses[0]}\n1\t{losses[1]}\nthen stopped\n")
    with pytest.raises(UserError):
        read_logs(Workspace.of([tmp_path]), ["notes.txt"])


def test_values_tagged_with_their_split_after_them_are_one_series_per_split(tmp_path: Path) -> None:
    """`loss 0.095 (train), 0.048 (dev) | error 0.221 (train), 0.165 (dev)` (round50's FD-004, an RNN's epoch lines):
    each value after a comma is its name's on the split tagged after it, here a tiny real classifier's losses and
    errors on its training and held-out rows."""
    import torch

    from server.core.logs.roles import MetricRole
    from tests.tiny_runs import four_way_linear, train_step

    x, y, model = four_way_linear(320)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    lines, logged = [], []
    for epoch in range(1, 9):
        loss = train_step(model, optimizer, x[:256], y[:256], torch.nn.functional.cross_entropy)
        with torch.no_grad():
            dev = torch.nn.functional.cross_entropy(model(x[256:]), y[256:]).item()
            errors = [
                (model(part).argmax(1) != t).float().mean().item()
                for part, t in ((x[:256], y[:256]), (x[256:], y[256:]))
            ]
        logged.append((loss, dev, *errors))
        lines.append(f"epoch {epoch:04d} | loss {loss:.3f} (train), {dev:.3f} (dev) | error {errors[0]:.3f} "
                     f"(train), {errors[1]:.3f} (dev) | tt 0.01min")  # fmt: skip
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    (run,) = text.read(tmp_path / "train.log", "train.log")
    for k, name in enumerate(("loss", "loss_(dev)", "error", "error_(dev)")):
        assert run.metrics[name].values == pytest.approx([round(row[k], 3) for row in logged])
    roles = run.role_map()
    assert roles["loss"].role is MetricRole.TRAIN_LOSS and roles["loss_(dev)"].role is MetricRole.VAL_LOSS


def test_pairs_after_a_label_naming_the_set_they_were_measured_on_are_that_splits(tmp_path: Path) -> None:
    """guillaume-chevalier's HAR LSTM notebook prints `Training iter #640:   Batch Loss = 1.23, Accuracy = 0.59` and
    `PERFORMANCE ON TEST SET: Batch Loss = 2.15, Accuracy = 0.29`: the second line's `key = value` pairs are the test
    set's (a tiny real classifier's losses and accuracies here), not a summary of the training's."""
    from server.core.logs.roles import MetricRole
    from tests.tiny_runs import four_way_steps

    measured = four_way_steps(8)
    tested = [(test_loss, test_acc) for _, _, test_loss, test_acc in measured]
    lines = []
    for step, (loss, train_acc, test_loss, test_acc) in enumerate(measured, 1):
        lines.append(f"Training iter #{32 * step}:   Batch Loss = {loss:.6f}, Accuracy = {train_acc}")
        lines.append(f"PERFORMANCE ON TEST SET: Batch Loss = {test_loss:.6f}, Accuracy = {test_acc}")
    (tmp_path / "har.log").write_text("\n".join(lines) + "\n")
    (run,) = text.read(tmp_path / "har.log", "har.log")
    assert run.metrics["TEST_Batch_Loss"].values == pytest.approx([round(loss, 6) for loss, _ in tested])
    assert run.metrics["TEST_Accuracy"].values == pytest.approx([acc for _, acc in tested])
    roles = run.role_map()
    assert roles["TEST_Batch_Loss"].role is MetricRole.VAL_LOSS and roles["Batch_Loss"].role is MetricRole.TRAIN_LOSS


def test_traxs_loop_lines_a_name_a_pipe_and_its_value_are_read_at_their_step(tmp_path: Path) -> None:
    """Trax's `training.Loop` prints `Step     20: train CrossEntropyLoss |  2.42622717` and `Step     20: eval Accuracy
    |  0.33251953` (`'Step % 6d: %s'` of `'%s %s | % .8f'`, the stage left-justified, the name right-justified, ` inf`
    or ` nan` once the loss broke): each a named value at its step, the train and eval losses in their roles (unreadable
    before round 42); `Ran 1 train steps in 0.04 secs` is a count of steps, no metric. A tiny real classifier's values
    here, then SGD at a learning rate far too high until its loss is not finite."""
    import torch

    from server.core.logs.roles import MetricRole
    from tests.tiny_runs import four_way_linear, train_step

    x, y, model = four_way_linear(512)
    lines, logged = [], []

    def print_scalar(step: int, stage: str, name: str, value: float) -> None:
        lines.append(f"Step {step: 6d}: {stage.ljust(5)} {name.rjust(16)} | {value: .8f}")  # Trax's `% 6d`, `% .8f`

    adam, sgd = torch.optim.Adam(model.parameters(), lr=0.05), torch.optim.SGD(model.parameters(), lr=1e38)
    for step in range(1, 13):
        batch = torch.randint(0, 384, (32,))
        loss = train_step(model, adam if step <= 8 else sgd, x[batch], y[batch], torch.nn.functional.cross_entropy)
        with torch.no_grad():
            eval_loss = torch.nn.functional.cross_entropy(model(x[384:]), y[384:]).item()
            accuracy = (model(x[384:]).argmax(1) == y[384:]).float().mean().item()
        lines.append(f"Step {step:6d}: Ran 1 train steps in 0.04 secs")
        print_scalar(step, "train", "CrossEntropyLoss", loss)
        print_scalar(step, "eval", "CrossEntropyLoss", eval_loss)
        print_scalar(step, "eval", "Accuracy", accuracy)
        lines.append("")
        logged.append((loss, eval_loss, accuracy))
    assert not math.isfinite(logged[-1][1])  # the run broke: Trax prints ` inf` or ` nan`
    (tmp_path / "trax.log").write_text("\n".join(lines))
    (run,) = text.read(tmp_path / "trax.log", "trax.log")
    assert list(run.metrics["train_CrossEntropyLoss"].steps) == list(range(1, 13)) and "Ran" not in run.metrics
    for name, column in (("train_CrossEntropyLoss", 0), ("eval_CrossEntropyLoss", 1), ("eval_Accuracy", 2)):
        expected = [round(values[column], 8) for values in logged]
        assert list(run.metrics[name].values) == pytest.approx(expected, abs=1e-8, nan_ok=True)
    roles = run.role_map()
    assert roles["train_CrossEntropyLoss"].role is MetricRole.TRAIN_LOSS
    assert roles["eval_CrossEntropyLoss"].role is MetricRole.VAL_LOSS


def test_ludwigs_evaluation_tables_a_row_per_split_are_read_as_that_splits_values(tmp_path: Path) -> None:
    """Ludwig prints each evaluation as tabulate's `fancy_grid` tables, a row per split under the output feature's
    metric names (`│ label │ loss │ accuracy │` over `│ train │ 1.3347 │ 0.3859 │` and `│ validation │ ...`, then the
    `combined` loss's table): each row that split's values, named with the feature (unreadable before round 42). A tiny
    real classifier's values here, printed by tabulate itself as Ludwig calls it; tabulate's ASCII `grid`, its first
    header naming the split column, the same values without a feature."""
    import torch
    from tabulate import tabulate

    from server.core.logs.roles import MetricRole
    from tests.tiny_runs import four_way_linear, train_step

    x, y, model = four_way_linear(512)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
    fancy, grid, validated = [], [], []
    for epoch in range(1, 7):
        for _ in range(4):
            batch = torch.randint(0, 384, (32,))
            train_step(model, optimizer, x[batch], y[batch], torch.nn.functional.cross_entropy)
        with torch.no_grad():
            rows = [
                [split, torch.nn.functional.cross_entropy(model(x[part]), y[part]).item(),
                 (model(x[part]).argmax(1) == y[part]).float().mean().item()]
                for split, part in (("train", slice(0, 384)), ("validation", slice(384, None)))
            ]  # fmt: skip
        validated.append(rows[1][1:])
        fancy.append(f"\nRunning evaluation for step: {4 * epoch}, epoch: {epoch}")
        fancy.append(tabulate([["label", "loss", "accuracy"], *rows], "firstrow", "fancy_grid", floatfmt=".4f"))
        combined = [["combined", "loss"], *(row[:2] for row in rows)]
        fancy.append(tabulate(combined, "firstrow", "fancy_grid", floatfmt=".4f"))
        fancy.append("Validation loss on combined improved, model saved.")
        grid.append(f"Epoch {epoch}")
        grid.append(tabulate([["split", "loss", "accuracy"], *rows], "firstrow", "grid", floatfmt=".4f"))
    (tmp_path / "ludwig.log").write_text("\n".join(fancy) + "\n", encoding="utf-8")
    (tmp_path / "grid.log").write_text("\n".join(grid) + "\n")
    (ludwig,) = text.read(tmp_path / "ludwig.log", "ludwig.log")
    (ascii_grid,) = text.read(tmp_path / "grid.log", "grid.log")
    losses, accuracies = ([round(row[i], 4) for row in validated] for i in (0, 1))
    for run, feature in ((ludwig, "_label"), (ascii_grid, "")):
        assert list(run.metrics[f"validation{feature}_loss"].values) == pytest.approx(losses)
        assert list(run.metrics[f"validation{feature}_accuracy"].values) == pytest.approx(accuracies)
        roles = run.role_map()
        assert roles[f"train{feature}_loss"].role is MetricRole.TRAIN_LOSS
        assert roles[f"validation{feature}_loss"].role is MetricRole.VAL_LOSS
    assert list(ludwig.metrics["validation_combined_loss"].values) == pytest.approx(losses)


def test_catalysts_console_lines_a_split_before_the_epoch_name_that_splits_values(tmp_path: Path) -> None:
    """Catalyst's ConsoleLogger prints each loader's metrics after its key and the epoch in parentheses (`train (1/30)
    accuracy01: 0.51 | loss: 1.16 | lr: 0.003`, `valid (1/30) accuracy01: 0.31 | loss: 1.49`, then `* Epoch (1/30)
    lr: 0.003 | momentum: 0.9`): the valid line's values are the validation's, `accuracy01` its top-1 accuracy (read
    as one training loss swinging between the two before round 42). A tiny real classifier's values here."""
    from server.core.logs.roles import MetricRole
    from tests.tiny_runs import four_way_steps

    def format_metrics(metrics: dict[str, float]) -> str:  # Catalyst's `_format_metrics`
        return " | ".join(f"{key}: {float(metrics[key])}" for key in sorted(metrics))

    lines, validated = [], []
    for epoch, (loss, right, valid_loss, valid_right) in enumerate(four_way_steps(8, batch=64), 1):
        valid = {"loss": valid_loss, "accuracy01": valid_right}
        validated.append(valid)
        lines.append(f"train ({epoch}/8) " + format_metrics({"accuracy01": right, "loss": loss, "lr": 0.05}))
        lines.append(f"valid ({epoch}/8) " + format_metrics(valid))
        lines.append(f"* Epoch ({epoch}/8) " + format_metrics({"lr": 0.05, "momentum": 0.9}))
    (tmp_path / "catalyst.log").write_text("\n".join(lines) + "\n")
    (run,) = text.read(tmp_path / "catalyst.log", "catalyst.log")
    assert list(run.metrics["valid_loss"].values) == pytest.approx([v["loss"] for v in validated])
    assert list(run.metrics["valid_accuracy01"].values) == pytest.approx([v["accuracy01"] for v in validated])
    assert len(run.metrics["loss"].values) == 8  # the training's alone
    roles = run.role_map()
    assert roles["loss"].role is MetricRole.TRAIN_LOSS and roles["valid_loss"].role is MetricRole.VAL_LOSS
    assert roles["valid_accuracy01"].role is MetricRole.ACCURACY


def test_python_2s_printed_tuples_and_unicode_dicts_are_read(tmp_path: Path) -> None:
    """Python 2's `print('Epoch : ', epoch, ' batch : ', i)` prints the tuple `('Epoch : ', 0, ' batch : ', 436)`, and a
    dict of unicode keys as `('Losses', {u'ner': 0.186})` (spaCy 2's NER training, round70's IT-001, unreadable before
    round 42): the epoch is the step, `ner` the loss. A tiny real classifier's losses here, printed as Python 2 does."""
    import torch

    from server.core.logs.roles import MetricRole
    from tests.tiny_runs import four_way_linear, train_step

    x, y, model = four_way_linear(256)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
    losses = [train_step(model, optimizer, x, y, torch.nn.functional.cross_entropy) for _ in range(6)]
    lines = [
        f"('Epoch : ', {epoch}, ' batch : ', 436)\n('Losses', {{u'ner': {loss!r}}})"
        for epoch, loss in enumerate(losses)
    ]
    (tmp_path / "log_train.txt").write_text("\n".join(lines) + "\n")
    (run,) = text.read(tmp_path / "log_train.txt", "log_train.txt")
    assert list(run.metrics["ner"].steps) == list(range(6)) and list(run.metrics["ner"].values) == losses
    assert run.role_map()["ner"].role is MetricRole.TRAIN_LOSS


def test_a_console_saved_through_a_csv_writer_reads_as_the_console(tmp_path: Path) -> None:
    """A console saved through Python's `csv.writer`, one line a row, has the lines holding a comma in double quotes
    (Caffe's `"I0429 11:19:36.676826  1383 solver.cpp:209] Iteration 15000, loss = 0.335453"`, round70's IT-003, whose
    loss was lost before round 42): read as the lines themselves. A tiny real classifier's losses here, logged as
    Caffe's solver logs them, with CRLF line ends as the writer ends rows."""
    import csv

    import torch

    from tests.tiny_runs import four_way_linear, train_step

    x, y, model = four_way_linear(256)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    losses = [train_step(model, optimizer, x, y, torch.nn.functional.cross_entropy) for _ in range(8)]
    with (tmp_path / "nohup.txt").open("w", newline="") as saved:
        writer = csv.writer(saved)
        for i, loss in enumerate(losses):
            clock = f"I0429 11:{20 + i}:05.039805  1383"
            writer.writerow([f"{clock} solver.cpp:209] Iteration {20 * i}, loss = {loss:.6f}"])
            writer.writerow([f"{clock} solver.cpp:315]     Test net output #0: accuracy = 0.{60 + i}"])
    assert (tmp_path / "nohup.txt").read_bytes().startswith(b'"I0429')
    (run,) = text.read(tmp_path / "nohup.txt", "nohup.txt")
    assert list(run.metrics["loss"].values) == [round(loss, 6) for loss in losses]
    assert list(run.metrics["loss"].steps) == [20 * i for i in range(8)]


def test_matlabs_boxed_training_progress_table_is_read_column_by_column(tmp_path: Path) -> None:
    """MATLAB's `trainNetwork` prints its progress as a table boxed by `|===|` rules, each column named over two
    header rows (`Mini-batch` over `Loss`), the validation's cells blank between evaluations. A tiny real BiLSTM of the
    family casebook logged so reads the same losses as the same run written as CSV, to the table's four decimals
    (unreadable before round 41)."""
    import numpy as np

    from server.core.logs.roles import MetricRole
    from tests.tiny_runs import casebook_run

    for fmt in ("text_kv", "csv"):
        (tmp_path / fmt).mkdir()
    table = casebook_run(tmp_path / "text_kv", "matlab_bilstm", "healthy", seed=1, fmt="text_kv")
    rows = casebook_run(tmp_path / "csv", "matlab_bilstm", "healthy", seed=1, fmt="csv")
    roles = table.role_map()
    assert (
        roles["Mini-batch_Loss"].role is MetricRole.TRAIN_LOSS and roles["Validation_Loss"].role is MetricRole.VAL_LOSS
    )
    train, val = rows.metrics[rows.primary(MetricRole.TRAIN_LOSS)], rows.metrics[rows.primary(MetricRole.VAL_LOSS)]
    printed = table.metrics["Mini-batch_Loss"]
    at = np.searchsorted(np.asarray(train.steps), np.asarray(printed.steps))
    assert list(printed.values) == pytest.approx(list(np.asarray(train.values)[at]), abs=5e-5)
    assert list(table.metrics["Validation_Loss"].steps) == list(val.steps)
    assert list(table.metrics["Validation_Loss"].values) == pytest.approx(list(val.values), abs=5e-5)


def test_names_and_values_joined_by_slashes_are_read_each_name_with_its_value(tmp_path: Path) -> None:
    """Haiku's MNIST example prints `[Step 20] Train / Test accuracy: 0.269 / 0.348.`: names joined by slashes, a noun
    they share, values joined as they are; each name is read with its value under its split (unreadable before round
    43). A tiny real MLP of the family casebook logged so reads the accuracies the same run writes as CSV, to the
    print's three decimals; `Loss/Acc: 0.52/0.81` (no shared noun) gives each name its own value; `Epoch 3/10` after
    a name is a counter, no pair."""
    import numpy as np

    from server.core.logs.roles import MetricRole
    from tests.tiny_runs import casebook_run, four_way_steps

    for fmt in ("text_kv", "csv"):
        (tmp_path / fmt).mkdir()
    printed = casebook_run(tmp_path / "text_kv", "mlp_haiku", "healthy", seed=0, fmt="text_kv")
    rows = casebook_run(tmp_path / "csv", "mlp_haiku", "healthy", seed=0, fmt="csv")
    roles = printed.role_map()
    assert roles["Train_accuracy"].split == "train" and roles["Test_accuracy"].split == "test"
    assert roles["Test_accuracy"].role is MetricRole.ACCURACY
    test = printed.metrics["Test_accuracy"]
    held_out = rows.metrics["val_acc"]
    at = np.searchsorted(np.asarray(held_out.steps), np.asarray(test.steps))
    assert list(test.values) == pytest.approx(list(np.asarray(held_out.values)[at]), abs=5e-4)
    lines = [
        f"Epoch {i}/8 Loss/Acc: {loss:.4f}/{right:.4f}" for i, (loss, right, *_) in enumerate(four_way_steps(8), 1)
    ]
    (tmp_path / "pairs.log").write_text("\n".join(lines) + "\n")
    (run,) = text.read(tmp_path / "pairs.log", "pairs.log")
    assert list(run.metrics["Loss"].values) == [float(line.split()[-1].split("/")[0]) for line in lines]
    assert list(run.metrics["Acc"].values) == [float(line.split("/")[-1]) for line in lines]
    assert list(run.metrics["Loss"].steps) == list(range(1, 9))


def test_a_step_of_an_epoch_named_after_it_counts_within_that_epoch(tmp_path: Path) -> None:
    """facebookresearch's DLRM prints `Finished training it 20/96 of epoch 0, 41.23 ms/it, loss 0.692891`: the step
    counts within the epoch named after it (`of epoch 0`, `in epoch 0`), so the run's steps are global, as the same
    run written as CSV has them (before round 43 the epoch was lost and the steps went back at each epoch); its
    `Testing at - 20/96 of epoch 0,` line announces the test whose accuracy the next line prints."""
    from tests.tiny_runs import casebook_run, train_tiny

    for fmt in ("text_kv", "csv"):
        (tmp_path / fmt).mkdir()
    printed = casebook_run(tmp_path / "text_kv", "dlrm_facebook", "healthy", seed=0, fmt="text_kv")
    rows = casebook_run(tmp_path / "csv", "dlrm_facebook", "healthy", seed=0, fmt="csv")
    steps = list(printed.metrics["loss"].steps)
    assert steps == sorted(steps) and set(steps) <= set(rows.metrics["loss"].steps)
    assert steps[-1] > 96  # past the first epoch's 96 steps
    # `Testing at - 20/96 of epoch 0,` announces the test over the ` accuracy 50.000 %, best 50.000 %` line below it
    assert printed.role_map()["test_accuracy"].split == "test" and "accuracy" not in printed.metrics
    (tmp_path / "in.log").write_text("step 20/96 in epoch 0, loss 0.5\nstep 4/96 in epoch 1, loss 0.4\n")
    (run,) = text.read(tmp_path / "in.log", "in.log")
    assert list(run.metrics["loss"].steps) == [20, 100] and "in_epoch" not in run.metrics
    losses = train_tiny(lr=0.05, steps=160).metrics["loss"].values  # two epochs of 80 steps, the epoch with its total
    of = "".join(f"Iteration {i % 80}/80 of epoch {i // 80}/2, Loss: {loss}\n" for i, loss in enumerate(losses))
    (tmp_path / "of.log").write_text(of)
    (run,) = text.read(tmp_path / "of.log", "of.log")  # round88's KW-018: one global axis, as `of epoch 0` gives
    assert list(run.metrics["Loss"].steps) == list(range(160)) and list(run.metrics["Loss"].values) == list(losses)


def test_a_csv_block_printed_into_a_console_log_is_read_as_its_table(tmp_path: Path) -> None:
    """A Keras history DataFrame's `to_csv()` printed after the model's summary (`,loss,acc,val_loss,val_acc` then
    `0,0.479,0.860,0.283,0.903`, round71's IV-003, whose curves went unread before round 43): each column under its
    name, the unnamed index the step. A tiny real classifier's values here."""
    from server.core.logs.roles import MetricRole
    from tests.tiny_runs import four_way_steps

    measured = four_way_steps(10, batch=64)
    rows = [f"{i},{loss},{right},{held},{held_right}" for i, (loss, right, held, held_right) in enumerate(measured)]
    summary = 'Model: "sequential"\nTotal params: 237,205\nTrainable params: 237,205\n\n'
    (tmp_path / "run.log").write_text(summary + ",loss,acc,val_loss,val_acc\n" + "\n".join(rows) + "\n\nDone.\n")
    (run,) = text.read(tmp_path / "run.log", "run.log")
    assert list(run.metrics["val_loss"].values) == pytest.approx([m[2] for m in measured])
    assert list(run.metrics["loss"].steps) == list(range(10))
    roles = run.role_map()
    assert roles["loss"].role is MetricRole.TRAIN_LOSS and roles["val_loss"].role is MetricRole.VAL_LOSS


def test_whole_numbers_alone_are_the_series_the_file_is_named_after_and_no_count_elsewhere(tmp_path: Path) -> None:
    """A file of one whole number a line whose name says what they measure (round76's JQ-011: `rewards.txt`, an
    episode's return a line) is that series on the index 1, 2, ...; the same lines in a file named for nothing
    (`counts.txt`) are counts, not read."""
    from tests.tiny_runs import train_dqn

    returns = [round(5 * v) for v in train_dqn(episodes=40).metrics["ep_return"].values]  # returns in fifths: integers
    lines = "".join(f"{v}\n" for v in returns)
    (tmp_path / "rewards.txt").write_text(lines)
    run = read_one(tmp_path / "rewards.txt")
    assert list(run.metrics) == ["rewards.txt"] and list(run.metrics["rewards.txt"].values) == returns
    assert list(run.metrics["rewards.txt"].steps) == list(range(1, len(returns) + 1))
    (tmp_path / "counts.txt").write_text(lines)
    with pytest.raises(UnreadableInputError, match="no metric lines found"):
        read_one(tmp_path / "counts.txt")
    (tmp_path / "losses.txt").write_text(lines + "done\n")  # a line of prose: no file of numbers alone
    with pytest.raises(UnreadableInputError):
        read_one(tmp_path / "losses.txt")


def test_an_index_column_that_never_moves_leaves_the_rows_as_the_steps(tmp_path: Path) -> None:
    """`f.write(f"{epoch},{loss}")` with the epoch stuck at 1 (round76's JR-002): a counter that never advances indexes
    nothing; the rows are the steps, the values as written."""
    from tests.tiny_runs import train_tiny

    losses = list(train_tiny(0.05, steps=30).metrics["loss"].values)
    (tmp_path / "loss.csv").write_text("".join(f"1,{v}\n" for v in losses))
    run = read_one(tmp_path / "loss.csv")
    assert list(run.metrics["loss.csv"].steps) == list(range(1, 31))
    assert list(run.metrics["loss.csv"].values) == pytest.approx(losses)


def test_a_heading_over_no_values_ends_at_the_next_dict_carrying_its_own_epoch(tmp_path: Path) -> None:
    """LLaMA-Factory's `***** Running Evaluation *****` with nothing evaluated under it (round76's JP-008): the
    trainer's next `{'loss': ..., 'epoch': 6.16}` dicts are the training's, not more of the evaluation's."""
    from tests.tiny_runs import train_tiny

    losses = list(train_tiny(0.05, steps=40).metrics["loss"].values)
    lines = [f"[INFO|2024-11-26 22:09:01] logging.py:157 >> {{'loss': {v:.4f}, 'epoch': {i / 10:.2f}}}" for i, v in
             enumerate(losses, 1)]  # fmt: skip
    heading = ["[INFO|2024-11-26 22:42:47] trainer.py:4117 >> ", "***** Running Evaluation *****", ""]
    (tmp_path / "running_log.txt").write_text("\n".join(lines[:20] + heading + lines[20:]) + "\n")
    run = read_one(tmp_path / "running_log.txt")
    assert [name for name in run.metrics if "loss" in name.lower()] == ["loss"]
    assert list(run.metrics["loss"].values) == [round(v, 4) for v in losses]


def test_a_line_of_the_epoch_under_a_validation_heading_numbers_the_block_below_it(tmp_path: Path) -> None:
    """jfzhang95's pytorch-deeplab-xception prints `Validation:` over `[Epoch: 3, numImages: 1024]`, then the epoch's
    `Acc:..., mIoU:...` and `Loss: 0.020` (a tiny real run of the family casebook). The epoch line numbers the block:
    its values are the validation's at that epoch, apart from the training's `Loss:` (before round 55 the block ended
    at the epoch line, so the validation loss joined the training's and its measures sat at the test bar's count).
    Its LR scheduler's `=>Epoches 3, learning rate = 0.0030` is the epoch's count, not one more validation value."""
    from tests.tiny_runs import casebook_run

    run = casebook_run(tmp_path, "deeplab_jfzhang95", "healthy", fmt="text_kv")
    epochs = list(run.metrics["Loss"].steps)
    assert epochs == list(range(len(epochs))) and len(epochs) >= 10
    for name in ("Validation_Loss", "Validation_mIoU", "Validation_Acc", "learning_rate"):
        assert list(run.metrics[name].steps) == epochs, name
    assert run.role_map()["Validation_Loss"].split == "val" and run.role_map()["Loss"].split in (None, "train")
    assert not any(name.startswith("Validation_") and "learning" in name for name in run.metrics)


def test_lsfs_job_summary_is_no_metric_of_the_training_it_wraps(tmp_path: Path) -> None:
    """IBM Spectrum LSF writes its job report around a job's output (round87's KU-009: `Subject: Job 14540866: ...`,
    `Resource usage summary:` over `CPU time : 2.27 sec.` ... `Turnaround time : 49486 sec.`): the cluster's
    accounting, never a metric; the training's lines between are read as ever."""
    from tests.tiny_runs import train_tiny

    printed: list[str] = []
    train_tiny(lr=0.05, steps=20, printed=printed)
    report = [
        "Sender: LSF System <lsfadmin@c01n04>",
        "Subject: Job 14540866: <train> in cluster <cluster> Done",
        "",
        "Successfully completed.",
        "",
        "Resource usage summary:",
        "",
        "    CPU time :                                   2.27 sec.",
        "    Max Memory :                                 205 MB",
        "    Average Memory :                             157.75 MB",
        "    Total Requested Memory :                     -",
        "    Max Processes :                              5",
        "    Run time :                                   39 sec.",
        "    Turnaround time :                            49486 sec.",
        "",
        "The output (if any) is above this job summary.",
    ]
    log = tmp_path / "train.out"
    log.write_text("\n".join(report[:4] + printed + report[4:]) + "\n")
    run = read_one(log)
    assert set(run.metrics) == {"loss", "grad_norm", "lr"}
    assert len(run.metrics["loss"]) == 20


def test_an_environment_printed_whole_is_cleaned_out_of_the_lines_read() -> None:
    """lingua prints `ENV: environ({...})` at each launch (round87's KV-001, six launches appended, where its
    `LS_COLORS`' `rs=0:di=01;34:...` were read as 90 metrics): the process's environment is dropped before the lines
    are read; the line and the lines around it stay."""
    from server.core.logs.lines import clean_chunk

    env = b"0: INFO    25-07-08 21:42:06.538222 - 0:00:08 - ENV: environ({'SHELL': '/bin/bash', "
    env += b"'LS_COLORS': 'rs=0:di=01;34:ln=01;36:mh=00:pi=40;33', 'OMP_NUM_THREADS': '8'})"
    step = b"0: INFO    25-07-08 22:20:26.749799 - 0:00:45 - step: 1  acc: 0  loss:  7.4792"
    cleaned, _ = clean_chunk(env + b"\n" + step + b"\n")
    assert cleaned.split(b"\n") == [env[: env.index(b"environ(")] + b"environ()", step, b""]


def test_a_validation_loop_printed_as_the_training_is_read_apart_under_its_heading(tmp_path: Path) -> None:
    """kaituoxu's Conv-TasNet prints its cross-validation loop as its training loop (`Epoch 1 | Iter 1 | Average Loss
    ...`) under `Cross validation...`, the training's under `Training...` (a tiny real run of the family casebook).
    The validation's lines, their counter started afresh under the heading, are its own (before round 56 only the
    first was: the others joined the training's loss, a sawtooth of both); the training's keep their own."""
    from tests.tiny_runs import casebook_run

    run = casebook_run(tmp_path, "convtasnet_kaituoxu", "healthy", fmt="text_kv")
    (log,) = tmp_path.glob("*.log")
    lines = log.read_text().splitlines()
    cv = [i for i, line in enumerate(lines) if line == "Cross validation..."]
    training = [i for i, line in enumerate(lines) if line == "Training..."]
    per_epoch_train = sum(1 for line in lines[training[0] : cv[0]] if line.startswith("Epoch 1 | Iter "))
    per_epoch_cv = sum(1 for line in lines[cv[0] : training[1]] if line.startswith("Epoch 1 | Iter "))
    assert per_epoch_cv > 1 and len(cv) == len(training) >= 10
    assert len(run.metrics["Average_Loss"]) == per_epoch_train * len(training)
    assert len(run.metrics["validation_Average_Loss"]) == per_epoch_cv * len(cv)
    assert run.role_map()["validation_Average_Loss"].split == "val"


def test_an_evaluation_bar_under_an_epochs_split_banner_is_that_splits(tmp_path: Path) -> None:
    """OpenNRE's SentenceRE prints `=== Epoch 0 train ===` over its training bar (`acc=0.409, loss=1.42`) and
    `=== Epoch 0 val ===` over its evaluation bar (`acc=0.191`): under the banner naming a held-out split, the bar's
    accuracy is `val_acc`, not more points of the training's `acc` (round60's PCNN with random labels, its two
    accuracies merged into one series and called healthy until round 57)."""
    import sys

    from server.core.diagnosis.engine import diagnose
    from tests.tiny_runs import casebook_run

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from make_family_casebook import write_pcnn

    run = casebook_run(tmp_path, "pcnn_thunlp", "random_labels", seed=1, write=write_pcnn)
    assert "=== Epoch 0 val ===" in next(tmp_path.glob("*.log")).read_text()
    train, held_out = run.metrics["acc"], run.metrics["val_acc"]
    assert len(train) == len(held_out) == len(run.metrics["loss"])
    assert train.values[-1] > 0.9 and max(held_out.values) < 0.3  # labels learned by heart, nothing carried over
    assert diagnose([run]).root_causes[0].id in ("data_issue", "overfitting")


def test_an_evaluate_bar_first_drawn_in_another_shape_than_fits_last_is_another_loop(tmp_path: Path) -> None:
    """Keras 3's console drawn a line per update (round90's LA-015: a character RNN's `fit` of 2 epochs, then
    `evaluate`), over a real tiny run: `fit`'s ` 1/30 ━━━ 2:25 5s/step - loss: 1.38` ... `30/30 ━━━ 150s 5s/step -
    loss: 0.52 - val_loss: 0.49`, then `evaluate`'s ` 1/12 ━━━ 16s 180ms/step - loss: 0.51`. The evaluate bar's
    shape (milliseconds a step) was never drawn by `fit`; it counts to another total under the last epoch's header
    all the same: `eval_loss` at the last step, not more training batches on a counter from 1."""
    from tests.tiny_runs import four_way_steps

    measured = four_way_steps(72)
    bar = "\u2501" * 20
    lines, total = [], 0.0
    for epoch in range(2):
        lines.append(f"Epoch {epoch + 1}/2")
        for i in range(1, 31):
            total = total + measured[30 * epoch + i - 1][0] if i > 1 else measured[30 * epoch][0]
            eta = (30 - i) * 5  # seconds, as Keras prints them: `2:25` from a minute, `55s` under it
            shown = f"{eta // 60}:{eta % 60:02d}" if eta >= 60 else f"{eta}s"
            lines.append(f"\x1b[1m{i:>2}/30\x1b[0m \x1b[32m{bar}\x1b[0m \x1b[1m{shown}\x1b[0m 5s/step - loss: "
                         f"{total / i:.4f}")  # fmt: skip
        lines.append(f"\x1b[1m30/30\x1b[0m \x1b[32m{bar}\x1b[0m \x1b[1m150s\x1b[0m 5s/step - loss: {total / 30:.4f} "
                     f"- val_loss: {measured[30 * epoch + 29][2]:.4f}")  # fmt: skip
    evaluated = 0.0
    for i in range(1, 13):
        evaluated += measured[59 + i][2]
        lines.append(f"\x1b[1m{i:>2}/12\x1b[0m \x1b[37m{bar}\x1b[0m \x1b[1m{17 - i}s\x1b[0m 180ms/step - loss: "
                     f"{evaluated / i:.4f}")  # fmt: skip
    (tmp_path / "rnn.log").write_text("\n".join(lines) + "\n")
    run = read_one(tmp_path / "rnn.log")
    assert len(run.metrics["eval_loss"]) == 12 and set(run.metrics["eval_loss"].steps) == {60.0}
    assert len(run.metrics["loss"]) == 60 + 2 and run.metrics["loss"].steps[-1] == 60.0
