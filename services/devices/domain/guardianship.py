"""Children and their guardians: only a guardian the civil registry confirms may follow a child.

The caller is matched to the registry by his identity digest (`shared.auth.identity`): the gateway signs
it into a verified citizen's token, and the digest of a guardian PINFL the registry lists must equal it.
The digest function (it needs the deployment's key) is the handler's to pass in.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable, Mapping
from datetime import datetime

from services.devices.domain.errors import GuardianIdentityMismatch, GuardianIdentityUnknown, GuardianshipNotConfirmed
from shared.auth.identity import same_identity

DigestOf = Callable[[str], str]  # PINFL -> identity digest


class Relation(enum.StrEnum):
    MOTHER = "mother"
    FATHER = "father"
    GUARDIAN = "guardian"


class GuardianshipStatus(enum.StrEnum):
    VERIFIED = "verified"
    REVOKED = "revoked"


@dataclasses.dataclass(frozen=True)
class Child:
    id: str
    first_name: str
    pinfl_hash: str
    school_id: str | None = None
    pass_id: str | None = None


@dataclasses.dataclass(frozen=True)
class Guardianship:
    child_id: str
    guardian_id: str
    relation: Relation
    status: GuardianshipStatus
    verified_at: datetime
    revoked_at: datetime | None = None

    @property
    def id(self) -> str:
        return f"{self.child_id}:{self.guardian_id}"

    @property
    def active(self) -> bool:
        return self.status is GuardianshipStatus.VERIFIED

    def revoke(self, at: datetime) -> Guardianship:
        return dataclasses.replace(self, status=GuardianshipStatus.REVOKED, revoked_at=at)


def pinfl_is_valid(pinfl: str) -> bool:
    """14 digits; the last is the 7-3-1 check digit of the first 13 (same rule as ICAO MRZ)."""
    if len(pinfl) != 14 or not pinfl.isascii() or not pinfl.isdigit():
        return False
    weights = (7, 3, 1)
    total = sum(int(digit) * weights[index % 3] for index, digit in enumerate(pinfl[:13]))
    return total % 10 == int(pinfl[13])


def ensure_own_identity(caller_digest: str | None, named_pinfl: str | None, digest_of: DigestOf) -> str:
    """The caller's identity digest; a guardian PINFL he names must be his own."""
    if caller_digest is None:
        raise GuardianIdentityUnknown()
    if named_pinfl is not None and not same_identity(digest_of(named_pinfl), caller_digest):
        raise GuardianIdentityMismatch()
    return caller_digest


def relation_of_caller(caller_digest: str, guardians: Mapping[str, Relation], digest_of: DigestOf) -> Relation:
    """How the registry relates the caller to the child; a caller it does not list is refused."""
    for pinfl, relation in guardians.items():
        if same_identity(digest_of(pinfl), caller_digest):
            return relation
    raise GuardianshipNotConfirmed()
