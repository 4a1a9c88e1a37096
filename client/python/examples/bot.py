#!/usr/bin/env python3
"""An example bot: hands its user over to a human agent through hitl-gateway.

It starts a handoff with a short transcript, relays each line typed on stdin
(or each LINE argument) to the agent as the user's message, and prints the
agent's events as they arrive. It ends when the agent closes the chat, or on
Ctrl-C, which stops the handoff.

    python examples/bot.py --address 127.0.0.1:50051 "Order 4411" "Thanks"
    HITL_TOKEN=secret python examples/bot.py --ca-file gateway.pem < lines.txt

Settings: --address (else $HITL_ADDR, else 127.0.0.1:50051), --token (else
$HITL_TOKEN), --tls (system roots) or --ca-file PEM (else $HITL_CA_FILE).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Iterable

from hitl_gateway import AgentEvent, EndedBy, HitlClient, HitlError, SessionState


def describe(event: AgentEvent) -> str:
    """One line for a person to read."""
    kind = event.WhichOneof("kind")
    if kind == "agent_message":
        return f"{event.agent_message.agent_id}: {event.agent_message.text}"
    if kind == "agent_file":
        file = event.agent_file
        return f"{file.agent_id} sent {file.name} ({file.content_type}): {file.url}"
    if kind == "chat_transferred":
        agents = ", ".join(event.chat_transferred.agent_ids)
        return f"(now with {agents})" if agents else "(waiting in the queue)"
    if kind == "session_ended":
        who = EndedBy.Name(event.session_ended.ended_by).removeprefix("ENDED_BY_").lower()
        return f"(the chat was ended by the {who})"
    return f"({kind})"


def relay(client: HitlClient, session_id: str, lines: Iterable[str]) -> None:
    """Sends each non-empty line as the user's message."""
    for line in lines:
        if line.strip():
            try:
                client.send(session_id, line.rstrip("\n"))
            except HitlError as error:
                print(f"not sent: {error}", file=sys.stderr)
                if error.reason == "SESSION_ENDED":
                    return


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lines", nargs="*", metavar="LINE", help="messages to send (default: stdin)")
    parser.add_argument("--address", default=os.environ.get("HITL_ADDR", "127.0.0.1:50051"))
    parser.add_argument("--token", default=os.environ.get("HITL_TOKEN"))
    parser.add_argument("--tls", action="store_true", help="TLS, trusting the system's roots")
    parser.add_argument("--ca-file", default=os.environ.get("HITL_CA_FILE"), help="PEM to trust (TLS)")
    parser.add_argument("--user-id", default="example-user")
    args = parser.parse_args()
    roots = None
    if args.ca_file:
        with open(args.ca_file, "rb") as pem:
            roots = pem.read()

    with HitlClient(args.address, token=args.token, tls=args.tls, root_certificates=roots) as client:
        session = client.start(
            args.user_id,
            name="Ada Lovelace",
            email="ada@example.com",
            title="Parcel not delivered",
            description="The user asked for a human after the tracking check.",
            transcript=[
                ("user", "My parcel never came."),
                ("bot", "I am sorry. Let me get you a human agent."),
            ],
            properties={"source": "example-bot"},
        )
        print(f"handoff started: session {session.session_id}, chat {session.chat_id}", flush=True)
        with client.events([session.session_id]) as events:
            lines = args.lines or sys.stdin
            threading.Thread(target=relay, args=(client, session.session_id, lines), daemon=True).start()
            try:
                for event in events:
                    print(describe(event), flush=True)
            except KeyboardInterrupt:
                stopped = client.stop(session.session_id, reason="the user left")
                print(f"handoff stopped: {SessionState.Name(stopped.state)}", flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except HitlError as error:
        sys.exit(f"bot: {error}")
