"""What guards every request and answer: the size of request bodies, and the
headers that keep a browser strict.

Example::

    app = FastAPI(max_body_size=BODY_LIMIT_BYTES)
    app.add_middleware(SecurityHeaders, docs_path="/api/docs")
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BODY_LIMIT_BYTES", "MAX_UPLOAD_BYTES", "UPLOAD_LIMIT_BYTES", "SecurityHeaders"]

# The largest request body: a profile or a set is a few hundred bytes; only an
# export file, on the two routes that take one, may be larger.
BODY_LIMIT_BYTES = 1024 * 1024
# An export file, and the body that carries it (the form's other fields and
# boundaries fit in the extra megabyte).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
UPLOAD_LIMIT_BYTES = MAX_UPLOAD_BYTES + 1024 * 1024

_STRICT = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}
# The API's own documentation page loads Swagger UI (its script, with an inline
# start-up, and its styles) from a CDN; nothing of a user's is on it.
_DOCS = {
    **_STRICT,
    "content-security-policy": (
        "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
        "style-src 'self' https://cdn.jsdelivr.net; img-src 'self' data: https:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    ),
}


class SecurityHeaders:
    """Adds the strict headers to every answer (a plain ASGI wrapper: it costs
    the hot route a dictionary update, not a task)."""

    def __init__(self, app: ASGIApp, docs_path: str) -> None:
        self.app = app
        self.docs_path = docs_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wanted = _DOCS if scope["path"] == self.docs_path else _STRICT

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in wanted.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
