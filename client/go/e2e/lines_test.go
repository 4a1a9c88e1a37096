package e2e

import (
	"bufio"
	"fmt"
	"io"
	"testing"
	"time"
)

// readLines sends r's lines, one by one, to the channel it returns, which it
// closes at r's end.
func readLines(r io.Reader) <-chan string {
	lines := make(chan string, 16)
	go func() {
		defer close(lines)
		scanner := bufio.NewScanner(r)
		for scanner.Scan() {
			lines <- scanner.Text()
		}
	}()
	return lines
}

// nextLine returns the next of lines, or false if they ended. It fails the
// test if none comes within timeout; what (formatted with args when the time
// is up, so an argument that is a fmt.Stringer tells its state then) names
// what was awaited.
func nextLine(t *testing.T, lines <-chan string, timeout time.Duration, what string, args ...any) (string, bool) {
	t.Helper()
	select {
	case line, ok := <-lines:
		return line, ok
	case <-time.After(timeout):
		t.Fatalf("waited %v for %s", timeout, fmt.Sprintf(what, args...))
		return "", false
	}
}
