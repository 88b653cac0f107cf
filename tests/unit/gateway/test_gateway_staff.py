"""Staff accounts: password plus mandatory TOTP, lockout, and the sign-in audit trail."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from argon2 import PasswordHasher

from services.gateway.domain.errors import (
    AccountDisabled,
    AccountLocked,
    InvalidCredentials,
    InvalidLogin,
    InvalidStaffRoles,
    InvalidStaffScope,
    TotpAlreadyEnrolled,
    TotpCodeIncorrect,
    TotpEnrolmentRequired,
    WeakPassword,
)
from services.gateway.domain.staff import (
    LOCKOUT,
    MAX_FAILED_SIGN_INS,
    SignInOutcome,
    SignInResult,
    StaffAccount,
    begin_totp_enrolment,
    confirm_totp_enrolment,
    create_staff_account,
    sign_in,
)
from shared.auth import Role

NOW = datetime(2026, 11, 25, 9, 0, 10, tzinfo=UTC)  # no code within two steps of NOW is 000000
PASSWORD = "Mahalla-Xavfsiz-2026"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def code_at(moment: datetime, secret: str = SECRET) -> str:
    return pyotp.TOTP(secret).at(moment)


def new_account(**overrides) -> StaffAccount:
    fields = {
        "account_id": "staff-1",
        "login": "Inspector.Karimov",
        "display_name": "Karimov Akmal",
        "roles": [Role.INSPECTOR],
        "scope": ["172626601014", "172626601015"],
        "password": PASSWORD,
        "now": NOW,
        "created_by": "admin-1",
        "hasher": FAST,
    }
    return create_staff_account(**{**fields, **overrides})


def enrolled() -> StaffAccount:
    enrolment = begin_totp_enrolment(new_account(), secret=SECRET)
    return confirm_totp_enrolment(
        enrolment.account, code_at(NOW - timedelta(minutes=5)), now=NOW - timedelta(minutes=5)
    )


def attempt(account: StaffAccount | None, *, password: str = PASSWORD, code: str | None = None, now: datetime = NOW):
    return sign_in(
        account,
        login="inspector.karimov",
        password=password,
        totp_code=code if code is not None else code_at(now),
        now=now,
        ip="203.0.113.7",
        hasher=FAST,
    )


# --- accounts --------------------------------------------------------------------------------------
def test_an_account_keeps_an_argon2_hash_never_the_password() -> None:
    account = new_account()

    assert account.password_hash.startswith("$argon2id$")
    assert PASSWORD not in repr(dataclasses.asdict(account))
    assert account.login == "inspector.karimov"


@pytest.mark.parametrize("roles", [[], [Role.CITIZEN], [Role.INSPECTOR, Role.GUARDIAN]])
def test_staff_get_staff_roles_only(roles) -> None:
    with pytest.raises(InvalidStaffRoles):
        new_account(roles=roles)


@pytest.mark.parametrize("scope", [[], [""], ["1726x"], ["0726"], ["17262"]])
def test_staff_scope_is_made_of_territory_codes(scope) -> None:
    with pytest.raises(InvalidStaffScope):
        new_account(scope=scope)


@pytest.mark.parametrize("password", ["short-pass1", "aaaaaaaaaaaaaaaa", "inspector.karimov-2026!"])
def test_a_weak_password_is_refused(password: str) -> None:
    with pytest.raises(WeakPassword) as refusal:
        new_account(password=password)
    assert refusal.value.params == {"min_length": 12}


@pytest.mark.parametrize("login", ["ab", "has space", "кириллица", "-starts-with-dash"])
def test_a_malformed_login_is_refused(login: str) -> None:
    with pytest.raises(InvalidLogin):
        new_account(login=login)


# --- TOTP enrolment --------------------------------------------------------------------------------
def test_enrolment_gives_an_authenticator_uri_and_takes_effect_with_the_first_code() -> None:
    enrolment = begin_totp_enrolment(new_account())

    assert enrolment.provisioning_uri.startswith("otpauth://totp/Smart%20Mahalla:inspector.karimov?")
    assert enrolment.account.totp_secret is None
    account = confirm_totp_enrolment(enrolment.account, code_at(NOW, enrolment.secret), now=NOW)
    assert account.totp_secret == enrolment.secret
    assert account.pending_totp_secret is None


def test_a_wrong_enrolment_code_leaves_the_factor_unenrolled() -> None:
    enrolment = begin_totp_enrolment(new_account(), secret=SECRET)

    with pytest.raises(TotpCodeIncorrect):
        confirm_totp_enrolment(enrolment.account, "000000", now=NOW)


def test_an_enrolled_factor_cannot_be_replaced_by_the_holder_of_the_password() -> None:
    with pytest.raises(TotpAlreadyEnrolled):
        begin_totp_enrolment(enrolled())


def test_the_enrolment_code_cannot_be_used_again_to_sign_in() -> None:
    enrolment = begin_totp_enrolment(new_account(), secret=SECRET)
    account = confirm_totp_enrolment(enrolment.account, code_at(NOW), now=NOW)

    result = attempt(account, code=code_at(NOW), now=NOW + timedelta(seconds=5))

    assert result.attempt.outcome is SignInOutcome.TOTP_REPLAYED


# --- sign-in ---------------------------------------------------------------------------------------
def test_password_and_current_code_sign_in_and_are_audited() -> None:
    result = attempt(enrolled())

    assert result.succeeded
    assert result.attempt.outcome is SignInOutcome.SUCCEEDED
    assert (result.attempt.login, result.attempt.account_id, result.attempt.ip) == (
        "inspector.karimov",
        "staff-1",
        "203.0.113.7",
    )


def test_a_code_from_the_step_before_or_after_is_accepted_but_not_two_steps_away() -> None:
    account = enrolled()

    assert attempt(account, code=code_at(NOW - timedelta(seconds=30))).succeeded
    assert attempt(account, code=code_at(NOW + timedelta(seconds=30))).succeeded
    assert attempt(account, code=code_at(NOW - timedelta(seconds=60))).attempt.outcome is SignInOutcome.WRONG_TOTP
    assert attempt(account, code=code_at(NOW + timedelta(seconds=60))).attempt.outcome is SignInOutcome.WRONG_TOTP


def test_the_same_totp_code_is_refused_a_second_time() -> None:
    first = attempt(enrolled())
    assert first.account is not None

    replay = attempt(first.account, now=NOW + timedelta(seconds=10))

    assert isinstance(replay.error, InvalidCredentials)
    assert replay.attempt.outcome is SignInOutcome.TOTP_REPLAYED


def test_a_code_of_an_earlier_step_is_refused_after_a_later_one_was_used() -> None:
    later = attempt(enrolled(), code=code_at(NOW + timedelta(seconds=30)))
    assert later.account is not None

    earlier = attempt(later.account, code=code_at(NOW))

    assert earlier.attempt.outcome is SignInOutcome.TOTP_REPLAYED


def test_a_wrong_password_and_a_wrong_code_look_the_same_to_the_caller_but_not_to_the_audit() -> None:
    account = enrolled()

    by_password = attempt(account, password="Not-The-Password-1")
    by_code = attempt(account, code="000000")

    assert type(by_password.error) is type(by_code.error) is InvalidCredentials
    assert by_password.attempt.outcome is SignInOutcome.WRONG_PASSWORD
    assert by_code.attempt.outcome is SignInOutcome.WRONG_TOTP


def test_an_unknown_login_is_refused_like_a_wrong_password_and_audited() -> None:
    result = attempt(None)

    assert isinstance(result.error, InvalidCredentials)
    assert result.attempt.outcome is SignInOutcome.UNKNOWN_LOGIN
    assert result.attempt.account_id is None


def test_the_audit_record_never_holds_the_password_or_the_code() -> None:
    code = code_at(NOW)
    result = attempt(enrolled(), password=PASSWORD + "!", code=code)

    recorded = repr(dataclasses.asdict(result.attempt))
    assert PASSWORD not in recorded
    assert code not in recorded


def test_without_an_enrolled_second_factor_a_correct_password_is_not_enough() -> None:
    result = attempt(new_account())

    assert isinstance(result.error, TotpEnrolmentRequired)
    assert result.attempt.outcome is SignInOutcome.TOTP_ENROLMENT_REQUIRED


def test_five_failures_lock_the_account_for_fifteen_minutes() -> None:
    account: StaffAccount | None = enrolled()
    results: list[SignInResult] = []
    for _ in range(MAX_FAILED_SIGN_INS):
        results.append(attempt(account, password="Wrong-Password-99"))
        account = results[-1].account

    assert [type(result.error) for result in results] == [InvalidCredentials] * 4 + [AccountLocked]
    locked = attempt(account, now=NOW + timedelta(minutes=14))
    assert isinstance(locked.error, AccountLocked)
    assert locked.attempt.outcome is SignInOutcome.LOCKED
    assert locked.error.headers == {"Retry-After": "60"}
    assert attempt(account, now=NOW + LOCKOUT).succeeded


def test_a_success_clears_the_failure_count() -> None:
    account = attempt(enrolled(), password="Wrong-Password-99").account
    assert account is not None
    assert account.failed_sign_ins == 1

    signed_in = attempt(account)

    assert signed_in.account is not None
    assert signed_in.account.failed_sign_ins == 0


def test_a_disabled_account_cannot_sign_in_even_with_the_right_secrets() -> None:
    account = dataclasses.replace(enrolled(), disabled=True)

    assert isinstance(attempt(account).error, AccountDisabled)


def test_a_password_hashed_with_older_parameters_is_rehashed_at_sign_in() -> None:
    weaker = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, salt_len=8)
    account = dataclasses.replace(enrolled(), password_hash=weaker.hash(PASSWORD))

    result = attempt(account)

    assert result.account is not None
    assert result.account.password_hash != account.password_hash
    assert FAST.verify(result.account.password_hash, PASSWORD)
