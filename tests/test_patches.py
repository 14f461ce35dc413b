"""apply_patch / revert_patch / list_patches: checked, all-or-nothing, reversible byte for byte."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from mcp import Client

from tests.helpers import git

pytestmark = pytest.mark.anyio

TRAIN = "import torch\nLR = 3.0\nSTEPS = 10\n\n\ndef lr():\n    return LR\n"
LR_PATCH = """\
diff --git a/train.py b/train.py
--- a/train.py
+++ b/train.py
@@ -1,3 +1,3 @@
 import torch
-LR = 3.0
+LR = 0.01
 STEPS = 10
"""
NEW_FILE_PATCH = """\
diff --git a/pkg/new_module.py b/pkg/new_module.py
new file mode 100644
--- /dev/null
+++ b/pkg/new_module.py
@@ -0,0 +1,2 @@
+def added():
+    return 1
"""
NOTES_PATCH = """\
diff --git a/notes.txt b/notes.txt
--- a/notes.txt
+++ b/notes.txt
@@ -1 +1 @@
-keep me
+kept and changed
"""
DELETE_PATCH = """\
diff --git a/notes.txt b/notes.txt
deleted file mode 100644
--- a/notes.txt
+++ /dev/null
@@ -1 +0,0 @@
-keep me
"""


def snapshot(root: Path) -> dict[str, str]:
    """sha256 of every file under `root` except .git/ and the server's state folder."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink() and ".git" not in p.parts and ".ml-skills" not in p.parts
    }


@pytest.fixture
def repo(workspace_dir: Path) -> Path:
    git(workspace_dir, "init", "-q")
    (workspace_dir / "train.py").write_text(TRAIN)
    (workspace_dir / "notes.txt").write_text("keep me\n")
    (workspace_dir / "run.sh").write_text("#!/bin/sh\necho hi\n")
    (workspace_dir / "run.sh").chmod(0o755)
    git(workspace_dir, "add", ".")
    git(workspace_dir, "commit", "-q", "-m", "start")
    return workspace_dir


async def apply(client: Client, diff: str, **extra):
    return await client.call_tool("apply_patch", {"diff": diff, **extra})


async def test_a_patch_is_applied_uncommitted_and_reverted_byte_for_byte(client: Client, repo: Path) -> None:
    before = (repo / "train.py").read_bytes()
    result = await apply(client, LR_PATCH, message="lower the learning rate")
    assert not result.is_error, result.content
    answer = result.structured_content
    assert answer["applied"] is True
    assert answer["patch_id"].startswith("p-") and len(answer["patch_id"]) == 10
    assert answer["files"] == [{"path": "train.py", "status": "modified", "added": 1, "removed": 1}]
    assert answer["diffstat"] == "train.py | +1 -1"
    assert "LR = 0.01" in (repo / "train.py").read_text()
    assert git(repo, "status", "--porcelain") == " M train.py\n"
    assert git(repo, "log", "--oneline").count("\n") == 1
    reverted = await client.call_tool("revert_patch", {"patch_id": answer["patch_id"]})
    assert reverted.structured_content == {"patch_id": answer["patch_id"], "restored": ["train.py"], "removed": []}
    assert (repo / "train.py").read_bytes() == before
    assert git(repo, "status", "--porcelain") == ""


async def test_created_files_are_removed_and_deleted_files_come_back_on_revert(client: Client, repo: Path) -> None:
    before = snapshot(repo)
    result = await apply(client, NEW_FILE_PATCH + DELETE_PATCH)
    assert [f["status"] for f in result.structured_content["files"]] == ["added", "deleted"]
    assert (repo / "pkg" / "new_module.py").read_text() == "def added():\n    return 1\n"
    assert not (repo / "notes.txt").exists()
    reverted = await client.call_tool("revert_patch", {"patch_id": result.structured_content["patch_id"]})
    assert reverted.structured_content["removed"] == ["pkg/new_module.py"]
    assert reverted.structured_content["restored"] == ["notes.txt"]
    assert snapshot(repo) == before
    assert not (repo / "pkg").exists()


