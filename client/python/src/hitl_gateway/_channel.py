"""Opens the gRPC channel to a gateway: credentials and channel settings."""

from __future__ import annotations

import json

import grpc

# The unary methods are all safe to repeat (StartHitl and SendMessage carry a
# request_id the client always sets; StopHitl and GetSession are idempotent),
# so gRPC itself retries them on UNAVAILABLE, within each call's deadline.
# SubscribeAgentEvents is left out: AgentEventStream resumes it by cursor.
_SERVICE_CONFIG = json.dumps(
    {
        "methodConfig": [
            {
                "name": [
                    {"service": "hitl.v1.HitlService", "method": method}
                    for method in ("StartHitl", "SendMessage", "StopHitl", "GetSession")
                ],
                "retryPolicy": {
                    "maxAttempts": 5,
                    "initialBackoff": "0.1s",
                    "maxBackoff": "5s",
                    "backoffMultiplier": 2,
                    "retryableStatusCodes": ["UNAVAILABLE"],
                },
            }
        ]
    }
)

_OPTIONS = [
    ("grpc.service_config", _SERVICE_CONFIG),
    ("grpc.enable_retries", 1),
    # Reconnect to a restarted gateway as quickly as streams resubscribe
    # (gRPC's own default starts at 1 s).
    ("grpc.initial_reconnect_backoff_ms", 100),
    ("grpc.max_reconnect_backoff_ms", 5000),
    # Find a dead connection under a long-lived event stream; the gateway
    # accepts pings every 10 s or more.
    ("grpc.keepalive_time_ms", 30_000),
    ("grpc.keepalive_timeout_ms", 10_000),
]


def open_channel(
    address: str, *, tls: bool, root_certificates: bytes | None
) -> grpc.Channel:
    """A channel to ``address`` ("host:port"), over TLS if ``tls`` (trusting
    ``root_certificates``, PEM, or else the system's roots), else plaintext."""
    if tls:
        credentials = grpc.ssl_channel_credentials(root_certificates)
        return grpc.secure_channel(address, credentials, options=_OPTIONS)
    return grpc.insecure_channel(address, options=_OPTIONS)
