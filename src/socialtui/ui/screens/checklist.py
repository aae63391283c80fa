"""The security checklist: what to do, now, when a critical security rule fails.

Each step names the evidence it concerns; enter or space ticks a step off. The screen
dismisses with the ticked steps so the main screen can keep them (store meta).
"""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option
from socialtui.ui.format import hanging
from socialtui.ui.widgets.choice_list import ChoiceList


MAX_IDS = 12
CURSOR, NO_CURSOR = "▶ ", "  "  # the highlighted step is marked in text, never by colour alone
MIN_STEP_ROWS = 8  # what the head leaves to the steps on a short screen
# A head too long for that is shown short (the failing rules' names, no reasons) and may then
# leave the steps this little: the rules' reasons are in the health sidebar, the steps only here.
MIN_STEP_ROWS_SHORT = 5
# (step, the rules whose evidence it concerns)
STEPS = [
    ("Revoke every session, connected app and API token you do not recognise.", ("SEC001",)),
    ("Change the account password (and the e-mail account's); turn on two-factor login.", ()),
    ("Post a public warning: which messages were not from you, and not to open their links.",
     ("SEC002", "SEC001")),
    ("Answer every customer who reported it, with thanks.", ("SEC004",)),
    ("Review what was sent while the account was not yours; delete what harms people.",
     ("SEC001", "SEC002", "SEC003")),
]


def step_evidence(report, codes: tuple[str, ...]) -> list[str]:
    """Evidence ids of the failing rules ``codes``, without repeats, in rule order."""
    seen: dict[str, None] = {}
    for code in codes:
        v = report.get(code)
        if v is not None and v.verdict == "fail":
            seen.update(dict.fromkeys(v.evidence))
    return list(seen)


class ChecklistScreen(ModalScreen[frozenset[int]]):
    """Dismisses with the indexes of the ticked steps."""

    DEFAULT_CSS = """
    ChecklistScreen { align: center middle; }
    ChecklistScreen > Vertical { width: 100; max-width: 98%; height: auto; max-height: 95%;
                                 border: thick $error; background: $surface; padding: 0 1; }
    ChecklistScreen #checklist-head { height: auto; max-height: 12; }
    ChecklistScreen OptionList { height: auto; max-height: 24; border: none; }
    """
    BINDINGS = [Binding("escape,q", "close", "Close", id="checklist.close"),
                Binding("space", "toggle", "Tick / untick", id="checklist.toggle")]

    def __init__(self, report, checked: frozenset[int] = frozenset()) -> None:
        super().__init__()
        self.report = report
        self.checked = set(checked)

    def compose(self):
        title = Text("‼ SECURITY ALERT: the account may be compromised", "bold red")
        rows, short = [title], [title]
        for v in self.report.rules:
            if v.critical and v.verdict == "fail":  # (wrapped reasons stay under the reason)
                said = Text(f"FAIL {v.code} {v.name}: ", "bold")
                short.append((Text("  ✗ ", "bold"), Text(f"FAIL {v.code} {v.name}", "bold")))
                said.append(v.reason or v.suggestion or "")
                rows.append((Text("  ✗ ", "bold"), said))
        key = self.app.key_for
        rows.append(Text(f"Hijack reports are pinned at the top of the queue. {key('checklist.toggle')} or enter "
                         f"ticks a step; {key('checklist.close', every=True)} closes.", "dim"))
        self._head, self._short_head, self._short = rows, short, False
        with Vertical():
            with VerticalScroll(id="checklist-head"):
                yield Static(self._head_of(rows), id="checklist-head-text")
            yield ChoiceList(*[Option(self._step_text(i), id=str(i)) for i in range(len(STEPS))])
        yield Footer()  # this window's keys, not the queue's behind it

    def _step_text(self, i: int, cursor: bool = False):
        """The step beside its cursor, box and number; its wrapped lines and evidence under itself."""
        return hanging(*self._step_parts(i, cursor))

    def _step_parts(self, i: int, cursor: bool = False) -> tuple[Text, Text]:
        step, codes = STEPS[i]
        mark = Text()
        mark.append(CURSOR if cursor else NO_CURSOR, "bold")
        mark.append(f"[{'x' if i in self.checked else ' '}] {i + 1}. ", "bold")
        text = Text(step, "strike dim" if i in self.checked else "")
        ids = step_evidence(self.report, codes)
        if ids:
            more = f" (+{len(ids) - MAX_IDS} more)" if len(ids) > MAX_IDS else ""
            text.append(f"\nevidence: {', '.join(ids[:MAX_IDS])}{more}", "dim")
        return mark, text

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Share the dialog's rows between the head and the steps. Auto-height children do not
        shrink, so without this the steps are cut off below the dialog's border on a short
        screen (80x24) and the list neither scrolls nor shows the highlighted step."""
        dialog = self.query_one(Vertical)
        head = self.query_one("#checklist-head", VerticalScroll)
        options = self.query_one(OptionList)
        footer = self.query_one(Footer)
        room = Size(self.size.width, self.size.height - footer.outer_size.height)  # (the footer is docked)
        limit = dialog.styles.max_height
        rows = int(limit.resolve(room, self.app.size)) if limit is not None else room.height
        rows -= dialog.styles.gutter.height
        head_rows = max(3, min(12, rows - MIN_STEP_ROWS))
        width = dialog.content_region.width - head.styles.gutter.width
        lines = self._lines(self._head, width)
        short = lines > head_rows  # it would scroll, and nothing lets the keyboard scroll it
        if short:
            lines = self._lines(self._short_head, width)
            head_rows = max(3, min(lines, rows - MIN_STEP_ROWS_SHORT))
        if short != self._short:
            self._short = short
            self.query_one("#checklist-head-text", Static).update(
                self._head_of(self._short_head if short else self._head))
        head.styles.max_height = head_rows
        head_rows = min(head_rows, lines + head.styles.gutter.height)
        options.styles.max_height = max(3, min(24, rows - head_rows))
        if options.highlighted is not None:
            options.scroll_to_highlight()

    @staticmethod
    def _head_of(rows) -> Group:
        return Group(*(hanging(*row) if isinstance(row, tuple) else row for row in rows))

    def _lines(self, rows, width: int) -> int:
        """How many lines the head's ``rows`` take at ``width`` cells."""
        console = self.app.console
        return len(console.render_lines(self._head_of(rows), console.options.update_width(max(1, width)), pad=False))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        options = event.option_list
        for i in range(len(STEPS)):
            options.replace_option_prompt_at_index(i, self._step_text(i, i == event.option_index))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._toggle(int(event.option.id))

    def action_toggle(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self._toggle(options.highlighted)

    def _toggle(self, i: int) -> None:
        self.checked ^= {i}
        options = self.query_one(OptionList)
        options.replace_option_prompt_at_index(i, self._step_text(i, i == options.highlighted))

    @property
    def body_text(self) -> str:
        """Everything the screen says, as plain text (for tests and screen readers)."""
        lines = ["".join(t.plain for t in row) if isinstance(row, tuple) else row.plain for row in self._head]
        lines += ["".join(t.plain for t in self._step_parts(i)) for i in range(len(STEPS))]
        return "\n".join(lines)

    def action_close(self) -> None:
        self.dismiss(frozenset(self.checked))
