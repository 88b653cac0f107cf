"""Contracts of `users.v1`, produced by the gateway. No personal data: ids, roles and mahalla codes only."""

from __future__ import annotations

from pydantic import Field

from shared.events.envelope import Event
from shared.events.registry import USERS


class _UserEvent(Event):
    topic = USERS.name
    source = "/gateway"


class UserRegisteredV1(_UserEvent):
    """A citizen proved his phone number and has an account (subject: user id)."""

    event_type = "uz.smartmahalla.gateway.user_registered.v1"


class UserIdentityVerifiedV1(_UserEvent):
    """The Interior Ministry registry confirmed the citizen's identity."""

    event_type = "uz.smartmahalla.gateway.user_identity_verified.v1"


class UserResidenceChangedV1(_UserEvent):
    """The citizen is bound to a mahalla (his first, or a new one after moving house)."""

    event_type = "uz.smartmahalla.gateway.user_residence_changed.v1"
    previous_mahalla_code: str | None = Field(description="The mahalla he left, if any.")
    mahalla_code: str = Field(description="The mahalla he now belongs to (12-digit code).")


class UserDeletedV1(_UserEvent):
    """The account was deleted; consumers erase or anonymise what they hold about this user id."""

    event_type = "uz.smartmahalla.gateway.user_deleted.v1"


class StaffAccountCreatedV1(_UserEvent):
    """An administrator created a staff account with roles and a territorial scope."""

    event_type = "uz.smartmahalla.gateway.staff_account_created.v1"
    roles: list[str]
    scope: list[str] = Field(description="Territory codes the account may act in.")
