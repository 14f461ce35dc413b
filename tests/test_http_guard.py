"""The HTTP transport's ways in: Host and Origin on every bind (DNS rebinding), the bearer token, where the
token comes from. Real servers (`python -m server serve --transport http`) on 127.0.0.2 and ::1, real requests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx2
import pytest

from server.cli import main
from server.core.runner import TOKEN_ENV
from server.http import RequestGuard

pytestmark = pytest.mark.anyio

TOKEN = "s3cret-token"
INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "probe", "version": "0"}},
}
MCP_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


def free_port(host: str) -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


Server = Callable[..., tuple[str, int]]


@pytest.fixture
def start_server(workspace_dir: Path) -> Iterator[Server]:
    """Starts `serve --transport http --host HOST` on a free port with extra args/env; returns (host, port)."""
    processes: list[subprocess.Popen[bytes]] = []

    def start(host: str, *extra: str, env: dict[str, str] | None = None) -> tuple[str, int]:
        port = free_port(host)
        argv = [sys.executable, "-m", "server", "serve", "--transport", "http", "--host", host, "--port", str(port)]
        environ = {k: v for k, v in os.environ.items() if k != TOKEN_ENV} | (env or {})
        processes.append(
            subprocess.Popen(
                [*argv, "--workspace", str(workspace_dir), *extra],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=environ,
            )
        )
        return host, port

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


async def wait_until_listening(host: str, port: int) -> None:
    while True:
        try:
            stream = await anyio.connect_tcp(host, port)
        except OSError:
            await anyio.sleep(0.05)
            continue
        await stream.aclose()
        return


def bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host else host


async def post_initialize(host: str, port: int, headers: dict[str, str]) -> int:
    """The status of an `initialize` POST to the server at host:port with `headers` (Host, Origin, ...)."""
    url = f"http://{bracketed(host)}:{port}/mcp"
    with anyio.fail_after(60):
        await wait_until_listening(host, port)
        async with (
            httpx2.AsyncClient(timeout=30) as http,
            http.stream("POST", url, json=INITIALIZE, headers=MCP_HEADERS | headers) as response,
        ):
            return response.status_code


async def test_a_bind_on_127_0_0_2_refuses_a_foreign_host_421_and_a_foreign_origin_403(start_server: Server) -> None:
    host, port = start_server("127.0.0.2")
    own = f"127.0.0.2:{port}"
    assert await post_initialize(host, port, {"Host": "evil.example"}) == 421
    assert await post_initialize(host, port, {"Host": f"evil.example:{port}"}) == 421
    assert await post_initialize(host, port, {"Host": own, "Origin": "http://evil.example"}) == 403
    assert await post_initialize(host, port, {"Host": own, "Origin": f"http://evil.example:{port}"}) == 403
    assert await post_initialize(host, port, {"Host": own}) == 200
    assert await post_initialize(host, port, {"Host": f"localhost:{port}", "Origin": f"http://localhost:{port}"}) == 200


async def test_a_bind_on_a_long_spelling_of_ipv6_loopback_checks_host_and_origin(start_server: Server) -> None:
    host, port = start_server("0:0:0:0:0:0:0:1")
    assert await post_initialize(host, port, {"Host": "evil.example"}) == 421
    assert await post_initialize(host, port, {"Host": f"[::1]:{port}", "Origin": "http://evil.example"}) == 403
    spelled = f"[0:0:0:0:0:0:0:1]:{port}"
    assert await post_initialize(host, port, {"Host": spelled, "Origin": f"http://{spelled}"}) == 200
    assert await post_initialize(host, port, {"Host": f"[::1]:{port}", "Origin": f"http://[::1]:{port}"}) == 200


async def test_a_loopback_host_on_another_port_is_refused(start_server: Server) -> None:
    host, port = start_server("127.0.0.1")
    assert await post_initialize(host, port, {"Host": f"127.0.0.1:{port + 1}"}) == 421
    assert await post_initialize(host, port, {"Host": "127.0.0.1"}) == 421  # no port: port 80, not this one
    assert await post_initialize(host, port, {"Host": f"127.0.0.1:{port}", "Origin": "http://localhost:6274"}) == 403


async def test_an_origin_named_with_allow_origin_is_served(start_server: Server) -> None:
    host, port = start_server("127.0.0.1", "--allow-origin", "http://localhost:6274")
    own = f"127.0.0.1:{port}"
    assert await post_initialize(host, port, {"Host": own, "Origin": "http://localhost:6274"}) == 200
    assert await post_initialize(host, port, {"Host": own, "Origin": "http://LOCALHOST:6274/"}) == 200
    assert await post_initialize(host, port, {"Host": own, "Origin": "http://localhost:6275"}) == 403


async def test_the_token_comes_from_the_environment_and_the_bearer_scheme_is_case_insensitive(
    start_server: Server,
) -> None:
    host, port = start_server("127.0.0.1", env={TOKEN_ENV: TOKEN})
    own = {"Host": f"127.0.0.1:{port}"}
    assert await post_initialize(host, port, own) == 401
    assert await post_initialize(host, port, own | {"Authorization": "Bearer wrong"}) == 401
    assert await post_initialize(host, port, own | {"Authorization": f"Basic {TOKEN}"}) == 401
    assert await post_initialize(host, port, own | {"Authorization": f"bearer {TOKEN}"}) == 200
    assert await post_initialize(host, port, own | {"Authorization": f"BEARER {TOKEN}"}) == 200
    # Host is checked before the token: a rebinding page learns nothing about the token
    assert await post_initialize(host, port, {"Host": "evil.example", "Authorization": f"Bearer {TOKEN}"}) == 421


async def test_the_token_read_from_a_private_file_is_required(start_server: Server, tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")
    token_file.chmod(0o600)
    host, port = start_server("127.0.0.1", "--token-file", str(token_file))
    own = {"Host": f"127.0.0.1:{port}"}
    assert await post_initialize(host, port, own) == 401
    assert await post_initialize(host, port, own | {"Authorization": f"Bearer {TOKEN}"}) == 200


async def served(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Stands for the MCP app behind the guard: answers 200 to whatever reaches it."""
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"served"})


