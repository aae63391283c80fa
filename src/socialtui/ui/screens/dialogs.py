"""Small modal dialogs: confirm, choose, prompt, and a read-only info page. All text is plain."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from typing import Callable

from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from socialtui.ui.widgets.choice_list import ChoiceList

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{ width: 72; max-width: 95%; height: auto; max-height: 90%; border: thick $accent;
                     background: $surface; padding: 1 2; }}
{name} .dialog-title {{ text-style: bold; margin-bottom: 1; }}
{name} .prompt-problem {{ height: auto; color: $error; }}
"""


def _shifted(key: str) -> str:
    """"Y (shift+y)": a capital letter said as the keys that type it."""
    return f"{key} (shift+{key.lower()})" if len(key) == 1 and key.isupper() else key


class ConfirmScreen(ModalScreen[bool]):
    """Yes or no. ``strict``: only a capital Y says yes (for what a rule says not to send)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmScreen")
    BINDINGS = [Binding("y", "yes", "Yes", id="confirm.yes"),
                Binding("Y", "answer(True)", "Yes", show=False, id="confirm.yes_strict"),
                Binding("n,escape", "answer(False)", "No", id="confirm.no")]

    def __init__(self, title: str, body: Text | str = "", strict: bool = False) -> None:
        super().__init__()
        self.title_text, self.body, self.strict = title, body, strict
        if strict:  # the footer offers Y ("send anyway"), not the y that does not send here
            from dataclasses import replace

            shown = {"confirm.yes": {"show": False}, "confirm.yes_strict": {"show": True, "description": "Send anyway"}}
            table = self._bindings.key_to_bindings
            for key, bindings in table.items():
                table[key] = [replace(b, **shown[b.id]) if b.id in shown else b for b in bindings]

    def compose(self):
        with Vertical():
            yield Static(Text(self.title_text), classes="dialog-title")
            if self.body:
                yield Static(self.body if isinstance(self.body, Text) else Text(self.body))
            key = self.app.key_for
            no = key("confirm.no", every=True)
            hint = (f"{_shifted(key('confirm.yes_strict'))} = send anyway   {no} = back" if self.strict
                    else f"{key('confirm.yes')} = yes   {no} = no")
            yield Static(Text(hint, "bold" if self.strict else "dim"), id="confirm-hint")
        yield Footer()  # this window's keys, not the queue's behind it (they do nothing here)

    def action_yes(self) -> None:
        if self.strict:  # (said in the dialog: a toast lay over it at 80x24)
            self.query_one("#confirm-hint", Static).update(Text(
                f"⚠ {self.app.key_for('confirm.yes')} is not enough here: press "
                f"{_shifted(self.app.key_for('confirm.yes_strict'))} to send it anyway, or "
                f"{self.app.key_for('confirm.no')} to go back.", "bold"))
        else:
            self.dismiss(True)

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class ChoiceScreen(ModalScreen[str | None]):
    DEFAULT_CSS = DIALOG_CSS.format(name="ChoiceScreen")
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="choice.cancel")]

    def __init__(self, title: str, choices: list[tuple[str, str]], current: str | None = None) -> None:
        super().__init__()
        self.title_text, self.choices, self.current = title, choices, current

    def compose(self):
        with Vertical():
            yield Static(Text(self.title_text), classes="dialog-title")
            options = [Option(Text(label + (" (now)" if value == self.current else "")), id=value)
                       for value, label in self.choices]
            listed = ChoiceList(*options)
            if self.current is not None:
                listed.highlighted = next((i for i, (value, _) in enumerate(self.choices) if value == self.current), 0)
            yield listed
            key = self.app.key_for
            yield Static(Text(f"{key('list.down')}/{key('list.up')} or arrows move · enter chooses · "
                              f"{key('choice.cancel')} cancels", "dim"))
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def on_key(self, event) -> None:
        # A choice may open a prompt ("Custom duration…"): keys typed ahead after it belong there
        # (see SocialApp.on_key). Not the keys that move in the list (j, k): they are no text.
        active = self.app.active_bindings.get(event.key)
        if active is None or active.binding.action not in ("cursor_down", "cursor_up"):
            event.typed_ahead = True

    def action_cancel(self) -> None:
        self.dismiss(None)


class PromptScreen(ModalScreen[str | None]):
    DEFAULT_CSS = DIALOG_CSS.format(name="PromptScreen")
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(self, title: str, placeholder: str = "", value: str = "", help_text: str = "",
                 check: Callable[[str], str | None] | None = None, required: str | None = None) -> None:
        """``check(value)``: what is wrong with it (shown under the field, which keeps the text
        to mend), or None to accept it. ``required``: said the same way when enter is pressed on
        an empty field (which otherwise closes the prompt with ""; esc still cancels)."""
        super().__init__()
        self.title_text, self.placeholder, self.value, self.help_text = title, placeholder, value, help_text
        self.check, self.required = check, required

    def compose(self):
        with Vertical():
            yield Static(Text(self.title_text), classes="dialog-title")
            yield Input(value=self.value, placeholder=self.placeholder)
            yield Static(Text(""), classes="prompt-problem")
            if self.help_text:
                yield Static(Text(self.help_text, "dim"))
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.required and not event.value.strip():
            problem = f"{self.required} (esc cancels)"
        else:
            problem = self.check(event.value) if self.check is not None and event.value.strip() else None
        if problem:
            self.query_one(".prompt-problem", Static).update(Text(f"⚠ {problem}", "bold"))
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class InfoScreen(ModalScreen[None]):
    DEFAULT_CSS = DIALOG_CSS.format(name="InfoScreen") + """
    InfoScreen VerticalScroll { height: auto; max-height: 50vh; }  /* leaves room for title, hint and footer in 80x24 */
    """
    BINDINGS = [Binding("escape,q,enter", "close", "Close", id="info.close"),
                Binding("j,down", "scroll(1)", "Scroll down", show=False, id="info.down"),
                Binding("k,up", "scroll(-1)", "Scroll up", show=False, id="info.up"),
                Binding("space,pagedown", "page(1)", "Page down", show=False, id="info.page_down"),
                Binding("b,pageup", "page(-1)", "Page up", show=False, id="info.page_up"),
                Binding("g,home", "scroll_to(0)", "Top", show=False, id="info.top"),
                Binding("G,end", "scroll_to(1)", "Bottom", show=False, id="info.bottom")]
    HINT = "{info.down} / {info.up} scroll · {info.close} to close"

    def __init__(self, title: str, body) -> None:  # (a Text, or a Rich renderable of Texts: the help's columns)
        super().__init__()
        self.title_text, self.body = title, body

    def compose(self):
        with Vertical():
            yield Static(Text(self.title_text), classes="dialog-title")
            with VerticalScroll():
                yield Static(self.body)
            yield Static(Text(self.hint(), "dim"))
        yield Footer()

    @property
    def body_text(self) -> str:
        """Everything the body says, as plain text (for tests and screen readers)."""
        if isinstance(self.body, Text):
            return self.body.plain
        import io

        from rich.console import Console

        console = Console(width=200, file=io.StringIO(), record=True, color_system=None)
        console.print(self.body)
        return console.export_text()

    def hint(self) -> str:
        """HINT with the keys the user's keymap binds ("{info.close}": "esc", or what it is now)."""
        import re

        key_for = getattr(self.app, "key_for", None)
        if key_for is None:
            return re.sub(r"\{[\w.]+\}", "", self.HINT)
        return re.sub(r"\{([\w.]+)\}", lambda m: key_for(m.group(1), every=m.group(1) == "info.close"), self.HINT)

    def action_scroll(self, lines: int) -> None:
        view = self.query_one(VerticalScroll)
        view.scroll_relative(y=lines, animate=False)

    def action_page(self, pages: int) -> None:
        view = self.query_one(VerticalScroll)
        (view.scroll_page_down if pages > 0 else view.scroll_page_up)(animate=False)

    def action_scroll_to(self, end: int) -> None:
        view = self.query_one(VerticalScroll)
        (view.scroll_end if end else view.scroll_home)(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)


