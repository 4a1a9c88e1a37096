// Package hitl is the Go client of hitl-gateway: a bot hands a conversation
// over to a human agent in LiveChat and streams the agent's events back.
//
// It is a thin layer over the generated stubs of package hitlv1 (the
// hitl.v1.HitlService API): it adds per-call deadlines, retries of calls
// that fail with UNAVAILABLE until their deadline, an optional bearer token
// and TLS, idempotency keys on every mutation, one error type that exposes
// the gateway's google.rpc.ErrorInfo, and an agent-event stream that
// resumes from its last cursor after a disconnect or a gateway restart,
// without losing or repeating an event. It behaves as the repository's
// Python and Node clients do (docs/CLIENTS.md, the client contract).
//
//	client, err := hitl.Dial(ctx, "127.0.0.1:50051", hitl.WithToken(token))
//	if err != nil { ... }
//	defer client.Close()
//	session, err := client.Start(ctx, hitl.StartRequest{
//		UserID: "u-42", UserName: "Ada", Title: "Refund",
//		Transcript: []hitl.TranscriptLine{{Role: hitl.RoleUser, Text: "My parcel never came"}},
//	})
//	stream := client.Events(ctx, hitl.EventsOptions{SessionIDs: []string{session.GetSessionId()}})
//	defer stream.Close()
//	// A stream of every session (no SessionIDs) starts from "now": to
//	// follow one before starting a session, wait for stream.Ready(ctx).
//	for {
//		event, err := stream.Next(ctx)
//		if err == io.EOF { break } // every session of the stream ended
//		if err != nil { ... }
//		...
//	}
package hitl
