"""Sandbox-only routes: addresses that resolve (for e2e tests and the docs), and triggers for the feeds.
Outside the sandbox profile they answer 404, as if they did not exist."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from services.geo.deps import GeoDep
from services.geo.domain.errors import SandboxOnly
from services.geo.handlers import citizens, incidents, ministry
from services.geo.handlers.context import Geo
from shared.auth import Principal, Role, require_roles

router = APIRouter(tags=["sandbox"])
AdminDep = Annotated[Principal, Depends(require_roles(Role.ADMINISTRATOR))]


def _sandbox(geo: Geo) -> None:
    if not geo.settings.is_sandbox:
        raise SandboxOnly()


@router.get("/v1/sandbox/addresses")
async def sandbox_addresses(geo: GeoDep, limit: Annotated[int, Query(ge=1, le=200)] = 10) -> list[dict[str, Any]]:
    _sandbox(geo)
    answers = []
    for record in await geo.cadastre.examples(limit):
        _, mahalla_code = await citizens.resolve_address(record.address, geo)
        answers.append({**record.as_dict(), "mahalla_code": mahalla_code})
    return answers


@router.post("/v1/sandbox/ministry/sync")
async def ministry_sync(principal: AdminDep, geo: GeoDep) -> dict[str, Any]:
    _sandbox(geo)
    report = await ministry.sync(geo)
    return {"chairmen": report.chairmen, "demographics": report.demographics}


@router.post("/v1/sandbox/incidents/ingest")
async def ingest_incidents(
    principal: AdminDep, geo: GeoDep, days: Annotated[int, Query(ge=1, le=31)] = 1
) -> dict[str, int]:
    """Pull the last `days` days from the sandbox Interior Ministry feed (what is stored already is skipped)."""
    _sandbox(geo)
    end = geo.clock.now()
    report = await incidents.ingest_window(end - timedelta(days=days), end, geo)
    return {"received": report.received, "stored": report.stored}
