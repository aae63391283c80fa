"""Helpers shared by commands: --now, dataset/store resolution, terminal styling."""

from __future__ import annotations

import argparse
import os
import sys
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from socialtui.config import Config, load_config
from socialtui.domain.progress import Progress
from socialtui.domain.timeutil import parse_duration, parse_timestamp, timestamp_problem
from socialtui.errors import UsageError
from socialtui.locations import config_file, data_dir


def parse_now(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_timestamp(value)
    except ValueError:
        raise UsageError(f"--now {value!r}: {timestamp_problem(value)}",
                         "Use e.g. --now 2026-11-20T18:00:00Z (RFC 3339: date, T, time, offset)") from None


def parse_window(value: str | None):
    if value is None:
        return None
    try:
        window = parse_duration(value)
    except ValueError as exc:
        if "longer than" in str(exc):
            problem = "is longer than 100 years"
        elif value.strip().startswith("-"):
            problem = "is negative: a window reaches back from --now"
        else:
            problem = "is not a duration"
        raise UsageError(f"--window {value!r} {problem}.", "Use e.g. --window 7d or --window 36h") from None
    if not window:
        raise UsageError(f"--window {value!r} is empty: a window of no time holds no messages to judge.",
                         "Use e.g. --window 7d or --window 36h")
    return window


def get_config(args: argparse.Namespace) -> Config:
    named = getattr(args, "config", None)
    path = config_file(named)
    if named and path is not None and not path.exists():  # a file named on purpose: a typo, not "no settings"
        from socialtui.errors import ConfigError

        raise ConfigError(f"No config file {path}.", "Check the path, or leave --config out to use the default "
                                                     "config file.")
    return load_config(path)


def get_data_dir(args: argparse.Namespace) -> Path:
    return data_dir(getattr(args, "data_dir", None))


def terminal_width(stream=None) -> int | None:
    """The terminal's width when ``stream`` is one: text output is wrapped to it. None for a pipe
    or a file, whose lines stay whole (a script reads them)."""
    import shutil

    stream = stream or sys.stdout
    if not (hasattr(stream, "isatty") and stream.isatty()):
        return None
    try:  # this stream's terminal (stderr's may be narrower than what stdout, piped, would say)
        columns = os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        columns = shutil.get_terminal_size().columns
    return max(40, columns)


class TerminalProgress(Progress):
    """What a long read is doing, on one line of a terminal's stderr: redrawn at most ten times a
    second, erased when the command is done, so its output stays as it would be without it."""

    def __init__(self, stream, width: int) -> None:
        super().__init__()
        self.stream, self.width = stream, width
        self.drawn_at, self.shown = 0.0, False

    def start(self, stage: str, total: int = 0, unit: str = "") -> None:
        super().start(stage, total, unit)
        self._draw(force=True)

    def advance(self, done: int) -> None:
        super().advance(done)
        self._draw()

    def _draw(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.drawn_at < 0.1:
            return
        self.drawn_at, self.shown = now, True
        line = self.line()
        if len(line) >= self.width:  # a wrapped line would not be redrawn in place
            line = line[: self.width - 2] + "…"
        self.stream.write(f"\r\x1b[K{line}")
        self.stream.flush()

    def erase(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


def redraws(stream) -> bool:
    """``stream`` is a terminal that can redraw a line (a dumb one prints the erase codes)."""
    return bool(getattr(stream, "isatty", lambda: False)()) and os.environ.get("TERM") != "dumb"


@contextmanager
def terminal_progress(stream=None):
    """A :class:`TerminalProgress` on ``stream`` (stderr) when it is a terminal, else None (a pipe,
    a log file, cron: nothing but the command's own output and errors); erased on the way out."""
    stream = stream or sys.stderr
    width = terminal_width(stream)
    if width is None or not redraws(stream):
        yield None
        return
    progress = TerminalProgress(stream, width)
    try:
        yield progress
    finally:
        progress.erase()


def use_color(stream=None) -> bool:
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


_SGR = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "blue": "34",
        "magenta": "35", "cyan": "36", "reverse": "7"}


def style(text: str, *names: str, enabled: bool) -> str:
    """ANSI styling for our own output only, never applied to raw untrusted bytes."""
    if not enabled or not names:
        return text
    codes = ";".join(_SGR[n] for n in names)
    return f"\x1b[{codes}m{text}\x1b[0m"
