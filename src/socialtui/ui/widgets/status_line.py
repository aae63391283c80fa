"""StatusLine: waiting, past SLA, oldest wait, view and the cursor's row in it, agent and where the
data comes from."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class StatusLine(Static):
    """One line at the bottom; everything in it arrives through :meth:`show`."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $foreground; padding: 0 1;
                 text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def show(self, *, waiting: int, past: int, oldest: str, source: str, agent: str | None, view: str,
             note: str = "", position: str = "", search: str = "") -> None:
        text = Text()  # (cut with an ellipsis by the CSS: Static ignores a Text's own overflow)
        text.append(f"{waiting} waiting", "bold")
        text.append(" · ")
        text.append(f"{past} past SLA" + (" ●" if past else ""), "bold red" if past else "green")
        if oldest:
            text.append(f" · oldest {oldest}")
        if position:  # before the note and the view, whose length varies: a narrow line cuts the end
            text.append(f" · {position}")
        if search:  # what narrows the rows, kept in view on an 80-column line
            text.append(f" · search “{search}”", "bold")
        if note:
            text.append(f" · {note}", "italic")
        text.append(f" · {view}")
        if agent:
            text.append(f" · agent {agent}")
        text.append(f" · {source}", "dim")
        self.update(text)
