"""Who the caller is to an appeal: the domain's actor for his token, and whether he may see it at all."""

from __future__ import annotations

from services.appeals.domain.aggregate import AppealRecord
from services.appeals.domain.errors import AppealNotFound, NotAnOfficial
from services.appeals.domain.records import Actor
from services.appeals.domain.records import Role as AppealRole
from shared.auth import Principal, Role, ensure_in_scope

# District staff have no role of their own in the tokens: an administrator of a district acts as one.
_STAFF_ROLES = ((Role.SECTOR_HEAD, AppealRole.SECTOR_HEAD), (Role.INSPECTOR, AppealRole.INSPECTOR),
                (Role.ADMINISTRATOR, AppealRole.DISTRICT_STAFF))  # fmt: skip
HANDLING_ROLES = tuple(role for role, _ in _STAFF_ROLES)


def actor_of(principal: Principal) -> Actor:
    if not principal.is_staff:
        return Actor(principal.subject, AppealRole.CITIZEN)
    for role, appeal_role in _STAFF_ROLES:
        if role in principal.roles:
            return Actor(principal.subject, appeal_role)
    raise NotAnOfficial()


def ensure_may_see(appeal: AppealRecord, principal: Principal) -> None:
    """A citizen sees only his own appeals, an official those of his territory that are not about him;
    otherwise the appeal does not exist for the caller (404, never 403)."""
    if not principal.is_staff:
        if appeal.citizen_id != principal.subject:
            raise AppealNotFound()
        return
    if principal.subject in appeal.excluded_official_ids or principal.subject in appeal.named_official_ids:
        raise AppealNotFound()
    if principal.subject in (appeal.assignee_id, appeal.supervisor_id):
        return
    ensure_in_scope(principal, appeal.territory_code)
