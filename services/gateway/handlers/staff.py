"""Staff: accounts created by an administrator, TOTP enrolment, sign-in with password and second factor."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from services.gateway.domain import staff as staff_rules
from services.gateway.domain.errors import InvalidCredentials, TotpEnrolmentRequired
from services.gateway.domain.sessions import Device
from services.gateway.domain.staff import StaffAccount, TotpEnrolment
from services.gateway.handlers.context import Gateway
from services.gateway.handlers.sessions import open_session
from services.gateway.handlers.tokens import STAFF_PREFIX, TokenPair, staff_tokens
from shared.auth import Role
from shared.events.gateway import StaffAccountCreatedV1


async def create_account(
    *, login: str, display_name: str, roles: Sequence[Role], scope: Sequence[str], password: str,
    created_by: str, gateway: Gateway, official_id: str | None = None,
) -> StaffAccount:  # fmt: skip
    now = gateway.clock.now()
    account = staff_rules.create_staff_account(
        account_id=official_id or STAFF_PREFIX + secrets.token_hex(12), login=login, display_name=display_name,
        roles=roles, scope=scope, password=password, now=now, created_by=created_by,
    )  # fmt: skip
    event = StaffAccountCreatedV1(subject=account.id, time=now, roles=sorted(account.roles), scope=list(account.scope))
    await gateway.staff.add(account, [event])
    return account


async def _password_checked(login: str, password: str, ip: str, gateway: Gateway) -> StaffAccount:
    """Enrolment needs the password; a failure counts towards the lockout like a sign-in."""
    account = await gateway.staff.by_login(staff_rules.normalise_login(login))
    result = staff_rules.sign_in(account, login=login, password=password, totp_code="", now=gateway.clock.now(), ip=ip)
    if result.account is not None:
        await gateway.staff.save(result.account)
    await gateway.staff.record_sign_in(result.attempt)
    if result.error is not None and not isinstance(result.error, TotpEnrolmentRequired):
        raise result.error
    if account is None or result.account is None:
        raise InvalidCredentials()
    return result.account


async def begin_enrolment(login: str, password: str, ip: str, gateway: Gateway) -> TotpEnrolment:
    account = await _password_checked(login, password, ip, gateway)
    enrolment = staff_rules.begin_totp_enrolment(account)
    await gateway.staff.save(enrolment.account)
    return enrolment


async def confirm_enrolment(login: str, password: str, code: str, ip: str, gateway: Gateway) -> None:
    account = await _password_checked(login, password, ip, gateway)
    await gateway.staff.save(staff_rules.confirm_totp_enrolment(account, code, now=gateway.clock.now()))


async def sign_in(login: str, password: str, totp_code: str, device: Device, ip: str, gateway: Gateway) -> TokenPair:
    account = await gateway.staff.by_login(staff_rules.normalise_login(login))
    result = staff_rules.sign_in(account, login=login, password=password, totp_code=totp_code,
                                 now=gateway.clock.now(), ip=ip)  # fmt: skip
    if result.account is not None:
        await gateway.staff.save(result.account)
    await gateway.staff.record_sign_in(result.attempt)
    if result.error is not None:
        raise result.error
    assert result.account is not None
    session_id, refresh_token = await open_session(result.account.id, device, None, gateway)
    return staff_tokens(result.account, session_id, refresh_token, gateway)
