"""The Open311 GeoReport v2 facade (with FixMyStreet's `servicerequestupdates`), in JSON and XML.

Errors are answered the spec's way (`[{"code", "description"}]`), not as problem+json. Creating needs a
client `api_key` and the citizen's token (appeals come from verified citizens; anonymous ones are tips).
Everything public is redacted by `domain/open311.py`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal, cast

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from services.appeals.deps import ContextDep, LanguageDep, RuntimeDep
from services.appeals.domain import open311
from services.appeals.domain.errors import AppealNotFound, InvalidField
from services.appeals.domain.states import REVIEW_STATES
from services.appeals.handlers.submission import AppealForm, submit
from services.appeals.settings import AppealsSettings
from shared.auth import AccessDenied, require_verified
from shared.errors import DomainError
from shared.i18n import Language

router = APIRouter(prefix="/v1/open311/v2", tags=["open311"])
Format = Literal["json", "xml"]
LISTING_LIMIT = 1000
DEFAULT_WINDOW = timedelta(days=90)


def _render(fmt: Format, root: str, value: Any, status: int = 200) -> Response:
    if fmt == "xml":
        return Response(open311.to_xml(root, value), status_code=status, media_type="text/xml; charset=utf-8")
    return JSONResponse(value, status_code=status)


async def _answer(fmt: Format, language: Language, root: str, produce: Callable[[], Awaitable[Any]]) -> Response:
    try:
        return _render(fmt, root, await produce())
    except DomainError as error:
        return _render(fmt, "errors", open311.domain_error_body(error, language), error.status)


def _moment(value: str | None, field: str) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidField(field=field) from None
    if moment.tzinfo is None:
        raise InvalidField(field=field)
    return moment


@router.get("/discovery.{fmt}")
async def discovery(fmt: Format, runtime: RuntimeDep, language: LanguageDep) -> Response:
    settings = cast(AppealsSettings, runtime.settings)

    async def produce() -> Any:
        return open311.discovery(settings.open311_base_url, contact=settings.open311_contact,
                                 changeset=datetime(2026, 1, 1, tzinfo=runtime.clock.now().tzinfo),
                                 key_service=settings.open311_contact)  # fmt: skip

    return await _answer(fmt, language, "discovery", produce)


@router.get("/services.{fmt}")
async def services(fmt: Format, ctx: ContextDep, language: LanguageDep) -> Response:
    async def produce() -> Any:
        return open311.services(ctx.catalogue, language)

    return await _answer(fmt, language, "services", produce)


@router.get("/services/{code}.{fmt}")
async def service_definition(code: str, fmt: Format, ctx: ContextDep, language: LanguageDep) -> Response:
    async def produce() -> Any:
        return open311.service_definition(ctx.catalogue.for_new_appeal(code), language)

    return await _answer(fmt, language, "service_definition", produce)


@router.post("/requests.{fmt}")
async def create_request(fmt: Format, request: Request, runtime: RuntimeDep, ctx: ContextDep,
                         language: LanguageDep) -> Response:  # fmt: skip
    settings = cast(AppealsSettings, runtime.settings)

    async def produce() -> Any:
        form = {key: str(value) for key, value in (await request.form()).items()}
        keys = {key.get_secret_value() for key in settings.open311_api_keys}
        if form.get("api_key") not in keys:
            raise AccessDenied(required_roles="api_key")
        citizen = await require_verified(request)
        submission = open311.parse_request_form(form, ctx.catalogue)
        done = await submit(AppealForm(kind=submission.kind, category=submission.service_code,
                                       text=submission.description, location=submission.location,
                                       do_not_disclose=submission.do_not_disclose), citizen, ctx)  # fmt: skip
        assert done.appeal is not None
        return open311.created(done.appeal, language)

    return await _answer(fmt, language, "service_requests", produce)


def _listing_query(ctx: ContextDep, service_code: str | None, status: str | None, start: datetime | None,
                   end: datetime | None, numbers: list[str] | None) -> dict[str, Any]:  # fmt: skip
    listed = [c.code for c in ctx.catalogue if c.listed_publicly and (service_code is None or c.code == service_code)]
    query: dict[str, Any] = {"category": {"$in": listed}}
    if numbers:
        query["number"] = {"$in": numbers}
    else:
        end = end or ctx.clock.now()
        query["received_at"] = {"$gte": start or end - DEFAULT_WINDOW, "$lt": end}
    open_states = sorted(state.value for state in REVIEW_STATES)
    if status == "open":
        query["state"] = {"$in": open_states}
    elif status == "closed":
        query["state"] = {"$nin": open_states}
    return query


@router.get("/requests.{fmt}")
async def list_requests(
    fmt: Format, ctx: ContextDep, language: LanguageDep, service_request_id: str | None = None,
    service_code: str | None = None, status: Annotated[str | None, Query(pattern="^(open|closed)$")] = None,
    start_date: str | None = None, end_date: str | None = None,
) -> Response:  # fmt: skip
    async def produce() -> Any:
        numbers = [n.strip() for n in service_request_id.split(",")] if service_request_id else None
        query = _listing_query(ctx, service_code, status, _moment(start_date, "start_date"),
                               _moment(end_date, "end_date"), numbers)  # fmt: skip
        return open311.public_requests(await ctx.appeals.public_listing(query, LISTING_LIMIT), ctx.catalogue, language)

    return await _answer(fmt, language, "service_requests", produce)


@router.get("/requests/{number}.{fmt}")
async def read_request(number: str, fmt: Format, ctx: ContextDep, language: LanguageDep) -> Response:
    async def produce() -> Any:
        found = open311.public_requests(
            await ctx.appeals.public_listing(_listing_query(ctx, None, None, None, None, [number]), 1),
            ctx.catalogue, language,
        )  # fmt: skip
        if not found:
            raise AppealNotFound()
        return found

    return await _answer(fmt, language, "service_requests", produce)


@router.get("/tokens/{token}.{fmt}")
async def read_token(token: str, fmt: Format, ctx: ContextDep, language: LanguageDep) -> Response:
    """Our requests get their number at once, so a token is only ever the number itself."""

    async def produce() -> Any:
        found = await ctx.appeals.public_listing(_listing_query(ctx, None, None, None, None, [token]), 1)
        if not found:
            raise AppealNotFound()
        return [{"service_request_id": found[0].number, "token": token}]

    return await _answer(fmt, language, "service_requests", produce)


@router.get("/servicerequestupdates.{fmt}")
async def request_updates(fmt: Format, ctx: ContextDep, language: LanguageDep, start_date: str | None = None,
                          end_date: str | None = None) -> Response:  # fmt: skip
    async def produce() -> Any:
        start, end = _moment(start_date, "start_date"), _moment(end_date, "end_date")
        appeals = await ctx.appeals.public_listing(_listing_query(ctx, None, None, None, end, None), LISTING_LIMIT)
        updates = [u for a in appeals for u in open311.request_updates(a, language, start=start, end=end)]
        return sorted(updates, key=lambda update: str(update["updated_datetime"]))

    return await _answer(fmt, language, "service_request_updates", produce)
