"""The caller as every service sees him: roles, territorial scope and SOATO-style territory codes."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable
from typing import Literal


class Role(enum.StrEnum):
    CITIZEN = "citizen"
    GUARDIAN = "guardian"
    INSPECTOR = "inspector"
    SECTOR_HEAD = "sector_head"
    CHAIRMAN = "chairman"
    DISPATCHER = "dispatcher"
    SCHOOL_OPERATOR = "school_operator"
    VERIFIER = "verifier"
    ANALYST = "analyst"
    ADMINISTRATOR = "administrator"


CITIZEN_ROLES: frozenset[Role] = frozenset({Role.CITIZEN, Role.GUARDIAN})
STAFF_ROLES: frozenset[Role] = frozenset(Role) - CITIZEN_ROLES
ROLE_VALUES = frozenset(role.value for role in Role)


# --- territory codes -------------------------------------------------------------------------------
# SOATO-style; containment is a string prefix. "17" (the republic's SOATO prefix) is accepted as a scope
# so that national administrators and analysts need no list of every region.
TerritoryLevel = Literal["republic", "region", "district", "sector", "mahalla"]
_LEVEL_BY_LENGTH: dict[int, TerritoryLevel] = {
    2: "republic",
    4: "region",
    7: "district",
    9: "sector",
    12: "mahalla",
}
REPUBLIC_CODE = "17"


def territory_level(code: str) -> TerritoryLevel | None:
    """The level a territory code names, or None when it is not a well-formed code."""
    if not (code.isascii() and code.isdigit()) or not code.startswith(REPUBLIC_CODE):
        return None
    return _LEVEL_BY_LENGTH.get(len(code))


def is_mahalla_code(code: str) -> bool:
    return territory_level(code) == "mahalla"


def contains(outer: str, inner: str) -> bool:
    """Whether territory `outer` contains (or is) territory `inner`."""
    return territory_level(outer) is not None and territory_level(inner) is not None and inner.startswith(outer)


@dataclasses.dataclass(frozen=True)
class Principal:
    """The caller as the access token describes him."""

    subject: str
    roles: frozenset[Role]
    session_id: str
    scope: tuple[str, ...] = ()
    verified: bool = False
    mahalla_code: str | None = None
    # `shared.auth.identity_digest` of the verified PINFL (a blind index, never the PINFL); None when unverified.
    identity_digest: str | None = None

    def __post_init__(self) -> None:
        if not self.subject or not self.session_id:
            raise ValueError("a principal needs a subject and a session id")
        if not self.roles or not all(isinstance(role, Role) for role in self.roles):
            raise ValueError(f"roles must be a non-empty set of Role values, not {self.roles!r}")
        for code in self.scope:
            if territory_level(code) is None:
                raise ValueError(f"{code!r} is not a territory code")
        if self.mahalla_code is not None and not is_mahalla_code(self.mahalla_code):
            raise ValueError(f"{self.mahalla_code!r} is not a mahalla code")
        if self.identity_digest is not None and not (self.identity_digest and self.verified):
            raise ValueError("an identity digest is a verified identity's, and not empty")

    @property
    def is_staff(self) -> bool:
        return bool(self.roles & STAFF_ROLES)

    def has_any_role(self, roles: Iterable[Role]) -> bool:
        return not self.roles.isdisjoint(roles)

    def covers(self, territory_code: str) -> bool:
        """Whether the territorial scope (staff) reaches the territory. A citizen's own mahalla is not a
        scope: compare it with `mahalla_code`."""
        return any(contains(scope, territory_code) for scope in self.scope)
