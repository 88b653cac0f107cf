"""A citizen's account through the real gateway: codes, identity, residence, device sessions, revocation."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx

from services.gateway.adapters.identity_registry import make_pinfl
from tests.integration.gateway.conftest import MAHALLA, bearer, new_phone, sign_in_citizen


async def verified_resident(client: httpx.AsyncClient, tokens: dict[str, Any]) -> None:
    headers = bearer(tokens)
    assert (await client.post("/v1/me/consent", json={"version": "2026-01"}, headers=headers)).status_code == 200
    identity = {"pinfl": make_pinfl(date(1988, 3, 9), "female", serial=7), "document_number": "AC7654321",
                "birth_date": "1988-03-09"}  # fmt: skip
    verified = await client.post("/v1/me/identity", json=identity, headers=headers)
    assert verified.status_code == 200, verified.text
    resident = await client.post("/v1/me/residence", json={"address": "Toshkent, Chilonzor, 9-kvartal, 12"},
                                 headers=headers)  # fmt: skip
    assert resident.status_code == 200, resident.text


async def test_a_citizen_registers_verifies_binds_a_mahalla_and_a_revoked_device_loses_access(gateway: str) -> None:
    async with httpx.AsyncClient(base_url=gateway) as client:
        phone = new_phone()
        phone_a = await sign_in_citizen(client, phone, "device-aaaa")
        await verified_resident(client, phone_a)
        phone_b = await sign_in_citizen(client, phone, "device-bbbb")

        profile = (await client.get("/v1/me", headers=bearer(phone_b))).json()
        sessions = (await client.get("/v1/me/sessions", headers=bearer(phone_a))).json()
        refreshed = await client.post("/v1/auth/refresh", json={"refresh_token": phone_b["refresh_token"]})
        revoked = await client.delete(f"/v1/me/sessions/{phone_b['session_id']}", headers=bearer(phone_a))
        after_revocation = await client.get("/v1/me", headers=bearer(refreshed.json()))
        refresh_after = await client.post("/v1/auth/refresh", json={"refresh_token": refreshed.json()["refresh_token"]})
        still_fine = await client.get("/v1/me", headers=bearer(phone_a))

    assert profile["stage"] == "resident"
    assert profile["verified"] is True
    assert profile["mahalla_code"] == MAHALLA
    assert profile["full_name_cyrillic"]
    assert {session["device_id"] for session in sessions} == {"device-aaaa", "device-bbbb"}
    assert refreshed.status_code == 200
    assert refreshed.json()["refresh_token"] != phone_b["refresh_token"]
    assert revoked.status_code == 204
    assert after_revocation.status_code == 401
    assert after_revocation.headers["content-type"] == "application/problem+json"
    assert refresh_after.status_code in (400, 401)
    assert still_fine.status_code == 200


async def test_presenting_a_spent_refresh_token_revokes_the_whole_session(gateway: str) -> None:
    async with httpx.AsyncClient(base_url=gateway) as client:
        first = await sign_in_citizen(client, new_phone(), "device-cccc")
        second = (await client.post("/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})).json()
        reuse = await client.post("/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
        latest = await client.post("/v1/auth/refresh", json={"refresh_token": second["refresh_token"]})
        access = await client.get("/v1/me", headers=bearer(second))

    assert reuse.status_code in (400, 401)
    assert reuse.json()["code"] == "gateway.refresh_token_reused"
    assert latest.status_code in (400, 401)
    assert access.status_code == 401


async def test_a_wrong_code_counts_and_the_fifth_locks_the_phone_with_retry_after(gateway: str) -> None:
    async with httpx.AsyncClient(base_url=gateway, headers={"Accept-Language": "en"}) as client:
        phone = new_phone()
        await client.post("/v1/auth/codes", json={"phone": phone})
        attempt = {"phone": phone, "code": "000000", "device_id": "device-dddd", "device_name": "x"}
        answers = [await client.post("/v1/auth/codes/verify", json=attempt) for _ in range(5)]

    assert [answer.status_code for answer in answers[:4]] == [400, 400, 400, 400]
    assert answers[0].json()["code"] == "gateway.otp_incorrect"
    assert answers[4].status_code == 429
    assert int(answers[4].headers["Retry-After"]) > 0
    assert answers[4].json()["code"] == "gateway.otp_locked"


async def test_identity_that_the_registry_does_not_confirm_is_refused_in_the_callers_language(gateway: str) -> None:
    async with httpx.AsyncClient(base_url=gateway, headers={"Accept-Language": "uz-Cyrl"}) as client:
        tokens = await sign_in_citizen(client, new_phone(), "device-eeee")
        await client.post("/v1/me/consent", json={"version": "2026-01"}, headers=bearer(tokens))
        unknown = {"pinfl": make_pinfl(date(1975, 1, 2), "male"), "document_number": "AA0000000",
                   "birth_date": "1975-01-02"}  # fmt: skip
        answer = await client.post("/v1/me/identity", json=unknown, headers=bearer(tokens))
        wrong_birth = await client.post("/v1/me/identity", json={**unknown, "birth_date": "1975-01-03"},
                                        headers=bearer(tokens))  # fmt: skip

    assert answer.status_code == 422
    assert answer.json()["code"] == "gateway.identity_not_confirmed"
    assert any("\u0400" <= char <= "\u04ff" for char in answer.json()["title"])
    assert wrong_birth.json()["code"] == "gateway.birth_date_mismatch"


async def test_a_citizen_cannot_revoke_another_citizens_session(gateway: str) -> None:
    async with httpx.AsyncClient(base_url=gateway) as client:
        alice = await sign_in_citizen(client, new_phone(), "device-ffff")
        bob = await sign_in_citizen(client, new_phone(), "device-gggg")
        attempt = await client.delete(f"/v1/me/sessions/{alice['session_id']}", headers=bearer(bob))
        alice_still = await client.get("/v1/me", headers=bearer(alice))

    assert attempt.status_code == 404
    assert alice_still.status_code == 200


async def test_a_deleted_account_keeps_no_phone_and_its_sessions_end(gateway: str) -> None:
    async with httpx.AsyncClient(base_url=gateway) as client:
        phone = new_phone()
        tokens = await sign_in_citizen(client, phone, "device-hhhh")
        deleted = await client.delete("/v1/me", headers=bearer(tokens))
        after = await client.get("/v1/me", headers=bearer(tokens))
        again = await sign_in_citizen(client, phone, "device-hhhh")

    assert deleted.status_code == 204
    assert after.status_code == 401
    assert again["user_id"] != tokens["user_id"]


async def test_a_session_shows_the_place_the_app_reported_and_a_refresh_updates_it(gateway: str) -> None:
    async with httpx.AsyncClient(base_url=gateway) as client:
        phone = new_phone()
        await client.post("/v1/auth/codes", json={"phone": phone})
        text = (await client.get("/v1/sandbox/sms", params={"phone": phone})).json()[0]["text"]
        code = next(word for word in text.replace(".", " ").split() if word.isdigit() and len(word) == 6)
        device = {"device_id": "device-place", "device_name": "Redmi Note 12", "place": "Toshkent, Chilonzor"}
        signed_in = (await client.post("/v1/auth/codes/verify", json={"phone": phone, "code": code, **device})).json()
        first = (await client.get("/v1/me/sessions", headers=bearer(signed_in))).json()
        moved = await client.post("/v1/auth/refresh", json={"refresh_token": signed_in["refresh_token"],
                                                            "place": "Samarqand"})  # fmt: skip
        after = (await client.get("/v1/me/sessions", headers=bearer(moved.json()))).json()
        coordinates = await client.post("/v1/auth/refresh", json={"refresh_token": moved.json()["refresh_token"],
                                                                  "place": "41.2995, 69.2401"})  # fmt: skip

    assert [session["place"] for session in first] == ["Toshkent, Chilonzor"]
    assert [session["place"] for session in after] == ["Samarqand"]
    assert coordinates.status_code == 422
    assert coordinates.headers["content-type"].startswith("application/problem+json")
