"""apply_patch / revert_patch under kill -9 (issue 11 item 8). One command:

    python bench/bench_kill.py [--rounds 40] [--files 30] [--seed 0]

A git repository of `--files` tracked files and one patch that changes most of them, adds some and
deletes some. Each round starts the real server (`python -m server serve`, stdio), calls apply_patch (or,
on a tree where the patch is applied, revert_patch) over JSON-RPC and kills the server's whole process
group with SIGKILL at a random instant within the call's measured duration. Then a fresh server starts
(the start recovers), and the round checks: the tree is all-old or all-new (every file's sha256), the
ledger agrees (apply: no entry and all-old, or `applied` and all-new; revert: `applied` and all-new, or
`reverted` and all-old), no `.ml-skills-p-*` temporary file is left, no tracked file is lost. Prints
the counts, with how many kills cut an operation short (the ledger said applying/reverting, or the tree
was half-written, before the recovery) and how many came after the answer.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from server.core import patches  # noqa: E402
from server.core.workspace import Workspace  # noqa: E402


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


def make_repo(root: Path, files: int) -> str:
    """The repository and the patch (as `git diff` prints it): changes 2/3 of the files, deletes 1/6, adds 1/6."""
    git(root, "init", "-q")
    git(root, "config", "user.email", "bench@example.com")
    git(root, "config", "user.name", "bench")
    for i in range(files):
        folder = root / f"pkg{i % 3}"
        folder.mkdir(exist_ok=True)
        (folder / f"mod{i}.py").write_text("".join(f"X{j} = {j}\n" for j in range(200)))
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "start")
    for i in range(files):
        path = root / f"pkg{i % 3}" / f"mod{i}.py"
        if i % 6 == 5:
            path.unlink()
        elif i % 6 != 4:
            path.write_text(path.read_text().replace("X7 = 7", f"X7 = {i + 1000}"))
    for i in range(files // 6):
        (root / "new" / f"sub{i % 2}").mkdir(parents=True, exist_ok=True)
        (root / "new" / f"sub{i % 2}" / f"added{i}.py").write_text(f"ADDED = {i}\n")
    git(root, "add", "-N", ".")
    diff = git(root, "diff")
    git(root, "reset", "-q", "--hard")
    git(root, "clean", "-qfd")
    return diff


def tree(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.parts and ".ml-skills" not in p.parts
    }


class Server:
    """The real server over stdio, in its own process group, spoken to in raw JSON-RPC."""

    def __init__(self, root: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "server", "serve", "--workspace", str(root)],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.next_id = 0
        self.request("initialize", {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "b"}})
        self.send({"jsonrpc": "2.0", "method": "notifications/initialized"})

    def send(self, message: dict) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write((json.dumps(message) + "\n").encode())
        self.process.stdin.flush()

    def call(self, tool: str, arguments: dict) -> int:
        self.next_id += 1
        self.send(
            {
                "jsonrpc": "2.0",
                "id": self.next_id,
                "method": "tools/call",
                "params": {"name": tool, "arguments": arguments},
            }
        )
        return self.next_id

    def answer(self) -> dict:
        assert self.process.stdout is not None
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("the server closed its output")
            message = json.loads(line)
            if "id" in message:
                return message

    def request(self, method: str, params: dict) -> dict:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.answer()

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


def timed_call(root: Path, tool: str, arguments: dict) -> float:
    server = Server(root)
    started = time.monotonic()
    server.call(tool, arguments)
    answer = server.answer()
    took = time.monotonic() - started
    server.close()
    assert not answer["result"].get("isError"), answer
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=40, help="rounds of apply and of revert each")
    parser.add_argument("--files", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    root = Path(tempfile.mkdtemp(prefix="bench_kill_")).resolve()
    try:
        diff = make_repo(root, args.files)
        old = tree(root)
        workspace, state = Workspace.of([root]), root / ".ml-skills"
        patch_id = patches.apply_patch(workspace, state, diff).patch_id or ""
        new = tree(root)
        patches.revert_patch(workspace, state, patch_id)
        shutil.rmtree(state)
        apply_s = timed_call(root, "apply_patch", {"diff": diff})
        patch_id = patches.list_patches(state)[0].patch_id
        revert_s = timed_call(root, "revert_patch", {"patch_id": patch_id})
        touched = len(set(old) | set(new))
        print(f"{args.files} files, the patch touches {touched}; apply {apply_s:.3f} s, revert {revert_s:.3f} s")
        counts = {f"{action}:{outcome}": 0 for action in ("apply", "revert") for outcome in ("old", "new", "mixed")}
        half_done = {"cut_short": 0, "tree_half_written": 0}  # seen after the kill, before the recovery
        problems = {"ledger_mismatch": 0, "strays": 0, "tracked_lost": 0, "answered_before_kill": 0}
        for action in ("apply", "revert"):
            for _ in range(args.rounds):
                shutil.rmtree(state, ignore_errors=True)
                git(root, "reset", "-q", "--hard")
                git(root, "clean", "-qfd")
                if action == "revert":
                    patch_id = patches.apply_patch(workspace, state, diff).patch_id or ""
                server = Server(root)
                window = apply_s if action == "apply" else revert_s
                server.call(f"{action}_patch", {"diff": diff} if action == "apply" else {"patch_id": patch_id})
                time.sleep(rng.uniform(0, window * 1.1))
                answered = bool(select_ready(server))
                server.kill()
                problems["answered_before_kill"] += answered
                cut = tree(root) not in (old, new) or any(
                    p.state in ("applying", "reverting") for p in patches.list_patches(state)
                )
                half_done["cut_short"] += cut
                half_done["tree_half_written"] += tree(root) not in (old, new)
                Server(root).close()  # a fresh start recovers
                now = tree(root)
                outcome = "old" if now == old else "new" if now == new else "mixed"
                counts[f"{action}:{outcome}"] += 1
                states = [p.state for p in patches.list_patches(state)]
                expected = {
                    ("apply", "old"): [[]],
                    ("apply", "new"): [["applied"]],
                    ("revert", "old"): [["reverted"]],
                    ("revert", "new"): [["applied"]],
                }.get((action, outcome), [])
                problems["ledger_mismatch"] += states not in expected
                problems["strays"] += any(p.name.startswith(".ml-skills-p-") for p in root.rglob("*"))
                tracked = set(git(root, "ls-files").split())
                problems["tracked_lost"] += any(
                    not (root / f).exists() for f in tracked if (f in old and outcome == "old") or f in new
                )
        print(json.dumps({"rounds": args.rounds * 2, **half_done, **counts, **problems}, indent=1))
        bad = (
            counts["apply:mixed"]
            + counts["revert:mixed"]
            + sum(v for k, v in problems.items() if k != "answered_before_kill")
        )
        return 1 if bad else 0
    finally:
        shutil.rmtree(root, ignore_errors=True)


def select_ready(server: Server) -> bool:
    """Whether the server's answer is already waiting (the kill then came after the call finished)."""
    import select

    assert server.process.stdout is not None
    return bool(select.select([server.process.stdout], [], [], 0)[0])


if __name__ == "__main__":
    sys.exit(main())
