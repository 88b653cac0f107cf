"""Open311 GeoReport v2 as pure mapping: services and definitions from the categories, requests and
FixMyStreet `servicerequestupdates` from appeals, errors, the create form, JSON shapes and XML.

Appeals to the police are confidential, so a *public* request never carries the text, the author, the
exact location (coordinates are snapped to the centre of a ~1 km grid cell) or media; categories that
are never listed publicly (family matters, minors, threats…) are left out of public listings entirely.
`service_request_id` is the appeal's human-readable number. Times are ISO 8601 in Tashkent time.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from xml.etree import ElementTree

from services.appeals.domain.aggregate import AppealRecord
from services.appeals.domain.categories import KIND_NAMES, AppealKind, Category, CategoryCatalogue
from services.appeals.domain.deadlines import in_tashkent
from services.appeals.domain.errors import FieldRequired, InvalidField, InvalidLocation, UnknownCategory
from services.appeals.domain.records import AnswerOutcome, Location, checked_text
from services.appeals.domain.states import REVIEW_STATES, AppealState
from services.appeals.messages import MESSAGES
from shared.errors import DomainError
from shared.i18n import LANGUAGES, Language

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
GRID_DEGREES = 0.01  # ~1.1 km north–south; the public point is the centre of the cell
_YES = frozenset({"yes", "true", "1", "on"})
_NO = frozenset({"no", "false", "0", "off", ""})

Json = dict[str, Any]


def _time(moment: datetime | None) -> str | None:
    return in_tashkent(moment).isoformat(timespec="seconds") if moment is not None else None


def snap(value: float, step: float = GRID_DEGREES) -> float:
    """The centre of the grid cell holding `value`: shared by every address in that cell."""
    return round(math.floor(value / step) * step + step / 2, 6)


# --- services --------------------------------------------------------------------------------------------


def service(category: Category, language: Language) -> Json:
    others = [category.name.in_language(other) for other in LANGUAGES if other != language]
    return {
        "service_code": category.code,
        "service_name": category.name.in_language(language),
        "description": None,
        "metadata": True,
        "type": "realtime",
        "keywords": ", ".join(dict.fromkeys(others)),
        "group": category.group,
    }


def services(catalogue: CategoryCatalogue, language: Language) -> list[Json]:
    return [service(category, language) for category in catalogue.active()]


def service_definition(category: Category, language: Language) -> Json:
    yes_no = [
        {"key": "no", "name": MESSAGES["appeals.open311.no"].in_language(language)},
        {"key": "yes", "name": MESSAGES["appeals.open311.yes"].in_language(language)},
    ]
    kinds = [{"key": kind.value, "name": KIND_NAMES[kind].in_language(language)} for kind in AppealKind]
    return {
        "service_code": category.code,
        "attributes": [
            _attribute("kind", 1, True, "appeals.open311.attribute.kind", kinds, language),
            _attribute("do_not_disclose", 2, False, "appeals.open311.attribute.do_not_disclose", yes_no, language),
        ],
    }


def _attribute(code: str, order: int, required: bool, label: str, values: list[Json], language: Language) -> Json:
    return {
        "variable": True,
        "code": code,
        "datatype": "singlevaluelist",
        "required": required,
        "datatype_description": None,
        "order": order,
        "description": MESSAGES[label].in_language(language),
        "values": values,
    }


# --- requests --------------------------------------------------------------------------------------------


def status_of(appeal: AppealRecord) -> str:
    return "open" if appeal.state in REVIEW_STATES else "closed"


def service_request(
    appeal: AppealRecord,
    catalogue: CategoryCatalogue,
    language: Language,
    *,
    public: bool,
    media_url: str | None = None,
) -> Json:
    """One appeal as a GeoReport request; `public=True` redacts it for listings anyone may read."""
    location = appeal.location
    if location is None:
        lat = long = None
    elif public:
        lat, long = snap(location.lat), snap(location.lon)
    else:
        lat, long = location.lat, location.lon
    name = catalogue.get(appeal.category).name.in_language(language) if appeal.category in catalogue else None
    return {
        "service_request_id": appeal.number,
        "status": status_of(appeal),
        "status_notes": MESSAGES[f"appeals.state.{appeal.state.value}"].in_language(language),
        "service_name": name,
        "service_code": appeal.category,
        "description": None if public else appeal.text,
        "agency_responsible": MESSAGES["appeals.open311.agency"].in_language(language),
        "service_notice": None,
        "requested_datetime": _time(appeal.received_at),
        "updated_datetime": _time(appeal.timeline[-1].at if appeal.timeline else appeal.received_at),
        "expected_datetime": _time(appeal.breach_moment) if appeal.is_open else None,
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": lat,
        "long": long,
        "media_url": None if public else media_url,
    }


def public_requests(appeals: Iterable[AppealRecord], catalogue: CategoryCatalogue, language: Language) -> list[Json]:
    """A public listing: redacted, and without the categories that are never listed."""
    listed = {category.code for category in catalogue if category.listed_publicly}
    return [
        service_request(appeal, catalogue, language, public=True) for appeal in appeals if appeal.category in listed
    ]


def created(appeal: AppealRecord, language: Language) -> list[Json]:
    """The answer to `POST /requests`: the number and a notice with the registration and deadline."""
    notice = MESSAGES["appeals.notice.registered"].render(
        language,
        number=appeal.number,
        registered_on=appeal.registered_on.isoformat(),
        due_on=appeal.due_on.isoformat(),
    )
    return [{"service_request_id": appeal.number, "service_notice": notice, "account_id": None}]


# --- FixMyStreet servicerequestupdates ---------------------------------------------------------------------

_UPDATE_STATUS = {
    AppealState.REGISTERED: "open",
    AppealState.ASSIGNED: "open",
    AppealState.IN_REVIEW: "investigating",
    AppealState.INFO_REQUESTED: "in_progress",
    AppealState.FORWARDED: "not_councils_responsibility",
    AppealState.RETURNED: "no_further_action",
    AppealState.NOT_CONSIDERED: "no_further_action",
    AppealState.TERMINATED: "no_further_action",
    AppealState.WITHDRAWN: "closed",
}
_OUTCOME_STATUS = {
    AnswerOutcome.SATISFIED: "fixed",
    AnswerOutcome.PARTIALLY_SATISFIED: "fixed",
    AnswerOutcome.REFUSED: "no_further_action",
    AnswerOutcome.EXPLAINED: "closed",
}


def request_updates(
    appeal: AppealRecord,
    language: Language,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[Json]:
    """Each change of state as an update; the description is the state's name only (never staff text)."""
    answers = [*appeal.previous_answers, *([appeal.current_answer] if appeal.current_answer else [])]
    updates = []
    for index, entry in enumerate(appeal.timeline):
        if entry.from_state in ("", entry.to_state) or (start and entry.at < start) or (end and entry.at >= end):
            continue
        state = AppealState(entry.to_state)
        if state in (AppealState.ANSWERED, AppealState.CLOSED):
            given = [answer for answer in answers if answer.answered_at <= entry.at]
            status = _OUTCOME_STATUS[given[-1].outcome] if given else "closed"
        else:
            status = _UPDATE_STATUS[state]
        updates.append(
            {
                "update_id": f"{appeal.number}-{index}",
                "service_request_id": appeal.number,
                "status": status,
                "updated_datetime": _time(entry.at),
                "description": MESSAGES[f"appeals.state.{state.value}"].in_language(language),
                "media_url": None,
                "external_status_code": state.value,
            }
        )
    return updates