async def test_the_file_mode_is_restored_with_the_bytes(client: Client, repo: Path) -> None:
    diff = "--- a/run.sh\n+++ b/run.sh\n@@ -1,2 +1,2 @@\n #!/bin/sh\n-echo hi\n+echo bye\n"
    result = await apply(client, diff)
    await client.call_tool("revert_patch", {"patch_id": result.structured_content["patch_id"]})
    assert (repo / "run.sh").stat().st_mode & 0o777 == 0o755
    assert (repo / "run.sh").read_text() == "#!/bin/sh\necho hi\n"


async def test_a_dry_run_checks_and_writes_nothing(client: Client, repo: Path) -> None:
    before = snapshot(repo)
    result = await apply(client, LR_PATCH, dry_run=True)
    assert result.structured_content["applied"] is False
    assert result.structured_content["patch_id"] is None
    assert snapshot(repo) == before
    assert (await client.call_tool("list_patches", {})).structured_content == {"patches": []}


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("../outside.py", "'..'"),
        ("/etc/passwd", "relative"),
        ("C:/evil.py", "relative"),
        (".git/hooks/pre-commit", ".git/"),
        (".GIT/config", ".git/"),
        ("sub/./x.py", "'..'"),
    ],
)
async def test_paths_that_escape_the_repository_are_refused_and_nothing_is_written(
    client: Client, repo: Path, path: str, reason: str
) -> None:
    before = snapshot(repo)
    diff = f"--- /dev/null\n+++ b/{path}\n@@ -0,0 +1 @@\n+evil\n"
    result = await apply(client, diff)
    assert result.is_error
    assert reason in result.content[0].text
    assert snapshot(repo) == before
    assert not (repo.parent / "outside.py").exists()
    assert not (repo / ".git" / "hooks" / "pre-commit").exists()


async def test_a_symlink_out_of_the_repository_is_refused(client: Client, repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "target.py").write_text("x = 1\n")
    (repo / "link").symlink_to(outside)
    git(repo, "add", "link")
    git(repo, "commit", "-q", "-m", "link")
    diff = "--- a/link/target.py\n+++ b/link/target.py\n@@ -1 +1 @@\n-x = 1\n+x = 2\n"
    result = await apply(client, diff)
    assert result.is_error
    assert "pointing outside the repository" in result.content[0].text
    assert (outside / "target.py").read_text() == "x = 1\n"


async def test_a_symlinked_file_inside_the_repository_is_refused(client: Client, repo: Path) -> None:
    (repo / "alias.py").symlink_to("train.py")
    git(repo, "add", "alias.py")
    git(repo, "commit", "-q", "-m", "alias")
    result = await apply(client, LR_PATCH.replace("train.py", "alias.py"))
    assert result.is_error
    assert "symbolic link" in result.content[0].text
    assert "LR = 3.0" in (repo / "train.py").read_text()


async def test_a_patch_that_does_not_apply_leaves_the_tree_unchanged(client: Client, repo: Path) -> None:
    before = snapshot(repo)
    good_then_bad = NEW_FILE_PATCH + LR_PATCH.replace("-LR = 3.0", "-LR = 7.0")
    result = await apply(client, good_then_bad)
    assert result.is_error
    assert "git apply refused the patch" in result.content[0].text
    assert snapshot(repo) == before
    assert not (repo / ".ml-skills" / "patches").exists() or not any((repo / ".ml-skills" / "patches").iterdir())


async def test_a_file_with_uncommitted_changes_is_refused(client: Client, repo: Path) -> None:
    (repo / "train.py").write_text(TRAIN + "# my work in progress\n")
    result = await apply(client, LR_PATCH)
    assert result.is_error
    text = result.content[0].text
    assert "train.py has uncommitted changes" in text
    assert "never at risk" in text
    assert (repo / "train.py").read_text() == TRAIN + "# my work in progress\n"


