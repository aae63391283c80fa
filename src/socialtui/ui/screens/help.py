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
    # (columns: a description too long for a narrow screen wraps under itself, not under the keys)
    keys = Table.grid(padding=(0, 1))
    keys.add_column(width=17, overflow="fold")
    keys.add_column(ratio=1, min_width=16)  # (below 80 columns the id folds before the description goes)
    keys.add_column(style="dim", overflow="fold")
    for (_action, description), entry in sorted(by_action.items(), key=lambda x: x[0][1].lower()):
        keys.add_row(Text(", ".join(dict.fromkeys(entry["keys"])), "bold" if entry["enabled"] else "dim"),
                     Text(description), Text(f"({entry['id']})"))
    markers = Table.grid(padding=(0, 1))
    markers.add_column(width=7, no_wrap=True, style="bold")
    markers.add_column(ratio=1)
    for mark, meaning in LEGEND:
        markers.add_row(Text(mark), Text(meaning))
    return Group(
        Text("Dimmed keys cannot act right now (for example, no conversation is selected).", "italic"),
        keys,
        Text("\nQueue markers", "bold underline"),
        markers,
        Text("\nRemap keys in the config file, e.g. [keymap] \"queue.down\" = \"j,down,ctrl+n\"\n"
             "ctrl+p opens the command palette with every action.", "dim"),
    )


def help_screen(screen) -> InfoScreen:
    return InfoScreen("Keys", help_text(screen))
