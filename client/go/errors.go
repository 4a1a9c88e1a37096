package hitl

import (
	"fmt"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Error is a failed call to the gateway. Every method of Client and
// EventStream reports call failures as an *Error; use errors.As to get it.
// It also implements GRPCStatus, so status.Code(err) works on it.
type Error struct {
	// Code is the canonical gRPC status code, e.g. codes.NotFound.
	Code codes.Code
	// Message is the gateway's explanation, which says what to do.
	Message string
	// Reason is the stable UPPER_SNAKE reason of the google.rpc.ErrorInfo
	// detail (e.g. "SESSION_NOT_FOUND"), or "" if the error carries none.
	Reason string
	// Metadata is the ErrorInfo's metadata (e.g. "field" of INVALID_FIELD);
	// empty, never nil, if the error carries none.
	Metadata map[string]string

	status *status.Status
}

// Error describes the failure by its code, reason and message.
func (e *Error) Error() string {
	if e.Reason == "" {
		return fmt.Sprintf("hitl: %s: %s", e.Code, e.Message)
	}
	return fmt.Sprintf("hitl: %s (%s): %s", e.Code, e.Reason, e.Message)
}

// GRPCStatus returns the gRPC status the error was made from.
func (e *Error) GRPCStatus() *status.Status { return e.status }

// toError turns an error returned by a gRPC call into an *Error, decoding
// the google.rpc.ErrorInfo of its status details. A nil error stays nil.
func toError(err error) error {
	if err == nil {
		return nil
	}
	st := status.Convert(err)
	e := &Error{Code: st.Code(), Message: st.Message(), Metadata: map[string]string{}, status: st}
	for _, detail := range st.Details() {
		if info, ok := detail.(*errdetails.ErrorInfo); ok {
			e.Reason = info.GetReason()
			for key, value := range info.GetMetadata() {
				e.Metadata[key] = value
			}
			break
		}
	}
	return e
}
