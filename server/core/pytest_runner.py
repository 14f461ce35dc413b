"""pytest in a child process under the project's interpreter, with exact counts from its JUnit XML.

The child runs `python -m pytest -q -rA [args] --junitxml=<run>/report.xml --basetemp=<run>/tmp`, where
`<run>` is a fresh folder of the server's own (`.ml-skills/tests/<run id>/`), with coverage data
(`COVERAGE_FILE`) kept there too: pytest writes nothing of the run outside it but its cache
(`.pytest_cache`) and what the tests themselves write. The arguments pass an allowlist first: only options
known to write nothing (selection, reporting to the output, warnings, plugins' harmless switches) and test
paths inside the workspace. Every option that makes pytest or a common plugin write a file where the caller
says (`--basetemp`, `--junitxml`, `--log-file`, `--report-log`, `--result-log`, `--debug`, `--html`,
`--json-report`, `--cov-report` other than `term`, ...) is refused with what to do instead, as is any option
not on the list (a plugin's, which this module cannot vouch for), loading a plugin (`-p NAME`; `-p no:NAME`
disables one and is allowed), ini overrides (`-o`) and waiting for a terminal (`--pdb`). Values count whether
glued (`--tb=short`, `-kfoo`) or passed as the next argument, and a short option inside a cluster (`-xo`,
`-vp`) is seen. This guards against mistakes, not against the tests' own code, which runs as the user.
"""

from __future__ import annotations

import re
import secrets
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from pydantic import BaseModel, Field

from .errors import UserError
from .ledger import Ledger
from .runner import run_process
from .state import ensure_state_dir
from .workspace import Workspace


def options(names: str) -> frozenset[str]:
    """The option names of a space-separated list."""
    return frozenset(names.split())


OWN_FILES = "the server gives pytest a fresh folder of its own for the run (.ml-skills/tests/<run id>/)"
REFUSED = {
    "--basetemp": f"{OWN_FILES} as its temporary folder, which pytest empties first; drop --basetemp",
    "--junitxml": "the server writes its own JUnit report and returns its counts and failures; drop it",
    "--junit-xml": "the server writes its own JUnit report and returns its counts and failures; drop it",
    "--junitprefix": "the server reads its own JUnit report; drop it",
    "--junit-prefix": "the server reads its own JUnit report; drop it",
    "--log-file": "it empties, then writes, the file it names; --log-cli-level=INFO shows logs in output_tail",
    "--report-log": "it writes the file it names; the answer already holds every failure",
    "--resultlog": "it writes the file it names; the answer already holds every failure",
    "--result-log": "it writes the file it names; the answer already holds every failure",
    "--debug": "it writes a debug file; drop it",
    "--html": "pytest-html writes the file it names; the answer already holds every failure",
    "--json-report": "pytest-json-report writes a file; the answer already holds every failure",
    "--json-report-file": "pytest-json-report writes the file it names; the answer already holds every failure",
    "--pastebin": "it uploads the output to a paste service",
    "-o": "ini overrides can redirect pytest's files; set options in the project's pytest config instead",
    "--override-ini": "ini overrides can redirect pytest's files; set options in the project's pytest config instead",
    "--pdb": "it waits for a terminal that is not there",
    "--trace": "it waits for a terminal that is not there",
}
"""Options that write files where the caller says (or upload, or wait for a terminal), with what to do instead."""
FLAGS = options(
    "-x --exitfirst -v --verbose -q --quiet -s -l --showlocals --lf --last-failed --ff --failed-first --nf "
    "--new-first --sw --stepwise --sw-skip --stepwise-skip --co --collect-only --runxfail --strict-markers "
    "--strict-config --strict --disable-warnings --disable-pytest-warnings --full-trace --no-header --no-summary "
    "--setup-show --setup-only --setup-plan --noconftest --doctest-modules --continue-on-collection-errors "
    "--cache-clear --pyargs --fixtures --funcargs --fixtures-per-test --markers --version -V --help -h "
    "--keep-duplicates --no-cov --no-cov-on-fail --cov-append --cov-branch --benchmark-disable --benchmark-skip "
    "--benchmark-only --trace-config --no-fold-skipped"
)
"""Options without a value that write no file of their own choosing (pytest's, pytest-cov's, xdist's, ...)."""
VALUED = options(
    "-k -m -r --maxfail --tb --durations --durations-min -W --pythonwarnings --deselect --ignore --ignore-glob "
    "--import-mode --capture --color --code-highlight --show-capture --log-level --log-cli-level --log-format "
    "--log-date-format --log-cli-format --log-cli-date-format --verbosity -n --numprocesses --dist --maxprocesses "
    "--timeout --timeout-method --reruns --reruns-delay --count --randomly-seed -p --rootdir -c --config-file "
    "--confcutdir --cov --cov-report --cov-config --cov-fail-under --hypothesis-seed --hypothesis-profile "
    "--hypothesis-show-statistics --asyncio-mode --lfnf --last-failed-no-failures --doctest-glob"
)
"""Options that take a value and write no file of their own choosing; the path-valued ones are checked below."""
READ_PATHS = ("--rootdir", "-c", "--config-file", "--confcutdir", "--ignore", "--cov-config")
"""Options whose value is a file or folder pytest reads: kept in the workspace."""
OPTIONAL_VALUE = ("--cov",)
"""Valued options whose value may be left out (`--cov` alone measures everything): only a glued value counts."""
TERMINAL_COV_REPORTS = ("", "term", "term-missing", "term:skip-covered", "term-missing:skip-covered")
"""The --cov-report kinds that print to the output; html, xml, json, lcov and annotate write files."""
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


