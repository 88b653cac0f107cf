"""`Idempotency-Key` on every POST: a retry gets the first response; the same key with another body is refused.

Keys are scoped to the caller (the bearer token's subject, or the client address when anonymous) and kept
in Redis for a day. While the first request is still running, a retry is told so (409) rather than run
twice. Server errors are not remembered, so a retry after a 5xx runs again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

import redis.asyncio as redis_async
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.gateway.edge.middleware import write_problem

KEY_TTL_S = 24 * 60 * 60
PENDING_TTL_S = 60
MAX_REMEMBERED_BODY = 1_000_000
HEADER = b"idempotency-key"


def fingerprint(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + body).hexdigest()


def caller_of(scope: Scope) -> str:
    headers = dict(scope.get("headers") or [])
    authorization = headers.get(b"authorization", b"")
    if authorization:
        return "token:" + hashlib.sha256(authorization).hexdigest()[:32]
    client = scope.get("client") or ("unknown", 0)
    return f"ip:{client[0]}"


class IdempotencyKeyMiddleware:
    """Pure ASGI middleware (it must see the whole body and the whole response)."""

    def __init__(self, app: ASGIApp, redis_provider: Callable[[], redis_async.Redis | None]) -> None:
        self.app = app
        self._redis_provider = redis_provider

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        key = dict(scope.get("headers") or []).get(HEADER)
        if not key:
            await self.app(scope, receive, send)
            return
        redis = self._redis_provider()
        if redis is None:
            await self.app(scope, receive, send)
            return
        body = await read_body(receive)
        storage_key = f"idem:{caller_of(scope)}:{hashlib.sha256(key).hexdigest()}"
        print_ = fingerprint(scope["method"], scope["path"], body)
        claimed = await redis.set(storage_key, json.dumps({"state": "pending", "fingerprint": print_}),
                                  nx=True, ex=PENDING_TTL_S)  # fmt: skip
        if not claimed:
            await self._answer_retry(scope, send, redis, storage_key, print_)
            return
        await self._run_first(scope, body, send, redis, storage_key, print_)

    async def _answer_retry(
        self, scope: Scope, send: Send, redis: redis_async.Redis, storage_key: str, print_: str
    ) -> None:
        stored_raw = await redis.get(storage_key)
        stored = json.loads(stored_raw) if stored_raw else {"state": "pending", "fingerprint": print_}
        if stored["fingerprint"] != print_:
            await write_problem(scope, send, 422, "idempotency.key_reused")
            return
        if stored["state"] == "pending":
            await write_problem(scope, send, 409, "conflict")
            return
        headers = [(str(pair[0]).encode(), str(pair[1]).encode()) for pair in stored["headers"]]
        headers.append((b"idempotent-replayed", b"true"))
        await send({"type": "http.response.start", "status": stored["status"], "headers": headers})
        await send({"type": "http.response.body", "body": stored["body"].encode("latin-1")})

    async def _run_first(
        self, scope: Scope, body: bytes, send: Send, redis: redis_async.Redis, storage_key: str, print_: str
    ) -> None:
        captured: dict[str, Any] = {"status": 500, "headers": [], "body": b""}

        async def replay_body() -> Message:
            return {"type": "http.request", "body": body, "more_body": False}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
                captured["headers"] = [(n.decode("latin-1"), v.decode("latin-1")) for n, v in message["headers"]]
            elif message["type"] == "http.response.body":
                captured["body"] += message.get("body", b"")
            await send(message)

        try:
            await self.app(scope, replay_body, capture)
        finally:
            await self._remember(redis, storage_key, print_, captured)

    @staticmethod
    async def _remember(redis: redis_async.Redis, storage_key: str, print_: str, captured: dict[str, Any]) -> None:
        if captured["status"] >= 500 or len(captured["body"]) > MAX_REMEMBERED_BODY:
            await redis.delete(storage_key)
            return
        kept_headers = [(n, v) for n, v in captured["headers"] if n.lower() not in ("date", "server", "x-request-id")]
        record = {"state": "done", "fingerprint": print_, "status": captured["status"], "headers": kept_headers,
                  "body": captured["body"].decode("latin-1")}  # fmt: skip
        await redis.set(storage_key, json.dumps(record), ex=KEY_TTL_S)


async def read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)
