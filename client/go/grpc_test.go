package hitl

import (
	"context"
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/hitl-gateway/hitl-gateway/client/go/hitlv1"
)

// These tests run the client against an in-process gRPC server, to check
// what the fakes assume of grpc-go: how headers, trailers-only answers and
// a closed connection look to the client, and that gRPC itself does not
// retry.

// grpcServer answers SendMessage and SubscribeAgentEvents with its funcs.
type grpcServer struct {
	hitlv1.UnimplementedHitlServiceServer

	send      func(*hitlv1.SendMessageRequest) (*hitlv1.SendMessageResponse, error)
	subscribe func(call int, stream grpc.ServerStreamingServer[hitlv1.AgentEvent]) error

	mu         sync.Mutex
	sends      []*hitlv1.SendMessageRequest
	subscribes int
}

func (s *grpcServer) SendMessage(_ context.Context, r *hitlv1.SendMessageRequest) (*hitlv1.SendMessageResponse, error) {
	s.mu.Lock()
	s.sends = append(s.sends, r)
	s.mu.Unlock()
	return s.send(r)
}

func (s *grpcServer) SubscribeAgentEvents(_ *hitlv1.SubscribeAgentEventsRequest,
	stream grpc.ServerStreamingServer[hitlv1.AgentEvent]) error {
	s.mu.Lock()
	s.subscribes++
	call := s.subscribes
	s.mu.Unlock()
	return s.subscribe(call, stream)
}

// serve starts server on a loopback port and returns a client of it.
func serve(t *testing.T, server *grpcServer, opts ...Option) *Client {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := grpc.NewServer()
	hitlv1.RegisterHitlServiceServer(s, server)
	go func() { _ = s.Serve(listener) }()
	t.Cleanup(s.Stop)
	client, err := Dial(context.Background(), listener.Addr().String(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Close() })
	return client
}

// inPlace confirms a subscription starting after start, then holds it open.
func inPlace(start string, stream grpc.ServerStreamingServer[hitlv1.AgentEvent]) error {
	if err := stream.SendHeader(metadata.Pairs(cursorHeader, start)); err != nil {
		return err
	}
	<-stream.Context().Done()
	return nil
}

func TestGRPCClosingTheClientEndsAnOpenStreamWithCanceled(t *testing.T) {
	server := &grpcServer{subscribe: func(_ int, stream grpc.ServerStreamingServer[hitlv1.AgentEvent]) error {
		return inPlace(cursor(5), stream)
	}}
	client := serve(t, server)
	s := client.Events(context.Background(), EventsOptions{})
	if err := ready(t, s); err != nil {
		t.Fatalf("Ready = %v", err)
	}
	if s.Cursor() != cursor(5) {
		t.Errorf("Cursor() = %q, want the header's %q", s.Cursor(), cursor(5))
	}
	if err := client.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := end(t, s); err != context.Canceled {
		t.Errorf("after the client's Close, Next = %v, want context.Canceled", err)
	}
}

func TestGRPCReadyWaitsThroughATrailersOnlyUnavailable(t *testing.T) {
	server := &grpcServer{subscribe: func(call int, stream grpc.ServerStreamingServer[hitlv1.AgentEvent]) error {
		if call == 1 {
			return status.Error(codes.Unavailable, "starting") // no headers
		}
		return inPlace(cursor(5), stream)
	}}
	client := serve(t, server)
	s := client.Events(context.Background(), EventsOptions{})
	defer s.Close()
	if err := ready(t, s); err != nil {
		t.Fatalf("Ready = %v", err)
	}
	server.mu.Lock()
	defer server.mu.Unlock()
	if server.subscribes != 2 {
		t.Errorf("Ready returned after %d calls, want 2", server.subscribes)
	}
}

