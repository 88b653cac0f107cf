"""Phone numbers and one-time sign-in codes: six digits, five minutes, single use, five tries, then a lockout.

A code is never stored: the challenge keeps an HMAC-SHA256 of (phone, salt, code) keyed by a server-side
pepper, so a leaked store reveals no codes and a hash copied to another phone matches nothing. The handler
keeps one challenge per phone (Redis, expiring at `keep_until`); the lockout lives in it, so asking for a
new code does not reset it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta

from services.gateway.domain.errors import (
    GatewayError,
    InvalidPhoneNumber,
    OtpAlreadyUsed,
    OtpExpired,
    OtpIncorrect,
    OtpLocked,
    OtpResendTooSoon,
)

CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=5)
MAX_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=15)
RESEND_INTERVAL = timedelta(seconds=60)

_SEPARATORS = re.compile(r"[\s\-().]")
_UZBEK_NUMBER = re.compile(r"998\d{9}")


@dataclasses.dataclass(frozen=True)
class PhoneNumber:
    """An Uzbek number, kept in E.164 (`+998901234567`)."""

    e164: str

    @property
    def display(self) -> str:
        digits = self.e164[4:]
        return f"+998 {digits[:2]} {digits[2:5]} {digits[5:7]} {digits[7:]}"

    @property
    def masked(self) -> str:
        """For logs and screens that must not show the whole number."""
        digits = self.e164[4:]
        return f"+998 {digits[:2]} *** ** {digits[7:]}"


def parse_phone_number(raw: str) -> PhoneNumber:
    """Accept `+998 90 123 45 67`, `+998-90-123-45-67`, `998901234567`, `00998 (90) 123 45 67` …; refuse others."""
    compact = _SEPARATORS.sub("", raw) if len(raw) <= 32 else ""
    if compact.startswith("+"):
        compact = compact[1:]
    elif compact.startswith("00"):
        compact = compact[2:]
    if not compact.isascii() or not _UZBEK_NUMBER.fullmatch(compact):
        raise InvalidPhoneNumber()
    return PhoneNumber("+" + compact)


@dataclasses.dataclass(frozen=True)
class OtpChallenge:
    """The code waiting for one phone, as stored: a salted hash, never the code."""

    phone: str
    salt: str
    code_hash: str
    issued_at: datetime
    attempts: int = 0
    used_at: datetime | None = None
    locked_until: datetime | None = None

    @property
    def expires_at(self) -> datetime:
        return self.issued_at + CODE_LIFETIME

    @property
    def keep_until(self) -> datetime:
        """How long the store must keep this record (a lockout outlives the code)."""
        return max(self.expires_at, self.locked_until or self.expires_at)

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until


@dataclasses.dataclass(frozen=True)
class IssuedCode:
    challenge: OtpChallenge
    code: str  # to hand to the SMS adapter, then forget


@dataclasses.dataclass(frozen=True)
class CodeCheck:
    """The challenge to save (attempts spent, lockout, use) and, unless the code was right, the refusal."""

    challenge: OtpChallenge | None
    error: GatewayError | None = None

    @property
    def accepted(self) -> bool:
        return self.error is None


def generate_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def hash_code(*, phone: PhoneNumber, salt: str, code: str, pepper: bytes) -> str:
    message = f"{phone.e164}\x00{salt}\x00{code}".encode()
    return hmac.new(pepper, message, hashlib.sha256).hexdigest()


def issue_code(
    phone: PhoneNumber,
    *,
    previous: OtpChallenge | None,
    now: datetime,
    pepper: bytes,
    code: str | None = None,
) -> IssuedCode:
    """A fresh code for the phone, replacing any earlier one; refused while locked out or right after a send."""
    if previous is not None:
        if previous.is_locked(now):
            assert previous.locked_until is not None
            raise OtpLocked(retry_after=previous.locked_until - now)
        next_send = previous.issued_at + RESEND_INTERVAL
        if previous.used_at is None and now < next_send:
            raise OtpResendTooSoon(retry_after=next_send - now)
    code = code or generate_code()
    salt = secrets.token_hex(16)
    challenge = OtpChallenge(
        phone=phone.e164,
        salt=salt,
        code_hash=hash_code(phone=phone, salt=salt, code=code, pepper=pepper),
        issued_at=now,
    )
    return IssuedCode(challenge, code)


def check_code(challenge: OtpChallenge | None, code: str, *, now: datetime, pepper: bytes) -> CodeCheck:
    """Spend one attempt on `code`. A wrong code counts even when malformed; the fifth locks the phone."""
    if challenge is None:
        return CodeCheck(None, OtpExpired())
    if challenge.is_locked(now):
        assert challenge.locked_until is not None
        return CodeCheck(challenge, OtpLocked(retry_after=challenge.locked_until - now))
    if challenge.used_at is not None:
        return CodeCheck(challenge, OtpAlreadyUsed())
    if now >= challenge.expires_at:
        return CodeCheck(challenge, OtpExpired())
    expected = hash_code(phone=PhoneNumber(challenge.phone), salt=challenge.salt, code=code.strip(), pepper=pepper)
    if hmac.compare_digest(expected, challenge.code_hash):
        return CodeCheck(dataclasses.replace(challenge, used_at=now))
    attempts = challenge.attempts + 1
    if attempts >= MAX_ATTEMPTS:
        locked = dataclasses.replace(challenge, attempts=attempts, locked_until=now + LOCKOUT)
        return CodeCheck(locked, OtpLocked(retry_after=LOCKOUT))
    return CodeCheck(
        dataclasses.replace(challenge, attempts=attempts), OtpIncorrect(attempts_left=MAX_ATTEMPTS - attempts)
    )
