"""Staff accounts: created by an administrator with roles and a territorial scope; argon2 password plus a
mandatory TOTP second factor (RFC 6238, 30 s steps, ±1 step, a step never accepted twice); a lockout after
repeated failures; an audit record of every sign-in attempt (never the password or the code).
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hmac
import re
from collections.abc import Iterable
from datetime import datetime, timedelta

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from services.gateway.domain.errors import (
    AccountDisabled,
    AccountLocked,
    GatewayError,
    InvalidCredentials,
    InvalidLogin,
    InvalidStaffRoles,
    InvalidStaffScope,
    TotpAlreadyEnrolled,
    TotpCodeIncorrect,
    TotpEnrolmentRequired,
    WeakPassword,
)
from shared.auth import STAFF_ROLES, Role, territory_level

MAX_FAILED_SIGN_INS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 12
TOTP_STEP_SECONDS = 30
TOTP_WINDOW_STEPS = 1
TOTP_ISSUER = "Smart Mahalla"

_LOGIN = re.compile(r"[a-z0-9][a-z0-9._-]{2,63}")
DEFAULT_HASHER = PasswordHasher()  # argon2id, RFC 9106 "low memory" parameters


class SignInOutcome(enum.StrEnum):
    SUCCEEDED = "succeeded"
    UNKNOWN_LOGIN = "unknown_login"
    WRONG_PASSWORD = "wrong_password"
    WRONG_TOTP = "wrong_totp"
    TOTP_REPLAYED = "totp_replayed"
    TOTP_ENROLMENT_REQUIRED = "totp_enrolment_required"
    LOCKED = "locked"
    DISABLED = "disabled"


@dataclasses.dataclass(frozen=True)
class StaffAccount:
    id: str
    login: str
    display_name: str
    roles: frozenset[Role]
    scope: tuple[str, ...]
    password_hash: str
    created_at: datetime
    created_by: str
    totp_secret: str | None = None
    pending_totp_secret: str | None = None
    last_totp_step: int | None = None
    failed_sign_ins: int = 0
    locked_until: datetime | None = None
    disabled: bool = False

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until


@dataclasses.dataclass(frozen=True)
class SignInAttempt:
    """One line of the staff sign-in audit trail."""

    login: str
    account_id: str | None
    at: datetime
    ip: str
    outcome: SignInOutcome


@dataclasses.dataclass(frozen=True)
class SignInResult:
    """The account to save (counters, lockout, last TOTP step, a rehashed password), the audit record, and
    the refusal unless the sign-in succeeded."""

    account: StaffAccount | None
    attempt: SignInAttempt
    error: GatewayError | None = None

    @property
    def succeeded(self) -> bool:
        return self.error is None


@dataclasses.dataclass(frozen=True)
class TotpEnrolment:
    account: StaffAccount
    secret: str
    provisioning_uri: str  # otpauth://… for the authenticator app's QR code


def normalise_login(login: str) -> str:
    return login.strip().lower()


def check_password_strength(password: str, *, login: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH or len(set(password)) < 4 or login in password.lower():
        raise WeakPassword(min_length=MIN_PASSWORD_LENGTH)


def create_staff_account(
    *,
    account_id: str,
    login: str,
    display_name: str,
    roles: Iterable[Role],
    scope: Iterable[str],
    password: str,
    now: datetime,
    created_by: str,
    hasher: PasswordHasher = DEFAULT_HASHER,
) -> StaffAccount:
    """An administrator creates the account; the second factor is enrolled at its first sign-in."""
    login = normalise_login(login)
    if not _LOGIN.fullmatch(login):
        raise InvalidLogin()
    role_set = frozenset(roles)
    if not role_set or not role_set <= STAFF_ROLES:
        raise InvalidStaffRoles()
    codes = tuple(dict.fromkeys(scope))
    if not codes or any(territory_level(code) is None for code in codes):
        raise InvalidStaffScope()
    check_password_strength(password, login=login)
    return StaffAccount(
        id=account_id,
        login=login,
        display_name=display_name.strip(),
        roles=role_set,
        scope=codes,
        password_hash=hasher.hash(password),
        created_at=now,
        created_by=created_by,
    )


def begin_totp_enrolment(account: StaffAccount, *, secret: str | None = None) -> TotpEnrolment:
    if account.totp_secret is not None:
        raise TotpAlreadyEnrolled()
    secret = secret or pyotp.random_base32()
    uri = pyotp.TOTP(secret).provisioning_uri(name=account.login, issuer_name=TOTP_ISSUER)
    return TotpEnrolment(dataclasses.replace(account, pending_totp_secret=secret), secret, uri)


def confirm_totp_enrolment(account: StaffAccount, code: str, *, now: datetime) -> StaffAccount:
    """The first code from the authenticator app proves it holds the secret; that step is spent."""
    if account.totp_secret is not None:
        raise TotpAlreadyEnrolled()
    if account.pending_totp_secret is None:
        raise TotpEnrolmentRequired()
    step, _ = _totp_step(account.pending_totp_secret, code, now=now, after=None)
    if step is None:
        raise TotpCodeIncorrect()
    return dataclasses.replace(
        account, totp_secret=account.pending_totp_secret, pending_totp_secret=None, last_totp_step=step
    )


def _totp_step(secret: str, code: str, *, now: datetime, after: int | None) -> tuple[int | None, bool]:
    """The earliest step within the window whose code is `code` and that comes after `after`, and whether
    the code matched only steps already spent (a replay)."""
    code = code.strip()
    if len(code) != 6 or not (code.isascii() and code.isdigit()):
        return None, False
    totp = pyotp.TOTP(secret, interval=TOTP_STEP_SECONDS)
    current = int(now.timestamp()) // TOTP_STEP_SECONDS
    replayed = False
    for step in range(current - TOTP_WINDOW_STEPS, current + TOTP_WINDOW_STEPS + 1):
        if hmac.compare_digest(totp.at(step * TOTP_STEP_SECONDS), code):
            if after is None or step > after:
                return step, False
            replayed = True
    return None, replayed


@functools.cache
def _dummy_hash(time_cost: int, memory_cost: int, parallelism: int) -> str:
    hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)
    return hasher.hash("no such account: spend the time a real check takes")


def _password_matches(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _failed(account: StaffAccount, attempt: SignInAttempt, *, now: datetime) -> SignInResult:
    failures = account.failed_sign_ins + 1
    if failures >= MAX_FAILED_SIGN_INS:
        locked = dataclasses.replace(account, failed_sign_ins=0, locked_until=now + LOCKOUT)
        return SignInResult(locked, attempt, AccountLocked(retry_after=LOCKOUT))
    return SignInResult(dataclasses.replace(account, failed_sign_ins=failures), attempt, InvalidCredentials())


def sign_in(
    account: StaffAccount | None,
    *,
    login: str,
    password: str,
    totp_code: str,
    now: datetime,
    ip: str,
    hasher: PasswordHasher = DEFAULT_HASHER,
) -> SignInResult:
    """Check password and second factor together; every attempt yields an audit record."""

    def attempt(outcome: SignInOutcome) -> SignInAttempt:
        return SignInAttempt(normalise_login(login), account.id if account else None, now, ip, outcome)

    if account is None:
        _password_matches(hasher, _dummy_hash(hasher.time_cost, hasher.memory_cost, hasher.parallelism), password)
        return SignInResult(None, attempt(SignInOutcome.UNKNOWN_LOGIN), InvalidCredentials())
    if account.is_locked(now):
        assert account.locked_until is not None
        return SignInResult(
            account, attempt(SignInOutcome.LOCKED), AccountLocked(retry_after=account.locked_until - now)
        )
    if not _password_matches(hasher, account.password_hash, password):
        return _failed(account, attempt(SignInOutcome.WRONG_PASSWORD), now=now)
    if account.disabled:
        return SignInResult(account, attempt(SignInOutcome.DISABLED), AccountDisabled())
    if hasher.check_needs_rehash(account.password_hash):
        account = dataclasses.replace(account, password_hash=hasher.hash(password))
    if account.totp_secret is None:
        return SignInResult(account, attempt(SignInOutcome.TOTP_ENROLMENT_REQUIRED), TotpEnrolmentRequired())
    step, replayed = _totp_step(account.totp_secret, totp_code, now=now, after=account.last_totp_step)
    if step is None:
        outcome = SignInOutcome.TOTP_REPLAYED if replayed else SignInOutcome.WRONG_TOTP
        return _failed(account, attempt(outcome), now=now)
    signed_in = dataclasses.replace(account, failed_sign_ins=0, locked_until=None, last_totp_step=step)
    return SignInResult(signed_in, attempt(SignInOutcome.SUCCEEDED))
