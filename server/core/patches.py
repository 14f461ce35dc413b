"""Reversible patches in a git repository of the workspace: apply a unified diff, revert it byte for byte.

Checks before anything is written, in order:
1. the repository: the folder given is inside the workspace and inside a git
   work tree whose top is inside the workspace too;
2. the diff's own file headers, parsed here: every path relative, without
   `..`, not under `.git/` or the server's `.ml-skills/`, not through a
   symbolic link (in or out of the repository), no binary patches, no
   renames or copies, no symlink or submodule modes;
3. every file the patch changes or deletes is tracked by git and has no uncommitted
   changes (staged or not); a file git does not track (untracked or git-ignored)
   is never patched; nothing at all (ignored or not) sits where the patch creates
   a file: the user's work is never overwritten;
4. `git apply --check`, and `git apply --numstat` touching only those paths.

The new bytes are made by `git apply` on copies of the files, outside the working tree. Then, so that a
kill at any instant leaves the tree all-old or all-new with the ledger saying which: the bytes before and
after are saved under `.ml-skills/patches/<id>/` (on disk), the ledger records the intent (`applying`,
committed), each file is swapped in whole (temporary file, fsync, rename, through folder descriptors that
refuse a folder swapped for a link), and the ledger says `applied`. `revert_patch` does the same the other
way (`reverting`, then `reverted`). A failure midway puts back what was written. An operation a dead server
left half-done (its `patches.lock` free) is undone by `recover` at the next start or patch call. The change is
left in the working tree, NOT committed: the user sees it in `git diff` and decides. Each patch gets an id
(`p-<8 hex>`). A locked or damaged ledger is refused before anything is written.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import secrets
import shutil
import socket
import stat
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from pydantic import BaseModel, Field

from . import tree_io
from .errors import UserError
from .ledger import LEDGER_FILE, Ledger, utc_now
from .state import ensure_state_dir
from .workspace import Workspace

PATCH_ID = re.compile(r"p-[0-9a-f]{8}")
FORBIDDEN_DIRS = (".git", ".ml-skills")
MAX_DIFF_BYTES = 5 * 1024 * 1024
LOCK = threading.Lock()
"""Patches of one server are applied and reverted one at a time (and across servers, `patch_lock`)."""
LOCK_WAIT_S = 10.0
"""How long a patch operation waits for another server's to finish: one takes well under a second (bench_kill)."""

Status = Literal["modified", "added", "deleted"]
Side = Literal["pre", "post"]


class FileChange(BaseModel):
    path: str = Field(description="Path relative to the repository top.")
    status: Status
    added: int = Field(description="Lines added.")
    removed: int = Field(description="Lines removed.")


class PatchResult(BaseModel):
    patch_id: str | None = Field(description="Id for revert_patch (null on a dry run).")
    applied: bool = Field(description="False on a dry run: nothing was written.")
    repo: str = Field(description="The repository top, relative to the workspace.")
    files: list[FileChange]
    diffstat: str = Field(description="One line per file, like git's: 'train.py | +2 -1'.")
    message: str | None = None
    note: str = Field(description="What happened and what to do next.")


class RevertResult(BaseModel):
    patch_id: str
    restored: list[str] = Field(description="Files put back to their bytes before the patch.")
    removed: list[str] = Field(description="Files the patch had created, now removed.")


class PatchInfo(BaseModel):
    patch_id: str
    created: str = Field(description="When it was applied (UTC).")
    message: str | None
    repo: str
    files: list[str]
    state: Literal["applied", "reverted", "applying", "reverting", "interrupted"] = Field(
        description="applying/reverting: in progress (or cut short, finished at the next patch call); interrupted: "
        "cut short and could not be undone, its files need checking by hand."
    )
    reverted: str | None = Field(description="When it was reverted (UTC), if it was.")


@dataclass
class Header:
    path: str
    status: Status


