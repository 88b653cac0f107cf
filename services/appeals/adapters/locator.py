"""Which mahalla a point lies in, asked of the geo service (`GET /v1/locate`): a query, with a timeout.

An appeal is never refused or delayed for long because of it: any failure means "unknown", and the
appeal is routed by the citizen's own mahalla.
"""

from __future__ import annotations

import logging
from typing import Protocol

import httpx

from services.appeals.domain.records import Location
from shared.auth import is_mahalla_code

logger = logging.getLogger(__name__)


class Locator(Protocol):
    async def mahalla_at(self, location: Location) -> str | None: ...


class GeoLocator:
    def __init__(self, http: httpx.AsyncClient, geo_url: str, timeout_s: float = 2.0) -> None:
        self._http = http
        self._url = geo_url.rstrip("/") + "/v1/locate"
        self._timeout = timeout_s

    async def mahalla_at(self, location: Location) -> str | None:
        try:
            response = await self._http.get(
                self._url, params={"lat": location.lat, "lon": location.lon}, timeout=self._timeout
            )
        except httpx.HTTPError as error:
            logger.warning("the geo service did not locate a point", extra={"error": repr(error)})
            return None
        code = response.json().get("mahalla_code") if response.status_code == 200 else None
        return code if isinstance(code, str) and is_mahalla_code(code) else None


class NoLocator:
    async def mahalla_at(self, location: Location) -> str | None:
        return None
