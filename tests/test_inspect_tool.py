"""`inspect_model` through the MCP client: real child processes on the tiny models of tests/fixtures/models."""

from __future__ import annotations

import os
import shutil
import sys
import threading
from pathlib import Path
from typing import Any

import anyio
import pytest
import torch
from mcp import Client

from server.core.errors import UserError
from server.core.inspect import InspectRequest, inspect_model, run, worker
from server.tools._annotations import RUNS_USER_CODE
from tests.helpers import gone

MODELS = Path(__file__).resolve().parent / "fixtures" / "models"

pytestmark = pytest.mark.anyio


class Evil:
    """Unpickling this would create a marker file: a stand-in for a malicious checkpoint."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (open, (str(self.marker), "w"))


@pytest.fixture
def models(workspace_dir: Path) -> Path:
    """The model zoo and the trained checkpoints, copied into the workspace."""
    folder = workspace_dir / "models"
    shutil.copytree(MODELS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


async def inspect(client: Client, **arguments: Any) -> dict[str, Any]:
    result = await client.call_tool("inspect_model", arguments)
    assert not result.is_error, result.content[0].text
    return result.structured_content


async def inspect_error(client: Client, **arguments: Any) -> str:
    result = await client.call_tool("inspect_model", arguments)
    assert result.is_error
    return result.content[0].text


def ids(report: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f["id"], f["module"]) for f in report["findings"]]


async def test_the_tool_is_annotated_as_running_the_models_code(client: Client) -> None:
    [tool] = [tool for tool in (await client.list_tools()).tools if tool.name == "inspect_model"]
    hints = tool.annotations
    assert (hints.read_only_hint, hints.destructive_hint, hints.open_world_hint) == (False, False, False)
    assert hints == RUNS_USER_CODE
    assert "module-level code included) runs, in a child process" in " ".join(tool.description.split())


async def test_tied_weights_are_counted_once_and_named(client: Client, models: Path) -> None:
    report = await inspect(client, model="models/zoo.py:TiedLM")
    assert (report["total_params"], report["trainable_params"], report["frozen_params"]) == (50, 50, 0)
    assert report["tied"] == [["embed.weight", "lm_head.weight"]]
    assert report["embedding_params"] == 40
    assert [(m["name"], m["params"], m["share"]) for m in report["modules"]] == [
        ("embed", 40, 0.8),
        ("lm_head", 10, 0.2),
    ]
    assert report["bytes_by_dtype"] == {"float32": 200}
    assert report["source"] == "model (meta device)"
    assert ids(report) == [("parameter_imbalance", "embeddings")]
    assert report["probe"] is None and report["checkpoint"] is None


async def test_a_token_model_with_an_explicit_input_shape_is_probed_with_token_ids(
    client: Client, models: Path
) -> None:
    report = await inspect(client, model="models/zoo.py:TiedLM", input_shape=[4, 8], probe=True)
    assert report["probe"]["input"] == "random ids [4, 8] < 10"
    assert report["probe"]["output_shape"] == [4, 8, 10]
    assert [layer["name"] for layer in report["probe"]["layers"]] == ["embed", "lm_head"]


async def test_frozen_layers_in_nested_containers_are_counted_apart(client: Client, models: Path) -> None:
    report = await inspect(client, model="models/zoo.py:Frozen", depth=3)
    assert (report["total_params"], report["trainable_params"], report["frozen_params"]) == (450, 34, 416)
    assert [(m["name"], m["depth"], m["params"], m["trainable_params"]) for m in report["modules"]] == [
        ("backbone", 1, 416, 0),
        ("backbone.0", 2, 144, 0),
        ("backbone.2", 2, 272, 0),
        ("backbone.2.0", 3, 272, 0),
        ("classifier", 1, 34, 34),
    ]
    assert report["findings"] == []


async def test_a_tiny_halting_head_on_a_big_body_is_a_parameter_imbalance(client: Client, models: Path) -> None:
    report = await inspect(client, model="models/zoo.py:Halting", depth=1)
    assert report["total_params"] == 21_246_081
    assert [(m["name"], m["params"]) for m in report["modules"]] == [("body", 21_246_016), ("halt", 65)]
    [finding] = report["findings"]
    assert (finding["id"], finding["module"]) == ("parameter_imbalance", "halt")
    assert finding["value"] == pytest.approx(65 / 21_246_081)
    assert "65 parameters" in finding["detail"]


async def test_a_mid_size_decoder_is_measured_on_the_meta_device(client: Client, models: Path) -> None:
    report = await inspect(client, model="models/zoo.py:Decoder", factory_kwargs={"layers": 8}, depth=1)
    assert report["total_params"] == 145_244_160
    assert report["bytes_by_dtype"] == {"float32": 145_244_160 * 4}
    assert report["source"] == "model (meta device)"
    # the worker's memory beside a tiny model's, measured the same way (a coverage tracer in the child adds to both)
    tiny = await inspect(client, model="models/zoo.py:linear", depth=1)
    weights_mib = 145_244_160 * 4 / 2**20
    assert report["worker_peak_rss_mb"] - tiny["worker_peak_rss_mb"] < weights_mib / 4  # no weight was materialised
    assert [m["name"] for m in report["modules"]] == ["embed", "blocks", "lm_head"]


async def test_a_checkpoint_trained_into_dead_relus_is_caught_by_the_probe(client: Client, models: Path) -> None:
    report = await inspect(client, model="models/zoo.py:ReluNet", checkpoint="models/dead_relu.pt", probe=True)
    assert report["checkpoint"] == {
        "path": "models/dead_relu.pt",
        "format": "pt",
        "tensors": None,
        "params": None,
        "bytes_by_dtype": {},
        "missing_keys": [],
        "unexpected_keys": [],
    }
    assert report["source"] == "model + checkpoint"
    [dead] = [f for f in report["findings"] if f["id"] == "dead_relu"]
    assert dead["module"] == "act"
    assert dead["value"] >= 0.7
    probe = report["probe"]
    assert probe["input"] == "random float32 [8, 10]"
    assert [layer["name"] for layer in probe["layers"]] == ["fc1", "fc2"]
    assert probe["threads"] == 1 and probe["latency_ms"] > 0


async def test_a_deep_sigmoid_stack_has_vanishing_gradients(client: Client, models: Path) -> None:
    report = await inspect(client, model="models/zoo.py:sigmoid_stack", probe=True, optimizer="adam")
    [vanishing] = [f for f in report["findings"] if f["id"] == "vanishing_gradients"]
    assert vanishing["module"] == "0"
    assert vanishing["value"] == report["probe"]["gradient_ratio"]
    assert vanishing["value"] < 1e-3
    assert report["probe"]["optimizer"] == "adam"
    assert len(report["probe"]["activations"]) == 12


async def test_a_diverged_checkpoint_alone_shows_its_nan_weights(client: Client, models: Path) -> None:
    report = await inspect(client, checkpoint="models/diverged.pt")
    assert report["source"] == "checkpoint"
    assert report["total_params"] == 769
    assert [(m["name"], m["params"]) for m in report["modules"]] == [("fc1", 704), ("fc2", 65)]
    assert {f["id"] for f in report["findings"]} == {"numerical_instability"}
    assert {f["module"] for f in report["findings"]} == {"fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"}
    assert report["weight_health"] == {
        "tensors": 4,
        "bytes": 769 * 4,
        "checked": 4,
        "checked_bytes": 769 * 4,
        "budget_bytes": 2 * 2**30,
        "sampled": False,
        "checked_names": [],
    }


async def test_a_checkpoint_above_the_weight_budget_is_checked_on_a_bounded_sample(models: Path) -> None:
    request = InspectRequest(checkpoint=models / "diverged.pt", weight_budget_bytes=600)
    report = await inspect_model(
        request, python=sys.executable, cwd=models, timeout_s=60, state_dir=models / ".ml-skills"
    )
    assert report.total_params == 769  # counts still cover every tensor
    health = report.weight_health
    assert (health.tensors, health.checked, health.checked_bytes, health.sampled) == (4, 3, 516, True)
    assert health.checked_names == ["fc1.bias", "fc2.weight", "fc2.bias"]  # fc1.weight alone (2,560 B) is over
    assert {f.module for f in report.findings} == {"fc1.bias", "fc2.weight", "fc2.bias"}


async def test_a_safetensors_checkpoint_is_counted_from_its_header(
    client: Client, models: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safetensors.torch import save_file

    header_threads = []

    def counted_in(checkpoint: Path | None) -> dict[str, Any] | None:
        header_threads.append(threading.get_ident())
        return worker.safetensors_counts(checkpoint) if checkpoint else None

    monkeypatch.setattr(run, "safetensors_header_counts", counted_in)

    state = torch.load(models / "healthy.pt", weights_only=True)
    save_file(
        {k: v.to(torch.bfloat16) if k.startswith("fc1") else v for k, v in state.items()}, models / "h.safetensors"
    )
    report = await inspect(client, model="models/zoo.py:ReluNet", checkpoint="models/h.safetensors")
    assert report["checkpoint"]["format"] == "safetensors"
    assert (report["checkpoint"]["tensors"], report["checkpoint"]["params"]) == (4, 769)
    assert report["checkpoint"]["bytes_by_dtype"] == {"BF16": 704 * 2, "F32": 65 * 4}
    assert report["source"] == "model + checkpoint (meta device)"
    assert report["bytes_by_dtype"] == {"bfloat16": 704 * 2, "float32": 65 * 4}
    assert report["findings"] == []
    assert header_threads and threading.get_ident() not in header_threads  # parsed off the event loop


async def test_named_pipes_are_refused_unopened_and_the_server_keeps_answering(client: Client, models: Path) -> None:
    for name in ("pipe.safetensors", "pipe.pt", "pipe.py"):
        os.mkfifo(models / name)
    with anyio.fail_after(30):  # opening a FIFO would block until a writer came: never
        message = await inspect_error(client, checkpoint="models/pipe.safetensors")
        assert "models/pipe.safetensors is a named pipe" in message and "pass a checkpoint file" in message
        message = await inspect_error(client, model="models/pipe.py:Net")
        assert "models/pipe.py is a named pipe" in message
        message = await inspect_error(client, model="models/zoo.py:linear", sample_input="models/pipe.pt", probe=True)
        assert "models/pipe.pt is a named pipe" in message
        (models / "folder.py").mkdir()
        assert "models/folder.py is not a regular file" in await inspect_error(client, model="models/folder.py:Net")
        report = await inspect(client, model="models/zoo.py:linear")
    assert report["total_params"] == 15


async def test_a_malicious_pickle_is_refused_and_never_run(client: Client, models: Path, workspace_dir: Path) -> None:
    marker = workspace_dir / "pwned"
    torch.save({"weight": Evil(marker)}, models / "evil.pt")
    message = await inspect_error(client, model="models/zoo.py:ReluNet", checkpoint="models/evil.pt")
    assert "refused to load the checkpoint evil.pt" in message
    assert "Nothing in it was executed" in message
    assert not marker.exists()


async def test_a_factory_that_raises_is_an_error_carrying_its_traceback(client: Client, models: Path) -> None:
    message = await inspect_error(client, model="models/zoo.py:broken", factory_kwargs={"reason": "odd width 7"})
    assert "broken(**{'reason': 'odd width 7'}) raised ValueError: cannot build: odd width 7" in message
    assert 'zoo.py", line' in message  # the end of the child's traceback
    assert "factory_kwargs" in message
    report = await inspect(client, model="models/zoo.py:linear")
    assert report["total_params"] == 15


async def test_a_model_that_never_finishes_is_killed_at_the_timeout(client: Client, models: Path) -> None:
    pid_file = models / "sleeper.pid"
    message = await inspect_error(
        client, model="models/zoo.py:sleeper", factory_kwargs={"pid_file": str(pid_file)}, timeout_s=6
    )
    assert "timed out after 6 s" in message
    assert gone(int(pid_file.read_text()))


async def test_bad_arguments_are_refused_before_any_child_runs(client: Client, models: Path) -> None:
    assert "does not exist" in await inspect_error(client, model="models/missing.py:Net")
    assert "path/to/file.py:factory" in await inspect_error(client, model="models/zoo.py")
    assert "outside the workspace" in await inspect_error(client, checkpoint="../elsewhere.pt")
    assert "not a checkpoint" in await inspect_error(client, checkpoint="models/zoo.py")
    assert "pass a model" in await inspect_error(client)
    assert "the probe needs the model's code" in await inspect_error(client, checkpoint="models/healthy.pt", probe=True)
    (models / "broken.safetensors").write_bytes(b"\xff" * 16)
    assert "not safetensors" in await inspect_error(client, checkpoint="models/broken.safetensors")


async def test_the_memory_cap_is_a_tool_argument_named_in_the_advice(client: Client, models: Path) -> None:
    message = await inspect_error(client, model="models/zoo.py:linear", memory_mb=300)
    assert "torch cannot be imported" in message and "the memory cap is too small: raise memory_mb" in message
    assert "memory_mb" in await inspect_error(client, model="models/zoo.py:linear", memory_mb=100)
    report = await inspect(client, model="models/zoo.py:linear", memory_mb=4096)
    assert report["total_params"] == 15


async def test_an_interpreter_that_cannot_run_the_worker_is_named(models: Path) -> None:
    request = InspectRequest(model_file=models / "zoo.py", factory="linear")
    with pytest.raises(UserError, match="stopped without an answer .* is torch installed in the project interpreter"):
        await inspect_model(request, python="/bin/true", cwd=models, timeout_s=30, state_dir=models / ".ml-skills")
    starved = request.model_copy(update={"memory_mb": 300})
    with pytest.raises(UserError, match="(?s)torch cannot be imported by .*failed to map.*too small: raise memory_mb"):
        await inspect_model(starved, python=sys.executable, cwd=models, timeout_s=60, state_dir=models / ".ml-skills")
    assert list((models / ".ml-skills" / "tmp").iterdir()) == []  # request and answer files cleaned up


async def test_a_model_file_leaving_a_daemon_on_stdout_is_answered_when_the_worker_ends(
    client: Client, models: Path
) -> None:
    (models / "daemonic.py").write_text(
        "import os, time\n"
        "import torch\n\n\n"
        "def build(pid_file):\n"
        "    if os.fork() == 0:  # a daemon in a session of its own, holding the worker's stdout open\n"
        "        os.setsid()\n"
        "        open(pid_file, 'w').write(str(os.getpid()))\n"
        "        time.sleep(120)\n"
        "        os._exit(0)\n"
        "    return torch.nn.Linear(2, 3)\n"
    )
    pid_file = models / "daemon.pid"
    with anyio.fail_after(25):  # before: answered only at the 60 s timeout, as a timeout
        report = await inspect(
            client, model="models/daemonic.py:build", factory_kwargs={"pid_file": str(pid_file)}, timeout_s=60
        )
    assert report["total_params"] == 9
    assert gone(int(pid_file.read_text()))
