"""The text reader on the console shapes of issue 8, printed by tiny real runs (scripts/make_text_shapes.py)."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from server.core.errors import UnreadableInputError
from server.core.logs import text
from server.core.logs.lines import Kind, clean_chunk, parse_line, prefix_end
from server.core.logs.model import Run
from server.core.logs.reading import read_logs
from server.core.logs.roles import MetricRole, assign_roles
from server.core.workspace import Workspace
from tests.conftest import FIXTURES

SHAPES = FIXTURES / "text" / "shapes"
NAMES = sorted(path.stem for path in SHAPES.glob("*.log"))


def read_one(path: Path) -> Run:
    (run,) = text.read(path, path.name)
    return run


def expected(name: str) -> dict:
    return json.loads((SHAPES / f"{name}.expected.json").read_text())


def points(run: Run) -> dict[str, list[list[float]]]:
    return {
        name: [[s, v] for s, v in zip(series.steps, series.values, strict=True)] for name, series in run.metrics.items()
    }


def test_every_shape_has_a_fixture() -> None:
    assert sorted(
        ["abbreviated_split_words", "args_listing_at_each_resume", "arrowed_split_lines", "avalanche_text_logger",
         "basicsr_console", "batch_and_epoch_lines", "best_epoch_summary",
         "bracket_split_tags", "cifar_tutorial", "conlleval_blocks",
         "caffe2_print", "colorlog_epoch_step", "darknet_console", "detectron2_console",
         "config_at_each_restart", "counter_in_parentheses", "counter_inside_name", "counter_last_word",
         "epoch_bar_restarting", "hash_numbered_epochs", "ruled_epoch_numbers",
         "epoch_block_batch_size", "epoch_blocks", "epoch_colon_value",
         "epoch_ellipsis", "epoch_line_every_batch", "epoch_only_every_batch", "gan_tutorial_lists",
         "glued_epoch_opening", "glued_iteration_after_epoch",
         "glued_to_open_bar",
         "grouped_pipe_table", "hf_trainer_bar",
         "hf_trainer_info", "hf_trainer_round2", "hydra_events", "index_columns_table", "index_underscore_value",
         "index_value_table",
         "keras_checkpoint_messages", "keras_fit_evaluate", "keras_gan_print",
         "last_batch_per_round", "lightning_progress_bar", "listed_rows", "loop_index_and_phase_words",
         "misspelt_counter",
         "noise_first", "once_per_epoch_at_one_counter", "one_line_per_epoch_scoped", "per_batch_epoch",
         "per_class_rows",
         "pipe_table_repeated_name", "pix2pix_console",
         "prose_sentences",
         "rank_glog",
         "sentence_at_epoch_end",
         "restarting_counter", "sasrec_console",
         "savetxt_float_index", "sb3_ppo_table", "split_heading_blocks", "split_in_epoch_glued",
         "split_label_key_values", "stamped_pipe_table", "step_less_shapes_apart", "tqdm_description",
         "tqdm_epoch_description", "tqdm_postfix_then_update", "tqdm_postfix_redrawn",
         "tqdm_final_bar_per_epoch", "tqdm_slurm", "train_eval_blocks", "truncated_by_logrotate", "two_handlers_glog",
         "ultralytics_console",
         "unmoving_epoch_marker", "word_language_model", "yolo_results_txt", "yolov3_results_txt",
         "numbered_dash_pairs", "counter_clause_in_long_name", "foreign_counter_words", "episode_counter_pipes",
         "plus_minus_names", "ruled_parts_of_named_epochs", "sb3_eval_callback", "glued_epoch_after_prose",
         "leading_time_then_counters", "number_inside_a_name", "symbolic_math_logger",
         "notebook_bars_foreign_headings", "kipf_gcn_console", "records_without_newlines", "filename_prefix_lines",
         "accuracy_as_a_count", "moment_detr_epoch_losses", "global_step_after_iteration", "swin_main_log",
         "paddleclas_restarted", "bracketed_logging_lines", "tqdm_epoch_running_mean",
         "notebook_table_copied", "lightgcn_console", "dgl_tree_lstm",
         "per_dataset_lines", "levels_in_turn", "dgl_link_prediction", "fixed_width_summary_table",
         "step_value_tuples", "scalar_records", "new_best_after_code_notes", "drawn_rule_epoch_headers",
         "deepspeech_split_cells",
         "logged_index_columns", "set_labelled_blocks", "asctime_print_log",
         "angle_bracket_level_attempts", "evaluation_heading_over_stepped_lines",
         "indices_inside_names", "tf_estimator_evaluation", "fairseq_legacy_console", "numbered_names_running_mean",
         "counters_then_split", "passes_then_batches", "one_epoch_block", "minimind_console", "index_colon_value",
         "index_dash_value", "appended_run_header_lost", "kaldi_nnet3_logs", "slowfast_json_stats",
         "yolov5_face_results_txt", "allennlp_console", "yolov5_variant_results_txt", "swift_console",
         "printed_loss_tensor", "average_split_of_epoch", "ultralytics_segment_console",
         "pipe_table_with_saved_notes"]
    ) == NAMES  # fmt: skip


@pytest.mark.parametrize(
    "name", [n for n in NAMES if n not in ("hydra_events", "config_at_each_restart", "lightning_progress_bar")]
)
def test_every_printed_value_is_read_with_the_step_a_person_reads_off_the_file(name: str) -> None:
    run = read_one(SHAPES / f"{name}.log")
    logged = expected(name)
    assert points(run) == logged["metrics"]
    assert not set(logged.get("absent", [])) & set(run.metrics)
    if "epoch_axis" in logged:  # per-batch values on an index axis keep their epoch beside it
        axis = run.axes["epoch"]
        assert [[s, v] for s, v in zip(axis.steps, axis.values, strict=True)] == logged["epoch_axis"]


def test_colour_codes_and_logger_prefixes_hide_nothing_and_become_no_metric() -> None:
    raw = (SHAPES / "colorlog_epoch_step.log").read_bytes()
    assert b"\x1b[" in raw and b"make_text_shapes.py:" in raw
    run = read_one(SHAPES / "colorlog_epoch_step.log")
    assert sorted(run.metrics) == ["Train_Loss", "Valid_Loss", "loss", "lr"]  # no `make_text_shapes.py`, no `Loss`


def test_a_namespace_echo_a_version_and_a_parameter_count_give_no_metric() -> None:
    raw = (SHAPES / "colorlog_epoch_step.log").read_text()
    assert "Namespace(lr=0.05" in raw and "torch version: " in raw and "Total params: 4,290" in raw
    run = read_one(SHAPES / "colorlog_epoch_step.log")
    assert [value for value in run.metrics["lr"].values] == [0.05] * len(
        expected("colorlog_epoch_step")["metrics"]["lr"]
    )
    assert not {"batch_size", "epochs", "seed", "momentum", "torch_version", "Total_params"} & set(run.metrics)


def test_a_step_counter_that_restarts_each_epoch_is_put_on_one_global_axis() -> None:
    """`Epoch 2 | Step 10/40` is step 90 (total printed); `ep: 2, batch: 10` is step 90 too (no total: the
    counter's last value before the restart plus its usual gap)."""
    for name in ("colorlog_epoch_step", "restarting_counter"):
        steps = list(read_one(SHAPES / f"{name}.log").metrics["loss"].steps)
        assert steps == [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110]


def test_the_epoch_of_each_step_an_epoch_scoped_counter_gives_is_the_runs_epoch_axis() -> None:
    """`ep: 2, batch: 10` is step 90 of epoch 2: the run keeps that epoch beside the step (`Run.axes`), so that a
    person's `last step: epoch 2` is found and the detectors know an epoch's length; the epoch is no metric."""
    run = read_one(SHAPES / "restarting_counter.log")
    epochs = run.axes["epoch"]
    assert list(epochs.steps) == list(run.metrics["loss"].steps)
    assert list(epochs.values) == [0.0] * 4 + [1.0] * 4 + [2.0] * 4
    assert "epoch" not in run.metrics


def test_a_metric_line_that_also_warns_keeps_its_value_and_records_the_warning() -> None:
    log = SHAPES / "tqdm_slurm.log"
    physical = log.read_bytes().split(b"\n")
    warned = next(i for i, line in enumerate(physical, 1) if b"DeprecationWarning" in line)
    run = read_one(log)
    assert [(e.line, e.kind) for e in run.events] == [(warned, "warning")]
    assert [49.0, 0.2878] in points(run)["loss"]
    assert b"step 49 loss 0.2878 data.py:17: DeprecationWarning" in physical[warned - 1]


def test_cursor_keys_a_terminal_echoed_in_caret_notation_open_no_line() -> None:
    """An arrow key pressed while the run printed, echoed as `^[[A^[[B` before its line (round70's IQ-006)."""
    cleaned, _ = clean_chunk(b"^[[A^[[BEpoch 30/50 | Train Loss: 0.0091\n")
    assert cleaned == b"Epoch 30/50 | Train Loss: 0.0091\n"


def test_tqdm_redraws_are_cut_out_and_give_no_metric() -> None:
    raw = (SHAPES / "tqdm_slurm.log").read_bytes()
    assert raw.count(b"\r") > 100 and b"it/s]" in raw
    assert sorted(read_one(SHAPES / "tqdm_slurm.log").metrics) == ["acc", "loss", "val_loss"]


def test_a_percentage_is_read_as_its_number() -> None:
    acc = expected("tqdm_slurm")["metrics"]["acc"]
    assert list(read_one(SHAPES / "tqdm_slurm.log").metrics["acc"].values) == [v for _, v in acc]
    assert all(1 < v <= 100 for _, v in acc)


def test_a_shape_first_seen_after_70_kb_of_other_text_is_read() -> None:
    assert expected("noise_first")["noise_bytes"] >= 70_000 > 64 << 10
    run = read_one(SHAPES / "noise_first.log")
    assert len(run.metrics["loss"]) == len(expected("noise_first")["metrics"]["loss"]) == 60


def test_epoch_headers_give_their_step_to_the_block_below_and_list_and_grouped_values_are_numbers() -> None:
    run = read_one(SHAPES / "epoch_blocks.log")
    assert list(run.metrics["eval_F1_score"].steps) == [1.0, 2.0, 3.0]
    assert list(run.metrics["LR"].values) == [0.05, 0.05, 0.05]
    assert list(run.metrics["tokens_seen"].values) == [1920.0, 3840.0, 5760.0]
    assert list(run.metrics["Batch_loss"].steps) == [1.0] * 4 + [2.0] * 4 + [3.0] * 4  # several per epoch, in order


def test_a_validation_block_header_keeps_its_values_apart_from_the_training_ones() -> None:
    raw = (SHAPES / "train_eval_blocks.log").read_text()
    assert raw.count("\tmean_loss: ") == 6 and "Eval epoch: 2" in raw
    run = read_one(SHAPES / "train_eval_blocks.log")
    assert sorted(run.metrics) == ["Eval_Top1", "Eval_mean_loss", "mean_loss"]
    assert list(run.metrics["Eval_mean_loss"].steps) == list(run.metrics["mean_loss"].steps) == [0.0, 1.0, 2.0]


def test_per_batch_values_under_one_epoch_number_keep_their_order_on_an_index_axis() -> None:
    run = read_one(SHAPES / "per_batch_epoch.log")
    assert list(run.metrics["Batch_loss"].steps) == list(range(1, 31))
    assert list(run.metrics["Average_Train_Loss"].steps) == [1.0, 2.0, 3.0]


def test_a_job_log_with_errors_and_no_metric_curve_is_a_run_of_events_whatever_the_detection() -> None:
    result = read_logs(Workspace.of([SHAPES]), ["hydra_events.log"])
    (run,) = result.runs
    assert run.metrics == {}
    assert [e.kind for e in run.events] == ["warning", "error", "traceback", "traceback"]


@pytest.mark.parametrize(
    "name", ["colorlog_epoch_step", "tqdm_slurm", "epoch_blocks", "restarting_counter", "sb3_ppo_table"]
)
def test_small_chunks_read_the_same_points_and_events(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = read_one(SHAPES / f"{name}.log")
    monkeypatch.setattr(text, "CHUNK_BYTES", 211)
    pieces = read_one(SHAPES / f"{name}.log")
    assert points(pieces) == points(whole)
    assert [(e.line, e.kind, e.step) for e in pieces.events] == [(e.line, e.kind, e.step) for e in whole.events]


@pytest.mark.parametrize(
    ("line", "content"),
    [
        (b"W0530 12:00:01.123000 1234 torch/_dynamo/convert_frame.py:1233] step 3 loss 0.5", b"step 3"),
        (b"[rank0]: step 3 | loss 0.5", b"step 3"),
        (b"[default0]:iter 10: loss 2.3", b"iter 10"),
        (b"2024-05-01 12:00:00,123 - mmdet - INFO - Epoch [1][50/7512]", b"Epoch ["),
        (b"[2022-09-24 16:56:00,168][src.utils][INFO] - Retrieved", b"Retrieved"),
        (b"INFO | 2024-01-01 10:00:00 | trainer:on_log:226 - {'loss': 0.5}", b"{'loss'"),
        (b"2023-05-15 22:50:17,398 INFO:Epoch 1: Train Loss=0.07", b"Epoch 1"),
        (b"INFO - 09/02/20 14:18:08 - 0:00:30 - Epoch: [0][0]", b"Epoch:"),
        (b"[W 21:24:39.054 NotebookApp] 302 GET / (127.0.0.1) 1.17ms", b"302 GET"),  # tornado / Jupyter
        (b"[2020-07-22 00:28:33,917 INFO inference.py line 78 13090] epoch 3 loss 0.5", b"epoch 3"),
        (b"[2020-04-03 17:37:19]: train [line:140] INFO  Valid Epoch:  0 | LOSS: 0.344", b"Valid Epoch"),  # any fields
        (b"2018-12-25 11:49:25,609 - log/log.txt - INFO - [epoch:0] [step:0] loss:66.9", b"[epoch:0]"),  # a counter
        (b"12:00:01 epoch 3 loss: 0.5 ERROR rate rising", b"epoch 3"),  # a `name: value` pair is content
        (b"2023-05-01 10:00:00,123 - INFO - __main__ - Epoch 1 loss 0.5", b"Epoch 1"),  # the logger after its level
        (b"2023-05-01 10:00:00 - INFO - Val - Loss: 0.69", b"Val - Loss"),  # a split word is no logger's name
        (b"2018-11-17 16:14:13,831:INFO:acc 94.0365 - f1 52.2763", b"acc 94"),  # `%(asctime)s:%(levelname)s:`
        (b"2018-11-17 16:14:13,831:INFO:root:acc 94.0365", b"acc 94"),  # ...and `:%(name)s:` after it
        (b"DEBUG:root:@rank0 Epoch: 1\tloss: 0.0018", b"Epoch: 1"),  # SimCLR's `@rank0` (round67's ID-008)
        (b"[03 03:00:06] TEST Iter 20: loss = 2.104757", b"TEST Iter"),  # ShuffleNet-Series' `%d %I:%M:%S`: the
        # split word keeps its test lines apart from the training ones
    ],
)
def test_prefixes_are_told_apart_from_content(line: bytes, content: bytes) -> None:
    assert line[prefix_end(line) :].startswith(content)


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        (b"Train Loss 0.52, Valid Loss 0.61", [("Train_Loss", b"0.52"), ("Valid_Loss", b"0.61")]),
        (b"Validation BLEU: BLEU-1 71.65, BLEU-2 65.76",
         [("Validation_BLEU-1", b"71.65"), ("Validation_BLEU-2", b"65.76")]),
        (b"Test: [10/242]\tTime 0.646 (0.634)\tLoss 7.5117 (5.1709)",
         [("Test_Time", b"0.646"), ("Test_Loss", b"7.5117")]),
        (b"F1 score: 0.81", [("F1_score", b"0.81")]),
        (b"s:9535 trl:3.340180", [("s", b"9535"), ("trl", b"3.340180")]),  # llm.c: `s` leads, the step
        (b"19072 train 2.941178", [("step", b"19072"), ("train", b"2.941178")]),  # a line led by its step
        (b"Top shape: 64 3 224 224 (9633792)", []),  # Caffe's net setup: a tensor's shape, no value
        (b"{'model': 't5-base', 'fp16': False, 'batch': 8, 'epoch': 15}", []),  # a config dict: a word, a boolean
        (b'json_stats: {"_type": "train_iter", "epoch": "1/15", "iter": "5/20", "loss": 2.07}',  # SlowFast: words
         [("epoch", b"1"), ("iter", b"5"), ("loss", b"2.07")]),
        (b"epoch 3 loss: tf.Tensor(7.1282883, shape=(), dtype=float32)",  # TensorFlow's eager print of a loss
         [("epoch", b"3"), ("loss", b"7.1282883")]),
        (b"epoch 3 loss: tensor(0.5123, device='cuda:0', grad_fn=<NllLossBackward0>)",  # PyTorch's
         [("epoch", b"3"), ("loss", b"0.5123")]),
        (b"[Epoch 000] Val    loss=0.2175  acc=0.9259  f1=0.8276",  # a split opening the pairs after the counters
         [("epoch", b"000"), ("Val_loss", b"0.2175"), ("Val_acc", b"0.9259"), ("Val_f1", b"0.8276")]),
        (b"Epoch 1/50 | Train Loss: 0.2143 Acc: 0.8993 | Val Loss: 0.0870 Acc: 0.9710",  # each split its own
         [("epoch", b"1"), ("Train_Loss", b"0.2143"), ("Acc", b"0.8993"), ("Val_Loss", b"0.0870"),
          ("Val_Acc", b"0.9710")]),
        (b"epoch : 0 [13967/21279] Train loss: 0.0608",
         [("epoch", b"0"), ("iter", b"13967"), ("Train_loss", b"0.0608")]),
        (b"Iters: 10/20000 || Lr: 0.019992 || Task Loss: 3.2864",
         [("iters", b"10"), ("Lr", b"0.019992"), ("Task_Loss", b"3.2864")]),
        (b"Total steps: 5000", []),  # a plural counter without its total: a count printed once
        (b"INFO:root:count: 50, loss:228.901291: ", [("count", b"50"), ("loss", b"228.901291")]),
        (b"2022-10-17 20:16:36,492 - train.py[line:123] - INFO: Train Epoch 1 --- train loss : 0.628 --- acc:0.84",
         [("epoch", b"1"), ("train_loss", b"0.628"), ("acc", b"0.84")]),
        (b"[version default][epoch  1][step   10/  20][Train] loss: 2.3456, lr: 3.00e-03",  # MCAN: fields in brackets
         [("epoch", b"1"), ("step", b"10"), ("Train_loss", b"2.3456"), ("lr", b"3.00e-03")]),
        (b"Epoch 1 Validation - Loss: 18.4914, Mod Acc: 0.0000",
         [("epoch", b"1"), ("Validation_Loss", b"18.4914"), ("Validation_Mod_Acc", b"0.0000")]),
        (b"Val - Loss: 0.6886 | Acc: 0.5909", [("Val_Loss", b"0.6886"), ("Val_Acc", b"0.5909")]),  # leading the line
        (b"Val. Total Loss: 1.79, KL: 0.24", [("Val_Total_Loss", b"1.79"), ("Val_KL", b"0.24")]),  # abbreviated
        (b"File pandas/_libs/hashtable_class_helper.pxi:5198, in pandas._libs.hashtable.PyObjectHashTable.get_item()",
         []),  # an IPython traceback's frame: a Cython file's line number
        (b"*** SIGTERM received at time=1730786705 on cpu 24 ***", []),  # Ray's signal report: which core
        (b"Epoch: 50/2000, Training NLL:-2.61, Val. NLL:-2.65, Val. MSE: 0.0318",  # KalmanNet-style: mid-line too
         [("epoch", b"50"), ("Training_NLL", b"-2.61"), ("Val_NLL", b"-2.65"), ("Val_MSE", b"0.0318")]),
        (b"epoch 001:    100 / 1000 loss=9.817, nll_loss=9.2",  # fairseq's train_inner: the update within the epoch
         [("epoch", b"001"), ("iter", b"100"), ("loss", b"9.817"), ("nll_loss", b"9.2")]),
        (b"copypaste: 0.0103,0.0457,0.0010", []),
        (b"Fine-Tune Epoch 1 | Train Loss: 0.9624 | Val Loss: 0.9294",  # a phase's epoch leading its line
         [("epoch", b"1"), ("Train_Loss", b"0.9624"), ("Val_Loss", b"0.9294")]),
        (b"[epoch:  0, iter:     100, lr:(5.000e-04,)] [eta: 2 days, 17:41:47, time (data): 0.612 (0.023)] l_pix: 0.1",
         [("epoch", b"0"), ("iter", b"100"), ("lr", b"5.000e-04"), ("time_(data)", b"0.612"), ("l_pix", b"0.1")]),
        (b"100 images processed in 3.2s", []),
        (b"HellaSwag accuracy: 2497/10042=0.2487", [("HellaSwag_accuracy", b"0.2487")]),
        (b"LR: [0.001]", [("LR", b"0.001")]),
        (b"tokens: 1,234,567", [("tokens", b"1,234,567")]),
        (b"Epoch 0 | Step 10/6501 | loss 0.5", [("epoch", b"0"), ("step", b"10"), ("loss", b"0.5")]),
        (b"ep: 0, batch: 20, loss: 0.3", [("ep", b"0"), ("batch", b"20"), ("loss", b"0.3")]),
        (b"Epoch: [3][10/250]\tLoss 12.66 (12.39)", [("epoch", b"3"), ("iter", b"10"), ("Loss", b"12.66")]),
        (b"->> pal1 conf loss:11.1494 || pal1 loc loss:4.9553",
         [("pal1_conf_loss", b"11.1494"), ("pal1_loc_loss", b"4.9553")]),
        (b"Namespace(lr=0.001, batch_size=32, epochs=10)", []),
        (b"cuda version: 12.6", []),
        (b"HTTP/1.1 200 OK", []),
        (b"num_chars : 1636", []),
        (b"Total params: 4,007,990", []),
        (b"New best model saved with BLEU-2: 65.76", []),
        (b"Train: 93, Val: 1869, Test: 7385", []),
        (b"  BASE_LR: 0.00035", []),
        (b"Num examples = 4638", []),
        (b"Found 99 shards", []),
        (b"Global seed set to 2023", []),
        (b"(epoch: 1, iters: 100) , D_A: 1.016, G_A: 1.631",
         [("epoch", b"1"), ("iters", b"100"), ("D_A", b"1.016"), ("G_A", b"1.631")]),
        (b"train acc: 0.2595, dev acc: 0.286, loss: nan, global steps: 200",
         [("train_acc", b"0.2595"), ("dev_acc", b"0.286"), ("loss", b"nan"), ("global_steps", b"200")]),
        (b"Num training steps: 965", []),
        (b"Train on 60000 samples, validate on 10000 samples", []),  # Keras 2: counts of things
        (b"  Val   :  9833 segments", []),
        (b"loss 2 iters 50", [("loss", b"2"), ("iters", b"50")]),  # a plural name followed by its value
        (b"Val metrics: acc=0.4000 f1=0.0000 cm=[[2, 1], [2, 0]]",  # a confusion matrix is no value (KU-010)
         [("Val_acc", b"0.4000"), ("Val_f1", b"0.0000")]),
        (b"EarlyStopping counter: 3 out of 10", []),  # patience, not a measurement
        (b"Fold 2, loss: 0.41", [("loss", b"0.41")]),  # which run of a k-fold loop
        (b"[session 1] loss: 4.4658", [("loss", b"4.4658")]),  # which session (faster-rcnn.pytorch)
        (b"Epoch 0 | Batchsize: 32 | loss 0.5", [("epoch", b"0"), ("loss", b"0.5")]),  # a size, no measurement
        (b"Sending process 3032302 closing signal SIGTERM", []),  # torch.distributed.elastic: a pid
        (b"[launch.py:319:sigkill_handler] Killing subprocess 64780", []),  # DeepSpeed's launcher: a pid
        (b"File not found: [Errno 2] No such file or directory: 'x.txt'", []),  # an OS error's code
        (b"websocket | [WinError 10061] No connection could be made", []),
        (b"Processing 3 context-query pairs", []),  # a count of things, its noun hyphenated
        (b"Context 1: The quick brown fox jumps over the lazy dog.", []),  # the number of an item printed
        (b"12/07 09:39:50 AM train_acc 49.218750", [("train_acc", b"49.218750")]),  # DARTS' `%m/%d %I:%M:%S %p`
        (b"01:55:22 PM valid_acc 31.445312", [("valid_acc", b"31.445312")]),  # a 12-hour clock's half of the day
        (b"Subject: Job 14540866: <deepseek_train> in cluster <njucluster> Exited", []),  # LSF: the job's id
        (b"[launch.py:152:main] nnodes=1, num_local_procs=2, node_rank=0", []),  # DeepSpeed's launcher
        (b"[launch.py:146:main] WORLD INFO DICT: {'localhost': [0, 1]}", []),
        (b"trainable params: 4,194,304 || all params: 6,742,609,920 || trainable%: 0.0622", []),  # PEFT
        (b"k=5, n=100, d=0.31", [("d", b"0.31")]),  # indices and sizes; a GAN player's loss stays
        (b"Test set: Average loss: 0.0335, Accuracy: 9890/10000 (99%)",  # PyTorch's MNIST example
         [("Test_Average_loss", b"0.0335"), ("Test_Accuracy", b"99")]),
        (b"running loss: 0.5", [("running_loss", b"0.5")]),  # an adjective, not the verb of `Running training`
        (b"============== Accuracy:{'Accuracy': 0.30859375} ==============",  # MindSpore's model.eval() printed
         [("Accuracy", b"0.30859375")]),
        (b"                        'final_lr': 1e-06,", []),  # a config's pprint, a member a line
        (b"{'K_neigs': [10],", []),  # its first member (HGNN's `pprint(cfg)`), a one-number list
        (b" 'weight_decay': 0.0005}", []),  # and its last
        (b'      "validation_loss": 5.875669384002686,', [("validation_loss", b"5.875669384002686")]),  # results dumped
        # with json.dumps(indent=...): a member naming a measure is one (round75's JM-004)
        (b'  "loss_weight": 1.0,', []),  # a setting of the loss, no measure
        (b"Training set accuracy 0.61653644", [("Training_set_accuracy", b"0.61653644")]),  # jax/examples' MLP
        (b"Test set accuracy: 0.6171875", [("Test_set_accuracy", b"0.6171875")]),  # a split's set, no prose
        (b"at epoch 1 , train time: 1.0", [("epoch", b"1"), ("train_time", b"1.0")]),  # Recommenders' epoch line
        (b"Saved model at step 5", []),  # prose: a counter after the words of an event
        (b"runtime.step=50, loss.cls_loss=45.38", [("step", b"50"), ("loss.cls_loss", b"45.38")]),  # SECOND's
        (b"  9                  -1  1    164608  ultralytics.nn.modules.block.SPPF            [256, 256, 5]", []),
        (b"Epoch 1/200 [Val]   loss: 0.3613", [("epoch", b"1"), ("Val_loss", b"0.3613")]),  # a split tag mid-line
        (b"( step: 4199, ) G_Loss: 2.891 G_ID: 0.130",  # SimSwap's identity loss; `run_id: 3` is an identifier
         [("step", b"4199"), ("G_Loss", b"2.891"), ("G_ID", b"0.130")]),
        (b"run_id: 3", []),
        (b"[0/251] running loss of epoch 0 is : 1.5568",
         [("step", b"0"), ("epoch", b"0"), ("running_loss", b"1.5568")]),
        (b"NCE Loss at epoch 0 and iteration 500 is 0.9422",  # two counters of one name, its value after `is`
         [("iteration", b"500"), ("NCE_Loss", b"0.9422")]),
        (b"**** EPOCH 003 ****", [("epoch", b"003")]),  # a banner
        (b" -- 010 / 2297 --", [("step", b"010")]),  # a counter alone on its line
        (b"ITER 500 TRAINING (phase 1). loss_vae: 1.0538; loss_recon: 0.9490",
         [("iter", b"500"), ("loss_vae", b"1.0538"), ("loss_recon", b"0.9490")]),
        (b"bbox_mAP_copypaste: 0.366 0.562 0.390 0.208 0.401 0.482", []),  # mmdet's list of the AP values above
        (b"Lock 134581617908592 acquired on ./models/.locks/x.lock", []),  # filelock: an object id
        (b"Epoch:0, Current step: 2000, Loss(train): 5.87",
         [("epoch", b"0"), ("step", b"2000"), ("Loss(train)", b"5.87")]),
        (b"current_epoch: 3, loss 0.5", [("current_epoch", b"3"), ("loss", b"0.5")]),  # the counter, not a position
        (b"Evaluatingepoch:20, time: 35.41(s), valid (NDCG@10: 0.6154, HR@10: 0.7617), test (NDCG@10: 0.6608, "
         b"HR@10: 0.8184)", [("epoch", b"20"), ("valid_NDCG@10", b"0.6154"), ("valid_HR@10", b"0.7617"),
                             ("test_NDCG@10", b"0.6608"), ("test_HR@10", b"0.8184")]),  # SASRec.pytorch's evaluation
        (b"loss in epoch 3 iteration 12: 0.51", [("epoch", b"3"), ("iteration", b"12"), ("loss", b"0.51")]),
        (b"Global-step 3 --Accept update with alpha=1.0, kl=8.07e-08, old=-1.49",
         [("global-step", b"3"), ("alpha", b"1.0"), ("kl", b"8.07e-08"), ("old", b"-1.49")]),  # round42's DV-005
        (b"Total reward in global step 33: 1.368", [("step", b"33"), ("Total_reward", b"1.368")]),
        (b"#> Output IDs: torch.Size([32]), tensor([[ 101,    1, 2054,  ...,    0,    0]])", []),  # data, no metric
        (b"acc: tensor([0.5000])", [("acc", b"0.5000")]),  # a value wrapped in a tensor is the value
        (b"Epoch train: 3, Loss train: 0.5", [("epoch", b"3"), ("Loss_train", b"0.5")]),  # a counter, then its split
        (b"\tRecall@20:\t45.1234\tMMR@20:\t12.3456\tEpoch:\t0,\t0",  # SR-GNN: names ending in `@k` before a tab
         [("Recall@20", b"45.1234"), ("MMR@20", b"12.3456"), ("epoch", b"0")]),
        (b"acc1:\t0.91", [("acc1", b"0.91")]),  # a name ending in a number glued to a letter
        (b"#Iter= 14\tTrain=2.46466\tTest=2.4449",  # libFM: `#` before a counter's name numbers it
         [("iter", b"14"), ("Train", b"2.46466"), ("Test", b"2.4449")]),
        (b"#relations: 0", []),  # ...and before any other a count
        (b"Training average loss at step 0: inf", [("step", b"0"), ("Training_average_loss", b"inf")]),  # RotatE
        (b"Losses {'ner': 172.95}", [("ner", b"172.95")]),  # spaCy's `print("Losses", losses)`: a titled dict
        (b"{'ner': 172.95}", [("ner", b"172.95")]),  # a whole dict of one member, no dump's member
        (b"- EPOCH[0/50] metrics PSNR=7.8079\tSSIM=0.1672",  # a heading over the names, no part of them
         [("epoch", b"0"), ("PSNR", b"7.8079"), ("SSIM", b"0.1672")]),
        (b"Saturday 19.                             Saturday 19. February 2022", []),  # a date written out
    ],
)  # fmt: skip
def test_content_fields_names_and_values(line: bytes, fields: list[tuple[str, bytes]]) -> None:
    parsed = parse_line(line)
    assert [(f.name, line[f.group_start : f.group_end]) for f in parsed.fields] == fields


