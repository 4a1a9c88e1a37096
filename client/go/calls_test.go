package hitl

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/hitl-gateway/hitl-gateway/client/go/hitlv1"
)

// fakeStub records the requests of the unary calls and answers them: with
// the next of errs while there are any, else with err.
type fakeStub struct {
	hitlv1.HitlServiceClient // the calls a test does not expect: nil, so they panic

	mu        sync.Mutex
	starts    []*hitlv1.StartHitlRequest
	sends     []*hitlv1.SendMessageRequest
	stops     []*hitlv1.StopHitlRequest
	gets      []*hitlv1.GetSessionRequest
	deadlines []time.Time // of each call's context
	errs      []error
	err       error
}

// answer records a call and returns its scripted error.
func (f *fakeStub) answer(ctx context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	deadline, _ := ctx.Deadline()
	f.deadlines = append(f.deadlines, deadline)
	if len(f.errs) > 0 {
		err := f.errs[0]
		f.errs = f.errs[1:]
		return err
	}
	return f.err
}

func (f *fakeStub) StartHitl(ctx context.Context, r *hitlv1.StartHitlRequest, _ ...grpc.CallOption) (*hitlv1.StartHitlResponse, error) {
	f.starts = append(f.starts, r)
	if err := f.answer(ctx); err != nil {
		return nil, err
	}
	return &hitlv1.StartHitlResponse{Session: &hitlv1.Session{SessionId: "s-1"}}, nil
}

func (f *fakeStub) SendMessage(ctx context.Context, r *hitlv1.SendMessageRequest, _ ...grpc.CallOption) (*hitlv1.SendMessageResponse, error) {
	f.sends = append(f.sends, r)
	if err := f.answer(ctx); err != nil {
		return nil, err
	}
	return &hitlv1.SendMessageResponse{EventIds: []string{"e-1"}}, nil
}

func (f *fakeStub) StopHitl(ctx context.Context, r *hitlv1.StopHitlRequest, _ ...grpc.CallOption) (*hitlv1.StopHitlResponse, error) {
	f.stops = append(f.stops, r)
	if err := f.answer(ctx); err != nil {
		return nil, err
	}
	return &hitlv1.StopHitlResponse{Session: &hitlv1.Session{SessionId: r.GetSessionId()}}, nil
}

func (f *fakeStub) GetSession(ctx context.Context, r *hitlv1.GetSessionRequest, _ ...grpc.CallOption) (*hitlv1.GetSessionResponse, error) {
	f.gets = append(f.gets, r)
	if err := f.answer(ctx); err != nil {
		return nil, err
	}
	return &hitlv1.GetSessionResponse{Session: &hitlv1.Session{SessionId: r.GetSessionId()}}, nil
}

// fakeClock is the time of a client's retry loop: it moves only by the
// loop's waits, each of which it records.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	waits []time.Duration
}

// fakeTime makes client's retry loop wait on a fake clock, which starts at
// the real time (contexts' deadlines are real), each retry n for delay(n).
func fakeTime(client *Client, delay func(retry int) time.Duration) *fakeClock {
	clock := &fakeClock{now: time.Now()}
	client.now = func() time.Time {
		clock.mu.Lock()
		defer clock.mu.Unlock()
		return clock.now
	}
	client.wait = func(ctx context.Context, d time.Duration) error {
		clock.mu.Lock()
		defer clock.mu.Unlock()
		clock.waits = append(clock.waits, d)
		clock.now = clock.now.Add(d)
		return ctx.Err()
	}
	client.delay = delay
	return clock
}

func unavailable(attempt int) error {
	return status.Error(codes.Unavailable, fmt.Sprintf("attempt %d: connection refused", attempt))
}

func TestStartMapsTheRequestAndMakesARequestID(t *testing.T) {
	stub := &fakeStub{}
	client := newClient(stub, 3*time.Second)
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
	if left := time.Until(stub.deadlines[0]); left <= 2*time.Second || left > 3*time.Second {
		t.Errorf("the call had %v left, want the client's 3 s timeout", left)
	}
}

func TestStartKeepsAGivenRequestIDAndNoGroup(t *testing.T) {
	stub := &fakeStub{}
	client := newClient(stub, DefaultTimeout)
	if _, err := client.Start(context.Background(), StartRequest{UserID: "u-1", RequestID: "r-1"}); err != nil {
		t.Fatal(err)
	}
	if r := stub.starts[0]; r.GetRequestId() != "r-1" || r.GroupId != nil {
		t.Errorf("request %v", r)
	}
}

func TestSendMakesARequestIDUnlessGiven(t *testing.T) {
	stub := &fakeStub{}
	client := newClient(stub, DefaultTimeout)
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
	client := newClient(&fakeStub{err: statusError(codes.FailedPrecondition, "SESSION_ENDED")}, DefaultTimeout)
	_, err := client.Send(context.Background(), "s-1", "hello")
	var e *Error
	if !errors.As(err, &e) || e.Code != codes.FailedPrecondition || e.Reason != "SESSION_ENDED" {
		t.Errorf("Send = %v, want a *Error FAILED_PRECONDITION SESSION_ENDED", err)
	}
}

