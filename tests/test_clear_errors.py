"""Clear errors (issue 11 item 14), through the MCP client: each bad input says what is wrong and what to do,
instead of a bare "Error executing tool X"; a run that logged nothing yet says so in every format."""

from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client

from server.core.logs.model import NO_METRICS_YET
from tests.conftest import FIXTURES, REPO
from tests.test_tool_formats import write_events

pytestmark = pytest.mark.anyio

TOOLS = FIXTURES / "tools"


async def error_of(client: Client, tool: str, arguments: dict[str, Any]) -> str:
    with anyio.fail_after(120):
        result = await client.call_tool(tool, arguments)
    assert result.is_error, result.structured_content
    text = result.content[0].text
    prefix = f"Error executing tool {tool}: "
    assert text.startswith(prefix) and len(text) > len(prefix) + 20, text  # never the bare message alone
    return text.removeprefix(prefix)


@pytest.fixture
def log(workspace_dir: Path) -> Path:
    shutil.copy(REPO / "examples" / "diverging" / "train.log", workspace_dir / "train.log")
    return workspace_dir / "train.log"


async def test_a_symbolic_link_loop_is_named_as_one(client: Client, workspace_dir: Path) -> None:
    (workspace_dir / "loop").symlink_to("loop")
    assert await error_of(client, "read_training_log", {"paths": "loop"}) == (
        f"{workspace_dir / 'loop'!s} is a symbolic link loop (it leads back to itself); pass the real file or "
        "folder, or fix the link"
    )


@pytest.mark.parametrize("name", ["garbage.csv", "garbage.tsv"])
async def test_garbage_named_csv_or_tsv_is_called_binary(client: Client, workspace_dir: Path, name: str) -> None:
    (workspace_dir / name).write_bytes(bytes(range(256)) * 12)  # every byte value, CR and NUL included
    assert await error_of(client, "read_training_log", {"paths": name}) == (
        f"{name} is a binary file, not a training log this server reads; pass a text log, JSONL, CSV, "
        "trainer_state.json, a TensorBoard event file or an MLflow store"
    )


async def test_code_nested_too_deeply_to_parse_is_refused_with_what_to_pass(client: Client, log: Path) -> None:
    (log.parent / "deep.py").write_text("x = " + "-" * 200_000 + "1\n")
    assert await error_of(client, "diagnose_training", {"logs": "train.log", "code": "deep.py"}) == (
        "cannot scan deep.py: its code is nested too deeply for Python's parser; pass the .py file holding the "
        "training loop"
    )


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("deep.json", '{"lr": ' + "[" * 100_000 + "]" * 100_000 + "}", "it is nested too deeply"),
        ("deep.toml", "lr = " + "[" * 100_000 + "]" * 100_000 + "\n", "it is nested too deeply"),
        ("deep.yaml", "lr: " + "[" * 5000 + "]" * 5000 + "\n", "(it is nested too deeply to parse)"),
    ],
)
async def test_a_config_nested_too_deeply_is_refused(
    client: Client, log: Path, name: str, text: str, expected: str
) -> None:
    (log.parent / name).write_text(text)
    message = await error_of(client, "diagnose_training", {"logs": "train.log", "config": name})
    assert message.startswith(f"cannot parse {name}")
    assert expected in message


async def test_a_yaml_config_that_is_not_utf8_says_so(client: Client, log: Path) -> None:
    (log.parent / "config.yaml").write_bytes("lr: 0.1\nrun_name: caf\u00e9\n".encode("latin-1"))
    assert await error_of(client, "diagnose_training", {"logs": "train.log", "config": "config.yaml"}) == (
        "config.yaml is not UTF-8 text (invalid continuation byte at byte 21); save it as UTF-8 or pass the config "
        "file the training reads"
    )


