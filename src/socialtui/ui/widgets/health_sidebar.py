"""HealthSidebar: the overall verdict, a 7-day sparkline and every rule with icon, word and figure.

The rule list is short (the rulebook's rules), so an OptionList is fine here; the queue
is the only long list and it never uses one.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from socialtui.rules.base import CATEGORY_TITLES
from socialtui.rules.report import figure_text, grouped
from socialtui.ui.format import VERDICT_ICON, VERDICT_STYLE, VERDICT_WORD, hanging, one_line, spark
from socialtui.ui.widgets.choice_list import CursorList


class HealthSidebar(Vertical, can_focus=False):
    """Reports the chosen rule with :class:`RuleChosen`; data comes in through :meth:`show`."""

    DEFAULT_CSS = """
    HealthSidebar { width: 29%; min-width: 34; max-width: 46; border-left: solid $panel; background: $surface; }
    HealthSidebar #health-overall { height: auto; padding: 0 1; }
    HealthSidebar #health-spark { height: auto; padding: 0 1; }
    /* The focus border takes the columns the padding held: Textual measures the options' wrapped
       heights at the width they had, and a border that narrowed the list cut the last line of
       each wrapped figure. */
    HealthSidebar OptionList { height: 1fr; border: none; background: $surface; padding: 0 1;
                               scrollbar-gutter: stable; }
    HealthSidebar OptionList:focus { border: none; border-left: tall $border; border-right: tall $border;
                                     padding: 0; }
    """
    BINDINGS = [Binding("j", "rule_step(1)", "Next rule", show=False, id="health.down"),
                Binding("k", "rule_step(-1)", "Previous rule", show=False, id="health.up"),
                Binding("g", "rule_edge('first')", "First rule", show=False, id="health.top"),
                Binding("G", "rule_edge('last')", "Last rule", show=False, id="health.bottom")]

    def action_rule_step(self, step: int) -> None:
        options = self.query_one("#health-rules", OptionList)
        (options.action_cursor_down if step > 0 else options.action_cursor_up)()

    def action_rule_edge(self, edge: str) -> None:
        options = self.query_one("#health-rules", OptionList)
        (options.action_first if edge == "first" else options.action_last)()

    class RuleChosen(Message):
        def __init__(self, code: str) -> None:
            super().__init__()
            self.code = code

    def compose(self):
        yield Static(Text("Health: evaluating…"), id="health-overall")
        yield Static(Text(""), id="health-spark")
        yield RuleList(id="health-rules")

    def show_progress(self, line: str) -> None:
        """Before the first report: how far its evaluation got."""
        self.query_one("#health-overall", Static).update(Text(f"Health: {line}…"))

    def show(self, report, waiting_per_day: list[float]) -> None:
        self.query_one("#health-overall", Static).update(overall_text(report))
        self.query_one("#health-spark", Static).update(spark_text(waiting_per_day))
        options = self.query_one("#health-rules", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        items: list = []
        for cat, rules in grouped(report):
            items.append(Option(Text(CATEGORY_TITLES[cat], "bold underline"), disabled=True))
            for v in rules:
                verdict = Text(f"{VERDICT_ICON[v.verdict]} {VERDICT_WORD[v.verdict]:<4} ", VERDICT_STYLE[v.verdict])
                head = Text(f"{v.code} {v.name}")
                # n/a says why (too little to judge), as the rule screen does in full
                figure = one_line(v.reason, 42) if v.verdict == "n/a" and v.figure is None and v.reason \
                    else figure_text(v)
                items.append(RuleOption(v.code, verdict, head, Text(figure, "dim")))
        options.add_options(items)
        if highlighted is not None and highlighted < options.option_count:
            options.highlighted = highlighted

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.RuleChosen(event.option.id))

    def focus_rules(self) -> None:
        options = self.query_one("#health-rules", OptionList)
        if options.highlighted is None and options.option_count > 1:
            options.highlighted = 1  # the first rule, after the first category title
        options.focus()


class RuleList(CursorList):
    """The rules. Enter is the list's own key (it selects the rule, which opens it): bound here
    with a description, so the footer says what it does; a binding of the sidebar's is shadowed
    by the list's hidden one and never showed."""

    BINDINGS = [Binding("enter", "select", "Explain rule", id="health.explain")]


class RuleOption(Option):
    """A rule's verdict, code and name, its figure below: a name or figure too long for a slim
    sidebar wraps under itself, not back to the margin (one Text would wrap to the left edge)."""

    def __init__(self, code: str, verdict: Text, head: Text, figure: Text) -> None:
        grid = Table.grid()
        grid.add_column()
        grid.add_row(hanging(verdict, head))
        grid.add_row(hanging(Text(), figure, width=2))
        super().__init__(grid, id=code)
        self.figure = figure


def overall_text(report) -> Text:
    head = Text()
    head.append(f"Health {VERDICT_ICON[report.overall]} {VERDICT_WORD[report.overall].upper()}",
                VERDICT_STYLE[report.overall])
    counts = {k: sum(v.verdict == k for v in report.rules) for k in ("fail", "warn", "ok", "n/a")}
    # (the counts on a line of their own: beside the verdict they wrapped in a slim sidebar)
    head.append(f"\n{counts['fail']} fail · {counts['warn']} warn · {counts['ok']} ok")
    if counts["n/a"]:
        head.append(f" · {counts['n/a']} n/a")
    if report.critical:
        head.append("\n‼ SECURITY ALERT", "bold reverse red")
    return head


def spark_text(values: list[float]) -> Text:
    """Waiting conversations at each of the last days' end, as blocks plus first and last figure."""
    text = Text()
    text.append("Waiting at day's end, 7 days\n", "dim")
    if values:
        text.append(spark(values), "bold")
        text.append(f"  {values[0]:.0f} → {values[-1]:.0f}")
    return text


def summary_line(report, sidebar_key: str, help_key: str) -> Text:
    """The one-line form used when the sidebar is collapsed (narrow terminals)."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"Health {VERDICT_ICON[report.overall]} {VERDICT_WORD[report.overall].upper()}",
                VERDICT_STYLE[report.overall])
    counts = {k: sum(v.verdict == k for v in report.rules) for k in ("fail", "warn")}
    text.append(f" {counts['fail']}✗ {counts['warn']}! ")
    worst = [v for v in report.rules if v.verdict == "fail"] or [v for v in report.rules if v.verdict == "warn"]
    text.append(" ".join(v.code for v in worst[:4]) + (" …" if len(worst) > 4 else ""))
    text.append(f"  {sidebar_key}: open · {help_key}: all keys", "dim")  # (at 80 columns the footer has no room for ?)
    return text
