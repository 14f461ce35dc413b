"""pytest in a child process under the project's interpreter, with exact counts from its JUnit XML.

The child runs `python -m pytest -q -rA --junitxml=<.ml-skills/tests/<id>.xml> [args]`.
The arguments pass a best-effort filter first (run_quick_test runs any argv
anyway, so this is a guard against mistakes, not a sandbox): they must be
strings; options that make pytest write where it likes, load extra code or wait
for a terminal are refused (`--junitxml`/`--junit-xml` (the server sets its own),
`--resultlog`, `--debug`, `--pastebin`, `-p NAME` (loading a plugin; `-p no:NAME`
to disable one is allowed), `-o`/`--override-ini`, `--pdb`/`--trace`); the
files and folders of `--basetemp`, `--rootdir`, `-c`/`--config-file`,
`--confcutdir`, `--log-file`, `--report-log`, `--html`, `--json-report-file`,
`--cov-report KIND:PATH` and every plain path argument must lie inside the
workspace. Values count whether glued (`--log-file=x`, `-ofoo`) or passed as
the next argument, and a short option inside a cluster (`-xo`, `-vp`) is seen.
Options of other plugins that write files are not known here and pass unchecked.
"""

from __future__ import annotations

import re
import secrets
import xml.etree.ElementTree as ET
from pathlib import Path

from pydantic import BaseModel, Field

from .errors import UserError
from .ledger import Ledger
from .runner import run_process
from .state import ensure_state_dir
from .workspace import Workspace

REFUSED = {
    "--junitxml": "the server writes its own JUnit report",
    "--junit-xml": "the server writes its own JUnit report",
    "--resultlog": "it writes a file outside the server's control",
    "--result-log": "it writes a file outside the server's control",
    "--debug": "it writes a debug file",
    "--pastebin": "it uploads the output to a paste service",
    "-o": "ini overrides can redirect pytest's files",
    "--override-ini": "ini overrides can redirect pytest's files",
    "--pdb": "it waits for a terminal that is not there",
    "--trace": "it waits for a terminal that is not there",
}
PATH_OPTIONS = (
    "--basetemp",
    "--rootdir",
    "-c",
    "--config-file",
    "--confcutdir",
    "--log-file",
    "--report-log",
    "--html",
    "--json-report-file",
)
"""Options whose value is a file or folder pytest (or a common plugin) reads or writes: kept in the workspace."""
CHECKED_VALUES = (*PATH_OPTIONS, "-p", "--cov-report")
SHORT_WITH_VALUE = "kmWcporn"
"""pytest's short options that take a value (and pytest-xdist's -n): in a cluster the rest is that value."""
LOCATION = re.compile(r"^(\S+?\.py):(\d+):", re.MULTILINE)
MAX_MESSAGE = 500
MAX_FAILURES = 50
TAIL_LINES = 30
TEST_MEMORY_MB = 8192


class TestFailure(BaseModel):
    __test__ = False  # not a pytest test class

    test_id: str = Field(description="The pytest node id, e.g. tests/test_model.py::test_shapes.")
    kind: str = Field(description="failure (an assertion or exception in the test) or error (setup/teardown).")
    message: str = Field(description="The failure message (truncated to 500 characters).")
    location: str | None = Field(description="file:line where it failed, from the traceback.")


class TestRunResult(BaseModel):
    __test__ = False

    summary: str = Field(description="One line, e.g. '47/48 passing, 1 failed'.")
    passed: int
    failed: int
    errors: int
    skipped: int
    failures: list[TestFailure] = Field(description="Each failing or erroring test (at most 50).")
    exit_code: int | None = Field(description="pytest's exit code (0 all passed, 1 failures, 5 no tests).")
    duration_s: float
    timed_out: bool
    output_tail: str = Field(description="The last lines of pytest's output.")
    run_id: str = Field(description="The ledger id of this test run.")


def check_value(workspace: Workspace, option: str, value: str) -> None:
    """Refuse a plugin to load, or a file or folder outside the workspace, given as `option`'s value."""
    if option == "-p" and not value.startswith("no:"):
        raise UserError(f"-p {value}: loading plugins is refused; only '-p no:NAME' (disable one) is allowed")
    if option == "--cov-report" and ":" in value:
        workspace.resolve(value.split(":", 1)[1], must_exist=False)
    elif option in PATH_OPTIONS:
        workspace.resolve(value, must_exist=False)


def short_cluster(workspace: Workspace, arg: str) -> str | None:
    """Check a cluster of short options (`-x`, `-xvs`, `-xo v`, `-pno:x`); return the option awaiting the next arg."""
    for index, char in enumerate(arg[1:], start=1):
        option = f"-{char}"
        if option in REFUSED:
            raise UserError(f"{arg}: refused because {REFUSED[option]}")
        if char in SHORT_WITH_VALUE:
            value = arg[index + 1 :].removeprefix("=")
            if not value:
                return option
            check_value(workspace, option, value)
            return None
    return None


