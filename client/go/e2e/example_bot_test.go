package e2e

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The example bot as a user runs it, against the real gateway and
// livechat-sim (tests/e2e/CLIENT_SCENARIO.md, "The example bots").

const botLineTimeout = 15 * time.Second

// exampleBot is examples/bot running as a child process.
type exampleBot struct {
	cmd    *exec.Cmd
	lines  chan string // stdout, line by line; closed at its end
	exited chan error
}

// startExampleBot builds examples/bot and runs it against addr with lines.
func startExampleBot(t *testing.T, addr string, lines ...string) *exampleBot {
	t.Helper()
	binary := filepath.Join(t.TempDir(), "bot")
	if out, err := exec.Command("go", "build", "-o", binary, "../examples/bot").CombinedOutput(); err != nil {
		t.Fatalf("building examples/bot: %v\n%s", err, out)
	}
	b := &exampleBot{lines: make(chan string, 16), exited: make(chan error, 1)}
	b.cmd = exec.Command(binary, append([]string{"--address", addr}, lines...)...)
	b.cmd.Stderr = os.Stderr
	stdout, err := b.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := b.cmd.Start(); err != nil {
		t.Fatalf("starting the bot: %v", err)
	}
	go func() {
		defer close(b.lines)
		scanner := bufio.NewScanner(stdout)
		for scanner.Scan() {
			b.lines <- scanner.Text()
		}
		b.exited <- b.cmd.Wait()
	}()
	t.Cleanup(func() { _ = b.cmd.Process.Kill() })
	return b
}

// expectLine returns the bot's next line, which must start with prefix.
func (b *exampleBot) expectLine(t *testing.T, prefix string) string {
	t.Helper()
	select {
	case line, ok := <-b.lines:
		if !ok {
			t.Fatalf("the bot exited before printing %q", prefix)
		}
		if !strings.HasPrefix(line, prefix) {
			t.Fatalf("the bot printed %q, want %q...", line, prefix)
		}
		return line
	case <-time.After(botLineTimeout):
		t.Fatalf("the bot did not print %q within %v", prefix, botLineTimeout)
	}
	return ""
}

// expectSuccess waits for the bot to exit, which must be with status 0.
func (b *exampleBot) expectSuccess(t *testing.T) {
	t.Helper()
	timeout := time.After(botLineTimeout)
	for {
		select {
		case _, more := <-b.lines:
			if more {
				continue
			}
			if err := <-b.exited; err != nil {
				t.Fatalf("the bot exited with %v", err)
			}
			return
		case <-timeout:
			t.Fatalf("the bot did not exit within %v", botLineTimeout)
		}
	}
}

// startedExampleBot starts a stack and the bot with one line, and returns
// once the agent has that line.
func startedExampleBot(t *testing.T) (*exampleBot, *sim, string) {
	s := startStack(t)
	simulator := newSim(s.Sim)
	bot := startExampleBot(t, s.GRPC, "Where is order 4411?")
	started := bot.expectLine(t, "handoff started: session ")
	chatID := started[strings.LastIndex(started, " ")+1:]
	bot.expectLine(t, "(now with "+jane+")")
	deadline := time.Now().Add(10 * time.Second)
	for !hasText(simulator.chat(t, chatID).lastThread(t), "Where is order 4411?") {
		if time.Now().After(deadline) {
			t.Fatalf("the bot's line never reached the chat")
		}
		time.Sleep(50 * time.Millisecond)
	}
	return bot, simulator, chatID
}

func hasText(events []simEvent, text string) bool {
	for _, event := range events {
		if event.Text == text {
			return true
		}
	}
	return false
}

func TestExampleBotPrintsTheAgentsEventsAndEndsWithTheChat(t *testing.T) {
	bot, simulator, chatID := startedExampleBot(t)
	simulator.agentMessage(t, chatID, "It ships tomorrow.")
	bot.expectLine(t, jane+": It ships tomorrow.")
	simulator.close(t, chatID, jane)
	bot.expectLine(t, "(ended by the agent)")
	bot.expectSuccess(t)
}

func TestExampleBotStopsTheHandoffOnCtrlC(t *testing.T) {
	bot, simulator, chatID := startedExampleBot(t)
	if err := bot.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	bot.expectLine(t, "stopping the handoff")
	bot.expectLine(t, "(ended by the bot)")
	bot.expectSuccess(t)
	if simulator.chat(t, chatID).Active {
		t.Fatalf("the chat is still active after the bot stopped the handoff")
	}
}
