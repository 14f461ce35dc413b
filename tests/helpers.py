"""Helpers shared by tests: real git repositories and checks that processes are gone."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` with a throwaway identity; return its stdout."""
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def init_repo(folder: Path, message: str = "initial commit") -> Path:
    """Make `folder` a git repository with everything in it committed."""
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", message)
    return folder


def gone(pid: int, within_s: float = 5.0) -> bool:
    """True once `pid` no longer runs (dead or a zombie), polling for at most `within_s`."""
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False