async def test_a_staged_change_is_refused_too(client: Client, repo: Path) -> None:
    (repo / "notes.txt").write_text("staged\n")
    git(repo, "add", "notes.txt")
    result = await apply(client, DELETE_PATCH)
    assert result.is_error
    assert "notes.txt has uncommitted changes" in result.content[0].text


async def test_an_untracked_file_in_the_way_of_a_new_one_is_refused(client: Client, repo: Path) -> None:
    (repo / "pkg").mkdir()
    (repo / "pkg" / "new_module.py").write_text("mine\n")
    result = await apply(client, NEW_FILE_PATCH)
    assert result.is_error
    assert "creates pkg/new_module.py, but something (tracked, untracked or git-ignored)" in result.content[0].text
    assert (repo / "pkg" / "new_module.py").read_text() == "mine\n"


SECRET_PATCH = "--- a/secret.yaml\n+++ b/secret.yaml\n@@ -1 +1 @@\n-token: mine\n+token: patched\n"


@pytest.fixture
def ignored_secret(repo: Path) -> Path:
    """A git-ignored local file, as a user's credentials or local config would be."""
    (repo / ".gitignore").write_text("secret.yaml\n")
    git(repo, "add", ".gitignore")
    git(repo, "commit", "-q", "-m", "ignore secrets")
    (repo / "secret.yaml").write_text("token: mine\n")
    return repo / "secret.yaml"


async def test_a_git_ignored_file_is_never_patched(client: Client, repo: Path, ignored_secret: Path) -> None:
    result = await apply(client, SECRET_PATCH)
    assert result.is_error
    text = result.content[0].text
    assert "secret.yaml is not under version control (untracked or git-ignored)" in text
    assert "the user's local file is precious" in text
    assert ignored_secret.read_text() == "token: mine\n"
    assert not any((repo / ".ml-skills" / "patches").iterdir())


async def test_an_untracked_file_is_never_patched(client: Client, repo: Path) -> None:
    (repo / "scratch.py").write_text("token: mine\n")
    result = await apply(client, SECRET_PATCH.replace("secret.yaml", "scratch.py"))
    assert result.is_error
    assert "scratch.py is not under version control" in result.content[0].text
    assert (repo / "scratch.py").read_text() == "token: mine\n"


async def test_a_git_ignored_file_in_the_way_of_a_new_one_is_refused(
    client: Client, repo: Path, ignored_secret: Path
) -> None:
    diff = "--- /dev/null\n+++ b/secret.yaml\n@@ -0,0 +1 @@\n+token: patched\n"
    result = await apply(client, diff)
    assert result.is_error
    assert "creates secret.yaml, but something (tracked, untracked or git-ignored) is already there" in (
        result.content[0].text
    )
    assert ignored_secret.read_text() == "token: mine\n"


async def test_a_new_file_where_nothing_is_yet_is_created(client: Client, repo: Path, ignored_secret: Path) -> None:
    ignored_secret.unlink()
    diff = "--- /dev/null\n+++ b/secret.yaml\n@@ -0,0 +1 @@\n+token: new\n"
    result = await apply(client, diff)
    assert not result.is_error, result.content
    assert ignored_secret.read_text() == "token: new\n"


async def test_a_git_failure_becomes_a_clear_error_and_leaves_no_record(client: Client, repo: Path) -> None:
    (repo / ".git" / "index").write_bytes(b"not an index")
    result = await apply(client, LR_PATCH)
    assert result.is_error
    text = result.content[0].text
    assert "git ls-files failed in" in text
    assert "index file smaller than expected" in text
    assert "LR = 3.0" in (repo / "train.py").read_text()
    assert not any((repo / ".ml-skills" / "patches").iterdir())
    (repo / ".git" / "index").unlink()
    git(repo, "reset", "-q")
    assert not (await apply(client, LR_PATCH)).is_error


async def test_a_revert_after_the_file_changed_is_refused(client: Client, repo: Path) -> None:
    patch_id = (await apply(client, LR_PATCH)).structured_content["patch_id"]
    (repo / "train.py").write_text((repo / "train.py").read_text() + "# edited after the patch\n")
    result = await client.call_tool("revert_patch", {"patch_id": patch_id})
    assert result.is_error
    assert f"train.py changed since patch {patch_id}" in result.content[0].text
    assert (repo / "train.py").read_text().endswith("# edited after the patch\n")


