"""One-time-code challenges in Redis, one per phone, kept as long as the code or its lockout lasts."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime

import redis.asyncio as redis_async

from services.gateway.domain.otp import OtpChallenge

PREFIX = "otp:"


class OtpChallengeStore:
    def __init__(self, redis: redis_async.Redis) -> None:
        self._redis = redis

    async def get(self, phone: str) -> OtpChallenge | None:
        raw = await self._redis.get(PREFIX + phone)
        if raw is None:
            return None
        fields = json.loads(raw)
        for name in ("issued_at", "used_at", "locked_until"):
            if fields.get(name):
                fields[name] = datetime.fromisoformat(fields[name])
        return OtpChallenge(**fields)

    async def save(self, challenge: OtpChallenge, now: datetime) -> None:
        ttl = max(1, int((challenge.keep_until - now).total_seconds()) + 1)
        document = {key: value.isoformat() if isinstance(value, datetime) else value
                    for key, value in dataclasses.asdict(challenge).items()}  # fmt: skip
        await self._redis.set(PREFIX + challenge.phone, json.dumps(document), ex=ttl)
