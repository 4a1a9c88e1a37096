"""hitl-e2e-stack as a child process, driven over stdin/stdout with a
deadline on every answer (tests/e2e/CLIENT_SCENARIO.md)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from lines import LineReader

_ROOT = Path(__file__).resolve().parents[3]
STACK_BIN = os.environ.get("HITL_E2E_STACK", str(_ROOT / "build/tests/hitl-e2e-stack"))
GATEWAY_BIN = os.environ.get("HITL_GATEWAY_BIN", str(_ROOT / "build/server/hitl-gateway"))


class Stack:
    """livechat-sim and hitl-gateway on loopback ports. The constructor
    returns once the stack printed its addresses (it is then ready)."""

    def __init__(self, *args: str, timeout: float = 30.0) -> None:
        for binary in (STACK_BIN, GATEWAY_BIN):
            if not os.access(binary, os.X_OK):
                raise AssertionError(f"{binary} is not built (see HITL_E2E_STACK, HITL_GATEWAY_BIN)")
        self._process = subprocess.Popen(
            [STACK_BIN, "--gateway", GATEWAY_BIN, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        self._lines = LineReader(self._process.stdout, "hitl-e2e-stack")
        addresses = self.answer(timeout)
        self.grpc: str = addresses["grpc"]
        self.sim: str = addresses["sim"]
        self.ca_file: str | None = addresses.get("ca_file")

    def request(self, command: str) -> None:
        """Sends a command (`restart`, `stop`) without waiting for its answer."""
        assert self._process.stdin is not None
        self._process.stdin.write(command + "\n")
        self._process.stdin.flush()

    def answer(self, timeout: float = 30.0) -> dict[str, Any]:
        """The next JSON line the stack prints."""
        line = self._lines.next(timeout)
        if line is None:
            raise AssertionError(f"hitl-e2e-stack exited ({self._process.poll()}) without answering")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def stop(self, timeout: float = 30.0) -> int:
        """Stops everything; returns the gateway's exit status."""
        self.request("stop")
        answer = self.answer(timeout)
        assert answer["stopped"] is True, answer
        self._process.wait(timeout)
        return int(answer["gateway_exit"])

    def kill(self) -> None:
        """Ends the stack if a test did not stop it (end of input stops it)."""
        if self._process.poll() is None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            try:
                self._process.wait(30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(10)
