"""Registry administration: what a change may do, and the events it records for other services."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime

import pytest

from services.geo.domain import administration as rules
from services.geo.domain.errors import (
    OverlappingMahalla,
    PostOutsideMahalla,
    UnitExists,
    UnitHasActiveChildren,
    UnknownParent,
)
from services.geo.domain.registry import Territory
from services.geo.domain.territory import GeoPoint, Level, Names, Official, Role
from shared.events.geo import OfficialAssignedV1, OfficialRemovedV1, UnitCreatedV1, UnitRetiredV1

NOW = datetime(2026, 3, 1, tzinfo=UTC)
NAMES = Names("Yangi MFY", "Янги МФЙ", "МСГ «Янги»")


def square(lon: float, lat: float, size: float = 0.002) -> tuple[tuple[tuple[float, float], ...], ...]:
    ring = ((lon, lat), (lon + size, lat), (lon + size, lat + size), (lon, lat + size), (lon, lat))
    return (ring,)


def test_a_new_mahalla_is_created_with_an_event_keyed_by_its_code(pilot: Territory) -> None:
    sector = pilot.sectors[0].code
    code = f"{sector}999"
    unit, events = rules.create_unit(pilot, code=code, names=NAMES, polygon=square(60.0, 42.0), now=NOW)
    assert unit.level is Level.MAHALLA
    assert unit.parent_code == sector
    (event,) = events
    assert isinstance(event, UnitCreatedV1)
    assert event.to_record()["key"] == code
    assert event.parent_code == sector


def test_a_code_already_registered_is_refused(pilot: Territory) -> None:
    with pytest.raises(UnitExists):
        rules.create_unit(pilot, code=pilot.mahallas[0].code, names=NAMES, polygon=square(60.0, 42.0), now=NOW)


def test_a_unit_whose_parent_is_unknown_is_refused(pilot: Territory) -> None:
    with pytest.raises(UnknownParent):
        rules.create_unit(pilot, code="172699901001", names=NAMES, polygon=square(60.0, 42.0), now=NOW)


def test_a_mahalla_drawn_over_its_neighbour_is_refused(pilot: Territory) -> None:
    neighbour = pilot.mahallas[0]
    with pytest.raises(OverlappingMahalla):
        rules.create_unit(pilot, code=f"{neighbour.code[:9]}998", names=NAMES, polygon=neighbour.polygon, now=NOW)


def test_a_district_with_active_mahallas_cannot_be_retired(pilot: Territory) -> None:
    with pytest.raises(UnitHasActiveChildren):
        rules.retire_unit(pilot, pilot.districts[0].code, NOW)


def test_a_mahalla_without_children_is_retired_with_an_event(pilot: Territory) -> None:
    unit, (event,) = rules.retire_unit(pilot, pilot.mahallas[0].code, NOW)
    assert not unit.is_active
    assert isinstance(event, UnitRetiredV1)
    assert event.subject == unit.code


def test_a_new_chairman_replaces_the_previous_one(pilot: Territory) -> None:
    mahalla = pilot.mahallas[0]
    new = Official(id="o-new", role=Role.CHAIRMAN, territory_code=mahalla.code, full_name_latn="Karimov Aziz",
                   full_name_cyrl="Каримов Азиз", phone="+998901234567")  # fmt: skip
    assignment = rules.assign_official(pilot, new, NOW)
    ((old, (removed,)),) = assignment.replaced
    assert old.id == mahalla.chairman_id
    assert isinstance(removed, OfficialRemovedV1)
    assert removed.subject == mahalla.code
    (assigned,) = assignment.events
    assert isinstance(assigned, OfficialAssignedV1)
    assert (assigned.mahalla_code, assigned.sector_code) == (mahalla.code, mahalla.code[:9])


def test_another_inspector_joins_without_replacing_anyone(pilot: Territory) -> None:
    mahalla = pilot.mahallas[0]
    new = Official(id="o-insp", role=Role.INSPECTOR, territory_code=mahalla.code, full_name_latn="Saidov Jasur",
                   full_name_cyrl="Саидов Жасур", phone="+998901234568")  # fmt: skip
    assert rules.assign_official(pilot, new, NOW).replaced == []


def test_territory_events_carry_ids_and_roles_but_no_names_or_phones(pilot: Territory) -> None:
    official = dataclasses.replace(pilot.officials[0])
    body = json.loads(rules.official_assigned(official, NOW).to_record()["value"])
    text = json.dumps(body, ensure_ascii=False)
    assert official.full_name_latn not in text
    assert official.phone not in text
    assert body["official_id"] == official.id
    assert body["role"] == official.role.value


def test_a_sector_head_assignment_is_keyed_by_his_sector(pilot: Territory) -> None:
    head = next(o for o in pilot.officials if o.role is Role.SECTOR_HEAD)
    event = rules.official_assigned(head, NOW)
    assert event.subject == head.territory_code
    assert event.mahalla_code is None


def test_a_post_cannot_move_out_of_its_mahalla(pilot: Territory) -> None:
    post = pilot.posts[0]
    with pytest.raises(PostOutsideMahalla):
        rules.move_post(pilot, post.id, location=GeoPoint(lat=41.3, lon=69.2), located_in="172626201002",
                        address=None, now=NOW)  # fmt: skip
    moved, (event,) = rules.move_post(pilot, post.id, location=post.location, located_in=post.mahalla_code,
                                      address=None, now=NOW)  # fmt: skip
    assert event.subject == post.mahalla_code
    assert moved.id == post.id
