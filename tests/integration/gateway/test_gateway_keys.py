"""Signing keys rotate across gateway instances; tokens signed with the previous key keep working."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from services.gateway.deps import parts_of
from services.gateway.housekeeping import sync_keys
from services.gateway.main import create_app
from services.gateway.repository.keys import KeyRingStore
from tests.integration.gateway.conftest import bearer, new_phone, sign_in_citizen
from tests.support.running import listening


async def test_a_rotation_by_one_instance_is_adopted_by_the_other_and_old_tokens_still_verify(
    settings_for: Any,
) -> None:
    settings = settings_for()
    first_app, second_app = create_app(settings), create_app(settings)
    async with listening(first_app) as first, listening(second_app) as second:
        async with httpx.AsyncClient(base_url=first) as client:
            before = await sign_in_citizen(client, new_phone(), "device-keys")
        runtimes = [first_app.state.runtime, second_app.state.runtime]
        stores = [KeyRingStore(runtime.db, settings.key_encryption_key.get_secret_value()) for runtime in runtimes]
        old_kid = parts_of(runtimes[0]).issuer.key_ring.current.kid
        await sync_keys(parts_of(runtimes[0]).issuer, stores[0], timedelta(0), runtimes[0])  # due: rotate
        await sync_keys(parts_of(runtimes[1]).issuer, stores[1], timedelta(days=1), runtimes[1])  # adopt
        async with httpx.AsyncClient(base_url=second) as client:
            jwks = (await client.get("/.well-known/jwks.json")).json()
            old_token_works = await client.get("/v1/me", headers=bearer(before))
            after = await sign_in_citizen(client, new_phone(), "device-keys2")
        async with httpx.AsyncClient(base_url=first) as client:
            new_token_works = await client.get("/v1/me", headers=bearer(after))

    new_kid = parts_of(runtimes[1]).issuer.key_ring.current.kid
    assert new_kid != old_kid
    assert {key["kid"] for key in jwks["keys"]} == {old_kid, new_kid}
    assert old_token_works.status_code == 200
    assert new_token_works.status_code == 200
