"""A closed pipe ends quietly: ``technopole validate | head -1`` exits with the command's own
exit code, no ``BrokenPipeError`` traceback and no "Exception ignored" at exit.

When the reader of standard output goes away, the next write fails with ``BrokenPipeError``
(Python ignores SIGPIPE). As the Python documentation recommends (``signal``, "Note on
SIGPIPE"), standard output is then pointed at ``os.devnull``; here the write that failed is
dropped and the command runs on to its end, so its exit code is the one it would have had.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["quiet_pipe"]


class _Drop:
    """Standard output (text or its binary buffer) that turns a closed pipe into silence."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def _to_devnull(self) -> None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, self._stream.fileno())
        finally:
            os.close(devnull)

    def write(self, data: Any) -> int:
        try:
            return int(self._stream.write(data))
        except BrokenPipeError:
            self._to_devnull()
            return len(data)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._to_devnull()
            self._stream.flush()  # what was buffered now goes to os.devnull

    @property
    def buffer(self) -> Any:
        return _Drop(self._stream.buffer)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def quiet_pipe() -> Iterator[None]:
    """While open, writes to a closed standard output are dropped; on leaving, what is still
    buffered is flushed (or dropped) before the interpreter's own flush at exit can fail.
    """
    stdout = sys.stdout
    try:
        stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (a test runner's buffer)
        yield
        return
    sys.stdout = _Drop(stdout)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout.flush()
        sys.stdout = stdout
