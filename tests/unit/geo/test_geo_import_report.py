"""Bulk import review: every rejected feature says why, with a stable reason code."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from services.geo.domain.errors import NotAFeatureCollection
from services.geo.domain.geojson import feature_collection
from services.geo.domain.import_report import RejectionReason, review_import
from services.geo.domain.registry import Territory

SECTOR = "172629401"  # the first sector of Chilonzor


def new_mahalla(code: str, lon: float, lat: float = 41.10, **overrides: Any) -> dict[str, Any]:
    """A ~1 km square unit (a mahalla unless the code says otherwise) in open land south of Tashkent."""
    ring = [[lon, lat], [lon + 0.01, lat], [lon + 0.01, lat + 0.01], [lon, lat + 0.01], [lon, lat]]
    feature: dict[str, Any] = {
        "type": "Feature",
        "geometry": {"type": "Polygon", "coordinates": [ring]},
        "properties": {"code": code, "names": {"uz-Latn": "Yangi MFY", "uz-Cyrl": "Янги МФЙ", "ru": "МСГ «Янги»"}},
    }
    feature["properties"].update(overrides)
    return feature


def collection(*features: dict[str, Any]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def reasons(report: Any) -> dict[str | None, set[RejectionReason]]:
    return {r.code: set(r.reasons) for r in report.rejected}


def test_the_pilots_own_export_imports_cleanly_into_an_empty_registry(pilot: Territory) -> None:
    units = [pilot.unit("1726"), pilot.unit("1726294")]
    units += [s for s in pilot.sectors if s.code.startswith("1726294")]
    units += [m for m in pilot.mahallas if m.code.startswith("1726294")]
    report = review_import(feature_collection(units))
    assert report.rejected == ()
    assert len(report.accepted) == len(units)


def test_a_self_intersecting_polygon_is_rejected_as_an_invalid_polygon_naming_the_fault(pilot: Territory) -> None:
    bow_tie = new_mahalla(f"{SECTOR}901", 69.0)
    bow_tie["geometry"]["coordinates"] = [[[69.0, 41.1], [69.01, 41.11], [69.01, 41.1], [69.0, 41.11], [69.0, 41.1]]]
    report = review_import(collection(bow_tie), existing=pilot)
    rejection = report.rejected[0].rejections[0]
    assert rejection.reason is RejectionReason.INVALID_POLYGON
    assert rejection.params["problem"] == "geo.polygon.self_intersecting"
    assert rejection.as_dict()["code"] == "geo.import.invalid_polygon"


def test_swapped_and_unclosed_polygons_are_rejected_with_their_problem(pilot: Territory) -> None:
    swapped = new_mahalla(f"{SECTOR}901", 69.0)
    swapped["geometry"]["coordinates"] = [[[lat, lon] for lon, lat in swapped["geometry"]["coordinates"][0]]]
    unclosed = new_mahalla(f"{SECTOR}902", 69.1)
    unclosed["geometry"]["coordinates"][0][-1] = [69.1, 41.105]
    report = review_import(collection(swapped, unclosed), existing=pilot)
    problems = [r.rejections[0].params["problem"] for r in report.rejected]
    assert problems == ["geo.polygon.swapped_coordinates", "geo.polygon.not_closed"]


def test_a_unit_whose_parent_is_nowhere_is_rejected_and_so_are_its_children() -> None:
    sector = new_mahalla("172629499", 69.0)
    child = new_mahalla("172629499001", 69.0)
    report = review_import(collection(sector, child))
    assert reasons(report) == {
        "172629499": {RejectionReason.UNKNOWN_PARENT},
        "172629499001": {RejectionReason.UNKNOWN_PARENT},
    }
    assert report.rejected[0].rejections[0].params == {"parent_code": "1726294"}


def test_a_parent_in_the_same_file_is_enough(pilot: Territory) -> None:
    sector = new_mahalla("172629499", 69.0)
    child = new_mahalla("172629499001", 69.0)
    report = review_import(collection(child, sector), existing=pilot)
    assert report.rejected == ()
    assert [a.code for a in report.accepted] == ["172629499001", "172629499"]


def test_two_overlapping_mahallas_in_the_file_are_both_rejected(pilot: Territory) -> None:
    a, b = new_mahalla(f"{SECTOR}901", 69.0), new_mahalla(f"{SECTOR}902", 69.005)
    clear = new_mahalla(f"{SECTOR}903", 69.05)
    report = review_import(collection(a, b, clear), existing=pilot)
    assert reasons(report) == {
        f"{SECTOR}901": {RejectionReason.OVERLAPPING_MAHALLA},
        f"{SECTOR}902": {RejectionReason.OVERLAPPING_MAHALLA},
    }
    assert report.rejected[0].rejections[0].params == {"other": f"{SECTOR}902"}
    assert [a.code for a in report.accepted] == [f"{SECTOR}903"]


def test_a_new_mahalla_overlapping_a_registered_one_is_rejected_but_redrawing_a_mahalla_is_not(
    pilot: Territory,
) -> None:
    registered = next(m for m in pilot.mahallas if m.code.startswith(SECTOR))
    shape = [[list(p) for p in ring] for ring in registered.polygon]
    newcomer = new_mahalla(f"{SECTOR}901", 69.0)
    newcomer["geometry"]["coordinates"] = copy.deepcopy(shape)
    redrawn = new_mahalla(registered.code, 69.0)
    redrawn["geometry"]["coordinates"] = copy.deepcopy(shape)
    report = review_import(collection(newcomer), existing=pilot)
    assert report.rejected[0].rejections[0].params == {"other": registered.code}
    assert review_import(collection(redrawn), existing=pilot).rejected == ()


def test_missing_names_are_listed_by_language(pilot: Territory) -> None:
    nameless = new_mahalla(f"{SECTOR}901", 69.0, names={"uz-Latn": "Yangi MFY", "ru": "  "})
    report = review_import(collection(nameless), existing=pilot)
    rejection = report.rejected[0].rejections[0]
    assert rejection.reason is RejectionReason.MISSING_NAMES
    assert rejection.params == {"missing": "uz-Cyrl, ru"}


def test_malformed_and_duplicate_codes_and_declared_parents_are_checked(pilot: Territory) -> None:
    report = review_import(
        collection(
            new_mahalla("17262940", 69.0),
            new_mahalla(f"{SECTOR}901", 69.0),
            new_mahalla(f"{SECTOR}901", 69.1),
            new_mahalla(f"{SECTOR}902", 69.2, parent_code="172629402"),
            {"type": "Point", "coordinates": [69.0, 41.0]},
        ),
        existing=pilot,
    )
    by_index = {r.index: set(r.reasons) for r in report.rejected}
    assert by_index == {
        0: {RejectionReason.MALFORMED_CODE},
        2: {RejectionReason.DUPLICATE_CODE},
        3: {RejectionReason.PARENT_MISMATCH},
        4: {RejectionReason.MALFORMED_FEATURE},
    }
    assert report.as_dict()["summary"] == {"accepted": 1, "rejected": 4}


def test_one_feature_can_be_rejected_for_several_reasons_at_once(pilot: Territory) -> None:
    bad = new_mahalla("x", 69.0, names={})
    bad["geometry"] = {"type": "Point", "coordinates": [69.0, 41.1]}
    report = review_import(collection(bad), existing=pilot)
    assert set(report.rejected[0].reasons) == {
        RejectionReason.MALFORMED_CODE,
        RejectionReason.MISSING_NAMES,
        RejectionReason.INVALID_POLYGON,
    }


@pytest.mark.parametrize("body", [None, [], {"type": "Feature"}, {"type": "FeatureCollection", "features": "x"}])
def test_a_body_that_is_not_a_feature_collection_is_refused_whole(body: object) -> None:
    with pytest.raises(NotAFeatureCollection):
        review_import(body)
