"""The composition root: what the gateway's routes and subscribers get, built from the service runtime."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any, cast

import httpx
from fastapi import Depends, Request
from starlette.requests import HTTPConnection

from services.gateway.adapters.identity_registry import IdentityRegistry, SandboxIdentityRegistry
from services.gateway.adapters.push import PushSender, SandboxPushOutbox
from services.gateway.adapters.sms import HttpSmsGateway, SandboxSmsOutbox, SmsSender
from services.gateway.adapters.territory import GeoServiceClient, TerritoryDirectory
from services.gateway.edge.proxy import Upstreams
from services.gateway.edge.rate_limits import RateLimiter
from services.gateway.handlers.context import Gateway
from services.gateway.realtime.fanout import FanOut, Presence
from services.gateway.realtime.inbox import Inbox
from services.gateway.repository.citizens import CitizenRepository
from services.gateway.repository.otp_codes import OtpChallengeStore
from services.gateway.repository.sessions import SessionRepository
from services.gateway.repository.staff import StaffRepository
from services.gateway.settings import GatewaySettings
from shared.auth.tokens import TokenIssuer
from shared.service import Runtime, current_runtime, runtime_of


@dataclasses.dataclass
class GatewayParts:
    """Long-lived pieces, made in the lifespan (`main.start_gateway`)."""

    issuer: TokenIssuer
    limiter: RateLimiter
    fanout: FanOut
    presence: Presence
    inbox: Inbox
    sms: SmsSender
    push: PushSender
    registry: IdentityRegistry
    territory: TerritoryDirectory
    upstreams: Upstreams
    proxy_client: httpx.AsyncClient


def build_parts(runtime: Runtime, issuer: TokenIssuer) -> GatewayParts:
    settings = settings_of(runtime)
    assert runtime.http is not None
    sms: SmsSender = SandboxSmsOutbox(runtime.db)
    if settings.sms_adapter == "http":
        sms = HttpSmsGateway(runtime.http, settings.sms_url, settings.sms_token.get_secret_value(), settings.sms_sender)
    limiter = RateLimiter(runtime.cache, settings.limits(), namespace=settings.database_prefix)
    proxy_client = httpx.AsyncClient(timeout=httpx.Timeout(settings.upstream_timeout_s, connect=3.0))
    fanout = FanOut(runtime.cache, settings.database_name)
    return GatewayParts(
        issuer=issuer, limiter=limiter, fanout=fanout,
        presence=Presence(runtime.cache, settings.database_name, fanout.instance_id), inbox=Inbox(runtime.db), sms=sms,
        push=SandboxPushOutbox(runtime.db),
        registry=SandboxIdentityRegistry(settings.registry_latency_s),
        territory=GeoServiceClient(runtime.http, settings.geo_url), upstreams=Upstreams(settings.upstreams()),
        proxy_client=proxy_client,
    )  # fmt: skip


def settings_of(runtime: Runtime) -> GatewaySettings:
    return cast(GatewaySettings, runtime.settings)


def parts_of(runtime: Runtime) -> GatewayParts:
    return cast(GatewayParts, runtime.extras["gateway"])


def gateway_for(runtime: Runtime) -> Gateway:
    parts = parts_of(runtime)
    return Gateway(
        settings=settings_of(runtime), clock=runtime.clock, citizens=CitizenRepository(runtime.db),
        staff=StaffRepository(runtime.db), sessions=SessionRepository(runtime.db),
        otp_codes=OtpChallengeStore(runtime.cache), sms=parts.sms, registry=parts.registry,
        territory=parts.territory, issuer=parts.issuer, limiter=parts.limiter, redis=runtime.cache,
    )  # fmt: skip


async def _gateway(connection: HTTPConnection) -> Gateway:
    return gateway_for(runtime_of(connection))


async def _parts(connection: HTTPConnection) -> GatewayParts:
    return parts_of(runtime_of(connection))


async def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


RuntimeDep = Annotated[Runtime, Depends(current_runtime)]
GatewayDep = Annotated[Gateway, Depends(_gateway)]
PartsDep = Annotated[GatewayParts, Depends(_parts)]
ClientAddress = Annotated[str, Depends(client_address)]
JsonObject = dict[str, Any]