async def test_patches_are_listed_with_their_state(client: Client, repo: Path) -> None:
    first = (await apply(client, LR_PATCH, message="lower lr")).structured_content["patch_id"]
    second = (await apply(client, DELETE_PATCH)).structured_content["patch_id"]
    await client.call_tool("revert_patch", {"patch_id": first})
    listed = (await client.call_tool("list_patches", {})).structured_content["patches"]
    assert [(p["patch_id"], p["state"], p["files"], p["message"]) for p in listed] == [
        (first, "reverted", ["train.py"], "lower lr"),
        (second, "applied", ["notes.txt"], None),
    ]
    assert listed[0]["reverted"] is not None
    again = await client.call_tool("revert_patch", {"patch_id": first})
    assert again.is_error
    assert "already reverted" in again.content[0].text


@pytest.mark.parametrize(
    ("diff", "message"),
    [
        ("", "empty diff"),
        ("just some text\n", "no file headers"),
        ("--- train.py\n+++ train.py\n@@ -1 +1 @@\n-a\n+b\n", "a/ or b/ prefix"),
        ("diff --git a/x b/x\nGIT binary patch\nliteral 0\n", "binary"),
        ("diff --git a/a.py b/b.py\nrename from a.py\nrename to b.py\n", "rename"),
        ("diff --git a/l b/l\nnew file mode 120000\n--- /dev/null\n+++ b/l\n@@ -0,0 +1 @@\n+/etc\n", "120000"),
        ('--- "a/we\\tird"\n+++ "b/we\\tird"\n', "quoted path"),
        ("--- /dev/null\n+++ /dev/null\n", "both sides"),
        ("--- /dev/null\n+++ /tmp/evil.py\n@@ -0,0 +1 @@\n+x\n", "relative"),
        ("--- a/x.py\n+++ b/y.py\n@@ -1 +1 @@\n-a\n+b\n", "renames"),
    ],
)
async def test_malformed_or_unsupported_diffs_are_refused(client: Client, repo: Path, diff: str, message: str) -> None:
    result = await apply(client, diff)
    assert result.is_error
    assert message in result.content[0].text
    assert (await apply(client, LR_PATCH, dry_run=True)).is_error is False


async def test_bad_patch_ids_are_refused(client: Client, repo: Path) -> None:
    bad = await client.call_tool("revert_patch", {"patch_id": "--all"})
    assert bad.is_error and "not a patch id" in bad.content[0].text
    missing = await client.call_tool("revert_patch", {"patch_id": "p-00000000"})
    assert missing.is_error and "no patch p-00000000" in missing.content[0].text


async def test_a_folder_outside_any_git_repository_is_refused(client: Client, workspace_dir: Path) -> None:
    (workspace_dir / "plain").mkdir()
    result = await apply(client, LR_PATCH, repo="plain")
    assert result.is_error
    assert "not inside a git repository" in result.content[0].text


async def test_a_repository_above_the_workspace_is_refused(tmp_path: Path) -> None:
    from mcp import Client as McpClient

    from server.app import build_server
    from server.core.workspace import Workspace
    from server.settings import Settings

    git(tmp_path, "init", "-q")
    inner = tmp_path / "inner"
    inner.mkdir()
    async with McpClient(build_server(Settings(Workspace.of([inner])))) as scoped:
        result = await scoped.call_tool("apply_patch", {"diff": LR_PATCH})
    assert result.is_error
    assert "outside the workspace" in result.content[0].text


async def test_the_repo_argument_may_not_leave_the_workspace(client: Client, repo: Path) -> None:
    result = await apply(client, LR_PATCH, repo="..")
    assert result.is_error
    assert "outside the workspace" in result.content[0].text
    assert os.path.exists(repo / "train.py")


