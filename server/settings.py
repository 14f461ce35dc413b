"""What the server was started with: workspace roots, the user's interpreter, the state folder, the token."""

from __future__ import annotations

import os
import shutil
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from .core.errors import UserError
from .core.runner import TOKEN_ENV
from .core.workspace import Workspace

STATE_DIR_NAME = ".ml-skills"
PRIVATE_MODE_BITS = 0o077
"""Group and other permission bits: a token file with any of them set is readable by someone else."""


@dataclass(frozen=True)
class Settings:
    workspace: Workspace
    python: str | None = None

    @property
    def state_dir(self) -> Path:
        """Where the server keeps its ledger, reports and quick-test logs (git-ignored)."""
        return self.workspace.primary / STATE_DIR_NAME

    def project_python(self) -> str:
        """The interpreter for user code: --python, else the workspace's .venv, else the server's own."""
        if self.python:
            return self.python
        for root in self.workspace.roots:
            for candidate in (root / ".venv" / "bin" / "python", root / ".venv" / "Scripts" / "python.exe"):
                if candidate.is_file() and os.access(candidate, os.X_OK):
                    return str(candidate)
        return sys.executable


def checked_python(value: str) -> str:
    """The `--python` interpreter as an absolute path (not resolved: a venv's python is a link that must stay
    one), refused at start when it is no executable file."""
    found = shutil.which(value) if os.sep not in value else os.path.abspath(os.path.expanduser(value))
    if found is None or not os.path.isfile(found):
        raise UserError(
            f"--python {value}: no such interpreter; pass the path of your project's Python "
            "(for example .venv/bin/python), or leave --python out to use the workspace's .venv"
        )
    if not os.access(found, os.X_OK):
        raise UserError(f"--python {value}: {found} is not executable; pass the path of your project's Python")
    return found


def read_token(token_file: str | None) -> str | None:
    """The HTTP bearer token, from `--token-file` or the `ML_SKILLS_TOKEN` variable (None without either).

    The variable is removed from this process's environment once read, so that no child (user code, git,
    pytest) inherits it. A token file must be a regular file of this user that no one else may read.
    """
    from_env = os.environ.pop(TOKEN_ENV, None)
    if token_file is None:
        if from_env is not None and not from_env.strip():
            raise UserError(f"{TOKEN_ENV} is set but empty; set it to the token clients must send")
        return from_env.strip() if from_env else None
    if from_env is not None:
        raise UserError(f"both {TOKEN_ENV} and --token-file are given; keep one")
    return read_token_file(Path(token_file).expanduser())


def read_token_file(path: Path) -> str:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # non-blocking: a named pipe must not hang the start
    except OSError as exc:
        raise UserError(f"--token-file {path}: {exc.strerror}; pass a file holding the token") from exc
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())  # the file actually opened, not a path checked earlier
        if not stat.S_ISREG(info.st_mode):
            raise UserError(f"--token-file {path} is not a regular file; pass a file holding the token")
        if info.st_uid != os.getuid():
            raise UserError(f"--token-file {path} belongs to another user; use a token file of your own")
        if info.st_mode & PRIVATE_MODE_BITS:
            raise UserError(
                f"--token-file {path} can be read by other users (mode {stat.S_IMODE(info.st_mode):o}); "
                f"run `chmod 600 {path}` first"
            )
        token = file.read().decode("utf-8", errors="replace").strip()
    if not token:
        raise UserError(f"--token-file {path} is empty; write the token clients must send into it")
    return token
