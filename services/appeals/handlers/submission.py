"""Submitting: an appeal registered the same day with its number, routed, its deadline held by timers;
a repeated one merged into the open appeal; an anonymous one kept as a tip."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from services.appeals.domain.categories import AppealKind
from services.appeals.domain.deadlines import registration_date
from services.appeals.domain.duplicates import DUPLICATE_WINDOW, find_duplicate
from services.appeals.domain.errors import ResidenceRequired, RoutingImpossible, TooManyPhotos
from services.appeals.domain.lifecycle import Appeal
from services.appeals.domain.numbering import appeal_number, sequence_scope
from services.appeals.domain.records import MAX_PHOTOS, SYSTEM, Location, Photo, checked_text
from services.appeals.domain.routing import route
from services.appeals.domain.tips import Tip
from services.appeals.handlers.context import AppealsContext
from services.appeals.handlers.outgoing import tip_outgoing
from services.appeals.handlers.saving import add_new, change
from services.appeals.repository.appeals import NumberTaken
from shared.auth import Principal


@dataclass(frozen=True)
class Upload:
    data: bytes


@dataclass(frozen=True)
class AppealForm:
    kind: AppealKind
    category: str
    text: str
    points: tuple[str, ...] = ()
    location: Location | None = None
    do_not_disclose: bool = False
    anonymous: bool = False
    named_official_ids: tuple[str, ...] = ()
    photos: tuple[Upload, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Submitted:
    appeal: Appeal | None = None
    tip: Tip | None = None
    merged: bool = False


async def store_photos(uploads: tuple[Upload, ...], ctx: AppealsContext) -> tuple[Photo, ...]:
    """Check every photo (type sniffed from its bytes, size) before storing any."""
    if len(uploads) > MAX_PHOTOS:
        raise TooManyPhotos(max_photos=MAX_PHOTOS)
    photos = [Photo.checked(storage_key=ctx.new_id(), head=u.data[:16], size_bytes=len(u.data)) for u in uploads]
    for photo, upload in zip(photos, uploads, strict=True):
        await ctx.photos.put(photo.storage_key, photo.content_type, upload.data)
    return tuple(photos)


async def submit(form: AppealForm, citizen: Principal, ctx: AppealsContext) -> Submitted:
    if citizen.mahalla_code is None:
        raise ResidenceRequired()
    category = ctx.catalogue.for_new_appeal(form.category)
    text = checked_text(form.text)
    photos = await store_photos(form.photos, ctx)
    now = ctx.clock.now()
    if form.anonymous:
        return Submitted(tip=await _keep_tip(form, citizen.mahalla_code, photos, now, ctx))
    mine = await ctx.appeals.open_of_citizen(citizen.subject, now - DUPLICATE_WINDOW)
    duplicate = find_duplicate(citizen_id=citizen.subject, text=text, received_at=now, candidates=mine)
    if duplicate is not None:
        merged = await change(duplicate.id, lambda a: a.merge_duplicate(text, photos, at=now), ctx)
        return Submitted(appeal=merged, merged=True)
    location_mahalla = await ctx.locator.mahalla_at(form.location) if form.location else None
    for _ in range(3):
        scope = sequence_scope(citizen.mahalla_code, registration_date(now).year)
        number = appeal_number(citizen.mahalla_code, registration_date(now).year, await ctx.numbers.next(scope))
        appeal = Appeal.register(
            appeal_id=ctx.new_id(), number=number, citizen_id=citizen.subject, kind=form.kind, category=category,
            text=text, mahalla_code=citizen.mahalla_code, received_at=now, points=form.points, location=form.location,
            location_mahalla_code=location_mahalla, photos=photos, do_not_disclose=form.do_not_disclose,
            named_official_ids=form.named_official_ids,
        )  # fmt: skip
        await _route(appeal, now, ctx)
        try:
            await add_new(appeal, ctx)
            return Submitted(appeal=appeal)
        except NumberTaken:
            continue
    raise NumberTaken(citizen.mahalla_code)


async def _route(appeal: Appeal, now: datetime, ctx: AppealsContext) -> None:
    """To the mahalla's inspector or the level the law requires; when nobody may take it, the appeal
    stays registered (never refused) and is routed as soon as the territory read model has someone."""
    request = appeal.routing_request()
    view = await ctx.territory.view_for(request.mahalla_codes)
    try:
        appeal.assign(route(request, view), by=SYSTEM, at=now)
    except RoutingImpossible:
        return


async def _keep_tip(form: AppealForm, mahalla_code: str, photos: tuple[Photo, ...], now: datetime,
                    ctx: AppealsContext) -> Tip:  # fmt: skip
    tip = Tip.receive(tip_id=ctx.new_id(), category=ctx.catalogue.for_new_appeal(form.category),
                      mahalla_code=mahalla_code, text=form.text, received_at=now, location=form.location,
                      photos=photos)  # fmt: skip
    view = await ctx.territory.view_for([mahalla_code])
    staff = view.mahallas.get(mahalla_code)
    await ctx.tips.add(tip, tip_outgoing(tip, tip.pull_events(), staff.inspector_ids if staff else ()))
    return tip