def test_git_apply_alone_writes_nothing_when_one_hunk_fails(repo: Path) -> None:
    import git

    before = snapshot(repo)
    patch = repo.parent / "bad.diff"
    patch.write_text(NEW_FILE_PATCH + LR_PATCH.replace("-LR = 3.0", "-LR = 7.0"))
    with pytest.raises(git.GitCommandError):
        git.Repo(repo).git.apply("--", str(patch))
    assert snapshot(repo) == before


def test_files_are_put_back_when_a_write_fails_midway_through_an_apply(
    repo: Path, settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from server.core import patches
    from server.core.errors import UserError

    real_rename = os.rename

    def disk_full_for_notes(source, target, **fds):
        if Path(target).name == "notes.txt":
            raise OSError(28, "No space left on device", "notes.txt")
        return real_rename(source, target, **fds)

    monkeypatch.setattr(os, "rename", disk_full_for_notes)
    before = snapshot(repo)
    with pytest.raises(UserError, match="could not write notes.txt") as refused:
        patches.apply_patch(settings.workspace, settings.state_dir, LR_PATCH + NOTES_PATCH)
    assert "the tree is as it was before this call" in str(refused.value)
    assert snapshot(repo) == before
    assert patches.list_patches(settings.state_dir) == []
    assert list((settings.state_dir / "patches").iterdir()) == []


async def test_a_revert_checks_every_file_before_writing_any(client: Client, repo: Path) -> None:
    patch_id = (await apply(client, LR_PATCH + DELETE_PATCH)).structured_content["patch_id"]
    (repo / "notes.txt").write_text("made again by the user\n")
    result = await client.call_tool("revert_patch", {"patch_id": patch_id})
    assert result.is_error
    assert f"notes.txt changed since patch {patch_id}" in result.content[0].text
    assert "LR = 0.01" in (repo / "train.py").read_text()
    assert (repo / "notes.txt").read_text() == "made again by the user\n"


async def test_a_revert_whose_stored_copy_is_damaged_is_refused_before_any_write(client: Client, repo: Path) -> None:
    patch_id = (await apply(client, LR_PATCH + DELETE_PATCH)).structured_content["patch_id"]
    after = snapshot(repo)
    (repo / ".ml-skills" / "patches" / patch_id / "1.pre").write_text("damaged\n")
    result = await client.call_tool("revert_patch", {"patch_id": patch_id})
    assert result.is_error
    assert "the copy of notes.txt from before patch" in result.content[0].text
    assert "missing or damaged" in result.content[0].text
    assert snapshot(repo) == after
    listed = (await client.call_tool("list_patches", {})).structured_content["patches"]
    assert listed[0]["state"] == "applied"


def test_a_write_failing_midway_through_a_revert_puts_back_what_was_restored(
    repo: Path, settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from server.core import patches
    from server.core.errors import UserError

    before = snapshot(repo)
    patch_id = patches.apply_patch(settings.workspace, settings.state_dir, LR_PATCH + DELETE_PATCH).patch_id
    assert patch_id is not None
    after = snapshot(repo)
    real_rename = os.rename

    def disk_full_for_notes(source, target, **fds):
        if Path(target).name == "notes.txt":
            raise OSError(28, "No space left on device", "notes.txt")
        return real_rename(source, target, **fds)

    monkeypatch.setattr(os, "rename", disk_full_for_notes)
    with pytest.raises(UserError, match="could not write notes.txt") as refused:
        patches.revert_patch(settings.workspace, settings.state_dir, patch_id)
    assert "No space left on device" in str(refused.value)
    assert "the tree is as it was before this call: nothing changed" in str(refused.value)
    assert snapshot(repo) == after
    assert [p.name for p in repo.iterdir() if p.name.startswith(".ml-skills-")] == []
    assert patches.list_patches(settings.state_dir)[0].state == "applied"
    monkeypatch.setattr(os, "rename", real_rename)
    reverted = patches.revert_patch(settings.workspace, settings.state_dir, patch_id)
    assert (reverted.restored, reverted.removed) == (["train.py", "notes.txt"], [])
    assert snapshot(repo) == before
