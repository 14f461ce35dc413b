"""`read_training_log` through an in-memory MCP client, and the `read` CLI command in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import anyio
import pytest
from mcp import Client

from tests.conftest import FIXTURES, REPO

pytestmark = pytest.mark.anyio

DIVERGING = REPO / "examples" / "diverging" / "train.log"
TENSORBOARD_FILE = "events.out.tfevents.1795674395.vm.18935.0"


async def read(client: Client, paths: str | list[str], **extra: object):
    with anyio.fail_after(30):
        return await client.call_tool("read_training_log", {"paths": paths, **extra})


def error_text(result) -> str:
    assert result.is_error
    return result.content[0].text


async def test_the_diverging_example_reads_with_its_nan_counts_and_warnings(repo_client: Client) -> None:
    result = await read(repo_client, "examples/diverging/train.log")
    assert not result.is_error
    (run,) = result.structured_content["runs"]
    logged = json.loads(DIVERGING.with_suffix(".expected.json").read_text())
    loss = logged["metrics"]["loss"]
    finite = [v for _, v in loss if v == v]
    assert run["format"] == "text"
    assert run["metrics"]["loss"]["count"] == len(loss)
    assert run["metrics"]["loss"]["nan_count"] == len(loss) - len(finite)
    assert run["metrics"]["loss"]["first"] == loss[0][1]
    assert run["metrics"]["loss"]["last"] == "nan"
    assert run["metrics"]["loss"]["max"] == max(finite)
    assert [e["line"] for e in run["events"]] == logged["nonfinite_warning_lines"][:20]
    assert run["events_total"] == len(logged["nonfinite_warning_lines"])
    assert len(json.dumps(result.structured_content)) < 16_000


async def test_runs_in_every_text_shape_read_through_the_tool(repo_client: Client) -> None:
    names = ["pipe.log", "kv.log", "nanogpt.log", "keras.log", "hf.log", "crash.log"]
    result = await read(repo_client, [f"tests/fixtures/text/{name}" for name in names], metrics=["loss"])
    runs = result.structured_content["runs"]
    assert [run["source"].rsplit("/", 1)[1] for run in runs] == names
    assert all(list(run["metrics"]) == ["loss"] for run in runs)


BAD_INPUTS = {
    "missing.log": ("does not exist", None),
    "empty.log": ("is empty", b""),
    "binary.bin": ("is a binary file", bytes(range(256)) * 64),
    "garbage.log": ("is a binary file", b"\xff\xfe\x80\x81\xc3" * 4000),
    "cut.jsonl": ("no line is a JSON object", b'{"step": 1, "loss": 0.5, "lr": 0.0'),
    "long.log": ("line 1 is longer than 1 MiB", b"x" * (10 << 20)),
    "deep.jsonl": ("line 1 is not a JSON object (nested too deeply to parse)", b'{"a":' * 50_000),
    "trainer_state.json": (
        "trainer_state.json is JSON nested too deeply to parse",
        b'{"log_history": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
    ),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
async def test_a_bad_file_gives_a_tool_error_that_says_what_to_do_and_the_next_call_works(
    client: Client, workspace_dir: Path, name: str
) -> None:
    expected, content = BAD_INPUTS[name]
    if content is not None:
        (workspace_dir / name).write_bytes(content)
    shutil.copy(FIXTURES / "text" / "pipe.log", workspace_dir / "good.log")
    assert expected in error_text(await read(client, name))
    assert not (await read(client, "good.log")).is_error


async def test_paths_outside_the_workspace_are_refused_symlinks_included(
    client: Client, workspace_dir: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.log"
    shutil.copy(FIXTURES / "text" / "pipe.log", outside)
    (workspace_dir / "link.log").symlink_to(outside)
    for path in (str(outside), "link.log", "../outside.log"):
        assert "outside the workspace" in error_text(await read(client, path))
    shutil.copy(FIXTURES / "text" / "pipe.log", workspace_dir / "good.log")
    assert not (await read(client, "good.log")).is_error


async def test_a_named_pipe_is_refused_without_hanging(client: Client, workspace_dir: Path) -> None:
    os.mkfifo(workspace_dir / "pipe.log")
    assert "is a named pipe" in error_text(await read(client, "pipe.log"))


async def test_a_folder_with_no_runs_is_refused_with_what_was_looked_for(client: Client, workspace_dir: Path) -> None:
    (workspace_dir / "run").mkdir()
    assert "run holds no run" in error_text(await read(client, "run"))


async def test_a_log_with_a_few_undecodable_bytes_is_still_read(client: Client, workspace_dir: Path) -> None:
    lines = (FIXTURES / "text" / "pipe.log").read_bytes().splitlines(keepends=True)
    lines.insert(2, b"data shard \xff\xfe\xc3 opened\n")
    (workspace_dir / "train.log").write_bytes(b"".join(lines))
    result = await read(client, "train.log")
    logged = json.loads((FIXTURES / "text" / "pipe.expected.json").read_text())
    assert result.structured_content["runs"][0]["metrics"]["loss"]["count"] == len(logged["metrics"]["loss"])


async def test_one_malformed_json_line_is_an_event_and_the_rest_is_read(client: Client, workspace_dir: Path) -> None:
    lines = (REPO / "examples" / "jsonl" / "metrics.jsonl").read_text().splitlines()
    lines.insert(5, '{"step": 23, "train": {"loss": ')
    (workspace_dir / "m.jsonl").write_text("\n".join(lines) + "\n")
    (run,) = (await read(client, "m.jsonl")).structured_content["runs"]
    assert run["metrics"]["train/loss"]["count"] == len(lines) - 1
    assert [(e["line"], e["level"]) for e in run["events"]] == [(6, "warning")]


async def test_an_unknown_format_name_is_refused_with_the_list(client: Client, workspace_dir: Path) -> None:
    shutil.copy(FIXTURES / "text" / "pipe.log", workspace_dir / "good.log")
    assert "use 'auto' or one of: text, jsonl" in error_text(await read(client, "good.log", format="yaml"))


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server", "read", *args], cwd=REPO, capture_output=True, text=True, timeout=60
    )


def test_the_read_command_prints_the_summary_for_a_person() -> None:
    done = run_cli("examples/healthy/train.log")
    assert done.returncode == 0, done.stderr
    loss = json.loads((REPO / "examples" / "healthy" / "train.expected.json").read_text())["metrics"]["loss"]
    steps = f"steps {loss[0][0]}..{loss[-1][0]}, {len(loss)} distinct"
    assert done.stdout.startswith(f"examples/healthy/train.log (text): {steps}")
    assert "\n  loss " in done.stdout


def test_the_read_command_on_a_bad_path_exits_2_with_the_reason() -> None:
    done = run_cli("examples/nope.log")
    assert done.returncode == 2
    assert "examples/nope.log does not exist" in done.stderr


async def test_every_format_names_its_files_relative_to_the_workspace(repo_client: Client) -> None:
    tools = "tests/fixtures/tools"
    paths = [
        "tests/fixtures/text/pipe.log",
        "examples/jsonl/metrics.jsonl",
        f"{tools}/lightning",
        f"{tools}/hf_trainer",
        f"{tools}/tensorboard/healthy",
        f"{tools}/mlflow/mlflow.db",
    ]
    result = await read(repo_client, paths, metrics=["loss"])
    files = [(run["format"], run["files"]) for run in result.structured_content["runs"]]
    mlflow_runs = len(files) - 5
    assert files == [
        ("text", ["tests/fixtures/text/pipe.log"]),
        ("jsonl", ["examples/jsonl/metrics.jsonl"]),
        ("csv", [f"{tools}/lightning/lightning_logs/version_0/metrics.csv"]),
        ("trainer_state", [f"{tools}/hf_trainer/trainer_state.json"]),
        ("tensorboard", [f"{tools}/tensorboard/healthy/{TENSORBOARD_FILE}"]),
        *[("mlflow", [f"{tools}/mlflow/mlflow.db"])] * mlflow_runs,
    ]
    assert mlflow_runs == 2


async def test_every_metric_carries_its_role_and_each_run_names_the_series_judged(repo_client: Client) -> None:
    result = await read(repo_client, ["tests/fixtures/text/hf.log", "tests/fixtures/text/nanogpt.log"])
    hf, nanogpt = result.structured_content["runs"]
    assert hf["judged"] == {
        "train_loss": "loss",
        "grad_norm": "grad_norm",
        "learning_rate": "learning_rate",
        "val_loss": "eval_loss",
    }
    assert {name: m["role"] for name, m in hf["metrics"].items()} == {
        "loss": "train_loss",
        "grad_norm": "grad_norm",
        "learning_rate": "learning_rate",
        "eval_loss": "val_loss",
        "eval_runtime": "progress",
        "eval_samples_per_second": "progress",
        "eval_steps_per_second": "progress",
        "train_runtime": "progress",
        "train_samples_per_second": "progress",
        "train_steps_per_second": "progress",
        "train_loss": "loss_component",
    }
    assert "whole training loss" in hf["metrics"]["loss"]["role_reason"]
    assert hf["axes"]["epoch"].endswith("-> 3")  # the Trainer's epoch counter: an axis, not a metric
    # nanoGPT: the per-iteration loss is judged; the evaluation's train loss is another view of it
    assert nanogpt["judged"]["train_loss"] == "loss" and nanogpt["judged"]["val_loss"] == "val_loss"
    assert nanogpt["metrics"]["train_loss"]["role"] == "loss_component"


async def test_loss_metric_names_the_series_judged_and_an_unknown_one_is_refused(repo_client: Client) -> None:
    result = await read(repo_client, "tests/fixtures/text/nanogpt.log", loss_metric="train_loss")
    (run,) = result.structured_content["runs"]
    assert run["judged"]["train_loss"] == "train_loss"
    assert run["metrics"]["train_loss"]["role_reason"] == "'train_loss' was named as the training loss (loss_metric)"
    refused = await read(repo_client, "tests/fixtures/text/nanogpt.log", loss_metric="recon_loss")
    assert "loss_metric 'recon_loss' is not a metric of these runs; they log: " in error_text(refused)
