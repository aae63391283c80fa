"""Composer: the inline reply box with remaining length and live lint findings."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static, TextArea

from socialtui.sanitize import clean_outbound


class ReplyArea(TextArea):
    """The reply's text field. A resize rewraps the text, and now also repaints it: Textual's
    TextArea kept the lines painted at the old width on screen (words missing, or cut) until
    the cursor moved."""

    def _on_resize(self) -> None:
        super()._on_resize()
        self.refresh()


class Composer(Vertical):
    DEFAULT_CSS = """
    Composer { height: auto; max-height: 16; border-top: solid $accent; background: $surface; display: none; }
    Composer.-open { display: block; }
    Composer #composer-title { height: 1; padding: 0 1; color: $accent; text-wrap: nowrap; text-overflow: ellipsis; }
    Composer TextArea { height: 6; border: none; }
    Composer #composer-lint { height: auto; max-height: 6; padding: 0 1; }
    """
    # priority: the TextArea would otherwise take ctrl+e (end of line) and ctrl+s.
    BINDINGS = [
        Binding("ctrl+s,ctrl+enter", "send", "Send", priority=True, id="composer.send"),
        Binding("escape", "close", "Close composer", id="composer.close"),
        Binding("ctrl+e", "external_editor", "Edit in $EDITOR", priority=True, id="composer.editor"),
    ]

    class Changed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class SendRequested(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Closed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class EditorRequested(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self._prefill: str | None = None  # what the app put in when it opened (see untouched)
        self.conversation_id: str | None = None

    def compose(self):
        yield Static(Text(""), id="composer-title")
        yield ReplyArea(id="composer-text", soft_wrap=True, show_line_numbers=False)
        yield Static(Text(""), id="composer-lint")

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def open(self, conversation_id: str | None, title: str, text: str = "", prefilled: bool = False) -> None:
        """``prefilled``: ``text`` is what the app put in (the handle addressed), not a draft."""
        self.conversation_id = conversation_id
        self._prefill = text if prefilled else None
        self.query_one("#composer-title", Static).update(Text(title, no_wrap=True, overflow="ellipsis"))
        area = self.query_one(TextArea)
        area.load_text(text)
        area.move_cursor(area.document.end)
        self.add_class("-open")
        self._focus_now(area)

    def focus_text(self) -> None:
        self._focus_now(self.query_one(TextArea))

    def _focus_now(self, area: TextArea) -> None:
        # Not Widget.focus(), which waits for the next turn of the loop: keys typed right after
        # r (in one burst, or bunched up over SSH) would still reach the queue and mark or
        # escalate the conversation instead of being typed into the reply.
        self.screen.set_focus(area)

    def close(self) -> None:
        self.remove_class("-open")
        self.conversation_id = None
        if self.is_attached:  # the screen's letter keys were off while it was open (even unfocused)
            self.screen.refresh_bindings()

    @property
    def untouched(self) -> bool:
        """Nothing typed yet into what the app put in."""
        return self._prefill is not None and self.text.strip() == self._prefill.strip()

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def set_text(self, text: str) -> None:
        area = self.query_one(TextArea)
        area.load_text(clean_outbound(text))  # (a draft or $EDITOR's file: no escapes to the terminal)
        area.move_cursor(area.document.end)

    def show_findings(self, findings, remaining: int, unit: str) -> None:
        """The remaining length, then the findings, blocking ones first: a small terminal shows
        the first lines only, so the first line also counts them."""
        out = Text()
        if remaining < 0:  # ("-374 characters left" had to be worked out)
            out.append(f"{-remaining} {unit} over the limit: shorten it", "bold red")
        else:
            out.append(f"{remaining} {unit} left", "dim")
        blocking = sum(1 for f in findings if f.blocking)
        if blocking:
            out.append(f"  ·  ⛔ {blocking} blocking", "bold red")
        if len(findings) > blocking:
            out.append(f"  ·  ⚠ {len(findings) - blocking} to check", "bold yellow")
        # (the keys, ctrl+s, esc and ctrl+e, are in the footer: not repeated on this line)
        for f in sorted(findings, key=lambda f: not f.blocking):
            out.append("\n")
            out.append(f"{'⛔' if f.blocking else '⚠'} {f.code} ", "bold red" if f.blocking else "bold yellow")
            out.append(f.message)
            if f.suggestion:
                out.append(f" → {f.suggestion}", "dim")
        self.query_one("#composer-lint", Static).update(out)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.text_area.text))

    def check_action(self, action: str, parameters) -> bool | None:
        # Priority bindings fire wherever focus is: only while this composer is open.
        return self.is_open or None

    def action_send(self) -> None:
        self.post_message(self.SendRequested(self.text))

    def action_close(self) -> None:
        self.post_message(self.Closed(self.text))

    def action_external_editor(self) -> None:
        self.post_message(self.EditorRequested(self.text))
