"""The client libraries' end-to-end scenario (tests/e2e/CLIENT_SCENARIO.md)
through the public API, against the real gateway and livechat-sim."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import grpc
import pytest

from event_queue import EventQueue
from hitl_gateway import AgentEvent, EndedBy, HitlClient, HitlError, SessionState
from sim_control import SimControl
from stack import Stack

JANE = "jane.doe@example.com"
JOHN = "john.roe@example.com"


def agent_text(event: AgentEvent) -> str:
    assert event.WhichOneof("kind") == "agent_message", event
    return event.agent_message.text


def test_scenario(start_stack: Callable[..., Stack]) -> None:
    # 1. The stack; a client with a 10 s deadline per call.
    stack = start_stack()
    sim = SimControl(stack.sim)
    with HitlClient(stack.grpc, timeout=10.0) as client:
        # 2. Start a handoff; the simulator's chat has the customer and the
        # transcript in order.
        session = client.start(
            "e2e-python",
            name="Ada Python",
            email="ada@example.com",
            title="E2E python",
            description="scenario",
            transcript=[("user", "I need help"), ("bot", "Connecting you to a human")],
            properties={"lang": "python"},
        )
        assert session.session_id and session.chat_id
        chat_id = session.chat_id
        chat = sim.chat(chat_id)
        customers = [user for user in chat["users"] if user["type"] == "customer"]
        assert [(c["id"], c["name"]) for c in customers] == [(session.customer_id, "Ada Python")]
        said = [(e.get("text"), e.get("author_id")) for e in chat["threads"][-1]["events"]]
        texts = [text for text, _ in said]
        assert texts.index("I need help") < texts.index("Connecting you to a human")
        assert ("I need help", session.customer_id) in said

        # 3. The agent-event iterator for this session, no cursor.
        events = EventQueue(client.events([session.session_id]))
        received: list[AgentEvent] = []
        try:
            # 4. Send: one event id; the chat's last event is the customer's.
            assert len(client.send(session.session_id, "hello from python")) == 1
            last = sim.chat(chat_id)["threads"][-1]["events"][-1]
            assert (last["text"], last["author_id"]) == ("hello from python", session.customer_id)

            # 5. The routing at start assigned Jane.
            received.append(events.next())
            assert received[-1].WhichOneof("kind") == "chat_transferred", received[-1]
            assert list(received[-1].chat_transferred.agent_ids) == [JANE]

            # 6. Jane replies.
            sim.agent_message(chat_id, "agent reply 1")
            received.append(events.next())
            assert agent_text(received[-1]) == "agent reply 1"
            assert received[-1].agent_message.agent_id == JANE

            # 7. Transfer to John.
            sim.transfer(chat_id, [JOHN])
            received.append(events.next())
            assert received[-1].WhichOneof("kind") == "chat_transferred", received[-1]
            assert list(received[-1].chat_transferred.agent_ids) == [JOHN]

            # 8. The gateway restarts under the open iterator, which resumes
            # on its own: both messages arrive, once each, in order.
            stack.request("restart")
            during = sim.agent_message(chat_id, "during restart")
            assert stack.answer() == {"restarted": True, "error": ""}
            # The gateway journals events in the order their webhooks reach
            # it; "during restart"'s first delivery may have failed, and the
            # simulator's retry (50 ms later) would come after "after restart".
            sim.wait_delivered(during["event_id"])
            sim.agent_message(chat_id, "after restart")
            received.append(events.next(timeout=20.0))
            received.append(events.next(timeout=20.0))
            assert [agent_text(e) for e in received[-2:]] == ["during restart", "after restart"]

            # 9. Jane closes the chat: session_ended by the agent, then the
            # stream of this session finishes.
            sim.close(chat_id, JANE)
            received.append(events.next())
            assert received[-1].WhichOneof("kind") == "session_ended", received[-1]
            assert received[-1].session_ended.ended_by == EndedBy.ENDED_BY_AGENT
            events.expect_end()
        finally:
            events.close()
        cursors = [event.cursor for event in received]
        assert all(a < b for a, b in zip(cursors, cursors[1:])), cursors
        assert events.stream.cursor == cursors[-1]
        assert {event.session_id for event in received} == {session.session_id}

        # 10. Get: ended by the agent.
        ended = client.get(session.session_id)
        assert ended.state == SessionState.SESSION_STATE_ENDED
        assert ended.ended_by == EndedBy.ENDED_BY_AGENT

        # 11. Errors carry the code and the ErrorInfo reason.
        with pytest.raises(HitlError) as unknown:
            client.get("no-such-session")
        assert (unknown.value.code, unknown.value.reason) == (
            grpc.StatusCode.NOT_FOUND,
            "SESSION_NOT_FOUND",
        )
        with pytest.raises(HitlError) as late:
            client.send(session.session_id, "too late")
        assert (late.value.code, late.value.reason) == (
            grpc.StatusCode.FAILED_PRECONDITION,
            "SESSION_ENDED",
        )

    # 12. The gateway shuts down cleanly.
    assert stack.stop() == 0


def test_bearer_token(start_stack: Callable[..., Stack]) -> None:
    stack = start_stack("--env", "HITL_API_TOKENS=e2e-token")
    with HitlClient(stack.grpc) as anonymous, pytest.raises(HitlError) as refused:
        anonymous.get("no-such-session")
    assert refused.value.code == grpc.StatusCode.UNAUTHENTICATED
    with HitlClient(stack.grpc, token="e2e-token") as client, pytest.raises(HitlError) as unknown:
        client.get("no-such-session")
    assert unknown.value.code == grpc.StatusCode.NOT_FOUND
    assert stack.stop() == 0


def test_tls(start_stack: Callable[..., Stack]) -> None:
    stack = start_stack("--tls")
    assert stack.ca_file is not None
    pem = Path(stack.ca_file).read_bytes()
    with HitlClient(stack.grpc, root_certificates=pem) as client:
        session = client.start("e2e-python-tls", name="Ada Python", title="E2E python TLS")
        assert session.session_id and session.chat_id
    assert stack.stop() == 0


def test_all_sessions_subscribed_before_a_start_get_its_first_event(
    start_stack: Callable[..., Stack],
) -> None:
    stack = start_stack()
    with HitlClient(stack.grpc, timeout=10.0) as client:
        # events() returns once the gateway confirmed the subscription.
        stream = client.events()
        start = stream.cursor
        assert start, "the gateway sent no hitl-cursor header"
        session = client.start("e2e-python-all", title="E2E python all sessions")
        events = EventQueue(stream)
        try:
            first = events.next()
        finally:
            events.close()
        assert first.session_id == session.session_id
        assert first.WhichOneof("kind") == "chat_transferred", first
        assert list(first.chat_transferred.agent_ids) == [JANE]
        assert first.cursor > start
    assert stack.stop() == 0
