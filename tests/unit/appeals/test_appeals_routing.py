"""Routing: to the mahalla's inspector, one level up when the law or absence says so, never to the
official the appeal complains about nor anyone he heads."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.appeals.domain.errors import (
    AssigneeExcluded,
    AssigneeNotOnTheLadder,
    EscalationUnavailable,
    RoutingImpossible,
)
from services.appeals.domain.routing import (
    Level,
    MahallaStaff,
    RoutingReason,
    RoutingRequest,
    TerritoryView,
    escalation_target,
    manual_assignment,
    reassignment,
    route,
)

MAHALLA, NEIGHBOUR, EMPTY = "172626601014", "172626601015", "172626601016"


def test_an_appeal_goes_to_the_inspector_of_the_citizens_mahalla(territory: TerritoryView) -> None:
    decision = route(RoutingRequest(MAHALLA), territory)

    assert (decision.assignee_id, decision.level, decision.reason) == (
        "inspector-1", Level.INSPECTOR, RoutingReason.MAHALLA_INSPECTOR,
    )  # fmt: skip
    assert (decision.mahalla_code, decision.by_location) == (MAHALLA, False)


def test_a_mahalla_without_an_inspector_sends_it_to_the_sector_heads_queue(territory: TerritoryView) -> None:
    decision = route(RoutingRequest(EMPTY), territory)

    assert (decision.assignee_id, decision.level, decision.reason) == (
        "sector-head-1", Level.SECTOR_HEAD, RoutingReason.NO_INSPECTOR,
    )  # fmt: skip


def test_a_location_in_another_mahalla_goes_to_that_mahallas_inspector_with_the_reason(
    territory: TerritoryView,
) -> None:
    decision = route(RoutingRequest(MAHALLA, location_mahalla_code=NEIGHBOUR), territory)

    assert (decision.assignee_id, decision.mahalla_code, decision.by_location) == ("inspector-2", NEIGHBOUR, True)


def test_a_location_outside_the_known_territory_stays_with_the_citizens_mahalla(territory: TerritoryView) -> None:
    assert route(RoutingRequest(MAHALLA, location_mahalla_code="171820401003"), territory).assignee_id == "inspector-1"


def test_a_complaint_about_the_inspector_goes_to_the_sector_head(territory: TerritoryView) -> None:
    decision = route(RoutingRequest(MAHALLA, named_official_ids=frozenset({"inspector-1"})), territory)

    assert (decision.assignee_id, decision.level, decision.reason) == (
        "sector-head-1", Level.SECTOR_HEAD, RoutingReason.COMPLAINT_ABOUT_OFFICIAL,
    )  # fmt: skip
    assert "inspector-1" in decision.excluded_ids


def test_a_complaint_about_the_inspector_goes_up_even_when_the_mahalla_has_another_inspector() -> None:
    territory = TerritoryView({MAHALLA: MahallaStaff(MAHALLA, ("inspector-1", "inspector-9"), "head", "district")})

    assert (
        route(RoutingRequest(MAHALLA, named_official_ids=frozenset({"inspector-1"})), territory).assignee_id == "head"
    )


def test_a_complaint_about_the_sector_head_goes_to_the_district_and_to_none_he_heads(territory: TerritoryView) -> None:
    decision = route(RoutingRequest(MAHALLA, named_official_ids=frozenset({"sector-head-1"})), territory)

    assert (decision.assignee_id, decision.level) == ("district-1", Level.DISTRICT)
    assert {"sector-head-1", "inspector-1", "inspector-2"} <= decision.excluded_ids


def test_who_heads_whom_may_be_given_explicitly() -> None:
    territory = TerritoryView(
        {MAHALLA: MahallaStaff(MAHALLA, ("inspector-1",), "head", "district")},
        heads={"inspector-1": "deputy", "deputy": "head"},
    )

    decision = route(RoutingRequest(MAHALLA, named_official_ids=frozenset({"deputy"})), territory)

    assert decision.assignee_id == "head"  # never the deputy, nor the inspector he heads
    assert {"deputy", "inspector-1"} <= decision.excluded_ids


def test_a_complaint_about_the_top_of_the_ladder_cannot_be_routed_here(territory: TerritoryView) -> None:
    with pytest.raises(RoutingImpossible):
        route(RoutingRequest(MAHALLA, named_official_ids=frozenset({"district-1"})), territory)


def test_a_complaint_about_the_district_officer_goes_above_him_when_the_territory_knows_who_that_is() -> None:
    territory = TerritoryView(
        {MAHALLA: MahallaStaff(MAHALLA, ("inspector-1",), "head", "district")}, heads={"district": "region"}
    )

    decision = route(RoutingRequest(MAHALLA, named_official_ids=frozenset({"district"})), territory)

    assert (decision.assignee_id, decision.level) == ("region", Level.ABOVE_DISTRICT)


def test_an_unknown_mahalla_cannot_be_routed(territory: TerritoryView) -> None:
    with pytest.raises(RoutingImpossible):
        route(RoutingRequest("999999999999"), territory)


def test_an_absent_inspector_is_skipped_with_the_reason(territory: TerritoryView) -> None:
    away = TerritoryView(territory.mahallas, absent=frozenset({"inspector-1"}))

    decision = route(RoutingRequest(MAHALLA), away)

    assert (decision.assignee_id, decision.reason) == ("sector-head-1", RoutingReason.INSPECTOR_ABSENT)


def test_a_new_inspector_takes_over_the_mahallas_open_appeals(territory: TerritoryView) -> None:
    changed = TerritoryView({**territory.mahallas, MAHALLA: MahallaStaff(MAHALLA, ("inspector-7",), "sector-head-1")})

    decision = reassignment(RoutingRequest(MAHALLA), changed, current_assignee_id="inspector-1")

    assert decision is not None
    assert (decision.assignee_id, decision.reason) == ("inspector-7", RoutingReason.STAFF_CHANGED)
    assert reassignment(RoutingRequest(MAHALLA), territory, current_assignee_id="inspector-1") is None


def test_an_escalated_appeal_is_never_rerouted_back_down(territory: TerritoryView) -> None:
    request = RoutingRequest(MAHALLA, min_level=Level.SECTOR_HEAD)

    assert reassignment(request, territory, current_assignee_id="sector-head-1") is None


def test_escalation_climbs_one_level_at_a_time_and_stops_at_the_top(territory: TerritoryView) -> None:
    request = RoutingRequest(MAHALLA)
    reason = RoutingReason.NOT_SATISFIED_ESCALATION

    assert escalation_target(request, territory, Level.INSPECTOR, reason).assignee_id == "sector-head-1"
    assert escalation_target(request, territory, Level.SECTOR_HEAD, reason).assignee_id == "district-1"
    with pytest.raises(EscalationUnavailable):
        escalation_target(request, territory, Level.DISTRICT, reason)


def test_escalation_skips_an_absent_sector_head(territory: TerritoryView) -> None:
    away = TerritoryView(territory.mahallas, absent=frozenset({"sector-head-1"}))

    target = escalation_target(RoutingRequest(MAHALLA), away, Level.INSPECTOR, RoutingReason.DEADLINE_BREACHED)

    assert (target.assignee_id, target.reason) == ("district-1", RoutingReason.DEADLINE_BREACHED)


# Random territories: a few mahallas sharing sector heads and district officers, some absences, some
# officials named in the complaint. Whatever happens, the named and those they head are never chosen.
_OFFICIALS = [f"official-{n}" for n in range(8)]


@st.composite
def territories(draw: st.DrawFn) -> tuple[TerritoryView, RoutingRequest]:
    mahallas = {}
    for code in (MAHALLA, NEIGHBOUR, EMPTY):
        inspectors = tuple(draw(st.lists(st.sampled_from(_OFFICIALS[:4]), max_size=2, unique=True)))
        head = draw(st.one_of(st.none(), st.sampled_from(_OFFICIALS[4:6])))
        district = draw(st.one_of(st.none(), st.sampled_from(_OFFICIALS[6:])))
        mahallas[code] = MahallaStaff(code, inspectors, head, district)
    absent = frozenset(draw(st.lists(st.sampled_from(_OFFICIALS), max_size=2)))
    named = frozenset(draw(st.lists(st.sampled_from(_OFFICIALS), max_size=2)))
    location = draw(st.one_of(st.none(), st.sampled_from([MAHALLA, NEIGHBOUR, EMPTY])))
    return TerritoryView(mahallas, absent=absent), RoutingRequest(MAHALLA, location, named)


@given(territories())
def test_the_named_official_and_those_he_heads_never_get_the_appeal(case: tuple[TerritoryView, RoutingRequest]) -> None:
    territory, request = case
    try:
        decision = route(request, territory)
    except RoutingImpossible:
        return
    staff = territory.mahallas[decision.mahalla_code]
    below_named = {
        official for official in _OFFICIALS if request.named_official_ids & set(territory.chain_above(official))
    }

    assert decision.assignee_id not in request.named_official_ids
    assert decision.assignee_id not in below_named
    assert decision.assignee_id not in territory.absent
    assert decision.assignee_id in (*staff.inspector_ids, staff.sector_head_id, staff.district_staff_id)


def test_a_supervisor_may_hand_an_appeal_to_another_inspector_of_its_mahalla(territory: TerritoryView) -> None:
    two_inspectors = TerritoryView(
        mahallas={MAHALLA: MahallaStaff(MAHALLA, ("inspector-1", "inspector-1b"), "sector-head-1", "district-1")}
    )

    decision = manual_assignment(RoutingRequest(MAHALLA), two_inspectors, "inspector-1b")

    assert (decision.assignee_id, decision.level, decision.reason) == (
        "inspector-1b", Level.INSPECTOR, RoutingReason.MANUAL,
    )  # fmt: skip


def test_a_supervisor_may_not_hand_an_appeal_to_an_official_of_another_mahalla(territory: TerritoryView) -> None:
    with pytest.raises(AssigneeNotOnTheLadder):
        manual_assignment(RoutingRequest(MAHALLA), territory, "inspector-2")


def test_a_supervisor_may_not_hand_a_complaint_to_the_official_it_is_about(territory: TerritoryView) -> None:
    about_the_head = RoutingRequest(MAHALLA, named_official_ids=frozenset({"sector-head-1"}))

    with pytest.raises(AssigneeExcluded):
        manual_assignment(about_the_head, territory, "inspector-1")  # he is headed by the official named


def test_an_escalated_appeal_is_not_handed_back_down_to_the_inspector(territory: TerritoryView) -> None:
    escalated = RoutingRequest(MAHALLA, min_level=Level.SECTOR_HEAD)

    with pytest.raises(AssigneeNotOnTheLadder):
        manual_assignment(escalated, territory, "inspector-1")
    assert manual_assignment(escalated, territory, "district-1").level is Level.DISTRICT
