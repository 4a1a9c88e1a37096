"""Opens the gRPC channel to a gateway: credentials and channel settings.

Unary calls are retried by the client's own loop (_retry.py), not by a gRPC
retry policy, and event streams resume by cursor (events.py)."""

from __future__ import annotations

import grpc

OPTIONS: list[tuple[str, int]] = [
    # Reconnect to a restarted gateway as quickly as calls retry (gRPC's own
    # default starts at 1 s).
    ("grpc.initial_reconnect_backoff_ms", 100),
    ("grpc.max_reconnect_backoff_ms", 5000),
    # Find a silently dropped connection under a quiet event stream within a
    # minute: a ping every 30 s while a call is open, 10 s to answer it. The
    # gateway accepts pings every 10 s or more, also without data.
    ("grpc.keepalive_time_ms", 30_000),
    ("grpc.keepalive_timeout_ms", 10_000),
    # Keep pinging while no data flows (an idle stream): by default gRPC sends
    # 2 pings without data, then holds pings back until data flows, and a
    # dead connection under an idle stream goes unnoticed for hours.
    ("grpc.http2.max_pings_without_data", 0),
]


def open_channel(
    address: str, *, tls: bool, root_certificates: bytes | None
) -> grpc.Channel:
    """A channel to ``address`` ("host:port"), over TLS if ``tls`` (trusting
    ``root_certificates``, PEM, or else the system's roots), else plaintext."""
    if tls:
        credentials = grpc.ssl_channel_credentials(root_certificates)
        return grpc.secure_channel(address, credentials, options=OPTIONS)
    return grpc.insecure_channel(address, options=OPTIONS)
