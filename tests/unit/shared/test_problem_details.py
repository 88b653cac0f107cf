"""RFC 9457 problem+json with localised titles, negotiated from Accept-Language."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field

from shared import messages
from shared.errors import DomainError
from shared.i18n import Text, negotiate, register
from shared.problems import PROBLEM_MEDIA_TYPE, install_problem_handlers


class ParcelLost(DomainError):
    code = "tests.parcel_lost"
    status = 409


PARCEL_TEXTS = {
    "tests.parcel_lost": Text(
        "{number}-sonli posilka yo‘qolgan.",
        "{number}-сонли посилка йўқолган.",
        "Посылка № {number} утеряна.",
        "Parcel {number} is lost.",
    )
}


class Parcel(BaseModel):
    number: str = Field(min_length=3, max_length=8)
    weight: int


@pytest.fixture(scope="module")
def client() -> TestClient:
    register(messages.MESSAGES)
    register(PARCEL_TEXTS)
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/parcels")
    async def send(parcel: Parcel) -> Parcel:
        return parcel

    @app.get("/parcels/{number}")
    async def find(number: str) -> None:
        raise ParcelLost(number=number)

    return TestClient(app, raise_server_exceptions=False)


@pytest.mark.parametrize(
    ("accept_language", "title"),
    [
        ("uz", "A7-sonli posilka yo‘qolgan."),
        ("uz-Cyrl-UZ", "A7-сонли посилка йўқолган."),
        ("ru-RU,ru;q=0.9", "Посылка № A7 утеряна."),
        ("en-GB,en;q=0.8", "Parcel A7 is lost."),
        ("de-DE", "A7-sonli posilka yo‘qolgan."),
    ],
)
def test_a_domain_error_is_a_problem_in_the_callers_language(
    client: TestClient, accept_language: str, title: str
) -> None:
    response = client.get("/parcels/A7", headers={"Accept-Language": accept_language})

    assert response.status_code == 409
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    body = response.json()
    assert body["title"] == title
    assert body["code"] == "tests.parcel_lost"
    assert body["status"] == 409
    assert body["type"].endswith("/tests.parcel_lost")


def test_a_validation_error_names_each_field_and_why_in_russian(client: TestClient) -> None:
    response = client.post("/parcels", json={"number": "A"}, headers={"Accept-Language": "ru"})

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_failed"
    reasons = {item["field"]: item["reason"] for item in body["errors"]}
    assert reasons == {"number": "слишком коротко (минимум 3)", "weight": "обязательное поле"}
    assert "number" in body["detail"]


def test_malformed_json_is_a_bad_request_problem(client: TestClient) -> None:
    response = client.post(
        "/parcels", content=b'{"number": ', headers={"Content-Type": "application/json", "Accept-Language": "en"}
    )

    assert response.status_code == 400
    assert response.json()["title"] == "The request body is not valid JSON."


def test_an_unknown_route_is_a_localised_not_found_problem(client: TestClient) -> None:
    response = client.get("/nowhere", headers={"Accept-Language": "uz-Cyrl"})

    assert response.status_code == 404
    assert response.json()["title"] == "Топилмади."


@pytest.mark.parametrize(
    ("header", "language"),
    [(None, "uz-Latn"), ("", "uz-Latn"), ("fr, ru;q=0.5, en;q=0.7", "en"), ("uz-Latn-UZ", "uz-Latn"),
     ("ru;q=0, en", "en"), ("uz_Cyrl", "uz-Cyrl"), ("*;q=0.1", "uz-Latn")],
)  # fmt: skip
def test_accept_language_negotiation_picks_the_best_supported_language(header: str | None, language: str) -> None:
    assert negotiate(header) == language
