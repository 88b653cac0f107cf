"""Every error the geo domain can raise, and every import reason and category, has a text to show."""

from __future__ import annotations

import string

from services.geo.domain import errors
from services.geo.domain.import_report import RejectionReason
from services.geo.domain.incidents import CATEGORIES, CategoryGroup
from services.geo.messages import MESSAGES


def error_classes() -> list[type[errors.GeoError]]:
    found, stack = [], [errors.GeoError]
    while stack:
        cls = stack.pop()
        found.append(cls)
        stack.extend(cls.__subclasses__())
    return found


def test_every_geo_error_code_has_a_message() -> None:
    missing = [cls.code for cls in error_classes() if cls.code not in MESSAGES]
    assert missing == []


def test_every_import_reason_and_category_has_a_label() -> None:
    assert all(reason.message_code in MESSAGES for reason in RejectionReason)
    assert all(category.label_code in MESSAGES for category in CATEGORIES.values())
    assert all(f"geo.category.{group}" in MESSAGES for group in CategoryGroup)


def test_all_four_languages_use_the_same_placeholders() -> None:
    for code, text in MESSAGES.items():
        fields = [
            {name for _, name, _, _ in string.Formatter().parse(text.in_language(lang)) if name}
            for lang in ("uz-Latn", "uz-Cyrl", "ru", "en")
        ]
        assert all(f == fields[0] for f in fields), code


def test_the_outside_service_area_error_renders_in_every_language() -> None:
    error = errors.OutsideServiceArea(lat=40.38, lon=71.78)
    assert MESSAGES[error.code].render("ru", **error.params).startswith("Точка вне зоны обслуживания")
    assert error.status == 404
