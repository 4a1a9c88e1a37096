// Command bot is an example bot built on the hitl client. It hands its
// conversation over to a human agent, sends each line argument (or, without
// any, each line typed on stdin) to the agent as the user's message, and
// prints what the agent does as it happens. Ctrl-C stops the handoff; the bot
// exits once the session has ended, whoever ended it.
//
//	go run ./examples/bot --address 127.0.0.1:50051 [--token T] [--tls | --ca-file PEM] [line...]
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

	hitl "github.com/hitl-gateway/hitl-gateway/client/go"
)

func main() {
	addr := flag.String("address", envOr("HITL_ADDR", "127.0.0.1:50051"), "gateway address (host:port)")
	token := flag.String("token", os.Getenv("HITL_TOKEN"), "API token, if the gateway requires one")
	useTLS := flag.Bool("tls", false, "connect over TLS, trusting the system's roots")
	caFile := flag.String("ca-file", os.Getenv("HITL_CA_FILE"), "connect over TLS, trusting this PEM file")
	userID := flag.String("user-id", "example-user", "the end user's id")
	name := flag.String("name", "Ada Lovelace", "the end user's name")
	email := flag.String("email", "ada@example.com", "the end user's e-mail")
	flag.Parse()

	opts, err := options(*token, *useTLS, *caFile)
	if err == nil {
		err = run(*addr, opts, *userID, *name, *email, flag.Args())
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bot:", err)
		os.Exit(1)
	}
}

// run starts the handoff and prints the agent's events until the session
// ends; the first Ctrl-C stops the handoff, a second one quits at once.
func run(addr string, opts []hitl.Option, userID, name, email string, lines []string) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
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
		Properties: map[string]string{"source": "example-bot"},
	})
	if err != nil {
		return fmt.Errorf("starting the handoff: %w", err)
	}
	id := session.GetSessionId()
	fmt.Printf("handoff started: session %s, chat %s\n", id, session.GetChatId())

	stream := client.Events(ctx, hitl.EventsOptions{SessionIDs: []string{id}})
	defer stream.Close()
	stopFailed := make(chan error, 1)
	go stopOnCtrlC(ctx, cancel, client, id, stopFailed)
	go relay(ctx, client, id, lines)
	for {
		event, err := stream.Next(ctx)
		switch {
		case err == nil:
			fmt.Println(describe(event))
		case errors.Is(err, io.EOF):
			return nil // the session ended; its event was printed
		case ctx.Err() != nil:
			select {
			case err := <-stopFailed:
				return fmt.Errorf("stopping the handoff: %w", err)
			default:
				return errors.New("interrupted")
			}
		default:
			return fmt.Errorf("receiving agent events: %w", err)
		}
	}
}

// stopOnCtrlC stops the handoff on the first Ctrl-C (its end then finishes
// the event stream) and cancels ctx on a second one or if stopping fails.
func stopOnCtrlC(ctx context.Context, cancel context.CancelFunc, client *hitl.Client, sessionID string,
	stopFailed chan<- error) {
	interrupts := make(chan os.Signal, 2)
	signal.Notify(interrupts, os.Interrupt)
	defer signal.Stop(interrupts)
	select {
	case <-interrupts:
	case <-ctx.Done():
		return
	}
	fmt.Println("stopping the handoff")
	go func() {
		select {
		case <-interrupts:
			cancel()
		case <-ctx.Done():
		}
	}()
	if _, err := client.Stop(ctx, sessionID, "the user left"); err != nil {
		stopFailed <- err
		cancel()
	}
}

// relay sends lines, or else what is typed on stdin, as the user's messages.
func relay(ctx context.Context, client *hitl.Client, sessionID string, lines []string) {
	send := func(text string) {
		if text == "" {
			return
		}
		if _, err := client.Send(ctx, sessionID, text); err != nil {
			fmt.Fprintln(os.Stderr, "bot: not sent:", err)
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
func options(token string, useTLS bool, caFile string) ([]hitl.Option, error) {
	var opts []hitl.Option
	if token != "" {
		opts = append(opts, hitl.WithToken(token))
	}
	switch {
	case caFile != "":
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, err
		}
		roots := x509.NewCertPool()
		if !roots.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("no PEM certificate in %s", caFile)
		}
		opts = append(opts, hitl.WithTLS(&tls.Config{RootCAs: roots}))
	case useTLS:
		opts = append(opts, hitl.WithTLS(nil))
	}
	return opts, nil
}

func envOr(name, fallback string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	return fallback
}
