"""Reads a child process's output line by line on a thread, so that a test
waits for each line with a deadline."""

from __future__ import annotations

import queue
import threading
from typing import IO


class LineReader:
    """The lines of `stream` (without their newline), read on a daemon
    thread; `who` names the writer in the message of a timeout."""

    def __init__(self, stream: IO[str], who: str) -> None:
        self._who = who
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def next(self, timeout: float) -> str | None:
        """The next line; None at the end of the stream. Fails if nothing
        comes within `timeout` seconds."""
        try:
            return self._lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"{self._who} printed nothing within {timeout} s") from None

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)
