"""The unary retry loop on a fake clock: which failures are retried, how
long each attempt may take and when the loop gives up."""

from __future__ import annotations

from collections.abc import Callable

import grpc
import pytest

from fakes import FakeClock, FakeRpcError, highest
from hitl_gateway import Backoff, HitlError
from hitl_gateway._retry import UnaryRetry


class Attempts:
    """Fails with `error` until `until` on the clock (each attempt taking
    `takes` seconds), then returns "done"; records each attempt's timeout."""

    def __init__(
        self,
        clock: FakeClock,
        error: grpc.RpcError,
        until: float = float("inf"),
        takes: float = 0.0,
    ) -> None:
        self.clock = clock
        self.error = error
        self.until = until
        self.takes = takes
        self.timeouts: list[float] = []

    def __call__(self, timeout: float) -> str:
        self.timeouts.append(timeout)
        self.clock.now += self.takes
        if self.clock.now < self.until:
            raise self.error
        return "done"


def retry(
    clock: FakeClock,
    uniform: Callable[[float, float], float] = highest,
    backoff: Backoff | None = None,
) -> UnaryRetry:
    return UnaryRetry(backoff or Backoff(), clock=clock, sleep=clock.sleep, uniform=uniform)


UNAVAILABLE = FakeRpcError(grpc.StatusCode.UNAVAILABLE, "connection refused")


def test_a_rollout_of_a_few_seconds_is_waited_out_within_the_deadline() -> None:
    # gRPC's own retry policy (5 attempts) gave up after about 1.7 s.
    clock = FakeClock()
    attempts = Attempts(clock, UNAVAILABLE, until=4.0)
    assert retry(clock)("SendMessage", attempts, 10.0) == "done"
    assert clock.slept == pytest.approx([0.1, 0.2, 0.4, 0.8, 1.6, 3.2])
    assert len(attempts.timeouts) == 7


def test_each_attempt_gets_the_time_left_and_the_last_error_is_raised() -> None:
    clock = FakeClock()
    attempts = Attempts(clock, UNAVAILABLE, takes=0.05)
    with pytest.raises(HitlError) as raised:
        retry(clock)("SendMessage", attempts, 1.0)
    assert (raised.value.code, raised.value.message) == (
        grpc.StatusCode.UNAVAILABLE,
        "connection refused",
    )
    # Attempts start at 0, 0.15, 0.4 and 0.85 s and take 0.05 s; after the
    # fourth, the next would start at 0.9 + 0.8 s, past the deadline.
    assert attempts.timeouts == pytest.approx([1.0, 0.85, 0.6, 0.15])
    assert clock.slept == pytest.approx([0.1, 0.2, 0.4])
    assert clock.now == pytest.approx(0.9)  # before the deadline


@pytest.mark.parametrize(("timeout", "attempts_made"), [(1.25, 2), (1.3, 3)])
def test_a_retry_that_would_start_at_or_after_the_deadline_is_not_made(
    timeout: float, attempts_made: int
) -> None:
    # Attempts take 0.25 s and wait 0.25, 0.5, ... s: the third would start
    # at 0.25 + 0.25 + 0.25 + 0.5 = 1.25 s.
    clock = FakeClock()
    attempts = Attempts(clock, UNAVAILABLE, takes=0.25)
    backoff = Backoff(initial=0.25, maximum=4.0)
    with pytest.raises(HitlError):
        retry(clock, backoff=backoff)("GetSession", attempts, timeout)
    assert len(attempts.timeouts) == attempts_made
    assert len(clock.slept) == attempts_made - 1  # no wait for nothing


def test_delays_are_drawn_between_half_and_all_of_the_cap() -> None:
    clock = FakeClock()
    asked: list[tuple[float, float]] = []

    def lowest(low: float, high: float) -> float:
        asked.append((low, high))
        return low

    retry(clock, lowest)("StopHitl", Attempts(clock, UNAVAILABLE, until=0.3), 10.0)
    assert [bound for pair in asked for bound in pair] == pytest.approx(
        [0.05, 0.1, 0.1, 0.2, 0.2, 0.4]
    )


@pytest.mark.parametrize(
    "error",
    [
        FakeRpcError(grpc.StatusCode.DEADLINE_EXCEEDED, "Deadline Exceeded"),
        FakeRpcError(grpc.StatusCode.NOT_FOUND, "no such session", reason="SESSION_NOT_FOUND"),
        FakeRpcError(grpc.StatusCode.RESOURCE_EXHAUSTED, "slow down", reason="LIVECHAT_RATE_LIMITED"),
        FakeRpcError(grpc.StatusCode.INTERNAL, "Received RST_STREAM with code 2"),
    ],
)
def test_other_failures_are_raised_at_once(error: FakeRpcError) -> None:
    clock = FakeClock()
    attempts = Attempts(clock, error)
    with pytest.raises(HitlError) as raised:
        retry(clock)("StartHitl", attempts, 10.0)
    assert (raised.value.code, raised.value.reason) == (error.code(), error_reason(error))
    assert (len(attempts.timeouts), clock.slept) == (1, [])


def error_reason(error: FakeRpcError) -> str:
    return HitlError.from_rpc_error(error).reason
