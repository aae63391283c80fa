"""A rule's explanation: docs, figure vs threshold, reason, suggestion and its evidence."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from socialtui.rules.report import doc_sections, figure_text
from socialtui.ui.format import VERDICT_ICON, VERDICT_WORD


class RuleScreen(ModalScreen[int | None]):
    """Dismisses with the index of the evidence item to jump to, or None.

    enter jumps to the highlighted item, n / p to the one after / before the item
    visited last (``visited``); on the main screen ] and [ go on through the list.
    """

    DEFAULT_CSS = """
    RuleScreen { align: center middle; }
    RuleScreen > Vertical { width: 100; max-width: 98%; height: 90%; border: thick $accent; background: $surface;
                            padding: 0 1; }
    RuleScreen VerticalScroll { height: 1fr; }
    RuleScreen OptionList { height: 8; }
    """
    BINDINGS = [Binding("escape,q", "close", "Close", id="rule.close"),
                Binding("enter", "jump", "Jump to evidence", id="rule.jump"),
                Binding("n", "step(1)", "Next evidence", id="rule.next"),
                Binding("p", "step(-1)", "Previous evidence", id="rule.previous")]

    def __init__(self, verdict, visited: int | None = None) -> None:
        super().__init__()
        self.verdict = verdict
        self.visited = visited

    def compose(self):
        from socialtui.rules.registry import get_rule  # here: the app's start does not need the rule modules

        v = self.verdict
        spec = get_rule(v.code)
        body = Text()
        body.append(f"{v.code} {v.name}  {VERDICT_ICON[v.verdict]} {VERDICT_WORD[v.verdict].upper()}\n", "bold")
        body.append(f"Figure: {figure_text(v)}\n")
        if v.reason:
            body.append(f"{v.reason}\n")
        if v.suggestion:
            body.append(f"What to do: {v.suggestion}\n", "bold")
        for k, val in v.details.items():
            body.append(f"{k.replace('_', ' ')}: {detail_text(val)}\n", "dim")
        if spec is not None:
            for title, text in doc_sections(spec.doc).items():
                if text:
                    body.append(f"\n{title}\n", "bold underline")
                    body.append(text + "\n")
        with Vertical():
            with VerticalScroll():
                yield Static(body)
            yield Static(Text(f"Evidence ({len(v.evidence)}), worst first: enter jumps to it in the queue, "
                              "n / p here (] / [ in the queue) to the next / previous one; esc closes", "bold"))
            yield OptionList(*[Option(Text(e)) for e in v.evidence])

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            options.highlighted = min(self.visited or 0, options.option_count - 1)
            options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)

    def action_jump(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.highlighted)

    def action_step(self, delta: int) -> None:
        count = len(self.verdict.evidence)
        if count:
            start = self.visited if self.visited is not None else (-1 if delta > 0 else count)
            self.dismiss((start + delta) % count)

    def action_close(self) -> None:
        self.dismiss(None)


def detail_text(value) -> str:
    """A verdict detail as a person reads it: lists as words, floats without noise."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(detail_text(v) for v in value) or "none"
    if isinstance(value, float):
        return f"{value:,.1f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    if isinstance(value, dict):
        return ", ".join(f"{k} {detail_text(v)}" for k, v in value.items()) or "none"
    return str(value)
