"""The server as a whole: tools' annotations, instructions, the CLI, the HTTP transport, and a real stdio run."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import anyio
import httpx2
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

from server.app import INSTRUCTIONS
from server.cli import main, parse
from tests.tiny_runs import train_tiny

pytestmark = pytest.mark.anyio

READERS = ("read_training_log", "plot_metrics")
TOKEN = "s3cret-token"


async def test_every_tool_has_a_title_a_description_and_all_four_annotation_hints(client: Client) -> None:
    tools = (await client.list_tools()).tools
    assert {"read_training_log", "plot_metrics"} <= {tool.name for tool in tools}
    for tool in tools:
        hints = tool.annotations
        assert tool.title and tool.description, tool.name
        assert None not in (hints.read_only_hint, hints.destructive_hint, hints.open_world_hint), tool.name


async def test_tool_descriptions_are_dedented_and_every_tool_publishes_an_output_schema(client: Client) -> None:
    tools = (await client.list_tools()).tools
    for tool in tools:
        assert tool.description is not None
        indented = [line for line in tool.description.splitlines() if line[:1].isspace()]
        assert indented == [], tool.name
        assert tool.output_schema is not None, tool.name
    read = next(tool for tool in tools if tool.name == "read_training_log")
    assert read.description is not None
    assert read.description.splitlines()[2].startswith("Use this first on a run's logs")


async def test_the_log_readers_are_read_only_and_idempotent(client: Client) -> None:
    tools = {tool.name: tool.annotations for tool in (await client.list_tools()).tools}
    for name in READERS:
        assert (tools[name].read_only_hint, tools[name].destructive_hint, tools[name].idempotent_hint) == (
            True,
            False,
            True,
        )


async def test_the_client_receives_the_server_instructions(client: Client) -> None:
    assert client.instructions == INSTRUCTIONS
    assert client.server_info is not None and client.server_info.name == "ml-skills"


def test_serve_is_the_default_command() -> None:
    assert parse([]).command == "serve"
    args = parse(["--workspace", "a", "--workspace", "b"])
    assert (args.command, args.workspace, args.transport, args.host) == ("serve", ["a", "b"], "stdio", "127.0.0.1")


def test_http_off_loopback_without_a_token_exits_2_and_says_to_pass_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--transport", "http", "--host", "0.0.0.0"]) == 2
    assert capsys.readouterr().err == (
        "ml-skills-mcp: --host 0.0.0.0 is not loopback; set ML_SKILLS_TOKEN or pass --token-file FILE so that "
        "clients must authenticate\n"
    )


def test_a_missing_workspace_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--workspace", str(tmp_path / "nowhere")]) == 2
    assert str(tmp_path / "nowhere") in capsys.readouterr().err


def test_starting_the_server_imports_no_heavy_library() -> None:
    code = (
        "import sys, server.app\n"
        "from server.app import build_server\n"
        "from server.core.workspace import Workspace\n"
        "from server.settings import Settings\n"
        "build_server(Settings(Workspace.of(['.'])))\n"
        "print(sorted(m for m in ('torch', 'numpy', 'matplotlib', 'tensorboard') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def http_server(workspace_dir: Path) -> Iterator[str]:
    """`python -m server serve --transport http` with ML_SKILLS_TOKEN set, on a free loopback port; yields its URL."""
    port = free_port()
    argv = [sys.executable, "-m", "server", "serve", "--transport", "http", "--port", str(port)]
    process = subprocess.Popen(
        [*argv, "--workspace", str(workspace_dir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=os.environ | {"ML_SKILLS_TOKEN": TOKEN},
    )
    try:
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        process.stderr.close()


async def wait_until_listening(url: str) -> None:
    """Poll the port until the server accepts connections (bounded by the caller's fail_after)."""
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    while True:
        try:
            stream = await anyio.connect_tcp("127.0.0.1", port)
        except OSError:
            await anyio.sleep(0.05)
            continue
        await stream.aclose()
        return


async def test_http_answers_401_without_the_token_and_serves_mcp_with_it(http_server: str) -> None:
    with anyio.fail_after(60):
        await wait_until_listening(http_server)
        async with httpx2.AsyncClient(timeout=30) as http:
            refused = await http.post(http_server, json={"jsonrpc": "2.0", "id": 1, "method": "ping"})
            wrong = await http.post(http_server, json={}, headers={"Authorization": "Bearer wrong"})
        assert (refused.status_code, wrong.status_code) == (401, 401)
        assert refused.headers["www-authenticate"] == "Bearer"
        async with (
            httpx2.AsyncClient(headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30) as http,
            Client(streamable_http_client(http_server, http_client=http)) as client,
        ):
            names = {tool.name for tool in (await client.list_tools()).tools}
            assert set(READERS) <= names
            assert client.instructions == INSTRUCTIONS


async def test_a_real_stdio_server_lists_everything_and_reads_a_real_training_log(workspace_dir: Path) -> None:
    printed: list[str] = []
    train_tiny(lr=0.05, steps=120, printed=printed)
    (workspace_dir / "train.log").write_text("\n".join(printed) + "\n")
    params = StdioServerParameters(command=sys.executable, args=["-m", "server", "--workspace", str(workspace_dir)])
    with anyio.fail_after(60):
        async with Client(params) as client:
            assert set(READERS) <= {tool.name for tool in (await client.list_tools()).tools}
            assert {p.name for p in (await client.list_prompts()).prompts} == {
                "ml-training-debugger",
                "ml-expert",
                "diagnose-fix-test",
            }
            uris = {str(r.uri) for r in (await client.list_resources()).resources}
            assert {"skills://ml-training-debugger", "catalogue://root-causes"} <= uris
            result = await client.call_tool("read_training_log", {"paths": "train.log", "metrics": ["loss"]})
    assert not result.is_error, result.content
    [run] = result.structured_content["runs"]
    loss = run["metrics"]["loss"]
    first, last = float(printed[0].split(" | ")[1].split()[1]), float(printed[-1].split(" | ")[1].split()[1])
    assert (loss["count"], loss["first_step"], loss["last_step"]) == (120, 1, 120)
    assert (loss["first"], loss["last"]) == (first, last)
