"""HitlError: the one exception type of failed calls to the gateway."""

from __future__ import annotations

from collections.abc import Mapping

import grpc
from google.protobuf.message import DecodeError
from google.rpc import error_details_pb2
from grpc_status import rpc_status


class HitlError(Exception):
    """A call to the gateway failed.

    Attributes:
        code: the gRPC status code, e.g. ``grpc.StatusCode.NOT_FOUND``.
        message: the gateway's message (says what to do about it).
        reason: the stable ``reason`` of the error's ``google.rpc.ErrorInfo``,
            e.g. ``"SESSION_NOT_FOUND"``; empty if the error carries none.
        metadata: the ErrorInfo's ``metadata`` (e.g. ``{"field": "text"}``
            for ``INVALID_FIELD``); empty if the error carries none.
    """

    def __init__(
        self,
        code: grpc.StatusCode,
        message: str,
        reason: str = "",
        metadata: Mapping[str, str] | None = None,
    ) -> None:
        label = f"{code.name}/{reason}" if reason else code.name
        super().__init__(f"{label}: {message}")
        self.code = code
        self.message = message
        self.reason = reason
        self.metadata: dict[str, str] = dict(metadata or {})

    @classmethod
    def from_rpc_error(cls, error: grpc.RpcError) -> HitlError:
        """Builds the error of a failed gRPC call, decoding the
        ``google.rpc.Status`` the gateway puts in the
        ``grpc-status-details-bin`` trailer."""
        if not isinstance(error, grpc.Call):
            return cls(grpc.StatusCode.UNKNOWN, str(error))
        reason, metadata = _error_info(error)
        return cls(error.code(), error.details() or "", reason, metadata)


def _error_info(call: grpc.Call) -> tuple[str, dict[str, str]]:
    """The reason and metadata of the call's first ErrorInfo, if any."""
    try:
        status = rpc_status.from_call(call)
    except (ValueError, DecodeError):  # details that disagree or do not parse
        return "", {}
    for detail in status.details if status is not None else ():
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            return info.reason, dict(info.metadata)
    return "", {}
