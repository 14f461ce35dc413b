"""apply_patch / revert_patch under a kill, a locked or damaged ledger, and a folder swapped for a link."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from server.app import build_server
from server.core import patches
from server.core.errors import UserError
from server.core.ledger import Ledger
from tests.helpers import git
from tests.test_patches import DELETE_PATCH, LR_PATCH, NEW_FILE_PATCH, NOTES_PATCH, snapshot

TWO_FILES = LR_PATCH + NOTES_PATCH
KILLED = 9
KILL_AT = """
import os, sys
from pathlib import Path
from server.core import patches, tree_io
from server.core.workspace import Workspace

root, action, arg, at = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
calls = 0
real_rename = os.rename


def rename_then_die(source, target, **fds):  # the kill: after `at` files were swapped in, before the next
    global calls
    calls += 1
    if calls > at:
        os._exit(9)
    return real_rename(source, target, **fds)


os.rename = rename_then_die
workspace = Workspace.of([root])
state = Path(root) / ".ml-skills"
if action == "apply":
    patches.apply_patch(workspace, state, Path(arg).read_text())
else:
    patches.revert_patch(workspace, state, arg)
"""


@pytest.fixture
def repo(workspace_dir: Path) -> Path:
    git(workspace_dir, "init", "-q")
    (workspace_dir / "train.py").write_text("import torch\nLR = 3.0\nSTEPS = 10\n\n\ndef lr():\n    return LR\n")
    (workspace_dir / "notes.txt").write_text("keep me\n")
    git(workspace_dir, "add", ".")
    git(workspace_dir, "commit", "-q", "-m", "start")
    return workspace_dir


def killed_midway(repo: Path, action: str, arg: str, at: int) -> int:
    """Run apply/revert in a child process killed (os._exit, no cleanup) after `at` files were written."""
    done = subprocess.run([sys.executable, "-c", KILL_AT, str(repo), action, arg, str(at)], cwd=Path.cwd(), timeout=60)
    return done.returncode


def strays(root: Path) -> list[str]:
    return [str(p.relative_to(root)) for p in root.rglob(".ml-skills-p-*")]


def test_an_apply_killed_midway_is_undone_at_the_next_start(repo: Path, settings, tmp_path: Path) -> None:
    before = snapshot(repo)
    diff = tmp_path / "two.diff"
    diff.write_text(TWO_FILES)
    assert killed_midway(repo, "apply", str(diff), at=1) == KILLED
    half = snapshot(repo)
    assert half != before  # one of the two files was written when the server died
    [entry] = Ledger(settings.state_dir).all("patch")
    assert entry.data["state"] == "applying"
    build_server(settings)  # the start recovers
    assert snapshot(repo) == before
    assert patches.list_patches(settings.state_dir) == []
    assert list((settings.state_dir / "patches").iterdir()) == []
    assert strays(repo) == []


def test_a_revert_killed_midway_is_undone_and_the_patch_stays_applied(repo: Path, settings) -> None:
    patch_id = patches.apply_patch(settings.workspace, settings.state_dir, TWO_FILES).patch_id
    assert patch_id is not None
    after = snapshot(repo)
    assert killed_midway(repo, "revert", patch_id, at=1) == KILLED
    assert snapshot(repo) != after
    assert patches.list_patches(settings.state_dir)[0].state == "reverting"
    build_server(settings)
    assert snapshot(repo) == after
    assert patches.list_patches(settings.state_dir)[0].state == "applied"
    assert strays(repo) == []
    patches.revert_patch(settings.workspace, settings.state_dir, patch_id)
    assert (repo / "notes.txt").read_text() == "keep me\n"


def test_a_kill_between_the_temporary_file_and_its_rename_leaves_no_stray(repo: Path, settings, tmp_path: Path) -> None:
    before = snapshot(repo)
    diff = tmp_path / "new.diff"
    diff.write_text(NEW_FILE_PATCH + DELETE_PATCH)
    assert killed_midway(repo, "apply", str(diff), at=0) == KILLED
    assert strays(repo) == ["pkg/.ml-skills-p-" + strays(repo)[0].split("-p-")[1]]  # the temp file was written
    patches.apply_patch(settings.workspace, settings.state_dir, LR_PATCH)  # any patch call recovers first
    assert strays(repo) == []
    assert not (repo / "pkg").exists()
    assert snapshot(repo) == before | {"train.py": snapshot(repo)["train.py"]}


def test_a_locked_ledger_is_a_clear_error_before_anything_is_written(repo: Path, settings) -> None:
    patch_id = patches.apply_patch(settings.workspace, settings.state_dir, LR_PATCH).patch_id
    before = snapshot(repo)
    holder = sqlite3.connect(settings.state_dir / "ledger.sqlite")
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        with pytest.raises(UserError, match="is locked by another program") as refused:
            patches.apply_patch(settings.workspace, settings.state_dir, NOTES_PATCH)
        assert "nothing was written" in str(refused.value)
        assert time.monotonic() - started < 5
        with pytest.raises(UserError, match="is locked by another program"):
            patches.revert_patch(settings.workspace, settings.state_dir, patch_id or "")
    finally:
        holder.rollback()
        holder.close()
    assert snapshot(repo) == before
    assert [p.state for p in patches.list_patches(settings.state_dir)] == ["applied"]


def test_a_damaged_ledger_is_a_clear_error_before_anything_is_written(repo: Path, settings) -> None:
    settings.state_dir.mkdir()
    (settings.state_dir / "ledger.sqlite").write_bytes(b"this is no database\n" * 100)
    before = snapshot(repo)
    with pytest.raises(UserError, match="is damaged; nothing was written. Move it aside"):
        patches.apply_patch(settings.workspace, settings.state_dir, LR_PATCH)
    assert snapshot(repo) == before
    build_server(settings)  # the start does not crash on it either


def test_a_folder_swapped_for_a_link_while_patches_are_written_never_leads_a_write_out(
    repo: Path, settings, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "mod.py").write_text("X = 1\n")
    (repo / "pkg").mkdir()
    (repo / "pkg" / "mod.py").write_text("X = 1\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "pkg")
    diff = "--- a/pkg/mod.py\n+++ b/pkg/mod.py\n@@ -1 +1 @@\n-X = 1\n+X = 2\n"
    stop = threading.Event()
    swaps = 0

    def swap() -> None:
        nonlocal swaps
        while not stop.is_set():
            os.rename(repo / "pkg", repo / "pkg.real")
            os.symlink(outside, repo / "pkg")
            stop.wait(0.0005)
            os.unlink(repo / "pkg")
            os.rename(repo / "pkg.real", repo / "pkg")
            swaps += 1
            stop.wait(0.005)

    old_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    thread = threading.Thread(target=swap, daemon=True)
    thread.start()
    done = refused = 0
    pending: str | None = None  # an applied patch to revert next
    try:
        for _ in range(300):
            try:
                if pending is None:
                    pending = patches.apply_patch(settings.workspace, settings.state_dir, diff).patch_id
                else:
                    patches.revert_patch(settings.workspace, settings.state_dir, pending)
                    pending = None
                done += 1
            except (UserError, OSError):  # refused (a tool error), or a folder gone mid-check
                refused += 1
    finally:
        stop.set()
        thread.join()
        sys.setswitchinterval(old_interval)
    assert (outside / "mod.py").read_text() == "X = 1\n"
    assert sorted(p.name for p in outside.iterdir()) == ["mod.py"]
    assert swaps > 20 and done > 0 and refused > 0  # the race was run
