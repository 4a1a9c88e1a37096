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

// inPlaceReset is how long a call must have been in place (headers
// received) for its break to reset the count of failures in a row
// (docs/CLIENTS.md, "The agent-event stream", Backoff).
const inPlaceReset = 5 * time.Second

// EventsOptions selects the agent events of a stream.
type EventsOptions struct {
	// SessionIDs are the sessions to follow; empty follows every session,
	// present and future. A stream of given sessions ends once all of them
	// have ended; a stream of every session never ends by itself.
	SessionIDs []string
	// AfterCursor resumes after the event with this cursor (one persisted
	// from EventStream.Cursor). Empty: with SessionIDs, every event of those
	// sessions from their start; without, live events from the moment the
	// gateway confirms the subscription (see EventStream.Ready; the gateway
	// says where that is, so a resubscription before the first event resumes
	// from there and misses nothing).
	AfterCursor string
}

// EventStream yields the agent events of SubscribeAgentEvents calls, in
// cursor order, each once.
//
// It resubscribes after the last event it yielded (skipping any event the
// gateway sends again) when a call ends with:
//   - codes.Unavailable (a dropped connection, a restarting gateway);
//   - codes.ResourceExhausted with reason SUBSCRIBER_TOO_SLOW (the gateway
//     dropped a subscriber that fell behind);
//   - codes.Internal or codes.Unknown without an ErrorInfo reason: not the
//     gateway's answer (every error of the gateway has a reason) but a
//     proxy's or the transport's, e.g. "Received RST_STREAM with code 2";
//   - OK on a stream of every session (no SessionIDs), which the gateway
//     never ends by itself.
//
// Any other error ends the stream. Between calls it waits as the unary
// calls do between retries: a random time between half and all of
// min(5 s, 100 ms * 2^n) after n failures in a row. That count starts over
// when a new event arrives, or when the call that broke had been in place
// (its headers received) for at least 5 s; so a gateway that accepts and at
// once drops the subscriber is not hammered, and a stream idle for an hour
// resumes in 100 ms. It goes on for as long as the stream lasts.
//
// Call Next from one goroutine at a time; Ready, Cursor, Err and Close may be
// called from any goroutine.
type EventStream struct {
	events chan *hitlv1.AgentEvent // the receiving goroutine hands over one at a time
	ready  chan struct{}           // closed once the gateway confirmed a subscription
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

// streamDeps is what an event stream uses of the world; tests fake it.
type streamDeps struct {
	subscribe subscriber
	pace      backoff                                    // spaces the calls
	wait      func(context.Context, time.Duration) error // sleeps, or returns ctx's error
	now       func() time.Time
}

// Events opens a stream of agent events. It returns at once and subscribes
// in the background; Next reports what happened. The stream lasts until it
// finishes, fails with an error that resuming cannot fix, ctx ends, Close
// is called or the client is closed; call Close when done with it.
//
// To be sure not to miss an event that your next call causes, wait for the
// subscription to be in place with Ready first; e.g. to follow every
// session, including one you are about to start:
//
//	stream := client.Events(ctx, hitl.EventsOptions{})
//	defer stream.Close()
//	if err := stream.Ready(ctx); err != nil {
//		return err
//	}
//	session, err := client.Start(ctx, request) // its events will come
func (c *Client) Events(ctx context.Context, opts EventsOptions) *EventStream {
	subscribe := func(ctx context.Context, request *hitlv1.SubscribeAgentEventsRequest) (eventReceiver, error) {
		return c.stub.SubscribeAgentEvents(ctx, request)
	}
	return c.openEvents(ctx, opts, streamDeps{subscribe: subscribe, pace: retryBackoff, wait: sleep, now: time.Now})
}

// openEvents starts a stream that Close of the client ends (at once if the
// client is already closed).
func (c *Client) openEvents(ctx context.Context, opts EventsOptions, deps streamDeps) *EventStream {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		ctx, cancel := context.WithCancel(ctx)
		cancel()
		return newEventStream(ctx, opts, deps, nil, nil)
	}
	c.streams.Add(1)
	return newEventStream(ctx, opts, deps, c.closing, c.streams.Done)
}

// newEventStream starts the goroutine that receives, resumes and hands over
// events. The stream also ends when closing (if not nil) is done; ended (if
// not nil) is called once the goroutine has stopped.
func newEventStream(ctx context.Context, opts EventsOptions, deps streamDeps, closing context.Context,
	ended func()) *EventStream {
	ctx, cancel := context.WithCancel(ctx)
	stopWatching := func() bool { return false }
	if closing != nil {
		stopWatching = context.AfterFunc(closing, cancel)
	}
	s := &EventStream{
		events: make(chan *hitlv1.AgentEvent),
		ready:  make(chan struct{}),
		done:   make(chan struct{}),
		cancel: cancel,
		cursor: opts.AfterCursor,
	}
	r := &resumer{
		streamDeps: deps,
		out:        s.events,
		sessionIDs: slices.Clone(opts.SessionIDs),
		last:       opts.AfterCursor,
		started: func(cursor string) {
			s.mu.Lock()
			defer s.mu.Unlock()
			if s.cursor == "" {
				s.cursor = cursor
			}
		},
		ready: func() { close(s.ready) },
	}
	go func() {
		if ended != nil {
			defer ended()
		}
		defer close(s.done)
		defer cancel()
		defer stopWatching()
		s.err = r.run(ctx)
	}()
	return s
}

