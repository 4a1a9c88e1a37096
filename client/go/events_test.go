package hitl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/hitl-gateway/hitl-gateway/client/go/hitlv1"
)

// cursor makes a cursor like the gateway's: 20 digits.
func cursor(n int) string { return fmt.Sprintf("%020d", n) }

func event(n int) *hitlv1.AgentEvent {
	return &hitlv1.AgentEvent{Cursor: cursor(n), SessionId: "s-1"}
}

func statusError(code codes.Code, reason string) error {
	st, _ := status.New(code, "test").WithDetails(&errdetails.ErrorInfo{Reason: reason, Domain: "hitl-gateway"})
	return st.Err()
}

// fakeCall is one scripted SubscribeAgentEvents call.
type fakeCall struct {
	openErr  error         // fail the call at once
	noHeader bool          // end without headers (the gateway refused the call)
	gate     chan struct{} // if set, the first event waits for it to close
	events   []*hitlv1.AgentEvent
	end      error  // after the events: nil finishes OK
	hang     bool   // after the events: wait until the call is cancelled
	start    string // the hitl-cursor header, if any
	ctx      context.Context
}

func (c *fakeCall) Header() (metadata.MD, error) {
	if c.noHeader {
		return nil, nil
	}
	if c.start != "" {
		return metadata.Pairs(cursorHeader, c.start), nil
	}
	return metadata.MD{}, nil
}

func (c *fakeCall) Recv() (*hitlv1.AgentEvent, error) {
	if c.gate != nil {
		<-c.gate
		c.gate = nil
	}
	if len(c.events) > 0 {
		e := c.events[0]
		c.events = c.events[1:]
		return e, nil
	}
	if c.hang {
		<-c.ctx.Done()
		return nil, status.FromContextError(c.ctx.Err()).Err()
	}
	if c.end == nil {
		return nil, io.EOF
	}
	return nil, c.end
}

// fakeGateway answers subscriptions with its scripted calls, in order, and
// records the requests and the waits between them.
type fakeGateway struct {
	t *testing.T

	mu       sync.Mutex
	calls    []*fakeCall
	requests []*hitlv1.SubscribeAgentEventsRequest
	waits    []time.Duration
}

func (g *fakeGateway) subscribe(ctx context.Context, request *hitlv1.SubscribeAgentEventsRequest) (eventReceiver, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.requests = append(g.requests, proto.Clone(request).(*hitlv1.SubscribeAgentEventsRequest))
	if len(g.calls) == 0 {
		g.t.Errorf("unexpected call %d", len(g.requests))
		return nil, status.Error(codes.Internal, "no more scripted calls")
	}
	call := g.calls[0]
	g.calls = g.calls[1:]
	if call.openErr != nil {
		return nil, call.openErr
	}
	call.ctx = ctx
	return call, nil
}

func (g *fakeGateway) wait(ctx context.Context, d time.Duration) error {
	g.mu.Lock()
	g.waits = append(g.waits, d)
	g.mu.Unlock()
	return ctx.Err()
}

func (g *fakeGateway) open(ctx context.Context, opts EventsOptions) *EventStream {
	return newEventStream(ctx, opts, g.subscribe, backoff{initial: 100 * time.Millisecond, max: time.Second}, g.wait)
}

// next reads one event with a deadline, failing the test on an error.
func next(t *testing.T, s *EventStream) *hitlv1.AgentEvent {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	e, err := s.Next(ctx)
	if err != nil {
		t.Fatalf("Next: %v", err)
	}
	return e
}

// end reads the stream's end with a deadline.
func end(t *testing.T, s *EventStream) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	e, err := s.Next(ctx)
	if err == nil {
		t.Fatalf("Next returned event %s, want the end", e.GetCursor())
	}
	return err
}

func TestEventStreamBrokenBeforeItsFirstEventResumesWhereTheGatewayStartedIt(t *testing.T) {
	g := &fakeGateway{t: t, calls: []*fakeCall{
		{start: cursor(7), end: statusError(codes.Unavailable, "SHUTTING_DOWN")},
		{events: []*hitlv1.AgentEvent{event(8)}},
	}}
	s := g.open(context.Background(), EventsOptions{})
	defer s.Close()
	if got := next(t, s).GetCursor(); got != cursor(8) {
		t.Fatalf("event %s, want %s", got, cursor(8))
	}
	if got := g.requests[1].GetAfterCursor(); got != cursor(7) {
		t.Fatalf("resumed after %q, want %q (the start the gateway announced)", got, cursor(7))
	}
}

