from __future__ import annotations

from itertools import islice

import pytest

from fakes import highest
from hitl_gateway import Backoff


def test_caps_double_up_to_the_maximum() -> None:
    delays = Backoff(initial=0.1, maximum=1.0).delays(uniform=highest)
    assert list(islice(delays, 6)) == pytest.approx([0.1, 0.2, 0.4, 0.8, 1.0, 1.0])


def test_each_delay_is_drawn_between_half_and_all_of_its_cap() -> None:
    asked: list[tuple[float, float]] = []

    def record(low: float, high: float) -> float:
        asked.append((low, high))
        return low

    delays = list(islice(Backoff(initial=1.0, maximum=2.0).delays(uniform=record), 3))
    assert asked == [(0.5, 1.0), (1.0, 2.0), (1.0, 2.0)]
    assert delays == [0.5, 1.0, 1.0]


def test_default_is_the_contracts_min_5_s_100_ms_times_2_to_the_n() -> None:
    assert (Backoff().initial, Backoff().maximum, Backoff().multiplier) == (0.1, 5.0, 2.0)
    for n, delay in enumerate(islice(Backoff().delays(), 12)):
        cap = min(5.0, 0.1 * 2**n)
        assert cap / 2 <= delay <= cap


@pytest.mark.parametrize(
    "settings",
    [{"initial": -1.0}, {"initial": 2.0, "maximum": 1.0}, {"multiplier": 0.5}],
)
def test_rejects_impossible_settings(settings: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        Backoff(**settings)
