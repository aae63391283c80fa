"""Plain-text formatting for the UI: every piece of untrusted text becomes a Rich Text, never markup."""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.text import Text

from socialtui.domain.timeutil import format_duration

TIER_MARK = {"hijack-report": "‼", "past-sla": "●", "within-sla": "○", "escalated": "↑", "snoozed": "z",
             "answered": "✓", "done": "✓"}
TIER_LABEL = {"hijack-report": "HIJACK?", "past-sla": "LATE", "within-sla": "waiting", "escalated": "escalated",
              "snoozed": "snoozed", "answered": "answered", "done": "done"}
VERDICT_ICON = {"ok": "✓", "warn": "!", "fail": "✗", "n/a": "–"}
VERDICT_WORD = {"ok": "ok", "warn": "warn", "fail": "FAIL", "n/a": "n/a"}
MAX_MESSAGE_CHARS = 4000
MAX_THREAD_MESSAGES = 300


def ago(now: datetime, then: datetime) -> str:
    delta = now - then
    if delta < timedelta(minutes=1):
        return "now"
    return format_duration(delta) + " ago"


def one_line(text: str, width: int) -> str:
    s = " ".join(text.split())
    return s if len(s) <= width else s[: max(0, width - 1)] + "…"


def safe(text: str, style: str = "") -> Text:
    """Untrusted text as a Text object: shown literally, markup never parsed."""
    return Text(text, style=style)
