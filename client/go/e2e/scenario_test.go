// Package e2e runs tests/e2e/CLIENT_SCENARIO.md through the Go client against
// the real hitl-gateway and livechat-sim, started by hitl-e2e-stack.
package e2e

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"os"
	"slices"
	"testing"
	"time"

	"google.golang.org/grpc/codes"

	hitl "github.com/hitl-gateway/hitl-gateway/client/go"
	"github.com/hitl-gateway/hitl-gateway/client/go/hitlv1"
)

const (
	jane = "jane.doe@example.com"
	john = "john.roe@example.com"
	// eventTimeout bounds each wait for an agent event.
	eventTimeout = 20 * time.Second
)

func dial(t *testing.T, addr string, opts ...hitl.Option) *hitl.Client {
	t.Helper()
	client, err := hitl.Dial(context.Background(), addr, append([]hitl.Option{hitl.WithTimeout(10 * time.Second)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Close() })
	return client
}

func startRequest() hitl.StartRequest {
	return hitl.StartRequest{
		UserID: "e2e-go", UserName: "Ada Go", UserEmail: "ada@example.com",
		Title: "E2E go", Description: "scenario",
		Transcript: []hitl.TranscriptLine{
			{Role: hitl.RoleUser, Text: "I need help"},
			{Role: hitl.RoleBot, Text: "Connecting you to a human"},
		},
		Properties: map[string]string{"lang": "go"},
	}
}

// events reads a stream and checks, across the whole run, that cursors
// strictly increase (so no event repeats).
type events struct {
	t       *testing.T
	stream  *hitl.EventStream
	cursors []string
}

func (e *events) next() *hitlv1.AgentEvent {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), eventTimeout)
	defer cancel()
	event, err := e.stream.Next(ctx)
	if err != nil {
		e.t.Fatalf("waiting for an agent event: %v", err)
	}
	if n := len(e.cursors); n > 0 && event.GetCursor() <= e.cursors[n-1] {
		e.t.Fatalf("cursor %s after %s: not increasing", event.GetCursor(), e.cursors[n-1])
	}
	e.cursors = append(e.cursors, event.GetCursor())
	return event
}

func (e *events) message(text, agentID string) {
	e.t.Helper()
	event := e.next()
	if m := event.GetAgentMessage(); m == nil || m.GetText() != text || m.GetAgentId() != agentID {
		e.t.Fatalf("got %v, want agent_message %q from %s", event, text, agentID)
	}
}

func (e *events) transferredTo(agentID string) {
	e.t.Helper()
	event := e.next()
	if tr := event.GetChatTransferred(); tr == nil || !slices.Contains(tr.GetAgentIds(), agentID) {
		e.t.Fatalf("got %v, want chat_transferred to %s", event, agentID)
	}
}

func wantError(t *testing.T, err error, code codes.Code, reason string) {
	t.Helper()
	var e *hitl.Error
	if !errors.As(err, &e) {
		t.Fatalf("got error %v, want a *hitl.Error %v %s", err, code, reason)
	}
	if e.Code != code || (reason != "" && e.Reason != reason) {
		t.Fatalf("got %v (%q), want %v %s", e.Code, e.Reason, code, reason)
	}
}

