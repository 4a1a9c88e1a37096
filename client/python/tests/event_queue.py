"""Reads an AgentEventStream on a thread, so that a test waits for each
event with a deadline."""

from __future__ import annotations

import queue
import threading
from hitl_gateway import AgentEvent, AgentEventStream

_END = object()


class EventQueue:
    def __init__(self, stream: AgentEventStream) -> None:
        self.stream = stream
        self._items: queue.Queue[object] = queue.Queue()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def next(self, timeout: float = 10.0) -> AgentEvent:
        """The next event; fails if the stream ends or raises first."""
        item = self._get(timeout)
        assert item is not _END, "the event stream ended"
        assert isinstance(item, AgentEvent), item
        return item

    def expect_end(self, timeout: float = 10.0) -> None:
        """Fails unless the stream ends next, without an error."""
        item = self._get(timeout)
        assert item is _END, f"expected the end of the stream, got {item}"

    def close(self, timeout: float = 10.0) -> None:
        self.stream.close()
        self._thread.join(timeout)
        assert not self._thread.is_alive(), "the stream did not stop after close()"

    def _get(self, timeout: float) -> object:
        try:
            item = self._items.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no event within {timeout} s") from None
        if isinstance(item, BaseException):
            raise item
        return item

    def _read(self) -> None:
        try:
            for event in self.stream:
                self._items.put(event)
        except BaseException as error:  # handed to the test's thread
            self._items.put(error)
            return
        self._items.put(_END)
