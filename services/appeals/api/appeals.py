"""Appeals over HTTP: a citizen submits and follows his appeals; staff work their queue; both talk."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Query, Response, UploadFile, status

from services.appeals.api.schemas import (
    AnswerBody,
    AppealPublic,
    ExtensionBody,
    ForwardBody,
    QuestionBody,
    RatingBody,
    ReasonBody,
    ReasonCodeBody,
    ReassignmentBody,
    TextBody,
    TipPublic,
)
from services.appeals.deps import ContextDep, LanguageDep
from services.appeals.domain.categories import AppealKind
from services.appeals.domain.errors import AppealNotFound
from services.appeals.domain.lifecycle import Appeal
from services.appeals.domain.records import PHOTO_MAX_BYTES, Location
from services.appeals.domain.states import AppealState
from services.appeals.domain.statistics import TerritoryLevel
from services.appeals.handlers import commands, reading
from services.appeals.handlers.access import HANDLING_ROLES
from services.appeals.handlers.context import AppealsContext
from services.appeals.handlers.submission import AppealForm, Upload, submit
from services.appeals.repository.appeals import QueueFilter
from shared.auth import Principal, Role, authenticated, require_roles, require_verified

router = APIRouter(tags=["appeals"])
CitizenDep = Annotated[Principal, Depends(require_verified)]
AnyoneDep = Annotated[Principal, Depends(authenticated)]
StaffDep = Annotated[Principal, Depends(require_roles(*HANDLING_ROLES))]
AnalystDep = Annotated[Principal, Depends(require_roles(Role.ANALYST, *HANDLING_ROLES))]
Photos = Annotated[list[UploadFile], File(description="Up to 5 photos: JPEG, PNG, WebP or HEIC, 10 MB each.")]


async def _uploads(files: list[UploadFile]) -> tuple[Upload, ...]:
    # One byte past the limit is enough to refuse a photo as too large without reading all of it.
    return tuple([Upload(await file.read(PHOTO_MAX_BYTES + 1)) for file in files if file.filename or file.size])


def _view(
    appeal: Appeal, principal: Principal, language: Any, ctx: AppealsContext, merged: bool = False
) -> AppealPublic:
    return AppealPublic.of(appeal, principal, language, now=ctx.clock.now(), merged=merged)


# --- the citizen -------------------------------------------------------------------------------------------


@router.post("/v1/appeals", status_code=status.HTTP_201_CREATED, response_model=AppealPublic | TipPublic)
async def submit_appeal(
    principal: CitizenDep, ctx: ContextDep, language: LanguageDep, response: Response,
    kind: Annotated[AppealKind, Form()], category: Annotated[str, Form(max_length=40)],
    text: Annotated[str, Form(max_length=20_000)] = "", points: Annotated[list[str] | None, Form()] = None,
    lat: Annotated[float | None, Form()] = None, lon: Annotated[float | None, Form()] = None,
    do_not_disclose: Annotated[bool, Form()] = False, anonymous: Annotated[bool, Form()] = False,
    about_official_ids: Annotated[list[str] | None, Form()] = None, photos: Photos = [],  # noqa: B006
) -> AppealPublic | TipPublic:  # fmt: skip
    location = Location.checked(lat, lon) if lat is not None and lon is not None else None
    form = AppealForm(kind=kind, category=category, text=text, points=tuple(points or ()), location=location,
                      do_not_disclose=do_not_disclose, anonymous=anonymous,
                      named_official_ids=tuple(about_official_ids or ()), photos=await _uploads(photos))  # fmt: skip
    done = await submit(form, principal, ctx)
    if done.tip is not None:
        return TipPublic.of(done.tip, language)
    assert done.appeal is not None
    if done.merged:
        response.status_code = status.HTTP_200_OK
    return _view(done.appeal, principal, language, ctx, merged=done.merged)


@router.get("/v1/appeals/mine", response_model=list[AppealPublic])
async def my_appeals(principal: AnyoneDep, ctx: ContextDep, language: LanguageDep) -> list[AppealPublic]:
    return [_view(appeal, principal, language, ctx) for appeal in await reading.mine(principal, ctx)]


# --- staff: queue, search, statistics (static paths before /{appeal_id}) -------------------------------------


@router.get("/v1/appeals/queue", response_model=list[AppealPublic])
async def work_queue(
    principal: StaffDep, ctx: ContextDep, language: LanguageDep,
    territory: Annotated[str | None, Query(max_length=12)] = None,
    state: Annotated[list[AppealState] | None, Query()] = None, category: str | None = None,
    overdue: bool = False, due_soon: bool = False, limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[AppealPublic]:  # fmt: skip
    which = QueueFilter(territory_code=territory, states=tuple(s.value for s in state or ()), category=category,
                        limit=limit)  # fmt: skip
    found = await reading.queue(principal, which, overdue=overdue, due_soon=due_soon, ctx=ctx)
    return [_view(appeal, principal, language, ctx) for appeal in found]


@router.get("/v1/appeals/search", response_model=list[AppealPublic])
async def search_appeals(
    principal: StaffDep, ctx: ContextDep, language: LanguageDep, q: Annotated[str, Query(min_length=1, max_length=200)],
    territory: Annotated[str | None, Query(max_length=12)] = None,
) -> list[AppealPublic]:  # fmt: skip
    return [_view(appeal, principal, language, ctx) for appeal in await reading.search(principal, q, territory, ctx)]


@router.get("/v1/appeals/statistics")
async def statistics(
    principal: AnalystDep, ctx: ContextDep, territory: Annotated[str, Query(min_length=2, max_length=12)],
    start: Annotated[date, Query(alias="from")], end: Annotated[date, Query(alias="to")],
    level: TerritoryLevel = "district",
) -> dict[str, Any]:  # fmt: skip
    total, rows = await reading.statistics(principal, territory, start, end, level, ctx)
    return {"territory": territory, "from": start, "to": end, "level": level, "total": total.to_dict(),
            "by_territory": [row.to_dict() for row in rows.values()]}  # fmt: skip


@router.get("/v1/appeals/reports/quarterly")
async def quarterly_report(
    principal: AnalystDep, ctx: ContextDep, territory: Annotated[str, Query(min_length=2, max_length=12)],
    year: Annotated[int, Query(ge=2000, le=2100)], quarter: Annotated[int, Query(ge=1, le=4)],
    level: TerritoryLevel = "district",
) -> dict[str, Any]:  # fmt: skip
    return (await reading.quarterly(principal, territory, year, quarter, level, ctx)).to_dict()


@router.get("/v1/appeals/tips", response_model=list[TipPublic])
async def tips(principal: StaffDep, ctx: ContextDep, language: LanguageDep,
               territory: Annotated[str, Query(min_length=2, max_length=12)]) -> list[TipPublic]:  # fmt: skip
    return [TipPublic.of(tip, language) for tip in await reading.tips(principal, territory, ctx)]


@router.post("/v1/appeals/tips/{tip_id}/review", response_model=TipPublic)
async def review_tip(
    tip_id: str, body: TextBody, principal: StaffDep, ctx: ContextDep, language: LanguageDep
) -> TipPublic:
    return TipPublic.of(await reading.review_tip(tip_id, body.text, principal, ctx), language)


# --- one appeal ----------------------------------------------------------------------------------------------


@router.get("/v1/appeals/{appeal_id}", response_model=AppealPublic)
async def read_appeal(appeal_id: str, principal: AnyoneDep, ctx: ContextDep, language: LanguageDep) -> AppealPublic:
    return _view(await reading.one(appeal_id, principal, ctx), principal, language, ctx)


@router.get("/v1/appeals/{appeal_id}/photos/{key}")
async def read_photo(appeal_id: str, key: str, principal: AnyoneDep, ctx: ContextDep) -> Response:
    appeal = await reading.one(appeal_id, principal, ctx)
    keys = {p.storage_key for p in appeal.photos} | {p.storage_key for a in appeal.additions for p in a.photos}
    stored = await ctx.photos.get(key) if key in keys else None
    if stored is None:
        raise AppealNotFound()
    return Response(stored[1], media_type=stored[0], headers={"Cache-Control": "private, max-age=3600"})


@router.post("/v1/appeals/{appeal_id}/messages", response_model=AppealPublic)
async def post_message(appeal_id: str, body: TextBody, principal: AnyoneDep, ctx: ContextDep,
                       language: LanguageDep) -> AppealPublic:  # fmt: skip
    return _view(await commands.post_message(appeal_id, body.text, principal, ctx), principal, language, ctx)


@router.post("/v1/appeals/{appeal_id}/information", response_model=AppealPublic)
async def provide_information(appeal_id: str, principal: CitizenDep, ctx: ContextDep, language: LanguageDep,
                              text: Annotated[str, Form(max_length=20_000)] = "", photos: Photos = []) -> AppealPublic:  # noqa: B006  # fmt: skip
    appeal = await commands.provide_information(appeal_id, text, await _uploads(photos), principal, ctx)
    return _view(appeal, principal, language, ctx)


@router.post("/v1/appeals/{appeal_id}/evidence", response_model=AppealPublic)
async def add_evidence(appeal_id: str, principal: CitizenDep, ctx: ContextDep, language: LanguageDep,
                       text: Annotated[str, Form(max_length=20_000)] = "", photos: Photos = []) -> AppealPublic:  # noqa: B006  # fmt: skip
    appeal = await commands.add_evidence(appeal_id, text, await _uploads(photos), principal, ctx)
    return _view(appeal, principal, language, ctx)


@router.post("/v1/appeals/{appeal_id}/withdrawal", response_model=AppealPublic)
async def withdraw(appeal_id: str, body: ReasonBody, principal: CitizenDep, ctx: ContextDep,
                   language: LanguageDep) -> AppealPublic:  # fmt: skip
    return _view(await commands.withdraw(appeal_id, body.reason, principal, ctx), principal, language, ctx)


@router.post("/v1/appeals/{appeal_id}/clarification", response_model=AppealPublic)
async def request_clarification(appeal_id: str, body: QuestionBody, principal: CitizenDep, ctx: ContextDep,
                                language: LanguageDep) -> AppealPublic:  # fmt: skip
    appeal = await commands.request_clarification(appeal_id, body.question, principal, ctx)
    return _view(appeal, principal, language, ctx)


@router.post("/v1/appeals/{appeal_id}/rating", response_model=AppealPublic)
async def rate(appeal_id: str, body: RatingBody, principal: CitizenDep, ctx: ContextDep,
               language: LanguageDep) -> AppealPublic:  # fmt: skip
    appeal = await commands.rate(appeal_id, body.satisfied, body.escalate, principal, ctx)
    return _view(appeal, principal, language, ctx)


@router.post("/v1/appeals/{appeal_id}/escalation", response_model=AppealPublic)
async def escalate(appeal_id: str, principal: CitizenDep, ctx: ContextDep, language: LanguageDep) -> AppealPublic:
    return _view(await commands.escalate(appeal_id, principal, ctx), principal, language, ctx)


# --- staff on one appeal ---------------------------------------------------------------------------------------


@router.post("/v1/appeals/{appeal_id}/review", response_model=AppealPublic)
async def start_review(appeal_id: str, principal: StaffDep, ctx: ContextDep, language: LanguageDep) -> AppealPublic:
    return _view(await commands.start_review(appeal_id, principal, ctx), principal, language, ctx)


@router.post("/v1/appeals/{appeal_id}/information-request", response_model=AppealPublic)
async def request_information(appeal_id: str, body: QuestionBody, principal: StaffDep, ctx: ContextDep,
                              language: LanguageDep) -> AppealPublic:  # fmt: skip
    appeal = await commands.request_information(appeal_id, body.question, principal, ctx)
    return _view(appeal, principal, language, ctx)


@router.post("/v1/appeals/{appeal_id}/answer", response_model=AppealPublic)
async def answer(appeal_id: str, body: AnswerBody, principal: StaffDep, ctx: ContextDep,
                 language: LanguageDep) -> AppealPublic:  # fmt: skip
    return _view(await commands.answer(appeal_id, body.draft(), principal, ctx), principal, language, ctx)


@router.post("/v1/appeals/{appeal_id}/extra-study", response_model=AppealPublic)
async def require_extra_study(appeal_id: str, body: ReasonBody, principal: StaffDep, ctx: ContextDep,
                              language: LanguageDep) -> AppealPublic:  # fmt: skip
    appeal = await commands.require_extra_study(appeal_id, body.reason, principal, ctx)
    return _view(appeal, principal, language, ctx)


@router.post("/v1/appeals/{appeal_id}/extension", response_model=AppealPublic)
async def extend(appeal_id: str, body: ExtensionBody, principal: StaffDep, ctx: ContextDep,
                 language: LanguageDep) -> AppealPublic:  # fmt: skip
    appeal = await commands.extend(appeal_id, body.reason, body.new_due_on, principal, ctx)
    return _view(appeal, principal, language, ctx)


@router.post("/v1/appeals/{appeal_id}/forwarding", response_model=AppealPublic)
async def forward(appeal_id: str, body: ForwardBody, principal: StaffDep, ctx: ContextDep,
                  language: LanguageDep) -> AppealPublic:  # fmt: skip
    appeal = await commands.forward(appeal_id, body.body_code, body.reason, principal, ctx)
    return _view(appeal, principal, language, ctx)


@router.post("/v1/appeals/{appeal_id}/reassignment", response_model=AppealPublic)
async def reassign(appeal_id: str, body: ReassignmentBody, principal: StaffDep, ctx: ContextDep,
                   language: LanguageDep) -> AppealPublic:  # fmt: skip
    """A sector head or district officer hands the appeal to another official of its mahalla."""
    appeal = await commands.reassign(appeal_id, body.assignee_id, body.reason, principal, ctx)
    return _view(appeal, principal, language, ctx)


_ENDINGS = {"return": "returned", "not-considered": "not_considered", "termination": "terminated"}


@router.post("/v1/appeals/{appeal_id}/{ending}", response_model=AppealPublic)
async def end_without_answer(appeal_id: str, ending: Literal["return", "not-considered", "termination"],
                             body: ReasonCodeBody, principal: StaffDep, ctx: ContextDep,
                             language: LanguageDep) -> AppealPublic:  # fmt: skip
    appeal = await commands.end_without_answer(appeal_id, _ENDINGS[ending], body.reason_code, body.reason,
                                               principal, ctx)  # fmt: skip
    return _view(appeal, principal, language, ctx)
