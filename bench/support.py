"""What the benchmarks share: settings from the environment, services as processes, tokens, percentiles."""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def infra_env() -> dict[str, str]:
    return {
        "SM_KAFKA_BOOTSTRAP": os.environ.get("SM_KAFKA_BOOTSTRAP", "127.0.0.1:19092"),
        "SM_MONGO_URL": os.environ.get("SM_MONGO_URL", "mongodb://127.0.0.1:27018/"),
        "SM_REDIS_URL": os.environ.get("SM_REDIS_URL", "redis://127.0.0.1:16379/0"),
        "SM_PROFILE": "sandbox",
    }


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.asynccontextmanager
async def service_process(target: str, port: int, env: dict[str, str]) -> AsyncIterator[str]:
    """`target` like `services.gateway.main:create_app` (a factory) or `module:app`; yields its base URL."""
    factory = ["--factory"] if target.endswith("create_app") else []
    command = [sys.executable, "-m", "uvicorn", target, *factory, "--host", "127.0.0.1", "--port", str(port),
               "--no-access-log", "--log-level", "warning"]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})
    url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient() as client:
            for _ in range(300):
                with contextlib.suppress(httpx.HTTPError):
                    if (await client.get(f"{url}/readyz" if factory else f"{url}/health")).status_code == 200:
                        break
                if process.poll() is not None:
                    raise RuntimeError(f"{target} exited during start-up")
                await asyncio.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:  # e.g. a gateway still closing a thousand sockets
            process.kill()
            process.wait(timeout=15)


def percentile(samples: Sequence[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary_ms(samples: Sequence[float]) -> dict[str, float]:
    return {"p50_ms": statistics.median(samples) * 1000, "p99_ms": percentile(samples, 0.99) * 1000,
            "count": float(len(samples))}  # fmt: skip


async def closed_loop(client: httpx.AsyncClient, url: str, headers: dict[str, str], seconds: float,
                      concurrency: int) -> dict[str, float]:  # fmt: skip
    """Requests/s and latency percentiles with `concurrency` workers each sending back to back."""
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            response = await client.get(url, headers=headers)
            if response.status_code != 200:
                errors += 1
            latencies.append(time.perf_counter() - started)

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - began
    return {"requests_per_s": len(latencies) / elapsed, "errors": float(errors), **summary_ms(latencies)}


def unique_prefix(name: str) -> str:
    return f"bench{name}{uuid.uuid4().hex[:6]}_"


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far (Linux `/proc`)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def local_database_pid(mongo_url: str) -> int | None:
    """The local FerretDB launcher serving `mongo_url` on this machine (its `-listen` address), if any."""
    address = mongo_url.split("://", 1)[-1].split("/", 1)[0]
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            arguments = (entry / "cmdline").read_bytes().split(b"\0")
            if any(b"ferretdb" in argument for argument in arguments[:1]) and address.encode() in arguments:
                return int(entry.name)
    return None
