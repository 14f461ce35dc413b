"""The CLI's commands. Each prints for a person what the matching tool returns to a client."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import sys
from functools import partial

from .cli import command
from .core.errors import UserError
from .core.runner import TOKEN_ENV
from .settings import Settings, read_token


@command("serve")
def serve(args: argparse.Namespace, settings: Settings) -> int:
    from .app import build_server
    from .http import is_loopback

    if args.token is not None:
        raise UserError(
            "--token is not taken on the command line, where every user of this machine can read it (ps, /proc); "
            f"set {TOKEN_ENV} in the server's environment or pass --token-file FILE (mode 600)"
        )
    if args.transport == "http":
        token = read_token(args.token_file)
    else:
        os.environ.pop(TOKEN_ENV, None)  # no child inherits it, whatever the transport
        token = None
    if args.transport == "http" and not is_loopback(args.host) and not token:
        raise UserError(
            f"--host {args.host} is not loopback; set {TOKEN_ENV} or pass --token-file FILE so that clients "
            "must authenticate"
        )
    mcp = build_server(settings)
    announce(args, settings, token)
    if args.transport == "stdio":
        mcp.run()
    else:
        from .http import serve_http

        serve_http(mcp, args.host, args.port, token, args.allow_origin)
    return 0


def announce(args: argparse.Namespace, settings: Settings, token: str | None) -> None:
    """Say on stderr what is served where, and tell a person at a terminal how to connect a client."""
    from . import __version__
    from .http import server_url

    roots = settings.workspace.roots
    lines = [
        f"ml-skills-mcp {__version__}: workspace {', '.join(str(root) for root in roots)}",
        f"user code runs under {settings.project_python()}",
    ]
    if args.transport == "stdio":
        lines.append("serving MCP over stdio (stdin/stdout); logs go to stderr")
        if sys.stdin.isatty():
            command = shutil.which("ml-skills-mcp") or f"{sys.executable} -m server"
            workspaces = " ".join(f"--workspace {shlex.quote(str(root))}" for root in roots)
            lines += [
                "stdin is a terminal: this server talks to an MCP client, not to a person. Connect one, e.g.:",
                f"  claude mcp add ml-skills -- {command} serve {workspaces}",
                "or put that command in your client's mcp.json. Ctrl-C quits.",
            ]
    else:
        url = server_url(args.host, args.port)
        auth = ' --header "Authorization: Bearer $TOKEN"' if token else ""
        lines += [
            f"serving MCP over HTTP at {url} ("
            + ("bearer token required" if token else "no token: loopback only")
            + f", allowed origins: {', '.join(args.allow_origin) or 'loopback on this port'})",
            f"connect a client, e.g.: claude mcp add --transport http ml-skills {url}{auth}",
        ]
    print("\n".join(lines), file=sys.stderr, flush=True)


@command("read")
def read(args: argparse.Namespace, settings: Settings) -> int:
    from .core.logs.reading import read_logs
    from .core.logs.summary import summarize
    from .core.report import format_log_summary

    result = read_logs(settings.workspace, args.paths, args.format)
    summary = summarize(result.runs, args.metrics, unreadable=result.unreadable)
    if args.json:
        print(json.dumps(summary.model_dump(mode="json"), indent=2))
    else:
        print(format_log_summary(summary))
    return 0


@command("diagnose")
def diagnose(args: argparse.Namespace, settings: Settings) -> int:
    import anyio

    from .core.diagnosis.usecase import conclude, inspect_for_diagnosis, prepare
    from .core.report import format_diagnosis

    request = prepare(settings.workspace, args.paths, args.code or [], args.config, args.format, args.loss_metric)
    model_report, model_problem = anyio.run(
        partial(
            inspect_for_diagnosis,
            settings.workspace,
            settings.state_dir,
            settings.project_python(),
            model=args.model,
            checkpoint=args.checkpoint,
            input_shape=args.input_shape,
            symptoms=args.symptoms,
        )
    )
    answer = conclude(
        request,
        settings.workspace,
        settings.state_dir,
        model_report=model_report,
        model_problem=model_problem,
        symptoms=args.symptoms,
    )
    if args.json:
        print(json.dumps(answer.model_dump(mode="json"), indent=2))
    else:
        print(format_diagnosis(answer), end="")
    return 0
