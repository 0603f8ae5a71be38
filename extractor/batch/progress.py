"""Batch progress: a carriage-return status line on a terminal, plain log lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import TextIO


def _clock(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}"


class Progress:
    """Documents and pages done, pages/s, ETA and failures of one run.

    On a terminal (``stream.isatty()``) one line is redrawn in place and only failures are
    printed above it; otherwise every finished document is a log line, and a summary line
    comes every ``log_every`` documents or ``log_seconds`` seconds.
    """

    def __init__(self, total_docs: int, total_pages: int, *, stream: TextIO | None = None,
                 tty: bool | None = None, log_every: int = 10, log_seconds: float = 30.0) -> None:
        self.stream = stream or sys.stdout
        self.tty = self.stream.isatty() if tty is None else tty
        self.total_docs = total_docs
        self.total_pages = total_pages
        self.docs = 0
        self.pages = 0
        self.failures = 0
        self.start = time.perf_counter()
        self.log_every = log_every
        self.log_seconds = log_seconds
        self._last_log = self.start
        self._width = 0

    def rate(self) -> float:
        elapsed = time.perf_counter() - self.start
        return self.pages / elapsed if elapsed > 0 else 0.0

    def line(self) -> str:
        rate = self.rate()
        left = max(0, self.total_pages - self.pages)
        eta = _clock(left / rate) if rate > 0 and self.docs < self.total_docs else "-"
        if self.docs >= self.total_docs:
            eta = "0:00:00"
        return (f"{self.docs}/{self.total_docs} documents, {self.pages}/{self.total_pages} pages"
                f" | {rate:.2f} pages/s | ETA {eta} | {self.failures} failed")

    def _draw(self) -> None:
        text = self.line()
        pad = max(0, self._width - len(text))
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()
        self._width = len(text)

    def _clear(self) -> None:
        if self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self._width = 0

    def note(self, message: str) -> None:
        """A line that must be seen (a failure, a recovered document ...)."""
        if self.tty:
            self._clear()
            self.stream.write(message + "\n")
            self._draw()
        else:
            self.stream.write(message + "\n")
            self.stream.flush()

    def started(self) -> None:
        if self.tty:
            self._draw()

    def done(self, pages: int, failed: bool, message: str) -> None:
        """One document finished; ``message`` is its summary or error line."""
        self.docs += 1
        self.pages += pages
        self.failures += int(failed)
        if self.tty:
            if failed:
                self.note(message)
            else:
                self._draw()
            return
        self.stream.write(message + "\n")
        now = time.perf_counter()
        if (self.docs % self.log_every == 0 or now - self._last_log >= self.log_seconds
                or self.docs == self.total_docs):
            self.stream.write(f"progress: {self.line()}\n")
            self._last_log = now
        self.stream.flush()

    def close(self) -> None:
        if self.tty and self._width:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()
            self._width = 0
