"""The Open311 GeoReport v2 facade: shapes that validate against the spec's schemas, redacted listings."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from services.appeals.domain.categories import DEFAULT_CATALOGUE, AppealKind
from services.appeals.domain.errors import FieldRequired, InvalidField, InvalidLocation, UnknownCategory
from services.appeals.domain.lifecycle import Appeal
from services.appeals.domain.open311 import (
    created,
    discovery,
    domain_error_body,
    error_body,
    parse_request_form,
    public_requests,
    request_updates,
    service_definition,
    service_request,
    services,
    snap,
    to_xml,
)
from services.appeals.domain.records import AnswerOutcome, Location
from shared.i18n import LANGUAGES

SCHEMAS = Path(__file__).resolve().parents[3].parent / "shared" / "vectors" / "open311"
HOME = Location(41.311081, 69.240562)


@pytest.fixture(scope="module")
def validator() -> Callable[[str, Any], None]:
    if not SCHEMAS.is_dir():
        pytest.skip(f"the Open311 schemas are not beside the project ({SCHEMAS})")
    schemas = {path.name: json.loads(path.read_text()) for path in SCHEMAS.glob("*.json")}
    registry = Registry().with_resources(
        (name, Resource.from_contents(schema, default_specification=DRAFT7)) for name, schema in schemas.items()
    )

    def validate(schema: str, instance: Any) -> None:
        Draft7Validator(schemas[schema], registry=registry, format_checker=Draft7Validator.FORMAT_CHECKER).validate(
            instance
        )

    return validate


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_service_list_validates_in_every_language(validator: Callable[[str, Any], None], language: str) -> None:
    listed = services(DEFAULT_CATALOGUE, language)  # type: ignore[arg-type]

    validator("services.json", listed)
    assert len(listed) == len(DEFAULT_CATALOGUE.active())


def test_a_service_definition_offers_the_kind_and_the_discretion_flag(validator: Callable[[str, Any], None]) -> None:
    definition = service_definition(DEFAULT_CATALOGUE.get("noise"), "en")

    validator("service-definition.json", definition)
    assert [a["code"] for a in definition["attributes"]] == ["kind", "do_not_disclose"]
    assert [v["key"] for v in definition["attributes"][0]["values"]] == [kind.value for kind in AppealKind]


def test_a_request_seen_by_its_author_validates_and_carries_his_text(
    validator: Callable[[str, Any], None], in_review: Callable[..., Appeal]
) -> None:
    appeal = in_review(location=HOME)

    request = service_request(appeal, DEFAULT_CATALOGUE, "uz-Latn", public=False, media_url="https://x.uz/p/1.jpg")

    validator("request.json", request)
    validator("requests.json", [request])
    assert (request["service_request_id"], request["status"]) == ("TAS-2026-000001", "open")
    assert request["description"] == appeal.text
    assert (request["lat"], request["long"]) == (HOME.lat, HOME.lon)
    assert request["requested_datetime"] == "2026-02-02T10:00:00+05:00"
    assert request["expected_datetime"] == "2026-02-18T00:00:00+05:00"


def test_a_public_listing_has_no_text_name_exact_location_or_media(
    validator: Callable[[str, Any], None], in_review: Callable[..., Appeal], answered: Callable[..., Appeal]
) -> None:
    appeals = [
        in_review(location=HOME),
        answered(AnswerOutcome.SATISFIED, appeal_id="b", number="TAS-2026-000002"),
        in_review(appeal_id="c", number="TAS-2026-000003", category=DEFAULT_CATALOGUE.get("domestic_violence")),
    ]

    listing = public_requests(appeals, DEFAULT_CATALOGUE, "ru")

    validator("requests.json", listing)
    assert [r["service_request_id"] for r in listing] == ["TAS-2026-000001", "TAS-2026-000002"]  # never listed
    assert all(r["description"] is None and r["media_url"] is None for r in listing)
    assert (listing[0]["lat"], listing[0]["long"]) == (41.315, 69.245)
    assert listing[1]["status"] == "closed"
    rendered = json.dumps(listing, ensure_ascii=False)
    assert appeals[0].text not in rendered
    assert "citizen-1" not in rendered


def test_snapping_puts_every_point_of_a_cell_on_its_centre() -> None:
    assert snap(41.3101) == snap(41.3199) == 41.315
    assert snap(-0.001) == -0.005


def test_the_create_response_gives_the_number_and_the_deadline(in_review: Callable[..., Appeal]) -> None:
    [response] = created(in_review(), "en")

    assert response["service_request_id"] == "TAS-2026-000001"
    assert "2026-02-17" in response["service_notice"]


def test_the_xml_forms_carry_the_same_fields_under_the_specs_element_names(in_review: Callable[..., Appeal]) -> None:
    appeal = in_review(location=HOME)
    request = service_request(appeal, DEFAULT_CATALOGUE, "uz-Cyrl", public=True)

    root = ElementTree.fromstring(to_xml("service_requests", [request]))
    [element] = root.findall("request")
    assert [child.tag for child in element] == list(request)
    assert element.findtext("service_name") == "Шовқин ва тинчликни бузиш"
    assert element.findtext("description") == ""

    definition = ElementTree.fromstring(
        to_xml("service_definition", service_definition(DEFAULT_CATALOGUE.get("noise"), "en"))
    )
    assert definition.findtext("attributes/attribute/required") == "true"
    assert [v.findtext("key") for v in definition.findall("attributes/attribute/values/value")][:3] == [
        "application", "complaint", "proposal",
    ]  # fmt: skip
    listed = ElementTree.fromstring(to_xml("services", services(DEFAULT_CATALOGUE, "en")))
    assert len(listed.findall("service")) == len(DEFAULT_CATALOGUE.active())


def test_errors_are_a_list_of_code_and_description_in_both_formats() -> None:
    body = domain_error_body(UnknownCategory(category="jaywalking"), "en")

    assert body == [{"code": 422, "description": "There is no such appeal category."}]
    assert error_body([(403, "Invalid api_key")]) == [{"code": 403, "description": "Invalid api_key"}]
    root = ElementTree.fromstring(to_xml("errors", body))
    assert [(e.findtext("code"), e.findtext("description")) for e in root] == [
        ("422", "There is no such appeal category.")
    ]


def test_discovery_names_the_specification_and_both_formats() -> None:
    found = discovery(
        "https://api.smartmahalla.uz/open311/v2/",
        contact="support@smartmahalla.uz",
        changeset=datetime(2026, 1, 1, tzinfo=UTC),
        key_service="https://smartmahalla.uz/open311/keys",
    )

    [endpoint] = found["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert (
        ElementTree.fromstring(to_xml("discovery", found)).findtext("endpoints/endpoint/formats/format") == "text/xml"
    )


def test_service_request_updates_follow_the_appeal_in_fixmystreet_statuses(
    answered: Callable[..., Appeal], people
) -> None:
    appeal = answered(AnswerOutcome.REFUSED)
    appeal.rate(False, by=people.citizen, at=appeal.received_at + timedelta(days=4))

    updates = request_updates(appeal, "en")

    assert [u["status"] for u in updates] == ["open", "investigating", "no_further_action", "no_further_action"]
    assert [u["external_status_code"] for u in updates] == ["assigned", "in_review", "answered", "closed"]
    assert all(u["description"] in ("Assigned", "In review", "Answered", "Closed") for u in updates)
    assert len({u["update_id"] for u in updates}) == len(updates)
    later = request_updates(appeal, "en", start=appeal.received_at + timedelta(days=1))
    assert [u["external_status_code"] for u in later] == ["answered", "closed"]
    root = ElementTree.fromstring(to_xml("service_request_updates", updates))
    assert len(root.findall("request_update")) == 4


def test_a_create_form_is_read_into_a_submission() -> None:
    form = {
        "service_code": "noise",
        "description": "Kechasi shovqin",
        "lat": "41.3",
        "long": "69.2",
        "attribute[kind]": "complaint",
        "attribute[do_not_disclose]": "yes",
    }

    submission = parse_request_form(form, DEFAULT_CATALOGUE)

    assert (submission.kind, submission.do_not_disclose) == (AppealKind.COMPLAINT, True)
    assert submission.location == Location(41.3, 69.2)


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"service_code": ""}, FieldRequired),
        ({"service_code": "jaywalking"}, UnknownCategory),
        ({"attribute[kind]": ""}, FieldRequired),
        ({"attribute[kind]": "petition"}, InvalidField),
        ({"attribute[do_not_disclose]": "maybe"}, InvalidField),
        ({"long": ""}, FieldRequired),
        ({"lat": "north"}, InvalidLocation),
        ({"lat": "95"}, InvalidLocation),
    ],
)
def test_a_malformed_create_form_is_refused_with_a_clear_error(change: dict[str, str], error: type[Exception]) -> None:
    form = {"service_code": "noise", "description": "x", "lat": "41.3", "long": "69.2", "attribute[kind]": "complaint"}

    with pytest.raises(error):
        parse_request_form({**form, **change}, DEFAULT_CATALOGUE)
