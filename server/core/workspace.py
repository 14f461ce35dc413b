"""Confinement of every path a tool takes to the workspace roots given at start."""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from .errors import InputNotFoundError, OutsideWorkspaceError, UnreadableInputError, UserError

Vet = Callable[[Path], Path]
"""The gate a reader passes every file through before opening it: returns the file's real path, or raises
`UserError` (outside the workspace through a symlink, not a regular file). `Workspace.vet_file` is the one
`read_logs` hands the readers; `regular_file` (no workspace known) refuses non-regular files only. A reader opens
the path it returns with `open_vetted`, which checks the file actually opened is that one."""

READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
"""Opening for reading never blocks on a named pipe swapped in after a check (the descriptor is then refused)."""


@dataclass(frozen=True)
class Workspace:
    """The folders the server may read (and, through patches, write) in.

    `resolve` is the single gate: a path is made absolute against the first
    root, resolved with symlinks followed, and must then lie inside one root.
    """

    roots: tuple[Path, ...]

    @classmethod
    def of(
        cls, roots: Iterable[str | os.PathLike[str]], *, allow_broad: bool = False, implied: bool = False
    ) -> Workspace:
        """The workspace of `roots` (folders that must exist). With `allow_broad` False, `/`, the home folder and
        the folders above it are refused; `implied` says the root came from the current folder, for the error."""
        resolved = tuple(existing_folder(root) for root in roots)
        if not resolved:
            raise UserError("no workspace root given; pass --workspace DIR")
        for root in resolved:
            why = None if allow_broad else too_broad(root)
            if why:
                how = "the current folder (no --workspace given)" if implied else "--workspace"
                raise UserError(
                    f"the workspace would be {root}, {why}, from {how}; tools could read every file in it. "
                    "Pass the project's folder: --workspace /path/to/project (or --allow-broad-workspace to "
                    "serve it anyway)"
                )
        return cls(resolved)

    @property
    def primary(self) -> Path:
        return self.roots[0]

    def resolve(self, path: str | os.PathLike[str], *, must_exist: bool = True) -> Path:
        """Return the real absolute path of `path`, refusing anything outside the roots."""
        text = os.fspath(path)
        if not text or not text.strip():
            raise UserError("empty path; pass a file or folder inside the workspace")
        if "\x00" in text:
            raise UserError("path contains a NUL byte; pass a plain file or folder path")
        candidate = Path(text).expanduser()
        if not candidate.is_absolute():
            candidate = self.primary / candidate
        real = candidate.resolve(strict=False)
        if not self.holds(real):
            raise OutsideWorkspaceError(
                f"{text} resolves to {real}, outside the workspace ({self.roots_text}); "
                "pass a path inside it or start the server with --workspace covering it"
            )
        if must_exist and not real.exists():
            raise InputNotFoundError(f"{text} does not exist (looked at {real}); check the path")
        return real

    def holds(self, real: Path) -> bool:
        """Whether the (already resolved) path lies inside one of the roots."""
        return any(real == root or real.is_relative_to(root) for root in self.roots)

    @property
    def roots_text(self) -> str:
        return ", ".join(str(r) for r in self.roots)

    def vet_file(self, path: Path) -> Path:
        """The gate for a file a reader found inside a folder (`Vet`): its real path, symlinks followed, must lie
        inside the roots and be a regular file; checked without opening it (opening a named pipe blocks)."""
        shown = self.relative(path)
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError) as exc:  # a dangling or looping symlink
            raise UserError(f"{shown} cannot be followed to a file ({exc})") from exc
        if not self.holds(real):
            raise OutsideWorkspaceError(
                f"{shown} is a link to {real}, outside the workspace ({self.roots_text}); it is not read"
            )
        require_regular_file(real, shown)
        return real

    def resolve_file(self, path: str | os.PathLike[str], role: str) -> Path:
        """`resolve`, for a path that must be a regular file; `role` says what the file is for, in the error."""
        resolved = self.resolve(path)
        require_regular_file(resolved, os.fspath(path), role)
        return resolved

    def resolve_folder(self, path: str | os.PathLike[str], role: str) -> Path:
        """`resolve`, for a path that must be a folder; `role` says what the folder is for, in the error."""
        folder = self.resolve(path)
        if not folder.is_dir():
            raise UserError(f"{os.fspath(path)} is not a folder; pass {role}")
        return folder

    def open_file(self, path: str | os.PathLike[str], mode: str = "rb", role: str = "a file", **text: Any) -> IO[Any]:
        """The gate for reading: open `path` (links followed) and return the open file if what was actually
        opened is a regular file inside the roots, judged on the descriptor (its real path), not on a path
        checked earlier, so a link swapped in after a check cannot lead out. `text` goes to `open`
        (encoding, errors, newline)."""
        text_path = os.fspath(path)
        candidate = Path(text_path).expanduser()
        if not candidate.is_absolute():
            candidate = self.primary / candidate
        return open_checked(candidate, text_path, self.holds, mode, role, **text)

    def relative(self, path: Path) -> str:
        """A short name for `path`: relative to the root holding it when possible."""
        for root in self.roots:
            if path == root or path.is_relative_to(root):
                rel = path.relative_to(root)
                return str(rel) if str(rel) != "." else path.name or str(path)
        return str(path)


