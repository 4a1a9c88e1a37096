"""HitlClient against an in-process fake gateway on a loopback port: what
goes on the wire (request ids, the token, retries) and what comes back."""

from __future__ import annotations

import math
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent import futures
from typing import Any

import grpc
import pytest
from grpc_status import rpc_status

from fakes import START, FakeClock, FakeRpcError, event, highest, status
from hitl_gateway import AgentEvent, Backoff, HitlClient, HitlError, Session
from hitl_gateway._channel import OPTIONS
from hitl_gateway._gen.hitl.v1 import hitl_pb2 as pb
from hitl_gateway._gen.hitl.v1 import hitl_pb2_grpc
from hitl_gateway._retry import UnaryRetry

NOWHERE = "127.0.0.1:1"  # for checks made before any call goes out


class FakeGateway(hitl_pb2_grpc.HitlServiceServicer):
    """Records each call as (method, request, metadata)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any, dict[str, str | bytes]]] = []
        self.unavailable_sends = 0
        self.journal = [event(1), event(2), event(3)]
        self.break_first_stream = True  # after its first event, UNAVAILABLE
        self.hold_streams = False  # after the journal, wait for the client to go
        self.refuse_streams: list[grpc.StatusCode] = []  # before the headers

    def _record(self, method: str, request: Any, context: grpc.ServicerContext) -> None:
        self.calls.append((method, request, dict(context.invocation_metadata())))

    def requests(self, method: str) -> list[Any]:
        return [request for name, request, _ in self.calls if name == method]

    def StartHitl(self, request: Any, context: grpc.ServicerContext) -> Any:
        self._record("StartHitl", request, context)
        return pb.StartHitlResponse(session=Session(session_id="s-1", user_id=request.user.id))

    def SendMessage(self, request: Any, context: grpc.ServicerContext) -> Any:
        self._record("SendMessage", request, context)
        if self.unavailable_sends:
            self.unavailable_sends -= 1
            context.abort(grpc.StatusCode.UNAVAILABLE, "try again")
        return pb.SendMessageResponse(event_ids=["e-1"])

    def StopHitl(self, request: Any, context: grpc.ServicerContext) -> Any:
        self._record("StopHitl", request, context)
        return pb.StopHitlResponse(session=Session(session_id=request.session_id))

    def GetSession(self, request: Any, context: grpc.ServicerContext) -> Any:
        self._record("GetSession", request, context)
        not_found = status(
            grpc.StatusCode.NOT_FOUND,
            "no such session",
            "SESSION_NOT_FOUND",
            {"session_id": request.session_id},
        )
        context.abort_with_status(rpc_status.to_status(not_found))

    def SubscribeAgentEvents(self, request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
        """The journal after the cursor, as the gateway sends it; see the
        attributes for failures."""
        self._record("SubscribeAgentEvents", request, context)
        if self.refuse_streams:
            context.abort(self.refuse_streams.pop(0), "refused")
        context.send_initial_metadata((("hitl-cursor", START),))
        first = len(self.requests("SubscribeAgentEvents")) == 1
        for journaled in self.journal:
            if journaled.cursor > request.after_cursor:
                yield journaled
                if first and self.break_first_stream:
                    context.abort(grpc.StatusCode.UNAVAILABLE, "shutting down")
        while self.hold_streams and context.is_active():
            time.sleep(0.01)


@pytest.fixture
def gateway() -> Iterator[tuple[FakeGateway, str]]:
    fake = FakeGateway()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    hitl_pb2_grpc.add_HitlServiceServicer_to_server(fake, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    yield fake, f"127.0.0.1:{port}"
    server.stop(None)


def test_start_sends_the_handoff_with_a_fresh_request_id(gateway: tuple[FakeGateway, str]) -> None:
    fake, address = gateway
    with HitlClient(address) as client:
        session = client.start(
            "u-1",
            name="Ada",
            email="ada@example.com",
            title="Refund",
            description="parcel lost",
            transcript=[("user", "where is it"), ("bot", "let me check")],
            properties={"plan": "gold"},
        )
        client.start("u-1")
    assert session.session_id == "s-1"
    first, second = fake.requests("StartHitl")
    assert (first.user.id, first.user.name, first.user.email) == ("u-1", "Ada", "ada@example.com")
    assert (first.title, first.description, dict(first.properties)) == (
        "Refund",
        "parcel lost",
        {"plan": "gold"},
    )
    assert [(m.role, m.text) for m in first.transcript] == [
        (pb.AUTHOR_ROLE_USER, "where is it"),
        (pb.AUTHOR_ROLE_BOT, "let me check"),
    ]
    assert not first.HasField("group_id")
    assert uuid.UUID(first.request_id) != uuid.UUID(second.request_id)


def test_given_request_id_and_group_are_sent(gateway: tuple[FakeGateway, str]) -> None:
    fake, address = gateway
    with HitlClient(address) as client:
        client.start("u-1", group_id=0, request_id="start-1")
        client.send("s-1", "hello", request_id="send-1")
    (start,) = fake.requests("StartHitl")
    assert (start.HasField("group_id"), start.group_id, start.request_id) == (True, 0, "start-1")
    assert fake.requests("SendMessage")[0].request_id == "send-1"


def test_unavailable_call_is_retried_with_the_same_request_id(
    gateway: tuple[FakeGateway, str],
) -> None:
    fake, address = gateway
    fake.unavailable_sends = 2
    with HitlClient(address) as client:
        assert client.send("s-1", "hello") == ["e-1"]
    sends = fake.requests("SendMessage")
    assert len(sends) == 3
    assert len({send.request_id for send in sends}) == 1


def test_token_is_sent_on_every_call(gateway: tuple[FakeGateway, str]) -> None:
    fake, address = gateway
    with HitlClient(address, token="t0ken") as client:
        client.start("u-1")
        client.send("s-1", "hello")
        client.stop("s-1", "done")
        with pytest.raises(HitlError):
            client.get("s-1")
        with client.events(["s-1"]) as events:
            next(events)
    assert [(name, metadata.get("authorization")) for name, _, metadata in fake.calls] == [
        (name, "Bearer t0ken")
        for name in ("StartHitl", "SendMessage", "StopHitl", "GetSession", "SubscribeAgentEvents")
    ]


def test_no_authorization_without_a_token(gateway: tuple[FakeGateway, str]) -> None:
    fake, address = gateway
    with HitlClient(address) as client:
        client.stop("s-1")
    assert "authorization" not in fake.calls[0][2]


def test_error_info_of_a_failed_call_reaches_hitl_error(gateway: tuple[FakeGateway, str]) -> None:
    _, address = gateway
    with HitlClient(address) as client, pytest.raises(HitlError) as raised:
        client.get("nope")
    error = raised.value
    assert (error.code, error.message) == (grpc.StatusCode.NOT_FOUND, "no such session")
    assert (error.reason, error.metadata) == ("SESSION_NOT_FOUND", {"session_id": "nope"})


def test_events_resume_after_the_stream_breaks(gateway: tuple[FakeGateway, str]) -> None:
    fake, address = gateway
    with HitlClient(address) as client, client.events(["s-1"]) as events:
        received: list[AgentEvent] = list(events)
    assert [e.cursor for e in received] == [e.cursor for e in fake.journal]
    assert [r.after_cursor for r in fake.requests("SubscribeAgentEvents")] == [
        "",
        fake.journal[0].cursor,
    ]


def test_rejects_a_transcript_role_other_than_user_or_bot() -> None:
    with HitlClient(NOWHERE) as client, pytest.raises(ValueError, match="agent"):
        client.start("u-1", transcript=[("agent", "hi")])  # type: ignore[list-item]


def test_events_rejects_one_string_for_session_ids() -> None:
    with HitlClient(NOWHERE) as client, pytest.raises(TypeError):
        client.events("s-1")


def test_events_returns_once_a_refused_subscription_is_confirmed(
    gateway: tuple[FakeGateway, str],
) -> None:
    fake, address = gateway
    fake.refuse_streams = [grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.UNAVAILABLE]
    fake.break_first_stream = False
    with HitlClient(address) as client, client.events(["s-1"]) as events:
        assert len(fake.requests("SubscribeAgentEvents")) == 3
        assert events.cursor == START
        assert len(list(events)) == 3


def test_events_raises_a_refusal_that_resuming_cannot_fix(
    gateway: tuple[FakeGateway, str],
) -> None:
    fake, address = gateway
    fake.refuse_streams = [grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.PERMISSION_DENIED]
    with HitlClient(address) as client, pytest.raises(HitlError) as raised:
        client.events(["s-1"])
    assert raised.value.code == grpc.StatusCode.PERMISSION_DENIED
    assert len(fake.requests("SubscribeAgentEvents")) == 2


def test_events_gives_up_after_the_clients_timeout(gateway: tuple[FakeGateway, str]) -> None:
    fake, address = gateway
    fake.refuse_streams = [grpc.StatusCode.UNAVAILABLE] * 1000
    with HitlClient(address, timeout=0.3) as client, pytest.raises(HitlError) as raised:
        client.events(["s-1"], backoff=Backoff(initial=0.05, maximum=0.05))
    assert raised.value.code == grpc.StatusCode.DEADLINE_EXCEEDED
    assert 2 <= len(fake.requests("SubscribeAgentEvents")) <= 12


def test_closing_the_client_ends_an_iteration_in_progress(
    gateway: tuple[FakeGateway, str],
) -> None:
    fake, address = gateway
    fake.break_first_stream = False
    fake.hold_streams = True
    client = HitlClient(address)
    events = client.events()
    received: list[AgentEvent] = []
    failures: list[BaseException] = []

    def read() -> None:
        try:
            received.extend(events)
        except BaseException as error:  # handed to the test
            failures.append(error)

    reader = threading.Thread(target=read)
    reader.start()
    deadline = time.monotonic() + 5
    while len(received) < len(fake.journal) and time.monotonic() < deadline:
        time.sleep(0.01)
    client.close()
    reader.join(5)
    assert not reader.is_alive()
    assert (failures, len(received)) == ([], 3)


def test_calls_after_close_fail_with_cancelled() -> None:
    client = HitlClient(NOWHERE)
    client.close()
    for call in (lambda: client.get("s-1"), lambda: client.events()):
        with pytest.raises(HitlError) as closed:
            call()
        assert closed.value.code == grpc.StatusCode.CANCELLED


def test_close_cuts_short_a_call_waiting_to_retry() -> None:
    # NOWHERE refuses connections: the call retries UNAVAILABLE for up to 60 s.
    client = HitlClient(NOWHERE, timeout=60.0)
    failures: list[HitlError] = []

    def get() -> None:
        try:
            client.get("s-1")
        except HitlError as error:
            failures.append(error)

    caller = threading.Thread(target=get)
    caller.start()
    time.sleep(0.3)
    client.close()
    caller.join(5)
    assert not caller.is_alive()
    assert [error.code for error in failures] in (
        [grpc.StatusCode.CANCELLED],
        [grpc.StatusCode.UNAVAILABLE],  # closed during an attempt
    )


@pytest.mark.parametrize("timeout", [0.0, -1.0, math.nan, math.inf])
def test_timeout_must_be_positive(timeout: float) -> None:
    with pytest.raises(ValueError, match="timeout"):
        HitlClient(NOWHERE, timeout=timeout)


class FlakyStub:
    """A SendMessage that fails with UNAVAILABLE `failures` times, each
    attempt taking `takes` seconds of `clock`; records (request, timeout)."""

    def __init__(self, clock: FakeClock, failures: int, takes: float) -> None:
        self.clock = clock
        self.failures = failures
        self.takes = takes
        self.attempts: list[tuple[Any, float]] = []

    def SendMessage(self, request: Any, *, timeout: float, metadata: Any) -> Any:
        self.attempts.append((request, timeout))
        self.clock.now += self.takes
        if len(self.attempts) <= self.failures:
            raise FakeRpcError(grpc.StatusCode.UNAVAILABLE, "connection refused")
        return pb.SendMessageResponse(event_ids=["e-1"])


def client_on(stub: FlakyStub) -> HitlClient:
    """A client calling `stub`, retrying on its clock with the longest waits."""
    client = HitlClient(NOWHERE, timeout=10.0)
    client._retry = UnaryRetry(clock=stub.clock, sleep=stub.clock.sleep, uniform=highest)
    client._stub = stub  # type: ignore[assignment]
    return client


def test_each_retry_sends_the_same_request_with_the_time_left() -> None:
    clock = FakeClock()
    stub = FlakyStub(clock, failures=3, takes=0.5)
    with client_on(stub) as client:
        assert client.send("s-1", "hello") == ["e-1"]
    requests = [request for request, _ in stub.attempts]
    assert all(request is requests[0] for request in requests)
    assert uuid.UUID(requests[0].request_id)
    # Each attempt takes 0.5 s; the waits are 0.1, 0.2 and 0.4 s.
    assert [timeout for _, timeout in stub.attempts] == pytest.approx([10.0, 9.4, 8.7, 7.8])


def test_unavailable_until_the_deadline_raises_the_last_error() -> None:
    clock = FakeClock()
    stub = FlakyStub(clock, failures=1000, takes=1.0)
    with client_on(stub) as client:
        with pytest.raises(HitlError) as raised:
            client.send("s-1", "hello")
    assert raised.value.code == grpc.StatusCode.UNAVAILABLE
    # Attempts take 1 s and start at 0, 1.1, 2.3, 3.7, 5.5 and 8.1 s; the
    # next would start at 9.1 + 3.2 s, past the deadline.
    assert len(stub.attempts) == 6
    assert clock.now == pytest.approx(9.1)


def test_channel_keeps_pinging_an_idle_stream_and_leaves_retries_to_the_client() -> None:
    options = dict(OPTIONS)
    assert options["grpc.keepalive_time_ms"] == 30_000
    assert options["grpc.keepalive_timeout_ms"] == 10_000
    assert options["grpc.http2.max_pings_without_data"] == 0
    assert options["grpc.initial_reconnect_backoff_ms"] == 100
    assert "grpc.service_config" not in options
    assert "grpc.enable_retries" not in options
