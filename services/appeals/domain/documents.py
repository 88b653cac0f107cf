"""An appeal (or a tip) as one storable document, and back.

The mapping is driven by the dataclasses' type hints, so a new field needs no code here. Enums are
stored as their values, dates as ISO strings (BSON has no date type), datetimes as UTC datetimes (BSON
dates; a naive datetime read back from the database is taken as UTC), tuples and frozensets as lists.

The pending domain events are NOT part of the document: the repository pulls them (`pull_events`),
maps them to contracts and writes them with the state in one update through `shared.outbox`.
Keys the domain does not know (``_id``, ``_outbox``, the search key…) are ignored when reading.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import types
import typing
from datetime import UTC, date, datetime
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

from services.appeals.domain.events import EVENT_TYPES, AppealEvent, TipEvent
from services.appeals.domain.lifecycle import Appeal
from services.appeals.domain.tips import Tip
from services.appeals.domain.transliteration import search_key

SCHEMA_VERSION = 1
_SKIPPED = frozenset({"outbox"})

T = TypeVar("T")


_PLAIN = frozenset({str, int, float, bool, type(None)})


def encode(value: Any) -> Any:
    """A dataclass (and everything inside it) as plain document values."""
    kind = type(value)
    if kind in _PLAIN:  # the exact types: an enum that is also a str is not plain
        return value
    if dataclasses.is_dataclass(kind):
        return {name: encode(getattr(value, name)) for name in _stored_fields(kind)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple | frozenset | set):
        items = [encode(item) for item in value]
        return sorted(items) if isinstance(value, frozenset | set) else items
    if isinstance(value, dict):
        return {str(key): encode(item) for key, item in value.items()}
    return value


def decode(kind: Any, value: Any) -> Any:
    """The inverse of `encode` for a value of the annotated type `kind`."""
    origin, args = get_origin(kind), get_args(kind)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        concrete = [arg for arg in args if arg is not type(None)]
        if len(concrete) == 1:
            return decode(concrete[0], value)
        return value  # a union of plain scalars (timeline details): stored as is
    if origin in (tuple, list, frozenset, set):
        item_kind = args[0] if args else Any
        items = [decode(item_kind, item) for item in value]
        return origin(items) if origin is not list else items
    if origin is dict:
        return {key: decode(args[1] if args else Any, item) for key, item in value.items()}
    if kind is Any or kind is object:
        return value
    if isinstance(kind, type):
        if dataclasses.is_dataclass(kind):
            return _decode_dataclass(kind, value)
        if issubclass(kind, enum.Enum):
            return kind(value)
        if issubclass(kind, datetime):
            moment = datetime.fromisoformat(value) if isinstance(value, str) else value
            return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
        if issubclass(kind, date):
            return date.fromisoformat(value)
        if kind in (int, float, str, bool):
            return kind(value)
    return value


@functools.cache
def _stored_fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if f.name not in _SKIPPED)


@functools.cache
def _fields_of(cls: type) -> dict[str, Any]:
    hints = get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls) if f.init and f.name not in _SKIPPED}


def _decode_dataclass(cls: type[T], data: dict[str, Any]) -> T:
    fields = _fields_of(cls)  # type: ignore[arg-type]  # a class is hashable
    return cls(**{name: decode(kind, data[name]) for name, kind in fields.items() if name in data})


def appeal_to_document(appeal: Appeal) -> dict[str, Any]:
    """The appeal as one document, with a folded `search_key` for search in either script."""
    document: dict[str, Any] = encode(appeal)
    document["schema"] = SCHEMA_VERSION
    document["search_key"] = search_key(f"{appeal.number} {appeal.text}")
    return document


def appeal_from_document(document: dict[str, Any]) -> Appeal:
    return _decode_dataclass(Appeal, document)


def tip_to_document(tip: Tip) -> dict[str, Any]:
    document: dict[str, Any] = encode(tip)
    document["schema"] = SCHEMA_VERSION
    return document


def tip_from_document(document: dict[str, Any]) -> Tip:
    return _decode_dataclass(Tip, document)


def event_to_document(event: AppealEvent | TipEvent) -> dict[str, Any]:
    """A domain event as a plain mapping with its `type`, e.g. for mapping onto a contract."""
    return {"type": event.type, **encode(event)}


def event_from_document(document: dict[str, Any]) -> AppealEvent | TipEvent:
    event_type = EVENT_TYPES[document["type"]]
    return _decode_dataclass(event_type, document)
