"""The streamable-HTTP transport, served at `/mcp` behind one request guard.

The guard checks every request before the MCP app sees it, in this order:

1. Host (loopback binds only): a loopback name (`localhost`, `127.x.y.z`, `::1` however spelled) with the
   bound port, else 421. A web page that rebinds its own DNS name to 127.0.0.1 still sends that name as
   Host, so it is refused. Off loopback the names that reach the server cannot be known; the token guards.
2. Origin (every bind): absent (what non-browser clients send), one the user named with `--allow-origin`,
   or on a loopback bind a loopback origin with the bound port; else 403.
3. Token (when one is set; required off loopback): `Authorization: Bearer <token>`, the scheme in any case,
   compared in constant time; else 401.

The SDK's own Host/Origin check (which knows only 127.0.0.1, localhost and ::1) is turned off: this guard
is the one check, the same on every bind.
"""

from __future__ import annotations

import hmac
import ipaddress
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from mcp.server.mcpserver import MCPServer

Scope = dict[str, Any]
MCP_PATH = "/mcp"
DEFAULT_PORTS = {"http": 80, "https": 443}
"""The port a Host or Origin without one means (RFC 9110 section 4.2)."""
WEBSOCKET_POLICY_VIOLATION = 1008
"""The close code for a refused WebSocket handshake (RFC 6455 section 7.4.1); the MCP app serves none anyway."""


def is_loopback(host: str) -> bool:
    """Whether `host` (a name or an address literal, IPv6 with or without brackets) names this machine only."""
    name = host.strip().lower().removeprefix("[").removesuffix("]")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def split_host(value: str) -> tuple[str, int | None] | None:
    """The name and port of a Host header (`localhost:8000`, `[::1]:8000`, `127.0.0.2`); None when malformed."""
    if value.startswith("["):
        name, bracket, rest = value[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            return None
        port_text = rest[1:] if rest else None
    else:
        name, colon, port_text_or_empty = value.partition(":")
        port_text = port_text_or_empty if colon else None
    if port_text is None:
        return name.lower(), None
    if not (port_text.isascii() and port_text.isdigit()):
        return None
    return name.lower(), int(port_text)


def url_host(host: str) -> str:
    """`host` as it appears in a URL: IPv6 literals in brackets."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def server_url(host: str, port: int) -> str:
    return f"http://{url_host(host)}:{port}{MCP_PATH}"


def normalize_origin(origin: str) -> str:
    """`scheme://host:port` in lower case with the port spelled out, so that equal origins compare equal."""
    try:
        parts = urlsplit(origin.strip())
        port = parts.port
    except ValueError:
        return origin.strip().lower()
    scheme, name = parts.scheme.lower(), (parts.hostname or "").lower()
    if not scheme or not name:
        return origin.strip().lower()
    return f"{scheme}://{url_host(name)}:{port or DEFAULT_PORTS.get(scheme, 0)}"


class RequestGuard:
    """ASGI middleware: Host and Origin checks on every request (DNS rebinding), then the bearer token."""

    def __init__(self, app: Any, *, host: str, port: int, token: str | None, allowed_origins: list[str]) -> None:
        self.app = app
        self.loopback = is_loopback(host)
        self.port = port
        self.expected = token.encode() if token else None
        self.allowed_origins = {normalize_origin(origin) for origin in allowed_origins}

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] in ("http", "websocket"):
            headers = {name.lower(): value for name, value in scope.get("headers") or []}
            refusal = self.refusal(headers)
            if refusal is not None and scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": WEBSOCKET_POLICY_VIOLATION})
                return
            if refusal is not None:
                status, text, extra = refusal
                await send(
                    {
                        "type": "http.response.start",
                        "status": status,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8"), *extra],
                    }
                )
                await send({"type": "http.response.body", "body": text.encode() + b"\n"})
                return
        await self.app(scope, receive, send)

    def refusal(self, headers: dict[bytes, bytes]) -> tuple[int, str, list[tuple[bytes, bytes]]] | None:
        """(status, message, extra headers) for a request to refuse, None for one to serve."""
        host = headers.get(b"host", b"").decode("latin-1")
        if self.loopback and not self.host_ok(host):
            return 421, f"Host {host!r} is not this server; connect to a loopback address on port {self.port}", []
        origin = headers.get(b"origin")
        if origin is not None and not self.origin_ok(origin.decode("latin-1")):
            shown = origin.decode("latin-1")
            return 403, f"Origin {shown!r} may not call this server; start it with --allow-origin {shown}", []
        if self.expected is not None and not self.token_ok(headers.get(b"authorization", b"")):
            return 401, "missing or wrong bearer token", [(b"www-authenticate", b"Bearer")]
        return None

    def host_ok(self, host: str) -> bool:
        parsed = split_host(host)
        if parsed is None:
            return False
        name, port = parsed
        return is_loopback(name) and (port or DEFAULT_PORTS["http"]) == self.port

    def origin_ok(self, origin: str) -> bool:
        normalized = normalize_origin(origin)
        if normalized in self.allowed_origins:
            return True
        if not self.loopback:
            return False
        parts = urlsplit(normalized)
        try:
            port = parts.port
        except ValueError:
            return False
        return parts.scheme in DEFAULT_PORTS and is_loopback(parts.hostname or "") and port == self.port

    def token_ok(self, authorization: bytes) -> bool:
        assert self.expected is not None
        scheme, _, credentials = authorization.strip().partition(b" ")
        # compare_digest on bytes takes the same time whatever the first differing byte
        matches = hmac.compare_digest(credentials.strip(), self.expected)
        return scheme.lower() == b"bearer" and matches


def http_app(
    mcp: MCPServer, host: str, port: int, token: str | None, allowed_origins: list[str] | None = None
) -> RequestGuard:
    """The ASGI app serving MCP at /mcp behind the request guard."""
    from mcp.server.transport_security import TransportSecuritySettings

    app = mcp.streamable_http_app(
        host=host, transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False)
    )
    return RequestGuard(app, host=host, port=port, token=token, allowed_origins=allowed_origins or [])


def serve_http(mcp: MCPServer, host: str, port: int, token: str | None, allowed_origins: list[str]) -> None:
    import uvicorn

    uvicorn.run(http_app(mcp, host, port, token, allowed_origins), host=host, port=port, log_level="warning")
