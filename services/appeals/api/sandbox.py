"""Sandbox only: move the service's clock forward to demonstrate reminders and breached deadlines."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, cast

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from services.appeals.deps import RuntimeDep
from services.appeals.settings import AppealsSettings
from shared.auth import Principal, Role, require_roles
from shared.clock import ShiftedClock
from shared.errors import NotFound

router = APIRouter(tags=["sandbox"], include_in_schema=False)


class ClockMove(BaseModel):
    hours: float = Field(gt=0, le=24 * 90)


@router.post("/v1/appeals/sandbox/clock")
async def advance_clock(
    body: ClockMove, runtime: RuntimeDep, _: Annotated[Principal, Depends(require_roles(Role.ADMINISTRATOR))]
) -> dict[str, str]:
    settings = cast(AppealsSettings, runtime.settings)
    clock = runtime.clock
    if not (settings.is_sandbox and settings.sandbox_clock and isinstance(clock, ShiftedClock)):
        raise NotFound()
    clock.advance(timedelta(hours=body.hours))
    return {"now": clock.now().isoformat()}
