"""Every error of the devices service reads well in all four languages."""

from __future__ import annotations

import string

from services.devices.domain.errors import DevicesError, ProtocolError
from services.devices.messages import MESSAGES
from tests.support.catalogues import assert_uzbek_scripts, assert_written_in_all_languages_with_the_same_placeholders


def all_subclasses(cls: type) -> set[type]:
    found: set[type] = set()
    for sub in cls.__subclasses__():
        found |= {sub} | all_subclasses(sub)
    return found


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_devices_error_code_has_a_text() -> None:
    codes = {DevicesError.code} | {error.code for error in all_subclasses(DevicesError)}
    assert codes - MESSAGES.keys() == set()


def test_every_text_is_written_in_all_four_languages_with_the_same_placeholders() -> None:
    assert_written_in_all_languages_with_the_same_placeholders(MESSAGES)


def test_uzbek_cyrillic_texts_are_in_cyrillic_and_uzbek_latin_ones_in_latin() -> None:
    assert_uzbek_scripts(MESSAGES)


def test_a_malformed_frame_renders_with_its_protocol_and_reason() -> None:
    error = ProtocolError(protocol="gt06", reason="truncated", detail="GPS block of 10")
    assert error.status == 400
    assert (
        MESSAGES[error.code].render("en", **error.params) == "The device message could not be read (gt06: truncated)."
    )
    assert (
        MESSAGES[error.code].render("uz-Latn", **error.params) == "Qurilma xabarini o‘qib bo‘lmadi (gt06: truncated)."
    )
