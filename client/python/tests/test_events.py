"""AgentEventStream's resume logic against fake calls: no sockets, no
waiting (the backoff's delays are 0 unless a test wants a long one)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import grpc
import pytest

from fakes import FakeCall, FakeRpcError, FakeSubscribe, event
from hitl_gateway import AgentEventStream, Backoff, HitlError

UNAVAILABLE = FakeRpcError(grpc.StatusCode.UNAVAILABLE, "gateway stopping", reason="SHUTTING_DOWN")
NO_WAIT = Backoff(initial=0.0, maximum=0.0)


class RecordingBackoff:
    """A backoff without delays that records which delay of which series
    each wait took: (series, index)."""

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


def stream(
    subscribe: FakeSubscribe,
    session_ids: tuple[str, ...] = ("s-1",),
    after_cursor: str = "",
    backoff: object = NO_WAIT,
) -> AgentEventStream:
    return AgentEventStream(
        subscribe,
        session_ids,
        after_cursor,
        subscribe_timeout=5.0,
        backoff=backoff,  # type: ignore[arg-type]
    )


def test_resumes_from_the_last_cursor_after_unavailable() -> None:
    subscribe = FakeSubscribe(
        FakeCall([event(1), event(2)], UNAVAILABLE),
        FakeCall([event(3)]),
    )
    events = stream(subscribe)
    assert [e.cursor for e in events] == [event(n).cursor for n in (1, 2, 3)]
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
    assert [e.cursor for e in stream(subscribe)] == [event(n).cursor for n in (1, 2, 3)]


def test_a_break_before_the_first_event_resumes_where_the_gateway_started() -> None:
    subscribe = FakeSubscribe(
        FakeCall([], UNAVAILABLE, start_cursor=event(7).cursor),
        FakeCall([event(8)]),
    )
    events = stream(subscribe, session_ids=())
    assert events.cursor == event(7).cursor
    assert [e.cursor for e in events] == [event(8).cursor]
    assert [r.after_cursor for r in subscribe.requests] == ["", event(7).cursor]


def test_starts_after_the_given_cursor() -> None:
    subscribe = FakeSubscribe(FakeCall([event(4), event(5), event(6)]))
    events = stream(subscribe, session_ids=(), after_cursor=event(5).cursor)
    assert events.cursor == event(5).cursor
    assert [e.cursor for e in events] == [event(6).cursor]
    assert subscribe.requests[0].after_cursor == event(5).cursor


def test_resumes_a_subscriber_dropped_for_being_too_slow() -> None:
    too_slow = FakeRpcError(
        grpc.StatusCode.RESOURCE_EXHAUSTED, "fell behind", reason="SUBSCRIBER_TOO_SLOW"
    )
    subscribe = FakeSubscribe(FakeCall([event(1)], too_slow), FakeCall([event(2)]))
    assert len(list(stream(subscribe))) == 2
    assert subscribe.requests[1].after_cursor == event(1).cursor


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (grpc.StatusCode.RESOURCE_EXHAUSTED, "LIVECHAT_RATE_LIMITED"),
        (grpc.StatusCode.NOT_FOUND, "SESSION_NOT_FOUND"),
        (grpc.StatusCode.OUT_OF_RANGE, "CURSOR_EXPIRED"),
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


def test_ends_when_the_gateway_finishes_the_stream() -> None:
    subscribe = FakeSubscribe(FakeCall([event(1)]))
    events = stream(subscribe)
    assert len(list(events)) == 1
    with pytest.raises(StopIteration):
        next(events)
    assert len(subscribe.requests) == 1


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


def test_close_interrupts_the_wait_before_resubscribing() -> None:
    broken = FakeCall([], UNAVAILABLE)
    subscribe = FakeSubscribe(broken)
    events = stream(subscribe, backoff=Backoff(initial=60.0, maximum=60.0))
    reader = threading.Thread(target=lambda: list(events))
    reader.start()
    assert broken.exhausted.wait(5)  # the reader now waits out 60 s
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


def test_subscription_not_confirmed_in_time_is_deadline_exceeded() -> None:
    silent = FakeCall(headers=False)
    with pytest.raises(HitlError) as raised:
        AgentEventStream(
            FakeSubscribe(silent), ["s-1"], "", subscribe_timeout=0.05, backoff=NO_WAIT
        )
    assert raised.value.code == grpc.StatusCode.DEADLINE_EXCEEDED
    assert silent.cancelled.is_set()
