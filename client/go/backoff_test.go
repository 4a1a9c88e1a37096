package hitl

import (
	"testing"
	"time"
)

func TestBackoffDoublesWithJitterUpToItsMaximum(t *testing.T) {
	b := backoff{initial: 100 * time.Millisecond, max: 5 * time.Second}
	for failures, full := range []time.Duration{100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000} {
		full *= time.Millisecond
		for range 50 {
			if d := b.delay(failures); d < full/2 || d > full {
				t.Fatalf("delay(%d) = %v, want within [%v, %v]", failures, d, full/2, full)
			}
		}
	}
	if d := b.delay(1000); d > b.max {
		t.Errorf("delay(1000) = %v, above the maximum", d)
	}
}
