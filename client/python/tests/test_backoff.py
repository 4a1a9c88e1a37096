from __future__ import annotations

from itertools import islice

import pytest

from hitl_gateway import Backoff


def middle(low: float, high: float) -> float:
    return (low + high) / 2


def test_delays_double_up_to_the_maximum() -> None:
    delays = Backoff(initial=0.1, maximum=1.0).delays(uniform=middle)
    assert list(islice(delays, 6)) == pytest.approx([0.1, 0.2, 0.4, 0.8, 1.0, 1.0])


def test_jitter_spreads_each_delay_around_its_value() -> None:
    asked: list[tuple[float, float]] = []

    def record(low: float, high: float) -> float:
        asked.append((low, high))
        return low

    list(islice(Backoff(initial=1.0, maximum=2.0, jitter=0.25).delays(uniform=record), 3))
    assert asked == [(0.75, 1.25), (1.5, 2.5), (1.5, 2.5)]


def test_default_is_100_ms_doubling_to_5_s() -> None:
    delays = list(islice(Backoff().delays(), 12))
    assert 0.08 <= delays[0] <= 0.12
    assert all(4.0 <= delay <= 6.0 for delay in delays[8:])


@pytest.mark.parametrize(
    "settings",
    [{"initial": -1.0}, {"initial": 2.0, "maximum": 1.0}, {"multiplier": 0.5}, {"jitter": 1.5}],
)
def test_rejects_impossible_settings(settings: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        Backoff(**settings)
