"""A service reports itself not ready when one of its servers goes away."""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
from collections.abc import Iterator

import httpx
import pytest

from shared.service import ServiceSpec, create_service_app
from shared.settings import ServiceSettings
from tests.infra import Servers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def own_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """A Redis of this test's own, so stopping it disturbs no other test."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is installed by `make test`"
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL,
    )
    try:
        yield port, process
    finally:
        process.kill()
        process.wait()


async def readiness_of(client: httpx.AsyncClient) -> httpx.Response:
    return await client.get("/readyz")


async def test_readiness_turns_false_when_redis_stops_and_health_stays_alive(
    servers: Servers, own_redis: tuple[int, subprocess.Popen[bytes]]
) -> None:
    port, redis_process = own_redis
    await asyncio.sleep(0.3)
    settings = ServiceSettings(
        service_name="readiness-probe",
        kafka_bootstrap=servers.kafka_bootstrap,
        mongo_url=servers.mongo_url,
        redis_url=f"redis://127.0.0.1:{port}/0",
    )
    app = create_service_app(ServiceSpec(name="readiness-probe", title="probe"), settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://probe") as client:
            before = await readiness_of(client)
            redis_process.kill()
            redis_process.wait()
            after = await readiness_of(client)
            alive = await client.get("/healthz")

    assert before.status_code == 200
    assert before.json() == {"ready": True, "checks": {"kafka": True, "database": True, "redis": True}}
    assert after.status_code == 503
    assert after.json()["checks"] == {"kafka": True, "database": True, "redis": False}
    assert alive.status_code == 200
