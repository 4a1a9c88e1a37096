"""Exponential backoff with jitter, for resubscribing agent-event streams."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Backoff:
    """How long to wait before each attempt to resubscribe.

    The first delay is ``initial`` seconds; each next one is ``multiplier``
    times the previous, up to ``maximum``. Every delay is then spread by
    ``jitter`` (a fraction: 0.2 gives 80 % to 120 % of it) so that many bots
    dropped at once do not come back at the same instant.
    """

    initial: float = 0.1
    maximum: float = 5.0
    multiplier: float = 2.0
    jitter: float = 0.2

    def __post_init__(self) -> None:
        if not 0 <= self.initial <= self.maximum:
            raise ValueError("Backoff needs 0 <= initial <= maximum")
        if self.multiplier < 1:
            raise ValueError("Backoff needs multiplier >= 1")
        if not 0 <= self.jitter <= 1:
            raise ValueError("Backoff needs 0 <= jitter <= 1")

    def delays(
        self, uniform: Callable[[float, float], float] = random.uniform
    ) -> Iterator[float]:
        """Yields the successive delays in seconds, without end.

        ``uniform(low, high)`` draws the jitter (tests pass their own).
        """
        delay = self.initial
        while True:
            yield uniform(delay * (1 - self.jitter), delay * (1 + self.jitter))
            delay = min(delay * self.multiplier, self.maximum)
