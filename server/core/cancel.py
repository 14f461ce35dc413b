"""Work on worker threads that stops when its caller is cancelled, and a bounded pool for the heavy kind.

A thread cannot be interrupted: a client that cancels a read leaves the thread reading, a core kept busy (forty
cancelled reads of a 64 MiB event file made `list_patches` take 49.6 s instead of 8 ms). So:

- `run_heavy(func, ...)` runs `func` on a worker thread with a cancel flag in a context variable; when the
  awaiting task is cancelled it sets the flag and returns at once; the readers call `check_cancelled()` in their
  loops (per chunk, per few thousand records) and the thread ends with `Cancelled` within one step.
- heavy work (reading logs, judging runs, plotting) shares `HEAVY_WORKERS` threads of its own, apart from
  anyio's default pool where the SDK runs quick sync tools (`list_patches`, `revert_patch`...): however many
  heavy calls wait, a quick call finds a thread at once.
"""

from __future__ import annotations

import contextvars
import os
import threading
from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread

T = TypeVar("T")

HEAVY_WORKERS = max(1, (os.cpu_count() or 2) - 1)
"""Heavy reads run at once: one core left for the event loop and quick calls (1 on a 2-core machine)."""
CHECK_EVERY = 4096
"""Records (lines, rows, TensorBoard records) a reader handles between two looks at the cancel flag: ~1 ms of work,
so a cancelled read stops within milliseconds while the look costs nothing measurable."""

CANCEL_GRACE_S = 2.0
"""How long a cancelled call waits, its thread still counted in the pool, for the thread to reach its next
`check_cancelled()`; past it (a reader with no check in a long step) the thread is left to finish alone."""
POLL_S = 0.005
"""How often the cancelled call looks whether its thread has ended."""

_flag: contextvars.ContextVar[threading.Event | None] = contextvars.ContextVar("ml_skills_cancel", default=None)
HEAVY = anyio.CapacityLimiter(HEAVY_WORKERS)
"""The pool of heavy work (anyio binds it to the running event loop on use)."""


class Cancelled(Exception):  # noqa: N818 - named for what happened, like anyio's own
    """The caller of this work was cancelled; raised inside the worker thread to end it."""


def check_cancelled() -> None:
    """Raise `Cancelled` when the work running on this thread was cancelled by its caller (else nothing)."""
    flag = _flag.get()
    if flag is not None and flag.is_set():
        raise Cancelled("cancelled by the client")


async def run_heavy(func: Callable[..., T], *args: object) -> T:
    """`func(*args)` on a worker thread, at most HEAVY_WORKERS at once. Cancelling the awaiting task sets the
    thread's cancel flag and waits (up to CANCEL_GRACE_S, holding its place in the pool) for the thread to stop
    at its next `check_cancelled()`."""
    flag = threading.Event()
    ended = threading.Event()

    def work() -> T:
        _flag.set(flag)  # in the thread's own copy of the caller's context
        try:
            return func(*args)
        finally:
            ended.set()

    async with HEAVY:
        try:
            return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
        except anyio.get_cancelled_exc_class():
            flag.set()
            with anyio.CancelScope(shield=True), anyio.move_on_after(CANCEL_GRACE_S):
                while not ended.is_set():
                    await anyio.sleep(POLL_S)
            raise
