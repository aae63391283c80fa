"""Command palette: every action of the main screen, searchable by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.binding import Binding

COMMANDS = [
    ("Reply to the selected conversation", "reply"),
    ("New top-level post", "compose"),
    ("Mark done", "done"),
    ("Mark done: every listed conversation that only says thanks (thx)", "done_thanks"),
    ("Reopen the conversation", "reopen"),
    ("Snooze…", "snooze"),
    ("Escalate…", "escalate"),
    ("Assign / claim…", "assign"),
    ("Add an internal note…", "note"),
    ("Tag…", "tag"),
    ("Undo the last action", "undo"),
    ("Why is this conversation here?", "why"),
    ("Search text and handles…", "search"),
    ("Choose a saved view…", "choose_view"),
    ("View: all conversations", "view('all')"),
    ("View: waiting", "view('waiting')"),
    ("View: past the SLA", "view('past-sla')"),
    ("View: assigned to me", "view('mine')"),
    ("View: escalated", "view('escalated')"),
    ("View: direct messages", "view('dm')"),
    ("Filter by language (cycle)", "cycle_language"),
    ("Toggle the health sidebar", "toggle_sidebar"),
    ("Browse health rules", "focus_health"),
    ("Next evidence item", "evidence(1)"),
    ("Previous evidence item", "evidence(-1)"),
    ("Security checklist", "alarm"),
    ("Show keys (help)", "help"),
    ("Quit (the draft is kept)", "app.quit"),
]


class SocialCommands(Provider):
    async def discover(self) -> Hits:
        keys = self._keys()
        for title, action in COMMANDS:
            yield DiscoveryHit(title, partial(self._run, action), help=keys.get(action))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        keys = self._keys()
        for title, action in COMMANDS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self._run, action), help=keys.get(action))
        screen = self.screen
        ws = getattr(screen, "ws", None)
        report = getattr(screen, "report", None) if ws is not None else None
        if report is not None:
            for v in report.rules:
                title = f"Explain rule {v.code} {v.name} ({v.verdict})"
                score = matcher.match(title)
                if score > 0:
                    yield Hit(score, matcher.highlight(title), partial(screen.show_rule, v.code))

    def _keys(self) -> dict[str, str]:
        """Action -> "key: r" for the keys bound to it where the palette was opened (remapped
        keys included), so the palette teaches the shortcut."""
        found: dict[str, list[str]] = {}
        for key, active in self.screen.active_bindings.items():
            # as the footer shows it: "/" and "^s", not Textual's names "slash" and "ctrl+s"
            shown = active.binding.key_display or self.app.get_key_display(Binding(key, "")) or key
            found.setdefault(active.binding.action, []).append(shown)
        return {action: "key: " + ", ".join(dict.fromkeys(keys)) for action, keys in found.items()}

    async def _run(self, action: str) -> None:
        screen = self.screen
        why = getattr(screen, "why_not", lambda _action: None)(action)
        if why:  # (a refused action would close the palette and do nothing, without a word)
            screen.notify(why, markup=False)
            return
        await screen.run_action(action)