func TestUnavailableCallsAreRetriedWithTheSameRequestUnderOneDeadline(t *testing.T) {
	stub := &fakeStub{errs: []error{unavailable(1), unavailable(2), unavailable(3)}}
	client := newClient(stub, 3*time.Second)
	clock := fakeTime(client, retryBackoff.delay)
	ids, err := client.Send(context.Background(), "s-1", "hello")
	if err != nil || len(ids) != 1 {
		t.Fatalf("Send = %v, %v; want success at the 4th attempt", ids, err)
	}
	if len(stub.sends) != 4 {
		t.Fatalf("%d attempts, want 4", len(stub.sends))
	}
	for i, r := range stub.sends {
		if r != stub.sends[0] || r.GetRequestId() == "" {
			t.Errorf("attempt %d sent %v, want the first attempt's request %v", i+1, r, stub.sends[0])
		}
		if !stub.deadlines[i].Equal(stub.deadlines[0]) {
			t.Errorf("attempt %d has deadline %v, want the call's one deadline %v", i+1, stub.deadlines[i], stub.deadlines[0])
		}
	}
	checkWaits(t, clock.waits, 100, 200, 400)

	// Stop, Get and Start are retried too.
	stub.errs = []error{unavailable(1)}
	if _, err := client.Stop(context.Background(), "s-1", "done"); err != nil || len(stub.stops) != 2 || stub.stops[0] != stub.stops[1] {
		t.Errorf("Stop = %v after %d attempts", err, len(stub.stops))
	}
	stub.errs = []error{unavailable(1)}
	if _, err := client.Get(context.Background(), "s-1"); err != nil || len(stub.gets) != 2 || stub.gets[0] != stub.gets[1] {
		t.Errorf("Get = %v after %d attempts", err, len(stub.gets))
	}
	stub.errs = []error{unavailable(1)}
	if _, err := client.Start(context.Background(), StartRequest{UserID: "u-1"}); err != nil || len(stub.starts) != 2 ||
		stub.starts[0] != stub.starts[1] {
		t.Errorf("Start = %v after %d attempts", err, len(stub.starts))
	}
}

func TestOnlyUnavailableIsRetried(t *testing.T) {
	for _, err := range []error{
		statusError(codes.FailedPrecondition, "SESSION_ENDED"),
		statusError(codes.ResourceExhausted, "LIVECHAT_RATE_LIMITED"),
		statusError(codes.Internal, "INTERNAL"),
		status.Error(codes.Internal, "Received RST_STREAM with code 2"),
		status.Error(codes.Unknown, "boom"),
		status.Error(codes.DeadlineExceeded, "deadline exceeded"),
		status.Error(codes.Canceled, "canceled"),
	} {
		stub := &fakeStub{errs: []error{err}}
		client := newClient(stub, DefaultTimeout)
		clock := fakeTime(client, retryBackoff.delay)
		_, got := client.Send(context.Background(), "s-1", "hello")
		if status.Code(got) != status.Code(err) || len(stub.sends) != 1 || len(clock.waits) != 0 {
			t.Errorf("%v: Send = %v after %d attempts, want it at once", err, got, len(stub.sends))
		}
	}
}

func TestRetriesStopBeforeTheDeadlineWithTheLastError(t *testing.T) {
	for _, tc := range []struct {
		name     string
		ctx      time.Duration // the caller's deadline; 0: none
		attempts int
	}{
		// Attempts at 0, 250, 500 and 750 ms; the next would start at
		// 1 s, the deadline: not made.
		{"the client's timeout", 0, 4},
		{"a later deadline of the caller", 5 * time.Second, 4},
		// Attempts at 0, 250, 500 ms; 750 ms is past the caller's 600 ms.
		{"a sooner deadline of the caller", 600 * time.Millisecond, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stub := &fakeStub{}
			for n := 1; n <= 10; n++ {
				stub.errs = append(stub.errs, unavailable(n))
			}
			client := newClient(stub, time.Second)
			clock := fakeTime(client, func(int) time.Duration { return 250 * time.Millisecond })
			ctx := context.Background()
			if tc.ctx > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tc.ctx)
				defer cancel()
			}
			_, err := client.Get(ctx, "s-1")
			var e *Error
			if !errors.As(err, &e) || e.Code != codes.Unavailable || e.Message != fmt.Sprintf("attempt %d: connection refused", tc.attempts) {
				t.Errorf("Get = %v, want the last attempt's error (attempt %d)", err, tc.attempts)
			}
			if len(stub.gets) != tc.attempts || len(clock.waits) != tc.attempts-1 {
				t.Errorf("%d attempts, %d waits; want %d attempts", len(stub.gets), len(clock.waits), tc.attempts)
			}
		})
	}
}

func TestRetryWaitEndsWithTheCallersContext(t *testing.T) {
	stub := &fakeStub{errs: []error{unavailable(1), unavailable(2)}}
	client := newClient(stub, DefaultTimeout)
	ctx, cancel := context.WithCancel(context.Background())
	client.wait = func(ctx context.Context, d time.Duration) error {
		cancel() // the caller gives up during the first wait
		return sleep(ctx, d)
	}
	_, err := client.Send(ctx, "s-1", "hello")
	if status.Code(err) != codes.Unavailable || len(stub.sends) != 1 {
		t.Errorf("Send = %v after %d attempts, want the first attempt's UNAVAILABLE", err, len(stub.sends))
	}
}

func TestDialRefusesATimeoutThatIsNotPositive(t *testing.T) {
	for _, timeout := range []time.Duration{0, -time.Second} {
		if client, err := Dial(context.Background(), "127.0.0.1:1", WithTimeout(timeout)); err == nil {
			client.Close()
			t.Errorf("Dial with WithTimeout(%v) did not fail", timeout)
		}
	}
	client, err := Dial(context.Background(), "127.0.0.1:1", WithTimeout(time.Millisecond))
	if err != nil {
		t.Fatalf("Dial with WithTimeout(1ms): %v", err)
	}
	if client.timeout != time.Millisecond {
		t.Errorf("timeout %v", client.timeout)
	}
	client.Close()
	if client, err = Dial(context.Background(), "127.0.0.1:1"); err != nil || client.timeout != DefaultTimeout {
		t.Fatalf("Dial = %v, timeout %v; want DefaultTimeout", err, client.timeout)
	}
	client.Close()
}
