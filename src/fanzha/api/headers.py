"""Security headers on every answer: the browser runs only the UI's own files.

The UI escapes every value that came from data (``web/static/escape.js``); the
Content-Security-Policy is the second wall, so that text which does slip into
markup still cannot run: scripts only from this server's files, no inline
script or ``onclick=``, no plugins, no framing, no ``<base>`` rewrite. A route
that answers with a document of its own (the HTML report) sets a stricter
policy itself, which is then kept.

Pure ASGI, not ``BaseHTTPMiddleware``, so the live dashboard stream passes untouched.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'"
)
DOCUMENT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
"""For a generated document (the HTML report): its own inline styles and SVG, no script at all."""

API_DOCS_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
"""/docs runs the vendored Swagger UI, which sets inline styles and data: icons; its
scripts still come only from this server (``web/docs.py``)."""
API_DOCS_PATHS = frozenset({"/docs"})

HEADERS = {
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"no-referrer",
    b"x-frame-options": b"DENY",
}


class SecurityHeaders:
    """Adds the policy and the hardening headers unless the route already chose a policy."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = API_DOCS_POLICY if scope["path"] in API_DOCS_PATHS else CONTENT_SECURITY_POLICY

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", policy.encode()))
                headers += [(k, v) for k, v in HEADERS.items() if k not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
