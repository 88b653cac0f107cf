"""The geo service's error root and every reason the geo domain says no, each with a stable code."""

from __future__ import annotations

from typing import Any, ClassVar

from shared.errors import DomainError


class GeoError(DomainError):
    """The root of every error of the geo service.

    A territory code travels as the parameter `unit_code`, never `code`: `shared.problems` passes the
    parameters to `translate(code, ...)` as keywords, where `code` is already the message code.
    """

    code: ClassVar[str] = "geo.error"


# --- territory codes and units -------------------------------------------------------------------


class MalformedTerritoryCode(GeoError):
    code: ClassVar[str] = "geo.malformed_code"
    status: ClassVar[int] = 422

    def __init__(self, *, code: str) -> None:
        super().__init__(unit_code=code)


class UnknownTerritoryCode(GeoError):
    code: ClassVar[str] = "geo.unknown_code"
    status: ClassVar[int] = 404

    def __init__(self, *, code: str) -> None:
        super().__init__(unit_code=code)


class ParentMismatch(GeoError):
    """A unit names a parent its own code does not descend from."""

    code: ClassVar[str] = "geo.parent_mismatch"
    status: ClassVar[int] = 422

    def __init__(self, *, code: str, parent_code: str | None) -> None:
        super().__init__(unit_code=code, parent_code=parent_code)


class WrongLevel(GeoError):
    """A code of one level where another was expected (a district code given as a mahalla)."""

    code: ClassVar[str] = "geo.wrong_level"
    status: ClassVar[int] = 422

    def __init__(self, *, code: str, expected: str) -> None:
        super().__init__(unit_code=code, expected=expected)


class InvalidUnitData(GeoError):
    """A unit, official or demographic record that breaks a rule of its own (sums, hours, phone)."""

    code: ClassVar[str] = "geo.invalid_unit_data"
    status: ClassVar[int] = 422

    def __init__(self, *, field: str, reason: str) -> None:
        super().__init__(field=field, reason=reason)


# --- points and polygons -------------------------------------------------------------------------


class CoordinatesOutOfRange(GeoError):
    code: ClassVar[str] = "geo.coordinates_out_of_range"
    status: ClassVar[int] = 422

    def __init__(self, *, lat: Any, lon: Any) -> None:
        super().__init__(lat=lat, lon=lon)


class OutsideServiceArea(GeoError):
    """The point is a real place, but no mahalla of ours covers it."""

    code: ClassVar[str] = "geo.outside_service_area"
    status: ClassVar[int] = 404

    def __init__(self, *, lat: float, lon: float) -> None:
        super().__init__(lat=lat, lon=lon)


class InvalidPolygon(GeoError):
    """The root of every reason a polygon is refused; `code` says which one."""

    code: ClassVar[str] = "geo.polygon.invalid"
    status: ClassVar[int] = 422


class PolygonMalformed(InvalidPolygon):
    code: ClassVar[str] = "geo.polygon.malformed"

    def __init__(self, *, detail: str) -> None:
        super().__init__(detail=detail)


class PolygonTooFewPoints(InvalidPolygon):
    code: ClassVar[str] = "geo.polygon.too_few_points"

    def __init__(self, *, ring: int, points: int) -> None:
        super().__init__(ring=ring, points=points)


class PolygonNotClosed(InvalidPolygon):
    code: ClassVar[str] = "geo.polygon.not_closed"

    def __init__(self, *, ring: int) -> None:
        super().__init__(ring=ring)


class PolygonCoordinatesOutOfRange(InvalidPolygon):
    code: ClassVar[str] = "geo.polygon.out_of_range"

    def __init__(self, *, ring: int, position: int, lon: float, lat: float) -> None:
        super().__init__(ring=ring, position=position, lon=lon, lat=lat)


class PolygonCoordinatesSwapped(InvalidPolygon):
    """Every position reads as a place in Uzbekistan only once latitude and longitude are swapped."""

    code: ClassVar[str] = "geo.polygon.swapped_coordinates"

    def __init__(self, *, lon: float, lat: float) -> None:
        super().__init__(lon=lon, lat=lat)


class PolygonOutsideCountry(InvalidPolygon):
    code: ClassVar[str] = "geo.polygon.outside_country"

    def __init__(self, *, lon: float, lat: float) -> None:
        super().__init__(lon=lon, lat=lat)


class PolygonSelfIntersecting(InvalidPolygon):
    code: ClassVar[str] = "geo.polygon.self_intersecting"

    def __init__(self, *, reason: str) -> None:
        super().__init__(reason=reason)


class PolygonInvalidTopology(InvalidPolygon):
    """Any other topology fault GEOS reports (hole outside its shell, nested shells, ...)."""

    code: ClassVar[str] = "geo.polygon.invalid_topology"

    def __init__(self, *, reason: str) -> None:
        super().__init__(reason=reason)


# --- crime map queries ---------------------------------------------------------------------------


class PeriodReversed(GeoError):
    code: ClassVar[str] = "geo.period_reversed"
    status: ClassVar[int] = 422

    def __init__(self, *, start: str, end: str) -> None:
        super().__init__(start=start, end=end)


class PeriodTooLong(GeoError):
    code: ClassVar[str] = "geo.period_too_long"
    status: ClassVar[int] = 422

    def __init__(self, *, months: int, start: str, end: str) -> None:
        super().__init__(months=months, start=start, end=end)


