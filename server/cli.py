"""The `ml-skills-mcp` command line: `serve` (default) and commands that print results for a person."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence

from .core.errors import UserError
from .core.runner import TOKEN_ENV
from .core.workspace import Workspace
from .settings import Settings, checked_python

COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], int]] = {}


def command(name: str) -> Callable[[Callable[[argparse.Namespace, Settings], int]], Callable[..., int]]:
    def add(fn: Callable[[argparse.Namespace, Settings], int]) -> Callable[..., int]:
        COMMANDS[name] = fn
        return fn

    return add


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--workspace",
        action="append",
        metavar="DIR",
        help="folder the server may read and patch in (repeatable; default: the current folder)",
    )
    common.add_argument("--python", metavar="PATH", help="interpreter for user code (default: the workspace .venv)")
    common.add_argument("-v", "--verbose", action="store_true", help="log debug messages to stderr")

    parser = argparse.ArgumentParser(prog="ml-skills-mcp", description="Diagnose, fix and test ML training runs.")
    sub = parser.add_subparsers(dest="command")

    serve = sub.add_parser("serve", parents=[common], help="run the MCP server (default)")
    serve.add_argument("--transport", choices=("stdio", "http"), default="stdio")
    serve.add_argument("--host", default="127.0.0.1", help="HTTP host (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="HTTP port (default 8000)")
    serve.add_argument("--token", help=argparse.SUPPRESS)  # refused: the command line is readable by everyone
    serve.add_argument(
        "--token-file",
        metavar="FILE",
        help=f"file (mode 600) holding the bearer token HTTP clients must send, instead of ${TOKEN_ENV}; "
        "a token is required off loopback",
    )
    serve.add_argument(
        "--allow-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="a browser origin (e.g. http://localhost:6274) allowed to call the HTTP server (repeatable)",
    )
    serve.add_argument(
        "--allow-broad-workspace",
        action="store_true",
        help="allow / or your home folder as the workspace (refused by default: pass the project's folder)",
    )

    read = sub.add_parser("read", parents=[common], help="summarise training logs in the terminal")
    read.add_argument("paths", nargs="+", metavar="PATH")
    read.add_argument("--format", default="auto")
    read.add_argument("--metrics", nargs="*", help="metric names or globs")
    read.add_argument("--json", action="store_true", help="print the tool's JSON answer")

    diagnose = sub.add_parser("diagnose", parents=[common], help="diagnose a training run in the terminal")
    diagnose.add_argument("paths", nargs="+", metavar="PATH")
    diagnose.add_argument("--code", nargs="*", help="training code files to scan")
    diagnose.add_argument("--config", help="hyperparameter file (YAML, JSON, TOML, Python)")
    diagnose.add_argument("--format", default="auto", help="the logs' format when detection gets it wrong")
    diagnose.add_argument("--loss-metric", help="the series to judge as the training loss (default: by role)")
    diagnose.add_argument("--model", help="path/to/file.py:factory to fold in the model inspection")
    diagnose.add_argument("--checkpoint", help="a .pt/.pth/.safetensors checkpoint to inspect")
    diagnose.add_argument("--input-shape", type=int, nargs="+", metavar="N", help="probe the model on this shape")
    diagnose.add_argument("--symptoms", help="what you saw, in your words")
    diagnose.add_argument("--json", action="store_true", help="print the tool's JSON answer")
    return parser


def parse(argv: Sequence[str]) -> argparse.Namespace:
    argv = list(argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        argv.insert(0, "serve")
    return build_parser().parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    from . import commands  # noqa: F401  (registers the commands)

    args = parse(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )
    try:
        # a person at the terminal names the files `read` and `diagnose` open; a served client could open any
        allow_broad = args.command != "serve" or args.allow_broad_workspace
        workspace = Workspace.of(args.workspace or ["."], allow_broad=allow_broad, implied=not args.workspace)
        settings = Settings(workspace, python=checked_python(args.python) if args.python else None)
        return COMMANDS[args.command](args, settings)
    except UserError as exc:
        print(f"ml-skills-mcp: {exc}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"ml-skills-mcp: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `ml-skills-mcp read run.log | head`: the reader of the output left, as is its right
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's advice: no second error at exit
        return 0