def check_args(workspace: Workspace, args: list[str]) -> list[str]:
    """Refuse options that redirect pytest's output or load code; keep paths inside the workspace (best effort)."""
    if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
        raise UserError("args must be a list of strings, e.g. ['tests/test_model.py', '-k', 'shapes']")
    awaiting: str | None = None  # the option whose value is the next argument
    for arg in args:
        if "\x00" in arg:
            raise UserError("an argument contains a NUL byte; pass plain strings")
        if awaiting is not None:
            check_value(workspace, awaiting, arg)
            awaiting = None
        elif arg.startswith("--") and arg != "--":
            name, glued, value = arg.partition("=")
            if name in REFUSED:
                raise UserError(f"{arg}: refused because {REFUSED[name]}")
            if name in CHECKED_VALUES:
                if glued:
                    check_value(workspace, name, value)
                else:
                    awaiting = name
        elif arg.startswith("-") and len(arg) > 1:
            awaiting = short_cluster(workspace, arg)
        elif "/" in arg or arg.endswith(".py") or "::" in arg:
            workspace.resolve(arg.split("::", 1)[0], must_exist=False)
    if awaiting is not None:
        raise UserError(f"{args[-1]} needs a value")
    return list(args)


def node_id(classname: str, name: str, root: Path) -> str:
    """Rebuild pytest's node id from a JUnit classname (`tests.test_x.TestY`) by finding the module file."""
    parts = classname.split(".") if classname else []
    for cut in range(len(parts), 0, -1):
        module = Path(*parts[:cut]).with_suffix(".py")
        if (root / module).is_file():
            return "::".join([module.as_posix(), *parts[cut:], name])
    return "::".join([*parts, name]) if parts else name


def failure_of(case: ET.Element, root: Path) -> TestFailure | None:
    for kind in ("failure", "error"):
        found = case.find(kind)
        if found is not None:
            text = found.text or ""
            locations = LOCATION.findall(text)
            message = found.get("message") or (text.strip().splitlines() or [""])[-1]
            return TestFailure(
                test_id=node_id(case.get("classname", ""), case.get("name", ""), root),
                kind=kind,
                message=message[:MAX_MESSAGE],
                location=f"{locations[-1][0]}:{locations[-1][1]}" if locations else None,
            )
    return None


def parse_junit(path: Path, root: Path) -> tuple[dict[str, int], list[TestFailure]]:
    """Counts (passed, failed, errors, skipped) and failures from pytest's JUnit XML."""
    tree = ET.parse(path)
    suites = [tree.getroot()] if tree.getroot().tag == "testsuite" else tree.getroot().findall("testsuite")
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    failures: list[TestFailure] = []
    for suite in suites:
        for key in counts:
            counts[key] += int(suite.get(key, 0))
        for case in suite.iter("testcase"):
            failure = failure_of(case, root)
            if failure is not None and len(failures) < MAX_FAILURES:
                failures.append(failure)
    passed = counts["tests"] - counts["failures"] - counts["errors"] - counts["skipped"]
    return {"passed": passed, "failed": counts["failures"], "errors": counts["errors"], "skipped": counts["skipped"]}, (
        failures
    )


def summary_line(counts: dict[str, int]) -> str:
    """'47/48 passing, 1 failed, 2 errors, 3 skipped' (zero counts left out)."""
    ran = counts["passed"] + counts["failed"] + counts["errors"]
    errors = "error" if counts["errors"] == 1 else "errors"
    words = (("failed", "failed"), ("errors", errors), ("skipped", "skipped"))
    return ", ".join([f"{counts['passed']}/{ran} passing"] + [f"{counts[k]} {w}" for k, w in words if counts[k]])


async def run_tests(
    args: list[str] | None,
    *,
    workspace: Workspace,
    state_dir: Path,
    python: str,
    cwd: str = ".",
    timeout_s: float = 600,
) -> TestRunResult:
    """Run pytest in `cwd` and return exact counts and each failure with its location."""
    checked = check_args(workspace, args or [])
    folder = workspace.resolve_folder(cwd, "the project folder holding the tests as cwd")
    run_id = f"t-{secrets.token_hex(4)}"
    report = ensure_state_dir(state_dir, "tests") / f"{run_id}.xml"
    argv = [python, "-m", "pytest", "-q", "-rA", f"--junitxml={report}", *checked]
    result = await run_process(argv, cwd=folder, timeout_s=timeout_s, memory_mb=TEST_MEMORY_MB, tail_lines=TAIL_LINES)
    tail = result.last_lines(TAIL_LINES)
    counts: dict[str, int]
    failures: list[TestFailure]
    if result.timed_out:
        counts, failures = dict.fromkeys(("passed", "failed", "errors", "skipped"), 0), []
        summary = f"timed out after {timeout_s:g}s; raise timeout_s or pass a subset of the tests in args"
    elif not report.is_file():
        raise UserError(f"pytest wrote no report (exit code {result.exit_code}); its output ends with:\n{tail}")
    else:
        counts, failures = parse_junit(report, folder)
        summary = summary_line(counts) if result.exit_code != 5 else "no tests collected"
    answer = TestRunResult(
        summary=summary,
        **counts,
        failures=failures,
        exit_code=result.exit_code,
        duration_s=result.duration_s,
        timed_out=result.timed_out,
        output_tail=tail,
        run_id=run_id,
    )
    Ledger(state_dir).record(
        "test_run",
        run_id,
        answer.model_dump(mode="json", include={"summary", "passed", "failed", "errors", "skipped", "exit_code"})
        | {"args": checked, "cwd": workspace.relative(folder)},
    )
    return answer
