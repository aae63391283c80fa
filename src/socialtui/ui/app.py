"""SocialApp: wiring only. Themes, key map, the main screen and the command palette."""

from __future__ import annotations

from functools import cache, partial
from pathlib import Path

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.widgets import Input, TextArea

from socialtui.ui.commands import SocialCommands
from socialtui.ui.format import no_color
from socialtui.ui.keymap import all_bindings, check_keymap
from socialtui.ui.screens.dialogs import MIN_SIZE, TooSmallScreen
from socialtui.ui.screens.main import MainScreen
from socialtui.ui.themes import available_themes, resolve_theme, terminal_theme


@cache
def _default_keys() -> dict[str, tuple[str, ...]]:
    """Binding id -> its keys as the code binds them (read once: hints ask on every notice)."""
    return {bid: b.keys for bid, b in all_bindings().items()}


HOLD_AT_MOST = 0.25  # s a key for a text field waits for earlier keys still on their way
QUIT_WAITS_AT_MOST = 0.5  # s quitting waits for the keys typed before it to reach the text field
# Editing keys a text field (Input, TextArea) handles by a binding: run in line with the letters.
EDIT_ACTIONS = {"backspace": "action_delete_left", "delete": "action_delete_right"}


class SocialApp(App):
    """The TUI on one :class:`~socialtui.workspace.Workspace`."""

    TITLE = "socialtui"
    CSS_PATH = Path(__file__).parent / "styles" / "app.tcss"
    COMMANDS = App.COMMANDS | {SocialCommands}
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, workspace, *, source_label: str, theme: str | None = None, keymap=None, live=None,
                 scroll: str = "half-page", config_path: Path | None = None) -> None:
        # NO_COLOR: Textual greys every colour by its brightness, which leaves red (FAIL, a phishing
        # warning) dark grey on black; with native ANSI colours it drops them instead, and the
        # terminal's own colours with bold and reverse mark what colour would (see app.tcss).
        super().__init__(ansi_color=True if no_color() else None)
        self.scroll_mode = scroll  # how the queue follows its cursor (config [ui] scroll)
        self.workspace = workspace
        self.live = live  # a LiveSync for a logged-in account: background sync while the app runs
        self.load_error = None  # a SocialtuiError that ended the app while it read the messages
        self._typed_ahead: list[tuple[str, str | None]] = []  # keys waiting for their prompt (on_key)
        self._in_flight: list[events.Key] = []  # keys sent to a widget that is no text field, not yet back here
        self._held: list[events.Key] = []  # later keys for a text field, waiting for those (on_event)
        self._held_timer = None
        self._leaving = None  # exit()'s arguments, once it was asked for (it waits for typed keys)
        self._left = False
        self.source_label = source_label
        self.config_path = config_path  # (named when a palette choice lasts only for this session)
        # (checked first: an unknown id or key, or two actions on one key, is a ConfigError)
        self._keymap_config = check_keymap(keymap) if keymap else {}
        self._theme_problems: dict = {}  # file stem -> why it was left out (said once the app is up)
        themes = available_themes(self._theme_problems)
        for t in themes.values():
            self.register_theme(t)
        self._textual_ansi = (self.ansi_theme_dark, self.ansi_theme_light)  # (for themes not ours)
        self._palettes = {t.name: terminal_theme(t, self._textual_ansi[0] if t.dark else self._textual_ansi[1])
                          for t in themes.values()}
        self.own_themes = themes  # file stem -> theme: the palette offers these, not Textual's
        chosen = resolve_theme(theme, themes, self._theme_problems)  # unknown: ConfigError listing the others
        if chosen is not None:
            self.theme = chosen.name
        if no_color():
            # Textual drops colours for NO_COLOR; the ANSI theme keeps reverse/bold legible without them.
            self.theme = "textual-ansi" if "textual-ansi" in self.available_themes else self.theme
            self.add_class("-no-color")  # (app.tcss: what a background colour marks is reversed instead)

    def watch_theme(self, name: str) -> None:
        """Named colours in the panes' text ("bold red") follow the theme: its palette (themes.py)
        for the ANSI colours, Textual's for a theme that is not ours."""
        dark = self.current_theme.dark
        palette = self._palettes.get(name) or self._textual_ansi[0 if dark else 1]
        if dark:
            self.ansi_theme_dark = palette
        else:
            self.ansi_theme_light = palette

    def get_system_commands(self, screen):
        """The palette's own entries: our themes (themes/ and the user's folder) instead of
        Textual's list, and a screenshot; quitting and the keys are in ours (q, ?)."""
        for stem, theme in self.own_themes.items():
            yield SystemCommand(f"Theme: {stem}", f"Switch to the {stem} theme ({stem}.toml) for this session",
                                partial(self.switch_theme, stem))
        yield SystemCommand("Screenshot", "Save an SVG picture of the screen (for a bug report)",
                            lambda: self.set_timer(0.1, self.save_screen_picture))

    def switch_theme(self, stem: str) -> None:
        """The palette's theme, for this session; the toast says how to keep it (the config
        file is the user's: the app does not rewrite it)."""
        self.theme = self.own_themes[stem].name
        where = str(self.config_path) if self.config_path is not None else "config.toml"
        self.notify(f'Theme {stem} for this session. To keep it, put theme = "{stem}" at the top of {where}, '
                    f"before any [section] (or start with --theme {stem}).", title="Theme", markup=False)

    def save_screen_picture(self) -> Path | None:
        """The screen as SVG in the downloads folder (when there is one), else the current folder,
        else the temporary one; the toast says where, or why it could not. (Textual's own
        wrote to a ~/Downloads that a server account often lacks, and said nothing.)"""
        import re
        import tempfile
        from datetime import datetime

        import platformdirs

        handle = re.sub(r"[^A-Za-z0-9_-]+", "_", self.workspace.account.handle)[:40] or "account"
        name = f"socialtui-{handle}-{datetime.now():%Y%m%d-%H%M%S}.svg"
        downloads = Path(platformdirs.user_downloads_dir())
        folders = [d for d in (downloads if downloads.is_dir() else None, Path.cwd(), Path(tempfile.gettempdir()))
                   if d is not None]
        picture = self.export_screenshot()
        problem = None
        for folder in folders:
            target, out = folder / name, None
            for n in range(2, 101):  # (a second picture within the same second: "-2", beside the first)
                try:
                    out = open(target, "x", encoding="utf-8")
                    break
                except FileExistsError:
                    target = folder / f"{Path(name).stem}-{n}.svg"
                except OSError as exc:
                    problem = problem or exc
                    break
            if out is None:
                continue
            try:
                with out:
                    out.write(picture)
            except OSError as exc:  # (a full disk: no half a picture left behind)
                problem = problem or exc
                target.unlink(missing_ok=True)
                continue
            # (the name on a line of its own: a path has no spaces, and the toast broke it mid-word)
            self.notify(f"Screenshot saved as\n{target.name}\nin {target.parent}", title="Screenshot", markup=False)
            return target
        why = (problem.strerror or str(problem)) if problem is not None else "every file name for this second is taken"
        self.notify(f"Could not save the screenshot: {why}. Tried {', '.join(map(str, folders))}; "
                    "start socialtui from a folder you can write to.", title="Screenshot", severity="error",
                    markup=False, timeout=10)
        return None

    def key_for(self, binding_id: str, every: bool = False) -> str:
        """The key bound to ``binding_id`` as the footer shows it, after the user's keymap: hints
        in messages ("u to undo") name the key that does it here. ``every``: all its keys ("n / esc")."""
        keys = self._keymap_config.get(binding_id)
        keys = [k.strip() for k in keys.split(",")] if keys else list(_default_keys()[binding_id])
        shown = [self.get_key_display(Binding(k, "")) or k for k in (keys if every else keys[:1])]
        return " / ".join(dict.fromkeys(shown))

    def on_mount(self) -> None:
        if self._keymap_config:
            self.set_keymap(self._keymap_config)
        self.title = f"socialtui · @{self.workspace.account.handle}"
        self.push_screen(MainScreen(self.workspace, source_label=self.source_label))
        self._catch_hangup(True)
        self.call_after_refresh(lambda: self._check_size(self.size.width, self.size.height))  # (started small)
        for problem in self._theme_problems.values():  # (another theme was chosen: the app runs without this one)
            self.notify(f"{problem.message} This theme was left out; mend the file to use it."
                        + (f" {problem.hint}" if problem.hint else ""), title="Theme file", severity="warning",
                        markup=False, timeout=15)

    def on_resize(self, event) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        """Too small a terminal (MIN_SIZE): a screen over everything says so until it is larger."""
        small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        if not any(isinstance(s, MainScreen) for s in self.screen_stack):
            return  # (a resize before the main screen is up: on_mount looks again after it)
        if small and not any(isinstance(s, TooSmallScreen) for s in self.screen_stack):
            self.push_screen(TooSmallScreen())

    def on_unmount(self) -> None:
        self._catch_hangup(False)

    def _catch_hangup(self, on: bool) -> None:
        """A closed terminal or ssh session (SIGHUP) or a plain kill (SIGTERM) ends the app the
        way q does: the draft being written is kept, not lost with the last second of typing."""
        import asyncio
        import signal

        try:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGHUP, signal.SIGTERM):
                if on:
                    loop.add_signal_handler(sig, self._hung_up)
                else:
                    loop.remove_signal_handler(sig)
        except (AttributeError, NotImplementedError, RuntimeError, ValueError):
            pass  # (no such signals, or not the main thread: nothing to catch)

    def _hung_up(self) -> None:
        self.exit(return_code=0)

    def exit(self, *args, **kwargs) -> None:
        """Every way out (q, ctrl+q, the palette's quit, a hang-up) keeps the open composer's draft,
        with every key typed before it: ctrl+q is a priority key, so the last letters of a fast
        typist are still waiting (here, or in the text field's queue) when it comes. It waits for
        them, at most QUIT_WAITS_AT_MOST, then saves the draft and goes."""
        if self._leaving is not None:
            return  # (on its way out already)
        self._leaving = (args, kwargs)
        if self._held or self._typed_ahead or self._in_flight or self._text_field() is not None:
            self.call_later(self._leave_after_typing)
            self.set_timer(QUIT_WAITS_AT_MOST, self._leave_now)
        else:
            self._leave_now()

    async def _leave_after_typing(self) -> None:
        if self._held:
            await self._release_held()
        if self._typed_ahead:
            self._flush_typed_ahead(0)
        field = self._text_field()
        if field is None or not field.is_attached:
            self._leave_now()
        else:  # (after the keys already in its queue)
            field.call_later(self._leave_now)

    def _leave_now(self) -> None:
        if self._leaving is None or self._left:
            return
        self._left = True
        args, kwargs = self._leaving
        self.keep_drafts()
        super().exit(*args, **kwargs)

    def keep_drafts(self) -> None:
        from textual.css.query import NoMatches

        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                try:
                    screen._save_draft_now()
                except NoMatches:  # (the panes are gone already)
                    continue
                screen.ws.set_replying(None)

    async def on_event(self, event: events.Event) -> None:
        """Keys in their order. A key sent to the queue (or a list) before r, / or a prompt moved
        the focus to a text field is still bubbling up when the next keys go straight to that
        field: those wait here until the earlier ones have been typed (see on_key), or the
        words of a fast typist come out shuffled ("ecSurity")."""
        if isinstance(event, events.Paste) and not event.is_forwarded:
            self._clean_paste(event)
        if isinstance(event, events.Key) and not event.is_forwarded and not getattr(event, "retyped", False):
            if self._held or self._typed_ahead or (self._in_flight and isinstance(self.focused, (Input, TextArea))):
                self._held.append(event)
                if self._held_timer is None:  # (a key stopped on its way never comes back: go on anyway)
                    self._held_timer = self.set_timer(HOLD_AT_MOST, self._release_held)
                return
            to_text = isinstance(self.focused, (Input, TextArea))
            if to_text and event.key in EDIT_ACTIONS:
                # Typed letters go in when the field reads them, its bindings only once the key has
                # bubbled back up to the app: "abc⌫⌫d" in one burst deleted "d" and "c". In line.
                field = self.focused
                field.call_later(getattr(field, EDIT_ACTIONS[event.key]))
                return
            await super().on_event(event)
            if event.is_forwarded and not to_text:  # (not a priority binding's key: that one stays here)
                flight = self._in_flight
                flight.append(event)
                if len(flight) > 64:  # (keys that never came back, e.g. stopped by a dialog)
                    del flight[:32]
            return
        await super().on_event(event)

    def _clean_paste(self, event: events.Paste) -> None:
        """Pasted text as it would be sent, whatever field it goes to: escape sequences and control
        characters out. Drawn as they came, a pasted "\\x1b]0;…" retitled the terminal, a
        "\\x1b[2J" cleared it."""
        from socialtui.sanitize import clean_outbound

        text = event.text.replace("\r\n", "\n").replace("\r", "\n")  # (a terminal pastes line ends as CR)
        cleaned = clean_outbound(text)
        event.text = cleaned
        if cleaned != text:
            if not cleaned:  # (nothing left to paste: a selection stays as it is)
                event.prevent_default()
                event.stop()
            self.notify("Control characters, escape sequences or invisible characters were left out of the "
                        "pasted text.", title="Paste", markup=False)

    async def _release_held(self) -> None:
        if self._held_timer is not None:
            self._held_timer.stop()
            self._held_timer = None
        self._in_flight.clear()
        held, self._held = self._held, []
        for event in held:  # in order, each as if it came now (bindings, then the focused field)
            await super().on_event(event)

    async def _came_back(self, event: events.Key) -> None:
        flight = self._in_flight
        if flight:
            try:
                flight.remove(event)
            except ValueError:
                pass
            if not flight and self._held and not self._typed_ahead:
                await self._release_held()

    async def on_key(self, event: events.Key) -> None:
        await self._came_back_after(event)

    async def _came_back_after(self, event) -> None:
        self._typed_key(event)
        if event.is_forwarded:  # back from its round through the widgets (typed, or its bindings ran)
            await self._came_back(event)

    def _typed_key(self, event: events.Key) -> None:
        """Keys typed ahead: r, / or a prompt key moved the focus to a text field while the keys
        typed right after it (one burst, or bunched up over SSH) were already on their way through
        the queue or a choice dialog. They are typed into that field, as if they had come a moment
        later, instead of running the bindings of what had the focus (e would mark a conversation
        done). Characters that come before their prompt is there wait for it, in order."""
        if not getattr(event, "typed_ahead", False) or getattr(event, "retyped", False):
            return
        if not (event.is_printable or event.key == "enter" or event.key in EDIT_ACTIONS):
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
        if self._held and not self._in_flight:  # the keys that came after these
            self.call_later(self._release_held)

    def _type_into(self, target, key: str, character: str | None) -> None:
        if self.focused is not target:
            self.screen.set_focus(target)
        if key == "enter" and isinstance(target, Input):
            target.call_later(target.action_submit)  # after the keys before it, as a typed enter would
        elif key in EDIT_ACTIONS:  # a binding of the field's, which a posted key would not reach
            target.call_later(getattr(target, EDIT_ACTIONS[key]))
        else:
            target.post_message(events.Key(key, character))
