"""Fakes of gRPC's call objects for unit tests of the client's own logic."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import grpc
from google.protobuf import any_pb2
from google.rpc import error_details_pb2, status_pb2

from hitl_gateway import AgentEvent


def status(
    code: grpc.StatusCode, message: str, reason: str, metadata: Mapping[str, str]
) -> status_pb2.Status:
    """The google.rpc.Status of a gateway's error: its ErrorInfo has `reason`."""
    info = any_pb2.Any()
    info.Pack(
        error_details_pb2.ErrorInfo(reason=reason, domain="hitl-gateway", metadata=metadata)
    )
    return status_pb2.Status(code=code.value[0], message=message, details=[info])


def status_details(
    code: grpc.StatusCode, message: str, reason: str, metadata: Mapping[str, str]
) -> bytes:
    """The google.rpc.Status the gateway sends in grpc-status-details-bin."""
    return status(code, message, reason, metadata).SerializeToString()


def highest(low: float, high: float) -> float:
    """A backoff's draw of a delay between `low` and `high`: the longest."""
    return high


class FakeRpcError(grpc.RpcError, grpc.Call):
    """What a failed call raises: the error is also the call."""

    def __init__(
        self,
        code: grpc.StatusCode,
        message: str = "",
        reason: str = "",
        metadata: Mapping[str, str] | None = None,
        details: bytes | None = None,
    ) -> None:
        self._code = code
        self._message = message
        if details is None and reason:
            details = status_details(code, message, reason, metadata or {})
        self._trailers = () if details is None else (("grpc-status-details-bin", details),)

    def code(self) -> grpc.StatusCode:
        return self._code

    def details(self) -> str:
        return self._message

    def trailing_metadata(self) -> Any:
        return self._trailers

    def initial_metadata(self) -> Any:
        return ()

    def is_active(self) -> bool:
        return False

    def time_remaining(self) -> float:
        return 0.0

    def cancel(self) -> bool:
        return False

    def add_callback(self, callback: Any) -> bool:
        return False


def event(cursor: int, text: str = "") -> AgentEvent:
    """An agent message with a 20-digit cursor, as the gateway makes them."""
    made = AgentEvent(cursor=f"{cursor:020d}", session_id="s-1")
    made.agent_message.text = text or f"message {cursor}"
    return made


START = event(0).cursor  # where a fake call says it starts, unless told


class FakeClock:
    """A monotonic clock that moves only when told (or slept on)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


class FakeCall:
    """A SubscribeAgentEvents call: sends its headers (``hitl-cursor``:
    `start_cursor`), yields `events`, then raises `error`, or (with `block`)
    waits until cancelled, or else finishes with OK.

    Without `headers` the call ends before sending any (as when the gateway
    cannot be reached or refuses the call at once); `silent` waits for
    headers until cancelled. With `clock`, the call stays up `lasts` seconds
    of it before it ends."""

    def __init__(
        self,
        events: Iterable[AgentEvent] = (),
        error: grpc.RpcError | None = None,
        *,
        block: bool = False,
        headers: bool = True,
        silent: bool = False,
        start_cursor: str = START,
        clock: FakeClock | None = None,
        lasts: float = 0.0,
    ) -> None:
        self._events = list(events)
        self._start_cursor = start_cursor
        self._error = error
        self._block = block
        self._headers = headers
        self._silent = silent
        self._clock = clock
        self._lasts = lasts
        self.cancelled = threading.Event()
        self.exhausted = threading.Event()  # set when the events ran out

    def initial_metadata(self) -> Any:
        if self._silent:
            self.cancelled.wait()
            return ()
        return (("hitl-cursor", self._start_cursor),) if self._headers else ()

    def __next__(self) -> AgentEvent:
        if self.cancelled.is_set():
            raise FakeRpcError(grpc.StatusCode.CANCELLED, "Locally cancelled")
        if self._events:
            return self._events.pop(0)
        self.exhausted.set()
        if self._clock is not None:
            self._clock.now += self._lasts
        if self._error is not None:
            raise self._error
        if self._block:
            self.cancelled.wait()
            raise FakeRpcError(grpc.StatusCode.CANCELLED, "Locally cancelled")
        raise StopIteration

    def cancel(self) -> bool:
        self.cancelled.set()
        return True


class FakeSubscribe:
    """Hands out the given calls one per subscription, then (if given) the
    calls `more()` makes; records the requests."""

    def __init__(self, *calls: FakeCall, more: Callable[[], FakeCall] | None = None) -> None:
        self.calls = list(calls)
        self.more = more
        self.requests: list[Any] = []

    def __call__(self, request: Any) -> FakeCall:
        self.requests.append(request)
        if len(self.requests) > len(self.calls):
            assert self.more is not None, "subscribed more often than the test planned"
            self.calls.append(self.more())
        return self.calls[len(self.requests) - 1]
