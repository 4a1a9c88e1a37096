"""Python client of hitl-gateway: hand a bot's conversation over to a human
agent in LiveChat and stream the agent's events back.

    with HitlClient("127.0.0.1:50051") as client:
        session = client.start("u-42", name="Ada", transcript=[("user", "Help")])
        with client.events([session.session_id]) as events:
            for event in events:
                print(event)

The messages returned (``Session``, ``AgentEvent``, ...) are the generated
protobuf classes of ``hitl.v1``.
"""

from ._gen.hitl.v1.hitl_pb2 import (
    AgentEvent,
    EndedBy,
    Session,
    SessionState,
    TransferReason,
)
from .backoff import Backoff
from .client import HitlClient, Role
from .errors import HitlError
from .events import AgentEventStream

__all__ = [
    "AgentEvent",
    "AgentEventStream",
    "Backoff",
    "EndedBy",
    "HitlClient",
    "HitlError",
    "Role",
    "Session",
    "SessionState",
    "TransferReason",
]