def test_a_global_count_of_steps_is_the_step_counter() -> None:
    """`global steps: 200` (Hugging Face's legacy example scripts): a plural, yet the step, not a total."""
    step = next(f for f in parse_line(b"train acc: 0.26, loss: nan, global steps: 200").fields if f.kind is Kind.STEP)
    assert step.name == "global_steps"


def test_a_step_total_is_read_with_its_step() -> None:
    line = b"Epoch 0 | Step 10/6501 | loss 0.5"
    step = next(f for f in parse_line(line).fields if f.kind is Kind.STEP)
    assert step.total is not None and line[step.total[0] : step.total[1]] == b"6501"


def test_cleaning_keeps_line_numbers_countable() -> None:
    chunk, breaks = clean_chunk(b"\x1b[32mINFO\x1b[0m a\rb 10%|#   | 1/10 [00:00<00:01, 9.0it/s]step 1 loss 2\n")
    assert chunk == b"INFO a\nb  ]\nstep 1 loss 2\n"  # the bar cut out; the line glued to it on a line of its own
    assert len(breaks) == 2


def test_a_bar_with_a_postfix_of_values_keeps_its_counter_as_their_step() -> None:
    """Lightning's bar: `Epoch 0:  31%|███  | 1225/3999 [1:07:35<2:33:02,  3.31s/it, v_num=29, loss=3.42]`."""
    bar = "Epoch 1:  31%|███       | 1225/3999 [1:07:35<2:33:02,  3.31s/it, v_num=29, train_loss=3.420]\n"
    chunk, _ = clean_chunk(bar.encode())
    assert chunk == b"Epoch 1:   batch 1225/3999, v_num=29, train_loss=3.420]\n"
    fields = parse_line(chunk.rstrip()).fields
    assert [(f.kind, f.name) for f in fields] == [
        (Kind.EPOCH, "epoch"),
        (Kind.STEP, "batch"),
        (Kind.METRIC, "train_loss"),
    ]


def test_a_log_saved_as_utf16_by_windows_powershell_reads_as_the_same_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`python train.py > log.txt` in Windows PowerShell writes UTF-16 with a byte-order mark (and CRLF)."""
    log = tmp_path / "log.txt"
    original = SHAPES / "colorlog_epoch_step.log"
    log.write_bytes(original.read_text().replace("\n", "\r\n").encode("utf-16"))
    assert log.read_bytes()[:2] == b"\xff\xfe" and text.sniff(log, log.read_bytes()[:4096])
    monkeypatch.setattr(text, "CHUNK_BYTES", 333)  # an odd size: chunks cut inside a UTF-16 code unit
    run = read_one(log)
    assert points(run) == points(read_one(original))
    assert [(e.line, e.kind) for e in run.events] == [(e.line, e.kind) for e in read_one(original).events]


def keras3_console(losses: list[float], batches: int, rule: str = "━") -> str:
    """Keras 3's `fit(verbose=1)` console as a redirected stdout holds it (round83's KN-013): each redraw of an
    epoch's bar a line, the rule in green and grey, then the epoch's end line with its validation."""
    lines = []
    for epoch in range(len(losses) // batches):
        lines.append(f"Epoch {epoch + 1}/{len(losses) // batches}\n")
        for batch in range(1, batches + 1):
            done = 20 * batch // batches
            bar = f"\x1b[32m{rule * done}\x1b[0m\x1b[37m{rule * (20 - done)}\x1b[0m"
            loss = losses[epoch * batches + batch - 1]
            lines.append(f"\x1b[1m{batch:2d}/{batches}\x1b[0m {bar} \x1b[1m1s\x1b[0m 109ms/step - loss: {loss:.4f}\n")
        lines.append(f"\x1b[1m{batches}/{batches}\x1b[0m {bar} \x1b[1m2s\x1b[0m 175ms/step - loss: {loss:.4f}"
                     f" - val_loss: {loss * 1.1:.4f}\n")  # fmt: skip
    return "".join(lines)


def test_a_keras3_console_saved_by_windows_powershell_reads_as_the_console_it_was(tmp_path: Path) -> None:
    """PowerShell reads Python's UTF-8 through the console's code page 437 before writing UTF-16 (`━` saved as
    `Γöü`), or a code page without `━` draws it as `=` (round83's KN-013 and KN-015): either reads as the console."""
    from tests.tiny_runs import train_tiny

    losses = list(train_tiny(lr=0.05, steps=24).metrics["loss"].values)
    console = keras3_console(losses, batches=8)
    original = tmp_path / "console.log"
    original.write_text(console)
    read = points(read_one(original))
    assert {round(v, 4) for v in losses} <= {v for _, v in read["loss"]} and len(read["val_loss"]) == 3
    mojibake = tmp_path / "training_output.log"
    mojibake.write_bytes(console.encode().decode("cp437").replace("\n", "\r\n").encode("utf-16"))
    assert "Γöü" in mojibake.read_bytes().decode("utf-16")
    assert points(read_one(mojibake)) == read
    best_fit = tmp_path / "best_fit.log"
    best_fit.write_text(keras3_console(losses, batches=8, rule="="))
    assert points(read_one(best_fit)) == read


def test_dicts_printed_inside_a_dict_or_as_a_keys_value_keep_their_names(tmp_path: Path) -> None:
    """`valid={'valid1': {'mse': ..}, 'valid2': {'mse': ..}}` (round83's KN-021): each inner dict's values named
    with its key; a dict as a `key=value` pair's value keeps its first member (`valid={'mse': ..}`)."""
    from tests.tiny_runs import train_tiny

    losses = list(train_tiny(lr=0.05, steps=10).metrics["loss"].values)
    log = tmp_path / "run.out"
    log.write_text("".join(f"step={n * 200} train_interval={v:.4f} valid={{'valid1': {{'mse': {v:.4f}, 'mae': "
                           f"{v / 2:.4f}}}, 'valid2': {{'mse': {v * 2:.4f}}}}} test={{'mse': {v * 3:.4f}, "
                           "'mae': 1.0}\n" for n, v in enumerate(losses, 1)))  # fmt: skip
    metrics = read_one(log).metrics
    assert set(metrics) == {"train_interval", "valid1_mse", "valid1_mae", "valid2_mse", "test_mse", "test_mae"}
    assert list(metrics["valid2_mse"].values) == [round(v * 2, 4) for v in losses]
    assert list(metrics["test_mse"].steps) == [n * 200 for n in range(1, 11)]


def test_u2nets_console_counts_its_iterations_by_ite_and_its_side_outputs_losses_are_terms(tmp_path: Path) -> None:
    """U^2-Net's u2net_train.py prints each side output's BCE (`l0: 0.67, l1: 0.73, ...`), then `[epoch:   1/ 15,
    batch:    32/ 3072, ite: 1] train loss: 2.639704, tar: 0.670093`: `ite` is its iteration counter, no metric, and
    `l1`, `l2` beside `l0` and `l3` are the loss's terms, not L1 and L2 errors."""
    from tests.tiny_runs import train_tiny

    losses = list(train_tiny(lr=0.05, steps=12).metrics["loss"].values)
    lines = []
    for ite, loss in enumerate(losses, 1):
        lines.append(", ".join(f"l{k}: {loss / 4 + k / 100:f}" for k in range(4)) + "\n")
        batch = 32 * ((ite - 1) % 6 + 1)
        lines.append(f"[epoch: {(ite - 1) // 6 + 1:3d}/ 2, batch: {batch:5d}/   192, ite: {ite}] train loss: {loss:f}, "
                     f"tar: {loss / 4:f} \n")  # fmt: skip
    log = tmp_path / "u2net_train.log"
    log.write_text("".join(lines))
    run = read_one(log)
    assert "ite" not in run.metrics and [round(v, 6) for v in run.metrics["train_loss"].values] == [
        round(v, 6) for v in losses
    ]
    roles = assign_roles(run)
    assert {roles[f"l{k}"].role for k in range(4)} == {MetricRole.LOSS_COMPONENT}
    assert roles["train_loss"].role is MetricRole.TRAIN_LOSS


def test_the_pytorch_nlp_tutorials_progress_lines_are_the_iteration_and_its_loss(tmp_path: Path) -> None:
    """The PyTorch tutorials' "NLP From Scratch": the name classifier prints `5000 5% (0m 6s) 2.6142 Ahn / Chinese ✓`
    (the name, the guess and its mark a sample, no value), the name generator `0m 5s (5000 5%) 2.8621`; a loss gone
    NaN prints `nan`."""
    from tests.tiny_runs import train_tiny

    losses = list(train_tiny(lr=0.05, steps=12).metrics["loss"].values)
    classifier = tmp_path / "classify.log"
    marks = ("✓", "✗ (Korean)")
    lines = [
        f"{10 * n} {n * 100 // 12}% (0m {n}s) {v:.4f} Ahn / Chinese {marks[n % 2]}\n" for n, v in enumerate(losses, 1)
    ]
    classifier.write_text("".join(lines) + "130 100% (0m 13s) nan Ahn / Chinese ✗ (Korean)\n")
    generator = tmp_path / "generate.log"
    generator.write_text("".join(f"0m {n}s ({10 * n} {n * 100 // 12}%) {v:.4f}\n" for n, v in enumerate(losses, 1)))
    for log, extra in ((classifier, 1), (generator, 0)):
        metrics = read_one(log).metrics
        assert list(metrics) == ["loss"]
        series = metrics["loss"]
        assert list(series.steps) == [10.0 * n for n in range(1, 13 + extra)]
        assert list(series.values)[:12] == [round(v, 4) for v in losses]
    assert math.isnan(read_one(classifier).metrics["loss"].values[-1])


def test_a_log_written_by_a_chinese_windows_console_reads_its_names_in_gbk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A console in Chinese on Windows writes GBK: names such as `当前损失值` are read as those letters, every value
    as in the UTF-8 log, wherever the chunks cut the two-byte characters; a few stray bytes in a UTF-8 log leave it
    UTF-8."""
    original = SHAPES / "restarting_counter.log"
    lines = original.read_text().replace("loss", "当前损失值").splitlines()
    log = tmp_path / "train.log"
    log.write_bytes(("\n".join(["训练开始 (GBK 控制台)", *lines]) + "\n").encode("gbk"))
    assert text.text_encoding(log.read_bytes()) == "gb18030"
    monkeypatch.setattr(text, "CHUNK_BYTES", 333)
    run = read_one(log)
    expected = points(read_one(original))
    assert points(run) == {name.replace("loss", "当前损失值"): values for name, values in expected.items()}
    assert text.text_encoding(original.read_bytes() + b"\xff\n") == "utf-8"


def test_a_table_row_under_a_header_of_aligned_names_is_read_by_column() -> None:
    """Ultralytics' console: a header of names, then a row of values (a finished bar after it), then the
    validation header and its `all` row: each value under its column's name, counts and units no metric."""
    chunk = (
        b"      Epoch    GPU_mem   box_loss   cls_loss  Instances       Size\n"
        b"      1/100     0.969G      2.027       2.37        139        512: 100%|##########| 117/117 [00:10<00:00]\n"
        b"                 Class     Images  Instances      Box(P          R      mAP50  mAP50-95): 100%|###| 17/17\n"
        b"                   all        133       6499       0.58      0.379      0.443       0.22\n"
    )
    cleaned, _ = clean_chunk(chunk)
    rows = [parse_line(line).fields for line in cleaned.split(b"\n")]
    assert [(f.kind, f.name) for f in rows[1]] == [
        (Kind.EPOCH, "epoch"),
        (Kind.METRIC, "box_loss"),
        (Kind.METRIC, "cls_loss"),
    ]
    assert [f.name for f in rows[3]] == ["P", "R", "mAP50", "mAP50-95"]


def test_a_table_whose_column_names_hold_blanks_reads_each_value_under_its_whole_name() -> None:
    chunk = (
        b"Epoch    Train Loss   Train Acc    Test Loss    Test Acc     Time    \n"
        b"----------------------------------------------------------------------\n"
        b"1        2.4288       0.2771       1.7552       0.2771       0.55    s\n"
        b"10       1.7038       0.2646       1.7079       0.2458       0.44    s\n"
    )
    cleaned, _ = clean_chunk(chunk)
    row = cleaned.split(b"\n")[3]
    read = [(f.name, row[f.group_start : f.group_end]) for f in parse_line(row).fields if f.kind is Kind.METRIC]
    assert read[:4] == [
        ("Train_Loss", b"1.7038"),
        ("Train_Acc", b"0.2646"),
        ("Test_Loss", b"1.7079"),
        ("Test_Acc", b"0.2458"),
    ]


def test_a_pandas_table_is_read_by_where_its_cells_stand_its_row_index_no_value() -> None:
    """`print(pd.DataFrame(stats).set_index("epoch"))` (the BERT fine-tuning tutorial): names right-aligned over their
    values, the index apart, three names one blank apart over three cells (split where the cells end under the names'
    ends; the times' cells are clocks, no value)."""
    chunk = (
        b"       Training Loss  Valid. Loss  Valid. Accur. Training Time Validation Time\n"
        b"epoch                                                                         \n"
        b"1               0.77         0.60           0.79       0:12:09         0:00:27\n"
        b"2               0.55         0.55           0.80       0:12:16         0:00:27\n"
    )
    cleaned, _ = clean_chunk(chunk)
    rows = cleaned.split(b"\n")[2:4]
    for row, (train, val, accuracy) in zip(
        rows, ((b"0.77", b"0.60", b"0.79"), (b"0.55", b"0.55", b"0.80")), strict=True
    ):
        read = [(f.name, row[f.group_start : f.group_end]) for f in parse_line(row).fields if f.kind is Kind.METRIC]
        assert read == [("Training_Loss", train), ("Valid_Loss", val), ("Valid_Accur", accuracy)]


def test_values_in_a_bar_description_redrawn_at_one_position_give_one_point_the_last_drawn() -> None:
    """tqdm draws each position twice (at `update`, with the previous step's description, then at
    `set_description`, with its own): one point per position, with the values drawn last."""
    raw = (SHAPES / "tqdm_description.log").read_text()
    assert raw.count("loss: 0.6768;gnorm: 0.328:") == 2  # step 1's values drawn at positions 1 and 2
    run = read_one(SHAPES / "tqdm_description.log")
    assert [len(run.metrics["loss"]), run.metrics["loss"].steps[1], run.metrics["loss"].values[1]] == [120, 2, 0.708]


def test_values_in_a_bar_description_with_its_own_epoch_give_one_point_per_epoch() -> None:
    """`Epoch: [1/3] Loss: ..` set at every batch of a 200-column bar: the epoch is the step, the last drawn values
    are the epoch's (a wide bar of 3-byte block characters is cut out like a narrow one)."""
    raw = (SHAPES / "tqdm_epoch_description.log").read_text()
    assert raw.count("Epoch: [0/3] Loss: ") > 30 and "\u2588" * 60 in raw
    run = read_one(SHAPES / "tqdm_epoch_description.log")
    assert list(run.metrics["Loss"].steps) == [0, 1, 2] and sorted(run.metrics) == ["Grad", "Loss"]


def test_a_yolov5_results_txt_without_header_is_read_by_yolov5s_fixed_columns() -> None:
    """`results.txt` rows (`0/2  0.213G  0.4634 ...`, 15 columns, no header): values under yolov5's own tags, the
    epoch as the step; the memory, the label count and the image size are no metric."""
    run = read_one(SHAPES / "yolo_results_txt.log")
    assert list(run.metrics) == [
        "train/box_loss", "train/obj_loss", "train/cls_loss", "train/total_loss", "metrics/precision",
        "metrics/recall", "metrics/mAP_0.5", "metrics/mAP_0.5_0.95", "val/box_loss", "val/obj_loss", "val/cls_loss",
    ]  # fmt: skip
    total = run.metrics["train/total_loss"]
    assert (list(total.steps), list(total.values)) == ([0, 1, 2], [1.075, 0.6496, 0.5202])
    assert run.role_map()["train/total_loss"].role.value == "train_loss"


def test_a_modified_yolov5s_results_txt_with_more_loss_terms_is_read_by_its_total_and_results() -> None:
    """A modified YOLOv5 (round72's IY-009) writes six loss terms and their total where YOLOv5 writes four: the terms
    unnamed (`train/loss_1`...), the total and the seven results under YOLOv5's tags; the total is the training
    loss judged."""
    run = read_one(SHAPES / "yolov5_variant_results_txt.log")
    assert list(run.metrics)[5:8] == ["train/loss_6", "train/total_loss", "metrics/precision"]
    assert len(run.metrics) == 14 and list(run.metrics["val/cls_loss"].steps) == [0, 1, 2]
    assert run.role_map()["train/total_loss"].role.value == "train_loss"


def test_yolov5_faces_results_with_the_landmark_val_loss_and_no_test_until_the_last_epoch(tmp_path: Path) -> None:
    """yolov5-face's `results.txt` with eight results (the validation's landmark loss last) and `--notest` (round87's
    KU-004): its results stay at their first zeros until the last epoch. The losses are read by their columns (not
    the label count as a sixth loss, the image size as a count, a result's 0 as the image size), and the zeros, never
    computed, are no results."""
    from tests.tiny_runs import train_tiny

    losses = train_tiny(lr=0.05, steps=10).metrics["loss"].values
    results = ["0"] * 8
    rows = []
    for epoch, loss in enumerate(losses):
        terms = [loss / 5, loss / 20, loss / 15, loss / 2]
        last = [f"{v:.4g}" for v in (0.5, 0.4, 0.3, 0.1, loss, loss / 3, loss / 4, loss / 2)]
        cells = [f"{t:.4g}" for t in (*terms, sum(terms))] + ["24", "640"] + (last if epoch == 9 else results)
        rows.append(f"{epoch}/9".rjust(10) + "11.5G".rjust(10) + "".join(c.rjust(10) for c in cells))
    log = tmp_path / "results.txt"
    log.write_text("\n".join(rows) + "\n")
    run = read_one(log)
    assert list(run.metrics)[3:5] == ["train/landmark_loss", "train/total_loss"]
    assert len(run.metrics["train/total_loss"]) == 10 and run.metrics["train/total_loss"].values[0] > 0.8 * losses[0]
    assert list(run.metrics["metrics/precision"].steps) == [9] and list(run.metrics["val/landmark_loss"].steps) == [9]


def test_a_dict_whose_shape_comes_once_is_not_crowded_out_by_a_config_listing() -> None:
    """Templates that read nothing yet and whose shapes came once each: those with most values go first, so a
    metric dict printed once (ms-swift's first, `'elapsed_time': '11s'` where the later ones print `'1m 52s'`) is
    matched beside a hundred one-off argument lines (round72's IZ-001 lost its first point)."""
    seen = {}
    for k in range(text.MAX_TEMPLATES + 20):
        arg = text.template_of(f"option_{'abcdefghij'[k % 10]}{'klmnopqrst'[k // 10]}={k}.5,".encode())
        assert arg is not None
        arg.first_offset, arg.lines_seen = k, 1
        seen[arg.pattern] = arg
    first = text.template_of(b"{'loss': 1.61, 'grad_norm': 0.61, 'learning_rate': 0.0001, 'epoch': 0.0}")
    assert first is not None
    first.first_offset, first.lines_seen = 10_000, 1
    seen[first.pattern] = first
    assert first in text.select_templates(seen, set(seen))


def test_an_ultralytics_epoch_row_redrawn_under_its_header_gives_one_point_per_epoch() -> None:
    """The epoch row is a bar description redrawn at every batch, some lines under its header: the last drawn row
    of each epoch, by the header's columns; the `all` row by the validation header's."""
    raw = (SHAPES / "ultralytics_console.log").read_text()
    assert raw.count("        1/3         0G") > 40  # every batch redraws the row
    run = read_one(SHAPES / "ultralytics_console.log")
    assert points(run)["box_loss"] == [[1, 0.4634], [2, 0.1379], [3, 0.08843]]
    curves = ["P", "R", "box_loss", "cls_loss", "mAP50", "mAP50-95"]
    assert sorted(name for name in run.metrics if not name.startswith("best_")) == curves


def test_the_best_checkpoint_validated_after_training_is_no_point_of_the_curve() -> None:
    """After `3 epochs completed`, Ultralytics validates best.pt again (`Validating .../best.pt...`): its `all` row is
    that checkpoint's (`best_P`), as its results.csv holds one row per epoch and none for it; its `Speed: 0.2ms
    preprocess, ...` names each duration after it, and its model summary (`... parameters, 0 gradients, 8.1 GFLOPs`)
    is no metric."""
    raw = (SHAPES / "ultralytics_console.log").read_text()
    assert "Validating runs/detect/train/weights/best.pt..." in raw and "0 gradients, 8.1 GFLOPs" in raw
    run = read_one(SHAPES / "ultralytics_console.log")
    assert len(run.metrics["P"]) == 3 and len(run.metrics["best_P"]) == 1
    maps = zip(run.metrics["mAP50"].values, run.metrics["mAP50-95"].values, strict=True)
    fitness = [0.1 * a + 0.9 * b for a, b in maps]
    best = max(range(3), key=lambda epoch: (fitness[epoch], epoch))
    assert run.metrics["best_P"].values[0] == run.metrics["P"].values[best]
    assert list(run.metrics["best_preprocess"].values) == [0.2] and list(run.metrics["best_inference"].values) == [1.9]
    assert "gradients" not in run.metrics and "best_gradients" not in run.metrics and "best_Speed" not in run.metrics


def test_table_rows_whose_header_a_copy_lost_are_read_by_the_header_seen_later(tmp_path: Path) -> None:
    """A copy of the console (W&B's `output.log`) that lost the first epoch's header: its rows take the columns of
    the header printed at the next epoch, whatever comes first in the file."""
    raw = (SHAPES / "ultralytics_console.log").read_text()
    header = "      Epoch    GPU_mem   box_loss   cls_loss  Instances       Size\n"
    assert "\n\n" + header in raw
    log = tmp_path / "output.log"
    log.write_text(raw.replace(header, "", 1))
    assert points(read_one(log)) == points(read_one(SHAPES / "ultralytics_console.log"))


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        # re-ID's CMC ranks are measures; a distributed rank is no metric
        (b"2024-06-02 08:56:33,504 transreid.train INFO: CMC curve, Rank-1  :93.0%", [("Rank-1", b"93.0")]),
        (b"[rank: 0] global rank 3 of 8", []),
        # pip's console: versions after `>=` and in parentheses, download speeds and times; prose verbs
        (b"Requirement already satisfied: click>=7.0 in /usr/lib/python3/dist-packages (from uvicorn) (8.1.7)", []),
        (b"Collecting watchfiles>=0.13 (from uvicorn[standard])", []),
        (b"   94.8/94.8 kB 6.7 MB/s eta 0:00:00", []),
        (b"INFO:     Started reloader process [37067] using WatchFiles", []),
        # a name that holds its split word takes no qualifier from the line's label
        (b"Test Results: {'eval_loss': 0.3119, 'eval_f1': 0.8665}", [("eval_loss", b"0.3119"), ("eval_f1", b"0.8665")]),
        # `key: word` before a metric: the word is the key's value, not part of the metric's name
        (b"v_num: knej train_loss_step: 345.538", [("train_loss_step", b"345.538")]),
        # ...but words before a metric name it with the key's word (a GAN's sides, a bullet after a logger prefix)
        (
            b"Epoch: 3 Discriminator: real loss: 0.356926 fake loss: 1.018257 GAN loss: 0.605289",
            [("real_loss", b"0.356926"), ("fake_loss", b"1.018257"), ("GAN_loss", b"0.605289")],
        ),
        (b"2021-07-29 15:08:05,432:INFO:  * ADE  1.207 FDE  2.238", [("ADE", b"1.207"), ("FDE", b"2.238")]),
        # a name printed again after a held-out split's metric is that split's
        (
            b"Epoch  7 | Train Loss 4.0129 (PPL: 55.30) | Val Loss 5.0501 (PPL: 156.03) | TF Ratio: 0.90",
            [
                ("Train_Loss", b"4.0129"),
                ("PPL", b"55.30"),
                ("Val_Loss", b"5.0501"),
                ("Val_PPL", b"156.03"),
                ("TF_Ratio", b"0.90"),
            ],
        ),
        # TensorFlow's C++ log: a hash is an id, a `.cc:426` a source line
        (
            b"2025-08-13 13:38:53.817888: I tensorflow/core/framework/local_rendezvous.cc:426] Local rendezvous recv "
            b"item cancelled. Key hash: 4937968792681236153",
            [],
        ),
        # a row of Keras's `model.summary()` table, drawn with box characters
        ("│ conv2d (Conv2D)                 │ (None, 64, 64, 32)     │           896 │".encode(), []),
    ],
)
def test_what_installers_and_servers_print_gives_no_metric_and_names_stay_whole(
    line: bytes, fields: list[tuple[str, bytes]]
) -> None:
    parsed = parse_line(line)
    assert [(f.name, line[f.group_start : f.group_end]) for f in parsed.metrics] == fields


