"""A one-line progress indicator on stderr for long runs, only on a terminal (never when piped)."""
from __future__ import annotations

import os
import stat
import sys
import threading
import time
from types import TracebackType
from typing import IO


class Progress:
    """``vcx: auditing 4,213 files... 3s`` after ``delay`` seconds, redrawn in place, erased at the end.

    ``advance()`` (when the caller can tell) adds a count of files done.
    """

    def __init__(
            self,
            total: int,
            enabled: bool = True,
            stream: IO[str] | None = None,
            delay: float = 1.0,
            interval: float = 0.25,
    ) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.enabled = enabled and total > 0 and _is_terminal(self.stream)
        self.delay = delay
        self.interval = interval
        self.done = 0
        self.shown = False
        self._start = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Progress:
        if self.enabled:
            self._start = time.monotonic()
            self._thread = threading.Thread(target=self._run, name='vcx-progress', daemon=True)
            self._thread.start()
        return self

    def __exit__(
            self,
            exc_type: type[BaseException] | None,
            exc: BaseException | None,
            tb: TracebackType | None,
    ) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
        if self.shown:
            self.stream.write('\r\033[K')
            self.stream.flush()

    def advance(self, count: int = 1) -> None:
        self.done += count

    def line(self) -> str:
        elapsed = int(time.monotonic() - self._start)
        done = f'{self.done:,}/' if self.done else ''
        return f'vcx: auditing {done}{self.total:,} file{"" if self.total == 1 else "s"}... {elapsed}s'

    def _run(self) -> None:
        if self._stop.wait(self.delay):
            return
        while True:
            self.stream.write(f'\r\033[K{self.line()}')
            self.stream.flush()
            self.shown = True
            if self._stop.wait(self.interval):
                return


def _is_terminal(stream: IO[str]) -> bool:
    """``stream`` is a terminal, and stdout is not piped to a pager or another program."""
    if os.environ.get('TERM') == 'dumb':
        return False
    try:
        if not stream.isatty():
            return False
        return not stat.S_ISFIFO(os.fstat(sys.stdout.fileno()).st_mode)
    except (AttributeError, ValueError, OSError):
        return False
