package e2e

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"
)

// sim calls livechat-sim's control API, which plays the agent.
type sim struct {
	base   string
	client *http.Client
}

func newSim(base string) *sim {
	return &sim{base: base, client: &http.Client{Timeout: 10 * time.Second}}
}

// simChat is the part of GET /sim/chats/{id} the scenario checks.
type simChat struct {
	Active  bool      `json:"active"`
	Users   []simUser `json:"users"`
	Threads []struct {
		Events []simEvent `json:"events"`
	} `json:"threads"`
}

type simUser struct {
	ID   string `json:"id"`
	Type string `json:"type"`
	Name string `json:"name"`
}

type simEvent struct {
	Text     string `json:"text"`
	AuthorID string `json:"author_id"`
}

// lastThread returns the events of the chat's latest thread.
func (c *simChat) lastThread(t *testing.T) []simEvent {
	t.Helper()
	if len(c.Threads) == 0 {
		t.Fatalf("the chat has no thread")
	}
	return c.Threads[len(c.Threads)-1].Events
}

func (s *sim) chat(t *testing.T, chatID string) *simChat {
	t.Helper()
	var chat simChat
	s.call(t, http.MethodGet, "/sim/chats/"+chatID, nil, &chat)
	return &chat
}

// agentMessage has the assigned agent write text and returns its event id.
func (s *sim) agentMessage(t *testing.T, chatID, text string) string {
	t.Helper()
	var answer struct {
		EventID string `json:"event_id"`
	}
	s.call(t, http.MethodPost, "/sim/chats/"+chatID+"/agent_message", map[string]any{"text": text}, &answer)
	return answer.EventID
}

// waitDelivered waits until a webhook of the event was answered 200,
// polling the simulator's delivery log.
func (s *sim) waitDelivered(t *testing.T, eventID string, timeout time.Duration) {
	t.Helper()
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		var log struct {
			Deliveries []struct {
				EventID string `json:"event_id"`
				Status  int    `json:"status"`
			} `json:"deliveries"`
		}
		s.call(t, http.MethodGet, "/sim/webhooks", nil, &log)
		for _, d := range log.Deliveries {
			if d.EventID == eventID && d.Status == http.StatusOK {
				return
			}
		}
	}
	t.Fatalf("no webhook of event %s was answered 200 within %v", eventID, timeout)
}

// waitText waits until the chat's latest thread has an event with text,
// polling the simulator.
func (s *sim) waitText(t *testing.T, chatID, text string, timeout time.Duration) {
	t.Helper()
	for deadline := time.Now().Add(timeout); ; time.Sleep(50 * time.Millisecond) {
		if hasText(s.chat(t, chatID).lastThread(t), text) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%q did not reach chat %s within %v", text, chatID, timeout)
		}
	}
}

func hasText(events []simEvent, text string) bool {
	for _, event := range events {
		if event.Text == text {
			return true
		}
	}
	return false
}

func (s *sim) transfer(t *testing.T, chatID, agentID string) {
	t.Helper()
	s.call(t, http.MethodPost, "/sim/chats/"+chatID+"/transfer", map[string]any{"agent_ids": []string{agentID}}, nil)
}

func (s *sim) close(t *testing.T, chatID, agentID string) {
	t.Helper()
	s.call(t, http.MethodPost, "/sim/chats/"+chatID+"/close", map[string]any{"agent_id": agentID}, nil)
}

// call sends body (if any) as JSON and decodes the answer into out (if any).
func (s *sim) call(t *testing.T, method, path string, body, out any) {
	t.Helper()
	var reader io.Reader
	if body != nil {
		encoded, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		reader = bytes.NewReader(encoded)
	}
	request, err := http.NewRequest(method, s.base+path, reader)
	if err != nil {
		t.Fatal(err)
	}
	request.Header.Set("Content-Type", "application/json")
	response, err := s.client.Do(request)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer response.Body.Close()
	answer, err := io.ReadAll(response.Body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	if response.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: %s %s", method, path, response.Status, answer)
	}
	if out != nil {
		if err := json.Unmarshal(answer, out); err != nil {
			t.Fatalf("%s %s answered %s: %v", method, path, answer, err)
		}
	}
}