def safetensors(path: Path, header: bytes, data: bytes = b"\0" * 16) -> str:
    path.write_bytes(struct.pack("<Q", len(header)) + header + data)
    return path.name


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (b'{"w": {"dtype": "F32", "shape": "2x2", "data_offsets": [0, 16]}}', ": tensor 'w' has a malformed entry"),
        (b'{"w": {"dtype": "F32", "shape": [1e400], "data_offsets": [0, 16]}}', ": tensor 'w' has a malformed entry"),
        (b'{"w": {"dtype": "F32", "shape": [4], "data_offsets": [16, 0]}}', ": tensor 'w' has a malformed entry"),
        (b"[" * 100_000, " has a safetensors header nested too deeply"),
    ],
)
async def test_bad_safetensors_headers_are_refused_before_any_child_runs(
    client: Client, workspace_dir: Path, header: bytes, expected: str
) -> None:
    name = safetensors(workspace_dir / "model.safetensors", header)
    message = await error_of(client, "inspect_model", {"checkpoint": name})
    assert message.startswith(f"model.safetensors{expected}")
    assert message.endswith("; pass a .safetensors file written by the safetensors library")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("garbage", "the inspection worker's answer is not valid JSON (Expecting value: line 1 column 1 (char 0))"),
        ("[]", "the inspection worker's answer is a JSON list, not an object"),
        ('{"source": "x"}', "the inspection worker's answer is malformed (KeyError: 'total_params')"),
        ('{"error": "boom"}', "the inspection worker's answer holds a malformed error (boom)"),
    ],
)
async def test_a_worker_answer_written_over_by_the_models_code_is_a_clear_error(
    client: Client, workspace_dir: Path, written: str, expected: str
) -> None:
    (workspace_dir / "overwrites.py").write_text(
        "import atexit, sys\n"
        "import torch\n\n\n"
        "def build():\n"
        f"    atexit.register(lambda: open(sys.argv[2], 'w').write({written!r}))  # after the worker's answer\n"
        "    return torch.nn.Linear(2, 3)\n"
    )
    message = await error_of(client, "inspect_model", {"model": "overwrites.py:build"})
    assert message.startswith(expected)
    assert message.endswith("Run the inspection again; if it repeats, inspect the checkpoint alone")


@pytest.mark.parametrize("argv", [["python", "train\x00.py"], ["pyth\x00on", "train.py"]])
async def test_a_nul_in_the_command_is_refused_with_what_to_do(client: Client, argv: list[str]) -> None:
    message = await error_of(client, "run_quick_test", {"command": argv})
    assert message.endswith("holds a NUL character, which no program can receive; remove it from the command")


def header_only_csv(folder: Path) -> str:
    real = (TOOLS / "lightning" / "lightning_logs" / "version_0" / "metrics.csv").read_text()
    (folder / "metrics.csv").write_text(real.splitlines()[0] + "\n")  # Lightning's header, before any row
    return "metrics.csv"


def jsonl_without_numbers(folder: Path) -> str:
    (folder / "events.jsonl").write_text(json.dumps({"event": "start", "run": "baseline"}) + "\n")
    return "events.jsonl"


def trainer_state_at_start(folder: Path) -> str:
    state = json.loads((TOOLS / "hf_trainer" / "trainer_state.json").read_text())
    state.update(log_history=[], global_step=0)  # what the Trainer saves before its first log
    (folder / "trainer_state.json").write_text(json.dumps(state))
    return "trainer_state.json"


def event_file_without_scalars(folder: Path) -> str:
    return write_events(folder / "events.out.tfevents.1.host", [[]]).name


@pytest.mark.parametrize(
    ("make", "held"),
    [
        (header_only_csv, "only its header row"),
        (jsonl_without_numbers, "1 records, none with a numeric field"),
        (trainer_state_at_start, "log_history holds 0 entries, none with a number"),
        (event_file_without_scalars, "no scalar summary; images, histograms, graphs and text are not read"),
    ],
)
async def test_a_run_that_logged_nothing_yet_says_so_in_every_format(
    client: Client, workspace_dir: Path, make: Any, held: str
) -> None:
    name = make(workspace_dir)
    assert await error_of(client, "read_training_log", {"paths": name}) == (
        f"{name}: {NO_METRICS_YET} ({held}). Read it again once training has logged, or pass the log that has"
    )