def diff_path(raw: str) -> str | None:
    """The repo-relative path in a `---`/`+++` header (None for /dev/null), a/ b/ prefixes removed."""
    name = raw.split("\t", 1)[0].strip()
    if name == "/dev/null":
        return None
    if name.startswith('"'):
        raise UserError(f"the diff names a quoted path {name}; paths with unusual characters are not supported")
    if name.startswith("/"):
        raise UserError(f"{name!r}: patch paths must be relative to the repository top")
    if name.startswith(("a/", "b/")):
        return name[2:]
    raise UserError(f"the diff header path {name!r} lacks the a/ or b/ prefix; send a `git diff` style patch")


def parse_headers(diff: str) -> list[Header]:
    """Every file a unified diff touches, from its headers; refuses what the loop does not support."""
    headers: list[Header] = []
    old: str | None = None
    old_seen = False
    for line in diff.splitlines():
        if line.startswith("GIT binary patch") or (line.startswith("Binary files ") and line.endswith(" differ")):
            raise UserError("binary patches are refused; patch text files only")
        if line.startswith(("rename from ", "rename to ", "copy from ", "copy to ")):
            raise UserError("patches that rename or copy files are refused; send a deletion plus an addition")
        if line.startswith(("new file mode ", "new mode ", "deleted file mode ", "old mode ")):
            mode = line.rsplit(" ", 1)[-1]
            if mode not in ("100644", "100755"):
                raise UserError(f"file mode {mode} (symlink or submodule) is refused; patch regular files only")
        if line.startswith("--- "):
            old, old_seen = diff_path(line[4:]), True
        elif line.startswith("+++ ") and old_seen:
            new = diff_path(line[4:])
            old_seen = False
            if old is None and new is None:
                raise UserError("a diff header has /dev/null on both sides")
            if old is not None and new is not None and old != new:
                raise UserError(f"the diff renames {old} to {new}; send a deletion plus an addition")
            status: Status = "added" if old is None else "deleted" if new is None else "modified"
            headers.append(Header(path=new or old or "", status=status))
    if not headers:
        raise UserError("no file headers (--- a/x, +++ b/x) in the diff; pass a unified diff as `git diff` prints it")
    return headers


def check_path(top: Path, rel: str) -> Path:
    """The absolute target of `rel` inside the repository `top`; refuses anything that could escape it."""
    pure = PurePosixPath(rel)
    if not rel or pure.is_absolute() or rel.startswith("/") or "\\" in rel or re.match(r"^[A-Za-z]:", rel):
        raise UserError(f"{rel!r}: patch paths must be relative to the repository top")
    if any(part in ("..", ".", "") for part in rel.split("/")):
        raise UserError(f"{rel!r}: patch paths may not contain '..' or '.' segments")
    if any(part.casefold() in FORBIDDEN_DIRS for part in pure.parts):
        raise UserError(f"{rel!r}: patches may not touch .git/ or the server's .ml-skills/ folder")
    target = top
    for part in pure.parts:
        target = target / part
        if target.is_symlink():
            where = os.path.realpath(target)
            inside = Path(where).is_relative_to(top)
            raise UserError(
                f"{rel!r}: {target.relative_to(top)} is a symbolic link"
                + ("" if inside else f" pointing outside the repository ({where})")
                + "; patches never write through links, patch the real file instead"
            )
    return target


