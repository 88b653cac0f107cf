"""Value objects of an appeal: who acts, what was written and attached, the answer, the timeline."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field
from datetime import datetime

from services.appeals.domain.errors import (
    EmptyText,
    InvalidLocation,
    PhotoNotImage,
    PhotoTooLarge,
    ReasonRequired,
    TextTooLong,
    TooManyPhotos,
    TooManyPoints,
)

TEXT_MAX_LENGTH = 4000  # the Open311 description limit; an appeal is a message, not a dossier
MESSAGE_MAX_LENGTH = 2000
MAX_POINTS = 20
MAX_PHOTOS = 5
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/heic"})


class Role(enum.StrEnum):
    CITIZEN = "citizen"
    INSPECTOR = "inspector"
    SECTOR_HEAD = "sector_head"
    DISTRICT_STAFF = "district_staff"
    SYSTEM = "system"  # timers, routing on submission, duplicate detection


STAFF_ROLES = frozenset({Role.INSPECTOR, Role.SECTOR_HEAD, Role.DISTRICT_STAFF})
SUPERVISOR_ROLES = frozenset({Role.SECTOR_HEAD, Role.DISTRICT_STAFF})


@dataclass(frozen=True)
class Actor:
    id: str
    role: Role


SYSTEM = Actor(id="system", role=Role.SYSTEM)


def checked_text(text: str, max_length: int = TEXT_MAX_LENGTH) -> str:
    """The text without surrounding blanks; empty or too long is bad input."""
    stripped = text.strip()
    if not stripped:
        raise EmptyText()
    if len(stripped) > max_length:
        raise TextTooLong(max_length=max_length)
    return stripped


def checked_reason(reason: str) -> str:
    stripped = reason.strip()
    if not stripped:
        raise ReasonRequired()
    if len(stripped) > MESSAGE_MAX_LENGTH:
        raise TextTooLong(max_length=MESSAGE_MAX_LENGTH)
    return stripped


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float

    @classmethod
    def checked(cls, lat: float, lon: float) -> Location:
        if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
            raise InvalidLocation()
        return cls(lat=float(lat), lon=float(lon))


def sniff_image_type(head: bytes) -> str | None:
    """The image type from the file's first bytes (at least 12), whatever the client claimed."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"):
        return "image/heic"
    return None


@dataclass(frozen=True)
class Photo:
    storage_key: str  # where the bytes were stored; the domain never holds them
    content_type: str
    size_bytes: int

    @classmethod
    def checked(cls, *, storage_key: str, head: bytes, size_bytes: int) -> Photo:
        """A photo whose first bytes are a real image of an accepted type and whose size is in bounds."""
        content_type = sniff_image_type(head)
        if content_type is None:
            raise PhotoNotImage()
        if size_bytes > PHOTO_MAX_BYTES or size_bytes <= 0:
            raise PhotoTooLarge(max_megabytes=PHOTO_MAX_BYTES // (1024 * 1024))
        return cls(storage_key=storage_key, content_type=content_type, size_bytes=size_bytes)


def checked_photos(photos: tuple[Photo, ...]) -> tuple[Photo, ...]:
    if len(photos) > MAX_PHOTOS:
        raise TooManyPhotos(max_photos=MAX_PHOTOS)
    for photo in photos:
        if photo.content_type not in PHOTO_TYPES:
            raise PhotoNotImage()
        if photo.size_bytes > PHOTO_MAX_BYTES or photo.size_bytes <= 0:
            raise PhotoTooLarge(max_megabytes=PHOTO_MAX_BYTES // (1024 * 1024))
    return photos


@dataclass(frozen=True)
class AppealPoint:
    """One question or request of the appeal; the answer must address each (Art. 27)."""

    number: int
    text: str


def checked_points(text: str, points: tuple[str, ...]) -> tuple[AppealPoint, ...]:
    """The citizen's points, numbered from 1; an appeal without listed points is one point, its text."""
    if len(points) > MAX_POINTS:
        raise TooManyPoints(max_points=MAX_POINTS)
    listed = [checked_text(point, MESSAGE_MAX_LENGTH) for point in points]
    if not listed:
        listed = [text]
    return tuple(AppealPoint(number=n, text=point) for n, point in enumerate(listed, start=1))


class AnswerOutcome(enum.StrEnum):
    SATISFIED = "satisfied"  # the request was granted
    PARTIALLY_SATISFIED = "partially_satisfied"
    REFUSED = "refused"
    EXPLAINED = "explained"  # nothing to grant or refuse: the matter was explained


@dataclass(frozen=True)
class PointResponse:
    point: int
    response: str


@dataclass(frozen=True)
class AnswerDraft:
    """What the official submits: a response to every point, the legal grounds and how to appeal."""

    responses: tuple[PointResponse, ...]
    legal_basis: str
    how_to_appeal: str
    outcome: AnswerOutcome


@dataclass(frozen=True)
class Answer:
    responses: tuple[PointResponse, ...]
    legal_basis: str
    how_to_appeal: str
    outcome: AnswerOutcome
    official_id: str
    answered_at: datetime
    round: int


@dataclass(frozen=True)
class Rating:
    satisfied: bool
    official_id: str | None  # whose answer was rated: counted in his performance
    at: datetime
    round: int


@dataclass(frozen=True)
class ThreadMessage:
    number: int
    author_id: str
    author_role: Role
    text: str
    at: datetime


class AdditionKind(enum.StrEnum):
    INFORMATION = "information"  # answering the official's request
    EVIDENCE = "evidence"  # added by the citizen on his own (Art. 32)
    DUPLICATE = "duplicate"  # a repeated submission merged into this appeal


@dataclass(frozen=True)
class Addition:
    kind: AdditionKind
    text: str | None
    photos: tuple[Photo, ...]
    at: datetime


@dataclass(frozen=True)
class TimelineEntry:
    """One step of the appeal: who, when, what, from which state to which, and why."""

    at: datetime
    actor_id: str
    actor_role: Role
    action: str
    from_state: str
    to_state: str
    reason: str | None = None
    details: dict[str, str | int | bool | None] = field(default_factory=dict)
