"""The geo service's address lookup (its cadastre adapter and point → mahalla), through a typed HTTP client."""

from __future__ import annotations

import dataclasses
from typing import Protocol

import httpx

from services.gateway.domain.errors import GatewayError


class AddressNotResolved(GatewayError):
    """The geo service could not place the address in a mahalla; its problem code says why."""

    code = "gateway.address_not_resolved"
    status = 422


class TerritoryUnavailable(GatewayError):
    code = "service_unavailable"
    status = 503


@dataclasses.dataclass(frozen=True)
class ResolvedAddress:
    address: str
    cadastre_number: str
    latitude: float
    longitude: float
    mahalla_code: str


class TerritoryDirectory(Protocol):
    async def resolve_address(self, address: str) -> ResolvedAddress: ...


class GeoServiceClient:
    def __init__(self, client: httpx.AsyncClient, base_url: str, timeout_s: float = 5.0) -> None:
        self._client, self._base_url, self._timeout = client, base_url.rstrip("/"), timeout_s

    async def resolve_address(self, address: str) -> ResolvedAddress:
        try:
            response = await self._client.get(
                f"{self._base_url}/v1/locate/address", params={"q": address}, timeout=self._timeout
            )
        except httpx.HTTPError as error:
            raise TerritoryUnavailable() from error
        if response.status_code in (404, 422):
            raise AddressNotResolved(reason=response.json().get("code", "unknown"))
        if response.status_code != 200:
            raise TerritoryUnavailable()
        body = response.json()
        return ResolvedAddress(
            body["address"], body["cadastre_number"], float(body["latitude"]), float(body["longitude"]),
            body["mahalla_code"],
        )  # fmt: skip
