"""Logs, traces and metrics: JSON logs with trace and event ids, OpenTelemetry spans, Prometheus metrics."""

from __future__ import annotations

import json
import logging
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, Request, Response
from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from prometheus_client import CollectorRegistry, Counter, Histogram

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


def install_http_observability(app: FastAPI, *, tracer_provider: TracerProvider, metrics: HttpMetrics) -> None:
    """Request ids, a server span per request joined to the caller's trace, and request metrics."""
    tracer = tracer_provider.get_tracer("smart-mahalla.http")

    @app.middleware("http")
    async def observe(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        request_id = request.headers.get(REQUEST_ID_HEADER) or uuid.uuid4().hex
        request.state.request_id = request_id
        route = request.scope.get("route")
        started = time.perf_counter()
        context = propagate.extract(dict(request.headers))
        with tracer.start_as_current_span(
            f"{request.method} {request.url.path}", context=context, kind=trace.SpanKind.SERVER
        ) as span:
            response = await call_next(request)
            span.set_attribute("http.status_code", response.status_code)
        route = request.scope.get("route")
        route_path = getattr(route, "path", "unmatched")
        metrics.requests.labels(request.method, route_path, str(response.status_code)).inc()
        metrics.latency.labels(request.method, route_path).observe(time.perf_counter() - started)
        response.headers[REQUEST_ID_HEADER] = request_id
        return response
