"""The whole system for end-to-end tests: every service that exists, as its own process, on the real servers.

Each run gets its own database prefix, so nothing from an earlier run or a running `make run` is seen.
Services talk to each other over HTTP and Kafka exactly as in `make run`; tests reach them only through
the gateway, as the mobile app does.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pymongo import MongoClient
from pymongo.database import Database

from services.gateway.settings import GatewaySettings
from shared.events.registry import NOTIFICATIONS, TERRITORY
from shared.outbox import PENDING_FIELD
from tests.infra import NO_SERVERS_MESSAGE, Servers, servers_from_environment
from tests.support.kafka_groups import begin_group_at_topic_end, wait_until_group_caught_up
from tests.support.running import free_port

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("geo", "appeals", "devices", "ratings", "sos", "docs_vault", "bulletins", "gateway")
# Seeds that write only their own database run before the services start: the pilot territory is the
# heaviest load, and FerretDB v1 copes badly with collections created while other clients hold cursors.
BEFORE_START = ("geo",)
# where geo keeps the territory it publishes (its outbox collections)
GEO_TERRITORY_COLLECTIONS = ("units", "officials", "places")


@dataclasses.dataclass
class System:
    urls: dict[str, str]
    env: dict[str, str]
    logs: Path

    @property
    def gateway(self) -> str:
        return self.urls["gateway"]

    def start_extra_gateway(self) -> tuple[str, subprocess.Popen[bytes]]:
        """A second gateway instance on the same data, for the two-instance scenarios."""
        port = free_port()
        process = launch("gateway", port, self.env, self.logs)
        wait_ready("gateway-2", f"http://127.0.0.1:{port}", process)
        return f"http://127.0.0.1:{port}", process


def existing_services() -> list[str]:
    return [name for name in SERVICES if (ROOT / "services" / name / "main.py").exists()]


def launch(name: str, port: int, env: dict[str, str], logs: Path) -> subprocess.Popen[bytes]:
    output = open(logs / f"{name}-{port}.log", "ab")  # noqa: SIM115 - owned by the child process
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        f"services.{name}.main:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)


def wait_ready(name: str, url: str, process: subprocess.Popen[bytes], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited during start-up (code {process.returncode})")
        try:
            with urllib.request.urlopen(f"{url}/readyz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{name} was not ready at {url} within {timeout:.0f} s")


def seed(name: str, env: dict[str, str], attempts: int = 3) -> None:
    """Seeds are idempotent, so a run cut short by a database timeout is simply run again."""
    if not (ROOT / "services" / name / "seed.py").exists():
        return
    started = time.monotonic()
    for attempt in range(1, attempts + 1):
        result = subprocess.run([sys.executable, "-m", f"services.{name}.seed"], cwd=ROOT, env=env, timeout=600,
                                check=False)  # fmt: skip
        if result.returncode == 0:
            break
        sys.stderr.write(f"[e2e] seed {name} failed (attempt {attempt} of {attempts})\n")
    else:
        raise RuntimeError(f"the {name} seed failed {attempts} times")
    sys.stderr.write(f"[e2e] seed {name}: {time.monotonic() - started:.1f} s\n")


def wait_for_routing(servers: Servers, prefix: str) -> None:
    """Appeals routes by its territory read model: the system is ready for an appeal once geo has published
    the territory its seed stored (thousands of facts, through its outbox) and appeals has read them all."""
    started = time.monotonic()
    try:
        wait_until_territory_published(servers.mongo_url, f"{prefix}geo", timeout_s=240)
        published = time.monotonic()
        asyncio.run(wait_until_group_caught_up(servers.kafka_bootstrap, f"{prefix}appeals.territory",
                                               TERRITORY.name, timeout_s=180))  # fmt: skip
    except TimeoutError as slow:  # the appeals tests then show what it costs; the others need not wait
        sys.stderr.write(f"[e2e] {slow}\n")
    else:
        sys.stderr.write(f"[e2e] territory published by geo in {published - started:.1f} s, "
                         f"read by appeals {time.monotonic() - published:.1f} s later\n")  # fmt: skip


def wait_until_territory_published(mongo_url: str, database: str, timeout_s: float) -> None:
    client: MongoClient[dict[str, Any]] = MongoClient(mongo_url, serverSelectionTimeoutMS=5000)
    try:
        deadline = time.monotonic() + timeout_s
        while (pending := _territory_pending(client[database])) > 0:
            if time.monotonic() > deadline:
                raise TimeoutError(f"geo still had {pending} territory documents to publish after {timeout_s:.0f} s")
            time.sleep(1.0)
    finally:
        client.close()


def _territory_pending(database: Database[dict[str, Any]]) -> int:
    return sum(database[name].count_documents({PENDING_FIELD: True}) for name in GEO_TERRITORY_COLLECTIONS)


@pytest.fixture(scope="session")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    servers = servers_from_environment()
    if servers is None:
        pytest.fail(NO_SERVERS_MESSAGE, pytrace=False)
    names = existing_services()
    ports = {name: free_port() for name in names}
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    env = {
        **os.environ,
        "SM_PROFILE": "sandbox",
        "SM_SETTLE_MEMORY_AFTER_START": "true",  # each process runs one service, as in production
        "SM_DATABASE_PREFIX": f"e2e{uuid.uuid4().hex[:8]}_",
        "SM_KAFKA_BOOTSTRAP": servers.kafka_bootstrap,
        "SM_MONGO_URL": servers.mongo_url,
        "SM_REDIS_URL": servers.redis_url,
        "SM_GATEWAY_RATE_PER_ADDRESS_PER_MINUTE": "100000",
        "SM_APPEALS_GEO_URL": urls.get("geo", ""),
        "SM_GEO_SEED_INCIDENT_DAYS": "35",
        "SM_GEO_INCIDENT_RATE_MULTIPLIER": "0.1",
        "SM_GATEWAY_JWKS_URL": f"{urls['gateway']}/.well-known/jwks.json",
        **{f"SM_GATEWAY_{name.upper()}_URL": url for name, url in urls.items() if name != "gateway"},
        **{f"SM_{name.upper()}_PORT": str(port) for name, port in ports.items()},
    }
    logs = tmp_path_factory.mktemp("e2e-logs")
    asyncio.run(begin_group_at_topic_end(servers.kafka_bootstrap, notifications_group(env["SM_DATABASE_PREFIX"]),
                                         NOTIFICATIONS.name))  # fmt: skip
    for name in BEFORE_START:
        seed(name, env)
    processes = {name: launch(name, ports[name], env, logs) for name in names}
    try:
        started = time.monotonic()
        for name in names:
            wait_ready(name, urls[name], processes[name])
        sys.stderr.write(f"[e2e] {len(names)} services ready in {time.monotonic() - started:.1f} s\n")
        for name in names:
            if name not in BEFORE_START:
                seed(name, env)
        if "appeals" in names:
            wait_for_routing(servers, env["SM_DATABASE_PREFIX"])
        _RUNNING.extend(processes.values())
        yield System(urls, env, logs)
    finally:
        stop(processes.values())


def notifications_group(prefix: str) -> str:
    """The system's gateways begin at the topic's end, as a fresh deployment's would: the shared local Kafka
    holds every earlier run's notifications (a benchmark leaves hundreds of thousands)."""
    return GatewaySettings(database_prefix=prefix).notifications_consumer_group


def stop(processes: Iterable[subprocess.Popen[bytes]]) -> None:
    """Idempotent: a process already ended is left alone."""
    running = [process for process in processes if process.poll() is None]
    for process in running:
        process.terminate()
    for process in running:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


_RUNNING: list[subprocess.Popen[bytes]] = []


def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    """The system is session-scoped (one start for all e2e tests), but it must not keep loading the servers
    while the rest of the suite runs: it stops once the next test is not an e2e test."""
    if nextitem is None or nextitem.path.parent != item.path.parent:
        stop(_RUNNING)
        _RUNNING.clear()
