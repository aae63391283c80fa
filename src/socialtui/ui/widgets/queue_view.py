"""QueueView: the conversation queue on Textual's Line API (fast at 100k rows).

Only visible lines are rendered; moving the cursor repaints the two lines that
changed. Row text is built from plain strings into Rich Text, never markup.

It has no scrollbar: a thumb one cell high over 100k rows says little (and nothing under
NO_COLOR), while repainting it beside every cursor move cost about a millisecond of a held
key's 5 ms budget. The status line says where the cursor is (row N/M) once it rests.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.dom import NoScreen
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from socialtui.domain.timeutil import format_duration
from socialtui.queue import thanks_row
from socialtui.sanitize import is_look_alike
from socialtui.ui.format import SOON_MARK, TIER_MARK, no_color, one_line
from socialtui.ui.format import contrast as _contrast

_LEADING_MENTIONS = re.compile(r"^(?:\s*@[\w.@-]+)+\s*")
INDEX_IN_WORKER = 20_000  # rows; a longer queue is indexed by conversation id in a worker thread
SOON = 0.75  # share of the SLA after which a waiting row turns to the warning colour
# What stands in the waiting-time column of a row nobody is waiting on (seven columns).
_TIER_LABEL = {"hijack-report": "hijack", "answered": "replied", "escalated": "escal.", "snoozed": "snoozed",
               "done": "done"}
_NOT_WAITING = frozenset({"done", "snoozed"})


class QueueView(ScrollView, can_focus=True):
    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False, id="queue.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="queue.up"),
        Binding("g,home", "cursor_top", "Top", show=False, id="queue.top"),
        Binding("G,end", "cursor_bottom", "Bottom", show=False, id="queue.bottom"),
        Binding("pagedown,ctrl+d", "page_down_rows", "Page down", show=False, id="queue.page_down"),
        Binding("pageup,ctrl+u", "page_up_rows", "Page up", show=False, id="queue.page_up"),
        Binding("enter", "open", "Open", id="queue.open"),
    ]
    COMPONENT_CLASSES = {"queue--cursor", "queue--late", "queue--soon", "queue--hijack", "queue--dim", "queue--mark"}
    DEFAULT_CSS = """
    QueueView { background: $surface; overflow-x: hidden; scrollbar-size-vertical: 0; }
    QueueView > .queue--cursor { background: $primary 25%; text-style: bold; }
    QueueView:focus > .queue--cursor { background: $primary 45%; }
    .-theme-socialtui-high-contrast QueueView > .queue--cursor,
    .-theme-socialtui-high-contrast QueueView:focus > .queue--cursor { background: $primary; }  /* (reverse video) */
    QueueView > .queue--late { color: $error; }
    QueueView > .queue--soon { color: $warning; }
    QueueView > .queue--hijack { color: $error; text-style: bold reverse; }
    QueueView > .queue--dim { color: $foreground 65%; }  /* (55 %: 3.6:1 in the light theme) */
    QueueView > .queue--mark { color: $accent; }
    """

    cursor: reactive[int] = reactive(0, repaint=False, init=False)

    class Highlighted(Message):
        """The selected row changed; ``by_key`` when the cursor moved (not a data refresh)."""

        def __init__(self, row, by_key: bool = False) -> None:
            super().__init__()
            self.row = row
            self.by_key = by_key

    class Opened(Message):
        def __init__(self, row) -> None:
            super().__init__()
            self.row = row

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.own_handle = ""  # the account's handle: a customer showing it is marked as a look-alike
        self.account = None  # (its own domains and apps: a "thanks" after a foreign link is no closed case)
        self.rows: list = []
        self.now: datetime | None = None
        self.sla = timedelta(hours=2)
        self.drafts: set[str] = set()
        self.presence: dict[str, str] = {}
        self._lines: dict[tuple[int, int], list[Segment]] = {}  # (row index, width) -> its segments
        self._styles: dict[str, Style] | None = None
        # (rows, conversation id -> row index): built on first use or by a worker; it only counts
        # while those rows are the ones shown (a worker may finish after they were replaced).
        self._positions: tuple[list, dict[str, int]] | None = None
        # How the view follows the cursor past an edge (config [ui] scroll): "half-page" moves the rows
        # by half a screen, the cursor landing mid-view (a held j repaints the whole pane once every half
        # page, not on every key: over SSH the difference between keeping up and lagging); "line": one row.
        self.scroll_mode = "half-page"

    # -- data in -------------------------------------------------------------------------
    def set_rows(self, rows, now: datetime, sla: timedelta, drafts=(), presence=None, keep: str | None = None,
                 at: int | None = None) -> None:
        """Replace the rows; the cursor stays on conversation ``keep`` (or its current one), or
        goes to row ``at`` (the rows were re-ordered and the next one should be under it).

        ``presence`` maps a conversation id to the agent replying in it right now.
        """
        current = None if at is not None else \
            keep or (self.rows[self.cursor].id if self.rows and self.cursor < len(self.rows) else None)
        self.rows, self.now, self.sla = rows, now, sla
        if len(rows) > INDEX_IN_WORKER and self.is_attached:  # the first jump would wait for it
            self.call_after_refresh(self._index_in_worker, rows)  # not competing with the paint for the GIL
        self.drafts = set(drafts)
        self.presence = dict(presence or {})
        self._lines.clear()
        self.virtual_size = Size(self.size.width, len(rows))
        index = self._scan_for(current) if current else None
        if index is None:
            index = self.cursor if at is None else at
        new = min(index, max(0, len(rows) - 1))
        self.set_reactive(QueueView.cursor, new)
        self.refresh()
        self._scroll_to_cursor()
        self.call_after_refresh(self._scroll_to_cursor)  # again once the new size is laid out
        self.post_message(self.Highlighted(self.current))

    def set_presence(self, presence: dict[str, str]) -> None:
        """Conversation id -> the colleague replying in it, when only that changed."""
        if presence != self.presence:
            self.presence = dict(presence)
            self._lines.clear()
            self.refresh()

    @property
    def current(self):
        return self.rows[self.cursor] if self.rows and 0 <= self.cursor < len(self.rows) else None

    def position(self, conversation_id: str) -> int | None:
        """Row index of a conversation, or None (an index over the rows, built once per set of rows:
        a scan through 100k rows cost 50+ ms on every jump and every refresh)."""
        index = self._index()
        if index is None:
            index = self._index_rows(self.rows)
        return index.get(conversation_id)

    def _index(self) -> dict[str, int] | None:
        built = self._positions
        return built[1] if built is not None and built[0] is self.rows else None

    def _index_in_worker(self, rows) -> None:
        if rows is self.rows:
            # (a description of its own: Textual's default is the repr of the call, all 100k rows of it)
            self.run_worker(self._index_shown, thread=True, group="queue-index", exit_on_error=False,
                            description="index the queue by conversation")

    def _index_shown(self) -> None:
        """Index the rows shown now. The worker is not given them: a finished worker lingers in a
        reference cycle, and once the app froze the collector out (gc.freeze) it kept the 100k
        rows it was handed, and all they held, for the rest of the session."""
        rows = self.rows
        if self._index() is None:
            self._index_rows(rows)

    def _scan_for(self, conversation_id: str) -> int | None:
        """Row index of a conversation without building the index (the kept row of a refresh is
        usually near the top; the worker indexes the rest)."""
        index = self._index()
        if index is not None:
            return index.get(conversation_id)
        return next((i for i, r in enumerate(self.rows) if r.conversation.id == conversation_id), None)

    def _index_rows(self, rows) -> dict[str, int]:
        """Index ``rows`` (a worker thread does it for a long queue, right after it arrives)."""
        index = {r.conversation.id: i for i, r in enumerate(rows)}
        self._positions = (rows, index)  # one assignment: rows and their index never come apart
        return index

    def select_id(self, conversation_id: str) -> bool:
        index = self.position(conversation_id)
        if index is None:
            return False
        self.cursor = index
        return True

    # -- rendering ---------------------------------------------------------------------
    def notify_style_update(self) -> None:
        self._styles = None
        self._lines.clear()
        super().notify_style_update()

    def _style(self, name: str) -> Style:
        if self._styles is None:
            self._styles = {n: self.get_component_rich_style(n) for n in self.COMPONENT_CLASSES}
            self._styles["base"] = self.rich_style  # (walks up the DOM: once per style change, not per line)
            if no_color() or _too_faint(self._styles["queue--cursor"], self._styles["base"]):
                # the selected row by more than a shade of grey (NO_COLOR), or where the theme's
                # cursor colour leaves its text unreadable (white on light grey): reverse video
                # while the queue has the focus, underlined while another pane has it (the one
                # sign of which pane the keys go to, where shades of the cursor are not drawn)
                self._styles["queue--cursor"] = Style(bold=True, reverse=True) if self.has_focus \
                    else Style(bold=True, underline=True)
        return self._styles[name]

    def on_focus(self) -> None:
        self._cursor_style_changed()

    def on_blur(self) -> None:
        self._cursor_style_changed()

    def _cursor_style_changed(self) -> None:
        self._styles = None  # (the rows' own segments stay: the cursor's style goes over them)
        self.refresh_line(self.cursor)

    def _row_text(self, row, width: int) -> Text:
        now = self.now
        text = Text(no_wrap=True, overflow="ellipsis")
        since = row.conversation.waiting_since  # None once answered, even for a pinned hijack report
        if row.tier in _NOT_WAITING:  # (its customer wrote last, but nobody waits on it: its word, not a wait)
            since = None
        waited = now - since if since is not None and now is not None else None
        late = waited is not None and waited >= self.sla
        soon = waited is not None and not late and waited >= self.sla * SOON
        mark = TIER_MARK.get(row.tier, " ")
        if row.tier == "within-sla" and soon:
            mark = SOON_MARK
        if row.tier == "hijack-report":
            text.append(f"{mark} ", self._style("queue--hijack"))
        else:
            text.append(f"{mark} ", self._style("queue--late" if late else "queue--soon" if soon else "queue--mark"))
        if waited is not None:
            style = "queue--late" if late else ("queue--soon" if soon else "")
            text.append(f"{format_duration(waited):>7} ", self._style(style) if style else Style())
        else:
            label = _TIER_LABEL.get(row.tier, row.tier[:7])
            text.append(f"{label:>7} ", self._style("queue--dim"))
        conv = row.conversation
        who = "@" + (row.participants[0] if row.participants else "?")
        if row.participants and is_look_alike(row.participants[0], self.own_handle):
            who = "⚠" + who  # a stranger posing as this account (see the thread)
        if len(row.participants) > 1:
            who += f" +{len(row.participants) - 1}"
        lang = next((m.lang for m in reversed(conv.messages) if m.direction == "in" and m.lang), "")
        who_width = max(8, min(18, width // 3 - 2))
        text.append(f"{one_line(who, who_width):<{who_width}} {lang[:2]:<2} ")
        flags = self._flags(row)
        if flags:
            text.append(flags + " ", self._style("queue--mark"))
        rest = max(0, width - text.cell_len)
        preview = _LEADING_MENTIONS.sub("", conv.last_message.text) or conv.last_message.text
        text.append(one_line(preview, rest), self._style("queue--dim"))
        return text

    def _flags(self, row) -> str:
        """Markers in words and symbols: DM, draft, escalated to, claimed by, someone replying."""
        flags = []
        if row.conversation.is_dm:
            flags.append("DM")
        if row.id in self.drafts:
            flags.append("✎")
        state = row.state
        if state is not None and state.escalated_to:
            flags.append("↑" + one_line(state.escalated_to, 10))
        if state is not None and state.assignee:
            flags.append("⚑" + one_line(state.assignee.split()[0], 10))
        if row.id in self.presence:
            flags.append("✍" + one_line(self.presence[row.id].split()[0], 10))
        if thanks_row(row, self.account):
            flags.append("thx")  # (all the customer said since the answer is thanks: e closes it)
        return " ".join(flags)

    def render_line(self, y: int) -> Strip:
        index = y + self.scroll_offset.y
        width = self.size.width
        if index >= len(self.rows):
            return Strip.blank(width, self._style("base"))
        segments = self._lines.get((index, width))
        if segments is None:  # the row as plain segments, built once: moving the cursor reuses them
            # (over the view's own colours: a part without a style of its own, such as the handle,
            # would otherwise show the terminal's default colours, not the theme's)
            segments = list(Segment.apply_style(self._row_text(self.rows[index], width).render(self.app.console, end=""),
                                                style=self._style("base")))
            if len(self._lines) > 2000:
                self._lines.clear()
            self._lines[(index, width)] = segments
        if index == self.cursor:  # the same segments with the cursor's style over them
            segments = list(Segment.apply_style(segments, post_style=self._style("queue--cursor")))
        return Strip(segments).adjust_cell_length(width, self._style("base"))

    # -- keys typed ahead ----------------------------------------------------------------
    def on_key(self, event: events.Key) -> None:
        # Bindings run when a key has bubbled up to the app, after every key typed in the same
        # burst was already sent here. Mark it: if r, / or a prompt has taken the focus to a text
        # field by then, the app types the key there (see SocialApp.on_key).
        event.typed_ahead = True

    # -- cursor ------------------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        for i in (old, new):
            self.refresh_line(i)
        self._scroll_to_cursor()
        # Straight to the screen that owns the workflow: bubbling through the view and its
        # container cost two more dispatches on every key of a held j.
        try:
            self.screen.post_message(self.Highlighted(self.current, by_key=True))
        except NoScreen:  # (a view not mounted yet: nobody to tell)
            pass

    def _scroll_to_cursor(self) -> None:
        height = self.scrollable_content_region.height or self.size.height
        top, cursor = self.scroll_offset.y, self.cursor
        if not height or top <= cursor < top + height:
            return
        if self.scroll_mode == "line":
            self.scroll_to(y=cursor if cursor < top else cursor - height + 1, animate=False)
        else:  # the cursor mid-view (g and G still end at the ends: scrolling stops there)
            self.scroll_to(y=max(0, cursor - height // 2), animate=False)

    def _move(self, to: int) -> None:
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, to))

    def action_cursor_down(self) -> None:
        self._move(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._move(self.cursor - 1)

    def action_cursor_top(self) -> None:
        self._move(0)

    def action_cursor_bottom(self) -> None:
        self._move(len(self.rows) - 1)

    def action_page_down_rows(self) -> None:
        self._move(self.cursor + max(1, self.size.height - 1))

    def action_page_up_rows(self) -> None:
        self._move(self.cursor - max(1, self.size.height - 1))

    def action_open(self) -> None:
        if self.current is not None:
            self.post_message(self.Opened(self.current))

    def on_resize(self) -> None:
        self._lines.clear()
        self.virtual_size = Size(self.size.width, len(self.rows))
        self.call_after_refresh(self._scroll_to_cursor)  # the selected row stays in sight


def _too_faint(cursor: Style, base: Style) -> bool:
    """The cursor's background leaves the row's text below 4.5:1 (WCAG AA for text)."""
    if cursor.bgcolor is None or base.color is None:
        return False
    return _contrast(cursor.bgcolor, base.color) < 4.5