// Ready waits until the gateway has confirmed a subscription of the stream:
// it answered a call with its response headers, on the first call or, after
// failures that resuming fixes (e.g. while the gateway cannot be reached),
// on a later one. Ready then returns nil, at once on later calls, and no
// event after that moment will be missed.
//
// If the stream ends before, Ready returns what Next returns then: the
// *Error that resuming cannot fix, context.Canceled after Close (of the
// stream or the client) or the stream's context's error, io.EOF if it
// finished OK. If ctx ends first, Ready returns ctx.Err() and the stream
// goes on.
func (s *EventStream) Ready(ctx context.Context) error {
	select {
	case <-s.ready:
		return nil
	default:
	}
	select {
	case <-s.ready:
		return nil
	case <-s.done:
		select {
		case <-s.ready: // confirmed, then ended
			return nil
		default:
			return s.end()
		}
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Next returns the next event. It returns io.EOF once a stream of given
// sessions has delivered the end of every one of them; the *Error that ended
// the stream if resuming cannot fix it (e.g. codes.NotFound for an unknown
// session, codes.OutOfRange for an expired cursor); context.Canceled after
// Close or Client.Close, or the stream's context's error once that context
// ended. If ctx ends first, Next returns ctx.Err() and the stream goes on:
// no event is lost.
func (s *EventStream) Next(ctx context.Context) (*hitlv1.AgentEvent, error) {
	select {
	case event := <-s.events:
		s.mu.Lock()
		s.cursor = event.GetCursor()
		s.mu.Unlock()
		return event, nil
	case <-s.done:
		return nil, s.end()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// end is what Next returns once the stream ended.
func (s *EventStream) end() error {
	if s.err == nil {
		return io.EOF
	}
	return s.err
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
	streamDeps
	out        chan<- *hitlv1.AgentEvent
	sessionIDs []string
	last       string // cursor of the last event handed over, or where the stream starts
	// started reports where the gateway started the stream (the hitl-cursor
	// header), when no cursor was known yet.
	started func(cursor string)
	// ready is called once, when the first call got headers.
	ready     func()
	confirmed bool // a call got headers
}

// attempt is how one call went.
type attempt struct {
	err       error     // io.EOF if it finished OK, else an *Error or ctx's error
	inPlace   time.Time // when its headers arrived; zero if none did
	delivered bool      // it handed over a new event
}

// run makes calls until the stream finishes OK (nil) or fails for good (its
// error).
func (r *resumer) run(ctx context.Context) error {
	failures := 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		a := r.receive(ctx)
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case a.err == io.EOF:
			if len(r.sessionIDs) > 0 {
				return nil // every session of the stream ended
			}
			// A stream of every session never ends by itself: something
			// between the gateway and the client ended it. Resubscribe.
		case !resumable(a.err):
			return a.err
		}
		if a.delivered || (!a.inPlace.IsZero() && r.now().Sub(a.inPlace) >= inPlaceReset) {
			failures = 0
		}
		if err := r.wait(ctx, r.pace.delay(failures)); err != nil {
			return err
		}
		failures++
	}
}

// receive makes one call and hands its new events over.
func (r *resumer) receive(ctx context.Context) (a attempt) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // ends the call when returning early
	call, err := r.subscribe(ctx, &hitlv1.SubscribeAgentEventsRequest{
		SessionIds: r.sessionIDs, AfterCursor: r.last,
	})
	if err != nil {
		a.err = toError(err)
		return a
	}
	// Header returns nil if the call ended without headers (it failed, or
	// finished OK, before the gateway accepted it); Recv then tells how.
	if header, _ := call.Header(); header != nil {
		a.inPlace = r.now()
		r.accepted(header.Get(cursorHeader))
	}
	for {
		event, err := call.Recv()
		if err == io.EOF {
			a.err = io.EOF
			return a
		}
		if err != nil {
			a.err = toError(err)
			return a
		}
		if a.inPlace.IsZero() { // events come after headers
			a.inPlace = r.now()
			r.accepted(nil)
		}
		if r.last != "" && event.GetCursor() <= r.last {
			continue // sent again at the seam of a resume
		}
		a.delivered = true
		select {
		case r.out <- event:
			r.last = event.GetCursor()
		case <-ctx.Done():
			a.err = ctx.Err()
			return a
		}
	}
}

// accepted notes that the gateway accepted a call, whose hitl-cursor header
// is start: until the stream has a cursor, it starts there, so a resume
// before the first event continues from there instead of from "now" again.
func (r *resumer) accepted(start []string) {
	if r.last == "" && len(start) > 0 && start[0] != "" {
		r.last = start[0]
		r.started(r.last)
	}
	if !r.confirmed {
		r.confirmed = true
		r.ready()
	}
}

// resumable tells whether a failed call is worth resuming: the gateway is
// unavailable (restarting, overloaded, unreachable, or the connection
// dropped), dropped this subscriber for falling behind, or something between
// the gateway and the client broke the call (an INTERNAL or UNKNOWN error
// without the reason every error of the gateway has).
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
	case codes.Internal, codes.Unknown:
		return e.Reason == ""
	default:
		return false
	}
}
