package hitl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
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
	end      error         // after the events: nil finishes OK
	hang     bool          // after the events: wait until the call is cancelled
	start    string        // the hitl-cursor header, if any
	lasts    time.Duration // how long it is in place before it ends (on the fake clock)
	ctx      context.Context
	gateway  *fakeGateway
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
	c.gateway.advance(c.lasts)
	if c.end == nil {
		return nil, io.EOF
	}
	return nil, c.end
}

// fakeGateway answers subscriptions with its scripted calls, in order, and
// records the requests and the waits between them. Its clock moves only by
// the waits and the calls' lasts.
type fakeGateway struct {
	t *testing.T
	// hold, if set, makes each wait take a value from it first (or end with
	// its context).
	hold chan struct{}

	mu       sync.Mutex
	calls    []*fakeCall
	requests []*hitlv1.SubscribeAgentEventsRequest
	waits    []time.Duration
	clock    time.Time
}

func (g *fakeGateway) now() time.Time {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.clock
}

func (g *fakeGateway) advance(d time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.clock = g.clock.Add(d)
}

// waited returns the waits so far.
func (g *fakeGateway) waited() []time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	return slices.Clone(g.waits)
}

// request returns the request of call i (from 0).
func (g *fakeGateway) request(i int) *hitlv1.SubscribeAgentEventsRequest {
	g.t.Helper()
	g.mu.Lock()
	defer g.mu.Unlock()
	if i >= len(g.requests) {
		g.t.Fatalf("call %d was not made (%d calls)", i, len(g.requests))
	}
	return g.requests[i]
}

func (g *fakeGateway) subscribe(ctx context.Context, request *hitlv1.SubscribeAgentEventsRequest) (eventReceiver, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.requests = append(g.requests, proto.Clone(request).(*hitlv1.SubscribeAgentEventsRequest))
	if len(g.calls) == 0 {
		g.t.Errorf("unexpected call %d", len(g.requests))
		return nil, statusError(codes.FailedPrecondition, "TEST_NO_MORE_CALLS") // not resumed
	}
	call := g.calls[0]
	g.calls = g.calls[1:]
	if call.openErr != nil {
		return nil, call.openErr
	}
	call.ctx = ctx
	call.gateway = g
	return call, nil
}

