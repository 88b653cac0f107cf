"""Claiming a child on the real servers: the civil registry must name the caller himself, as his token proves him."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from services.devices.adapters.civil_registry import SANDBOX_FAMILIES, sandbox_pinfl
from shared.auth import Role
from tests.integration.devices.conftest import DevicesService

TIMUR, SEVARA = SANDBOX_FAMILIES[3], SANDBOX_FAMILIES[4]
TIMURS_FATHER, TIMURS_MOTHER = list(TIMUR.guardians)
NEIGHBOUR = sandbox_pinfl(date(1979, 4, 4), female=False, serial=990)  # a verified citizen nobody's guardian


def citizen(service: DevicesService, verified_pinfl: str | None, language: str = "en") -> dict[str, str]:
    """A verified citizen's headers; `verified_pinfl` None: a token without the identity digest (claim `idh`)."""
    prefix = "c-guardian" if verified_pinfl else "c-no-digest"
    digest = service.identity_of(verified_pinfl) if verified_pinfl else None
    return {
        **service.tokens.headers(subject=f"{prefix}-{random.getrandbits(40):010x}", roles=(Role.CITIZEN,),
                                 verified=True, identity_digest=digest),
        "Accept-Language": language,
    }  # fmt: skip


async def claim(service: DevicesService, headers: dict[str, str], child_pinfl: str, **body: str) -> Any:
    return await service.client.post(
        "/v1/children/guardianships", json={"child_pinfl": child_pinfl, **body}, headers=headers
    )


async def children_of(service: DevicesService, headers: dict[str, str]) -> list[str]:
    listed = await service.client.get("/v1/children", headers=headers)
    assert listed.status_code == 200, listed.text
    return [child["first_name"] for child in listed.json()]


async def test_the_guardian_the_registry_names_claims_the_child_with_his_own_verified_identity(
    service: DevicesService,
) -> None:
    father, mother = citizen(service, TIMURS_FATHER), citizen(service, TIMURS_MOTHER)

    by_token_alone = await claim(service, father, TIMUR.pinfl)
    naming_herself = await claim(service, mother, TIMUR.pinfl, guardian_pinfl=TIMURS_MOTHER)

    assert by_token_alone.status_code == 201, by_token_alone.text
    assert naming_herself.status_code == 201, naming_herself.text
    assert by_token_alone.json()["first_name"] == "Timur"
    assert await children_of(service, father) == ["Timur"]
    assert await children_of(service, mother) == ["Timur"]


async def test_a_citizen_naming_a_parents_pinfl_is_refused_in_his_language_and_follows_nobody(
    service: DevicesService,
) -> None:
    neighbour = citizen(service, NEIGHBOUR, language="ru")

    with_the_fathers_pinfl = await claim(service, neighbour, TIMUR.pinfl, guardian_pinfl=TIMURS_FATHER)
    without_a_pinfl = await claim(service, neighbour, TIMUR.pinfl)

    assert with_the_fathers_pinfl.status_code == 403
    assert with_the_fathers_pinfl.headers["content-type"].startswith("application/problem+json")
    assert with_the_fathers_pinfl.json()["code"] == "devices.guardian_identity_mismatch"
    assert with_the_fathers_pinfl.json()["title"] == "Указанный ПИНФЛ принадлежит не вам."
    assert without_a_pinfl.status_code == 403
    assert without_a_pinfl.json()["code"] == "devices.guardianship_not_confirmed"
    assert await children_of(service, neighbour) == []


async def test_a_parent_of_one_child_cannot_claim_another_family_s_child(service: DevicesService) -> None:
    father = citizen(service, TIMURS_FATHER, language="uz-Latn")

    refused = await claim(service, father, SEVARA.pinfl, guardian_pinfl=TIMURS_FATHER)

    assert refused.status_code == 403
    assert refused.json()["code"] == "devices.guardianship_not_confirmed"
    assert "FHDYo" in refused.json()["title"]


async def test_a_token_without_an_identity_digest_cannot_claim_a_child(service: DevicesService) -> None:
    undigested = citizen(service, None, language="uz-Cyrl")

    refused = await claim(service, undigested, TIMUR.pinfl, guardian_pinfl=TIMURS_FATHER)

    assert refused.status_code == 403
    assert refused.json()["code"] == "devices.guardian_identity_unknown"
    assert refused.json()["title"].startswith("Тизимга киришингизда")
    assert await children_of(service, undigested) == []
