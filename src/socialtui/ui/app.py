"""SocialApp: wiring only. Themes, key map, the main screen and the command palette."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from textual import events
from textual.app import App, SystemCommand
from textual.widgets import Input, TextArea

from socialtui.ui.commands import SocialCommands
from socialtui.ui.format import no_color
from socialtui.ui.keymap import check_keymap
from socialtui.ui.screens.main import MainScreen
from socialtui.ui.themes import available_themes, resolve_theme


class SocialApp(App):
    """The TUI on one :class:`~socialtui.workspace.Workspace`."""

    TITLE = "socialtui"
    CSS_PATH = Path(__file__).parent / "styles" / "app.tcss"
    COMMANDS = App.COMMANDS | {SocialCommands}
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, workspace, *, source_label: str, theme: str | None = None, keymap=None, live=None,
                 scroll: str = "half-page") -> None:
        # NO_COLOR: Textual greys every colour by its brightness, which leaves red (FAIL, a phishing
        # warning) dark grey on black; with native ANSI colours it drops them instead, and the
        # terminal's own colours with bold and reverse mark what colour would (see app.tcss).
        super().__init__(ansi_color=True if no_color() else None)
        self.scroll_mode = scroll  # how the queue follows its cursor (config [ui] scroll)
        self.workspace = workspace
        self.live = live  # a LiveSync for a logged-in account: background sync while the app runs
        self.load_error = None  # a SocialtuiError that ended the app while it read the messages
        self._typed_ahead: list[tuple[str, str | None]] = []  # keys waiting for their prompt (on_key)
        self.source_label = source_label
        # (checked first: an unknown id or key, or two actions on one key, is a ConfigError)
        self._keymap_config = check_keymap(keymap) if keymap else {}
        themes = available_themes()
        for t in themes.values():
            self.register_theme(t)
        self.own_themes = themes  # file stem -> theme: the palette offers these, not Textual's
        chosen = resolve_theme(theme, themes)  # unknown name: ConfigError listing the available ones
        if chosen is not None:
            self.theme = chosen.name
        if no_color():
            # Textual drops colours for NO_COLOR; the ANSI theme keeps reverse/bold legible without them.
            self.theme = "textual-ansi" if "textual-ansi" in self.available_themes else self.theme
            self.add_class("-no-color")  # (app.tcss: what a background colour marks is reversed instead)

    def get_system_commands(self, screen):
        """The palette's own entries: our themes (themes/ and the user's folder) instead of
        Textual's list, and a screenshot; quitting and the keys are in ours (q, ?)."""
        for stem, theme in self.own_themes.items():
            yield SystemCommand(f"Theme: {stem}", f"Switch to the {stem} theme ({stem}.toml)",
                                partial(setattr, self, "theme", theme.name))
        yield SystemCommand("Screenshot", "Save an SVG picture of the screen (for a bug report)",
                            lambda: self.set_timer(0.1, self.deliver_screenshot))

    def on_mount(self) -> None:
        if self._keymap_config:
            self.set_keymap(self._keymap_config)
        self.title = f"socialtui · @{self.workspace.account.handle}"
        self.push_screen(MainScreen(self.workspace, source_label=self.source_label))

    def on_key(self, event: events.Key) -> None:
        """Keys typed ahead: r, / or a prompt key moved the focus to a text field while the keys
        typed right after it (one burst, or bunched up over SSH) were already on their way through
        the queue or a choice dialog. They are typed into that field, as if they had come a moment
        later, instead of running the bindings of what had the focus (e would mark a conversation
        done). Characters that come before their prompt is there wait for it, in order."""
        if not getattr(event, "typed_ahead", False) or getattr(event, "retyped", False):
            return
        if not (event.is_printable or event.key in ("enter", "backspace")):
            return
        if not self._typed_ahead:
            target = self._text_field()
            if target is not None:
                self._type_into(target, event.key, event.character)
            elif isinstance(self.screen, MainScreen) or not event.is_printable:
                return  # the key of what has the focus: its bindings run as usual
            else:  # a choice was just made and its prompt is on its way
                self._typed_ahead.append((event.key, event.character))
                self.call_after_refresh(self._flush_typed_ahead, 10)
        else:
            self._typed_ahead.append((event.key, event.character))
        event.prevent_default()  # no bindings for it: it is text
        event.stop()

    def _text_field(self):
        target = self.focused
        if isinstance(target, (Input, TextArea)):
            return target
        if isinstance(self.screen, MainScreen):
            return None
        return next(iter(self.screen.query("Input, TextArea")), None)  # a prompt still mounting

    def _flush_typed_ahead(self, tries: int) -> None:
        target = self._text_field()
        if target is None and tries:
            self.call_after_refresh(self._flush_typed_ahead, tries - 1)
            return
        keys, self._typed_ahead = self._typed_ahead, []
        for key, character in keys:
            if target is not None:
                self._type_into(target, key, character)
            else:  # no prompt came: the keys were meant for what has the focus after all
                replay = events.Key(key, character)
                replay.retyped = True
                (self.focused or self.screen).post_message(replay)

    def _type_into(self, target, key: str, character: str | None) -> None:
        if self.focused is not target:
            self.screen.set_focus(target)
        if key == "enter" and isinstance(target, Input):
            target.call_later(target.action_submit)  # after the keys before it, as a typed enter would
        else:
            target.post_message(events.Key(key, character))
