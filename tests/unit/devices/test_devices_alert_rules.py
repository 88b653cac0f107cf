"""Alert rules: alarms (late ones too), the server-side low-battery threshold, geofence exits and danger zones."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from services.devices.domain.alerts import AlertKind, AlertSettings, ChildState, Report, assess, offline_due
from services.devices.domain.geofences import Circle, Geofence, GeofenceKind
from services.devices.domain.schools import School
from services.devices.domain.telemetry import Alarm

SCHOOL_POINT = (41.311081, 69.240562)
OUTSIDE = (41.33, 69.28)
MONDAY_0830 = datetime(2026, 11, 23, 3, 30, tzinfo=UTC)  # Tashkent is UTC+5
SCHOOL = School("s-110", "110-maktab", "172626601014", time(8, 0), time(13, 0))
SCHOOL_FENCE = Geofence("f-school", "c-1", "Maktab", GeofenceKind.SCHOOL, Circle(*SCHOOL_POINT, 150))
DANGER = Geofence("f-canal", "c-1", "Anhor bo‘yi", GeofenceKind.DANGER, Circle(*OUTSIDE, 200))


def report(
    at: datetime = MONDAY_0830,
    *,
    point: tuple[float, float] | None = SCHOOL_POINT,
    alarms: frozenset[Alarm] = frozenset(),
    battery: int | None = 80,
    late: bool = False,
    trusted: bool = True,
) -> Report:
    latitude, longitude = point if point else (None, None)
    return Report("dev-1", at, alarms, late, battery, at + timedelta(seconds=5), latitude, longitude, trusted)


def kinds(state: ChildState, *reports: Report) -> list[AlertKind]:
    found = []
    for item in reports:
        assessment = assess(item, state, geofences=[SCHOOL_FENCE, DANGER], school=SCHOOL, low_battery_percent=15)
        state = assessment.state
        found.extend(finding.kind for finding in assessment.findings)
    return found


def test_an_sos_on_a_fix_with_no_position_still_alerts() -> None:
    assert kinds(ChildState(), report(point=None, alarms=frozenset({Alarm.SOS}), trusted=False)) == [AlertKind.SOS]


def test_a_late_sos_alerts_and_is_marked_late() -> None:
    state = ChildState(last_fix_time=MONDAY_0830 + timedelta(hours=3))
    late = report(MONDAY_0830, alarms=frozenset({Alarm.SOS}), late=True)
    [finding] = assess(late, state, geofences=[], school=SCHOOL, low_battery_percent=15).findings
    assert finding.kind is AlertKind.SOS
    assert finding.late


def test_removal_and_fall_alarms_become_their_alerts() -> None:
    found = kinds(ChildState(), report(alarms=frozenset({Alarm.REMOVAL, Alarm.FALL})))
    assert sorted(found) == sorted([AlertKind.WATCH_REMOVED, AlertKind.FALL])


def test_low_battery_alerts_once_until_the_battery_recovers() -> None:
    reports = [report(MONDAY_0830 + timedelta(minutes=n), battery=b) for n, b in enumerate([40, 14, 12, 10, 30, 13])]
    assert kinds(ChildState(), *reports) == [AlertKind.LOW_BATTERY, AlertKind.LOW_BATTERY]


@given(st.integers(0, 100), st.integers(1, 90))
def test_the_server_threshold_alone_decides_a_first_low_battery_alert(battery: int, threshold: int) -> None:
    assessment = assess(report(battery=battery), ChildState(), geofences=[], school=None, low_battery_percent=threshold)
    assert (AlertKind.LOW_BATTERY in {f.kind for f in assessment.findings}) == (battery <= threshold)


def test_leaving_school_during_classes_alerts_but_after_classes_does_not() -> None:
    inside = ChildState(inside=frozenset({"f-school"}), last_fix_time=MONDAY_0830 - timedelta(minutes=1))
    assert kinds(inside, report(point=(41.32, 69.25))) == [AlertKind.GEOFENCE_EXIT_DURING_SCHOOL]
    after_classes = MONDAY_0830 + timedelta(hours=5)
    assert kinds(inside, report(after_classes, point=(41.32, 69.25))) == []


def test_entering_a_dangerous_zone_alerts() -> None:
    assert kinds(ChildState(), report(point=OUTSIDE)) == [AlertKind.DANGER_ZONE_ENTERED]


def test_a_fix_older_than_the_last_one_moves_no_geofence_state() -> None:
    state = ChildState(inside=frozenset({"f-school"}), last_fix_time=MONDAY_0830)
    older = report(MONDAY_0830 - timedelta(minutes=10), point=OUTSIDE, late=True)
    assessment = assess(older, state, geofences=[SCHOOL_FENCE, DANGER], school=SCHOOL, low_battery_percent=15)
    assert assessment.findings == ()
    assert assessment.transitions == ()
    assert assessment.state.inside == {"f-school"}
    assert assessment.state.last_fix_time == MONDAY_0830


def test_an_untrusted_fix_kept_for_its_alarm_moves_no_geofence_state() -> None:
    state = ChildState(inside=frozenset({"f-school"}), last_fix_time=MONDAY_0830 - timedelta(minutes=1))
    found = kinds(state, report(point=OUTSIDE, alarms=frozenset({Alarm.SOS}), trusted=False))
    assert found == [AlertKind.SOS]


def test_sos_and_fall_cannot_be_muted() -> None:
    settings = AlertSettings(muted=frozenset({AlertKind.SOS, AlertKind.FALL, AlertKind.LOW_BATTERY}))
    assert settings.wants(AlertKind.SOS)
    assert settings.wants(AlertKind.FALL)
    assert not settings.wants(AlertKind.LOW_BATTERY)


@given(st.integers(0, 10_000), st.integers(5, 1440))
def test_a_device_counts_as_offline_exactly_n_minutes_after_it_was_last_seen(seconds: int, minutes: int) -> None:
    seen = MONDAY_0830 + timedelta(seconds=seconds)
    assert offline_due(ChildState(last_seen=seen), timedelta(minutes=minutes)) == seen + timedelta(minutes=minutes)
    assert offline_due(ChildState(last_seen=seen, offline=True), timedelta(minutes=minutes)) is None
    assert offline_due(ChildState(), timedelta(minutes=minutes)) is None
