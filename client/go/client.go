package hitl

import (
	"context"
	"fmt"
	"time"

	"google.golang.org/grpc"
	grpcbackoff "google.golang.org/grpc/backoff"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/keepalive"

	"github.com/hitl-gateway/hitl-gateway/client/go/hitlv1"
)

// serviceConfig lets gRPC retry the unary calls on UNAVAILABLE (the gateway
// restarting, overloaded, or LiveChat unreachable), within each call's
// deadline. This is safe: a retry carries the same request_id, and StopHitl
// and GetSession are idempotent by nature.
const serviceConfig = `{"methodConfig": [{
  "name": [
    {"service": "hitl.v1.HitlService", "method": "StartHitl"},
    {"service": "hitl.v1.HitlService", "method": "SendMessage"},
    {"service": "hitl.v1.HitlService", "method": "StopHitl"},
    {"service": "hitl.v1.HitlService", "method": "GetSession"}
  ],
  "retryPolicy": {
    "maxAttempts": 4, "initialBackoff": "0.1s", "maxBackoff": "2s",
    "backoffMultiplier": 2, "retryableStatusCodes": ["UNAVAILABLE"]
  }
}]}`

// Client calls one gateway. It is safe for concurrent use; make one and
// share it.
type Client struct {
	conn    *grpc.ClientConn
	stub    hitlv1.HitlServiceClient
	timeout time.Duration
}

// Dial makes a client of the gateway at addr ("host:port"). It does not wait
// for the gateway: the connection is made in the background and remade
// whenever it drops, and a call fails with codes.Unavailable while the
// gateway cannot be reached. So a bot may start before its gateway. ctx only
// makes Dial fail if it is already done.
func Dial(ctx context.Context, addr string, opts ...Option) (*Client, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s := settings{timeout: DefaultTimeout}
	for _, opt := range opts {
		opt(&s)
	}
	transport := s.transport
	if transport == nil {
		transport = insecure.NewCredentials()
	}
	dialOptions := []grpc.DialOption{
		grpc.WithTransportCredentials(transport),
		grpc.WithDefaultServiceConfig(serviceConfig),
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
	return &Client{conn: conn, stub: hitlv1.NewHitlServiceClient(conn), timeout: s.timeout}, nil
}

// Close closes the connection; calls and event streams in progress fail.
func (c *Client) Close() error {
	return c.conn.Close()
}

// callContext bounds one unary call by the client's timeout.
func (c *Client) callContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if c.timeout <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, c.timeout)
}
