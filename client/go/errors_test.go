package hitl

import (
	"errors"
	"strings"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestToErrorDecodesTheErrorInfo(t *testing.T) {
	st, err := status.New(codes.InvalidArgument, "user.id is required").WithDetails(&errdetails.ErrorInfo{
		Reason: "INVALID_FIELD", Domain: "hitl-gateway", Metadata: map[string]string{"field": "user.id"},
	})
	if err != nil {
		t.Fatal(err)
	}
	var e *Error
	if !errors.As(toError(st.Err()), &e) {
		t.Fatalf("toError did not make an *Error")
	}
	if e.Code != codes.InvalidArgument || e.Message != "user.id is required" || e.Reason != "INVALID_FIELD" ||
		e.Metadata["field"] != "user.id" || len(e.Metadata) != 1 {
		t.Errorf("got %+v", e)
	}
	if got := status.Code(e); got != codes.InvalidArgument {
		t.Errorf("status.Code = %v, want InvalidArgument", got)
	}
	if s := e.Error(); !strings.Contains(s, "INVALID_FIELD") || !strings.Contains(s, "user.id is required") {
		t.Errorf("Error() = %q", s)
	}
}

func TestToErrorWithoutDetailsHasEmptyReasonAndMetadata(t *testing.T) {
	var e *Error
	if !errors.As(toError(status.Error(codes.Unavailable, "connection refused")), &e) {
		t.Fatalf("toError did not make an *Error")
	}
	if e.Code != codes.Unavailable || e.Reason != "" || e.Metadata == nil || len(e.Metadata) != 0 {
		t.Errorf("got %+v", e)
	}
}

func TestToErrorOfAPlainErrorIsUnknownAndNilStaysNil(t *testing.T) {
	var e *Error
	if !errors.As(toError(errors.New("boom")), &e) || e.Code != codes.Unknown || e.Message != "boom" {
		t.Errorf("got %+v", e)
	}
	if toError(nil) != nil {
		t.Errorf("toError(nil) is not nil")
	}
}
