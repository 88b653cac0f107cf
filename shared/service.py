"""What every service's `main.py` builds on: connections opened in the lifespan, health, readiness, metrics.

A service describes itself with a `ServiceSpec` (its routers, subscribers, collections with outboxes,
indexes, timer handlers, message catalogues) and gets a FastAPI app whose lifespan opens the database,
Redis and Kafka, builds indexes, starts the outbox relay and the timer scheduler, and closes everything
in reverse order. Nothing is opened at import time.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from typing import Any, cast

import httpx
import redis.asyncio as redis_async
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from faststream.kafka import KafkaBroker
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from starlette.requests import HTTPConnection

from shared import auth_messages
from shared import messages as shared_messages
from shared.auth.revocation import revocation_check
from shared.auth.verifier import JwksFetcher, JwksVerifier
from shared.background import bounded_step
from shared.clock import Clock, SystemClock
from shared.events.envelope import Event
from shared.i18n import Text, register
from shared.kafka import OutboxPublisher, create_broker
from shared.memory import settle_after_start
from shared.mongo import Document, IndexSpec, create_client, ensure_indexes, ping
from shared.observability import (
    HttpMetrics,
    configure_logging,
    create_tracer_provider,
    install_http_observability,
)
from shared.outbox import OutboxRelay, outbox_index
from shared.problems import install_problem_handlers
from shared.settings import ServiceSettings
from shared.timers import TIMER_INDEXES, TimerHandler, TimerScheduler, TimerStore

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class Runtime:
    """The live connections of one service instance, kept on `app.state.runtime`."""

    settings: ServiceSettings
    clock: Clock
    metrics: CollectorRegistry
    tracer_provider: TracerProvider
    broker: KafkaBroker
    mongo: AsyncMongoClient[Document] | None = None
    database: AsyncDatabase[Document] | None = None
    redis: redis_async.Redis | None = None
    relay: OutboxRelay | None = None
    outbox_publisher: OutboxPublisher | None = None
    timers: TimerStore | None = None
    scheduler: TimerScheduler | None = None
    http: httpx.AsyncClient | None = None
    extras: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def db(self) -> AsyncDatabase[Document]:
        assert self.database is not None, "the database opens in the lifespan"
        return self.database

    async def publish_outbox(self, records: Sequence[Mapping[str, Any]]) -> None:
        """What every outbox relay of this service publishes through (`OutboxPublisher`)."""
        assert self.outbox_publisher is not None, "the outbox publisher starts in the lifespan"
        await self.outbox_publisher.publish(records)

    @property
    def cache(self) -> redis_async.Redis:
        assert self.redis is not None, "Redis opens in the lifespan"
        return self.redis


Hook = Callable[[Runtime], Awaitable[None]]


@dataclasses.dataclass
class ServiceSpec:
    name: str
    title: str
    routers: Sequence[APIRouter] = ()
    register_subscribers: Callable[[KafkaBroker, Runtime], None] | None = None
    outbox_collections: Sequence[str] = ()
    # how often the relay looks for pending events nobody named with `OutboxRelay.written`
    outbox_sweep_interval: float = 1.0
    indexes: Sequence[IndexSpec] = ()
    timer_handlers: Callable[[Runtime], Mapping[str, TimerHandler]] | None = None
    catalogues: Sequence[Mapping[str, Text]] = ()
    on_start: Sequence[Hook] = ()
    on_stop: Sequence[Hook] = ()
    span_processors: Sequence[SpanProcessor] = ()
    clock: Clock | None = None
    # Extra ASGI layers (the gateway's edge); the observability layer always wraps them.
    install_middleware: Callable[[FastAPI], None] | None = None
    # Contracts this service publishes (through its outbox): listed in its AsyncAPI document.
    publishes: Sequence[type[Event]] = ()
    # Contracts it consumes with a Kafka consumer of its own rather than a subscriber (the gateway's
    # notifications): listed in its AsyncAPI document, which describes the subscribers by itself.
    consumes_directly: Sequence[type[Event]] = ()
    # Where the token verifier gets the signing keys; by default the gateway's JWKS over HTTP.
    jwks_fetcher: Callable[[Runtime], JwksFetcher] | None = None


def runtime_of(connection: HTTPConnection) -> Runtime:
    """The runtime of the app serving `connection` (HTTP or WebSocket)."""
    return cast(Runtime, connection.app.state.runtime)


async def current_runtime(connection: HTTPConnection) -> Runtime:
    """The runtime as a route dependency. Every dependency is a coroutine: FastAPI runs a plain function
    dependency in its thread pool, a thread hop on each request for what is a lookup on the app's state."""
    return runtime_of(connection)


def _http_jwks_fetcher(runtime: Runtime) -> JwksFetcher:
    async def fetch() -> dict[str, Any]:
        assert runtime.http is not None
        response = await runtime.http.get(runtime.settings.gateway_jwks_url, timeout=5)
        response.raise_for_status()
        document: dict[str, Any] = response.json()
        return document

    return fetch


def _token_verifier(runtime: Runtime, spec: ServiceSpec) -> JwksVerifier:
    fetcher = (spec.jwks_fetcher or _http_jwks_fetcher)(runtime)
    return JwksVerifier(
        fetch_jwks=fetcher,
        is_session_revoked=revocation_check(runtime.cache),
        issuer=runtime.settings.token_issuer,
        audience=runtime.settings.token_audience,
        clock=runtime.clock,
    )


