"""A gateway in-process on the real servers, with a small upstream standing in for the other services."""

from __future__ import annotations

import random
import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request

from services.gateway.main import create_app
from services.gateway.settings import GatewaySettings
from shared.events.registry import NOTIFICATIONS
from tests.infra import Servers
from tests.support.kafka_groups import begin_group_at_topic_end
from tests.support.running import listening

MAHALLA = "172626601014"


def upstream_app() -> FastAPI:
    """Echoes what the gateway forwarded, and answers the geo service's address lookup."""
    app = FastAPI()

    @app.get("/v1/territory/units/{code}")
    async def unit(code: str) -> dict[str, str]:
        return {"code": code, "level": "mahalla"}

    @app.api_route("/v1/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    async def echo(path: str, request: Request) -> dict[str, Any]:
        if path == "locate/address":
            return {"address": request.query_params["q"], "cadastre_number": "10:09:01:02:0045",
                    "latitude": 41.28, "longitude": 69.2, "mahalla_code": MAHALLA}  # fmt: skip
        body = await request.body()
        return {"path": "/v1/" + path, "method": request.method, "headers": dict(request.headers),
                "body_size": len(body)}  # fmt: skip

    return app


@pytest.fixture
async def upstream() -> AsyncIterator[str]:
    async with listening(upstream_app()) as base_url:
        yield base_url


@pytest.fixture
def settings_for(servers: Servers, unique: str, upstream: str) -> Any:
    def make(**overrides: Any) -> GatewaySettings:
        values: dict[str, Any] = {
            "kafka_bootstrap": servers.kafka_bootstrap, "mongo_url": servers.mongo_url,
            "redis_url": servers.redis_url, "database_prefix": f"t{unique}_", "registry_latency_s": 0.0,
            "geo_url": upstream, "sos_url": upstream, "appeals_url": upstream,
        }  # fmt: skip
        values.update(overrides)
        return GatewaySettings(**values)

    return make


@pytest.fixture(autouse=True)
async def notifications_from_now(servers: Servers, settings_for: Any) -> None:
    """This test's gateway deployment reads `notifications.v1` from now on, not every earlier test's."""
    group = settings_for().notifications_consumer_group
    await begin_group_at_topic_end(servers.kafka_bootstrap, group, NOTIFICATIONS.name)


@pytest.fixture
async def gateway(settings_for: Any) -> AsyncIterator[str]:
    async with listening(create_app(settings_for())) as base_url:
        yield base_url


async def sign_in_citizen(client: httpx.AsyncClient, phone: str, device_id: str) -> dict[str, Any]:
    sent = await client.post("/v1/auth/codes", json={"phone": phone})
    assert sent.status_code == 202, sent.text
    outbox = await client.get("/v1/sandbox/sms", params={"phone": phone})
    code = re.search(r"\d{6}", outbox.json()[0]["text"])
    assert code is not None
    tokens = await client.post(
        "/v1/auth/codes/verify",
        json={"phone": phone, "code": code.group(), "device_id": device_id, "device_name": f"phone {device_id}"},
    )
    assert tokens.status_code == 200, tokens.text
    body: dict[str, Any] = tokens.json()
    return body


def new_phone() -> str:
    """A phone number of its own for each use: limits kept in Redis never leak from one test into another."""
    return "+99890" + "".join(random.choice("0123456789") for _ in range(7))


def bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}