func TestEventStreamResumesAfterTheLastEventWithoutDuplicates(t *testing.T) {
	g := &fakeGateway{t: t, calls: []*fakeCall{
		{events: []*hitlv1.AgentEvent{event(1), event(2)}, end: statusError(codes.Unavailable, "SHUTTING_DOWN")},
		{openErr: status.Error(codes.Unavailable, "connection refused")},
		{noHeader: true, end: status.Error(codes.Unavailable, "connection refused")},
		{events: []*hitlv1.AgentEvent{event(2), event(3)}, end: statusError(codes.ResourceExhausted, "SUBSCRIBER_TOO_SLOW")},
		{events: []*hitlv1.AgentEvent{event(1), event(3), event(4)}},
	}}
	s := g.open(context.Background(), EventsOptions{SessionIDs: []string{"s-1"}})
	defer s.Close()
	for n := 1; n <= 4; n++ {
		if got := next(t, s).GetCursor(); got != cursor(n) {
			t.Fatalf("event %d has cursor %s", n, got)
		}
		if s.Cursor() != cursor(n) {
			t.Fatalf("Cursor() = %s after event %d", s.Cursor(), n)
		}
	}
	for range 2 {
		if err := end(t, s); err != io.EOF {
			t.Fatalf("end = %v, want io.EOF", err)
		}
	}
	if s.Err() != nil {
		t.Errorf("Err() = %v after finishing OK", s.Err())
	}

	wantAfter := []string{"", cursor(2), cursor(2), cursor(2), cursor(3)}
	if len(g.requests) != len(wantAfter) {
		t.Fatalf("%d calls, want %d", len(g.requests), len(wantAfter))
	}
	for i, request := range g.requests {
		if request.GetAfterCursor() != wantAfter[i] || len(request.GetSessionIds()) != 1 || request.GetSessionIds()[0] != "s-1" {
			t.Errorf("call %d: %v", i, request)
		}
	}
	// The wait doubles while calls fail without connecting, and starts over
	// after a call that connected.
	wantMax := []time.Duration{100, 200, 400, 100}
	if len(g.waits) != len(wantMax) {
		t.Fatalf("%d waits, want %d", len(g.waits), len(wantMax))
	}
	for i, w := range g.waits {
		if max := wantMax[i] * time.Millisecond; w < max/2 || w > max {
			t.Errorf("wait %d = %v, want within [%v, %v]", i, w, max/2, max)
		}
	}
}

func TestEventStreamStartsAfterTheGivenCursor(t *testing.T) {
	g := &fakeGateway{t: t, calls: []*fakeCall{{events: []*hitlv1.AgentEvent{event(5), event(6)}}}}
	s := g.open(context.Background(), EventsOptions{SessionIDs: []string{"s-1"}, AfterCursor: cursor(5)})
	defer s.Close()
	if s.Cursor() != cursor(5) {
		t.Errorf("Cursor() = %q before any event", s.Cursor())
	}
	if got := next(t, s).GetCursor(); got != cursor(6) {
		t.Errorf("first event %s, want %s", got, cursor(6))
	}
	if g.requests[0].GetAfterCursor() != cursor(5) {
		t.Errorf("after_cursor = %q", g.requests[0].GetAfterCursor())
	}
}

func TestEventStreamReturnsErrorsThatResumingCannotFix(t *testing.T) {
	for _, tc := range []struct {
		code   codes.Code
		reason string
	}{
		{codes.NotFound, "SESSION_NOT_FOUND"},
		{codes.OutOfRange, "CURSOR_EXPIRED"},
		{codes.ResourceExhausted, "LIVECHAT_RATE_LIMITED"},
		{codes.Unauthenticated, "API_TOKEN_INVALID"},
	} {
		t.Run(tc.reason, func(t *testing.T) {
			g := &fakeGateway{t: t, calls: []*fakeCall{{noHeader: true, end: statusError(tc.code, tc.reason)}}}
			s := g.open(context.Background(), EventsOptions{SessionIDs: []string{"s-1"}})
			defer s.Close()
			var e *Error
			if err := end(t, s); !errors.As(err, &e) || e.Code != tc.code || e.Reason != tc.reason {
				t.Fatalf("end = %v, want %v %s", err, tc.code, tc.reason)
			}
			if !errors.As(s.Err(), &e) {
				t.Errorf("Err() = %v", s.Err())
			}
			if len(g.requests) != 1 || len(g.waits) != 0 {
				t.Errorf("%d calls, %d waits: want no retry", len(g.requests), len(g.waits))
			}
		})
	}
}

func TestNextDeadlineLeavesTheStreamGoing(t *testing.T) {
	gate := make(chan struct{})
	g := &fakeGateway{t: t, calls: []*fakeCall{{gate: gate, events: []*hitlv1.AgentEvent{event(1)}}}}
	s := g.open(context.Background(), EventsOptions{SessionIDs: []string{"s-1"}})
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := s.Next(ctx); err != context.DeadlineExceeded {
		t.Fatalf("Next = %v, want context.DeadlineExceeded", err)
	}
	close(gate)
	if got := next(t, s).GetCursor(); got != cursor(1) {
		t.Errorf("event %s, want %s", got, cursor(1))
	}
}

func TestCloseEndsAStreamWaitingForEvents(t *testing.T) {
	g := &fakeGateway{t: t, calls: []*fakeCall{{events: []*hitlv1.AgentEvent{event(1)}, hang: true}}}
	s := g.open(context.Background(), EventsOptions{})
	next(t, s)
	s.Close()
	if err := end(t, s); err != context.Canceled {
		t.Errorf("after Close, Next = %v, want context.Canceled", err)
	}
	if s.Err() != context.Canceled || s.Cursor() != cursor(1) {
		t.Errorf("Err() = %v, Cursor() = %q", s.Err(), s.Cursor())
	}
	s.Close() // a second Close is harmless
}

func TestCancelledContextStopsReconnecting(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	unavailable := status.Error(codes.Unavailable, "connection refused")
	g := &fakeGateway{t: t, calls: []*fakeCall{{openErr: unavailable}}}
	s := newEventStream(ctx, EventsOptions{}, g.subscribe, resumeBackoff, func(ctx context.Context, d time.Duration) error {
		cancel() // the caller gives up while the stream waits to reconnect
		return sleep(ctx, d)
	})
	defer s.Close()
	if err := end(t, s); err != context.Canceled {
		t.Errorf("Next = %v, want context.Canceled", err)
	}
}
