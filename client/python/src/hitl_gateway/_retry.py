"""The retry loop of unary calls: UNAVAILABLE is retried until the call's
deadline (docs/CLIENTS.md, "Unary calls").

gRPC's own retry policy is not used: it caps attempts at 5 (with a 0.1 s
start, under 2 s of waiting in all), so a send during a gateway rollout of a
few seconds would fail with most of its deadline left."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import grpc

from .backoff import Backoff
from .errors import HitlError

_log = logging.getLogger("hitl_gateway")

_Response = TypeVar("_Response")


@dataclass(frozen=True)
class UnaryRetry:
    """Runs one logical unary call: attempts until one succeeds, one fails
    with another code than UNAVAILABLE, or the next attempt would start at or
    after the deadline. ``clock``, ``sleep`` and ``uniform`` (the backoff's
    draw) are injectable for tests."""

    backoff: Backoff = field(default_factory=Backoff)
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    uniform: Callable[[float, float], float] = random.uniform

    def __call__(
        self, method: str, attempt: Callable[[float], _Response], timeout: float
    ) -> _Response:
        """Returns what ``attempt(remaining)`` returns, where ``remaining`` is
        the time left of the ``timeout`` seconds given to the whole call (the
        attempt's own timeout). The caller sends the same request on every
        attempt. Raises the last failure as ``HitlError``."""
        deadline = self.clock() + timeout
        delays = self.backoff.delays(self.uniform)
        while True:
            try:
                return attempt(deadline - self.clock())
            except grpc.RpcError as rpc_error:
                error = HitlError.from_rpc_error(rpc_error)
                if error.code is not grpc.StatusCode.UNAVAILABLE:
                    raise error from rpc_error
                delay = next(delays)
                if self.clock() + delay >= deadline:
                    raise error from rpc_error
                _log.info(
                    "%s failed (%s %s); retrying in %.2f s",
                    method,
                    error.code.name,
                    error.reason,
                    delay,
                )
                self.sleep(delay)
                if self.clock() >= deadline:  # overslept: no time left to try
                    raise error from rpc_error
