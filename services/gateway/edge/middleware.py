"""The gateway's protective layers, as ASGI middleware: body size limits, rate limits, security headers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, ClassVar

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.gateway.edge.rate_limits import RateLimiter, is_emergency
from shared.problems import problem

UNLIMITED_PATHS = ("/healthz", "/readyz", "/metrics")
UPLOAD_MARKER = b"multipart/form-data"


async def write_problem(
    scope: Scope, send: Send, status: int, code: str, params: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> None:  # fmt: skip
    async def no_body() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    response = problem(Request(scope, no_body), status=status, code=code, params=params, headers=headers)
    await response(scope, no_body, send)


class BodyTooLarge(Exception):
    pass


class BodySizeLimitMiddleware:
    """Refuse bodies over the limit (JSON small, multipart uploads larger) before or while they stream in."""

    def __init__(self, app: ASGIApp, *, json_limit: int, upload_limit: int) -> None:
        self.app, self.json_limit, self.upload_limit = app, json_limit, upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        limit = self.upload_limit if UPLOAD_MARKER in headers.get(b"content-type", b"") else self.json_limit
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await write_problem(scope, send, 413, "payload_too_large", {"limit": limit})
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge()
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await write_problem(scope, send, 413, "payload_too_large", {"limit": limit})


class RateLimitMiddleware:
    """Per client address always, per user when a bearer token names one. Emergencies pass, flagged."""

    def __init__(self, app: ASGIApp, limiter_provider: Callable[[], RateLimiter | None],
                 subject_of: Callable[[str], Awaitable[str | None]]) -> None:  # fmt: skip
        self.app, self._limiter, self._subject_of = app, limiter_provider, subject_of

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        limiter = self._limiter()
        if scope["type"] != "http" or scope["path"] in UNLIMITED_PATHS or limiter is None:
            await self.app(scope, receive, send)
            return
        retry_after = await self._retry_after(scope, limiter)
        if retry_after:
            if not is_emergency(scope["path"]):
                await write_problem(scope, send, 429, "rate_limited", {"retry_after": retry_after},
                                    {"Retry-After": str(retry_after)})  # fmt: skip
                return
            scope.setdefault("state", {})["rate_limit_flagged"] = True
        await self.app(scope, receive, send)

    async def _retry_after(self, scope: Scope, limiter: RateLimiter) -> int:
        client = (scope.get("client") or ("unknown", 0))[0]
        authorization = dict(scope.get("headers") or []).get(b"authorization", b"").decode("latin-1")
        scheme, _, token = authorization.partition(" ")
        subject = await self._subject_of(token) if scheme.lower() == "bearer" and token else None
        per_user = (f"user:{subject}", limiter.limits.per_user) if subject else None
        return await limiter.take_both((f"ip:{client}", limiter.limits.per_address), per_user)


class SecurityHeadersMiddleware:
    HEADERS: ClassVar[list[tuple[bytes, bytes]]] = [
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
        (b"strict-transport-security", b"max-age=31536000; includeSubDomains"),
        (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
    ]

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message["headers"]}
                extra = [(name, value) for name, value in self.HEADERS if name not in names]
                if scope["path"].startswith("/v1/auth"):
                    extra.append((b"cache-control", b"no-store"))
                message = {**message, "headers": [*message["headers"], *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)
