"""examples/bot.py as a user runs it, against the real gateway and
livechat-sim: it relays its lines, prints the agent's events, and ends when
the agent closes the chat or on Ctrl-C (which stops the handoff)."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from lines import LineReader
from sim_control import SimControl
from stack import Stack

BOT = Path(__file__).resolve().parents[1] / "examples" / "bot.py"
JANE = "jane.doe@example.com"


class Bot:
    """The example bot as a child process, its stdout read line by line."""

    def __init__(self, address: str, *lines: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(BOT), "--address", address, *lines],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self._lines = LineReader(self.process.stdout, "the bot")

    def expect_line(self, starting: str, timeout: float = 15.0) -> str:
        """The next printed line, which must start with `starting`."""
        line = self._lines.next(timeout)
        assert line is not None, f"the bot exited ({self.process.poll()}) before {starting!r}"
        assert line.startswith(starting), line
        return line

    def exit_status(self, timeout: float = 15.0) -> int:
        return self.process.wait(timeout)


@pytest.fixture
def started(start_stack: Callable[..., Stack]) -> Iterator[tuple[Bot, SimControl, str]]:
    """The bot, started with one line to relay; the simulator; the chat id,
    once the agent has the bot's line."""
    stack = start_stack()
    sim = SimControl(stack.sim)
    bot = Bot(stack.grpc, "Where is order 4411?")
    try:
        chat_id = bot.expect_line("handoff started: session ").rsplit(" ", 1)[-1]
        bot.expect_line(f"(now with {JANE})")
        sim.wait_for_line(chat_id, "Where is order 4411?")
        yield bot, sim, chat_id
    finally:
        if bot.process.poll() is None:
            bot.process.kill()
            bot.process.wait()


def test_prints_the_agents_events_and_ends_with_the_chat(started: tuple[Bot, SimControl, str]) -> None:
    bot, sim, chat_id = started
    sim.agent_message(chat_id, "It ships tomorrow.")
    bot.expect_line(f"{JANE}: It ships tomorrow.")
    sim.close(chat_id, JANE)
    bot.expect_line("(ended by the agent)")
    assert bot.exit_status() == 0


def test_ctrl_c_stops_the_handoff(started: tuple[Bot, SimControl, str]) -> None:
    bot, sim, chat_id = started
    bot.process.send_signal(signal.SIGINT)
    bot.expect_line("stopping the handoff")
    bot.expect_line("(ended by the bot)")
    assert bot.exit_status() == 0
    assert sim.chat(chat_id)["active"] is False
