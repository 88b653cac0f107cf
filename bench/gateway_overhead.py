"""Authenticated GET of a small resource through the gateway vs. the same endpoint served bare.

The bare FastAPI app answers `GET /v1/territory/units/{code}`; the gateway (a real process, on the real
servers) verifies the caller's token, applies its limits and forwards the same request to it. Both are
driven by the same closed-loop client in this process, so the ratio compares like with like.
Goal: gateway requests/s ≥ 0.5 × bare.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

import httpx

from bench.support import ROOT, closed_loop, free_port, infra_env, service_process, unique_prefix

SECONDS = 8.0
CONCURRENCY = 32


async def citizen_token(gateway: str) -> str:
    """A real sign-in through the sandbox SMS outbox."""
    import re

    phone = "+99890" + str(int(time.time() * 1000))[-7:]
    async with httpx.AsyncClient(base_url=gateway) as client:
        await client.post("/v1/auth/codes", json={"phone": phone})
        text = (await client.get("/v1/sandbox/sms", params={"phone": phone})).json()[0]["text"]
        code = re.search(r"\d{6}", text)
        assert code is not None
        tokens = await client.post("/v1/auth/codes/verify", json={
            "phone": phone, "code": code.group(), "device_id": "bench-device", "device_name": "bench"})  # fmt: skip
        return str(tokens.json()["access_token"])


async def main() -> int:
    bare_port, gateway_port = free_port(), free_port()
    bare_url = f"http://127.0.0.1:{bare_port}"
    env = {
        **infra_env(),
        "SM_DATABASE_PREFIX": unique_prefix("gw"),
        "SM_GATEWAY_GEO_URL": bare_url,
        "SM_GATEWAY_RATE_PER_ADDRESS_PER_MINUTE": "10000000",
        "SM_GATEWAY_RATE_PER_USER_PER_MINUTE": "10000000",
    }
    async with service_process("bench.bare_app:app", bare_port, env) as bare, \
            service_process("services.gateway.main:create_app", gateway_port, env) as gateway:  # fmt: skip
        token = await citizen_token(gateway)
        limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
        async with httpx.AsyncClient(limits=limits, timeout=10) as client:
            path = "/v1/territory/units/172626601014"
            await closed_loop(client, bare + path, {}, 1.0, CONCURRENCY)  # warm-up
            direct = await closed_loop(client, bare + path, {}, SECONDS, CONCURRENCY)
            through = await closed_loop(client, gateway + path, {"Authorization": f"Bearer {token}"}, SECONDS,
                                        CONCURRENCY)  # fmt: skip
    ratio = through["requests_per_s"] / direct["requests_per_s"]
    result = {"bare": direct, "through_gateway": through, "ratio_requests_per_s": ratio, "goal": 0.5,
              "concurrency": CONCURRENCY, "seconds": SECONDS}  # fmt: skip
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "gateway_overhead.json").write_text(json.dumps(result, indent=2))
    sys.stdout.write(
        f"bare: {direct['requests_per_s']:.0f} req/s p99 {direct['p99_ms']:.1f} ms | through the gateway "
        f"(token verified, limits, forwarded): {through['requests_per_s']:.0f} req/s p99 {through['p99_ms']:.1f} ms"
        f" | ratio {ratio:.2f} (goal ≥ 0.5); errors {through['errors']:.0f}\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
