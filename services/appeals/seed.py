"""Sandbox data for `make run`: `python -m services.appeals.seed`, after the services are up.

Writes the state-body directory (the "Appeal to state bodies" menu) and, when the territory read model
already knows a staffed mahalla, a few demo appeals from demo citizens there. Idempotent: a second run
changes nothing. The running service's outbox relay and timer scheduler take over what it writes.
Refuses to run outside the sandbox profile.
"""

from __future__ import annotations

import asyncio
import logging
import sys

import redis.asyncio as redis_async

from services.appeals.adapters.locator import NoLocator
from services.appeals.deps import new_id
from services.appeals.domain.categories import DEFAULT_CATALOGUE, AppealKind
from services.appeals.handlers.context import AppealsContext
from services.appeals.handlers.submission import AppealForm, submit
from services.appeals.repository import (
    OFFICIALS,
    AppealRepository,
    AppealStores,
    MongoPhotoStore,
    NumberCounter,
    StateBodyDirectory,
    TerritoryReadModel,
    TipRepository,
)
from services.appeals.settings import AppealsSettings
from shared.auth import Principal, Role
from shared.clock import SystemClock
from shared.mongo import create_client
from shared.timers import TimerStore

logger = logging.getLogger(__name__)

DEMO_APPEALS = (
    ("c-demo-1", AppealKind.COMPLAINT, "noise", "Qo‘shni xonadonda har kecha yarim tungacha baland musiqa chalinadi."),
    ("c-demo-2", AppealKind.APPLICATION, "stray_animals", "Maktab yonida daydi itlar to‘dasi bolalarni qo‘rqitmoqda."),
    ("c-demo-3", AppealKind.PROPOSAL, "road_safety", "Maktab oldidagi chorrahaga piyodalar o‘tish yo‘lagi chizilsin."),
)


async def seed(settings: AppealsSettings) -> tuple[int, int]:
    if settings.profile != "sandbox":
        raise SystemExit("the sandbox seed refuses to run outside the sandbox profile")
    client = create_client(settings.mongo_url, app_name="appeals-seed")
    redis = redis_async.Redis.from_url(settings.redis_url)
    database = client[settings.database_name]
    numbers = NumberCounter(database)
    try:
        bodies = StateBodyDirectory(database)
        added_bodies = await bodies.seed()
        clock = SystemClock()
        ctx = AppealsContext(
            clock=clock, appeals=AppealRepository(database, AppealStores.on(database, redis)),
            tips=TipRepository(database), territory=TerritoryReadModel(database), photos=MongoPhotoStore(database),
            numbers=numbers,
            timers=TimerStore(database, clock), bodies=bodies, catalogue=DEFAULT_CATALOGUE, new_id=new_id,
            locator=NoLocator(),
        )  # fmt: skip
        post = await database[OFFICIALS].find_one({"role": "inspector", "active": True}, sort=[("territory_code", 1)])
        if post is None:
            logger.warning("no inspector in the territory read model yet: demo appeals skipped (run geo's seed first)")
            return added_bodies, 0
        added = 0
        for citizen_id, kind, category, text in DEMO_APPEALS:
            if await ctx.appeals.of_citizen(citizen_id, limit=1):
                continue
            citizen = Principal(citizen_id, frozenset({Role.CITIZEN}), "seed", verified=True,
                                mahalla_code=post["territory_code"])  # fmt: skip
            await submit(AppealForm(kind=kind, category=category, text=text), citizen, ctx)
            added += 1
        return added_bodies, added
    finally:
        await numbers.close()
        await redis.aclose()
        await client.close()


def main() -> int:
    bodies, appeals = asyncio.run(seed(AppealsSettings()))
    sys.stderr.write(f"[seed-appeals] {bodies} state bodies and {appeals} demo appeals added\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