class EvidenceScreen(InfoScreen):
    """A rule's evidence item that is not in the queue (an own post, a DM a hijacker sent): its
    conversation, with the keys that walk on through the evidence (they dismiss with the step)."""

    BINDINGS = [Binding("right_square_bracket", "step(1)", "Next evidence", id="evidence.next"),
                Binding("left_square_bracket", "step(-1)", "Previous evidence", id="evidence.previous")]
    HINT = "{evidence.next} next evidence · {evidence.previous} previous · {info.close} to close"

    def action_step(self, step: int) -> None:
        self.dismiss(step)


MIN_SIZE = (50, 12)  # columns, lines: below it panes and dialogs lose the lines that say what to do


class TooSmallScreen(ModalScreen[None]):
    """Over everything while the terminal is smaller than MIN_SIZE: says so, and the keys go to
    nothing below it (a composer squeezed out of sight went on taking typed text: a modal screen
    has the focus and the bindings). It goes once the terminal is large enough again, and
    everything is where it was."""

    DEFAULT_CSS = """
    TooSmallScreen { background: $background; }
    TooSmallScreen Static { width: 100%; height: 100%; padding: 0 1; text-align: center; content-align: center middle;
                            background: $background; }
    """

    def compose(self):
        yield Static(Text(""), id="too-small")

    def on_mount(self) -> None:
        self._say(self.app.size.width, self.app.size.height)

    def on_resize(self, event) -> None:
        self._say(event.size.width, event.size.height)
        if event.size.width >= MIN_SIZE[0] and event.size.height >= MIN_SIZE[1] and self.is_current:
            self.dismiss(None)  # (once: a second resize event would pop the screen below too)

    def _say(self, width: int, height: int) -> None:
        self.query_one("#too-small", Static).update(Text(
            f"The terminal is {width}x{height}; socialtui needs at least {MIN_SIZE[0]}x{MIN_SIZE[1]}. "
            "Make it larger to go on where you were (nothing is lost), or press ctrl+q to quit."))
