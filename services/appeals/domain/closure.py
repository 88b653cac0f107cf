"""How an appeal ends without an answer: forwarded, returned, not considered, terminated, withdrawn."""

from __future__ import annotations

from datetime import datetime

from services.appeals.domain import deadlines
from services.appeals.domain import events as ev
from services.appeals.domain.aggregate import AppealRecord, utc
from services.appeals.domain.deadlines import DEFAULT_CALENDAR, WorkingCalendar
from services.appeals.domain.errors import UnknownReason
from services.appeals.domain.records import MESSAGE_MAX_LENGTH, Actor, checked_reason, checked_text
from services.appeals.domain.states import Action, NotConsideredReason, ReturnReason, TerminationReason


class ClosableAppeal(AppealRecord):
    """The final transitions; each records its legal reason code and the official's explanation."""

    def forward(
        self,
        body_code: str,
        reason: str,
        *,
        by: Actor,
        at: datetime,
        calendar: WorkingCalendar = DEFAULT_CALENDAR,
    ) -> None:
        """Outside our competence: to the competent state body within 5 days (Art. 25)."""
        self._check(Action.FORWARD, by)
        why = checked_reason(reason)
        body = checked_text(body_code, 100)
        deadlines.check_forward_window(self.round_started_on, utc(at), calendar)
        self.forwarded_to = body
        self._advance(Action.FORWARD, by, at, reason=why, body_code=body)
        self._emit(ev.AppealForwarded, at, body_code=body, personal_data_shared=not self.do_not_disclose)

    def return_to_citizen(self, reason_code: str, reason: str, *, by: Actor, at: datetime) -> None:
        self._check(Action.RETURN_TO_CITIZEN, by)
        code = _reason_code(ReturnReason, reason_code)
        self._end(Action.RETURN_TO_CITIZEN, code, checked_reason(reason), by, at)
        self._emit(ev.AppealReturned, at, reason_code=code)

    def mark_not_considered(self, reason_code: str, reason: str, *, by: Actor, at: datetime) -> None:
        self._check(Action.NOT_CONSIDER, by)
        code = _reason_code(NotConsideredReason, reason_code)
        self._end(Action.NOT_CONSIDER, code, checked_reason(reason), by, at)
        self._emit(ev.AppealNotConsidered, at, reason_code=code)

    def terminate(self, reason_code: str, reason: str, *, by: Actor, at: datetime) -> None:
        self._check(Action.TERMINATE, by)
        code = _reason_code(TerminationReason, reason_code)
        self._end(Action.TERMINATE, code, checked_reason(reason), by, at)
        self._emit(ev.AppealTerminated, at, reason_code=code)

    def withdraw(self, reason: str = "", *, by: Actor, at: datetime) -> None:
        """The citizen withdraws his appeal (Art. 32); he owes no explanation."""
        self._check(Action.WITHDRAW, by)
        why = reason.strip()[:MESSAGE_MAX_LENGTH] or None
        self._advance(Action.WITHDRAW, by, at, reason=why)
        self._emit(ev.AppealWithdrawn, at)

    def _end(self, action: Action, code: str, why: str, by: Actor, at: datetime) -> None:
        self.closing_reason_code = code
        self._advance(action, by, at, reason=why, reason_code=code)


def _reason_code(reasons: type[ReturnReason] | type[NotConsideredReason] | type[TerminationReason], code: str) -> str:
    try:
        return reasons(code).value
    except ValueError:
        raise UnknownReason(reason=code) from None
