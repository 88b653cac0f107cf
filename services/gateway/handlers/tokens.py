"""What a successful sign-in or refresh answers: an access token and the session's new refresh token."""

from __future__ import annotations

import dataclasses

from services.gateway.domain.citizens import Citizen, principal_for
from services.gateway.domain.staff import StaffAccount
from services.gateway.handlers.context import Gateway
from shared.auth import Principal

CITIZEN_PREFIX = "c-"
STAFF_PREFIX = "s-"


@dataclasses.dataclass(frozen=True)
class TokenPair:
    access_token: str
    expires_in: int
    refresh_token: str
    session_id: str
    user_id: str


def staff_principal(account: StaffAccount, session_id: str) -> Principal:
    return Principal(subject=account.id, roles=account.roles, session_id=session_id, scope=account.scope,
                     verified=True)  # fmt: skip


async def principal_of_user(user_id: str, session_id: str, gateway: Gateway) -> Principal | None:
    """The principal for a session's user as he is now (roles, verification and mahalla may have changed)."""
    if not user_id.startswith(CITIZEN_PREFIX):  # staff: generated ids, or an official's registry id
        account = await gateway.staff.get(user_id)
        return staff_principal(account, session_id) if account and not account.disabled else None
    citizen = await gateway.citizens.get(user_id)
    if citizen is None or citizen.deleted_at is not None:
        return None
    return citizen_principal(citizen, session_id, gateway)


def citizen_principal(citizen: Citizen, session_id: str, gateway: Gateway) -> Principal:
    """A verified citizen's principal carries his identity digest (claim `idh`)."""
    identity_key = gateway.settings.identity_digest_key.get_secret_value()
    return principal_for(citizen, session_id=session_id, identity_key=identity_key)


def citizen_tokens(citizen: Citizen, session_id: str, refresh_token: str, gateway: Gateway) -> TokenPair:
    access = gateway.issuer.issue(citizen_principal(citizen, session_id, gateway))
    return TokenPair(access.token, access.expires_in, refresh_token, session_id, citizen.id)


def staff_tokens(account: StaffAccount, session_id: str, refresh_token: str, gateway: Gateway) -> TokenPair:
    access = gateway.issuer.issue(staff_principal(account, session_id))
    return TokenPair(access.token, access.expires_in, refresh_token, session_id, account.id)
