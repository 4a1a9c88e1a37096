package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"
)

// stackTimeout bounds every wait for the stack: start, restart, stop.
const stackTimeout = 60 * time.Second

// stack is a running hitl-e2e-stack: livechat-sim and hitl-gateway on
// loopback ports, driven over stdin/stdout (tests/e2e/CLIENT_SCENARIO.md).
type stack struct {
	addresses

	cmd     *exec.Cmd
	stdin   io.WriteCloser
	lines   <-chan string // stdout, line by line; closed at its end
	stderr  lockedBuffer
	stopped bool
}

// addresses is the stack's first line.
type addresses struct {
	GRPC   string `json:"grpc"`
	Sim    string `json:"sim"`
	CAFile string `json:"ca_file"` // with --tls: the PEM to trust
}

// startStack starts the stack with extra arguments (--tls, --env N=V) and
// waits for its first line, which means ready. The test stops it at the end
// if it has not.
func startStack(t *testing.T, args ...string) *stack {
	t.Helper()
	binary, gateway := os.Getenv("HITL_E2E_STACK"), os.Getenv("HITL_GATEWAY_BIN")
	if binary == "" || gateway == "" {
		t.Skip("HITL_E2E_STACK and HITL_GATEWAY_BIN are not set (run-e2e sets them)")
	}
	s := &stack{}
	s.cmd = exec.Command(binary, append([]string{"--gateway", gateway}, args...)...)
	s.cmd.Stderr = &s.stderr
	var err error
	if s.stdin, err = s.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("starting the stack: %v", err)
	}
	s.lines = readLines(stdout)
	t.Cleanup(func() { s.cleanUp(t) })
	s.read(t, &s.addresses)
	if s.GRPC == "" || s.Sim == "" {
		t.Fatalf("the stack's first line has no addresses: %+v", s.addresses)
	}
	return s
}

// send writes one command without waiting for its answer.
func (s *stack) send(t *testing.T, command string) {
	t.Helper()
	if _, err := io.WriteString(s.stdin, command+"\n"); err != nil {
		t.Fatalf("writing %q to the stack: %v", command, err)
	}
}

// read decodes the stack's next line into out.
func (s *stack) read(t *testing.T, out any) {
	t.Helper()
	line, ok := nextLine(t, s.lines, stackTimeout, "the stack to answer; stderr:\n%s", &s.stderr)
	if !ok {
		t.Fatalf("the stack ended its output early; stderr:\n%s", s.stderr.String())
	}
	if err := json.Unmarshal([]byte(line), out); err != nil {
		t.Fatalf("the stack answered %q: %v", line, err)
	}
}

// finishRestart reads the answer of a restart sent before.
func (s *stack) finishRestart(t *testing.T) {
	t.Helper()
	var answer struct {
		Restarted bool   `json:"restarted"`
		Error     string `json:"error"`
	}
	s.read(t, &answer)
	if !answer.Restarted {
		t.Fatalf("the gateway did not restart: %s; stderr:\n%s", answer.Error, s.stderr.String())
	}
}

// stop stops the stack and fails the test unless the gateway exited 0.
func (s *stack) stop(t *testing.T) {
	t.Helper()
	s.send(t, "stop")
	var answer struct {
		Stopped     bool `json:"stopped"`
		GatewayExit *int `json:"gateway_exit"`
	}
	s.read(t, &answer)
	s.stopped = true
	if !answer.Stopped || answer.GatewayExit == nil || *answer.GatewayExit != 0 {
		t.Errorf("the stack stopped with %+v; stderr:\n%s", answer, s.stderr.String())
	}
	if err := s.wait(); err != nil {
		t.Errorf("hitl-e2e-stack: %v", err)
	}
}

// cleanUp ends a stack the test did not stop (end of input stops it).
func (s *stack) cleanUp(t *testing.T) {
	if s.stopped {
		return
	}
	_ = s.stdin.Close()
	if err := s.wait(); err != nil {
		t.Logf("hitl-e2e-stack: %v; stderr:\n%s", err, s.stderr.String())
	}
}

// wait waits for the process to exit, killing it after stackTimeout.
func (s *stack) wait() error {
	exited := make(chan error, 1)
	go func() {
		for range s.lines {
		}
		exited <- s.cmd.Wait()
	}()
	select {
	case err := <-exited:
		return err
	case <-time.After(stackTimeout):
		_ = s.cmd.Process.Kill()
		return fmt.Errorf("did not exit within %v: killed, %v", stackTimeout, <-exited)
	}
}

// lockedBuffer collects the stack's stderr.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
