"""The ? screen: every live key binding, as the user has (re)mapped it, and the queue's markers."""

from __future__ import annotations

from rich.text import Text

from socialtui.ui.format import LEGEND
from socialtui.ui.screens.dialogs import InfoScreen


def help_text(screen) -> Text:
    """The app's bindings active on ``screen`` (focused widget included), grouped by action.
    Textual's own (a scroll view's "Page Left") have no id: they are not the app's keys."""
    by_action: dict[tuple[str, str], dict] = {}
    for key, active in screen.active_bindings.items():
        b = active.binding
        if not b.description or not b.id:
            continue
        entry = by_action.setdefault((b.action, b.description), {"keys": [], "id": b.id, "enabled": active.enabled})
        entry["keys"].append(screen.app.get_key_display(b) or key)
    out = Text()
    out.append("Dimmed keys cannot act right now (for example, no conversation is selected).\n", "italic")
    for (_action, description), entry in sorted(by_action.items(), key=lambda x: x[0][1].lower()):
        out.append(f"{', '.join(dict.fromkeys(entry['keys'])):<18}", "bold" if entry["enabled"] else "dim")
        out.append(description)
        if entry["id"]:
            out.append(f"   ({entry['id']})", "dim")
        out.append("\n")
    out.append("\nQueue markers\n", "bold underline")
    for mark, meaning in LEGEND:
        out.append(f"{mark:<8}", "bold")
        out.append(meaning + "\n")
    out.append("\nRemap keys in the config file, e.g. [keymap] \"queue.down\" = \"j,down,ctrl+n\"\n", "dim")
    out.append("ctrl+p opens the command palette with every action.", "dim")
    return out


def help_screen(screen) -> InfoScreen:
    return InfoScreen("Keys", help_text(screen))