async def test_an_off_loopback_bind_takes_any_host_but_only_named_origins_and_the_token() -> None:
    guard = RequestGuard(served, host="0.0.0.0", port=8000, token=TOKEN, allowed_origins=["https://tools.example"])
    auth = {"Authorization": f"Bearer {TOKEN}"}
    transport = httpx2.ASGITransport(app=guard)
    async with httpx2.AsyncClient(transport=transport, base_url="http://gpu-box.lan:8000") as http:
        foreign = await http.post("/mcp", headers=auth | {"Origin": "http://evil.example"})
        loopback = await http.post("/mcp", headers=auth | {"Origin": "http://localhost:8000"})
        allowed = await http.post("/mcp", headers=auth | {"Origin": "https://tools.example"})
        no_origin = await http.post("/mcp", headers=auth)
        no_token = await http.post("/mcp", headers={"Origin": "https://tools.example"})
    assert [r.status_code for r in (foreign, loopback, allowed, no_origin, no_token)] == [403, 403, 200, 200, 401]
    assert foreign.text == (
        "Origin 'http://evil.example' may not call this server; start it with --allow-origin http://evil.example\n"
    )
    assert (no_token.text, no_token.headers["www-authenticate"]) == ("missing or wrong bearer token\n", "Bearer")


@pytest.mark.parametrize(
    ("host", "ok"),
    [
        ("localhost:8000", True),
        ("LocalHost:8000", True),
        ("127.0.0.1:8000", True),
        ("127.254.3.9:8000", True),
        ("[::1]:8000", True),
        ("[0:0:0:0:0:0:0:1]:8000", True),
        ("[0000::0001]:8000", True),
        ("localhost:8001", False),
        ("localhost", False),
        ("::1:8000", False),
        ("[::1]8000", False),
        ("[::2]:8000", False),
        ("127.1:8000", False),
        ("2130706433:8000", False),
        ("localhost.evil.example:8000", False),
        ("10.0.0.5:8000", False),
        ("localhost:+8000", False),
        ("", False),
    ],
)
async def test_a_loopback_bind_serves_only_loopback_names_with_its_port(host: str, ok: bool) -> None:
    guard = RequestGuard(served, host="127.0.0.2", port=8000, token=None, allowed_origins=[])
    async with httpx2.AsyncClient(transport=httpx2.ASGITransport(app=guard), base_url="http://127.0.0.2:8000") as http:
        response = await http.post("/mcp", headers={"Host": host})
    assert response.status_code == (200 if ok else 421)


def test_token_on_the_command_line_is_refused_with_where_to_put_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--transport", "http", "--token", TOKEN]) == 2
    assert capsys.readouterr().err == (
        "ml-skills-mcp: --token is not taken on the command line, where every user of this machine can read it "
        f"(ps, /proc); set {TOKEN_ENV} in the server's environment or pass --token-file FILE (mode 600)\n"
    )


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_a_token_file_others_can_read_is_refused(tmp_path: Path, mode: int, capsys: pytest.CaptureFixture[str]) -> None:
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN)
    token_file.chmod(mode)
    argv = ["serve", "--transport", "http", "--host", "0.0.0.0", "--token-file", str(token_file)]
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"ml-skills-mcp: --token-file {token_file} can be read by other users (mode {mode:o}); "
        f"run `chmod 600 {token_file}` first\n"
    )


def test_a_missing_or_empty_token_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty"
    empty.write_text("\n")
    empty.chmod(0o400)
    assert main(["serve", "--transport", "http", "--token-file", str(tmp_path / "nowhere")]) == 2
    assert main(["serve", "--transport", "http", "--token-file", str(empty)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"ml-skills-mcp: --token-file {tmp_path / 'nowhere'}: No such file or directory; pass a file holding the token",
        f"ml-skills-mcp: --token-file {empty} is empty; write the token clients must send into it",
    ]


async def test_a_websocket_handshake_from_a_foreign_host_is_closed_before_the_app_sees_it() -> None:
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def receive() -> dict[str, Any]:
        return {"type": "websocket.connect"}

    guard = RequestGuard(served, host="127.0.0.1", port=8000, token=None, allowed_origins=[])
    scope = {"type": "websocket", "path": "/mcp", "headers": [(b"host", b"evil.example:8000")]}
    await guard(scope, receive, send)
    assert sent == [{"type": "websocket.close", "code": 1008}]