def find_repo(workspace: Workspace, repo: str):
    """The git repository holding `repo` (a folder in the workspace), whose top must be in the workspace too."""
    import git

    folder = workspace.resolve_folder(repo, "the repository (or a folder inside it)")
    try:
        found = git.Repo(folder, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
        raise UserError(f"{repo} is not inside a git repository; patches need git to check and show them") from exc
    if found.bare or found.working_tree_dir is None:
        raise UserError(f"{repo} is a bare repository; pass a working tree")
    top = Path(found.working_tree_dir).resolve()
    workspace.resolve(top)  # the top must be in the workspace too
    return found, top


def git_message(exc) -> str:
    """git's own words from a GitCommandError, without GitPython's framing."""
    detail = (exc.stderr or "").strip().replace("stderr: ", "").strip("' \n")
    return detail or str(exc)


def run_git(repo, command: str, *args: str) -> str:
    """`git <command> <args>` in the repository; a git failure becomes a UserError carrying git's message."""
    import git

    try:
        return getattr(repo.git, command.replace("-", "_"))(*args)
    except git.GitCommandError as exc:
        raise UserError(
            f"git {command} failed in {repo.working_tree_dir}: {git_message(exc)}; fix the repository "
            "(`git status` there shows the problem) and try again"
        ) from exc


def git_apply(repo, patch_file: Path, *options: str) -> str:
    import git

    try:
        return repo.git.apply(*options, "--", str(patch_file))
    except git.GitCommandError as exc:
        raise UserError(
            f"git apply refused the patch: {git_message(exc)}; regenerate it against the current files"
        ) from exc


def numstat(repo, patch_file: Path) -> dict[str, tuple[int, int]]:
    """Lines added/removed per path, as git itself reads the patch."""
    stats: dict[str, tuple[int, int]] = {}
    for line in git_apply(repo, patch_file, "--numstat").splitlines():
        added, removed, path = line.split("\t", 2)
        stats[path] = (int(added) if added.isdigit() else 0, int(removed) if removed.isdigit() else 0)
    return stats


def refuse_unsafe_targets(repo, top: Path, headers: list[Header]) -> None:
    """Refuse unless every file the patch changes is tracked by git and unchanged, and every file it creates is absent.

    A file git does not track (untracked or git-ignored, such as a local `secret.yaml`) is never patched:
    git holds no copy of it, so neither the user nor a revert could check it against git, and it may be
    the only copy of the user's work.
    """
    literal = [f":(literal){h.path}" for h in headers]
    tracked = set(run_git(repo, "ls-files", "-z", "--", *literal).split("\0"))
    status = run_git(repo, "status", "--porcelain=v1", "-z", "--untracked-files=no", "--", *literal)
    changed = {entry[3:] for entry in status.split("\0") if len(entry) > 3}
    in_the_way = [h.path for h in headers if h.status == "added" and os.path.lexists(top / h.path)]
    if in_the_way:
        raise UserError(
            f"refused: the patch creates {', '.join(in_the_way)}, but something (tracked, untracked or "
            "git-ignored) is already there. Nothing was written. Move it aside first, or patch it as a change."
        )
    untracked = [h.path for h in headers if h.status != "added" and h.path not in tracked]
    if untracked:
        raise UserError(
            f"refused: {', '.join(untracked)} {'is' if len(untracked) == 1 else 'are'} not under version control "
            "(untracked or git-ignored), so the change could not be checked against git and a revert could not "
            "be either; the user's local file is precious. Nothing was written. Commit the file first, or edit "
            "it by hand."
        )
    dirty = sorted(changed & {h.path for h in headers})
    if dirty:
        raise UserError(
            f"refused: {', '.join(dirty)} {'has' if len(dirty) == 1 else 'have'} uncommitted changes. Nothing "
            "was written: the user's work is never at risk. Commit or stash those changes first, then apply "
            "the patch again."
        )


def diffstat(files: list[FileChange]) -> str:
    return "\n".join(
        f"{f.path} | +{f.added} -{f.removed}" + ("" if f.status == "modified" else f" ({f.status})") for f in files
    )


class ChangedMeanwhile(UserError):
    """A file of a patch holds neither its bytes from before nor those after: someone else wrote it."""


def temp_name(patch_id: str, index: int) -> str:
    """The temporary file beside the `index`-th file of a patch while it is swapped in (swept by a recovery)."""
    return f".ml-skills-{patch_id}-{index}.tmp"


def durable_copy(path: Path, data: bytes) -> None:
    """Write a copy in the patch's store, on disk before the ledger says it exists."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def fsync_folder(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def new_contents(
    store: Path, patch_file: Path, pre: dict[str, tuple[bytes, int] | None]
) -> dict[str, tuple[bytes, int] | None]:
    """Each file's bytes and mode after the patch, made by `git apply` on copies in a scratch folder (no repository
    around it), so the working tree is only ever written whole, file by file, by `bring_tree`."""
    work = store / "work"
    work.mkdir()
    try:
        for rel, found in pre.items():
            if found is not None:
                copy = work / rel
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.write_bytes(found[0])
                copy.chmod(found[1])
        env = os.environ | {"GIT_CEILING_DIRECTORIES": str(store)}  # git finds no repository above the copies
        done = subprocess.run(
            ["git", "apply", "--", str(patch_file)], cwd=work, env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise UserError(
                f"git apply refused the patch: {done.stderr.strip()}; regenerate it against the current files"
            )
        post: dict[str, tuple[bytes, int] | None] = {}
        for rel in pre:
            copy = work / rel
            post[rel] = (copy.read_bytes(), stat.S_IMODE(copy.stat().st_mode)) if copy.is_file() else None
        return post
    finally:
        shutil.rmtree(work, ignore_errors=True)


def prepare(store: Path, top: Path, headers: list[Header], patch_file: Path) -> list[dict]:
    """Save every touched file's bytes before and after the patch in `store` (on disk); return the records."""
    pre = {h.path: tree_io.read_file(top, h.path) for h in headers}
    post = new_contents(store, patch_file, pre)
    records = []
    for index, header in enumerate(headers):
        record: dict = {"path": header.path, "status": header.status}
        for side, found in (("pre", pre[header.path]), ("post", post[header.path])):
            record[f"{side}_sha256"] = record[f"{side}_mode"] = None
            if found is not None:
                durable_copy(store / f"{index}.{side}", found[0])
                record.update({f"{side}_sha256": hashlib.sha256(found[0]).hexdigest(), f"{side}_mode": found[1]})
                record[side if side == "post" else "copy"] = f"{index}.{side}"
        target = top / header.path
        missing = [p for p in target.parents if p.is_relative_to(top) and not os.path.lexists(p)]
        record["created_dirs"] = [str(p.relative_to(top)) for p in missing]
        records.append(record)
    fsync_folder(store)
    return records


