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
    result = await client.call_tool("run_tests", {"args": ["--no-such-option"]})
    assert result.is_error
    assert "pytest wrote no report" in result.content[0].text
    assert "unrecognized arguments: --no-such-option" in result.content[0].text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--junitxml=/tmp/x.xml"], "own JUnit report"),
        (["--junit-xml", "x.xml"], "own JUnit report"),
        (["-p", "evil_plugin"], "loading plugins is refused"),
        (["-pevil_plugin"], "loading plugins is refused"),
        (["-o", "cache_dir=/tmp/elsewhere"], "ini overrides"),
        (["--override-ini=cache_dir=/tmp"], "ini overrides"),
        (["--basetemp=/tmp/elsewhere"], "outside the workspace"),
        (["--basetemp", "/tmp/elsewhere"], "outside the workspace"),
        (["--rootdir=../.."], "outside the workspace"),
        (["--cov-report=html:/tmp/cov"], "outside the workspace"),
        (["../other/tests"], "outside the workspace"),
        (["/etc/tests.py::test_x"], "outside the workspace"),
        (["--pdb"], "terminal"),
        (["--debug"], "debug file"),
        (["--basetemp"], "needs a value"),
        (["-p"], "needs a value"),
        (["ok\x00"], "NUL"),
        (["-xo", "cache_dir=/tmp/elsewhere"], "ini overrides"),
        (["-vvocache_dir=/tmp/elsewhere"], "ini overrides"),
        (["-xp", "evil_plugin"], "loading plugins is refused"),
        (["-xc", "/tmp/pytest.ini"], "outside the workspace"),
        (["-xc/tmp/pytest.ini"], "outside the workspace"),
        (["--log-file=/tmp/outside.log"], "outside the workspace"),
        (["--log-file", "/tmp/outside.log"], "outside the workspace"),
        (["--cov-report", "html:/tmp/outside"], "outside the workspace"),
        (["--report-log=/tmp/outside.jsonl"], "outside the workspace"),
        (["--report-log", "../outside.jsonl"], "outside the workspace"),
        (["--pastebin=all"], "paste service"),
        (["-x", "--log-file"], "needs a value"),
    ],
)
def test_arguments_that_write_elsewhere_or_load_code_are_refused(settings, args: list[str], message: str) -> None:
    with pytest.raises(UserError, match=message):
        check_args(settings.workspace, args)


def test_harmless_arguments_pass_unchanged(settings) -> None:
    args = ["-x", "-k", "a and not b", "-p", "no:cacheprovider", "--basetemp=tmp", "tests/test_a.py::test_b", "-q"]
    assert check_args(settings.workspace, args) == args
    values_not_paths = ["-k", "x/y", "-W", "error::DeprecationWarning", "-xvsk", "a/b", "-rA", "-pno:cacheprovider"]
    assert check_args(settings.workspace, values_not_paths) == values_not_paths
    inside = ["--log-file", "logs/run.log", "--cov-report", "html:cov", "--cov-report=term", "-xc", "pytest.ini"]
    assert check_args(settings.workspace, inside) == inside


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
