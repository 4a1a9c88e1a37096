package hitl

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"google.golang.org/grpc"
	grpcbackoff "google.golang.org/grpc/backoff"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/status"

	"github.com/hitl-gateway/hitl-gateway/client/go/hitlv1"
)

// Client calls one gateway. It is safe for concurrent use; make one and
// share it.
//
// Its unary calls (Start, Send, Stop, Get) each have one deadline: the
// client's timeout (WithTimeout), or the context's deadline if that is
// sooner. A call that fails with codes.Unavailable (the gateway stopping,
// restarting, overloaded or unreachable) is retried with the same request,
// so the same request_id, until that deadline: retry n waits a random time
// between half and all of min(5 s, 100 ms * 2^n), and when the next attempt
// would start at or after the deadline the call returns the last error. No
// other error is retried. gRPC's own retry policy is not used.
type Client struct {
	conn    *grpc.ClientConn // nil in unit tests
	stub    hitlv1.HitlServiceClient
	timeout time.Duration

	// How the unary calls' retry loop paces itself: delay(n) before retry n,
	// wait sleeps (or returns ctx's error), now tells the time. Tests replace
	// them.
	delay func(retry int) time.Duration
	wait  func(context.Context, time.Duration) error
	now   func() time.Time

	closing    context.Context // done once Close was called
	endClosing context.CancelFunc
	mu         sync.Mutex
	closed     bool
	streams    sync.WaitGroup // the goroutines of the event streams
}

// Dial makes a client of the gateway at addr ("host:port"). It does not wait
// for the gateway: the connection is made in the background and remade
// whenever it drops, and a call fails with codes.Unavailable while the
// gateway cannot be reached (the unary calls retry until their deadline, an
// event stream until it is closed). So a bot may start before its gateway.
// ctx only makes Dial fail if it is already done. Dial fails if an option
// is invalid (e.g. WithTimeout of zero).
func Dial(ctx context.Context, addr string, opts ...Option) (*Client, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s := settings{timeout: DefaultTimeout}
	for _, opt := range opts {
		opt(&s)
	}
	if s.timeout <= 0 {
		return nil, fmt.Errorf("hitl: the timeout must be positive, not %v", s.timeout)
	}
	transport := s.transport
	if transport == nil {
		transport = insecure.NewCredentials()
	}
	dialOptions := []grpc.DialOption{
		grpc.WithTransportCredentials(transport),
		// Reconnect soon after a gateway restart (gRPC's default waits 1 s
		// and more).
		grpc.WithConnectParams(grpc.ConnectParams{Backoff: grpcbackoff.Config{
			BaseDelay: 100 * time.Millisecond, Multiplier: 1.6, Jitter: 0.2, MaxDelay: 5 * time.Second,
		}}),
		// Find a dead connection under an idle event stream; the gateway
		// allows pings every 10 s.
		grpc.WithKeepaliveParams(keepalive.ClientParameters{Time: 30 * time.Second, Timeout: 10 * time.Second}),
	}
	if s.token != "" {
		dialOptions = append(dialOptions, grpc.WithPerRPCCredentials(bearerToken(s.token)))
	}
	conn, err := grpc.NewClient(addr, dialOptions...)
	if err != nil {
		return nil, fmt.Errorf("hitl: cannot make a client of %q: %w", addr, err)
	}
	conn.Connect()
	c := newClient(hitlv1.NewHitlServiceClient(conn), s.timeout)
	c.conn = conn
	return c, nil
}

// newClient makes a client of stub with the real clock and retry pacing.
func newClient(stub hitlv1.HitlServiceClient, timeout time.Duration) *Client {
	closing, endClosing := context.WithCancel(context.Background())
	return &Client{
		stub: stub, timeout: timeout,
		delay: retryBackoff.delay, wait: sleep, now: time.Now,
		closing: closing, endClosing: endClosing,
	}
}

// Close ends the client: its event streams end (their Next returns
// context.Canceled, as after EventStream.Close) and Close waits until their
// goroutines have stopped; then it closes the connection, so unary calls in
// progress fail (codes.Canceled). Later calls fail too; a stream opened
// later ends at once. A second Close is harmless.
func (c *Client) Close() error {
	c.mu.Lock()
	already := c.closed
	c.closed = true
	c.mu.Unlock()
	if already {
		return nil
	}
	c.endClosing()
	c.streams.Wait()
	if c.conn == nil {
		return nil
	}
	return c.conn.Close()
}

// invoke makes one logical unary call: attempts of call, each with the same
// request, until one does not fail with codes.Unavailable. All attempts run
// under one deadline, the client's timeout or ctx's shorter one; retry n
// waits delay(n) first, unless the retry would then start at or after the
// deadline: invoke returns the last error then (an *Error), and also if ctx
// ends during a wait. Close cuts a wait short; the call then fails with
// codes.Canceled, as every call after Close does.
func invoke[T any](c *Client, ctx context.Context, call func(context.Context) (T, error)) (T, error) {
	deadline := c.now().Add(c.timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	defer context.AfterFunc(c.closing, cancel)() // Close cuts a wait short
	var none T
	for retry := 0; ; retry++ {
		if c.closing.Err() != nil {
			return none, toError(status.Error(codes.Canceled, "hitl: the client is closed"))
		}
		response, err := call(ctx)
		if err == nil {
			return response, nil
		}
		err = toError(err)
		var e *Error
		if !errors.As(err, &e) || e.Code != codes.Unavailable {
			return none, err
		}
		pause := c.delay(retry)
		if !c.now().Add(pause).Before(deadline) {
			return none, err
		}
		if c.wait(ctx, pause) != nil && c.closing.Err() == nil {
			return none, err
		}
	}
}