# --- errors, discovery, the create form --------------------------------------------------------------------


def error_body(errors: Sequence[tuple[int, str]]) -> list[Json]:
    """Errors as the spec has them: a list of {code, description}, the code being the HTTP status."""
    return [{"code": code, "description": description} for code, description in errors]


def domain_error_body(error: DomainError, language: Language) -> list[Json]:
    text = MESSAGES.get(error.code)
    description = text.render(language, **error.params) if text is not None else error.code
    return error_body([(error.status, description)])


def discovery(base_url: str, *, contact: str, changeset: datetime, key_service: str) -> Json:
    return {
        "changeset": _time(changeset),
        "contact": contact,
        "key_service": key_service,
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base_url.rstrip("/"),
                "changeset": _time(changeset),
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }


@dataclass(frozen=True)
class Submission:
    """A `POST /requests` form, checked: what the create use case needs beside the authenticated citizen."""

    service_code: str
    description: str
    kind: AppealKind
    location: Location | None
    do_not_disclose: bool
    media_url: str | None


def parse_request_form(form: Mapping[str, str], catalogue: CategoryCatalogue) -> Submission:
    """Read the form-encoded create request (`attribute[kind]`, `attribute[do_not_disclose]`, lat/long)."""
    code = form.get("service_code", "").strip()
    if not code:
        raise FieldRequired(field="service_code")
    if code not in catalogue or not catalogue.get(code).active:
        raise UnknownCategory(category=code)
    kind_value = form.get("attribute[kind]", "").strip()
    if not kind_value:
        raise FieldRequired(field="attribute[kind]")
    try:
        kind = AppealKind(kind_value)
    except ValueError:
        raise InvalidField(field="attribute[kind]") from None
    secrecy = form.get("attribute[do_not_disclose]", "").strip().lower()
    if secrecy not in _YES | _NO:
        raise InvalidField(field="attribute[do_not_disclose]")
    return Submission(
        service_code=code,
        description=checked_text(form.get("description", "")),
        kind=kind,
        location=_location(form.get("lat", "").strip(), form.get("long", "").strip()),
        do_not_disclose=secrecy in _YES,
        media_url=form.get("media_url", "").strip() or None,
    )


def _location(lat: str, long: str) -> Location | None:
    if not lat and not long:
        return None
    if not lat or not long:
        raise FieldRequired(field="long" if lat else "lat")
    try:
        return Location.checked(float(lat), float(long))
    except ValueError:
        raise InvalidLocation() from None


# --- XML ---------------------------------------------------------------------------------------------------

_ITEM_TAGS = {
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "service_requests": "request",
    "errors": "error",
    "service_request_updates": "request_update",
    "endpoints": "endpoint",
    "formats": "format",
}


def _fill(element: ElementTree.Element, value: Any) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _fill(ElementTree.SubElement(element, key), item)
    elif isinstance(value, list):
        for item in value:
            _fill(ElementTree.SubElement(element, _ITEM_TAGS[element.tag]), item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)


def to_xml(root: str, value: list[Json] | Json) -> str:
    """A JSON shape as the spec's XML: lists under a plural root (`services`, `service_requests`,
    `errors`, `service_request_updates`) or one object (`service_definition`, `discovery`)."""
    element = ElementTree.Element(root)
    _fill(element, value)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(element, encoding="unicode")