def test_a_rich_progress_bar_keeps_its_counter_as_the_step_of_the_values_after_it() -> None:
    """Lightning's RichProgressBar as a copied console holds it (colours removed): the bar and its times are cut
    out, `2919/9000` stays as the batch (under `Epoch 0/1774` the batch counts within the epoch)."""
    bar = "Epoch 0/1774 ━━━━╸━━ 2919/9000 12:28:13 • 1 day, 3:03:25 0.06it/s v_num: knej train_loss_step: 345.538\n"
    chunk, _ = clean_chunk(bar.encode())
    assert chunk == b"Epoch 0/1774  batch 2919/9000  v_num: knej train_loss_step: 345.538\n"
    fields = parse_line(chunk.rstrip()).fields
    assert [(f.kind, f.name) for f in fields] == [
        (Kind.EPOCH, "epoch"),
        (Kind.STEP, "batch"),
        (Kind.METRIC, "train_loss_step"),
    ]


def test_a_configuration_dumped_twice_gives_no_metric_however_often_it_is_printed(tmp_path: Path) -> None:
    """A yacs-style config (`GAMMA: 0.1`, YAML under a log record) dumped twice by the real `logging` module, then
    training lines: the step-less lines that never change are echoes, not curves."""
    import logging

    import yaml

    log = tmp_path / "log.txt"
    handler = logging.FileHandler(log)
    handler.setFormatter(logging.Formatter("%(asctime)s reid_baseline %(levelname)s: %(message)s"))
    logger = logging.getLogger("test_text_shapes.config_twice")
    logger.handlers[:], logger.propagate = [handler], False
    logger.setLevel(logging.INFO)
    config = {"SOLVER": {"GAMMA": 0.1, "MARGIN": 0.3, "MOMENTUM": 0.9}, "INPUT": {"PROB": 0.5, "PADDING": 10}}
    for _ in range(2):
        logger.info("Running with config:\n" + yaml.safe_dump(config))
    for iteration in range(1, 4):
        logger.info(f"Epoch[1] Iteration[{iteration * 20}/100] Loss: {2.5 - iteration / 10:.3f}")
    handler.close()
    assert log.read_text().count("  GAMMA: 0.1") == 2
    run = read_one(log)
    assert sorted(run.metrics) == ["Loss"]


def test_an_epoch_scoped_counter_keeps_its_global_axis_when_an_epochs_lines_were_lost(tmp_path: Path) -> None:
    """`Epoch 1 | Step 10/40` then `Epoch 2 | Step 20/40` (the lines between lost, as in a truncated copy): the
    counter, seen to restart at earlier epochs, still counts within its epoch: epoch * 40 + step."""
    original = SHAPES / "colorlog_epoch_step.log"
    lost = ("Epoch 1 | Step 20/40", "Epoch 1 | Step 30/40", "Epoch 2 | Step 0/40", "Epoch 2 | Step 10/40")
    kept = [line for line in original.read_text().splitlines(keepends=True) if not any(s in line for s in lost)]
    assert len(kept) == len(original.read_text().splitlines()) - 4
    log = tmp_path / "train.log"
    log.write_text("".join(kept))
    steps = list(read_one(log).metrics["loss"].steps)
    assert steps == [0, 10, 20, 30, 40, 50, 100, 110]


def test_a_classification_report_printed_once_gives_no_metric_per_class(tmp_path: Path) -> None:
    """sklearn's `classification_report`, written with its own format strings (`head_fmt = "{:>{width}s} " +
    " {:>9}" * 4`, `row_fmt = "{:>{width}s} " + " {:>9.{digits}f}" * 3 + " {:>9}\\n"`) after per-epoch lines: the
    per-class rows are a report (a label left of the columns), not metrics named after classes."""
    headers, width = ["precision", "recall", "f1-score", "support"], len("weighted avg")
    report = ("{:>{width}s} " + " {:>9}" * 4).format("", *headers, width=width) + "\n\n"
    for label, p, r, f, n in [("bus", 0.84, 0.88, 0.86, 5960), ("train", 0.75, 0.70, 0.72, 3863)]:
        report += ("{:>{width}s} " + " {:>9.{digits}f}" * 3 + " {:>9}\n").format(
            label, p, r, f, n, width=width, digits=2
        )
    report += "\n" + ("{:>{width}s} " + " {:>29.{digits}f}" + " {:>9}\n").format(
        "accuracy", 0.8, 9823, width=width, digits=2
    )
    report += ("{:>{width}s} " + " {:>9.{digits}f}" * 3 + " {:>9}\n").format(
        "macro avg", 0.8, 0.79, 0.79, 9823, width=width, digits=2
    )
    epochs = "".join(f"Epoch {e}/3, Train Loss: {1.5 - e / 10:.4f}, Val Acc: {60 + e}.00%\n" for e in range(1, 4))
    log = tmp_path / "train.log"
    log.write_text(epochs + "Classification Report:\n" + report + "\nF1-Score (macro): 0.7900\n")
    assert "         bus       0.84      0.88      0.86      5960" in log.read_text()
    run = read_one(log)
    assert sorted(run.metrics) == ["F1-Score_(macro)", "Train_Loss", "Val_Acc"]  # the line after the report is read
    assert list(run.metrics["F1-Score_(macro)"].values) == [0.79]


def coco_summary(stats: list[float]) -> str:
    """What pycocotools' `COCOeval.summarize()` prints for `stats`, with its own format string and settings."""
    i_str = " {:<18} {} @[ IoU={:<9} | area={:>6s} | maxDets={:>3d} ] = {:0.3f}"
    settings = [(1, "0.50:0.95", "all", 100), (1, "0.50", "all", 100), (1, "0.75", "all", 100)]
    settings += [(1, "0.50:0.95", area, 100) for area in ("small", "medium", "large")]
    settings += [(0, "0.50:0.95", "all", dets) for dets in (1, 10, 100)]
    settings += [(0, "0.50:0.95", area, 100) for area in ("small", "medium", "large")]
    lines = []
    for (ap, iou, area, dets), value in zip(settings, stats, strict=True):
        title, kind = ("Average Precision", "(AP)") if ap else ("Average Recall", "(AR)")
        lines.append(i_str.format(title, kind, iou, area, dets, value))
    return "\n".join(lines) + "\n"


def test_a_coco_evaluation_summary_gives_one_named_value_per_setting_and_no_max_dets(tmp_path: Path) -> None:
    """Each evaluation of a detector trained with torchvision's references or YOLOX prints COCOeval's summary: twelve
    lines named by their brackets, read as detectron2 names them under the annotation type; `maxDets=100` is none,
    nor is a -1 (no object of that size)."""
    text = ""
    for epoch in range(1, 4):
        text += "".join(f"Epoch {epoch} [{i:4d}/40] loss={2.0 / (epoch + i / 40):.4f}\n" for i in range(0, 40, 10))
        text += "Evaluate annotation type *bbox*\nDONE (t=0.41s).\nAccumulating evaluation results...\n"
        ap = 0.1 * epoch
        text += coco_summary([ap, 2 * ap, ap, -1.0, ap, ap, ap / 3, ap, 1.2 * ap, -1.0, ap, ap])
    log = tmp_path / "train.log"
    log.write_text(text)
    assert "maxDets=100 ] = 0.200" in text
    run = read_one(log)
    assert "maxDets" not in run.metrics and "bbox/APs" not in run.metrics and "bbox/ARs" not in run.metrics
    assert list(run.metrics["bbox/AP50"].values) == pytest.approx([0.2, 0.4, 0.6])
    assert list(run.metrics["bbox/AR100"].values) == pytest.approx([0.12, 0.24, 0.36])
    assert run.metrics["bbox/AP50"].steps[-1] == run.metrics["loss"].steps[-1]  # at the step the training reached
    assert len(run.metrics["loss"]) == 12


