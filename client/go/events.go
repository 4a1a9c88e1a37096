package hitl

import (
	"context"
	"errors"
	"io"
	"slices"
	"sync"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"

	"github.com/hitl-gateway/hitl-gateway/client/go/hitlv1"
)

// cursorHeader is the response header of SubscribeAgentEvents that tells the
// cursor the stream starts after.
const cursorHeader = "hitl-cursor"

// EventsOptions selects the agent events of a stream.
type EventsOptions struct {
	// SessionIDs are the sessions to follow; empty follows every session,
	// present and future. A stream of given sessions ends once all of them
	// have ended.
	SessionIDs []string
	// AfterCursor resumes after the event with this cursor (one persisted
	// from EventStream.Cursor). Empty: with SessionIDs, every event of those
	// sessions from their start; without, live events from now on (the
	// gateway says where that is, so a reconnection before the first event
	// resumes from there and misses nothing).
	AfterCursor string
}

// EventStream yields the agent events of a SubscribeAgentEvents call, in
// order, each once. When the gateway ends the stream with UNAVAILABLE (e.g.
// it restarts), or with RESOURCE_EXHAUSTED / SUBSCRIBER_TOO_SLOW, or the
// connection drops, it reconnects with backoff (100 ms doubling to 5 s, with
// jitter, for as long as its context lasts) and resumes after the last event
// it yielded, skipping any event the gateway sends again.
//
// Call Next from one goroutine at a time; Cursor, Err and Close may be called
// from any goroutine.
type EventStream struct {
	events chan *hitlv1.AgentEvent // the receiving goroutine hands over one at a time
	done   chan struct{}           // closed when the receiving goroutine ended
	cancel context.CancelFunc
	err    error // why it ended (nil: finished OK); written before done is closed

	mu     sync.Mutex
	cursor string // of the last event Next returned
}

// eventReceiver is the part of a SubscribeAgentEvents call the stream uses.
type eventReceiver interface {
	Header() (metadata.MD, error)
	Recv() (*hitlv1.AgentEvent, error)
}

// subscriber makes one SubscribeAgentEvents call.
type subscriber func(context.Context, *hitlv1.SubscribeAgentEventsRequest) (eventReceiver, error)

// Events opens a stream of agent events. It returns at once; Next reports
// what happened. The stream lasts until it finishes, fails with an error
// that resuming cannot fix, ctx ends, or Close is called; call Close when
// done with it.
func (c *Client) Events(ctx context.Context, opts EventsOptions) *EventStream {
	subscribe := func(ctx context.Context, request *hitlv1.SubscribeAgentEventsRequest) (eventReceiver, error) {
		return c.stub.SubscribeAgentEvents(ctx, request)
	}
	return newEventStream(ctx, opts, subscribe, resumeBackoff, sleep)
}

// newEventStream starts the goroutine that receives, resumes and hands over
// events; wait is how it sleeps between attempts.
func newEventStream(ctx context.Context, opts EventsOptions, subscribe subscriber, pace backoff,
	wait func(context.Context, time.Duration) error) *EventStream {
	ctx, cancel := context.WithCancel(ctx)
	s := &EventStream{
		events: make(chan *hitlv1.AgentEvent),
		done:   make(chan struct{}),
		cancel: cancel,
		cursor: opts.AfterCursor,
	}
	r := &resumer{
		out:        s.events,
		subscribe:  subscribe,
		sessionIDs: slices.Clone(opts.SessionIDs),
		last:       opts.AfterCursor,
		started: func(cursor string) {
			s.mu.Lock()
			defer s.mu.Unlock()
			if s.cursor == "" {
				s.cursor = cursor
			}
		},
	}
	go func() {
		defer close(s.done)
		defer cancel()
		s.err = r.run(ctx, pace, wait)
	}()
	return s
}

// Next returns the next event. It returns io.EOF once a stream of given
// sessions has delivered the end of every one of them; the *Error that ended
// the stream if resuming cannot fix it (e.g. codes.NotFound for an unknown
// session, codes.OutOfRange for an expired cursor); the stream's context's
// error after Close or once that context ended. If ctx ends first, Next
// returns ctx.Err() and the stream goes on: no event is lost.
func (s *EventStream) Next(ctx context.Context) (*hitlv1.AgentEvent, error) {
	select {
	case event := <-s.events:
		s.mu.Lock()
		s.cursor = event.GetCursor()
		s.mu.Unlock()
		return event, nil
	case <-s.done:
		if s.err == nil {
			return nil, io.EOF
		}
		return nil, s.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Cursor returns the cursor of the last event Next returned (at first,
// EventsOptions.AfterCursor, or where the gateway started the stream).
// Persist it to resume a later stream after it.
func (s *EventStream) Cursor() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cursor
}

// Err returns why the stream ended: nil while it runs or if it finished OK,
// else the error Next returns.
func (s *EventStream) Err() error {
	select {
	case <-s.done:
		return s.err
	default:
		return nil
	}
}

// Close ends the stream and waits until its goroutine has stopped. Next then
// returns context.Canceled, unless the stream had already ended.
func (s *EventStream) Close() {
	s.cancel()
	<-s.done
}

// resumer runs SubscribeAgentEvents calls one after another, each resuming
// after the last event handed over.
type resumer struct {
	out        chan<- *hitlv1.AgentEvent
	subscribe  subscriber
	sessionIDs []string
	last       string // cursor of the last event handed over
	// started reports where the gateway started the first call (its
	// hitl-cursor header), when no cursor was known yet.
	started func(cursor string)
}

// run calls until a call finishes OK (nil) or fails for good (its error).
func (r *resumer) run(ctx context.Context, pace backoff, wait func(context.Context, time.Duration) error) error {
	failures := 0
	for {
		connected, err := r.receive(ctx)
		switch {
		case err == nil:
			return nil
		case ctx.Err() != nil:
			return ctx.Err()
		case !resumable(err):
			return err
		}
		if connected {
			failures = 0
		}
		if err := wait(ctx, pace.delay(failures)); err != nil {
			return err
		}
		failures++
	}
}

// receive makes one call and hands its new events over. connected tells
// whether the gateway accepted the call (sent headers or an event).
func (r *resumer) receive(ctx context.Context) (connected bool, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // ends the call when returning early
	call, err := r.subscribe(ctx, &hitlv1.SubscribeAgentEventsRequest{
		SessionIds: r.sessionIDs, AfterCursor: r.last,
	})
	if err != nil {
		return false, toError(err)
	}
	if header, _ := call.Header(); header != nil {
		connected = true // the subscription is in place
		// Where the gateway starts this stream: a break before the first
		// event then resumes from here instead of from "now" again.
		if start := header.Get(cursorHeader); r.last == "" && len(start) > 0 && start[0] != "" {
			r.last = start[0]
			if r.started != nil {
				r.started(r.last)
			}
		}
	}
	for {
		event, err := call.Recv()
		if err == io.EOF {
			return connected, nil
		}
		if err != nil {
			return connected, toError(err)
		}
		connected = true
		if r.last != "" && event.GetCursor() <= r.last {
			continue // sent again at the seam of a resume
		}
		select {
		case r.out <- event:
			r.last = event.GetCursor()
		case <-ctx.Done():
			return connected, ctx.Err()
		}
	}
}

// resumable tells whether a failed call is worth resuming: the gateway is
// unavailable (restarting, overloaded, unreachable, or the connection
// dropped) or dropped this subscriber for falling behind.
func resumable(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code {
	case codes.Unavailable:
		return true
	case codes.ResourceExhausted:
		return e.Reason == "SUBSCRIBER_TOO_SLOW"
	default:
		return false
	}
}
