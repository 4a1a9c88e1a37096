package hitl

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"

	"github.com/hitl-gateway/hitl-gateway/client/go/hitlv1"
)

// fakeStub records the requests of the unary calls and answers them.
type fakeStub struct {
	hitlv1.HitlServiceClient // the calls a test does not expect: nil, so they panic

	starts   []*hitlv1.StartHitlRequest
	sends    []*hitlv1.SendMessageRequest
	deadline time.Duration // left on the last call's context
	err      error
}

func (f *fakeStub) StartHitl(ctx context.Context, r *hitlv1.StartHitlRequest, _ ...grpc.CallOption) (*hitlv1.StartHitlResponse, error) {
	f.starts = append(f.starts, r)
	f.deadline = leftOn(ctx)
	return &hitlv1.StartHitlResponse{Session: &hitlv1.Session{SessionId: "s-1"}}, f.err
}

func (f *fakeStub) SendMessage(ctx context.Context, r *hitlv1.SendMessageRequest, _ ...grpc.CallOption) (*hitlv1.SendMessageResponse, error) {
	f.sends = append(f.sends, r)
	f.deadline = leftOn(ctx)
	if f.err != nil {
		return nil, f.err
	}
	return &hitlv1.SendMessageResponse{EventIds: []string{"e-1"}}, nil
}

func leftOn(ctx context.Context) time.Duration {
	deadline, ok := ctx.Deadline()
	if !ok {
		return 0
	}
	return time.Until(deadline)
}

func TestStartMapsTheRequestAndMakesARequestID(t *testing.T) {
	stub := &fakeStub{}
	client := &Client{stub: stub, timeout: 3 * time.Second}
	group := int64(7)
	session, err := client.Start(context.Background(), StartRequest{
		UserID: "u-1", UserName: "Ada", UserEmail: "ada@example.com", Title: "T", Description: "D",
		Transcript: []TranscriptLine{{Role: RoleUser, Text: "help"}, {Role: RoleBot, Text: "sure"}},
		Properties: map[string]string{"k": "v"}, GroupID: &group,
	})
	if err != nil || session.GetSessionId() != "s-1" {
		t.Fatalf("Start = %v, %v", session, err)
	}
	r := stub.starts[0]
	if r.GetUser().GetId() != "u-1" || r.GetUser().GetName() != "Ada" || r.GetUser().GetEmail() != "ada@example.com" ||
		r.GetTitle() != "T" || r.GetDescription() != "D" || r.GetProperties()["k"] != "v" || r.GetGroupId() != 7 {
		t.Errorf("request %v", r)
	}
	if len(r.GetTranscript()) != 2 || r.GetTranscript()[0].GetRole() != hitlv1.AuthorRole_AUTHOR_ROLE_USER ||
		r.GetTranscript()[1].GetRole() != hitlv1.AuthorRole_AUTHOR_ROLE_BOT || r.GetTranscript()[1].GetText() != "sure" {
		t.Errorf("transcript %v", r.GetTranscript())
	}
	if _, err := uuid.Parse(r.GetRequestId()); err != nil {
		t.Errorf("request_id %q is not a UUID", r.GetRequestId())
	}
	if stub.deadline <= 2*time.Second || stub.deadline > 3*time.Second {
		t.Errorf("the call had %v left, want the client's 3 s timeout", stub.deadline)
	}
}

func TestStartKeepsAGivenRequestIDAndNoGroup(t *testing.T) {
	stub := &fakeStub{}
	client := &Client{stub: stub}
	if _, err := client.Start(context.Background(), StartRequest{UserID: "u-1", RequestID: "r-1"}); err != nil {
		t.Fatal(err)
	}
	if r := stub.starts[0]; r.GetRequestId() != "r-1" || r.GroupId != nil {
		t.Errorf("request %v", r)
	}
	if stub.deadline != 0 {
		t.Errorf("a deadline without a timeout")
	}
}

func TestSendMakesARequestIDUnlessGiven(t *testing.T) {
	stub := &fakeStub{}
	client := &Client{stub: stub, timeout: DefaultTimeout}
	ctx := context.Background()
	for range 2 {
		if ids, err := client.Send(ctx, "s-1", "hello"); err != nil || len(ids) != 1 || ids[0] != "e-1" {
			t.Fatalf("Send = %v, %v", ids, err)
		}
	}
	if _, err := client.Send(ctx, "s-1", "hello", WithRequestID("r-1")); err != nil {
		t.Fatal(err)
	}
	first, second, given := stub.sends[0].GetRequestId(), stub.sends[1].GetRequestId(), stub.sends[2].GetRequestId()
	if _, err := uuid.Parse(first); err != nil || first == second {
		t.Errorf("request ids %q, %q: want two different UUIDs", first, second)
	}
	if given != "r-1" || stub.sends[2].GetSessionId() != "s-1" || stub.sends[2].GetText() != "hello" {
		t.Errorf("request %v", stub.sends[2])
	}
}

func TestCallFailuresAreErrors(t *testing.T) {
	client := &Client{stub: &fakeStub{err: statusError(codes.FailedPrecondition, "SESSION_ENDED")}}
	_, err := client.Send(context.Background(), "s-1", "hello")
	var e *Error
	if !errors.As(err, &e) || e.Code != codes.FailedPrecondition || e.Reason != "SESSION_ENDED" {
		t.Errorf("Send = %v, want a *Error FAILED_PRECONDITION SESSION_ENDED", err)
	}
}
