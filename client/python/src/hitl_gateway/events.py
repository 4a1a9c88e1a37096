"""AgentEventStream: follows SubscribeAgentEvents across disconnects."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from types import TracebackType
from typing import Protocol

import grpc

from ._gen.hitl.v1 import hitl_pb2 as pb
from .backoff import Backoff
from .errors import HitlError

_log = logging.getLogger("hitl_gateway")


class EventCall(Protocol):
    """The part of a SubscribeAgentEvents call the stream uses (the object
    gRPC returns; tests pass fakes). Failures raise ``grpc.RpcError``."""

    def __next__(self) -> pb.AgentEvent: ...

    def initial_metadata(self) -> Sequence[tuple[str, str]]: ...

    def cancel(self) -> bool: ...


def _resumable(error: HitlError) -> bool:
    """Whether a broken stream should be resubscribed from its cursor: the
    connection dropped or the gateway is stopping (UNAVAILABLE), or the
    gateway dropped this subscriber for falling behind."""
    return error.code is grpc.StatusCode.UNAVAILABLE or (
        error.code is grpc.StatusCode.RESOURCE_EXHAUSTED
        and error.reason == "SUBSCRIBER_TOO_SLOW"
    )


class AgentEventStream(Iterator[pb.AgentEvent]):
    """An iterator over a gateway's agent events that survives disconnects.

    Made by ``HitlClient.events``. Each event is yielded once, in cursor
    order. When the stream breaks with UNAVAILABLE (a dropped connection, a
    restarting gateway) or RESOURCE_EXHAUSTED/SUBSCRIBER_TOO_SLOW, it waits
    per its ``Backoff`` (reset by each event received) and subscribes again
    with ``after_cursor`` = the cursor of the last event it yielded, skipping
    any event whose cursor is not greater. It keeps trying until the gateway
    answers or the stream is closed.

    Iteration ends when the gateway finishes the stream (a stream of given
    sessions finishes after all of them ended) or after ``close()``. Any
    other error is raised as ``HitlError`` and ends the stream.

    Iterate from one thread at a time; ``close()`` may be called from any
    thread. Usable as a context manager, which closes it.
    """

    def __init__(
        self,
        subscribe: Callable[[pb.SubscribeAgentEventsRequest], EventCall],
        session_ids: Sequence[str],
        after_cursor: str,
        *,
        subscribe_timeout: float,
        backoff: Backoff,
    ) -> None:
        """Subscribes, and returns once the gateway confirms the subscription
        (its response headers), so that no later event can be missed.

        Raises ``HitlError`` (DEADLINE_EXCEEDED) if that takes longer than
        ``subscribe_timeout`` seconds; other failures to subscribe surface
        from the first ``next()``.
        """
        self._subscribe = subscribe
        self._session_ids = list(session_ids)
        self._cursor = after_cursor
        self._backoff = backoff
        self._delays: Iterator[float] | None = None
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._call: EventCall | None = None
        call = self._current_call()
        if call is not None and not _headers_within(call, subscribe_timeout):
            self.close()
            raise HitlError(
                grpc.StatusCode.DEADLINE_EXCEEDED,
                f"SubscribeAgentEvents was not confirmed within {subscribe_timeout:g} s",
            )
        if call is not None and not self._cursor:
            # Where the gateway starts this stream: a break before the first
            # event then resumes from here instead of from "now" again.
            self._cursor = _start_cursor(call)

    @property
    def cursor(self) -> str:
        """The cursor of the last event yielded (at first, the ``after_cursor``
        given, or where the gateway started the stream). Persist it to resume
        later with ``after_cursor``."""
        return self._cursor

    def __next__(self) -> pb.AgentEvent:
        while True:
            call = self._current_call()
            if call is None:
                raise StopIteration
            try:
                event = next(call)
            except StopIteration:
                self.close()  # the gateway finished the stream
                raise
            except grpc.RpcError as rpc_error:
                if self._closed.is_set():
                    raise StopIteration from None
                error = HitlError.from_rpc_error(rpc_error)
                if not _resumable(error):
                    self.close()
                    raise error from rpc_error
                self._wait_to_resubscribe(error)
                continue
            self._delays = None
            if event.cursor <= self._cursor:
                continue  # seen before the stream was resumed
            self._cursor = event.cursor
            return event

    def close(self) -> None:
        """Ends the stream: cancels the call in progress; iteration then stops."""
        with self._lock:
            self._closed.set()
            if self._call is not None:
                self._call.cancel()

    def __enter__(self) -> AgentEventStream:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _current_call(self) -> EventCall | None:
        """The call in progress, subscribing from the cursor if there is none;
        None once closed."""
        with self._lock:
            if self._closed.is_set():
                return None
            if self._call is None:
                request = pb.SubscribeAgentEventsRequest(
                    session_ids=self._session_ids, after_cursor=self._cursor
                )
                self._call = self._subscribe(request)
            return self._call

    def _wait_to_resubscribe(self, error: HitlError) -> None:
        """Drops the broken call and waits the next backoff delay (cut short
        by ``close()``)."""
        with self._lock:
            self._call = None
        if self._delays is None:
            self._delays = self._backoff.delays()
        delay = next(self._delays)
        _log.info(
            "agent event stream broke (%s %s); resubscribing in %.2f s",
            error.code.name,
            error.reason,
            delay,
        )
        self._closed.wait(delay)


def _start_cursor(call: EventCall) -> str:
    """The ``hitl-cursor`` response header: the position the stream starts
    after ("" if absent, e.g. the call failed)."""
    for key, value in call.initial_metadata() or ():
        if key == "hitl-cursor":
            return value
    return ""


def _headers_within(call: EventCall, timeout: float) -> bool:
    """Waits until the call has its response headers or has ended; after
    ``timeout`` seconds, cancels it and returns False."""
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        call.cancel()

    timer = threading.Timer(timeout, expire)
    timer.daemon = True
    timer.start()
    try:
        call.initial_metadata()
    finally:
        timer.cancel()
    return not expired.is_set()
