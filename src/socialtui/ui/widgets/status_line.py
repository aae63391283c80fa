"""StatusLine: waiting, past SLA, oldest wait, view and the cursor's row in it, agent and where the
data comes from."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

# How much each part matters when the line is too long for the terminal (80 columns): the least
# first to go, whole, so that what narrows the rows (a search, a view, an evidence walk) stays
# readable instead of being cut mid-word at the end of the line.
# (from SEARCH on: never dropped; the row position goes before a note such as an evidence walk)
SOURCE, AGENT, ALL_VIEW, OLDEST, VIEW, POSITION, SEARCH, NOTE, COUNTS = range(9)


class StatusLine(Static):
    """One line at the bottom; everything in it arrives through :meth:`show`."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $foreground; padding: 0 1;
                 text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, *args, **kw) -> None:
        super().__init__(*args, **kw)
        self._parts: list[tuple[str, str, int]] = []  # (text, style, how much it matters)

    def show(self, *, waiting: int, past: int, oldest: str, source: str, agent: str | None, view: str,
             note: str = "", position: str = "", search: str = "") -> None:
        parts = [(f"{waiting} waiting", "bold", COUNTS),
                 (f"{past} past SLA" + (" ●" if past else ""), "bold red" if past else "green", COUNTS)]
        if oldest:
            parts.append((f"oldest {oldest}", "", OLDEST))
        if position:
            parts.append((position, "", POSITION))
        if search:
            parts.append((f"search “{search}”", "bold", SEARCH))
        if note:
            parts.append((note, "italic", NOTE))
        parts.append((view, "", ALL_VIEW if view == "view: all" else VIEW))
        if agent:
            parts.append((f"agent {agent}", "", AGENT))
        parts.append((source, "dim", SOURCE))
        self._parts = parts
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        parts = self._parts
        room = self.content_region.width or self.size.width
        dropped = False
        while room and cell_len(" · ".join(p[0] for p in parts)) + (2 if dropped else 0) > room:  # (cells: CJK is 2)
            least = min(p[2] for p in parts)
            if least >= SEARCH:
                break  # (the rest is cut at the end, with the CSS's ellipsis)
            parts = [p for p in parts if p[2] != least]
            dropped = True
        text = Text()  # (cut with an ellipsis by the CSS: Static ignores a Text's own overflow)
        for i, (words, style, _) in enumerate(parts):
            if i:
                text.append(" · ")
            text.append(words, style)
        if dropped:
            text.append(" …", "dim")  # (more than fits: a wider terminal shows the rest)
        self.update(text)