class NaiveTimestamp(GeoError):
    code: ClassVar[str] = "geo.naive_timestamp"
    status: ClassVar[int] = 422

    def __init__(self, *, field: str) -> None:
        super().__init__(field=field)


class UnknownCategory(GeoError):
    code: ClassVar[str] = "geo.unknown_category"
    status: ClassVar[int] = 422

    def __init__(self, *, category: str) -> None:
        super().__init__(category=category)


class InvalidBoundingBox(GeoError):
    """`reason`: `order` (min above max), `range` (outside the globe) or `too_large`."""

    code: ClassVar[str] = "geo.invalid_bbox"
    status: ClassVar[int] = 422

    def __init__(self, *, reason: str, bbox: str) -> None:
        super().__init__(reason=reason, bbox=bbox)


class RadiusOutOfRange(GeoError):
    code: ClassVar[str] = "geo.radius_out_of_range"
    status: ClassVar[int] = 422

    def __init__(self, *, radius_m: float, min_m: int, max_m: int) -> None:
        super().__init__(radius_m=radius_m, min_m=min_m, max_m=max_m)


class AmbiguousArea(GeoError):
    """A crime-map query names exactly one area: a territory, a bounding box or a circle."""

    code: ClassVar[str] = "geo.ambiguous_area"
    status: ClassVar[int] = 422

    def __init__(self, *, given: int) -> None:
        super().__init__(given=given)


class ResolutionNotAllowed(GeoError):
    """A cell size finer than the anonymisation resolution would undo the anonymisation."""

    code: ClassVar[str] = "geo.resolution_not_allowed"
    status: ClassVar[int] = 422

    def __init__(self, *, resolution: int, finest: int, coarsest: int) -> None:
        super().__init__(resolution=resolution, finest=finest, coarsest=coarsest)


class InvalidIncident(GeoError):
    code: ClassVar[str] = "geo.invalid_incident"
    status: ClassVar[int] = 422

    def __init__(self, *, field: str, reason: str) -> None:
        super().__init__(field=field, reason=reason)


# --- bulk import ---------------------------------------------------------------------------------


class NotAFeatureCollection(GeoError):
    code: ClassVar[str] = "geo.import.not_a_feature_collection"
    status: ClassVar[int] = 422

    def __init__(self, *, detail: str) -> None:
        super().__init__(detail=detail)


# --- the running service: registry administration, citizens, addresses ----------------------------


class ResidenceNotBound(GeoError):
    """A citizen asked about "his" mahalla before binding his residence to one."""

    code: ClassVar[str] = "geo.residence_not_bound"
    status: ClassVar[int] = 409


class AddressNotFound(GeoError):
    code: ClassVar[str] = "geo.address_not_found"
    status: ClassVar[int] = 404

    def __init__(self, *, query: str) -> None:
        super().__init__(query=query)


class UnitExists(GeoError):
    code: ClassVar[str] = "geo.unit_exists"
    status: ClassVar[int] = 409

    def __init__(self, *, code: str) -> None:
        super().__init__(unit_code=code)


class UnknownParent(GeoError):
    code: ClassVar[str] = "geo.unknown_parent"
    status: ClassVar[int] = 422

    def __init__(self, *, parent_code: str) -> None:
        super().__init__(parent_code=parent_code)


class UnitRetired(GeoError):
    code: ClassVar[str] = "geo.unit_retired"
    status: ClassVar[int] = 409

    def __init__(self, *, code: str) -> None:
        super().__init__(unit_code=code)


class UnitHasActiveChildren(GeoError):
    code: ClassVar[str] = "geo.unit_has_active_children"
    status: ClassVar[int] = 409

    def __init__(self, *, code: str, children: int) -> None:
        super().__init__(unit_code=code, children=children)


class OverlappingMahalla(GeoError):
    code: ClassVar[str] = "geo.overlapping_mahalla"
    status: ClassVar[int] = 409

    def __init__(self, *, code: str, other: str) -> None:
        super().__init__(unit_code=code, other=other)


class UnknownOfficial(GeoError):
    code: ClassVar[str] = "geo.unknown_official"
    status: ClassVar[int] = 404

    def __init__(self, *, official_id: str) -> None:
        super().__init__(official_id=official_id)


class UnknownPost(GeoError):
    code: ClassVar[str] = "geo.unknown_post"
    status: ClassVar[int] = 404

    def __init__(self, *, post_id: str) -> None:
        super().__init__(post_id=post_id)


class PostOutsideMahalla(GeoError):
    code: ClassVar[str] = "geo.post_outside_mahalla"
    status: ClassVar[int] = 422

    def __init__(self, *, mahalla_code: str) -> None:
        super().__init__(mahalla_code=mahalla_code)


class InvalidDate(GeoError):
    """A period bound that is neither a month (YYYY-MM) nor a day (YYYY-MM-DD)."""

    code: ClassVar[str] = "geo.invalid_date"
    status: ClassVar[int] = 422

    def __init__(self, *, field: str, value: str) -> None:
        super().__init__(field=field, value=value)


class SandboxOnly(GeoError):
    """A sandbox route asked outside the sandbox profile: it does not exist there."""

    code: ClassVar[str] = "geo.sandbox_only"
    status: ClassVar[int] = 404


class CoordinatesSwapped(GeoError):
    """A point that lies in Uzbekistan only once latitude and longitude are exchanged."""

    code: ClassVar[str] = "geo.coordinates_swapped"
    status: ClassVar[int] = 422

    def __init__(self, *, lat: float, lon: float) -> None:
        super().__init__(lat=lat, lon=lon)
