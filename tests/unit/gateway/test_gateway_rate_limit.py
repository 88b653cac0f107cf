"""GCRA arithmetic: bursts, steady rates, and the bound no sequence of requests can beat."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.gateway.domain.rate_limit import MICROS, Decision, Limit, gcra

T0 = 1_764_000_000 * MICROS
TEN_PER_MINUTE = Limit(rate=10, period_seconds=60, burst=3)


def run(limit: Limit, times: list[int], costs: list[int] | None = None) -> list[Decision]:
    tat: int | None = None
    decisions = []
    for index, now in enumerate(times):
        decision = gcra(tat, now, limit, costs[index] if costs else 1)
        tat = decision.tat
        decisions.append(decision)
    return decisions


def test_a_rested_key_admits_the_burst_at_once_and_then_refuses() -> None:
    decisions = run(TEN_PER_MINUTE, [T0] * 4)

    assert [decision.allowed for decision in decisions] == [True, True, True, False]
    assert [decision.remaining for decision in decisions[:3]] == [2, 1, 0]
    assert decisions[3].retry_after == 6 * MICROS
    assert decisions[3].retry_after_seconds == 6


def test_retrying_after_the_advised_wait_is_admitted() -> None:
    decisions = run(TEN_PER_MINUTE, [T0] * 4)
    refused = decisions[3]

    assert not gcra(refused.tat, T0 + refused.retry_after - 1, TEN_PER_MINUTE).allowed
    assert gcra(refused.tat, T0 + refused.retry_after, TEN_PER_MINUTE).allowed


def test_a_refused_request_changes_nothing() -> None:
    admitted = run(TEN_PER_MINUTE, [T0] * 3)[-1]

    refused = gcra(admitted.tat, T0 + 1, TEN_PER_MINUTE)

    assert not refused.allowed
    assert refused.tat == admitted.tat


def test_requests_at_the_steady_rate_are_always_admitted() -> None:
    times = [T0 + i * 6 * MICROS for i in range(100)]

    assert all(decision.allowed for decision in run(TEN_PER_MINUTE, times))


def test_a_request_costing_more_than_the_burst_is_never_admitted() -> None:
    assert not gcra(None, T0, TEN_PER_MINUTE, cost=4).allowed
    assert gcra(None, T0, TEN_PER_MINUTE, cost=3).allowed


def test_the_key_rests_once_its_theoretical_arrival_time_has_passed() -> None:
    decision = run(TEN_PER_MINUTE, [T0] * 3)[-1]

    assert decision.reset_after == 18 * MICROS


@pytest.mark.parametrize(("rate", "period", "burst"), [(0, 60, 1), (1, 0, 1), (1, 60, 0)])
def test_a_limit_needs_positive_numbers(rate: int, period: float, burst: int) -> None:
    with pytest.raises(ValueError, match="positive"):
        Limit(rate=rate, period_seconds=period, burst=burst)


limits = st.builds(
    Limit,
    rate=st.integers(1, 1000),
    period_seconds=st.sampled_from([1, 7, 60, 3600]),
    burst=st.integers(1, 50),
)
gaps = st.lists(st.integers(0, 5 * MICROS), min_size=1, max_size=120)


@settings(max_examples=300)
@given(limit=limits, gaps=gaps, costs=st.lists(st.integers(1, 3), min_size=120, max_size=120))
def test_no_window_ever_admits_more_than_burst_plus_rate_times_its_length(
    limit: Limit, gaps: list[int], costs: list[int]
) -> None:
    times = [T0 + sum(gaps[: i + 1]) for i in range(len(gaps))]
    decisions = run(limit, times, costs)
    admitted = [(now, cost) for now, cost, decision in zip(times, costs, decisions, strict=False) if decision.allowed]

    for start in range(len(admitted)):
        used = 0
        for now, cost in admitted[start:]:
            used += cost
            elapsed = (now - admitted[start][0]) / MICROS
            assert used <= limit.burst + limit.rate * elapsed / limit.period_seconds


@given(limit=limits, gaps=gaps)
def test_a_refusal_always_says_how_long_to_wait_and_the_wait_is_enough(limit: Limit, gaps: list[int]) -> None:
    times = [T0 + sum(gaps[: i + 1]) for i in range(len(gaps))]
    tat: int | None = None
    for now in times:
        decision = gcra(tat, now, limit)
        if not decision.allowed:
            assert decision.retry_after > 0
            assert gcra(decision.tat, now + decision.retry_after, limit).allowed
        tat = decision.tat
