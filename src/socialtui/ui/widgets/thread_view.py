"""ThreadView: the whole conversation as one Static holding Rich Text built from plain strings.

Inbound messages sit at the left behind a thin bar, our own replies are indented behind
a thick bar and marked "YOU", internal notes behind a dotted bar: the difference never
rests on colour alone. The text is wrapped here (not by the Static) so every wrapped
line keeps its bar, and wrapped again whenever the room for it changes (a resize, or the
scrollbar coming or going); what one thread renders is capped.
"""

from __future__ import annotations

import textwrap
from datetime import datetime
from functools import lru_cache

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from socialtui.domain.timeutil import format_timestamp
from socialtui.rules.text.links import analyse_link, registrable_domain
from socialtui.sanitize import is_look_alike
from socialtui.ui.format import MAX_MESSAGE_CHARS, MAX_MESSAGE_LINES, MAX_THREAD_MESSAGES, ago, display_text

INBOUND, OUTBOUND, NOTE = "│ ", "      ┃ ", "  ┆ "
MAX_LINKS = 10
# A long thread is painted in two steps: the newest messages (what the view shows, scrolled
# to the end) at once, the whole thread right after the first paint. Measured: 200 messages
# take ~120 ms to lay out and paint in one go, the newest 40 a fraction of that.
FIRST_PAINT_MESSAGES = 40


class ThreadView(VerticalScroll, can_focus=True):
    """Shows one conversation; data comes in through :meth:`show`."""

    DEFAULT_CSS = """
    ThreadView { background: $background; padding: 0 1; }
    /* Which pane the keys go to, without colour too (NO_COLOR): a bar where the left padding
       was, so the text keeps its width and does not wrap anew on every tab. */
    ThreadView:focus { border-left: tall $border; padding: 0 1 0 0; }
    /* wrap + fold only ever act when the text is wider than the pane (between a change of
       width and the re-wrap it causes): a line is then folded, never cut. */
    ThreadView > Static { width: 100%; text-wrap: wrap; text-overflow: fold; }
    """
    BINDINGS = [Binding("j", "scroll_down", "Scroll down", show=False, id="thread.down"),
                Binding("k", "scroll_up", "Scroll up", show=False, id="thread.up"),
                Binding("g", "scroll_home", "Thread start", show=False, id="thread.top"),
                Binding("G", "scroll_end", "Thread end", show=False, id="thread.bottom")]

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self._shown: tuple | None = None
        self._width = 0
        self._limit = MAX_THREAD_MESSAGES  # how many messages the shown text holds
        self._message: str | None = None  # what clear() shows, to wrap again
        self._focus: str | None = None  # the message to scroll to instead of the newest
        self._anchors: dict[str, int] = {}  # message id -> its offset in the shown text

    def compose(self):
        yield Static(Text("Select a conversation on the left (j/k, enter)."), id="thread-body")

    def show(self, conversation, *, now: datetime, account, notes=(), state=None, reason: str = "",
             focus: str | None = None) -> None:
        """Show a conversation scrolled to its newest message, or to message ``focus`` (an
        evidence jump lands on the message the rule names)."""
        self._message = None
        shown = self._shown = (conversation, dict(now=now, account=account, notes=notes, state=state, reason=reason))
        self._focus = focus
        if len(conversation.messages) > FIRST_PAINT_MESSAGES:
            self._render_shown(limit=FIRST_PAINT_MESSAGES)
            self.call_after_refresh(self._complete, shown)
        else:
            self._render_shown()
        self._scroll_to_focus()

    def _complete(self, shown: tuple) -> None:
        if self._shown is shown:  # still the same conversation
            self._render_shown()
            self._scroll_to_focus()

    def _scroll_to_focus(self) -> None:
        offset = self._anchors.get(self._focus) if self._focus else None
        if offset is None:
            self.scroll_end(animate=False)
            return
        body = self.query_one("#thread-body", Static).content
        line = body.plain.count("\n", 0, offset) if isinstance(body, Text) else 0
        # once the new text is laid out (its height decides how far the pane can scroll)
        self.call_after_refresh(self.scroll_to, y=max(0, line - 1), animate=False)

    def _line_of(self, message_id: str) -> int:
        body = self.query_one("#thread-body", Static).content
        offset = self._anchors.get(message_id, 0)
        return body.plain.count("\n", 0, offset) if isinstance(body, Text) else 0

    def _message_at(self, line: int) -> str | None:
        """The message whose text holds ``line`` of the shown text (None above the first)."""
        body = self.query_one("#thread-body", Static).content
        if not isinstance(body, Text):
            return None
        found, at, lines = None, 0, 0
        for message_id, offset in self._anchors.items():  # in text order
            lines += body.plain.count("\n", at, offset)
            at = offset
            if lines > line:
                break
            found = message_id
        return found

    def clear(self, message: str) -> None:
        """Show a plain message instead of a conversation (wrapped here, like a thread)."""
        self._shown = None
        self._message = message
        width = self._width = self._text_width()
        lines = ["\n".join(wrap_cells(part, width)) if part else "" for part in message.split("\n")]
        self.query_one("#thread-body", Static).update(Text("\n".join(lines)))

    def _render_shown(self, limit: int = MAX_THREAD_MESSAGES) -> None:
        if self._shown is None:
            return
        self._width = self._text_width()
        self._limit = limit
        conversation, kw = self._shown
        self._anchors = {}
        self.query_one("#thread-body", Static).update(render_thread(conversation, width=self._width, limit=limit,
                                                                    anchors=self._anchors, **kw))

    def _text_width(self) -> int:
        return max(20, (self.scrollable_content_region.width or self.size.width or 80) - 1)

    def on_resize(self) -> None:
        self._rewrap()

    def watch_show_vertical_scrollbar(self) -> None:
        # The scrollbar takes columns from the text without resizing the view: a thread that
        # just became taller than the pane was wrapped for a width it no longer has.
        self.call_after_refresh(self._rewrap)

    def _rewrap(self) -> None:
        if self._text_width() == self._width:
            return
        if self._shown is not None:
            at_end = self.scroll_y >= self.max_scroll_y
            top = self._message_at(round(self.scroll_y))
            self._render_shown(limit=self._limit)
            if at_end:
                self.call_after_refresh(self.scroll_end, animate=False)
            elif top is not None:  # the message at the top of the view stays there
                self.call_after_refresh(self.scroll_to, y=self._line_of(top), animate=False)
        elif self._message is not None:
            self.clear(self._message)