def copy_name(record: dict, side: Side) -> str:
    return record["copy"] if side == "pre" else record["post"]


def bring_tree(top: Path, store: Path, records: list[dict], side: Side, patch_id: str) -> None:
    """Make every file of the patch hold its bytes from before (`pre`) or after (`post`) the patch, file by file,
    each swapped in whole; files already there are left alone, so a call cut short is simply made again.
    Refuses (writing nothing more) a file that holds neither, which someone else changed."""
    for index, record in enumerate(records):
        tree_io.remove_stray(top, record["path"], temp_name(patch_id, index))
        now = tree_io.file_hash(top, record["path"])
        want = record[f"{side}_sha256"]
        if now == want:
            continue
        if now == tree_io.NOT_A_FILE:
            raise UserError(
                f"{record['path']} (or a folder on its way) is now a link or not a regular file; patch {patch_id} "
                "was not written through it. Put the folder back and try again"
            )
        if now not in (record["pre_sha256"], record["post_sha256"]):
            raise ChangedMeanwhile(
                f"{record['path']} changed while patch {patch_id} was being written or reverted (it holds neither "
                "the bytes from before the patch nor those after); it was left as it is. Check it with `git diff`"
            )
        if want is None:
            tree_io.remove_file(top, record["path"])
        else:
            data = (store / copy_name(record, side)).read_bytes()
            tree_io.put_file(
                top, record["path"], data, record[f"{side}_mode"], temp_name(patch_id, index), create=now is None
            )
    if side == "pre":
        tree_io.remove_empty_folders(top, [d for r in records for d in r.get("created_dirs", [])])


