package hitl

import (
	"context"
	"math/rand/v2"
	"time"
)

// backoff is truncated exponential backoff with jitter: after n failures in
// a row, wait a random time between half and all of min(initial*2^n, max).
type backoff struct {
	initial, max time.Duration
}

// retryBackoff paces the retries of a unary call and an event stream's
// resubscriptions: retry n waits between half and all of
// min(5 s, 100 ms * 2^n).
var retryBackoff = backoff{initial: 100 * time.Millisecond, max: 5 * time.Second}

// delay returns how long to wait after failures failed attempts in a row
// (before retry number failures, counted from 0).
func (b backoff) delay(failures int) time.Duration {
	d := b.initial
	for i := 0; i < failures && d < b.max; i++ {
		d *= 2
	}
	d = min(d, b.max)
	return d/2 + rand.N(d/2+1)
}

// sleep waits for d, or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
