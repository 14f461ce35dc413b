"""The server's own folder in the workspace (`.ml-skills/`): ledger, reports, quick-test logs.

It ignores itself in git (a `.gitignore` holding `*`), so it never shows up as
a user change and never blocks a patch.
"""

from __future__ import annotations

from pathlib import Path


def ensure_state_dir(state_dir: Path, *parts: str) -> Path:
    """Create `state_dir` (git-ignored) and the sub-folder `parts`; return the sub-folder."""
    state_dir.mkdir(parents=True, exist_ok=True)
    ignore = state_dir / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# written by ml-skills-mcp: nothing in this folder belongs in git\n*\n")
    folder = state_dir.joinpath(*parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