def test_lightnings_checkpoint_message_gives_the_monitored_value_at_the_epochs_it_improved(tmp_path: Path) -> None:
    """`ModelCheckpoint(verbose=True)` says at each epoch whether its monitored value improved, with Lightning's own
    f-strings (`_update_best_and_save`: `{monitor!r} reached {current:0.5f} (best {best:0.5f}), saving model to
    {filepath!r} as top {k}`; else `{monitor!r} was not in top {k}`); here after each epoch of a tiny real run. The
    value is read at the epochs it improved; its running best is no metric."""
    import torch

    torch.manual_seed(0)
    x, xv = torch.randn(256, 4), torch.randn(64, 4)
    w = torch.randn(4, 1)
    model = torch.nn.Linear(4, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    lines, best, reached = [], float("inf"), []
    for epoch in range(8):
        for i in range(0, 256, 64):
            loss = torch.nn.functional.mse_loss(model(x[i : i + 64]), x[i : i + 64] @ w)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        step = (epoch + 1) * 4
        lines.append(f"Epoch {epoch}: train_loss={loss.item():.4f}")
        with torch.no_grad():
            current = torch.nn.functional.mse_loss(model(xv), xv @ w).item() + (0.5 if epoch == 5 else 0.0)
        if current < best:
            best = current
            reached.append(round(current, 5))
            path = f"/ckpt/epoch={epoch}-step={step}.ckpt"
            lines.append(
                f"Epoch {epoch:d}, global step {step:d}: {'val_loss'!r} reached {current:0.5f}"
                f" (best {best:0.5f}), saving model to {path!r} as top 1"
            )
        else:
            lines.append(f"Epoch {epoch:d}, global step {step:d}: {'val_loss'!r} was not in top 1")
    log = tmp_path / "train.log"
    log.write_text("\n".join(lines) + "\n")
    run = read_one(log)
    assert len(reached) == 7 and list(run.metrics["val_loss"].values) == pytest.approx(reached)
    assert sorted(run.metrics) == ["train_loss", "val_loss"]  # no running best, no path's numbers, no `top 1`


def test_a_loggers_private_keys_are_no_metric() -> None:
    """Keras' epoch line through the W&B callback carries `_timestamp` and `_runtime` (a leading underscore)."""
    line = b"1875/1875 [==============================] - 116s 60ms/step - loss: 0.1200 - _timestamp: 1648100262.0000"
    assert [f.name for f in parse_line(line).metrics] == ["loss"]


def test_an_epoch_line_printed_again_with_the_same_values_gives_one_point(tmp_path: Path) -> None:
    """The real `logging` module prints each epoch's validation line, and again with a `-> best` mark when it is
    the best so far: one point per epoch, the values as printed."""
    import logging

    log = tmp_path / "train.log"
    handler = logging.FileHandler(log)
    logger = logging.getLogger("test_text_shapes.reprint")
    logger.handlers[:], logger.propagate = [handler], False
    logger.setLevel(logging.INFO)
    losses = [1.6530, 1.2001, 1.3104, 0.9020, 0.9500]
    best = float("inf")
    for epoch, loss in enumerate(losses, 1):
        line = f"Epoch {epoch:03d}/100 Valid loss: {loss:.4f}"
        logger.info(line)
        if loss < best:
            best = loss
            logger.info(line + " -> best")
    handler.close()
    assert log.read_text().count("-> best") == 3
    series = read_one(log).metrics["Valid_loss"]
    assert (list(series.steps), list(series.values)) == ([1, 2, 3, 4, 5], losses)


def test_a_step_less_summary_line_reusing_a_curves_name_is_a_series_of_its_own(tmp_path: Path) -> None:
    """Per-epoch lines with their epoch, then a final `Mean: ... mIoU=42.87%` with no step (printed by the real
    `logging` module): the summary is `mIoU_summary`, the curve keeps its per-epoch points and its last value; under
    a heading naming a split (`=== Final Val Metrics ===`) it is that split's, `Val_mIoU`."""
    import logging

    log = tmp_path / "train.log"
    handler = logging.FileHandler(log)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("test_text_shapes.summary")
    logger.handlers[:], logger.propagate = [handler], False
    logger.setLevel(logging.INFO)
    for epoch, (loss, iou) in enumerate([(2.8484, 6.25), (1.9012, 28.61), (0.9146, 46.33)], 1):
        logger.info(f"Epoch {epoch}/3 | Train Loss: {loss:.4f} | mP={iou + 3:.2f}% mIoU={iou:.2f}%")
    logger.info("  Mean: P=52.88%  mIoU=42.87%")
    logger.info("=== Final Val Metrics ===")
    logger.info("  Mean: P=53.01%  mIoU=43.02%")
    handler.close()
    run = read_one(log)
    assert list(run.metrics["mIoU"].values) == [6.25, 28.61, 46.33]
    assert list(run.metrics["mIoU_summary"].values) == [42.87]
    assert list(run.metrics["Val_mIoU"].values) == [43.02]


def test_an_epoch_bar_between_the_lines_does_not_hide_a_counters_restart() -> None:
    """CycleGAN-style `(epoch: 2, iters: 20, ...) , G_A: 0.5` lines printed between the redraws of a tqdm bar
    described `Epoch 2/3` (a header of the same epoch): the iters counter restarts each epoch and still goes onto
    one axis (no total printed: a restart's first line lies one usual gap after the last one, 40 then 50)."""
    raw = (SHAPES / "epoch_bar_restarting.log").read_bytes()
    assert b"\rEpoch 2/3" in raw and raw.count(b"iters: 10,") == 3
    steps = list(read_one(SHAPES / "epoch_bar_restarting.log").metrics["G_A"].steps)
    assert steps == [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120]


def test_hugging_face_dicts_without_a_step_take_it_from_their_epoch_and_the_training_bars_total() -> None:
    """The Trainer's dicts print no step (`{'loss': '0.6334', ..., 'epoch': '0.3125'}`); its bar counts to
    `max_steps` (`10/96`): epoch 0.3125 of 3 epochs over 96 steps is step 10, the evaluation at epoch 1 step 32.
    The evaluation bar drawn under it (`8/8`, then tqdm's cursor-up code) is not the training bar."""
    raw = (SHAPES / "hf_trainer_bar.log").read_bytes()
    assert b"'step'" not in raw and b"/96 [" in raw and b"Total optimization steps" not in raw
    assert b"/8 [" in raw and b"\x1b[A" in raw
    bars = text._DictSteps()
    bars.scan(raw)
    assert set(bars.bar_totals) == {96}
    run = read_one(SHAPES / "hf_trainer_bar.log")
    assert list(run.metrics["loss"].steps) == [10, 20, 30, 40, 50, 60, 70, 80, 90]
    assert list(run.metrics["eval_loss"].steps) == [32, 64, 96]


def test_hugging_face_dicts_take_their_step_from_the_running_training_block_when_no_bar_is_drawn() -> None:
    raw = (SHAPES / "hf_trainer_info.log").read_bytes()
    assert b"%|" not in raw and b"Total optimization steps = 96" in raw and b"Num Epochs = 3" in raw
    run = read_one(SHAPES / "hf_trainer_info.log")
    assert list(run.metrics["loss"].steps) == [10, 20, 30, 40, 50, 60, 70, 80, 90]
    assert list(run.metrics["train_loss"].steps) == [96]
    assert not {"Num_Epochs", "Total_optimization_steps", "Num_examples"} & set(run.metrics)


def test_hugging_face_epochs_rounded_to_2_decimals_are_put_back_on_the_logging_grid() -> None:
    """transformers 4.x printed `round(epoch, 2)`: at 128 steps per epoch `'epoch': 0.23` is 29.44 steps, the dicts'
    spacing of 10 puts it at 30."""
    raw = (SHAPES / "hf_trainer_round2.log").read_bytes()
    assert b"'epoch': '0.23'" in raw and b"Total optimization steps = 384" in raw
    steps = list(read_one(SHAPES / "hf_trainer_round2.log").metrics["loss"].steps)
    assert steps == list(range(10, 381, 10))


def test_hugging_face_dicts_with_no_total_printed_keep_the_index_of_the_training_dict(tmp_path: Path) -> None:
    """The same dicts with the bar and the Trainer's block left out (a copy of the dicts alone): no total to
    scale the epoch by, each training dict is numbered 1, 2, ... and an evaluation takes the number before it."""
    lines = (SHAPES / "hf_trainer_info.log").read_text().splitlines()
    log = tmp_path / "dicts.log"
    log.write_text("\n".join(line for line in lines if line.startswith("{")) + "\n")
    run = read_one(log)
    assert list(run.metrics["loss"].steps) == list(range(1, 10))
    assert list(run.metrics["eval_loss"].steps) == [3, 6, 9]


def test_a_hugging_face_dict_printed_twice_in_a_row_is_one_dict(tmp_path: Path) -> None:
    """A dict sent to two handlers (a loguru sink and print) comes twice: one point; the same epoch in two different
    dicts (the last evaluation and the summary) stays two points."""
    lines = (SHAPES / "hf_trainer_info.log").read_text().splitlines()
    summary = next(line for line in lines if "train_runtime" in line)
    log = tmp_path / "twice.log"
    log.write_text("\n".join([*lines, summary]) + "\n")
    run = read_one(log)
    assert len(run.metrics["train_loss"]) == 1
    assert list(run.metrics["epoch"].steps)[-2:] == [96, 96]


def test_a_hugging_face_log_in_a_markdown_code_fence_reads_as_the_console_and_the_report_gives_no_metric() -> None:
    """A report pasting a run's dicts between prose and a results table (`make_text_shapes.hf_markdown`): the prose
    takes no place on the index axis (the first training dict is 1) and the table's header row
    (`| Run | Final eval_loss: 1.954 | Epochs |` above `|---|`) is names, no metric."""
    report = SHAPES / "hf_markdown.md"
    assert b"| Final eval_loss: " in report.read_bytes()
    result = read_logs(Workspace.of([SHAPES]), ["hf_markdown.md"])
    (run,) = result.runs
    logged = json.loads((SHAPES / "hf_markdown.expected.json").read_text())
    epochs = logged["metrics"].pop("epoch")  # the Trainer's epoch counter: the run's axis, not a metric
    assert points(run) == logged["metrics"]
    assert [[s, v] for s, v in zip(run.axes["epoch"].steps, run.axes["epoch"].values, strict=True)] == epochs
    assert run.metrics["loss"].steps[0] == 1
    assert not set(logged["absent"]) & set(run.metrics)


@pytest.mark.parametrize(
    "header",
    [b"| Model | Accuracy: 84.1 | F1 |\n|---|---|---|\n", b"| a: 1 | b |\n| :--- | ---: |\n", b"|x: 2|\n|---|\n"],
)
def test_a_markdown_tables_header_row_is_cut_out_and_its_line_kept(header: bytes) -> None:
    rows = b"intro 1\n" + header + b"| ours | 84.1 |\n"
    cleaned, breaks = clean_chunk(rows)
    assert cleaned.split(b"\n")[1] == b"" and cleaned.count(b"\n") == rows.count(b"\n") and not breaks
    assert cleaned.split(b"\n")[2:] == rows.split(b"\n")[2:]


def test_a_markdown_table_of_numbers_takes_its_headers_names_and_a_csv_row_in_a_line_gives_no_value() -> None:
    """detectron2's COCO results (`tabulate(..., tablefmt="pipe")` in `coco_evaluation._derive_coco_results`) under
    its log prefix: the row of numbers is `AP 36.1 | AP50 55.2 | ...`; the per-category table keeps its rows as they
    are; `copypaste: 0.0103,0.0457,...` (a CSV row) is no value of `copypaste`."""
    log = (
        b"[11/16 03:06:53] d2.evaluation.coco_evaluation INFO: Evaluation results for bbox: \n"
        b"|  AP   |  AP50  |  AP75  |\n|:-----:|:------:|:------:|\n| 0.010 | 0.046  | 0.001  |\n"
        b"[11/16 03:06:55] d2.evaluation.testing INFO: copypaste: AP,AP50,AP75\n"
        b"[11/16 03:06:55] d2.evaluation.testing INFO: copypaste: 0.0103,0.0457,0.0010\n"
    )
    cleaned, _ = clean_chunk(log)
    assert cleaned.split(b"\n")[1:4] == [b"", b"|:-----:|:------:|:------:|", b"AP 0.010 | AP50 0.046 | AP75 0.001"]
    assert [f.name for f in parse_line(cleaned.split(b"\n")[3]).fields] == ["AP", "AP50", "AP75"]
    assert parse_line(log.split(b"\n")[-2]).fields == []


def test_the_sample_scan_skips_a_chunk_of_metric_lines_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every line matched a metric template: no sample mark is looked for (`samples.find_marks` not called); a chunk
    whose lines a sample's label makes (`Prediction: 1 0 1` read as a metric) is still scanned, and its samples kept."""
    from server.core.logs import samples

    called: list[int] = []
    real = samples.find_marks
    monkeypatch.setattr(samples, "find_marks", lambda chunk: called.append(len(chunk)) or real(chunk))
    dicts = [line for line in (SHAPES / "hf_trainer_info.log").read_text().splitlines() if line.startswith("{")]
    plain = tmp_path / "dicts.log"
    plain.write_text("\n".join(dicts) + "\n")
    assert read_one(plain).metrics["loss"] and not called
    labelled = tmp_path / "labelled.log"
    labelled.write_text("\n".join(f"{line}\nPrediction: 1 0 {i}" for i, line in enumerate(dicts)) + "\n")
    run = read_one(labelled)
    assert called and run.samples_total == len(dicts) and "Prediction" not in run.metrics


def test_an_epoch_line_reusing_a_per_batch_name_is_the_epochs_aggregate_apart_from_the_curve() -> None:
    """`[2/3] batch 40/40 loss=..` lines, then `Epoch 2/3 (0.2s) | loss=0.2345 | val=..`: the epoch line's `loss`
    is `epoch_loss` on the epoch axis; the per-batch `loss` stays on its global axis (no epoch numbers mixed in)."""
    run = read_one(SHAPES / "batch_and_epoch_lines.log")
    assert list(run.metrics["loss"].steps) == list(range(10, 121, 10))
    assert list(run.metrics["epoch_loss"].steps) == [1, 2, 3]
    assert list(run.metrics["val"].steps) == [1, 2, 3]


@pytest.mark.parametrize(
    ("line", "names"),
    [
        (b"[eval] iter 500: train 4.2927 val 4.2780 lr 3.00e-04", ["[eval]_train", "[eval]_val", "lr"]),
        (b"[train] iter 10: loss 8.6864", ["loss"]),
        (b"[valid] epoch 3: loss 0.5 acc 0.9", ["valid_loss", "valid_acc"]),
    ],
)
def test_values_named_by_a_split_word_alone_take_the_lines_split_tag(line: bytes, names: list[str]) -> None:
    """nanoGPT-style `[eval] iter 500: train 4.29 val 4.28`: `train` there is the evaluated loss on training data,
    apart from a `train` series elsewhere; a name of its own keeps the tag's split (`[valid] ... loss` is `valid_loss`),
    but for training's (`[train] ... loss` is `loss`)."""
    template = text.template_of(line)
    assert template is not None and [name for name in template.names if name] == names


def test_a_counter_printed_with_the_same_value_under_every_epoch_header_is_a_size_not_a_step() -> None:
    """`Epoch 1/2`, dashes, `batch = 40`, `train Loss: ..`: 40 at every epoch counts batches, it is no position; the
    epochs stay the axis (before, every epoch's values were piled on step 40)."""
    raw = (SHAPES / "epoch_block_batch_size.log").read_text()
    assert raw.count("batch = 40\n") == 3
    run = read_one(SHAPES / "epoch_block_batch_size.log")
    assert list(run.metrics["train_Loss"].steps) == [0, 1, 2]


def test_epoch_lines_repeating_their_epoch_are_per_batch_values_of_the_one_curve() -> None:
    """`Epoch 1 Loss ..` after every batch beside `Epoch 1 Batch 10 Loss ..`: not epoch aggregates (`epoch_Loss`),
    one `Loss` curve in log order."""
    run = read_one(SHAPES / "epoch_line_every_batch.log")
    assert "epoch_Loss" not in run.metrics
    assert len(run.metrics["Loss"]) == len((SHAPES / "epoch_line_every_batch.log").read_text().splitlines())


def test_a_final_bar_per_epoch_is_one_point_per_epoch_whatever_its_rate_unit() -> None:
    """`Epoch 0002: 100%|==| 40/40 [00:00<00:00, 48.03batch/s, loss=0.03]`: the rate's unit (`batch/s`) is glued to
    a number that changes at each line, and the counter stands at its total: the epoch is the step."""
    run = read_one(SHAPES / "tqdm_final_bar_per_epoch.log")
    assert "batch/s" in (SHAPES / "tqdm_final_bar_per_epoch.log").read_text()
    assert points(run) == {"loss": [[1, 0.22], [2, 0.03], [3, 0.02]]}


def test_a_headerless_index_value_table_is_one_series_named_by_its_file() -> None:
    run = read_one(SHAPES / "index_value_table.log")
    assert points(run) == {"index_value_table.log": [[0, 0.463439], [1, 0.137856], [2, 0.088433]]}


def test_a_headerless_table_of_decimals_is_the_files_series_and_its_next_columns(tmp_path: Path) -> None:
    """`2459.814209,2452.646484` per line, no header and no index (a loss and its moving average, round22's BO-015):
    the file's series on the line index, the second column `<file> column 2`."""
    losses = [value for _, value in expected("restarting_counter")["metrics"]["loss"]]
    smoothed = [losses[0]]
    for value in losses[1:]:
        smoothed.append(0.9 * smoothed[-1] + 0.1 * value)
    log = tmp_path / "train_loss.txt"
    log.write_text("".join(f"{a:.6f},{b:.6f}\n" for a, b in zip(losses, smoothed, strict=True)))
    run = read_one(log)
    assert sorted(run.metrics) == ["train_loss.txt", "train_loss.txt column 2"]
    assert list(run.metrics["train_loss.txt"].values) == [round(v, 6) for v in losses]
    assert list(run.metrics["train_loss.txt column 2"].steps) == list(range(1, len(losses) + 1))


def test_a_counter_before_its_word_epoch_is_the_epoch_and_no_part_of_the_name_after_it(tmp_path: Path) -> None:
    """`1/10 epoch G_loss : 4.37, D_loss : 0.32` (round22's BO-006, a GAN's console): `1/10 epoch` is the epoch;
    the losses are `G_loss` and `D_loss`, a game's two sides."""
    from server.core.logs.roles import game_losses

    losses = [value for _, value in expected("restarting_counter")["metrics"]["loss"]]
    log = tmp_path / "gan.log"
    log.write_text("".join(f"{i % 10 + 1}/10 epoch G_loss : {v}, D_loss : {v / 4}\n" for i, v in enumerate(losses)))
    run = read_one(log)
    assert sorted(run.metrics) == ["D_loss", "G_loss"] and list(run.metrics["G_loss"].values) == losses
    assert set(game_losses(run)) == {"D_loss", "G_loss"}


def test_a_bracket_opening_a_name_after_a_heading_is_no_part_of_the_name(tmp_path: Path) -> None:
    """`server stats: [loss: 1.925` then `server stats: [accuracy: 69.735`, the bracket never closed (round23's
    BP-014, a federated run's rounds): `loss` and `accuracy`, one point per round."""
    losses = [value for _, value in expected("restarting_counter")["metrics"]["loss"]]
    log = tmp_path / "fed.log"
    log.write_text(
        "".join(
            f"Round {i}\nserver stats: [loss: {v}\nserver stats: [accuracy: {50 + i}\n" for i, v in enumerate(losses)
        )
    )
    run = read_one(log)
    assert sorted(run.metrics) == ["accuracy", "loss"] and list(run.metrics["loss"].values) == losses


def test_a_word_alone_between_commas_or_tabs_names_the_value_after_it(tmp_path: Path) -> None:
    """`epoch 1, phase train, step 10, loss_train, 0.838` (round16's AU-008, a U-Net's console): `loss_train` names
    0.838 on step 10; a phrase with a space (`phase train`) names nothing; a word alone between tabs names likewise."""
    losses = [value for _, value in expected("restarting_counter")["metrics"]["loss"]]
    log = tmp_path / "train.log"
    log.write_text(
        "".join(f"epoch 1, phase train, step {10 * (i + 1)}, loss_train, {v}\n" for i, v in enumerate(losses))
    )
    run = read_one(log)
    assert sorted(run.metrics) == ["loss_train"]
    assert list(run.metrics["loss_train"].values) == losses and run.metrics["loss_train"].steps[0] == 10
    torch7 = b"e:\t1\ts:\t8909\tlr:\t0.001\ttrainLoss\t1.7969\t"  # round23's BQ-007: tabs, a colon or none
    assert [f.name for f in parse_line(torch7).fields if f.kind is Kind.METRIC] == ["lr", "trainLoss"]


def test_a_duration_in_several_units_is_no_part_of_the_name_after_it(tmp_path: Path) -> None:
    """`train in:  2m46s train loss(phase): 0.0794` (round23's BR-008): `2m46s` is a time, no part of the name after
    it, and one line shape whatever the time (each epoch's line is read)."""
    line = b"epoch:    0 train in:  2m46s train loss(phase): 0.0794 test in:  1m45s test loss(phase): 0.8155"
    fields = [f.name for f in parse_line(line).fields if f.kind is Kind.METRIC]
    assert fields == ["train_loss(phase)", "test_loss(phase)"]
    losses = [value for _, value in expected("restarting_counter")["metrics"]["loss"]]
    log = tmp_path / "train.log"
    log.write_text(
        "".join(f"epoch: {i:4d} train in:  2m{40 + i % 19}s train loss(phase): {v}\n" for i, v in enumerate(losses))
    )
    assert list(read_one(log).metrics["train_loss(phase)"].values) == losses


def test_a_counter_inside_a_name_is_the_step_of_the_value_after_it() -> None:
    """`Loss for Iter 11: 0.6609`: `Iter 11` is the step, `Loss` the name; `Test loss for epoch 0: ..` likewise on
    the epoch axis; the hyperparameter dict echoed in a sentence gives no `batch` step nor metric."""
    run = read_one(SHAPES / "counter_inside_name.log")
    assert sorted(run.metrics) == ["Loss", "Test_Acc", "Test_loss", "acc"]
    assert list(run.metrics["Loss"].steps[:3]) == [1, 11, 21]
    assert list(run.metrics["Test_loss"].steps) == [0, 1, 2]


def test_an_evaluation_after_the_last_epoch_is_another_loop_not_a_point_of_the_training_loss() -> None:
    """Keras prints `evaluate` like `fit`'s epoch lines (`16/16 - 0s - 2ms/step - loss: 5.8892`) under the last
    `Epoch 3/3` header: it is `eval_loss`, and `loss` keeps one point per epoch. TensorFlow's C++ prefix
    (`gpu_device.cc:1720]`) and the device properties printed at each session start are no metric."""
    run = read_one(SHAPES / "keras_fit_evaluate.log")
    assert points(run)["loss"] == [[1, 0.4634], [2, 0.1379], [3, 0.0884]]
    assert points(run)["eval_loss"] == [[3, 5.8892]]
    assert sorted(run.metrics) == ["eval_loss", "loss", "val_loss"]


def test_settings_printed_at_each_restart_are_no_metric_even_where_a_config_value_moves() -> None:
    """Three starts that die before their first step, each printing its environment, its config and the model: the
    values that repeat (`GAMMA: 0.1`, `eps=1e-05` from two module lines, `CUDA Runtime 12.1`) are settings wherever
    they stand, even after the first line that moves (`LR`, halved at each retry, which is read)."""
    run = read_one(SHAPES / "config_at_each_restart.log")
    assert sorted(run.metrics) == ["LR"]
    assert list(run.metrics["LR"].values) == [0.05, 0.025, 0.0125]
    assert run.events_total >= 3  # the three tracebacks


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        (b"<epoch: 10, Average PSNR : 18.33dB", [("epoch", "epoch", b"10"), ("metric", "Average_PSNR", b"18.33")]),
        (b"20200204-20:09:01     total_loss: 24.7161 time: 15m 1s", [("metric", "total_loss", b"24.7161")]),
        (b"[10] img_sec=178.36, train_loss=0.668317", [("step", "step", b"10"), ("metric", "img_sec", b"178.36"),
                                                      ("metric", "train_loss", b"0.668317")]),
        (b"Hyperparameters: {'batch': 512, 'base_lr': 0.03}", []),
        (b"NVCC  Cuda compilation tools, release 10.2, V10.2.89", []),
        (b"coreClock: 1.185GHz coreCount: 30 deviceMemorySize: 6.00GiB", []),
        (b"name: Tesla V100-SXM2-32GB major: 7 minor: 0 memoryClockRate(GHz): 1.53", []),
        (b"  name = input_ids, shape = (64, 64)", []),
        (b"  name = dense_37/bias:0, shape = (10,)", []),
        (b"[epoch:  0, iter:   1,000, lr:(2.000e-04,)] l_pix: 4.3229e+02", [("epoch", "epoch", b"0"),
         ("step", "iter", b"1,000"), ("metric", "lr", b"2.000e-04"), ("metric", "l_pix", b"4.3229e+02")]),
        (b"# Validation # PSNR: 3.0461e+01", [("metric", "Validation_PSNR", b"3.0461e+01")]),
        (b'      "dropout": 0.24684719512514441,', []),
        (b"[2025-10-21 01:21:16 resnet18](main.py 113): INFO  * Train Acc 37.002 Train Loss 1.732",
         [("metric", "Train_Acc", b"37.002"), ("metric", "Train_Loss", b"1.732")]),
        (b"2025-10-24 12:03:06,410 - INFO - Training completed in 186.60 seconds", []),
    ],
)  # fmt: skip
def test_units_compact_time_stamps_bare_step_brackets_and_echoes(line: bytes, fields: list) -> None:
    """dB values are values; a compact `20200204-20:09:01` stamp is prefix; `total_loss` is no count of things; a bare
    `[10]` heading named values is their step; a dict echoed in a sentence, a `release` version, a device's properties
    and a tuple of integers (a shape) are no metric; a tuple holding a float is its value (BasicSR's `lr:(2e-04,)`),
    a counter may carry thousands separators, `#` between words is a separator; a line holding one member of a JSON
    document is a dump (a config printed with `json.dumps(cfg, indent=4)`), and `completed in 186.60` is prose; Swin's
    `[time name](main.py 113): INFO` is prefix and a `* ` bullet no part of a name."""
    parsed = parse_line(line)
    assert [(f.kind.value, f.name, line[f.group_start : f.group_end]) for f in parsed.fields] == fields


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        (b"Best result:  {'epoch': 0, 'loss': 0.9419379234313965, 'acc': 0.53125}",
         [("metric", "best_loss", b"0.9419379234313965"), ("metric", "best_acc", b"0.53125")]),
        (b"Best Acc: 0.53", [("metric", "Best_Acc", b"0.53")]),
        (b"13:19:40 INFO Epoch: 1, \t Valid, Loss: 2.23351196, \t Acc: 34.800 , \t Best Acc: 34.800",
         [("epoch", "epoch", b"1"), ("metric", "Valid_Loss", b"2.23351196"), ("metric", "Valid_Acc", b"34.800"),
          ("metric", "Valid_Best_Acc", b"34.800")]),
        (b"  - (Training)    loglikelihood: -2.32293, accuracy:  0.49128",
         [("metric", "loglikelihood", b"-2.32293"), ("metric", "accuracy", b"0.49128")]),
        (b"step 200 loss 2.0420 (98s) {'l1_loss': 0.3722690939903259, 'kld_loss': 0.1669684499502182}",
         [("step", "step", b"200"), ("metric", "loss", b"2.0420"), ("metric", "l1_loss", b"0.3722690939903259"),
          ("metric", "kld_loss", b"0.1669684499502182")]),
    ],
)  # fmt: skip
def test_a_running_best_a_split_between_commas_and_a_dict_after_a_duration(line: bytes, fields: list) -> None:
    """A title naming a running best (DiffPool's `Best result: {...}`) makes its values `best_` ones and its epoch no
    step, while a name holding `best` itself stays as written; a split word alone between commas qualifies the names
    after it (round76's JP-007), a bracketed training cell (RMTPP's `(Training)`) none; a dict's first key after a
    `(98s)` duration is read (round76's JQ-010)."""
    parsed = parse_line(line)
    assert [(f.kind.value, f.name, line[f.group_start : f.group_end]) for f in parsed.fields] == fields


def test_a_counter_with_thousands_separators_is_read_by_the_template_learned_from_its_line() -> None:
    """BasicSR prints `iter:{current_iter:8,d}`: `iter:   1,000` is step 1000 on the axis of `iter:     900`."""
    template = text.template_of(b"[epoch:  0, iter:   1,000, lr:(2.000e-04,)] l_pix: 4.3229e+02 ")
    assert template is not None and template.names == [None, None, "lr", "l_pix"]
    import re

    match = re.match(template.pattern, b"[epoch:  1, iter:  12,300, lr:(1.999e-04,)] l_pix: 5.1000e-03 ")
    assert match is not None and match.group(2) == b"12,300"


def test_basicsr_validation_after_a_redrawn_ascii_bar_is_read_at_the_iteration_in_force() -> None:
    raw = (SHAPES / "basicsr_console.log").read_text()
    assert "[>>>" in raw and "lr:(5.000e-02,)" in raw
    run = read_one(SHAPES / "basicsr_console.log")
    assert list(run.metrics["Validation_PSNR"].steps) == [40, 80, 120]
    assert list(run.metrics["lr"].values) == [0.05] * 12


