"""Device sessions: one per device, rotating refresh tokens, reuse detection, revoking."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.gateway.domain.errors import (
    InvalidRefreshToken,
    RefreshTokenReused,
    SessionExpired,
    SessionNotFound,
    SessionRevoked,
)
from services.gateway.domain.sessions import (
    REFRESH_IDLE_LIFETIME,
    SESSION_MAX_LIFETIME,
    SPENT_TOKENS_KEPT,
    Device,
    RevocationReason,
    Session,
    active_sessions,
    refresh,
    revoke_other_sessions,
    revoke_session,
    session_id_of,
    start_session,
    touch,
)

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
PHONE = Device("device-phone", "Redmi Note 13")
TABLET = Device("device-tablet", "Galaxy Tab A9")


def test_a_refresh_token_carries_its_session_and_at_least_128_random_bits() -> None:
    issued = start_session(user_id="u1", device=PHONE, now=NOW)

    session_id, _, secret = issued.refresh_token.rpartition(".")
    assert session_id == issued.session.id == session_id_of(issued.refresh_token)
    assert len(secret) >= 43  # 32 bytes in base64url: 256 bits


def test_only_the_hash_of_a_refresh_token_is_kept() -> None:
    issued = start_session(user_id="u1", device=PHONE, now=NOW)

    stored = repr(dataclasses.asdict(issued.session))
    assert issued.refresh_token.rpartition(".")[2] not in stored


@pytest.mark.parametrize("token", ["", "no-dot", ".secret", "session.short", "s." + "x" * 300])
def test_a_malformed_refresh_token_names_no_session(token: str) -> None:
    with pytest.raises(InvalidRefreshToken):
        session_id_of(token)


def test_a_refresh_returns_a_new_token_and_spends_the_old_one() -> None:
    issued = start_session(user_id="u1", device=PHONE, now=NOW)

    outcome = refresh(issued.session, issued.refresh_token, now=NOW + timedelta(minutes=15))

    assert outcome.error is None
    assert outcome.refresh_token is not None
    assert outcome.refresh_token != issued.refresh_token
    assert outcome.session.last_seen_at == NOW + timedelta(minutes=15)
    again = refresh(outcome.session, outcome.refresh_token, now=NOW + timedelta(minutes=30))
    assert again.error is None


def test_presenting_a_spent_refresh_token_revokes_the_whole_session() -> None:
    issued = start_session(user_id="u1", device=PHONE, now=NOW)
    legitimate = refresh(issued.session, issued.refresh_token, now=NOW + timedelta(minutes=15))

    stolen = refresh(legitimate.session, issued.refresh_token, now=NOW + timedelta(minutes=16))

    assert isinstance(stolen.error, RefreshTokenReused)
    assert stolen.refresh_token is None
    assert stolen.session.revoked_reason is RevocationReason.REFRESH_TOKEN_REUSED
    assert legitimate.refresh_token is not None
    after = refresh(stolen.session, legitimate.refresh_token, now=NOW + timedelta(minutes=17))
    assert isinstance(after.error, SessionRevoked)  # the thief's copy and the owner's are both dead


def test_a_token_that_never_belonged_to_the_session_changes_nothing() -> None:
    issued = start_session(user_id="u1", device=PHONE, now=NOW)
    other = start_session(user_id="u1", device=TABLET, now=NOW)

    outcome = refresh(issued.session, other.refresh_token, now=NOW)

    assert isinstance(outcome.error, InvalidRefreshToken)
    assert outcome.session == issued.session


def test_a_session_idle_for_thirty_days_expires() -> None:
    issued = start_session(user_id="u1", device=PHONE, now=NOW)

    outcome = refresh(issued.session, issued.refresh_token, now=NOW + REFRESH_IDLE_LIFETIME)

    assert isinstance(outcome.error, SessionExpired)
    assert outcome.session.revoked_reason is RevocationReason.EXPIRED


def test_no_session_outlives_its_maximum_lifetime_however_often_it_refreshes() -> None:
    issued = start_session(user_id="u1", device=PHONE, now=NOW)
    session, token, now = issued.session, issued.refresh_token, NOW
    while True:
        now += timedelta(days=10)
        outcome = refresh(session, token, now=now)
        if outcome.error is not None:
            break
        assert outcome.refresh_token is not None
        session, token = outcome.session, outcome.refresh_token

    assert isinstance(outcome.error, SessionExpired)
    assert now <= NOW + SESSION_MAX_LIFETIME + timedelta(days=10)


def test_signing_in_again_on_a_device_replaces_its_session() -> None:
    first = start_session(user_id="u1", device=PHONE, now=NOW)
    tablet = start_session(user_id="u1", device=TABLET, now=NOW)

    second = start_session(
        user_id="u1", device=PHONE, now=NOW + timedelta(hours=1), existing=[first.session, tablet.session]
    )

    assert [old.id for old in second.replaced] == [first.session.id]
    assert second.replaced[0].revoked_reason is RevocationReason.REPLACED_ON_DEVICE


def test_my_sessions_lists_my_active_devices_most_recent_first() -> None:
    phone = start_session(user_id="u1", device=PHONE, now=NOW, place="Toshkent").session
    tablet = touch(start_session(user_id="u1", device=TABLET, now=NOW).session, now=NOW + timedelta(hours=2))
    someone_else = start_session(user_id="u2", device=PHONE, now=NOW).session

    listed = active_sessions([phone, tablet, someone_else], user_id="u1", now=NOW + timedelta(hours=3))

    assert [(s.device_name, s.place) for s in listed] == [("Galaxy Tab A9", None), ("Redmi Note 13", "Toshkent")]


def test_revoking_one_session_leaves_the_others() -> None:
    phone = start_session(user_id="u1", device=PHONE, now=NOW).session
    tablet = start_session(user_id="u1", device=TABLET, now=NOW).session

    revoked = revoke_session([phone, tablet], tablet.id, user_id="u1", now=NOW)

    assert revoked.id == tablet.id
    assert revoked.revoked_reason is RevocationReason.REVOKED_BY_USER
    assert active_sessions([phone, revoked], user_id="u1", now=NOW) == [phone]


def test_another_users_session_cannot_be_revoked_and_is_not_even_admitted_to_exist() -> None:
    victim = start_session(user_id="u2", device=PHONE, now=NOW).session

    with pytest.raises(SessionNotFound):
        revoke_session([victim], victim.id, user_id="u1", now=NOW)


def test_revoking_all_other_sessions_keeps_the_current_one() -> None:
    current = start_session(user_id="u1", device=PHONE, now=NOW).session
    tablet = start_session(user_id="u1", device=TABLET, now=NOW).session
    laptop = start_session(user_id="u1", device=Device("d3", "ThinkPad"), now=NOW).session
    someone_else = start_session(user_id="u2", device=TABLET, now=NOW).session

    revoked = revoke_other_sessions(
        [current, tablet, laptop, someone_else], current_session_id=current.id, user_id="u1", now=NOW
    )

    assert {session.id for session in revoked} == {tablet.id, laptop.id}
    assert all(session.revoked_reason is RevocationReason.OTHER_SESSIONS_REVOKED for session in revoked)


@settings(max_examples=50)
@given(st.lists(st.one_of(st.none(), st.integers(1, SPENT_TOKENS_KEPT)), min_size=1, max_size=60))
def test_any_replay_of_a_recently_spent_token_ends_the_session(steps: list[int | None]) -> None:
    """Between honest refreshes (None) an attacker replays the token spent k refreshes ago; the first
    replay of a token that really was spent ends the session."""
    issued = start_session(user_id="u1", device=PHONE, now=NOW)
    session: Session = issued.session
    tokens = [issued.refresh_token]
    now = NOW
    for back in steps:
        now += timedelta(minutes=1)
        replayed = back is not None and back < len(tokens)
        presented = tokens[-1 - back] if back is not None and replayed else tokens[-1]
        outcome = refresh(session, presented, now=now)
        session = outcome.session
        if replayed:
            assert isinstance(outcome.error, RefreshTokenReused)
            assert not session.is_active(now)
            return
        assert outcome.refresh_token is not None
        tokens.append(outcome.refresh_token)
    assert session.is_active(now)
