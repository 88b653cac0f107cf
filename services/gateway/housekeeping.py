"""Background upkeep of a gateway instance: follow and rotate the shared signing keys, expire the inbox."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from services.gateway.repository.keys import KeyRingStore
from shared.auth.tokens import TokenIssuer
from shared.service import Runtime

logger = logging.getLogger(__name__)
INTERVAL_S = 60.0


async def sync_keys(issuer: TokenIssuer, store: KeyRingStore, rotate_after: timedelta, runtime: Runtime) -> None:
    stored = await store.load()
    if stored is not None and stored.generation != issuer.key_ring.generation:
        issuer.replace_key_ring(stored)
    age = runtime.clock.now().timestamp() - issuer.key_ring.current.created_at
    if age < rotate_after.total_seconds():
        return
    expected = issuer.key_ring.generation
    rotated = issuer.key_ring.rotated(now=runtime.clock.now().timestamp())
    if await store.replace(rotated, expected):
        issuer.replace_key_ring(rotated)
        logger.info("signing key rotated", extra={"generation": rotated.generation})


async def run(issuer: TokenIssuer, store: KeyRingStore, rotate_after: timedelta, runtime: Runtime) -> None:
    from services.gateway.deps import parts_of

    while True:
        try:
            await sync_keys(issuer, store, rotate_after, runtime)
            await parts_of(runtime).inbox.expire(runtime.clock.now())
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("housekeeping pass failed")
        await asyncio.sleep(INTERVAL_S)


async def stop(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
