"""What the server was started with: workspace roots, the user's interpreter, the state folder."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .core.workspace import Workspace

STATE_DIR_NAME = ".ml-skills"


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
