"""Exponential backoff with jitter, between retries of unary calls and
resubscriptions of agent-event streams (docs/CLIENTS.md)."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Backoff:
    """How long to wait before each retry.

    Retry n (0, 1, ...) waits a random time between half and all of
    ``min(maximum, initial * multiplier**n)`` seconds: the cap grows so a
    gateway that is down is not hammered, and the draw spreads the bots
    dropped at once so they do not all come back at the same instant.
    """

    initial: float = 0.1
    maximum: float = 5.0
    multiplier: float = 2.0

    def __post_init__(self) -> None:
        if not 0 <= self.initial <= self.maximum:
            raise ValueError("Backoff needs 0 <= initial <= maximum")
        if self.multiplier < 1:
            raise ValueError("Backoff needs multiplier >= 1")

    def delays(
        self, uniform: Callable[[float, float], float] = random.uniform
    ) -> Iterator[float]:
        """Yields the successive delays in seconds, without end.

        ``uniform(low, high)`` draws each one (tests pass their own).
        """
        cap = self.initial
        while True:
            yield uniform(cap / 2, cap)
            cap = min(cap * self.multiplier, self.maximum)
