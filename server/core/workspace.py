"""Confinement of every path a tool takes to the workspace roots given at start."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import InputNotFoundError, OutsideWorkspaceError, UserError

Vet = Callable[[Path], Path]
"""The gate a reader passes every file through before opening it: returns the file's real path, or raises
`UserError` (outside the workspace through a symlink, not a regular file). `Workspace.vet_file` is the one
`read_logs` hands the readers; `regular_file` (no workspace known) refuses non-regular files only."""


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
    """The `Vet` of readers called without a workspace (benchmarks, tests): refuses non-regular files only."""
    require_regular_file(path)
    return path


def present_file(path: Path) -> bool:
    """Whether a reader looking for `path` found it: anything there but a folder, to be handed to the `Vet`
    (which says why a named pipe or a link out of the workspace is refused, instead of ignoring it)."""
    return path.exists() and not path.is_dir()
