#!/usr/bin/env python3
"""An example bot: hands its user over to a human agent through hitl-gateway.

It starts a handoff with a short transcript, sends each LINE argument (or,
without any, each line typed on stdin) to the agent as the user's message,
and prints the agent's events as they arrive. Ctrl-C stops the handoff; the
bot exits once the session has ended, whoever ended it.

    python examples/bot.py --address 127.0.0.1:50051 "Order 4411" "Thanks"
    HITL_TOKEN=secret python examples/bot.py --ca-file gateway.pem < lines.txt

Settings: --address (else $HITL_ADDR, else 127.0.0.1:50051), --token (else
$HITL_TOKEN), --tls (system roots) or --ca-file PEM (else $HITL_CA_FILE),
--user-id, --name, --email.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Iterable

from hitl_gateway import AgentEvent, AgentEventStream, EndedBy, HitlClient, HitlError


def describe(event: AgentEvent) -> str:
    """One line for a person to read."""
    kind = event.WhichOneof("kind")
    if kind == "agent_message":
        return f"{event.agent_message.agent_id}: {event.agent_message.text}"
    if kind == "agent_file":
        file = event.agent_file
        return f"{file.agent_id} sent {file.name} ({file.content_type}): {file.url}"
    if kind == "chat_transferred":
        transfer = event.chat_transferred
        if transfer.HasField("queue"):
            return f"(queued, position {transfer.queue.position})"
        return f"(now with {', '.join(transfer.agent_ids)})"
    if kind == "session_ended":
        return f"(ended by {_ENDED_BY.get(event.session_ended.ended_by, 'an unknown party')})"
    return f"({kind})"


_ENDED_BY = {
    EndedBy.ENDED_BY_AGENT: "the agent",
    EndedBy.ENDED_BY_BOT: "the bot",
    EndedBy.ENDED_BY_LIVECHAT: "LiveChat",
}


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


def stop_on_ctrl_c(client: HitlClient, session_id: str, events: AgentEventStream) -> threading.Event:
    """Ctrl-C stops the handoff, off the signal handler's thread; the
    session's end then finishes `events`. A second Ctrl-C quits at once.
    Returns an event set if stopping failed (`events` is then closed)."""
    failed = threading.Event()

    def stop() -> None:
        print("stopping the handoff", flush=True)
        try:
            client.stop(session_id, reason="the user left")
        except HitlError as error:
            print(f"could not stop the handoff: {error}", file=sys.stderr)
            failed.set()
            events.close()

    def on_interrupt(_signal: int, _frame: object) -> None:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        threading.Thread(target=stop, daemon=True).start()

    signal.signal(signal.SIGINT, on_interrupt)
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lines", nargs="*", metavar="LINE", help="messages to send (default: stdin)")
    parser.add_argument("--address", default=os.environ.get("HITL_ADDR", "127.0.0.1:50051"))
    parser.add_argument("--token", default=os.environ.get("HITL_TOKEN"))
    parser.add_argument("--tls", action="store_true", help="TLS, trusting the system's roots")
    parser.add_argument("--ca-file", default=os.environ.get("HITL_CA_FILE"), help="PEM to trust (TLS)")
    parser.add_argument("--user-id", default="example-user")
    parser.add_argument("--name", default="Ada Lovelace")
    parser.add_argument("--email", default="ada@example.com")
    args = parser.parse_args()
    roots = None
    if args.ca_file:
        with open(args.ca_file, "rb") as pem:
            roots = pem.read()

    with HitlClient(args.address, token=args.token, tls=args.tls, root_certificates=roots) as client:
        session = client.start(
            args.user_id,
            name=args.name,
            email=args.email,
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
            stop_failed = stop_on_ctrl_c(client, session.session_id, events)
            lines = args.lines or sys.stdin
            threading.Thread(target=relay, args=(client, session.session_id, lines), daemon=True).start()
            for event in events:  # finishes once the session has ended
                print(describe(event), flush=True)
    return 1 if stop_failed.is_set() else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except HitlError as error:
        sys.exit(f"bot: {error}")
    except KeyboardInterrupt:  # the second Ctrl-C
        sys.exit(130)
