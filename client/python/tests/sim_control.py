"""The simulator's control API (<sim>/sim/...): plays the LiveChat agent."""

from __future__ import annotations

import json
import time
import urllib.request
from typing import Any


class SimControl:
    def __init__(self, base_url: str, timeout: float = 10.0) -> None:
        self._base_url = base_url
        self._timeout = timeout

    def chat(self, chat_id: str) -> dict[str, Any]:
        return self._call("GET", f"/sim/chats/{chat_id}")

    def agent_message(self, chat_id: str, text: str) -> dict[str, Any]:
        return self._call("POST", f"/sim/chats/{chat_id}/agent_message", {"text": text})

    def transfer(self, chat_id: str, agent_ids: list[str]) -> dict[str, Any]:
        return self._call("POST", f"/sim/chats/{chat_id}/transfer", {"agent_ids": agent_ids})

    def close(self, chat_id: str, agent_id: str) -> dict[str, Any]:
        return self._call("POST", f"/sim/chats/{chat_id}/close", {"agent_id": agent_id})

    def wait_delivered(self, event_id: str, timeout: float = 10.0) -> None:
        """Waits until the webhook of `event_id` was answered 200 by the
        gateway (a failed delivery is retried by the simulator later)."""
        deadline = time.monotonic() + timeout
        while not any(
            delivery.get("event_id") == event_id and delivery["status"] == 200
            for delivery in self._call("GET", "/sim/webhooks")["deliveries"]
        ):
            if time.monotonic() > deadline:
                raise AssertionError(f"the webhook of {event_id} was not delivered in {timeout} s")
            time.sleep(0.02)

    def wait_for_line(self, chat_id: str, text: str, timeout: float = 10.0) -> None:
        """Waits until the chat's current thread has an event with `text`."""
        deadline = time.monotonic() + timeout
        while not any(
            event.get("text") == text for event in self.chat(chat_id)["threads"][-1]["events"]
        ):
            assert time.monotonic() < deadline, f"{text!r} never reached the chat"
            time.sleep(0.05)

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        request = urllib.request.Request(
            self._base_url + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=self._timeout) as response:
            answer: dict[str, Any] = json.load(response)
            return answer