def test_a_validation_epoch_counter_is_the_epoch_and_digits_inside_names_stay_literal() -> None:
    """mmcv's `Epoch(val) [1][196]\taccuracy_top-1: 16.7640, accuracy_top-5: 36.8660`: `Epoch(val)` is the epoch
    (`[196]`, the number of validation batches, no step), and the template learned from the line reads the next one
    (`top-1` is part of a name, and the `:` after it is no part of a number)."""
    import re

    line = b"2022-10-08 17:25:45,647 - mmcls - INFO - Epoch(val) [1][196]\taccuracy_top-1: 16.7640, accuracy_top-5: 3"
    template = text.template_of(line)
    assert template is not None and template.names == [None, "accuracy_top-1", "accuracy_top-5"]
    assert template.epoch_group == 0 and template.step_group is None
    later = line.replace(b"[1][196]", b"[2][196]").replace(b"16.7640", b"29.8000")
    match = re.match(template.pattern, later)
    assert match is not None and match.group(1, 2) == (b"2", b"29.8000")


def test_an_args_listing_printed_at_each_resume_is_settings_even_where_its_values_change() -> None:
    """SwAV-style `init_logger` listings (one argument per line, aligned under the first) printed at each of three
    resumes, the learning rate lowered each time: no `base_lr`, `start_epoch` or `temperature` metric; the curve
    kept."""
    run = read_one(SHAPES / "args_listing_at_each_resume.log")
    assert sorted(run.metrics) == ["loss"]
    assert len(run.metrics["loss"]) == 12


def test_a_split_opening_a_line_names_its_values_and_no_training_line_takes_it() -> None:
    """`[Epoch 0] validation: loss=2.33 accuracy=0.28` is validation's (held apart from the training `loss`); a
    line opened by `train` keeps its names bare (the training's own values), and counters take no split."""
    fields = parse_line(b"[Epoch 0] validation: loss=2.33 accuracy=0.28").fields
    assert [(f.kind, f.name) for f in fields] == [
        (Kind.EPOCH, "epoch"),
        (Kind.METRIC, "validation_loss"),
        (Kind.METRIC, "validation_accuracy"),
    ]
    assert [f.name for f in parse_line(b"train acc: 49.6%, loss: 1.45").fields] == ["train_acc", "loss"]
    assert [f.name for f in parse_line(b"Train: Iter=50 train_loss=7.391 lr=1.75e-04").fields] == [
        "iter",
        "train_loss",
        "lr",
    ]


def test_a_name_that_is_a_loop_position_or_code_is_no_metric_nor_step() -> None:
    assert [f.name for f in parse_line(b"val_loss: 2.33, best_epoch: 0, best_model_epoch: 3").fields] == ["val_loss"]
    assert not [f for f in parse_line(b"    if step > 0 else float('nan')").fields if f.kind is not Kind.METRIC]
    assert parse_line(b"resumed epoch 3, iter 7317").fields[0].kind is Kind.STEP  # no epoch header without its total


def test_a_value_with_a_unit_after_is_stays_prose() -> None:
    assert parse_line(b"max GPU_mem cost is 3806.51 MB").fields == []
    said = b"epoch: 0,  loss is: 2.5047, acc is: 0.0708"
    assert [f.name for f in parse_line(said).fields] == ["epoch", "loss", "acc"]
    one_after_another = b"0/10105 in 0 epoch finished at time 0:00:27.74 from start, Loss is 3.847216 Acc is 0.516169"
    assert [f.name for f in parse_line(one_after_another).fields] == ["Loss", "Acc"]  # `in 0`: no metric
    assert [f.name for f in parse_line(b"Epoch # 3: loss=0.0046 acc=0.9985").fields] == ["epoch", "loss", "acc"]
    assert [f.name for f in parse_line(b"Epoch 0, val loss is 2.33, val acc is 0.28.").fields] == [
        "epoch",
        "val_loss",
        "val_acc",
    ]


def test_a_stable_baselines3_box_is_one_record_at_its_total_timesteps() -> None:
    """SB3's `| key | value |` boxes: each key as `section/key` at the box's `time/total_timesteps` (a box cut in two
    by a chunk's end is read whole with the next chunk: `test_small_chunks_read_the_same_points_and_events`)."""
    run = read_one(SHAPES / "sb3_ppo_table.log")
    assert run.metrics["train/loss"].steps[0] == 256
    assert "time/total_timesteps" not in run.metrics and "loss" not in run.metrics


def test_a_config_dump_of_many_one_off_lines_does_not_crowd_out_the_metric_shapes(tmp_path: Path) -> None:
    """More one-off numeric lines than templates are matched at once (a config dump of 60 keys, before the epoch
    lines): the shapes with most lines in the chunk are matched first, so every metric line is still read."""
    original = SHAPES / "restarting_counter.log"
    log = tmp_path / "train.log"
    dump = "".join(f"  option_{chr(97 + i // 26)}{chr(97 + i % 26)}: {i}.5\n" for i in range(2 * text.MAX_TEMPLATES))
    log.write_text(dump + original.read_text())
    assert points(read_one(log)) == points(read_one(original))


def test_lines_of_one_bare_value_are_the_files_series_and_cjk_punctuation_reads_as_ascii(tmp_path: Path) -> None:
    """`print(loss.item())` to a file: one decimal per line is the file's unnamed series on its index;
    `当前损失值：10.113` (a full-width colon) names its value as `当前损失值: 10.113` does."""
    losses = [value for _, value in expected("restarting_counter")["metrics"]["loss"]]
    log = tmp_path / "train_log.txt"
    log.write_text("".join(f"{value}\n" for value in losses))
    series = read_one(log).metrics["train_log.txt"]
    assert list(series.values) == losses and list(series.steps) == list(range(1, len(losses) + 1))
    cleaned, _ = clean_chunk("当前损失值：10.113 | 当前准确率：0.00%\n".encode())
    assert [f.name for f in parse_line(cleaned.rstrip(b"\n")).fields] == ["当前损失值", "当前准确率"]


def test_lightnings_progress_bar_is_one_global_axis_whatever_its_resets_and_dataloader_bars() -> None:
    """A real Lightning run's console: the epoch bar reset to `0/4` before the next epoch's description and the
    validation bars between leave one global axis (epoch * 4 + batch, up to 12), never below 0; `DataLoader 0` is an
    index, no metric."""
    run = read_one(SHAPES / "lightning_progress_bar.log")
    steps = list(run.metrics["train_loss"].steps)
    assert min(steps) >= 0 and max(steps) == expected("lightning_progress_bar")["last_step"]
    assert not set(expected("lightning_progress_bar")["absent"]) & set(run.metrics)


def test_a_validation_value_carried_in_lightnings_bar_is_one_point_per_validation() -> None:
    """Lightning shows `val_loss=0.643` in the training bar at every redraw until the next validation (round45's
    EI-004: one value over 3,791 redraws read as a model whose answers never changed): one point per validation."""
    import re

    raw = (SHAPES / "lightning_progress_bar.log").read_text()
    drawn = re.findall(r"val_loss=([0-9.]+)", raw)
    validations = [float(v) for i, v in enumerate(drawn) if i == 0 or v != drawn[i - 1]]
    assert len(drawn) > 3 * len(validations) and len(validations) == 3
    run = read_one(SHAPES / "lightning_progress_bar.log")
    assert list(run.metrics["val_loss"].values) == validations
    undefined = run.metrics["val_auc"]  # `val_auc=nan.0` at every redraw: NaN drawn again is the value drawn before
    assert len(re.findall(r"val_auc=nan", raw)) > 3 * len(validations) >= 3 * len(undefined)
    assert len(undefined) and all(math.isnan(v) for v in undefined.values)


def test_nan_and_numbers_are_one_line_shape(tmp_path: Path) -> None:
    """Keras `verbose=2` epoch lines whose values turn `nan` one by one are one shape: with a config dump of one-off
    lines before them (more shapes than templates are matched at once), every epoch is read."""
    table = "".join(f"  option_{chr(97 + i // 26)}{chr(97 + i % 26)}: {i}.5\n" for i in range(2 * text.MAX_TEMPLATES))
    epochs = ["0.2195 - mse: 0.0690", "nan - mse: 0.0690", "nan - mse: nan", "nan - mse: nan"]
    lines = [
        f"Epoch {n}/4\n3890/3890 - 966s - 248ms/step - loss: {v} - val_loss: nan\n" for n, v in enumerate(epochs, 1)
    ]
    log = tmp_path / "nohup.out"
    log.write_text(table + "".join(lines))
    run = read_one(log)
    assert (
        len(run.metrics["loss"]) == 4
        and len(run.metrics["mse"]) == 4
        and set(run.metrics) == {"loss", "mse", "val_loss"}
    )


def test_a_metric_line_printed_once_in_another_spelling_of_its_time_keeps_its_point(tmp_path: Path) -> None:
    """Keras prints its first epoch slower (`128s 1s/step`) than the next ones (`60s 534ms/step`): the first line
    has a shape of its own, printed once before the others, and is the first point, not a settings echo."""
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=12)
    losses = list(run.metrics["loss"].values)
    lines = ["Final training size: (592, 256, 256, 3)"]
    for epoch, loss in enumerate(losses, 1):
        took = "128s 1s/step" if epoch == 1 else f"{40 + epoch}s {480 + epoch}ms/step"
        lines += [f"Epoch {epoch}/{len(losses)}", f"74/74 - {took} - loss: {loss:.4f} - accuracy: {epoch / 20:.4f}"]
    log = tmp_path / "train.log"
    log.write_text("\n".join(lines) + "\n")
    series = read_one(log).metrics["loss"]
    assert list(series.steps) == list(range(1, len(losses) + 1))
    assert list(series.values) == [float(f"{loss:.4f}") for loss in losses]


def test_a_keras_bars_redraws_are_each_a_point_and_its_end_the_epochs_last(tmp_path: Path) -> None:
    """Keras's running bars (`- ETA: 9:09 - loss: ...`, each a running mean of the epoch so far) are read, every redraw
    a point as a person counts them (round68's IK-007, cut off in its second epoch; round74's JH-001, 21 redraws an
    epoch), on the bar's counter made global; the epoch's end line (`11408/11408 [=====] - 60s`) is the epoch's last
    point on that axis. With no redraw in the log the end lines are the epochs (`test_older_console_formats_are_read`).
    """
    from tests.tiny_runs import train_tiny

    losses = list(train_tiny(lr=0.05, steps=10).metrics["loss"].values)
    bars = [f"{32 * i:>5}/11408 [..............................] - ETA: {9 - i // 2}:09 - loss: {loss:.4f}"
            for i, loss in enumerate(losses, 1)]  # fmt: skip
    log = tmp_path / "train.log"
    log.write_text("Train on 11408 samples\nEpoch 1/10\n" + "\n".join(bars) + "\n")
    series = read_one(log).metrics["loss"]
    assert list(series.steps) == [32.0 * i for i in range(1, len(losses) + 1)]
    assert list(series.values) == [float(f"{loss:.4f}") for loss in losses]
    ends = [f"11408/11408 [==============================] - 60s 5ms/sample - loss: {loss:.4f}" for loss in losses]
    log.write_text("".join(f"Epoch {e}/3\n" + "\n".join(bars) + f"\n{ends[e - 1]}\n" for e in range(1, 4)))
    series = read_one(log).metrics["loss"]
    within = [32.0 * i for i in range(1, 11)] + [11408.0]
    assert list(series.steps) == [11408.0 * e + step for e in range(3) for step in within]
    assert list(series.values) == [
        v for e in range(3) for v in [float(f"{loss:.4f}") for loss in losses] + [float(f"{losses[e]:.4f}")]
    ]


def test_yolov5s_validation_header_keeps_its_last_column_whose_name_holds_a_colon(tmp_path: Path) -> None:
    """YOLOv5's val.py prints `('%20s' + '%11s' * 6) % ('Class', ..., 'mAP@.5', 'mAP@.5:.95')`: the last name fills
    its column (one blank before it) and holds a colon; its row `('%20s' + '%11i' * 2 + '%11.3g' * 4)`."""
    from tests.tiny_runs import train_tiny

    values = [round(v, 3) for v in train_tiny(lr=0.05, steps=8).metrics["loss"].values]
    lines = []
    for value in values:  # the header is printed again above each epoch's row
        lines.append(("%20s" + "%11s" * 6) % ("Class", "Images", "Labels", "P", "R", "mAP@.5", "mAP@.5:.95"))
        lines.append(("%20s" + "%11i" * 2 + "%11.3g" * 4) % ("all", 17, 85, 0.5, 0.4, value, value / 2))
    log = tmp_path / "train.log"
    log.write_text("\n".join(lines) + "\n")
    metrics = read_one(log).metrics
    assert list(metrics["mAP@.5-.95"].values) == [float(f"{v / 2:.3g}") for v in values]
    assert list(metrics["mAP@.5"].values) == [float(f"{v:.3g}") for v in values]


def test_yolov5s_validation_rows_saved_without_their_header_are_read_by_its_fixed_columns(tmp_path: Path) -> None:
    """The header shares its line with a progress bar written to stderr: a console saved from stdout alone (a wandb
    `output.log`, round81's KJ-012) holds `all` rows only, each epoch's P, R, mAP@.5 and mAP@.5:.95 after the image
    and label counts. Rows under their header are read by its columns as before, under the same names."""
    from tests.tiny_runs import train_tiny

    values = [round(v, 3) for v in train_tiny(lr=0.05, steps=8).metrics["loss"].values]
    rows = [("%20s" + "%12i" * 2 + "%12.3g" * 4) % ("all", 2368, 4601, 0.5, 0.4, v, v / 2) for v in values]
    log = tmp_path / "output.log"
    log.write_text("Plotting labels...\n" + "\n".join(rows) + "\n")
    metrics = read_one(log).metrics
    assert set(metrics) == {"P", "R", "mAP@.5", "mAP@.5-.95"}  # the counts are no metric
    assert list(metrics["mAP@.5"].values) == [float(f"{v:.3g}") for v in values]
    assert list(metrics["mAP@.5-.95"].values) == [float(f"{v / 2:.3g}") for v in values]
    header = ("%20s" + "%12s" * 6) % ("Class", "Images", "Labels", "P", "R", "mAP@.5", "mAP@.5:.95")
    log.write_text("".join(f"{header}\n{row}\n" for row in rows))
    assert list(read_one(log).metrics["mAP@.5"].values) == [float(f"{v:.3g}") for v in values]


def test_a_table_of_pipe_separated_columns_under_a_rule_of_dashes_is_read_by_column(tmp_path: Path) -> None:
    """A training script's own epoch table (round-10 AE-007): a header of `|`-separated names, a rule of dashes, rows
    of values with units and marks (`50.80%`, `19.6s  <- best`); its last row read whether a newline ends the file or
    not (round88's KW-021 lost it until round 57)."""
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=100)
    losses, vals = list(run.metrics["loss"].values)[24::25], list(run.metrics["val_loss"].values)
    lines = [" Epoch | TrainLoss |  ValLoss |   Time", "-" * 40]
    for epoch, (loss, val) in enumerate(zip(losses, vals, strict=True), 1):
        mark = "  <- best" if val == min(vals[:epoch]) else ""
        lines.append(f"{epoch:>6} | {loss:>9.4f} | {val:>8.4f} | {19.5 + epoch / 10:>5.1f}s{mark}")
    log = tmp_path / "train.log"
    for end in ("\n", ""):  # the last row with no newline after it is read as the others (round88's KW-021)
        log.write_text("Starting training\n\n" + "\n".join(lines) + end)
        metrics = read_one(log).metrics
        assert list(metrics["TrainLoss"].steps) == list(range(1, len(losses) + 1))
        assert list(metrics["TrainLoss"].values) == [float(f"{v:.4f}") for v in losses]
        assert list(metrics["ValLoss"].values) == [float(f"{v:.4f}") for v in vals]


def test_a_block_of_one_value_lines_printed_every_few_steps_is_metrics_not_a_settings_listing(tmp_path: Path) -> None:
    """frustum-pointnets prints, every ten batches, ` -- 010 / 2297 --` then one value a line (`mean loss: 71.34`,
    `segmentation accuracy: 0.54`, ...), under `**** EPOCH 000 ****` banners: six or more one-value lines in a row, as
    a settings listing is, but naming measures; each block is a point, at epoch x batches + batch."""
    from tests.tiny_runs import train_tiny

    losses = list(train_tiny(lr=0.05, steps=40).metrics["loss"].values)
    lines = ["Namespace(batch_size=32, learning_rate=0.001, max_epoch=2)", "pid: 9131"]
    for epoch in range(2):
        lines.append(f"**** EPOCH {epoch:03d} ****")
        for batch in range(10):
            loss = losses[epoch * 20 + batch * 2]
            lines += [f" -- {10 * (batch + 1):03d} / 100 --", f"mean loss: {loss:.6f}"]
            lines += [f"segmentation accuracy: {1 / (1 + loss):.6f}", f"box estimation accuracy: {loss / 9:.6f}"]
    log = tmp_path / "log_train.txt"
    log.write_text("\n".join(lines) + "\n")
    metrics = read_one(log).metrics
    series = metrics["mean_loss"]
    assert list(series.values) == [float(f"{losses[e * 20 + b * 2]:.6f}") for e in range(2) for b in range(10)]
    assert list(series.steps) == [e * 100 + 10 * (b + 1) for e in range(2) for b in range(10)]
    assert "batch_size" not in metrics and "pid" not in metrics


def test_a_metric_that_is_nan_from_its_first_line_and_lightnings_inf_0_are_read_as_values(tmp_path: Path) -> None:
    """A run that goes non-finite at once (round-11 AG-007): Lightning's bar prints `train_loss=inf.0`, then
    `nan.0`, and the script prints its loss terms, NaN from the first, under a warning: each is a value."""
    from tests.tiny_runs import train_tiny

    lines = []
    for step, loss in enumerate(train_tiny(lr=1e9, steps=6).metrics["loss"].values, 1):
        shown = "inf.0" if math.isinf(loss) else "nan.0" if math.isnan(loss) else f"{loss:.3g}"
        lines.append(f"Epoch 0:   0%|          | {step}/4282 [00:00<18:18,  3.90it/s, v_num=0, train_loss={shown}]")
        lines += ["WARNING: NaN detected in training!", "  loss_recon: nan", "  loss_kl: nan"]
    log = tmp_path / "log_train.txt"
    log.write_text("\n".join(lines) + "\n")
    run = read_one(log)
    assert all(not math.isfinite(v) for v in run.metrics["train_loss"].values[-3:])
    assert len(run.metrics["loss_recon"]) == 6 and all(math.isnan(v) for v in run.metrics["loss_recon"].values)
    assert any(event.kind == "nan" for event in run.events)


def test_a_log_that_logrotate_truncated_is_detected_as_text_not_binary() -> None:
    """`copytruncate` leaves a hole of NUL bytes where the cut lines were: the file is still a console log."""
    path = SHAPES / "truncated_by_logrotate.log"
    assert path.read_bytes().startswith(b"\x00" * 64)
    assert not text.looks_binary(path.read_bytes()[: text.HEAD_BYTES])
    (run,) = read_logs(Workspace.of([SHAPES]), [str(path)]).runs
    assert run.format == "text" and points(run) == expected("truncated_by_logrotate")["metrics"]
    assert text.looks_binary(b"\x00\x01\x02\x03" * 64)  # NULs spread through the bytes: binary data still


def test_wide_spaces_of_cjk_text_and_web_copies_are_blanks() -> None:
    """A console indented with the ideographic space (U+3000) or holding no-break spaces reads as with ASCII ones."""
    raw = (SHAPES / "hf_trainer_info.log").read_text()
    wide = "".join("\u3000\u3000" + line.replace(" ", "\u00a0", 1) for line in raw.splitlines(keepends=True))
    log = SHAPES.parent / "wide_spaces.log"
    try:
        log.write_text(wide)
        assert points(read_one(log)) == points(read_one(SHAPES / "hf_trainer_info.log"))
    finally:
        log.unlink()


def test_an_error_rate_printed_as_error_is_a_value_and_a_date_is_no_number(tmp_path: Path) -> None:
    """`Iteration: 100\tError: 0.0505` is a training error's value, not an error message; in `Date: 2023-10-29
    11:25:34s, Time_Cost: 104s, Epoch: [1/3],Val_PSNR: 28.86` the date is no metric and the line still reads."""
    from server.core.logs.events import classify_line
    from tests.tiny_runs import train_tiny

    assert classify_line("Iteration: 100\tError: 0.0505") is None
    assert classify_line("Error: file not found") == ("error", "error")
    run = train_tiny(lr=0.05, steps=60)
    loss, val = run.metrics["loss"], run.metrics["val_loss"]
    errors = [f"Iteration: {int(s)}\tError: {v:.6f}" for s, v in zip(loss.steps, loss.values, strict=True)]
    dated = [
        f"Date: 2023-10-29 11:{25 + i:02d}:34s, Time_Cost: 104s, Epoch: [{i + 1}/{len(val)}],Val_PSNR: {v:.4f}"
        for i, v in enumerate(val.values)
    ]
    for name, lines in (("errors.txt", errors), ("dated.txt", dated)):
        (tmp_path / name).write_text("\n".join(lines) + "\n")
    (read,) = read_logs(Workspace.of([tmp_path]), [str(tmp_path / "errors.txt")]).runs
    assert list(read.metrics) == ["Error"] and list(read.metrics["Error"].steps) == list(loss.steps)
    (read,) = read_logs(Workspace.of([tmp_path]), [str(tmp_path / "dated.txt")]).runs
    assert "Date" not in read.metrics
    assert list(read.metrics["Val_PSNR"].values) == [float(f"{v:.4f}") for v in val.values]


def test_a_fixed_width_table_with_a_time_column_and_nan_cells_is_read_row_by_row(tmp_path: Path) -> None:
    """The PyTorch Mario tutorial's `MetricLogger.record` rows: `f"{episode:8d}{step:8d}{epsilon:10.3f}"`, the means
    `{:15.3f}` (`nan` while learning has not started: the mean of no loss), the time since the last record and
    `datetime.now().strftime('%Y-%m-%dT%H:%M:%S'):>20` under its `{'Episode':>8}{'Step':>8}...{'Time':>20}` header."""
    from tests.tiny_runs import train_tiny

    losses = train_tiny(lr=0.05, steps=120).metrics["loss"].values
    header = f"{'Episode':>8}{'Step':>8}{'Epsilon':>10}{'MeanReward':>15}{'MeanLoss':>15}{'TimeDelta':>15}{'Time':>20}"
    rows = [header]
    for episode in range(12):
        loss = math.nan if episode < 2 else sum(losses[episode * 10 : episode * 10 + 10]) / 10
        stamp = f"2025-04-28T01:{58 + episode // 10:02d}:{(episode * 7) % 60:02d}"
        means = f"{episode * 3.5:15.3f}{loss:15.3f}{2.5:15.3f}"
        rows.append(f"{episode:8d}{episode * 10 + 10:8d}{1.0:10.3f}{means}{stamp:>20}")
    (tmp_path / "log").write_text("\n".join(rows) + "\n")
    (run,) = read_logs(Workspace.of([tmp_path]), [str(tmp_path / "log")]).runs
    mean_loss = run.metrics["MeanLoss"].values
    assert len(mean_loss) == 12 and all(math.isnan(v) for v in mean_loss[:2])
    assert list(mean_loss[2:]) == [float(row.split()[4]) for row in rows[3:]]
    assert "Time" not in run.metrics


