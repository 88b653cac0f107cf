"""The gateway's domain errors: one root, a stable code each; texts in `services/gateway/messages.py`."""

from __future__ import annotations

import math
from datetime import timedelta

from shared.errors import DomainError


class GatewayError(DomainError):
    """The root of every refusal the gateway's rules make."""

    code = "gateway.error"


def whole_seconds(duration: timedelta) -> int:
    """A wait rounded up, never below one second: what `Retry-After` and the texts show."""
    return max(1, math.ceil(duration.total_seconds()))


class _RetryLater(GatewayError):
    """A refusal that lifts by itself: `retry_after` (seconds, also sent as `Retry-After`) and
    `retry_after_minutes` for the texts of long waits."""

    status = 429

    def __init__(self, *, retry_after: timedelta) -> None:
        seconds = whole_seconds(retry_after)
        super().__init__(retry_after=seconds, retry_after_minutes=math.ceil(seconds / 60))

    @property
    def retry_after(self) -> int:
        return int(self.params["retry_after"])

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


# --- phone numbers and one-time codes ---------------------------------------------------------------
class InvalidPhoneNumber(GatewayError):
    code = "gateway.invalid_phone_number"
    status = 422


class OtpIncorrect(GatewayError):
    code = "gateway.otp_incorrect"
    status = 400

    def __init__(self, *, attempts_left: int) -> None:
        super().__init__(attempts_left=attempts_left)


class OtpExpired(GatewayError):
    """No code is waiting for this phone, or it is past its five minutes."""

    code = "gateway.otp_expired"
    status = 400


class OtpAlreadyUsed(GatewayError):
    code = "gateway.otp_already_used"
    status = 400


class OtpLocked(_RetryLater):
    code = "gateway.otp_locked"


class OtpResendTooSoon(_RetryLater):
    code = "gateway.otp_resend_too_soon"


# --- sessions ---------------------------------------------------------------------------------------
class SessionNotFound(GatewayError):
    code = "gateway.session_not_found"
    status = 404


class InvalidRefreshToken(GatewayError):
    code = "gateway.refresh_token_invalid"
    status = 401


class RefreshTokenReused(GatewayError):
    """A spent refresh token came back: someone holds a copy, so the whole session was revoked."""

    code = "gateway.refresh_token_reused"
    status = 401


class SessionRevoked(GatewayError):
    code = "gateway.session_revoked"
    status = 401


class SessionExpired(GatewayError):
    code = "gateway.session_expired"
    status = 401


# --- staff ------------------------------------------------------------------------------------------
class InvalidCredentials(GatewayError):
    """Login, password or second-factor code wrong; which one is told to the audit trail, not the caller."""

    code = "gateway.invalid_credentials"
    status = 401


class AccountLocked(_RetryLater):
    code = "gateway.account_locked"


class AccountDisabled(GatewayError):
    code = "gateway.account_disabled"
    status = 403


class TotpEnrolmentRequired(GatewayError):
    code = "gateway.totp_enrolment_required"
    status = 403


class TotpAlreadyEnrolled(GatewayError):
    code = "gateway.totp_already_enrolled"
    status = 409


class TotpCodeIncorrect(GatewayError):
    code = "gateway.totp_code_incorrect"
    status = 400


class WeakPassword(GatewayError):
    code = "gateway.weak_password"
    status = 422

    def __init__(self, *, min_length: int) -> None:
        super().__init__(min_length=min_length)


class InvalidLogin(GatewayError):
    code = "gateway.invalid_login"
    status = 422


class InvalidStaffRoles(GatewayError):
    code = "gateway.invalid_staff_roles"
    status = 422


class InvalidStaffScope(GatewayError):
    code = "gateway.invalid_staff_scope"
    status = 422


# --- citizens ---------------------------------------------------------------------------------------
class ConsentRequired(GatewayError):
    code = "gateway.consent_required"
    status = 403


class ConsentVersionOutdated(GatewayError):
    code = "gateway.consent_version_outdated"
    status = 409

    def __init__(self, *, current_version: str) -> None:
        super().__init__(current_version=current_version)


class InvalidPinfl(GatewayError):
    code = "gateway.invalid_pinfl"
    status = 422


class InvalidDocumentNumber(GatewayError):
    code = "gateway.invalid_document_number"
    status = 422


class BirthDateMismatch(GatewayError):
    """The birth date does not agree with the one encoded in the PINFL."""

    code = "gateway.birth_date_mismatch"
    status = 422


class IdentityNotConfirmed(GatewayError):
    """The registry did not confirm the PINFL, document and birth date together."""

    code = "gateway.identity_not_confirmed"
    status = 422


class RegistryUnavailable(GatewayError):
    """The Interior Ministry registry did not answer; nothing is wrong with what the citizen typed."""

    code = "gateway.registry_unavailable"
    status = 503


class IdentityAlreadyVerified(GatewayError):
    """The account is verified as another person, or this person already has an account."""

    code = "gateway.identity_already_verified"
    status = 409


class IdentityVerificationRequired(GatewayError):
    code = "gateway.identity_verification_required"
    status = 403


class ResidenceRequired(GatewayError):
    code = "gateway.residence_required"
    status = 403


class AccountDeleted(GatewayError):
    code = "gateway.account_deleted"
    status = 410
