"""Rate limits in Redis (GCRA, shared by every gateway instance): per client address, per user, per phone.

An emergency request (`/v1/sos...`) is never refused by a limit: it goes through, flagged, so the SOS
service and its operators can see it came in a burst.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

import redis.asyncio as redis_async

from services.gateway.domain.errors import GatewayError
from services.gateway.domain.rate_limit import GCRA_LUA, MICROS, Limit

EMERGENCY_PREFIX = "/v1/sos"
FLAG_HEADER = "X-RateLimit-Flagged"


class RateLimited(GatewayError):
    code = "rate_limited"
    status = 429

    def __init__(self, *, retry_after: int) -> None:
        super().__init__(retry_after=retry_after)

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.params["retry_after"])}


@dataclasses.dataclass(frozen=True)
class LimitOutcome:
    allowed: bool
    retry_after_s: int
    remaining: int


@dataclasses.dataclass(frozen=True)
class Limits:
    per_address: Limit = dataclasses.field(default_factory=lambda: Limit(rate=600, period_seconds=60, burst=120))
    per_user: Limit = dataclasses.field(default_factory=lambda: Limit(rate=300, period_seconds=60, burst=60))
    per_phone_codes: Limit = dataclasses.field(default_factory=lambda: Limit(rate=5, period_seconds=3600, burst=3))


class RateLimiter:
    def __init__(self, redis: redis_async.Redis, limits: Limits | None = None, namespace: str = "") -> None:
        self._redis = redis
        self._namespace = namespace  # deployments sharing one Redis keep separate buckets
        self._script: Any = redis.register_script(GCRA_LUA)
        self.limits = limits or Limits()

    async def take(self, bucket: str, limit: Limit, cost: int = 1) -> LimitOutcome:
        allowed, retry_after, remaining, _ = await self._script(
            keys=[f"rl:{self._namespace}{bucket}"], args=[limit.emission_interval, limit.tolerance, cost]
        )
        return LimitOutcome(bool(allowed), -(-int(retry_after) // MICROS), int(remaining))

    async def take_both(self, first: tuple[str, Limit], second: tuple[str, Limit] | None) -> int:
        """Two limits in one round trip; returns the seconds to wait (0 when both admit the request)."""
        async with self._redis.pipeline(transaction=False) as pipe:
            for bucket, limit in (first, second) if second else (first,):
                key = f"rl:{self._namespace}{bucket}"
                await self._script(keys=[key], args=[limit.emission_interval, limit.tolerance, 1], client=pipe)
            answers = await pipe.execute()
        waits = [-(-int(retry_after) // MICROS) for allowed, retry_after, _, _ in answers if not allowed]
        return max(1, *waits) if waits else 0

    async def take_or_refuse(self, bucket: str, limit: Limit) -> None:
        outcome = await self.take(bucket, limit)
        if not outcome.allowed:
            raise RateLimited(retry_after=max(1, outcome.retry_after_s))

    async def for_phone_code(self, phone: str) -> None:
        digest = hashlib.sha256(phone.encode()).hexdigest()[:24]
        await self.take_or_refuse(f"phone:{digest}", self.limits.per_phone_codes)


def is_emergency(path: str) -> bool:
    return path == EMERGENCY_PREFIX or path.startswith(EMERGENCY_PREFIX + "/")
