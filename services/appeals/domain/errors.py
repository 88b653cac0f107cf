"""The appeals domain's errors: one root, one class per reason, texts in `services.appeals.messages`."""

from __future__ import annotations

from shared.errors import DomainError


class AppealsError(DomainError):
    """Root of every appeals rule that said no."""

    code = "appeals.error"
    status = 400


# --- bad input (422) ---------------------------------------------------------------------------------


class EmptyText(AppealsError):
    code = "appeals.text_empty"
    status = 422


class TextTooLong(AppealsError):
    code = "appeals.text_too_long"
    status = 422

    def __init__(self, *, max_length: int) -> None:
        super().__init__(max_length=max_length)


class UnknownCategory(AppealsError):
    code = "appeals.unknown_category"
    status = 422

    def __init__(self, *, category: str) -> None:
        super().__init__(category=category)


class TooManyPoints(AppealsError):
    code = "appeals.too_many_points"
    status = 422

    def __init__(self, *, max_points: int) -> None:
        super().__init__(max_points=max_points)


class TooManyPhotos(AppealsError):
    code = "appeals.too_many_photos"
    status = 422

    def __init__(self, *, max_photos: int) -> None:
        super().__init__(max_photos=max_photos)


class PhotoNotImage(AppealsError):
    code = "appeals.photo_not_image"
    status = 422


class PhotoTooLarge(AppealsError):
    code = "appeals.photo_too_large"
    status = 422

    def __init__(self, *, max_megabytes: int) -> None:
        super().__init__(max_megabytes=max_megabytes)


class InvalidLocation(AppealsError):
    code = "appeals.invalid_location"
    status = 422


class FieldRequired(AppealsError):
    """A protocol field (Open311 form) is missing; `field` is its technical name."""

    code = "appeals.field_required"
    status = 422

    def __init__(self, *, field: str) -> None:
        super().__init__(field=field)


class InvalidField(AppealsError):
    """A protocol field (Open311 form) has a value we cannot use; `field` is its technical name."""

    code = "appeals.field_invalid"
    status = 422

    def __init__(self, *, field: str) -> None:
        super().__init__(field=field)


class ReasonRequired(AppealsError):
    code = "appeals.reason_required"
    status = 422


class UnknownReason(AppealsError):
    code = "appeals.unknown_reason"
    status = 422

    def __init__(self, *, reason: str) -> None:
        super().__init__(reason=reason)


class AnswerMissingPoints(AppealsError):
    """The answer leaves points of the appeal unanswered (Arts. 27, 33)."""

    code = "appeals.answer_missing_points"
    status = 422

    def __init__(self, *, points: str) -> None:
        super().__init__(points=points)


class AnswerUnknownPoints(AppealsError):
    code = "appeals.answer_unknown_points"
    status = 422

    def __init__(self, *, points: str) -> None:
        super().__init__(points=points)


class AnswerLegalBasisMissing(AppealsError):
    code = "appeals.answer_legal_basis_missing"
    status = 422


class AnswerHowToAppealMissing(AppealsError):
    code = "appeals.answer_how_to_appeal_missing"
    status = 422


class InvalidAppealNumber(AppealsError):
    code = "appeals.invalid_number"
    status = 422

    def __init__(self, *, number: str) -> None:
        super().__init__(number=number)


class ExtensionTooLong(AppealsError):
    """An extension beyond one month past the current deadline (Art. 28)."""

    code = "appeals.extension_too_long"
    status = 422

    def __init__(self, *, latest: str) -> None:
        super().__init__(latest=latest)


class ExtensionNotLater(AppealsError):
    code = "appeals.extension_not_later"
    status = 422

    def __init__(self, *, due_on: str) -> None:
        super().__init__(due_on=due_on)


# --- not allowed (403) ---------------------------------------------------------------------------------


class NotYourAppeal(AppealsError):
    code = "appeals.not_your_appeal"
    status = 403


class RoleNotAllowed(AppealsError):
    code = "appeals.role_not_allowed"
    status = 403

    def __init__(self, *, action: str) -> None:
        super().__init__(action=action)


class OfficialExcluded(AppealsError):
    """The official the appeal complains about (or someone he heads) may not handle it (Art. 25)."""

    code = "appeals.official_excluded"
    status = 403


# --- conflicts with the appeal's state (409) --------------------------------------------------------------


class IllegalTransition(AppealsError):
    code = "appeals.illegal_transition"
    status = 409

    def __init__(self, *, action: str, state: str) -> None:
        super().__init__(action=action, state=state)


class ExtensionAlreadyUsed(AppealsError):
    code = "appeals.extension_already_used"
    status = 409


class ExtraStudyNotApplicable(AppealsError):
    code = "appeals.extra_study_not_applicable"
    status = 409


class DeadlinePassed(AppealsError):
    code = "appeals.deadline_passed"
    status = 409

    def __init__(self, *, due_on: str) -> None:
        super().__init__(due_on=due_on)


class ForwardWindowClosed(AppealsError):
    """Forwarding to another body is allowed only within 5 days of registration (Art. 25)."""

    code = "appeals.forward_window_closed"
    status = 409

    def __init__(self, *, last_day: str) -> None:
        super().__init__(last_day=last_day)


class EscalationUnavailable(AppealsError):
    code = "appeals.escalation_unavailable"
    status = 409


class AssigneeNotOnTheLadder(AppealsError):
    """A supervisor chose someone who does not serve the appeal's mahalla, or who is below the level the
    appeal has reached (after an escalation it never goes back down)."""

    code = "appeals.assignee_not_on_the_ladder"
    status = 422


class AssigneeExcluded(AppealsError):
    """A supervisor chose the official the appeal complains about, or someone he heads (Art. 25)."""

    code = "appeals.assignee_excluded"
    status = 422


class AlreadyRated(AppealsError):
    code = "appeals.already_rated"
    status = 409


class RoutingImpossible(AppealsError):
    """Nobody in the territory may take the appeal; it stays registered in the unrouted queue."""

    code = "appeals.routing_impossible"
    status = 409

    def __init__(self, *, mahalla_code: str) -> None:
        super().__init__(mahalla_code=mahalla_code)


# --- the service around the domain -------------------------------------------------------------------------


class AppealNotFound(AppealsError):
    """No such appeal — or not one the caller may know exists (a citizen reaching another's appeal)."""

    code = "appeals.not_found"
    status = 404


class ConcurrentChange(AppealsError):
    """Someone changed the appeal between our read and our write; the caller may simply retry."""

    code = "appeals.concurrent_change"
    status = 409


class UnknownStateBody(AppealsError):
    code = "appeals.unknown_state_body"
    status = 422

    def __init__(self, *, body: str) -> None:
        super().__init__(body=body)


class ResidenceRequired(AppealsError):
    """A citizen must be bound to his mahalla before he appeals (the token carries no mahalla)."""

    code = "appeals.residence_required"
    status = 403


class NotAnOfficial(AppealsError):
    """The caller's roles do not make him one of the officials who handle appeals."""

    code = "appeals.not_an_official"
    status = 403
