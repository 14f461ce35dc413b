"""The CLI's commands. Each prints for a person what the matching tool returns to a client."""

from __future__ import annotations

import argparse
import json

from .cli import command, is_loopback
from .core.errors import UserError
from .settings import Settings


@command("serve")
def serve(args: argparse.Namespace, settings: Settings) -> int:
    from .app import build_server

    if args.transport == "http" and not is_loopback(args.host) and not args.token:
        raise UserError(f"--host {args.host} is not loopback; pass --token SECRET so that clients must authenticate")
    mcp = build_server(settings)
    if args.transport == "stdio":
        mcp.run()
    else:
        from .http import serve_http

        serve_http(mcp, args.host, args.port, args.token)
    return 0


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
    from .core.diagnosis.usecase import conclude, prepare
    from .core.report import format_diagnosis

    request = prepare(settings.workspace, args.paths, args.code or [], args.config)
    answer = conclude(request, settings.workspace, settings.state_dir)
    if args.json:
        print(json.dumps(answer.model_dump(mode="json"), indent=2))
    else:
        print(format_diagnosis(answer), end="")
    return 0
