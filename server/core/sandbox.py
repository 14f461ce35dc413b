"""Isolated copies of a project, as it is now, for trying patches without touching the user's tree.

A copy holds what `git ls-files -co --exclude-standard` lists: the tracked files
with their uncommitted changes, and the untracked files git does not ignore (a
new data file or script a run reads). Git-ignored files (virtual environments,
caches, large data folders) are not copied. Copies live in the server's state
folder (`.ml-skills/trials/t-<hex>/`, never under `.git/`), one session folder per
`try_fixes` call holding the pid and start time of the server that made it; the
session is removed at the end (the caller's `finally`), and a session whose server
is gone (a crash, a kill) is removed by `clean_leftovers` at the next start.

Patches are applied in a copy with `git apply`, its repository discovery stopped
at the copy (GIT_CEILING_DIRECTORIES): the user's repository is never touched.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import subprocess
from pathlib import Path

from .errors import UserError
from .state import ensure_state_dir
from .workspace import Workspace

TRIALS = "trials"
OWNER = "owner"
"""The file in a session folder holding `<pid> <start time>` of the server that made it."""
MAX_COPY_FILES = 20_000
"""More files than this in a project copy: refused (a virtual environment or a data folder not in .gitignore)."""
MAX_COPY_BYTES = 512 * 1024 * 1024
"""More bytes than this per copy: refused, for the same reason (512 MiB: copies are made once per trial)."""
GIT_TIMEOUT_S = 60


def git(folder: Path, *args: str, ceiling: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ)
    if ceiling is not None:
        env["GIT_CEILING_DIRECTORIES"] = str(ceiling)
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(name, None)
    return subprocess.run(
        ["git", *args], cwd=folder, capture_output=True, timeout=GIT_TIMEOUT_S, env=env, stdin=subprocess.DEVNULL
    )


def repo_top(workspace: Workspace, folder: Path) -> Path:
    """The top of the git work tree holding `folder`; it must lie inside the workspace."""
    found = git(folder, "rev-parse", "--show-toplevel")
    if found.returncode != 0:
        raise UserError(
            f"{workspace.relative(folder)} is not in a git repository; try_fixes copies a git project "
            "(run `git init` and commit the training code first)"
        )
    top = Path(found.stdout.decode().strip()).resolve()
    if not workspace.holds(top):
        raise UserError(f"the git repository {top} reaches outside the workspace; start the server on its top folder")
    return top


def project_files(top: Path) -> list[str]:
    """Tracked files (deleted ones left out) and untracked, non-ignored files, relative to `top`."""
    listed = git(top, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    if listed.returncode != 0:
        raise UserError(f"git ls-files failed in {top}: {listed.stderr.decode(errors='replace').strip()}")
    return sorted({name for name in listed.stdout.decode("utf-8", "surrogateescape").split("\0") if name})


def process_start(pid: int) -> str:
    """The start time of `pid` (clock ticks since boot, from /proc), or '' where /proc is not there."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def alive(owner: str) -> bool:
    """Whether the server written in an owner file (`pid start`) still runs."""
    try:
        pid_text, _, start = owner.strip().partition(" ")
        pid = int(pid_text)
        os.kill(pid, 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return not start or process_start(pid) == start


def clean_leftovers(state_dir: Path) -> list[str]:
    """Remove the session folders whose server no longer runs (left by a crash); returns their names."""
    folder = state_dir / TRIALS
    if folder.is_symlink() or not folder.is_dir():
        return []
    removed = []
    for session in folder.iterdir():
        if session.is_symlink() or not session.is_dir():
            continue
        try:
            owner = (session / OWNER).read_text()
        except OSError:
            owner = ""
        if not alive(owner):
            shutil.rmtree(session, ignore_errors=True)
            removed.append(session.name)
    return removed


class Sandbox:
    """One `try_fixes` call's folder of project copies: `copy()` makes one, `remove()` deletes them all."""

    def __init__(self, workspace: Workspace, state_dir: Path, top: Path) -> None:
        self.workspace = workspace
        self.top = top
        self.files = project_files(top)
        self.root = ensure_state_dir(state_dir, TRIALS) / f"t-{secrets.token_hex(4)}"
        if self.root.resolve().parent != (state_dir / TRIALS).resolve() or not workspace.holds(self.root.resolve()):
            raise UserError(f"the state folder {state_dir} is a link out of the workspace; remove the link")
        self.root.mkdir()
        pid = os.getpid()
        (self.root / OWNER).write_text(f"{pid} {process_start(pid)}\n")
        self.skip = state_dir.resolve()
        self.notes: list[str] = []

    def copy(self, label: str) -> Path:
        """A fresh copy of the project named `label`; refuses a project too big to copy."""
        dest = self.root / label
        dest.mkdir()
        count = size = 0
        for name in self.files:
            source = self.top / name
            if source.resolve().is_relative_to(self.skip):
                continue
            target = dest / name
            try:
                info = source.lstat()
            except FileNotFoundError:  # tracked but deleted in the working tree: the copy lacks it too
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_symlink():
                self.copy_link(source, target, name)
                continue
            if not source.is_file():
                continue
            count, size = count + 1, size + info.st_size
            if count > MAX_COPY_FILES or size > MAX_COPY_BYTES:
                raise UserError(
                    f"the project has more than {MAX_COPY_FILES} files or {MAX_COPY_BYTES >> 20} MiB git does not "
                    "ignore; add virtual environments and data folders to .gitignore (or commit less) and try again"
                )
            shutil.copy2(source, target, follow_symlinks=False)
        return dest

    def copy_link(self, source: Path, target: Path, name: str) -> None:
        """A link is copied as the same link only when it is relative and stays inside the project."""
        link = os.readlink(source)
        if os.path.isabs(link) or not source.resolve().is_relative_to(self.top):
            note = f"{name} is a link out of the project; the copies lack it"
            if note not in self.notes:
                self.notes.append(note)
            return
        os.symlink(link, target)

    def apply(self, copy: Path, diff: str, name: str) -> str | None:
        """Apply a unified diff to `copy`; None when it applied, else the reason (apply_patch's path checks
        first: nothing outside the copy, under .git/ or .ml-skills/, or through a link; then git's)."""
        from .patches import check_path, parse_headers

        try:
            for header in parse_headers(diff):
                check_path(copy, header.path)
        except UserError as exc:
            return str(exc)
        patch_file = self.root / f"{name}.diff"
        patch_file.write_text(diff if diff.endswith("\n") else diff + "\n", encoding="utf-8")
        result = git(copy, "apply", "--whitespace=nowarn", str(patch_file), ceiling=copy.parent)
        if result.returncode != 0:
            return result.stderr.decode(errors="replace").strip()[:500] or "git apply failed"
        return None

    def remove_copy(self, copy: Path) -> None:
        shutil.rmtree(copy, ignore_errors=True)

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
        with contextlib.suppress(OSError):
            (self.root.parent).rmdir()  # the trials folder too, when no other session is running
