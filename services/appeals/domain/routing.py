"""Who handles an appeal: the mahalla's inspector, or the level above when the law or absence says so.

The input is a read model of the territory built from `territory.*` events (`TerritoryView`). The rungs
of a mahalla's ladder are its inspectors, its sector head, the district's staff, then whoever the
explicit "who heads whom" map puts above them. A complaint naming an official never reaches him nor
anyone he heads (Art. 25): it starts one rung above the highest named official. Every answer is a
`RoutingDecision` with its level and a reason code, recorded in the appeal's timeline.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

from services.appeals.domain.errors import (
    AssigneeExcluded,
    AssigneeNotOnTheLadder,
    EscalationUnavailable,
    RoutingImpossible,
)


class Level(enum.StrEnum):
    INSPECTOR = "inspector"
    SECTOR_HEAD = "sector_head"
    DISTRICT = "district"
    ABOVE_DISTRICT = "above_district"


LEVEL_RANK: Mapping[Level, int] = {
    Level.INSPECTOR: 1, Level.SECTOR_HEAD: 2, Level.DISTRICT: 3, Level.ABOVE_DISTRICT: 4,
}  # fmt: skip


class RoutingReason(enum.StrEnum):
    MAHALLA_INSPECTOR = "mahalla_inspector"  # the citizen's (or the incident's) mahalla inspector
    NO_INSPECTOR = "no_inspector"  # the mahalla has none: the sector head's queue
    INSPECTOR_ABSENT = "inspector_absent"  # on leave, ill, or otherwise away
    COMPLAINT_ABOUT_OFFICIAL = "complaint_about_official"  # one level above the official named
    STAFF_CHANGED = "staff_changed"  # reassigned after the mahalla's staff changed
    NOT_SATISFIED_ESCALATION = "not_satisfied_escalation"  # the citizen was not satisfied
    DEADLINE_BREACHED = "deadline_breached"  # the supervisor takes over oversight
    MANUAL = "manual"  # a supervisor assigned it by hand


@dataclass(frozen=True)
class MahallaStaff:
    mahalla_code: str
    inspector_ids: tuple[str, ...] = ()  # the first is the primary inspector
    sector_head_id: str | None = None
    district_staff_id: str | None = None


@dataclass(frozen=True)
class TerritoryView:
    mahallas: Mapping[str, MahallaStaff]
    heads: Mapping[str, str] = field(default_factory=dict)  # official → the official who heads him
    absent: frozenset[str] = frozenset()

    @cached_property
    def _heads(self) -> dict[str, str]:
        """Who heads whom: what the mahalla structure implies, overridden by the explicit map."""
        implied: dict[str, str] = {}
        for staff in self.mahallas.values():
            above_inspector = staff.sector_head_id or staff.district_staff_id
            if above_inspector:
                implied.update(dict.fromkeys(staff.inspector_ids, above_inspector))
            if staff.sector_head_id and staff.district_staff_id:
                implied[staff.sector_head_id] = staff.district_staff_id
        implied.update(self.heads)
        return implied

    @cached_property
    def _headed(self) -> dict[str, set[str]]:
        headed: dict[str, set[str]] = {}
        for official, head in self._heads.items():
            headed.setdefault(head, set()).add(official)
        return headed

    def head_of(self, official_id: str) -> str | None:
        return self._heads.get(official_id)

    def chain_above(self, official_id: str) -> list[str]:
        chain: list[str] = []
        head = self.head_of(official_id)
        while head is not None and head not in chain and head != official_id:
            chain.append(head)
            head = self.head_of(head)
        return chain

    def with_subordinates(self, official_ids: frozenset[str]) -> frozenset[str]:
        """The officials named plus everyone they head, directly or through others."""
        found = set(official_ids)
        pending = list(official_ids)
        while pending:
            for subordinate in self._headed.get(pending.pop(), ()):
                if subordinate not in found:
                    found.add(subordinate)
                    pending.append(subordinate)
        return frozenset(found)


@dataclass(frozen=True)
class RoutingRequest:
    citizen_mahalla_code: str
    location_mahalla_code: str | None = None  # the mahalla of the appeal's location, if it has one
    named_official_ids: frozenset[str] = frozenset()  # officials the appeal complains about
    min_level: Level = Level.INSPECTOR  # after an escalation the appeal never goes back down

    @property
    def mahalla_codes(self) -> tuple[str, ...]:
        """The mahallas whose staff routing may need: the citizen's, and the location's if it has one."""
        return tuple(code for code in (self.citizen_mahalla_code, self.location_mahalla_code) if code)


@dataclass(frozen=True)
class RoutingDecision:
    assignee_id: str
    level: Level
    reason: RoutingReason
    mahalla_code: str
    excluded_ids: frozenset[str] = frozenset()
    by_location: bool = False  # routed to the mahalla of the location, not the citizen's


def _ladder(staff: MahallaStaff, territory: TerritoryView) -> list[tuple[Level, str]]:
    rungs = [(Level.INSPECTOR, inspector) for inspector in staff.inspector_ids]
    if staff.sector_head_id:
        rungs.append((Level.SECTOR_HEAD, staff.sector_head_id))
    if staff.district_staff_id:
        rungs.append((Level.DISTRICT, staff.district_staff_id))
        rungs.extend((Level.ABOVE_DISTRICT, head) for head in territory.chain_above(staff.district_staff_id))
    return rungs


def _target_mahalla(request: RoutingRequest, territory: TerritoryView) -> tuple[MahallaStaff, bool]:
    location = request.location_mahalla_code
    if location and location != request.citizen_mahalla_code and location in territory.mahallas:
        return territory.mahallas[location], True
    staff = territory.mahallas.get(request.citizen_mahalla_code)
    if staff is None:
        raise RoutingImpossible(mahalla_code=request.citizen_mahalla_code)
    return staff, False


def route(request: RoutingRequest, territory: TerritoryView) -> RoutingDecision:
    """Where a new appeal goes. Raises `RoutingImpossible` when nobody may take it: it then stays
    registered (registration is never refused) in the unrouted queue of the district."""
    staff, by_location = _target_mahalla(request, territory)
    ladder = _ladder(staff, territory)
    excluded = territory.with_subordinates(request.named_official_ids)
    floor = LEVEL_RANK[request.min_level]
    named_ranks = [LEVEL_RANK[level] for level, who in ladder if who in request.named_official_ids]
    if named_ranks:
        floor = max(floor, max(named_ranks) + 1)
    for level, official in ladder:
        if LEVEL_RANK[level] < floor or official in excluded or official in territory.absent:
            continue
        if named_ranks:
            reason = RoutingReason.COMPLAINT_ABOUT_OFFICIAL
        elif LEVEL_RANK[level] == floor:
            reason = RoutingReason.MAHALLA_INSPECTOR if floor == 1 else RoutingReason.NOT_SATISFIED_ESCALATION
        elif not staff.inspector_ids and floor == 1:
            reason = RoutingReason.NO_INSPECTOR
        else:
            reason = RoutingReason.INSPECTOR_ABSENT
        return RoutingDecision(official, level, reason, staff.mahalla_code, excluded, by_location)
    raise RoutingImpossible(mahalla_code=staff.mahalla_code)


def reassignment(
    request: RoutingRequest, territory: TerritoryView, current_assignee_id: str | None
) -> RoutingDecision | None:
    """Routing again after the mahalla's staff changed or someone became absent; None when the current
    assignee is still the right one."""
    decision = route(request, territory)
    if decision.assignee_id == current_assignee_id:
        return None
    if decision.reason in (RoutingReason.MAHALLA_INSPECTOR, RoutingReason.NOT_SATISFIED_ESCALATION):
        return replace(decision, reason=RoutingReason.STAFF_CHANGED)
    return decision


def manual_assignment(request: RoutingRequest, territory: TerritoryView, assignee_id: str) -> RoutingDecision:
    """A supervisor's choice (an inspector away, a colleague covering): any official who serves the
    appeal's mahalla at or above the level the appeal has reached, except those it complains about and
    whom they head."""
    staff, by_location = _target_mahalla(request, territory)
    excluded = territory.with_subordinates(request.named_official_ids)
    floor = LEVEL_RANK[request.min_level]
    for level, official in _ladder(staff, territory):
        if official != assignee_id or LEVEL_RANK[level] < floor:
            continue
        if official in excluded:
            raise AssigneeExcluded()
        return RoutingDecision(official, level, RoutingReason.MANUAL, staff.mahalla_code, excluded, by_location)
    raise AssigneeNotOnTheLadder()


def escalation_target(
    request: RoutingRequest, territory: TerritoryView, current_level: Level, reason: RoutingReason
) -> RoutingDecision:
    """The next official above `current_level` who may take the appeal (not named in it, not absent).
    Raises `EscalationUnavailable` at the top of the ladder."""
    staff, by_location = _target_mahalla(request, territory)
    excluded = territory.with_subordinates(request.named_official_ids)
    for level, official in _ladder(staff, territory):
        if LEVEL_RANK[level] <= LEVEL_RANK[current_level]:
            continue
        if official in excluded or official in territory.absent:
            continue
        return RoutingDecision(official, level, reason, staff.mahalla_code, excluded, by_location)
    raise EscalationUnavailable()