func TestGRPCUnaryCallsAreRetriedByTheClientAloneWithTheSameRequest(t *testing.T) {
	server := &grpcServer{send: func(*hitlv1.SendMessageRequest) (*hitlv1.SendMessageResponse, error) {
		return nil, status.Error(codes.Unavailable, "overloaded")
	}}
	client := serve(t, server, WithTimeout(300*time.Millisecond))
	var mu sync.Mutex
	retries := 0
	client.delay = func(int) time.Duration {
		mu.Lock()
		defer mu.Unlock()
		retries++
		return 10 * time.Millisecond
	}
	started := time.Now()
	_, err := client.Send(context.Background(), "s-1", "hello")
	// The last attempt may have started just before the deadline and run
	// into it.
	var e *Error
	if !errors.As(err, &e) || (e.Message != "overloaded" && e.Code != codes.DeadlineExceeded) {
		t.Fatalf("Send = %v, want the server's UNAVAILABLE or DEADLINE_EXCEEDED", err)
	}
	if took := time.Since(started); took < 250*time.Millisecond || took > 2*time.Second {
		t.Errorf("Send gave up after %v, want about its 300 ms deadline", took)
	}
	server.mu.Lock()
	defer server.mu.Unlock()
	mu.Lock()
	defer mu.Unlock()
	// Each attempt of the client's loop reached the server once: gRPC did
	// not retry on its own. (The delay is asked after every attempt that
	// failed with UNAVAILABLE, so not after one cut by the deadline.)
	if len(server.sends) < 5 || len(server.sends) < retries || len(server.sends) > retries+1 {
		t.Errorf("the server saw %d attempts, the client's loop made %d", len(server.sends), retries)
	}
	for _, r := range server.sends {
		if r.GetRequestId() == "" || r.GetRequestId() != server.sends[0].GetRequestId() {
			t.Errorf("request_id %q, want the first attempt's %q", r.GetRequestId(), server.sends[0].GetRequestId())
		}
	}
}

func TestGRPCSendGoesThroughAGatewayOutageOfASecond(t *testing.T) {
	// A port with no server yet: the gateway is being rolled out.
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := listener.Addr().String()
	listener.Close()
	client, err := Dial(context.Background(), addr, WithTimeout(5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	server := &grpcServer{send: func(*hitlv1.SendMessageRequest) (*hitlv1.SendMessageResponse, error) {
		return &hitlv1.SendMessageResponse{EventIds: []string{"e-1"}}, nil
	}}
	s := grpc.NewServer()
	hitlv1.RegisterHitlServiceServer(s, server)
	defer s.Stop()
	listening := make(chan error, 1)
	go func() {
		time.Sleep(time.Second)
		listener, err := net.Listen("tcp", addr)
		listening <- err
		if err == nil {
			_ = s.Serve(listener)
		}
	}()
	started := time.Now()
	_, err = client.Send(context.Background(), "s-1", "hello")
	took := time.Since(started)
	if err := <-listening; err != nil {
		t.Fatalf("listening again on %s: %v", addr, err)
	}
	if err != nil {
		t.Fatalf("Send = %v after %v, want success once the gateway is back", err, took)
	}
	if took < time.Second {
		t.Errorf("Send succeeded after %v, before the gateway was back", took)
	}
}

func TestGRPCCallsAfterCloseAreCanceled(t *testing.T) {
	client := serve(t, &grpcServer{send: func(*hitlv1.SendMessageRequest) (*hitlv1.SendMessageResponse, error) {
		return &hitlv1.SendMessageResponse{}, nil
	}})
	_ = client.Close()
	_, err := client.Send(context.Background(), "s-1", "hello")
	var e *Error
	if !errors.As(err, &e) || e.Code != codes.Canceled {
		t.Fatalf("Send after Close = %v, want an *Error with codes.Canceled", err)
	}
}

func TestGRPCCloseCutsShortACallWaitingToRetry(t *testing.T) {
	client := serve(t, &grpcServer{send: func(*hitlv1.SendMessageRequest) (*hitlv1.SendMessageResponse, error) {
		return nil, status.Error(codes.Unavailable, "restarting")
	}}, WithTimeout(time.Minute))
	client.delay = func(int) time.Duration { return 30 * time.Second }
	failed := make(chan error, 1)
	go func() {
		_, err := client.Send(context.Background(), "s-1", "hello")
		failed <- err
	}()
	time.Sleep(300 * time.Millisecond) // waiting 30 s to retry
	closedAt := time.Now()
	_ = client.Close()
	select {
	case err := <-failed:
		var e *Error
		if !errors.As(err, &e) || e.Code != codes.Canceled {
			t.Fatalf("Send = %v, want codes.Canceled", err)
		}
		if waited := time.Since(closedAt); waited > time.Second {
			t.Fatalf("Send ended %v after Close", waited)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("Send still waiting 10 s after Close")
	}
}
