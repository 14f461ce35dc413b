"""Workspace confinement: every path must resolve, symlinks included, inside a root."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from server.core.errors import InputNotFoundError, OutsideWorkspaceError, UserError
from server.core.workspace import Workspace, present_file, regular_file, require_regular_file


def test_a_relative_path_resolves_against_the_first_root(tmp_path: Path) -> None:
    (tmp_path / "run.log").write_text("step 1 | loss 1.0\n")
    ws = Workspace.of([tmp_path])
    assert ws.resolve("run.log") == tmp_path.resolve() / "run.log"
    assert ws.relative(ws.resolve("run.log")) == "run.log"


def test_dot_dot_out_of_the_root_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (tmp_path / "secret.txt").write_text("x")
    with pytest.raises(OutsideWorkspaceError, match="outside the workspace"):
        Workspace.of([root]).resolve("../secret.txt")


def test_an_absolute_path_elsewhere_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutsideWorkspaceError, match="--workspace"):
        Workspace.of([tmp_path]).resolve("/etc/passwd")


def test_a_symlink_pointing_outside_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (tmp_path / "outside.log").write_text("step 1 | loss 1.0\n")
    (root / "link.log").symlink_to(tmp_path / "outside.log")
    with pytest.raises(OutsideWorkspaceError):
        Workspace.of([root]).resolve("link.log")


def test_a_symlink_inside_the_workspace_is_followed(tmp_path: Path) -> None:
    (tmp_path / "real.log").write_text("x")
    (tmp_path / "alias.log").symlink_to(tmp_path / "real.log")
    assert Workspace.of([tmp_path]).resolve("alias.log") == tmp_path.resolve() / "real.log"


def test_any_of_several_roots_may_hold_the_path(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (second / "run.log").write_text("x")
    ws = Workspace.of([first, second])
    assert ws.resolve(second / "run.log") == second.resolve() / "run.log"
    assert ws.relative(second.resolve() / "run.log") == "run.log"


def test_missing_empty_and_nul_paths_are_user_errors(tmp_path: Path) -> None:
    ws = Workspace.of([tmp_path])
    with pytest.raises(InputNotFoundError, match="does not exist"):
        ws.resolve("nope.log")
    assert ws.resolve("nope.log", must_exist=False) == tmp_path.resolve() / "nope.log"
    with pytest.raises(UserError, match="empty path"):
        ws.resolve("  ")
    with pytest.raises(UserError, match="NUL"):
        ws.resolve("a\x00b")


def test_a_root_that_is_not_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(UserError, match="not a directory"):
        Workspace.of([tmp_path / "file"])
    with pytest.raises(UserError, match="no workspace root"):
        Workspace.of([])


def test_a_named_pipe_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(UserError, match="named pipe"):
        require_regular_file(fifo)
    with pytest.raises(UserError, match="not a regular file"):
        require_regular_file(Path("/dev/null"))
    (tmp_path / "ok.log").write_text("abc")
    assert require_regular_file(tmp_path / "ok.log").st_size == 3


def test_a_folder_argument_must_be_a_folder(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text("")
    ws = Workspace.of([tmp_path])
    assert ws.resolve_folder(".", "the project folder") == tmp_path.resolve()
    with pytest.raises(UserError, match="train.py is not a folder; pass the project folder"):
        ws.resolve_folder("train.py", "the project folder")


def test_the_gate_for_found_files_follows_links_inside_and_refuses_outside_dangling_and_pipes(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    (root / "runs").mkdir(parents=True)
    (root / "runs" / "real.log").write_text("x")
    (root / "runs" / "alias.log").symlink_to(root / "runs" / "real.log")
    (tmp_path / "private.log").write_text("x")
    (root / "runs" / "evil.log").symlink_to(tmp_path / "private.log")
    (root / "runs" / "gone.log").symlink_to(root / "runs" / "nothing.log")
    os.mkfifo(root / "runs" / "pipe.log")
    ws = Workspace.of([root])
    assert ws.vet_file(root / "runs" / "alias.log") == root.resolve() / "runs" / "real.log"
    with pytest.raises(OutsideWorkspaceError, match="runs/evil.log is a link to .*private.log, outside the workspace"):
        ws.vet_file(root / "runs" / "evil.log")
    with pytest.raises(UserError, match="runs/gone.log cannot be followed to a file"):
        ws.vet_file(root / "runs" / "gone.log")
    with pytest.raises(UserError, match="runs/pipe.log is a named pipe"):
        ws.vet_file(root / "runs" / "pipe.log")
    with pytest.raises(UserError, match="runs is not a regular file"):
        ws.vet_file(root / "runs")


def test_without_a_workspace_the_gate_refuses_non_regular_files_only(tmp_path: Path) -> None:
    (tmp_path / "run.log").write_text("x")
    os.mkfifo(tmp_path / "pipe.log")
    assert regular_file(tmp_path / "run.log") == tmp_path / "run.log"
    with pytest.raises(UserError, match="named pipe"):
        regular_file(tmp_path / "pipe.log")


def test_a_found_name_is_handed_to_the_gate_unless_it_is_a_folder_or_missing(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "folder").mkdir()
    assert present_file(tmp_path / "pipe")
    assert not present_file(tmp_path / "folder")
    assert not present_file(tmp_path / "missing")


def test_a_file_argument_must_be_a_regular_file_and_the_error_says_what_file(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("lr: 1\n")
    os.mkfifo(tmp_path / "pipe.yaml")
    ws = Workspace.of([tmp_path])
    assert ws.resolve_file("config.yaml", "a config file") == tmp_path.resolve() / "config.yaml"
    with pytest.raises(UserError, match="^pipe.yaml is a named pipe; pass a config file$"):
        ws.resolve_file("pipe.yaml", "a config file")
    with pytest.raises(UserError, match="is not a regular file; pass a config file"):
        ws.resolve_file(".", "a config file")


class Swapper:
    """A thread that, until stopped, swaps `target` between the real file or folder `inside` and a symbolic link
    to `outside` (the attack of issue 11 item 3): a file by atomic renames (a hard link of the real file, then a
    link out), a folder by moving the real folder away and a link into its place, and back."""

    def __init__(self, target: Path, inside: Path, outside: Path, pause_s: float = 0.0002) -> None:
        import threading

        self.target, self.inside, self.outside, self.pause_s = target, inside, outside, pause_s
        self.folder = target.is_dir()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.swaps = 0

    def run(self) -> None:
        staged = self.target.with_name(self.target.name + ".staged")
        while not self.stop.is_set():
            if self.folder:
                os.rename(self.target, self.inside)  # the real folder moves away...
                os.symlink(self.outside, self.target)  # ...and a link out takes its place
                self.stop.wait(self.pause_s)
                os.unlink(self.target)
                os.rename(self.inside, self.target)  # the real folder is back
            else:
                os.symlink(self.outside, staged)
                os.replace(staged, self.target)  # a link out
                self.stop.wait(self.pause_s)
                os.link(self.inside, staged)
                os.replace(staged, self.target)  # the real file (a hard link of it) is back
            self.swaps += 1
            self.stop.wait(self.pause_s)

    def __enter__(self) -> Swapper:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


RACE_SECONDS = 20  # an upper bound on the race: 400 reads and 100 swaps take about 1 s here
LOG_INSIDE = "".join(f"step {s} | loss 0.5\n" for s in range(1, 40))
LOG_OUTSIDE = "".join(f"step {s} | loss 99.0\n" for s in range(1, 40))


@pytest.mark.parametrize("swapped", ["file", "folder"])
def test_a_link_swapped_in_after_the_check_never_leads_a_read_out_of_the_workspace(
    tmp_path: Path, swapped: str
) -> None:
    from server.core.logs.reading import read_logs

    root, outside = tmp_path / "ws", tmp_path / "outside"
    (root / "logs").mkdir(parents=True)
    outside.mkdir()
    (outside / "train.log").write_text(LOG_OUTSIDE)
    (root / "real").mkdir()
    (root / "real" / "train.log").write_text(LOG_INSIDE)
    workspace = Workspace.of([root])
    if swapped == "file":
        target, inside, far = root / "logs" / "train.log", root / "real" / "train.log", outside / "train.log"
        os.link(inside, target)
    else:
        target, inside, far = root / "logs", root / "real", outside
        (root / "logs").rmdir()
        os.rename(inside, target)
    escapes = refused = reads = 0
    old_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # let the swapping thread run between the reader's steps
    try:
        with Swapper(target, inside, far) as swapper:
            deadline = time.monotonic() + RACE_SECONDS
            while (reads < 400 or swapper.swaps < 100) and time.monotonic() < deadline:
                reads += 1
                try:
                    result = read_logs(workspace, ["logs/train.log"])
                    escapes += 99.0 in {v for run in result.runs for s in run.metrics.values() for v in s.values}
                except UserError:
                    refused += 1
                try:
                    with workspace.open_file("logs/train.log", "r") as handle:
                        escapes += "99.0" in handle.read()
                except UserError:
                    refused += 1
    finally:
        sys.setswitchinterval(old_interval)
    assert escapes == 0
    assert reads >= 400 and swapper.swaps >= 100 and refused > 0  # the race was run


def test_open_file_reads_links_inside_and_refuses_what_it_opened_outside(tmp_path: Path) -> None:
    root, outside = tmp_path / "ws", tmp_path / "secret.txt"
    root.mkdir()
    outside.write_text("secret\n")
    (root / "a.txt").write_text("inside\n")
    (root / "link.txt").symlink_to(root / "a.txt")
    (root / "out.txt").symlink_to(outside)
    os.mkfifo(root / "pipe")
    workspace = Workspace.of([root])
    with workspace.open_file("link.txt", "r") as handle:
        assert handle.read() == "inside\n"
    with pytest.raises(OutsideWorkspaceError, match=r"out.txt opened .*secret.txt, outside the workspace"):
        workspace.open_file("out.txt")
    with pytest.raises(UserError, match="pipe is a named pipe"):
        workspace.open_file("pipe")
    with pytest.raises(InputNotFoundError):
        workspace.open_file("missing.txt")
