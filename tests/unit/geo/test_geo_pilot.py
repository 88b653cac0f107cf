"""The generated pilot: real districts, tiling without gaps or overlaps, plausible people and places."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import shapely

from services.geo.domain.geojson import territory_feature_collection
from services.geo.domain.geometry import find_overlaps, polygon_problems, to_shape
from services.geo.domain.registry import Territory
from services.geo.domain.territory import Level, Role, level_of, parent_of
from services.geo.pilot import generate_pilot
from services.geo.pilot.places import SAMARKAND_DISTRICTS, TASHKENT_DISTRICTS

LATIN = re.compile(r"[A-Za-z]")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def children(territory: Territory, code: str) -> list[str]:
    return list(territory.children(code))


def test_the_same_seed_gives_the_same_territory_and_another_seed_another(pilot: Territory) -> None:
    assert generate_pilot() == pilot
    other = generate_pilot(seed=7)
    assert [d.code for d in other.districts] == [d.code for d in pilot.districts]
    assert other.mahallas[0].polygon != pilot.mahallas[0].polygon


def test_tashkent_has_its_twelve_districts_with_fifty_to_eighty_mahallas_each(pilot: Territory) -> None:
    districts = [d for d in pilot.districts if d.parent_code == "1726"]
    assert {d.names.uz_latn for d in districts} == {d.names.uz_latn for d in TASHKENT_DISTRICTS}
    assert "Mirzo Ulugʻbek tumani" in {d.names.uz_latn for d in districts}
    per_district = Counter(m.code[:7] for m in pilot.mahallas if m.code.startswith("1726"))
    assert len(per_district) == 12
    assert all(50 <= n <= 80 for n in per_district.values())


def test_samarkand_region_has_its_real_districts_and_cities(pilot: Territory) -> None:
    districts = {d.code: d for d in pilot.districts if d.parent_code == "1718"}
    assert set(districts) == {d.code for d in SAMARKAND_DISTRICTS}
    assert districts["1718401"].names.ru == "город Самарканд"
    assert districts["1718236"].names.uz_cyrl == "Ургут тумани"


def test_sectors_group_four_to_eight_mahallas(pilot: Territory) -> None:
    sizes = Counter(m.parent_code for m in pilot.mahallas)
    assert set(sizes) == {s.code for s in pilot.sectors}
    assert all(4 <= n <= 8 for n in sizes.values())


def test_every_code_descends_from_its_parent_and_every_record_is_marked_synthetic(pilot: Territory) -> None:
    for unit in pilot.units():
        assert unit.synthetic
        assert parent_of(unit.code) == unit.parent_code
        assert unit.parent_code is None or pilot.has(unit.parent_code)
    assert all(o.synthetic for o in pilot.officials)
    assert all(p.synthetic for p in pilot.posts)
    assert all(h.synthetic for h in pilot.headquarters)
    assert all(m.demographics is not None and m.demographics.synthetic for m in pilot.mahallas)


def test_every_polygon_is_valid(pilot: Territory) -> None:
    for unit in pilot.units():
        assert polygon_problems(unit.polygon) == [], unit.code


@pytest.mark.parametrize("district_code", ["1726294", "1726264", "1718401", "1718236", "1718230"])
def test_mahallas_tile_their_district_without_overlaps_or_gaps(pilot: Territory, district_code: str) -> None:
    district = to_shape(pilot.unit(district_code).polygon)
    mahallas = [m for m in pilot.mahallas if m.code.startswith(district_code)]
    assert find_overlaps([(m.code, m.polygon) for m in mahallas], min_area_m2=0.01) == []
    union = shapely.union_all([to_shape(m.polygon) for m in mahallas])
    assert union.symmetric_difference(district).area < district.area * 1e-9
    assert sum(to_shape(m.polygon).area for m in mahallas) == pytest.approx(district.area, rel=1e-9)


def test_no_two_mahallas_of_the_pilot_overlap(pilot: Territory) -> None:
    assert find_overlaps([(m.code, m.polygon) for m in pilot.mahallas]) == []


def test_districts_tile_their_region(pilot: Territory) -> None:
    for region in pilot.regions:
        shapes = [to_shape(d.polygon) for d in pilot.districts if d.parent_code == region.code]
        assert shapely.union_all(shapes).symmetric_difference(to_shape(region.polygon)).area < 1e-9


def test_posts_lie_inside_their_mahalla_and_headquarters_inside_their_sector(pilot: Territory) -> None:
    for post in pilot.posts:
        shape = to_shape(pilot.mahalla(post.mahalla_code).polygon)
        assert shape.contains(shapely.Point(post.location.lon, post.location.lat))
    for hq in pilot.headquarters:
        shape = to_shape(pilot.sector(hq.sector_code).polygon)
        assert shape.contains(shapely.Point(hq.location.lon, hq.location.lat))


def test_every_mahalla_has_a_chairman_an_inspector_and_a_post_and_every_sector_a_head(pilot: Territory) -> None:
    for mahalla in pilot.mahallas:
        chairman = pilot.official(mahalla.chairman_id or "")
        assert chairman is not None
        assert chairman.role is Role.CHAIRMAN
        assert chairman.territory_code == mahalla.code
        assert 1 <= len(mahalla.inspector_ids) <= 2
        assert pilot.post(mahalla.post_id or "") is not None
    for sector in pilot.sectors:
        head = pilot.official(sector.head_id or "")
        assert head is not None
        assert head.role is Role.SECTOR_HEAD
        assert level_of(head.territory_code) is Level.SECTOR


def test_officials_have_uzbek_names_in_both_scripts(pilot: Territory) -> None:
    for official in pilot.officials[::11]:
        assert not CYRILLIC.search(official.full_name_latn)
        assert CYRILLIC.search(official.full_name_cyrl)
        assert not LATIN.search(official.full_name_cyrl)
        assert official.full_name_latn.endswith(("oʻgʻli", "qizi"))
        assert official.phone.startswith("+998")
        assert len(official.phone) == 13


def test_mahalla_names_are_unique_within_a_district_and_written_in_three_forms(pilot: Territory) -> None:
    names = Counter((m.code[:7], m.names.uz_latn) for m in pilot.mahallas)
    assert max(names.values()) == 1
    mahalla = pilot.mahallas[0]
    assert mahalla.names.uz_latn.endswith(" MFY")
    assert mahalla.names.uz_cyrl.endswith(" МФЙ")
    assert mahalla.names.ru.startswith("МСГ «")


def test_the_pilot_population_is_of_the_real_order_of_magnitude(pilot: Territory) -> None:
    population = sum(m.demographics.population for m in pilot.mahallas if m.demographics)
    assert 5_000_000 < population < 10_000_000  # Tashkent ~3 M, Samarkand region ~4 M


def test_the_feature_collection_has_one_feature_per_unit_with_names_in_three_forms(pilot: Territory) -> None:
    collection = territory_feature_collection(pilot, [Level.MAHALLA])
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == len(pilot.mahallas)
    feature = collection["features"][0]
    assert feature["geometry"]["type"] == "Polygon"
    assert set(feature["properties"]["names"]) == {"uz-Latn", "uz-Cyrl", "ru"}
    assert feature["properties"]["synthetic"] is True


def test_the_national_territory_has_about_9400_mahallas_in_14_regions_and_contains_the_pilot(
    pilot: Territory,
) -> None:
    from services.geo.pilot import generate_national

    national = generate_national()
    assert len(national.regions) == 14
    assert 9_000 <= len(national.mahallas) <= 9_800
    by_code = {m.code: m for m in national.mahallas}
    assert all(by_code[m.code] == m for m in pilot.mahallas)
    assert find_overlaps([(m.code, m.polygon) for m in national.mahallas]) == []
