"""Children and their guardians: only a guardian the civil registry confirms may follow a child."""

from __future__ import annotations

import dataclasses
import enum
from datetime import datetime


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
