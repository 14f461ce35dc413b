"""The streamable-HTTP transport, with an optional bearer token in front of it."""

from __future__ import annotations

import hmac
from typing import Any

from mcp.server.mcpserver import MCPServer

Scope = dict[str, Any]


class BearerTokenMiddleware:
    """Answers 401 to any HTTP request whose `Authorization` header is not `Bearer <token>`."""

    def __init__(self, app: Any, token: str) -> None:
        self.app = app
        self.expected = f"Bearer {token}".encode()

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            given = dict(scope.get("headers") or []).get(b"authorization", b"")
            if not hmac.compare_digest(given, self.expected):
                await send(
                    {
                        "type": "http.response.start",
                        "status": 401,
                        "headers": [(b"content-type", b"text/plain"), (b"www-authenticate", b"Bearer")],
                    }
                )
                await send({"type": "http.response.body", "body": b"missing or wrong bearer token\n"})
                return
        await self.app(scope, receive, send)


def http_app(mcp: MCPServer, host: str, token: str | None) -> Any:
    """The ASGI app serving MCP at /mcp, token-checked when a token is given."""
    app = mcp.streamable_http_app(host=host)
    return BearerTokenMiddleware(app, token) if token else app


def serve_http(mcp: MCPServer, host: str, port: int, token: str | None) -> None:
    import uvicorn

    uvicorn.run(http_app(mcp, host, token), host=host, port=port, log_level="warning")
