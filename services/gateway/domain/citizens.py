"""A citizen's registration: phone verified → consent recorded → identity verified by the Interior Ministry
registry → residence bound to a mahalla; what each stage may do; deletion that anonymises the account.

Unverified users read public information only. Documents and child monitoring need a verified identity;
appealing to one's inspector and rating one's officials also need the mahalla one lives in, since the
decree gives them to "a resident registered in his mahalla".
"""

from __future__ import annotations

import dataclasses
import enum
import re
from datetime import date, datetime

from services.gateway.domain.errors import (
    AccountDeleted,
    BirthDateMismatch,
    ConsentRequired,
    ConsentVersionOutdated,
    IdentityAlreadyVerified,
    IdentityNotConfirmed,
    IdentityVerificationRequired,
    InvalidDocumentNumber,
    InvalidPinfl,
    ResidenceRequired,
)
from shared.auth import Principal, Role, identity_digest, is_mahalla_code


class Stage(enum.IntEnum):
    """Registration stages in order; a later stage implies the earlier ones."""

    PHONE_VERIFIED = 1
    CONSENTED = 2
    IDENTITY_VERIFIED = 3
    RESIDENT = 4
    DELETED = 99


class Capability(enum.StrEnum):
    READ_PUBLIC = "read_public"
    APPEAL = "appeal"
    RATE = "rate"
    DOCUMENTS = "documents"
    CHILD_MONITORING = "child_monitoring"


REQUIRED_STAGE: dict[Capability, Stage] = {
    Capability.READ_PUBLIC: Stage.PHONE_VERIFIED,
    Capability.DOCUMENTS: Stage.IDENTITY_VERIFIED,
    Capability.CHILD_MONITORING: Stage.IDENTITY_VERIFIED,
    Capability.APPEAL: Stage.RESIDENT,
    Capability.RATE: Stage.RESIDENT,
}


@dataclasses.dataclass(frozen=True)
class Consent:
    version: str
    accepted_at: datetime


@dataclasses.dataclass(frozen=True)
class IdentityClaim:
    """What the citizen typed, checked for form before the registry is asked."""

    pinfl: str
    document_number: str
    birth_date: date


@dataclasses.dataclass(frozen=True)
class RegistryAnswer:
    """The Interior Ministry registry's record for a PINFL (the adapter returns None when there is none)."""

    pinfl: str
    document_number: str
    birth_date: date
    full_name_latin: str
    full_name_cyrillic: str
    document_valid: bool = True


@dataclasses.dataclass(frozen=True)
class VerifiedIdentity:
    pinfl: str
    document_number: str
    birth_date: date
    full_name_latin: str
    full_name_cyrillic: str
    verified_at: datetime


@dataclasses.dataclass(frozen=True)
class Residence:
    mahalla_code: str
    cadastre_number: str
    address: str
    bound_at: datetime


@dataclasses.dataclass(frozen=True)
class Citizen:
    id: str
    phone: str | None
    created_at: datetime
    consent: Consent | None = None
    identity: VerifiedIdentity | None = None
    residence: Residence | None = None
    deleted_at: datetime | None = None

    @property
    def stage(self) -> Stage:
        if self.deleted_at is not None:
            return Stage.DELETED
        if self.residence is not None:
            return Stage.RESIDENT
        if self.identity is not None:
            return Stage.IDENTITY_VERIFIED
        if self.consent is not None:
            return Stage.CONSENTED
        return Stage.PHONE_VERIFIED

    @property
    def verified(self) -> bool:
        return self.stage in (Stage.IDENTITY_VERIFIED, Stage.RESIDENT)

    @property
    def mahalla_code(self) -> str | None:
        return self.residence.mahalla_code if self.residence and self.deleted_at is None else None


@dataclasses.dataclass(frozen=True)
class ResidenceChanged:
    """A fact for the handler to publish: the citizen now belongs to another mahalla (or his first one)."""

    citizen_id: str
    previous_mahalla_code: str | None
    mahalla_code: str
    at: datetime


@dataclasses.dataclass(frozen=True)
class ResidenceBinding:
    citizen: Citizen
    change: ResidenceChanged | None  # None when the address is the one already bound


# --- checks of form ---------------------------------------------------------------------------------
_PINFL_WEIGHTS = (7, 3, 1)
_CENTURY_BY_FIRST_DIGIT = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}
_DOCUMENT_NUMBER = re.compile(r"[A-Z]{2}\d{7}")


def pinfl_check_digit(first_thirteen: str) -> int:
    return sum(int(digit) * _PINFL_WEIGHTS[i % 3] for i, digit in enumerate(first_thirteen)) % 10


def birth_date_of_pinfl(pinfl: str) -> date:
    """PINFL: century/sex digit, birth date DDMMYY, area (3), serial (3), check digit (7-3-1 rule)."""
    if len(pinfl) != 14 or not (pinfl.isascii() and pinfl.isdigit()) or pinfl[0] not in _CENTURY_BY_FIRST_DIGIT:
        raise InvalidPinfl()
    if pinfl_check_digit(pinfl[:13]) != int(pinfl[13]):
        raise InvalidPinfl()
    try:
        return date(_CENTURY_BY_FIRST_DIGIT[pinfl[0]] + int(pinfl[5:7]), int(pinfl[3:5]), int(pinfl[1:3]))
    except ValueError as error:
        raise InvalidPinfl() from error


