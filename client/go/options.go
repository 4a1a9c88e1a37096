package hitl

import (
	"context"
	"crypto/tls"
	"time"

	"google.golang.org/grpc/credentials"
)

// DefaultTimeout is the deadline of each call unless WithTimeout says
// otherwise.
const DefaultTimeout = 10 * time.Second

// Option configures Dial.
type Option func(*settings)

type settings struct {
	token     string
	transport credentials.TransportCredentials // nil: plaintext
	timeout   time.Duration
}

// WithToken sends "authorization: Bearer <token>" on every call, as a
// gateway with HITL_API_TOKENS requires. It is sent on plaintext channels
// too; use TLS when the network is not trusted.
func WithToken(token string) Option {
	return func(s *settings) { s.token = token }
}

// WithTLS connects over TLS. A nil config trusts the system's root
// certificates; to trust given ones, set RootCAs:
//
//	pool := x509.NewCertPool()
//	pool.AppendCertsFromPEM(pem)
//	hitl.WithTLS(&tls.Config{RootCAs: pool})
func WithTLS(config *tls.Config) Option {
	return func(s *settings) { s.transport = credentials.NewTLS(config) }
}

// WithTimeout sets the deadline of each unary call (Start, Send, Stop, Get),
// retries included, DefaultTimeout unless set; a shorter deadline of the
// call's context wins. It must be positive: Dial refuses zero or less.
// Event streams have no deadline.
func WithTimeout(timeout time.Duration) Option {
	return func(s *settings) { s.timeout = timeout }
}

// bearerToken puts the API token into every call's metadata.
type bearerToken string

func (t bearerToken) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + string(t)}, nil
}

// RequireTransportSecurity is false: gateways behind a service mesh take
// tokens over plaintext.
func (bearerToken) RequireTransportSecurity() bool { return false }
