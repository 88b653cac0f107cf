"""Live state in Redis: a child's latest position and each device's last contact (never the only copy)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import redis.asyncio as redis_async

LIVE_SECONDS = 7 * 24 * 3600


class LiveStore:
    def __init__(self, redis: redis_async.Redis, namespace: str = "devices") -> None:
        self._redis = redis
        self._prefix = namespace  # the database name: two deployments sharing a Redis never mix

    async def update_position(self, child_id: str, position: dict[str, Any]) -> None:
        """Keep the newest fix by fix time: a late upload never replaces a fresher live position."""
        key = f"{self._prefix}:live:{child_id}"
        current = await self.position(child_id)
        if current is not None and current["fix_time"] >= position["fix_time"]:
            return
        await self._redis.set(key, json.dumps(position, default=str), ex=LIVE_SECONDS)

    async def position(self, child_id: str) -> dict[str, Any] | None:
        raw = await self._redis.get(f"{self._prefix}:live:{child_id}")
        return json.loads(raw) if raw else None

    async def seen(self, device_id: str, at: datetime, battery_percent: int | None) -> None:
        fields: dict[str | bytes, str | bytes] = {"last_seen": at.isoformat()}
        if battery_percent is not None:
            fields["battery_percent"] = str(battery_percent)
        key = f"{self._prefix}:seen:{device_id}"
        await self._redis.hset(key, mapping=fields)  # type: ignore[misc,arg-type]
        await self._redis.expire(key, LIVE_SECONDS)

    async def last_contact(self, device_id: str) -> tuple[datetime | None, int | None]:
        values: dict[bytes | str, bytes | str] = await self._redis.hgetall(f"{self._prefix}:seen:{device_id}")  # type: ignore[misc]
        seen = values.get(b"last_seen")
        battery = values.get(b"battery_percent")
        seen_text = seen.decode() if isinstance(seen, bytes) else seen
        return (datetime.fromisoformat(seen_text) if seen_text else None, int(battery) if battery else None)
