"""Plain-text formatting for the UI: every piece of untrusted text becomes a Rich Text, never markup."""

from __future__ import annotations

import os
from datetime import datetime, timedelta

from rich.text import Text

from socialtui.domain.timeutil import format_duration

# One glyph per queue state, so the state never depends on colour alone.
TIER_MARK = {"hijack-report": "⚠", "past-sla": "●", "within-sla": "○", "escalated": "↑", "snoozed": "z",
             "answered": "↩", "done": "✓"}
SOON_MARK = "◐"  # waiting, and three quarters of the SLA are gone
TIER_LABEL = {"hijack-report": "HIJACK?", "past-sla": "LATE", "within-sla": "waiting", "escalated": "escalated",
              "snoozed": "snoozed", "answered": "answered", "done": "done"}
LEGEND = [(TIER_MARK["hijack-report"], "reports that the account was hijacked (pinned on top)"),
          (TIER_MARK["past-sla"], "waiting longer than the SLA"),
          (SOON_MARK, "waiting, the SLA ends soon"),
          (TIER_MARK["within-sla"], "waiting, within the SLA"),
          (TIER_MARK["escalated"], "escalated (↑NAME: to whom)"),
          (TIER_MARK["snoozed"], "snoozed"),
          (TIER_MARK["answered"], "answered"),
          (TIER_MARK["done"], "done"),
          ("hijack", "(where the wait would be) the report is answered; it stays on top until marked done"),
          ("replied", "(where the wait would be) answered; so are escal., snoozed and done"),
          ("⚠@name", "a handle that looks like the account's own: maybe an impostor (see the thread)"),
          ("DM", "direct messages"), ("✎", "a draft is saved"), ("⚑NAME", "assigned to / claimed by NAME"),
          ("✍NAME", "NAME is replying right now"),
          ("thx", "all the customer said since your answer is thanks: mark it done if nothing is left")]
VERDICT_ICON = {"ok": "✓", "warn": "!", "fail": "✗", "n/a": "–"}
VERDICT_WORD = {"ok": "ok", "warn": "warn", "fail": "FAIL", "n/a": "n/a"}
VERDICT_STYLE = {"ok": "green", "warn": "yellow", "fail": "bold red", "n/a": "dim"}
MAX_MESSAGE_CHARS = 4000
MAX_MESSAGE_LINES = 40
MAX_THREAD_MESSAGES = 300
SPARK_BLOCKS = "▁▂▃▄▅▆▇█"


def ago(now: datetime, then: datetime) -> str:
    delta = now - then
    if delta < timedelta(minutes=1):
        return "now" if delta >= -timedelta(minutes=1) else "in " + format_duration(-delta)
    return format_duration(delta) + " ago"


def no_color() -> bool:
    """NO_COLOR is set: what colour would mark must be marked another way (bold, reverse, text)."""
    return bool(os.environ.get("NO_COLOR"))


def contrast(a, b, palette=None, dim: bool = False) -> float:
    """WCAG contrast ratio of two Rich colours (1 to 21): text colour ``a`` on ``b``, named
    colours as ``palette`` (a TerminalTheme) draws them; ``dim`` text halfway to its background,
    as terminals draw it."""
    def luminance(color) -> float:
        def channel(c: int) -> float:
            c = c / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = color
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)

    ink, paper = a.get_truecolor(palette), b.get_truecolor(palette, foreground=False)
    if dim:
        ink = tuple((i + p) // 2 for i, p in zip(ink, paper))
    hi, lo = sorted((luminance(ink), luminance(paper)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def display_text(text: str) -> str:
    """Text as the panes draw it: zero-width joiners dropped, so an emoji sequence such as a
    family is drawn as its separate emoji. Terminals disagree on how wide a joined sequence is,
    and a pane whose idea differs from the terminal's pushes its border out of line."""
    return text.replace("\u200d", "") if "\u200d" in text else text


def one_line(text: str, width: int) -> str:
    s = " ".join(display_text(text).split())
    return s if len(s) <= width else s[: max(0, width - 1)] + "…"


def safe(text: str, style: str = "") -> Text:
    """Untrusted text as a Text object: shown literally, markup never parsed."""
    return Text(text, style=style)


def spark(values: list[float]) -> str:
    """A text sparkline, one block per value, scaled to the largest value."""
    if not values:
        return ""
    top = max(values) or 1
    return "".join(SPARK_BLOCKS[min(len(SPARK_BLOCKS) - 1, int(v / top * (len(SPARK_BLOCKS) - 1)))] for v in values)


def hanging(left: Text, right: Text, width: int | None = None):
    """``left`` in a column of its own (``width`` cells, or its own), ``right`` wrapping under
    itself: a wrapped line starts under the text, not under the icon or box before it. The
    cells are Text: nothing in them is read as markup."""
    from rich.table import Table

    row = Table.grid()
    row.add_column(width=left.cell_len if width is None else width, no_wrap=True)
    row.add_column()
    row.add_row(left, right)
    return row
