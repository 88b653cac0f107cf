"""What citizens read about their mahalla: names in their script, labels in their language, distances."""

from __future__ import annotations

from services.geo.api import cards
from services.geo.domain.registry import Territory
from services.geo.domain.territory import GeoPoint
from services.geo.messages import MESSAGES
from shared.i18n import register


def test_a_russian_reader_gets_cyrillic_names_and_russian_day_names(pilot: Territory) -> None:
    register(MESSAGES)
    mahalla = pilot.mahallas[0]
    card = cards.my_mahalla(mahalla, pilot, "ru", None)
    chairman = pilot.official(mahalla.chairman_id or "")
    assert chairman is not None
    assert card["chairman"]["name"] == chairman.full_name_cyrl
    assert card["chairman"]["reception_hours"][0]["day"] == "Понедельник"
    assert card["name"] == mahalla.names.ru
    assert "distance_m" not in card["sector"]["headquarters"]


def test_a_latin_reader_gets_latin_names_and_the_distance_to_the_post(pilot: Territory) -> None:
    register(MESSAGES)
    mahalla = pilot.mahallas[0]
    post = pilot.post(mahalla.post_id or "")
    assert post is not None
    home = GeoPoint(lat=post.location.lat + 0.01, lon=post.location.lon)
    (inspector, *_) = cards.my_inspectors(mahalla, pilot, "uz-Latn", home)["inspectors"]
    assert 1000 < inspector["post"]["distance_m"] < 1200
    assert inspector["how_to_reach"].endswith("Uyingizdan 1.1 km.")
    assert inspector["name"] == pilot.official(inspector["id"]).full_name_latn  # type: ignore[union-attr]
