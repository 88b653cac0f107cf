"""A parent claims his child through the gateway: the devices service trusts the identity the gateway verified."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import pytest

from services.devices.adapters.civil_registry import SANDBOX_FAMILIES
from services.gateway.adapters.identity_registry import make_pinfl
from services.gateway.domain.citizens import birth_date_of_pinfl
from tests.e2e.conftest import System
from tests.e2e.scenarios import bearer, new_phone, refresh, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1200)]

TIMUR = SANDBOX_FAMILIES[3]
TIMURS_FATHER = next(iter(TIMUR.guardians))
NEIGHBOUR = make_pinfl(date(1979, 4, 4), "male", serial=77)


async def verified_citizen(client: httpx.AsyncClient, pinfl: str, device_id: str) -> dict[str, Any]:
    """Signs in, consents, has the sandbox Interior Ministry registry confirm `pinfl`; returns fresh tokens."""
    tokens = await sign_in(client, new_phone(), device_id)
    headers = bearer(tokens)
    assert (await client.post("/v1/me/consent", json={"version": "2026-01"}, headers=headers)).status_code == 200
    born = birth_date_of_pinfl(pinfl).isoformat()
    identity = {"pinfl": pinfl, "document_number": f"AB{pinfl[-7:]}", "birth_date": born}
    verified = await client.post("/v1/me/identity", json=identity, headers=headers)
    assert verified.status_code == 200, verified.text
    return await refresh(client, tokens)


async def test_a_parent_verified_by_the_gateway_claims_his_child_and_a_neighbour_naming_him_is_refused(
    system: System,
) -> None:
    async with httpx.AsyncClient(base_url=system.gateway, timeout=30, headers={"Accept-Language": "en"}) as client:
        father = await verified_citizen(client, TIMURS_FATHER, "father-phone")
        neighbour = await verified_citizen(client, NEIGHBOUR, "neighbour-phone")
        posing = await client.post("/v1/children/guardianships", headers=bearer(neighbour),
                                   json={"child_pinfl": TIMUR.pinfl, "guardian_pinfl": TIMURS_FATHER})  # fmt: skip
        claimed = await client.post("/v1/children/guardianships", headers=bearer(father),
                                    json={"child_pinfl": TIMUR.pinfl})  # fmt: skip
        fathers_children = await client.get("/v1/children", headers=bearer(father))
        neighbours_children = await client.get("/v1/children", headers=bearer(neighbour))

    assert posing.status_code == 403
    assert posing.json()["code"] == "devices.guardian_identity_mismatch"
    assert posing.json()["title"] == "The PINFL given is not yours."
    assert claimed.status_code == 201, claimed.text
    assert [child["first_name"] for child in fathers_children.json()] == ["Timur"]
    assert neighbours_children.json() == []
