"""Logs, traces and metrics: JSON logs with trace and event ids, OpenTelemetry spans, Prometheus metrics."""

from __future__ import annotations

import json
import logging
import sys
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI
from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = "X-Request-ID"
_STANDARD_RECORD_FIELDS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with the current trace and span ids and any `extra=` fields."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self._service = service

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "service": self._service,
            "logger": record.name,
            "message": record.getMessage(),
        }
        context = trace.get_current_span().get_span_context()
        if context.is_valid:
            entry["trace_id"] = format(context.trace_id, "032x")
            entry["span_id"] = format(context.span_id, "016x")
        for key, value in vars(record).items():
            if key not in _STANDARD_RECORD_FIELDS and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def configure_logging(service: str, level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("aiokafka").setLevel("WARNING")
    logging.getLogger("pymongo").setLevel("WARNING")


def create_tracer_provider(service: str, processors: list[SpanProcessor] | None = None) -> TracerProvider:
    """A tracer provider for the service; exporters are optional (tests pass an in-memory processor)."""
    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    for processor in processors or []:
        provider.add_span_processor(processor)
    return provider


class HttpMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.requests = Counter(
            "http_requests", "HTTP requests handled", ["method", "route", "status"], registry=registry
        )
        self.latency = Histogram(
            "http_request_duration_seconds", "HTTP request latency", ["method", "route"], registry=registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
        )  # fmt: skip


class HttpObservabilityMiddleware:
    """Pure ASGI (no buffering of streamed responses): a request id, a server span joined to the caller's
    trace, and request metrics, for HTTP and WebSocket alike."""

    def __init__(self, app: ASGIApp, *, tracer_provider: TracerProvider, metrics: HttpMetrics) -> None:
        self.app = app
        self._tracer = tracer_provider.get_tracer("smart-mahalla.http")
        self._metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in scope.get("headers") or []}
        request_id = headers.get("x-request-id") or uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        method = scope.get("method", "WS")
        status = {"code": 101 if scope["type"] == "websocket" else 500}
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                request_id_header = (REQUEST_ID_HEADER.lower().encode(), request_id.encode())
                message = {**message, "headers": [*message.get("headers", []), request_id_header]}
            await send(message)

        with self._tracer.start_as_current_span(f"{method} {scope['path']}", context=propagate.extract(headers),
                                                kind=trace.SpanKind.SERVER) as span:  # fmt: skip
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                span.set_attribute("http.status_code", status["code"])
                route_path = getattr(scope.get("route"), "path", "unmatched")
                self._metrics.requests.labels(method, route_path, str(status["code"])).inc()
                self._metrics.latency.labels(method, route_path).observe(time.perf_counter() - started)


def install_http_observability(app: FastAPI, *, tracer_provider: TracerProvider, metrics: HttpMetrics) -> None:
    app.add_middleware(HttpObservabilityMiddleware, tracer_provider=tracer_provider, metrics=metrics)