def render_thread(conversation, *, now, account, notes=(), state=None, reason: str = "", width: int = 80,
                  limit: int = MAX_THREAD_MESSAGES, anchors: dict[str, int] | None = None) -> Text:
    """The conversation as Text: who said what when, links with their real domain, notes inline.

    At most the newest ``limit`` messages (and the notes since the first of them). ``anchors``
    is given each shown message's offset in the text."""
    out = Text()
    kind = "Direct messages" if conversation.is_dm else "Thread"
    own = account.handle if account is not None else ""
    people = ", ".join(("⚠ look-alike @" if is_look_alike(p, own) else "@") + p for p in conversation.participants)
    _wrapped(out, f"{kind} with {people}" if people else f"{kind} of the account alone (no customer wrote)", "",
             width, "bold")
    status = []
    if state is not None and state.status != "open":
        until = ""
        if state.until:  # a snooze wakes then; an escalation promises its public follow-up by then
            until = f" · follow-up due {format_timestamp(state.until)}" if state.status == "escalated" \
                else f" until {format_timestamp(state.until)}"
        status.append(state.status + (f" to {state.escalated_to}" if state.escalated_to else "") + until)
    if state is not None and state.assignee:
        status.append(f"assigned to {state.assignee}")
    if state is not None and state.tags:
        status.append(" ".join("#" + t for t in state.tags))
    if status:
        _wrapped(out, " · ".join(status), "", width, "italic")
    if reason:
        _wrapped(out, f"Why here: {reason}", "  ", width, "dim")
    messages = conversation.messages
    if len(messages) > limit:
        more = len(messages) - limit
        out.append(f"… {more} earlier messages not shown\n" if limit == MAX_THREAD_MESSAGES
                   else f"… {more} earlier messages (loading)\n", "dim")
        messages = messages[-limit:]
    notes_at = [(datetime.fromisoformat(n["at"]), 1, n) for n in notes]
    if limit != MAX_THREAD_MESSAGES and len(messages) < len(conversation.messages):  # the first paint
        notes_at = [n for n in notes_at if n[0] >= messages[0].created_at]
    timeline = [(m.created_at, 0, m) for m in messages] + notes_at
    timeline.sort(key=lambda x: (x[0], x[1]))
    for when, is_note, item in timeline:
        out.append("\n")
        if is_note:
            _wrapped(out, f"✎ INTERNAL NOTE (never sent) by {item['author']} · {ago(now, when)} · "
                          f"{format_timestamp(when)}", NOTE, width, "bold magenta", first="  ")
            _body(out, item["text"], NOTE, width, "magenta")
            continue
        if anchors is not None:
            anchors[item.id] = len(out)  # where the message starts, for scrolling to it
        _append_message(out, item, now, account, width)
    return out


