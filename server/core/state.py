"""The server's own folder in the workspace (`.ml-skills/`): ledger, reports, quick-test logs.

It ignores itself in git (a `.gitignore` holding `*`), so it never shows up as
a user change and never blocks a patch. It is never a link, nor is any folder in
it: a `.ml-skills` linked out of the workspace would have the server write its
ledger, pre-patch copies and run logs wherever the link points.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from .errors import UserError

GITIGNORE_TEXT = "# written by ml-skills-mcp: nothing in this folder belongs in git\n*\n"


def ensure_state_dir(state_dir: Path, *parts: str) -> Path:
    """Create `state_dir` (git-ignored) and the sub-folder `parts`; return the sub-folder. Refuses links."""
    refuse_link(state_dir, state_dir)
    state_dir.mkdir(parents=True, exist_ok=True)
    refuse_link(state_dir, state_dir)
    write_gitignore(state_dir / ".gitignore")
    folder = state_dir
    for part in Path(*parts).parts if parts else ():
        folder = folder / part
        refuse_link(folder, state_dir)
        folder.mkdir(exist_ok=True)
        refuse_link(folder, state_dir)
    return folder


def state_path(state_dir: Path, *parts: str) -> Path:
    """`state_dir/parts` to read, after checking that neither it nor any folder on the way is a link."""
    path = state_dir
    refuse_link(path, state_dir)
    for part in Path(*parts).parts if parts else ():
        path = path / part
        refuse_link(path, state_dir)
    return path


def refuse_link(path: Path, state_dir: Path) -> None:
    if path.is_symlink():
        target = os.readlink(path)
        raise UserError(
            f"{path} is a link (to {target}); the server keeps its ledger, reports and run logs only in a real "
            f"folder. Remove the link (the server creates {state_dir.name}/ itself) and call again"
        )


def write_gitignore(path: Path) -> None:
    """Write the `.gitignore` unless something is there (a link there is neither followed nor replaced)."""
    with contextlib.suppress(FileExistsError):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "w") as out:
            out.write(GITIGNORE_TEXT)