def existing_folder(root: str | os.PathLike[str]) -> Path:
    """The real path of a workspace root, which must be an existing folder."""
    shown = os.fspath(root)
    try:
        folder = Path(shown).expanduser().resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "cannot be followed"
        raise UserError(f"workspace folder {shown}: {reason.lower()}; pass an existing project folder") from exc
    if not folder.is_dir():
        raise UserError(f"workspace root {folder} is not a directory; pass the project's folder")
    return folder


def too_broad(root: Path) -> str | None:
    """Why `root` is too broad to serve as a workspace (the whole file system, the home folder or a folder
    holding it), or None."""
    if root == Path(root.anchor):
        return "the whole file system"
    try:
        home = Path.home().resolve()
    except (RuntimeError, KeyError, OSError):  # no home folder known: nothing more to refuse
        return None
    if root == home:
        return "your home folder"
    if home.is_relative_to(root):
        return f"a folder holding your home folder {home}"
    return None


def require_regular_file(
    path: Path, shown: str | None = None, role: str = "a log file or a run folder"
) -> os.stat_result:
    """Refuse folders, named pipes, devices and sockets without opening them (opening a FIFO blocks)."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        kind = "a named pipe" if stat.S_ISFIFO(info.st_mode) else "not a regular file"
        raise UserError(f"{shown or path} is {kind}; pass {role}")
    return info


def regular_file(path: Path) -> Path:
    """The `Vet` of readers called without a workspace (benchmarks, tests): refuses non-regular files only; returns
    the real path, as `open_vetted` expects."""
    require_regular_file(path)
    return path.resolve()


def present_file(path: Path) -> bool:
    """Whether a reader looking for `path` found it: anything there but a folder, to be handed to the `Vet`
    (which says why a named pipe or a link out of the workspace is refused, instead of ignoring it)."""
    return path.exists() and not path.is_dir()


def descriptor_path(fd: int) -> Path | None:
    """The real path of the file or folder `fd` is open on (Linux `/proc/self/fd`, macOS `F_GETPATH`); None where
    the system cannot say. A file deleted since it was opened has no path inside any root."""
    try:
        return Path(os.readlink(f"/proc/self/fd/{fd}"))
    except OSError:
        pass
    get_path = getattr(fcntl, "F_GETPATH", None)
    if get_path is None:
        return None
    return Path(os.fsdecode(fcntl.fcntl(fd, get_path, bytes(1024)).split(b"\0", 1)[0]))


def open_checked(
    path: Path, shown: str, accept: Callable[[Path], bool], mode: str = "rb", role: str = "a file", **text: Any
) -> IO[Any]:
    """Open `path` for reading and keep it only if the descriptor is a regular file whose real path `accept`s."""
    if "\x00" in shown or not shown.strip():
        raise UserError("empty path or NUL byte in a path; pass a plain file path inside the workspace")
    if any(flag in mode for flag in "wax+"):
        raise ValueError(f"open_checked reads only, not mode {mode!r}")
    try:
        fd = os.open(path, READ_FLAGS)
    except FileNotFoundError as exc:
        raise InputNotFoundError(f"{shown} does not exist; check the path") from exc
    except OSError as exc:
        raise UserError(f"{shown} cannot be opened ({exc.strerror or exc}); pass {role}") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a named pipe" if stat.S_ISFIFO(info.st_mode) else "not a regular file"
            raise UserError(f"{shown} is {kind}; pass {role}")
        real = descriptor_path(fd)
        if real is None:  # no way to ask the descriptor: the file the path names now must be the one opened
            real = Path(os.path.realpath(path))
            now = os.stat(real)
            if (now.st_dev, now.st_ino) != (info.st_dev, info.st_ino):
                raise UserError(f"{shown} changed while it was opened; try again")
        if not accept(real):
            raise OutsideWorkspaceError(
                f"{shown} opened {real}, outside the workspace (a link, perhaps swapped in after the check); "
                "it is not read"
            )
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        return os.fdopen(fd, mode, **text)
    except BaseException:
        os.close(fd)
        raise


def open_vetted(real: Path, mode: str = "rb", **text: Any) -> IO[Any]:
    """Open the file a `Vet` returned (its real path): refused unless the descriptor is that very file, so a link
    swapped in between the vetting and the opening is not followed out of the workspace."""
    return open_checked(real, str(real), real.__eq__, mode, **text)


def read_small_text(real: Path, max_bytes: int, what: str, instead: str) -> str:
    """The UTF-8 text of a vetted file (`open_vetted`) of at most `max_bytes`, its size taken from the descriptor
    opened; a larger file is refused unread with `UnreadableInputError` ("more than `what`; `instead`").
    `UnicodeDecodeError` is left to the caller, who knows what the file should be."""
    with open_vetted(real, "r", encoding="utf-8") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > max_bytes:
            raise UnreadableInputError(
                f"{real.name} is {size / 2**20:.1f} MiB, more than {what} ({max_bytes >> 20} MiB at most); {instead}"
            )
        return handle.read()


def descriptors_on(identity: tuple[int, int]) -> int | None:
    """How many descriptors of this process are open on the file `identity` (device, inode); None without
    `/proc/self/fd`."""
    try:
        names = os.listdir("/proc/self/fd")
    except OSError:
        return None
    count = 0
    for name in names:
        with contextlib.suppress(OSError):
            info = os.stat(f"/proc/self/fd/{name}")
            count += (info.st_dev, info.st_ino) == identity
    return count


def connect_sqlite_readonly(real: Path) -> sqlite3.Connection:
    """A read-only SQLite connection on the file a `Vet` returned. SQLite opens by path, so the file is opened
    through the gate first (its device and inode noted, the descriptor closed before SQLite takes any lock), and
    once SQLite has opened it, `sqlite_opened` checks SQLite's own descriptor is on that very file."""
    with open_vetted(real, "rb") as held:
        info = os.fstat(held.fileno())
    connection = sqlite3.connect(f"file:{quote(str(real))}?mode=ro", uri=True)
    try:
        sqlite_opened(connection, real, (info.st_dev, info.st_ino))
    except BaseException:
        connection.close()
        raise
    return connection


def sqlite_opened(connection: sqlite3.Connection, path: Path, identity: tuple[int, int]) -> None:
    """Refuse the connection unless the file SQLite opened for `path` is the one checked (`identity`): a link
    swapped in between the check and SQLite's open is caught right after."""
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()  # SQLite opens the file now
    held = descriptors_on(identity)
    if held is None:  # no /proc: the path must at least still name the file checked
        now = os.stat(path)
        held = int((now.st_dev, now.st_ino) == identity)
    if not held:
        raise UserError(f"{path} changed while SQLite opened it (a link swapped in?); it is not used")
