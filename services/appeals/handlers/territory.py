"""Keeping the territory read model and the appeals in step with `territory.v1`: a new or removed
official re-routes the open appeals of his territory (and routes those nobody could take before)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from services.appeals.domain.errors import RoutingImpossible
from services.appeals.domain.lifecycle import Appeal
from services.appeals.domain.records import SYSTEM
from services.appeals.domain.routing import reassignment
from services.appeals.domain.states import AppealState
from services.appeals.domain.territory import TerritoryChange
from services.appeals.handlers.context import AppealsContext
from services.appeals.handlers.saving import change
from shared.events import geo
from shared.events.envelope import Event

logger = logging.getLogger(__name__)

OFFICIAL_CHANGES = ("official_assigned", "official_removed")


def change_of(event: Event) -> TerritoryChange | None:
    """A `territory.v1` contract in the terms appeals need; None for facts appeals do not use."""
    match event:
        case geo.UnitCreatedV1() | geo.UnitRetiredV1():
            created = isinstance(event, geo.UnitCreatedV1)
            return TerritoryChange(event.id, "unit_created" if created else "unit_retired", event.time, event.code)
        case geo.OfficialAssignedV1():
            return TerritoryChange(event.id, "official_assigned", event.time, event.territory_code,
                                   event.official_id, event.role)  # fmt: skip
        case geo.OfficialRemovedV1():
            return TerritoryChange(event.id, "official_removed", event.time, event.territory_code,
                                   event.official_id, event.role)  # fmt: skip
    return None


async def apply_territory_change(fact: TerritoryChange, ctx: AppealsContext) -> int:
    """Apply one fact; returns how many appeals changed hands."""
    return await apply_territory_changes([fact], ctx)


async def apply_territory_changes(facts: Sequence[TerritoryChange], ctx: AppealsContext) -> int:
    """Apply a batch of facts in one write, then re-route the open appeals of the territories whose officials
    changed, in one read; returns how many appeals changed hands. Re-routing is idempotent, so a redelivered
    batch moves nothing."""
    await ctx.territory.apply_many(facts)
    codes = sorted({fact.territory_code for fact in facts if fact.kind in OFFICIAL_CHANGES})
    if not codes:
        return 0
    moved = 0
    for appeal in await ctx.appeals.open_in_territories(codes):
        changed = await change(appeal.id, lambda a: _reroute(a, ctx), ctx)
        moved += changed.assignee_id != appeal.assignee_id
    logger.info("territory changes applied", extra={"facts": len(facts), "territories": len(codes), "moved": moved})
    return moved


async def _reroute(appeal: Appeal, ctx: AppealsContext) -> None:
    request = appeal.routing_request()
    view = await ctx.territory.view_for(request.mahalla_codes)
    try:
        decision = reassignment(request, view, appeal.assignee_id)
    except RoutingImpossible:
        return  # nobody left: the current assignee (if any) keeps it until someone is appointed
    if decision is None:
        return
    now = ctx.clock.now()
    if appeal.state is AppealState.REGISTERED:
        appeal.assign(decision, by=SYSTEM, at=now)
    else:
        appeal.reassign(decision, by=SYSTEM, at=now)
