"""SocialApp: wiring only. Themes, key map, the main screen and the command palette."""

from __future__ import annotations

import os
from pathlib import Path

from textual import events
from textual.app import App
from textual.widgets import Input, TextArea

from socialtui.ui.commands import SocialCommands
from socialtui.ui.screens.main import MainScreen
from socialtui.ui.themes import available_themes, resolve_theme


class SocialApp(App):
    """The TUI on one :class:`~socialtui.workspace.Workspace`."""

    TITLE = "socialtui"
    CSS_PATH = Path(__file__).parent / "styles" / "app.tcss"
    COMMANDS = App.COMMANDS | {SocialCommands}
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, workspace, *, source_label: str, theme: str | None = None, keymap=None, live=None) -> None:
        super().__init__()
        self.workspace = workspace
        self.live = live  # a LiveSync for a logged-in account: background sync while the app runs
        self.load_error = None  # a SocialtuiError that ended the app while it read the messages
        self.source_label = source_label
        self._keymap_config = dict(keymap or {})
        themes = available_themes()
        for t in themes.values():
            self.register_theme(t)
        chosen = resolve_theme(theme, themes)  # unknown name: ConfigError listing the available ones
        if chosen is not None:
            self.theme = chosen.name
        if os.environ.get("NO_COLOR"):
            # Textual drops colours for NO_COLOR; the ANSI theme keeps reverse/bold legible without them.
            self.theme = "textual-ansi" if "textual-ansi" in self.available_themes else self.theme

    def on_mount(self) -> None:
        if self._keymap_config:
            self.set_keymap(self._keymap_config)
        self.title = f"socialtui · @{self.workspace.account.handle}"
        self.push_screen(MainScreen(self.workspace, source_label=self.source_label))

    def on_key(self, event: events.Key) -> None:
        """Keys typed ahead: r, / or a prompt key moved the focus to a text field while the keys
        typed right after it (one burst, or bunched up over SSH) were already on their way through
        the queue. They are typed into that field, as if they had come a moment later, instead of
        running the queue's bindings (e would mark a conversation done)."""
        if not getattr(event, "typed_at_queue", False):
            return
        if not (event.is_printable or event.key in ("enter", "backspace")):
            return
        target = self.focused
        if not isinstance(target, (Input, TextArea)):
            if isinstance(self.screen, MainScreen):
                return  # still the queue's key: its bindings run as usual
            target = next(iter(self.screen.query("Input, TextArea")), None)  # a prompt still mounting
            if target is None:
                return
        event.prevent_default()  # no bindings for it: it is text now
        event.stop()
        if self.focused is not target:
            self.screen.set_focus(target)
        if event.key == "enter" and isinstance(target, Input):
            target.call_later(target.action_submit)  # after the keys before it, as a typed enter would
        else:
            target.post_message(events.Key(event.key, event.character))
