"""HitlClient: the calls of hitl.v1.HitlService, with deadlines, a bearer
token and request ids."""

from __future__ import annotations

import math
import threading
import uuid
import weakref
from collections.abc import Callable, Iterable, Mapping
from typing import Literal, TypeVar

import grpc

from ._channel import open_channel
from ._closing import Closing
from ._gen.hitl.v1 import hitl_pb2 as pb
from ._gen.hitl.v1 import hitl_pb2_grpc
from ._retry import UnaryRetry
from .backoff import Backoff
from .errors import HitlError
from .events import AgentEventStream, EventCall

Role = Literal["user", "bot"]
"""Who wrote a transcript line: the end user or the bot."""

_ROLES: dict[str, pb.AuthorRole] = {
    "user": pb.AUTHOR_ROLE_USER,
    "bot": pb.AUTHOR_ROLE_BOT,
}

_Response = TypeVar("_Response")


class HitlClient(Closing):
    """A connection to a hitl-gateway (docs/CLIENTS.md is the contract).

    Every call has a deadline of ``timeout`` seconds and raises ``HitlError``
    when it fails. Attempts that fail with UNAVAILABLE are retried until that
    deadline, with the same request (all calls are safe to repeat: ``start``
    and ``send`` always send a ``request_id``, generated when not given):
    retry n waits a random time between half and all of
    min(5 s, 0.1 s * 2**n); when the next attempt would start at or after the
    deadline, the last error is raised. Thread-safe. Usable as a context
    manager, which closes it.

    Args:
        address: the gateway's gRPC address, "host:port".
        token: a bearer token, sent as ``authorization: Bearer <token>`` on
            every call (also over plaintext), for gateways with
            ``HITL_API_TOKENS``.
        tls: connect over TLS, trusting the system's root certificates.
        root_certificates: PEM certificates to trust instead; implies TLS.
        timeout: the deadline of each call, in seconds; must be positive
            (else ``ValueError``).
    """

    def __init__(
        self,
        address: str,
        *,
        token: str | None = None,
        tls: bool = False,
        root_certificates: bytes | None = None,
        timeout: float = 10.0,
    ) -> None:
        if not (timeout > 0 and math.isfinite(timeout)):
            raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
        self._channel = open_channel(
            address,
            tls=tls or root_certificates is not None,
            root_certificates=root_certificates,
        )
        self._stub = hitl_pb2_grpc.HitlServiceStub(self._channel)
        self._timeout = timeout
        self._closed = threading.Event()
        self._retry = UnaryRetry(sleep=self._pause)
        self._lock = threading.Lock()
        self._streams: weakref.WeakSet[AgentEventStream] = weakref.WeakSet()
        self._metadata: tuple[tuple[str, str], ...] = (
            (("authorization", f"Bearer {token}"),) if token else ()
        )

    def start(
        self,
        user_id: str,
        *,
        name: str = "",
        email: str = "",
        title: str = "",
        description: str = "",
        transcript: Iterable[tuple[Role, str]] = (),
        properties: Mapping[str, str] | None = None,
        group_id: int | None = None,
        request_id: str | None = None,
    ) -> pb.Session:
        """Hands the end user ``user_id`` over to a human agent: opens a
        LiveChat chat titled ``title`` (plus ``description``) with the
        conversation so far, ``transcript`` as (role, text) lines oldest
        first, and ``properties`` as custom fields for the agent, routed to
        the gateway's group or ``group_id``. Returns the new session.

        A retry with the same ``request_id`` returns the same session
        (a UUID is generated when none is given).
        """
        request = pb.StartHitlRequest(
            user=pb.EndUser(id=user_id, name=name, email=email),
            title=title,
            description=description,
            transcript=[
                pb.TranscriptMessage(role=_role(role), text=text)
                for role, text in transcript
            ],
            properties=properties or {},
            group_id=group_id,
            request_id=request_id or _new_request_id(),
        )
        response: pb.StartHitlResponse = self._unary("StartHitl", self._stub.StartHitl, request)
        return response.session

    def send(
        self, session_id: str, text: str, *, request_id: str | None = None
    ) -> list[str]:
        """Posts what the end user said into the session's chat. Returns the
        LiveChat event ids (one per part of a text over 16 KB).

        A retry with the same ``request_id`` posts nothing twice (a UUID is
        generated when none is given).
        """
        request = pb.SendMessageRequest(
            session_id=session_id, text=text, request_id=request_id or _new_request_id()
        )
        response: pb.SendMessageResponse = self._unary(
            "SendMessage", self._stub.SendMessage, request
        )
        return list(response.event_ids)

    def stop(self, session_id: str, reason: str = "") -> pb.Session:
        """Ends the session (closes its chat), keeping ``reason`` as its end
        reason. Stopping an ended session returns it unchanged."""
        request = pb.StopHitlRequest(session_id=session_id, reason=reason)
        response: pb.StopHitlResponse = self._unary("StopHitl", self._stub.StopHitl, request)
        return response.session

    def get(self, session_id: str) -> pb.Session:
        """Returns the session as the gateway knows it now."""
        request = pb.GetSessionRequest(session_id=session_id)
        response: pb.GetSessionResponse = self._unary(
            "GetSession", self._stub.GetSession, request
        )
        return response.session

    def events(
        self,
        session_ids: Iterable[str] = (),
        after_cursor: str | None = None,
        *,
        backoff: Backoff | None = None,
    ) -> AgentEventStream:
        """Subscribes to agent events and returns once the gateway confirms
        the subscription (its response headers): from then on no event is
        missed. While the gateway cannot be reached, subscribing is retried
        with the backoff.

        Raises ``HitlError``: the error of a failure that resuming cannot fix
        (e.g. NOT_FOUND for an unknown session), or DEADLINE_EXCEEDED when
        the subscription is not confirmed within the client's timeout.

        Args:
            session_ids: the sessions to follow (the stream then ends after
                all of them ended); empty follows every session.
            after_cursor: resume after this event's ``cursor``. Without it,
                given sessions are followed from their start, and every
                session from now on.
            backoff: the delays between resubscriptions (default: between
                half and all of 0.1 s, doubling up to 5 s).
        """
        if isinstance(session_ids, str):
            raise TypeError("session_ids takes a list of session ids, not one string")

        def subscribe(request: pb.SubscribeAgentEventsRequest) -> EventCall:
            call: EventCall = self._stub.SubscribeAgentEvents(
                request, metadata=self._metadata
            )
            return call

        stream = AgentEventStream(
            subscribe, list(session_ids), after_cursor or "", backoff=backoff or Backoff()
        )
        with self._lock:  # so that close() ends it, also while it subscribes
            if self._closed.is_set():
                raise _closed_error()
            self._streams.add(stream)
        stream.confirm(self._timeout)
        return stream

    def close(self) -> None:
        """Closes the connection. Event streams still open are closed first,
        so their iterations end normally."""
        with self._lock:
            self._closed.set()
            streams = list(self._streams)
        for stream in streams:
            stream.close()
        self._channel.close()

    def _unary(
        self, name: str, method: Callable[..., _Response], request: object
    ) -> _Response:
        """Calls ``method`` with ``request`` (the same object on every
        attempt), retrying UNAVAILABLE within the client's timeout."""

        def attempt(remaining: float) -> _Response:
            if self._closed.is_set():
                raise _closed_error()
            try:
                return method(request, timeout=remaining, metadata=self._metadata)
            except ValueError:  # grpc: "Cannot invoke RPC on closed channel!"
                if self._closed.is_set():
                    raise _closed_error() from None
                raise

        return self._retry(name, attempt, self._timeout)

    def _pause(self, seconds: float) -> None:
        """The wait between retries, cut short by ``close()``."""
        self._closed.wait(seconds)


def _closed_error() -> HitlError:
    return HitlError(grpc.StatusCode.CANCELLED, "the client is closed")


def _role(role: str) -> pb.AuthorRole:
    try:
        return _ROLES[role]
    except KeyError:
        raise ValueError(f'transcript role must be "user" or "bot", not {role!r}') from None


def _new_request_id() -> str:
    return str(uuid.uuid4())