def _append_message(out: Text, m, now, account, width: int) -> None:
    outbound = m.direction == "out"
    bar = OUTBOUND if outbound else INBOUND
    first = bar[:-2] + ("▶ YOU " if outbound else "◀ ")
    who = f"@{m.author.handle}" + (f" ({m.author.name})" if m.author.name else "")
    if not outbound and account is not None and is_look_alike(m.author.handle, account.handle):
        who += " ⚠ NOT YOU: a stranger whose handle looks like this account's"
    head = f"{who} · {ago(now, m.created_at)} · {format_timestamp(m.created_at)}"
    if m.kind in ("dm", "repost"):
        head += f" · {m.kind.upper()}"
    if m.client:
        head += f" · via {m.client}"
    _wrapped(out, head + f" · [{m.id}]", bar, width, "bold cyan" if outbound else "bold", first=first)
    body = m.text
    if m.kind == "repost" and m.repost_of:
        body = f"reposted @{m.repost_of.author}: {m.repost_of.text}"
    _body(out, body, bar, width, "cyan" if outbound else "")
    for link in m.links[:MAX_LINKS]:
        domain = registrable_domain(link.url)
        findings = analyse_link(link, account)
        line = f"↳ link to {domain}: {link.url[:200]}" if domain else \
            f"↳ link to no valid address (do not open it): {link.url[:200]}"
        if link.text and link.text != link.url:
            line += f" (shown as “{link.text[:80]}”)"
        _wrapped(out, line, bar + "  ", width, "bold red" if findings else "underline", first=bar)
        for f in findings[:2]:
            _wrapped(out, f"⚠ {f.reason}", bar + "  ", width, "bold red", first=bar)
    if len(m.links) > MAX_LINKS:
        out.append(f"{bar}↳ … and {len(m.links) - MAX_LINKS} more links\n", "dim")


def _body(out: Text, body: str, bar: str, width: int, style: str) -> None:
    """A message body, capped in characters and lines, each line behind the bar."""
    body = display_text(body)
    extra = len(body) - MAX_MESSAGE_CHARS
    if extra > 0:
        body = body[:MAX_MESSAGE_CHARS] + f"\n… ({extra} more characters)"
    lines = body.split("\n")
    if len(lines) > MAX_MESSAGE_LINES:
        lines = lines[:MAX_MESSAGE_LINES] + [f"… ({len(lines) - MAX_MESSAGE_LINES} more lines)"]
    room = max(10, width - len(bar))
    for line in lines:
        for piece in wrap_cells(line, room):
            out.append(bar, "dim")
            out.append(piece + "\n", style)


def _wrapped(out: Text, line: str, indent: str, width: int, style: str, first: str | None = None) -> None:
    """One logical line wrapped to ``width``; the first piece after ``first``, the rest after ``indent``."""
    first = indent if first is None else first
    room = max(10, width - max(len(first), len(indent)))
    for i, piece in enumerate(wrap_cells(line, room)):
        out.append(first if i == 0 else indent, "dim" if i else style)
        out.append(piece + "\n", style)


def wrap_cells(line: str, width: int) -> list[str]:
    """``line`` in pieces of at most ``width`` terminal cells, broken between words where it can.
    textwrap counts characters: a Japanese or Chinese character takes two cells, so its pieces were
    twice too wide, and the pane folded them again on lines without the message's bar."""
    if line.isascii():  # (one cell a character: textwrap is exact, and far quicker)
        return textwrap.wrap(line, width, break_long_words=True, replace_whitespace=False) or [""]
    return [piece.plain.rstrip() for piece in Text(line).wrap(_measuring_console(), width, overflow="fold")] or [""]


@lru_cache(maxsize=1)
def _measuring_console():
    """A console that draws nothing: Rich's wrapping asks one for its tab size and encoding."""
    import io

    from rich.console import Console

    return Console(width=200, color_system=None, file=io.StringIO())