async def _open_connections(runtime: Runtime, spec: ServiceSpec) -> None:
    settings = runtime.settings
    runtime.http = httpx.AsyncClient(timeout=httpx.Timeout(10.0, connect=3.0))
    runtime.mongo = create_client(settings.mongo_url, app_name=spec.name)
    runtime.database = runtime.mongo[settings.database_name]
    pool = redis_async.BlockingConnectionPool.from_url(settings.redis_url, max_connections=512, timeout=10)
    runtime.redis = redis_async.Redis(connection_pool=pool)
    indexes = [*spec.indexes, *TIMER_INDEXES, *(outbox_index(name) for name in spec.outbox_collections)]
    await ensure_indexes(runtime.database, indexes)
    await runtime.broker.connect()  # publishing works from here; subscribers start after the on-start hooks
    runtime.outbox_publisher = OutboxPublisher(settings.kafka_bootstrap, client_id=spec.name, metrics=runtime.metrics)
    await runtime.outbox_publisher.start()


def _start_background(runtime: Runtime, spec: ServiceSpec) -> None:
    runtime.timers = TimerStore(runtime.db, runtime.clock)
    if spec.outbox_collections:
        runtime.relay = OutboxRelay(
            runtime.db, spec.outbox_collections, runtime.publish_outbox, name=spec.name, clock=runtime.clock,
            sweep_interval=spec.outbox_sweep_interval,
        )  # fmt: skip
        runtime.relay.start()
    if spec.timer_handlers is not None:
        runtime.scheduler = TimerScheduler(runtime.timers, spec.timer_handlers(runtime), clock=runtime.clock)
        runtime.scheduler.start()


async def _close(runtime: Runtime) -> None:
    if runtime.scheduler is not None:
        await bounded_step("timer scheduler", runtime.scheduler.stop())
    if runtime.relay is not None:
        await bounded_step("outbox relay", runtime.relay.stop())
    if runtime.outbox_publisher is not None:
        await bounded_step("outbox publisher", runtime.outbox_publisher.stop())
    await bounded_step("kafka", runtime.broker.stop())
    if runtime.redis is not None:
        await bounded_step("redis", runtime.redis.aclose())
    if runtime.http is not None:
        await bounded_step("http client", runtime.http.aclose())
    if runtime.mongo is not None:
        await bounded_step("database", runtime.mongo.close())


async def readiness(runtime: Runtime) -> dict[str, bool]:
    async def redis_ok() -> bool:
        try:
            return bool(await asyncio.wait_for(runtime.cache.ping(), 2))  # type: ignore[misc]
        except Exception:
            return False

    async def kafka_ok() -> bool:
        try:
            return bool(await asyncio.wait_for(runtime.broker.ping(timeout=2), 3))
        except Exception:
            return False

    async def database_ok() -> bool:
        assert runtime.mongo is not None
        return await asyncio.wait_for(ping(runtime.mongo), 3)

    kafka, database, cache = await asyncio.gather(kafka_ok(), database_ok(), redis_ok())
    return {"kafka": kafka, "database": database, "redis": cache}


def _health_router() -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "alive"}

    @router.get("/readyz", include_in_schema=False)
    async def readyz(request: Request) -> JSONResponse:
        checks = await readiness(request.app.state.runtime)
        return JSONResponse(
            {"ready": all(checks.values()), "checks": checks},
            status_code=200 if all(checks.values()) else 503,
        )

    @router.get("/metrics", include_in_schema=False)
    async def metrics(request: Request) -> Response:
        return Response(generate_latest(request.app.state.runtime.metrics), media_type=CONTENT_TYPE_LATEST)

    return router


def create_service_app(spec: ServiceSpec, settings: ServiceSettings) -> FastAPI:
    configure_logging(spec.name, settings.log_level)
    for catalogue in (shared_messages.MESSAGES, auth_messages.MESSAGES, *spec.catalogues):
        register(catalogue)
    metrics = CollectorRegistry()
    tracer_provider = create_tracer_provider(spec.name, list(spec.span_processors))
    broker = create_broker(
        settings.kafka_bootstrap, client_id=spec.name, metrics=metrics, tracer_provider=tracer_provider
    )
    runtime = Runtime(settings, spec.clock or SystemClock(), metrics, tracer_provider, broker)
    if spec.register_subscribers is not None:
        spec.register_subscribers(broker, runtime)
    for contract in spec.publishes:
        broker.publisher(contract.topic, title=f"{contract.topic}:{contract.__name__}", schema=contract,
                         description=(contract.__doc__ or "").strip())  # fmt: skip

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await _open_connections(runtime, spec)
        app.state.auth_verifier = _token_verifier(runtime, spec)
        for hook in spec.on_start:
            await hook(runtime)
        # Only now may records arrive: a subscriber relies on what the hooks built.
        await runtime.broker.start()
        _start_background(runtime, spec)
        if settings.settle_memory_after_start:
            settle_after_start()
        try:
            yield
        finally:
            for hook in spec.on_stop:
                await bounded_step(getattr(hook, "__name__", "on-stop hook"), hook(runtime))
            await _close(runtime)

    app = FastAPI(title=spec.title, lifespan=lifespan, version="1.0.0")
    app.state.runtime = runtime
    app.state.consumes_directly = tuple(spec.consumes_directly)
    install_problem_handlers(app)
    app.include_router(_health_router())
    for router in spec.routers:
        app.include_router(router)
    if spec.install_middleware is not None:
        spec.install_middleware(app)
    install_http_observability(app, tracer_provider=tracer_provider, metrics=HttpMetrics(metrics))  # outermost
    return app