def refuse(arg: str, option: str) -> None:
    """Raise the refusal of `option` (seen in `arg`) if it is refused or unknown."""
    if option in REFUSED:
        raise UserError(f"{arg}: refused because {REFUSED[option]}")
    if option not in FLAGS and option not in VALUED:
        raise UserError(
            f"{arg}: {option} is not an option run_tests knows to write no files, so it is refused (a plugin's "
            "option may write where it is told). Pass selection and reporting options (-k, -m, -x, --tb, -r, "
            "--lf, --durations, -W, -n, --cov with --cov-report=term) and test paths; run pytest with other "
            "options through run_quick_test"
        )


def check_value(workspace: Workspace, option: str, value: str) -> None:
    """Refuse a plugin to load, a file-writing coverage report, or a read path outside the workspace."""
    if option == "-p" and not value.startswith("no:"):
        raise UserError(f"-p {value}: loading plugins is refused; only '-p no:NAME' (disable one) is allowed")
    if option == "--cov-report" and value not in TERMINAL_COV_REPORTS:
        raise UserError(
            f"--cov-report={value}: refused because it writes report files (over any file of that name); use "
            "--cov-report=term or term-missing: the coverage table comes back in output_tail"
        )
    if option in READ_PATHS:
        workspace.resolve(value, must_exist=False)


def short_cluster(workspace: Workspace, arg: str) -> str | None:
    """Check a cluster of short options (`-x`, `-xvs`, `-xo v`, `-pno:x`); return the option awaiting the next arg."""
    for index, char in enumerate(arg[1:], start=1):
        option = f"-{char}"
        refuse(arg, option)
        if char in SHORT_WITH_VALUE:
            value = arg[index + 1 :].removeprefix("=")
            if not value:
                return option
            check_value(workspace, option, value)
            return None
    return None


def check_args(workspace: Workspace, args: list[str]) -> list[str]:
    """Pass only options known to write no file of the caller's choosing, and test paths inside the workspace."""
    if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
        raise UserError("args must be a list of strings, e.g. ['tests/test_model.py', '-k', 'shapes']")
    awaiting: str | None = None  # the option whose value is the next argument
    paths_only = False  # after `--` every argument is a test path
    for arg in args:
        if "\x00" in arg:
            raise UserError("an argument contains a NUL byte; pass plain strings")
        if awaiting is not None:
            check_value(workspace, awaiting, arg)
            awaiting = None
        elif arg == "--" and not paths_only:
            paths_only = True
        elif paths_only or not arg.startswith("-") or arg == "-":
            workspace.resolve(arg.split("::", 1)[0], must_exist=False)
        elif arg.startswith("--"):
            name, glued, value = arg.partition("=")
            refuse(arg, name)
            if glued:
                if name in FLAGS:
                    raise UserError(f"{arg}: {name} takes no value")
                check_value(workspace, name, value)
            elif name in VALUED and name not in OPTIONAL_VALUE:
                awaiting = name
        else:
            awaiting = short_cluster(workspace, arg)
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
    run_folder = ensure_state_dir(state_dir, "tests", run_id)
    report, basetemp = run_folder / "report.xml", run_folder / "tmp"
    argv = [python, "-m", "pytest", "-q", "-rA", f"--junitxml={report}", f"--basetemp={basetemp}", *checked]
    try:
        result = await run_process(
            argv,
            cwd=folder,
            timeout_s=timeout_s,
            memory_mb=TEST_MEMORY_MB,
            tail_lines=TAIL_LINES,
            env={"COVERAGE_FILE": str(run_folder / ".coverage")},
        )
    finally:
        shutil.rmtree(basetemp, ignore_errors=True)  # the server's own folder; rmtree never follows links out
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
