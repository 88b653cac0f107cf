"""What citizens and other services ask: point → mahalla, address → mahalla, "my mahalla", "my inspector"."""

from __future__ import annotations

from services.geo.domain.addresses import AddressRecord
from services.geo.domain.errors import AddressNotFound, CoordinatesSwapped, ResidenceNotBound
from services.geo.domain.geometry import UZBEKISTAN
from services.geo.domain.territory import GeoPoint, Mahalla
from services.geo.handlers.context import Geo
from shared.auth import Principal


def locate(lat: float, lon: float, geo: Geo) -> Mahalla:
    point = GeoPoint(lat=lat, lon=lon)  # refuses what is off the globe
    if not UZBEKISTAN.holds(point.lon, point.lat) and UZBEKISTAN.holds(point.lat, point.lon):
        raise CoordinatesSwapped(lat=lat, lon=lon)
    return geo.live.territory.mahalla(geo.live.index.locate(lat=lat, lon=lon))


async def resolve_address(query: str, geo: Geo) -> tuple[AddressRecord, str]:
    record = await geo.cadastre.search(query)
    if record is None:
        raise AddressNotFound(query=query)
    return record, geo.live.index.locate(lat=record.location.lat, lon=record.location.lon)


def my_mahalla(principal: Principal, geo: Geo) -> Mahalla:
    if principal.mahalla_code is None:
        raise ResidenceNotBound()
    return geo.live.territory.mahalla(principal.mahalla_code)