def test_espnet_lines_whose_batch_range_changes_are_one_line_shape(tmp_path: Path) -> None:
    """ESPnet's trainer: `1epoch:train:1-100batch: ... loss=92.3`, then `101-200batch`: a range glued to its word is
    no field, and every line of the shape is read."""
    lines = [
        f"[host] 2023-05-01 10:0{i}:00,000 (trainer:732) INFO: 1epoch:train:{first}-{first + 99}batch: "
        f"iter_time=1.234e-04, loss_ctc={ctc}, acc={acc}, loss={loss}, optim0_lr0=1.000e-04"
        for i, (first, ctc, acc, loss) in enumerate(
            ((1, 120.5, 0.123, 92.3), (101, 100.5, 0.223, 80.3), (201, 90.1, 0.3, 70.2))
        )
    ]
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    run = read_one(tmp_path / "train.log")
    assert list(run.metrics["loss"].values) == [92.3, 80.3, 70.2]
    assert list(run.metrics["acc"].values) == [0.123, 0.223, 0.3]


def test_a_plural_counter_leading_a_line_of_values_is_its_step_and_a_count_printed_alone_is_not() -> None:
    (steps, loss, _) = parse_line(b"steps: 10 loss: 2.3456 iter time (s): 0.512").fields  # DeepSpeed's engine
    assert (steps.kind, loss.kind, loss.name) == (Kind.STEP, Kind.METRIC, "loss")
    assert parse_line(b"Total steps: 5000").fields == []


def test_runs_appended_to_a_log_keep_their_epochs_a_one_epoch_run_among_them(tmp_path: Path) -> None:
    """`Epoch 0, Loss ...` from runs appended to one file, one of them a single epoch long: its `Epoch 0` and the
    next run's are two runs, not two batches of one epoch (the axis is not thrown away for an index)."""
    runs = [[0.0355, 0.0356], [0.0370], [0.0480, 0.0480, 0.0029, 0.0028]]
    (tmp_path / "log_train.txt").write_text(
        "".join(f"Epoch {epoch}, Loss {loss:.4f}\n" for run in runs for epoch, loss in enumerate(run))
    )
    series = read_one(tmp_path / "log_train.txt").metrics["Loss"]
    assert list(series.steps) == [float(epoch) for run in runs for epoch in range(len(run))]


def test_a_bracketed_header_ending_in_a_glued_unit_is_no_part_of_the_first_name() -> None:
    """`[ep 0 step 20 t= 43s vram= 5904MB] L=0.1200  D=0.1129  PSNR= 9.47`: the header's `5904MB` is no value (a unit
    glued to it) and the name after the bracket is `L`, not the header's text."""
    template = text.template_of(b"[ep 0 step    20 t=     43s vram= 5904MB] L=0.1200  D=0.1129  PSNR= 9.47")
    assert template is not None and [name for name in template.names if name] == ["L", "D", "PSNR"]


def test_an_ellipsis_after_a_value_or_a_counter_is_punctuation_and_one_based_batches_restart_onto_one_axis(
    tmp_path: Path,
) -> None:
    """Udacity-style prints, `Epoch 1/50... Batch 1... Training Loss: 1.5847... processing_time: 4.6 sec`: the dots
    belong to neither the value nor the counter, and batches counted 1-10 in each epoch go onto steps 1-20."""
    log = tmp_path / "training_history.txt"
    lines = [
        f"Epoch {e}/2... Batch {b}... Training Loss: {2.0 / (10 * (e - 1) + b):.4f}... processing_time: 1.2 sec "
        for e in (1, 2)
        for b in range(1, 11)
    ]
    log.write_text("\n".join(lines) + "\n")
    run = read_one(log)
    assert set(run.metrics) == {"Training_Loss", "processing_time"}  # no `Batch` metric
    assert list(run.metrics["Training_Loss"].steps) == list(range(1, 21))
    assert run.metrics["Training_Loss"].values[-1] == 0.1


def test_bare_values_under_a_section_title_take_its_name_and_count_from_one(tmp_path: Path) -> None:
    """`Generator Losses:` over one value a line, then `Discriminator Losses:` over its own (round25's BV-003: a
    script dumping its loss lists): each title names the values under it, each counted from 1."""
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=40)
    train, val = run.metrics["loss"].values, run.metrics["grad_norm"].values  # two lists of a real run's values
    log = tmp_path / "losses.txt"
    log.write_text(
        "Training Losses:\n"
        + "".join(f"{v!r}\n" for v in train)
        + "Validation Losses:\n"
        + "".join(f"{v!r}\n" for v in val)
    )
    read = read_one(log)
    assert set(read.metrics) == {"Training_Losses", "Validation_Losses"}
    assert list(read.metrics["Training_Losses"].values) == list(train)
    assert list(read.metrics["Validation_Losses"].values) == list(val)
    assert list(read.metrics["Validation_Losses"].steps) == list(range(1, len(val) + 1))


def test_marians_epoch_and_update_abbreviations_are_its_counters(tmp_path: Path) -> None:
    """Marian NMT prints `[time] Ep. 1 : Up. 500 : Sen. 371,080 : Cost 164.2 : Time 60.2s : ... : L.r. 1.25e-05`
    (round25's BW-004) and `[valid] Ep. 1 : Up. 5000 : perplexity : 4.3 : new best`: `Ep.` is the epoch, `Up.` the
    update: the values go on the update axis, and no `Ep.`/`Up.` series or `valid_` prefix leaks onto training lines."""
    from tests.tiny_runs import train_tiny

    losses = train_tiny(lr=0.05, steps=40).metrics["loss"].values
    lines = [
        f"[2019-04-04 01:15:12] Ep. {1 + i // 20} : Up. {500 * (i + 1)} : Sen. {371_080 * (i + 1):,} : Cost {v:.8f} "
        f": Time 60.21s : 8853.74 words/s : L.r. 1.2500e-05"
        for i, v in enumerate(losses)
    ]
    lines.insert(20, "[2019-04-04 03:21:50] [valid] Ep. 1 : Up. 10000 : perplexity : 4.31 : new best")
    log = tmp_path / "train.log"
    log.write_text("[2019-04-04 00:50:30] [config] valid-freq: 10000\n" + "\n".join(lines) + "\n")
    run = read_one(log)
    assert list(run.metrics["Cost"].values) == [round(v, 8) for v in losses]
    assert list(run.metrics["Cost"].steps) == [500 * (i + 1) for i in range(len(losses))]
    assert not {"Ep.", "Up.", "valid_Cost"} & set(run.metrics)


def test_one_value_a_line_with_a_decimal_comma_is_one_value_not_an_index_and_a_number(tmp_path: Path) -> None:
    """`22,502287584414645` (round23's BQ-010: a TypeScript loop printing `loss.toString().replace('.', ',')`): the
    digits after the comma are the fraction. A thousands group (`4,007,990`: three digits) stays one."""
    from tests.tiny_runs import train_tiny

    losses = train_tiny(lr=0.05, steps=30).metrics["loss"].values
    log = tmp_path / "train_loss.txt"
    log.write_text("> proj@1.0.0 start\n\n" + "".join(repr(v).replace(".", ",") + "\n" for v in losses))
    run = read_one(log)
    [series] = run.metrics.values()
    assert list(series.values) == list(losses)
    assert text._number(b"4,007,990") == 4007990.0 and text._number(b"0,5") == 0.5


def test_a_headerless_quoted_table_written_through_a_windows_text_mode_file_is_read(tmp_path: Path) -> None:
    """`csv.writer(open(path, "w"), quoting=csv.QUOTE_ALL)` on Windows writes `"1","52.58"\\r\\r\\n` (round26's BZ-002):
    the quotes and the doubled carriage return are punctuation, the first cell the step."""
    import csv

    from tests.tiny_runs import train_tiny

    losses = train_tiny(lr=0.05, steps=30).metrics["loss"].values
    log = tmp_path / "losses.csv"
    with log.open("w", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\r\n")
        writer.writerows((step, repr(value)) for step, value in enumerate(losses, start=1))
    run = read_logs(Workspace.of([tmp_path]), [str(log)]).runs[0]
    assert list(run.metrics["losses.csv"].values) == list(losses)
    assert list(run.metrics["losses.csv"].steps) == list(range(1, len(losses) + 1))


def test_an_epoch_and_a_batch_before_unnamed_values_put_them_on_one_axis(tmp_path: Path) -> None:
    """A GAN's `f.write(f"{epoch},{batch},{d_real},{d_fake},")` per logging step (round26's BY-010): two integer cells
    are the epoch and the batch within it, the decimals after them the columns, the row's last comma no column."""
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=40)
    losses, norms = run.metrics["loss"].values, run.metrics["grad_norm"].values
    rows = [
        f"{i // 2},{80 * (1 + i % 2)},{loss!r},{norm!r},"
        for i, (loss, norm) in enumerate(zip(losses, norms, strict=True))
    ]
    log = tmp_path / "losses.txt"
    log.write_text("\n".join(rows) + "\n")
    read = read_one(log)
    assert set(read.metrics) == {"losses.txt", "losses.txt column 4"}
    assert list(read.metrics["losses.txt"].values) == list(losses)
    assert list(read.metrics["losses.txt column 4"].values) == list(norms)
    assert list(read.metrics["losses.txt"].steps) == [80.0 * (i + 1) for i in range(len(losses))]


def test_a_file_of_long_rows_of_numbers_is_one_series_per_row(tmp_path: Path) -> None:
    """`np.savetxt("losses.txt", [d_losses, g_losses])` (round26's CA-002) or `print(losses)`: each row is a whole
    curve on its index, the first named by the file."""
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=30)
    losses, norms = run.metrics["loss"].values, run.metrics["grad_norm"].values
    log = tmp_path / "losses.txt"
    log.write_text(" ".join(map(repr, losses)) + "\n" + " ".join(map(repr, norms)) + "\n")
    read = read_one(log)
    assert list(read.metrics["losses.txt"].values) == list(losses)
    assert list(read.metrics["losses.txt row 2"].values) == list(norms)
    assert list(read.metrics["losses.txt"].steps) == list(range(1, len(losses) + 1))
    printed = tmp_path / "printed.txt"
    printed.write_text(str(list(losses)) + "\n")
    assert list(read_one(printed).metrics["printed.txt"].values) == list(losses)


def test_more_rows_of_ten_numbers_than_numbers_a_row_are_a_headerless_tables_records(tmp_path: Path) -> None:
    """A loop that appends a record of 10 numbers a step to a CSV with no header (round86's KT-004: a NAS
    controller's 63 trials, each its child's accuracy, its reward and 8 architecture choices): more rows than values a
    row, all of one length, are the table's rows, a series per column (the first named by the file); two long rows
    stay two series (`np.savetxt` of two curves, above)."""
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=30)
    losses, norms = run.metrics["loss"].values, run.metrics["grad_norm"].values
    rows = [",".join(map(repr, [loss, norm, *range(8)])) for loss, norm in zip(losses, norms, strict=True)]
    log = tmp_path / "train_history.csv"
    log.write_text("\n".join(rows) + "\n")
    read = read_one(log)
    assert len(read.metrics) == 10
    assert list(read.metrics["train_history.csv"].values) == list(losses)
    assert list(read.metrics["train_history.csv column 2"].values) == list(norms)
    assert list(read.metrics["train_history.csv"].steps) == list(range(1, len(losses) + 1))
    short = tmp_path / "short.txt"
    short.write_text("0.5 0.4 0.3\n")  # three numbers: a table's row, no curve
    with pytest.raises(UnreadableInputError):
        read_one(short)


def test_a_checkpoint_path_before_the_values_names_none_of_them(tmp_path: Path) -> None:
    """`./models/12_epochs.h5   loss:0.80  acc:0.81` after each epoch (round26's CA-011): the path is the saved file,
    its digits no value and its words no part of the names; one shape for every epoch's file."""
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=30)
    losses, norms = run.metrics["loss"].values, run.metrics["grad_norm"].values
    log = tmp_path / "log.txt"
    log.write_text(
        "".join(
            f"./models/{i}_epochs.h5   loss:{v!r}  acc:{g!r}\n"
            for i, (v, g) in enumerate(zip(losses, norms, strict=True), 1)
        )
    )
    read = read_one(log)
    assert set(read.metrics) == {"loss", "acc"}
    assert list(read.metrics["loss"].values) == list(losses)
    assert list(read.metrics["acc"].values) == list(norms)


def test_a_value_after_plus_minus_is_the_spread_of_the_value_before_it(tmp_path: Path) -> None:
    """`val_dice=0.713 ± 0.267` (round26's BZ-003 wrote `±` in GBK inside a UTF-8 log): the second value is
    `val_dice_std`, a spread, never a measure judged as the accuracy."""
    from server.core.logs.roles import MetricRole
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=20)
    losses, norms = run.metrics["loss"].values, run.metrics["grad_norm"].values
    for sign in (b"\xc2\xb1", b"\xa1\xc0", b"+/-"):
        log = tmp_path / "train.log"
        log.write_bytes(
            b"".join(
                f"Epoch {i}: train_loss={v:.6f}, val_dice={1 / (1 + g):.6f} ".encode()
                + sign
                + f" {g / 10:.6f}\n".encode()
                for i, (v, g) in enumerate(zip(losses, norms, strict=True), 1)
            )
        )
        read = read_one(log)
        assert set(read.metrics) == {"train_loss", "val_dice", "val_dice_std"}
        assert list(read.metrics["val_dice_std"].values) == [round(g / 10, 6) for g in norms]
        assert read.role_map()["val_dice_std"].role is MetricRole.OTHER
        assert read.role_map()["val_dice"].role is MetricRole.ACCURACY


def test_markdown_bold_around_a_split_names_every_value_on_its_line(tmp_path: Path) -> None:
    """`  **Test** Prec@1 97.830 Prec@5 99.970` (round26's BY-009, a Markdown report of the console): `Test` is the
    split of both values, the stars no part of a name."""
    from tests.tiny_runs import train_tiny

    norms = train_tiny(lr=0.05, steps=20).metrics["grad_norm"].values
    lines = [
        f"  **{split}** Prec@1 {100 / (1 + g):.3f} Prec@5 {100 / (1 + g / 5):.3f}"
        for g in norms
        for split in ("Train", "Test")
    ]
    log = tmp_path / "log.txt"
    log.write_text("\n".join(f"Epoch={e:03d}/020\n{lines[2 * e]}\n{lines[2 * e + 1]}" for e in range(20)) + "\n")
    read = read_one(log)
    assert {"Train_Prec@1", "Prec@5", "Test_Prec@1", "Test_Prec@5"} <= set(read.metrics)
    assert len(read.metrics["Test_Prec@5"]) == len(read.metrics["Prec@5"]) == 20


def test_a_number_named_by_a_word_after_it_is_read_only_where_that_word_follows(tmp_path: Path) -> None:
    """An OCR tool's `ERROR: When parsing line crop_img/test2_crop_19.jpg\t2014 il` (round22's BM-011): the word
    after the number names it on that line only; the same line with another label after the path (`\t12`) is no
    point of `il`."""
    labels = ["12", "2014 il", "6", "gün, ay, il", "23", "2014 il", "7"] * 3
    log = tmp_path / "train.log"
    log.write_text(
        "".join(f"[2025/09/12 11:54:06] ppocr ERROR: When parsing line crop_img/t{i}_crop.jpg\t{label}\n"
                for i, label in enumerate(labels))
    )  # fmt: skip
    run = read_one(log)
    assert run.metrics == {} and run.events_total == len(labels)  # error lines, and no curve of `il`


def test_training_and_validation_banners_open_sections_whose_lines_carry_their_own_epoch(tmp_path: Path) -> None:
    """`=====training epoch 3=====` over `Epoch 2 | loss = 0.033 | current = 0.915`, then `=====validate epoch
    3=====` over a line of the same shape (round18's BB-013): each banner opens its split's section, so the second
    line's values are `validate_loss` and `validate_current`, not more training points."""
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=100)
    train, val = run.metrics["loss"].values[::25], run.metrics["val_loss"].values
    lines = []
    for epoch, (t, v) in enumerate(zip(train, val, strict=True), start=1):
        lines += [f"{'=' * 22}training epoch {epoch}{'=' * 22}", f"Epoch {epoch - 1} | loss = {t:.4f} | current = 0.9"]
        lines += [
            "",
            f"{'=' * 22}validate epoch {epoch}{'=' * 22}",
            f"Epoch {epoch - 1} | loss = {v:.4f} | current = 0.8",
        ]
    log = tmp_path / "log.txt"
    log.write_text("\n".join(lines) + "\n")
    read = read_one(log)
    assert list(read.metrics["loss"].values) == [round(t, 4) for t in train]
    assert list(read.metrics["validate_loss"].values) == [round(v, 4) for v in val]
    assert read.role_map()["validate_loss"].role.value == "val_loss"


def test_one_value_lines_whose_values_change_at_each_printing_are_measures_not_a_settings_listing(
    tmp_path: Path,
) -> None:
    """An evaluation block printed after each epoch (`Processing subset 0`, `ari: 0.933`, `nmi: 0.863`, `sc: 0.293`,
    then `recon: 4009.6` lines: round27's CC-007) looks like a listing of settings printed again at each start, but
    settings repeat their values: values that change from one printing to the next are measured."""
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=100)
    losses, norms = run.metrics["loss"].values, run.metrics["grad_norm"].values
    lines = ["Parameter number: 2.128 M"]
    for epoch in range(1, 21):
        lines += [f"recon: {losses[5 * (epoch - 1) + k]:.3f}" for k in range(5)]
        lines += [f"Epoch: {epoch}/20, train loss: {losses[5 * epoch - 1]:.3f}", "", "Inferring ..."]
        lines += ["Subset: 0, modalities ['rna']: test size: 8204", "Processing subset 0: ['rna']"]
        lines += [f"ari: {1 / (1 + norms[epoch])!r}", f"nmi: {norms[epoch] / 10!r}", f"sc: {norms[epoch] / 20!r}"]
    log = tmp_path / "result.e"
    log.write_text("\n".join(lines) + "\n")
    read = read_one(log)
    assert list(read.metrics["ari"].values) == [1 / (1 + g) for g in norms[1:21]]
    assert {"nmi", "sc", "recon", "train_loss"} <= set(read.metrics)
    assert not {"Subset", "Processing_subset"} & set(read.metrics)  # the same value at every printing: settings


def test_a_banner_title_over_its_rule_names_the_split_of_the_values_under_it(tmp_path: Path) -> None:
    """`TEST SET EVALUATION` between two rules of `=`, then `  Loss      : 0.5793` (round27's CC-003): the title is a
    heading like `Evaluation Results:`, so the values under it are the test split's."""
    from tests.tiny_runs import train_tiny

    losses = train_tiny(lr=0.05, steps=30).metrics["loss"].values
    prefix = "[2026-05-31 01:15:24,969] INFO: "
    lines = [f"{prefix}Epoch {i}/30 | Loss: {v:.4f}" for i, v in enumerate(losses, 1)]
    lines += [f"{prefix}{'=' * 60}", f"{prefix}TEST SET EVALUATION", f"{prefix}{'=' * 60}"]
    lines += [f"{prefix}  Loss      : {losses[-1] / 2:.4f}", f"{prefix}  Accuracy  : 0.8871"]
    log = tmp_path / "training.log"
    log.write_text("\n".join(lines) + "\n")
    read = read_one(log)
    assert len(read.metrics["Loss"]) == len(losses)
    assert list(read.metrics["TEST_Loss"].values) == [round(losses[-1] / 2, 4)]
    assert list(read.metrics["TEST_Accuracy"].values) == [0.8871]


def test_a_run_dead_after_its_first_epoch_keeps_the_values_under_that_epochs_marker(tmp_path: Path) -> None:
    """Avalanche's log cut after its first epoch block (a run killed there): the values printed once under `Epoch 0
    ended.` are that epoch's, not a settings echo printed before a curve."""
    lines = (SHAPES / "avalanche_text_logger.log").read_text().splitlines()
    cut = tmp_path / "dead.log"
    cut.write_text("\n".join(lines[: lines.index("Epoch 1 ended.")]) + "\n")
    run = read_one(cut)
    first = expected("avalanche_text_logger")["metrics"]["Loss_Epoch/train_phase/train_stream/Task000"][0]
    assert points(run) == {"Loss_Epoch/train_phase/train_stream/Task000": [first]}


def test_an_epoch_bars_empty_draw_is_a_marker_that_leaves_its_redraws_with_values_to_their_own_shape() -> None:
    """round54's FT-009: `Epoch 1/150:` drawn empty is the epoch's marker; the same bar redrawn with a postfix goes on
    past the colon with `batch 1/103, loss=...`, a longer shape the marker's template must not read as far as it goes
    (every value of the run was lost so)."""
    empty, _ = clean_chunk(b"Epoch 1/150:   0%|" + b" " * 70 + b"| 0/103 [00:00<?, ?it/s]\n")
    redraw, _ = clean_chunk(b"Epoch 1/150:   1%|  | 1/103 [00:16<28:36, 16.83s/it, loss=5.7598, avg_loss=5.7598]\n")
    marker = text.template_of(empty.rstrip(b"\n"))
    assert marker is not None and marker.role is text.Role.MARKER
    assert re.match(marker.pattern, empty) and not re.match(marker.pattern, redraw)
    assert [f.name for f in parse_line(redraw.rstrip(b"\n")).fields if f.kind is Kind.METRIC] == ["loss", "avg_loss"]


def test_a_training_line_after_a_test_sets_label_ends_that_sets_block(tmp_path: Path) -> None:
    """bamos/densenet.pytorch's console (a tiny real run of the family casebook's DenseNet): `Test set: Average loss:
    ..` after each epoch, then the next epoch's `Train Epoch: 1.00 [32/640 (0%)]  Loss: ..` lines, whose fractional
    epoch is no step: they are the training's again, not the test set's."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from make_family_casebook import write_bamos_densenet

    from tests.tiny_runs import casebook_run

    run = casebook_run(tmp_path, "densenet", "healthy", write=write_bamos_densenet)
    raw = next(tmp_path.glob("*.log")).read_text()
    batches, evaluations = raw.count("Train Epoch:"), raw.count("Test set:")
    assert evaluations >= 2 and batches > evaluations
    assert len(run.metrics["Loss"]) == batches and len(run.metrics["Test_Average_loss"]) == evaluations
    assert not any(
        name.startswith("Test_") and name != "Test_Average_loss" and name != "Test_Error" for name in run.metrics
    )
    assert len(run.metrics["Test_Error"]) == evaluations


def test_a_name_may_hold_a_tilde() -> None:
    """round54's FS-008: `Train 9.6801 | Val~20% 9.6793`, a validation on a fifth of the held-out set."""
    line = b"[08:04:18] [INFO] [Step    500/159210] Train 9.6801 | Val~20% 9.6793"
    assert [f.name for f in parse_line(line).fields if f.kind is Kind.METRIC] == ["Train", "Val~20%"]


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        (b"Epoch 1/100, Train IoU: {0.9: 0.0005, 0.5: 0.053}, Eval time: 9.01s\n",  # round67's IF-007
         b"Epoch 1/100, Train IoU@0.9: 0.0005, Train IoU@0.5: 0.053, Eval time: 9.01s\n"),
        (b"#12: episode_reward:0.0947 acc: 0.9800\n", b"12: episode_reward:0.0947 acc: 0.9800\n"),  # round68's II-011
        (b"# 12 layers frozen\n", b"# 12 layers frozen\n"),  # a comment's sign keeps its blank
    ],
)  # fmt: skip
def test_number_keyed_dicts_and_hash_indices_are_rewritten_into_named_values(raw: bytes, cleaned: bytes) -> None:
    assert clean_chunk(raw)[0] == cleaned


