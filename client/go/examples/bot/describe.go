package main

import (
	"fmt"
	"strings"

	"github.com/hitl-gateway/hitl-gateway/client/go/hitlv1"
)

// describe renders an agent event as one line for the terminal.
func describe(event *hitlv1.AgentEvent) string {
	switch {
	case event.GetAgentMessage() != nil:
		m := event.GetAgentMessage()
		return fmt.Sprintf("%s: %s", m.GetAgentId(), m.GetText())
	case event.GetAgentFile() != nil:
		f := event.GetAgentFile()
		return fmt.Sprintf("%s sent %s (%s): %s", f.GetAgentId(), f.GetName(), f.GetContentType(), f.GetUrl())
	case event.GetChatTransferred() != nil:
		t := event.GetChatTransferred()
		if q := t.GetQueue(); q != nil {
			return fmt.Sprintf("(queued, position %d)", q.GetPosition())
		}
		return fmt.Sprintf("(now with %s)", strings.Join(t.GetAgentIds(), ", "))
	case event.GetSessionEnded() != nil:
		return fmt.Sprintf("(ended by %s)", endedBy(event.GetSessionEnded().GetEndedBy()))
	default:
		return fmt.Sprintf("(event %s)", event.GetCursor())
	}
}

func endedBy(by hitlv1.EndedBy) string {
	switch by {
	case hitlv1.EndedBy_ENDED_BY_AGENT:
		return "the agent"
	case hitlv1.EndedBy_ENDED_BY_BOT:
		return "the bot"
	case hitlv1.EndedBy_ENDED_BY_LIVECHAT:
		return "LiveChat"
	default:
		return "an unknown party"
	}
}
