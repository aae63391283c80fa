"""What a long build is doing right now, for a screen to show while it waits.

One worker thread writes it, the UI thread reads it: a stage name and a count are plain
attribute writes, and a reader that sees a half-updated pair only shows a stale figure
for a quarter of a second.
"""

from __future__ import annotations


class Progress:
    __slots__ = ("stage", "done", "total", "unit")

    def __init__(self) -> None:
        self.stage, self.done, self.total, self.unit = "", 0, 0, ""

    def start(self, stage: str, total: int = 0, unit: str = "") -> None:
        self.stage, self.done, self.total, self.unit = stage, 0, total, unit

    def advance(self, done: int) -> None:
        self.done = done

    def line(self) -> str:
        """``threading the conversations: 420,000 of 1,049,709 messages (40 %)``, or the bare stage."""
        if not self.stage:
            return ""
        if self.total:
            share = min(100, self.done * 100 // self.total)
            unit = f" {self.unit}" if self.unit else ""
            return f"{self.stage}: {self.done:,} of {self.total:,}{unit} ({share} %)"
        return self.stage
