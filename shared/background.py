"""One long-running loop of a service (an outbox relay, a timer scheduler, a feed poll): started in the
lifespan, cancelled and awaited on stop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

logger = logging.getLogger(__name__)
SHUTDOWN_STEP_S = 10.0


class BackgroundLoop:
    def __init__(self, run: Callable[[], Coroutine[Any, Any, None]], name: str) -> None:
        self._run = run
        self._name = name
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=self._name)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None


async def bounded_step(name: str, step: Awaitable[Any], seconds: float = SHUTDOWN_STEP_S) -> bool:
    """Await one step of shutting down for at most `seconds`; False (and a warning) if it timed out or
    failed. A server that stopped answering (a database request that never returns, a handler stuck in
    one) must not keep the process from exiting, nor stop the steps after it."""
    try:
        await asyncio.wait_for(step, seconds)
    except TimeoutError:
        logger.warning("shutdown step timed out; going on", extra={"step": name, "seconds": seconds})
        return False
    except Exception as error:
        logger.warning("shutdown step failed; going on", extra={"step": name, "error": repr(error)})
        return False
    return True
