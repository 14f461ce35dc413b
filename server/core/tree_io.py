"""Files under a repository top read and written through folder descriptors, each swap whole and durable.

Every folder between the top and a file is opened with `O_DIRECTORY | O_NOFOLLOW` from its parent's
descriptor, and the file itself is opened, renamed or removed relative to its folder's descriptor
(`dir_fd=`), so a folder swapped for a symbolic link while a patch is written or reverted is refused
instead of followed (no path is looked up twice). The top itself is opened once and checked to be the
folder it was resolved to. A file's new bytes go to a temporary file in the same folder (named by the
caller, so a recovery knows what to sweep), are flushed to disk (`fsync`), then renamed over the file:
a kill leaves the old bytes or the new ones, never half of each.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from .errors import UserError
from .workspace import descriptor_path

DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
NOT_A_FILE = "not-a-regular-file"
"""What `file_hash` says of a folder, link, pipe or device: never equal to a sha256."""
CHUNK = 1 << 20


def refused_link(rel: str, exc: OSError) -> UserError:
    return UserError(
        f"{rel}: it or a folder on its way is a symbolic link or not what it should be ({exc.strerror or exc}); "
        "patches never write through links. Nothing more was written; check the repository and try again"
    )


@contextlib.contextmanager
def folder(top: Path, rel: str, *, create: bool = False) -> Iterator[int]:
    """A descriptor on the folder holding `rel` (a path relative to `top`), each folder opened without
    following a link; missing folders are made when `create`."""
    fd = os.open(top, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        where = descriptor_path(fd)
        if where is not None and where != top:
            raise UserError(f"{top} changed while it was opened (now {where}); nothing was written")
        for part in PurePosixPath(rel).parts[:-1]:
            try:
                inner = os.open(part, DIR_FLAGS, dir_fd=fd)
            except FileNotFoundError:
                if not create:
                    raise
                os.mkdir(part, 0o777, dir_fd=fd)
                inner = os.open(part, DIR_FLAGS, dir_fd=fd)
            except OSError as exc:  # a link (ELOOP) or a file (ENOTDIR) where a folder should be
                raise refused_link(rel, exc) from exc
            os.close(fd)
            fd = inner
        yield fd
    finally:
        os.close(fd)


def read_file(top: Path, rel: str) -> tuple[bytes, int] | None:
    """The bytes and permission bits of the regular file `rel`, or None when nothing is there."""
    try:
        with folder(top, rel) as dir_fd:
            fd = os.open(PurePosixPath(rel).name, FILE_FLAGS, dir_fd=dir_fd)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise refused_link(rel, exc) from exc
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise UserError(f"{rel} is not a regular file; patches touch regular files only")
        return handle.read(), stat.S_IMODE(info.st_mode)


def file_hash(top: Path, rel: str) -> str | None:
    """The sha256 of the regular file `rel`; None when nothing is there; `NOT_A_FILE` for anything else."""
    try:
        with folder(top, rel) as dir_fd:
            fd = os.open(PurePosixPath(rel).name, FILE_FLAGS, dir_fd=dir_fd)
    except FileNotFoundError:
        return None
    except OSError:  # a link (ELOOP), a folder on the way that is a file (ENOTDIR), ...
        return NOT_A_FILE
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return NOT_A_FILE
        digest = hashlib.sha256()
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
        return digest.hexdigest()


def put_file(top: Path, rel: str, data: bytes, mode: int, temp_name: str, *, create: bool = False) -> None:
    """Make `rel` hold `data` with `mode`: written to `temp_name` in its folder, flushed, renamed over it; missing
    folders are made only when `create` (a file the patch adds): a folder that vanished mid-write is never remade."""
    name = PurePosixPath(rel).name
    with folder(top, rel, create=create) as dir_fd:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name, dir_fd=dir_fd)
        fd = os.open(temp_name, WRITE_FLAGS, 0o600, dir_fd=dir_fd)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fchmod(out.fileno(), mode)
                os.fsync(out.fileno())
            os.rename(temp_name, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp_name, dir_fd=dir_fd)
            raise
        os.fsync(dir_fd)


def remove_file(top: Path, rel: str) -> None:
    """Remove the file `rel` (nothing to do when it is gone)."""
    try:
        with folder(top, rel) as dir_fd:
            os.unlink(PurePosixPath(rel).name, dir_fd=dir_fd)
            os.fsync(dir_fd)
    except FileNotFoundError:
        return


def remove_stray(top: Path, rel: str, temp_name: str) -> bool:
    """Remove a temporary file `put_file` left beside `rel` when killed; whether there was one."""
    try:
        with folder(top, rel) as dir_fd:
            os.unlink(temp_name, dir_fd=dir_fd)
            return True
    except OSError:  # none there, or its folder is gone
        return False


def remove_empty_folders(top: Path, rels: list[str]) -> None:
    """Remove the folders `rels` (relative to `top`), deepest first, that are empty; leave the rest."""
    for rel in sorted(rels, key=lambda r: len(PurePosixPath(r).parts), reverse=True):
        with contextlib.suppress(OSError), folder(top, rel) as dir_fd:
            os.rmdir(PurePosixPath(rel).name, dir_fd=dir_fd)
