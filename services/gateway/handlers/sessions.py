"""Device sessions: open one per device, rotate refresh tokens, list, revoke one, revoke all others."""

from __future__ import annotations

from services.gateway.domain import sessions as session_rules
from services.gateway.domain.errors import InvalidRefreshToken, SessionRevoked
from services.gateway.domain.sessions import Device, Session
from services.gateway.handlers.context import Gateway
from services.gateway.handlers.tokens import TokenPair, principal_of_user
from shared.auth.revocation import mark_revoked


async def _save_revoked(sessions: list[Session], gateway: Gateway) -> None:
    for session in sessions:
        await gateway.sessions.save(session)
        await mark_revoked(gateway.redis, session.id)


async def open_session(user_id: str, device: Device, place: str | None, gateway: Gateway) -> tuple[str, str]:
    """A new session on `device` (an earlier one there is revoked); returns (session id, refresh token)."""
    existing = await gateway.sessions.of_user(user_id)
    issued = session_rules.start_session(
        user_id=user_id, device=device, now=gateway.clock.now(), existing=existing, place=place or device.place
    )
    await _save_revoked(list(issued.replaced), gateway)
    await gateway.sessions.save(issued.session)
    return issued.session.id, issued.refresh_token


async def refresh(refresh_token: str, place: str | None, gateway: Gateway) -> TokenPair:
    session = await gateway.sessions.get(session_rules.session_id_of(refresh_token))
    if session is None:
        raise InvalidRefreshToken()
    outcome = session_rules.refresh(session, refresh_token, now=gateway.clock.now(), place=place)
    if outcome.error is not None:
        if outcome.session.revoked_at is not None:
            await _save_revoked([outcome.session], gateway)
        raise outcome.error
    assert outcome.refresh_token is not None
    if not await gateway.sessions.save_rotation(outcome.session, session.refresh_token_hash):
        raise InvalidRefreshToken()  # another refresh with the same token won the race
    principal = await principal_of_user(session.user_id, session.id, gateway)
    if principal is None:
        raise SessionRevoked()
    access = gateway.issuer.issue(principal)
    return TokenPair(access.token, access.expires_in, outcome.refresh_token, session.id, session.user_id)


async def my_sessions(user_id: str, gateway: Gateway) -> list[Session]:
    return session_rules.active_sessions(await gateway.sessions.of_user(user_id), user_id=user_id,
                                         now=gateway.clock.now())  # fmt: skip


async def revoke_one(user_id: str, session_id: str, gateway: Gateway) -> None:
    sessions = await gateway.sessions.of_user(user_id)
    revoked = session_rules.revoke_session(sessions, session_id, user_id=user_id, now=gateway.clock.now())
    await _save_revoked([revoked], gateway)


async def revoke_others(user_id: str, current_session_id: str, gateway: Gateway) -> int:
    sessions = await gateway.sessions.of_user(user_id)
    revoked = session_rules.revoke_other_sessions(
        sessions, current_session_id=current_session_id, user_id=user_id, now=gateway.clock.now()
    )
    await _save_revoked(revoked, gateway)
    return len(revoked)


async def revoke_all(user_id: str, reason: session_rules.RevocationReason, gateway: Gateway) -> None:
    sessions = await gateway.sessions.of_user(user_id)
    revoked = session_rules.revoke_all_sessions(sessions, user_id=user_id, now=gateway.clock.now(), reason=reason)
    await _save_revoked(list(revoked), gateway)
