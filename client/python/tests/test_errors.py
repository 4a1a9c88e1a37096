from __future__ import annotations

import grpc

from fakes import FakeRpcError, status_details
from hitl_gateway import HitlError


def test_decodes_reason_and_metadata_of_the_error_info() -> None:
    error = HitlError.from_rpc_error(
        FakeRpcError(
            grpc.StatusCode.INVALID_ARGUMENT,
            "text: must not be empty",
            reason="INVALID_FIELD",
            metadata={"field": "text"},
        )
    )
    assert error.code == grpc.StatusCode.INVALID_ARGUMENT
    assert error.message == "text: must not be empty"
    assert error.reason == "INVALID_FIELD"
    assert error.metadata == {"field": "text"}
    assert str(error) == "INVALID_ARGUMENT/INVALID_FIELD: text: must not be empty"


def test_error_without_details_has_empty_reason_and_metadata() -> None:
    error = HitlError.from_rpc_error(FakeRpcError(grpc.StatusCode.UNAVAILABLE, "Socket closed"))
    assert (error.code, error.message, error.reason, error.metadata) == (
        grpc.StatusCode.UNAVAILABLE,
        "Socket closed",
        "",
        {},
    )
    assert str(error) == "UNAVAILABLE: Socket closed"


def test_ignores_details_that_do_not_parse() -> None:
    error = HitlError.from_rpc_error(
        FakeRpcError(grpc.StatusCode.INTERNAL, "boom", details=b"\xff\xff not a status")
    )
    assert (error.code, error.reason, error.metadata) == (grpc.StatusCode.INTERNAL, "", {})


def test_ignores_details_of_another_status() -> None:
    details = status_details(grpc.StatusCode.NOT_FOUND, "other", "SESSION_NOT_FOUND", {})
    error = HitlError.from_rpc_error(
        FakeRpcError(grpc.StatusCode.INTERNAL, "boom", details=details)
    )
    assert (error.code, error.reason) == (grpc.StatusCode.INTERNAL, "")
