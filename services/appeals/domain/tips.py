"""Anonymous tips: accepted and read, but not appeals (Art. 29) — no number, no deadline, no statistics."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from services.appeals.domain.aggregate import utc
from services.appeals.domain.categories import Category
from services.appeals.domain.errors import IllegalTransition, RoleNotAllowed, UnknownCategory
from services.appeals.domain.events import TipEvent, TipReceived, TipReviewed
from services.appeals.domain.records import (
    MESSAGE_MAX_LENGTH,
    STAFF_ROLES,
    Actor,
    Location,
    Photo,
    checked_photos,
    checked_text,
)


class TipState(enum.StrEnum):
    RECEIVED = "received"
    REVIEWED = "reviewed"


@dataclass(eq=False)
class Tip:
    id: str
    category: str
    mahalla_code: str
    text: str
    received_at: datetime
    location: Location | None = None
    photos: tuple[Photo, ...] = ()
    state: TipState = TipState.RECEIVED
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    note: str | None = None
    version: int = 0
    outbox: list[TipEvent] = field(default_factory=list)

    @classmethod
    def receive(
        cls,
        *,
        tip_id: str,
        category: Category,
        mahalla_code: str,
        text: str,
        received_at: datetime,
        location: Location | None = None,
        photos: tuple[Photo, ...] = (),
    ) -> Tip:
        """Keep an anonymous message for the mahalla's inspector; nobody is told who sent it."""
        if not category.active:
            raise UnknownCategory(category=category.code)
        tip = cls(
            id=tip_id,
            category=category.code,
            mahalla_code=mahalla_code,
            text=checked_text(text),
            received_at=utc(received_at),
            location=location,
            photos=checked_photos(tuple(photos)),
            version=1,
        )
        tip.outbox.append(
            TipReceived(
                tip_id=tip_id,
                occurred_at=tip.received_at,
                version=tip.version,
                category=category.code,
                mahalla_code=mahalla_code,
            )
        )
        return tip

    def review(self, note: str, *, by: Actor, at: datetime) -> None:
        """An official read the tip and noted what he did about it."""
        if by.role not in STAFF_ROLES:
            raise RoleNotAllowed(action="review_tip")
        if self.state is not TipState.RECEIVED:
            raise IllegalTransition(action="review_tip", state=self.state.value)
        self.note = checked_text(note, MESSAGE_MAX_LENGTH)
        self.state, self.reviewed_by, self.reviewed_at = TipState.REVIEWED, by.id, utc(at)
        self.version += 1
        self.outbox.append(TipReviewed(tip_id=self.id, occurred_at=utc(at), version=self.version, official_id=by.id))

    def pull_events(self) -> list[TipEvent]:
        pending, self.outbox = self.outbox, []
        return pending
