// Package hitl is the Go client of hitl-gateway: a bot hands a conversation
// over to a human agent in LiveChat and streams the agent's events back.
//
// It is a thin layer over the generated stubs of package hitlv1 (the
// hitl.v1.HitlService API): it adds per-call deadlines, an optional bearer
// token and TLS, idempotency keys on every mutation, one error type that
// exposes the gateway's google.rpc.ErrorInfo, and an agent-event stream that
// resumes from its last cursor after a disconnect or a gateway restart,
// without losing or repeating an event.
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
//	for {
//		event, err := stream.Next(ctx)
//		if err == io.EOF { break } // every session of the stream ended
//		if err != nil { ... }
//		...
//	}
package hitl
