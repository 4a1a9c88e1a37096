// Command bot is an example bot built on the hitl client. It hands its
// conversation over to a human agent, relays what the user types (lines on
// stdin, or the arguments) to the agent, and prints what the agent does as
// it happens. It ends when the agent ends the chat; Ctrl-C stops the handoff.
//
//	go run ./examples/bot -addr 127.0.0.1:50051 [-token T] [-tls | -ca FILE] [line...]
//
// Flags default to the environment: HITL_ADDR, HITL_TOKEN, HITL_CA_FILE.
package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	hitl "github.com/hitl-gateway/hitl-gateway/client/go"
)

func main() {
	addr := flag.String("addr", envOr("HITL_ADDR", "127.0.0.1:50051"), "gateway address (host:port)")
	token := flag.String("token", os.Getenv("HITL_TOKEN"), "API token, if the gateway requires one")
	useTLS := flag.Bool("tls", false, "connect over TLS, trusting the system's roots")
	caFile := flag.String("ca", os.Getenv("HITL_CA_FILE"), "connect over TLS, trusting this PEM file")
	userID := flag.String("user-id", "demo-user", "the end user's id")
	name := flag.String("name", "Ada Lovelace", "the end user's name")
	email := flag.String("email", "ada@example.com", "the end user's e-mail")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *addr, options(*token, *useTLS, *caFile), *userID, *name, *email, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "bot:", err)
		os.Exit(1)
	}
}

// run starts the handoff and relays until the session ends or ctx is
// cancelled (Ctrl-C), which stops the handoff.
func run(ctx context.Context, addr string, opts []hitl.Option, userID, name, email string, lines []string) error {
	client, err := hitl.Dial(ctx, addr, opts...)
	if err != nil {
		return err
	}
	defer client.Close()
	session, err := client.Start(ctx, hitl.StartRequest{
		UserID: userID, UserName: name, UserEmail: email,
		Title: "Parcel not delivered", Description: "The user asked for a human.",
		Transcript: []hitl.TranscriptLine{
			{Role: hitl.RoleUser, Text: "My parcel never came."},
			{Role: hitl.RoleBot, Text: "Sorry about that! Let me get you a human."},
		},
		Properties: map[string]string{"channel": "example-bot"},
	})
	if err != nil {
		return fmt.Errorf("starting the handoff: %w", err)
	}
	id := session.GetSessionId()
	fmt.Printf("handoff started: session %s, chat %s. Type messages for the agent; Ctrl-C ends.\n",
		id, session.GetChatId())

	stream := client.Events(ctx, hitl.EventsOptions{SessionIDs: []string{id}})
	defer stream.Close()
	go relay(ctx, client, id, lines)
	for {
		event, err := stream.Next(ctx)
		switch {
		case err == nil:
			fmt.Println(describe(event))
		case errors.Is(err, io.EOF):
			return nil // the session ended; its event was printed
		case ctx.Err() != nil:
			// Ctrl-C: a fresh context, as ctx is done.
			if _, err := client.Stop(context.Background(), id, "the user left"); err != nil {
				return fmt.Errorf("stopping the handoff: %w", err)
			}
			fmt.Println("handoff stopped")
			return nil
		default:
			return fmt.Errorf("receiving agent events: %w", err)
		}
	}
}

// relay sends lines, or else what is typed on stdin, as the user's messages.
func relay(ctx context.Context, client *hitl.Client, sessionID string, lines []string) {
	send := func(text string) {
		if text == "" {
			return
		}
		if _, err := client.Send(ctx, sessionID, text); err != nil {
			fmt.Fprintln(os.Stderr, "bot: sending:", err)
		}
	}
	if len(lines) > 0 {
		for _, line := range lines {
			send(line)
		}
		return
	}
	scanner := bufio.NewScanner(os.Stdin)
	for scanner.Scan() {
		send(scanner.Text())
	}
}

// options turns the connection flags into client options.
func options(token string, useTLS bool, caFile string) []hitl.Option {
	var opts []hitl.Option
	if token != "" {
		opts = append(opts, hitl.WithToken(token))
	}
	switch {
	case caFile != "":
		pem, err := os.ReadFile(caFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bot:", err)
			os.Exit(2)
		}
		roots := x509.NewCertPool()
		if !roots.AppendCertsFromPEM(pem) {
			fmt.Fprintln(os.Stderr, "bot: no PEM certificate in", caFile)
			os.Exit(2)
		}
		opts = append(opts, hitl.WithTLS(&tls.Config{RootCAs: roots}))
	case useTLS:
		opts = append(opts, hitl.WithTLS(nil))
	}
	return opts
}

func envOr(name, fallback string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	return fallback
}
