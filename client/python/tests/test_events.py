"""AgentEventStream's subscribe and resume logic against fake calls: no
sockets, no waiting (the backoff's delays are 0 unless a test wants a long
one; time that matters is a fake clock's)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import grpc
import pytest

from fakes import FakeCall, FakeClock, FakeRpcError, FakeSubscribe, event
from hitl_gateway import AgentEventStream, Backoff, HitlError

UNAVAILABLE = FakeRpcError(grpc.StatusCode.UNAVAILABLE, "gateway stopping", reason="SHUTTING_DOWN")
NOT_FOUND = FakeRpcError(grpc.StatusCode.NOT_FOUND, "no such session", reason="SESSION_NOT_FOUND")
NO_WAIT = Backoff(initial=0.0, maximum=0.0)


class RecordingBackoff:
    """A backoff without delays that records which delay of which series
    each wait took: (series, index). A new series is a reset count."""

    def __init__(self) -> None:
        self.taken: list[tuple[int, int]] = []
        self._series = 0

    def delays(self) -> Iterator[float]:
        self._series += 1
        series, index = self._series, 0
        while True:
            self.taken.append((series, index))
            index += 1
            yield 0.0


def unconfirmed(
    subscribe: FakeSubscribe,
    session_ids: tuple[str, ...] = ("s-1",),
    after_cursor: str = "",
    backoff: object = NO_WAIT,
    clock: Callable[[], float] = time.monotonic,
) -> AgentEventStream:
    return AgentEventStream(
        subscribe,
        session_ids,
        after_cursor,
        backoff=backoff,  # type: ignore[arg-type]
        clock=clock,
    )


def stream(
    subscribe: FakeSubscribe,
    session_ids: tuple[str, ...] = ("s-1",),
    after_cursor: str = "",
    backoff: object = NO_WAIT,
    clock: Callable[[], float] = time.monotonic,
    timeout: float = 5.0,
) -> AgentEventStream:
    """A stream as HitlClient.events returns it: confirmed."""
    made = unconfirmed(subscribe, session_ids, after_cursor, backoff, clock)
    made.confirm(timeout)
    return made


def cursors(*numbers: int) -> list[str]:
    return [event(n).cursor for n in numbers]


def test_resumes_from_the_last_cursor_after_unavailable() -> None:
    subscribe = FakeSubscribe(
        FakeCall([event(1), event(2)], UNAVAILABLE),
        FakeCall([event(3)]),
    )
    events = stream(subscribe)
    assert [e.cursor for e in events] == cursors(1, 2, 3)
    assert [(list(r.session_ids), r.after_cursor) for r in subscribe.requests] == [
        (["s-1"], ""),
        (["s-1"], event(2).cursor),
    ]
    assert events.cursor == event(3).cursor


def test_skips_events_not_after_the_last_one_yielded() -> None:
    subscribe = FakeSubscribe(
        FakeCall([event(1), event(2)], UNAVAILABLE),
        FakeCall([event(1), event(2), event(3), event(3)]),
    )
    assert [e.cursor for e in stream(subscribe)] == cursors(1, 2, 3)


def test_a_break_before_the_first_event_resumes_where_the_gateway_started() -> None:
    subscribe = FakeSubscribe(
        FakeCall([], UNAVAILABLE, start_cursor=event(7).cursor),
        FakeCall([event(8)], block=True),
    )
    events = stream(subscribe, session_ids=())
    assert events.cursor == event(7).cursor
    assert next(events).cursor == event(8).cursor
    assert [r.after_cursor for r in subscribe.requests] == ["", event(7).cursor]
    events.close()


def test_the_start_is_the_header_of_the_first_call_that_sends_headers() -> None:
    # The gateway was restarting: the first call failed before its headers.
    # The second one's hitl-cursor is where the stream starts; the third
    # one's (a later "now") is not.
    subscribe = FakeSubscribe(
        FakeCall([], UNAVAILABLE, headers=False),
        FakeCall([], UNAVAILABLE, start_cursor=event(7).cursor),
        FakeCall([event(8)], start_cursor=event(9).cursor),
    )
    events = stream(subscribe)
    assert events.cursor == event(7).cursor
    assert [e.cursor for e in events] == cursors(8)
    assert [r.after_cursor for r in subscribe.requests] == ["", "", event(7).cursor]


def test_starts_after_the_given_cursor() -> None:
    subscribe = FakeSubscribe(FakeCall([event(4), event(5), event(6)]))
    events = stream(subscribe, after_cursor=event(5).cursor)
    assert events.cursor == event(5).cursor
    assert [e.cursor for e in events] == cursors(6)
    assert subscribe.requests[0].after_cursor == event(5).cursor


def test_resumes_a_subscriber_dropped_for_being_too_slow() -> None:
    too_slow = FakeRpcError(
        grpc.StatusCode.RESOURCE_EXHAUSTED, "fell behind", reason="SUBSCRIBER_TOO_SLOW"
    )
    subscribe = FakeSubscribe(FakeCall([event(1)], too_slow), FakeCall([event(2)]))
    assert len(list(stream(subscribe))) == 2
    assert subscribe.requests[1].after_cursor == event(1).cursor


@pytest.mark.parametrize("code", [grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN])
def test_resumes_after_a_reset_by_a_proxy_or_the_transport(code: grpc.StatusCode) -> None:
    reset = FakeRpcError(code, "Received RST_STREAM with code 2")  # no ErrorInfo
    subscribe = FakeSubscribe(FakeCall([event(1)], reset), FakeCall([event(2)]))
    assert [e.cursor for e in stream(subscribe)] == cursors(1, 2)
    assert subscribe.requests[1].after_cursor == event(1).cursor


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (grpc.StatusCode.RESOURCE_EXHAUSTED, "LIVECHAT_RATE_LIMITED"),
        (grpc.StatusCode.NOT_FOUND, "SESSION_NOT_FOUND"),
        (grpc.StatusCode.OUT_OF_RANGE, "CURSOR_EXPIRED"),
        (grpc.StatusCode.INTERNAL, "INTERNAL_ERROR"),
        (grpc.StatusCode.UNKNOWN, "INTERNAL_ERROR"),
        (grpc.StatusCode.UNAUTHENTICATED, ""),
    ],
)
def test_raises_other_errors_and_ends(code: grpc.StatusCode, reason: str) -> None:
    subscribe = FakeSubscribe(FakeCall([event(1)], FakeRpcError(code, "no", reason=reason)))
    events = stream(subscribe)
    assert next(events).cursor == event(1).cursor
    with pytest.raises(HitlError) as raised:
        next(events)
    assert (raised.value.code, raised.value.reason) == (code, reason)
    with pytest.raises(StopIteration):
        next(events)
    assert len(subscribe.requests) == 1


def test_a_stream_of_given_sessions_ends_when_the_gateway_finishes_it() -> None:
    subscribe = FakeSubscribe(FakeCall([event(1)]))
    events = stream(subscribe)
    assert len(list(events)) == 1
    with pytest.raises(StopIteration):
        next(events)
    assert len(subscribe.requests) == 1


def test_a_stream_of_all_sessions_resubscribes_when_the_gateway_finishes_it() -> None:
    subscribe = FakeSubscribe(FakeCall([event(1)]), FakeCall([event(1), event(2)], block=True))
    events = stream(subscribe, session_ids=())
    assert [next(events).cursor, next(events).cursor] == cursors(1, 2)
    assert [r.after_cursor for r in subscribe.requests] == ["", event(1).cursor]
    events.close()


def test_backoff_grows_while_failing_and_restarts_after_an_event() -> None:
    backoff = RecordingBackoff()
    subscribe = FakeSubscribe(
        FakeCall([], UNAVAILABLE),
        FakeCall([], UNAVAILABLE),
        FakeCall([event(1)], UNAVAILABLE),
        FakeCall([event(2)]),
    )
    assert len(list(stream(subscribe, backoff=backoff))) == 2
    assert backoff.taken == [(1, 0), (1, 1), (2, 0)]


def test_backoff_restarts_after_a_call_that_stood_for_the_longest_delay() -> None:
    # A call that breaks at once counts as one more failure in a row; one
    # that was in place (headers received) for 5 s or more does not.
    clock = FakeClock()
    backoff = RecordingBackoff()
    subscribe = FakeSubscribe(
        FakeCall([], UNAVAILABLE, clock=clock, lasts=1.0),
        FakeCall([], UNAVAILABLE, clock=clock, lasts=4.75),
        FakeCall([], UNAVAILABLE, clock=clock, lasts=5.0),
        FakeCall([], UNAVAILABLE, clock=clock, lasts=0.0),
        FakeCall([], UNAVAILABLE, headers=False, clock=clock, lasts=60.0),
        FakeCall([event(1)]),
    )
    assert len(list(stream(subscribe, backoff=backoff, clock=clock))) == 1
    assert backoff.taken == [(1, 0), (1, 1), (2, 0), (2, 1), (2, 2)]


def test_a_call_in_place_for_5_s_resets_the_count_whatever_the_backoff() -> None:
    clock = FakeClock()
    backoff = RecordingBackoff()
    subscribe = FakeSubscribe(
        FakeCall([], UNAVAILABLE, clock=clock, lasts=10.0),
        FakeCall([], UNAVAILABLE, clock=clock, lasts=10.0),
        FakeCall([event(1)]),
    )
    assert len(list(stream(subscribe, backoff=backoff, clock=clock))) == 1
    assert backoff.taken == [(1, 0), (2, 0)]


def test_events_retries_until_the_subscription_is_confirmed() -> None:
    backoff = RecordingBackoff()
    subscribe = FakeSubscribe(
        FakeCall([], UNAVAILABLE, headers=False),
        FakeCall([], UNAVAILABLE, headers=False),
        FakeCall([event(1)]),
    )
    events = stream(subscribe, backoff=backoff)
    assert len(subscribe.requests) == 3  # before the first next()
    assert backoff.taken == [(1, 0), (1, 1)]
    assert [e.cursor for e in events] == cursors(1)


def test_events_gives_up_when_confirming_takes_longer_than_the_timeout() -> None:
    clock = FakeClock()
    calls: list[FakeCall] = []

    def refused() -> FakeCall:
        clock.now += 1.0  # each attempt takes a second
        calls.append(FakeCall([], UNAVAILABLE, headers=False))
        return calls[-1]

    events = unconfirmed(FakeSubscribe(more=refused), clock=clock)
    with pytest.raises(HitlError) as raised:
        events.confirm(5.0)
    assert raised.value.code == grpc.StatusCode.DEADLINE_EXCEEDED
    assert "UNAVAILABLE" in raised.value.message  # the last failure
    assert len(calls) == 5  # at 0, 1, 2, 3 and 4 s: the next would start at 5 s
    with pytest.raises(StopIteration):  # closed
        next(events)


def test_events_gives_up_at_once_when_the_next_retry_would_be_too_late() -> None:
    events = unconfirmed(
        FakeSubscribe(FakeCall([], UNAVAILABLE, headers=False)),
        backoff=Backoff(initial=60.0, maximum=60.0),  # 30 to 60 s
    )
    raised: list[HitlError] = []

    def confirm() -> None:
        try:
            events.confirm(5.0)
        except HitlError as error:
            raised.append(error)

    confirming = threading.Thread(target=confirm)
    confirming.start()
    confirming.join(2)
    events.close()  # ends a wait that should not have begun
    confirming.join(5)
    assert [error.code for error in raised] == [grpc.StatusCode.DEADLINE_EXCEEDED]


def test_events_raises_a_failure_that_resuming_cannot_fix() -> None:
    subscribe = FakeSubscribe(FakeCall([], NOT_FOUND, headers=False))
    events = unconfirmed(subscribe)
    with pytest.raises(HitlError) as raised:
        events.confirm(5.0)
    assert (raised.value.code, raised.value.reason) == (
        grpc.StatusCode.NOT_FOUND,
        "SESSION_NOT_FOUND",
    )
    with pytest.raises(StopIteration):  # closed
        next(events)
    assert len(subscribe.requests) == 1


def test_subscription_not_confirmed_in_time_is_deadline_exceeded() -> None:
    silent = FakeCall(silent=True)
    events = unconfirmed(FakeSubscribe(silent))
    with pytest.raises(HitlError) as raised:
        events.confirm(0.05)
    assert raised.value.code == grpc.StatusCode.DEADLINE_EXCEEDED
    assert silent.cancelled.is_set()


def test_a_first_event_confirms_a_call_without_a_cursor_header() -> None:
    # From a server that sends no hitl-cursor: the event is not lost.
    subscribe = FakeSubscribe(FakeCall([event(1), event(2)], headers=False))
    events = stream(subscribe)
    assert events.cursor == ""
    assert [e.cursor for e in events] == cursors(1, 2)


def test_close_interrupts_the_wait_before_resubscribing() -> None:
    broken = FakeCall([], UNAVAILABLE)
    subscribe = FakeSubscribe(broken)
    events = stream(subscribe, backoff=Backoff(initial=60.0, maximum=60.0))
    reader = threading.Thread(target=lambda: list(events))
    reader.start()
    assert broken.exhausted.wait(5)  # the reader now waits out 30 to 60 s
    events.close()
    reader.join(5)
    assert not reader.is_alive()
    assert len(subscribe.requests) == 1


def test_close_cancels_the_call_in_progress() -> None:
    waiting = FakeCall([event(1)], block=True)
    events = stream(FakeSubscribe(waiting))
    received: list[object] = []
    reader = threading.Thread(target=lambda: received.extend(events))
    reader.start()
    assert waiting.exhausted.wait(5)  # the reader waits for a second event
    events.close()
    reader.join(5)
    assert not reader.is_alive()
    assert waiting.cancelled.is_set()
    assert len(received) == 1


def test_breaking_out_of_the_loop_cancels_the_call() -> None:
    waiting = FakeCall([event(1), event(2)], block=True)
    events = stream(FakeSubscribe(waiting))
    for _ in events:
        break
    assert waiting.cancelled.is_set()
    assert list(events) == []


def test_close_while_confirming_returns_a_closed_stream() -> None:
    silent = FakeCall(silent=True)
    events = unconfirmed(FakeSubscribe(silent))
    confirming = threading.Thread(target=events.confirm, args=(60.0,))
    confirming.start()
    events.close()
    confirming.join(5)
    assert not confirming.is_alive()
    with pytest.raises(StopIteration):
        next(events)

