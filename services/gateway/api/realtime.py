"""`GET /v1/stream` as WebSocket or Server-Sent Events, resumable; the inbox behind it; mark as read."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import StreamingResponse

from services.gateway.deps import GatewayParts, PartsDep, parts_of
from services.gateway.realtime.stream import follow
from shared.auth import AuthError, Principal, authenticated
from shared.errors import NotFound
from shared.i18n import Language, negotiate
from shared.problems import language_of, problem

router = APIRouter(tags=["notifications"])
AnyoneDep = Annotated[Principal, Depends(authenticated)]
WS_POLICY_VIOLATION = 1008


def _cursor(raw: str | None) -> int:
    try:
        return int(raw) if raw else -1
    except ValueError:
        return -1


def _stream(principal: Principal, cursor: int, language: Language, parts: GatewayParts) -> AsyncIterator[Any]:
    return follow(principal.subject, cursor, language, inbox=parts.inbox, fanout=parts.fanout,
                  presence=parts.presence)  # fmt: skip


@router.get("/v1/stream", summary="Notifications as Server-Sent Events (Last-Event-ID resumes)")
async def stream_events(
    request: Request, principal: AnyoneDep, parts: PartsDep, cursor: Annotated[str | None, Query()] = None
) -> StreamingResponse:
    start = _cursor(request.headers.get("last-event-id") or cursor)
    notifications = _stream(principal, start, language_of(request), parts)

    async def events() -> AsyncIterator[bytes]:
        yield b"retry: 3000\n\n"
        async for item in notifications:
            if await request.is_disconnected():
                break
            if item is None:
                yield b": heartbeat\n\n"
                continue
            yield f"id: {item['id']}\nevent: notification\ndata: {json.dumps(item, ensure_ascii=False)}\n\n".encode()

    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    return StreamingResponse(events(), media_type="text/event-stream", headers=headers)


async def _websocket_principal(websocket: WebSocket) -> Principal:
    """Browsers cannot set headers on a WebSocket: the token may come as `access_token` in the query."""
    token = websocket.query_params.get("access_token")
    if token and "authorization" not in websocket.headers:
        return await websocket.app.state.auth_verifier.verify(token)  # type: ignore[no-any-return]
    return await authenticated(websocket)


async def _refuse_handshake(websocket: WebSocket, error: AuthError) -> None:
    """Answer the upgrade with the problem (401/403) where the server can, else close with 1008."""
    if "websocket.http.response" in websocket.scope.get("extensions", {}):
        request = Request({**websocket.scope, "type": "http", "method": "GET"})
        await websocket.send_denial_response(
            problem(
                request,
                status=error.status,
                code=error.code,
                params=error.params,
                headers=getattr(error, "headers", None),
            )
        )
    else:
        await websocket.close(code=WS_POLICY_VIOLATION, reason=error.code)


@router.websocket("/v1/stream")
async def stream_socket(websocket: WebSocket) -> None:
    try:
        principal = await _websocket_principal(websocket)
    except AuthError as error:
        await _refuse_handshake(websocket, error)
        return
    await websocket.accept()
    parts = parts_of(websocket.app.state.runtime)
    language = negotiate(websocket.query_params.get("lang") or websocket.headers.get("accept-language"))
    notifications = _stream(principal, _cursor(websocket.query_params.get("cursor")), language, parts)

    async def send_all() -> None:
        async for item in notifications:
            await websocket.send_json({"type": "heartbeat"} if item is None else {"type": "notification", **item})

    async def until_closed() -> None:
        with contextlib.suppress(WebSocketDisconnect):
            while True:
                await websocket.receive_text()  # the client may ping; a close ends the stream

    tasks = {asyncio.create_task(send_all()), asyncio.create_task(until_closed())}
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect, RuntimeError):
            await asyncio.gather(*tasks)


@router.get("/v1/notifications", summary="The inbox, newest first (30 days)")
async def list_notifications(
    request: Request, principal: AnyoneDep, parts: PartsDep,
    before: Annotated[int | None, Query(ge=0)] = None, limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:  # fmt: skip
    entries = await parts.inbox.page(principal.subject, before, limit)
    language = language_of(request)
    next_cursor = str(entries[-1].cursor) if len(entries) == limit else None
    return {"items": [entry.public(language) for entry in entries], "next_before": next_cursor,
            "unread": await parts.inbox.unread_count(principal.subject)}  # fmt: skip


@router.post("/v1/notifications/{cursor}/read", status_code=204)
async def mark_read(cursor: int, principal: AnyoneDep, parts: PartsDep, request: Request) -> None:
    runtime = request.app.state.runtime
    if not await parts.inbox.mark_read(principal.subject, cursor, runtime.clock.now()):
        raise NotFound()
