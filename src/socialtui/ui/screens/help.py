"""The ? screen: every live key binding, as the user has (re)mapped it."""

from __future__ import annotations

from rich.text import Text

from socialtui.ui.screens.dialogs import InfoScreen


def help_text(screen) -> Text:
    by_action: dict[tuple[str, str], dict] = {}
    for key, active in screen.active_bindings.items():
        b = active.binding
        if not b.description:
            continue
        entry = by_action.setdefault((b.action, b.description), {"keys": [], "id": b.id, "enabled": active.enabled})
        entry["keys"].append(b.key_display or key)
    out = Text()
    for (action, description), entry in sorted(by_action.items(), key=lambda x: x[0][1].lower()):
        out.append(f"{', '.join(entry['keys']):<18}", "bold" if entry["enabled"] else "dim")
        out.append(description)
        if entry["id"]:
            out.append(f"   ({entry['id']})", "dim")
        out.append("\n")
    out.append("\nRemap keys in the config file, e.g. [keymap] \"queue.down\" = \"j,down,ctrl+n\"\n", "dim")
    out.append("ctrl+p opens the command palette with every action.", "dim")
    return out


def help_screen(screen) -> InfoScreen:
    return InfoScreen("Keys", help_text(screen))
