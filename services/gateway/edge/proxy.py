"""Routing `/v1/...` to the services that own each path, streaming bodies both ways.

The gateway adds the correlation id and the trace context, keeps the caller's Authorization (every
service verifies the token itself) and Accept-Language, and drops hop-by-hop headers. A service that does
not answer in time is a 504 problem; one that cannot be reached is a 503 problem.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import AsyncIterator, Mapping

import httpx
from fastapi import Request
from fastapi.responses import StreamingResponse
from opentelemetry import propagate
from starlette.background import BackgroundTask

from services.gateway.domain.errors import GatewayError

logger = logging.getLogger(__name__)

HOP_BY_HOP = {
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
    "transfer-encoding", "upgrade", "host", "content-length",
}  # fmt: skip

# First path segment after /v1/ → the service that owns it.
ROUTES: Mapping[str, str] = {
    "appeals": "appeals",
    "state-bodies": "appeals",
    "appeal-categories": "appeals",
    "open311": "appeals",
    "territory": "geo",
    "my-mahalla": "geo",
    "my-inspector": "geo",
    "crime-map": "geo",
    "locate": "geo",
    "devices": "devices",
    "children": "devices",
    "schools": "devices",
    "ratings": "ratings",
    "sos": "sos",
    "documents": "docs_vault",
    "presentations": "docs_vault",
    "bulletins": "bulletins",
}


class UpstreamUnavailable(GatewayError):
    code = "service_unavailable"
    status = 503


class UpstreamTimeout(GatewayError):
    code = "gateway.upstream_timeout"
    status = 504


class UnknownRoute(GatewayError):
    code = "not_found"
    status = 404


@dataclasses.dataclass(frozen=True)
class Upstreams:
    base_urls: Mapping[str, str]

    def target_for(self, path: str) -> str:
        """`/v1/appeals/42` → `http://127.0.0.1:8001/v1/appeals/42`."""
        segments = path.split("/")
        first = segments[2] if len(segments) > 2 else ""
        service = ROUTES.get(first)
        if service is None or service not in self.base_urls:
            raise UnknownRoute()
        return self.base_urls[service].rstrip("/") + path


def forwarded_headers(request: Request, extra: Mapping[str, str]) -> dict[str, str]:
    headers = {name: value for name, value in request.headers.items() if name.lower() not in HOP_BY_HOP}
    request_id = getattr(request.state, "request_id", None)
    if request_id:
        headers["x-request-id"] = request_id
        headers["x-correlation-id"] = headers.get("x-correlation-id", request_id)
    if request.client is not None:
        headers["x-forwarded-for"] = request.client.host
    propagate.inject(headers)
    headers.update(extra)
    return headers


async def _request_body(request: Request) -> AsyncIterator[bytes]:
    async for chunk in request.stream():
        yield chunk


async def forward(
    request: Request, client: httpx.AsyncClient, upstreams: Upstreams, extra_headers: Mapping[str, str]
) -> StreamingResponse:
    target = upstreams.target_for(request.url.path)
    has_body = request.method in ("POST", "PUT", "PATCH")
    upstream_request = client.build_request(
        request.method,
        target,
        params=request.query_params,
        headers=forwarded_headers(request, extra_headers),
        content=_request_body(request) if has_body else None,
    )
    try:
        upstream = await client.send(upstream_request, stream=True)
    except httpx.TimeoutException as error:
        raise UpstreamTimeout() from error
    except httpx.TransportError as error:
        logger.warning("upstream unreachable", extra={"target": target, "error": repr(error)})
        raise UpstreamUnavailable() from error
    response_headers = {name: value for name, value in upstream.headers.items() if name.lower() not in HOP_BY_HOP}
    return StreamingResponse(
        upstream.aiter_raw(),
        status_code=upstream.status_code,
        headers=response_headers,
        background=BackgroundTask(upstream.aclose),
    )
