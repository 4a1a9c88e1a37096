package hitl

import (
	"context"

	"github.com/google/uuid"

	"github.com/hitl-gateway/hitl-gateway/client/go/hitlv1"
)

// Authors of transcript lines.
const (
	// RoleUser marks what the end user said; posted as the LiveChat customer.
	RoleUser = hitlv1.AuthorRole_AUTHOR_ROLE_USER
	// RoleBot marks what the bot said; posted as the gateway's agent.
	RoleBot = hitlv1.AuthorRole_AUTHOR_ROLE_BOT
)

// TranscriptLine is one message of the conversation before the handoff.
type TranscriptLine struct {
	// Role is RoleUser or RoleBot.
	Role hitlv1.AuthorRole
	// Text is the message, non-empty.
	Text string
}

// StartRequest describes a handoff to open.
type StartRequest struct {
	// UserID is the bot's own id of the end user. Required.
	UserID string
	// UserName is the customer's display name. Optional.
	UserName string
	// UserEmail is the customer's e-mail address. Optional.
	UserEmail string
	// Title is shown to the agent first. Optional.
	Title string
	// Description is appended to the title. Optional.
	Description string
	// Transcript is the conversation so far, oldest first (at most 200).
	Transcript []TranscriptLine
	// Properties are custom fields shown to the agent (at most 50).
	Properties map[string]string
	// GroupID routes the chat to this LiveChat group instead of the
	// gateway's; nil keeps the gateway's.
	GroupID *int64
	// RequestID makes a retried Start return the first call's session.
	// Empty: a new UUID, so the client's own retries are safe; set it to
	// retry a Start yourself (e.g. after your process restarts).
	RequestID string
}

// CallOption configures one call.
type CallOption func(*callSettings)

type callSettings struct {
	requestID string
}

// WithRequestID sets the call's idempotency key: a call retried with the
// same one has no second effect. Without it, each call gets a new UUID.
func WithRequestID(id string) CallOption {
	return func(s *callSettings) { s.requestID = id }
}

// Start opens a LiveChat chat for the end user with the transcript posted
// into it, and returns the new session.
func (c *Client) Start(ctx context.Context, r StartRequest) (*hitlv1.Session, error) {
	request := &hitlv1.StartHitlRequest{
		User:        &hitlv1.EndUser{Id: r.UserID, Name: r.UserName, Email: r.UserEmail},
		Title:       r.Title,
		Description: r.Description,
		Properties:  r.Properties,
		GroupId:     r.GroupID,
		RequestId:   requestIDOr(r.RequestID),
	}
	for _, line := range r.Transcript {
		request.Transcript = append(request.Transcript,
			&hitlv1.TranscriptMessage{Role: line.Role, Text: line.Text})
	}
	response, err := invoke(c, ctx, func(ctx context.Context) (*hitlv1.StartHitlResponse, error) {
		return c.stub.StartHitl(ctx, request)
	})
	if err != nil {
		return nil, err
	}
	return response.GetSession(), nil
}

// Send posts what the end user said into the session's chat, as the
// customer, and returns the LiveChat ids of the posted events (several when
// a long text was split).
func (c *Client) Send(ctx context.Context, sessionID, text string, opts ...CallOption) ([]string, error) {
	var s callSettings
	for _, opt := range opts {
		opt(&s)
	}
	request := &hitlv1.SendMessageRequest{SessionId: sessionID, Text: text, RequestId: requestIDOr(s.requestID)}
	response, err := invoke(c, ctx, func(ctx context.Context) (*hitlv1.SendMessageResponse, error) {
		return c.stub.SendMessage(ctx, request)
	})
	if err != nil {
		return nil, err
	}
	return response.GetEventIds(), nil
}

// Stop closes the session's chat, keeping reason as its end reason, and
// returns the ended session. Stopping an ended session returns it unchanged.
func (c *Client) Stop(ctx context.Context, sessionID, reason string) (*hitlv1.Session, error) {
	request := &hitlv1.StopHitlRequest{SessionId: sessionID, Reason: reason}
	response, err := invoke(c, ctx, func(ctx context.Context) (*hitlv1.StopHitlResponse, error) {
		return c.stub.StopHitl(ctx, request)
	})
	if err != nil {
		return nil, err
	}
	return response.GetSession(), nil
}

// Get returns the session as the gateway knows it now.
func (c *Client) Get(ctx context.Context, sessionID string) (*hitlv1.Session, error) {
	request := &hitlv1.GetSessionRequest{SessionId: sessionID}
	response, err := invoke(c, ctx, func(ctx context.Context) (*hitlv1.GetSessionResponse, error) {
		return c.stub.GetSession(ctx, request)
	})
	if err != nil {
		return nil, err
	}
	return response.GetSession(), nil
}

// requestIDOr returns id, or a new UUID if id is empty.
func requestIDOr(id string) string {
	if id != "" {
		return id
	}
	return uuid.NewString()
}
