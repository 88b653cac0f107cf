"""Device sessions and their rotating refresh tokens, with reuse detection.

One session per device. A refresh token is `<session id>.<256 random bits>`, stored only as its SHA-256
(the secret part has full entropy, so no salt or slow hash is needed). Each refresh spends the presented
token and returns a new one; a spent token presented again means two parties hold the family, so the
whole session is revoked (OAuth 2.0 Security BCP, refresh token rotation). The last `SPENT_TOKENS_KEPT`
spent hashes are remembered; an older spent token is merely invalid.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from services.gateway.domain.errors import (
    GatewayError,
    InvalidRefreshToken,
    RefreshTokenReused,
    SessionExpired,
    SessionNotFound,
    SessionRevoked,
)

REFRESH_IDLE_LIFETIME = timedelta(days=30)
SESSION_MAX_LIFETIME = timedelta(days=90)
SPENT_TOKENS_KEPT = 32


class RevocationReason(enum.StrEnum):
    SIGNED_OUT = "signed_out"
    REVOKED_BY_USER = "revoked_by_user"
    OTHER_SESSIONS_REVOKED = "other_sessions_revoked"
    REFRESH_TOKEN_REUSED = "refresh_token_reused"
    REPLACED_ON_DEVICE = "replaced_on_device"
    EXPIRED = "expired"
    ACCOUNT_DELETED = "account_deleted"


@dataclasses.dataclass(frozen=True)
class Device:
    id: str
    name: str
    place: str | None = None  # the coarse locality the app reports, if any


@dataclasses.dataclass(frozen=True)
class Session:
    id: str
    user_id: str
    device_id: str
    device_name: str
    created_at: datetime
    last_seen_at: datetime
    refresh_token_hash: str
    refresh_expires_at: datetime
    place: str | None = None  # coarse: the city or district the app reports, never coordinates
    spent_token_hashes: tuple[str, ...] = ()
    revoked_at: datetime | None = None
    revoked_reason: RevocationReason | None = None

    def is_active(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.refresh_expires_at


@dataclasses.dataclass(frozen=True)
class IssuedSession:
    session: Session
    refresh_token: str  # for the client only; the store keeps the hash
    replaced: tuple[Session, ...] = ()  # earlier sessions on the same device, now revoked


@dataclasses.dataclass(frozen=True)
class RefreshOutcome:
    """The session to save and either a new refresh token or the refusal."""

    session: Session
    refresh_token: str | None = None
    error: GatewayError | None = None


def hash_refresh_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_session_id() -> str:
    return secrets.token_urlsafe(16)


def _new_refresh_token(session_id: str) -> str:
    return f"{session_id}.{secrets.token_urlsafe(32)}"


def session_id_of(refresh_token: str) -> str:
    """The session a refresh token belongs to, for the lookup; its secret is checked by `refresh`."""
    session_id, dot, secret = refresh_token.rpartition(".")
    if not dot or not session_id or len(secret) < 43 or len(refresh_token) > 256:
        raise InvalidRefreshToken()
    return session_id


def start_session(
    *,
    user_id: str,
    device: Device,
    now: datetime,
    existing: Iterable[Session] = (),
    place: str | None = None,
    session_id: str | None = None,
) -> IssuedSession:
    """Sign in on a device; a session the user still had on that device is revoked (one per device)."""
    session_id = session_id or new_session_id()
    token = _new_refresh_token(session_id)
    session = Session(
        id=session_id,
        user_id=user_id,
        device_id=device.id,
        device_name=device.name,
        created_at=now,
        last_seen_at=now,
        refresh_token_hash=hash_refresh_token(token),
        refresh_expires_at=now + REFRESH_IDLE_LIFETIME,
        place=place,
    )
    replaced = tuple(
        revoke(old, now=now, reason=RevocationReason.REPLACED_ON_DEVICE)
        for old in existing
        if old.user_id == user_id and old.device_id == device.id and old.is_active(now)
    )
    return IssuedSession(session, token, replaced)


def refresh(session: Session, presented: str, *, now: datetime, place: str | None = None) -> RefreshOutcome:
    """Spend `presented` for a new refresh token; a spent one revokes the session."""
    presented_hash = hash_refresh_token(presented)
    is_current = hmac.compare_digest(presented_hash, session.refresh_token_hash)
    is_spent = any(hmac.compare_digest(presented_hash, spent) for spent in session.spent_token_hashes)
    if not (is_current or is_spent):
        return RefreshOutcome(session, error=InvalidRefreshToken())
    if session.revoked_at is not None:
        return RefreshOutcome(session, error=SessionRevoked())
    if is_spent:
        revoked = revoke(session, now=now, reason=RevocationReason.REFRESH_TOKEN_REUSED)
        return RefreshOutcome(revoked, error=RefreshTokenReused())
    if not session.is_active(now):
        return RefreshOutcome(revoke(session, now=now, reason=RevocationReason.EXPIRED), error=SessionExpired())
    token = _new_refresh_token(session.id)
    rotated = dataclasses.replace(
        session,
        refresh_token_hash=hash_refresh_token(token),
        spent_token_hashes=(session.refresh_token_hash, *session.spent_token_hashes)[:SPENT_TOKENS_KEPT],
        refresh_expires_at=min(now + REFRESH_IDLE_LIFETIME, session.created_at + SESSION_MAX_LIFETIME),
        last_seen_at=now,
        place=place or session.place,
    )
    return RefreshOutcome(rotated, token)


def touch(session: Session, *, now: datetime, place: str | None = None) -> Session:
    """Record activity for the session list ("last seen")."""
    return dataclasses.replace(session, last_seen_at=max(now, session.last_seen_at), place=place or session.place)


def revoke(session: Session, *, now: datetime, reason: RevocationReason) -> Session:
    """End a session; revoking twice keeps the first time and reason."""
    if session.revoked_at is not None:
        return session
    return dataclasses.replace(session, revoked_at=now, revoked_reason=reason)


def active_sessions(sessions: Iterable[Session], *, user_id: str, now: datetime) -> list[Session]:
    """The user's devices for "my sessions", most recently seen first."""
    mine = [session for session in sessions if session.user_id == user_id and session.is_active(now)]
    return sorted(mine, key=lambda session: session.last_seen_at, reverse=True)


def revoke_session(sessions: Iterable[Session], session_id: str, *, user_id: str, now: datetime) -> Session:
    """The user ends one of his sessions; another user's session is indistinguishable from none."""
    for session in active_sessions(sessions, user_id=user_id, now=now):
        if session.id == session_id:
            return revoke(session, now=now, reason=RevocationReason.REVOKED_BY_USER)
    raise SessionNotFound()


def revoke_other_sessions(
    sessions: Iterable[Session], *, current_session_id: str, user_id: str, now: datetime
) -> list[Session]:
    """Sign out everywhere but here; returns the sessions revoked (their ids go to the revocation list)."""
    return [
        revoke(session, now=now, reason=RevocationReason.OTHER_SESSIONS_REVOKED)
        for session in active_sessions(sessions, user_id=user_id, now=now)
        if session.id != current_session_id
    ]


def revoke_all_sessions(
    sessions: Iterable[Session], *, user_id: str, now: datetime, reason: RevocationReason
) -> list[Session]:
    """Every active session of the user, e.g. on account deletion or a staff lockout by an administrator."""
    return [revoke(session, now=now, reason=reason) for session in active_sessions(sessions, user_id=user_id, now=now)]
