"""What appeals does when a citizen's account is deleted (`UserDeletedV1` on `users.v1`).

His appeals stay: they are records of the state body, still under review or kept for the period the law
sets. What goes is the link to him: each appeal's author id becomes one random pseudonym.
"""

from __future__ import annotations

import logging
import uuid

from services.appeals.handlers.context import AppealsContext
from services.appeals.handlers.saving import change

logger = logging.getLogger(__name__)
PAGE = 100


def new_pseudonym() -> str:
    return f"c-forgotten-{uuid.uuid4().hex}"


async def forget_citizen(citizen_id: str, ctx: AppealsContext) -> int:
    """Unlink every appeal of this citizen; returns how many. A redelivered deletion finds none left."""
    pseudonym = new_pseudonym()
    forgotten = 0
    while page := await ctx.appeals.of_citizen(citizen_id, limit=PAGE):
        for appeal in page:
            await change(appeal.id, lambda found: found.forget_citizen(pseudonym, at=ctx.clock.now()), ctx)
            forgotten += 1
    await ctx.appeals.forget_recent(citizen_id)
    if forgotten:
        logger.info("a deleted account's appeals were unlinked", extra={"appeals": forgotten})
    return forgotten
