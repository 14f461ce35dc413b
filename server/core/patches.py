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

`git apply` is all-or-nothing (it checks every hunk before writing); should
it fail anyway, the files are put back from the copies taken just before.
The change is left in the working tree, NOT committed: the user sees it in
`git diff` and decides. Each patch gets an id (`p-<8 hex>`); the copies of the
files before (with their sha256) and the sha256 after are kept under
`.ml-skills/patches/<id>/` and in the ledger. `revert_patch` restores those
bytes (removing files the patch created), all or nothing: it first checks every
file (unchanged since the patch, its stored copy intact) and refuses if any is
not; then writes each through a temporary file and `os.replace`; should a write
still fail midway, the files already restored get their bytes back.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import shutil
import stat
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from pydantic import BaseModel, Field

from .errors import UserError
from .ledger import Ledger, utc_now
from .state import ensure_state_dir
from .workspace import Workspace

PATCH_ID = re.compile(r"p-[0-9a-f]{8}")
FORBIDDEN_DIRS = (".git", ".ml-skills")
MAX_DIFF_BYTES = 5 * 1024 * 1024
LOCK = threading.Lock()
"""Patches of one server are applied and reverted one at a time."""

Status = Literal["modified", "added", "deleted"]


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
    state: Literal["applied", "reverted"]
    reverted: str | None = Field(description="When it was reverted (UTC), if it was.")


@dataclass
class Header:
    path: str
    status: Status


def sha256(path: Path) -> str | None:
    """The file's sha256, or None when there is no file (a symlink is never followed)."""
    if path.is_symlink() or not path.is_file():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()


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


def save_pre_images(store: Path, top: Path, headers: list[Header]) -> list[dict]:
    """Copy each touched file's current bytes into `store`; note what did not exist."""
    records = []
    for index, header in enumerate(headers):
        target = top / header.path
        record: dict = {"path": header.path, "status": header.status, "pre_sha256": None, "pre_mode": None}
        if target.is_file():
            copy = store / f"{index}.pre"
            shutil.copyfile(target, copy)
            record.update(pre_sha256=sha256(copy), pre_mode=stat.S_IMODE(target.stat().st_mode), copy=copy.name)
        missing = [p for p in target.parents if not p.exists() and p.is_relative_to(top)]
        record["created_dirs"] = [str(p.relative_to(top)) for p in missing]
        records.append(record)
    return records


