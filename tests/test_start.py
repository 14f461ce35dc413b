"""Starting the server: what it refuses (a workspace that is the whole disk or the home folder, a missing
folder, a bad interpreter) and what it says on stderr (roots, transport, URL, how to connect a client)."""

from __future__ import annotations

import os
import pty
import select
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from server import __version__
from server.cli import main
from server.core.errors import UserError
from server.core.workspace import Workspace

START_TIMEOUT_S = 60
"""How long a test waits for a starting server's stderr (a cold start with imports takes ~1 s here)."""


def serve(
    *args: str, cwd: Path | str, home: Path | None = None, stdin: int = subprocess.DEVNULL
) -> subprocess.Popen[str]:
    env = dict(os.environ)
    if home is not None:
        env["HOME"] = str(home)
    return subprocess.Popen(
        [sys.executable, "-m", "server", *args],
        cwd=cwd,
        env=env,
        stdin=stdin,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen[str]) -> tuple[int, str]:
    """Exit code and stderr of a server that ends by itself (refused, or stdin at end of file)."""
    _, err = process.communicate(timeout=START_TIMEOUT_S)
    return process.returncode, err


def stderr_until(process: subprocess.Popen[str], marker: str) -> str:
    """The server's stderr up to `marker` (the server keeps running), read unbuffered and bounded in time."""
    assert process.stderr is not None
    fd = process.stderr.fileno()
    seen = b""
    deadline = time.monotonic() + START_TIMEOUT_S
    try:
        while marker.encode() not in seen:
            ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
            chunk = os.read(fd, 65536) if ready else b""
            if not chunk:
                raise AssertionError(f"no {marker!r} on stderr; got:\n{seen.decode()}")
            seen += chunk
        return seen.decode()
    finally:
        process.kill()
        process.wait(timeout=10)
        process.stderr.close()


def test_started_from_the_root_folder_without_a_workspace_the_server_refuses_to_serve_it() -> None:
    code, err = finished(serve("serve", cwd="/"))
    assert code == 2
    assert err == (
        "ml-skills-mcp: the workspace would be /, the whole file system, from the current folder (no --workspace "
        "given); tools could read every file in it. Pass the project's folder: --workspace /path/to/project "
        "(or --allow-broad-workspace to serve it anyway)\n"
    )


def test_the_home_folder_and_a_folder_holding_it_are_refused_unless_the_user_insists(tmp_path: Path) -> None:
    home = tmp_path / "users" / "ada"
    home.mkdir(parents=True)
    code, err = finished(serve("serve", "--workspace", ".", cwd=home, home=home))
    assert code == 2
    assert err.startswith(f"ml-skills-mcp: the workspace would be {home}, your home folder, from --workspace;")
    code, err = finished(serve("serve", "--workspace", str(tmp_path / "users"), cwd=home, home=home))
    assert code == 2
    assert f"a folder holding your home folder {home}" in err
    code, err = finished(serve("serve", "--workspace", ".", "--allow-broad-workspace", cwd=home, home=home))
    assert code == 0  # served, then stdin (/dev/null) ended
    assert f"workspace {home}\n" in err


def test_a_project_folder_inside_the_home_folder_is_served(tmp_path: Path) -> None:
    home = tmp_path / "ada"
    (home / "project").mkdir(parents=True)
    workspace = Workspace.of([home / "project"])
    assert workspace.roots == ((home / "project").resolve(),)
    with pytest.raises(UserError, match="the whole file system"):
        Workspace.of(["/"])


def test_a_missing_workspace_folder_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nonexistent"
    assert main(["serve", "--workspace", str(missing)]) == 2
    assert capsys.readouterr().err == (
        f"ml-skills-mcp: workspace folder {missing}: no such file or directory; pass an existing project folder\n"
    )


def test_a_bad_python_is_refused_at_start(workspace_dir: Path) -> None:
    code, err = finished(
        serve("serve", "--workspace", str(workspace_dir), "--python", "/bad/python", cwd=workspace_dir)
    )
    assert (code, err) == (
        2,
        "ml-skills-mcp: --python /bad/python: no such interpreter; pass the path of your project's Python "
        "(for example .venv/bin/python), or leave --python out to use the workspace's .venv\n",
    )
    (workspace_dir / "notes.txt").write_text("not a program\n")
    code, err = finished(serve("--workspace", ".", "--python", "./notes.txt", cwd=workspace_dir))
    assert (code, err) == (
        2,
        f"ml-skills-mcp: --python ./notes.txt: {workspace_dir / 'notes.txt'} is not executable; pass the path of "
        "your project's Python\n",
    )


def test_a_relative_python_is_made_absolute_so_runs_in_other_folders_find_it(workspace_dir: Path) -> None:
    (workspace_dir / "env" / "bin").mkdir(parents=True)
    (workspace_dir / "env" / "bin" / "python").symlink_to(sys.executable)
    code, err = finished(serve("--workspace", ".", "--python", "env/bin/python", cwd=workspace_dir))
    assert code == 0
    # the venv's link is kept as given (resolving it would leave the venv), only made absolute
    assert f"user code runs under {workspace_dir / 'env' / 'bin' / 'python'}\n" in err


def test_stdio_says_what_it_serves_on_stderr(workspace_dir: Path) -> None:
    code, err = finished(serve("--workspace", str(workspace_dir), cwd=workspace_dir))
    assert code == 0
    assert err.splitlines()[:3] == [
        f"ml-skills-mcp {__version__}: workspace {workspace_dir}",
        f"user code runs under {sys.executable}",
        "serving MCP over stdio (stdin/stdout); logs go to stderr",
    ]
    assert "claude mcp add" not in err  # stdin is no terminal: a client started it


def test_at_a_terminal_stdio_says_how_to_connect_a_client(workspace_dir: Path) -> None:
    controller, terminal = pty.openpty()
    try:
        process = serve("--workspace", str(workspace_dir), cwd=workspace_dir, stdin=terminal)
        err = stderr_until(process, "Ctrl-C quits.\n")
    finally:
        os.close(terminal)
        os.close(controller)
    assert "stdin is a terminal: this server talks to an MCP client, not to a person." in err
    assert "claude mcp add ml-skills -- " in err
    assert err.rstrip().splitlines()[-2].endswith(f" serve --workspace {workspace_dir}")


def test_http_says_its_url_with_the_mcp_path(workspace_dir: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = serve("--transport", "http", "--port", str(port), "--workspace", str(workspace_dir), cwd=workspace_dir)
    err = stderr_until(process, f"ml-skills http://127.0.0.1:{port}/mcp\n")
    assert f"serving MCP over HTTP at http://127.0.0.1:{port}/mcp (no token: loopback only, " in err
    assert f"claude mcp add --transport http ml-skills http://127.0.0.1:{port}/mcp\n" in err
