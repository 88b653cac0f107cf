"""The states of an appeal, the actions on it, and the table of which action is legal from which state."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass


class AppealState(enum.StrEnum):
    REGISTERED = "registered"
    ASSIGNED = "assigned"
    IN_REVIEW = "in_review"
    INFO_REQUESTED = "info_requested"  # more information asked of the citizen; the clock keeps running
    ANSWERED = "answered"
    CLOSED = "closed"
    FORWARDED = "forwarded"  # sent to the competent body (Art. 25)
    RETURNED = "returned"  # returned to the citizen unconsidered, with the reason
    NOT_CONSIDERED = "not_considered"  # a legal ground not to consider it (Arts. 29–30)
    TERMINATED = "terminated"  # consideration stopped on a legal ground
    WITHDRAWN = "withdrawn"  # by the citizen (Art. 32)


# While in these states the review clock runs: reminders, breach, duplicates merge into it.
REVIEW_STATES = frozenset(
    {AppealState.REGISTERED, AppealState.ASSIGNED, AppealState.IN_REVIEW, AppealState.INFO_REQUESTED}
)
FINAL_STATES = frozenset(
    {
        AppealState.FORWARDED,
        AppealState.RETURNED,
        AppealState.NOT_CONSIDERED,
        AppealState.TERMINATED,
        AppealState.WITHDRAWN,
    }
)
_HANDLED = REVIEW_STATES - {AppealState.REGISTERED}


class Action(enum.StrEnum):
    REGISTER = "register"
    ASSIGN = "assign"
    REASSIGN = "reassign"
    START_REVIEW = "start_review"
    REQUEST_INFORMATION = "request_information"
    PROVIDE_INFORMATION = "provide_information"
    REQUIRE_EXTRA_STUDY = "require_extra_study"
    EXTEND_DEADLINE = "extend_deadline"
    ANSWER = "answer"
    REQUEST_CLARIFICATION = "request_clarification"
    RATE = "rate"
    CLOSE = "close"
    ESCALATE = "escalate"
    FORWARD = "forward"
    RETURN_TO_CITIZEN = "return_to_citizen"
    NOT_CONSIDER = "not_consider"
    TERMINATE = "terminate"
    WITHDRAW = "withdraw"
    POST_MESSAGE = "post_message"
    ADD_EVIDENCE = "add_evidence"
    MERGE_DUPLICATE = "merge_duplicate"
    REMIND = "remind"
    MARK_BREACHED = "mark_breached"
    FORGET_CITIZEN = "forget_citizen"


class Party(enum.StrEnum):
    CITIZEN = "citizen"  # the appeal's author
    HANDLER = "handler"  # the assignee, or a sector head / district officer above him
    HEAD = "head"  # a sector head or district officer (extensions, manual assignment)
    SYSTEM = "system"  # routing on submission, timers, duplicate detection


@dataclass(frozen=True)
class Rule:
    sources: frozenset[AppealState]
    target: AppealState | None  # None: the state does not change
    parties: frozenset[Party]


def _rule(sources: frozenset[AppealState], target: AppealState | None, *parties: Party) -> Rule:
    return Rule(frozenset(sources), target, frozenset(parties))


_S = AppealState
TRANSITIONS: Mapping[Action, Rule] = {
    Action.ASSIGN: _rule(frozenset({_S.REGISTERED}), _S.ASSIGNED, Party.SYSTEM, Party.HEAD),
    Action.REASSIGN: _rule(_HANDLED, None, Party.SYSTEM, Party.HEAD),
    Action.START_REVIEW: _rule(frozenset({_S.ASSIGNED}), _S.IN_REVIEW, Party.HANDLER),
    Action.REQUEST_INFORMATION: _rule(frozenset({_S.IN_REVIEW}), _S.INFO_REQUESTED, Party.HANDLER),
    Action.PROVIDE_INFORMATION: _rule(frozenset({_S.INFO_REQUESTED}), _S.IN_REVIEW, Party.CITIZEN),
    Action.REQUIRE_EXTRA_STUDY: _rule(_HANDLED, None, Party.HANDLER),
    Action.EXTEND_DEADLINE: _rule(_HANDLED, None, Party.HEAD),
    Action.ANSWER: _rule(frozenset({_S.IN_REVIEW}), _S.ANSWERED, Party.HANDLER),
    Action.REQUEST_CLARIFICATION: _rule(frozenset({_S.ANSWERED}), _S.IN_REVIEW, Party.CITIZEN),
    Action.RATE: _rule(frozenset({_S.ANSWERED, _S.CLOSED}), _S.CLOSED, Party.CITIZEN),
    Action.CLOSE: _rule(frozenset({_S.ANSWERED}), _S.CLOSED, Party.SYSTEM),
    Action.ESCALATE: _rule(frozenset({_S.CLOSED}), _S.ASSIGNED, Party.CITIZEN),
    Action.FORWARD: _rule(REVIEW_STATES, _S.FORWARDED, Party.HANDLER),
    Action.RETURN_TO_CITIZEN: _rule(REVIEW_STATES, _S.RETURNED, Party.HANDLER),
    Action.NOT_CONSIDER: _rule(REVIEW_STATES, _S.NOT_CONSIDERED, Party.HANDLER),
    Action.TERMINATE: _rule(_HANDLED, _S.TERMINATED, Party.HANDLER),
    Action.WITHDRAW: _rule(REVIEW_STATES, _S.WITHDRAWN, Party.CITIZEN),
    Action.POST_MESSAGE: _rule(REVIEW_STATES | {_S.ANSWERED}, None, Party.CITIZEN, Party.HANDLER),
    Action.ADD_EVIDENCE: _rule(REVIEW_STATES, None, Party.CITIZEN),
    Action.MERGE_DUPLICATE: _rule(REVIEW_STATES, None, Party.SYSTEM),
    Action.REMIND: _rule(REVIEW_STATES, None, Party.SYSTEM),
    Action.MARK_BREACHED: _rule(REVIEW_STATES, None, Party.SYSTEM),
    # the author deleted his account: the appeal stays (a record of the state body), his id goes
    Action.FORGET_CITIZEN: _rule(frozenset(AppealState), None, Party.SYSTEM),
}


class ReturnReason(enum.StrEnum):
    """Why an appeal goes back to the citizen unconsidered; he may correct it and appeal again."""

    UNREADABLE = "unreadable"
    NO_REQUEST_STATED = "no_request_stated"
    REQUIRED_DETAILS_MISSING = "required_details_missing"


class NotConsideredReason(enum.StrEnum):
    REPEATED_WITHOUT_NEW_ARGUMENTS = "repeated_without_new_arguments"  # Art. 30
    DECIDED_BY_COURT = "decided_by_court"
    FILED_AFTER_TIME_LIMIT = "filed_after_time_limit"
    NO_AUTHORITY_TO_REPRESENT = "no_authority_to_represent"


class TerminationReason(enum.StrEnum):
    COURT_PROCEEDINGS_STARTED = "court_proceedings_started"
    CRIMINAL_CASE_OPENED = "criminal_case_opened"
    APPLICANT_DIED = "applicant_died"
    MATTER_NO_LONGER_EXISTS = "matter_no_longer_exists"
