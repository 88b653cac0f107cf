"""Phone numbers and one-time sign-in codes."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.gateway.domain.errors import (
    InvalidPhoneNumber,
    OtpAlreadyUsed,
    OtpExpired,
    OtpIncorrect,
    OtpLocked,
    OtpResendTooSoon,
)
from services.gateway.domain.otp import (
    LOCKOUT,
    MAX_ATTEMPTS,
    IssuedCode,
    OtpChallenge,
    PhoneNumber,
    check_code,
    generate_code,
    issue_code,
    parse_phone_number,
)

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
PEPPER = b"pepper-for-tests-only"
PHONE = PhoneNumber("+998901234567")


def issued(*, now: datetime = NOW, previous: OtpChallenge | None = None, code: str = "482913") -> IssuedCode:
    return issue_code(PHONE, previous=previous, now=now, pepper=PEPPER, code=code)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


# --- phone numbers ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "typed",
    [
        "+998 90 123 45 67",
        "+998-90-123-45-67",
        "998901234567",
        "+998 (90) 123-45-67",
        "00998 90 123 45 67",
        " +998901234567 ",
        "+998\u00a090\u00a0123\u00a045\u00a067",
    ],
)
def test_the_ways_people_write_an_uzbek_number_all_lead_to_one_number(typed: str) -> None:
    assert parse_phone_number(typed) == PhoneNumber("+998901234567")


@pytest.mark.parametrize(
    "typed",
    [
        "901234567",  # no country code
        "+7 901 234 56 78",  # Russia
        "+998 90 123 45 6",  # a digit short
        "+998 90 123 45 678",  # a digit long
        "+998 90 123 45 6a",
        "++998901234567",
        "+998 ٩٠ 123 45 67",  # Arabic-Indic digits
        "",
        "9" * 1000,
    ],
)
def test_anything_but_an_uzbek_number_is_refused_with_a_localised_error(typed: str) -> None:
    with pytest.raises(InvalidPhoneNumber) as refusal:
        parse_phone_number(typed)
    assert refusal.value.code == "gateway.invalid_phone_number"
    assert refusal.value.status == 422


@given(st.text(max_size=40))
def test_a_parsed_number_is_always_plus_998_and_nine_digits(typed: str) -> None:
    try:
        phone = parse_phone_number(typed)
    except InvalidPhoneNumber:
        return
    assert phone.e164.startswith("+998")
    assert len(phone.e164) == 13
    assert phone.e164[1:].isdigit()


def test_a_number_is_shown_grouped_and_masked_for_logs() -> None:
    assert PHONE.display == "+998 90 123 45 67"
    assert PHONE.masked == "+998 90 *** ** 67"


# --- codes -----------------------------------------------------------------------------------------
def test_a_code_is_six_digits() -> None:
    codes = {generate_code() for _ in range(200)}

    assert all(len(code) == 6 and code.isdigit() for code in codes)
    assert len(codes) > 150


def test_the_code_itself_is_never_stored() -> None:
    challenge = issued(code="482913").challenge

    assert "482913" not in repr(dataclasses.asdict(challenge))


def test_the_same_code_for_two_phones_is_stored_differently() -> None:
    first = issued(code="482913").challenge
    other = issue_code(PhoneNumber("+998911112233"), previous=None, now=NOW, pepper=PEPPER, code="482913").challenge

    assert first.code_hash != other.code_hash


def test_the_right_code_signs_in() -> None:
    challenge = issued(code="482913").challenge

    check = check_code(challenge, "482913", now=NOW + timedelta(minutes=1), pepper=PEPPER)

    assert check.accepted
    assert check.challenge is not None
    assert check.challenge.used_at == NOW + timedelta(minutes=1)


def test_a_code_works_only_once() -> None:
    challenge = issued().challenge
    first = check_code(challenge, "482913", now=NOW, pepper=PEPPER)

    second = check_code(first.challenge, "482913", now=NOW + timedelta(seconds=5), pepper=PEPPER)

    assert isinstance(second.error, OtpAlreadyUsed)


def test_a_code_expires_after_five_minutes() -> None:
    challenge = issued().challenge

    just_in_time = check_code(challenge, "482913", now=NOW + timedelta(minutes=5, seconds=-1), pepper=PEPPER)
    too_late = check_code(challenge, "482913", now=NOW + timedelta(minutes=5), pepper=PEPPER)

    assert just_in_time.accepted
    assert isinstance(too_late.error, OtpExpired)


def test_checking_a_code_when_none_was_sent_is_refused_as_expired() -> None:
    assert isinstance(check_code(None, "482913", now=NOW, pepper=PEPPER).error, OtpExpired)


def test_a_code_checked_with_another_pepper_does_not_match() -> None:
    challenge = issued().challenge

    assert isinstance(check_code(challenge, "482913", now=NOW, pepper=b"other").error, OtpIncorrect)


def test_each_wrong_code_tells_how_many_attempts_are_left() -> None:
    challenge: OtpChallenge | None = issued().challenge
    left = []
    for _ in range(MAX_ATTEMPTS - 1):
        check = check_code(challenge, wrong("482913"), now=NOW, pepper=PEPPER)
        assert isinstance(check.error, OtpIncorrect)
        left.append(check.error.params["attempts_left"])
        challenge = check.challenge

    assert left == [4, 3, 2, 1]


def test_the_fifth_wrong_code_locks_the_phone_even_against_the_right_code() -> None:
    challenge: OtpChallenge | None = issued().challenge
    for _ in range(MAX_ATTEMPTS):
        check = check_code(challenge, "000000" if _ % 2 else "12ab", now=NOW, pepper=PEPPER)
        challenge = check.challenge

    assert isinstance(check.error, OtpLocked)
    assert check.error.retry_after == LOCKOUT.total_seconds()
    assert check.error.headers == {"Retry-After": "900"}
    after = check_code(challenge, "482913", now=NOW + timedelta(minutes=1), pepper=PEPPER)
    assert isinstance(after.error, OtpLocked)
    assert after.error.retry_after == 14 * 60


def test_a_new_code_cannot_be_asked_for_during_a_lockout_and_can_after_it() -> None:
    challenge: OtpChallenge | None = issued().challenge
    for _ in range(MAX_ATTEMPTS):
        challenge = check_code(challenge, "000000", now=NOW, pepper=PEPPER).challenge

    with pytest.raises(OtpLocked):
        issued(now=NOW + timedelta(minutes=10), previous=challenge)
    fresh = issued(now=NOW + LOCKOUT, previous=challenge, code="111222").challenge
    assert check_code(fresh, "111222", now=NOW + LOCKOUT, pepper=PEPPER).accepted


def test_a_new_code_is_refused_within_a_minute_of_the_last_one() -> None:
    first = issued().challenge

    with pytest.raises(OtpResendTooSoon) as refusal:
        issued(now=NOW + timedelta(seconds=20), previous=first)
    assert refusal.value.retry_after == 40


def test_a_new_code_replaces_the_old_one() -> None:
    first = issued(code="111111").challenge
    second = issued(now=NOW + timedelta(minutes=2), previous=first, code="222222").challenge

    assert isinstance(check_code(second, "111111", now=NOW + timedelta(minutes=2), pepper=PEPPER).error, OtpIncorrect)
    assert check_code(second, "222222", now=NOW + timedelta(minutes=2), pepper=PEPPER).accepted


def test_the_store_keeps_a_locked_challenge_until_the_lockout_ends() -> None:
    challenge: OtpChallenge | None = issued().challenge
    for _ in range(MAX_ATTEMPTS):
        challenge = check_code(challenge, "000000", now=NOW, pepper=PEPPER).challenge

    assert challenge is not None
    assert challenge.keep_until == NOW + LOCKOUT
    assert issued().challenge.keep_until == NOW + timedelta(minutes=5)
