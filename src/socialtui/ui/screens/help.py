"""The ? screen: every live key binding, as the user has (re)mapped it, and the queue's markers."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from socialtui.ui.format import LEGEND
from socialtui.ui.screens.dialogs import InfoScreen


def help_text(screen) -> Group:
    """The app's bindings active on ``screen`` (focused widget included), grouped by action.
    Textual's own (a scroll view's "Page Left") have no id: they are not the app's keys."""
    by_action: dict[tuple[str, str], dict] = {}
    for key, active in screen.active_bindings.items():
        b = active.binding
        if not b.description or not b.id:
            continue
        entry = by_action.setdefault((b.action, b.description), {"keys": [], "id": b.id, "enabled": active.enabled})
        entry["keys"].append(screen.app.get_key_display(b) or key)
    rows = [(Text(", ".join(dict.fromkeys(entry["keys"])), "bold" if entry["enabled"] else "dim"),
             Text(description), Text(f"({entry['id']})", "dim"))
            for (_action, description), entry in sorted(by_action.items(), key=lambda x: x[0][1].lower())]
    markers = Table.grid(padding=(0, 1))
    markers.add_column(width=7, no_wrap=True, style="bold")
    markers.add_column(ratio=1)
    for mark, meaning in LEGEND:
        markers.add_row(Text(mark), Text(meaning))
    return Group(
        Text("Dimmed keys cannot act right now (for example, no conversation is selected).", "italic"),
        _KeyTable(rows),
        Text("\nQueue markers", "bold underline"),
        markers,
        Text("\nRemap keys in the config file, e.g. [keymap] \"queue.down\" = \"j,down,ctrl+n\"\n"
             "ctrl+p opens the command palette with every action.", "dim"),
    )


def help_screen(screen) -> InfoScreen:
    return InfoScreen("Keys", help_text(screen))


class _KeyTable:
    """Keys, description and binding id in columns as wide as the screen allows: the key column
    as wide as its longest key (at most 17 cells), and on a narrow screen (under 64 cells) each
    id under its description instead of in a column that squeezes the description to a word a line.
    A description too long wraps under itself, not under the keys."""

    NARROW = 64

    def __init__(self, rows: list[tuple[Text, Text, Text]]) -> None:
        self.rows = rows

    def __rich_console__(self, console, options):
        key_width = min(17, max((k.cell_len for k, _d, _i in self.rows), default=1))
        table = Table.grid(padding=(0, 1))
        table.add_column(width=key_width, overflow="fold")
        if options.max_width < self.NARROW:
            table.add_column(ratio=1)
            for key, description, binding in self.rows:
                table.add_row(key, Text.assemble(description, " ", binding))
        else:
            table.add_column(ratio=1, min_width=16)
            table.add_column(overflow="fold")
            for row in self.rows:
                table.add_row(*row)
        yield table
