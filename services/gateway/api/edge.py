"""The edge: everything under /v1 the gateway does not own is forwarded to its service; one public OpenAPI
document covers them all; sandbox-only windows into the simulated SMS and push outboxes."""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from services.gateway.adapters.sms import SandboxSmsOutbox
from services.gateway.deps import PartsDep, RuntimeDep
from services.gateway.domain.errors import GatewayError
from services.gateway.edge.proxy import forward
from services.gateway.edge.rate_limits import FLAG_HEADER

logger = logging.getLogger(__name__)
router = APIRouter()
PROXIED_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


class SandboxOnly(GatewayError):
    code = "gateway.sandbox_only"
    status = 404


@router.get("/v1/sandbox/sms", tags=["sandbox"], summary="Sandbox only: the SMS messages sent to a phone")
async def sandbox_sms(phone: Annotated[str, Query(min_length=9)], runtime: RuntimeDep) -> list[dict[str, Any]]:
    if runtime.settings.profile != "sandbox":
        raise SandboxOnly()
    return await SandboxSmsOutbox(runtime.db).latest(phone.replace(" ", ""))


async def _service_openapi(client: httpx.AsyncClient, name: str, base_url: str) -> dict[str, Any] | None:
    try:
        response = await client.get(f"{base_url.rstrip('/')}/openapi.json", timeout=3)
        response.raise_for_status()
        document: dict[str, Any] = response.json()
        return document
    except (httpx.HTTPError, ValueError):
        logger.warning("no OpenAPI document from %s", name)
        return None


def merge_openapi(own: dict[str, Any], others: list[dict[str, Any]]) -> dict[str, Any]:
    """The gateway's document plus every service's public `/v1` paths and their schemas."""
    merged = {**own, "paths": dict(own.get("paths", {})), "components": {"schemas": {}}}
    merged["components"]["schemas"].update(own.get("components", {}).get("schemas", {}))
    for document in others:
        for path, operations in document.get("paths", {}).items():
            if path.startswith("/v1/") and path not in merged["paths"]:
                merged["paths"][path] = operations
        merged["components"]["schemas"].update(document.get("components", {}).get("schemas", {}))
    merged["paths"] = {path: ops for path, ops in merged["paths"].items() if not path.startswith("/v1/{")}
    return merged


@router.get("/v1/openapi.json", tags=["documentation"], summary="One OpenAPI document for every public route")
async def public_openapi(request: Request, parts: PartsDep) -> dict[str, Any]:
    upstreams = parts.upstreams.base_urls
    fetched = await asyncio.gather(*(_service_openapi(parts.proxy_client, n, url) for n, url in upstreams.items()))
    return merge_openapi(request.app.openapi(), [document for document in fetched if document])


@router.api_route("/v1/{path:path}", methods=PROXIED_METHODS, include_in_schema=False)
async def proxy(path: str, request: Request, parts: PartsDep) -> StreamingResponse:
    extra = {FLAG_HEADER: "1"} if getattr(request.state, "rate_limit_flagged", False) else {}
    return await forward(request, parts.proxy_client, parts.upstreams, extra)