@contextlib.contextmanager
def patch_lock(state_dir: Path, *, wait: bool = True) -> Iterator[bool]:
    """The workspace's patch lock (an exclusive `flock` on `.ml-skills/patches.lock`), held by the one server
    process applying, reverting or recovering a patch; the system lets it go when that process dies, so a patch
    left half-done whose lock is free has no live owner. Yields False when `wait` is off and it is taken."""
    lock_path = ensure_state_dir(state_dir) / "patches.lock"
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        deadline = time.monotonic() + (LOCK_WAIT_S if wait else 0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    if not wait:
                        yield False
                        return
                    raise UserError(
                        f"another ml-skills server is applying or reverting a patch in this workspace (for over "
                        f"{LOCK_WAIT_S:g} s); nothing was written. Try again in a moment"
                    ) from None
                time.sleep(0.05)
        yield True
    finally:
        os.close(fd)  # lets the lock go


def owner() -> dict:
    return {"pid": os.getpid(), "host": socket.gethostname()}


def recover(workspace: Workspace, state_dir: Path) -> list[str]:
    """Finish any patch operation a dead server left half-done (call with the patch lock held): an apply is undone
    (its files get their bytes from before, its entry and copies go), a revert too (the files get the patched bytes
    back, the entry says applied again); stray temporary files go, and copies no entry names. Returns what was done."""
    ledger = Ledger(state_dir)
    done: list[str] = []
    known = set()
    for entry in ledger.all("patch"):
        known.add(entry.key)
        data = entry.data
        if data["state"] not in ("applying", "reverting"):
            continue
        store = state_dir / "patches" / entry.key
        top = Path(data["repo"])
        side: Side = "pre" if data["state"] == "applying" else "post"
        try:
            workspace.resolve(top)
            bring_tree(top, store, data["files"], side, entry.key)
        except ChangedMeanwhile as exc:
            ledger.update("patch", entry.key, data | {"state": "interrupted", "note": str(exc)})
            done.append(f"patch {entry.key}: cut short and could not be undone ({exc}); check its files by hand")
            continue
        except OSError as exc:
            raise UserError(
                f"patch {entry.key} was cut short (server stopped) and could not be finished yet: {exc}; nothing "
                "else was written. Fix the cause and try again"
            ) from exc
        except UserError as exc:
            raise UserError(
                f"patch {entry.key} was cut short (server stopped) and could not be finished yet: {exc}"
            ) from exc
        if side == "pre":
            ledger.delete("patch", entry.key)
            shutil.rmtree(store, ignore_errors=True)
            done.append(f"patch {entry.key}: its apply was cut short; undone, the files are as before it")
        else:
            ledger.update("patch", entry.key, data | {"state": "applied", "owner": None})
            done.append(f"patch {entry.key}: its revert was cut short; undone, the patch is still applied")
    folder = state_dir / "patches"
    if folder.is_dir():
        for store in folder.iterdir():
            if store.is_dir() and not store.is_symlink() and store.name not in known:
                shutil.rmtree(store, ignore_errors=True)  # copies of an apply killed before its entry was written
    return done


def recover_at_start(workspace: Workspace, state_dir: Path) -> list[str]:
    """`recover`, at server start, when there is a ledger and no other live server is in a patch operation."""
    if not (state_dir / LEDGER_FILE).is_file():
        return []
    with LOCK, patch_lock(state_dir, wait=False) as held:
        return recover(workspace, state_dir) if held else []


def refuse_unrevertable(store: Path, top: Path, records: list[dict], patch_id: str) -> None:
    """Check every file before writing any: unchanged since the patch, and its stored copies intact."""
    changed, damaged = [], []
    for record in records:
        check_path(top, record["path"])
        if tree_io.file_hash(top, record["path"]) != record["post_sha256"]:
            changed.append(record["path"])
        target = top / record["path"]
        blocked = [p for p in target.parents if p.is_relative_to(top) and os.path.lexists(p) and not p.is_dir()]
        copies_ok = all(
            record[f"{side}_sha256"] is None or stored_hash(store / copy_name(record, side)) == record[f"{side}_sha256"]
            for side in ("pre", "post")
            if side == "pre" or "post" in record
        )
        if not copies_ok or (record["pre_sha256"] is not None and blocked):
            damaged.append(record["path"])
    if changed:
        raise UserError(
            f"refused: {', '.join(changed)} changed since patch {patch_id} was applied; reverting would lose "
            "those edits. Undo them (or revert by hand with `git diff`) and try again. Nothing was written."
        )
    if damaged:
        raise UserError(
            f"refused: the copy of {', '.join(damaged)} from before patch {patch_id} is missing or damaged "
            f"(under {store}), or a file now sits where its folder was; nothing was written. Revert by hand "
            "with `git diff` / `git restore`."
        )


def stored_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def write_failed(exc: BaseException, patch_id: str) -> UserError:
    """The error of a write that failed midway and was undone."""
    if isinstance(exc, UserError):
        return UserError(f"{exc}; the files already written were put back, so the tree is as it was before this call")
    failing = getattr(exc, "filename", None) or "a file"
    detail = getattr(exc, "strerror", None) or exc
    return UserError(
        f"could not write {failing} ({detail}) for patch {patch_id}; the files already written were put back, so "
        "the tree is as it was before this call: nothing changed. Fix the cause and try again."
    )


def not_put_back(exc: BaseException, again: BaseException, patch_id: str) -> UserError:
    """The error of a write that failed midway and whose undoing failed too (the ledger still says so)."""
    return UserError(
        f"writing patch {patch_id} failed ({exc}) and putting the files back failed too ({again}); the ledger "
        "keeps the operation as cut short, and the next patch call or server start puts the files back. Fix "
        "the cause (disk space, permissions, a link where a folder was), then call list_patches"
    )


def apply_patch(
    workspace: Workspace, state_dir: Path, diff: str, repo: str = ".", dry_run: bool = False, message: str | None = None
) -> PatchResult:
    """Check a unified diff thoroughly, then (unless `dry_run`) apply it to the working tree and record it.

    The order makes it safe under a kill: the bytes before and after are saved, then the ledger records the intent
    (state `applying`), then the files are swapped in one by one, then the ledger says `applied`. A server killed
    in between leaves `applying`, which `recover` undoes at the next start or patch operation.
    """
    if not isinstance(diff, str) or not diff.strip():
        raise UserError("empty diff; pass a unified diff (as `git diff` prints it)")
    if len(diff.encode()) > MAX_DIFF_BYTES:
        raise UserError("the diff is larger than 5 MB; split it into smaller patches")
    if not diff.endswith("\n"):
        diff += "\n"
    found, top = find_repo(workspace, repo)
    headers = parse_headers(diff)
    for header in headers:
        check_path(top, header.path)
    ledger = Ledger(state_dir)
    with LOCK, patch_lock(state_dir):
        ledger.check_writable()
        recover(workspace, state_dir)
        patch_id = f"p-{secrets.token_hex(4)}"
        store = ensure_state_dir(state_dir, "patches", patch_id)
        patch_file = store / "patch.diff"
        patch_file.write_text(diff, encoding="utf-8")
        try:
            refuse_unsafe_targets(found, top, headers)
            git_apply(found, patch_file, "--check")
            stats = numstat(found, patch_file)
            unexpected = sorted(set(stats) - {h.path for h in headers})
            if unexpected:
                raise UserError(
                    f"git reads the patch as touching {', '.join(unexpected)}, which its headers do not name; refused"
                )
            files = [
                FileChange(
                    path=h.path,
                    status=h.status,
                    added=stats.get(h.path, (0, 0))[0],
                    removed=stats.get(h.path, (0, 0))[1],
                )
                for h in headers
            ]
            if dry_run:
                shutil.rmtree(store)
                return PatchResult(
                    patch_id=None,
                    applied=False,
                    repo=workspace.relative(top),
                    files=files,
                    diffstat=diffstat(files),
                    message=message,
                    note="dry run: the patch applies cleanly; nothing was written",
                )
            records = prepare(store, top, headers, patch_file)
            data = {
                "message": message,
                "repo": str(top),
                "files": records,
                "state": "applying",
                "reverted": None,
                "diff": diff,
                "owner": owner(),
            }
            ledger.record("patch", patch_id, data)
        except BaseException:  # a refusal, or anything unexpected: leave no half-made record behind
            shutil.rmtree(store, ignore_errors=True)
            raise
        try:
            bring_tree(top, store, records, "post", patch_id)
            ledger.update("patch", patch_id, data | {"state": "applied", "owner": None})
        except BaseException as exc:
            try:
                bring_tree(top, store, records, "pre", patch_id)
                ledger.delete("patch", patch_id)
            except (OSError, UserError) as again:
                raise not_put_back(exc, again, patch_id) from exc
            shutil.rmtree(store, ignore_errors=True)
            if isinstance(exc, (OSError, UserError)):
                raise write_failed(exc, patch_id) from exc
            raise
    return PatchResult(
        patch_id=patch_id,
        applied=True,
        repo=workspace.relative(top),
        files=files,
        diffstat=diffstat(files),
        message=message,
        note=f"applied to the working tree, not committed (see `git diff`); undo with revert_patch('{patch_id}')",
    )


def revert_patch(workspace: Workspace, state_dir: Path, patch_id: str) -> RevertResult:
    """Restore the files a patch touched, byte for byte; refuse when any changed since it was applied.

    Safe under a kill like `apply_patch`: the ledger says `reverting` before any file is written and `reverted`
    after the last; a revert cut short is undone by `recover` (the patch is then still applied).
    """
    patch_id = patch_id.strip()
    if not PATCH_ID.fullmatch(patch_id):
        raise UserError(f"{patch_id!r} is not a patch id (p- and 8 hex digits); see list_patches")
    ledger = Ledger(state_dir)
    with LOCK, patch_lock(state_dir):
        ledger.check_writable()
        recover(workspace, state_dir)
        entry = ledger.get("patch", patch_id)
        if entry is None:
            raise UserError(f"no patch {patch_id} in the ledger; see list_patches")
        data = entry.data
        if data["state"] == "reverted":
            raise UserError(f"patch {patch_id} was already reverted at {data['reverted']}")
        if data["state"] != "applied":
            raise UserError(f"patch {patch_id} is {data['state']}: {data.get('note', '')}; revert it by hand")
        top = workspace.resolve(data["repo"])
        store = state_dir / "patches" / patch_id
        records = data["files"]
        refuse_unrevertable(store, top, records, patch_id)
        for index, record in enumerate(records):  # a patch recorded before copies of its result were kept
            if record["post_sha256"] is not None and "post" not in record:
                found = tree_io.read_file(top, record["path"])
                durable_copy(store / f"{index}.post", found[0] if found else b"")
                record["post"] = f"{index}.post"
        ledger.update("patch", patch_id, data | {"files": records, "state": "reverting", "owner": owner()})
        try:
            bring_tree(top, store, records, "pre", patch_id)
        except BaseException as exc:
            try:
                bring_tree(top, store, records, "post", patch_id)
                ledger.update("patch", patch_id, data | {"files": records, "state": "applied", "owner": None})
            except (OSError, UserError) as again:
                raise not_put_back(exc, again, patch_id) from exc
            if isinstance(exc, (OSError, UserError)):
                raise write_failed(exc, patch_id) from exc
            raise
        ledger.update(
            "patch", patch_id, data | {"files": records, "state": "reverted", "reverted": utc_now(), "owner": None}
        )
    restored = [r["path"] for r in records if r["pre_sha256"] is not None]
    removed = [r["path"] for r in records if r["pre_sha256"] is None and r["post_sha256"] is not None]
    return RevertResult(patch_id=patch_id, restored=restored, removed=removed)


def list_patches(state_dir: Path, limit: int = 50) -> list[PatchInfo]:
    """The latest patches, oldest first, with their state."""
    return [
        PatchInfo(
            patch_id=e.key,
            created=e.created,
            message=e.data["message"],
            repo=e.data["repo"],
            files=[f["path"] for f in e.data["files"]],
            state=e.data["state"],
            reverted=e.data["reverted"],
        )
        for e in Ledger(state_dir).entries("patch", limit)
    ]
