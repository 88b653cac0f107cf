"""Who handles an appeal: routed on registration, handed over when staff change or a head chooses."""

from __future__ import annotations

from datetime import datetime

from services.appeals.domain import events as ev
from services.appeals.domain.closure import ClosableAppeal
from services.appeals.domain.errors import OfficialExcluded
from services.appeals.domain.records import Actor
from services.appeals.domain.routing import RoutingDecision
from services.appeals.domain.states import Action


class AssignableAppeal(ClosableAppeal):
    """Assignment keeps out, for good, the officials an appeal complains about and whom they head."""

    def assign(self, decision: RoutingDecision, *, by: Actor, at: datetime) -> None:
        self._check(Action.ASSIGN, by)
        self._take(decision, Action.ASSIGN, by, at)

    def reassign(self, decision: RoutingDecision, *, by: Actor, at: datetime, note: str | None = None) -> bool:
        """Hand the appeal to another official (staff changed, absence, a supervisor's choice, explained in
        `note`); False when he already has it."""
        self._check(Action.REASSIGN, by)
        if decision.assignee_id == self.assignee_id:
            return False
        self._take(decision, Action.REASSIGN, by, at, note=note)
        return True

    def ensure_may_reassign(self, by: Actor) -> None:
        """Checked before a supervisor's choice is looked up: only heads hand an appeal over."""
        self._check(Action.REASSIGN, by)

    def _take(
        self, decision: RoutingDecision, action: Action, by: Actor, at: datetime, *, note: str | None = None
    ) -> None:
        excluded = set(self.excluded_official_ids) | decision.excluded_ids | set(self.named_official_ids)
        if decision.assignee_id in excluded:
            raise OfficialExcluded()
        previous = self.assignee_id
        self.assignee_id, self.assignee_level = decision.assignee_id, decision.level
        self.handling_mahalla_code = decision.mahalla_code
        self.excluded_official_ids = tuple(sorted(excluded))
        self._advance(
            action,
            by,
            at,
            reason=decision.reason.value,
            assignee_id=decision.assignee_id,
            level=decision.level.value,
            mahalla_code=decision.mahalla_code,
            by_location=decision.by_location,
            note=note,
        )
        self._emit(
            ev.AppealAssigned,
            at,
            assignee_id=decision.assignee_id,
            level=decision.level.value,
            reason=decision.reason.value,
            mahalla_code=decision.mahalla_code,
            previous_assignee_id=previous,
        )
