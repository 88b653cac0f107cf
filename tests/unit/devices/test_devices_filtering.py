"""Position filtering: what is rejected, why, and that an alarm is never filtered out."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.devices.domain.filtering import FilterPolicy, Reason, distance_m, implied_speed_kmh, judge
from services.devices.domain.telemetry import Alarm, Position

NOW = datetime(2026, 11, 25, 9, 0, 0, tzinfo=UTC)
SCHOOL = (41.311081, 69.240562)


def fix(
    lat: float = SCHOOL[0],
    lon: float = SCHOOL[1],
    *,
    at: datetime = NOW - timedelta(seconds=10),
    valid: bool = True,
    alarms: frozenset[Alarm] = frozenset(),
    accuracy: float | None = None,
    received_at: datetime = NOW,
    late: bool = False,
) -> Position:
    return Position(
        device_id="watch-1",
        fix_time=at,
        latitude=lat,
        longitude=lon,
        speed_kmh=4.0,
        course=None,
        accuracy_m=accuracy,
        altitude_m=None,
        valid=valid,
        battery_percent=80,
        alarms=alarms,
        late=late,
        received_at=received_at,
    )


SOS = frozenset({Alarm.SOS})


def test_a_plausible_position_is_accepted_and_usable_as_the_next_reference() -> None:
    verdict = judge(fix(), fix(41.3105, 69.2400, at=NOW - timedelta(minutes=1)), now=NOW)
    assert verdict.accepted
    assert verdict.reason is Reason.OK
    assert verdict.usable_as_reference


@pytest.mark.parametrize(
    ("position", "previous", "reason"),
    [
        (fix(valid=False), None, Reason.INVALID_FIX),
        (fix(0.0, 0.0), None, Reason.NULL_ISLAND),
        (fix(91.0, 10.0), None, Reason.OUT_OF_RANGE),
        (fix(at=NOW + timedelta(minutes=6)), None, Reason.FUTURE_TIME),
        (fix(), fix(), Reason.DUPLICATE),
        (fix(41.0, 70.5), fix(at=NOW - timedelta(minutes=1)), Reason.IMPOSSIBLE_SPEED),
    ],
)
def test_bad_positions_are_rejected_with_their_reason(
    position: Position, previous: Position | None, reason: Reason
) -> None:
    verdict = judge(position, previous, now=NOW)
    assert not verdict.accepted
    assert verdict.reason is reason
    assert not verdict.usable_as_reference


@pytest.mark.parametrize(
    ("position", "previous", "reason"),
    [
        (fix(valid=False, alarms=SOS), None, Reason.INVALID_FIX),
        (fix(0.0, 0.0, alarms=SOS), None, Reason.NULL_ISLAND),
        (fix(at=NOW + timedelta(hours=3), alarms=SOS), None, Reason.FUTURE_TIME),
        (fix(alarms=SOS), fix(alarms=SOS), Reason.DUPLICATE),
        (fix(41.0, 70.5, alarms=SOS), fix(at=NOW - timedelta(minutes=1)), Reason.IMPOSSIBLE_SPEED),
    ],
)
def test_a_position_with_an_alarm_is_kept_and_flagged_whatever_is_wrong_with_it(
    position: Position, previous: Position | None, reason: Reason
) -> None:
    verdict = judge(position, previous, now=NOW)
    assert verdict.accepted
    assert verdict.kept_for_alarm
    assert verdict.reason is reason
    assert not verdict.usable_as_reference


def test_a_fix_a_little_ahead_of_the_server_clock_is_accepted() -> None:
    assert judge(fix(at=NOW + timedelta(minutes=4)), None, now=NOW).accepted


def test_an_old_fix_is_kept_and_marked_late_and_a_late_sos_still_counts() -> None:
    old = fix(at=NOW - timedelta(hours=2), alarms=SOS)
    verdict = judge(old, None, now=NOW)
    assert verdict.accepted
    assert verdict.position.late
    assert verdict.position.alarms == SOS
    assert judge(fix(at=NOW - timedelta(minutes=9)), None, now=NOW).position.late is False


def test_a_position_the_decoder_marked_late_stays_late() -> None:
    assert judge(fix(late=True), None, now=NOW).position.late is True


def test_out_of_order_data_is_judged_by_the_time_between_the_fixes() -> None:
    later = fix(41.3200, 69.2500, at=NOW - timedelta(minutes=5))
    earlier = fix(at=NOW - timedelta(minutes=20))
    assert judge(earlier, later, now=NOW).accepted  # ~1.3 km in 15 minutes, backwards in time


def test_the_speed_limit_is_configurable() -> None:
    previous = fix(at=NOW - timedelta(minutes=10))
    position = fix(41.5, 69.24)  # ~21 km in 10 minutes: ~126 km/h
    assert judge(position, previous, now=NOW).accepted
    strict = FilterPolicy(max_speed_kmh=100)
    assert judge(position, previous, now=NOW, policy=strict).reason is Reason.IMPOSSIBLE_SPEED


def test_stated_accuracy_absorbs_the_jitter_of_two_close_fixes() -> None:
    previous = fix(at=NOW - timedelta(seconds=11), accuracy=150)
    jitter = fix(SCHOOL[0] + 0.002, SCHOOL[1], accuracy=150)  # ~220 m in 1 s
    assert judge(jitter, previous, now=NOW).accepted
    assert judge(
        dataclasses.replace(jitter, accuracy_m=None), dataclasses.replace(previous, accuracy_m=None), now=NOW
    ).reason is (Reason.IMPOSSIBLE_SPEED)


def test_two_fixes_at_the_same_instant_in_different_places_are_a_jump() -> None:
    assert judge(fix(41.4, 69.3), fix(), now=NOW).reason is Reason.IMPOSSIBLE_SPEED


def test_distance_and_implied_speed_are_sane() -> None:
    assert distance_m(*SCHOOL, *SCHOOL) == 0
    assert distance_m(41.0, 69.0, 42.0, 69.0) == pytest.approx(111_195, rel=1e-3)
    one_km_a_minute = implied_speed_kmh(
        fix(at=NOW - timedelta(minutes=1)), fix(SCHOOL[0] + 0.0089932, SCHOOL[1], at=NOW)
    )
    assert one_km_a_minute == pytest.approx(60, rel=1e-2)


latitudes = st.floats(min_value=-90, max_value=90, allow_nan=False)
longitudes = st.floats(min_value=-180, max_value=180, allow_nan=False)
offsets = st.integers(min_value=-86_400 * 30, max_value=86_400 * 30).map(lambda s: timedelta(seconds=s))
alarm_sets = st.frozensets(st.sampled_from(list(Alarm)), min_size=1)


@given(latitudes, longitudes, offsets, st.booleans(), alarm_sets, st.none() | st.tuples(latitudes, longitudes, offsets))
def test_no_position_with_an_alarm_is_ever_rejected(
    lat: float,
    lon: float,
    offset: timedelta,
    valid: bool,
    alarms: frozenset[Alarm],
    previous: tuple[float, float, timedelta] | None,
) -> None:
    position = fix(lat, lon, at=NOW + offset, valid=valid, alarms=alarms)
    reference = fix(previous[0], previous[1], at=NOW + previous[2]) if previous else None
    verdict = judge(position, reference, now=NOW)
    assert verdict.accepted
    assert verdict.position.alarms == alarms


@given(latitudes, longitudes, offsets)
def test_the_verdict_only_ever_changes_the_late_flag(lat: float, lon: float, offset: timedelta) -> None:
    position = fix(lat, lon, at=NOW + offset)
    verdict = judge(position, None, now=NOW)
    assert dataclasses.replace(verdict.position, late=False) == position
    assert verdict.position.late is (offset < -FilterPolicy().late_after)