func TestScenario(t *testing.T) {
	ctx := context.Background()
	// 1. The stack, and a client with a 10 s deadline per call.
	stack := startStack(t)
	sim := newSim(stack.Sim)
	client := dial(t, stack.GRPC)

	// 2. Start a handoff; the chat has the customer and the transcript.
	session, err := client.Start(ctx, startRequest())
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	chatID, customerID := session.GetChatId(), session.GetCustomerId()
	if session.GetSessionId() == "" || chatID == "" {
		t.Fatalf("session without ids: %v", session)
	}
	chat := sim.chat(t, chatID)
	customer := slices.IndexFunc(chat.Users, func(u simUser) bool { return u.Type == "customer" })
	if customer < 0 || chat.Users[customer].ID != customerID || chat.Users[customer].Name != "Ada Go" {
		t.Fatalf("the chat's users %+v have no customer %s named Ada Go", chat.Users, customerID)
	}
	thread := chat.lastThread(t)
	need := slices.IndexFunc(thread, func(e simEvent) bool { return e.Text == "I need help" })
	human := slices.IndexFunc(thread, func(e simEvent) bool { return e.Text == "Connecting you to a human" })
	if need < 0 || human < need || thread[need].AuthorID != customerID {
		t.Fatalf("the transcript is not in the chat in order, by the customer: %+v", thread)
	}

	// 3. The agent-event stream of this session, from its start.
	stream := client.Events(ctx, hitl.EventsOptions{SessionIDs: []string{session.GetSessionId()}})
	defer stream.Close()
	agent := &events{t: t, stream: stream}

	// 4. Send: the customer's message is the chat's last event.
	ids, err := client.Send(ctx, session.GetSessionId(), "hello from go")
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	if len(ids) != 1 {
		t.Fatalf("Send returned event ids %v, want one", ids)
	}
	thread = sim.chat(t, chatID).lastThread(t)
	if last := thread[len(thread)-1]; last.Text != "hello from go" || last.AuthorID != customerID {
		t.Fatalf("the chat's last event is %+v, want the customer's message", last)
	}

	// 5-7. The routing at start, an agent's reply, a transfer.
	agent.transferredTo(jane)
	sim.agentMessage(t, chatID, "agent reply 1")
	agent.message("agent reply 1", jane)
	sim.transfer(t, chatID, john)
	agent.transferredTo(john)

	// 8. The gateway restarts under the open stream, which resumes by itself.
	// The webhook of "during restart" may have failed while the gateway was
	// down: wait for its retry to be answered before the agent writes again,
	// or the gateway could journal "after restart" first.
	stack.send(t, "restart")
	during := sim.agentMessage(t, chatID, "during restart")
	stack.finishRestart(t)
	sim.waitDelivered(t, during, eventTimeout)
	sim.agentMessage(t, chatID, "after restart")
	agent.message("during restart", john)
	agent.message("after restart", john)

	// 9. The agent closes the chat: the session ends, then the stream.
	sim.close(t, chatID, jane)
	event := agent.next()
	if ended := event.GetSessionEnded(); ended == nil || ended.GetEndedBy() != hitlv1.EndedBy_ENDED_BY_AGENT {
		t.Fatalf("got %v, want session_ended by the agent", event)
	}
	waitCtx, cancel := context.WithTimeout(ctx, eventTimeout)
	defer cancel()
	if event, err := stream.Next(waitCtx); err != io.EOF {
		t.Fatalf("after the end, Next = %v, %v; want io.EOF", event, err)
	}
	if stream.Cursor() != agent.cursors[len(agent.cursors)-1] {
		t.Errorf("Cursor() = %s, want the last event's %s", stream.Cursor(), agent.cursors[len(agent.cursors)-1])
	}

	// 10. Get: ended by the agent.
	got, err := client.Get(ctx, session.GetSessionId())
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if got.GetState() != hitlv1.SessionState_SESSION_STATE_ENDED || got.GetEndedBy() != hitlv1.EndedBy_ENDED_BY_AGENT {
		t.Fatalf("Get returned %v, want ended by the agent", got)
	}

	// 11. Errors carry their code and reason.
	_, err = client.Get(ctx, "no-such-session")
	wantError(t, err, codes.NotFound, "SESSION_NOT_FOUND")
	_, err = client.Send(ctx, session.GetSessionId(), "too late")
	wantError(t, err, codes.FailedPrecondition, "SESSION_ENDED")

	// 12. The gateway exits 0.
	stack.stop(t)
}

func TestBearerToken(t *testing.T) {
	stack := startStack(t, "--env", "HITL_API_TOKENS=e2e-token")
	_, err := dial(t, stack.GRPC).Get(context.Background(), "no-such-session")
	wantError(t, err, codes.Unauthenticated, "")
	_, err = dial(t, stack.GRPC, hitl.WithToken("e2e-token")).Get(context.Background(), "no-such-session")
	wantError(t, err, codes.NotFound, "SESSION_NOT_FOUND")
	stack.stop(t)
}

func TestTLS(t *testing.T) {
	stack := startStack(t, "--tls")
	pem, err := os.ReadFile(stack.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		t.Fatalf("no certificate in %s", stack.CAFile)
	}
	client := dial(t, stack.GRPC, hitl.WithTLS(&tls.Config{RootCAs: roots}))
	session, err := client.Start(context.Background(), startRequest())
	if err != nil {
		t.Fatalf("Start over TLS: %v", err)
	}
	if session.GetSessionId() == "" {
		t.Fatalf("session without id: %v", session)
	}
	stack.stop(t)
}

// A stream of every session, once Ready, has the events of a session started
// after it (the contract's "subscription in place").
func TestFollowEverySessionReadyThenStart(t *testing.T) {
	ctx := context.Background()
	stack := startStack(t)
	client := dial(t, stack.GRPC)
	stream := client.Events(ctx, hitl.EventsOptions{})
	defer stream.Close()
	readyCtx, cancel := context.WithTimeout(ctx, eventTimeout)
	defer cancel()
	if err := stream.Ready(readyCtx); err != nil {
		t.Fatalf("Ready: %v", err)
	}
	start := stream.Cursor()
	if start == "" {
		t.Fatalf("no cursor once Ready: the gateway sent no hitl-cursor header")
	}
	session, err := client.Start(ctx, startRequest())
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	agent := &events{t: t, stream: stream}
	event := agent.next()
	if event.GetSessionId() != session.GetSessionId() || event.GetCursor() <= start {
		t.Fatalf("first event %v, want one of session %s after %s", event, session.GetSessionId(), start)
	}
	if tr := event.GetChatTransferred(); tr == nil || !slices.Contains(tr.GetAgentIds(), jane) {
		t.Fatalf("got %v, want chat_transferred to %s", event, jane)
	}
	stream.Close()
	if _, err := stream.Next(ctx); err != context.Canceled {
		t.Fatalf("after Close, Next = %v, want context.Canceled", err)
	}
	stack.stop(t)
}
