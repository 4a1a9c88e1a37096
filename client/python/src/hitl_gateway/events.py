"""AgentEventStream: follows SubscribeAgentEvents across disconnects
(docs/CLIENTS.md, "The agent-event stream")."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Literal, Protocol

import grpc

from ._closing import Closing
from ._gen.hitl.v1 import hitl_pb2 as pb
from .backoff import Backoff
from .errors import HitlError

_log = logging.getLogger("hitl_gateway")

CURSOR_HEADER = "hitl-cursor"


class EventCall(Protocol):
    """The part of a SubscribeAgentEvents call the stream uses (the object
    gRPC returns; tests pass fakes). Failures raise ``grpc.RpcError``."""

    def __next__(self) -> pb.AgentEvent: ...

    def initial_metadata(self) -> Sequence[tuple[str, str]]: ...

    def cancel(self) -> bool: ...


def _resumable(error: HitlError) -> bool:
    """Whether a call that failed so is resubscribed from the cursor: the
    connection dropped or the gateway is stopping (UNAVAILABLE); the gateway
    dropped this subscriber for falling behind; or a proxy or the transport
    reset the stream (INTERNAL or UNKNOWN without the ErrorInfo reason that
    every error of the gateway has). (An OK end of a stream of all sessions,
    which the gateway never ends by itself, is resubscribed too.)"""
    code = error.code
    return (
        code is grpc.StatusCode.UNAVAILABLE
        or (code is grpc.StatusCode.RESOURCE_EXHAUSTED and error.reason == "SUBSCRIBER_TOO_SLOW")
        or (code in (grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN) and not error.reason)
    )


IN_PLACE_RESET = 5.0
"""Seconds a call must have been in place (headers received) for its break to
reset the count of failures in a row (docs/CLIENTS.md)."""


class AgentEventStream(Closing, Iterator[pb.AgentEvent]):
    """An iterator over a gateway's agent events that survives disconnects.

    Made by ``HitlClient.events``, which returns it once the gateway has
    confirmed the subscription. Each event is yielded once, in cursor order.
    When a call breaks with an error that resuming fixes (UNAVAILABLE,
    RESOURCE_EXHAUSTED/SUBSCRIBER_TOO_SLOW, INTERNAL or UNKNOWN without a
    reason) or a stream of all sessions ends with OK, it waits per its
    ``Backoff`` and subscribes again after ``cursor``, skipping any event
    whose cursor is not greater. It keeps trying until the gateway answers or
    the stream is closed.

    Iteration ends when a stream of given sessions finishes (all of them
    ended) or after ``close()`` (of the stream or of its client). Any other
    error is raised as ``HitlError`` and ends the stream.

    Iterate from one thread at a time; ``close()`` may be called from any
    thread. Leaving a ``for`` loop over it early closes it. Usable as a
    context manager, which closes it.
    """

    def __init__(
        self,
        subscribe: Callable[[pb.SubscribeAgentEventsRequest], EventCall],
        session_ids: Sequence[str],
        after_cursor: str,
        *,
        backoff: Backoff,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Prepares the stream; nothing is sent before ``confirm``."""
        self._subscribe = subscribe
        self._session_ids = list(session_ids)
        self._cursor = after_cursor
        self._backoff = backoff
        self._clock = clock
        self._delays: Iterator[float] | None = None  # of the failures in a row
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._call: EventCall | None = None
        self._awaiting_headers = False  # the call's headers were not read yet
        self._in_place_since: float | None = None  # when its headers came
        self._pending: pb.AgentEvent | None = None  # read while confirming

    def confirm(self, timeout: float) -> None:
        """Subscribes, and returns once the gateway confirms the subscription
        (response headers with ``hitl-cursor``): from then on no event is
        missed. Calls that fail with an error that resuming fixes are retried
        with the backoff, within ``timeout`` seconds.

        Raises ``HitlError``: the error of a failure that resuming cannot
        fix, or DEADLINE_EXCEEDED when ``timeout`` runs out; the stream is
        then closed. Returns at once if the stream is closed meanwhile."""
        deadline = self._clock() + timeout
        error: HitlError | None = None  # the last failure
        while True:
            remaining = deadline - self._clock()
            if remaining <= 0:
                self.close()
                raise _not_confirmed(timeout, error)
            call = self._current_call()
            if call is None:
                return
            with _cancel_after(call, remaining) as expired:
                answer = self._first_answer(call)
            if expired.is_set():
                self.close()
                raise _not_confirmed(timeout)
            if answer == "confirmed" or self._closed.is_set():
                return
            error = None
            if isinstance(answer, grpc.RpcError):
                error = HitlError.from_rpc_error(answer)
                if not _resumable(error):
                    self.close()
                    raise error from answer
            elif self._session_ids:  # ended with OK: all those sessions had ended
                self.close()
                return
            delay = self._next_delay()
            if self._clock() + delay >= deadline:
                self.close()
                raise _not_confirmed(timeout, error)
            self._wait_to_resubscribe(error, delay)

    @property
    def cursor(self) -> str:
        """The cursor of the last event yielded (at first, the ``after_cursor``
        given, or where the gateway started the stream). Persist it to resume
        later with ``after_cursor``."""
        return self._cursor

    def __next__(self) -> pb.AgentEvent:
        while True:
            try:
                event = self._receive()
            except StopIteration:
                if self._session_ids or self._closed.is_set():
                    self.close()  # the gateway finished the stream
                    raise
                error: HitlError | None = None  # a stream of all sessions: resume
            except grpc.RpcError as rpc_error:
                if self._closed.is_set():
                    raise StopIteration from None
                error = HitlError.from_rpc_error(rpc_error)
                if not _resumable(error):
                    self.close()
                    raise error from rpc_error
            else:
                if event is None:
                    raise StopIteration
                self._delays = None  # an event arrived: the next failure is the first
                if event.cursor <= self._cursor:
                    continue  # seen before the stream was resumed
                self._cursor = event.cursor
                return event
            if self._broke_after_standing():
                self._delays = None
            self._wait_to_resubscribe(error, self._next_delay())

    def __iter__(self) -> Iterator[pb.AgentEvent]:
        """The events; leaving the ``for`` loop early (``break``, an
        exception) closes the stream, which cancels the call in progress."""
        try:
            while True:
                try:
                    event = self.__next__()
                except StopIteration:
                    return
                yield event
        finally:
            self.close()

    def close(self) -> None:
        """Ends the stream: cancels the call in progress; iteration then stops."""
        with self._lock:
            self._closed.set()
            if self._call is not None:
                self._call.cancel()

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
                self._awaiting_headers = True
                self._in_place_since = None
            return self._call

    def _first_answer(self, call: EventCall) -> Literal["confirmed", "ended"] | grpc.RpcError:
        """Waits for the headers of a new call; if they do not confirm it (the
        call ended before sending any), for how it ended. A first event (from
        a server that sends no ``hitl-cursor``) confirms it too."""
        try:
            self._note_headers(call)
            if self._in_place_since is None:  # the headers had no hitl-cursor
                self._pending = next(call)
            return "confirmed"
        except StopIteration:
            return "ended"
        except grpc.RpcError as rpc_error:
            return rpc_error

    def _receive(self) -> pb.AgentEvent | None:
        """The next event of the call in progress (subscribing if needed);
        None once closed. Raises what the call raises."""
        if self._pending is not None:
            event, self._pending = self._pending, None
            return event
        call = self._current_call()
        if call is None:
            return None
        self._note_headers(call)
        return next(call)

    def _note_headers(self, call: EventCall) -> None:
        """Reads the headers of a new call (waiting for them, or for the end
        of a call that has none): if they have ``hitl-cursor``, notes since
        when it is in place and, before any event, adopts the cursor so that
        a resume starts there instead of at "now" again."""
        if not self._awaiting_headers:
            return
        self._awaiting_headers = False
        start = _start_cursor(call)
        if start is None:
            return
        self._in_place_since = self._clock()
        if not self._cursor:
            self._cursor = start

    def _broke_after_standing(self) -> bool:
        """Whether the call that broke had been in place (headers received)
        for at least ``IN_PLACE_RESET`` seconds: it did not fail at once, so
        the next resubscription is a first one again."""
        since = self._in_place_since
        return since is not None and self._clock() - since >= IN_PLACE_RESET

    def _next_delay(self) -> float:
        if self._delays is None:
            self._delays = self._backoff.delays()
        return next(self._delays)

    def _wait_to_resubscribe(self, error: HitlError | None, delay: float) -> None:
        """Drops the ended call and waits ``delay`` seconds (cut short by
        ``close()``)."""
        with self._lock:
            self._call = None
        _log.info(
            "agent event stream ended (%s %s); resubscribing in %.2f s",
            error.code.name if error else "OK",
            error.reason if error else "",
            delay,
        )
        self._closed.wait(delay)


def _start_cursor(call: EventCall) -> str | None:
    """The call's ``hitl-cursor`` response header: the position the stream
    starts after; None if the call ended before sending headers."""
    for key, value in call.initial_metadata() or ():
        if key == CURSOR_HEADER:
            return value
    return None


def _not_confirmed(timeout: float, last: HitlError | None = None) -> HitlError:
    because = f" (last: {last})" if last else ""
    return HitlError(
        grpc.StatusCode.DEADLINE_EXCEEDED,
        f"SubscribeAgentEvents was not confirmed within {timeout:g} s{because}",
    )


@contextmanager
def _cancel_after(call: EventCall, timeout: float) -> Iterator[threading.Event]:
    """Cancels ``call`` if the block takes longer than ``timeout`` seconds;
    yields the event set when that happened."""
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        call.cancel()

    timer = threading.Timer(timeout, expire)
    timer.daemon = True
    timer.start()
    try:
        yield expired
    finally:
        timer.cancel()
        timer.join()
