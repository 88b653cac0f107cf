"""The gateway: `create_app()` for uvicorn (`--factory`)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, cast

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

from services.gateway import consumers, edge_messages, housekeeping, messages
from services.gateway.api import auth, edge, me, realtime, staff_admin
from services.gateway.deps import build_parts, parts_of
from services.gateway.edge.idempotency_keys import IdempotencyKeyMiddleware
from services.gateway.edge.middleware import BodySizeLimitMiddleware, RateLimitMiddleware, SecurityHeadersMiddleware
from services.gateway.realtime.inbox import INBOX_INDEXES
from services.gateway.repository import citizens, sessions, staff
from services.gateway.repository.keys import KeyRingStore
from services.gateway.settings import GatewaySettings
from shared.auth import AuthError
from shared.auth.tokens import KeyRing, TokenIssuer
from shared.clock import Clock
from shared.events.gateway import (
    StaffAccountCreatedV1,
    UserDeletedV1,
    UserIdentityVerifiedV1,
    UserRegisteredV1,
    UserResidenceChangedV1,
)
from shared.events.notifications import NotificationRequestedV1
from shared.expiring import Expiring
from shared.service import Runtime, ServiceSpec, create_service_app

JwksFetcherFactory = Callable[[Runtime], Callable[[], Awaitable[Any]]]


def _local_jwks(runtime: Runtime) -> Callable[[], Awaitable[Any]]:
    async def fetch() -> dict[str, Any]:
        return dict(parts_of(runtime).issuer.jwks())

    return fetch


async def start_gateway(runtime: Runtime) -> None:
    settings = cast(GatewaySettings, runtime.settings)
    store = KeyRingStore(runtime.db, settings.key_encryption_key.get_secret_value())
    ring = await store.load_or_create(KeyRing.generate(now=runtime.clock.now().timestamp()))
    issuer = TokenIssuer(ring, issuer=settings.token_issuer, audience=settings.token_audience, clock=runtime.clock)
    runtime.extras["gateway"] = build_parts(runtime, issuer)
    rotate_after = timedelta(hours=settings.key_rotation_hours)
    runtime.extras["housekeeping"] = asyncio.create_task(housekeeping.run(issuer, store, rotate_after, runtime))


async def stop_gateway(runtime: Runtime) -> None:
    task = runtime.extras.get("housekeeping")
    if task is not None:
        await housekeeping.stop(task)
    parts = runtime.extras.get("gateway")
    if parts is not None:
        await parts.fanout.close()
        await parts.proxy_client.aclose()


def _install_edge(app: FastAPI, settings: GatewaySettings) -> None:
    def runtime() -> Runtime:
        return cast(Runtime, app.state.runtime)

    def limiter() -> Any:
        return parts_of(runtime()).limiter if "gateway" in runtime().extras else None

    subjects: Expiring[str, str] = Expiring(ttl_s=30.0, size=20_000)  # a request's user, unverified

    async def subject_of(token: str) -> str | None:
        """Whose limit a request counts against; the route (or the owning service) still verifies fully."""
        known = subjects.get(token)
        if known is not None:
            return known.value
        try:
            subject = str((await app.state.auth_verifier.verify(token)).subject)
        except (AuthError, AttributeError):
            return None
        subjects.put(token, subject)
        return subject

    app.add_middleware(IdempotencyKeyMiddleware, redis_provider=lambda: runtime().redis)
    app.add_middleware(RateLimitMiddleware, limiter_provider=limiter, subject_of=subject_of)
    app.add_middleware(BodySizeLimitMiddleware, json_limit=settings.max_json_body_bytes,
                       upload_limit=settings.max_upload_body_bytes)  # fmt: skip
    app.add_middleware(SecurityHeadersMiddleware)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=False,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=["Retry-After", "X-Request-ID"],
        )


def create_app(
    settings: GatewaySettings | None = None,
    *,
    jwks_fetcher: JwksFetcherFactory | None = None,
    clock: Clock | None = None,
    consume: bool = True,
) -> FastAPI:
    settings = settings or GatewaySettings()
    return create_service_app(gateway_spec(settings, jwks_fetcher=jwks_fetcher, clock=clock, consume=consume), settings)


def gateway_spec(
    settings: GatewaySettings, *, jwks_fetcher: JwksFetcherFactory | None = None, clock: Clock | None = None,
    consume: bool = True,
) -> ServiceSpec:  # fmt: skip
    """`consume=False`: an app for a one-off job (the seed) that must not join the notifications consumer
    group, which would make the serving instances rebalance twice and pause delivery meanwhile."""
    return ServiceSpec(
        name="gateway",
        title="Smart Mahalla — public API",
        routers=[auth.router, me.router, staff_admin.router, realtime.router, edge.router],
        outbox_collections=[citizens.CITIZENS, staff.STAFF],
        indexes=[*citizens.INDEXES, *staff.INDEXES, *sessions.INDEXES, *INBOX_INDEXES],
        catalogues=[messages.MESSAGES, edge_messages.MESSAGES],
        publishes=[
            UserRegisteredV1,
            UserIdentityVerifiedV1,
            UserResidenceChangedV1,
            UserDeletedV1,
            StaffAccountCreatedV1,
        ],
        consumes_directly=[NotificationRequestedV1],
        on_start=[start_gateway, consumers.start] if consume else [start_gateway],
        on_stop=[consumers.stop, stop_gateway],
        jwks_fetcher=jwks_fetcher or _local_jwks,
        install_middleware=lambda app: _install_edge(app, settings),
        clock=clock,
    )
