"""Child processes for user code: argv only, no stdin, CPU only, bounded in time, memory and output.

The child starts in a new session (its own process group); on timeout, on an
early stop asked by the caller, on cancellation, and after it exits, the whole
group is killed so that nothing it forked is left behind.

The memory cap (RLIMIT_AS) is set with `prlimit` on the child's pid right after
`anyio.open_process` returns, which is after the child has exec'd its program.
In that short window the child runs uncapped, and a process it forks within it
does not inherit the cap: a program as quick as `cat /proc/self/limits` saw no
cap in 2 of 30 trials; a Python training script, which takes tens of
milliseconds to start, is capped long before it allocates. `anyio.open_process`
takes no `preexec_fn`; wrapping the argv in util-linux's `prlimit --as=...`
would close the window at the cost of an external binary and of its own error
reporting for a missing program, so the window is accepted: the timeout and the
process-group kill still bound such a child.
"""

from __future__ import annotations

import contextlib
import math
import os
import resource
import signal
import subprocess
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import anyio
from anyio.abc import Process

from .errors import UserError

MAX_LINE_CHARS = 4000
DRAIN_AFTER_EXIT_S = 0.5
"""Once the main process has exited and its group is killed, how long the output is still read: what it printed
last is in the pipe already; a process that outlived it in a session of its own (a daemon keeping stdout open)
does not hold the run open longer than this (it used to, up to the timeout)."""
LineHandler = Callable[[str], Awaitable[bool | None]]
"""Called with each output line; returning True stops the child early."""
TickHandler = Callable[[], Awaitable[None]]
"""Called every `tick_s` seconds while the child runs (e.g. to report elapsed time)."""


@dataclass
class ProcessResult:
    argv: list[str]
    exit_code: int | None
    duration_s: float
    timed_out: bool = False
    stopped_early: bool = False
    head: list[str] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)
    dropped_lines: int = 0
    memory_mb: int | None = None

    def last_lines(self, count: int) -> str:
        """The last `count` lines of output kept (head and tail together)."""
        return "\n".join((self.head + self.tail)[-count:])

    @property
    def likely_out_of_memory(self) -> bool:
        text = "\n".join(self.head + self.tail[-40:])
        return "MemoryError" in text or "std::bad_alloc" in text or "DefaultCPUAllocator: can't allocate" in text

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not self.timed_out


TOKEN_ENV = "ML_SKILLS_TOKEN"
"""The variable holding the HTTP bearer token: read once at start, never passed on to a child."""
SERVER_ENV = {"CUDA_VISIBLE_DEVICES": "", "PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1"}
"""What every child runs with, whatever the caller's `env` says: CPU only, unbuffered output, no .pyc files."""


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The child's environment: the server's, plus `extra`, then `SERVER_ENV` over both; never the token."""
    env = dict(os.environ)
    if extra:
        for key, value in extra.items():
            if not isinstance(key, str) or not isinstance(value, str) or not key or "=" in key or "\x00" in key + value:
                raise UserError(f"bad environment variable {key!r}; pass names and string values only")
            env[key] = value
    env.update(SERVER_ENV)
    env.pop("PYTHONSTARTUP", None)
    env.pop(TOKEN_ENV, None)
    return env


def kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def pipe_of(pid: int) -> str | None:
    """The identity (`pipe:[inode]`) of the pipe the process writes its stdout to, or None (gone, not Linux)."""
    try:
        return os.readlink(f"/proc/{pid}/fd/1")
    except OSError:
        return None


def kill_pipe_holders(pipe: str | None) -> int:
    """SIGKILL every other process of this user holding `pipe` open: what the child left behind in a session of
    its own (a daemon), which the group kill misses. Best effort (Linux `/proc`); the number killed."""
    if pipe is None or not pipe.startswith("pipe:"):
        return 0
    killed = 0
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        try:
            holds = any(os.readlink(f"/proc/{name}/fd/{fd}") == pipe for fd in os.listdir(f"/proc/{name}/fd"))
        except OSError:  # not ours, or gone
            continue
        if holds:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(int(name), signal.SIGKILL)
                killed += 1
    return killed


def cap_memory(pid: int, memory_mb: int | None) -> None:
    """Cap the child's address space (inherited by anything it forks later)."""
    if memory_mb is None:
        return
    limit = memory_mb * 1024 * 1024
    with contextlib.suppress(ProcessLookupError, PermissionError, ValueError, OSError):
        resource.prlimit(pid, resource.RLIMIT_AS, (limit, limit))


class CappedLog:
    """A run's output as stored on disk, capped at `limit` bytes: the first half written as it comes, the last
    half kept in memory and written at `close`, after a line that says how much was cut between them.

    Only what is stored is capped: whoever judges the run reads every line as it arrives (see quick_test)."""

    def __init__(self, path: Path, limit: int) -> None:
        self.file = path.open("w", encoding="utf-8")
        self.limit = limit
        self.head_left = limit // 2
        self.tail: deque[str] = deque()
        self.tail_bytes = 0
        self.tail_limit = limit - limit // 2
        self.cut_lines = 0
        self.cut_bytes = 0

    def write_line(self, line: str) -> None:
        size = len(line.encode("utf-8", "replace")) + 1
        if self.head_left and size <= self.head_left:
            self.file.write(line + "\n")
            self.head_left -= size
            return
        self.head_left = 0  # the head is full: from here on, lines go to the tail
        self.tail.append(line)
        self.tail_bytes += size
        while self.tail_bytes > self.tail_limit:
            dropped = len(self.tail.popleft().encode("utf-8", "replace")) + 1
            self.tail_bytes -= dropped
            self.cut_lines += 1
            self.cut_bytes += dropped

    def close(self) -> None:
        if self.file.closed:
            return
        if self.cut_lines:
            self.file.write(
                f"[ml-skills: {self.cut_lines} lines ({self.cut_bytes} bytes) of output cut here to keep this log "
                f"under {self.limit / 2**20:g} MiB; the run was judged on all of them]\n"
            )
        self.file.writelines(line + "\n" for line in self.tail)
        self.file.close()


