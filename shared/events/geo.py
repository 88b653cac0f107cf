"""Contracts produced by the geo service: the territory registry (`territory.v1`) and incidents (`incidents.v1`).

Territory events are keyed by the code of the unit they concern (a mahalla code for mahalla facts, a sector
or district code for facts of those levels), so every fact about one mahalla stays in order on one
partition and a consumer can rebuild its read model from the topic's beginning. They carry codes, official
ids and roles only: no names, phones or photos. Incident events are keyed by the incident id and carry the
anonymised H3 cell and territory codes, never the exact location.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from shared.events.envelope import Event
from shared.events.registry import INCIDENTS, TERRITORY

UnitLevel = Literal["region", "district", "sector", "mahalla"]
OfficialRole = Literal["chairman", "sector_head", "inspector"]


class _TerritoryEvent(Event):
    topic = TERRITORY.name
    source = "/geo"


class UnitCreatedV1(_TerritoryEvent):
    """A territorial unit exists (subject: its code)."""

    event_type = "uz.smartmahalla.geo.unit_created.v1"
    code: str = Field(description="SOATO-style code: region 4, district 7, sector 9, mahalla 12 digits.")
    level: UnitLevel
    parent_code: str | None = Field(description="The unit one level up; none for a region.")


class UnitRetiredV1(_TerritoryEvent):
    """A unit no longer serves anyone (subject: its code); its officials are removed separately."""

    event_type = "uz.smartmahalla.geo.unit_retired.v1"
    code: str
    level: UnitLevel


class OfficialAssignedV1(_TerritoryEvent):
    """An official now serves a unit (subject: that unit's code — a mahalla, or a sector for its head)."""

    event_type = "uz.smartmahalla.geo.official_assigned.v1"
    official_id: str = Field(description="The id appeals route to and staff accounts of officials use.")
    role: OfficialRole
    territory_code: str = Field(description="The unit served: a mahalla (chairman, inspector) or a sector.")
    mahalla_code: str | None = Field(None, description="For a chairman or inspector: the mahalla served.")
    sector_code: str = Field(description="The sector of the unit served (for a sector head, his sector).")


class OfficialRemovedV1(_TerritoryEvent):
    """An official no longer serves the unit (subject: that unit's code)."""

    event_type = "uz.smartmahalla.geo.official_removed.v1"
    official_id: str
    role: OfficialRole
    territory_code: str


class PostMovedV1(_TerritoryEvent):
    """A mahalla's law-enforcement post (a public office) moved (subject: the mahalla code)."""

    event_type = "uz.smartmahalla.geo.post_moved.v1"
    post_id: str
    mahalla_code: str
    latitude: float
    longitude: float


class IncidentRecordedV1(Event):
    """An incident from the Interior Ministry feed (subject: incident id); anonymised location only."""

    event_type = "uz.smartmahalla.geo.incident_recorded.v1"
    topic = INCIDENTS.name
    source = "/geo"

    category: str = Field(description="Leaf category id, e.g. `crime.theft`.")
    group: str = Field(description="road_accident, administrative_offence or crime.")
    occurred_at: datetime
    mahalla_code: str
    district_code: str
    cell: str = Field(description="H3 cell (resolution 8, hex) holding the incident: the anonymised location.")
    injuries: int = 0
    deaths: int = 0
