"""The citizen's own account: read it, change his device-facing preferences, delete it."""

from __future__ import annotations

from services.gateway.domain import citizens as citizen_rules
from services.gateway.domain.citizens import Citizen
from services.gateway.domain.sessions import RevocationReason
from services.gateway.handlers.context import Gateway
from services.gateway.handlers.registration import citizen_or_raise
from services.gateway.handlers.sessions import revoke_all
from services.gateway.repository.preferences import PreferenceRepository
from shared.events.gateway import UserDeletedV1


async def profile(citizen_id: str, gateway: Gateway) -> Citizen:
    return await citizen_or_raise(citizen_id, gateway)


async def delete_account(citizen_id: str, gateway: Gateway) -> None:
    """Erase personal data (phone, identity, address); the id stays so appeals kept by law stay anonymous."""
    citizen = await citizen_or_raise(citizen_id, gateway)
    now = gateway.clock.now()
    erased = citizen_rules.delete_account(citizen, now=now)
    await gateway.citizens.save(erased, [UserDeletedV1(subject=citizen.id, time=now)])
    if citizen.phone is not None:
        await gateway.citizens.release_phone(citizen.phone)
    await revoke_all(citizen.id, RevocationReason.ACCOUNT_DELETED, gateway)
    await PreferenceRepository(gateway.citizens.database).forget(citizen.id)
