"""The list of revoked sessions, in Redis, read by every service's token verifier.

The gateway adds a session when it is revoked (signed out, revoked by the user, refresh token reused,
account deleted); an entry outlives any access token the session could still hold.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import redis.asyncio as redis_async

from shared.auth.verifier import MAX_ACCESS_TOKEN_LIFETIME

KEY_PREFIX = "auth:revoked-session:"
KEEP_S = int(MAX_ACCESS_TOKEN_LIFETIME) + 300


async def mark_revoked(redis: redis_async.Redis, session_id: str) -> None:
    await redis.set(KEY_PREFIX + session_id, b"1", ex=KEEP_S)


def revocation_check(redis: redis_async.Redis) -> Callable[[str], Awaitable[bool]]:
    async def is_revoked(session_id: str) -> bool:
        return bool(await redis.exists(KEY_PREFIX + session_id))

    return is_revoked
