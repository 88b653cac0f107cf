"""The composition root: the use cases' context, built from the service runtime."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Annotated, cast

from fastapi import Depends
from starlette.requests import HTTPConnection

from services.appeals.adapters.locator import GeoLocator, Locator, NoLocator
from services.appeals.domain.categories import DEFAULT_CATALOGUE, CategoryCatalogue, categories_from_json
from services.appeals.domain.duplicates import DUPLICATE_WINDOW
from services.appeals.handlers.context import AppealsContext
from services.appeals.repository import (
    AppealRepository,
    AppealStores,
    MongoPhotoStore,
    NumberCounter,
    StateBodyDirectory,
    TerritoryReadModel,
    TerritoryViews,
    TipRepository,
)
from services.appeals.settings import AppealsSettings
from shared.i18n import Language, negotiate
from shared.outbox import no_relay
from shared.service import Runtime, current_runtime, runtime_of

PARTS = "appeals"


@dataclasses.dataclass(frozen=True)
class AppealsParts:
    """Long-lived pieces, made in the lifespan: the category catalogue in force, the number blocks, the
    routing views and what submissions write through (grouped inserts, the recent lists)."""

    catalogue: CategoryCatalogue
    numbers: NumberCounter
    locator: Locator
    territory_views: TerritoryViews
    stores: AppealStores


async def start_appeals(runtime: Runtime) -> None:
    settings = cast(AppealsSettings, runtime.settings)
    json = settings.categories_json
    catalogue = categories_from_json(json) if json else DEFAULT_CATALOGUE
    assert runtime.http is not None
    locator = GeoLocator(runtime.http, settings.geo_url) if settings.geo_url else NoLocator()
    stores = AppealStores.on(runtime.db, runtime.cache)
    await stores.recent.restore(runtime.clock.now() - DUPLICATE_WINDOW)
    runtime.extras[PARTS] = AppealsParts(catalogue, NumberCounter(runtime.db), locator, TerritoryViews(), stores)


async def stop_appeals(runtime: Runtime) -> None:
    await parts_of(runtime).numbers.close()


def parts_of(runtime: Runtime) -> AppealsParts:
    return cast(AppealsParts, runtime.extras[PARTS])


def new_id() -> str:
    return uuid.uuid4().hex


def context_for(runtime: Runtime) -> AppealsContext:
    database = runtime.db
    assert runtime.timers is not None, "timers open in the lifespan"
    parts = parts_of(runtime)
    written = runtime.relay.written if runtime.relay is not None else no_relay
    return AppealsContext(
        clock=runtime.clock, appeals=AppealRepository(database, parts.stores, written),
        tips=TipRepository(database, written),
        territory=TerritoryReadModel(database, parts.territory_views), photos=MongoPhotoStore(database),
        numbers=parts.numbers,
        timers=runtime.timers, bodies=StateBodyDirectory(database), catalogue=parts.catalogue, new_id=new_id,
        locator=parts.locator,
    )  # fmt: skip


async def _context(connection: HTTPConnection) -> AppealsContext:
    return context_for(runtime_of(connection))


async def _language(connection: HTTPConnection) -> Language:
    return negotiate(connection.headers.get("accept-language"))


RuntimeDep = Annotated[Runtime, Depends(current_runtime)]
ContextDep = Annotated[AppealsContext, Depends(_context)]
LanguageDep = Annotated[Language, Depends(_language)]
