"""run_tests: pytest in a child process, exact counts from its JUnit report, arguments checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from mcp import Client

from server.core.errors import UserError
from server.core.ledger import Ledger
from server.core.pytest_runner import check_args, node_id

pytestmark = pytest.mark.anyio

TINY_TESTS = """\
def test_one_plus_one():
    assert 1 + 1 == 2


class TestGroup:
    def test_strings(self):
        assert "a" * 2 == "aa"


def test_that_fails():
    value = 41
    assert value == 42, "off by one"
"""

MORE_TESTS = """\
import pytest


@pytest.fixture
def broken():
    raise RuntimeError("fixture exploded")


def test_uses_a_broken_fixture(broken):
    pass


@pytest.mark.skip(reason="not today")
def test_skipped():
    pass


def test_fine():
    pass
"""


def project(root: Path, **files: str) -> Path:
    (root / "tests").mkdir()
    for name, text in files.items():
        (root / "tests" / f"{name}.py").write_text(text)
    return root


async def test_two_passing_and_one_failing_test_are_counted_exactly(
    client: Client, workspace_dir: Path, settings
) -> None:
    project(workspace_dir, test_tiny=TINY_TESTS)
    result = await client.call_tool("run_tests", {})
    assert not result.is_error, result.content
    answer = result.structured_content
    assert (answer["passed"], answer["failed"], answer["errors"], answer["skipped"]) == (2, 1, 0, 0)
    assert answer["summary"] == "2/3 passing, 1 failed"
    assert answer["exit_code"] == 1
    assert answer["failures"] == [
        {
            "test_id": "tests/test_tiny.py::test_that_fails",
            "kind": "failure",
            "message": "AssertionError: off by one\nassert 41 == 42",
            "location": "tests/test_tiny.py:12",
        }
    ]
    entry = Ledger(settings.state_dir).get("test_run", answer["run_id"])
    assert entry.data["summary"] == "2/3 passing, 1 failed"


async def test_errors_and_skips_are_counted_apart_from_failures(client: Client, workspace_dir: Path) -> None:
    project(workspace_dir, test_more=MORE_TESTS, test_tiny=TINY_TESTS)
    answer = (await client.call_tool("run_tests", {"args": ["tests/test_more.py"]})).structured_content
    assert (answer["passed"], answer["failed"], answer["errors"], answer["skipped"]) == (1, 0, 1, 1)
    assert answer["summary"] == "1/2 passing, 1 error, 1 skipped"
    [error] = answer["failures"]
    assert error["test_id"] == "tests/test_more.py::test_uses_a_broken_fixture"
    assert error["kind"] == "error"
    assert "fixture exploded" in error["message"]
    assert error["location"] == "tests/test_more.py:6"


async def test_an_all_green_run_says_so(client: Client, workspace_dir: Path) -> None:
    project(workspace_dir, test_tiny=TINY_TESTS)
    answer = (
        await client.call_tool("run_tests", {"args": ["-k", "not fails", "-p", "no:cacheprovider"]})
    ).structured_content
    assert answer["summary"] == "2/2 passing"
    assert answer["failures"] == []
    assert answer["exit_code"] == 0


async def test_a_folder_without_tests_says_no_tests_collected(client: Client, workspace_dir: Path) -> None:
    (workspace_dir / "empty").mkdir()
    answer = (await client.call_tool("run_tests", {"cwd": "empty"})).structured_content
    assert (answer["summary"], answer["exit_code"], answer["passed"]) == ("no tests collected", 5, 0)


async def test_a_suite_that_hangs_is_killed_at_the_timeout(client: Client, workspace_dir: Path) -> None:
    project(workspace_dir, test_hang="import time\n\n\ndef test_forever():\n    time.sleep(60)\n")
    answer = (await client.call_tool("run_tests", {"timeout_s": 3})).structured_content
    assert answer["timed_out"] is True
    assert answer["summary"] == "timed out after 3s; raise timeout_s or pass a subset of the tests in args"


async def test_a_usage_error_comes_back_with_pytests_own_words(client: Client, workspace_dir: Path) -> None:
    result = await client.call_tool("run_tests", {"args": ["--tb=nonsense"]})
    assert result.is_error
    assert "pytest wrote no report" in result.content[0].text
    assert "argument --tb: invalid choice: 'nonsense'" in result.content[0].text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--junitxml=/tmp/x.xml"], "own JUnit report"),
        (["--junit-xml", "x.xml"], "own JUnit report"),
        (["-p", "evil_plugin"], "loading plugins is refused"),
        (["-pevil_plugin"], "loading plugins is refused"),
        (["-o", "cache_dir=/tmp/elsewhere"], "ini overrides"),
        (["--override-ini=cache_dir=/tmp"], "ini overrides"),
        (["--basetemp=/tmp/elsewhere"], "fresh folder of its own"),
        (["--basetemp", "victim"], "fresh folder of its own"),
        (["--basetemp=.ml-skills"], "drop --basetemp"),
        (["--rootdir=../.."], "outside the workspace"),
        (["--cov-report=html:/tmp/cov"], "writes report files"),
        (["--cov-report", "xml:notes.txt"], "use --cov-report=term"),
        (["--cov-report=xml"], "writes report files"),
        (["../other/tests"], "outside the workspace"),
        (["/etc/tests.py::test_x"], "outside the workspace"),
        (["--pdb"], "terminal"),
        (["--debug"], "debug file"),
        (["--debug=notes.txt"], "debug file"),
        (["-p"], "needs a value"),
        (["ok\x00"], "NUL"),
        (["-xo", "cache_dir=/tmp/elsewhere"], "ini overrides"),
        (["-vvocache_dir=/tmp/elsewhere"], "ini overrides"),
        (["-xp", "evil_plugin"], "loading plugins is refused"),
        (["-xc", "/tmp/pytest.ini"], "outside the workspace"),
        (["-xc/tmp/pytest.ini"], "outside the workspace"),
        (["--log-file=notes.txt"], "--log-cli-level"),
        (["--log-file", "/tmp/outside.log"], "empties"),
        (["--report-log=notes.txt"], "writes the file it names"),
        (["--result-log=notes.txt"], "writes the file it names"),
        (["--resultlog", "notes.txt"], "writes the file it names"),
        (["--html=report.html"], "pytest-html"),
        (["--json-report"], "pytest-json-report"),
        (["--alluredir=notes"], "not an option run_tests knows"),
        (["--benchmark-json=notes.txt"], "not an option run_tests knows"),
        (["-Z"], "not an option run_tests knows"),
        (["--pastebin=all"], "paste service"),
        (["-x", "-k"], "needs a value"),
        (["--lf=notes.txt"], "takes no value"),
    ],
)
def test_arguments_that_write_elsewhere_or_load_code_are_refused(settings, args: list[str], message: str) -> None:
    with pytest.raises(UserError, match=message):
        check_args(settings.workspace, args)


def test_harmless_arguments_pass_unchanged(settings) -> None:
    args = ["-x", "-k", "a and not b", "-p", "no:cacheprovider", "tests/test_a.py::test_b", "-q", "--tb=short"]
    assert check_args(settings.workspace, args) == args
    values_not_paths = ["-k", "x/y", "-W", "error::DeprecationWarning", "-xvsk", "a/b", "-rA", "-pno:cacheprovider"]
    assert check_args(settings.workspace, values_not_paths) == values_not_paths
    inside = ["--cov", "--cov=server", "--cov-report", "term-missing", "--cov-report=term", "-xc", "pytest.ini"]
    assert check_args(settings.workspace, inside) == inside
    more = ["--lf", "--durations=5", "--maxfail", "2", "-n", "2", "--log-cli-level=INFO", "--", "tests"]
    assert check_args(settings.workspace, more) == more


USER_FILES = {"victim/data.csv": "step,loss\n1,0.5\n", "notes.txt": "my notes\n", "coverage.xml": "<mine/>\n"}


def user_files(root: Path) -> dict[str, bytes]:
    for name, text in USER_FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return {name: (root / name).read_bytes() for name in USER_FILES}


@pytest.mark.parametrize(
    "args",
    [
        ["--basetemp=victim"],
        ["--basetemp", "victim"],
        ["-x", "--basetemp=."],
        ["--log-file=notes.txt"],
        ["--log-file", "notes.txt"],
        ["--cov=tests", "--cov-report=xml:notes.txt"],
        ["--cov=tests", "--cov-report=xml"],
        ["--report-log=notes.txt"],
        ["--junit-xml=notes.txt"],
        ["--debug=notes.txt"],
    ],
)
async def test_run_tests_arguments_that_would_destroy_user_files_are_refused_and_the_files_stay(
    client: Client, workspace_dir: Path, args: list[str]
) -> None:
    project(workspace_dir, test_tiny=TINY_TESTS)
    before = user_files(workspace_dir)
    result = await client.call_tool("run_tests", {"args": args})
    assert result.is_error
    assert "refused" in result.content[0].text
    assert {name: (workspace_dir / name).read_bytes() for name in USER_FILES} == before


async def test_a_basetemp_on_the_state_folder_cannot_wipe_the_patch_ledger(client: Client, workspace_dir: Path) -> None:
    from tests.helpers import git

    git(workspace_dir, "init", "-q")
    (workspace_dir / "train.py").write_text("LR = 3.0\n")
    git(workspace_dir, "add", ".")
    git(workspace_dir, "commit", "-q", "-m", "start")
    diff = "--- a/train.py\n+++ b/train.py\n@@ -1 +1 @@\n-LR = 3.0\n+LR = 0.01\n"
    patch_id = (await client.call_tool("apply_patch", {"diff": diff})).structured_content["patch_id"]
    project(workspace_dir, test_tiny=TINY_TESTS)
    assert (await client.call_tool("run_tests", {"args": ["--basetemp=.ml-skills"]})).is_error
    reverted = await client.call_tool("revert_patch", {"patch_id": patch_id})
    assert not reverted.is_error, reverted.content
    assert (workspace_dir / "train.py").read_text() == "LR = 3.0\n"


TMP_TESTS = """\
def test_writes_in_its_tmp_path(tmp_path):
    (tmp_path / "out.txt").write_text("x")
    print("TMP_PATH", tmp_path)
