"""StatusLine: waiting, past SLA, oldest wait, data source, agent, and the collapsed health summary."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $foreground; padding: 0 1; }
    """

    def show(self, *, waiting: int, past: int, oldest: str, source: str, agent: str | None, view: str,
             health: Text | None = None, note: str = "") -> None:
        text = Text()
        if health is not None:
            text.append_text(health)
            text.append(" · ")
        text.append(f"{waiting} waiting", "bold")
        text.append(" · ")
        text.append(f"{past} past SLA", "bold red" if past else "green")
        if oldest:
            text.append(f" · oldest {oldest}")
        text.append(f" · view: {view}")
        if agent:
            text.append(f" · agent {agent}")
        text.append(f" · {source}", "dim")
        if note:
            text.append(f" · {note}", "italic")
        self.update(text)