def put_file(target: Path, source: Path | None, mode: int | None) -> list[Path]:
    """Make `target` hold `source`'s bytes and `mode`, or remove it when `source` is None.

    The bytes go to a temporary file in the target's folder, then `os.replace` swaps it in, so the
    target is never half-written. Returns the folders made on the way (to take away on an undo).
    """
    if source is None:
        if os.path.lexists(target):
            target.unlink()
        return []
    made = [p for p in reversed(target.parents) if not os.path.lexists(p)]
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, staging = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".ml-skills-restore")
    try:
        with os.fdopen(handle, "wb") as out, source.open("rb") as original:
            shutil.copyfileobj(original, out)
        os.chmod(staging, mode if mode is not None else 0o644)
        os.replace(staging, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(staging)
        raise
    return made


def remove_empty(folders: list[Path]) -> None:
    """Remove the folders (deepest first) that are empty; leave the rest."""
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        with contextlib.suppress(OSError):
            folder.rmdir()


def restore(store: Path, top: Path, records: list[dict]) -> tuple[list[str], list[str]]:
    """Put every file back as it was before the patch, all or nothing; return (restored, removed).

    The current bytes of each file are copied aside first; should a write fail midway, the files
    already put back get those bytes again, so the tree is as it was before the call.
    """
    undo: list[tuple[Path | None, int | None]] = []
    for index, record in enumerate(records):
        target = top / record["path"]
        if target.is_file() and not target.is_symlink():
            copy = store / f"{index}.undo"
            shutil.copyfile(target, copy)
            undo.append((copy, stat.S_IMODE(target.stat().st_mode)))
        else:
            undo.append((None, None))
    done: list[tuple[int, list[Path]]] = []
    try:
        for index, record in enumerate(records):
            source = store / record["copy"] if record["pre_sha256"] is not None else None
            done.append((index, put_file(check_path(top, record["path"]), source, record["pre_mode"])))
    except OSError as exc:
        failing = records[len(done)]["path"]
        not_undone = []
        for index, made in reversed(done):
            try:
                put_file(top / records[index]["path"], *undo[index])
                remove_empty(made)
            except OSError as again:
                not_undone.append(f"{records[index]['path']} ({again.strerror or again})")
        if not_undone:
            raise UserError(
                f"could not write {failing} ({exc.strerror or exc}), and could not put back "
                f"{', '.join(not_undone)} as they were: check those files by hand (`git diff`)"
            ) from exc
        raise UserError(
            f"could not write {failing} ({exc.strerror or exc}); the files already written were put back, so "
            "the tree is as it was before this call: nothing changed. Fix the cause and try again."
        ) from exc
    finally:
        for saved, _ in undo:
            if saved is not None:
                saved.unlink(missing_ok=True)
    for record in records:
        remove_empty([top / folder for folder in record.get("created_dirs", [])])
    restored = [r["path"] for r in records if r["pre_sha256"] is not None]
    removed = [r["path"] for r, (saved, _) in zip(records, undo, strict=True) if r["pre_sha256"] is None and saved]
    return restored, removed


def refuse_unrevertable(store: Path, top: Path, records: list[dict], patch_id: str) -> None:
    """Check every file before writing any: unchanged since the patch, and its stored copy intact."""
    changed, damaged = [], []
    for record in records:
        target = check_path(top, record["path"])
        now = sha256(target)
        if now != record["post_sha256"] or (record["post_sha256"] is None and os.path.lexists(target)):
            changed.append(record["path"])
        blocked = [p for p in target.parents if p.is_relative_to(top) and os.path.lexists(p) and not p.is_dir()]
        if record["pre_sha256"] is not None and (sha256(store / record["copy"]) != record["pre_sha256"] or blocked):
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


def apply_patch(
    workspace: Workspace, state_dir: Path, diff: str, repo: str = ".", dry_run: bool = False, message: str | None = None
) -> PatchResult:
    """Check a unified diff thoroughly, then (unless `dry_run`) apply it to the working tree and record it."""
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
    with LOCK:
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
            records = save_pre_images(store, top, headers)
            try:
                git_apply(found, patch_file)
            except BaseException:
                restore(store, top, records)
                raise
        except BaseException:  # a refusal, or anything unexpected: leave no half-made record behind
            shutil.rmtree(store, ignore_errors=True)
            raise
        for record in records:
            record["post_sha256"] = sha256(top / record["path"])
        Ledger(state_dir).record(
            "patch",
            patch_id,
            {
                "message": message,
                "repo": str(top),
                "files": records,
                "state": "applied",
                "reverted": None,
                "diff": diff,
            },
        )
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
    """Restore the files a patch touched, byte for byte; refuse when any changed since it was applied."""
    patch_id = patch_id.strip()
    if not PATCH_ID.fullmatch(patch_id):
        raise UserError(f"{patch_id!r} is not a patch id (p- and 8 hex digits); see list_patches")
    ledger = Ledger(state_dir)
    with LOCK:
        entry = ledger.get("patch", patch_id)
        if entry is None:
            raise UserError(f"no patch {patch_id} in the ledger; see list_patches")
        data = entry.data
        if data["state"] == "reverted":
            raise UserError(f"patch {patch_id} was already reverted at {data['reverted']}")
        top = workspace.resolve(data["repo"])
        store = state_dir / "patches" / patch_id
        refuse_unrevertable(store, top, data["files"], patch_id)
        restored, removed = restore(store, top, data["files"])
        ledger.update("patch", patch_id, data | {"state": "reverted", "reverted": utc_now()})
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