def parse_identity_claim(*, pinfl: str, document_number: str, birth_date: date) -> IdentityClaim:
    pinfl = pinfl.strip()
    if birth_date_of_pinfl(pinfl) != birth_date:
        raise BirthDateMismatch()
    number = re.sub(r"\s", "", document_number).upper()
    if not _DOCUMENT_NUMBER.fullmatch(number):
        raise InvalidDocumentNumber()
    return IdentityClaim(pinfl, number, birth_date)


# --- the stages -------------------------------------------------------------------------------------
def _alive(citizen: Citizen) -> None:
    if citizen.deleted_at is not None:
        raise AccountDeleted()


def register(*, citizen_id: str, phone: str, now: datetime) -> Citizen:
    """A phone number proved by a one-time code opens an account that may read public information."""
    return Citizen(id=citizen_id, phone=phone, created_at=now)


def record_consent(citizen: Citizen, *, version: str, current_version: str, now: datetime) -> Citizen:
    """Consent to personal-data processing, to the text the citizen was shown (it must be the current one)."""
    _alive(citizen)
    if version != current_version:
        raise ConsentVersionOutdated(current_version=current_version)
    return dataclasses.replace(citizen, consent=Consent(version, now))


def needs_consent(citizen: Citizen, *, current_version: str) -> bool:
    return citizen.consent is None or citizen.consent.version != current_version


def verify_identity(citizen: Citizen, claim: IdentityClaim, answer: RegistryAnswer | None, *, now: datetime) -> Citizen:
    """Accept the identity when the registry confirms PINFL, document and birth date together.

    Another account already verified with this PINFL is the handler's to check (`IdentityAlreadyVerified`).
    """
    _alive(citizen)
    if citizen.consent is None:
        raise ConsentRequired()
    if citizen.identity is not None and citizen.identity.pinfl != claim.pinfl:
        raise IdentityAlreadyVerified()
    confirmed = (
        answer is not None
        and answer.document_valid
        and (answer.pinfl, answer.document_number, answer.birth_date)
        == (claim.pinfl, claim.document_number, claim.birth_date)
    )
    if not confirmed:
        raise IdentityNotConfirmed()
    assert answer is not None
    identity = VerifiedIdentity(
        pinfl=answer.pinfl,
        document_number=answer.document_number,
        birth_date=answer.birth_date,
        full_name_latin=answer.full_name_latin,
        full_name_cyrillic=answer.full_name_cyrillic,
        verified_at=now,
    )
    return dataclasses.replace(citizen, identity=identity)


def bind_residence(
    citizen: Citizen, *, mahalla_code: str, cadastre_number: str, address: str, now: datetime
) -> ResidenceBinding:
    """Bind the citizen to the mahalla his cadastre-checked address lies in; moving house re-binds him."""
    _alive(citizen)
    if not citizen.verified:
        raise IdentityVerificationRequired()
    if not is_mahalla_code(mahalla_code):
        raise ValueError(f"{mahalla_code!r} is not a mahalla code")
    previous = citizen.residence
    if previous is not None and (previous.mahalla_code, previous.cadastre_number) == (mahalla_code, cadastre_number):
        return ResidenceBinding(citizen, None)
    residence = Residence(mahalla_code, cadastre_number, address.strip(), now)
    change = ResidenceChanged(citizen.id, previous.mahalla_code if previous else None, mahalla_code, now)
    return ResidenceBinding(dataclasses.replace(citizen, residence=residence), change)


def can(citizen: Citizen, capability: Capability) -> bool:
    return citizen.stage != Stage.DELETED and citizen.stage >= REQUIRED_STAGE[capability]


def ensure_can(citizen: Citizen, capability: Capability) -> None:
    """Refuse with what the citizen has to do next."""
    _alive(citizen)
    if can(citizen, capability):
        return
    if citizen.stage < Stage.CONSENTED:
        raise ConsentRequired()
    if citizen.stage < Stage.IDENTITY_VERIFIED:
        raise IdentityVerificationRequired()
    raise ResidenceRequired()


def principal_for(citizen: Citizen, *, session_id: str, identity_key: str | None = None) -> Principal:
    """What the citizen's access tokens say about him: with `identity_key` (the deployment's identity digest
    key), a verified citizen's tokens also carry the digest of his PINFL, so services can tell that a PINFL
    is his without the token holding it. Without the key, no digest: services refuse what needs one."""
    _alive(citizen)
    return Principal(
        subject=citizen.id,
        roles=frozenset({Role.CITIZEN}),
        session_id=session_id,
        verified=citizen.verified,
        mahalla_code=citizen.mahalla_code,
        identity_digest=_identity_digest_of(citizen, identity_key),
    )


def _identity_digest_of(citizen: Citizen, identity_key: str | None) -> str | None:
    if identity_key is None or citizen.identity is None or not citizen.verified:
        return None
    return identity_digest(citizen.identity.pinfl, identity_key)


def delete_account(citizen: Citizen, *, now: datetime) -> Citizen:
    """Erase personal data and keep an anonymous shell: the id stays, so appeals kept by law stay linked to
    nobody in particular. The consent record (version and time, nothing personal) stays as proof."""
    if citizen.deleted_at is not None:
        return citizen
    return Citizen(id=citizen.id, phone=None, created_at=citizen.created_at, consent=citizen.consent, deleted_at=now)