def test_orbits_output_dict_spread_over_lines_is_joined_to_its_step_line(tmp_path: Path) -> None:
    """TF Model Garden's Orbit controller: `train | step: 20 | steps/sec: 19.5 | output: ` and, when pprint spreads
    the dict, its members on the lines under it (`_format_output`), each a member line a config dump would print too.
    A tiny real run of the family casebook's RevNet: every evaluation's values are read at their step, the training's
    and the evaluation's apart."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from make_family_casebook import write_orbit

    from tests.tiny_runs import casebook_run

    run = casebook_run(tmp_path, "revnet_tfm", "healthy", write=write_orbit)
    raw = next(tmp_path.glob("*.log")).read_text()
    trained, evaluated = raw.count("train | step:") - 1, raw.count("running complete evaluation")  # less the first
    assert "output: \n    {'learning_rate'" in raw and trained == evaluated >= 10
    for name in ("learning_rate", "top_1_accuracy", "top_2_accuracy", "training_loss"):
        assert len(run.metrics[name]) == trained
    for name in ("eval_top_1_accuracy", "eval_top_2_accuracy", "validation_loss"):
        assert len(run.metrics[name]) == evaluated
    assert list(run.metrics["training_loss"].steps) == list(run.metrics["validation_loss"].steps)


def test_dl4js_score_is_its_loss_and_its_logback_prefix_no_part_of_a_name(tmp_path: Path) -> None:
    """DL4J's UCI sequence example (a tiny real run of the family casebook's LSTM, logged as its logback pattern
    `%logger{15} - %msg` prints): `o.d.o.l.ScoreIterationListener - Score at iteration 20 is 1.33` is the loss
    function's value under the name `Score`, the training loss; `o.d.e.r.s.UCISequenceClassificationExample - Test set
    evaluation at epoch 0: Accuracy = 0.37` the test set's accuracy, the shortened logger no part of its name."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from make_family_casebook import write_dl4j

    from server.core.logs.roles import MetricRole
    from tests.tiny_runs import casebook_run

    run = casebook_run(tmp_path, "dl4j_lstm_uci", "healthy", write=write_dl4j)
    raw = next(tmp_path.glob("*.log")).read_text()
    assert "ScoreIterationListener - Score at iteration" in raw
    roles = run.role_map()
    assert roles["Score"].role is MetricRole.TRAIN_LOSS and "ScoreIterationListener" in roles["Score"].reason
    assert len(run.metrics["Score"]) == raw.count("Score at iteration")
    assert roles["Test_Accuracy"].split == "test" and len(run.metrics["Test_Accuracy"]) == raw.count("Test set eval")
    assert not any(name.startswith("o.") for name in run.metrics)


def test_a_run_cut_after_its_first_epoch_is_read_at_that_epoch_its_test_split_apart(tmp_path: Path) -> None:
    """pytorch_DGCNN's lines of a run stopped after epoch 0 (its config line, one training and one test line): every
    shape printed once, yet the values are read at epoch 0, the test's under `test_` (a person reads one epoch, not an
    unreadable file)."""
    from server.core.logs.roles import MetricRole

    log = tmp_path / "log.txt"
    log.write_bytes(b"".join((SHAPES / "average_split_of_epoch.log").read_bytes().splitlines(keepends=True)[:3]))
    run = read_one(log)
    assert points(run) == {name: series[:1] for name, series in expected("average_split_of_epoch")["metrics"].items()}
    assert run.role_map()["test_loss"].role is MetricRole.VAL_LOSS


def test_lines_of_python_tuples_of_numbers_are_a_headerless_table(tmp_path: Path) -> None:
    """A loop that writes `str((train_loss, val_loss))` each epoch (round77's JU-006, `losses.txt`): the file's unnamed
    series and its column 2, as the lines of a Python list are; refused as holding no metric line until round 47."""
    from tests.tiny_runs import train_tiny

    run = train_tiny(0.05, steps=300)
    loss = dict(zip(run.metrics["loss"].steps, run.metrics["loss"].values, strict=True))
    val = run.metrics["val_loss"]
    pairs = [(loss[step], value) for step, value in zip(val.steps, val.values, strict=True)]  # an epoch's pair
    (tmp_path / "losses.txt").write_text("".join(f"{pair}\n" for pair in pairs))
    read = read_one(tmp_path / "losses.txt")
    assert list(read.metrics) == ["losses.txt", "losses.txt column 2"]
    assert list(read.metrics["losses.txt"].values) == [a for a, _ in pairs]
    assert list(read.metrics["losses.txt column 2"].values) == [b for _, b in pairs]
    assert list(read.metrics["losses.txt"].steps) == list(range(1, len(pairs) + 1))


def test_a_table_logging_writes_is_read_after_the_prefix_its_names_split_where_the_cells_stand(tmp_path: Path) -> None:
    """`logger.info(f"{epoch:<7}{loss:<13.4f}...")` of a real tiny run under a header of the same widths (round78's
    JX-008's shape): the columns stand after each line's prefix, and `Grad Norm L2 Val Loss` (two names one blank
    apart) is split where the cells start, under the words `Grad` and `Val`."""
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=75)
    at = [25 * epoch - 1 for epoch in (1, 2, 3)]  # each epoch's last step, where its validation ran
    columns = {
        "Train_Loss": [run.metrics["loss"].values[i] for i in at],
        "Grad_Norm_L2": [run.metrics["grad_norm"].values[i] for i in at],
        "Val_Loss": list(run.metrics["val_loss"].values[:3]),
        "LR": [run.metrics["lr"].values[i] for i in at],
    }
    prefix = "2025-11-30 16:33:41,104 - __main__ - INFO - "
    lines = [prefix + "Epoch  Train Loss   Grad Norm L2 Val Loss     LR          ", prefix + "-" * 60]
    lines += [prefix + f"{e:<7}" + "".join(f"{v[e - 1]:<13.4f}" for v in columns.values()) for e in (1, 2, 3)]
    path = tmp_path / "training.log"
    path.write_text("\n".join(lines) + "\n")
    read = read_one(path)
    assert sorted(read.metrics) == sorted(columns)
    for name, values in columns.items():
        assert list(read.metrics[name].steps) == [1.0, 2.0, 3.0]
        assert list(read.metrics[name].values) == [round(v, 4) for v in values]


def test_slashes_between_fields_part_them_and_a_bound_is_no_measure() -> None:
    """AutoRec's `Training // Epoch 0 //  Total cost = ...` (gtshs2/Autorec): `//` parts the fields as ` - ` does;
    `Recall >= 0.95` (a stopping rule met) and a device's index (`部署在 cuda:1`) are no values of the run."""
    line = b"Testing // Epoch 3 //  Total cost = 14163.82  RMSE = 2.45814 Elapsed time : 0 sec"
    fields = [(f.kind, f.name, line[f.start : f.end]) for f in parse_line(line).fields]
    assert fields[:3] == [
        (Kind.EPOCH, "epoch", b"3"),
        (Kind.METRIC, "Testing_Total_cost", b"14163.82"),
        (Kind.METRIC, "Testing_RMSE", b"2.45814"),
    ]
    for line in (b"Early stop! Recall >= 0.95", "教师模型参数已冻结，部署在 cuda:1".encode()):
        assert parse_line(line).metrics == []


def test_a_phase_named_epoch_before_a_comma_is_the_epoch_and_a_bar_line_with_results_stays_on_its_axis(
    tmp_path: Path,
) -> None:
    """BRITS's Python 2 `print '\\r Progress epoch {}, {:.2f}%, average loss {}'.format(...)` (caow13/BRITS): `epoch 0`
    after a word is the epoch, not a metric `Progress_epoch`; the epoch's last redraw, on the line its `AUC` is
    printed on, stays on the axis of the redraws before it (one point per redraw, in order), not on another."""
    fields = parse_line(b" Progress epoch 0, 5.00%, average loss 16.30").fields
    assert [(f.kind, f.name) for f in fields] == [(Kind.EPOCH, "epoch"), (Kind.METRIC, "average_loss")]
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=60)  # a running mean an epoch of 20 batches, as BRITS prints it
    losses, vals = run.metrics["loss"].values, run.metrics["val_loss"].values
    means = [sum(losses[20 * e : 20 * e + k]) / k for e in range(3) for k in range(1, 21)]
    text_ = "".join(
        "".join(f"\r Progress epoch {e}, {k * 5:.2f}%, average loss {means[20 * e + k - 1]}" for k in range(1, 21))
        + f" AUC {1 - vals[min(e, len(vals) - 1)]}\nMAE {vals[min(e, len(vals) - 1)]}\n\n"
        for e in range(3)
    )
    path = tmp_path / "brits.log"
    path.write_text(text_)
    run = read_one(path)
    loss = run.metrics["average_loss"]
    assert list(loss.steps) == [float(i) for i in range(1, 61)] and list(loss.values) == means
    assert len(run.metrics["AUC"]) == 3 and "Progress_epoch" not in run.metrics


def test_an_ultralytics_row_redrawn_at_each_batch_is_a_point_at_its_batch(tmp_path: Path) -> None:
    """Ultralytics' newer console (round76's JI-009): the epoch's row, its running means, redrawn at each batch with a
    rule bar after it (`640: 1% ──────── 1/75 4.1s`, `╸` a cell partly drawn): each redraw a point at the batch the bar
    counts, on one global axis; the validation header's own bar (`mAP50-95): 25% ──── 1/4`) is no value."""
    from tests.tiny_runs import train_tiny

    losses = [round(v, 4) for v in train_tiny(lr=0.05, steps=8).metrics["loss"].values]
    header = "      Epoch    GPU_mem   box_loss   cls_loss   dfl_loss  Instances       Size"
    validating = "                 Class     Images  Instances      Box(P          R      mAP50  mAP50-95): "
    rows = []
    for epoch in (1, 2):
        for batch, loss in enumerate(losses[:4]):
            bar = "━" * batch + "╸" + "─" * (11 - batch)
            cells = f"{epoch}/2      8.37G {loss:>10} {loss * 3:>10.4g} {1.0:>10}         58        640"
            rows.append(f"\r\x1b[K       {cells}: {batch * 25}% {bar} {batch}/4 4.1s")
        rows.append(f"\r\x1b[K{validating}25% ━━━╸──────── 1/4 7.4s/it")
    path = tmp_path / "yolo_train.log"
    path.write_text(header + "\n" + "".join(rows) + "\n")
    run = read_one(path)
    assert list(run.metrics["box_loss"].steps) == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]
    assert list(run.metrics["box_loss"].values) == 2 * losses[:4]
    assert not any(name.startswith("Class") for name in run.metrics)


