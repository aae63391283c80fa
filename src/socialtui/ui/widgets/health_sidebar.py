"""HealthSidebar: the overall verdict, a 7-day sparkline and every rule with icon, word and figure."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from socialtui.rules.base import CATEGORY_TITLES
from socialtui.rules.report import figure_text, grouped
from socialtui.ui.format import VERDICT_ICON, VERDICT_WORD

VERDICT_STYLE = {"ok": "green", "warn": "yellow", "fail": "bold red", "n/a": "dim"}


class HealthSidebar(Vertical, can_focus=False):
    DEFAULT_CSS = """
    HealthSidebar { width: 50; border-left: solid $panel; background: $surface; }
    HealthSidebar #health-overall { height: auto; padding: 0 1; }
    HealthSidebar Sparkline { height: 2; margin: 0 1; }
    HealthSidebar #health-spark-label { height: 1; padding: 0 1; color: $foreground 60%; }
    HealthSidebar OptionList { height: 1fr; border: none; background: $surface; }
    """
    BINDINGS = [Binding("enter", "explain", "Explain rule", id="health.explain")]

    class RuleChosen(Message):
        def __init__(self, code: str) -> None:
            super().__init__()
            self.code = code

    def compose(self):
        yield Static(Text("Health: evaluating…"), id="health-overall")
        yield Sparkline([0], id="health-spark")
        yield Static(Text("waiting at each day's end, last 7 days"), id="health-spark-label")
        yield OptionList(id="health-rules")

    def show(self, report, spark: list[float]) -> None:
        head = Text()
        head.append(f"Health {VERDICT_ICON[report.overall]} {VERDICT_WORD[report.overall].upper()}",
                    VERDICT_STYLE[report.overall])
        counts = {k: sum(v.verdict == k for v in report.rules) for k in ("fail", "warn", "ok")}
        head.append(f"  {counts['fail']} fail · {counts['warn']} warn · {counts['ok']} ok")
        if report.critical:
            head.append("\nSECURITY ALERT", "bold reverse red")
        self.query_one("#health-overall", Static).update(head)
        self.query_one("#health-spark", Sparkline).data = spark or [0]
        options = self.query_one("#health-rules", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        items: list = []
        for cat, rules in grouped(report):
            items.append(Option(Text(CATEGORY_TITLES[cat], "bold underline"), disabled=True))
            for v in rules:
                line = Text()
                line.append(f"{VERDICT_ICON[v.verdict]} {VERDICT_WORD[v.verdict]:<4} ", VERDICT_STYLE[v.verdict])
                line.append(f"{v.code} {v.name}\n")
                line.append(f"     {figure_text(v)}", "dim")
                items.append(Option(line, id=v.code))
        options.add_options(items)
        if highlighted is not None and highlighted < options.option_count:
            options.highlighted = highlighted

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(self.RuleChosen(event.option.id))

    def focus_rules(self) -> None:
        self.query_one("#health-rules", OptionList).focus()


def summary_line(report) -> Text:
    """The one-line form used when the sidebar is collapsed (narrow terminals)."""
    text = Text()
    text.append(f"Health {VERDICT_ICON[report.overall]} {VERDICT_WORD[report.overall].upper()} ",
                VERDICT_STYLE[report.overall])
    worst = [v for v in report.rules if v.verdict == "fail"] or [v for v in report.rules if v.verdict == "warn"]
    text.append(" ".join(v.code for v in worst[:6]) + (" …" if len(worst) > 6 else ""))
    if report.critical:
        text.append("  SECURITY ALERT", "bold reverse red")
    return text
