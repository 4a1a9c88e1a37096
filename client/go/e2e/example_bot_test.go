package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The example bot as a user runs it, against the real gateway and
// livechat-sim (tests/e2e/CLIENT_SCENARIO.md, "The example bots").

const botLineTimeout = 15 * time.Second

// exampleBot is examples/bot running as a child process.
type exampleBot struct {
	cmd   *exec.Cmd
	lines <-chan string // stdout, line by line; closed at its end
}

// The examples/bot binary, built once for the package's tests into botDir,
// which TestMain removes.
var (
	buildBot  sync.Once
	botDir    string
	botBinary string
	botErr    error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if botDir != "" {
		_ = os.RemoveAll(botDir)
	}
	os.Exit(code)
}

// exampleBotBinary builds examples/bot, the first time, and returns its path.
func exampleBotBinary(t *testing.T) string {
	t.Helper()
	buildBot.Do(func() {
		if botDir, botErr = os.MkdirTemp("", "hitl-go-e2e-"); botErr != nil {
			return
		}
		botBinary = filepath.Join(botDir, "bot")
		if out, err := exec.Command("go", "build", "-o", botBinary, "../examples/bot").CombinedOutput(); err != nil {
			botErr = fmt.Errorf("%v\n%s", err, out)
		}
	})
	if botErr != nil {
		t.Fatalf("building examples/bot: %v", botErr)
	}
	return botBinary
}

// startExampleBot runs examples/bot (built once) against addr with lines.
func startExampleBot(t *testing.T, addr string, lines ...string) *exampleBot {
	t.Helper()
	b := &exampleBot{}
	b.cmd = exec.Command(exampleBotBinary(t), append([]string{"--address", addr}, lines...)...)
	b.cmd.Stderr = os.Stderr
	stdout, err := b.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := b.cmd.Start(); err != nil {
		t.Fatalf("starting the bot: %v", err)
	}
	b.lines = readLines(stdout)
	t.Cleanup(func() {
		_ = b.cmd.Process.Kill()
		if b.cmd.ProcessState == nil { // not waited for yet
			_ = b.cmd.Wait()
		}
	})
	return b
}

// expectLine returns the bot's next line, which must start with prefix.
func (b *exampleBot) expectLine(t *testing.T, prefix string) string {
	t.Helper()
	line, ok := nextLine(t, b.lines, botLineTimeout, "the bot to print %q", prefix)
	if !ok {
		t.Fatalf("the bot exited before printing %q", prefix)
	}
	if !strings.HasPrefix(line, prefix) {
		t.Fatalf("the bot printed %q, want %q...", line, prefix)
	}
	return line
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
			if err := b.cmd.Wait(); err != nil {
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
	simulator.waitText(t, chatID, "Where is order 4411?", 10*time.Second)
	return bot, simulator, chatID
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