def test_batches_under_an_epoch_header_go_on_one_axis_and_a_ruled_epoch_block_is_no_sample(tmp_path: Path) -> None:
    """SR-GNN's main.py (a tiny real run of the family casebook, in its console): a rule, `epoch:  0`, then `[0/20]
    Loss: ...` every fifth batch, the epoch's summed loss and its best recall; the lone `[5/20]` is the batch within the
    header's epoch (one global axis, no run appended at each epoch), `Recall@20` before a tab is read once an epoch,
    and the block between rules, all numbers, is no printed sample."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from make_family_casebook import write_srgnn

    from tests.tiny_runs import casebook_run

    run = casebook_run(tmp_path, "srgnn_cripac", "healthy", write=write_srgnn)
    log = next(tmp_path.glob("*.log")).read_text()
    epochs, printed = log.count("epoch:  "), [float(v) for v in re.findall(r"\] Loss: ([0-9.]+)", log)]
    steps = list(run.metrics["Loss"].steps)
    assert list(run.metrics["Loss"].values) == printed
    assert steps == sorted(set(steps)) and steps[-1] >= 20 * (epochs - 1)
    assert len(run.metrics["Recall@20"]) == len(run.metrics["MMR@20"]) == epochs > 1
    assert not run.samples


def test_psmnets_px_error_in_val_is_read_and_its_max_line_is_a_running_record_not_the_curve(tmp_path: Path) -> None:
    """PSMNet's finetune.py (a tiny real run of the family casebook, in its console): `Iter 0 3-px error in val =
    33.984` a batch, `epoch 1 total 3-px error in val = 38.387` an epoch (a number hyphened to a word is a word of the
    name; `in val` names the split), and `MAX epoch 1 total test error = 38.387` printed again after each epoch (the
    script's running extreme: the best's value, its epoch no step, never the curve)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from make_family_casebook import write_psm

    from tests.tiny_runs import casebook_run

    run = casebook_run(tmp_path, "psmnet_jiaren", "healthy", write=write_psm)
    log = next(tmp_path.glob("*.log")).read_text()
    totals = [float(v) for v in re.findall(r"^epoch \d+ total 3-px error in val = ([0-9.]+)$", log, re.M)]
    batches = re.findall(r"^Iter \d+ 3-px error in val = ([0-9.]+)$", log, re.M)
    assert len(totals) > 2 and list(run.metrics["total_3-px_error_in_val"].values) == totals
    assert len(run.metrics["3-px_error_in_val"]) == len(batches)
    assert "total_test_error" not in run.metrics and len(run.metrics["best_total_test_error"]) == len(totals)
    roles = run.role_map()
    assert roles["total_3-px_error_in_val"].split == "val" and not roles["best_total_test_error"].primary


def test_a_table_a_logger_wrote_behind_its_prefix_and_a_callers_field_before_the_message_are_read(
    tmp_path: Path,
) -> None:
    """Python `logging` with `%(asctime)s - %(levelname)s - %(message)s` writing an epoch table (round80's KF-011:
    `Epoch | Loss | Acc` over a rule, a row an epoch), and with `%(asctime)s | %(name)s | %(levelname)s |
    %(filename)s:%(funcName)s:%(lineno)d | %(message)s` writing the CIFAR-10 tutorial's `[1,  2000] loss: 2.190`
    (round80's KF-005): each value read at its epoch and batch, no prefix's number a metric."""
    import logging

    from tests.tiny_runs import train_tiny

    losses = [round(v, 4) for v in train_tiny(lr=0.05, steps=6).metrics["loss"].values]
    formats = {
        "table.log": "%(asctime)s - %(levelname)s - %(message)s",
        "caller.log": "%(asctime)s | %(name)s | %(levelname)s | %(filename)s:%(funcName)s:%(lineno)d | %(message)s",
    }
    for name, fmt in formats.items():
        logger = logging.getLogger(f"test.{name}")
        handler = logging.FileHandler(tmp_path / name)
        handler.setFormatter(logging.Formatter(fmt))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        if name == "table.log":
            logger.info("Epoch    | Loss    | Acc    ")
            logger.info("-" * 30)
            for epoch, loss in enumerate(losses, 1):
                logger.info(f"{epoch:<8} | {loss:<7.4f} | {100 * math.exp(-loss):.2f}%")
        else:
            for batch, loss in enumerate(losses, 1):
                logger.info(f"[1, {2000 * batch:5d}] loss: {loss:.3f}")
        handler.close()
        logger.removeHandler(handler)
    table = read_one(tmp_path / "table.log")
    assert list(table.metrics["Loss"].steps) == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    assert list(table.metrics["Loss"].values) == [float(f"{v:.4f}") for v in losses] and "Acc" in table.metrics
    caller = read_one(tmp_path / "caller.log")
    assert set(caller.metrics) == {"loss"} and list(caller.metrics["loss"].steps)[-1] == 12000.0


def test_keras_learning_rate_callbacks_lines_are_the_rate_they_set_at_that_epoch(tmp_path: Path) -> None:
    """Keras's `ReduceLROnPlateau(verbose=1)` and `LearningRateScheduler(verbose=1)` at an epoch's end (`Epoch 00005:
    ReduceLROnPlateau reducing learning rate to 0.0001.`, keras/callbacks.py's format strings; round80's KE-011,
    KG-004): the rate set, a learning rate at that epoch, beside the epochs' losses."""
    from tests.tiny_runs import train_tiny

    losses = [round(v, 4) for v in train_tiny(lr=0.05, steps=6).metrics["loss"].values]
    lines = []
    for epoch, loss in enumerate(losses, 1):
        lines += [f"Epoch {epoch}/6", f"20/20 - 0s - loss: {loss:.4f}"]
        lines.append(f"\nEpoch {epoch:05d}: LearningRateScheduler setting learning rate to {0.01 / epoch}.")
        if epoch == 4:
            lines.append(f"\nEpoch {epoch:05d}: ReduceLROnPlateau reducing learning rate to 0.00010000000474974513.")
    path = tmp_path / "keras.log"
    path.write_text("\n".join(lines) + "\n")
    run = read_one(path)
    assert list(run.metrics["LearningRateScheduler_learning_rate"].values) == [0.01 / e for e in range(1, 7)]
    assert list(run.metrics["ReduceLROnPlateau_learning_rate"].steps) == [4.0]
    assert run.role_map()["LearningRateScheduler_learning_rate"].role is MetricRole.LEARNING_RATE
    assert list(run.metrics["loss"].values) == [float(f"{v:.4f}") for v in losses]


def test_a_keras_bars_last_redraw_and_its_final_line_apart_a_callbacks_line_between_are_one_point(
    tmp_path: Path,
) -> None:
    """Keras's bar saved with each redraw on its own line and `ModelCheckpoint(verbose=1)` between the epoch's last
    redraw and its final line (round80's KG-009: `156/156 [===] - ETA: 0s - loss: 4.0474`, `Epoch 00001: val_loss
    improved from inf to 2.95862, saving model to ...`, `156/156 [===] - 360s 2s/step - loss: 4.0474 - val_loss:
    ...`), the first epoch's redraw lost, the last epoch cut short after its redraw: the same value printed twice at
    every epoch but those two is one point an epoch."""
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=60)
    losses = [round(v, 4) for v in run.metrics["loss"].values[::10]]
    lines, best = [], math.inf
    for epoch, loss in enumerate(losses, 1):
        val = round(loss * 1.1, 4)
        lines.append(f"Epoch {epoch}/{len(losses) + 1}")
        if epoch > 1:  # the first epoch's redraws were lost with the console's top
            lines.append(f"20/20 [==============================] - ETA: 0s - loss: {loss}")
        lines.append(f"Epoch {epoch:05d}: val_loss improved from {best:.5f} to {val:.5f}, saving model to best.hdf5")
        lines.append(f"20/20 [==============================] - 3s 2ms/step - loss: {loss} - val_loss: {val}")
        best = val
    last = len(losses) + 1
    lines += [f"Epoch {last}/{last}", "20/20 [==============================] - ETA: 0s - loss: 1.5"]
    path = tmp_path / "keras.log"
    path.write_text("\n".join(lines) + "\n")
    read = read_one(path)
    assert list(read.metrics["loss"].values) == [*losses, 1.5]
    assert list(read.metrics["loss"].steps) == [float(e) for e in range(1, len(losses) + 2)]


def test_lightgbms_best_iteration_printed_again_after_early_stopping_is_no_new_point(tmp_path: Path) -> None:
    """LightGBM's `log_evaluation` every 100 rounds (`[100]\\ttrain's auc: 0.844993\\tvalid's auc: 0.855365`), then its
    `early_stopping` callback's `Did not meet early stopping. Best iteration is:` over the best round's line printed
    again (round80's KH-002): the curves end at the last round; the best's line is no point of them."""
    from tests.tiny_runs import train_tiny

    losses = [round(v, 6) for v in train_tiny(lr=0.05, steps=5).metrics["loss"].values]
    rows = [f"[{100 * i}]\ttrain's l2: {v}\tvalid's l2: {round(1.1 * v, 6)}" for i, v in enumerate(losses, 1)]
    best = min(range(len(losses)), key=losses.__getitem__)
    lines = ["Training until validation scores don't improve for 50 rounds", *rows]
    lines.append("Did not meet early stopping. Best iteration is:")
    lines.append(f"[{100 * best + 85}]\ttrain's l2: 0.5\tvalid's l2: 0.4")
    path = tmp_path / "lgbm.log"
    path.write_text("\n".join(lines) + "\n")
    run = read_one(path)
    assert list(run.metrics["train's_l2"].steps) == [100.0, 200.0, 300.0, 400.0, 500.0]
    assert list(run.metrics["train's_l2"].values) == losses and 0.4 not in run.metrics["valid's_l2"].values


def test_a_file_of_bare_numbers_all_one_value_is_a_loss_stuck_there(tmp_path: Path) -> None:
    """numpy's `savetxt` of a loss history that never moved (round81's KI-013: a boosting loop whose stages changed
    nothing, `9.580544340293527057e+03` ten times): the file's numbers are its series, however alike, not an echo."""
    import numpy as np
    import torch

    from tests.tiny_runs import train_step

    torch.manual_seed(0)
    x, y = torch.randn(64, 4), torch.randn(64, 1)
    model = torch.nn.Linear(4, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.0)  # stages that change nothing
    history = [train_step(model, optimizer, x, y) for _ in range(10)]
    path = tmp_path / "loss.txt"
    np.savetxt(path, history)
    series = read_one(path).metrics["loss.txt"]
    assert len(series) == 10 and len(set(series.values)) == 1 and series.values[0] == pytest.approx(history[0])


def test_the_zeros_a_log_truncated_while_written_starts_with_hide_nothing(tmp_path: Path) -> None:
    """A log emptied (`> train.log`) while its writer held it open: the writer's next write lands at its old offset,
    the gap zeros (round81's KI-016: 1,700 NULs before Stable-Baselines3's first table's rule). Its tables read as
    the same file's without them."""
    raw = (SHAPES / "sb3_ppo_table.log").read_bytes()
    path = tmp_path / "training.log"
    path.write_bytes(b"\x00" * 1700 + raw)
    assert points(read_one(path)) == expected("sb3_ppo_table")["metrics"]


def test_python_loggings_dict_of_epoch_and_iteration_with_a_tensor_across_lines_is_read_on_one_axis(
    tmp_path: Path,
) -> None:
    """`logging.info(dict)` of a CTC recogniser's loop (round81's KJ-017): `{'epoch': 0, 'iteration': 3,
    'iteration_loss': ..., 'avg_loss': ..., 'true_y': tensor([...` with the tensor's repr wrapped over lines. The key
    `iteration` is its batch's counter within the epoch, the run's step counted over epochs as a line's `Epoch 0 iter
    3` is; the string after the tensor is no metric."""
    import logging

    import torch

    from tests.tiny_runs import train_tiny

    losses = list(train_tiny(lr=0.05, steps=12).metrics["loss"].values)
    path = tmp_path / "training.log"
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("%(levelname)s:%(name)s:%(message)s"))
    logger = logging.getLogger("kj017")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    torch.manual_seed(0)
    total = 0.0
    for i, loss in enumerate(losses):
        total += loss
        labels = torch.randint(0, 60, (40,))
        record = {"epoch": i // 4, "iteration": i % 4, "iteration_loss": loss, "avg_loss": total / (i + 1)}
        logger.info({**record, "true_y": labels, "int_to_str": "a5-aa0-5"})
    handler.close()
    logger.removeHandler(handler)
    assert "\n  " in path.read_text()  # the tensor's repr wrapped
    run = read_one(path)
    assert list(run.metrics["iteration_loss"].values) == losses
    assert list(run.metrics["iteration_loss"].steps) == [float(step) for step in range(12)]
    assert set(run.metrics) == {"iteration_loss", "avg_loss"}


def test_conllevals_indented_class_lines_are_each_class_values(tmp_path: Path) -> None:
    """conlleval's report as NER scripts log it (round81's KI-012): the overall line, then each entity type indented
    with its precision, recall and FB1 and its count. Each class's values are its own series (`Act_precision`), the
    overall ones one point an evaluation."""
    from tests.tiny_runs import train_tiny

    losses = [round(v, 6) for v in train_tiny(lr=0.05, steps=3).metrics["loss"].values]
    prefix = "2019-05-24 16:00:19,857 - log/train.log - INFO - "
    lines = []
    for step, loss in enumerate(losses, 1):
        score = round(100 / (1 + loss), 2)
        lines += [f"{prefix}iteration:{step} step:0/2, NER loss:{loss:>9.6f}", f"{prefix}evaluate:dev"]
        lines.append(f"{prefix}accuracy:  {score:.2f}%; precision:  {score:.2f}%; recall:  {score:.2f}%; FB1:  {score}")
        for tag, share in (("Act", 0.5), ("Oga", 0.9)):
            cell = f"{share * score:6.2f}"
            lines.append(f"{prefix}              {tag}: precision: {cell}%; recall: {cell}%; FB1: {cell}  161")
    path = tmp_path / "train.log"
    path.write_text("\n".join(lines) + "\n")
    run = read_one(path)
    assert len(run.metrics["dev_precision"]) == 3
    assert {"dev_Act_precision", "dev_Oga_recall", "dev_Oga_FB1"} <= set(run.metrics)
    assert len(run.metrics["dev_Act_precision"]) == 3


def test_a_config_constants_shape_is_a_loss_term_on_a_line_that_measured_values_before_it(tmp_path: Path) -> None:
    """An audio-visual detector's loss and its terms (round81's KI-022: `0/2 MIL Loss: 0.7040, CMA_A2V_A2B: 7.1674,
    CMA_V: 2.0069`): all capitals and underscores as a yacs dump's `BASE_LR: 0.00035` is, but measured beside a loss,
    each a series. A dump's constant alone on its line stays no metric."""
    from tests.tiny_runs import train_tiny

    losses = [round(v, 4) for v in train_tiny(lr=0.05, steps=6).metrics["loss"].values]
    prefix = "2026-03-21 09:18:11,902 INFO "
    lines = [f"{prefix}BASE_LR: 0.00035", f"{prefix}WEIGHT_DECAY: 0.0001"]
    lines += [
        f"{prefix}{i % 3}/2 MIL Loss: {v}, CMA_A2V_A2B: {10 * v:.4f}, CMA_V: {2 * v:.4f}" for i, v in enumerate(losses)
    ]
    path = tmp_path / "training.log"
    path.write_text("\n".join(lines) + "\n")
    run = read_one(path)
    assert list(run.metrics["CMA_A2V_A2B"].values) == [round(10 * v, 4) for v in losses]
    assert not {"BASE_LR", "WEIGHT_DECAY"} & set(run.metrics)


def test_the_best_performance_in_an_epoch_is_a_bests_record_not_a_point_of_the_curve(tmp_path: Path) -> None:
    """`Best Performance in Epoch 25: av_auc:0.8749 | v_auc:0.6783` printed once at the end (round81's KI-022): the
    best's values (`best_av_auc`), the curve ending at its last epoch."""
    from tests.tiny_runs import train_tiny

    losses = [round(v, 4) for v in train_tiny(lr=0.05, steps=6).metrics["loss"].values]
    lines = [f"INFO Epoch {e}/6: av_auc:{1 - v / 4:.4f} | v_auc:{1 - v / 3:.4f}" for e, v in enumerate(losses)]
    lines.append(f"INFO Best Performance in Epoch 2: av_auc:{1 - losses[2] / 4:.4f} | v_auc:{1 - losses[2] / 3:.4f}")
    path = tmp_path / "training.log"
    path.write_text("\n".join(lines) + "\n")
    run = read_one(path)
    assert list(run.metrics["av_auc"].steps) == [float(e) for e in range(6)]
    assert list(run.metrics["best_av_auc"].values) == [round(1 - losses[2] / 4, 4)]


def test_a_names_unit_in_parentheses_is_part_of_it(tmp_path: Path) -> None:
    """KaiyangZhou/pytorch-center-loss's test line, `Accuracy (%): 91.5\\t Error rate (%): 8.5`, after each epoch's
    batches: both read (round 53's families), as `Time (s): 3.2` is."""
    from tests.tiny_runs import train_tiny

    losses = [round(v, 6) for v in train_tiny(lr=0.05, steps=4).metrics["loss"].values]
    lines = []
    for epoch, loss in enumerate(losses, 1):
        accuracy = round(100 / (1 + loss), 4)
        lines += [f"==> Epoch {epoch}/4", f"Batch 20/20\t Loss {loss:.6f} ({loss:.6f})", "==> Test"]
        lines.append(f"Accuracy (%): {accuracy}\t Error rate (%): {round(100 - accuracy, 4)}")
    path = tmp_path / "log.txt"
    path.write_text("\n".join(lines) + "\n")
    run = read_one(path)
    assert list(run.metrics["Accuracy_(%)"].values) == [round(100 / (1 + v), 4) for v in losses]
    assert len(run.metrics["Error_rate_(%)"]) == 4


def test_trainer_dicts_of_runs_appended_count_again_where_a_run_resumed_counts_on(tmp_path: Path) -> None:
    """The Trainer's console dicts of three fine-tunes printed one after another (round81's KI-005: each run's epochs
    start again at its first): each run's dicts are counted from 1 again, its steps going back as an appended run's
    do. A run resumed from a checkpoint whose epoch goes back a little (round75's JK-002: 2.0, then 1.11, its lr
    decaying on) is one run, counted on."""
    from tests.tiny_runs import train_tiny

    losses = [round(v, 4) for v in train_tiny(lr=0.05, steps=6).metrics["loss"].values]

    def dicts(epochs: list[float]) -> list[str]:
        return [str({"loss": v, "learning_rate": 5e-05, "epoch": e}) for v, e in zip(losses, epochs, strict=True)]

    path = tmp_path / "appended.txt"
    path.write_text("\n".join(dicts([26.32, 52.63, 78.95, 26.32, 52.63, 78.95])) + "\n")
    assert list(read_one(path).metrics["loss"].steps) == [1.0, 2.0, 3.0, 1.0, 2.0, 3.0]
    path = tmp_path / "resumed.txt"
    path.write_text("\n".join(dicts([0.2, 0.4, 2.0, 1.11, 1.31, 1.51])) + "\n")
    assert list(read_one(path).metrics["loss"].steps) == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]


def test_a_line_that_says_it_trains_right_under_a_test_heading_is_the_trainings(tmp_path: Path) -> None:
    """xwjabc/hed's train.py prints `Initial test...` (its test's results go to files), then `Training epoch:0/20,
    batch:9/20 current iteration:10, current batch batch_loss:659.57, ...` (round 50's families): the line right under
    the heading says it trains; its values are the training's, not the test's."""
    from tests.tiny_runs import train_tiny

    losses = [round(v, 6) for v in train_tiny(lr=0.05, steps=4).metrics["loss"].values]
    lines = ["Initial test..."]
    for i, loss in enumerate(losses):
        lines.append(
            f"Training epoch:{i // 2}/2, batch:{9 + 10 * (i % 2)}/20 current iteration:{10 * (i + 1)}, current batch "
            f"batch_loss:{loss}, epoch average batch_loss:{loss}, learning rate list:[0.01]."
        )
    path = tmp_path / "log.txt"
    path.write_text("\n".join(lines) + "\n")
    run = read_one(path)
    assert list(run.metrics["current_batch_batch_loss"].values) == losses
    assert not [name for name in run.metrics if name.startswith("test")]


def test_lines_of_python_lists_led_by_the_epoch_and_the_step_within_it_are_an_indexed_table(tmp_path: Path) -> None:
    """A loop that prints `[epoch, step, loss, running accuracy]` each step of a real tiny run (round88's KX-021, a car
    classifier's `log.txt`): the loss is the file's unnamed series and the accuracy its column 4, on one global axis
    across the epochs (the step counter restarts each epoch); refused as holding no metric line until round 57."""
    from tests.tiny_runs import four_way_steps

    per_epoch = 20
    measured = four_way_steps(3 * per_epoch)
    rows = [[i // per_epoch, i % per_epoch, loss, right] for i, (loss, right, _, _) in enumerate(measured)]
    (tmp_path / "log.txt").write_text("".join(f"{row}\n" for row in rows))
    read = read_one(tmp_path / "log.txt")
    assert list(read.metrics) == ["log.txt", "log.txt column 4"]
    assert list(read.metrics["log.txt"].values) == [row[2] for row in rows]
    assert list(read.metrics["log.txt column 4"].values) == [row[3] for row in rows]
    steps = list(read.metrics["log.txt"].steps)
    assert len(set(steps)) == len(rows) and steps == sorted(steps)  # one axis, never back to 0 at an epoch


def test_a_column_of_nan_from_the_first_epoch_is_the_files_series_not_an_unreadable_file(tmp_path: Path) -> None:
    """`np.savetxt("training_loss.txt", history.history["loss"])` of a run whose hand-written loss took log(0) at its
    first step (round88's KW-019, a mixture density network NaN at every epoch): ten `nan` lines are the file's series,
    judged non-finite from the start; refused as holding no metric line until round 57."""
    import numpy as np
    import torch

    from server.core.diagnosis.engine import diagnose

    torch.manual_seed(0)
    x, y = torch.randn(64, 8), torch.randint(0, 4, (64,))
    model = torch.nn.Linear(8, 4)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    losses = []
    for _ in range(10):
        probabilities = torch.softmax(1e4 * model(x), dim=1)  # saturated: the other classes' are exactly 0
        loss = -torch.log(probabilities[torch.arange(64), y]).mean()  # log(0) by hand
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    assert not np.isfinite(losses).any()
    np.savetxt(tmp_path / "training_loss.txt", losses)
    read = read_one(tmp_path / "training_loss.txt")
    assert list(read.metrics) == ["training_loss.txt"]
    assert len(read.metrics["training_loss.txt"]) == 10
    assert not np.isfinite(np.array(read.metrics["training_loss.txt"].values)).any()
    assert diagnose([read]).root_causes[0].id == "numerical_instability"


def test_rows_of_a_counter_out_of_its_total_then_values_are_read_on_that_counter(tmp_path: Path) -> None:
    """`print(f"preset({k})\\t{epoch:04d}/{epochs:04d}  {cost:.9f}  {val_acc}")` over real tiny runs at two presets
    (round86's KT-016, 37 MNIST presets appended): each row's counter is the step and its values the file's unnamed
    series and its column 3; the next preset counts from 1 again. Refused as holding no metric line until round 57."""
    from tests.tiny_runs import four_way_steps

    lines, expected_loss = [], []
    for preset, steps in ((1, 12), (2, 8)):
        measured = four_way_steps(steps)
        for epoch, (loss, _, _, held_out_right) in enumerate(measured, 1):
            lines.append(f"preset({preset})\t{epoch:04d}/{steps:04d}  {loss:.9f}  {held_out_right}")
            expected_loss.append((epoch, float(f"{loss:.9f}")))
    (tmp_path / "training_log.txt").write_text("1600582437\n" + "\n".join(lines) + "\n")
    read = read_one(tmp_path / "training_log.txt")
    assert list(read.metrics) == ["training_log.txt", "training_log.txt column 3"]
    loss = read.metrics["training_log.txt"]
    assert list(zip(loss.steps, loss.values, strict=True)) == expected_loss


def test_a_bars_postfix_drawn_again_after_its_update_is_one_point_per_value(tmp_path: Path) -> None:
    """`pbar.set_postfix(loss=...)` then `pbar.update(1)` each step of a real tiny run, through real tqdm, its redraws
    each on a line of its own as PowerShell's `| tee` writes them, in UTF-16 (round90's LB-017): each loss is drawn
    at its step and again at the next one's counter; read once each (twice each until round 58), the last
    at the bar's total."""
    import io

    from tqdm import tqdm

    from tests.tiny_runs import four_way_steps

    measured = four_way_steps(40)
    drawn = io.StringIO()
    with tqdm(total=len(measured), desc="Train", file=drawn, mininterval=0, miniters=1, ascii=True) as bar:
        for loss, *_ in measured:
            bar.set_postfix(loss=f"{loss:.4f}")
            bar.update(1)
    console = drawn.getvalue().replace("\r", "\r\n")
    (tmp_path / "training_log.txt").write_text(console, encoding="utf-16")
    loss = read_one(tmp_path / "training_log.txt").metrics["loss"]
    assert list(loss.values)[: len(measured)] == [float(f"{value:.4f}") for value, *_ in measured]
    assert len(loss) <= len(measured) + 1  # the last value shown again at the bar's total, when it closes
    assert loss.steps[-1] == len(measured)


def test_a_measures_name_in_capitals_is_a_metric_a_settings_is_not(tmp_path: Path) -> None:
    """An evaluation block every 5 epochs of a real tiny run, `AUC_ROC_SCORE: 0.86` in capitals (round90's LA-018, a
    U-Net's), after a yacs-style dump of its settings (`BASE_LR: 0.05`, `SCORE_THRESH_TEST: 0.05`,
    `LOSS_WEIGHT: 1.0`): the measures are series, the settings none (no measure was read before round 58)."""
    import torch
    from sklearn.metrics import average_precision_score, roc_auc_score

    from tests.tiny_runs import four_way_linear, train_step

    x, y, model = four_way_linear(256)
    positive = (y == 0).long()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    lines = ["BASE_LR: 0.05", "SCORE_THRESH_TEST: 0.05", "LOSS_WEIGHT: 1.0", "MAX_ITER: 20", ""]
    expected = []
    for epoch in range(1, 21):
        train_step(model, optimizer, x[:192], y[:192], torch.nn.functional.cross_entropy)
        if epoch % 5 == 0:
            with torch.no_grad():
                score = torch.softmax(model(x[192:]), 1)[:, 0].numpy()
            auc = roc_auc_score(positive[192:].numpy(), score)
            expected.append(auc)
            ap = average_precision_score(positive[192:].numpy(), score)
            lines += [f"epoch: {epoch}", f"AUC_ROC_SCORE: {auc}", f"AUC_PR_SCORE: {ap}", ""]
    (tmp_path / "unet.log").write_text("\n".join(lines))
    read = read_one(tmp_path / "unet.log")
    assert sorted(read.metrics) == ["AUC_PR_SCORE", "AUC_ROC_SCORE"]
    assert list(read.metrics["AUC_ROC_SCORE"].values) == pytest.approx(expected)
    assert list(read.metrics["AUC_ROC_SCORE"].steps) == [5, 10, 15, 20]


def test_a_key_after_the_percent_sign_of_the_value_before_it_is_read(tmp_path: Path) -> None:
    """`print(f"epoch = {e:4d}   accuracy = {acc:.2f} %   loss = {loss:.4f}")` over a real tiny run (round90's LB-020):
    the loss after the accuracy's ` %` is a series too (only the accuracy was read until round 58)."""
    from tests.tiny_runs import four_way_steps

    measured = four_way_steps(30)
    lines = [f"epoch = {e:4d}   accuracy = {100 * right:.2f} %   loss = {loss:.4f}" for e, (loss, right, *_) in
             enumerate(measured)]  # fmt: skip
    (tmp_path / "bigboy_training.txt").write_text("\n".join(lines) + "\n")
    read = read_one(tmp_path / "bigboy_training.txt")
    assert list(read.metrics["loss"].values) == [float(f"{loss:.4f}") for loss, *_ in measured]
    assert len(read.metrics["accuracy"]) == len(measured)


def test_a_count_right_printed_as_a_tensor_over_its_total_is_read_as_its_share(tmp_path: Path) -> None:
    """`print(f"Epoch: {epoch:02d} | Testing Accuracy: {correct}/{n} ({100. * correct / n:.3f}%)")` with `correct` a
    tensor never taken `.item()` (xuyxu/Soft-Decision-Tree, round 61's family), over a real tiny run: the accuracy is
    the share in parentheses, as for a plain count (the tensor's count, 174 for 16.99%, was read until round 58)."""
    import torch

    from tests.tiny_runs import four_way_linear, train_step

    x, y, model = four_way_linear(512)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    lines, shares = [], []
    for epoch in range(8):
        train_step(model, optimizer, x[:384], y[:384], torch.nn.functional.cross_entropy)
        with torch.no_grad():
            correct = (model(x[384:]).argmax(1) == y[384:]).float().sum()  # a tensor: `tensor(97.)`
        assert str(correct).startswith("tensor(")
        shares.append(round(100.0 * correct.item() / 128, 3))
        lines.append(f"Epoch: {epoch:02d} | Testing Accuracy: {correct}/128 ({100.0 * correct / 128:.3f}%)")
    (tmp_path / "sdt.log").write_text("\n".join(lines) + "\n")
    accuracy = read_one(tmp_path / "sdt.log").metrics["Testing_Accuracy"]
    assert list(accuracy.values) == shares


def test_fields_a_slash_apart_are_read_each_by_its_name(tmp_path: Path) -> None:
    """DeepLearningFlappyBird's dqn.py prints `TIMESTEP 2500000 / STATE observe / ACTION 0.0 / EPSILON ... / REWARD 0.1
    / Q_MAX 0.0` per step (round91's LC-015: no metric line found until round 59). A real tiny Q-learning loop on a
    two-armed coin game prints its steps so: each value is read under the name before it, a slash between fields, and
    the state's word is no value."""
    import random

    import torch

    torch.manual_seed(0)
    rng = random.Random(0)
    q = torch.nn.Linear(2, 2)
    optimizer = torch.optim.SGD(q.parameters(), lr=0.1)
    lines = []
    for t in range(1, 121):
        coin, epsilon = rng.randrange(2), max(0.05, 1 - t / 100)
        state = torch.eye(2)[coin]
        values = q(state)
        action = rng.randrange(2) if rng.random() < epsilon else int(values.argmax())
        reward = 1.0 if action == coin else -1.0
        loss = (values[action] - reward) ** 2
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        phase = "explore" if epsilon > 0.05 else "train"
        lines.append(
            f"TIMESTEP {t} / STATE {phase} / EPSILON {epsilon} / ACTION {action} / REWARD {reward} / "
            f"Q_MAX {float(values.max().detach()):e}"
        )
    (tmp_path / "dqn.log").write_text("\n".join(lines) + "\n")
    run = read_logs(Workspace.of([tmp_path]), ["dqn.log"]).runs[0]
    assert {"REWARD", "Q_MAX"} <= set(run.metrics) and "STATE" not in run.metrics
    assert list(run.metrics["REWARD"].steps) == list(range(1, 121))
    assert run.metrics["Q_MAX"].values[-1] == float(lines[-1].rsplit(" ", 1)[1])
    counter = parse_line(b"Epoch 3 / 10 loss 0.5").fields[0]
    assert counter.kind is Kind.EPOCH and counter.total is not None  # a counter's total stays its total


def test_mean_teachers_class_loss_is_read_beside_its_running_mean(tmp_path: Path) -> None:
    """CuriousAI/mean-teacher's main.py logs `Class 0.1866 (0.1866)` (its class loss's meter, then the mean so far)
    beside `Cons`: a decimal after `Class` is a measure; `Class 3` alone stays a class's index, no metric (round 62's
    family: the class loss went unread until round 59)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from make_family_casebook import write_meanteacher

    from tests.tiny_runs import casebook_run

    run = casebook_run(tmp_path, "meanteacher_curiousai", "healthy", write=write_meanteacher)
    assert "\tClass " in next(tmp_path.glob("*.log")).read_text() and {"Class", "Cons"} <= set(run.metrics)
    assert run.metrics["Class"].values[-1] < run.metrics["Class"].values[0]
    assert "Class" not in [f.name for f in parse_line(b"Class 3 count: 12").fields if f.kind is Kind.METRIC]


def test_a_twelve_hour_clocks_am_or_pm_is_part_of_the_logging_prefix(tmp_path: Path) -> None:
    """Python logging with `datefmt='%m/%d/%Y %I:%M:%S %p'` and a format opening `[%(levelname)s %(asctime)s `
    (round91's LC-010: `[INFO 12/08/2022 01:36:38 AM Mean loss 864.39`, read as `AM_Mean_loss` and `PM_Mean_loss`
    until round 59).
    A real tiny regression logs its mean loss so through the logging module itself: one series, named as printed."""
    import logging

    import torch

    from tests.tiny_runs import train_step

    torch.manual_seed(0)
    model = torch.nn.Linear(4, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    logger = logging.getLogger("yolo_tiny")
    handler = logging.FileHandler(tmp_path / "train.log")
    handler.setFormatter(logging.Formatter("[%(levelname)s %(asctime)s %(message)s", datefmt="%m/%d/%Y %I:%M:%S %p"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    for _ in range(30):
        x = torch.randn(32, 4)
        logger.info("Mean loss %s", train_step(model, optimizer, x, x.sum(1, keepdim=True)))
    logger.removeHandler(handler)
    handler.close()
    run = read_logs(Workspace.of([tmp_path]), ["train.log"]).runs[0]
    assert list(run.metrics) == ["Mean_loss"] and len(run.metrics["Mean_loss"]) == 30


def test_flowers_history_summary_is_read_per_round(tmp_path: Path) -> None:
    """Flower's simulation logs its `History` at the end of a run, a line of `str(history)` per log line: `History
    (loss, distributed):` over `\\tround 1: 912.36`, then a pprint of `{'accuracy': [(1, 0.0166), ...]}` over as many
    lines (round91's LD-014, eight simulations' summaries: nothing of their losses was read until round 59). A real
    tiny federated run (two clients' linear models averaged each round, as FedAvg does) records its evaluation in
    Flower's own `History` and logs it through Flower's logger as its `run_fl` does: each loss and measure per round."""
    import io
    import logging

    import torch
    from flwr.common.logger import log
    from flwr.server.history import History

    from tests.tiny_runs import train_step

    torch.manual_seed(0)
    shards = [torch.randn(64, 4) + shift for shift in (-0.5, 0.5)]
    labels = [(x.sum(1) > 0).long() for x in shards]
    model, history = torch.nn.Linear(4, 2), History()
    for server_round in range(1, 9):
        states = []
        for x, y in zip(shards, labels, strict=True):
            local = torch.nn.Linear(4, 2)
            local.load_state_dict(model.state_dict())
            optimizer = torch.optim.SGD(local.parameters(), lr=0.1)
            for _ in range(5):
                train_step(local, optimizer, x, y, torch.nn.functional.cross_entropy)
            states.append(local.state_dict())
        model.load_state_dict({key: sum(state[key] for state in states) / 2 for key in states[0]})
        with torch.no_grad():
            pairs = list(zip(shards, labels, strict=True))
            losses = [torch.nn.functional.cross_entropy(model(x), y).item() for x, y in pairs]
            right = [(model(x).argmax(1) == y).float().mean().item() for x, y in pairs]
        history.add_loss_distributed(server_round, sum(losses) / 2)
        history.add_metrics_distributed(server_round, {"accuracy": sum(right) / 2, "f1": sum(right) / 2 - 0.01})
    logger = logging.getLogger("flwr")
    handler = logging.FileHandler(tmp_path / "metrics.txt")
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    log(logging.INFO, "[SUMMARY]")
    for line in io.StringIO(str(history)):  # flwr.server.server.run_fl's own loop
        log(logging.INFO, "\t%s", line.strip("\n"))
    logger.removeHandler(handler)
    handler.close()
    run = read_logs(Workspace.of([tmp_path]), ["metrics.txt"]).runs[0]
    assert list(run.metrics["loss_distributed"].steps) == list(range(1, 9)) == list(run.metrics["accuracy"].steps)
    assert list(run.metrics["loss_distributed"].values) == [loss for _, loss in history.losses_distributed]
    assert list(run.metrics["f1"].values) == [value for _, value in history.metrics_distributed["f1"]]