func (g *fakeGateway) wait(ctx context.Context, d time.Duration) error {
	if g.hold != nil {
		select {
		case <-g.hold:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	g.mu.Lock()
	g.waits = append(g.waits, d)
	g.clock = g.clock.Add(d)
	g.mu.Unlock()
	return ctx.Err()
}

// release lets one wait on hold end.
func (g *fakeGateway) release(t *testing.T) {
	t.Helper()
	select {
	case g.hold <- struct{}{}:
	case <-time.After(5 * time.Second):
		t.Fatalf("the stream is not waiting to resubscribe")
	}
}

// testPace is the backoff of the fake streams: 100 ms doubling to 1 s.
var testPace = backoff{initial: 100 * time.Millisecond, max: time.Second}

func (g *fakeGateway) deps() streamDeps {
	return streamDeps{subscribe: g.subscribe, pace: testPace, wait: g.wait, now: g.now}
}

func (g *fakeGateway) open(ctx context.Context, opts EventsOptions) *EventStream {
	return newEventStream(ctx, opts, g.deps(), nil, nil)
}

// checkWaits checks that wait i was within [c/2, c] for c = wantMax[i] ms.
func checkWaits(t *testing.T, waits []time.Duration, wantMax ...time.Duration) {
	t.Helper()
	if len(waits) != len(wantMax) {
		t.Fatalf("waits %v, want %d of them", waits, len(wantMax))
	}
	for i, w := range waits {
		if max := wantMax[i] * time.Millisecond; w < max/2 || w > max {
			t.Errorf("wait %d = %v, want within [%v, %v] (all: %v)", i, w, max/2, max, waits)
		}
	}
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
		{events: []*hitlv1.AgentEvent{event(8)}, hang: true},
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
	// The wait doubles while calls fail without delivering an event, and
	// starts over after a call that delivered one.
	checkWaits(t, g.waited(), 100, 200, 400, 100)
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
		{codes.Internal, "INTERNAL"}, // the gateway's own INTERNAL has a reason
		{codes.Unknown, "UNKNOWN"},
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
	deps := g.deps()
	deps.wait = func(ctx context.Context, d time.Duration) error {
		cancel() // the caller gives up while the stream waits to reconnect
		return sleep(ctx, d)
	}
	s := newEventStream(ctx, EventsOptions{}, deps, nil, nil)
	defer s.Close()
	if err := end(t, s); err != context.Canceled {
		t.Errorf("Next = %v, want context.Canceled", err)
	}
}

func TestEventStreamAdoptsTheStartOfTheFirstCallThatGotHeaders(t *testing.T) {
	g := &fakeGateway{t: t, calls: []*fakeCall{
		{openErr: status.Error(codes.Unavailable, "connection refused")},
		{noHeader: true, end: status.Error(codes.Unavailable, "connection refused")},
		{start: cursor(7), end: statusError(codes.Unavailable, "SHUTTING_DOWN")},
		{start: cursor(9), end: statusError(codes.Unavailable, "SHUTTING_DOWN")}, // later: not adopted
		{events: []*hitlv1.AgentEvent{event(8)}, hang: true},
	}}
	s := g.open(context.Background(), EventsOptions{})
	defer s.Close()
	if got := next(t, s).GetCursor(); got != cursor(8) {
		t.Fatalf("event %s, want %s", got, cursor(8))
	}
	for i, want := range []string{"", "", "", cursor(7), cursor(7)} {
		if got := g.request(i).GetAfterCursor(); got != want {
			t.Errorf("call %d after %q, want %q", i, got, want)
		}
	}
}

func TestReadyReturnsOnceTheGatewayConfirmedTheSubscription(t *testing.T) {
	g := &fakeGateway{t: t, calls: []*fakeCall{{start: cursor(7), hang: true}}}
	s := g.open(context.Background(), EventsOptions{})
	defer s.Close()
	for range 2 {
		if err := ready(t, s); err != nil {
			t.Fatalf("Ready = %v", err)
		}
	}
	if s.Cursor() != cursor(7) {
		t.Errorf("Cursor() = %q, want the header's %q", s.Cursor(), cursor(7))
	}
}

func TestReadyWaitsForALaterCallAfterFailuresThatResumingFixes(t *testing.T) {
	g := &fakeGateway{t: t, hold: make(chan struct{}), calls: []*fakeCall{
		{openErr: status.Error(codes.Unavailable, "connection refused")},
		{noHeader: true, end: status.Error(codes.Unavailable, "connection refused")},
		{start: cursor(9), end: status.Error(codes.Internal, "Received RST_STREAM with code 2")},
		{events: []*hitlv1.AgentEvent{event(10)}, hang: true},
	}}
	s := g.open(context.Background(), EventsOptions{})
	defer s.Close()
	for range 2 { // the stream waits to resubscribe after a failure
		if err := readyWithin(s, 20*time.Millisecond); err != context.DeadlineExceeded {
			t.Fatalf("Ready = %v before any call got headers, want context.DeadlineExceeded", err)
		}
		g.release(t)
	}
	if err := ready(t, s); err != nil {
		t.Fatalf("Ready = %v once the third call got headers", err)
	}
	if s.Cursor() != cursor(9) {
		t.Errorf("Cursor() = %q, want the third call's header %q", s.Cursor(), cursor(9))
	}
	g.release(t)
	if got := next(t, s).GetCursor(); got != cursor(10) {
		t.Fatalf("event %s, want %s", got, cursor(10))
	}
	if got := g.request(3).GetAfterCursor(); got != cursor(9) {
		t.Errorf("resumed after %q, want the header's %q", got, cursor(9))
	}
	if err := ready(t, s); err != nil {
		t.Errorf("Ready = %v later", err)
	}
}

func TestReadyReturnsWhyTheStreamEndedBeforeItWasInPlace(t *testing.T) {
	t.Run("an error resuming cannot fix", func(t *testing.T) {
		g := &fakeGateway{t: t, calls: []*fakeCall{
			{openErr: status.Error(codes.Unavailable, "connection refused")},
			{noHeader: true, end: statusError(codes.NotFound, "SESSION_NOT_FOUND")},
		}}
		s := g.open(context.Background(), EventsOptions{SessionIDs: []string{"s-1"}})
		defer s.Close()
		var e *Error
		if err := ready(t, s); !errors.As(err, &e) || e.Code != codes.NotFound || e.Reason != "SESSION_NOT_FOUND" {
			t.Errorf("Ready = %v, want NOT_FOUND SESSION_NOT_FOUND", err)
		}
	})
	t.Run("finished OK", func(t *testing.T) {
		g := &fakeGateway{t: t, calls: []*fakeCall{{noHeader: true}}}
		s := g.open(context.Background(), EventsOptions{SessionIDs: []string{"s-1"}})
		defer s.Close()
		if err := ready(t, s); err != io.EOF {
			t.Errorf("Ready = %v, want io.EOF", err)
		}
	})
	t.Run("closed", func(t *testing.T) {
		g := &fakeGateway{t: t, hold: make(chan struct{}), calls: []*fakeCall{
			{openErr: status.Error(codes.Unavailable, "connection refused")},
		}}
		s := g.open(context.Background(), EventsOptions{})
		s.Close()
		if err := ready(t, s); err != context.Canceled {
			t.Errorf("Ready = %v after Close, want context.Canceled", err)
		}
	})
	t.Run("confirmed, then failed", func(t *testing.T) {
		g := &fakeGateway{t: t, calls: []*fakeCall{{end: statusError(codes.OutOfRange, "CURSOR_EXPIRED")}}}
		s := g.open(context.Background(), EventsOptions{})
		defer s.Close()
		if err := end(t, s); status.Code(err) != codes.OutOfRange {
			t.Fatalf("Next = %v", err)
		}
		if err := ready(t, s); err != nil {
			t.Errorf("Ready = %v, want nil: the gateway had confirmed the subscription", err)
		}
	})
}

func TestReadyGivesUpWhenItsContextEndsAndTheStreamGoesOn(t *testing.T) {
	g := &fakeGateway{t: t, hold: make(chan struct{}), calls: []*fakeCall{
		{openErr: status.Error(codes.Unavailable, "connection refused")},
		{events: []*hitlv1.AgentEvent{event(1)}, hang: true},
	}}
	s := g.open(context.Background(), EventsOptions{SessionIDs: []string{"s-1"}})
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Ready(ctx); err != context.Canceled {
		t.Fatalf("Ready = %v, want context.Canceled", err)
	}
	g.release(t)
	if got := next(t, s).GetCursor(); got != cursor(1) {
		t.Errorf("event %s, want %s", got, cursor(1))
	}
}

func TestEventStreamResumesAfterAResetByAProxy(t *testing.T) {
	for _, err := range []error{
		status.Error(codes.Internal, "Received RST_STREAM with code 2"),
		status.Error(codes.Unknown, "stream terminated by RST_STREAM"),
	} {
		t.Run(status.Code(err).String(), func(t *testing.T) {
			g := &fakeGateway{t: t, calls: []*fakeCall{
				{events: []*hitlv1.AgentEvent{event(1)}, end: err},
				{events: []*hitlv1.AgentEvent{event(2)}},
			}}
			s := g.open(context.Background(), EventsOptions{SessionIDs: []string{"s-1"}})
			defer s.Close()
			for n := 1; n <= 2; n++ {
				if got := next(t, s).GetCursor(); got != cursor(n) {
					t.Fatalf("event %s, want %s", got, cursor(n))
				}
			}
			if err := end(t, s); err != io.EOF {
				t.Errorf("end = %v, want io.EOF", err)
			}
			if got := g.request(1).GetAfterCursor(); got != cursor(1) {
				t.Errorf("resumed after %q, want %q", got, cursor(1))
			}
		})
	}
}

func TestAStreamOfEverySessionResubscribesWhenACallFinishesOK(t *testing.T) {
	g := &fakeGateway{t: t, calls: []*fakeCall{
		{start: cursor(3), events: []*hitlv1.AgentEvent{event(4)}},
		{noHeader: true}, // trailers only, OK
		{events: []*hitlv1.AgentEvent{event(4), event(5)}, hang: true},
	}}
	s := g.open(context.Background(), EventsOptions{})
	defer s.Close()
	for n := 4; n <= 5; n++ {
		if got := next(t, s).GetCursor(); got != cursor(n) {
			t.Fatalf("event %s, want %s", got, cursor(n))
		}
	}
	for i, want := range []string{"", cursor(4), cursor(4)} {
		if got := g.request(i).GetAfterCursor(); got != want {
			t.Errorf("call %d after %q, want %q", i, got, want)
		}
	}
	checkWaits(t, g.waited(), 100, 200)
}

func TestFailureCountIsNotResetByACallThatGotOnlyHeaders(t *testing.T) {
	broken := func() *fakeCall { return &fakeCall{start: cursor(1), end: status.Error(codes.Unavailable, "reset")} }
	g := &fakeGateway{t: t, calls: []*fakeCall{
		broken(), broken(), broken(), broken(), broken(), broken(),
		{events: []*hitlv1.AgentEvent{event(2)}, end: status.Error(codes.Unavailable, "reset")},
		{events: []*hitlv1.AgentEvent{event(3)}, hang: true},
	}}
	s := g.open(context.Background(), EventsOptions{})
	defer s.Close()
	next(t, s)
	next(t, s)
	// A gateway that accepts and at once drops the subscriber is not
	// hammered; a call that delivered an event starts the count over.
	checkWaits(t, g.waited(), 100, 200, 400, 800, 1000, 1000, 100)
}

func TestFailureCountIsResetByACallThatWasInPlaceLongEnough(t *testing.T) {
	refused := status.Error(codes.Unavailable, "connection refused")
	g := &fakeGateway{t: t, calls: []*fakeCall{
		{openErr: refused},
		{openErr: refused},
		{lasts: inPlaceReset, end: status.Error(codes.Unavailable, "idle, then dropped")},
		{lasts: inPlaceReset - time.Millisecond, end: status.Error(codes.Unavailable, "dropped")},
		{lasts: time.Hour, end: status.Error(codes.Unavailable, "idle for an hour, then dropped")},
		{events: []*hitlv1.AgentEvent{event(1)}, hang: true},
	}}
	s := g.open(context.Background(), EventsOptions{})
	defer s.Close()
	next(t, s)
	checkWaits(t, g.waited(), 100, 200, 100, 200, 100)
}

func TestClosingTheClientEndsItsStreams(t *testing.T) {
	client := newClient(&fakeStub{}, DefaultTimeout)
	g := &fakeGateway{t: t, calls: []*fakeCall{{events: []*hitlv1.AgentEvent{event(1)}, hang: true}}}
	s := client.openEvents(context.Background(), EventsOptions{}, g.deps())
	next(t, s)
	if err := client.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if s.Err() != context.Canceled { // Close waited for the stream to end
		t.Errorf("Err() = %v right after the client's Close, want context.Canceled", s.Err())
	}
	if err := end(t, s); err != context.Canceled {
		t.Errorf("Next = %v, want context.Canceled", err)
	}
	s.Close()

	later := client.openEvents(context.Background(), EventsOptions{}, g.deps())
	if err := end(t, later); err != context.Canceled {
		t.Errorf("Next of a stream opened after Close = %v, want context.Canceled", err)
	}
	if err := client.Close(); err != nil {
		t.Errorf("a second Close: %v", err)
	}
}

// ready waits for the stream to be in place, or for 5 s.
func ready(t *testing.T, s *EventStream) error {
	t.Helper()
	err := readyWithin(s, 5*time.Second)
	if err == context.DeadlineExceeded {
		t.Fatalf("Ready did not return within 5 s")
	}
	return err
}

func readyWithin(s *EventStream, d time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	return s.Ready(ctx)
}