"""


async def test_pytest_gets_a_fresh_temporary_folder_of_the_servers_own_removed_after_the_run(
    client: Client, workspace_dir: Path
) -> None:
    project(workspace_dir, test_tmp=TMP_TESTS)
    result = await client.call_tool("run_tests", {"args": ["-s"]})
    answer = result.structured_content
    assert answer["passed"] == 1
    run_folder = workspace_dir / ".ml-skills" / "tests" / answer["run_id"]
    assert f"TMP_PATH {run_folder / 'tmp'}" in answer["output_tail"]
    assert sorted(p.name for p in run_folder.iterdir()) == ["report.xml"]


async def test_arguments_must_be_a_list_of_strings(client: Client, workspace_dir: Path) -> None:
    result = await client.call_tool("run_tests", {"args": "tests"})
    assert result.is_error
    project(workspace_dir, test_tiny=TINY_TESTS)
    assert (await client.call_tool("run_tests", {"args": ["-k", "one"]})).structured_content["passed"] == 1


def test_node_ids_are_rebuilt_from_junit_class_names(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text("")
    assert node_id("tests.test_x.TestY", "test_z[1]", tmp_path) == "tests/test_x.py::TestY::test_z[1]"
    assert node_id("gone.module", "test_q", tmp_path) == "gone::module::test_q"
    assert node_id("", "test_q", tmp_path) == "test_q"