class OutputKeeper:
    """Keeps the first `head` and last `tail` lines; counts the rest."""

    def __init__(self, head: int, tail: int) -> None:
        self.head: list[str] = []
        self.tail: deque[str] = deque(maxlen=tail)
        self.head_max = head
        self.seen = 0

    def add(self, line: str) -> None:
        self.seen += 1
        if len(self.head) < self.head_max:
            self.head.append(line)
        else:
            self.tail.append(line)

    @property
    def dropped(self) -> int:
        return max(0, self.seen - len(self.head) - len(self.tail))


async def run_process(
    argv: Sequence[str],
    *,
    cwd: Path,
    timeout_s: float,
    memory_mb: int | None = 4096,
    env: Mapping[str, str] | None = None,
    on_line: LineHandler | None = None,
    log: CappedLog | None = None,
    head_lines: int = 40,
    tail_lines: int = 80,
    on_tick: TickHandler | None = None,
    tick_s: float = 1.0,
) -> ProcessResult:
    """Run `argv` to completion or until `timeout_s`; never raises for the child's own failure."""
    argv = [os.fspath(a) for a in argv]
    if not argv or not argv[0]:
        raise UserError("empty command; pass the program and its arguments as a list")
    with_nul = next((a for a in argv if "\x00" in a), None)
    if with_nul is not None:
        raise UserError(
            f"argument {with_nul!r} holds a NUL character, which no program can receive; remove it from the command"
        )
    if not math.isfinite(timeout_s) or timeout_s <= 0:
        raise UserError("timeout_s must be a positive number of seconds")
    keeper = OutputKeeper(head_lines, tail_lines)
    started = time.monotonic()
    timed_out = stopped_early = False
    try:
        process: Process = await anyio.open_process(
            argv,
            cwd=cwd,
            env=child_env(env),
            stdin=subprocess.DEVNULL,  # never the server's own stdin (the stdio transport's channel)
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    except FileNotFoundError as exc:
        raise UserError(f"cannot run {argv[0]!r}: not found; check the command or the --python interpreter") from exc
    except PermissionError as exc:
        raise UserError(f"cannot run {argv[0]!r}: permission denied") from exc
    cap_memory(process.pid, memory_mb)
    pipe = pipe_of(process.pid)

    async def pump() -> None:
        """Feed each output line to `handle`; after an early stop, the output that follows is dropped."""
        nonlocal stopped_early
        assert process.stdout is not None
        pending = b""
        try:
            async for chunk in process.stdout:
                pending += chunk
                *lines, pending = pending.split(b"\n")
                for raw in lines:
                    if await handle(raw):
                        stopped_early = True
                        kill_group(process.pid)
                        return
                if len(pending) > MAX_LINE_CHARS * 4:
                    pending = pending[: MAX_LINE_CHARS * 4]
            if pending:
                await handle(pending)
        finally:
            pumped.set()

    exited = anyio.Event()
    pumped = anyio.Event()

    async def ticker() -> None:
        assert on_tick is not None
        while True:
            with anyio.move_on_after(tick_s):
                await exited.wait()
            if exited.is_set():
                return
            await on_tick()

    async def handle(raw: bytes) -> bool:
        line = raw.decode("utf-8", "replace").rstrip("\r")[:MAX_LINE_CHARS]
        keeper.add(line)
        if log is not None:
            log.write_line(line)
        return bool(on_line and await on_line(line))

    try:
        with anyio.move_on_after(timeout_s) as scope:
            async with anyio.create_task_group() as tasks:
                tasks.start_soon(pump)
                if on_tick is not None:
                    tasks.start_soon(ticker)
                await process.wait()  # the run ends when its main process does
                exited.set()
                kill_group(process.pid)  # its orphans too, so that the pipe closes and pump ends
                with anyio.move_on_after(DRAIN_AFTER_EXIT_S):
                    await pumped.wait()
                if not pumped.is_set():  # something outside the group still holds the pipe open
                    kill_pipe_holders(pipe)
                    tasks.cancel_scope.cancel()
        timed_out = scope.cancelled_caught
    finally:
        kill_group(process.pid)
        with anyio.CancelScope(shield=True):
            await process.wait()
            await process.aclose()
    return ProcessResult(
        argv=argv,
        exit_code=process.returncode,
        duration_s=round(time.monotonic() - started, 3),
        timed_out=timed_out,
        stopped_early=stopped_early,
        head=keeper.head,
        tail=list(keeper.tail),
        dropped_lines=keeper.dropped,
        memory_mb=memory_mb,
    )
